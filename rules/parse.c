/*
** parse.c: the rule file parser.  Builds topics, detectors and examples in
** the rule set from one file's tokens, compiling each pattern as it goes.
** Every error is reported with its own code and position; after an error
** the parser resumes at the next line (inside a block) or at the end of the
** block (for a bad block header), so errors do not cascade.
*/
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "internal.h"

typedef struct parser {
    tr_ruleset *rs;
    const char *file, *text;
    size_t len;
    tr_toks toks;        /* the tokens lexed so far and not yet dropped */
    trr_lexer lx;        /* lexes a block at a time into toks */
    size_t i;
    tr_diags *diags;
    int oom;
    int bad_mention; /* a mention field of this block had an error */
} parser;

/* Token j, lexing on when the tokens held end before it (the lexer ends
** with TK_EOF, which is never passed).  A block's tokens are all lexed
** before it is parsed (trr_parse_file), so no pointer held while parsing
** it moves. */
static tr_tok *tok_at(parser *P, size_t j)
{
    while (j >= P->toks.n) {
        if (P->lx.done)
            return &P->toks.v[P->toks.n - 1];
        if (trr_lex_more(&P->lx) < 0) {
            P->oom = 1;
            /* an EOF token so that parsing ends */
            if (!P->toks.n || P->toks.v[P->toks.n - 1].kind != TK_EOF) {
                if (P->toks.n == P->toks.cap)
                    P->toks.v[P->toks.n - 1].kind = TK_EOF;
                else
                    P->toks.v[P->toks.n++] = (tr_tok){.kind = TK_EOF, .off = P->len};
            }
            P->lx.done = 1;
        }
    }
    return &P->toks.v[j];
}

/* The current token. */
static tr_tok *cur(parser *P)
{
    return tok_at(P, P->i);
}

/* Moves to the next token (never past EOF). */
static void advance(parser *P)
{
    if (cur(P)->kind != TK_EOF)
        P->i++;
}

/* Drops the tokens before the current one (between blocks, when no token
** is held), freeing what the parser did not take. */
static void drop_consumed(parser *P)
{
    for (size_t k = 0; k < P->i; k++) {
        free(P->toks.v[k].val);
        free(P->toks.v[k].flags);
    }
    memmove(P->toks.v, P->toks.v + P->i, (P->toks.n - P->i) * sizeof *P->toks.v);
    P->toks.n -= P->i;
    P->i = 0;
}

/* Reports an error of code at token t (caret under the whole token). */
static void errat(parser *P, const tr_tok *t, int code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void errat(parser *P, const tr_tok *t, int code, const char *fmt, ...)
{
    char msg[1536];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    size_t n = t->len;
    const char *nl = memchr(P->text + t->off, '\n', n);
    if (nl)
        n = (size_t)(nl - (P->text + t->off));
    unsigned w = t->kind == TK_EOF || t->kind == TK_NL ? 1 : trr_utf8_count(P->text + t->off, n);
    if (trr_diag_off(P->diags, TR_DIAG_ERROR, code, P->file, P->text, P->len, t->off,
                     t->line, t->col, w, "%s", msg) < 0)
        P->oom = 1;
}

/* Skips to the end of the current line (stops at the newline or EOF). */
static void skip_line(parser *P)
{
    while (cur(P)->kind != TK_NL && cur(P)->kind != TK_EOF)
        advance(P);
}

/* Skips a block whose header is bad: the rest of the header line, and the
** braced body that follows on that line or the next. */
static void skip_block(parser *P)
{
    int depth = 0, seen = 0;
    while (cur(P)->kind != TK_NL && cur(P)->kind != TK_EOF) {
        if (cur(P)->kind == TK_LBRACE) { depth++; seen = 1; }
        if (cur(P)->kind == TK_RBRACE && depth > 0) depth--;
        advance(P);
    }
    if (!seen) {
        size_t j = P->i;
        while (tok_at(P, j)->kind == TK_NL)
            j++;
        if (tok_at(P, j)->kind != TK_LBRACE)
            return;
        P->i = j;
    }
    while (cur(P)->kind != TK_EOF && (depth > 0 || !seen)) {
        if (cur(P)->kind == TK_LBRACE) { depth++; seen = 1; }
        else if (cur(P)->kind == TK_RBRACE) depth--;
        advance(P);
        if (seen && depth == 0)
            break;
    }
}

/* Whether s is a valid id: [A-Za-z_][A-Za-z0-9_.-]*. */
static int valid_id(const char *s)
{
    if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || *s == '_'))
        return 0;
    for (s++; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
              (*s >= '0' && *s <= '9') || *s == '_' || *s == '.' || *s == '-'))
            return 0;
    return 1;
}

/* A copy of s in the rule set's string arena (which owns it); NULL, with
** P->oom set, when out of memory. */
static char *keep(parser *P, const char *s)
{
    char *v = trr_arena_strndup(&P->rs->strs, s, strlen(s));
    if (!v)
        P->oom = 1;
    return v;
}

/* A token's value, moved into the rule set's string arena (which owns
** it); the token keeps NULL.  NULL when the token has none, or (P->oom
** set) when out of memory. */
static char *take(parser *P, tr_tok *t)
{
    char *v = t->val ? keep(P, t->val) : NULL;
    free(t->val);
    t->val = NULL;
    return v;
}

