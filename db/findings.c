/*
** findings.c: runs, the scan's classification state, assertions and
** findings with their evidence.
*/
#include "internal.h"

#include <stdio.h>
#include <string.h>

/* Steps a statement that returns no rows. */
static tr_status exec(tr_db *db, sqlite3_stmt *q, tr_err *err, const char *doing)
{
    int rc = sqlite3_step(q);
    sqlite3_reset(q);
    return rc == SQLITE_DONE ? TR_OK : tr_db_fail(db, err, doing);
}

/* Records the start of a run. */
tr_status tr_db_run_start(tr_db *db, const char *kind, const char *ruleset, int64_t *id,
                          tr_err *err)
{
    sqlite3_stmt *q = tr_db_prep(db, Q_RUN_START,
                                 "INSERT INTO runs(kind, started_at, ruleset_hash) VALUES (?1, ?2, ?3)",
                                 err);
    if (!q)
        return TR_EIO;
    sqlite3_bind_text(q, 1, kind, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 2, db->now);
    tr_db_bind_text(q, 3, ruleset);
    tr_status st = exec(db, q, err, "recording a run");
    *id = st ? 0 : sqlite3_last_insert_rowid(db->h);
    return st;
}

/* Records the end of a run with its counts. */
tr_status tr_db_run_finish(tr_db *db, int64_t id, const char *stats, tr_err *err)
{
    sqlite3_stmt *q = tr_db_prep(db, Q_RUN_FINISH,
                                 "UPDATE runs SET finished_at=?2, stats=?3 WHERE id=?1", err);
    if (!q)
        return TR_EIO;
    sqlite3_bind_int64(q, 1, id);
    sqlite3_bind_int64(q, 2, db->now);
    tr_db_bind_text(q, 3, stats);
    return exec(db, q, err, "finishing a run");
}

/* Calls cb with the latest finished run of kind below before. */
tr_status tr_db_run_last(tr_db *db, const char *kind, int64_t before,
                         int (*cb)(void *, const tr_run *), void *ctx, tr_err *err)
{
    sqlite3_stmt *q = tr_db_prep(db, Q_RUN_LAST,
                                 "SELECT id, kind, started_at, finished_at, ruleset_hash, stats "
                                 "FROM runs WHERE kind=?1 AND finished_at IS NOT NULL "
                                 "AND (?2=0 OR id<?2) ORDER BY id DESC LIMIT 1", err);
    if (!q)
        return TR_EIO;
    sqlite3_bind_text(q, 1, kind, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 2, before);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        tr_run r = {sqlite3_column_int64(q, 0), tr_db_col_text(q, 1), sqlite3_column_int64(q, 2),
                    sqlite3_column_int64(q, 3), tr_db_col_text(q, 4), tr_db_col_text(q, 5)};
        cb(ctx, &r);
        rc = SQLITE_DONE;
    }
    sqlite3_reset(q);
    return rc == SQLITE_DONE ? TR_OK : tr_db_fail(db, err, "reading runs");
}

/* Makes ruleset current, dropping assertions of another one. */
tr_status tr_db_scan_begin(tr_db *db, const char *ruleset, int64_t run, int64_t *last, int *reset,
                           tr_err *err)
{
    sqlite3_stmt *q = tr_db_prep(db, Q_SCAN_STATE_GET,
                                 "SELECT ruleset, last_statement_id FROM scan_state WHERE id=1", err);
    if (!q)
        return TR_EIO;
    int rc = sqlite3_step(q);
    int same = rc == SQLITE_ROW && !strcmp(tr_db_col_text(q, 0), ruleset);
    *last = same ? sqlite3_column_int64(q, 1) : 0;
    *reset = rc == SQLITE_ROW && !same;
    sqlite3_reset(q);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return tr_db_fail(db, err, "reading the scan state");
    if (same)
        return TR_OK;
    if (sqlite3_exec(db->h, "DELETE FROM assertions", NULL, NULL, NULL) != SQLITE_OK)
        return tr_db_fail(db, err, "dropping the old rule set's assertions");
    q = tr_db_prep(db, Q_SCAN_STATE_RESET,
                   "INSERT INTO scan_state(id, ruleset, last_statement_id, since_run) "
                   "VALUES (1, ?1, 0, ?2) ON CONFLICT(id) DO UPDATE SET ruleset=?1, "
                   "last_statement_id=0, since_run=?2", err);
    if (!q)
        return TR_EIO;
    sqlite3_bind_text(q, 1, ruleset, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 2, run);
    return exec(db, q, err, "resetting the scan state");
}

