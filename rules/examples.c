/*
** examples.c: running the examples of a rule set (`rules test`) and
** formatting the results as text, TAP or JUnit XML.
*/
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Initialises r. */
void tr_example_results_init(tr_example_results *r)
{
    memset(r, 0, sizeof *r);
}

/* Frees r's memory. */
void tr_example_results_free(tr_example_results *r)
{
    free(r->v);
    tr_example_results_init(r);
}

/* Runs every example; TR_OK when all pass, TR_FOUND when any fails. */
tr_status tr_rules_run_examples(const tr_ruleset *rs, tr_example_results *r,
                                tr_err *err)
{
    r->n = r->npass = r->nfail = 0;
    tr_classification c;
    tr_classification_init(&c);
    tr_status st = TR_OK;
    for (size_t i = 0; i < rs->nexamples; i++) {
        const tr_example *x = &rs->examples[i];
        st = tr_classify(rs, x->text, strlen(x->text), &c, err);
        if (st != TR_OK)
            break;
        if (trr_grow((void **)&r->v, &r->cap, r->n, sizeof *r->v) < 0) {
            st = tr_errf(err, TR_ESOFTWARE, "out of memory");
            break;
        }
        const tr_assertion *a = tr_classification_find(&c, x->topic);
        tr_example_result *e = &r->v[r->n++];
        e->example = x;
        e->got = a ? a->stance : TR_STANCE_NONE;
        e->pass = e->got == x->expect;
        e->nlimits = c.nlimits;
        if (e->pass)
            r->npass++;
        else
            r->nfail++;
    }
    tr_classification_free(&c);
    if (st != TR_OK)
        return st;
    return r->nfail ? TR_FOUND : TR_OK;
}

/* Appends s with XML special characters escaped. */
static void xml_esc(tr_buf *o, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '<': tr_buf_puts(o, "&lt;"); break;
        case '>': tr_buf_puts(o, "&gt;"); break;
        case '&': tr_buf_puts(o, "&amp;"); break;
        case '"': tr_buf_puts(o, "&quot;"); break;
        case '\'': tr_buf_puts(o, "&apos;"); break;
        default:
            if ((unsigned char)*s < 0x20 && *s != '\n' && *s != '\t')
                tr_buf_printf(o, "&#%d;", *s == '\r' ? 13 : 32);
            else
                tr_buf_add(o, s, 1);
        }
    }
}

/* Appends s as a double-quoted string with \ " and control characters escaped. */
static void quoted(tr_buf *o, const char *s)
{
    tr_buf_add(o, "\"", 1);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            tr_buf_printf(o, "\\%c", *s);
        else if (*s == '\n')
            tr_buf_puts(o, "\\n");
        else if ((unsigned char)*s < 0x20)
            tr_buf_printf(o, "\\u%04x", (unsigned)(unsigned char)*s);
        else
            tr_buf_add(o, s, 1);
    }
    tr_buf_add(o, "\"", 1);
}

/* Appends the results in the given format. */
int tr_rules_format_results(const tr_example_results *r, tr_report_format fmt,
                            int verbose, tr_buf *out)
{
    if (fmt == TR_REPORT_TAP) {
        tr_buf_printf(out, "TAP version 13\n1..%zu\n", r->n);
        for (size_t i = 0; i < r->n; i++) {
            const tr_example_result *e = &r->v[i];
            const tr_example *x = e->example;
            tr_buf_printf(out, "%s %zu - %s:%u %s %s\n", e->pass ? "ok" : "not ok", i + 1,
                           x->loc.file, x->loc.line, x->topic_id, tr_stance_name(x->expect));
            if (!e->pass) {
                tr_buf_printf(out, "  ---\n  expected: %s\n  got: %s\n  text: ",
                               tr_stance_name(x->expect), tr_stance_name(e->got));
                quoted(out, x->text);
                tr_buf_puts(out, "\n  ...\n");
            }
        }
    } else if (fmt == TR_REPORT_JUNIT) {
        tr_buf_printf(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                            "<testsuites tests=\"%zu\" failures=\"%zu\">\n"
                            "  <testsuite name=\"rules\" tests=\"%zu\" failures=\"%zu\">\n",
                       r->n, r->nfail, r->n, r->nfail);
        for (size_t i = 0; i < r->n; i++) {
            const tr_example_result *e = &r->v[i];
            const tr_example *x = e->example;
            tr_buf_puts(out, "    <testcase classname=\"");
            xml_esc(out, x->loc.file);
            tr_buf_printf(out, "\" name=\"line %u: %s %s\"", x->loc.line, x->topic_id,
                           tr_stance_name(x->expect));
            if (e->pass) {
                tr_buf_puts(out, "/>\n");
                continue;
            }
            tr_buf_printf(out, ">\n      <failure message=\"expected %s, got %s\">",
                           tr_stance_name(x->expect), tr_stance_name(e->got));
            xml_esc(out, x->loc.file);
            tr_buf_printf(out, ":%u: ", x->loc.line);
            xml_esc(out, x->text);
            tr_buf_puts(out, "</failure>\n    </testcase>\n");
        }
        tr_buf_puts(out, "  </testsuite>\n</testsuites>\n");
    } else {
        for (size_t i = 0; i < r->n; i++) {
            const tr_example_result *e = &r->v[i];
            const tr_example *x = e->example;
            if (e->pass && !verbose)
                continue;
            if (e->pass)
                tr_buf_printf(out, "%s:%u: ok %s %s\n", x->loc.file, x->loc.line, x->topic_id,
                               tr_stance_name(x->expect));
            else {
                tr_buf_printf(out, "%s:%u: FAIL %s: expected %s, got %s\n    text: ", x->loc.file,
                               x->loc.line, x->topic_id, tr_stance_name(x->expect),
                               tr_stance_name(e->got));
                quoted(out, x->text);
                tr_buf_puts(out, "\n");
            }
        }
        tr_buf_printf(out, "%zu example%s, %zu passed, %zu failed\n", r->n, r->n == 1 ? "" : "s",
                       r->npass, r->nfail);
    }
    return out->oom ? -1 : 0;
}
