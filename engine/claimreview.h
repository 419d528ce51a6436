/*
** claimreview.h (engine): a reversal as a schema.org ClaimReview
** (JSON-LD), the way PolitiFact publishes its Flip-O-Meter items: what
** `tracker findings export --format claimreview` writes.  Nothing here
** prints.
*/
#ifndef TR_CLAIMREVIEW_H
#define TR_CLAIMREVIEW_H

#include <jansson.h>
#include <stdint.h>

#include "db.h"
#include "rules.h"

/* One statement of the deciding pair (strings owned, freed by claimreview_free). */
typedef struct cr_statement {
    char *speaker, *kind;   /* the speaker and their kind (person, group, anonymous) */
    char *text, *date;      /* date as given, with its zone */
    char *url, *source;     /* may be NULL */
    char *stance, *hedge;   /* the assertion's stance, and its hedge or NULL */
    int64_t lo;
} cr_statement;

/* What a review says of one reversal (the borrowed strings belong to the caller). */
typedef struct cr_finding {
    const char *id, *topic, *status;
    const char *description; /* the topic's description from the rule set, or NULL */
    int order_certain;
    cr_statement pair[2];    /* the deciding pair, earlier first */
    int n;
} cr_finding;

/* The ClaimReview of f as a new JSON object (the caller's), reviewed by
** the organisation author at the URL url_template ({id}: the finding's
** id), published on the day of now.  The verdict: "No Flip" for a
** dismissed finding, "Half Flip" when the later statement's stance comes
** from a hedge, else "Full Flop" (ratingValue 1 worst to 3 best).  NULL
** when out of memory or f lacks its pair. */
json_t *claimreview_json(const cr_finding *f, const char *author, const char *url_template,
                         int64_t now);

/* Reads what the review of finding f says from db into *c: f's id,
** topic, status and order (borrowed from f), the topic's description
** from rs (NULL: none), and its deciding pair (copied; free with
** claimreview_free, also after an error). */
tr_status claimreview_read(tr_db *db, const tr_finding_row *f, const tr_ruleset *rs, cr_finding *c,
                           tr_err *err);

/* Frees the statements' strings. */
void claimreview_free(cr_finding *f);

#endif
