/*
** cmd_import.c: tracker import FILE...  Reads statements from JSON Lines
** or CSV files (or standard input) into the store, in one transaction.
*/
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <dirent.h>
#include <glob.h>
#include <sys/stat.h>

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

typedef ingest_counts counts;

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
                             const tr_input_opts *o, int quiet, int strict, counts *n,
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

/* What one import reads: the files given on the command line with the
** command line's options, or one feed of a feeds file with its own. */
struct job {
    const char *feed;        /* the feed's name, or NULL for the command line's files */
    tr_input_opts io;
    tr_zone *zone;           /* owned */
    const char *url_template;
    char **files;            /* owned when owns_files */
    size_t nfiles;
    int owns_files;
    char *stores[64];        /* what --map/--set values borrow from (owned) */
    int nstores;
};

/* Frees what a job owns. */
static void job_free(struct job *j)
{
    tr_zone_free(j->zone);
    for (int i = 0; i < j->nstores; i++)
        free(j->stores[i]);
    if (j->owns_files) {
        for (size_t i = 0; i < j->nfiles; i++)
            free(j->files[i]);
        free(j->files);
    }
}

/* Adds a copy of path to the job's files; 0, or -1 when out of memory. */
static int add_file(struct job *j, const char *path)
{
    char **v = realloc(j->files, (j->nfiles + 1) * sizeof *v);
    if (!v)
        return -1;
    j->files = v;
    return (v[j->nfiles] = strdup(path)) ? (int)(j->nfiles++, 0) : -1;
}

/* qsort comparison of two strings. */
static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The files a feed's path names: a glob pattern's matches, a directory's
** *.jsonl, *.ndjson, *.json and *.csv files, or the file itself; sorted. */
static tr_status feed_files(struct job *j, const char *path, tr_err *err)
{
    struct stat sb;
    j->owns_files = 1;
    if (strpbrk(path, "*?[")) {
        glob_t g;
        int rc = glob(path, 0, NULL, &g);
        for (size_t i = 0; rc == 0 && i < g.gl_pathc; i++)
            if (add_file(j, g.gl_pathv[i]))
                rc = GLOB_NOSPACE;
        if (rc == 0 || rc == GLOB_NOMATCH)
            globfree(&g);
        return rc == GLOB_NOSPACE ? tr_errf(err, TR_ESOFTWARE, "out of memory") : TR_OK;
    }
    if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
        DIR *d = opendir(path);
        if (!d)
            return tr_errf(err, TR_ENOINPUT, "feed '%s': cannot read the directory %s", j->feed, path);
        struct dirent *e;
        while ((e = readdir(d))) {
            const char *dot = strrchr(e->d_name, '.');
            if (e->d_name[0] == '.' || !dot || (strcmp(dot, ".jsonl") && strcmp(dot, ".ndjson") &&
                                                strcmp(dot, ".json") && strcmp(dot, ".csv")))
                continue;
            char full[4200];
            snprintf(full, sizeof full, "%s/%s", path, e->d_name);
            if (add_file(j, full)) {
                closedir(d);
                return tr_errf(err, TR_ESOFTWARE, "out of memory");
            }
        }
        closedir(d);
        if (j->nfiles > 1)
            qsort(j->files, j->nfiles, sizeof *j->files, cmp_str);
        return TR_OK;
    }
    return add_file(j, path) ? tr_errf(err, TR_ESOFTWARE, "out of memory") : TR_OK;
}

/* Parses --max-line's (or a feed's max-line's) value. */
static int max_line(const char *v, size_t *out)
{
    char *end;
    unsigned long long x = strtoull(v, &end, 10);
    if (*end || x < 64)
        return -1;
    *out = (size_t)x;
    return 0;
}

/* Makes the job of one feed: its options checked (TR_EUSAGE naming the
** feeds file's line) and its files found. */
static tr_status feed_job(tr_cli *cli, const char *conf, const tr_feed *f, struct job *j, tr_err *err)
{
    memset(j, 0, sizeof *j);
    j->feed = f->name;
    j->io = (tr_input_opts){.format = !f->format ? TR_FMT_AUTO : !strcmp(f->format, "csv") ? TR_FMT_CSV : TR_FMT_JSONL,
                            .kind = TR_REC_STATEMENT};
    char what[300];
    for (size_t k = 0; k < f->nmaps + f->nsets; k++) {
        int map = k < f->nmaps;
        size_t i = map ? k : k - f->nmaps;
        snprintf(what, sizeof what, "%s:%u: feed '%s': map", conf, map ? f->map_lines[i] : f->set_lines[i],
                 f->name);
        if (!map)
            memcpy(what + strlen(what) - 3, "set", 3);
        if (j->nstores == 64)
            return tr_errf(err, TR_EUSAGE, "%s: too many", what);
        tr_status st = tr_parse_assignments(map ? f->maps[i] : f->sets[i], what, map,
                                            map ? j->io.map : j->io.set, &j->stores[j->nstores++], err);
        if (st)
            return st;
    }
    if (f->max_line && max_line(f->max_line, &j->io.max_line))
        return tr_errf(err, TR_EUSAGE, "%s: feed '%s': max-line '%s': expected a number of bytes (at "
                       "least 64)", conf, f->name, f->max_line);
    if (f->tz && tr_zone_load(f->tz, cli->zoneinfo, &j->zone, err))
        return tr_errf(err, TR_EUSAGE, "%s: feed '%s': tz: %s", conf, f->name, err->msg);
    if (f->url_template) {
        char probe[64];
        if (ingest_url(f->url_template, "1", probe, sizeof probe, err) == TR_EUSAGE)
            return tr_errf(err, TR_EUSAGE, "%s: feed '%s': url-template '%s' has no {id}", conf,
                           f->name, f->url_template);
        j->url_template = f->url_template;
    }
    return feed_files(j, f->path, err);
}

/* Reads the feeds file at path into *feeds. */
static tr_status read_feeds(const char *path, tr_feeds *feeds, tr_err *err)
{
    FILE *f;
    uint64_t size;
    tr_status st = tr_input_fopen(path, &f, &size, err);
    if (st)
        return st;
    tr_buf b;
    tr_buf_init(&b);
    char chunk[65536];
    size_t k;
    while ((k = fread(chunk, 1, sizeof chunk, f)) > 0 && b.len < (16u << 20))
        tr_buf_add(&b, chunk, k);
    if (f != stdin)
        fclose(f);
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    else
        snprintf(dir, sizeof dir, ".");
    st = b.oom ? tr_errf(err, TR_ESOFTWARE, "out of memory")
               : tr_feeds_parse(path, b.data ? b.data : "", b.len, dir, feeds, err);
    tr_buf_free(&b);
    return st;
}

/* tracker import FILE... | --feeds FILE [FEED...] */
static int cmd_import(tr_cli *cli, const cli_command *self, int argc, char **argv)
{
    struct job cl = {.io = {.format = TR_FMT_AUTO, .kind = TR_REC_STATEMENT}};
    struct job *jobs = NULL;
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
            if (max_line(arg, &cl.io.max_line)) {
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
        if ((st = read_feeds(feeds_path, &feeds, &err)) != TR_OK) {
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
            st = feed_job(cli, feeds_path, &feeds.v[i], &jobs[njobs++], &err);
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
    counts n = {0};
    int file_error = 0;
    for (size_t j = 0; j < njobs && !st && !(strict && (n.rejected || file_error)); j++) {
        struct job *jb = &jobs[j];
        counts before = n;
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
            job_free(&jobs[i]);
        free(jobs);
    }
    job_free(&cl);
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
