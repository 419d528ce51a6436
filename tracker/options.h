/*
** options.h: the command line's one description.  Every command (and every
** subcommand of a group such as 'findings') is a cli_command: its name, its
** operands, what it does and a table of its options.  The same table drives
** the parser (cli_next), the help ('tracker help CMD', CMD --help), the
** manual page and the shell completions (help.c), so none of them can
** drift from what the parser accepts.
**
** The parser takes GNU-style options anywhere among the operands: --name
** VALUE, --name=VALUE, -x VALUE, -xVALUE, and "--" ending the options; "-"
** is an operand.  Long names are never abbreviated.  An unknown option, a
** value outside an option's list, a missing or unwanted value is a usage
** error in one style, with the nearest name by Damerau-Levenshtein
** distance: "tracker: import: unknown option '--strct'; did you mean
** '--strict'?".
*/
#ifndef TR_OPTIONS_H
#define TR_OPTIONS_H

#include <stdio.h>

struct tr_cli;

/* One option of a command. */
typedef struct cli_opt {
    const char *name;          /* long name without "--" */
    char shortname;            /* one-letter alias, or 0 */
    const char *arg;           /* the value's name in help ("FILE"), or NULL: a flag */
    const char *const *values; /* the values it accepts (NULL-terminated), or NULL: any */
    int id;                    /* what cli_next returns for it (> 0) */
    const char *help;          /* what it does: one paragraph, wrapped when printed */
} cli_opt;

/* The options every command may take, chosen by cli_command.common. */
enum {
    CLI_DB = 1,     /* --db PATH: the store */
    CLI_RULES = 2,  /* --rules PATH: the rule set */
    CLI_TZ = 4      /* --tz ZONE: show times in ZONE (read commands) */
};
/* Their ids, as cli_next handles them itself (never returned). */
enum { CLI_OPT_HELP = 900, CLI_OPT_DB, CLI_OPT_RULES, CLI_OPT_TZ };

typedef struct cli_command cli_command;
struct cli_command {
    const char *name;          /* "history"; a subcommand's own name ("show") */
    int (*fn)(struct tr_cli *cli, const cli_command *self, int argc, char **argv);
    const char *operands;      /* the operands in the synopsis ("PERSON", "[PATH...]"), or NULL */
    const char *summary;       /* one line for the command list */
    const char *description;   /* paragraphs ("\n\n" between); a line that starts with
                                  two spaces is printed as it is (examples) */
    const cli_opt *opts;       /* its own options, ending with {0}; NULL for none */
    unsigned common;           /* which common options it takes (CLI_DB | ...) */
    const char *notes;         /* paragraphs after the options (fields, exit status), or NULL */
    const cli_command *const *subs; /* a group's subcommands (NULL-terminated), or NULL */
};

/* The parser's state over one command's arguments (caller-owned, on the
** stack; holds nothing to free). */
typedef struct cli_parser {
    struct tr_cli *cli;
    const cli_command *cmd;
    char **argv;
    int argc, i, nops, done_opts;
    int rc;                    /* after cli_next returned -1: the exit code (0 after --help) */
    const char *name;          /* the option last returned, as given ("--format"), for messages */
} cli_parser;

/* Starts parsing argv[1..argc) (argv[0] is the command's name) for cmd. */
void cli_parse_begin(cli_parser *p, struct tr_cli *cli, const cli_command *cmd, int argc,
                     char **argv);

/* The next option: its id (> 0) with *arg its value (NULL for a flag);
** 0 when every argument has been read (the operands are then argv[0..n)
** of cli_operands); -1 when the command must stop with exit code p->rc:
** --help was printed (0), or a usage error (64).  --db, --rules, --tz
** and --help are handled here and never returned. */
int cli_next(cli_parser *p, const char **arg);

/* The operands, in order, once cli_next returned 0: *argv (borrowed
** from the command's argv, which the parser reorders) and their count. */
int cli_operands(const cli_parser *p, char ***argv);

/* Parses a command whose only options are the common ones; -1 when the
** command goes on (operands through cli_operands), else the exit code. */
int cli_parse_plain(cli_parser *p, struct tr_cli *cli, const cli_command *cmd, int argc,
                    char **argv);

/* The nearest of the n names to word by Damerau-Levenshtein distance (or
** the one word is a prefix of), or NULL when none is near enough to
** suggest.  Borrowed from names. */
const char *cli_nearest(const char *word, const char *const *names, size_t n);

/* A group's subcommand named name, or NULL. */
const cli_command *cli_subcommand(const cli_command *group, const char *name);

/* Runs a group (findings, rules, people): finds its subcommand (the first
** operand, wherever the options are), sets cli->cmd to "GROUP SUB" and
** runs it with the remaining arguments; --help before any subcommand
** prints the group's help.  An unknown subcommand is a usage error with
** a suggestion. */
int cli_run_group(struct tr_cli *cli, const cli_command *group, int argc, char **argv);

#endif
