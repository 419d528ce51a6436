/*
** classify.c: stance classification of one text against a rule set
** (algorithm in docs/rules.md):
**   1. mentions decide which topics apply (not inside a URL, not where an
**      exclude matches; in the statement's context when the text itself
**      has none);
**   2. the affirm/deny cues count in a mention's clause (or within `near N`
**      words of one, or, with `follow N`, in its sentence and the N after),
**      never inside a URL, @handle or #hashtag, never inside someone
**      else's speech, and never inside a longer cue;
**   3. each cue goes through the negation layer (unless `fixed`);
**   4. the decisive cue that starts last in the text wins.
** A pure function of (rule set, text, context): nothing else is read.
*/
#include <stdlib.h>
#include <string.h>

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

/* A referent a cue may be about: one of the topic's mentions (mine) or
** another name. */
typedef struct ref {
    tr_span span;
    int mine;        /* 1: the topic's; 2 while a pronoun is not yet resolved */
    int self;        /* the speaker himself ("I", "my") */
    int weak;        /* after a preposition ("in New Jersey"): second choice */
} ref;

/* A mention of the current topic. */
typedef struct mention {
    tr_span span;
    const tr_pattern *p, *entry;
    int drop;        /* TDM_* */
    const tr_pattern *by;
} mention;

/* A cue of the current topic. */
typedef struct cand {
    tr_span span;
    const tr_pattern *p, *entry;
    size_t sentence;
    int drop;        /* TD_* */
    tr_span by;
    int by_kind;
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
    mention *mentions;
    size_t nmentions, cap_mentions;
    tr_span *excl;
    size_t nexcl, cap_excl;
    cand *cands;
    size_t ncands, cap_cands;
    ref *refs;
    size_t nrefs, cap_refs;
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
        pcre2_jit_stack_free(s->js);
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
        free(s->refs);
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
        s->js = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, NULL);
        if (!s->md || !s->mc)
            return -1;
        if (s->js)
            pcre2_jit_stack_assign(s->mc, NULL, s->js);
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
            s->mentions[s->nmentions++] = (mention){s->hits[m].span, p, s->hits[m].entry, TDM_KEPT, NULL};
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
                mention *x = &s->mentions[m];
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

/* Counts the words of the text between offsets a and b (a <= b). */
static size_t gap_words(const tr_textinfo *ti, size_t a, size_t b)
{
    size_t n = 0;
    for (size_t k = trr_word_after(ti, a); k < ti->nwords && ti->words[k].end <= b; k++)
        n += ti->words[k].kind == TW_WORD && ti->words[k].start >= a;
    return n;
}

/* Orders referents by start. */
static int ref_cmp(const void *a, const void *b)
{
    const ref *x = a, *y = b;
    return (x->span.start > y->span.start) - (x->span.start < y->span.start);
}

/* Whether text[a..b) holds only what joins two names into one group:
** spaces, ',', '&', '/', and at most one "and" or "or". */
static int joins(const char *text, size_t a, size_t b)
{
    size_t words = 0;
    for (size_t i = a; i < b;) {
        char c = text[i];
        if (c == ' ' || c == ',' || c == '&' || c == '/') {
            i++;
            continue;
        }
        size_t k = i;
        while (k < b && text[k] != ' ' && text[k] != ',')
            k++;
        if (!((k - i == 3 && !strncmp(text + i, "and", 3)) || (k - i == 2 && !strncmp(text + i, "or", 2))))
            return 0;
        if (++words > 1)
            return 0;
        i = k;
    }
    return 1;
}

