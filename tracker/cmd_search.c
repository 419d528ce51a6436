/*
** cmd_search.c: tracker search QUERY.  Full-text search (FTS5) over the
** statements, with highlighted snippets.
*/
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "jsonout.h"

static const char usage_text[] =
    "usage: tracker search QUERY [--speaker NAME] [--from DATE] [--to DATE]\n"
    "                            [--limit N] [--format text|json]\n"
    "\n"
    "Full-text search over statement texts, best matches first.  QUERY is an FTS5\n"
    "query: words (all must match), \"a phrase\", OR, NOT, NEAR(a b, 5), prefix*.\n"
    "Matches are accents- and case-insensitive.  Hits are marked [like this]\n"
    "(bold on a terminal).\n"
    "\n"
    "Options:\n"
    "  --speaker NAME   only this person's statements\n"
    "  --from DATE      only statements whose date can fall on or after DATE\n"
    "  --to DATE        only statements whose date can fall on or before DATE\n"
    "  --limit N        at most N results (default 20)\n"
    "  --format FMT     text (default) or json (one object a line)\n"
    "  --db PATH        the database\n";

struct found {
    int json;
    int bold;
    long long n;
    tr_status st;
    tr_err err;
};

/* Prints one search hit. */
static int hit_cb(void *ctx, const tr_statement_row *r)
{
    struct found *f = ctx;
    tr_date d = {r->date_lo, r->date_hi, tr_prec_from_name(r->date_prec)};
    char utc[80];
    tr_date_format(&d, utc, sizeof utc);
    f->n++;
    if (f->json) {
        json_t *o = json_pack("{s:I, s:o, s:o, s:s, s:o, s:o, s:o, s:o}", "id", (json_int_t)r->id,
                              "speaker", tr_json_str(r->speaker), "date", tr_json_str(r->date_text),
                              "utc", utc, "mode", tr_json_str(r->mode), "snippet",
                              tr_json_str(r->snippet), "text", tr_json_str(r->text), "source",
                              tr_json_str(r->source));
        if ((f->st = tr_json_print(stdout, o, &f->err)) != TR_OK)
            return 1;
    } else {
        printf("%s  ", utc);
        cli_put_text(stdout, r->speaker);
        printf("  %s  #%lld\n    ", r->mode, (long long)r->id);
        cli_put_marked(stdout, r->snippet, f->bold ? "\033[1m" : "[", f->bold ? "\033[0m" : "]");
        putchar('\n');
    }
    return 0;
}

int cmd_search(tr_cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {{"speaker", required_argument, NULL, 'p'},
                                         {"from", required_argument, NULL, 'F'},
                                         {"to", required_argument, NULL, 'T'},
                                         {"limit", required_argument, NULL, 'n'},
                                         {"format", required_argument, NULL, 'f'},
                                         CLI_COMMON_OPTS, {0}};
    static const char *const fmts[] = {"text", "json"};
    const char *from = NULL, *to = NULL, *speaker = NULL;
    struct found f = {0};
    int c, limit = 20;
    tr_err err;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (cli_common_opt(cli, c, optarg))
            continue;
        switch (c) {
        case 'h': fputs(usage_text, stdout); return 0;
        case 'p': speaker = optarg; break;
        case 'F': from = optarg; break;
        case 'T': to = optarg; break;
        case 'n': {
            char *end;
            long v = strtol(optarg, &end, 10);
            if (*end || v < 1 || v > 100000)
                return cli_usage(cli, "--limit: expected a number from 1 to 100000");
            limit = (int)v;
            break;
        }
        case 'f': {
            int k = cli_format(cli, optarg, fmts, 2);
            if (k < 0)
                return TR_EUSAGE;
            f.json = k == 1;
            break;
        }
        default: return cli_bad_option(cli);
        }
    }
    if (argc - optind != 1)
        return cli_usage(cli, "expected one QUERY (quote it: tracker search 'cyber unit')");
    int64_t lo, hi, id = 0;
    tr_status st;
    int rc = cli_date_window(cli, from, to, &lo, &hi);
    if (rc)
        return rc;
    tr_db *db;
    if ((st = cli_open_db(cli, TR_DB_READ, &db, &err)) != TR_OK)
        return cli_fail(cli, st, &err);
    if (!speaker || !(st = cli_find_person(db, speaker, &id, &err))) {
        /* Text marks hits with \001/\002, printed as bold or brackets, so
        ** the stored text's own control characters can be cleaned. */
        f.bold = cli->color && !f.json;
        st = tr_db_search(db, argv[optind], id, lo, hi, limit, f.json ? "[" : "\001",
                          f.json ? "]" : "\002", hit_cb, &f, &err);
    }
    tr_db_close(db);
    if (st)
        return cli_fail(cli, st, &err);
    if (f.st)
        return cli_fail(cli, f.st, &f.err);
    if (!f.json && f.n == 0)
        printf("no matches\n");
    return 0;
}
