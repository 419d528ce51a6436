/*
** jsonout.h: writing JSON rows that never drop a row.
**
** Every JSON line the CLI prints is built from tr_json_str values (a text
** that is not valid UTF-8 has its bad bytes replaced by U+FFFD, so
** Jansson never refuses it) and printed by tr_json_print, which fails
** loudly instead of printing nothing.
*/
#ifndef TR_JSONOUT_H
#define TR_JSONOUT_H

#include <jansson.h>
#include <stdio.h>

#include "err.h"

/* A new JSON string of s (owned by the caller, or by the object it is
** packed into with "o"); JSON null for NULL.  Invalid UTF-8 bytes become
** U+FFFD.  NULL only when out of memory. */
json_t *tr_json_str(const char *s);

/* Prints o on one line of f (compact, keys in order) and releases it.
** TR_ESOFTWARE when o is NULL (it could not be built) or cannot be
** dumped; TR_EIO when f fails. */
tr_status tr_json_print(FILE *f, json_t *o, tr_err *err);

#endif
