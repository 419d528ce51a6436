/*
** test_extract_units.c: quote pairing, each attribution form, speaker
** resolution, every date expression on every publication weekday, bad
** input, a 5 MB article, JSON output and pattern-file errors.
*/
#include "extract.h"
#include "testutil.h"
#include "x_internal.h"

#include <dirent.h>
#include <math.h>
#include <time.h>
#include <unistd.h>

static tr_extractor *X;

static void setup(void)
{
    char dir[2048];
    tr_err err;
    snprintf(dir, sizeof dir, "%s/rules/attribution", tu_src());
    ck_assert_msg(tr_extractor_new(dir, &X, &err) == TR_OK, "%s", err.msg);
}

static void teardown(void)
{
    tr_extractor_free(X);
    X = NULL;
}

static tr_statement_list run(const char *text, const char *pub)
{
    tr_extract_opts o = {pub, "Test", NULL, NULL, NULL};
    tr_statement_list L = {0};
    tr_err err;
    ck_assert_msg(tr_extract(X, text, strlen(text), &o, &L, &err) == TR_OK, "%s", err.msg);
    return L;
}

/* ---- quote pairing ---- */
START_TEST(quotes_apostrophes)
{
    const char *t = "It can’t be Smith’s fault in the ’90s, “he can’t,” she said. ‘Yes,’ he said.";
    xquote *q;
    size_t n;
    ck_assert_int_eq(x_find_quotes(t, strlen(t), &q, &n), 0);
    ck_assert_uint_eq(n, 2);
    ck_assert_int_eq(strncmp(t + q[0].cs, "he can’t,", q[0].ce - q[0].cs), 0);
    ck_assert_int_eq(strncmp(t + q[1].cs, "Yes,", q[1].ce - q[1].cs), 0);
    free(q);
}
END_TEST

START_TEST(quotes_kinds)
{
    const char *t = "\"One,\" «deux», „drei“ and “four.”";
    xquote *q;
    size_t n;
    ck_assert_int_eq(x_find_quotes(t, strlen(t), &q, &n), 0);
    ck_assert_uint_eq(n, 4);
    for (size_t i = 0; i < n; i++)
        ck_assert(!q[i].unbalanced);
    free(q);
}
END_TEST

START_TEST(quotes_paragraphs)
{
    /* reopened next paragraph: one quote; closed in the next: one quote;
       never closed: closed at the paragraph end */
    const char *t = "“One.\n“Two.”\n“Three.\nFour.” Five.\n“Six\nSeven.";
    xquote *q;
    size_t n;
    ck_assert_int_eq(x_find_quotes(t, strlen(t), &q, &n), 0);
    ck_assert_uint_eq(n, 3);
    ck_assert(q[0].multipara && q[1].multipara && q[2].unbalanced);
    free(q);
}
END_TEST

/* ---- attribution forms ---- */
typedef struct form {
    const char *text, *speaker, *mode, *prefix;
} form;

static const form forms[] = {
    {"“We will win,” Jane Roe said.", "Jane Roe", "direct", "We will win"},
    {"“We will win,” said Jane Roe, the party leader.", "Jane Roe", "direct", "We will win"},
    {"“We will win,” Jane Roe, a senator, told reporters.", "Jane Roe", "direct", "We will win"},
    {"“We will win,” Jane Roe told Reuters.", "Jane Roe", "direct", "We will win"},
    {"Jane Roe said in a statement: “We will win.”", "Jane Roe", "direct", "We will win"},
    {"Jane Roe wrote on Twitter: “We will win.”", "Jane Roe", "direct", "We will win"},
    {"Jane Roe hit back, saying in a post on Twitter: “We will win.”", "Jane Roe", "direct",
     "We will win"},
    {"“We will win,” according to Jane Roe.", "Jane Roe", "direct", "We will win"},
    {"Jane Roe said that the party would win.", "Jane Roe", "reported", "the party would win"},
    {"Jane Roe said the party would win.", "Jane Roe", "reported", "the party would win"},
    {"Jane Roe told reporters it would be premature to say.", "Jane Roe", "reported",
     "it would be premature"},
    {"Jane Roe, a senator from Ohio, said the party would win.", "Jane Roe", "reported",
     "the party would win"},
    {"The party will win, Jane Roe said.", "Jane Roe", "reported", "The party will win"},
    {"The party will win, said Jane Roe.", "Jane Roe", "reported", "The party will win"},
    {"The party will win, according to Jane Roe.", "Jane Roe", "reported", "The party will win"},
    {"According to Jane Roe, the party will win.", "Jane Roe", "reported", "the party will win"},
    {"The party will win, TASS reported, citing Jane Roe.", "Jane Roe", "reported",
     "The party will win"},
    {"Officials told Reuters they were not taking part in the talks.", "Officials", "reported",
     "they were not taking part"},
    {"Jane Roe rejected the plan, saying it would fail.", "Jane Roe", "reported",
     "it would fail"},
    {"Finance Minister Jane Roe stated that the budget was balanced.", "Jane Roe", "reported",
     "the budget was balanced"},
    {"A spokeswoman for the ministry said the report was false.",
     "spokeswoman for the ministry", "reported", "the report was false"},
};

