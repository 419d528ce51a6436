/*
** lint.c: warnings about a loaded rule set (`rules lint`).  Duplicate ids
** are already errors (E007) at load time, across all files.  Every check
** is linear in the rule set (patterns times their topic's examples; a
** list's entries times the examples of the topics that use it), so lint
** scales with the number of topics.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Adds a warning at loc; counts it in *n. */
static void warn(const tr_ruleset *rs, tr_diags *d, size_t *n, int code, tr_loc loc,
                 unsigned width, const char *msg, const char *a, const char *b)
{
    if (trr_diag_at(d, TR_DIAG_WARNING, code, rs, loc.file, loc.line, loc.col, width, msg, a, b) == 0)
        (*n)++;
}

/* Whether the compiled pattern p matches text; its match in *m. */
static int hits(const tr_pattern *p, const char *text, pcre2_match_data *md, tr_span *m)
{
    if (pcre2_match(p->re->code, (PCRE2_SPTR)text, strlen(text), 0, 0, md, NULL) < 0)
        return 0;
    if (m) {
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        *m = (tr_span){ov[0], ov[1]};
    }
    return 1;
}

/* Whether field p (a pattern, or a list: any entry) matches text. */
static int field_hits(const tr_ruleset *rs, const tr_pattern *p, const char *text, pcre2_match_data *md,
                      tr_span *m)
{
    if (p->list == (size_t)-1)
        return hits(p, text, md, m);
    const tr_list *l = &rs->lists[p->list];
    for (size_t e = 0; e < l->npatterns; e++)
        if (hits(&l->patterns[e], text, md, m))
            return 1;
    return 0;
}

/* Whether text matches any mention field of topic t. */
static int mentions(const tr_ruleset *rs, const tr_topic *t, const char *text, pcre2_match_data *md)
{
    for (size_t k = 0; k < t->npatterns; k++)
        if (t->patterns[k].kind == TR_PAT_MENTION && field_hits(rs, &t->patterns[k], text, md, NULL))
            return 1;
    return 0;
}

/* Whether a pattern's text can only match what is not words of a text:
** it starts (after \b) with @, http or www.  (A cue may match a #hashtag
** whole: "#Sad" is the word.)  */
static int masked_only(const char *src)
{
    while (!strncmp(src, "\\b", 2) || *src == '^' || *src == '(')
        src += *src == '\\' ? 2 : 1;
    if (!strncmp(src, "?:", 2))
        src += 2;
    return *src == '@' || !strncmp(src, "http", 4) || !strncmp(src, "www\\.", 5);
}

/* W008: cues that can never decide: an exact copy of an earlier cue of
** the topic (the earlier one, or the deny, wins every tie), or one that
** matches only inside URLs or @handles. */
static void never_decides(const tr_ruleset *rs, const tr_topic *tp, tr_diags *diags, size_t *n)
{
    for (size_t k = 0; k < tp->npatterns; k++) {
        const tr_pattern *p = &tp->patterns[k];
        if (p->kind != TR_PAT_AFFIRM && p->kind != TR_PAT_DENY)
            continue;
        unsigned w = trr_utf8_count(p->source, strlen(p->source)) + 2;
        for (size_t j = 0; j < tp->npatterns; j++) {
            const tr_pattern *q = &tp->patterns[j];
            if (j == k || (q->kind != TR_PAT_AFFIRM && q->kind != TR_PAT_DENY) ||
                strcmp(p->source, q->source) || strcmp(p->flags, q->flags) || p->list != q->list)
                continue;
            /* of two equal cues, the first of the same stance, or the deny, decides */
            int loses = p->kind == q->kind ? j < k : p->kind == TR_PAT_AFFIRM;
            if (loses) {
                char where[600];
                snprintf(where, sizeof where, "%s:%u", q->loc.file, q->loc.line);
                warn(rs, diags, n, TR_W_NEVER_DECIDES, p->loc, w,
                     "this cue can never decide: the same cue at %s wins every tie (topic %s)", where,
                     tp->id);
                break;
            }
        }
        if (p->list == (size_t)-1 && masked_only(p->source))
            warn(rs, diags, n, TR_W_NEVER_DECIDES, p->loc, w,
                 "this cue can never decide: it matches only URLs or @handles, which are "
                 "not words of the text (topic %s)%s", tp->id, "");
    }
}

