/*
** test_engine.c: the engine over a store, as the commands run it: the scan
** pipeline (scan/scan.h: classify what is new, detect, record findings),
** the consistency report's model and window (engine/report_model.h,
** engine/report_run.h: what each report covers, run after run) and the
** rules diff driver (scan_diff, scan_diff_each), and a reversal as the
** ClaimReview findings export writes (engine/claimreview.h), and the
** findings listed by default (engine/findings.h).  Every store is a
** private in-memory one; statements come in through ingest.
*/
#include "claimreview.h"
#include "db.h"
#include "findings.h"
#include "ingest.h"
#include "report_run.h"
#include "rules_testutil.h"
#include "scan.h"

/* One topic, one reversal: affirm "will be built", deny "will never be
** built". */
static const char rules[] =
    "topic wall {\n"
    "  description \"A wall will be built on the southern border\"\n"
    "  mention /\\bwall\\b/\n"
    "  affirm /\\bwill be built\\b/\n"
    "  deny /\\bwill never be built\\b/\n"
    "}\n"
    "reversal wall_reversal {\n"
    "  topic wall\n"
    "  window 30d\n"
    "}\n";

/* The same topic without its deny pattern: no reversal can be found. */
static const char rules_no_deny[] =
    "topic wall {\n"
    "  description \"A wall will be built on the southern border\"\n"
    "  mention /\\bwall\\b/\n"
    "  affirm /\\bwill be built\\b/\n"
    "}\n"
    "reversal wall_reversal {\n"
    "  topic wall\n"
    "  window 30d\n"
    "}\n";

static tr_db *db;
static ingest_ctx ic;
static tr_ruleset *rs;

static void setup(void)
{
    tr_err e;
    ck_assert_int_eq(tr_db_open(":memory:", TR_DB_MEMORY, 1500000000, &db, &e), TR_OK);
    memset(&ic, 0, sizeof ic);
    ic.db = db;
    rs = load_text(rules);
}

static void teardown(void)
{
    ingest_free(&ic);
    tr_ruleset_free(rs);
    tr_db_close(db);
    db = NULL;
}

/* Stores one statement of speaker through ingest; returns its id. */
static int64_t say(const char *speaker, const char *date, const char *text)
{
    tr_record r = {.span_start = -1, .span_end = -1};
    r.f[TR_F_SPEAKER] = speaker;
    r.f[TR_F_DATE] = date;
    r.f[TR_F_TEXT] = text;
    int inserted;
    int64_t id;
    tr_err e;
    ck_assert_int_eq(tr_db_begin(db, &e), TR_OK);
    ck_assert_msg(ingest_record(&ic, &r, &inserted, &id, &e) == TR_OK, "%s", e.msg);
    ck_assert_int_eq(tr_db_commit(db, &e), TR_OK);
    ck_assert_int_eq(inserted, 1);
    return id;
}

/* Runs one scan under set as `tracker scan` does (scan_run: a recorded
** run, in one transaction); returns its counts. */
static scan_stats scan_with(const tr_ruleset *set)
{
    scan_stats s;
    int64_t run;
    tr_err e;
    ck_assert_msg(scan_run(db, set, NULL, NULL, &run, &s, &e) == TR_OK, "%s", e.msg);
    ck_assert_int_gt(run, 0);
    return s;
}

/* Keeps the stats of the run read. */
static int run_cb(void *ctx, const tr_run *r)
{
    snprintf(ctx, 256, "%s %s", r->kind, r->stats ? r->stats : "(none)");
    return 0;
}

static void four_statements(void)
{
    say("Donald Trump", "2017-07-01", "The wall will be built, believe me.");
    say("Donald Trump", "2017-07-03", "I said it before: the wall will be built.");
    say("Donald Trump", "2017-07-10", "The wall will never be built under these rules.");
    say("Donald Trump", "2017-07-11", "Trade deals are being renegotiated.");
}

