/*
** reports.h (engine): a statement's reports as the read commands show
** them: history, search, findings, statements show and the consistency
** report name the same sources ("Twitter; Reuters") and carry the same
** JSON "reports" array.  Nothing here prints.
*/
#ifndef TR_REPORTS_H
#define TR_REPORTS_H

#include <jansson.h>

#include "db.h"
#include "text.h"

/* The JSON array of statement id's reports (a new reference the caller
** owns or packs with "o"): each with id, how, source, title, published,
** url, feed_id, date (as given), utc, earliest, latest, mode, text, cue,
** date_expr, span, spans and context.  NULL, err filled, on failure. */
json_t *reports_json(tr_db *db, int64_t id, tr_err *err);

/* The sources of statement id's reports, each once in the order its
** reports came ("no source" for a feed without one), joined by "; ",
** appended to out (the caller's buffer). */
tr_status reports_sources(tr_db *db, int64_t id, tr_buf *out, tr_err *err);

#endif
