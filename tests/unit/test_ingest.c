/*
** test_ingest.c: the engine's ingest (engine/ingest.h): one checked record
** to one stored statement, as import, add and extract --import store them:
** the required fields and their values, UTF-8, the publication date, the
** speaker and source caches, duplicates, links and the URL template.
*/
#include <unistd.h>

#include "db.h"
#include "ingest.h"
#include "people.h"
#include "reports.h"
#include "testutil.h"
#include "tz.h"

static tr_db *db;
static ingest_ctx ic;

static void setup(void)
{
    tr_err e;
    ck_assert_int_eq(tr_db_open(":memory:", TR_DB_MEMORY, 1500000000, &db, &e), TR_OK);
    memset(&ic, 0, sizeof ic);
    ic.db = db;
}

static void teardown(void)
{
    ingest_free(&ic);
    tr_db_close(db);
    db = NULL;
}

/* A record of speaker, date and text (the other fields absent). */
static tr_record rec3(const char *speaker, const char *date, const char *text)
{
    tr_record r = {.span_start = -1, .span_end = -1};
    r.f[TR_F_SPEAKER] = speaker;
    r.f[TR_F_DATE] = date;
    r.f[TR_F_TEXT] = text;
    return r;
}

struct got {
    int n;
    char speaker[64], side[16], source[64], url[128], date_text[40], mode[16];
    int64_t lo, hi;
};

/* Copies the fields of the statement read. */
static int got_cb(void *ctx, const tr_statement_row *r)
{
    struct got *g = ctx;
    g->n++;
    snprintf(g->speaker, sizeof g->speaker, "%s", r->speaker);
    snprintf(g->side, sizeof g->side, "%s", r->person_side ? r->person_side : "(none)");
    snprintf(g->source, sizeof g->source, "%s", r->source ? r->source : "(none)");
    snprintf(g->url, sizeof g->url, "%s", r->url ? r->url : "(none)");
    snprintf(g->date_text, sizeof g->date_text, "%s", r->date_text);
    snprintf(g->mode, sizeof g->mode, "%s", r->mode);
    g->lo = r->date_lo;
    g->hi = r->date_hi;
    return 0;
}

START_TEST(stores_a_record_and_its_speaker)
{
    tr_record r = rec3("Donald Trump", "2017-07-09", "The wall will be built.");
    r.f[TR_F_SIDE] = "US";
    r.f[TR_F_SOURCE] = "Twitter";
    r.f[TR_F_ID] = "88 1/2";
    r.f[TR_F_MODE] = "";                /* empty: absent */
    ic.url_template = "https://twitter.com/x/status/{id}";
    int inserted = -1;
    int64_t id = 0;
    tr_err e;
    ck_assert_int_eq(ingest_record(&ic, &r, &inserted, &id, &e), TR_OK);
    ck_assert_int_eq(inserted, 1);
    ck_assert_int_eq(ic.created_people, 1);
    struct got g = {0};
    ck_assert_int_eq(tr_db_statement_get(db, id, got_cb, &g, &e), TR_OK);
    ck_assert_int_eq(g.n, 1);
    ck_assert_str_eq(g.speaker, "Donald Trump");
    ck_assert_str_eq(g.side, "US");
    ck_assert_str_eq(g.source, "Twitter");
    ck_assert_str_eq(g.url, "https://twitter.com/x/status/88%201%2F2");
    ck_assert_str_eq(g.mode, "direct");
    ck_assert_int_eq(g.lo, 1499558400);          /* 2017-07-09T00:00:00Z */
    ck_assert_int_eq(g.hi, 1499558400 + 86399);

    /* The same record again is a duplicate of the same statement. */
    int64_t again = 0;
    ck_assert_int_eq(ingest_record(&ic, &r, &inserted, &again, &e), TR_OK);
    ck_assert_int_eq(inserted, 0);
    ck_assert_int_eq(again, id);
    ck_assert_int_eq(ic.linked, 0);

    /* A second statement of the same speaker reuses the person. */
    tr_record r2 = rec3("Donald Trump", "2017-07-10", "Another statement entirely.");
    ck_assert_int_eq(ingest_record(&ic, &r2, &inserted, NULL, &e), TR_OK);
    ck_assert_int_eq(inserted, 1);
    ck_assert_int_eq(ic.created_people, 1);
}
END_TEST

