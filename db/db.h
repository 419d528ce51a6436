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
#include "input.h"

typedef struct tr_db tr_db;

/* How long a write waits for another process's write to finish (ms). */
#define TR_DB_BUSY_MS (10 * 60 * 1000)

/* How tr_db_open treats a missing file and an old schema. */
typedef enum tr_db_mode {
    TR_DB_READ,   /* read-only: the file must exist and be current */
    TR_DB_WRITE,  /* created (0600) and migrated when missing or old */
    TR_DB_MEMORY, /* a private in-memory store (dry runs, tests) */
    TR_DB_SHARED  /* like TR_DB_WRITE, but the store and its -wal and -shm
                     files are group-writable (0660): a desk's shared store */
} tr_db_mode;

/* Opens (and, as mode says, creates and migrates) the store at path.
** *out is owned by the caller and closed with tr_db_close.  now is the
** clock every row written through this handle records (Unix seconds).
**
** A reader opens the file read-only and never creates a file beside it
** when it cannot write the store itself (another user's store, a
** read-only file): without a -wal file nobody is writing, and the file is
** read as it is.  A writer keeps the -wal and -shm files when it closes
** (so that readers never create them, owned by themselves, and lock the
** owner out), and refuses a store it cannot write before it reads any
** input.  A write that meets a damaged file fails with a message that
** says how to check and restore the store. */
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
/* Starts a read transaction, so that every query of a command (a report,
** a history with its count) sees one snapshot of the store while writers
** go on; tr_db_read_end ends it. */
tr_status tr_db_read_begin(tr_db *db, tr_err *err);
void tr_db_read_end(tr_db *db);
/* A savepoint inside the transaction, so that one record's writes can be
** undone (rollback_to) or kept (release) as a whole. */
tr_status tr_db_savepoint(tr_db *db, tr_err *err);
tr_status tr_db_release(tr_db *db, tr_err *err);
void tr_db_rollback_to(tr_db *db);

/* ---- people ---------------------------------------------------------- */

typedef struct tr_person {
    int64_t id;
    const char *name;
    const char *kind;
    const char *side;   /* NULL when unknown */
    const char *gender; /* "f", "m", "n" or NULL when unknown */
    int64_t nstatements;
    const char *first;  /* date text of the earliest statement, or NULL */
    const char *last;   /* date text of the latest statement, or NULL */
    tr_date first_date, last_date; /* their dates (when first and last are set) */
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
    const char *context; /* the framing sentence, or NULL */
    const char *spans;   /* the parts, a JSON array of [start, end] pairs, or NULL */
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
    const char *context;     /* the framing sentence, or NULL */
    const char *spans;       /* JSON array of [start, end] pairs, or NULL */
    const char *person_kind; /* the speaker's kind: person, group, anonymous */
    int64_t span_start, span_end; /* the text's bytes in its source, or -1, -1 */
    const char *title, *published; /* the source's title and publication date, or NULL */
    const char *snippet;     /* search only: the highlighted snippet */
} tr_statement_row;

typedef int (*tr_statement_cb)(void *ctx, const tr_statement_row *r);

/* Calls cb for each statement of person id whose date interval meets
** [from_lo, to_hi], oldest first (by earliest instant, then id). */
tr_status tr_db_history(tr_db *db, int64_t person_id, int64_t from_lo, int64_t to_hi,
                        tr_statement_cb cb, void *ctx, tr_err *err);

/* What a history (or the whole timeline) shows. */
typedef struct tr_history_query {
    int64_t person_id;       /* the person, or 0 for everyone */
    int64_t from_lo, to_hi;  /* statements whose interval meets [from_lo, to_hi] */
    const char *topic;       /* only statements the last scan gave a stance on topic, or NULL */
    int64_t limit;           /* at most this many (0: all) */
    int reverse;             /* newest first (by earliest instant, then id) */
} tr_history_query;

/* Calls cb for each statement q selects, oldest first (reverse: newest
** first) by earliest instant, then id. */
tr_status tr_db_history_each(tr_db *db, const tr_history_query *q, tr_statement_cb cb, void *ctx,
                             tr_err *err);
