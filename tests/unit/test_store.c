/*
** test_store.c: the store: migrations, name folding and aliases,
** idempotent inserts, history order and bounds, full-text search.
*/
#include <unistd.h>

#include "db.h"
#include "internal.h"
#include "testutil.h"
#include "text.h"

static tr_db *db;

static void setup(void)
{
    tr_err e;
    ck_assert_int_eq(tr_db_open(":memory:", TR_DB_MEMORY, 1500000000, &db, &e), TR_OK);
}

static void teardown(void)
{
    tr_db_close(db);
    db = NULL;
}

/* Stores one statement and returns whether it was new. */
static int put(int64_t person, const char *date, const char *text, const char *ext_id)
{
    tr_statement_in s = {.person_id = person, .text = text, .mode = "direct", .date_text = date,
                         .ext_id = ext_id, .span_start = -1, .span_end = -1};
    tr_err e;
    int inserted;
    ck_assert_int_eq(tr_date_parse(date, NULL, &s.date, &e), TR_OK);
    ck_assert_int_eq(tr_db_statement_insert(db, &s, &inserted, NULL, &e), TR_OK);
    return inserted;
}

START_TEST(folds_names)
{
    char *k = tr_fold_name("  Andréy   KRUTSKIKH ");
    ck_assert_str_eq(k, "andrey krutskikh");
    free(k);
    k = tr_fold_name("U.S. President Donald J. Trump");
    ck_assert_str_eq(k, "us president donald j trump");
    free(k);
    k = tr_fold_name("Ｒｏｂ Joyce"); /* full-width letters */
    ck_assert_str_eq(k, "rob joyce");
    free(k);
    ck_assert_ptr_null(tr_fold_name("bad \xff utf8"));
    ck_assert_uint_eq(tr_edit_distance("krutskih", "krutskikh", 5), 1);
    ck_assert_uint_eq(tr_edit_distance("abc", "xyzabcdef", 2), 3);
    /* Damerau: a swap of two adjacent letters is one edit (Levenshtein: 2). */
    ck_assert_uint_eq(tr_edit_distance("histroy", "history", 5), 1);
    ck_assert_uint_eq(tr_edit_distance("imprt", "import", 5), 1);
    ck_assert_uint_eq(tr_edit_distance("ca", "abc", 5), 3); /* OSA: no edit of a swapped pair */
    ck_assert_uint_eq(tr_edit_distance("", "abc", 5), 3);
    ck_assert_uint_eq(tr_edit_distance("kitten", "sitting", 1), 2);
    ck_assert_uint_eq(tr_utf8_invalid_at("ok \xe2\x80\x9c", 6), (size_t)-1);
    ck_assert_uint_eq(tr_utf8_invalid_at("ok \xe2\x80", 5), 3);
    ck_assert_uint_eq(tr_utf8_invalid_at("\xed\xa0\x80", 3), 0); /* a surrogate */
    ck_assert_uint_eq(tr_utf8_invalid_at("\xc0\xaf", 2), 0);     /* overlong */
}
END_TEST

START_TEST(migrates_and_reports_version)
{
    ck_assert_int_eq(tr_db_version(db), tr_db_schema_version());
    int from, to;
    tr_db_migrated(db, &from, &to);
    ck_assert_int_eq(from, 0);
    ck_assert_int_eq(to, tr_db_schema_version());
    tr_err e;
    tr_db *x;
    ck_assert_int_eq(tr_db_open("/nonexistent/dir/t.db", TR_DB_READ, 0, &x, &e), TR_ENOINPUT);
    ck_assert_str_eq(e.msg, "no database at '/nonexistent/dir/t.db' (create one with 'tracker init', or set --db)");
    /* A file that is not a database is refused, not overwritten. */
    char path[64];
    snprintf(path, sizeof path, "/tmp/tracker-notdb-%d", (int)getpid());
    FILE *f = fopen(path, "w");
    fputs("this is not a database, just text that is long enough to fill a header page....\n", f);
    fclose(f);
    ck_assert_int_eq(tr_db_open(path, TR_DB_WRITE, 0, &x, &e), TR_EDATA);
    ck_assert_ptr_nonnull(strstr(e.msg, "cannot use"));
    unlink(path);
}
END_TEST

