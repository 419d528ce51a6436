/*
** patterns.c: loads the attribution directory into a tr_extractor.
**
**   NAME.txt   a word list, one entry a line ('#' comments); usable in
**              patterns as {list:NAME}, and read by the C code for the
**              lists it knows (titles, group-nouns, org-nouns, ...)
**   sides.tsv  WORD<TAB>SIDE rows: "Russian<TAB>RU"; {list:sides} too
**   *.pcre     rules, in file-name order:
**                define NAME = REGEX        a macro, used as {NAME} (the
**                                           text put in place) or {&NAME}
**                                           (a call: compiled once per
**                                           rule, for macros used often)
**                KIND NAME: REGEX           KIND is after, before,
**                                           reported, split, ignore, date,
**                                           strip, tail, trail
**              a line that starts with white space continues the one
**              before.  Patterns compile with UTF, UCP and EXTENDED
**              (spaces are not significant: write \s).
*/
#include "x_internal.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

typedef struct sbuf {
    char *p;
    size_t n, cap;
} sbuf;

static int sb_add(sbuf *b, const char *s, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        size_t nc = b->cap ? b->cap : 256;
        while (nc < b->n + n + 1)
            nc *= 2;
        char *np = realloc(b->p, nc);
        if (!np)
            return -1;
        b->p = np;
        b->cap = nc;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = 0;
    return 0;
}

typedef struct macro {
    char *name, *body, *file;
    int line;
} macro;

typedef struct loader {
    tr_extractor *x;
    macro *m;
    size_t nm;
    const char *dir;
    unsigned char *used; /* per macro: called as {&NAME} in the rule at hand */
} loader;

static char *xstrndup(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = 0;
    }
    return p;
}

/* The list called name, or NULL. */
const xlist *x_list(const tr_extractor *x, const char *name)
{
    size_t lo = 0, hi = x->nlists; /* sorted by name once loaded */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(x->lists[mid].name, name);
        if (!c)
            return &x->lists[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

static int cmp_list_name(const void *a, const void *b)
{
    return strcmp(((const xlist *)a)->name, ((const xlist *)b)->name);
}

/* Compares the NUL-terminated key with w[0..n). */
static int cmp_n(const char *key, const char *w, size_t n, int icase)
{
    int c = icase ? strncasecmp(key, w, n) : strncmp(key, w, n);
    if (c)
        return c;
    return key[n] ? 1 : 0;
}

/* 1 when w[0..n) is an entry of l (case-insensitive when icase).  The
** entries are sorted case-insensitively at load time: binary search. */
int x_list_has(const xlist *l, const char *w, size_t n, int icase)
{
    if (!l || !l->n)
        return 0;
    size_t lo = 0, hi = l->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = cmp_n(l->w[mid], w, n, 1);
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = lo; i < l->n && !cmp_n(l->w[i], w, n, 1); i++)
        if (icase || !cmp_n(l->w[i], w, n, 0))
            return 1;
    return 0;
}

/* The side that w[0..n) names in sides.tsv (exact case), or NULL
** (static to x).  Sorted at load time: binary search. */
const char *x_side_of(const tr_extractor *x, const char *w, size_t n)
{
    size_t lo = 0, hi = x->nsides;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = cmp_n(x->sides[mid].key, w, n, 0);
        if (c < 0)
            lo = mid + 1;
        else if (c > 0)
            hi = mid;
        else
            return x->sides[mid].side;
    }
    return NULL;
}

static int cmp_icase(const void *a, const void *b)
{
    return strcasecmp(*(char *const *)a, *(char *const *)b);
}

static int cmp_side(const void *a, const void *b)
{
    return strcmp(((const xside *)a)->key, ((const xside *)b)->key);
}

