/*
** extract.c: the driver.  Text -> quotations (quotes.c) -> sentences
** (sentences.c) -> per sentence: attribution of each quotation (the
** "after" rules on the words after it, then the "before" rules on the
** words before it), then the "reported" rules on the rest of the
** sentence -> speakers (speaker.c) -> dates (when.c).
**
** Continuity, as a careful reader applies it:
**   - a quotation that opens a sentence with no attribution of its own
**     right after an attributed one continues it: merged when in the same
**     paragraph (a split quote: the text is both parts joined by a
**     space, the span runs from the first to the last), else a new
**     direct statement of the same speaker;
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

#include <stdlib.h>
#include <string.h>

#define REGION_MAX 4096 /* longest sentence the reported rules look at */
#define ATTR_MAX 600    /* longest attribution before/after a quote */

typedef struct xmeta {
    int64_t lo, hi;
    size_t para, sent;
    size_t cue_end;  /* end of the attribution of a direct quote */
    int after;       /* attributed by the words after the quote */
} xmeta;

typedef struct drv {
    const tr_extractor *x;
    const char *t;
    size_t len;
    const tr_extract_opts *o;
    int64_t pub;
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
} drv;

typedef struct att {
    size_t qi;
    int how; /* 1 after, 2 before, 3 continues the previous quote */
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

/* Trims white space and , ; : from both ends of [s, e). */
static xspan trim(const char *t, xspan x)
{
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

/* The text of quotation q: marks reopening a paragraph dropped, line
** breaks made spaces, a trailing comma dropped.  *span gets its range. */
static char *quote_text(drv *d, const xquote *q, xspan *span)
{
    xspan c = {q->cs, q->ce};
    while (c.s < c.e && is_sp(d->t[c.s]))
        c.s++;
    while (c.e > c.s && (is_sp(d->t[c.e - 1]) || d->t[c.e - 1] == ','))
        c.e--;
    *span = c;
    char *p = malloc(c.e - c.s + 1), *w = p;
    if (!p)
        return NULL;
    for (size_t i = c.s; i < c.e;) {
        if (d->t[i] == '\n' || d->t[i] == '\r') {
            while (i < c.e && is_sp(d->t[i]))
                i++;
            size_t nx;
            if (i < c.e && x_is_open_mark(x_decode(d->t, d->len, i, &nx)))
                i = nx;
            if (w > p && w[-1] != ' ')
                *w++ = ' ';
            continue;
        }
        *w++ = d->t[i++];
    }
    *w = 0;
    return p;
}

static int same_event(const char *prev, const char *cur)
{
    return !strcmp(prev, cur) || (strlen(cur) > strlen(prev) &&
                                  !strcmp(cur + strlen(cur) - strlen(prev), prev));
}

/* Appends a statement: who, what (text, owned by the callee from now),
** its span and cue, dated from the sentence minus the exclusions. */
static tr_status emit(drv *d, const xsent *S, size_t si, xspan dr, xresolved *who,
                      char *text, xspan span, const char *mode, xspan cue, const xspan *ex,
                      size_t nex, size_t cue_end, int after, tr_err *err)
{
    tr_statement_list *L = d->out;
    if (!text)
        goto oom;
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
    int f = x_find_date(d->x, d->t, dr.s, re, ex, nex, d->pub, d->md, d->mc, &dt);
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
    } else if (prev && pm->para + 1 >= S->para && same_event(prev->speaker, who->speaker)) {
        m.lo = pm->lo;
        m.hi = pm->hi;
        if (prev->date_expr && !(st.date_expr = dupn(prev->date_expr, strlen(prev->date_expr))))
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
    cue = trim(d->t, cue);
    st.cue = dupn(d->t + cue.s, cue.e - cue.s);
    st.speaker = who->speaker;
    st.side = who->side;
    st.speaker_kind = who->kind;
    st.ambiguous = who->ambiguous;
    st.ambiguity = who->reason;
    memset(who, 0, sizeof *who);
    st.text = text;
    st.mode = mode;
    st.span[0] = span.s;
    st.span[1] = span.e;
    L->items[L->n] = st;
    d->meta[L->n] = m;
    L->n++;
    if (!st.date || !st.cue)
        return tr_errf(err, TR_ESOFTWARE, "out of memory");
    if (st.speaker_kind == TR_SPEAKER_PERSON)
        d->lp = L->n;
    else if (st.speaker_kind == TR_SPEAKER_GROUP)
        d->lg = L->n;
    return TR_OK;
oom:
    free(text);
    x_resolved_free(who);
    return tr_errf(err, TR_ESOFTWARE, "out of memory");
}

static tr_status resolve(drv *d, xspan sp, xspan ap, xresolved *r, tr_err *err)
{
    xprev lp, lg;
    const tr_statement_list *L = d->out;
    if (d->lp) {
        const tr_statement *p = &L->items[d->lp - 1];
        lp = (xprev){p->speaker, p->side, p->speaker_kind, p->span[0]};
    }
    if (d->lg) {
        const tr_statement *p = &L->items[d->lg - 1];
        lg = (xprev){p->speaker, p->side, p->speaker_kind, p->span[0]};
    }
    if (x_resolve_speaker(d->x, d->t, sp, ap, &d->people, d->lp ? &lp : NULL,
                          d->lg ? &lg : NULL, d->o, r))
        return tr_errf(err, TR_ESOFTWARE, "out of memory");
    return TR_OK;
}

/* Attributes quotation qi of sentence S; 1 with *a filled when some rule
** matched. */
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
            if (match(d, p, rs, re, pass ? 0 : PCRE2_ANCHORED) < 0)
                continue;
            grp(d, p, rs, G_SPEAKER, &a->speaker);
            grp(d, p, rs, G_APPOS, &a->appos);
            whole(d, rs, &a->cue);
            if (pass)
                a->cue.s = a->speaker.s;
            a->how = pass ? 2 : 1;
            return 1;
        }
    return 0;
}

