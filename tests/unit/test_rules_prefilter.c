/*
** test_rules_prefilter.c: the mention prefilter (alternations of every
** mention pattern whose branches name their topic) must never change a
** classification: each text gets the same assertions with it as in the
** plain mode (tr_ruleset_set_plain: every topic on every text), whatever
** the patterns' flags; and it does less work: only the topics a text
** mentions run (tr_classification.topics_run).
*/
#include "../../rules/internal.h" /* the rule set's prefilter (db/ has an internal.h too) */
#include "testutil.h"

static const char rules_text[] =
    "topic plain { mention /\\bcyber unit\\b/\n affirm /agree/\n deny /\\bnot\\b/ }\n"
    "topic cased { mention /NATO/c\n affirm /joins?/\n deny /leaves?/ }\n"
    "topic ext { mention /tax \\s+ cut # a comment/x\n affirm /backs?/\n deny /opposes?/ }\n"
    "topic dotall { mention /trade.deal/s\n affirm /signed/\n deny /scrapped/ }\n"
    "topic anchored { mention /^Budget/m\n affirm /passes/\n deny /fails/ }\n"
    "topic named { mention /(?<w>wall) fund/\n affirm /approved/\n deny /blocked/ }\n"
    /* two topics that match at the same place: both are named */
    "topic unit { mention /\\bthe unit\\b/\n affirm /agree/\n deny /\\bnot\\b/ }\n"
    "topic the { mention /\\bthe\\b/\n affirm /agree/\n deny /\\bnot\\b/ }\n"
    /* a list shared by two topics' mentions */
    "list units { words squad brigade }\n"
    "topic squads { mention units\n affirm /praised/\n deny /scorned/ }\n"
    "topic squads2 { mention units\n mention /\\bforce\\b/\n affirm /praised/\n deny /scorned/ }\n"
    /* leading literals (the literal table): folded as PCRE2 folds them, the
    ** Kelvin sign and the long s included; case-sensitive; an optional
    ** last letter; an alternative (no literal: the regex) */
    "topic kelvin { mention /\\bask accord\\b/\n affirm /agree/\n deny /\\bnot\\b/ }\n"
    "topic skua { mention /\\bskua pact\\b/\n affirm /agree/\n deny /\\bnot\\b/ }\n"
    "topic grand { mention /Grand Plan/c\n affirm /agree/\n deny /\\bnot\\b/ }\n"
    "topic colour { mention /\\bcolou?r guard\\b/\n affirm /agree/\n deny /\\bnot\\b/ }\n"
    "topic either { mention /\\bblue pact\\b|\\bred pact\\b/\n affirm /agree/\n deny /\\bnot\\b/ }\n"
    /* a backreference cannot stand in an alternation: this topic runs always */
    "topic twice { mention /(\\w+) \\1 rule/\n affirm /kept/\n deny /broken/ }\n";

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
    "We agree on the unit.",
    "The squad was praised; the force was scorned.",
    "The brigade was scorned.",
    "The the rule was kept.",
    "We agree on the as\xe2\x84\xaa" " accord.",
    "We do not like the ASK ACCORD.",
    "We agree on the \xc5\xbf" "kua pact.",
    "We agree on the grand plan.",
    "We agree on the Grand Plan.",
    "We agree on the color guard.",
    "We agree on the red pact.",
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
    tr_ruleset_set_plain(without, 1);
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
            ck_assert_uint_eq(a.assertions[k].cue.end, b.assertions[k].cue.end);
            ck_assert_uint_eq(a.assertions[k].mention.start, b.assertions[k].mention.start);
            ck_assert_int_eq(a.assertions[k].negated, b.assertions[k].negated);
        }
        ck_assert_uint_eq(b.topics_run, 16); /* plain: every topic */
        ck_assert_uint_le(a.topics_run, b.topics_run);
        applied += a.n;
    }
    ck_assert_uint_eq(applied, 27); /* the texts do exercise the topics and flags */
    /* the literal table's folding: the Kelvin sign is a k, the long s an s */
    static const struct { const char *text, *topic; } fold[] = {
        {"We agree on the as\xe2\x84\xaa" " accord.", "kelvin"}, {"We agree on the \xc5\xbf" "kua pact.", "skua"},
        {"We agree on the color guard.", "colour"},
        {"We agree on the red pact.", "either"}};
    for (size_t i = 0; i < sizeof fold / sizeof fold[0]; i++) {
        ck_assert_int_eq(tr_classify(with, fold[i].text, strlen(fold[i].text), &a, &e), TR_OK);
        ck_assert_msg(tr_classification_find(&a, tr_ruleset_find_topic(with, fold[i].topic)), "%s", fold[i].topic);
    }
    /* case-sensitive: the literal of /Grand Plan/c is not looked for folded */
    ck_assert_int_eq(tr_classify(with, "We agree on the grand plan.", 27, &a, &e), TR_OK);
    ck_assert_ptr_null(tr_classification_find(&a, tr_ruleset_find_topic(with, "grand")));
    ck_assert_uint_eq(a.topics_run, 2); /* the, and twice (always) */
    tr_classification_free(&a);
    tr_classification_free(&b);
    tr_ruleset_free(with);
    tr_ruleset_free(without);
}
END_TEST

