/*
** cmd_rules.c: tracker rules test|lint|explain|diff.  Rule sets are
** code: these are the commands a rule set's CI runs.
*/
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "detect.h"
#include "rules.h"
#include "scan.h"
#include "text.h"

static const char usage_text[] =
    "usage: tracker rules test [PATH...] [--format text|tap|junit] [--verbose]\n"
    "       tracker rules lint [PATH...]\n"
    "       tracker rules explain TEXT [--format text|json]   (TEXT '-' reads stdin)\n"
    "       tracker rules diff OLD NEW [--format text|json]\n"
    "\n"
    "test     runs every 'example' line of the rule files: expected against got,\n"
    "         FILE:LINE for each failure; exit 1 when any fails.\n"
    "lint     compiles everything and warns about duplicate ids, unused topics,\n"
    "         patterns that match the empty string, examples claimed by both\n"
    "         affirm and deny, examples that match no mention; exit 1 on warnings.\n"
    "explain  how TEXT is classified: sentences, topics, the deciding cues with\n"
    "         their byte spans, negation triggers and their scope, hedges.\n"
    "diff     the findings a rule change would add and remove on the current\n"
    "         store, writing nothing (OLD and NEW are rule files or directories).\n"
    "\n"
    "PATH defaults to --rules, $TRACKER_RULES, else the installed or in-tree\n"
    "sample rules.  A rule file with errors prints every one as\n"
    "FILE:LINE:COL: error[CODE]: message, with a caret line, and exits 78.\n";

/* Prints an sbuf to f and frees it. */
static void flush_sbuf(tr_buf *b, FILE *f)
{
    if (b->len)
        fwrite(b->data, 1, b->len, f);
    tr_buf_free(b);
}

/* tracker rules test */
static int rules_test(tr_cli *cli, char **paths, size_t n, int fmt, int verbose)
{
    tr_ruleset *rs;
    tr_status st = cli_load_rules(cli, paths, n, 0, &rs);
    if (st)
        return st;
    tr_example_results r;
    tr_err err;
    tr_example_results_init(&r);
    st = tr_rules_run_examples(rs, &r, &err);
    if (st == TR_OK || st == TR_FOUND) {
        tr_buf out;
        tr_buf_init(&out);
        tr_rules_format_results(&r, (tr_report_format)fmt, verbose, &out);
        flush_sbuf(&out, stdout);
    }
    tr_example_results_free(&r);
    tr_ruleset_free(rs);
    if (st != TR_OK && st != TR_FOUND)
        return cli_fail(cli, st, &err);
    return st == TR_FOUND ? TR_FOUND : 0;
}

/* tracker rules lint */
static int rules_lint(tr_cli *cli, char **paths, size_t n)
{
    tr_ruleset *rs;
    tr_status st = cli_load_rules(cli, paths, n, 1, &rs);
    if (st)
        return st;
    tr_diags d;
    tr_diags_init(&d);
    size_t nw = tr_rules_lint(rs, &d);
    tr_buf out;
    tr_buf_init(&out);
    tr_diags_render(&d, &out);
    flush_sbuf(&out, stdout);
    printf("%zu file%s, %zu topic%s, %zu detector%s, %zu example%s: %zu warning%s\n",
           tr_ruleset_nfiles(rs), tr_ruleset_nfiles(rs) == 1 ? "" : "s", tr_ruleset_ntopics(rs),
           tr_ruleset_ntopics(rs) == 1 ? "" : "s", tr_ruleset_ndetectors(rs),
           tr_ruleset_ndetectors(rs) == 1 ? "" : "s", tr_ruleset_nexamples(rs),
           tr_ruleset_nexamples(rs) == 1 ? "" : "s", nw, nw == 1 ? "" : "s");
    tr_diags_free(&d);
    tr_ruleset_free(rs);
    return nw ? TR_FOUND : 0;
}

/* Reads all of standard input into b. */
static int read_stdin(tr_buf *b)
{
    char chunk[65536];
    size_t k;
    while ((k = fread(chunk, 1, sizeof chunk, stdin)) > 0)
        if (tr_buf_add(b, chunk, k))
            return -1;
    return tr_buf_add(b, "", 0);
}

