/*
** test_output.c: the output layers: the terminal escaping layer and the
** JSON string of any bytes (lib/text.c, lib/jsonout.c), and whole-file
** replacement (lib/outfile.c).
*/
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jsonout.h"
#include "outfile.h"
#include "text.h"
#include "testutil.h"

/* s made visible with flags, as a new string the test frees. */
static char *vis(const char *s, size_t n, int flags)
{
    tr_buf b;
    tr_buf_init(&b);
    ck_assert_int_eq(tr_buf_add_visible(&b, s, n, flags), 0);
    return b.data ? b.data : strdup("");
}

START_TEST(escapes_controls_c1_and_bidi)
{
    static const char in[] = "a\x1b[2Jb\x07\x7f \xc2\x9b" "1 \xe2\x80\xae" "x\xe2\x81\xa6y \xff\tz\nw";
    char *v = vis(in, sizeof in - 1, 0);
    ck_assert_str_eq(v, "a\\x1b[2Jb\\x07\\x7f \\u009b1 \\u202ex\\u2066y \\xff\\x09z\\x0aw");
    free(v);
    v = vis(in, sizeof in - 1, TR_VIS_SPACES);
    ck_assert_str_eq(v, "a\\x1b[2Jb\\x07\\x7f \\u009b1 \\u202ex\\u2066y \\xff z w");
    free(v);
    v = vis("line\tone\r\ntwo", 13, TR_VIS_LINES);
    ck_assert_str_eq(v, "line\tone\\x0d\ntwo");
    free(v);
    /* Text that needs nothing is copied as it is, NUL bytes made visible. */
    v = vis("Andréy «quoted» 😀", strlen("Andréy «quoted» 😀"), 0);
    ck_assert_str_eq(v, "Andréy «quoted» 😀");
    free(v);
    v = vis("a\0b", 3, 0);
    ck_assert_str_eq(v, "a\\x00b");
    free(v);
}
END_TEST

START_TEST(json_strings_of_any_bytes)
{
    json_t *j = tr_json_str("old \xff bytes \xc3");
    ck_assert_ptr_nonnull(j);
    ck_assert_str_eq(json_string_value(j), "old \xef\xbf\xbd bytes \xef\xbf\xbd");
    json_decref(j);
    j = tr_json_str(NULL);
    ck_assert(json_is_null(j));
    json_decref(j);
    tr_err e;
    ck_assert_int_eq(tr_json_print(stdout, NULL, &e), TR_ESOFTWARE);
    ck_assert_str_eq(e.msg, "out of memory building a JSON row");
}
END_TEST

static char dir[64];

/* A fresh directory for the file tests. */
static void fresh_dir(void)
{
    snprintf(dir, sizeof dir, "/tmp/tracker-outfile-XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
}

/* The content of path, into buf. */
static const char *slurp(const char *path, char *buf, size_t n)
{
    FILE *f = fopen(path, "r");
    ck_assert_ptr_nonnull(f);
    size_t k = fread(buf, 1, n - 1, f);
    buf[k] = '\0';
    fclose(f);
    return buf;
}

/* The number of entries in dir other than . and .. */
static int entries(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "test $(ls -A %s | wc -l) -eq 0", dir);
    int n = 0;
    for (; n < 10 && system(cmd) != 0; n++)
        snprintf(cmd, sizeof cmd, "test $(ls -A %s | wc -l) -eq %d", dir, n + 1);
    return n;
}

START_TEST(replaces_whole_keeping_the_mode)
{
    fresh_dir();
    char path[128], link[128], buf[64];
    snprintf(path, sizeof path, "%s/r.txt", dir);
    FILE *f = fopen(path, "w");
    fputs("old", f);
    fclose(f);
    chmod(path, 0604);
    tr_outfile o;
    tr_err e;
    ck_assert_int_eq(tr_outfile_open(&o, path, 0, &e), TR_OK);
    fputs("new", o.f);
    ck_assert_str_eq(slurp(path, buf, sizeof buf), "old"); /* nothing shows before commit */
    ck_assert_int_eq(tr_outfile_commit(&o, &e), TR_OK);
    ck_assert_str_eq(slurp(path, buf, sizeof buf), "new");
    struct stat st;
    ck_assert_int_eq(stat(path, &st), 0);
    ck_assert_int_eq(st.st_mode & 0777, 0604);
    /* Aborted: the old content stays and nothing is left beside it. */
    ck_assert_int_eq(tr_outfile_open(&o, path, 0, &e), TR_OK);
    fputs("half", o.f);
    tr_outfile_abort(&o);
    ck_assert_str_eq(slurp(path, buf, sizeof buf), "new");
    ck_assert_int_eq(entries(), 1);
    /* A symlink is followed to its target and stays a symlink. */
    snprintf(link, sizeof link, "%s/link", dir);
    ck_assert_int_eq(symlink("r.txt", link), 0);
    ck_assert_int_eq(tr_outfile_open(&o, link, 0, &e), TR_OK);
    fputs("through the link", o.f);
    ck_assert_int_eq(tr_outfile_commit(&o, &e), TR_OK);
    ck_assert_int_eq(lstat(link, &st), 0);
    ck_assert(S_ISLNK(st.st_mode));
    ck_assert_str_eq(slurp(path, buf, sizeof buf), "through the link");
    /* A named temporary (for SQLite's backup) is removed on abort. */
    ck_assert_int_eq(tr_outfile_open(&o, path, 1, &e), TR_OK);
    ck_assert_ptr_nonnull(o.tmpname);
    ck_assert_int_eq(entries(), 3);
    tr_outfile_abort(&o);
    ck_assert_int_eq(entries(), 2);
    /* A directory is refused, a missing directory named. */
    ck_assert_int_eq(tr_outfile_open(&o, dir, 0, &e), TR_EIO);
    ck_assert_ptr_nonnull(strstr(e.msg, "it is a directory"));
    snprintf(path, sizeof path, "%s/no/such", dir);
    ck_assert_int_eq(tr_outfile_open(&o, path, 0, &e), TR_EIO);
    ck_assert_ptr_nonnull(strstr(e.msg, "No such file or directory"));
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    ck_assert_int_eq(system(cmd), 0);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("output");
    TCase *t = tcase_create("output");
    tcase_add_test(t, escapes_controls_c1_and_bidi);
    tcase_add_test(t, json_strings_of_any_bytes);
    tcase_add_test(t, replaces_whole_keeping_the_mode);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    return tu_run(suite());
}
