/*
** explain.c: `rules explain`: shows how a text is classified (sentences,
** mentions, each cue with its negation trigger, scope and hedge, and the
** decision) as text and as one JSON document (Jansson).
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
    return a && k->pattern == a->pattern && k->span.start == a->cue.start && k->span.end == a->cue.end;
}

/* Explains the classification of text (see rules.h). */
tr_status tr_rules_explain(const tr_ruleset *rs, const char *text, size_t len,
                           tr_buf *to, tr_buf *jo, tr_err *err)
{
    tr_classification c;
    tr_classification_init(&c);
    tr_trace tr;
    memset(&tr, 0, sizeof tr);
    tr_status st = trr_classify_trace(rs, text, len, &c, &tr, err);
    if (st != TR_OK)
        goto done;
    const tr_textinfo *ti = trr_classification_textinfo(&c);
    json_t *root = jo ? json_object() : NULL, *jsents = jo ? json_array() : NULL,
           *jtopics = jo ? json_array() : NULL, *jlim = jo ? json_array() : NULL;
    size_t nsents = ti ? ti->nsents : 0;
    if (to) {
        tr_buf_printf(to, "text: %zu bytes, rule set %.12s\n", len, rs->hash);
        if (ti) {
            tr_buf_printf(to, "sentences: %zu\n", nsents);
            for (size_t s = 0; s < nsents; s++) {
                tr_buf_printf(to, "  [%zu] %zu-%zu ", s + 1, ti->sents[s].start, ti->sents[s].end);
                qspan(to, text, ti->sents[s]);
                tr_buf_puts(to, "\n");
            }
        }
    }
    for (size_t s = 0; jo && s < nsents; s++)
        json_array_append_new(jsents, jspan(text, ti->sents[s]));
    size_t napplied = 0;
    for (size_t t = 0; t < rs->ntopics; t++) {
        const tr_topic *tp = &rs->topics[t];
        size_t nm = 0;
        for (size_t m = 0; m < tr.nmentions; m++)
            nm += tr.mentions[m].topic == t;
        if (!nm)
            continue;
        const tr_assertion *a = tr_classification_find(&c, t);
        napplied += a != NULL;
        json_t *jt = NULL, *jm = NULL, *jc = NULL;
        if (jo) {
            jt = json_pack("{s:s,s:s,s:i}", "id", tp->id, "stance",
                           tr_stance_name(a ? a->stance : TR_STANCE_NONE), "follow", (int)tp->follow);
            jm = json_array();
            jc = json_array();
            json_object_set_new(jt, "mentions", jm);
            json_object_set_new(jt, "cues", jc);
            json_array_append_new(jtopics, jt);
        }
        if (to)
            tr_buf_printf(to, "topic %s: %s\n", tp->id,
                           a ? tr_stance_name(a->stance) : "none (mentioned, but no cue decided)");
        for (size_t m = 0; m < tr.nmentions; m++) {
            const tr_trace_mention *mm = &tr.mentions[m];
            if (mm->topic != t)
                continue;
            if (to) {
                tr_buf_printf(to, "  mention /%s/ (%s:%u) at %zu-%zu ", mm->pattern->source,
                               mm->pattern->loc.file, mm->pattern->loc.line, mm->span.start,
                               mm->span.end);
                qspan(to, text, mm->span);
                tr_buf_printf(to, " in sentence %zu; cues count in sentences %zu-%zu\n",
                               mm->sentence + 1, mm->sentence + 1,
                               mm->sentence + 1 + tp->follow < nsents ? mm->sentence + 1 + tp->follow : nsents);
            }
            if (jo) {
                json_t *x = jspan(text, mm->span);
                json_object_set_new(x, "pattern", json_string(mm->pattern->source));
                json_object_set_new(x, "file", json_string(mm->pattern->loc.file));
                json_object_set_new(x, "line", json_integer(mm->pattern->loc.line));
                json_object_set_new(x, "sentence", json_integer((json_int_t)mm->sentence + 1));
                json_array_append_new(jm, x);
            }
        }
        for (size_t k = 0; k < tr.ncues; k++) {
            const tr_trace_cue *cu = &tr.cues[k];
            if (cu->topic != t)
                continue;
            int dec = decisive(a, cu);
            if (to) {
                tr_buf_printf(to, "  %s cue /%s/ (%s:%u) at %zu-%zu ", tr_pat_kind_name(cu->pattern->kind),
                               cu->pattern->source, cu->pattern->loc.file, cu->pattern->loc.line,
                               cu->span.start, cu->span.end);
                qspan(to, text, cu->span);
                tr_buf_printf(to, " sentence %zu", cu->sentence + 1);
                if (!cu->in_region)
                    tr_buf_puts(to, ": ignored (not in a mention sentence or the ones after it)\n");
                else {
                    if (cu->ev.negated) {
                        tr_buf_puts(to, ", negated by ");
                        qspan(to, text, cu->ev.negation);
                        tr_buf_printf(to, " at %zu-%zu (scope %zu-%zu)", cu->ev.negation.start,
                                       cu->ev.negation.end, cu->ev.scope.start, cu->ev.scope.end);
                    }
                    if (cu->ev.hedged) {
                        tr_buf_puts(to, ", hedged by ");
                        qspan(to, text, cu->ev.hedge);
                        tr_buf_printf(to, " at %zu-%zu", cu->ev.hedge.start, cu->ev.hedge.end);
                    }
                    tr_buf_printf(to, " -> %s%s\n", tr_stance_name(cu->ev.final),
                                   dec ? "  <= decides (the last decisive cue in the text)" : "");
                }
            }
            if (jo) {
                json_t *x = jspan(text, cu->span);
                json_object_set_new(x, "kind", json_string(tr_pat_kind_name(cu->pattern->kind)));
                json_object_set_new(x, "pattern", json_string(cu->pattern->source));
                json_object_set_new(x, "file", json_string(cu->pattern->loc.file));
                json_object_set_new(x, "line", json_integer(cu->pattern->loc.line));
                json_object_set_new(x, "sentence", json_integer((json_int_t)cu->sentence + 1));
                json_object_set_new(x, "in_region", json_boolean(cu->in_region));
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
        if (jo && a) {
            json_t *d = json_pack("{s:s,s:o,s:o,s:b,s:b,s:i}", "stance", tr_stance_name(a->stance),
                                  "cue", jspan(text, a->cue), "sentence", jspan(text, a->sentence),
                                  "negated", a->negated, "hedged", a->hedged, "cues", (int)a->ncues);
            if (a->negated)
                json_object_set_new(d, "negation", jspan(text, a->negation));
            if (a->hedged)
                json_object_set_new(d, "hedge", jspan(text, a->hedge));
            json_object_set_new(jt, "decision", d);
        }
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
    tr_classification_free(&c);
    return st;
}