/* Checks for an earlier topic, detector or list with this id; reports E007. */
static void check_dup(parser *P, tr_tok *idt)
{
    const tr_loc *prev = NULL;
    int kind;
    size_t i;
    if (trr_ids_find(&P->rs->ids, idt->val, &kind, &i))
        prev = kind == TRR_ID_TOPIC ? &P->rs->topics[i].loc
               : kind == TRR_ID_DETECTOR ? &P->rs->dets[i].loc : &P->rs->lists[i].loc;
    if (prev)
        errat(P, idt, TR_E_DUP_ID, "duplicate id '%s' (first defined at %s:%u:%u)",
              idt->val, prev->file, prev->line, prev->col);
}

typedef struct fieldargs {
    tr_tok *name;
    tr_tok *a[16];
    size_t n;      /* arguments kept (at most 16) */
    size_t total;  /* arguments on the line */
    int bad;       /* a lexical error is on the line */
} fieldargs;

/* Collects the current field: its name and the tokens up to the newline or
** a closing brace (which is left for the caller). */
static void collect(parser *P, fieldargs *f)
{
    memset(f, 0, sizeof *f);
    f->name = cur(P);
    advance(P);
    while (cur(P)->kind != TK_NL && cur(P)->kind != TK_EOF &&
           cur(P)->kind != TK_RBRACE) {
        if (cur(P)->kind == TK_BAD || cur(P)->kind == TK_LBRACE)
            f->bad |= cur(P)->kind == TK_BAD ? 1 : 2;
        if (f->n < 16)
            f->a[f->n++] = cur(P);
        f->total++;
        advance(P);
    }
}

enum { A_WORD = 1, A_STRING = 2, A_REGEX = 4 };

/* Checks a field's argument count (min..max) and kinds (mask); reports
** E016 and returns 0 when they are wrong. */
static int want(parser *P, fieldargs *f, size_t min, size_t max, int mask,
                const char *what)
{
    if (f->bad & 2) {
        for (size_t k = 0; k < f->n; k++)
            if (f->a[k]->kind == TK_LBRACE) {
                errat(P, f->a[k], TR_E_SYNTAX, "unexpected '{' in field '%s'", f->name->val);
                return 0;
            }
    }
    if (f->total < min) {
        errat(P, f->name, TR_E_BAD_ARGS, "'%s' needs %s", f->name->val, what);
        return 0;
    }
    if (f->total > max) {
        errat(P, f->a[max < 16 ? max : 15], TR_E_BAD_ARGS,
              "too many arguments: '%s' takes %s", f->name->val, what);
        return 0;
    }
    for (size_t k = 0; k < f->n; k++) {
        int kind = f->a[k]->kind == TK_WORD ? A_WORD : f->a[k]->kind == TK_STRING ? A_STRING
                 : f->a[k]->kind == TK_REGEX ? A_REGEX : 0;
        if (!(kind & mask)) {
            errat(P, f->a[k], TR_E_BAD_ARGS, "'%s' takes %s", f->name->val, what);
            return 0;
        }
    }
    return 1;
}

/* Reports E014 when a single-valued field was already given. */
static int once(parser *P, fieldargs *f, const void *already)
{
    if (already) {
        errat(P, f->name, TR_E_DUP_FIELD, "field '%s' given twice", f->name->val);
        return 0;
    }
    return 1;
}

/* Appends strings of f's arguments to list l. */
static void add_strs(parser *P, tr_strlist *l, fieldargs *f)
{
    char **v = realloc(l->v, (l->n + f->n) * sizeof *v);
    if (!v) {
        P->oom = 1;
        return;
    }
    l->v = v;
    for (size_t k = 0; k < f->n; k++)
        l->v[l->n++] = take(P, f->a[k]);
}

/* The compiled pattern src with flags into *re (the caller's reference):
** the one an earlier pattern of the rule set written the same compiled, or
** a new one (see trr_regex_compile for the return and msg). */
static int compile_shared(parser *P, const char *src, const char *flags, struct tr_regex **re,
                          char *msg, size_t msgsz, size_t *eo)
{
    if ((*re = trr_recache_find(&P->rs->recache, src, flags)))
        return 0;
    P->rs->compiles++;
    return trr_regex_compile(src, flags, re, msg, msgsz, eo);
}

/* Lets later patterns written as p share its newly compiled regex. */
static void share(parser *P, const tr_pattern *p)
{
    if (p->re && p->re->refs == 1 &&
        trr_recache_add(&P->rs->recache, p->source, p->flags, p->re) < 0)
        P->oom = 1;
}