START_TEST(attribution_form)
{
    const form *f = &forms[_i];
    tr_statement_list L = run(f->text, "2020-06-10");
    ck_assert_msg(L.n == 1, "%s: %zu statements", f->text, L.n);
    ck_assert_str_eq(L.items[0].speaker, f->speaker);
    ck_assert_str_eq(L.items[0].mode, f->mode);
    ck_assert_msg(!strncmp(L.items[0].text, f->prefix, strlen(f->prefix)), "%s: text '%s'",
                  f->text, L.items[0].text);
    tr_statement_list_free(&L);
}
END_TEST

START_TEST(no_statement)
{
    tr_statement_list L = run("A spokeswoman for the ministry declined to comment. "
                              "The “reform” was passed on Monday.", "2020-06-10");
    ck_assert_uint_eq(L.n, 0);
    tr_statement_list_free(&L);
}
END_TEST

/* ---- speakers ---- */
START_TEST(speakers)
{
    tr_statement_list L = run(
        "U.S. President John Doe said on Monday the talks were over.\n"
        "“We are done,” Doe said.\n"
        "“It is finished,” he said.\n"
        "Russian officials said the talks would resume.\n"
        "One of the officials said the date was not set.\n"
        "A Russian official said nothing had changed.\n",
        "2020-06-10");
    ck_assert_uint_eq(L.n, 6);
    ck_assert_str_eq(L.items[0].speaker, "John Doe");
    ck_assert_str_eq(L.items[0].side, "US");
    ck_assert_str_eq(L.items[1].speaker, "John Doe");
    ck_assert_str_eq(L.items[2].speaker, "John Doe");
    ck_assert_str_eq(L.items[3].speaker, "Russian officials");
    ck_assert_int_eq(L.items[3].speaker_kind, TR_SPEAKER_GROUP);
    ck_assert_str_eq(L.items[3].side, "RU");
    ck_assert_str_eq(L.items[4].speaker, "one of the Russian officials");
    ck_assert_int_eq(L.items[4].speaker_kind, TR_SPEAKER_ANONYMOUS);
    ck_assert_str_eq(L.items[5].side, "RU");
    ck_assert_int_eq(L.items[5].speaker_kind, TR_SPEAKER_ANONYMOUS);
    tr_statement_list_free(&L);
}
END_TEST

START_TEST(speaker_ambiguous)
{
    tr_statement_list L = run("“We are done,” he said.\n"
                              "Anna Lee and Tom Lee met on Monday.\n“Fine,” Lee said.\n",
                              "2020-06-10");
    ck_assert_uint_eq(L.n, 2);
    ck_assert(L.items[0].ambiguous);
    ck_assert(L.items[1].ambiguous);
    ck_assert_ptr_nonnull(L.items[1].ambiguity);
    tr_statement_list_free(&L);
}
END_TEST

static int lookup(void *ctx, const char *name, char *canon, size_t n, char *side, size_t ns,
                  char *gender, size_t ng)
{
    (void)ctx;
    if (strcmp(name, "Jane Roe"))
        return 0;
    snprintf(canon, n, "Jane A. Roe");
    snprintf(side, ns, "GB");
    snprintf(gender, ng, "f");
    return 1;
}

START_TEST(speaker_lookup)
{
    tr_extract_opts o = {"2020-06-10", NULL, NULL, lookup, NULL};
    tr_statement_list L = {0};
    tr_err err;
    const char *t = "Jane Roe said the party would win.";
    ck_assert_int_eq(tr_extract(X, t, strlen(t), &o, &L, &err), TR_OK);
    ck_assert_uint_eq(L.n, 1);
    ck_assert_str_eq(L.items[0].speaker, "Jane A. Roe");
    ck_assert_str_eq(L.items[0].side, "GB");
    tr_statement_list_free(&L);
}
END_TEST

/* ---- dates: each expression on each publication weekday ---- */
/* publication days Mon 2017-07-17 .. Sun 2017-07-23 */
typedef struct dcase {
    const char *expr;
    const char *want[7];
} dcase;

