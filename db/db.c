/*
** db.c: opening, migrating and closing the store; transactions; the
** prepared-statement cache shared by the other files of db/.
*/
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Fills err with SQLite's message about the last failure; TR_EIO. */
tr_status tr_db_fail(tr_db *db, tr_err *err, const char *doing)
{
    return tr_errf(err, TR_EIO, "database error while %s: %s", doing,
                   db && db->h ? sqlite3_errmsg(db->h) : "no connection");
}

/* Returns the cached statement for slot, preparing it on first use. */
sqlite3_stmt *tr_db_prep(tr_db *db, int slot, const char *sql, tr_err *err)
{
    sqlite3_stmt *q = db->q[slot];
    if (q) {
        sqlite3_reset(q);
        sqlite3_clear_bindings(q);
        return q;
    }
    if (sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &q, NULL) != SQLITE_OK) {
        tr_db_fail(db, err, "preparing a query");
        return NULL;
    }
    db->q[slot] = q;
    return q;
}

/* Binds a string or NULL to parameter i. */
int tr_db_bind_text(sqlite3_stmt *q, int i, const char *s)
{
    return s ? sqlite3_bind_text(q, i, s, -1, SQLITE_STATIC) : sqlite3_bind_null(q, i);
}

/* Column i as a C string, or NULL when SQL NULL. */
const char *tr_db_col_text(sqlite3_stmt *q, int i)
{
    return (const char *)sqlite3_column_text(q, i);
}

