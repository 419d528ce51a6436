/*
** cmd_help.c: tracker help [COMMAND [SUBCOMMAND]] and tracker version.
** The help, the manual page and the shell completions all come from the
** command tables (options.h, help.c).
*/
#include <string.h>

#include "cli.h"

enum { OPT_FORMAT = 1 };
static const char *const formats[] = {"text", "man", "bash", "zsh", NULL};

static const cli_opt help_opts[] = {
    {"format", 0, NULL, formats, OPT_FORMAT,
     "text (the default); man: the manual page tracker(1) as roff; bash or zsh: the shell "
     "completion script (all three are what make install installs)"},
    {0}};

/* The names of the commands, or of a group's subcommands, for a suggestion. */
static size_t names_of(const cli_command *group, const char **names, size_t max)
{
    size_t n = 0;
    for (const cli_command *const *s = group->subs; *s && n < max; s++)
        names[n++] = (*s)->name;
    return n;
}

/* tracker help [COMMAND [SUBCOMMAND]] */
static int cmd_help(tr_cli *cli, const cli_command *self, int argc, char **argv)
{
    cli_parser p;
    const char *arg;
    int id, fmt = 0;
    cli_parse_begin(&p, cli, self, argc, argv);
    while ((id = cli_next(&p, &arg)) > 0)
        fmt = cli_pick(arg, formats);
    if (id < 0)
        return p.rc;
    char **ops;
    int n = cli_operands(&p, &ops);
    if (fmt && n)
        return cli_usage(cli, "--format %s prints the whole tool's; it takes no COMMAND", formats[fmt]);
    if (fmt == 1)
        cli_man(stdout, &tracker_def, TRACKER_VERSION, tracker_man_sections);
    else if (fmt == 2)
        cli_completion_bash(stdout, &tracker_def);
    else if (fmt == 3)
        cli_completion_zsh(stdout, &tracker_def);
    if (fmt)
        return 0;
    const cli_command *cmd = &tracker_def;
    char path[96] = "";
    for (int i = 0; i < n; i++) {
        const char *names[32];
        size_t k = cmd->subs ? names_of(cmd, names, 32) : 0;
        const cli_command *sub = cmd->subs ? cli_subcommand(cmd, ops[i]) : NULL;
        if (!sub) {
            const char *near = k ? cli_nearest(ops[i], names, k) : NULL;
            if (!cmd->subs)
                return cli_usage(cli, "'%s' has no subcommands (tracker help %s)", path, path);
            if (near)
                return cli_usage(cli, "no %s '%s'; did you mean '%s'?",
                                 i ? "subcommand" : "command", ops[i], near);
            return cli_usage(cli, "no %s '%s' (tracker help lists them)", i ? "subcommand" : "command",
                             ops[i]);
        }
        cmd = sub;
        size_t L = strlen(path);
        snprintf(path + L, sizeof path - L, "%s%s", L ? " " : "", sub->name);
    }
    cli_help(stdout, cli, cmd, path);
    return 0;
}

/* tracker version */
static int cmd_version(tr_cli *cli, const cli_command *self, int argc, char **argv)
{
    cli_parser p;
    int rc = argc > 1 ? cli_parse_plain(&p, cli, self, argc, argv) : -1;
    if (rc >= 0)
        return rc;
    char **ops;
    if (argc > 1 && cli_operands(&p, &ops))
        return cli_usage(cli, "unexpected argument '%s'", ops[0]);
    printf("tracker %s (SQLite %s)\n", TRACKER_VERSION, tr_db_sqlite_version());
    return 0;
}

const cli_command cmd_help_def = {
    .name = "help",
    .fn = cmd_help,
    .operands = "[COMMAND [SUBCOMMAND]]",
    .summary = "help on a command, or the manual and the shell completions",
    .description = "The help of a command (tracker help findings show is tracker findings show "
                   "--help), or without one the commands and the global options.",
    .opts = help_opts,
};

const cli_command cmd_version_def = {
    .name = "version",
    .fn = cmd_version,
    .summary = "print the version (also --version, -V)",
    .description = "Print tracker's version and SQLite's.",
};