static const dcase dates[] = {
    {"", {"2017-07-17", "2017-07-18", "2017-07-19", "2017-07-20", "2017-07-21", "2017-07-22", "2017-07-23"}},
    {"on Thursday", {"2017-07-13", "2017-07-13", "2017-07-13", "2017-07-20", "2017-07-20", "2017-07-20", "2017-07-20"}},
    {"on Monday", {"2017-07-17", "2017-07-17", "2017-07-17", "2017-07-17", "2017-07-17", "2017-07-17", "2017-07-17"}},
    {"last Monday", {"2017-07-10", "2017-07-17", "2017-07-17", "2017-07-17", "2017-07-17", "2017-07-17", "2017-07-17"}},
    {"yesterday", {"2017-07-16", "2017-07-17", "2017-07-18", "2017-07-19", "2017-07-20", "2017-07-21", "2017-07-22"}},
    {"last weekend", {"2017-07-15/2017-07-16", "2017-07-15/2017-07-16", "2017-07-15/2017-07-16", "2017-07-15/2017-07-16", "2017-07-15/2017-07-16", "2017-07-15/2017-07-16", "2017-07-15/2017-07-16"}},
    {"last week", {"2017-07-10/2017-07-16", "2017-07-10/2017-07-16", "2017-07-10/2017-07-16", "2017-07-10/2017-07-16", "2017-07-10/2017-07-16", "2017-07-10/2017-07-16", "2017-07-10/2017-07-16"}},
    {"earlier this week", {"2017-07-17", "2017-07-17", "2017-07-17/2017-07-18", "2017-07-17/2017-07-19", "2017-07-17/2017-07-20", "2017-07-17/2017-07-21", "2017-07-17/2017-07-22"}},
    {"earlier this month", {"2017-07-01/2017-07-16", "2017-07-01/2017-07-17", "2017-07-01/2017-07-18", "2017-07-01/2017-07-19", "2017-07-01/2017-07-20", "2017-07-01/2017-07-21", "2017-07-01/2017-07-22"}},
    {"last month", {"2017-06", "2017-06", "2017-06", "2017-06", "2017-06", "2017-06", "2017-06"}},
    {"last year", {"2016", "2016", "2016", "2016", "2016", "2016", "2016"}},
    {"in January", {"2017-01", "2017-01", "2017-01", "2017-01", "2017-01", "2017-01", "2017-01"}},
    {"in July", {"2017-07-01/2017-07-17", "2017-07-01/2017-07-18", "2017-07-01/2017-07-19", "2017-07-01/2017-07-20", "2017-07-01/2017-07-21", "2017-07-01/2017-07-22", "2017-07-01/2017-07-23"}},
    {"in September", {"2016-09", "2016-09", "2016-09", "2016-09", "2016-09", "2016-09", "2016-09"}},
    {"in September 2013", {"2013-09", "2013-09", "2013-09", "2013-09", "2013-09", "2013-09", "2013-09"}},
    {"in June last year", {"2016-06", "2016-06", "2016-06", "2016-06", "2016-06", "2016-06", "2016-06"}},
    {"on July 4", {"2017-07-04", "2017-07-04", "2017-07-04", "2017-07-04", "2017-07-04", "2017-07-04", "2017-07-04"}},
    {"next week", {"2017-07-17", "2017-07-18", "2017-07-19", "2017-07-20", "2017-07-21", "2017-07-22", "2017-07-23"}},
};

START_TEST(date_table)
{
    const dcase *c = &dates[_i];
    for (int wd = 0; wd < 7; wd++) {
        char pub[32], text[256];
        snprintf(pub, sizeof pub, "2017-07-%02d", 17 + wd);
        snprintf(text, sizeof text, "Jane Roe said %s that the party would win.", c->expr);
        tr_statement_list L = run(text, pub);
        ck_assert_uint_eq(L.n, 1);
        ck_assert_msg(!strcmp(L.items[0].date, c->want[wd]), "'%s' published %s: got %s want %s",
                      c->expr, pub, L.items[0].date, c->want[wd]);
        tr_statement_list_free(&L);
    }
}
END_TEST

START_TEST(date_carry)
{
    tr_statement_list L = run("Jane Roe told reporters last weekend that it was over.\n"
                              "“It is over,” she said.\n"
                              "Tom Poe said it was not.\n",
                              "2017-07-20");
    ck_assert_uint_eq(L.n, 3);
    ck_assert_str_eq(L.items[1].date, "2017-07-15/2017-07-16");
    ck_assert_str_eq(L.items[1].date_expr, "last weekend");
    ck_assert_str_eq(L.items[2].date, "2017-07-20");
    ck_assert_ptr_null(L.items[2].date_expr);
    tr_statement_list_free(&L);
}
END_TEST

/* ---- bad input ---- */
START_TEST(bad_input)
{
    tr_extract_opts o = {"2020-06-10", NULL, NULL, NULL, NULL};
    tr_statement_list L = {0};
    tr_err err;
    ck_assert_int_eq(tr_extract(X, "", 0, &o, &L, &err), TR_OK);
    ck_assert_uint_eq(L.n, 0);
    ck_assert_int_eq(tr_extract(X, "ab\xff\xfe", 4, &o, &L, &err), TR_EDATA);
    ck_assert_ptr_nonnull(strstr(err.msg, "offset 2"));
    ck_assert_int_eq(tr_extract(X, "ab\0cd", 5, &o, &L, &err), TR_EDATA);
    ck_assert_ptr_nonnull(strstr(err.msg, "offset 2"));
    ck_assert_int_eq(tr_extract(X, "\xe2\x80", 2, &o, &L, &err), TR_EDATA);
    tr_extract_opts bad = {"2020-02-30", NULL, NULL, NULL, NULL};
    ck_assert_int_eq(tr_extract(X, "x", 1, &bad, &L, &err), TR_EUSAGE);
    const char *t = "“We will never stop, Jane Roe said on Monday.\nTom Poe said “no.";
    ck_assert_int_eq(tr_extract(X, t, strlen(t), &o, &L, &err), TR_OK);
    tr_statement_list_free(&L);
}
END_TEST

