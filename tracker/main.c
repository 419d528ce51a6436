/*
** main.c: the thin dispatcher.  Reads the environment's defaults and the
** global options (--db, --rules, --tz, --help, --version), finds the
** command (suggesting the nearest name for a typo) and hands it the rest
** of argv.  Each command lives in its own file, tracker/cmd_NAME.c, with
** its table (options.h); the table of them all is here.
*/
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "text.h"
#include "tz.h"

static const cli_command *const commands[] = {
    &cmd_init_def,    &cmd_import_def,   &cmd_add_def,   &cmd_extract_def, &cmd_people_def,
    &cmd_history_def, &cmd_search_def,   &cmd_scan_def,  &cmd_findings_def, &cmd_rules_def,
    &cmd_report_def,  &cmd_check_def,    &cmd_backup_def, &cmd_help_def,   &cmd_version_def,
    NULL};

static const cli_opt global_opts[] = {
    {"db", 0, "PATH", NULL, CLI_OPT_DB,
     "the store, a SQLite file (default $TRACKER_DB, else ./tracker.db; an empty path is refused)"},
    {"rules", 0, "PATH", NULL, CLI_OPT_RULES,
     "the rule set: a rule file or a directory of *.rules (default $TRACKER_RULES, else the "
     "configured rule set, see FILES)"},
    {"tz", 0, "ZONE", NULL, CLI_OPT_TZ,
     "read commands show times in ZONE, an IANA name such as America/Chicago, and read "
     "--from/--to days there (default $TRACKER_TZ, else UTC); import and add read --tz as the "
     "zone of the input's times"},
    {"version", 'V', NULL, NULL, 1, "print the version"},
    {0}};

const cli_command tracker_def = {
    .name = "tracker",
    .summary = "a statement-consistency tracker for newsrooms and fact-checkers",
    .description =
        "A timeline of dated statements by officials in one SQLite file: statements are "
        "imported from feeds (JSON Lines, CSV) or found in raw news articles, a person's "
        "history and everything said can be searched, and a rule engine flags reversals (one "
        "person flips position on a topic) and contradictions (officials of different sides "
        "assert opposite things), with the evidence that decided each.",
    .opts = global_opts,
    .subs = commands,
};

/* The manual's sections that no command's table holds. */
const char *const tracker_man_sections[] = {
    "ENVIRONMENT",
    "TRACKER_DB: the store when --db is not given.\n\n"
    "TRACKER_RULES: the rule set when --rules is not given.\n\n"
    "TRACKER_TZ: the zone read commands show times in when --tz is not given.\n\n"
    "TRACKER_NOW: an ISO date that fixes the clock a run records, for reproducible runs (one "
    "that is not a date is a usage error).\n\n"
    "TRACKER_LEXICON: another lexicon directory than the installed one.\n\n"
    "NO_COLOR: no colour, even on a terminal.\n\n"
    "USER: who a status change is recorded as made by, unless --by says.\n\n"
    "TZDIR: the zoneinfo directory (default /usr/share/zoneinfo).",
    "FILES",
    "./tracker.db: the default store, with its -wal and -shm files beside it.\n\n"
    "PREFIX/etc/tracker/rules: the configured rule set (a rule file, or a directory of *.rules, "
    "or a link to the desk's rule repository), used when neither --rules nor $TRACKER_RULES "
    "names one; PREFIX is the directory above the one holding the tracker binary (/etc/tracker/"
    "rules when that is /usr).  Without any of them, commands that need rules stop and say how "
    "to name one.  The seed story's rule set is a sample in the source tree (samples/rules), "
    "never a default.\n\n"
    "PREFIX/share/tracker/lexicon, PREFIX/share/tracker/attribution: the lexicon (negation "
    "triggers, hedges...) and the extractor's attribution patterns.",
    "EXIT STATUS",
    "0 success; 1 a check found something (new findings with --fail-on-new, a failed example, "
    "a lint warning, rules diff --exit-code with a change, rules fmt --check with an "
    "unformatted file, tracker check with a problem); 64 usage; 65 bad data; 66 no input; 70 "
    "internal error; 74 I/O or database error; 78 bad rule file.",
    "EXAMPLES",
    "  tracker init\n"
    "  tracker people import samples/people.jsonl\n"
    "  tracker import --feeds feeds.conf\n"
    "  tracker scan --rules rules/\n"
    "  tracker findings list\n"
    "  tracker history 'Donald Trump' --tz America/Chicago --from 2017-07-09 --to 2017-07-09\n"
    "  tracker search \"can't happen\"\n"
    "  tracker report --output report.html --output report.md\n"
    "  tracker findings export --format claimreview --author 'Desk' \\\n"
    "      --url-template 'https://desk.example.org/flips/{id}' > flips.json",
    "SEE ALSO",
    "tracker-rules(5), the rule language; the README and docs/ of the source tree.",
    NULL};