/* Compiles /pattern/ token rt into *re (shared with the patterns written
** the same); reports E006 and E013.  0 on success, 1 on a reported error,
** -1 on OOM. */
static int compile_tok(parser *P, tr_tok *rt, struct tr_regex **re)
{
    char msg[256];
    size_t eo = 0;
    int rc = compile_shared(P, rt->val, rt->flags, re, msg, sizeof msg, &eo);
    if (rc < 0) {
        P->oom = 1;
        return -1;
    }
    if (rc == 1) {
        if (eo > strlen(rt->val))
            eo = strlen(rt->val);
        tr_tok at = *rt;
        at.col = rt->pcol + trr_utf8_count(rt->val, eo);
        at.off = rt->off + 1 + eo;
        at.len = 1;
        errat(P, &at, TR_E_BAD_REGEX, "bad regex: %s (at offset %zu in the pattern)", msg, eo);
        return 1;
    }
    if (rc == 2) {
        tr_tok at = *rt;
        size_t flagoff = rt->len - strlen(rt->flags) + eo;
        at.col = rt->col + trr_utf8_count(P->text + rt->off, flagoff);
        at.off = rt->off + flagoff;
        at.len = 1;
        errat(P, &at, TR_E_BAD_FLAG, "unknown regex flag '%c' (flags: i c x s m)", rt->flags[eo]);
        return 1;
    }
    return 0;
}

/* Appends a pattern to *v (n of them); NULL on OOM. */
static tr_pattern *new_pattern(parser *P, tr_pattern **v, size_t *n, tr_pat_kind k, const tr_tok *at)
{
    tr_pattern *np = realloc(*v, (*n + 1) * sizeof *np);
    if (!np) {
        P->oom = 1;
        return NULL;
    }
    *v = np;
    tr_pattern *p = &np[(*n)++];
    memset(p, 0, sizeof *p);
    p->kind = k;
    p->list = (size_t)-1;
    p->loc.file = P->file;
    p->loc.line = at->line;
    p->loc.col = at->col;
    return p;
}

/* Whether the field's last argument is the word `fixed` (a cue no negation
** or hedge turns); reports E016 where it may not stand. */
static int take_fixed(parser *P, fieldargs *f, int allowed)
{
    if (f->n < 2 || f->a[f->n - 1]->kind != TK_WORD || strcmp(f->a[f->n - 1]->val, "fixed"))
        return 0;
    if (!allowed) {
        errat(P, f->a[f->n - 1], TR_E_BAD_ARGS, "'fixed' applies to affirm and deny cues only");
        return -1;
    }
    f->n--;
    f->total--;
    return 1;
}

/* Compiles a mention, affirm, deny or exclude field into topic t: a
** /pattern/ or the id of a list, then `fixed` for a cue. */
static void field_pattern(parser *P, tr_topic *t, fieldargs *f, tr_pat_kind k)
{
    if (k == TR_PAT_MENTION)
        P->bad_mention = 1; /* cleared below on success */
    int fixed = take_fixed(P, f, k == TR_PAT_AFFIRM || k == TR_PAT_DENY);
    if (fixed < 0 || !want(P, f, 1, 1, A_REGEX | A_WORD,
                           k == TR_PAT_AFFIRM || k == TR_PAT_DENY
                               ? "one /pattern/ or a list id, then optionally 'fixed'"
                               : "one /pattern/ or a list id"))
        return;
    tr_tok *rt = f->a[0];
    struct tr_regex *re = NULL;
    if (rt->kind == TK_REGEX && compile_tok(P, rt, &re) != 0)
        return;
    if (rt->kind == TK_WORD && !valid_id(rt->val)) {
        errat(P, rt, TR_E_BAD_ARGS, "'%s' takes one /pattern/ or a list id", f->name->val);
        return;
    }
    tr_pattern *p = new_pattern(P, &t->patterns, &t->npatterns, k, rt);
    if (!p) {
        trr_regex_free(re);
        return;
    }
    p->source = take(P, rt);
    p->flags = keep(P, rt->kind == TK_REGEX ? rt->flags : "");
    p->re = re;
    p->fixed = fixed;
    if (p->source && p->flags)
        share(P, p);
    if (k == TR_PAT_MENTION)
        P->bad_mention = 0;
}

/* Appends s to b as a regex literal (metacharacters escaped; spaces match
** any run of white space; an apostrophe matches ' and ’). */
static void regex_literal(tr_buf *b, const char *s)
{
    for (; *s; s++) {
        if (*s == ' ') {
            while (s[1] == ' ')
                s++;
            tr_buf_puts(b, "\\s+");
        } else if (*s == '\'') {
            tr_buf_puts(b, "['\xe2\x80\x99]");
        } else if (strchr("\\^$.|?*+()[]{}/#", *s)) {
            tr_buf_add(b, "\\", 1);
            tr_buf_add(b, s, 1);
        } else {
            tr_buf_add(b, s, 1);
        }
    }
}

