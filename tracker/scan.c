/*
** scan.c: the scan pipeline over the store: statements not yet classified
** under the rule set are classified (rules/classify.c) and their
** assertions stored; each new assertion is then paired by the detectors
** (rules/detect.c) with the stored assertions in its window, and every
** pair is recorded as a finding (new, or seen again).
*/
#include "scan.h"

#include <stdlib.h>
#include <string.h>

#include "text.h"

/* Resolves the detectors' people filters to person ids. */
tr_status scan_filters(tr_db *db, const tr_ruleset *rs, tr_det_filter **filters, tr_err *err)
{
    size_t n = tr_ruleset_ndetectors(rs);
    tr_det_filter *f = calloc(n ? n : 1, sizeof *f);
    if (!f)
        return tr_errf(err, TR_ESOFTWARE, "out of memory");
    for (size_t i = 0; i < n; i++) {
        const tr_detector *d = tr_ruleset_detector(rs, i);
        tr_status st = tr_det_filter_init(&f[i], d, err);
        int64_t *ids = d->people.n ? calloc(d->people.n, sizeof *ids) : NULL;
        if (!st && d->people.n && !ids)
            st = tr_errf(err, TR_ESOFTWARE, "out of memory");
        for (size_t k = 0; !st && k < d->people.n; k++) {
            int64_t id;
            st = tr_db_person_find(db, d->people.v[k], &id, err);
            if (!st && id)
                ids[f[i].npeople++] = id;
        }
        f[i].people = ids;
        if (st) {
            scan_filters_free(f, i + 1);
            return st;
        }
    }
    *filters = f;
    return TR_OK;
}

/* Frees the filters' id arrays and the array. */
void scan_filters_free(tr_det_filter *filters, size_t n)
{
    if (!filters)
        return;
    for (size_t i = 0; i < n; i++)
        free((void *)filters[i].people);
    free(filters);
}

struct classify_ctx {
    tr_db *db;
    const tr_ruleset *rs;
    tr_classification c;
    tr_buf cue, neg, hedge;
    scan_limit_cb on_limit;
    void *ctx;
    scan_stats *stats;
    int64_t last;
    tr_status st;
    tr_err *err;
};

/* Copies text[s.start..s.end) into b, NUL-terminated; returns b's text. */
static const char *span_text(tr_buf *b, const char *text, tr_span s)
{
    tr_buf_reset(b);
    if (tr_buf_add(b, text + s.start, s.end - s.start))
        return NULL;
    return b->data;
}

/* Classifies one statement and stores its assertions. */
static int classify_one(void *ctx, const tr_scan_row *r)
{
    struct classify_ctx *k = ctx;
    tr_err why;
    k->last = r->id;
    k->stats->classified++;
    tr_status st = tr_classify(k->rs, r->text, r->len, &k->c, &why);
    if (st == TR_EDATA)
        return 0; /* not UTF-8: import refuses such text, so only a store edited by hand */
    if (st) {
        k->st = tr_errf(k->err, st, "classifying statement #%lld: %s", (long long)r->id, why.msg);
        return 1;
    }
    for (size_t i = 0; i < k->c.nlimits; i++) {
        k->stats->limits++;
        if (k->on_limit)
            k->on_limit(k->ctx, r->id, &k->c.limits[i]);
    }
    for (size_t i = 0; i < k->c.n; i++) {
        const tr_assertion *a = &k->c.assertions[i];
        tr_assertion_row row = {
            .statement_id = r->id, .person_id = r->person_id, .topic = a->topic_id,
            .stance = tr_stance_name(a->stance), .cue = span_text(&k->cue, r->text, a->cue),
            .cue_start = (int64_t)a->cue.start, .cue_end = (int64_t)a->cue.end,
            .negation = a->negated ? span_text(&k->neg, r->text, a->negation) : NULL,
            .hedge = a->hedged ? span_text(&k->hedge, r->text, a->hedge) : NULL,
            .side = r->side, .mode = r->mode, .lo = r->lo, .hi = r->hi};
        if (!row.cue) {
            k->st = tr_errf(k->err, TR_ESOFTWARE, "out of memory");
            return 1;
        }
        if ((k->st = tr_db_assertion_insert(k->db, &row, k->err)) != TR_OK)
            return 1;
        k->stats->assertions++;
    }
    return 0;
}

