/*
** test_rules_classify.c: stance classification: the negation table on the
** seed topics and on a neutral topic, evidence spans, the sentence
** splitter, PCRE2 limits, reuse of one classification, bad UTF-8.
*/
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "rules.h"
#include "rules_testutil.h"

static tr_ruleset *seed;

/* Loads the seed rule set with the tree's lexicon. */
static tr_ruleset *load_seed(void)
{
    char p[1024], lx[1024];
    snprintf(p, sizeof p, "%s/samples/rules", tu_src());
    snprintf(lx, sizeof lx, "%s/rules/lexicon", tu_src());
    const char *pp = p;
    tr_ruleset *rs = NULL;
    tr_err err;
    ck_assert_int_eq(tr_ruleset_load(&pp, 1, lx, &rs, NULL, &err), TR_OK);
    return rs;
}


/* Classifies text and returns the stance of topic id. */
static tr_stance stance_of(const tr_ruleset *rs, const char *text, const char *id)
{
    tr_classification c;
    tr_classification_init(&c);
    tr_err err;
    ck_assert_int_eq(tr_classify(rs, text, strlen(text), &c, &err), TR_OK);
    const tr_assertion *a = tr_classification_find(&c, tr_ruleset_find_topic(rs, id));
    tr_stance s = a ? a->stance : TR_STANCE_NONE;
    tr_classification_free(&c);
    return s;
}

static void setup(void) { seed = load_seed(); }
static void teardown(void) { tr_ruleset_free(seed); }

#define A TR_STANCE_AFFIRM
#define D TR_STANCE_DENY
#define N TR_STANCE_NONE

static const struct {
    const char *text, *topic;
    tr_stance want;
} table[] = {
    /* the seed's own statements */
    { "they were not participating in the talks", "cyber_talks", D },
    { "However, U.S. and European intelligence and security officials told Reuters on Thursday they "
      "were not participating in the talks, which they said were confined to mid-level political officials.",
      "cyber_talks", D },
    { "The fact that President Putin and I discussed a Cyber Security unit doesn't mean I think it can "
      "happen. It can't.", "cyber_unit", D },
    { "The fact that President Putin and I discussed a Cyber Security unit doesn\xe2\x80\x99t mean I think "
      "it can happen. It can\xe2\x80\x99t.", "cyber_unit", D },
    { "The fact that President Putin and I discussed a Cyber Security unit doesn't mean I think it can happen.",
      "cyber_unit", D },
    { "it would be premature to suggest the United States would be talking to Russia about a possible "
      "cyber security partnership", "cyber_talks", D },
    { "The talks are underway ... different proposals are being exchanged, nobody denies the necessity "
      "of holding the talks and of having such contacts", "cyber_talks", A },
    { "\xe2\x80\x9cThe talks are underway ... different proposals are being exchanged, nobody denies the "
      "necessity of holding the talks and of having such contacts,\xe2\x80\x9d Krutskikh said, according to RIA.",
      "cyber_talks", A },
    { "We are not only holding talks but also exchanging proposals.", "cyber_talks", A },
    { "Putin & I discussed forming an impenetrable Cyber Security unit so that election hacking, & many "
      "other negative things, will be guarded..", "cyber_unit", A },
    { "No doubt we discussed a cyber security unit.", "cyber_unit", A },
    { "We never discussed a cyber security unit.", "cyber_unit", D },
    /* counter-examples: nothing mentioned */
    { "The G20 summit was a wonderful success.", "cyber_unit", N },
    { "The G20 summit was a wonderful success.", "cyber_talks", N },
    { "Sanctions were not discussed at my meeting with President Putin.", "cyber_unit", N },
    { "", "cyber_talks", N },
    /* mentioned but no cue: none */
    { "A cyber security unit.", "cyber_unit", N },
    /* a cue two sentences after the mention is outside follow 1 */
    { "We talked about a cyber security unit. The weather was fine. It can't.", "cyber_unit", N },
    /* abbreviations do not split sentences: the cue stays near the mention */
    { "A cyber security unit, said Mr. Smith and Dr. Jones of the U.S. Army, was discussed.", "cyber_unit", A },
    { "A cyber security unit? Mr. Smith said. Then: J. Jones discussed it.", "cyber_unit", N },
};

