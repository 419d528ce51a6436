/*
** extract.c: the driver.  Text -> quotations (quotes.c) -> sentences
** (sentences.c) -> per sentence: attribution of each quotation (the
** "after" rules on the words after it, then the "before" rules on the
** words before it), then the "reported" rules on the rest of the
** sentence -> speakers (speaker.c) -> dates (when.c).
**
** Continuity, as a careful reader applies it:
**   - a quotation that opens a sentence with no attribution of its own
**     right after an attributed one continues it: a second part of the
**     same statement when only the attribution stands between, in the
**     same paragraph (a split quote: its parts are kept as spans, the
**     text is the parts joined by " … "), else a new direct statement of
**     the same speaker; a quotation continued across paragraphs is one
**     statement a paragraph;
**   - every text is the article's bytes at its span(s): nothing is
**     rewritten;
**   - a quotation inside a sentence that has no attribution is a partial
**     quote, part of the reported clause around it;
**   - a statement with no date words of its own takes the date of the
**     statement before when it has the same speaker (or is a member of
**     that group) and is in the same or the next paragraph; otherwise the
**     publication day.
*/
#include "x_internal.h"
#include "x_speaker.h"
#include "x_when.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define REGION_MAX 4096 /* longest sentence the reported rules look at */
#define ATTR_MAX 600    /* longest attribution before/after a quote */
#define SPLIT_GAP 120   /* longest attribution between a split quote's parts */

typedef struct xmeta {
    int64_t lo, hi;
    size_t para, sent;
    size_t cue_end;  /* end of the attribution of a direct quote */
    int after;       /* attributed by the words after the quote */
} xmeta;

/* Where a statement is and what frames it, for emit. */
typedef struct xwhere {
    const xspan *parts; /* the text's parts, in order */
    size_t nparts;
    xspan context;      /* the framing sentence(s) */
} xwhere;

typedef struct drv {
    const tr_extractor *x;
    const char *t;
    size_t len;
    const tr_extract_opts *o;
    int64_t pub;
    int blank; /* paragraphs are separated by blank lines */
    xquote *q;
    size_t nq;
    xsent *S;
    size_t ns;
    xpeople people;
    pcre2_match_data *md;
    pcre2_match_context *mc;
    tr_statement_list *out;
    xmeta *meta;
    size_t mcap;
    size_t lp, lg; /* index + 1 of the last person / group statement */
    /* the last sentence with date words of its own (an episode's date:
       "The Kremlin on Friday dismissed ...", then Peskov's quote) */
    int ep;          /* 1 when there is one */
    int64_t ep_lo, ep_hi;
    size_t ep_para, ep_sent;
    xspan ep_sentence, ep_expr;
    /* "Obama also said:" ending a paragraph: its speaker, for the bulleted
       paragraphs under it */
    xresolved list_who;
    int list_on;
    xspan list_cue, list_ctx;
    /* what the pattern rules took in the sentence at hand (texts, cues):
       the cue layer looks only at the words outside it */
    xspan cov[128];
    size_t ncov;
    size_t absorbed;  /* index + 1 of a sentence taken whole as the
                         attribution of the quote that ends the one before */
    xcand *cand;      /* the cue layer's scratch candidate */
    x_cand_cb cb;     /* the trainer's: sees every candidate, emits nothing */
    void *cb_ctx;
} drv;

typedef struct att {
    size_t qi;
    int how; /* 1 after, 2 before, 3 continues the previous quote */
    const char *rule;
    xspan speaker, appos, cue;
} att;

static char *dupn(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = 0;
    }
    return p;
}

static int is_sp(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* 1 when t[s..e) ends with the word w (after white space). */
static int ends_with_word(const char *t, xspan x, const char *w)
{
    size_t n = strlen(w);
    return x.e - x.s > n && !memcmp(t + x.e - n, w, n) &&
           (t[x.e - n - 1] == ' ' || t[x.e - n - 1] == '\n');
}

/* Trims white space and , ; : from both ends of [s, e), and a dangling
** "and" or "but" from its end ("Moscow could not be trusted, and"). */
static xspan trim(const char *t, xspan x)
{
    for (int again = 1; again;) {
        again = 0;
        while (x.e > x.s && (is_sp(t[x.e - 1]) || t[x.e - 1] == ','))
            x.e--;
        if (ends_with_word(t, x, "and") || ends_with_word(t, x, "but")) {
            x.e -= 3;
            again = 1;
        }
    }
    while (x.e > x.s && t[x.e - 1] == '.' && (x.e - x.s < 2 || t[x.e - 2] != '.') &&
           !(x.e - x.s >= 4 && t[x.e - 3] == '.'))
        x.e--;
    while (x.s < x.e && (is_sp(t[x.s]) || t[x.s] == ',' || t[x.s] == ';' || t[x.s] == ':'))
        x.s++;
    while (x.e > x.s && (is_sp(t[x.e - 1]) || t[x.e - 1] == ',' || t[x.e - 1] == ';' ||
                         t[x.e - 1] == ':'))
        x.e--;
    return x;
}

static int match(drv *d, const xpat *p, size_t rs, size_t re, uint32_t opt)
{
    if (re < rs)
        return -1;
    return pcre2_match(p->re, (PCRE2_SPTR)(d->t + rs), re - rs, 0, opt | PCRE2_NO_UTF_CHECK,
                       d->md, d->mc);
}

static int grp(drv *d, const xpat *p, size_t rs, int g, xspan *out)
{
    int k = p->g[g];
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(d->md);
    if (k < 0 || (uint32_t)k >= pcre2_get_ovector_count(d->md) || ov[2 * k] == PCRE2_UNSET) {
        out->s = out->e = 0;
        return 0;
    }
    out->s = rs + ov[2 * k];
    out->e = rs + ov[2 * k + 1];
    return out->e > out->s;
}

static void whole(drv *d, size_t rs, xspan *out)
{
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(d->md);
    out->s = rs + ov[0];
    out->e = rs + ov[1];
}

/* The parts of quotation q: its content, one part a paragraph (a quote
** continued across paragraphs loses the line break and the mark that
** reopens it), each trimmed of white space and a trailing comma.  Fills
** at most max parts; returns how many. */
static size_t quote_parts(drv *d, const xquote *q, xspan *out, size_t max)
{
    size_t n = 0, s = q->cs;
    for (size_t i = q->cs; i <= q->ce; i++) {
        size_t np = i, nx;
        int brk = i == q->ce ||
                  (d->t[i] == '\n' && x_para_break(d->t, d->len, i, d->blank, &np));
        if (!brk)
            continue;
        xspan c = {s, i};
        while (c.s < c.e && is_sp(d->t[c.s]))
            c.s++;
        if (c.s < c.e && s != q->cs && x_is_open_mark(x_mark_at(d->t, d->len, c.s, &nx)))
            c.s = nx;
        while (c.e > c.s && (is_sp(d->t[c.e - 1]) || d->t[c.e - 1] == ','))
            c.e--;
        if (c.e > c.s) {
            if (n == max)
                out[n - 1].e = c.e;
            else
                out[n++] = c;
        }
        if (i == q->ce)
            break;
        s = np;
        i = np - 1;
    }
    return n;
}

/* The parts' bytes joined by " … " (a new string, or NULL). */
static char *join_parts(const char *t, const size_t (*parts)[2], size_t n)
{
    static const char sep[] = " \xE2\x80\xA6 ";
    size_t len = 0;
    for (size_t i = 0; i < n; i++)
        len += parts[i][1] - parts[i][0] + (i ? sizeof sep - 1 : 0);
    char *p = malloc(len + 1), *w = p;
    if (!p)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        if (i) {
            memcpy(w, sep, sizeof sep - 1);
            w += sizeof sep - 1;
        }
        memcpy(w, t + parts[i][0], parts[i][1] - parts[i][0]);
        w += parts[i][1] - parts[i][0];
    }
    *w = 0;
    return p;
}

