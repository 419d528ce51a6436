/*
** cues.c: the cue layer.  Candidate generation for the linear models of
** model.c: every word of a sentence outside its quotations that is in a
** cue word list (speech-verbs*.txt, object-verbs.txt, cue-words.txt) and
** that no pattern rule has already attributed is a candidate cue.  For
** each this file finds, by plain rules, the words that may name its
** speaker (the noun phrase before it), where its content starts (after
** it, past "that", an audience or date words) and the places where the
** content may end (the sentence end, each comma, semicolon, colon, dash
** or bracket, and each word of content-breaks.txt; not-cues.txt lists the
** words of those lists it never takes: "asked" frames a question), and describes the cue
** and each end by features (feature strings of value 1).  The "cue"
** model decides whether the candidate is an attribution, the "end" model
** which end is the content's.  extract.c emits the statement; the trainer
** (tools/train-extract.c) reads the same candidates and features.
**
** The features, as they appear in the model file:
**   cue model  c=CUE (the cue word, lower case), c2=CUE+NEXT, p1=, p2= (the
**              words before it), n1=, n2= (after it), sk= (speaker shape:
**              pron, name, np, who, subj: the sentence's subject, none), sw= (speaker words, bucketed),
**              aux= (the auxiliary skipped: has, would, to ...), that=
**              (near, far, no), st= (what the content starts with: quote,
**              cap, low), cl= (content words to the sentence end,
**              bucketed), pos= (the cue's word index, bucketed), q (a
**              question), hl (no final stop: a headline), pat (a pattern
**              statement elsewhere in the sentence), and pairs c=|sk=,
**              c=|p1=, c=|n1=
**   end model  b= (the break: the mark or the word), bn=, bp= (the words
**              after and before it), bw= (content words up to it,
**              bucketed), br= (words left after it, bucketed), bv (a cue
**              word within three words after it), bc (a capital after
**              it), bs= (a word in -ed or a cue word within four words
**              after it: a second verb), bk= (the break's rank among the
**              ends), and b=|bn=, b=|bw=, b=|bs=, c=|b=
*/
#include "x_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static int is_sp(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The kind of a one-byte mark at t[i], 0 when none. */
static int punct_at(const char *t, size_t len, size_t i, size_t *n)
{
    char c = t[i];
    *n = 1;
    if (c == ',' || c == ';' || c == ':' || c == '(' || c == ')' || c == '?' || c == '!')
        return c;
    if (c == '-' && i + 1 < len && t[i + 1] == '-') {
        *n = 2;
        return '-';
    }
    /* — and – */
    if ((unsigned char)c == 0xE2 && i + 2 < len && (unsigned char)t[i + 1] == 0x80 &&
        ((unsigned char)t[i + 2] == 0x94 || (unsigned char)t[i + 2] == 0x93)) {
        *n = 3;
        return '-';
    }
    return 0;
}

