/*
** statements.c: sources and statements: idempotent inserts, one
** person's history, full-text search, counts.
*/
#include "internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "sha256.h"

/* Returns in *id the source with s's identity, creating it when new. */
tr_status tr_db_source_ensure(tr_db *db, const tr_source_in *s, int64_t *id, tr_err *err)
{
    unsigned char key[32];
    char hex[65] = "";
    tr_sha256_ctx c;
    tr_sha256_init(&c);
    if (s->raw) {
        tr_sha256(s->raw, s->rawlen, key);
        tr_hex(key, 32, hex);
        tr_sha256_update(&c, "raw", 4);
        tr_sha256_update(&c, key, 32);
    } else {
        tr_sha256_update(&c, "feed", 5);
        tr_sha256_update(&c, s->publisher ? s->publisher : "", strlen(s->publisher ? s->publisher : "") + 1);
        tr_sha256_update(&c, s->url ? s->url : "", strlen(s->url ? s->url : "") + 1);
    }
    tr_sha256_final(&c, key);
    sqlite3_stmt *q = tr_db_prep(db, Q_SOURCE_FIND, "SELECT id FROM sources WHERE key=?1", err);
    if (!q)
        return TR_EIO;
    sqlite3_bind_blob(q, 1, key, 16, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    *id = rc == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
    sqlite3_reset(q);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return tr_db_fail(db, err, "looking up a source");
    if (*id)
        return TR_OK;
    tr_date pub;
    int has_pub = s->published && tr_date_parse(s->published, NULL, &pub, NULL) == TR_OK;
    q = tr_db_prep(db, Q_SOURCE_INSERT,
                   "INSERT INTO sources(key, publisher, title, url, published, published_lo, "
                   "published_hi, content_hash, raw, created_at) "
                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)", err);
    if (!q)
        return TR_EIO;
    sqlite3_bind_blob(q, 1, key, 16, SQLITE_STATIC);
    tr_db_bind_text(q, 2, s->publisher);
    tr_db_bind_text(q, 3, s->title);
    tr_db_bind_text(q, 4, s->url);
    tr_db_bind_text(q, 5, s->published);
    if (has_pub) {
        sqlite3_bind_int64(q, 6, pub.lo);
        sqlite3_bind_int64(q, 7, pub.hi);
    }
    tr_db_bind_text(q, 8, hex[0] ? hex : NULL);
    if (s->raw)
        sqlite3_bind_text64(q, 9, s->raw, s->rawlen, SQLITE_STATIC, SQLITE_UTF8);
    sqlite3_bind_int64(q, 10, db->now);
    rc = sqlite3_step(q);
    sqlite3_reset(q);
    if (rc != SQLITE_DONE)
        return tr_db_fail(db, err, "adding a source");
    *id = sqlite3_last_insert_rowid(db->h);
    return TR_OK;
}

/* Computes a statement's identity: the feed's id within its source when
** given, else the person, the date interval and the text. */
static void identity(const tr_statement_in *s, unsigned char out[32])
{
    char head[96];
    tr_sha256_ctx c;
    tr_sha256_init(&c);
    if (s->ext_id && *s->ext_id) {
        snprintf(head, sizeof head, "id\x1f%" PRId64 "\x1f", s->source_id);
        tr_sha256_update(&c, head, strlen(head));
        tr_sha256_update(&c, s->ext_id, strlen(s->ext_id));
    } else {
        snprintf(head, sizeof head, "c\x1f%" PRId64 "\x1f%" PRId64 "\x1f%" PRId64 "\x1f",
                 s->person_id, s->date.lo, s->date.hi);
        tr_sha256_update(&c, head, strlen(head));
        tr_sha256_update(&c, s->text, strlen(s->text));
    }
    tr_sha256_final(&c, out);
}

/* Inserts s unless already stored; see db.h. */
tr_status tr_db_statement_insert(tr_db *db, const tr_statement_in *s, int *inserted, int64_t *id,
                                 tr_err *err)
{
    unsigned char hash[32];
    identity(s, hash);
    sqlite3_stmt *q = tr_db_prep(
        db, Q_STMT_INSERT,
        "INSERT INTO statements(hash, ext_id, person_id, source_id, text, mode, date_text, "
        "date_lo, date_hi, date_prec, side, role, url, span_start, span_end, cue, date_expr, "
        "ingested_at, context, spans) "
        "VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20) "
        "ON CONFLICT(hash) DO NOTHING",
        err);
    if (!q)
        return TR_EIO;
    sqlite3_bind_blob(q, 1, hash, 16, SQLITE_STATIC);
    tr_db_bind_text(q, 2, s->ext_id);
    sqlite3_bind_int64(q, 3, s->person_id);
    if (s->source_id)
        sqlite3_bind_int64(q, 4, s->source_id);
    sqlite3_bind_text(q, 5, s->text, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 6, s->mode ? s->mode : "direct", -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 7, s->date_text, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 8, s->date.lo);
    sqlite3_bind_int64(q, 9, s->date.hi);
    sqlite3_bind_text(q, 10, tr_prec_name(s->date.prec), -1, SQLITE_STATIC);
    tr_db_bind_text(q, 11, s->side);
    tr_db_bind_text(q, 12, s->role);
    tr_db_bind_text(q, 13, s->url);
    if (s->span_start >= 0 && s->span_end >= s->span_start) {
        sqlite3_bind_int64(q, 14, s->span_start);
        sqlite3_bind_int64(q, 15, s->span_end);
    }
    tr_db_bind_text(q, 16, s->cue);
    tr_db_bind_text(q, 17, s->date_expr);
    sqlite3_bind_int64(q, 18, db->now);
    tr_db_bind_text(q, 19, s->context);
    tr_db_bind_text(q, 20, s->spans);
    int rc = sqlite3_step(q);
    sqlite3_reset(q);
    if (rc != SQLITE_DONE)
        return tr_db_fail(db, err, "storing a statement");
    *inserted = sqlite3_changes(db->h) > 0;
    int64_t row = *inserted ? sqlite3_last_insert_rowid(db->h) : 0;
    if (id)
        *id = row;
    if (row && !db->fts_from)
        db->fts_from = row;
    if (row && s->date.hi - s->date.lo > db->max_span) {
        db->max_span = s->date.hi - s->date.lo;
        db->span_dirty = 1;
    }
    /* Outside a transaction there is no commit to index at: do it now. */
    return sqlite3_get_autocommit(db->h) ? tr_db_flush_pending(db, err) : TR_OK;
}

/* Indexes the statements inserted in this transaction (ids only grow, so
** they are those from the first one on) and records a grown max_span. */
tr_status tr_db_flush_pending(tr_db *db, tr_err *err)
{
    if (db->fts_from) {
        sqlite3_stmt *q = tr_db_prep(db, Q_FTS_FILL,
                                     "INSERT INTO statements_fts(rowid, text) "
                                     "SELECT id, text FROM statements WHERE id>=?1", err);
        if (!q)
            return TR_EIO;
        sqlite3_bind_int64(q, 1, db->fts_from);
        int rc = sqlite3_step(q);
        sqlite3_reset(q);
        if (rc != SQLITE_DONE)
            return tr_db_fail(db, err, "indexing the new statements");
        db->fts_from = 0;
    }
    if (db->span_dirty) {
        sqlite3_stmt *q = tr_db_prep(db, Q_META_SPAN_SET,
                                     "INSERT INTO meta(key, value) VALUES ('max_span', ?1) "
                                     "ON CONFLICT(key) DO UPDATE SET value=max(value, ?1)", err);
        if (!q)
            return TR_EIO;
        sqlite3_bind_int64(q, 1, db->max_span);
        int rc = sqlite3_step(q);
        sqlite3_reset(q);
        if (rc != SQLITE_DONE)
            return tr_db_fail(db, err, "recording the widest date");
        db->span_dirty = 0;
    }
    return TR_OK;
}

/* Reads meta's max_span into db->max_span. */
tr_status tr_db_load_meta(tr_db *db, tr_err *err)
{
    sqlite3_stmt *q = tr_db_prep(db, Q_META_SPAN_GET,
                                 "SELECT value FROM meta WHERE key='max_span'", err);
    if (!q)
        return TR_EIO;
    int rc = sqlite3_step(q);
    db->max_span = rc == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
    sqlite3_reset(q);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? TR_OK : tr_db_fail(db, err, "reading meta");
}

/* Reads the ROW_COLS columns of q, starting at column c, into r (strings
** borrowed from q until its next step). */
void tr_db_row_statement(sqlite3_stmt *q, int c, tr_statement_row *r)
{
    *r = (tr_statement_row){
        .id = sqlite3_column_int64(q, c + 0),
        .person_id = sqlite3_column_int64(q, c + 1),
        .speaker = tr_db_col_text(q, c + 2),
        .person_side = tr_db_col_text(q, c + 3),
        .text = tr_db_col_text(q, c + 4),
        .mode = tr_db_col_text(q, c + 5),
        .date_text = tr_db_col_text(q, c + 6),
        .date_lo = sqlite3_column_int64(q, c + 7),
        .date_hi = sqlite3_column_int64(q, c + 8),
        .date_prec = tr_db_col_text(q, c + 9),
        .side = tr_db_col_text(q, c + 10),
        .role = tr_db_col_text(q, c + 11),
        .url = tr_db_col_text(q, c + 12),
        .cue = tr_db_col_text(q, c + 13),
        .date_expr = tr_db_col_text(q, c + 14),
        .source = tr_db_col_text(q, c + 15),
        .source_url = tr_db_col_text(q, c + 16),
        .ext_id = tr_db_col_text(q, c + 17),
        .context = tr_db_col_text(q, c + 18),
        .spans = tr_db_col_text(q, c + 19),
    };
}

/* Steps q, calling cb with each row read through ROW_COLS (and, when
** snippet is set, a snippet in the column after them). */
static tr_status each_row(tr_db *db, sqlite3_stmt *q, int snippet, tr_statement_cb cb, void *ctx,
                          tr_err *err, const char *doing)
{
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        tr_statement_row r;
        tr_db_row_statement(q, 0, &r);
        r.snippet = snippet ? tr_db_col_text(q, ROW_NCOLS) : NULL;
        if (cb(ctx, &r)) {
            rc = SQLITE_DONE;
            break;
        }
    }
    tr_status st = TR_OK;
    if (rc != SQLITE_DONE)
        st = tr_db_fail(db, err, doing);
    sqlite3_reset(q);
    return st;
}

