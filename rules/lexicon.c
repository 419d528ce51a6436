/*
** lexicon.c: loading the negation, hedge and abbreviation lexicons from the
** *.txt files of a lexicon directory.  Each line is a directive:
**   scope N          words a negation trigger reaches (default 5)
**   trigger PHRASE   negates the cue that follows within the scope
**   post PHRASE      negates the cue that precedes within the scope
**   pseudo PHRASE    looks like a trigger but does not negate ("not only")
**   terminator WORD  ends a negation or hedge scope ("but", "however")
**   hedge PHRASE     a hedge: pushes the cue it governs toward deny
**   abbrev WORD      an abbreviation whose dot does not end a sentence
** A PHRASE is one or more words; "*n't" matches any word ending in n't.
** Matching is case-insensitive and treats ’ as '.
*/
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "sha256.h"

/* Frees the phrases of p. */
static void phrases_free(tr_phrases *p)
{
    for (size_t i = 0; i < p->n; i++) {
        for (size_t j = 0; j < p->v[i].n; j++)
            free(p->v[i].words[j]);
        free(p->v[i].words);
        free(p->v[i].lens);
    }
    free(p->v);
    memset(p, 0, sizeof *p);
}

/* Frees lex. */
void trr_lexicon_free(tr_lexicon *lex)
{
    phrases_free(&lex->triggers);
    phrases_free(&lex->post);
    phrases_free(&lex->pseudo);
    phrases_free(&lex->terminators);
    phrases_free(&lex->hedges);
    phrases_free(&lex->abbrevs);
}

/* Lower-cases ASCII letters of s[0..n) and rewrites ’ (U+2019) as ' into a
** new string (caller frees); NULL on OOM. */
static char *norm_word(const char *s, size_t n)
{
    char *o = malloc(n + 1);
    if (!o)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (i + 2 < n && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
            (unsigned char)s[i + 2] == 0x99) {
            o[k++] = '\'';
            i += 2;
        } else
            o[k++] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] - 'A' + 'a') : s[i];
    }
    o[k] = '\0';
    return o;
}

/* Parses the words of s[0..n) into a new phrase of list l; 0, 1 when
** empty, -1 on OOM. */
static int add_phrase(tr_phrases *l, const char *s, size_t n)
{
    tr_phrase ph = { NULL, NULL, 0, 0 };
    size_t i = 0;
    while (i < n) {
        while (i < n && (s[i] == ' ' || s[i] == '\t'))
            i++;
        size_t b = i;
        while (i < n && s[i] != ' ' && s[i] != '\t')
            i++;
        if (i == b)
            break;
        char **w = realloc(ph.words, (ph.n + 1) * sizeof *w);
        if (!w)
            goto oom;
        ph.words = w;
        if (!(ph.words[ph.n] = norm_word(s + b, i - b)))
            goto oom;
        ph.n++;
    }
    if (ph.n == 0)
        return 1;
    if (ph.n == 1 && ph.words[0][0] == '*' && ph.words[0][1]) {
        memmove(ph.words[0], ph.words[0] + 1, strlen(ph.words[0]));
        ph.suffix = 1;
    }
    if (!(ph.lens = malloc(ph.n * sizeof *ph.lens)))
        goto oom;
    for (size_t j = 0; j < ph.n; j++)
        ph.lens[j] = strlen(ph.words[j]);
    if (trr_grow((void **)&l->v, &l->cap, l->n, sizeof *l->v) < 0)
        goto oom;
    l->v[l->n++] = ph;
    return 0;
oom:
    for (size_t j = 0; j < ph.n; j++)
        free(ph.words[j]);
    free(ph.words);
    free(ph.lens);
    return -1;
}

