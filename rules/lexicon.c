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
**   skip PHRASE      a word a trigger passes over to reach the word it
**                    governs ("a", "very", "going to")
**   raise PHRASE     a verb a negation reaches through ("think", "mean")
**   embed PHRASE     a verb that reports someone else's speech or thought
**   self PHRASE      a first-person subject ("I said" is the speaker's own)
**   self-object PHRASE  a first-person object or possessive ("me", "our")
**   pronoun PHRASE   a word that stands for the last person named ("he")
**   coord PHRASE     a word that carries a negation on ("not X or Y")
**   prep PHRASE      a preposition: a name after one is a cue's second choice
**   link PHRASE      a preposition that ties the name after it to the cue's
**                    phrase ("thanks to", "an interview with"): no second choice
**   determiner PHRASE  a word that opens a noun phrase ("the", "a")
**   relative PHRASE  a relative pronoun: stands for the name just before it ("who")
**   except PHRASE    excepts the name after it from a cue before it ("except for")
**   contrast PHRASE  a word after which the speaker's position is stated ("but")
**   disagree PHRASE  a comment on a quoted post that opens with it rejects the
**                    post ("Wrong!"), like one that opens with a negation trigger
**   reposts own|others  whether a quoted post ("@user: ...") is the
**                    speaker's own words (the default: he reposted it to
**                    promote it) or someone else's
** A PHRASE is one or more words; "*n't" matches any word ending in n't.
** Matching is case-insensitive and treats ’ as '.  Besides the lexicon
** directory, a rule set's `lexicon` blocks add directives and files, and
** extract's speech verbs (rules/attribution/speech-verbs.txt) are read as
** embed entries.
*/
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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
    free(p->bucket);
    free(p->next);
    free(p->suffix);
    memset(p, 0, sizeof *p);
}

/* Every phrase list of the lexicon: its directive and where it lives. */
static const struct {
    const char *name;
    size_t off;
} lists[] = {
    {"trigger", offsetof(tr_lexicon, triggers)},   {"post", offsetof(tr_lexicon, post)},
    {"pseudo", offsetof(tr_lexicon, pseudo)},      {"terminator", offsetof(tr_lexicon, terminators)},
    {"hedge", offsetof(tr_lexicon, hedges)},       {"abbrev", offsetof(tr_lexicon, abbrevs)},
    {"skip", offsetof(tr_lexicon, skips)},         {"raise", offsetof(tr_lexicon, raises)},
    {"embed", offsetof(tr_lexicon, embeds)},       {"self", offsetof(tr_lexicon, selves)},
    {"self-object", offsetof(tr_lexicon, selfobjs)}, {"pronoun", offsetof(tr_lexicon, pronouns)},
    {"coord", offsetof(tr_lexicon, coords)},       {"prep", offsetof(tr_lexicon, preps)},
    {"link", offsetof(tr_lexicon, links)},         {"determiner", offsetof(tr_lexicon, determiners)},
    {"relative", offsetof(tr_lexicon, relatives)}, {"except", offsetof(tr_lexicon, excepts)},
    {"contrast", offsetof(tr_lexicon, contrasts)}, {"disagree", offsetof(tr_lexicon, disagrees)},
};

/* List k of lex. */
static tr_phrases *list_at(tr_lexicon *lex, size_t k)
{
    return (tr_phrases *)((char *)lex + lists[k].off);
}

