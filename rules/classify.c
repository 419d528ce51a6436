/*
** classify.c: stance classification of one text against a rule set
** (algorithm in docs/rules.md):
**   1. mentions decide which topics apply (not inside a URL, not where an
**      exclude matches; in the statement's context when the text itself
**      has none);
**   2. the affirm/deny cues count when they are about the topic (the
**      referent rule, referent.c, for a topic whose mention is written as
**      a name), or in a mention's clause (a topic in common words, or
**      `clause`), or within `near N` words of one, or, with `follow N`, in
**      its sentence and the N after; never inside a URL, @handle or
**      #hashtag (unless the cue is the hashtag's word whole), never inside
**      someone else's speech, and never inside a longer cue; under the
**      referent rule a cue before "but" is conceded and one about an
**      excepted name counts reversed;
**   3. each cue goes through the negation layer (unless `fixed`);
**   4. the cue nearest to its referent decides, then the one that starts
**      last; with `cite`, a text no cue decides may cite the topic.
** A pure function of (rule set, text, context): nothing else is read.
*/
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "internal.h"

/* A match of a field: where, and the list entry when the field names a list. */
typedef struct hit {
    tr_span span;
    const tr_pattern *entry;
} hit;

/* The matches of one list in one text, computed once per text. */
typedef struct list_cache {
    size_t off, n;   /* into the scratch's list hits */
    int done;
} list_cache;

/* A cue of the current topic. */
typedef struct cand {
    tr_span span;
    const tr_pattern *p, *entry;
    size_t sentence;
    int drop;        /* TD_* */
    tr_span by;
    int by_kind;
    trr_about about; /* the referent rule's answer */
    int reversed;    /* TRV_*: it counts reversed (except, contrast) */
    tr_span rev;     /* TRV_CONTRAST: the contrast word */
    tr_cue_eval ev;
} cand;

/* The text a field is matched in: the statement or its context. */
typedef struct source {
    const char *text;
    size_t len;
    list_cache *lists;
    hit *lhits;
    size_t nlhits, cap_lhits;
} source;

struct tr_scratch {
    pcre2_match_data *md;
    pcre2_match_context *mc;
    pcre2_jit_stack *js;
    pcre2_match_context *pmc; /* the prefilter's: mc's limits and stack, and its callout */
    trr_topicset named;  /* the topics the prefilter named */
    size_t cap_named;    /* the size of named.on */
    tr_textinfo ti;      /* the text's sentences, words, masks, clauses, embedded speech */
    int have_ti;
    tr_textinfo cti;     /* the context's masks */
    int have_cti;
    source src[2];       /* 0: the text, 1: the context */
    size_t cap_lists;
    hit *hits;           /* matches of the current field */
    size_t nhits, cap_hits;
    tr_span *ms;         /* matches of one pattern */
    size_t nms, cap_ms;
    trr_mention *mentions;
    size_t nmentions, cap_mentions;
    tr_span *excl;
    size_t nexcl, cap_excl;
    cand *cands;
    size_t ncands, cap_cands;
    trr_refs refs;       /* the referents of the cue being weighed */
    int by_referent;     /* the current topic's cues go by the referent rule */
    tr_span *kept;       /* the current topic's kept mentions */
    size_t nkept, cap_kept;
    unsigned char *region;
    size_t cap_region;
};

/* Initialises c (no allocation). */
void tr_classification_init(tr_classification *c)
{
    memset(c, 0, sizeof *c);
}

/* Empties c's results, keeping memory. */
void tr_classification_reset(tr_classification *c)
{
    c->n = 0;
    c->nlimits = 0;
    c->topics_run = 0;
    if (c->scratch) {
        c->scratch->have_ti = c->scratch->have_cti = 0;
        for (int k = 0; k < 2; k++) {
            c->scratch->src[k].nlhits = 0;
            if (c->scratch->src[k].lists)
                memset(c->scratch->src[k].lists, 0, c->scratch->cap_lists * sizeof(list_cache));
        }
    }
}

