/*
** strutil.c: small string and UTF-8 helpers shared by the rule engine
** (the text buffer every formatter appends to is lib/text.h's tr_buf).
*/
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* strdup of n bytes of s; the caller frees.  NULL on out of memory. */
char *trr_strndup0(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

/* Number of UTF-8 code points in s[0..n) (counts lead bytes). */
unsigned trr_utf8_count(const char *s, size_t n)
{
    unsigned c = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            c++;
    return c;
}

/* Offset of the first invalid UTF-8 sequence or NUL byte, or n. */
size_t trr_utf8_invalid(const char *s, size_t n)
{
    size_t bad = tr_utf8_invalid_at(s, n);
    size_t end = bad == (size_t)-1 ? n : bad;
    const char *nul = memchr(s, '\0', end);
    return nul ? (size_t)(nul - s) : end;
}

/* Decodes the code point at s[i] (valid UTF-8 assumed); *clen gets its
** byte length. */
int32_t trr_utf8_decode(const char *s, size_t n, size_t i, size_t *clen)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned c = u[i];
    size_t k = c < 0x80 ? 0 : (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 : 3;
    int32_t cp = k == 0 ? (int32_t)c : k == 1 ? (int32_t)(c & 0x1F)
               : k == 2 ? (int32_t)(c & 0x0F) : (int32_t)(c & 0x07);
    size_t j;
    for (j = 1; j <= k && i + j < n; j++)
        cp = (cp << 6) | (u[i + j] & 0x3F);
    *clen = j;
    return cp;
}

/* The last element starting at or before off; see internal.h. */
size_t trr_last_start(const void *base, size_t n, size_t stride, size_t off)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (*(const size_t *)((const char *)base + mid * stride) <= off)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo ? lo - 1 : 0;
}

/* Grows *v (elements of sz bytes, capacity *cap) to hold n+1; 0 or -1. */
int trr_grow(void **v, size_t *cap, size_t n, size_t sz)
{
    if (n < *cap)
        return 0;
    size_t nc = *cap ? *cap * 2 : 8;
    void *p = realloc(*v, nc * sz);
    if (!p)
        return -1;
    *v = p;
    *cap = nc;
    return 0;
}

/* A block of the arena: strings packed one after another. */
struct trr_arena_block {
    struct trr_arena_block *next;
    size_t used, cap;
    char data[];
};

enum { ARENA_BLOCK = 64 * 1024 };

/* A copy of s[0..n) and a NUL in a, which owns it until trr_arena_free;
** NULL when out of memory.  Strings go into 64 KiB blocks; one longer
** than a quarter of that gets a block of its own behind the current one. */
char *trr_arena_strndup(trr_arena *a, const char *s, size_t n)
{
    struct trr_arena_block *b = a->head;
    if (!b || b->cap - b->used < n + 1) {
        size_t cap = n + 1 > ARENA_BLOCK / 4 ? n + 1 : ARENA_BLOCK - sizeof *b;
        struct trr_arena_block *nb = malloc(sizeof *nb + cap);
        if (!nb)
            return NULL;
        nb->used = 0;
        nb->cap = cap;
        if (b && cap != ARENA_BLOCK - sizeof *b) {
            nb->next = b->next;
            b->next = nb;
        } else {
            nb->next = b;
            a->head = nb;
        }
        b = nb;
    }
    char *p = b->data + b->used;
    memcpy(p, s, n);
    p[n] = '\0';
    b->used += n + 1;
    a->bytes += n + 1;
    return p;
}

/* Frees every block of a; a is empty afterwards. */
void trr_arena_free(trr_arena *a)
{
    for (struct trr_arena_block *b = a->head, *nx; b; b = nx) {
        nx = b->next;
        free(b);
    }
    a->head = NULL;
    a->bytes = 0;
}
