/*
** cmd_history.c: tracker history PERSON (or --all).  One person's
** statements, or everyone's, oldest first: for people (text), for tools
** (json), or as an export that 'tracker import' reads back exactly (jsonl,
** csv).
*/
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "jsonout.h"
#include "reports.h"
#include "tz.h"

enum { OPT_TOPIC = 1, OPT_FROM, OPT_TO, OPT_LIMIT, OPT_REVERSE, OPT_ALL, OPT_FORMAT };
enum { FMT_TEXT, FMT_JSON, FMT_JSONL, FMT_CSV };
static const char *const formats[] = {"text", "json", "jsonl", "csv", NULL};

static const cli_opt opts[] = {
    {"topic", 0, "T", NULL, OPT_TOPIC, "only statements the last scan classified on topic T"},
    {"from", 0, "DATE", NULL, OPT_FROM, "statements whose date can fall on or after DATE"},
    {"to", 0, "DATE", NULL, OPT_TO,
     "statements whose date can fall on or before DATE (a day includes the whole day)"},
    {"limit", 0, "N", NULL, OPT_LIMIT, "at most N statements (the first N in the order shown)"},
    {"reverse", 'r', NULL, NULL, OPT_REVERSE, "newest first"},
    {"all", 0, NULL, NULL, OPT_ALL, "everyone's statements, the whole timeline (no PERSON)"},
    {"format", 0, NULL, formats, OPT_FORMAT,
     "text (default); json (one object a line, with tracker's ids, UTC dates and stances); "
     "jsonl or csv (an export: exactly the fields tracker import reads)"},
    {0}};

/* The fields an export writes, in import's order (input.h). */
static const tr_field export_fields[] = {
    TR_F_SPEAKER, TR_F_DATE, TR_F_TEXT, TR_F_MODE, TR_F_SIDE, TR_F_ROLE, TR_F_SOURCE, TR_F_URL,
    TR_F_PUBLISHED, TR_F_ID, TR_F_SPAN, TR_F_CUE, TR_F_DATE_EXPR, TR_F_KIND, TR_F_TITLE,
    TR_F_CONTEXT, TR_F_SPANS};
#define NEXPORT (sizeof export_fields / sizeof export_fields[0])

