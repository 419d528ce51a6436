/*
** report_json.c: the report as one JSON document, schema
** "tracker-report/1" (docs/report.md).  Written as it streams: the
** header's keys, then each finding compact on one line inside its
** array, so memory stays flat and two nights' reports diff line by line.
*/
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "jsonout.h"
#include "report_render.h"

#define DUMP_FLAGS (JSON_COMPACT | JSON_PRESERVE_ORDER)

/* Writes "  "key": VALUE" for a json_t (stolen). */
static void put(FILE *f, const char *key, json_t *v, int comma)
{
    char *s = json_dumps(v, DUMP_FLAGS | JSON_ENCODE_ANY);
    fprintf(f, "  \"%s\": %s%s\n", key, s ? s : "null", comma ? "," : "");
    free(s);
    json_decref(v);
}


static json_t *iso(int64_t t)
{
    char buf[40];
    tr_date_format_utc(t, buf, sizeof buf);
    return json_string(buf);
}

static void j_begin(rpt_out *o, const rpt_header *h)
{
    const tr_report_counts *c = &h->counts;
    fputs("{\n", o->f);
    put(o->f, "schema", json_string("tracker-report/1"), 1);
    put(o->f, "generated_at", iso(h->now), 1);
    put(o->f, "run", h->run ? json_integer(h->run) : json_null(), 1);
    put(o->f, "window",
        json_pack("{s:o, s:o, s:o, s:o, s:o}", "since", tr_json_str(h->since_text),
                  "until", tr_json_str(h->until_text),
                  "from", h->since_kind == RPT_SINCE_DATE || h->prev_run ? iso(h->from) : json_null(),
                  "to", iso(h->to),
                  "previous_report", h->prev_run ? json_integer(h->prev_run) : json_null()),
        1);
    put(o->f, "ingested",
        json_pack("{s:I, s:I, s:I}", "statements", (json_int_t)c->ingested, "people",
                  (json_int_t)c->ingested_people, "sources", (json_int_t)c->ingested_sources),
        1);
    put(o->f, "scans",
        json_pack("{s:I, s:o}", "count", (json_int_t)c->scans, "last_started_at",
                  c->scans ? iso(c->last_scan_at) : json_null()),
        1);
}

static void j_section(rpt_out *o, const rpt_header *h, int section, int64_t count)
{
    (void)h;
    (void)count;
    fprintf(o->f, "  \"%s_findings\": [", section == TR_REPORT_NEW    ? "new"
                                           : section == TR_REPORT_OPEN ? "open"
                                                                       : "acknowledged");
}

static json_t *stmt_json(const rpt_stmt *s)
{
    char lo[40], hi[40];
    tr_date_format_utc(s->date.lo, lo, sizeof lo);
    tr_date_format_utc(s->date.hi, hi, sizeof hi);
    json_t *o = json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:s, s:s, s:s, s:s, s:o, s:o}",
                          "id", (json_int_t)s->id, "feed_id", tr_json_str(s->feed_id),
                          "speaker", tr_json_str(s->speaker),
                          "side", tr_json_str(s->side), "role", tr_json_str(s->role),
                          "date", tr_json_str(s->given), "utc", s->utc, "precision", s->prec,
                          "earliest", lo, "latest", hi, "mode", tr_json_str(s->mode), "text",
                          tr_json_str(s->text));
    json_object_set_new(o, "stance", tr_json_str(s->stance));
    json_object_set_new(o, "cue", tr_json_str(s->cue));
    json_object_set_new(o, "cue_span", s->cue_start >= 0
                                           ? json_pack("[I, I]", (json_int_t)s->cue_start,
                                                       (json_int_t)s->cue_end)
                                           : json_null());
    json_object_set_new(o, "negation", tr_json_str(s->negation));
    json_object_set_new(o, "hedge", tr_json_str(s->hedge));
    json_object_set_new(o, "source", tr_json_str(s->source));
    json_object_set_new(o, "url", tr_json_str(s->url));
    json_object_set_new(o, "deciding", json_boolean(s->deciding));
    json_object_set_new(o, "reports", json_integer(s->nreports));
    json_object_set_new(o, "report_sources", tr_json_str(s->sources));
    return o;
}

