/*
** detect.h: the detectors, as pure functions over assertions.
**
** The store (scan) and the in-memory diff (rules diff) both call these,
** so a reversal or a contradiction means the same thing everywhere.
**
** Semantics, for a detector D on topic T with window W:
**   - Each assertion a that D's filters accept is paired with candidates
**     c (same topic, also accepted) of the opposite stance whose date
**     intervals lie within W of a's: the gap between the two intervals
**     (0 when they overlap) is at most W.
**   - reversal: c has the same speaker as a.  a is paired with the
**     nearest such c before it and the nearest after it (by earliest
**     instant, then statement id), so every flip is one finding, not
**     every pair of a flip-flopper's statements.
**   - contradiction: c has another speaker; both sides are known and
**     differ (a side may be a list, "US,EU": two lists differ when they
**     share no side), and when D lists sides both are among them.  a is paired
**     with the nearest such c of each other speaker.
**   - order: the pair is reported earlier-first; it is certain when the
**     earlier interval ends before the later begins, else uncertain.
** Filters: people (resolved to person ids by the caller), sides, modes
** (direct/reported) and from/to dates (the statement's interval must
** meet [from, to]).
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

/* Called for each pair: earlier and later in time order, order_certain
** 0 when their intervals overlap.  Return non-zero to stop. */
typedef int (*tr_pair_cb)(void *ctx, const tr_det_filter *f, const tr_arec *earlier,
                          const tr_arec *later, int order_certain);

/* Pairs assertion a with the candidates cands[0..n) (same topic; they may
** include a itself and assertions the filters reject) as the detector's
** kind says, calling cb for each pair.  Returns the number of pairs, or
** -1 when cb stopped or memory ran out. */
long tr_detect_for(const tr_det_filter *f, const tr_arec *a, const tr_arec *cands, size_t n,
                   tr_pair_cb cb, void *ctx);

/* The lowest and highest earliest-instant a candidate for a can have
** (for a window query over an index on the earliest instant), given the
** widest interval span in the store. */
void tr_detect_window(const tr_det_filter *f, const tr_arec *a, int64_t max_span, int64_t *lo,
                      int64_t *hi);

/* A finding's stable id: "r-" or "c-" and 12 hex digits of SHA-256 over
** the detector id and the statement ids in time order.  buf: 16 bytes. */
void tr_finding_id(tr_det_kind kind, const char *detector_id, int64_t earlier_statement,
                   int64_t later_statement, char *buf);

#endif
