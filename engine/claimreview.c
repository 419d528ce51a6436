/*
** claimreview.c: a reversal as schema.org ClaimReview JSON-LD (see
** claimreview.h).  Only schema.org's own properties of each type are
** written: ClaimReview (identifier, url, datePublished, author,
** claimReviewed, reviewBody, itemReviewed, reviewRating), Claim (author,
** datePublished, firstAppearance, appearance), CreativeWork (url,
** datePublished or temporalCoverage, text, author, publisher), Rating
** (ratingValue, bestRating, worstRating, alternateName, name).
*/
#include "claimreview.h"

#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "jsonout.h"
#include "text.h"

/* A person or an organisation: a group is an Organization. */
static json_t *agent(const char *name, const char *kind)
{
    return json_pack("{s:s, s:o}", "@type", kind && !strcmp(kind, "group") ? "Organization" : "Person",
                     "name", tr_json_str(name));
}

/* Adds a statement's date to o: datePublished for a date schema.org
** reads (a year, a month, a day, an instant), temporalCoverage for an
** interval. */
static void put_date(json_t *o, const char *key, const char *date)
{
    json_object_set_new(o, strchr(date, '/') ? "temporalCoverage" : key, tr_json_str(date));
}

/* A statement as the CreativeWork it appeared in. */
static json_t *work(const cr_statement *s)
{
    json_t *o = json_pack("{s:s}", "@type", "CreativeWork");
    if (!o)
        return NULL;
    if (s->url)
        json_object_set_new(o, "url", tr_json_str(s->url));
    put_date(o, "datePublished", s->date);
    json_object_set_new(o, "text", tr_json_str(s->text));
    json_object_set_new(o, "author", agent(s->speaker, s->kind));
    if (s->source)
        json_object_set_new(o, "publisher", json_pack("{s:s, s:o}", "@type", "Organization",
                                                      "name", tr_json_str(s->source)));
    return o;
}

/* "affirmed" or "denied". */
static const char *verb(const char *stance)
{
    return !strcmp(stance, "deny") ? "denied" : "affirmed";
}

/* A finding's ClaimReview; see claimreview.h. */
json_t *claimreview_json(const cr_finding *f, const char *author, const char *url_template,
                         int64_t now)
{
    if (f->n != 2)
        return NULL;
    const cr_statement *a = &f->pair[0], *b = &f->pair[1];
    tr_buf t;
    tr_buf_init(&t);
    /* the review's own URL */
    for (const char *p = url_template; *p;) {
        if (!strncmp(p, "{id}", 4)) {
            tr_buf_puts(&t, f->id);
            p += 4;
        } else {
            tr_buf_add(&t, p++, 1);
        }
    }
    char today[32];
    tr_date_format_utc(now, today, sizeof today);
    today[10] = 0;
    json_t *o = json_pack("{s:s, s:s, s:o, s:o, s:s, s:{s:s, s:o}}", "@context", "https://schema.org",
                          "@type", "ClaimReview", "identifier", tr_json_str(f->id), "url",
                          tr_json_str(t.data), "datePublished", today, "author", "@type",
                          "Organization", "name", tr_json_str(author));
    /* "Donald Trump on whether a joint US-Russia cyber security unit ... is
    ** being created": the topic's description is a proposition. */
    tr_buf_reset(&t);
    const char *d = f->description;
    if (d && d[0] >= 'A' && d[0] <= 'Z' && !(d[1] >= 'A' && d[1] <= 'Z'))
        tr_buf_printf(&t, "%s on whether %c%s", a->speaker, d[0] + 32, d + 1);
    else if (d)
        tr_buf_printf(&t, "%s on whether %s", a->speaker, d);
    else
        tr_buf_printf(&t, "%s on %s", a->speaker, f->topic);
    json_object_set_new(o, "claimReviewed", tr_json_str(t.data));
    tr_buf_reset(&t);
    tr_buf_printf(&t, "%s %s it on %s and %s it on %s%s.", a->speaker, verb(a->stance), a->date,
                  verb(b->stance), b->date,
                  f->order_certain ? "" : " (the order of the two is uncertain: their dates overlap)");
    json_object_set_new(o, "reviewBody", tr_json_str(t.data));
    json_t *claim = json_pack("{s:s, s:o}", "@type", "Claim", "author", agent(a->speaker, a->kind));
    if (claim) {
        put_date(claim, "datePublished", a->date);
        json_object_set_new(claim, "firstAppearance", work(a));
        json_object_set_new(claim, "appearance", json_pack("[o, o]", work(a), work(b)));
    }
    json_object_set_new(o, "itemReviewed", claim);
    const char *verdict = !strcmp(f->status, "dismissed") ? "No Flip" : b->hedge ? "Half Flip" : "Full Flop";
    int value = !strcmp(verdict, "No Flip") ? 3 : !strcmp(verdict, "Half Flip") ? 2 : 1;
    json_object_set_new(o, "reviewRating",
                        json_pack("{s:s, s:i, s:i, s:i, s:s, s:s}", "@type", "Rating", "ratingValue",
                                  value, "bestRating", 3, "worstRating", 1, "alternateName", verdict,
                                  "name", verdict));
    int oom = t.oom || !o || !claim;
    tr_buf_free(&t);
    if (oom) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* Collects one statement of a finding for its ClaimReview. */
static int review_stmt_cb(void *ctx, const tr_finding_stmt *f)
{
    cr_finding *c = ctx;
    if (f->deciding && c->n < 2) {
        cr_statement *s = &c->pair[c->n++];
        const tr_statement_row *r = &f->s;
        tr_date d = {r->date_lo, r->date_hi, tr_prec_from_name(r->date_prec)};
        char given[96];
        tr_date_given(r->date_text, &d, given, sizeof given);
        s->speaker = strdup(r->speaker);
        s->kind = strdup(r->person_kind ? r->person_kind : "person");
        s->text = strdup(r->text);
        s->date = strdup(given);
        s->url = r->url ? strdup(r->url) : NULL;
        s->source = r->source ? strdup(r->source) : NULL;
        s->stance = strdup(f->stance);
        s->hedge = f->hedge ? strdup(f->hedge) : NULL;
        s->lo = d.lo;
    }
    return 0;
}

/* Reads a finding's review from the store; see claimreview.h. */
tr_status claimreview_read(tr_db *db, const tr_finding_row *f, const tr_ruleset *rs, cr_finding *c,
                           tr_err *err)
{
    *c = (cr_finding){.id = f->id, .topic = f->topic, .status = f->status,
                      .order_certain = f->order_certain};
    size_t t = rs ? tr_ruleset_find_topic(rs, f->topic) : (size_t)-1;
    if (t != (size_t)-1)
        c->description = tr_ruleset_topic(rs, t)->description;
    return tr_db_finding_statements(db, f->id, review_stmt_cb, c, err);
}

/* Frees the statements' strings. */
void claimreview_free(cr_finding *f)
{
    for (int i = 0; i < f->n; i++) {
        cr_statement *s = &f->pair[i];
        free(s->speaker);
        free(s->kind);
        free(s->text);
        free(s->date);
        free(s->url);
        free(s->source);
        free(s->stance);
        free(s->hedge);
    }
    f->n = 0;
}
