/*
** help.c: what the command tables (options.h) say, for people: the help
** of a command, a group or the whole tool, wrapped to the terminal; the
** manual page tracker(1) in roff; the bash and zsh completions.  All of
** it is generated from the same tables the parser reads.
*/
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "options.h"
#include "text.h"

/* ---- wrapping ---------------------------------------------------------- */

/* Appends text to b wrapped at width: the first line continues from
** column col, later lines start with indent spaces.  Words are split at
** spaces only; a word longer than the line stands alone.  Returns the
** column after the last word. */
static size_t wrap_into(tr_buf *b, const char *text, size_t col, size_t indent, size_t width)
{
    const char *p = text;
    int first = 1;
    while (*p) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        const char *e = p;
        while (*e && *e != ' ')
            e++;
        size_t w = (size_t)(e - p), cols = tr_utf8_width(p, w);
        if (!first && col + 1 + cols > width) {
            tr_buf_printf(b, "\n%*s", (int)indent, "");
            col = indent;
        } else if (!first) {
            tr_buf_puts(b, " ");
            col++;
        }
        tr_buf_add(b, p, w);
        col += cols;
        first = 0;
        p = e;
    }
    return col;
}

/* Appends the paragraphs of text ("\n\n" between them) to b, each wrapped
** at width after indent spaces; a line that starts with two spaces is
** kept as it is. */
static void paragraphs(tr_buf *b, const char *text, size_t indent, size_t width)
{
    const char *p = text;
    while (*p) {
        const char *end = strstr(p, "\n\n");
        size_t n = end ? (size_t)(end - p) : strlen(p);
        char *para = malloc(n + 1);
        if (!para)
            return;
        memcpy(para, p, n);
        para[n] = 0;
        /* Lines kept as they are, and the prose between them joined. */
        tr_buf prose;
        tr_buf_init(&prose);
        char *save = NULL;
        for (char *line = strtok_r(para, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
            if (!strncmp(line, "  ", 2)) {
                if (prose.len) {
                    tr_buf_printf(b, "%*s", (int)indent, "");
                    wrap_into(b, prose.data, indent, indent, width);
                    tr_buf_puts(b, "\n");
                    tr_buf_reset(&prose);
                }
                tr_buf_printf(b, "%*s%s\n", (int)indent, "", line);
            } else {
                if (prose.len)
                    tr_buf_puts(&prose, " ");
                tr_buf_puts(&prose, line);
            }
        }
        if (prose.len) {
            tr_buf_printf(b, "%*s", (int)indent, "");
            wrap_into(b, prose.data, indent, indent, width);
            tr_buf_puts(b, "\n");
        }
        tr_buf_free(&prose);
        free(para);
        p += n;
        if (*p) {
            p += 2;
            tr_buf_puts(b, "\n");
        }
    }
}

/* ---- the synopsis and the option list ---------------------------------- */

/* Appends one option's synopsis unit ("[--format text|json]") to b. */
static void opt_unit(tr_buf *b, const cli_opt *o, int brackets)
{
    tr_buf_printf(b, "%s--%s", brackets ? "[" : "", o->name);
    if (o->values) {
        tr_buf_puts(b, " ");
        for (size_t k = 0; o->values[k]; k++)
            tr_buf_printf(b, "%s%s", k ? "|" : "", o->values[k]);
    } else if (o->arg) {
        tr_buf_printf(b, " %s", o->arg);
    }
    if (brackets)
        tr_buf_puts(b, "]");
}

/* The common options cmd takes, in the order they are listed. */
static size_t commons(const cli_command *cmd, const cli_opt **out)
{
    static const cli_opt tz = {"tz", 0, "ZONE", NULL, CLI_OPT_TZ,
                               "show times in ZONE (an IANA name such as America/Chicago) and "
                               "read --from/--to days there (default $TRACKER_TZ, else UTC)"};
    static const cli_opt rules = {"rules", 0, "PATH", NULL, CLI_OPT_RULES,
                                  "the rule set: a rule file or a directory of *.rules (default "
                                  "$TRACKER_RULES, else the configured rule set)"};
    static const cli_opt db = {"db", 0, "PATH", NULL, CLI_OPT_DB,
                               "the store (default $TRACKER_DB, else ./tracker.db)"};
    size_t n = 0;
    if (cmd->common & CLI_TZ)
        out[n++] = &tz;
    if (cmd->common & CLI_RULES)
        out[n++] = &rules;
    if (cmd->common & CLI_DB)
        out[n++] = &db;
    return n;
}

/* Appends the synopsis of cmd (named path) after prefix ("usage: " or
** "       ") to b, wrapped with the options aligned after the name. */
static void synopsis(tr_buf *b, const cli_command *cmd, const char *path, const char *prefix,
                     size_t width)
{
    size_t col = strlen(prefix), indent;
    tr_buf_printf(b, "%stracker %s", prefix, path);
    col += 8 + strlen(path);
    indent = col + 1;
    if (indent > 40)
        indent = strlen(prefix) + 4;
    tr_buf units;
    tr_buf_init(&units);
    if (cmd->operands) {
        tr_buf_puts(&units, cmd->operands);
        tr_buf_add(&units, "", 1);
    }
    const cli_opt *co[3];
    size_t nc = commons(cmd, co);
    for (const cli_opt *o = cmd->opts; o && o->name; o++) {
        opt_unit(&units, o, 1);
        tr_buf_add(&units, "", 1);
    }
    for (size_t k = 0; k < nc; k++) {
        opt_unit(&units, co[k], 1);
        tr_buf_add(&units, "", 1);
    }
    for (size_t off = 0; units.data && off < units.len;) {
        const char *u = units.data + off;
        size_t w = strlen(u), cols = tr_utf8_width(u, w);
        if (col + 1 + cols > width && col > indent) {
            tr_buf_printf(b, "\n%*s", (int)indent, "");
            col = indent;
        } else {
            tr_buf_puts(b, " ");
            col++;
        }
        tr_buf_puts(b, u);
        col += cols;
        off += w + 1;
    }
    tr_buf_puts(b, "\n");
    tr_buf_free(&units);
}

/* Appends the table of options o[0..n) to b: "  -o, --output FILE" and
** its help wrapped beside it. */
static void opt_table(tr_buf *b, const cli_opt *const *o, size_t n, size_t width)
{
    size_t left = 0;
    tr_buf u;
    tr_buf_init(&u);
    for (size_t i = 0; i < n; i++) {
        tr_buf_reset(&u);
        opt_unit(&u, o[i], 0);
        size_t w = 6 + (u.data ? tr_utf8_width(u.data, u.len) : 0);
        if (w > left && w <= 30)
            left = w;
    }
    for (size_t i = 0; i < n; i++) {
        tr_buf_reset(&u);
        opt_unit(&u, o[i], 0);
        if (o[i]->shortname)
            tr_buf_printf(b, "  -%c, ", o[i]->shortname);
        else
            tr_buf_puts(b, "      ");
        tr_buf_puts(b, u.data ? u.data : "");
        size_t col = 6 + (u.data ? tr_utf8_width(u.data, u.len) : 0);
        if (col + 2 > left + 2 && col > left) {
            tr_buf_printf(b, "\n%*s", (int)(left + 2), "");
        } else {
            tr_buf_printf(b, "%*s", (int)(left + 2 - col), "");
        }
        wrap_into(b, o[i]->help, left + 2, left + 2, width);
        tr_buf_puts(b, "\n");
    }
    tr_buf_free(&u);
}

/* The width help is wrapped at: the terminal's (at most 100), else 80. */
static size_t help_width(const tr_cli *cli)
{
    size_t w = cli && cli->width ? (size_t)cli->width : 80;
    return w > 100 ? 100 : w < 40 ? 40 : w;
}

/* Appends cmd's help to b; see cli_help. */
static void help_text(tr_buf *b, const tr_cli *cli, const cli_command *cmd, const char *path)
{
    size_t width = help_width(cli);
    int top = !path || !*path;
    if (cmd->subs && !top) {
        int k = 0;
        for (const cli_command *const *s = cmd->subs; *s; s++, k++) {
            char sub[96];
            snprintf(sub, sizeof sub, "%s %s", path, (*s)->name);
            synopsis(b, *s, sub, k ? "       " : "usage: ", width);
        }
    } else if (top) {
        tr_buf_puts(b, "usage: tracker [--db PATH] [--rules PATH] [--tz ZONE] COMMAND [ARGS...]\n");
    } else {
        synopsis(b, cmd, path, "usage: ", width);
    }
    if (cmd->description) {
        tr_buf_puts(b, "\n");
        paragraphs(b, cmd->description, 0, width);
    }
    if (cmd->subs) {
        tr_buf_printf(b, "\n%s:\n", top ? "Commands" : "Subcommands");
        size_t left = 0;
        for (const cli_command *const *s = cmd->subs; *s; s++)
            if (strlen((*s)->name) > left)
                left = strlen((*s)->name);
        for (const cli_command *const *s = cmd->subs; *s; s++) {
            tr_buf_printf(b, "  %-*s  ", (int)left, (*s)->name);
            wrap_into(b, (*s)->summary, left + 4, left + 4, width);
            tr_buf_puts(b, "\n");
        }
    }
    const cli_opt *list[128];
    size_t n = 0;
    for (const cli_opt *o = cmd->opts; o && o->name && n < 120; o++)
        list[n++] = o;
    n += commons(cmd, list + n);
    static const cli_opt help = {"help", 'h', NULL, NULL, CLI_OPT_HELP, "print this help"};
    if (!cmd->subs || top)
        list[n++] = &help;
    if (n) {
        tr_buf_printf(b, "\n%s:\n", top ? "Global options (before or after the command)" : "Options");
        opt_table(b, list, n, width);
    }
    if (cmd->notes) {
        tr_buf_puts(b, "\n");
        paragraphs(b, cmd->notes, 0, width);
    }
    if (cmd->subs)
        tr_buf_printf(b, "\nRun 'tracker help %s%sCOMMAND' (or 'tracker %s%sCOMMAND --help') for "
                         "its options.\n", top ? "" : path, top ? "" : " ", top ? "" : path,
                      top ? "" : " ");
}

/* Prints the help of cmd, named path ("findings show"; "" for the whole
** tool), to f, wrapped at the terminal's width (80 columns on a pipe). */
void cli_help(FILE *f, const tr_cli *cli, const cli_command *cmd, const char *path)
{
    tr_buf b;
    tr_buf_init(&b);
    help_text(&b, cli, cmd, path);
    if (b.data)
        fputs(b.data, f);
    tr_buf_free(&b);
}

/* ---- the manual page --------------------------------------------------- */

/* Appends s to b escaped for roff: backslashes, hyphens of options, and a
** line that would start with '.' or '\''. */
static void roff_text(tr_buf *b, const char *s, int at_line_start)
{
    for (; *s; s++) {
        if (at_line_start && (*s == '.' || *s == '\''))
            tr_buf_puts(b, "\\&");
        at_line_start = *s == '\n';
        if (*s == '\\')
            tr_buf_puts(b, "\\e");
        else if (*s == '-')
            tr_buf_puts(b, "\\-");
        else
            tr_buf_add(b, s, 1);
    }
}

/* Appends text's paragraphs as roff (.PP between them, .nf/.fi around
** lines kept as they are). */
static void roff_paragraphs(tr_buf *b, const char *text)
{
    char *copy = strdup(text);
    if (!copy)
        return;
    int verbatim = 0, start = 1;
    char *save = NULL;
    const char *p = copy;
    /* strtok_r drops empty lines: walk the lines by hand instead. */
    (void)save;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        char *line = strndup(p, n);
        if (!line)
            break;
        if (n == 0) {
            if (verbatim) {
                tr_buf_puts(b, ".fi\n");
                verbatim = 0;
            }
            tr_buf_puts(b, ".PP\n");
            start = 1;
        } else if (!strncmp(line, "  ", 2)) {
            if (!verbatim) {
                tr_buf_puts(b, ".nf\n");
                verbatim = 1;
            }
            tr_buf_puts(b, "\\&");
            roff_text(b, line, 0);
            tr_buf_puts(b, "\n");
        } else {
            if (verbatim) {
                tr_buf_puts(b, ".fi\n");
                verbatim = 0;
            }
            roff_text(b, line, 1);
            tr_buf_puts(b, "\n");
        }
        (void)start;
        free(line);
        p += n + (nl ? 1 : 0);
    }
    if (verbatim)
        tr_buf_puts(b, ".fi\n");
    free(copy);
}