/* Builds s->refs for a cue at sp: the topic's kept mentions and the other
** names of the text (less the part of a name the cue itself covers; the
** speaker's own "I", "we", "my"... are names too), grouped where names are
** joined by ",", "&", "and" or "or".  Nothing inside someone else's words
** counts.  0 or -1. */
static int build_refs(struct tr_scratch *s, const char *text, tr_span sp)
{
    const tr_textinfo *ti = &s->ti;
    s->nrefs = 0;
    for (size_t m = 0; m < s->nmentions; m++) {
        if (s->mentions[m].drop || trr_embedded_at(ti, s->mentions[m].span.start))
            continue;
        if (trr_grow((void **)&s->refs, &s->cap_refs, s->nrefs, sizeof *s->refs) < 0)
            return -1;
        s->refs[s->nrefs++] = (ref){s->mentions[m].span, 1, 0, 0};
    }
    for (size_t k = 0; k < ti->nnames; k++) {
        tr_span x = ti->names[k].span;
        if (x.start < sp.end && sp.start < x.end) { /* the cue is in the name: keep the rest */
            if (sp.start > x.start)
                x.end = sp.start;
            else
                x.start = sp.end;
            while (x.start < x.end && text[x.start] == ' ')
                x.start++;
            while (x.end > x.start && text[x.end - 1] == ' ')
                x.end--;
            if (x.end <= x.start)
                continue;
        }
        if (trr_embedded_at(ti, x.start))
            continue; /* someone else's words name no one for the speaker's cues */
        int theirs = 1;
        for (size_t m = 0; m < s->nmentions && theirs; m++)
            theirs = s->mentions[m].drop || !(x.start < s->mentions[m].span.end &&
                                              s->mentions[m].span.start < x.end);
        if (!theirs)
            continue;
        if (trr_grow((void **)&s->refs, &s->cap_refs, s->nrefs, sizeof *s->refs) < 0)
            return -1;
        int kind = ti->names[k].kind;
        s->refs[s->nrefs++] = (ref){x, kind == TM_PRONOUN ? 2 : 0, kind == TM_SELF || kind == TM_SELFOBJ,
                                    kind == TM_SELFOBJ};
    }
    if (s->nrefs)
        qsort(s->refs, s->nrefs, sizeof *s->refs, ref_cmp);
    /* a pronoun stands for the last name before it that is not the speaker;
    ** another name after a preposition (lexicon prep) is a second choice */
    int last = 0;
    for (size_t k = 0; k < s->nrefs; k++) {
        ref *r = &s->refs[k];
        size_t w = trr_word_after(ti, r->span.start);
        while (w > 0 && ti->words[w - 1].kind == TW_WORD && ti->words[w - 1].skip && !ti->words[w - 1].prep)
            w--;
        r->weak |= !r->mine && w > 0 && ti->words[w - 1].kind == TW_WORD && ti->words[w - 1].prep;
        if (r->mine == 2)
            r->mine = last;
        else if (!r->self)
            last = r->mine;
    }
    size_t g = 0;
    for (size_t k = 0; k < s->nrefs; k++) {
        ref *p = g ? &s->refs[g - 1] : NULL;
        if (p && !p->self && !s->refs[k].self && s->refs[k].span.start >= p->span.end &&
            joins(text, p->span.end, s->refs[k].span.start)) {
            p->span.end = s->refs[k].span.end;
            p->mine |= s->refs[k].mine;
            p->weak &= s->refs[k].weak;
            continue;
        }
        s->refs[g++] = s->refs[k];
    }
    s->nrefs = g;
    return 0;
}

/* The referent of s->refs nearest to sp among those overlapping [lo, hi)
** (ties go to the topic's mention; a name after a preposition only when
** no other is there), or NULL. */
static const ref *nearest_in(const struct tr_scratch *s, tr_span sp, size_t lo, size_t hi)
{
    const tr_textinfo *ti = &s->ti;
    const ref *best = NULL;
    size_t bd = 0;
    int strong = 0;
    for (size_t k = 0; k < s->nrefs; k++)
        strong |= !s->refs[k].weak && s->refs[k].span.end > lo && s->refs[k].span.start < hi;
    for (size_t k = 0; k < s->nrefs; k++) {
        const ref *r = &s->refs[k];
        if (r->span.end <= lo || r->span.start >= hi || (strong && r->weak))
            continue;
        size_t d = r->span.end <= sp.start ? gap_words(ti, r->span.end, sp.start)
                 : sp.end <= r->span.start ? gap_words(ti, sp.end, r->span.start) : 0;
        if (!best || d < bd || (d == bd && r->mine && !best->mine)) {
            best = r;
            bd = d;
        }
    }
    return best;
}

/* The nearest-name rule: whether the cue at sp (sentence si) belongs to
** one of the topic's mentions: the nearest name in the cue's clause; else
** in its sentence; else the last name before it (one not after a
** preposition first).  -1 on OOM. */
static int nearest_is_mine(struct tr_scratch *s, const char *text, tr_span sp, size_t si)
{
    const tr_textinfo *ti = &s->ti;
    for (size_t m = 0; m < s->nmentions; m++) /* a cue that holds the mention is about it */
        if (!s->mentions[m].drop && s->mentions[m].span.start < sp.end && sp.start < s->mentions[m].span.end)
            return 1;
    if (build_refs(s, text, sp) < 0)
        return -1;
    size_t cl = trr_clause_of(ti, sp.start);
    size_t clo = ti->clauses[cl], chi = cl + 1 < ti->nclauses ? ti->clauses[cl + 1] : s->src[0].len;
    const ref *best = nearest_in(s, sp, clo, chi);
    if (!best && ti->nsents)
        best = nearest_in(s, sp, ti->sents[si].start, ti->sents[si].end);
    for (size_t k = 0; !best && k < 2; k++) /* the last (strong) name before it */
        for (size_t j = s->nrefs; j-- > 0 && !best;)
            if (s->refs[j].span.end <= sp.start && (k || !s->refs[j].weak))
                best = &s->refs[j];
    return best && best->mine;
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
            ti->names[n].kind != TM_SELF && ti->names[n].kind != TM_SELFOBJ && ti->names[n].kind != TM_PRONOUN)
            return 0;
    return nw <= 3;
}