/* Adds part (after the last) to statement st: spans, span and text. */
static int add_part(drv *d, tr_statement *st, xspan part)
{
    if (st->nspans >= TR_MAX_SPANS)
        return 1;
    st->spans[st->nspans][0] = part.s;
    st->spans[st->nspans][1] = part.e;
    st->nspans++;
    st->span[1] = part.e;
    char *t = join_parts(d->t, (const size_t (*)[2])st->spans, st->nspans);
    if (!t)
        return -1;
    free(st->text);
    st->text = t;
    return 0;
}

static int same_event(const char *prev, const char *cur)
{
    return !strcmp(prev, cur) || (strlen(cur) > strlen(prev) &&
                                  !strcmp(cur + strlen(cur) - strlen(prev), prev));
}

/* 1 when the capitalised word w[0..n) (3 letters or more) is in t[in]. */
static int word_in(drv *d, xspan in, const char *w, size_t n)
{
    if (n < 3)
        return 0;
    for (size_t i = in.s; i + n <= in.e; i++)
        if (!memcmp(d->t + i, w, n) && (i == in.s || !isalnum((unsigned char)d->t[i - 1])) &&
            (i + n == in.e || !isalnum((unsigned char)d->t[i + n])))
            return 1;
    return 0;
}

/* 1 when a capitalised word of the NUL-terminated s (past the first
** word of a sentence) also stands in t[in]. */
static int shares_name_str(drv *d, xspan in, const char *s)
{
    for (const char *p = s; *p;) {
        while (*p && !isalnum((unsigned char)*p) && !((unsigned char)*p & 0x80))
            p++;
        const char *q = p;
        while (*q && (isalnum((unsigned char)*q) || ((unsigned char)*q & 0x80) || *q == '-'))
            q++;
        if (q > p && x_is_upper_at(p, (size_t)(q - p), 0) &&
            !x_list_has(x_list(d->x, "not-names"), p, (size_t)(q - p), 0) &&
            word_in(d, in, p, (size_t)(q - p)))
            return 1;
        p = q;
    }
    return 0;
}

/* shares_name_str for the words of t[x]. */
static int shares_name(drv *d, xspan in, xspan x)
{
    char buf[256];
    size_t n = x.e - x.s < sizeof buf - 1 ? x.e - x.s : sizeof buf - 1;
    memcpy(buf, d->t + x.s, n);
    buf[n] = 0;
    return shares_name_str(d, in, buf);
}

static tr_status sentence_statements(drv *d, size_t si, tr_err *err);

/* Appends a statement: who (taken over), the parts of its text (the
** article's bytes, joined by " … "), its cue (or a copy of cue_copy when
** not NULL), dated from dr minus the exclusions, framed by w->context. */
static tr_status emit(drv *d, const xsent *S, size_t si, xspan dr, xresolved *who,
                      const xwhere *w, const char *mode, const char *rule, xspan cue,
                      const char *cue_copy, const xspan *ex, size_t nex, size_t cue_end,
                      int after, tr_err *err)
{
    tr_statement_list *L = d->out;
    if (L->n == L->cap) {
        size_t nc = L->cap ? L->cap * 2 : 16;
        tr_statement *nv = realloc(L->items, nc * sizeof *nv);
        if (!nv)
            goto oom;
        L->items = nv;
        L->cap = nc;
    }
    if (d->mcap < L->cap) {
        xmeta *nm = realloc(d->meta, L->cap * sizeof *nm);
        if (!nm)
            goto oom;
        d->meta = nm;
        d->mcap = L->cap;
    }
    xdate dt;
    size_t re = dr.e - dr.s > REGION_MAX ? dr.s + REGION_MAX : dr.e;
    /* the date words of the attribution itself first ("..., Rubio told
       voters here Sunday"), then the rest of the sentence */
    int f = 0;
    if (!cue_copy && cue.e > cue.s && cue.s >= dr.s && cue.e <= re)
        f = x_find_date(d->x, d->t, cue.s, cue.e, ex, nex, d->pub, d->md, d->mc, &dt);
    if (!f)
        f = x_find_date(d->x, d->t, dr.s, re, ex, nex, d->pub, d->md, d->mc, &dt);
    if (f < 0)
        goto oom;
    tr_statement st;
    memset(&st, 0, sizeof st);
    xmeta m = {d->pub, d->pub, S->para, si, cue_end, after};
    const tr_statement *prev = L->n ? &L->items[L->n - 1] : NULL;
    const xmeta *pm = L->n ? &d->meta[L->n - 1] : NULL;
    if (f && dt.later && !pm)
        f = 0;
    const xmeta *lm = pm; /* "later" than this speaker's last statement */
    for (size_t i = L->n, k = 0; f && dt.later && i > 0 && k < 256; i--, k++)
        if (!strcmp(L->items[i - 1].speaker, who->speaker)) {
            lm = &d->meta[i - 1];
            break;
        }
    if (f) {
        m.lo = dt.later ? lm->lo : dt.lo;
        m.hi = dt.later ? d->pub : dt.hi;
        if (!(st.date_expr = dupn(d->t + dt.expr.s, dt.expr.e - dt.expr.s)))
            goto oom;
    } else if (prev && pm->para + 1 >= S->para && same_event(prev->speaker, who->speaker) &&
               !(d->ep && d->ep_sent > pm->sent && d->ep_sent < si)) {
        /* the speaker goes on: the date of the statement before, unless a
           dated sentence came between (a statement missed there must not
           pass on an older date) */
        m.lo = pm->lo;
        m.hi = pm->hi;
        if (prev->date_expr && !(st.date_expr = dupn(prev->date_expr, strlen(prev->date_expr))))
            goto oom;
    } else if (d->ep && d->ep_sent < si && d->ep_para + 1 >= S->para &&
               (shares_name(d, d->ep_sentence, cue) || shares_name_str(d, d->ep_sentence, who->speaker))) {
        /* the episode's date: an earlier sentence of the same or the
           previous paragraph dated it and names the speaker or its
           organisation ("The Kremlin on Friday ..." / "Kremlin spokesman") */
        m.lo = d->ep_lo;
        m.hi = d->ep_hi;
        if (!(st.date_expr = dupn(d->t + d->ep_expr.s, d->ep_expr.e - d->ep_expr.s)))
            goto oom;
    }
    char buf[64];
    x_format_interval(m.lo, m.hi, buf, sizeof buf);
    st.date = dupn(buf, strlen(buf));
    if (!who->side) /* the side an earlier statement of the same speaker had */
        for (size_t i = L->n, k = 0; i > 0 && k < 256 && !who->side; i--, k++)
            if (L->items[i - 1].side && !strcmp(L->items[i - 1].speaker, who->speaker) &&
                !(who->side = dupn(L->items[i - 1].side, strlen(L->items[i - 1].side))))
                goto oom;
    if (cue_copy)
        st.cue = dupn(cue_copy, strlen(cue_copy));
    else {
        cue = trim(d->t, cue);
        st.cue = dupn(d->t + cue.s, cue.e - cue.s);
    }
    st.speaker = who->speaker;
    st.side = who->side;
    st.speaker_kind = who->kind;
    st.ambiguous = who->ambiguous;
    st.ambiguity = who->reason;
    memset(who, 0, sizeof *who);
    st.mode = mode;
    st.rule = rule;
    for (size_t i = 0; i < w->nparts && i < TR_MAX_SPANS; i++) {
        st.spans[i][0] = w->parts[i].s;
        st.spans[i][1] = w->parts[i].e;
        st.nspans++;
    }
    st.span[0] = st.spans[0][0];
    st.span[1] = st.spans[st.nspans - 1][1];
    st.text = join_parts(d->t, (const size_t (*)[2])st.spans, st.nspans);
    st.context_span[0] = w->context.s;
    st.context_span[1] = w->context.e;
    st.context = dupn(d->t + w->context.s, w->context.e - w->context.s);
    for (size_t i = 0; strcmp(rule, "cue_model") && i <= st.nspans && d->ncov < 128; i++)
        d->cov[d->ncov++] = i < st.nspans ? (xspan){st.spans[i][0], st.spans[i][1]}
                                           : (cue_copy ? (xspan){0, 0} : cue);
    L->items[L->n] = st;
    d->meta[L->n] = m;
    L->n++;
    if (!st.date || !st.cue || !st.text || !st.context)
        return tr_errf(err, TR_ESOFTWARE, "out of memory");
    if (st.speaker_kind == TR_SPEAKER_PERSON)
        d->lp = L->n;
    else if (st.speaker_kind == TR_SPEAKER_GROUP)
        d->lg = L->n;
    return TR_OK;
oom:
    x_resolved_free(who);
    return tr_errf(err, TR_ESOFTWARE, "out of memory");
}