/* The negation table on the seed topics. */
START_TEST(test_seed_table)
{
    tr_stance got = stance_of(seed, table[_i].text, table[_i].topic);
    ck_assert_msg(got == table[_i].want, "case %d: %s on \"%s\": want %s, got %s", _i, table[_i].topic,
                  table[_i].text, tr_stance_name(table[_i].want), tr_stance_name(got));
}
END_TEST

static const char *rain_rules =
    "topic rain {\n"
    "  mention /\\brain\\b/\n"
    "  affirm /\\bwill come\\b/\n"
    "  affirm /\\bexpected\\b/\n"
    "  deny /\\bdry\\b/\n"
    "}\n";

static const struct {
    const char *text;
    tr_stance want;
} rain[] = {
    { "Rain will come.", A },
    { "Rain is not expected.", D },                                /* trigger */
    { "I do not think that the rain really truly will come.", A },      /* 6 words away: out of scope */
    { "I don't think the rain will come.", D },                    /* within 5 words */
    { "Rain is not dry, and will come.", A },                      /* punctuation ends scope */
    { "No rain, but it will come.", A },                           /* terminator ends scope */
    { "Rain? Not expected.", D },                                  /* cue in following sentence */
    { "Rain expected is ruled out.", D },                          /* post-trigger */
    { "Rain is not dry.", A },                                     /* negated deny -> affirm */
    { "Rain is too early to say but expected.", A },              /* hedge stops at terminator */
    { "It is too early to say whether rain will come.", D },       /* hedge -> deny */
    { "Rain will come. It is dry.", D },                           /* the last decisive cue wins */
    { "It is dry. Rain will come.", A },
    { "Not only rain will come.", A },                             /* pseudo-trigger */
};

/* The negation layer on a neutral topic: scope, terminators, post,
** pseudo, hedges, last-cue rule. */
START_TEST(test_rain_table)
{
    tr_ruleset *rs = load_text(rain_rules);
    tr_stance got = stance_of(rs, rain[_i].text, "rain");
    ck_assert_msg(got == rain[_i].want, "case %d \"%s\": want %s, got %s", _i, rain[_i].text,
                  tr_stance_name(rain[_i].want), tr_stance_name(got));
    tr_ruleset_free(rs);
}
END_TEST

/* The evidence: cue, sentence, negation trigger spans. */
START_TEST(test_evidence)
{
    const char *t = "Officials were not participating in the talks.";
    tr_classification c;
    tr_classification_init(&c);
    tr_err err;
    ck_assert_int_eq(tr_classify(seed, t, strlen(t), &c, &err), TR_OK);
    const tr_assertion *a = tr_classification_find(&c, tr_ruleset_find_topic(seed, "cyber_talks"));
    ck_assert_ptr_nonnull(a);
    ck_assert_int_eq(a->stance, TR_STANCE_DENY);
    ck_assert_int_eq(a->cue_stance, TR_STANCE_AFFIRM);
    ck_assert_int_eq(a->negated, 1);
    ck_assert_int_eq(memcmp(t + a->cue.start, "participating", a->cue.end - a->cue.start), 0);
    ck_assert_uint_eq(a->cue.end - a->cue.start, 13);
    ck_assert_uint_eq(a->negation.start, 15);
    ck_assert_uint_eq(a->negation.end, 18);
    ck_assert_uint_eq(a->sentence.start, 0);
    ck_assert_uint_eq(a->sentence.end, strlen(t));
    ck_assert_int_eq(a->hedged, 0);
    ck_assert_int_eq(memcmp(t + a->mention.start, "talks", 5), 0);
    ck_assert_ptr_nonnull(a->pattern);
    ck_assert_int_eq(a->pattern->kind, TR_PAT_AFFIRM);
    ck_assert_uint_gt(a->pattern->loc.line, 0);

    /* the hedge evidence, reusing c */
    t = "it would be premature to suggest the United States would be talking to Russia about a "
        "possible cyber security partnership.";
    ck_assert_int_eq(tr_classify(seed, t, strlen(t), &c, &err), TR_OK);
    ck_assert_uint_eq(c.n, 1);
    a = &c.assertions[0];
    ck_assert_int_eq(a->hedged, 1);
    ck_assert_int_eq(memcmp(t + a->hedge.start, "premature to", 12), 0);
    ck_assert_uint_eq(a->hedge.end - a->hedge.start, 12);

    /* the reversal tweet: the deciding cue is in the second sentence */
    t = "The fact that President Putin and I discussed a Cyber Security unit doesn't mean I think it "
        "can happen. It can't.";
    ck_assert_int_eq(tr_classify(seed, t, strlen(t), &c, &err), TR_OK);
    a = tr_classification_find(&c, tr_ruleset_find_topic(seed, "cyber_unit"));
    ck_assert_ptr_nonnull(a);
    ck_assert_int_eq(a->stance, TR_STANCE_DENY);
    ck_assert_int_eq(memcmp(t + a->sentence.start, "It can't.", 9), 0);
    ck_assert_uint_ge(a->ncues, 3);
    tr_classification_free(&c);
}
END_TEST

