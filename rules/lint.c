/*
** lint.c: warnings about a loaded rule set (`rules lint`).  Duplicate ids
** are already errors (E007) at load time, across all files.
*/
#include <stdio.h>
#include <string.h>

#include "internal.h"

/* The text of the loaded file whose path pointer is file (or NULL). */
static const tr_srcfile *src_of(const tr_ruleset *rs, const char *file)
{
    for (size_t i = 0; i < rs->nfiles; i++)
        if (rs->files[i].path == file)
            return &rs->files[i];
    return NULL;
}

/* Adds a warning at loc; counts it in *n. */
static void warn(const tr_ruleset *rs, tr_diags *d, size_t *n, int code, tr_loc loc,
                 unsigned width, const char *msg, const char *a, const char *b)
{
    const tr_srcfile *f = src_of(rs, loc.file);
    if (trr_diag_add(d, TR_DIAG_WARNING, code, loc.file, f ? f->text : NULL, f ? f->len : 0,
                     loc.line, loc.col, width, msg, a, b) == 0)
        (*n)++;
}

/* Whether text matches any mention pattern of topic t. */
static int mentions(const tr_topic *t, const char *text, pcre2_match_data *md)
{
    for (size_t k = 0; k < t->npatterns; k++)
        if (t->patterns[k].kind == TR_PAT_MENTION &&
            pcre2_match(t->patterns[k].re->code, (PCRE2_SPTR)text, strlen(text), 0, 0, md, NULL) >= 0)
            return 1;
    return 0;
}

/* Appends lint warnings about rs to diags; returns how many. */
size_t tr_rules_lint(const tr_ruleset *rs, tr_diags *diags)
{
    size_t n = 0;
    pcre2_match_data *md = pcre2_match_data_create(1, NULL);
    for (size_t t = 0; t < rs->ntopics; t++) {
        const tr_topic *tp = &rs->topics[t];
        int used = 0, stance = 0;
        for (size_t d = 0; d < rs->ndets; d++)
            used |= rs->dets[d].topic == t;
        if (!used)
            warn(rs, diags, &n, TR_W_UNUSED_TOPIC, tp->loc, 5,
                 "topic '%s' is not used by any detector%s", tp->id, "");
        if (!tp->description)
            warn(rs, diags, &n, TR_W_NO_DESCRIPTION, tp->loc, 5, "topic '%s' has no description%s",
                 tp->id, "");
        for (size_t k = 0; k < tp->npatterns; k++) {
            const tr_pattern *p = &tp->patterns[k];
            stance |= p->kind != TR_PAT_MENTION;
            if (p->re->matches_empty)
                warn(rs, diags, &n, TR_W_EMPTY_MATCH, p->loc,
                     trr_utf8_count(p->source, strlen(p->source)) + 2,
                     "%s pattern of topic '%s' matches the empty string", tr_pat_kind_name(p->kind),
                     tp->id);
        }
        if (!stance)
            warn(rs, diags, &n, TR_W_NO_STANCE, tp->loc, 5,
                 "topic '%s' has no affirm or deny pattern: it can never apply%s", tp->id, "");
    }
    for (size_t d = 0; d < rs->ndets; d++)
        if (!rs->dets[d].description)
            warn(rs, diags, &n, TR_W_NO_DESCRIPTION, rs->dets[d].loc,
                 (unsigned)strlen(tr_det_kind_name(rs->dets[d].kind)), "%s '%s' has no description",
                 tr_det_kind_name(rs->dets[d].kind), rs->dets[d].id);
    for (size_t i = 0; i < rs->nexamples; i++) {
        const tr_example *x = &rs->examples[i];
        for (size_t j = 0; j < i; j++) {
            const tr_example *y = &rs->examples[j];
            if (y->topic == x->topic && y->expect != x->expect && !strcmp(y->text, x->text) &&
                ((x->expect == TR_STANCE_AFFIRM && y->expect == TR_STANCE_DENY) ||
                 (x->expect == TR_STANCE_DENY && y->expect == TR_STANCE_AFFIRM))) {
                char where[512];
                snprintf(where, sizeof where, "%s:%u", y->loc.file, y->loc.line);
                warn(rs, diags, &n, TR_W_EXAMPLE_CONFLICT, x->loc, 7,
                     "this example text is also claimed with the opposite stance at %s (topic %s)",
                     where, x->topic_id);
                break;
            }
        }
        if (md && x->expect != TR_STANCE_NONE && !mentions(&rs->topics[x->topic], x->text, md))
            warn(rs, diags, &n, TR_W_EXAMPLE_NO_MENTION, x->loc, 7,
                 "example text matches no mention of topic '%s'%s", x->topic_id, "");
    }
    pcre2_match_data_free(md);
    return n;
}