/* Records that every statement up to id last is classified. */
tr_status tr_db_scan_mark(tr_db *db, int64_t last, tr_err *err)
{
    sqlite3_stmt *q = tr_db_prep(db, Q_SCAN_STATE_SET,
                                 "UPDATE scan_state SET last_statement_id=?1 WHERE id=1", err);
    if (!q)
        return TR_EIO;
    sqlite3_bind_int64(q, 1, last);
    return exec(db, q, err, "recording the scan state");
}

/* The rule set hash of the last scan and the run its scanning began. */
tr_status tr_db_scan_ruleset(tr_db *db, char *buf, size_t n, int64_t *since_run, tr_err *err)
{
    sqlite3_stmt *q = tr_db_prep(db, Q_SCAN_STATE_SINCE,
                                 "SELECT ruleset, since_run FROM scan_state WHERE id=1", err);
    if (!q)
        return TR_EIO;
    int rc = sqlite3_step(q);
    snprintf(buf, n, "%s", rc == SQLITE_ROW ? tr_db_col_text(q, 0) : "");
    if (since_run)
        *since_run = rc == SQLITE_ROW ? sqlite3_column_int64(q, 1) : 0;
    sqlite3_reset(q);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? TR_OK : tr_db_fail(db, err, "reading the scan state");
}

/* Calls cb for every statement with id above after. */
tr_status tr_db_statements_after(tr_db *db, int64_t after, int (*cb)(void *, const tr_scan_row *),
                                 void *ctx, tr_err *err)
{
    sqlite3_stmt *q = tr_db_prep(db, Q_STMTS_AFTER,
                                 "SELECT s.id, s.person_id, s.text, coalesce(s.side, p.side), s.mode, "
                                 "s.date_lo, s.date_hi FROM statements s JOIN people p ON p.id=s.person_id "
                                 "WHERE s.id>?1 ORDER BY s.id", err);
    if (!q)
        return TR_EIO;
    sqlite3_bind_int64(q, 1, after);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        tr_scan_row r = {sqlite3_column_int64(q, 0), sqlite3_column_int64(q, 1),
                         tr_db_col_text(q, 2), (size_t)sqlite3_column_bytes(q, 2),
                         tr_db_col_text(q, 3), tr_db_col_text(q, 4), sqlite3_column_int64(q, 5),
                         sqlite3_column_int64(q, 6)};
        if (cb(ctx, &r)) {
            rc = SQLITE_DONE;
            break;
        }
    }
    sqlite3_reset(q);
    return rc == SQLITE_DONE ? TR_OK : tr_db_fail(db, err, "reading statements to classify");
}

/* Stores an assertion. */
tr_status tr_db_assertion_insert(tr_db *db, const tr_assertion_row *a, tr_err *err)
{
    sqlite3_stmt *q = tr_db_prep(db, Q_ASSERT_INSERT,
                                 "INSERT OR REPLACE INTO assertions(statement_id, topic, stance, cue, "
                                 "cue_start, cue_end, negation, hedge, person_id, side, mode, date_lo, "
                                 "date_hi) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13)", err);
    if (!q)
        return TR_EIO;
    sqlite3_bind_int64(q, 1, a->statement_id);
    sqlite3_bind_text(q, 2, a->topic, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 3, a->stance, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 4, a->cue, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 5, a->cue_start);
    sqlite3_bind_int64(q, 6, a->cue_end);
    tr_db_bind_text(q, 7, a->negation);
    tr_db_bind_text(q, 8, a->hedge);
    sqlite3_bind_int64(q, 9, a->person_id);
    tr_db_bind_text(q, 10, a->side);
    sqlite3_bind_text(q, 11, a->mode, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 12, a->lo);
    sqlite3_bind_int64(q, 13, a->hi);
    return exec(db, q, err, "storing an assertion");
}

/* Reads an assertion row from q (columns in ASSERT_COLS order). */
static void read_assertion(sqlite3_stmt *q, tr_assertion_row *a)
{
    *a = (tr_assertion_row){
        .id = sqlite3_column_int64(q, 0), .statement_id = sqlite3_column_int64(q, 1),
        .topic = tr_db_col_text(q, 2), .stance = tr_db_col_text(q, 3),
        .cue = tr_db_col_text(q, 4), .cue_start = sqlite3_column_int64(q, 5),
        .cue_end = sqlite3_column_int64(q, 6), .negation = tr_db_col_text(q, 7),
        .hedge = tr_db_col_text(q, 8), .person_id = sqlite3_column_int64(q, 9),
        .side = tr_db_col_text(q, 10), .mode = tr_db_col_text(q, 11),
        .lo = sqlite3_column_int64(q, 12), .hi = sqlite3_column_int64(q, 13)};
}

