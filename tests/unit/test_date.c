/*
** test_date.c: ISO 8601 / EDTF level 0 parsing, printing and ordering.
*/
#include "date.h"
#include "testutil.h"

static const struct ok_case {
    const char *text, *tz, *lo, *hi, *shown;
    tr_prec prec;
} ok_cases[] = {
    {"2017", NULL, "2017-01-01T00:00:00Z", "2017-12-31T23:59:59Z", "2017", TR_PREC_YEAR},
    {"2017-07", NULL, "2017-07-01T00:00:00Z", "2017-07-31T23:59:59Z", "2017-07", TR_PREC_MONTH},
    {"2016-02", NULL, "2016-02-01T00:00:00Z", "2016-02-29T23:59:59Z", "2016-02", TR_PREC_MONTH},
    {"2017-07-09", NULL, "2017-07-09T00:00:00Z", "2017-07-09T23:59:59Z", "2017-07-09", TR_PREC_DAY},
    {"2017-07-09T12:50Z", NULL, "2017-07-09T12:50:00Z", "2017-07-09T12:50:59Z", "2017-07-09T12:50Z", TR_PREC_MINUTE},
    {"2017-07-09T11:50:24Z", NULL, "2017-07-09T11:50:24Z", "2017-07-09T11:50:24Z", "2017-07-09T11:50:24Z", TR_PREC_SECOND},
    {"2017-07-09T11:50:24.123Z", NULL, "2017-07-09T11:50:24Z", "2017-07-09T11:50:24Z", "2017-07-09T11:50:24Z", TR_PREC_SECOND},
    {"2017-07-09T10:00+02:00", NULL, "2017-07-09T08:00:00Z", "2017-07-09T08:00:59Z", "2017-07-09T08:00Z", TR_PREC_MINUTE},
    {"2017-07-09T19:45:13-0500", NULL, "2017-07-10T00:45:13Z", "2017-07-10T00:45:13Z", "2017-07-10T00:45:13Z", TR_PREC_SECOND},
    {"2017-07-09 06:50:24", NULL, "2017-07-09T06:50:24Z", "2017-07-09T06:50:24Z", "2017-07-09T06:50:24Z", TR_PREC_SECOND},
    /* --tz: Central daylight time in July, standard time in January. */
    {"2017-07-09 06:50:24", "America/Chicago", "2017-07-09T11:50:24Z", "2017-07-09T11:50:24Z", "2017-07-09T11:50:24Z", TR_PREC_SECOND},
    {"2017-01-09 06:50:24", "America/Chicago", "2017-01-09T12:50:24Z", "2017-01-09T12:50:24Z", "2017-01-09T12:50:24Z", TR_PREC_SECOND},
    /* An offset wins over --tz. */
    {"2017-07-09T06:50:24Z", "America/Chicago", "2017-07-09T06:50:24Z", "2017-07-09T06:50:24Z", "2017-07-09T06:50:24Z", TR_PREC_SECOND},
    {"2017-07-01/2017-07-19", NULL, "2017-07-01T00:00:00Z", "2017-07-19T23:59:59Z", "2017-07-01/2017-07-19", TR_PREC_INTERVAL},
    {"2017-07/2017-09", NULL, "2017-07-01T00:00:00Z", "2017-09-30T23:59:59Z", "2017-07-01/2017-09-30", TR_PREC_INTERVAL},
    {"  2017-07-09\n", NULL, "2017-07-09T00:00:00Z", "2017-07-09T23:59:59Z", "2017-07-09", TR_PREC_DAY},
    {"1969-12-31T23:59:59Z", NULL, "1969-12-31T23:59:59Z", "1969-12-31T23:59:59Z", "1969-12-31T23:59:59Z", TR_PREC_SECOND},
    {"2000-02-29", NULL, "2000-02-29T00:00:00Z", "2000-02-29T23:59:59Z", "2000-02-29", TR_PREC_DAY},
    /* A leap second: 23:59:60 UTC, however the offset writes it. */
    {"2016-12-31T23:59:60Z", NULL, "2016-12-31T23:59:59Z", "2016-12-31T23:59:59Z", "2016-12-31T23:59:59Z", TR_PREC_SECOND},
    {"2016-12-31T18:59:60-05:00", NULL, "2016-12-31T23:59:59Z", "2016-12-31T23:59:59Z", "2016-12-31T23:59:59Z", TR_PREC_SECOND},
};

START_TEST(parses_valid_dates)
{
    const struct ok_case *c = &ok_cases[_i];
    tr_date d;
    tr_err e;
    char lo[32], hi[32], shown[64];
    ck_assert_msg(tr_date_parse(c->text, c->tz, &d, &e) == TR_OK, "%s: %s", c->text, e.msg);
    tr_date_format_utc(d.lo, lo, sizeof lo);
    tr_date_format_utc(d.hi, hi, sizeof hi);
    tr_date_format(&d, shown, sizeof shown);
    ck_assert_str_eq(lo, c->lo);
    ck_assert_str_eq(hi, c->hi);
    ck_assert_str_eq(shown, c->shown);
    ck_assert_int_eq(d.prec, c->prec);
}
END_TEST

