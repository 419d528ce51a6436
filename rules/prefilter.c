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
** A mention that opens with a literal of at least 4 bytes ("\bthe egret
** marble accord\b", no `|`) needs no regex here: its literal goes in a
** table keyed by 4 bytes, and one pass over the text (case-folded as PCRE2
** folds ASCII: A-Z, and the Kelvin sign and the long s) finds every such
** literal it holds.  A literal is necessary for its pattern to match, so
** the topics named are a superset of those mentioned, and the topics'
** own patterns decide.
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

/* A literal a mention must contain: key[0..len), lower-cased when caseless. */
typedef struct pf_lit {
    char *key;
    size_t len;
    size_t at;      /* the offset of its 4 bytes the table is keyed by: the rarest among the literals */
    uint32_t gram;  /* those 4 bytes */
    size_t branch;  /* whose topics it names */
} pf_lit;

/* The literals of one case mode, by the hash of 4 of their bytes. */
typedef struct pf_table {
    pf_lit *v;
    size_t n, cap;
    size_t *off;       /* bucket b: v[order[off[b]] .. off[b+1]) */
    size_t *order;
    unsigned shift;    /* 32 - log2(buckets) */
} pf_table;

struct trr_prefilter {
    pf_table lit[2];       /* 0: case-sensitive, 1: caseless (on the folded text) */
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
    for (int c = 0; c < 2; c++) {
        for (size_t i = 0; i < pf->lit[c].n; i++)
            free(pf->lit[c].v[i].key);
        free(pf->lit[c].v);
        free(pf->lit[c].off);
        free(pf->lit[c].order);
    }
    free(pf);
}

/* Whether p is caseless (the default, unless its last c comes after its last i). */
static int caseless_of(const tr_pattern *p)
{
    return !strchr(p->flags, 'c') || strrchr(p->flags, 'i') > strrchr(p->flags, 'c');
}

/* The literal pattern p must open with (after a \b), in *n bytes at
** *out (lower-cased when caseless; caller frees), or NULL when it has no
** usable one: an `|` anywhere (an alternative need not hold it), the x
** flag, or fewer than 4 literal bytes. */
static char *lead_literal(const tr_pattern *p, size_t *n)
{
    const char *s = p->source;
    if (strchr(s, '|') || strchr(p->flags, 'x'))
        return NULL;
    if (s[0] == '\\' && s[1] == 'b')
        s += 2;
    size_t k = 0;
    while ((s[k] >= 'a' && s[k] <= 'z') || (s[k] >= 'A' && s[k] <= 'Z') || (s[k] >= '0' && s[k] <= '9') ||
           s[k] == ' ' || s[k] == '\'' || s[k] == ',')
        k++;
    if (k && (s[k] == '?' || s[k] == '*' || s[k] == '{'))
        k--; /* the last one is optional */
    if (k < 4)
        return NULL;
    char *key = trr_strndup0(s, k);
    if (key && caseless_of(p))
        for (size_t i = 0; i < k; i++)
            if (key[i] >= 'A' && key[i] <= 'Z')
                key[i] = (char)(key[i] - 'A' + 'a');
    *n = k;
    return key;
}

/* The bucket of 4 bytes s in a table of 2^(32-shift) buckets. */
static size_t bucket4(const char *s, unsigned shift)
{
    uint32_t g;
    memcpy(&g, s, 4);
    return (size_t)((g * 2654435761u) >> shift);
}

/* Indexes table t's literals, each by the 4 of its bytes that the fewest
** literals share (a feed's mentions often all open with "the "), so that a
** text position is compared with few literals.  0 or -1. */
static int table_index(pf_table *t)
{
    size_t nb = 1024;  /* sparse: a text position rarely meets a literal's bucket */
    unsigned shift = 22;
    while (nb < t->n * 8) {
        nb *= 2;
        shift--;
    }
    t->shift = shift;
    t->off = calloc(nb + 2, sizeof *t->off);
    t->order = malloc((t->n + 1) * sizeof *t->order);
    size_t *count = calloc(nb, sizeof *count);
    if (!t->off || !t->order || !count) {
        free(count);
        return -1;
    }
    for (size_t i = 0; i < t->n; i++)
        for (size_t o = 0; o + 4 <= t->v[i].len; o++)
            count[bucket4(t->v[i].key + o, shift)]++;
    for (size_t i = 0; i < t->n; i++) {
        pf_lit *l = &t->v[i];
        size_t best = (size_t)-1;
        for (size_t o = 0; o + 4 <= l->len; o++) {
            size_t c = count[bucket4(l->key + o, shift)];
            if (c < best) {
                best = c;
                l->at = o;
            }
        }
    }
    free(count);
    for (size_t i = 0; i < t->n; i++)
        memcpy(&t->v[i].gram, t->v[i].key + t->v[i].at, 4);
    for (size_t i = 0; i < t->n; i++)
        t->off[bucket4(t->v[i].key + t->v[i].at, shift) + 2]++;
    for (size_t b = 0; b < nb; b++)
        t->off[b + 2] += t->off[b + 1];
    for (size_t i = 0; i < t->n; i++)
        t->order[t->off[bucket4(t->v[i].key + t->v[i].at, shift) + 1]++] = i;
    return 0;
}

/* Compiles the branches idx[0..n) into one chunk of pf, halving a list
** PCRE2 finds too large.  A list that fails otherwise (or one branch too
** large) has its topics flagged in bad[] (they run on every text).  0, or
** -1 on OOM. */
static int compile_list(trr_prefilter *pf, const size_t *idx, size_t n, unsigned char *bad)
{
    tr_buf b;
    tr_buf_init(&b);
    for (size_t k = 0; k < n; k++)
        add_branch(&b, pf->br[idx[k]].p, idx[k], k == 0);
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
        if (ec == PCRE2_ERROR_PATTERN_TOO_LARGE && n > 1)
            return compile_list(pf, idx, n / 2, bad) < 0 ? -1 : compile_list(pf, idx + n / 2, n - n / 2, bad);
        for (size_t k = 0; k < n; k++) {
            const pf_branch *x = &pf->br[idx[k]];
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
    re->refs = 1;
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
    /* the branches with a leading literal go in the tables; the others,
    ** moved to the front of br[nlit..] order, into the alternations */
    size_t nre = 0;
    size_t *re_idx = malloc((nbr + 1) * sizeof *re_idx);
    if (!re_idx)
        goto done;
    for (size_t k = 0; k < nbr; k++) {
        size_t len;
        char *key = lead_literal(pf->br[k].p, &len);
        if (!key) {
            re_idx[nre++] = k;
            continue;
        }
        pf_table *t = &pf->lit[caseless_of(pf->br[k].p)];
        if (trr_grow((void **)&t->v, &t->cap, t->n, sizeof *t->v) < 0) {
            free(key);
            free(re_idx);
            goto done;
        }
        t->v[t->n++] = (pf_lit){key, len, 0, 0, k};
    }
    int ok = table_index(&pf->lit[0]) == 0 && table_index(&pf->lit[1]) == 0;
    /* the regex branches keep their numbers (the callouts name br[k]) */
    for (size_t lo = 0; ok && lo < nre; lo += PF_CHUNK)
        ok = compile_list(pf, re_idx + lo, lo + PF_CHUNK < nre ? PF_CHUNK : nre - lo, bad) == 0;
    free(re_idx);
    if (!ok)
        goto done;
    /* a topic with a mention no chunk holds runs on every text (compile_list
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

/* Adds the topics of branch k to r's set. */
static void name_branch(pf_run *r, size_t k)
{
    const pf_branch *x = &r->pf->br[k];
    if (x->list == (size_t)-1) {
        r->oom |= set_add(r->set, x->topic) < 0;
    } else {
        for (size_t i = r->pf->ltopic_off[x->list]; i < r->pf->ltopic_off[x->list + 1]; i++)
            r->oom |= set_add(r->set, r->pf->ltopic[i]) < 0;
    }
}

/* The callout at the end of every branch: records its topics, then fails
** so that the match goes on to every other branch and start. */
static int on_branch(pcre2_callout_block *cb, void *data)
{
    size_t k = 0;
    for (PCRE2_SIZE i = 0; i < cb->callout_string_length; i++)
        k = k * 10 + (size_t)(cb->callout_string[i] - '0');
    name_branch(data, k);
    return 1;
}

/* Names the branches of table t whose literal text[0..len) holds. */
static void find_literals(pf_run *r, const pf_table *t, const char *text, size_t len)
{
    for (size_t i = 0; i + 4 <= len; i++) {
        uint32_t g;
        memcpy(&g, text + i, 4);
        size_t b = (size_t)((g * 2654435761u) >> t->shift);
        for (size_t j = t->off[b]; j < t->off[b + 1]; j++) {
            const pf_lit *l = &t->v[t->order[j]];
            if (l->gram == g && i >= l->at && l->len <= len - (i - l->at) &&
                !memcmp(text + i - l->at, l->key, l->len))
                name_branch(r, l->branch);
        }
    }
}

/* Folds text[0..len) into f as PCRE2's caseless matching folds what an
** ASCII literal can match: A-Z to a-z, U+212A (Kelvin) to k, U+017F (long
** s) to s; other bytes as they are.  Returns the folded length. */
static size_t fold(const char *text, size_t len, char *f)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)text[i];
        if (c >= 'A' && c <= 'Z') {
            f[n++] = (char)(c - 'A' + 'a');
        } else if (c == 0xE2 && i + 2 < len && (unsigned char)text[i + 1] == 0x84 &&
                   (unsigned char)text[i + 2] == 0xAA) {
            f[n++] = 'k';
            i += 2;
        } else if (c == 0xC5 && i + 1 < len && (unsigned char)text[i + 1] == 0xBF) {
            f[n++] = 's';
            i++;
        } else {
            f[n++] = (char)c;
        }
    }
    return n;
}

/* Adds to set the topics the text may mention; see internal.h. */
int trr_prefilter_run(const tr_ruleset *rs, const char *text, size_t len, pcre2_match_data *md,
                      pcre2_match_context *mc, trr_topicset *set)
{
    const trr_prefilter *pf = rs->prefilter;
    pf_run r = {pf, set, 0};
    if (pf->lit[0].n)
        find_literals(&r, &pf->lit[0], text, len);
    if (pf->lit[1].n) {
        if (set->cap_fold < len + 1) {
            char *f = realloc(set->fold, len + 1);
            if (!f)
                return -1;
            set->fold = f;
            set->cap_fold = len + 1;
        }
        find_literals(&r, &pf->lit[1], set->fold, fold(text, len, set->fold));
    }
    if (r.oom)
        return -1;
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