/* tracker rules explain TEXT */
static int rules_explain(tr_cli *cli, const char *text, int json)
{
    tr_buf in = {0};
    if (!strcmp(text, "-")) {
        if (read_stdin(&in))
            return TR_ESOFTWARE;
        text = in.data;
    }
    tr_ruleset *rs;
    tr_status st = cli_load_rules(cli, NULL, 0, 0, &rs);
    if (st) {
        tr_buf_free(&in);
        return st;
    }
    tr_buf out;
    tr_err err;
    tr_buf_init(&out);
    st = tr_rules_explain(rs, text, strlen(text), json ? NULL : &out, json ? &out : NULL, &err);
    if (!st) {
        int nl = out.len && out.data[out.len - 1] == '\n';
        flush_sbuf(&out, stdout);
        if (!nl)
            putchar('\n');
    } else {
        tr_buf_free(&out);
    }
    tr_ruleset_free(rs);
    tr_buf_free(&in);
    return st ? cli_fail(cli, st, &err) : 0;
}

/* ---- rules diff ------------------------------------------------------ */

/* One rule set's assertions over the whole store, per topic. */
struct side {
    tr_ruleset *rs;
    tr_det_filter *filters;
    struct {
        tr_arec *v;
        size_t n, cap;
    } *topics;
    tr_classification c;
};

struct found {
    char id[20];
    const tr_detector *d;
    int64_t earlier, later;
    int order_certain;
};

struct found_set {
    struct found *v;
    size_t n, cap;
};

struct diff_ctx {
    struct side s[2];
    char **sides;  /* the distinct side labels met, owned here */
    size_t nsides;
    tr_status st;
    tr_err *err;
};

/* Appends r to topic t's assertions of side s; -1 when out of memory. */
static int push(struct side *s, size_t t, const tr_arec *r)
{
    if (s->topics[t].n == s->topics[t].cap) {
        size_t cap = s->topics[t].cap ? 2 * s->topics[t].cap : 64;
        tr_arec *v = realloc(s->topics[t].v, cap * sizeof *v);
        if (!v)
            return -1;
        s->topics[t].v = v;
        s->topics[t].cap = cap;
    }
    s->topics[t].v[s->topics[t].n++] = *r;
    return 0;
}

/* The diff's own copy of a side label (arecs outlive the rows they came
** from; a store has few distinct sides).  *oom set when memory runs out. */
static const char *intern(struct diff_ctx *d, const char *side, int *oom)
{
    if (!side)
        return NULL;
    for (size_t i = 0; i < d->nsides; i++)
        if (!strcmp(side, d->sides[i]))
            return d->sides[i];
    char **v = realloc(d->sides, (d->nsides + 1) * sizeof *v);
    char *copy = strdup(side);
    if (v)
        d->sides = v;
    if (!v || !copy) {
        free(copy);
        *oom = 1;
        return NULL;
    }
    return d->sides[d->nsides++] = copy;
}

/* Classifies one statement under both rule sets. */
static int diff_classify(void *ctx, const tr_scan_row *r)
{
    struct diff_ctx *d = ctx;
    for (int k = 0; k < 2; k++) {
        struct side *s = &d->s[k];
        tr_err why;
        if (tr_classify(s->rs, r->text, r->len, &s->c, &why) != TR_OK)
            continue;
        for (size_t i = 0; i < s->c.n; i++) {
            const tr_assertion *a = &s->c.assertions[i];
            int oom = 0;
            tr_arec ar = {.id = r->id, .statement_id = r->id, .person_id = r->person_id,
                          .side = intern(d, r->side, &oom),
                          .mode = r->mode && !strcmp(r->mode, "reported") ? TR_MODE_REPORTED
                                                                          : TR_MODE_DIRECT,
                          .lo = r->lo, .hi = r->hi, .stance = a->stance};
            if (oom || push(s, a->topic, &ar)) {
                d->st = tr_errf(d->err, TR_ESOFTWARE, "out of memory");
                return 1;
            }
        }
    }
    return 0;
}

/* Orders arecs by earliest instant, then statement. */
static int by_lo(const void *x, const void *y)
{
    const tr_arec *a = x, *b = y;
    if (a->lo != b->lo)
        return a->lo < b->lo ? -1 : 1;
    return (a->statement_id > b->statement_id) - (a->statement_id < b->statement_id);
}