/* Counts the statements q selects, without its limit. */
tr_status tr_db_history_count(tr_db *db, const tr_history_query *q, int64_t *n, tr_err *err);

/* Calls cb once with statement id (not at all when there is none). */
tr_status tr_db_statement_get(tr_db *db, int64_t id, tr_statement_cb cb, void *ctx, tr_err *err);

/* How a search reads its text. */
typedef enum tr_search_mode {
    TR_SEARCH_PLAIN, /* words as typed, all of them (any order); "a phrase" in double
                        quotes; apostrophes and hyphens inside a word keep it one word
                        ("can't", "cyber-security"); a trailing * a prefix; every other
                        character separates words */
    TR_SEARCH_FTS,   /* FTS5's query language: AND, OR, NOT, NEAR(), prefix*, "..." */
    TR_SEARCH_FIXED  /* one literal string, case-insensitive (curly and straight quotes
                        alike), otherwise exact */
} tr_search_mode;

typedef struct tr_search_query {
    const char *text;
    tr_search_mode mode;
    int64_t person_id;       /* 0: anyone */
    int64_t from_lo, to_hi;  /* statements whose interval meets the window */
    int by_date;             /* oldest first, instead of best matches first */
    int limit;               /* at most this many rows */
    const char *open, *close; /* the snippet's marks around each hit */
} tr_search_query;

/* Full-text search (stemmed: 'talks' finds 'talking'; case- and
** accent-insensitive).  Calls cb with each statement, its snippet in
** r->snippet.  A query with nothing to search for, or an FTS5 syntax
** error, is TR_EUSAGE with a message that names the query. */
tr_status tr_db_search(tr_db *db, const tr_search_query *q, tr_statement_cb cb, void *ctx,
                       tr_err *err);

/* ---- runs ------------------------------------------------------------ */

typedef struct tr_run {
    int64_t id;
    const char *kind;     /* "scan" or "report" */
    int64_t started_at, finished_at; /* finished_at 0 while running */
    const char *ruleset;  /* the rule set hash, or NULL */
    const char *stats;    /* JSON text, or NULL */
} tr_run;

/* Records the start of a run of kind (scan, report) under the handle's
** clock; *id is the run's id. */
tr_status tr_db_run_start(tr_db *db, const char *kind, const char *ruleset, int64_t *id,
                          tr_err *err);
/* Records the end of run id with its counts (JSON text). */
tr_status tr_db_run_finish(tr_db *db, int64_t id, const char *stats, tr_err *err);
/* Calls cb with the latest finished run of kind whose id is below before
** (0: any); not at all when there is none. */
tr_status tr_db_run_last(tr_db *db, const char *kind, int64_t before,
                         int (*cb)(void *, const tr_run *), void *ctx, tr_err *err);

/* ---- scan: classification state and assertions ------------------------ */

/* Makes ruleset the store's current rule set.  When it differs from the
** one the last scan used, every assertion is dropped so that everything
** is classified again (*reset 1), and run is recorded as the run the
** rule set's scanning began.  *last is the id of the last statement
** classified under ruleset (0: none). */
tr_status tr_db_scan_begin(tr_db *db, const char *ruleset, int64_t run, int64_t *last, int *reset,
                           tr_err *err);
/* Records that every statement up to id last is classified. */
tr_status tr_db_scan_mark(tr_db *db, int64_t last, tr_err *err);
/* The rule set hash of the last scan, into buf (empty when never
** scanned), and the run its scanning began (findings last seen before
** it are stale: the current rules no longer find them). */
tr_status tr_db_scan_ruleset(tr_db *db, char *buf, size_t n, int64_t *since_run, tr_err *err);

typedef struct tr_scan_row {
    int64_t id, person_id;
    const char *text;
    size_t len;
    const char *side;   /* the statement's side, else the person's; NULL if unknown */
    const char *mode;
    int64_t lo, hi;
    const char *context;/* the sentence extract found framing it, or NULL */
    size_t ctxlen;
} tr_scan_row;

