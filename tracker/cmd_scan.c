/*
** cmd_scan.c: tracker scan.  Classifies the statements not yet classified
** under the current rule set, detects reversals and contradictions,
** records a run and prints a summary.
*/
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "rules.h"
#include "scan.h"
#include "text.h"

enum { OPT_RULES = 1, OPT_QUIET, OPT_PLAIN };

static const cli_opt opts[] = {
    {"rules", 0, "PATH", NULL, OPT_RULES,
     "a rule file or a directory of *.rules (repeatable; default $TRACKER_RULES, else the "
     "configured rule set)"},
    {"quiet", 'q', NULL, NULL, OPT_QUIET, "print nothing but errors and limit warnings"},
    {"plain", 0, NULL, NULL, OPT_PLAIN,
     "run every topic's patterns on every statement, without the prefilter that names the "
     "topics a statement mentions: the same results, slower (the reference the fast path is "
     "tested against)"},
    {0}};

/* Reports a pattern that hit a PCRE2 limit. */
static void on_limit(void *ctx, int64_t statement_id, const tr_limit_event *ev)
{
    (void)ctx;
    cli_msg(stderr, "tracker: scan: %s:%u: topic %s: %s pattern stopped at a limit on statement "
                    "#%lld (%s); the scan goes on\n",
            ev->pattern ? ev->pattern->loc.file : "?", ev->pattern ? ev->pattern->loc.line : 0,
            ev->topic_id, ev->pattern ? tr_pat_kind_name(ev->pattern->kind) : "a", 
            (long long)statement_id, ev->message);
}

/* tracker scan */
static int cmd_scan(tr_cli *cli, const cli_command *self, int argc, char **argv)
{
    char *paths[32];
    size_t npaths = 0;
    int id, quiet = 0, plain = 0;
    const char *arg;
    cli_parser p;
    cli_parse_begin(&p, cli, self, argc, argv);
    while ((id = cli_next(&p, &arg)) > 0) {
        if (id == OPT_QUIET) {
            quiet = 1;
        } else if (id == OPT_PLAIN) {
            plain = 1;
        } else if (npaths == 32) {
            return cli_usage(cli, "too many --rules");
        } else {
            paths[npaths++] = (char *)arg;
        }
    }
    if (id < 0)
        return p.rc;
    char **ops;
    if (cli_operands(&p, &ops))
        return cli_usage(cli, "unexpected argument '%s'", ops[0]);
    if (npaths == 0 && cli->rules_path)
        paths[npaths++] = (char *)cli->rules_path;
    tr_ruleset *rs;
    tr_status st = cli_load_rules(cli, paths, npaths, 0, &rs);
    if (st)
        return st;
    if (tr_ruleset_ntopics(rs) == 0) {
        /* A scan under a rule set of nothing would reclassify every
        ** statement into no assertion and retire every finding. */
        tr_buf names;
        tr_buf_init(&names);
        for (size_t i = 0; i < npaths; i++)
            tr_buf_printf(&names, "%s%s", i ? ", " : "", paths[i]);
        cli_msg(stderr, "tracker: scan: %s: no topic in this rule set (a directory needs *.rules "
                        "files): a scan would drop every assertion; nothing was changed\n",
                names.len ? names.data : cli->rules_path ? cli->rules_path : "the configured rule set");
        tr_buf_free(&names);
        tr_ruleset_free(rs);
        return TR_ECONFIG;
    }
    tr_ruleset_set_plain(rs, plain);
    tr_db *db;
    tr_err err;
    if ((st = cli_open_db(cli, TR_DB_WRITE, &db, &err)) != TR_OK) {
        tr_ruleset_free(rs);
        return cli_fail(cli, st, &err);
    }
    int64_t run;
    scan_stats s;
    st = scan_run(db, rs, on_limit, NULL, &run, &s, &err);
    tr_db_close(db);
    if (st) {
        tr_ruleset_free(rs);
        return cli_fail(cli, st, &err);
    }
    if (!quiet) {
        printf("scan %lld: rule set %.12s (%zu topics, %zu detectors)%s\n", (long long)run,
               tr_ruleset_hash(rs), tr_ruleset_ntopics(rs), tr_ruleset_ndetectors(rs),
               s.reset ? ", changed since the last scan: everything reclassified" : "");
        printf("classified %lld statement%s, %lld assertion%s", s.classified,
               s.classified == 1 ? "" : "s", s.assertions, s.assertions == 1 ? "" : "s");
        if (s.limits)
            printf(", %lld pattern limit%s hit", s.limits, s.limits == 1 ? "" : "s");
        printf("\nfindings: %lld new, %lld seen in this scan", s.new_findings, s.findings);
        if (s.retired)
            printf(", %lld retired (no longer found)", s.retired);
        putchar('\n');
    }
    tr_ruleset_free(rs);
    return 0;
}

const cli_command cmd_scan_def = {
    .name = "scan",
    .fn = cmd_scan,
    .summary = "classify new statements, detect reversals and contradictions",
    .description =
        "Classify every statement not yet classified under the rule set (a new statement once; "
        "everything again when the rule set changes), detect reversals and contradictions, "
        "record the run and print a summary.  The cost grows with the new statements, not with "
        "the store.  Without --rules, $TRACKER_RULES or a configured rule set, scan stops and "
        "says how to name one: the rules are the desk's.",
    .opts = opts,
    .common = CLI_DB,
    .notes = "A pattern that hits a PCRE2 limit on a statement is reported on stderr with its "
             "rule and the statement, and the scan goes on.  Exit status: 0; 78 when a rule file "
             "has errors or no rule set is named.",
};
