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

#endif
