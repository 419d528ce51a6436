/*
** reports.c: one statement, many reports.  Adding a report (idempotent,
** linking it to the statement it repeats), a statement's date from its
** reports, links made and undone by hand with their audit trail, and the
** suggested links of reported speech.  See db.h for the rules.
*/
#include "internal.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "norm.h"
#include "sha256.h"
#include "text.h"

/* How long after a statement a source may still carry it as news: a
** quote dated later than this after the statement is another occasion. */
#define LINK_MAX_LAG (31 * 86400)
/* The most full-text candidates a quote is compared with. */
#define LINK_MAX_CANDIDATES 200
/* How many three-word groups of a quote the candidate query names. */
#define LINK_MAX_GROUPS 16
/* A paraphrase is suggested when this share of its words (of 4 bytes or
** more) is the statement's, and at least SUGGEST_MIN_SHARED of them. */
#define SUGGEST_MIN_SCORE 0.6
#define SUGGEST_MIN_SHARED 4

/* Steps q once (an INSERT, UPDATE or DELETE) and resets it. */
static tr_status run(tr_db *db, sqlite3_stmt *q, tr_err *err, const char *doing)
{
    int rc = sqlite3_step(q);
    sqlite3_reset(q);
    return rc == SQLITE_DONE ? TR_OK : tr_db_fail(db, err, doing);
}

/* Steps q expecting at most one row; *found 1 when there was one (q is
** then left on it for the caller to read and reset). */
static tr_status step_one(tr_db *db, sqlite3_stmt *q, int *found, tr_err *err, const char *doing)
{
    int rc = sqlite3_step(q);
    *found = rc == SQLITE_ROW;
    if (rc == SQLITE_ROW)
        return TR_OK;
    sqlite3_reset(q);
    return rc == SQLITE_DONE ? TR_OK : tr_db_fail(db, err, doing);
}

/* Steps q (selecting one id) and resets it: *id that id, 0 when no row. */
static tr_status first_id(tr_db *db, sqlite3_stmt *q, int64_t *id, tr_err *err, const char *doing)
{
    int found;
    tr_status st = step_one(db, q, &found, err, doing);
    *id = 0;
    if (!st && found) {
        *id = sqlite3_column_int64(q, 0);
        sqlite3_reset(q);
    }
    return st;
}

/* Binds 0-for-none source id i as SQL's NULL-or-id. */
static void bind_source(sqlite3_stmt *q, int i, int64_t source)
{
    if (source)
        sqlite3_bind_int64(q, i, source);
    else
        sqlite3_bind_null(q, i);
}

/* Writes report s of statement stmt (hash its identity, how it joined);
** *id the report's id.  A new widest date is noted for meta. */
static tr_status report_insert(tr_db *db, const tr_statement_in *s, const unsigned char *hash,
                               int64_t stmt, const char *how, int64_t *id, tr_err *err)
{
    sqlite3_stmt *q = tr_db_prep(
        db, Q_REP_INSERT,
        "INSERT INTO reports(statement_id, hash, source_id, publisher, ext_id, text, mode, date_text, "
        "date_lo, date_hi, date_prec, url, span_start, span_end, cue, date_expr, context, spans, "
        "how, ingested_at) VALUES (?1,?2,?3,(SELECT publisher FROM sources WHERE id=?3),?4,?5,?6,"
        "?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19)", err);
    if (!q)
        return TR_EIO;
    sqlite3_bind_int64(q, 1, stmt);
    sqlite3_bind_blob(q, 2, hash, 16, SQLITE_STATIC);
    bind_source(q, 3, s->source_id);
    tr_db_bind_text(q, 4, s->ext_id);
    sqlite3_bind_text(q, 5, s->text, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 6, s->mode ? s->mode : "direct", -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 7, s->date_text, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 8, s->date.lo);
    sqlite3_bind_int64(q, 9, s->date.hi);
    sqlite3_bind_text(q, 10, tr_prec_name(s->date.prec), -1, SQLITE_STATIC);
    tr_db_bind_text(q, 11, s->url);
    if (s->span_start >= 0 && s->span_end >= s->span_start) {
        sqlite3_bind_int64(q, 12, s->span_start);
        sqlite3_bind_int64(q, 13, s->span_end);
    }
    tr_db_bind_text(q, 14, s->cue);
    tr_db_bind_text(q, 15, s->date_expr);
    tr_db_bind_text(q, 16, s->context);
    tr_db_bind_text(q, 17, s->spans);
    sqlite3_bind_text(q, 18, how, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 19, db->now);
    tr_status st = run(db, q, err, "storing a report");
    if (st)
        return st;
    *id = sqlite3_last_insert_rowid(db->h);
    if (s->date.hi - s->date.lo > db->max_span) {
        db->max_span = s->date.hi - s->date.lo;
        db->span_dirty = 1;
    }
    return TR_OK;
}

/* Records a link event (actor, how and reason may be NULL). */
static tr_status add_event(tr_db *db, int64_t stmt, int64_t report, int64_t other, const char *actor,
                           const char *action, const char *how, const char *reason, tr_err *err)
{
    sqlite3_stmt *q = tr_db_prep(db, Q_REP_EVENT,
                                 "INSERT INTO statement_events(statement_id, report_id, other_id, at, "
                                 "actor, action, how, reason) VALUES (?1,?2,?3,?4,?5,?6,?7,?8)", err);
    if (!q)
        return TR_EIO;
    sqlite3_bind_int64(q, 1, stmt);
    if (report)
        sqlite3_bind_int64(q, 2, report);
    if (other)
        sqlite3_bind_int64(q, 3, other);
    sqlite3_bind_int64(q, 4, db->now);
    tr_db_bind_text(q, 5, actor);
    sqlite3_bind_text(q, 6, action, -1, SQLITE_STATIC);
    tr_db_bind_text(q, 7, how);
    tr_db_bind_text(q, 8, reason);
    return run(db, q, err, "recording a link");
}

