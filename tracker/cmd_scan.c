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

static const char usage_text[] =
    "usage: tracker scan [--rules PATH]... [--db PATH] [--quiet]\n"
    "\n"
    "Classify every statement not yet classified under the rule set (a new\n"
    "statement once; everything again when the rule set changes), detect\n"
    "reversals and contradictions, record the run and print a summary.  The\n"
    "cost grows with the new statements, not with the store.\n"
    "\n"
    "Options:\n"
    "  --rules PATH   a rule file or a directory of *.rules (repeatable; default\n"
    "                 $TRACKER_RULES, else the installed or in-tree sample rules)\n"
    "  --quiet        print nothing but errors and limit warnings\n"
    "  --db PATH      the database\n"
    "\n"
    "A pattern that hits a PCRE2 limit on a statement is reported on stderr with\n"
    "its rule and the statement, and the scan goes on.  Exit status: 0, or 78\n"
    "when a rule file has errors.\n";

/* Reports a pattern that hit a PCRE2 limit. */
static void on_limit(void *ctx, int64_t statement_id, const tr_limit_event *ev)
{
    (void)ctx;
    cli_msg(stderr, "tracker scan: %s:%u: topic %s: %s pattern stopped at a limit on statement "
                    "#%lld (%s); the scan goes on\n",
            ev->pattern ? ev->pattern->loc.file : "?", ev->pattern ? ev->pattern->loc.line : 0,
            ev->topic_id, ev->pattern ? tr_pat_kind_name(ev->pattern->kind) : "a", 
            (long long)statement_id, ev->message);
}

int cmd_scan(tr_cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {{"quiet", no_argument, NULL, 'q'}, CLI_COMMON_OPTS, {0}};
    char *paths[32];
    size_t npaths = 0;
    int c, quiet = 0;
    while ((c = getopt_long(argc, argv, "hq", opts, NULL)) != -1) {
        if (c == CLI_OPT_RULES) {
            if (npaths == 32)
                return cli_usage(cli, "too many --rules");
            paths[npaths++] = optarg;
            continue;
        }
        if (cli_common_opt(cli, c, optarg))
            continue;
        if (c == 'h') {
            fputs(usage_text, stdout);
            return 0;
        }
        if (c == 'q') {
            quiet = 1;
            continue;
        }
        return cli_bad_option(cli);
    }
    if (optind != argc)
        return cli_usage(cli, "unexpected argument '%s'", argv[optind]);
    if (npaths == 0 && cli->rules_path)
        paths[npaths++] = (char *)cli->rules_path;
    tr_ruleset *rs;
    tr_status st = cli_load_rules(cli, paths, npaths, 0, &rs);
    if (st)
        return st;
    tr_db *db;
    tr_err err;
    if ((st = cli_open_db(cli, TR_DB_WRITE, &db, &err)) != TR_OK) {
        tr_ruleset_free(rs);
        return cli_fail(cli, st, &err);
    }
    int64_t run;
    scan_stats s;
    char stats[512];
    if (!(st = tr_db_begin(db, &err)) &&
        !(st = tr_db_run_start(db, "scan", tr_ruleset_hash(rs), &run, &err)) &&
        !(st = scan_store(db, rs, run, on_limit, NULL, &s, &err))) {
        snprintf(stats, sizeof stats,
                 "{\"classified\":%lld,\"assertions\":%lld,\"limits\":%lld,\"new_findings\":%lld,"
                 "\"findings\":%lld,\"retired\":%lld,\"reclassified\":%s}",
                 s.classified, s.assertions, s.limits, s.new_findings, s.findings, s.retired,
                 s.reset ? "true" : "false");
        if (!(st = tr_db_run_finish(db, run, stats, &err)))
            st = tr_db_commit(db, &err);
    }
    if (st)
        tr_db_rollback(db);
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
