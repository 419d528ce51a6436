/*
** fuzz_rules.c: libFuzzer target for the rule parser.  The input is a rule
** file; when it loads, its examples are run, it is linted, and the input
** itself is classified and explained (also as the context of its first
** example), so the classifier and the negation
** layer are fuzzed too.  The lexicon comes from $TRACKER_LEXICON, else
** rules/lexicon (run from the source root).
**
** Build (from the source root), linking lib/err.c, lib/sha256.c and every
** rules source:
**   clang -fsanitize=fuzzer,address,undefined -Ilib -Irules tests/fuzz/fuzz_rules.c
**       lib/err.c lib/sha256.c RULES_SOURCES -lpcre2-8 -lutf8proc -ljansson
*/
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Parses data as a rule file and exercises everything built on it. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *lx = getenv("TRACKER_LEXICON");
    tr_ruleset *rs = NULL;
    tr_diags d;
    tr_diags_init(&d);
    tr_err err;
    tr_buf b;
    tr_buf_init(&b);
    tr_status st = tr_ruleset_load_text("<fuzz>", (const char *)data, size,
                                        lx ? lx : "rules/lexicon", &rs, &d, &err);
    tr_diags_render(&d, &b);
    if (st == TR_OK) {
        tr_rules_lint(rs, &d);
        tr_example_results r;
        tr_example_results_init(&r);
        tr_rules_run_examples(rs, &r, &err);
        tr_rules_format_results(&r, TR_REPORT_JUNIT, 1, &b);
        tr_example_results_free(&r);
        tr_ruleset_set_limits(rs, 100000, 1000, 4096);
        tr_rules_explain(rs, (const char *)data, size, &b, &b, &err);
        /* the context path: an example's text as the statement, the input as its context */
        if (tr_ruleset_nexamples(rs)) {
            const char *t = tr_ruleset_example(rs, 0)->text;
            tr_rules_explain_ctx(rs, t, strlen(t), (const char *)data, size, &b, &b, &err);
        }
        tr_ruleset_free(rs);
    }
    tr_buf_free(&b);
    tr_diags_free(&d);
    return 0;
}