static tr_status resolve(drv *d, xspan sp, xspan ap, xresolved *r, tr_err *err)
{
    xprev lp, lg;
    const tr_statement_list *L = d->out;
    xspan w = trim(d->t, sp);
    char want = x_pronoun_gender(d->t + w.s, w.e - w.s);
    size_t pick = d->lp;
    /* "she": the nearest earlier person speaker who can be a she */
    for (size_t i = d->lp, k = 0; want && i > 0 && k < 64; i--, k++) {
        const tr_statement *p = &L->items[i - 1];
        if (p->speaker_kind != TR_SPEAKER_PERSON)
            continue;
        char g = x_gender_of(d->x, d->o, p->speaker);
        if (!g || g == want) {
            pick = i;
            break;
        }
    }
    if (pick) {
        const tr_statement *p = &L->items[pick - 1];
        lp = (xprev){p->speaker, p->side, p->speaker_kind, p->span[0]};
    }
    if (d->lg) {
        const tr_statement *p = &L->items[d->lg - 1];
        lg = (xprev){p->speaker, p->side, p->speaker_kind, p->span[0]};
    }
    if (x_resolve_speaker(d->x, d->t, sp, ap, &d->people, pick ? &lp : NULL,
                          d->lg ? &lg : NULL, d->o, r))
        return tr_errf(err, TR_ESOFTWARE, "out of memory");
    return TR_OK;
}

/* A copy of statement p's speaker, for a statement that continues it. */
static int same_speaker(const tr_statement *p, xresolved *who)
{
    memset(who, 0, sizeof *who);
    who->speaker = dupn(p->speaker, strlen(p->speaker));
    who->side = p->side ? dupn(p->side, strlen(p->side)) : NULL;
    who->kind = p->speaker_kind;
    if (!who->speaker || (p->side && !who->side)) {
        x_resolved_free(who);
        return -1;
    }
    return 0;
}

/* 1 when t[s..e) is all white space. */
static int blank(const char *t, size_t s, size_t e)
{
    for (size_t i = s; i < e; i++)
        if (!is_sp(t[i]))
            return 0;
    return 1;
}

/* "“Why not?” Rubio said.": quotation qi ends sentence S with its own
** . ? or !, and the next sentence of the paragraph, on the same line and
** holding no quotation, is all an attribution (an "after" rule matches
** it whole).  1 with *a filled and that sentence marked as taken. */
static int attribute_next(drv *d, const xsent *S, size_t qi, att *a)
{
    const xquote *q = &d->q[qi];
    size_t si = (size_t)(S - d->S);
    if (qi + 1 != S->q1 || !blank(d->t, q->close, S->e) || si + 1 >= d->ns)
        return 0;
    const xsent *N = &d->S[si + 1];
    if (N->para != S->para || N->q0 != N->q1 || N->e - N->s > ATTR_MAX ||
        !blank(d->t, q->close, N->s) || memchr(d->t + q->close, '\n', N->s - q->close))
        return 0;
    size_t ne = N->e;
    while (ne > N->s && (is_sp(d->t[ne - 1]) || d->t[ne - 1] == '.'))
        ne--;
    for (size_t i = 0; i < d->x->npats; i++) {
        const xpat *p = &d->x->pats[i];
        if (p->kind != PK_AFTER || match(d, p, N->s, N->e, 0) < 0)
            continue;
        xspan all;
        whole(d, N->s, &all);
        if (all.e < ne)
            continue;
        grp(d, p, N->s, G_SPEAKER, &a->speaker);
        grp(d, p, N->s, G_APPOS, &a->appos);
        a->cue = (xspan){N->s, ne};
        a->how = 1;
        a->rule = p->name;
        d->absorbed = si + 2;
        return 1;
    }
    return 0;
}

/* Attributes quotation qi of sentence S; 1 with *a filled when some rule
** matched (the words after it, before it, or the next sentence). */
static int attribute(drv *d, const xsent *S, size_t qi, att *a)
{
    const xquote *q = &d->q[qi];
    size_t next = qi + 1 < S->q1 ? d->q[qi + 1].open : S->e;
    if (next < q->close)
        next = q->close;
    size_t te = next - q->close > ATTR_MAX ? q->close + ATTR_MAX : next;
    size_t prevc = qi > S->q0 ? d->q[qi - 1].close : S->s;
    size_t ls = q->open - prevc > ATTR_MAX ? q->open - ATTR_MAX : prevc;
    while (ls < q->open && ((unsigned char)d->t[ls] & 0xC0) == 0x80)
        ls++;
    memset(a, 0, sizeof *a);
    a->qi = qi;
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < d->x->npats; i++) {
            const xpat *p = &d->x->pats[i];
            if (p->kind != (pass ? PK_BEFORE : PK_AFTER))
                continue;
            size_t rs = pass ? ls : q->close, re = pass ? q->open : te;
            if (match(d, p, rs, re, 0) < 0)
                continue;
            grp(d, p, rs, G_SPEAKER, &a->speaker);
            grp(d, p, rs, G_APPOS, &a->appos);
            whole(d, rs, &a->cue);
            if (pass)
                a->cue.s = a->speaker.s;
            a->how = pass ? 2 : 1;
            a->rule = p->name;
            return 1;
        }
    return attribute_next(d, S, qi, a);
}

/* 1 when t[s..e) holds only white space and , . ; : (what stands between
** the parts of a split quote once the attribution is taken away). */
static int only_punct(const char *t, size_t s, size_t e)
{
    for (size_t i = s; i < e; i++)
        if (!is_sp(t[i]) && t[i] != '.' && t[i] != ',' && t[i] != ';' && t[i] != ':')
            return 0;
    return 1;
}

/* 1 when the attribution before an opening quote mark at t[o] (looking
** back no further than s) ends the way a split quote's does: with , . ;
** : a dash or ", and" right before the mark ("”, Smith said, “..."), not
** running into a title or a quoted phrase ("said on CNN's “State of the
** Union”"). */
static int ends_split(const char *t, size_t s, size_t o)
{
    for (;;) { /* spaces and closing marks: "“A,” “B”" */
        if (o > s && (is_sp(t[o - 1]) || t[o - 1] == '"' || t[o - 1] == '\''))
            o--;
        else if (o >= s + 3 && (!memcmp(t + o - 3, "\xE2\x80\x9D", 3) ||
                                !memcmp(t + o - 3, "\xE2\x80\x99", 3)))
            o -= 3;
        else
            break;
    }
    if (o >= s + 3 && !memcmp(t + o - 3, "\xE2\x80\x94", 3)) /* — */
        return 1;
    /* "..., and “B”" */
    if (o >= s + 5 && (!memcmp(t + o - 4, " and", 4) || !memcmp(t + o - 4, " but", 4)) &&
        t[o - 5] == ',')
        return 1;
    return o > s && (t[o - 1] == ',' || t[o - 1] == '.' || t[o - 1] == ';' || t[o - 1] == ':' ||
                     t[o - 1] == '-');
}

