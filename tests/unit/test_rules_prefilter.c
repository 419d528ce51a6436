/*
** test_rules_prefilter.c: the mention prefilter (one alternation of every
** mention pattern) must never change a classification: each text gets the
** same assertions with it as without it, whatever the patterns' flags.
*/
#include "../../rules/internal.h" /* the rule set's prefilter (db/ has an internal.h too) */
#include "testutil.h"

static const char rules_text[] =
    "topic plain { mention /\\bcyber unit\\b/\n affirm /agree/\n deny /\\bnot\\b/ }\n"
    "topic cased { mention /NATO/c\n affirm /joins?/\n deny /leaves?/ }\n"
    "topic ext { mention /tax \\s+ cut # a comment/x\n affirm /backs?/\n deny /opposes?/ }\n"
    "topic dotall { mention /trade.deal/s\n affirm /signed/\n deny /scrapped/ }\n"
    "topic anchored { mention /^Budget/m\n affirm /passes/\n deny /fails/ }\n"
    "topic named { mention /(?<w>wall) fund/\n affirm /approved/\n deny /blocked/ }\n";

static const char *const texts[] = {
    "We agree on the cyber unit.",
    "The cyber unit is not happening.",
    "nato joins nothing; NATO joins the talks.",
    "Nato leaves.",
    "He backs the tax   cut.",
    "She opposes the taxcut.",
    "The trade\ndeal was signed.",
    "Intro line.\nBudget passes easily.",
    "The Budget fails.",
    "The wall fund was approved, then the WALL FUND was blocked.",
    "Nothing here at all.",
    "",
};

START_TEST(prefilter_changes_nothing)
{
    tr_ruleset *with, *without;
    tr_err e;
    char lex[1024];
    snprintf(lex, sizeof lex, "%s/rules/lexicon", tu_src());
    ck_assert_int_eq(tr_ruleset_load_text("t.rules", rules_text, sizeof rules_text - 1, lex, &with, NULL, &e), TR_OK);
    ck_assert_int_eq(tr_ruleset_load_text("t.rules", rules_text, sizeof rules_text - 1, lex, &without, NULL, &e), TR_OK);
    ck_assert_ptr_nonnull(with->prefilter);
    trr_regex_free(without->prefilter);
    without->prefilter = NULL;
    tr_classification a, b;
    tr_classification_init(&a);
    tr_classification_init(&b);
    size_t applied = 0;
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        ck_assert_int_eq(tr_classify(with, texts[i], strlen(texts[i]), &a, &e), TR_OK);
        ck_assert_int_eq(tr_classify(without, texts[i], strlen(texts[i]), &b, &e), TR_OK);
        ck_assert_msg(a.n == b.n, "'%s': %zu assertions with the prefilter, %zu without", texts[i], a.n, b.n);
        for (size_t k = 0; k < a.n; k++) {
            ck_assert_str_eq(a.assertions[k].topic_id, b.assertions[k].topic_id);
            ck_assert_int_eq(a.assertions[k].stance, b.assertions[k].stance);
            ck_assert_uint_eq(a.assertions[k].cue.start, b.assertions[k].cue.start);
        }
        applied += a.n;
    }
    ck_assert_uint_eq(applied, 7); /* the texts do exercise the topics and flags */
    tr_classification_free(&a);
    tr_classification_free(&b);
    tr_ruleset_free(with);
    tr_ruleset_free(without);
}
END_TEST

START_TEST(no_prefilter_for_backreferences)
{
    static const char text[] = "topic a { mention /(\\w+) \\1/\n affirm /x/ }\ntopic b { mention /y/\n affirm /x/ }\n";
    tr_ruleset *rs;
    tr_err e;
    char lex[1024];
    snprintf(lex, sizeof lex, "%s/rules/lexicon", tu_src());
    ck_assert_int_eq(tr_ruleset_load_text("b.rules", text, sizeof text - 1, lex, &rs, NULL, &e), TR_OK);
    ck_assert_ptr_null(rs->prefilter);
    tr_classification c;
    tr_classification_init(&c);
    ck_assert_int_eq(tr_classify(rs, "the the x", 9, &c, &e), TR_OK);
    ck_assert_uint_eq(c.n, 1);
    ck_assert_str_eq(c.assertions[0].topic_id, "a");
    tr_classification_free(&c);
    tr_ruleset_free(rs);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("rules_prefilter");
    TCase *t = tcase_create("prefilter");
    tcase_add_test(t, prefilter_changes_nothing);
    tcase_add_test(t, no_prefilter_for_backreferences);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    return tu_run(suite());
}
