/*
** report_text.c: the report as plain text for a terminal or a log.
** Colour (ANSI) only when rpt_out.color says so; stored text goes through
** the one escaping layer (tr_buf_add_visible) so a statement cannot drive
** the terminal.
*/
#include <string.h>

#include "cli.h"
#include "report_render.h"
#include "text.h"

#define C(o, code) ((o)->color ? (code) : "")
#define BOLD "\033[1m"
#define DIM "\033[2m"
#define CUE "\033[1;4m"
#define RED "\033[31m"
#define YELLOW "\033[33m"
#define RESET "\033[0m"

/* Writes n bytes of stored text s through the one escaping layer: tabs
** and line breaks as spaces, every other control, C1 control and
** bidirectional override made visible (\x1b, \u009b, \u202e). */
static void put_clean(FILE *f, const char *s, size_t n)
{
    tr_buf b;
    tr_buf_init(&b);
    tr_buf_add_visible(&b, s, n, TR_VIS_SPACES);
    if (b.data && !b.oom)
        fwrite(b.data, 1, b.len, f);
    tr_buf_free(&b);
}

static void puts_clean(FILE *f, const char *s)
{
    if (s)
        put_clean(f, s, strlen(s));
}

static const char *sev_color(const char *sev)
{
    return !strcmp(sev, "critical") || !strcmp(sev, "high") ? RED : YELLOW;
}

static void t_begin(rpt_out *o, const rpt_header *h)
{
    char t[48], win[256];
    report_time(h, h->now, t, sizeof t);
    report_window(h, win, sizeof win);
    fprintf(o->f, "%sConsistency report, %s%s", C(o, BOLD), t, C(o, RESET));
    if (h->run)
        fprintf(o->f, " (run %lld)", (long long)h->run);
    fprintf(o->f, "\nWindow: %s\n", win);
    const tr_report_counts *c = &h->counts;
    fprintf(o->f, "Ingested: %lld statement%s by %lld %s from %lld source%s\n",
            (long long)c->ingested, c->ingested == 1 ? "" : "s", (long long)c->ingested_people,
            c->ingested_people == 1 ? "person" : "people", (long long)c->ingested_sources,
            c->ingested_sources == 1 ? "" : "s");
    if (c->scans) {
        report_time(h, c->last_scan_at, t, sizeof t);
        fprintf(o->f, "Scans: %lld, the last started %s\n", (long long)c->scans, t);
    } else {
        fprintf(o->f, "Scans: none in this window\n");
    }
    fprintf(o->f, "Findings: %s%lld new%s, %lld open, %lld acknowledged\n",
            c->new_findings ? C(o, BOLD) : "", (long long)c->new_findings,
            c->new_findings ? C(o, RESET) : "", (long long)c->open_findings,
            (long long)c->acknowledged);
}

static void t_section(rpt_out *o, const rpt_header *h, int section, int64_t count)
{
    (void)h;
    fprintf(o->f, "\n%s== %s findings (%lld) ==%s\n", C(o, BOLD), report_section_name(section),
            (long long)count, C(o, RESET));
}

static void t_stmt(rpt_out *o, const char *label, const rpt_stmt *s)
{
    FILE *f = o->f;
    char when[128];
    report_when(s, when, sizeof when);
    fprintf(f, "   %s%-8s%s ", C(o, BOLD), label, C(o, RESET));
    puts_clean(f, s->speaker);
    if (s->side || s->role) {
        fputs(" (", f);
        puts_clean(f, s->side);
        fputs(s->side && s->role ? ", " : "", f);
        puts_clean(f, s->role);
        fputc(')', f);
    }
    fprintf(f, "\n     when:   %s", when);
    if (s->show_given) {
        fputs(" (given as ", f);
        puts_clean(f, s->given);
        fputc(')', f);
    }
    if (s->source || s->url || s->feed_id) {
        fputs("\n     where:  ", f);
        puts_clean(f, s->source);
        fputs(s->source && s->url ? ", " : "", f);
        puts_clean(f, s->url);
        if (s->feed_id) {
            fputs(s->source || s->url ? " (feed id " : "feed id ", f);
            puts_clean(f, s->feed_id);
            fputs(s->source || s->url ? ")" : "", f);
        }
    }
    if (s->sources) {
        fprintf(f, "\n     reports: %lld (", (long long)s->nreports);
        puts_clean(f, s->sources);
        fputc(')', f);
    }
    const char *qo, *qc;
    cli_quote_marks(s->mode, 1, &qo, &qc);
    fprintf(f, "\n     %s %s", !strcmp(s->mode, "reported") ? "said:  " : "quote: ", qo);
    if (s->cue_start >= 0) {
        put_clean(f, s->text, (size_t)s->cue_start);
        fputs(o->color ? CUE : "»", f);
        put_clean(f, s->text + s->cue_start, (size_t)(s->cue_end - s->cue_start));
        fputs(o->color ? RESET : "«", f);
        puts_clean(f, s->text + s->cue_end);
    } else {
        puts_clean(f, s->text);
    }
    fprintf(f, "%s (%s)\n     stance: %s", qc, s->mode, s->stance);
    /* The words the stance turned on, marked as in the quote. */
    const char *mo = o->color ? CUE : "»", *mc = o->color ? RESET : "«";
    if (s->cue) {
        fprintf(f, ", cue %s", mo);
        puts_clean(f, s->cue);
        fputs(mc, f);
    }
    if (s->negation) {
        fprintf(f, ", negated by %s", mo);
        puts_clean(f, s->negation);
        fputs(mc, f);
    }
    if (s->hedge) {
        fprintf(f, ", hedged by %s", mo);
        puts_clean(f, s->hedge);
        fputs(mc, f);
    }
    fputc('\n', f);
}

