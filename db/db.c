/*
** db.c: opening, migrating and closing the store; transactions; the
** prepared-statement cache shared by the other files of db/.
*/
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "text.h"

/* Fills err with SQLite's message about the last failure; TR_EIO.  A
** damaged file and a store this user cannot write get messages that say
** what to do. */
tr_status tr_db_fail(tr_db *db, tr_err *err, const char *doing)
{
    if (!db || !db->h)
        return tr_errf(err, TR_EIO, "database error while %s: no connection", doing);
    int code = sqlite3_extended_errcode(db->h) & 0xff;
    const char *path = db->path ? db->path : "?";
    if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB)
        return tr_errf(err, TR_EIO, "the store '%s' is damaged (%s, while %s): nothing more was "
                       "written; run 'tracker --db %s check' to see what is wrong, and restore the "
                       "store from a backup ('tracker backup FILE' makes one)", path,
                       sqlite3_errmsg(db->h), doing, path);
    if (code == SQLITE_READONLY)
        return tr_errf(err, TR_EIO, "cannot write the store '%s' (%s): it is read-only for this "
                       "user", path, sqlite3_errmsg(db->h));
    return tr_errf(err, TR_EIO, "database error while %s: %s", doing, sqlite3_errmsg(db->h));
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
        if (sqlite3_exec(db->h, tr_db_migration(i), NULL, NULL, NULL) != SQLITE_OK ||
            sqlite3_exec(db->h, tr_db_version_sql(i), NULL, NULL, NULL) != SQLITE_OK) {
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

/* 1 when path names an existing file. */
static int exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

/* path with suffix appended, into buf. */
static const char *side_file(char *buf, size_t n, const char *path, const char *suffix)
{
    snprintf(buf, n, "%s%s", path, suffix);
    return buf;
}

/* Creates the store's file when missing, readable and writable by its
** owner only (0600), or by its group too when shared (0660); a shared
** store that exists is made group-writable, with its -wal and -shm. */
static tr_status create_file(const char *path, int shared, tr_err *err)
{
    mode_t mode = shared ? 0660 : 0600;
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (fd >= 0) {
        int bad = fchmod(fd, mode); /* the umask does not narrow it */
        close(fd);
        if (bad)
            return tr_errf(err, TR_EIO, "cannot create '%s': %s", path, strerror(errno));
        return TR_OK;
    }
    if (errno != EEXIST)
        return tr_errf(err, TR_EIO, "cannot create the store '%s': %s", path, strerror(errno));
    if (shared) {
        char side[4200];
        if (chmod(path, mode))
            return tr_errf(err, TR_EIO, "cannot make '%s' group-writable: %s", path, strerror(errno));
        for (int i = 0; i < 2; i++)
            if (exists(side_file(side, sizeof side, path, i ? "-shm" : "-wal")) && chmod(side, mode))
                return tr_errf(err, TR_EIO, "cannot make '%s' group-writable: %s", side,
                               strerror(errno));
    }
    return TR_OK;
}

/* Gives the store's -wal and -shm the store's own mode, when this user
** owns them: whoever may read the store may then read them, and a reader
** never needs to create its own. */
static void follow_mode(const char *path)
{
    struct stat db, st;
    char side[4200];
    if (stat(path, &db) != 0)
        return;
    for (int i = 0; i < 2; i++)
        if (stat(side_file(side, sizeof side, path, i ? "-shm" : "-wal"), &st) == 0 &&
            st.st_uid == geteuid() && (st.st_mode & 0777) != (db.st_mode & 0777))
            chmod(side, db.st_mode & 0777);
}

/* The URI that opens path read as it is (immutable=1), with the
** characters a URI reserves escaped; NULL when out of memory. */
static char *immutable_uri(const char *path)
{
    tr_buf b;
    tr_buf_init(&b);
    tr_buf_puts(&b, "file:");
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if (*p == '%' || *p == '?' || *p == '#' || *p <= ' ' || *p >= 0x7f)
            tr_buf_printf(&b, "%%%02X", *p);
        else
            tr_buf_add(&b, (const char *)p, 1);
    }
    tr_buf_puts(&b, "?immutable=1");
    if (b.oom) {
        tr_buf_free(&b);
        return NULL;
    }
    return b.data;
}

