/*
** scan.h: classify what is new, detect, record findings: the work of
** 'tracker scan', over the store.  The pairing itself is rules/detect.c.
*/
#ifndef TR_SCAN_H
#define TR_SCAN_H

#include <stdint.h>

#include "db.h"
#include "detect.h"
#include "rules.h"

typedef struct scan_stats {
    long long classified;   /* statements classified in this run */
    long long assertions;   /* assertions they gave */
    long long limits;       /* pattern matches stopped at a PCRE2 limit */
    long long new_findings; /* findings first seen in this run */
    long long findings;     /* findings seen in this run (new or not) */
    int reset;              /* the rule set changed: everything was reclassified */
} scan_stats;

/* Called for each pattern that hit a limit, with the statement's id. */
typedef void (*scan_limit_cb)(void *ctx, int64_t statement_id, const tr_limit_event *ev);

/* Resolves the detectors' people filters to person ids.  *filters is an
** array of tr_ruleset_ndetectors(rs) entries owned by the caller (free
** with scan_filters_free). */
tr_status scan_filters(tr_db *db, const tr_ruleset *rs, tr_det_filter **filters, tr_err *err);
void scan_filters_free(tr_det_filter *filters, size_t n);

/* Classifies every statement not yet classified under rs, detects the
** findings the new assertions take part in, and records them under run.
** Runs inside the caller's transaction. */
tr_status scan_store(tr_db *db, const tr_ruleset *rs, int64_t run, scan_limit_cb on_limit,
                     void *ctx, scan_stats *stats, tr_err *err);

/* Fills an arec from an assertion row. */
void scan_arec(const tr_assertion_row *a, tr_arec *r);

#endif
