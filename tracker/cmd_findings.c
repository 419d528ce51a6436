/*
** cmd_findings.c: tracker findings list|show|ack|dismiss.  The findings'
** lifecycle: new (not yet in a report), open, acknowledged, dismissed.
*/
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage_text[] =
    "usage: tracker findings list [--status STATUS] [--kind KIND] [--all] [--format text|json]\n"
    "       tracker findings show ID [--format text|json]\n"
    "       tracker findings ack ID\n"
    "       tracker findings dismiss ID --reason TEXT\n"
    "\n"
    "Findings are what 'tracker scan' detected: reversals and contradictions,\n"
    "each with the statements, stances and cues that decided it.  An ID may be\n"
    "shortened to any unique prefix of at least 3 characters.\n"
    "\n"
    "Statuses: new (not yet shown by a report), open, acknowledged, dismissed.\n"
    "list shows the findings the current rule set still finds, except dismissed\n"
    "ones; --all shows every finding ever recorded.\n"
    "\n"
    "Options:\n"
    "  --status S     only findings with status S\n"
    "  --kind K       only reversals or only contradictions\n"
    "  --all          include dismissed findings and those the current rules no\n"
    "                 longer find\n"
    "  --format FMT   text (default) or json (one object a line)\n"
    "  --reason TEXT  why a finding is dismissed (required by dismiss)\n"
    "  --db PATH      the database\n";

enum { FMT_TEXT, FMT_JSON };

struct show {
    tr_db *db;
    int fmt, full, color;
    long long n;
    json_t *stmts;
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
    if (sh->fmt == FMT_JSON) {
        json_t *o = json_pack("{s:I, s:s, s:s?, s:s, s:s, s:s, s:s?, s:s?, s:s?, s:s}",
                              "id", (json_int_t)r->id, "speaker", r->speaker, "side", side,
                              "date", r->date_text, "utc", utc, "stance", f->stance,
                              "cue", f->cue, "negation", f->negation, "hedge", f->hedge,
                              "mode", r->mode);
        if (sh->full) {
            json_object_set_new(o, "text", json_string(r->text));
            json_object_set_new(o, "cue_span", json_pack("[I, I]", (json_int_t)f->cue_start,
                                                          (json_int_t)f->cue_end));
            json_object_set_new(o, "source", r->source ? json_string(r->source) : json_null());
            const char *url = r->url ? r->url : r->source_url;
            json_object_set_new(o, "url", url ? json_string(url) : json_null());
        }
        json_array_append_new(sh->stmts, o);
        return 0;
    }
    printf("  %-22s ", utc);
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
    putchar('\n');
    if (sh->full) {
        char *m = mark_cue(r->text, f->cue_start, f->cue_end, "\001", "\002");
        printf("      %s: ", r->mode);
        cli_put_marked(stdout, m ? m : r->text, sh->color ? "\033[1;4m" : "»",
                       sh->color ? "\033[0m" : "«");
        putchar('\n');
        free(m);
        const char *url = r->url ? r->url : r->source_url;
        if (r->source || url) {
            fputs("      source: ", stdout);
            cli_put_text(stdout, r->source);
            fputs(r->source && url ? ", " : "", stdout);
            cli_put_text(stdout, url);
            putchar('\n');
        }
    }
    return 0;
}

/* Prints one finding with its statements. */
static int finding_cb(void *ctx, const tr_finding_row *f)
{
    struct show *sh = ctx;
    sh->n++;
    int rev = !strcmp(f->kind, "reversal");
    if (sh->fmt == FMT_JSON) {
        sh->stmts = json_array();
        sh->st = tr_db_finding_statements(sh->db, f->id, stmt_cb, sh, sh->err);
        json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "id", f->id, "kind", f->kind,
                              "rule", f->rule, "topic", f->topic, "severity", f->severity,
                              "status", f->status);
        if (rev)
            json_object_set_new(o, "order", json_string(f->order_certain ? "certain" : "uncertain"));
        if (f->reason)
            json_object_set_new(o, "reason", json_string(f->reason));
        json_object_set_new(o, "first_seen_run", json_integer(f->first_run));
        json_object_set_new(o, "last_seen_run", json_integer(f->last_run));
        json_object_set_new(o, "statements", sh->stmts);
        char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
        if (s)
            puts(s);
        free(s);
        json_decref(o);
        return sh->st != TR_OK;
    }
    printf("%s%s%s  %s  %s  %s  %s on %s", sh->color ? "\033[1m" : "", f->id,
           sh->color ? "\033[0m" : "", f->kind, f->severity, f->status, f->rule, f->topic);
    if (rev)
        printf("  order: %s", f->order_certain ? "certain" : "uncertain");
    if (f->reason)
        printf("  (dismissed: %s)", f->reason);
    putchar('\n');
    sh->st = tr_db_finding_statements(sh->db, f->id, stmt_cb, sh, sh->err);
    if (sh->full)
        printf("  first seen in scan %lld, last seen in scan %lld\n", (long long)f->first_run,
               (long long)f->last_run);
    return sh->st != TR_OK;
}

