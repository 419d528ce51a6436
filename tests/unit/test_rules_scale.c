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

static Suite *suite(void)
{
    Suite *s = suite_create("rules_scale");
    TCase *t = tcase_create("scale");
    tcase_set_timeout(t, 120);
    tcase_add_test(t, five_thousand_topics_load_a_block_at_a_time);
    tcase_add_test(t, duplicates_and_lint_across_thousands_of_topics);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    return tu_run(suite());
}
