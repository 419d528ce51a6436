/*
** report_run.c: a report's run and its window (see report_run.h).
*/
#include "report_run.h"

#include <jansson.h>
#include <stdlib.h>

/* Records the start of a report run; see report_run.h. */
tr_status report_run_start(tr_db *db, rpt_header *h, tr_err *err)
{
    char rs[80];
    tr_status st;
    if ((st = tr_db_begin(db, err)) || (st = tr_db_scan_ruleset(db, rs, sizeof rs, NULL, err)) ||
        (st = tr_db_run_start(db, "report", rs[0] ? rs : NULL, &h->run, err)) ||
        (st = tr_db_commit(db, err)))
        tr_db_rollback(db);
    return st;
}

struct prev {
    int found;
    int64_t id, started_at, upto_run, upto_statement;
};

/* Reads the previous report run and what it covered (its stats: upto_run
** and upto_statement; a run that predates them covered up to itself). */
static int prev_cb(void *ctx, const tr_run *r)
{
    struct prev *p = ctx;
    p->found = 1;
    p->id = r->id;
    p->started_at = r->started_at;
    p->upto_run = r->id;
    p->upto_statement = 0;
    json_t *j = r->stats ? json_loads(r->stats, 0, NULL) : NULL;
    json_t *v;
    if (j && json_is_integer(v = json_object_get(j, "upto_run")))
        p->upto_run = json_integer_value(v);
    if (j && json_is_integer(v = json_object_get(j, "upto_statement")))
        p->upto_statement = json_integer_value(v);
    json_decref(j);
    return 0;
}

/* Reads the report's window; see report_run.h. */
tr_status report_window_read(tr_db *db, int until_given, rpt_header *h, tr_report_window *w,
                             tr_err *err)
{
    struct prev prev = {0};
    int64_t since_run = 0;
    tr_status st;
    if ((st = tr_db_report_marks(db, &w->run_upto, &w->stmt_upto, err)) ||
        (st = tr_db_scan_ruleset(db, h->ruleset, sizeof h->ruleset, &since_run, err)) ||
        (st = h->since_kind == RPT_SINCE_LAST ? tr_db_run_last(db, "report", h->run, prev_cb, &prev, err)
                                              : TR_OK))
        return st;
    w->current_since = since_run;
    if (!prev.found)
        return TR_OK;
    h->prev_run = prev.id;
    h->from = prev.started_at;
    w->run_after = prev.upto_run;
    w->stmt_after = prev.upto_statement;
    if (until_given && w->t_hi < prev.started_at) {
        char t[64];
        report_time(h, prev.started_at, t, sizeof t);
        return tr_errf(err, TR_EUSAGE, "--until %s is before the window's start, the previous "
                       "report (run %lld, %s): give --since DATE as well", h->until_text,
                       (long long)prev.id, t);
    }
    return TR_OK;
}

/* Finishes a report run; see report_run.h. */
tr_status report_run_finish(tr_db *db, const rpt_header *h, const tr_report_window *w,
                            const char *by, tr_err *err)
{
    json_t *j = json_pack("{s:s, s:o, s:I, s:I, s:I, s:I, s:I}", "since", "last",
                          "previous_report", h->prev_run ? json_integer(h->prev_run) : json_null(),
                          "upto_run", (json_int_t)w->run_upto,
                          "upto_statement", (json_int_t)w->stmt_upto,
                          "ingested", (json_int_t)h->counts.ingested,
                          "new_findings", (json_int_t)h->counts.new_findings,
                          "open_findings", (json_int_t)h->counts.open_findings);
    char *stats = j ? json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
    json_decref(j);
    if (!stats)
        return tr_errf(err, TR_ESOFTWARE, "out of memory");
    tr_status st;
    if ((st = tr_db_begin(db, err)) || (st = tr_db_findings_mark_open(db, w->run_upto, by, err)) ||
        (st = tr_db_run_finish(db, h->run, stats, err)) || (st = tr_db_commit(db, err)))
        tr_db_rollback(db);
    free(stats);
    return st;
}

/* Takes back a report run; see report_run.h. */
void report_run_discard(tr_db *db, int64_t id)
{
    tr_err ignored;
    if (!tr_db_begin(db, &ignored) && !tr_db_run_discard(db, id, &ignored))
        tr_db_commit(db, &ignored);
    else
        tr_db_rollback(db);
}
