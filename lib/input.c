/*
** input.c: the record reader declared in input.h: a bounded line reader,
** an RFC 4180 CSV parser (quoted fields may span lines) and JSON Lines
** through Jansson, mapped onto the statement fields.
*/
#include "input.h"

#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "text.h"

static const char *const field_names[TR_F__COUNT] = {
    "speaker", "date", "text", "mode", "side", "role", "source", "url",
    "published", "id", "span", "cue", "date_expr", "kind", "title", "context", "spans"};

/* The field's name as it appears in JSON keys and CSV headers. */
const char *tr_field_name(tr_field f)
{
    return f < TR_F__COUNT ? field_names[f] : "?";
}

/* The field named name, or -1. */
int tr_field_lookup(const char *name)
{
    for (int i = 0; i < TR_F__COUNT; i++)
        if (!strcmp(name, field_names[i]))
            return i;
    return -1;
}

#define MAX_COLS 256

struct tr_input {
    FILE *fp;
    int own_fp;
    const char *path;
    tr_input_opts o;
    tr_format fmt;
    char chunk[65536];
    size_t cpos, clen;
    int eof;
    uint64_t offset, size;
    size_t line;      /* physical lines consumed */
    size_t rec_line;  /* line the last record started on */
    tr_buf rec;       /* the current record's bytes */
    int too_long;
    int last_nl;      /* the last line read ended with its newline */
    int runaway;      /* a line ran RUNAWAY_BYTES past the limit: reading stopped */
    tr_buf back;      /* bytes put back to be read again (CSV recovery) */
    size_t back_pos;
    /* CSV */
    size_t ncols;
    char *cols[MAX_COLS];        /* header names (owned) */
    int col_of[TR_F__COUNT];     /* column index per field, -1 none */
    char *fields[MAX_COLS];      /* pointers into fbuf */
    tr_buf fbuf;
    /* JSON */
    json_t *json;
    char idbuf[32];
    char *spans;  /* the last record's spans as compact JSON (owned) */
    tr_buf unknown;          /* the keys no field reads, "a, b" (first seen first) */
    size_t unknown_records;  /* records that had one */
};

/* How far past the record limit a line may run before the input is
** taken for something that is not line-delimited at all (/dev/zero). */
#define RUNAWAY_BYTES ((uint64_t)64 << 20)

/* The next bytes to read: the pushed-back bytes first (see unread), then
** the file's chunk, refilled when empty.  0 at end of input. */
static size_t segment(tr_input *in, const char **p, int *back)
{
    if (in->back_pos < in->back.len) {
        *p = in->back.data + in->back_pos;
        *back = 1;
        return in->back.len - in->back_pos;
    }
    if (in->cpos == in->clen) {
        if (in->eof)
            return 0;
        in->clen = fread(in->chunk, 1, sizeof in->chunk, in->fp);
        in->cpos = 0;
        if (in->clen == 0) {
            in->eof = 1;
            return 0;
        }
    }
    *p = in->chunk + in->cpos;
    *back = 0;
    return in->clen - in->cpos;
}

/* Marks n bytes of the current segment read. */
static void consume(tr_input *in, size_t n, int back)
{
    if (back)
        in->back_pos += n;
    else
        in->cpos += n;
    in->offset += n;
}

/* Reads one byte; -1 at end of input. */
static int getbyte(tr_input *in)
{
    const char *p;
    int back;
    if (!segment(in, &p, &back))
        return -1;
    consume(in, 1, back);
    return (unsigned char)*p;
}

/* Puts n bytes back in front of what is still to be read, so that the
** next read_line starts with them (CSV recovery re-reads the lines a bad
** quoted field ran over).  Returns -1 when out of memory. */
static int unread(tr_input *in, const char *data, size_t n)
{
    tr_buf b;
    tr_buf_init(&b);
    tr_buf_add(&b, data, n);
    tr_buf_add(&b, in->back.data ? in->back.data + in->back_pos : "", in->back.len - in->back_pos);
    if (b.oom) {
        tr_buf_free(&b);
        return -1;
    }
    tr_buf_free(&in->back);
    in->back = b;
    in->back_pos = 0;
    in->offset -= n;
    return 0;
}

