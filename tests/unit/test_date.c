/*
** test_date.c: ISO 8601 / EDTF level 0 parsing, printing and ordering.
*/
#include <stdlib.h>
#include <time.h>

#include "date.h"
#include "testutil.h"
#include "tz.h"

/* A zone for a test (loaded once per call; the caller frees it). */
static tr_zone *zone(const char *name)
{
    tr_zone *z = NULL;
    tr_err e;
    if (!name)
        return NULL;
    ck_assert_msg(tr_zone_load(name, NULL, &z, &e) == TR_OK, "%s: %s", name, e.msg);
    return z;
}

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
    tr_zone *z = zone(c->tz);
    ck_assert_msg(tr_date_parse(c->text, z, &d, &e) == TR_OK, "%s: %s", c->text, e.msg);
    tr_zone_free(z);
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
    tr_zone *z;
    ck_assert_int_eq(tr_zone_load("America/Chicago", NULL, &z, &e), TR_OK);
    ck_assert_str_eq(tr_zone_name(z), "America/Chicago");
    tr_zone_free(z);
    ck_assert_int_eq(tr_zone_load("Europe/Moscow", NULL, &z, &e), TR_OK);
    tr_zone_free(z);
    ck_assert_int_eq(tr_zone_load("Mars/Olympus", NULL, &z, &e), TR_EUSAGE);
    ck_assert_ptr_null(z);
    ck_assert_ptr_nonnull(strstr(e.msg, "unknown time zone 'Mars/Olympus'"));
    ck_assert_int_eq(tr_zone_load("../../etc/passwd", NULL, &z, &e), TR_EUSAGE);
    ck_assert_int_eq(tr_zone_load("/etc/passwd", NULL, &z, &e), TR_EUSAGE);
    /* a file that is not a zone, in a zoneinfo directory of our own */
    char dir[] = "/tmp/tracker-tz-XXXXXX", path[64];
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/Bad", dir);
    FILE *f = fopen(path, "w");
    fputs("not a TZif file\n", f);
    fclose(f);
    ck_assert_int_eq(tr_zone_load("Bad", dir, &z, &e), TR_EUSAGE);
    ck_assert_ptr_nonnull(strstr(e.msg, "is not a zoneinfo file"));
    remove(path);
    remove(dir);
}
END_TEST

/* Zones with every kind of rule: DST in the north and the south, a
** negative DST (Dublin), half and three-quarter hours, DST abolished, a
** footer with no DST, many historical changes. */
static const char *const zones[] = {
    "America/Chicago", "Europe/London", "Europe/Dublin", "Australia/Sydney", "Asia/Kolkata",
    "Pacific/Chatham", "America/Sao_Paulo", "Asia/Tehran", "UTC", "Europe/Moscow",
    "America/St_Johns", "Africa/Casablanca", "Antarctica/Troll", "Pacific/Apia"};

/* The offset the C library gives t in zone name (TZ set for the test's
** comparison only). */
static long libc_offset(const char *name, time_t t)
{
    setenv("TZ", name, 1);
    tzset();
    struct tm tm;
    localtime_r(&t, &tm);
    return tm.tm_gmtoff;
}

START_TEST(zone_offsets_agree_with_the_c_library)
{
    /* 20,000 instants from 1900 to 2150 in each zone: the table's offset
    ** is the C library's, which reads the same TZif files its own way. */
    tr_zone *z = zone(zones[_i]);
    uint64_t x = 0x9e3779b97f4a7c15ULL * (uint64_t)(_i + 1);
    int64_t lo = -2208988800LL, span = 5680000000LL;
    for (int k = 0; k < 20000; k++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        int64_t t = lo + (int64_t)(x % (uint64_t)span);
        long want = libc_offset(zones[_i], (time_t)t);
        ck_assert_msg(tr_zone_offset(z, t) == want, "%s at %lld: %d, the C library %ld", zones[_i],
                      (long long)t, tr_zone_offset(z, t), want);
    }
    unsetenv("TZ");
    tr_zone_free(z);
}
END_TEST

