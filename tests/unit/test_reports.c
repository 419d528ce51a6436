/*
** test_reports.c: one statement, many reports: the normal form quotes are
** compared in, containment at the minimum length, near misses that must
** not link, the date of a statement whose reports disagree, the copy of
** an article, and links made and undone by hand with their history.
*/
#include "db.h"
#include "norm.h"
#include "testutil.h"

static tr_db *db;
static int64_t trump, putin;

static void setup(void)
{
    tr_err e;
    int created;
    ck_assert_int_eq(tr_db_open(":memory:", TR_DB_MEMORY, 1500000000, &db, &e), TR_OK);
    ck_assert_int_eq(tr_db_person_resolve(db, "Donald Trump", NULL, &trump, &created, &e), TR_OK);
    ck_assert_int_eq(tr_db_person_resolve(db, "Vladimir Putin", NULL, &putin, &created, &e), TR_OK);
}

static void teardown(void)
{
    tr_db_close(db);
    db = NULL;
}

/* A feed source of publisher (raw NULL) or an article's (raw set). */
static int64_t source(const char *publisher, const char *raw)
{
    tr_source_in s = {.publisher = publisher, .raw = raw, .rawlen = raw ? strlen(raw) : 0};
    int64_t id;
    tr_err e;
    ck_assert_int_eq(tr_db_source_ensure(db, &s, &id, &e), TR_OK);
    return id;
}

/* Adds a report (outside a transaction: indexed at once) and returns what
** happened; *stmt its statement. */
static tr_report_outcome add(int64_t person, int64_t src, const char *mode, const char *date,
                             const char *text, int64_t span_start, int64_t span_end, int64_t *stmt)
{
    tr_statement_in s = {.person_id = person, .source_id = src, .text = text, .mode = mode,
                         .date_text = date, .span_start = span_start, .span_end = span_end};
    tr_err e;
    tr_report_result r;
    ck_assert_int_eq(tr_date_parse(date, NULL, &s.date, &e), TR_OK);
    ck_assert_int_eq(tr_db_report_add(db, &s, 1, &r, &e), TR_OK);
    if (stmt)
        *stmt = r.statement_id;
    return r.outcome;
}

struct got {
    char text[1024];
    int64_t lo, hi, nreports;
    int conflict, n;
};

/* Keeps a statement's date, count and conflict. */
static int row_cb(void *ctx, const tr_statement_row *r)
{
    struct got *g = ctx;
    g->lo = r->date_lo;
    g->hi = r->date_hi;
    g->nreports = r->nreports;
    g->conflict = r->date_conflict;
    snprintf(g->text, sizeof g->text, "%s", r->date_text);
    g->n++;
    return 0;
}

static struct got get(int64_t id)
{
    struct got g = {0};
    tr_err e;
    ck_assert_int_eq(tr_db_statement_get(db, id, row_cb, &g, &e), TR_OK);
    return g;
}

/* Appends "action how actor reason; " of each event. */
static int event_cb(void *ctx, const tr_statement_event *v)
{
    struct got *g = ctx;
    size_t k = strlen(g->text);
    snprintf(g->text + k, sizeof g->text - k, "%s %s %s: %s; ", v->action, v->how ? v->how : "-",
             v->actor ? v->actor : "-", v->reason ? v->reason : "-");
    return 0;
}

static const char *tweet = "The fact that President Putin and I discussed a Cyber Security unit  "
                           "doesn't mean I think it can happen. It can't-but a ceasefire can,& did!";
static const char *quote = "The fact that President Putin and I discussed a Cyber Security unit "
                           "doesn\u2019t mean I think it can happen.";