static int blank(const char *t, size_t s, size_t e)
{
    for (size_t i = s; i < e; i++)
        if (!is_sp(t[i]))
            return 0;
    return 1;
}

/* The reported statements of text[rs..re) in sentence S. */
static tr_status reported(drv *d, const xsent *S, size_t si, size_t rs, size_t re, tr_err *err)
{
    xspan r = trim(d->t, (xspan){rs, re});
    if (r.e - r.s < 12 || r.e - r.s > REGION_MAX)
        return TR_OK;
    for (size_t i = 0; i < d->x->npats; i++) /* a dateline, "MOSCOW (Reuters) -" */
        if (d->x->pats[i].kind == PK_STRIP &&
            match(d, &d->x->pats[i], r.s, r.e, PCRE2_ANCHORED) >= 0) {
            xspan m;
            whole(d, r.s, &m);
            r.s = m.e;
        }
    for (size_t i = 0; i < d->x->npats; i++)
        if (d->x->pats[i].kind == PK_IGNORE && match(d, &d->x->pats[i], r.s, r.e, 0) >= 0)
            return TR_OK;
    for (size_t i = 0; i < d->x->npats; i++) {
        const xpat *p = &d->x->pats[i];
        if (p->kind != PK_REPORTED || match(d, p, r.s, r.e, PCRE2_ANCHORED) < 0)
            continue;
        xspan sp, ap, cl, vb, via, all;
        grp(d, p, r.s, G_SPEAKER, &sp);
        grp(d, p, r.s, G_APPOS, &ap);
        grp(d, p, r.s, G_CLAUSE, &cl);
        grp(d, p, r.s, G_VERB, &vb);
        grp(d, p, r.s, G_VIA, &via);
        whole(d, r.s, &all);
        cl = trim(d->t, cl);
        while (cl.e > cl.s && (d->t[cl.e - 1] == '.' || is_sp(d->t[cl.e - 1])))
            cl.e--;
        if (cl.e - cl.s < 3)
            continue;
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
        xspan parts[2] = {cl, {0, 0}};
        size_t np = 1;
        for (size_t k = 0; k < d->x->npats; k++) {
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
            }
            break;
        }
        /* quotations inside S and the clauses do not date the statement */
        xspan ex[66];
        size_t nex = 0;
        for (size_t k = S->q0; k < S->q1 && nex < 64; k++)
            ex[nex++] = (xspan){d->q[k].cs, d->q[k].ce};
        ex[nex++] = parts[0];
        if (np == 2)
            ex[nex++] = parts[1];
        for (size_t k = 0; k < np; k++) {
            xresolved who;
            tr_status st = resolve(d, sp, ap, &who, err);
            if (st)
                return st;
            st = emit(d, S, si, r, &who, dupn(d->t + parts[k].s, parts[k].e - parts[k].s),
                      parts[k], "reported", cue, ex, nex, cue.e, 0, err);
            if (st)
                return st;
        }
        return TR_OK;
    }
    return TR_OK;
}

