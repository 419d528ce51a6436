/*
** report_html.c: the report as one self-contained HTML file: inline CSS,
** no script, no external asset.  Statements sit side by side on wide
** screens and stack on narrow ones; print gets its own rules.  Each
** finding has a timeline drawn as inline SVG: the two statements on a
** date axis, an instant as a dot and an uncertain date as a bar over the
** whole range it can mean.  Every stored text is escaped (& < > " ').
*/
#include <ctype.h>
#include <string.h>

#include "report_render.h"
#include "text.h"

/* Writes n bytes of s escaped for HTML text and attribute values. */
/* Writes n bytes of s escaped for HTML: made visible first (the one
** escaping layer: C1 controls and bidi overrides as \u009b, \u202e, so
** no stored text reorders what is around it), then HTML's characters. */
static void h_put(FILE *f, const char *s0, size_t n0)
{
    tr_buf vis;
    tr_buf_init(&vis);
    tr_buf_add_visible(&vis, s0, n0, TR_VIS_LINES);
    const char *s = vis.data && !vis.oom ? vis.data : "";
    size_t n = vis.data && !vis.oom ? vis.len : 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        case '\'': fputs("&#39;", f); break;
        default: fputc(c < 0x20 && c != '\n' && c != '\t' ? ' ' : c, f);
        }
    }
    tr_buf_free(&vis);
}

static void h(FILE *f, const char *s)
{
    if (s)
        h_put(f, s, strlen(s));
}

/* Writes s escaped, cut to at most max bytes on a character boundary. */
static void h_cut(FILE *f, const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n <= max) {
        h_put(f, s, n);
        return;
    }
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
        max--;
    h_put(f, s, max);
    fputs("…", f);
}

static int linkable(const char *url)
{
    return url && (!strncmp(url, "https://", 8) || !strncmp(url, "http://", 7));
}

static const char css[] =
    ":root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#fff;--card:#f6f8fa;"
    "--affirm:#1a7f37;--deny:#cf222e;--high:#cf222e;--medium:#9a6700;--low:#59636e}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0 auto;max-width:72rem;padding:1rem;font:16px/1.5 system-ui,-apple-system,"
    "'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif;color:var(--fg);background:var(--bg)}\n"
    "h1{font-size:1.6rem;margin:.2rem 0}h2{font-size:1.3rem;margin:2rem 0 .6rem;"
    "border-bottom:2px solid var(--line);padding-bottom:.2rem}\n"
    "h3{font-size:1.1rem;margin:0 0 .3rem}code{font-size:.9em;overflow-wrap:anywhere}\n"
    ".count{display:inline-block;min-width:1.6em;padding:0 .4em;border-radius:1em;background:var(--card);"
    "border:1px solid var(--line);text-align:center;font-size:.9em}\n"
    "dl.summary{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:.8rem 0}\n"
    "dl.summary dt{font-weight:600}dl.summary dd{margin:0}\n"
    ".meta{color:var(--muted);margin:.2rem 0 .6rem}\n"
    ".finding{border:1px solid var(--line);border-left:6px solid var(--medium);border-radius:8px;"
    "padding:1rem;margin:1rem 0;background:var(--bg)}\n"
    ".finding.sev-high,.finding.sev-critical{border-left-color:var(--high)}"
    ".finding.sev-low{border-left-color:var(--low)}\n"
    ".sev{font-size:.8rem;font-weight:700;text-transform:uppercase;letter-spacing:.04em;"
    "padding:.1rem .5rem;border-radius:1rem;color:#fff;background:var(--medium);vertical-align:middle}\n"
    ".sev-high .sev,.sev-critical .sev{background:var(--high)}.sev-low .sev{background:var(--low)}\n"
    ".uncertain{color:var(--deny);font-weight:700}\n"
    "svg.timeline{display:block;width:100%;height:auto;max-height:11rem;margin:.4rem 0 .8rem}\n"
    "svg.timeline text{font:11px system-ui,sans-serif;fill:var(--fg)}\n"
    "svg.timeline .tick text{fill:var(--muted)}\n"
    ".pair{display:grid;grid-template-columns:1fr;gap:.8rem}\n"
    "@media (min-width:44rem){.pair{grid-template-columns:1fr 1fr}}\n"
    ".stmt{background:var(--card);border-radius:6px;padding:.7rem .9rem;min-width:0}\n"
    ".stmt .label{font-size:.75rem;text-transform:uppercase;letter-spacing:.06em;color:var(--muted);margin:0}\n"
    ".stmt p{margin:.25rem 0}.who strong{font-size:1.05rem}\n"
    ".tag{font-size:.8rem;border:1px solid var(--line);border-radius:4px;padding:0 .3rem;background:var(--bg)}\n"
    "blockquote{margin:.5rem 0;padding:.1rem .8rem;border-left:3px solid var(--line);"
    "overflow-wrap:anywhere;white-space:pre-wrap}\n"
    "mark{background:#fff3b0;padding:0 .1em;font-weight:600;text-decoration:underline}\n"
    ".stance-affirm{color:var(--affirm);font-weight:600}.stance-deny{color:var(--deny);font-weight:600}\n"
    "a{color:#0969da;overflow-wrap:anywhere}\n"
    ".table-wrap{overflow-x:auto}table{border-collapse:collapse;width:100%;font-size:.95rem}\n"
    "th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid var(--line)}"
    "td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}\n"
    "footer{margin-top:2rem;padding-top:.6rem;border-top:1px solid var(--line);color:var(--muted);"
    "font-size:.9rem;overflow-wrap:anywhere}\n"
    ".none{color:var(--muted)}\n"
    "@media (max-width:30rem){body{padding:.6rem;font-size:15px}.finding{padding:.7rem}"
    "svg.timeline text{font-size:19px}svg.timeline .minor{display:none}}\n"
    "@media print{body{max-width:none;font-size:10pt;padding:0}"
    ".finding{break-inside:avoid;page-break-inside:avoid}"
    ".pair{grid-template-columns:1fr 1fr}h2{break-after:avoid}"
    "a{color:inherit;text-decoration:none}a[href]::after{content:\" <\" attr(href) \">\";"
    "font-size:.85em;color:var(--muted)}"
    "mark{background:none;border-bottom:2px solid #000}.sev{color:#000;background:none;"
    "border:1px solid #000}}\n";

