/*
** report_model.c: reads what a report shows, in one pass over the store,
** and streams it to a renderer (see report_model.h).  Each finding is
** collected with its two statements, rendered and freed before the next
** is read: memory does not grow with the number of findings.
*/
#include "report_model.h"
#include "reports.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* ---- shared helpers ------------------------------------------------------ */

void report_time(const rpt_header *h, int64_t t, char *buf, size_t n)
{
    tr_time_show(t, h->zone, t % 60 != 0, buf, n);
}

/* A statement's date for people; see report_model.h. */
void report_when(const rpt_stmt *s, char *buf, size_t n)
{
    snprintf(buf, n, "%s", s->when);
}

/* The window as one phrase; see report_model.h. */
void report_window(const rpt_header *h, char *buf, size_t n)
{
    char a[48], b[48];
    report_time(h, h->to, b, sizeof b);
    if (h->since_kind == RPT_SINCE_LAST && h->prev_run) {
        report_time(h, h->from, a, sizeof a);
        snprintf(buf, n, "since the previous report (run %lld, %s) until %s", (long long)h->prev_run,
                 a, b);
    } else if (h->since_kind == RPT_SINCE_LAST) {
        snprintf(buf, n, "everything until %s (no earlier report)", b);
    } else {
        report_time(h, h->from, a, sizeof a);
        snprintf(buf, n, "from %s until %s", a, b);
    }
}

/* 1 when the cue span of s is usable on its text; see report_model.h. */
int report_has_cue(const rpt_stmt *s)
{
    size_t L = s->text ? strlen(s->text) : 0;
    return s->cue_start >= 0 && s->cue_end > s->cue_start && (size_t)s->cue_end <= L;
}

/* 1 when f is a dispute; see report_model.h. */
int report_is_dispute(const rpt_finding *f)
{
    return !strcmp(f->f->kind, "contradiction") && (f->n > 2 || f->nruns);
}

/* The label of statement i of f; see report_model.h. */
void report_label(const rpt_finding *f, int i, char *buf, size_t n)
{
    if (!report_is_dispute(f)) {
        int later = i == f->pair[1];
        snprintf(buf, n, "%s", f->order_uncertain ? (later ? "The other" : "One") : (later ? "Later" : "Earlier"));
        return;
    }
    const rpt_stmt *s = &f->s[i];
    snprintf(buf, n, "%s%s", s->side ? s->side : "no side", s->deciding ? ", deciding" : "");
}

/* The section's title; see report_model.h. */
const char *report_section_name(int section)
{
    return section == TR_REPORT_NEW ? "New" : section == TR_REPORT_OPEN ? "Open" : "Acknowledged";
}

/* One run or side as "affirm (3 statements, 2017-07-01 to 2017-07-09)". */
static size_t run_text(const rpt_run *r, int verb, char *buf, size_t n)
{
    char span[64];
    if (!strncmp(r->from, r->to, 10))
        snprintf(span, sizeof span, "%.10s", r->from);
    else
        snprintf(span, sizeof span, "%.10s to %.10s", r->from, r->to);
    return (size_t)snprintf(buf, n, "%s%s%s (%lld statement%s, %s)", r->side, r->side[0] ? " " : "",
                            verb ? (!strcmp(r->stance, "deny") ? "denies" : "affirms") : r->stance,
                            (long long)r->count, r->count == 1 ? "" : "s", span);
}

/* The finding's support for people; see report_model.h. */
void report_support(const rpt_finding *f, char *buf, size_t n)
{
    buf[0] = 0;
    if (f->nruns < 2 || n < 2)
        return;
    int dispute = f->runs[0].side[0] != 0;
    size_t k = 0;
    if (!dispute && f->n) {
        k += (size_t)snprintf(buf, n, "%s: ", f->s[0].speaker);
        if (k >= n)
            return;
    }
    k += run_text(&f->runs[0], dispute, buf + k, n - k);
    if (k >= n)
        return;
    k += (size_t)snprintf(buf + k, n - k, "%s", dispute ? " against " : ", then ");
    if (k >= n)
        return;
    run_text(&f->runs[1], dispute, buf + k, n - k);
}

