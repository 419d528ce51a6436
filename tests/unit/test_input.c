/*
** test_input.c: the record reader: CSV quoting and line numbers, JSON
** Lines fields, and the bad inputs every reader must survive.
*/
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "feeds.h"
#include "input.h"
#include "testutil.h"

static char path[256];

/* Writes n bytes of data to a fresh temporary file named like suffix. */
static const char *tmpfile_with(const char *suffix, const char *data, size_t n)
{
    snprintf(path, sizeof path, "/tmp/tracker-test-input-%d%s", (int)getpid(), suffix);
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    fwrite(data, 1, n, f);
    fclose(f);
    return path;
}

#define TMP(suffix, lit) tmpfile_with(suffix, lit, sizeof(lit) - 1)

/* Reads the next record, asserting the status. */
static void next(tr_input *in, tr_record *r, tr_status want, int want_eof, tr_err *e)
{
    int eof;
    tr_status st = tr_input_next(in, r, &eof, e);
    ck_assert_msg(st == want, "status %d, wanted %d (%s)", st, want, e->msg);
    if (st == TR_OK)
        ck_assert_int_eq(eof, want_eof);
}

START_TEST(csv_quotes_and_multiline_fields)
{
    const char *p = TMP(".csv", "speaker,date,text,Extra\r\n"
                                "Ann Lee,2017-07-09,\"She said \"\"no\"\", twice\",x\r\n"
                                "\r\n"
                                "Bob,2017-07-10,\"line one\nline two\",y\n"
                                "Cy,2017-07-11,plain,z");
    tr_input_opts o = {0};
    tr_input *in;
    tr_record r;
    tr_err e;
    ck_assert_int_eq(tr_input_open(p, &o, &in, &e), TR_OK);
    char unused[64];
    tr_input_unused_columns(in, unused, sizeof unused);
    ck_assert_str_eq(unused, "Extra");
    next(in, &r, TR_OK, 0, &e);
    ck_assert_str_eq(r.f[TR_F_TEXT], "She said \"no\", twice");
    ck_assert_uint_eq(tr_input_line(in), 2);
    next(in, &r, TR_OK, 0, &e);
    ck_assert_str_eq(r.f[TR_F_SPEAKER], "Bob");
    ck_assert_str_eq(r.f[TR_F_TEXT], "line one\nline two");
    ck_assert_uint_eq(tr_input_line(in), 4);
    next(in, &r, TR_OK, 0, &e);
    ck_assert_str_eq(r.f[TR_F_TEXT], "plain");
    ck_assert_uint_eq(tr_input_line(in), 6);
    next(in, &r, TR_OK, 1, &e);
    tr_input_close(in);
    unlink(p);
}
END_TEST

START_TEST(csv_map_and_set)
{
    const char *p = TMP(".csv", "Text,Date,Tweet ID\n\"Hello, world\",2017-07-09 06:50:24,884016887692234753\n");
    tr_input_opts o = {0};
    char *s1, *s2;
    tr_err e;
    ck_assert_int_eq(tr_parse_assignments("text=Text,date=Date,id=Tweet ID", "--map", 1, o.map, &s1, &e), TR_OK);
    ck_assert_int_eq(tr_parse_assignments("speaker=Donald Trump, Jr.", "--set", 0, o.set, &s2, &e), TR_OK);
    tr_input *in;
    tr_record r;
    ck_assert_int_eq(tr_input_open(p, &o, &in, &e), TR_OK);
    next(in, &r, TR_OK, 0, &e);
    ck_assert_str_eq(r.f[TR_F_TEXT], "Hello, world");
    ck_assert_str_eq(r.f[TR_F_ID], "884016887692234753");
    ck_assert_str_eq(r.f[TR_F_SPEAKER], "Donald Trump, Jr.");
    tr_input_close(in);
    free(s1);
    free(s2);
    unlink(p);
}
END_TEST