/* Splits sentence [s, e) of t into tokens (words, marks, quotation
** marks), at most max; q[0..nq) are the sentence's quotations.  Returns
** how many. */
size_t x_tokens(const char *t, size_t len, size_t s, size_t e, const xquote *q, size_t nq,
                xctok *out, size_t max)
{
    size_t n = 0, qi = 0;
    size_t i = s;
    while (i < e && n < max) {
        if (is_sp(t[i])) {
            i++;
            continue;
        }
        while (qi < nq && q[qi].close <= i)
            qi++;
        int inq = qi < nq && i >= q[qi].cs && i < q[qi].ce;
        if (qi < nq && i >= q[qi].open && i < q[qi].cs) {
            out[n++] = (xctok){i, q[qi].cs, 'o', 0};
            i = q[qi].cs;
            continue;
        }
        if (qi < nq && i >= q[qi].ce && i < q[qi].close) {
            out[n++] = (xctok){i, q[qi].close, 'c', 0};
            i = q[qi].close;
            continue;
        }
        size_t pn;
        int p = punct_at(t, len, i, &pn);
        if (p) {
            out[n++] = (xctok){i, i + pn, (char)p, inq};
            i += pn;
            continue;
        }
        size_t w = i;
        size_t lim = e;
        if (qi < nq && q[qi].open > i && q[qi].open < lim)
            lim = q[qi].open;
        if (inq && q[qi].ce < lim)
            lim = q[qi].ce;
        while (w < lim && !is_sp(t[w]) && !punct_at(t, len, w, &pn))
            w++;
        if (w == i)
            w = i + 1;
        /* a final stop is a mark of its own */
        size_t we = w;
        while (we > i + 1 && (t[we - 1] == '.' || t[we - 1] == '?' || t[we - 1] == '!') &&
               (w >= e || is_sp(t[w]) || w == lim))
            we--;
        if (we < w && (w >= e || w == lim) && !(we - i <= 3 && t[we - 1] != '.')) {
            out[n++] = (xctok){i, we, 'w', inq};
            if (n < max)
                out[n++] = (xctok){we, w, '.', inq};
        } else
            out[n++] = (xctok){i, w, 'w', inq};
        i = w;
    }
    return n;
}

/* A feature set: strings in one buffer. */
static void fs_add(xfs *f, const char *fmt, ...)
{
    if (f->n >= XF_MAX)
        return;
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(f->buf + f->used, sizeof f->buf - f->used, fmt, ap);
    va_end(ap);
    if (k < 0 || (size_t)k + 1 > sizeof f->buf - f->used)
        return;
    f->f[f->n++] = f->buf + f->used;
    f->used += (size_t)k + 1;
}

/* The token's bytes in lower case (ASCII), at most 31 of them, into b. */
static const char *low(const char *t, const xctok *k, char *b)
{
    size_t n = k->e - k->s < 31 ? k->e - k->s : 31;
    while (n < k->e - k->s && n > 0 && ((unsigned char)t[k->s + n] & 0xC0) == 0x80)
        n--; /* whole characters only */
    for (size_t i = 0; i < n; i++) {
        char c = t[k->s + i];
        b[i] = c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
    }
    b[n] = 0;
    return b;
}

/* The token i as a feature value: its lower-case word, or the mark, or
** "^" / "$" past the ends. */
static const char *val(const char *t, const xctok *k, size_t nk, long i, char *b)
{
    if (i < 0)
        return "^";
    if ((size_t)i >= nk)
        return "$";
    if (k[i].kind == 'w')
        return low(t, &k[i], b);
    if (k[i].kind == 'o' || k[i].kind == 'c')
        return k[i].kind == 'o' ? "“" : "”";
    b[0] = k[i].kind;
    b[1] = 0;
    return b;
}

static int is_word(const xctok *k, const char *t, const char *w)
{
    size_t n = strlen(w);
    return k->kind == 'w' && k->e - k->s == n && !strncasecmp(t + k->s, w, n);
}

static int in_list(const tr_extractor *x, const char *list, const char *t, const xctok *k)
{
    return k->kind == 'w' && x_list_has(x_list(x, list), t + k->s, k->e - k->s, 1);
}

/* 1 when token k is a cue word. */
static int is_cue(const tr_extractor *x, const char *t, const xctok *k)
{
    return in_list(x, "speech-verbs", t, k) || in_list(x, "speech-verbs-more", t, k) ||
           in_list(x, "object-verbs", t, k) || in_list(x, "speech-verbs-ing", t, k) ||
           in_list(x, "cue-words", t, k);
}

static const char *bucket(size_t n)
{
    return n == 0 ? "0" : n == 1 ? "1" : n == 2 ? "2" : n <= 4 ? "3-4" : n <= 7 ? "5-7" : n <= 12 ? "8-12" :
           n <= 20 ? "13-20" : "21+";
}

