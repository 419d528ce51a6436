/*
** referent.c: the referent rule (docs/rules.md, "The region"): whom a cue
** is about.  A cue belongs to the nearest referent of its clause, and
** counts for a topic only when that referent is the topic's.
**
** Referents are the topic's mentions and the text's other names (words.c):
** @handles, runs of capitalised words, the speaker's own "I", "we", "my",
** third-person pronouns (they stand for a name before them), relative
** pronouns ("who", for the name just before it).  Names joined by ",",
** "&", "/", "and" or "or" are one group.  A second choice (weak) wins only
** when no first choice is in reach: a name after a preposition of place or
** comparison (lexicon prep: "in New Jersey", "better than Rand Paul"), a
** quoted post's first addressee, "me" and "my".  The other addressees of a
** quoted post are no referents.
**
** The nearest referent is sought in the cue's clause, else its sentence;
** a cue in the speaker's comment after a quoted post looks only in the
** comment, and else belongs to the post's author ("Thanks!"); else (a
** sentence that names no one: "Sad!") the cue belongs to the last name
** before it, one after no preposition first.  A cue that holds a mention
** is about it.  A name after an except phrase ("except for Paul Ryan") is
** excepted from a cue before it: the cue counts reversed for it.
**
** The caller (classify.c) owns the mentions; the referents live in a
** trr_refs the caller keeps and reuses.
*/
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Orders referents by start. */
static int ref_cmp(const void *a, const void *b)
{
    const trr_ref *x = a, *y = b;
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

/* Whether span x is among the handles a quoted post opens with (the
** handles after "@author:", whom it addresses). */
static int addressee(const tr_textinfo *ti, tr_span x)
{
    return ti->quote_lead > ti->quoter.end && x.start >= ti->quoter.end && x.end <= ti->quote_lead;
}

/* Whether span x is an addressee after the first (the first is the author
** of the post it answers; the others are copied in). */
static int copied(const tr_textinfo *ti, const char *text, tr_span x)
{
    if (!addressee(ti, x))
        return 0;
    for (size_t i = ti->quoter.end; i < x.start; i++)
        if (text[i] == '@')
            return 1;
    return 0;
}

/* Appends a referent to r; 0 or -1 on OOM. */
static int push_ref(trr_refs *r, trr_ref x)
{
    if (trr_grow((void **)&r->v, &r->cap, r->n, sizeof *r->v) < 0)
        return -1;
    r->v[r->n++] = x;
    return 0;
}

/* Marks each referent after a preposition: weak after a `prep`
** (articles and other skip words between are passed over); pweak when
** weak or after any preposition (`prep` or `link`).  Pronouns are never
** weak. */
static void mark_preps(const tr_textinfo *ti, trr_refs *r)
{
    for (size_t k = 0; k < r->n; k++) {
        trr_ref *x = &r->v[k];
        x->pweak = x->weak;
        if (x->kind == TM_PRONOUN || x->kind == TM_RELATIVE)
            continue;
        size_t w = trr_word_after(ti, x->span.start);
        while (w > 0 && ti->words[w - 1].kind == TW_WORD && ti->words[w - 1].skip && !ti->words[w - 1].prep &&
               !ti->words[w - 1].link)
            w--;
        if (w == 0 || ti->words[w - 1].kind != TW_WORD)
            continue;
        x->weak |= ti->words[w - 1].prep;
        x->pweak |= ti->words[w - 1].prep | ti->words[w - 1].link;
    }
}

/* Resolves the pronouns of r (sorted): a relative pronoun ("who") stands
** for the referent just before it (none between; else it is dropped); a
** third-person pronoun for the first first-choice name of its sentence
** before it, else the last name before it, never the speaker nor a
** hashtag. */
static void resolve_pronouns(const tr_textinfo *ti, trr_refs *r)
{
    for (size_t k = 0; k < r->n; k++) {
        trr_ref *x = &r->v[k];
        if (x->kind != TM_PRONOUN && x->kind != TM_RELATIVE)
            continue;
        x->mine = 0;
        if (x->kind == TM_RELATIVE) {
            const trr_ref *p = k > 0 ? &r->v[k - 1] : NULL;
            if (p && p->kind != -1 && !p->self && trr_gap_words(ti, p->span.end, x->span.start) == 0)
                x->mine = p->mine;
            else
                x->kind = -1; /* "a man who": it stands for no name */
            continue;
        }
        const trr_ref *ante = NULL;
        size_t si = trr_sentence_of(ti, x->span.start);
        for (size_t j = 0; j < k && !ante; j++) {
            const trr_ref *q = &r->v[j];
            if (!q->self && !q->weak && q->kind != TM_PRONOUN && q->kind != TM_RELATIVE && q->kind != -1 &&
                q->kind != TM_HASHTAG && trr_sentence_of(ti, q->span.start) == si)
                ante = q;
        }
        for (size_t j = k; !ante && j-- > 0;) {
            const trr_ref *q = &r->v[j];
            if (!q->self && q->kind != -1 && q->kind != TM_HASHTAG)
                ante = q;
        }
        if (ante)
            x->mine = ante->mine;
    }
}

/* Builds the referents for a cue at sp into r: the topic's kept mentions
** ms[0..nms) and the text's other names (less the part of a name the cue
** itself covers), sorted, their prepositions marked, pronouns resolved,
** joined names grouped.  Nothing inside someone else's words counts.
** 0 or -1 on OOM. */
static int build_refs(const tr_textinfo *ti, const char *text, const tr_span *ms, size_t nms,
                      tr_span sp, trr_refs *r)
{
    r->n = 0;
    for (size_t m = 0; m < nms; m++) {
        if (trr_embedded_at(ti, ms[m].start) || copied(ti, text, ms[m]))
            continue;
        const tr_mark *mk = trr_mask_at(ti, ms[m].start, ms[m].end);
        trr_ref x = {ms[m], 1, 0, addressee(ti, ms[m]), 0, mk && mk->kind == TM_HASHTAG ? TM_HASHTAG : 0};
        if (push_ref(r, x) < 0)
            return -1;
    }
    for (size_t k = 0; k < ti->nnames; k++) {
        tr_span x = ti->names[k].span;
        int kind = ti->names[k].kind;
        if (x.start < sp.end && sp.start < x.end) { /* the cue is in the name: keep the rest */
            if (kind != TM_NAME)
                continue;
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
        if (trr_embedded_at(ti, x.start) || copied(ti, text, x))
            continue; /* someone else's words name no one for the speaker's cues */
        int theirs = 1;
        for (size_t m = 0; m < nms && theirs; m++)
            theirs = !(x.start < ms[m].end && ms[m].start < x.end);
        if (!theirs)
            continue;
        trr_ref y = {x, 0, kind == TM_SELF || kind == TM_SELFOBJ, kind == TM_SELFOBJ || addressee(ti, x), 0, kind};
        if (push_ref(r, y) < 0)
            return -1;
    }
    if (r->n)
        qsort(r->v, r->n, sizeof *r->v, ref_cmp);
    mark_preps(ti, r);
    resolve_pronouns(ti, r);
    size_t g = 0;
    for (size_t k = 0; k < r->n; k++) {
        trr_ref *x = &r->v[k];
        if (x->kind == -1)
            continue;
        trr_ref *p = g ? &r->v[g - 1] : NULL;
        if (p && !p->self && !x->self && x->kind != TM_RELATIVE && x->span.start >= p->span.end &&
            addressee(ti, p->span) == addressee(ti, x->span) && joins(text, p->span.end, x->span.start)) {
            p->span.end = x->span.end;
            p->mine |= x->mine;
            p->weak &= x->weak;
            p->pweak &= x->pweak;
            continue;
        }
        r->v[g++] = *x;
    }
    r->n = g;
    return 0;
}

/* The referent of r nearest to sp among those overlapping [lo, hi) (a
** second choice only when no first choice is there; ties go to the one
** before the cue, what it is said of, then to the topic's), or NULL; its
** distance in words in *dist. */
static const trr_ref *nearest_in(const tr_textinfo *ti, const trr_refs *r, tr_span sp, size_t lo,
                                 size_t hi, size_t *dist)
{
    const trr_ref *best = NULL;
    size_t bd = 0;
    int strong = 0;
    for (size_t k = 0; k < r->n; k++)
        strong |= !r->v[k].weak && r->v[k].span.end > lo && r->v[k].span.start < hi;
    for (size_t k = 0; k < r->n; k++) {
        const trr_ref *x = &r->v[k];
        if (x->span.end <= lo || x->span.start >= hi || (strong && x->weak))
            continue;
        size_t d = x->span.end <= sp.start ? trr_gap_words(ti, x->span.end, sp.start)
                 : sp.end <= x->span.start ? trr_gap_words(ti, sp.end, x->span.start) : 0;
        int before = x->span.end <= sp.start, bbefore = best && best->span.end <= sp.start;
        if (!best || d < bd || (d == bd && before && !bbefore) ||
            (d == bd && before == bbefore && x->mine && !best->mine)) {
            best = x;
            bd = d;
        }
    }
    *dist = bd;
    return best;
}

/* Whether the referent x (after the cue ending at cue_end) follows an
** except phrase that itself follows the cue ("great endorsements, except
** for Paul Ryan"). */
static int excepted(const tr_textinfo *ti, const trr_ref *x, size_t cue_end)
{
    size_t w = trr_word_after(ti, x->span.start);
    while (w > 0 && ti->words[w - 1].kind == TW_WORD && ti->words[w - 1].skip && !ti->words[w - 1].except)
        w--;
    return w > 0 && ti->words[w - 1].kind == TW_WORD && ti->words[w - 1].except &&
           ti->words[w - 1].start >= cue_end;
}

/* Whom the cue at sp (sentence si) of text[0..len) is about, given the
** topic's kept mentions ms[0..nms); see the file's comment.  Fills *out;
** 0 or -1 on OOM. */
int trr_referent(const tr_textinfo *ti, const char *text, size_t len, const tr_span *ms, size_t nms,
                 tr_span sp, size_t si, trr_refs *r, trr_about *out)
{
    memset(out, 0, sizeof *out);
    for (size_t m = 0; m < nms; m++) /* a cue that holds the mention is about it */
        if (ms[m].start < sp.end && sp.start < ms[m].end) {
            *out = (trr_about){TRF_HOLDS, ms[m], 1, 0, 0};
            return 0;
        }
    if (build_refs(ti, text, ms, nms, sp, r) < 0)
        return -1;
    size_t cl = trr_clause_of(ti, sp.start);
    size_t clo = ti->clauses[cl], chi = cl + 1 < ti->nclauses ? ti->clauses[cl + 1] : len;
    size_t slo = ti->nsents ? ti->sents[si].start : 0, shi = ti->nsents ? ti->sents[si].end : len;
    int quoted = ti->quote.end > ti->quote.start, comment = quoted && sp.start >= ti->quote.end;
    if (comment) { /* the speaker's comment after a quoted post */
        clo = clo < ti->quote.end ? ti->quote.end : clo;
        slo = slo < ti->quote.end ? ti->quote.end : slo;
    } else if (quoted && sp.start < ti->quote.end) /* in the quoted post: its own names */
        shi = shi > ti->quote.end ? ti->quote.end : shi;
    size_t d = 0;
    const trr_ref *best = nearest_in(ti, r, sp, clo, chi, &d);
    int how = TRF_CLAUSE;
    if (!best) {
        best = nearest_in(ti, r, sp, slo, shi, &d);
        how = TRF_SENTENCE;
    }
    if (!best && comment) { /* he answers the post: its author */
        int mine = 0;
        for (size_t m = 0; m < nms && !mine; m++)
            mine = ms[m].start < ti->quoter.end && ti->quoter.start < ms[m].end;
        *out = (trr_about){TRF_AUTHOR, ti->quoter, mine, 0, 0};
        return 0;
    }
    for (int pass = 0; !best && pass < 2; pass++) /* the last name before it, one after no preposition first */
        for (size_t j = r->n; j-- > 0 && !best;)
            if (r->v[j].span.end <= sp.start && (pass || !r->v[j].pweak))
                best = &r->v[j];
    if (how == TRF_SENTENCE && best && !(best->span.end > slo && best->span.start < shi)) {
        how = TRF_BEFORE; /* the sentence is a verdict on the last name before it */
        d = 0;
    }
    if (!best)
        return 0;
    *out = (trr_about){how, best->span, best->mine, 0, d};
    out->except = best->mine && best->span.start >= sp.end && excepted(ti, best, sp.end);
    return 0;
}

/* Whether the first referent that starts at offset off (no word between)
** is the topic's: a mention, or a pronoun standing for one ("but he is
** ...").  0 or 1, -1 on OOM. */
int trr_referent_at(const tr_textinfo *ti, const char *text, const tr_span *ms, size_t nms, size_t off,
                    trr_refs *r)
{
    if (build_refs(ti, text, ms, nms, (tr_span){off, off}, r) < 0)
        return -1;
    for (size_t k = 0; k < r->n; k++)
        if (r->v[k].span.end > off)
            return r->v[k].mine && trr_gap_words(ti, off, r->v[k].span.start) == 0;
    return 0;
}
