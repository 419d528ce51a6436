/*
** cmd_add.c: tracker add.  One statement from flags.
*/
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "ingest.h"

enum { OPT_TZ = TR_F__COUNT + 1 };

/* Each field's option id is its field number plus one (ids are > 0). */
#define F(x) ((x) + 1)
static const cli_opt opts[] = {
    {"speaker", 0, "NAME", NULL, F(TR_F_SPEAKER),
     "who said it (resolved through names and aliases; an unknown speaker is created); required"},
    {"date", 0, "DATE", NULL, F(TR_F_DATE),
     "when: YYYY, YYYY-MM, YYYY-MM-DD, an instant YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM] or an interval "
     "A/B; required"},
    {"text", 0, "TEXT", NULL, F(TR_F_TEXT), "what was said; required"},
    {"mode", 0, NULL, (const char *const[]){"direct", "reported", NULL}, F(TR_F_MODE),
     "a quote (direct, the default) or reported speech"},
    {"side", 0, "SIDE", NULL, F(TR_F_SIDE), "the speaker's side when speaking (US, RU, a party...)"},
    {"role", 0, "ROLE", NULL, F(TR_F_ROLE), "the speaker's role when speaking"},
    {"source", 0, "NAME", NULL, F(TR_F_SOURCE), "the publisher (Reuters, Twitter...)"},
    {"url", 0, "URL", NULL, F(TR_F_URL), "where it was published"},
    {"id", 0, "ID", NULL, F(TR_F_ID), "the feed's own id for this statement"},
    {"tz", 0, "ZONE", NULL, OPT_TZ,
     "read a time of day without an offset as local time in ZONE (an IANA name such as "
     "America/Chicago; without it, UTC)"},
    {0}};

/* tracker add */
static int cmd_add(tr_cli *cli, const cli_command *self, int argc, char **argv)
{
    tr_record rec = {.span_start = -1, .span_end = -1};
    const char *tz = NULL, *arg;
    cli_parser p;
    int id;
    tr_err err;
    cli_parse_begin(&p, cli, self, argc, argv);
    while ((id = cli_next(&p, &arg)) > 0) {
        if (id == OPT_TZ)
            tz = arg;
        else
            rec.f[id - 1] = arg[0] ? arg : NULL;
    }
    if (id < 0)
        return p.rc;
    char **ops;
    if (cli_operands(&p, &ops))
        return cli_usage(cli, "unexpected argument '%s'", ops[0]);
    static const tr_field required[] = {TR_F_SPEAKER, TR_F_DATE, TR_F_TEXT};
    for (size_t i = 0; i < 3; i++)
        if (!rec.f[required[i]])
            return cli_usage(cli, "--%s is required", tr_field_name(required[i]));
    tr_zone *zone = NULL;
    if (tz && tr_zone_load(tz, cli->zoneinfo, &zone, &err))
        return cli_fail(cli, TR_EUSAGE, &err);
    tr_db *db;
    tr_status st = cli_open_db(cli, TR_DB_WRITE, &db, &err);
    if (st) {
        tr_zone_free(zone);
        return cli_fail(cli, st, &err);
    }
    ingest_ctx *ic = calloc(1, sizeof *ic);
    if (!ic) {
        tr_db_close(db);
        tr_zone_free(zone);
        return TR_ESOFTWARE;
    }
    ic->db = db;
    ic->tz = zone;
    int inserted = 0;
    int64_t sid = 0;
    if (!(st = tr_db_begin(db, &err)) && !(st = ingest_record(ic, &rec, &inserted, &sid, &err)))
        st = tr_db_commit(db, &err);
    if (st)
        tr_db_rollback(db);
    ingest_free(ic);
    free(ic);
    tr_db_close(db);
    tr_zone_free(zone);
    if (st)
        return cli_fail(cli, st, &err);
    if (inserted)
        printf("added statement %lld\n", (long long)sid);
    else
        printf("already stored: nothing added\n");
    return 0;
}

const cli_command cmd_add_def = {
    .name = "add",
    .fn = cmd_add,
    .summary = "add one statement from flags",
    .description = "Add one statement.  Prints the statement's id ('added statement ID'), or says "
                   "it was already stored ('already stored: nothing added').",
    .opts = opts,
    .common = CLI_DB,
};