/* Appends one physical line (without its newline, CR stripped) to in->rec,
** up to max_line bytes in all; returns 0 at end of input before any
** byte, 1 otherwise.  Sets too_long when the record outgrew the limit:
** the rest of the line is read and dropped, or, with keep, left unread
** for the next read (a quoted field that may have to be re-read).  A line
** that runs RUNAWAY_BYTES past the limit sets runaway and stops. */
static int read_line(tr_input *in, int keep)
{
    int any = 0;
    size_t start = in->rec.len;
    uint64_t dropped = 0;
    in->last_nl = 0;
    for (;;) {
        const char *p;
        int back;
        size_t avail = segment(in, &p, &back);
        if (!avail)
            break;
        any = 1;
        const char *nl = memchr(p, '\n', avail);
        size_t take = nl ? (size_t)(nl - p) : avail;
        size_t room = in->rec.len < in->o.max_line ? in->o.max_line - in->rec.len : 0;
        if (take > room)
            in->too_long = 1;
        if (take && room && tr_buf_add(&in->rec, p, take < room ? take : room))
            in->too_long = 1;
        if (keep && take > room) {
            consume(in, room, back);
            break;
        }
        consume(in, take + (nl != NULL), back);
        if (take > room && (dropped += take - room) > RUNAWAY_BYTES) {
            in->runaway = 1;
            break;
        }
        if (nl) {
            in->last_nl = 1;
            break;
        }
    }
    if (in->rec.len > start && in->rec.data[in->rec.len - 1] == '\r')
        in->rec.data[--in->rec.len] = '\0';
    if (any)
        in->line++;
    if (!in->rec.data)
        tr_buf_add(&in->rec, "", 0);
    return any;
}

/* Checks the record's bytes for NUL, invalid UTF-8 and length. */
static tr_status check_bytes(tr_input *in, tr_err *err)
{
    if (in->runaway)
        return tr_errf(err, TR_EDATA, "no line break in %llu MiB past the record limit "
                       "(%zu bytes): this is not a line-delimited file; reading stopped",
                       (unsigned long long)(RUNAWAY_BYTES >> 20), in->o.max_line);
    if (in->too_long)
        return tr_errf(err, TR_EDATA, "record longer than %zu bytes (the limit): skipped",
                       in->o.max_line);
    const char *nul = memchr(in->rec.data, '\0', in->rec.len);
    if (nul)
        return tr_errf(err, TR_EDATA, "NUL byte at byte %zu of the record",
                       (size_t)(nul - in->rec.data) + 1);
    size_t bad = tr_utf8_invalid_at(in->rec.data, in->rec.len);
    if (bad != (size_t)-1)
        return tr_errf(err, TR_EDATA, "invalid UTF-8 (byte 0x%02x) at byte %zu of the record",
                       (unsigned char)in->rec.data[bad], bad + 1);
    return TR_OK;
}

/* A record that a quoted field carried over more lines broke (no closing
** quote before the end of the file or the size limit, or a stray
** character after the quote that closed it): the record is its first
** line alone, and reading goes on at the line after it, so one stray
** quote costs one row.  first is the first line's length; opened the
** column where the quote opened; why says what went wrong. */
static tr_status recover(tr_input *in, size_t first, size_t opened, const char *why, tr_err *err)
{
    size_t from = first + 1; /* the '\n' put between the lines */
    size_t n = in->rec.len > from ? in->rec.len - from : 0;
    /* The last line's newline was read: it goes back too. */
    if ((in->last_nl && tr_buf_add(&in->rec, "\n", 1)) || unread(in, in->rec.data + from, n + in->last_nl))
        return tr_errf(err, TR_ESOFTWARE, "out of memory");
    in->line = in->rec_line;
    in->too_long = 0;
    return tr_errf(err, TR_EDATA, "unterminated quoted field: the quote that opens column %zu "
                   "on this line %s; skipped this line, reading on at line %zu",
                   opened, why, in->rec_line + 1);
}

