/*
** json.c: one statement as a JSON Lines object (SPEC §5 plus the
** extraction fields), with Jansson.
*/
#include "extract.h"

#include <jansson.h>
#include <stdlib.h>

static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

/* A [start, end] byte range as a JSON array (a new reference). */
static json_t *range(size_t a, size_t b)
{
    json_t *r = json_array();
    json_array_append_new(r, json_integer((json_int_t)a));
    json_array_append_new(r, json_integer((json_int_t)b));
    return r;
}

/* Writes s as one JSON object into a new string *json_out (caller frees
** with free()). */
tr_status tr_statement_to_json(const tr_statement *s, const tr_extract_opts *opts,
                               char **json_out, tr_err *err)
{
    *json_out = NULL;
    json_t *o = json_object();
    if (!o)
        return tr_errf(err, TR_ESOFTWARE, "out of memory");
    json_object_set_new(o, "speaker", str_or_null(s->speaker));
    json_object_set_new(o, "kind", json_string(tr_speaker_kind_name(s->speaker_kind)));
    json_object_set_new(o, "side", str_or_null(s->side));
    json_object_set_new(o, "text", str_or_null(s->text));
    json_object_set_new(o, "mode", str_or_null(s->mode));
    json_object_set_new(o, "date", str_or_null(s->date));
    json_object_set_new(o, "date_expr", str_or_null(s->date_expr));
    json_object_set_new(o, "span", range(s->span[0], s->span[1]));
    json_t *parts = json_array();
    for (size_t i = 0; i < s->nspans; i++)
        json_array_append_new(parts, range(s->spans[i][0], s->spans[i][1]));
    json_object_set_new(o, "spans", parts);
    json_object_set_new(o, "cue", str_or_null(s->cue));
    json_object_set_new(o, "rule", str_or_null(s->rule));
    json_object_set_new(o, "context", str_or_null(s->context));
    json_object_set_new(o, "context_span", range(s->context_span[0], s->context_span[1]));
    json_object_set_new(o, "source", str_or_null(opts ? opts->source : NULL));
    json_object_set_new(o, "url", str_or_null(opts ? opts->url : NULL));
    json_object_set_new(o, "published", str_or_null(opts ? opts->published : NULL));
    if (s->ambiguous) {
        json_object_set_new(o, "ambiguous", json_true());
        json_object_set_new(o, "ambiguity", str_or_null(s->ambiguity));
    }
    char *txt = json_dumps(o, JSON_PRESERVE_ORDER | JSON_COMPACT | JSON_ENSURE_ASCII * 0);
    json_decref(o);
    if (!txt)
        return tr_errf(err, TR_ESOFTWARE, "out of memory or invalid UTF-8 in a statement");
    *json_out = txt;
    return TR_OK;
}
