/*
** date.c: parse and print ISO 8601 / EDTF level 0 dates (see date.h).
**
** The parser is a hand-written scanner over fixed-width fields, so every
** error can say exactly what was wrong.  Local times in a zone are
** converted through the zone's table (tz.h).
*/
#include "date.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* Parses one side of a date (no '/'), from s to end, into out. */
static tr_status parse_one(const char *s, const char *end, const char *whole, const tr_zone *tz,
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
        if (tz)
            t = tr_zone_to_utc(tz, t);
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
tr_status tr_date_parse(const char *text, const tr_zone *tz, tr_date *out, tr_err *err)
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

/* 1 when interval d runs from a UTC midnight to the second before one:
** whole days, written as days. */
static int whole_days(const tr_date *d)
{
    return d->lo % 86400 == 0 && (d->hi + 1) % 86400 == 0;
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
    if (whole_days(d)) {
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

/* Writes the wall-clock instant w (local time written as if UTC) as
** "YYYY-MM-DD" followed by sep and "HH:MM" (and ":SS" when secs). */
static void format_wall(int64_t w, char sep, int secs, char *buf, size_t n)
{
    char full[32];
    tr_date_format_utc(w, full, sizeof full);
    snprintf(buf, n, "%.10s%c%.*s", full, sep, secs ? 8 : 5, full + 11);
}

/* Writes an offset in seconds east as "+05:30" / "-05:00". */
static void format_offset(int64_t off, char *buf, size_t n)
{
    int64_t a = off < 0 ? -off : off;
    snprintf(buf, n, "%c%02d:%02d", off < 0 ? '-' : '+', (int)(a / 3600), (int)(a / 60 % 60));
}

/* Writes instant t for people; see date.h. */
void tr_time_show(int64_t t, const tr_zone *z, int secs, char *buf, size_t n)
{
    int32_t off = tr_zone_offset(z, t);
    char w[32], o[16];
    format_wall(t + off, ' ', secs, w, sizeof w);
    if (z)
        format_offset(off, o, sizeof o);
    snprintf(buf, n, "%s %s", w, z ? o : "UTC");
}

/* Writes one side of a date for people. */
static void show_side(int64_t t, tr_prec prec, const tr_zone *z, char *buf, size_t n)
{
    if (prec == TR_PREC_MINUTE || prec == TR_PREC_SECOND)
        tr_time_show(t, z, prec == TR_PREC_SECOND, buf, n);
    else
        format_day(t, buf, n);
}

/* Writes d for people; see date.h. */
void tr_date_show(const tr_date *d, const tr_zone *z, char *buf, size_t n)
{
    char a[48], b[48];
    switch (d->prec) {
    case TR_PREC_YEAR:
    case TR_PREC_MONTH:
        tr_date_format(d, buf, n);
        return;
    case TR_PREC_DAY:
        format_day(d->lo, buf, n);
        return;
    case TR_PREC_MINUTE:
    case TR_PREC_SECOND:
        show_side(d->lo, d->prec, z, buf, n);
        return;
    case TR_PREC_INTERVAL:
        break;
    }
    if (whole_days(d)) {
        format_day(d->lo, a, sizeof a);
        format_day(d->hi, b, sizeof b);
    } else {
        tr_time_show(d->lo, z, d->lo % 60 != 0, a, sizeof a);
        tr_time_show(d->hi, z, (d->hi + 1) % 60 != 0, b, sizeof b);
    }
    snprintf(buf, n, "%s to %s", a, b);
}

/* Writes one side of a date as given, its offset made explicit: side is
** the text from s to e, meaning the instant t (its lo, or its hi when
** upper). */
static void given_side(const char *s, const char *e, int64_t t, int upper, char *buf, size_t n)
{
    char text[80];
    tr_date plain;
    tr_err ignored;
    snprintf(text, sizeof text, "%.*s", (int)(e - s < 79 ? e - s : 79), s);
    if (tr_date_parse(text, NULL, &plain, &ignored) != TR_OK ||
        (plain.prec != TR_PREC_MINUTE && plain.prec != TR_PREC_SECOND) ||
        (upper ? plain.hi : plain.lo) == t) {
        snprintf(buf, n, "%s", text);
        return;
    }
    /* A local time of day read in a zone: its wall time, and the offset
    ** that made it the stored instant. */
    int64_t wall = plain.lo, off = (upper ? plain.hi : plain.lo) - t;
    char w[32], o[16];
    format_wall(wall, 'T', plain.prec == TR_PREC_SECOND, w, sizeof w);
    format_offset(off, o, sizeof o);
    snprintf(buf, n, "%s%s", w, o);
}

/* Writes the date as given with its offset; see date.h. */
void tr_date_given(const char *text, const tr_date *d, char *buf, size_t n)
{
    const char *slash = strchr(text, '/'), *end = text + strlen(text);
    if (!slash) {
        given_side(text, end, d->lo, 0, buf, n);
        return;
    }
    char a[96], b[96];
    given_side(text, slash, d->lo, 0, a, sizeof a);
    given_side(slash + 1, end, d->hi, 1, b, sizeof b);
    snprintf(buf, n, "%s/%s", a, b);
}

/* The civil day of d's first (or, when upper, last) instant; see date.h. */
void tr_date_day(const tr_date *d, int upper, const tr_zone *z, char *buf, size_t n)
{
    int64_t t = upper ? d->hi : d->lo;
    int clock = d->prec == TR_PREC_MINUTE || d->prec == TR_PREC_SECOND ||
                (d->prec == TR_PREC_INTERVAL && (d->lo % 86400 != 0 || (d->hi + 1) % 86400 != 0));
    format_day(clock ? t + tr_zone_offset(z, t) : t, buf, n);
}

/* The offset a time of day was given in; see date.h. */
int tr_date_given_offset(const char *text, const tr_date *d, int64_t *off)
{
    tr_date plain;
    tr_err ignored;
    char first[80];
    while (*text == ' ' || *text == '\t')
        text++;
    const char *slash = strchr(text, '/');
    size_t n = slash ? (size_t)(slash - text) : strlen(text);
    snprintf(first, sizeof first, "%.*s", (int)(n < 79 ? n : 79), text);
    /* The wall-clock time: the side without its zone designator. */
    if (strlen(first) > 11)
        first[11 + strcspn(first + 11, "Zz+-")] = '\0';
    if (tr_date_parse(first, NULL, &plain, &ignored) != TR_OK ||
        (plain.prec != TR_PREC_MINUTE && plain.prec != TR_PREC_SECOND))
        return 0;
    *off = plain.lo - d->lo;
    return 1;
}
