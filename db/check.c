/*
** check.c: tracker check's questions to the store: SQLite's integrity
** check, the foreign keys, the full-text index, and the tool's own
** invariants.  Each problem found is handed to the caller's callback as
** one line of text; nothing here writes (the full-text check runs inside
** a savepoint that is rolled back).
*/
#include "internal.h"

#include <stdio.h>
#include <string.h>

/* One invariant: the query lists the rows that break it (its first
** column names the row), and what names the rule they break. */
static const struct invariant {
    const char *what, *sql;
} invariants[] = {
    {"every finding has its deciding pair (two deciding statements)",
     "SELECT f.id FROM findings f WHERE (SELECT count(*) FROM finding_statements fs "
     "WHERE fs.finding_id=f.id AND fs.deciding) <> 2 LIMIT 20"},
    {"every finding's statements exist",
     "SELECT fs.finding_id || ' (statement ' || fs.statement_id || ')' FROM finding_statements fs "
     "LEFT JOIN statements s ON s.id=fs.statement_id WHERE s.id IS NULL LIMIT 20"},
    {"every assertion's statement exists",
     "SELECT 'assertion ' || a.id FROM assertions a LEFT JOIN statements s ON s.id=a.statement_id "
     "WHERE s.id IS NULL LIMIT 20"},
    {"every assertion's rule set hash is one a scan recorded",
     "SELECT count(*) || ' assertions under rule set ' || coalesce((SELECT ruleset FROM scan_state), "
     "'(none)') FROM assertions WHERE NOT EXISTS (SELECT 1 FROM scan_state ss JOIN runs r ON "
     "r.kind='scan' AND r.ruleset_hash=ss.ruleset) HAVING count(*) > 0"},
    {"every finding's rule set hash is one a scan recorded",
     "SELECT f.id || ' (rule set ' || f.ruleset || ')' FROM findings f WHERE NOT EXISTS "
     "(SELECT 1 FROM runs r WHERE r.kind='scan' AND r.ruleset_hash=f.ruleset) LIMIT 20"},
    {"every statement's date interval starts before it ends",
     "SELECT 'statement ' || id FROM statements WHERE date_lo > date_hi LIMIT 20"},
    {"meta's widest date interval bounds every statement's",
     "SELECT 'max_span ' || m.value FROM meta m WHERE m.key='max_span' AND m.value < "
     "(SELECT coalesce(max(date_hi - date_lo), 0) FROM statements)"},
    {"every person is known by their own name",
     "SELECT 'person ' || p.id || ' (' || p.name || ')' FROM people p WHERE NOT EXISTS "
     "(SELECT 1 FROM aliases a WHERE a.person_id=p.id AND a.alias=p.name) LIMIT 20"},
};

/* Runs sql, calling cb with "label: first column" for every row.  A
** failure of the query itself is a problem too (a damaged page). */
static int rows(tr_db *db, const char *sql, const char *label, int ok_row,
                void (*cb)(void *, const char *), void *ctx)
{
    sqlite3_stmt *q;
    char line[1200];
    int n = 0, rc;
    if (sqlite3_prepare_v2(db->h, sql, -1, &q, NULL) != SQLITE_OK) {
        snprintf(line, sizeof line, "%s: cannot check: %s", label, sqlite3_errmsg(db->h));
        cb(ctx, line);
        return 1;
    }
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        const char *v = (const char *)sqlite3_column_text(q, 0);
        if (ok_row && v && !strcmp(v, "ok"))
            continue;
        snprintf(line, sizeof line, "%s: %s", label, v ? v : "(null)");
        cb(ctx, line);
        n++;
    }
    if (rc != SQLITE_DONE) {
        snprintf(line, sizeof line, "%s: %s", label, sqlite3_errmsg(db->h));
        cb(ctx, line);
        n++;
    }
    sqlite3_finalize(q);
    return n;
}

/* Checks the store; see db.h. */
tr_status tr_db_check(tr_db *db, void (*cb)(void *, const char *problem), void *ctx,
                      tr_check_counts *c, tr_err *err)
{
    memset(c, 0, sizeof *c);
    c->problems += rows(db, "PRAGMA integrity_check(100)", "integrity", 1, cb, ctx);
    c->problems += rows(db, "SELECT \"table\" || ' row ' || coalesce(rowid, '?') || ' refers to a "
                            "missing ' || parent || ' row' FROM pragma_foreign_key_check",
                        "foreign key", 0, cb, ctx);
    c->checks = 2;
    /* The full-text index: FTS5's own check compares it with the table.
    ** It is a write to the index table, rolled back. */
    if (sqlite3_db_readonly(db->h, "main") == 1) {
        c->skipped_fts = 1;
    } else {
        c->checks++;
        if (sqlite3_exec(db->h, "SAVEPOINT check_fts", NULL, NULL, NULL) != SQLITE_OK)
            return tr_db_fail(db, err, "checking the full-text index");
        if (sqlite3_exec(db->h, "INSERT INTO statements_fts(statements_fts, rank) "
                                "VALUES('integrity-check', 1)",
                         NULL, NULL, NULL) != SQLITE_OK) {
            char line[600];
            snprintf(line, sizeof line, "full-text index: %s (the search index does not match the "
                     "statements)", sqlite3_errmsg(db->h));
            cb(ctx, line);
            c->problems++;
        }
        sqlite3_exec(db->h, "ROLLBACK TO check_fts; RELEASE check_fts", NULL, NULL, NULL);
    }
    for (size_t i = 0; i < sizeof invariants / sizeof invariants[0]; i++) {
        c->problems += rows(db, invariants[i].sql, invariants[i].what, 0, cb, ctx);
        c->checks++;
        c->invariants++;
    }
    return TR_OK;
}

/* Copies the store to dest through SQLite's online backup; see db.h. */
tr_status tr_db_backup(tr_db *db, const char *dest, tr_err *err)
{
    sqlite3 *to;
    if (sqlite3_open_v2(dest, &to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
        tr_errf(err, TR_EIO, "cannot write the backup '%s': %s", dest,
                to ? sqlite3_errmsg(to) : "out of memory");
        sqlite3_close(to);
        return TR_EIO;
    }
    sqlite3_busy_timeout(to, TR_DB_BUSY_MS);
    sqlite3_backup *b = sqlite3_backup_init(to, "main", db->h, "main");
    if (!b) {
        tr_errf(err, TR_EIO, "cannot start the backup: %s", sqlite3_errmsg(to));
        sqlite3_close(to);
        return TR_EIO;
    }
    /* One step copies every page inside one read transaction: a
    ** consistent snapshot, while writers go on in the WAL. */
    int rc = sqlite3_backup_step(b, -1);
    sqlite3_backup_finish(b);
    tr_status st = TR_OK;
    if (rc != SQLITE_DONE) {
        int code = rc & 0xff;
        if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB)
            st = tr_db_fail(db, err, "backing up");
        else
            st = tr_errf(err, TR_EIO, "backing up to '%s': %s", dest, sqlite3_errstr(rc));
    }
    if (sqlite3_close(to) != SQLITE_OK && !st)
        st = tr_errf(err, TR_EIO, "closing the backup '%s'", dest);
    return st;
}