START_TEST(big_input)
{
    const char *para = "Jane Roe said on Monday that the party would win the vote. "
                       "“We are ready,” she said. Officials told reporters it was “early.”\n";
    size_t pl = strlen(para), n = 5u << 20;
    char *t = malloc(n + 1);
    size_t k = 0;
    while (k + pl <= n) {
        memcpy(t + k, para, pl);
        k += pl;
    }
    t[k] = 0;
    tr_extractor_jit(X); /* what tracker extract does for large input */
    tr_extract_opts o = {"2020-06-10", NULL, NULL, NULL, NULL};
    tr_statement_list L = {0};
    tr_err err;
    clock_t c0 = clock();
    ck_assert_int_eq(tr_extract(X, t, k, &o, &L, &err), TR_OK);
    double secs = (double)(clock() - c0) / CLOCKS_PER_SEC;
    ck_assert_uint_eq(L.n, 3 * (k / pl));
    ck_assert_msg(secs < 30, "5 MB took %.1f s", secs);
    tr_statement_list_free(&L);
    /* one 5 MB paragraph with an unbalanced quote and no stops */
    memset(t, 'a', n);
    for (size_t i = 0; i < n; i += 7)
        t[i] = ' ';
    t[10] = '"';
    ck_assert_int_eq(tr_extract(X, t, n, &o, &L, &err), TR_OK);
    tr_statement_list_free(&L);
    free(t);
}
END_TEST

START_TEST(json)
{
    tr_statement_list L = run("Jane Roe said on Monday that the <b>party</b> would win.",
                              "2020-06-10");
    tr_extract_opts o = {"2020-06-10", "Test", "http://x", NULL, NULL};
    char *j;
    tr_err err;
    ck_assert_int_eq(tr_statement_to_json(&L.items[0], &o, &j, &err), TR_OK);
    ck_assert_str_eq(j, "{\"speaker\":\"Jane Roe\",\"kind\":\"person\",\"side\":null,\"text\":"
                        "\"the <b>party</b> would win\",\"mode\":\"reported\",\"date\":"
                        "\"2020-06-08\",\"date_expr\":\"on Monday\",\"span\":[29,55],"
                        "\"spans\":[[29,55]],\"cue\":\"Jane Roe said on Monday\","
                        "\"rule\":\"x_said_that\",\"context\":"
                        "\"Jane Roe said on Monday that the <b>party</b> would win.\","
                        "\"context_span\":[0,56],\"source\":\"Test\",\"url\":\"http://x\","
                        "\"published\":\"2020-06-10\"}");
    free(j);
    tr_statement_list_free(&L);
}
END_TEST

START_TEST(pattern_errors)
{
    char dir[] = "/tmp/tr_extract_patXXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char path[256];
    snprintf(path, sizeof path, "%s/a.pcre", dir);
    FILE *f = fopen(path, "w");
    fputs("# ok\ndefine X = a\n\nafter good: ^(?<speaker>{X})\nafter bad: ^(?<speaker>(x)\n", f);
    fclose(f);
    tr_extractor *x;
    tr_err err;
    ck_assert_int_eq(tr_extractor_new(dir, &x, &err), TR_ECONFIG);
    ck_assert_msg(strstr(err.msg, "a.pcre:5:") != NULL, "%s", err.msg);
    f = fopen(path, "w");
    fputs("after u: ^(?<speaker>{NOPE})\n", f);
    fclose(f);
    ck_assert_int_eq(tr_extractor_new(dir, &x, &err), TR_ECONFIG);
    ck_assert_msg(strstr(err.msg, "a.pcre:1: unknown macro {NOPE}") != NULL, "%s", err.msg);
    unlink(path);
    rmdir(dir);
    ck_assert_int_eq(tr_extractor_new("/nonexistent/dir", &x, &err), TR_ENOINPUT);
}
END_TEST

/* ---- the failure classes seen on real news (issue 8), one sentence
** each, written in the style of a wire story ---- */
typedef struct klass {
    const char *why, *text, *speaker, *mode, *prefix;
} klass;