/* Fills an arec from an assertion row. */
void scan_arec(const tr_assertion_row *a, tr_arec *r)
{
    *r = (tr_arec){.id = a->id, .statement_id = a->statement_id, .person_id = a->person_id,
                   .side = a->side,
                   .mode = a->mode && !strcmp(a->mode, "reported") ? TR_MODE_REPORTED : TR_MODE_DIRECT,
                   .lo = a->lo, .hi = a->hi,
                   .stance = !strcmp(a->stance, "affirm") ? TR_STANCE_AFFIRM : TR_STANCE_DENY};
}

/* A candidate kept across the detection of one assertion: its row with
** strings copied (the query's row is gone once it steps on). */
struct cand {
    tr_assertion_row row;
    char *strs[7];
};

struct detect_ctx {
    tr_db *db;
    const tr_ruleset *rs;
    tr_det_filter *filters;
    int64_t run, max_span;
    struct cand *cands;
    tr_arec *arecs;
    size_t n, cap;
    const tr_assertion_row *current;
    scan_stats *stats;
    tr_status st;
    tr_err *err;
};

/* Keeps a copy of a candidate row. */
static int keep_cand(void *ctx, const tr_assertion_row *a)
{
    struct detect_ctx *d = ctx;
    if (d->n == d->cap) {
        size_t cap = d->cap ? 2 * d->cap : 64;
        struct cand *c = realloc(d->cands, cap * sizeof *c);
        if (c)
            d->cands = c;
        tr_arec *r = realloc(d->arecs, cap * sizeof *r);
        if (r)
            d->arecs = r;
        if (!c || !r) {
            d->st = tr_errf(d->err, TR_ESOFTWARE, "out of memory");
            return 1;
        }
        d->cap = cap;
    }
    struct cand *c = &d->cands[d->n];
    c->row = *a;
    const char **f[7] = {&c->row.topic, &c->row.stance, &c->row.cue, &c->row.negation,
                         &c->row.hedge, &c->row.side, &c->row.mode};
    for (int i = 0; i < 7; i++) {
        c->strs[i] = *f[i] ? strdup(*f[i]) : NULL;
        *f[i] = c->strs[i];
    }
    d->n++;
    return 0;
}

/* Frees the kept candidates' strings and empties the list. */
static void drop_cands(struct detect_ctx *d)
{
    for (size_t i = 0; i < d->n; i++)
        for (int k = 0; k < 7; k++)
            free(d->cands[i].strs[k]);
    d->n = 0;
}

/* Records one detected pair as a finding. */
static int record_pair(void *ctx, const tr_det_filter *f, const tr_arec *earlier,
                       const tr_arec *later, int order_certain)
{
    struct detect_ctx *d = ctx;
    const tr_assertion_row *rows[2] = {NULL, NULL};
    const tr_arec *pair[2] = {earlier, later};
    for (int i = 0; i < 2; i++) {
        if (pair[i]->id == d->current->id) {
            rows[i] = d->current;
            continue;
        }
        for (size_t k = 0; k < d->n; k++)
            if (d->cands[k].row.id == pair[i]->id)
                rows[i] = &d->cands[k].row;
    }
    if (!rows[0] || !rows[1])
        return 0;
    char id[20];
    tr_finding_id(f->d->kind, f->d->id, earlier->statement_id, later->statement_id, id);
    tr_finding_in in = {.id = id, .kind = tr_det_kind_name(f->d->kind), .rule = f->d->id,
                        .topic = f->d->topic_id, .severity = tr_severity_name(f->d->severity),
                        .ruleset = tr_ruleset_hash(d->rs), .order_certain = order_certain,
                        .run = d->run, .statements = {rows[0], rows[1]}};
    int is_new;
    if ((d->st = tr_db_finding_upsert(d->db, &in, &is_new, d->err)) != TR_OK)
        return 1;
    d->stats->new_findings += is_new;
    return 0;
}