START_TEST(csv_unknown_map_column_is_usage_error)
{
    const char *p = TMP(".csv", "Text,Date\nx,2017\n");
    tr_input_opts o = {0};
    char *s;
    tr_err e;
    tr_input *in;
    ck_assert_int_eq(tr_parse_assignments("text=Txt", "--map", 1, o.map, &s, &e), TR_OK);
    ck_assert_int_eq(tr_input_open(p, &o, &in, &e), TR_EUSAGE);
    ck_assert_ptr_nonnull(strstr(e.msg, ":1: --map text=Txt: the header has no column 'Txt' (columns: Text, Date)"));
    free(s);
    ck_assert_int_eq(tr_parse_assignments("txet=Text", "--map", 1, o.map, &s, &e), TR_EUSAGE);
    ck_assert_ptr_nonnull(strstr(e.msg, "--map: unknown field 'txet'"));
    free(s);
    unlink(p);
}
END_TEST

START_TEST(csv_cut_off_record_names_its_line)
{
    const char *p = TMP(".csv", "speaker,date,text\nA,2017,ok\nB,2017,\"cut off\nmid-quote");
    tr_input_opts o = {0};
    tr_input *in;
    tr_record r;
    tr_err e;
    ck_assert_int_eq(tr_input_open(p, &o, &in, &e), TR_OK);
    next(in, &r, TR_OK, 0, &e);
    next(in, &r, TR_EDATA, 0, &e);
    ck_assert_str_eq(e.msg, "unterminated quoted field: the quote that opens column 3 on this line "
                            "does not close before the end of the file; skipped this line, "
                            "reading on at line 4");
    ck_assert_uint_eq(tr_input_line(in), 3);
    /* The line after it is read again as a record of its own. */
    next(in, &r, TR_EDATA, 0, &e);
    ck_assert_str_eq(e.msg, "1 columns where the header has 3");
    ck_assert_uint_eq(tr_input_line(in), 4);
    next(in, &r, TR_OK, 1, &e);
    tr_input_close(in);
    unlink(p);
}
END_TEST

/* Reads every record of a CSV file (max_line limit), returning the text
** fields of the good ones joined by '|' and the lines of the bad ones. */
static void read_all(const char *p, size_t max_line, char *good, char *bad)
{
    tr_input_opts o = {.max_line = max_line};
    tr_input *in;
    tr_record r;
    tr_err e;
    int eof = 0;
    good[0] = bad[0] = '\0';
    ck_assert_int_eq(tr_input_open(p, &o, &in, &e), TR_OK);
    while (1) {
        tr_status st = tr_input_next(in, &r, &eof, &e);
        if (st == TR_OK && eof)
            break;
        if (st == TR_OK)
            sprintf(good + strlen(good), "%s%s", good[0] ? "|" : "", r.f[TR_F_TEXT]);
        else
            sprintf(bad + strlen(bad), "%s%zu", bad[0] ? "," : "", tr_input_line(in));
        ck_assert(st == TR_OK || st == TR_EDATA);
    }
    tr_input_close(in);
}

START_TEST(csv_stray_quote_costs_one_row)
{
    char good[512], bad[128];
    /* The quote closes on a later line, with a stray character after it. */
    read_all(TMP(".csv", "speaker,date,text\nA,2017,one\nB,2017,\"two\nC,2017,\"three\" x\n"
                         "D,2017,four\nE,2017,\"five\nlines\"\n"), 0, good, bad);
    ck_assert_str_eq(good, "one|four|five\nlines");
    ck_assert_str_eq(bad, "3,4");
    /* It closes, but leaves too many columns. */
    read_all(TMP(".csv", "speaker,date,text\nB,2017,\"two\nC,2017,x\",y\nD,2017,four\n"), 0, good, bad);
    ck_assert_str_eq(good, "four");
    ck_assert_str_eq(bad, "2,3");
    /* It never closes within the record limit: the lines it ran over,
    ** the one cut at the limit included, are read again whole. */
    read_all(TMP(".csv", "speaker,date,text\nA,2017,\"open\nB,2017,bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\n"
                         "C,2017,\"again\nD,2017,dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd\n"
                         "E,2017,eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee\n"), 100, good, bad);
    ck_assert_str_eq(good, "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb|"
                           "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd|"
                           "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee");
    ck_assert_str_eq(bad, "2,4");
    unlink(path);
}
END_TEST

