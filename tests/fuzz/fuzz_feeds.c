/*
** fuzz_feeds.c: libFuzzer target for the feeds file parser (lib/feeds.c).
** Any input either parses, giving feeds that each have a name and a path
** and options that are well-formed strings, or fails with a message that
** names the file and a line; parsing the same input twice gives the same
** result (nothing is left over from the first).
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "feeds.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* What a parse gave, in a few numbers, to compare two parses. */
static size_t digest(const tr_feeds *f)
{
    size_t d = f->n;
    for (size_t i = 0; i < f->n; i++) {
        const tr_feed *x = &f->v[i];
        if (!x->name || !*x->name || !x->path || !*x->path || x->line == 0)
            abort();
        if (tr_utf8_invalid_at(x->name, strlen(x->name)) != (size_t)-1)
            abort();
        if (x->format && strcmp(x->format, "jsonl") && strcmp(x->format, "csv"))
            abort();
        for (size_t k = 0; k < x->nmaps; k++)
            if (!x->maps[k] || !x->map_lines[k])
                abort();
        for (size_t k = 0; k < x->nsets; k++)
            if (!x->sets[k] || !x->set_lines[k])
                abort();
        d = d * 31 + x->nmaps * 7 + x->nsets + strlen(x->path) + (x->tz ? strlen(x->tz) : 0);
    }
    return d;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    tr_feeds a, b;
    tr_err ea, eb;
    tr_status sa = tr_feeds_parse("f.conf", (const char *)data, size, "dir", &a, &ea);
    tr_status sb = tr_feeds_parse("f.conf", (const char *)data, size, "dir", &b, &eb);
    if (sa != sb)
        abort();
    if (sa == TR_OK) {
        if (digest(&a) != digest(&b) || a.n == 0)
            abort();
    } else if (sa == TR_EDATA) {
        if (strncmp(ea.msg, "f.conf", 6) || strcmp(ea.msg, eb.msg) || a.n || b.n)
            abort();
    } else if (sa != TR_ESOFTWARE) {
        abort();
    }
    tr_feeds_free(&a);
    tr_feeds_free(&b);
    return 0;
}