START_TEST(a_zone_reads_local_dates)
{
    tr_zone *z;
    tr_err e;
    ck_assert_int_eq(tr_zone_load("America/New_York", NULL, &z, &e), TR_OK);
    ic.tz = z;
    tr_record r = rec3("Rob Joyce", "2017-07-09T09:00", "We never said that.");
    int inserted;
    int64_t id;
    ck_assert_int_eq(ingest_record(&ic, &r, &inserted, &id, &e), TR_OK);
    struct got g = {0};
    ck_assert_int_eq(tr_db_statement_get(db, id, got_cb, &g, &e), TR_OK);
    ck_assert_int_eq(g.lo, 1499605200);          /* 13:00 UTC (EDT is UTC-4) */
    tr_zone_free(z);
}
END_TEST

START_TEST(rejects_bad_records)
{
    static const struct {
        const char *date, *text;
        tr_field field;        /* one more field set, or -1 */
        const char *value;
        const char *why;       /* the message, or NULL: not checked */
    } bad[] = {
        {"2017-07-09", NULL, -1, NULL, "missing required field 'text'"},
        {"2017-07-09", "Fine.", TR_F_MODE, "quoted", "field 'mode' is 'quoted' (expected direct or reported)"},
        {"2017-07-09", "Fine.", TR_F_KIND, "robot",
         "field 'kind' is 'robot' (expected person, group or anonymous)"},
        {"2017-07-09", "caf\xe9 au lait", -1, NULL, "field 'text' is not valid UTF-8 (byte 0xe9 at byte 4)"},
        {"2017-07-12", "Said after it was printed.", TR_F_PUBLISHED, "2017-07-10",
         "date 2017-07-12 is after the publication date 2017-07-10"},
        {"July the ninth", "Fine.", -1, NULL, NULL},
    };
    int inserted;
    tr_err e;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        tr_record r = rec3("Donald Trump", bad[i].date, bad[i].text);
        if ((int)bad[i].field >= 0)
            r.f[bad[i].field] = bad[i].value;
        ck_assert_int_eq(ingest_record(&ic, &r, &inserted, NULL, &e), TR_EDATA);
        if (bad[i].why)
            ck_assert_str_eq(e.msg, bad[i].why);
    }

    /* Nothing of the bad records was stored, not even their speaker. */
    ck_assert_int_eq(ic.created_people, 0);
    int64_t pid = -1;
    ck_assert_int_eq(tr_db_person_find(db, "Donald Trump", &pid, &e), TR_OK);
    ck_assert_int_eq(pid, 0);
}
END_TEST

START_TEST(links_a_copy_of_the_same_quote)
{
    const char *q = "We will renegotiate the whole agreement from the first page to the last.";
    tr_record a = rec3("Donald Trump", "2017-07-09", q);
    a.f[TR_F_SOURCE] = "Reuters";
    tr_record b = a;
    b.f[TR_F_SOURCE] = "AP";
    int inserted;
    int64_t ia, ib;
    tr_err e;
    ck_assert_int_eq(ingest_record(&ic, &a, &inserted, &ia, &e), TR_OK);
    ck_assert_int_eq(inserted, 1);
    ck_assert_int_eq(ingest_record(&ic, &b, &inserted, &ib, &e), TR_OK);
    ck_assert_int_eq(inserted, 0);
    ck_assert_int_eq(ib, ia);
    ck_assert_int_eq(ic.linked, 1);

    /* The statement's reports, as the read commands show them
    ** (engine/reports.h): each source once, in the order they came. */
    tr_buf names;
    tr_buf_init(&names);
    ck_assert_int_eq(reports_sources(db, ia, &names, &e), TR_OK);
    ck_assert_str_eq(names.data, "Reuters; AP");
    tr_buf_free(&names);
    json_t *a2 = reports_json(db, ia, &e);
    ck_assert_ptr_nonnull(a2);
    ck_assert_uint_eq(json_array_size(a2), 2);
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(a2, 0), "source")), "Reuters");
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(a2, 1), "source")), "AP");
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(a2, 1), "how")), "quote");
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(a2, 1), "date")), "2017-07-09");
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(a2, 1), "utc")), "2017-07-09");
    json_decref(a2);

    /* With no_link, the same quote from a third source is its own statement. */
    tr_record c = a;
    c.f[TR_F_SOURCE] = "BBC";
    ic.no_link = 1;
    int64_t icc;
    ck_assert_int_eq(ingest_record(&ic, &c, &inserted, &icc, &e), TR_OK);
    ck_assert_int_eq(inserted, 1);
    ck_assert_int_ne(icc, ia);
    ck_assert_int_eq(ic.linked, 1);
}
END_TEST