START_TEST(scan_classifies_what_is_new_once)
{
    four_statements();
    scan_stats s = scan_with(rs);
    ck_assert_int_eq(s.classified, 4);
    ck_assert_int_eq(s.assertions, 3);
    ck_assert_int_eq(s.new_findings, 1);
    ck_assert_int_eq(s.findings, 1);
    ck_assert_int_eq(s.retired, 0);
    char last[256] = "";
    tr_err e;
    ck_assert_int_eq(tr_db_run_last(db, "scan", 0, run_cb, last, &e), TR_OK);
    ck_assert_str_eq(last, "scan {\"classified\":4,\"assertions\":3,\"limits\":0,\"new_findings\":1,"
                           "\"findings\":1,\"retired\":0,\"reclassified\":false}");

    /* Nothing new: nothing classified, nothing found again. */
    s = scan_with(rs);
    ck_assert_int_eq(s.classified, 0);
    ck_assert_int_eq(s.assertions, 0);
    ck_assert_int_eq(s.new_findings, 0);
    ck_assert_int_eq(s.reset, 0);

    /* A new statement is classified alone, and the flip back it makes is
    ** a second finding. */
    say("Donald Trump", "2017-07-20", "Now the wall will be built after all.");
    s = scan_with(rs);
    ck_assert_int_eq(s.classified, 1);
    ck_assert_int_eq(s.assertions, 1);
    ck_assert_int_eq(s.new_findings, 1);
    ck_assert_int_eq(s.reset, 0);

    /* Another rule set reclassifies everything and retires what it no
    ** longer finds. */
    tr_ruleset *other = load_text(rules_no_deny);
    s = scan_with(other);
    ck_assert_int_eq(s.reset, 1);
    ck_assert_int_eq(s.classified, 5);
    ck_assert_int_eq(s.assertions, 3);
    ck_assert_int_eq(s.new_findings, 0);
    ck_assert_int_eq(s.retired, 2);
    tr_ruleset_free(other);
}
END_TEST

/* ---- the report ------------------------------------------------------------ */

/* What a capturing renderer saw. */
struct seen {
    int begun, ended;
    int64_t sections[3];           /* the count given to each section */
    int findings[3];               /* findings rendered per section */
    char pair[2][128];             /* the last new finding's deciding pair: "affirm 2017-07-03" */
    char support[256];
    char label[2][32];
    char gap[96];
    int people;
    char person[64];
};

static struct seen seen;

static void r_begin(rpt_out *o, const rpt_header *h)
{
    (void)o;
    (void)h;
    seen.begun++;
}
static void r_section(rpt_out *o, const rpt_header *h, int section, int64_t count)
{
    (void)o;
    (void)h;
    seen.sections[section] = count;
}
static void r_finding(rpt_out *o, const rpt_header *h, const rpt_finding *f)
{
    (void)o;
    (void)h;
    seen.findings[f->section]++;
    if (f->section != TR_REPORT_NEW)
        return;
    for (int k = 0; k < 2; k++) {
        const rpt_stmt *s = &f->s[f->pair[k]];
        snprintf(seen.pair[k], sizeof seen.pair[k], "%s %s", s->stance, s->utc);
        report_label(f, f->pair[k], seen.label[k], sizeof seen.label[k]);
    }
    report_support(f, seen.support, sizeof seen.support);
    snprintf(seen.gap, sizeof seen.gap, "%s", f->gap);
}
static void r_section_end(rpt_out *o, const rpt_header *h, int section, int64_t count)
{
    (void)o;
    (void)h;
    (void)section;
    (void)count;
}
static void r_activity(rpt_out *o, const rpt_header *h)
{
    (void)o;
    (void)h;
}
static void r_person(rpt_out *o, const rpt_header *h, const tr_report_person *p)
{
    (void)o;
    (void)h;
    seen.people++;
    snprintf(seen.person, sizeof seen.person, "%s: %lld statements, %lld findings", p->name,
             (long long)p->statements, (long long)p->findings);
}
static void r_end(rpt_out *o, const rpt_header *h)
{
    (void)o;
    (void)h;
    seen.ended++;
}

static const rpt_renderer capture = {r_begin, r_section, r_finding, r_section_end,
                                     r_activity, r_person, r_activity, r_end};

/* Runs one recorded report "since last" at now, as `tracker report`
** does; fills *h and returns what the renderer saw. */
static struct seen report_at(int64_t now, rpt_header *h)
{
    memset(&seen, 0, sizeof seen);
    *h = (rpt_header){.now = now, .since_text = "last", .to = now};
    tr_report_window w = {.t_lo = INT64_MIN, .t_hi = INT64_MAX};
    tr_err e;
    ck_assert_int_eq(report_run_start(db, h, &e), TR_OK);
    ck_assert_int_gt(h->run, 0);
    ck_assert_int_eq(tr_db_read_begin(db, &e), TR_OK);
    ck_assert_msg(report_window_read(db, 0, h, &w, &e) == TR_OK, "%s", e.msg);
    ck_assert_int_eq(report_header(db, &w, h, &e), TR_OK);
    rpt_out o = {.f = NULL};
    ck_assert_msg(report_stream(db, &w, h, &capture, &o, &e) == TR_OK, "%s", e.msg);
    tr_db_read_end(db);
    ck_assert_int_eq(report_run_finish(db, h, &w, "editor", &e), TR_OK);
    return seen;
}