/* Calls cb for each statement of person id meeting [from_lo, to_hi]. */
tr_status tr_db_history(tr_db *db, int64_t person_id, int64_t from_lo, int64_t to_hi,
                        tr_statement_cb cb, void *ctx, tr_err *err)
{
    sqlite3_stmt *q = tr_db_prep(db, Q_HISTORY,
                                 "SELECT " ROW_COLS " " ROW_FROM
                                 "WHERE s.person_id=?1 AND s.date_lo BETWEEN ?4 AND ?3 "
                                 "AND s.date_hi>=?2 ORDER BY s.date_lo, s.id", err);
    if (!q)
        return TR_EIO;
    sqlite3_bind_int64(q, 1, person_id);
    sqlite3_bind_int64(q, 2, from_lo);
    sqlite3_bind_int64(q, 3, to_hi);
    /* A statement meeting the window starts at most max_span before it. */
    sqlite3_bind_int64(q, 4, from_lo > INT64_MIN + db->max_span ? from_lo - db->max_span : INT64_MIN);
    return each_row(db, q, 0, cb, ctx, err, "reading the history");
}

/* Calls cb once with statement id. */
tr_status tr_db_statement_get(tr_db *db, int64_t id, tr_statement_cb cb, void *ctx, tr_err *err)
{
    sqlite3_stmt *q = tr_db_prep(db, Q_STMT_GET, "SELECT " ROW_COLS " " ROW_FROM "WHERE s.id=?1", err);
    if (!q)
        return TR_EIO;
    sqlite3_bind_int64(q, 1, id);
    return each_row(db, q, 0, cb, ctx, err, "reading a statement");
}