/* The number of words (runs of non-space) in t[x]. */
static size_t words(const char *t, xspan x)
{
    size_t n = 0;
    for (size_t i = x.s; i < x.e; i++)
        if (!is_sp(t[i]) && (i == x.s || is_sp(t[i - 1])))
            n++;
    return n;
}

/* One match of a reported rule. */
typedef struct rmatch {
    xspan sp, ap, cl, cl2, vb, via, all;
    const char *rule;
} rmatch;

/* 1 when t[w] is a first name (names-female.txt, names-male.txt,
** names-unisex.txt), a title
** (titles.txt) or the surname of a full name in the article. */
static int known_name_word(drv *d, xspan w)
{
    const char *s = d->t + w.s;
    size_t n = w.e - w.s;
    if (x_list_has(x_list(d->x, "names-female"), s, n, 0) ||
        x_list_has(x_list(d->x, "names-male"), s, n, 0) ||
        x_list_has(x_list(d->x, "names-unisex"), s, n, 0) || x_list_has(x_list(d->x, "titles"), s, n, 0))
        return 1;
    for (size_t i = 0; i < d->people.nu; i++)
        if (strlen(d->people.u[i].surname) == n && !memcmp(d->people.u[i].surname, s, n))
            return 1;
    return 0;
}

/* Tries the reported rules, anchored at rs, on text[rs..re); 1 with *m
** filled for the first that matches with a clause of 3 bytes or more. */
static int try_reported(drv *d, size_t rs, size_t re, rmatch *m)
{
    for (size_t i = 0; i < d->x->npats; i++) {
        const xpat *p = &d->x->pats[i];
        if (p->kind != PK_REPORTED || match(d, p, rs, re, 0) < 0)
            continue;
        grp(d, p, rs, G_SPEAKER, &m->sp);
        grp(d, p, rs, G_APPOS, &m->ap);
        grp(d, p, rs, G_CLAUSE, &m->cl);
        grp(d, p, rs, G_CLAUSE2, &m->cl2);
        grp(d, p, rs, G_VERB, &m->vb);
        grp(d, p, rs, G_VIA, &m->via);
        whole(d, rs, &m->all);
        m->rule = p->name;
        xspan fw; /* (?<first>...): a first name, a title or a known surname */
        if (grp(d, p, rs, G_FIRST, &fw) && !known_name_word(d, fw))
            continue;
        for (int k = 0; k < 2; k++) {
            xspan *c = k ? &m->cl2 : &m->cl;
            if (c->e <= c->s)
                continue;
            *c = trim(d->t, *c);
            while (c->e > c->s && (d->t[c->e - 1] == '.' || is_sp(d->t[c->e - 1])))
                c->e--;
        }
        /* what was said ends at a semicolon: "A said B; C said D" */
        const char *semi = memchr(d->t + m->cl.s, ';', m->cl.e - m->cl.s);
        if (semi && m->cl2.e <= m->cl2.s)
            m->cl = trim(d->t, (xspan){m->cl.s, (size_t)(semi - d->t)});
        if (m->cl.e - m->cl.s < 3 || words(d->t, m->cl) < 2)
            continue;
        if (m->cl2.e <= m->cl2.s + 2)
            m->cl2.s = m->cl2.e = 0;
        return 1;
    }
    return 0;
}

/* The next place in text[i..e) where a clause may start: after "; ", or
** after ", " (strong: only before a word of clause-openers.txt, which is
** then skipped: ", but X said").  e when there is none. */
static size_t next_clause(drv *d, size_t i, size_t e, int strong)
{
    const xlist *op = x_list(d->x, "clause-openers");
    for (; i < e; i++) {
        char c = d->t[i];
        if (c != ',' && c != ';')
            continue;
        size_t k = i + 1;
        while (k < e && is_sp(d->t[k]))
            k++;
        if (k >= e)
            return e;
        size_t w = k;
        while (w < e && ((d->t[w] >= 'a' && d->t[w] <= 'z') || (d->t[w] >= 'A' && d->t[w] <= 'Z')))
            w++;
        int opener = w > k && x_list_has(op, d->t + k, w - k, 1);
        if (opener) {
            while (w < e && is_sp(d->t[w]))
                w++;
            return w;
        }
        if (c == ';' || !strong)
            return k;
    }
    return e;
}

/* 1 when a word of speech-verbs*.txt or object-verbs.txt starts within the
** next 12 words of t[i..e). */
static int verb_ahead(drv *d, size_t i, size_t e)
{
    const xlist *l1 = x_list(d->x, "speech-verbs"), *l2 = x_list(d->x, "speech-verbs-more"),
                *l3 = x_list(d->x, "object-verbs");
    for (int nw = 0; i < e && nw < 12; nw++) {
        while (i < e && is_sp(d->t[i]))
            i++;
        size_t w = i;
        while (w < e && !is_sp(d->t[w]) && d->t[w] != ',' && d->t[w] != '.' && d->t[w] != ';')
            w++;
        if (w > i && (x_list_has(l1, d->t + i, w - i, 1) || x_list_has(l2, d->t + i, w - i, 1) ||
                      x_list_has(l3, d->t + i, w - i, 1)))
            return 1;
        if (w < e && d->t[w] == ';')
            return 0;
        i = w < e && !is_sp(d->t[w]) ? w + 1 : w;
    }
    return 0;
}

/* The next place in text[i..e) where a reported clause may start: a
** clause start of next_clause, or the word after one of
** clause-starts.txt ("... was booed when she said ...") when a speech
** verb follows it.  e when there is none. */
static size_t next_start(drv *d, size_t i, size_t e)
{
    size_t c = next_clause(d, i, e, 0);
    const xlist *l = x_list(d->x, "clause-starts");
    size_t k = i;
    while (k < c) {
        while (k < c && is_sp(d->t[k]))
            k++;
        size_t w = k;
        while (w < c && ((d->t[w] >= 'a' && d->t[w] <= 'z') || (d->t[w] >= 'A' && d->t[w] <= 'Z')))
            w++;
        if (w > k && w < c && is_sp(d->t[w]) && x_list_has(l, d->t + k, w - k, 1)) {
            size_t n = w;
            while (n < c && is_sp(d->t[n]))
                n++;
            if (verb_ahead(d, n, e))
                return n;
        }
        while (w < c && !is_sp(d->t[w]))
            w++;
        k = w;
    }
    return c;
}

/* The words after an "after" attribution: "..., adding that CLAUSE" is
** one more statement of the quote's speaker. */
static tr_status tail(drv *d, const xsent *S, size_t si, size_t rs, size_t re, xspan ctx,
                      tr_err *err)
{
    if (re <= rs + 8)
        return TR_OK;
    for (size_t i = 0; i < d->x->npats; i++) {
        const xpat *p = &d->x->pats[i];
        if (p->kind != PK_TAIL || match(d, p, rs, re, 0) < 0)
            continue;
        xspan cl, vb;
        grp(d, p, rs, G_CLAUSE, &cl);
        grp(d, p, rs, G_VERB, &vb);
        cl = trim(d->t, cl);
        while (cl.e > cl.s && (d->t[cl.e - 1] == '.' || is_sp(d->t[cl.e - 1])))
            cl.e--;
        if (cl.e - cl.s < 8)
            return TR_OK;
        const tr_statement *p0 = &d->out->items[d->out->n - 1];
        xresolved who;
        if (same_speaker(p0, &who))
            return tr_errf(err, TR_ESOFTWARE, "out of memory");
        xspan ex[64];
        size_t nex = 0;
        for (size_t k = S->q0; k < S->q1 && nex < 63; k++)
            ex[nex++] = (xspan){d->q[k].cs, d->q[k].ce};
        ex[nex++] = cl;
        xwhere w = {&cl, 1, ctx};
        xspan cue = vb.e > vb.s ? vb : (xspan){rs, cl.s};
        return emit(d, S, si, (xspan){S->s, S->e}, &who, &w, "reported", p->name, cue, NULL, ex,
                    nex, cl.s, 0, err);
    }
    return TR_OK;
}

