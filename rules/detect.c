/*
** detect.c: reversal and contradiction pairing (see detect.h for the
** semantics).  No I/O, no allocation but a small per-call table.
*/
#include "detect.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "date.h"
#include "sha256.h"

/* Fills f for detector d; see detect.h. */
tr_status tr_det_filter_init(tr_det_filter *f, const tr_detector *d, tr_err *err)
{
    tr_date x;
    memset(f, 0, sizeof *f);
    f->d = d;
    f->from_lo = INT64_MIN;
    f->to_hi = INT64_MAX;
    if (d->from) {
        if (tr_date_parse(d->from, NULL, &x, err))
            return tr_errf(err, TR_ECONFIG, "detector %s: from: %s", d->id, err->msg);
        f->from_lo = x.lo;
    }
    if (d->to) {
        if (tr_date_parse(d->to, NULL, &x, err))
            return tr_errf(err, TR_ECONFIG, "detector %s: to: %s", d->id, err->msg);
        f->to_hi = x.hi;
    }
    return TR_OK;
}

/* 1 when the side list s ("US" or "US,EU") holds the side named by
** word[0..n) (case-insensitive). */
static int side_has(const char *s, const char *word, size_t n)
{
    while (s && *s) {
        size_t k = strcspn(s, ",");
        if (k == n && !strncasecmp(s, word, n))
            return 1;
        s += k;
        s += *s == ',';
    }
    return 0;
}

/* 1 when side s (a side or a comma-separated list of sides) names one
** of the detector's sides. */
static int side_listed(const tr_detector *d, const char *s)
{
    if (!s)
        return 0;
    for (size_t i = 0; i < d->sides.n; i++)
        if (side_has(s, d->sides.v[i], strlen(d->sides.v[i])))
            return 1;
    return 0;
}

/* 1 when sides a and b (each one or a comma-separated list) share one. */
static int sides_meet(const char *a, const char *b)
{
    while (*a) {
        size_t k = strcspn(a, ",");
        if (side_has(b, a, k))
            return 1;
        a += k;
        a += *a == ',';
    }
    return 0;
}

/* 1 when the detector's filters accept assertion a. */
int tr_det_accepts(const tr_det_filter *f, const tr_arec *a)
{
    const tr_detector *d = f->d;
    if (d->modes && !(d->modes & a->mode))
        return 0;
    if (a->hi < f->from_lo || a->lo > f->to_hi)
        return 0;
    if (d->people.n) {
        size_t i = 0;
        while (i < f->npeople && f->people[i] != a->person_id)
            i++;
        if (i == f->npeople)
            return 0;
    }
    if (d->sides.n && !side_listed(d, a->side))
        return 0;
    return 1;
}

/* The gap between two intervals, 0 when they overlap. */
static int64_t gap(const tr_arec *a, const tr_arec *b)
{
    if (a->hi < b->lo)
        return b->lo - a->hi;
    if (b->hi < a->lo)
        return a->lo - b->hi;
    return 0;
}

/* 1 when x sorts before y in time (earliest instant, then statement id). */
static int before(const tr_arec *x, const tr_arec *y)
{
    return x->lo < y->lo || (x->lo == y->lo && x->statement_id < y->statement_id);
}

/* 1 when c is nearer to a than best (NULL best: always). */
static int nearer(const tr_arec *a, const tr_arec *c, const tr_arec *best)
{
    if (!best)
        return 1;
    int64_t gc = gap(a, c), gb = gap(a, best);
    if (gc != gb)
        return gc < gb;
    int64_t dc = c->lo > a->lo ? c->lo - a->lo : a->lo - c->lo;
    int64_t db = best->lo > a->lo ? best->lo - a->lo : a->lo - best->lo;
    if (dc != db)
        return dc < db;
    return c->statement_id < best->statement_id;
}

/* Calls cb with a and c in time order. */
static int emit(const tr_det_filter *f, const tr_arec *a, const tr_arec *c, tr_pair_cb cb,
                void *ctx)
{
    const tr_arec *e = before(a, c) ? a : c, *l = e == a ? c : a;
    return cb(ctx, f, e, l, e->hi < l->lo);
}

