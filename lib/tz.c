/*
** tz.c: IANA time zones read from TZif files (see tz.h).
**
** The file's 64-bit section (version 2 and later; the 32-bit one for a
** version 1 file) gives the transitions and their local time types; its
** footer, a POSIX TZ string, gives the rule after the last transition,
** which is expanded here into transitions up to the year 2200 so that a
** conversion is one binary search.
*/
#include "tz.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"

/* One transition: from instant at on, the offset is off (seconds east). */
typedef struct tz_trans {
    int64_t at;
    int32_t off;
} tz_trans;

struct tr_zone {
    char *name;
    int32_t first_off;  /* the offset before the first transition */
    tz_trans *v;
    size_t n, cap;
};

/* The last year the footer's rule is expanded to. */
#define TZ_LAST_YEAR 2200

/* Frees z. */
void tr_zone_free(tr_zone *z)
{
    if (!z)
        return;
    free(z->name);
    free(z->v);
    free(z);
}

/* The zone's name. */
const char *tr_zone_name(const tr_zone *z)
{
    return z ? z->name : "UTC";
}

/* Appends a transition; 0, or -1 when out of memory. */
static int push(tr_zone *z, int64_t at, int32_t off)
{
    if (z->n == z->cap) {
        size_t cap = z->cap ? z->cap * 2 : 64;
        tz_trans *v = realloc(z->v, cap * sizeof *v);
        if (!v)
            return -1;
        z->v = v;
        z->cap = cap;
    }
    z->v[z->n++] = (tz_trans){at, off};
    return 0;
}

/* Big-endian integers of the TZif format. */
static int64_t be(const unsigned char *p, int n)
{
    uint64_t v = 0;
    for (int i = 0; i < n; i++)
        v = v << 8 | p[i];
    if (n == 4)
        return (int32_t)(uint32_t)v;
    return (int64_t)v;
}

/* ---- the POSIX TZ rule of the footer ------------------------------------ */

/* A rule date: Jn (julian, no Feb 29), n (zero-based, with Feb 29) or
** Mm.w.d, and the local time of day (seconds, may be negative or past
** 24 h) the change happens at. */
typedef struct tz_when {
    char kind; /* 'J', 'D' or 'M' */
    int a, b, c;
    int32_t secs;
} tz_when;

typedef struct tz_rule {
    int32_t std, dst; /* offsets, seconds east */
    int has_dst;
    tz_when start, end;
} tz_rule;

/* Reads a zone abbreviation ("CST" or "<+0330>") at *p. */
static int rule_name(const char **p)
{
    const char *s = *p;
    if (*s == '<') {
        while (*s && *s != '>')
            s++;
        if (*s != '>')
            return -1;
        *p = s + 1;
        return 0;
    }
    while (isalpha((unsigned char)*s))
        s++;
    if (s - *p < 3)
        return -1;
    *p = s;
    return 0;
}

/* Reads [+-]hh[:mm[:ss]] at *p into *secs. */
static int rule_hms(const char **p, int32_t *secs)
{
    const char *s = *p;
    int sign = 1, h = 0, m = 0, sec = 0;
    if (*s == '+' || *s == '-')
        sign = *s++ == '-' ? -1 : 1;
    if (!isdigit((unsigned char)*s))
        return -1;
    while (isdigit((unsigned char)*s))
        h = h * 10 + (*s++ - '0');
    if (*s == ':') {
        s++;
        while (isdigit((unsigned char)*s))
            m = m * 10 + (*s++ - '0');
        if (*s == ':') {
            s++;
            while (isdigit((unsigned char)*s))
                sec = sec * 10 + (*s++ - '0');
        }
    }
    if (h > 167 || m > 59 || sec > 59)
        return -1;
    *secs = sign * (h * 3600 + m * 60 + sec);
    *p = s;
    return 0;
}

/* Reads a number at *p. */
static int rule_num(const char **p, int *v)
{
    if (!isdigit((unsigned char)**p))
        return -1;
    *v = 0;
    while (isdigit((unsigned char)**p))
        *v = *v * 10 + (*(*p)++ - '0');
    return 0;
}

/* Reads ",date[/time]" at *p into w. */
static int rule_when(const char **p, tz_when *w)
{
    const char *s = *p;
    if (*s++ != ',')
        return -1;
    w->secs = 7200;
    if (*s == 'J') {
        s++;
        w->kind = 'J';
        if (rule_num(&s, &w->a) || w->a < 1 || w->a > 365)
            return -1;
    } else if (*s == 'M') {
        s++;
        w->kind = 'M';
        if (rule_num(&s, &w->a) || *s++ != '.' || rule_num(&s, &w->b) || *s++ != '.' ||
            rule_num(&s, &w->c) || w->a < 1 || w->a > 12 || w->b < 1 || w->b > 5 || w->c > 6)
            return -1;
    } else {
        w->kind = 'D';
        if (rule_num(&s, &w->a) || w->a > 365)
            return -1;
    }
    if (*s == '/' && (s++, rule_hms(&s, &w->secs)))
        return -1;
    *p = s;
    return 0;
}

