/*
** explain.c: `rules explain`: shows how a text is classified: the
** sentences, what is not words of the text (URLs, handles, hashtags), the
** embedded speech, each topic's mentions (and why one does not count),
** each cue with the reason it does or does not count, its negation
** trigger, scope and hedge, and the rule that decided; as text and as
** one JSON document (Jansson).
*/
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Appends text[s.start..s.end) quoted, newlines shown as spaces. */
static void qspan(tr_buf *o, const char *text, tr_span s)
{
    tr_buf_add(o, "\"", 1);
    for (size_t i = s.start; i < s.end; i++)
        tr_buf_add(o, text[i] == '\n' ? " " : text + i, 1);
    tr_buf_add(o, "\"", 1);
}

/* A JSON object {start, end, text} for span s of text (new reference). */
static json_t *jspan(const char *text, tr_span s)
{
    return json_pack("{s:I,s:I,s:s%}", "start", (json_int_t)s.start, "end", (json_int_t)s.end,
                     "text", text + s.start, s.end - s.start);
}

/* Whether trace cue k is the one the assertion a chose. */
static int decisive(const tr_assertion *a, const tr_trace_cue *k)
{
    const tr_pattern *p = k->entry ? k->entry : k->pattern;
    return a && p == a->pattern && k->span.start == a->cue.start && k->span.end == a->cue.end;
}

/* "URL", "@handle", "#hashtag", "a quoted post", "reported speech". */
static const char *mark_name(int kind)
{
    switch (kind) {
    case TM_URL: return "URL";
    case TM_HANDLE: return "@handle";
    case TM_HASHTAG: return "#hashtag";
    case TE_RETWEET: return "a quoted post";
    default: return "reported speech";
    }
}

/* The rule a field or a list entry stands for, as "/re/ (file:line)" or
** "list praise (file:line), words a b (file:line)". */
static void rule_text(tr_buf *o, const tr_pattern *p, const tr_pattern *entry, const tr_ruleset *rs)
{
    if (p->list != (size_t)-1) {
        const tr_list *l = &rs->lists[p->list];
        tr_buf_printf(o, "list %s (%s:%u)", l->id, l->loc.file, l->loc.line);
        if (entry) {
            if (entry->words)
                tr_buf_printf(o, ", words %s", entry->words);
            else
                tr_buf_printf(o, ", /%s/", entry->source);
            tr_buf_printf(o, " (%s:%u)", entry->loc.file, entry->loc.line);
        }
    } else {
        tr_buf_printf(o, "/%s/ (%s:%u)", p->source, p->loc.file, p->loc.line);
    }
    if (p->fixed || (entry && entry->fixed))
        tr_buf_puts(o, " fixed");
}

/* The rule as a JSON object: pattern or list, entry, file, line. */
static json_t *jrule(const tr_pattern *p, const tr_pattern *entry, const tr_ruleset *rs)
{
    json_t *o = json_object();
    const tr_pattern *at = entry ? entry : p;
    if (p->list != (size_t)-1)
        json_object_set_new(o, "list", json_string(rs->lists[p->list].id));
    if (at->words)
        json_object_set_new(o, "words", json_string(at->words));
    json_object_set_new(o, "pattern", json_string(at->source));
    json_object_set_new(o, "file", json_string(at->loc.file));
    json_object_set_new(o, "line", json_integer(at->loc.line));
    json_object_set_new(o, "fixed", json_boolean(p->fixed || (entry && entry->fixed)));
    return o;
}

/* The region a topic's cues count in, for people; rule: they went by the
** referent rule in this text. */
static const char *region_text(const tr_topic *tp, int rule, char *buf, size_t n)
{
    if (tp->follow_set)
        snprintf(buf, n, "cues count in a mention's sentence and the %u after it", tp->follow);
    else if (tp->near)
        snprintf(buf, n, "cues count within %u words of a mention", tp->near);
    else if (tp->clause)
        snprintf(buf, n, "cues count in a mention's clause");
    else if (rule)
        snprintf(buf, n, "a cue counts when its referent is the topic's");
    else
        snprintf(buf, n, "cues count in a mention's clause: no mention is written as a name");
    return buf;
}

/* How the referent rule found a cue's referent, for people. */
static const char *about_how(int how)
{
    switch (how) {
    case TRF_HOLDS: return "the cue holds the mention";
    case TRF_CLAUSE: return "the nearest name in its clause";
    case TRF_SENTENCE: return "the nearest name in its sentence";
    case TRF_BEFORE: return "its sentence names no one: the last name before it";
    case TRF_AUTHOR: return "the speaker's comment on a quoted post: its author";
    default: return "no name at all";
    }
}