START_TEST(normalises_typography_not_words)
{
    size_t n;
    char *s = tr_quote_norm("\u201cIt CAN\u2019T\u2014but a  ceasefire can,& did!\u201d", &n);
    ck_assert_str_eq(s, "it can't but a ceasefire can and did");
    ck_assert_uint_eq(n, 8);
    free(s);
    s = tr_quote_norm("'Quoted' -- words\u2013here \u00e9t\u00e9 & more", &n);
    ck_assert_str_eq(s, "quoted words here \u00e9t\u00e9 and more"); /* accents are letters */
    ck_assert_uint_eq(n, 6);
    free(s);
    char *a = tr_quote_norm(tweet, NULL), *b = tr_quote_norm(quote, NULL);
    ck_assert(tr_quote_holds(a, b));
    ck_assert(!tr_quote_holds(b, a));
    ck_assert(tr_quote_holds("it can happen", "can happen"));
    ck_assert(!tr_quote_holds("it can happen", "an happen")); /* whole words only */
    ck_assert(!tr_quote_holds("it can happened", "can happen"));
    free(a);
    free(b);
}
END_TEST

START_TEST(links_at_the_minimum_length_only)
{
    int dir;
    /* six words held: links, either way round */
    ck_assert(tr_quote_links("We will build a great wall, and Mexico will pay",
                             "\u201cwe will build a great wall\u201d", &dir));
    ck_assert_int_eq(dir, 1);
    ck_assert(tr_quote_links("will build a great wall and", "We will build a great wall, and Mexico", &dir));
    ck_assert_int_eq(dir, 0);
    /* five words are too few, however exact */
    ck_assert(!tr_quote_links("We will build a great wall", "will build a great wall", NULL));
    ck_assert(!tr_quote_links(tweet, "It can't.", NULL));
    ck_assert(!tr_quote_links("It can't.", "It can\u2019t.", NULL));
}
END_TEST

START_TEST(a_near_miss_does_not_link)
{
    /* one word changed: not the same quotation */
    ck_assert(!tr_quote_links(tweet, "The fact that President Putin and I discussed a Cyber "
                                     "Security unit does mean I think it can happen.", NULL));
    int64_t tw = source("Twitter", NULL), rt = source("Reuters", NULL), a, b;
    ck_assert_int_eq(add(trump, tw, "direct", "2017-07-10T00:45:13Z", tweet, -1, -1, &a), TR_ADD_NEW);
    /* the words, but another speaker */
    ck_assert_int_eq(add(putin, rt, "direct", "2017-07-01/2017-07-20", quote, -1, -1, &b), TR_ADD_NEW);
    /* the words, the speaker, but the same source: a feed's two posts stay two */
    ck_assert_int_eq(add(trump, tw, "direct", "2017-07-11T09:00:00Z", quote, -1, -1, &b), TR_ADD_NEW);
    /* reported speech never links by itself */
    ck_assert_int_eq(add(trump, rt, "reported", "2017-07-01/2017-07-20", quote, -1, -1, &b), TR_ADD_NEW);
    /* dated before the statement, or long after it: another occasion */
    ck_assert_int_eq(add(trump, rt, "direct", "2017-07-01", quote, -1, -1, &b), TR_ADD_NEW);
    ck_assert_int_eq(add(trump, rt, "direct", "2017-09-01", quote, -1, -1, &b), TR_ADD_NEW);
    ck_assert_int_eq(get(a).nreports, 1);
}
END_TEST