static int is_wday(const char *t, const xctok *k)
{
    static const char *const d[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
                                    "Saturday", "Sunday", "yesterday", "today", "Monday’s"};
    for (size_t i = 0; i < sizeof d / sizeof d[0]; i++)
        if (is_word(k, t, d[i]))
            return 1;
    return 0;
}

/* 1 when token k may stand between a speaker and its verb ("also",
** "has", "repeatedly", "on Sunday"); *aux names an auxiliary. */
static int pre_verb(const tr_extractor *x, const char *t, const xctok *k, const char **aux)
{
    static const char *const a[] = {"has", "have", "had", "is", "are", "was", "were", "will",
                                    "would", "could", "should", "can", "may", "might", "must",
                                    "did", "does", "do", "to", "not", "never", "be", "been"};
    if (k->kind != 'w')
        return 0;
    for (size_t i = 0; i < sizeof a / sizeof a[0]; i++)
        if (is_word(k, t, a[i])) {
            if (!*aux)
                *aux = a[i];
            return 1;
        }
    size_t n = k->e - k->s;
    if (in_list(x, "pre-verb", t, k) || is_wday(t, k) ||
        (n > 3 && t[k->e - 1] == 'y' && t[k->e - 2] == 'l' && !x_is_upper_at(t, k->e, k->s)))
        return 1;
    return 0;
}

/* 1 when token k ends a speaker phrase going left (a clause start, a
** relative pronoun, a preposition). */
static int np_stop(const tr_extractor *x, const char *t, const xctok *k)
{
    return k->kind != 'w' || in_list(x, "clause-starts", t, k) || is_word(k, t, "who") ||
           is_word(k, t, "which") || is_word(k, t, "whom") || in_list(x, "prepositions", t, k);
}

