/*
** test_rules_semantics.c: the stance semantics a journalist can predict
** (docs/rules.md), one table row per rule, with real-style sentences
** written for these tests: the referent rule (nearest name, pronouns,
** prepositions, a quoted post's addressees and author, except, contrast,
** the nearest cue deciding), the clause rule for topics in common words
** and `clause`, `near N`, `exclude`, shared lists, a rule set's lexicon,
** `fixed` cues, negation that stops at the word it governs,
** pseudo-triggers, reposts and someone else's words, URLs/handles/
** hashtags, citations (`cite`), the longer cue, the statement's context.
** Each error class the issue lists has its row.
*/
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "rules.h"
#include "rules_testutil.h"

static const char rules[] =
    "list praise {\n"
    "  description \"praise, shared by the topics\"\n"
    "  words great good wonderful strong best \"well done\" friend \"great job\"\n"
    "  pattern /\\bthank(s| you)\\b/\n"
    "}\n"
    "list insults {\n"
    "  words weak loser \"total disaster\" dishonest crazy sad hopeless\n"
    "}\n"
    "lexicon desk {\n"
    "  trigger hardly\n"
    "}\n"
    "topic ted_cruz {\n"
    "  mention /\\bted cruz\\b|\\bcruz\\b|@tedcruz/\n"
    "  exclude /carmen yul[ií]n cruz/\n"
    "  affirm praise\n"
    "  deny insults\n"
    "  deny /\\blost\\b/\n"
    "  nearest\n"
    "}\n"
    "topic jeb {\n"
    "  mention /\\bjeb\\b/\n"
    "  affirm praise\n"
    "  deny insults\n"
    "}\n"
    "topic jeb_clause {\n"
    "  mention /\\bjeb\\b/\n"
    "  affirm praise\n"
    "  deny insults\n"
    "  clause\n"
    "}\n"
    "topic wsj {\n"
    "  mention /\\bwsj\\b|@wsj\\w*/\n"
    "  affirm praise\n"
    "  deny insults\n"
    "  cite affirm\n"
    "}\n"
    "topic currency {\n"
    "  mention /\\bcurrency manipulat\\w*/\n"
    "  affirm /\\bmanipulat(or|ion)\\b/\n"
    "  deny /why would i call china a currency manipulator/\n"
    "}\n"
    "topic syria {\n"
    "  mention /\\bsyria\\b/\n"
    "  affirm /\\battack\\b/\n"
    "}\n"
    "topic cyber {\n"
    "  mention /\\bcyber unit\\b/\n"
    "  affirm /\\b(create|discussed)\\b/\n"
    "  deny /\\bcan't\\b/\n"
    "}\n"
    "topic iraq {\n"
    "  mention /\\biraq war\\b/\n"
    "  affirm praise\n"
    "  deny /\\bmistake\\b|\\bopposed\\b/\n"
    "}\n"
    "topic iraq_clause {\n"
    "  mention /\\biraq war\\b/\n"
    "  deny /\\bmistake\\b|\\bopposed\\b/\n"
    "  clause\n"
    "}\n"
    "topic wall {\n"
    "  mention /\\bthe wall\\b/\n"
    "  affirm /\\bbuild\\b/\n"
    "  near 3\n"
    "}\n"
    "topic megyn {\n"
    "  mention /\\bmegyn\\b/\n"
    "  deny /\\bcrazy\\b/ fixed\n"
    "}\n"
    "topic megyn_plain {\n"
    "  mention /\\bmegyn\\b/\n"
    "  deny /\\bcrazy\\b/\n"
    "}\n";

#define A TR_STANCE_AFFIRM
#define D TR_STANCE_DENY
#define N TR_STANCE_NONE

static tr_ruleset *rs;

static void setup(void) { rs = load_text(rules); }
static void teardown(void) { tr_ruleset_free(rs); }