static void j_finding(rpt_out *o, const rpt_header *h, const rpt_finding *rf)
{
    (void)h;
    const tr_finding_row *f = rf->f;
    json_t *j = json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:s, s:I, s:I}", "id", tr_json_str(f->id),
                          "kind", tr_json_str(f->kind), "rule", tr_json_str(f->rule), "topic",
                          tr_json_str(f->topic), "severity", tr_json_str(f->severity), "status",
                          tr_json_str(f->status),
                          "order", rf->order_uncertain ? "uncertain" : "certain",
                          "first_seen_run", (json_int_t)f->first_run,
                          "last_seen_run", (json_int_t)f->last_run);
    json_object_set_new(j, "gap", json_pack("{s:o, s:b, s:I, s:I}", "text", tr_json_str(rf->gap),
                                            "overlap", rf->overlap,
                                            "min_seconds", (json_int_t)rf->gap_min,
                                            "max_seconds", (json_int_t)rf->gap_max));
    json_object_set_new(j, "deciding", json_pack("[I, I]", (json_int_t)rf->s[rf->pair[0]].id,
                                                  (json_int_t)rf->s[rf->pair[1]].id));
    json_t *sup = f->support ? json_loads(f->support, 0, NULL) : NULL;
    json_object_set_new(j, "support", sup ? sup : json_null());
    json_t *a = json_array();
    for (int i = 0; i < rf->n; i++)
        json_array_append_new(a, stmt_json(&rf->s[i]));
    json_object_set_new(j, "statements", a);
    char *s = json_dumps(j, DUMP_FLAGS);
    fprintf(o->f, "%s\n    %s", o->n++ ? "," : "", s ? s : "null");
    free(s);
    json_decref(j);
}

static void j_section_end(rpt_out *o, const rpt_header *h, int section, int64_t count)
{
    (void)h;
    (void)section;
    (void)count;
    fputs(o->n ? "\n  ],\n" : "],\n", o->f);
}

static void j_activity(rpt_out *o, const rpt_header *h)
{
    (void)h;
    fputs("  \"activity\": [", o->f);
}

static void j_person(rpt_out *o, const rpt_header *h, const tr_report_person *p)
{
    (void)h;
    json_t *j = json_pack("{s:o, s:o, s:o, s:I, s:I, s:I, s:o, s:o, s:I}", "person",
                          tr_json_str(p->name), "kind", tr_json_str(p->kind), "side",
                          tr_json_str(p->side),
                          "statements", (json_int_t)p->statements, "direct", (json_int_t)p->direct,
                          "reported", (json_int_t)p->reported,
                          "earliest", p->statements ? iso(p->date_lo) : json_null(),
                          "latest", p->statements ? iso(p->date_hi) : json_null(),
                          "new_findings", (json_int_t)p->findings);
    char *s = json_dumps(j, DUMP_FLAGS);
    fprintf(o->f, "%s\n    %s", o->n++ ? "," : "", s ? s : "null");
    free(s);
    json_decref(j);
}

static void j_activity_end(rpt_out *o, const rpt_header *h)
{
    j_section_end(o, h, 0, 0);
}

static void j_end(rpt_out *o, const rpt_header *h)
{
    const tr_report_counts *c = &h->counts;
    put(o->f, "ruleset", tr_json_str(h->ruleset[0] ? h->ruleset : NULL), 1);
    put(o->f, "counts",
        json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "new", (json_int_t)c->new_findings,
                  "open", (json_int_t)c->open_findings, "acknowledged", (json_int_t)c->acknowledged,
                  "dismissed", (json_int_t)c->dismissed,
                  "stale", (json_int_t)c->stale, "findings", (json_int_t)c->findings,
                  "people", (json_int_t)c->people, "statements", (json_int_t)c->statements),
        0);
    fputs("}\n", o->f);
}

const rpt_renderer report_json = {j_begin,    j_section, j_finding,      j_section_end,
                                  j_activity, j_person,  j_activity_end, j_end};