/* Frees all of c's memory. */
void tr_classification_free(tr_classification *c)
{
    free(c->assertions);
    free(c->limits);
    struct tr_scratch *s = c->scratch;
    if (s) {
        pcre2_match_data_free(s->md);
        pcre2_match_context_free(s->mc);
        pcre2_match_context_free(s->pmc);
        pcre2_jit_stack_free(s->js);
        free(s->named.on);
        free(s->named.v);
        free(s->named.fold);
        trr_textinfo_free(&s->ti);
        trr_textinfo_free(&s->cti);
        for (int k = 0; k < 2; k++) {
            free(s->src[k].lists);
            free(s->src[k].lhits);
        }
        free(s->hits);
        free(s->ms);
        free(s->mentions);
        free(s->excl);
        free(s->cands);
        free(s->refs.v);
        free(s->kept);
        free(s->region);
        free(s);
    }
    tr_classification_init(c);
}

/* The assertion for topic t, or NULL. */
const tr_assertion *tr_classification_find(const tr_classification *c, size_t t)
{
    for (size_t i = 0; i < c->n; i++)
        if (c->assertions[i].topic == t)
            return &c->assertions[i];
    return NULL;
}

/* The text info of the last classification (NULL when none was needed). */
const tr_textinfo *trr_classification_textinfo(const tr_classification *c)
{
    return c->scratch && c->scratch->have_ti ? &c->scratch->ti : NULL;
}

/* Creates c's scratch (match data, match context with limits, JIT stack,
** one list cache per list of rs). */
static int scratch_ready(tr_classification *c, const tr_ruleset *rs)
{
    struct tr_scratch *s = c->scratch;
    if (!s) {
        s = calloc(1, sizeof *s);
        if (!s)
            return -1;
        c->scratch = s;
        s->md = pcre2_match_data_create(1, NULL);
        s->mc = pcre2_match_context_create(NULL);
        s->pmc = pcre2_match_context_create(NULL);
        s->js = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, NULL);
        if (!s->md || !s->mc || !s->pmc)
            return -1;
        if (s->js) {
            pcre2_jit_stack_assign(s->mc, NULL, s->js);
            pcre2_jit_stack_assign(s->pmc, NULL, s->js);
        }
    }
    if (rs->ntopics > s->cap_named) {
        unsigned char *on = realloc(s->named.on, rs->ntopics);
        if (!on)
            return -1;
        memset(on, 0, rs->ntopics);
        s->named.on = on;
        s->cap_named = rs->ntopics;
    }
    if (rs->nlists > s->cap_lists) {
        for (int k = 0; k < 2; k++) {
            list_cache *l = realloc(s->src[k].lists, rs->nlists * sizeof *l);
            if (!l)
                return -1;
            s->src[k].lists = l;
        }
        s->cap_lists = rs->nlists;
    }
    for (int k = 0; k < 2; k++)
        if (s->src[k].lists)
            memset(s->src[k].lists, 0, s->cap_lists * sizeof(list_cache));
    pcre2_set_match_limit(s->mc, rs->match_limit);
    pcre2_set_depth_limit(s->mc, rs->depth_limit);
    pcre2_set_heap_limit(s->mc, rs->heap_limit_kib);
    pcre2_set_match_limit(s->pmc, rs->match_limit);
    pcre2_set_depth_limit(s->pmc, rs->depth_limit);
    pcre2_set_heap_limit(s->pmc, rs->heap_limit_kib);
    return 0;
}

/* Records a limit event for pattern p of topic t; 0 or -1 on OOM. */
static int add_limit(tr_classification *c, const tr_ruleset *rs, size_t t,
                     const tr_pattern *p, int rc, size_t off)
{
    if (trr_grow((void **)&c->limits, &c->cap_limits, c->nlimits, sizeof *c->limits) < 0)
        return -1;
    tr_limit_event *e = &c->limits[c->nlimits++];
    memset(e, 0, sizeof *e);
    e->topic = t;
    e->topic_id = rs->topics[t].id;
    e->pattern = p;
    e->pcre_error = rc;
    e->offset = off;
    pcre2_get_error_message(rc, (PCRE2_UCHAR *)e->message, sizeof e->message);
    return 0;
}

