/*
** date.c: parse and print ISO 8601 / EDTF level 0 dates (see date.h).
**
** The parser is a hand-written scanner over fixed-width fields, so every
** error can say exactly what was wrong.  Local times in a named zone are
** converted with the C library's zoneinfo support (mktime under TZ); the
** process's TZ is restored afterwards.
*/
#include "date.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* Days since 1970-01-01 of the civil date y-m-d (H. Hinnant's algorithm). */
int64_t tr_days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = (unsigned)(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

/* The civil date of day z since 1970-01-01. */
void tr_civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = (unsigned)(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = (int64_t)yoe + era * 400 + (*m <= 2);
}

/* Weekday of day z since 1970-01-01: 0 = Sunday .. 6 = Saturday. */
unsigned tr_weekday_from_days(int64_t z)
{
    return (unsigned)(z >= -4 ? (z + 4) % 7 : (z + 5) % 7 + 6);
}

/* Days in month m (1-12) of year y. */
unsigned tr_days_in_month(int64_t y, unsigned m)
{
    static const unsigned dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return m >= 1 && m <= 12 ? dm[m - 1] : 0;
}

/* The name of a precision.  Static storage. */
const char *tr_prec_name(tr_prec p)
{
    switch (p) {
    case TR_PREC_YEAR: return "year";
    case TR_PREC_MONTH: return "month";
    case TR_PREC_DAY: return "day";
    case TR_PREC_MINUTE: return "minute";
    case TR_PREC_SECOND: return "second";
    case TR_PREC_INTERVAL: return "interval";
    }
    return "unknown";
}

/* The precision named name; TR_PREC_DAY if unknown. */
tr_prec tr_prec_from_name(const char *name)
{
    for (int p = TR_PREC_YEAR; p <= TR_PREC_INTERVAL; p++)
        if (name && !strcmp(name, tr_prec_name((tr_prec)p)))
            return (tr_prec)p;
    return TR_PREC_DAY;
}

static const char *const month_names[12] = {
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December"};

/* Reads exactly n digits at *s into *v; advances *s.  0 when not n digits. */
static int digits(const char **s, int n, int *v)
{
    int x = 0;
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)(*s)[i]))
            return 0;
        x = x * 10 + ((*s)[i] - '0');
    }
    *s += n;
    *v = x;
    return 1;
}

/* Checks that tz names a zone in the system's zoneinfo; TR_EUSAGE if not. */
tr_status tr_tz_check(const char *tz, tr_err *err)
{
    char path[1024];
    struct stat st;
    const char *dir = getenv("TZDIR");
    if (!tz || !*tz || strstr(tz, "..") || tz[0] == '/')
        return tr_errf(err, TR_EUSAGE, "unknown time zone '%s'", tz ? tz : "");
    for (const char *p = tz; *p; p++)
        if (!isalnum((unsigned char)*p) && !strchr("/_+-", *p))
            return tr_errf(err, TR_EUSAGE, "unknown time zone '%s'", tz);
    snprintf(path, sizeof path, "%s/%s", dir && *dir ? dir : "/usr/share/zoneinfo", tz);
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return tr_errf(err, TR_EUSAGE,
                       "unknown time zone '%s' (no such zone in the system's zoneinfo; "
                       "use an IANA name such as America/Chicago)", tz);
    return TR_OK;
}

/* Converts a local civil time in zone tz to Unix seconds, through mktime
** with TZ set to the zone for the duration of the call.  A time in the
** repeated hour when clocks go back, or in the hour skipped when they go
** forward, is read as the C library's mktime reads it (glibc: the skipped
** 02:30 in Europe/London is 01:30Z, with the offset after the change). */
static tr_status local_to_utc(const char *tz, int y, int mo, int d, int h, int mi, int s,
                              int64_t *out, tr_err *err)
{
    char *saved = NULL;
    const char *old = getenv("TZ");
    if (old && !(saved = strdup(old)))
        return tr_errf(err, TR_ESOFTWARE, "out of memory");
    setenv("TZ", tz, 1);
    tzset();
    struct tm tm = {0};
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = s;
    tm.tm_isdst = -1;
    time_t t = mktime(&tm);
    if (saved) {
        setenv("TZ", saved, 1);
        free(saved);
    } else {
        unsetenv("TZ");
    }
    tzset();
    if (t == (time_t)-1 && !(y == 1969 && mo == 12 && d == 31))
        return tr_errf(err, TR_EDATA, "cannot convert local time in zone '%s'", tz);
    *out = (int64_t)t;
    return TR_OK;
}

