/*
** test_rules_parse.c: the rule file parser: every error code with its line
** and column, recovery (every error reported, no cascade), rendering,
** directories, the rule set hash, introspection.
*/
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rules.h"
#include "testutil.h"

static char tmpdir[256];

/* The lexicon directory of the source tree (static buffer). */
static const char *lexdir(void)
{
    static char p[1024];
    snprintf(p, sizeof p, "%s/rules/lexicon", tu_src());
    return p;
}

/* Writes src to tmpdir/name and returns the path (static buffer). */
static const char *write_file(const char *name, const char *src)
{
    static char p[1024];
    snprintf(p, sizeof p, "%s/%s", tmpdir, name);
    FILE *f = fopen(p, "wb");
    ck_assert_ptr_nonnull(f);
    fputs(src, f);
    fclose(f);
    return p;
}

/* Creates a fresh temporary directory for each test. */
static void setup(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/tr-rules-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

/* Removes the temporary directory. */
static void teardown(void)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0) {
    }
}

/* Loads src as one file; returns the status, diags filled, rs freed. */
static tr_status load_src(const char *src, tr_diags *d)
{
    const char *p = write_file("t.rules", src);
    tr_ruleset *rs = NULL;
    tr_err err;
    tr_diags_init(d);
    tr_status st = tr_ruleset_load(&p, 1, lexdir(), &rs, d, &err);
    tr_ruleset_free(rs);
    return st;
}

/* Whether d holds an error of code at line:col. */
static int has(const tr_diags *d, int code, unsigned line, unsigned col)
{
    for (size_t i = 0; i < d->n; i++)
        if (d->v[i].level == TR_DIAG_ERROR && d->v[i].code == code && d->v[i].line == line &&
            d->v[i].col == col)
            return 1;
    return 0;
}

/* Prints d (for failing tests). */
static void dump(const tr_diags *d)
{
    tr_buf b;
    tr_buf_init(&b);
    tr_diags_render(d, &b);
    if (b.data)
        fprintf(stderr, "%s", b.data);
    tr_buf_free(&b);
}

#define T "topic t {\n  mention /x/\n  affirm /y/\n"

static const struct {
    const char *src;
    int code;
    unsigned line, col;
} cases[] = {
    { "topic a\n  mention /x/\n}\n", 1, 1, 8 },                       /* no '{' */
    { "topic 9a {\n  mention /x/\n}\n", 1, 1, 7 },                    /* bad id */
    { T "  description \"abc\n}\n", 2, 4, 15 },                       /* unterminated string */
    { T "  deny /abc\n}\n", 3, 4, 8 },                                /* unterminated regex */
    { "rule x {\n  mention /a/\n}\n", 4, 1, 1 },                      /* unknown block kind */
    { T "  colour \"red\"\n}\n", 5, 4, 3 },                           /* unknown field */
    { T "  deny /a(b/\n}\n", 6, 4, 12 },                              /* bad regex: offset 3 */
    { T "}\ntopic t {\n  mention /z/\n}\n", 7, 5, 7 },                /* duplicate id */
    { T "}\nreversal r {\n  topic nosuch\n}\n", 8, 6, 9 },            /* unknown topic */
    { "topic t {\n  affirm /y/\n}\n", 9, 1, 1 },                      /* no mention */
    { T "}\ncontradiction c {\n  window 3d\n}\n", 9, 5, 1 },          /* no topic */
    { T "}\nreversal r {\n  topic t\n  window 90x\n}\n", 10, 7, 10 },  /* bad window */
    { T "}\nreversal r {\n  topic t\n  window 0d\n}\n", 10, 7, 10 },   /* zero window */
    { T "}\nreversal r {\n  topic t\n  severity huge\n}\n", 11, 7, 12 },
    { T "  example maybe \"text\"\n}\n", 12, 4, 11 },                 /* bad stance */
    { T "  deny /abc/q\n}\n", 13, 4, 13 },                            /* bad flag */
    { T "  description \"a\"\n  description \"b\"\n}\n", 14, 5, 3 },  /* field twice */
    { T, 15, 1, 1 },                                                  /* unclosed block */
    { T "  description /x/\n}\n", 16, 4, 15 },                        /* regex for string */
    { T "  mention\n}\n", 16, 4, 3 },                                 /* missing argument */
    { T "  mention /a/ /b/\n}\n", 16, 4, 15 },                        /* extra argument */
    { T "}\nreversal r {\n  topic t\n  modes direct sideways\n}\n", 17, 7, 16 },
    { T "}\nreversal r {\n  topic t\n  from 2017-13-01\n}\n", 18, 7, 8 },
    { T "  follow 99\n}\n", 22, 4, 10 },
    { "}\n", 1, 1, 1 },                                               /* stray brace */
};