/* Appends one option as a roff tagged paragraph. */
static void roff_opt(tr_buf *b, const cli_opt *o)
{
    tr_buf_puts(b, ".TP\n");
    if (o->shortname)
        tr_buf_printf(b, "\\fB\\-%c\\fR, ", o->shortname);
    tr_buf_puts(b, "\\fB\\-\\-");
    roff_text(b, o->name, 0);
    tr_buf_puts(b, "\\fR");
    if (o->values) {
        tr_buf_puts(b, " ");
        for (size_t k = 0; o->values[k]; k++) {
            tr_buf_puts(b, k ? "|" : "");
            roff_text(b, o->values[k], 0);
        }
    } else if (o->arg) {
        tr_buf_puts(b, " \\fI");
        roff_text(b, o->arg, 0);
        tr_buf_puts(b, "\\fR");
    }
    tr_buf_puts(b, "\n");
    roff_text(b, o->help, 1);
    tr_buf_puts(b, "\n");
}

/* Appends the manual's section for cmd (named path) to b. */
static void roff_command(tr_buf *b, const cli_command *cmd, const char *path)
{
    if (cmd->subs) {
        for (const cli_command *const *s = cmd->subs; *s; s++) {
            char sub[96];
            snprintf(sub, sizeof sub, "%s %s", path, (*s)->name);
            roff_command(b, *s, sub);
        }
        return;
    }
    tr_buf_puts(b, ".SS \"tracker ");
    roff_text(b, path, 0);
    if (cmd->operands) {
        tr_buf_puts(b, " ");
        roff_text(b, cmd->operands, 0);
    }
    tr_buf_puts(b, "\"\n");
    if (cmd->description)
        roff_paragraphs(b, cmd->description);
    else
        roff_text(b, cmd->summary, 1), tr_buf_puts(b, "\n");
    for (const cli_opt *o = cmd->opts; o && o->name; o++)
        roff_opt(b, o);
    const cli_opt *co[3];
    size_t nc = commons(cmd, co);
    for (size_t k = 0; k < nc; k++)
        roff_opt(b, co[k]);
    if (cmd->notes) {
        tr_buf_puts(b, ".PP\n");
        roff_paragraphs(b, cmd->notes);
    }
}

