/*
** feeds.c: the feeds file parser (see feeds.h).  A line-oriented scanner:
** every problem is reported with its line, and nothing is half-parsed.
*/
#include "feeds.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

/* Frees one feed's strings. */
static void feed_free(tr_feed *f)
{
    free(f->name);
    free(f->path);
    free(f->format);
    for (size_t i = 0; i < f->nmaps; i++)
        free(f->maps[i]);
    for (size_t i = 0; i < f->nsets; i++)
        free(f->sets[i]);
    free(f->maps);
    free(f->sets);
    free(f->map_lines);
    free(f->set_lines);
    free(f->tz);
    free(f->url_template);
    free(f->max_line);
}

/* Frees what out holds. */
void tr_feeds_free(tr_feeds *out)
{
    for (size_t i = 0; i < out->n; i++)
        feed_free(&out->v[i]);
    free(out->v);
    out->v = NULL;
    out->n = 0;
}

/* A copy of s[0..n) (caller frees); NULL when out of memory. */
static char *dupn(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = 0;
    }
    return d;
}

/* 1 when c may be part of a feed's name. */
static int name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.';
}

/* Appends value (taking it) and its line to a repeatable key's lists. */
static int append(char ***v, unsigned **lines, size_t *n, char *value, unsigned line)
{
    char **nv = realloc(*v, (*n + 1) * sizeof **v);
    if (!nv)
        return -1;
    *v = nv;
    unsigned *nl = realloc(*lines, (*n + 1) * sizeof **lines);
    if (!nl)
        return -1;
    *lines = nl;
    (*v)[*n] = value;
    (*lines)[*n] = line;
    (*n)++;
    return 0;
}

/* Resolves a feed's path against dir (a new string; NULL when out of memory). */
static char *resolve(const char *dir, const char *path)
{
    if (path[0] == '/' || !dir || !*dir)
        return dupn(path, strlen(path));
    size_t dl = strlen(dir), pl = strlen(path);
    char *r = malloc(dl + pl + 2);
    if (r)
        snprintf(r, dl + pl + 2, "%s/%s", dir, path);
    return r;
}