/* Parses one side of a date (no '/'), from s to end, into out. */
static tr_status parse_one(const char *s, const char *end, const char *whole, const char *tz,
                           tr_date *out, tr_err *err)
{
    const char *p = s;
    int y, mo = 1, d = 1, h = 0, mi = 0, sec = 0;
    tr_prec prec = TR_PREC_YEAR;
    if (!digits(&p, 4, &y))
        goto bad;
    if (p < end) {
        if (*p != '-' || (p++, !digits(&p, 2, &mo)))
            goto bad;
        prec = TR_PREC_MONTH;
        if (mo < 1 || mo > 12)
            return tr_errf(err, TR_EDATA, "impossible date '%s': month %02d (months are 01 to 12)",
                           whole, mo);
    }
    if (p < end) {
        if (*p != '-' || (p++, !digits(&p, 2, &d)))
            goto bad;
        prec = TR_PREC_DAY;
        unsigned dim = tr_days_in_month(y, (unsigned)mo);
        if (d < 1 || (unsigned)d > dim)
            return tr_errf(err, TR_EDATA, "impossible date '%s': %s %04d has %u days", whole,
                           month_names[mo - 1], y, dim);
    }
    int64_t days = tr_days_from_civil(y, (unsigned)mo, (unsigned)d);
    if (prec == TR_PREC_YEAR) {
        out->lo = days * 86400;
        out->hi = tr_days_from_civil(y + 1, 1, 1) * 86400 - 1;
        out->prec = prec;
        return p == end ? TR_OK : tr_errf(err, TR_EDATA, "invalid date '%s'", whole);
    }
    if (prec == TR_PREC_MONTH) {
        out->lo = days * 86400;
        out->hi = (days + tr_days_in_month(y, (unsigned)mo)) * 86400 - 1;
        out->prec = prec;
        return TR_OK;
    }
    if (p == end) {
        out->lo = days * 86400;
        out->hi = out->lo + 86399;
        out->prec = TR_PREC_DAY;
        return TR_OK;
    }
    if (*p != 'T' && *p != 't' && *p != ' ')
        goto bad;
    p++;
    if (!digits(&p, 2, &h) || *p != ':' || (p++, !digits(&p, 2, &mi)))
        goto bad;
    prec = TR_PREC_MINUTE;
    if (p < end && *p == ':') {
        p++;
        if (!digits(&p, 2, &sec))
            goto bad;
        prec = TR_PREC_SECOND;
        if (p < end && (*p == '.' || *p == ',')) {
            p++;
            if (p >= end || !isdigit((unsigned char)*p))
                goto bad;
            while (p < end && isdigit((unsigned char)*p))
                p++;
        }
    }
    if (h > 23)
        return tr_errf(err, TR_EDATA, "impossible time in '%s': hour %02d (hours are 00 to 23)",
                       whole, h);
    if (mi > 59)
        return tr_errf(err, TR_EDATA, "impossible time in '%s': minute %02d", whole, mi);
    if (sec > 60)
        return tr_errf(err, TR_EDATA, "impossible time in '%s': second %02d", whole, sec);
    int leap = sec == 60;
    if (leap)
        sec = 59; /* a leap second reads as the last second of its minute */
    int64_t t = days * 86400 + h * 3600 + mi * 60 + sec;
    if (p == end) {
        if (tz) {
            tr_status st = local_to_utc(tz, y, mo, d, h, mi, sec, &t, err);
            if (st)
                return st;
        }
    } else if (*p == 'Z' || *p == 'z') {
        p++;
    } else if (*p == '+' || *p == '-') {
        int sign = *p == '-' ? -1 : 1, oh, om = 0;
        p++;
        if (!digits(&p, 2, &oh))
            goto bad;
        if (p < end && *p == ':') {
            p++;
            if (!digits(&p, 2, &om))
                goto bad;
        } else if (p < end && !digits(&p, 2, &om)) {
            goto bad;
        }
        if (oh > 23 || om > 59)
            return tr_errf(err, TR_EDATA, "impossible UTC offset in '%s'", whole);
        t -= sign * (oh * 3600 + om * 60);
    } else {
        goto bad;
    }
    if (p != end)
        goto bad;
    /* Leap seconds are inserted at the end of a UTC day only. */
    if (leap && ((t % 86400) + 86400) % 86400 != 86399)
        return tr_errf(err, TR_EDATA, "impossible time in '%s': second 60 (a leap second is "
                       "only ever 23:59:60 UTC)", whole);
    out->lo = t;
    out->hi = prec == TR_PREC_MINUTE ? t + 59 : t;
    out->prec = prec;
    return TR_OK;
bad:
    return tr_errf(err, TR_EDATA,
                   "invalid date '%s' (expected YYYY, YYYY-MM, YYYY-MM-DD, "
                   "YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM] or A/B)", whole);
}

