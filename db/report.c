/*
** report.c: the queries of 'tracker report' (see report.h).
*/
#include "report.h"

#include <stdio.h>

#include "internal.h"

tr_status tr_db_read_begin(tr_db *db, tr_err *err)
{
    if (sqlite3_exec(db->h, "BEGIN DEFERRED", NULL, NULL, NULL) != SQLITE_OK)
        return tr_db_fail(db, err, "starting a read");
    return TR_OK;
}

void tr_db_read_end(tr_db *db)
{
    if (!sqlite3_get_autocommit(db->h))
        sqlite3_exec(db->h, "COMMIT", NULL, NULL, NULL);
}

/* Removes an unfinished report run; see report.h. */
tr_status tr_db_run_discard(tr_db *db, int64_t id, tr_err *err)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(db->h, "DELETE FROM runs WHERE id=?1 AND kind='report' AND "
                                  "finished_at IS NULL", -1, &q, NULL) != SQLITE_OK)
        return tr_db_fail(db, err, "removing a report run");
    sqlite3_bind_int64(q, 1, id);
    int rc = sqlite3_step(q);
    sqlite3_finalize(q);
    return rc == SQLITE_DONE ? TR_OK : tr_db_fail(db, err, "removing a report run");
}

tr_status tr_db_report_marks(tr_db *db, int64_t *max_run, int64_t *max_statement, tr_err *err)
{
    sqlite3_stmt *q = tr_db_prep(db, Q_REPORT_MARKS,
                                 "SELECT (SELECT coalesce(max(id), 0) FROM runs), "
                                 "(SELECT coalesce(max(id), 0) FROM statements)", err);
    if (!q)
        return TR_EIO;
    int rc = sqlite3_step(q);
    *max_run = rc == SQLITE_ROW ? sqlite3_column_int64(q, 0) : 0;
    *max_statement = rc == SQLITE_ROW ? sqlite3_column_int64(q, 1) : 0;
    sqlite3_reset(q);
    return rc == SQLITE_ROW ? TR_OK : tr_db_fail(db, err, "reading the store's size");
}

/* The window's parameters bound as ?1..?7 (see WIN_* below). */
static void bind_window(sqlite3_stmt *q, const tr_report_window *w)
{
    sqlite3_bind_int64(q, 1, w->run_after);
    sqlite3_bind_int64(q, 2, w->run_upto);
    sqlite3_bind_int64(q, 3, w->t_lo);
    sqlite3_bind_int64(q, 4, w->t_hi);
    sqlite3_bind_int64(q, 5, w->stmt_after);
    sqlite3_bind_int64(q, 6, w->stmt_upto);
    sqlite3_bind_int64(q, 7, w->current_since);
}

/* A statement s ingested in the window. */
#define WIN_STMT "s.id>?5 AND s.id<=?6 AND s.ingested_at BETWEEN ?3 AND ?4"
/* A finding f (first run r) that is live: not dismissed, not stale, not
** retired. */
#define LIVE "f.status!='dismissed' AND f.last_run>=?7 AND f.retired_run IS NULL AND f.first_run<=?2 " \
             "AND r.started_at<=?4"
/* ... and first seen in the window. */
#define IN_WIN "(f.first_run>?1 AND r.started_at>=?3)"
/* ... and not acknowledged. */
#define UNACKED "f.status!='acknowledged'"
#define FINDINGS_FROM "FROM findings f JOIN runs r ON r.id=f.first_run "

tr_status tr_db_report_counts(tr_db *db, const tr_report_window *w, tr_report_counts *c,
                              tr_err *err)
{
    sqlite3_stmt *q = tr_db_prep(
        db, Q_REPORT_COUNTS,
        "SELECT count(*), count(DISTINCT s.person_id), count(DISTINCT s.source_id), "
        "(SELECT count(*) FROM runs WHERE kind='scan' AND id>?1 AND id<=?2 "
        "  AND started_at BETWEEN ?3 AND ?4), "
        "(SELECT coalesce(max(started_at), 0) FROM runs WHERE kind='scan' AND id>?1 AND id<=?2 "
        "  AND started_at BETWEEN ?3 AND ?4), "
        "(SELECT count(*) " FINDINGS_FROM "WHERE " LIVE " AND " UNACKED " AND " IN_WIN "), "
        "(SELECT count(*) " FINDINGS_FROM "WHERE " LIVE " AND " UNACKED " AND NOT " IN_WIN "), "
        "(SELECT count(*) FROM findings WHERE status='dismissed'), "
        "(SELECT count(*) FROM findings WHERE status!='dismissed' AND (last_run<?7 OR "
        "  retired_run IS NOT NULL)), "
        "(SELECT count(*) " FINDINGS_FROM "WHERE " LIVE " AND f.status='acknowledged'), "
        "(SELECT count(*) FROM people), (SELECT count(*) FROM statements), "
        "(SELECT count(*) FROM findings) "
        "FROM statements s WHERE " WIN_STMT, err);
    if (!q)
        return TR_EIO;
    bind_window(q, w);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        int64_t *v[] = {&c->ingested, &c->ingested_people, &c->ingested_sources, &c->scans,
                        &c->last_scan_at, &c->new_findings, &c->open_findings, &c->dismissed,
                        &c->stale, &c->acknowledged, &c->people, &c->statements, &c->findings};
        for (int i = 0; i < (int)(sizeof v / sizeof v[0]); i++)
            *v[i] = sqlite3_column_int64(q, i);
    }
    sqlite3_reset(q);
    return rc == SQLITE_ROW ? TR_OK : tr_db_fail(db, err, "counting the report's window");
}

