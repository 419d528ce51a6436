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
#include "input.h"
#include "jsonout.h"
#include "outfile.h"
#include "text.h"

enum { OPT_FORMAT = 1, OPT_VERBOSE, OPT_EXIT_CODE, OPT_CHECK, OPT_CONTEXT };
static const char *const test_formats[] = {"text", "tap", "junit", NULL};
static const char *const formats[] = {"text", "json", NULL};

static const cli_opt test_opts[] = {
    {"format", 0, NULL, test_formats, OPT_FORMAT,
     "text (default), tap (Test Anything Protocol) or junit (XML for CI)"},
    {"verbose", 'v', NULL, NULL, OPT_VERBOSE, "list the examples that pass too"},
    {0}};
static const cli_opt explain_opts[] = {
    {"format", 0, NULL, formats, OPT_FORMAT, "text (default) or json"},
    {"context", 0, "SENTENCE", NULL, OPT_CONTEXT,
     "the statement's framing sentence: a topic TEXT does not mention may be mentioned there"},
    {0}};
static const cli_opt fmt_opts[] = {
    {"check", 0, NULL, NULL, OPT_CHECK,
     "write nothing: list the files not in the canonical layout and exit 1 when there is one"},
    {0}};
static const cli_opt diff_opts[] = {
    {"format", 0, NULL, formats, OPT_FORMAT, "text (default) or json (one change a line)"},
    {"exit-code", 0, NULL, NULL, OPT_EXIT_CODE,
     "exit 1 when the change adds or removes findings, as git diff --exit-code does"},
    {0}};

/* Parses a rules subcommand: *fmt (index in its format list), the flags
** in *flags, --context's value in *context (argv's, when given); -1 when
** it goes on (operands in *ops), else the exit code. */
static int parse_ctx(tr_cli *cli, const cli_command *self, int argc, char **argv, int *fmt,
                     int *flags, const char **context, char ***ops, int *nops)
{
    cli_parser p;
    const char *arg;
    int id;
    cli_parse_begin(&p, cli, self, argc, argv);
    while ((id = cli_next(&p, &arg)) > 0) {
        if (id == OPT_FORMAT)
            *fmt = cli_pick(arg, self->opts == test_opts ? test_formats : formats);
        else if (id == OPT_CONTEXT)
            *context = arg;
        else
            *flags |= 1 << id;
    }
    if (id < 0)
        return p.rc;
    *nops = cli_operands(&p, ops);
    return -1;
}

/* parse_ctx for the subcommands without --context. */
static int parse(tr_cli *cli, const cli_command *self, int argc, char **argv, int *fmt, int *flags,
                 char ***ops, int *nops)
{
    const char *unused = NULL;
    return parse_ctx(cli, self, argc, argv, fmt, flags, &unused, ops, nops);
}

/* Prints an sbuf of text for people (made visible, line breaks kept) to f
** and frees it. */
static void flush_sbuf(tr_buf *b, FILE *f)
{
    if (b->len)
        cli_msg(f, "%s", b->data);
    tr_buf_free(b);
}

/* Prints an sbuf of machine output (JSON, XML, TAP) to f and frees it. */
static void flush_raw(tr_buf *b, FILE *f)
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
        if (fmt == 0)
            flush_sbuf(&out, stdout);
        else
            flush_raw(&out, stdout);
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

