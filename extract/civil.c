/*
** civil.c: proleptic Gregorian civil-date arithmetic in days since
** 1970-01-01 (H. Hinnant's algorithms), kept inside extract/ so the
** extractor does not depend on the rest of lib/.
*/
#include "x_internal.h"

#include <stdio.h>

/* Days since 1970-01-01 of y-m-d. */
int64_t x_days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

/* The civil date of day z since 1970-01-01. */
void x_civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t yy = (int64_t)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yy + (*m <= 2);
}

/* Weekday of day z: 0 = Sunday .. 6 = Saturday. */
unsigned x_weekday(int64_t z)
{
    return (unsigned)(z >= -4 ? (z + 4) % 7 : (z + 5) % 7 + 6);
}

/* Days in month m of year y. */
unsigned x_days_in_month(int64_t y, unsigned m)
{
    static const unsigned char dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return m >= 1 && m <= 12 ? dm[m - 1] : 0;
}

/* Parses exactly "YYYY-MM-DD" into days since the epoch; 0 on success,
** -1 when s is not a real calendar day. */
int x_parse_day(const char *s, int64_t *days)
{
    int y, m, d, n = 0;
    if (!s || sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10 || s[10])
        return -1;
    if (m < 1 || m > 12 || d < 1 || (unsigned)d > x_days_in_month(y, (unsigned)m))
        return -1;
    *days = x_days_from_civil(y, (unsigned)m, (unsigned)d);
    return 0;
}

/* Writes the day interval [lo, hi] as EDTF level 0 at its real
** precision: a day, a whole month "YYYY-MM", a whole year "YYYY", or
** "YYYY-MM-DD/YYYY-MM-DD". */
void x_format_interval(int64_t lo, int64_t hi, char *buf, size_t n)
{
    int64_t y1, y2;
    unsigned m1, d1, m2, d2;
    x_civil_from_days(lo, &y1, &m1, &d1);
    x_civil_from_days(hi, &y2, &m2, &d2);
    if (lo == hi)
        snprintf(buf, n, "%04lld-%02u-%02u", (long long)y1, m1, d1);
    else if (y1 == y2 && m1 == 1 && d1 == 1 && m2 == 12 && d2 == 31)
        snprintf(buf, n, "%04lld", (long long)y1);
    else if (y1 == y2 && m1 == m2 && d1 == 1 && d2 == x_days_in_month(y2, m2))
        snprintf(buf, n, "%04lld-%02u", (long long)y1, m1);
    else
        snprintf(buf, n, "%04lld-%02u-%02u/%04lld-%02u-%02u", (long long)y1, m1,
                 d1, (long long)y2, m2, d2);
}
