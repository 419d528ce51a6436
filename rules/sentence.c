/*
** sentence.c: the sentence splitter (documented in docs/rules.md).
**
** A sentence ends after a run of terminators (. ! ? …) and any closing
** quotes or brackets, when whitespace follows and the next character is not
** a lower-case letter, unless the run is a single '.' after an
** abbreviation (from the lexicon), a single capital initial ("J.") or a
** dotted chain of short letter groups ("U.S", "e.g").  A blank line also
** ends a sentence.
*/
#include <string.h>
#include <utf8proc.h>

#include "internal.h"

/* Length of a terminator at s[i] (. ! ? or …), else 0. */
static size_t term_len(const char *s, size_t n, size_t i)
{
    if (s[i] == '.' || s[i] == '!' || s[i] == '?')
        return 1;
    if (i + 2 < n && (unsigned char)s[i] == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
        (unsigned char)s[i + 2] == 0xA6)
        return 3;
    return 0;
}

/* Length of a closing quote or bracket at s[i], else 0. */
static size_t close_len(const char *s, size_t n, size_t i)
{
    unsigned char c = (unsigned char)s[i];
    if (c == '"' || c == '\'' || c == ')' || c == ']')
        return 1;
    if (i + 2 < n && c == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
        ((unsigned char)s[i + 2] == 0x9D || (unsigned char)s[i + 2] == 0x99))
        return 3; /* ” ’ */
    if (i + 1 < n && c == 0xC2 && (unsigned char)s[i + 1] == 0xBB)
        return 2; /* » */
    return 0;
}

/* Whether s[i] is ASCII whitespace. */
static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Whether s[i] starts a lower-case letter. */
static int is_lower_at(const char *s, size_t n, size_t i)
{
    if ((unsigned char)s[i] < 0x80)
        return s[i] >= 'a' && s[i] <= 'z';
    size_t cl;
    int32_t cp = trr_utf8_decode(s, n, i, &cl);
    return utf8proc_category(cp) == UTF8PROC_CATEGORY_LL;
}

/* Whether the word ending just before the '.' at dot is an abbreviation:
** an entry of the lexicon, a single capital letter, or a dotted chain of
** one- or two-letter groups. */
static int abbrev_before(const tr_lexicon *lex, const char *s, size_t dot)
{
    size_t b = dot;
    while (b > 0 && ((s[b - 1] >= 'a' && s[b - 1] <= 'z') || (s[b - 1] >= 'A' && s[b - 1] <= 'Z') ||
                     s[b - 1] == '.'))
        b--;
    while (b < dot && s[b] == '.')
        b++;
    size_t n = dot - b;
    if (n == 0 || n > 31)
        return 0;
    if (n == 1)
        return s[b] >= 'A' && s[b] <= 'Z';
    if (memchr(s + b, '.', n)) {
        size_t run = 0;
        for (size_t i = b; i < dot; i++) {
            if (s[i] == '.') {
                if (run == 0 || run > 2)
                    return 0;
                run = 0;
            } else
                run++;
        }
        return run >= 1 && run <= 2;
    }
    char w[32];
    for (size_t i = 0; i < n; i++)
        w[i] = (s[b + i] >= 'A' && s[b + i] <= 'Z') ? (char)(s[b + i] - 'A' + 'a') : s[b + i];
    w[n] = '\0';
    for (size_t k = 0; k < lex->abbrevs.n; k++)
        if (lex->abbrevs.v[k].n == 1 && !strcmp(lex->abbrevs.v[k].words[0], w))
            return 1;
    return 0;
}

/* Appends sentence [b, e) trimmed of trailing space; 0 or -1 on OOM. */
static int push(tr_textinfo *ti, const char *s, size_t b, size_t e)
{
    while (e > b && is_space(s[e - 1]))
        e--;
    if (e <= b)
        return 0;
    if (trr_grow((void **)&ti->sents, &ti->cap_sents, ti->nsents, sizeof *ti->sents) < 0)
        return -1;
    ti->sents[ti->nsents].start = b;
    ti->sents[ti->nsents].end = e;
    ti->nsents++;
    return 0;
}

/* Splits text into sentences in ti->sents; 0 or -1 on OOM. */
int trr_sentences(const tr_lexicon *lex, const char *s, size_t n, tr_textinfo *ti)
{
    ti->nsents = 0;
    size_t i = 0;
    while (i < n && is_space(s[i]))
        i++;
    size_t start = i;
    while (i < n) {
        size_t tl = term_len(s, n, i);
        if (tl) {
            size_t rs = i, nterm = 0;
            while (i < n && (tl = term_len(s, n, i))) {
                i += tl;
                nterm++;
            }
            int single_dot = nterm == 1 && s[rs] == '.';
            size_t cl;
            while (i < n && (cl = close_len(s, n, i)))
                i += cl;
            size_t end = i;
            if (i >= n || !is_space(s[i]))
                continue;
            size_t j = i;
            while (j < n && is_space(s[j]))
                j++;
            if (j >= n)
                break;
            if (single_dot && abbrev_before(lex, s, rs))
                continue;
            if (is_lower_at(s, n, j))
                continue;
            if (push(ti, s, start, end) < 0)
                return -1;
            start = i = j;
            continue;
        }
        if (s[i] == '\n') {
            size_t j = i + 1;
            while (j < n && (s[j] == ' ' || s[j] == '\t' || s[j] == '\r'))
                j++;
            if (j < n && s[j] == '\n') {
                if (push(ti, s, start, i) < 0)
                    return -1;
                while (j < n && is_space(s[j]))
                    j++;
                start = i = j;
                continue;
            }
        }
        i++;
    }
    return push(ti, s, start, n);
}

/* Index of the sentence holding byte offset off (the last sentence that
** starts at or before off; 0 when none). */
size_t trr_sentence_of(const tr_textinfo *ti, size_t off)
{
    return trr_last_start(ti->sents, ti->nsents, sizeof *ti->sents, off);
}
