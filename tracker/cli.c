/*
** cli.c: helpers shared by the command files: common options, error
** printing, opening the store, date bounds, name suggestions.
*/
#include "cli.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

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

/* Prints "tracker CMD: MESSAGE" on stderr and returns st. */
int cli_fail(tr_cli *cli, tr_status st, const tr_err *e)
{
    fprintf(stderr, "tracker %s: %s\n", cli->cmd, e && e->msg[0] ? e->msg : "failed");
    return st ? (int)st : TR_ESOFTWARE;
}

/* Prints a usage error with a hint to --help; returns 64. */
int cli_usage(tr_cli *cli, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "tracker %s: ", cli->cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
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