/* Each error code is reported with its exact line and column, and TR_ECONFIG. */
START_TEST(test_error_codes)
{
    tr_diags d;
    tr_status st = load_src(cases[_i].src, &d);
    if (!has(&d, cases[_i].code, cases[_i].line, cases[_i].col)) {
        fprintf(stderr, "case %d: want E%03d at %u:%u, got:\n", _i, cases[_i].code, cases[_i].line,
                cases[_i].col);
        dump(&d);
    }
    ck_assert_int_eq(st, TR_ECONFIG);
    ck_assert(has(&d, cases[_i].code, cases[_i].line, cases[_i].col));
    tr_diags_free(&d);
}
END_TEST

/* A file with a bad regex, an unknown field and a duplicate id reports all
** three, each once, and nothing else (no cascade). */
START_TEST(test_every_error_reported)
{
    tr_diags d;
    const char *src =
        "topic a {\n"
        "  mention /cyber(/\n"
        "  affirm /x/\n"
        "  colour \"red\"\n"
        "}\n"
        "topic a {\n"
        "  mention /y/\n"
        "  affirm /z/\n"
        "}\n"
        "bogus b {\n"
        "  mention /q/\n"
        "  { nested }\n"
        "}\n"
        "topic c {\n"
        "  mention /ok/\n"
        "  deny /ok/\n"
        "}\n";
    tr_status st = load_src(src, &d);
    ck_assert_int_eq(st, TR_ECONFIG);
    ck_assert(has(&d, TR_E_BAD_REGEX, 2, 18));
    ck_assert(has(&d, TR_E_UNKNOWN_FIELD, 4, 3));
    ck_assert(has(&d, TR_E_DUP_ID, 6, 7));
    ck_assert(has(&d, TR_E_UNKNOWN_BLOCK, 10, 1));
    if (d.nerrors != 4)
        dump(&d);
    ck_assert_uint_eq(d.nerrors, 4);
    tr_diags_free(&d);
}
END_TEST

/* The rendering is FILE:LINE:COL: error[E006]: PCRE2's message, then the
** source line and a caret under the offset. */
START_TEST(test_render)
{
    tr_diags d;
    load_src("topic t {\n  mention /a(b/\n  affirm /y/\n}\n", &d);
    tr_buf b;
    tr_buf_init(&b);
    tr_diags_render(&d, &b);
    ck_assert_ptr_nonnull(strstr(b.data, "t.rules:2:15: error[E006]: bad regex: missing closing parenthesis"));
    ck_assert_ptr_nonnull(strstr(b.data, "(at offset 3 in the pattern)"));
    ck_assert_ptr_nonnull(strstr(b.data, " 2 |   mention /a(b/\n   |               ^\n"));
    tr_buf_free(&b);
    tr_diags_free(&d);
}
END_TEST

/* Lexical errors: unterminated string and regex; the line is skipped. */
START_TEST(test_unicode_columns)
{
    tr_diags d;
    /* "é" is one column: the caret column counts code points */
    tr_status st = load_src("topic t {\n  description \"é\" \"x\n  mention /y/\n  affirm /y/\n}\n", &d);
    ck_assert_int_eq(st, TR_ECONFIG);
    ck_assert(has(&d, TR_E_UNTERM_STRING, 2, 19));
    ck_assert_uint_eq(d.nerrors, 1);
    tr_diags_free(&d);
}
END_TEST

/* Invalid UTF-8 in a rule file: E020. */
START_TEST(test_bad_utf8)
{
    tr_diags d;
    tr_status st = load_src("topic t {\n  description \"\xff\"\n}\n", &d);
    ck_assert_int_eq(st, TR_ECONFIG);
    ck_assert(has(&d, TR_E_BAD_UTF8, 2, 16));
    tr_diags_free(&d);
}
END_TEST

/* A missing path: TR_ENOINPUT and E019. */
START_TEST(test_missing_path)
{
    const char *p = "/nonexistent/x.rules";
    tr_ruleset *rs = NULL;
    tr_diags d;
    tr_diags_init(&d);
    tr_err err;
    ck_assert_int_eq(tr_ruleset_load(&p, 1, lexdir(), &rs, &d, &err), TR_ENOINPUT);
    ck_assert_ptr_null(rs);
    ck_assert_int_eq(d.v[0].code, TR_E_IO);
    tr_diags_free(&d);
}
END_TEST

