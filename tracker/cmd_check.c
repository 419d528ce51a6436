/*
** cmd_check.c: tracker check.  Asks the store whether it is sound:
** SQLite's integrity check, the foreign keys, the full-text index and the
** tool's own invariants; prints every problem and exits 1 on any.
*/
#include <unistd.h>

#include "cli.h"

struct check_ctx {
    int n;
};

/* Prints one problem. */
static void problem_cb(void *ctx, const char *problem)
{
    ((struct check_ctx *)ctx)->n++;
    cli_msg(stdout, "problem: %s\n", problem);
}

/* tracker check */
static int cmd_check(tr_cli *cli, const cli_command *self, int argc, char **argv)
{
    cli_parser p;
    int rc = cli_parse_plain(&p, cli, self, argc, argv);
    if (rc >= 0)
        return rc;
    char **ops;
    if (cli_operands(&p, &ops))
        return cli_usage(cli, "unexpected argument '%s'", ops[0]);
    tr_db *db;
    tr_err err;
    /* Write access (when the user has it, to an existing store) lets the
    ** full-text check run; nothing is written. */
    tr_db_mode mode = *cli->db_path && access(cli->db_path, W_OK) == 0 ? TR_DB_WRITE : TR_DB_READ;
    tr_status st = cli_open_db(cli, mode, &db, &err);
    if (st) {
        cli_fail(cli, st, &err);
        return st == TR_EIO || st == TR_EDATA ? TR_FOUND : (int)st;
    }
    struct check_ctx cc = {0};
    tr_check_counts n;
    st = tr_db_check(db, problem_cb, &cc, &n, &err);
    tr_db_close(db);
    if (st)
        return cli_fail(cli, st, &err);
    if (n.skipped_fts)
        cli_note(cli, "note: the full-text index was not checked: '%s' is read-only for this user",
                 cli->db_path);
    if (n.problems) {
        cli_msg(stdout, "%s: %d problem%s found by %d checks: restore the store from a backup "
                "('tracker backup FILE' makes one)\n", cli->db_path, n.problems,
                n.problems == 1 ? "" : "s", n.checks);
        return TR_FOUND;
    }
    cli_msg(stdout, "%s: ok (integrity, foreign keys, %sthe tracker's %d invariants)\n",
            cli->db_path, n.skipped_fts ? "" : "full-text index, ", n.invariants);
    return 0;
}

const cli_command cmd_check_def = {
    .name = "check",
    .fn = cmd_check,
    .summary = "check the store: integrity, full-text index, invariants",
    .description =
        "Check the store: SQLite's integrity check, its foreign keys, the full-text index "
        "(this needs write access to the store; without it the check is skipped, with a note) "
        "and the tracker's own invariants (every finding has its deciding pair and its "
        "statements exist, every assertion's and finding's rule set hash is one a scan "
        "recorded, date intervals are ordered, every person is known by their name).  Writes "
        "nothing.  Prints each problem on its own line.",
    .common = CLI_DB,
    .notes = "Exit status: 0 when the store is sound, 1 when a problem was found (restore the "
             "store from a backup: see 'tracker backup'), 66 no store, 74 when the store cannot "
             "be read at all.",
};