/* Where the reported clause t[s..e) ends before a word of
** clause-enders.txt ("…, according to aides", "… and has called for …"):
** the comma or space before it, or e. */
static size_t clause_end(drv *d, size_t s, size_t e)
{
    const xlist *l = x_list(d->x, "clause-enders");
    if (!l)
        return e;
    for (size_t i = s + 1; i < e; i++) {
        int comma = d->t[i] == ',';
        if (!comma && d->t[i] != ' ')
            continue;
        size_t k = i + 1;
        while (k < e && d->t[k] == ' ')
            k++;
        for (size_t j = 0; j < l->n; j++) {
            const char *w = l->w[j];
            size_t n = strlen(w);
            int and = !strncmp(w, "and ", 4);
            if (and == comma || k + n > e || strncasecmp(d->t + k, w, n) ||
                (k + n < e && (isalnum((unsigned char)d->t[k + n]))))
                continue;
            return i;
        }
    }
    return e;
}

/* Where in t[s..e) a tail rule ("…, noting that …") takes over: the
** comma it starts at, or e. */
static size_t tail_start(drv *d, size_t s, size_t e)
{
    for (size_t i = s; i < e; i++) {
        if (d->t[i] != ',')
            continue;
        for (size_t k = 0; k < d->x->npats; k++)
            if (d->x->pats[k].kind == PK_TAIL && match(d, &d->x->pats[k], i, e, 0) >= 0)
                return i;
    }
    return e;
}

/* The index of candidate c's end that the end model me scores highest
** (the first of a tie). */
static size_t best_end(const xmodel *me, const xcand *c)
{
    size_t best = 0;
    double bs = 0;
    for (size_t k = 0; k < c->nends; k++) {
        double v = x_model_score(me, c->ends[k].f.f, c->ends[k].f.n);
        if (k == 0 || v > bs) {
            bs = v;
            best = k;
        }
    }
    return best;
}

/* The quotes of sentence S (S->q1 - S->q0 of them): NULL when the text
** has none (d->q is then NULL, and NULL + 0 is undefined in C). */
static const xquote *sent_quotes(const drv *d, const xsent *S)
{
    return d->q ? d->q + S->q0 : NULL;
}

/* The end model (model.c) on a pattern rule's reported clause *part, said
** with the verb words at verb: among the places where it may end (cues.c's
** x_ends over sentence S) the best one, when it comes before the clause's
** own end, ends it.  With the trainer's callback the places go to it
** instead. */
static tr_status model_end(drv *d, const xsent *S, xspan *part, xspan verb, tr_err *err)
{
    const xmodel *me = x_model(d->x, "end");
    if ((!me && !d->cb) || S->e - S->s > REGION_MAX)
        return TR_OK;
    if (!d->cand && !(d->cand = malloc(sizeof *d->cand)))
        return tr_errf(err, TR_ESOFTWARE, "out of memory");
    xctok tk[512];
    size_t nk = x_tokens(d->t, d->len, S->s, S->e, sent_quotes(d, S), S->q1 - S->q0, tk, 512);
    size_t s = 0;
    while (s < nk && tk[s].s < part->s)
        s++;
    if (s >= nk)
        return TR_OK;
    char cue[32];
    size_t n = 0;
    for (size_t i = verb.s; i < verb.e && !is_sp(d->t[i]) && n < 31; i++)
        cue[n++] = (char)tolower((unsigned char)d->t[i]);
    while (n > 0 && n < verb.e - verb.s && ((unsigned char)d->t[verb.s + n] & 0xC0) == 0x80)
        n--;
    cue[n] = 0;
    xcand *c = d->cand;
    memset(c, 0, sizeof *c);
    c->cue = verb;
    c->cs = tk[s].s;
    c->first = s;
    c->nends = x_ends(d->x, d->t, tk, nk, s, cue, c->ends);
    if (!c->nends)
        return TR_OK;
    if (d->cb) {
        d->cb(d->cb_ctx, d->t, c, 1);
        return TR_OK;
    }
    size_t best = best_end(me, c);
    if (c->ends[best].at < part->e) {
        xspan cut = trim(d->t, (xspan){part->s, c->ends[best].at});
        if (words(d->t, cut) >= 2)
            *part = cut;
    }
    return TR_OK;
}

/* The reported statements of text[rs..re) in sentence S. */
static tr_status reported(drv *d, const xsent *S, size_t si, size_t rs, size_t re, xspan ctx,
                          tr_err *err)
{
    xspan r = trim(d->t, (xspan){rs, re});
    if (r.e - r.s < 12 || r.e - r.s > REGION_MAX)
        return TR_OK;
    for (size_t i = 0; i < d->x->npats; i++) /* a dateline, "MOSCOW (Reuters) -" */
        if (d->x->pats[i].kind == PK_STRIP &&
            match(d, &d->x->pats[i], r.s, r.e, 0) >= 0) {
            xspan m;
            whole(d, r.s, &m);
            r.s = m.e;
        }
    for (size_t i = 0; i < d->x->npats; i++)
        if (d->x->pats[i].kind == PK_IGNORE && match(d, &d->x->pats[i], r.s, r.e, 0) >= 0)
            return TR_OK;
    size_t pos = r.s;
    int tries = 0;
    while (pos < r.e && tries++ < 48) {
        rmatch M;
        memset(&M, 0, sizeof M);
        if (!try_reported(d, pos, r.e, &M)) {
            pos = next_start(d, pos, r.e);
            continue;
        }
        /* a second attribution inside the clause ("..., but Y said B")
           ends it; the search goes on from there */
        size_t after = r.e;
        xspan *last = M.cl2.e > M.cl2.s ? &M.cl2 : &M.cl;
        if (last->e == r.e || last->e + 2 >= r.e)
            for (size_t b = next_clause(d, last->s, last->e, 1); b < last->e;
                 b = next_clause(d, b, last->e, 1)) {
                rmatch M2;
                memset(&M2, 0, sizeof M2);
                if (try_reported(d, b, r.e, &M2) && M2.sp.s >= b) {
                    xspan cut = {last->s, b};
                    while (cut.e > cut.s && d->t[cut.e - 1] != ',' && d->t[cut.e - 1] != ';')
                        cut.e--;
                    if (cut.e > cut.s)
                        cut.e--;
                    cut = trim(d->t, cut);
                    if (cut.e - cut.s >= 3) {
                        last->e = cut.e;
                        after = b;
                    }
                    break;
                }
            }
        const xspan cl = M.cl, sp = M.sp, vb = M.vb, via = M.via;
        xspan cue;
        if (cl.s >= sp.e) {
            cue.s = vb.e > vb.s && vb.s < sp.s ? vb.s : sp.s;
            cue.e = cl.s;
            if (cue.e >= cue.s + 5 && !memcmp(d->t + cue.e - 5, "that ", 5))
                cue.e -= 5;
        } else {
            cue.s = cl.e;
            cue.e = sp.e;
            if (vb.e > cue.e)
                cue.e = vb.e;
            if (via.e > cue.e)
                cue.e = via.e;
        }
        /* one clause or two ("..., but said ...") */
        xspan parts[2] = {cl, M.cl2};
        size_t np = M.cl2.e > M.cl2.s ? 2 : 1;
        int two_statements = 0;
        for (size_t k = 0; np == 1 && k < d->x->npats; k++) {
            const xpat *sp2 = &d->x->pats[k];
            if (sp2->kind != PK_SPLIT || match(d, sp2, cl.s, cl.e, 0) < 0)
                continue;
            xspan m, c2;
            whole(d, cl.s, &m);
            grp(d, sp2, cl.s, G_CLAUSE, &c2);
            c2 = trim(d->t, c2);
            if (m.s > cl.s + 3 && c2.e > c2.s + 3) {
                parts[0].e = m.s;
                parts[0] = trim(d->t, parts[0]);
                parts[1] = c2;
                np = 2;
                two_statements = 1;
            }
            break;
        }
        /* "X said A, according to aides": A */
        if (np == 1 && M.cl.s >= M.sp.e) {
            xspan cut = trim(d->t, (xspan){parts[0].s, clause_end(d, parts[0].s, parts[0].e)});
            if (words(d->t, cut) >= 3)
                parts[0] = cut;
        }
        /* "X called for A at a rally in Ohio on Monday": the trailing
           adverbial (a trail rule) is not what was said, and its date
           words date the statement */
        for (size_t k = 0; np == 1 && M.cl.s >= M.sp.e && k < d->x->npats; k++) {
            const xpat *tp = &d->x->pats[k];
            if (tp->kind != PK_TRAIL || match(d, tp, parts[0].s, parts[0].e, 0) < 0)
                continue;
            xspan m;
            whole(d, parts[0].s, &m);
            xspan cut = trim(d->t, (xspan){parts[0].s, m.s});
            if (m.e == parts[0].e && words(d->t, cut) >= 3) {
                parts[0] = cut;
                break;
            }
        }
        /* the end model picks where what was said ends ("she said A, and
           B" / "he said A, notably B") */
        if (np == 1 && M.cl.s >= M.sp.e) {
            tr_status st = model_end(d, S, &parts[0], vb.e > vb.s ? vb : (xspan){cue.s, cue.e}, err);
            if (st)
                return st;
        }
        /* "X said A, noting B": B is a statement of its own */
        size_t tail_at = np == 1 ? tail_start(d, parts[0].s, parts[0].e) : parts[0].e;
        size_t tail_end = parts[0].e;
        if (tail_at < parts[0].e) {
            xspan cut = trim(d->t, (xspan){parts[0].s, tail_at});
            if (words(d->t, cut) >= 3)
                parts[0] = cut;
            else
                tail_at = tail_end;
        }
        /* quotations inside S and the clauses do not date the statement */
        xspan ex[67];
        size_t nex = 0;
        for (size_t k = S->q0; k < S->q1 && nex < 64; k++)
            ex[nex++] = (xspan){d->q[k].cs, d->q[k].ce};
        for (size_t k = 0; k < np; k++)
            ex[nex++] = parts[k];
        for (size_t k = 0; k < (two_statements ? 2u : 1u); k++) {
            xresolved who;
            tr_status st = resolve(d, sp, M.ap, &who, err);
            if (st)
                return st;
            xwhere w = {two_statements ? &parts[k] : parts, two_statements ? 1 : np, ctx};
            st = emit(d, S, si, r, &who, &w, "reported", M.rule, cue, NULL, ex, nex, cue.e, 0,
                      err);
            if (st)
                return st;
        }
        if (tail_at < tail_end) {
            tr_status st = tail(d, S, si, tail_at, tail_end, ctx, err);
            if (st)
                return st;
        }
        pos = after;
    }
    return TR_OK;
}

