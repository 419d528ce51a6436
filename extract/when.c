/*
** when.c: date expressions resolved against the publication day.
**
** The words are the "date" rules of the pattern files; the rule's name
** picks the C handler below that turns a match into a day interval
** [lo, hi] (days since 1970-01-01), never after the publication day.
** Handlers: today, yesterday, weekday, last_weekday, weekend,
** last_weekend, earlier_this_week, this_week, last_week,
** earlier_this_month, this_month, last_month, earlier_this_year,
** this_year, last_year, month, month_year, month_last_year, day_month,
** year, days_ago, later, future.  "future" expressions (next week,
** tomorrow, later this month) describe what was said, not when it was
** said, and never date a statement; "later" is resolved by the driver
** as [the previous statement's start, publication day].
*/
#include "x_internal.h"
#include "x_when.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const month_names[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                          "jul", "aug", "sep", "oct", "nov", "dec"};
static const char *const wd_names[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

static int group(const xpat *p, PCRE2_SIZE *ov, int g, const char *base, const char **s,
                 size_t *n)
{
    int k = p->g[g];
    if (k < 0 || k >= 32 || ov[2 * k] == PCRE2_UNSET)
        return 0;
    *s = base + ov[2 * k];
    *n = ov[2 * k + 1] - ov[2 * k];
    return *n > 0;
}

static int prefix_index(const char *s, size_t n, const char *const *names, int count)
{
    if (n < 3)
        return -1;
    for (int i = 0; i < count; i++)
        if (!strncasecmp(s, names[i], 3))
            return i;
    return -1;
}

static long small_number(const char *s, size_t n)
{
    static const char *const words[] = {"zero", "one", "two", "three", "four", "five", "six",
                                        "seven", "eight", "nine", "ten", "eleven", "twelve"};
    if (n && s[0] >= '0' && s[0] <= '9') {
        long v = 0;
        for (size_t i = 0; i < n && i < 6 && s[i] >= '0' && s[i] <= '9'; i++)
            v = v * 10 + (s[i] - '0');
        return v;
    }
    for (int i = 0; i < 13; i++)
        if (strlen(words[i]) == n && !strncasecmp(words[i], s, n))
            return i;
    return -1;
}

static void month_range(int64_t y, unsigned m, int64_t *lo, int64_t *hi)
{
    *lo = tr_days_from_civil(y, m, 1);
    *hi = tr_days_from_civil(y, m, tr_days_in_month(y, m));
}

/* Applies handler name to a match; 1 with [*lo, *hi] set, 0 when the
** match does not date a statement (future, impossible, after pub),
** 2 for "later" (the driver resolves it). */
static int resolve(const xpat *p, PCRE2_SIZE *ov, const char *base, int64_t pub, int64_t *lo,
                   int64_t *hi)
{
    const char *h = p->name, *gs;
    size_t gn;
    int64_t y;
    unsigned m, d, wd = tr_weekday_from_days(pub);
    tr_civil_from_days(pub, &y, &m, &d);
    int64_t monday = pub - (int64_t)((wd + 6) % 7);
    *lo = *hi = pub;
    if (!strcmp(h, "today"))
        return 1;
    if (!strcmp(h, "yesterday")) {
        *lo = *hi = pub - 1;
        return 1;
    }
    if (!strcmp(h, "weekday") || !strcmp(h, "last_weekday")) {
        if (!group(p, ov, G_WD, base, &gs, &gn))
            return 0;
        int w = prefix_index(gs, gn, wd_names, 7);
        if (w < 0)
            return 0;
        int64_t delta = ((int64_t)wd - w + 7) % 7;
        if (delta == 0 && h[0] == 'l')
            delta = 7;
        *lo = *hi = pub - delta;
        return 1;
    }
    if (!strcmp(h, "weekend") && (wd == 6 || wd == 0)) {
        *lo = wd == 6 ? pub : pub - 1;
        *hi = pub;
        return 1;
    }
    if (!strcmp(h, "weekend") || !strcmp(h, "last_weekend")) {
        int64_t sun = pub - (wd == 0 ? 7 : wd);
        *lo = sun - 1;
        *hi = sun;
        return 1;
    }
    if (!strcmp(h, "earlier_this_week")) {
        *lo = monday;
        *hi = pub > monday ? pub - 1 : pub;
        return 1;
    }
    if (!strcmp(h, "this_week")) {
        *lo = monday;
        return 1;
    }
    if (!strcmp(h, "last_week")) {
        *lo = monday - 7;
        *hi = monday - 1;
        return 1;
    }
    if (!strcmp(h, "earlier_this_month") || !strcmp(h, "this_month")) {
        *lo = tr_days_from_civil(y, m, 1);
        if (h[0] == 'e' && pub > *lo)
            *hi = pub - 1;
        return 1;
    }
    if (!strcmp(h, "last_month")) {
        month_range(m == 1 ? y - 1 : y, m == 1 ? 12 : m - 1, lo, hi);
        return 1;
    }
    if (!strcmp(h, "earlier_this_year") || !strcmp(h, "this_year")) {
        *lo = tr_days_from_civil(y, 1, 1);
        if (h[0] == 'e' && pub > *lo)
            *hi = pub - 1;
        return 1;
    }
    if (!strcmp(h, "last_year")) {
        *lo = tr_days_from_civil(y - 1, 1, 1);
        *hi = tr_days_from_civil(y - 1, 12, 31);
        return 1;
    }
    if (!strcmp(h, "month") || !strcmp(h, "month_year") || !strcmp(h, "month_last_year") ||
        !strcmp(h, "day_month")) {
        if (!group(p, ov, G_MONTH, base, &gs, &gn))
            return 0;
        int mi = prefix_index(gs, gn, month_names, 12);
        if (mi < 0)
            return 0;
        unsigned mm = (unsigned)mi + 1;
        int64_t yy = mm <= m ? y : y - 1;
        if (!strcmp(h, "month_last_year"))
            yy = y - 1;
        if (group(p, ov, G_YEAR, base, &gs, &gn)) {
            long v = small_number(gs, gn);
            if (v < 1000 || v > 9999)
                return 0;
            yy = v;
        }
        if (!strcmp(h, "day_month")) {
            long dd = group(p, ov, G_DAY, base, &gs, &gn) ? small_number(gs, gn) : -1;
            if (dd < 1 || (unsigned)dd > tr_days_in_month(yy, mm))
                return 0;
            int64_t z = tr_days_from_civil(yy, mm, (unsigned)dd);
            if (z > pub && !group(p, ov, G_YEAR, base, &gs, &gn) && dd <= 28)
                z = tr_days_from_civil(yy - 1, mm, (unsigned)dd);
            if (z > pub)
                return 0;
            *lo = *hi = z;
            return 1;
        }
        month_range(yy, mm, lo, hi);
        if (*lo > pub)
            return 0;
        if (*hi > pub)
            *hi = pub;
        return 1;
    }
    if (!strcmp(h, "year")) {
        if (!group(p, ov, G_YEAR, base, &gs, &gn))
            return 0;
        long v = small_number(gs, gn);
        if (v < 1000 || v > y)
            return 0;
        *lo = tr_days_from_civil(v, 1, 1);
        *hi = v == y ? pub : tr_days_from_civil(v, 12, 31);
        return 1;
    }
    if (!strcmp(h, "days_ago")) {
        long v = group(p, ov, G_N, base, &gs, &gn) ? small_number(gs, gn) : -1;
        if (v < 0 || v > 3660)
            return 0;
        *lo = *hi = pub - v;
        return 1;
    }
    if (!strcmp(h, "later"))
        return 2;
    return 0; /* "future" and unknown handlers */
}

typedef struct cand {
    size_t s, e;
    const xpat *p;
    PCRE2_SIZE ov[64];
} cand;

static int cand_cmp(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    if (x->s != y->s)
        return x->s < y->s ? -1 : 1;
    size_t lx = x->e - x->s, ly = y->e - y->s;
    return lx > ly ? -1 : lx < ly ? 1 : 0;
}

static int excluded(size_t s, size_t e, const xspan *ex, size_t nex)
{
    for (size_t i = 0; i < nex; i++)
        if (s < ex[i].e && ex[i].s < e)
            return 1;
    return 0;
}

/* Finds the first date expression in text[rs..re) outside the excluded
** spans and resolves it against pub.  Returns 1 with *out filled, 0 when
** there is none, -1 on out of memory. */
int x_find_date(const tr_extractor *x, const char *text, size_t rs, size_t re,
                const xspan *ex, size_t nex, int64_t pub, pcre2_match_data *md,
                pcre2_match_context *mc, xdate *out)
{
    cand *c = NULL;
    size_t nc = 0, cap = 0;
    for (size_t i = 0; i < x->npats; i++) {
        const xpat *p = &x->pats[i];
        if (p->kind != PK_DATE)
            continue;
        size_t off = 0;
        while (off <= re - rs) {
            int rc = pcre2_match(p->re, (PCRE2_SPTR)(text + rs), re - rs, off,
                                 PCRE2_NO_UTF_CHECK, md, mc);
            if (rc < 0)
                break;
            PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
            size_t s = rs + ov[0], e = rs + ov[1];
            if (e > s && !excluded(s, e, ex, nex)) {
                if (nc == cap) {
                    size_t ncap = cap ? cap * 2 : 8;
                    cand *nv = realloc(c, ncap * sizeof *nv);
                    if (!nv) {
                        free(c);
                        return -1;
                    }
                    c = nv;
                    cap = ncap;
                }
                c[nc].s = s;
                c[nc].e = e;
                c[nc].p = p;
                uint32_t np = pcre2_get_ovector_count(md);
                for (uint32_t k = 0; k < 64; k++)
                    c[nc].ov[k] = k < 2 * np ? ov[k] : PCRE2_UNSET;
                nc++;
            }
            off = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
        }
    }
    if (nc)
        qsort(c, nc, sizeof *c, cand_cmp);
    size_t used_e = 0;
    int found = 0;
    for (size_t i = 0; i < nc && !found; i++) {
        if (c[i].s < used_e)
            continue;
        used_e = c[i].e;
        int64_t lo, hi;
        int r = resolve(c[i].p, c[i].ov, text + rs, pub, &lo, &hi);
        if (r) {
            out->lo = lo;
            out->hi = hi;
            out->later = r == 2;
            out->expr.s = c[i].s;
            out->expr.e = c[i].e;
            found = 1;
        }
    }
    free(c);
    return found;
}
