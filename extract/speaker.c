/*
** speaker.c: turns the speaker words an attribution pattern captured into
** a canonical speaker, a kind and a side.
**
**   pronouns (pronouns-person.txt, pronouns-group.txt) -> the nearest
**     earlier speaker of that kind; marked ambiguous when another full
**     name was mentioned in between, or when there is no such speaker
**   "one of the officials" (member-words.txt + group-nouns.txt) ->
**     an anonymous member of the nearest earlier group speaker
**   a head noun in group-nouns.txt ("officials") or org-nouns.txt
**     ("ministry") -> a group; in role-nouns.txt after a/an/the
**     ("a spokeswoman for the ministry") -> anonymous
**   otherwise a person: the last run of capitalised words, titles
**     (titles.txt) and side words (sides.tsv) taken off the front; a
**     lone surname is looked up among the full names of the whole text
**     ("Krutskikh" -> "Andrey Krutskikh"), ambiguous when two differ
**   side: side words in the speaker words, then in the appositive, then
**     a possessor in the appositive ("Smith's adviser"), then the titles
**     of the person's other mentions in the text.
**   Finally the caller's lookup (the people registry) may rename.
*/
#include "x_speaker.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct xtok {
    size_t s, e;
    int cap, brk, poss;
} xtok;

static int is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Splits s[a..b) into words, trimming quote marks and punctuation; brk
** marks a word followed by , ; : or a sentence stop, poss a possessive
** ("Smith’s", stripped). */
static size_t tokenize(const tr_extractor *x, const char *s, size_t a, size_t b, xtok *t,
                       size_t max)
{
    size_t n = 0, i = a, nx;
    while (i < b && n < max) {
        while (i < b && x_is_space_at(s, b, i, &nx))
            i = nx;
        if (i >= b)
            break;
        size_t st = i;
        while (i < b && !x_is_space_at(s, b, i, &nx))
            i = nx;
        size_t e = i;
        /* leading quote marks / brackets */
        for (;;) {
            if (st < e && strchr("\"'([", s[st]))
                st++;
            else if (e - st >= 3 && (unsigned char)s[st] == 0xE2 && (unsigned char)s[st + 1] == 0x80 &&
                     ((unsigned char)s[st + 2] >= 0x98 && (unsigned char)s[st + 2] <= 0x9F))
                st += 3;
            else if (e - st >= 2 && (unsigned char)s[st] == 0xC2 && (unsigned char)s[st + 1] == 0xAB)
                st += 2;
            else
                break;
        }
        int brk = 0, poss = 0;
        for (;;) {
            if (e > st && strchr(",;:)]\"!?", s[e - 1])) {
                brk = 1;
                e--;
            } else if (e - st >= 3 && (unsigned char)s[e - 3] == 0xE2 &&
                       (unsigned char)s[e - 2] == 0x80 &&
                       ((unsigned char)s[e - 1] == 0x9D || (unsigned char)s[e - 1] == 0x99)) {
                e -= 3;
                brk = 1;
            } else
                break;
        }
        if (e > st && s[e - 1] == '.') {
            const char *dot = memchr(s + st, '.', e - 1 - st);
            int abbrev = dot || (e - st == 2 && s[st] >= 'A' && s[st] <= 'Z') ||
                         x_list_has(x_list(x, "abbreviations"), s + st, e - 1 - st, 0);
            if (!abbrev) {
                e--;
                brk = 1;
            }
        }
        if (e - st > 4 && (unsigned char)s[e - 4] == 0xE2 && (unsigned char)s[e - 3] == 0x80 &&
            (unsigned char)s[e - 2] == 0x99 && s[e - 1] == 's') {
            e -= 4;
            poss = 1;
        } else if (e - st > 2 && s[e - 2] == '\'' && s[e - 1] == 's') {
            e -= 2;
            poss = 1;
        }
        if (e <= st)
            continue;
        t[n].s = st;
        t[n].e = e;
        t[n].cap = x_is_upper_at(s, e, st);
        t[n].brk = brk;
        t[n].poss = poss;
        n++;
    }
    return n;
}