START_TEST(report_windows_follow_each_other)
{
    four_statements();
    scan_with(rs);
    rpt_header h;
    struct seen s = report_at(1500000100, &h);
    ck_assert_int_eq(s.begun, 1);
    ck_assert_int_eq(s.ended, 1);
    ck_assert_int_eq(h.prev_run, 0);          /* the first report: everything until now */
    ck_assert_int_eq(h.counts.ingested, 4);
    ck_assert_int_eq(h.counts.new_findings, 1);
    ck_assert_int_eq(h.counts.open_findings, 0);
    ck_assert_int_eq(s.sections[TR_REPORT_NEW], 1);
    ck_assert_int_eq(s.findings[TR_REPORT_NEW], 1);
    ck_assert_str_eq(s.pair[0], "affirm 2017-07-03");
    ck_assert_str_eq(s.pair[1], "deny 2017-07-10");
    ck_assert_str_eq(s.label[0], "Earlier");
    ck_assert_str_eq(s.label[1], "Later");
    ck_assert_str_eq(s.gap, "7 days apart");
    ck_assert_str_eq(s.support, "Donald Trump: affirm (2 statements, 2017-07-01 to 2017-07-03), "
                                "then deny (1 statement, 2017-07-10)");
    ck_assert_int_eq(s.people, 1);
    ck_assert_str_eq(s.person, "Donald Trump: 4 statements, 1 findings");
    char win[256];
    report_window(&h, win, sizeof win);
    ck_assert_str_eq(win, "everything until 2017-07-14 02:41:40 UTC (no earlier report)");
    int64_t first = h.run;

    /* The next report starts where the first stopped: nothing ingested,
    ** the finding is open now. */
    s = report_at(1500000200, &h);
    ck_assert_int_eq(h.prev_run, first);
    ck_assert_int_eq(h.from, 1500000000); /* the first run's start, on the store's clock */
    ck_assert_int_eq(h.counts.ingested, 0);
    ck_assert_int_eq(h.counts.new_findings, 0);
    ck_assert_int_eq(h.counts.open_findings, 1);
    ck_assert_int_eq(s.findings[TR_REPORT_NEW], 0);
    ck_assert_int_eq(s.findings[TR_REPORT_OPEN], 1);
    ck_assert_int_eq(s.people, 0);
    int64_t second = h.run;

    /* One statement and the flip back it makes: the third report holds
    ** them alone. */
    say("Donald Trump", "2017-07-20", "Now the wall will be built after all.");
    scan_with(rs);
    s = report_at(1500000300, &h);
    ck_assert_int_eq(h.prev_run, second);
    ck_assert_int_eq(h.counts.ingested, 1);
    ck_assert_int_eq(h.counts.new_findings, 1);
    ck_assert_int_eq(h.counts.open_findings, 1);
    ck_assert_str_eq(s.pair[0], "deny 2017-07-10");
    ck_assert_str_eq(s.pair[1], "affirm 2017-07-20");
    ck_assert_str_eq(s.person, "Donald Trump: 1 statements, 1 findings");
}
END_TEST

START_TEST(a_discarded_report_leaves_its_findings_new)
{
    four_statements();
    scan_with(rs);
    rpt_header h = {.now = 1500000100, .since_text = "last", .to = 1500000100};
    tr_err e;
    ck_assert_int_eq(report_run_start(db, &h, &e), TR_OK);
    report_run_discard(db, h.run); /* its outputs could not be written */
    struct seen s = report_at(1500000200, &h);
    ck_assert_int_eq(h.prev_run, 0);
    ck_assert_int_eq(h.counts.new_findings, 1);
    ck_assert_int_eq(s.findings[TR_REPORT_NEW], 1);
}
END_TEST

START_TEST(until_before_the_previous_report_is_a_usage_error)
{
    four_statements();
    scan_with(rs);
    rpt_header h;
    report_at(1500000100, &h);
    int64_t first = h.run;
    h = (rpt_header){.now = 1500000200, .since_text = "last", .until_text = "2017-07-01",
                     .to = 1499000000};
    tr_report_window w = {.t_lo = INT64_MIN, .t_hi = 1499000000};
    tr_err e;
    ck_assert_int_eq(tr_db_read_begin(db, &e), TR_OK);
    ck_assert_int_eq(report_window_read(db, 1, &h, &w, &e), TR_EUSAGE);
    tr_db_read_end(db);
    char want[256];
    snprintf(want, sizeof want, "--until 2017-07-01 is before the window's start, the previous "
             "report (run %lld, 2017-07-14 02:40 UTC): give --since DATE as well", (long long)first);
    ck_assert_str_eq(e.msg, want);
}
END_TEST

