/*
** test_rules_scale.c: rule sets scale linearly (issue 10 item 11), shown by
** the work done, not by a clock: the parser holds one block's tokens, not
** the file's; patterns written the same are compiled once; a pattern is
** JIT-compiled only when a text needs it; the id
** index finds duplicates and detector topics across thousands of topics;
** lint's linear passes find what its pairwise ones found.
*/
#include "../../rules/internal.h"
#include "testutil.h"

#include <unistd.h>

/* A rule file of n topics as tests/bench/many.sh writes them, plus extra. */
static void many(tr_buf *b, int n, const char *extra)
{
    for (int t = 1; t <= n; t++) {
        tr_buf_printf(b, "topic m%d {\n  description \"Topic %d\"\n  mention /\\bthe w%d accord\\b/\n"
                         "  affirm /\\bbacks\\b/\n  deny /\\bcriticizes\\b/\n"
                         "  example affirm \"The delegation backs the w%d accord.\"\n"
                         "  example deny \"Moscow criticizes the w%d accord.\"\n}\n"
                         "reversal m%d_r {\n  topic m%d\n  description \"flip\"\n}\n",
                      t, t, t, t, t, t, t);
    }
    tr_buf_puts(b, extra);
}

START_TEST(five_thousand_topics_load_a_block_at_a_time)
{
    tr_buf b;
    tr_buf_init(&b);
    many(&b, 5000, "");
    tr_ruleset *rs;
    tr_err e;
    char lex[1024];
    snprintf(lex, sizeof lex, "%s/rules/lexicon", tu_src());
    ck_assert_int_eq(tr_ruleset_load_text("many.rules", b.data, b.len, lex, &rs, NULL, &e), TR_OK);
    ck_assert_uint_eq(tr_ruleset_ntopics(rs), 5000);
    ck_assert_uint_eq(tr_ruleset_ndetectors(rs), 5000);
    /* a block is ~40 tokens; the file is ~200,000 */
    ck_assert_uint_lt(rs->peak_tokens, 200);
    ck_assert_uint_eq(tr_ruleset_find_topic(rs, "m4321"), 4320);
    ck_assert_uint_eq(tr_ruleset_find_detector(rs, "m4321_r"), 4320);
    ck_assert_uint_eq(tr_ruleset_detector(rs, 4320)->topic, 4320);
    ck_assert_uint_eq(tr_ruleset_find_topic(rs, "m4321_r"), (size_t)-1);
    /* the cues written the same in every topic are compiled once and shared:
    ** 5000 mentions and 2 cues, not 15000 patterns */
    ck_assert_uint_eq(rs->compiles, 5002);
    ck_assert_ptr_eq(rs->topics[0].patterns[1].re, rs->topics[4999].patterns[1].re);
    ck_assert_ptr_eq(rs->topics[0].patterns[2].re, rs->topics[4999].patterns[2].re);
    ck_assert_ptr_ne(rs->topics[0].patterns[1].re, rs->topics[0].patterns[2].re);
    ck_assert_ptr_ne(rs->topics[0].patterns[0].re, rs->topics[1].patterns[0].re);
    ck_assert_uint_eq(rs->topics[17].patterns[1].re->refs, 5000);
    ck_assert_uint_eq(rs->topics[17].patterns[0].re->refs, 1);
    /* nothing is JIT-compiled before a text needs it; then only what it needs */
    size_t jitted = 0;
    for (size_t t = 0; t < 5000; t++)
        for (size_t k = 0; k < rs->topics[t].npatterns; k++)
            jitted += rs->topics[t].patterns[k].re->jit_tried;
    ck_assert_uint_eq(jitted, 0);
    ck_assert_uint_eq(rs->jit_left, TRR_JIT_BUDGET);
    tr_classification c;
    tr_classification_init(&c);
    const char *text = "Paris backs the w2500 accord.";
    ck_assert_int_eq(tr_classify(rs, text, strlen(text), &c, &e), TR_OK);
    ck_assert_uint_eq(c.n, 1);
    ck_assert_uint_eq(c.topics_run, 1);
    /* m2500's mention, and the affirm and deny every topic shares */
    ck_assert_uint_eq(TRR_JIT_BUDGET - rs->jit_left, 3);
    for (size_t t = 0; t < 5000; t++)
        jitted += rs->topics[t].patterns[0].re->jit_tried;
    ck_assert_uint_eq(jitted, 1);
    ck_assert_int_eq(rs->topics[0].patterns[1].re->jit_tried, 1);
    tr_classification_free(&c);
    tr_ruleset_free(rs);
    tr_buf_free(&b);
}
END_TEST

