/*
** cmd_init.c: tracker init.  Creates the database or migrates it to the
** current schema (forward only).
*/
#include "cli.h"

static const char usage_text[] =
    "usage: tracker init [--shared] [--db PATH]\n"
    "\n"
    "Create the database, or migrate an older one to the current schema.\n"
    "Migrations only go forward; running init on a current store changes nothing.\n"
    "A new store is readable and writable by its owner only (mode 0600).\n"
    "\n"
    "Options:\n"
    "  --shared    make the store, with its -wal and -shm files, group-writable\n"
    "              (0660) for a desk whose members share a group; create it in a\n"
    "              directory of that group with the setgid bit (chmod g+ws DIR)\n";

int cmd_init(tr_cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {{"shared", no_argument, NULL, 's'}, CLI_COMMON_OPTS, {0}};
    int c, shared = 0;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (cli_common_opt(cli, c, optarg))
            continue;
        if (c == 'h') {
            fputs(usage_text, stdout);
            return 0;
        }
        if (c == 's') {
            shared = 1;
            continue;
        }
        return cli_bad_option(cli);
    }
    if (optind != argc)
        return cli_usage(cli, "unexpected argument '%s'", argv[optind]);
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
