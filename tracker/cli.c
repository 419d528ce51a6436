/*
** cli.c: helpers shared by the command files: common options, error
** printing, opening the store, date bounds, name suggestions.
*/
#include "cli.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "reports.h"
#include "rules.h"
#include "text.h"
#include "tz.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* Prints "tracker: CMD: MESSAGE" on stderr and returns st. */
int cli_fail(tr_cli *cli, tr_status st, const tr_err *e)
{
    cli_msg(stderr, "tracker: %s: %s\n", cli->cmd, e && e->msg[0] ? e->msg : "failed");
    return st ? (int)st : TR_ESOFTWARE;
}

/* Prints a usage error with a hint to --help; returns 64. */
int cli_usage(tr_cli *cli, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "tracker: %s: ", cli->cmd);
    va_start(ap, fmt);
    put_vmsg(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'tracker %s --help'.\n", cli->cmd);
    return TR_EUSAGE;
}

/* Prints "tracker: CMD: MESSAGE" (a warning or a note) on stderr. */
void cli_note(tr_cli *cli, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "tracker: %s: ", cli->cmd);
    va_start(ap, fmt);
    put_vmsg(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

/* Opens the store named by the options. */
tr_status cli_open_db(tr_cli *cli, tr_db_mode mode, tr_db **db, tr_err *err)
{
    return tr_db_open(cli->db_path, mode, cli->now, db, err);
}

/* Loads the display zone, then opens the store (cli_open_db). */
tr_status cli_open_store(tr_cli *cli, int write, tr_db **db, tr_err *err)
{
    const tr_zone *z;
    tr_status st = cli_zone(cli, &z, err);
    return st ? st : cli_open_db(cli, write ? TR_DB_WRITE : TR_DB_READ, db, err);
}

/* Loads the display zone; see cli.h. */
tr_status cli_zone(tr_cli *cli, const tr_zone **z, tr_err *err)
{
    *z = NULL;
    if (!cli->tz_name)
        return TR_OK;
    if (!cli->zone) {
        tr_err why;
        if (tr_zone_load(cli->tz_name, cli->zoneinfo, &cli->zone, &why))
            return tr_errf(err, TR_EUSAGE, "--tz (or $TRACKER_TZ): %s", why.msg);
    }
    *z = cli->zone;
    return TR_OK;
}

/* Parses a --from/--to bound; see cli.h. */
tr_status cli_date_bound(const char *opt, const char *text, const tr_zone *z, int upper,
                         int64_t *out, tr_err *err)
{
    tr_date d;
    if (!text) {
        *out = upper ? INT64_MAX : INT64_MIN;
        return TR_OK;
    }
    tr_err why;
    if (tr_date_parse(text, z, &d, &why))
        return tr_errf(err, TR_EUSAGE, "%s: %s", opt, why.msg);
    if (z && d.prec != TR_PREC_MINUTE && d.prec != TR_PREC_SECOND) {
        /* Calendar days in the zone: from its midnight to the next. */
        const char *slash = strchr(text, '/');
        tr_date a = d, b = d;
        if (slash) {
            char first[80];
            snprintf(first, sizeof first, "%.*s", (int)(slash - text < 79 ? slash - text : 79), text);
            tr_date_parse(first, z, &a, &why);
            tr_date_parse(slash + 1, z, &b, &why);
        }
        if (!upper && a.prec != TR_PREC_MINUTE && a.prec != TR_PREC_SECOND)
            d.lo = tr_zone_to_utc(z, a.lo);
        if (upper && b.prec != TR_PREC_MINUTE && b.prec != TR_PREC_SECOND)
            d.hi = tr_zone_to_utc(z, b.hi + 1) - 1;
    }
    *out = upper ? d.hi : d.lo;
    return TR_OK;
}

/* Parses a read command's --from/--to window. */
int cli_date_window(tr_cli *cli, const char *from, const char *to, int64_t *lo, int64_t *hi)
{
    tr_err err;
    tr_status st;
    const tr_zone *z;
    if ((st = cli_zone(cli, &z, &err)) != TR_OK ||
        (st = cli_date_bound("--from", from, z, 0, lo, &err)) != TR_OK ||
        (st = cli_date_bound("--to", to, z, 1, hi, &err)) != TR_OK)
        return cli_fail(cli, st, &err);
    if (*lo > *hi)
        return cli_usage(cli, "--from %s is after --to %s", from, to);
    return 0;
}

/* A statement's date for people, in the display zone; see cli.h. */
void cli_when(const tr_cli *cli, const tr_statement_row *r, char *buf, size_t n)
{
    tr_date d = {r->date_lo, r->date_hi, tr_prec_from_name(r->date_prec)};
    tr_date_show(&d, cli->zone, buf, n);
}

/* A statement's date as given, with its offset; see cli.h. */
void cli_given(const tr_statement_row *r, char *buf, size_t n)
{
    tr_date d = {r->date_lo, r->date_hi, tr_prec_from_name(r->date_prec)};
    tr_date_given(r->date_text, &d, buf, n);
}

/* The index of arg among values; see cli.h. */
int cli_pick(const char *arg, const char *const *values)
{
    for (int i = 0; arg && values[i]; i++)
        if (!strcmp(arg, values[i]))
            return i;
    return 0;
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

/* The marks around a cue or a search hit in text output: bold and
** underlined on a terminal with colour, else "»" and "«". */
static void cue_marks(const tr_cli *cli, const char **open, const char **close)
{
    *open = cli->color ? "\033[1;4m" : "\xc2\xbb";
    *close = cli->color ? "\033[0m" : "\xc2\xab";
}

/* Writes a cue (stored text) marked; see cli.h. */
void cli_put_cue(const tr_cli *cli, FILE *f, const char *s)
{
    const char *open, *close;
    cue_marks(cli, &open, &close);
    fputs(open, f);
    cli_put_text(f, s);
    fputs(close, f);
}

/* The display width of the visible text s[0..n): UTF-8 columns, with
** the ANSI sequences our marks use taking none. */
static size_t vis_width(const char *s, size_t n)
{
    size_t w = 0, i = 0;
    while (i < n) {
        if (s[i] == '\033') {
            while (i < n && s[i] != 'm')
                i++;
            i++;
            continue;
        }
        size_t j = i + 1;
        while (j < n && ((unsigned char)s[j] & 0xC0) == 0x80)
            j++;
        w += tr_utf8_width(s + i, j - i);
        i = j;
    }
    return w;
}

/* Writes stored text for people, marks and wrapping; see cli.h. */
void cli_put_wrapped(const tr_cli *cli, FILE *f, const char *s, size_t col, size_t indent)
{
    const char *open, *close;
    cue_marks(cli, &open, &close);
    tr_buf b;
    tr_buf_init(&b);
    while (s && *s) {
        size_t run = strcspn(s, "\001\002");
        tr_buf_add_visible(&b, s, run, TR_VIS_SPACES);
        s += run;
        if (*s)
            tr_buf_puts(&b, *s++ == '\001' ? open : close);
    }
    if (!b.data || b.oom) {
        tr_buf_free(&b);
        return;
    }
    if (cli->width <= 0 || (size_t)cli->width <= indent + 10) {
        fputs(b.data, f);
        tr_buf_free(&b);
        return;
    }
    /* Wrapped at spaces to the terminal's width; the line's own spaces
    ** between words are kept as they are. */
    size_t width = (size_t)cli->width, i = 0;
    int first = 1;
    while (i < b.len) {
        size_t sp = i;
        while (sp < b.len && b.data[sp] == ' ')
            sp++;
        size_t e = sp;
        while (e < b.len && b.data[e] != ' ')
            e++;
        size_t gap = vis_width(b.data + i, sp - i), w = vis_width(b.data + sp, e - sp);
        if (!first && col + gap + w > width) {
            fprintf(f, "\n%*s", (int)indent, "");
            col = indent;
        } else {
            fwrite(b.data + i, 1, sp - i, f);
            col += gap;
        }
        fwrite(b.data + sp, 1, e - sp, f);
        col += w;
        first = 0;
        i = e;
    }
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

/* The installation prefix: the directory above the binary's bin/ ("" when
** the binary is not in a bin directory). */
static void exe_prefix(char *buf, size_t n)
{
    exe_dir(buf, n);
    size_t L = strlen(buf);
    if (L >= 4 && !strcmp(buf + L - 4, "/bin"))
        buf[L - 4] = '\0';
    else
        buf[0] = '\0';
}

/* The configured rule set; see cli.h. */
const char *cli_configured_rules(char *buf, size_t n)
{
    char prefix[1024];
    struct stat st;
    exe_prefix(prefix, sizeof prefix);
    if (!prefix[0])
        return NULL;
    /* The system's own prefix keeps its configuration in /etc. */
    snprintf(buf, n, "%s/etc/tracker/rules", !strcmp(prefix, "/usr") ? "" : prefix);
    return stat(buf, &st) == 0 ? buf : NULL;
}

/* The rule set path to use; see cli.h. */
const char *cli_rules_path(tr_cli *cli, char *buf, size_t n)
{
    if (cli->rules_path)
        return cli->rules_path;
    return cli_configured_rules(buf, n);
}

/* A data directory ("lexicon", "attribution"): the source tree's rules/NAME
** when the binary is in the tree's build directory, else the installed
** PREFIX/share/tracker/NAME, found from the binary's own place. */
const char *cli_data_dir(const char *name, char *buf, size_t n)
{
    struct stat st;
    char dir[1024];
    exe_dir(dir, sizeof dir);
    snprintf(buf, n, "%s/../rules/%s", dir, name);
    if (stat(buf, &st) != 0 || !S_ISDIR(st.st_mode)) {
        char prefix[1024];
        exe_prefix(prefix, sizeof prefix);
        if (prefix[0])
            snprintf(buf, n, "%s/share/tracker/%s", prefix, name);
        else
            snprintf(buf, n, "%s/../share/tracker/%s", dir, name);
    }
    char *real = realpath(buf, NULL);
    if (real)
        snprintf(buf, n, "%s", real);
    free(real);
    return buf;
}

/* The lexicon directory: $TRACKER_LEXICON (cli->lexicon), else the data
** directory's (written into buf). */
const char *cli_lexicon_dir(const tr_cli *cli, char *buf, size_t n)
{
    if (cli->lexicon)
        return cli->lexicon;
    return cli_data_dir("lexicon", buf, n);
}

/* Loads rule sets, printing diagnostics. */
tr_status cli_load_rules(tr_cli *cli, char *const *paths, size_t n, int show_warnings,
                         tr_ruleset **rs)
{
    char pbuf[1100], lbuf[1100];
    const char *def = NULL;
    if (n == 0) {
        if (!(def = cli_rules_path(cli, pbuf, sizeof pbuf))) {
            char cfg[1100] = "PREFIX/etc/tracker/rules", prefix[1024];
            exe_prefix(prefix, sizeof prefix);
            if (prefix[0])
                snprintf(cfg, sizeof cfg, "%s/etc/tracker/rules", !strcmp(prefix, "/usr") ? "" : prefix);
            cli_msg(stderr, "tracker: %s: no rule set: name one with --rules PATH (a rule file or a "
                            "directory of *.rules) or $TRACKER_RULES, or install the desk's rules as "
                            "%s; the seed story's rules are a sample, not a default (in the source "
                            "tree: --rules samples/rules)\n", cli->cmd, cfg);
            return TR_ECONFIG;
        }
        paths = (char *const *)&def;
        n = 1;
    }
    tr_diags diags;
    tr_err err;
    tr_diags_init(&diags);
    tr_status st = tr_ruleset_load((const char *const *)paths, n, cli_lexicon_dir(cli, lbuf, sizeof lbuf),
                                   rs, &diags, &err);
    tr_buf out;
    tr_buf_init(&out);
    for (size_t i = 0; i < diags.n; i++)
        if (diags.v[i].level == TR_DIAG_ERROR || show_warnings)
            tr_diag_render(&diags.v[i], &out);
    if (out.len)
        cli_msg(stderr, "%s", out.data);
    tr_buf_free(&out);
    int printed = diags.nerrors > 0;
    tr_diags_free(&diags);
    if (st && !printed)
        cli_fail(cli, st, &err);
    return st;
}
/* Prints the reports line of r; see cli.h. */
tr_status cli_reports_line(tr_cli *cli, tr_db *db, const tr_statement_row *r, int indent,
                           tr_err *err)
{
    (void)cli;
    if (r->nreports <= 1)
        return TR_OK;
    tr_buf b;
    tr_buf_init(&b);
    tr_status st = reports_sources(db, r->id, &b, err);
    if (!st) {
        printf("%*s%lld reports: ", indent, "", (long long)r->nreports);
        cli_put_text(stdout, b.data ? b.data : "");
        putchar('\n');
        if (r->date_conflict)
            printf("%*sthe reports' dates do not meet: the most precise one's is shown "
                   "(tracker statements show %lld)\n", indent, "", (long long)r->id);
    }
    tr_buf_free(&b);
    return st;
}
