/*
** scan.h: the work of `tracker scan` and `tracker rules diff`, over the
** store: classify what is new, detect through the one driver
** (scan/driver.h), record findings as episodes; and the same detection
** over the whole store in memory, under two rule sets, for a diff.
*/
#ifndef TR_SCAN_H
#define TR_SCAN_H

#include <stdint.h>

#include "db.h"
#include "detect.h"
#include "driver.h"
#include "rules.h"

typedef struct scan_stats {
    long long classified;   /* statements classified in this run */
    long long assertions;   /* assertions they gave */
    long long limits;       /* pattern matches stopped at a PCRE2 limit */
    long long new_findings; /* findings first seen in this run */
    long long findings;     /* findings seen in this run (new or not) */
    long long retired;      /* findings a recomputation no longer found */
    int reset;              /* the rule set changed: everything was reclassified */
} scan_stats;

/* Called for each pattern that hit a limit, with the statement's id. */
typedef void (*scan_limit_cb)(void *ctx, int64_t statement_id, const tr_limit_event *ev);

/* Resolves the detectors' people filters to person ids.  *filters is an
** array of tr_ruleset_ndetectors(rs) entries owned by the caller (free
** with scan_filters_free). */
tr_status scan_filters(tr_db *db, const tr_ruleset *rs, tr_det_filter **filters, tr_err *err);
void scan_filters_free(tr_det_filter *filters, size_t n);

/* Classifies every statement not yet classified under rs, runs the
** detectors over what the new assertions change, and records the findings
** under run (new ones, ones seen again, ones retired).  Runs inside the
** caller's transaction. */
tr_status scan_store(tr_db *db, const tr_ruleset *rs, int64_t run, scan_limit_cb on_limit,
                     void *ctx, scan_stats *stats, tr_err *err);

/* One recorded scan, as `tracker scan` runs it, in its own transaction:
** a run of kind "scan" under rs's hash is started (*run its id),
** scan_store fills *stats, and the run is finished with them (JSON:
** classified, assertions, limits, new_findings, findings, retired,
** reclassified).  On failure nothing of it is kept. */
tr_status scan_run(tr_db *db, const tr_ruleset *rs, scan_limit_cb on_limit, void *ctx,
                   int64_t *run, scan_stats *stats, tr_err *err);

/* Fills an arec from an assertion row (side borrowed). */
void scan_arec(const tr_assertion_row *a, tr_arec *r);

/* One finding of a diff: what identifies it. */
typedef struct scan_found {
    char id[20];
    const tr_detector *d;   /* owned by the rule set */
    int64_t deciding[2];    /* statement ids, earlier first */
    size_t nmembers;        /* statements it holds */
    int order_certain;
} scan_found;

typedef struct scan_found_set {
    scan_found *v;
    size_t n, cap;
} scan_found_set;

/* The findings each of two rule sets finds over the whole store, without
** writing anything: out[0] for old, out[1] for new, each sorted by id.
** Free each with scan_found_set_free. */
tr_status scan_diff(tr_db *db, const tr_ruleset *old, const tr_ruleset *nw, scan_found_set out[2],
                    tr_err *err);
void scan_found_set_free(scan_found_set *s);

/* What a diff changed: calls cb for each finding only one of the sets of
** scan_diff holds, in id order: added 1 for one of the new rule set's
** alone, 0 for one of the old's alone (a non-zero return stops the walk:
** TR_EIO, err as the callback left it).  *added, *removed and *unchanged
** (findings both hold) count them. */
tr_status scan_diff_each(const scan_found_set fs[2],
                         int (*cb)(void *ctx, const scan_found *x, int added), void *ctx,
                         size_t *added, size_t *removed, size_t *unchanged);

#endif
