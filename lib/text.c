/*
** text.c: UTF-8 validation, name folding (through utf8proc), edit
** distance and the growable buffer declared in text.h.
*/
#include "text.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* Returns the offset of the first invalid UTF-8 sequence, or (size_t)-1:
** the one validator every input path goes through, on utf8proc's decoder
** (overlong forms, surrogates and code points past U+10FFFF are invalid). */
size_t tr_utf8_invalid_at(const char *str, size_t n)
{
    const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)str;
    size_t i = 0;
    while (i < n) {
        if (s[i] < 0x80) {
            i++;
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(s + i, (utf8proc_ssize_t)(n - i), &cp);
        if (k < 0)
            return i;
        i += (size_t)k;
    }
    return (size_t)-1;
}

/* Appends s made safe for a terminal; see text.h. */
int tr_buf_add_visible(tr_buf *b, const char *s, size_t n, int flags)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, plain = 0;
    while (i < n) {
        unsigned c = u[i];
        size_t len = 1;
        int32_t cp = -1;
        if (c >= 0x80) {
            utf8proc_int32_t v;
            utf8proc_ssize_t k = utf8proc_iterate(u + i, (utf8proc_ssize_t)(n - i), &v);
            if (k > 0) {
                len = (size_t)k;
                cp = v;
            }
        } else {
            cp = (int32_t)c;
        }
        int ws = cp == '\t' || cp == '\n' || cp == '\r';
        int unsafe = cp < 0 || cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) ||
                     (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
        if (ws && (flags & TR_VIS_LINES) && cp != '\r')
            unsafe = 0;
        if (!unsafe) {
            i += len;
            continue;
        }
        tr_buf_add(b, s + plain, i - plain);
        if (ws && (flags & TR_VIS_SPACES))
            tr_buf_add(b, " ", 1);
        else if (cp < 0 || cp < 0x80)
            tr_buf_printf(b, "\\x%02x", c);
        else
            tr_buf_printf(b, "\\u%04x", (unsigned)cp);
        i += len;
        plain = i;
    }
    tr_buf_add(b, s + plain, n - plain);
    return b->oom ? -1 : 0;
}

/* Folds a name to its lookup key; see text.h.  Caller frees. */
char *tr_fold_name(const char *s)
{
    utf8proc_uint8_t *mapped = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, 0, &mapped,
                                      UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPAT |
                                          UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD |
                                          UTF8PROC_STRIPMARK | UTF8PROC_IGNORE);
    if (n < 0)
        return NULL;
    char *out = malloc((size_t)n + 1);
    if (!out) {
        free(mapped);
        return NULL;
    }
    size_t o = 0;
    int space = 0;
    utf8proc_ssize_t i = 0;
    while (i < n) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(mapped + i, n - i, &cp);
        if (k <= 0)
            break;
        utf8proc_category_t cat = utf8proc_category(cp);
        int word = (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
                   (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO);
        int sep = cat == UTF8PROC_CATEGORY_ZS || cp == '\t' || cp == '\n' || cp == '\r' ||
                  cp == '-' || cp == '_' || cp == '/' || cp == ',';
        if (word) {
            if (space && o)
                out[o++] = ' ';
            space = 0;
            memcpy(out + o, mapped + i, (size_t)k);
            o += (size_t)k;
        } else if (sep) {
            space = 1;
        }
        i += k;
    }
    out[o] = '\0';
    free(mapped);
    return out;
}

/* s case-folded for a literal comparison; see text.h. */
char *tr_fold_text(const char *s)
{
    utf8proc_uint8_t *mapped = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, 0, &mapped,
                                      UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE |
                                          UTF8PROC_CASEFOLD);
    if (n < 0)
        return NULL;
    /* Curly quotes and apostrophes read as the straight ones (in place:
    ** each is three bytes and becomes one). */
    char *out = (char *)mapped;
    size_t o = 0;
    for (utf8proc_ssize_t i = 0; i < n;) {
        utf8proc_int32_t c;
        utf8proc_ssize_t k = utf8proc_iterate(mapped + i, n - i, &c);
        if (k <= 0)
            break;
        if (c == 0x2018 || c == 0x2019 || c == 0x02BC)
            out[o++] = '\'';
        else if (c == 0x201C || c == 0x201D)
            out[o++] = '"';
        else {
            memmove(out + o, mapped + i, (size_t)k);
            o += (size_t)k;
        }
        i += k;
    }
    out[o] = '\0';
    return out;
}