static const struct bad_case {
    const char *text, *msg;
} bad_cases[] = {
    {"2017-02-30", "impossible date '2017-02-30': February 2017 has 28 days"},
    {"2019-02-29", "impossible date '2019-02-29': February 2019 has 28 days"},
    {"2017-13", "impossible date '2017-13': month 13 (months are 01 to 12)"},
    {"2017-00-10", "impossible date '2017-00-10': month 00 (months are 01 to 12)"},
    {"2017-04-31", "impossible date '2017-04-31': April 2017 has 30 days"},
    {"2017-07-09T25:00", "impossible time in '2017-07-09T25:00': hour 25 (hours are 00 to 23)"},
    {"2017-07-09T10:61", "impossible time in '2017-07-09T10:61': minute 61"},
    {"2017-07-09T12:00:60Z", "impossible time in '2017-07-09T12:00:60Z': second 60 (a leap second is only ever 23:59:60 UTC)"},
    {"2016-12-31T23:59:60+01:00", "impossible time in '2016-12-31T23:59:60+01:00': second 60 (a leap second is only ever 23:59:60 UTC)"},
    {"2017-07-09T12:00:61Z", "impossible time in '2017-07-09T12:00:61Z': second 61"},
    {"2017-07-19/2017-07-01", "impossible interval '2017-07-19/2017-07-01': it ends before it starts"},
    {"", "empty date"},
    {"July 9", "invalid date 'July 9' (expected YYYY, YYYY-MM, YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM] or A/B)"},
    {"2017-7-9", "invalid date '2017-7-9' (expected YYYY, YYYY-MM, YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM] or A/B)"},
    {"2017-07-09T10:00+25:00", "impossible UTC offset in '2017-07-09T10:00+25:00'"},
    {"2017-07-09T10:00Zjunk", "invalid date '2017-07-09T10:00Zjunk' (expected YYYY, YYYY-MM, YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM] or A/B)"},
};

START_TEST(rejects_impossible_dates)
{
    tr_date d;
    tr_err e;
    ck_assert_int_eq(tr_date_parse(bad_cases[_i].text, NULL, &d, &e), TR_EDATA);
    ck_assert_str_eq(e.msg, bad_cases[_i].msg);
}
END_TEST

START_TEST(checks_time_zones)
{
    tr_err e;
    ck_assert_int_eq(tr_tz_check("America/Chicago", &e), TR_OK);
    ck_assert_int_eq(tr_tz_check("Europe/Moscow", &e), TR_OK);
    ck_assert_int_eq(tr_tz_check("Mars/Olympus", &e), TR_EUSAGE);
    ck_assert_ptr_nonnull(strstr(e.msg, "unknown time zone 'Mars/Olympus'"));
    ck_assert_int_eq(tr_tz_check("../../etc/passwd", &e), TR_EUSAGE);
}
END_TEST

START_TEST(orders_only_disjoint_intervals)
{
    tr_date a, b, c;
    ck_assert_int_eq(tr_date_parse("2017-07-01/2017-07-19", NULL, &a, NULL), TR_OK);
    ck_assert_int_eq(tr_date_parse("2017-07-10T00:45:13Z", NULL, &b, NULL), TR_OK);
    ck_assert_int_eq(tr_date_parse("2017-07-20", NULL, &c, NULL), TR_OK);
    ck_assert_int_eq(tr_date_overlap(&a, &b), 1);
    ck_assert_int_eq(tr_date_overlap(&a, &c), 0);
    ck_assert_int_eq(tr_date_overlap(&b, &c), 0);
}
END_TEST

START_TEST(civil_calendar_round_trips)
{
    /* Every day from 1900 to 2100 converts there and back, weekdays cycle. */
    int64_t start = tr_days_from_civil(1900, 1, 1), end = tr_days_from_civil(2100, 12, 31);
    unsigned wd = tr_weekday_from_days(start);
    ck_assert_uint_eq(wd, 1); /* 1 January 1900 was a Monday */
    ck_assert_uint_eq(tr_weekday_from_days(tr_days_from_civil(2017, 7, 20)), 4); /* Thursday */
    for (int64_t z = start; z <= end; z++) {
        int64_t y;
        unsigned m, d;
        tr_civil_from_days(z, &y, &m, &d);
        ck_assert_int_eq(tr_days_from_civil(y, m, d), z);
        ck_assert_uint_eq(tr_weekday_from_days(z), (wd + (unsigned)(z - start)) % 7);
    }
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("date");
    TCase *t = tcase_create("date");
    tcase_add_loop_test(t, parses_valid_dates, 0, sizeof ok_cases / sizeof ok_cases[0]);
    tcase_add_loop_test(t, rejects_impossible_dates, 0, sizeof bad_cases / sizeof bad_cases[0]);
    tcase_add_test(t, checks_time_zones);
    tcase_add_test(t, orders_only_disjoint_intervals);
    tcase_add_test(t, civil_calendar_round_trips);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    return tu_run(suite());
}