/* A catastrophic pattern stops at the PCRE2 limit, is reported, and the
** other topics are still classified. */
START_TEST(test_limits)
{
    tr_ruleset *rs = load_text("topic bomb {\n  mention /a/\n  affirm /(a+)+$/\n}\n"
                               "topic fine {\n  mention /b/\n  affirm /b/\n}\n");
    size_t n = 100000;
    char *t = malloc(n + 2);
    memset(t, 'a', n);
    t[n] = 'b';
    t[n + 1] = '\0';
    tr_classification c;
    tr_classification_init(&c);
    tr_err err;
    ck_assert_int_eq(tr_classify(rs, t, n + 1, &c, &err), TR_OK);
    ck_assert_uint_ge(c.nlimits, 1);
    ck_assert_str_eq(c.limits[0].topic_id, "bomb");
    ck_assert_int_eq(c.limits[0].pattern->kind, TR_PAT_AFFIRM);
    ck_assert_uint_eq(c.limits[0].pattern->loc.line, 3);
    int e = c.limits[0].pcre_error;
    ck_assert(e == PCRE2_ERROR_MATCHLIMIT || e == PCRE2_ERROR_DEPTHLIMIT ||
              e == PCRE2_ERROR_HEAPLIMIT || e == PCRE2_ERROR_JIT_STACKLIMIT);
    ck_assert_uint_gt(strlen(c.limits[0].message), 0);
    ck_assert_ptr_null(tr_classification_find(&c, 0));
    ck_assert_ptr_nonnull(tr_classification_find(&c, 1));
    /* the classification is reusable and the limits reset */
    ck_assert_int_eq(tr_classify(rs, "b", 1, &c, &err), TR_OK);
    ck_assert_uint_eq(c.nlimits, 0);
    ck_assert_uint_eq(c.n, 1);
    tr_classification_free(&c);
    free(t);
    tr_ruleset_free(rs);
}
END_TEST

/* Invalid UTF-8 text is TR_EDATA, not a crash. */
START_TEST(test_bad_text)
{
    tr_classification c;
    tr_classification_init(&c);
    tr_err err;
    ck_assert_int_eq(tr_classify(seed, "talks \xff", 7, &c, &err), TR_EDATA);
    ck_assert_int_eq(tr_classify(seed, "talks\0x", 7, &c, &err), TR_EDATA);
    ck_assert_int_eq(tr_classify(seed, "talks are underway", 18, &c, &err), TR_OK);
    ck_assert_uint_eq(c.n, 1);
    tr_classification_free(&c);
}
END_TEST

/* Case-sensitive patterns with the c flag; caseless by default. */
START_TEST(test_case_flags)
{
    tr_ruleset *rs = load_text("topic us {\n  mention /\\bUS\\b/c\n  affirm /yes/\n}\n");
    ck_assert_int_eq(stance_of(rs, "US, YES", "us"), TR_STANCE_AFFIRM);
    ck_assert_int_eq(stance_of(rs, "us, yes", "us"), TR_STANCE_NONE);
    tr_ruleset_free(rs);
}
END_TEST

/* The suite. */
static Suite *suite(void)
{
    Suite *s = suite_create("rules_classify");
    TCase *tc = tcase_create("classify");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_loop_test(tc, test_seed_table, 0, (int)(sizeof table / sizeof table[0]));
    tcase_add_loop_test(tc, test_rain_table, 0, (int)(sizeof rain / sizeof rain[0]));
    tcase_add_test(tc, test_evidence);
    tcase_add_test(tc, test_limits);
    tcase_add_test(tc, test_bad_text);
    tcase_add_test(tc, test_case_flags);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(suite());
}