static const struct {
    const char *text, *topic;
    tr_stance want;
    const char *why;
} table[] = {
    /* error class: a cue about something else in the sentence (the referent rule) */
    {"Tom Reed? He was the best thing that ever happened to Ted Cruz!", "ted_cruz", N,
     "'best' is nearer to 'He' (Tom Reed) than to Ted Cruz"},
    {"@SenTedCruz had a very good debate, far better than Jeb.", "jeb", N,
     "'good' is Cruz's: a name after 'than' is a second choice"},
    {"@SenTedCruz had a very good debate, far better than Jeb.", "jeb_clause", A,
     "`clause`: any cue in the mention's clause counts"},
    {"Jeb was weak; Ted Cruz was strong.", "jeb", D, "';' ends the clause: 'strong' is in another"},
    {"Jeb Bush was weak; Ted Cruz was strong.", "ted_cruz", A, "'strong' is next to Ted Cruz"},
    {"Dopey Jeb Bush and wonderful Ted Cruz.", "ted_cruz", A, "each adjective to its name"},
    {"Nasty Ted Cruz is at it again with Jeb. Sad!", "ted_cruz", D,
     "'Sad' names no one: the last name before it that follows no preposition"},
    {"Nasty Ted Cruz is at it again with Jeb. Sad!", "jeb", N, "Jeb follows 'with': not the verdict's"},
    {"Ted Cruz? A total disaster!", "ted_cruz", D, "a sentence that names no one goes to the last name"},
    {"Ted Cruz, who is weak on trade, met Jeb Bush.", "ted_cruz", D, "'who' stands for the name before it"},
    {"Ted Cruz, who is weak on trade, met Jeb Bush.", "jeb", N, "the cue is Cruz's"},
    {"Ted Cruz keeps attacking Jeb Bush on his weak radio show.", "ted_cruz", D,
     "'his' stands for the first name of its sentence"},
    {"Thank you Ted Cruz for your kind words on the dishonest media.", "ted_cruz", A,
     "the cue nearest to its referent decides"},
    {"Great interview with Jeb, and thanks to Ted Cruz!", "jeb", A,
     "'with' ties the name to the cue's phrase: a first choice"},
    {"I had a great night, and Ted Cruz had none.", "ted_cruz", N, "'great' is the speaker's own"},
    {"I opposed the Iraq war from the start.", "iraq", N,
     "the speaker is nearer: an issue topic should say `clause`"},
    {"I opposed the Iraq war from the start.", "iraq_clause", D, "`clause`: names do not compete"},
    {"He discussed the cyber unit with Putin.", "cyber", A,
     "a topic in common words keeps the mention's clause: names do not compete"},
    /* error class: contrast and exceptions */
    {"So many great endorsements today, except for Jeb!", "jeb", D, "Jeb is excepted from the praise"},
    {"So many great endorsements today, except for Jeb!", "ted_cruz", N, "no mention"},
    {"Jeb is a friend of mine but he is a total disaster.", "jeb", D,
     "conceded: a counting cue follows 'but'"},
    {"Jeb is a good man but he is hopeless on trade.", "jeb", D, "the cue after 'but' decides"},
    {"Jeb is a good man but he is not ready.", "jeb", D,
     "conceded, and what follows 'but' is about Jeb: the cue counts reversed"},
    {"Jeb is strong, but Ted Cruz is weak.", "jeb", A, "what follows 'but' is about someone else"},
    /* error class: negation that governs another word */
    {"TPP does not stop Japan's currency manipulation.", "currency", A, "'not' governs 'stop'"},
    {"Never said when an attack on Syria would take place.", "syria", A, "'Never' governs 'said'"},
    {"There will be no attack on Syria.", "syria", D, "'no' governs 'attack': the negated affirm denies"},
    /* error class: pseudo-triggers */
    {"No wonder Ted Cruz lost!", "ted_cruz", D, "'no wonder' negates nothing"},
    /* error class: a mention of another referent, a name in a link */
    {"Carmen Yulín Cruz is a total disaster.", "ted_cruz", N, "exclude removes the mention"},
    {"Great poll! http://news.example.com/2016/ted-cruz-wonderful-week", "ted_cruz", N,
     "a URL is not words of the text: no mention in it"},
    {"Ted Cruz #Great", "ted_cruz", A, "a hashtag that is a cue's word, whole, counts"},
    {"#MakeAmericaGreatAgain with Ted Cruz", "ted_cruz", N, "no cue inside a longer hashtag"},
    /* error class: someone else's position */
    {"Jeb Bush thinks the Iraq war was a good thing.", "iraq", N, "after 'thinks', Jeb's words"},
    {"I think the Iraq war was a big mistake.", "iraq", D, "'I think' is the speaker's own"},
    {"Democrats are saying that Ted Cruz is a total disaster.", "ted_cruz", N, "after 'saying', theirs"},
    {"\"@dan_w: Ted Cruz is a total loser\"", "ted_cruz", D, "a bare repost is his own position"},
    {"\"@dan_w: Ted Cruz is a total loser\" Wrong!", "ted_cruz", N, "his comment rejects the post"},
    {"\"@dan_w: Ted Cruz is a total loser\" Not true.", "ted_cruz", N, "a comment opening with 'not'"},
    {"\"@dan_w: @tedcruz @jeb great job Mr. Trump!\"", "ted_cruz", N,
     "the handles a quoted post opens with are second choice: 'Mr. Trump' is praised"},
    {"\"@dan_w: @tedcruz @jeb great job Mr. Trump!\"", "jeb", N, "the same"},
    {"\"@tedcruz: We will win Iowa.\" Great!", "ted_cruz", A, "his comment answers the post's author"},
    {"\"@dan_w: Ted Cruz is in Iowa.\" Great!", "ted_cruz", N, "the author is @dan_w"},
    /* citations (cite affirm) */
    {"\"@WSJ: Markets rally on the jobs report.\"", "wsj", A, "a repost of its post cites it"},
    {"Read this: https://www.wsj.com/articles/markets-rally", "wsj", A, "a link to its site cites it"},
    {"Read this: https://example.com/the-wsj-story", "wsj", N, "a path is no citation"},
    {"The dishonest @WSJ got it wrong. https://www.wsj.com/x", "wsj", D, "a cue decides before a citation"},
    {"Jeb promised for years and then failed us. Jeb is weak.", "jeb", D,
     "'promised for years' reports nothing: no clause follows the verb"},
    /* error class: cue precedence */
    {"Why would I call China a currency manipulator?", "currency", D, "the longer cue wins over the one inside it"},
    {"We are not going to create a cyber unit, but we discussed it.", "cyber", D,
     "', but we' starts a clause without the mention"},
    /* near N */
    {"We will build the wall.", "wall", A, "within 3 words"},
    {"We will build, after many long debates and delays, the wall.", "wall", N, "6 words away"},
    /* fixed cues, and the rule set's lexicon */
    {"Isn't crazy Megyn at it again?", "megyn", D, "a fixed cue: no negation turns it"},
    {"Isn't crazy Megyn at it again?", "megyn_plain", A, "the same cue, not fixed, is negated"},
    {"Jeb is hardly strong.", "jeb", D, "the lexicon block's trigger 'hardly'"},
    /* shared lists: the same words for two topics */
    {"Thank you Jeb!", "jeb", A, "list praise"},
    {"Thank you Ted Cruz!", "ted_cruz", A, "the same list"},
    /* rule files written before: what did not change */
    {"Jeb is not a very good candidate.", "jeb", D, "a trigger over skip words still negates"},
    {"Jeb is not only strong but smart.", "jeb", A, "'not only' stays a pseudo-trigger"},
};

