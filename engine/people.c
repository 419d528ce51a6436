/*
** people.c: the people registry as the extractor consults it (see
** people.h).
*/
#include "people.h"

#include <stdio.h>

/* Copies a person's canonical name, side and gender. */
static int person_cb(void *ctx, const tr_person *p)
{
    people_lookup_ctx *l = ctx;
    snprintf(l->name, sizeof l->name, "%s", p->name);
    snprintf(l->side, sizeof l->side, "%s", p->side ? p->side : "");
    snprintf(l->gender, sizeof l->gender, "%s", p->gender ? p->gender : "");
    return 0;
}

/* Looks name up in the registry; see people.h. */
int people_lookup(void *ctx, const char *name, char *canonical, size_t n, char *side,
                  size_t nside, char *gender, size_t ngender)
{
    people_lookup_ctx *l = ctx;
    int64_t id;
    if (!l->db || tr_db_person_find(l->db, name, &id, NULL) != TR_OK || !id)
        return 0;
    l->name[0] = l->side[0] = l->gender[0] = '\0';
    if (tr_db_person_get(l->db, id, person_cb, l, NULL) != TR_OK || !l->name[0])
        return 0;
    snprintf(canonical, n, "%s", l->name);
    snprintf(side, nside, "%s", l->side);
    snprintf(gender, ngender, "%s", l->gender);
    return 1;
}