/* Reads the environment's defaults into cli; TR_EUSAGE (err filled) for
** a TRACKER_NOW that is not a date. */
static tr_status defaults(tr_cli *cli, tr_err *err)
{
    const char *e;
    cli->db_path = (e = getenv("TRACKER_DB")) && *e ? e : "tracker.db";
    cli->rules_path = (e = getenv("TRACKER_RULES")) && *e ? e : NULL;
    cli->tz_name = (e = getenv("TRACKER_TZ")) && *e ? e : NULL;
    cli->zoneinfo = (e = getenv("TZDIR")) && *e ? e : NULL;
    cli->user = (e = getenv("USER")) && *e ? e : NULL;
    cli->lexicon = (e = getenv("TRACKER_LEXICON")) && *e ? e : NULL;
    cli->now = (int64_t)time(NULL);
    if ((e = getenv("TRACKER_NOW")) && *e) {
        tr_date d;
        if (tr_date_parse(e, NULL, &d, err) != TR_OK)
            return tr_errf(err, TR_EUSAGE, "TRACKER_NOW is '%.40s', not a date: it fixes the clock "
                           "a run records; unset it, or give an ISO date such as "
                           "2017-07-21T06:00:00Z", e);
        cli->now = d.lo;
    }
    int tty = isatty(STDOUT_FILENO);
    cli->color = tty && !((e = getenv("NO_COLOR")) && *e) && !((e = getenv("TERM")) && !strcmp(e, "dumb"));
    struct winsize ws;
    cli->width = tty && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 ? ws.ws_col : 0;
    return TR_OK;
}

/* Prints "tracker: MESSAGE" and the hint to the command list; 64. */
static int top_usage(const char *fmt, const char *a, const char *near)
{
    cli_msg(stderr, "tracker: ");
    cli_msg(stderr, fmt, a);
    if (near)
        cli_msg(stderr, "; did you mean '%s'?", near);
    fputs("\nRun 'tracker help' for the commands and the global options.\n", stderr);
    return TR_EUSAGE;
}

/* Runs the command named name with argv (argv[0] is its name). */
static int run(tr_cli *cli, int argc, char **argv)
{
    const char *names[32];
    size_t n = 0;
    for (const cli_command *const *c = commands; *c; c++) {
        names[n++] = (*c)->name;
        if (strcmp((*c)->name, argv[0]))
            continue;
        cli->cmd = (*c)->name;
        int rc = (*c)->subs ? cli_run_group(cli, *c, argc, argv) : (*c)->fn(cli, *c, argc, argv);
        /* Output that never reached its file (a full disk, a closed
        ** pipe) is an error, not a silent success. */
        if ((fflush(stdout) != 0 || ferror(stdout)) && (rc == 0 || rc == TR_FOUND)) {
            cli_msg(stderr, "tracker: %s: writing the output: %s\n", cli->cmd, strerror(errno));
            rc = TR_EIO;
        }
        return rc;
    }
    return top_usage("unknown command '%s'", argv[0], cli_nearest(argv[0], names, n));
}

int main(int argc, char **argv)
{
    tr_cli cli = {0};
    tr_err err;
    cli.cmd = "";
    if (defaults(&cli, &err) != TR_OK) {
        cli_msg(stderr, "tracker: %s\n", err.msg);
        return TR_EUSAGE;
    }
    /* Every argument is text the store may keep or a terminal may show:
    ** one that is not UTF-8 is refused here, before any command runs. */
    for (int k = 1; k < argc; k++) {
        size_t bad = tr_utf8_invalid_at(argv[k], strlen(argv[k]));
        if (bad != (size_t)-1) {
            cli_msg(stderr, "tracker: argument %d ('%s') is not valid UTF-8 (byte 0x%02x at byte "
                    "%zu): tracker reads UTF-8 text only\n", k, argv[k],
                    (unsigned char)argv[k][bad], bad + 1);
            return TR_EDATA;
        }
    }
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--version") || !strcmp(a, "-V"))
            return cmd_version_def.fn(&cli, &cmd_version_def, 1, argv + i);
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            cli_help(stdout, &cli, &tracker_def, "");
            return 0;
        }
        const char **slot = !strncmp(a, "--db", 4)      ? &cli.db_path
                            : !strncmp(a, "--rules", 7) ? &cli.rules_path
                            : !strncmp(a, "--tz", 4)    ? &cli.tz_name
                                                        : NULL;
        size_t L = slot == &cli.db_path ? 4 : slot == &cli.rules_path ? 7 : 4;
        if (slot && a[L] == '=') {
            *slot = a + L + 1;
            continue;
        }
        if (slot && !a[L]) {
            if (i + 1 == argc)
                return top_usage("%s needs a value", a, NULL);
            *slot = argv[++i];
            continue;
        }
        const char *names[8];
        size_t n = 0;
        for (const cli_opt *o = global_opts; o->name; o++)
            names[n++] = o->name;
        names[n++] = "help";
        const char *near = a[1] == '-' ? cli_nearest(a + 2, names, n) : NULL;
        char shown[40];
        snprintf(shown, sizeof shown, "--%s", near ? near : "");
        return top_usage("unknown option '%s'", a, near ? shown : NULL);
    }
    if (i == argc) {
        cli_help(stderr, &cli, &tracker_def, "");
        return TR_EUSAGE;
    }
    int rc = run(&cli, argc - i, argv + i);
    tr_zone_free(cli.zone);
    return rc;
}
