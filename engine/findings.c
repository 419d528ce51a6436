/*
** findings.c: the findings the desk is shown by default (see findings.h).
*/
#include "findings.h"

/* Calls cb for each finding listed by default; see findings.h. */
tr_status findings_listed(tr_db *db, tr_findings_query *q, int all,
                          int (*cb)(void *, const tr_finding_row *), void *ctx, tr_err *err)
{
    static const char *const live[] = {"new", "open", "acknowledged"};
    tr_status st = TR_OK;
    char hash[80];
    int64_t since = 0;
    if (!all && !(st = tr_db_scan_ruleset(db, hash, sizeof hash, &since, err)))
        q->current_since = since ? since : 1;
    if (!st && !all && !q->status) {
        for (int i = 0; i < 3 && !st; i++) {
            q->status = live[i];
            st = tr_db_findings_each(db, q, cb, ctx, err);
        }
        q->status = NULL;
    } else if (!st) {
        st = tr_db_findings_each(db, q, cb, ctx, err);
    }
    return st;
}
