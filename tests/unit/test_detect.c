/*
** test_detect.c: the detectors' semantics (rules/detect.c): reversals as
** changes between runs (deciding pair, support, window, minimum support,
** uncertain order), disputes (sides, window, linking, the nearest pair,
** support), filters, stable ids; and the one detection driver
** (scan/driver.c) over an in-memory source, incrementally and whole.
*/
#include "date.h"
#include "detect.h"
#include "driver.h"
#include "testutil.h"

#define DAY 86400
#define A TR_STANCE_AFFIRM
#define D TR_STANCE_DENY

static tr_detector det(tr_det_kind kind, int64_t window)
{
    tr_detector d = {.kind = kind, .id = (char *)"d1", .topic_id = (char *)"t", .window = window,
                     .support = 1};
    return d;
}

static tr_arec rec(int64_t stmt, int64_t person, const char *side, int64_t lo, int64_t hi,
                   tr_stance s)
{
    tr_arec r = {.id = stmt, .statement_id = stmt, .person_id = person, .side = side,
                 .mode = TR_MODE_DIRECT, .lo = lo, .hi = hi, .stance = s};
    return r;
}

/* A day-precision statement on day `day`. */
static tr_arec on(int64_t stmt, int64_t person, const char *side, int64_t day, tr_stance s)
{
    return rec(stmt, person, side, day * DAY, (day + 1) * DAY - 1, s);
}

/* What the callbacks saw: up to 16 episodes. */
struct got {
    int n;
    int64_t e[16], l[16];     /* the deciding pair */
    size_t c0[16], c1[16];    /* the runs' (or sides') counts */
    int64_t f0[16], l1[16];   /* first statement of the first run, last of the second */
    size_t members[16];
    int certain[16];
    char id[16][20];
};

static int record(void *ctx, const tr_episode *x)
{
    struct got *g = ctx;
    int i = g->n++;
    g->e[i] = x->deciding[0]->statement_id;
    g->l[i] = x->deciding[1]->statement_id;
    g->c0[i] = x->runs[0].count;
    g->c1[i] = x->runs[1].count;
    g->f0[i] = x->runs[0].first->statement_id;
    g->l1[i] = x->runs[1].last->statement_id;
    g->members[i] = x->nmembers;
    g->certain[i] = x->order_certain;
    memcpy(g->id[i], x->id, 20);
    return 0;
}

static tr_det_filter filter(const tr_detector *d)
{
    tr_det_filter f;
    ck_assert_int_eq(tr_det_filter_init(&f, d, NULL), TR_OK);
    return f;
}

/* A A A D D A: two changes, each one finding with the last statement
** before and the first after, and the runs as support. */
START_TEST(reversal_one_finding_per_change)
{
    tr_detector d = det(TR_DET_REVERSAL, 30 * DAY);
    tr_det_filter f = filter(&d);
    tr_arec v[] = {on(1, 7, "US", 1, A), on(2, 7, "US", 2, A), on(3, 7, "US", 3, A),
                   on(4, 7, "US", 5, D), on(5, 7, "US", 6, D), on(6, 7, "US", 8, A)};
    struct got g = {0};
    ck_assert_int_eq(tr_detect_reversals(&f, v, 6, record, &g), 2);
    ck_assert_int_eq(g.e[0], 3);
    ck_assert_int_eq(g.l[0], 4);
    ck_assert_uint_eq(g.c0[0], 3);
    ck_assert_uint_eq(g.c1[0], 2);
    ck_assert_int_eq(g.f0[0], 1);
    ck_assert_int_eq(g.l1[0], 5);
    ck_assert_int_eq(g.certain[0], 1);
    ck_assert_int_eq(g.e[1], 5);
    ck_assert_int_eq(g.l[1], 6);
    ck_assert_uint_eq(g.c1[1], 1);
    /* The id is the deciding pair's: it stays as the run after the change grows. */
    char id[20];
    tr_finding_id(TR_DET_REVERSAL, "d1", 3, 4, id);
    ck_assert_str_eq(g.id[0], id);
    tr_arec w[] = {on(1, 7, "US", 1, A), on(2, 7, "US", 2, A), on(3, 7, "US", 3, A),
                   on(4, 7, "US", 5, D), on(5, 7, "US", 6, D), on(7, 7, "US", 7, D)};
    struct got h = {0};
    ck_assert_int_eq(tr_detect_reversals(&f, w, 6, record, &h), 1);
    ck_assert_str_eq(h.id[0], id);
    ck_assert_uint_eq(h.c1[0], 3);
}
END_TEST

