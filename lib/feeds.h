/*
** feeds.h: the feeds file, which names each feed a desk imports with the
** import options it needs (tracker import --feeds, samples/nightly.sh).
**
**   # feeds.conf
**   [feed trump-tweets]
**   path = /srv/feeds/trump_tweets_2015-2018.csv
**   map = text=Text,date=Date,id=Tweet ID
**   set = speaker=Donald Trump
**   set = source=Twitter
**   tz = America/Chicago
**   url-template = https://twitter.com/realDonaldTrump/status/{id}
**
** One "[feed NAME]" section a feed (NAME: letters, digits, '-', '_', '.'),
** then "key = value" lines: path (required: a file, a directory whose
** *.jsonl, *.ndjson, *.json and *.csv files are read, or a glob pattern;
** relative to the feeds file's directory), format (jsonl or csv), map and
** set (repeatable, as import's --map and --set), tz, url-template,
** max-line.  Blank lines and lines starting with '#' or ';' are ignored;
** a value runs to the end of its line (spaces around it trimmed), so it
** may hold '#'.  The file is UTF-8.
*/
#ifndef TR_FEEDS_H
#define TR_FEEDS_H

#include <stddef.h>

#include "err.h"
#include "input.h"
#include "tz.h"

typedef struct tr_feed {
    char *name;
    unsigned line;        /* the line of its [feed NAME] */
    char *path;           /* resolved against the feeds file's directory */
    char *format;         /* "jsonl", "csv" or NULL */
    char **maps, **sets;  /* the map and set values, in order */
    size_t nmaps, nsets;
    unsigned *map_lines, *set_lines; /* their lines, for messages */
    char *tz, *url_template, *max_line; /* NULL when absent */
} tr_feed;

typedef struct tr_feeds {
    tr_feed *v;
    size_t n;
} tr_feeds;

/* Parses the feeds file text[0..len), named name in messages and found in
** directory dir (relative paths are resolved against it; NULL: as they
** are), into *out (the caller's, freed with tr_feeds_free; empty on
** failure).  TR_EDATA with "NAME:LINE: what is wrong" for the first
** problem: a key outside a section, an unknown key, a missing '=', a bad
** or repeated feed name, a key given twice that may be given once, a feed
** without a path, a format other than jsonl or csv, text that is not
** UTF-8. */
tr_status tr_feeds_parse(const char *name, const char *text, size_t len, const char *dir,
                         tr_feeds *out, tr_err *err);

/* Frees what out holds and empties it. */
void tr_feeds_free(tr_feeds *out);

/* ---- what one import reads -------------------------------------------- */

/* What one import reads: the files given on the command line with the
** command line's options, or one feed of a feeds file with its own. */
typedef struct tr_feed_job {
    const char *feed;        /* the feed's name (the tr_feeds'), or NULL for the command line's files */
    tr_input_opts io;
    tr_zone *zone;           /* owned */
    const char *url_template; /* borrowed, or NULL */
    char **files;            /* owned when owns_files */
    size_t nfiles;
    int owns_files;
    char *stores[64];        /* what --map/--set values borrow from (owned) */
    int nstores;
} tr_feed_job;

/* Reads the feeds file at path into *feeds (the caller's; tr_feeds_free),
** relative paths resolved against its directory; errors as
** tr_input_slurp's and tr_feeds_parse's, TR_EDATA for a file of more than
** 16 MiB. */
tr_status tr_feeds_read(const char *path, tr_feeds *feeds, tr_err *err);

/* Makes *j, the job of feed f of the feeds file conf (its name in
** messages): its input options (format, map, set, max-line), its zone
** (tz, loaded from zoneinfo, NULL: the system's), its URL template, and
** its files (a glob pattern's matches, a directory's *.jsonl, *.ndjson,
** *.json and *.csv files, or the file itself; sorted).  TR_EUSAGE naming
** the feeds file's line for a bad option.  *j is the caller's, freed with
** tr_feed_job_free (also after an error). */
tr_status tr_feed_job_make(const char *conf, const tr_feed *f, const char *zoneinfo, tr_feed_job *j,
                           tr_err *err);

/* Frees what job j owns. */
void tr_feed_job_free(tr_feed_job *j);

#endif