/* Parses one field of a list block: `pattern /re/ [fixed]`, `words w...`
** or `description "..."`. */
static void list_field(parser *P, size_t li, fieldargs *f)
{
    tr_list *l = &P->rs->lists[li];
    const char *n = f->name->val;
    if (!strcmp(n, "description")) {
        if (once(P, f, l->description) && want(P, f, 1, 1, A_STRING, "one \"string\""))
            l->description = take(P, f->a[0]);
    } else if (!strcmp(n, "pattern")) {
        int fixed = take_fixed(P, f, 1);
        if (fixed < 0 || !want(P, f, 1, 1, A_REGEX, "one /pattern/, then optionally 'fixed'"))
            return;
        struct tr_regex *re = NULL;
        if (compile_tok(P, f->a[0], &re) != 0)
            return;
        tr_pattern *p = new_pattern(P, &l->patterns, &l->npatterns, TR_PAT_ENTRY, f->a[0]);
        if (!p) {
            trr_regex_free(re);
            return;
        }
        p->source = take(P, f->a[0]);
        p->flags = keep(P, f->a[0]->flags);
        p->re = re;
        p->fixed = fixed;
        if (p->source && p->flags)
            share(P, p);
    } else if (!strcmp(n, "words")) {
        if (!want(P, f, 1, 16, A_WORD | A_STRING, "one or more words or \"phrases\" (at most 16 a line)"))
            return;
        tr_buf rx, shown;
        tr_buf_init(&rx);
        tr_buf_init(&shown);
        tr_buf_puts(&rx, "(?<![\\w'\xe2\x80\x99])(?:");
        for (size_t k = 0; k < f->n; k++) {
            if (k)
                tr_buf_puts(&rx, "|");
            regex_literal(&rx, f->a[k]->val);
            tr_buf_printf(&shown, k ? (f->a[k]->kind == TK_STRING ? " \"%s\"" : " %s")
                                    : (f->a[k]->kind == TK_STRING ? "\"%s\"" : "%s"),
                          f->a[k]->val);
        }
        tr_buf_puts(&rx, ")(?![\\w'\xe2\x80\x99])");
        struct tr_regex *re = NULL;
        char msg[256];
        size_t eo;
        int rc = rx.oom || shown.oom ? -1 : compile_shared(P, rx.data, "", &re, msg, sizeof msg, &eo);
        tr_pattern *p = rc == 0 ? new_pattern(P, &l->patterns, &l->npatterns, TR_PAT_ENTRY, f->name) : NULL;
        if (rc < 0)
            P->oom = 1;
        else if (rc > 0)
            errat(P, f->a[0], TR_E_BAD_REGEX, "bad words: %s", msg);
        if (p) {
            p->source = keep(P, rx.data);
            p->flags = keep(P, "");
            p->words = keep(P, shown.data ? shown.data : "");
            p->re = re;
            if (p->source && p->flags)
                share(P, p);
        } else {
            trr_regex_free(re);
        }
        tr_buf_free(&rx);
        tr_buf_free(&shown);
    } else {
        errat(P, f->name, TR_E_UNKNOWN_FIELD,
              "unknown field '%s' in list (expected description, pattern or words)", n);
    }
}

/* The directory part of path ("" for none), into buf. */
static void dir_of(const char *path, char *buf, size_t n)
{
    const char *sl = strrchr(path, '/');
    snprintf(buf, n, "%.*s", sl ? (int)(sl - path + 1) : 0, path);
}

/* Parses one field of a lexicon block: `file "PATH"` (lexicon directives,
** one a line, relative to this rule file) or a directive and its phrase
** (`pseudo no wonder`, `trigger "*n't"`, `scope 6`). */
static void lexicon_field(parser *P, fieldargs *f)
{
    const char *n = f->name->val;
    if (!strcmp(n, "file")) {
        if (!want(P, f, 1, 1, A_STRING | A_WORD, "one \"path\""))
            return;
        char dir[1024], path[2048];
        const char *v = f->a[0]->val;
        dir_of(P->file, dir, sizeof dir);
        snprintf(path, sizeof path, "%s%s", v[0] == '/' ? "" : dir, v);
        tr_err e;
        int nerr = 0;
        tr_status st = trr_lexicon_file(&P->rs->lex, path, P->diags, &P->rs->lexhash, &nerr, &e);
        if (st == TR_ESOFTWARE)
            P->oom = 1;
        else if (st != TR_OK)
            errat(P, f->a[0], TR_E_IO, "cannot read the lexicon file %s", path);
        return;
    }
    if (!want(P, f, 1, 16, A_WORD | A_STRING, "a phrase"))
        return;
    tr_buf ph;
    tr_buf_init(&ph);
    for (size_t k = 0; k < f->n; k++)
        tr_buf_printf(&ph, "%s%s", k ? " " : "", f->a[k]->val);
    int rc = ph.oom ? -1 : trr_lexicon_directive(&P->rs->lex, n, ph.data, ph.len);
    tr_buf_free(&ph);
    if (rc < 0)
        P->oom = 1;
    else if (rc == 1)
        errat(P, f->name, TR_E_UNKNOWN_FIELD,
              "unknown field '%s' in lexicon (expected file, trigger, post, pseudo, terminator, "
              "hedge, abbrev, skip, raise, embed, self, self-object, pronoun, coord, prep, determiner, reposts or scope)", n);
    else if (rc == 2)
        errat(P, f->a[0], TR_E_LEXICON, !strcmp(n, "scope")     ? "bad scope (expected a number of words, 1 to 50)"
                                        : !strcmp(n, "reposts") ? "bad reposts (expected own or others)"
                                                                : "bad phrase");
}

/* Parses a number field in [lo, hi] into *out; E022 when it is not one. */
static void number_field(parser *P, fieldargs *f, long lo, long hi, unsigned *out)
{
    char what[64];
    snprintf(what, sizeof what, "a number (%ld to %ld)", lo, hi);
    if (!want(P, f, 1, 1, A_WORD, what))
        return;
    char *end;
    long v = strtol(f->a[0]->val, &end, 10);
    if (*end || end == f->a[0]->val || v < lo || v > hi)
        errat(P, f->a[0], TR_E_BAD_NUMBER, "bad %s '%s' (expected %ld to %ld)", f->name->val,
              f->a[0]->val, lo, hi);
    else
        *out = (unsigned)v;
}