START_TEST(bom_and_runaway_lines)
{
    char good[512], bad[128];
    read_all(TMP(".csv", "\xEF\xBB\xBFspeaker,date,text\nA,2017,one\n"), 0, good, bad);
    ck_assert_str_eq(good, "one");
    /* A JSON Lines file with a byte order mark keeps its first record. */
    const char *p = TMP(".jsonl", "\xEF\xBB\xBF{\"speaker\":\"A\",\"date\":\"2017\",\"text\":\"first\"}\n");
    tr_input_opts o = {0};
    tr_input *in;
    tr_record r;
    tr_err e;
    ck_assert_int_eq(tr_input_open(p, &o, &in, &e), TR_OK);
    next(in, &r, TR_OK, 0, &e);
    ck_assert_str_eq(r.f[TR_F_TEXT], "first");
    ck_assert_uint_eq(tr_input_line(in), 1);
    next(in, &r, TR_OK, 1, &e);
    tr_input_close(in);
    /* 70 MiB without a line break: one error, then the end. */
    FILE *z = fopen("/dev/zero", "rb");
    o.format = TR_FMT_JSONL;
    ck_assert_int_eq(tr_input_open_fp(z, "zero", &o, &in, &e), TR_OK);
    next(in, &r, TR_EDATA, 0, &e);
    ck_assert_str_eq(e.msg, "no line break in 64 MiB past the record limit (1048576 bytes): "
                            "this is not a line-delimited file; reading stopped");
    next(in, &r, TR_OK, 1, &e);
    tr_input_close(in);
    fclose(z);
    unlink(p);
}
END_TEST

START_TEST(jsonl_fields_and_errors)
{
    const char data[] =
        "{\"speaker\":\"A\",\"date\":\"2017\",\"text\":\"t\",\"id\":884016887692234753,\"span\":[3,9]}\n"
        "{\"speaker\":\"A\",\"date\":\"2017\",\"text\":\"t\"\n"
        "{\"speaker\":\"A\",\"date\":\"2017\",\"txt\":\"t\"}\n"
        "{\"speaker\":\"A\",\"date\":\"2017\",\"text\":\"caf\xc3\x28\"}\n"
        "{\"speaker\":\"A\",\"date\":\"2017\",\"text\":\"a\0b\"}\n"
        "{\"speaker\":\"A\",\"date\":\"2017\",\"text\":\"a\\u0000b\"}\n"
        "{\"speaker\":\"A\",\"date\":2017,\"text\":\"t\"}\n"
        "[1,2]\n"
        "{\"speaker\":\"Z\",\"date\":\"2017\",\"text\":\"last\"}\n";
    const char *p = tmpfile_with(".jsonl", data, sizeof data - 1);
    tr_input_opts o = {0};
    tr_input *in;
    tr_record r;
    tr_err e;
    ck_assert_int_eq(tr_input_open(p, &o, &in, &e), TR_OK);
    next(in, &r, TR_OK, 0, &e);
    ck_assert_str_eq(r.f[TR_F_ID], "884016887692234753");
    ck_assert_int_eq(r.span_start, 3);
    ck_assert_int_eq(r.span_end, 9);
    next(in, &r, TR_EDATA, 0, &e);
    ck_assert_ptr_nonnull(strstr(e.msg, "malformed JSON at column"));
    ck_assert_uint_eq(tr_input_line(in), 2);
    /* A key no field reads is ignored (the record lacks its text, which
    ** the store refuses), and named once among the unused keys. */
    next(in, &r, TR_OK, 0, &e);
    ck_assert_ptr_null(r.f[TR_F_TEXT]);
    char keys[64];
    ck_assert_uint_eq(tr_input_unused_keys(in, keys, sizeof keys), 1);
    ck_assert_str_eq(keys, "txt");
    next(in, &r, TR_EDATA, 0, &e);
    ck_assert_str_eq(e.msg, "invalid UTF-8 (byte 0xc3) at byte 41 of the record");
    next(in, &r, TR_EDATA, 0, &e);
    ck_assert_str_eq(e.msg, "NUL byte at byte 39 of the record");
    next(in, &r, TR_EDATA, 0, &e);
    ck_assert_str_eq(e.msg, "field 'text' holds a NUL character (\\u0000)");
    next(in, &r, TR_EDATA, 0, &e);
    ck_assert_str_eq(e.msg, "field 'date' must be a string");
    next(in, &r, TR_EDATA, 0, &e);
    ck_assert_str_eq(e.msg, "a record must be a JSON object");
    next(in, &r, TR_OK, 0, &e);
    ck_assert_str_eq(r.f[TR_F_TEXT], "last");
    ck_assert_uint_eq(tr_input_line(in), 9);
    ck_assert_uint_eq(tr_input_unused_keys(in, keys, sizeof keys), 1);
    next(in, &r, TR_OK, 1, &e);
    tr_input_close(in);
    unlink(p);
}
END_TEST

