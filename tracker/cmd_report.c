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
#include "report_model.h"

static const char usage_text[] =
    "usage: tracker report [--since last|DATE] [--until DATE] [--format FMT]\n"
    "                      [--output FILE] [--fail-on-new] [--dry-run]\n"
    "                      [--hide-acknowledged] [--by NAME] [--db PATH]\n"
    "\n"
    "The consistency report: the window it covers and what was ingested in it,\n"
    "the new findings (each with its deciding statements side by side, a\n"
    "dispute with every statement of both sides), the findings still open, the\n"
    "acknowledged ones apart, activity per person, and a footer with the rule\n"
    "set and counts.\n"
    "\n"
    "Options:\n"
    "  --since last   (default) since the previous report recorded in the store,\n"
    "                 or everything when there is none; the report is recorded as\n"
    "                 a run and its new findings become open\n"
    "  --since DATE   findings first seen in scans started at or after DATE and\n"
    "                 statements ingested since DATE; records nothing\n"
    "  --until DATE   end the window at the end of DATE (records nothing)\n"
    "  --format FMT   text (default), markdown, json (schema tracker-report/1) or\n"
    "                 html (one self-contained file)\n"
    "  --output FILE  write the report to FILE, replaced whole or not at all (a\n"
    "                 symlink is followed, a FIFO or device written directly, '-'\n"
    "                 is standard output; the file keeps its mode); a report that\n"
    "                 cannot be written records no run\n"
    "  --fail-on-new  exit 1 when the report has new findings (after writing it)\n"
    "  --dry-run      record nothing and leave findings' statuses alone\n"
    "  --hide-acknowledged  leave the acknowledged findings out\n"
    "  --by NAME      who the report's status changes (new to open) are recorded\n"
    "                 as made by (default: $USER)\n"
    "  --db PATH      the database\n"
    "\n"
    "Output is deterministic for the same store: the only clock it shows is the\n"
    "run's ($TRACKER_NOW fixes it).  Text is coloured only on a terminal without\n"
    "NO_COLOR.  Exit status: 0; 1 with --fail-on-new and new findings; 64 usage;\n"
    "66 no store (a look-back on a missing store); 74 I/O or database error.\n";

enum { FMT_TEXT, FMT_MD, FMT_JSON, FMT_HTML };

struct prev {
    int found;
    int64_t id, started_at, upto_run, upto_statement;
};

/* Reads the previous report run and what it covered. */
static int prev_cb(void *ctx, const tr_run *r)
{
    struct prev *p = ctx;
    p->found = 1;
    p->id = r->id;
    p->started_at = r->started_at;
    p->upto_run = r->id;
    p->upto_statement = 0;
    json_t *j = r->stats ? json_loads(r->stats, 0, NULL) : NULL;
    json_t *v;
    if (j && json_is_integer(v = json_object_get(j, "upto_run")))
        p->upto_run = json_integer_value(v);
    if (j && json_is_integer(v = json_object_get(j, "upto_statement")))
        p->upto_statement = json_integer_value(v);
    json_decref(j);
    return 0;
}

