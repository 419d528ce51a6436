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

/* A weighted feature of a linear model (model.c). */
typedef struct xfeat {
    char *name;
    double w;
} xfeat;

/* A linear model: bias + the weights of the features present. */
typedef struct xmodel {
    char *name;   /* "cue" or "end" */
    double bias;
    double threshold; /* a score above it says yes (0 unless the file says) */
    xfeat *f;     /* sorted by name */
    size_t n, cap;
    size_t *slot; /* hash index: slot[h] is 1 + an index into f, 0 empty */
    size_t mask;  /* the number of slots - 1 (a power of two - 1) */
} xmodel;

struct tr_extractor {
    xmodel *models; /* attribution.model, when the directory has one */
    size_t nmodels;
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

/* A token of a sentence (cues.c): kind 'w' a word, 'o' / 'c' an opening /
** closing quotation mark, or the mark itself: , ; : ( ) ? ! . and '-' for a
** dash; inq when it stands inside a quotation. */
typedef struct xctok {
    size_t s, e;
    char kind;
    int inq;
} xctok;

/* Features of one decision: NUL-terminated strings in buf. */
#define XF_MAX 40
typedef struct xfs {
    char buf[1536];
    size_t used;
    const char *f[XF_MAX];
    size_t n;
} xfs;

/* A place where a candidate's content may end: before token tok, at byte
** offset at. */
typedef struct xcend {
    size_t at, tok;
    xfs f;
} xcend;

/* A candidate cue (cues.c): the cue words, the speaker words (empty when
** none stand before it), the content's first byte and token, the ends it
** may have, and the features of the cue. */
#define XC_MAXE 24
typedef struct xcand {
    xspan cue, speaker;
    size_t cs, first;
    xcend ends[XC_MAXE];
    size_t nends;
    xfs f;
} xcand;

size_t x_tokens(const char *t, size_t len, size_t s, size_t e, const xquote *q, size_t nq,
                xctok *out, size_t max);
size_t x_ends(const tr_extractor *x, const char *t, const xctok *k, size_t nk, size_t s,
              const char *cue, xcend *ends);
int x_cue_at(const tr_extractor *x, const char *t, const xctok *k, size_t nk, size_t i, int pat,
             xcand *c);

/* extract.c: tr_extract, with every candidate of the cue layer handed to
** cb instead of scored (the trainer's entry); taken is 1 for the clause of
** a pattern rule (only its ends are to be decided), 0 for a cue of the cue
** layer. */
typedef void (*x_cand_cb)(void *ctx, const char *text, const xcand *c, int taken);
tr_status x_extract_candidates(const tr_extractor *x, const char *text, size_t len,
                               const tr_extract_opts *opts, x_cand_cb cb, void *cb_ctx,
                               tr_statement_list *out, tr_err *err);

/* patterns.c: tr_extractor_new, reading attribution.model only when
** models is 1 */
tr_status x_extractor_load(const char *patterns_dir, int models, tr_extractor **out, tr_err *err);

/* model.c */
const xmodel *x_model(const tr_extractor *x, const char *name);
double x_model_score(const xmodel *m, const char *const *f, size_t n);
size_t x_hash(const char *s);
tr_status x_models_load(tr_extractor *x, const char *path, tr_err *err);
void x_models_free(tr_extractor *x);

/* patterns.c */
const xlist *x_list(const tr_extractor *x, const char *name);
int x_list_has(const xlist *l, const char *w, size_t n, int icase);
const char *x_side_of(const tr_extractor *x, const char *w, size_t n);

#endif
