/*
** cli.c: helpers shared by the command files: common options, error
** printing, opening the store, date bounds, name suggestions.
*/
#include "cli.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "rules.h"
#include "text.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

/* Handles --db, --rules (and reports whether opt was one of them). */
int cli_common_opt(tr_cli *cli, int opt, const char *arg)
{
    if (opt == CLI_OPT_DB) {
        cli->db_path = arg;
        return 1;
    }
    if (opt == CLI_OPT_RULES) {
        cli->rules_path = arg;
        return 1;
    }
    return 0;
}

/* Writes the formatted text to f made visible (line breaks kept). */
static void put_vmsg(FILE *f, const char *fmt, va_list ap)
{
    tr_buf vis;
    tr_buf_init(&vis);
    va_list aq;
    va_copy(aq, ap);
    int n = vsnprintf(NULL, 0, fmt, aq);
    va_end(aq);
    char *text = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (text) {
        vsnprintf(text, (size_t)n + 1, fmt, ap);
        tr_buf_add_visible(&vis, text, (size_t)n, TR_VIS_LINES);
        if (vis.data)
            fputs(vis.data, f);
    }
    free(text);
    tr_buf_free(&vis);
}

/* Prints a message with its control characters made visible. */
void cli_msg(FILE *f, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    put_vmsg(f, fmt, ap);
    va_end(ap);
}

/* Parses a command that has only the common options. */
int cli_common_only(tr_cli *cli, int argc, char **argv, const char *usage)
{
    static const struct option opts[] = {CLI_COMMON_OPTS, {0}};
    int c;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (cli_common_opt(cli, c, optarg))
            continue;
        if (c == 'h') {
            fputs(usage, stdout);
            return 0;
        }
        return cli_bad_option(cli);
    }
    return -1;
}

/* Prints "tracker CMD: MESSAGE" on stderr and returns st. */
int cli_fail(tr_cli *cli, tr_status st, const tr_err *e)
{
    cli_msg(stderr, "tracker %s: %s\n", cli->cmd, e && e->msg[0] ? e->msg : "failed");
    return st ? (int)st : TR_ESOFTWARE;
}

/* Prints a usage error with a hint to --help; returns 64. */
int cli_usage(tr_cli *cli, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "tracker %s: ", cli->cmd);
    va_start(ap, fmt);
    put_vmsg(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'tracker %s --help'.\n", cli->cmd);
    return TR_EUSAGE;
}

/* getopt has printed what was wrong; add the hint and return 64. */
int cli_bad_option(tr_cli *cli)
{
    fprintf(stderr, "Try 'tracker %s --help'.\n", cli->cmd);
    return TR_EUSAGE;
}

/* Opens the store named by the options. */
tr_status cli_open_db(tr_cli *cli, tr_db_mode mode, tr_db **db, tr_err *err)
{
    return tr_db_open(cli->db_path, mode, cli->now, db, err);
}

/* Parses a --from/--to bound. */
tr_status cli_date_bound(const char *opt, const char *text, int upper, int64_t *out, tr_err *err)
{
    tr_date d;
    if (!text) {
        *out = upper ? INT64_MAX : INT64_MIN;
        return TR_OK;
    }
    tr_err why;
    if (tr_date_parse(text, NULL, &d, &why))
        return tr_errf(err, TR_EUSAGE, "%s: %s", opt, why.msg);
    *out = upper ? d.hi : d.lo;
    return TR_OK;
}

/* Parses a read command's --from/--to window. */
int cli_date_window(tr_cli *cli, const char *from, const char *to, int64_t *lo, int64_t *hi)
{
    tr_err err;
    tr_status st;
    if ((st = cli_date_bound("--from", from, 0, lo, &err)) != TR_OK ||
        (st = cli_date_bound("--to", to, 1, hi, &err)) != TR_OK)
        return cli_fail(cli, st, &err);
    if (*lo > *hi)
        return cli_usage(cli, "--from %s is after --to %s", from, to);
    return 0;
}

/* Parses --format against names[]. */
int cli_format(tr_cli *cli, const char *arg, const char *const *names, int n)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(arg, names[i]))
            return i;
    char list[256] = "";
    for (int i = 0; i < n; i++) {
        size_t L = strlen(list);
        snprintf(list + L, sizeof list - L, "%s%s", i ? ", " : "", names[i]);
    }
    cli_usage(cli, "unknown format '%s' (expected %s)", arg, list);
    return -1;
}

struct suggest {
    char *key;
    struct {
        size_t d;
        char name[128];
    } best[3];
};

