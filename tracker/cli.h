/*
** cli.h: what the command files of tracker/ share: the global options,
** the command table and the helpers that print and choose exit codes.
**
** The command layer is the only place that prints to stdout/stderr and
** turns a tr_status into an exit code (the status values are the
** sysexits.h codes, see err.h).
*/
#ifndef TR_CLI_H
#define TR_CLI_H

#include <getopt.h>
#include <stdint.h>
#include <stdio.h>

#include "db.h"
#include "err.h"
#include "text.h"

/* The CLI's options: the only mutable state shared across the program. */
typedef struct tr_cli {
    const char *db_path;    /* --db, $TRACKER_DB, else ./tracker.db */
    const char *rules_path; /* --rules, $TRACKER_RULES, else installed or in-tree */
    int64_t now;            /* the run's clock: time(), or $TRACKER_NOW for reproducible runs */
    int color;              /* colour on stdout: a terminal and no NO_COLOR */
    const char *cmd;        /* the command being run, for messages */
} tr_cli;

typedef int (*tr_cmd_fn)(tr_cli *cli, int argc, char **argv);

/* The commands, one file each (cmd_NAME.c). */
int cmd_init(tr_cli *cli, int argc, char **argv);
int cmd_add(tr_cli *cli, int argc, char **argv);
int cmd_import(tr_cli *cli, int argc, char **argv);
int cmd_people(tr_cli *cli, int argc, char **argv);
int cmd_history(tr_cli *cli, int argc, char **argv);
int cmd_search(tr_cli *cli, int argc, char **argv);
int cmd_scan(tr_cli *cli, int argc, char **argv);
int cmd_findings(tr_cli *cli, int argc, char **argv);
int cmd_rules(tr_cli *cli, int argc, char **argv);
int cmd_extract(tr_cli *cli, int argc, char **argv);
int cmd_report(tr_cli *cli, int argc, char **argv);
int cmd_check(tr_cli *cli, int argc, char **argv);
int cmd_backup(tr_cli *cli, int argc, char **argv);

/* The long options every command accepts (--db, --rules, --help), to be
** appended to a command's own table through CLI_COMMON_OPTS. */
#define CLI_OPT_DB 1001
#define CLI_OPT_RULES 1002
#define CLI_COMMON_OPTS                                   \
    {"db", required_argument, NULL, CLI_OPT_DB},          \
    {"rules", required_argument, NULL, CLI_OPT_RULES},    \
    {"help", no_argument, NULL, 'h'}

/* Handles an option of CLI_COMMON_OPTS; 1 when it was one, else 0. */
int cli_common_opt(tr_cli *cli, int opt, const char *arg);

/* Parses the options of a command that has only the common ones (--help
** prints usage); -1 when the command goes on (its operands from optind),
** else the exit code to return. */
int cli_common_only(tr_cli *cli, int argc, char **argv, const char *usage);

/* Prints "tracker CMD: MESSAGE" on stderr and returns st as exit code. */
int cli_fail(tr_cli *cli, tr_status st, const tr_err *e);
/* Prints a usage error with a hint to --help; returns 64. */
int cli_usage(tr_cli *cli, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Handles getopt's '?' and ':' results: prints and returns 64. */
int cli_bad_option(tr_cli *cli);

/* Opens the store named by the options. */
tr_status cli_open_db(tr_cli *cli, tr_db_mode mode, tr_db **db, tr_err *err);

/* Parses a --from/--to date bound: lo of --from, hi of --to.  NULL gives
** the widest bound.  TR_EUSAGE names the option. */
tr_status cli_date_bound(const char *opt, const char *text, int upper, int64_t *out, tr_err *err);

/* Parses the --from/--to window of a read command into [*lo, *hi]; 0, or
** the exit code after printing the usage error (a bad date, or --from
** after --to). */
int cli_date_window(tr_cli *cli, const char *from, const char *to, int64_t *lo, int64_t *hi);

/* Parses --format: the index in names[] (n of them) or -1 after printing
** a usage error. */
int cli_format(tr_cli *cli, const char *arg, const char *const *names, int n);

/* Resolves a person's name for a read command; when nobody has it, fills
** err with a message suggesting the nearest names and returns TR_EDATA. */
tr_status cli_find_person(tr_db *db, const char *name, int64_t *id, tr_err *err);

struct tr_ruleset;

/* The rule set path to use: --rules, $TRACKER_RULES, the installed rule
** sets, else the source tree's samples/rules (next to the binary). */
const char *cli_rules_path(tr_cli *cli, char *buf, size_t n);
/* The lexicon directory: $TRACKER_LEXICON, the source tree's rules/lexicon
** (next to the binary), else the installed one. */
const char *cli_lexicon_dir(char *buf, size_t n);
/* A data directory under rules/ (e.g. "attribution"): the source tree's
** (next to the binary) when there, else the installed one. */
const char *cli_data_dir(const char *name, char *buf, size_t n);
/* Loads the rule sets at paths (n of them; none: cli_rules_path), printing
** every diagnostic compiler-style on stderr (warnings only when
** show_warnings).  TR_ECONFIG (78) when a file has errors. */
tr_status cli_load_rules(tr_cli *cli, char *const *paths, size_t n, int show_warnings,
                         struct tr_ruleset **rs);

/* Writes stored text s to f for a human through lib's escaping layer
** (tr_buf_add_visible): line breaks and tabs as spaces, every other
** control character, C1 control and bidirectional override made visible
** (\x1b, \u009b, \u202e), so a statement cannot drive the terminal.
** NULL prints nothing.  Every text output of stored or input text goes
** through cli_put_text, cli_put_marked, cli_vis or cli_msg. */
void cli_put_text(FILE *f, const char *s);

/* s made visible (as cli_put_text does) in b, for printf: returns
** b->data ("" for NULL or out of memory); b is the caller's to free. */
const char *cli_vis(tr_buf *b, const char *s);

/* Prints a printf-style message to f, every control character made
** visible except its line breaks (an error message that echoes input). */
void cli_msg(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The marks a statement's text is shown between: open/close quotation
** marks for a direct quote ("“" "”", or "\"" when ascii), none ("") for
** reported speech, which is not the speaker's own words. */
void cli_quote_marks(const char *mode, int ascii, const char **open, const char **close);

/* Like cli_put_text, but the bytes \001 and \002 in s (marks put around
** a search hit or a cue) print as open and close. */
void cli_put_marked(FILE *f, const char *s, const char *open, const char *close);

/* Writes s to f as a CSV field (quoted when needed). */
void cli_csv_field(FILE *f, const char *s);

#endif