/* Opens the store at path; see db.h.  *out is owned by the caller. */
tr_status tr_db_open(const char *path, tr_db_mode mode, int64_t now, tr_db **out, tr_err *err)
{
    *out = NULL;
    /* SQLite takes "" for a private temporary database: an unset variable
    ** in --db "$DB" would import into nothing and report success. */
    if (mode != TR_DB_MEMORY && (!path || !*path))
        return tr_errf(err, TR_EUSAGE, "the database path is empty (is the variable given to "
                       "--db or $TRACKER_DB set?)");
    int write = mode == TR_DB_WRITE || mode == TR_DB_SHARED;
    if (mode == TR_DB_READ && !exists(path))
        return tr_errf(err, TR_ENOINPUT,
                       "no database at '%s' (create one with 'tracker init', or set --db)", path);
    tr_status s;
    if (write && (s = create_file(path, mode == TR_DB_SHARED, err)) != TR_OK)
        return s;
    tr_db *db = calloc(1, sizeof *db);
    if (!db || !(db->path = strdup(mode == TR_DB_MEMORY ? ":memory:" : path))) {
        free(db);
        return tr_errf(err, TR_ESOFTWARE, "out of memory");
    }
    db->now = now;
    int flags = write || mode == TR_DB_MEMORY ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
                                              : SQLITE_OPEN_READONLY;
    const char *file = mode == TR_DB_MEMORY ? ":memory:" : path;
    char *uri = NULL, side[4200];
    /* A reader that cannot write the store must not create its -wal and
    ** -shm (they would be its own, and lock the owner out).  With no -wal
    ** (or one this user may not read: the owner's writers give it the
    ** store's mode) the store is read as it was last checkpointed. */
    if (mode == TR_DB_READ && access(path, W_OK) != 0 &&
        access(side_file(side, sizeof side, path, "-wal"), R_OK) != 0) {
        if (!(uri = immutable_uri(path))) {
            tr_db_close(db);
            return tr_errf(err, TR_ESOFTWARE, "out of memory");
        }
        file = uri;
        flags |= SQLITE_OPEN_URI;
    }
    int rc = sqlite3_open_v2(file, &db->h, flags, NULL);
    free(uri);
    if (rc != SQLITE_OK) {
        tr_errf(err, TR_ENOINPUT, "cannot open database '%s': %s", path,
                db->h ? sqlite3_errmsg(db->h) : "out of memory");
        tr_db_close(db);
        return TR_ENOINPUT;
    }
    sqlite3_extended_result_codes(db->h, 1);
    /* A writer waits for another writer (a nightly import) rather than
    ** failing with "database is locked"; readers never wait in WAL mode. */
    sqlite3_busy_timeout(db->h, TR_DB_BUSY_MS);
    if (write && sqlite3_db_readonly(db->h, "main") == 1) {
        tr_errf(err, TR_EIO, "cannot write the store '%s': it is read-only for this user "
                "(%s)", path, access(path, W_OK) ? strerror(errno) : "read-only file system");
        tr_db_close(db);
        return TR_EIO;
    }
    if (write) {
        /* The -wal and -shm stay when the last writer closes: readers then
        ** find them and never create their own. */
        int one = 1;
        sqlite3_file_control(db->h, "main", SQLITE_FCNTL_PERSIST_WAL, &one);
    }
    /* A file that is not a database fails on the first read. */
    if (sqlite3_exec(db->h,
                     write ? "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                             "PRAGMA foreign_keys=ON; PRAGMA cell_size_check=ON;"
                             "PRAGMA journal_size_limit=4194304;"
                           : mode == TR_DB_MEMORY ? "PRAGMA foreign_keys=ON;"
                                                  : "PRAGMA schema_version;",
                     NULL, NULL, NULL) != SQLITE_OK) {
        int code = sqlite3_extended_errcode(db->h) & 0xff;
        if ((code == SQLITE_READONLY || code == SQLITE_CANTOPEN) && write)
            tr_errf(err, TR_EIO, "cannot write the store '%s': %s (can this user write its "
                    "directory?)", path, sqlite3_errmsg(db->h));
        else if (code == SQLITE_READONLY || code == SQLITE_CANTOPEN)
            tr_errf(err, TR_EIO, "cannot read the store '%s': %s", path, sqlite3_errmsg(db->h));
        else
            tr_errf(err, TR_EDATA, "cannot use '%s' as a tracker database: %s", path,
                    sqlite3_errmsg(db->h));
        s = code == SQLITE_READONLY || code == SQLITE_CANTOPEN ? TR_EIO : TR_EDATA;
        tr_db_close(db);
        return s;
    }
    s = migrate(db, path, write || mode == TR_DB_MEMORY, err);
    if (!s)
        s = tr_db_load_meta(db, err);
    if (!s && write)
        follow_mode(path);
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
    free(db->path);
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
