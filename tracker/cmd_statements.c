/*
** cmd_statements.c: tracker statements show|link|unlink|suggest.  One
** statement, many reports: what each source said of it, the links tracker
** made and the ones a person made or undid (who, when, why), and the
** paraphrases worth a look.
*/
#include <inttypes.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "jsonout.h"
#include "reports.h"

enum { FMT_TEXT, FMT_JSON };
enum { OPT_FORMAT = 1, OPT_REASON, OPT_BY };
static const char *const formats[] = {"text", "json", NULL};

static const cli_opt show_opts[] = {
    {"format", 0, NULL, formats, OPT_FORMAT,
     "text (default) or json (one object: the statement as history prints it, with its "
     "reports and links)"},
    {0}};
static const cli_opt link_opts[] = {
    {"reason", 0, "TEXT", NULL, OPT_REASON, "why (kept in the statement's history)"},
    {"by", 0, "NAME", NULL, OPT_BY, "who makes the change (default: $USER)"},
    {0}};
static const cli_opt suggest_opts[] = {
    {"format", 0, NULL, formats, OPT_FORMAT, "text (default) or json (one object a line)"}, {0}};

struct args {
    int fmt;
    const char *reason, *by;
    char **ops;
    int nops;
};

/* Parses a statements subcommand; -1 when it goes on, else the exit code. */
static int parse(tr_cli *cli, const cli_command *self, int argc, char **argv, struct args *a)
{
    cli_parser p;
    const char *arg;
    int id;
    cli_parse_begin(&p, cli, self, argc, argv);
    while ((id = cli_next(&p, &arg)) > 0) {
        switch (id) {
        case OPT_FORMAT: a->fmt = cli_pick(arg, formats); break;
        case OPT_REASON: a->reason = arg; break;
        case OPT_BY: a->by = arg; break;
        }
    }
    if (id < 0)
        return p.rc;
    a->nops = cli_operands(&p, &a->ops);
    if (!a->by)
        a->by = cli->user; /* $USER, read once by main */
    return -1;
}

/* Reads a statement or report id ("#12" or "12"); 0 when it is none. */
static int64_t parse_id(const char *s)
{
    if (*s == '#')
        s++;
    char *end;
    long long v = strtoll(s, &end, 10);
    return *s && !*end && v > 0 ? (int64_t)v : 0;
}

struct show {
    tr_cli *cli;
    tr_db *db;
    int fmt, found;
    json_t *events;
    tr_status st;
    tr_err *err;
};

/* Prints one report of the statement shown. */
static int report_cb(void *ctx, const tr_report_row *p)
{
    struct show *sh = ctx;
    tr_statement_row r = {.date_text = p->date_text, .date_lo = p->date_lo,
                          .date_hi = p->date_hi, .date_prec = p->date_prec};
    char when[96];
    cli_when(sh->cli, &r, when, sizeof when);
    printf("  report %lld (%s)  %s  %s", (long long)p->id, p->how, when, p->mode);
    fputs("  ", stdout);
    cli_put_text(stdout, p->source ? p->source : "no source");
    if (p->url || p->source_url) {
        fputs("  ", stdout);
        cli_put_text(stdout, p->url ? p->url : p->source_url);
    }
    if (p->ext_id) {
        fputs("  feed ", stdout);
        cli_put_text(stdout, p->ext_id);
    }
    if (p->span_start >= 0)
        printf("  bytes %lld-%lld", (long long)p->span_start, (long long)p->span_end);
    fputs("\n    ", stdout);
    const char *open, *close;
    cli_quote_marks(p->mode, 0, &open, &close);
    fputs(open, stdout);
    cli_put_wrapped(sh->cli, stdout, p->text, 4, 4);
    fputs(close, stdout);
    putchar('\n');
    if (p->cue) {
        fputs("    cue: ", stdout);
        cli_put_text(stdout, p->cue);
        if (p->date_expr) {
            fputs("; dated by: ", stdout);
            cli_put_text(stdout, p->date_expr);
        }
        putchar('\n');
    }
    return 0;
}

