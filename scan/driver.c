/*
** driver.c: the detection driver and the in-memory source (see driver.h).
*/
#include "driver.h"

#include <stdlib.h>
#include <string.h>

#include "text.h"

/* Appends r to a. */
int tr_arecs_push(tr_arecs *a, const tr_arec *r)
{
    if (a->n == a->cap) {
        size_t cap = a->cap ? 2 * a->cap : 64;
        tr_arec *v = realloc(a->v, cap * sizeof *v);
        if (!v)
            return -1;
        a->v = v;
        a->cap = cap;
    }
    a->v[a->n++] = *r;
    return 0;
}

/* Frees a's memory. */
void tr_arecs_free(tr_arecs *a)
{
    free(a->v);
    memset(a, 0, sizeof *a);
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* A time range [lo, hi] of earliest instants. */
typedef struct range {
    int64_t lo, hi;
} range;

static int cmp_range(const void *a, const void *b)
{
    const range *x = a, *y = b;
    return (x->lo > y->lo) - (x->lo < y->lo);
}

/* What one dispute detector's pass over a slice needs. */
struct dpass {
    const tr_dsink *sink;
    const int64_t *news;   /* statement ids of the new assertions, sorted */
    size_t nnews;
    int64_t lo, hi;        /* the slice */
    int64_t reach;         /* the window: how far an opposing statement can lie */
    int emit;              /* 0: only check that the disputes are whole */
    int64_t wlo, whi;      /* pass 0: the range they need */
    tr_err *err;
    tr_status st;          /* the sink's status when it stopped the pass */
};

/* 1 when the dispute e holds one of the new assertions. */
static int holds_new(const struct dpass *p, const tr_episode *e)
{
    for (size_t i = 0; i < e->nmembers; i++)
        if (bsearch(&e->members[i]->statement_id, p->news, p->nnews, sizeof *p->news, cmp_i64))
            return 1;
    return 0;
}

/* A dispute found in a slice: checked for wholeness, or given to the sink. */
static int on_dispute(void *ctx, const tr_episode *e)
{
    struct dpass *p = ctx;
    if (!holds_new(p, e))
        return 0;
    if (!p->emit) {
        for (size_t i = 0; i < e->nmembers; i++) {
            const tr_arec *m = e->members[i];
            if (m->lo - p->reach < p->wlo)
                p->wlo = m->lo - p->reach;
            if (m->hi + p->reach > p->whi)
                p->whi = m->hi + p->reach;
        }
        return 0;
    }
    return (p->st = p->sink->episode(p->sink->self, e, p->err)) != TR_OK;
}

/* A reversal found: given to the sink. */
struct rpass {
    const tr_dsink *sink;
    tr_err *err;
    tr_status st;
};

static int on_reversal(void *ctx, const tr_episode *e)
{
    struct rpass *p = ctx;
    return (p->st = p->sink->episode(p->sink->self, e, p->err)) != TR_OK;
}

/* The disputes of detector f that hold a new assertion, over the ranges
** around the new ones. */
static tr_status run_disputes(const tr_det_filter *f, const tr_asource *src, const tr_arec *const *mine,
                              size_t nmine, const tr_dsink *sink, tr_arecs *seq, tr_err *err)
{
    int64_t reach = f->d->window;
    range *rg = malloc(nmine * sizeof *rg);
    int64_t *ids = malloc(nmine * sizeof *ids);
    tr_status st = TR_OK;
    if (!rg || !ids) {
        st = tr_errf(err, TR_ESOFTWARE, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < nmine; i++) {
        rg[i] = (range){mine[i]->lo - reach, mine[i]->hi + reach};
        ids[i] = mine[i]->statement_id;
    }
    qsort(rg, nmine, sizeof *rg, cmp_range);
    qsort(ids, nmine, sizeof *ids, cmp_i64);
    size_t nr = 0;
    for (size_t i = 0; i < nmine; i++) {
        if (nr && rg[i].lo <= rg[nr - 1].hi) {
            if (rg[i].hi > rg[nr - 1].hi)
                rg[nr - 1].hi = rg[i].hi;
        } else {
            rg[nr++] = rg[i];
        }
    }
    for (size_t r = 0; r < nr && !st; r++) {
        struct dpass p = {.sink = sink, .news = ids, .nnews = nmine, .lo = rg[r].lo, .hi = rg[r].hi,
                          .reach = reach, .err = err};
        for (;;) { /* widen until every dispute with a new statement is whole */
            if ((st = src->slice(src->self, f->d->topic_id, p.lo, p.hi, seq, err)) != TR_OK)
                break;
            p.emit = 0;
            p.wlo = p.lo;
            p.whi = p.hi;
            int oom;
            if (tr_detect_disputes(f, seq->v, seq->n, on_dispute, &p, &oom) < 0 && oom) {
                st = tr_errf(err, TR_ESOFTWARE, "out of memory");
                break;
            }
            if (p.wlo < p.lo || p.whi > p.hi) {
                p.lo = p.wlo < p.lo ? p.wlo : p.lo;
                p.hi = p.whi > p.hi ? p.whi : p.hi;
                continue;
            }
            p.emit = 1;
            if (tr_detect_disputes(f, seq->v, seq->n, on_dispute, &p, &oom) < 0)
                st = p.st ? p.st : tr_errf(err, TR_ESOFTWARE, "out of memory");
            break;
        }
    }
done:
    free(rg);
    free(ids);
    return st;
}

/* Runs the detectors over what the new assertions change; see driver.h. */
tr_status tr_detect_run(const tr_ruleset *rs, const tr_det_filter *filters, const tr_asource *src,
                        const tr_arec *news, const char *const *topics, size_t n, const tr_dsink *sink,
                        tr_err *err)
{
    tr_status st = TR_OK;
    const tr_arec **mine = malloc((n ? n : 1) * sizeof *mine);
    int64_t *people = malloc((n ? n : 1) * sizeof *people);
    tr_arecs seq = {0};
    if (!mine || !people) {
        st = tr_errf(err, TR_ESOFTWARE, "out of memory");
        goto done;
    }
    for (size_t i = 0; i < tr_ruleset_ndetectors(rs) && !st; i++) {
        const tr_det_filter *f = &filters[i];
        size_t nmine = 0;
        for (size_t k = 0; k < n; k++)
            if (!strcmp(topics[k], f->d->topic_id) && tr_det_accepts(f, &news[k]))
                mine[nmine++] = &news[k];
        if (!nmine)
            continue;
        if (f->d->kind == TR_DET_CONTRADICTION) {
            st = run_disputes(f, src, mine, nmine, sink, &seq, err);
            continue;
        }
        for (size_t k = 0; k < nmine; k++)
            people[k] = mine[k]->person_id;
        qsort(people, nmine, sizeof *people, cmp_i64);
        for (size_t k = 0; k < nmine && !st; k++) {
            if (k && people[k] == people[k - 1])
                continue;
            if ((st = src->person(src->self, f->d->topic_id, people[k], &seq, err)) != TR_OK)
                break;
            struct rpass p = {.sink = sink, .err = err};
            if (tr_detect_reversals(f, seq.v, seq.n, on_reversal, &p) < 0)
                st = p.st;
            else if (sink->person_done)
                st = sink->person_done(sink->self, f, people[k], err);
        }
    }
done:
    free(mine);
    free(people);
    tr_arecs_free(&seq);
    return st;
}

/* ---- the in-memory source ------------------------------------------------ */

struct tr_memsource {
    size_t ntopics;
    const tr_ruleset *rs;
    tr_arecs *by_time;   /* per topic, time order */
    tr_arecs *by_person; /* per topic, person then time */
    tr_strpool sides;    /* interned side labels */
    int64_t max_span;    /* the widest date interval (hi - lo) added */
};

/* A new empty source. */
tr_memsource *tr_memsource_new(const tr_ruleset *rs)
{
    tr_memsource *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->rs = rs;
    m->ntopics = tr_ruleset_ntopics(rs);
    m->by_time = calloc(m->ntopics + 1, sizeof *m->by_time);
    m->by_person = calloc(m->ntopics + 1, sizeof *m->by_person);
    if (!m->by_time || !m->by_person) {
        tr_memsource_free(m);
        return NULL;
    }
    return m;
}

/* Frees m. */
void tr_memsource_free(tr_memsource *m)
{
    if (!m)
        return;
    for (size_t t = 0; t < m->ntopics && m->by_time; t++) {
        tr_arecs_free(&m->by_time[t]);
        if (m->by_person)
            tr_arecs_free(&m->by_person[t]);
    }
    free(m->by_time);
    free(m->by_person);
    tr_strpool_free(&m->sides);
    free(m);
}

/* Adds an assertion on topic t. */
int tr_memsource_add(tr_memsource *m, size_t t, const tr_arec *r)
{
    int oom = 0;
    tr_arec x = *r;
    x.side = tr_strpool_get(&m->sides, r->side, &oom);
    if (oom || t >= m->ntopics)
        return -1;
    if (r->hi - r->lo > m->max_span)
        m->max_span = r->hi - r->lo;
    return tr_arecs_push(&m->by_time[t], &x);
}

static int cmp_person(const void *a, const void *b)
{
    const tr_arec *x = a, *y = b;
    if (x->person_id != y->person_id)
        return x->person_id < y->person_id ? -1 : 1;
    return tr_arec_cmp(a, b);
}

/* Sorts what was added. */
int tr_memsource_ready(tr_memsource *m)
{
    for (size_t t = 0; t < m->ntopics; t++) {
        tr_arecs *a = &m->by_time[t], *p = &m->by_person[t];
        if (a->n)
            qsort(a->v, a->n, sizeof *a->v, tr_arec_cmp);
        p->n = 0;
        for (size_t i = 0; i < a->n; i++)
            if (tr_arecs_push(p, &a->v[i]) < 0)
                return -1;
        if (p->n)
            qsort(p->v, p->n, sizeof *p->v, cmp_person);
    }
    return 0;
}

/* The first of v[0..n) for which before(v[i], key) is false (v sorted so). */
static size_t lower_bound(const tr_arec *v, size_t n, int (*before)(const tr_arec *, int64_t), int64_t key)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (before(&v[mid], key))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static int person_before(const tr_arec *r, int64_t person) { return r->person_id < person; }
static int lo_before(const tr_arec *r, int64_t lo) { return r->lo < lo; }

/* The topic's index, or ntopics. */
static size_t topic_index(const tr_memsource *m, const char *topic)
{
    size_t t = tr_ruleset_find_topic(m->rs, topic);
    return t == (size_t)-1 ? m->ntopics : t;
}

/* Copies v[a..b) into out. */
static tr_status copy_out(const tr_arec *v, size_t a, size_t b, tr_arecs *out, tr_err *err)
{
    out->n = 0;
    for (size_t i = a; i < b; i++)
        if (tr_arecs_push(out, &v[i]) < 0)
            return tr_errf(err, TR_ESOFTWARE, "out of memory");
    return TR_OK;
}

/* Every assertion of person on topic. */
static tr_status mem_person(void *self, const char *topic, int64_t person, tr_arecs *out, tr_err *err)
{
    tr_memsource *m = self;
    size_t t = topic_index(m, topic);
    out->n = 0;
    if (t == m->ntopics)
        return TR_OK;
    const tr_arecs *p = &m->by_person[t];
    size_t lo = lower_bound(p->v, p->n, person_before, person), e = lo;
    while (e < p->n && p->v[e].person_id == person)
        e++;
    return copy_out(p->v, lo, e, out, err);
}

/* The topic's assertions whose interval meets [lo, hi]: those starting
** from lo - max_span on, less the ones that end before lo. */
static tr_status mem_slice(void *self, const char *topic, int64_t lo, int64_t hi, tr_arecs *out,
                           tr_err *err)
{
    tr_memsource *m = self;
    size_t t = topic_index(m, topic);
    out->n = 0;
    if (t == m->ntopics)
        return TR_OK;
    const tr_arecs *a = &m->by_time[t];
    int64_t from = lo > INT64_MIN + m->max_span ? lo - m->max_span : INT64_MIN;
    for (size_t i = lower_bound(a->v, a->n, lo_before, from); i < a->n && a->v[i].lo <= hi; i++)
        if (a->v[i].hi >= lo && tr_arecs_push(out, &a->v[i]) < 0)
            return tr_errf(err, TR_ESOFTWARE, "out of memory");
    return TR_OK;
}

/* The source view of m. */
tr_asource tr_memsource_as(tr_memsource *m)
{
    return (tr_asource){m, mem_person, mem_slice};
}

/* Every assertion of topic t, in time order. */
const tr_arec *tr_memsource_topic(const tr_memsource *m, size_t t, size_t *n)
{
    *n = t < m->ntopics ? m->by_time[t].n : 0;
    return t < m->ntopics ? m->by_time[t].v : NULL;
}
