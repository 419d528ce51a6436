/*
** fmt.c: tracker rules fmt.  Rewrites a rule file in one canonical
** layout, over the lexer's tokens, keeping every comment (the lexer skips
** them; they are found again in the gaps between a line's tokens, where
** alone a '#' starts one).  Every token is written as it was written
** (strings and patterns byte for byte), so formatting never changes what
** a rule file means; the result is lexed again and checked to hold the
** same tokens.
**
** The layout:
**   - a block opens with "KIND ID {" on its own line and closes with "}";
**     its fields are indented by two spaces, one field a line, the field's
**     words separated by one space;
**   - the values of mention, affirm, deny and exclude start in column 10
**     (the keyword padded to seven characters), and an example's text
**     after its stance padded to six ("example deny   \"...\"");
**   - a comment on a line of its own is indented as the lines around it;
**     comments at the ends of consecutive lines start in one column, two
**     spaces after the longest of those lines;
**   - blank lines: at most one in a row, none at the start or the end of a
**     block or the file, exactly one after a block's "}";
**   - the file ends with one line break.
*/
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "internal.h"

/* One line of the output before alignment. */
typedef struct fmt_line {
    tr_buf code;          /* the line without its trailing comment ("" for a blank) */
    const char *comment;  /* the trailing comment ('#' to the end of the line), or NULL */
    size_t clen;
    int standalone;       /* a comment line: code is its indentation, comment the text */
} fmt_line;

typedef struct fmt_out {
    fmt_line *v;
    size_t n, cap;
    int oom;
} fmt_out;

/* Appends an empty line; NULL when out of memory. */
static fmt_line *new_line(fmt_out *o)
{
    if (trr_grow((void **)&o->v, &o->cap, o->n, sizeof *o->v) < 0) {
        o->oom = 1;
        return NULL;
    }
    fmt_line *l = &o->v[o->n++];
    memset(l, 0, sizeof *l);
    tr_buf_init(&l->code);
    return l;
}

/* 1 when the last line of o is blank. */
static int last_blank(const fmt_out *o)
{
    return o->n && !o->v[o->n - 1].code.len && !o->v[o->n - 1].comment;
}

/* The trailing comment of the physical line [ls, le) of text, whose
** tokens are t[a..b): the first '#' outside every token. */
static const char *line_comment(const char *text, size_t ls, size_t le, const tr_tok *t, size_t a,
                                size_t b, size_t *clen)
{
    size_t k = a;
    for (size_t i = ls; i < le; i++) {
        while (k < b && t[k].off + t[k].len <= i)
            k++;
        if (k < b && i >= t[k].off) {
            i = t[k].off + t[k].len - 1;
            continue;
        }
        if (text[i] == '#') {
            size_t e = le;
            while (e > i && (text[e - 1] == ' ' || text[e - 1] == '\t' || text[e - 1] == '\r'))
                e--;
            *clen = e - i;
            return text + i;
        }
    }
    return NULL;
}

/* 1 when the field keyword's values are aligned in column 10. */
static int aligned_field(const char *kw, size_t n)
{
    static const char *const k[] = {"mention", "affirm", "deny", "exclude"};
    for (size_t i = 0; i < 4; i++)
        if (strlen(k[i]) == n && !memcmp(k[i], kw, n))
            return 1;
    return 0;
}

/* Writes the tokens t[a..b) of a field as one line of code. */
static void field_code(tr_buf *b, const char *text, const tr_tok *t, size_t a, size_t e)
{
    tr_buf_puts(b, "  ");
    for (size_t i = a; i < e; i++) {
        const char *raw = text + t[i].off;
        size_t n = t[i].len;
        tr_buf_add(b, raw, n);
        if (i + 1 == e)
            break;
        size_t pad = 1;
        if (i == a && t[i].kind == TK_WORD && aligned_field(raw, n) && n < 7)
            pad = 8 - n;
        else if (i == a + 1 && t[a].kind == TK_WORD && t[a].len == 7 &&
                 !memcmp(text + t[a].off, "example", 7) && t[i].kind == TK_WORD && n < 6)
            pad = 7 - n;
        tr_buf_printf(b, "%*s", (int)pad, "");
    }
}

/* Reports a structural error at token t. */
static void structure_error(tr_diags *d, const char *file, const char *text, size_t len,
                            const tr_tok *t, int code, const char *msg)
{
    (void)trr_diag_add(d, TR_DIAG_ERROR, code, file, text, len, t->line, t->col, 1, "%s", msg);
}

