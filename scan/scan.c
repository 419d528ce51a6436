/*
** scan.c: the scan pipeline over the store: statements not yet classified
** under the rule set are classified (rules/classify.c) and their
** assertions stored; the detection driver (scan/driver.c) then recomputes
** what the new assertions change, reading the store (a source) and
** recording every episode (a sink): new findings, findings seen again
** with their grown support, findings retired because the recomputation
** no longer finds them.  scan_diff runs the same driver in memory.
*/
#include "scan.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "sha256.h"
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

/* Classifies one statement (with the context extract kept beside it: a
** topic its text does not mention may be mentioned there) and stores its
** assertions. */
static int classify_one(void *ctx, const tr_scan_row *r)
{
    struct classify_ctx *k = ctx;
    tr_err why;
    k->last = r->id;
    k->stats->classified++;
    tr_status st = tr_classify_ctx(k->rs, r->text, r->len, r->context, r->ctxlen, &k->c, &why);
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

/* ---- the store as the driver's source ---------------------------------- */

/* The evidence of one assertion read by the source, kept beside its arec. */
struct evid {
    char *stance, *cue, *negation, *hedge;
    int64_t cue_start, cue_end;
};

struct dbsrc {
    tr_db *db;
    tr_arecs *out;        /* the array the driver asked to fill */
    struct evid *ev;      /* ev[i] belongs to out->v[i] */
    size_t nev, cap_ev;
    tr_strpool sides;     /* interned side labels */
    int oom;
};

/* Frees the evidence of the last query. */
static void evid_reset(struct dbsrc *s)
{
    for (size_t i = 0; i < s->nev; i++) {
        free(s->ev[i].stance);
        free(s->ev[i].cue);
        free(s->ev[i].negation);
        free(s->ev[i].hedge);
    }
    s->nev = 0;
}

/* strdup that tolerates NULL and notes a failure. */
static char *dup0(struct dbsrc *s, const char *x)
{
    if (!x)
        return NULL;
    char *d = strdup(x);
    if (!d)
        s->oom = 1;
    return d;
}

/* Grows the evidence array to hold n+1; 0 or -1. */
static int grow_evid(struct evid **v, size_t *cap, size_t n)
{
    if (n < *cap)
        return 0;
    size_t nc = *cap ? 2 * *cap : 64;
    struct evid *p = realloc(*v, nc * sizeof *p);
    if (!p)
        return -1;
    *v = p;
    *cap = nc;
    return 0;
}

/* Keeps one assertion row: its arec and its evidence. */
static int keep_row(void *ctx, const tr_assertion_row *a)
{
    struct dbsrc *s = ctx;
    tr_arec r;
    scan_arec(a, &r);
    r.side = tr_strpool_get(&s->sides, a->side, &s->oom);
    if (s->oom || tr_arecs_push(s->out, &r) < 0 ||
        grow_evid(&s->ev, &s->cap_ev, s->nev) < 0) {
        s->oom = 1;
        return 1;
    }
    s->ev[s->nev++] = (struct evid){dup0(s, a->stance), dup0(s, a->cue), dup0(s, a->negation),
                                    dup0(s, a->hedge), a->cue_start, a->cue_end};
    return s->oom;
}

/* The source's reset before a query. */
static void src_begin(struct dbsrc *s, tr_arecs *out)
{
    evid_reset(s);
    s->out = out;
    out->n = 0;
}

/* The source's every assertion of person on topic (tr_asource.person). */
static tr_status src_person(void *self, const char *topic, int64_t person, tr_arecs *out, tr_err *err)
{
    struct dbsrc *s = self;
    src_begin(s, out);
    tr_status st = tr_db_assertions_of_person(s->db, topic, person, keep_row, s, err);
    return !st && s->oom ? tr_errf(err, TR_ESOFTWARE, "out of memory") : st;
}

/* The source's assertions of topic whose dates meet [lo, hi]
** (tr_asource.slice). */
static tr_status src_slice(void *self, const char *topic, int64_t lo, int64_t hi, tr_arecs *out,
                           tr_err *err)
{
    struct dbsrc *s = self;
    src_begin(s, out);
    tr_status st = tr_db_assertions_in(s->db, topic, lo, hi, keep_row, s, err);
    return !st && s->oom ? tr_errf(err, TR_ESOFTWARE, "out of memory") : st;
}

/* Frees what the store source holds. */
static void src_free(struct dbsrc *s)
{
    evid_reset(s);
    free(s->ev);
    tr_strpool_free(&s->sides);
}

/* ---- the store as the driver's sink -------------------------------------- */

struct dbsink {
    tr_db *db;
    const tr_ruleset *rs;
    int64_t run;
    scan_stats *stats;
    struct dbsrc *src;
    char **kept;          /* the ids given for the current speaker (reversals) */
    size_t nkept, cap_kept;
    tr_finding_member *members;
    size_t cap_members;
};

/* A run's or a side's support as JSON (new reference). */
static json_t *run_json(const tr_run_info *r, const char *side)
{
    char a[40], b[40];
    tr_date_format_utc(r->first->lo, a, sizeof a);
    tr_date_format_utc(r->last->hi, b, sizeof b);
    json_t *o = json_object();
    if (side)
        json_object_set_new(o, "side", json_string(side));
    json_object_set_new(o, "stance", json_string(tr_stance_name(r->stance)));
    json_object_set_new(o, "count", json_integer((json_int_t)r->count));
    json_object_set_new(o, "first", json_integer(r->first->statement_id));
    json_object_set_new(o, "last", json_integer(r->last->statement_id));
    json_object_set_new(o, "from", json_string(a));
    json_object_set_new(o, "to", json_string(b));
    return o;
}

/* The support of an episode as JSON text (caller frees): a reversal's
** runs before and after the change, a dispute's two sides. */
static char *scan_support_json(const tr_episode *e)
{
    json_t *o = json_object();
    if (e->kind == TR_DET_REVERSAL) {
        json_object_set_new(o, "before", run_json(&e->runs[0], NULL));
        json_object_set_new(o, "after", run_json(&e->runs[1], NULL));
    } else {
        json_object_set_new(o, "sides", json_pack("[o, o]", run_json(&e->runs[0], e->sides[0]),
                                                  run_json(&e->runs[1], e->sides[1])));
    }
    char *txt = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    return txt;
}

/* A digest of what the finding holds: its statements and support. */
static void evidence_of(const tr_episode *e, const char *support, char *buf)
{
    tr_sha256_ctx c;
    unsigned char h[32];
    tr_sha256_init(&c);
    for (size_t i = 0; i < e->nmembers; i++)
        tr_sha256_update(&c, &e->members[i]->statement_id, sizeof e->members[i]->statement_id);
    tr_sha256_update(&c, support, strlen(support));
    tr_sha256_final(&c, h);
    tr_hex(h, 8, buf);
}

/* Records one episode in the store. */
static tr_status sink_episode(void *self, const tr_episode *e, tr_err *err)
{
    struct dbsink *k = self;
    if (e->nmembers > k->cap_members) {
        tr_finding_member *m = realloc(k->members, e->nmembers * sizeof *m);
        if (!m)
            return tr_errf(err, TR_ESOFTWARE, "out of memory");
        k->members = m;
        k->cap_members = e->nmembers;
    }
    for (size_t i = 0; i < e->nmembers; i++) {
        const tr_arec *r = e->members[i];
        const struct evid *v = &k->src->ev[r - k->src->out->v];
        k->members[i] = (tr_finding_member){r->statement_id, v->stance, v->cue, v->negation, v->hedge,
                                            v->cue_start, v->cue_end,
                                            r == e->deciding[0] || r == e->deciding[1]};
    }
    char grp[600], evidence[20];
    if (e->kind == TR_DET_REVERSAL)
        snprintf(grp, sizeof grp, "%lld", (long long)e->person_id);
    else
        snprintf(grp, sizeof grp, "%.280s|%.280s", e->sides[0], e->sides[1]);
    char *support = scan_support_json(e);
    if (!support)
        return tr_errf(err, TR_ESOFTWARE, "out of memory");
    evidence_of(e, support, evidence);
    const tr_detector *d = e->f->d;
    tr_finding_in in = {.id = e->id, .kind = tr_det_kind_name(d->kind), .rule = d->id,
                        .topic = d->topic_id, .severity = tr_severity_name(d->severity),
                        .ruleset = tr_ruleset_hash(k->rs), .grp = grp, .support = support,
                        .evidence = evidence, .order_certain = e->order_certain, .run = k->run,
                        .members = k->members, .nmembers = e->nmembers};
    int is_new = 0;
    tr_status st = tr_db_finding_upsert(k->db, &in, &is_new, err);
    free(support);
    if (st)
        return st;
    k->stats->new_findings += is_new;
    if (e->kind == TR_DET_CONTRADICTION) {
        /* a dispute that grew into this one is this one now */
        for (size_t i = 0; !st && i < e->nmembers; i++)
            st = tr_db_findings_retire_sharing(k->db, d->id, e->id, e->members[i]->statement_id, k->run,
                                               &k->stats->retired, err);
        return st;
    }
    if (k->nkept == k->cap_kept) {
        size_t cap = k->cap_kept ? 2 * k->cap_kept : 16;
        char **v = realloc(k->kept, cap * sizeof *v);
        if (!v)
            return tr_errf(err, TR_ESOFTWARE, "out of memory");
        k->kept = v;
        k->cap_kept = cap;
    }
    if (!(k->kept[k->nkept] = strdup(e->id)))
        return tr_errf(err, TR_ESOFTWARE, "out of memory");
    k->nkept++;
    return TR_OK;
}

/* qsort comparison of two string pointers. */
static int cmp_strp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A speaker's reversals were all given again: retire the rest. */
static tr_status sink_person_done(void *self, const tr_det_filter *f, int64_t person, tr_err *err)
{
    struct dbsink *k = self;
    char grp[32];
    snprintf(grp, sizeof grp, "%lld", (long long)person);
    if (k->nkept)
        qsort(k->kept, k->nkept, sizeof *k->kept, cmp_strp);
    tr_status st = tr_db_findings_retire_group(k->db, f->d->id, grp, (const char *const *)k->kept,
                                               k->nkept, k->run, &k->stats->retired, err);
    for (size_t i = 0; i < k->nkept; i++)
        free(k->kept[i]);
    k->nkept = 0;
    return st;
}

/* The new assertions, read in topic order and given to the driver one
** topic at a time, so that memory holds one topic's new assertions, not
** the whole scan's. */
struct news {
    tr_arecs v;             /* the current topic's */
    char *topic;            /* owned */
    const char **topics;    /* v.n pointers to topic, as the driver takes them */
    size_t cap_topics;
    struct dbsrc *sides;    /* interns their side labels */
    const tr_ruleset *rs;
    const tr_det_filter *filters;
    const tr_asource *src;
    const tr_dsink *sink;
    tr_err *err;
    tr_status st;
    int oom;
};

/* Runs the driver over the current topic's new assertions. */
static tr_status news_flush(struct news *n)
{
    if (!n->v.n)
        return TR_OK;
    if (n->cap_topics < n->v.n) {
        const char **t = realloc(n->topics, n->v.n * sizeof *t);
        if (!t)
            return tr_errf(n->err, TR_ESOFTWARE, "out of memory");
        n->topics = t;
        n->cap_topics = n->v.n;
    }
    for (size_t i = 0; i < n->v.n; i++)
        n->topics[i] = n->topic;
    tr_status st = tr_detect_run(n->rs, n->filters, n->src, n->v.v, n->topics, n->v.n, n->sink, n->err);
    n->v.n = 0;
    return st;
}

/* Collects one new assertion for the driver. */
static int keep_new(void *ctx, const tr_assertion_row *a)
{
    struct news *n = ctx;
    if (!n->topic || strcmp(n->topic, a->topic)) {
        if ((n->st = news_flush(n)) != TR_OK)
            return 1;
        free(n->topic);
        if (!(n->topic = strdup(a->topic))) {
            n->oom = 1;
            return 1;
        }
    }
    tr_arec r;
    scan_arec(a, &r);
    r.side = tr_strpool_get(&n->sides->sides, a->side, &n->sides->oom);
    if (n->sides->oom || tr_arecs_push(&n->v, &r) < 0) {
        n->oom = 1;
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
    struct dbsrc src = {.db = db};
    tr_det_filter *filters = NULL;
    if ((st = scan_filters(db, rs, &filters, err)) != TR_OK)
        return st;
    struct dbsink sink = {.db = db, .rs = rs, .run = run, .stats = stats, .src = &src};
    tr_asource as = {&src, src_person, src_slice};
    tr_dsink ds = {&sink, sink_episode, sink_person_done};
    struct news nw = {.sides = &src, .rs = rs, .filters = filters, .src = &as, .sink = &ds, .err = err};
    st = tr_db_assertions_after(db, before, keep_new, &nw, err);
    if (!st)
        st = nw.st;
    if (!st && nw.oom)
        st = tr_errf(err, TR_ESOFTWARE, "out of memory");
    if (!st)
        st = news_flush(&nw);
    free(nw.topic);
    free(nw.topics);
    tr_arecs_free(&nw.v);
    for (size_t i = 0; i < sink.nkept; i++)
        free(sink.kept[i]);
    free(sink.kept);
    free(sink.members);
    src_free(&src);
    scan_filters_free(filters, tr_ruleset_ndetectors(rs));
    if (st)
        return st;
    tr_findings_query q = {.seen_in = run};
    return tr_db_findings_each(db, &q, count_cb, &stats->findings, err);
}

/* Runs one recorded scan; see scan.h. */
tr_status scan_run(tr_db *db, const tr_ruleset *rs, scan_limit_cb on_limit, void *ctx,
                   int64_t *run, scan_stats *stats, tr_err *err)
{
    char json[512];
    tr_status st;
    if (!(st = tr_db_begin(db, err)) &&
        !(st = tr_db_run_start(db, "scan", tr_ruleset_hash(rs), run, err)) &&
        !(st = scan_store(db, rs, *run, on_limit, ctx, stats, err))) {
        snprintf(json, sizeof json,
                 "{\"classified\":%lld,\"assertions\":%lld,\"limits\":%lld,\"new_findings\":%lld,"
                 "\"findings\":%lld,\"retired\":%lld,\"reclassified\":%s}",
                 stats->classified, stats->assertions, stats->limits, stats->new_findings,
                 stats->findings, stats->retired, stats->reset ? "true" : "false");
        if (!(st = tr_db_run_finish(db, *run, json, err)))
            st = tr_db_commit(db, err);
    }
    if (st)
        tr_db_rollback(db);
    return st;
}

/* ---- rules diff: the same driver in memory ---------------------------------- */

struct diff_side {
    const tr_ruleset *rs;
    tr_det_filter *filters;
    tr_memsource *mem;
    tr_classification c;
    tr_arecs all;          /* every assertion, as the driver's "new" ones */
    size_t *topic_of;      /* all.v[i]'s topic index */
    size_t cap_topic_of;
    scan_found_set *out;
};

struct diff_ctx {
    struct diff_side s[2];
    tr_status st;
    tr_err *err;
};

/* Classifies one statement under both rule sets. */
static int diff_classify(void *ctx, const tr_scan_row *r)
{
    struct diff_ctx *d = ctx;
    for (int k = 0; k < 2; k++) {
        struct diff_side *s = &d->s[k];
        tr_err why;
        if (tr_classify_ctx(s->rs, r->text, r->len, r->context, r->ctxlen, &s->c, &why) != TR_OK)
            continue;
        for (size_t i = 0; i < s->c.n; i++) {
            const tr_assertion *a = &s->c.assertions[i];
            tr_arec ar = {.id = r->id, .statement_id = r->id, .person_id = r->person_id, .side = r->side,
                          .mode = r->mode && !strcmp(r->mode, "reported") ? TR_MODE_REPORTED
                                                                          : TR_MODE_DIRECT,
                          .lo = r->lo, .hi = r->hi, .stance = a->stance};
            if (tr_memsource_add(s->mem, a->topic, &ar) < 0) {
                d->st = tr_errf(d->err, TR_ESOFTWARE, "out of memory");
                return 1;
            }
        }
    }
    return 0;
}

/* Collects one episode of a diff. */
static tr_status diff_episode(void *self, const tr_episode *e, tr_err *err)
{
    scan_found_set *fs = self;
    if (fs->n == fs->cap) {
        size_t cap = fs->cap ? 2 * fs->cap : 64;
        scan_found *v = realloc(fs->v, cap * sizeof *v);
        if (!v)
            return tr_errf(err, TR_ESOFTWARE, "out of memory");
        fs->v = v;
        fs->cap = cap;
    }
    scan_found *x = &fs->v[fs->n++];
    memcpy(x->id, e->id, sizeof x->id);
    x->d = e->f->d;
    x->deciding[0] = e->deciding[0]->statement_id;
    x->deciding[1] = e->deciding[1]->statement_id;
    x->nmembers = e->nmembers;
    x->order_certain = e->order_certain;
    return TR_OK;
}

/* qsort comparison of two findings of a diff, by id. */
static int cmp_found(const void *a, const void *b)
{
    return strcmp(((const scan_found *)a)->id, ((const scan_found *)b)->id);
}

/* Runs the driver over every assertion of side s into s->out. */
static tr_status diff_detect(struct diff_side *s, tr_err *err)
{
    if (tr_memsource_ready(s->mem) < 0)
        return tr_errf(err, TR_ESOFTWARE, "out of memory");
    size_t ntopics = tr_ruleset_ntopics(s->rs), total = 0;
    for (size_t t = 0; t < ntopics; t++) {
        size_t n;
        tr_memsource_topic(s->mem, t, &n);
        total += n;
    }
    const char **topics = malloc((total ? total : 1) * sizeof *topics);
    if (!topics)
        return tr_errf(err, TR_ESOFTWARE, "out of memory");
    for (size_t t = 0; t < ntopics; t++) {
        size_t n;
        const tr_arec *v = tr_memsource_topic(s->mem, t, &n);
        for (size_t i = 0; i < n; i++) {
            topics[s->all.n] = tr_ruleset_topic(s->rs, t)->id;
            if (tr_arecs_push(&s->all, &v[i]) < 0) {
                free(topics);
                return tr_errf(err, TR_ESOFTWARE, "out of memory");
            }
        }
    }
    tr_asource as = tr_memsource_as(s->mem);
    tr_dsink ds = {s->out, diff_episode, NULL};
    tr_status st = tr_detect_run(s->rs, s->filters, &as, s->all.v, topics, s->all.n, &ds, err);
    free(topics);
    if (st)
        return st;
    if (s->out->n)
        qsort(s->out->v, s->out->n, sizeof *s->out->v, cmp_found);
    size_t w = 0; /* a dispute is met once per range that holds one of its statements */
    for (size_t k = 0; k < s->out->n; k++)
        if (w == 0 || strcmp(s->out->v[w - 1].id, s->out->v[k].id))
            s->out->v[w++] = s->out->v[k];
    s->out->n = w;
    return TR_OK;
}

/* The findings of two rule sets over the whole store; see scan.h. */
tr_status scan_diff(tr_db *db, const tr_ruleset *old, const tr_ruleset *nw, scan_found_set out[2],
                    tr_err *err)
{
    struct diff_ctx d = {.err = err};
    const tr_ruleset *rs[2] = {old, nw};
    tr_status st = TR_OK;
    memset(out, 0, 2 * sizeof *out);
    for (int k = 0; k < 2 && !st; k++) {
        d.s[k].rs = rs[k];
        d.s[k].out = &out[k];
        tr_classification_init(&d.s[k].c);
        if (!(d.s[k].mem = tr_memsource_new(rs[k])))
            st = tr_errf(err, TR_ESOFTWARE, "out of memory");
        if (!st)
            st = scan_filters(db, rs[k], &d.s[k].filters, err);
    }
    if (!st)
        st = tr_db_statements_after(db, 0, diff_classify, &d, err);
    if (!st)
        st = d.st;
    for (int k = 0; k < 2 && !st; k++)
        st = diff_detect(&d.s[k], err);
    for (int k = 0; k < 2; k++) {
        tr_classification_free(&d.s[k].c);
        tr_memsource_free(d.s[k].mem);
        tr_arecs_free(&d.s[k].all);
        if (d.s[k].rs)
            scan_filters_free(d.s[k].filters, tr_ruleset_ndetectors(d.s[k].rs));
    }
    if (st) {
        scan_found_set_free(&out[0]);
        scan_found_set_free(&out[1]);
    }
    return st;
}

/* Frees a set of diff findings. */
void scan_found_set_free(scan_found_set *s)
{
    free(s->v);
    memset(s, 0, sizeof *s);
}

/* Walks what a diff changed; see scan.h. */
tr_status scan_diff_each(const scan_found_set fs[2],
                         int (*cb)(void *ctx, const scan_found *x, int added), void *ctx,
                         size_t *added, size_t *removed, size_t *unchanged)
{
    size_t i = 0, j = 0;
    *added = *removed = *unchanged = 0;
    while (i < fs[0].n || j < fs[1].n) {
        int c = i == fs[0].n ? 1 : j == fs[1].n ? -1 : strcmp(fs[0].v[i].id, fs[1].v[j].id);
        if (c == 0) {
            i++;
            j++;
            ++*unchanged;
            continue;
        }
        const scan_found *x = c < 0 ? &fs[0].v[i++] : &fs[1].v[j++];
        ++*(c < 0 ? removed : added);
        if (cb && cb(ctx, x, c > 0))
            return TR_EIO;
    }
    return TR_OK;
}
