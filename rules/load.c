/*
** load.c: loading a rule set (files and directories, the lexicon), its
** content hash, freeing it, and the introspection accessors.
*/
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "sha256.h"

/* Reads the whole file at path into *text (NUL-terminated; caller frees),
** in a buffer of its size when it is a regular file; its modification
** time then into *mtime_ns (NULL allowed). */
tr_status trr_read_file(const char *path, char **text, size_t *len, long long *mtime_ns, tr_err *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return tr_errf(err, TR_ENOINPUT, "cannot read %s: %s", path, strerror(errno));
    size_t cap = 4096, n = 0;
    struct stat sb;
    memset(&sb, 0, sizeof sb);
    if (fstat(fileno(f), &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size >= 0 &&
        (unsigned long long)sb.st_size < (size_t)-1 / 2)
        cap = (size_t)sb.st_size + 2; /* + 1 for the NUL, + 1 to see the end */
    if (mtime_ns)
        *mtime_ns = (long long)sb.st_mtim.tv_sec * 1000000000LL + sb.st_mtim.tv_nsec;
    char *buf = malloc(cap);
    if (!buf) {
        fclose(f);
        return tr_errf(err, TR_ESOFTWARE, "out of memory");
    }
    for (;;) {
        if (n + 1 >= cap) {
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                fclose(f);
                return tr_errf(err, TR_ESOFTWARE, "out of memory");
            }
            buf = nb;
            cap *= 2;
        }
        size_t r = fread(buf + n, 1, cap - n - 1, f);
        n += r;
        if (r == 0)
            break;
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        return tr_errf(err, TR_ENOINPUT, "cannot read %s", path);
    }
    buf[n] = '\0';
    *text = buf;
    *len = n;
    return TR_OK;
}

/* qsort comparison of two strings. */
static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Lists dir's regular files ending in suffix, sorted, as full paths. */
long trr_list_dir(const char *dir, const char *suffix, char ***names)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    char **v = NULL;
    size_t n = 0, cap = 0, sl = strlen(suffix);
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t l = strlen(e->d_name);
        if (e->d_name[0] == '.' || l <= sl || strcmp(e->d_name + l - sl, suffix))
            continue;
        size_t dl = strlen(dir);
        char *p = malloc(dl + l + 2);
        if (!p || trr_grow((void **)&v, &cap, n, sizeof *v) < 0) {
            free(p);
            goto oom;
        }
        memcpy(p, dir, dl);
        size_t k = dl;
        if (k == 0 || p[k - 1] != '/')
            p[k++] = '/';
        memcpy(p + k, e->d_name, l + 1);
        struct stat st;
        if (stat(p, &st) != 0 || !S_ISREG(st.st_mode)) {
            free(p);
            continue;
        }
        v[n++] = p;
    }
    closedir(d);
    if (n)
        qsort(v, n, sizeof *v, cmp_str);
    *names = v;
    return (long)n;
oom:
    closedir(d);
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
    return -2;
}

static void free_text(tr_srcfile *f);

/* Frees a pattern array (its strings are the arena's). */
static void patterns_free(tr_pattern *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        trr_regex_free(p[i].re);
    free(p);
}

/* Frees rs and everything it owns: the arrays, the compiled patterns, and
** the arena that holds every string of its topics, lists, detectors and
** examples. */
void tr_ruleset_free(tr_ruleset *rs)
{
    if (!rs)
        return;
    for (size_t i = 0; i < rs->ntopics; i++)
        patterns_free(rs->topics[i].patterns, rs->topics[i].npatterns);
    free(rs->topics);
    for (size_t i = 0; i < rs->nlists; i++)
        patterns_free(rs->lists[i].patterns, rs->lists[i].npatterns);
    free(rs->lists);
    for (size_t i = 0; i < rs->ndets; i++) {
        free(rs->dets[i].references.v);
        free(rs->dets[i].people.v);
        free(rs->dets[i].sides.v);
    }
    free(rs->dets);
    free(rs->examples);
    trr_arena_free(&rs->strs);
    for (size_t i = 0; i < rs->nfiles; i++) {
        free(rs->files[i].path);
        free_text(&rs->files[i]);
        free(rs->files[i].marks);
    }
    free(rs->files);
    trr_lexicon_free(&rs->lex);
    trr_prefilter_free(rs->prefilter);
    trr_ids_free(&rs->ids);
    trr_recache_free(&rs->recache);
    free(rs);
}