/* W009 and W010 for topic tp: a pattern no example of the topic
** exercises (for a list, reported once at its entry, over the examples of
** every topic that uses it: seen marks those exercised), and an affirm or
** deny example whose mention an exclude removes. */
static void examples_check(const tr_ruleset *rs, size_t t, const size_t *ex, size_t nex,
                           unsigned char **seen, pcre2_match_data *md, tr_diags *diags, size_t *n)
{
    const tr_topic *tp = &rs->topics[t];
    for (size_t k = 0; k < tp->npatterns; k++) {
        const tr_pattern *p = &tp->patterns[k];
        if (p->list != (size_t)-1) {
            const tr_list *l = &rs->lists[p->list];
            for (size_t e = 0; e < l->npatterns; e++)
                for (size_t i = 0; i < nex && !seen[p->list][e]; i++)
                    seen[p->list][e] = hits(&l->patterns[e], rs->examples[ex[i]].text, md, NULL);
            continue;
        }
        int used = 0;
        for (size_t i = 0; i < nex && !used; i++)
            used = hits(p, rs->examples[ex[i]].text, md, NULL);
        if (!used && nex)
            warn(rs, diags, n, TR_W_UNEXERCISED, p->loc,
                 trr_utf8_count(p->source, strlen(p->source)) + 2,
                 "no example of topic '%s' exercises this %s pattern", tp->id, tr_pat_kind_name(p->kind));
    }
    for (size_t i = 0; i < nex; i++) {
        const tr_example *x = &rs->examples[ex[i]];
        if (x->expect == TR_STANCE_NONE)
            continue;
        for (size_t k = 0; k < tp->npatterns; k++) {
            const tr_pattern *m = &tp->patterns[k];
            tr_span ms, es;
            if (m->kind != TR_PAT_MENTION || !field_hits(rs, m, x->text, md, &ms))
                continue;
            for (size_t j = 0; j < tp->npatterns; j++) {
                const tr_pattern *e = &tp->patterns[j];
                if (e->kind == TR_PAT_EXCLUDE && field_hits(rs, e, x->text, md, &es) &&
                    es.start < ms.end && ms.start < es.end) {
                    char where[600];
                    snprintf(where, sizeof where, "%s:%u", e->loc.file, e->loc.line);
                    warn(rs, diags, n, TR_W_EXCLUDED_MENTION, x->loc, 7,
                         "the mention of this %s example is also matched by the exclude at %s", 
                         tr_stance_name(x->expect), where);
                }
            }
        }
    }
}

/* Orders example indexes by text, then index (qsort_r is not C11: the
** examples ride along in each element). */
typedef struct ex_ref {
    const char *text;
    size_t i;
} ex_ref;
static int cmp_ex(const void *a, const void *b)
{
    const ex_ref *x = a, *y = b;
    int c = strcmp(x->text, y->text);
    return c ? c : x->i < y->i ? -1 : x->i > y->i;
}

/* partner[i]: the first earlier example of the same topic and text with
** the opposite stance (affirm against deny), or (size_t)-1; exv[exoff[t]..
** exoff[t+1]) are topic t's examples.  Sorting each topic's examples by
** text makes this O(E log E), not a pairwise pass. */
static void conflicts(const tr_ruleset *rs, const size_t *exoff, const size_t *exv, size_t *partner)
{
    for (size_t i = 0; i < rs->nexamples; i++)
        partner[i] = (size_t)-1;
    ex_ref *v = malloc((rs->nexamples + 1) * sizeof *v);
    if (!v)
        return;
    for (size_t t = 0; t < rs->ntopics; t++) {
        size_t m = exoff[t + 1] - exoff[t];
        for (size_t k = 0; k < m; k++)
            v[k] = (ex_ref){rs->examples[exv[exoff[t] + k]].text, exv[exoff[t] + k]};
        qsort(v, m, sizeof *v, cmp_ex);
        for (size_t a = 0; a < m;) {
            size_t b = a, aff = (size_t)-1, den = (size_t)-1;
            while (b < m && !strcmp(v[b].text, v[a].text))
                b++;
            for (size_t k = a; k < b; k++) { /* ascending index */
                tr_stance e = rs->examples[v[k].i].expect;
                if (e == TR_STANCE_AFFIRM && den != (size_t)-1)
                    partner[v[k].i] = den;
                else if (e == TR_STANCE_DENY && aff != (size_t)-1)
                    partner[v[k].i] = aff;
                if (e == TR_STANCE_AFFIRM && aff == (size_t)-1)
                    aff = v[k].i;
                if (e == TR_STANCE_DENY && den == (size_t)-1)
                    den = v[k].i;
            }
            a = b;
        }
    }
    free(v);
}