/* Prints the manual page tracker(1) for the tool top, as roff, with the
** static sections (environment, files, exit status) from sections:
** "NAME\ntext\n\n..." pairs separated by "\f". */
void cli_man(FILE *f, const cli_command *top, const char *version, const char *const *sections)
{
    tr_buf b;
    tr_buf_init(&b);
    tr_buf_printf(&b, ".\\\" tracker(1), generated by 'tracker help --format man' from the "
                      "command tables.\n.TH TRACKER 1 \"\" \"tracker %s\" \"User Commands\"\n",
                  version);
    tr_buf_puts(&b, ".SH NAME\ntracker \\- ");
    roff_text(&b, top->summary, 0);
    tr_buf_puts(&b, "\n.SH SYNOPSIS\n.B tracker\n[\\fB\\-\\-db\\fR \\fIPATH\\fR] "
                    "[\\fB\\-\\-rules\\fR \\fIPATH\\fR] [\\fB\\-\\-tz\\fR \\fIZONE\\fR] "
                    "\\fICOMMAND\\fR [\\fIARGS\\fR...]\n.SH DESCRIPTION\n");
    roff_paragraphs(&b, top->description);
    tr_buf_puts(&b, ".SH COMMANDS\n");
    for (const cli_command *const *s = top->subs; *s; s++)
        roff_command(&b, *s, (*s)->name);
    tr_buf_puts(&b, ".SH GLOBAL OPTIONS\n");
    for (const cli_opt *o = top->opts; o && o->name; o++)
        roff_opt(&b, o);
    for (const char *const *s = sections; s && *s; s += 2) {
        tr_buf_puts(&b, ".SH ");
        roff_text(&b, s[0], 0);
        tr_buf_puts(&b, "\n");
        roff_paragraphs(&b, s[1]);
    }
    if (b.data)
        fputs(b.data, f);
    tr_buf_free(&b);
}