START_TEST(huge_line_is_rejected_and_reading_goes_on)
{
    size_t big = 10u << 20;
    char *data = malloc(big + 200);
    strcpy(data, "{\"speaker\":\"A\",\"date\":\"2017\",\"text\":\"");
    size_t n = strlen(data);
    memset(data + n, 'x', big);
    n += big;
    const char *tail = "\"}\n{\"speaker\":\"B\",\"date\":\"2017\",\"text\":\"ok\"}\n";
    memcpy(data + n, tail, strlen(tail));
    n += strlen(tail);
    const char *p = tmpfile_with(".jsonl", data, n);
    free(data);
    tr_input_opts o = {0};
    tr_input *in;
    tr_record r;
    tr_err e;
    ck_assert_int_eq(tr_input_open(p, &o, &in, &e), TR_OK);
    next(in, &r, TR_EDATA, 0, &e);
    ck_assert_str_eq(e.msg, "record longer than 1048576 bytes (the limit): skipped");
    ck_assert_uint_eq(tr_input_line(in), 1);
    next(in, &r, TR_OK, 0, &e);
    ck_assert_str_eq(r.f[TR_F_SPEAKER], "B");
    ck_assert_uint_eq(tr_input_line(in), 2);
    tr_input_close(in);
    unlink(p);
}
END_TEST

START_TEST(sniffs_format_and_reports_missing_files)
{
    const char *p = TMP(".txt", "\n\n{\"speaker\":\"A\",\"date\":\"2017\",\"text\":\"t\"}\n");
    tr_input_opts o = {0};
    tr_input *in;
    tr_record r;
    tr_err e;
    ck_assert_int_eq(tr_input_open(p, &o, &in, &e), TR_OK);
    ck_assert_int_eq(tr_input_format(in), TR_FMT_JSONL);
    next(in, &r, TR_OK, 0, &e);
    ck_assert_uint_eq(tr_input_line(in), 3);
    tr_input_close(in);
    unlink(p);
    ck_assert_int_eq(tr_input_open("/nonexistent/x.csv", &o, &in, &e), TR_ENOINPUT);
    ck_assert_str_eq(e.msg, "/nonexistent/x.csv: cannot open: No such file or directory");
    ck_assert_int_eq(tr_input_open("/tmp", &o, &in, &e), TR_ENOINPUT);
    ck_assert_str_eq(e.msg, "/tmp: is a directory, not a file");
}
END_TEST

