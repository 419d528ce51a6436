/*
** statements.c: sources and statements: idempotent inserts, one
** person's history, full-text search, counts.
*/
#include "internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "sha256.h"
#include "text.h"

#include <utf8proc.h>

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
        /* A piece of a feed named by its title and date (an export of an
        ** article's statements) is a source of its own; a feed without
        ** them keeps the identity it always had. */
        if (s->title || s->published) {
            tr_sha256_update(&c, "piece", 6);
            tr_sha256_update(&c, s->title ? s->title : "", strlen(s->title ? s->title : "") + 1);
            tr_sha256_update(&c, s->published ? s->published : "", strlen(s->published ? s->published : "") + 1);
        }
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
        .person_kind = tr_db_col_text(q, c + 20),
        .span_start = sqlite3_column_type(q, c + 21) == SQLITE_NULL ? -1 : sqlite3_column_int64(q, c + 21),
        .span_end = sqlite3_column_type(q, c + 22) == SQLITE_NULL ? -1 : sqlite3_column_int64(q, c + 22),
        .title = tr_db_col_text(q, c + 23),
        .published = tr_db_col_text(q, c + 24),
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

/* The WHERE clause of the history queries: the window (a statement
** meeting it starts at most max_span before it, the bound the
** (person_id, date_lo) index needs) and the topic. */
#define HISTORY_WHERE                                                                        \
    "s.date_lo BETWEEN ?4 AND ?3 AND s.date_hi>=?2 AND (?5 IS NULL OR EXISTS ("               \
    "SELECT 1 FROM assertions a WHERE a.statement_id=s.id AND a.topic=?5)) "

/* Binds q's parameters to one history statement. */
static void bind_history(tr_db *db, sqlite3_stmt *st, const tr_history_query *q)
{
    sqlite3_bind_int64(st, 1, q->person_id);
    sqlite3_bind_int64(st, 2, q->from_lo);
    sqlite3_bind_int64(st, 3, q->to_hi);
    sqlite3_bind_int64(st, 4, q->from_lo > INT64_MIN + db->max_span ? q->from_lo - db->max_span
                                                                     : INT64_MIN);
    tr_db_bind_text(st, 5, q->topic);
}

/* Calls cb for each statement the history query q selects; see db.h. */
tr_status tr_db_history_each(tr_db *db, const tr_history_query *q, tr_statement_cb cb, void *ctx,
                             tr_err *err)
{
    static const char *const sql[4] = {
        "SELECT " ROW_COLS " " ROW_FROM "WHERE s.person_id=?1 AND " HISTORY_WHERE
        "ORDER BY s.date_lo, s.id LIMIT ?6",
        "SELECT " ROW_COLS " " ROW_FROM "WHERE s.person_id=?1 AND " HISTORY_WHERE
        "ORDER BY s.date_lo DESC, s.id DESC LIMIT ?6",
        "SELECT " ROW_COLS " " ROW_FROM "WHERE ?1=0 AND " HISTORY_WHERE
        "ORDER BY s.date_lo, s.id LIMIT ?6",
        "SELECT " ROW_COLS " " ROW_FROM "WHERE ?1=0 AND " HISTORY_WHERE
        "ORDER BY s.date_lo DESC, s.id DESC LIMIT ?6"};
    static const int slot[4] = {Q_HISTORY, Q_HISTORY_DESC, Q_TIMELINE, Q_TIMELINE_DESC};
    int k = (q->person_id ? 0 : 2) + (q->reverse ? 1 : 0);
    sqlite3_stmt *st = tr_db_prep(db, slot[k], sql[k], err);
    if (!st)
        return TR_EIO;
    bind_history(db, st, q);
    sqlite3_bind_int64(st, 6, q->limit > 0 ? q->limit : -1);
    return each_row(db, st, 0, cb, ctx, err, "reading the history");
}

/* Counts the statements q selects, its limit aside; see db.h. */
tr_status tr_db_history_count(tr_db *db, const tr_history_query *q, int64_t *n, tr_err *err)
{
    sqlite3_stmt *st = q->person_id
        ? tr_db_prep(db, Q_HISTORY_COUNT, "SELECT count(*) FROM statements s WHERE s.person_id=?1 "
                     "AND " HISTORY_WHERE, err)
        : tr_db_prep(db, Q_TIMELINE_COUNT, "SELECT count(*) FROM statements s WHERE ?1=0 AND "
                     HISTORY_WHERE, err);
    if (!st)
        return TR_EIO;
    bind_history(db, st, q);
    int rc = sqlite3_step(st);
    *n = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_reset(st);
    return rc == SQLITE_ROW ? TR_OK : tr_db_fail(db, err, "counting the history");
}