/* Appends ' about "X" (how)' for a cue the referent rule weighed. */
static void about_text(tr_buf *o, const char *text, const tr_trace_cue *cu)
{
    if (cu->about.how == TRF_NONE) {
        tr_buf_puts(o, "no name to be about");
        return;
    }
    tr_buf_puts(o, "about ");
    qspan(o, text, cu->about.ref);
    tr_buf_printf(o, ", %s%s", about_how(cu->about.how), cu->about.mine ? "" : ", not the topic's");
}

/* The referent rule's answer as a JSON object (new reference), or NULL
** when the rule was not used. */
static json_t *jabout(const char *text, const tr_trace_cue *cu, int used)
{
    static const char *const hows[] = {"none", "holds", "clause", "sentence", "before", "author"};
    if (!used)
        return NULL;
    json_t *o = json_pack("{s:s,s:b}", "how", hows[cu->about.how], "is_topic", cu->about.mine);
    if (cu->about.how != TRF_NONE)
        json_object_set_new(o, "referent", jspan(text, cu->about.ref));
    return o;
}

/* Explains one topic's mentions and cues into to / jtopics. */
static void explain_topic(const tr_ruleset *rs, size_t t, const char *text, const char *ctx,
                          const tr_trace *tr, const tr_classification *c, size_t nsents,
                          tr_buf *to, json_t *jtopics)
{
    const tr_topic *tp = &rs->topics[t];
    const tr_assertion *a = tr_classification_find(c, t);
    json_t *jt = NULL, *jm = NULL, *jc = NULL;
    char reg[96];
    region_text(tp, tr->rule && t < tr->cap_rule && tr->rule[t], reg, sizeof reg);
    if (jtopics) {
        jt = json_pack("{s:s,s:s,s:s}", "id", tp->id, "stance",
                       tr_stance_name(a ? a->stance : TR_STANCE_NONE), "region", reg);
        json_object_set_new(jt, "follow", tp->follow_set ? json_integer(tp->follow) : json_null());
        json_object_set_new(jt, "near", tp->near ? json_integer(tp->near) : json_null());
        jm = json_array();
        jc = json_array();
        json_object_set_new(jt, "mentions", jm);
        json_object_set_new(jt, "cues", jc);
        json_array_append_new(jtopics, jt);
    }
    if (to)
        tr_buf_printf(to, "topic %s: %s (%s)\n", tp->id,
                      a ? tr_stance_name(a->stance) : "none (mentioned, but no cue decided)", reg);
    for (size_t m = 0; m < tr->nmentions; m++) {
        const tr_trace_mention *mm = &tr->mentions[m];
        if (mm->topic != t)
            continue;
        const char *src = mm->context ? ctx : text;
        if (to) {
            tr_buf_puts(to, "  mention ");
            rule_text(to, mm->pattern, mm->entry, rs);
            tr_buf_printf(to, " at %zu-%zu ", mm->span.start, mm->span.end);
            qspan(to, src, mm->span);
            if (mm->context)
                tr_buf_puts(to, " in the context");
            else
                tr_buf_printf(to, " in sentence %zu", mm->sentence + 1);
            if (mm->drop == TDM_URL)
                tr_buf_puts(to, ": ignored (inside a URL)");
            else if (mm->drop == TDM_EXCLUDED) {
                tr_buf_puts(to, ": ignored (excluded by ");
                rule_text(to, mm->by, NULL, rs);
                tr_buf_puts(to, ")");
            } else if (mm->context)
                tr_buf_puts(to, ": the text has no mention, so cues count anywhere in it");
            tr_buf_puts(to, "\n");
        }
        if (jm) {
            json_t *x = jspan(src, mm->span);
            json_object_set_new(x, "rule", jrule(mm->pattern, mm->entry, rs));
            json_object_set_new(x, "pattern", json_string((mm->entry ? mm->entry : mm->pattern)->source));
            json_object_set_new(x, "sentence", mm->context ? json_null()
                                                           : json_integer((json_int_t)mm->sentence + 1));
            json_object_set_new(x, "context", json_boolean(mm->context));
            json_object_set_new(x, "counts", json_boolean(mm->drop == TDM_KEPT));
            if (mm->drop)
                json_object_set_new(x, "ignored", json_string(mm->drop == TDM_URL ? "url" : "excluded"));
            json_array_append_new(jm, x);
        }
    }
    (void)nsents;
    static const char *const why[] = {"", "masked", "embedded", "region", "inside", "conceded"};
    for (size_t k = 0; k < tr->ncues; k++) {
        const tr_trace_cue *cu = &tr->cues[k];
        if (cu->topic != t)
            continue;
        int dec = decisive(a, cu);
        /* the referent rule weighed it (not masked, not someone else's) */
        int rule = cu->rule && cu->drop != TD_MASKED && cu->drop != TD_EMBEDDED;
        if (to) {
            tr_buf_printf(to, "  %s cue ", tr_pat_kind_name(cu->pattern->kind));
            rule_text(to, cu->pattern, cu->entry, rs);
            tr_buf_printf(to, " at %zu-%zu ", cu->span.start, cu->span.end);
            qspan(to, text, cu->span);
            tr_buf_printf(to, " sentence %zu", cu->sentence + 1);
            switch (cu->drop) {
            case TD_MASKED:
                tr_buf_printf(to, ": ignored (inside a %s, not words of the text)\n", mark_name(cu->by_kind));
                break;
            case TD_EMBEDDED:
                tr_buf_printf(to, ": ignored (inside %s at %zu-%zu: not the speaker's own words)\n",
                              mark_name(cu->by_kind), cu->by.start, cu->by.end);
                break;
            case TD_REGION:
                if (rule) {
                    tr_buf_puts(to, ": ignored (");
                    about_text(to, text, cu);
                    tr_buf_puts(to, ")\n");
                } else
                    tr_buf_printf(to, ": ignored (%s)\n",
                                  tp->follow_set ? "not in a mention sentence or the ones after it"
                                  : tp->near    ? "too far from every mention"
                                                : "not in a mention's clause");
                break;
            case TD_INSIDE:
                tr_buf_printf(to, ": ignored (inside the longer cue at %zu-%zu)\n", cu->by.start, cu->by.end);
                break;
            case TD_CONCEDED:
                tr_buf_puts(to, ": ignored (conceded: a counting cue follows ");
                qspan(to, text, cu->by);
                tr_buf_printf(to, " at %zu-%zu)\n", cu->by.start, cu->by.end);
                break;
            default:
                if (rule) {
                    tr_buf_puts(to, ", ");
                    about_text(to, text, cu);
                }
                if (cu->reversed == TRV_EXCEPT)
                    tr_buf_puts(to, ", excepted (counts reversed)");
                else if (cu->reversed == TRV_CONTRAST) {
                    tr_buf_puts(to, ", conceded: what follows ");
                    qspan(to, text, cu->rev);
                    tr_buf_puts(to, " is about the topic and holds no cue (counts reversed)");
                }
                if (cu->ev.negated) {
                    tr_buf_puts(to, ", negated by ");
                    qspan(to, text, cu->ev.negation);
                    tr_buf_printf(to, " at %zu-%zu (scope %zu-%zu)", cu->ev.negation.start,
                                  cu->ev.negation.end, cu->ev.scope.start, cu->ev.scope.end);
                } else if (cu->ev.governs.end > cu->ev.governs.start) {
                    tr_buf_puts(to, ", not negated (the trigger governs ");
                    qspan(to, text, cu->ev.governs);
                    tr_buf_puts(to, ")");
                }
                if (cu->ev.hedged) {
                    tr_buf_puts(to, ", hedged by ");
                    qspan(to, text, cu->ev.hedge);
                    tr_buf_printf(to, " at %zu-%zu", cu->ev.hedge.start, cu->ev.hedge.end);
                }
                tr_buf_printf(to, " -> %s%s\n", tr_stance_name(cu->ev.final),
                              dec ? (rule ? "  <= decides (the cue nearest to its referent, then the last)"
                                          : "  <= decides (the last decisive cue in the text)")
                                  : "");
            }
        }
        if (jc) {
            json_t *x = jspan(text, cu->span);
            json_object_set_new(x, "kind", json_string(tr_pat_kind_name(cu->pattern->kind)));
            json_object_set_new(x, "rule", jrule(cu->pattern, cu->entry, rs));
            json_object_set_new(x, "pattern", json_string((cu->entry ? cu->entry : cu->pattern)->source));
            json_object_set_new(x, "file", json_string((cu->entry ? cu->entry : cu->pattern)->loc.file));
            json_object_set_new(x, "line", json_integer((cu->entry ? cu->entry : cu->pattern)->loc.line));
            json_object_set_new(x, "sentence", json_integer((json_int_t)cu->sentence + 1));
            json_object_set_new(x, "in_region", json_boolean(cu->drop != TD_REGION));
            json_object_set_new(x, "counts", json_boolean(cu->drop == TD_KEPT));
            if (cu->drop)
                json_object_set_new(x, "ignored", json_string(why[cu->drop]));
            if (cu->drop == TD_INSIDE || cu->drop == TD_EMBEDDED || cu->drop == TD_CONCEDED)
                json_object_set_new(x, "by", jspan(text, cu->by));
            json_t *ab = jabout(text, cu, rule);
            if (ab)
                json_object_set_new(x, "about", ab);
            json_object_set_new(x, "reversed", cu->reversed == TRV_EXCEPT     ? json_string("except")
                                               : cu->reversed == TRV_CONTRAST ? json_string("contrast")
                                                                              : json_null());
            json_object_set_new(x, "negated", json_boolean(cu->ev.negated));
            if (cu->ev.negated) {
                json_object_set_new(x, "negation", jspan(text, cu->ev.negation));
                json_object_set_new(x, "scope", jspan(text, cu->ev.scope));
            }
            json_object_set_new(x, "hedged", json_boolean(cu->ev.hedged));
            if (cu->ev.hedged)
                json_object_set_new(x, "hedge", jspan(text, cu->ev.hedge));
            json_object_set_new(x, "stance", json_string(tr_stance_name(cu->ev.final)));
            json_object_set_new(x, "decisive", json_boolean(dec));
            json_array_append_new(jc, x);
        }
    }
    if (a) {
        const tr_trace_cue *d = NULL;
        for (size_t k = 0; k < tr->ncues && !d; k++)
            if (tr->cues[k].topic == t && decisive(a, &tr->cues[k]))
                d = &tr->cues[k];
        if (to && d) {
            tr_buf_printf(to, "  decided by %s ", tr_pat_kind_name(d->pattern->kind));
            rule_text(to, d->pattern, d->entry, rs);
            tr_buf_printf(to, ": %s\n", tr_stance_name(a->stance));
        } else if (to && a->cited) {
            tr_buf_puts(to, "  no cue decided; cited by ");
            qspan(to, text, a->cue);
            tr_buf_printf(to, " at %zu-%zu (cite %s): %s\n", a->cue.start, a->cue.end,
                          tr_stance_name(tp->cite), tr_stance_name(a->stance));
        }
        if (jt) {
            json_t *dj = json_pack("{s:s,s:o,s:o,s:b,s:b,s:i}", "stance", tr_stance_name(a->stance),
                                   "cue", jspan(text, a->cue), "sentence", jspan(text, a->sentence),
                                   "negated", a->negated, "hedged", a->hedged, "cues", (int)a->ncues);
            if (a->negated)
                json_object_set_new(dj, "negation", jspan(text, a->negation));
            if (a->hedged)
                json_object_set_new(dj, "hedge", jspan(text, a->hedge));
            if (d)
                json_object_set_new(dj, "rule", jrule(d->pattern, d->entry, rs));
            json_object_set_new(dj, "in_context", json_boolean(a->in_context));
            json_object_set_new(dj, "cited", json_boolean(a->cited));
            json_object_set_new(jt, "decision", dj);
        }
    }
}