/* Calls cb for every statement with id above after, in id order. */
tr_status tr_db_statements_after(tr_db *db, int64_t after, int (*cb)(void *, const tr_scan_row *),
                                 void *ctx, tr_err *err);

typedef struct tr_assertion_row {
    int64_t id, statement_id, person_id;
    const char *topic, *stance, *cue, *negation, *hedge, *side, *mode;
    int64_t cue_start, cue_end, lo, hi;
} tr_assertion_row;

typedef int (*tr_assertion_cb)(void *ctx, const tr_assertion_row *a);

/* Stores an assertion (id ignored; the row's id is assigned). */
tr_status tr_db_assertion_insert(tr_db *db, const tr_assertion_row *a, tr_err *err);
/* The highest assertion id (0 when none). */
tr_status tr_db_assertion_max_id(tr_db *db, int64_t *id, tr_err *err);
/* Calls cb for each assertion with id above after, in topic order, then
** id order. */
tr_status tr_db_assertions_after(tr_db *db, int64_t after, tr_assertion_cb cb, void *ctx,
                                 tr_err *err);
/* Calls cb for each assertion of person_id on topic, in time order
** (earliest instant, then statement id). */
tr_status tr_db_assertions_of_person(tr_db *db, const char *topic, int64_t person_id,
                                     tr_assertion_cb cb, void *ctx, tr_err *err);
/* Calls cb for each assertion on topic whose date interval meets [lo, hi]
** (date_lo <= hi and date_hi >= lo), in time order. */
tr_status tr_db_assertions_in(tr_db *db, const char *topic, int64_t lo, int64_t hi,
                              tr_assertion_cb cb, void *ctx, tr_err *err);
/* Calls cb for each assertion of statement id, by topic. */
tr_status tr_db_assertions_of(tr_db *db, int64_t statement_id, tr_assertion_cb cb, void *ctx,
                              tr_err *err);

/* ---- findings -------------------------------------------------------- */

/* One statement of a finding, with the evidence its assertion gave. */
typedef struct tr_finding_member {
    int64_t statement_id;
    const char *stance, *cue, *negation, *hedge;
    int64_t cue_start, cue_end;
    int deciding;        /* 1: one of the deciding pair */
} tr_finding_member;

typedef struct tr_finding_in {
    const char *id, *kind, *rule, *topic, *severity, *ruleset;
    const char *grp;      /* the group its detector recomputes as a whole: the speaker's person
                             id (reversal), "A|B" the affirming and denying sides (dispute) */
    const char *support;  /* JSON: the runs before and after the change, or the two sides */
    const char *evidence; /* a digest of the members and support: equal means nothing changed */
    int order_certain;
    int64_t run;
    const tr_finding_member *members; /* every statement, time order */
    size_t nmembers;
} tr_finding_in;

/* Records finding f as seen in run f->run: a new one with status new, its
** statements and a 'found' event (*is_new 1); a known one by updating its
** last run, reviving it when it was retired, and rewriting its statements
** and support when its evidence changed. */
tr_status tr_db_finding_upsert(tr_db *db, const tr_finding_in *f, int *is_new, tr_err *err);
/* Retires (as of run) the live findings of rule in group grp whose ids are
** not among keep[0..n) (sorted by strcmp): their detector recomputed the
** group and no longer finds them. */
tr_status tr_db_findings_retire_group(tr_db *db, const char *rule, const char *grp,
                                      const char *const *keep, size_t n, int64_t run,
                                      long long *retired, tr_err *err);
/* Retires (as of run) the live findings of rule that hold statement_id,
** except keep_id: a dispute that grew into another.  Both add the number
** retired to *retired. */
tr_status tr_db_findings_retire_sharing(tr_db *db, const char *rule, const char *keep_id,
                                        int64_t statement_id, int64_t run, long long *retired,
                                        tr_err *err);

typedef struct tr_finding_row {
    const char *id, *kind, *rule, *topic, *severity, *status, *reason, *ruleset;
    const char *grp, *support;   /* NULL for findings recorded before episodes */
    int order_certain;
    int64_t first_run, last_run, created_at, updated_at;
    int64_t retired_run;         /* 0: live */
} tr_finding_row;