/* Seconds of a UTC civil time. */
static int64_t at(int y, int mo, int d, int h, int mi)
{
    return tr_days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 + mi * 60;
}

START_TEST(local_times_read_as_mktime_reads_them)
{
    tr_zone *chi = zone("America/Chicago"), *lon = zone("Europe/London");
    /* ordinary times */
    ck_assert_int_eq(tr_zone_to_utc(chi, at(2017, 7, 9, 6, 50)), at(2017, 7, 9, 11, 50));
    ck_assert_int_eq(tr_zone_to_utc(chi, at(2017, 1, 9, 6, 50)), at(2017, 1, 9, 12, 50));
    /* skipped (02:00 to 03:00 on 12 March 2017): the offset before the change */
    ck_assert_int_eq(tr_zone_to_utc(chi, at(2017, 3, 12, 2, 30)), at(2017, 3, 12, 8, 30));
    ck_assert_int_eq(tr_zone_to_utc(lon, at(2017, 3, 26, 1, 30)), at(2017, 3, 26, 1, 30));
    /* twice (01:00 to 02:00 on 5 November 2017): the first of the two */
    ck_assert_int_eq(tr_zone_to_utc(chi, at(2017, 11, 5, 1, 30)), at(2017, 11, 5, 6, 30));
    ck_assert_int_eq(tr_zone_to_utc(lon, at(2017, 10, 29, 1, 30)), at(2017, 10, 29, 0, 30));
    /* past the file's own transitions, from its rule: 2090 */
    ck_assert_int_eq(tr_zone_to_utc(chi, at(2090, 7, 1, 12, 0)), at(2090, 7, 1, 17, 0));
    ck_assert_int_eq(tr_zone_to_utc(chi, at(2090, 12, 1, 12, 0)), at(2090, 12, 1, 18, 0));
    /* every hour of 2016-2018 that is neither skipped nor repeated reads as
    ** mktime reads it, in every zone */
    for (size_t k = 0; k < sizeof zones / sizeof zones[0]; k++) {
        tr_zone *z = zone(zones[k]);
        setenv("TZ", zones[k], 1);
        tzset();
        for (int64_t w = at(2016, 1, 1, 0, 30); w < at(2019, 1, 1, 0, 0); w += 3600) {
            int64_t u = tr_zone_to_utc(z, w);
            int64_t back = u + tr_zone_offset(z, u);
            int repeated = tr_zone_to_utc(z, w) != w - tr_zone_offset(z, w - tr_zone_offset(z, w)) ||
                           tr_zone_offset(z, u + 7200) != tr_zone_offset(z, u);
            if (back != w || repeated)
                continue; /* skipped or repeated: the cases above */
            struct tm tm;
            time_t tw = (time_t)w;
            gmtime_r(&tw, &tm);
            tm.tm_isdst = -1;
            ck_assert_msg((int64_t)mktime(&tm) == u, "%s wall %lld", zones[k], (long long)w);
        }
        tr_zone_free(z);
    }
    unsetenv("TZ");
    tr_zone_free(chi);
    tr_zone_free(lon);
}
END_TEST