/* Collects every match of the compiled pattern p in text into s->ms.  A
** match error (a limit) is recorded as a limit event and ends this
** pattern's matches.  0 or -1. */
static int match_all(tr_classification *c, const tr_ruleset *rs, size_t t,
                     const tr_pattern *p, const char *text, size_t len)
{
    struct tr_scratch *s = c->scratch;
    s->nms = 0;
    size_t start = 0;
    /* the pattern's lazy JIT state and the budget are the rule set's own */
    trr_regex_ready(p->re, &((tr_ruleset *)rs)->jit_left);
    while (start <= len) {
        int rc = pcre2_match(p->re->code, (PCRE2_SPTR)text, len, start,
                             PCRE2_NO_UTF_CHECK, s->md, s->mc);
        if (rc == PCRE2_ERROR_NOMATCH)
            break;
        if (rc < 0)
            return add_limit(c, rs, t, p, rc, start);
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(s->md);
        size_t b = ov[0], e = ov[1];
        if (e < b)
            e = b;
        if (trr_grow((void **)&s->ms, &s->cap_ms, s->nms, sizeof *s->ms) < 0)
            return -1;
        s->ms[s->nms].start = b;
        s->ms[s->nms].end = e;
        s->nms++;
        if (e > start)
            start = e;
        else {
            if (start >= len)
                break;
            size_t cl;
            trr_utf8_decode(text, len, start, &cl);
            start += cl;
        }
    }
    return 0;
}

/* Appends a hit to v; 0 or -1. */
static int push_hit(hit **v, size_t *n, size_t *cap, tr_span sp, const tr_pattern *entry)
{
    if (trr_grow((void **)v, cap, *n, sizeof **v) < 0)
        return -1;
    (*v)[(*n)++] = (hit){sp, entry};
    return 0;
}

/* Fills s->hits with the matches of field p (a pattern, or a list: every
** match of each entry, computed once per text) in source k.  0 or -1. */
static int match_field(tr_classification *c, const tr_ruleset *rs, size_t t, const tr_pattern *p,
                       int k)
{
    struct tr_scratch *s = c->scratch;
    source *src = &s->src[k];
    s->nhits = 0;
    if (p->list == (size_t)-1) {
        if (match_all(c, rs, t, p, src->text, src->len) < 0)
            return -1;
        for (size_t m = 0; m < s->nms; m++)
            if (push_hit(&s->hits, &s->nhits, &s->cap_hits, s->ms[m], NULL) < 0)
                return -1;
        return 0;
    }
    list_cache *lc = &src->lists[p->list];
    if (!lc->done) {
        const tr_list *l = &rs->lists[p->list];
        lc->off = src->nlhits;
        for (size_t e = 0; e < l->npatterns; e++) {
            if (match_all(c, rs, t, &l->patterns[e], src->text, src->len) < 0)
                return -1;
            for (size_t m = 0; m < s->nms; m++)
                if (push_hit(&src->lhits, &src->nlhits, &src->cap_lhits, s->ms[m], &l->patterns[e]) < 0)
                    return -1;
        }
        lc->n = src->nlhits - lc->off;
        lc->done = 1;
    }
    for (size_t m = 0; m < lc->n; m++) {
        hit h = src->lhits[lc->off + m];
        if (push_hit(&s->hits, &s->nhits, &s->cap_hits, h.span, h.entry) < 0)
            return -1;
    }
    return 0;
}

/* Computes the text's sentences, words, masks, clauses once per text. */
static int need_ti(tr_classification *c, const tr_ruleset *rs)
{
    struct tr_scratch *s = c->scratch;
    if (s->have_ti)
        return 0;
    const char *text = s->src[0].text;
    size_t len = s->src[0].len;
    if (trr_sentences(&rs->lex, text, len, &s->ti) < 0 || trr_words(&rs->lex, text, len, &s->ti) < 0)
        return -1;
    s->have_ti = 1;
    return 0;
}

/* Computes the context's masks once per text. */
static int need_cti(tr_classification *c)
{
    struct tr_scratch *s = c->scratch;
    if (s->have_cti)
        return 0;
    if (trr_masks(s->src[1].text, s->src[1].len, &s->cti) < 0)
        return -1;
    s->have_cti = 1;
    return 0;
}