/* Gives the assertions of statement id its date and new ids, so that the
** next scan takes them as new and recomputes their findings.  One UPDATE
** moves them all above the largest id (the subquery is uncorrelated:
** every new id is above every old one, in their old order). */
static tr_status renew_assertions(tr_db *db, int64_t id, tr_err *err)
{
    sqlite3_stmt *u = tr_db_prep(db, Q_REP_ASSERT_MOVE,
                                 "UPDATE assertions SET id=id+(SELECT max(id) FROM assertions), "
                                 "date_lo=(SELECT date_lo FROM statements WHERE id=?1), "
                                 "date_hi=(SELECT date_hi FROM statements WHERE id=?1) "
                                 "WHERE statement_id=?1", err);
    if (!u)
        return TR_EIO;
    sqlite3_bind_int64(u, 1, id);
    return run(db, u, err, "redating a statement's assertions");
}

/* Recomputes statement id's date and report count from its reports: the
** intersection of their intervals when they meet (the date text of the
** report that is that intersection, else the interval written out), else
** the most precise report's with date_conflict set. */
static tr_status restate(tr_db *db, int64_t id, tr_err *err)
{
    sqlite3_stmt *q = tr_db_prep(db, Q_REP_DATES,
                                 "SELECT r.date_text, r.date_lo, r.date_hi, r.date_prec, s.date_lo, "
                                 "s.date_hi FROM reports r JOIN statements s ON s.id=r.statement_id "
                                 "WHERE r.statement_id=?1 ORDER BY r.id", err);
    if (!q)
        return TR_EIO;
    sqlite3_bind_int64(q, 1, id);
    int64_t lo = INT64_MIN, hi = INT64_MAX, n = 0;
    int64_t best_lo = 0, best_hi = 0, was_lo = 0, was_hi = 0;
    char best_text[128] = "", exact_text[128] = "", best_prec[16] = "", exact_prec[16] = "";
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        int64_t a = sqlite3_column_int64(q, 1), b = sqlite3_column_int64(q, 2);
        const char *text = tr_db_col_text(q, 0), *prec = tr_db_col_text(q, 3);
        was_lo = sqlite3_column_int64(q, 4);
        was_hi = sqlite3_column_int64(q, 5);
        if (a > lo)
            lo = a;
        if (b < hi)
            hi = b;
        if (!n || b - a < best_hi - best_lo) {
            best_lo = a;
            best_hi = b;
            snprintf(best_text, sizeof best_text, "%s", text);
            snprintf(best_prec, sizeof best_prec, "%s", prec);
        }
        n++;
    }
    sqlite3_reset(q);
    if (rc != SQLITE_DONE)
        return tr_db_fail(db, err, "reading a statement's reports");
    if (!n)
        return TR_OK;
    int conflict = lo > hi;
    const char *text = best_text, *prec = best_prec;
    if (conflict) {
        lo = best_lo;
        hi = best_hi;
    } else if (lo != best_lo || hi != best_hi) { /* no report is the intersection itself */
        tr_date d = {lo, hi, TR_PREC_INTERVAL};
        tr_date_format(&d, exact_text, sizeof exact_text);
        snprintf(exact_prec, sizeof exact_prec, "%s", tr_prec_name(TR_PREC_INTERVAL));
        text = exact_text;
        prec = exact_prec;
    }
    sqlite3_stmt *u = tr_db_prep(db, Q_REP_RESTATE,
                                 "UPDATE statements SET date_text=?2, date_lo=?3, date_hi=?4, "
                                 "date_prec=?5, date_conflict=?6, nreports=?7 WHERE id=?1", err);
    if (!u)
        return TR_EIO;
    sqlite3_bind_int64(u, 1, id);
    sqlite3_bind_text(u, 2, text, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(u, 3, lo);
    sqlite3_bind_int64(u, 4, hi);
    sqlite3_bind_text(u, 5, prec, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(u, 6, conflict);
    sqlite3_bind_int64(u, 7, n);
    tr_status st = run(db, u, err, "redating a statement");
    if (st)
        return st;
    return lo != was_lo || hi != was_hi ? renew_assertions(db, id, err) : TR_OK;
}

/* ---- finding the statement a report repeats ---------------------------- */

static tr_status merge(tr_db *db, int64_t a, int64_t b, const char *how, const char *by,
                       const char *reason, tr_err *err);

/* Runs the span query sql (in slot) for s: its parameters s's source,
** span start and end, person and mode; *stmt the statement it selects,
** else 0 (and 0 for a report with no source or no span). */
static tr_status by_span(tr_db *db, const tr_statement_in *s, int slot, const char *sql,
                         const char *doing, int64_t *stmt, tr_err *err)
{
    *stmt = 0;
    if (!s->source_id || s->span_start < 0)
        return TR_OK;
    sqlite3_stmt *q = tr_db_prep(db, slot, sql, err);
    if (!q)
        return TR_EIO;
    sqlite3_bind_int64(q, 1, s->source_id);
    sqlite3_bind_int64(q, 2, s->span_start);
    sqlite3_bind_int64(q, 3, s->span_end);
    sqlite3_bind_int64(q, 4, s->person_id);
    sqlite3_bind_text(q, 5, s->mode ? s->mode : "direct", -1, SQLITE_STATIC);
    return first_id(db, q, stmt, err, doing);
}

/* The report of s's source and person whose span holds s's (a sentence of
** a quotation that grew to hold it): *stmt its statement, else 0. */
static tr_status find_covering(tr_db *db, const tr_statement_in *s, int64_t *stmt, tr_err *err)
{
    return by_span(db, s, Q_REP_COVER,
                   "SELECT r.statement_id FROM reports r JOIN statements s ON s.id=r.statement_id "
                   "WHERE r.source_id=?1 AND r.span_start<=?2 AND r.span_end>=?3 AND s.person_id=?4 "
                   "AND r.mode='direct' AND ?5='direct' LIMIT 1",
                   "looking up a report", stmt, err);
}

/* The statement of the report at s's span in another copy of s's article
** (another source with the same text), by the same person in the same
** mode: *stmt, else 0. */
static tr_status find_copy(tr_db *db, const tr_statement_in *s, int64_t *stmt, tr_err *err)
{
    return by_span(db, s, Q_REP_COPY,
                   "SELECT r.statement_id FROM sources me JOIN sources o ON "
                   "o.content_hash=me.content_hash AND o.id<>me.id JOIN reports r ON r.source_id=o.id "
                   "JOIN statements s ON s.id=r.statement_id WHERE me.id=?1 AND me.content_hash IS "
                   "NOT NULL AND r.span_start=?2 AND r.span_end=?3 AND s.person_id=?4 AND r.mode=?5 "
                   "AND NOT EXISTS (SELECT 1 FROM reports x WHERE x.statement_id=r.statement_id AND "
                   "x.source_id=?1) ORDER BY r.id LIMIT 1",
                   "looking for another copy of the article", stmt, err);
}

/* 1 when the n bytes of p are white space only. */
static int blank(const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!strchr(" \t\r\n", p[i]))
            return 0;
    return 1;
}

