/*
** main.c: the thin dispatcher.  Reads the global options (--db, --rules,
** --help, --version), finds the command and hands it the rest of argv.
** Each command lives in its own file, tracker/cmd_NAME.c.
*/
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "text.h"

static const struct command {
    const char *name;
    tr_cmd_fn fn;
    const char *summary;
} commands[] = {
    {"init", cmd_init, "create or migrate the database"},
    {"import", cmd_import, "import statements from JSON Lines or CSV files"},
    {"add", cmd_add, "add one statement from flags"},
    {"extract", cmd_extract, "find the statements in news articles (raw text)"},
    {"people", cmd_people, "the people registry: import, list, show, alias add"},
    {"history", cmd_history, "one person's statements, oldest first"},
    {"search", cmd_search, "full-text search over statements"},
    {"scan", cmd_scan, "classify new statements, detect reversals and contradictions"},
    {"findings", cmd_findings, "list, show, acknowledge or dismiss findings"},
    {"rules", cmd_rules, "test, lint, explain or diff rule sets"},
    {"report", cmd_report, "the consistency report: new and open findings, activity"},
    {"check", cmd_check, "check the store: integrity, full-text index, invariants"},
    {"backup", cmd_backup, "copy the store consistently while writers run"},
};

#define NCOMMANDS (sizeof commands / sizeof commands[0])

/* Prints the top-level usage to f. */
static void usage(FILE *f)
{
    fprintf(f, "usage: tracker [--db PATH] [--rules PATH] COMMAND [ARGS...]\n\n"
               "A statement-consistency tracker: a timeline of dated statements by officials\n"
               "in one SQLite file, with rules that flag reversals and contradictions.\n\n"
               "Commands:\n");
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "\nGlobal options (before or after the command):\n"
               "  --db PATH      the database (default $TRACKER_DB, else ./tracker.db)\n"
               "  --rules PATH   rule file or directory (default $TRACKER_RULES, else the\n"
               "                 installed rule sets)\n"
               "  --help         help for tracker or for a command\n"
               "  --version      print the version\n\n"
               "Run 'tracker COMMAND --help' for a command's options.\n");
}

/* Reads the environment's defaults into cli; TR_EUSAGE (err filled) for
** a TRACKER_NOW that is not a date. */
static tr_status defaults(tr_cli *cli, tr_err *err)
{
    const char *e;
    cli->db_path = (e = getenv("TRACKER_DB")) && *e ? e : "tracker.db";
    cli->rules_path = (e = getenv("TRACKER_RULES")) && *e ? e : NULL;
    cli->now = (int64_t)time(NULL);
    if ((e = getenv("TRACKER_NOW")) && *e) {
        tr_date d;
        if (tr_date_parse(e, NULL, &d, err) != TR_OK)
            return tr_errf(err, TR_EUSAGE, "TRACKER_NOW: %s (it fixes the clock: unset it, or "
                           "give an ISO date such as 2017-07-21T06:00:00Z)", err->msg);
        cli->now = d.lo;
    }
    cli->color = isatty(STDOUT_FILENO) && !((e = getenv("NO_COLOR")) && *e) &&
                 !((e = getenv("TERM")) && !strcmp(e, "dumb"));
    return TR_OK;
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
    for (; i < argc && argv[i][0] == '-'; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--version") || !strcmp(a, "-V")) {
            printf("tracker %s (SQLite %s)\n", TRACKER_VERSION, tr_db_sqlite_version());
            return 0;
        }
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return 0;
        }
        if ((!strcmp(a, "--db") || !strcmp(a, "--rules")) && i + 1 < argc) {
            if (a[2] == 'd')
                cli.db_path = argv[++i];
            else
                cli.rules_path = argv[++i];
            continue;
        }
        if (!strncmp(a, "--db=", 5)) {
            cli.db_path = a + 5;
            continue;
        }
        if (!strncmp(a, "--rules=", 8)) {
            cli.rules_path = a + 8;
            continue;
        }
        cli_msg(stderr, "tracker: unknown option '%s'\n", a);
        usage(stderr);
        return TR_EUSAGE;
    }
    if (i == argc) {
        usage(stderr);
        return TR_EUSAGE;
    }
    for (size_t k = 0; k < NCOMMANDS; k++)
        if (!strcmp(argv[i], commands[k].name)) {
            cli.cmd = commands[k].name;
            optind = 1;
            opterr = 1;
            int rc = commands[k].fn(&cli, argc - i, argv + i);
            /* Output that never reached its file (a full disk, a closed
            ** pipe) is an error, not a silent success. */
            if ((fflush(stdout) != 0 || ferror(stdout)) && (rc == 0 || rc == TR_FOUND)) {
                cli_msg(stderr, "tracker %s: writing the output: %s\n", cli.cmd, strerror(errno));
                rc = TR_EIO;
            }
            return rc;
        }
    cli_msg(stderr, "tracker: unknown command '%s'\n", argv[i]);
    usage(stderr);
    return TR_EUSAGE;
}