/* Calls cb for each statement of person id meeting [from_lo, to_hi]. */
tr_status tr_db_history(tr_db *db, int64_t person_id, int64_t from_lo, int64_t to_hi,
                        tr_statement_cb cb, void *ctx, tr_err *err)
{
    tr_history_query q = {.person_id = person_id, .from_lo = from_lo, .to_hi = to_hi};
    return tr_db_history_each(db, &q, cb, ctx, err);
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

/* 1 when code point c is a letter or a digit. */
static int is_alnum(utf8proc_int32_t c)
{
    utf8proc_category_t k = utf8proc_category(c);
    return (k >= UTF8PROC_CATEGORY_LU && k <= UTF8PROC_CATEGORY_LO) ||
           (k >= UTF8PROC_CATEGORY_ND && k <= UTF8PROC_CATEGORY_NO) || k == UTF8PROC_CATEGORY_MN;
}

/* 1 when c joins two parts of one word: an apostrophe or a hyphen. */
static int is_joiner(utf8proc_int32_t c)
{
    return c == '\'' || c == 0x2019 || c == 0x02BC || c == '-' || c == 0x2010 || c == 0x2011;
}

/* Writes the plain query text as an FTS5 query into out: each word (or
** double-quoted phrase) an FTS5 string, all of them required.  0, or -1
** when it holds no word. */
static int plain_to_fts(const char *text, tr_buf *out)
{
    const utf8proc_uint8_t *s = (const utf8proc_uint8_t *)text;
    utf8proc_ssize_t n = (utf8proc_ssize_t)strlen(text), i = 0;
    int in_phrase = 0, words = 0, open = 0; /* open: an FTS5 string is being written */
    while (i < n) {
        utf8proc_int32_t c;
        utf8proc_ssize_t k = utf8proc_iterate(s + i, n - i, &c);
        if (k <= 0)
            return -1;
        if (c == '"' || c == 0x201C || c == 0x201D) {
            if (open)
                tr_buf_puts(out, "\" ");
            open = 0;
            in_phrase = !in_phrase;
            i += k;
            continue;
        }
        if (!is_alnum(c)) {
            if (open && !in_phrase) {
                tr_buf_puts(out, "\" ");
                open = 0;
            }
            i += k;
            continue;
        }
        /* A word: letters and digits, joined by apostrophes and hyphens. */
        utf8proc_ssize_t e = i + k;
        for (;;) {
            utf8proc_int32_t d;
            utf8proc_ssize_t kk = e < n ? utf8proc_iterate(s + e, n - e, &d) : 0;
            if (kk <= 0)
                break;
            if (is_alnum(d)) {
                e += kk;
                continue;
            }
            utf8proc_int32_t d2;
            utf8proc_ssize_t k2 = e + kk < n ? utf8proc_iterate(s + e + kk, n - e - kk, &d2) : 0;
            if (is_joiner(d) && k2 > 0 && is_alnum(d2)) {
                e += kk;
                continue;
            }
            break;
        }
        if (!open)
            tr_buf_puts(out, "\"");
        else
            tr_buf_puts(out, " ");
        open = 1;
        tr_buf_add(out, text + i, (size_t)(e - i));
        words++;
        i = e;
        if (!in_phrase && i < n && s[i] == '*') { /* prefix*: outside the string */
            tr_buf_puts(out, "\"* ");
            open = 0;
            i++;
        }
    }
    if (open)
        tr_buf_puts(out, "\"");
    return words ? 0 : -1;
}

/* Writes the fixed string text as one FTS5 phrase of its words into out
** (the candidates the literal test then confirms); 0, or -1 when it holds
** no word. */
static int fixed_to_fts(const char *text, tr_buf *out)
{
    tr_buf plain;
    tr_buf_init(&plain);
    tr_buf_puts(&plain, "\"");
    for (const char *p = text; *p; p++)
        if (*p != '"')
            tr_buf_add(&plain, p, 1);
    tr_buf_puts(&plain, "\"");
    int rc = plain.oom ? -1 : plain_to_fts(plain.data, out);
    tr_buf_free(&plain);
    return rc;
}

struct fixed_ctx {
    char *needle;        /* the query, folded */
    tr_statement_cb cb;
    void *ctx;
    int limit, n;
};

/* Passes on a candidate whose folded text holds the folded query. */
static int fixed_cb(void *ctx, const tr_statement_row *r)
{
    struct fixed_ctx *f = ctx;
    char *hay = tr_fold_text(r->text);
    int hit = hay && strstr(hay, f->needle);
    free(hay);
    if (!hit)
        return 0;
    if (f->cb(f->ctx, r))
        return 1;
    return ++f->n >= f->limit;
}

/* Full-text search; see db.h. */
tr_status tr_db_search(tr_db *db, const tr_search_query *sq, tr_statement_cb cb, void *ctx,
                       tr_err *err)
{
    size_t qlen = strlen(sq->text);
    tr_buf fts;
    tr_buf_init(&fts);
    int bad = sq->mode == TR_SEARCH_PLAIN   ? plain_to_fts(sq->text, &fts)
              : sq->mode == TR_SEARCH_FIXED ? fixed_to_fts(sq->text, &fts)
                                            : tr_buf_puts(&fts, sq->text);
    if (bad || fts.oom) {
        tr_buf_free(&fts);
        return tr_errf(err, TR_EUSAGE, "nothing to search for in '%.100s%s' (a search needs a "
                       "word: letters or digits)", sq->text, qlen > 100 ? "..." : "");
    }
    static const char *const sql[2] = {
        "SELECT " ROW_COLS ", snippet(statements_fts, 0, ?5, ?6, '…', 48) "
        "FROM statements_fts f JOIN statements s ON s.id=f.rowid "
        "JOIN people p ON p.id=s.person_id LEFT JOIN sources src ON src.id=s.source_id "
        "WHERE statements_fts MATCH ?1 AND (?2=0 OR s.person_id=?2) "
        "AND s.date_lo<=?4 AND s.date_hi>=?3 "
        "ORDER BY f.rank, s.date_lo, s.id LIMIT ?7",
        "SELECT " ROW_COLS ", snippet(statements_fts, 0, ?5, ?6, '…', 48) "
        "FROM statements_fts f JOIN statements s ON s.id=f.rowid "
        "JOIN people p ON p.id=s.person_id LEFT JOIN sources src ON src.id=s.source_id "
        "WHERE statements_fts MATCH ?1 AND (?2=0 OR s.person_id=?2) "
        "AND s.date_lo<=?4 AND s.date_hi>=?3 "
        "ORDER BY s.date_lo, s.id LIMIT ?7"};
    sqlite3_stmt *q = tr_db_prep(db, sq->by_date ? Q_SEARCH_DATE : Q_SEARCH, sql[sq->by_date ? 1 : 0], err);
    if (!q) {
        tr_buf_free(&fts);
        return TR_EIO;
    }
    struct fixed_ctx fc = {.cb = cb, .ctx = ctx, .limit = sq->limit};
    if (sq->mode == TR_SEARCH_FIXED && !(fc.needle = tr_fold_text(sq->text))) {
        tr_buf_free(&fts);
        return tr_errf(err, TR_ESOFTWARE, "out of memory");
    }
    sqlite3_bind_text(q, 1, fts.data, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 2, sq->person_id);
    sqlite3_bind_int64(q, 3, sq->from_lo);
    sqlite3_bind_int64(q, 4, sq->to_hi);
    sqlite3_bind_text(q, 5, sq->open, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 6, sq->close, -1, SQLITE_STATIC);
    /* A fixed string reads every candidate: the literal test, not the
    ** index, decides, and the limit counts what passes it. */
    sqlite3_bind_int(q, 7, sq->mode == TR_SEARCH_FIXED ? -1 : sq->limit);
    tr_status st = sq->mode == TR_SEARCH_FIXED ? each_row(db, q, 1, fixed_cb, &fc, err, "searching")
                                               : each_row(db, q, 1, cb, ctx, err, "searching");
    free(fc.needle);
    tr_buf_free(&fts);
    if (st && (strstr(err->msg, "fts5: syntax error") || strstr(err->msg, "no such column") ||
               strstr(err->msg, "unknown special query") || strstr(err->msg, "unterminated string") ||
               strstr(err->msg, "parser stack overflow"))) {
        char why[200];
        const char *m = sqlite3_errmsg(db->h);
        if (strstr(m, "parser stack overflow"))
            m = "parentheses nested too deeply";
        snprintf(why, sizeof why, "%s", strncmp(m, "fts5: ", 6) ? m : m + 6);
        return tr_errf(err, TR_EUSAGE,
                       "bad --fts query '%.100s%s': %s (quote words with special characters, "
                       "e.g. '\"U.S.\"'; operators are AND, OR, NOT, NEAR and prefix*; without "
                       "--fts, a search reads plain words)",
                       sq->text, qlen > 100 ? "..." : "", why);
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