/* The deciding pair must lie within the window; overlapping dates make
** the order uncertain; other people and rejected statements do not count. */
START_TEST(reversal_window_order_and_filters)
{
    tr_detector d = det(TR_DET_REVERSAL, 7 * DAY);
    d.modes = TR_MODE_DIRECT;
    tr_det_filter f = filter(&d);
    tr_arec v[] = {
        on(1, 7, NULL, 0, A),
        on(2, 7, NULL, 20, D),                             /* 19 days after: outside */
        rec(3, 7, NULL, 20 * DAY, 30 * DAY, A),            /* overlaps 2 */
        on(4, 7, NULL, 40, D),
    };
    v[3].mode = TR_MODE_REPORTED; /* rejected: the run of 3 continues */
    struct got g = {0};
    ck_assert_int_eq(tr_detect_reversals(&f, v, 4, record, &g), 1);
    ck_assert_int_eq(g.e[0], 2);
    ck_assert_int_eq(g.l[0], 3);
    ck_assert_int_eq(g.certain[0], 0);
}
END_TEST

/* support 2: a single contrary statement between two runs is not a
** position: the runs meet, no finding; two of them are. */
START_TEST(reversal_minimum_support)
{
    tr_detector d = det(TR_DET_REVERSAL, 365 * DAY);
    d.support = 2;
    tr_det_filter f = filter(&d);
    tr_arec v[] = {on(1, 7, NULL, 1, A), on(2, 7, NULL, 2, A), on(3, 7, NULL, 3, D),
                   on(4, 7, NULL, 4, A), on(5, 7, NULL, 5, A)};
    struct got g = {0};
    ck_assert_int_eq(tr_detect_reversals(&f, v, 5, record, &g), 0);
    tr_arec w[] = {on(1, 7, NULL, 1, A), on(2, 7, NULL, 2, A), on(3, 7, NULL, 3, D),
                   on(4, 7, NULL, 4, A), on(5, 7, NULL, 5, D), on(6, 7, NULL, 6, D)};
    ck_assert_int_eq(tr_detect_reversals(&f, w, 6, record, &g), 1);
    /* the runs around the skipped ones meet: A A (D) (A) D D decides on 2 -> 5 */
    ck_assert_int_eq(g.e[0], 2);
    ck_assert_int_eq(g.l[0], 5);
    ck_assert_uint_eq(g.c0[0], 2);
    ck_assert_uint_eq(g.c1[0], 2);
}
END_TEST

/* One dispute for the seed story's shape: three RU affirmations and two
** US denials within the window of each other are one finding that holds
** all five, decided by the nearest opposing pair. */
START_TEST(dispute_is_one_finding)
{
    tr_detector d = det(TR_DET_CONTRADICTION, 30 * DAY);
    tr_det_filter f = filter(&d);
    tr_arec v[] = {
        rec(3, 3, "RU", 1 * DAY, 19 * DAY, A),   /* an interval: overlaps 6 */
        rec(6, 6, "US", 15 * DAY, 17 * DAY, D),
        on(1, 1, "RU", 20, A), on(2, 1, "RU", 20, A), on(4, 4, "US", 20, D),
        on(9, 9, "RU", 21, D),                   /* RU also denies: no US affirmation to meet */
    };
    struct got g = {0};
    int oom = 0;
    ck_assert_int_eq(tr_detect_disputes(&f, v, 6, record, &g, &oom), 1);
    ck_assert_uint_eq(g.members[0], 5);
    ck_assert_uint_eq(g.c0[0], 3);
    ck_assert_uint_eq(g.c1[0], 2);
    ck_assert_int_eq(g.e[0], 3);   /* overlapping: gap 0, the earliest such pair */
    ck_assert_int_eq(g.l[0], 6);
    ck_assert_int_eq(g.certain[0], 0);
    char id[20];
    tr_dispute_id("d1", "RU", "US", 3, id);
    ck_assert_str_eq(g.id[0], id);
}
END_TEST