/* Splits the CSV record in in->rec, reading more lines while a quoted
** field is open.  Fields are NUL-terminated copies in in->fbuf.  With
** can_recover (records, not the header), a broken multi-line record is
** cut back to its first line (see recover). */
static tr_status csv_split(tr_input *in, size_t *nf, int can_recover, tr_err *err)
{
    size_t i = 0, n = 0;
    size_t offs[MAX_COLS];
    size_t first = in->rec.len, opened = 0;
    int continued = 0;
    tr_buf_reset(&in->fbuf);
    for (;;) {
        if (n == MAX_COLS)
            return tr_errf(err, TR_EDATA, "more than %d columns", MAX_COLS);
        offs[n++] = in->fbuf.len;
        int quoted = 0;
        if (i < in->rec.len && in->rec.data[i] == '"') {
            quoted = 1;
            i++;
        }
        for (;;) {
            if (i >= in->rec.len) {
                if (!quoted)
                    break;
                /* The quoted field goes on on the next line. */
                if (!continued)
                    opened = n;
                if (in->too_long)
                    return can_recover ? recover(in, first, opened, "does not close within the "
                                                 "record size limit", err)
                                       : check_bytes(in, err);
                tr_buf_add(&in->rec, "\n", 1);
                if (!read_line(in, can_recover)) {
                    in->rec.data[--in->rec.len] = '\0'; /* no line came */
                    return can_recover ? recover(in, first, opened,
                                                 "does not close before the end of the file", err)
                                       : tr_errf(err, TR_EDATA, "unterminated quoted field (the "
                                                 "file ends inside quotes)");
                }
                continued = 1;
                continue;
            }
            /* Copy the run up to the next character that matters at once. */
            const char *from = in->rec.data + i;
            const char *stop = memchr(from, quoted ? '"' : ',', in->rec.len - i);
            size_t run = stop ? (size_t)(stop - from) : in->rec.len - i;
            if (run) {
                tr_buf_add(&in->fbuf, from, run);
                i += run;
                continue;
            }
            char c = in->rec.data[i];
            if (quoted && c == '"') {
                if (i + 1 < in->rec.len && in->rec.data[i + 1] == '"') {
                    tr_buf_add(&in->fbuf, "\"", 1);
                    i += 2;
                    continue;
                }
                quoted = 0;
                i++;
                if (i < in->rec.len && in->rec.data[i] != ',') {
                    if (continued && can_recover)
                        return recover(in, first, opened, "closes on a later line before a "
                                       "stray character", err);
                    return tr_errf(err, TR_EDATA, "unexpected character after a closing quote "
                                                  "in column %zu", n);
                }
                continue;
            }
            if (!quoted && c == ',')
                break;
            tr_buf_add(&in->fbuf, &c, 1);
            i++;
        }
        tr_buf_add(&in->fbuf, "", 1); /* the field's NUL */
        if (i >= in->rec.len)
            break;
        i++; /* the comma */
    }
    if (!in->fbuf.data)
        return tr_errf(err, TR_ESOFTWARE, "out of memory");
    if (continued && can_recover && in->too_long) {
        /* Well-formed but too long: the rest of the cut line goes too. */
        read_line(in, 0);
        in->line--;
        return check_bytes(in, err);
    }
    if (continued && can_recover && n != in->ncols) {
        char why[96];
        snprintf(why, sizeof why, "closes on a later line, leaving %zu columns where the header "
                 "has %zu", n, in->ncols);
        return recover(in, first, opened, why, err);
    }
    /* The lines a quoted field ran on over are checked like the first. */
    if (continued) {
        tr_status st = check_bytes(in, err);
        if (st)
            return st;
    }
    for (size_t k = 0; k < n; k++)
        in->fields[k] = in->fbuf.data + offs[k];
    *nf = n;
    return TR_OK;
}

