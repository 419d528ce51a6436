/*
** text.h: UTF-8 checks, name folding and string distance.
*/
#ifndef TR_TEXT_H
#define TR_TEXT_H

#include <stddef.h>

/* Returns the byte offset of the first invalid UTF-8 sequence in the n
** bytes of s, or (size_t)-1 when s is valid UTF-8 throughout.  NUL bytes
** count as valid here; callers that forbid them check with memchr. */
size_t tr_utf8_invalid_at(const char *s, size_t n);

/* Folds a person's name or alias to its lookup key: Unicode case folding,
** accents removed (NFKD, marks stripped), punctuation other than letters
** and digits dropped, runs of space collapsed, trimmed.  "Andréy  KRUTSKIKH"
** and "andrey krutskikh" fold alike; "U.S." folds to "us".  Returns a new
** string owned by the caller (free()), or NULL when out of memory or s is
** not valid UTF-8. */
char *tr_fold_name(const char *s);

/* Damerau-Levenshtein distance (optimal string alignment: insertions,
** deletions, substitutions and swaps of two adjacent bytes) between a and
** b, capped at max+1 so the cost stays small: a result above max means
** "farther than max".  "histroy" is 1 from "history". */
size_t tr_edit_distance(const char *a, const char *b, size_t max);

/* s case-folded (Unicode case folding, composed), curly quotes and
** apostrophes made straight: two texts fold alike when they differ only in
** case or in the kind of quote.  A new string the caller frees; NULL when
** out of memory or s is not UTF-8. */
char *tr_fold_text(const char *s);

/* The columns the n bytes of UTF-8 s take on a terminal (utf8proc's
** character widths: 2 for wide East Asian characters, 0 for combining
** marks); a byte that is not UTF-8 counts as one. */
size_t tr_utf8_width(const char *s, size_t n);

/* A growable byte buffer.  The struct is caller-owned (zero-initialised
** or tr_buf_init); data is owned by the buffer and freed by tr_buf_free.
** data is always NUL-terminated once anything has been appended.  When an
** allocation fails, oom is set and stays set: later appends do nothing and
** return -1, so a formatter can append freely and check once at the end. */
typedef struct tr_buf {
    char *data;
    size_t len, cap;
    int oom;
} tr_buf;

/* Initialises b to the empty buffer (no allocation). */
void tr_buf_init(tr_buf *b);

/* Appends n bytes of p; 0 on success, -1 when out of memory. */
int tr_buf_add(tr_buf *b, const char *p, size_t n);
/* Appends a NUL-terminated string; 0 or -1. */
int tr_buf_puts(tr_buf *b, const char *s);
/* Appends printf-style text; 0 or -1. */
int tr_buf_printf(tr_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Empties b, keeping its memory. */
void tr_buf_reset(tr_buf *b);
/* Frees b's memory and empties it. */
void tr_buf_free(tr_buf *b);

/* How tr_buf_add_visible treats tab, line feed and carriage return: as
** every other control (0), as one space each (TR_VIS_SPACES: stored text
** on one line), or kept (TR_VIS_LINES: multi-line messages). */
enum { TR_VIS_SPACES = 1, TR_VIS_LINES = 2 };

/* Appends the n bytes of s to b made safe for a terminal: C0 controls
** and DEL as \x1b, C1 controls as \u009b, the bidirectional embeddings,
** overrides and isolates (U+202A-U+202E, U+2066-U+2069) as \u202e, bytes
** that are not UTF-8 as \xff; everything else as it is.  The one
** escaping layer between stored or input text and a human's screen.
** 0, or -1 when out of memory (b->oom). */
int tr_buf_add_visible(tr_buf *b, const char *s, size_t n, int flags);

/* A pool of interned strings, for the few distinct values (side labels) that
** many records borrow: each distinct string is copied once and lives until
** tr_strpool_free.  Zero-initialise.  Linear lookup: for small sets only. */
typedef struct tr_strpool {
    char **v;
    size_t n;
} tr_strpool;

/* The pool's copy of s (NULL for NULL); NULL with *oom set when out of memory. */
const char *tr_strpool_get(tr_strpool *p, const char *s, int *oom);
/* Frees every string of p and empties it. */
void tr_strpool_free(tr_strpool *p);

#endif
