/*
** prefilter.c: the mention prefilter.  Every topic's mention patterns are
** compiled, once at load, into a few alternations (chunks of at most
** PF_CHUNK branches, split further when PCRE2 finds one too large); each
** branch ends in a callout naming the branch, so one match over a text
** says WHICH topics it mentions, not only whether it mentions one.  The
** callout records the branch and fails, so PCRE2 goes on trying every
** other branch at every start: the topics named are exactly those with a
** mention pattern that matches somewhere in the text, and classify.c runs
** only their patterns.  A topic whose mention cannot stand in an
** alternation (backreferences, recursion, verbs...) runs on every text.
** The rule set owns the prefilter; matching needs only the caller's match
** data and context.
*/
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "text.h"

/* Branches per alternation: small enough that PCRE2's compiled size
** limit is rarely met, large enough that a text costs few matches. */
#define PF_CHUNK 256

/* Who a branch belongs to: a topic, or a list every topic of which it names. */
typedef struct pf_branch {
    const tr_pattern *p;
    size_t topic;   /* the topic, when list == (size_t)-1 */
    size_t list;    /* the list, or (size_t)-1 */
} pf_branch;

struct trr_prefilter {
    struct tr_regex **chunks;
    size_t nchunks, cap_chunks;
    pf_branch *br;
    size_t nbr;
    size_t *always;        /* topics that run on every text, ascending */
    size_t nalways;
    size_t *ltopic_off;    /* list l's topics: ltopic[ltopic_off[l] .. ltopic_off[l+1]) */
    size_t *ltopic;
};

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

/* Appends branch k (pattern p) to the alternation b with its own options
** and the callout that names it. */
static void add_branch(tr_buf *b, const tr_pattern *p, size_t k, int first)
{
    int caseless = !strchr(p->flags, 'c') || strrchr(p->flags, 'i') > strrchr(p->flags, 'c');
    int ext = strchr(p->flags, 'x') != NULL;
    /* An extended pattern's trailing comment ends at the newline before its ')'. */
    tr_buf_printf(b, "%s(?%s%s%s%s:%s%s)(?C{%zu})", first ? "" : "|", caseless ? "i" : "",
                  ext ? "x" : "", strchr(p->flags, 's') ? "s" : "", strchr(p->flags, 'm') ? "m" : "",
                  p->source, ext ? "\n" : "", k);
}

/* Frees pf (NULL allowed). */
void trr_prefilter_free(trr_prefilter *pf)
{
    if (!pf)
        return;
    for (size_t i = 0; i < pf->nchunks; i++)
        trr_regex_free(pf->chunks[i]);
    free(pf->chunks);
    free(pf->br);
    free(pf->always);
    free(pf->ltopic_off);
    free(pf->ltopic);
    free(pf);
}

/* Compiles branches [lo, hi) into chunks of pf, halving a range PCRE2
** finds too large.  A range that fails otherwise (or one branch too large)
** has its topics added to *bad (one flag per topic).  0, or -1 on OOM. */
static int compile_range(trr_prefilter *pf, size_t lo, size_t hi, unsigned char *bad, const tr_ruleset *rs)
{
    tr_buf b;
    tr_buf_init(&b);
    for (size_t k = lo; k < hi; k++)
        add_branch(&b, pf->br[k].p, k, k == lo);
    if (b.oom) {
        tr_buf_free(&b);
        return -1;
    }
    int ec;
    PCRE2_SIZE eo;
    pcre2_code *code = pcre2_compile((PCRE2_SPTR)b.data, b.len,
                                     PCRE2_UTF | PCRE2_UCP | PCRE2_NO_UTF_CHECK | PCRE2_DUPNAMES |
                                         PCRE2_NEVER_BACKSLASH_C,
                                     &ec, &eo, NULL);
    tr_buf_free(&b);
    if (!code) {
        if (ec == PCRE2_ERROR_NOMEMORY)
            return -1;
        if (ec == PCRE2_ERROR_PATTERN_TOO_LARGE && hi - lo > 1) {
            size_t mid = lo + (hi - lo) / 2;
            return compile_range(pf, lo, mid, bad, rs) < 0 ? -1 : compile_range(pf, mid, hi, bad, rs);
        }
        for (size_t k = lo; k < hi; k++) {
            const pf_branch *x = &pf->br[k];
            if (x->list == (size_t)-1)
                bad[x->topic] = 1;
            else
                for (size_t i = pf->ltopic_off[x->list]; i < pf->ltopic_off[x->list + 1]; i++)
                    bad[pf->ltopic[i]] = 1;
        }
        return 0;
    }
    struct tr_regex *re = calloc(1, sizeof *re);
    if (!re || trr_grow((void **)&pf->chunks, &pf->cap_chunks, pf->nchunks, sizeof *pf->chunks) < 0) {
        free(re);
        pcre2_code_free(code);
        return -1;
    }
    re->code = code;
    re->jit = pcre2_jit_compile(code, PCRE2_JIT_COMPLETE) == 0;
    pf->chunks[pf->nchunks++] = re;
    return 0;
}

