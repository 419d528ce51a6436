/*
** findings.c: runs, the scan's classification state, assertions and
** findings with their evidence.
*/
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
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

/* Calls cb for every statement with id above after (with its context). */
tr_status tr_db_statements_after(tr_db *db, int64_t after, int (*cb)(void *, const tr_scan_row *),
                                 void *ctx, tr_err *err)
{
    sqlite3_stmt *q = tr_db_prep(db, Q_STMTS_AFTER,
                                 "SELECT s.id, s.person_id, s.text, coalesce(s.side, p.side), s.mode, "
                                 "s.date_lo, s.date_hi, s.context FROM statements s JOIN people p ON "
                                 "p.id=s.person_id WHERE s.id>?1 ORDER BY s.id", err);
    if (!q)
        return TR_EIO;
    sqlite3_bind_int64(q, 1, after);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        tr_scan_row r = {sqlite3_column_int64(q, 0), sqlite3_column_int64(q, 1),
                         tr_db_col_text(q, 2), (size_t)sqlite3_column_bytes(q, 2),
                         tr_db_col_text(q, 3), tr_db_col_text(q, 4), sqlite3_column_int64(q, 5),
                         sqlite3_column_int64(q, 6), tr_db_col_text(q, 7),
                         (size_t)sqlite3_column_bytes(q, 7)};
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

/* Calls cb for each assertion with id above after, by topic then id.
** "+topic" keeps SQLite from walking the whole topic index for the order:
** the rows come from the id range and are sorted, so the cost follows the
** new assertions, not the store. */
tr_status tr_db_assertions_after(tr_db *db, int64_t after, tr_assertion_cb cb, void *ctx,
                                 tr_err *err)
{
    sqlite3_stmt *q = tr_db_prep(db, Q_ASSERT_AFTER, ASSERT_COLS "WHERE id>?1 ORDER BY +topic, id", err);
    if (!q)
        return TR_EIO;
    sqlite3_bind_int64(q, 1, after);
    return each_assertion(db, q, cb, ctx, err);
}

/* Calls cb for each assertion of a person on a topic, in time order. */
tr_status tr_db_assertions_of_person(tr_db *db, const char *topic, int64_t person_id,
                                     tr_assertion_cb cb, void *ctx, tr_err *err)
{
    sqlite3_stmt *q = tr_db_prep(db, Q_ASSERT_PERSON,
                                 ASSERT_COLS "WHERE topic=?1 AND person_id=?2 "
                                             "ORDER BY date_lo, statement_id", err);
    if (!q)
        return TR_EIO;
    sqlite3_bind_text(q, 1, topic, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 2, person_id);
    return each_assertion(db, q, cb, ctx, err);
}

/* Calls cb for each assertion on a topic whose interval meets [lo, hi].
** Every assertion affirms or denies: naming both stances, and bounding
** date_lo by the widest interval, lets the (topic, stance, date_lo,
** date_hi) index bound the range and test date_hi without reading the
** rows that end too early. */
tr_status tr_db_assertions_in(tr_db *db, const char *topic, int64_t lo, int64_t hi,
                              tr_assertion_cb cb, void *ctx, tr_err *err)
{
    sqlite3_stmt *q = tr_db_prep(db, Q_ASSERT_IN,
                                 ASSERT_COLS "WHERE topic=?1 AND stance IN ('affirm', 'deny') "
                                             "AND date_lo BETWEEN ?2 AND ?3 AND date_hi >= ?4 "
                                             "ORDER BY date_lo, statement_id", err);
    if (!q)
        return TR_EIO;
    sqlite3_bind_text(q, 1, topic, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 2, lo > INT64_MIN + db->max_span ? lo - db->max_span : INT64_MIN);
    sqlite3_bind_int64(q, 3, hi);
    sqlite3_bind_int64(q, 4, lo);
    return each_assertion(db, q, cb, ctx, err);
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

/* Appends an event to finding id's history. */
static tr_status add_event(tr_db *db, const char *id, const char *actor, const char *action,
                           const char *from, const char *to, const char *reason, int64_t run,
                           tr_err *err)
{
    sqlite3_stmt *q = tr_db_prep(db, Q_FINDING_EVENT,
                                 "INSERT INTO finding_events(finding_id, at, actor, action, from_status, "
                                 "to_status, reason, run) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", err);
    if (!q)
        return TR_EIO;
    sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 2, db->now);
    tr_db_bind_text(q, 3, actor);
    sqlite3_bind_text(q, 4, action, -1, SQLITE_STATIC);
    tr_db_bind_text(q, 5, from);
    tr_db_bind_text(q, 6, to);
    tr_db_bind_text(q, 7, reason);
    if (run)
        sqlite3_bind_int64(q, 8, run);
    else
        sqlite3_bind_null(q, 8);
    return exec(db, q, err, "recording a finding's history");
}

/* Writes a finding's statements (after deleting the old ones). */
static tr_status write_members(tr_db *db, const tr_finding_in *f, tr_err *err)
{
    sqlite3_stmt *q = tr_db_prep(db, Q_FINDING_STMTS_DELETE,
                                 "DELETE FROM finding_statements WHERE finding_id=?1", err);
    if (!q)
        return TR_EIO;
    sqlite3_bind_text(q, 1, f->id, -1, SQLITE_STATIC);
    tr_status st = exec(db, q, err, "rewriting a finding's evidence");
    for (size_t i = 0; !st && i < f->nmembers; i++) {
        const tr_finding_member *a = &f->members[i];
        q = tr_db_prep(db, Q_FINDING_STMT_INSERT,
                       "INSERT INTO finding_statements(finding_id, position, statement_id, stance, "
                       "cue, cue_start, cue_end, negation, hedge, deciding) "
                       "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)", err);
        if (!q)
            return TR_EIO;
        sqlite3_bind_text(q, 1, f->id, -1, SQLITE_STATIC);
        sqlite3_bind_int64(q, 2, (int64_t)i);
        sqlite3_bind_int64(q, 3, a->statement_id);
        sqlite3_bind_text(q, 4, a->stance, -1, SQLITE_STATIC);
        tr_db_bind_text(q, 5, a->cue);
        sqlite3_bind_int64(q, 6, a->cue_start);
        sqlite3_bind_int64(q, 7, a->cue_end);
        tr_db_bind_text(q, 8, a->negation);
        tr_db_bind_text(q, 9, a->hedge);
        sqlite3_bind_int(q, 10, a->deciding);
        st = exec(db, q, err, "storing a finding's evidence");
    }
    return st;
}

/* Records a finding as seen in a run. */
tr_status tr_db_finding_upsert(tr_db *db, const tr_finding_in *f, int *is_new, tr_err *err)
{
    sqlite3_stmt *q = tr_db_prep(db, Q_FINDING_GET,
                                 "SELECT coalesce(evidence, ''), coalesce(retired_run, 0), last_run "
                                 "FROM findings WHERE id=?1", err);
    if (!q)
        return TR_EIO;
    sqlite3_bind_text(q, 1, f->id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    int known = rc == SQLITE_ROW;
    int same = known && f->evidence && !strcmp(tr_db_col_text(q, 0), f->evidence);
    int retired = known && sqlite3_column_int64(q, 1) != 0;
    sqlite3_reset(q);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return tr_db_fail(db, err, "reading a finding");
    *is_new = !known;
    tr_status st;
    if (known) {
        q = tr_db_prep(db, Q_FINDING_SEEN,
                       "UPDATE findings SET last_run=?2, updated_at=?3, retired_run=NULL, grp=?4, "
                       "order_certain=?5 WHERE id=?1", err);
        if (!q)
            return TR_EIO;
        sqlite3_bind_text(q, 1, f->id, -1, SQLITE_STATIC);
        sqlite3_bind_int64(q, 2, f->run);
        sqlite3_bind_int64(q, 3, db->now);
        tr_db_bind_text(q, 4, f->grp);
        sqlite3_bind_int(q, 5, f->order_certain);
        if ((st = exec(db, q, err, "updating a finding")) != TR_OK)
            return st;
        if (retired && (st = add_event(db, f->id, NULL, "revived", NULL, NULL, NULL, f->run, err)) != TR_OK)
            return st;
        if (same)
            return TR_OK;
        q = tr_db_prep(db, Q_FINDING_REWRITE, "UPDATE findings SET support=?2, evidence=?3 WHERE id=?1",
                       err);
        if (!q)
            return TR_EIO;
        sqlite3_bind_text(q, 1, f->id, -1, SQLITE_STATIC);
        tr_db_bind_text(q, 2, f->support);
        tr_db_bind_text(q, 3, f->evidence);
        if ((st = exec(db, q, err, "updating a finding")) != TR_OK)
            return st;
        return write_members(db, f, err);
    }
    q = tr_db_prep(db, Q_FINDING_INSERT,
                   "INSERT INTO findings(id, kind, rule, topic, severity, order_certain, ruleset, "
                   "first_run, last_run, created_at, updated_at, grp, support, evidence) "
                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9, ?9, ?10, ?11, ?12)", err);
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
    tr_db_bind_text(q, 10, f->grp);
    tr_db_bind_text(q, 11, f->support);
    tr_db_bind_text(q, 12, f->evidence);
    if ((st = exec(db, q, err, "storing a finding")) != TR_OK ||
        (st = add_event(db, f->id, NULL, "found", NULL, "new", NULL, f->run, err)) != TR_OK)
        return st;
    return write_members(db, f, err);
}

/* Retires finding id as of run. */
static tr_status retire(tr_db *db, const char *id, int64_t run, tr_err *err)
{
    sqlite3_stmt *q = tr_db_prep(db, Q_FINDING_RETIRE,
                                 "UPDATE findings SET retired_run=?2, updated_at=?3 WHERE id=?1", err);
    if (!q)
        return TR_EIO;
    sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 2, run);
    sqlite3_bind_int64(q, 3, db->now);
    tr_status st = exec(db, q, err, "retiring a finding");
    return st ? st : add_event(db, id, NULL, "retired", NULL, NULL, NULL, run, err);
}

/* Collects the ids a query selects (its first column) into a list the
** caller frees with free_ids. */
struct idlist {
    char **v;
    size_t n, cap;
};

static void free_ids(struct idlist *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
}

static tr_status collect_ids(tr_db *db, sqlite3_stmt *q, struct idlist *l, tr_err *err)
{
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        if (l->n == l->cap) {
            size_t cap = l->cap ? 2 * l->cap : 8;
            char **v = realloc(l->v, cap * sizeof *v);
            if (!v) {
                sqlite3_reset(q);
                return tr_errf(err, TR_ESOFTWARE, "out of memory");
            }
            l->v = v;
            l->cap = cap;
        }
        if (!(l->v[l->n] = strdup(tr_db_col_text(q, 0)))) {
            sqlite3_reset(q);
            return tr_errf(err, TR_ESOFTWARE, "out of memory");
        }
        l->n++;
    }
    sqlite3_reset(q);
    return rc == SQLITE_DONE ? TR_OK : tr_db_fail(db, err, "reading findings");
}