/* Sides must be known and different (lists differ when they share no
** side), speakers different, and within the window; two far-apart clusters
** are two disputes; a listed sides filter narrows them. */
START_TEST(dispute_sides_window_and_clusters)
{
    tr_detector d = det(TR_DET_CONTRADICTION, 10 * DAY);
    tr_det_filter f = filter(&d);
    tr_arec v[] = {
        on(1, 1, "RU", 0, A), on(2, 2, "US", 3, D),     /* one dispute */
        on(3, 3, "RU", 5, D),                           /* same side as 1: nothing */
        on(4, 4, NULL, 5, D),                           /* side unknown */
        on(5, 1, "RU", 6, D),                           /* 1's own denial */
        on(6, 6, "US,EU", 100, A), on(7, 7, "RU", 104, D), /* a second, far later */
        on(8, 8, "US", 104, D),                         /* shares US with 6's list: no */
        on(9, 9, "EU", 300, A), on(10, 10, "CN", 302, D), /* a third, between other sides */
    };
    struct got g = {0};
    int oom = 0;
    ck_assert_int_eq(tr_detect_disputes(&f, v, 10, record, &g, &oom), 3);
    ck_assert_int_eq(g.e[0], 1);
    ck_assert_int_eq(g.l[0], 2);
    ck_assert_uint_eq(g.members[0], 2);
    ck_assert_int_eq(g.e[1], 6);
    ck_assert_int_eq(g.l[1], 7);
    char *sides[] = {(char *)"RU", (char *)"us"};
    d.sides.v = sides;
    d.sides.n = 2;
    f = filter(&d);
    g.n = 0;
    ck_assert_int_eq(tr_detect_disputes(&f, v, 10, record, &g, &oom), 2); /* not EU/CN ("US,EU" holds us) */
    /* support 2: one side with a single statement is not a dispute */
    d.sides.n = 0;
    d.support = 2;
    f = filter(&d);
    g.n = 0;
    ck_assert_int_eq(tr_detect_disputes(&f, v, 10, record, &g, &oom), 0);
}
END_TEST

/* Statements linked through others belong to one dispute, even when the
** first and the last are farther apart than the window. */
START_TEST(dispute_links_through_others)
{
    tr_detector d = det(TR_DET_CONTRADICTION, 10 * DAY);
    tr_det_filter f = filter(&d);
    tr_arec v[] = {on(1, 1, "RU", 0, A), on(2, 2, "US", 8, D), on(3, 1, "RU", 16, A),
                   on(4, 2, "US", 24, D)};
    struct got g = {0};
    int oom = 0;
    ck_assert_int_eq(tr_detect_disputes(&f, v, 4, record, &g, &oom), 1);
    ck_assert_uint_eq(g.members[0], 4);
}
END_TEST

START_TEST(filters_people_modes_and_dates)
{
    tr_detector d = det(TR_DET_REVERSAL, 30 * DAY);
    char *people[] = {(char *)"Ann"};
    d.people.v = people;
    d.people.n = 1;
    tr_det_filter f = filter(&d);
    int64_t ann = 7;
    f.people = &ann;
    f.npeople = 1;
    tr_arec a = rec(1, 7, NULL, 0, 10, A), b = rec(2, 8, NULL, 0, 10, A);
    ck_assert_int_eq(tr_det_accepts(&f, &a), 1);
    ck_assert_int_eq(tr_det_accepts(&f, &b), 0);
    f.npeople = 0; /* a people filter whose names are unknown accepts nobody */
    ck_assert_int_eq(tr_det_accepts(&f, &a), 0);
    d = det(TR_DET_REVERSAL, DAY);
    d.modes = TR_MODE_REPORTED;
    d.from = (char *)"2017-07";
    d.to = (char *)"2017-07-31";
    f = filter(&d);
    tr_date jul;
    tr_date_parse("2017-07-09", NULL, &jul, NULL);
    tr_arec r = rec(3, 1, NULL, jul.lo, jul.hi, D);
    ck_assert_int_eq(tr_det_accepts(&f, &r), 0); /* direct */
    r.mode = TR_MODE_REPORTED;
    ck_assert_int_eq(tr_det_accepts(&f, &r), 1);
    r.lo = r.hi = jul.lo - 10 * DAY; /* in June */
    ck_assert_int_eq(tr_det_accepts(&f, &r), 0);
    d.from = (char *)"2017-02-30";
    tr_err e;
    ck_assert_int_eq(tr_det_filter_init(&f, &d, &e), TR_ECONFIG);
}
END_TEST

