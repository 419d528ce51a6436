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

/* What ingest_input did with the records it read (added to by each call). */
typedef struct ingest_counts {
    long long imported, linked, duplicates, rejected;
} ingest_counts;

/* What the caller hears while ingest_input reads (either may be NULL). */
typedef struct ingest_hooks {
    void *ctx;
    /* a record refused (TR_EDATA) at line of the input: why says why; a
    ** non-zero return stops the input there (--strict) */
    int (*rejected)(void *ctx, size_t line, const tr_err *why);
    /* rows records read so far (every 1024, and done=1 at the end or
    ** before a rejection is reported) */
    void (*progress)(void *ctx, const tr_input *in, long long rows, int done);
} ingest_hooks;

/* Reads every record of in (named name in messages) and stores it
** through ingest_record, inside the caller's transaction, counting each
** as imported, linked, a duplicate or rejected in *n.  A bad record is
** rejected (hooks->rejected) and the input goes on, unless the hook says
** stop (then TR_OK, *n saying so).  A store error is fatal: its status,
** err naming the record's line ("NAME:LINE: why"; an I/O error as the
** store gave it). */
tr_status ingest_input(ingest_ctx *c, tr_input *in, const char *name, const ingest_hooks *hooks,
                       ingest_counts *n, tr_err *err);

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