/* Parses one lexicon file's text into lex; errors to diags.  Returns the
** number of errors, or -1 on OOM. */
static int parse_lexicon(tr_lexicon *lex, const char *path, const char *text,
                         size_t len, tr_diags *diags)
{
    int nerr = 0;
    size_t i = 0;
    unsigned line = 0;
    while (i < len) {
        line++;
        size_t ls = i, e = i;
        while (e < len && text[e] != '\n')
            e++;
        size_t end = e;
        if (end > i && text[end - 1] == '\r')
            end--;
        size_t b = i;
        while (b < end && (text[b] == ' ' || text[b] == '\t'))
            b++;
        size_t h = b;
        while (h < end && text[h] != '#')
            h++;
        while (h > b && (text[h - 1] == ' ' || text[h - 1] == '\t'))
            h--;
        i = e + 1;
        if (h == b)
            continue;
        size_t d = b;
        while (d < h && text[d] != ' ' && text[d] != '\t')
            d++;
        size_t dl = d - b;
        const char *dir = text + b;
        tr_phrases *l = NULL;
#define IS(w) (dl == sizeof(w) - 1 && !memcmp(dir, w, dl))
        if (IS("trigger")) l = &lex->triggers;
        else if (IS("post")) l = &lex->post;
        else if (IS("pseudo")) l = &lex->pseudo;
        else if (IS("terminator")) l = &lex->terminators;
        else if (IS("hedge")) l = &lex->hedges;
        else if (IS("abbrev")) l = &lex->abbrevs;
        else if (IS("scope")) {
            char num[16] = "";
            size_t a = d;
            while (a < h && (text[a] == ' ' || text[a] == '\t'))
                a++;
            if (h - a < sizeof num)
                memcpy(num, text + a, h - a), num[h - a] = '\0';
            char *ep;
            long v = strtol(num, &ep, 10);
            if (!num[0] || *ep || v < 1 || v > 50) {
                if (trr_diag_add(diags, TR_DIAG_ERROR, TR_E_LEXICON, path, text, len, line,
                                trr_utf8_count(text + ls, a - ls) + 1, 1,
                                "bad scope (expected a number of words, 1 to 50)") < 0)
                    return -1;
                nerr++;
            } else
                lex->scope = (unsigned)v;
            continue;
        }
#undef IS
        if (!l) {
            if (trr_diag_add(diags, TR_DIAG_ERROR, TR_E_LEXICON, path, text, len, line,
                            trr_utf8_count(text + ls, b - ls) + 1, (unsigned)dl,
                            "unknown lexicon directive '%.*s' (expected scope, trigger, post, "
                            "pseudo, terminator, hedge or abbrev)", (int)dl, dir) < 0)
                return -1;
            nerr++;
            continue;
        }
        int rc = add_phrase(l, text + d, h - d);
        if (rc < 0)
            return -1;
        if (rc == 1) {
            if (trr_diag_add(diags, TR_DIAG_ERROR, TR_E_LEXICON, path, text, len, line,
                            trr_utf8_count(text + ls, h - ls) + 1, 1,
                            "'%.*s' needs a phrase", (int)dl, dir) < 0)
                return -1;
            nerr++;
        }
    }
    return nerr;
}

/* Loads every *.txt file of dir (sorted by name) into lex, hashing each
** file's name and bytes into h.  TR_ECONFIG on lexicon errors (in diags). */
tr_status trr_lexicon_load(tr_lexicon *lex, const char *dir, tr_diags *diags,
                          tr_sha256_ctx *h, tr_err *err)
{
    memset(lex, 0, sizeof *lex);
    lex->scope = 5;
    char **names = NULL;
    long n = trr_list_dir(dir, ".txt", &names);
    if (n == -2)
        return tr_errf(err, TR_ESOFTWARE, "out of memory");
    if (n < 0)
        return tr_errf(err, TR_ENOINPUT, "cannot open lexicon directory %s: %s", dir, strerror(errno));
    tr_status st = TR_OK;
    int nerr = 0;
    for (long k = 0; k < n && st == TR_OK; k++) {
        char *text = NULL;
        size_t len = 0;
        st = trr_read_file(names[k], &text, &len, err);
        if (st != TR_OK)
            break;
        if (h) {
            const char *base = strrchr(names[k], '/');
            base = base ? base + 1 : names[k];
            tr_sha256_update(h, "lexicon", 8);
            tr_sha256_update(h, base, strlen(base) + 1);
            uint64_t l64 = len;
            tr_sha256_update(h, &l64, sizeof l64);
            tr_sha256_update(h, text, len);
        }
        int rc = parse_lexicon(lex, names[k], text, len, diags);
        free(text);
        if (rc < 0)
            st = tr_errf(err, TR_ESOFTWARE, "out of memory");
        else
            nerr += rc;
    }
    for (long k = 0; k < n; k++)
        free(names[k]);
    free(names);
    if (st == TR_OK && nerr)
        st = tr_errf(err, TR_ECONFIG, "%d error(s) in the lexicon %s", nerr, dir);
    return st;
}
