/*
** cmd_findings.c: tracker findings list|show|log|ack|dismiss|reopen|export.
** The findings' lifecycle: new (not yet in a report), open, acknowledged,
** dismissed; every change records who, when and why (findings log); and
** the findings out of the tool, as JSON or as schema.org ClaimReview
** (claimreview.c).
*/
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "claimreview.h"
#include "cli.h"
#include "findings.h"
#include "jsonout.h"
#include "rules.h"

enum { FMT_TEXT, FMT_JSON };
enum { OPT_STATUS = 1, OPT_KIND, OPT_ALL, OPT_FORMAT, OPT_REASON, OPT_BY, OPT_AUTHOR, OPT_URL };
static const char *const formats[] = {"text", "json", NULL};
static const char *const export_formats[] = {"json", "claimreview", NULL};
static const char *const statuses[] = {"new", "open", "acknowledged", "dismissed", NULL};
static const char *const kinds[] = {"reversal", "contradiction", NULL};

#define OPT_FORMAT_TEXT {"format", 0, NULL, formats, OPT_FORMAT, "text (default) or json (one object a line)"}
#define OPT_FILTERS                                                                          \
    {"status", 0, NULL, statuses, OPT_STATUS, "only findings with this status"},             \
    {"kind", 0, NULL, kinds, OPT_KIND, "only reversals or only contradictions"},              \
    {"all", 'a', NULL, NULL, OPT_ALL, "every finding ever recorded: dismissed, stale and retired ones too"}
#define OPT_BY_NAME {"by", 0, "NAME", NULL, OPT_BY, "who makes the change (default: $USER)"}

static const cli_opt list_opts[] = {OPT_FILTERS, OPT_FORMAT_TEXT, {0}};
static const cli_opt show_opts[] = {OPT_FORMAT_TEXT, {0}};
static const cli_opt ack_opts[] = {
    {"reason", 0, "TEXT", NULL, OPT_REASON, "why (kept in the finding's history)"}, OPT_BY_NAME, {0}};
static const cli_opt dismiss_opts[] = {
    {"reason", 0, "TEXT", NULL, OPT_REASON, "why it is not a finding (required)"}, OPT_BY_NAME, {0}};
static const cli_opt export_opts[] = {
    {"format", 0, NULL, export_formats, OPT_FORMAT,
     "json (one finding a line, as findings show --format json; the default) or claimreview "
     "(schema.org ClaimReview JSON-LD, one array)"},
    OPT_FILTERS,
    {"author", 0, "NAME", NULL, OPT_AUTHOR,
     "claimreview: the organisation that publishes the reviews (required)"},
    {"url-template", 0, "T", NULL, OPT_URL,
     "claimreview: the URL of each review, T with {id} replaced by the finding's id, e.g. "
     "'https://desk.example.org/flips/{id}' (required)"},
    {0}};

/* What the subcommands share while printing. */
struct show {
    tr_cli *cli;
    tr_db *db;
    int fmt, full;
    long long n;
    json_t *stmts;
    json_t *deciding;
    tr_status st;
    tr_err *err;
};

/* Parses a findings subcommand: fills the query, the format and the
** change's reason and author; -1 when the command goes on (operands in
** *ops), else the exit code. */
struct args {
    tr_findings_query q;
    int fmt, all;
    const char *reason, *by, *author, *url;
    char **ops;
    int nops;
};

static int parse(tr_cli *cli, const cli_command *self, int argc, char **argv, struct args *a)
{
    cli_parser p;
    const char *arg;
    int id;
    cli_parse_begin(&p, cli, self, argc, argv);
    while ((id = cli_next(&p, &arg)) > 0) {
        switch (id) {
        case OPT_STATUS: a->q.status = statuses[cli_pick(arg, statuses)]; break;
        case OPT_KIND: a->q.kind = kinds[cli_pick(arg, kinds)]; break;
        case OPT_ALL: a->all = 1; break;
        case OPT_FORMAT:
            a->fmt = self->opts == export_opts ? cli_pick(arg, export_formats) : cli_pick(arg, formats);
            break;
        case OPT_REASON: a->reason = arg; break;
        case OPT_BY: a->by = arg; break;
        case OPT_AUTHOR: a->author = arg; break;
        case OPT_URL: a->url = arg; break;
        }
    }
    if (id < 0)
        return p.rc;
    a->nops = cli_operands(&p, &a->ops);
    return -1;
}