/* ---- shell completion ---------------------------------------------------- */

/* Appends the long options cmd takes, "--a --b ...", to b. */
static void opt_words(tr_buf *b, const cli_command *cmd)
{
    for (const cli_opt *o = cmd->opts; o && o->name; o++)
        tr_buf_printf(b, "--%s ", o->name);
    const cli_opt *co[3];
    size_t nc = commons(cmd, co);
    for (size_t k = 0; k < nc; k++)
        tr_buf_printf(b, "--%s ", co[k]->name);
    tr_buf_puts(b, "--help");
}

/* Appends the values of every option of cmd that has a list, as bash case
** arms ("--format) words='text json';;"), to b. */
static void value_arms(tr_buf *b, const cli_command *cmd, const char *indent)
{
    for (const cli_opt *o = cmd->opts; o && o->name; o++) {
        if (!o->values && !o->arg)
            continue;
        tr_buf_printf(b, "%s--%s) ", indent, o->name);
        if (o->values) {
            tr_buf_puts(b, "COMPREPLY=($(compgen -W '");
            for (size_t k = 0; o->values[k]; k++)
                tr_buf_printf(b, "%s%s", k ? " " : "", o->values[k]);
            tr_buf_puts(b, "' -- \"$cur\")); return;;\n");
        } else if (!strcmp(o->arg, "FILE") || !strcmp(o->arg, "PATH") || !strcmp(o->arg, "DIR")) {
            tr_buf_puts(b, "COMPREPLY=($(compgen -f -- \"$cur\")); return;;\n");
        } else {
            tr_buf_puts(b, "return;;\n");
        }
    }
}