static tr_stance stance_of(const char *text, const char *ctx, const char *topic)
{
    tr_classification c;
    tr_classification_init(&c);
    tr_err err;
    ck_assert_int_eq(tr_classify_ctx(rs, text, strlen(text), ctx, ctx ? strlen(ctx) : 0, &c, &err), TR_OK);
    const tr_assertion *a = tr_classification_find(&c, tr_ruleset_find_topic(rs, topic));
    tr_stance s = a ? a->stance : TR_STANCE_NONE;
    tr_classification_free(&c);
    return s;
}

START_TEST(test_table)
{
    tr_stance got = stance_of(table[_i].text, NULL, table[_i].topic);
    ck_assert_msg(got == table[_i].want, "row %d: %s on \"%s\": want %s, got %s (%s)", _i, table[_i].topic,
                  table[_i].text, tr_stance_name(table[_i].want), tr_stance_name(got), table[_i].why);
}
END_TEST

/* The statement's context: an extracted statement without the mention
** ("It can't happen.") gets the topic from the article's sentence, and its
** cues still come from the statement itself. */
START_TEST(test_context)
{
    const char *ctx = "Trump said of the proposed cyber unit that it can't happen.";
    ck_assert_int_eq(stance_of("It can't happen.", NULL, "cyber"), N);
    ck_assert_int_eq(stance_of("It can't happen.", ctx, "cyber"), D);
    ck_assert_int_eq(stance_of("Let us talk about trade.", ctx, "cyber"), N); /* no cue in the text */
    tr_classification c;
    tr_classification_init(&c);
    tr_err err;
    ck_assert_int_eq(tr_classify_ctx(rs, "It can't happen.", 16, ctx, strlen(ctx), &c, &err), TR_OK);
    const tr_assertion *a = tr_classification_find(&c, tr_ruleset_find_topic(rs, "cyber"));
    ck_assert_ptr_nonnull(a);
    ck_assert_int_eq(a->in_context, 1);
    ck_assert_uint_eq(a->cue.start, 3);
    ck_assert_int_eq(tr_classify_ctx(rs, "ok", 2, "bad \xff", 5, &c, &err), TR_EDATA);
    tr_classification_free(&c);
}
END_TEST