START_TEST(a_quote_joins_its_original_and_takes_its_date)
{
    int64_t tw = source("Twitter", NULL), rt = source("Reuters", NULL), a, b;
    ck_assert_int_eq(add(trump, tw, "direct", "2017-07-10T00:45:13Z", tweet, -1, -1, &a), TR_ADD_NEW);
    ck_assert_int_eq(add(trump, rt, "direct", "2017-07-01/2017-07-20", quote, -1, -1, &b), TR_ADD_LINKED);
    ck_assert_int_eq(b, a);
    struct got g = get(a);
    ck_assert_int_eq(g.nreports, 2);
    ck_assert_int_eq(g.conflict, 0);
    ck_assert_int_eq(g.lo, 1499647513); /* 2017-07-10T00:45:13Z: the intersection */
    ck_assert_int_eq(g.hi, 1499647513);
    ck_assert_str_eq(g.text, "2017-07-10T00:45:13Z");
    /* idempotent: the same report again adds nothing */
    ck_assert_int_eq(add(trump, rt, "direct", "2017-07-01/2017-07-20", quote, -1, -1, &b), TR_ADD_DUPLICATE);
    ck_assert_int_eq(get(a).nreports, 2);
    /* a report dated a few days later (no date words: the day it ran) links too */
    ck_assert_int_eq(add(trump, source("AP", NULL), "direct", "2017-07-12", quote, -1, -1, &b), TR_ADD_LINKED);
    g = get(a);
    ck_assert_int_eq(g.nreports, 3);
    ck_assert_int_eq(g.conflict, 1); /* 07-12 does not meet the tweet's second */
    ck_assert_str_eq(g.text, "2017-07-10T00:45:13Z"); /* the most precise report's */
    /* two vague reports that overlap: their intersection, written out */
    int64_t c;
    ck_assert_int_eq(add(trump, tw, "direct", "2017-07", "We are going to do very well on trade, "
                         "believe me", -1, -1, &c), TR_ADD_NEW);
    ck_assert_int_eq(add(trump, rt, "direct", "2017-07-15/2017-08-20", "going to do very well on "
                         "trade, believe me", -1, -1, &b), TR_ADD_LINKED);
    ck_assert_int_eq(b, c);
    g = get(c);
    ck_assert_str_eq(g.text, "2017-07-15/2017-07-31");
    ck_assert_int_eq(g.conflict, 0);
}
END_TEST

START_TEST(the_original_after_its_copy_takes_it_in)
{
    int64_t tw = source("Twitter", NULL), rt = source("Reuters", NULL), a, b;
    ck_assert_int_eq(add(trump, rt, "direct", "2017-07-01/2017-07-20", quote, -1, -1, &a), TR_ADD_NEW);
    /* the tweet holds the article's words and more: it is the statement now */
    ck_assert_int_eq(add(trump, tw, "direct", "2017-07-10T00:45:13Z", tweet, -1, -1, &b), TR_ADD_LINKED);
    ck_assert_int_ne(b, a);
    ck_assert_int_eq(get(a).n, 0);
    struct got g = get(b);
    ck_assert_int_eq(g.nreports, 2);
    ck_assert_str_eq(g.text, "2017-07-10T00:45:13Z");
    struct got h = {0};
    tr_err e;
    ck_assert_int_eq(tr_db_statement_events(db, a, event_cb, &h, &e), TR_OK);
    ck_assert_str_eq(h.text, "merged quote -: -; ");
}
END_TEST

START_TEST(an_article_under_two_sources_is_two_reports)
{
    const char *raw = "Trump said: \u201cWe will build a great wall along the border.\u201d "
                      "He said it was not about money.";
    int64_t one = source("Reuters", raw), two = source("Yahoo News", raw), a, b;
    ck_assert_int_ne(one, two);
    ck_assert_int_eq(source("Reuters", raw), one);
    ck_assert_int_eq(add(trump, one, "direct", "2017-07-20", "We will build a great wall along the "
                         "border.", 15, 58, &a), TR_ADD_NEW);
    ck_assert_int_eq(add(trump, one, "reported", "2017-07-20", "it was not about money", 73, 95, &b),
                     TR_ADD_NEW);
    int64_t a2, b2;
    ck_assert_int_eq(add(trump, two, "direct", "2017-07-20", "We will build a great wall along the "
                         "border.", 15, 58, &a2), TR_ADD_LINKED);
    /* the same span of the same text: the same report, reported speech too */
    ck_assert_int_eq(add(trump, two, "reported", "2017-07-20", "it was not about money", 73, 95, &b2),
                     TR_ADD_LINKED);
    ck_assert_int_eq(a2, a);
    ck_assert_int_eq(b2, b);
    ck_assert_int_eq(get(a).nreports, 2);
    ck_assert_int_eq(get(b).nreports, 2);
}
END_TEST

