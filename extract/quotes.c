/*
** quotes.c: pairs quotation marks.
**
** The pairing table: “ „ and " open double quotes that ” (or " or “ for
** „) close; « opens and » closes; ‘ opens a single quote only at the
** start of a word and ’ closes it only when no letter follows, so the
** apostrophes of "can’t", "Trump’s" and "’90s" are never quotes; ‹ ›
** likewise.  Marks of the other family inside an open quote are nested
** and ignored, except that a double mark inside an open single quote
** shows the single mark was an apostrophe ("‘90s"): news put double
** quotes outside.  A paragraph that ends inside an open quote continues it
** when the next paragraph reopens it (the wire convention) or when the
** next paragraph's first mark of that family is a closing one; otherwise
** the quote is closed, best effort, at the paragraph end and flagged
** unbalanced.  One pass, linear in the text.
*/
#include "x_internal.h"

#include <stdlib.h>
#include <string.h>

enum { FAM_NONE, FAM_D, FAM_G, FAM_S, FAM_S2 };
enum { M_OPEN = 1, M_CLOSE = 2, M_BOTH = 3 };

static const struct {
    unsigned cp;
    int fam, role;
} marks[] = {
    {0x201C, FAM_D, M_OPEN}, {0x201D, FAM_D, M_CLOSE}, {0x201E, FAM_D, M_OPEN},
    {0x0022, FAM_D, M_BOTH}, {0x00AB, FAM_G, M_OPEN}, {0x00BB, FAM_G, M_CLOSE},
    {0x2018, FAM_S, M_OPEN}, {0x2019, FAM_S, M_CLOSE}, {0x2039, FAM_S2, M_OPEN},
    {0x203A, FAM_S2, M_CLOSE},
};

static int mark_of(unsigned cp, int *fam)
{
    for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++)
        if (marks[i].cp == cp) {
            *fam = marks[i].fam;
            return marks[i].role;
        }
    *fam = FAM_NONE;
    return 0;
}

/* The code point at s[i] as the quote scanner reads it: two ASCII
** apostrophes ('', the New York Times' double quote) read as one straight
** double quote mark.  *next gets the offset after it. */
unsigned x_mark_at(const char *s, size_t len, size_t i, size_t *next)
{
    if (i + 1 < len && s[i] == '\'' && s[i + 1] == '\'') {
        *next = i + 2;
        return '"';
    }
    return x_decode(s, len, i, next);
}

/* 1 when cp can open a quotation (used to tell a reopened paragraph). */
int x_is_open_mark(unsigned cp)
{
    int fam;
    int r = mark_of(cp, &fam);
    return (r & M_OPEN) != 0;
}

/* 1 when the text has blank lines, which then separate paragraphs (and
** single newlines are wrapping); otherwise every newline does. */
int x_blank_mode(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (s[i] != '\n')
            continue;
        size_t j = i + 1;
        while (j < len && (s[j] == ' ' || s[j] == '\t' || s[j] == '\r'))
            j++;
        if (j < len && s[j] == '\n')
            return 1;
    }
    return 0;
}