/* 1 when token t is the word "of" (any case). */
static int is_of(const char *s, const xtok *t)
{
    return t->e - t->s == 2 && (s[t->s] | 32) == 'o' && (s[t->s + 1] | 32) == 'f';
}

static int tok_in(const tr_extractor *x, const char *list, const char *s, const xtok *t)
{
    return x_list_has(x_list(x, list), s + t->s, t->e - t->s, 1);
}

/* Side word at token i (two-word keys first); *used gets the words taken. */
static const char *side_at(const tr_extractor *x, const char *s, const xtok *t, size_t n,
                           size_t i, size_t *used)
{
    if (i + 1 < n && !t[i].brk) {
        const char *v = x_side_of(x, s + t[i].s, t[i + 1].e - t[i].s);
        if (v && !memchr(s + t[i].s, '\n', t[i + 1].e - t[i].s)) {
            *used = 2;
            return v;
        }
    }
    *used = 1;
    return x_side_of(x, s + t[i].s, t[i].e - t[i].s);
}

static void add_side(char *buf, size_t n, const char *side)
{
    size_t l = strlen(side);
    for (const char *p = buf; *p;) {
        if (!strncmp(p, side, l) && (p[l] == ',' || !p[l]))
            return;
        p = strchr(p, ',');
        if (!p)
            break;
        p++;
    }
    if (*buf)
        strncat(buf, ",", n - strlen(buf) - 1);
    strncat(buf, side, n - strlen(buf) - 1);
}

/* Sides named by the words of s[a..b), joined with ',' into buf. */
static void sides_in(const tr_extractor *x, const char *s, size_t a, size_t b, char *buf,
                     size_t n)
{
    xtok t[64];
    size_t nt = tokenize(x, s, a, b, t, 64);
    buf[0] = 0;
    for (size_t i = 0; i < nt;) {
        size_t used;
        const char *v = side_at(x, s, t, nt, i, &used);
        if (v)
            add_side(buf, n, v);
        i += used;
    }
}

/* The name in tokens [a, b): the words after the last title or side
** word.  Returns the first name token (== b when none is left). */
static size_t strip_titles(const tr_extractor *x, const char *s, const xtok *t, size_t a,
                           size_t b)
{
    size_t k = a;
    for (size_t i = a; i < b; i++) {
        size_t used = 1; /* a title, an org noun or "of" is one token */
        if (tok_in(x, "titles", s, &t[i]) || tok_in(x, "org-nouns", s, &t[i]) ||
            is_of(s, &t[i]) ||
            side_at(x, s, t, b, i, &used)) {
            k = i + (tok_in(x, "titles", s, &t[i]) || tok_in(x, "org-nouns", s, &t[i]) ? 1 : used);
            if (k > b)
                k = b;
            i = k - 1;
        }
        else if (!t[i].cap)
            k = i + 1;
    }
    while (k < b && tok_in(x, "not-names", s, &t[k]))
        k++;
    return k;
}

static char *join(const char *s, const xtok *t, size_t a, size_t b)
{
    size_t n = 0;
    for (size_t i = a; i < b; i++)
        n += t[i].e - t[i].s + 1;
    char *p = malloc(n + 1), *q = p;
    if (!p)
        return NULL;
    for (size_t i = a; i < b; i++) {
        if (i > a)
            *q++ = ' ';
        memcpy(q, s + t[i].s, t[i].e - t[i].s);
        q += t[i].e - t[i].s;
    }
    *q = 0;
    return p;
}

static int people_push(xpeople *p, xperson v)
{
    if (p->n == p->cap) {
        size_t nc = p->cap ? p->cap * 2 : 32;
        xperson *nv = realloc(p->v, nc * sizeof *nv);
        if (!nv)
            return -1;
        p->v = nv;
        p->cap = nc;
    }
    p->v[p->n++] = v;
    return 0;
}