/* Fills pf->ltopic: for each list, the topics that use it as a mention. */
static int list_topics(trr_prefilter *pf, const tr_ruleset *rs)
{
    pf->ltopic_off = calloc(rs->nlists + 2, sizeof *pf->ltopic_off);
    if (!pf->ltopic_off)
        return -1;
    size_t n = 0;
    for (size_t t = 0; t < rs->ntopics; t++)
        for (size_t k = 0; k < rs->topics[t].npatterns; k++) {
            const tr_pattern *p = &rs->topics[t].patterns[k];
            if (p->kind == TR_PAT_MENTION && p->list != (size_t)-1) {
                pf->ltopic_off[p->list + 2]++;
                n++;
            }
        }
    for (size_t l = 0; l < rs->nlists; l++)
        pf->ltopic_off[l + 2] += pf->ltopic_off[l + 1];
    pf->ltopic = malloc((n + 1) * sizeof *pf->ltopic);
    if (!pf->ltopic)
        return -1;
    /* ltopic_off[l + 1] is list l's next free slot while filling; it ends as list l+1's start */
    for (size_t t = 0; t < rs->ntopics; t++)
        for (size_t k = 0; k < rs->topics[t].npatterns; k++) {
            const tr_pattern *p = &rs->topics[t].patterns[k];
            if (p->kind == TR_PAT_MENTION && p->list != (size_t)-1)
                pf->ltopic[pf->ltopic_off[p->list + 1]++] = t;
        }
    return 0;
}

