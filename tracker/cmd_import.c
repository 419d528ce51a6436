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

static const char usage_text[] =
    "usage: tracker import [OPTIONS] FILE...\n"
    "\n"
    "Import statements from JSON Lines or CSV files ('-' reads standard input).\n"
    "Fields: speaker, date, text (required); mode, side, role, source, url,\n"
    "published, id, kind, span, cue, date_expr, title (optional).  Import is\n"
    "idempotent: a statement already stored (same id from the same source, or\n"
    "same speaker, date and text) is counted as a duplicate, not stored twice.\n"
    "\n"
    "Options:\n"
    "  --format jsonl|csv        the input format (default: from the file name,\n"
    "                            else sniffed from the first byte)\n"
    "  --map FIELD=COLUMN[,...]  read FIELD from another CSV column or JSON key\n"
    "  --set FIELD=VALUE         a constant FIELD for every record (repeatable;\n"
    "                            overrides the file)\n"
    "  --tz ZONE                 read times of day without an offset as local\n"
    "                            time in ZONE (IANA name, e.g. America/Chicago)\n"
    "  --url-template T          a statement with an id and no url gets the URL T\n"
    "                            with {id} replaced by its id, e.g.\n"
    "                            'https://twitter.com/realDonaldTrump/status/{id}'\n"
    "  --strict                  one bad record and nothing is imported\n"
    "  --dry-run                 check everything, write nothing\n"
    "  --max-line BYTES          longest record accepted (default 1048576)\n"
    "  --quiet                   no progress bar and no notes\n"
    "  --db PATH                 the database (default $TRACKER_DB or ./tracker.db)\n"
    "\n"
    "Bad records are reported as FILE:LINE: reason and skipped.  The last line\n"
    "says: imported N, duplicates D, rejected R.  Exit status: 0 when every\n"
    "record was good, 65 when any was rejected (the good ones are kept unless\n"
    "--strict), 66 when a file cannot be read, 64 for a bad command line.\n";

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
            cli_msg(stderr, "note: %s: ignoring columns %s\n", path, unused);
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
    tr_input_close(in);
    (void)cli;
    return st;
}

int cmd_import(tr_cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"format", required_argument, NULL, 'f'}, {"map", required_argument, NULL, 'm'},
        {"set", required_argument, NULL, 's'},    {"tz", required_argument, NULL, 'z'},
        {"strict", no_argument, NULL, 'S'},       {"dry-run", no_argument, NULL, 'n'},
        {"max-line", required_argument, NULL, 'L'}, {"quiet", no_argument, NULL, 'q'},
        {"url-template", required_argument, NULL, 'U'},
        CLI_COMMON_OPTS, {0}};
    tr_input_opts io = {.format = TR_FMT_AUTO, .kind = TR_REC_STATEMENT};
    const char *tz = NULL, *url_template = NULL;
    int strict = 0, dry = 0, quiet = 0, c, rc = 0;
    char *stores[64];
    int nstores = 0;
    tr_err err;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (cli_common_opt(cli, c, optarg))
            continue;
        switch (c) {
        case 'h': fputs(usage_text, stdout); return 0;
        case 'f':
            if (!strcmp(optarg, "jsonl") || !strcmp(optarg, "json"))
                io.format = TR_FMT_JSONL;
            else if (!strcmp(optarg, "csv"))
                io.format = TR_FMT_CSV;
            else
                return cli_usage(cli, "unknown format '%s' (expected jsonl or csv)", optarg);
            break;
        case 'm':
        case 's':
            if (nstores == 64)
                return cli_usage(cli, "too many --map/--set options");
            if (tr_parse_assignments(optarg, c == 'm' ? "--map" : "--set", c == 'm',
                                     c == 'm' ? io.map : io.set, &stores[nstores++], &err)) {
                rc = cli_fail(cli, TR_EUSAGE, &err);
                goto out;
            }
            break;
        case 'z': tz = optarg; break;
        case 'U': {
            char probe[64];
            if (ingest_url(optarg, "1", probe, sizeof probe, &err) == TR_EUSAGE) {
                rc = cli_fail(cli, TR_EUSAGE, &err);
                goto out;
            }
            url_template = optarg;
            break;
        }
        case 'S': strict = 1; break;
        case 'n': dry = 1; break;
        case 'q': quiet = 1; break;
        case 'L': {
            char *end;
            unsigned long long v = strtoull(optarg, &end, 10);
            if (*end || v < 64)
                return cli_usage(cli, "--max-line: expected a number of bytes (at least 64)");
            io.max_line = (size_t)v;
            break;
        }
        default: rc = cli_bad_option(cli); goto out;
        }
    }
    if (optind == argc) {
        rc = cli_usage(cli, "no input files (use '-' for standard input)");
        goto out;
    }
    if (tz && tr_tz_check(tz, &err)) {
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
    ic->tz = tz;
    ic->url_template = url_template;
    struct counts n = {0};
    int file_error = 0;
    for (int i = optind; i < argc && !st; i++) {
        st = import_file(cli, ic, argv[i], &io, quiet, strict, &n, &err);
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
        fprintf(stderr, "tracker import: nothing was imported\n");
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
    return rc;
}
