/*
** cmd_report.c: tracker report.  Chooses the window (since the previous
** report, or since a date), records the report run, and streams the
** report through the renderer of the chosen format (report_model.h).
*/
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "outfile.h"
#include "report_render.h"
#include "report_run.h"

enum { FMT_TEXT, FMT_MD, FMT_JSON, FMT_HTML };
enum { OPT_SINCE = 1, OPT_UNTIL, OPT_FORMAT, OPT_OUTPUT, OPT_FAIL, OPT_DRY, OPT_HIDE_ACK, OPT_BY };
static const char *const formats[] = {"text", "markdown", "json", "html", NULL};
#define MAX_OUTPUTS 8

static const cli_opt opts[] = {
    {"since", 0, "last|DATE", NULL, OPT_SINCE,
     "last (the default): since the previous report recorded in the store, or everything when "
     "there is none; the report is recorded as a run and its new findings become open.  DATE: "
     "findings first seen in scans started at or after DATE and statements ingested since "
     "DATE; records nothing"},
    {"until", 0, "DATE", NULL, OPT_UNTIL, "end the window at the end of DATE (records nothing)"},
    {"format", 0, NULL, formats, OPT_FORMAT,
     "the format of standard output and of an --output without a known extension: text (the "
     "default), markdown, json (schema tracker-report/1) or html (one self-contained file)"},
    {"output", 'o', "FILE", NULL, OPT_OUTPUT,
     "write the report to FILE, in the format its extension names (.html, .md, .json, .txt); "
     "repeatable: one recorded run, several files.  Each is replaced whole or not at all (a "
     "symlink is followed, a FIFO or device written directly, '-' is standard output; a file "
     "keeps its mode); a report that cannot be written records no run"},
    {"fail-on-new", 0, NULL, NULL, OPT_FAIL, "exit 1 when the report has new findings (after writing it)"},
    {"dry-run", 'n', NULL, NULL, OPT_DRY, "record nothing and leave findings' statuses alone"},
    {"hide-acknowledged", 0, NULL, NULL, OPT_HIDE_ACK, "leave the acknowledged findings out"},
    {"by", 0, "NAME", NULL, OPT_BY,
     "who the report's status changes (new to open) are recorded as made by (default: $USER)"},
    {0}};

/* The format an output file's extension names, or -1 when none does. */
static int format_of(const char *path)
{
    static const struct {
        const char *ext;
        int fmt;
    } exts[] = {{".html", FMT_HTML}, {".htm", FMT_HTML}, {".md", FMT_MD}, {".markdown", FMT_MD},
                {".json", FMT_JSON}, {".txt", FMT_TEXT}, {".text", FMT_TEXT}};
    const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');
    if (!dot || (slash && dot < slash))
        return -1;
    for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++)
        if (!strcmp(dot, exts[i].ext))
            return exts[i].fmt;
    return -1;
}

/* A --since or --until DATE for the report's window (calendar days in the
** --tz zone); TR_EUSAGE with one message naming the option. */
static tr_status window_date(const char *opt, const char *text, const tr_zone *z, int upper,
                             int64_t *out, tr_err *err)
{
    tr_status st = cli_date_bound(opt, text, z, upper, out, err);
    if (st && strstr(err->msg, ": invalid date '"))
        return tr_errf(err, TR_EUSAGE, "%s: '%s' is %s a date (YYYY, YYYY-MM, YYYY-MM-DD or "
                       "YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM])", opt, text, upper ? "not" : "neither 'last' nor");
    return st;
}