/* Collects topic t's mentions in source k (0 text, 1 context) into
** s->mentions, marking those inside a URL or where an exclude matches.
** Returns the number kept, or -1 on OOM. */
static long find_mentions(tr_classification *c, const tr_ruleset *rs, size_t t, int k)
{
    struct tr_scratch *s = c->scratch;
    const tr_topic *tp = &rs->topics[t];
    s->nmentions = 0;
    for (size_t i = 0; i < tp->npatterns; i++) {
        const tr_pattern *p = &tp->patterns[i];
        if (p->kind != TR_PAT_MENTION)
            continue;
        if (match_field(c, rs, t, p, k) < 0)
            return -1;
        for (size_t m = 0; m < s->nhits; m++) {
            if (trr_grow((void **)&s->mentions, &s->cap_mentions, s->nmentions, sizeof *s->mentions) < 0)
                return -1;
            s->mentions[s->nmentions++] = (trr_mention){s->hits[m].span, p, s->hits[m].entry, TDM_KEPT, NULL};
        }
    }
    if (s->nmentions == 0)
        return 0;
    if (k == 0 ? need_ti(c, rs) < 0 : need_cti(c) < 0)
        return -1;
    const tr_textinfo *ti = k == 0 ? &s->ti : &s->cti;
    long kept = 0;
    for (size_t m = 0; m < s->nmentions; m++) {
        const tr_mark *mk = trr_mask_at(ti, s->mentions[m].span.start, s->mentions[m].span.end);
        if (mk && mk->kind == TM_URL)
            s->mentions[m].drop = TDM_URL;
    }
    for (size_t i = 0; i < tp->npatterns; i++) {
        const tr_pattern *p = &tp->patterns[i];
        if (p->kind != TR_PAT_EXCLUDE)
            continue;
        if (match_field(c, rs, t, p, k) < 0)
            return -1;
        for (size_t h = 0; h < s->nhits; h++)
            for (size_t m = 0; m < s->nmentions; m++) {
                trr_mention *x = &s->mentions[m];
                if (!x->drop && s->hits[h].span.start < x->span.end && x->span.start < s->hits[h].span.end) {
                    x->drop = TDM_EXCLUDED;
                    x->by = p;
                }
            }
    }
    for (size_t m = 0; m < s->nmentions; m++)
        kept += !s->mentions[m].drop;
    return kept;
}

/* Whether sentence k holds at most three words and no name. */
static int short_nameless(const tr_textinfo *ti, size_t k)
{
    tr_span st = ti->sents[k];
    size_t nw = 0;
    for (size_t w = trr_word_after(ti, st.start); w < ti->nwords && ti->words[w].start < st.end; w++)
        nw += ti->words[w].kind == TW_WORD;
    for (size_t n = 0; n < ti->nnames; n++)
        if (ti->names[n].span.start >= st.start && ti->names[n].span.start < st.end &&
            ti->names[n].kind != TM_SELF && ti->names[n].kind != TM_SELFOBJ && ti->names[n].kind != TM_PRONOUN &&
            ti->names[n].kind != TM_RELATIVE)
            return 0;
    return nw <= 3;
}

/* Whether the mention at x of text is written as a name: in a @handle or
** a #hashtag, or with a capital opening one of its words ("Paul Ryan",
** "WSJ", "McCain"; not "the talks"). */
static int is_name(const tr_textinfo *ti, const char *text, tr_span x)
{
    const tr_mark *mk = trr_mask_at(ti, x.start, x.end);
    if (mk && (mk->kind == TM_HANDLE || mk->kind == TM_HASHTAG))
        return 1;
    for (size_t w = trr_word_after(ti, x.start); w < ti->nwords && ti->words[w].start < x.end; w++) {
        const tr_word *y = &ti->words[w];
        size_t cl;
        if (y->kind == TW_WORD && y->start >= x.start &&
            utf8proc_category(trr_utf8_decode(text, y->end, y->start, &cl)) == UTF8PROC_CATEGORY_LU)
            return 1;
    }
    return 0;
}

/* Whether topic tp's cues go by the referent rule in this text: no
** follow, near or clause, and one of its kept mentions is a name (a
** topic named in common words, "the talks", keeps the clause rule). */
static int referent_rule(const struct tr_scratch *s, const tr_topic *tp)
{
    if (tp->follow_set || tp->near || tp->clause)
        return 0;
    for (size_t m = 0; m < s->nkept; m++)
        if (is_name(&s->ti, s->src[0].text, s->kept[m]))
            return 1;
    return 0;
}