/* ---- rules diff --------------------------------------------------------------- */

struct changes {
    int n;
    char v[4][64];
};

/* Notes one change as "+ wall_reversal 2-3" (deciding statement ids). */
static int change_cb(void *ctx, const scan_found *x, int added)
{
    struct changes *c = ctx;
    if (c->n < 4)
        snprintf(c->v[c->n++], sizeof c->v[0], "%c %s %lld-%lld", added ? '+' : '-', x->d->id,
                 (long long)x->deciding[0], (long long)x->deciding[1]);
    return 0;
}

START_TEST(diff_names_what_a_rule_change_adds_and_removes)
{
    four_statements();
    say("Donald Trump", "2017-07-20", "Now the wall will be built after all.");
    tr_ruleset *other = load_text(rules_no_deny);
    scan_found_set fs[2] = {{0}, {0}};
    tr_err e;
    /* Without a scan: the diff runs over the store in memory. */
    ck_assert_int_eq(scan_diff(db, rs, other, fs, &e), TR_OK);
    ck_assert_uint_eq(fs[0].n, 2);
    ck_assert_uint_eq(fs[1].n, 0);
    struct changes c = {0};
    size_t added, removed, unchanged;
    ck_assert_int_eq(scan_diff_each(fs, change_cb, &c, &added, &removed, &unchanged), TR_OK);
    ck_assert_uint_eq(added, 0);
    ck_assert_uint_eq(removed, 2);
    ck_assert_uint_eq(unchanged, 0);
    ck_assert_int_eq(c.n, 2);
    /* In id order, whichever flip that is; both are named. */
    int a = !strcmp(c.v[0], "- wall_reversal 2-3") ? 0 : 1;
    ck_assert_str_eq(c.v[a], "- wall_reversal 2-3");
    ck_assert_str_eq(c.v[1 - a], "- wall_reversal 3-5");
    scan_found_set_free(&fs[0]);
    scan_found_set_free(&fs[1]);

    /* The other way round, the same flips are added; a set against itself
    ** changes nothing. */
    ck_assert_int_eq(scan_diff(db, other, rs, fs, &e), TR_OK);
    ck_assert_int_eq(scan_diff_each(fs, NULL, NULL, &added, &removed, &unchanged), TR_OK);
    ck_assert_uint_eq(added, 2);
    ck_assert_uint_eq(removed, 0);
    scan_found_set_free(&fs[0]);
    scan_found_set_free(&fs[1]);
    ck_assert_int_eq(scan_diff(db, rs, rs, fs, &e), TR_OK);
    ck_assert_int_eq(scan_diff_each(fs, change_cb, &c, &added, &removed, &unchanged), TR_OK);
    ck_assert_uint_eq(added + removed, 0);
    ck_assert_uint_eq(unchanged, 2);
    scan_found_set_free(&fs[0]);
    scan_found_set_free(&fs[1]);

    /* A diff writes nothing: the store is still unscanned. */
    char hash[80];
    ck_assert_int_eq(tr_db_scan_ruleset(db, hash, sizeof hash, NULL, &e), TR_OK);
    ck_assert_str_eq(hash, "");
    tr_ruleset_free(other);
}
END_TEST

/* ---- the findings listed by default ------------------------------------------ */

struct listed {
    int n;
    char id[64], status[16];
};

/* Counts a finding listed, keeping the last one's id and status. */
static int listed_cb(void *ctx, const tr_finding_row *f)
{
    struct listed *l = ctx;
    l->n++;
    snprintf(l->id, sizeof l->id, "%s", f->id);
    snprintf(l->status, sizeof l->status, "%s", f->status);
    return 0;
}

/* The findings listed under q (a copy) and all. */
static struct listed list(tr_findings_query q, int all)
{
    struct listed l = {0};
    tr_err e;
    ck_assert_int_eq(findings_listed(db, &q, all, listed_cb, &l, &e), TR_OK);
    return l;
}

