/*
** findings.h (engine): which findings the desk is shown by default:
** `findings list` and `findings export` list the current rule set's
** findings (not those it no longer finds), and of them the live ones
** (new, open, acknowledged), unless told otherwise.  Nothing here prints.
*/
#ifndef TR_ENGINE_FINDINGS_H
#define TR_ENGINE_FINDINGS_H

#include "db.h"

/* Calls cb for each finding q selects (q is the caller's, its filters
** as given): unless all, only the current rule set's (q->current_since
** set from the last scan's rule set), and when q names no status the
** new, then the open, then the acknowledged ones (dismissed ones left
** out).  With all, q as it is.  cb's non-zero return stops the walk. */
tr_status findings_listed(tr_db *db, tr_findings_query *q, int all,
                          int (*cb)(void *, const tr_finding_row *), void *ctx, tr_err *err);

#endif