/* Parses a POSIX TZ string ("CST6CDT,M3.2.0,M11.1.0") into r; 0 or -1. */
static int rule_parse(const char *s, tz_rule *r)
{
    memset(r, 0, sizeof *r);
    int32_t w;
    if (rule_name(&s) || rule_hms(&s, &w))
        return -1;
    r->std = -w; /* POSIX offsets count west */
    if (!*s)
        return 0;
    if (rule_name(&s))
        return -1;
    r->has_dst = 1;
    r->dst = r->std + 3600;
    if (*s && *s != ',') {
        if (rule_hms(&s, &w))
            return -1;
        r->dst = -w;
    }
    if (!*s) /* no rule: POSIX leaves it to the implementation; US rules */
        return rule_parse(",M3.2.0,M11.1.0", r) ? -1 : 0;
    if (rule_when(&s, &r->start) || rule_when(&s, &r->end) || *s)
        return -1;
    return 0;
}

/* The wall-clock instant (local, as if UTC) of rule date w in year y. */
static int64_t when_in_year(const tz_when *w, int64_t y)
{
    int64_t day;
    if (w->kind == 'J') {
        int leap = tr_days_in_month(y, 2) == 29;
        day = tr_days_from_civil(y, 1, 1) + w->a - 1 + (leap && w->a >= 60);
    } else if (w->kind == 'D') {
        day = tr_days_from_civil(y, 1, 1) + w->a;
    } else {
        int64_t first = tr_days_from_civil(y, (unsigned)w->a, 1);
        int dow = (int)tr_weekday_from_days(first);
        day = first + (w->c - dow + 7) % 7 + (int64_t)(w->b - 1) * 7;
        while (day >= first + tr_days_in_month(y, (unsigned)w->a))
            day -= 7;
    }
    return day * 86400 + w->secs;
}

/* Sorts transitions by time. */
static int trans_cmp(const void *a, const void *b)
{
    const tz_trans *x = a, *y = b;
    return x->at < y->at ? -1 : x->at > y->at;
}

/* Adds the rule's transitions after instant after, up to TZ_LAST_YEAR. */
static int expand_rule(tr_zone *z, const tz_rule *r, int64_t after)
{
    if (!r->has_dst)
        return z->n && z->v[z->n - 1].off == r->std ? 0 : push(z, after + 1, r->std);
    int64_t y0, y;
    unsigned m, d;
    tr_civil_from_days((after >= 0 ? after : after - 86399) / 86400, &y0, &m, &d);
    size_t from = z->n;
    for (y = y0; y <= TZ_LAST_YEAR; y++) {
        /* The change to DST happens on standard time's clock, the change
        ** back on DST's. */
        int64_t on = when_in_year(&r->start, y) - r->std;
        int64_t off = when_in_year(&r->end, y) - r->dst;
        if (on > after && push(z, on, r->dst))
            return -1;
        if (off > after && push(z, off, r->std))
            return -1;
    }
    qsort(z->v + from, z->n - from, sizeof *z->v, trans_cmp);
    return 0;
}

/* ---- loading ------------------------------------------------------------ */

/* Reads the TZif data in buf[0..len) into z; 0, or -1 when it is not one. */
static int parse_tzif(tr_zone *z, const unsigned char *buf, size_t len)
{
    if (len < 44 || memcmp(buf, "TZif", 4))
        return -1;
    int version = buf[4] ? buf[4] - '0' : 1;
    const unsigned char *p = buf;
    int tsize = 4;
    for (int pass = 0; pass < 2; pass++) {
        if ((size_t)(p - buf) + 44 > len || memcmp(p, "TZif", 4))
            return -1;
        int64_t isut = be(p + 20, 4), isstd = be(p + 24, 4), leap = be(p + 28, 4),
                timecnt = be(p + 32, 4), typecnt = be(p + 36, 4), charcnt = be(p + 40, 4);
        if (isut < 0 || isstd < 0 || leap < 0 || timecnt < 0 || typecnt < 1 || typecnt > 256 ||
            charcnt < 0 || timecnt > 100000)
            return -1;
        size_t body = (size_t)(timecnt * tsize + timecnt + typecnt * 6 + charcnt +
                               leap * (tsize + 4) + isstd + isut);
        const unsigned char *d = p + 44;
        if ((size_t)(d - buf) + body > len)
            return -1;
        if (version >= 2 && pass == 0) { /* skip to the 64-bit section */
            p = d + body;
            tsize = 8;
            continue;
        }
        const unsigned char *times = d, *idx = d + timecnt * tsize, *types = idx + timecnt;
        /* Before the first transition: time type 0 (RFC 8536, 3.2). */
        z->first_off = (int32_t)be(types, 4);
        for (int64_t k = 0; k < timecnt; k++) {
            if (idx[k] >= typecnt)
                return -1;
            if (push(z, be(times + k * tsize, tsize), (int32_t)be(types + idx[k] * 6, 4)))
                return -1;
        }
        const unsigned char *foot = d + body;
        if (version >= 2 && (size_t)(foot - buf) < len && *foot == '\n') {
            const unsigned char *e = memchr(foot + 1, '\n', len - (size_t)(foot + 1 - buf));
            if (e && e > foot + 1) {
                char tzs[128];
                size_t n = (size_t)(e - foot - 1);
                if (n >= sizeof tzs)
                    return -1;
                memcpy(tzs, foot + 1, n);
                tzs[n] = 0;
                tz_rule r;
                if (rule_parse(tzs, &r))
                    return -1;
                int64_t last = z->n ? z->v[z->n - 1].at : INT64_MIN / 2;
                if (!z->n && !r.has_dst)
                    z->first_off = r.std;
                else if (expand_rule(z, &r, last))
                    return -1;
            }
        }
        return 0;
    }
    return -1;
}