/* Frees lex. */
void trr_lexicon_free(tr_lexicon *lex)
{
    for (size_t k = 0; k < sizeof lists / sizeof lists[0]; k++)
        phrases_free(list_at(lex, k));
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

/* FNV-1a over a word's bytes. */
size_t trr_word_hash(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    return (size_t)h;
}

/* Builds one list's first-word index; 0 or -1. */
static int index_phrases(tr_phrases *p)
{
    free(p->bucket);
    free(p->next);
    free(p->suffix);
    p->bucket = p->next = p->suffix = NULL;
    p->nsuffix = 0;
    p->nbuckets = 16;
    while (p->nbuckets < 2 * p->n)
        p->nbuckets *= 2;
    p->bucket = malloc(p->nbuckets * sizeof *p->bucket);
    p->next = malloc((p->n + 1) * sizeof *p->next);
    p->suffix = malloc((p->n + 1) * sizeof *p->suffix);
    if (!p->bucket || !p->next || !p->suffix) {
        p->nbuckets = 0;
        return -1;
    }
    for (size_t b = 0; b < p->nbuckets; b++)
        p->bucket[b] = -1;
    for (size_t k = p->n; k-- > 0;) { /* chains keep the lists' order */
        if (p->v[k].suffix) {
            p->next[k] = -1;
            continue;
        }
        size_t b = trr_word_hash(p->v[k].words[0], p->v[k].lens[0]) & (p->nbuckets - 1);
        p->next[k] = p->bucket[b];
        p->bucket[b] = (int)k;
    }
    for (size_t k = 0; k < p->n; k++)
        if (p->v[k].suffix)
            p->suffix[p->nsuffix++] = (int)k;
    return 0;
}

/* Builds the first-word index of every list of lex. */
int trr_lexicon_index(tr_lexicon *lex)
{
    for (size_t k = 0; k < sizeof lists / sizeof lists[0]; k++)
        if (index_phrases(list_at(lex, k)) < 0)
            return -1;
    return 0;
}

/* Adds one directive to lex; see internal.h. */
int trr_lexicon_directive(tr_lexicon *lex, const char *name, const char *ph, size_t plen)
{
    if (!strcmp(name, "reposts")) {
        if (plen == 3 && !memcmp(ph, "own", 3))
            lex->reposts_own = 1;
        else if (plen == 6 && !memcmp(ph, "others", 6))
            lex->reposts_own = 0;
        else
            return 2;
        return 0;
    }
    if (!strcmp(name, "scope")) {
        char num[16] = "";
        if (plen < sizeof num)
            memcpy(num, ph, plen), num[plen] = '\0';
        char *ep;
        long v = strtol(num, &ep, 10);
        if (!num[0] || *ep || v < 1 || v > 50)
            return 2;
        lex->scope = (unsigned)v;
        return 0;
    }
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++)
        if (!strcmp(name, lists[i].name)) {
            int rc = add_phrase(list_at(lex, i), ph, plen);
            return rc < 0 ? -1 : rc == 1 ? 2 : 0;
        }
    return 1;
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
        size_t a = d;
        while (a < h && (text[a] == ' ' || text[a] == '\t'))
            a++;
        char name[16] = "";
        if (dl < sizeof name)
            memcpy(name, dir, dl), name[dl] = '\0';
        int rc = trr_lexicon_directive(lex, name, text + a, h - a);
        if (rc < 0)
            return -1;
        if (rc == 1) {
            if (trr_diag_add(diags, TR_DIAG_ERROR, TR_E_LEXICON, path, text, len, line,
                            trr_utf8_count(text + ls, b - ls) + 1, (unsigned)dl,
                            "unknown lexicon directive '%.*s' (expected scope, trigger, post, "
                            "pseudo, terminator, hedge, abbrev, skip, raise, embed, self, self-object, pronoun, coord, prep, "
                            "link, determiner, relative, except, contrast, disagree or reposts)",
                            (int)dl, dir) < 0)
                return -1;
            nerr++;
        } else if (rc == 2) {
            int bad = !strcmp(name, "reposts")
                          ? trr_diag_add(diags, TR_DIAG_ERROR, TR_E_LEXICON, path, text, len, line,
                                         trr_utf8_count(text + ls, a - ls) + 1, 1,
                                         "bad reposts (expected own or others)")
                          : !strcmp(name, "scope")
                          ? trr_diag_add(diags, TR_DIAG_ERROR, TR_E_LEXICON, path, text, len, line,
                                         trr_utf8_count(text + ls, a - ls) + 1, 1,
                                         "bad scope (expected a number of words, 1 to 50)")
                          : trr_diag_add(diags, TR_DIAG_ERROR, TR_E_LEXICON, path, text, len, line,
                                         trr_utf8_count(text + ls, h - ls) + 1, 1,
                                         "'%.*s' needs a phrase", (int)dl, dir);
            if (bad < 0)
                return -1;
            nerr++;
        }
    }
    return nerr;
}