/* The basename of path. */
static const char *base_of(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

/* qsort comparison of files by basename, then path. */
static int cmp_file(const void *a, const void *b)
{
    const tr_srcfile *x = *(const tr_srcfile *const *)a, *y = *(const tr_srcfile *const *)b;
    int c = strcmp(base_of(x->path), base_of(y->path));
    return c ? c : strcmp(x->path, y->path);
}

/* Reads rule file f from disk into f->text: a file of TRR_MAP_MIN bytes
** or more into an anonymous mapping of its own (f->mapped; see
** trr_parse_file's release), a smaller one with trr_read_file. */
static tr_status read_rule_file(tr_srcfile *f, tr_err *err)
{
    int fd = open(f->path, O_RDONLY);
    struct stat sb;
    if (fd < 0 || fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_size < 0 ||
        (unsigned long long)sb.st_size < TRR_MAP_MIN || (unsigned long long)sb.st_size >= (size_t)-1 / 2) {
        if (fd >= 0)
            close(fd);
        return trr_read_file(f->path, &f->text, &f->len, &f->mtime_ns, err);
    }
    size_t size = (size_t)sb.st_size, page = (size_t)sysconf(_SC_PAGESIZE);
    size_t maplen = (size + 1 + page - 1) / page * page;
    char *m = mmap(NULL, maplen, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m == MAP_FAILED) {
        close(fd);
        return tr_errf(err, TR_ESOFTWARE, "out of memory");
    }
    size_t n = 0;
    ssize_t r = 0;
    /* one byte more than the size, to see the end where the file grew */
    while (n < size + 1 && (r = read(fd, m + n, size + 1 - n)) != 0) {
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            break;
        n += (size_t)r;
    }
    int e = errno;
    close(fd);
    if (r < 0 || n != size) {
        munmap(m, maplen);
        if (r < 0)
            return tr_errf(err, TR_ENOINPUT, "cannot read %s: %s", f->path, strerror(e));
        /* it changed size while read: read it as it is now */
        return trr_read_file(f->path, &f->text, &f->len, &f->mtime_ns, err);
    }
    m[size] = '\0';
    f->text = m;
    f->len = size;
    f->mapped = maplen;
    f->mtime_ns = (long long)sb.st_mtim.tv_sec * 1000000000LL + sb.st_mtim.tv_nsec;
    return TR_OK;
}

/* Frees f's text (malloc'd or mapped). */
static void free_text(tr_srcfile *f)
{
    if (f->mapped)
        munmap(f->text, f->mapped);
    else
        free(f->text);
    f->text = NULL;
    f->mapped = 0;
}

/* Notes where every TRR_LINE_MARK-th line of f's text starts (f->marks,
** which f owns), for trr_src_line once the text is dropped.  0, or -1
** when out of memory. */
static int mark_lines(tr_srcfile *f)
{
    if (f->marks || f->mem)
        return 0;
    size_t n = 1;
    for (const char *p = f->text, *e = f->text + f->len; (p = memchr(p, '\n', (size_t)(e - p))); p++)
        n++;
    size_t *m = malloc(((n - 1) / TRR_LINE_MARK + 1) * sizeof *m);
    if (!m)
        return -1;
    size_t k = 0, line = 1;
    m[k++] = 0;
    for (const char *p = f->text, *e = f->text + f->len; (p = memchr(p, '\n', (size_t)(e - p))); p++)
        if (++line % TRR_LINE_MARK == 1)
            m[k++] = (size_t)(p + 1 - f->text);
    f->marks = m;
    f->nmarks = k;
    return 0;
}

/* Drops the text of f, parsed and hashed, unless f was loaded from memory:
** f keeps where every TRR_LINE_MARK-th line starts.  0, or -1 when out of
** memory (the text is kept). */
static int drop_text(tr_srcfile *f)
{
    if (f->mem || !f->text)
        return 0;
    if (mark_lines(f) < 0)
        return -1;
    free_text(f);
    return 0;
}

/* Feeds h, in basename order (sorted[*next] on), every file whose text is
** there, until one whose text is not; drops the text of each one before
** f in load order (parsed).  0, or -1 when out of memory. */
static int hash_ready(tr_ruleset *rs, tr_srcfile **sorted, size_t *next, const tr_srcfile *f,
                      tr_sha256_ctx *h)
{
    for (; *next < rs->nfiles && sorted[*next]->text; (*next)++) {
        tr_srcfile *g = sorted[*next];
        const char *b = base_of(g->path);
        uint64_t l64 = g->len;
        tr_sha256_update(h, b, strlen(b) + 1);
        tr_sha256_update(h, &l64, sizeof l64);
        tr_sha256_update(h, g->text, g->len);
        g->hashed = 1;
        if (g < f && drop_text(g) < 0)
            return -1;
    }
    return 0;
}

/* Adds a file path to rs->files (text read later); 0 or -1 on OOM. */
static int add_file(tr_ruleset *rs, const char *path)
{
    if (trr_grow((void **)&rs->files, &rs->cap_files, rs->nfiles, sizeof *rs->files) < 0)
        return -1;
    tr_srcfile *f = &rs->files[rs->nfiles];
    memset(f, 0, sizeof *f);
    if (!(f->path = strdup(path)))
        return -1;
    rs->nfiles++;
    return 0;
}

/* The lexicon directory to use when the caller gives none (the library
** reads no environment: the command layer resolves $TRACKER_LEXICON). */
static const char *default_lexicon(void)
{
#ifdef TRACKER_RULES_DIR
    struct stat st;
    if (stat(TRACKER_RULES_DIR "/lexicon", &st) == 0 && S_ISDIR(st.st_mode))
        return TRACKER_RULES_DIR "/lexicon";
#endif
    return "rules/lexicon";
}

/* Loads a rule set from paths, or (when mem_name is not NULL) from the
** one in-memory file mem_text[0..mem_len). */
static tr_status load_impl(const char *const *paths, size_t npaths,
                           const char *mem_name, const char *mem_text, size_t mem_len,
                           const char *lexicon_dir, tr_ruleset **out,
                           tr_diags *diags, tr_err *err)
{
    tr_diags local;
    tr_diags_init(&local);
    tr_diags *dg = diags ? diags : &local;
    size_t errs0 = dg->nerrors;
    tr_status st = TR_OK;
    *out = NULL;
    tr_ruleset *rs = calloc(1, sizeof *rs);
    if (!rs)
        return tr_errf(err, TR_ESOFTWARE, "out of memory");
    rs->match_limit = 5000000;
    rs->depth_limit = 100000;
    rs->heap_limit_kib = 65536;
    rs->jit_left = TRR_JIT_BUDGET;

    /* 1. the files */
    for (size_t i = 0; i < npaths && st == TR_OK; i++) {
        struct stat sb;
        if (stat(paths[i], &sb) != 0) {
            int e = errno;
            (void)trr_diag_add(dg, TR_DIAG_ERROR, TR_E_IO, paths[i], NULL, 0, 0, 0, 1,
                               "cannot read: %s", strerror(e));
            st = tr_errf(err, TR_ENOINPUT, "cannot read %s: %s", paths[i], strerror(e));
            break;
        }
        if (S_ISDIR(sb.st_mode)) {
            char **names = NULL;
            long n = trr_list_dir(paths[i], ".rules", &names);
            if (n == -2 || (n < 0 && errno == ENOMEM)) {
                st = tr_errf(err, TR_ESOFTWARE, "out of memory");
                break;
            }
            if (n < 0) {
                st = tr_errf(err, TR_ENOINPUT, "cannot read directory %s: %s", paths[i], strerror(errno));
                break;
            }
            if (n == 0 && trr_diag_add(dg, TR_DIAG_WARNING, TR_W_EMPTY_SET, paths[i], NULL, 0, 0, 0, 1,
                                      "no *.rules file in this directory") < 0)
                st = tr_errf(err, TR_ESOFTWARE, "out of memory");
            for (long k = 0; k < n; k++) {
                if (st == TR_OK && add_file(rs, names[k]) < 0)
                    st = tr_errf(err, TR_ESOFTWARE, "out of memory");
                free(names[k]);
            }
            free(names);
        } else if (add_file(rs, paths[i]) < 0) {
            st = tr_errf(err, TR_ESOFTWARE, "out of memory");
        }
    }

    if (st == TR_OK && mem_name) {
        if (add_file(rs, mem_name) < 0 ||
            !(rs->files[rs->nfiles - 1].text = trr_strndup0(mem_text, mem_len)))
            st = tr_errf(err, TR_ESOFTWARE, "out of memory");
        else {
            rs->files[rs->nfiles - 1].len = mem_len;
            rs->files[rs->nfiles - 1].mem = 1;
        }
    }

    /* 2. the lexicon, and extract's speech verbs beside it */
    tr_sha256_init(&rs->lexhash);
    const char *lexdir = lexicon_dir ? lexicon_dir : default_lexicon();
    if (st == TR_OK)
        st = trr_lexicon_load(&rs->lex, lexdir, dg, &rs->lexhash, err);
    if (st == TR_OK) {
        char verbs[2048];
        snprintf(verbs, sizeof verbs, "%s/../attribution/speech-verbs.txt", lexdir);
        st = trr_lexicon_wordlist(&rs->lex.embeds, verbs, &rs->lexhash, err);
    }

    /* 3. parse every file in load order; hash the files by basename (then
    ** the lexicon, in step 4) as their texts come, and drop a text once it
    ** is parsed and hashed */
    tr_srcfile **sorted = NULL;
    size_t next = 0;
    tr_sha256_ctx h;
    if (st == TR_OK && !(sorted = malloc((rs->nfiles + 1) * sizeof *sorted)))
        st = tr_errf(err, TR_ESOFTWARE, "out of memory");
    if (st == TR_OK) {
        for (size_t i = 0; i < rs->nfiles; i++)
            sorted[i] = &rs->files[i];
        qsort(sorted, rs->nfiles, sizeof *sorted, cmp_file);
        tr_sha256_init(&h);
        tr_sha256_update(&h, "tracker-rules-v1", 17);
    }
    for (size_t i = 0; i < rs->nfiles && st == TR_OK; i++) {
        tr_srcfile *f = &rs->files[i];
        if (!f->text)
            st = read_rule_file(f, err);
        if (st != TR_OK)
            break;
        size_t bad = trr_utf8_invalid(f->text, f->len);
        if (bad < f->len) {
            unsigned line = 1;
            size_t ls = 0;
            for (size_t j = 0; j < bad; j++)
                if (f->text[j] == '\n') {
                    line++;
                    ls = j + 1;
                }
            if (trr_diag_add(dg, TR_DIAG_ERROR, TR_E_BAD_UTF8, f->path, NULL, 0, line,
                            trr_utf8_count(f->text + ls, bad - ls) + 1, 1,
                            "%s (byte 0x%02x at offset %zu)",
                            f->text[bad] ? "invalid UTF-8" : "NUL byte",
                            (unsigned char)f->text[bad], bad) < 0)
                st = tr_errf(err, TR_ESOFTWARE, "out of memory");
        } else {
            /* hashed and its lines marked first, a file's pages can be
            ** given back as it is parsed */
            if (hash_ready(rs, sorted, &next, f, &h) < 0 || mark_lines(f) < 0)
                st = tr_errf(err, TR_ESOFTWARE, "out of memory");
            else if (trr_parse_file(rs, f->path, f->text, f->len, f->mapped && f->hashed, dg) < 0)
                st = tr_errf(err, TR_ESOFTWARE, "out of memory");
        }
        if (st == TR_OK && hash_ready(rs, sorted, &next, f, &h) < 0)
            st = tr_errf(err, TR_ESOFTWARE, "out of memory");
        if (st == TR_OK && f->hashed && drop_text(f) < 0)
            st = tr_errf(err, TR_ESOFTWARE, "out of memory");
    }
    free(sorted);
    trr_recache_free(&rs->recache);
    if (st == TR_OK && trr_resolve(rs, dg) < 0)
        st = tr_errf(err, TR_ESOFTWARE, "out of memory");
    if (st == TR_OK && trr_lexicon_index(&rs->lex) < 0)
        st = tr_errf(err, TR_ESOFTWARE, "out of memory");
    if (st == TR_OK && dg->nerrors == errs0 && trr_prefilter_build(rs) < 0)
        st = tr_errf(err, TR_ESOFTWARE, "out of memory");

    /* 4. the hash: the lexicon after the rule files */
    if (st == TR_OK) {
        unsigned char dl[32], d[32];
        tr_sha256_final(&rs->lexhash, dl);
        tr_sha256_update(&h, dl, sizeof dl);
        tr_sha256_final(&h, d);
        tr_hex(d, 32, rs->hash);
    }
    if (st == TR_OK && dg->nerrors > errs0)
        st = tr_errf(err, TR_ECONFIG, "%zu error(s) in the rule files", dg->nerrors - errs0);
    tr_diags_free(&local);
    if (st != TR_OK) {
        tr_ruleset_free(rs);
        return st;
    }
    *out = rs;
    return TR_OK;
}

/* Loads a rule set from files and directories: see rules.h. */
tr_status tr_ruleset_load(const char *const *paths, size_t npaths,
                          const char *lexicon_dir, tr_ruleset **out,
                          tr_diags *diags, tr_err *err)
{
    return load_impl(paths, npaths, NULL, NULL, 0, lexicon_dir, out, diags, err);
}

/* Loads a rule set from one in-memory rule file: see rules.h. */
tr_status tr_ruleset_load_text(const char *name, const char *text, size_t len,
                               const char *lexicon_dir, tr_ruleset **out,
                               tr_diags *diags, tr_err *err)
{
    return load_impl(NULL, 0, name ? name : "<text>", text ? text : "", text ? len : 0,
                     lexicon_dir, out, diags, err);
}

/* The rule set's hash (64 hex digits), owned by rs. */
const char *tr_ruleset_hash(const tr_ruleset *rs)
{
    return rs->hash;
}

/* Sets the PCRE2 limits for later classifications. */
void tr_ruleset_set_limits(tr_ruleset *rs, uint32_t match_limit,
                           uint32_t depth_limit, uint32_t heap_limit_kib)
{
    rs->match_limit = match_limit;
    rs->depth_limit = depth_limit;
    rs->heap_limit_kib = heap_limit_kib;
}

/* Classifies with every topic's patterns on every text when plain is
** nonzero (no prefilter). */
void tr_ruleset_set_plain(tr_ruleset *rs, int plain) { rs->plain = plain != 0; }

/* Number of rule files loaded. */
size_t tr_ruleset_nfiles(const tr_ruleset *rs) { return rs->nfiles; }
/* Path of rule file i (owned by rs). */
const char *tr_ruleset_file(const tr_ruleset *rs, size_t i) { return i < rs->nfiles ? rs->files[i].path : NULL; }
/* Number of topics. */
size_t tr_ruleset_ntopics(const tr_ruleset *rs) { return rs->ntopics; }
/* Topic i (owned by rs), or NULL. */
const tr_topic *tr_ruleset_topic(const tr_ruleset *rs, size_t i) { return i < rs->ntopics ? &rs->topics[i] : NULL; }
/* Number of detectors. */
size_t tr_ruleset_ndetectors(const tr_ruleset *rs) { return rs->ndets; }
/* Detector i (owned by rs), or NULL. */
const tr_detector *tr_ruleset_detector(const tr_ruleset *rs, size_t i) { return i < rs->ndets ? &rs->dets[i] : NULL; }
/* Number of named lists. */
size_t tr_ruleset_nlists(const tr_ruleset *rs) { return rs->nlists; }
/* List i (owned by rs), or NULL. */
const tr_list *tr_ruleset_list(const tr_ruleset *rs, size_t i) { return i < rs->nlists ? &rs->lists[i] : NULL; }
/* Number of examples. */
size_t tr_ruleset_nexamples(const tr_ruleset *rs) { return rs->nexamples; }
/* Example i (owned by rs), or NULL. */
const tr_example *tr_ruleset_example(const tr_ruleset *rs, size_t i) { return i < rs->nexamples ? &rs->examples[i] : NULL; }

/* Index of the topic with this id, or (size_t)-1. */
size_t tr_ruleset_find_topic(const tr_ruleset *rs, const char *id)
{
    int kind;
    size_t i;
    return trr_ids_find(&rs->ids, id, &kind, &i) && kind == TRR_ID_TOPIC ? i : (size_t)-1;
}

/* Index of the detector with this id, or (size_t)-1. */
size_t tr_ruleset_find_detector(const tr_ruleset *rs, const char *id)
{
    int kind;
    size_t i;
    return trr_ids_find(&rs->ids, id, &kind, &i) && kind == TRR_ID_DETECTOR ? i : (size_t)-1;
}

/* "affirm", "deny" or "none". */
const char *tr_stance_name(tr_stance s)
{
    return s == TR_STANCE_AFFIRM ? "affirm" : s == TR_STANCE_DENY ? "deny" : "none";
}

/* "reversal" or "contradiction". */
const char *tr_det_kind_name(tr_det_kind k)
{
    return k == TR_DET_REVERSAL ? "reversal" : k == TR_DET_CONTRADICTION ? "contradiction" : "?";
}

/* "low", "medium", "high" or "critical". */
const char *tr_severity_name(tr_severity s)
{
    static const char *const n[] = { "?", "low", "medium", "high", "critical" };
    return (unsigned)s <= 4 ? n[s] : "?";
}

/* "mention", "affirm", "deny", "exclude" or "entry". */
const char *tr_pat_kind_name(tr_pat_kind k)
{
    static const char *const n[] = {"mention", "affirm", "deny", "exclude", "entry"};
    return (unsigned)k <= TR_PAT_ENTRY ? n[k] : "?";
}