/* The spans of a report as JSON, [[start,end],...]: its own, or its one
** span written out; into b. */
static void spans_of(tr_buf *b, const char *spans, int64_t start, int64_t end)
{
    if (spans && spans[0] == '[' && spans[1] == '[')
        tr_buf_puts(b, spans);
    else
        tr_buf_printf(b, "[[%" PRId64 ",%" PRId64 "]]", start, end);
}

/* Grows the linked quotation before s in its source to hold s, when s is
** its next sentence (see db.h: part); *stmt the statement, else 0. */
static tr_status extend_part(tr_db *db, const tr_statement_in *s, int64_t *stmt, int64_t *report,
                             tr_err *err)
{
    *stmt = 0;
    if (!s->source_id || s->span_start < 0 || !s->context)
        return TR_OK;
    sqlite3_stmt *q = tr_db_prep(
        db, Q_REP_PART,
        "SELECT r.id, r.statement_id, r.span_start, r.span_end, r.spans, s.text, "
        "substr(CAST(src.raw AS BLOB), r.span_start + 1, ?3 - r.span_start) "
        "FROM reports r JOIN statements s ON s.id=r.statement_id JOIN sources src ON src.id=r.source_id "
        "WHERE r.source_id=?1 AND s.person_id=?2 AND r.mode='direct' AND r.span_end<=?4 AND "
        "r.context=?5 AND s.nreports>1 AND src.raw IS NOT NULL ORDER BY r.span_end DESC LIMIT 1", err);
    if (!q)
        return TR_EIO;
    sqlite3_bind_int64(q, 1, s->source_id);
    sqlite3_bind_int64(q, 2, s->person_id);
    sqlite3_bind_int64(q, 3, s->span_end);
    sqlite3_bind_int64(q, 4, s->span_start);
    sqlite3_bind_text(q, 5, s->context, -1, SQLITE_STATIC);
    int found;
    tr_status st = step_one(db, q, &found, err, "looking for the start of a quotation");
    if (st || !found)
        return st;
    int64_t rid = sqlite3_column_int64(q, 0), sid = sqlite3_column_int64(q, 1);
    int64_t a = sqlite3_column_int64(q, 2), b = sqlite3_column_int64(q, 3);
    const unsigned char *raw = sqlite3_column_blob(q, 6);
    size_t nraw = (size_t)sqlite3_column_bytes(q, 6);
    char *whole = NULL, *stext = NULL;
    tr_buf spans = {0};
    if (raw && nraw == (size_t)(s->span_end - a) && blank(raw + (b - a), (size_t)(s->span_start - b))) {
        whole = malloc(nraw + 1);
        stext = tr_db_col_text(q, 5) ? strdup(tr_db_col_text(q, 5)) : NULL;
        if (whole) {
            memcpy(whole, raw, nraw);
            whole[nraw] = '\0';
        }
        tr_buf_init(&spans);
        spans_of(&spans, tr_db_col_text(q, 4), a, b);
        if (spans.len)
            spans.len--; /* the closing ']' */
        tr_buf_puts(&spans, ",");
        tr_buf b2 = {0};
        spans_of(&b2, s->spans, s->span_start, s->span_end);
        tr_buf_add(&spans, b2.data + 1, b2.len - 1);
        tr_buf_free(&b2);
    }
    sqlite3_reset(q);
    int holds = 0;
    if (whole && stext && !spans.oom)
        tr_quote_links(stext, whole, &holds);
    if (holds) { /* the statement's words hold the quotation grown */
        char *a_norm = tr_quote_norm(stext, NULL), *w_norm = tr_quote_norm(whole, NULL);
        holds = a_norm && w_norm && tr_quote_holds(a_norm, w_norm);
        free(a_norm);
        free(w_norm);
    }
    if (holds) {
        sqlite3_stmt *u = tr_db_prep(db, Q_REP_EXTEND,
                                     "UPDATE reports SET text=?2, span_end=?3, spans=?4 WHERE id=?1", err);
        if (!u)
            st = TR_EIO;
        else {
            sqlite3_bind_int64(u, 1, rid);
            sqlite3_bind_text(u, 2, whole, -1, SQLITE_STATIC);
            sqlite3_bind_int64(u, 3, s->span_end);
            sqlite3_bind_text(u, 4, spans.data, -1, SQLITE_STATIC);
            st = run(db, u, err, "growing a report");
        }
        if (!st) {
            *stmt = sid;
            *report = rid;
        }
    }
    free(whole);
    free(stext);
    tr_buf_free(&spans);
    return st;
}

