/*
** cmd_extract.c: tracker extract FILE... --published DATE.  Finds the
** attributed, dated statements in raw article text and writes them as
** JSON Lines, or imports them with their source (the article's text is
** kept, so every statement points back to its byte span).
*/
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "extract.h"
#include "ingest.h"
#include "people.h"
#include "input.h"
#include "text.h"

enum { OPT_PUBLISHED = 1, OPT_SOURCE, OPT_URL, OPT_TITLE, OPT_IMPORT, OPT_PATTERNS, OPT_NOLINK };

static const cli_opt opts[] = {
    {"published", 0, "DATE", NULL, OPT_PUBLISHED,
     "the article's publication date, YYYY-MM-DD (required)"},
    {"source", 0, "NAME", NULL, OPT_SOURCE, "the publisher, e.g. Reuters"},
    {"url", 0, "URL", NULL, OPT_URL, "the article's address"},
    {"title", 0, "TITLE", NULL, OPT_TITLE, "the article's title (kept with the source on --import)"},
    {"import", 0, NULL, NULL, OPT_IMPORT,
     "store the article and its statements instead of printing them (idempotent, like tracker "
     "import)"},
    {"no-link", 0, NULL, NULL, OPT_NOLINK,
     "--import: every statement a statement of its own (no quote joins the statement it repeats)"},
    {"patterns", 0, NULL, NULL, OPT_PATTERNS,
     "print every attribution and date rule with its macros and word lists expanded, one a line "
     "(a pcre2grep -f file)"},
    {0}};

/* Extracts one file: prints JSON Lines, or stores it through ic. */
static tr_status extract_file(const tr_extractor *x, const char *path, const tr_extract_opts *o,
                              const char *title, ingest_ctx *ic, long long *n, long long *added,
                              tr_err *err)
{
    tr_buf text = {0};
    tr_statement_list list = {0};
    tr_status st = tr_input_slurp(path, &text, err);
    if (!st && (st = tr_extract(x, text.data, text.len, o, &list, err)) != TR_OK)
        tr_errf(err, st, "%s: %s", path, err->msg);
    if (!st && ic) {
        tr_source_in src = {.publisher = o->source, .title = title, .url = o->url,
                            .published = o->published, .raw = text.data, .rawlen = text.len};
        st = tr_db_source_ensure(ic->db, &src, &ic->default_source, err);
    }
    for (size_t i = 0; !st && i < list.n; i++) {
        const tr_statement *s = &list.items[i];
        (*n)++;
        if (!ic) {
            char *json;
            if ((st = tr_statement_to_json(s, o, &json, err)) == TR_OK) {
                puts(json);
                free(json);
            }
            continue;
        }
        int inserted;
        tr_err why;
        st = ingest_extracted(ic, s, o, &inserted, &why);
        if (st == TR_EDATA) {
            cli_msg(stderr, "%s: statement %zu (bytes %zu-%zu): %s\n", path, i + 1, s->span[0],
                    s->span[1], why.msg);
            st = TR_OK;
            continue;
        }
        if (st)
            *err = why;
        *added += inserted;
    }
    tr_statement_list_free(&list);
    tr_buf_free(&text);
    return st;
}