/* The places where a content that starts at token s of k[0..nk) may end,
** into ends[0..XC_MAXE): before each break of the content (a comma,
** semicolon, colon, dash or bracket outside quotations, a word of
** content-breaks.txt) and at the sentence end, with their features (cue:
** the cue word, lower case).  Returns how many. */
size_t x_ends(const tr_extractor *x, const char *t, const xctok *k, size_t nk, size_t s,
              const char *cue, xcend *ends)
{
    char b1[32], b2[32];
    size_t n = 0;
    size_t words_to_end = 0;
    for (size_t m = s; m < nk; m++)
        words_to_end += k[m].kind == 'w';
    size_t nw = 0, rank = 0;
    int depth = 0;
    for (size_t m = s; m < nk && n < XC_MAXE; m++) {
        int brk = 0;
        if (k[m].kind == 'o')
            depth++;
        if (k[m].kind == 'c' && depth > 0)
            depth--;
        if (k[m].inq || depth > 0)
            continue;
        if (m > s && (k[m].kind == ',' || k[m].kind == ';' || k[m].kind == ':' ||
                      k[m].kind == '-' || k[m].kind == '('))
            brk = 1;
        if (m > s + 1 && k[m].kind == 'w' && in_list(x, "content-breaks", t, &k[m]))
            brk = 1;
        if (brk) {
            xcend *E = &ends[n++];
            memset(E, 0, sizeof *E);
            E->at = k[m].s;
            E->tok = m;
            xfs *f = &E->f;
            const char *bt = val(t, k, nk, (long)m, b1);
            char btv[32];
            snprintf(btv, sizeof btv, "%s", bt);
            fs_add(f, "b=%s", btv);
            const char *bn = val(t, k, nk, (long)m + 1, b2);
            fs_add(f, "bn=%s", bn);
            fs_add(f, "b=%s|bn=%s", btv, bn);
            fs_add(f, "bp=%s", val(t, k, nk, (long)m - 1, b2));
            fs_add(f, "bw=%s", bucket(nw));
            fs_add(f, "b=%s|bw=%s", btv, bucket(nw));
            size_t rest = 0;
            for (size_t r = m + 1; r < nk; r++)
                rest += k[r].kind == 'w';
            fs_add(f, "br=%s", bucket(rest));
            for (size_t r = m + 1; r < nk && r <= m + 3; r++)
                if (is_cue(x, t, &k[r]) || is_word(&k[r], t, "according")) {
                    fs_add(f, "bv");
                    break;
                }
            if (m + 1 < nk && k[m + 1].kind == 'w' && x_is_upper_at(t, k[m + 1].e, k[m + 1].s))
                fs_add(f, "bc");
            /* the shape of the words after the break: "but stopped short",
               ", and his office released": a second verb starts a clause */
            const char *sh = "-";
            for (size_t r = m + 1; r < nk && r <= m + 4 && k[r].kind == 'w'; r++) {
                const char *w0 = t + k[r].s;
                size_t wl = k[r].e - k[r].s;
                if (wl > 3 && !strncmp(w0 + wl - 2, "ed", 2)) {
                    sh = r == m + 1 ? "ed1" : "ed";
                    break;
                }
                if (is_cue(x, t, &k[r])) {
                    sh = "cue";
                    break;
                }
            }
            fs_add(f, "bs=%s", sh);
            fs_add(f, "b=%s|bs=%s", btv, sh);
            fs_add(f, "bk=%s", bucket(++rank));
            fs_add(f, "c=%s|b=%s", cue, btv);
        }
        nw += k[m].kind == 'w';
    }
    /* the sentence end (before a final stop, after a closing mark) */
    size_t last = nk;
    while (last > s && (k[last - 1].kind == '.' || k[last - 1].kind == '?' ||
                        k[last - 1].kind == '!' || k[last - 1].kind == ')'))
        last--;
    if (last > s) {
        if (n == XC_MAXE)
            n--;
        xcend *E = &ends[n++];
        memset(E, 0, sizeof *E);
        E->at = k[last - 1].e;
        E->tok = last;
        fs_add(&E->f, "b=$");
        fs_add(&E->f, "bw=%s", bucket(words_to_end));
        fs_add(&E->f, "b=$|bw=%s", bucket(words_to_end));
        fs_add(&E->f, "bk=%s", bucket(++rank));
        fs_add(&E->f, "c=%s|b=$", cue);
    }
    return n;
}

/* The subject of the sentence k[0..nk), for a cue with no speaker words
** of its own ("..., saying ...", "X went on TV to say ..."): past a
** dateline ("WASHINGTON (AFP) —") and a fronted phrase up to its comma
** ("After the vote, ..."), a pronoun or a run of capitalised words (an
** article, "of" and the like inside).  Empty when the sentence opens
** otherwise. */
static xspan subject(const tr_extractor *x, const char *t, const xctok *k, size_t nk, size_t before)
{
    size_t a = 0;
    for (size_t m = 0; m < nk && m < 8; m++)
        if (k[m].kind == '-') {
            a = m + 1;
            break;
        }
    size_t n0 = a < nk ? k[a].e - k[a].s : 0;
    if (a < nk && k[a].kind == 'w' &&
        (in_list(x, "prepositions", t, &k[a]) || in_list(x, "clause-starts", t, &k[a]) ||
         in_list(x, "fronted-words", t, &k[a]) ||
         (n0 > 4 && !strncmp(t + k[a].e - 3, "ing", 3)) || (t[k[a].s] >= '0' && t[k[a].s] <= '9') ||
         is_word(&k[a], t, "One"))) {
        size_t m = a;
        while (m < nk && m < before && k[m].kind != ',')
            m++;
        a = m + 1;
    }
    if (a >= nk || a >= before || k[a].kind != 'w')
        return (xspan){0, 0};
    if (in_list(x, "pronouns-person", t, &k[a]) || in_list(x, "pronouns-group", t, &k[a]))
        return (xspan){k[a].s, k[a].e};
    size_t e = a;
    if (is_word(&k[e], t, "the"))
        e++;
    size_t first = e;
    if (e < nk && (is_word(&k[e], t, "a") || is_word(&k[e], t, "an") || is_wday(t, &k[e]) ||
                   in_list(x, "not-subject", t, &k[e])))
        return (xspan){0, 0};
    while (e < nk && e < before && k[e].kind == 'w' &&
           (x_is_upper_at(t, k[e].e, k[e].s) ||
            (e > first && (is_word(&k[e], t, "of") || is_word(&k[e], t, "the")) && e + 1 < nk &&
             x_is_upper_at(t, k[e + 1].e, k[e + 1].s))))
        e++;
    if (e == first)
        return (xspan){0, 0};
    return (xspan){k[a].s, k[e - 1].e};
}

