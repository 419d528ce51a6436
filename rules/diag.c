/*
** diag.c: collecting diagnostics (errors, warnings) and rendering them the
** way a compiler prints them, with the source line and a caret line.
*/
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "internal.h"

/* Initialises d to empty. */
void tr_diags_init(tr_diags *d)
{
    memset(d, 0, sizeof *d);
}

/* Frees every diagnostic; d is empty afterwards. */
void tr_diags_free(tr_diags *d)
{
    for (size_t i = 0; i < d->n; i++) {
        free(d->v[i].file);
        free(d->v[i].message);
        free(d->v[i].source_line);
    }
    free(d->v);
    tr_diags_init(d);
}

/* Copies line `line` (1-based) of text without its newline; NULL when out
** of range or out of memory.  The caller frees. */
static char *copy_line(const char *text, size_t len, unsigned line)
{
    if (!text || line == 0)
        return NULL;
    size_t i = 0;
    for (unsigned l = 1; l < line; l++) {
        const char *nl = memchr(text + i, '\n', len - i);
        if (!nl)
            return NULL;
        i = (size_t)(nl - text) + 1;
    }
    size_t j = i;
    while (j < len && text[j] != '\n')
        j++;
    if (j > i && text[j - 1] == '\r')
        j--;
    return trr_strndup0(text + i, j - i);
}

/* The loaded rule file whose path is the pointer file (the one the
** rule set's locations hold), or NULL. */
const tr_srcfile *trr_srcfile_of(const tr_ruleset *rs, const char *file)
{
    for (size_t i = 0; i < rs->nfiles; i++)
        if (rs->files[i].path == file)
            return &rs->files[i];
    return NULL;
}

/* Line `line` of f, as copy_line cuts it from f's text: from the text
** when f keeps it, else re-read from f's file, from the nearest line mark
** on, when the file's size and modification time are still those it was
** read with.  The caller frees; NULL when there is none. */
char *trr_src_line(const tr_srcfile *f, unsigned line)
{
    if (f->text)
        return copy_line(f->text, f->len, line);
    size_t k = line ? (line - 1) / TRR_LINE_MARK : 0;
    if (line == 0 || k >= f->nmarks)
        return NULL;
    FILE *fp = fopen(f->path, "rb");
    if (!fp)
        return NULL;
    struct stat sb;
    char *buf = NULL, *out = NULL;
    size_t cap = 0;
    if (fstat(fileno(fp), &sb) == 0 && (unsigned long long)sb.st_size == f->len &&
        (long long)sb.st_mtim.tv_sec * 1000000000LL + sb.st_mtim.tv_nsec == f->mtime_ns &&
        fseeko(fp, (off_t)f->marks[k], SEEK_SET) == 0) {
        ssize_t n;
        unsigned l = (unsigned)(k * TRR_LINE_MARK) + 1;
        /* the lines before it, each ended by a newline */
        while (l < line && (n = getline(&buf, &cap, fp)) > 0 && buf[n - 1] == '\n')
            l++;
        if (l == line) {
            n = getline(&buf, &cap, fp);
            size_t j = n > 0 ? (size_t)n : 0;
            if (j && buf[j - 1] == '\n')
                j--;
            if (j && buf[j - 1] == '\r')
                j--;
            out = trr_strndup0(j ? buf : "", j);
        }
    }
    free(buf);
    fclose(fp);
    return out;
}

/* Appends a diagnostic whose source line is src (taken: freed on
** failure; NULL for none) and whose message is fmt formatted with ap.
** Returns 0, or -1 when out of memory. */
static int add_v(tr_diags *d, tr_diag_level lv, int code, const char *file, char *src,
                 unsigned line, unsigned col, unsigned width, const char *fmt, va_list ap)
{
    if (trr_grow((void **)&d->v, &d->cap, d->n, sizeof *d->v) < 0) {
        free(src);
        return -1;
    }
    tr_diag *g = &d->v[d->n];
    memset(g, 0, sizeof *g);
    char msg[2048];
    vsnprintf(msg, sizeof msg, fmt, ap);
    g->level = lv;
    g->code = code;
    g->file = strdup(file ? file : "");
    g->message = strdup(msg);
    g->line = line;
    g->col = col ? col : 1;
    g->width = width ? width : 1;
    g->source_line = src;
    if (!g->file || !g->message) {
        free(g->file);
        free(g->message);
        free(g->source_line);
        return -1;
    }
    d->n++;
    if (lv == TR_DIAG_ERROR)
        d->nerrors++;
    else
        d->nwarnings++;
    return 0;
}

