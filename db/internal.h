/*
** internal.h: what the files of db/ share and nobody else sees: the
** connection struct and its cache of prepared statements.
*/
#ifndef TR_DB_INTERNAL_H
#define TR_DB_INTERNAL_H

#include <sqlite3.h>

#include "db.h"

/* One slot per prepared statement of the store, so each is prepared once
** per connection.  Add a slot here for every new SQL statement. */
enum {
    Q_ALIAS_FIND,
    Q_ALIAS_INSERT,
    Q_PERSON_INSERT,
    Q_PERSON_UPDATE,
    Q_PERSON_GET,
    Q_PEOPLE_ALL,
    Q_PERSON_ALIASES,
    Q_ROLE_INSERT,
    Q_PERSON_ROLES,
    Q_SOURCE_FIND,
    Q_SOURCE_INSERT,
    Q_STMT_INSERT,
    Q_FTS_FILL,
    Q_META_SPAN_GET,
    Q_META_SPAN_SET,
    Q_HISTORY,
    Q_HISTORY_DESC,
    Q_TIMELINE,
    Q_TIMELINE_DESC,
    Q_HISTORY_COUNT,
    Q_TIMELINE_COUNT,
    Q_STMT_GET,
    Q_SEARCH,
    Q_SEARCH_DATE,
    Q_COUNTS,
    Q_RUN_START,
    Q_RUN_FINISH,
    Q_RUN_LAST,
    Q_SCAN_STATE_GET,
    Q_SCAN_STATE_SET,
    Q_SCAN_STATE_RESET,
    Q_SCAN_STATE_SINCE,
    Q_STMTS_AFTER,
    Q_ASSERT_INSERT,
    Q_ASSERT_MAX,
    Q_ASSERT_AFTER,
    Q_ASSERT_PERSON,
    Q_ASSERT_IN,
    Q_ASSERT_OF,
    Q_FINDING_FIND,
    Q_FINDING_INSERT,
    Q_FINDING_SEEN,
    Q_FINDING_STMT_INSERT,
    Q_FINDINGS_LIST,
    Q_FINDING_STMTS,
    Q_FINDING_PREFIX,
    Q_FINDING_STATUS,
    Q_FINDINGS_MARK_OPEN,
    Q_FINDINGS_MARK_OPEN_EVENTS,
    Q_FINDING_GET,
    Q_FINDING_REWRITE,
    Q_FINDING_STMTS_DELETE,
    Q_FINDING_EVENT,
    Q_FINDING_EVENTS,
    Q_FINDINGS_GROUP,
    Q_FINDING_RETIRE,
    Q_FINDINGS_SHARING,
    Q_REPORT_MARKS, Q_REPORT_INGESTED, Q_REPORT_COUNTS, Q_REPORT_FINDINGS, Q_REPORT_ROLE,
    Q_REPORT_ACTIVITY,
    Q__COUNT
};

struct tr_db {
    sqlite3 *h;
    char *path;         /* the store's path, for messages (owned) */
    sqlite3_stmt *q[Q__COUNT];
    int64_t now;
    int from_version, to_version;
    int64_t fts_from;   /* first statement inserted in this transaction (0: none) */
    int64_t max_span;   /* widest statement date interval (date_hi - date_lo) */
    int span_dirty;     /* max_span grew in this transaction */
};

/* Returns the cached statement for slot, preparing sql on first use; the
** statement is reset and its bindings cleared.  NULL (err filled) when
** SQLite rejects sql. */
sqlite3_stmt *tr_db_prep(tr_db *db, int slot, const char *sql, tr_err *err);

/* Fills err with what SQLite said about the last failure, prefixed by
** what was being done, and returns TR_EIO. */
tr_status tr_db_fail(tr_db *db, tr_err *err, const char *doing);

/* Binds a string or NULL (when s is NULL) to parameter i. */
int tr_db_bind_text(sqlite3_stmt *q, int i, const char *s);

/* Column i as a C string, or NULL when SQL NULL. */
const char *tr_db_col_text(sqlite3_stmt *q, int i);

/* The columns of a tr_statement_row, over statements s, people p and
** sources src (ROW_FROM joins them), and how many there are. */
#define ROW_COLS                                                                            \
    "s.id, s.person_id, p.name, p.side, s.text, s.mode, s.date_text, s.date_lo, s.date_hi, " \
    "s.date_prec, s.side, s.role, coalesce(s.url, src.url), s.cue, s.date_expr, src.publisher, " \
    "src.url, s.ext_id, s.context, s.spans, p.kind, s.span_start, s.span_end, src.title, "   \
    "src.published"
#define ROW_NCOLS 25
#define ROW_FROM                                                                            \
    "FROM statements s JOIN people p ON p.id=s.person_id "                                  \
    "LEFT JOIN sources src ON src.id=s.source_id "

/* The columns of a tr_finding_row over findings f. */
#define FINDING_COLS                                                                    \
    "f.id, f.kind, f.rule, f.topic, f.severity, f.status, f.reason, f.ruleset, "       \
    "f.order_certain, f.first_run, f.last_run, f.created_at, f.updated_at, f.grp, "    \
    "f.support, coalesce(f.retired_run, 0)"

/* Steps q (selecting FINDING_COLS), calling cb with each finding until it
** returns non-zero; resets q.  doing names the work for an error. */
tr_status tr_db_each_finding(tr_db *db, sqlite3_stmt *q, int (*cb)(void *, const tr_finding_row *),
                             void *ctx, tr_err *err, const char *doing);

/* Reads the ROW_COLS columns of q from column c into r. */
void tr_db_row_statement(sqlite3_stmt *q, int c, tr_statement_row *r);

/* Brings the full-text index and meta up to date with the statements
** inserted in the open transaction (run by tr_db_commit). */
tr_status tr_db_flush_pending(tr_db *db, tr_err *err);
/* Reads meta's max_span into db->max_span. */
tr_status tr_db_load_meta(tr_db *db, tr_err *err);

/* The SQL of migration v (1-based), or NULL past the last. */
const char *tr_db_migration(int v);
/* The statement that records schema version v (1-based). */
const char *tr_db_version_sql(int v);

#endif
