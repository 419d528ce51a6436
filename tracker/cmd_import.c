/*
** cmd_import.c: tracker import FILE...  Reads statements from JSON Lines
** or CSV files (or standard input) into the store, in one transaction.
*/
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "feeds.h"
#include "ingest.h"
#include "input.h"

enum { OPT_FORMAT = 1, OPT_MAP, OPT_SET, OPT_TZ, OPT_URL, OPT_FEEDS, OPT_STRICT, OPT_DRY, OPT_MAXLINE,
       OPT_QUIET, OPT_NOLINK };

static const cli_opt opts[] = {
    {"format", 0, NULL, (const char *const[]){"jsonl", "json", "csv", NULL}, OPT_FORMAT,
     "the input format (json is JSON Lines too; default: from the file name, .csv, .jsonl, "
     ".ndjson or .json, else sniffed from the first byte)"},
    {"map", 0, "FIELD=COLUMN[,...]", NULL, OPT_MAP,
     "read FIELD from a CSV column or JSON key of another name (repeatable)"},
    {"set", 0, "FIELD=VALUE", NULL, OPT_SET,
     "a constant FIELD for every record (repeatable; overrides the file)"},
    {"tz", 0, "ZONE", NULL, OPT_TZ,
     "read times of day without an offset as local time in ZONE (an IANA name such as "
     "America/Chicago; without it, UTC)"},
    {"url-template", 0, "T", NULL, OPT_URL,
     "a statement with an id and no url gets the URL T with {id} replaced by its id "
     "(percent-encoded); see the example below"},
    {"feeds", 0, "FILE", NULL, OPT_FEEDS,
     "import the feeds the feeds file FILE names, each with its own options (FEED... operands: "
     "those feeds only); see FEEDS FILE below"},
    {"strict", 0, NULL, NULL, OPT_STRICT, "one bad record and nothing is imported"},
    {"dry-run", 'n', NULL, NULL, OPT_DRY, "check everything, write nothing"},
    {"max-line", 0, "BYTES", NULL, OPT_MAXLINE, "the longest record accepted (default 1048576)"},
    {"quiet", 'q', NULL, NULL, OPT_QUIET, "no progress bar and no notes"},
    {"no-link", 0, NULL, NULL, OPT_NOLINK,
     "store every record as a statement of its own: no direct quote joins the statement it "
     "repeats (see REPORTS below)"},
    {0}};

struct progress {
    int on;
    time_t last;
    uint64_t total;
};

/* Draws the progress bar on stderr (a terminal) at most once a second. */
static void progress_draw(struct progress *p, const tr_input *in, long long rows, int done)
{
    if (!p->on)
        return;
    time_t t = time(NULL);
    if (!done && t == p->last)
        return;
    p->last = t;
    if (done) {
        fprintf(stderr, "\r%60s\r", "");
        return;
    }
    uint64_t size = tr_input_size(in);
    int pct = size ? (int)(tr_input_offset(in) * 100 / size) : 0;
    char bar[31];
    for (int i = 0; i < 30; i++)
        bar[i] = i < pct * 30 / 100 ? '#' : '.';
    bar[30] = '\0';
    fprintf(stderr, "\r[%s] %3d%%  %lld records", bar, pct, rows);
}

/* What import_file's hooks need. */
struct hooks {
    const char *path;
    int strict;
    struct progress pr;
};

/* Draws the progress bar (ingest_input's progress hook). */
static void on_progress(void *ctx, const tr_input *in, long long rows, int done)
{
    progress_draw(&((struct hooks *)ctx)->pr, in, rows, done);
}

/* Reports a bad record as FILE:LINE: why; with --strict, the file stops
** there (the caller stops at the first bad record). */
static int on_rejected(void *ctx, size_t line, const tr_err *why)
{
    struct hooks *h = ctx;
    cli_msg(stderr, "%s:%zu: %s\n", strcmp(h->path, "-") ? h->path : "<stdin>", line, why->msg);
    return h->strict;
}

/* ", linked L" when any record was linked (into buf, "" otherwise). */
static const char *linked_note(long long linked, char *buf, size_t n)
{
    if (linked)
        snprintf(buf, n, ", linked %lld", linked);
    else
        buf[0] = '\0';
    return buf;
}