/* The statement's text with its cue marked by \001 and \002 (caller frees). */
static char *mark_cue(const char *text, int64_t s, int64_t e)
{
    size_t L = strlen(text);
    if (s < 0 || e < s || (size_t)e > L)
        return strdup(text);
    size_t n = L + 3;
    char *out = malloc(n);
    if (out)
        snprintf(out, n, "%.*s\001%.*s\002%s", (int)s, text, (int)(e - s), text + s, text + e);
    return out;
}

/* A statement of a finding as JSON (full: with its text, cue span and source). */
static json_t *stmt_json(const tr_finding_stmt *f, int full)
{
    const tr_statement_row *r = &f->s;
    tr_date d = {r->date_lo, r->date_hi, tr_prec_from_name(r->date_prec)};
    char utc[80], given[96];
    tr_date_format(&d, utc, sizeof utc);
    cli_given(r, given, sizeof given);
    const char *side = r->side ? r->side : r->person_side;
    json_t *o = json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:s, s:o, s:o, s:o, s:o, s:o, s:b}",
                          "id", (json_int_t)r->id, "feed_id", tr_json_str(r->ext_id), "url",
                          tr_json_str(r->url), "speaker", tr_json_str(r->speaker), "side",
                          tr_json_str(side), "date", tr_json_str(given), "utc", utc, "stance",
                          tr_json_str(f->stance), "cue", tr_json_str(f->cue), "negation",
                          tr_json_str(f->negation), "hedge", tr_json_str(f->hedge), "mode",
                          tr_json_str(r->mode), "deciding", f->deciding);
    if (o && full) {
        json_object_set_new(o, "text", tr_json_str(r->text));
        json_object_set_new(o, "cue_span", json_pack("[I, I]", (json_int_t)f->cue_start,
                                                      (json_int_t)f->cue_end));
        json_object_set_new(o, "source", tr_json_str(r->source));
    }
    return o;
}

/* Collects one statement of a finding as JSON, or prints it as text. */
static int stmt_cb(void *ctx, const tr_finding_stmt *f)
{
    struct show *sh = ctx;
    const tr_statement_row *r = &f->s;
    if (sh->fmt == FMT_JSON) {
        json_array_append_new(sh->stmts, stmt_json(f, sh->full));
        if (f->deciding)
            json_array_append_new(sh->deciding, json_integer(r->id));
        return 0;
    }
    char when[96];
    cli_when(sh->cli, r, when, sizeof when);
    const char *side = r->side ? r->side : r->person_side;
    printf("  %s %-24s ", f->deciding ? "*" : " ", when);
    cli_put_text(stdout, r->speaker);
    if (side) {
        fputs(" (", stdout);
        cli_put_text(stdout, side);
        putchar(')');
    }
    fputs("  ", stdout);
    cli_put_text(stdout, f->stance);
    putchar(' ');
    cli_put_cue(sh->cli, stdout, f->cue);
    if (f->negation) {
        fputs(" negated by ", stdout);
        cli_put_cue(sh->cli, stdout, f->negation);
    }
    if (f->hedge) {
        fputs(" hedged by ", stdout);
        cli_put_cue(sh->cli, stdout, f->hedge);
    }
    printf("  #%lld", (long long)r->id);
    if (r->ext_id) {
        fputs(" feed ", stdout);
        cli_put_text(stdout, r->ext_id);
    }
    putchar('\n');
    if (sh->full) {
        char *m = mark_cue(r->text, f->cue_start, f->cue_end);
        printf("        %s: ", r->mode);
        cli_put_wrapped(sh->cli, stdout, m ? m : r->text, 10 + strlen(r->mode), 10);
        putchar('\n');
        free(m);
        if (r->source || r->url) {
            fputs("        source: ", stdout);
            cli_put_text(stdout, r->source);
            fputs(r->source && r->url ? ", " : "", stdout);
            cli_put_text(stdout, r->url);
            putchar('\n');
        }
    }
    return 0;
}