/* One link event as text (prefix: "  ") or into sh->events. */
static int event_cb(void *ctx, const tr_statement_event *e)
{
    struct show *sh = ctx;
    char when[48];
    if (sh->fmt == FMT_JSON) {
        tr_date_format_utc(e->at, when, sizeof when);
        json_t *o = json_pack("{s:s, s:o, s:o, s:o, s:I, s:o, s:o}", "at", when, "by",
                              tr_json_str(e->actor), "action", tr_json_str(e->action), "how",
                              tr_json_str(e->how), "statement", (json_int_t)e->statement_id,
                              "report", e->report_id ? json_integer(e->report_id) : json_null(),
                              "reason", tr_json_str(e->reason));
        if (o)
            json_object_set_new(o, "other", e->other_id ? json_integer(e->other_id) : json_null());
        json_array_append_new(sh->events, o ? o : json_null());
        return 0;
    }
    tr_time_show(e->at, sh->cli->zone, e->at % 60 != 0, when, sizeof when);
    printf("  %s  ", when);
    if (!strcmp(e->action, "linked"))
        printf("report %lld linked (%s)", (long long)e->report_id, e->how ? e->how : "?");
    else if (!strcmp(e->action, "merged"))
        printf("#%lld linked into #%lld", (long long)e->other_id, (long long)e->statement_id);
    else
        printf("report %lld unlinked from #%lld into #%lld", (long long)e->report_id,
               (long long)e->statement_id, (long long)e->other_id);
    fputs(" by ", stdout);
    cli_put_text(stdout, e->actor ? e->actor : "tracker");
    if (e->reason) {
        fputs(": ", stdout);
        cli_put_text(stdout, e->reason);
    }
    putchar('\n');
    return 0;
}

/* Prints statement r with its reports and links. */
static int stmt_cb(void *ctx, const tr_statement_row *r)
{
    struct show *sh = ctx;
    sh->found = 1;
    char when[96], given[96];
    if (sh->fmt == FMT_JSON) {
        tr_date d = {r->date_lo, r->date_hi, tr_prec_from_name(r->date_prec)};
        char utc[80], lo[32], hi[32];
        tr_date_format(&d, utc, sizeof utc);
        tr_date_format_utc(r->date_lo, lo, sizeof lo);
        tr_date_format_utc(r->date_hi, hi, sizeof hi);
        cli_given(r, given, sizeof given);
        sh->events = json_array();
        json_t *reps = reports_json(sh->db, r->id, sh->err);
        if (!reps || (sh->st = tr_db_statement_events(sh->db, r->id, event_cb, sh, sh->err))) {
            sh->st = sh->st ? sh->st : TR_EIO;
            json_decref(reps);
            return 1;
        }
        json_t *o = json_pack("{s:I, s:o, s:o, s:o, s:s, s:s, s:s, s:s, s:o, s:o, s:b, s:o, s:o}",
                              "id", (json_int_t)r->id, "feed_id", tr_json_str(r->ext_id), "speaker",
                              tr_json_str(r->speaker), "date", tr_json_str(given), "utc", utc,
                              "precision", r->date_prec, "earliest", lo, "latest", hi, "mode",
                              tr_json_str(r->mode), "text", tr_json_str(r->text), "date_conflict",
                              r->date_conflict, "reports", reps, "links", sh->events);
        sh->events = NULL;
        return (sh->st = tr_json_print(stdout, o, sh->err)) != TR_OK;
    }
    cli_when(sh->cli, r, when, sizeof when);
    printf("#%lld  ", (long long)r->id);
    cli_put_text(stdout, r->speaker);
    printf("  %s  %s\n    ", when, r->mode);
    cli_put_wrapped(sh->cli, stdout, r->text, 4, 4);
    putchar('\n');
    if (r->date_conflict)
        printf("  dates: the reports' dates do not meet; the statement takes the most precise "
               "report's\n");
    else if (r->nreports > 1)
        printf("  dates: where the reports' dates meet\n");
    printf("%lld report%s, in the order they came:\n", (long long)r->nreports,
           r->nreports == 1 ? "" : "s");
    if ((sh->st = tr_db_reports_each(sh->db, r->id, report_cb, sh, sh->err)) != TR_OK)
        return 1;
    printf("links:\n");
    if ((sh->st = tr_db_statement_events(sh->db, r->id, event_cb, sh, sh->err)) != TR_OK)
        return 1;
    return 0;
}

/* Counts one link event. */
static int count_cb(void *ctx, const tr_statement_event *e)
{
    (void)e;
    (*(int *)ctx)++;
    return 0;
}