/* Imports one file; returns TR_OK, TR_ENOINPUT/TR_EUSAGE for a file that
** cannot be read as asked, or a fatal status. */
static tr_status import_file(tr_cli *cli, ingest_ctx *ic, const char *path,
                             const tr_input_opts *o, int quiet, int strict, ingest_counts *n,
                             tr_err *err)
{
    tr_input *in;
    tr_status st = tr_input_open(path, o, &in, err);
    if (st)
        return st;
    if (!quiet && tr_input_format(in) == TR_FMT_CSV) {
        char unused[512];
        tr_input_unused_columns(in, unused, sizeof unused);
        if (unused[0])
            cli_note(cli, "note: %s: ignoring columns %s", path, unused);
    }
    struct hooks hk = {.path = path, .strict = strict,
                       .pr = {.on = !quiet && isatty(STDERR_FILENO) && tr_input_size(in) > (4u << 20)}};
    ingest_hooks h = {.ctx = &hk, .rejected = on_rejected, .progress = on_progress};
    long long rejected = n->rejected;
    st = ingest_input(ic, in, path, &h, n, err);
    if (strict && n->rejected > rejected) {
        tr_input_close(in);
        return TR_OK; /* the caller stops at the first bad record */
    }
    char keys[512];
    size_t nk = tr_input_unused_keys(in, keys, sizeof keys);
    if (!quiet && nk)
        cli_note(cli, "note: %s: ignoring keys %s (in %zu record%s)", path, keys, nk,
                 nk == 1 ? "" : "s");
    tr_input_close(in);
    return st;
}