/* Parses the feeds file; see feeds.h. */
tr_status tr_feeds_parse(const char *name, const char *text, size_t len, const char *dir,
                         tr_feeds *out, tr_err *err)
{
    out->v = NULL;
    out->n = 0;
    size_t bad = tr_utf8_invalid_at(text, len);
    if (bad != (size_t)-1 || memchr(text, 0, len)) {
        unsigned line = 1;
        size_t at = bad != (size_t)-1 ? bad : (size_t)((const char *)memchr(text, 0, len) - text);
        for (size_t i = 0; i < at; i++)
            line += text[i] == '\n';
        return tr_errf(err, TR_EDATA, "%s:%u: not UTF-8 text (byte %zu)", name, line, at + 1);
    }
    tr_status st = TR_OK;
    tr_feed *cur = NULL;
    unsigned line = 0;
    const char *p = text, *end = text + len;
    if (len >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
        p += 3;
    while (p < end && !st) {
        line++;
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *e = nl ? nl : end;
        const char *s = p;
        p = nl ? nl + 1 : end;
        while (s < e && (*s == ' ' || *s == '\t'))
            s++;
        while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
            e--;
        if (s == e || *s == '#' || *s == ';')
            continue;
        if (*s == '[') {
            /* [feed NAME] */
            const char *q = s + 1;
            while (q < e && (*q == ' ' || *q == '\t'))
                q++;
            if (e[-1] != ']' || (size_t)(e - q) < 5 || strncmp(q, "feed", 4) ||
                (q[4] != ' ' && q[4] != '\t')) {
                st = tr_errf(err, TR_EDATA, "%s:%u: expected a section '[feed NAME]', got '%.*s'",
                             name, line, (int)(e - s > 60 ? 60 : e - s), s);
                break;
            }
            q += 4;
            while (q < e && (*q == ' ' || *q == '\t'))
                q++;
            const char *ne = e - 1;
            while (ne > q && (ne[-1] == ' ' || ne[-1] == '\t'))
                ne--;
            int ok = ne > q;
            for (const char *c = q; c < ne; c++)
                ok &= name_char(*c);
            if (!ok) {
                st = tr_errf(err, TR_EDATA, "%s:%u: a feed's name is letters, digits, '-', '_' and "
                             "'.' ('%.*s')", name, line, (int)(ne - q > 60 ? 60 : ne - q), q);
                break;
            }
            for (size_t i = 0; i < out->n; i++)
                if (strlen(out->v[i].name) == (size_t)(ne - q) && !memcmp(out->v[i].name, q, (size_t)(ne - q))) {
                    st = tr_errf(err, TR_EDATA, "%s:%u: feed '%s' is already defined at line %u",
                                 name, line, out->v[i].name, out->v[i].line);
                    break;
                }
            if (st)
                break;
            tr_feed *nv = realloc(out->v, (out->n + 1) * sizeof *nv);
            if (!nv) {
                st = tr_errf(err, TR_ESOFTWARE, "out of memory");
                break;
            }
            out->v = nv;
            cur = &out->v[out->n++];
            memset(cur, 0, sizeof *cur);
            cur->line = line;
            if (!(cur->name = dupn(q, (size_t)(ne - q))))
                st = tr_errf(err, TR_ESOFTWARE, "out of memory");
            continue;
        }
        const char *eq = memchr(s, '=', (size_t)(e - s));
        if (!eq) {
            st = tr_errf(err, TR_EDATA, "%s:%u: expected 'key = value', got '%.*s'", name, line,
                         (int)(e - s > 60 ? 60 : e - s), s);
            break;
        }
        const char *ke = eq, *v = eq + 1;
        while (ke > s && (ke[-1] == ' ' || ke[-1] == '\t'))
            ke--;
        while (v < e && (*v == ' ' || *v == '\t'))
            v++;
        size_t kl = (size_t)(ke - s);
        if (!cur) {
            st = tr_errf(err, TR_EDATA, "%s:%u: '%.*s' outside any [feed NAME] section", name, line,
                         (int)(kl > 40 ? 40 : kl), s);
            break;
        }
        char *value = dupn(v, (size_t)(e - v));
        if (!value) {
            st = tr_errf(err, TR_ESOFTWARE, "out of memory");
            break;
        }
        char **once = NULL;
#define KEY(k) (kl == sizeof(k) - 1 && !memcmp(s, k, kl))
        if (KEY("path")) {
            once = &cur->path;
        } else if (KEY("format")) {
            if (strcmp(value, "jsonl") && strcmp(value, "csv")) {
                st = tr_errf(err, TR_EDATA, "%s:%u: feed '%s': format '%.40s' (expected jsonl or csv)",
                             name, line, cur->name, value);
                free(value);
                break;
            }
            once = &cur->format;
        } else if (KEY("tz")) {
            once = &cur->tz;
        } else if (KEY("url-template")) {
            once = &cur->url_template;
        } else if (KEY("max-line")) {
            once = &cur->max_line;
        } else if (KEY("map") || KEY("set")) {
            int map = KEY("map");
            if (append(map ? &cur->maps : &cur->sets, map ? &cur->map_lines : &cur->set_lines,
                       map ? &cur->nmaps : &cur->nsets, value, line) < 0) {
                free(value);
                st = tr_errf(err, TR_ESOFTWARE, "out of memory");
            }
            continue;
        } else {
            st = tr_errf(err, TR_EDATA, "%s:%u: feed '%s': unknown key '%.*s' (expected path, "
                         "format, map, set, tz, url-template or max-line)", name, line, cur->name,
                         (int)(kl > 40 ? 40 : kl), s);
            free(value);
            break;
        }
#undef KEY
        if (*once) {
            st = tr_errf(err, TR_EDATA, "%s:%u: feed '%s': '%.*s' is given twice (map and set "
                         "may be repeated, nothing else)", name, line, cur->name, (int)kl, s);
            free(value);
            break;
        }
        if (!*value) {
            st = tr_errf(err, TR_EDATA, "%s:%u: feed '%s': '%.*s' has no value", name, line,
                         cur->name, (int)kl, s);
            free(value);
            break;
        }
        if (once == &cur->path) {
            *once = resolve(dir, value);
            free(value);
            if (!*once)
                st = tr_errf(err, TR_ESOFTWARE, "out of memory");
        } else {
            *once = value;
        }
    }
    for (size_t i = 0; !st && i < out->n; i++)
        if (!out->v[i].path)
            st = tr_errf(err, TR_EDATA, "%s:%u: feed '%s' has no path (path = FILE, DIR or a "
                         "glob pattern)", name, out->v[i].line, out->v[i].name);
    if (!st && out->n == 0)
        st = tr_errf(err, TR_EDATA, "%s: no feeds (a feed starts with a line '[feed NAME]')", name);
    if (st)
        tr_feeds_free(out);
    return st;
}
