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
    Q_HISTORY,
    Q_SEARCH,
    Q_SEARCH_PERSON,
    Q_COUNTS,
    Q__COUNT
};

struct tr_db {
    sqlite3 *h;
    sqlite3_stmt *q[Q__COUNT];
    int64_t now;
    int from_version, to_version;
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

/* The SQL of migration v (1-based), or NULL past the last. */
const char *tr_db_migration(int v);

#endif
