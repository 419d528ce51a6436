/*
** ingest.h (engine): turning a checked record into a stored statement, shared by
** import, add and extract --import: validation, speaker resolution,
** source, date, insert; and a person record into the registry (people
** import).
*/
#ifndef TR_INGEST_H
#define TR_INGEST_H

#include "db.h"
#include "extract.h"
#include "input.h"

#define INGEST_CACHE 256

/* Per-command caches of resolved speakers and sources (caller-owned;
** zero-initialise, release with ingest_free). */
typedef struct ingest_ctx {
    tr_db *db;
    const tr_zone *tz;   /* --tz: the zone of local times of day, or NULL (UTC) */
    const char *url_template; /* --url-template: a statement's URL from its id ("{id}"), or NULL */
    int64_t default_source; /* source for records naming none (0: none) */
    struct {
        char *name;
        int64_t id;
    } people[INGEST_CACHE], sources[INGEST_CACHE];
    int64_t created_people;
    int no_link;         /* --no-link: every record its own statement (tr_db_report_add) */
    long long linked;    /* records that became a report of a stored statement */
} ingest_ctx;

/* Checks rec and stores it as a report (db.h: tr_db_report_add), linked
** to the statement it repeats unless c->no_link.  *inserted is 1 for a new
** statement, 0 for a duplicate or a link (c->linked counts those); *id
** (may be NULL) the statement's id.  TR_EDATA (err says why) when the record is bad; other
** statuses are fatal. */
tr_status ingest_record(ingest_ctx *c, const tr_record *rec, int *inserted, int64_t *id,
                        tr_err *err);

/* Stores statement s, which tr_extract found in an article read under o
** (its URL and publication date are the statement's), through
** ingest_record: speaker, kind, side, text, mode, date and its
** expression, cue, framing sentence, span and spans. */
tr_status ingest_extracted(ingest_ctx *c, const tr_statement *s, const tr_extract_opts *o,
                           int *inserted, tr_err *err);

/* Frees the caches' strings. */
void ingest_free(ingest_ctx *c);

/* Stores the person record rec (TR_REC_PERSON: rec->json holds the
** object) in db, inside the caller's transaction: the person, their
** aliases and roles land together (one savepoint) or not at all.
** *created is 1 for a new person, 0 for one updated.  TR_EDATA (err says
** why) when the record is bad; other statuses are fatal. */
tr_status ingest_person(tr_db *db, const tr_record *rec, int *created, tr_err *err);

/* Fills buf with template t, each "{id}" replaced by id (characters other
** than letters, digits and -._~ percent-encoded).  TR_EUSAGE when t holds
** no "{id}"; TR_EDATA when the URL does not fit in n bytes. */
tr_status ingest_url(const char *t, const char *id, char *buf, size_t n, tr_err *err);

#endif