/* Feeds one lexicon file's name and bytes to h. */
static void hash_file(tr_sha256_ctx *h, const char *tag, const char *path, const char *text,
                      size_t len)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    tr_sha256_update(h, tag, strlen(tag) + 1);
    tr_sha256_update(h, base, strlen(base) + 1);
    uint64_t l64 = len;
    tr_sha256_update(h, &l64, sizeof l64);
    tr_sha256_update(h, text, len);
}

/* Reads path into *text (caller frees) and feeds it, tagged, to h. */
static tr_status read_hashed(const char *path, const char *tag, tr_sha256_ctx *h, char **text,
                             size_t *len, tr_err *err)
{
    tr_status st = trr_read_file(path, text, len, NULL, err);
    if (st == TR_OK && h)
        hash_file(h, tag, path, *text, *len);
    return st;
}

/* Reads one lexicon file into lex; see internal.h. */
tr_status trr_lexicon_file(tr_lexicon *lex, const char *path, tr_diags *diags, tr_sha256_ctx *h,
                          int *nerr, tr_err *err)
{
    char *text = NULL;
    size_t len = 0;
    tr_status st = read_hashed(path, "lexicon", h, &text, &len, err);
    if (st != TR_OK)
        return st;
    int rc = parse_lexicon(lex, path, text, len, diags);
    free(text);
    if (rc < 0)
        return tr_errf(err, TR_ESOFTWARE, "out of memory");
    *nerr += rc;
    return TR_OK;
}

/* Reads a word list into l; see internal.h. */
tr_status trr_lexicon_wordlist(tr_phrases *l, const char *path, tr_sha256_ctx *h, tr_err *err)
{
    struct stat sb;
    if (stat(path, &sb) != 0)
        return TR_OK;
    char *text = NULL;
    size_t len = 0;
    tr_status st = read_hashed(path, "wordlist", h, &text, &len, err);
    if (st != TR_OK)
        return st;
    size_t i = 0;
    while (i < len && st == TR_OK) {
        size_t e = i;
        while (e < len && text[e] != '\n')
            e++;
        size_t b = i, end = e;
        while (b < end && (text[b] == ' ' || text[b] == '\t'))
            b++;
        size_t c = b;
        while (c < end && text[c] != '#')
            c++;
        while (c > b && (text[c - 1] == ' ' || text[c - 1] == '\t' || text[c - 1] == '\r'))
            c--;
        if (c > b && add_phrase(l, text + b, c - b) < 0)
            st = tr_errf(err, TR_ESOFTWARE, "out of memory");
        i = e + 1;
    }
    free(text);
    return st;
}

/* Loads every *.txt file of dir (sorted by name) into lex, hashing each
** file's name and bytes into h.  TR_ECONFIG on lexicon errors (in diags). */
tr_status trr_lexicon_load(tr_lexicon *lex, const char *dir, tr_diags *diags,
                          tr_sha256_ctx *h, tr_err *err)
{
    memset(lex, 0, sizeof *lex);
    lex->scope = 5;
    lex->reposts_own = 1;
    char **names = NULL;
    long n = trr_list_dir(dir, ".txt", &names);
    if (n == -2)
        return tr_errf(err, TR_ESOFTWARE, "out of memory");
    if (n < 0)
        return tr_errf(err, TR_ENOINPUT, "cannot open lexicon directory %s: %s", dir, strerror(errno));
    tr_status st = TR_OK;
    int nerr = 0;
    for (long k = 0; k < n && st == TR_OK; k++)
        st = trr_lexicon_file(lex, names[k], diags, h, &nerr, err);
    for (long k = 0; k < n; k++)
        free(names[k]);
    free(names);
    if (st == TR_OK && nerr)
        st = tr_errf(err, TR_ECONFIG, "%d error(s) in the lexicon %s", nerr, dir);
    return st;
}
