/*
** cmd_rules.c: tracker rules test|lint|explain|diff.  Rule sets are
** code: these are the commands a rule set's CI runs.
*/
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "rules.h"
#include "scan.h"
#include "text.h"

static const char usage_text[] =
    "usage: tracker rules test [PATH...] [--format text|tap|junit] [--verbose]\n"
    "       tracker rules lint [PATH...]\n"
    "       tracker rules explain TEXT [--context SENTENCE] [--format text|json]   (TEXT '-' reads stdin)\n"
    "       tracker rules diff OLD NEW [--format text|json]\n"
    "\n"
    "test     runs every 'example' line of the rule files: expected against got,\n"
    "         FILE:LINE for each failure; exit 1 when any fails.\n"
    "lint     compiles everything and warns about duplicate ids, unused topics,\n"
    "         patterns that match the empty string, examples claimed by both\n"
    "         affirm and deny, examples that match no mention; exit 1 on warnings.\n"
    "explain  how TEXT is classified: sentences, topics, the deciding cues with\n"
    "         their byte spans, whom each is about, negation triggers and their\n"
    "         scope, hedges; --context gives the statement's framing sentence\n"
    "         (a topic the text does not mention may be mentioned there).\n"
    "diff     the findings a rule change would add and remove on the current\n"
    "         store, writing nothing (OLD and NEW are rule files or directories).\n"
    "\n"
    "PATH defaults to --rules, $TRACKER_RULES, else the installed or in-tree\n"
    "sample rules.  A rule file with errors prints every one as\n"
    "FILE:LINE:COL: error[CODE]: message, with a caret line, and exits 78.\n";

/* Prints an sbuf to f and frees it. */
static void flush_sbuf(tr_buf *b, FILE *f)
{
    if (b->len)
        fwrite(b->data, 1, b->len, f);
    tr_buf_free(b);
}

/* tracker rules test */
static int rules_test(tr_cli *cli, char **paths, size_t n, int fmt, int verbose)
{
    tr_ruleset *rs;
    tr_status st = cli_load_rules(cli, paths, n, 0, &rs);
    if (st)
        return st;
    tr_example_results r;
    tr_err err;
    tr_example_results_init(&r);
    st = tr_rules_run_examples(rs, &r, &err);
    if (st == TR_OK || st == TR_FOUND) {
        tr_buf out;
        tr_buf_init(&out);
        tr_rules_format_results(&r, (tr_report_format)fmt, verbose, &out);
        flush_sbuf(&out, stdout);
    }
    tr_example_results_free(&r);
    tr_ruleset_free(rs);
    if (st != TR_OK && st != TR_FOUND)
        return cli_fail(cli, st, &err);
    return st == TR_FOUND ? TR_FOUND : 0;
}

/* tracker rules lint */
static int rules_lint(tr_cli *cli, char **paths, size_t n)
{
    tr_ruleset *rs;
    tr_status st = cli_load_rules(cli, paths, n, 1, &rs);
    if (st)
        return st;
    tr_diags d;
    tr_diags_init(&d);
    size_t nw = tr_rules_lint(rs, &d);
    tr_buf out;
    tr_buf_init(&out);
    tr_diags_render(&d, &out);
    flush_sbuf(&out, stdout);
    printf("%zu file%s, %zu topic%s, %zu detector%s, %zu example%s: %zu warning%s\n",
           tr_ruleset_nfiles(rs), tr_ruleset_nfiles(rs) == 1 ? "" : "s", tr_ruleset_ntopics(rs),
           tr_ruleset_ntopics(rs) == 1 ? "" : "s", tr_ruleset_ndetectors(rs),
           tr_ruleset_ndetectors(rs) == 1 ? "" : "s", tr_ruleset_nexamples(rs),
           tr_ruleset_nexamples(rs) == 1 ? "" : "s", nw, nw == 1 ? "" : "s");
    tr_diags_free(&d);
    tr_ruleset_free(rs);
    return nw ? TR_FOUND : 0;
}

/* Reads all of standard input into b. */
static int read_stdin(tr_buf *b)
{
    char chunk[65536];
    size_t k;
    while ((k = fread(chunk, 1, sizeof chunk, stdin)) > 0)
        if (tr_buf_add(b, chunk, k))
            return -1;
    return tr_buf_add(b, "", 0);
}

/* tracker rules explain TEXT [--context SENTENCE] */
static int rules_explain(tr_cli *cli, const char *text, const char *ctx, int json)
{
    tr_buf in = {0};
    if (!strcmp(text, "-")) {
        if (read_stdin(&in))
            return TR_ESOFTWARE;
        text = in.data;
    }
    tr_ruleset *rs;
    tr_status st = cli_load_rules(cli, NULL, 0, 0, &rs);
    if (st) {
        tr_buf_free(&in);
        return st;
    }
    tr_buf out;
    tr_err err;
    tr_buf_init(&out);
    st = tr_rules_explain_ctx(rs, text, strlen(text), ctx, ctx ? strlen(ctx) : 0, json ? NULL : &out,
                              json ? &out : NULL, &err);
    if (!st) {
        int nl = out.len && out.data[out.len - 1] == '\n';
        flush_sbuf(&out, stdout);
        if (!nl)
            putchar('\n');
    } else {
        tr_buf_free(&out);
    }
    tr_ruleset_free(rs);
    tr_buf_free(&in);
    return st ? cli_fail(cli, st, &err) : 0;
}

/* ---- rules diff ------------------------------------------------------ */

struct line_ctx {
    char buf[600];
};

