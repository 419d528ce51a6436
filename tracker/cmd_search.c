/*
** cmd_search.c: tracker search QUERY.  Full-text search over the
** statements: plain words by default, a fixed string (-F), or FTS5's
** query language (--fts); hits marked in a snippet.
*/
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "jsonout.h"
#include "reports.h"

enum { OPT_SPEAKER = 1, OPT_FROM, OPT_TO, OPT_LIMIT, OPT_SORT, OPT_FTS, OPT_FIXED, OPT_FORMAT };
static const char *const formats[] = {"text", "json", NULL};
static const char *const sorts[] = {"rank", "date", NULL};

static const cli_opt opts[] = {
    {"fixed-strings", 'F', NULL, NULL, OPT_FIXED,
     "QUERY is one literal string: statements that hold it as typed (case-insensitive, curly "
     "and straight quotes alike), as rg -F"},
    {"fts", 0, NULL, NULL, OPT_FTS,
     "QUERY is in FTS5's query language: AND, OR, NOT, NEAR(a b, 5), prefix*, \"a phrase\""},
    {"speaker", 0, "NAME", NULL, OPT_SPEAKER, "only this person's statements"},
    {"from", 0, "DATE", NULL, OPT_FROM, "only statements whose date can fall on or after DATE"},
    {"to", 0, "DATE", NULL, OPT_TO, "only statements whose date can fall on or before DATE"},
    {"sort", 0, NULL, sorts, OPT_SORT, "best matches first (rank, the default) or oldest first (date)"},
    {"limit", 'n', "N", NULL, OPT_LIMIT, "at most N results (default 20)"},
    {"format", 0, NULL, formats, OPT_FORMAT, "text (default) or json (one object a line)"},
    {0}};

struct found {
    tr_cli *cli;
    tr_db *db;
    int json;
    long long n;
    tr_status st;
    tr_err err;
};

/* Prints one search hit. */
static int hit_cb(void *ctx, const tr_statement_row *r)
{
    struct found *f = ctx;
    tr_date d = {r->date_lo, r->date_hi, tr_prec_from_name(r->date_prec)};
    char utc[80], when[96], given[96];
    tr_date_format(&d, utc, sizeof utc);
    f->n++;
    if (f->json) {
        cli_given(r, given, sizeof given);
        json_t *o = json_pack("{s:I, s:o, s:o, s:o, s:s, s:o, s:o, s:o, s:o, s:o}", "id",
                              (json_int_t)r->id, "feed_id", tr_json_str(r->ext_id), "speaker",
                              tr_json_str(r->speaker), "date", tr_json_str(given), "utc", utc,
                              "mode", tr_json_str(r->mode), "snippet", tr_json_str(r->snippet),
                              "text", tr_json_str(r->text), "source", tr_json_str(r->source),
                              "url", tr_json_str(r->url));
        json_t *reps = o ? reports_json(f->db, r->id, &f->err) : NULL;
        if (o && !reps) {
            json_decref(o);
            f->st = TR_EIO;
            return 1;
        }
        if (o)
            json_object_set_new(o, "reports", reps);
        return (f->st = tr_json_print(stdout, o, &f->err)) != TR_OK;
    }
    cli_when(f->cli, r, when, sizeof when);
    printf("%s  ", when);
    cli_put_text(stdout, r->speaker);
    printf("  %s  #%lld", r->mode, (long long)r->id);
    if (r->ext_id) {
        fputs(" feed ", stdout);
        cli_put_text(stdout, r->ext_id);
    }
    fputs("\n    ", stdout);
    cli_put_wrapped(f->cli, stdout, r->snippet, 4, 4);
    putchar('\n');
    return (f->st = cli_reports_line(f->cli, f->db, r, 4, &f->err)) != TR_OK;
}

/* tracker search QUERY */
static int cmd_search(tr_cli *cli, const cli_command *self, int argc, char **argv)
{
    const char *from = NULL, *to = NULL, *speaker = NULL, *arg;
    struct found f = {.cli = cli};
    tr_search_query q = {.mode = TR_SEARCH_PLAIN, .limit = 20};
    int id;
    tr_err err;
    cli_parser p;
    cli_parse_begin(&p, cli, self, argc, argv);
    while ((id = cli_next(&p, &arg)) > 0) {
        switch (id) {
        case OPT_SPEAKER: speaker = arg; break;
        case OPT_FROM: from = arg; break;
        case OPT_TO: to = arg; break;
        case OPT_SORT: q.by_date = cli_pick(arg, sorts) == 1; break;
        case OPT_FORMAT: f.json = cli_pick(arg, formats) == 1; break;
        case OPT_FTS:
        case OPT_FIXED:
            if (q.mode != TR_SEARCH_PLAIN &&
                q.mode != (id == OPT_FTS ? TR_SEARCH_FTS : TR_SEARCH_FIXED))
                return cli_usage(cli, "--fts and --fixed-strings read the query in two ways: "
                                      "choose one");
            q.mode = id == OPT_FTS ? TR_SEARCH_FTS : TR_SEARCH_FIXED;
            break;
        case OPT_LIMIT: {
            char *end;
            long v = strtol(arg, &end, 10);
            if (*end || v < 1 || v > 100000)
                return cli_usage(cli, "--limit: expected a number from 1 to 100000");
            q.limit = (int)v;
            break;
        }
        }
    }
    if (id < 0)
        return p.rc;
    char **ops;
    if (cli_operands(&p, &ops) != 1)
        return cli_usage(cli, "expected one QUERY (quote it: tracker search 'cyber unit')");
    q.text = ops[0];
    tr_status st;
    int rc = cli_date_window(cli, from, to, &q.from_lo, &q.to_hi);
    if (rc)
        return rc;
    tr_db *db;
    if ((st = cli_open_db(cli, TR_DB_READ, &db, &err)) != TR_OK)
        return cli_fail(cli, st, &err);
    if (!speaker || !(st = cli_find_person(db, speaker, &q.person_id, &err))) {
        /* Text marks hits with \001/\002, printed as the cue marks, so the
        ** stored text's own control characters can be made visible. */
        q.open = f.json ? "[" : "\001";
        q.close = f.json ? "]" : "\002";
        f.db = db;
        st = tr_db_search(db, &q, hit_cb, &f, &err);
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

const cli_command cmd_search_def = {
    .name = "search",
    .fn = cmd_search,
    .operands = "QUERY",
    .summary = "full-text search over statements",
    .description =
        "Search the statements' texts, best matches first.  QUERY is plain text: every word "
        "must match, in any order; \"double quotes\" make a phrase; an apostrophe or a hyphen "
        "inside a word keeps it one word (can't, cyber-security); other punctuation (& , . !) "
        "only separates words; a trailing * makes a prefix.  Words are stemmed (talks finds "
        "talking and talked) and matched case- and accent-insensitively.  -F finds a literal "
        "string instead, --fts takes FTS5's query language.  Hits are marked »like this« "
        "(bold and underlined on a terminal).",
    .opts = opts,
    .common = CLI_TZ | CLI_DB,
    .notes = "json fields: id, feed_id, speaker, date (as given, with its zone), utc, mode, "
             "snippet (hits in [brackets]), text, source, url.  A query with nothing to search "
             "for, or an --fts query with a syntax error, is a usage error (exit 64).",
};
