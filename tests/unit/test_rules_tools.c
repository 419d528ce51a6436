/*
** test_rules_tools.c: the examples runner and its formats (text, TAP,
** JUnit), lint warnings, and explain (text and JSON).
*/
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rules.h"
#include "rules_testutil.h"


/* Loads the seed rule set. */
static tr_ruleset *load_seed(void)
{
    char p[1024], lx[1024];
    snprintf(p, sizeof p, "%s/samples/rules/seed.rules", tu_src());
    snprintf(lx, sizeof lx, "%s/rules/lexicon", tu_src());
    const char *pp = p;
    tr_ruleset *rs = NULL;
    tr_err err;
    ck_assert_int_eq(tr_ruleset_load(&pp, 1, lx, &rs, NULL, &err), TR_OK);
    return rs;
}

/* Every example of the seed rule set passes. */
START_TEST(test_seed_examples_pass)
{
    tr_ruleset *rs = load_seed();
    tr_example_results r;
    tr_example_results_init(&r);
    tr_err err;
    tr_status st = tr_rules_run_examples(rs, &r, &err);
    tr_buf b;
    tr_buf_init(&b);
    tr_rules_format_results(&r, TR_REPORT_TEXT, 0, &b);
    ck_assert_msg(st == TR_OK, "%s", b.data);
    ck_assert_uint_ge(r.n, 15);
    ck_assert_uint_eq(r.nfail, 0);
    ck_assert_ptr_nonnull(strstr(b.data, "passed, 0 failed"));
    tr_buf_free(&b);
    tr_example_results_free(&r);
    tr_ruleset_free(rs);
}
END_TEST

static const char *mixed =
    "topic t {\n"
    "  mention /talks/\n"
    "  affirm /underway/\n"
    "  example affirm \"talks are underway\"\n"
    "  example deny \"talks are underway\"\n"
    "  example none \"nothing <here> & there\"\n"
    "}\n";

/* A failing example: TR_FOUND, FILE:LINE, expected and got, in all formats. */
START_TEST(test_failing_example_formats)
{
    tr_ruleset *rs = load_text(mixed);
    tr_example_results r;
    tr_example_results_init(&r);
    tr_err err;
    ck_assert_int_eq(tr_rules_run_examples(rs, &r, &err), TR_FOUND);
    ck_assert_uint_eq(r.n, 3);
    ck_assert_uint_eq(r.npass, 2);
    ck_assert_uint_eq(r.nfail, 1);
    ck_assert_int_eq(r.v[1].pass, 0);
    ck_assert_int_eq(r.v[1].got, TR_STANCE_AFFIRM);
    ck_assert_uint_eq(r.v[1].example->loc.line, 5);
    const char *file = tr_ruleset_file(rs, 0);
    char want[1200];

    tr_buf b;
    tr_buf_init(&b);
    tr_rules_format_results(&r, TR_REPORT_TEXT, 0, &b);
    snprintf(want, sizeof want, "%s:5: FAIL t: expected deny, got affirm\n    text: \"talks are underway\"\n", file);
    ck_assert_ptr_nonnull(strstr(b.data, want));
    ck_assert_ptr_null(strstr(b.data, ":4:"));
    ck_assert_ptr_nonnull(strstr(b.data, "3 examples, 2 passed, 1 failed\n"));

    tr_buf_reset(&b);
    tr_rules_format_results(&r, TR_REPORT_TAP, 0, &b);
    ck_assert_ptr_nonnull(strstr(b.data, "TAP version 13\n1..3\nok 1 - "));
    snprintf(want, sizeof want, "not ok 2 - %s:5 t deny\n  ---\n  expected: deny\n  got: affirm\n", file);
    ck_assert_ptr_nonnull(strstr(b.data, want));

    tr_buf_reset(&b);
    tr_rules_format_results(&r, TR_REPORT_JUNIT, 0, &b);
    ck_assert_ptr_nonnull(strstr(b.data, "<testsuites tests=\"3\" failures=\"1\">"));
    ck_assert_ptr_nonnull(strstr(b.data, "<failure message=\"expected deny, got affirm\">"));
    ck_assert_ptr_nonnull(strstr(b.data, "name=\"line 6: t none\"/>"));
    ck_assert_ptr_null(strstr(b.data, "<here>"));
    tr_buf_free(&b);
    tr_example_results_free(&r);
    tr_ruleset_free(rs);
}
END_TEST