/* Explains the classification of text with a context (see rules.h). */
tr_status tr_rules_explain_ctx(const tr_ruleset *rs, const char *text, size_t len, const char *ctx,
                               size_t ctxlen, tr_buf *to, tr_buf *jo, tr_err *err)
{
    tr_classification c;
    tr_classification_init(&c);
    tr_trace tr;
    memset(&tr, 0, sizeof tr);
    tr_status st = trr_classify_trace(rs, text, len, ctx, ctxlen, &c, &tr, err);
    if (st != TR_OK)
        goto done;
    const tr_textinfo *ti = trr_classification_textinfo(&c);
    json_t *root = jo ? json_object() : NULL, *jsents = jo ? json_array() : NULL,
           *jtopics = jo ? json_array() : NULL, *jlim = jo ? json_array() : NULL,
           *jmasks = jo ? json_array() : NULL, *jemb = jo ? json_array() : NULL;
    size_t nsents = ti ? ti->nsents : 0;
    if (to) {
        tr_buf_printf(to, "text: %zu bytes, rule set %.12s\n", len, rs->hash);
        if (ctx && ctxlen) {
            tr_buf_printf(to, "context: %zu bytes ", ctxlen);
            qspan(to, ctx, (tr_span){0, ctxlen});
            tr_buf_puts(to, "\n");
        }
        if (ti) {
            tr_buf_printf(to, "sentences: %zu\n", nsents);
            for (size_t s = 0; s < nsents; s++) {
                tr_buf_printf(to, "  [%zu] %zu-%zu ", s + 1, ti->sents[s].start, ti->sents[s].end);
                qspan(to, text, ti->sents[s]);
                tr_buf_puts(to, "\n");
            }
            for (size_t m = 0; m < ti->nmasks; m++) {
                tr_buf_printf(to, "not words: %s at %zu-%zu ", mark_name(ti->masks[m].kind),
                              ti->masks[m].span.start, ti->masks[m].span.end);
                qspan(to, text, ti->masks[m].span);
                tr_buf_puts(to, "\n");
            }
            for (size_t m = 0; m < ti->nembedded; m++) {
                const tr_mark *e = &ti->embedded[m];
                tr_buf_printf(to, "someone else's words: %s at %zu-%zu", mark_name(e->kind),
                              e->span.start, e->span.end);
                if (e->kind == TE_REPORTED) {
                    tr_buf_puts(to, " (after ");
                    qspan(to, text, e->cue);
                    tr_buf_puts(to, ")");
                }
                tr_buf_puts(to, "\n");
            }
        }
    }
    for (size_t s = 0; jo && s < nsents; s++)
        json_array_append_new(jsents, jspan(text, ti->sents[s]));
    for (size_t m = 0; jo && ti && m < ti->nmasks; m++) {
        json_t *x = jspan(text, ti->masks[m].span);
        json_object_set_new(x, "kind", json_string(mark_name(ti->masks[m].kind)));
        json_array_append_new(jmasks, x);
    }
    for (size_t m = 0; jo && ti && m < ti->nembedded; m++) {
        json_t *x = jspan(text, ti->embedded[m].span);
        json_object_set_new(x, "kind", json_string(mark_name(ti->embedded[m].kind)));
        json_array_append_new(jemb, x);
    }
    size_t napplied = 0;
    for (size_t t = 0; t < rs->ntopics; t++) {
        size_t nm = 0;
        for (size_t m = 0; m < tr.nmentions; m++)
            nm += tr.mentions[m].topic == t;
        if (!nm)
            continue;
        napplied += tr_classification_find(&c, t) != NULL;
        explain_topic(rs, t, text, ctx, &tr, &c, nsents, to, jtopics);
    }
    for (size_t l = 0; l < c.nlimits; l++) {
        const tr_limit_event *e = &c.limits[l];
        if (to)
            tr_buf_printf(to, "limit: topic %s, %s pattern at %s:%u: %s (skipped)\n", e->topic_id,
                          tr_pat_kind_name(e->pattern->kind), e->pattern->loc.file,
                          e->pattern->loc.line, e->message);
        if (jo)
            json_array_append_new(jlim, json_pack("{s:s,s:s,s:i,s:i,s:s}", "topic", e->topic_id,
                                                  "file", e->pattern->loc.file, "line",
                                                  (int)e->pattern->loc.line, "error", e->pcre_error,
                                                  "message", e->message));
    }
    if (to && napplied == 0)
        tr_buf_puts(to, "no topic applies\n");
    if (jo) {
        json_object_set_new(root, "length", json_integer((json_int_t)len));
        json_object_set_new(root, "ruleset", json_string(rs->hash));
        json_object_set_new(root, "sentences", jsents);
        json_object_set_new(root, "not_words", jmasks);
        json_object_set_new(root, "embedded", jemb);
        json_object_set_new(root, "topics", jtopics);
        json_object_set_new(root, "limits", jlim);
        char *s = json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER);
        if (s) {
            tr_buf_puts(jo, s);
            tr_buf_puts(jo, "\n");
            free(s);
        } else
            st = tr_errf(err, TR_ESOFTWARE, "out of memory");
        json_decref(root);
    }
    if ((to && to->oom) || (jo && jo->oom))
        st = tr_errf(err, TR_ESOFTWARE, "out of memory");
done:
    free(tr.mentions);
    free(tr.cues);
    free(tr.rule);
    tr_classification_free(&c);
    return st;
}

/* Explains the classification of text (see rules.h). */
tr_status tr_rules_explain(const tr_ruleset *rs, const char *text, size_t len, tr_buf *to,
                           tr_buf *jo, tr_err *err)
{
    return tr_rules_explain_ctx(rs, text, len, NULL, 0, to, jo, err);
}