/* Builds the output lines of the tokens t[0..n) of text; -1 when the
** structure is not that of a rule file (diagnostics added). */
static int build(const char *file, const char *text, size_t len, const tr_tok *t, size_t n,
                 fmt_out *o, tr_diags *d)
{
    int depth = 0, bad = 0, after_close = 0;
    size_t i = 0;
    while (i < n && t[i].kind != TK_EOF) {
        /* One physical line: its tokens t[i..j), then its NL (or EOF). */
        size_t j = i;
        while (t[j].kind != TK_NL && t[j].kind != TK_EOF)
            j++;
        size_t ls = t[i].off;
        while (ls > 0 && text[ls - 1] != '\n')
            ls--;
        size_t clen = 0;
        const char *comment = line_comment(text, ls, t[j].off, t, i, j, &clen);
        if (i == j && !comment) {
            /* A blank line: kept once, never at a block's start. */
            if (o->n && !last_blank(o) && !(o->v[o->n - 1].code.len &&
                                             o->v[o->n - 1].code.data[o->v[o->n - 1].code.len - 1] == '{'))
                new_line(o);
        } else if (i == j) {
            if (after_close && !last_blank(o))
                new_line(o);
            after_close = 0;
            fmt_line *l = new_line(o);
            if (l) {
                tr_buf_printf(&l->code, "%*s", depth * 2, "");
                l->standalone = 1;
                l->comment = comment;
                l->clen = clen;
            }
        }
        fmt_line *last = NULL;
        size_t a = i;
        for (size_t k = i; k < j; k++) {
            if (t[k].kind == TK_LBRACE) {
                if (depth != 0 || k - a != 2 || t[a].kind != TK_WORD || t[a + 1].kind != TK_WORD) {
                    structure_error(d, file, text, len, &t[k], TR_E_SYNTAX,
                                    depth ? "'{' inside a block" : "expected 'KIND ID {'");
                    bad = 1;
                }
                if (o->n && !last_blank(o) && (after_close || !o->v[o->n - 1].standalone))
                    new_line(o);
                after_close = 0;
                if ((last = new_line(o)))
                    tr_buf_printf(&last->code, "%.*s %.*s {", (int)t[a].len, text + t[a].off,
                                  (int)t[a + 1].len, text + t[a + 1].off);
                depth++;
                a = k + 1;
            } else if (t[k].kind == TK_RBRACE) {
                if (k > a && (last = new_line(o)))
                    field_code(&last->code, text, t, a, k);
                if (depth == 0) {
                    structure_error(d, file, text, len, &t[k], TR_E_SYNTAX, "'}' without a block");
                    bad = 1;
                } else {
                    depth--;
                }
                while (last_blank(o)) /* no blank line before a "}" */
                    tr_buf_free(&o->v[--o->n].code);
                if ((last = new_line(o)))
                    tr_buf_puts(&last->code, "}");
                after_close = 1;
                a = k + 1;
            }
        }
        if (a < j) {
            if (depth == 0) {
                structure_error(d, file, text, len, &t[a], TR_E_SYNTAX,
                                "a field outside any block (expected 'KIND ID {')");
                bad = 1;
            }
            if (after_close && !last_blank(o))
                new_line(o);
            after_close = 0;
            if ((last = new_line(o)))
                field_code(&last->code, text, t, a, j);
        }
        if (last && comment) {
            last->comment = comment;
            last->clen = clen;
        }
        i = t[j].kind == TK_NL ? j + 1 : j;
    }
    if (depth) {
        structure_error(d, file, text, len, &t[n - 1], TR_E_UNCLOSED_BLOCK,
                        "end of file inside a block (a '}' is missing)");
        bad = 1;
    }
    while (last_blank(o))
        tr_buf_free(&o->v[--o->n].code);
    return bad || o->oom ? -1 : 0;
}

/* Writes the lines with their trailing comments aligned into out. */
static void render(const fmt_out *o, tr_buf *out)
{
    for (size_t i = 0; i < o->n;) {
        /* A run of consecutive code lines that end in a comment. */
        size_t j = i, width = 0;
        while (j < o->n && o->v[j].comment && !o->v[j].standalone) {
            size_t w = trr_utf8_count(o->v[j].code.data ? o->v[j].code.data : "", o->v[j].code.len);
            if (w > width)
                width = w;
            j++;
        }
        for (size_t k = i; k < (j > i ? j : i + 1); k++) {
            const fmt_line *l = &o->v[k];
            if (l->code.len)
                tr_buf_add(out, l->code.data, l->code.len);
            if (l->comment) {
                if (!l->standalone)
                    tr_buf_printf(out, "%*s", (int)(width + 2 - trr_utf8_count(l->code.data, l->code.len)), "");
                tr_buf_add(out, l->comment, l->clen);
            }
            tr_buf_puts(out, "\n");
        }
        i = j > i ? j : i + 1;
    }
}