static void x_begin(rpt_out *o, const rpt_header *hd)
{
    FILE *f = o->f;
    char t[48], win[256];
    const tr_report_counts *c = &hd->counts;
    report_time(hd, hd->now, t, sizeof t);
    report_window(hd, win, sizeof win);
    fprintf(f, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
               "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
               "<meta name=\"generator\" content=\"tracker report\">\n"
               "<title>Consistency report, %s</title>\n<style>\n%s</style>\n</head>\n<body>\n",
            t, css);
    fprintf(f, "<header>\n<h1>Consistency report</h1>\n<p class=\"meta\">%s", t);
    if (hd->run)
        fprintf(f, " · report run %lld", (long long)hd->run);
    fprintf(f, "</p>\n<dl class=\"summary\">\n<dt>Window</dt><dd>");
    h(f, win);
    fprintf(f, "</dd>\n<dt>Ingested</dt><dd>%lld statement%s by %lld %s from %lld source%s</dd>\n",
            (long long)c->ingested, c->ingested == 1 ? "" : "s", (long long)c->ingested_people,
            c->ingested_people == 1 ? "person" : "people", (long long)c->ingested_sources,
            c->ingested_sources == 1 ? "" : "s");
    if (c->scans) {
        report_time(hd, c->last_scan_at, t, sizeof t);
        fprintf(f, "<dt>Scans</dt><dd>%lld, the last started %s</dd>\n", (long long)c->scans, t);
    } else {
        fprintf(f, "<dt>Scans</dt><dd>none in this window</dd>\n");
    }
    fprintf(f, "<dt>Findings</dt><dd><a href=\"#new\">%s%lld new%s</a>, <a href=\"#open\">%lld "
               "open</a>, %s%lld acknowledged%s</dd>\n</dl>\n</header>\n<main>\n",
            c->new_findings ? "<strong>" : "", (long long)c->new_findings,
            c->new_findings ? "</strong>" : "", (long long)c->open_findings,
            o->hide_ack ? "" : "<a href=\"#acknowledged\">", (long long)c->acknowledged,
            o->hide_ack ? "" : "</a>");
}

/* The section's anchor: new, open, acknowledged. */
static const char *anchor(int section)
{
    return section == TR_REPORT_NEW ? "new" : section == TR_REPORT_OPEN ? "open" : "acknowledged";
}