/* Builds rs->prefilter (see internal.h); 0, or -1 when out of memory. */
int trr_prefilter_build(tr_ruleset *rs)
{
    trr_prefilter *pf = calloc(1, sizeof *pf);
    unsigned char *bad = calloc(rs->ntopics + 1, 1), *lbad = calloc(rs->nlists + 1, 1),
                  *lseen = calloc(rs->nlists + 1, 1);
    size_t nbr = 0, cap = 0, cap_always = 0;
    int rc = -1;
    if (!pf || !bad || !lbad || !lseen || list_topics(pf, rs) < 0)
        goto done;
    /* a list that cannot stand in an alternation makes its topics run always */
    for (size_t l = 0; l < rs->nlists; l++)
        for (size_t e = 0; e < rs->lists[l].npatterns && !lbad[l]; e++)
            lbad[l] = !branch_safe(rs->lists[l].patterns[e].source);
    for (size_t t = 0; t < rs->ntopics; t++)
        for (size_t k = 0; k < rs->topics[t].npatterns && !bad[t]; k++) {
            const tr_pattern *p = &rs->topics[t].patterns[k];
            if (p->kind == TR_PAT_MENTION)
                bad[t] = p->list == (size_t)-1 ? !branch_safe(p->source) : lbad[p->list];
        }
    for (size_t l = 0; l < rs->nlists; l++)
        for (size_t i = pf->ltopic_off[l]; i < pf->ltopic_off[l + 1] && !lbad[l]; i++)
            lbad[l] = bad[pf->ltopic[i]]; /* a topic run always needs no branch */
    /* the branches: each topic's own mentions, each list's entries once */
    for (size_t t = 0; t < rs->ntopics; t++) {
        if (bad[t])
            continue;
        for (size_t k = 0; k < rs->topics[t].npatterns; k++) {
            const tr_pattern *p = &rs->topics[t].patterns[k];
            if (p->kind != TR_PAT_MENTION || (p->list != (size_t)-1 && (lseen[p->list] || lbad[p->list])))
                continue;
            const tr_list *l = p->list == (size_t)-1 ? NULL : &rs->lists[p->list];
            size_t ne = l ? l->npatterns : 1;
            if (l)
                lseen[p->list] = 1;
            for (size_t e = 0; e < ne; e++) {
                if (trr_grow((void **)&pf->br, &cap, nbr, sizeof *pf->br) < 0)
                    goto done;
                pf->br[nbr++] = (pf_branch){l ? &l->patterns[e] : p, t, l ? p->list : (size_t)-1};
            }
        }
    }
    pf->nbr = nbr;
    for (size_t lo = 0; lo < nbr; lo += PF_CHUNK)
        if (compile_range(pf, lo, lo + PF_CHUNK < nbr ? lo + PF_CHUNK : nbr, bad, rs) < 0)
            goto done;
    /* a topic with a mention no chunk holds runs on every text (compile_range
    ** marks the topics of a chunk PCRE2 refused) */
    for (size_t t = 0; t < rs->ntopics; t++) {
        if (!bad[t])
            continue;
        if (trr_grow((void **)&pf->always, &cap_always, pf->nalways, sizeof *pf->always) < 0)
            goto done;
        pf->always[pf->nalways++] = t;
    }
    rs->prefilter = pf;
    pf = NULL;
    rc = 0;
done:
    trr_prefilter_free(pf);
    free(bad);
    free(lbad);
    free(lseen);
    return rc;
}

/* The callout's state: the topics found so far. */
typedef struct pf_run {
    const trr_prefilter *pf;
    trr_topicset *set;
    int oom;
} pf_run;

/* Adds topic t to set once; 0 or -1. */
static int set_add(trr_topicset *set, size_t t)
{
    if (set->on[t])
        return 0;
    if (trr_grow((void **)&set->v, &set->cap, set->n, sizeof *set->v) < 0)
        return -1;
    set->on[t] = 1;
    set->v[set->n++] = t;
    return 0;
}

/* The callout at the end of every branch: records its topics, then fails
** so that the match goes on to every other branch and start. */
static int on_branch(pcre2_callout_block *cb, void *data)
{
    pf_run *r = data;
    size_t k = 0;
    for (PCRE2_SIZE i = 0; i < cb->callout_string_length; i++)
        k = k * 10 + (size_t)(cb->callout_string[i] - '0');
    const pf_branch *x = &r->pf->br[k];
    if (x->list == (size_t)-1) {
        r->oom |= set_add(r->set, x->topic) < 0;
    } else {
        for (size_t i = r->pf->ltopic_off[x->list]; i < r->pf->ltopic_off[x->list + 1]; i++)
            r->oom |= set_add(r->set, r->pf->ltopic[i]) < 0;
    }
    return 1;
}

/* Adds to set the topics the text may mention; see internal.h. */
int trr_prefilter_run(const tr_ruleset *rs, const char *text, size_t len, pcre2_match_data *md,
                      pcre2_match_context *mc, trr_topicset *set)
{
    const trr_prefilter *pf = rs->prefilter;
    pf_run r = {pf, set, 0};
    pcre2_set_callout(mc, on_branch, &r);
    for (size_t c = 0; c < pf->nchunks; c++) {
        int rc = pcre2_match(pf->chunks[c]->code, (PCRE2_SPTR)text, len, 0, PCRE2_NO_UTF_CHECK, md, mc);
        if (r.oom)
            return -1;
        if (rc != PCRE2_ERROR_NOMATCH && rc < 0)
            return 1;
    }
    for (size_t i = 0; i < pf->nalways; i++)
        if (set_add(set, pf->always[i]) < 0)
            return -1;
    return 0;
}