START_TEST(duplicates_and_lint_across_thousands_of_topics)
{
    tr_buf b;
    tr_buf_init(&b);
    many(&b, 3000, "topic m17 {\n  mention /x/\n  affirm /y/\n}\n");
    tr_ruleset *rs = NULL;
    tr_err e;
    tr_diags d;
    tr_diags_init(&d);
    char lex[1024];
    snprintf(lex, sizeof lex, "%s/rules/lexicon", tu_src());
    ck_assert_int_eq(tr_ruleset_load_text("dup.rules", b.data, b.len, lex, &rs, &d, &e), TR_ECONFIG);
    ck_assert_uint_eq(d.nerrors, 1);
    ck_assert_int_eq(d.v[0].code, TR_E_DUP_ID);
    ck_assert_msg(strstr(d.v[0].message, "duplicate id 'm17' (first defined at dup.rules:"), "%s", d.v[0].message);
    tr_diags_free(&d);
    tr_buf_reset(&b);
    /* the last topic has no detector, and claims one text both ways */
    many(&b, 3000, "topic last {\n  description \"d\"\n  mention /\\blast\\b/\n  affirm /a/\n  deny /b/\n"
                   "  example affirm \"last a b\"\n  example deny \"last b\"\n  example deny \"last a b\"\n}\n");
    tr_diags_init(&d);
    ck_assert_int_eq(tr_ruleset_load_text("lint.rules", b.data, b.len, lex, &rs, &d, &e), TR_OK);
    tr_diags_free(&d);
    tr_diags_init(&d);
    size_t n = tr_rules_lint(rs, &d);
    ck_assert_uint_eq(n, 2);
    ck_assert_int_eq(d.v[0].code, TR_W_UNUSED_TOPIC);
    ck_assert_int_eq(d.v[1].code, TR_W_EXAMPLE_CONFLICT);
    ck_assert_msg(strstr(d.v[1].message, "opposite stance at lint.rules:"), "%s", d.v[1].message);
    tr_diags_free(&d);
    tr_ruleset_free(rs);
    tr_buf_free(&b);
}
END_TEST

/* Writes b to path. */
static void put(const char *path, const tr_buf *b)
{
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(b->data, 1, b->len, f), b->len);
    ck_assert_int_eq(fclose(f), 0);
}

/* The lines of b before offset off, plus one: the line number of off. */
static unsigned line_of(const tr_buf *b, size_t off)
{
    unsigned n = 1;
    for (size_t i = 0; i < off; i++)
        n += b->data[i] == '\n';
    return n;
}

/* Asserts that a and b hold the same diagnostics, source lines included. */
static void same_diags(const tr_diags *a, const tr_diags *b)
{
    ck_assert_uint_eq(a->n, b->n);
    for (size_t i = 0; i < a->n; i++) {
        ck_assert_int_eq(a->v[i].code, b->v[i].code);
        ck_assert_uint_eq(a->v[i].line, b->v[i].line);
        ck_assert_uint_eq(a->v[i].col, b->v[i].col);
        ck_assert_uint_eq(a->v[i].width, b->v[i].width);
        ck_assert_str_eq(a->v[i].message, b->v[i].message);
        ck_assert_ptr_nonnull(a->v[i].source_line);
        ck_assert_ptr_nonnull(b->v[i].source_line);
        ck_assert_str_eq(a->v[i].source_line, b->v[i].source_line);
    }
}

