/*
** report_md.c: the report as Markdown (CommonMark + GitHub tables), for a
** CI comment or an e-mail.  Every stored text is escaped: Markdown's
** special characters get a backslash, line breaks become spaces (a cell
** is one line), and links are made only of http(s) URLs, percent-encoded
** where Markdown would stop reading them.
*/
#include <ctype.h>
#include <string.h>

#include "cli.h"
#include "report_render.h"

/* Writes n bytes of s escaped for a Markdown table cell or paragraph:
** made visible first (the one escaping layer: C1 controls and bidi
** overrides as \u009b, \u202e), then Markdown's characters escaped. */
static void md_put(FILE *f, const char *s0, size_t n0)
{
    tr_buf vis;
    tr_buf_init(&vis);
    tr_buf_add_visible(&vis, s0, n0, TR_VIS_SPACES);
    const char *s = vis.data && !vis.oom ? vis.data : "";
    size_t n = vis.data && !vis.oom ? vis.len : 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f)
            fputc(' ', f);
        else if (strchr("\\`*_[]<>|~#", c) && c)
            fprintf(f, "\\%c", c);
        else if (c == '&' && i + 1 < n && (isalnum((unsigned char)s[i + 1]) || s[i + 1] == '#'))
            fputs("\\&", f);
        else
            fputc(c, f);
    }
    tr_buf_free(&vis);
}

static void md(FILE *f, const char *s)
{
    if (s)
        md_put(f, s, strlen(s));
}

/* 1 when url may be a link (http or https). */
static int linkable(const char *url)
{
    return url && (!strncmp(url, "https://", 8) || !strncmp(url, "http://", 7));
}

/* Writes a link destination, percent-encoding what would end it. */
static void md_url(FILE *f, const char *u)
{
    for (; *u; u++) {
        unsigned char c = (unsigned char)*u;
        if (c <= 0x20 || c == 0x7f || strchr("()[]<>|\\`\"", c))
            fprintf(f, "%%%02X", c);
        else
            fputc(c, f);
    }
}

static void m_begin(rpt_out *o, const rpt_header *h)
{
    char t[48], win[256];
    const tr_report_counts *c = &h->counts;
    report_time(h, h->now, t, sizeof t);
    report_window(h, win, sizeof win);
    fprintf(o->f, "# Consistency report, %s\n\n", t);
    fprintf(o->f, "**Window:** %s", win);
    if (h->run)
        fprintf(o->f, " · report run %lld", (long long)h->run);
    fprintf(o->f, "  \n**Ingested:** %lld statement%s by %lld %s from %lld source%s",
            (long long)c->ingested, c->ingested == 1 ? "" : "s", (long long)c->ingested_people,
            c->ingested_people == 1 ? "person" : "people", (long long)c->ingested_sources,
            c->ingested_sources == 1 ? "" : "s");
    if (c->scans) {
        report_time(h, c->last_scan_at, t, sizeof t);
        fprintf(o->f, "; %lld scan%s, the last started %s", (long long)c->scans,
                c->scans == 1 ? "" : "s", t);
    } else {
        fprintf(o->f, "; no scan");
    }
    fprintf(o->f, "  \n**Findings:** %s%lld new%s, %lld open, %lld acknowledged\n",
            c->new_findings ? "**" : "", (long long)c->new_findings, c->new_findings ? "**" : "",
            (long long)c->open_findings, (long long)c->acknowledged);
}

static void m_section(rpt_out *o, const rpt_header *h, int section, int64_t count)
{
    (void)h;
    fprintf(o->f, "\n## %s findings (%lld)\n", report_section_name(section), (long long)count);
}

/* One row of the side-by-side table: a label and a cell per statement. */
typedef void (*cell_fn)(FILE *f, const rpt_stmt *s);

/* Whether statement i of rf has a column: every statement of a dispute,
** the deciding pair of a reversal. */
static int shown(const rpt_finding *rf, int i)
{
    return report_is_dispute(rf) || i == rf->pair[0] || i == rf->pair[1];
}

static void row(FILE *f, const char *label, cell_fn fn, const rpt_finding *rf)
{
    fprintf(f, "| **%s** |", label);
    for (int i = 0; i < rf->n; i++) {
        if (!shown(rf, i))
            continue;
        fputc(' ', f);
        fn(f, &rf->s[i]);
        fputs(" |", f);
    }
    fputc('\n', f);
}

static void c_who(FILE *f, const rpt_stmt *s)
{
    md(f, s->speaker);
    if (s->side || s->role) {
        fputs(" (", f);
        md(f, s->side);
        fputs(s->side && s->role ? ", " : "", f);
        md(f, s->role);
        fputc(')', f);
    }
}

static void c_when(FILE *f, const rpt_stmt *s)
{
    char when[128];
    report_when(s, when, sizeof when);
    md(f, when);
    if (s->show_given) {
        fputs(" (given as ", f);
        md(f, s->given);
        fputc(')', f);
    }
}

static void c_where(FILE *f, const rpt_stmt *s)
{
    if (linkable(s->url)) {
        fputc('[', f);
        md(f, s->source ? s->source : s->url);
        fputs("](", f);
        md_url(f, s->url);
        fputc(')', f);
    } else if (s->source || s->url) {
        md(f, s->source);
        fputs(s->source && s->url ? ", " : "", f);
        md(f, s->url);
    } else if (!s->feed_id) {
        fputs("unknown", f);
    }
    if (s->feed_id) {
        fputs(s->source || s->url ? " (feed id " : "feed id ", f);
        md(f, s->feed_id);
        fputs(s->source || s->url ? ")" : "", f);
    }
    if (s->sources) {
        fprintf(f, "; %lld reports: ", (long long)s->nreports);
        md(f, s->sources);
    }
}