/* tracker statements show ID */
static int statements_show(tr_cli *cli, const cli_command *self, int argc, char **argv)
{
    struct args a = {0};
    int rc = parse(cli, self, argc, argv, &a);
    if (rc >= 0)
        return rc;
    int64_t id = a.nops == 1 ? parse_id(a.ops[0]) : 0;
    if (!id)
        return cli_usage(cli, "expected one statement ID (the #N history and search show)");
    tr_db *db;
    tr_err err;
    tr_status st = cli_open_store(cli, 0, &db, &err);
    if (st)
        return cli_fail(cli, st, &err);
    struct show sh = {.cli = cli, .db = db, .fmt = a.fmt, .err = &err};
    int nevents = 0;
    st = tr_db_statement_get(db, id, stmt_cb, &sh, &err);
    if (!st)
        st = sh.st;
    if (!st && sh.found && a.fmt == FMT_TEXT &&
        !(st = tr_db_statement_events(db, id, count_cb, &nevents, &err)) && !nevents)
        printf("  none\n");
    if (!st && !sh.found) {
        /* a statement linked into another one is gone: say where */
        struct show gone = {.cli = cli, .db = db, .fmt = FMT_TEXT, .err = &err};
        int n = 0;
        st = tr_db_statement_events(db, id, count_cb, &n, &err);
        if (!st && n) {
            printf("no statement #%lld: its history\n", (long long)id);
            st = tr_db_statement_events(db, id, event_cb, &gone, &err);
        } else if (!st) {
            st = tr_errf(&err, TR_EDATA, "no statement #%lld (see tracker history or search)",
                         (long long)id);
        }
    }
    tr_db_close(db);
    return st ? cli_fail(cli, st, &err) : 0;
}

/* Runs a link or an unlink in one transaction. */
static int change(tr_cli *cli, const struct args *a, int64_t x, int64_t y, int unlink)
{
    tr_db *db;
    tr_err err;
    int64_t made = 0;
    tr_status st = cli_open_db(cli, TR_DB_WRITE, &db, &err);
    if (st)
        return cli_fail(cli, st, &err);
    if ((st = tr_db_begin(db, &err)) != TR_OK ||
        (st = unlink ? tr_db_report_unlink(db, x, y, a->by, a->reason, &made, &err)
                     : tr_db_statements_link(db, x, y, a->by, a->reason, &err)) != TR_OK ||
        (st = tr_db_commit(db, &err)) != TR_OK) {
        tr_db_rollback(db);
        tr_db_close(db);
        return cli_fail(cli, st, &err);
    }
    tr_db_close(db);
    if (unlink)
        printf("report %lld of #%lld is now statement #%lld", (long long)y, (long long)x,
               (long long)made);
    else
        printf("#%lld linked into #%lld", (long long)y, (long long)x);
    if (a->by) {
        fputs(" by ", stdout);
        cli_put_text(stdout, a->by);
    }
    if (a->reason) {
        fputs(": ", stdout);
        cli_put_text(stdout, a->reason);
    }
    printf("\n(run tracker scan: the findings of the statement%s are recomputed)\n", unlink ? "s" : "");
    return 0;
}

/* tracker statements link A B, tracker statements unlink ID REPORT */
static int statements_change(tr_cli *cli, const cli_command *self, int argc, char **argv)
{
    struct args a = {0};
    int rc = parse(cli, self, argc, argv, &a);
    if (rc >= 0)
        return rc;
    int unlink = !strcmp(self->name, "unlink");
    int64_t x = a.nops == 2 ? parse_id(a.ops[0]) : 0, y = a.nops == 2 ? parse_id(a.ops[1]) : 0;
    if (!x || !y)
        return cli_usage(cli, unlink ? "expected a statement ID and one of its REPORT ids "
                                       "(tracker statements show ID lists them)"
                                     : "expected two statement IDs: A, and B to link into it");
    return change(cli, &a, x, y, unlink);
}

struct sugg {
    tr_cli *cli;
    tr_db *db;
    int fmt;
    long long n;
    char *text[2];            /* the two statements' texts (owned; freed after each) */
    tr_status st;
    tr_err *err;
};

/* Keeps a copy of the text of a statement of a suggestion. */
static int text_cb(void *ctx, const tr_statement_row *r)
{
    char **out = ctx;
    free(*out);
    *out = strdup(r->text);
    return 0;
}

/* Prints one suggestion. */
static int sugg_cb(void *ctx, const tr_suggestion *g)
{
    struct sugg *s = ctx;
    if ((s->st = tr_db_statement_get(s->db, g->from_id, text_cb, &s->text[0], s->err)) != TR_OK ||
        (s->st = tr_db_statement_get(s->db, g->statement_id, text_cb, &s->text[1], s->err)) != TR_OK)
        return 1;
    if (!s->text[0] || !s->text[1]) {
        s->st = tr_errf(s->err, TR_ESOFTWARE, "out of memory");
        return 1;
    }
    s->n++;
    if (s->fmt == FMT_JSON) {
        json_t *o = json_pack("{s:I, s:I, s:I, s:f, s:o, s:o}", "report", (json_int_t)g->report_id,
                              "statement", (json_int_t)g->from_id, "into",
                              (json_int_t)g->statement_id, "score", g->score, "text",
                              tr_json_str(s->text[0]), "into_text", tr_json_str(s->text[1]));
        return (s->st = tr_json_print(stdout, o, s->err)) != TR_OK;
    }
    printf("#%lld may be a report of #%lld (%.0f%% of the words shared)\n    ",
           (long long)g->from_id, (long long)g->statement_id, g->score * 100);
    cli_put_wrapped(s->cli, stdout, s->text[0], 4, 4);
    fputs("\n    ", stdout);
    cli_put_wrapped(s->cli, stdout, s->text[1], 4, 4);
    printf("\n    link them: tracker statements link %lld %lld --reason TEXT\n",
           (long long)g->statement_id, (long long)g->from_id);
    return 0;
}