/* After an article's statement joined statement stmt: the next sentences
** of its quotation, each a statement of one report so far, join it too
** when the statement's words hold the quotation grown (see db.h: part). */
static tr_status absorb_parts(tr_db *db, int64_t stmt, tr_err *err)
{
    for (;;) {
        sqlite3_stmt *q = tr_db_prep(
            db, Q_REP_ABSORB,
            "SELECT n.id, n.statement_id, n.span_start, n.span_end, n.spans, n.context, s.person_id, "
            "n.source_id FROM reports r JOIN reports n ON n.source_id=r.source_id AND "
            "n.context=r.context AND n.span_start>=r.span_end AND n.mode='direct' JOIN statements s "
            "ON s.id=n.statement_id WHERE r.statement_id=?1 AND r.mode='direct' AND "
            "n.statement_id<>?1 AND s.nreports=1 AND s.person_id=(SELECT person_id FROM statements "
            "WHERE id=?1) ORDER BY n.span_start LIMIT 1", err);
        if (!q)
            return TR_EIO;
        sqlite3_bind_int64(q, 1, stmt);
        int found;
        tr_status st = step_one(db, q, &found, err, "looking for the rest of a quotation");
        if (st || !found)
            return st;
        int64_t rid = sqlite3_column_int64(q, 0), other = sqlite3_column_int64(q, 1);
        char *spans = tr_db_col_text(q, 4) ? strdup(tr_db_col_text(q, 4)) : NULL;
        char *context = strdup(tr_db_col_text(q, 5));
        tr_statement_in n = {.person_id = sqlite3_column_int64(q, 6),
                             .source_id = sqlite3_column_int64(q, 7), .mode = "direct",
                             .span_start = sqlite3_column_int64(q, 2),
                             .span_end = sqlite3_column_int64(q, 3), .spans = spans,
                             .context = context};
        sqlite3_reset(q);
        int64_t into = 0, grown = 0;
        if (!context)
            st = tr_errf(err, TR_ESOFTWARE, "out of memory");
        else
            st = extend_part(db, &n, &into, &grown, err);
        free(spans);
        free(context);
        if (st || into != stmt)
            return st;
        /* its words are in the grown report now: the statement goes, and its report */
        q = tr_db_prep(db, Q_REP_DELETE, "DELETE FROM reports WHERE id=?1", err);
        if (!q)
            return TR_EIO;
        sqlite3_bind_int64(q, 1, rid);
        if ((st = merge(db, stmt, other, "part", NULL, NULL, err)) != TR_OK ||
            (st = run(db, q, err, "removing a report grown into another")) != TR_OK ||
            (st = restate(db, stmt, err)) != TR_OK)
            return st;
    }
}

/* Writes into q a full-text query of normal form nw.  holds 1: the
** statements that hold all of its words (AND: the index skips to the
** rarest word's rows, so the cost follows the matches); holds 0: those
** that may be held by it, its groups of three words from the start, every
** third word, OR'ed, each group's words near one another (any run of
** TR_LINK_MIN_WORDS words of nw holds one whole group).  "and" is left
** out: the index does not hold the "&" it may stand for. */
static void candidate_query(const char *nw, int holds, tr_buf *q)
{
    const char *w[LINK_MAX_GROUPS * 3];
    size_t len[LINK_MAX_GROUPS * 3], n = 0;
    for (const char *p = nw; *p && n < sizeof w / sizeof w[0];) {
        const char *e = strchr(p, ' ');
        size_t k = e ? (size_t)(e - p) : strlen(p);
        w[n] = p;
        len[n++] = k;
        p += k + (e ? 1 : 0);
    }
    int any = 0;
    for (size_t g = 0; holds ? g < n : g + 3 <= n; g += holds ? 1 : 3) {
        if (holds) {
            if (len[g] == 3 && !strncmp(w[g], "and", 3))
                continue;
            tr_buf_printf(q, "%s\"%.*s\"", any ? " AND " : "", (int)len[g], w[g]);
            any = 1;
            continue;
        }
        tr_buf_puts(q, g ? " OR NEAR(" : "NEAR(");
        int some = 0;
        for (size_t i = g; i < g + 3; i++) {
            if (len[i] == 3 && !strncmp(w[i], "and", 3))
                continue;
            tr_buf_printf(q, "%s\"%.*s\"", some ? " " : "", (int)len[i], w[i]);
            some = 1;
        }
        if (!some)
            tr_buf_puts(q, "\"and\"");
        tr_buf_puts(q, ", 8)");
    }
}

/* 1 when the full-text index may hold a statement of person's dated in
** [lo, hi]: one stored before this transaction (the index holds those;
** the ones of this transaction are indexed at its commit).  A probe of the
** (person_id, date_lo) index, so that an import into a store without such
** statements (a fresh one, a new speaker, another year) runs no
** full-text query at all. */
static tr_status may_have_candidates(tr_db *db, int64_t person, int64_t lo, int64_t hi, int *may,
                                     tr_err *err)
{
    *may = 0;
    if (db->fts_from == 1) /* the store had no statement before this transaction */
        return TR_OK;
    sqlite3_stmt *q = tr_db_prep(db, Q_REP_PROBE,
                                 "SELECT 1 FROM statements WHERE person_id=?1 AND date_lo BETWEEN ?2 "
                                 "AND ?3 AND id<?4 LIMIT 1", err);
    if (!q)
        return TR_EIO;
    sqlite3_bind_int64(q, 1, person);
    sqlite3_bind_int64(q, 2, lo > INT64_MIN + db->max_span ? lo - db->max_span : INT64_MIN);
    sqlite3_bind_int64(q, 3, hi);
    sqlite3_bind_int64(q, 4, db->fts_from ? db->fts_from : INT64_MAX);
    int found;
    tr_status st = step_one(db, q, &found, err, "looking for a speaker's statements");
    if (!st && found) {
        *may = 1;
        sqlite3_reset(q);
    }
    return st;
}

