/*
** words.c: what the classifier knows about a text beyond its sentences:
**
**   - masks: URLs, @handles and #hashtags.  They are not words of the
**     text: no cue matches in them (but a cue may be a hashtag's word
**     whole, classify.c), negation and distances do not count them, and no
**     mention counts inside a URL (docs/rules.md).
**   - words: runs of letters and digits (apostrophes inside a word are
**     kept), compared lower-cased with ’ read as ', and the breaks
**     (, ; : ( ) [ ] . ! ? … — –) between them; the lexicon phrases found
**     among them (triggers, post-triggers, pseudo triggers, terminators,
**     hedges, skip words, prepositions, except and contrast words).
**   - a quoted post ("@user: ..."): its span, author and addressees; it
**     is the speaker's own words unless the rule set says `reposts
**     others` or his comment after it rejects it.
**   - clauses: a sentence split at ; : ( ) [ ] …, at ", but" before a
**     subject of its own, at "but he", where embedded speech begins and
**     ends and where a quoted post ends.
**   - embedded speech: someone else's words inside the text: a quoted
**     post he rejects, and what follows a reporting verb (lexicon `embed`,
**     and extract's speech verbs) whose subject is not the speaker ("Jeb
**     thinks ...", but not "I said ...").
**   - names: the referents a cue may be about (the referent rule,
**     referent.c).
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
    free(ti->masks);
    free(ti->clauses);
    free(ti->embedded);
    free(ti->names);
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

/* Whether code point cp is white space (ASCII, or a no-break space). */
static int is_spacecp(int32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v' ||
           cp == 0xA0 || cp == 0x2009 || cp == 0x200A || cp == 0x202F;
}

/* Whether code point cp is a double quotation mark (" “ ” „ « »). */
static int is_dquote(int32_t cp)
{
    return cp == '"' || cp == 0x201C || cp == 0x201D || cp == 0x201E || cp == 0xAB || cp == 0xBB;
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

/* Appends a mark to v; 0 or -1 on OOM. */
static int push_mark(tr_mark **v, size_t *n, size_t *cap, size_t s, size_t e, int kind,
                     tr_span cue)
{
    if (trr_grow((void **)v, cap, *n, sizeof **v) < 0)
        return -1;
    (*v)[(*n)++] = (tr_mark){{s, e}, kind, cue};
    return 0;
}

/* ---- masks: URLs, handles, hashtags ------------------------------------ */

/* Whether s[i..n) starts with the ASCII string w, ignoring case. */
static int starts_ci(const char *s, size_t n, size_t i, const char *w)
{
    size_t k = strlen(w);
    if (i + k > n)
        return 0;
    for (size_t j = 0; j < k; j++) {
        char c = s[i + j];
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        if (c != w[j])
            return 0;
    }
    return 1;
}

/* Whether the byte before i is an ASCII letter or digit (or '_'). */
static int alnum_before(const char *s, size_t i)
{
    if (i == 0)
        return 0;
    char c = s[i - 1];
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* The length of a bare domain with a path at s[i] ("facebook.com/x"): at
** least one dot, a last label of 2 to 6 letters, then '/'; else 0. */
static size_t bare_domain(const char *s, size_t n, size_t i)
{
    size_t j = i, dots = 0, label = 0, letters = 1;
    while (j < n) {
        char c = s[j];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
            label++;
        } else if ((c >= '0' && c <= '9') || c == '-') {
            label++;
            letters = 0;
        } else if (c == '.' && label) {
            dots++;
            label = 0;
            letters = 1;
        } else
            break;
        j++;
    }
    return dots && letters && label >= 2 && label <= 6 && j < n && s[j] == '/' ? j - i : 0;
}

/* The end of a URL starting at i: the first white space or double quote,
** less trailing punctuation. */
static size_t url_end(const char *s, size_t n, size_t i)
{
    size_t j = i;
    while (j < n) {
        size_t cl;
        int32_t cp = trr_utf8_decode(s, n, j, &cl);
        if (is_spacecp(cp) || is_dquote(cp) || cp == '<' || cp == '>' || cp == 0x2026)
            break;
        j += cl;
    }
    while (j > i && strchr(".,;:!?)]'", s[j - 1]))
        j--;
    return j;
}

/* Finds the masked spans of s into ti->masks; see words.c's header. */
int trr_masks(const char *s, size_t n, tr_textinfo *ti)
{
    ti->nmasks = 0;
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        size_t e = 0;
        int kind = 0;
        if ((c == 'h' || c == 'H') && (starts_ci(s, n, i, "http://") || starts_ci(s, n, i, "https://"))) {
            kind = TM_URL; /* even glued to a word: "Breitbarthttp://..." */
        } else if (!alnum_before(s, i) && (starts_ci(s, n, i, "www.") || starts_ci(s, n, i, "pic.twitter.com/") ||
                                           bare_domain(s, n, i))) {
            kind = TM_URL;
        } else if ((c == '@' || c == '#') && !alnum_before(s, i) && i + 1 < n) {
            size_t j = i + 1;
            while (j < n) {
                size_t cl;
                int32_t cp = trr_utf8_decode(s, n, j, &cl);
                if (!is_wordcp(cp) && cp != '_')
                    break;
                j += cl;
            }
            if (j > i + 1) {
                kind = c == '@' ? TM_HANDLE : TM_HASHTAG;
                e = j;
            }
        }
        if (!kind) {
            i++;
            continue;
        }
        if (kind == TM_URL)
            e = url_end(s, n, i);
        if (e <= i) {
            i++;
            continue;
        }
        if (push_mark(&ti->masks, &ti->nmasks, &ti->cap_masks, i, e, kind, (tr_span){i, i}) < 0)
            return -1;
        i = e;
    }
    return 0;
}

