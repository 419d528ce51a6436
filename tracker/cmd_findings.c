/*
** cmd_findings.c: tracker findings list|show|log|ack|dismiss|reopen.  The
** findings' lifecycle: new (not yet in a report), open, acknowledged,
** dismissed; every change records who, when and why (findings log).
*/
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage_text[] =
    "usage: tracker findings list [--status STATUS] [--kind KIND] [--all] [--format text|json]\n"
    "       tracker findings show ID [--format text|json]\n"
    "       tracker findings log ID [--format text|json]\n"
    "       tracker findings ack ID [--reason TEXT] [--by NAME]\n"
    "       tracker findings dismiss ID --reason TEXT [--by NAME]\n"
    "       tracker findings reopen ID [--reason TEXT] [--by NAME]\n"
    "\n"
    "Findings are what 'tracker scan' detected: one per change of position (a\n"
    "reversal: the runs of one stance before and after it, and the deciding\n"
    "pair, the last statement before and the first after) or per dispute (a\n"
    "contradiction: every statement of both sides, and the nearest opposing\n"
    "pair).  An ID may be shortened to any unique prefix of at least 3\n"
    "characters.\n"
    "\n"
    "Statuses: new (not yet shown by a report), open, acknowledged, dismissed.\n"
    "ack does not apply to a dismissed finding, and a dismissed one is not\n"
    "dismissed again: reopen it first.  list shows the findings the current\n"
    "rule set still finds, except dismissed ones; --all shows every finding\n"
    "ever recorded, retired ones (a later scan no longer found them) too.\n"
    "\n"
    "Options:\n"
    "  --status S     only findings with status S\n"
    "  --kind K       only reversals or only contradictions\n"
    "  --all          include dismissed, stale and retired findings\n"
    "  --format FMT   text (default) or json (one object a line)\n"
    "  --reason TEXT  why (required by dismiss)\n"
    "  --by NAME      who makes the change (default: $USER)\n"
    "  --db PATH      the database\n";

enum { FMT_TEXT, FMT_JSON };

struct show {
    tr_db *db;
    int fmt, full, color;
    long long n;
    json_t *stmts;
    json_t *deciding;
    tr_status st;
    tr_err *err;
};

/* The statement's text with its cue marked by open/close (caller frees). */
static char *mark_cue(const char *text, int64_t s, int64_t e, const char *open, const char *close)
{
    size_t L = strlen(text);
    if (s < 0 || e < s || (size_t)e > L)
        return strdup(text);
    size_t n = L + strlen(open) + strlen(close) + 1;
    char *out = malloc(n);
    if (out)
        snprintf(out, n, "%.*s%s%.*s%s%s", (int)s, text, open, (int)(e - s), text + s, close,
                 text + e);
    return out;
}