/* 1 when c can pair with a at all: opposite stance, other assertion,
** accepted, within the window. */
static int candidate(const tr_det_filter *f, const tr_arec *a, const tr_arec *c)
{
    return c->stance != a->stance && c->statement_id != a->statement_id &&
           c->stance != TR_STANCE_NONE && gap(a, c) <= f->d->window && tr_det_accepts(f, c);
}

/* Pairs a with its nearest opposite-stance statements of the same speaker. */
static long reversal(const tr_det_filter *f, const tr_arec *a, const tr_arec *cands, size_t n,
                     tr_pair_cb cb, void *ctx)
{
    const tr_arec *prev = NULL, *next = NULL;
    for (size_t i = 0; i < n; i++) {
        const tr_arec *c = &cands[i];
        if (c->person_id != a->person_id || !candidate(f, a, c))
            continue;
        if (before(c, a)) {
            if (nearer(a, c, prev))
                prev = c;
        } else if (nearer(a, c, next)) {
            next = c;
        }
    }
    long k = 0;
    if (prev && ++k && emit(f, a, prev, cb, ctx))
        return -1;
    if (next && ++k && emit(f, a, next, cb, ctx))
        return -1;
    return k;
}

/* Pairs a with the nearest opposite-stance statement of each speaker on
** another side. */
static long contradiction(const tr_det_filter *f, const tr_arec *a, const tr_arec *cands,
                          size_t n, tr_pair_cb cb, void *ctx)
{
    if (!a->side)
        return 0;
    const tr_arec **best = NULL;
    size_t nbest = 0, cap = 0;
    for (size_t i = 0; i < n; i++) {
        const tr_arec *c = &cands[i];
        if (c->person_id == a->person_id || !c->side || sides_meet(c->side, a->side) ||
            !candidate(f, a, c))
            continue;
        size_t k = 0;
        while (k < nbest && best[k]->person_id != c->person_id)
            k++;
        if (k == nbest) {
            if (nbest == cap) {
                cap = cap ? 2 * cap : 8;
                const tr_arec **nb = realloc(best, cap * sizeof *nb);
                if (!nb) {
                    free(best);
                    return -1;
                }
                best = nb;
            }
            best[nbest++] = c;
        } else if (nearer(a, c, best[k])) {
            best[k] = c;
        }
    }
    long k = 0;
    for (size_t i = 0; i < nbest; i++, k++)
        if (emit(f, a, best[i], cb, ctx)) {
            k = -1;
            break;
        }
    free(best);
    return k;
}

/* Pairs a with the candidates as the detector's kind says. */
long tr_detect_for(const tr_det_filter *f, const tr_arec *a, const tr_arec *cands, size_t n,
                   tr_pair_cb cb, void *ctx)
{
    if (a->stance == TR_STANCE_NONE || !tr_det_accepts(f, a))
        return 0;
    if (f->d->kind == TR_DET_REVERSAL)
        return reversal(f, a, cands, n, cb, ctx);
    return contradiction(f, a, cands, n, cb, ctx);
}

/* The range of earliest instants a candidate for a can have. */
void tr_detect_window(const tr_det_filter *f, const tr_arec *a, int64_t max_span, int64_t *lo,
                      int64_t *hi)
{
    int64_t w = f->d->window;
    *lo = a->lo - w - max_span;
    *hi = a->hi + w;
}

/* A finding's stable id. */
void tr_finding_id(tr_det_kind kind, const char *detector_id, int64_t earlier_statement,
                   int64_t later_statement, char *buf)
{
    char head[64];
    unsigned char h[32];
    tr_sha256_ctx c;
    tr_sha256_init(&c);
    tr_sha256_update(&c, detector_id, strlen(detector_id) + 1);
    snprintf(head, sizeof head, "%" PRId64 "\x1f%" PRId64, earlier_statement, later_statement);
    tr_sha256_update(&c, head, strlen(head));
    tr_sha256_final(&c, h);
    buf[0] = kind == TR_DET_REVERSAL ? 'r' : 'c';
    buf[1] = '-';
    tr_hex(h, 6, buf + 2);
}
