/*
** ingest.c: one record to one stored statement (see ingest.h).
*/
#include "ingest.h"

#include <stdlib.h>
#include <string.h>

#include "text.h"

/* FNV-1a hash of s, for the direct-mapped caches. */
static unsigned slot_of(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h % INGEST_CACHE;
}

/* Resolves the record's speaker to a person id, creating the person (with
** the record's kind and side) when new. */
static tr_status speaker_id(ingest_ctx *c, const tr_record *rec, int64_t *id, tr_err *err)
{
    const char *name = rec->f[TR_F_SPEAKER];
    unsigned k = slot_of(name);
    if (c->people[k].name && !strcmp(c->people[k].name, name)) {
        *id = c->people[k].id;
        return TR_OK;
    }
    tr_status st = tr_db_person_find(c->db, name, id, err);
    if (st)
        return st;
    if (!*id) {
        tr_person_in p = {.name = name, .kind = rec->f[TR_F_KIND], .side = rec->f[TR_F_SIDE]};
        int created;
        if ((st = tr_db_person_upsert(c->db, &p, id, &created, err)) != TR_OK)
            return st;
        c->created_people += created;
    }
    char *copy = strdup(name);
    if (copy) {
        free(c->people[k].name);
        c->people[k].name = copy;
        c->people[k].id = *id;
    }
    return TR_OK;
}

/* Resolves the record's source to a source id, 0 for none: its publisher,
** with the title and publication date of the piece when the record names
** them (an export of extracted statements), so that they are kept. */
static tr_status source_id(ingest_ctx *c, const tr_record *rec, int64_t *id, tr_err *err)
{
    const char *name = rec->f[TR_F_SOURCE], *title = rec->f[TR_F_TITLE], *pub = rec->f[TR_F_PUBLISHED];
    if (!name && !title) {
        *id = c->default_source;
        return TR_OK;
    }
    char key[1024];
    snprintf(key, sizeof key, "%s\x1f%s\x1f%s", name ? name : "", title ? title : "", pub ? pub : "");
    unsigned k = slot_of(key);
    if (c->sources[k].name && !strcmp(c->sources[k].name, key)) {
        *id = c->sources[k].id;
        return TR_OK;
    }
    tr_source_in s = {.publisher = name, .title = title, .published = pub};
    tr_status st = tr_db_source_ensure(c->db, &s, id, err);
    if (st)
        return st;
    char *copy = strdup(key);
    if (copy) {
        free(c->sources[k].name);
        c->sources[k].name = copy;
        c->sources[k].id = *id;
    }
    return TR_OK;
}

