/*
** tz.h: time zones from the system's zoneinfo, loaded once.
**
** A tr_zone is one IANA zone ("America/Chicago") read from its TZif file
** (RFC 8536, versions 1 to 4) into a table of transitions: the file's own,
** extended with the transitions its POSIX rule (the footer, e.g.
** "CST6CDT,M3.2.0,M11.1.0") gives up to the year 2200.  Every conversion
** after that is a binary search in the table: no TZ environment variable,
** no C library time zone state, nothing global.
*/
#ifndef TR_TZ_H
#define TR_TZ_H

#include <stdint.h>

#include "err.h"

typedef struct tr_zone tr_zone;

/* Loads the zone name from the zoneinfo directory dir (NULL:
** /usr/share/zoneinfo).  *out is the caller's (tr_zone_free).  A name that
** is not a zone (unknown, absolute, with "..", not a TZif file) is
** TR_EUSAGE with a message naming it. */
tr_status tr_zone_load(const char *name, const char *dir, tr_zone **out, tr_err *err);

/* Frees z (NULL is fine). */
void tr_zone_free(tr_zone *z);

/* The zone's name as given to tr_zone_load (owned by z). */
const char *tr_zone_name(const tr_zone *z);

/* The offset from UTC, in seconds east, in effect in z at instant t (Unix
** seconds); 0 for a NULL zone (UTC). */
int32_t tr_zone_offset(const tr_zone *z, int64_t t);

/* The instant that the wall-clock time wall (the local date and time
** written as Unix seconds, as if it were UTC) names in z.  A time that
** happens twice (clocks go back) is the first of the two; a time skipped
** when clocks go forward is read with the offset in effect before the
** change (02:30 on the day America/Chicago skips from 02:00 to 03:00 is
** 08:30Z, shown as 03:30 CDT), as the C library's mktime reads them. */
int64_t tr_zone_to_utc(const tr_zone *z, int64_t wall);

#endif