/* Candidate cue at token i of k[0..nk) (sentence tokens): 1 and *c filled
** when token i is a cue word outside quotations; 0 otherwise.  The caller
** checks that no pattern statement already took it. */
int x_cue_at(const tr_extractor *x, const char *t, const xctok *k, size_t nk, size_t i, int pat,
             xcand *c)
{
    if (k[i].kind != 'w' || k[i].inq || !is_cue(x, t, &k[i]) || in_list(x, "not-cues", t, &k[i]))
        return 0;
    memset(c, 0, sizeof *c);
    char b1[32], cue[32];
    low(t, &k[i], cue);
    c->cue = (xspan){k[i].s, k[i].e};
    size_t ci = i; /* the cue's last token */
    if (i + 1 < nk && k[i + 1].kind == 'w') { /* "pointed out", "called for" */
        char two[72];
        snprintf(two, sizeof two, "%.*s %.*s", (int)(k[i].e - k[i].s), t + k[i].s,
                 (int)(k[i + 1].e - k[i + 1].s), t + k[i + 1].s);
        if (x_list_has(x_list(x, "speech-verbs-more"), two, strlen(two), 1) ||
            x_list_has(x_list(x, "object-verbs"), two, strlen(two), 1) ||
            x_list_has(x_list(x, "speech-verbs-ing"), two, strlen(two), 1) ||
            x_list_has(x_list(x, "cue-words"), two, strlen(two), 1)) {
            ci = i + 1;
            c->cue.e = k[i + 1].e;
        }
    }
    /* the speaker: left past the auxiliaries and adverbs, then a noun phrase */
    const char *aux = NULL;
    long j = (long)i - 1;
    while (j >= 0 && (pre_verb(x, t, &k[j], &aux) ||
                      (is_word(&k[j], t, "on") && j + 1 < (long)i && is_wday(t, &k[j + 1]))))
        j--;
    if (j >= 2 && k[j].kind == ')') { /* "Sen. Elizabeth Warren (D-MA) said" */
        long o = j - 1;
        while (o >= 0 && o > j - 8 && k[o].kind != '(')
            o--;
        if (o >= 1 && k[o].kind == '(')
            j = o - 1;
    }
    long ne = j; /* the noun phrase's last token */
    while (j >= 0 && !np_stop(x, t, &k[j]) && ne - j < 10)
        j--;
    const char *sk = "none";
    if (ne > j) {
        c->speaker = (xspan){k[j + 1].s, k[ne].e};
        int cap = 0;
        for (long m = j + 1; m <= ne; m++)
            if (x_is_upper_at(t, k[m].e, k[m].s) && (m > 0 || ne == m))
                cap = 1;
        sk = ne == j + 1 && (in_list(x, "pronouns-person", t, &k[ne]) ||
                             in_list(x, "pronouns-group", t, &k[ne]))
                 ? "pron"
             : cap ? "name"
                   : "np";
    } else if (j >= 1 && (is_word(&k[j], t, "who") || is_word(&k[j], t, "which")) &&
               k[j - 1].kind == ',') {
        /* "lawmakers, who said": the phrase before the comma */
        long e2 = j - 2, s2 = e2;
        while (s2 >= 0 && !np_stop(x, t, &k[s2]) && e2 - s2 < 8)
            s2--;
        if (e2 > s2) {
            c->speaker = (xspan){k[s2 + 1].s, k[e2].e};
            sk = "who";
        }
    }
    size_t spw = ne > j ? (size_t)(ne - j) : 0;
    if (!strcmp(sk, "none") || (aux && !strcmp(aux, "to"))) {
        c->speaker = subject(x, t, k, nk, i);
        sk = c->speaker.e > c->speaker.s ? "subj" : "none";
    }
    /* the content's start */
    size_t s = ci + 1;
    const char *that = "no";
    if (s < nk && k[s].kind == ',')
        s++;
    if (s < nk && is_word(&k[s], t, "that")) {
        s++;
        that = "near";
    } else {
        for (size_t m = s; m < nk && m < s + 10; m++) {
            if (k[m].kind != 'w')
                break;
            if (is_word(&k[m], t, "that") && m > s) {
                that = "far";
                s = m + 1;
                break;
            }
        }
        if (!strcmp(that, "no")) {
            if (s < nk && is_word(&k[s], t, "on") && s + 1 < nk && is_wday(t, &k[s + 1]))
                s += 2;
            else if (s < nk && is_wday(t, &k[s]))
                s++;
            if (s < nk && k[s].kind == ',')
                s++;
        }
    }
    if (s >= nk || k[s].kind == '.' || k[s].kind == '?' || k[s].kind == '!' || k[s].kind == ')')
        return 0;
    c->cs = k[s].s;
    c->first = s;
    c->nends = x_ends(x, t, k, nk, s, cue, c->ends);
    size_t words_to_end = 0;
    for (size_t m = s; m < nk; m++)
        words_to_end += k[m].kind == 'w';
    if (!c->nends)
        return 0;
    /* the cue's features */
    xfs *f = &c->f;
    fs_add(f, "c=%s", cue);
    if (ci > i)
        fs_add(f, "c2=%s %s", cue, val(t, k, nk, (long)ci, b1));
    else
        fs_add(f, "c2=%s %s", cue, val(t, k, nk, (long)i + 1, b1));
    const char *v = val(t, k, nk, (long)i - 1, b1);
    fs_add(f, "p1=%s", v);
    fs_add(f, "c=%s|p1=%s", cue, v);
    fs_add(f, "p2=%s", val(t, k, nk, (long)i - 2, b1));
    v = val(t, k, nk, (long)ci + 1, b1);
    fs_add(f, "n1=%s", v);
    fs_add(f, "c=%s|n1=%s", cue, v);
    fs_add(f, "n2=%s", val(t, k, nk, (long)ci + 2, b1));
    fs_add(f, "sk=%s", sk);
    fs_add(f, "c=%s|sk=%s", cue, sk);
    fs_add(f, "sw=%s", bucket(spw));
    fs_add(f, "aux=%s", aux ? aux : "-");
    fs_add(f, "that=%s", that);
    fs_add(f, "c=%s|that=%s", cue, that);
    fs_add(f, "st=%s", k[s].kind == 'o' ? "quote" : k[s].kind != 'w' ? "mark"
                       : x_is_upper_at(t, k[s].e, k[s].s) ? "cap" : "low");
    fs_add(f, "cl=%s", bucket(words_to_end));
    size_t wi = 0;
    for (size_t m = 0; m < i; m++)
        wi += k[m].kind == 'w';
    fs_add(f, "pos=%s", bucket(wi));
    if (nk && k[nk - 1].kind == '?')
        fs_add(f, "q");
    if (nk && k[nk - 1].kind != '.' && k[nk - 1].kind != '?' && k[nk - 1].kind != '!' &&
        k[nk - 1].kind != 'c')
        fs_add(f, "hl");
    if (pat)
        fs_add(f, "pat");
    return 1;
}
