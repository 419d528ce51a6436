/*
** sentences.c: splits text into paragraphs and sentences around the
** paired quotations.
**
** A sentence never ends inside a quotation.  It ends at a paragraph
** break; after a closing mark when the quotation's last character is
** . ! or ? and a capital or an opening mark follows; and at . ! ? followed
** by white space (a no-break space too) and a capital, a digit or an opening mark, unless the
** word before the stop is an abbreviation (a word with an inner dot such
** as "U.S.", a single capital, or a word in abbreviations.txt).  Linear.
*/
#include "x_internal.h"

#include <stdlib.h>
#include <string.h>

static int push(xsent **v, size_t *n, size_t *cap, xsent q)
{
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 64;
        xsent *nv = realloc(*v, nc * sizeof *nv);
        if (!nv)
            return -1;
        *v = nv;
        *cap = nc;
    }
    (*v)[(*n)++] = q;
    return 0;
}

static size_t skip_space(const char *s, size_t len, size_t i)
{
    size_t nx;
    while (i < len && x_is_space_at(s, len, i, &nx))
        i = nx;
    return i;
}

static int is_abbrev(const tr_extractor *x, const char *s, size_t dot)
{
    size_t b = dot;
    while (b > 0 && s[b - 1] != ' ' && s[b - 1] != '\n' && s[b - 1] != '\t' &&
           s[b - 1] != '(' && s[b - 1] != '"')
        b--;
    if (b == dot)
        return 0;
    if (memchr(s + b, '.', dot - b))
        return 1;
    if (dot - b == 1 && s[b] >= 'A' && s[b] <= 'Z')
        return 1;
    return x_list_has(x_list(x, "abbreviations"), s + b, dot - b, 0);
}

static int starts_sentence(const char *s, size_t len, size_t k)
{
    size_t nx;
    if (k >= len)
        return 1;
    unsigned c = x_mark_at(s, len, k, &nx);
    return x_is_upper_at(s, len, k) || x_is_open_mark(c) || (c >= '0' && c <= '9');
}

static int close_sentence(xsent **v, size_t *n, size_t *cap, const char *s, size_t st,
                          size_t e, size_t para, size_t q0, size_t q1)
{
    while (e > st && (s[e - 1] == ' ' || s[e - 1] == '\n' || s[e - 1] == '\r' ||
                      s[e - 1] == '\t'))
        e--;
    if (e <= st)
        return 0;
    xsent x = {st, e, para, q0, q1};
    return push(v, n, cap, x);
}

/* Splits s[0..len) into sentences; q are the quotations (text order).
** *out is a new array the caller frees; -1 on out of memory. */
int x_find_sentences(const tr_extractor *x, const char *s, size_t len,
                     const xquote *q, size_t nq, xsent **out, size_t *n)
{
    int blank = x_blank_mode(s, len);
    xsent *v = NULL;
    size_t nv = 0, cap = 0, para = 0, qi = 0, q0 = 0, spara = 0;
    size_t st = skip_space(s, len, 0), i = st, nx;
    while (i < len) {
        if (qi < nq && i >= q[qi].open) {
            size_t j = q[qi].close;
            for (size_t k = q[qi].cs; k < q[qi].ce; k++) {
                size_t np;
                if (s[k] == '\n' && x_para_break(s, len, k, blank, &np))
                    para++;
            }
            size_t le = q[qi].ce;
            while (le > q[qi].cs && (s[le - 1] == ' ' || s[le - 1] == '\n'))
                le--;
            int stop = le > q[qi].cs && (s[le - 1] == '.' || s[le - 1] == '!' ||
                                        s[le - 1] == '?');
            qi++;
            size_t k = skip_space(s, len, j);
            if (stop && starts_sentence(s, len, k) && !memchr(s + j, '\n', k - j)) {
                if (close_sentence(&v, &nv, &cap, s, st, j, spara, q0, qi))
                    goto oom;
                st = k;
                q0 = qi;
                spara = para;
            }
            i = j > i ? j : i + 1;
            continue;
        }
        char c = s[i];
        if (c == '\n') {
            size_t np;
            if (x_para_break(s, len, i, blank, &np)) {
                if (close_sentence(&v, &nv, &cap, s, st, i, spara, q0, qi))
                    goto oom;
                spara = ++para;
                st = i = np;
                q0 = qi;
                continue;
            }
        }
        if (c == '.' || c == '!' || c == '?') {
            size_t j = i + 1;
            while (j < len && (s[j] == '.' || s[j] == '!' || s[j] == '?' || s[j] == ')'))
                j++;
            size_t nsp;
            if (j < len && s[j] != '\n' && x_is_space_at(s, len, j, &nsp)) { /* NBSP too */
                size_t k = skip_space(s, len, j);
                if (!memchr(s + j, '\n', k - j) && starts_sentence(s, len, k) &&
                    (c != '.' || !is_abbrev(x, s, i))) {
                    if (close_sentence(&v, &nv, &cap, s, st, j, spara, q0, qi))
                        goto oom;
                    st = i = k;
                    q0 = qi;
                    spara = para;
                    continue;
                }
            }
        }
        x_decode(s, len, i, &nx);
        i = nx > i ? nx : i + 1;
    }
    if (close_sentence(&v, &nv, &cap, s, st, len, spara, q0, qi))
        goto oom;
    *out = v;
    *n = nv;
    return 0;
oom:
    free(v);
    return -1;
}
