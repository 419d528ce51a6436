/*
** compile.c: compiling rule patterns with PCRE2 (UTF + UCP, caseless
** unless the c flag says otherwise), JIT when available.
*/
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "text.h"

/* Wraps a compiled pattern, JIT-compiled when the platform allows, into a
** new tr_regex (freed with trr_regex_free, which frees code too).
** Returns 0, or -1 when out of memory (code is freed). */
static int wrap(pcre2_code *code, struct tr_regex **out)
{
    struct tr_regex *re = calloc(1, sizeof *re);
    if (!re) {
        pcre2_code_free(code);
        return -1;
    }
    re->code = code;
    re->jit = pcre2_jit_compile(code, PCRE2_JIT_COMPLETE) == 0;
    *out = re;
    return 0;
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

/* 1 when pattern src can stand as one branch of an alternation with the
** same meaning: no group numbers or names referred to, no recursion,
** callouts, verbs or branch reset. */
static int branch_safe(const char *src)
{
    static const char *const unsafe[] = {"\\g", "\\k", "(?P=", "(?P>", "(?|", "(?R", "(?&",
                                         "(*", "(?C", "\\G", "(?(", NULL};
    for (int i = 0; unsafe[i]; i++)
        if (strstr(src, unsafe[i]))
            return 0;
    for (const char *p = src; *p; p++) {
        if (p[0] == '\\' && p[1]) {
            if (p[1] >= '1' && p[1] <= '9')
                return 0; /* a numbered backreference */
            p++;
            continue;
        }
        if (p[0] == '(' && p[1] == '?' && (p[2] == '+' || p[2] == '-' || (p[2] >= '0' && p[2] <= '9')) &&
            (p[2] != '-' || (p[3] >= '0' && p[3] <= '9')))
            return 0; /* (?1), (?+1), (?-1): a subroutine call */
    }
    return 1;
}

/* Appends pattern p to the prefilter alternation b as one branch with its
** own options; 0, or 1 when it cannot stand in an alternation. */
static int add_branch(tr_buf *b, const tr_pattern *p, size_t *n)
{
    if (!branch_safe(p->source))
        return 1;
    int caseless = !strchr(p->flags, 'c') || strrchr(p->flags, 'i') > strrchr(p->flags, 'c');
    int ext = strchr(p->flags, 'x') != NULL;
    /* Each branch carries its own options; an extended pattern's
    ** trailing comment ends at the newline before its ')'. */
    tr_buf_printf(b, "%s(?%s%s%s%s:%s%s)", *n ? "|" : "", caseless ? "i" : "",
                  ext ? "x" : "", strchr(p->flags, 's') ? "s" : "",
                  strchr(p->flags, 'm') ? "m" : "", p->source, ext ? "\n" : "");
    (*n)++;
    return 0;
}

/* Builds the mention prefilter; see internal.h.  A list used as a mention
** contributes its entries once. */
int trr_prefilter_build(tr_ruleset *rs)
{
    tr_buf b;
    tr_buf_init(&b);
    size_t n = 0;
    unsigned char *seen = calloc(rs->nlists + 1, 1);
    if (!seen)
        return -1;
    for (size_t t = 0; t < rs->ntopics; t++) {
        const tr_topic *tp = &rs->topics[t];
        for (size_t k = 0; k < tp->npatterns; k++) {
            const tr_pattern *p = &tp->patterns[k];
            if (p->kind != TR_PAT_MENTION)
                continue;
            int unsafe = 0;
            if (p->list == (size_t)-1) {
                unsafe = add_branch(&b, p, &n);
            } else if (!seen[p->list]) {
                seen[p->list] = 1;
                const tr_list *l = &rs->lists[p->list];
                for (size_t e = 0; e < l->npatterns && !unsafe; e++)
                    unsafe = add_branch(&b, &l->patterns[e], &n);
            }
            if (unsafe) {
                free(seen);
                tr_buf_free(&b);
                return 0;
            }
        }
    }
    free(seen);
    if (b.oom) {
        tr_buf_free(&b);
        return -1;
    }
    if (n < 2) { /* one pattern: the prefilter would be that pattern */
        tr_buf_free(&b);
        return 0;
    }
    int ec;
    PCRE2_SIZE eo;
    pcre2_code *code = pcre2_compile((PCRE2_SPTR)b.data, b.len,
                                     PCRE2_UTF | PCRE2_UCP | PCRE2_NO_UTF_CHECK | PCRE2_DUPNAMES | PCRE2_NEVER_BACKSLASH_C,
                                     &ec, &eo, NULL);
    tr_buf_free(&b);
    if (!code)
        return ec == PCRE2_ERROR_NOMEMORY ? -1 : 0;
    return wrap(code, &rs->prefilter);
}

/* Frees re (NULL allowed). */
void trr_regex_free(struct tr_regex *re)
{
    if (!re)
        return;
    pcre2_code_free(re->code);
    free(re);
}
