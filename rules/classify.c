/*
** classify.c: stance classification of one text against a rule set
** (algorithm in docs/rules.md): mentions decide which topics apply, the
** affirm/deny cues in the mention sentences and the `follow` sentences
** after them are weighed through the negation layer, and the last
** decisive cue in the text wins.
*/
#include <stdlib.h>
#include <string.h>

#include "internal.h"

typedef struct cue {
    size_t start, end;
    const tr_pattern *p;
} cue;

struct tr_scratch {
    pcre2_match_data *md;
    pcre2_match_context *mc;
    pcre2_jit_stack *js;
    tr_textinfo ti;
    int have_ti;
    tr_span *ms;          /* matches of the current pattern */
    size_t nms, cap_ms;
    tr_span *mentions;    /* mention matches of the current topic */
    size_t nmentions, cap_mentions;
    cue *cues;
    size_t ncues, cap_cues;
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
    if (c->scratch)
        c->scratch->have_ti = 0;
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
        free(s->ms);
        free(s->mentions);
        free(s->cues);
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

/* Creates c's scratch (match data, match context with limits, JIT stack). */
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

/* Collects every match of p in text into s->ms.  A match error (a limit)
** is recorded as a limit event and ends this pattern's matches.  0 or -1. */
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

/* Computes sentences and words once per text. */
static int need_ti(tr_classification *c, const tr_ruleset *rs, const char *text, size_t len)
{
    struct tr_scratch *s = c->scratch;
    if (s->have_ti)
        return 0;
    if (trr_sentences(&rs->lex, text, len, &s->ti) < 0 || trr_words(&rs->lex, text, len, &s->ti) < 0)
        return -1;
    s->have_ti = 1;
    return 0;
}

/* Classifies one topic; appends its assertion (if any) and trace. */
static int classify_topic(const tr_ruleset *rs, size_t t, const char *text, size_t len,
                          tr_classification *c, tr_trace *trace)
{
    struct tr_scratch *s = c->scratch;
    const tr_topic *tp = &rs->topics[t];
    s->nmentions = 0;
    for (size_t k = 0; k < tp->npatterns; k++) {
        if (tp->patterns[k].kind != TR_PAT_MENTION)
            continue;
        if (match_all(c, rs, t, &tp->patterns[k], text, len) < 0)
            return -1;
        for (size_t m = 0; m < s->nms; m++) {
            if (trr_grow((void **)&s->mentions, &s->cap_mentions, s->nmentions, sizeof *s->mentions) < 0)
                return -1;
            s->mentions[s->nmentions++] = s->ms[m];
            if (trace) {
                if (trr_grow((void **)&trace->mentions, &trace->cap_mentions, trace->nmentions,
                            sizeof *trace->mentions) < 0)
                    return -1;
                trace->mentions[trace->nmentions++] = (tr_trace_mention){ t, &tp->patterns[k], s->ms[m], 0 };
            }
        }
    }
    if (s->nmentions == 0)
        return 0; /* prefilter: no mention, no cue matching */
    if (need_ti(c, rs, text, len) < 0)
        return -1;
    tr_textinfo *ti = &s->ti;
    if (trace)
        for (size_t m = trace->nmentions - s->nmentions; m < trace->nmentions; m++)
            trace->mentions[m].sentence = trr_sentence_of(ti, trace->mentions[m].span.start);
    if (ti->nsents > s->cap_region) {
        unsigned char *r = realloc(s->region, ti->nsents);
        if (!r)
            return -1;
        s->region = r;
        s->cap_region = ti->nsents;
    }
    if (ti->nsents)
        memset(s->region, 0, ti->nsents);
    size_t first = 0;
    for (size_t m = 0; m < s->nmentions; m++) {
        if (s->mentions[m].start < s->mentions[first].start)
            first = m;
        size_t si = trr_sentence_of(ti, s->mentions[m].start);
        for (size_t k = si; k <= si + tp->follow && k < ti->nsents; k++)
            s->region[k] = 1;
    }
    int have = 0;
    tr_assertion best;
    memset(&best, 0, sizeof best);
    unsigned ncues = 0;
    for (size_t k = 0; k < tp->npatterns; k++) {
        const tr_pattern *p = &tp->patterns[k];
        if (p->kind == TR_PAT_MENTION)
            continue;
        if (match_all(c, rs, t, p, text, len) < 0)
            return -1;
        for (size_t m = 0; m < s->nms; m++) {
            tr_span sp = s->ms[m];
            size_t si = trr_sentence_of(ti, sp.start);
            int in = ti->nsents && s->region[si];
            tr_cue_eval ev;
            tr_stance raw = p->kind == TR_PAT_AFFIRM ? TR_STANCE_AFFIRM : TR_STANCE_DENY;
            trr_negation_eval(&rs->lex, ti, sp.start, sp.end, raw, &ev);
            if (trace) {
                if (trr_grow((void **)&trace->cues, &trace->cap_cues, trace->ncues, sizeof *trace->cues) < 0)
                    return -1;
                trace->cues[trace->ncues++] = (tr_trace_cue){ t, p, sp, si, in, ev };
            }
            if (!in)
                continue;
            ncues++;
            /* the last cue wins; ties: the longer, then deny, then the earlier pattern */
            int better = !have || sp.start > best.cue.start ||
                         (sp.start == best.cue.start &&
                          (sp.end > best.cue.end ||
                           (sp.end == best.cue.end && ev.final == TR_STANCE_DENY &&
                            best.stance != TR_STANCE_DENY)));
            if (!better)
                continue;
            have = 1;
            best.stance = ev.final;
            best.cue = sp;
            best.cue_stance = raw;
            best.pattern = p;
            best.sentence = ti->nsents ? ti->sents[si] : (tr_span){ 0, len };
            best.negated = ev.negated;
            best.negation = ev.negation;
            best.hedged = ev.hedged;
            best.hedge = ev.hedge;
        }
    }
    if (!have)
        return 0;
    best.topic = t;
    best.topic_id = tp->id;
    best.mention = s->mentions[first];
    best.ncues = ncues;
    if (trr_grow((void **)&c->assertions, &c->cap, c->n, sizeof *c->assertions) < 0)
        return -1;
    c->assertions[c->n++] = best;
    return 0;
}

/* tr_classify with an optional trace (for explain). */
tr_status trr_classify_trace(const tr_ruleset *rs, const char *text, size_t len,
                            tr_classification *out, tr_trace *trace, tr_err *err)
{
    tr_classification_reset(out);
    if (!text && len)
        return tr_errf(err, TR_EDATA, "no text");
    if (!text)
        text = "";
    size_t bad = trr_utf8_invalid(text, len);
    if (bad < len)
        return tr_errf(err, TR_EDATA, "%s at byte %zu of the text",
                       text[bad] ? "invalid UTF-8" : "NUL byte", bad);
    if (scratch_ready(out, rs) < 0)
        return tr_errf(err, TR_ESOFTWARE, "out of memory");
    /* A text that mentions no topic (most of a feed) costs one match.  On a
    ** limit, the topics run one by one and report it themselves. */
    if (rs->prefilter && !trace) {
        int rc = pcre2_match(rs->prefilter->code, (PCRE2_SPTR)text, len, 0, PCRE2_NO_UTF_CHECK,
                             out->scratch->md, out->scratch->mc);
        if (rc == PCRE2_ERROR_NOMATCH)
            return TR_OK;
    }
    for (size_t t = 0; t < rs->ntopics; t++)
        if (classify_topic(rs, t, text, len, out, trace) < 0)
            return tr_errf(err, TR_ESOFTWARE, "out of memory");
    return TR_OK;
}

/* Classifies text with rs into out (see rules.h). */
tr_status tr_classify(const tr_ruleset *rs, const char *text, size_t len,
                      tr_classification *out, tr_err *err)
{
    return trr_classify_trace(rs, text, len, out, NULL, err);
}