/* Resolves argv's ID and sets its status. */
static int set_status(tr_cli *cli, tr_db *db, const char *prefix, const char *status,
                      const char *reason)
{
    tr_err err;
    char id[64];
    tr_status st;
    if ((st = tr_db_finding_resolve(db, prefix, id, sizeof id, &err)) != TR_OK ||
        (st = tr_db_begin(db, &err)) != TR_OK ||
        (st = tr_db_finding_set_status(db, id, status, reason, &err)) != TR_OK ||
        (st = tr_db_commit(db, &err)) != TR_OK) {
        tr_db_rollback(db);
        return cli_fail(cli, st, &err);
    }
    printf("%s: %s%s%s\n", id, status, reason ? ": " : "", reason ? reason : "");
    return 0;
}

int cmd_findings(tr_cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {{"status", required_argument, NULL, 's'},
                                         {"kind", required_argument, NULL, 'k'},
                                         {"all", no_argument, NULL, 'a'},
                                         {"format", required_argument, NULL, 'f'},
                                         {"reason", required_argument, NULL, 'r'},
                                         CLI_COMMON_OPTS, {0}};
    static const char *const fmts[] = {"text", "json"};
    static const char *const statuses[] = {"new", "open", "acknowledged", "dismissed"};
    static const char *const kinds[] = {"reversal", "contradiction"};
    tr_findings_query q = {0};
    const char *reason = NULL;
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
        default: return cli_bad_option(cli);
        }
    }
    argc -= optind;
    argv += optind;
    if (argc < 1)
        return cli_usage(cli, "expected a subcommand: list, show, ack or dismiss");
    const char *sub = argv[0];
    int need = !strcmp(sub, "list") ? 1 : 2;
    if (strcmp(sub, "list") && strcmp(sub, "show") && strcmp(sub, "ack") && strcmp(sub, "dismiss"))
        return cli_usage(cli, "unknown subcommand '%s' (expected list, show, ack or dismiss)", sub);
    if (argc != need)
        return cli_usage(cli, need == 1 ? "findings list takes no arguments"
                                        : "findings %s takes one finding ID", sub);
    if (!strcmp(sub, "dismiss") && (!reason || !*reason))
        return cli_usage(cli, "findings dismiss needs --reason TEXT");
    tr_db *db;
    tr_err err;
    tr_status st = cli_open_db(cli, !strcmp(sub, "list") || !strcmp(sub, "show") ? TR_DB_READ
                                                                                 : TR_DB_WRITE,
                               &db, &err);
    if (st)
        return cli_fail(cli, st, &err);
    int rc = 0;
    struct show sh = {.db = db, .fmt = fmt, .color = cli->color && fmt == FMT_TEXT, .err = &err};
    if (!strcmp(sub, "list")) {
        char hash[80];
        int64_t since = 0;
        if (!all && !(st = tr_db_scan_ruleset(db, hash, sizeof hash, &since, &err)))
            q.current_since = since;
        sh.full = 0;
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
    } else if (!strcmp(sub, "show")) {
        char id[64];
        if (!(st = tr_db_finding_resolve(db, argv[1], id, sizeof id, &err))) {
            sh.full = 1;
            tr_findings_query one = {.id = id};
            st = tr_db_findings_each(db, &one, finding_cb, &sh, &err);
            if (!st)
                st = sh.st;
        }
    } else if (!strcmp(sub, "ack")) {
        rc = set_status(cli, db, argv[1], "acknowledged", NULL);
    } else {
        rc = set_status(cli, db, argv[1], "dismissed", reason);
    }
    tr_db_close(db);
    if (st)
        return cli_fail(cli, st, &err);
    return rc;
}
