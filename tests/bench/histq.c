/*
** histq.c: the latency of one person's history, without process start-up.
**
**   histq DB [RUNS]
**
** Opens DB read-only the way tracker does (WAL, the same pragmas), prepares
** the history query of db/statements.c (tr_db_history: copied here, keep
** the two in step) once, then RUNS times (default 1000) binds a random
** person id, steps through every row and reads every column, as
** `tracker history` does before printing.  Three shapes:
**
**   full     the whole history (no --from/--to: INT64_MIN..INT64_MAX)
**   month    a 30-day window at a random date in 2015..2020
**   person1  the whole history of the most prolific person (the worst case)
**
** Prints for each: p50, p99 and max in milliseconds, and the mean number
** of rows returned.  The PRNG is splitmix64 with a fixed seed.
*/
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Keep in step with db/statements.c (ROW_COLS and tr_db_history). */
#define ROW_COLS                                                                            \
    "s.id, s.person_id, p.name, p.side, s.text, s.mode, s.date_text, s.date_lo, s.date_hi, " \
    "s.date_prec, s.side, s.role, coalesce(s.url, src.url), s.cue, s.date_expr, src.publisher, " \
    "src.url, s.ext_id "
static const char history_sql[] = "SELECT " ROW_COLS "FROM statements s "
                                  "JOIN people p ON p.id=s.person_id "
                                  "LEFT JOIN sources src ON src.id=s.source_id "
                                  "WHERE s.person_id=?1 AND s.date_lo BETWEEN ?4 AND ?3 "
                                  "AND s.date_hi>=?2 ORDER BY s.date_lo, s.id";

/* The widest statement interval (db/statements.c reads it from meta). */
static int64_t max_span;

static uint64_t state = 0x68697374ULL;

static uint64_t next64(void)
{
    uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void die(sqlite3 *db, const char *what)
{
    fprintf(stderr, "histq: %s: %s\n", what, db ? sqlite3_errmsg(db) : "?");
    exit(1);
}

/* Runs the query once; returns the number of rows. */
static long run(sqlite3 *db, sqlite3_stmt *q, int64_t person, int64_t lo, int64_t hi,
                size_t *sink)
{
    sqlite3_reset(q);
    sqlite3_bind_int64(q, 1, person);
    sqlite3_bind_int64(q, 2, lo);
    sqlite3_bind_int64(q, 3, hi);
    sqlite3_bind_int64(q, 4, lo > INT64_MIN + max_span ? lo - max_span : INT64_MIN);
    long rows = 0;
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        int n = sqlite3_column_count(q);
        for (int i = 0; i < n; i++) {
            const unsigned char *t = sqlite3_column_text(q, i);
            *sink += t ? t[0] : 0;
        }
        rows++;
    }
    if (rc != SQLITE_DONE)
        die(db, "history query");
    return rows;
}

static void shape(sqlite3 *db, sqlite3_stmt *q, const char *name, int runs, int64_t maxid,
                  int64_t fixed, int window)
{
    double *ms = malloc(sizeof *ms * (size_t)runs);
    size_t sink = 0;
    double rows = 0;
    for (int i = 0; i < runs; i++) {
        int64_t person = fixed ? fixed : 1 + (int64_t)(next64() % (uint64_t)maxid);
        int64_t lo = INT64_MIN, hi = INT64_MAX;
        if (window) {
            lo = (16436 + (int64_t)(next64() % 2162)) * 86400;
            hi = lo + 30 * 86400 - 1;
        }
        double t0 = now_ms();
        rows += (double)run(db, q, person, lo, hi, &sink);
        ms[i] = now_ms() - t0;
    }
    qsort(ms, (size_t)runs, sizeof *ms, cmp_double);
    printf("%-8s p50 %8.3f ms  p99 %8.3f ms  max %8.3f ms  rows/query %8.1f  (%d runs)%s\n",
           name, ms[runs / 2], ms[(runs * 99) / 100], ms[runs - 1], rows / runs, runs,
           sink == 1 ? " " : "");
    free(ms);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs("usage: histq DB [RUNS]\n", stderr);
        return 2;
    }
    int runs = argc > 2 ? atoi(argv[2]) : 1000;
    if (runs < 1)
        runs = 1000;
    sqlite3 *db;
    if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
        die(db, "open");
    if (sqlite3_exec(db,
                     "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                     "PRAGMA foreign_keys=ON;",
                     NULL, NULL, NULL) != SQLITE_OK)
        die(db, "pragmas");
    sqlite3_stmt *q;
    int64_t maxid = 0, top = 0;
    if (sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key='max_span'", -1, &q, NULL) ==
        SQLITE_OK) {
        if (sqlite3_step(q) == SQLITE_ROW)
            max_span = sqlite3_column_int64(q, 0);
        sqlite3_finalize(q);
    }
    if (sqlite3_prepare_v2(db, "SELECT max(id) FROM people", -1, &q, NULL) != SQLITE_OK)
        die(db, "prepare");
    if (sqlite3_step(q) == SQLITE_ROW)
        maxid = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    if (sqlite3_prepare_v2(db,
                           "SELECT person_id FROM statements GROUP BY person_id "
                           "ORDER BY count(*) DESC LIMIT 1",
                           -1, &q, NULL) != SQLITE_OK)
        die(db, "prepare");
    if (sqlite3_step(q) == SQLITE_ROW)
        top = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    if (maxid < 1 || top < 1) {
        fputs("histq: no people or no statements\n", stderr);
        return 1;
    }
    if (sqlite3_prepare_v3(db, history_sql, -1, SQLITE_PREPARE_PERSISTENT, &q, NULL) != SQLITE_OK)
        die(db, "prepare the history query");
    /* Warm the page cache the way a repeated command would find it. */
    size_t sink = 0;
    run(db, q, top, INT64_MIN, INT64_MAX, &sink);
    shape(db, q, "full", runs, maxid, 0, 0);
    shape(db, q, "month", runs, maxid, 0, 1);
    shape(db, q, "person1", runs / 10 > 10 ? runs / 10 : 10, maxid, top, 0);
    sqlite3_finalize(q);
    sqlite3_close(db);
    return 0;
}