/* The sentence or question that frames statements of sentence si: the
** sentence, with a question just before it in the same paragraph ("Will
** you run? No, she said.") or an "Asked ..." sentence. */
static xspan context_of(drv *d, size_t si)
{
    const xsent *S = &d->S[si];
    xspan c = {S->s, S->e};
    if (si > 0 && d->S[si - 1].para == S->para) {
        const xsent *P = &d->S[si - 1];
        size_t e = P->e;
        while (e > P->s && (is_sp(d->t[e - 1]) || d->t[e - 1] == '"' ||
                            ((unsigned char)d->t[e - 1] & 0xC0) == 0x80 ||
                            (unsigned char)d->t[e - 1] == 0xE2))
            e--;
        if (e > P->s && d->t[e - 1] == '?')
            c.s = P->s;
        else if (P->e - P->s > 6 && !strncmp(d->t + P->s, "Asked ", 6))
            c.s = P->s;
    }
    return c;
}

/* Emits the direct statement of quotation q, attributed by a (how 1 or
** 2), or continuing the statement before (how 3): its first paragraph is
** the statement; each further paragraph of the quote is one more
** statement of the same speaker. */
static tr_status direct(drv *d, const xsent *S, size_t si, const att *a, xspan ctx, tr_err *err)
{
    const xquote *q = &d->q[a->qi];
    xspan parts[16];
    size_t np = quote_parts(d, q, parts, 16);
    if (!np)
        return TR_OK;
    xspan ex[64];
    size_t nex = 0;
    for (size_t i = S->q0; i < S->q1 && nex < 64; i++)
        ex[nex++] = (xspan){d->q[i].cs, d->q[i].ce};
    size_t first = 0;
    size_t n = d->out->n;
    if (a->how == 3) {
        tr_statement *p = &d->out->items[n - 1];
        const xmeta *pm = &d->meta[n - 1];
        /* split quote: a second part when only the attribution (of an
           "after" rule) stands between, in the same paragraph, short
           (SPLIT_GAP) and ending with a punctuation mark */
        if (pm->after && pm->cue_end <= q->open && pm->para == S->para &&
            only_punct(d->t, pm->cue_end, q->open) &&
            ends_split(d->t, p->spans[p->nspans - 1][1], q->open) &&
            q->open - p->spans[p->nspans - 1][1] <= SPLIT_GAP) {
            int r = add_part(d, p, parts[0]);
            if (r < 0)
                return tr_errf(err, TR_ESOFTWARE, "out of memory");
            if (r == 0) {
                d->meta[n - 1].sent = si;
                d->meta[n - 1].cue_end = q->close;
                first = 1;
            }
        }
    }
    for (size_t k = first; k < np; k++) {
        xresolved who;
        const char *cue_copy = NULL;
        xspan cue = a->cue;
        if (a->how == 3 || k > 0) {
            const tr_statement *p = &d->out->items[d->out->n - 1];
            if (same_speaker(p, &who))
                return tr_errf(err, TR_ESOFTWARE, "out of memory");
            cue_copy = p->cue;
        } else {
            tr_status st = resolve(d, a->speaker, a->appos, &who, err);
            if (st)
                return st;
        }
        char *cc = cue_copy ? dupn(cue_copy, strlen(cue_copy)) : NULL;
        if (cue_copy && !cc) {
            x_resolved_free(&who);
            return tr_errf(err, TR_ESOFTWARE, "out of memory");
        }
        /* an attribution in the next sentence dates it too */
        xspan dr = {S->s, a->cue.e > S->e ? a->cue.e : S->e};
        xwhere w = {&parts[k], 1, ctx};
        int after = k == 0 && a->how == 1;
        const char *rule = a->how == 3 || k > 0 ? d->out->items[d->out->n - 1].rule : a->rule;
        tr_status st = emit(d, S, si, dr, &who, &w, "direct", rule, cue, cc, ex, nex,
                            k == 0 && a->how != 3 ? a->cue.e : q->close, after, err);
        free(cc);
        if (st)
            return st;
        /* attributed by the next sentence: a quote opening the one after
           it continues this statement */
        if (k == 0 && a->how == 1 && a->cue.s >= S->e)
            d->meta[d->out->n - 1].sent = si + 1;
    }
    return TR_OK;
}

/* Notes sentence si as the episode's date when it has date words of its
** own outside its quotations; -1 on out of memory. */
static int note_episode(drv *d, size_t si)
{
    const xsent *S = &d->S[si];
    xspan ex[64];
    size_t nex = 0;
    for (size_t k = S->q0; k < S->q1 && nex < 64; k++)
        ex[nex++] = (xspan){d->q[k].cs, d->q[k].ce};
    size_t re = S->e - S->s > REGION_MAX ? S->s + REGION_MAX : S->e;
    xdate dt;
    int f = x_find_date(d->x, d->t, S->s, re, ex, nex, d->pub, d->md, d->mc, &dt);
    if (f < 0)
        return -1;
    if (f && !dt.later) {
        d->ep = 1;
        d->ep_lo = dt.lo;
        d->ep_hi = dt.hi;
        d->ep_para = S->para;
        d->ep_sent = si;
        d->ep_sentence = (xspan){S->s, S->e};
        d->ep_expr = dt.expr;
    }
    return 0;
}