/* Parses `example STANCE "text"` into the rule set's examples. */
static void field_example(parser *P, size_t topic, fieldargs *f)
{
    if (!want(P, f, 2, 2, A_WORD | A_STRING, "a stance (affirm, deny or none) and a \"text\""))
        return;
    const char *s = f->a[0]->val;
    tr_stance st;
    if (f->a[0]->kind != TK_WORD)
        st = (tr_stance)-1;
    else
        st = !strcmp(s, "affirm") ? TR_STANCE_AFFIRM : !strcmp(s, "deny") ? TR_STANCE_DENY
           : !strcmp(s, "none") ? TR_STANCE_NONE : (tr_stance)-1;
    if ((int)st < 0) {
        errat(P, f->a[0], TR_E_BAD_STANCE, "bad stance '%s' (expected affirm, deny or none)", s);
        return;
    }
    if (f->a[1]->kind != TK_STRING) {
        errat(P, f->a[1], TR_E_BAD_ARGS, "'example' takes a stance and a \"text\"");
        return;
    }
    tr_ruleset *rs = P->rs;
    if (trr_grow((void **)&rs->examples, &rs->cap_examples, rs->nexamples, sizeof *rs->examples) < 0) {
        P->oom = 1;
        return;
    }
    tr_example *e = &rs->examples[rs->nexamples++];
    memset(e, 0, sizeof *e);
    e->loc.file = P->file;
    e->loc.line = f->name->line;
    e->loc.col = f->name->col;
    e->text = take(P, f->a[1]);
    e->topic = topic;
    e->expect = st;
}

/* Whether topic t may still take the region field f: a topic takes one
** of near, nearest, clause and follow, once (E016 when not). */
static int region_free(parser *P, const tr_topic *t, fieldargs *f)
{
    if (t->follow_set || t->near || t->nearest || t->clause) {
        errat(P, f->name, TR_E_BAD_ARGS, "a topic takes one of 'near', 'nearest', 'clause' and 'follow'");
        return 0;
    }
    return 1;
}

/* Parses one field of a topic block. */
static void topic_field(parser *P, size_t ti, fieldargs *f)
{
    tr_topic *t = &P->rs->topics[ti];
    const char *n = f->name->val;
    if (!strcmp(n, "description")) {
        if (once(P, f, t->description) && want(P, f, 1, 1, A_STRING, "one \"string\""))
            t->description = take(P, f->a[0]);
    } else if (!strcmp(n, "mention")) {
        field_pattern(P, t, f, TR_PAT_MENTION);
    } else if (!strcmp(n, "affirm")) {
        field_pattern(P, t, f, TR_PAT_AFFIRM);
    } else if (!strcmp(n, "deny")) {
        field_pattern(P, t, f, TR_PAT_DENY);
    } else if (!strcmp(n, "exclude")) {
        field_pattern(P, t, f, TR_PAT_EXCLUDE);
    } else if (!strcmp(n, "example")) {
        field_example(P, ti, f);
    } else if (!strcmp(n, "follow")) {
        if (want(P, f, 1, 1, A_WORD, "a number of sentences (0 to 10)")) {
            char *end;
            long v = strtol(f->a[0]->val, &end, 10);
            if (*end || end == f->a[0]->val || v < 0 || v > 10)
                errat(P, f->a[0], TR_E_BAD_NUMBER, "bad follow '%s' (expected 0 to 10)", f->a[0]->val);
            else if (region_free(P, t, f)) {
                t->follow = (unsigned)v;
                t->follow_set = 1;
            }
        }
    } else if (!strcmp(n, "near")) {
        if (region_free(P, t, f))
            number_field(P, f, 1, 50, &t->near);
    } else if (!strcmp(n, "nearest") || !strcmp(n, "clause")) {
        if (region_free(P, t, f) && want(P, f, 0, 0, 0, "no argument"))
            *(n[0] == 'n' ? &t->nearest : &t->clause) = 1;
    } else if (!strcmp(n, "cite")) {
        if (once(P, f, t->cite ? "" : NULL) && want(P, f, 1, 1, A_WORD, "affirm or deny")) {
            const char *v = f->a[0]->val;
            if (!strcmp(v, "affirm"))
                t->cite = TR_STANCE_AFFIRM;
            else if (!strcmp(v, "deny"))
                t->cite = TR_STANCE_DENY;
            else
                errat(P, f->a[0], TR_E_BAD_STANCE, "bad stance '%s' (expected affirm or deny)", v);
        }
    } else {
        errat(P, f->name, TR_E_UNKNOWN_FIELD,
              "unknown field '%s' in topic (expected description, mention, affirm, deny, exclude, "
              "example, cite, near, nearest, clause or follow)", n);
    }
}

