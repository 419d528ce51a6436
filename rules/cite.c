/*
** cite.c: citations (a topic's `cite` field, docs/rules.md step 10): a
** text cites a topic when it opens with a credit to it, reposts its post,
** or links to its site.  The caller (classify.c) owns the mentions and
** decides what a citation is worth.
*/
#include <string.h>

#include "internal.h"

/* The end of a credit opening the text ("Mika Brzezinski: ...", "Via
** @WSJ: ..."): the offset just past a ':' within the first sentence with
** at most eight words before it; 0 when there is none. */
static size_t credit_end(const tr_textinfo *ti, const char *text, size_t len)
{
    size_t words = 0;
    for (size_t k = 0; k < ti->nwords && ti->words[k].sent == 0; k++) {
        const tr_word *w = &ti->words[k];
        if (w->kind == TW_WORD && ++words > 8)
            return 0;
        if (w->kind == TW_BREAK) {
            if (text[w->start] == ':') /* "Mika Brzezinski: ...", not "at 7:00" */
                return words && w->end < len &&
                               (text[w->end] == ' ' || text[w->end] == '"' || (unsigned char)text[w->end] == 0xE2)
                           ? w->end : 0;
            if (text[w->start] != ',' && text[w->start] != '.')
                return 0;
        }
    }
    return 0;
}

/* Whether the text cites the topic whose mentions are ms[0..n): a credit
** that opens the text and names it ("Mika Brzezinski: ..."), a repost of
** a post whose author is one of its mentions, or a link whose host name
** holds one (wsj.com).  Returns that mention (owned by the caller) and the
** citation's span in *out (the credit, the handle, the link); NULL when
** the text does not cite it. */
const trr_mention *trr_cited(const tr_textinfo *ti, const char *text, size_t len, const trr_mention *ms,
                             size_t n, tr_span *out)
{
    size_t credit = ti->quote.end > ti->quote.start ? 0 : credit_end(ti, text, len);
    for (size_t m = 0; m < n; m++) {
        if (!ms[m].drop && ms[m].span.end < credit) {
            *out = (tr_span){0, credit};
            return &ms[m];
        }
    }
    for (size_t m = 0; m < n; m++) {
        const trr_mention *x = &ms[m];
        if (!x->drop && ti->quote.end > ti->quote.start && x->span.start < ti->quoter.end &&
            ti->quoter.start < x->span.end) {
            *out = ti->quoter;
            return x;
        }
        if (x->drop != TDM_URL)
            continue;
        const tr_mark *mk = trr_mask_at(ti, x->span.start, x->span.end);
        if (!mk || mk->kind != TM_URL)
            continue;
        size_t h = mk->span.start, e;
        for (size_t i = mk->span.start; i + 2 < mk->span.end; i++)
            if (text[i] == ':' && text[i + 1] == '/' && text[i + 2] == '/') {
                h = i + 3;
                break;
            }
        for (e = h; e < mk->span.end && text[e] != '/'; e++)
            ;
        if (x->span.start >= h && x->span.end <= e) {
            *out = mk->span;
            return x;
        }
    }
    return NULL;
}
