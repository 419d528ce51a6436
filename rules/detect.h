/*
** detect.h: the detectors, as pure functions over assertions: findings
** as episodes.  The scan (over the store) and the rules diff (in memory)
** both reach them through one driver (scan/driver.c), so a reversal or a
** dispute means the same thing everywhere.
**
** Semantics, for a detector D on topic T with window W (docs/rules.md):
**   - Only the assertions D's filters accept count (people, sides, modes,
**     from/to), in time order: by earliest instant, then statement id.
**   - reversal: one speaker's assertions form runs of one stance.  A run
**     of fewer than D's support statements (default 1) is not a position:
**     it is skipped and the runs around it meet.  Each change from one
**     run to the next is one finding when the last statement before the
**     change and the first after it (the deciding pair) lie within W of
**     each other (the gap between their date intervals; 0 when they
**     overlap).  The finding carries both runs (stance, count, first and
**     last statement).  Its id hashes the detector and the deciding pair,
**     so it keeps its id as the runs grow.
**   - contradiction: a dispute is what the statements of two sides say
**     against each other: the affirming statements of side A and the
**     denying statements of side B (the sides known and different; lists
**     such as "US,EU" differ when they share no side; with D's sides both
**     are among them) by different speakers, linked when they lie within W
**     of each other, and every statement linked so, directly or through
**     others, belongs to the same dispute.  Each side needs D's support
**     statements.  The deciding pair is the nearest opposing pair (the
**     smallest gap, then the earliest).  Its id hashes the detector, the
**     two sides and the dispute's first statement, so it keeps its id as
**     the dispute grows.
**   - order: the deciding pair is reported earlier-first; it is certain
**     when the earlier interval ends before the later begins.
*/
#ifndef TR_DETECT_H
#define TR_DETECT_H

#include <stddef.h>
#include <stdint.h>

#include "rules.h"

/* One assertion as the detectors see it.  Strings are borrowed. */
typedef struct tr_arec {
    int64_t id;           /* the assertion's id (a row id, or an index) */
    int64_t statement_id;
    int64_t person_id;
    const char *side;     /* the statement's side, else the person's; NULL if unknown */
    unsigned mode;        /* TR_MODE_DIRECT or TR_MODE_REPORTED */
    int64_t lo, hi;       /* the statement's date interval */
    tr_stance stance;
} tr_arec;

/* A detector with its filters resolved by the caller. */
typedef struct tr_det_filter {
    const tr_detector *d;
    const int64_t *people; /* person ids of d->people (may hold fewer: unknown names) */
    size_t npeople;
    int64_t from_lo, to_hi; /* d->from / d->to bounds; INT64_MIN / INT64_MAX when absent */
} tr_det_filter;

/* Fills f for detector d: from/to parsed, people left for the caller
** (f->people NULL, f->npeople 0).  TR_ECONFIG when a date is bad. */
tr_status tr_det_filter_init(tr_det_filter *f, const tr_detector *d, tr_err *err);

/* 1 when the detector's filters accept assertion a. */
int tr_det_accepts(const tr_det_filter *f, const tr_arec *a);

/* A run of one stance: a side of a reversal, or a side of a dispute. */
typedef struct tr_run_info {
    tr_stance stance;
    size_t count;                 /* its statements */
    const tr_arec *first, *last;  /* in time order */
} tr_run_info;

/* One finding.  Everything it points at is borrowed for the callback. */
typedef struct tr_episode {
    tr_det_kind kind;
    const tr_det_filter *f;
    char id[20];                  /* "r-" or "c-" and 12 hex digits */
    const tr_arec *deciding[2];   /* the deciding pair, earlier first */
    int order_certain;
    tr_run_info runs[2];          /* reversal: before and after the change; dispute: the
                                     affirming side and the denying side */
    const char *sides[2];         /* dispute: the affirming side and the denying side */
    int64_t person_id;            /* reversal: the speaker; dispute: 0 */
    const tr_arec *const *members; /* dispute: every statement, in time order; reversal: the pair */
    size_t nmembers;
} tr_episode;

/* Called for each finding; return non-zero to stop. */
typedef int (*tr_episode_cb)(void *ctx, const tr_episode *e);

/* Orders assertions by earliest instant, then statement id (the time
** order of the detectors), for qsort. */
int tr_arec_cmp(const void *a, const void *b);

/* The reversals of one speaker: seq[0..n) are that person's assertions on
** the detector's topic in time order (tr_arec_cmp), those the filters
** reject included.  Calls cb for each episode.  Returns the number of
** episodes, or -1 when cb stopped. */
long tr_detect_reversals(const tr_det_filter *f, const tr_arec *seq, size_t n, tr_episode_cb cb,
                         void *ctx);

/* The disputes on the detector's topic among seq[0..n) (every speaker, in
** time order).  Calls cb for each dispute.  Returns the number, or -1
** when cb stopped or memory ran out (*oom set then). */
long tr_detect_disputes(const tr_det_filter *f, const tr_arec *seq, size_t n, tr_episode_cb cb,
                        void *ctx, int *oom);

/* The gap between two assertions' date intervals (0 when they overlap). */
int64_t tr_arec_gap(const tr_arec *a, const tr_arec *b);

/* A reversal's stable id: "r-" and 12 hex digits of SHA-256 over the
** detector id and the deciding pair's statement ids.  buf: 16 bytes. */
void tr_finding_id(tr_det_kind kind, const char *detector_id, int64_t earlier_statement,
                   int64_t later_statement, char *buf);

/* A dispute's stable id: "c-" and 12 hex digits of SHA-256 over the
** detector id, the affirming and the denying side, and the dispute's
** first statement.  buf: 16 bytes. */
void tr_dispute_id(const char *detector_id, const char *affirm_side, const char *deny_side,
                   int64_t first_statement, char *buf);

#endif