/* 1 when the tokens of a and b are the same words, strings, patterns and
** braces, byte for byte, line breaks aside. */
static int same_tokens(const char *ta, const tr_toks *a, const char *tb, const tr_toks *b)
{
    size_t i = 0, j = 0;
    for (;;) {
        while (i < a->n && a->v[i].kind == TK_NL)
            i++;
        while (j < b->n && b->v[j].kind == TK_NL)
            j++;
        if (i == a->n || j == b->n)
            return i == a->n && j == b->n;
        if (a->v[i].kind != b->v[j].kind || a->v[i].len != b->v[j].len ||
            memcmp(ta + a->v[i].off, tb + b->v[j].off, a->v[i].len))
            return 0;
        i++;
        j++;
    }
}

/* Counts the '#' comments of text (those the formatter must keep). */
static size_t count_comments(const char *text, size_t len, const tr_toks *t)
{
    size_t n = 0, k = 0;
    for (size_t i = 0; i < len; i++) {
        while (k < t->n && t->v[k].off + t->v[k].len <= i)
            k++;
        if (k < t->n && i >= t->v[k].off && t->v[k].kind != TK_NL && t->v[k].kind != TK_EOF) {
            i = t->v[k].off + t->v[k].len - 1;
            continue;
        }
        if (text[i] == '#') {
            n++;
            while (i < len && text[i] != '\n')
                i++;
        }
    }
    return n;
}

/* Formats a rule file; see rules.h. */
tr_status tr_rules_fmt(const char *file, const char *text, size_t len, tr_buf *out, tr_diags *diags,
                       tr_err *err)
{
    if (tr_utf8_invalid_at(text, len) != (size_t)-1 || memchr(text, 0, len)) {
        (void)trr_diag_add(diags, TR_DIAG_ERROR, TR_E_BAD_UTF8, file, NULL, 0, 0, 0, 1,
                           "not valid UTF-8 text");
        return tr_errf(err, TR_ECONFIG, "%s: not valid UTF-8 text", file);
    }
    tr_toks toks = {0};
    size_t errors = diags->nerrors;
    if (trr_lex(file, text, len, &toks, diags) < 0) {
        trr_toks_free(&toks);
        return tr_errf(err, TR_ESOFTWARE, "out of memory");
    }
    fmt_out o = {0};
    tr_status st = TR_OK;
    if (diags->nerrors > errors || build(file, text, len, toks.v, toks.n, &o, diags) < 0)
        st = o.oom ? tr_errf(err, TR_ESOFTWARE, "out of memory")
                   : tr_errf(err, TR_ECONFIG, "%s: not a rule file that can be formatted (see above)", file);
    size_t start = out->len;
    if (!st)
        render(&o, out);
    for (size_t i = 0; i < o.n; i++)
        tr_buf_free(&o.v[i].code);
    free(o.v);
    if (!st && out->oom)
        st = tr_errf(err, TR_ESOFTWARE, "out of memory");
    if (!st) {
        /* The same tokens and as many comments, or it is a bug here. */
        tr_toks again = {0};
        tr_diags quiet;
        tr_diags_init(&quiet);
        const char *res = out->data + start;
        size_t rlen = out->len - start;
        if (trr_lex(file, res, rlen, &again, &quiet) < 0 || quiet.nerrors ||
            !same_tokens(text, &toks, res, &again) ||
            count_comments(text, len, &toks) != count_comments(res, rlen, &again))
            st = tr_errf(err, TR_ESOFTWARE, "%s: formatting would change the file's tokens "
                         "(a bug in tracker rules fmt; the file is left as it is)", file);
        trr_toks_free(&again);
        tr_diags_free(&quiet);
    }
    trr_toks_free(&toks);
    return st;
}

/* The rule files path names; see rules.h. */
tr_status tr_rules_files(const char *path, char ***files, size_t *n, tr_err *err)
{
    struct stat sb;
    *files = NULL;
    *n = 0;
    if (stat(path, &sb) != 0)
        return tr_errf(err, TR_ENOINPUT, "cannot read %s: no such file or directory", path);
    if (!S_ISDIR(sb.st_mode)) {
        char **v = malloc(sizeof *v);
        if (!v || !(v[0] = strdup(path))) {
            free(v);
            return tr_errf(err, TR_ESOFTWARE, "out of memory");
        }
        *files = v;
        *n = 1;
        return TR_OK;
    }
    long k = trr_list_dir(path, ".rules", files);
    if (k < 0)
        return k == -2 ? tr_errf(err, TR_ESOFTWARE, "out of memory")
                       : tr_errf(err, TR_ENOINPUT, "cannot read directory %s", path);
    *n = (size_t)k;
    return TR_OK;
}