/* Keeps the three people whose folded names are nearest to the query. */
static int suggest_cb(void *ctx, const tr_person *p)
{
    struct suggest *s = ctx;
    char *k = tr_fold_name(p->name);
    if (!k)
        return 0;
    size_t d = tr_edit_distance(s->key, k, 12);
    /* A query near one word of the name (a misspelt surname) is close too. */
    char *save = NULL;
    for (char *w = strtok_r(k, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
        size_t dw = tr_edit_distance(s->key, w, 12);
        if (strlen(s->key) >= 3 && dw + 1 < d)
            d = dw + 1;
    }
    free(k);
    for (int i = 0; i < 3; i++)
        if (d < s->best[i].d) {
            memmove(&s->best[i + 1], &s->best[i], (size_t)(2 - i) * sizeof s->best[0]);
            s->best[i].d = d;
            snprintf(s->best[i].name, sizeof s->best[i].name, "%s", p->name);
            break;
        }
    return 0;
}

/* Resolves a person's name, suggesting the nearest names when unknown. */
tr_status cli_find_person(tr_db *db, const char *name, int64_t *id, tr_err *err)
{
    tr_status st = tr_db_person_find(db, name, id, err);
    if (st || *id)
        return st;
    struct suggest s = {.key = tr_fold_name(name)};
    for (int i = 0; i < 3; i++)
        s.best[i].d = (size_t)-1;
    if (s.key && (st = tr_db_people_each(db, suggest_cb, &s, err)) != TR_OK) {
        free(s.key);
        return st;
    }
    free(s.key);
    char hint[512] = "";
    size_t near = 1 + strlen(name) / 3;
    for (int i = 0; i < 3 && s.best[i].d <= near; i++) {
        size_t L = strlen(hint);
        snprintf(hint + L, sizeof hint - L, "%s'%s'", i ? ", " : "; did you mean ", s.best[i].name);
    }
    return tr_errf(err, TR_EDATA, "no person named '%s' in the store%s%s", name, hint,
                   hint[0] ? "?" : " (see 'tracker people list')");
}

/* Sets *open and *close to the marks around a statement's text (cli.h). */
void cli_quote_marks(const char *mode, int ascii, const char **open, const char **close)
{
    int direct = !mode || strcmp(mode, "reported");
    *open = !direct ? "" : ascii ? "\"" : "\xE2\x80\x9C";
    *close = !direct ? "" : ascii ? "\"" : "\xE2\x80\x9D";
}

/* s made visible in b; see cli.h. */
const char *cli_vis(tr_buf *b, const char *s)
{
    tr_buf_reset(b);
    if (s)
        tr_buf_add_visible(b, s, strlen(s), TR_VIS_SPACES);
    return b->data && !b->oom ? b->data : "";
}

/* Writes stored text made visible. */
void cli_put_text(FILE *f, const char *s)
{
    cli_put_marked(f, s, NULL, NULL);
}

/* Writes stored text made visible, with its \001/\002 marks as
** open/close (when open is not NULL). */
void cli_put_marked(FILE *f, const char *s, const char *open, const char *close)
{
    tr_buf b;
    tr_buf_init(&b);
    while (s && *s) {
        size_t run = open ? strcspn(s, "\001\002") : strlen(s);
        tr_buf_add_visible(&b, s, run, TR_VIS_SPACES);
        s += run;
        if (*s)
            tr_buf_puts(&b, *s++ == '\001' ? open : close);
    }
    if (b.data)
        fputs(b.data, f);
    tr_buf_free(&b);
}

/* Writes s to f as a CSV field. */
void cli_csv_field(FILE *f, const char *s)
{
    if (!s)
        return;
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

/* The directory of the running binary, into buf ("" when unknown). */
static void exe_dir(char *buf, size_t n)
{
    ssize_t k = readlink("/proc/self/exe", buf, n - 1);
    buf[k > 0 ? k : 0] = '\0';
    char *slash = strrchr(buf, '/');
    if (slash)
        *slash = '\0';
    else
        buf[0] = '\0';
}

/* 1 when dir is a directory holding at least one *.rules file. */
static int has_rules(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    struct dirent *e;
    int found = 0;
    while (!found && (e = readdir(d))) {
        size_t L = strlen(e->d_name);
        found = L > 6 && !strcmp(e->d_name + L - 6, ".rules");
    }
    closedir(d);
    return found;
}

/* The rule set path to use. */
const char *cli_rules_path(tr_cli *cli, char *buf, size_t n)
{
    if (cli->rules_path)
        return cli->rules_path;
    if (has_rules(TRACKER_RULES_DIR))
        return TRACKER_RULES_DIR;
    char dir[1024], path[1100];
    exe_dir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/../samples/rules", dir);
    char *real = realpath(path, NULL);
    snprintf(buf, n, "%s", real ? real : path);
    free(real);
    return buf;
}

/* A data directory under rules/: in-tree next to the binary, else installed. */
const char *cli_data_dir(const char *name, char *buf, size_t n)
{
    struct stat st;
    char dir[1024];
    exe_dir(dir, sizeof dir);
    snprintf(buf, n, "%s/../rules/%s", dir, name);
    if (stat(buf, &st) == 0 && S_ISDIR(st.st_mode)) {
        char *real = realpath(buf, NULL);
        if (real)
            snprintf(buf, n, "%s", real);
        free(real);
        return buf;
    }
    snprintf(buf, n, "%s/%s", TRACKER_RULES_DIR, name);
    return buf;
}

/* The lexicon directory. */
const char *cli_lexicon_dir(char *buf, size_t n)
{
    const char *e = getenv("TRACKER_LEXICON");
    if (e && *e)
        return e;
    return cli_data_dir("lexicon", buf, n);
}

/* Loads rule sets, printing diagnostics. */
tr_status cli_load_rules(tr_cli *cli, char *const *paths, size_t n, int show_warnings,
                         tr_ruleset **rs)
{
    char pbuf[1100], lbuf[1100];
    const char *def = NULL;
    if (n == 0) {
        def = cli_rules_path(cli, pbuf, sizeof pbuf);
        paths = (char *const *)&def;
        n = 1;
    }
    tr_diags diags;
    tr_err err;
    tr_diags_init(&diags);
    tr_status st = tr_ruleset_load((const char *const *)paths, n, cli_lexicon_dir(lbuf, sizeof lbuf),
                                   rs, &diags, &err);
    tr_buf out;
    tr_buf_init(&out);
    for (size_t i = 0; i < diags.n; i++)
        if (diags.v[i].level == TR_DIAG_ERROR || show_warnings)
            tr_diag_render(&diags.v[i], &out);
    if (out.len)
        cli_msg(stderr, "%s", out.data);
    tr_buf_free(&out);
    tr_diags_free(&diags);
    if (st)
        cli_fail(cli, st, &err);
    return st;
}
