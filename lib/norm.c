/*
** norm.c: the normal form of a quotation's words (see norm.h).
*/
#include "norm.h"

#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "text.h"

/* 1 when code point c is part of a word: a letter, a digit or a mark. */
static int word_char(utf8proc_int32_t c)
{
    utf8proc_category_t k = utf8proc_category(c);
    return (k >= UTF8PROC_CATEGORY_LU && k <= UTF8PROC_CATEGORY_LO) ||
           (k >= UTF8PROC_CATEGORY_MN && k <= UTF8PROC_CATEGORY_ME) ||
           (k >= UTF8PROC_CATEGORY_ND && k <= UTF8PROC_CATEGORY_NO);
}

/* The code point at f[i..n), its length in *k (0 at the end). */
static utf8proc_int32_t at(const char *f, size_t i, size_t n, utf8proc_ssize_t *k)
{
    utf8proc_int32_t c = -1;
    *k = i < n ? utf8proc_iterate((const utf8proc_uint8_t *)f + i, (utf8proc_ssize_t)(n - i), &c) : 0;
    if (*k < 0)
        *k = 1; /* not UTF-8: tr_fold_text has refused it already */
    return c;
}

/* s in the normal form; see norm.h.  Owner: the caller. */
char *tr_quote_norm(const char *s, size_t *nwords)
{
    char *f = tr_fold_text(s); /* case folded, quotes and apostrophes straight */
    if (!f)
        return NULL;
    size_t n = strlen(f), o = 0, words = 0;
    char *out = malloc(2 * n + 1); /* each "&" (1 byte) may become " and " */
    if (!out) {
        free(f);
        return NULL;
    }
    int in_word = 0;
    for (size_t i = 0; i < n;) {
        utf8proc_ssize_t k;
        utf8proc_int32_t c = at(f, i, n, &k);
        if (word_char(c)) {
            if (!in_word && o)
                out[o++] = ' ';
            if (!in_word)
                words++;
            memcpy(out + o, f + i, (size_t)k);
            o += (size_t)k;
            in_word = 1;
        } else if (c == '\'' && in_word) { /* inside a word only: "can't", not 'quoted' */
            utf8proc_ssize_t k2;
            if (word_char(at(f, i + (size_t)k, n, &k2)))
                out[o++] = '\'';
            else
                in_word = 0;
        } else if (c == '&') {
            if (o)
                out[o++] = ' ';
            memcpy(out + o, "and", 3);
            o += 3;
            words++;
            in_word = 0;
        } else {
            in_word = 0;
        }
        i += (size_t)k;
    }
    out[o] = '\0';
    free(f);
    if (nwords)
        *nwords = words;
    return out;
}

/* 1 when a holds b as a run of whole words. */
int tr_quote_holds(const char *a, const char *b)
{
    size_t nb = strlen(b);
    if (!nb)
        return 0;
    for (const char *p = strstr(a, b); p; p = strstr(p + 1, b))
        if ((p == a || p[-1] == ' ') && (p[nb] == '\0' || p[nb] == ' '))
            return 1;
    return 0;
}

/* The number of words of normal form s. */
static size_t count_words(const char *s)
{
    size_t n = *s ? 1 : 0;
    for (; *s; s++)
        n += *s == ' ';
    return n;
}

/* 1 when x and y may link as one quotation; see norm.h. */
int tr_quote_links(const char *x, const char *y, int *x_holds_y)
{
    char *a = tr_quote_norm(x, NULL), *b = tr_quote_norm(y, NULL);
    int hit = 0, dir = 1;
    if (a && b) {
        size_t la = strlen(a), lb = strlen(b);
        dir = la >= lb;
        const char *lng = dir ? a : b, *sht = dir ? b : a;
        hit = count_words(sht) >= TR_LINK_MIN_WORDS && tr_quote_holds(lng, sht);
    }
    free(a);
    free(b);
    if (x_holds_y)
        *x_holds_y = dir;
    return hit;
}