#define ASSERT_COLS                                                                       \
    "SELECT id, statement_id, topic, stance, cue, cue_start, cue_end, negation, hedge, " \
    "person_id, side, mode, date_lo, date_hi FROM assertions "

/* Steps q calling cb with each assertion. */
static tr_status each_assertion(tr_db *db, sqlite3_stmt *q, tr_assertion_cb cb, void *ctx,
                                tr_err *err)
{
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        tr_assertion_row a;
        read_assertion(q, &a);
        if (cb(ctx, &a)) {
            rc = SQLITE_DONE;
            break;
        }
    }
    sqlite3_reset(q);
    return rc == SQLITE_DONE ? TR_OK : tr_db_fail(db, err, "reading assertions");
}

/* The highest assertion id. */
tr_status tr_db_assertion_max_id(tr_db *db, int64_t *id, tr_err *err)
{
    sqlite3_stmt *q = tr_db_prep(db, Q_ASSERT_MAX, "SELECT coalesce(max(id), 0) FROM assertions", err);
    if (!q)
        return TR_EIO;
    int rc = sqlite3_step(q);
    *id = rc == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
    sqlite3_reset(q);
    return rc == SQLITE_ROW ? TR_OK : tr_db_fail(db, err, "reading assertions");
}

/* Calls cb for each assertion with id above after. */
tr_status tr_db_assertions_after(tr_db *db, int64_t after, tr_assertion_cb cb, void *ctx,
                                 tr_err *err)
{
    sqlite3_stmt *q = tr_db_prep(db, Q_ASSERT_AFTER, ASSERT_COLS "WHERE id>?1 ORDER BY id", err);
    if (!q)
        return TR_EIO;
    sqlite3_bind_int64(q, 1, after);
    return each_assertion(db, q, cb, ctx, err);
}

/* Calls cb for each candidate assertion in a window. */
tr_status tr_db_assertion_candidates(tr_db *db, const char *topic, const char *stance,
                                     int64_t person_id, int64_t lo_min, int64_t lo_max,
                                     tr_assertion_cb cb, void *ctx, tr_err *err)
{
    sqlite3_stmt *q =
        person_id > 0
            ? tr_db_prep(db, Q_ASSERT_CAND_PERSON,
                         ASSERT_COLS "WHERE topic=?1 AND person_id=?4 AND stance=?2 "
                                     "AND date_lo BETWEEN ?5 AND ?6", err)
            : tr_db_prep(db, Q_ASSERT_CAND,
                         ASSERT_COLS "WHERE topic=?1 AND stance=?2 AND date_lo BETWEEN ?5 AND ?6",
                         err);
    if (!q)
        return TR_EIO;
    sqlite3_bind_text(q, 1, topic, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, stance, -1, SQLITE_STATIC);
    if (person_id > 0)
        sqlite3_bind_int64(q, 4, person_id);
    sqlite3_bind_int64(q, 5, lo_min);
    sqlite3_bind_int64(q, 6, lo_max);
    return each_assertion(db, q, cb, ctx, err);
}

/* The widest date interval among assertions: bounded by the widest
** statement interval, which meta keeps. */
tr_status tr_db_assertion_max_span(tr_db *db, int64_t *span, tr_err *err)
{
    (void)err;
    *span = db->max_span;
    return TR_OK;
}

/* Calls cb for each assertion of a statement. */
tr_status tr_db_assertions_of(tr_db *db, int64_t statement_id, tr_assertion_cb cb, void *ctx,
                              tr_err *err)
{
    sqlite3_stmt *q = tr_db_prep(db, Q_ASSERT_OF, ASSERT_COLS "WHERE statement_id=?1 ORDER BY topic",
                                 err);
    if (!q)
        return TR_EIO;
    sqlite3_bind_int64(q, 1, statement_id);
    return each_assertion(db, q, cb, ctx, err);
}

