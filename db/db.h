/*
** db.h: the timeline store, the one module that speaks SQL.
**
** A tr_db is one SQLite file opened in WAL mode with a busy timeout and
** foreign keys on.  Every statement is prepared once per connection and
** reused.  Commands open the store, wrap their writes in one transaction
** (tr_db_begin .. tr_db_commit) and close it.  Rows handed to callbacks
** are borrowed: their strings live until the callback returns.
*/
#ifndef TR_DB_H
#define TR_DB_H

#include <stddef.h>
#include <stdint.h>

#include "date.h"
#include "err.h"

typedef struct tr_db tr_db;

/* How tr_db_open treats a missing file and an old schema. */
typedef enum tr_db_mode {
    TR_DB_READ,   /* the file must exist and be current (migrated if old) */
    TR_DB_WRITE,  /* created and migrated when missing or old */
    TR_DB_MEMORY  /* a private in-memory store (dry runs, tests) */
} tr_db_mode;

/* Opens (and, as mode says, creates and migrates) the store at path.
** *out is owned by the caller and closed with tr_db_close.  now is the
** clock every row written through this handle records (Unix seconds). */
tr_status tr_db_open(const char *path, tr_db_mode mode, int64_t now, tr_db **out,
                     tr_err *err);
/* Finalises every prepared statement and closes db (NULL is fine). */
void tr_db_close(tr_db *db);
/* The schema version of the open store and the version this build
** writes; after tr_db_open they are equal. */
int tr_db_version(tr_db *db);
int tr_db_schema_version(void);
/* The migrations tr_db_open applied: from the version found to the
** current one (equal when none ran). */
void tr_db_migrated(tr_db *db, int *from, int *to);
/* The SQLite library's version string (static). */
const char *tr_db_sqlite_version(void);
/* The handle's clock, as given to tr_db_open. */
int64_t tr_db_now(tr_db *db);

/* Transactions: one per command.  begin takes the write lock at once
** (BEGIN IMMEDIATE) so a concurrent writer waits, not fails. */
tr_status tr_db_begin(tr_db *db, tr_err *err);
tr_status tr_db_commit(tr_db *db, tr_err *err);
void tr_db_rollback(tr_db *db);

/* ---- people ---------------------------------------------------------- */

typedef struct tr_role_in {
    const char *role;
    const char *from; /* date text or NULL */
    const char *to;   /* date text or NULL */
} tr_role_in;

typedef struct tr_person_in {
    const char *name;
    const char *kind; /* person, group, anonymous; NULL for person */
    const char *side; /* NULL when unknown */
    const char *const *aliases;
    size_t naliases;
    const tr_role_in *roles;
    size_t nroles;
} tr_person_in;

typedef struct tr_person {
    int64_t id;
    const char *name;
    const char *kind;
    const char *side;   /* NULL when unknown */
    int64_t nstatements;
    const char *first;  /* date text of the earliest statement, or NULL */
    const char *last;   /* date text of the latest statement, or NULL */
} tr_person;

typedef int (*tr_person_cb)(void *ctx, const tr_person *p);

/* Adds a person or, when the name or an alias already resolves, updates
** that person: kind and side when given, aliases and roles added.  An
** alias that already names someone else is an error (TR_EDATA). */
tr_status tr_db_person_upsert(tr_db *db, const tr_person_in *p, int64_t *id, int *created,
                              tr_err *err);
/* Looks name up through names and aliases, case- and accent-insensitively.
** *id is 0 when nobody has that name. */
tr_status tr_db_person_find(tr_db *db, const char *name, int64_t *id, tr_err *err);
/* Finds name or creates a person of that name and kind (NULL: person). */
tr_status tr_db_person_resolve(tr_db *db, const char *name, const char *kind, int64_t *id,
                               int *created, tr_err *err);
