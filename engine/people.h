/*
** people.h (engine): the people registry as the extractor consults it
** (tr_extract_opts.lookup): a name or an alias to the canonical name, the
** side and the gender the store holds.  Nothing here prints.
*/
#ifndef TR_ENGINE_PEOPLE_H
#define TR_ENGINE_PEOPLE_H

#include <stddef.h>

#include "db.h"

/* The lookup's context (the caller's): db may be NULL (no store: nobody
** is known); the rest is the lookup's scratch. */
typedef struct people_lookup_ctx {
    tr_db *db;
    char name[256], side[64], gender[4];
} people_lookup_ctx;

/* A tr_person_lookup over ctx (a people_lookup_ctx): 1, with the
** canonical name, the side ("" for none) and the gender ("f", "m" or "")
** copied into the caller's buffers, when name or one of its aliases is
** in the registry; else 0 (an error of the store reads as unknown). */
int people_lookup(void *ctx, const char *name, char *canonical, size_t n, char *side,
                  size_t nside, char *gender, size_t ngender);

#endif
