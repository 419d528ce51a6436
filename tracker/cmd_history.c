/*
** cmd_history.c: tracker history PERSON.  One person's statements,
** oldest first, with the date as given and in UTC, the source and mode.
*/
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "jsonout.h"

static const char usage_text[] =
    "usage: tracker history PERSON [--topic T] [--from DATE] [--to DATE]\n"
    "                              [--format text|json|csv]\n"
    "\n"
    "One person's statements, oldest first (by the earliest instant each date can\n"
    "mean).  PERSON is a name or alias, matched case- and accent-insensitively.\n"
    "\n"
    "Options:\n"
    "  --topic T      only statements the last scan classified on topic T\n"
    "  --from DATE    statements whose date can fall on or after DATE\n"
    "  --to DATE      statements whose date can fall on or before DATE (a day\n"
    "                 includes the whole day)\n"
    "  --format FMT   text (default), json (one object a line) or csv\n"
    "  --db PATH      the database\n"
    "\n"
    "JSON and CSV fields: id (tracker's statement id), feed_id (the feed's own id),\n"
    "speaker, date (as given), utc (the date in UTC at its precision), precision,\n"
    "earliest, latest, mode, text, source, url, side, role,\n"
    "and stances: the stance the last scan gave the statement on each topic, with\n"
    "its cue (CSV: topic=stance pairs separated by ';').\n";

enum { FMT_TEXT, FMT_JSON, FMT_CSV };

struct hist {
    tr_db *db;
    int fmt;
    int color;
    const char *topic;
    long long n;
    json_t *stances;
    tr_status st;
    tr_err *err;
};

/* Collects one assertion of the statement. */
static int stance_cb(void *ctx, const tr_assertion_row *a)
{
    struct hist *h = ctx;
    json_array_append_new(h->stances,
                          json_pack("{s:o, s:o, s:o, s:o, s:o}", "topic", tr_json_str(a->topic),
                                    "stance", tr_json_str(a->stance), "cue", tr_json_str(a->cue),
                                    "negation", tr_json_str(a->negation), "hedge",
                                    tr_json_str(a->hedge)));
    return 0;
}

