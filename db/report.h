/*
** report.h: the store's queries for 'tracker report': what a window of
** time brought in (statements ingested, scans run, findings first seen),
** the findings still open, and activity per person.  Every function
** streams its rows; nothing here holds more than one row.
*/
#ifndef TR_DB_REPORT_H
#define TR_DB_REPORT_H

#include "db.h"

/* The window a report covers.  A finding is new in it when it was first
** seen in a run in (run_after, run_upto] that started in [t_lo, t_hi]; a
** statement was ingested in it when its id is in (stmt_after, stmt_upto]
** and its ingestion time in [t_lo, t_hi].  Findings last seen before run
** current_since are stale (the current rule set no longer finds them). */
typedef struct tr_report_window {
    int64_t run_after, run_upto;
    int64_t t_lo, t_hi;
    int64_t stmt_after, stmt_upto;
    int64_t current_since;
} tr_report_window;

/* Removes report run id, recorded by tr_db_run_start: a report whose
** output could not be written leaves no run behind, so its new findings
** stay new for the next report. */
tr_status tr_db_run_discard(tr_db *db, int64_t id, tr_err *err);

/* The highest run id and statement id in the store (0 when none). */
tr_status tr_db_report_marks(tr_db *db, int64_t *max_run, int64_t *max_statement, tr_err *err);

typedef struct tr_report_counts {
    int64_t ingested;       /* statements ingested in the window */
    int64_t ingested_people, ingested_sources; /* distinct speakers and sources among them */
    int64_t scans;          /* scans run in the window */
    int64_t last_scan_at;   /* when the latest of them started (0: none) */
    int64_t new_findings;   /* new in the window, not dismissed, stale, retired or acknowledged */
    int64_t open_findings;  /* first seen before the window, likewise */
    int64_t acknowledged;   /* acknowledged, still found */
    int64_t dismissed;      /* dismissed findings (any time) */
    int64_t stale;          /* findings the current rules no longer find (stale or retired),
                               not dismissed */
    int64_t people, statements, findings; /* in the whole store */
} tr_report_counts;

/* Fills c for window w. */
tr_status tr_db_report_counts(tr_db *db, const tr_report_window *w, tr_report_counts *c,
                              tr_err *err);

/* Which findings tr_db_report_findings lists. */
typedef enum { TR_REPORT_NEW, TR_REPORT_OPEN, TR_REPORT_ACK } tr_report_section;

/* Calls cb for each finding of section in window w (never dismissed,
** stale or retired ones): new (first seen in the window), open (first
** seen before), acknowledged (any time; in neither of the others), most
** severe first, then by first run and id. */
tr_status tr_db_report_findings(tr_db *db, const tr_report_window *w, tr_report_section section,
                                int (*cb)(void *, const tr_finding_row *), void *ctx,
                                tr_err *err);

/* The role person_id held over [lo, hi] (the latest started one that
** meets it) into buf; "" when none is known. */
tr_status tr_db_report_role(tr_db *db, int64_t person_id, int64_t lo, int64_t hi, char *buf,
                            size_t n, tr_err *err);

typedef struct tr_report_person {
    int64_t id;
    const char *name, *kind, *side;
    int64_t statements;       /* ingested in the window */
    int64_t direct, reported; /* of them, by mode */
    int64_t date_lo, date_hi; /* the dates they span (when statements > 0) */
    int64_t findings;         /* new findings that hold one of their statements */
} tr_report_person;

/* Calls cb for each person with statements ingested or new findings in
** window w, the most active first, then by name and id (one GROUP BY). */
tr_status tr_db_report_activity(tr_db *db, const tr_report_window *w,
                                int (*cb)(void *, const tr_report_person *), void *ctx,
                                tr_err *err);

#endif