/* Prints a finding's support (its runs, or its sides) as one text line. */
static void print_support(const tr_finding_row *f)
{
    json_t *s = f->support ? json_loads(f->support, 0, NULL) : NULL;
    if (!s)
        return;
    json_t *runs[2] = {json_object_get(s, "before"), json_object_get(s, "after")};
    json_t *sides = json_object_get(s, "sides");
    if (sides) {
        runs[0] = json_array_get(sides, 0);
        runs[1] = json_array_get(sides, 1);
    }
    fputs("  ", stdout);
    for (int i = 0; i < 2 && runs[i]; i++) {
        json_t *r = runs[i];
        long long n = (long long)json_integer_value(json_object_get(r, "count"));
        const char *stance = json_string_value(json_object_get(r, "stance"));
        if (sides) {
            cli_put_text(stdout, json_string_value(json_object_get(r, "side")));
            putchar(' ');
            cli_put_text(stdout, stance);
            fputs(n == 1 ? "s" : "", stdout);
        } else {
            printf("%s ", i ? "then" : "first");
            cli_put_text(stdout, stance);
        }
        const char *from = json_string_value(json_object_get(r, "from"));
        const char *to = json_string_value(json_object_get(r, "to"));
        printf(" (%lld statement%s, %.10s", n, n == 1 ? "" : "s", from ? from : "?");
        if (from && to && strncmp(from, to, 10))
            printf(" to %.10s", to);
        putchar(')');
        fputs(i ? "\n" : sides ? "; " : ", ", stdout);
    }
    json_decref(s);
}

/* A finding as JSON, with its statements (collected through sh). */
static json_t *finding_json(struct show *sh, const tr_finding_row *f)
{
    sh->stmts = json_array();
    sh->deciding = json_array();
    sh->st = tr_db_finding_statements(sh->db, f->id, stmt_cb, sh, sh->err);
    json_t *o = json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:s}", "id", tr_json_str(f->id), "kind",
                          tr_json_str(f->kind), "rule", tr_json_str(f->rule), "topic",
                          tr_json_str(f->topic), "severity", tr_json_str(f->severity), "status",
                          tr_json_str(f->status), "order", f->order_certain ? "certain" : "uncertain");
    if (o) {
        if (f->reason)
            json_object_set_new(o, "reason", tr_json_str(f->reason));
        json_object_set_new(o, "first_seen_run", json_integer(f->first_run));
        json_object_set_new(o, "last_seen_run", json_integer(f->last_run));
        if (f->retired_run)
            json_object_set_new(o, "retired_run", json_integer(f->retired_run));
        json_object_set(o, "deciding", sh->deciding);
        json_t *sup = f->support ? json_loads(f->support, 0, NULL) : NULL;
        json_object_set_new(o, "support", sup ? sup : json_null());
        json_object_set(o, "statements", sh->stmts);
    }
    json_decref(sh->stmts);
    json_decref(sh->deciding);
    sh->stmts = sh->deciding = NULL;
    return o;
}

/* Prints one finding with its statements. */
static int finding_cb(void *ctx, const tr_finding_row *f)
{
    struct show *sh = ctx;
    sh->n++;
    if (sh->fmt == FMT_JSON) {
        json_t *o = finding_json(sh, f);
        if (sh->st)
            json_decref(o);
        else
            sh->st = tr_json_print(stdout, o, sh->err);
        return sh->st != TR_OK;
    }
    tr_buf b[5] = {{0}};
    int color = sh->cli->color;
    printf("%s%s%s  %s  %s  %s  %s on %s  order: %s", color ? "\033[1m" : "", cli_vis(&b[0], f->id),
           color ? "\033[0m" : "", cli_vis(&b[1], f->kind), cli_vis(&b[2], f->severity), f->status,
           cli_vis(&b[3], f->rule), cli_vis(&b[4], f->topic), f->order_certain ? "certain" : "uncertain");
    for (int i = 0; i < 5; i++)
        tr_buf_free(&b[i]);
    if (f->reason) {
        fputs("  (", stdout);
        cli_put_text(stdout, f->status);
        fputs(": ", stdout);
        cli_put_text(stdout, f->reason);
        putchar(')');
    }
    if (f->retired_run)
        printf("  [retired in scan %lld]", (long long)f->retired_run);
    putchar('\n');
    print_support(f);
    sh->st = tr_db_finding_statements(sh->db, f->id, stmt_cb, sh, sh->err);
    if (sh->full)
        printf("  first seen in scan %lld, last seen in scan %lld; * marks the deciding pair; "
               "history: tracker findings log %s\n",
               (long long)f->first_run, (long long)f->last_run, f->id);
    return sh->st != TR_OK;
}