/* Parses a window such as 90d into seconds; -1 when bad. */
static int64_t parse_window(const char *s)
{
    int64_t v = 0;
    const char *p = s;
    if (*p < '0' || *p > '9')
        return -1;
    while (*p >= '0' && *p <= '9') {
        v = v * 10 + (*p - '0');
        if (v > 100000000)
            return -1;
        p++;
    }
    int64_t mul = p[0] == 's' ? 1 : p[0] == 'h' ? 3600 : p[0] == 'd' ? 86400
                : p[0] == 'w' ? 604800 : 0;
    if (!mul || p[1] || v == 0)
        return -1;
    v *= mul;
    return v > (int64_t)100 * 366 * 86400 ? -1 : v;
}

/* Whether s is YYYY, YYYY-MM or YYYY-MM-DD with a plausible month/day. */
static int valid_date(const char *s)
{
    size_t n = strlen(s);
    if (n != 4 && n != 7 && n != 10)
        return 0;
    for (size_t i = 0; i < n; i++) {
        if (i == 4 || i == 7) {
            if (s[i] != '-')
                return 0;
        } else if (s[i] < '0' || s[i] > '9')
            return 0;
    }
    if (n >= 7) {
        int m = (s[5] - '0') * 10 + (s[6] - '0');
        if (m < 1 || m > 12)
            return 0;
    }
    if (n == 10) {
        int d = (s[8] - '0') * 10 + (s[9] - '0');
        if (d < 1 || d > 31)
            return 0;
    }
    return 1;
}

/* Parses one field of a reversal or contradiction block. */
static void det_field(parser *P, size_t di, fieldargs *f)
{
    tr_detector *d = &P->rs->dets[di];
    const char *n = f->name->val;
    if (!strcmp(n, "topic")) {
        if (once(P, f, d->topic_id) && want(P, f, 1, 1, A_WORD, "one topic id")) {
            d->topic_loc.file = P->file;
            d->topic_loc.line = f->a[0]->line;
            d->topic_loc.col = f->a[0]->col;
            d->topic_id = take(P, f->a[0]);
        }
    } else if (!strcmp(n, "window")) {
        static const char w[] = "a duration such as 90d (units s, h, d, w)";
        if (want(P, f, 1, 1, A_WORD, w)) {
            int64_t v = parse_window(f->a[0]->val);
            if (v < 0)
                errat(P, f->a[0], TR_E_BAD_WINDOW, "bad window '%s' (expected %s)", f->a[0]->val, w);
            else
                d->window = v;
        }
    } else if (!strcmp(n, "severity")) {
        if (want(P, f, 1, 1, A_WORD, "low, medium, high or critical")) {
            const char *s = f->a[0]->val;
            int v = !strcmp(s, "low") ? TR_SEV_LOW : !strcmp(s, "medium") ? TR_SEV_MEDIUM
                  : !strcmp(s, "high") ? TR_SEV_HIGH : !strcmp(s, "critical") ? TR_SEV_CRITICAL : 0;
            if (!v)
                errat(P, f->a[0], TR_E_BAD_SEVERITY,
                      "bad severity '%s' (expected low, medium, high or critical)", s);
            else
                d->severity = (tr_severity)v;
        }
    } else if (!strcmp(n, "description")) {
        if (once(P, f, d->description) && want(P, f, 1, 1, A_STRING, "one \"string\""))
            d->description = take(P, f->a[0]);
    } else if (!strcmp(n, "status")) {
        if (once(P, f, d->status) && want(P, f, 1, 1, A_WORD | A_STRING, "one word or \"string\""))
            d->status = take(P, f->a[0]);
    } else if (!strcmp(n, "author")) {
        if (once(P, f, d->author) && want(P, f, 1, 1, A_WORD | A_STRING, "one word or \"string\""))
            d->author = take(P, f->a[0]);
    } else if (!strcmp(n, "references")) {
        if (want(P, f, 1, 16, A_STRING, "one or more \"url\" strings"))
            add_strs(P, &d->references, f);
    } else if (!strcmp(n, "people")) {
        if (want(P, f, 1, 16, A_WORD | A_STRING, "one or more \"names\""))
            add_strs(P, &d->people, f);
    } else if (!strcmp(n, "sides")) {
        if (want(P, f, 1, 16, A_WORD | A_STRING, "side labels such as RU US, or any")) {
            if (!(f->n == 1 && f->a[0]->kind == TK_WORD && !strcmp(f->a[0]->val, "any")))
                add_strs(P, &d->sides, f);
        }
    } else if (!strcmp(n, "modes")) {
        if (want(P, f, 1, 2, A_WORD, "direct and/or reported")) {
            for (size_t k = 0; k < f->n; k++) {
                const char *s = f->a[k]->val;
                if (!strcmp(s, "direct"))
                    d->modes |= TR_MODE_DIRECT;
                else if (!strcmp(s, "reported"))
                    d->modes |= TR_MODE_REPORTED;
                else {
                    errat(P, f->a[k], TR_E_BAD_MODE, "bad mode '%s' (expected direct or reported)", s);
                    break;
                }
            }
        }
    } else if (!strcmp(n, "from") || !strcmp(n, "to")) {
        char **dst = n[0] == 'f' ? &d->from : &d->to;
        if (once(P, f, *dst) && want(P, f, 1, 1, A_WORD | A_STRING, "a date YYYY[-MM[-DD]]")) {
            if (!valid_date(f->a[0]->val))
                errat(P, f->a[0], TR_E_BAD_DATE, "bad date '%s' (expected YYYY, YYYY-MM or YYYY-MM-DD)",
                      f->a[0]->val);
            else
                *dst = take(P, f->a[0]);
        }
    } else if (!strcmp(n, "support")) {
        number_field(P, f, 1, 100, &d->support);
    } else {
        errat(P, f->name, TR_E_UNKNOWN_FIELD,
              "unknown field '%s' in %s (expected topic, window, severity, description, status, "
              "author, references, people, sides, modes, from, to or support)", n,
              tr_det_kind_name(d->kind));
    }
}

