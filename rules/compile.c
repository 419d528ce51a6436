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

/* Frees re (NULL allowed). */
void trr_regex_free(struct tr_regex *re)
{
    if (!re)
        return;
    pcre2_code_free(re->code);
    free(re);
}