/* Describes a statement as "#ID Speaker, DATE [feed ID]: «text»" (shortened). */
static int describe_cb(void *ctx, const tr_statement_row *r)
{
    struct line_ctx *l = ctx;
    char feed[80] = "";
    if (r->ext_id)
        snprintf(feed, sizeof feed, " [feed %.60s]", r->ext_id);
    snprintf(l->buf, sizeof l->buf, "#%lld %s, %s%s: \"%.80s%s\"", (long long)r->id, r->speaker,
             r->date_text, feed, r->text, strlen(r->text) > 80 ? "..." : "");
    return 0;
}

/* Prints one added or removed finding. */
static void print_found(tr_db *db, const scan_found *x, char sign, int json)
{
    if (json) {
        json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:[I, I], s:I}", "change",
                              sign == '+' ? "added" : "removed", "id", x->id, "kind",
                              tr_det_kind_name(x->d->kind), "rule", x->d->id, "topic",
                              x->d->topic_id, "deciding", (json_int_t)x->deciding[0],
                              (json_int_t)x->deciding[1], "statements", (json_int_t)x->nmembers);
        json_object_set_new(o, "order", json_string(x->order_certain ? "certain" : "uncertain"));
        char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
        if (s)
            puts(s);
        free(s);
        json_decref(o);
        return;
    }
    struct line_ctx a = {""}, b = {""};
    tr_db_statement_get(db, x->deciding[0], describe_cb, &a, NULL);
    tr_db_statement_get(db, x->deciding[1], describe_cb, &b, NULL);
    printf("%c %s  %s  %s on %s", sign, x->id, tr_det_kind_name(x->d->kind), x->d->id, x->d->topic_id);
    if (x->nmembers > 2)
        printf("  (%zu statements)", x->nmembers);
    printf("\n    ");
    cli_put_text(stdout, a.buf);
    printf("\n    ");
    cli_put_text(stdout, b.buf);
    putchar('\n');
}

/* tracker rules diff OLD NEW */
static int rules_diff(tr_cli *cli, char *old_path, char *new_path, int json)
{
    tr_ruleset *rs[2] = {NULL, NULL};
    tr_err err;
    tr_status st = cli_load_rules(cli, &old_path, 1, 0, &rs[0]);
    if (st)
        return st;
    if ((st = cli_load_rules(cli, &new_path, 1, 0, &rs[1])) != TR_OK) {
        tr_ruleset_free(rs[0]);
        return st;
    }
    tr_db *db = NULL;
    scan_found_set fs[2] = {{0}, {0}};
    st = cli_open_db(cli, TR_DB_READ, &db, &err);
    if (!st)
        st = scan_diff(db, rs[0], rs[1], fs, &err);
    if (!st) {
        size_t i = 0, j = 0, added = 0, removed = 0;
        while (i < fs[0].n || j < fs[1].n) {
            int c = i == fs[0].n ? 1 : j == fs[1].n ? -1 : strcmp(fs[0].v[i].id, fs[1].v[j].id);
            if (c < 0) {
                print_found(db, &fs[0].v[i++], '-', json);
                removed++;
            } else if (c > 0) {
                print_found(db, &fs[1].v[j++], '+', json);
                added++;
            } else {
                i++;
                j++;
            }
        }
        if (!json)
            printf("rules diff: %zu finding%s added, %zu removed, %zu unchanged\n", added,
                   added == 1 ? "" : "s", removed, fs[0].n - removed);
    }
    scan_found_set_free(&fs[0]);
    scan_found_set_free(&fs[1]);
    tr_ruleset_free(rs[0]);
    tr_ruleset_free(rs[1]);
    tr_db_close(db);
    return st ? cli_fail(cli, st, &err) : 0;
}

int cmd_rules(tr_cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {{"format", required_argument, NULL, 'f'},
                                         {"verbose", no_argument, NULL, 'v'},
                                         {"context", required_argument, NULL, 'c'},
                                         CLI_COMMON_OPTS, {0}};
    const char *format = NULL, *context = NULL;
    int c, verbose = 0;
    while ((c = getopt_long(argc, argv, "hv", opts, NULL)) != -1) {
        if (cli_common_opt(cli, c, optarg))
            continue;
        switch (c) {
        case 'h': fputs(usage_text, stdout); return 0;
        case 'f': format = optarg; break;
        case 'v': verbose = 1; break;
        case 'c': context = optarg; break;
        default: return cli_bad_option(cli);
        }
    }
    argc -= optind;
    argv += optind;
    if (argc < 1)
        return cli_usage(cli, "expected a subcommand: test, lint, explain or diff");
    const char *sub = argv[0];
    char *def = (char *)cli->rules_path;
    char **paths = argc > 1 ? argv + 1 : def ? &def : NULL;
    size_t n = argc > 1 ? (size_t)(argc - 1) : def ? 1 : 0;
    if (!strcmp(sub, "test")) {
        static const char *const fmts[] = {"text", "tap", "junit"};
        int k = format ? cli_format(cli, format, fmts, 3) : 0;
        return k < 0 ? TR_EUSAGE : rules_test(cli, paths, n, k, verbose);
    }
    if (format && strcmp(format, "text") && strcmp(format, "json"))
        return cli_usage(cli, "unknown format '%s' (expected text or json)", format);
    int json = format && !strcmp(format, "json");
    if (!strcmp(sub, "lint"))
        return rules_lint(cli, paths, n);
    if (!strcmp(sub, "explain")) {
        if (argc != 2)
            return cli_usage(cli, "usage: tracker rules explain TEXT (or - for standard input)");
        return rules_explain(cli, argv[1], context, json);
    }
    if (!strcmp(sub, "diff")) {
        if (argc != 3)
            return cli_usage(cli, "usage: tracker rules diff OLD NEW");
        return rules_diff(cli, argv[1], argv[2], json);
    }
    return cli_usage(cli, "unknown subcommand '%s' (expected test, lint, explain or diff)", sub);
}
