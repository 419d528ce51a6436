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

#include <stdint.h>
#include <stdio.h>

#include "db.h"
#include "err.h"
#include "options.h"
#include "text.h"

struct tr_zone;

/* The CLI's options: the only mutable state shared across the program. */
typedef struct tr_cli {
    const char *db_path;    /* --db, $TRACKER_DB, else ./tracker.db */
    const char *rules_path; /* --rules, $TRACKER_RULES, else the configured rule set */
    const char *tz_name;    /* --tz, $TRACKER_TZ: the zone read commands show times in (NULL: UTC) */
    struct tr_zone *zone;   /* tz_name loaded by cli_zone (owned; freed by main) */
    const char *zoneinfo;   /* $TZDIR, else NULL: /usr/share/zoneinfo */
    const char *lexicon;    /* $TRACKER_LEXICON: the lexicon directory (NULL: the installed or in-tree one) */
    const char *user;       /* $USER: who changes a finding or records a report when --by is not given (NULL: unknown) */
    int64_t now;            /* the run's clock: time(), or $TRACKER_NOW for reproducible runs */
    int color;              /* colour on stdout: a terminal and no NO_COLOR */
    int width;              /* stdout's terminal width in columns; 0 when not a terminal */
    const char *cmd;        /* the command being run ("findings show"), for messages */
    char cmdbuf[64];        /* cmd's storage for a group's subcommand */
} tr_cli;

/* The commands, one file each (cmd_NAME.c): their tables (options.h). */
extern const cli_command cmd_init_def, cmd_import_def, cmd_add_def, cmd_extract_def,
    cmd_people_def, cmd_history_def, cmd_search_def, cmd_scan_def, cmd_findings_def,
    cmd_rules_def, cmd_report_def, cmd_check_def, cmd_backup_def, cmd_help_def, cmd_version_def,
    cmd_statements_def;

/* The whole tool's table: every command, the global options and the
** sections of the manual that are not a command's (main.c). */
extern const cli_command tracker_def;
extern const char *const tracker_man_sections[];

/* Prints the help of cmd, named path ("findings show"; "" for the whole
** tool), wrapped at the terminal's width (80 columns on a pipe) (help.c). */
void cli_help(FILE *f, const tr_cli *cli, const cli_command *cmd, const char *path);
/* Prints the manual page tracker(1) as roff; sections are (title, text)
** pairs, NULL-terminated. */
void cli_man(FILE *f, const cli_command *top, const char *version, const char *const *sections);
/* Prints the bash or the zsh completion script. */
void cli_completion_bash(FILE *f, const cli_command *top);
void cli_completion_zsh(FILE *f, const cli_command *top);

/* Prints "tracker: CMD: MESSAGE" on stderr and returns st as exit code. */
int cli_fail(tr_cli *cli, tr_status st, const tr_err *e);
/* Prints a usage error ("tracker: CMD: MESSAGE") with a hint to --help;
** returns 64. */
int cli_usage(tr_cli *cli, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Prints a warning or a note, "tracker: CMD: MESSAGE", made visible. */
void cli_note(tr_cli *cli, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Opens the store named by the options. */
tr_status cli_open_db(tr_cli *cli, tr_db_mode mode, tr_db **db, tr_err *err);
/* Loads the display zone (cli_zone), then opens the store for writing
** (write) or reading: the start of a command that shows times. */
tr_status cli_open_store(tr_cli *cli, int write, tr_db **db, tr_err *err);

/* The zone read commands show times in (--tz, $TRACKER_TZ), loaded once
** into cli->zone; NULL for UTC.  TR_EUSAGE for a name that is no zone. */
tr_status cli_zone(tr_cli *cli, const struct tr_zone **z, tr_err *err);

/* Parses a --from/--to date bound: lo of --from, hi of --to; calendar
** days (and months, years) are the zone's when z is set.  NULL gives the
** widest bound.  TR_EUSAGE names the option. */
tr_status cli_date_bound(const char *opt, const char *text, const struct tr_zone *z, int upper,
                         int64_t *out, tr_err *err);

/* Parses the --from/--to window of a read command into [*lo, *hi], in
** the display zone; 0, or the exit code after printing the usage error
** (a bad date or zone, or --from after --to). */
int cli_date_window(tr_cli *cli, const char *from, const char *to, int64_t *lo, int64_t *hi);

/* A statement's date in the one style dates are shown in (tr_date_show),
** in the display zone (cli_zone must have loaded it). */
void cli_when(const tr_cli *cli, const tr_statement_row *r, char *buf, size_t n);

/* A statement's date as given, its zone made explicit (tr_date_given):
** what JSON and exports carry as "date". */
void cli_given(const tr_statement_row *r, char *buf, size_t n);

/* Prints, for a statement of more than one report, the line "N reports:
** SOURCE; SOURCE..." (reports_sources) indented by indent spaces, and a
** line that says so when the reports' dates do not meet.  Nothing for a
** statement of one report. */
tr_status cli_reports_line(tr_cli *cli, tr_db *db, const tr_statement_row *r, int indent,
                           tr_err *err);

/* The index of arg in the NULL-terminated values (an option's list, which
** the parser has checked arg against); 0 when absent. */
int cli_pick(const char *arg, const char *const *values);

/* Resolves a person's name for a read command; when nobody has it, fills
** err with a message suggesting the nearest names and returns TR_EDATA. */
tr_status cli_find_person(tr_db *db, const char *name, int64_t *id, tr_err *err);

struct tr_ruleset;

/* The configured rule set: PREFIX/etc/tracker/rules (/etc/tracker/rules
** when PREFIX is /usr), PREFIX the directory above the binary's bin/,
** when it exists; else NULL.  Written into buf. */
const char *cli_configured_rules(char *buf, size_t n);
/* The rule set path to use: --rules, $TRACKER_RULES, else the configured
** one; NULL when there is none (the rules are the desk's: no default). */
const char *cli_rules_path(tr_cli *cli, char *buf, size_t n);
/* The lexicon directory: $TRACKER_LEXICON, the source tree's rules/lexicon
** (next to the binary in build/), else PREFIX/share/tracker/lexicon. */
const char *cli_lexicon_dir(const tr_cli *cli, char *buf, size_t n);
/* A data directory (e.g. "attribution"): the source tree's rules/NAME
** (next to the binary) when there, else PREFIX/share/tracker/NAME. */
const char *cli_data_dir(const char *name, char *buf, size_t n);
/* Loads the rule sets at paths (n of them; none: cli_rules_path), printing
** every diagnostic compiler-style on stderr (warnings only when
** show_warnings), each problem once.  TR_ECONFIG (78) when a file has
** errors, or when no rule set is named (the message says how to name one). */
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

/* Writes a cue (stored text) marked the way text output marks cues and
** search hits: "»can't«", bold and underlined on a terminal. */
void cli_put_cue(const tr_cli *cli, FILE *f, const char *s);

/* Writes stored text for people: made visible (as cli_put_text), the
** bytes \001 and \002 as the cue marks' open and close, and on a terminal
** wrapped at its width, continuation lines indented by indent spaces
** (col: the column the text starts at).  A pipe gets one line. */
void cli_put_wrapped(const tr_cli *cli, FILE *f, const char *s, size_t col, size_t indent);

/* Writes s to f as a CSV field (quoted when needed). */
void cli_csv_field(FILE *f, const char *s);

#endif
