/*
** extract.h: raw news text to attributed, dated statements (SPEC §8).
**
** An extractor is built once from a directory of pattern files
** (rules/attribution/: *.pcre attribution and date patterns, *.txt word
** lists, sides.tsv) and is then read-only: one extractor can serve many
** tr_extract calls, from several threads.  See docs/extract.md.
*/
#ifndef TR_EXTRACT_H
#define TR_EXTRACT_H

#include <stddef.h>

#include "err.h"

typedef struct tr_extractor tr_extractor;

/* Resolves a name through a people registry.  Called with the name the
** extractor settled on (e.g. "Donald Trump" or "Trump"); returns 1 and
** fills canonical, side and gender ("f", "m" or "n") when the name is
** known (side[0] = 0, gender[0] = 0 when the registry has none), 0
** otherwise.  The buffers are NUL-terminated by the callee. */
typedef int (*tr_person_lookup)(void *ctx, const char *name, char *canonical,
                                size_t n, char *side, size_t nside, char *gender,
                                size_t ngender);

typedef struct tr_extract_opts {
    const char *published;   /* "YYYY-MM-DD", required */
    const char *source;      /* publisher, e.g. "Reuters"; may be NULL */
    const char *url;         /* may be NULL */
    tr_person_lookup lookup; /* may be NULL */
    void *lookup_ctx;
} tr_extract_opts;

typedef enum tr_speaker_kind {
    TR_SPEAKER_PERSON = 0,
    TR_SPEAKER_GROUP = 1,     /* "U.S. officials", "the health ministry" */
    TR_SPEAKER_ANONYMOUS = 2  /* "one of the officials", "a spokeswoman" */
} tr_speaker_kind;

/* Most parts one statement keeps: a quote split around its attribution
** ("A," she said. "B.") is one statement of two parts. */
#define TR_MAX_SPANS 8

typedef struct tr_statement {
    char *speaker;            /* canonical name */
    tr_speaker_kind speaker_kind;
    char *side;               /* "US", "RU", "US,EU" ... or NULL */
    char *text;               /* the article's bytes at span; for several
                                 parts, the parts joined by " … " */
    const char *mode;         /* "direct" or "reported" (static) */
    char *date;               /* EDTF level 0: "2017-07-20", "2017-07",
                                 "2017-07-01/2017-07-19" */
    char *date_expr;          /* the date words, or NULL */
    size_t span[2];           /* [start, end) byte offsets: the first part's
                                 start to the last part's end */
    size_t spans[TR_MAX_SPANS][2]; /* the parts, in text order */
    size_t nspans;            /* 1 or more */
    char *context;            /* the sentence (or question) that frames the
                                 statement: the article's bytes at
                                 context_span */
    size_t context_span[2];
    char *cue;                /* the attribution words */
    const char *rule;         /* the pattern rule that attributed it, e.g.
                                 "x_said_that" (static to the extractor) */
    int ambiguous;            /* 1 when the speaker is not certain */
    char *ambiguity;          /* why, or NULL */
} tr_statement;

typedef struct tr_statement_list {
    tr_statement *items;
    size_t n, cap;
} tr_statement_list;

/* Loads every pattern file and word list in patterns_dir and compiles
** the patterns (PCRE2, UTF + UCP; tr_extractor_jit adds the JIT).  On success *out is a new
** extractor the caller frees with tr_extractor_free.  Errors name
** FILE:LINE (TR_ECONFIG for a bad pattern, TR_ENOINPUT for a missing
** directory or file). */
tr_status tr_extractor_new(const char *patterns_dir, tr_extractor **out,
                           tr_err *err);

/* Rule i of x (0-based, in load order): its kind ("after", "reported",
** "date", ...), name and regex with every macro and list expanded (compiled
** with UTF, UCP and EXTENDED), all static to x.  Returns 0 past the last. */
int tr_extractor_rule(const tr_extractor *x, size_t i, const char **kind, const char **name,
                      const char **regex);

/* JIT-compiles x's rules: about 60 ms once, then matching is several
** times faster; worth it from some 64 KB of text (tracker extract does it
** when its input is that large).  Call before x serves any tr_extract;
** without it the rules run in PCRE2's interpreter. */
void tr_extractor_jit(tr_extractor *x);

/* Frees x and everything it owns; NULL is fine. */
void tr_extractor_free(tr_extractor *x);

/* Extracts the statements of text[0..len) into out (which must be
** zeroed or freshly freed; statements are appended in text order).
** opts->published is required.  Invalid UTF-8 or a NUL byte gives
** TR_EDATA naming the byte offset; an empty text gives TR_OK and no
** statements.  out owns its strings: free with tr_statement_list_free. */
tr_status tr_extract(const tr_extractor *x, const char *text, size_t len,
                     const tr_extract_opts *opts, tr_statement_list *out,
                     tr_err *err);

/* Frees the statements of l and resets it to empty. */
void tr_statement_list_free(tr_statement_list *l);

/* "person", "group" or "anonymous" (static storage). */
const char *tr_speaker_kind_name(tr_speaker_kind k);

/* Writes s as one JSON object (no newline) into a new string *json_out
** that the caller frees with free(): speaker, kind, side, text, mode,
** date, date_expr, span, spans, cue, rule, context, context_span, source, url,
** published, and ambiguous + ambiguity when the speaker is uncertain.
** Keys are in that order. */
tr_status tr_statement_to_json(const tr_statement *s,
                               const tr_extract_opts *opts, char **json_out,
                               tr_err *err);

#endif