/* Reads the CSV header and maps fields to columns. */
static tr_status csv_header(tr_input *in, tr_err *err)
{
    size_t nf;
    tr_buf_reset(&in->rec);
    in->too_long = 0;
    if (!read_line(in, 0))
        return tr_errf(err, TR_EDATA, "%s: empty file: a CSV file needs a header row", in->path);
    tr_status st = check_bytes(in, err);
    if (!st)
        st = csv_split(in, &nf, 0, err);
    if (st)
        return tr_errf(err, st, "%s:1: bad header: %s", in->path, err->msg);
    in->ncols = nf;
    for (size_t k = 0; k < nf; k++) {
        const char *h = in->fields[k];
        while (isspace((unsigned char)*h))
            h++;
        in->cols[k] = strdup(h);
        if (!in->cols[k])
            return tr_errf(err, TR_ESOFTWARE, "out of memory");
        size_t L = strlen(in->cols[k]);
        while (L && isspace((unsigned char)in->cols[k][L - 1]))
            in->cols[k][--L] = '\0';
    }
    for (int f = 0; f < TR_F__COUNT; f++) {
        const char *want = in->o.map[f] ? in->o.map[f] : field_names[f];
        in->col_of[f] = -1;
        for (size_t k = 0; k < nf; k++)
            if (!strcmp(in->cols[k], want)) {
                in->col_of[f] = (int)k;
                break;
            }
        if (in->o.map[f] && in->col_of[f] < 0) {
            char list[512] = "";
            for (size_t k = 0; k < nf; k++) {
                size_t L = strlen(list);
                snprintf(list + L, sizeof list - L, "%s%s", k ? ", " : "", in->cols[k]);
            }
            return tr_errf(err, TR_EUSAGE, "%s:1: --map %s=%s: the header has no column '%s' "
                           "(columns: %s)", in->path, field_names[f], in->o.map[f],
                           in->o.map[f], list);
        }
    }
    return TR_OK;
}

/* The header's columns no field reads, comma-separated. */
void tr_input_unused_columns(const tr_input *in, char *buf, size_t n)
{
    buf[0] = '\0';
    for (size_t k = 0; k < in->ncols; k++) {
        int used = 0;
        for (int f = 0; f < TR_F__COUNT; f++)
            used |= in->col_of[f] == (int)k;
        if (!used) {
            size_t L = strlen(buf);
            snprintf(buf + L, n - L, "%s%s", L ? ", " : "", in->cols[k]);
        }
    }
}