/* A rule file on disk drops its text once parsed (a file of 1 MiB or more
** gives its pages back while it is parsed): its errors and lint warnings,
** source lines and carets included, are those of the same text loaded
** from memory, and so is its hash; a warning after the file changed on
** disk has no source line rather than a wrong one. */
static void disk_as_memory(int topics)
{
    char dir[] = "/tmp/tr-scale-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char path[256], lex[1024];
    snprintf(path, sizeof path, "%s/many.rules", dir);
    snprintf(lex, sizeof lex, "%s/rules/lexicon", tu_src());
    tr_buf b;
    tr_buf_init(&b);
    /* an error in the last block */
    many(&b, topics, "topic last {\n  description \"d\"\n  mention /\\blast\\b/\n  affirm   /a(/\n}\n");
    ck_assert(topics < 1000 || b.len >= TRR_MAP_MIN);
    put(path, &b);
    const char *paths[] = {path};
    tr_ruleset *rs = NULL, *rm = NULL;
    tr_err e;
    tr_diags dd, dm;
    tr_diags_init(&dd);
    tr_diags_init(&dm);
    ck_assert_int_eq(tr_ruleset_load(paths, 1, lex, &rs, &dd, &e), TR_ECONFIG);
    ck_assert_int_eq(tr_ruleset_load_text(path, b.data, b.len, lex, &rm, &dm, &e), TR_ECONFIG);
    same_diags(&dd, &dm);
    ck_assert_uint_eq(dd.n, 1);
    ck_assert_int_eq(dd.v[0].code, TR_E_BAD_REGEX);
    ck_assert_str_eq(dd.v[0].source_line, "  affirm   /a(/");
    ck_assert_uint_eq(dd.v[0].line, line_of(&b, (size_t)(strstr(b.data, "  affirm   /a(/") - b.data)));
    tr_diags_free(&dd);
    tr_diags_free(&dm);

    /* lint: the last topic has no detector, and claims one text both ways;
    ** a detector names an unknown topic (an error after parsing) */
    tr_buf_reset(&b);
    many(&b, topics, "topic last {\n  description \"d\"\n  mention /\\blast\\b/\n  affirm /a/\n  deny /b/\n"
                     "  example affirm \"last a b\"\n  example deny \"last b\"\n  example deny \"last a b\"\n}\n");
    put(path, &b);
    tr_diags_init(&dd);
    tr_diags_init(&dm);
    ck_assert_int_eq(tr_ruleset_load(paths, 1, lex, &rs, &dd, &e), TR_OK);
    ck_assert_int_eq(tr_ruleset_load_text(path, b.data, b.len, lex, &rm, &dm, &e), TR_OK);
    ck_assert_str_eq(tr_ruleset_hash(rs), tr_ruleset_hash(rm));
    ck_assert_ptr_null(rs->files[0].text); /* dropped */
    if (topics >= 1000) /* the pages behind the parser, given back 256 KiB at a time */
        ck_assert_uint_gt(rs->released, b.len / 2);
    else
        ck_assert_uint_eq(rs->released, 0);
    ck_assert_uint_eq(tr_rules_lint(rs, &dd), 2);
    ck_assert_uint_eq(tr_rules_lint(rm, &dm), 2);
    same_diags(&dd, &dm);
    ck_assert_str_eq(dd.v[1].source_line, "  example deny \"last a b\"");
    ck_assert_uint_gt(dd.v[1].line, 256);
    tr_diags_free(&dd);
    tr_diags_free(&dm);
    /* the file changes: no source line rather than the new file's */
    tr_buf_puts(&b, "# edited\n");
    put(path, &b);
    tr_diags_init(&dd);
    ck_assert_uint_eq(tr_rules_lint(rs, &dd), 2);
    ck_assert_ptr_null(dd.v[1].source_line);
    tr_diags_free(&dd);
    tr_ruleset_free(rs);
    tr_ruleset_free(rm);

    /* E008 after parsing, from a re-read line */
    tr_buf_reset(&b);
    many(&b, topics, "reversal lost {\n  topic nowhere\n}\n");
    put(path, &b);
    tr_diags_init(&dd);
    tr_diags_init(&dm);
    ck_assert_int_eq(tr_ruleset_load(paths, 1, lex, &rs, &dd, &e), TR_ECONFIG);
    ck_assert_int_eq(tr_ruleset_load_text(path, b.data, b.len, lex, &rm, &dm, &e), TR_ECONFIG);
    same_diags(&dd, &dm);
    ck_assert_int_eq(dd.v[0].code, TR_E_UNKNOWN_TOPIC);
    ck_assert_str_eq(dd.v[0].source_line, "  topic nowhere");
    tr_diags_free(&dd);
    tr_diags_free(&dm);
    ck_assert_int_eq(unlink(path), 0);
    ck_assert_int_eq(rmdir(dir), 0);
    tr_buf_free(&b);
}

