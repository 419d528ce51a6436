/*
** cmd_check.c: tracker check.  Asks the store whether it is sound:
** SQLite's integrity check, the foreign keys, the full-text index and the
** tool's own invariants; prints every problem and exits 1 on any.
*/
#include <unistd.h>

#include "cli.h"

static const char usage_text[] =
    "usage: tracker check [--db PATH]\n"
    "\n"
    "Check the store: SQLite's integrity check, its foreign keys, the full-text\n"
    "index (needs write access to the store; skipped, with a note, without it)\n"
    "and the tracker's own invariants (every finding has its deciding pair and its\n"
    "statements exist, every assertion's and finding's rule set hash is one a scan\n"
    "recorded, date intervals are ordered, every person is known by their name).\n"
    "Writes nothing.  Prints each problem on its own line.\n"
    "\n"
    "Exit status: 0 when the store is sound, 1 when a problem was found (restore\n"
    "the store from a backup: see 'tracker backup'), 66 no store, 74 when the\n"
    "store cannot be read at all.\n";

struct check_ctx {
    int n;
};

/* Prints one problem. */
static void problem_cb(void *ctx, const char *problem)
{
    ((struct check_ctx *)ctx)->n++;
    cli_msg(stdout, "problem: %s\n", problem);
}

int cmd_check(tr_cli *cli, int argc, char **argv)
{
    int rc = cli_common_only(cli, argc, argv, usage_text);
    if (rc >= 0)
        return rc;
    if (optind != argc)
        return cli_usage(cli, "unexpected argument '%s'", argv[optind]);
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
        cli_msg(stderr, "note: the full-text index was not checked: '%s' is read-only for this "
                "user\n", cli->db_path);
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