static void t_finding(rpt_out *o, const rpt_header *h, const rpt_finding *rf)
{
    (void)h;
    const tr_finding_row *f = rf->f;
    o->n++;
    fprintf(o->f, "\n%lld. %s", (long long)rf->index, C(o, BOLD));
    puts_clean(o->f, f->id);
    fprintf(o->f, "%s  ", C(o, RESET));
    puts_clean(o->f, f->kind);
    fputs(" on ", o->f);
    puts_clean(o->f, f->topic);
    fprintf(o->f, "  %s[", C(o, sev_color(f->severity)));
    puts_clean(o->f, f->severity);
    fprintf(o->f, "]%s  rule ", C(o, RESET));
    puts_clean(o->f, f->rule);
    if (rf->section != TR_REPORT_NEW) {
        fputs("  (", o->f);
        puts_clean(o->f, f->status);
        fputc(')', o->f);
    }
    char sup[512];
    report_support(rf, sup, sizeof sup);
    if (sup[0]) {
        fputs("\n   ", o->f);
        puts_clean(o->f, sup);
    }
    int dispute = report_is_dispute(rf);
    fprintf(o->f, "\n   %s%s%s\n", dispute ? "nearest opposing pair: " : "", rf->gap,
            rf->order_uncertain ? "; order: uncertain" : "");
    for (int i = 0; i < rf->n; i++) {
        if (!dispute && i != rf->pair[0] && i != rf->pair[1])
            continue;
        char label[80];
        report_label(rf, i, label, sizeof label);
        if (!dispute)
            for (char *c = label; *c; c++)
                *c = (char)(*c >= 'A' && *c <= 'Z' ? *c + 32 : *c);
        strncat(label, ":", sizeof label - strlen(label) - 1);
        t_stmt(o, label, &rf->s[i]);
    }
}

static void t_section_end(rpt_out *o, const rpt_header *h, int section, int64_t count)
{
    (void)h;
    (void)section;
    if (count == 0)
        fprintf(o->f, "   none\n");
}

static void t_activity(rpt_out *o, const rpt_header *h)
{
    (void)h;
    fprintf(o->f, "\n%s== Activity per person ==%s\n", C(o, BOLD), C(o, RESET));
}

/* The days an activity row spans: "2017-07-01" or "2017-07-01 to 2017-07-19". */
static void day_range(int64_t lo, int64_t hi, char *buf, size_t n)
{
    char a[40], b[40];
    tr_date_format_utc(lo, a, sizeof a);
    tr_date_format_utc(hi, b, sizeof b);
    if (!strncmp(a, b, 10))
        snprintf(buf, n, "%.10s", a);
    else
        snprintf(buf, n, "%.10s to %.10s", a, b);
}

static void t_person(rpt_out *o, const rpt_header *h, const tr_report_person *p)
{
    (void)h;
    o->n++;
    fputs("   ", o->f);
    puts_clean(o->f, p->name);
    if (p->side) {
        fputs(" (", o->f);
        puts_clean(o->f, p->side);
        fputc(')', o->f);
    }
    fprintf(o->f, ": %lld statement%s", (long long)p->statements, p->statements == 1 ? "" : "s");
    if (p->statements) {
        char r[64];
        day_range(p->date_lo, p->date_hi, r, sizeof r);
        fprintf(o->f, " (%lld direct, %lld reported), dated %s", (long long)p->direct,
                (long long)p->reported, r);
    }
    if (p->findings)
        fprintf(o->f, "; in %lld new finding%s", (long long)p->findings,
                p->findings == 1 ? "" : "s");
    fputc('\n', o->f);
}

static void t_activity_end(rpt_out *o, const rpt_header *h)
{
    (void)h;
    if (o->n == 0)
        fprintf(o->f, "   nobody: nothing ingested in this window\n");
}

static void t_end(rpt_out *o, const rpt_header *h)
{
    const tr_report_counts *c = &h->counts;
    fprintf(o->f, "\n--\nRule set: %s\n", h->ruleset[0] ? h->ruleset : "none (never scanned)");
    fprintf(o->f, "Store: %lld people, %lld statements, %lld findings (%lld new, %lld open, "
                  "%lld acknowledged, %lld dismissed, %lld stale)\n",
            (long long)c->people, (long long)c->statements, (long long)c->findings,
            (long long)c->new_findings, (long long)c->open_findings, (long long)c->acknowledged,
            (long long)c->dismissed, (long long)c->stale);
}

const rpt_renderer report_text = {t_begin,    t_section, t_finding,      t_section_end,
                                  t_activity, t_person,  t_activity_end, t_end};