START_TEST(resolves_names_and_aliases)
{
    tr_err e;
    int64_t id, id2, found;
    int created;
    const char *aliases[] = {"Trump", "U.S. President Donald Trump"};
    tr_role_in roles[] = {{"President", "2017-01-20", NULL}};
    tr_person_in p = {.name = "Donald Trump", .side = "US", .aliases = aliases, .naliases = 2,
                      .roles = roles, .nroles = 1};
    ck_assert_int_eq(tr_db_person_upsert(db, &p, &id, &created, &e), TR_OK);
    ck_assert_int_eq(created, 1);
    ck_assert_int_eq(tr_db_person_find(db, "TRUMP", &found, &e), TR_OK);
    ck_assert_int_eq(found, id);
    ck_assert_int_eq(tr_db_person_find(db, "u.s. president donald trump", &found, &e), TR_OK);
    ck_assert_int_eq(found, id);
    /* Importing again by an alias updates the same person. */
    tr_person_in again = {.name = "Trump", .kind = "person"};
    ck_assert_int_eq(tr_db_person_upsert(db, &again, &id2, &created, &e), TR_OK);
    ck_assert_int_eq(created, 0);
    ck_assert_int_eq(id2, id);
    /* An unknown speaker is created; an alias of someone else is refused. */
    ck_assert_int_eq(tr_db_person_resolve(db, "Vladimir Putin", NULL, &id2, &created, &e), TR_OK);
    ck_assert_int_eq(created, 1);
    ck_assert_int_eq(tr_db_alias_add(db, id2, "trump", &e), TR_EDATA);
    ck_assert_str_eq(e.msg, "alias 'trump' for 'Vladimir Putin' already names 'Donald Trump' (id 1): "
                            "refused (two people are never merged)");
    /* A new name whose alias names someone else merges nobody. */
    const char *taken[] = {"Hal", "trump"};
    tr_person_in hal = {.name = "Hal Hart", .aliases = taken, .naliases = 2};
    ck_assert_int_eq(tr_db_person_upsert(db, &hal, &id2, &created, &e), TR_EDATA);
    ck_assert_str_eq(e.msg, "alias 'trump' for 'Hal Hart' already names 'Donald Trump' (id 1): "
                            "refused (two people are never merged)");
    ck_assert_int_eq(tr_db_alias_add(db, id2, "Putin", &e), TR_OK);
    ck_assert_int_eq(tr_db_person_find(db, "PUTIN", &found, &e), TR_OK);
    ck_assert_int_eq(found, id2);
    ck_assert_int_eq(tr_db_person_resolve(db, "...", NULL, &id2, &created, &e), TR_EDATA);
    ck_assert_str_eq(e.msg, "name '...' has no letters or digits");
    tr_role_in bad[] = {{"Envoy", "2018", "2017"}};
    tr_person_in q = {.name = "X", .roles = bad, .nroles = 1};
    ck_assert_int_eq(tr_db_person_upsert(db, &q, &id2, &created, &e), TR_EDATA);
    ck_assert_str_eq(e.msg, "role 'Envoy' ends (2017) before it starts (2018)");
}
END_TEST

struct collect {
    char got[1024];
};

static int collect_cb(void *ctx, const tr_statement_row *r)
{
    struct collect *c = ctx;
    size_t L = strlen(c->got);
    snprintf(c->got + L, sizeof c->got - L, "%s%s", L ? "|" : "", r->snippet ? r->snippet : r->text);
    return 0;
}

START_TEST(inserts_idempotently_and_orders_history)
{
    tr_err e;
    int64_t a, b;
    int created;
    ck_assert_int_eq(tr_db_person_resolve(db, "Ann", NULL, &a, &created, &e), TR_OK);
    ck_assert_int_eq(tr_db_person_resolve(db, "Bob", NULL, &b, &created, &e), TR_OK);
    ck_assert_int_eq(put(a, "2017-07-10", "third", NULL), 1);
    ck_assert_int_eq(put(a, "2017-07", "first (month)", NULL), 1);
    ck_assert_int_eq(put(a, "2017-07-09T11:50:24Z", "second", NULL), 1);
    ck_assert_int_eq(put(b, "2017-07-09", "bob", NULL), 1);
    /* The same content again is a duplicate; with an id, the id decides. */
    ck_assert_int_eq(put(a, "2017-07-10", "third", NULL), 0);
    ck_assert_int_eq(put(a, "2017-07-11", "tweet", "884"), 1);
    ck_assert_int_eq(put(a, "2017-07-11", "tweet edited", "884"), 0);
    struct collect c = {""};
    ck_assert_int_eq(tr_db_history(db, a, INT64_MIN, INT64_MAX, collect_cb, &c, &e), TR_OK);
    ck_assert_str_eq(c.got, "first (month)|second|third|tweet");
    /* Bounds keep statements whose interval meets the window. */
    tr_date from, to;
    tr_date_parse("2017-07-10", NULL, &from, NULL);
    tr_date_parse("2017-07-10", NULL, &to, NULL);
    c.got[0] = '\0';
    ck_assert_int_eq(tr_db_history(db, a, from.lo, to.hi, collect_cb, &c, &e), TR_OK);
    ck_assert_str_eq(c.got, "first (month)|third");
    int64_t np, ns;
    ck_assert_int_eq(tr_db_counts(db, &np, &ns, &e), TR_OK);
    ck_assert_int_eq(np, 2);
    ck_assert_int_eq(ns, 5);
}
END_TEST

