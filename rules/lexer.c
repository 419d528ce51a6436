/*
** lexer.c: splits a rule file into tokens (words, "strings", /regexes/flags,
** braces, newlines).  Lexical errors (unterminated string or regex) are
** reported to the diagnostics and the rest of the line is skipped.
*/
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Frees the tokens' strings and array. */
void trr_toks_free(tr_toks *t)
{
    for (size_t i = 0; i < t->n; i++) {
        free(t->v[i].val);
        free(t->v[i].flags);
    }
    free(t->v);
    memset(t, 0, sizeof *t);
}

typedef trr_lexer lexer;

/* The 1-based code point column of byte offset off on the current line. */
static unsigned col_of(const lexer *L, size_t off)
{
    return trr_utf8_count(L->text + L->linestart, off - L->linestart) + 1;
}

/* Appends a token of kind k starting at off; returns it or NULL (OOM). */
static tr_tok *push(lexer *L, tr_tok_kind k, size_t off)
{
    if (trr_grow((void **)&L->out->v, &L->out->cap, L->out->n, sizeof(tr_tok)) < 0)
        return NULL;
    tr_tok *t = &L->out->v[L->out->n++];
    memset(t, 0, sizeof *t);
    t->kind = k;
    t->line = L->line;
    t->col = col_of(L, off);
    t->off = off;
    return t;
}

/* Skips to the end of the line (not past the newline). */
static void skip_line(lexer *L)
{
    while (L->i < L->len && L->text[L->i] != '\n')
        L->i++;
}

/* Reports a string or regex that runs to the end of its line (code, msg),
** and makes the rest of the line one bad token so parsing resumes at the
** next line.  0, or -1 on OOM. */
static int unterminated(lexer *L, size_t start, int code, const char *msg)
{
    if (trr_diag_off(L->diags, TR_DIAG_ERROR, code, L->file, L->text, L->len, start, L->line,
                     col_of(L, start), 1, "%s", msg) < 0)
        return -1;
    tr_tok *t = push(L, TK_BAD, start);
    if (!t)
        return -1;
    skip_line(L);
    t->len = L->i - start;
    return 0;
}

/* Lexes a "string" at L->i; 0, or -1 on OOM. */
static int lex_string(lexer *L)
{
    size_t start = L->i, j = start + 1;
    tr_buf b;
    tr_buf_init(&b);
    tr_buf_add(&b, "", 0);
    while (j < L->len && L->text[j] != '"' && L->text[j] != '\n') {
        char c = L->text[j];
        if (c == '\\' && j + 1 < L->len && L->text[j + 1] != '\n') {
            char e = L->text[j + 1];
            const char *rep = e == 'n' ? "\n" : e == 't' ? "\t" : e == '"' ? "\""
                            : e == '\\' ? "\\" : NULL;
            if (rep)
                tr_buf_add(&b, rep, 1);
            else
                tr_buf_add(&b, L->text + j, 2);
            j += 2;
            continue;
        }
        tr_buf_add(&b, &c, 1);
        j++;
    }
    if (j >= L->len || L->text[j] != '"') {
        tr_buf_free(&b);
        return unterminated(L, start, TR_E_UNTERM_STRING,
                            "unterminated string (a string must end on its line)");
    }
    if (b.oom)
        return -1;
    tr_tok *t = push(L, TK_STRING, start);
    if (!t) {
        tr_buf_free(&b);
        return -1;
    }
    /* the string is kept by the rule set (descriptions, examples): no slack */
    char *v = realloc(b.data, b.len + 1);
    t->val = v ? v : b.data;
    L->i = j + 1;
    t->len = L->i - start;
    return 0;
}

/* Lexes a /regex/flags at L->i; 0, or -1 on OOM. */
static int lex_regex(lexer *L)
{
    size_t start = L->i, j = start + 1;
    while (j < L->len && L->text[j] != '/' && L->text[j] != '\n') {
        if (L->text[j] == '\\' && j + 1 < L->len && L->text[j + 1] != '\n')
            j++;
        j++;
    }
    if (j >= L->len || L->text[j] != '/')
        return unterminated(L, start, TR_E_UNTERM_REGEX,
                            "unterminated regex (a /pattern/ must end on its line)");
    size_t fe = j + 1;
    while (fe < L->len && ((L->text[fe] >= 'a' && L->text[fe] <= 'z') ||
                           (L->text[fe] >= 'A' && L->text[fe] <= 'Z')))
        fe++;
    tr_tok *t = push(L, TK_REGEX, start);
    if (!t)
        return -1;
    t->val = trr_strndup0(L->text + start + 1, j - start - 1);
    t->flags = trr_strndup0(L->text + j + 1, fe - j - 1);
    t->pcol = col_of(L, start + 1);
    L->i = fe;
    t->len = fe - start;
    return t->val && t->flags ? 0 : -1;
}

/* Splits text into tokens; errors go to diags.  0, or -1 on OOM. */
/* Lexes one token (or skips a blank or a comment) at L->i; 0, or -1 on
** OOM.  Tracks the brace depth for trr_lex_more. */
static int lex_one(lexer *L)
{
    const char *text = L->text;
    char c = text[L->i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
        L->i++;
    } else if (c == '\n') {
        if (!push(L, TK_NL, L->i))
            return -1;
        L->out->v[L->out->n - 1].len = 1;
        L->i++;
        L->line++;
        L->linestart = L->i;
    } else if (c == '#') {
        skip_line(L);
    } else if (c == '{' || c == '}') {
        tr_tok *t = push(L, c == '{' ? TK_LBRACE : TK_RBRACE, L->i);
        if (!t)
            return -1;
        t->len = 1;
        L->i++;
        if (c == '{')
            L->depth++;
        else if (L->depth > 0 && --L->depth == 0)
            L->closed = 1;
    } else if (c == '"') {
        if (lex_string(L) < 0)
            return -1;
    } else if (c == '/') {
        if (lex_regex(L) < 0)
            return -1;
    } else {
        size_t s = L->i;
        while (L->i < L->len && text[L->i] != '\0' && !strchr(" \t\r\n\f\v{}\"", text[L->i]))
            L->i++;
        if (L->i == s)
            L->i++; /* a NUL byte: never loop on it */
        tr_tok *t = push(L, TK_WORD, s);
        if (!t)
            return -1;
        t->len = L->i - s;
        t->val = trr_strndup0(text + s, L->i - s);
        if (!t->val)
            return -1;
    }
    return 0;
}

/* Starts lexing text[0..len) into out (see internal.h). */
void trr_lex_begin(trr_lexer *L, const char *file, const char *text, size_t len, tr_toks *out,
                   tr_diags *diags)
{
    *L = (trr_lexer){file, text, len, 0, 0, 1, out, diags, 0, 0, 0};
}

/* Lexes on to the end of the line where the next top-level block closes,
** or to the end of the text (then appends TK_EOF); see internal.h. */
int trr_lex_more(trr_lexer *L)
{
    if (L->done)
        return 0;
    L->closed = 0;
    while (L->i < L->len) {
        int nl = L->text[L->i] == '\n';
        if (lex_one(L) < 0)
            return -1;
        if (nl && L->closed && L->depth == 0)
            return 0;
    }
    L->done = 1;
    return push(L, TK_EOF, L->i) ? 0 : -1;
}

/* Splits text into tokens (see internal.h). */
int trr_lex(const char *file, const char *text, size_t len, tr_toks *out,
           tr_diags *diags)
{
    lexer L;
    trr_lex_begin(&L, file, text, len, out, diags);
    while (!L.done)
        if (trr_lex_more(&L) < 0)
            return -1;
    return 0;
}
