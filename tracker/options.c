/*
** options.c: the option parser every command uses, driven by its
** cli_command table (options.h), and the running of command groups.
*/
#include "options.h"

#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "text.h"

/* The common options, as cli_command.common selects them. */
static const cli_opt common_opts[] = {
    {"db", 0, "PATH", NULL, CLI_OPT_DB, "the store (default $TRACKER_DB, else ./tracker.db)"},
    {"rules", 0, "PATH", NULL, CLI_OPT_RULES,
     "the rule set: a rule file or a directory of *.rules (default $TRACKER_RULES, else the "
     "configured rule set; see FILES in tracker(1))"},
    {"tz", 0, "ZONE", NULL, CLI_OPT_TZ,
     "show times in ZONE (an IANA name such as America/Chicago) and read --from/--to days "
     "there (default $TRACKER_TZ, else UTC)"},
    {0}};
static const cli_opt help_opt = {"help", 'h', NULL, NULL, CLI_OPT_HELP, "print this help"};

/* The common option of bit b (CLI_DB...). */
static const cli_opt *common_of(unsigned b)
{
    return &common_opts[b == CLI_DB ? 0 : b == CLI_RULES ? 1 : 2];
}

/* The command's option named name (long, or short when shortname), its
** own first, then the common ones it takes; NULL when none. */
static const cli_opt *find_opt(const cli_command *cmd, const char *name, size_t len, char shortname)
{
    for (const cli_opt *o = cmd->opts; o && o->name; o++)
        if (shortname ? o->shortname == shortname
                      : strlen(o->name) == len && !strncmp(o->name, name, len))
            return o;
    if (shortname == 'h' || (!shortname && len == 4 && !strncmp(name, "help", 4)))
        return &help_opt;
    for (unsigned b = CLI_DB; b <= CLI_TZ; b <<= 1) {
        const cli_opt *o = common_of(b);
        if ((cmd->common & b) && !shortname && strlen(o->name) == len && !strncmp(o->name, name, len))
            return o;
    }
    return NULL;
}

/* Starts parsing; see options.h. */
void cli_parse_begin(cli_parser *p, tr_cli *cli, const cli_command *cmd, int argc, char **argv)
{
    *p = (cli_parser){.cli = cli, .cmd = cmd, .argv = argv, .argc = argc, .i = 1};
}

/* The nearest name; see options.h. */
const char *cli_nearest(const char *word, const char *const *names, size_t n)
{
    size_t wl = strlen(word), best = (size_t)-1;
    const char *pick = NULL, *prefix = NULL;
    int nprefix = 0;
    for (size_t i = 0; i < n; i++) {
        if (wl >= 2 && !strncmp(names[i], word, wl)) {
            nprefix++;
            prefix = names[i];
        }
        size_t limit = wl < 6 ? 1 : wl < 9 ? 2 : 3;
        size_t d = tr_edit_distance(word, names[i], limit);
        if (d <= limit && d < best) {
            best = d;
            pick = names[i];
        }
    }
    /* A word that starts one name alone was cut short: that name. */
    return nprefix == 1 ? prefix : pick;
}

/* Writes a list of the n words as "a, b or c" into b. */
static void word_list(tr_buf *b, const char *const *w, size_t n, const char *last)
{
    for (size_t i = 0; i < n; i++)
        tr_buf_printf(b, "%s%s", i == 0 ? "" : i + 1 == n ? last : ", ", w[i]);
}

/* Reports the usage error msg (with "; did you mean 'NEAR'?" when near
** is set) and returns -1. */
static int opt_error(cli_parser *p, tr_buf *msg, const char *near)
{
    if (near)
        tr_buf_printf(msg, "; did you mean '%s'?", near);
    p->rc = cli_usage(p->cli, "%s", msg->data && !msg->oom ? msg->data : "bad option");
    tr_buf_free(msg);
    return -1;
}

/* An unknown option: the error names the nearest one. */
static int unknown(cli_parser *p, const char *given, size_t len, int is_short)
{
    const char *names[128];
    size_t n = 0;
    for (const cli_opt *o = p->cmd->opts; o && o->name && n < 120; o++)
        names[n++] = o->name;
    names[n++] = "help";
    for (unsigned b = CLI_DB; b <= CLI_TZ; b <<= 1)
        if (p->cmd->common & b)
            names[n++] = common_of(b)->name;
    char word[64];
    snprintf(word, sizeof word, "%.*s", (int)(len < 60 ? len : 60), given);
    const char *near = is_short ? NULL : cli_nearest(word, names, n);
    char near_shown[64];
    snprintf(near_shown, sizeof near_shown, "--%s", near ? near : "");
    tr_buf m;
    tr_buf_init(&m);
    tr_buf_printf(&m, "unknown option '%s%s'", is_short ? "-" : "--", word);
    return opt_error(p, &m, near ? near_shown : NULL);
}

/* Checks value against the option's list of values. */
static int check_value(cli_parser *p, const cli_opt *o, const char *value)
{
    if (!o->values)
        return 0;
    size_t n = 0;
    while (o->values[n])
        n++;
    for (size_t k = 0; k < n; k++)
        if (!strcmp(value, o->values[k]))
            return 0;
    tr_buf m;
    tr_buf_init(&m);
    tr_buf_printf(&m, "--%s: unknown value '%s' (expected ", o->name, value);
    word_list(&m, o->values, n, " or ");
    tr_buf_puts(&m, ")");
    return opt_error(p, &m, cli_nearest(value, o->values, n));
}