/* Runs the migrations from the store's user_version up to the current
** schema, all in one transaction. */
static tr_status migrate(tr_db *db, const char *path, int writable, tr_err *err)
{
    sqlite3_stmt *q;
    int v = 0;
    if (sqlite3_prepare_v2(db->h, "PRAGMA user_version", -1, &q, NULL) != SQLITE_OK)
        return tr_db_fail(db, err, "reading the schema version");
    if (sqlite3_step(q) == SQLITE_ROW)
        v = sqlite3_column_int(q, 0);
    sqlite3_finalize(q);
    db->from_version = db->to_version = v;
    int target = tr_db_schema_version();
    if (v > target)
        return tr_errf(err, TR_EDATA,
                       "the store '%s' has schema version %d, newer than this tracker's %d: "
                       "upgrade tracker", path, v, target);
    if (v == target)
        return TR_OK;
    if (!writable)
        return tr_errf(err, TR_EDATA, "the store '%s' has schema version %d, this tracker needs "
                                      "%d: run 'tracker init' to migrate it", path, v, target);
    if (sqlite3_exec(db->h, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
        return tr_db_fail(db, err, "starting the migration");
    for (int i = v + 1; i <= target; i++) {
        char pragma[64];
        snprintf(pragma, sizeof pragma, "PRAGMA user_version=%d", i);
        if (sqlite3_exec(db->h, tr_db_migration(i), NULL, NULL, NULL) != SQLITE_OK ||
            sqlite3_exec(db->h, pragma, NULL, NULL, NULL) != SQLITE_OK) {
            tr_status st = tr_db_fail(db, err, "migrating the schema");
            sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
            return st;
        }
    }
    if (sqlite3_exec(db->h, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
        tr_status st = tr_db_fail(db, err, "committing the migration");
        sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
        return st;
    }
    db->to_version = target;
    return TR_OK;
}

/* Opens the store at path; see db.h.  *out is owned by the caller. */
tr_status tr_db_open(const char *path, tr_db_mode mode, int64_t now, tr_db **out, tr_err *err)
{
    struct stat st;
    *out = NULL;
    /* SQLite takes "" for a private temporary database: an unset variable
    ** in --db "$DB" would import into nothing and report success. */
    if (mode != TR_DB_MEMORY && (!path || !*path))
        return tr_errf(err, TR_EUSAGE, "the database path is empty (is the variable given to "
                       "--db or $TRACKER_DB set?)");
    if (mode == TR_DB_READ && stat(path, &st) != 0)
        return tr_errf(err, TR_ENOINPUT,
                       "no database at '%s' (create one with 'tracker init', or set --db)", path);
    tr_db *db = calloc(1, sizeof *db);
    if (!db)
        return tr_errf(err, TR_ESOFTWARE, "out of memory");
    db->now = now;
    int flags = SQLITE_OPEN_READWRITE | (mode != TR_DB_READ ? SQLITE_OPEN_CREATE : 0);
    const char *file = mode == TR_DB_MEMORY ? ":memory:" : path;
    if (sqlite3_open_v2(file, &db->h, flags, NULL) != SQLITE_OK) {
        tr_errf(err, TR_ENOINPUT, "cannot open database '%s': %s", path,
                db->h ? sqlite3_errmsg(db->h) : "out of memory");
        tr_db_close(db);
        return TR_ENOINPUT;
    }
    sqlite3_extended_result_codes(db->h, 1);
    /* A writer waits for another writer (a nightly import) rather than
    ** failing with "database is locked"; readers never wait in WAL mode. */
    sqlite3_busy_timeout(db->h, TR_DB_BUSY_MS);
    /* A file that is not a database fails on the first read. */
    if (sqlite3_exec(db->h,
                     "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                     "PRAGMA foreign_keys=ON;",
                     NULL, NULL, NULL) != SQLITE_OK) {
        tr_errf(err, TR_EDATA, "cannot use '%s' as a tracker database: %s", path,
                sqlite3_errmsg(db->h));
        tr_db_close(db);
        return TR_EDATA;
    }
    tr_status s = migrate(db, path, mode != TR_DB_READ, err);
    if (!s)
        s = tr_db_load_meta(db, err);
    if (s) {
        tr_db_close(db);
        return s;
    }
    *out = db;
    return TR_OK;
}

/* Finalises every prepared statement and closes db. */
void tr_db_close(tr_db *db)
{
    if (!db)
        return;
    for (int i = 0; i < Q__COUNT; i++)
        sqlite3_finalize(db->q[i]);
    sqlite3_close(db->h);
    free(db);
}

/* The schema version of the open store. */
int tr_db_version(tr_db *db)
{
    return db->to_version;
}

/* The migrations tr_db_open applied. */
void tr_db_migrated(tr_db *db, int *from, int *to)
{
    *from = db->from_version;
    *to = db->to_version;
}

/* The SQLite library's version string. */
const char *tr_db_sqlite_version(void)
{
    return sqlite3_libversion();
}

/* The handle's clock. */
int64_t tr_db_now(tr_db *db)
{
    return db->now;
}

/* Starts the command's transaction, taking the write lock at once. */
tr_status tr_db_begin(tr_db *db, tr_err *err)
{
    if (sqlite3_exec(db->h, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
        return tr_db_fail(db, err, "starting a transaction");
    return TR_OK;
}

/* Commits the command's transaction, filling the full-text index first. */
tr_status tr_db_commit(tr_db *db, tr_err *err)
{
    tr_status st = tr_db_flush_pending(db, err);
    if (st) {
        tr_db_rollback(db);
        return st;
    }
    if (sqlite3_exec(db->h, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
        st = tr_db_fail(db, err, "committing");
        tr_db_rollback(db);
        return st;
    }
    return TR_OK;
}

/* Opens a savepoint for one record's writes. */
tr_status tr_db_savepoint(tr_db *db, tr_err *err)
{
    if (sqlite3_exec(db->h, "SAVEPOINT record", NULL, NULL, NULL) != SQLITE_OK)
        return tr_db_fail(db, err, "opening a savepoint");
    return TR_OK;
}

/* Keeps the record's writes. */
tr_status tr_db_release(tr_db *db, tr_err *err)
{
    if (sqlite3_exec(db->h, "RELEASE record", NULL, NULL, NULL) != SQLITE_OK)
        return tr_db_fail(db, err, "releasing a savepoint");
    return TR_OK;
}

/* Undoes the record's writes and closes the savepoint. */
void tr_db_rollback_to(tr_db *db)
{
    sqlite3_exec(db->h, "ROLLBACK TO record; RELEASE record", NULL, NULL, NULL);
}

/* Rolls the command's transaction back (harmless when none is open). */
void tr_db_rollback(tr_db *db)
{
    if (!sqlite3_get_autocommit(db->h))
        sqlite3_exec(db->h, "ROLLBACK", NULL, NULL, NULL);
    db->fts_from = 0;
    if (db->span_dirty) {
        db->span_dirty = 0;
        tr_db_load_meta(db, NULL);
    }
}