static char *read_all(const char *path, tr_err *err, tr_status *st)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        *st = tr_errf(err, TR_ENOINPUT, "%s: %s", path, strerror(errno));
        return NULL;
    }
    sbuf b = {0};
    char buf[8192];
    size_t k;
    while ((k = fread(buf, 1, sizeof buf, f)) > 0)
        if (sb_add(&b, buf, k)) {
            fclose(f);
            free(b.p);
            *st = tr_errf(err, TR_ESOFTWARE, "out of memory");
            return NULL;
        }
    fclose(f);
    if (!b.p && sb_add(&b, "", 0)) {
        *st = tr_errf(err, TR_ESOFTWARE, "out of memory");
        return NULL;
    }
    return b.p;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static tr_status load_list(loader *L, const char *path, const char *base, int tsv,
                           tr_err *err)
{
    tr_status st = TR_OK;
    char *text = read_all(path, err, &st);
    if (!text)
        return st;
    tr_extractor *x = L->x;
    xlist *nl = realloc(x->lists, (x->nlists + 1) * sizeof *nl);
    if (!nl)
        goto oom;
    x->lists = nl;
    xlist *l = &x->lists[x->nlists++];
    memset(l, 0, sizeof *l);
    l->name = xstrndup(base, strcspn(base, "."));
    if (!l->name)
        goto oom;
    int line = 0;
    for (char *p = text; *p;) {
        char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        line++;
        while (n && (p[n - 1] == '\r' || p[n - 1] == ' ' || p[n - 1] == '\t'))
            n--;
        while (n && (*p == ' ' || *p == '\t'))
            p++, n--;
        if (n && *p != '#') {
            size_t kn = n;
            char *tab = tsv ? memchr(p, '\t', n) : NULL;
            if (tsv && !tab) {
                free(text);
                return tr_errf(err, TR_ECONFIG, "%s:%d: expected WORD<TAB>SIDE", path, line);
            }
            if (tab)
                kn = (size_t)(tab - p);
            char **nw = realloc(l->w, (l->n + 1) * sizeof *nw);
            if (!nw)
                goto oom;
            l->w = nw;
            if (!(l->w[l->n] = xstrndup(p, kn)))
                goto oom;
            l->n++;
            if (tab) {
                char *sv = tab + 1;
                while (*sv == '\t')
                    sv++;
                xside *ns = realloc(x->sides, (x->nsides + 1) * sizeof *ns);
                if (!ns)
                    goto oom;
                x->sides = ns;
                ns[x->nsides].key = xstrndup(p, kn);
                ns[x->nsides].side = xstrndup(sv, (size_t)(p + n - sv));
                x->nsides++;
                if (!ns[x->nsides - 1].key || !ns[x->nsides - 1].side)
                    goto oom;
            }
        }
        if (!e)
            break;
        p = e + 1;
    }
    free(text);
    return TR_OK;
oom:
    free(text);
    return tr_errf(err, TR_ESOFTWARE, "out of memory");
}