/* A bad lexicon line: E021 with its line and column. */
START_TEST(test_bad_lexicon)
{
    char lx[600];
    snprintf(lx, sizeof lx, "%s/lex", tmpdir);
    mkdir(lx, 0700);
    write_file("lex/negation.txt", "scope 5\ntrigger not\n  frobnicate x\nscope many\n");
    const char *p = write_file("t.rules", "topic t {\n  mention /x/\n  affirm /y/\n}\n");
    tr_ruleset *rs = NULL;
    tr_diags d;
    tr_diags_init(&d);
    tr_err err;
    ck_assert_int_eq(tr_ruleset_load(&p, 1, lx, &rs, &d, &err), TR_ECONFIG);
    ck_assert(has(&d, TR_E_LEXICON, 3, 3));
    ck_assert(has(&d, TR_E_LEXICON, 4, 7));
    tr_diags_free(&d);
}
END_TEST

/* A directory loads its *.rules sorted by name; topics resolve across files;
** the introspection shows everything parsed. */
START_TEST(test_directory_and_introspection)
{
    write_file("b.rules",
               "reversal flip {\n  topic t\n  window 2w\n  severity critical\n"
               "  description \"d\"\n  status draft\n  author \"A. Writer\"\n"
               "  references \"http://x\" \"http://y\"\n  people \"Donald Trump\" Putin\n"
               "  modes direct\n  from 2017\n  to 2017-07-31\n}\n"
               "contradiction clash {\n  topic t\n  sides RU US\n}\n");
    write_file("a.rules", "topic t {\n  description \"T\"\n  mention /x/c\n  affirm /y/\n"
                          "  follow 2\n  example none \"nothing\"\n}\n");
    write_file("ignored.txt", "not a rule file");
    const char *p = tmpdir;
    tr_ruleset *rs = NULL;
    tr_diags d;
    tr_diags_init(&d);
    tr_err err;
    tr_status st = tr_ruleset_load(&p, 1, lexdir(), &rs, &d, &err);
    if (st)
        dump(&d);
    ck_assert_int_eq(st, TR_OK);
    ck_assert_uint_eq(tr_ruleset_nfiles(rs), 2);
    ck_assert_ptr_nonnull(strstr(tr_ruleset_file(rs, 0), "a.rules"));
    ck_assert_uint_eq(tr_ruleset_ntopics(rs), 1);
    const tr_topic *t = tr_ruleset_topic(rs, 0);
    ck_assert_str_eq(t->id, "t");
    ck_assert_str_eq(t->description, "T");
    ck_assert_uint_eq(t->follow, 2);
    ck_assert_uint_eq(t->npatterns, 2);
    ck_assert_str_eq(t->patterns[0].flags, "c");
    ck_assert_uint_eq(tr_ruleset_ndetectors(rs), 2);
    const tr_detector *r = tr_ruleset_detector(rs, tr_ruleset_find_detector(rs, "flip"));
    ck_assert_int_eq(r->kind, TR_DET_REVERSAL);
    ck_assert_uint_eq(r->topic, 0);
    ck_assert_int_eq(r->window, 14 * 86400);
    ck_assert_int_eq(r->severity, TR_SEV_CRITICAL);
    ck_assert_str_eq(r->status, "draft");
    ck_assert_str_eq(r->author, "A. Writer");
    ck_assert_uint_eq(r->references.n, 2);
    ck_assert_uint_eq(r->people.n, 2);
    ck_assert_str_eq(r->people.v[1], "Putin");
    ck_assert_uint_eq(r->modes, TR_MODE_DIRECT);
    ck_assert_str_eq(r->from, "2017");
    ck_assert_str_eq(r->to, "2017-07-31");
    const tr_detector *c = tr_ruleset_detector(rs, tr_ruleset_find_detector(rs, "clash"));
    ck_assert_int_eq(c->kind, TR_DET_CONTRADICTION);
    ck_assert_int_eq(c->window, 365 * 86400);
    ck_assert_int_eq(c->severity, TR_SEV_MEDIUM);
    ck_assert_uint_eq(c->sides.n, 2);
    ck_assert_str_eq(c->sides.v[0], "RU");
    ck_assert_uint_eq(c->modes, 0);
    ck_assert_uint_eq(tr_ruleset_nexamples(rs), 1);
    ck_assert_str_eq(tr_ruleset_example(rs, 0)->topic_id, "t");
    ck_assert_uint_eq(tr_ruleset_example(rs, 0)->loc.line, 6);
    ck_assert_int_eq(tr_ruleset_example(rs, 0)->expect, TR_STANCE_NONE);
    ck_assert_uint_eq(tr_ruleset_find_topic(rs, "zz"), (size_t)-1);
    tr_ruleset_free(rs);
    tr_diags_free(&d);
}
END_TEST