/* The string member key of JSON object j, or "". */
static const char *jstr(json_t *j, const char *key)
{
    const char *s = json_string_value(json_object_get(j, key));
    return s ? s : "";
}

/* Reads one run or side of a finding's support JSON. */
static void read_run(json_t *j, rpt_run *r)
{
    memset(r, 0, sizeof *r);
    snprintf(r->side, sizeof r->side, "%s", jstr(j, "side"));
    snprintf(r->stance, sizeof r->stance, "%s", jstr(j, "stance"));
    r->count = json_integer_value(json_object_get(j, "count"));
    snprintf(r->from, sizeof r->from, "%s", jstr(j, "from"));
    snprintf(r->to, sizeof r->to, "%s", jstr(j, "to"));
}

/* Fills f's runs from its support (JSON text, may be NULL). */
static void read_support(rpt_finding *f, const char *support)
{
    json_t *j = support ? json_loads(support, 0, NULL) : NULL;
    json_t *sides = json_object_get(j, "sides");
    json_t *a = sides ? json_array_get(sides, 0) : json_object_get(j, "before");
    json_t *b = sides ? json_array_get(sides, 1) : json_object_get(j, "after");
    if (a && b) {
        read_run(a, &f->runs[0]);
        read_run(b, &f->runs[1]);
        f->nruns = 2;
    }
    json_decref(j);
}

/* ---- the time between two statements ------------------------------------- */

static int64_t day_of(int64_t t)
{
    return t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
}

/* A duration as "12 h 54 min", "3 d 4 h", "45 days". */
static void duration(int64_t d, char *buf, size_t n)
{
    if (d < 60)
        snprintf(buf, n, "%lld s", (long long)d);
    else if (d < 3600)
        snprintf(buf, n, "%lld min", (long long)(d / 60));
    else if (d < 86400)
        snprintf(buf, n, "%lld h %lld min", (long long)(d / 3600), (long long)(d % 3600 / 60));
    else if (d < 14 * 86400)
        snprintf(buf, n, "%lld d %lld h", (long long)(d / 86400), (long long)(d % 86400 / 3600));
    else
        snprintf(buf, n, "%lld days", (long long)(d / 86400));
}

/* Fills f's gap fields from its deciding pair (earlier first). */
static void gap(rpt_finding *f)
{
    const tr_date *a = &f->s[f->pair[0]].date, *b = &f->s[f->pair[1]].date;
    f->overlap = a->hi >= b->lo && b->hi >= a->lo;
    f->order_uncertain = f->overlap || !f->f->order_certain;
    int64_t lo = a->lo < b->lo ? a->lo : b->lo, hi = a->hi > b->hi ? a->hi : b->hi;
    if (f->overlap) {
        f->gap_min = 0;
        f->gap_max = hi - lo;
        snprintf(f->gap, sizeof f->gap, "%s",
                 day_of(lo) == day_of(hi) ? "same day" : "overlapping dates");
        return;
    }
    if (b->lo < a->lo) { /* defensive: keep a the earlier */
        const tr_date *t = a;
        a = b;
        b = t;
    }
    f->gap_min = b->lo - a->hi;
    f->gap_max = b->hi - a->lo;
    if (a->hi - a->lo < 60 && b->hi - b->lo < 60) {
        char d[48];
        duration(b->lo - a->lo, d, sizeof d);
        snprintf(f->gap, sizeof f->gap, "%s apart", d);
        return;
    }
    int64_t dmin = day_of(b->lo) - day_of(a->hi), dmax = day_of(b->hi) - day_of(a->lo);
    if (dmax == 0)
        snprintf(f->gap, sizeof f->gap, "same day");
    else if (dmin == dmax)
        snprintf(f->gap, sizeof f->gap, "%lld day%s apart", (long long)dmin, dmin == 1 ? "" : "s");
    else if (dmin == 0)
        snprintf(f->gap, sizeof f->gap, "up to %lld day%s apart", (long long)dmax,
                 dmax == 1 ? "" : "s");
    else
        snprintf(f->gap, sizeof f->gap, "%lld to %lld days apart", (long long)dmin, (long long)dmax);
}