typedef struct tr_findings_query {
    const char *id;      /* only this finding, or NULL */
    const char *status;  /* only this status, or NULL */
    const char *kind;    /* reversal, contradiction, or NULL */
    int64_t seen_in;     /* only findings whose last run is this one (0: any) */
    int64_t first_after; /* only findings first seen in a run above this (0: any) */
    int64_t first_upto;  /* and at or below this (0: any) */
    int64_t current_since; /* only findings last seen in this run or later, and not retired (0: any) */
} tr_findings_query;

/* Calls cb for each finding matching q, most severe first, then by id. */
tr_status tr_db_findings_each(tr_db *db, const tr_findings_query *q,
                              int (*cb)(void *, const tr_finding_row *), void *ctx, tr_err *err);

typedef struct tr_finding_stmt {
    int position;
    int deciding;               /* 1: one of the deciding pair */
    tr_statement_row s;
    const char *stance, *cue, *negation, *hedge;
    int64_t cue_start, cue_end; /* byte offsets of the cue in s.text */
} tr_finding_stmt;

/* Calls cb for each statement of finding id, in time order. */
tr_status tr_db_finding_statements(tr_db *db, const char *id,
                                   int (*cb)(void *, const tr_finding_stmt *), void *ctx,
                                   tr_err *err);
/* Resolves an id or a unique prefix of one into buf; TR_EDATA when no
** finding or several match. */
tr_status tr_db_finding_resolve(tr_db *db, const char *prefix, char *buf, size_t n, tr_err *err);
/* Changes a finding's status to status (acknowledged, dismissed or open
** for a reopen), recording who (by, may be NULL), when (the handle's
** clock) and why (reason, required for dismissed) in its history.
** TR_EDATA, with a message that says what to do, when the change is not
** allowed: acknowledging a dismissed finding (reopen it first), a second
** dismissal (the first reason stands; reopen first), reopening what is
** neither acknowledged nor dismissed, acknowledging twice. */
tr_status tr_db_finding_set_status(tr_db *db, const char *id, const char *status, const char *by,
                                   const char *reason, tr_err *err);
/* Marks every new finding first seen up to run as open (a report showed
** it), recording the change in their histories as done by `by`. */
tr_status tr_db_findings_mark_open(tr_db *db, int64_t upto_run, const char *by, tr_err *err);

typedef struct tr_finding_event {
    int64_t at;              /* Unix seconds */
    const char *actor;       /* who, or NULL */
    const char *action;      /* found, status, retired, revived */
    const char *from, *to;   /* statuses (status changes; found: to "new") */
    const char *reason;
    int64_t run;             /* the run, when a scan or a report did it (else 0) */
} tr_finding_event;

/* Calls cb for each event of finding id, oldest first. */
tr_status tr_db_finding_events(tr_db *db, const char *id,
                               int (*cb)(void *, const tr_finding_event *), void *ctx, tr_err *err);

/* ---- check and backup ------------------------------------------------ */

typedef struct tr_check_counts {
    int problems;    /* problems found (each handed to the callback) */
    int checks;      /* checks run */
    int invariants;  /* of which the tool's own invariants */
    int skipped_fts; /* the full-text check needs write access: skipped */
} tr_check_counts;

/* Checks the store: SQLite's integrity check, its foreign keys, the
** full-text index (when the store is writable for this user) and the
** tool's invariants (every finding's statements exist, every assertion's
** and finding's rule set hash is one a scan recorded, ...).  Calls cb
** with one line per problem; writes nothing.  TR_OK however many
** problems were found (c says); another status when checking failed. */
tr_status tr_db_check(tr_db *db, void (*cb)(void *, const char *problem), void *ctx,
                      tr_check_counts *c, tr_err *err);

/* Copies the open store into the SQLite file dest (created or
** overwritten; the caller renames it into place) through SQLite's online
** backup API: a consistent snapshot taken while writers go on. */
tr_status tr_db_backup(tr_db *db, const char *dest, tr_err *err);

/* Counts: people and statements in the store. */
tr_status tr_db_counts(tr_db *db, int64_t *people, int64_t *statements, tr_err *err);

#endif
