/*
** driver.h: the one detection driver.  `tracker scan` (over the store,
** incrementally) and `tracker rules diff` (in memory, over everything)
** both run the detectors of rules/detect.h through tr_detect_run:
**
**   - for each reversal detector and each speaker a new assertion
**     belongs to, the speaker's whole sequence on the topic is read again
**     and its episodes found (so runs and their support are exact);
**   - for each contradiction detector, the statements around the new
**     assertions are read (the window and the widest date interval on each
**     side), widened until every dispute that holds a new assertion is
**     complete, and those disputes are found.
**
** The source says where assertions come from (the store, or arrays in
** memory: tr_memsource); the sink receives each episode and, after a
** speaker's or a dispute's recomputation, may retire what it held before
** and no longer finds.  Cost grows with the new assertions and what they
** touch, not with the store.
*/
#ifndef TR_DRIVER_H
#define TR_DRIVER_H

#include <stddef.h>
#include <stdint.h>

#include "detect.h"
#include "err.h"
#include "rules.h"

/* A growable array of assertions (owned by whoever holds it). */
typedef struct tr_arecs {
    tr_arec *v;
    size_t n, cap;
} tr_arecs;

/* Appends r to a; 0, or -1 when out of memory. */
int tr_arecs_push(tr_arecs *a, const tr_arec *r);
/* Frees a's memory. */
void tr_arecs_free(tr_arecs *a);

/* Where the driver reads assertions: both calls reset *out and fill it in
** time order (tr_arec_cmp).  Strings in the records stay valid until the
** source is freed. */
typedef struct tr_asource {
    void *self;
    /* every assertion of person on topic */
    tr_status (*person)(void *self, const char *topic, int64_t person, tr_arecs *out, tr_err *err);
    /* the topic's assertions whose date interval meets [lo, hi] */
    tr_status (*slice)(void *self, const char *topic, int64_t lo, int64_t hi, tr_arecs *out,
                       tr_err *err);
} tr_asource;

/* Where the driver writes. */
typedef struct tr_dsink {
    void *self;
    /* an episode found (new, or again); a status other than TR_OK stops the run */
    tr_status (*episode)(void *self, const tr_episode *e, tr_err *err);
    /* a reversal detector's episodes of person were all just given again:
    ** what the sink held of (detector, person) and was not given is gone.
    ** May be NULL. */
    tr_status (*person_done)(void *self, const tr_det_filter *f, int64_t person, tr_err *err);
} tr_dsink;

/* Runs the detectors of rs (filters: one per detector, people resolved)
** over what the assertions news[0..n) (each with its topic id in
** topics[i]) change, reading src and writing to sink. */
tr_status tr_detect_run(const tr_ruleset *rs, const tr_det_filter *filters, const tr_asource *src,
                        const tr_arec *news, const char *const *topics, size_t n, const tr_dsink *sink,
                        tr_err *err);

/* ---- an in-memory source ---------------------------------------------- */

/* Assertions held in memory, per topic: add them, then tr_memsource_ready,
** then use tr_memsource_as as the driver's source. */
typedef struct tr_memsource tr_memsource;

/* A new empty source for the topics of rs (NULL when out of memory);
** free with tr_memsource_free. */
tr_memsource *tr_memsource_new(const tr_ruleset *rs);
void tr_memsource_free(tr_memsource *m);
/* Adds an assertion on topic index t (its side string is copied). 0, or
** -1 when out of memory. */
int tr_memsource_add(tr_memsource *m, size_t t, const tr_arec *r);
/* Sorts what was added; 0 or -1. */
int tr_memsource_ready(tr_memsource *m);
/* The source view of m. */
tr_asource tr_memsource_as(tr_memsource *m);
/* Every assertion of topic t, in time order (after ready). */
const tr_arec *tr_memsource_topic(const tr_memsource *m, size_t t, size_t *n);

#endif
