/*
** test_detect.c: the detectors' semantics (rules/detect.c): order and
** uncertain order, windows, sides, people/mode/date filters, nearest
** pairing, stable ids.
*/
#include "date.h"
#include "detect.h"
#include "testutil.h"

#define DAY 86400

static tr_detector det(tr_det_kind kind, int64_t window)
{
    tr_detector d = {.kind = kind, .id = (char *)"d1", .topic_id = (char *)"t", .window = window};
    return d;
}

static tr_arec rec(int64_t stmt, int64_t person, const char *side, int64_t lo, int64_t hi,
                   tr_stance s)
{
    tr_arec r = {.id = stmt, .statement_id = stmt, .person_id = person, .side = side,
                 .mode = TR_MODE_DIRECT, .lo = lo, .hi = hi, .stance = s};
    return r;
}

struct got {
    int n;
    int64_t e[8], l[8];
    int certain[8];
};

static int record(void *ctx, const tr_det_filter *f, const tr_arec *e, const tr_arec *l, int c)
{
    struct got *g = ctx;
    (void)f;
    g->e[g->n] = e->statement_id;
    g->l[g->n] = l->statement_id;
    g->certain[g->n++] = c;
    return 0;
}

static tr_det_filter filter(const tr_detector *d)
{
    tr_det_filter f;
    ck_assert_int_eq(tr_det_filter_init(&f, d, NULL), TR_OK);
    return f;
}

START_TEST(reversal_orders_and_marks_uncertain)
{
    tr_detector d = det(TR_DET_REVERSAL, 30 * DAY);
    tr_det_filter f = filter(&d);
    tr_arec v[] = {
        rec(1, 7, "US", 10 * DAY, 10 * DAY, TR_STANCE_AFFIRM),        /* instant */
        rec(2, 7, "US", 11 * DAY, 11 * DAY + 3600, TR_STANCE_DENY),   /* a day later */
        rec(3, 7, "US", 0, 20 * DAY, TR_STANCE_DENY),                 /* overlaps 1 */
        rec(4, 8, "US", 10 * DAY, 10 * DAY, TR_STANCE_DENY),          /* someone else */
    };
    struct got g = {0};
    /* From the deny a day later: paired with the affirm before it, certain. */
    ck_assert_int_eq(tr_detect_for(&f, &v[1], v, 4, record, &g), 1);
    ck_assert_int_eq(g.e[0], 1);
    ck_assert_int_eq(g.l[0], 2);
    ck_assert_int_eq(g.certain[0], 1);
    /* From the affirm: the nearest deny before (3, overlapping) and after (2). */
    g.n = 0;
    ck_assert_int_eq(tr_detect_for(&f, &v[0], v, 4, record, &g), 2);
    ck_assert_int_eq(g.e[0], 3);
    ck_assert_int_eq(g.l[0], 1);
    ck_assert_int_eq(g.certain[0], 0);
    ck_assert_int_eq(g.e[1], 1);
    ck_assert_int_eq(g.l[1], 2);
    ck_assert_int_eq(g.certain[1], 1);
}
END_TEST

START_TEST(reversal_respects_the_window_and_picks_the_nearest)
{
    tr_detector d = det(TR_DET_REVERSAL, 7 * DAY);
    tr_det_filter f = filter(&d);
    tr_arec v[] = {
        rec(1, 7, NULL, 0, DAY - 1, TR_STANCE_AFFIRM),
        rec(2, 7, NULL, 3 * DAY, 4 * DAY - 1, TR_STANCE_AFFIRM),
        rec(3, 7, NULL, 10 * DAY, 11 * DAY - 1, TR_STANCE_DENY),
        rec(4, 7, NULL, 30 * DAY, 31 * DAY - 1, TR_STANCE_AFFIRM),
    };
    struct got g = {0};
    /* The deny on day 10 pairs with day 3 (gap under 7 days), not day 0
    ** (farther), nor day 30 (outside the window). */
    ck_assert_int_eq(tr_detect_for(&f, &v[2], v, 4, record, &g), 1);
    ck_assert_int_eq(g.e[0], 2);
    ck_assert_int_eq(g.l[0], 3);
    /* Exactly at the window's edge still counts. */
    d.window = 19 * DAY + 1;
    f = filter(&d);
    g.n = 0;
    ck_assert_int_eq(tr_detect_for(&f, &v[2], v, 4, record, &g), 2);
    ck_assert_int_eq(g.l[1], 4);
}
END_TEST

START_TEST(contradiction_needs_other_sides)
{
    tr_detector d = det(TR_DET_CONTRADICTION, 30 * DAY);
    tr_det_filter f = filter(&d);
    tr_arec v[] = {
        rec(1, 1, "RU", 20 * DAY, 21 * DAY - 1, TR_STANCE_AFFIRM),
        rec(2, 2, "US", 20 * DAY, 21 * DAY - 1, TR_STANCE_DENY),
        rec(3, 3, "RU", 20 * DAY, 21 * DAY - 1, TR_STANCE_DENY),  /* same side */
        rec(4, 4, NULL, 20 * DAY, 21 * DAY - 1, TR_STANCE_DENY),  /* side unknown */
        rec(5, 2, "US", 19 * DAY, 20 * DAY - 1, TR_STANCE_DENY),  /* same speaker, farther */
        rec(6, 6, "EU", 2 * DAY, 3 * DAY - 1, TR_STANCE_DENY),
    };
    struct got g = {0};
    ck_assert_int_eq(tr_detect_for(&f, &v[0], v, 6, record, &g), 2);
    ck_assert_int_eq(g.e[0], 1);
    ck_assert_int_eq(g.l[0], 2);
    ck_assert_int_eq(g.e[1], 6);
    ck_assert_int_eq(g.l[1], 1);
    /* With sides RU US, the EU statement is filtered out. */
    char *sides[] = {(char *)"RU", (char *)"us"};
    d.sides.v = sides;
    d.sides.n = 2;
    f = filter(&d);
    g.n = 0;
    ck_assert_int_eq(tr_detect_for(&f, &v[0], v, 6, record, &g), 1);
    ck_assert_int_eq(g.l[0], 2);
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
    tr_arec a = rec(1, 7, NULL, 0, 10, TR_STANCE_AFFIRM), b = rec(2, 8, NULL, 0, 10, TR_STANCE_AFFIRM);
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
    tr_arec r = rec(3, 1, NULL, jul.lo, jul.hi, TR_STANCE_DENY);
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
    tr_finding_id(TR_DET_CONTRADICTION, "flip", 10, 11, c);
    ck_assert_int_eq(c[0], 'c');
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("detect");
    TCase *t = tcase_create("detect");
    tcase_add_test(t, reversal_orders_and_marks_uncertain);
    tcase_add_test(t, reversal_respects_the_window_and_picks_the_nearest);
    tcase_add_test(t, contradiction_needs_other_sides);
    tcase_add_test(t, filters_people_modes_and_dates);
    tcase_add_test(t, finding_ids_are_stable);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    return tu_run(suite());
}