/* Writes text to file; fails the test when it cannot. */
static void put_file(const char *file, const char *text)
{
    FILE *f = fopen(file, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

START_TEST(a_feed_becomes_its_job)
{
    char dir[] = "/tmp/tr-feeds-XXXXXX", p[256], conf[256];
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(p, sizeof p, "%s/wires", dir);
    ck_assert_int_eq(mkdir(p, 0700), 0);
    const char *names[] = {"b.jsonl", "a.csv", "notes.txt", ".hidden.jsonl"};
    for (int i = 0; i < 4; i++) {
        snprintf(p, sizeof p, "%s/wires/%s", dir, names[i]);
        put_file(p, "");
    }
    snprintf(conf, sizeof conf, "%s/feeds.conf", dir);
    put_file(conf, "[feed wires]\npath = wires\nformat = csv\nmap = text=Body\n"
                   "set = source=Reuters\ntz = America/Chicago\nmax-line = 4096\n"
                   "url-template = https://x.example/{id}\n"
                   "[feed bad]\npath = wires/*.jsonl\nurl-template = https://x.example/\n");
    tr_feeds feeds = {0};
    tr_err e;
    ck_assert_msg(tr_feeds_read(conf, &feeds, &e) == TR_OK, "%s", e.msg);
    ck_assert_uint_eq(feeds.n, 2);
    tr_feed_job j;
    ck_assert_msg(tr_feed_job_make(conf, &feeds.v[0], NULL, &j, &e) == TR_OK, "%s", e.msg);
    ck_assert_str_eq(j.feed, "wires");
    ck_assert_int_eq(j.io.format, TR_FMT_CSV);
    ck_assert_str_eq(j.io.map[TR_F_TEXT], "Body");
    ck_assert_str_eq(j.io.set[TR_F_SOURCE], "Reuters");
    ck_assert_uint_eq(j.io.max_line, 4096);
    ck_assert_str_eq(tr_zone_name(j.zone), "America/Chicago");
    ck_assert_str_eq(j.url_template, "https://x.example/{id}");
    /* The directory's record files, sorted; no other file, nothing hidden. */
    ck_assert_uint_eq(j.nfiles, 2);
    snprintf(p, sizeof p, "%s/wires/a.csv", dir);
    ck_assert_str_eq(j.files[0], p);
    snprintf(p, sizeof p, "%s/wires/b.jsonl", dir);
    ck_assert_str_eq(j.files[1], p);
    tr_feed_job_free(&j);

    /* A template without {id} is a usage error naming the feed. */
    ck_assert_int_eq(tr_feed_job_make(conf, &feeds.v[1], NULL, &j, &e), TR_EUSAGE);
    char want[512];
    snprintf(want, sizeof want, "%s: feed 'bad': url-template 'https://x.example/' has no {id}", conf);
    ck_assert_str_eq(e.msg, want);
    tr_feed_job_free(&j);
    tr_feeds_free(&feeds);

    size_t ml;
    ck_assert_int_eq(tr_input_max_line("64", &ml), 0);
    ck_assert_uint_eq(ml, 64);
    ck_assert_int_eq(tr_input_max_line("63", &ml), -1);
    ck_assert_int_eq(tr_input_max_line("1k", &ml), -1);

    for (int i = 0; i < 4; i++) {
        snprintf(p, sizeof p, "%s/wires/%s", dir, names[i]);
        unlink(p);
    }
    snprintf(p, sizeof p, "%s/wires", dir);
    rmdir(p);
    unlink(conf);
    rmdir(dir);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("input");
    TCase *t = tcase_create("input");
    tcase_set_timeout(t, 60);
    tcase_add_test(t, csv_quotes_and_multiline_fields);
    tcase_add_test(t, csv_stray_quote_costs_one_row);
    tcase_add_test(t, bom_and_runaway_lines);
    tcase_add_test(t, csv_map_and_set);
    tcase_add_test(t, csv_unknown_map_column_is_usage_error);
    tcase_add_test(t, csv_cut_off_record_names_its_line);
    tcase_add_test(t, jsonl_fields_and_errors);
    tcase_add_test(t, huge_line_is_rejected_and_reading_goes_on);
    tcase_add_test(t, sniffs_format_and_reports_missing_files);
    tcase_add_test(t, a_feed_becomes_its_job);
    suite_add_tcase(s, t);
    return s;
}

int main(void)
{
    return tu_run(suite());
}