/* Loads a zone; see tz.h. */
tr_status tr_zone_load(const char *name, const char *dir, tr_zone **out, tr_err *err)
{
    *out = NULL;
    if (!name || !*name || strstr(name, "..") || name[0] == '/')
        return tr_errf(err, TR_EUSAGE, "unknown time zone '%s'", name ? name : "");
    for (const char *p = name; *p; p++)
        if (!isalnum((unsigned char)*p) && !strchr("/_+-", *p))
            return tr_errf(err, TR_EUSAGE, "unknown time zone '%s'", name);
    char path[1200];
    snprintf(path, sizeof path, "%s/%s", dir && *dir ? dir : "/usr/share/zoneinfo", name);
    FILE *f = fopen(path, "rb");
    if (!f)
        return tr_errf(err, TR_EUSAGE,
                       "unknown time zone '%s' (no such zone in the system's zoneinfo; use an "
                       "IANA name such as America/Chicago)", name);
    unsigned char *buf = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len == cap) {
            unsigned char *nb = cap < (1u << 20) ? realloc(buf, cap ? cap * 2 : 8192) : NULL;
            if (!nb)
                break;
            buf = nb;
            cap = cap ? cap * 2 : 8192;
        }
        size_t k = fread(buf + len, 1, cap - len, f);
        if (k == 0)
            break;
        len += k;
    }
    fclose(f);
    tr_zone *z = calloc(1, sizeof *z);
    if (!z || !(z->name = strdup(name))) {
        free(buf);
        tr_zone_free(z);
        return tr_errf(err, TR_ESOFTWARE, "out of memory");
    }
    int bad = !buf || parse_tzif(z, buf, len);
    free(buf);
    if (bad) {
        tr_zone_free(z);
        return tr_errf(err, TR_EUSAGE, "unknown time zone '%s' ('%s' is not a zoneinfo file)",
                       name, path);
    }
    *out = z;
    return TR_OK;
}

/* ---- conversions ---------------------------------------------------------- */

/* The index of the last transition at or before t, or -1. */
static ptrdiff_t find(const tr_zone *z, int64_t t)
{
    size_t lo = 0, hi = z->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (z->v[mid].at <= t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return (ptrdiff_t)lo - 1;
}

/* The offset at t; see tz.h. */
int32_t tr_zone_offset(const tr_zone *z, int64_t t)
{
    if (!z)
        return 0;
    ptrdiff_t k = find(z, t);
    return k < 0 ? z->first_off : z->v[k].off;
}

/* The instant of a wall-clock time; see tz.h. */
int64_t tr_zone_to_utc(const tr_zone *z, int64_t wall)
{
    if (!z)
        return wall;
    /* Offsets stay within a day of UTC: the transitions that can matter
    ** are those within 26 hours of wall.  Each offset in effect there is a
    ** candidate; the earliest instant that reads back as wall wins. */
    int64_t best = INT64_MAX;
    ptrdiff_t k = find(z, wall - 26 * 3600);
    for (;; k++) {
        int32_t off = k < 0 ? z->first_off : z->v[k].off;
        int64_t u = wall - off;
        if (tr_zone_offset(z, u) == off && u < best)
            best = u;
        if ((size_t)(k + 1) >= z->n || z->v[k + 1].at > wall + 26 * 3600)
            break;
    }
    if (best != INT64_MAX)
        return best;
    /* Skipped when the clocks went forward: the transition at T from
    ** offset b to a > b skips the wall times [T + b, T + a); such a time
    ** is read with b, the offset before the change. */
    for (k = find(z, wall - 26 * 3600) + 1; (size_t)k < z->n && z->v[k].at <= wall + 26 * 3600; k++) {
        if (k < 0)
            continue;
        int32_t b = k > 0 ? z->v[k - 1].off : z->first_off, a = z->v[k].off;
        if (a > b && wall >= z->v[k].at + b && wall < z->v[k].at + a)
            return wall - b;
    }
    return wall - tr_zone_offset(z, wall);
}