START_TEST(url_template)
{
    char buf[64];
    tr_err e;
    ck_assert_int_eq(ingest_url("https://x.example/{id}?r={id}", "a~b c", buf, sizeof buf, &e), TR_OK);
    ck_assert_str_eq(buf, "https://x.example/a~b%20c?r=a~b%20c");
    ck_assert_int_eq(ingest_url("https://x.example/", "1", buf, sizeof buf, &e), TR_EUSAGE);
    ck_assert_str_eq(e.msg, "--url-template 'https://x.example/' has no {id}");
    char small[12];
    ck_assert_int_eq(ingest_url("https://{id}", "12345678", small, sizeof small, &e), TR_EDATA);
    ck_assert_str_eq(e.msg, "the URL for id '12345678' is too long");
}
END_TEST

/* Copies what the statement read holds of its extraction. */
struct xgot {
    char kind[16], cue[32], ctx[96], spans[64], url[64];
    int64_t span_start, span_end;
};

static int xgot_cb(void *ctx, const tr_statement_row *r)
{
    struct xgot *g = ctx;
    snprintf(g->kind, sizeof g->kind, "%s", r->person_kind ? r->person_kind : "(none)");
    snprintf(g->cue, sizeof g->cue, "%s", r->cue ? r->cue : "(none)");
    snprintf(g->ctx, sizeof g->ctx, "%s", r->context ? r->context : "(none)");
    snprintf(g->spans, sizeof g->spans, "%s", r->spans ? r->spans : "(none)");
    snprintf(g->url, sizeof g->url, "%s", r->url ? r->url : "(none)");
    g->span_start = r->span_start;
    g->span_end = r->span_end;
    return 0;
}

START_TEST(an_extracted_statement_keeps_where_it_was_found)
{
    char speaker[] = "U.S. officials", text[] = "the talks \u2026 were going nowhere",
         date[] = "2017-07-20", cue[] = "said", context[] = "Two officials said the talks were stuck.";
    tr_statement x = {.speaker = speaker, .speaker_kind = TR_SPEAKER_GROUP, .text = text,
                      .mode = "reported", .date = date, .span = {120, 170},
                      .spans = {{120, 130}, {150, 170}}, .nspans = 2, .context = context,
                      .cue = cue};
    tr_extract_opts o = {.published = "2017-07-20", .url = "https://news.example/a1"};
    int inserted;
    tr_err e;
    ck_assert_msg(ingest_extracted(&ic, &x, &o, &inserted, &e) == TR_OK, "%s", e.msg);
    ck_assert_int_eq(inserted, 1);
    int64_t id = 0;
    ck_assert_int_eq(tr_db_person_find(db, "U.S. officials", &id, &e), TR_OK);
    ck_assert_int_gt(id, 0);
    struct xgot g = {0};
    ck_assert_int_eq(tr_db_history(db, id, INT64_MIN, INT64_MAX, xgot_cb, &g, &e), TR_OK);
    ck_assert_str_eq(g.kind, "group");
    ck_assert_str_eq(g.cue, "said");
    ck_assert_str_eq(g.ctx, "Two officials said the talks were stuck.");
    ck_assert_str_eq(g.spans, "[[120,130],[150,170]]");
    ck_assert_str_eq(g.url, "https://news.example/a1");
    ck_assert_int_eq(g.span_start, 120);
    ck_assert_int_eq(g.span_end, 170);

    /* A date after the article's publication is refused like a record's. */
    char later[] = "2017-07-22";
    x.date = later;
    ck_assert_int_eq(ingest_extracted(&ic, &x, &o, &inserted, &e), TR_EDATA);
    ck_assert_str_eq(e.msg, "date 2017-07-22 is after the publication date 2017-07-20");
}
END_TEST