START_TEST(searches_with_snippets_and_clear_errors)
{
    tr_err e;
    int64_t a;
    int created;
    ck_assert_int_eq(tr_db_person_resolve(db, "Ann", NULL, &a, &created, &e), TR_OK);
    put(a, "2017-07-09", "We discussed a Cyber Security unit with Moscow", NULL);
    put(a, "2017-07-10", "The unit cannot happen", NULL);
    put(a, "2017-07-11", "It can't happen: talks are talking points", NULL);
    put(a, "2017-07-12", "It can t happen, cyber-security aside", NULL);
    struct collect c = {""};
    tr_search_query q = {.mode = TR_SEARCH_FTS, .text = "cyber unit", .from_lo = INT64_MIN,
                         .to_hi = INT64_MAX, .limit = 10, .open = "[", .close = "]"};
    ck_assert_int_eq(tr_db_search(db, &q, collect_cb, &c, &e), TR_OK);
    ck_assert_str_eq(c.got, "We discussed a [Cyber] Security [unit] with Moscow");
    c.got[0] = '\0';
    q.text = "\"cyber";
    ck_assert_int_eq(tr_db_search(db, &q, collect_cb, &c, &e), TR_EUSAGE);
    ck_assert_ptr_nonnull(strstr(e.msg, "bad --fts query '\"cyber': unterminated string"));
    q.text = "AND OR";
    ck_assert_int_eq(tr_db_search(db, &q, collect_cb, &c, &e), TR_EUSAGE);
    ck_assert_ptr_nonnull(strstr(e.msg, "syntax error"));
    /* Plain text: what FTS5 refuses is ordinary quote text. */
    q.mode = TR_SEARCH_PLAIN;
    static const struct {
        const char *query, *got;
    } plain[] = {
        {"can't", "It [can t] happen, cyber-security aside|It [can't] happen: talks are talking points"},
        {"cyber-security", "It can t happen, [cyber-security] aside|We discussed a [Cyber Security] unit with Moscow"},
        {"Putin & I", ""},
        {"discussed & Moscow!", "We [discussed] a Cyber Security unit with [Moscow]"},
        {"\"security unit\"", "We discussed a Cyber [Security unit] with Moscow"},
        {"talk", "It can't happen: [talks] are [talking] points"}, /* stemmed */
        {"disc*", "We [discussed] a Cyber Security unit with Moscow"},
    };
    for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++) {
        c.got[0] = '\0';
        q.text = plain[i].query;
        ck_assert_msg(tr_db_search(db, &q, collect_cb, &c, &e) == TR_OK, "%s: %s", q.text, e.msg);
        ck_assert_msg(!strcmp(c.got, plain[i].got), "%s: got '%s'", q.text, c.got);
    }
    q.text = "&&";
    ck_assert_int_eq(tr_db_search(db, &q, collect_cb, &c, &e), TR_EUSAGE);
    ck_assert_ptr_nonnull(strstr(e.msg, "nothing to search for in '&&'"));
    /* A fixed string: as typed, curly or straight. */
    q.mode = TR_SEARCH_FIXED;
    c.got[0] = '\0';
    q.text = "can’t happen";
    ck_assert_int_eq(tr_db_search(db, &q, collect_cb, &c, &e), TR_OK);
    ck_assert_str_eq(c.got, "It [can't happen]: talks are talking points");
    c.got[0] = '\0';
    q.text = "CYBER SECURITY UNIT";
    ck_assert_int_eq(tr_db_search(db, &q, collect_cb, &c, &e), TR_OK);
    ck_assert_str_eq(c.got, "We discussed a [Cyber Security unit] with Moscow");
}
END_TEST