/* Reads the candidates of full-text query fq for s (normal form nw) and
** keeps in *best the one whose words hold nw or are held by it, dated
** nearest (see find_quote); *longer as find_quote says. */
static tr_status best_candidate(tr_db *db, const tr_statement_in *s, const char *nw, const char *fq,
                                int64_t *best, int *longer, tr_err *err)
{
    sqlite3_stmt *q = tr_db_prep(
        db, Q_REP_CANDIDATES,
        "SELECT s.id, s.text, s.date_lo, s.date_hi FROM statements_fts f CROSS JOIN statements s ON "
        "s.id=f.rowid WHERE statements_fts MATCH ?1 AND s.person_id=?2 AND s.mode='direct' AND "
        "s.date_lo<=?4 + ?5 AND s.date_hi>=?3 - ?5 AND NOT EXISTS (SELECT 1 FROM reports r WHERE "
        "r.statement_id=s.id AND ifnull(r.publisher, '')=ifnull((SELECT publisher FROM sources "
        "WHERE id=?6), '')) LIMIT ?7", err);
    if (!q)
        return TR_EIO;
    sqlite3_bind_text(q, 1, fq, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 2, s->person_id);
    sqlite3_bind_int64(q, 3, s->date.lo);
    sqlite3_bind_int64(q, 4, s->date.hi);
    sqlite3_bind_int64(q, 5, LINK_MAX_LAG);
    sqlite3_bind_int64(q, 6, s->source_id);
    sqlite3_bind_int(q, 7, LINK_MAX_CANDIDATES);
    int rc;
    int64_t best_gap = INT64_MAX;
    size_t ls = strlen(nw);
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        int64_t lo = sqlite3_column_int64(q, 2), hi = sqlite3_column_int64(q, 3);
        /* a report may follow the statement by LINK_MAX_LAG, never precede it */
        int64_t gap = s->date.lo > hi ? s->date.lo - hi : 0;
        if (s->date.hi < lo || gap > LINK_MAX_LAG || gap >= best_gap)
            continue;
        size_t k;
        char *cn = tr_quote_norm(tr_db_col_text(q, 1), &k);
        size_t ln = cn ? strlen(cn) : 0;
        /* the shorter of the two needs its minimum too */
        int hit = cn && (ln >= ls ? tr_quote_holds(cn, nw) : k >= TR_LINK_MIN_WORDS && tr_quote_holds(nw, cn));
        free(cn);
        if (hit) {
            *best = sqlite3_column_int64(q, 0);
            best_gap = gap;
            *longer = ln < ls;
            if (!gap)
                break;
        }
    }
    sqlite3_reset(q);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? TR_OK
                                                 : tr_db_fail(db, err, "looking for the statement a quote repeats");
}

/* The direct statement by s's speaker whose words hold s's or are held by
** them, that no report of s's publisher gave, dated so that s can be a
** report of it (see db.h: quote); *stmt, else 0.  *longer is 1 when s's
** words hold the statement's and are more: s is the fuller text, the
** original.  The statements that hold s are looked for first (a copy
** after its original, the common case, and the cheap query). */
static tr_status find_quote(tr_db *db, const tr_statement_in *s, int64_t *stmt, int *longer,
                            tr_err *err)
{
    *stmt = 0;
    *longer = 0;
    if (s->mode && strcmp(s->mode, "direct"))
        return TR_OK;
    int may;
    tr_status st = may_have_candidates(db, s->person_id, s->date.lo - LINK_MAX_LAG, s->date.hi, &may, err);
    if (st || !may)
        return st;
    size_t nwords;
    char *nw = tr_quote_norm(s->text, &nwords);
    if (!nw)
        return tr_errf(err, TR_ESOFTWARE, "out of memory");
    for (int holds = 1; nwords >= TR_LINK_MIN_WORDS && holds >= 0 && !*stmt && !st; holds--) {
        tr_buf fq = {0};
        candidate_query(nw, holds, &fq);
        st = fq.oom ? tr_errf(err, TR_ESOFTWARE, "out of memory")
                    : best_candidate(db, s, nw, fq.data, stmt, longer, err);
        tr_buf_free(&fq);
    }
    free(nw);
    return st;
}

/* The words of normal form nw of 4 bytes or more, sorted and unique, into
** a NULL-ended array of pointers into the copy *store (both freed by the
** caller); their number in *n. */
static const char **content_words(const char *nw, char **store, size_t *n)
{
    *n = 0;
    *store = strdup(nw);
    size_t cap = 1;
    for (const char *p = nw; *p; p++)
        cap += *p == ' ';
    const char **w = calloc(cap + 1, sizeof *w);
    if (!*store || !w) {
        free(w);
        return NULL;
    }
    for (char *p = *store; p && *p;) {
        char *e = strchr(p, ' ');
        if (e)
            *e = '\0';
        if (strlen(p) >= 4)
            w[(*n)++] = p;
        p = e ? e + 1 : NULL;
    }
    for (size_t i = 1; i < *n; i++) /* insertion sort: a sentence's words */
        for (size_t j = i; j > 0 && strcmp(w[j - 1], w[j]) > 0; j--) {
            const char *t = w[j];
            w[j] = w[j - 1];
            w[j - 1] = t;
        }
    size_t u = 0;
    for (size_t i = 0; i < *n; i++)
        if (!u || strcmp(w[u - 1], w[i]))
            w[u++] = w[i];
    *n = u;
    return w;
}

/* The words two sorted unique lists share. */
static size_t shared_words(const char **a, size_t na, const char **b, size_t nb)
{
    size_t i = 0, j = 0, k = 0;
    while (i < na && j < nb) {
        int c = strcmp(a[i], b[j]);
        k += c == 0;
        i += c <= 0;
        j += c >= 0;
    }
    return k;
}