int cmd_report(tr_cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {{"since", required_argument, NULL, 's'},
                                         {"until", required_argument, NULL, 'u'},
                                         {"format", required_argument, NULL, 'f'},
                                         {"output", required_argument, NULL, 'o'},
                                         {"fail-on-new", no_argument, NULL, 'F'},
                                         {"dry-run", no_argument, NULL, 'n'},
                                         {"hide-acknowledged", no_argument, NULL, 'H'},
                                         {"by", required_argument, NULL, 'b'},
                                         CLI_COMMON_OPTS, {0}};
    static const char *const fmts[] = {"text", "markdown", "json", "html"};
    static const rpt_renderer *const renderers[] = {&report_text, &report_markdown, &report_json,
                                                    &report_html};
    const char *since = "last", *until = NULL, *output = NULL, *by = NULL;
    int c, fmt = FMT_TEXT, fail_on_new = 0, dry = 0, hide_ack = 0;
    while ((c = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
        if (cli_common_opt(cli, c, optarg))
            continue;
        switch (c) {
        case 'h': fputs(usage_text, stdout); return 0;
        case 's': since = optarg; break;
        case 'u': until = optarg; break;
        case 'f':
            if (!strcmp(optarg, "md"))
                optarg = "markdown";
            if ((fmt = cli_format(cli, optarg, fmts, 4)) < 0)
                return TR_EUSAGE;
            break;
        case 'o': output = optarg; break;
        case 'F': fail_on_new = 1; break;
        case 'n': dry = 1; break;
        case 'H': hide_ack = 1; break;
        case 'b': by = optarg; break;
        default: return cli_bad_option(cli);
        }
    }
    if (optind != argc)
        return cli_usage(cli, "unexpected argument '%s'", argv[optind]);
    if (output && !*output)
        return cli_usage(cli, "--output needs a file name");

    rpt_header h = {.now = cli->now, .since_text = since, .until_text = until};
    tr_report_window w = {.t_lo = INT64_MIN, .t_hi = INT64_MAX};
    tr_date d;
    tr_err err;
    if (strcmp(since, "last")) {
        if (tr_date_parse(since, NULL, &d, &err))
            return cli_usage(cli, "--since: %s (expected 'last' or a date)", err.msg);
        h.since_kind = RPT_SINCE_DATE;
        w.t_lo = h.from = d.lo;
    }
    h.to = cli->now;
    if (until) {
        if (tr_date_parse(until, NULL, &d, &err))
            return cli_usage(cli, "--until: %s", err.msg);
        w.t_hi = h.to = d.hi;
        if (h.since_kind == RPT_SINCE_DATE && w.t_hi < w.t_lo)
            return cli_usage(cli, "--until %s is before --since %s", until, since);
    }
    int record = h.since_kind == RPT_SINCE_LAST && !until && !dry;

    tr_db *db;
    tr_status st = cli_open_db(cli, record ? TR_DB_WRITE : TR_DB_READ, &db, &err);
    if (st)
        return cli_fail(cli, st, &err);
    /* The output is opened first: a report that cannot be written records
    ** nothing.  It is written whole or not at all (outfile.h). */
    tr_outfile out;
    if ((st = tr_outfile_open(&out, output ? output : "-", 0, &err)) != TR_OK) {
        tr_db_close(db);
        return cli_fail(cli, st, &err);
    }

    /* The run is recorded first (so the report can name it) and finished
    ** once the report is written; an unfinished run is never "the previous
    ** report". */
    if (record) {
        char rs[80];
        if ((st = tr_db_begin(db, &err)) || (st = tr_db_scan_ruleset(db, rs, sizeof rs, NULL, &err)) ||
            (st = tr_db_run_start(db, "report", rs[0] ? rs : NULL, &h.run, &err)) ||
            (st = tr_db_commit(db, &err))) {
            tr_db_rollback(db);
            tr_db_close(db);
            tr_outfile_abort(&out);
            return cli_fail(cli, st, &err);
        }
    }

    struct prev prev = {0};
    int64_t since_run = 0;
    if (!(st = tr_db_read_begin(db, &err)) &&
        !(st = tr_db_report_marks(db, &w.run_upto, &w.stmt_upto, &err)) &&
        !(st = tr_db_scan_ruleset(db, h.ruleset, sizeof h.ruleset, &since_run, &err)) &&
        !(st = h.since_kind == RPT_SINCE_LAST ? tr_db_run_last(db, "report", h.run, prev_cb, &prev, &err)
                                              : TR_OK)) {
        w.current_since = since_run;
        if (prev.found) {
            h.prev_run = prev.id;
            h.from = prev.started_at;
            w.run_after = prev.upto_run;
            w.stmt_after = prev.upto_statement;
        }
        if (!(st = report_header(db, &w, &h, &err))) {
            rpt_out o = {.f = out.f, .color = cli->color && out.is_stdout && fmt == FMT_TEXT,
                         .hide_ack = hide_ack};
            st = report_stream(db, &w, &h, renderers[fmt], &o, &err);
        }
    }
    tr_db_read_end(db);
    if (!st)
        st = tr_outfile_commit(&out, &err);
    else
        tr_outfile_abort(&out);
    if (st && record && h.run) {
        /* Nothing was written: the run is taken back, and its new
        ** findings stay new for the next report. */
        tr_err ignored;
        if (!tr_db_begin(db, &ignored) && !tr_db_run_discard(db, h.run, &ignored))
            tr_db_commit(db, &ignored);
        else
            tr_db_rollback(db);
    }

    if (!st && record && !by) {
        const char *u = getenv("USER");
        by = u && *u ? u : NULL;
    }
    if (!st && record) {
        json_t *j = json_pack("{s:s, s:o, s:I, s:I, s:I, s:I, s:I}", "since", "last",
                              "previous_report", prev.found ? json_integer(prev.id) : json_null(),
                              "upto_run", (json_int_t)w.run_upto,
                              "upto_statement", (json_int_t)w.stmt_upto,
                              "ingested", (json_int_t)h.counts.ingested,
                              "new_findings", (json_int_t)h.counts.new_findings,
                              "open_findings", (json_int_t)h.counts.open_findings);
        char *stats = j ? json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
        json_decref(j);
        if (!stats)
            st = tr_errf(&err, TR_ESOFTWARE, "out of memory");
        else if ((st = tr_db_begin(db, &err)) ||
                 (st = tr_db_findings_mark_open(db, w.run_upto, by, &err)) ||
                 (st = tr_db_run_finish(db, h.run, stats, &err)) || (st = tr_db_commit(db, &err)))
            tr_db_rollback(db);
        free(stats);
    }
    tr_db_close(db);
    if (st)
        return cli_fail(cli, st, &err);
    if (output)
        cli_msg(stdout, "wrote %s: %lld new finding%s, %lld open\n", output,
               (long long)h.counts.new_findings, h.counts.new_findings == 1 ? "" : "s",
               (long long)h.counts.open_findings);
    return fail_on_new && h.counts.new_findings > 0 ? TR_FOUND : 0;
}
