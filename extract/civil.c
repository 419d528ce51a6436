/*
** civil.c: the publication day and date intervals as the extractor
** reads and writes them, on lib/date.h's civil-date arithmetic.
*/
#include "x_internal.h"

#include <stdio.h>

/* Parses exactly "YYYY-MM-DD" into days since the epoch; 0 on success,
** -1 when s is not a real calendar day. */
int x_parse_day(const char *s, int64_t *days)
{
    int y, m, d, n = 0;
    if (!s || sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10 || s[10])
        return -1;
    if (m < 1 || m > 12 || d < 1 || (unsigned)d > tr_days_in_month(y, (unsigned)m))
        return -1;
    *days = tr_days_from_civil(y, (unsigned)m, (unsigned)d);
    return 0;
}

/* Writes the day interval [lo, hi] as EDTF level 0 at its real
** precision: a day, a whole month "YYYY-MM", a whole year "YYYY", or
** "YYYY-MM-DD/YYYY-MM-DD". */
void x_format_interval(int64_t lo, int64_t hi, char *buf, size_t n)
{
    int64_t y1, y2;
    unsigned m1, d1, m2, d2;
    tr_civil_from_days(lo, &y1, &m1, &d1);
    tr_civil_from_days(hi, &y2, &m2, &d2);
    if (lo == hi)
        snprintf(buf, n, "%04lld-%02u-%02u", (long long)y1, m1, d1);
    else if (y1 == y2 && m1 == 1 && d1 == 1 && m2 == 12 && d2 == 31)
        snprintf(buf, n, "%04lld", (long long)y1);
    else if (y1 == y2 && m1 == m2 && d1 == 1 && d2 == tr_days_in_month(y2, m2))
        snprintf(buf, n, "%04lld-%02u", (long long)y1, m1);
    else
        snprintf(buf, n, "%04lld-%02u-%02u/%04lld-%02u-%02u", (long long)y1, m1,
                 d1, (long long)y2, m2, d2);
}
