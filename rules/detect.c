/*
** detect.c: reversals as changes between runs, contradictions as disputes
** (see detect.h for the semantics).  No I/O; the only allocation is a
** dispute's working tables, freed before returning.
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
    if (a->stance == TR_STANCE_NONE)
        return 0;
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
int64_t tr_arec_gap(const tr_arec *a, const tr_arec *b)
{
    if (a->hi < b->lo)
        return b->lo - a->hi;
    if (b->hi < a->lo)
        return a->lo - b->hi;
    return 0;
}

/* Orders by earliest instant, then statement id. */
int tr_arec_cmp(const void *x, const void *y)
{
    const tr_arec *a = x, *b = y;
    if (a->lo != b->lo)
        return a->lo < b->lo ? -1 : 1;
    return (a->statement_id > b->statement_id) - (a->statement_id < b->statement_id);
}

/* Fills the deciding pair of e from a and b (a before b in time order). */
static void decide(tr_episode *e, const tr_arec *a, const tr_arec *b)
{
    if (tr_arec_cmp(a, b) > 0) {
        const tr_arec *t = a;
        a = b;
        b = t;
    }
    e->deciding[0] = a;
    e->deciding[1] = b;
    e->order_certain = a->hi < b->lo;
}

/* ---- reversals -------------------------------------------------------- */

/* A run over the accepted assertions: [first, last] indexes into seq. */
typedef struct run {
    tr_stance stance;
    size_t count, first, last;
} run;

/* The next run of accepted assertions at or after *i in seq (with at
** least `support` statements when skip is set); 0 when there is none. */
static int next_run(const tr_det_filter *f, const tr_arec *seq, size_t n, size_t *i, unsigned support,
                    run *r)
{
    for (;;) {
        while (*i < n && !tr_det_accepts(f, &seq[*i]))
            (*i)++;
        if (*i >= n)
            return 0;
        *r = (run){seq[*i].stance, 1, *i, *i};
        size_t j = *i + 1;
        for (; j < n; j++) {
            if (!tr_det_accepts(f, &seq[j]))
                continue;
            if (seq[j].stance != r->stance)
                break;
            r->count++;
            r->last = j;
        }
        *i = j;
        if (r->count >= support)
            return 1;
    }
}

/* The reversals of one speaker; see detect.h. */
long tr_detect_reversals(const tr_det_filter *f, const tr_arec *seq, size_t n, tr_episode_cb cb,
                         void *ctx)
{
    unsigned support = f->d->support ? f->d->support : 1;
    size_t i = 0;
    run cur, nx;
    long k = 0;
    if (!next_run(f, seq, n, &i, support, &cur))
        return 0;
    while (next_run(f, seq, n, &i, support, &nx)) {
        if (nx.stance == cur.stance) { /* a short run between was skipped: they meet */
            cur.count += nx.count;
            cur.last = nx.last;
            continue;
        }
        const tr_arec *p = &seq[cur.last], *q = &seq[nx.first];
        if (tr_arec_gap(p, q) <= f->d->window) {
            tr_episode e;
            memset(&e, 0, sizeof e);
            e.kind = TR_DET_REVERSAL;
            e.f = f;
            decide(&e, p, q);
            e.runs[0] = (tr_run_info){cur.stance, cur.count, &seq[cur.first], p};
            e.runs[1] = (tr_run_info){nx.stance, nx.count, q, &seq[nx.last]};
            e.person_id = p->person_id;
            e.members = e.deciding;
            e.nmembers = 2;
            tr_finding_id(TR_DET_REVERSAL, f->d->id, e.deciding[0]->statement_id,
                          e.deciding[1]->statement_id, e.id);
            k++;
            if (cb(ctx, &e))
                return -1;
        }
        cur = nx;
    }
    return k;
}

/* ---- disputes --------------------------------------------------------- */

/* The root of x in the union-find table up. */
static size_t find_root(size_t *up, size_t x)
{
    while (up[x] != x) {
        up[x] = up[up[x]];
        x = up[x];
    }
    return x;
}

/* 1 when statements a (affirming) and d (denying) oppose each other. */
static int opposes(const tr_det_filter *f, const tr_arec *a, const tr_arec *d)
{
    return a->person_id != d->person_id && !sides_meet(a->side, d->side) &&
           tr_arec_gap(a, d) <= f->d->window;
}