tr_status tr_db_report_findings(tr_db *db, const tr_report_window *w, tr_report_section section,
                                int (*cb)(void *, const tr_finding_row *), void *ctx,
                                tr_err *err)
{
    sqlite3_stmt *q = tr_db_prep(
        db, Q_REPORT_FINDINGS,
        "SELECT " FINDING_COLS " " FINDINGS_FROM "WHERE " LIVE " AND (CASE WHEN f.status='acknowledged' "
        "THEN 2 WHEN " IN_WIN " THEN 0 ELSE 1 END)=?8 "
        "ORDER BY CASE f.severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 "
        "ELSE 3 END, f.first_run, f.id", err);
    if (!q)
        return TR_EIO;
    bind_window(q, w);
    sqlite3_bind_int(q, 8, section == TR_REPORT_NEW ? 0 : section == TR_REPORT_OPEN ? 1 : 2);
    return tr_db_each_finding(db, q, cb, ctx, err, "listing the report's findings");
}

tr_status tr_db_report_role(tr_db *db, int64_t person_id, int64_t lo, int64_t hi, char *buf,
                            size_t n, tr_err *err)
{
    sqlite3_stmt *q = tr_db_prep(db, Q_REPORT_ROLE,
                                 "SELECT role FROM roles WHERE person_id=?1 "
                                 "AND (from_lo IS NULL OR from_lo<=?3) AND (to_hi IS NULL OR to_hi>=?2) "
                                 "ORDER BY from_lo DESC, id LIMIT 1", err);
    if (!q)
        return TR_EIO;
    sqlite3_bind_int64(q, 1, person_id);
    sqlite3_bind_int64(q, 2, lo);
    sqlite3_bind_int64(q, 3, hi);
    int rc = sqlite3_step(q);
    snprintf(buf, n, "%s", rc == SQLITE_ROW && tr_db_col_text(q, 0) ? tr_db_col_text(q, 0) : "");
    sqlite3_reset(q);
    return rc == SQLITE_ROW || rc == SQLITE_DONE ? TR_OK : tr_db_fail(db, err, "reading a role");
}

tr_status tr_db_report_activity(tr_db *db, const tr_report_window *w,
                                int (*cb)(void *, const tr_report_person *), void *ctx,
                                tr_err *err)
{
    sqlite3_stmt *q = tr_db_prep(
        db, Q_REPORT_ACTIVITY,
        "WITH ing AS (SELECT s.person_id AS pid, count(*) AS n, sum(s.mode='direct') AS d, "
        "  min(s.date_lo) AS lo, max(s.date_hi) AS hi FROM statements s WHERE " WIN_STMT
        "  GROUP BY s.person_id), "
        "fnd AS (SELECT s.person_id AS pid, count(DISTINCT f.id) AS nf " FINDINGS_FROM
        "  JOIN finding_statements fs ON fs.finding_id=f.id JOIN statements s ON s.id=fs.statement_id "
        "  WHERE " LIVE " AND " UNACKED " AND " IN_WIN " GROUP BY s.person_id) "
        "SELECT p.id, p.name, p.kind, p.side, coalesce(ing.n, 0), coalesce(ing.d, 0), "
        "coalesce(ing.lo, 0), coalesce(ing.hi, 0), coalesce(fnd.nf, 0) "
        "FROM people p LEFT JOIN ing ON ing.pid=p.id LEFT JOIN fnd ON fnd.pid=p.id "
        "WHERE ing.n IS NOT NULL OR fnd.nf IS NOT NULL "
        "ORDER BY coalesce(ing.n, 0) DESC, coalesce(fnd.nf, 0) DESC, p.name, p.id", err);
    if (!q)
        return TR_EIO;
    bind_window(q, w);
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        tr_report_person p = {.id = sqlite3_column_int64(q, 0), .name = tr_db_col_text(q, 1),
                              .kind = tr_db_col_text(q, 2), .side = tr_db_col_text(q, 3),
                              .statements = sqlite3_column_int64(q, 4),
                              .direct = sqlite3_column_int64(q, 5),
                              .date_lo = sqlite3_column_int64(q, 6),
                              .date_hi = sqlite3_column_int64(q, 7),
                              .findings = sqlite3_column_int64(q, 8)};
        p.reported = p.statements - p.direct;
        if (cb(ctx, &p)) {
            rc = SQLITE_DONE;
            break;
        }
    }
    sqlite3_reset(q);
    return rc == SQLITE_DONE ? TR_OK : tr_db_fail(db, err, "reading activity per person");
}