/* tracker extract FILE... */
static int cmd_extract(tr_cli *cli, const cli_command *self, int argc, char **argv)
{
    tr_extract_opts o = {0};
    const char *title = NULL, *arg;
    int id, import = 0, patterns = 0, no_link = 0;
    cli_parser p;
    cli_parse_begin(&p, cli, self, argc, argv);
    while ((id = cli_next(&p, &arg)) > 0) {
        switch (id) {
        case OPT_PUBLISHED: o.published = arg; break;
        case OPT_SOURCE: o.source = arg; break;
        case OPT_URL: o.url = arg; break;
        case OPT_TITLE: title = arg; break;
        case OPT_IMPORT: import = 1; break;
        case OPT_PATTERNS: patterns = 1; break;
        case OPT_NOLINK: no_link = 1; break;
        }
    }
    if (id < 0)
        return p.rc;
    int nfiles = cli_operands(&p, &argv);
    if (patterns) { /* every rule expanded, a pcre2grep -f file */
        char pd[1100];
        tr_extractor *px;
        tr_err perr;
        tr_status pst = tr_extractor_new(cli_data_dir("attribution", pd, sizeof pd), &px, &perr);
        if (pst)
            return cli_fail(cli, pst, &perr);
        const char *kind, *name, *re;
        for (size_t i = 0; tr_extractor_rule(px, i, &kind, &name, &re); i++)
            printf("(*UCP)(?x)%s\n", re);
        tr_extractor_free(px);
        return 0;
    }
    if (nfiles == 0)
        return cli_usage(cli, "no article files (use '-' for standard input)");
    if (!o.published)
        return cli_usage(cli, "--published DATE is required (the article's publication day)");
    tr_err err;
    tr_date pub;
    if (tr_date_parse(o.published, NULL, &pub, &err) || pub.prec != TR_PREC_DAY)
        return cli_usage(cli, "--published: expected a day YYYY-MM-DD, got '%s'", o.published);
    if (pub.lo > cli->now) {
        char today[32];
        tr_date_format_utc(cli->now, today, sizeof today);
        today[10] = '\0';
        cli_note(cli, "warning: --published %s is in the future (today is %s): statements are "
                      "dated against it", o.published, today);
    }
    char dir[1100];
    tr_extractor *x;
    tr_status st = tr_extractor_new(cli_data_dir("attribution", dir, sizeof dir), &x, &err);
    if (st)
        return cli_fail(cli, st, &err);
    /* the JIT pays for itself from some 64 KB of text */
    unsigned long long total = 0;
    for (int i = 0; i < nfiles; i++) {
        struct stat sb;
        if (strcmp(argv[i], "-") && stat(argv[i], &sb) == 0)
            total += (unsigned long long)sb.st_size;
    }
    if (total >= 64u << 10)
        tr_extractor_jit(x);
    people_lookup_ctx lc = {0};
    tr_db *db = NULL;
    if (import)
        st = cli_open_db(cli, TR_DB_WRITE, &db, &err);
    else if (access(cli->db_path, F_OK) == 0)
        st = cli_open_db(cli, TR_DB_READ, &db, &err);
    if (st) {
        tr_extractor_free(x);
        return cli_fail(cli, st, &err);
    }
    lc.db = db;
    o.lookup = people_lookup;
    o.lookup_ctx = &lc;
    ingest_ctx *ic = NULL;
    if (import && !(st = tr_db_begin(db, &err))) {
        ic = calloc(1, sizeof *ic);
        if (!ic)
            st = tr_errf(&err, TR_ESOFTWARE, "out of memory");
        else {
            ic->db = db;
            ic->no_link = no_link;
        }
    }
    long long n = 0, added = 0;
    int rc = 0;
    long long linked = 0;
    for (int i = 0; i < nfiles && !st; i++) {
        st = extract_file(x, argv[i], &o, title, ic, &n, &added, &err);
        if (st == TR_ENOINPUT || st == TR_EDATA) {
            rc = cli_fail(cli, st, &err);
            st = TR_OK;
        }
    }
    if (ic) {
        linked = ic->linked;
        ingest_free(ic);
        free(ic);
        if (!st)
            st = tr_db_commit(db, &err);
        else
            tr_db_rollback(db);
    }
    tr_db_close(db);
    tr_extractor_free(x);
    if (st)
        return cli_fail(cli, st, &err);
    if (import && linked)
        printf("extracted %lld statements, imported %lld, linked %lld, duplicates %lld\n", n, added,
               linked, n - added - linked);
    else if (import)
        printf("extracted %lld statements, imported %lld, duplicates %lld\n", n, added, n - added);
    return rc;
}

const cli_command cmd_extract_def = {
    .name = "extract",
    .fn = cmd_extract,
    .operands = "FILE...",
    .summary = "find the statements in news articles (raw text)",
    .description =
        "Find the statements in news articles (UTF-8 text; '-' reads standard input): direct "
        "quotes and reported speech, who said them (names, titles, surnames, pronouns, "
        "anonymous groups, resolved through the people registry when the store has one), and "
        "when (weekdays, 'earlier this month', 'last week'..., against the publication date, as "
        "intervals of the precision the words have).  Prints one JSON object a line: speaker, "
        "kind, side, text, mode, date, date_expr, span, spans, cue, rule, context, "
        "context_span, source, url, published (and ambiguous, ambiguity when the speaker is "
        "uncertain).  text is the article's bytes at span; a quote split around its "
        "attribution has several spans and text the parts joined by ' … '.",
    .opts = opts,
    .common = CLI_DB,
};