/* The first mark of v[0..n) that ends after off. */
static size_t mark_after(const tr_mark *v, size_t n, size_t off)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (v[mid].span.end <= off)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The mask overlapping [s, e), or NULL. */
const tr_mark *trr_mask_at(const tr_textinfo *ti, size_t s, size_t e)
{
    size_t k = mark_after(ti->masks, ti->nmasks, s);
    if (k < ti->nmasks && ti->masks[k].span.start < (e > s ? e : s + 1))
        return &ti->masks[k];
    return NULL;
}

/* The embedded-speech mark holding offset off, or NULL (marks may nest:
** the outermost is returned). */
const tr_mark *trr_embedded_at(const tr_textinfo *ti, size_t off)
{
    for (size_t k = 0; k < ti->nembedded; k++) {
        const tr_mark *m = &ti->embedded[k];
        if (m->span.start > off)
            break;
        if (off < m->span.end)
            return m;
    }
    return NULL;
}

/* Index of the first word token that ends after offset off. */
size_t trr_word_after(const tr_textinfo *ti, size_t off)
{
    size_t lo = 0, hi = ti->nwords;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (ti->words[mid].end <= off)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Counts the word tokens of ti between offsets a and b (a <= b). */
size_t trr_gap_words(const tr_textinfo *ti, size_t a, size_t b)
{
    size_t n = 0;
    for (size_t k = trr_word_after(ti, a); k < ti->nwords && ti->words[k].end <= b; k++)
        n += ti->words[k].kind == TW_WORD && ti->words[k].start >= a;
    return n;
}

/* The clause index of byte offset off. */
size_t trr_clause_of(const tr_textinfo *ti, size_t off)
{
    return trr_last_start(ti->clauses, ti->nclauses, sizeof *ti->clauses, off);
}

/* ---- lexicon phrases ------------------------------------------------------ */

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

/* The longest phrase of l matching at i: its last word index, or -1.
** Through the first-word index when it is built. */
static long longest_at(const tr_textinfo *ti, const tr_phrases *l, size_t i)
{
    long best = -1;
    size_t last;
    if (!l->nbuckets) {
        for (size_t k = 0; k < l->n; k++)
            if (phrase_at(ti, &l->v[k], i, &last) && (long)last > best)
                best = (long)last;
        return best;
    }
    if (i >= ti->nwords || ti->words[i].kind != TW_WORD)
        return -1;
    const tr_word *w = &ti->words[i];
    for (int k = l->bucket[w->hash & (l->nbuckets - 1)]; k >= 0;
         k = l->next[k])
        if (phrase_at(ti, &l->v[k], i, &last) && (long)last > best)
            best = (long)last;
    for (size_t s = 0; s < l->nsuffix; s++)
        if (phrase_at(ti, &l->v[l->suffix[s]], i, &last) && (long)last > best)
            best = (long)last;
    return best;
}

/* Splits the text into word and break tokens, skipping the masks. */
static int tokenize(const char *s, size_t n, tr_textinfo *ti)
{
    ti->nwords = 0;
    ti->nnorm = 0;
    size_t i = 0, sent = 0, mk = 0;
    while (i < n) {
        while (mk < ti->nmasks && ti->masks[mk].span.end <= i)
            mk++;
        if (mk < ti->nmasks && ti->masks[mk].span.start <= i) {
            i = ti->masks[mk].span.end; /* not words of the text */
            continue;
        }
        while (sent + 1 < ti->nsents && ti->sents[sent + 1].start <= i)
            sent++;
        size_t cl, stop = mk < ti->nmasks ? ti->masks[mk].span.start : n;
        int32_t cp = trr_utf8_decode(s, n, i, &cl);
        if (is_wordcp(cp)) {
            size_t b = i, nb = ti->nnorm;
            while (i < stop) {
                cp = trr_utf8_decode(s, n, i, &cl);
                if (is_wordcp(cp)) {
                    if (norm_put(ti, cp < 0x80 ? (cp >= 'A' && cp <= 'Z' ? cp + 32 : cp)
                                                : utf8proc_tolower(cp)) < 0)
                        return -1;
                    i += cl;
                } else if ((cp == '\'' || cp == 0x2019) && i + cl < stop) {
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
            w->hash = trr_word_hash(ti->norm + nb, w->nlen);
            continue;
        }
        if (is_breakcp(cp) && !push(ti, TW_BREAK, i, i + cl, (unsigned)sent))
            return -1;
        i += cl;
    }
    return 0;
}

/* Marks the lexicon's phrases among the words. */
static void mark_phrases(const tr_lexicon *lex, tr_textinfo *ti)
{
    /* pass 1: terminators, pseudo-triggers, skip words */
    for (size_t k = 0; k < ti->nwords; k++) {
        long e = longest_at(ti, &lex->terminators, k);
        for (long j = (long)k; j <= e; j++)
            ti->words[j].term = 1;
        e = longest_at(ti, &lex->pseudo, k);
        for (long j = (long)k; j <= e; j++)
            ti->words[j].pseudo = 1;
        e = longest_at(ti, &lex->skips, k);
        for (long j = (long)k; j <= e; j++)
            ti->words[j].skip = 1;
        if (longest_at(ti, &lex->raises, k) >= 0)
            ti->words[k].raise = 1;
        if (longest_at(ti, &lex->coords, k) >= 0)
            ti->words[k].coord = 1;
        if (longest_at(ti, &lex->preps, k) >= 0)
            ti->words[k].prep = 1;
        if (longest_at(ti, &lex->links, k) >= 0)
            ti->words[k].link = 1;
        if ((e = longest_at(ti, &lex->excepts, k)) >= 0)
            ti->words[e].except = 1;
    }
    for (size_t k = 0; k < ti->nwords; k++)
        if (!ti->words[k].pseudo && longest_at(ti, &lex->contrasts, k) >= 0)
            ti->words[k].contrast = 1;
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
}

/* ---- embedded speech ------------------------------------------------------ */

/* Whether s[i] is a double quote; its byte length in *ql. */
static int dquote_at(const char *s, size_t n, size_t i, size_t *ql)
{
    int32_t cp = trr_utf8_decode(s, n, i, ql);
    return is_dquote(cp);
}

/* Whether the speaker's comment after a quoted post ending at off opens
** with a negation trigger or a lexicon `disagree` phrase ("Not true!",
** "Wrong!"): he rejects the post. */
static int disagrees(const tr_lexicon *lex, const tr_textinfo *ti, size_t off)
{
    size_t k = trr_word_after(ti, off);
    while (k < ti->nwords && ti->words[k].kind != TW_WORD)
        k++;
    if (k >= ti->nwords || ti->words[k].start < off || ti->words[k].pseudo)
        return 0;
    if (longest_at(ti, &lex->disagrees, k) >= 0)
        return 1;
    for (size_t j = k; j < ti->nwords && j < k + 4; j++)
        if (ti->words[j].trig == (int)k)
            return 1;
    return 0;
}

/* A post quoted whole: the text opens with a double quote and a @handle
** ("@user: ..."), or with "RT @user".  Records it in ti->quote (to the
** last double quote, or the end), its author and the handles it opens
** with; it is someone else's words (an embedded mark) with `reposts
** others`, or when the speaker's comment after it rejects it.  0 or -1. */
static int find_retweet(const tr_lexicon *lex, const char *s, size_t n, tr_textinfo *ti)
{
    ti->quote = ti->quoter = (tr_span){0, 0};
    ti->quote_lead = 0;
    size_t i = 0, ql = 0;
    while (i < n && is_spacecp((unsigned char)s[i]))
        i++;
    int rt = starts_ci(s, n, i, "rt @");
    if (!rt && !(i < n && dquote_at(s, n, i, &ql)))
        return 0;
    size_t h = rt ? i + 3 : i + ql;
    const tr_mark *m = trr_mask_at(ti, h, h + 1);
    if (!m || m->kind != TM_HANDLE || m->span.start != h)
        return 0;
    size_t end = n;
    if (!rt) {
        for (size_t j = n; j > m->span.end; j--) {
            size_t l;
            if (((unsigned char)s[j - 1] & 0xC0) == 0x80)
                continue;
            if (dquote_at(s, n, j - 1, &l)) {
                end = j - 1 + l;
                break;
            }
        }
    }
    ti->quote = (tr_span){i, end};
    ti->quoter = m->span;
    /* the handles it opens with, after "@author:" */
    size_t j = m->span.end, mk = (size_t)(m - ti->masks) + 1;
    ti->quote_lead = j;
    for (;;) {
        while (j < end && (s[j] == ':' || s[j] == ' ' || s[j] == ','))
            j++;
        if (mk >= ti->nmasks || ti->masks[mk].span.start != j || ti->masks[mk].kind != TM_HANDLE ||
            ti->masks[mk].span.end > end)
            break;
        size_t after = ti->masks[mk].span.end;
        if (after < end && (s[after] == '\'' || (after + 2 < n && !memcmp(s + after, "\xE2\x80\x99", 3))))
            break; /* "@megynkelly's behaviour": the post's subject, not an addressee */
        j = ti->quote_lead = ti->masks[mk++].span.end;
    }
    if (lex->reposts_own && !disagrees(lex, ti, end))
        return 0; /* a repost is the speaker's own words */
    return push_mark(&ti->embedded, &ti->nembedded, &ti->cap_embedded, i, end, TE_RETWEET,
                     m->span);
}

/* Whether the word token w starts with an upper-case letter followed by a
** lower-case one ("Cruz", "McCain"). */
static int title_case(const char *s, size_t n, const tr_word *w)
{
    size_t cl, c2;
    int32_t a = trr_utf8_decode(s, n, w->start, &cl);
    if (w->start + cl >= w->end)
        return 0;
    int32_t b = trr_utf8_decode(s, n, w->start + cl, &c2);
    return utf8proc_category(a) == UTF8PROC_CATEGORY_LU && utf8proc_category(b) == UTF8PROC_CATEGORY_LL;
}

/* Reported speech and thought: after a reporting verb (lexicon embed)
** whose subject is someone other than the speaker, the rest of the
** sentence is someone else's.  The subject is the speaker's own when a
** first-person word (lexicon self) stands among the three words before
** the verb in its clause, or when no word does ("Just said that ...").
** 0 or -1. */
static int find_reported(const tr_lexicon *lex, const char *s, size_t n, tr_textinfo *ti)
{
    (void)s;
    for (size_t k = 0; k < ti->nwords; k++) {
        const tr_word *w = &ti->words[k];
        if (w->kind != TW_WORD)
            continue;
        long e = longest_at(ti, &lex->embeds, k);
        if (e < 0)
            continue;
        /* the subject: up to three words back in the same sentence, no break */
        int subject = 0, self = 0;
        size_t back = 0;
        for (size_t j = k; j-- > 0 && back < 3;) {
            const tr_word *p = &ti->words[j];
            if (p->kind == TW_BREAK || p->sent != w->sent || p->term)
                break;
            subject = 1;
            if (longest_at(ti, &lex->selves, j) >= 0)
                self = 1;
            back++;
        }
        /* a handle just before the verb is a subject too: "@user says" */
        const tr_mark *hm = w->start >= 2 ? trr_mask_at(ti, w->start - 2, w->start) : NULL;
        if (hm && hm->kind == TM_HANDLE && (k == 0 || ti->words[k - 1].end <= hm->span.start))
            subject = 1;
        if (!subject || self)
            continue;
        /* it reports only when a clause follows: "that", a quote, a name,
        ** a pronoun or a determiner ("said he", "thinks the war"), not
        ** "promised for years" */
        size_t nx = (size_t)e + 1;
        size_t from = ti->words[e].end;
        int clause = 0;
        {
            size_t q = from;
            while (q < n && (s[q] == ' ' || s[q] == ','))
                q++;
            size_t ql;
            if (q < n && (s[q] == ':' || s[q] == '@' || dquote_at(s, n, q, &ql)))
                clause = 1;
        }
        if (!clause && nx < ti->nwords && ti->words[nx].kind == TW_WORD && ti->words[nx].sent == w->sent) {
            const tr_word *x = &ti->words[nx];
            clause = (x->nlen == 4 && !memcmp(ti->norm + x->norm, "that", 4)) ||
                     longest_at(ti, &lex->selves, nx) >= 0 || longest_at(ti, &lex->pronouns, nx) >= 0 ||
                     longest_at(ti, &lex->determiners, nx) >= 0 || title_case(s, n, x);
        }
        if (!clause)
            continue;
        size_t to = w->sent < ti->nsents ? ti->sents[w->sent].end : n;
        if (from >= to || trr_embedded_at(ti, w->start))
            continue;
        if (push_mark(&ti->embedded, &ti->nembedded, &ti->cap_embedded, from, to, TE_REPORTED,
                      (tr_span){w->start, ti->words[e].end}) < 0)
            return -1;
        k = (size_t)e;
    }
    return 0;
}

/* Orders marks by start. */
static int by_start(const void *a, const void *b)
{
    const tr_mark *x = a, *y = b;
    if (x->span.start != y->span.start)
        return x->span.start < y->span.start ? -1 : 1;
    return (x->span.end < y->span.end) - (x->span.end > y->span.end);
}

/* ---- clauses ------------------------------------------------------------- */

/* Appends a clause start (kept ascending and unique by the caller's sort). */
static int push_clause(tr_textinfo *ti, size_t off)
{
    if (trr_grow((void **)&ti->clauses, &ti->cap_clauses, ti->nclauses, sizeof *ti->clauses) < 0)
        return -1;
    ti->clauses[ti->nclauses++] = off;
    return 0;
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

/* Whether word token k opens a clause with a subject of its own: the
** speaker ("we"), a third person ("he") or a capitalised name; not "it",
** which points back ("No rain, but it will come"). */
static int has_subject(const tr_lexicon *lex, const char *s, size_t n, const tr_textinfo *ti, size_t k)
{
    const tr_word *x = &ti->words[k];
    return x->kind == TW_WORD &&
           (longest_at(ti, &lex->selves, k) >= 0 || longest_at(ti, &lex->pronouns, k) >= 0 ||
            title_case(s, n, x));
}

/* Where clauses start: each sentence, after each ; : ( ) [ ] and …, after
** ", but" (a terminator after a comma) when a subject of its own follows
** ("..., but we discussed it"), at a contrast word with a pronoun after it
** ("a friend of mine but he is"), at each embedded span's edges and where
** a quoted post ends.
** (Commas and dashes do not end a clause: in a tweet they join an
** appositive or a list to the name it is about.) */
static int find_clauses(const tr_lexicon *lex, const char *s, size_t n, tr_textinfo *ti)
{
    ti->nclauses = 0;
    if (push_clause(ti, 0) < 0)
        return -1;
    for (size_t k = 0; k < ti->nsents; k++)
        if (push_clause(ti, ti->sents[k].start) < 0)
            return -1;
    for (size_t k = 0; k < ti->nwords; k++) {
        const tr_word *w = &ti->words[k];
        if (w->kind == TW_BREAK && strchr(";:()[]", s[w->start]) && push_clause(ti, w->end) < 0)
            return -1;
        if (w->kind == TW_WORD && w->contrast && k > 0 && ti->words[k - 1].kind == TW_WORD &&
            k + 1 < ti->nwords && ti->words[k + 1].kind == TW_WORD && ti->words[k + 1].sent == w->sent &&
            (longest_at(ti, &lex->selves, k + 1) >= 0 || longest_at(ti, &lex->pronouns, k + 1) >= 0) &&
            push_clause(ti, w->start) < 0)
            return -1; /* "a friend of mine but he is ..." */
        if (w->kind == TW_WORD && w->term && k > 0 && ti->words[k - 1].kind == TW_BREAK &&
            s[ti->words[k - 1].start] == ',' && k + 1 < ti->nwords && has_subject(lex, s, n, ti, k + 1) &&
            push_clause(ti, w->start) < 0)
            return -1; /* "..., but we discussed it" (not "anyone but Trump", "nice, but not ...") */
        if (w->kind == TW_BREAK && (unsigned char)s[w->start] == 0xE2 && w->end - w->start == 3 &&
            (unsigned char)s[w->start + 2] == 0xA6 && push_clause(ti, w->end) < 0)
            return -1; /* … */
    }
    for (size_t k = 0; k < ti->nembedded; k++)
        if (push_clause(ti, ti->embedded[k].span.start) < 0 ||
            push_clause(ti, ti->embedded[k].span.end) < 0)
            return -1;
    if (ti->quote.end > ti->quote.start && push_clause(ti, ti->quote.end) < 0)
        return -1; /* a quoted post ends where the speaker's comment begins */
    if (ti->nclauses)
        qsort(ti->clauses, ti->nclauses, sizeof *ti->clauses, cmp_size);
    size_t w = 0;
    for (size_t k = 0; k < ti->nclauses; k++)
        if (w == 0 || ti->clauses[w - 1] != ti->clauses[k])
            ti->clauses[w++] = ti->clauses[k];
    ti->nclauses = w;
    return 0;
}

/* Whether the handle at s[h] is the speaker's: a lexicon `self` entry
** written as that @handle (case-insensitive). */
static int own_handle(const tr_lexicon *lex, const char *s, tr_span h)
{
    for (size_t k = 0; k < lex->selves.n; k++) {
        const tr_phrase *p = &lex->selves.v[k];
        if (p->n != 1 || p->suffix || p->lens[0] != h.end - h.start)
            continue;
        size_t i = 0;
        while (i < p->lens[0] && (char)(s[h.start + i] >= 'A' && s[h.start + i] <= 'Z' ? s[h.start + i] + 32
                                                                                       : s[h.start + i]) == p->words[0][i])
            i++;
        if (i == p->lens[0])
            return 1;
    }
    return 0;
}

/* Adds the mask m to the names when it is a @handle: the speaker's own
** (TM_SELF) or another's.  0 or -1 on OOM. */
static int push_handle(const tr_lexicon *lex, const char *s, tr_textinfo *ti, const tr_mark *m)
{
    if (m->kind != TM_HANDLE)
        return 0;
    return push_mark(&ti->names, &ti->nnames, &ti->cap_names, m->span.start, m->span.end,
                     own_handle(lex, s, m->span) ? TM_SELF : TM_HANDLE, m->span);
}

/* Names: @handles (the speaker's own when a lexicon `self` entry spells
** the handle), runs of title-case words (a run of one word that is the
** first word of its sentence, whatever handles or quotes open it, is no
** name: "Great"; "Ted Cruz" is), the speaker's own first-person words
** (lexicon self: "I", "my"), the third-person pronouns (lexicon pronoun:
** "he", "her") and the relative ones (lexicon relative: "who").  0 or -1. */
static int find_names(const tr_lexicon *lex, const char *s, size_t n, tr_textinfo *ti)
{
    ti->nnames = 0;
    size_t mk = 0;
    for (size_t k = 0; k < ti->nwords; k++) {
        const tr_word *w = &ti->words[k];
        while (mk < ti->nmasks && ti->masks[mk].span.end <= w->start) {
            if (push_handle(lex, s, ti, &ti->masks[mk]) < 0)
                return -1;
            mk++;
        }
        int pk = w->kind != TW_WORD ? 0 : longest_at(ti, &lex->selves, k) >= 0 ? TM_SELF
               : longest_at(ti, &lex->selfobjs, k) >= 0 ? TM_SELFOBJ
               : longest_at(ti, &lex->pronouns, k) >= 0 ? TM_PRONOUN
               : longest_at(ti, &lex->relatives, k) >= 0 ? TM_RELATIVE : 0;
        if (pk) {
            if (push_mark(&ti->names, &ti->nnames, &ti->cap_names, w->start, w->end, pk,
                          (tr_span){0, 0}) < 0)
                return -1;
            continue;
        }
        if (w->kind != TW_WORD || !title_case(s, n, w))
            continue;
        size_t e = k;
        while (e + 1 < ti->nwords && ti->words[e + 1].kind == TW_WORD && title_case(s, n, &ti->words[e + 1]) &&
               ti->words[e + 1].sent == w->sent)
            e++;
        int initial = 1; /* the first word of its sentence, whatever handles or quotes open it */
        for (size_t j = k; j-- > 0 && ti->words[j].sent == w->sent && initial;)
            initial = ti->words[j].kind != TW_WORD;
        if (initial && e == k)
            continue;
        if (push_mark(&ti->names, &ti->nnames, &ti->cap_names, w->start, ti->words[e].end,
                      TM_NAME, (tr_span){0, 0}) < 0)
            return -1;
        k = e;
    }
    for (; mk < ti->nmasks; mk++)
        if (push_handle(lex, s, ti, &ti->masks[mk]) < 0)
            return -1;
    return 0;
}

/* Tokenises text into ti (needs ti->sents): masks, words and breaks,
** lexicon phrases, embedded speech, clauses.  0, or -1 on OOM. */
int trr_words(const tr_lexicon *lex, const char *s, size_t n, tr_textinfo *ti)
{
    ti->nembedded = 0;
    if (trr_masks(s, n, ti) < 0 || tokenize(s, n, ti) < 0)
        return -1;
    mark_phrases(lex, ti);
    if (find_retweet(lex, s, n, ti) < 0 ||  find_reported(lex, s, n, ti) < 0)
        return -1;
    if (ti->nembedded)
        qsort(ti->embedded, ti->nembedded, sizeof *ti->embedded, by_start);
    if (find_names(lex, s, n, ti) < 0)
        return -1;
    if (ti->nnames)
        qsort(ti->names, ti->nnames, sizeof *ti->names, by_start);
    return find_clauses(lex, s, n, ti);
}
