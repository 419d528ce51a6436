/*
** test_extract_articles.c: every tests/extract/NAME.txt article must
** give the statements its NAME.expect table lists (speaker, mode, date,
** text prefix), each exactly once, and at most `extra` others.
*/
#include "extract.h"
#include "testutil.h"

#include <dirent.h>

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long l = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *p = malloc((size_t)l + 1);
    *n = fread(p, 1, (size_t)l, f);
    p[*n] = 0;
    fclose(f);
    return p;
}

static int check_article(const tr_extractor *x, const char *dir, const char *name)
{
    char path[8192];
    size_t n, en;
    snprintf(path, sizeof path, "%s/%s.txt", dir, name);
    char *text = slurp(path, &n);
    snprintf(path, sizeof path, "%s/%s.expect", dir, name);
    char *exp = slurp(path, &en);
    ck_assert_msg(text && exp, "%s: missing .txt or .expect", name);
    char published[16] = "";
    int extra = 0, failures = 0;
    for (char *l = strtok(exp, "\n"); l; l = strtok(NULL, "\n")) {
        if (!strncmp(l, "published\t", 10))
            snprintf(published, sizeof published, "%s", l + 10);
        else if (!strncmp(l, "extra\t", 6))
            extra = atoi(l + 6);
    }
    free(exp);
    exp = slurp(path, &en);
    tr_extract_opts o = {published, "Reuters", NULL, NULL, NULL};
    tr_statement_list L = {0};
    tr_err err;
    ck_assert_msg(tr_extract(x, text, n, &o, &L, &err) == TR_OK, "%s: %s", name, err.msg);
    char *used = calloc(L.n + 1, 1);
    for (char *l = strtok(exp, "\n"); l; l = strtok(NULL, "\n")) {
        if (l[0] == '#' || !strncmp(l, "published\t", 10) || !strncmp(l, "extra\t", 6))
            continue;
        char *f[4] = {l, NULL, NULL, NULL};
        for (int k = 1; k < 4; k++) {
            f[k] = strchr(f[k - 1], '\t');
            ck_assert_msg(f[k] != NULL, "%s: bad table row", name);
            *f[k]++ = 0;
        }
        size_t i;
        for (i = 0; i < L.n; i++) {
            tr_statement *s = &L.items[i];
            if (!used[i] && !strcmp(s->speaker, f[0]) && !strcmp(s->mode, f[1]) &&
                !strcmp(s->date, f[2]) && !strncmp(s->text, f[3], strlen(f[3])))
                break;
        }
        if (i == L.n) {
            fprintf(stderr, "%s: missing: %s | %s | %s | %s\n", name, f[0], f[1], f[2], f[3]);
            failures++;
        } else
            used[i] = 1;
    }
    /* The statements the table does not list are allowed up to its
    ** "extra" count; only a run over it is a failure, and only then are
    ** they printed (a green run prints nothing). */
    int others = 0;
    for (size_t i = 0; i < L.n; i++)
        others += !used[i];
    if (others > extra) {
        failures++;
        for (size_t i = 0; i < L.n; i++)
            if (!used[i])
                fprintf(stderr, "%s: not in the table (%d allowed, %d found): %s | %s | %s | %.60s\n",
                        name, extra, others, L.items[i].speaker, L.items[i].mode, L.items[i].date,
                        L.items[i].text);
    }
    for (size_t i = 0; i < L.n; i++) { /* spans point at the text */
        tr_statement *s = &L.items[i];
        ck_assert(s->span[0] < s->span[1] && s->span[1] <= n);
    }
    free(used);
    tr_statement_list_free(&L);
    free(text);
    free(exp);
    return failures;
}

START_TEST(articles)
{
    char dir[2048], pdir[2048];
    snprintf(dir, sizeof dir, "%s/tests/extract", tu_src());
    snprintf(pdir, sizeof pdir, "%s/rules/attribution", tu_src());
    tr_extractor *x;
    tr_err err;
    ck_assert_msg(tr_extractor_new(pdir, &x, &err) == TR_OK, "%s", err.msg);
    DIR *d = opendir(dir);
    ck_assert(d != NULL);
    struct dirent *de;
    int failures = 0, count = 0;
    while ((de = readdir(d))) {
        size_t l = strlen(de->d_name);
        if (l < 8 || strcmp(de->d_name + l - 7, ".expect"))
            continue;
        char name[256];
        snprintf(name, sizeof name, "%.*s", (int)(l - 7), de->d_name);
        failures += check_article(x, dir, name);
        count++;
    }
    closedir(d);
    tr_extractor_free(x);
    ck_assert_int_ge(count, 6);
    ck_assert_msg(failures == 0, "%d article table rows failed (see stderr)", failures);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("extract_articles");
    TCase *tc = tcase_create("articles");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, articles);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return tu_run(suite());
}