/* Picks the format, sniffing when neither opts nor the name tell, and
** reads a CSV header; frees in on failure. */
static tr_status start(tr_input *in, const tr_input_opts *opts, tr_input **out, tr_err *err)
{
    in->fmt = opts->format;
    /* A byte order mark (a UTF-8 file saved by Windows tools) is not data. */
    const char *p;
    int back;
    if (segment(in, &p, &back) >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
        consume(in, 3, back);
    if (in->fmt == TR_FMT_AUTO) {
        const char *dot = strrchr(in->path, '.');
        if (dot && !strcasecmp(dot, ".csv"))
            in->fmt = TR_FMT_CSV;
        else if (dot && (!strcasecmp(dot, ".jsonl") || !strcasecmp(dot, ".ndjson") ||
                         !strcasecmp(dot, ".json")))
            in->fmt = TR_FMT_JSONL;
    }
    if (in->fmt == TR_FMT_AUTO) {
        /* Sniff: JSON Lines start with '{' (after blanks); anything else is CSV. */
        int c;
        while ((c = getbyte(in)) != -1 && isspace(c))
            ;
        in->fmt = c == '{' || c == -1 ? TR_FMT_JSONL : TR_FMT_CSV;
        if (c != -1) {
            in->cpos--;
            in->offset--;
        }
        /* Blank lines skipped by the sniff are not records, but count. */
        for (size_t k = 0; k < in->cpos; k++)
            in->line += in->chunk[k] == '\n';
    }
    if (in->fmt == TR_FMT_CSV && opts->kind == TR_REC_PERSON) {
        tr_errf(err, TR_EUSAGE, "%s: people are read from JSON Lines, not CSV", in->path);
        tr_input_close(in);
        return TR_EUSAGE;
    }
    if (in->fmt == TR_FMT_CSV) {
        tr_status st = csv_header(in, err);
        if (st) {
            tr_input_close(in);
            return st;
        }
    }
    *out = in;
    return TR_OK;
}

/* Allocates a reader with its options. */
static tr_input *new_input(const tr_input_opts *opts)
{
    tr_input *in = calloc(1, sizeof *in);
    if (!in)
        return NULL;
    in->o = *opts;
    if (!in->o.max_line)
        in->o.max_line = 1 << 20;
    return in;
}

/* Opens an input file; see input.h. */
tr_status tr_input_fopen(const char *path, FILE **fp, uint64_t *size, tr_err *err)
{
    struct stat st;
    *size = 0;
    if (!strcmp(path, "-")) {
        *fp = stdin;
        return TR_OK;
    }
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
        return tr_errf(err, TR_ENOINPUT, "%s: is a directory, not a file", path);
    *fp = fopen(path, "rb");
    if (!*fp)
        return tr_errf(err, TR_ENOINPUT, "%s: cannot open: %s", path, strerror(errno));
    if (fstat(fileno(*fp), &st) == 0 && S_ISREG(st.st_mode))
        *size = (uint64_t)st.st_size;
    return TR_OK;
}

/* Reads a whole file into b; see input.h. */
tr_status tr_input_slurp(const char *path, tr_buf *b, tr_err *err)
{
    FILE *f;
    uint64_t size;
    tr_status st = tr_input_fopen(path, &f, &size, err);
    if (st)
        return st;
    char chunk[65536];
    size_t k;
    while ((k = fread(chunk, 1, sizeof chunk, f)) > 0)
        if (tr_buf_add(b, chunk, k)) {
            st = tr_errf(err, TR_ESOFTWARE, "%s: out of memory", path);
            break;
        }
    if (!st && ferror(f))
        st = tr_errf(err, TR_EIO, "%s: read error: %s", path, strerror(errno));
    if (f != stdin)
        fclose(f);
    if (!st && tr_buf_add(b, "", 0))
        st = tr_errf(err, TR_ESOFTWARE, "%s: out of memory", path);
    return st;
}

/* Opens path for reading records; see input.h. */
tr_status tr_input_open(const char *path, const tr_input_opts *opts, tr_input **out, tr_err *err)
{
    *out = NULL;
    tr_input *in = new_input(opts);
    if (!in)
        return tr_errf(err, TR_ESOFTWARE, "out of memory");
    in->path = strcmp(path, "-") ? path : "<stdin>";
    tr_status st = tr_input_fopen(path, &in->fp, &in->size, err);
    if (st) {
        free(in);
        return st;
    }
    in->own_fp = in->fp != stdin;
    return start(in, opts, out, err);
}

/* Opens a reader over an open stream; see input.h. */
tr_status tr_input_open_fp(FILE *fp, const char *name, const tr_input_opts *opts, tr_input **out,
                           tr_err *err)
{
    *out = NULL;
    tr_input *in = new_input(opts);
    if (!in)
        return tr_errf(err, TR_ESOFTWARE, "out of memory");
    in->fp = fp;
    in->path = name;
    return start(in, opts, out, err);
}

/* Checks that v is an array of [start, end] byte ranges in text order and
** keeps it as compact JSON in in->spans for rec. */
static tr_status spans_field(tr_input *in, tr_record *rec, json_t *v, tr_err *err)
{
    size_t i;
    json_t *p;
    json_int_t last = 0;
    if (!json_is_array(v) || !json_array_size(v))
        return tr_errf(err, TR_EDATA, "field 'spans' must be an array of [start, end] byte offsets");
    json_array_foreach(v, i, p) {
        json_t *a = json_array_get(p, 0), *b = json_array_get(p, 1);
        if (!json_is_array(p) || json_array_size(p) != 2 || !json_is_integer(a) ||
            !json_is_integer(b) || json_integer_value(a) < last ||
            json_integer_value(b) < json_integer_value(a))
            return tr_errf(err, TR_EDATA, "field 'spans': part %zu is not a byte range after "
                           "the one before", i + 1);
        last = json_integer_value(b);
    }
    free(in->spans);
    if (!(in->spans = json_dumps(v, JSON_COMPACT)))
        return tr_errf(err, TR_ESOFTWARE, "out of memory");
    rec->f[TR_F_SPANS] = in->spans;
    return TR_OK;
}

static tr_status json_field(tr_input *in, tr_record *rec, int f, json_t *v, tr_err *err);

/* Reads a CSV record into rec. */
static tr_status next_csv(tr_input *in, tr_record *rec, tr_err *err)
{
    size_t nf;
    tr_status st = check_bytes(in, err);
    if (!st)
        st = csv_split(in, &nf, 1, err);
    if (st)
        return st;
    if (nf != in->ncols)
        return tr_errf(err, TR_EDATA, "%zu columns where the header has %zu", nf, in->ncols);
    for (int f = 0; f < TR_F__COUNT; f++)
        if (in->col_of[f] >= 0 && in->fields[in->col_of[f]][0])
            rec->f[f] = in->fields[in->col_of[f]];
    if (rec->f[TR_F_SPAN]) { /* [start, end] as JSON, as an export writes it */
        json_error_t je;
        json_t *v = json_loads(rec->f[TR_F_SPAN], 0, &je);
        rec->f[TR_F_SPAN] = NULL;
        if (!v)
            return tr_errf(err, TR_EDATA, "field 'span' is not JSON: %s", je.text);
        st = json_field(in, rec, TR_F_SPAN, v, err);
        json_decref(v);
        if (st)
            return st;
    }
    if (rec->f[TR_F_SPANS]) { /* a CSV column of JSON: checked as in JSON Lines */
        json_error_t je;
        json_t *v = json_loads(rec->f[TR_F_SPANS], 0, &je);
        rec->f[TR_F_SPANS] = NULL;
        if (!v)
            return tr_errf(err, TR_EDATA, "field 'spans' is not JSON: %s", je.text);
        st = spans_field(in, rec, v, err);
        json_decref(v);
        if (st)
            return st;
    }
    return TR_OK;
}

/* Reads a JSON object's value for field f into rec, checking its type. */
static tr_status json_field(tr_input *in, tr_record *rec, int f, json_t *v, tr_err *err)
{
    if (json_is_null(v))
        return TR_OK;
    if (f == TR_F_SPAN) {
        if (!json_is_array(v) || json_array_size(v) != 2 || !json_is_integer(json_array_get(v, 0)) ||
            !json_is_integer(json_array_get(v, 1)))
            return tr_errf(err, TR_EDATA, "field 'span' must be [start, end] byte offsets");
        rec->span_start = json_integer_value(json_array_get(v, 0));
        rec->span_end = json_integer_value(json_array_get(v, 1));
        if (rec->span_start < 0 || rec->span_end < rec->span_start)
            return tr_errf(err, TR_EDATA, "field 'span' [%lld, %lld] is not a byte range",
                           (long long)rec->span_start, (long long)rec->span_end);
        return TR_OK;
    }
    if (f == TR_F_SPANS)
        return spans_field(in, rec, v, err);
    if (f == TR_F_ID && json_is_integer(v)) {
        snprintf(in->idbuf, sizeof in->idbuf, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        rec->f[f] = in->idbuf;
        return TR_OK;
    }
    if (!json_is_string(v))
        return tr_errf(err, TR_EDATA, "field '%s' must be a string", field_names[f]);
    if (json_string_length(v) != strlen(json_string_value(v)))
        return tr_errf(err, TR_EDATA, "field '%s' holds a NUL character (\\u0000)", field_names[f]);
    if (json_string_length(v))
        rec->f[f] = json_string_value(v);
    return TR_OK;
}

/* Adds key to the keys no field reads, unless it is there already. */
static void note_unknown(tr_input *in, const char *key)
{
    size_t kl = strlen(key);
    for (const char *p = in->unknown.data; p && *p;) {
        const char *e = strstr(p, ", ");
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n == kl && !memcmp(p, key, kl))
            return;
        p += n + (e ? 2 : 0);
    }
    if (in->unknown.len < 400)
        tr_buf_printf(&in->unknown, "%s%.60s", in->unknown.len ? ", " : "", key);
}

/* JSON Lines only: the keys no field read; see input.h. */
size_t tr_input_unused_keys(const tr_input *in, char *buf, size_t n)
{
    snprintf(buf, n, "%s", in->unknown.data && in->unknown.len ? in->unknown.data : "");
    return in->unknown_records;
}

/* Reads a JSON Lines record into rec. */
static tr_status next_json(tr_input *in, tr_record *rec, tr_err *err)
{
    tr_status st = check_bytes(in, err);
    if (st)
        return st;
    json_error_t je;
    json_decref(in->json);
    in->json = json_loadb(in->rec.data, in->rec.len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &je);
    if (!in->json)
        return tr_errf(err, TR_EDATA, "malformed JSON at column %d: %s", je.column, je.text);
    if (!json_is_object(in->json))
        return tr_errf(err, TR_EDATA, "a record must be a JSON object");
    if (in->o.kind == TR_REC_PERSON) {
        rec->json = in->json;
        return TR_OK;
    }
    const char *key;
    json_t *v;
    int unknown = 0;
    /* tracker's own JSON outputs call the feed's id feed_id and their own
    ** row id id: a record with a feed_id takes the feed's id from it. */
    int feed_id = !in->o.map[TR_F_ID] && json_object_get(in->json, "feed_id");
    json_object_foreach(in->json, key, v) {
        if (feed_id && !strcmp(key, "id")) {
            note_unknown(in, "id");
            unknown = 1;
            continue;
        }
        if (feed_id && !strcmp(key, "feed_id")) {
            if ((st = json_field(in, rec, TR_F_ID, v, err)) != TR_OK)
                return st;
            continue;
        }
        int f = -1;
        for (int k = 0; k < TR_F__COUNT && f < 0; k++)
            if (in->o.map[k] && !strcmp(in->o.map[k], key))
                f = k;
        if (f < 0) {
            f = tr_field_lookup(key);
            if (f >= 0 && in->o.map[f] && strcmp(in->o.map[f], key))
                f = -2; /* read from another key by --map */
        }
        if (f == -2 || !strcmp(key, "ambiguous") || !strcmp(key, "ambiguity"))
            continue;
        if (f < 0) {
            /* Not a field: ignored, and named once in a note (as CSV
            ** columns are), so another tool's export imports. */
            note_unknown(in, key);
            unknown = 1;
            continue;
        }
        if ((st = json_field(in, rec, f, v, err)) != TR_OK)
            return st;
    }
    in->unknown_records += unknown;
    return TR_OK;
}

/* Reads the next record; see input.h. */
tr_status tr_input_next(tr_input *in, tr_record *rec, int *eof, tr_err *err)
{
    memset(rec, 0, sizeof *rec);
    rec->span_start = rec->span_end = -1;
    *eof = 0;
    for (;;) {
        tr_buf_reset(&in->rec);
        in->too_long = 0;
        if (in->runaway) {
            *eof = 1; /* reading stopped at a runaway line */
            return TR_OK;
        }
        if (!read_line(in, 0)) {
            if (ferror(in->fp))
                return tr_errf(err, TR_EIO, "%s: read error: %s", in->path, strerror(errno));
            *eof = 1;
            return TR_OK;
        }
        in->rec_line = in->line;
        size_t k = 0;
        while (k < in->rec.len && isspace((unsigned char)in->rec.data[k]))
            k++;
        if (k < in->rec.len || in->too_long)
            break; /* blank lines are not records */
    }
    tr_status st = in->fmt == TR_FMT_CSV ? next_csv(in, rec, err) : next_json(in, rec, err);
    if (st)
        return st;
    for (int f = 0; f < TR_F__COUNT; f++)
        if (in->o.set[f])
            rec->f[f] = in->o.set[f];
    return TR_OK;
}

/* The line the last record started on. */
size_t tr_input_line(const tr_input *in)
{
    return in->rec_line;
}

/* Bytes consumed so far. */
uint64_t tr_input_offset(const tr_input *in)
{
    return in->offset;
}

/* The file's size, 0 when unknown. */
uint64_t tr_input_size(const tr_input *in)
{
    return in->size;
}

/* The format being read. */
tr_format tr_input_format(const tr_input *in)
{
    return in->fmt;
}

/* Closes the file and frees in. */
void tr_input_close(tr_input *in)
{
    if (!in)
        return;
    if (in->own_fp)
        fclose(in->fp);
    for (size_t k = 0; k < in->ncols; k++)
        free(in->cols[k]);
    json_decref(in->json);
    tr_buf_free(&in->rec);
    tr_buf_free(&in->fbuf);
    tr_buf_free(&in->back);
    free(in->spans);
    tr_buf_free(&in->unknown);
    free(in);
}

/* Reads a person object into p; see input.h. */
tr_status tr_person_from_json(const void *json, tr_person_in *p, const char **aliases, size_t maxal,
                              tr_role_in *roles, size_t maxroles, tr_err *err)
{
    json_t *o = (json_t *)json;
    const char *key;
    json_t *v;
    memset(p, 0, sizeof *p);
    p->aliases = aliases;
    p->roles = roles;
    json_object_foreach(o, key, v) {
        if (!strcmp(key, "name") || !strcmp(key, "kind") || !strcmp(key, "side") ||
            !strcmp(key, "gender")) {
            if (json_is_null(v))
                continue;
            if (!json_is_string(v) || strlen(json_string_value(v)) != json_string_length(v))
                return tr_errf(err, TR_EDATA, "field '%s' must be a string", key);
            const char *s = json_string_value(v);
            if (key[0] == 'n')
                p->name = s;
            else if (key[0] == 'k')
                p->kind = s;
            else if (key[0] == 'g') /* "female"/"male" read as "f"/"m" */
                p->gender = !*s ? NULL : !strcmp(s, "female") ? "f" : !strcmp(s, "male") ? "m" : s;
            else
                p->side = *s ? s : NULL;
        } else if (!strcmp(key, "aliases")) {
            size_t i;
            json_t *a;
            if (!json_is_array(v))
                return tr_errf(err, TR_EDATA, "field 'aliases' must be an array of strings");
            json_array_foreach(v, i, a) {
                if (!json_is_string(a) || strlen(json_string_value(a)) != json_string_length(a))
                    return tr_errf(err, TR_EDATA, "aliases[%zu] must be a string", i);
                if (p->naliases == maxal)
                    return tr_errf(err, TR_EDATA, "more than %zu aliases", maxal);
                aliases[p->naliases++] = json_string_value(a);
            }
        } else if (!strcmp(key, "roles")) {
            size_t i;
            json_t *r;
            if (!json_is_array(v))
                return tr_errf(err, TR_EDATA, "field 'roles' must be an array of objects");
            json_array_foreach(v, i, r) {
                if (!json_is_object(r))
                    return tr_errf(err, TR_EDATA, "roles[%zu] must be an object", i);
                if (p->nroles == maxroles)
                    return tr_errf(err, TR_EDATA, "more than %zu roles", maxroles);
                tr_role_in *ro = &roles[p->nroles++];
                memset(ro, 0, sizeof *ro);
                const char *rk;
                json_t *rv;
                json_object_foreach(r, rk, rv) {
                    const char **dst = !strcmp(rk, "role") ? &ro->role
                                     : !strcmp(rk, "from") ? &ro->from
                                     : !strcmp(rk, "to") ? &ro->to : NULL;
                    if (!dst)
                        return tr_errf(err, TR_EDATA, "roles[%zu]: unknown field '%.40s' "
                                       "(fields: role, from, to)", i, rk);
                    if (json_is_null(rv))
                        continue;
                    if (!json_is_string(rv) || strlen(json_string_value(rv)) != json_string_length(rv))
                        return tr_errf(err, TR_EDATA, "roles[%zu].%s must be a string", i, rk);
                    *dst = json_string_value(rv);
                }
            }
        } else {
            return tr_errf(err, TR_EDATA, "unknown field '%.40s' (fields: name, kind, side, "
                           "gender, aliases, roles)", key);
        }
    }
    if (!p->name || !*p->name)
        return tr_errf(err, TR_EDATA, "missing required field 'name'");
    return TR_OK;
}

/* Parses FIELD=VALUE assignments into table; see input.h. */
tr_status tr_parse_assignments(const char *spec, const char *what, int allow_commas,
                               const char *table[TR_F__COUNT], char **store, tr_err *err)
{
    char *copy = strdup(spec);
    if (!copy)
        return tr_errf(err, TR_ESOFTWARE, "out of memory");
    *store = copy;
    char *p = copy;
    while (p && *p) {
        char *next = allow_commas ? strchr(p, ',') : NULL;
        if (next)
            *next++ = '\0';
        char *eq = strchr(p, '=');
        if (!eq || eq == p)
            return tr_errf(err, TR_EUSAGE, "%s '%s': expected FIELD=%s", what, p,
                           allow_commas ? "COLUMN" : "VALUE");
        *eq = '\0';
        int f = tr_field_lookup(p);
        if (f < 0 || f == TR_F_SPAN || f == TR_F_SPANS)
            return tr_errf(err, TR_EUSAGE, "%s: unknown field '%s' (fields: speaker, date, text, "
                           "mode, side, role, source, url, published, id, cue, date_expr, kind, "
                           "title, context)", what, p);
        table[f] = eq + 1;
        p = next;
    }
    return TR_OK;
}

/* Parses a max-line value; see input.h. */
int tr_input_max_line(const char *v, size_t *out)
{
    char *end;
    unsigned long long x = strtoull(v, &end, 10);
    if (*end || x < 64)
        return -1;
    *out = (size_t)x;
    return 0;
}