/* Records a finding as seen in a run. */
tr_status tr_db_finding_upsert(tr_db *db, const tr_finding_in *f, int *is_new, tr_err *err)
{
    sqlite3_stmt *q = tr_db_prep(db, Q_FINDING_SEEN,
                                 "UPDATE findings SET last_run=?2, updated_at=?3 WHERE id=?1", err);
    if (!q)
        return TR_EIO;
    sqlite3_bind_text(q, 1, f->id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 2, f->run);
    sqlite3_bind_int64(q, 3, db->now);
    tr_status st = exec(db, q, err, "updating a finding");
    if (st)
        return st;
    *is_new = sqlite3_changes(db->h) == 0;
    if (!*is_new)
        return TR_OK;
    q = tr_db_prep(db, Q_FINDING_INSERT,
                   "INSERT INTO findings(id, kind, rule, topic, severity, order_certain, ruleset, "
                   "first_run, last_run, created_at, updated_at) "
                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9, ?9)", err);
    if (!q)
        return TR_EIO;
    sqlite3_bind_text(q, 1, f->id, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, f->kind, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 3, f->rule, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 4, f->topic, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 5, f->severity, -1, SQLITE_STATIC);
    sqlite3_bind_int(q, 6, f->order_certain);
    sqlite3_bind_text(q, 7, f->ruleset, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 8, f->run);
    sqlite3_bind_int64(q, 9, db->now);
    if ((st = exec(db, q, err, "storing a finding")) != TR_OK)
        return st;
    for (int i = 0; i < 2; i++) {
        const tr_assertion_row *a = f->statements[i];
        q = tr_db_prep(db, Q_FINDING_STMT_INSERT,
                       "INSERT INTO finding_statements(finding_id, position, statement_id, stance, "
                       "cue, cue_start, cue_end, negation, hedge) "
                       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", err);
        if (!q)
            return TR_EIO;
        sqlite3_bind_text(q, 1, f->id, -1, SQLITE_STATIC);
        sqlite3_bind_int(q, 2, i);
        sqlite3_bind_int64(q, 3, a->statement_id);
        sqlite3_bind_text(q, 4, a->stance, -1, SQLITE_STATIC);
        tr_db_bind_text(q, 5, a->cue);
        sqlite3_bind_int64(q, 6, a->cue_start);
        sqlite3_bind_int64(q, 7, a->cue_end);
        tr_db_bind_text(q, 8, a->negation);
        tr_db_bind_text(q, 9, a->hedge);
        if ((st = exec(db, q, err, "storing a finding's evidence")) != TR_OK)
            return st;
    }
    return TR_OK;
}

/* Steps q calling cb with each finding; see internal.h. */
tr_status tr_db_each_finding(tr_db *db, sqlite3_stmt *q, int (*cb)(void *, const tr_finding_row *),
                             void *ctx, tr_err *err, const char *doing)
{
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        tr_finding_row f = {
            .id = tr_db_col_text(q, 0), .kind = tr_db_col_text(q, 1), .rule = tr_db_col_text(q, 2),
            .topic = tr_db_col_text(q, 3), .severity = tr_db_col_text(q, 4),
            .status = tr_db_col_text(q, 5), .reason = tr_db_col_text(q, 6),
            .ruleset = tr_db_col_text(q, 7), .order_certain = sqlite3_column_int(q, 8),
            .first_run = sqlite3_column_int64(q, 9), .last_run = sqlite3_column_int64(q, 10),
            .created_at = sqlite3_column_int64(q, 11), .updated_at = sqlite3_column_int64(q, 12)};
        if (cb(ctx, &f)) {
            rc = SQLITE_DONE;
            break;
        }
    }
    sqlite3_reset(q);
    return rc == SQLITE_DONE ? TR_OK : tr_db_fail(db, err, doing);
}

/* Calls cb for each finding matching q. */
tr_status tr_db_findings_each(tr_db *db, const tr_findings_query *fq,
                              int (*cb)(void *, const tr_finding_row *), void *ctx, tr_err *err)
{
    sqlite3_stmt *q = tr_db_prep(
        db, Q_FINDINGS_LIST,
        "SELECT " FINDING_COLS " FROM findings f "
        "WHERE (?1 IS NULL OR f.status=?1) AND (?2 IS NULL OR f.kind=?2) "
        "AND (?3=0 OR f.last_run=?3) AND f.last_run>=?6 AND (?7 IS NULL OR f.id=?7) "
        "AND f.first_run>?4 AND (?5=0 OR f.first_run<=?5) "
        "ORDER BY CASE f.severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 "
        "ELSE 3 END, f.first_run, f.id", err);
    if (!q)
        return TR_EIO;
    tr_db_bind_text(q, 1, fq->status);
    tr_db_bind_text(q, 2, fq->kind);
    sqlite3_bind_int64(q, 3, fq->seen_in);
    sqlite3_bind_int64(q, 4, fq->first_after);
    sqlite3_bind_int64(q, 5, fq->first_upto);
    sqlite3_bind_int64(q, 6, fq->current_since);
    tr_db_bind_text(q, 7, fq->id);
    return tr_db_each_finding(db, q, cb, ctx, err, "listing findings");
}