/* The working tables of disputes_of, m entries each (owned by
** tr_detect_disputes). */
struct dwork {
    size_t *up;           /* union-find parent */
    size_t *next;         /* next member of the same dispute, or m */
    size_t *tail;         /* a root's last member so far */
    unsigned char *in;    /* 1 when the statement opposes someone */
    const tr_arec **list; /* one dispute's members, time order */
};

/* The nearest opposing pair among the nm members of one dispute (time
** order): smallest gap, then the earliest affirming statement, then the
** earliest denying one.  span is the widest date interval among them. */
static void nearest_pair(const tr_det_filter *f, const tr_arec *const *list, size_t nm, int64_t span,
                         const tr_arec **ba, const tr_arec **bd)
{
    int64_t w = f->d->window, best = INT64_MAX;
    size_t lo = 0;
    *ba = *bd = NULL;
    for (size_t i = 0; i < nm; i++) {
        const tr_arec *a = list[i];
        if (a->stance != TR_STANCE_AFFIRM)
            continue;
        while (lo < nm && list[lo]->lo < a->lo - w - span)
            lo++;
        for (size_t j = lo; j < nm && list[j]->lo <= a->hi + w; j++) {
            if (list[j]->stance != TR_STANCE_DENY || !opposes(f, a, list[j]))
                continue;
            int64_t g = tr_arec_gap(a, list[j]);
            if (g < best) {
                best = g;
                *ba = a;
                *bd = list[j];
            }
        }
    }
}

/* Emits the disputes between affirming side A and denying side B among
** the accepted statements idx[0..m) of seq (time order), in the order of
** their earliest statements.  Linear in m but for the pairs within the
** window of each other.  Returns the count, or -1. */
static long disputes_of(const tr_det_filter *f, const tr_arec *seq, const size_t *idx, size_t m,
                        const char *A, const char *B, struct dwork *wk, tr_episode_cb cb, void *ctx)
{
    int64_t w = f->d->window, span = 0;
    for (size_t x = 0; x < m; x++) {
        wk->up[x] = x;
        wk->in[x] = 0;
        const tr_arec *r = &seq[idx[x]];
        if (r->hi - r->lo > span)
            span = r->hi - r->lo;
    }
    /* link each affirming statement of A with the denying ones of B near it */
    size_t lo = 0;
    for (size_t x = 0; x < m; x++) {
        const tr_arec *a = &seq[idx[x]];
        if (a->stance != TR_STANCE_AFFIRM || strcmp(a->side, A))
            continue;
        while (lo < m && seq[idx[lo]].lo < a->lo - w - span)
            lo++;
        for (size_t y = lo; y < m && seq[idx[y]].lo <= a->hi + w; y++) {
            const tr_arec *d = &seq[idx[y]];
            if (d->stance != TR_STANCE_DENY || strcmp(d->side, B) || !opposes(f, a, d))
                continue;
            wk->in[x] = wk->in[y] = 1;
            size_t rx = find_root(wk->up, x), ry = find_root(wk->up, y);
            if (rx != ry)
                wk->up[rx > ry ? rx : ry] = rx < ry ? rx : ry; /* the root is the earliest */
        }
    }
    /* chain each dispute's members behind its root, in time order */
    for (size_t x = 0; x < m; x++) {
        wk->next[x] = m;
        if (!wk->in[x])
            continue;
        size_t r = find_root(wk->up, x);
        if (r != x)
            wk->next[wk->tail[r]] = x;
        wk->tail[r] = x;
    }
    unsigned support = f->d->support ? f->d->support : 1;
    long k = 0;
    for (size_t root = 0; root < m; root++) {
        if (!wk->in[root] || wk->up[root] != root)
            continue;
        tr_episode e;
        memset(&e, 0, sizeof e);
        e.kind = TR_DET_CONTRADICTION;
        e.f = f;
        e.sides[0] = A;
        e.sides[1] = B;
        e.runs[0].stance = TR_STANCE_AFFIRM;
        e.runs[1].stance = TR_STANCE_DENY;
        size_t nm = 0;
        for (size_t x = root; x < m; x = wk->next[x]) {
            const tr_arec *r = &seq[idx[x]];
            tr_run_info *side = &e.runs[r->stance == TR_STANCE_AFFIRM ? 0 : 1];
            if (!side->first)
                side->first = r;
            side->last = r;
            side->count++;
            wk->list[nm++] = r;
        }
        if (e.runs[0].count < support || e.runs[1].count < support)
            continue;
        const tr_arec *ba, *bd;
        nearest_pair(f, wk->list, nm, span, &ba, &bd);
        decide(&e, ba, bd);
        e.members = wk->list;
        e.nmembers = nm;
        tr_dispute_id(f->d->id, A, B, wk->list[0]->statement_id, e.id);
        k++;
        if (cb(ctx, &e))
            return -1;
    }
    return k;
}