/* Collects one statement of a finding as JSON, or prints it as text. */
static int stmt_cb(void *ctx, const tr_finding_stmt *f)
{
    struct show *sh = ctx;
    const tr_statement_row *r = &f->s;
    tr_date d = {r->date_lo, r->date_hi, tr_prec_from_name(r->date_prec)};
    char utc[80];
    tr_date_format(&d, utc, sizeof utc);
    const char *side = r->side ? r->side : r->person_side;
    const char *url = r->url ? r->url : r->source_url;
    if (sh->fmt == FMT_JSON) {
        json_t *o = json_pack("{s:I, s:s?, s:s?, s:s, s:s?, s:s, s:s, s:s, s:s?, s:s?, s:s?, s:s, s:b}",
                              "id", (json_int_t)r->id, "feed_id", r->ext_id, "url", url, "speaker",
                              r->speaker, "side", side, "date", r->date_text, "utc", utc, "stance",
                              f->stance, "cue", f->cue, "negation", f->negation, "hedge", f->hedge,
                              "mode", r->mode, "deciding", f->deciding);
        if (sh->full) {
            json_object_set_new(o, "text", json_string(r->text));
            json_object_set_new(o, "cue_span", json_pack("[I, I]", (json_int_t)f->cue_start,
                                                          (json_int_t)f->cue_end));
            json_object_set_new(o, "source", r->source ? json_string(r->source) : json_null());
        }
        json_array_append_new(sh->stmts, o);
        if (f->deciding)
            json_array_append_new(sh->deciding, json_integer(r->id));
        return 0;
    }
    printf("  %s %-22s ", f->deciding ? "*" : " ", utc);
    cli_put_text(stdout, r->speaker);
    if (side) {
        fputs(" (", stdout);
        cli_put_text(stdout, side);
        putchar(')');
    }
    printf("  %s «", f->stance);
    cli_put_text(stdout, f->cue);
    fputs("»", stdout);
    if (f->negation) {
        fputs(" negated by «", stdout);
        cli_put_text(stdout, f->negation);
        fputs("»", stdout);
    }
    if (f->hedge) {
        fputs(" hedged by «", stdout);
        cli_put_text(stdout, f->hedge);
        fputs("»", stdout);
    }
    printf("  #%lld", (long long)r->id);
    if (r->ext_id) {
        fputs(" feed ", stdout);
        cli_put_text(stdout, r->ext_id);
    }
    putchar('\n');
    if (sh->full) {
        char *m = mark_cue(r->text, f->cue_start, f->cue_end, "\001", "\002");
        printf("        %s: ", r->mode);
        cli_put_marked(stdout, m ? m : r->text, sh->color ? "\033[1;4m" : "»",
                       sh->color ? "\033[0m" : "«");
        putchar('\n');
        free(m);
        if (r->source || url) {
            fputs("        source: ", stdout);
            cli_put_text(stdout, r->source);
            fputs(r->source && url ? ", " : "", stdout);
            cli_put_text(stdout, url);
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
        const char *side = json_string_value(json_object_get(r, "side"));
        long long n = (long long)json_integer_value(json_object_get(r, "count"));
        if (sides) {
            cli_put_text(stdout, side);
            printf(" %s%s", json_string_value(json_object_get(r, "stance")), n == 1 ? "s" : "");
        } else {
            printf("%s %s", i ? "then" : "first", json_string_value(json_object_get(r, "stance")));
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

/* Prints one finding with its statements. */
static int finding_cb(void *ctx, const tr_finding_row *f)
{
    struct show *sh = ctx;
    sh->n++;
    if (sh->fmt == FMT_JSON) {
        sh->stmts = json_array();
        sh->deciding = json_array();
        sh->st = tr_db_finding_statements(sh->db, f->id, stmt_cb, sh, sh->err);
        json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "id", f->id, "kind", f->kind,
                              "rule", f->rule, "topic", f->topic, "severity", f->severity,
                              "status", f->status, "order", f->order_certain ? "certain" : "uncertain");
        if (f->reason)
            json_object_set_new(o, "reason", json_string(f->reason));
        json_object_set_new(o, "first_seen_run", json_integer(f->first_run));
        json_object_set_new(o, "last_seen_run", json_integer(f->last_run));
        if (f->retired_run)
            json_object_set_new(o, "retired_run", json_integer(f->retired_run));
        json_object_set_new(o, "deciding", sh->deciding);
        json_t *sup = f->support ? json_loads(f->support, 0, NULL) : NULL;
        json_object_set_new(o, "support", sup ? sup : json_null());
        json_object_set_new(o, "statements", sh->stmts);
        char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
        if (s)
            puts(s);
        free(s);
        json_decref(o);
        return sh->st != TR_OK;
    }
    printf("%s%s%s  %s  %s  %s  %s on %s  order: %s", sh->color ? "\033[1m" : "", f->id,
           sh->color ? "\033[0m" : "", f->kind, f->severity, f->status, f->rule, f->topic,
           f->order_certain ? "certain" : "uncertain");
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
    tr_date_format_utc(e->at, when, sizeof when);
    sh->n++;
    if (sh->fmt == FMT_JSON) {
        json_t *o = json_pack("{s:s, s:s?, s:s, s:s?, s:s?, s:s?}", "at", when, "by", e->actor,
                              "action", e->action, "from", e->from, "to", e->to, "reason", e->reason);
        json_object_set_new(o, "run", e->run ? json_integer(e->run) : json_null());
        char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
        if (s)
            puts(s);
        free(s);
        json_decref(o);
        return 0;
    }
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

/* Resolves argv's ID and changes its status. */
static int set_status(tr_cli *cli, tr_db *db, const char *prefix, const char *status, const char *by,
                      const char *reason)
{
    tr_err err;
    char id[64];
    tr_status st;
    if ((st = tr_db_finding_resolve(db, prefix, id, sizeof id, &err)) != TR_OK ||
        (st = tr_db_begin(db, &err)) != TR_OK ||
        (st = tr_db_finding_set_status(db, id, status, by, reason, &err)) != TR_OK ||
        (st = tr_db_commit(db, &err)) != TR_OK) {
        tr_db_rollback(db);
        return cli_fail(cli, st, &err);
    }
    printf("%s: %s", id, status);
    if (by) {
        fputs(" by ", stdout);
        cli_put_text(stdout, by);
    }
    if (reason) {
        fputs(": ", stdout);
        cli_put_text(stdout, reason);
    }
    putchar('\n');
    return 0;
}

int cmd_findings(tr_cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {{"status", required_argument, NULL, 's'},
                                         {"kind", required_argument, NULL, 'k'},
                                         {"all", no_argument, NULL, 'a'},
                                         {"format", required_argument, NULL, 'f'},
                                         {"reason", required_argument, NULL, 'r'},
                                         {"by", required_argument, NULL, 'b'},
                                         CLI_COMMON_OPTS, {0}};
    static const char *const fmts[] = {"text", "json"};
    static const char *const statuses[] = {"new", "open", "acknowledged", "dismissed"};
    static const char *const kinds[] = {"reversal", "contradiction"};
    static const char *const subs[] = {"list", "show", "log", "ack", "dismiss", "reopen"};
    tr_findings_query q = {0};
    const char *reason = NULL, *by = NULL;
    int c, fmt = FMT_TEXT, all = 0;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (cli_common_opt(cli, c, optarg))
            continue;
        switch (c) {
        case 'h': fputs(usage_text, stdout); return 0;
        case 's': {
            int k = cli_format(cli, optarg, statuses, 4);
            if (k < 0)
                return TR_EUSAGE;
            q.status = statuses[k];
            break;
        }
        case 'k': {
            int k = cli_format(cli, optarg, kinds, 2);
            if (k < 0)
                return TR_EUSAGE;
            q.kind = kinds[k];
            break;
        }
        case 'a': all = 1; break;
        case 'f':
            if ((fmt = cli_format(cli, optarg, fmts, 2)) < 0)
                return TR_EUSAGE;
            break;
        case 'r': reason = optarg; break;
        case 'b': by = optarg; break;
        default: return cli_bad_option(cli);
        }
    }
    argc -= optind;
    argv += optind;
    if (argc < 1)
        return cli_usage(cli, "expected a subcommand: list, show, log, ack, dismiss or reopen");
    const char *sub = argv[0];
    int k = 0;
    while (k < 6 && strcmp(sub, subs[k]))
        k++;
    if (k == 6)
        return cli_usage(cli, "unknown subcommand '%s' (expected list, show, log, ack, dismiss or reopen)",
                         sub);
    int need = k == 0 ? 1 : 2, writes = k >= 3;
    if (argc != need)
        return cli_usage(cli, need == 1 ? "findings list takes no arguments"
                                        : "findings %s takes one finding ID", sub);
    if (!strcmp(sub, "dismiss") && (!reason || !*reason))
        return cli_usage(cli, "findings dismiss needs --reason TEXT");
    if (writes && !by) {
        const char *u = getenv("USER");
        by = u && *u ? u : NULL;
    }
    tr_db *db;
    tr_err err;
    tr_status st = cli_open_db(cli, writes ? TR_DB_WRITE : TR_DB_READ, &db, &err);
    if (st)
        return cli_fail(cli, st, &err);
    int rc = 0;
    struct show sh = {.db = db, .fmt = fmt, .color = cli->color && fmt == FMT_TEXT, .err = &err};
    if (k == 0) {
        char hash[80];
        int64_t since = 0;
        if (!all && !(st = tr_db_scan_ruleset(db, hash, sizeof hash, &since, &err)))
            q.current_since = since ? since : 1;
        if (!st && !all && !q.status) {
            /* Everything but dismissed: the three live statuses in turn. */
            for (int i = 0; i < 3 && !st; i++) {
                q.status = statuses[i];
                st = tr_db_findings_each(db, &q, finding_cb, &sh, &err);
            }
        } else if (!st) {
            st = tr_db_findings_each(db, &q, finding_cb, &sh, &err);
        }
        if (!st)
            st = sh.st;
        if (!st && fmt == FMT_TEXT && sh.n == 0)
            printf("no findings\n");
    } else if (k == 1 || k == 2) {
        char id[64];
        if (!(st = tr_db_finding_resolve(db, argv[1], id, sizeof id, &err))) {
            sh.full = 1;
            tr_findings_query one = {.id = id};
            st = k == 1 ? tr_db_findings_each(db, &one, finding_cb, &sh, &err)
                        : tr_db_finding_events(db, id, event_cb, &sh, &err);
            if (!st)
                st = sh.st;
        }
    } else {
        rc = set_status(cli, db, argv[1], k == 3 ? "acknowledged" : k == 4 ? "dismissed" : "open", by,
                        reason);
    }
    tr_db_close(db);
    if (st)
        return cli_fail(cli, st, &err);
    return rc;
}