/* Prints the bash completion for the tool top to f. */
void cli_completion_bash(FILE *f, const cli_command *top)
{
    tr_buf b;
    tr_buf_init(&b);
    tr_buf_puts(&b, "# bash completion for tracker, generated by 'tracker help --format bash'\n"
                    "_tracker() {\n"
                    "    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n"
                    "    local i cmd= sub=\n"
                    "    for ((i = 1; i < COMP_CWORD; i++)); do\n"
                    "        case ${COMP_WORDS[i]} in\n"
                    "            --db|--rules|--tz) ((i++));;\n"
                    "            -*) ;;\n"
                    "            *) if [ -z \"$cmd\" ]; then cmd=${COMP_WORDS[i]}; "
                    "elif [ -z \"$sub\" ]; then sub=${COMP_WORDS[i]}; fi;;\n"
                    "        esac\n"
                    "    done\n"
                    "    case $prev in\n"
                    "        --db|--rules) COMPREPLY=($(compgen -f -- \"$cur\")); return;;\n"
                    "        --tz) COMPREPLY=($(cd /usr/share/zoneinfo 2>/dev/null && compgen -f -- \"$cur\")); return;;\n"
                    "    esac\n"
                    "    case $cmd in\n"
                    "        '') COMPREPLY=($(compgen -W '");
    for (const cli_command *const *s = top->subs; *s; s++)
        tr_buf_printf(&b, "%s%s", s == top->subs ? "" : " ", (*s)->name);
    tr_buf_puts(&b, " --db --rules --tz --help --version' -- \"$cur\")); return;;\n");
    for (const cli_command *const *s = top->subs; *s; s++) {
        const cli_command *c = *s;
        tr_buf_printf(&b, "        %s)\n", c->name);
        if (c->subs) {
            tr_buf_puts(&b, "            case $sub in\n                '') COMPREPLY=($(compgen -W '");
            for (const cli_command *const *t = c->subs; *t; t++)
                tr_buf_printf(&b, "%s%s", t == c->subs ? "" : " ", (*t)->name);
            tr_buf_puts(&b, " --help' -- \"$cur\")); return;;\n");
            for (const cli_command *const *t = c->subs; *t; t++) {
                tr_buf_printf(&b, "                %s)\n                    case $prev in\n",
                              (*t)->name);
                value_arms(&b, *t, "                        ");
                tr_buf_puts(&b, "                    esac\n                    COMPREPLY=($(compgen -W '");
                opt_words(&b, *t);
                tr_buf_puts(&b, "' -- \"$cur\"))\n                    [[ $cur == -* ]] || "
                                "COMPREPLY+=($(compgen -f -- \"$cur\"));;\n");
            }
            tr_buf_puts(&b, "            esac;;\n");
        } else {
            tr_buf_puts(&b, "            case $prev in\n");
            value_arms(&b, c, "                ");
            tr_buf_puts(&b, "            esac\n            COMPREPLY=($(compgen -W '");
            opt_words(&b, c);
            tr_buf_puts(&b, "' -- \"$cur\"))\n            [[ $cur == -* ]] || "
                            "COMPREPLY+=($(compgen -f -- \"$cur\"));;\n");
        }
    }
    tr_buf_puts(&b, "    esac\n}\ncomplete -F _tracker tracker\n");
    if (b.data)
        fputs(b.data, f);
    tr_buf_free(&b);
}