/* A citation's assertion says so: no cue weighed, the cue is the citation
** (the quoted post's author, the link). */
START_TEST(test_citation_assertion)
{
    tr_classification c;
    tr_classification_init(&c);
    tr_err err;
    const char *t = "\"@WSJ: Markets rally on the jobs report.\"";
    ck_assert_int_eq(tr_classify(rs, t, strlen(t), &c, &err), TR_OK);
    const tr_assertion *a = tr_classification_find(&c, tr_ruleset_find_topic(rs, "wsj"));
    ck_assert_ptr_nonnull(a);
    ck_assert_int_eq(a->cited, 1);
    ck_assert_uint_eq(a->ncues, 0);
    ck_assert_uint_eq(a->cue.start, 1);
    ck_assert_uint_eq(a->cue.end, 5);
    t = "Read this: https://www.wsj.com/articles/markets-rally and weep";
    ck_assert_int_eq(tr_classify(rs, t, strlen(t), &c, &err), TR_OK);
    a = tr_classification_find(&c, tr_ruleset_find_topic(rs, "wsj"));
    ck_assert_ptr_nonnull(a);
    ck_assert_uint_eq(a->cue.start, 11);
    ck_assert_uint_eq(a->cue.end, 53);
    t = "The dishonest @WSJ got it wrong.";
    ck_assert_int_eq(tr_classify(rs, t, strlen(t), &c, &err), TR_OK);
    a = tr_classification_find(&c, tr_ruleset_find_topic(rs, "wsj"));
    ck_assert_ptr_nonnull(a);
    ck_assert_int_eq(a->cited, 0);
    ck_assert_uint_eq(a->ncues, 1);
    tr_classification_free(&c);
}
END_TEST