/* A duplicate id across two files is E007 in the later file. */
START_TEST(test_dup_across_files)
{
    write_file("a.rules", "topic t {\n  mention /x/\n  affirm /y/\n}\n");
    write_file("b.rules", "# b\nreversal t {\n  topic t\n}\n");
    const char *p = tmpdir;
    tr_ruleset *rs = NULL;
    tr_diags d;
    tr_diags_init(&d);
    tr_err err;
    ck_assert_int_eq(tr_ruleset_load(&p, 1, lexdir(), &rs, &d, &err), TR_ECONFIG);
    ck_assert(has(&d, TR_E_DUP_ID, 2, 10));
    ck_assert_ptr_nonnull(strstr(d.v[0].file, "b.rules"));
    ck_assert_ptr_nonnull(strstr(d.v[0].message, "a.rules:1:1"));
    tr_diags_free(&d);
}
END_TEST

/* Hash of the rule set in dir (copied into h). */
static void hash_of(const char *dir, const char *lx, char h[65])
{
    tr_ruleset *rs = NULL;
    tr_err err;
    ck_assert_int_eq(tr_ruleset_load(&dir, 1, lx, &rs, NULL, &err), TR_OK);
    strcpy(h, tr_ruleset_hash(rs));
    ck_assert_uint_eq(strlen(h), 64);
    tr_ruleset_free(rs);
}

/* The hash changes when a rule or the lexicon changes, not otherwise. */
START_TEST(test_hash)
{
    char h1[65], h2[65], h3[65], h4[65], lx[600], cmd[2048];
    snprintf(lx, sizeof lx, "%s/lex", tmpdir);
    snprintf(cmd, sizeof cmd, "cp -R '%s' '%s'", lexdir(), lx);
    ck_assert_int_eq(system(cmd), 0);
    write_file("a.rules", "topic t {\n  mention /x/\n  affirm /y/\n}\n");
    hash_of(tmpdir, lx, h1);
    hash_of(tmpdir, lx, h2);
    ck_assert_str_eq(h1, h2);
    write_file("a.rules", "topic t {\n  mention /x/\n  affirm /yy/\n}\n");
    hash_of(tmpdir, lx, h3);
    ck_assert_str_ne(h1, h3);
    write_file("lex/hedges.txt", "hedge maybe\n");
    hash_of(tmpdir, lx, h4);
    ck_assert_str_ne(h3, h4);
}
END_TEST

/* Strings: escapes; regex: \/ inside; comments after fields. */
START_TEST(test_lexing_details)
{
    const char *p = write_file("t.rules", "# c\ntopic t { # comment\n  mention /a\\/b/   # trailing\n"
                                          "  affirm /y/\n  example affirm \"say \\\"a/b\\\" y\\\\\"\n}\n");
    tr_ruleset *rs = NULL;
    tr_diags d;
    tr_diags_init(&d);
    tr_err err;
    tr_status st = tr_ruleset_load(&p, 1, lexdir(), &rs, &d, &err);
    if (st)
        dump(&d);
    ck_assert_int_eq(st, TR_OK);
    ck_assert_str_eq(tr_ruleset_topic(rs, 0)->patterns[0].source, "a\\/b");
    ck_assert_str_eq(tr_ruleset_example(rs, 0)->text, "say \"a/b\" y\\");
    tr_ruleset_free(rs);
    tr_diags_free(&d);
}
END_TEST

/* The seed rule set loads clean. */
START_TEST(test_seed_loads)
{
    char p[1024];
    snprintf(p, sizeof p, "%s/samples/rules", tu_src());
    const char *pp = p;
    tr_ruleset *rs = NULL;
    tr_diags d;
    tr_diags_init(&d);
    tr_err err;
    tr_status st = tr_ruleset_load(&pp, 1, lexdir(), &rs, &d, &err);
    if (st)
        dump(&d);
    ck_assert_int_eq(st, TR_OK);
    ck_assert_uint_eq(d.n, 0);
    ck_assert_uint_ne(tr_ruleset_find_topic(rs, "cyber_unit"), (size_t)-1);
    ck_assert_uint_ne(tr_ruleset_find_topic(rs, "cyber_talks"), (size_t)-1);
    tr_ruleset_free(rs);
    tr_diags_free(&d);
}
END_TEST

/* The suite. */
static Suite *suite(void)
{
    Suite *s = suite_create("rules_parse");
    TCase *tc = tcase_create("parse");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_error_codes, 0, (int)(sizeof cases / sizeof cases[0]));
    tcase_add_test(tc, test_every_error_reported);
    tcase_add_test(tc, test_render);
    tcase_add_test(tc, test_unicode_columns);
    tcase_add_test(tc, test_bad_utf8);
    tcase_add_test(tc, test_missing_path);
    tcase_add_test(tc, test_bad_lexicon);
    tcase_add_test(tc, test_directory_and_introspection);
    tcase_add_test(tc, test_hash);
    tcase_add_test(tc, test_dup_across_files);
    tcase_add_test(tc, test_lexing_details);
    tcase_add_test(tc, test_seed_loads);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(suite());
}
