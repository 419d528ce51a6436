/*
** words.c: the word tokens of a text for the negation layer, and the
** lexicon phrases found among them (triggers, post-triggers, pseudo
** triggers, terminators, hedges).  Words are runs of letters and digits
** (apostrophes inside a word are kept); they are compared lower-cased with
** ’ read as '.  Scope-breaking punctuation (, ; : ( ) [ ] . ! ? … — –)
** becomes a break token.
*/
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "internal.h"

/* Frees ti's buffers. */
void trr_textinfo_free(tr_textinfo *ti)
{
    free(ti->sents);
    free(ti->words);
    free(ti->norm);
    memset(ti, 0, sizeof *ti);
}

/* Whether code point cp is a letter or a digit. */
static int is_wordcp(int32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
    utf8proc_category_t c = utf8proc_category(cp);
    return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
           (c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO) ||
           c == UTF8PROC_CATEGORY_MN || c == UTF8PROC_CATEGORY_MC;
}

/* Whether code point cp breaks a negation scope. */
static int is_breakcp(int32_t cp)
{
    return cp == ',' || cp == ';' || cp == ':' || cp == '(' || cp == ')' || cp == '[' ||
           cp == ']' || cp == '.' || cp == '!' || cp == '?' || cp == 0x2026 ||
           cp == 0x2014 || cp == 0x2013;
}

/* Appends the code point cp, UTF-8 encoded, to the norm buffer. */
static int norm_put(tr_textinfo *ti, int32_t cp)
{
    if (ti->nnorm + 4 >= ti->cap_norm) {
        size_t nc = ti->cap_norm ? ti->cap_norm * 2 : 256;
        char *p = realloc(ti->norm, nc);
        if (!p)
            return -1;
        ti->norm = p;
        ti->cap_norm = nc;
    }
    ti->nnorm += (size_t)utf8proc_encode_char(cp, (utf8proc_uint8_t *)ti->norm + ti->nnorm);
    return 0;
}

/* Appends a token; returns it or NULL on OOM. */
static tr_word *push(tr_textinfo *ti, unsigned char kind, size_t b, size_t e, unsigned sent)
{
    if (trr_grow((void **)&ti->words, &ti->cap_words, ti->nwords, sizeof *ti->words) < 0)
        return NULL;
    tr_word *w = &ti->words[ti->nwords++];
    memset(w, 0, sizeof *w);
    w->kind = kind;
    w->start = b;
    w->end = e;
    w->sent = sent;
    w->trig = w->post = w->hedge = -1;
    return w;
}

/* Whether phrase ph matches the words starting at index i; stores the
** index of its last word in *last. */
static int phrase_at(const tr_textinfo *ti, const tr_phrase *ph, size_t i, size_t *last)
{
    if (i + ph->n > ti->nwords)
        return 0;
    const tr_word *w0 = &ti->words[i];
    if (!ph->suffix && (w0->nlen != ph->lens[0] || ti->norm[w0->norm] != ph->words[0][0]))
        return 0;
    for (size_t k = 0; k < ph->n; k++) {
        const tr_word *w = &ti->words[i + k];
        if (w->kind != TW_WORD || w->sent != ti->words[i].sent)
            return 0;
        const char *nw = ti->norm + w->norm;
        size_t pl = ph->lens[k];
        if (ph->suffix) {
            if (w->nlen <= pl || memcmp(nw + w->nlen - pl, ph->words[k], pl))
                return 0;
        } else if (w->nlen != pl || memcmp(nw, ph->words[k], pl))
            return 0;
    }
    *last = i + ph->n - 1;
    return 1;
}

/* The longest phrase of l matching at i: its last word index, or -1. */
static long longest_at(const tr_textinfo *ti, const tr_phrases *l, size_t i)
{
    long best = -1;
    size_t last;
    for (size_t k = 0; k < l->n; k++)
        if (phrase_at(ti, &l->v[k], i, &last) && (long)last > best)
            best = (long)last;
    return best;
}

/* Tokenises text into ti->words (needs ti->sents) and marks lexicon
** phrases.  0, or -1 on OOM. */
int trr_words(const tr_lexicon *lex, const char *s, size_t n, tr_textinfo *ti)
{
    ti->nwords = 0;
    ti->nnorm = 0;
    size_t i = 0, sent = 0;
    while (i < n) {
        while (sent + 1 < ti->nsents && ti->sents[sent + 1].start <= i)
            sent++;
        size_t cl;
        int32_t cp = trr_utf8_decode(s, n, i, &cl);
        if (is_wordcp(cp)) {
            size_t b = i, nb = ti->nnorm;
            while (i < n) {
                cp = trr_utf8_decode(s, n, i, &cl);
                if (is_wordcp(cp)) {
                    if (norm_put(ti, cp < 0x80 ? (cp >= 'A' && cp <= 'Z' ? cp + 32 : cp)
                                                : utf8proc_tolower(cp)) < 0)
                        return -1;
                    i += cl;
                } else if ((cp == '\'' || cp == 0x2019) && i + cl < n) {
                    size_t c2;
                    int32_t nx = trr_utf8_decode(s, n, i + cl, &c2);
                    if (!is_wordcp(nx))
                        break;
                    if (norm_put(ti, '\'') < 0)
                        return -1;
                    i += cl;
                } else
                    break;
            }
            tr_word *w = push(ti, TW_WORD, b, i, (unsigned)sent);
            if (!w)
                return -1;
            w->norm = nb;
            w->nlen = ti->nnorm - nb;
            continue;
        }
        if (is_breakcp(cp) && !push(ti, TW_BREAK, i, i + cl, (unsigned)sent))
            return -1;
        i += cl;
    }
    /* pass 1: terminators and pseudo-triggers */
    for (size_t k = 0; k < ti->nwords; k++) {
        long e = longest_at(ti, &lex->terminators, k);
        for (long j = (long)k; j <= e; j++)
            ti->words[j].term = 1;
        e = longest_at(ti, &lex->pseudo, k);
        for (long j = (long)k; j <= e; j++)
            ti->words[j].pseudo = 1;
    }
    /* pass 2: triggers, post-triggers and hedges not inside a pseudo */
    for (size_t k = 0; k < ti->nwords; k++) {
        if (ti->words[k].kind != TW_WORD)
            continue;
        long e = longest_at(ti, &lex->triggers, k);
        int covered = 0;
        for (long j = (long)k; j <= e; j++)
            covered |= ti->words[j].pseudo;
        if (e >= 0 && !covered && ti->words[e].trig < 0)
            ti->words[e].trig = (int)k;
        e = longest_at(ti, &lex->post, k);
        covered = 0;
        for (long j = (long)k; j <= e; j++)
            covered |= ti->words[j].pseudo;
        if (e >= 0 && !covered)
            ti->words[k].post = (int)e;
        e = longest_at(ti, &lex->hedges, k);
        if (e >= 0)
            ti->words[k].hedge = (int)e;
    }
    return 0;
}
