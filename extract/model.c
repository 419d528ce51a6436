/*
** model.c: the linear models of the cue layer (cues.c), loaded from
** rules/attribution/attribution.model and scored by feature name.
**
** The file is text, written by `make train-extract` (tools/train-extract.c):
**
**   # comment lines: provenance, features, parameters
**   model NAME            a model: "cue" (is this cue word an attribution?)
**                         or "end" (is this where its content ends?)
**   bias WEIGHT
**   threshold SCORE       optional: a score above it says yes (default 0)
**   WEIGHT FEATURE        one a line, FEATURE any text without a newline
**
** A score is the bias plus the weights of the features present (all of
** value 1); a feature the file does not name weighs 0.  Without the file
** the extractor runs its patterns alone.
*/
#include "x_internal.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp_feat(const void *a, const void *b)
{
    return strcmp(((const xfeat *)a)->name, ((const xfeat *)b)->name);
}

/* The model called name in x, or NULL. */
const xmodel *x_model(const tr_extractor *x, const char *name)
{
    for (size_t i = 0; i < x->nmodels; i++)
        if (!strcmp(x->models[i].name, name))
            return &x->models[i];
    return NULL;
}

/* FNV-1a of the string s (the feature hash of this file and the
** trainer's dictionary). */
size_t x_hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return (size_t)h;
}

/* Builds m's hash index over its features (open addressing, load at
** most one half); -1 on out of memory. */
static int index_features(xmodel *m)
{
    size_t ns = 16;
    while (ns < 2 * m->n)
        ns *= 2;
    if (!(m->slot = calloc(ns, sizeof *m->slot)))
        return -1;
    m->mask = ns - 1;
    for (size_t k = 0; k < m->n; k++) {
        size_t h = x_hash(m->f[k].name) & m->mask;
        while (m->slot[h])
            h = (h + 1) & m->mask;
        m->slot[h] = k + 1;
    }
    return 0;
}

/* The score of the n features f under m: bias + the sum of their weights. */
double x_model_score(const xmodel *m, const char *const *f, size_t n)
{
    double s = m->bias;
    if (!m->slot)
        return s;
    for (size_t i = 0; i < n; i++)
        for (size_t h = x_hash(f[i]) & m->mask; m->slot[h]; h = (h + 1) & m->mask)
            if (!strcmp(m->f[m->slot[h] - 1].name, f[i])) {
                s += m->f[m->slot[h] - 1].w;
                break;
            }
    return s;
}

/* Frees the models of x. */
void x_models_free(tr_extractor *x)
{
    for (size_t i = 0; i < x->nmodels; i++) {
        for (size_t k = 0; k < x->models[i].n; k++)
            free(x->models[i].f[k].name);
        free(x->models[i].f);
        free(x->models[i].slot);
        free(x->models[i].name);
    }
    free(x->models);
    x->models = NULL;
    x->nmodels = 0;
}

/* Reads the model file at path into x (see the top of this file); errors
** name PATH:LINE. */
tr_status x_models_load(tr_extractor *x, const char *path, tr_err *err)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return tr_errf(err, TR_ENOINPUT, "%s: %s", path, strerror(errno));
    char line[4096];
    int ln = 0;
    xmodel *m = NULL;
    tr_status st = TR_OK;
    while (!st && fgets(line, sizeof line, f)) {
        ln++;
        size_t n = strlen(line);
        if (n && line[n - 1] == '\n')
            line[--n] = 0;
        if (!n || line[0] == '#')
            continue;
        if (!strncmp(line, "model ", 6)) {
            xmodel *nv = realloc(x->models, (x->nmodels + 1) * sizeof *nv);
            if (!nv) {
                st = tr_errf(err, TR_ESOFTWARE, "out of memory");
                break;
            }
            x->models = nv;
            m = &x->models[x->nmodels++];
            memset(m, 0, sizeof *m);
            if (!(m->name = strdup(line + 6)))
                st = tr_errf(err, TR_ESOFTWARE, "out of memory");
            continue;
        }
        if (!m) {
            st = tr_errf(err, TR_ECONFIG, "%s:%d: a weight before any 'model NAME' line", path, ln);
            break;
        }
        char *end;
        if (!strncmp(line, "threshold ", 10)) {
            m->threshold = strtod(line + 10, &end);
            if (end == line + 10 || *end)
                st = tr_errf(err, TR_ECONFIG, "%s:%d: bad threshold '%s'", path, ln, line + 10);
            continue;
        }
        if (!strncmp(line, "bias ", 5)) {
            m->bias = strtod(line + 5, &end);
            if (end == line + 5 || *end)
                st = tr_errf(err, TR_ECONFIG, "%s:%d: bad bias '%s'", path, ln, line + 5);
            continue;
        }
        double w = strtod(line, &end);
        if (end == line || *end != ' ' || !end[1]) {
            st = tr_errf(err, TR_ECONFIG, "%s:%d: expected 'WEIGHT FEATURE', got '%s'", path, ln, line);
            break;
        }
        if (m->n == m->cap) {
            size_t nc = m->cap ? m->cap * 2 : 256;
            xfeat *nf = realloc(m->f, nc * sizeof *nf);
            if (!nf) {
                st = tr_errf(err, TR_ESOFTWARE, "out of memory");
                break;
            }
            m->f = nf;
            m->cap = nc;
        }
        if (!(m->f[m->n].name = strdup(end + 1))) {
            st = tr_errf(err, TR_ESOFTWARE, "out of memory");
            break;
        }
        m->f[m->n++].w = w;
    }
    fclose(f);
    for (size_t i = 0; !st && i < x->nmodels; i++) {
        xmodel *mm = &x->models[i];
        qsort(mm->f, mm->n, sizeof *mm->f, cmp_feat);
        for (size_t k = 1; !st && k < mm->n; k++)
            if (!strcmp(mm->f[k - 1].name, mm->f[k].name))
                st = tr_errf(err, TR_ECONFIG, "%s: model %s names feature '%s' twice", path,
                             mm->name, mm->f[k].name);
        if (!st && index_features(mm))
            st = tr_errf(err, TR_ESOFTWARE, "out of memory");
    }
    return st;
}