static void x_section(rpt_out *o, const rpt_header *hd, int section, int64_t count)
{
    (void)hd;
    fprintf(o->f, "<section id=\"%s\">\n<h2>%s findings <span class=\"count\">%lld</span></h2>\n",
            anchor(section), report_section_name(section), (long long)count);
}

/* ---- the timeline ---------------------------------------------------------- */

#define SVG_W 640
#define X0 20
#define X1 620

static double xpos(int64_t t, int64_t a0, int64_t a1)
{
    return X0 + (double)(t - a0) / (double)(a1 - a0) * (X1 - X0);
}

/* A tick label for t: a day when the axis spans days, else day and time. */
static void tick_label(int64_t t, int64_t span, char *buf, size_t n)
{
    char iso[40];
    tr_date_format_utc(t, iso, sizeof iso);
    if (span >= 4 * 86400)
        snprintf(buf, n, "%.10s", iso);
    else
        snprintf(buf, n, "%.5s %.5s", iso + 5, iso + 11);
}

static void timeline(FILE *f, const rpt_finding *rf)
{
    int64_t lo = rf->s[0].date.lo, hi = rf->s[0].date.hi;
    for (int i = 1; i < rf->n; i++) {
        if (rf->s[i].date.lo < lo)
            lo = rf->s[i].date.lo;
        if (rf->s[i].date.hi > hi)
            hi = rf->s[i].date.hi;
    }
    int64_t span = hi - lo;
    if (span < 3600)
        span = 3600;
    int64_t pad = span / 12 + 1;
    int64_t a0 = lo - pad, a1 = lo + span + pad;
    int64_t full = a1 - a0;
    int axis = 28 + 36 * rf->n; /* each statement a row above the axis */
    fprintf(f, "<svg class=\"timeline\" viewBox=\"0 0 %d %d\" role=\"img\" "
               "xmlns=\"http://www.w3.org/2000/svg\" aria-label=\"Timeline: ",
            SVG_W, axis + 32);
    for (int i = 0; i < rf->n; i++) {
        char when[128];
        report_when(&rf->s[i], when, sizeof when);
        fprintf(f, "%s", i ? "; " : "");
        h(f, rf->s[i].speaker);
        fputs(", ", f);
        h(f, when);
    }
    fprintf(f, "\">\n<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#8c959f\" "
               "stroke-width=\"1.5\"/>\n<g class=\"tick\">\n",
            X0, axis, X1, axis);
    for (int k = 0; k <= 4; k++) {
        int64_t t = a0 + full * k / 4;
        double x = xpos(t, a0, a1);
        char lab[40];
        tick_label(t, full, lab, sizeof lab);
        fprintf(f, "<g%s><line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#8c959f\"/>"
                   "<text x=\"%.1f\" y=\"%d\" text-anchor=\"%s\">%s</text></g>\n",
                k % 2 ? " class=\"minor\"" : "", x, axis - 4, x, axis + 4, x, axis + 22,
                k == 0 ? "start" : k == 4 ? "end" : "middle", lab);
    }
    fputs("</g>\n", f);
    for (int i = 0; i < rf->n; i++) {
        const rpt_stmt *s = &rf->s[i];
        int y = 30 + 36 * i;
        const char *col = !strcmp(s->stance, "deny") ? "#cf222e" : "#1a7f37";
        double xa = xpos(s->date.lo, a0, a1), xb = xpos(s->date.hi, a0, a1);
        char when[128];
        report_when(s, when, sizeof when);
        fprintf(f, "<g class=\"mark %s\">", s->date.hi - s->date.lo < 60 ? "instant" : "range");
        fputs("<title>", f);
        h(f, s->speaker);
        fputs(": ", f);
        h(f, when);
        fputs("</title>", f);
        if (xb - xa < 8) {
            fprintf(f, "<circle cx=\"%.1f\" cy=\"%d\" r=\"6\" fill=\"%s\"/>", (xa + xb) / 2, y, col);
        } else {
            fprintf(f, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"12\" rx=\"6\" fill=\"%s\" "
                       "fill-opacity=\".35\" stroke=\"%s\" stroke-width=\"1.5\"/>",
                    xa, y - 6, xb - xa, col, col);
        }
        fprintf(f, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\" "
                   "stroke-dasharray=\"2 3\" stroke-opacity=\".6\"/>",
                (xa + xb) / 2, y + 7, (xa + xb) / 2, axis, col);
        double mid = (xa + xb) / 2;
        const char *anchor = mid < SVG_W * 0.3 ? "start" : mid > SVG_W * 0.7 ? "end" : "middle";
        double tx = !strcmp(anchor, "start") ? (xa < X0 ? X0 : xa) : !strcmp(anchor, "end") ? xb : mid;
        fprintf(f, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"%s\">", tx, y - 11, anchor);
        h_cut(f, s->speaker, 40);
        fputs(" · ", f);
        h(f, s->stance);
        fputs(" · ", f);
        h(f, when);
        fputs("</text></g>\n", f);
    }
    fputs("</svg>\n", f);
}