/* Whether the cue x is in the region of the kept mentions of topic tp: by
** default the referent rule (referent.c: its referent is the topic's);
** with `clause`, a mention's clause (or a short name-less sentence after
** the mention's); with `near N`, within N words of a mention; with
** `follow N`, in a mention sentence or the N sentences after it.  -1 on
** OOM. */
static int in_region(struct tr_scratch *s, const tr_topic *tp, cand *x)
{
    const tr_textinfo *ti = &s->ti;
    tr_span sp = x->span;
    size_t si = x->sentence;
    if (tp->follow_set)
        return ti->nsents && s->region[si];
    if (tp->clause || (!tp->near && !s->by_referent)) {
        size_t cl = trr_clause_of(ti, sp.start);
        for (size_t m = 0; m < s->nmentions; m++)
            if (!s->mentions[m].drop && trr_clause_of(ti, s->mentions[m].span.start) == cl)
                return 1;
        /* a short sentence that names no one ("Sad!") continues the one before */
        size_t k = si;
        while (k > 0 && ti->nsents && short_nameless(ti, k)) {
            k--;
            for (size_t m = 0; m < s->nmentions; m++)
                if (!s->mentions[m].drop && trr_sentence_of(ti, s->mentions[m].span.start) == k)
                    return 1;
        }
        return 0;
    }
    if (tp->near) {
        for (size_t m = 0; m < s->nmentions; m++) {
            const trr_mention *y = &s->mentions[m];
            if (y->drop)
                continue;
            size_t d = y->span.end <= sp.start ? trr_gap_words(ti, y->span.end, sp.start)
                     : sp.end <= y->span.start ? trr_gap_words(ti, sp.end, y->span.start) : 0;
            if (d <= tp->near)
                return 1;
        }
        return 0;
    }
    if (trr_referent(ti, s->src[0].text, s->src[0].len, s->kept, s->nkept, sp, si, &s->refs, &x->about) < 0)
        return -1;
    if (x->about.mine && x->about.except)
        x->reversed = TRV_EXCEPT;
    return x->about.mine;
}

/* The first contrast word ("but") after offset off in sentence si: its
** index, or nwords. */
static size_t contrast_after(const tr_textinfo *ti, size_t off, size_t si)
{
    for (size_t w = trr_word_after(ti, off); w < ti->nwords && ti->words[w].sent == si; w++)
        if (ti->words[w].kind == TW_WORD && ti->words[w].start >= off && ti->words[w].contrast)
            return w;
    return ti->nwords;
}

/* Contrast (the referent rule): in "A but B" the speaker's position is
** B's.  A counting cue before a contrast word of its sentence is
** conceded: it does not count when a counting cue follows the contrast
** word in the sentence; else it counts reversed when what follows the
** contrast word is about the topic ("a friend of mine but he is ...").
** 0 or -1 on OOM. */
static int contrast(struct tr_scratch *s, const tr_textinfo *ti)
{
    for (size_t i = 0; i < s->ncands && ti->nsents; i++) {
        cand *x = &s->cands[i];
        if (x->drop)
            continue;
        size_t w = contrast_after(ti, x->span.end, x->sentence);
        if (w >= ti->nwords)
            continue;
        size_t bend = ti->words[w].end;
        int later = 0;
        for (size_t j = 0; j < s->ncands && !later; j++)
            later = !s->cands[j].drop && s->cands[j].sentence == x->sentence && s->cands[j].span.start >= bend;
        tr_span cw = {ti->words[w].start, bend};
        if (later) {
            x->drop = TD_CONCEDED;
            x->by = cw;
            continue;
        }
        int about = trr_referent_at(ti, s->src[0].text, s->kept, s->nkept, bend, &s->refs);
        if (about < 0)
            return -1;
        if (about) {
            x->reversed = x->reversed ? TRV_NO : TRV_CONTRAST;
            x->rev = cw;
        }
    }
    return 0;
}

/* Appends topic t's assertion from a citation (mention cm, span cs). */
static int add_cite(tr_classification *c, const tr_topic *tp, size_t t, const trr_mention *cm, tr_span cs)
{
    tr_assertion a;
    memset(&a, 0, sizeof a);
    a.topic = t;
    a.topic_id = tp->id;
    a.stance = a.cue_stance = tp->cite;
    a.cue = cs;
    a.pattern = cm->entry ? cm->entry : cm->p;
    a.mention = cm->span;
    a.sentence = cs;
    a.cited = 1;
    if (trr_grow((void **)&c->assertions, &c->cap, c->n, sizeof *c->assertions) < 0)
        return -1;
    c->assertions[c->n++] = a;
    return 0;
}

