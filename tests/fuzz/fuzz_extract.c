/*
** fuzz_extract.c: libFuzzer target for the extractor.  The input is the
** article text; the patterns come from $TRACKER_SRC/rules/attribution
** (default: ./rules/attribution).  Build:
**   clang -fsanitize=fuzzer,address,undefined -Ilib -Iextract \
**     tests/fuzz/fuzz_extract.c extract/[a-z]*.c lib/err.c \
**     $(pkg-config --cflags --libs libpcre2-8 jansson) -o fuzz_extract
*/
#include "extract.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static tr_extractor *X;

/* Runs the extractor on data and writes every statement as JSON. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    tr_err err;
    if (!X) {
        const char *src = getenv("TRACKER_SRC");
        char dir[4096];
        snprintf(dir, sizeof dir, "%s/rules/attribution", src && *src ? src : ".");
        if (tr_extractor_new(dir, &X, &err) != TR_OK) {
            fprintf(stderr, "fuzz_extract: %s\n", err.msg);
            abort();
        }
    }
    tr_extract_opts o = {"2017-07-20", "Fuzz", NULL, NULL, NULL};
    tr_statement_list L = {0};
    if (tr_extract(X, (const char *)data, size, &o, &L, &err) == TR_OK)
        for (size_t i = 0; i < L.n; i++) {
            char *j = NULL;
            if (L.items[i].span[1] > size || L.items[i].span[0] > L.items[i].span[1])
                abort();
            if (tr_statement_to_json(&L.items[i], &o, &j, &err) == TR_OK)
                free(j);
        }
    tr_statement_list_free(&L);
    return 0;
}