/* ---- the pass over the store --------------------------------------------- */

struct walk {
    tr_db *db;
    const rpt_header *h;
    const rpt_renderer *r;
    rpt_out *o;
    rpt_finding cur;
    int section;
    int64_t index;
    int oom;
    tr_status st;
    tr_err *err;
};

/* A copy of s (NULL for NULL) that the current finding owns until
** stmt_free; sets w->oom when out of memory. */
static char *dup(struct walk *w, const char *s)
{
    if (!s)
        return NULL;
    char *d = strdup(s);
    if (!d)
        w->oom = 1;
    return d;
}

/* Frees the strings statement s owns. */
static void stmt_free(rpt_stmt *s)
{
    char **v[] = {&s->speaker, &s->side, &s->role, &s->mode, &s->text, &s->date_text,
                  &s->source, &s->url, &s->feed_id, &s->stance, &s->cue, &s->negation, &s->hedge,
                  &s->sources};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        free(*v[i]);
        *v[i] = NULL;
    }
}

/* Copies one statement of the current finding. */
static int stmt_cb(void *ctx, const tr_finding_stmt *fs)
{
    struct walk *w = ctx;
    if (w->cur.n == w->cur.cap) {
        int cap = w->cur.cap ? 2 * w->cur.cap : 4;
        rpt_stmt *v = realloc(w->cur.s, (size_t)cap * sizeof *v);
        if (!v) {
            w->oom = 1;
            return 1;
        }
        w->cur.s = v;
        w->cur.cap = cap;
    }
    const tr_statement_row *r = &fs->s;
    rpt_stmt *s = &w->cur.s[w->cur.n++];
    memset(s, 0, sizeof *s);
    s->id = r->id;
    s->deciding = fs->deciding;
    s->feed_id = dup(w, r->ext_id);
    s->speaker = dup(w, r->speaker);
    s->side = dup(w, r->side ? r->side : r->person_side);
    s->mode = dup(w, r->mode);
    s->text = dup(w, r->text);
    s->date_text = dup(w, r->date_text);
    s->source = dup(w, r->source);
    s->url = dup(w, r->url ? r->url : r->source_url);
    s->stance = dup(w, fs->stance);
    s->cue = dup(w, fs->cue);
    s->negation = dup(w, fs->negation);
    s->hedge = dup(w, fs->hedge);
    s->date = (tr_date){r->date_lo, r->date_hi, tr_prec_from_name(r->date_prec)};
    s->prec = tr_prec_name(s->date.prec);
    tr_date_format(&s->date, s->utc, sizeof s->utc);
    tr_date_show(&s->date, w->h->zone, s->when, sizeof s->when);
    if (s->date.prec == TR_PREC_YEAR || s->date.prec == TR_PREC_MONTH) {
        size_t L = strlen(s->when);
        snprintf(s->when + L, sizeof s->when - L, " (%s)", s->prec);
    }
    tr_date_given(r->date_text, &s->date, s->given, sizeof s->given);
    int64_t off;
    s->show_given = tr_date_given_offset(r->date_text, &s->date, &off) &&
                    off != tr_zone_offset(w->h->zone, s->date.lo);
    s->cue_start = fs->cue_start;
    s->cue_end = fs->cue_end;
    s->nreports = r->nreports;
    if (r->nreports > 1) {
        tr_buf b;
        tr_buf_init(&b);
        if ((w->st = reports_sources(w->db, r->id, &b, w->err)) != TR_OK) {
            tr_buf_free(&b);
            return 1;
        }
        s->sources = dup(w, b.data ? b.data : "");
        tr_buf_free(&b);
    }
    if (r->role) {
        s->role = dup(w, r->role);
    } else {
        char role[512];
        w->st = tr_db_report_role(w->db, r->person_id, r->date_lo, r->date_hi, role, sizeof role,
                                  w->err);
        s->role = role[0] ? dup(w, role) : NULL;
    }
    if (!report_has_cue(s))
        s->cue_start = s->cue_end = -1;
    return w->st != TR_OK || w->oom;
}