/* ---- a finding ---------------------------------------------------------------- */

static void stmt(FILE *f, const char *label, const rpt_stmt *s)
{
    char when[128], lo[40];
    report_when(s, when, sizeof when);
    tr_date_format_utc(s->date.lo, lo, sizeof lo);
    fprintf(f, "<div class=\"stmt\">\n<p class=\"label\">%s</p>\n<p class=\"who\"><strong>", label);
    h(f, s->speaker);
    fputs("</strong>", f);
    if (s->side) {
        fputs(" <span class=\"tag\">", f);
        h(f, s->side);
        fputs("</span>", f);
    }
    if (s->role) {
        fputs("<br><span class=\"role\">", f);
        h(f, s->role);
        fputs("</span>", f);
    }
    fputs("</p>\n<p class=\"when\"><time datetime=\"", f);
    h(f, lo);
    fputs("\">", f);
    h(f, when);
    fputs("</time> <span class=\"tag\">", f);
    h(f, s->prec);
    fputs("</span>", f);
    if (s->show_given) {
        fputs(" <span class=\"meta\">given as ", f);
        h(f, s->given);
        fputs("</span>", f);
    }
    fputs("</p>\n<blockquote>", f);
    if (s->cue_start >= 0) {
        h_put(f, s->text, (size_t)s->cue_start);
        fputs("<mark>", f);
        h_put(f, s->text + s->cue_start, (size_t)(s->cue_end - s->cue_start));
        fputs("</mark>", f);
        h(f, s->text + s->cue_end);
    } else {
        h(f, s->text);
    }
    fputs("</blockquote>\n<p class=\"mode meta\">", f);
    h(f, !strcmp(s->mode, "reported") ? "reported speech" : "direct quote");
    if (s->feed_id) {
        fputs(" · feed id ", f);
        h(f, s->feed_id);
    }
    if (s->source || s->url) {
        fputs(" · ", f);
        if (linkable(s->url)) {
            fputs("<a href=\"", f);
            h(f, s->url);
            fputs("\" rel=\"noopener noreferrer\">", f);
            h(f, s->source ? s->source : s->url);
            fputs("</a>", f);
        } else {
            h(f, s->source);
            fputs(s->source && s->url ? ", " : "", f);
            h(f, s->url);
        }
    }
    if (s->sources) {
        fprintf(f, " · %lld reports: ", (long long)s->nreports);
        h(f, s->sources);
    }
    fprintf(f, "</p>\n<p class=\"stance\"><span class=\"stance-%s\">",
            !strcmp(s->stance, "deny") ? "deny" : "affirm");
    h(f, s->stance);
    fputs("</span>", f);
    if (s->cue) {
        fputs(" · cue <mark>", f);
        h(f, s->cue);
        fputs("</mark>", f);
    }
    if (s->negation) {
        fputs(" · negated by <mark>", f);
        h(f, s->negation);
        fputs("</mark>", f);
    }
    if (s->hedge) {
        fputs(" · hedged by <mark>", f);
        h(f, s->hedge);
        fputs("</mark>", f);
    }
    fputs("</p>\n</div>\n", f);
}