enum { B_TOPIC, B_DETECTOR, B_LIST, B_LEXICON };

/* Parses a block body after '{' up to its '}'. */
static void parse_body(parser *P, int kind, size_t idx, tr_tok *kw, const char *id)
{
    for (;;) {
        if (P->oom)
            return;
        tr_tok *t = cur(P);
        if (t->kind == TK_NL) {
            advance(P);
        } else if (t->kind == TK_EOF) {
            errat(P, kw, TR_E_UNCLOSED_BLOCK, "%s '%s' is not closed (missing '}')", kw->val, id);
            return;
        } else if (t->kind == TK_RBRACE) {
            advance(P);
            return;
        } else if (t->kind == TK_WORD) {
            fieldargs f;
            collect(P, &f);
            if (f.bad & 1) {
                if (!strcmp(f.name->val, "mention"))
                    P->bad_mention = 1;
                continue; /* the lexer reported it */
            }
            if (kind == B_TOPIC)
                topic_field(P, idx, &f);
            else if (kind == B_DETECTOR)
                det_field(P, idx, &f);
            else if (kind == B_LIST)
                list_field(P, idx, &f);
            else
                lexicon_field(P, &f);
        } else if (t->kind == TK_BAD) {
            skip_line(P);
        } else {
            errat(P, t, TR_E_SYNTAX, "expected a field name");
            skip_line(P);
        }
    }
}

/* Parses one block starting at its kind keyword. */
static void parse_block(parser *P)
{
    tr_tok *kw = cur(P);
    const char *k = kw->val;
    int is_topic = !strcmp(k, "topic"), is_list = !strcmp(k, "list"), is_lex = !strcmp(k, "lexicon");
    tr_det_kind dk = !strcmp(k, "reversal") ? TR_DET_REVERSAL
                   : !strcmp(k, "contradiction") ? TR_DET_CONTRADICTION : 0;
    if (!is_topic && !dk && !is_list && !is_lex) {
        errat(P, kw, TR_E_UNKNOWN_BLOCK,
              "unknown block kind '%s' (expected topic, reversal, contradiction, list or lexicon)", k);
        skip_block(P);
        return;
    }
    advance(P);
    tr_tok *idt = cur(P);
    if (idt->kind != TK_WORD || !valid_id(idt->val)) {
        errat(P, idt, TR_E_SYNTAX, "expected an id ([A-Za-z_][A-Za-z0-9_.-]*) after '%s'", k);
        skip_block(P);
        return;
    }
    advance(P);
    if (cur(P)->kind != TK_LBRACE) {
        errat(P, cur(P), TR_E_SYNTAX, "expected '{' after '%s %s'", k, idt->val);
        skip_block(P);
        return;
    }
    advance(P);
    P->bad_mention = 0;
    tr_ruleset *rs = P->rs;
    size_t idx = 0;
    if (is_lex) {
        parse_body(P, B_LEXICON, 0, kw, idt->val);
        return;
    }
    check_dup(P, idt);
    if (is_list) {
        if (trr_grow((void **)&rs->lists, &rs->cap_lists, rs->nlists, sizeof *rs->lists) < 0) {
            P->oom = 1;
            return;
        }
        idx = rs->nlists++;
        tr_list *l = &rs->lists[idx];
        memset(l, 0, sizeof *l);
        l->id = take(P, idt);
        l->loc = (tr_loc){ P->file, kw->line, kw->col };
        if (!l->id || trr_ids_add(&rs->ids, l->id, TRR_ID_LIST, idx) < 0) {
            P->oom = 1;
            return;
        }
        parse_body(P, B_LIST, idx, kw, l->id);
        if (!P->oom && rs->lists[idx].npatterns == 0)
            errat(P, kw, TR_E_MISSING_FIELD, "list '%s' has no 'pattern' or 'words'", rs->lists[idx].id);
        return;
    }
    if (is_topic) {
        if (trr_grow((void **)&rs->topics, &rs->cap_topics, rs->ntopics, sizeof *rs->topics) < 0) {
            P->oom = 1;
            return;
        }
        idx = rs->ntopics++;
        tr_topic *t = &rs->topics[idx];
        memset(t, 0, sizeof *t);
        t->id = take(P, idt);
        t->loc = (tr_loc){ P->file, kw->line, kw->col };
        t->follow = 1;
    } else {
        if (trr_grow((void **)&rs->dets, &rs->cap_dets, rs->ndets, sizeof *rs->dets) < 0) {
            P->oom = 1;
            return;
        }
        idx = rs->ndets++;
        tr_detector *d = &rs->dets[idx];
        memset(d, 0, sizeof *d);
        d->kind = dk;
        d->id = take(P, idt);
        d->loc = (tr_loc){ P->file, kw->line, kw->col };
        d->window = (int64_t)365 * 86400;
        d->severity = TR_SEV_MEDIUM;
        d->topic = (size_t)-1;
        d->support = 1;
    }
    const char *id = is_topic ? rs->topics[idx].id : rs->dets[idx].id;
    if (!id || trr_ids_add(&rs->ids, id, is_topic ? TRR_ID_TOPIC : TRR_ID_DETECTOR, idx) < 0) {
        P->oom = 1;
        return;
    }
    parse_body(P, is_topic ? B_TOPIC : B_DETECTOR, idx, kw, id);
    if (P->oom)
        return;
    if (is_topic) {
        tr_topic *t = &rs->topics[idx];
        int has = 0;
        for (size_t j = 0; j < t->npatterns; j++)
            has |= t->patterns[j].kind == TR_PAT_MENTION;
        if (!has && !P->bad_mention)
            errat(P, kw, TR_E_MISSING_FIELD, "topic '%s' has no 'mention' pattern", t->id);
    } else if (!rs->dets[idx].topic_id) {
        errat(P, kw, TR_E_MISSING_FIELD, "%s '%s' has no 'topic' field", k, rs->dets[idx].id);
    }
}

