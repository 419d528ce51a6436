/*
** jsonout.c: the JSON row writer declared in jsonout.h.
*/
#include "jsonout.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

/* A JSON string of s with invalid UTF-8 replaced; see jsonout.h. */
json_t *tr_json_str(const char *s)
{
    if (!s)
        return json_null();
    size_t n = strlen(s);
    if (tr_utf8_invalid_at(s, n) == (size_t)-1)
        return json_stringn(s, n);
    tr_buf b;
    tr_buf_init(&b);
    size_t i = 0;
    while (i < n) {
        size_t bad = tr_utf8_invalid_at(s + i, n - i);
        if (bad == (size_t)-1) {
            tr_buf_add(&b, s + i, n - i);
            break;
        }
        tr_buf_add(&b, s + i, bad);
        tr_buf_add(&b, "\xEF\xBF\xBD", 3); /* U+FFFD REPLACEMENT CHARACTER */
        i += bad + 1;
    }
    json_t *j = b.oom ? NULL : json_stringn(b.data ? b.data : "", b.len);
    tr_buf_free(&b);
    return j;
}

/* Prints o as one line and releases it; see jsonout.h. */
tr_status tr_json_print(FILE *f, json_t *o, tr_err *err)
{
    if (!o)
        return tr_errf(err, TR_ESOFTWARE, "out of memory building a JSON row");
    char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    if (!s)
        return tr_errf(err, TR_ESOFTWARE, "a row could not be written as JSON");
    int bad = fputs(s, f) == EOF || fputc('\n', f) == EOF;
    free(s);
    if (bad)
        return tr_errf(err, TR_EIO, "writing the output: %s", strerror(errno));
    return TR_OK;
}