/* The byte length of a bullet opening t[i..] ("• ", "- ", "* ", "– ",
** "— ", "· "), or 0. */
static size_t bullet_at(const char *t, size_t len, size_t i)
{
    static const char *const marks[] = {"\xE2\x80\xA2", "\xC2\xB7", "\xE2\x80\x93",
                                        "\xE2\x80\x94", "-", "*"};
    for (size_t k = 0; k < sizeof marks / sizeof marks[0]; k++) {
        size_t n = strlen(marks[k]);
        if (i + n < len && !memcmp(t + i, marks[k], n) && (t[i + n] == ' ' || t[i + n] == '\t'))
            return n + 1;
    }
    return 0;
}

/* A bulleted list under "X also said:": each bullet paragraph is a
** statement of X (reported: bullets sum up).  Returns 1 when sentence si
** was such a bullet (and is done), 0 otherwise. */
static int list_item(drv *d, size_t si, tr_status *st, tr_err *err)
{
    const xsent *S = &d->S[si];
    int first = si == 0 || d->S[si - 1].para != S->para;
    if (!d->list_on || !first)
        return 0;
    size_t b = bullet_at(d->t, d->len, S->s);
    if (!b) {
        x_resolved_free(&d->list_who);
        d->list_on = 0;
        return 0;
    }
    size_t e = S->e; /* the whole paragraph */
    for (size_t k = si + 1; k < d->ns && d->S[k].para == S->para; k++)
        e = d->S[k].e;
    xspan part = trim(d->t, (xspan){S->s + b, e});
    while (part.e > part.s && d->t[part.e - 1] == '.')
        part.e--;
    if (words(d->t, part) < 2)
        return 1;
    xresolved who = {0};
    if (!(who.speaker = dupn(d->list_who.speaker, strlen(d->list_who.speaker))) ||
        (d->list_who.side && !(who.side = dupn(d->list_who.side, strlen(d->list_who.side))))) {
        x_resolved_free(&who);
        *st = tr_errf(err, TR_ESOFTWARE, "out of memory");
        return 1;
    }
    who.kind = d->list_who.kind;
    xwhere w = {&part, 1, d->list_ctx};
    xspan ex[1] = {part};
    *st = emit(d, S, si, (xspan){S->s, e}, &who, &w, "reported", "colon_list", d->list_cue, NULL,
               ex, 1, part.s, 0, err);
    return 1;
}

/* "X also said:" at a paragraph's end with no quote after it opens a
** bulleted list: remembers X.  -1 on out of memory. */
static int list_head(drv *d, size_t si)
{
    const xsent *S = &d->S[si];
    if (S->e == S->s || d->t[S->e - 1] != ':' || S->q1 > S->q0 ||
        (si + 1 < d->ns && d->S[si + 1].para == S->para) || si + 1 >= d->ns ||
        !bullet_at(d->t, d->len, d->S[si + 1].s))
        return 0;
    for (size_t i = 0; i < d->x->npats; i++) {
        const xpat *p = &d->x->pats[i];
        if (p->kind != PK_BEFORE || match(d, p, S->s, S->e, 0) < 0)
            continue;
        xspan sp, ap, all;
        grp(d, p, S->s, G_SPEAKER, &sp);
        grp(d, p, S->s, G_APPOS, &ap);
        whole(d, S->s, &all);
        xresolved who;
        tr_err e2;
        if (resolve(d, sp, ap, &who, &e2))
            return -1;
        x_resolved_free(&d->list_who);
        d->list_who = who;
        d->list_on = 1;
        d->list_cue = (xspan){sp.s, all.e};
        d->list_ctx = (xspan){S->s, S->e};
        return 0;
    }
    return 0;
}

/* 1 when t[i..e) lies inside what a pattern rule took in this sentence. */
static int covered(const drv *d, size_t s, size_t e)
{
    for (size_t i = 0; i < d->ncov; i++)
        if (s >= d->cov[i].s && e <= d->cov[i].e)
            return 1;
    return 0;
}

/* 1 when most of t[p] is the text of a statement a pattern rule took in
** this sentence. */
static int taken(const drv *d, xspan p)
{
    for (size_t i = 0; i < d->ncov; i++) {
        size_t s = p.s > d->cov[i].s ? p.s : d->cov[i].s, e = p.e < d->cov[i].e ? p.e : d->cov[i].e;
        if (e > s && 2 * (e - s) > p.e - p.s)
            return 1;
    }
    return 0;
}

/* The cue layer (cues.c, model.c) on sentence si: each cue word the
** pattern rules did not take is scored by the "cue" model; above its
** threshold, the "end" model picks where the content ends, and the
** content is a statement of the words before the cue (a pronoun resolved
** as usual; none: the speaker of the statement just before, in this or
** the previous sentence).  With a trainer's callback every candidate goes
** to it instead and nothing is emitted. */
static tr_status cues(drv *d, const xsent *S, size_t si, xspan ctx, tr_err *err)
{
    const xmodel *mc = x_model(d->x, "cue"), *me = x_model(d->x, "end");
    if ((!mc || !me) && !d->cb)
        return TR_OK;
    if (S->e - S->s > REGION_MAX)
        return TR_OK;
    if (!d->cand && !(d->cand = malloc(sizeof *d->cand)))
        return tr_errf(err, TR_ESOFTWARE, "out of memory");
    xctok tk[512];
    size_t nk = x_tokens(d->t, d->len, S->s, S->e, sent_quotes(d, S), S->q1 - S->q0, tk, 512);
    int pat = d->ncov > 0;
    for (size_t i = 0; i < nk; i++) {
        if (tk[i].kind != 'w' || tk[i].inq || covered(d, tk[i].s, tk[i].e))
            continue;
        xcand *c = d->cand;
        if (!x_cue_at(d->x, d->t, tk, nk, i, pat, c))
            continue;
        if (d->cb) {
            d->cb(d->cb_ctx, d->t, c, 0);
            continue;
        }
        if (x_model_score(mc, c->f.f, c->f.n) <= mc->threshold)
            continue;
        size_t best = best_end(me, c);
        xspan part = trim(d->t, (xspan){c->cs, c->ends[best].at});
        if (words(d->t, part) < 1 || part.e - part.s < 3)
            continue;
        const char *mode = "reported";
        /* the content is one quotation: its words, direct */
        for (size_t qi = S->q0; qi < S->q1; qi++)
            if (d->q[qi].open == part.s && d->q[qi].close >= part.e && d->q[qi].ce > d->q[qi].cs) {
                part = trim(d->t, (xspan){d->q[qi].cs, d->q[qi].ce});
                mode = "direct";
                break;
            }
        if (part.e <= part.s || taken(d, part))
            continue;
        xresolved who;
        const tr_statement_list *L = d->out;
        if (c->speaker.e > c->speaker.s) {
            tr_status st = resolve(d, c->speaker, (xspan){0, 0}, &who, err);
            if (st)
                return st;
        } else if (L->n && d->meta[L->n - 1].sent == si) {
            if (same_speaker(&L->items[L->n - 1], &who))
                return tr_errf(err, TR_ESOFTWARE, "out of memory");
        } else
            continue;
        xspan ex[66];
        size_t nex = 0;
        for (size_t k = S->q0; k < S->q1 && nex < 64; k++)
            ex[nex++] = (xspan){d->q[k].cs, d->q[k].ce};
        ex[nex++] = part;
        xspan cue = {c->speaker.e > c->speaker.s && c->speaker.s < c->cue.s ? c->speaker.s : c->cue.s,
                     c->cue.e};
        xwhere w = {&part, 1, ctx};
        tr_status st = emit(d, S, si, (xspan){S->s, S->e}, &who, &w, mode, "cue_model", cue, NULL,
                            ex, nex, cue.e, 0, err);
        if (st)
            return st;
    }
    return TR_OK;
}