START_TEST(finding_ids_are_stable)
{
    char a[20], b[20], c[20];
    tr_finding_id(TR_DET_REVERSAL, "flip", 10, 11, a);
    tr_finding_id(TR_DET_REVERSAL, "flip", 10, 11, b);
    tr_finding_id(TR_DET_REVERSAL, "flip", 11, 10, c);
    ck_assert_str_eq(a, b);
    ck_assert_str_ne(a, c);
    ck_assert_int_eq(strlen(a), 14);
    ck_assert_int_eq(a[0], 'r');
    tr_dispute_id("talks", "RU", "US", 3, c);
    ck_assert_int_eq(c[0], 'c');
    tr_dispute_id("talks", "US", "RU", 3, b);
    ck_assert_str_ne(b, c);
}
END_TEST

/* ---- the driver ---------------------------------------------------------- */

static const char rules[] =
    "topic t { mention /x/\n affirm /yes/\n deny /no/ }\n"
    "reversal flip { topic t\n window 30d }\n"
    "contradiction fight { topic t\n window 10d }\n";

struct sink_log {
    struct got g;
    int done;           /* person_done calls */
};

static tr_status log_episode(void *self, const tr_episode *e, tr_err *err)
{
    (void)err;
    record(&((struct sink_log *)self)->g, e);
    return TR_OK;
}

static tr_status log_done(void *self, const tr_det_filter *f, int64_t person, tr_err *err)
{
    (void)f;
    (void)person;
    (void)err;
    ((struct sink_log *)self)->done++;
    return TR_OK;
}

/* The driver's rule set, its two detectors' filters and an empty
** in-memory source (the test frees rs and m). */
struct fixture {
    tr_ruleset *rs;
    tr_det_filter fl[2];
    tr_memsource *m;
};

static struct fixture fixture_load(void)
{
    char lx[1024];
    snprintf(lx, sizeof lx, "%s/rules/lexicon", tu_src());
    struct fixture x = {0};
    tr_err err;
    ck_assert_int_eq(tr_ruleset_load_text("d.rules", rules, sizeof rules - 1, lx, &x.rs, NULL, &err), TR_OK);
    x.fl[0] = filter(tr_ruleset_detector(x.rs, 0));
    x.fl[1] = filter(tr_ruleset_detector(x.rs, 1));
    x.m = tr_memsource_new(x.rs);
    ck_assert_ptr_nonnull(x.m);
    return x;
}

/* Adds v[0..n) on topic t to x's source; returns the source's view. */
static tr_asource fixture_fill(struct fixture *x, const tr_arec *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        ck_assert_int_eq(tr_memsource_add(x->m, 0, &v[i]), 0);
    ck_assert_int_eq(tr_memsource_ready(x->m), 0);
    return tr_memsource_as(x->m);
}