static int by_full(const void *a, const void *b)
{
    const xperson *x = a, *y = b;
    int c = strcmp(x->full, y->full);
    return c ? c : x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* Builds p->u: one entry per full name, so lookups do not grow with the
** number of mentions. */
static int unique(xpeople *p)
{
    if (!p->n)
        return 0;
    xperson *u = malloc(p->n * sizeof *u);
    if (!u)
        return -1;
    memcpy(u, p->v, p->n * sizeof *u);
    qsort(u, p->n, sizeof *u, by_full);
    size_t k = 0;
    for (size_t i = 0; i < p->n; i++) {
        if (k && !strcmp(u[k - 1].full, u[i].full)) {
            if (!u[k - 1].side)
                u[k - 1].side = u[i].side;
            continue;
        }
        u[k++] = u[i];
    }
    p->u = u;
    p->nu = k;
    return 0;
}

/* Collects the full names (two or more capitalised words after titles)
** of s[0..len) with their side; -1 on out of memory. */
int x_people_scan(const tr_extractor *x, const char *s, size_t len, xpeople *out)
{
    enum { CH = 256 };
    xtok t[CH];
    size_t a = 0;
    memset(out, 0, sizeof *out);
    while (a < len) {
        /* tokenize a chunk ending at white space */
        size_t b = a + 8192 < len ? a + 8192 : len;
        while (b < len && !is_ws(s[b]))
            b++;
        size_t n = tokenize(x, s, a, b, t, CH);
        if (n == CH) { /* chunk too dense: cut at the last token */
            b = t[CH - 1].s;
            n = CH - 1;
        }
        for (size_t i = 0; i < n;) {
            if (!t[i].cap) {
                i++;
                continue;
            }
            size_t j = i + 1;
            if (!t[i].brk && !t[i].poss)
                while (j < n) {
                    int of = is_of(s, &t[j]) && j + 1 < n && t[j + 1].cap;
                    if (!(t[j].cap || of))
                        break;
                    j++;
                    if (t[j - 1].brk || t[j - 1].poss)
                        break;
                }
            size_t k = strip_titles(x, s, t, i, j);
            if (j - k >= 2 && j - k <= 4 && !tok_in(x, "not-names", s, &t[j - 1]) &&
                !tok_in(x, "group-nouns", s, &t[j - 1])) {
                char side[64] = "";
                size_t from = i >= 4 ? i - 4 : 0;
                for (size_t m = i; m > from && !t[m - 1].brk; m--)
                    from = m - 1;
                if (from < k)
                    sides_in(x, s, t[from].s, t[k - 1].e, side, sizeof side);
                xperson p = {join(s, t, k, j), NULL, NULL, t[k].s};
                if (!p.full)
                    return -1;
                p.surname = strrchr(p.full, ' ') + 1;
                /* keep a pointer to the table's own string */
                for (size_t q = 0; side[0] && q < x->nsides; q++)
                    if (!strcmp(x->sides[q].side, side)) {
                        p.side = x->sides[q].side;
                        break;
                    }
                if (people_push(out, p)) {
                    free(p.full);
                    return -1;
                }
            }
            i = j;
        }
        a = b;
        if (n == 0 && a < len && b == a)
            a++;
    }
    return unique(out);
}

/* Frees the names of p. */
void x_people_free(xpeople *p)
{
    for (size_t i = 0; i < p->n; i++)
        free(p->v[i].full);
    free(p->v);
    free(p->u);
    memset(p, 0, sizeof *p);
}

static char *xdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}

static char *xfmt(const char *fmt, const char *a, const char *b)
{
    size_t n = strlen(fmt) + strlen(a) + (b ? strlen(b) : 0) + 1;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, fmt, a, b ? b : "");
    return p;
}

static const xperson *find_full(const xpeople *pp, const char *full)
{
    const xperson *best = NULL;
    for (size_t i = 0; i < pp->nu; i++)
        if (!strcmp(pp->u[i].full, full) && (!best || (!best->side && pp->u[i].side)))
            best = &pp->u[i];
    return best;
}