static int cmp_strp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Retires the group's live findings that were not found again. */
tr_status tr_db_findings_retire_group(tr_db *db, const char *rule, const char *grp,
                                      const char *const *keep, size_t n, int64_t run,
                                      long long *retired, tr_err *err)
{
    sqlite3_stmt *q = tr_db_prep(db, Q_FINDINGS_GROUP,
                                 "SELECT id FROM findings WHERE rule=?1 AND grp=?2 AND retired_run IS NULL",
                                 err);
    if (!q)
        return TR_EIO;
    sqlite3_bind_text(q, 1, rule, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, grp, -1, SQLITE_STATIC);
    struct idlist l = {0};
    tr_status st = collect_ids(db, q, &l, err);
    for (size_t i = 0; !st && i < l.n; i++)
        if (!(n && bsearch(&l.v[i], keep, n, sizeof *keep, cmp_strp)) && !(st = retire(db, l.v[i], run, err)))
            (*retired)++;
    free_ids(&l);
    return st;
}

/* Retires the live findings of rule holding statement_id but keep_id. */
tr_status tr_db_findings_retire_sharing(tr_db *db, const char *rule, const char *keep_id,
                                        int64_t statement_id, int64_t run, long long *retired,
                                        tr_err *err)
{
    sqlite3_stmt *q = tr_db_prep(db, Q_FINDINGS_SHARING,
                                 "SELECT DISTINCT f.id FROM finding_statements fs JOIN findings f "
                                 "ON f.id=fs.finding_id WHERE fs.statement_id=?1 AND f.rule=?2 "
                                 "AND f.id!=?3 AND f.retired_run IS NULL", err);
    if (!q)
        return TR_EIO;
    sqlite3_bind_int64(q, 1, statement_id);
    sqlite3_bind_text(q, 2, rule, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 3, keep_id, -1, SQLITE_STATIC);
    struct idlist l = {0};
    tr_status st = collect_ids(db, q, &l, err);
    for (size_t i = 0; !st && i < l.n; i++)
        if (!(st = retire(db, l.v[i], run, err)))
            (*retired)++;
    free_ids(&l);
    return st;
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
            .created_at = sqlite3_column_int64(q, 11), .updated_at = sqlite3_column_int64(q, 12),
            .grp = tr_db_col_text(q, 13), .support = tr_db_col_text(q, 14),
            .retired_run = sqlite3_column_int64(q, 15)};
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
        "AND (?3=0 OR f.last_run=?3) AND f.last_run>=?6 AND (?6=0 OR f.retired_run IS NULL) "
        "AND (?7 IS NULL OR f.id=?7) "
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
                                 "fs.cue_start, fs.cue_end, fs.deciding, " ROW_COLS " "
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
                             .cue_end = sqlite3_column_int64(q, 6),
                             .deciding = sqlite3_column_int(q, 7)};
        tr_db_row_statement(q, 8, &f.s);
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