static const klass classes[] = {
    {"plural say", "Republican leaders say the bill will pass the Senate this week.",
     "Republican leaders", "reported", "the bill will pass the Senate"},
    {"a paper reported that", "The Wall Street Journal reported Sunday that the talks had stalled.",
     "Wall Street Journal", "reported", "the talks had stalled"},
    {"insisted", "Senator Ann Lee insisted that the vote was fair.", "Ann Lee", "reported",
     "the vote was fair"},
    {"is saying", "Governor Ann Lee is saying the budget will be balanced by next year.",
     "Ann Lee", "reported", "the budget will be balanced"},
    {"accused X of", "Clinton accused Trump of lying about his taxes.", "Clinton", "reported",
     "Trump of lying about his taxes"},
    {"called it '...'", "Sanders called the plan “a disaster for working families.”", "Sanders",
     "reported", "the plan “a disaster"},
    {"a common noun speaker", "The judges said the law was unconstitutional.", "judges",
     "reported", "the law was unconstitutional"},
    {"an anonymous official", "An official familiar with the matter said Sunday that the deal was close.",
     "official familiar with the matter", "reported", "the deal was close"},
    {"a list of senators", "Sens. Tom Carper, Dianne Feinstein and Ben Cardin said the agency had failed.",
     "Ben Cardin", "reported", "the agency had failed"},
    {"said on CBS that", "Trump said on CBS that the wall would be built.", "Trump", "reported",
     "the wall would be built"},
    {"has said in messages that", "Ann Lee has said in recent Twitter messages that the race is rigged.",
     "Ann Lee", "reported", "the race is rigged"},
    {"participle after a comma", "Jones criticized the ruling, saying the court had overstepped its role.",
     "Jones", "reported", "the court had overstepped its role"},
    {"sentence-initial participle", "Insisting the speech was not rehearsed, Trump left the stage.",
     "Trump", "reported", "the speech was not rehearsed"},
    {"attribution in mid-sentence",
     "The bureau would finish the review by Election Day, F.B.I. officials said, although no date was set.",
     "F.B.I. officials", "reported", "The bureau would finish the review by Election Day … although"},
    {"inside a relative clause", "The bill was opposed by lawmakers, who also said it would raise costs.",
     "lawmakers", "reported", "it would raise costs"},
    {"a quote, its attribution and more", "“We will win,” said Trump as he dined on fried eggs.",
     "Trump", "direct", "We will win"},
    {"a title before the name", "Sen. Ben Sasse said the nominee was unfit.", "Ben Sasse",
     "reported", "the nominee was unfit"},
    {"a place after the name", "John Conyers of Michigan said the bill was flawed.", "John Conyers",
     "reported", "the bill was flawed"},
    {"a capital outside ASCII", "Foreign Minister Łukasz Nowak said the border would stay open.",
     "Łukasz Nowak", "reported", "the border would stay open"},
    {"NYT double apostrophes", "''We will win,'' Jane Roe said.", "Jane Roe", "direct",
     "We will win"},
    {"a quote paragraph going on from reported speech",
     "Jane Roe said the plan had failed.\n\n“We tried everything we could.”", "Jane Roe", "direct",
     "We tried everything"},
    {"one paragraph a line after a title and a blank line",
     "Roe Wins.\n\nLONDON (Reuters) - Jane Roe said the plan had failed.\nTom Lee said it had not "
     "failed at all.", "Tom Lee", "reported", "it had not failed"},
    {"a bulleted list under 'X also said:'",
     "Obama also said:\n\n• The economy is growing faster than expected.\n\n• Jobs are coming back.",
     "Obama", "reported", "Jobs are coming back"},
    {"a phrase after a quote's verb",
     "“It is a two-horse race,” the actor says of the contest during an interview on Sunday.",
     "actor", "direct", "It is a two-horse race"},
    {"a headline with a colon", "Elizabeth Warren: Trump Is a Failure in Business.",
     "Elizabeth Warren", "reported", "Trump Is a Failure"},
    {"a comma before the quote", "Lazar added, “I will plead guilty, no problem.”", "Lazar",
     "direct", "I will plead guilty"},
    {"any audience after a quote",
     "“The danger is real,” Mr. Kosa told a plenary session of the Hungarian Parliament on Monday.",
     "Kosa", "direct", "The danger is real"},
    {"according to any source",
     "Some 59 percent of voters view her unfavorably, according to an ABC News-Washington Post poll.",
     "ABC News-Washington Post poll", "reported", "Some 59 percent"},
    {"an attribution inside a subordinate clause",
     "The crowd booed at the debate when Senator Jane Roe said the tax plan would hurt families.",
     "Jane Roe", "reported", "the tax plan would hurt families"},
    {"a quote ending in a question mark, its attribution the next sentence",
     "“Why does nobody ask about the deficit?” Rubio said on Monday.", "Rubio", "direct",
     "Why does nobody ask about the deficit?"},
    {"told an audience somewhere that", "Lee told voters at a diner in Dover, Delaware, on Monday "
     "that the plant would stay open.", "Lee", "reported", "the plant would stay open"},
    {"a title in quotes after a quote's attribution is no second part",
     "“We will release the records,” Jane Roe said during an interview on NBC’s “Meet the Press.”",
     "Jane Roe", "direct", "We will release the records"},
    {"a headline naming a first name of either sex (names-unisex.txt)",
     "Jordan Lee: The Tax Plan Will Hurt Families.", "Jordan Lee", "reported", "The Tax Plan"},
    {"a headline with its audience", "Jordan Lee to Farmers: The Tariffs Will Go.\n\nMs. Lee spoke.",
     "Jordan Lee", "reported", "The Tariffs Will Go"},
    {"', adding that' after a quote's attribution",
     "“It will be close,” Lee said, adding that she would not make predictions.", "Lee", "reported",
     "she would not make predictions"},
    {"', and added that' after a quote's attribution",
     "“We won the race,” Lee said, and added that the count was fair.", "Lee", "reported",
     "the count was fair"},
    {"calls X Y, present tense", "Sanders calls the trade deal a betrayal of workers.", "Sanders",
     "reported", "the trade deal a betrayal of workers"},
    {"a sentence opening with 'But'", "But he said Tuesday that the vote would go ahead.", "unknown",
     "reported", "the vote would go ahead"},
};