/* The length of the character starting at s: one UTF-8 sequence. */
static size_t atom_len(const char *s)
{
    unsigned char c = (unsigned char)*s;
    return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

/* Appends one character of a list entry as a regex: a space matches any
** white space, metacharacters are escaped. */
static int put_atom(sbuf *b, const char *c, size_t n)
{
    if (n > 1)
        return sb_add(b, c, n);
    if (*c == ' ')
        return sb_add(b, "\\s+", 3);
    if (strchr("\\^$.|?*+()[]{}#-", *c)) {
        char e[2] = {'\\', *c};
        return sb_add(b, e, 2);
    }
    return sb_add(b, c, 1);
}

/* Appends w[lo..hi) (sorted, sharing their first d bytes) as a prefix
** tree: "said", "says", "say" give sa(?:id|y(?:s)?).  An entry that ends
** here makes the rest optional, and optional parts are greedy, so the
** longest entry is tried first. */
static int put_tree(sbuf *b, char **w, size_t lo, size_t hi, size_t d)
{
    size_t i = lo;
    int term = 0;
    while (i < hi && !w[i][d]) { /* entries that end here (and repeats) */
        term = 1;
        i++;
    }
    size_t groups = 0;
    for (size_t k = i; k < hi;) {
        size_t n = atom_len(w[k] + d), e = k + 1;
        while (e < hi && !strncmp(w[e] + d, w[k] + d, n))
            e++;
        groups++;
        k = e;
    }
    if (!groups)
        return 0;
    int wrap = term || groups > 1, rc = wrap ? sb_add(b, "(?:", 3) : 0;
    for (size_t k = i, first = 1; k < hi && !rc; first = 0) {
        size_t n = atom_len(w[k] + d), e = k + 1;
        while (e < hi && !strncmp(w[e] + d, w[k] + d, n))
            e++;
        if (!first)
            rc |= sb_add(b, "|", 1);
        rc |= put_atom(b, w[k] + d, n);
        rc |= put_tree(b, w, k, e, d + n);
        k = e;
    }
    if (wrap)
        rc |= sb_add(b, term ? ")?" : ")", term ? 2 : 1);
    return rc;
}

static int by_len_desc(const void *a, const void *b)
{
    size_t la = strlen(*(char *const *)a), lb = strlen(*(char *const *)b);
    return la < lb ? 1 : la > lb ? -1 : strcmp(*(char *const *)a, *(char *const *)b);
}

/* Appends list l as a non-capturing alternation: as a prefix tree or as
** a flat list of the entries longest first, whichever is shorter (both
** try the longest entry first). */
static int add_alternation(sbuf *b, const xlist *l)
{
    if (!l->n)
        return sb_add(b, "(?:(*FAIL))", 11);
    char **w = malloc(l->n * sizeof *w);
    if (!w)
        return -1;
    memcpy(w, l->w, l->n * sizeof *w);
    sbuf tree = {0}, flat = {0};
    qsort(w, l->n, sizeof *w, cmp_str);
    int rc = put_tree(&tree, w, 0, l->n, 0);
    qsort(w, l->n, sizeof *w, by_len_desc);
    for (size_t i = 0; i < l->n && !rc; i++) {
        if (i)
            rc |= sb_add(&flat, "|", 1);
        for (const char *c = w[i]; *c && !rc; c += atom_len(c))
            rc |= put_atom(&flat, c, atom_len(c));
    }
    const sbuf *use = tree.n < flat.n ? &tree : &flat;
    if (!rc)
        rc = sb_add(b, "(?:", 3) || sb_add(b, use->p, use->n) || sb_add(b, ")", 1);
    free(tree.p);
    free(flat.p);
    free(w);
    return rc;
}

static tr_status expand(loader *L, const char *src, sbuf *out, int depth, const char *file,
                        int line, tr_err *err)
{
    if (depth > 12)
        return tr_errf(err, TR_ECONFIG, "%s:%d: macros nest too deeply", file, line);
    for (const char *p = src; *p; p++) {
        if (*p == '\\' && (p[1] == 'p' || p[1] == 'P') && p[2] == '{' && strchr(p, '}')) {
            size_t k = (size_t)(strchr(p, '}') - p) + 1; /* \p{Lu} */
            if (sb_add(out, p, k))
                goto oom;
            p += k - 1;
            continue;
        }
        if (*p == '\\' && p[1]) {
            if (sb_add(out, p, 2))
                goto oom;
            p++;
            continue;
        }
        int call = *p == '{' && p[1] == '&';
        if (*p == '{' && (p[1] == '_' || (p[1] >= 'A' && p[1] <= 'Z') || call ||
                          !strncmp(p + 1, "list:", 5))) {
            const char *e = strchr(p, '}');
            if (!e)
                return tr_errf(err, TR_ECONFIG, "%s:%d: unclosed '{'", file, line);
            char name[128];
            size_t n = (size_t)(e - p - 1 - call);
            if (n >= sizeof name)
                return tr_errf(err, TR_ECONFIG, "%s:%d: macro name too long", file, line);
            memcpy(name, p + 1 + call, n);
            name[n] = 0;
            size_t i = 0; /* the macro called name, or L->nm */
            while (i < L->nm && strcmp(L->m[i].name, name))
                i++;
            if (strncmp(name, "list:", 5) && i == L->nm)
                return tr_errf(err, TR_ECONFIG, "%s:%d: unknown macro {%s%s}", file, line,
                               call ? "&" : "", name);
            if (call) { /* {&NAME}: a call of the macro, defined once */
                L->used[i] = 1;
                if (sb_add(out, "(?&m_", 5) || sb_add(out, name, n) || sb_add(out, ")", 1))
                    goto oom;
            } else if (!strncmp(name, "list:", 5)) {
                const xlist *l = x_list(L->x, name + 5);
                if (!l)
                    return tr_errf(err, TR_ECONFIG, "%s:%d: no word list '%s.txt' in %s",
                                   file, line, name + 5, L->dir);
                if (add_alternation(out, l))
                    goto oom;
            } else {
                if (sb_add(out, "(?:", 3))
                    goto oom;
                tr_status st = expand(L, L->m[i].body, out, depth + 1, file, line, err);
                if (st)
                    return st;
                if (sb_add(out, ")", 1))
                    goto oom;
            }
            p = e;
            continue;
        }
        if (sb_add(out, p, 1))
            goto oom;
    }
    return TR_OK;
oom:
    return tr_errf(err, TR_ESOFTWARE, "out of memory");
}

/* Drops the white space EXTENDED ignores from the expanded regex b (not
** inside a character class, not escaped), so rules stay short enough for
** tools such as pcre2grep (8 KB a pattern) to run them. */
static void squeeze(sbuf *b)
{
    size_t w = 0;
    int cls = 0;
    for (size_t i = 0; i < b->n; i++) {
        char c = b->p[i];
        if (c == '\\' && i + 1 < b->n) {
            b->p[w++] = c;
            b->p[w++] = b->p[++i];
            continue;
        }
        if (cls) {
            if (c == ']' && !(cls == 1))
                cls = 0;
            else if (cls == 1)
                cls = 2; /* a ']' right after '[' or '[^' is a member */
            b->p[w++] = c;
            continue;
        }
        if (c == '[') {
            cls = 1;
            b->p[w++] = c;
            if (i + 1 < b->n && b->p[i + 1] == '^')
                b->p[w++] = b->p[++i];
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
            continue;
        b->p[w++] = c;
    }
    b->n = w;
    if (b->p)
        b->p[w] = 0;
}

static const char *const group_names[G_COUNT] = {"speaker", "clause", "clause2", "via",
                                                 "verb",    "appos",  "wd",      "month",
                                                 "year",    "day",    "n",       "first"};

static tr_status add_rule(loader *L, const char *file, int line, const char *rule,
                          tr_err *err)
{
    static const char *const kinds[] = {"after",  "before", "reported", "split",
                                        "ignore", "date",   "strip",    "tail",
                                        "trail"};
    const char *p = rule;
    if (!strncmp(p, "define", 6) && (p[6] == ' ' || p[6] == '\t')) {
        p += 6;
        while (*p == ' ' || *p == '\t')
            p++;
        size_t n = strcspn(p, " \t=");
        const char *eq = strchr(p, '=');
        if (!n || !eq)
            return tr_errf(err, TR_ECONFIG, "%s:%d: expected 'define NAME = REGEX'", file, line);
        const char *body = eq + 1;
        while (*body == ' ' || *body == '\t')
            body++;
        macro *nm = realloc(L->m, (L->nm + 1) * sizeof *nm);
        if (!nm)
            return tr_errf(err, TR_ESOFTWARE, "out of memory");
        L->m = nm;
        nm[L->nm].name = xstrndup(p, n);
        nm[L->nm].body = xstrndup(body, strlen(body));
        nm[L->nm].file = NULL;
        nm[L->nm].line = line;
        L->nm++;
        if (!nm[L->nm - 1].name || !nm[L->nm - 1].body)
            return tr_errf(err, TR_ESOFTWARE, "out of memory");
        return TR_OK;
    }
    int kind = -1;
    for (int k = 0; k < 9; k++) {
        size_t kl = strlen(kinds[k]);
        if (!strncmp(p, kinds[k], kl) && (p[kl] == ' ' || p[kl] == '\t')) {
            kind = k;
            p += kl;
            break;
        }
    }
    if (kind < 0)
        return tr_errf(err, TR_ECONFIG,
                       "%s:%d: expected 'define', 'after', 'before', 'reported', 'split', "
                       "'ignore', 'strip', 'tail', 'trail' or 'date'",
                       file, line);
    while (*p == ' ' || *p == '\t')
        p++;
    size_t n = strcspn(p, ": \t");
    const char *colon = strchr(p, ':');
    if (!n || !colon)
        return tr_errf(err, TR_ECONFIG, "%s:%d: expected 'KIND NAME: REGEX'", file, line);
    sbuf re = {0};
    unsigned char *used = calloc(L->nm ? L->nm : 1, 1), *done = calloc(L->nm ? L->nm : 1, 1);
    L->used = used;
    tr_status st = used && done ? expand(L, colon + 1, &re, 0, file, line, err)
                                : tr_errf(err, TR_ESOFTWARE, "out of memory");
    /* the macros called as {&NAME}: one (?(DEFINE)...) group each, at the
       end, so a macro used many times is compiled once */
    for (int more = 1; !st && more;) {
        more = 0;
        for (size_t i = 0; i < L->nm && !st; i++) {
            if (!used[i] || done[i])
                continue;
            done[i] = 1;
            more = 1;
            if (sb_add(&re, "(?(DEFINE)(?<m_", 15) || sb_add(&re, L->m[i].name, strlen(L->m[i].name)) ||
                sb_add(&re, ">", 1))
                st = tr_errf(err, TR_ESOFTWARE, "out of memory");
            else if (!(st = expand(L, L->m[i].body, &re, 1, file, line, err)) &&
                     sb_add(&re, "))", 2))
                st = tr_errf(err, TR_ESOFTWARE, "out of memory");
        }
    }
    free(used);
    free(done);
    L->used = NULL;
    if (!st)
        squeeze(&re);
    if (st) {
        free(re.p);
        return st;
    }
    int ec;
    PCRE2_SIZE eo;
    /* anchored at compile time, not at match time, where PCRE2 would
       leave the JIT for the interpreter */
    int anchored = kind == PK_AFTER || kind == PK_REPORTED || kind == PK_STRIP || kind == PK_TAIL;
    pcre2_code *code = pcre2_compile((PCRE2_SPTR)(re.p ? re.p : ""), PCRE2_ZERO_TERMINATED,
                                     PCRE2_UTF | PCRE2_UCP | PCRE2_EXTENDED | PCRE2_NO_UTF_CHECK | PCRE2_NEVER_BACKSLASH_C |
                                         (anchored ? PCRE2_ANCHORED : 0),
                                     &ec, &eo, NULL);
    if (!code) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(ec, msg, sizeof msg);
        size_t lo = eo > 30 ? eo - 30 : 0;
        tr_errf(err, TR_ECONFIG, "%s:%d: rule '%.*s': %s at offset %zu of the expanded pattern "
                "(near '%.60s')", file, line, (int)n, p, (char *)msg, (size_t)eo,
                re.p ? re.p + lo : "");
        free(re.p);
        return TR_ECONFIG;
    }
    xpat *np = realloc(L->x->pats, (L->x->npats + 1) * sizeof *np);
    if (!np) {
        pcre2_code_free(code);
        free(re.p);
        return tr_errf(err, TR_ESOFTWARE, "out of memory");
    }
    L->x->pats = np;
    xpat *x = &np[L->x->npats++];
    x->kind = kind;
    x->name = xstrndup(p, n);
    x->file = xstrndup(file, strlen(file));
    x->line = line;
    x->re = code;
    x->src = re.p ? re.p : xstrndup("", 0);
    for (int g = 0; g < G_COUNT; g++) {
        int k = pcre2_substring_number_from_name(code, (PCRE2_SPTR)group_names[g]);
        x->g[g] = k > 0 ? k : -1;
    }
    if (!x->name || !x->file)
        return tr_errf(err, TR_ESOFTWARE, "out of memory");
    if ((kind == PK_REPORTED || kind == PK_SPLIT || kind == PK_TAIL) && x->g[G_CLAUSE] < 0)
        return tr_errf(err, TR_ECONFIG, "%s:%d: rule '%s' needs a (?<clause>...) group", file,
                       line, x->name);
    if ((kind == PK_REPORTED || kind == PK_AFTER || kind == PK_BEFORE) && x->g[G_SPEAKER] < 0)
        return tr_errf(err, TR_ECONFIG, "%s:%d: rule '%s' needs a (?<speaker>...) group", file,
                       line, x->name);
    return TR_OK;
}

static tr_status load_pcre(loader *L, const char *path, tr_err *err)
{
    tr_status st = TR_OK;
    char *text = read_all(path, err, &st);
    if (!text)
        return st;
    sbuf rule = {0};
    int line = 0, rline = 0;
    for (char *p = text;;) {
        char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        line++;
        while (n && (p[n - 1] == '\r' || p[n - 1] == ' ' || p[n - 1] == '\t'))
            n--;
        size_t ind = 0;
        while (ind < n && (p[ind] == ' ' || p[ind] == '\t'))
            ind++;
        int blank = ind == n, comment = !blank && p[ind] == '#';
        if (!blank && !comment && ind > 0 && rule.n) {
            if (sb_add(&rule, " ", 1) || sb_add(&rule, p + ind, n - ind))
                goto oom;
        } else if (!blank && !comment) {
            if (rule.n && (st = add_rule(L, path, rline, rule.p, err)))
                goto out;
            rule.n = 0;
            if (sb_add(&rule, p + ind, n - ind))
                goto oom;
            rline = line;
        }
        if (!e)
            break;
        p = e + 1;
    }
    if (rule.n)
        st = add_rule(L, path, rline, rule.p, err);
out:
    free(rule.p);
    free(text);
    return st;
oom:
    st = tr_errf(err, TR_ESOFTWARE, "out of memory");
    goto out;
}

/* Loads and compiles every file of patterns_dir (see the top of this
** file); *out is a new extractor for tr_extractor_free. */
tr_status tr_extractor_new(const char *patterns_dir, tr_extractor **out, tr_err *err)
{
    return x_extractor_load(patterns_dir, 1, out, err);
}

/* tr_extractor_new, reading attribution.model only when models is 1 (the
** trainer, which writes it, does without). */
tr_status x_extractor_load(const char *patterns_dir, int models, tr_extractor **out, tr_err *err)
{
    *out = NULL;
    DIR *d = opendir(patterns_dir);
    if (!d)
        return tr_errf(err, TR_ENOINPUT, "%s: %s", patterns_dir, strerror(errno));
    char **names = NULL;
    size_t nn = 0;
    tr_status st = TR_OK;
    struct dirent *de;
    while ((de = readdir(d))) {
        size_t l = strlen(de->d_name);
        if (de->d_name[0] == '.' ||
            !((l > 4 && !strcmp(de->d_name + l - 4, ".txt")) ||
              (l > 4 && !strcmp(de->d_name + l - 4, ".tsv")) ||
              (l > 5 && !strcmp(de->d_name + l - 5, ".pcre"))))
            continue;
        char **nv = realloc(names, (nn + 1) * sizeof *nv);
        if (!nv || !(nv[nn] = xstrndup(de->d_name, l))) {
            names = nv ? nv : names;
            st = tr_errf(err, TR_ESOFTWARE, "out of memory");
            break;
        }
        names = nv;
        nn++;
    }
    closedir(d);
    loader L = {calloc(1, sizeof(tr_extractor)), NULL, 0, patterns_dir, NULL};
    if (!L.x && !st)
        st = tr_errf(err, TR_ESOFTWARE, "out of memory");
    if (names)
        qsort(names, nn, sizeof *names, cmp_str);
    for (int pass = 0; pass < 2 && !st; pass++) {
        /* the word lists, sorted by name for x_list, before the patterns
           that name them */
        if (pass == 1 && L.x && L.x->nlists > 1)
            qsort(L.x->lists, L.x->nlists, sizeof *L.x->lists, cmp_list_name);
        for (size_t i = 0; i < nn && !st; i++) {
            size_t l = strlen(names[i]);
            int is_pcre = !strcmp(names[i] + l - 5, ".pcre");
            if (is_pcre != pass)
                continue;
            char path[4096];
            snprintf(path, sizeof path, "%s/%s", patterns_dir, names[i]);
            if (is_pcre)
                st = load_pcre(&L, path, err);
            else
                st = load_list(&L, path, names[i], !strcmp(names[i] + l - 4, ".tsv"), err);
        }
    }
    if (!st && L.x) {
        for (size_t i = 0; i < L.x->nlists; i++)
            if (L.x->lists[i].n) /* (an empty list has no array) */
                qsort(L.x->lists[i].w, L.x->lists[i].n, sizeof(char *), cmp_icase);
        if (L.x->nsides)
            qsort(L.x->sides, L.x->nsides, sizeof(xside), cmp_side);
    }
    if (!st && L.x && models) { /* the cue layer's models, when the directory has them */
        char path[4096];
        snprintf(path, sizeof path, "%s/attribution.model", patterns_dir);
        if (access(path, F_OK) == 0)
            st = x_models_load(L.x, path, err);
    }
    if (!st && L.x && L.x->npats == 0)
        st = tr_errf(err, TR_ENOINPUT, "%s: no *.pcre pattern files", patterns_dir);
    for (size_t i = 0; i < nn; i++)
        free(names[i]);
    free(names);
    for (size_t i = 0; i < L.nm; i++) {
        free(L.m[i].name);
        free(L.m[i].body);
    }
    free(L.m);
    if (st) {
        tr_extractor_free(L.x);
        return st;
    }
    *out = L.x;
    return TR_OK;
}

/* Frees x and everything it owns. */
void tr_extractor_free(tr_extractor *x)
{
    if (!x)
        return;
    for (size_t i = 0; i < x->npats; i++) {
        pcre2_code_free(x->pats[i].re);
        free(x->pats[i].src);
        free(x->pats[i].name);
        free(x->pats[i].file);
    }
    free(x->pats);
    for (size_t i = 0; i < x->nlists; i++) {
        for (size_t j = 0; j < x->lists[i].n; j++)
            free(x->lists[i].w[j]);
        free(x->lists[i].w);
        free(x->lists[i].name);
    }
    free(x->lists);
    for (size_t i = 0; i < x->nsides; i++) {
        free(x->sides[i].key);
        free(x->sides[i].side);
    }
    free(x->sides);
    x_models_free(x);
    free(x);
}

/* Rule i of x (0-based): its kind, name and expanded regex, all static to
** x; 0 past the last rule. */
int tr_extractor_rule(const tr_extractor *x, size_t i, const char **kind, const char **name,
                      const char **regex)
{
    static const char *const kinds[] = {"after",  "before", "reported", "split",
                                        "ignore", "date",   "strip",    "tail",
                                        "trail"};
    if (!x || i >= x->npats)
        return 0;
    *kind = kinds[x->pats[i].kind];
    *name = x->pats[i].name;
    *regex = x->pats[i].src;
    return 1;
}

/* JIT-compiles every rule of x (see extract.h); a rule the JIT cannot
** take stays with the interpreter. */
void tr_extractor_jit(tr_extractor *x)
{
    for (size_t i = 0; x && i < x->npats; i++)
        pcre2_jit_compile(x->pats[i].re, PCRE2_JIT_COMPLETE);
}