/* Changes a finding's status, with its history; see db.h. */
tr_status tr_db_finding_set_status(tr_db *db, const char *id, const char *status, const char *by,
                                   const char *reason, tr_err *err)
{
    sqlite3_stmt *q = tr_db_prep(db, Q_FINDING_FIND, "SELECT status, coalesce(reason, '') FROM findings "
                                                     "WHERE id=?1", err);
    if (!q)
        return TR_EIO;
    sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    char from[32] = "", why[300] = "";
    if (rc == SQLITE_ROW) {
        snprintf(from, sizeof from, "%s", tr_db_col_text(q, 0));
        snprintf(why, sizeof why, "%s", tr_db_col_text(q, 1));
    }
    sqlite3_reset(q);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return tr_db_fail(db, err, "reading a finding");
    if (rc == SQLITE_DONE)
        return tr_errf(err, TR_EDATA, "no finding '%s'", id);
    int dismissed = !strcmp(from, "dismissed"), acked = !strcmp(from, "acknowledged");
    if (!strcmp(status, "acknowledged") && dismissed)
        return tr_errf(err, TR_EDATA, "%s is dismissed (%s): 'tracker findings reopen %s' first", id, why, id);
    if (!strcmp(status, "acknowledged") && acked)
        return tr_errf(err, TR_EDATA, "%s is already acknowledged", id);
    if (!strcmp(status, "dismissed") && dismissed)
        return tr_errf(err, TR_EDATA,
                       "%s is already dismissed (%s); its first reason stands: reopen it to dismiss it again",
                       id, why);
    if (!strcmp(status, "open") && !dismissed && !acked)
        return tr_errf(err, TR_EDATA, "%s is %s, not acknowledged or dismissed: nothing to reopen", id, from);
    q = tr_db_prep(db, Q_FINDING_STATUS,
                   "UPDATE findings SET status=?2, reason=?3, updated_at=?4 WHERE id=?1", err);
    if (!q)
        return TR_EIO;
    sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 2, status, -1, SQLITE_STATIC);
    tr_db_bind_text(q, 3, !strcmp(status, "dismissed") ? reason : NULL);
    sqlite3_bind_int64(q, 4, db->now);
    tr_status st = exec(db, q, err, "updating a finding");
    return st ? st : add_event(db, id, by, "status", from, status, reason, 0, err);
}