START_TEST(failure_class)
{
    const klass *k = &classes[_i];
    tr_statement_list L = run(k->text, "2020-06-10");
    ck_assert_msg(L.n >= 1, "%s: no statement in '%s'", k->why, k->text);
    ck_assert_msg(!strcmp(L.items[L.n - 1].speaker, k->speaker), "%s: speaker '%s'", k->why,
                  L.items[L.n - 1].speaker);
    ck_assert_str_eq(L.items[L.n - 1].mode, k->mode);
    ck_assert_msg(!strncmp(L.items[L.n - 1].text, k->prefix, strlen(k->prefix)), "%s: text '%s'",
                  k->why, L.items[L.n - 1].text);
    tr_statement_list_free(&L);
}
END_TEST

/* Every text is the article's bytes at its spans, joined by " … ". */
static void check_verbatim(const char *t, const tr_statement_list *L)
{
    for (size_t i = 0; i < L->n; i++) {
        const tr_statement *s = &L->items[i];
        char buf[4096] = "";
        size_t k = 0;
        ck_assert_uint_ge(s->nspans, 1);
        ck_assert_uint_eq(s->span[0], s->spans[0][0]);
        ck_assert_uint_eq(s->span[1], s->spans[s->nspans - 1][1]);
        for (size_t j = 0; j < s->nspans && k < sizeof buf - 64; j++)
            k += (size_t)snprintf(buf + k, sizeof buf - k, "%s%.*s", j ? " \xE2\x80\xA6 " : "",
                                  (int)(s->spans[j][1] - s->spans[j][0]), t + s->spans[j][0]);
        ck_assert_str_eq(s->text, buf);
        ck_assert_int_eq(strncmp(s->context, t + s->context_span[0],
                                 s->context_span[1] - s->context_span[0]), 0);
    }
}

START_TEST(verbatim_parts)
{
    /* a split quote keeps its parts; quotes of two paragraphs or two
       speakers never join */
    const char *t = "“We will build the wall,” Trump said. “Mexico will pay.”\n\n"
                    "“We agreed on nothing,” Smith said.\n\n“Nous ne paierons pas,” Dupont said.\n\n"
                    "“We will win,” Jane Roe said.\n\n“And we will win big.”";
    tr_statement_list L = run(t, "2020-06-10");
    ck_assert_uint_eq(L.n, 5);
    ck_assert_str_eq(L.items[0].text, "We will build the wall \xE2\x80\xA6 Mexico will pay.");
    ck_assert_uint_eq(L.items[0].nspans, 2);
    ck_assert_str_eq(L.items[1].text, "We agreed on nothing");
    ck_assert_str_eq(L.items[2].speaker, "Dupont");
    ck_assert_str_eq(L.items[2].text, "Nous ne paierons pas");
    ck_assert_str_eq(L.items[4].speaker, "Jane Roe"); /* the next paragraph goes on */
    ck_assert_str_eq(L.items[4].text, "And we will win big.");
    check_verbatim(t, &L);
    tr_statement_list_free(&L);
}
END_TEST

START_TEST(pronoun_gender)
{
    /* "she" skips the nearer male speaker */
    tr_statement_list L = run("“Trade is fair,” Mary Smith said. “Tariffs hurt,” Edward Alden said. "
                              "“We disagree,” she told AFP.", "2020-06-10");
    ck_assert_uint_eq(L.n, 3);
    ck_assert_str_eq(L.items[2].speaker, "Mary Smith");
    tr_statement_list_free(&L);
}
END_TEST