/* Appends a diagnostic; the message is formatted, the source line copied
** from text.  Returns 0, or -1 when out of memory. */
int trr_diag_add(tr_diags *d, tr_diag_level lv, int code, const char *file,
                const char *text, size_t textlen, unsigned line, unsigned col,
                unsigned width, const char *fmt, ...)
{
    if (!d)
        return 0;
    va_list ap;
    va_start(ap, fmt);
    int rc = add_v(d, lv, code, file, copy_line(text, textlen, line), line, col, width, fmt, ap);
    va_end(ap);
    return rc;
}

/* Appends a diagnostic whose source line is the line of text[0..len)
** that holds byte off (line is its number): the parser's, which reads no
** byte of the text before the line it is on.  0, or -1 on OOM. */
int trr_diag_off(tr_diags *d, tr_diag_level lv, int code, const char *file, const char *text,
                 size_t len, size_t off, unsigned line, unsigned col, unsigned width, const char *fmt, ...)
{
    if (!d)
        return 0;
    if (off > len)
        off = len;
    size_t i = off, j = off;
    while (i > 0 && text[i - 1] != '\n')
        i--;
    while (j < len && text[j] != '\n')
        j++;
    if (j > i && text[j - 1] == '\r')
        j--;
    va_list ap;
    va_start(ap, fmt);
    int rc = add_v(d, lv, code, file, trr_strndup0(text + i, j - i), line, col, width, fmt, ap);
    va_end(ap);
    return rc;
}

/* Appends a diagnostic at a line of the loaded rule file file (its path
** pointer), its source line from trr_src_line.  0, or -1 on OOM. */
int trr_diag_at(tr_diags *d, tr_diag_level lv, int code, const tr_ruleset *rs, const char *file,
                unsigned line, unsigned col, unsigned width, const char *fmt, ...)
{
    if (!d)
        return 0;
    const tr_srcfile *f = trr_srcfile_of(rs, file);
    va_list ap;
    va_start(ap, fmt);
    int rc = add_v(d, lv, code, file, f ? trr_src_line(f, line) : NULL, line, col, width, fmt, ap);
    va_end(ap);
    return rc;
}

/* Renders one diagnostic: the FILE:LINE:COL header, then the source line
** and a caret line under the column (tabs kept so carets align). */
int tr_diag_render(const tr_diag *g, tr_buf *out)
{
    const char *lv = g->level == TR_DIAG_ERROR ? "error" : "warning";
    char c = g->level == TR_DIAG_ERROR ? 'E' : 'W';
    if (g->line)
        tr_buf_printf(out, "%s:%u:%u: %s[%c%03d]: %s\n", g->file, g->line,
                       g->col, lv, c, g->code, g->message);
    else
        tr_buf_printf(out, "%s: %s[%c%03d]: %s\n", g->file, lv, c, g->code,
                       g->message);
    if (g->source_line) {
        /* A long line (a 1 MB pattern) is shown as a window of DIAG_SPAN
        ** code points around the column, cut with "..." on either side. */
        enum { DIAG_SPAN = 120, DIAG_BEFORE = 60 };
        char num[32];
        int w = snprintf(num, sizeof num, "%u", g->line);
        const char *s = g->source_line;
        size_t n = strlen(s), i = 0, from = 0, to = n;
        unsigned cp = 1, first = g->col > DIAG_BEFORE ? g->col - DIAG_BEFORE : 1;
        /* Byte offsets of code points first and first + DIAG_SPAN. */
        for (unsigned k = 1; i <= n; k++) {
            if (k == first)
                from = i;
            if (k == first + DIAG_SPAN) {
                to = i;
                break;
            }
            if (i == n)
                break;
            i++;
            while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80)
                i++;
        }
        tr_buf_printf(out, " %s | %s", num, from ? "..." : "");
        tr_buf_add(out, s + from, to - from);
        tr_buf_printf(out, "%s\n %*s | %s", to < n ? "..." : "", w, "", from ? "   " : "");
        i = from;
        cp = first;
        while (i < to && cp < g->col) {
            tr_buf_add(out, s[i] == '\t' ? "\t" : " ", 1);
            i++;
            while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80)
                i++;
            cp++;
        }
        tr_buf_add(out, "^", 1);
        for (unsigned k = 1; k < g->width && cp + k < first + DIAG_SPAN; k++)
            tr_buf_add(out, "~", 1);
        tr_buf_add(out, "\n", 1);
    }
    return out->oom ? -1 : 0;
}

/* Renders every diagnostic in order. */
int tr_diags_render(const tr_diags *d, tr_buf *out)
{
    for (size_t i = 0; i < d->n; i++)
        if (tr_diag_render(&d->v[i], out) < 0)
            return -1;
    return 0;
}