/* The terminal columns of the n bytes of s; see text.h. */
size_t tr_utf8_width(const char *s, size_t n)
{
    size_t w = 0, i = 0;
    while (i < n) {
        utf8proc_int32_t c;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &c);
        if (k <= 0) {
            w++;
            i++;
            continue;
        }
        int cw = utf8proc_charwidth(c);
        w += cw > 0 ? (size_t)cw : 0;
        i += (size_t)k;
    }
    return w;
}

/* The optimal string alignment distance (Damerau-Levenshtein with
** adjacent transpositions, each substring edited once) between a and b,
** in bytes, capped at max+1.  Three rows of the dynamic programme. */
size_t tr_edit_distance(const char *a, const char *b, size_t max)
{
    size_t la = strlen(a), lb = strlen(b);
    if ((la > lb ? la - lb : lb - la) > max)
        return max + 1;
    size_t *rows = malloc(3 * (lb + 1) * sizeof *rows);
    if (!rows)
        return max + 1;
    size_t *two = rows, *one = rows + lb + 1, *cur = rows + 2 * (lb + 1);
    for (size_t j = 0; j <= lb; j++)
        one[j] = j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = i;
        size_t best = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t sub = one[j - 1] + (a[i - 1] != b[j - 1]);
            size_t del = one[j] + 1, ins = cur[j - 1] + 1;
            size_t d = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && two[j - 2] + 1 < d)
                d = two[j - 2] + 1;
            cur[j] = d;
            if (d < best)
                best = d;
        }
        if (best > max) {
            free(rows);
            return max + 1;
        }
        size_t *t = two;
        two = one;
        one = cur;
        cur = t;
    }
    size_t d = one[lb];
    free(rows);
    return d > max ? max + 1 : d;
}

/* Initialises b to the empty buffer. */
void tr_buf_init(tr_buf *b)
{
    b->data = NULL;
    b->len = b->cap = 0;
    b->oom = 0;
}

/* Makes room for n more bytes plus a NUL; 0, or -1 (and oom) when memory
** runs out or ran out before. */
static int grow(tr_buf *b, size_t n)
{
    if (b->oom)
        return -1;
    if (b->len + n + 1 <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + n + 1)
        cap *= 2;
    char *p = realloc(b->data, cap);
    if (!p) {
        b->oom = 1;
        return -1;
    }
    b->data = p;
    b->cap = cap;
    return 0;
}

/* Appends n bytes of p; 0 on success, -1 when out of memory. */
int tr_buf_add(tr_buf *b, const char *p, size_t n)
{
    if (grow(b, n))
        return -1;
    memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

/* Appends a NUL-terminated string; 0 or -1. */
int tr_buf_puts(tr_buf *b, const char *s)
{
    return tr_buf_add(b, s, strlen(s));
}

/* Appends printf-style text; 0 or -1. */
int tr_buf_printf(tr_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || grow(b, (size_t)n))
        return -1;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return 0;
}

/* Empties b, keeping its memory. */
void tr_buf_reset(tr_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

/* Frees b's memory and empties it (oom cleared). */
void tr_buf_free(tr_buf *b)
{
    free(b->data);
    tr_buf_init(b);
}

/* The pool's copy of s; see text.h. */
const char *tr_strpool_get(tr_strpool *p, const char *s, int *oom)
{
    if (!s)
        return NULL;
    for (size_t i = 0; i < p->n; i++)
        if (!strcmp(s, p->v[i]))
            return p->v[i];
    char **v = realloc(p->v, (p->n + 1) * sizeof *v);
    char *copy = strdup(s);
    if (v)
        p->v = v;
    if (!v || !copy) {
        free(copy);
        *oom = 1;
        return NULL;
    }
    return p->v[p->n++] = copy;
}

/* Frees every string of p. */
void tr_strpool_free(tr_strpool *p)
{
    for (size_t i = 0; i < p->n; i++)
        free(p->v[i]);
    free(p->v);
    p->v = NULL;
    p->n = 0;
}