/* Parses one file into rs; errors to diags.  0, or -1 on OOM. */
int trr_parse_file(tr_ruleset *rs, const char *file, const char *text,
                  size_t len, int release, tr_diags *diags)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE), released = 0;
    parser P;
    memset(&P, 0, sizeof P);
    P.rs = rs;
    P.file = file;
    P.text = text;
    P.len = len;
    P.diags = diags;
    trr_lex_begin(&P.lx, file, text, len, &P.toks, diags);
    for (;;) {
        if (P.i > 0 && (P.i >= P.toks.n || P.i >= 1024)) {
            drop_consumed(&P);
            /* nothing reads the text before the first token held, nor
            ** before the line the lexer is on */
            size_t keep = P.toks.n && P.toks.v[0].off < P.lx.linestart ? P.toks.v[0].off : P.lx.linestart;
            keep -= keep % page;
            if (release && keep >= released + (size_t)64 * page) {
                if (madvise((char *)text + released, keep - released, MADV_DONTNEED) == 0)
                    rs->released += keep - released;
                released = keep;
            }
        }
        if (!P.lx.done && (P.toks.n == 0 || P.i >= P.toks.n || cur(&P)->kind == TK_WORD) &&
            trr_lex_more(&P.lx) < 0)
            P.oom = 1;
        if (P.oom || cur(&P)->kind == TK_EOF)
            break;
        if (P.toks.n > rs->peak_tokens)
            rs->peak_tokens = P.toks.n;
        tr_tok *t = cur(&P);
        if (t->kind == TK_NL) {
            advance(&P);
        } else if (t->kind == TK_WORD) {
            parse_block(&P);
        } else if (t->kind == TK_BAD) {
            skip_line(&P);
        } else {
            errat(&P, t, TR_E_SYNTAX, "expected a block (topic, reversal, contradiction, list or lexicon)");
            if (t->kind == TK_LBRACE)
                skip_block(&P);
            else
                skip_line(&P);
        }
    }
    trr_toks_free(&P.toks);
    return P.oom ? -1 : 0;
}

/* Resolves every detector's topic id to an index; E008 for unknown ones. */
int trr_resolve(tr_ruleset *rs, tr_diags *diags)
{
    for (size_t i = 0; i < rs->ndets; i++) {
        tr_detector *d = &rs->dets[i];
        if (!d->topic_id)
            continue;
        d->topic = tr_ruleset_find_topic(rs, d->topic_id);
        if (d->topic != (size_t)-1)
            continue;
        if (trr_diag_at(diags, TR_DIAG_ERROR, TR_E_UNKNOWN_TOPIC, rs, d->topic_loc.file,
                        d->topic_loc.line, d->topic_loc.col,
                        trr_utf8_count(d->topic_id, strlen(d->topic_id)),
                        "unknown topic '%s' in %s '%s'", d->topic_id,
                        tr_det_kind_name(d->kind), d->id) < 0)
            return -1;
    }
    for (size_t t = 0; t < rs->ntopics; t++)
        for (size_t k = 0; k < rs->topics[t].npatterns; k++) {
            tr_pattern *p = &rs->topics[t].patterns[k];
            if (p->re)
                continue;
            int kind;
            size_t l;
            if (trr_ids_find(&rs->ids, p->source, &kind, &l) && kind == TRR_ID_LIST)
                p->list = l;
            if (p->list != (size_t)-1)
                continue;
            if (trr_diag_at(diags, TR_DIAG_ERROR, TR_E_UNKNOWN_LIST, rs, p->loc.file,
                             p->loc.line, p->loc.col, trr_utf8_count(p->source, strlen(p->source)),
                             "unknown list '%s' in topic '%s'", p->source, rs->topics[t].id) < 0)
                return -1;
        }
    for (size_t i = 0; i < rs->nexamples; i++)
        rs->examples[i].topic_id = rs->topics[rs->examples[i].topic].id;
    return 0;
}