/* Full-text search; see db.h. */
tr_status tr_db_search(tr_db *db, const char *query, int64_t person_id, int64_t from_lo,
                       int64_t to_hi, int limit, const char *open, const char *close,
                       tr_statement_cb cb, void *ctx, tr_err *err)
{
    sqlite3_stmt *q = tr_db_prep(
        db, Q_SEARCH,
        "SELECT " ROW_COLS ", snippet(statements_fts, 0, ?5, ?6, '…', 48) "
        "FROM statements_fts f JOIN statements s ON s.id=f.rowid "
        "JOIN people p ON p.id=s.person_id LEFT JOIN sources src ON src.id=s.source_id "
        "WHERE statements_fts MATCH ?1 AND (?2=0 OR s.person_id=?2) "
        "AND s.date_lo<=?4 AND s.date_hi>=?3 "
        "ORDER BY f.rank, s.date_lo, s.id LIMIT ?7", err);
    if (!q)
        return TR_EIO;
    sqlite3_bind_text(q, 1, query, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 2, person_id);
    sqlite3_bind_int64(q, 3, from_lo);
    sqlite3_bind_int64(q, 4, to_hi);
    sqlite3_bind_text(q, 5, open, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 6, close, -1, SQLITE_STATIC);
    sqlite3_bind_int(q, 7, limit);
    tr_status st = each_row(db, q, 1, cb, ctx, err, "searching");
    if (st && (strstr(err->msg, "fts5: syntax error") || strstr(err->msg, "no such column") ||
               strstr(err->msg, "unknown special query") || strstr(err->msg, "unterminated string") ||
               strstr(err->msg, "parser stack overflow"))) {
        char why[200];
        const char *m = sqlite3_errmsg(db->h);
        if (strstr(m, "parser stack overflow"))
            m = "parentheses nested too deeply";
        snprintf(why, sizeof why, "%s", strncmp(m, "fts5: ", 6) ? m : m + 6);
        size_t qlen = strlen(query);
        return tr_errf(err, TR_EUSAGE,
                       "bad search query '%.100s%s': %s (quote words with special characters, "
                       "e.g. '\"U.S.\"'; operators are AND, OR, NOT, NEAR and prefix*)",
                       query, qlen > 100 ? "..." : "", why);
    }
    return st;
}

/* Counts people and statements. */
tr_status tr_db_counts(tr_db *db, int64_t *people, int64_t *statements, tr_err *err)
{
    sqlite3_stmt *q = tr_db_prep(db, Q_COUNTS,
                                 "SELECT (SELECT count(*) FROM people), (SELECT count(*) FROM statements)",
                                 err);
    if (!q)
        return TR_EIO;
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        *people = sqlite3_column_int64(q, 0);
        *statements = sqlite3_column_int64(q, 1);
    }
    sqlite3_reset(q);
    return rc == SQLITE_ROW ? TR_OK : tr_db_fail(db, err, "counting");
}