/* tracker report */
static int cmd_report(tr_cli *cli, const cli_command *self, int argc, char **argv)
{
    static const rpt_renderer *const renderers[] = {&report_text, &report_markdown, &report_json,
                                                    &report_html};
    const char *since = "last", *until = NULL, *by = NULL, *arg;
    const char *outputs[MAX_OUTPUTS];
    int nout = 0, id, fmt = -1, fail_on_new = 0, dry = 0, hide_ack = 0;
    cli_parser p;
    cli_parse_begin(&p, cli, self, argc, argv);
    while ((id = cli_next(&p, &arg)) > 0) {
        switch (id) {
        case OPT_SINCE: since = arg; break;
        case OPT_UNTIL: until = arg; break;
        case OPT_FORMAT: fmt = cli_pick(arg, formats); break;
        case OPT_OUTPUT:
            if (!*arg)
                return cli_usage(cli, "--output needs a file name");
            if (nout == MAX_OUTPUTS)
                return cli_usage(cli, "at most %d --output files", MAX_OUTPUTS);
            outputs[nout++] = arg;
            break;
        case OPT_FAIL: fail_on_new = 1; break;
        case OPT_DRY: dry = 1; break;
        case OPT_HIDE_ACK: hide_ack = 1; break;
        case OPT_BY: by = arg; break;
        }
    }
    if (id < 0)
        return p.rc;
    char **ops;
    if (cli_operands(&p, &ops))
        return cli_usage(cli, "unexpected argument '%s'", ops[0]);
    /* Each output's format: its extension's, else --format's, else text. */
    int fmts[MAX_OUTPUTS];
    for (int i = 0; i < nout; i++) {
        int e = format_of(outputs[i]);
        if (e >= 0 && fmt >= 0 && e != fmt)
            return cli_usage(cli, "--format %s, but --output %s is %s by its extension (drop "
                                  "--format, or name the file .%s)", formats[fmt], outputs[i],
                             formats[e], fmt == FMT_MD ? "md" : fmt == FMT_TEXT ? "txt" : formats[fmt]);
        fmts[i] = e >= 0 ? e : fmt >= 0 ? fmt : FMT_TEXT;
    }
    for (int i = 0; i < nout; i++)
        for (int j = 0; j < i; j++)
            if (!strcmp(outputs[i], outputs[j]))
                return cli_usage(cli, "--output %s is given twice", outputs[i]);
    if (nout == 0) {
        outputs[nout] = "-";
        fmts[nout++] = fmt >= 0 ? fmt : FMT_TEXT;
    }
    rpt_header h = {.now = cli->now, .since_text = since, .until_text = until};
    tr_report_window w = {.t_lo = INT64_MIN, .t_hi = INT64_MAX};
    tr_err err;
    tr_status st;
    const tr_zone *zone;
    if ((st = cli_zone(cli, &zone, &err)) != TR_OK)
        return cli_fail(cli, st, &err);
    h.zone = zone;
    if (strcmp(since, "last")) {
        if ((st = window_date("--since", since, zone, 0, &w.t_lo, &err)) != TR_OK)
            return cli_usage(cli, "%s", err.msg);
        h.since_kind = RPT_SINCE_DATE;
        h.from = w.t_lo;
    }
    h.to = cli->now;
    if (until) {
        if ((st = window_date("--until", until, zone, 1, &w.t_hi, &err)) != TR_OK)
            return cli_usage(cli, "%s", err.msg);
        h.to = w.t_hi;
        if (h.since_kind == RPT_SINCE_DATE && w.t_hi < w.t_lo)
            return cli_usage(cli, "--until %s is before --since %s: the window would end before "
                                  "it starts", until, since);
    }
    int record = h.since_kind == RPT_SINCE_LAST && !until && !dry;

    tr_db *db;
    st = cli_open_db(cli, record ? TR_DB_WRITE : TR_DB_READ, &db, &err);
    if (st)
        return cli_fail(cli, st, &err);
    /* The outputs are opened first: a report that cannot be written
    ** records nothing.  Each is written whole or not at all (outfile.h). */
    tr_outfile out[MAX_OUTPUTS];
    for (int i = 0; i < nout; i++)
        if ((st = tr_outfile_open(&out[i], outputs[i], 0, &err)) != TR_OK) {
            while (i-- > 0)
                tr_outfile_abort(&out[i]);
            tr_db_close(db);
            return cli_fail(cli, st, &err);
        }

    /* The run is recorded first (so the report can name it) and finished
    ** once the report is written; an unfinished run is never "the previous
    ** report". */
    if (record && (st = report_run_start(db, &h, &err)) != TR_OK) {
        tr_db_close(db);
        for (int i = 0; i < nout; i++)
            tr_outfile_abort(&out[i]);
        return cli_fail(cli, st, &err);
    }

    if (!(st = tr_db_read_begin(db, &err)) && !(st = report_window_read(db, until != NULL, &h, &w, &err))) {
        /* One snapshot, every format: the same report in each file. */
        if (!(st = report_header(db, &w, &h, &err)))
            for (int i = 0; i < nout && !st; i++) {
                rpt_out o = {.f = out[i].f,
                             .color = cli->color && out[i].is_stdout && fmts[i] == FMT_TEXT,
                             .hide_ack = hide_ack};
                st = report_stream(db, &w, &h, renderers[fmts[i]], &o, &err);
            }
    }
    tr_db_read_end(db);
    for (int i = 0; i < nout; i++) {
        if (!st)
            st = tr_outfile_commit(&out[i], &err);
        else
            tr_outfile_abort(&out[i]);
    }
    if (st && record && h.run)
        report_run_discard(db, h.run); /* nothing was written: its new findings stay new */
    if (!st && record)
        st = report_run_finish(db, &h, &w, by ? by : cli->user, &err);
    tr_db_close(db);
    if (st == TR_EUSAGE)
        return cli_usage(cli, "%s", err.msg);
    if (st)
        return cli_fail(cli, st, &err);
    int files = 0;
    for (int i = 0; i < nout; i++)
        if (strcmp(outputs[i], "-")) {
            cli_msg(stdout, "%s%s", files++ ? ", " : "wrote ", outputs[i]);
        }
    if (files)
        printf(": %lld new finding%s, %lld open%s\n", (long long)h.counts.new_findings,
               h.counts.new_findings == 1 ? "" : "s", (long long)h.counts.open_findings,
               h.run ? "" : " (nothing recorded)");
    return fail_on_new && h.counts.new_findings > 0 ? TR_FOUND : 0;
}

const cli_command cmd_report_def = {
    .name = "report",
    .fn = cmd_report,
    .summary = "the consistency report: new and open findings, activity",
    .description =
        "The consistency report: the window it covers and what was ingested in it, the new "
        "findings (each with its deciding statements side by side, a dispute with every "
        "statement of both sides), the findings still open, the acknowledged ones apart, "
        "activity per person, and a footer with the rule set and counts.  One recorded run can "
        "be written in several formats at once: --output report.html --output report.md.",
    .opts = opts,
    .common = CLI_TZ | CLI_DB,
    .notes = "Output is deterministic for the same store: the only clock it shows is the run's "
             "($TRACKER_NOW fixes it).  Text is coloured only on a terminal without NO_COLOR.  "
             "Exit status: 0; 1 with --fail-on-new and new findings; 64 usage; 66 no store (a "
             "look-back on a missing store); 74 I/O or database error.",
};