/* Classifies one topic; appends its assertion (if any) and its trace. */
static int classify_topic(const tr_ruleset *rs, size_t t, tr_classification *c, tr_trace *trace)
{
    struct tr_scratch *s = c->scratch;
    c->topics_run++;
    const tr_topic *tp = &rs->topics[t];
    const char *text = s->src[0].text;
    size_t len = s->src[0].len;
    int in_context = 0;
    long kept = find_mentions(c, rs, t, 0);
    if (kept == 0 && s->src[1].text && trace) {
        /* the text's dropped mentions are part of the explanation */
        for (size_t m = 0; m < s->nmentions; m++) {
            if (trr_grow((void **)&trace->mentions, &trace->cap_mentions, trace->nmentions,
                         sizeof *trace->mentions) < 0)
                return -1;
            const trr_mention *x = &s->mentions[m];
            trace->mentions[trace->nmentions++] = (tr_trace_mention){
                t, x->p, x->entry, x->span, trr_sentence_of(&s->ti, x->span.start), 0, x->drop, x->by};
        }
    }
    if (kept == 0 && s->src[1].text) {
        kept = find_mentions(c, rs, t, 1);
        in_context = 1;
    }
    if (kept < 0)
        return -1;
    if (trace) {
        for (size_t m = 0; m < s->nmentions; m++) {
            if (trr_grow((void **)&trace->mentions, &trace->cap_mentions, trace->nmentions,
                         sizeof *trace->mentions) < 0)
                return -1;
            const trr_mention *x = &s->mentions[m];
            size_t sent = !in_context && s->have_ti ? trr_sentence_of(&s->ti, x->span.start) : 0;
            trace->mentions[trace->nmentions++] =
                (tr_trace_mention){t, x->p, x->entry, x->span, sent, in_context, x->drop, x->by};
        }
    }
    if (kept == 0 && !(tp->cite && !in_context && s->nmentions))
        return 0;
    if (need_ti(c, rs) < 0)
        return -1;
    tr_textinfo *ti = &s->ti;
    if (kept == 0) {
        tr_span cs;
        const trr_mention *cm = trr_cited(ti, s->src[0].text, s->src[0].len, s->mentions, s->nmentions, &cs);
        return cm ? add_cite(c, tp, t, cm, cs) : 0;
    }
    if (ti->nsents > s->cap_region) {
        unsigned char *r = realloc(s->region, ti->nsents);
        if (!r)
            return -1;
        s->region = r;
        s->cap_region = ti->nsents;
    }
    if (ti->nsents)
        memset(s->region, 0, ti->nsents);
    size_t first = (size_t)-1;
    s->nkept = 0;
    for (size_t m = 0; m < s->nmentions; m++) {
        if (s->mentions[m].drop)
            continue;
        if (trr_grow((void **)&s->kept, &s->cap_kept, s->nkept, sizeof *s->kept) < 0)
            return -1;
        s->kept[s->nkept++] = s->mentions[m].span;
        if (first == (size_t)-1 || s->mentions[m].span.start < s->mentions[first].span.start)
            first = m;
        if (in_context)
            continue;
        size_t si = trr_sentence_of(ti, s->mentions[m].span.start);
        for (size_t k = si; k <= si + tp->follow && k < ti->nsents; k++)
            s->region[k] = 1;
    }
    s->by_referent = !in_context && referent_rule(s, tp);
    if (trace) {
        if (trace->cap_rule < rs->ntopics) {
            unsigned char *r = realloc(trace->rule, rs->ntopics);
            if (!r)
                return -1;
            memset(r + trace->cap_rule, 0, rs->ntopics - trace->cap_rule);
            trace->rule = r;
            trace->cap_rule = rs->ntopics;
        }
        trace->rule[t] = (unsigned char)s->by_referent;
    }
    /* every cue, and why it does not count */
    s->ncands = 0;
    for (size_t k = 0; k < tp->npatterns; k++) {
        const tr_pattern *p = &tp->patterns[k];
        if (p->kind != TR_PAT_AFFIRM && p->kind != TR_PAT_DENY)
            continue;
        if (match_field(c, rs, t, p, 0) < 0)
            return -1;
        for (size_t m = 0; m < s->nhits; m++) {
            if (trr_grow((void **)&s->cands, &s->cap_cands, s->ncands, sizeof *s->cands) < 0)
                return -1;
            cand *x = &s->cands[s->ncands++];
            memset(x, 0, sizeof *x);
            x->span = s->hits[m].span;
            x->p = p;
            x->entry = s->hits[m].entry;
            x->sentence = trr_sentence_of(ti, x->span.start);
            const tr_mark *mk = trr_mask_at(ti, x->span.start, x->span.end), *em;
            if (mk && mk->kind == TM_HASHTAG && x->span.end == mk->span.end &&
                (x->span.start == mk->span.start || x->span.start == mk->span.start + 1))
                mk = NULL; /* the hashtag is the cue's word, whole: #Sad */
            if (mk) {
                x->drop = TD_MASKED;
                x->by = mk->span;
                x->by_kind = mk->kind;
            } else if ((em = trr_embedded_at(ti, x->span.start))) {
                x->drop = TD_EMBEDDED;
                x->by = em->span;
                x->by_kind = em->kind;
            } else if (!in_context) {
                int in = in_region(s, tp, x);
                if (in < 0)
                    return -1;
                if (!in)
                    x->drop = TD_REGION;
            }
        }
    }
    /* a longer cue wins over a cue inside it */
    for (size_t i = 0; i < s->ncands; i++) {
        cand *y = &s->cands[i];
        for (size_t j = 0; j < s->ncands && !y->drop; j++) {
            const cand *x = &s->cands[j];
            if (j != i && (x->drop == TD_KEPT || x->drop == TD_INSIDE) &&
                x->span.start <= y->span.start && y->span.end <= x->span.end &&
                (x->span.start < y->span.start || y->span.end < x->span.end)) {
                y->drop = TD_INSIDE;
                y->by = x->span;
            }
        }
    }
    if (s->by_referent && contrast(s, ti) < 0)
        return -1;
    int have = 0;
    tr_assertion best;
    memset(&best, 0, sizeof best);
    unsigned ncues = 0;
    size_t bestdist = 0;
    for (size_t i = 0; i < s->ncands; i++) {
        cand *x = &s->cands[i];
        tr_stance raw = x->p->kind == TR_PAT_AFFIRM ? TR_STANCE_AFFIRM : TR_STANCE_DENY;
        int fixed = x->p->fixed || (x->entry && x->entry->fixed);
        trr_negation_eval(&rs->lex, ti, x->span.start, x->span.end, raw, fixed, &x->ev);
        if (x->reversed)
            x->ev.final = x->ev.final == TR_STANCE_AFFIRM ? TR_STANCE_DENY : TR_STANCE_AFFIRM;
        if (trace) {
            if (trr_grow((void **)&trace->cues, &trace->cap_cues, trace->ncues, sizeof *trace->cues) < 0)
                return -1;
            trace->cues[trace->ncues++] = (tr_trace_cue){t, x->p, x->entry, x->span, x->sentence,
                                                         x->drop == TD_KEPT, x->drop, x->by, x->by_kind,
                                                         s->by_referent, x->about, x->reversed, x->rev,
                                                         x->ev};
        }
        if (x->drop)
            continue;
        ncues++;
        tr_span sp = x->span;
        /* the cue nearest to its referent wins (all are at 0 outside the
        ** referent rule); then the one that starts last; then the longer,
        ** then deny, then the earlier pattern */
        size_t d = x->about.dist;
        int better = !have || d < bestdist ||
                     (d == bestdist &&
                      (sp.start > best.cue.start ||
                       (sp.start == best.cue.start &&
                        (sp.end > best.cue.end ||
                         (sp.end == best.cue.end && x->ev.final == TR_STANCE_DENY &&
                          best.stance != TR_STANCE_DENY)))));
        if (!better)
            continue;
        bestdist = d;
        have = 1;
        best.stance = x->ev.final;
        best.cue = sp;
        best.cue_stance = raw;
        best.pattern = x->entry ? x->entry : x->p;
        best.sentence = ti->nsents ? ti->sents[x->sentence] : (tr_span){0, len};
        best.negated = x->ev.negated;
        best.negation = x->ev.negation;
        best.hedged = x->ev.hedged;
        best.hedge = x->ev.hedge;
    }
    (void)text;
    if (!have && tp->cite && !in_context) {
        tr_span cs;
        const trr_mention *cm = trr_cited(ti, s->src[0].text, s->src[0].len, s->mentions, s->nmentions, &cs);
        return cm ? add_cite(c, tp, t, cm, cs) : 0;
    }
    if (!have)
        return 0;
    best.topic = t;
    best.topic_id = tp->id;
    best.mention = s->mentions[first].span;
    best.in_context = in_context;
    best.ncues = ncues;
    if (trr_grow((void **)&c->assertions, &c->cap, c->n, sizeof *c->assertions) < 0)
        return -1;
    c->assertions[c->n++] = best;
    return 0;
}

