/*
** cmd_import.c: tracker import FILE...  Reads statements from JSON Lines
** or CSV files (or standard input) into the store, in one transaction.
*/
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "ingest.h"
#include "input.h"

enum { OPT_FORMAT = 1, OPT_MAP, OPT_SET, OPT_TZ, OPT_URL, OPT_STRICT, OPT_DRY, OPT_MAXLINE, OPT_QUIET };

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
     "(percent-encoded), e.g. 'https://twitter.com/realDonaldTrump/status/{id}'"},
    {"strict", 0, NULL, NULL, OPT_STRICT, "one bad record and nothing is imported"},
    {"dry-run", 'n', NULL, NULL, OPT_DRY, "check everything, write nothing"},
    {"max-line", 0, "BYTES", NULL, OPT_MAXLINE, "the longest record accepted (default 1048576)"},
    {"quiet", 'q', NULL, NULL, OPT_QUIET, "no progress bar and no notes"},
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

struct counts {
    long long imported, duplicates, rejected;
};

/* Imports one file; returns TR_OK, TR_ENOINPUT/TR_EUSAGE for a file that
** cannot be read as asked, or a fatal status. */
static tr_status import_file(tr_cli *cli, ingest_ctx *ic, const char *path,
                             const tr_input_opts *o, int quiet, int strict, struct counts *n,
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
    struct progress pr = {.on = !quiet && isatty(STDERR_FILENO) && tr_input_size(in) > (4u << 20)};
    long long rows = 0;
    for (;;) {
        tr_record rec;
        int eof, inserted;
        tr_err rowerr;
        st = tr_input_next(in, &rec, &eof, &rowerr);
        if (!st && eof)
            break;
        if (!st)
            st = ingest_record(ic, &rec, &inserted, NULL, &rowerr);
        if (st == TR_EDATA) {
            progress_draw(&pr, in, rows, 1);
            cli_msg(stderr, "%s:%zu: %s\n", strcmp(path, "-") ? path : "<stdin>",
                    tr_input_line(in), rowerr.msg);
            n->rejected++;
            if (strict) {
                tr_input_close(in);
                return TR_OK; /* the caller stops at the first bad record */
            }
            continue;
        }
        if (st) {
            /* A store error is the store's, not the line's. */
            *err = rowerr;
            if (st != TR_EIO)
                tr_errf(err, st, "%s:%zu: %s", path, tr_input_line(in), rowerr.msg);
            break;
        }
        if (inserted)
            n->imported++;
        else
            n->duplicates++;
        if ((++rows & 1023) == 0)
            progress_draw(&pr, in, rows, 0);
    }
    progress_draw(&pr, in, rows, 1);
    char keys[512];
    size_t nk = tr_input_unused_keys(in, keys, sizeof keys);
    if (!quiet && nk)
        cli_note(cli, "note: %s: ignoring keys %s (in %zu record%s)", path, keys, nk,
                 nk == 1 ? "" : "s");
    tr_input_close(in);
    return st;
}

/* tracker import FILE... */
static int cmd_import(tr_cli *cli, const cli_command *self, int argc, char **argv)
{
    tr_input_opts io = {.format = TR_FMT_AUTO, .kind = TR_REC_STATEMENT};
    const char *tz = NULL, *url_template = NULL, *arg;
    int strict = 0, dry = 0, quiet = 0, id, rc = 0;
    char *stores[64];
    int nstores = 0;
    tr_zone *zone = NULL;
    tr_err err;
    cli_parser p;
    cli_parse_begin(&p, cli, self, argc, argv);
    while ((id = cli_next(&p, &arg)) > 0) {
        switch (id) {
        case OPT_FORMAT: io.format = !strcmp(arg, "csv") ? TR_FMT_CSV : TR_FMT_JSONL; break;
        case OPT_MAP:
        case OPT_SET:
            if (nstores == 64) {
                rc = cli_usage(cli, "too many --map/--set options");
                goto out;
            }
            if (tr_parse_assignments(arg, id == OPT_MAP ? "--map" : "--set", id == OPT_MAP,
                                     id == OPT_MAP ? io.map : io.set, &stores[nstores++], &err)) {
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
            url_template = arg;
            break;
        }
        case OPT_STRICT: strict = 1; break;
        case OPT_DRY: dry = 1; break;
        case OPT_QUIET: quiet = 1; break;
        case OPT_MAXLINE: {
            char *end;
            unsigned long long v = strtoull(arg, &end, 10);
            if (*end || v < 64) {
                rc = cli_usage(cli, "--max-line: expected a number of bytes (at least 64)");
                goto out;
            }
            io.max_line = (size_t)v;
            break;
        }
        }
    }
    if (id < 0) {
        rc = p.rc;
        goto out;
    }
    char **files;
    int nfiles = cli_operands(&p, &files);
    if (nfiles == 0) {
        rc = cli_usage(cli, "no input files (use '-' for standard input)");
        goto out;
    }
    if (tz && tr_zone_load(tz, cli->zoneinfo, &zone, &err)) {
        rc = cli_fail(cli, TR_EUSAGE, &err);
        goto out;
    }
    tr_db *db;
    tr_status st = dry && *cli->db_path && access(cli->db_path, F_OK) != 0
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
    ic->tz = zone;
    ic->url_template = url_template;
    struct counts n = {0};
    int file_error = 0;
    for (int i = 0; i < nfiles && !st; i++) {
        st = import_file(cli, ic, files[i], &io, quiet, strict, &n, &err);
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
        printf("dry run: would import %lld, duplicates %lld, rejected %lld\n", n.imported,
               n.duplicates, n.rejected);
    } else if ((st = tr_db_commit(db, &err)) != TR_OK) {
        tr_db_close(db);
        rc = cli_fail(cli, st, &err);
        goto out;
    } else {
        printf("imported %lld, duplicates %lld, rejected %lld\n", n.imported, n.duplicates,
               n.rejected);
    }
    tr_db_close(db);
    rc = file_error ? file_error : n.rejected ? TR_EDATA : 0;
out:
    for (int i = 0; i < nstores; i++)
        free(stores[i]);
    tr_zone_free(zone);
    return rc;
}

const cli_command cmd_import_def = {
    .name = "import",
    .fn = cmd_import,
    .operands = "FILE...",
    .summary = "import statements from JSON Lines or CSV files",
    .description =
        "Import statements from JSON Lines or CSV files ('-' reads standard input), all in one "
        "transaction.  Fields: speaker, date, text (required); mode, side, role, source, url, "
        "published, id, kind, span, spans, context, cue, date_expr, title (optional).  CSV "
        "columns and JSON keys that no field reads are ignored, with one note naming them.  "
        "Import is idempotent: a statement already stored (the same id from the same source, or "
        "the same speaker, date and text) is counted as a duplicate, not stored twice.",
    .opts = opts,
    .common = CLI_DB,
    .notes = "Bad records are reported as FILE:LINE: reason and skipped.  The last line says: "
             "imported N, duplicates D, rejected R.  Exit status: 0 when every record was good, "
             "65 when any was rejected (the good ones are kept unless --strict), 66 when a file "
             "cannot be read, 64 for a bad command line, 74 for a database error (nothing of "
             "the run is stored).",
};