/* The topics named for a text: each topic's assertion, and the work done. */
START_TEST(only_the_topics_a_text_mentions_run)
{
    static const char text[] = "topic a { mention /(\\w+) \\1/\n affirm /x/ }\ntopic b { mention /y/\n affirm /x/ }\n"
                               "topic c { mention /\\bzed\\b/\n affirm /x/ }\n";
    tr_ruleset *rs;
    tr_err e;
    char lex[1024];
    snprintf(lex, sizeof lex, "%s/rules/lexicon", tu_src());
    ck_assert_int_eq(tr_ruleset_load_text("b.rules", text, sizeof text - 1, lex, &rs, NULL, &e), TR_OK);
    ck_assert_ptr_nonnull(rs->prefilter);
    tr_classification c;
    tr_classification_init(&c);
    ck_assert_int_eq(tr_classify(rs, "the the x", 9, &c, &e), TR_OK);
    ck_assert_uint_eq(c.n, 1);
    ck_assert_str_eq(c.assertions[0].topic_id, "a");
    ck_assert_uint_eq(c.topics_run, 1); /* a (a backreference: always); b and c not mentioned */
    ck_assert_int_eq(tr_classify(rs, "y x zed", 7, &c, &e), TR_OK);
    ck_assert_uint_eq(c.n, 2);
    ck_assert_uint_eq(c.topics_run, 3);
    tr_classification_free(&c);
    tr_ruleset_free(rs);
}
END_TEST

/* 1,000 topics: a text that mentions one runs one topic's patterns (plus
** nothing), a text that mentions none runs none; the work does not grow
** with the topics. */
START_TEST(the_work_does_not_grow_with_the_topics)
{
    tr_buf b;
    tr_buf_init(&b);
    for (int t = 0; t < 1000; t++)
        tr_buf_printf(&b, "topic t%d {\n  mention /\\bthe w%d accord\\b/\n  affirm /\\bbacks\\b/\n  deny /\\bopposes\\b/\n}\n",
                      t, t);
    ck_assert(!b.oom);
    tr_ruleset *rs;
    tr_err e;
    char lex[1024];
    snprintf(lex, sizeof lex, "%s/rules/lexicon", tu_src());
    ck_assert_int_eq(tr_ruleset_load_text("many.rules", b.data, b.len, lex, &rs, NULL, &e), TR_OK);
    tr_buf_free(&b);
    tr_classification c;
    tr_classification_init(&c);
    const char *one = "Moscow backs the w617 accord and the ministry agrees.";
    ck_assert_int_eq(tr_classify(rs, one, strlen(one), &c, &e), TR_OK);
    ck_assert_uint_eq(c.n, 1);
    ck_assert_str_eq(c.assertions[0].topic_id, "t617");
    ck_assert_uint_eq(c.topics_run, 1);
    const char *two = "Paris opposes the w3 accord; Rome backs the w999 accord.";
    ck_assert_int_eq(tr_classify(rs, two, strlen(two), &c, &e), TR_OK);
    ck_assert_uint_eq(c.n, 2);
    ck_assert_str_eq(c.assertions[0].topic_id, "t3");
    ck_assert_str_eq(c.assertions[1].topic_id, "t999");
    ck_assert_uint_eq(c.topics_run, 2);
    const char *none = "The cabinet will discuss energy prices in Vienna.";
    ck_assert_int_eq(tr_classify(rs, none, strlen(none), &c, &e), TR_OK);
    ck_assert_uint_eq(c.n, 0);
    ck_assert_uint_eq(c.topics_run, 0);
    tr_ruleset_set_plain(rs, 1);
    ck_assert_int_eq(tr_classify(rs, two, strlen(two), &c, &e), TR_OK);
    ck_assert_uint_eq(c.n, 2);
    ck_assert_uint_eq(c.topics_run, 1000);
    tr_classification_free(&c);
    tr_ruleset_free(rs);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("rules_prefilter");
    TCase *t = tcase_create("prefilter");
    tcase_add_test(t, prefilter_changes_nothing);
    tcase_add_test(t, only_the_topics_a_text_mentions_run);
    tcase_add_test(t, the_work_does_not_grow_with_the_topics);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    return tu_run(suite());
}