/* 1 when side s is already among the first n of v. */
static int seen_side(const char *const *v, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(v[i], s))
            return 1;
    return 0;
}

/* The disputes on a topic; see detect.h. */
long tr_detect_disputes(const tr_det_filter *f, const tr_arec *seq, size_t n, tr_episode_cb cb,
                        void *ctx, int *oom)
{
    *oom = 0;
    size_t m = 0;
    size_t *idx = malloc((n ? n : 1) * sizeof *idx);
    const char **sides = malloc((n ? n : 1) * sizeof *sides);
    size_t *tabs = malloc(3 * (n ? n : 1) * sizeof *tabs);
    struct dwork wk = {.up = tabs, .next = tabs ? tabs + n : NULL, .tail = tabs ? tabs + 2 * n : NULL,
                       .in = malloc(n ? n : 1), .list = malloc((n ? n : 1) * sizeof(const tr_arec *))};
    long k = 0;
    if (!idx || !sides || !tabs || !wk.in || !wk.list) {
        *oom = 1;
        k = -1;
        goto done;
    }
    size_t nsides = 0;
    for (size_t i = 0; i < n; i++) {
        if (!seq[i].side || !tr_det_accepts(f, &seq[i]))
            continue;
        idx[m++] = i;
        if (!seen_side(sides, nsides, seq[i].side))
            sides[nsides++] = seq[i].side;
    }
    for (size_t a = 0; a < nsides && k >= 0; a++)
        for (size_t b = 0; b < nsides && k >= 0; b++) {
            if (a == b || sides_meet(sides[a], sides[b]))
                continue;
            long r = disputes_of(f, seq, idx, m, sides[a], sides[b], &wk, cb, ctx);
            k = r < 0 ? -1 : k + r;
        }
done:
    free(idx);
    free(sides);
    free(tabs);
    free(wk.in);
    free(wk.list);
    return k;
}

/* ---- ids --------------------------------------------------------------- */

/* "r-"/"c-" and 12 hex digits of SHA-256 over what identifies a finding. */
static void id_of(char kind, const char *detector_id, const char *rest, char *buf)
{
    unsigned char h[32];
    tr_sha256_ctx c;
    tr_sha256_init(&c);
    tr_sha256_update(&c, detector_id, strlen(detector_id) + 1);
    tr_sha256_update(&c, rest, strlen(rest));
    tr_sha256_final(&c, h);
    buf[0] = kind;
    buf[1] = '-';
    tr_hex(h, 6, buf + 2);
}

/* A reversal's stable id. */
void tr_finding_id(tr_det_kind kind, const char *detector_id, int64_t earlier_statement,
                   int64_t later_statement, char *buf)
{
    char rest[64];
    snprintf(rest, sizeof rest, "%" PRId64 "\x1f%" PRId64, earlier_statement, later_statement);
    id_of(kind == TR_DET_REVERSAL ? 'r' : 'c', detector_id, rest, buf);
}

/* A dispute's stable id. */
void tr_dispute_id(const char *detector_id, const char *affirm_side, const char *deny_side,
                   int64_t first_statement, char *buf)
{
    char rest[600];
    snprintf(rest, sizeof rest, "dispute\x1f%.250s\x1f%.250s\x1f%" PRId64, affirm_side, deny_side,
             first_statement);
    id_of('c', detector_id, rest, buf);
}