/* Whether d holds a warning of code at line. */
static int has_w(const tr_diags *d, int code, unsigned line)
{
    for (size_t i = 0; i < d->n; i++)
        if (d->v[i].level == TR_DIAG_WARNING && d->v[i].code == code && d->v[i].line == line)
            return 1;
    return 0;
}

/* Lint: unused topic, empty match, conflicting examples, example without
** mention, missing description, no stance patterns. */
START_TEST(test_lint)
{
    tr_ruleset *rs = load_text(
        "topic used {\n"                        /* 1 */
        "  description \"d\"\n"
        "  mention /talks/\n"
        "  affirm /x*/\n"                       /* 4: matches empty */
        "  example affirm \"talks x\"\n"        /* 5 */
        "  example deny \"talks x\"\n"          /* 6: conflict */
        "  example affirm \"nothing\"\n"        /* 7: no mention */
        "}\n"
        "topic lonely {\n"                      /* 9: unused, no description, no stance */
        "  mention /a/\n"
        "}\n"
        "reversal r {\n"                        /* 12: no description */
        "  topic used\n"
        "}\n");
    tr_diags d;
    tr_diags_init(&d);
    size_t n = tr_rules_lint(rs, &d);
    ck_assert_uint_eq(n, d.nwarnings);
    ck_assert(has_w(&d, TR_W_EMPTY_MATCH, 4));
    ck_assert(has_w(&d, TR_W_EXAMPLE_CONFLICT, 6));
    ck_assert(has_w(&d, TR_W_EXAMPLE_NO_MENTION, 7));
    ck_assert(has_w(&d, TR_W_UNUSED_TOPIC, 9));
    ck_assert(has_w(&d, TR_W_NO_DESCRIPTION, 9));
    ck_assert(has_w(&d, TR_W_NO_STANCE, 9));
    ck_assert(has_w(&d, TR_W_NO_DESCRIPTION, 12));
    ck_assert(!has_w(&d, TR_W_UNUSED_TOPIC, 1));
    ck_assert_uint_eq(n, 7);
    tr_buf b;
    tr_buf_init(&b);
    tr_diags_render(&d, &b);
    ck_assert_ptr_nonnull(strstr(b.data, ":4:10: warning[W002]: affirm pattern of topic 'used' matches the empty string"));
    tr_buf_free(&b);
    tr_diags_free(&d);
    tr_ruleset_free(rs);
}
END_TEST

/* Lint W008-W010: cues that can never decide (a copy of an earlier cue,
** a cue only a handle can match), patterns and list entries no example
** exercises, an affirm/deny example whose mention an exclude removes. */
START_TEST(test_lint_episodes_era)
{
    tr_ruleset *rs = load_text(
        "list praise {\n"                       /* 1 */
        "  words great good\n"                  /* 2: exercised ("great") */
        "  words splendid\n"                    /* 3: no example has it */
        "}\n"
        "topic cruz {\n"                        /* 5 */
        "  description \"d\"\n"
        "  mention /\\bcruz\\b/\n"
        "  exclude /carmen yul[ií]n cruz/\n"    /* 8 */
        "  affirm praise\n"
        "  deny /\\bweak\\b/\n"             /* 10 */
        "  affirm /\\bweak\\b/\n"           /* 11: loses every tie to the deny */
        "  affirm /@greatest/\n"                /* 12: only a handle */
        "  deny /\\bliar\\b/\n"             /* 13: no example */
        "  example affirm \"Cruz is great.\"\n"
        "  example deny \"Cruz is weak.\"\n"
        "  example affirm \"Carmen Yulín Cruz is great.\"\n" /* 16: the exclude removes the mention */
        "  example none \"@greatest Carmen Yulin Cruz\"\n"
        "}\n"
        "reversal r {\n"
        "  topic cruz\n"
        "  description \"d\"\n"
        "}\n");
    tr_diags d;
    tr_diags_init(&d);
    size_t n = tr_rules_lint(rs, &d);
    ck_assert(has_w(&d, TR_W_NEVER_DECIDES, 11));
    ck_assert(!has_w(&d, TR_W_NEVER_DECIDES, 10));
    ck_assert(has_w(&d, TR_W_NEVER_DECIDES, 12));
    ck_assert(has_w(&d, TR_W_UNEXERCISED, 13));
    ck_assert(has_w(&d, TR_W_UNEXERCISED, 3));
    ck_assert(!has_w(&d, TR_W_UNEXERCISED, 2));
    ck_assert(has_w(&d, TR_W_EXCLUDED_MENTION, 16));
    ck_assert(has_w(&d, TR_W_EXAMPLE_NO_MENTION, 16) == 0);
    ck_assert_uint_eq(n, 5);
    tr_buf b;
    tr_buf_init(&b);
    tr_diags_render(&d, &b);
    ck_assert_ptr_nonnull(strstr(b.data, ":11:10: warning[W008]: this cue can never decide: the same cue at "));
    ck_assert_ptr_nonnull(strstr(b.data, ":12:10: warning[W008]: this cue can never decide: it matches only URLs or @handles"));
    ck_assert_ptr_nonnull(strstr(b.data, ":3:3: warning[W009]: no example of the topics that use list 'praise' exercises this entry"));
    ck_assert_ptr_nonnull(strstr(b.data, ":16:3: warning[W010]: the mention of this affirm example is also matched by the exclude at "));
    tr_buf_free(&b);
    tr_diags_free(&d);
    tr_ruleset_free(rs);
}
END_TEST