/* Appends lint warnings about rs to diags; returns how many. */
size_t tr_rules_lint(const tr_ruleset *rs, tr_diags *diags)
{
    size_t n = 0;
    pcre2_match_data *md = pcre2_match_data_create(1, NULL);
    /* every pass below is linear in the rule set: the detectors' topics,
    ** the examples grouped by topic, the lists used by a topic with examples */
    unsigned char *det_used = calloc(rs->ntopics + 1, 1), *lused = calloc(rs->nlists + 1, 1);
    size_t *exoff = calloc(rs->ntopics + 2, sizeof *exoff), *exv = malloc((rs->nexamples + 1) * sizeof *exv);
    size_t *partner = malloc((rs->nexamples + 1) * sizeof *partner);
    if (!det_used || !lused || !exoff || !exv || !partner) {
        free(det_used), free(lused), free(exoff), free(exv), free(partner);
        pcre2_match_data_free(md);
        return n;
    }
    for (size_t d = 0; d < rs->ndets; d++)
        if (rs->dets[d].topic < rs->ntopics)
            det_used[rs->dets[d].topic] = 1;
    for (size_t i = 0; i < rs->nexamples; i++)
        exoff[rs->examples[i].topic + 2]++;
    for (size_t t = 0; t < rs->ntopics; t++)
        exoff[t + 2] += exoff[t + 1];
    for (size_t i = 0; i < rs->nexamples; i++)
        exv[exoff[rs->examples[i].topic + 1]++] = i; /* ascending within each topic */
    for (size_t t = 0; t < rs->ntopics; t++)
        for (size_t k = 0; k < rs->topics[t].npatterns; k++)
            if (rs->topics[t].patterns[k].list != (size_t)-1 && exoff[t + 1] > exoff[t])
                lused[rs->topics[t].patterns[k].list] = 1;
    conflicts(rs, exoff, exv, partner);
    for (size_t t = 0; t < rs->ntopics; t++) {
        const tr_topic *tp = &rs->topics[t];
        int used = det_used[t], stance = 0;
        if (!used)
            warn(rs, diags, &n, TR_W_UNUSED_TOPIC, tp->loc, 5,
                 "topic '%s' is not used by any detector%s", tp->id, "");
        if (!tp->description)
            warn(rs, diags, &n, TR_W_NO_DESCRIPTION, tp->loc, 5, "topic '%s' has no description%s",
                 tp->id, "");
        for (size_t k = 0; k < tp->npatterns; k++) {
            const tr_pattern *p = &tp->patterns[k];
            stance |= p->kind == TR_PAT_AFFIRM || p->kind == TR_PAT_DENY;
            if (p->re && p->re->matches_empty)
                warn(rs, diags, &n, TR_W_EMPTY_MATCH, p->loc,
                     trr_utf8_count(p->source, strlen(p->source)) + 2,
                     "%s pattern of topic '%s' matches the empty string", tr_pat_kind_name(p->kind),
                     tp->id);
        }
        if (!stance)
            warn(rs, diags, &n, TR_W_NO_STANCE, tp->loc, 5,
                 "topic '%s' has no affirm or deny pattern: it can never apply%s", tp->id, "");
    }
    /* the examples of each topic */
    unsigned char **seen = calloc(rs->nlists + 1, sizeof *seen);
    for (size_t l = 0; seen && l < rs->nlists; l++)
        if (!(seen[l] = calloc(rs->lists[l].npatterns + 1, 1)))
            seen = NULL;
    for (size_t t = 0; md && seen && t < rs->ntopics; t++) {
        never_decides(rs, &rs->topics[t], diags, &n);
        examples_check(rs, t, exv + exoff[t], exoff[t + 1] - exoff[t], seen, md, diags, &n);
    }
    for (size_t l = 0; seen && l < rs->nlists; l++) {
        int used_by_examples = lused[l];
        for (size_t e = 0; used_by_examples && e < rs->lists[l].npatterns; e++)
            if (!seen[l][e]) {
                const tr_pattern *p = &rs->lists[l].patterns[e];
                warn(rs, diags, &n, TR_W_UNEXERCISED, p->loc,
                     p->words ? 5 : trr_utf8_count(p->source, strlen(p->source)) + 2,
                     "no example of the topics that use list '%s' exercises this entry%s",
                     rs->lists[l].id, "");
            }
    }
    for (size_t l = 0; seen && l < rs->nlists; l++)
        free(seen[l]);
    free(seen);
    for (size_t d = 0; d < rs->ndets; d++)
        if (!rs->dets[d].description)
            warn(rs, diags, &n, TR_W_NO_DESCRIPTION, rs->dets[d].loc,
                 (unsigned)strlen(tr_det_kind_name(rs->dets[d].kind)), "%s '%s' has no description",
                 tr_det_kind_name(rs->dets[d].kind), rs->dets[d].id);
    for (size_t i = 0; i < rs->nexamples; i++) {
        const tr_example *x = &rs->examples[i];
        if (partner[i] != (size_t)-1) {
            const tr_example *y = &rs->examples[partner[i]];
            char where[512];
            snprintf(where, sizeof where, "%s:%u", y->loc.file, y->loc.line);
            warn(rs, diags, &n, TR_W_EXAMPLE_CONFLICT, x->loc, 7,
                 "this example text is also claimed with the opposite stance at %s (topic %s)",
                 where, x->topic_id);
        }
        if (md && x->expect != TR_STANCE_NONE && !mentions(rs, &rs->topics[x->topic], x->text, md))
            warn(rs, diags, &n, TR_W_EXAMPLE_NO_MENTION, x->loc, 7,
                 "example text matches no mention of topic '%s'%s", x->topic_id, "");
    }
    pcre2_match_data_free(md);
    free(det_used), free(lused), free(exoff), free(exv), free(partner);
    return n;
}