/* tracker import FILE... | --feeds FILE [FEED...] */
static int cmd_import(tr_cli *cli, const cli_command *self, int argc, char **argv)
{
    tr_feed_job cl = {.io = {.format = TR_FMT_AUTO, .kind = TR_REC_STATEMENT}};
    tr_feed_job *jobs = NULL;
    size_t njobs = 0;
    tr_feeds feeds = {0};
    const char *tz = NULL, *feeds_path = NULL, *arg;
    int strict = 0, dry = 0, quiet = 0, no_link = 0, id, rc = 0, flags_given = 0;
    tr_err err;
    tr_status st;
    cli_parser p;
    cli_parse_begin(&p, cli, self, argc, argv);
    while ((id = cli_next(&p, &arg)) > 0) {
        flags_given |= id == OPT_FORMAT || id == OPT_MAP || id == OPT_SET || id == OPT_TZ ||
                       id == OPT_URL || id == OPT_MAXLINE;
        switch (id) {
        case OPT_FORMAT: cl.io.format = !strcmp(arg, "csv") ? TR_FMT_CSV : TR_FMT_JSONL; break;
        case OPT_MAP:
        case OPT_SET:
            if (cl.nstores == 64) {
                rc = cli_usage(cli, "too many --map/--set options");
                goto out;
            }
            if (tr_parse_assignments(arg, id == OPT_MAP ? "--map" : "--set", id == OPT_MAP,
                                     id == OPT_MAP ? cl.io.map : cl.io.set, &cl.stores[cl.nstores++],
                                     &err)) {
                rc = cli_fail(cli, TR_EUSAGE, &err);
                goto out;
            }
            break;
        case OPT_TZ: tz = arg; break;
        case OPT_URL: {
            char probe[64];
            if (ingest_url(arg, "1", probe, sizeof probe, &err) == TR_EUSAGE) {
                rc = cli_fail(cli, TR_EUSAGE, &err);
                goto out;
            }
            cl.url_template = arg;
            break;
        }
        case OPT_FEEDS: feeds_path = arg; break;
        case OPT_STRICT: strict = 1; break;
        case OPT_DRY: dry = 1; break;
        case OPT_QUIET: quiet = 1; break;
        case OPT_NOLINK: no_link = 1; break;
        case OPT_MAXLINE:
            if (tr_input_max_line(arg, &cl.io.max_line)) {
                rc = cli_usage(cli, "--max-line: expected a number of bytes (at least 64)");
                goto out;
            }
            break;
        }
    }
    if (id < 0) {
        rc = p.rc;
        goto out;
    }
    char **ops;
    int nops = cli_operands(&p, &ops);
    if (feeds_path) {
        if (flags_given) {
            rc = cli_usage(cli, "--feeds takes each feed's options from the feeds file: no --format, "
                                "--map, --set, --tz, --url-template or --max-line beside it");
            goto out;
        }
        if ((st = tr_feeds_read(feeds_path, &feeds, &err)) != TR_OK) {
            rc = cli_fail(cli, st == TR_EDATA ? TR_EUSAGE : st, &err);
            goto out;
        }
        /* FEED...: those feeds only, in the file's order. */
        const char *names[256];
        size_t nn = 0;
        for (size_t i = 0; i < feeds.n && nn < 256; i++)
            names[nn++] = feeds.v[i].name;
        for (int k = 0; k < nops; k++) {
            size_t i = 0;
            while (i < feeds.n && strcmp(feeds.v[i].name, ops[k]))
                i++;
            if (i == feeds.n) {
                const char *near = cli_nearest(ops[k], names, nn);
                rc = near ? cli_usage(cli, "no feed '%s' in %s; did you mean '%s'?", ops[k], feeds_path, near)
                          : cli_usage(cli, "no feed '%s' in %s", ops[k], feeds_path);
                goto out;
            }
        }
        if (!(jobs = calloc(feeds.n, sizeof *jobs))) {
            rc = TR_ESOFTWARE;
            goto out;
        }
        for (size_t i = 0; i < feeds.n; i++) {
            int wanted = nops == 0;
            for (int k = 0; k < nops; k++)
                wanted |= !strcmp(ops[k], feeds.v[i].name);
            if (!wanted)
                continue;
            st = tr_feed_job_make(feeds_path, &feeds.v[i], cli->zoneinfo, &jobs[njobs++], &err);
            if (st) {
                rc = cli_fail(cli, st, &err);
                goto out;
            }
        }
    } else {
        if (nops == 0) {
            rc = cli_usage(cli, "no input files (use '-' for standard input, or --feeds FILE)");
            goto out;
        }
        if (tz && tr_zone_load(tz, cli->zoneinfo, &cl.zone, &err)) {
            rc = cli_fail(cli, TR_EUSAGE, &err);
            goto out;
        }
        cl.files = ops;
        cl.nfiles = (size_t)nops;
        jobs = &cl;
        njobs = 1;
    }
    tr_db *db;
    st = dry && *cli->db_path && access(cli->db_path, F_OK) != 0
             ? tr_db_open(cli->db_path, TR_DB_MEMORY, cli->now, &db, &err)
             : cli_open_db(cli, TR_DB_WRITE, &db, &err);
    if (st) {
        rc = cli_fail(cli, st, &err);
        goto out;
    }
    if ((st = tr_db_begin(db, &err)) != TR_OK) {
        tr_db_close(db);
        rc = cli_fail(cli, st, &err);
        goto out;
    }
    ingest_ctx *ic = calloc(1, sizeof *ic);
    if (!ic) {
        tr_db_rollback(db);
        tr_db_close(db);
        rc = TR_ESOFTWARE;
        goto out;
    }
    ic->db = db;
    ic->no_link = no_link;
    char lk[48];
    ingest_counts n = {0};
    int file_error = 0;
    for (size_t j = 0; j < njobs && !st && !(strict && (n.rejected || file_error)); j++) {
        tr_feed_job *jb = &jobs[j];
        ingest_counts before = n;
        ic->tz = jb->zone;
        ic->url_template = jb->url_template;
        if (jb->feed && jb->nfiles == 0)
            cli_note(cli, "note: feed '%s': no file matches its path", jb->feed);
        for (size_t i = 0; i < jb->nfiles && !st; i++) {
            st = import_file(cli, ic, jb->files[i], &jb->io, quiet, strict, &n, &err);
            if (st == TR_ENOINPUT || st == TR_EUSAGE || st == TR_EDATA) {
                /* A file that cannot be read as asked: reported, the others go on
                ** (with --strict, the import stops and lands nothing). */
                cli_fail(cli, st, &err);
                file_error = file_error ? file_error : (int)st;
                st = TR_OK;
                if (strict)
                    break;
            }
            if (strict && n.rejected)
                break;
        }
        if (jb->feed && !st)
            printf("feed %s: %s%lld%s, duplicates %lld, rejected %lld (%zu file%s)\n", jb->feed,
                   dry ? "would import " : "imported ", n.imported - before.imported,
                   linked_note(n.linked - before.linked, lk, sizeof lk),
                   n.duplicates - before.duplicates, n.rejected - before.rejected, jb->nfiles,
                   jb->nfiles == 1 ? "" : "s");
    }
    ingest_free(ic);
    free(ic);
    if (st) {
        tr_db_rollback(db);
        tr_db_close(db);
        rc = cli_fail(cli, st, &err);
        cli_note(cli, "nothing was imported");
        goto out;
    }
    if (strict && (n.rejected || file_error)) {
        tr_db_rollback(db);
        tr_db_close(db);
        printf("imported 0, duplicates 0, rejected %lld (--strict: nothing imported)\n", n.rejected);
        rc = file_error ? file_error : TR_EDATA;
        goto out;
    }
    if (dry) {
        tr_db_rollback(db);
        printf("dry run: would import %lld%s, duplicates %lld, rejected %lld\n", n.imported,
               linked_note(n.linked, lk, sizeof lk), n.duplicates, n.rejected);
    } else if ((st = tr_db_commit(db, &err)) != TR_OK) {
        tr_db_close(db);
        rc = cli_fail(cli, st, &err);
        goto out;
    } else {
        printf("imported %lld%s, duplicates %lld, rejected %lld\n", n.imported,
               linked_note(n.linked, lk, sizeof lk), n.duplicates, n.rejected);
    }
    tr_db_close(db);
    rc = file_error ? file_error : n.rejected ? TR_EDATA : 0;
out:
    if (jobs != &cl) {
        for (size_t i = 0; i < njobs; i++)
            tr_feed_job_free(&jobs[i]);
        free(jobs);
    }
    tr_feed_job_free(&cl);
    tr_feeds_free(&feeds);
    return rc;
}