/* Collects one finding with its statements, renders it and frees them
** (the statements' array is kept for the next finding). */
static int finding_cb(void *ctx, const tr_finding_row *f)
{
    struct walk *w = ctx;
    rpt_stmt *keep = w->cur.s;
    int cap = w->cur.cap;
    memset(&w->cur, 0, sizeof w->cur);
    w->cur.s = keep; /* the statements' array is reused from finding to finding */
    w->cur.cap = cap;
    w->cur.f = f;
    w->cur.section = w->section;
    w->cur.index = ++w->index;
    tr_status st = tr_db_finding_statements(w->db, f->id, stmt_cb, w, w->err);
    if (!st && !w->st && !w->oom && w->cur.n >= 2) {
        int k = 0;
        for (int i = 0; i < w->cur.n && k < 2; i++)
            if (w->cur.s[i].deciding)
                w->cur.pair[k++] = i;
        if (k < 2) { /* recorded before deciding pairs: the first two */
            w->cur.pair[0] = 0;
            w->cur.pair[1] = 1;
        }
        read_support(&w->cur, f->support);
        gap(&w->cur);
        w->r->finding(w->o, w->h, &w->cur);
    }
    for (int i = 0; i < w->cur.n; i++)
        stmt_free(&w->cur.s[i]);
    if (st && !w->st)
        w->st = st;
    return w->st != TR_OK || w->oom;
}

/* Renders one person's activity. */
static int person_cb(void *ctx, const tr_report_person *p)
{
    struct walk *w = ctx;
    w->r->person(w->o, w->h, p);
    return 0;
}

/* Fills h's counts and rule set for window w; see report_model.h. */
tr_status report_header(tr_db *db, const tr_report_window *w, rpt_header *h, tr_err *err)
{
    tr_status st = tr_db_report_counts(db, w, &h->counts, err);
    if (!st)
        st = tr_db_scan_ruleset(db, h->ruleset, sizeof h->ruleset, NULL, err);
    return st;
}

/* Streams the report for window win through r to o: the sections, then
** activity; see report_model.h. */
tr_status report_stream(tr_db *db, const tr_report_window *win, const rpt_header *h,
                        const rpt_renderer *r, rpt_out *o, tr_err *err)
{
    struct walk w = {.db = db, .h = h, .r = r, .o = o, .err = err};
    r->begin(o, h);
    static const int sections[] = {TR_REPORT_NEW, TR_REPORT_OPEN, TR_REPORT_ACK};
    for (int i = 0; i < (o->hide_ack ? 2 : 3); i++) {
        int64_t count = i == 0 ? h->counts.new_findings : i == 1 ? h->counts.open_findings
                                                                 : h->counts.acknowledged;
        w.section = sections[i];
        w.index = 0;
        o->n = 0;
        r->section(o, h, w.section, count);
        tr_status st = tr_db_report_findings(db, win, sections[i], finding_cb, &w, err);
        if (st || w.st || w.oom) {
            free(w.cur.s);
            return w.oom ? tr_errf(err, TR_ESOFTWARE, "out of memory") : st ? st : w.st;
        }
        r->section_end(o, h, w.section, count);
    }
    free(w.cur.s);
    o->n = 0;
    r->activity(o, h);
    tr_status st = tr_db_report_activity(db, win, person_cb, &w, err);
    if (st)
        return st;
    r->activity_end(o, h);
    r->end(o, h);
    return TR_OK;
}