/* Runs every detector on one new assertion. */
static int detect_one(void *ctx, const tr_assertion_row *a)
{
    struct detect_ctx *d = ctx;
    tr_arec ar;
    scan_arec(a, &ar);
    d->current = a;
    const char *opposite = ar.stance == TR_STANCE_AFFIRM ? "deny" : "affirm";
    for (size_t i = 0; i < tr_ruleset_ndetectors(d->rs); i++) {
        tr_det_filter *f = &d->filters[i];
        if (strcmp(f->d->topic_id, a->topic) || !tr_det_accepts(f, &ar))
            continue;
        int64_t lo, hi;
        tr_detect_window(f, &ar, d->max_span, &lo, &hi);
        d->st = tr_db_assertion_candidates(d->db, a->topic, opposite,
                                           f->d->kind == TR_DET_REVERSAL ? a->person_id : 0, lo,
                                           hi, keep_cand, d, d->err);
        for (size_t k = 0; !d->st && k < d->n; k++)
            scan_arec(&d->cands[k].row, &d->arecs[k]);
        if (!d->st && tr_detect_for(f, &ar, d->arecs, d->n, record_pair, d) < 0 && !d->st)
            d->st = tr_errf(d->err, TR_ESOFTWARE, "out of memory");
        drop_cands(d);
        if (d->st)
            return 1;
    }
    return 0;
}

/* Counts a finding seen in this run. */
static int count_cb(void *ctx, const tr_finding_row *f)
{
    (void)f;
    (*(long long *)ctx)++;
    return 0;
}

/* Classifies, detects and records; see scan.h. */
tr_status scan_store(tr_db *db, const tr_ruleset *rs, int64_t run, scan_limit_cb on_limit,
                     void *ctx, scan_stats *stats, tr_err *err)
{
    int64_t last, before;
    memset(stats, 0, sizeof *stats);
    tr_status st = tr_db_scan_begin(db, tr_ruleset_hash(rs), run, &last, &stats->reset, err);
    if (!st)
        st = tr_db_assertion_max_id(db, &before, err);
    if (st)
        return st;
    struct classify_ctx k = {.db = db, .rs = rs, .on_limit = on_limit, .ctx = ctx,
                             .stats = stats, .last = last, .err = err};
    tr_classification_init(&k.c);
    st = tr_db_statements_after(db, last, classify_one, &k, err);
    if (!st)
        st = k.st;
    tr_classification_free(&k.c);
    tr_buf_free(&k.cue);
    tr_buf_free(&k.neg);
    tr_buf_free(&k.hedge);
    if (!st && k.last != last)
        st = tr_db_scan_mark(db, k.last, err);
    if (st)
        return st;
    struct detect_ctx d = {.db = db, .rs = rs, .run = run, .stats = stats, .err = err};
    if ((st = scan_filters(db, rs, &d.filters, err)) != TR_OK)
        return st;
    st = tr_db_assertion_max_span(db, &d.max_span, err);
    if (!st)
        st = tr_db_assertions_after(db, before, detect_one, &d, err);
    if (!st)
        st = d.st;
    drop_cands(&d);
    free(d.cands);
    free(d.arecs);
    scan_filters_free(d.filters, tr_ruleset_ndetectors(rs));
    if (st)
        return st;
    tr_findings_query q = {.seen_in = run};
    return tr_db_findings_each(db, &q, count_cb, &stats->findings, err);
}