/* Parses text into out; see date.h. */
tr_status tr_date_parse(const char *text, const char *tz, tr_date *out, tr_err *err)
{
    char shown[80];
    size_t n = strlen(text);
    while (n && isspace((unsigned char)text[n - 1]))
        n--;
    while (n && isspace((unsigned char)*text))
        text++, n--;
    snprintf(shown, sizeof shown, "%.*s%s", (int)(n > 64 ? 64 : n), text, n > 64 ? "..." : "");
    for (char *c = shown; *c; c++)
        if ((unsigned char)*c < 0x20)
            *c = '?';
    if (n == 0)
        return tr_errf(err, TR_EDATA, "empty date");
    const char *slash = memchr(text, '/', n);
    if (!slash)
        return parse_one(text, text + n, shown, tz, out, err);
    tr_date a, b;
    tr_status st = parse_one(text, slash, shown, tz, &a, err);
    if (st)
        return st;
    st = parse_one(slash + 1, text + n, shown, tz, &b, err);
    if (st)
        return st;
    if (b.hi < a.lo)
        return tr_errf(err, TR_EDATA, "impossible interval '%s': it ends before it starts", shown);
    out->lo = a.lo;
    out->hi = b.hi;
    out->prec = TR_PREC_INTERVAL;
    return TR_OK;
}

/* Writes t as "YYYY-MM-DDTHH:MM:SSZ" into buf. */
void tr_date_format_utc(int64_t t, char *buf, size_t n)
{
    int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
    int64_t rem = t - days * 86400, y;
    unsigned m, d;
    tr_civil_from_days(days, &y, &m, &d);
    snprintf(buf, n, "%04lld-%02u-%02uT%02d:%02d:%02dZ", (long long)y, m, d, (int)(rem / 3600),
             (int)(rem / 60 % 60), (int)(rem % 60));
}

/* Writes the civil day of instant t as YYYY-MM-DD into buf. */
static void format_day(int64_t t, char *buf, size_t n)
{
    char full[32];
    tr_date_format_utc(t, full, sizeof full);
    snprintf(buf, n, "%.10s", full);
}

/* Writes d at its own precision in UTC; see date.h. */
void tr_date_format(const tr_date *d, char *buf, size_t n)
{
    char a[32], b[32];
    switch (d->prec) {
    case TR_PREC_YEAR:
        tr_date_format_utc(d->lo, a, sizeof a);
        snprintf(buf, n, "%.4s", a);
        return;
    case TR_PREC_MONTH:
        tr_date_format_utc(d->lo, a, sizeof a);
        snprintf(buf, n, "%.7s", a);
        return;
    case TR_PREC_DAY:
        format_day(d->lo, buf, n);
        return;
    case TR_PREC_MINUTE:
        tr_date_format_utc(d->lo, a, sizeof a);
        snprintf(buf, n, "%.16sZ", a);
        return;
    case TR_PREC_SECOND:
        tr_date_format_utc(d->lo, buf, n);
        return;
    case TR_PREC_INTERVAL:
        break;
    }
    int whole = (d->lo % 86400 == 0) && ((d->hi + 1) % 86400 == 0);
    if (whole) {
        format_day(d->lo, a, sizeof a);
        format_day(d->hi, b, sizeof b);
    } else {
        tr_date_format_utc(d->lo, a, sizeof a);
        tr_date_format_utc(d->hi, b, sizeof b);
    }
    snprintf(buf, n, "%s/%s", a, b);
}

/* 1 when a and b overlap (their order is uncertain), else 0. */
int tr_date_overlap(const tr_date *a, const tr_date *b)
{
    return a->lo <= b->hi && b->lo <= a->hi;
}