/* The grammatical gender of a person named name: 'f', 'm' or 'n' from
** the registry (opts' lookup), else 'f' or 'm' when the first word of
** the name is in names-female.txt or names-male.txt, else 0 (unknown). */
char x_gender_of(const tr_extractor *x, const tr_extract_opts *opts, const char *name)
{
    if (opts && opts->lookup) {
        char canon[256], sd[64], g[4] = "";
        if (opts->lookup(opts->lookup_ctx, name, canon, sizeof canon, sd, sizeof sd, g, sizeof g) ==
                1 &&
            (g[0] == 'f' || g[0] == 'm' || g[0] == 'n'))
            return g[0];
    }
    size_t n = strcspn(name, " ");
    if (!strchr(name, ' '))
        return 0; /* a lone surname says nothing */
    if (x_list_has(x_list(x, "names-female"), name, n, 0))
        return 'f';
    if (x_list_has(x_list(x, "names-male"), name, n, 0))
        return 'm';
    return 0;
}

/* The gender a pronoun asks for: 'f' (she), 'm' (he), 0 (any). */
char x_pronoun_gender(const char *w, size_t n)
{
    if (n == 3 && !strncasecmp(w, "she", 3))
        return 'f';
    if (n == 2 && !strncasecmp(w, "he", 2))
        return 'm';
    return 0;
}

/* 1 when a person of gender g can be called by a pronoun asking for want. */
static int agrees(char g, char want)
{
    return !want || !g || g == want;
}

