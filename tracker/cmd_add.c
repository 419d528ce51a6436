/*
** cmd_add.c: tracker add.  One statement from flags.
*/
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "ingest.h"

static const char usage_text[] =
    "usage: tracker add --speaker NAME --date DATE --text TEXT [OPTIONS]\n"
    "\n"
    "Add one statement.  Prints the statement's id, or says it was already stored.\n"
    "\n"
    "Options:\n"
    "  --speaker NAME     who said it (resolved through names and aliases;\n"
    "                     an unknown speaker is created)\n"
    "  --date DATE        when: YYYY, YYYY-MM, YYYY-MM-DD, an instant\n"
    "                     YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM] or an interval A/B\n"
    "  --text TEXT        what was said\n"
    "  --mode MODE        direct (a quote, default) or reported (reported speech)\n"
    "  --side SIDE        the speaker's side when speaking (US, RU, a party...)\n"
    "  --role ROLE        the speaker's role when speaking\n"
    "  --source NAME      the publisher (Reuters, Twitter...)\n"
    "  --url URL          where it was published\n"
    "  --id ID            the feed's own id for this statement\n"
    "  --tz ZONE          read a time of day without offset as local time in ZONE\n"
    "  --db PATH          the database\n";

int cmd_add(tr_cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {
        {"speaker", required_argument, NULL, TR_F_SPEAKER}, {"date", required_argument, NULL, TR_F_DATE},
        {"text", required_argument, NULL, TR_F_TEXT},       {"mode", required_argument, NULL, TR_F_MODE},
        {"side", required_argument, NULL, TR_F_SIDE},       {"role", required_argument, NULL, TR_F_ROLE},
        {"source", required_argument, NULL, TR_F_SOURCE},   {"url", required_argument, NULL, TR_F_URL},
        {"id", required_argument, NULL, TR_F_ID},           {"tz", required_argument, NULL, 'z'},
        CLI_COMMON_OPTS, {0}};
    tr_record rec = {.span_start = -1, .span_end = -1};
    const char *tz = NULL;
    int c;
    tr_err err;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (cli_common_opt(cli, c, optarg))
            continue;
        if (c == 'h') {
            fputs(usage_text, stdout);
            return 0;
        }
        if (c == 'z') {
            tz = optarg;
            continue;
        }
        if (c >= 0 && c < TR_F__COUNT) {
            rec.f[c] = optarg[0] ? optarg : NULL;
            continue;
        }
        return cli_bad_option(cli);
    }
    if (optind != argc)
        return cli_usage(cli, "unexpected argument '%s'", argv[optind]);
    static const tr_field required[] = {TR_F_SPEAKER, TR_F_DATE, TR_F_TEXT};
    for (size_t i = 0; i < 3; i++)
        if (!rec.f[required[i]])
            return cli_usage(cli, "--%s is required", tr_field_name(required[i]));
    if (tz && tr_tz_check(tz, &err))
        return cli_fail(cli, TR_EUSAGE, &err);
    tr_db *db;
    tr_status st = cli_open_db(cli, TR_DB_WRITE, &db, &err);
    if (st)
        return cli_fail(cli, st, &err);
    ingest_ctx *ic = calloc(1, sizeof *ic);
    if (!ic) {
        tr_db_close(db);
        return TR_ESOFTWARE;
    }
    ic->db = db;
    ic->tz = tz;
    int inserted = 0;
    int64_t id = 0;
    if (!(st = tr_db_begin(db, &err)) && !(st = ingest_record(ic, &rec, &inserted, &id, &err)))
        st = tr_db_commit(db, &err);
    if (st)
        tr_db_rollback(db);
    ingest_free(ic);
    free(ic);
    tr_db_close(db);
    if (st)
        return cli_fail(cli, st, &err);
    if (inserted)
        printf("added statement %lld\n", (long long)id);
    else
        printf("already stored: nothing added\n");
    return 0;
}