/* Checks that s[0..n) is valid UTF-8 without NUL; TR_EDATA naming what. */
static tr_status check_utf8(const char *s, size_t n, const char *what, tr_err *err)
{
    size_t bad = trr_utf8_invalid(s, n);
    if (bad < n)
        return tr_errf(err, TR_EDATA, "%s at byte %zu of the %s",
                       s[bad] ? "invalid UTF-8" : "NUL byte", bad, what);
    return TR_OK;
}

/* Orders topic indexes. */
static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

/* Runs the prefilter over the text and its context, then classifies the
** topics it named, in topic order (the order every topic would give).
** Returns 0; 1 when a prefilter match stopped at a limit (nothing was
** classified: the caller runs every topic); -1 when out of memory. */
static int classify_named(const tr_ruleset *rs, tr_classification *out)
{
    struct tr_scratch *s = out->scratch;
    trr_topicset *set = &s->named;
    int rc = trr_prefilter_run(rs, s->src[0].text, s->src[0].len, s->md, s->pmc, set);
    if (rc == 0 && s->src[1].text)
        rc = trr_prefilter_run(rs, s->src[1].text, s->src[1].len, s->md, s->pmc, set);
    if (rc == 0) {
        if (set->n > 1)
            qsort(set->v, set->n, sizeof *set->v, cmp_size);
        for (size_t i = 0; i < set->n && rc == 0; i++)
            rc = classify_topic(rs, set->v[i], out, NULL) < 0 ? -1 : 0;
    }
    for (size_t i = 0; i < set->n; i++)
        set->on[set->v[i]] = 0;
    set->n = 0;
    return rc;
}