static tr_status sentence(drv *d, size_t si, tr_err *err)
{
    const xsent *S = &d->S[si];
    att A[32];
    size_t na = 0, cut = S->e;
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
        /* a quotation opening a sentence right after an attributed one */
        size_t n = d->out->n;
        if (qi == S->q0 && blank(d->t, S->s, q->open) && n &&
            !strcmp(d->out->items[n - 1].mode, "direct") &&
            (d->meta[n - 1].sent + 1 == si || d->meta[n - 1].sent == si)) {
            a->qi = qi;
            a->how = 3;
            cut = S->s;
            na++;
        }
    }
    if (cut > S->s) {
        tr_status st = reported(d, S, si, S->s, cut, err);
        if (st)
            return st;
    }
    for (size_t k = 0; k < na; k++) {
        att *a = &A[k];
        const xquote *q = &d->q[a->qi];
        xspan span;
        char *text = quote_text(d, q, &span);
        if (!text)
            return tr_errf(err, TR_ESOFTWARE, "out of memory");
        size_t n = d->out->n;
        if (a->how == 3) {
            tr_statement *p = &d->out->items[n - 1];
            const xmeta *pm = &d->meta[n - 1];
            if (pm->after && pm->cue_end <= q->open) {
                /* split quote: join to the one before */
                int only_cue = 1;
                for (size_t i = pm->cue_end; i < q->open; i++)
                    if (!is_sp(d->t[i]) && d->t[i] != '.' && d->t[i] != ',')
                        only_cue = 0;
                if (only_cue) {
                    size_t l1 = strlen(p->text), l2 = strlen(text);
                    int comma = d->t[p->span[1]] == ',';
                    char *j = realloc(p->text, l1 + l2 + 3);
                    if (!j) {
                        free(text);
                        return tr_errf(err, TR_ESOFTWARE, "out of memory");
                    }
                    if (comma)
                        j[l1++] = ',';
                    j[l1] = ' ';
                    memcpy(j + l1 + 1, text, l2 + 1);
                    p->text = j;
                    p->span[1] = span.e;
                    free(text);
                    d->meta[n - 1].sent = si;
                    continue;
                }
            }
            xresolved who = {0};
            who.speaker = dupn(p->speaker, strlen(p->speaker));
            who.side = p->side ? dupn(p->side, strlen(p->side)) : NULL;
            who.kind = p->speaker_kind;
            if (!who.speaker) {
                free(text);
                return tr_errf(err, TR_ESOFTWARE, "out of memory");
            }
            xspan ex[64];
            size_t nex = 0;
            for (size_t i = S->q0; i < S->q1 && nex < 64; i++)
                ex[nex++] = (xspan){d->q[i].cs, d->q[i].ce};
            xspan cue = {p->span[0], p->span[0]};
            char *c = dupn(p->cue, strlen(p->cue));
            tr_status st = emit(d, S, si, (xspan){S->s, S->e}, &who, text, span, "direct", cue, ex, nex, q->close,
                                0, err);
            if (st) {
                free(c);
                return st;
            }
            free(d->out->items[d->out->n - 1].cue);
            d->out->items[d->out->n - 1].cue = c;
            if (!c)
                return tr_errf(err, TR_ESOFTWARE, "out of memory");
            continue;
        }
        xresolved who;
        tr_status st = resolve(d, a->speaker, a->appos, &who, err);
        if (st) {
            free(text);
            return st;
        }
        xspan ex[64];
        size_t nex = 0;
        for (size_t i = S->q0; i < S->q1 && nex < 64; i++)
            ex[nex++] = (xspan){d->q[i].cs, d->q[i].ce};
        xspan dr = {a->how == 2 ? a->speaker.s : S->s, S->e};
        st = emit(d, S, si, dr, &who, text, span, "direct", a->cue, ex, nex, a->cue.e, a->how == 1,
                  err);
        if (st)
            return st;
    }
    return TR_OK;
}

/* Extracts the statements of text (see extract.h). */
tr_status tr_extract(const tr_extractor *x, const char *text, size_t len,
                     const tr_extract_opts *opts, tr_statement_list *out, tr_err *err)
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
    x_people_free(&d.people);
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