START_TEST(a_small_file_reads_its_lines_again)
{
    disk_as_memory(300);
}
END_TEST

START_TEST(a_large_file_gives_its_pages_back)
{
    disk_as_memory(5000);
}
END_TEST

/* The hash goes by basename whatever the load order, while a large file
** is hashed before it is parsed (so that its pages can go). */
START_TEST(the_hash_does_not_depend_on_the_load_order)
{
    char dir[] = "/tmp/tr-scale-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char a[256], z[256], lex[1024];
    snprintf(a, sizeof a, "%s/a.rules", dir);
    snprintf(z, sizeof z, "%s/z.rules", dir);
    snprintf(lex, sizeof lex, "%s/rules/lexicon", tu_src());
    tr_buf b;
    tr_buf_init(&b);
    many(&b, 5000, "");
    put(a, &b);
    tr_buf_reset(&b);
    tr_buf_puts(&b, "topic zz {\n  mention /zz/\n  affirm /y/\n}\n");
    put(z, &b);
    const char *az[] = {a, z}, *za[] = {z, a};
    tr_ruleset *r1, *r2;
    tr_err e;
    ck_assert_int_eq(tr_ruleset_load(az, 2, lex, &r1, NULL, &e), TR_OK);
    ck_assert_int_eq(tr_ruleset_load(za, 2, lex, &r2, NULL, &e), TR_OK);
    ck_assert_str_eq(tr_ruleset_hash(r1), tr_ruleset_hash(r2));
    ck_assert_uint_eq(tr_ruleset_ntopics(r1), 5001);
    ck_assert_uint_eq(tr_ruleset_ntopics(r2), 5001);
    ck_assert_str_eq(tr_ruleset_topic(r2, 0)->id, "zz");
    ck_assert_str_eq(tr_ruleset_topic(r2, 5000)->id, "m5000");
    tr_ruleset_free(r1);
    tr_ruleset_free(r2);
    ck_assert_int_eq(unlink(a), 0);
    ck_assert_int_eq(unlink(z), 0);
    ck_assert_int_eq(rmdir(dir), 0);
    tr_buf_free(&b);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("rules_scale");
    TCase *t = tcase_create("scale");
    tcase_set_timeout(t, 120);
    tcase_add_test(t, five_thousand_topics_load_a_block_at_a_time);
    tcase_add_test(t, duplicates_and_lint_across_thousands_of_topics);
    tcase_add_test(t, a_small_file_reads_its_lines_again);
    tcase_add_test(t, a_large_file_gives_its_pages_back);
    tcase_add_test(t, the_hash_does_not_depend_on_the_load_order);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    return tu_run(suite());
}
