/*
** fuzz_text.c: libFuzzer target for the text layers every output goes
** through and the small parsers of the command line.  The first byte
** picks one:
**   0  the terminal escaping layer (text.h): its output is valid UTF-8
**      with no C0 or C1 control and no bidirectional override left;
**   1  the JSON row writer (jsonout.h): every input becomes a JSON string
**      that Jansson dumps and loads back;
**   2  the --map/--set parser (input.h);
**   3  name folding and the edit distance (text.h).
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "input.h"
#include "jsonout.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Aborts unless s (n bytes) is UTF-8 free of controls and overrides,
** except the line breaks and tabs that flags keep. */
static void check_visible(const char *s, size_t n, int flags)
{
    if (tr_utf8_invalid_at(s, n) != (size_t)-1)
        abort();
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c < 0x20 && !((flags & TR_VIS_LINES) && (c == '\n' || c == '\t'))) || c == 0x7f)
            abort();
        if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 && (unsigned char)s[i + 1] <= 0x9f)
            abort(); /* U+0080-U+009F */
        if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
            (unsigned char)s[i + 2] >= 0xAA && (unsigned char)s[i + 2] <= 0xAE)
            abort(); /* U+202A-U+202E */
        if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x81 &&
            (unsigned char)s[i + 2] >= 0xA6 && (unsigned char)s[i + 2] <= 0xA9)
            abort(); /* U+2066-U+2069 */
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    unsigned mode = data[0] % 4;
    const char *s = (const char *)data + 1;
    size_t n = size - 1;
    char *z = malloc(n + 1); /* a NUL-terminated copy */
    if (!z)
        return 0;
    memcpy(z, s, n);
    z[n] = '\0';
    if (mode == 0) {
        for (int flags = 0; flags <= TR_VIS_LINES; flags++) {
            tr_buf b;
            tr_buf_init(&b);
            if (tr_buf_add_visible(&b, s, n, flags) == 0 && b.data)
                check_visible(b.data, b.len, flags);
            tr_buf_free(&b);
        }
    } else if (mode == 1) {
        json_t *j = tr_json_str(z);
        if (!j)
            abort();
        char *dumped = json_dumps(j, JSON_ENCODE_ANY);
        json_decref(j);
        if (!dumped)
            abort();
        json_t *back = json_loads(dumped, JSON_DECODE_ANY, NULL);
        if (!back || !json_is_string(back))
            abort();
        json_decref(back);
        free(dumped);
    } else if (mode == 2) {
        const char *table[TR_F__COUNT] = {0};
        char *store = NULL;
        tr_err e;
        tr_parse_assignments(z, "--map", 1, table, &store, &e);
        free(store);
        char *store2 = NULL;
        tr_parse_assignments(z, "--set", 0, table, &store2, &e);
        free(store2);
    } else {
        char *k = tr_fold_name(z);
        if (k) {
            if (tr_utf8_invalid_at(k, strlen(k)) != (size_t)-1)
                abort();
            size_t half = n / 2;
            char *a = strndup(z, half);
            if (a) {
                if (tr_edit_distance(a, k, 8) > 9)
                    abort();
                free(a);
            }
            free(k);
        }
    }
    free(z);
    return 0;
}