/* Gives person id the alias; TR_EDATA when it names someone else. */
tr_status tr_db_alias_add(tr_db *db, int64_t id, const char *alias, tr_err *err);
/* Calls cb for every person, by name; cb returning non-zero stops. */
tr_status tr_db_people_each(tr_db *db, tr_person_cb cb, void *ctx, tr_err *err);
/* Calls cb once for person id. */
tr_status tr_db_person_get(tr_db *db, int64_t id, tr_person_cb cb, void *ctx, tr_err *err);
/* Calls cb with each alias of person id (the canonical name excluded). */
tr_status tr_db_person_aliases(tr_db *db, int64_t id, int (*cb)(void *, const char *), void *ctx,
                               tr_err *err);
/* Calls cb with each role of person id, by start date. */
tr_status tr_db_person_roles(tr_db *db, int64_t id,
                             int (*cb)(void *, const char *role, const char *from, const char *to),
                             void *ctx, tr_err *err);

/* ---- sources --------------------------------------------------------- */

typedef struct tr_source_in {
    const char *publisher; /* e.g. "Reuters", "Twitter"; may be NULL */
    const char *title;
    const char *url;
    const char *published; /* date text or NULL */
    const char *raw;       /* the article text, or NULL for a feed */
    size_t rawlen;
} tr_source_in;

/* Returns in *id the source with the same identity, creating it when new.
** A source with raw text is identified by its content hash; one without
** by its publisher and URL. */
tr_status tr_db_source_ensure(tr_db *db, const tr_source_in *s, int64_t *id, tr_err *err);

/* ---- statements ------------------------------------------------------ */

typedef struct tr_statement_in {
    int64_t person_id;
    int64_t source_id;   /* 0 for none */
    const char *ext_id;  /* the feed's own id, or NULL */
    const char *text;
    const char *mode;    /* "direct" or "reported" */
    const char *date_text;
    tr_date date;
    const char *side, *role, *url, *cue, *date_expr; /* each may be NULL */
    int64_t span_start, span_end;                    /* -1 when none */
} tr_statement_in;

/* Inserts s unless a statement with the same identity is stored: the
** feed's id (with its source) when given, else a hash of the person, the
** date and the text.  *inserted is 1 for a new row, 0 for a duplicate;
** *id (may be NULL) the row's id. */
tr_status tr_db_statement_insert(tr_db *db, const tr_statement_in *s, int *inserted,
                                 int64_t *id, tr_err *err);

typedef struct tr_statement_row {
    int64_t id;
    int64_t person_id;
    const char *speaker;
    const char *person_side; /* the person's side, or NULL */
    const char *text;
    const char *mode;
    const char *date_text;
    int64_t date_lo, date_hi;
    const char *date_prec;
    const char *side, *role, *url, *cue, *date_expr;
    const char *source;      /* publisher, or NULL */
    const char *source_url;  /* the source's URL, or NULL */
    const char *ext_id;
    const char *snippet;     /* search only: the highlighted snippet */
} tr_statement_row;

typedef int (*tr_statement_cb)(void *ctx, const tr_statement_row *r);

/* Calls cb for each statement of person id whose date interval meets
** [from_lo, to_hi], oldest first (by earliest instant, then id). */
tr_status tr_db_history(tr_db *db, int64_t person_id, int64_t from_lo, int64_t to_hi,
                        tr_statement_cb cb, void *ctx, tr_err *err);

/* Full-text search: FTS5 query, optional person (0: any) and date range,
** best matches first, at most limit rows.  snippet marks each hit with
** open and close (e.g. "[" and "]").  An FTS5 syntax error is TR_EUSAGE
** with a message that names the query. */
tr_status tr_db_search(tr_db *db, const char *query, int64_t person_id, int64_t from_lo,
                       int64_t to_hi, int limit, const char *open, const char *close,
                       tr_statement_cb cb, void *ctx, tr_err *err);

/* Counts: people and statements in the store. */
tr_status tr_db_counts(tr_db *db, int64_t *people, int64_t *statements, tr_err *err);

#endif
