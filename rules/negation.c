/*
** negation.c: the NegEx-style negation layer and hedges for one cue.
**
** A trigger negates a cue when it ends before the cue starts, in the same
** sentence, with at most `scope` words between them and no break
** (punctuation) or terminator word ("but", "however") between, and when
** it governs the cue: the words between are all skip words ("a", "very",
** "going to"), or the first word after those is a raising verb ("don't
** think he is great", "doesn't mean it can happen").  A trigger governs
** the first other word it meets: in "does not stop currency
** manipulation" it governs "stop", not "manipulation".  A post-trigger
** negates a cue before it within the scope.  Words covered by a
** pseudo-trigger ("not only", "no doubt") trigger nothing.  A negated cue
** takes the opposite stance.  A hedge phrase in the same sentence and the
** same clause (no terminator word between it and the cue) marks the cue
** hedged and makes it deny.  See docs/rules.md.
*/
#include <string.h>

#include "internal.h"

/* Decides the stance of the cue [cs, ce) whose pattern says raw. */
void trr_negation_eval(const tr_lexicon *lex, const tr_textinfo *ti,
                      size_t cs, size_t ce, tr_stance raw, int fixed, tr_cue_eval *ev)
{
    memset(ev, 0, sizeof *ev);
    ev->raw = ev->final = raw;
    size_t c0 = trr_word_after(ti, cs);
    if (c0 >= ti->nwords || fixed)
        return;
    size_t c1 = c0;
    while (c1 + 1 < ti->nwords && ti->words[c1 + 1].start < ce)
        c1++;
    unsigned sent = ti->words[c0].sent;

    /* triggers before the cue */
    unsigned between = 0;
    for (size_t j = c0; j-- > 0;) {
        const tr_word *w = &ti->words[j];
        if (w->sent != sent || w->kind == TW_BREAK || w->term)
            break;
        if (w->trig >= 0) {
            size_t g = j + 1; /* the word the trigger governs */
            while (g < c0 && ti->words[g].skip && !ti->words[g].raise)
                g++;
            /* ... and the words coordinated with it: "not good or professional" */
            while (g + 1 < c0 && ti->words[g + 1].coord) {
                g += 2;
                while (g < c0 && ti->words[g].skip)
                    g++;
            }
            if (g < c0 && !ti->words[g].raise) {
                ev->governs.start = ti->words[g].start;
                ev->governs.end = ti->words[g].end;
                break; /* it governs another word */
            }
            ev->negated = 1;
            ev->negation.start = ti->words[w->trig].start;
            ev->negation.end = w->end;
            ev->scope.start = ev->negation.start;
            ev->scope.end = ce;
            break;
        }
        if (++between > lex->scope)
            break;
    }
    /* post-triggers after the cue */
    between = 0;
    for (size_t j = c1 + 1; !ev->negated && j < ti->nwords; j++) {
        const tr_word *w = &ti->words[j];
        if (w->sent != sent || w->kind == TW_BREAK || w->term)
            break;
        if (w->post >= 0 && w->start >= ce) {
            ev->negated = 1;
            ev->negation.start = w->start;
            ev->negation.end = ti->words[w->post].end;
            ev->scope.start = cs;
            ev->scope.end = ev->negation.end;
            break;
        }
        if (++between > lex->scope)
            break;
    }
    if (ev->negated)
        ev->final = raw == TR_STANCE_AFFIRM ? TR_STANCE_DENY : TR_STANCE_AFFIRM;

    /* hedges in the same clause: nearest before, else after */
    for (size_t j = c0; j-- > 0 && !ev->hedged;) {
        const tr_word *w = &ti->words[j];
        if (w->sent != sent || w->term)
            break;
        if (w->hedge >= 0 && ti->words[w->hedge].end <= cs) {
            ev->hedged = 1;
            ev->hedge.start = w->start;
            ev->hedge.end = ti->words[w->hedge].end;
        }
    }
    for (size_t j = c1 + 1; j < ti->nwords && !ev->hedged; j++) {
        const tr_word *w = &ti->words[j];
        if (w->sent != sent || w->term)
            break;
        if (w->hedge >= 0 && w->start >= ce) {
            ev->hedged = 1;
            ev->hedge.start = w->start;
            ev->hedge.end = ti->words[w->hedge].end;
        }
    }
    if (ev->hedged)
        ev->final = TR_STANCE_DENY;
}
