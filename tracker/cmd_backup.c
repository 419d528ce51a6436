/*
** cmd_backup.c: tracker backup FILE.  A consistent copy of the store,
** taken through SQLite's online backup API while writers go on, written
** to a temporary beside FILE and renamed over it.
*/
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "outfile.h"

/* tracker backup FILE */
static int cmd_backup(tr_cli *cli, const cli_command *self, int argc, char **argv)
{
    cli_parser p;
    int rc = cli_parse_plain(&p, cli, self, argc, argv);
    if (rc >= 0)
        return rc;
    char **ops;
    if (cli_operands(&p, &ops) != 1)
        return cli_usage(cli, "expected one FILE to write the copy to");
    const char *dest = ops[0];
    struct stat a, b;
    if (!*dest)
        return cli_usage(cli, "the backup's FILE name is empty");
    if (stat(cli->db_path, &a) == 0 && stat(dest, &b) == 0 && a.st_dev == b.st_dev &&
        a.st_ino == b.st_ino)
        return cli_usage(cli, "'%s' is the store itself", dest);
    tr_db *db;
    tr_err err;
    tr_status st = cli_open_db(cli, TR_DB_READ, &db, &err);
    if (st)
        return cli_fail(cli, st, &err);
    tr_outfile out;
    if (!(st = tr_outfile_open(&out, dest, 1, &err))) {
        chmod(out.tmpname, a.st_mode & 0777);
        st = tr_db_backup(db, out.tmpname, &err);
        if (!st) {
            /* An old FILE's -wal and -shm would be read as the new file's. */
            char side[4200];
            for (int i = 0; i < 2; i++) {
                snprintf(side, sizeof side, "%s%s", out.target, i ? "-shm" : "-wal");
                unlink(side);
            }
            st = tr_outfile_commit(&out, &err);
        }
        else
            tr_outfile_abort(&out);
    }
    int64_t people = 0, statements = 0;
    if (!st) {
        /* What the copy holds, read from the copy itself. */
        tr_db *copy;
        tr_db_close(db);
        db = NULL;
        if (!(st = tr_db_open(dest, TR_DB_READ, cli->now, &copy, &err))) {
            st = tr_db_counts(copy, &people, &statements, &err);
            tr_db_close(copy);
        }
    }
    tr_db_close(db);
    if (st)
        return cli_fail(cli, st, &err);
    cli_msg(stdout, "backed up %s to %s: %lld people, %lld statements\n", cli->db_path, dest,
            (long long)people, (long long)statements);
    return 0;
}

const cli_command cmd_backup_def = {
    .name = "backup",
    .fn = cmd_backup,
    .operands = "FILE",
    .summary = "copy the store consistently while writers run",
    .description =
        "Copy the store to FILE (a SQLite file that tracker opens like the store), as one "
        "consistent snapshot taken through SQLite's online backup API, while imports, scans "
        "and reports go on: a writer is neither stopped nor seen half-way.  FILE is replaced "
        "whole, or left as it was when the copy fails (a stale FILE-wal and FILE-shm are "
        "removed); it gets the store's mode.  Restore by putting the copy in place of the store "
        "with no tracker running.",
    .common = CLI_DB,
    .notes = "Exit status: 0; 64 usage (FILE is the store itself); 66 no store; 74 I/O.",
};