static void c_quote(FILE *f, const rpt_stmt *s)
{
    const char *qo, *qc;
    cli_quote_marks(s->mode, 0, &qo, &qc);
    fprintf(f, "%s: %s", s->mode, qo);
    if (s->cue_start >= 0) {
        md_put(f, s->text, (size_t)s->cue_start);
        fputs("**", f);
        md_put(f, s->text + s->cue_start, (size_t)(s->cue_end - s->cue_start));
        fputs("**", f);
        md(f, s->text + s->cue_end);
    } else {
        md(f, s->text);
    }
    fputs(qc, f);
}

static void c_stance(FILE *f, const rpt_stmt *s)
{
    fputs(s->stance, f);
    if (s->cue) {
        fputs(", cue **", f);
        md(f, s->cue);
        fputs("**", f);
    }
    if (s->negation) {
        fputs(", negated by **", f);
        md(f, s->negation);
        fputs("**", f);
    }
    if (s->hedge) {
        fputs(", hedged by **", f);
        md(f, s->hedge);
        fputs("**", f);
    }
}

static void m_finding(rpt_out *o, const rpt_header *h, const rpt_finding *rf)
{
    (void)h;
    const tr_finding_row *f = rf->f;
    FILE *out = o->f;
    o->n++;
    fprintf(out, "\n### %lld. %c", (long long)rf->index, toupper((unsigned char)f->kind[0]));
    md(out, f->kind + 1);
    fputs(" on `", out);
    md(out, f->topic);
    fputs("` · ", out);
    md(out, f->severity);
    fputs(" · `", out);
    md(out, f->id);
    fputs("`\n\n", out);
    int dispute = report_is_dispute(rf);
    fputs("Rule `", out);
    md(out, f->rule);
    fprintf(out, "` · %s%s", dispute ? "nearest opposing pair: " : "", rf->gap);
    if (rf->order_uncertain)
        fputs(" · **order: uncertain**", out);
    if (rf->section != TR_REPORT_NEW) {
        fputs(" · status: ", out);
        md(out, f->status);
    }
    char sup[512];
    report_support(rf, sup, sizeof sup);
    if (sup[0]) {
        fputs("  \n", out);
        md(out, sup);
    }
    fputs("\n\n| ", out);
    for (int i = 0; i < rf->n; i++) {
        if (!shown(rf, i))
            continue;
        char label[80];
        report_label(rf, i, label, sizeof label);
        fputs(" | ", out);
        md(out, label);
    }
    fputs(" |\n| ---", out);
    for (int i = 0; i < rf->n; i++)
        if (shown(rf, i))
            fputs(" | ---", out);
    fputs(" |\n", out);
    row(out, "Who", c_who, rf);
    row(out, "When", c_when, rf);
    row(out, "Where", c_where, rf);
    row(out, "Quote", c_quote, rf);
    row(out, "Stance", c_stance, rf);
}

static void m_section_end(rpt_out *o, const rpt_header *h, int section, int64_t count)
{
    (void)h;
    if (count == 0)
        fprintf(o->f, "\nNone.\n");
    (void)section;
}

static void m_activity(rpt_out *o, const rpt_header *h)
{
    (void)h;
    fputs("\n## Activity per person\n", o->f);
}

static void m_person(rpt_out *o, const rpt_header *h, const tr_report_person *p)
{
    (void)h;
    if (o->n++ == 0)
        fputs("\n| Person | Side | Statements | Direct | Reported | Dated | New findings |\n"
              "| --- | --- | ---: | ---: | ---: | --- | ---: |\n", o->f);
    fputs("| ", o->f);
    md(o->f, p->name);
    fputs(" | ", o->f);
    md(o->f, p->side ? p->side : "");
    fprintf(o->f, " | %lld | %lld | %lld | ", (long long)p->statements, (long long)p->direct,
            (long long)p->reported);
    if (p->statements) {
        char a[40], b[40];
        tr_date_format_utc(p->date_lo, a, sizeof a);
        tr_date_format_utc(p->date_hi, b, sizeof b);
        if (strncmp(a, b, 10))
            fprintf(o->f, "%.10s to %.10s", a, b);
        else
            fprintf(o->f, "%.10s", a);
    }
    fprintf(o->f, " | %lld |\n", (long long)p->findings);
}

static void m_activity_end(rpt_out *o, const rpt_header *h)
{
    (void)h;
    if (o->n == 0)
        fputs("\nNothing ingested in this window.\n", o->f);
}

static void m_end(rpt_out *o, const rpt_header *h)
{
    const tr_report_counts *c = &h->counts;
    fputs("\n---\n\n", o->f);
    if (h->ruleset[0])
        fprintf(o->f, "Rule set `%s`", h->ruleset);
    else
        fputs("No rule set yet (never scanned)", o->f);
    fprintf(o->f, " · store: %lld people, %lld statements, %lld findings (%lld new, %lld open, "
                  "%lld acknowledged, %lld dismissed, %lld stale)\n",
            (long long)c->people, (long long)c->statements, (long long)c->findings,
            (long long)c->new_findings, (long long)c->open_findings, (long long)c->acknowledged,
            (long long)c->dismissed, (long long)c->stale);
}

const rpt_renderer report_markdown = {m_begin,    m_section, m_finding,      m_section_end,
                                      m_activity, m_person,  m_activity_end, m_end};
