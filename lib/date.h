/*
** date.h: ISO 8601 / EDTF level 0 dates with their precision.
**
** A date is stored as the earliest and the latest instant it can denote
** (Unix seconds, UTC, both inclusive), its precision and the text it came
** from.  "2017" is 2017-01-01T00:00:00Z .. 2017-12-31T23:59:59Z; an
** instant "2017-07-09T11:50:24Z" has lo == hi.  Two dates are ordered only
** when their intervals do not overlap.
**
** Accepted forms (T or one space between date and time):
**   YYYY   YYYY-MM   YYYY-MM-DD
**   YYYY-MM-DDTHH:MM[:SS[.fff]][Z|+HH:MM|-HH:MM|+HHMM|-HHMM]
**   A/B    where A and B are any of the above and A <= B
** A time of day without Z or an offset is local time in the zone given to
** tr_date_parse (tz.h: loaded once from the system's zoneinfo), or UTC
** when the zone is NULL.  Calendar dates without a time are civil days, months and
** years, bounded in UTC.
*/
#ifndef TR_DATE_H
#define TR_DATE_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "tz.h"

typedef enum tr_prec {
    TR_PREC_YEAR,
    TR_PREC_MONTH,
    TR_PREC_DAY,
    TR_PREC_MINUTE,
    TR_PREC_SECOND,
    TR_PREC_INTERVAL
} tr_prec;

typedef struct tr_date {
    int64_t lo;   /* earliest instant, Unix seconds UTC, inclusive */
    int64_t hi;   /* latest instant, Unix seconds UTC, inclusive */
    tr_prec prec; /* precision of the text (TR_PREC_INTERVAL for A/B) */
} tr_date;

/* Parses text (NUL-terminated) into out.  tz is the zone of local times
** of day, or NULL for UTC.  On failure fills err with a message such as
** "impossible date '2017-02-30': February 2017 has 28 days" and returns
** TR_EDATA. */
tr_status tr_date_parse(const char *text, const tr_zone *tz, tr_date *out,
                        tr_err *err);

/* The name of a precision: "year", "month", "day", "minute", "second",
** "interval".  Static storage. */
const char *tr_prec_name(tr_prec p);

/* The precision named name (as tr_prec_name gives it); TR_PREC_DAY if
** the name is unknown. */
tr_prec tr_prec_from_name(const char *name);

/* Writes t as "YYYY-MM-DDTHH:MM:SSZ" into buf (at least 32 bytes). */
void tr_date_format_utc(int64_t t, char *buf, size_t n);

/* Writes d at its own precision in UTC: "2017", "2017-07",
** "2017-07-09", "2017-07-09T11:50Z", "2017-07-09T11:50:24Z" or
** "LO/HI" for an interval, each side at day precision when it covers
** whole days.  buf should hold at least 64 bytes. */
void tr_date_format(const tr_date *d, char *buf, size_t n);

/* The one style dates are shown in to people, in zone z (NULL: UTC):
** "2017", "2017-07", "2017-07-09", "2017-07-09 11:50 UTC", "2017-07-09
** 06:50:24 -05:00", an interval "2017-07-01 to 2017-07-19" (each side a
** time when it does not cover whole days).  A calendar date is the civil
** date as given, whatever the zone.  buf should hold 96 bytes. */
void tr_date_show(const tr_date *d, const tr_zone *z, char *buf, size_t n);

/* An instant in that style: "2017-07-21 06:00 UTC", "2017-07-21 01:00:09
** -05:00" (seconds when secs). */
void tr_time_show(int64_t t, const tr_zone *z, int secs, char *buf, size_t n);

/* The civil day ("2017-07-09") d begins on (or ends on, when upper): a
** calendar date's own day, a time of day's day in zone z (NULL: UTC). */
void tr_date_day(const tr_date *d, int upper, const tr_zone *z, char *buf, size_t n);

/* The date as given (text, which d was parsed from) with its zone made
** explicit: a local time of day read in a zone gets the offset that made
** it d ("2017-07-09 06:50:24" read in America/Chicago is
** "2017-07-09T06:50:24-05:00"); everything else is text as it is.
** Parsing the result without a zone gives d again: what an export writes,
** so that a re-import lands every statement at the same instants.  buf
** should hold 96 bytes. */
void tr_date_given(const char *text, const tr_date *d, char *buf, size_t n);

/* 1 when text (which d was parsed from) starts with a time of day, with
** *off the offset (seconds east) it was given in: 0 for "Z" or a time
** read as UTC, -18000 for "06:50:24-05:00" or a time read in Central
** daylight time.  0 for a calendar date. */
int tr_date_given_offset(const char *text, const tr_date *d, int64_t *off);

/* 1 when a and b overlap (their order is uncertain), else 0. */
int tr_date_overlap(const tr_date *a, const tr_date *b);

/* Days since 1970-01-01 of the civil date y-m-d (proleptic Gregorian). */
int64_t tr_days_from_civil(int64_t y, unsigned m, unsigned d);

/* The civil date of day z since 1970-01-01. */
void tr_civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d);

/* Weekday of day z since 1970-01-01: 0 = Sunday .. 6 = Saturday. */
unsigned tr_weekday_from_days(int64_t z);

/* Days in month m (1-12) of year y. */
unsigned tr_days_in_month(int64_t y, unsigned m);

#endif