static tr_status sentence(drv *d, size_t si, tr_err *err)
{
    tr_status lst = TR_OK;
    d->ncov = 0;
    if (list_item(d, si, &lst, err))
        return lst;
    if (list_head(d, si))
        return tr_errf(err, TR_ESOFTWARE, "out of memory");
    /* a sentence that is the attribution of the quote before says
       nothing of its own */
    tr_status st0 = d->absorbed == si + 1 ? TR_OK : sentence_statements(d, si, err);
    if (!st0 && note_episode(d, si))
        return tr_errf(err, TR_ESOFTWARE, "out of memory");
    return st0;
}

/* The statements of sentence si, in text order. */
static tr_status sentence_statements(drv *d, size_t si, tr_err *err)
{
    const xsent *S = &d->S[si];
    att A[32];
    size_t na = 0, cut = S->e;
    xspan ctx = context_of(d, si);
    for (size_t qi = S->q0; qi < S->q1 && na < 32; qi++) {
        const xquote *q = &d->q[qi];
        if (q->ce <= q->cs)
            continue;
        att *a = &A[na];
        if (attribute(d, S, qi, a)) {
            if (a->how == 2 && a->cue.s < cut)
                cut = a->speaker.s;
            if (a->how == 1 && q->open < cut && blank(d->t, S->s, q->open))
                cut = q->open;
            if (a->how == 1 && qi == S->q0 && blank(d->t, S->s, q->open))
                cut = S->s;
            na++;
            continue;
        }
        /* a quotation opening a sentence right after an attributed one, or
           the second part of a quote split by its attribution in this
           sentence ("“A,” he said, “B.”") */
        size_t n = d->out->n;
        int opens = qi == S->q0 && blank(d->t, S->s, q->open);
        int second = na > 0 && A[na - 1].how == 1 && A[na - 1].qi + 1 == qi &&
                     only_punct(d->t, A[na - 1].cue.e, q->open) &&
                     ends_split(d->t, d->q[A[na - 1].qi].cs, q->open);
        /* (after reported speech too, when the quote opens a paragraph:
           "Smith said the plan had failed.\n\n“We tried everything.”") */
        int newpara = si > 0 && d->S[si - 1].para != S->para;
        if ((opens && n &&
             (!strcmp(d->out->items[n - 1].mode, "direct") ||
              (newpara && d->out->items[n - 1].speaker_kind == TR_SPEAKER_PERSON &&
               !d->out->items[n - 1].ambiguous)) &&
             (d->meta[n - 1].sent + 1 == si || d->meta[n - 1].sent == si)) ||
            second) {
            a->qi = qi;
            a->how = 3;
            if (opens)
                cut = S->s;
            na++;
        }
    }
    if (cut > S->s) {
        tr_status st = reported(d, S, si, S->s, cut, ctx, err);
        if (st)
            return st;
    }
    for (size_t k = 0; k < na; k++) {
        tr_status st = direct(d, S, si, &A[k], ctx, err);
        if (st)
            return st;
        if (A[k].how == 1) { /* "“…,” she said, adding that …" */
            size_t te = k + 1 < na ? d->q[A[k + 1].qi].open : S->e;
            if (A[k].cue.e < te && (st = tail(d, S, si, A[k].cue.e, te, ctx, err)))
                return st;
        }
    }
    return cues(d, S, si, ctx, err);
}

static tr_status run(const tr_extractor *x, const char *text, size_t len,
                     const tr_extract_opts *opts, x_cand_cb cb, void *cb_ctx,
                     tr_statement_list *out, tr_err *err);

/* Extracts the statements of text (see extract.h). */
tr_status tr_extract(const tr_extractor *x, const char *text, size_t len,
                     const tr_extract_opts *opts, tr_statement_list *out, tr_err *err)
{
    return run(x, text, len, opts, NULL, NULL, out, err);
}

/* tr_extract for the trainer: every candidate of the cue layer goes to
** cb(cb_ctx, text, candidate) and the cue layer emits nothing. */
tr_status x_extract_candidates(const tr_extractor *x, const char *text, size_t len,
                               const tr_extract_opts *opts, x_cand_cb cb, void *cb_ctx,
                               tr_statement_list *out, tr_err *err)
{
    return run(x, text, len, opts, cb, cb_ctx, out, err);
}

/* The extraction of tr_extract, with the trainer's callback or none. */
static tr_status run(const tr_extractor *x, const char *text, size_t len,
                     const tr_extract_opts *opts, x_cand_cb cb, void *cb_ctx,
                     tr_statement_list *out, tr_err *err)
{
    if (!x || !opts || !out || (!text && len))
        return tr_errf(err, TR_EUSAGE, "tr_extract: missing argument");
    drv d;
    memset(&d, 0, sizeof d);
    if (!opts->published || x_parse_day(opts->published, &d.pub))
        return tr_errf(err, TR_EUSAGE, "publication date '%s' is not a YYYY-MM-DD day",
                       opts->published ? opts->published : "(none)");
    size_t bad;
    if (len && x_utf8_check(text, len, &bad)) {
        if (text[bad] == 0)
            return tr_errf(err, TR_EDATA, "NUL byte at byte offset %zu: not article text", bad);
        return tr_errf(err, TR_EDATA, "invalid UTF-8 at byte offset %zu (byte 0x%02X)", bad,
                       (unsigned char)text[bad]);
    }
    if (!len)
        return TR_OK;
    d.x = x;
    d.t = text;
    d.len = len;
    d.o = opts;
    d.out = out;
    d.cb = cb;
    d.cb_ctx = cb_ctx;
    d.blank = x_blank_mode(text, len);
    tr_status st = TR_OK;
    d.md = pcre2_match_data_create(64, NULL);
    d.mc = pcre2_match_context_create(NULL);
    if (!d.md || !d.mc) {
        st = tr_errf(err, TR_ESOFTWARE, "out of memory");
        goto done;
    }
    pcre2_set_match_limit(d.mc, 1000000);
    pcre2_set_depth_limit(d.mc, 10000);
    if (x_find_quotes(text, len, &d.q, &d.nq) ||
        x_find_sentences(x, text, len, d.q, d.nq, &d.S, &d.ns) ||
        x_people_scan(x, text, len, &d.people)) {
        st = tr_errf(err, TR_ESOFTWARE, "out of memory");
        goto done;
    }
    for (size_t si = 0; si < d.ns && !st; si++)
        st = sentence(&d, si, err);
done:
    if (d.md)
        pcre2_match_data_free(d.md);
    if (d.mc)
        pcre2_match_context_free(d.mc);
    free(d.q);
    free(d.S);
    free(d.meta);
    free(d.cand);
    x_people_free(&d.people);
    x_resolved_free(&d.list_who);
    return st;
}

/* Frees the statements of l. */
void tr_statement_list_free(tr_statement_list *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->n; i++) {
        tr_statement *s = &l->items[i];
        free(s->speaker);
        free(s->side);
        free(s->text);
        free(s->date);
        free(s->date_expr);
        free(s->cue);
        free(s->context);
        free(s->ambiguity);
    }
    free(l->items);
    memset(l, 0, sizeof *l);
}

/* "person", "group" or "anonymous". */
const char *tr_speaker_kind_name(tr_speaker_kind k)
{
    return k == TR_SPEAKER_GROUP ? "group" : k == TR_SPEAKER_ANONYMOUS ? "anonymous" : "person";
}
