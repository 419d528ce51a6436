/*
** fuzz_input.c: libFuzzer target for the input parsers: the first byte
** picks JSON Lines, CSV (with and without --map), people records or the
** date parser; the rest is the input.  Every record is read to the end;
** dates that parse must format and re-parse to the same interval.
*/
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Checks a date: parsing either fails or yields a formattable interval. */
static void fuzz_date(const uint8_t *data, size_t size)
{
    char text[128];
    size_t n = size < sizeof text - 1 ? size : sizeof text - 1;
    memcpy(text, data, n);
    text[n] = '\0';
    tr_date d, again;
    if (tr_date_parse(text, NULL, &d, NULL) != TR_OK)
        return;
    if (d.hi < d.lo)
        abort();
    char shown[80];
    tr_date_format(&d, shown, sizeof shown);
    if (tr_date_parse(shown, NULL, &again, NULL) != TR_OK || again.lo != d.lo ||
        (d.prec != TR_PREC_MINUTE && again.hi != d.hi))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    unsigned mode = data[0] % 5;
    data++;
    size--;
    if (mode == 4) {
        fuzz_date(data, size);
        return 0;
    }
    FILE *fp = fmemopen((void *)data, size ? size : 1, "rb");
    if (!fp)
        return 0;
    if (!size)
        fgetc(fp); /* an empty stream */
    tr_input_opts o = {.format = mode == 0 ? TR_FMT_JSONL : mode == 3 ? TR_FMT_AUTO : TR_FMT_CSV,
                       .kind = mode == 3 ? TR_REC_PERSON : TR_REC_STATEMENT,
                       .max_line = 4096};
    if (mode == 2) {
        o.map[TR_F_TEXT] = "Text";
        o.set[TR_F_SPEAKER] = "Someone";
    }
    tr_input *in;
    tr_err err;
    if (tr_input_open_fp(fp, "fuzz", &o, &in, &err) == TR_OK) {
        for (int k = 0; k < 100000; k++) {
            tr_record r;
            int eof;
            tr_status st = tr_input_next(in, &r, &eof, &err);
            if ((st == TR_OK && eof) || (st != TR_OK && st != TR_EDATA))
                break;
            if (st == TR_OK && r.f[TR_F_DATE])
                fuzz_date((const uint8_t *)r.f[TR_F_DATE], strlen(r.f[TR_F_DATE]));
        }
        tr_input_close(in);
    }
    fclose(fp);
    return 0;
}