/* Resolves the speaker words text[phrase] (with the appositive
** text[appos], possibly empty) into out, whose strings the caller frees
** with x_resolved_free.  Returns -1 on out of memory. */
int x_resolve_speaker(const tr_extractor *x, const char *text, xspan phrase, xspan appos,
                      const xpeople *people, const xprev *last_person,
                      const xprev *last_group, const tr_extract_opts *opts, xresolved *out)
{
    xtok t[64];
    size_t n = tokenize(x, text, phrase.s, phrase.e, t, 64);
    char side[128] = "";
    memset(out, 0, sizeof *out);
    if (appos.e > appos.s && n && (tok_in(x, "articles", text, &t[0]) || t[n - 1].poss ||
                                   !t[n - 1].cap)) {
        /* "The bank's chief economist, Philip Lane, said": the name */
        xtok at[8];
        size_t an = tokenize(x, text, appos.s, appos.e, at, 8), caps = 0;
        for (size_t i = 0; i < an; i++)
            caps += at[i].cap;
        if (an >= 2 && an <= 4 && caps == an) {
            xspan tmp = phrase;
            phrase = appos;
            appos = tmp;
            n = tokenize(x, text, phrase.s, phrase.e, t, 64);
        }
    }
    if (n == 0) {
        out->speaker = xdup("unknown");
        out->ambiguous = 1;
        out->reason = xdup("no speaker words");
        return out->speaker && out->reason ? 0 : -1;
    }
    /* pronouns */
    if (n == 1 && (tok_in(x, "pronouns-person", text, &t[0]) ||
                   tok_in(x, "pronouns-group", text, &t[0]))) {
        int grp = tok_in(x, "pronouns-group", text, &t[0]);
        const xprev *p = grp ? last_group : last_person;
        char word[32];
        snprintf(word, sizeof word, "%.*s", (int)(t[0].e - t[0].s), text + t[0].s);
        out->via_pronoun = 1;
        out->kind = grp ? TR_SPEAKER_GROUP : TR_SPEAKER_PERSON;
        if (!p) {
            out->speaker = xdup("unknown");
            out->ambiguous = 1;
            out->reason = xfmt("pronoun '%s' with no earlier speaker%s", word, NULL);
            return out->speaker && out->reason ? 0 : -1;
        }
        out->speaker = xdup(p->speaker);
        out->side = p->side ? xdup(p->side) : NULL;
        out->kind = p->kind;
        size_t lo = 0, hi = people->n;
        while (lo < hi) { /* first mention after the speaker's statement */
            size_t mid = lo + (hi - lo) / 2;
            if (people->v[mid].pos <= p->pos)
                lo = mid + 1;
            else
                hi = mid;
        }
        char want = x_pronoun_gender(text + t[0].s, t[0].e - t[0].s);
        if (!grp && want && !agrees(x_gender_of(x, opts, p->speaker), want))
            out->ambiguous = 1, out->reason = xfmt("'%s' has no earlier speaker of that gender%s",
                                                   word, NULL);
        if (!grp && !out->ambiguous)
            for (size_t i = lo; i < people->n && people->v[i].pos < phrase.s; i++)
                if (strcmp(people->v[i].full, p->speaker) &&
                    agrees(x_gender_of(x, opts, people->v[i].full), want) &&
                    strcmp(people->v[i].surname, p->speaker)) {
                    out->ambiguous = 1;
                    out->reason = xfmt("pronoun could refer to %s or %s", p->speaker,
                                       people->v[i].full);
                    break;
                }
        goto lookup;
    }
    size_t h = n - 1; /* head word */
    /* one of the officials */
    if (n >= 3 && tok_in(x, "member-words", text, &t[0]) &&
        is_of(text, &t[1]) && tok_in(x, "group-nouns", text, &t[h])) {
        out->kind = TR_SPEAKER_ANONYMOUS;
        if (last_group) {
            char mw[32];
            snprintf(mw, sizeof mw, "%.*s", (int)(t[0].e - t[0].s), text + t[0].s);
            mw[0] = (char)(mw[0] | 0x20);
            out->speaker = xfmt("%s of the %s", mw, last_group->speaker);
            out->side = last_group->side ? xdup(last_group->side) : NULL;
        } else {
            char *ph = join(text, t, 0, n);
            if (!ph)
                return -1;
            ph[0] = (char)(ph[0] | 0x20);
            out->speaker = ph;
        }
        goto lookup;
    }
    int head_group = tok_in(x, "group-nouns", text, &t[h]);
    int head_org = tok_in(x, "org-nouns", text, &t[h]);
    if (!t[h].cap || head_group || head_org)
        for (size_t i = 0; i < n && !head_group; i++)
            head_group = tok_in(x, "group-nouns", text, &t[i]);
    int has_role = 0;
    for (size_t i = 0; i < n; i++)
        if (!t[i].cap && tok_in(x, "role-nouns", text, &t[i]))
            has_role = 1;
    int indef = t[0].e - t[0].s <= 2 && tok_in(x, "articles", text, &t[0]); /* a, an */
    int the = !indef && tok_in(x, "articles", text, &t[0]);
    int anon = has_role && (indef || (the && !head_group && !head_org));
    if (head_group || head_org || anon) {
        size_t a = 0;
        while (a < h && (tok_in(x, "articles", text, &t[a]) || tok_in(x, "quantifiers", text, &t[a])))
            a++;
        out->kind = anon ? TR_SPEAKER_ANONYMOUS : TR_SPEAKER_GROUP;
        out->speaker = join(text, t, a, n);
        if (!out->speaker)
            return -1;
        sides_in(x, text, phrase.s, phrase.e, side, sizeof side);
        if (!side[0] && appos.e > appos.s)
            sides_in(x, text, appos.s, appos.e, side, sizeof side);
        goto sided;
    }
    /* a person: the last run of capitalised words */
    {
        size_t j = n, i = n;
        while (i > 0 && (t[i - 1].cap || (i >= 2 && is_of(text, &t[i - 1]))) &&
               (i == n || !t[i - 1].brk))
            i--;
        /* "John Conyers of Michigan": a full name, then "of" and a place */
        for (size_t m = i + 2; m + 1 < j; m++)
            if (is_of(text, &t[m]) && strip_titles(x, text, t, i, m) + 2 <= m) {
                j = m;
                break;
            }
        size_t k = strip_titles(x, text, t, i, j);
        out->kind = TR_SPEAKER_PERSON;
        if (i == n && !t[n - 1].cap) {
            /* no capitalised word: a common noun phrase ("The judges",
               "the witness"): a group when its head is plural, else an
               anonymous person; the article goes */
            size_t a = tok_in(x, "articles", text, &t[0]) ? 1 : 0;
            size_t hl = t[n - 1].e - t[n - 1].s;
            int plural = hl > 3 && text[t[n - 1].e - 1] == 's' && text[t[n - 1].e - 2] != 's';
            out->kind = plural ? TR_SPEAKER_GROUP : TR_SPEAKER_ANONYMOUS;
            if (!(out->speaker = join(text, t, a < n ? a : 0, n)))
                return -1;
            sides_in(x, text, phrase.s, phrase.e, side, sizeof side);
            goto sided;
        }
        int has_org = 0;
        for (size_t q = 0; q < n; q++)
            has_org |= tok_in(x, "org-nouns", text, &t[q]);
        if (has_org && j - k <= 1) { /* "The Ministry of Health" */
            size_t a = tok_in(x, "articles", text, &t[0]) ? 1 : 0;
            out->kind = TR_SPEAKER_GROUP;
            if (!(out->speaker = join(text, t, a, n)))
                return -1;
            sides_in(x, text, phrase.s, phrase.e, side, sizeof side);
            goto sided;
        }
        sides_in(x, text, phrase.s, phrase.e, side, sizeof side);
        if (k == j) {
            out->speaker = join(text, t, 0, n);
            out->ambiguous = 1;
            out->reason = xfmt("'%s' is a title without a name", out->speaker ? out->speaker : "",
                               NULL);
            if (!out->speaker || !out->reason)
                return -1;
            goto sided;
        }
        if (j - k == 1) {
            char sur[128];
            snprintf(sur, sizeof sur, "%.*s", (int)(t[k].e - t[k].s), text + t[k].s);
            const xperson *best = NULL, *other = NULL;
            for (size_t q = 0; q < people->nu; q++) {
                const xperson *p = &people->u[q];
                if (strcmp(p->surname, sur))
                    continue;
                if (best && strcmp(best->full, p->full)) {
                    if (p->pos < phrase.s || best->pos > phrase.s) {
                        other = best;
                        best = p;
                    } else
                        other = p;
                } else if (!best || (!best->side && p->side))
                    best = p;
            }
            for (size_t q = 0; !best && q < people->nu; q++) { /* "Gao" of "Gao Feng" */
                const xperson *p = &people->u[q];
                size_t fl = strlen(sur);
                if (!strncmp(p->full, sur, fl) && p->full[fl] == ' ')
                    best = p;
            }
            if (best) {
                out->speaker = xdup(best->full);
                if (other) {
                    out->ambiguous = 1;
                    out->reason = xfmt("surname could be %s or %s", best->full, other->full);
                }
            } else
                out->speaker = xdup(sur);
        } else
            out->speaker = join(text, t, k, j);
        if (!out->speaker)
            return -1;
        if (!side[0] && appos.e > appos.s) {
            sides_in(x, text, appos.s, appos.e, side, sizeof side);
            if (!side[0]) { /* "Smith's adviser": the possessor's side */
                xtok at[64];
                size_t an = tokenize(x, text, appos.s, appos.e, at, 64);
                for (size_t q = 0; q < an && !side[0]; q++)
                    if (at[q].poss && at[q].cap) {
                        char sur[128];
                        snprintf(sur, sizeof sur, "%.*s", (int)(at[q].e - at[q].s),
                                 text + at[q].s);
                        for (size_t r = 0; r < people->nu; r++)
                            if (people->u[r].side && (!strcmp(people->u[r].surname, sur) ||
                                                      !strcmp(people->u[r].full, sur))) {
                                snprintf(side, sizeof side, "%s", people->u[r].side);
                                break;
                            }
                    }
            }
        }
        if (!side[0]) {
            const xperson *p = find_full(people, out->speaker);
            if (p && p->side)
                snprintf(side, sizeof side, "%s", p->side);
        }
    }
sided:
    if (side[0] && !out->side && !(out->side = xdup(side)))
        return -1;
lookup:
    if (!out->speaker || (out->ambiguous && !out->reason))
        return -1;
    if (opts && opts->lookup) {
        char canon[256] = "", sd[64] = "", g[4] = "";
        if (opts->lookup(opts->lookup_ctx, out->speaker, canon, sizeof canon, sd, sizeof sd, g,
                         sizeof g) == 1 &&
            canon[0]) {
            char *c = xdup(canon);
            if (!c)
                return -1;
            free(out->speaker);
            out->speaker = c;
            if (sd[0]) {
                free(out->side);
                if (!(out->side = xdup(sd)))
                    return -1;
            }
        }
    }
    return 0;
}

/* Frees the strings of r. */
void x_resolved_free(xresolved *r)
{
    free(r->speaker);
    free(r->side);
    free(r->reason);
    memset(r, 0, sizeof *r);
}
