/*
** x_internal.h: shared types of the extraction engine (not installed).
*/
#ifndef TR_X_INTERNAL_H
#define TR_X_INTERNAL_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stddef.h>
#include <stdint.h>

#include "date.h"
#include "extract.h"

/* A byte range [s, e). */
typedef struct xspan {
    size_t s, e;
} xspan;

/* A word list loaded from NAME.txt. */
typedef struct xlist {
    char *name;
    char **w;
    size_t n;
} xlist;

/* One row of sides.tsv: a word or phrase and the side it names. */
typedef struct xside {
    char *key;
    char *side;
} xside;

enum xkind { PK_AFTER, PK_BEFORE, PK_REPORTED, PK_SPLIT, PK_IGNORE, PK_DATE, PK_STRIP, PK_TAIL,
             PK_TRAIL };

/* Named capture groups the engine reads; -1 when a pattern lacks one. */
enum xgroup { G_SPEAKER, G_CLAUSE, G_CLAUSE2, G_VIA, G_VERB, G_APPOS, G_WD, G_MONTH,
              G_YEAR, G_DAY, G_N, G_FIRST, G_COUNT };

typedef struct xpat {
    int kind;
    char *name;     /* rule name; for dates, the handler */
    char *file;
    int line;
    pcre2_code *re;
    char *src;      /* the expanded regex, as compiled */
    int g[G_COUNT];
} xpat;

struct tr_extractor {
    xpat *pats;
    size_t npats;
    xlist *lists;
    size_t nlists;
    xside *sides;
    size_t nsides;
};

/* A paired quotation: the marks at [open, cs) and [ce, close). */
typedef struct xquote {
    size_t open, cs, ce, close;
    int unbalanced; /* closed at a paragraph end without a mark */
    int multipara;  /* continued across paragraphs */
} xquote;

typedef struct xsent {
    size_t s, e;
    size_t para;
    size_t q0, q1; /* quotes [q0, q1) open inside the sentence */
} xsent;

int x_parse_day(const char *s, int64_t *days);
void x_format_interval(int64_t lo, int64_t hi, char *buf, size_t n);

/* text.c */
int x_utf8_check(const char *s, size_t len, size_t *bad);
unsigned x_decode(const char *s, size_t len, size_t i, size_t *next);
int x_is_upper_at(const char *s, size_t len, size_t i);
int x_is_letter_at(const char *s, size_t len, size_t i);
int x_is_space_at(const char *s, size_t len, size_t i, size_t *next);

/* quotes.c */
int x_find_quotes(const char *s, size_t len, xquote **out, size_t *n);
int x_is_open_mark(unsigned c);
unsigned x_mark_at(const char *s, size_t len, size_t i, size_t *next);
int x_blank_mode(const char *s, size_t len);
int x_para_break(const char *s, size_t len, size_t i, int blank, size_t *next);

/* sentences.c */
int x_find_sentences(const tr_extractor *x, const char *s, size_t len,
                     const xquote *q, size_t nq, xsent **out, size_t *n);

/* patterns.c */
const xlist *x_list(const tr_extractor *x, const char *name);
int x_list_has(const xlist *l, const char *w, size_t n, int icase);
const char *x_side_of(const tr_extractor *x, const char *w, size_t n);

#endif