/* Prints one event of a finding's history. */
static int event_cb(void *ctx, const tr_finding_event *e)
{
    struct show *sh = ctx;
    char when[48];
    sh->n++;
    if (sh->fmt == FMT_JSON) {
        tr_date_format_utc(e->at, when, sizeof when);
        json_t *o = json_pack("{s:s, s:o, s:o, s:o, s:o, s:o}", "at", when, "by",
                              tr_json_str(e->actor), "action", tr_json_str(e->action), "from",
                              tr_json_str(e->from), "to", tr_json_str(e->to), "reason",
                              tr_json_str(e->reason));
        if (o)
            json_object_set_new(o, "run", e->run ? json_integer(e->run) : json_null());
        return (sh->st = tr_json_print(stdout, o, sh->err)) != TR_OK;
    }
    tr_time_show(e->at, sh->cli->zone, e->at % 60 != 0, when, sizeof when);
    printf("%s  ", when);
    if (!strcmp(e->action, "found"))
        printf("found (new)");
    else if (!strcmp(e->action, "retired"))
        printf("retired: the scan no longer finds it");
    else if (!strcmp(e->action, "revived"))
        printf("found again");
    else {
        cli_put_text(stdout, e->to);
        if (e->from) {
            fputs(" (was ", stdout);
            cli_put_text(stdout, e->from);
            putchar(')');
        }
    }
    if (e->run)
        printf(" in run %lld", (long long)e->run);
    if (e->actor) {
        fputs(" by ", stdout);
        cli_put_text(stdout, e->actor);
    }
    if (e->reason) {
        fputs(": ", stdout);
        cli_put_text(stdout, e->reason);
    }
    putchar('\n');
    return 0;
}

/* tracker findings list */
static int findings_list(tr_cli *cli, const cli_command *self, int argc, char **argv)
{
    struct args a = {0};
    int rc = parse(cli, self, argc, argv, &a);
    if (rc >= 0)
        return rc;
    if (a.nops)
        return cli_usage(cli, "findings list takes no arguments");
    tr_db *db;
    tr_err err;
    tr_status st = cli_open_store(cli, 0, &db, &err);
    if (st)
        return cli_fail(cli, st, &err);
    struct show sh = {.cli = cli, .db = db, .fmt = a.fmt, .err = &err};
    st = findings_listed(db, &a.q, a.all, finding_cb, &sh, &err);
    if (!st)
        st = sh.st;
    if (!st && a.fmt == FMT_TEXT && sh.n == 0)
        printf("no findings\n");
    tr_db_close(db);
    return st ? cli_fail(cli, st, &err) : 0;
}

/* tracker findings show ID, tracker findings log ID */
static int findings_one(tr_cli *cli, const cli_command *self, int argc, char **argv)
{
    struct args a = {0};
    int rc = parse(cli, self, argc, argv, &a);
    if (rc >= 0)
        return rc;
    if (a.nops != 1)
        return cli_usage(cli, "expected one finding ID");
    tr_db *db;
    tr_err err;
    tr_status st = cli_open_store(cli, 0, &db, &err);
    if (st)
        return cli_fail(cli, st, &err);
    char id[64];
    struct show sh = {.cli = cli, .db = db, .fmt = a.fmt, .full = 1, .err = &err};
    if (!(st = tr_db_finding_resolve(db, a.ops[0], id, sizeof id, &err))) {
        tr_findings_query one = {.id = id};
        st = !strcmp(self->name, "show") ? tr_db_findings_each(db, &one, finding_cb, &sh, &err)
                                         : tr_db_finding_events(db, id, event_cb, &sh, &err);
        if (!st)
            st = sh.st;
    }
    tr_db_close(db);
    return st ? cli_fail(cli, st, &err) : 0;
}

/* tracker findings ack|dismiss|reopen ID */
static int findings_set(tr_cli *cli, const cli_command *self, int argc, char **argv)
{
    struct args a = {0};
    int rc = parse(cli, self, argc, argv, &a);
    if (rc >= 0)
        return rc;
    if (a.nops != 1)
        return cli_usage(cli, "expected one finding ID");
    int dismiss = !strcmp(self->name, "dismiss");
    if (dismiss && (!a.reason || !*a.reason))
        return cli_usage(cli, "findings dismiss needs --reason TEXT");
    if (!a.by)
        a.by = cli->user;
    const char *status = dismiss ? "dismissed" : !strcmp(self->name, "ack") ? "acknowledged" : "open";
    tr_db *db;
    tr_err err;
    char id[64];
    tr_status st = cli_open_db(cli, TR_DB_WRITE, &db, &err);
    if (st)
        return cli_fail(cli, st, &err);
    if ((st = tr_db_finding_resolve(db, a.ops[0], id, sizeof id, &err)) != TR_OK ||
        (st = tr_db_begin(db, &err)) != TR_OK ||
        (st = tr_db_finding_set_status(db, id, status, a.by, a.reason, &err)) != TR_OK ||
        (st = tr_db_commit(db, &err)) != TR_OK) {
        tr_db_rollback(db);
        tr_db_close(db);
        return cli_fail(cli, st, &err);
    }
    tr_db_close(db);
    printf("%s: %s", id, status);
    if (a.by) {
        fputs(" by ", stdout);
        cli_put_text(stdout, a.by);
    }
    if (a.reason) {
        fputs(": ", stdout);
        cli_put_text(stdout, a.reason);
    }
    putchar('\n');
    return 0;
}