/* Adds a pair to the set. */
static int collect(void *ctx, const tr_det_filter *f, const tr_arec *e, const tr_arec *l,
                   int order_certain)
{
    struct found_set *fs = ctx;
    if (fs->n == fs->cap) {
        size_t cap = fs->cap ? 2 * fs->cap : 64;
        struct found *v = realloc(fs->v, cap * sizeof *v);
        if (!v)
            return 1;
        fs->v = v;
        fs->cap = cap;
    }
    struct found *x = &fs->v[fs->n++];
    tr_finding_id(f->d->kind, f->d->id, e->statement_id, l->statement_id, x->id);
    x->d = f->d;
    x->earlier = e->statement_id;
    x->later = l->statement_id;
    x->order_certain = order_certain;
    return 0;
}

/* Orders findings by id. */
static int by_id(const void *x, const void *y)
{
    return strcmp(((const struct found *)x)->id, ((const struct found *)y)->id);
}

/* Runs every detector of side s over its assertions into fs (sorted,
** without duplicates). */
static tr_status detect_side(struct side *s, struct found_set *fs, tr_err *err)
{
    for (size_t t = 0; t < tr_ruleset_ntopics(s->rs); t++)
        qsort(s->topics[t].v, s->topics[t].n, sizeof(tr_arec), by_lo);
    for (size_t i = 0; i < tr_ruleset_ndetectors(s->rs); i++) {
        tr_det_filter *f = &s->filters[i];
        tr_arec *v = s->topics[f->d->topic].v;
        size_t n = s->topics[f->d->topic].n;
        int64_t span = 0;
        for (size_t k = 0; k < n; k++)
            span = v[k].hi - v[k].lo > span ? v[k].hi - v[k].lo : span;
        size_t lo = 0;
        for (size_t k = 0; k < n; k++) {
            int64_t wlo, whi;
            tr_detect_window(f, &v[k], span, &wlo, &whi);
            while (lo < n && v[lo].lo < wlo)
                lo++;
            size_t hi = k;
            while (hi < n && v[hi].lo <= whi)
                hi++;
            if (tr_detect_for(f, &v[k], v + lo, hi - lo, collect, fs) < 0)
                return tr_errf(err, TR_ESOFTWARE, "out of memory");
        }
    }
    qsort(fs->v, fs->n, sizeof *fs->v, by_id);
    size_t w = 0;
    for (size_t k = 0; k < fs->n; k++)
        if (w == 0 || strcmp(fs->v[w - 1].id, fs->v[k].id))
            fs->v[w++] = fs->v[k];
    fs->n = w;
    return TR_OK;
}

struct line_ctx {
    char buf[600];
};

/* Describes a statement as "Speaker, DATE: «text»" (shortened). */
static int describe_cb(void *ctx, const tr_statement_row *r)
{
    struct line_ctx *l = ctx;
    snprintf(l->buf, sizeof l->buf, "#%lld %s, %s: \"%.80s%s\"", (long long)r->id, r->speaker,
             r->date_text, r->text, strlen(r->text) > 80 ? "..." : "");
    return 0;
}

/* Prints one added or removed finding. */
static void print_found(tr_db *db, const struct found *x, char sign, int json)
{
    if (json) {
        json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:[I, I]}", "change",
                              sign == '+' ? "added" : "removed", "id", x->id, "kind",
                              tr_det_kind_name(x->d->kind), "rule", x->d->id, "topic",
                              x->d->topic_id, "statements", (json_int_t)x->earlier,
                              (json_int_t)x->later);
        if (x->d->kind == TR_DET_REVERSAL)
            json_object_set_new(o, "order", json_string(x->order_certain ? "certain" : "uncertain"));
        char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
        if (s)
            puts(s);
        free(s);
        json_decref(o);
        return;
    }
    struct line_ctx a = {""}, b = {""};
    tr_db_statement_get(db, x->earlier, describe_cb, &a, NULL);
    tr_db_statement_get(db, x->later, describe_cb, &b, NULL);
    printf("%c %s  %s  %s on %s\n    %s\n    %s\n", sign, x->id, tr_det_kind_name(x->d->kind),
           x->d->id, x->d->topic_id, a.buf, b.buf);
}