/* tracker rules explain TEXT [--context SENTENCE] */
static int rules_explain(tr_cli *cli, const char *text, const char *ctx, int json)
{
    tr_buf in = {0};
    if (!strcmp(text, "-")) {
        tr_err err;
        tr_status st = tr_input_slurp("-", &in, &err);
        if (st) {
            tr_buf_free(&in);
            return cli_fail(cli, st, &err);
        }
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
        if (json)
            flush_raw(&out, stdout);
        else
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
    const tr_cli *cli;
    char buf[700];
};

/* Describes a statement as "#ID Speaker, DATE [feed ID]: "text"" (made
** visible, the text shortened). */
static int describe_cb(void *ctx, const tr_statement_row *r)
{
    struct line_ctx *l = ctx;
    char feed[80] = "", when[96];
    tr_buf sp, tx;
    tr_buf_init(&sp);
    tr_buf_init(&tx);
    if (r->ext_id)
        snprintf(feed, sizeof feed, " [feed %.60s]", r->ext_id);
    cli_when(l->cli, r, when, sizeof when);
    size_t n = strlen(r->text), cut = n > 80 ? 80 : n;
    while (cut < n && cut > 0 && ((unsigned char)r->text[cut] & 0xC0) == 0x80)
        cut--; /* never half a character */
    char *shown = strndup(r->text, cut);
    snprintf(l->buf, sizeof l->buf, "#%lld %s, %s%s: \"%s%s\"", (long long)r->id,
             cli_vis(&sp, r->speaker), when, feed, cli_vis(&tx, shown), cut < n ? "..." : "");
    free(shown);
    tr_buf_free(&sp);
    tr_buf_free(&tx);
    return 0;
}

/* Prints one added or removed finding; stops (non-zero) on an output error. */
static int print_found(tr_cli *cli, tr_db *db, const scan_found *x, char sign, int json, tr_err *err)
{
    if (json) {
        json_t *o = json_pack("{s:s, s:o, s:o, s:o, s:o, s:[I, I], s:I}", "change",
                              sign == '+' ? "added" : "removed", "id", tr_json_str(x->id), "kind",
                              tr_json_str(tr_det_kind_name(x->d->kind)), "rule", tr_json_str(x->d->id),
                              "topic", tr_json_str(x->d->topic_id), "deciding",
                              (json_int_t)x->deciding[0], (json_int_t)x->deciding[1], "statements",
                              (json_int_t)x->nmembers);
        if (o)
            json_object_set_new(o, "order", json_string(x->order_certain ? "certain" : "uncertain"));
        return tr_json_print(stdout, o, err) != TR_OK;
    }
    struct line_ctx a = {cli, ""}, b = {cli, ""};
    tr_db_statement_get(db, x->deciding[0], describe_cb, &a, NULL);
    tr_db_statement_get(db, x->deciding[1], describe_cb, &b, NULL);
    tr_buf v[3] = {{0}};
    printf("%c %s  %s  %s on %s", sign, x->id, tr_det_kind_name(x->d->kind), cli_vis(&v[0], x->d->id),
           cli_vis(&v[1], x->d->topic_id));
    for (int i = 0; i < 3; i++)
        tr_buf_free(&v[i]);
    if (x->nmembers > 2)
        printf("  (%zu statements)", x->nmembers);
    printf("\n    %s\n    %s\n", a.buf, b.buf);
    return 0;
}

struct diff_print {
    tr_cli *cli;
    tr_db *db;
    int json;
    tr_err *err;
};

/* Prints one finding a diff added or removed (scan_diff_each). */
static int diff_cb(void *ctx, const scan_found *x, int added)
{
    struct diff_print *d = ctx;
    return print_found(d->cli, d->db, x, added ? '+' : '-', d->json, d->err);
}

/* tracker rules diff OLD NEW */
static int rules_diff(tr_cli *cli, char *old_path, char *new_path, int json, int exit_code)
{
    tr_ruleset *rs[2] = {NULL, NULL};
    tr_err err;
    const tr_zone *z;
    tr_status st = cli_zone(cli, &z, &err);
    if (st)
        return cli_fail(cli, st, &err);
    if ((st = cli_load_rules(cli, &old_path, 1, 0, &rs[0])) != TR_OK)
        return st;
    if ((st = cli_load_rules(cli, &new_path, 1, 0, &rs[1])) != TR_OK) {
        tr_ruleset_free(rs[0]);
        return st;
    }
    tr_db *db = NULL;
    scan_found_set fs[2] = {{0}, {0}};
    size_t added = 0, removed = 0;
    st = cli_open_db(cli, TR_DB_READ, &db, &err);
    if (!st)
        st = scan_diff(db, rs[0], rs[1], fs, &err);
    struct diff_print dp = {cli, db, json, &err};
    size_t unchanged = 0;
    if (!st)
        st = scan_diff_each(fs, diff_cb, &dp, &added, &removed, &unchanged);
    if (!st && !json)
        printf("rules diff: %zu finding%s added, %zu removed, %zu unchanged\n", added,
               added == 1 ? "" : "s", removed, unchanged);
    scan_found_set_free(&fs[0]);
    scan_found_set_free(&fs[1]);
    tr_ruleset_free(rs[0]);
    tr_ruleset_free(rs[1]);
    tr_db_close(db);
    if (st)
        return cli_fail(cli, st, &err);
    return exit_code && (added || removed) ? TR_FOUND : 0;
}

/* The default PATH list of test and lint: --rules, else none (the
** configured rule set). */
static void default_paths(tr_cli *cli, char ***paths, int *n, char **def)
{
    if (*n == 0 && cli->rules_path) {
        *def = (char *)cli->rules_path;
        *paths = def;
        *n = 1;
    }
}

/* tracker rules test [PATH...] */
static int cmd_test(tr_cli *cli, const cli_command *self, int argc, char **argv)
{
    int fmt = 0, flags = 0, n, rc;
    char **ops, *def;
    if ((rc = parse(cli, self, argc, argv, &fmt, &flags, &ops, &n)) >= 0)
        return rc;
    default_paths(cli, &ops, &n, &def);
    return rules_test(cli, ops, (size_t)n, fmt, flags & (1 << OPT_VERBOSE));
}

/* tracker rules lint [PATH...] */
static int cmd_lint(tr_cli *cli, const cli_command *self, int argc, char **argv)
{
    int fmt = 0, flags = 0, n, rc;
    char **ops, *def;
    if ((rc = parse(cli, self, argc, argv, &fmt, &flags, &ops, &n)) >= 0)
        return rc;
    default_paths(cli, &ops, &n, &def);
    return rules_lint(cli, ops, (size_t)n);
}

/* tracker rules explain TEXT */
static int cmd_explain(tr_cli *cli, const cli_command *self, int argc, char **argv)
{
    int fmt = 0, flags = 0, n, rc;
    const char *context = NULL;
    char **ops;
    if ((rc = parse_ctx(cli, self, argc, argv, &fmt, &flags, &context, &ops, &n)) >= 0)
        return rc;
    if (n != 1)
        return cli_usage(cli, "expected one TEXT (or - for standard input)");
    return rules_explain(cli, ops[0], context, fmt == 1);
}

/* tracker rules diff OLD NEW */
static int cmd_diff(tr_cli *cli, const cli_command *self, int argc, char **argv)
{
    int fmt = 0, flags = 0, n, rc;
    char **ops;
    if ((rc = parse(cli, self, argc, argv, &fmt, &flags, &ops, &n)) >= 0)
        return rc;
    if (n != 2)
        return cli_usage(cli, "expected OLD and NEW (two rule files or directories)");
    return rules_diff(cli, ops[0], ops[1], fmt == 1, flags & (1 << OPT_EXIT_CODE));
}

/* Formats one rule file (path "-": standard input to standard output);
** *unformatted is set when it was not in the canonical layout. */
static tr_status fmt_file(const char *path, int check, int *unformatted, tr_err *err)
{
    tr_buf in = {0}, out = {0};
    tr_status st = TR_OK;
    int std = !strcmp(path, "-");
    st = tr_input_slurp(path, &in, err);
    tr_diags d;
    tr_diags_init(&d);
    if (!st && !in.oom)
        st = tr_rules_fmt(std ? "<stdin>" : path, in.data ? in.data : "", in.len, &out, &d, err);
    if (d.n) {
        tr_buf msg;
        tr_buf_init(&msg);
        tr_diags_render(&d, &msg);
        if (msg.len)
            cli_msg(stderr, "%s", msg.data);
        tr_buf_free(&msg);
    }
    tr_diags_free(&d);
    int same = !st && out.len == in.len && (!out.len || !memcmp(out.data, in.data, out.len));
    if (!st && !same)
        *unformatted = 1;
    if (!st && std && !check) {
        if (out.len)
            fwrite(out.data, 1, out.len, stdout);
    } else if (!st && !same && check) {
        cli_msg(stdout, "%s: not in the canonical layout ('tracker rules fmt %s' rewrites it)\n",
                std ? "<stdin>" : path, std ? "-" : path);
    } else if (!st && !same) {
        tr_outfile of;
        if (!(st = tr_outfile_open(&of, path, 0, err))) {
            if (out.len)
                fwrite(out.data, 1, out.len, of.f);
            st = tr_outfile_commit(&of, err);
        }
        if (!st)
            cli_msg(stdout, "formatted %s\n", path);
    }
    tr_buf_free(&in);
    tr_buf_free(&out);
    return st;
}

/* tracker rules fmt [--check] PATH... */
static int cmd_fmt(tr_cli *cli, const cli_command *self, int argc, char **argv)
{
    int fmt = 0, flags = 0, n, rc;
    char **ops, *def;
    if ((rc = parse(cli, self, argc, argv, &fmt, &flags, &ops, &n)) >= 0)
        return rc;
    default_paths(cli, &ops, &n, &def);
    if (n == 0)
        return cli_usage(cli, "expected the rule files or directories to format (PATH..., or - "
                              "for standard input)");
    int check = flags & (1 << OPT_CHECK), unformatted = 0, worst = 0;
    for (int i = 0; i < n; i++) {
        tr_err err;
        char **files = NULL;
        size_t nf = 0;
        tr_status st = !strcmp(ops[i], "-") ? TR_OK : tr_rules_files(ops[i], &files, &nf, &err);
        if (!strcmp(ops[i], "-"))
            st = fmt_file("-", check, &unformatted, &err);
        for (size_t k = 0; k < nf; k++) {
            if (!st)
                st = fmt_file(files[k], check, &unformatted, &err);
            free(files[k]);
        }
        free(files);
        if (st) {
            if (st != TR_ECONFIG)
                cli_fail(cli, st, &err);
            worst = worst ? worst : (int)st;
        }
    }
    if (worst)
        return worst;
    return check && unformatted ? TR_FOUND : 0;
}

static const cli_command test_def = {
    .name = "test",
    .fn = cmd_test,
    .operands = "[PATH...]",
    .summary = "run every example of the rule files",
    .description = "Run every 'example' line of the rule files: expected against got, FILE:LINE "
                   "for each failure and a summary; exit 1 when any fails.",
    .opts = test_opts,
    .common = CLI_RULES,
};
static const cli_command lint_def = {
    .name = "lint",
    .fn = cmd_lint,
    .operands = "[PATH...]",
    .summary = "compile everything and warn about likely mistakes",
    .description = "Compile everything and warn (FILE:LINE:COL: warning[W0NN]) about unused "
                   "topics, patterns that match the empty string, an example listed as both affirm "
                   "and deny, examples that match no mention, missing descriptions, a cue that can "
                   "never decide, a pattern no example exercises, an example an exclude removes; "
                   "exit 1 on warnings.",
    .common = CLI_RULES,
};
static const cli_command explain_def = {
    .name = "explain",
    .fn = cmd_explain,
    .operands = "TEXT",
    .summary = "how TEXT is classified, step by step",
    .description = "How TEXT ('-' reads standard input) is classified: the sentences, what is not "
                   "words of the text (URLs, handles, hashtags), someone else's words, each topic "
                   "mentioned, every cue with its byte span and why it does or does not count, "
                   "negation triggers and their scope, hedges, and the rule that decided.",
    .opts = explain_opts,
    .common = CLI_RULES,
};
static const cli_command diff_def = {
    .name = "diff",
    .fn = cmd_diff,
    .operands = "OLD NEW",
    .summary = "the findings a rule change would add and remove",
    .description = "Classify the whole store under both rule sets (OLD and NEW are rule files or "
                   "directories) in memory, run the same detection as the scan, and print the "
                   "findings the change would add (+) and remove (-), writing nothing: a rule "
                   "set's pull request shows its effect.",
    .opts = diff_opts,
    .common = CLI_TZ | CLI_DB,
    .notes = "Exit status: 0; with --exit-code, 1 when a finding is added or removed; 78 when a "
             "rule file has errors.",
};

static const cli_command fmt_def = {
    .name = "fmt",
    .fn = cmd_fmt,
    .operands = "[PATH...]",
    .summary = "rewrite rule files in the canonical layout",
    .description =
        "Rewrite rule files (a directory: its *.rules files; '-': standard input to standard "
        "output) in one canonical layout, keeping every comment, as gofmt and YARA-X's yr fmt "
        "do: a block's fields indented by two spaces, one field a line; the values of mention, "
        "affirm, deny and exclude aligned, and an example's text after its stance; comments on "
        "their own lines indented with the block, those ending consecutive lines aligned two "
        "spaces after the longest; one blank line between blocks, none at a block's start or "
        "end.  Every word, string and pattern is kept byte for byte, so the rules mean what "
        "they meant (only the rule set's hash changes).  A file that is changed is replaced "
        "whole and named ('formatted FILE').",
    .opts = fmt_opts,
    .common = CLI_RULES,
    .notes = "Exit status: 0; with --check, 1 when a file is not in the canonical layout; 78 "
             "when a file does not lex or is not made of blocks.",
};

static const cli_command *const rules_subs[] = {&test_def, &lint_def, &explain_def, &diff_def,
                                                 &fmt_def, NULL};

const cli_command cmd_rules_def = {
    .name = "rules",
    .summary = "test, lint, explain, diff or format rule sets",
    .description =
        "Rule sets are code: these are the commands a rule set's CI runs.  PATH defaults to "
        "--rules, $TRACKER_RULES, else the configured rule set.  A rule file with errors prints "
        "every one as FILE:LINE:COL: error[CODE]: message, with a caret line, and exits 78.  The "
        "rule language: tracker-rules(5).",
    .subs = rules_subs,
};