/* ---- export ---------------------------------------------------------------- */

struct export {
    struct show sh;
    struct args *a;
    const tr_ruleset *rs;   /* for the topics' descriptions, or NULL */
    json_t *reviews;        /* claimreview: the array */
    long long skipped;      /* contradictions, which ClaimReview's Flip-O-Meter does not rate */
    int claimreview;
};

/* Exports one finding. */
static int export_cb(void *ctx, const tr_finding_row *f)
{
    struct export *x = ctx;
    if (!x->claimreview)
        return finding_cb(&x->sh, f);
    if (strcmp(f->kind, "reversal")) {
        x->skipped++;
        return 0;
    }
    cr_finding c;
    x->sh.st = claimreview_read(x->sh.db, f, x->rs, &c, x->sh.err);
    if (!x->sh.st) {
        json_t *o = claimreview_json(&c, x->a->author, x->a->url, x->sh.cli->now);
        if (o)
            json_array_append_new(x->reviews, o);
        else
            x->sh.st = tr_errf(x->sh.err, TR_ESOFTWARE, "out of memory");
    }
    claimreview_free(&c);
    x->sh.n++;
    return x->sh.st != TR_OK;
}

/* tracker findings export [ID...] */
static int findings_export(tr_cli *cli, const cli_command *self, int argc, char **argv)
{
    struct args a = {.fmt = 0};
    int rc = parse(cli, self, argc, argv, &a);
    if (rc >= 0)
        return rc;
    int claim = a.fmt == 1;
    if (claim && (!a.author || !*a.author))
        return cli_usage(cli, "--format claimreview needs --author NAME (the organisation that "
                              "publishes the reviews)");
    if (claim && (!a.url || !strstr(a.url, "{id}")))
        return cli_usage(cli, "--format claimreview needs --url-template T with {id} (the URL of "
                              "each review, e.g. 'https://desk.example.org/flips/{id}')");
    tr_ruleset *rs = NULL;
    tr_status st;
    if (claim && cli->rules_path && (st = cli_load_rules(cli, NULL, 0, 0, &rs)) != TR_OK)
        return st;
    tr_db *db;
    tr_err err;
    if ((st = cli_open_store(cli, 0, &db, &err)) != TR_OK) {
        tr_ruleset_free(rs);
        return cli_fail(cli, st, &err);
    }
    struct export x = {.sh = {.cli = cli, .db = db, .fmt = FMT_JSON, .full = 1, .err = &err},
                       .a = &a, .rs = rs, .claimreview = claim, .reviews = json_array()};
    if (a.nops) {
        for (int i = 0; i < a.nops && !st; i++) {
            char id[64];
            if (!(st = tr_db_finding_resolve(db, a.ops[i], id, sizeof id, &err))) {
                tr_findings_query one = {.id = id};
                st = tr_db_findings_each(db, &one, export_cb, &x, &err);
            }
        }
    } else {
        st = findings_listed(db, &a.q, a.all, export_cb, &x, &err);
    }
    if (!st)
        st = x.sh.st;
    if (!st && claim) {
        char *s = json_dumps(x.reviews, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        if (s) {
            puts(s);
            free(s);
        } else {
            st = tr_errf(&err, TR_ESOFTWARE, "out of memory");
        }
        if (!st && x.skipped)
            cli_note(cli, "note: %lld contradiction%s not exported: ClaimReview's Flip-O-Meter "
                          "rates a speaker's reversals", x.skipped, x.skipped == 1 ? "" : "s");
    }
    json_decref(x.reviews);
    tr_db_close(db);
    tr_ruleset_free(rs);
    return st ? cli_fail(cli, st, &err) : 0;
}

static const cli_command list_def = {
    .name = "list",
    .fn = findings_list,
    .summary = "the findings the current rule set still finds",
    .description = "The findings the current rule set still finds, except dismissed ones, most "
                   "severe first; --all shows every finding ever recorded, stale and retired ones "
                   "too.  Each with its support (a reversal's runs, a dispute's sides) and its "
                   "statements, the deciding pair marked *.",
    .opts = list_opts,
    .common = CLI_TZ | CLI_DB,
    .notes = "json: one object a line: id, kind, rule, topic, severity, status, order, reason, "
             "first_seen_run, last_seen_run, retired_run, deciding (the deciding pair's statement "
             "ids, earlier first), support, and statements (each with id, feed_id, url, speaker, "
             "side, date with its zone, utc, stance, cue, negation, hedge, mode, deciding).",
};
static const cli_command show_def = {
    .name = "show",
    .fn = findings_one,
    .operands = "ID",
    .summary = "one finding in full",
    .description = "One finding in full: its support, its statements with the deciding cue "
                   "marked in the quote, negation and hedge, tracker's id and the feed's, source "
                   "and link, first and last scan.  ID may be shortened to a unique prefix of at "
                   "least 3 characters.",
    .opts = show_opts,
    .common = CLI_TZ | CLI_DB,
    .notes = "json adds each statement's text, cue_span and source.",
};
static const cli_command log_def = {
    .name = "log",
    .fn = findings_one,
    .operands = "ID",
    .summary = "a finding's history, oldest first",
    .description = "A finding's history, oldest first: when it was found (and in which scan), each "
                   "status change with who, when and why, when a scan retired it or found it "
                   "again.",
    .opts = show_opts,
    .common = CLI_TZ | CLI_DB,
};
static const cli_command ack_def = {
    .name = "ack",
    .fn = findings_set,
    .operands = "ID",
    .summary = "acknowledge a finding",
    .description = "Acknowledge a finding (it is real and seen): the report lists it apart.  A "
                   "dismissed finding is not acknowledged: reopen it first.",
    .opts = ack_opts,
    .common = CLI_DB,
};
static const cli_command dismiss_def = {
    .name = "dismiss",
    .fn = findings_set,
    .operands = "ID",
    .summary = "dismiss a finding, saying why",
    .description = "Dismiss a finding that is not one (its reason is required and kept); a "
                   "dismissed finding is not dismissed again until it is reopened.",
    .opts = dismiss_opts,
    .common = CLI_DB,
};
static const cli_command reopen_def = {
    .name = "reopen",
    .fn = findings_set,
    .operands = "ID",
    .summary = "make an acknowledged or dismissed finding open again",
    .description = "Make an acknowledged or dismissed finding open again.",
    .opts = ack_opts,
    .common = CLI_DB,
};
static const cli_command export_def = {
    .name = "export",
    .fn = findings_export,
    .operands = "[ID...]",
    .summary = "the findings as JSON or as schema.org ClaimReview",
    .description =
        "Export the findings named (or, without IDs, those findings list selects): json, one "
        "finding a line as findings show --format json prints it; or claimreview, the "
        "reversals as schema.org ClaimReview JSON-LD in the way PolitiFact publishes Flip-O-Meter "
        "items, one array: the claim (\"Donald Trump on whether\" and the topic's description, "
        "from the rule set when --rules names one, else the topic's id), its author and date, the review's URL and "
        "author, the verdict (reviewRating: Full Flop, Half Flip when the later statement's "
        "stance comes from a hedge, No Flip for a dismissed finding) and both statements of the "
        "deciding pair as the claim's appearances, with their URLs and dates.  Contradictions "
        "are not ClaimReview items: they are counted in a note.",
    .opts = export_opts,
    .common = CLI_RULES | CLI_TZ | CLI_DB,
};

static const cli_command *const findings_subs[] = {&list_def, &show_def, &log_def, &ack_def,
                                                    &dismiss_def, &reopen_def, &export_def, NULL};

const cli_command cmd_findings_def = {
    .name = "findings",
    .summary = "list, show, acknowledge, dismiss or export findings",
    .description =
        "Findings are what 'tracker scan' detected: one per change of position (a reversal: the "
        "runs of one stance before and after it, and the deciding pair, the last statement "
        "before and the first after) or per dispute (a contradiction: every statement of both "
        "sides, and the nearest opposing pair).  An ID may be shortened to any unique prefix of "
        "at least 3 characters.\n\n"
        "Statuses: new (not yet shown by a report), open, acknowledged, dismissed.  Every change "
        "is kept in the finding's history (findings log).",
    .subs = findings_subs,
};