START_TEST(context_and_dates)
{
    tr_statement_list L = run("Asked about the pipeline, Clinton said she would decide soon.\n\n"
                              "In September, the Pentagon said the tests had ended.", "2020-06-10");
    ck_assert_uint_eq(L.n, 2);
    ck_assert_str_eq(L.items[0].context, "Asked about the pipeline, Clinton said she would decide soon.");
    ck_assert_str_eq(L.items[1].date, "2019-09");
    ck_assert_str_eq(L.items[1].date_expr, "In September");
    tr_statement_list_free(&L);
}
END_TEST

START_TEST(episode_dates)
{
    /* 2020-06-10 is a Wednesday.  The episode's date goes to its speaker;
       a dated sentence between two statements stops the carry; the date
       of a trailing "at a rally ... on Monday" dates the statement */
    tr_statement_list L = run(
        "The Kremlin on Friday dismissed the report as false.\n\n"
        "“It is nonsense,” Kremlin spokesman Dmitry Peskov said.\n\n"
        "Jane Roe said on Monday that the deal was dead.\n\n"
        "The talks collapsed last year after months of delay.\n\n"
        "“We will try again,” Jane Roe said.\n\n"
        "Tom Lee called for new trade talks at a campaign rally in Ohio on Tuesday.\n\n"
        "“We are ready,” Tom Lee told voters later Saturday.",
        "2020-06-10");
    ck_assert_uint_eq(L.n, 6);
    /* "dismissed the report as false": the cue layer's statement */
    ck_assert_str_eq(L.items[0].speaker, "Kremlin");
    ck_assert_str_eq(L.items[0].rule, "cue_model");
    ck_assert_str_eq(L.items[0].text, "the report as false");
    ck_assert_str_eq(L.items[0].date, "2020-06-05");
    ck_assert_str_eq(L.items[1].speaker, "Dmitry Peskov");
    ck_assert_str_eq(L.items[1].date, "2020-06-05");
    ck_assert_str_eq(L.items[1].date_expr, "on Friday");
    ck_assert_str_eq(L.items[2].date, "2020-06-08");
    ck_assert_str_eq(L.items[3].date, "2020-06-10"); /* not Monday's, not last year's */
    ck_assert_str_eq(L.items[4].text, "new trade talks");
    ck_assert_str_eq(L.items[4].date, "2020-06-09");
    ck_assert_str_eq(L.items[5].date, "2020-06-06");
    tr_statement_list_free(&L);
}
END_TEST

/* ---- the cue layer's models (attribution.model), on sentences of our
** own: what they take, what they leave, where a content ends ---- */
typedef struct decision {
    const char *why, *text, *rule, *speaker, *content; /* content NULL: no statement */
} decision;

static const decision decisions[] = {
    {"an offer is a stated position", "Clinton offered to debate the senator in Brooklyn next month.",
     "cue_model", "Clinton", "to debate the senator in Brooklyn next month"},
    {"a pledge", "Sanders pledged to fight the trade deal in the Senate.", "cue_model", "Sanders",
     "to fight the trade deal in the Senate"},
    {"praise", "The governor praised the workers for their courage.", "cue_model", "governor",
     "the workers for their courage"},
    {"a poll's share as the speaker", "About half of the voters say they want a change in Washington.",
     "cue_model", "half of the voters", "they want a change in Washington"},
    {"a second verb ends a pattern's clause (the end model)",
     "Murphy said he supports the final bill, and his office released a report on Friday.",
     "x_said_that", "Murphy", "he supports the final bill"},
    {"a verb that is not speech is left alone", "The crowd cheered as the motorcade drove past.", NULL,
     NULL, NULL},
};

START_TEST(model_decisions)
{
    const decision *k = &decisions[_i];
    ck_assert_ptr_nonnull(x_model(X, "cue"));
    ck_assert_ptr_nonnull(x_model(X, "end"));
    tr_statement_list L = run(k->text, "2020-06-10");
    if (!k->content) {
        ck_assert_msg(L.n == 0, "%s: %zu statements, first '%s'", k->why, L.n,
                      L.n ? L.items[0].text : "");
        tr_statement_list_free(&L);
        return;
    }
    ck_assert_msg(L.n == 1, "%s: %zu statements", k->why, L.n);
    ck_assert_str_eq(L.items[0].rule, k->rule);
    ck_assert_str_eq(L.items[0].speaker, k->speaker);
    ck_assert_msg(!strcmp(L.items[0].text, k->content), "%s: text '%s'", k->why, L.items[0].text);
    tr_statement_list_free(&L);
}
END_TEST