/* tr_classify_ctx with an optional trace (for explain). */
tr_status trr_classify_trace(const tr_ruleset *rs, const char *text, size_t len, const char *ctx,
                            size_t ctxlen, tr_classification *out, tr_trace *trace, tr_err *err)
{
    tr_classification_reset(out);
    if (!text && len)
        return tr_errf(err, TR_EDATA, "no text");
    if (!text)
        text = "";
    if (!ctx || !ctxlen)
        ctx = NULL, ctxlen = 0;
    tr_status st = check_utf8(text, len, "text", err);
    if (!st && ctx)
        st = check_utf8(ctx, ctxlen, "context", err);
    if (st)
        return st;
    if (scratch_ready(out, rs) < 0)
        return tr_errf(err, TR_ESOFTWARE, "out of memory");
    struct tr_scratch *s = out->scratch;
    s->src[0].text = text;
    s->src[0].len = len;
    s->src[1].text = ctx;
    s->src[1].len = ctxlen;
    /* A text costs one match per prefilter chunk, then only the topics it
    ** mentions run.  On a limit, every topic runs and reports it itself;
    ** an explanation (trace) shows every topic. */
    if (rs->prefilter && !rs->plain && !trace) {
        int rc = classify_named(rs, out);
        if (rc < 0)
            return tr_errf(err, TR_ESOFTWARE, "out of memory");
        if (rc == 0)
            return TR_OK;
    }
    for (size_t t = 0; t < rs->ntopics; t++)
        if (classify_topic(rs, t, out, trace) < 0)
            return tr_errf(err, TR_ESOFTWARE, "out of memory");
    return TR_OK;
}

/* Classifies text with rs into out (see rules.h). */
tr_status tr_classify(const tr_ruleset *rs, const char *text, size_t len,
                      tr_classification *out, tr_err *err)
{
    return trr_classify_trace(rs, text, len, NULL, 0, out, NULL, err);
}

/* Classifies text with its context (see rules.h). */
tr_status tr_classify_ctx(const tr_ruleset *rs, const char *text, size_t len, const char *ctx,
                          size_t ctxlen, tr_classification *out, tr_err *err)
{
    return trr_classify_trace(rs, text, len, ctx, ctxlen, out, NULL, err);
}
