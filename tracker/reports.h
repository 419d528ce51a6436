/*
** reports.h: a statement's reports as the read commands show them:
** history, search, findings and statements show print the same "2
** reports: Twitter; Reuters" line and the same JSON "reports" array.
*/
#ifndef TR_CLI_REPORTS_H
#define TR_CLI_REPORTS_H

#include <jansson.h>
#include <stdio.h>

#include "cli.h"

/* The JSON array of statement id's reports (a new reference the caller
** owns or packs with "o"): each with id, how, source, title, published,
** url, feed_id, date (as given), utc, earliest, latest, mode, text, cue,
** date_expr, span, spans and context.  NULL, err filled, on failure. */
json_t *cli_reports_json(tr_db *db, int64_t id, tr_err *err);

/* The sources of statement id's reports, each once in the order its
** reports came ("no source" for a feed without one), joined by "; ",
** appended to out. */
tr_status cli_reports_sources(tr_db *db, int64_t id, tr_buf *out, tr_err *err);

/* Prints, for a statement of more than one report, the line "N reports:
** SOURCE; SOURCE..." (each source once, in the order its reports came,
** "no source" for a feed without one) indented by indent spaces, and a
** line that says so when the reports' dates do not meet.  Nothing for a
** statement of one report. */
tr_status cli_reports_line(tr_cli *cli, tr_db *db, const tr_statement_row *r, int indent,
                           tr_err *err);

#endif