/* The next option; see options.h. */
int cli_next(cli_parser *p, const char **arg)
{
    *arg = NULL;
    while (p->i < p->argc) {
        char *a = p->argv[p->i];
        if (p->done_opts || a[0] != '-' || !a[1]) {
            p->argv[1 + p->nops++] = a;
            p->i++;
            continue;
        }
        p->i++;
        if (!strcmp(a, "--")) {
            p->done_opts = 1;
            continue;
        }
        const cli_opt *o;
        const char *value = NULL;
        int has_value = 0;
        if (a[1] == '-') {
            const char *name = a + 2, *eq = strchr(name, '=');
            size_t len = eq ? (size_t)(eq - name) : strlen(name);
            if (!(o = find_opt(p->cmd, name, len, 0)))
                return unknown(p, name, len, 0);
            if (eq) {
                value = eq + 1;
                has_value = 1;
            }
        } else {
            if (!(o = find_opt(p->cmd, NULL, 0, a[1])))
                return unknown(p, a + 1, strlen(a + 1), 1);
            if (a[2]) {
                if (!o->arg && !o->values)
                    return unknown(p, a + 1, strlen(a + 1), 1);
                value = a + 2;
                has_value = 1;
            }
        }
        p->name = o->name;
        int takes = o->arg || o->values;
        if (!takes && has_value) {
            tr_buf m;
            tr_buf_init(&m);
            tr_buf_printf(&m, "--%s takes no value (given '%s')", o->name, value);
            return opt_error(p, &m, NULL);
        }
        if (takes && !has_value) {
            if (p->i >= p->argc) {
                tr_buf m;
                tr_buf_init(&m);
                tr_buf_printf(&m, "--%s needs a value (", o->name);
                if (o->values) {
                    size_t n = 0;
                    while (o->values[n])
                        n++;
                    word_list(&m, o->values, n, " or ");
                } else {
                    tr_buf_puts(&m, o->arg);
                }
                tr_buf_puts(&m, ")");
                return opt_error(p, &m, NULL);
            }
            value = p->argv[p->i++];
        }
        if (value && check_value(p, o, value))
            return -1;
        switch (o->id) {
        case CLI_OPT_HELP:
            cli_help(stdout, p->cli, p->cmd, p->cli->cmd);
            p->rc = 0;
            return -1;
        case CLI_OPT_DB:
            p->cli->db_path = value;
            continue;
        case CLI_OPT_RULES:
            p->cli->rules_path = value;
            continue;
        case CLI_OPT_TZ:
            p->cli->tz_name = value;
            continue;
        default:
            *arg = value;
            return o->id;
        }
    }
    return 0;
}

/* The operands; see options.h. */
int cli_operands(const cli_parser *p, char ***argv)
{
    *argv = p->argv + 1;
    return p->nops;
}

/* A command with only the common options. */
int cli_parse_plain(cli_parser *p, tr_cli *cli, const cli_command *cmd, int argc, char **argv)
{
    const char *arg;
    int id;
    cli_parse_begin(p, cli, cmd, argc, argv);
    while ((id = cli_next(p, &arg)) > 0)
        ;
    return id < 0 ? p->rc : -1;
}

/* A group's subcommand named name, or NULL. */
const cli_command *cli_subcommand(const cli_command *group, const char *name)
{
    for (const cli_command *const *s = group->subs; s && *s; s++)
        if (!strcmp((*s)->name, name))
            return *s;
    return NULL;
}

/* 1 when the long or short option a takes its value from the next
** argument in some subcommand of the group (or the common options). */
static int takes_next(const cli_command *group, const char *a)
{
    if (a[1] == '-' ? strchr(a, '=') != NULL : a[2] != 0)
        return 0;
    const char *name = a[1] == '-' ? a + 2 : NULL;
    for (const cli_command *const *s = group->subs; *s; s++) {
        const cli_opt *o = find_opt(*s, name, name ? strlen(name) : 0, name ? 0 : a[1]);
        if (o && (o->arg || o->values))
            return 1;
    }
    return 0;
}

/* Runs a group's subcommand; see options.h. */
int cli_run_group(tr_cli *cli, const cli_command *group, int argc, char **argv)
{
    int at = 0;
    for (int i = 1; i < argc && !at; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--")) {
            at = i + 1 < argc ? i + 1 : 0;
            break;
        }
        if (a[0] != '-' || !a[1])
            at = i;
        else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            cli_help(stdout, cli, group, cli->cmd);
            return 0;
        } else if (takes_next(group, a))
            i++;
    }
    const char *names[32];
    size_t n = 0;
    for (const cli_command *const *s = group->subs; *s && n < 32; s++)
        names[n++] = (*s)->name;
    tr_buf list;
    tr_buf_init(&list);
    word_list(&list, names, n, " or ");
    int rc;
    if (!at) {
        rc = cli_usage(cli, "expected a subcommand: %s", list.data ? list.data : "");
    } else {
        const cli_command *sub = cli_subcommand(group, argv[at]);
        if (!sub) {
            const char *near = cli_nearest(argv[at], names, n);
            if (near)
                rc = cli_usage(cli, "unknown subcommand '%s'; did you mean '%s'?", argv[at], near);
            else
                rc = cli_usage(cli, "unknown subcommand '%s' (expected %s)", argv[at],
                               list.data ? list.data : "");
        } else {
            /* The subcommand moves to the front: its parser sees every
            ** other argument, options given before it included. */
            char *name = argv[at];
            for (int j = at; j > 1; j--)
                argv[j] = argv[j - 1];
            argv[1] = name;
            snprintf(cli->cmdbuf, sizeof cli->cmdbuf, "%s %s", group->name, sub->name);
            cli->cmd = cli->cmdbuf;
            tr_buf_free(&list);
            return sub->fn(cli, sub, argc - 1, argv + 1);
        }
    }
    tr_buf_free(&list);
    return rc;
}