/* tracker rules diff OLD NEW */
static int rules_diff(tr_cli *cli, char *old_path, char *new_path, int json)
{
    struct diff_ctx d = {0};
    tr_err err;
    d.err = &err;
    tr_status st = cli_load_rules(cli, &old_path, 1, 0, &d.s[0].rs);
    if (st)
        return st;
    if ((st = cli_load_rules(cli, &new_path, 1, 0, &d.s[1].rs)) != TR_OK) {
        tr_ruleset_free(d.s[0].rs);
        return st;
    }
    tr_db *db = NULL;
    struct found_set fs[2] = {{0}, {0}};
    st = cli_open_db(cli, TR_DB_READ, &db, &err);
    for (int k = 0; k < 2 && !st; k++) {
        tr_classification_init(&d.s[k].c);
        d.s[k].topics = calloc(tr_ruleset_ntopics(d.s[k].rs) + 1, sizeof *d.s[k].topics);
        if (!d.s[k].topics)
            st = tr_errf(&err, TR_ESOFTWARE, "out of memory");
        if (!st)
            st = scan_filters(db, d.s[k].rs, &d.s[k].filters, &err);
    }
    if (!st)
        st = tr_db_statements_after(db, 0, diff_classify, &d, &err);
    if (!st)
        st = d.st;
    for (int k = 0; k < 2 && !st; k++)
        st = detect_side(&d.s[k], &fs[k], &err);
    if (!st) {
        size_t i = 0, j = 0, added = 0, removed = 0;
        while (i < fs[0].n || j < fs[1].n) {
            int c = i == fs[0].n ? 1 : j == fs[1].n ? -1 : strcmp(fs[0].v[i].id, fs[1].v[j].id);
            if (c < 0) {
                print_found(db, &fs[0].v[i++], '-', json);
                removed++;
            } else if (c > 0) {
                print_found(db, &fs[1].v[j++], '+', json);
                added++;
            } else {
                i++;
                j++;
            }
        }
        if (!json)
            printf("rules diff: %zu finding%s added, %zu removed, %zu unchanged\n", added,
                   added == 1 ? "" : "s", removed, fs[0].n - removed);
    }
    for (int k = 0; k < 2; k++) {
        if (d.s[k].topics)
            for (size_t t = 0; t < tr_ruleset_ntopics(d.s[k].rs); t++)
                free(d.s[k].topics[t].v);
        free(d.s[k].topics);
        scan_filters_free(d.s[k].filters, tr_ruleset_ndetectors(d.s[k].rs));
        tr_classification_free(&d.s[k].c);
        tr_ruleset_free(d.s[k].rs);
        free(fs[k].v);
    }
    for (size_t i = 0; i < d.nsides; i++)
        free(d.sides[i]);
    free(d.sides);
    tr_db_close(db);
    return st ? cli_fail(cli, st, &err) : 0;
}

int cmd_rules(tr_cli *cli, int argc, char **argv)
{
    static const struct option opts[] = {{"format", required_argument, NULL, 'f'},
                                         {"verbose", no_argument, NULL, 'v'},
                                         CLI_COMMON_OPTS, {0}};
    const char *format = NULL;
    int c, verbose = 0;
    while ((c = getopt_long(argc, argv, "hv", opts, NULL)) != -1) {
        if (cli_common_opt(cli, c, optarg))
            continue;
        switch (c) {
        case 'h': fputs(usage_text, stdout); return 0;
        case 'f': format = optarg; break;
        case 'v': verbose = 1; break;
        default: return cli_bad_option(cli);
        }
    }
    argc -= optind;
    argv += optind;
    if (argc < 1)
        return cli_usage(cli, "expected a subcommand: test, lint, explain or diff");
    const char *sub = argv[0];
    char *def = (char *)cli->rules_path;
    char **paths = argc > 1 ? argv + 1 : def ? &def : NULL;
    size_t n = argc > 1 ? (size_t)(argc - 1) : def ? 1 : 0;
    if (!strcmp(sub, "test")) {
        static const char *const fmts[] = {"text", "tap", "junit"};
        int k = format ? cli_format(cli, format, fmts, 3) : 0;
        return k < 0 ? TR_EUSAGE : rules_test(cli, paths, n, k, verbose);
    }
    if (format && strcmp(format, "text") && strcmp(format, "json"))
        return cli_usage(cli, "unknown format '%s' (expected text or json)", format);
    int json = format && !strcmp(format, "json");
    if (!strcmp(sub, "lint"))
        return rules_lint(cli, paths, n);
    if (!strcmp(sub, "explain")) {
        if (argc != 2)
            return cli_usage(cli, "usage: tracker rules explain TEXT (or - for standard input)");
        return rules_explain(cli, argv[1], json);
    }
    if (!strcmp(sub, "diff")) {
        if (argc != 3)
            return cli_usage(cli, "usage: tracker rules diff OLD NEW");
        return rules_diff(cli, argv[1], argv[2], json);
    }
    return cli_usage(cli, "unknown subcommand '%s' (expected test, lint, explain or diff)", sub);
}
