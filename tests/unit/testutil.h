/*
** testutil.h: shared helpers for the Check unit suites.
**
** Each tests/unit/test_*.c builds one binary with a main() that calls
** tu_run() on its suite; tu_run prints Check's summary line and returns
** the process exit status.
*/
#ifndef TR_TESTUTIL_H
#define TR_TESTUTIL_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Runs suite s verbosely enough to print Check's summary; 0 when all
** tests passed, 1 otherwise. */
static inline int tu_run(Suite *s)
{
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? 0 : 1;
}

/* The source tree's root, from $TRACKER_SRC (set by make), else ".". */
static inline const char *tu_src(void)
{
    const char *s = getenv("TRACKER_SRC");
    return s && *s ? s : ".";
}

#endif