/* Prints one statement of the history. */
static int row_cb(void *ctx, const tr_statement_row *r)
{
    struct hist *h = ctx;
    tr_date d = {r->date_lo, r->date_hi, tr_prec_from_name(r->date_prec)};
    char utc[80], lo[32], hi[32];
    tr_date_format(&d, utc, sizeof utc);
    tr_date_format_utc(r->date_lo, lo, sizeof lo);
    tr_date_format_utc(r->date_hi, hi, sizeof hi);
    const char *url = r->url ? r->url : r->source_url;
    json_decref(h->stances);
    h->stances = json_array();
    if ((h->st = tr_db_assertions_of(h->db, r->id, stance_cb, h, h->err)) != TR_OK)
        return 1;
    if (h->topic) {
        size_t i;
        json_t *v;
        int on = 0;
        json_array_foreach(h->stances, i, v) on |= !strcmp(json_string_value(json_object_get(v, "topic")), h->topic);
        if (!on)
            return 0;
    }
    h->n++;
    if (h->fmt == FMT_JSON) {
        json_t *o = json_pack(
            "{s:I, s:o, s:o, s:o, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o}", "id",
            (json_int_t)r->id, "feed_id", tr_json_str(r->ext_id), "speaker", tr_json_str(r->speaker), "date",
            tr_json_str(r->date_text), "utc", utc, "precision", r->date_prec, "earliest", lo,
            "latest", hi, "mode", tr_json_str(r->mode), "text", tr_json_str(r->text), "source",
            tr_json_str(r->source), "url", tr_json_str(url), "side",
            tr_json_str(r->side ? r->side : r->person_side), "role", tr_json_str(r->role));
        if (o) { /* what extract kept beside the text: its parts and framing sentence */
            json_t *sp = r->spans ? json_loads(r->spans, 0, NULL) : NULL;
            json_object_set_new(o, "spans", sp ? sp : json_null());
            json_object_set_new(o, "context", tr_json_str(r->context));
            json_object_set(o, "stances", h->stances);
        }
        if ((h->st = tr_json_print(stdout, o, h->err)) != TR_OK)
            return 1;
    } else if (h->fmt == FMT_CSV) {
        const char *f[] = {r->ext_id, r->speaker, r->date_text, utc, r->date_prec, lo, hi, r->mode, r->text,
                           r->source, url, r->side ? r->side : r->person_side, r->role};
        printf("%lld", (long long)r->id);
        for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
            putchar(',');
            cli_csv_field(stdout, f[i]);
        }
        char st[512] = "";
        size_t i;
        json_t *v;
        json_array_foreach(h->stances, i, v) {
            size_t L = strlen(st);
            snprintf(st + L, sizeof st - L, "%s%s=%s", i ? ";" : "",
                     json_string_value(json_object_get(v, "topic")),
                     json_string_value(json_object_get(v, "stance")));
        }
        putchar(',');
        cli_csv_field(stdout, st);
        putchar('\n');
    } else {
        const char *b = h->color ? "\033[1m" : "", *e = h->color ? "\033[0m" : "";
        printf("%s%s%s", b, utc, e);
        if (strcmp(utc, r->date_text)) {
            fputs("  (given as ", stdout);
            cli_put_text(stdout, r->date_text);
            putchar(')');
        }
        printf("  %s", r->mode);
        if (r->source) {
            fputs("  ", stdout);
            cli_put_text(stdout, r->source);
        }
        if (url) {
            fputs("  ", stdout);
            cli_put_text(stdout, url);
        }
        printf("  #%lld", (long long)r->id);
        if (r->ext_id) {
            fputs(" feed ", stdout);
            cli_put_text(stdout, r->ext_id);
        }
        fputs("\n    ", stdout);
        cli_put_text(stdout, r->text);
        putchar('\n');
        size_t i;
        json_t *v;
        json_array_foreach(h->stances, i, v) {
            const char *neg = json_string_value(json_object_get(v, "negation"));
            const char *hedge = json_string_value(json_object_get(v, "hedge"));
            fputs("    -> ", stdout);
            cli_put_text(stdout, json_string_value(json_object_get(v, "topic")));
            fputs(": ", stdout);
            cli_put_text(stdout, json_string_value(json_object_get(v, "stance")));
            fputs(" «", stdout);
            cli_put_text(stdout, json_string_value(json_object_get(v, "cue")));
            fputs("»", stdout);
            if (neg) {
                fputs(" negated by «", stdout);
                cli_put_text(stdout, neg);
                fputs("»", stdout);
            }
            if (hedge) {
                fputs(" hedged by «", stdout);
                cli_put_text(stdout, hedge);
                fputs("»", stdout);
            }
            putchar('\n');
        }
    }
    return 0;
}

int cmd_history(tr_cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {{"topic", required_argument, NULL, 't'},
                                         {"from", required_argument, NULL, 'F'},
                                         {"to", required_argument, NULL, 'T'},
                                         {"format", required_argument, NULL, 'f'},
                                         CLI_COMMON_OPTS, {0}};
    static const char *const fmts[] = {"text", "json", "csv"};
    const char *from = NULL, *to = NULL;
    tr_err err;
    struct hist h = {.fmt = FMT_TEXT, .color = cli->color, .err = &err};
    int c;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (cli_common_opt(cli, c, optarg))
            continue;
        switch (c) {
        case 'h': fputs(usage_text, stdout); return 0;
        case 't': h.topic = optarg; break;
        case 'F': from = optarg; break;
        case 'T': to = optarg; break;
        case 'f':
            if ((h.fmt = cli_format(cli, optarg, fmts, 3)) < 0)
                return TR_EUSAGE;
            break;
        default: return cli_bad_option(cli);
        }
    }
    if (argc - optind != 1)
        return cli_usage(cli, "expected one PERSON");
    int64_t lo, hi, id;
    tr_status st;
    int rc = cli_date_window(cli, from, to, &lo, &hi);
    if (rc)
        return rc;
    tr_db *db;
    if ((st = cli_open_db(cli, TR_DB_READ, &db, &err)) != TR_OK)
        return cli_fail(cli, st, &err);
    h.db = db;
    if (!(st = cli_find_person(db, argv[optind], &id, &err))) {
        if (h.fmt == FMT_CSV)
            puts("id,feed_id,speaker,date,utc,precision,earliest,latest,mode,text,source,url,side,role,"
                 "stances");
        st = tr_db_history(db, id, lo, hi, row_cb, &h, &err);
        if (!st)
            st = h.st;
    }
    json_decref(h.stances);
    tr_db_close(db);
    if (st)
        return cli_fail(cli, st, &err);
    if (h.fmt == FMT_TEXT && h.n == 0)
        printf("no statements%s\n", from || to ? " in that period" : "");
    return 0;
}