START_TEST(migrates_an_old_store_forward)
{
    char path[64];
    snprintf(path, sizeof path, "/tmp/tracker-v1-%d.db", (int)getpid());
    unlink(path);
    sqlite3 *h;
    ck_assert_int_eq(sqlite3_open(path, &h), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(h, tr_db_migration(1), NULL, NULL, NULL), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(h,
        "PRAGMA user_version=1;"
        "INSERT INTO people(id, name, created_at) VALUES (1, 'Ann', 0);"
        "INSERT INTO aliases VALUES ('ann', 'Ann', 1);"
        "INSERT INTO statements(hash, person_id, text, date_text, date_lo, date_hi, date_prec, ingested_at) "
        "VALUES (x'01', 1, 'old words about tariffs', '2017-07', 1498867200, 1501545599, 'month', 0);",
        NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(h);
    tr_db *x;
    tr_err e;
    ck_assert_int_eq(tr_db_open(path, TR_DB_READ, 0, &x, &e), TR_EDATA);
    char want[400];
    snprintf(want, sizeof want, "the store '%s' has schema version 1, this tracker needs %d: run "
             "'tracker init' to migrate it", path, tr_db_schema_version());
    ck_assert_str_eq(e.msg, want);
    ck_assert_int_eq(tr_db_open(path, TR_DB_WRITE, 0, &x, &e), TR_OK);
    int from, to;
    tr_db_migrated(x, &from, &to);
    ck_assert_int_eq(from, 1);
    ck_assert_int_eq(to, tr_db_schema_version());
    /* What the old store indexed is still found; the month's span is known,
    ** so a window inside July still finds the July statement. */
    struct collect c = {""};
    tr_search_query q = {.text = "tariffs", .from_lo = INT64_MIN, .to_hi = INT64_MAX, .limit = 10,
                         .open = "[", .close = "]"};
    ck_assert_int_eq(tr_db_search(x, &q, collect_cb, &c, &e), TR_OK);
    ck_assert_str_eq(c.got, "old words about [tariffs]");
    /* The index was rebuilt with stemming (migration 6): 'tariff' finds it. */
    c.got[0] = '\0';
    q.text = "tariff";
    ck_assert_int_eq(tr_db_search(x, &q, collect_cb, &c, &e), TR_OK);
    ck_assert_str_eq(c.got, "old words about [tariffs]");
    tr_date d;
    tr_date_parse("2017-07-20", NULL, &d, NULL);
    c.got[0] = '\0';
    ck_assert_int_eq(tr_db_history(x, 1, d.lo, d.hi, collect_cb, &c, &e), TR_OK);
    ck_assert_str_eq(c.got, "old words about tariffs");
    /* New statements are indexed at commit. */
    ck_assert_int_eq(tr_db_begin(x, &e), TR_OK);
    tr_statement_in s = {.person_id = 1, .text = "new words about tariffs", .mode = "direct",
                         .date_text = "2018", .span_start = -1, .span_end = -1};
    int inserted;
    tr_date_parse("2018", NULL, &s.date, NULL);
    ck_assert_int_eq(tr_db_statement_insert(x, &s, &inserted, NULL, &e), TR_OK);
    ck_assert_int_eq(tr_db_commit(x, &e), TR_OK);
    c.got[0] = '\0';
    q.text = "new tariffs";
    ck_assert_int_eq(tr_db_search(x, &q, collect_cb, &c, &e), TR_OK);
    ck_assert_str_eq(c.got, "[new] words about [tariffs]");
    tr_db_close(x);
    unlink(path);
    char side[80];
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
}
END_TEST

/* One event of a finding's history, as "action from>to by: reason". */
static int event_cb(void *ctx, const tr_finding_event *ev)
{
    struct collect *c = ctx;
    size_t n = strlen(c->got);
    snprintf(c->got + n, sizeof c->got - n, "%s%s %s>%s %s: %s", n ? "; " : "", ev->action,
             ev->from ? ev->from : "-", ev->to ? ev->to : "-", ev->actor ? ev->actor : "-",
             ev->reason ? ev->reason : "-");
    return 0;
}

/* A store of version 3 (findings as pairs, a dismissed one with its
** reason) migrates: its findings keep their ids, statuses and reasons,
** their history starts with what the old store knew, and the lifecycle
** rules hold on them. */
START_TEST(migrates_findings_and_their_history)
{
    char path[64];
    snprintf(path, sizeof path, "/tmp/tracker-v3-%d.db", (int)getpid());
    unlink(path);
    sqlite3 *h;
    ck_assert_int_eq(sqlite3_open(path, &h), SQLITE_OK);
    for (int v = 1; v <= 3; v++)
        ck_assert_int_eq(sqlite3_exec(h, tr_db_migration(v), NULL, NULL, NULL), SQLITE_OK);
    ck_assert_int_eq(sqlite3_exec(h,
        "PRAGMA user_version=3;"
        "INSERT INTO people(id, name, created_at) VALUES (1, 'Ann', 0);"
        "INSERT INTO statements(id, hash, person_id, text, date_text, date_lo, date_hi, date_prec, ingested_at) "
        "VALUES (1, x'01', 1, 'yes', '2017', 0, 1, 'year', 0), (2, x'02', 1, 'no', '2018', 2, 3, 'year', 0);"
        "INSERT INTO runs(id, kind, started_at, finished_at) VALUES (1, 'scan', 100, 101);"
        "INSERT INTO findings(id, kind, rule, topic, severity, order_certain, status, reason, ruleset, "
        "  first_run, last_run, created_at, updated_at) VALUES "
        "  ('r-aaaaaaaaaaaa', 'reversal', 'flip', 't', 'high', 1, 'dismissed', 'a quote of a critic', 'h', 1, 1, 100, 200),"
        "  ('r-bbbbbbbbbbbb', 'reversal', 'flip', 't', 'high', 1, 'open', NULL, 'h', 1, 1, 100, 100);"
        "INSERT INTO finding_statements(finding_id, position, statement_id, stance) VALUES "
        "  ('r-aaaaaaaaaaaa', 0, 1, 'affirm'), ('r-aaaaaaaaaaaa', 1, 2, 'deny');",
        NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(h);
    tr_db *x;
    tr_err e;
    ck_assert_int_eq(tr_db_open(path, TR_DB_WRITE, 300, &x, &e), TR_OK);
    struct collect c = {""};
    ck_assert_int_eq(tr_db_finding_events(x, "r-aaaaaaaaaaaa", event_cb, &c, &e), TR_OK);
    ck_assert_str_eq(c.got, "found ->new -: -; status ->dismissed -: a quote of a critic");
    /* ack needs a reopen first; a second dismissal keeps the first reason */
    ck_assert_int_eq(tr_db_finding_set_status(x, "r-aaaaaaaaaaaa", "acknowledged", "bo", NULL, &e), TR_EDATA);
    ck_assert_ptr_nonnull(strstr(e.msg, "reopen"));
    ck_assert_int_eq(tr_db_finding_set_status(x, "r-aaaaaaaaaaaa", "dismissed", "bo", "again", &e), TR_EDATA);
    ck_assert_ptr_nonnull(strstr(e.msg, "a quote of a critic"));
    ck_assert_int_eq(tr_db_finding_set_status(x, "r-aaaaaaaaaaaa", "open", "bo", "misread", &e), TR_OK);
    ck_assert_int_eq(tr_db_finding_set_status(x, "r-aaaaaaaaaaaa", "acknowledged", "cy", NULL, &e), TR_OK);
    ck_assert_int_eq(tr_db_finding_set_status(x, "r-bbbbbbbbbbbb", "open", "cy", NULL, &e), TR_EDATA);
    c.got[0] = '\0';
    ck_assert_int_eq(tr_db_finding_events(x, "r-aaaaaaaaaaaa", event_cb, &c, &e), TR_OK);
    ck_assert_str_eq(c.got, "found ->new -: -; status ->dismissed -: a quote of a critic; "
                            "status dismissed>open bo: misread; status open>acknowledged cy: -");
    tr_db_close(x);
    unlink(path);
    char side[80];
    snprintf(side, sizeof side, "%s-wal", path);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", path);
    unlink(side);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("store");
    TCase *t = tcase_create("store");
    tcase_add_checked_fixture(t, setup, teardown);
    tcase_add_test(t, folds_names);
    tcase_add_test(t, migrates_and_reports_version);
    tcase_add_test(t, resolves_names_and_aliases);
    tcase_add_test(t, inserts_idempotently_and_orders_history);
    tcase_add_test(t, searches_with_snippets_and_clear_errors);
    tcase_add_test(t, migrates_an_old_store_forward);
    tcase_add_test(t, migrates_findings_and_their_history);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    return tu_run(suite());
}