/* Appends the zsh _arguments specs of cmd's options to b. */
static void zsh_specs(tr_buf *b, const cli_command *cmd)
{
    const cli_opt *list[128];
    size_t n = 0;
    for (const cli_opt *o = cmd->opts; o && o->name && n < 120; o++)
        list[n++] = o;
    n += commons(cmd, list + n);
    for (size_t i = 0; i < n; i++) {
        const cli_opt *o = list[i];
        tr_buf_printf(b, " \\\n        '--%s[", o->name);
        /* The help's first clause, without the characters zsh's spec reads. */
        for (const char *h = o->help; *h && *h != '(' && *h != ';'; h++) {
            if (*h == '[' || *h == ']' || *h == '\'' || *h == ':' || *h == '\\')
                continue;
            tr_buf_add(b, h, 1);
        }
        tr_buf_puts(b, "]");
        if (o->values) {
            tr_buf_printf(b, ":%s:(", o->name);
            for (size_t k = 0; o->values[k]; k++)
                tr_buf_printf(b, "%s%s", k ? " " : "", o->values[k]);
            tr_buf_puts(b, ")");
        } else if (o->arg) {
            int file = !strcmp(o->arg, "FILE") || !strcmp(o->arg, "PATH") || !strcmp(o->arg, "DIR");
            tr_buf_printf(b, ":%s:%s", o->arg, file ? "_files" : " ");
        }
        tr_buf_puts(b, "'");
    }
    tr_buf_puts(b, " \\\n        '--help[print the help]'");
}

/* Prints the zsh completion for the tool top to f. */
void cli_completion_zsh(FILE *f, const cli_command *top)
{
    tr_buf b;
    tr_buf_init(&b);
    tr_buf_puts(&b, "#compdef tracker\n# zsh completion for tracker, generated by 'tracker help "
                    "--format zsh'\n_tracker() {\n    local -a commands\n    commands=(\n");
    for (const cli_command *const *s = top->subs; *s; s++) {
        tr_buf_printf(&b, "        '%s:", (*s)->name);
        for (const char *h = (*s)->summary; *h; h++)
            if (*h != '\'' && *h != ':')
                tr_buf_add(&b, h, 1);
        tr_buf_puts(&b, "'\n");
    }
    tr_buf_puts(&b, "    )\n    local curcontext=$curcontext state line\n"
                    "    _arguments -C '--db[the store]:PATH:_files' '--rules[the rule set]:PATH:_files' "
                    "'--tz[show times in ZONE]:ZONE: ' '--help[print the help]' '--version[print the version]' "
                    "'1:command:->command' '*::arg:->args'\n"
                    "    case $state in\n"
                    "        command) _describe -t commands 'tracker command' commands;;\n"
                    "        args)\n            case $line[1] in\n");
    for (const cli_command *const *s = top->subs; *s; s++) {
        const cli_command *c = *s;
        tr_buf_printf(&b, "                %s)\n", c->name);
        if (c->subs) {
            tr_buf_puts(&b, "                    if (( CURRENT == 2 )); then\n"
                            "                        _values subcommand");
            for (const cli_command *const *t = c->subs; *t; t++)
                tr_buf_printf(&b, " %s", (*t)->name);
            tr_buf_puts(&b, "\n                    else\n                        case $line[2] in\n");
            for (const cli_command *const *t = c->subs; *t; t++) {
                tr_buf_printf(&b, "                            %s) _arguments", (*t)->name);
                zsh_specs(&b, *t);
                tr_buf_puts(&b, " '*:file:_files';;\n");
            }
            tr_buf_puts(&b, "                        esac\n                    fi;;\n");
        } else {
            tr_buf_puts(&b, "                    _arguments");
            zsh_specs(&b, c);
            tr_buf_puts(&b, " '*:file:_files';;\n");
        }
    }
    tr_buf_puts(&b, "            esac;;\n    esac\n}\n_tracker \"$@\"\n");
    if (b.data)
        fputs(b.data, f);
    tr_buf_free(&b);
}
