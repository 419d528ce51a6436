/*
** compile.c: compiling rule patterns with PCRE2 (UTF + UCP, caseless
** unless the c flag says otherwise), JIT when available.
*/
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Wraps a compiled pattern into a new tr_regex (freed with
** trr_regex_free, which frees code too).  The JIT compilation waits for
** the pattern's first match (trr_regex_ready).  Returns 0, or -1 when out
** of memory (code is freed). */
static int wrap(pcre2_code *code, struct tr_regex **out)
{
    struct tr_regex *re = calloc(1, sizeof *re);
    if (!re) {
        pcre2_code_free(code);
        return -1;
    }
    re->code = code;
    re->refs = 1;
    *out = re;
    return 0;
}

/* JIT-compiles re before its first match while the rule set's budget
** (*left) lasts.  A JIT-compiled pattern costs ~6 KB, so a rule set of
** 100k topics compiles only the patterns its texts use, and at most
** TRR_JIT_BUDGET of them; the others run in PCRE2's interpreter, with the
** same matches.  The pattern and the budget belong to the rule set, which
** one thread uses at a time. */
void trr_regex_ready(struct tr_regex *re, size_t *left)
{
    if (re->jit_tried)
        return;
    re->jit_tried = 1;
    if (*left == 0)
        return;
    (*left)--;
    re->jit = pcre2_jit_compile(re->code, PCRE2_JIT_COMPLETE) == 0;
}

/* Compiles src with flags (i caseless [default], c case-sensitive, x
** extended, s dot-all, m multi-line) into *out (caller frees with
** trr_regex_free).  Returns 0; 1 on a PCRE2 error (msg, *erroff = byte
** offset in src); 2 on an unknown flag (*erroff = its index); -1 on OOM. */
int trr_regex_compile(const char *src, const char *flags, struct tr_regex **out,
                     char *msg, size_t msgsz, size_t *erroff)
{
    /* \C would match one byte inside a character: a cue or mention cut
    ** there is no UTF-8, which no output could store or print whole. */
    uint32_t opt = PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS | PCRE2_NO_UTF_CHECK | PCRE2_NEVER_BACKSLASH_C;
    *out = NULL;
    for (size_t i = 0; flags[i]; i++) {
        switch (flags[i]) {
        case 'i': opt |= PCRE2_CASELESS; break;
        case 'c': opt &= ~(uint32_t)PCRE2_CASELESS; break;
        case 'x': opt |= PCRE2_EXTENDED; break;
        case 's': opt |= PCRE2_DOTALL; break;
        case 'm': opt |= PCRE2_MULTILINE; break;
        default:
            *erroff = i;
            if (msgsz)
                msg[0] = '\0';
            return 2;
        }
    }
    int ec = 0;
    PCRE2_SIZE eo = 0;
    pcre2_code *code = pcre2_compile((PCRE2_SPTR)src, PCRE2_ZERO_TERMINATED,
                                     opt, &ec, &eo, NULL);
    if (!code) {
        pcre2_get_error_message(ec, (PCRE2_UCHAR *)msg, msgsz);
        *erroff = eo;
        return ec == PCRE2_ERROR_NOMEMORY ? -1 : 1;
    }
    struct tr_regex *re;
    if (wrap(code, &re) < 0)
        return -1;
    pcre2_match_data *md = pcre2_match_data_create(1, NULL);
    if (!md) {
        trr_regex_free(re);
        return -1;
    }
    re->matches_empty = pcre2_match(code, (PCRE2_SPTR)"", 0, 0, 0, md, NULL) >= 0;
    pcre2_match_data_free(md);
    *out = re;
    return 0;
}

/* Drops one reference to re (NULL allowed), freeing it with the last. */
void trr_regex_free(struct tr_regex *re)
{
    if (!re || --re->refs > 0)
        return;
    pcre2_code_free(re->code);
    free(re);
}

/* FNV-1a of src, a NUL, then flags. */
static size_t re_hash(const char *src, const char *flags)
{
    uint64_t h = 1469598103934665603ULL;
    for (const char *s = src; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    h *= 1099511628211ULL;
    for (const char *s = flags; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return (size_t)h;
}

/* The slot of (src, flags) in c (an empty one when absent); c->cap > 0. */
static trr_reslot *reslot_of(const trr_recache *c, const char *src, const char *flags, size_t h)
{
    size_t mask = c->cap - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        trr_reslot *s = &c->v[i];
        if (!s->re || (s->hash == h && !strcmp(s->src, src) && !strcmp(s->flags, flags)))
            return s;
    }
}

/* The compiled pattern written src with flags, its reference count raised
** for the caller (who frees it with trr_regex_free), or NULL. */
struct tr_regex *trr_recache_find(const trr_recache *c, const char *src, const char *flags)
{
    if (!c->cap)
        return NULL;
    trr_reslot *s = reslot_of(c, src, flags, re_hash(src, flags));
    if (!s->re)
        return NULL;
    s->re->refs++;
    return s->re;
}

/* Records re under (src, flags), which the pattern holding re owns and
** keeps alive as long as c; the cache owns only its slots.  0, or -1 when
** out of memory. */
int trr_recache_add(trr_recache *c, const char *src, const char *flags, struct tr_regex *re)
{
    if ((c->n + 1) * 2 > c->cap) {
        size_t nc = c->cap ? c->cap * 2 : 64;
        trr_recache g = {calloc(nc, sizeof *g.v), nc, 0};
        if (!g.v)
            return -1;
        for (size_t i = 0; i < c->cap; i++)
            if (c->v[i].re) {
                *reslot_of(&g, c->v[i].src, c->v[i].flags, c->v[i].hash) = c->v[i];
                g.n++;
            }
        free(c->v);
        *c = g;
    }
    size_t h = re_hash(src, flags);
    trr_reslot *s = reslot_of(c, src, flags, h);
    if (s->re)
        return 0;
    *s = (trr_reslot){src, flags, h, re};
    c->n++;
    return 0;
}

/* Frees c's slots. */
void trr_recache_free(trr_recache *c)
{
    free(c->v);
    memset(c, 0, sizeof *c);
}