/* tracker statements suggest */
static int statements_suggest(tr_cli *cli, const cli_command *self, int argc, char **argv)
{
    struct args a = {0};
    int rc = parse(cli, self, argc, argv, &a);
    if (rc >= 0)
        return rc;
    if (a.nops)
        return cli_usage(cli, "statements suggest takes no arguments");
    tr_db *db;
    tr_err err;
    tr_status st = cli_open_store(cli, 0, &db, &err);
    if (st)
        return cli_fail(cli, st, &err);
    struct sugg s = {.cli = cli, .db = db, .fmt = a.fmt, .err = &err};
    st = tr_db_suggestions_each(db, sugg_cb, &s, &err);
    free(s.text[0]);
    free(s.text[1]);
    if (!st)
        st = s.st;
    if (!st && a.fmt == FMT_TEXT && !s.n)
        printf("no suggestions\n");
    tr_db_close(db);
    return st ? cli_fail(cli, st, &err) : 0;
}

static const cli_command show_def = {
    .name = "show",
    .fn = statements_show,
    .operands = "ID",
    .summary = "a statement with every report of it and its links",
    .description = "A statement (ID: the #N that history and search print) with every report of "
                   "it, in the order they came: each report's id, how it joined (first, quote: "
                   "its words hold or are held by the statement's; copy: the same article under "
                   "another source; part: the next sentence of a linked quotation; manual), the "
                   "date the source gave, its source, link, feed id, bytes in the article, words "
                   "and cue; then the links made and undone, with who, when and why.  A "
                   "statement linked into another one shows where it went.",
    .opts = show_opts,
    .common = CLI_TZ | CLI_DB,
};
static const cli_command link_def = {
    .name = "link",
    .fn = statements_change,
    .operands = "A B",
    .summary = "make statement B a report of statement A",
    .description = "Link statement B into statement A by hand (one person's, both): B's reports "
                   "become A's, A's date becomes the one its reports agree on (or the most "
                   "precise one's, the conflict shown), the findings that held B hold A, and B is "
                   "gone.  Recorded with who, when and why (statements show A).  Run tracker scan "
                   "afterwards: it recomputes A's findings.",
    .opts = link_opts,
    .common = CLI_DB,
};
static const cli_command unlink_def = {
    .name = "unlink",
    .fn = statements_change,
    .operands = "ID REPORT",
    .summary = "make one report of a statement a statement of its own",
    .description = "Take REPORT (a report id that statements show ID lists) out of statement ID "
                   "into a new statement of its own, dated by that report; ID's date is "
                   "recomputed.  The statement's first report is its own words and stays.  "
                   "Recorded with who, when and why; re-importing the source does not link the "
                   "report again.  Run tracker scan afterwards.",
    .opts = link_opts,
    .common = CLI_DB,
};
static const cli_command suggest_def = {
    .name = "suggest",
    .fn = statements_suggest,
    .summary = "reported speech that may be a report of another statement",
    .description = "Reported speech is never linked by itself: when a paraphrase has the speaker "
                   "of a statement, dates that meet its and most of its longer words (60% or "
                   "more of the fewer, and 4 at least), import records a suggestion.  This lists "
                   "the suggestions whose statements are still apart, best first, each with the "
                   "command that links them.",
    .opts = suggest_opts,
    .common = CLI_DB,
};

static const cli_command *const statements_subs[] = {&show_def, &link_def, &unlink_def,
                                                      &suggest_def, NULL};

const cli_command cmd_statements_def = {
    .name = "statements",
    .summary = "one statement, many reports: show, link, unlink, suggest",
    .description =
        "A statement is what a person said once; each source that carries it is a report of it "
        "(source, bytes, the date the source gives, mode, cue).  import and extract --import link "
        "a direct quote to the statement it repeats: the same words (quotes, apostrophes, "
        "dashes, spaces, case and &/and aside), one holding the other, at least 6 words, by the "
        "same person, from a source that has not reported it yet, dated at most 31 days after "
        "it.  A statement's date is where its reports' dates meet: the tweet's second, not the "
        "article's 'earlier this month'.",
    .subs = statements_subs,
};