/* rules explain says which rule decided and why each other cue did not
** count. */
START_TEST(test_explain_reasons)
{
    const char *t = "\"@dan_w: Ted Cruz is weak\" Wrong! Jeb thinks Ted Cruz is great. Why would I call China a "
                    "currency manipulator? http://x.example/ted-cruz";
    tr_buf tx, js;
    tr_buf_init(&tx);
    tr_buf_init(&js);
    tr_err err;
    ck_assert_int_eq(tr_rules_explain(rs, t, strlen(t), &tx, &js, &err), TR_OK);
    ck_assert_ptr_nonnull(strstr(tx.data, "someone else's words: a quoted post at 0-26"));
    ck_assert_ptr_nonnull(strstr(tx.data, "someone else's words: reported speech at "));
    ck_assert_ptr_nonnull(strstr(tx.data, "not words: URL at "));
    ck_assert_ptr_nonnull(strstr(tx.data, ": ignored (inside a quoted post at 0-26: not the speaker's own words)"));
    ck_assert_ptr_nonnull(strstr(tx.data, ": ignored (inside reported speech at "));
    ck_assert_ptr_nonnull(strstr(tx.data, ": ignored (inside the longer cue at "));
    ck_assert_ptr_nonnull(strstr(tx.data, ": ignored (inside a URL)"));
    ck_assert_ptr_nonnull(strstr(tx.data, "decided by deny /why would i call china a currency manipulator/ ("));
    /* the referent rule says whom each cue is about */
    tr_buf_reset(&tx);
    const char *u = "@SenTedCruz had a very good debate, far better than Jeb.";
    ck_assert_int_eq(tr_rules_explain(rs, u, strlen(u), &tx, NULL, &err), TR_OK);
    ck_assert_ptr_nonnull(strstr(tx.data, "topic jeb: none (mentioned, but no cue decided) (a cue counts when its "
                                          "referent is the topic's)"));
    ck_assert_ptr_nonnull(strstr(tx.data, "at 23-27 \"good\" sentence 1: ignored (about \"@SenTedCruz\", the "
                                          "nearest name in its clause, not the topic's)"));
    tr_buf_reset(&tx);
    u = "So many great endorsements today, except for Jeb!";
    ck_assert_int_eq(tr_rules_explain(rs, u, strlen(u), &tx, NULL, &err), TR_OK);
    ck_assert_ptr_nonnull(strstr(tx.data, "about \"Jeb\", the nearest name in its clause, excepted (counts reversed) -> deny"));
    tr_buf_reset(&tx);
    u = "Jeb is a good man but he is not ready.";
    ck_assert_int_eq(tr_rules_explain(rs, u, strlen(u), &tx, NULL, &err), TR_OK);
    ck_assert_ptr_nonnull(strstr(tx.data, "conceded: what follows \"but\" is about the topic and holds no cue "
                                          "(counts reversed) -> deny"));
    tr_buf_reset(&tx);
    u = "Jeb is a friend of mine but he is a total disaster.";
    ck_assert_int_eq(tr_rules_explain(rs, u, strlen(u), &tx, NULL, &err), TR_OK);
    ck_assert_ptr_nonnull(strstr(tx.data, "ignored (conceded: a counting cue follows \"but\" at 24-27)"));
    json_error_t je;
    json_t *j = json_loads(js.data, 0, &je);
    ck_assert_msg(j != NULL, "%s", je.text);
    ck_assert_uint_eq(json_array_size(json_object_get(j, "embedded")), 2);
    json_t *topics = json_object_get(j, "topics"), *tp;
    size_t i;
    int seen = 0;
    json_array_foreach(topics, i, tp) {
        if (strcmp(json_string_value(json_object_get(tp, "id")), "currency"))
            continue;
        seen = 1;
        json_t *rule = json_object_get(json_object_get(tp, "decision"), "rule");
        ck_assert_str_eq(json_string_value(json_object_get(rule, "pattern")),
                         "why would i call china a currency manipulator");
        ck_assert_int_gt(json_integer_value(json_object_get(rule, "line")), 0);
    }
    ck_assert(seen);
    json_decref(j);
    /* a list entry is named with its list */
    tr_buf_reset(&tx);
    ck_assert_int_eq(tr_rules_explain(rs, "Thank you Jeb!", 14, &tx, NULL, &err), TR_OK);
    ck_assert_ptr_nonnull(strstr(tx.data, "decided by affirm list praise ("));
    ck_assert_ptr_nonnull(strstr(tx.data, "/\\bthank(s| you)\\b/ ("));
    tr_buf_free(&tx);
    tr_buf_free(&js);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("rules_semantics");
    TCase *tc = tcase_create("semantics");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_table, 0, (int)(sizeof table / sizeof table[0]));
    tcase_add_test(tc, test_context);
    tcase_add_test(tc, test_citation_assertion);
    tcase_add_test(tc, test_explain_reasons);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(suite());
}
