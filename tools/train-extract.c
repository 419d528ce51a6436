/*
** train-extract.c: trains the cue layer's two linear models on PolNeAR's
** train split and writes rules/attribution/attribution.model
** (`make train-extract`).
**
**   train-extract RULES_DIR SPLIT_DIR OUT [C]
**
** For each article of SPLIT_DIR/text (in file-name order) and the first
** annotator's file of SPLIT_DIR/attributions, the extractor runs with
** the rules of RULES_DIR and hands every candidate cue of its cue layer
** (extract/cues.c) here instead of deciding it.  Labels come from the
** gold attributions (brat standoff, character offsets turned into byte
** offsets):
**   cue  +1 when the candidate's cue word lies in a gold Cue span whose
**        Content starts after the cue and whose Source (if any, and not a
**        pronoun) overlaps the candidate's speaker words; else -1
**   end  for a +1 candidate, and for a pattern rule's reported clause
**        whose verb lies in a gold Cue span, each of its possible ends: +1
**        for the one nearest the gold content's end (the first of a tie),
**        else -1
** Each model is L2-regularised logistic regression (liblinear, solver
** L2R_LR, C as given (default 0.5), eps 0.01, bias 1), trained on the
** instances in the order they were met: the same split and rules give
** the same file, byte for byte.  Weights are written with six decimals,
** features sorted by name, those that round to zero left out.  Nothing
** here is used at run time: the extractor reads the file (model.c).
*/
#include "x_internal.h"

#include <dirent.h>
#include <linear.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define PROVENANCE "PolNeAR v1.0 train split (networkdynamics/PolNeAR, commit " \
                   "c3eee833c035bf7b8c84f55b58c0bf7346cfae76, data/train: 840 articles)"

typedef struct gold {
    size_t cs, ce;         /* the cue's first fragment, bytes */
    size_t ts, te;         /* the content's first start and last end, bytes */
    size_t ss, se;         /* the source's first fragment, bytes; 0, 0 when none */
} gold;

/* A feature dictionary: name -> index (1-based, in first-seen order). */
typedef struct dict {
    char **name;
    size_t n, cap;
    size_t *slot; /* open addressing: index + 1, 0 empty */
    size_t nslot;
} dict;


static void die(const char *m)
{
    fprintf(stderr, "train-extract: %s\n", m);
    exit(1);
}

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        die("out of memory");
    return q;
}

static int dict_id(dict *d, const char *s)
{
    if (d->n * 2 >= d->nslot) {
        size_t ns = d->nslot ? d->nslot * 2 : 4096;
        size_t *sl = calloc(ns, sizeof *sl);
        if (!sl)
            die("out of memory");
        for (size_t i = 0; i < d->n; i++) {
            size_t h = x_hash(d->name[i]) & (ns - 1);
            while (sl[h])
                h = (h + 1) & (ns - 1);
            sl[h] = i + 1;
        }
        free(d->slot);
        d->slot = sl;
        d->nslot = ns;
    }
    size_t h = x_hash(s) & (d->nslot - 1);
    while (d->slot[h]) {
        if (!strcmp(d->name[d->slot[h] - 1], s))
            return (int)d->slot[h];
        h = (h + 1) & (d->nslot - 1);
    }
    if (d->n == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 4096;
        d->name = xrealloc(d->name, d->cap * sizeof *d->name);
    }
    d->name[d->n] = strdup(s);
    if (!d->name[d->n])
        die("out of memory");
    d->slot[h] = ++d->n;
    return (int)d->n;
}

/* The instances of one model. */
typedef struct set {
    dict d;
    double *y;
    struct feature_node **x;
    size_t l, cap;
    size_t pos;
} set;

/* Frees what set s owns: its instances and its dictionary. */
static void set_free(set *s)
{
    for (size_t i = 0; i < s->l; i++)
        free(s->x[i]);
    free(s->x);
    free(s->y);
    for (size_t i = 0; i < s->d.n; i++)
        free(s->d.name[i]);
    free(s->d.name);
    free(s->d.slot);
}

static int cmp_node(const void *a, const void *b)
{
    const struct feature_node *x = a, *y = b;
    return (x->index > y->index) - (x->index < y->index);
}

