/*
** input.h: reading statement and people records from JSON Lines and CSV.
**
** A tr_input reads one file (or standard input) record by record and
** keeps the line each record starts on, so every problem can be reported
** as FILE:LINE.  A bad record is a value (TR_EDATA with a message); the
** caller reports it and reads on.  Records are checked for the things no
** store should hold: invalid UTF-8, NUL bytes, lines over the size limit.
*/
#ifndef TR_INPUT_H
#define TR_INPUT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "err.h"
#include "text.h"

/* The fields a statement record can have (SPEC §5, plus what extract adds). */
typedef enum tr_field {
    TR_F_SPEAKER, TR_F_DATE, TR_F_TEXT, TR_F_MODE, TR_F_SIDE, TR_F_ROLE, TR_F_SOURCE,
    TR_F_URL, TR_F_PUBLISHED, TR_F_ID, TR_F_SPAN, TR_F_CUE, TR_F_DATE_EXPR, TR_F_KIND,
    TR_F_TITLE, TR_F_CONTEXT, TR_F_SPANS,
    TR_F__COUNT
} tr_field;

/* The field's name as it appears in JSON keys and CSV headers. */
const char *tr_field_name(tr_field f);
/* The field named name, or -1. */
int tr_field_lookup(const char *name);

typedef enum tr_format { TR_FMT_AUTO, TR_FMT_JSONL, TR_FMT_CSV } tr_format;

/* What a record is: a statement (fields above) or a person (name, kind,
** side, aliases, roles: read as JSON only). */
typedef enum tr_record_kind { TR_REC_STATEMENT, TR_REC_PERSON } tr_record_kind;

typedef struct tr_input_opts {
    tr_format format;
    tr_record_kind kind;
    const char *map[TR_F__COUNT]; /* column or key to read each field from; NULL: its own name */
    const char *set[TR_F__COUNT]; /* constant value for a field; overrides the record */
    size_t max_line;              /* longest record in bytes; 0: 1 MiB */
} tr_input_opts;

/* One statement record.  Strings are borrowed from the tr_input and valid
** until the next tr_input_next; a missing field is NULL.  f[TR_F_SPANS]
** is the parts as compact JSON ("[[0,5],[12,20]]"), checked to be byte
** ranges in order. */
typedef struct tr_record {
    const char *f[TR_F__COUNT];
    int64_t span_start, span_end; /* -1 when absent */
    void *json;                   /* person records: the parsed object (json_t *) */
} tr_record;

typedef struct tr_input tr_input;

/* Opens the file at path for reading ("-" is standard input, *fp then
** stdin, which the caller does not close); *size is its size when it is a
** regular file, else 0.  A directory or an unreadable file is
** TR_ENOINPUT with a message naming path.  Every input file is opened
** through here. */
tr_status tr_input_fopen(const char *path, FILE **fp, uint64_t *size, tr_err *err);

/* Reads all of the file at path ("-": standard input) into b (the
** caller's buffer), NUL-terminated beyond b->len; errors as
** tr_input_fopen's, TR_EIO for a read error, TR_ESOFTWARE when out of
** memory, each naming path. */
tr_status tr_input_slurp(const char *path, tr_buf *b, tr_err *err);

/* Opens path ("-" is standard input) for reading records; *out is owned
** by the caller (tr_input_close).  The format is taken from opts, else
** from the file's extension (.csv, .jsonl, .ndjson, .json), else sniffed
** from the first byte.  For CSV the header is read and checked against
** the --map columns here: a mapped column the header lacks is TR_EUSAGE. */
tr_status tr_input_open(const char *path, const tr_input_opts *opts, tr_input **out,
                        tr_err *err);
/* Like tr_input_open, over an open stream fp named name (for messages);
** fp stays the caller's to close, after tr_input_close. */
tr_status tr_input_open_fp(FILE *fp, const char *name, const tr_input_opts *opts, tr_input **out,
                           tr_err *err);

/* Reads the next record into rec.  TR_OK with *eof set at the end;
** TR_EDATA for a bad record (err says why; reading may go on); any other
** status is fatal (I/O). */
tr_status tr_input_next(tr_input *in, tr_record *rec, int *eof, tr_err *err);
/* The line the last record started on (1-based). */
size_t tr_input_line(const tr_input *in);
/* Bytes consumed so far, and the file's size (0 when unknown: a pipe). */
uint64_t tr_input_offset(const tr_input *in);
uint64_t tr_input_size(const tr_input *in);
/* The format being read. */
tr_format tr_input_format(const tr_input *in);
/* CSV only: the header's columns no field reads, comma-separated, into
** buf (empty when none). */
void tr_input_unused_columns(const tr_input *in, char *buf, size_t n);
/* JSON Lines only: the keys of the records read so far that no field
** reads (they are ignored), comma-separated, into buf (empty when none);
** returns how many records had one. */
size_t tr_input_unused_keys(const tr_input *in, char *buf, size_t n);
/* Closes the file and frees in (NULL is fine). */
void tr_input_close(tr_input *in);

/* A person record, as people files give it (and the registry takes it:
** db.h's tr_db_person_upsert).  Strings are borrowed. */
typedef struct tr_role_in {
    const char *role;
    const char *from; /* date text or NULL */
    const char *to;   /* date text or NULL */
} tr_role_in;

typedef struct tr_person_in {
    const char *name;
    const char *kind; /* person, group, anonymous; NULL for person */
    const char *side; /* NULL when unknown */
    const char *gender; /* "f", "m", "n" or NULL when unknown */
    const char *const *aliases;
    size_t naliases;
    const tr_role_in *roles;
    size_t nroles;
} tr_person_in;

/* Reads the person object json (a json_t *, as tr_input_next hands it in
** rec->json for TR_REC_PERSON) into p: name (required), kind, side,
** aliases (strings, at most maxal, into aliases[]) and roles (objects of
** role, from, to; at most maxroles, into roles[]); gender ("female" and
** "male" are read as "f" and "m").  Strings are borrowed
** from json.  TR_EDATA naming the field for anything else. */
tr_status tr_person_from_json(const void *json, tr_person_in *p, const char **aliases, size_t maxal,
                              tr_role_in *roles, size_t maxroles, tr_err *err);

/* Parses "FIELD=VALUE[,FIELD=VALUE...]" into table (values borrowed from a
** copy owned by *store, which the caller frees).  TR_EUSAGE names an
** unknown field. */
tr_status tr_parse_assignments(const char *spec, const char *what, int allow_commas,
                               const char *table[TR_F__COUNT], char **store, tr_err *err);

/* Parses the longest record accepted (--max-line, a feed's max-line):
** a number of bytes, 64 or more, into *out; 0, or -1 when v is not one. */
int tr_input_max_line(const char *v, size_t *out);

#endif