/* Calls cb for each statement of a finding, in time order. */
tr_status tr_db_finding_statements(tr_db *db, const char *id,
                                   int (*cb)(void *, const tr_finding_stmt *), void *ctx,
                                   tr_err *err)
{
    sqlite3_stmt *q = tr_db_prep(db, Q_FINDING_STMTS,
                                 "SELECT fs.position, fs.stance, fs.cue, fs.negation, fs.hedge, "
                                 "fs.cue_start, fs.cue_end, " ROW_COLS " "
                                 "FROM finding_statements fs JOIN statements s ON s.id=fs.statement_id "
                                 "JOIN people p ON p.id=s.person_id "
                                 "LEFT JOIN sources src ON src.id=s.source_id "
                                 "WHERE fs.finding_id=?1 ORDER BY fs.position", err);
    if (!q)
        return TR_EIO;
    sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        tr_finding_stmt f = {.position = sqlite3_column_int(q, 0), .stance = tr_db_col_text(q, 1),
                             .cue = tr_db_col_text(q, 2), .negation = tr_db_col_text(q, 3),
                             .hedge = tr_db_col_text(q, 4), .cue_start = sqlite3_column_int64(q, 5),
                             .cue_end = sqlite3_column_int64(q, 6)};
        tr_db_row_statement(q, 7, &f.s);
        if (cb(ctx, &f)) {
            rc = SQLITE_DONE;
            break;
        }
    }
    sqlite3_reset(q);
    return rc == SQLITE_DONE ? TR_OK : tr_db_fail(db, err, "reading a finding");
}

/* Resolves an id or unique prefix. */
tr_status tr_db_finding_resolve(tr_db *db, const char *prefix, char *buf, size_t n, tr_err *err)
{
    sqlite3_stmt *q = tr_db_prep(db, Q_FINDING_PREFIX,
                                 "SELECT id FROM findings WHERE id=?1 OR "
                                 "(length(?1)>=3 AND substr(id, 1, length(?1))=?1) ORDER BY id!=?1, id "
                                 "LIMIT 3", err);
    if (!q)
        return TR_EIO;
    sqlite3_bind_text(q, 1, prefix, -1, SQLITE_STATIC);
    int rc, k = 0;
    char first[64] = "", others[160] = "";
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        const char *id = tr_db_col_text(q, 0);
        if (k == 0) {
            snprintf(first, sizeof first, "%s", id);
            if (!strcmp(id, prefix)) {
                k = 1;
                rc = SQLITE_DONE;
                break;
            }
        } else {
            size_t L = strlen(others);
            snprintf(others + L, sizeof others - L, "%s%s", L ? ", " : "", id);
        }
        k++;
    }
    sqlite3_reset(q);
    if (rc != SQLITE_DONE)
        return tr_db_fail(db, err, "looking up a finding");
    if (k == 0)
        return tr_errf(err, TR_EDATA, "no finding '%s' (see 'tracker findings list')", prefix);
    if (k > 1)
        return tr_errf(err, TR_EDATA, "'%s' names several findings (%s, %s...): give more of the id",
                       prefix, first, others);
    snprintf(buf, n, "%s", first);
    return TR_OK;
}

/* Sets a finding's status (and reason). */
tr_status tr_db_finding_set_status(tr_db *db, const char *id, const char *status,
                                   const char *reason, tr_err *err)
{
    sqlite3_stmt *q = tr_db_prep(db, Q_FINDING_STATUS,
                                 "UPDATE findings SET status=?2, reason=?3, updated_at=?4 WHERE id=?1",
                                 err);
    if (!q)
        return TR_EIO;
    sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, status, -1, SQLITE_STATIC);
    tr_db_bind_text(q, 3, reason);
    sqlite3_bind_int64(q, 4, db->now);
    return exec(db, q, err, "updating a finding");
}

/* Marks new findings first seen up to run as open. */
tr_status tr_db_findings_mark_open(tr_db *db, int64_t upto_run, tr_err *err)
{
    sqlite3_stmt *q = tr_db_prep(db, Q_FINDINGS_MARK_OPEN,
                                 "UPDATE findings SET status='open', updated_at=?2 "
                                 "WHERE status='new' AND first_run<=?1", err);
    if (!q)
        return TR_EIO;
    sqlite3_bind_int64(q, 1, upto_run);
    sqlite3_bind_int64(q, 2, db->now);
    return exec(db, q, err, "updating findings");
}