/* Checks rec and stores it; see ingest.h. */
tr_status ingest_record(ingest_ctx *c, const tr_record *in, int *inserted, int64_t *id,
                        tr_err *err)
{
    /* An empty field (--set side=, "side": "") is an absent one. */
    tr_record copy = *in;
    const tr_record *rec = &copy;
    for (int f = 0; f < TR_F__COUNT; f++)
        if (copy.f[f] && !copy.f[f][0])
            copy.f[f] = NULL;
    /* What the store keeps is UTF-8, whichever path it came by. */
    for (int f = 0; f < TR_F__COUNT; f++) {
        size_t bad = copy.f[f] ? tr_utf8_invalid_at(copy.f[f], strlen(copy.f[f])) : (size_t)-1;
        if (bad != (size_t)-1)
            return tr_errf(err, TR_EDATA, "field '%s' is not valid UTF-8 (byte 0x%02x at byte %zu)",
                           tr_field_name(f), (unsigned char)copy.f[f][bad], bad + 1);
    }
    static const tr_field required[] = {TR_F_SPEAKER, TR_F_DATE, TR_F_TEXT};
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++)
        if (!rec->f[required[i]])
            return tr_errf(err, TR_EDATA, "missing required field '%s'",
                           tr_field_name(required[i]));
    const char *mode = rec->f[TR_F_MODE];
    if (mode && strcmp(mode, "direct") && strcmp(mode, "reported"))
        return tr_errf(err, TR_EDATA, "field 'mode' is '%.40s' (expected direct or reported)", mode);
    const char *kind = rec->f[TR_F_KIND];
    if (kind && strcmp(kind, "person") && strcmp(kind, "group") && strcmp(kind, "anonymous"))
        return tr_errf(err, TR_EDATA, "field 'kind' is '%.40s' (expected person, group or anonymous)",
                       kind);
    tr_statement_in s = {.ext_id = rec->f[TR_F_ID], .text = rec->f[TR_F_TEXT], .mode = mode,
                         .date_text = rec->f[TR_F_DATE], .side = rec->f[TR_F_SIDE],
                         .role = rec->f[TR_F_ROLE], .url = rec->f[TR_F_URL],
                         .cue = rec->f[TR_F_CUE], .date_expr = rec->f[TR_F_DATE_EXPR],
                         .context = rec->f[TR_F_CONTEXT], .spans = rec->f[TR_F_SPANS],
                         .span_start = rec->span_start, .span_end = rec->span_end};
    char url[2048];
    tr_status st;
    if (!s.url && s.ext_id && c->url_template) {
        if ((st = ingest_url(c->url_template, s.ext_id, url, sizeof url, err)) != TR_OK)
            return st;
        s.url = url;
    }
    st = tr_date_parse(s.date_text, c->tz, &s.date, err);
    if (st)
        return st;
    if (rec->f[TR_F_PUBLISHED]) {
        tr_date pub;
        if ((st = tr_date_parse(rec->f[TR_F_PUBLISHED], c->tz, &pub, err)) != TR_OK)
            return tr_errf(err, st, "field 'published': %s", err->msg);
        if (s.date.lo > pub.hi)
            return tr_errf(err, TR_EDATA, "date %s is after the publication date %s",
                           s.date_text, rec->f[TR_F_PUBLISHED]);
    }
    if ((st = speaker_id(c, rec, &s.person_id, err)) != TR_OK)
        return st;
    if ((st = source_id(c, rec, &s.source_id, err)) != TR_OK)
        return st;
    tr_report_result r;
    if ((st = tr_db_report_add(c->db, &s, !c->no_link, &r, err)) != TR_OK)
        return st;
    *inserted = r.outcome == TR_ADD_NEW;
    c->linked += r.outcome == TR_ADD_LINKED || r.outcome == TR_ADD_PART;
    if (id)
        *id = r.statement_id;
    return TR_OK;
}

/* Reads and stores every record of an input; see ingest.h. */
tr_status ingest_input(ingest_ctx *c, tr_input *in, const char *name, const ingest_hooks *hooks,
                       ingest_counts *n, tr_err *err)
{
    static const ingest_hooks none = {0};
    const ingest_hooks *h = hooks ? hooks : &none;
    long long rows = 0;
    tr_status st;
    for (;;) {
        tr_record rec;
        int eof, inserted;
        tr_err rowerr;
        st = tr_input_next(in, &rec, &eof, &rowerr);
        if (!st && eof)
            break;
        long long was_linked = c->linked;
        if (!st)
            st = ingest_record(c, &rec, &inserted, NULL, &rowerr);
        if (st == TR_EDATA) {
            if (h->progress)
                h->progress(h->ctx, in, rows, 1);
            n->rejected++;
            st = TR_OK;
            if (h->rejected && h->rejected(h->ctx, tr_input_line(in), &rowerr))
                break;
            continue;
        }
        if (st) {
            /* A store error is the store's, not the line's. */
            *err = rowerr;
            if (st != TR_EIO)
                tr_errf(err, st, "%s:%zu: %s", name, tr_input_line(in), rowerr.msg);
            break;
        }
        if (c->linked > was_linked)
            n->linked++;
        else if (inserted)
            n->imported++;
        else
            n->duplicates++;
        if ((++rows & 1023) == 0 && h->progress)
            h->progress(h->ctx, in, rows, 0);
    }
    if (h->progress)
        h->progress(h->ctx, in, rows, 1);
    return st;
}

