/*
** report_run.h (engine): a consistency report as a recorded run, and the
** window it covers.
**
** A report "since last" is recorded: its run is started before the
** report is read (report_run_start, so the report can name it), and
** finished once every output is written (report_run_finish: its findings
** are then open, no longer new).  The window of a report is read inside
** the one snapshot the report is streamed from (report_window_read):
** from the previous finished report run, which says up to which run and
** which statement it covered, to now.  A report whose outputs could not
** be written is taken back (report_run_discard), so its new findings stay
** new for the next report.  Nothing here prints.
*/
#ifndef TR_REPORT_RUN_H
#define TR_REPORT_RUN_H

#include "report_model.h"

/* Records the start of a report run under the rule set last scanned (its
** own transaction): h->run is its id. */
tr_status report_run_start(tr_db *db, rpt_header *h, tr_err *err);

/* Reads the window of the report h describes, inside the caller's read
** transaction (tr_db_read_begin), into h and w.  The caller has set
** h->since_kind, h->from (a --since date), h->to and h->run, and w->t_lo,
** w->t_hi (the dates given, else INT64_MIN and INT64_MAX).  Fills w's
** marks (what the store holds now: the highest run and statement ids) and
** w->current_since, h->ruleset; and, since the last report, h->prev_run,
** h->from and w's lower marks from the previous finished report run
** (none: everything until now).  until_given: --until was given, and a
** window that would end before the previous report is TR_EUSAGE with a
** message saying to give --since DATE as well. */
tr_status report_window_read(tr_db *db, int until_given, rpt_header *h, tr_report_window *w,
                             tr_err *err);

/* Finishes report run h->run (its own transaction): the findings new in
** window w become open, acknowledged by by (NULL: nobody named), and the
** run records what it covered (upto_run, upto_statement: the next
** report's window starts there) with its counts. */
tr_status report_run_finish(tr_db *db, const rpt_header *h, const tr_report_window *w,
                            const char *by, tr_err *err);

/* Takes back report run id (its own transaction); errors are dropped, as
** the report has failed already. */
void report_run_discard(tr_db *db, int64_t id);

#endif