/* Records the statements of s's speaker, dates and words that reported
** speech s (report rid, now statement sid) may be a paraphrase of. */
static tr_status suggest(tr_db *db, const tr_statement_in *s, int64_t rid, int64_t sid, tr_err *err)
{
    int may;
    tr_status st = may_have_candidates(db, s->person_id, s->date.lo, s->date.hi, &may, err);
    if (st || !may)
        return st;
    char *nw = tr_quote_norm(s->text, NULL), *store = NULL;
    size_t n = 0;
    const char **w = nw ? content_words(nw, &store, &n) : NULL;
    if (!w) {
        st = tr_errf(err, TR_ESOFTWARE, "out of memory");
        goto done;
    }
    if (n < SUGGEST_MIN_SHARED)
        goto done;
    /* the candidates share two of its four longest words (pairs AND'ed, so
    ** the index skips to the rarer word's rows) */
    const char *pick[4];
    size_t np = 0;
    for (size_t want = 64; want >= 4 && np < 4; want--)
        for (size_t i = 0; i < n && np < 4; i++)
            if (strlen(w[i]) == want)
                pick[np++] = w[i];
    tr_buf fq = {0};
    for (size_t i = 0; i < np; i++)
        for (size_t j = i + 1; j < np; j++)
            tr_buf_printf(&fq, "%s(\"%s\" AND \"%s\")", fq.len ? " OR " : "", pick[i], pick[j]);
    sqlite3_stmt *q = fq.oom ? NULL : tr_db_prep(
        db, Q_REP_SUGGEST_CAND,
        "SELECT s.id, s.text FROM statements_fts f CROSS JOIN statements s ON s.id=f.rowid WHERE "
        "statements_fts MATCH ?1 AND s.person_id=?2 AND s.id<>?3 AND s.date_lo<=?5 AND "
        "s.date_hi>=?4 LIMIT 50", err);
    if (!q) {
        st = fq.oom ? tr_errf(err, TR_ESOFTWARE, "out of memory") : TR_EIO;
        tr_buf_free(&fq);
        goto done;
    }
    sqlite3_bind_text(q, 1, fq.data, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 2, s->person_id);
    sqlite3_bind_int64(q, 3, sid);
    sqlite3_bind_int64(q, 4, s->date.lo);
    sqlite3_bind_int64(q, 5, s->date.hi);
    int rc;
    int64_t hits[8];
    double scores[8];
    size_t nh = 0;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW && nh < 8) {
        char *cn = tr_quote_norm(tr_db_col_text(q, 1), NULL), *cstore = NULL;
        size_t cnw = 0;
        const char **cw = cn ? content_words(cn, &cstore, &cnw) : NULL;
        if (cw && cnw) {
            size_t k = shared_words(w, n, cw, cnw);
            double score = (double)k / (double)(n < cnw ? n : cnw);
            if (k >= SUGGEST_MIN_SHARED && score >= SUGGEST_MIN_SCORE) {
                hits[nh] = sqlite3_column_int64(q, 0);
                scores[nh++] = score;
            }
        }
        free(cw);
        free(cstore);
        free(cn);
    }
    sqlite3_reset(q);
    tr_buf_free(&fq);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        st = tr_db_fail(db, err, "looking for what reported speech paraphrases");
        goto done;
    }
    for (size_t i = 0; i < nh && !st; i++) {
        sqlite3_stmt *u = tr_db_prep(db, Q_REP_SUGGEST_ADD,
                                     "INSERT INTO link_suggestions(report_id, statement_id, score, at) "
                                     "VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING", err);
        if (!u) {
            st = TR_EIO;
            break;
        }
        sqlite3_bind_int64(u, 1, rid);
        sqlite3_bind_int64(u, 2, hits[i]);
        sqlite3_bind_double(u, 3, scores[i]);
        sqlite3_bind_int64(u, 4, db->now);
        st = run(db, u, err, "suggesting a link");
    }
done:
    free(w);
    free(store);
    free(nw);
    return st;
}

/* ---- adding a report ------------------------------------------------------- */

/* Adds s as a report; see db.h. */
tr_status tr_db_report_add(tr_db *db, const tr_statement_in *s, int link, tr_report_result *res,
                           tr_err *err)
{
    unsigned char hash[32];
    tr_db_statement_identity(s, hash);
    *res = (tr_report_result){TR_ADD_DUPLICATE, 0, 0, NULL};
    sqlite3_stmt *q = tr_db_prep(db, Q_REP_FIND,
                                 "SELECT statement_id, id FROM reports WHERE hash=?1 AND "
                                 "ifnull(publisher, '')=ifnull((SELECT publisher FROM sources "
                                 "WHERE id=?2), '')", err);
    if (!q)
        return TR_EIO;
    sqlite3_bind_blob(q, 1, hash, 16, SQLITE_STATIC);
    sqlite3_bind_int64(q, 2, s->source_id);
    int found;
    tr_status st = step_one(db, q, &found, err, "looking up a report");
    if (st)
        return st;
    if (found) {
        res->statement_id = sqlite3_column_int64(q, 0);
        res->report_id = sqlite3_column_int64(q, 1);
        sqlite3_reset(q);
        return TR_OK;
    }
    int64_t stmt = 0;
    if ((st = find_covering(db, s, &stmt, err)) != TR_OK)
        return st;
    if (stmt) { /* a sentence of a quotation stored whole */
        res->statement_id = stmt;
        return TR_OK;
    }
    const char *how = NULL;
    int longer = 0;
    int64_t copies = 0; /* a statement that s's words hold: it joins s */
    if (link) {
        if ((st = find_copy(db, s, &stmt, err)) != TR_OK)
            return st;
        how = stmt ? "copy" : NULL;
        if (!stmt) {
            int64_t grown = 0;
            if ((st = extend_part(db, s, &stmt, &grown, err)) != TR_OK)
                return st;
            if (stmt) {
                *res = (tr_report_result){TR_ADD_PART, stmt, grown, "part"};
                return add_event(db, stmt, grown, 0, NULL, "linked", "part", NULL, err);
            }
        }
        if (!stmt && (st = find_quote(db, s, &stmt, &longer, err)) != TR_OK)
            return st;
        if (stmt && !how)
            how = "quote";
    }
    if (stmt && longer) { /* the original after its copies: they become its reports */
        copies = stmt;
        stmt = 0;
    }
    if (stmt) {
        int64_t rid;
        if ((st = report_insert(db, s, hash, stmt, how, &rid, err)) != TR_OK ||
            (st = restate(db, stmt, err)) != TR_OK ||
            (st = add_event(db, stmt, rid, 0, NULL, "linked", how, NULL, err)) != TR_OK)
            return st;
        *res = (tr_report_result){TR_ADD_LINKED, stmt, rid, how};
    } else {
        /* the statement's own key: its first report's identity within its source */
        unsigned char key[32];
        char head[40];
        tr_sha256_ctx c;
        tr_sha256_init(&c);
        snprintf(head, sizeof head, "statement\x1f%" PRId64 "\x1f", s->source_id);
        tr_sha256_update(&c, head, strlen(head));
        tr_sha256_update(&c, hash, 16);
        tr_sha256_final(&c, key);
        int64_t rid;
        if ((st = tr_db_statement_row_insert(db, s, key, &stmt, err)) != TR_OK)
            return st;
        if (!stmt)
            return tr_errf(err, TR_ESOFTWARE, "a statement's key is stored without its report");
        if ((st = report_insert(db, s, hash, stmt, "first", &rid, err)) != TR_OK)
            return st;
        *res = (tr_report_result){TR_ADD_NEW, stmt, rid, NULL};
        if (copies) {
            if ((st = merge(db, stmt, copies, "quote", NULL, NULL, err)) != TR_OK ||
                (st = absorb_parts(db, stmt, err)) != TR_OK)
                return st;
            *res = (tr_report_result){TR_ADD_LINKED, stmt, rid, "quote"};
        }
        if (link && s->mode && !strcmp(s->mode, "reported") && (st = suggest(db, s, rid, stmt, err)))
            return st;
    }
    /* Outside a transaction there is no commit to index at: do it now. */
    return sqlite3_get_autocommit(db->h) ? tr_db_flush_pending(db, err) : TR_OK;
}

