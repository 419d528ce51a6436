/*
** x_speaker.h: names in the text and speaker resolution (speaker.c).
*/
#ifndef TR_X_SPEAKER_H
#define TR_X_SPEAKER_H

#include "x_internal.h"

/* A full name found anywhere in the text ("Donald Trump"), with the
** side its titles give ("U.S. President" -> US). */
typedef struct xperson {
    char *full;
    const char *surname; /* points into full */
    const char *side;    /* static to the extractor, or NULL */
    size_t pos;
} xperson;

typedef struct xpeople {
    xperson *v; /* every mention, in text order */
    size_t n, cap;
    xperson *u; /* one per full name (first mention, a side if any had one) */
    size_t nu;
} xpeople;

/* What the driver remembers of an earlier statement for resolution. */
typedef struct xprev {
    const char *speaker;
    const char *side;
    tr_speaker_kind kind;
    size_t pos;
} xprev;

typedef struct xresolved {
    char *speaker; /* malloc'd */
    char *side;    /* malloc'd or NULL */
    tr_speaker_kind kind;
    int ambiguous;
    char *reason; /* malloc'd or NULL */
    int via_pronoun;
} xresolved;

int x_people_scan(const tr_extractor *x, const char *s, size_t len, xpeople *out);
void x_people_free(xpeople *p);
int x_resolve_speaker(const tr_extractor *x, const char *text, xspan phrase, xspan appos,
                      const xpeople *people, const xprev *last_person,
                      const xprev *last_group, const tr_extract_opts *opts,
                      xresolved *out);
void x_resolved_free(xresolved *r);
char x_gender_of(const tr_extractor *x, const tr_extract_opts *opts, const char *name);
char x_pronoun_gender(const char *w, size_t n);

#endif
