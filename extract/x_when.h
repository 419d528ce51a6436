/*
** x_when.h: date expressions (when.c), internal.
*/
#ifndef TR_X_WHEN_H
#define TR_X_WHEN_H

#include "x_internal.h"

typedef struct xdate {
    int64_t lo, hi; /* days since 1970-01-01, inclusive */
    int later;      /* "later": [previous statement's lo, publication] */
    xspan expr;     /* the words */
} xdate;

int x_find_date(const tr_extractor *x, const char *text, size_t rs, size_t re,
                const xspan *ex, size_t nex, int64_t pub, pcre2_match_data *md,
                pcre2_match_context *mc, xdate *out);

#endif