/* Marks new findings first seen up to run as open, with their history. */
tr_status tr_db_findings_mark_open(tr_db *db, int64_t upto_run, const char *by, tr_err *err)
{
    sqlite3_stmt *q = tr_db_prep(db, Q_FINDINGS_MARK_OPEN_EVENTS,
                                 "INSERT INTO finding_events(finding_id, at, actor, action, from_status, "
                                 "to_status, reason) SELECT id, ?2, ?3, 'status', 'new', 'open', "
                                 "'shown by a report' FROM findings WHERE status='new' AND first_run<=?1 "
                                 "ORDER BY id", err);
    if (!q)
        return TR_EIO;
    sqlite3_bind_int64(q, 1, upto_run);
    sqlite3_bind_int64(q, 2, db->now);
    tr_db_bind_text(q, 3, by);
    tr_status st = exec(db, q, err, "recording findings' history");
    if (st)
        return st;
    q = tr_db_prep(db, Q_FINDINGS_MARK_OPEN,
                   "UPDATE findings SET status='open', updated_at=?2 "
                   "WHERE status='new' AND first_run<=?1", err);
    if (!q)
        return TR_EIO;
    sqlite3_bind_int64(q, 1, upto_run);
    sqlite3_bind_int64(q, 2, db->now);
    return exec(db, q, err, "updating findings");
}

/* Calls cb for each event of a finding, oldest first. */
tr_status tr_db_finding_events(tr_db *db, const char *id,
                               int (*cb)(void *, const tr_finding_event *), void *ctx, tr_err *err)
{
    sqlite3_stmt *q = tr_db_prep(db, Q_FINDING_EVENTS,
                                 "SELECT at, actor, action, from_status, to_status, reason, "
                                 "coalesce(run, 0) FROM finding_events WHERE finding_id=?1 ORDER BY id",
                                 err);
    if (!q)
        return TR_EIO;
    sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        tr_finding_event e = {sqlite3_column_int64(q, 0), tr_db_col_text(q, 1), tr_db_col_text(q, 2),
                              tr_db_col_text(q, 3), tr_db_col_text(q, 4), tr_db_col_text(q, 5),
                              sqlite3_column_int64(q, 6)};
        if (cb(ctx, &e)) {
            rc = SQLITE_DONE;
            break;
        }
    }
    sqlite3_reset(q);
    return rc == SQLITE_DONE ? TR_OK : tr_db_fail(db, err, "reading a finding's history");
}