const cli_command cmd_import_def = {
    .name = "import",
    .fn = cmd_import,
    .operands = "FILE... | --feeds FILE [FEED...]",
    .summary = "import statements from JSON Lines or CSV files, or a feeds file's feeds",
    .description =
        "Import statements from JSON Lines or CSV files ('-' reads standard input), all in one "
        "transaction.  Fields: speaker, date, text (required); mode, side, role, source, url, "
        "published, id, kind, span, spans, context, cue, date_expr, title (optional).  CSV "
        "columns and JSON keys that no field reads are ignored, with one note naming them.  "
        "Import is idempotent: a statement already stored (the same id from the same source, or "
        "the same speaker, date and text) is counted as a duplicate, not stored twice.",
    .opts = opts,
    .common = CLI_DB,
    .notes = "Trump's tweets, a CSV whose Date column is US Central local time:\n"
             "  tracker import --map 'text=Text,date=Date,id=Tweet ID' \\\n"
             "      --set 'speaker=Donald Trump' --set source=Twitter --tz America/Chicago \\\n"
             "      --url-template 'https://twitter.com/realDonaldTrump/status/{id}' \\\n"
             "      trump_tweets_2015-2018.csv\n\n"
             "Bad records are reported as FILE:LINE: reason and skipped.  The last line says: "
             "imported N, duplicates D, rejected R.  Exit status: 0 when every record was good, "
             "65 when any was rejected (the good ones are kept unless --strict), 66 when a file "
             "cannot be read, 64 for a bad command line, 74 for a database error (nothing of "
             "the run is stored).\n\n"
             "FEEDS FILE: one '[feed NAME]' section a feed, then 'key = value' lines: path "
             "(required: a file, a directory whose *.jsonl, *.ndjson, *.json and *.csv files are "
             "read, or a glob pattern; relative to the feeds file), format (jsonl or csv), map "
             "and set (repeatable), tz, url-template, max-line; '#' starts a comment line:\n"
             "  [feed trump-tweets]\n"
             "  path = trump_tweets_2015-2018.csv\n"
             "  map = text=Text,date=Date,id=Tweet ID\n"
             "  set = speaker=Donald Trump\n"
             "  set = source=Twitter\n"
             "  tz = America/Chicago\n"
             "  url-template = https://twitter.com/realDonaldTrump/status/{id}\n"
             "Each feed prints 'feed NAME: imported N, duplicates D, rejected R (K files)' before "
             "the total; all of them land in one transaction.",
};
