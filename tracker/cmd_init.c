/*
** cmd_init.c: tracker init.  Creates the database or migrates it to the
** current schema (forward only).
*/
#include "cli.h"

enum { OPT_SHARED = 1 };

static const cli_opt opts[] = {
    {"shared", 0, NULL, NULL, OPT_SHARED,
     "make the store, with its -wal and -shm files, group-writable (0660) for a desk whose "
     "members share a group; create it in a directory of that group with the setgid bit "
     "(chmod g+ws DIR)"},
    {0}};

/* tracker init */
static int cmd_init(tr_cli *cli, const cli_command *self, int argc, char **argv)
{
    cli_parser p;
    const char *arg;
    int id, shared = 0;
    cli_parse_begin(&p, cli, self, argc, argv);
    while ((id = cli_next(&p, &arg)) > 0)
        shared |= id == OPT_SHARED;
    if (id < 0)
        return p.rc;
    char **ops;
    if (cli_operands(&p, &ops))
        return cli_usage(cli, "unexpected argument '%s'", ops[0]);
    tr_db *db;
    tr_err err;
    tr_status st = cli_open_db(cli, shared ? TR_DB_SHARED : TR_DB_WRITE, &db, &err);
    if (st)
        return cli_fail(cli, st, &err);
    int from, to;
    tr_db_migrated(db, &from, &to);
    if (from == 0)
        cli_msg(stdout, "created %s (schema version %d)\n", cli->db_path, to);
    else if (from != to)
        cli_msg(stdout, "migrated %s from schema version %d to %d\n", cli->db_path, from, to);
    else
        cli_msg(stdout, "%s is current (schema version %d)\n", cli->db_path, to);
    tr_db_close(db);
    return 0;
}

const cli_command cmd_init_def = {
    .name = "init",
    .fn = cmd_init,
    .summary = "create or migrate the database",
    .description =
        "Create the store, or migrate an older one to the current schema (the version is kept "
        "in the store itself).  Migrations only go forward; running init on a current store "
        "changes nothing, and a store newer than this tracker is refused.  A new store is "
        "readable and writable by its owner only (mode 0600).  Write commands (import, add, "
        "people import) create the store themselves when it is missing; read commands refuse "
        "a missing one.",
    .opts = opts,
    .common = CLI_DB,
};
