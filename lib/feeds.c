/*
** feeds.c: the feeds file parser (see feeds.h).  A line-oriented scanner:
** every problem is reported with its line, and nothing is half-parsed.
*/
#include "feeds.h"

#include <dirent.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

/* Frees what a job owns; see feeds.h. */
void tr_feed_job_free(tr_feed_job *j)
{
    tr_zone_free(j->zone);
    for (int i = 0; i < j->nstores; i++)
        free(j->stores[i]);
    if (j->owns_files) {
        for (size_t i = 0; i < j->nfiles; i++)
            free(j->files[i]);
        free(j->files);
    }
}

/* Adds a copy of path to the job's files; 0, or -1 when out of memory. */
static int add_file(tr_feed_job *j, const char *path)
{
    char **v = realloc(j->files, (j->nfiles + 1) * sizeof *v);
    if (!v)
        return -1;
    j->files = v;
    return (v[j->nfiles] = strdup(path)) ? (int)(j->nfiles++, 0) : -1;
}

/* qsort comparison of two strings. */
static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The files a feed's path names: a glob pattern's matches, a directory's
** *.jsonl, *.ndjson, *.json and *.csv files, or the file itself; sorted. */
static tr_status feed_files(tr_feed_job *j, const char *path, tr_err *err)
{
    struct stat sb;
    j->owns_files = 1;
    if (strpbrk(path, "*?[")) {
        glob_t g;
        int rc = glob(path, 0, NULL, &g);
        for (size_t i = 0; rc == 0 && i < g.gl_pathc; i++)
            if (add_file(j, g.gl_pathv[i]))
                rc = GLOB_NOSPACE;
        if (rc == 0 || rc == GLOB_NOMATCH)
            globfree(&g);
        return rc == GLOB_NOSPACE ? tr_errf(err, TR_ESOFTWARE, "out of memory") : TR_OK;
    }
    if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        DIR *d = opendir(path);
        if (!d)
            return tr_errf(err, TR_ENOINPUT, "feed '%s': cannot read the directory %s", j->feed, path);
        struct dirent *e;
        while ((e = readdir(d))) {
            const char *dot = strrchr(e->d_name, '.');
            if (e->d_name[0] == '.' || !dot || (strcmp(dot, ".jsonl") && strcmp(dot, ".ndjson") &&
                                                strcmp(dot, ".json") && strcmp(dot, ".csv")))
                continue;
            char full[4200];
            snprintf(full, sizeof full, "%s/%s", path, e->d_name);
            if (add_file(j, full)) {
                closedir(d);
                return tr_errf(err, TR_ESOFTWARE, "out of memory");
            }
        }
        closedir(d);
        if (j->nfiles > 1)
            qsort(j->files, j->nfiles, sizeof *j->files, cmp_str);
        return TR_OK;
    }
    return add_file(j, path) ? tr_errf(err, TR_ESOFTWARE, "out of memory") : TR_OK;
}

/* Makes the job of one feed; see feeds.h. */
tr_status tr_feed_job_make(const char *conf, const tr_feed *f, const char *zoneinfo, tr_feed_job *j,
                           tr_err *err)
{
    memset(j, 0, sizeof *j);
    j->feed = f->name;
    j->io = (tr_input_opts){.format = !f->format ? TR_FMT_AUTO : !strcmp(f->format, "csv") ? TR_FMT_CSV : TR_FMT_JSONL,
                            .kind = TR_REC_STATEMENT};
    char what[300];
    for (size_t k = 0; k < f->nmaps + f->nsets; k++) {
        int map = k < f->nmaps;
        size_t i = map ? k : k - f->nmaps;
        snprintf(what, sizeof what, "%s:%u: feed '%s': map", conf, map ? f->map_lines[i] : f->set_lines[i],
                 f->name);
        if (!map)
            memcpy(what + strlen(what) - 3, "set", 3);
        if (j->nstores == 64)
            return tr_errf(err, TR_EUSAGE, "%s: too many", what);
        tr_status st = tr_parse_assignments(map ? f->maps[i] : f->sets[i], what, map,
                                            map ? j->io.map : j->io.set, &j->stores[j->nstores++], err);
        if (st)
            return st;
    }
    if (f->max_line && tr_input_max_line(f->max_line, &j->io.max_line))
        return tr_errf(err, TR_EUSAGE, "%s: feed '%s': max-line '%s': expected a number of bytes (at "
                       "least 64)", conf, f->name, f->max_line);
    if (f->tz && tr_zone_load(f->tz, zoneinfo, &j->zone, err))
        return tr_errf(err, TR_EUSAGE, "%s: feed '%s': tz: %s", conf, f->name, err->msg);
    if (f->url_template) {
        if (!strstr(f->url_template, "{id}"))
            return tr_errf(err, TR_EUSAGE, "%s: feed '%s': url-template '%s' has no {id}", conf,
                           f->name, f->url_template);
        j->url_template = f->url_template;
    }
    return feed_files(j, f->path, err);
}

/* Reads and parses the feeds file at path; see feeds.h. */
tr_status tr_feeds_read(const char *path, tr_feeds *feeds, tr_err *err)
{
    tr_buf b;
    tr_buf_init(&b);
    tr_status st = tr_input_slurp(path, &b, err);
    if (!st && b.len > (16u << 20))
        st = tr_errf(err, TR_EDATA, "%s: more than 16 MiB: not a feeds file", path);
    if (st) {
        tr_buf_free(&b);
        return st;
    }
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    else
        snprintf(dir, sizeof dir, ".");
    st = b.oom ? tr_errf(err, TR_ESOFTWARE, "out of memory")
               : tr_feeds_parse(path, b.data ? b.data : "", b.len, dir, feeds, err);
    tr_buf_free(&b);
    return st;
}