static void add(set *s, const char *const *f, size_t n, int y)
{
    if (s->l == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 4096;
        s->y = xrealloc(s->y, s->cap * sizeof *s->y);
        s->x = xrealloc(s->x, s->cap * sizeof *s->x);
    }
    struct feature_node *v = xrealloc(NULL, (n + 2) * sizeof *v);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        int id = dict_id(&s->d, f[i]);
        int dup = 0;
        for (size_t j = 0; j < k; j++)
            dup |= v[j].index == id;
        if (!dup)
            v[k++] = (struct feature_node){id, 1.0};
    }
    qsort(v, k, sizeof *v, cmp_node);
    v[k].index = -1; /* the bias node goes here once the dictionary is complete */
    v[k + 1].index = -1;
    s->x[s->l] = v;
    s->y[s->l++] = y;
    s->pos += y > 0;
}

typedef struct ctx {
    const gold *g;
    size_t ng;
    set cue, end;
} ctx;

/* 1 when the gold source t[s..e) is a pronoun (the scorer does not check
** those speakers): he, she, they, it, we, I, you, him, her, them, his,
** hers, their, who, which, that. */
static int pronoun(const char *t, size_t s, size_t e)
{
    static const char *const p[] = {"he", "she", "they", "it", "we", "i", "you", "him", "her",
                                    "them", "his", "hers", "their", "who", "which", "that"};
    while (s < e && (t[s] == ' ' || t[s] == '\n'))
        s++;
    while (e > s && (t[e - 1] == ' ' || t[e - 1] == '\n'))
        e--;
    for (size_t i = 0; i < sizeof p / sizeof p[0]; i++)
        if (strlen(p[i]) == e - s && !strncasecmp(t + s, p[i], e - s))
            return 1;
    return 0;
}

/* The trainer's callback: labels candidate c against the gold. */
static void on_cand(void *vp, const char *text, const xcand *c, int taken)
{
    ctx *C = vp;
    const gold *hit = NULL;
    for (size_t i = 0; i < C->ng && !hit; i++)
        if (C->g[i].cs < c->cue.e && c->cue.s < C->g[i].ce && C->g[i].ts >= c->cue.s &&
            (taken || C->g[i].se <= C->g[i].ss || pronoun(text, C->g[i].ss, C->g[i].se) ||
             (c->speaker.s < C->g[i].se && C->g[i].ss < c->speaker.e)))
            hit = &C->g[i];
    if (!taken)
        add(&C->cue, c->f.f, c->f.n, hit ? 1 : -1);
    if (!hit)
        return;
    size_t best = 0, bd = (size_t)-1;
    for (size_t k = 0; k < c->nends; k++) {
        size_t at = c->ends[k].at, dd = at > hit->te ? at - hit->te : hit->te - at;
        if (dd < bd) {
            bd = dd;
            best = k;
        }
    }
    for (size_t k = 0; k < c->nends; k++)
        add(&C->end, c->ends[k].f.f, c->ends[k].f.n, k == best ? 1 : -1);
}

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, len = 0;
    char *b = xrealloc(NULL, cap);
    size_t k;
    while ((k = fread(b + len, 1, cap - len - 1, f)) > 0) {
        len += k;
        if (cap - len < 2)
            b = xrealloc(b, cap *= 2);
    }
    fclose(f);
    b[len] = 0;
    *n = len;
    return b;
}