struct hist {
    tr_cli *cli;
    tr_db *db;
    int fmt;
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

/* The value an export writes for field f of r (span and spans as JSON
** text in span[]), or NULL. */
static const char *export_value(const tr_statement_row *r, tr_field f, char *given, size_t ng,
                                char *span, size_t nspan)
{
    switch (f) {
    case TR_F_SPEAKER: return r->speaker;
    case TR_F_DATE: cli_given(r, given, ng); return given;
    case TR_F_TEXT: return r->text;
    case TR_F_MODE: return r->mode;
    case TR_F_SIDE: return r->side ? r->side : r->person_side;
    case TR_F_ROLE: return r->role;
    case TR_F_SOURCE: return r->source;
    case TR_F_URL: return r->url;
    case TR_F_PUBLISHED: return r->published;
    case TR_F_ID: return r->ext_id;
    case TR_F_SPAN:
        if (r->span_start < 0)
            return NULL;
        snprintf(span, nspan, "[%lld,%lld]", (long long)r->span_start, (long long)r->span_end);
        return span;
    case TR_F_CUE: return r->cue;
    case TR_F_DATE_EXPR: return r->date_expr;
    case TR_F_KIND: return r->person_kind && strcmp(r->person_kind, "person") ? r->person_kind : NULL;
    case TR_F_TITLE: return r->title;
    case TR_F_CONTEXT: return r->context;
    case TR_F_SPANS: return r->spans;
    default: return NULL;
    }
}

/* Writes r as import reads it: one JSON object (jsonl) or CSV row. */
static int export_row(struct hist *h, const tr_statement_row *r)
{
    char given[96], span[64];
    if (h->fmt == FMT_CSV) {
        for (size_t i = 0; i < NEXPORT; i++) {
            if (i)
                putchar(',');
            cli_csv_field(stdout, export_value(r, export_fields[i], given, sizeof given, span,
                                               sizeof span));
        }
        putchar('\n');
        return 0;
    }
    json_t *o = json_object();
    for (size_t i = 0; o && i < NEXPORT; i++) {
        tr_field f = export_fields[i];
        const char *v = export_value(r, f, given, sizeof given, span, sizeof span);
        if (!v)
            continue;
        json_t *j = f == TR_F_SPAN || f == TR_F_SPANS ? json_loads(v, 0, NULL) : tr_json_str(v);
        json_object_set_new(o, tr_field_name(f), j ? j : json_null());
    }
    return (h->st = tr_json_print(stdout, o, h->err)) != TR_OK;
}

/* Prints one statement for people. */
static void text_row(struct hist *h, const tr_statement_row *r)
{
    tr_cli *cli = h->cli;
    char when[96], given[96];
    cli_when(cli, r, when, sizeof when);
    const char *b = cli->color ? "\033[1m" : "", *e = cli->color ? "\033[0m" : "";
    printf("%s%s%s", b, when, e);
    /* The text's own zone, when it is not the one shown. */
    int64_t off;
    tr_date d = {r->date_lo, r->date_hi, tr_prec_from_name(r->date_prec)};
    if (tr_date_given_offset(r->date_text, &d, &off) && off != tr_zone_offset(cli->zone, r->date_lo)) {
        cli_given(r, given, sizeof given);
        fputs(" (given as ", stdout);
        cli_put_text(stdout, given);
        putchar(')');
    }
    printf("  %s", r->mode);
    if (r->source) {
        fputs("  ", stdout);
        cli_put_text(stdout, r->source);
    }
    if (r->url) {
        fputs("  ", stdout);
        cli_put_text(stdout, r->url);
    }
    printf("  #%lld", (long long)r->id);
    if (r->ext_id) {
        fputs(" feed ", stdout);
        cli_put_text(stdout, r->ext_id);
    }
    fputs("\n    ", stdout);
    cli_put_wrapped(cli, stdout, r->text, 4, 4);
    putchar('\n');
    if ((h->st = cli_reports_line(cli, h->db, r, 4, h->err)) != TR_OK)
        return;
    size_t i;
    json_t *v;
    json_array_foreach(h->stances, i, v) {
        const char *neg = json_string_value(json_object_get(v, "negation"));
        const char *hedge = json_string_value(json_object_get(v, "hedge"));
        fputs("    -> ", stdout);
        cli_put_text(stdout, json_string_value(json_object_get(v, "topic")));
        fputs(": ", stdout);
        cli_put_text(stdout, json_string_value(json_object_get(v, "stance")));
        putchar(' ');
        cli_put_cue(cli, stdout, json_string_value(json_object_get(v, "cue")));
        if (neg) {
            fputs(" negated by ", stdout);
            cli_put_cue(cli, stdout, neg);
        }
        if (hedge) {
            fputs(" hedged by ", stdout);
            cli_put_cue(cli, stdout, hedge);
        }
        putchar('\n');
    }
}

/* Prints one statement of the history. */
static int row_cb(void *ctx, const tr_statement_row *r)
{
    struct hist *h = ctx;
    h->n++;
    if (h->fmt == FMT_JSONL || h->fmt == FMT_CSV)
        return export_row(h, r);
    json_decref(h->stances);
    h->stances = json_array();
    if ((h->st = tr_db_assertions_of(h->db, r->id, stance_cb, h, h->err)) != TR_OK)
        return 1;
    if (h->fmt == FMT_TEXT) {
        text_row(h, r);
        return h->st != TR_OK;
    }
    tr_date d = {r->date_lo, r->date_hi, tr_prec_from_name(r->date_prec)};
    char utc[80], lo[32], hi[32], given[96];
    tr_date_format(&d, utc, sizeof utc);
    tr_date_format_utc(r->date_lo, lo, sizeof lo);
    tr_date_format_utc(r->date_hi, hi, sizeof hi);
    cli_given(r, given, sizeof given);
    json_t *o = json_pack(
        "{s:I, s:o, s:o, s:o, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o}", "id",
        (json_int_t)r->id, "feed_id", tr_json_str(r->ext_id), "speaker", tr_json_str(r->speaker),
        "date", tr_json_str(given), "utc", utc, "precision", r->date_prec, "earliest", lo, "latest",
        hi, "mode", tr_json_str(r->mode), "text", tr_json_str(r->text), "source",
        tr_json_str(r->source), "url", tr_json_str(r->url), "side",
        tr_json_str(r->side ? r->side : r->person_side), "role", tr_json_str(r->role));
    if (o) { /* what extract kept beside the text: its parts and framing sentence */
        json_t *sp = r->spans ? json_loads(r->spans, 0, NULL) : NULL;
        json_object_set_new(o, "spans", sp ? sp : json_null());
        json_object_set_new(o, "context", tr_json_str(r->context));
        /* the rest of what import reads, so that this imports back whole */
        json_object_set_new(o, "span", r->span_start >= 0 ? json_pack("[I, I]", (json_int_t)r->span_start,
                                                                      (json_int_t)r->span_end)
                                                          : json_null());
        json_object_set_new(o, "cue", tr_json_str(r->cue));
        json_object_set_new(o, "date_expr", tr_json_str(r->date_expr));
        json_object_set_new(o, "published", tr_json_str(r->published));
        json_object_set_new(o, "title", tr_json_str(r->title));
        json_object_set_new(o, "kind", tr_json_str(r->person_kind));
        json_object_set(o, "stances", h->stances);
        json_object_set_new(o, "date_conflict", json_boolean(r->date_conflict));
        json_t *reps = reports_json(h->db, r->id, h->err);
        if (!reps) {
            json_decref(o);
            h->st = TR_EIO;
            return 1;
        }
        json_object_set_new(o, "reports", reps);
    }
    return (h->st = tr_json_print(stdout, o, h->err)) != TR_OK;
}

struct who {
    char name[256], side[64];
};

/* Keeps the person's name and side for the header. */
static int who_cb(void *ctx, const tr_person *p)
{
    struct who *w = ctx;
    snprintf(w->name, sizeof w->name, "%s", p->name);
    snprintf(w->side, sizeof w->side, "%s", p->side ? p->side : "");
    return 0;
}

/* Prints the text header: who, how many, which window and order, the zone. */
static void header(tr_cli *cli, const struct who *w, int64_t total, const tr_history_query *q,
                   const char *from, const char *to)
{
    cli_put_text(stdout, w->name);
    if (w->side[0]) {
        fputs(" (", stdout);
        cli_put_text(stdout, w->side);
        putchar(')');
    }
    if (total)
        printf(": %lld statement%s", (long long)total, total == 1 ? "" : "s");
    else
        fputs(": no statements", stdout);
    if (q->topic) {
        fputs(" on ", stdout);
        cli_put_text(stdout, q->topic);
    }
    if (from && to && !strcmp(from, to)) {
        fputs(" on ", stdout);
        cli_put_text(stdout, from);
    } else {
        if (from) {
            fputs(" from ", stdout);
            cli_put_text(stdout, from);
        }
        if (to) {
            fputs(" to ", stdout);
            cli_put_text(stdout, to);
        }
    }
    if (total) {
        printf(", %s first", q->reverse ? "newest" : "oldest");
        if (q->limit && q->limit < total)
            printf(", the first %lld shown", (long long)q->limit);
        fputs("; times in ", stdout);
        cli_put_text(stdout, cli->zone ? tr_zone_name(cli->zone) : "UTC");
    }
    putchar('\n');
}

/* tracker history PERSON */
static int cmd_history(tr_cli *cli, const cli_command *self, int argc, char **argv)
{
    const char *from = NULL, *to = NULL, *arg;
    tr_err err;
    tr_history_query q = {0};
    struct hist h = {.cli = cli, .fmt = FMT_TEXT, .err = &err};
    int id, all = 0;
    cli_parser p;
    cli_parse_begin(&p, cli, self, argc, argv);
    while ((id = cli_next(&p, &arg)) > 0) {
        switch (id) {
        case OPT_TOPIC: q.topic = arg; break;
        case OPT_FROM: from = arg; break;
        case OPT_TO: to = arg; break;
        case OPT_REVERSE: q.reverse = 1; break;
        case OPT_ALL: all = 1; break;
        case OPT_FORMAT: h.fmt = cli_pick(arg, formats); break;
        case OPT_LIMIT: {
            char *end;
            long long v = strtoll(arg, &end, 10);
            if (*end || v < 1)
                return cli_usage(cli, "--limit: expected a number of statements (1 or more), got '%s'",
                                 arg);
            q.limit = v;
            break;
        }
        }
    }
    if (id < 0)
        return p.rc;
    char **ops;
    int nops = cli_operands(&p, &ops);
    if (all ? nops != 0 : nops != 1)
        return cli_usage(cli, all ? "--all takes no PERSON" : "expected one PERSON (or --all)");
    int rc = cli_date_window(cli, from, to, &q.from_lo, &q.to_hi);
    if (rc)
        return rc;
    tr_db *db;
    tr_status st;
    if ((st = cli_open_db(cli, TR_DB_READ, &db, &err)) != TR_OK)
        return cli_fail(cli, st, &err);
    h.db = db;
    struct who w = {"everyone", ""};
    if (!all && !(st = cli_find_person(db, ops[0], &q.person_id, &err)))
        st = tr_db_person_get(db, q.person_id, who_cb, &w, &err);
    int64_t total = 0;
    if (!st && h.fmt == FMT_TEXT && !(st = tr_db_read_begin(db, &err)) &&
        !(st = tr_db_history_count(db, &q, &total, &err)))
        header(cli, &w, total, &q, from, to);
    if (!st && h.fmt == FMT_CSV) {
        for (size_t i = 0; i < NEXPORT; i++)
            printf("%s%s", i ? "," : "", tr_field_name(export_fields[i]));
        putchar('\n');
    }
    if (!st)
        st = tr_db_history_each(db, &q, row_cb, &h, &err);
    if (!st)
        st = h.st;
    if (h.fmt == FMT_TEXT)
        tr_db_read_end(db);
    json_decref(h.stances);
    tr_db_close(db);
    return st ? cli_fail(cli, st, &err) : 0;
}

const cli_command cmd_history_def = {
    .name = "history",
    .fn = cmd_history,
    .operands = "PERSON",
    .summary = "one person's statements, oldest first",
    .description =
        "One person's statements (PERSON is a name or alias, matched case- and "
        "accent-insensitively), or with --all everyone's, oldest first by the earliest instant "
        "each date can mean, keeping those whose date interval meets the --from/--to window.  "
        "Text opens with a header (who, how many, the window, the order and the zone times are "
        "shown in); each statement shows its date in that zone (and the zone it was given in "
        "when another), its mode, source, link, tracker's id and the feed's, its text and the "
        "stance the last scan gave it on each topic with the deciding cue marked.",
    .opts = opts,
    .common = CLI_TZ | CLI_DB,
    .notes =
        "json fields: id (tracker's statement id), feed_id (the feed's own id), speaker, date "
        "(as given, with its zone: 2017-07-09T06:50:24-05:00), utc (the date in UTC at its "
        "precision), precision, earliest, latest, mode, text, source, url, side, role, spans, "
        "context, span, cue (the attribution's words), date_expr, published, title, kind (the "
        "speaker's), and stances: [{topic, stance, cue, negation, hedge}], what the last scan "
        "concluded on each topic.  It imports back too: import takes feed_id as the feed's id "
        "and ignores the rest, with a note.\n\n"
        "jsonl and csv are exports: speaker, date (with its zone), text, mode, side, role, "
        "source, url, published, id (the feed's id), span, cue, date_expr, kind, title, "
        "context, spans, the fields tracker import reads, so that importing an export into "
        "another store gives the same statements at the same instants.",
};