START_TEST(the_desk_sees_the_live_findings_of_the_current_rules)
{
    four_statements();
    scan_with(rs);
    tr_findings_query q = {0};
    struct listed l = list(q, 0);
    ck_assert_int_eq(l.n, 1);
    ck_assert_str_eq(l.status, "new");
    char id[64];
    snprintf(id, sizeof id, "%s", l.id);

    /* Dismissed: gone from the default list, there with --all or
    ** --status dismissed. */
    tr_err e;
    ck_assert_int_eq(tr_db_begin(db, &e), TR_OK);
    ck_assert_int_eq(tr_db_finding_set_status(db, id, "dismissed", "editor", "a joke", &e), TR_OK);
    ck_assert_int_eq(tr_db_commit(db, &e), TR_OK);
    ck_assert_int_eq(list(q, 0).n, 0);
    ck_assert_int_eq(list(q, 1).n, 1);
    q.status = "dismissed";
    ck_assert_int_eq(list(q, 0).n, 1);

    /* Reopened, then no longer found under another rule set: not listed
    ** as the current rules' finding, still there with --all. */
    q.status = NULL;
    ck_assert_int_eq(tr_db_begin(db, &e), TR_OK);
    ck_assert_int_eq(tr_db_finding_set_status(db, id, "open", "editor", NULL, &e), TR_OK);
    ck_assert_int_eq(tr_db_commit(db, &e), TR_OK);
    l = list(q, 0);
    ck_assert_int_eq(l.n, 1);
    ck_assert_str_eq(l.status, "open");
    tr_ruleset *other = load_text(rules_no_deny);
    scan_with(other);
    ck_assert_int_eq(list(q, 0).n, 0);
    ck_assert_int_eq(list(q, 1).n, 1);
    tr_ruleset_free(other);
}
END_TEST

/* ---- ClaimReview ------------------------------------------------------------ */

struct review {
    const tr_ruleset *rs;
    json_t *o;
    tr_status st;
};

/* Builds the ClaimReview of the (only) finding, as findings export does. */
static int review_cb(void *ctx, const tr_finding_row *f)
{
    struct review *r = ctx;
    cr_finding c;
    tr_err e;
    r->st = claimreview_read(db, f, r->rs, &c, &e);
    if (!r->st)
        r->o = claimreview_json(&c, "Desk", "https://desk.example.org/flips/{id}", 1500000000);
    claimreview_free(&c);
    return 1;
}

/* A string member at path a.b of o ("" when absent). */
static const char *at(json_t *o, const char *a, const char *b)
{
    json_t *v = json_object_get(o, a);
    if (b)
        v = json_object_get(v, b);
    return json_is_string(v) ? json_string_value(v) : "";
}

START_TEST(a_reversal_as_a_claimreview)
{
    four_statements();
    scan_with(rs);
    struct review r = {.rs = rs};
    tr_findings_query q = {0};
    tr_err e;
    ck_assert_int_eq(tr_db_findings_each(db, &q, review_cb, &r, &e), TR_OK);
    ck_assert_int_eq(r.st, TR_OK);
    ck_assert_ptr_nonnull(r.o);
    ck_assert_str_eq(at(r.o, "@type", NULL), "ClaimReview");
    ck_assert_str_eq(at(r.o, "datePublished", NULL), "2017-07-14");
    char url[128];
    snprintf(url, sizeof url, "https://desk.example.org/flips/%s", at(r.o, "identifier", NULL));
    ck_assert_str_eq(at(r.o, "url", NULL), url);
    ck_assert_str_eq(at(r.o, "claimReviewed", NULL),
                     "Donald Trump on whether a wall will be built on the southern border");
    ck_assert_str_eq(at(r.o, "reviewBody", NULL),
                     "Donald Trump affirmed it on 2017-07-03 and denied it on 2017-07-10.");
    ck_assert_str_eq(at(r.o, "reviewRating", "name"), "Full Flop");
    ck_assert_int_eq(json_integer_value(json_object_get(json_object_get(r.o, "reviewRating"),
                                                        "ratingValue")), 1);
    json_t *app = json_object_get(json_object_get(r.o, "itemReviewed"), "appearance");
    ck_assert_uint_eq(json_array_size(app), 2);
    ck_assert_str_eq(at(json_array_get(app, 1), "text", NULL),
                     "The wall will never be built under these rules.");
    json_decref(r.o);

    /* Without the rule set, the claim names the topic. */
    r = (struct review){.rs = NULL};
    ck_assert_int_eq(tr_db_findings_each(db, &q, review_cb, &r, &e), TR_OK);
    ck_assert_str_eq(at(r.o, "claimReviewed", NULL), "Donald Trump on wall");
    json_decref(r.o);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("engine");
    TCase *tc = tcase_create("engine");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, scan_classifies_what_is_new_once);
    tcase_add_test(tc, report_windows_follow_each_other);
    tcase_add_test(tc, a_discarded_report_leaves_its_findings_new);
    tcase_add_test(tc, until_before_the_previous_report_is_a_usage_error);
    tcase_add_test(tc, diff_names_what_a_rule_change_adds_and_removes);
    tcase_add_test(tc, a_reversal_as_a_claimreview);
    tcase_add_test(tc, the_desk_sees_the_live_findings_of_the_current_rules);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(suite());
}