/* ---- a whole input ---------------------------------------------------------- */

struct heard {
    int rejected;
    size_t line[4];
    char why[4][1100];
    int stop;          /* what the hook answers */
    int done;
};

static int heard_rejected(void *ctx, size_t line, const tr_err *why)
{
    struct heard *h = ctx;
    if (h->rejected < 4) {
        h->line[h->rejected] = line;
        snprintf(h->why[h->rejected], sizeof h->why[0], "%s", why->msg);
    }
    h->rejected++;
    return h->stop;
}

static void heard_progress(void *ctx, const tr_input *in, long long rows, int done)
{
    (void)in;
    (void)rows;
    ((struct heard *)ctx)->done += done;
}

/* A JSON Lines file of five records: two good, a duplicate of the first,
** one without text, one more good; its path in p (the caller unlinks). */
static void five_records(char *p)
{
    strcpy(p, "/tmp/tr-ingest-XXXXXX.jsonl");
    int fd = mkstemps(p, 6);
    ck_assert_int_ge(fd, 0);
    const char *t =
        "{\"speaker\": \"Donald Trump\", \"date\": \"2017-07-09\", \"text\": \"One.\"}\n"
        "{\"speaker\": \"Donald Trump\", \"date\": \"2017-07-10\", \"text\": \"Two.\"}\n"
        "{\"speaker\": \"Donald Trump\", \"date\": \"2017-07-09\", \"text\": \"One.\"}\n"
        "{\"speaker\": \"Donald Trump\", \"date\": \"2017-07-11\"}\n"
        "{\"speaker\": \"Vladimir Putin\", \"date\": \"2017-07-12\", \"text\": \"Three.\"}\n";
    ck_assert_int_eq(write(fd, t, strlen(t)), (ssize_t)strlen(t));
    close(fd);
}

START_TEST(an_input_is_counted_record_by_record)
{
    char p[64];
    five_records(p);
    tr_input_opts o = {.format = TR_FMT_AUTO, .kind = TR_REC_STATEMENT};
    tr_input *in;
    tr_err e;
    ck_assert_int_eq(tr_input_open(p, &o, &in, &e), TR_OK);
    struct heard h = {0};
    ingest_hooks hooks = {.ctx = &h, .rejected = heard_rejected, .progress = heard_progress};
    ingest_counts n = {0};
    ck_assert_int_eq(tr_db_begin(db, &e), TR_OK);
    ck_assert_int_eq(ingest_input(&ic, in, p, &hooks, &n, &e), TR_OK);
    tr_input_close(in);
    ck_assert_int_eq(n.imported, 3);
    ck_assert_int_eq(n.duplicates, 1);
    ck_assert_int_eq(n.rejected, 1);
    ck_assert_int_eq(n.linked, 0);
    ck_assert_int_eq(h.rejected, 1);
    ck_assert_uint_eq(h.line[0], 4);
    ck_assert_str_eq(h.why[0], "missing required field 'text'");
    ck_assert_int_ge(h.done, 1);

    /* --strict: the hook stops the input at the first bad record (a
    ** rolled-back transaction takes a fresh context: its caches name
    ** people that are gone). */
    tr_db_rollback(db);
    ingest_free(&ic);
    memset(&ic, 0, sizeof ic);
    ic.db = db;
    ck_assert_int_eq(tr_input_open(p, &o, &in, &e), TR_OK);
    h = (struct heard){.stop = 1};
    n = (ingest_counts){0};
    ck_assert_int_eq(tr_db_begin(db, &e), TR_OK);
    ck_assert_int_eq(ingest_input(&ic, in, p, &hooks, &n, &e), TR_OK);
    tr_input_close(in);
    ck_assert_int_eq(n.imported, 2);
    ck_assert_int_eq(n.duplicates, 1);
    ck_assert_int_eq(n.rejected, 1);
    tr_db_rollback(db);
    unlink(p);
}
END_TEST

