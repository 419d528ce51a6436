/*
** report_model.h (engine): 'tracker report': the report's data model.
**
** report_model.c reads the store in one pass and streams the report to a
** renderer: the header (window, what was ingested, counts), then each new
** finding, each open finding, each person's activity, then the footer.
** A finding is handed over with both its statements and is forgotten
** once rendered, so memory stays flat however many findings there are.
** The renderers are the CLI's print layer (tracker/report_render.h: one
** per output format); they print, they never query.  Nothing here prints.
*/
#ifndef TR_REPORT_MODEL_H
#define TR_REPORT_MODEL_H

#include <stdint.h>
#include <stdio.h>

#include "date.h"
#include "db.h"
#include "report.h"

/* How the window's start was chosen. */
typedef enum { RPT_SINCE_LAST, RPT_SINCE_DATE } rpt_since;

typedef struct rpt_header {
    int64_t now;              /* the run's clock */
    int64_t run;              /* the report run recorded, or 0 (--dry-run, --since DATE) */
    rpt_since since_kind;
    const char *since_text;   /* --since as given ("last" or a date) */
    const char *until_text;   /* --until as given, or NULL */
    int64_t prev_run;         /* the previous report run (--since last), or 0 */
    int64_t from, to;         /* the window: from (INT64_MIN: the beginning) .. to */
    char ruleset[80];         /* the current rule set hash, "" when never scanned */
    const struct tr_zone *zone; /* the zone times are shown in (NULL: UTC) */
    tr_report_counts counts;
} rpt_header;

/* One statement of a finding, ready to print (strings owned by the model
** until the finding has been rendered). */
typedef struct rpt_stmt {
    int64_t id;
    char *speaker, *side, *role, *mode, *text, *date_text, *source, *url, *feed_id;
    char *stance, *cue, *negation, *hedge;
    int deciding;             /* one of the deciding pair */
    tr_date date;
    const char *prec;         /* precision name */
    char utc[80];             /* the date in UTC at its own precision */
    char when[112];           /* the date for people, in the report's zone (tr_date_show) */
    char given[96];           /* the date as given, with its zone (tr_date_given) */
    int show_given;           /* given in another zone than the report's: shown beside */
    int64_t cue_start, cue_end; /* byte span of the cue in text, or -1, -1 */
    int64_t nreports;         /* the statement's reports (1 or more) */
    char *sources;            /* more than one: their sources, "Twitter; Reuters"; else NULL */
} rpt_stmt;

/* A run of a reversal, or a side of a dispute (from the finding's support). */
typedef struct rpt_run {
    char side[64];            /* a dispute's side, "" for a reversal */
    char stance[16];
    int64_t count;
    char from[40], to[40];    /* UTC: the first statement's earliest, the last's latest instant */
} rpt_run;

typedef struct rpt_finding {
    const tr_finding_row *f;
    int section;              /* TR_REPORT_NEW, TR_REPORT_OPEN or TR_REPORT_ACK */
    int64_t index;            /* 1-based within its section */
    rpt_stmt *s;              /* every statement, time order (a reversal: its deciding pair) */
    int n, cap;
    int pair[2];              /* indexes into s of the deciding pair, earlier first */
    rpt_run runs[2];          /* before/after (reversal) or the two sides (dispute) */
    int nruns;                /* 0 when the finding predates episodes */
    int order_uncertain;
    char gap[96];             /* the time between the deciding pair, for people */
    int64_t gap_min, gap_max; /* the same in seconds (0 when they overlap) */
    int overlap;
} rpt_finding;

/* Where a renderer writes, and its small state: the caller's, handed to
** each renderer call as it is (the model only reads hide_ack and resets
** n at each list). */
typedef struct rpt_out {
    FILE *f;
    int color;                /* text only: ANSI colour */
    int64_t n;                /* items written in the current list */
    int hide_ack;             /* --hide-acknowledged: no acknowledged section */
} rpt_out;

/* A renderer: the calls report_stream makes, in order. */
typedef struct rpt_renderer {
    void (*begin)(rpt_out *o, const rpt_header *h);
    void (*section)(rpt_out *o, const rpt_header *h, int section, int64_t count);
    void (*finding)(rpt_out *o, const rpt_header *h, const rpt_finding *f);
    void (*section_end)(rpt_out *o, const rpt_header *h, int section, int64_t count);
    void (*activity)(rpt_out *o, const rpt_header *h);
    void (*person)(rpt_out *o, const rpt_header *h, const tr_report_person *p);
    void (*activity_end)(rpt_out *o, const rpt_header *h);
    void (*end)(rpt_out *o, const rpt_header *h);
} rpt_renderer;

/* Fills h's counts and rule set for window w. */
tr_status report_header(tr_db *db, const tr_report_window *w, rpt_header *h, tr_err *err);
/* Streams the report for window w through r to o. */
tr_status report_stream(tr_db *db, const tr_report_window *w, const rpt_header *h,
                        const rpt_renderer *r, rpt_out *o, tr_err *err);

/* ---- helpers the renderers share (report_model.c) ---------------------- */

/* A time as "2017-07-21 06:00 UTC" (seconds shown when not zero), in the
** report's zone. */
void report_time(const rpt_header *h, int64_t t, char *buf, size_t n);
/* A statement's date for people: "2017-07-15 to 2017-07-16", "2017-07-09
** 11:50:24 UTC", "2017-07 (month)"... */
void report_when(const rpt_stmt *s, char *buf, size_t n);
/* The window as one phrase: "since the report of 2017-07-20 06:00 UTC
** (run 3) until 2017-07-21 06:00 UTC". */
void report_window(const rpt_header *h, char *buf, size_t n);
/* 1 when the cue span of s is usable on its text. */
int report_has_cue(const rpt_stmt *s);
/* The finding's support for people: "Donald Trump: affirm (3 statements,
** 2017-07-01 to 2017-07-09), then deny (1 statement, 2017-07-10)" or "RU
** affirms (2 statements, ...) against US denies (...)"; "" when unknown. */
void report_support(const rpt_finding *f, char *buf, size_t n);
/* The label of statement i of f: "Earlier"/"Later" ("One"/"The other" when
** the order is uncertain) for a reversal's deciding pair; for a dispute's
** statements their side, and "deciding" for the nearest opposing pair:
** "RU, deciding". */
void report_label(const rpt_finding *f, int i, char *buf, size_t n);
/* 1 when f is a dispute (its statements are listed with their sides). */
int report_is_dispute(const rpt_finding *f);
/* The section's title: "New", "Open", "Acknowledged". */
const char *report_section_name(int section);

#endif