/* Stores one statement extract found; see ingest.h. */
tr_status ingest_extracted(ingest_ctx *c, const tr_statement *s, const tr_extract_opts *o,
                           int *inserted, tr_err *err)
{
    tr_record rec = {.span_start = (int64_t)s->span[0], .span_end = (int64_t)s->span[1]};
    rec.f[TR_F_SPEAKER] = s->speaker;
    rec.f[TR_F_KIND] = tr_speaker_kind_name(s->speaker_kind);
    rec.f[TR_F_SIDE] = s->side;
    rec.f[TR_F_TEXT] = s->text;
    rec.f[TR_F_MODE] = s->mode;
    rec.f[TR_F_DATE] = s->date;
    rec.f[TR_F_DATE_EXPR] = s->date_expr;
    rec.f[TR_F_CUE] = s->cue;
    rec.f[TR_F_URL] = o->url;
    rec.f[TR_F_PUBLISHED] = o->published;
    rec.f[TR_F_CONTEXT] = s->context;
    char spans[TR_MAX_SPANS * 48 + 4]; /* [[start,end],...] */
    size_t k = (size_t)snprintf(spans, sizeof spans, "[");
    for (size_t j = 0; j < s->nspans; j++)
        k += (size_t)snprintf(spans + k, sizeof spans - k, "%s[%zu,%zu]", j ? "," : "",
                              s->spans[j][0], s->spans[j][1]);
    snprintf(spans + k, sizeof spans - k, "]");
    rec.f[TR_F_SPANS] = s->nspans ? spans : NULL;
    return ingest_record(c, &rec, inserted, NULL, err);
}

/* A statement's URL from a template and its feed id. */
tr_status ingest_url(const char *t, const char *id, char *buf, size_t n, tr_err *err)
{
    if (!strstr(t, "{id}"))
        return tr_errf(err, TR_EUSAGE, "--url-template '%s' has no {id}", t);
    size_t k = 0;
    for (const char *p = t; *p;) {
        if (!strncmp(p, "{id}", 4)) {
            for (const unsigned char *q = (const unsigned char *)id; *q; q++) {
                int plain = (*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') ||
                            (*q >= '0' && *q <= '9') || strchr("-._~", *q);
                if (k + 4 > n)
                    return tr_errf(err, TR_EDATA, "the URL for id '%.40s' is too long", id);
                k += (size_t)(plain ? snprintf(buf + k, n - k, "%c", *q) : snprintf(buf + k, n - k, "%%%02X", *q));
            }
            p += 4;
        } else {
            if (k + 2 > n)
                return tr_errf(err, TR_EDATA, "the URL for id '%.40s' is too long", id);
            buf[k++] = *p++;
        }
    }
    buf[k] = 0;
    return TR_OK;
}

/* Frees the caches' strings. */
void ingest_free(ingest_ctx *c)
{
    for (int i = 0; i < INGEST_CACHE; i++) {
        free(c->people[i].name);
        free(c->sources[i].name);
        c->people[i].name = c->sources[i].name = NULL;
    }
}

/* Stores one person record; see ingest.h. */
tr_status ingest_person(tr_db *db, const tr_record *rec, int *created, tr_err *err)
{
    const char *aliases[256];
    tr_role_in roles[64];
    tr_person_in p;
    int64_t id;
    tr_status st = tr_person_from_json(rec->json, &p, aliases, 256, roles, 64, err);
    if (st || (st = tr_db_savepoint(db, err)) != TR_OK)
        return st;
    if ((st = tr_db_person_upsert(db, &p, &id, created, err)) != TR_OK)
        tr_db_rollback_to(db);
    else
        st = tr_db_release(db, err);
    return st;
}
