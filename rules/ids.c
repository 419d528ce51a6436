/*
** ids.c: the rule set's id index.  Topics, detectors and lists share one
** namespace (a duplicate id is error E007); the index maps each id to its
** kind and array index, so that finding one costs O(1) and loading N
** topics stays linear.  Open addressing with linear probing; the keys are
** the ids the rule set's elements own (the index owns only its slots).
*/
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* FNV-1a of s (32 bits). */
static uint32_t id_hash(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

/* The slot of key in m (an empty slot when absent); m->cap > 0. */
static trr_idslot *slot_of(const trr_idmap *m, const char *key, uint32_t h)
{
    size_t mask = m->cap - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        trr_idslot *s = &m->v[i];
        if (!s->key || (s->hash == h && !strcmp(s->key, key)))
            return s;
    }
}

/* Finds key: 1 with its kind and index, 0 when absent. */
int trr_ids_find(const trr_idmap *m, const char *key, int *kind, size_t *idx)
{
    if (!m->cap || !key)
        return 0;
    const trr_idslot *s = slot_of(m, key, id_hash(key));
    if (!s->key)
        return 0;
    *kind = s->kind;
    *idx = s->idx;
    return 1;
}

/* Adds key (owned by the caller, which keeps it alive) unless present;
** 0, or -1 when out of memory or idx is TRR_IDS_MAX or more.  The slots
** (16 bytes each) are at most three quarters full: 300k ids take 512k. */
int trr_ids_add(trr_idmap *m, const char *key, int kind, size_t idx)
{
    if (idx >= TRR_IDS_MAX)
        return -1;
    if ((m->n + 1) * 4 > m->cap * 3) {
        trr_idmap g = {calloc(m->cap ? m->cap * 2 : 64, sizeof *g.v), m->cap ? m->cap * 2 : 64, 0};
        if (!g.v)
            return -1;
        for (size_t i = 0; i < m->cap; i++)
            if (m->v[i].key) {
                *slot_of(&g, m->v[i].key, m->v[i].hash) = m->v[i];
                g.n++;
            }
        free(m->v);
        *m = g;
    }
    uint32_t h = id_hash(key);
    trr_idslot *s = slot_of(m, key, h);
    if (s->key)
        return 0;
    *s = (trr_idslot){key, h, (uint32_t)idx, (uint32_t)kind};
    m->n++;
    return 0;
}

/* Frees m's slots. */
void trr_ids_free(trr_idmap *m)
{
    free(m->v);
    memset(m, 0, sizeof *m);
}