START_TEST(dates_are_shown_in_one_style)
{
    tr_zone *chi = zone("America/Chicago");
    static const struct {
        const char *text, *tz, *utc, *chicago, *given;
    } c[] = {
        {"2017", NULL, "2017", "2017", "2017"},
        {"2017-07", NULL, "2017-07", "2017-07", "2017-07"},
        {"2017-07-09", NULL, "2017-07-09", "2017-07-09", "2017-07-09"},
        {"2017-07-09T11:50Z", NULL, "2017-07-09 11:50 UTC", "2017-07-09 06:50 -05:00", "2017-07-09T11:50Z"},
        {"2017-07-09T06:50:24-05:00", NULL, "2017-07-09 11:50:24 UTC", "2017-07-09 06:50:24 -05:00",
         "2017-07-09T06:50:24-05:00"},
        /* a local time read in a zone gets the offset it was read with */
        {"2017-07-09 06:50:24", "America/Chicago", "2017-07-09 11:50:24 UTC",
         "2017-07-09 06:50:24 -05:00", "2017-07-09T06:50:24-05:00"},
        {"2017-01-09 06:50", "America/Chicago", "2017-01-09 12:50 UTC", "2017-01-09 06:50 -06:00",
         "2017-01-09T06:50-06:00"},
        {"2017-07-01/2017-07-19", NULL, "2017-07-01 to 2017-07-19", "2017-07-01 to 2017-07-19",
         "2017-07-01/2017-07-19"},
        {"2017-07-09 06:00/2017-07-09 08:30", "America/Chicago",
         "2017-07-09 11:00 UTC to 2017-07-09 13:30 UTC",
         "2017-07-09 06:00 -05:00 to 2017-07-09 08:30 -05:00",
         "2017-07-09T06:00-05:00/2017-07-09T08:30-05:00"},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        tr_zone *in = zone(c[i].tz);
        tr_date d, again;
        char buf[128];
        tr_err e;
        ck_assert_int_eq(tr_date_parse(c[i].text, in, &d, &e), TR_OK);
        tr_date_show(&d, NULL, buf, sizeof buf);
        ck_assert_str_eq(buf, c[i].utc);
        tr_date_show(&d, chi, buf, sizeof buf);
        ck_assert_str_eq(buf, c[i].chicago);
        tr_date_given(c[i].text, &d, buf, sizeof buf);
        ck_assert_str_eq(buf, c[i].given);
        /* what an export writes means the same without the zone */
        ck_assert_int_eq(tr_date_parse(buf, NULL, &again, &e), TR_OK);
        ck_assert_int_eq(again.lo, d.lo);
        ck_assert_int_eq(again.hi, d.hi);
        tr_zone_free(in);
    }
    char buf[64];
    tr_time_show(at(2017, 7, 21, 6, 0), NULL, 0, buf, sizeof buf);
    ck_assert_str_eq(buf, "2017-07-21 06:00 UTC");
    tr_time_show(at(2017, 7, 21, 6, 0) + 9, chi, 1, buf, sizeof buf);
    ck_assert_str_eq(buf, "2017-07-21 01:00:09 -05:00");
    /* the day a date begins on: a calendar date's own, a time's in the zone */
    tr_date d;
    tr_date_parse("2017-07-10T00:45:13Z", NULL, &d, NULL);
    tr_date_day(&d, 0, chi, buf, sizeof buf);
    ck_assert_str_eq(buf, "2017-07-09");
    tr_date_parse("2017-07-10", NULL, &d, NULL);
    tr_date_day(&d, 1, chi, buf, sizeof buf);
    ck_assert_str_eq(buf, "2017-07-10");
    int64_t off;
    tr_date_parse("2017-07-09T06:50:24-05:00", NULL, &d, NULL);
    ck_assert_int_eq(tr_date_given_offset("2017-07-09T06:50:24-05:00", &d, &off), 1);
    ck_assert_int_eq(off, -18000);
    ck_assert_int_eq(tr_date_given_offset("2017-07-09", &d, &off), 0);
    tr_zone_free(chi);
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
    tcase_add_loop_test(t, zone_offsets_agree_with_the_c_library, 0, sizeof zones / sizeof zones[0]);
    tcase_add_test(t, local_times_read_as_mktime_reads_them);
    tcase_add_test(t, dates_are_shown_in_one_style);
    tcase_add_test(t, orders_only_disjoint_intervals);
    tcase_add_test(t, civil_calendar_round_trips);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    return tu_run(suite());
}