/* Inserts s unless already stored, linking it; see db.h. */
tr_status tr_db_statement_insert(tr_db *db, const tr_statement_in *s, int *inserted, int64_t *id,
                                 tr_err *err)
{
    tr_report_result r;
    tr_status st = tr_db_report_add(db, s, 1, &r, err);
    *inserted = !st && r.outcome == TR_ADD_NEW;
    if (id)
        *id = st ? 0 : r.statement_id;
    return st;
}

/* ---- reading reports, events and suggestions ------------------------------ */

#define REPORT_COLS                                                                          \
    "r.id, r.statement_id, ifnull(r.source_id, 0), src.publisher, src.url, src.title, "      \
    "src.published, r.ext_id, r.text, r.mode, r.date_text, r.date_prec, r.date_lo, r.date_hi, " \
    "r.url, r.cue, r.date_expr, r.context, r.spans, r.how, r.span_start, r.span_end, "       \
    "r.ingested_at FROM reports r LEFT JOIN sources src ON src.id=r.source_id "

/* Reads a report row (REPORT_COLS) of q into r (strings borrowed). */
static void read_report(sqlite3_stmt *q, tr_report_row *r)
{
    *r = (tr_report_row){
        .id = sqlite3_column_int64(q, 0),
        .statement_id = sqlite3_column_int64(q, 1),
        .source_id = sqlite3_column_int64(q, 2),
        .source = tr_db_col_text(q, 3),
        .source_url = tr_db_col_text(q, 4),
        .title = tr_db_col_text(q, 5),
        .published = tr_db_col_text(q, 6),
        .ext_id = tr_db_col_text(q, 7),
        .text = tr_db_col_text(q, 8),
        .mode = tr_db_col_text(q, 9),
        .date_text = tr_db_col_text(q, 10),
        .date_prec = tr_db_col_text(q, 11),
        .date_lo = sqlite3_column_int64(q, 12),
        .date_hi = sqlite3_column_int64(q, 13),
        .url = tr_db_col_text(q, 14),
        .cue = tr_db_col_text(q, 15),
        .date_expr = tr_db_col_text(q, 16),
        .context = tr_db_col_text(q, 17),
        .spans = tr_db_col_text(q, 18),
        .how = tr_db_col_text(q, 19),
        .span_start = sqlite3_column_type(q, 20) == SQLITE_NULL ? -1 : sqlite3_column_int64(q, 20),
        .span_end = sqlite3_column_type(q, 21) == SQLITE_NULL ? -1 : sqlite3_column_int64(q, 21),
        .ingested_at = sqlite3_column_int64(q, 22),
    };
}

/* Calls cb with each report of statement id; see db.h. */
tr_status tr_db_reports_each(tr_db *db, int64_t statement_id,
                             int (*cb)(void *, const tr_report_row *), void *ctx, tr_err *err)
{
    sqlite3_stmt *q = tr_db_prep(db, Q_REP_EACH, "SELECT " REPORT_COLS "WHERE r.statement_id=?1 "
                                 "ORDER BY r.id", err);
    if (!q)
        return TR_EIO;
    sqlite3_bind_int64(q, 1, statement_id);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        tr_report_row r;
        read_report(q, &r);
        if (cb(ctx, &r)) {
            rc = SQLITE_DONE;
            break;
        }
    }
    sqlite3_reset(q);
    return rc == SQLITE_DONE ? TR_OK : tr_db_fail(db, err, "reading reports");
}

/* Calls cb with each link event of statement id; see db.h. */
tr_status tr_db_statement_events(tr_db *db, int64_t id,
                                 int (*cb)(void *, const tr_statement_event *), void *ctx,
                                 tr_err *err)
{
    sqlite3_stmt *q = tr_db_prep(db, Q_REP_EVENTS,
                                 "SELECT id, statement_id, ifnull(report_id, 0), ifnull(other_id, 0), "
                                 "at, actor, action, how, reason FROM statement_events WHERE "
                                 "statement_id=?1 OR other_id=?1 ORDER BY id", err);
    if (!q)
        return TR_EIO;
    sqlite3_bind_int64(q, 1, id);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        tr_statement_event e = {sqlite3_column_int64(q, 0), sqlite3_column_int64(q, 1),
                                sqlite3_column_int64(q, 2), sqlite3_column_int64(q, 3),
                                sqlite3_column_int64(q, 4), tr_db_col_text(q, 5),
                                tr_db_col_text(q, 6), tr_db_col_text(q, 7), tr_db_col_text(q, 8)};
        if (cb(ctx, &e)) {
            rc = SQLITE_DONE;
            break;
        }
    }
    sqlite3_reset(q);
    return rc == SQLITE_DONE ? TR_OK : tr_db_fail(db, err, "reading link events");
}

/* Calls cb with each open suggestion; see db.h. */
tr_status tr_db_suggestions_each(tr_db *db, int (*cb)(void *, const tr_suggestion *), void *ctx,
                                 tr_err *err)
{
    sqlite3_stmt *q = tr_db_prep(db, Q_REP_SUGGESTIONS,
                                 "SELECT g.report_id, r.statement_id, g.statement_id, g.score FROM "
                                 "link_suggestions g JOIN reports r ON r.id=g.report_id WHERE "
                                 "r.statement_id<>g.statement_id ORDER BY g.score DESC, g.report_id, "
                                 "g.statement_id", err);
    if (!q)
        return TR_EIO;
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        tr_suggestion g = {sqlite3_column_int64(q, 0), sqlite3_column_int64(q, 1),
                           sqlite3_column_int64(q, 2), sqlite3_column_double(q, 3)};
        if (cb(ctx, &g)) {
            rc = SQLITE_DONE;
            break;
        }
    }
    sqlite3_reset(q);
    return rc == SQLITE_DONE ? TR_OK : tr_db_fail(db, err, "reading suggestions");
}

/* ---- links by hand ----------------------------------------------------------- */