/* 1 when the newline at s[i] ends a paragraph; *next gets the start of
** the next paragraph (after all white space).  With blank lines in the
** text, a single newline still ends one when the line ends a sentence
** (. ! ? : or a closing quote after one) and the next opens with a
** capital, a digit or a quotation mark: texts mix the two layouts. */
int x_para_break(const char *s, size_t len, size_t i, int blank, size_t *next)
{
    size_t j = i + 1, nl = 1;
    while (j < len && (s[j] == ' ' || s[j] == '\t' || s[j] == '\r' || s[j] == '\n'))
        nl += s[j++] == '\n';
    *next = j;
    if (!blank || nl >= 2 || j >= len)
        return 1;
    size_t e = i;
    while (e > 0 && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r'))
        e--;
    while (e > 0 && (s[e - 1] == '"' || s[e - 1] == '\'' || s[e - 1] == ')' ||
                     (e >= 3 && (unsigned char)s[e - 3] == 0xE2 && (unsigned char)s[e - 2] == 0x80 &&
                      ((unsigned char)s[e - 1] == 0x9D || (unsigned char)s[e - 1] == 0x99))))
        e -= (unsigned char)s[e - 1] >= 0x80 ? 3 : 1;
    if (e == 0 || !strchr(".!?:", s[e - 1]))
        return 0;
    size_t nx;
    unsigned c = x_mark_at(s, len, j, &nx);
    return x_is_upper_at(s, len, j) || x_is_open_mark(c) || (c >= '0' && c <= '9');
}

static int is_space_or_end(const char *s, size_t len, size_t i)
{
    size_t nx;
    return i >= len || x_is_space_at(s, len, i, &nx);
}

static int letter_before(const char *s, size_t i)
{
    /* the previous byte is enough for "is there a word before": any
       non-ASCII lead or continuation byte counts as a letter */
    if (i == 0)
        return 0;
    unsigned char c = (unsigned char)s[i - 1];
    return c >= 0x80 || (c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z');
}

/* Role of the straight double quote at s[i]: open when it starts a word,
** close otherwise. */
static int straight_role(const char *s, size_t len, size_t i, size_t after)
{
    int sp_before = i == 0 || s[i - 1] == ' ' || s[i - 1] == '\n' || s[i - 1] == '\t' ||
                    s[i - 1] == '(' || s[i - 1] == '[' || s[i - 1] == '-';
    int sp_after = is_space_or_end(s, len, after);
    if (sp_before && !sp_after)
        return M_OPEN;
    if (!sp_before && sp_after)
        return M_CLOSE;
    return M_BOTH;
}

/* The first mark of family fam in the paragraph starting at p: its role,
** or 0 when the paragraph has none. */
static int first_mark_role(const char *s, size_t len, size_t p, int blank, int fam)
{
    size_t i = p, nx;
    while (i < len) {
        if (s[i] == '\n') {
            size_t np;
            if (x_para_break(s, len, i, blank, &np))
                return 0;
        }
        unsigned cp = x_mark_at(s, len, i, &nx);
        int f, r = mark_of(cp, &f);
        if (r && f == fam) {
            if (cp == '"')
                r = straight_role(s, len, i, nx);
            return r == M_BOTH ? M_CLOSE : r;
        }
        i = nx;
    }
    return 0;
}

static int push(xquote **v, size_t *n, size_t *cap, xquote q)
{
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 32;
        xquote *nv = realloc(*v, nc * sizeof *nv);
        if (!nv)
            return -1;
        *v = nv;
        *cap = nc;
    }
    (*v)[(*n)++] = q;
    return 0;
}

/* Finds the quotations of s[0..len) (valid UTF-8), in text order.  *out
** is a new array the caller frees; -1 on out of memory. */
int x_find_quotes(const char *s, size_t len, xquote **out, size_t *n)
{
    int blank = x_blank_mode(s, len);
    xquote *v = NULL, cur = {0, 0, 0, 0, 0, 0};
    size_t nv = 0, cap = 0, i = 0, nx;
    int fam = FAM_NONE; /* family of the open quote */
    unsigned opener = 0;
    while (i < len) {
        if (s[i] == '\n') {
            size_t np;
            if (fam != FAM_NONE && x_para_break(s, len, i, blank, &np)) {
                /* a paragraph ends inside an open quote */
                size_t nx2;
                unsigned c2 = np < len ? x_mark_at(s, len, np, &nx2) : 0;
                int f2, r2 = mark_of(c2, &f2);
                int same = f2 == fam || (fam == FAM_D && c2 == '"');
                if (np < len && same && (r2 & M_OPEN)) {
                    cur.multipara = 1;
                    i = nx2;
                    continue;
                }
                if (np < len && (fam == FAM_D || fam == FAM_G) &&
                    first_mark_role(s, len, np, blank, fam) == M_CLOSE) {
                    cur.multipara = 1;
                    i = np;
                    continue;
                }
                if (fam == FAM_D || fam == FAM_G) {
                    /* best effort: the quote ends with its paragraph */
                    size_t e = i;
                    while (e > cur.cs && (s[e - 1] == '\r' || s[e - 1] == ' '))
                        e--;
                    cur.ce = cur.close = e;
                    cur.unbalanced = 1;
                    if (push(&v, &nv, &cap, cur))
                        goto oom;
                }
                /* a single ‘ never closed was not a quote */
                fam = FAM_NONE;
                i = np;
                continue;
            }
        }
        unsigned cp = x_mark_at(s, len, i, &nx);
        int f, r = mark_of(cp, &f);
        if (!r) {
            i = nx;
            continue;
        }
        if (fam == FAM_NONE) {
            int role = cp == '"' ? straight_role(s, len, i, nx) : r;
            int ok = role & M_OPEN;
            if (f == FAM_S || f == FAM_S2) /* single: only at a word start */
                ok = ok && !letter_before(s, i) && nx < len && x_is_letter_at(s, len, nx);
            if (ok && role != M_CLOSE) {
                fam = f;
                opener = cp;
                cur.open = i;
                cur.cs = nx;
                cur.unbalanced = cur.multipara = 0;
            }
            i = nx;
            continue;
        }
        /* a single quote open when a double mark comes was an apostrophe
           ("‘90s", "rock ‘n’ roll"): news quotes are double outside */
        if ((fam == FAM_S || fam == FAM_S2) && f == FAM_D) {
            fam = FAM_NONE;
            continue; /* this mark again, with no quote open */
        }
        /* a quote is open: does this mark close it? */
        int closes = 0;
        if (fam == FAM_D)
            closes = cp == 0x201D || (cp == '"' && (opener == '"' || opener == 0x201C)) ||
                     (cp == 0x201C && opener == 0x201E);
        else if (fam == FAM_G)
            closes = cp == 0x00BB;
        else if (fam == FAM_S)
            closes = cp == 0x2019 && !(nx < len && x_is_letter_at(s, len, nx));
        else if (fam == FAM_S2)
            closes = cp == 0x203A;
        if (closes) {
            cur.ce = i;
            cur.close = nx;
            if (push(&v, &nv, &cap, cur))
                goto oom;
            fam = FAM_NONE;
        }
        i = nx;
    }
    if (fam == FAM_D || fam == FAM_G) {
        size_t e = len;
        while (e > cur.cs && (s[e - 1] == '\n' || s[e - 1] == '\r' || s[e - 1] == ' '))
            e--;
        cur.ce = cur.close = e;
        cur.unbalanced = 1;
        if (push(&v, &nv, &cap, cur))
            goto oom;
    }
    *out = v;
    *n = nv;
    return 0;
oom:
    free(v);
    return -1;
}