/* Reads brat standoff ann into g (byte offsets through c2b). */
static size_t read_gold(const char *ann, const size_t *c2b, size_t nc, gold **out)
{
    size_t n;
    char *s = slurp(ann, &n);
    if (!s)
        die("cannot read an attributions file");
    /* T id -> fragments */
    typedef struct tspan {
        char id[16];
        size_t s, e, ls;
    } tspan;
    tspan *T = NULL;
    size_t nt = 0;
    gold *G = NULL;
    size_t ng = 0;
    for (char *line = strtok(s, "\n"); line; line = strtok(NULL, "\n")) {
        if (line[0] == 'T') {
            char id[16], type[32];
            size_t a, b;
            if (sscanf(line, "%15s %31s %zu %zu", id, type, &a, &b) != 4)
                continue;
            size_t last = b;
            const char *semi = strchr(line, '\t');
            semi = semi ? strchr(semi + 1, '\t') : NULL; /* the text's tab */
            for (const char *p = strchr(line, ';'); p && (!semi || p < semi); p = strchr(p + 1, ';')) {
                size_t x, y;
                if (sscanf(p + 1, "%zu %zu", &x, &y) == 2 && y > last)
                    last = y;
            }
            T = xrealloc(T, (nt + 1) * sizeof *T);
            snprintf(T[nt].id, sizeof T[nt].id, "%s", id);
            T[nt].s = a < nc ? c2b[a] : c2b[nc];
            T[nt].e = b < nc ? c2b[b] : c2b[nc];
            T[nt].ls = last < nc ? c2b[last] : c2b[nc];
            nt++;
        } else if (line[0] == 'E') {
            char *cue = strstr(line, "Cue:"), *con = strstr(line, "Content:"),
                 *src = strstr(line, "Source:");
            if (!cue || !con)
                continue;
            char cid[16] = "", tid[16] = "", sid[16] = "";
            sscanf(cue + 4, "%15[^ \t]", cid);
            sscanf(con + 8, "%15[^ \t]", tid);
            if (src)
                sscanf(src + 7, "%15[^ \t]", sid);
            const tspan *cu = NULL, *co = NULL, *so = NULL;
            for (size_t i = 0; i < nt; i++) {
                if (!strcmp(T[i].id, cid))
                    cu = &T[i];
                if (!strcmp(T[i].id, tid))
                    co = &T[i];
                if (sid[0] && !strcmp(T[i].id, sid))
                    so = &T[i];
            }
            if (!cu || !co)
                continue;
            G = xrealloc(G, (ng + 1) * sizeof *G);
            G[ng++] = (gold){cu->s, cu->e, co->s, co->ls, so ? so->s : 0, so ? so->ls : 0};
        }
    }
    free(T);
    free(s);
    *out = G;
    return ng;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static char **list_dir(const char *dir, const char *suffix, size_t *n)
{
    DIR *d = opendir(dir);
    if (!d)
        die("cannot open a split folder");
    char **v = NULL;
    *n = 0;
    struct dirent *de;
    size_t ls = strlen(suffix);
    while ((de = readdir(d))) {
        size_t l = strlen(de->d_name);
        if (l <= ls || strcmp(de->d_name + l - ls, suffix))
            continue;
        v = xrealloc(v, (*n + 1) * sizeof *v);
        v[(*n)++] = strdup(de->d_name);
    }
    closedir(d);
    qsort(v, *n, sizeof *v, cmp_str);
    return v;
}

static void quiet(const char *s)
{
    (void)s;
}

typedef struct wrow {
    const char *name;
    double w;
} wrow;

static int cmp_wrow(const void *a, const void *b)
{
    return strcmp(((const wrow *)a)->name, ((const wrow *)b)->name);
}

/* Trains s and writes it as model name to f. */
static void fit(set *s, const char *name, double C, FILE *f)
{
    int nf = (int)s->d.n;
    for (size_t i = 0; i < s->l; i++) { /* the bias node */
        size_t k = 0;
        while (s->x[i][k].index != -1)
            k++;
        s->x[i][k] = (struct feature_node){nf + 1, 1.0};
        s->x[i][k + 1].index = -1;
    }
    struct problem p = {(int)s->l, nf + 1, s->y, s->x, 1.0};
    struct parameter par;
    memset(&par, 0, sizeof par);
    par.solver_type = L2R_LR;
    par.eps = 0.01;
    par.C = C;
    const char *bad = check_parameter(&p, &par);
    if (bad)
        die(bad);
    struct model *m = train(&p, &par);
    double sign = m->label[0] == 1 ? 1.0 : -1.0;
    size_t right = 0;
    for (size_t i = 0; i < s->l; i++) {
        double v = 0;
        for (size_t k = 0; s->x[i][k].index != -1; k++)
            v += m->w[s->x[i][k].index - 1];
        right += (sign * v > 0) == (s->y[i] > 0);
    }
    fprintf(stderr, "train-extract: %s: %zu instances (%zu positive), %d features, %.3f right on train\n",
            name, s->l, s->pos, nf, (double)right / (double)(s->l ? s->l : 1));
    wrow *r = xrealloc(NULL, (size_t)nf * sizeof *r);
    size_t nr = 0;
    for (int i = 0; i < nf; i++) {
        double w = sign * m->w[i];
        if (w >= 0.0000005 || w <= -0.0000005)
            r[nr++] = (wrow){s->d.name[i], w};
    }
    qsort(r, nr, sizeof *r, cmp_wrow);
    fprintf(f, "model %s\nbias %.6f\n", name, sign * m->w[nf]);
    for (size_t i = 0; i < nr; i++)
        fprintf(f, "%.6f %s\n", r[i].w, r[i].name);
    free(r);
    free_and_destroy_model(&m);
}

int main(int argc, char **argv)
{
    if (argc < 4 || argc > 5) {
        fprintf(stderr, "usage: train-extract RULES_DIR SPLIT_DIR OUT [C]\n");
        return 64;
    }
    double C = argc == 5 ? atof(argv[4]) : 0.5;
    set_print_string_function(quiet);
    tr_extractor *x;
    tr_err err;
    if (x_extractor_load(argv[1], 0, &x, &err) != TR_OK) {
        fprintf(stderr, "train-extract: %s\n", err.msg);
        return 1;
    }
    char tdir[4096], adir[4096];
    snprintf(tdir, sizeof tdir, "%s/text", argv[2]);
    snprintf(adir, sizeof adir, "%s/attributions", argv[2]);
    size_t nt, na;
    char **texts = list_dir(tdir, ".txt", &nt), **anns = list_dir(adir, ".ann", &na);
    ctx C0;
    memset(&C0, 0, sizeof C0);
    size_t done = 0;
    for (size_t i = 0; i < nt; i++) {
        size_t bl = strlen(texts[i]) - 4;
        const char *ann = NULL;
        for (size_t k = 0; k < na && !ann; k++)
            if (!strncmp(anns[k], texts[i], bl) && anns[k][bl] == '_')
                ann = anns[k];
        if (!ann)
            continue;
        char path[8192];
        snprintf(path, sizeof path, "%s/%s", tdir, texts[i]);
        size_t len;
        char *t = slurp(path, &len);
        if (!t)
            die("cannot read an article");
        /* character offsets to bytes */
        size_t *c2b = xrealloc(NULL, (len + 1) * sizeof *c2b), nc = 0;
        for (size_t b = 0; b < len; b++)
            if (((unsigned char)t[b] & 0xC0) != 0x80)
                c2b[nc++] = b;
        c2b[nc] = len;
        snprintf(path, sizeof path, "%s/%s", adir, ann);
        gold *g;
        C0.ng = read_gold(path, c2b, nc, &g);
        C0.g = g;
        tr_extract_opts o = {"2016-06-01", NULL, NULL, NULL, NULL};
        tr_statement_list L = {0};
        if (x_extract_candidates(x, t, len, &o, on_cand, &C0, &L, &err) != TR_OK)
            fprintf(stderr, "train-extract: %s: %s (skipped)\n", texts[i], err.msg);
        else
            done++;
        tr_statement_list_free(&L);
        free(g);
        free(c2b);
        free(t);
    }
    FILE *f = fopen(argv[3], "w");
    if (!f)
        die("cannot write the model file");
    fprintf(f, "# tracker attribution model: the cue layer's two linear models (extract/cues.c,\n"
               "# extract/model.c).  Made by `make train-extract` (tools/train-extract.c): do not\n"
               "# edit by hand; retrain after changing the cue lists or the features.\n"
               "# data: %s, %zu articles read; labels from the first annotator's Cue and Content spans\n"
               "# features: cues.c's header (cue: the cue word, its neighbours, the speaker's shape,\n"
               "#   'that', the content's start and length; end: the break, its neighbours, distances)\n"
               "# training: liblinear %d, L2-regularised logistic regression (L2R_LR), C %g, eps 0.01,\n"
               "#   bias 1, instances in article order\n",
            PROVENANCE, done, liblinear_version, C);
    fit(&C0.cue, "cue", C, f);
    fit(&C0.end, "end", C, f);
    if (fclose(f))
        die("cannot write the model file");
    set_free(&C0.cue);
    set_free(&C0.end);
    for (size_t i = 0; i < nt; i++)
        free(texts[i]);
    free(texts);
    for (size_t i = 0; i < na; i++)
        free(anns[i]);
    free(anns);
    tr_extractor_free(x);
    return 0;
}