START_TEST(links_and_unlinks_by_hand_with_history)
{
    int64_t tw = source("Twitter", NULL), rt = source("Reuters", NULL), a, b, fresh;
    tr_err e;
    ck_assert_int_eq(add(trump, tw, "direct", "2017-07-10T00:45:13Z", tweet, -1, -1, &a), TR_ADD_NEW);
    ck_assert_int_eq(add(trump, rt, "reported", "2017-07-21", "a cyber unit could not happen", -1, -1, &b),
                     TR_ADD_NEW);
    ck_assert_int_eq(tr_db_statements_link(db, a, a, "ann", NULL, &e), TR_EDATA);
    ck_assert_int_eq(tr_db_statements_link(db, a, 999, "ann", NULL, &e), TR_EDATA);
    ck_assert_str_eq(e.msg, "no statement #999 (see tracker history or search)");
    int64_t p;
    ck_assert_int_eq(add(putin, rt, "direct", "2017-07-21", "we never discussed it", -1, -1, &p), TR_ADD_NEW);
    ck_assert_int_eq(tr_db_statements_link(db, a, p, "ann", NULL, &e), TR_EDATA);
    ck_assert_ptr_nonnull(strstr(e.msg, "different speakers"));
    /* b is the tweet's paraphrase, a day later: linked, the dates conflict */
    ck_assert_int_eq(tr_db_statements_link(db, a, b, "ann", "the article paraphrases the tweet", &e), TR_OK);
    ck_assert_int_eq(get(b).n, 0);
    struct got g = get(a);
    ck_assert_int_eq(g.nreports, 2);
    ck_assert_int_eq(g.conflict, 1);
    ck_assert_str_eq(g.text, "2017-07-10T00:45:13Z");
    /* the first report is the statement's own words */
    ck_assert_int_eq(tr_db_report_unlink(db, a, a, "bo", NULL, &fresh, &e), TR_EDATA);
    ck_assert_ptr_nonnull(strstr(e.msg, "first"));
    ck_assert_int_eq(tr_db_report_unlink(db, a, 12345, "bo", NULL, &fresh, &e), TR_EDATA);
    ck_assert_int_eq(tr_db_report_unlink(db, a, b, "bo", "not the same claim", &fresh, &e), TR_OK);
    g = get(a);
    ck_assert_int_eq(g.nreports, 1);
    ck_assert_int_eq(g.conflict, 0);
    g = get(fresh);
    ck_assert_int_eq(g.nreports, 1);
    ck_assert_str_eq(g.text, "2017-07-21");
    struct got h = {0};
    ck_assert_int_eq(tr_db_statement_events(db, a, event_cb, &h, &e), TR_OK);
    ck_assert_str_eq(h.text, "merged manual ann: the article paraphrases the tweet; "
                             "unlinked manual bo: not the same claim; ");
    /* re-importing the report finds it where it is now, not linked again */
    int64_t again;
    ck_assert_int_eq(add(trump, rt, "reported", "2017-07-21", "a cyber unit could not happen", -1, -1,
                         &again), TR_ADD_DUPLICATE);
    ck_assert_int_eq(again, fresh);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("reports");
    TCase *t = tcase_create("reports");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, normalises_typography_not_words);
    tcase_add_test(t, links_at_the_minimum_length_only);
    tcase_add_test(t, a_near_miss_does_not_link);
    tcase_add_test(t, a_quote_joins_its_original_and_takes_its_date);
    tcase_add_test(t, the_original_after_its_copy_takes_it_in);
    tcase_add_test(t, an_article_under_two_sources_is_two_reports);
    tcase_add_test(t, links_and_unlinks_by_hand_with_history);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    return tu_run(suite());
}
