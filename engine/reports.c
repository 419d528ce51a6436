/*
** reports.c: a statement's reports as the read commands show them (see
** reports.h).
*/
#include "reports.h"

#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "jsonout.h"

/* Appends report p to the array ctx. */
static int json_cb(void *ctx, const tr_report_row *p)
{
    tr_date d = {p->date_lo, p->date_hi, tr_prec_from_name(p->date_prec)};
    char utc[80], lo[32], hi[32], given[96];
    tr_date_format(&d, utc, sizeof utc);
    tr_date_format_utc(p->date_lo, lo, sizeof lo);
    tr_date_format_utc(p->date_hi, hi, sizeof hi);
    tr_date_given(p->date_text, &d, given, sizeof given);
    json_t *o = json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:s, s:s, s:s, s:o, s:o, s:o, s:o}",
                          "id", (json_int_t)p->id, "how", tr_json_str(p->how), "source",
                          tr_json_str(p->source), "title", tr_json_str(p->title), "published",
                          tr_json_str(p->published), "url", tr_json_str(p->url ? p->url : p->source_url),
                          "feed_id", tr_json_str(p->ext_id), "date", tr_json_str(given), "utc", utc,
                          "earliest", lo, "latest", hi, "mode", tr_json_str(p->mode), "text",
                          tr_json_str(p->text), "cue", tr_json_str(p->cue), "date_expr",
                          tr_json_str(p->date_expr));
    if (o) {
        json_object_set_new(o, "span", p->span_start >= 0 ? json_pack("[I, I]", (json_int_t)p->span_start,
                                                                      (json_int_t)p->span_end)
                                                          : json_null());
        json_t *sp = p->spans ? json_loads(p->spans, 0, NULL) : NULL;
        json_object_set_new(o, "spans", sp ? sp : json_null());
        json_object_set_new(o, "context", tr_json_str(p->context));
    }
    json_array_append_new(ctx, o ? o : json_null());
    return 0;
}

/* The JSON array of statement id's reports; see reports.h. */
json_t *reports_json(tr_db *db, int64_t id, tr_err *err)
{
    json_t *a = json_array();
    if (!a) {
        tr_errf(err, TR_ESOFTWARE, "out of memory");
        return NULL;
    }
    if (tr_db_reports_each(db, id, json_cb, a, err) != TR_OK) {
        json_decref(a);
        return NULL;
    }
    return a;
}

struct names {
    tr_buf b;
    char seen[16][128]; /* the sources named so far */
    int n;
};

/* Adds report p's source to the list, once. */
static int name_cb(void *ctx, const tr_report_row *p)
{
    struct names *s = ctx;
    const char *name = p->source ? p->source : "no source";
    for (int i = 0; i < s->n; i++)
        if (!strcmp(s->seen[i], name))
            return 0;
    if (s->n < 16)
        snprintf(s->seen[s->n++], sizeof s->seen[0], "%s", name);
    if (s->b.len)
        tr_buf_puts(&s->b, "; ");
    tr_buf_puts(&s->b, name);
    return 0;
}

/* The sources of statement id's reports; see reports.h. */
tr_status reports_sources(tr_db *db, int64_t id, tr_buf *out, tr_err *err)
{
    struct names s = {0};
    tr_buf_init(&s.b);
    tr_status st = tr_db_reports_each(db, id, name_cb, &s, err);
    if (!st && s.b.len && tr_buf_add(out, s.b.data, s.b.len))
        st = tr_errf(err, TR_ESOFTWARE, "out of memory");
    tr_buf_free(&s.b);
    return st;
}