/* A model file: scores add up by feature name; its errors name the line. */
START_TEST(model_file)
{
    char dir[] = "/tmp/tr_extract_modelXXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char pcre[256], model[256];
    snprintf(pcre, sizeof pcre, "%s/a.pcre", dir);
    snprintf(model, sizeof model, "%s/attribution.model", dir);
    FILE *f = fopen(pcre, "w");
    fputs("after a: ^\\s*(?<speaker>\\w+)\\s+said\n", f);
    fclose(f);
    f = fopen(model, "w");
    fputs("# test\nmodel cue\nthreshold 0.5\nbias -1.0\n2.0 c=said\n0.25 p1=he\n", f);
    fclose(f);
    tr_extractor *x;
    tr_err err;
    ck_assert_int_eq(tr_extractor_new(dir, &x, &err), TR_OK);
    const xmodel *m = x_model(x, "cue");
    ck_assert_ptr_nonnull(m);
    ck_assert_ptr_null(x_model(x, "end"));
    const char *f1[] = {"c=said", "p1=he", "n1=unknown"};
    ck_assert(fabs(x_model_score(m, f1, 3) - 1.25) < 1e-9);
    ck_assert(fabs(m->threshold - 0.5) < 1e-9);
    tr_extractor_free(x);
    f = fopen(model, "w");
    fputs("model cue\nbias 0\n1.0 c=said\nnot-a-weight\n", f);
    fclose(f);
    ck_assert_int_eq(tr_extractor_new(dir, &x, &err), TR_ECONFIG);
    ck_assert_msg(strstr(err.msg, "attribution.model:4:") != NULL, "%s", err.msg);
    f = fopen(model, "w");
    fputs("1.0 c=said\n", f);
    fclose(f);
    ck_assert_int_eq(tr_extractor_new(dir, &x, &err), TR_ECONFIG);
    ck_assert_msg(strstr(err.msg, "attribution.model:1: a weight before") != NULL, "%s", err.msg);
    unlink(model);
    unlink(pcre);
    rmdir(dir);
}
END_TEST

/* The shipped rules expand short enough for pcre2grep -f (8 KB a
** pattern): `tracker extract --patterns` feeds it in tests/bench. */
START_TEST(rules_fit_pcre2grep)
{
    const char *kind, *name, *re;
    size_t n = 0;
    for (size_t i = 0; tr_extractor_rule(X, i, &kind, &name, &re); i++, n++)
        ck_assert_msg(strlen(re) + 10 <= 8192, "rule %s %s expands to %zu bytes", kind, name,
                      strlen(re));
    ck_assert_uint_ge(n, 40);
}
END_TEST

/* Every statement of PolNeAR's dev split (real articles, kept outside
** the project) is verbatim.  Where the data is not beside the source tree
** (a clean CI machine), the test says so and checks nothing, as the CLI
** tests that read ../shared/data skip. */
START_TEST(verbatim_polnear_dev)
{
    char dir[2048];
    snprintf(dir, sizeof dir, "%s/../shared/data/polnear/dev/text", tu_src());
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "skip verbatim_polnear_dev: no %s\n", dir);
        return;
    }
    struct dirent *de;
    size_t files = 0, stmts = 0;
    while ((de = readdir(d))) {
        size_t l = strlen(de->d_name);
        if (l < 5 || strcmp(de->d_name + l - 4, ".txt"))
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        FILE *f = fopen(path, "rb");
        ck_assert_ptr_nonnull(f);
        static char t[1 << 20];
        size_t n = fread(t, 1, sizeof t - 1, f);
        fclose(f);
        t[n] = 0;
        tr_statement_list L = run(t, "2016-10-01");
        check_verbatim(t, &L);
        stmts += L.n;
        files++;
        tr_statement_list_free(&L);
    }
    closedir(d);
    ck_assert_uint_eq(files, 84);
    ck_assert_uint_ge(stmts, 500);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("extract_units");
    TCase *tc = tcase_create("units");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, quotes_apostrophes);
    tcase_add_test(tc, quotes_kinds);
    tcase_add_test(tc, quotes_paragraphs);
    tcase_add_loop_test(tc, attribution_form, 0, (int)(sizeof forms / sizeof forms[0]));
    tcase_add_test(tc, no_statement);
    tcase_add_test(tc, speakers);
    tcase_add_test(tc, speaker_ambiguous);
    tcase_add_test(tc, speaker_lookup);
    tcase_add_loop_test(tc, date_table, 0, (int)(sizeof dates / sizeof dates[0]));
    tcase_add_test(tc, date_carry);
    tcase_add_test(tc, bad_input);
    tcase_add_test(tc, big_input);
    tcase_add_test(tc, json);
    tcase_add_test(tc, pattern_errors);
    tcase_add_loop_test(tc, failure_class, 0, (int)(sizeof classes / sizeof classes[0]));
    tcase_add_test(tc, verbatim_parts);
    tcase_add_test(tc, pronoun_gender);
    tcase_add_test(tc, context_and_dates);
    tcase_add_test(tc, verbatim_polnear_dev);
    tcase_add_test(tc, rules_fit_pcre2grep);
    tcase_add_test(tc, episode_dates);
    tcase_add_loop_test(tc, model_decisions, 0, (int)(sizeof decisions / sizeof decisions[0]));
    tcase_add_test(tc, model_file);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(suite());
}