/* Whether a cue at sp is in the region of the kept mentions of topic tp:
** by default the mention's clause (or a short name-less sentence after
** the mention's); with `near N`, within N words of a mention; with
** `nearest`, the nearest-name rule; with `follow N`, in a mention sentence
** or the N sentences after it.  -1 on OOM. */
static int in_region(struct tr_scratch *s, const tr_topic *tp, tr_span sp, size_t si)
{
    const tr_textinfo *ti = &s->ti;
    if (tp->follow_set)
        return ti->nsents && s->region[si];
    if (tp->nearest)
        return nearest_is_mine(s, s->src[0].text, sp, si);
    if (!tp->near) {
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
    for (size_t m = 0; m < s->nmentions; m++) {
        const mention *x = &s->mentions[m];
        if (x->drop)
            continue;
        size_t d = x->span.end <= sp.start ? gap_words(ti, x->span.end, sp.start)
                 : sp.end <= x->span.start ? gap_words(ti, sp.end, x->span.start) : 0;
        if (d <= tp->near)
            return 1;
    }
    return 0;
}

/* Classifies one topic; appends its assertion (if any) and its trace. */
static int classify_topic(const tr_ruleset *rs, size_t t, tr_classification *c, tr_trace *trace)
{
    struct tr_scratch *s = c->scratch;
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
            const mention *x = &s->mentions[m];
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
            const mention *x = &s->mentions[m];
            size_t sent = !in_context && s->have_ti ? trr_sentence_of(&s->ti, x->span.start) : 0;
            trace->mentions[trace->nmentions++] =
                (tr_trace_mention){t, x->p, x->entry, x->span, sent, in_context, x->drop, x->by};
        }
    }
    if (kept == 0)
        return 0;
    if (need_ti(c, rs) < 0)
        return -1;
    tr_textinfo *ti = &s->ti;
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
    for (size_t m = 0; m < s->nmentions; m++) {
        if (s->mentions[m].drop)
            continue;
        if (first == (size_t)-1 || s->mentions[m].span.start < s->mentions[first].span.start)
            first = m;
        if (in_context)
            continue;
        size_t si = trr_sentence_of(ti, s->mentions[m].span.start);
        for (size_t k = si; k <= si + tp->follow && k < ti->nsents; k++)
            s->region[k] = 1;
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
            if (mk) {
                x->drop = TD_MASKED;
                x->by = mk->span;
                x->by_kind = mk->kind;
            } else if ((em = trr_embedded_at(ti, x->span.start))) {
                x->drop = TD_EMBEDDED;
                x->by = em->span;
                x->by_kind = em->kind;
            } else if (!in_context) {
                int in = in_region(s, tp, x->span, x->sentence);
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
    int have = 0;
    tr_assertion best;
    memset(&best, 0, sizeof best);
    unsigned ncues = 0;
    for (size_t i = 0; i < s->ncands; i++) {
        cand *x = &s->cands[i];
        tr_stance raw = x->p->kind == TR_PAT_AFFIRM ? TR_STANCE_AFFIRM : TR_STANCE_DENY;
        int fixed = x->p->fixed || (x->entry && x->entry->fixed);
        trr_negation_eval(&rs->lex, ti, x->span.start, x->span.end, raw, fixed, &x->ev);
        if (trace) {
            if (trr_grow((void **)&trace->cues, &trace->cap_cues, trace->ncues, sizeof *trace->cues) < 0)
                return -1;
            trace->cues[trace->ncues++] = (tr_trace_cue){t, x->p, x->entry, x->span, x->sentence,
                                                         x->drop == TD_KEPT, x->drop, x->by,
                                                         x->by_kind, x->ev};
        }
        if (x->drop)
            continue;
        ncues++;
        tr_span sp = x->span;
        /* the last cue wins; ties: the longer, then deny, then the earlier pattern */
        int better = !have || sp.start > best.cue.start ||
                     (sp.start == best.cue.start &&
                      (sp.end > best.cue.end ||
                       (sp.end == best.cue.end && x->ev.final == TR_STANCE_DENY &&
                        best.stance != TR_STANCE_DENY)));
        if (!better)
            continue;
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

/* Whether the mention prefilter matches s[0..n) (1 on a limit). */
static int prefilter_hit(const tr_ruleset *rs, struct tr_scratch *s, const char *t, size_t n)
{
    int rc = pcre2_match(rs->prefilter->code, (PCRE2_SPTR)t, n, 0, PCRE2_NO_UTF_CHECK, s->md, s->mc);
    return rc != PCRE2_ERROR_NOMATCH;
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
    /* A text that mentions no topic (most of a feed) costs one match.  On a
    ** limit, the topics run one by one and report it themselves. */
    if (rs->prefilter && !trace && !prefilter_hit(rs, s, text, len) &&
        !(ctx && prefilter_hit(rs, s, ctx, ctxlen)))
        return TR_OK;
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
