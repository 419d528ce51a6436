/*
** rules_testutil.h: what the rule engine's Check suites share.
*/
#ifndef TR_RULES_TESTUTIL_H
#define TR_RULES_TESTUTIL_H

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rules.h"
#include "testutil.h"

/* Loads a rule set from source text through a temporary .rules file (so
** the file path of the loader is exercised), with the source tree's
** lexicon; fails the test when it does not load.  Caller frees. */
static inline tr_ruleset *load_text(const char *src)
{
    char p[] = "/tmp/tr-rules-XXXXXX.rules", lx[1024];
    int fd = mkstemps(p, 6);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, src, strlen(src)), (ssize_t)strlen(src));
    close(fd);
    snprintf(lx, sizeof lx, "%s/rules/lexicon", tu_src());
    const char *pp = p;
    tr_ruleset *rs = NULL;
    tr_err err;
    tr_status st = tr_ruleset_load(&pp, 1, lx, &rs, NULL, &err);
    unlink(p);
    ck_assert_msg(st == TR_OK, "%s", err.msg);
    return rs;
}

#endif