/* The seed rule set is lint-clean. */
START_TEST(test_seed_lint_clean)
{
    tr_ruleset *rs = load_seed();
    tr_diags d;
    tr_diags_init(&d);
    ck_assert_uint_eq(tr_rules_lint(rs, &d), 0);
    tr_diags_free(&d);
    tr_ruleset_free(rs);
}
END_TEST

/* Explain shows the sentences, the cues, the negation and the decision,
** as text and as valid JSON. */
START_TEST(test_explain)
{
    tr_ruleset *rs = load_seed();
    const char *t = "The fact that President Putin and I discussed a Cyber Security unit doesn't mean I "
                    "think it can happen. It can't.";
    tr_buf tx, js;
    tr_buf_init(&tx);
    tr_buf_init(&js);
    tr_err err;
    ck_assert_int_eq(tr_rules_explain(rs, t, strlen(t), &tx, &js, &err), TR_OK);
    ck_assert_ptr_nonnull(strstr(tx.data, "sentences: 2\n"));
    ck_assert_ptr_nonnull(strstr(tx.data, "topic cyber_unit: deny (cues count in a mention's sentence and the 1 after it)\n"));
    ck_assert_ptr_nonnull(strstr(tx.data, "decided by deny /\\b(can[\xe2\x80\x99']?t|cannot|won[\xe2\x80\x99']?t)( happen)?\\b/ ("));
    ck_assert_ptr_nonnull(strstr(tx.data, "negated by \"doesn't\""));
    ck_assert_ptr_nonnull(strstr(tx.data, "\"can't\" sentence 2 -> deny  <= decides"));
    json_error_t je;
    json_t *j = json_loads(js.data, 0, &je);
    ck_assert_msg(j != NULL, "%s", je.text);
    json_t *topics = json_object_get(j, "topics");
    ck_assert_uint_eq(json_array_size(topics), 1);
    json_t *tp = json_array_get(topics, 0);
    ck_assert_str_eq(json_string_value(json_object_get(tp, "id")), "cyber_unit");
    ck_assert_str_eq(json_string_value(json_object_get(tp, "stance")), "deny");
    json_t *dec = json_object_get(tp, "decision");
    ck_assert_str_eq(json_string_value(json_object_get(json_object_get(dec, "cue"), "text")), "can't");
    ck_assert_uint_eq(json_array_size(json_object_get(j, "sentences")), 2);
    json_decref(j);

    tr_buf_reset(&tx);
    ck_assert_int_eq(tr_rules_explain(rs, "Nice weather.", 13, &tx, NULL, &err), TR_OK);
    ck_assert_ptr_nonnull(strstr(tx.data, "no topic applies"));
    tr_buf_free(&tx);
    tr_buf_free(&js);
    tr_ruleset_free(rs);
}
END_TEST

/* The suite. */
static Suite *suite(void)
{
    Suite *s = suite_create("rules_tools");
    TCase *tc = tcase_create("tools");
    tcase_add_test(tc, test_seed_examples_pass);
    tcase_add_test(tc, test_failing_example_formats);
    tcase_add_test(tc, test_lint);
    tcase_add_test(tc, test_lint_episodes_era);
    tcase_add_test(tc, test_seed_lint_clean);
    tcase_add_test(tc, test_explain);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(suite());
}