/* Statement id's person into *person (0 when there is no such statement). */
static tr_status person_of(tr_db *db, int64_t id, int64_t *person, tr_err *err)
{
    sqlite3_stmt *q = tr_db_prep(db, Q_REP_STMT_INFO, "SELECT person_id FROM statements WHERE id=?1",
                                 err);
    if (!q)
        return TR_EIO;
    sqlite3_bind_int64(q, 1, id);
    return first_id(db, q, person, err, "reading a statement");
}

/* Moves statement b's reports into a (as joined how), the findings that
** held b to a, removes b, recomputes a's date and makes its assertions
** new; recorded as done by `by` (NULL: the tool) for reason. */
static tr_status merge(tr_db *db, int64_t a, int64_t b, const char *how, const char *by,
                       const char *reason, tr_err *err)
{
    static const struct { int slot; const char *sql, *doing; } steps[] = {
        {Q_REP_MOVE, "UPDATE reports SET statement_id=?1, how=?3 WHERE statement_id=?2",
         "moving the reports"},
        {Q_REP_FS_MOVE, "UPDATE OR IGNORE finding_statements SET statement_id=?1 WHERE statement_id=?2",
         "moving the findings' statements"},
        {Q_REP_STMT_DELETE, "DELETE FROM statements WHERE id=?2 AND ?1 IS NOT NULL",
         "removing the statement linked"},
    };
    tr_status st;
    for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
        sqlite3_stmt *q = tr_db_prep(db, steps[i].slot, steps[i].sql, err);
        if (!q)
            return TR_EIO;
        sqlite3_bind_int64(q, 1, a);
        sqlite3_bind_int64(q, 2, b);
        if (i == 0)
            sqlite3_bind_text(q, 3, how, -1, SQLITE_STATIC);
        if ((st = run(db, q, err, steps[i].doing)) != TR_OK)
            return st;
    }
    if ((st = restate(db, a, err)) != TR_OK)
        return st;
    /* every assertion of a counts as new: its findings gain b's */
    if ((st = renew_assertions(db, a, err)) != TR_OK)
        return st;
    return add_event(db, a, 0, b, by, "merged", how, reason, err);
}

/* Links statement b into a; see db.h. */
tr_status tr_db_statements_link(tr_db *db, int64_t a, int64_t b, const char *by,
                                const char *reason, tr_err *err)
{
    int64_t pa, pb;
    tr_status st = person_of(db, a, &pa, err);
    if (!st)
        st = person_of(db, b, &pb, err);
    if (st)
        return st;
    if (!pa || !pb)
        return tr_errf(err, TR_EDATA, "no statement #%" PRId64 " (see tracker history or search)",
                       pa ? b : a);
    if (a == b)
        return tr_errf(err, TR_EDATA, "#%" PRId64 " is one statement: name two", a);
    if (pa != pb)
        return tr_errf(err, TR_EDATA, "#%" PRId64 " and #%" PRId64 " have different speakers: a "
                       "statement is one person's", a, b);
    return merge(db, a, b, "manual", by, reason, err);
}

/* Takes report out of statement id; see db.h. */
tr_status tr_db_report_unlink(tr_db *db, int64_t id, int64_t report, const char *by,
                              const char *reason, int64_t *new_id, tr_err *err)
{
    sqlite3_stmt *q = tr_db_prep(db, Q_REP_GET,
                                 "SELECT r.statement_id, r.how, (SELECT min(id) FROM reports WHERE "
                                 "statement_id=r.statement_id) FROM reports r WHERE r.id=?1", err);
    if (!q)
        return TR_EIO;
    sqlite3_bind_int64(q, 1, report);
    int found;
    tr_status st = step_one(db, q, &found, err, "reading a report");
    if (st)
        return st;
    int64_t owner = found ? sqlite3_column_int64(q, 0) : 0, first = found ? sqlite3_column_int64(q, 2) : 0;
    if (found)
        sqlite3_reset(q);
    if (owner != id)
        return tr_errf(err, TR_EDATA, "report %" PRId64 " is not one of statement #%" PRId64 "'s "
                       "(tracker statements show %" PRId64 " lists them)", report, id, id);
    if (report == first)
        return tr_errf(err, TR_EDATA, "report %" PRId64 " is statement #%" PRId64 "'s first, its "
                       "own words: unlink the others instead", report, id);
    /* the new statement: the report's own account, under a key of its own */
    q = tr_db_prep(db, Q_REP_SPLIT,
                   "INSERT INTO statements(hash, ext_id, person_id, source_id, text, mode, date_text, "
                   "date_lo, date_hi, date_prec, side, role, url, span_start, span_end, cue, "
                   "date_expr, ingested_at, context, spans) SELECT randomblob(16), r.ext_id, "
                   "s.person_id, r.source_id, r.text, r.mode, r.date_text, r.date_lo, r.date_hi, "
                   "r.date_prec, s.side, s.role, r.url, r.span_start, r.span_end, r.cue, r.date_expr, "
                   "r.ingested_at, r.context, r.spans FROM reports r JOIN statements s ON "
                   "s.id=r.statement_id WHERE r.id=?1", err);
    if (!q)
        return TR_EIO;
    sqlite3_bind_int64(q, 1, report);
    if ((st = run(db, q, err, "making the report a statement")) != TR_OK)
        return st;
    *new_id = sqlite3_last_insert_rowid(db->h);
    if (!db->fts_from)
        db->fts_from = *new_id;
    q = tr_db_prep(db, Q_REP_MOVE_ONE, "UPDATE reports SET statement_id=?1, how='first' WHERE id=?2",
                   err);
    if (!q)
        return TR_EIO;
    sqlite3_bind_int64(q, 1, *new_id);
    sqlite3_bind_int64(q, 2, report);
    if ((st = run(db, q, err, "moving the report")) != TR_OK || (st = restate(db, id, err)) != TR_OK || (st = restate(db, *new_id, err)) != TR_OK)
        return st;
    if ((st = add_event(db, id, report, *new_id, by, "unlinked", "manual", reason, err)) != TR_OK)
        return st;
    return sqlite3_get_autocommit(db->h) ? tr_db_flush_pending(db, err) : TR_OK;
}