/* The driver recomputes only what the new assertions touch: a new
** reversal statement re-reads that speaker's sequence (one person_done);
** a new dispute statement finds the whole dispute, however far it
** reaches; an old dispute it does not touch is not given again. */
START_TEST(driver_recomputes_what_is_new)
{
    struct fixture x = fixture_load();
    tr_err err;
    tr_arec v[] = {
        on(1, 1, "RU", 0, A), on(2, 2, "US", 8, D), on(3, 1, "RU", 16, A), on(4, 2, "US", 24, D),
        on(5, 1, "RU", 200, A), on(6, 2, "US", 202, D), /* an old, separate dispute */
        on(7, 1, "RU", 30, D),                          /* Ivan (1) turns */
    };
    tr_asource src = fixture_fill(&x, v, sizeof v / sizeof v[0]);
    struct sink_log log = {0};
    tr_dsink sink = {&log, log_episode, log_done};
    const char *topics[] = {"t", "t"};
    /* new: statement 4 (US, day 24) */
    ck_assert_int_eq(tr_detect_run(x.rs, x.fl, &src, &v[3], topics, 1, &sink, &err), TR_OK);
    ck_assert_int_eq(log.done, 1);     /* Boris's reversals recomputed */
    ck_assert_int_eq(log.g.n, 1);      /* the dispute (Boris never turns) */
    ck_assert_uint_eq(log.g.members[0], 4);
    /* new: statement 7 (Ivan denies on day 30): his reversal, and no dispute
    ** holds it (nothing of US affirms) */
    memset(&log, 0, sizeof log);
    ck_assert_int_eq(tr_detect_run(x.rs, x.fl, &src, &v[6], topics, 1, &sink, &err), TR_OK);
    ck_assert_int_eq(log.done, 1);
    ck_assert_int_eq(log.g.n, 1);      /* A(3)->D(7), 14 days; D(7)->A(5) is 170 days: none */
    ck_assert_int_eq(log.g.e[0], 3);
    ck_assert_int_eq(log.g.l[0], 7);
    tr_memsource_free(x.m);
    tr_ruleset_free(x.rs);
}
END_TEST

/* A statement dated only by its year meets a day inside that year: a new
** statement in the autumn finds the dispute with it, though the year
** began long before the window opens; and a new statement after the
** year (its window not reaching back to it) finds none.  The in-memory
** source bounds its slice by the widest interval, as the store does
** (tests/cli: t_scan_dispute_reaches_a_year_dated_statement). */
START_TEST(driver_reaches_a_wide_interval)
{
    struct fixture x = fixture_load();
    tr_err err;
    tr_arec v[] = {
        rec(1, 2, "US", 0, 365 * DAY - 1, D), /* "in 2020": the whole year */
        on(2, 1, "RU", 300, A),               /* day 300, inside it */
        on(3, 1, "RU", 400, A),               /* 35 days after the year: outside the window */
    };
    tr_asource src = fixture_fill(&x, v, sizeof v / sizeof v[0]);
    struct sink_log log = {0};
    tr_dsink sink = {&log, log_episode, log_done};
    const char *topics[] = {"t"};
    ck_assert_int_eq(tr_detect_run(x.rs, x.fl, &src, &v[1], topics, 1, &sink, &err), TR_OK);
    ck_assert_int_eq(log.g.n, 1);
    ck_assert_uint_eq(log.g.members[0], 2);
    ck_assert_int_eq(log.g.e[0], 1); /* the deciding pair in time order */
    ck_assert_int_eq(log.g.l[0], 2);
    memset(&log, 0, sizeof log);
    ck_assert_int_eq(tr_detect_run(x.rs, x.fl, &src, &v[2], topics, 1, &sink, &err), TR_OK);
    ck_assert_int_eq(log.g.n, 0);
    tr_memsource_free(x.m);
    tr_ruleset_free(x.rs);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("detect");
    TCase *t = tcase_create("detect");
    tcase_add_test(t, reversal_one_finding_per_change);
    tcase_add_test(t, reversal_window_order_and_filters);
    tcase_add_test(t, reversal_minimum_support);
    tcase_add_test(t, dispute_is_one_finding);
    tcase_add_test(t, dispute_sides_window_and_clusters);
    tcase_add_test(t, dispute_links_through_others);
    tcase_add_test(t, filters_people_modes_and_dates);
    tcase_add_test(t, finding_ids_are_stable);
    tcase_add_test(t, driver_recomputes_what_is_new);
    tcase_add_test(t, driver_reaches_a_wide_interval);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    return tu_run(suite());
}