static void x_finding(rpt_out *o, const rpt_header *hd, const rpt_finding *rf)
{
    (void)hd;
    FILE *f = o->f;
    const tr_finding_row *fr = rf->f;
    o->n++;
    fputs("<article class=\"finding sev-", f);
    h(f, fr->severity);
    fputs("\" id=\"", f);
    h(f, fr->id);
    fprintf(f, "\">\n<h3>%lld. %c", (long long)rf->index, toupper((unsigned char)fr->kind[0]));
    h(f, fr->kind + 1);
    fputs(" on <code>", f);
    h(f, fr->topic);
    fputs("</code> <span class=\"sev\">", f);
    h(f, fr->severity);
    fputs("</span></h3>\n<p class=\"meta\">rule <code>", f);
    h(f, fr->rule);
    fputs("</code> · <code>", f);
    h(f, fr->id);
    fputs("</code> · ", f);
    h(f, rf->gap);
    if (rf->order_uncertain)
        fputs(" · <span class=\"uncertain\">order: uncertain</span>", f);
    if (rf->section != TR_REPORT_NEW) {
        fputs(" · status: ", f);
        h(f, fr->status);
    }
    fputs("</p>\n", f);
    char sup[512];
    report_support(rf, sup, sizeof sup);
    if (sup[0]) {
        fputs("<p class=\"support\">", f);
        h(f, sup);
        fputs("</p>\n", f);
    }
    timeline(f, rf);
    fputs("<div class=\"pair\">\n", f);
    for (int i = 0; i < rf->n; i++) {
        char label[80];
        report_label(rf, i, label, sizeof label);
        stmt(f, label, &rf->s[i]);
    }
    fputs("</div>\n</article>\n", f);
}

static void x_section_end(rpt_out *o, const rpt_header *hd, int section, int64_t count)
{
    (void)hd;
    if (count == 0)
        fprintf(o->f, "<p class=\"none\">No %s findings.</p>\n", anchor(section));
    fputs("</section>\n", o->f);
}

static void x_activity(rpt_out *o, const rpt_header *hd)
{
    (void)hd;
    fputs("<section id=\"activity\">\n<h2>Activity per person</h2>\n", o->f);
}

static void x_person(rpt_out *o, const rpt_header *hd, const tr_report_person *p)
{
    (void)hd;
    FILE *f = o->f;
    if (o->n++ == 0)
        fputs("<div class=\"table-wrap\"><table>\n<thead><tr><th>Person</th><th>Side</th>"
              "<th class=\"n\">Statements</th><th class=\"n\">Direct</th><th class=\"n\">Reported</th>"
              "<th>Dated</th><th class=\"n\">New findings</th></tr></thead>\n<tbody>\n",
              f);
    fputs("<tr><td>", f);
    h(f, p->name);
    fputs("</td><td>", f);
    h(f, p->side);
    fprintf(f, "</td><td class=\"n\">%lld</td><td class=\"n\">%lld</td><td class=\"n\">%lld</td><td>",
            (long long)p->statements, (long long)p->direct, (long long)p->reported);
    if (p->statements) {
        char a[40], b[40];
        tr_date_format_utc(p->date_lo, a, sizeof a);
        tr_date_format_utc(p->date_hi, b, sizeof b);
        if (strncmp(a, b, 10))
            fprintf(f, "%.10s to %.10s", a, b);
        else
            fprintf(f, "%.10s", a);
    }
    fprintf(f, "</td><td class=\"n\">%lld</td></tr>\n", (long long)p->findings);
}

static void x_activity_end(rpt_out *o, const rpt_header *hd)
{
    (void)hd;
    if (o->n)
        fputs("</tbody>\n</table></div>\n", o->f);
    else
        fputs("<p class=\"none\">Nothing ingested in this window.</p>\n", o->f);
    fputs("</section>\n", o->f);
}

static void x_end(rpt_out *o, const rpt_header *hd)
{
    const tr_report_counts *c = &hd->counts;
    FILE *f = o->f;
    fputs("</main>\n<footer>\n<p>", f);
    if (hd->ruleset[0]) {
        fputs("Rule set <code>", f);
        h(f, hd->ruleset);
        fputs("</code>", f);
    } else {
        fputs("No rule set yet (never scanned)", f);
    }
    fprintf(f, "<br>Store: %lld people, %lld statements, %lld findings (%lld new, %lld open, "
               "%lld acknowledged, %lld dismissed, %lld stale)</p>\n</footer>\n</body>\n</html>\n",
            (long long)c->people, (long long)c->statements, (long long)c->findings,
            (long long)c->new_findings, (long long)c->open_findings, (long long)c->acknowledged,
            (long long)c->dismissed, (long long)c->stale);
}

const rpt_renderer report_html = {x_begin,    x_section, x_finding,      x_section_end,
                                  x_activity, x_person,  x_activity_end, x_end};