/* Stores the person record json through ingest_person. */
static tr_status person(const char *json, int *created, tr_err *e)
{
    json_t *j = json_loads(json, 0, NULL);
    ck_assert_ptr_nonnull(j);
    tr_record r = {.span_start = -1, .span_end = -1, .json = j};
    tr_status st = ingest_person(db, &r, created, e);
    json_decref(j);
    return st;
}

START_TEST(people_records_land_whole_or_not_at_all)
{
    tr_err e;
    int created = -1;
    ck_assert_int_eq(tr_db_begin(db, &e), TR_OK);
    ck_assert_int_eq(person("{\"name\": \"Vladimir Putin\", \"kind\": \"person\", \"side\": \"RU\","
                            " \"aliases\": [\"President Putin\"]}", &created, &e), TR_OK);
    ck_assert_int_eq(created, 1);
    int64_t id = 0, by_alias = 0;
    ck_assert_int_eq(tr_db_person_find(db, "Vladimir Putin", &id, &e), TR_OK);
    ck_assert_int_gt(id, 0);
    ck_assert_int_eq(tr_db_person_find(db, "president putin", &by_alias, &e), TR_OK);
    ck_assert_int_eq(by_alias, id);

    /* The same name again updates the person. */
    ck_assert_int_eq(person("{\"name\": \"Vladimir Putin\", \"side\": \"RU\"}", &created, &e), TR_OK);
    ck_assert_int_eq(created, 0);

    /* A bad record stores nothing of itself, and what came before stays. */
    ck_assert_int_eq(person("{\"name\": \"Sergei Lavrov\", \"kind\": \"robot\"}", &created, &e), TR_EDATA);
    ck_assert_int_eq(person("{\"kind\": \"person\"}", &created, &e), TR_EDATA);
    int64_t none = -1;
    ck_assert_int_eq(tr_db_person_find(db, "Sergei Lavrov", &none, &e), TR_OK);
    ck_assert_int_eq(none, 0);
    ck_assert_int_eq(tr_db_commit(db, &e), TR_OK);
    ck_assert_int_eq(tr_db_person_find(db, "Vladimir Putin", &by_alias, &e), TR_OK);
    ck_assert_int_eq(by_alias, id);

    /* The extractor's lookup (engine/people.h) finds them by an alias. */
    people_lookup_ctx l = {.db = db};
    char name[64], side[16], gender[4];
    ck_assert_int_eq(people_lookup(&l, "President Putin", name, sizeof name, side, sizeof side,
                                   gender, sizeof gender), 1);
    ck_assert_str_eq(name, "Vladimir Putin");
    ck_assert_str_eq(side, "RU");
    ck_assert_str_eq(gender, "");
    ck_assert_int_eq(people_lookup(&l, "Sergei Lavrov", name, sizeof name, side, sizeof side,
                                   gender, sizeof gender), 0);
    people_lookup_ctx nostore = {.db = NULL};
    ck_assert_int_eq(people_lookup(&nostore, "Vladimir Putin", name, sizeof name, side, sizeof side,
                                   gender, sizeof gender), 0);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("ingest");
    TCase *tc = tcase_create("ingest");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, stores_a_record_and_its_speaker);
    tcase_add_test(tc, a_zone_reads_local_dates);
    tcase_add_test(tc, rejects_bad_records);
    tcase_add_test(tc, links_a_copy_of_the_same_quote);
    tcase_add_test(tc, url_template);
    tcase_add_test(tc, people_records_land_whole_or_not_at_all);
    tcase_add_test(tc, an_extracted_statement_keeps_where_it_was_found);
    tcase_add_test(tc, an_input_is_counted_record_by_record);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(suite());
}
