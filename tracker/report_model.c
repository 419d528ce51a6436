/*
** report_model.c: reads what a report shows, in one pass over the store,
** and streams it to a renderer (see report_model.h).  Each finding is
** collected with its two statements, rendered and freed before the next
** is read: memory does not grow with the number of findings.
*/
#include "report_model.h"

#include <stdlib.h>
#include <string.h>

/* ---- shared helpers ------------------------------------------------------ */

void report_time(int64_t t, char *buf, size_t n)
{
    char iso[40];
    tr_date_format_utc(t, iso, sizeof iso); /* YYYY-MM-DDTHH:MM:SSZ */
    int secs = strncmp(iso + 17, "00", 2) != 0;
    snprintf(buf, n, "%.10s %.*s UTC", iso, secs ? 8 : 5, iso + 11);
}

void report_when(const rpt_stmt *s, char *buf, size_t n)
{
    size_t k = 0;
    for (const char *p = s->utc; *p && k + 8 < n; p++) {
        if (*p == 'T')
            buf[k++] = ' ';
        else if (*p == 'Z')
            k += (size_t)snprintf(buf + k, n - k, " UTC");
        else if (*p == '/')
            k += (size_t)snprintf(buf + k, n - k, " to ");
        else
            buf[k++] = *p;
    }
    buf[k] = 0;
    tr_prec p = s->date.prec;
    if (p == TR_PREC_YEAR || p == TR_PREC_MONTH)
        snprintf(buf + k, n - k, " (%s)", tr_prec_name(p));
}

void report_window(const rpt_header *h, char *buf, size_t n)
{
    char a[48], b[48];
    report_time(h->to, b, sizeof b);
    if (h->since_kind == RPT_SINCE_LAST && h->prev_run) {
        report_time(h->from, a, sizeof a);
        snprintf(buf, n, "since the previous report (run %lld, %s) until %s", (long long)h->prev_run,
                 a, b);
    } else if (h->since_kind == RPT_SINCE_LAST) {
        snprintf(buf, n, "everything until %s (no earlier report)", b);
    } else {
        report_time(h->from, a, sizeof a);
        snprintf(buf, n, "from %s until %s", a, b);
    }
}

int report_has_cue(const rpt_stmt *s)
{
    size_t L = s->text ? strlen(s->text) : 0;
    return s->cue_start >= 0 && s->cue_end > s->cue_start && (size_t)s->cue_end <= L;
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

/* Fills f's gap fields from its two statements (earlier first). */
static void gap(rpt_finding *f)
{
    const tr_date *a = &f->s[0].date, *b = &f->s[1].date;
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

static char *dup(struct walk *w, const char *s)
{
    if (!s)
        return NULL;
    char *d = strdup(s);
    if (!d)
        w->oom = 1;
    return d;
}

static void stmt_free(rpt_stmt *s)
{
    char **v[] = {&s->speaker, &s->side, &s->role, &s->mode, &s->text, &s->date_text,
                  &s->source, &s->url, &s->stance, &s->cue, &s->negation, &s->hedge};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        free(*v[i]);
        *v[i] = NULL;
    }
}

/* Copies one statement of the current finding. */
static int stmt_cb(void *ctx, const tr_finding_stmt *fs)
{
    struct walk *w = ctx;
    if (w->cur.n == 2)
        return 0; /* a finding holds two statements; more are not shown */
    const tr_statement_row *r = &fs->s;
    rpt_stmt *s = &w->cur.s[w->cur.n++];
    s->id = r->id;
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
    s->cue_start = fs->cue_start;
    s->cue_end = fs->cue_end;
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

static int finding_cb(void *ctx, const tr_finding_row *f)
{
    struct walk *w = ctx;
    memset(&w->cur, 0, sizeof w->cur);
    w->cur.f = f;
    w->cur.section = w->section;
    w->cur.index = ++w->index;
    tr_status st = tr_db_finding_statements(w->db, f->id, stmt_cb, w, w->err);
    if (!st && !w->st && !w->oom && w->cur.n == 2) {
        gap(&w->cur);
        w->r->finding(w->o, w->h, &w->cur);
    }
    for (int i = 0; i < w->cur.n; i++)
        stmt_free(&w->cur.s[i]);
    if (st && !w->st)
        w->st = st;
    return w->st != TR_OK || w->oom;
}

static int person_cb(void *ctx, const tr_report_person *p)
{
    struct walk *w = ctx;
    w->r->person(w->o, w->h, p);
    return 0;
}

tr_status report_header(tr_db *db, const tr_report_window *w, rpt_header *h, tr_err *err)
{
    tr_status st = tr_db_report_counts(db, w, &h->counts, err);
    if (!st)
        st = tr_db_scan_ruleset(db, h->ruleset, sizeof h->ruleset, NULL, err);
    return st;
}

tr_status report_stream(tr_db *db, const tr_report_window *win, const rpt_header *h,
                        const rpt_renderer *r, rpt_out *o, tr_err *err)
{
    struct walk w = {.db = db, .h = h, .r = r, .o = o, .err = err};
    r->begin(o, h);
    static const int sections[] = {TR_REPORT_NEW, TR_REPORT_OPEN};
    for (int i = 0; i < 2; i++) {
        int64_t count = i == 0 ? h->counts.new_findings : h->counts.open_findings;
        w.section = sections[i];
        w.index = 0;
        o->n = 0;
        r->section(o, h, w.section, count);
        tr_status st = tr_db_report_findings(db, win, sections[i], finding_cb, &w, err);
        if (st || w.st || w.oom)
            return w.oom ? tr_errf(err, TR_ESOFTWARE, "out of memory") : st ? st : w.st;
        r->section_end(o, h, w.section, count);
    }
    o->n = 0;
    r->activity(o, h);
    tr_status st = tr_db_report_activity(db, win, person_cb, &w, err);
    if (st)
        return st;
    r->activity_end(o, h);
    r->end(o, h);
    return TR_OK;
}
