/*
** pfonly.c: the prefilter alone, the scan's floor.  Reads FILE (texts, one
** a line) into memory, compiles PATTERN (an alternation) as tracker
** compiles its prefilter (UTF, UCP, JIT), and prints how many lines it
** matches.  No store, no classification: the regex work a scan cannot
** avoid.
**
**   pfonly PATTERN-FILE TEXT-FILE
*/
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Reads path whole; NULL on failure. */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 20, n = 0;
    char *b = malloc(cap);
    size_t r;
    while (b && (r = fread(b + n, 1, cap - n, f)) > 0) {
        n += r;
        if (n == cap)
            b = realloc(b, cap *= 2);
    }
    fclose(f);
    *len = n;
    return b;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fputs("usage: pfonly PATTERN-FILE TEXT-FILE\n", stderr);
        return 2;
    }
    size_t plen, tlen;
    char *pat = slurp(argv[1], &plen), *text = slurp(argv[2], &tlen);
    if (!pat || !text) {
        fputs("pfonly: cannot read the inputs\n", stderr);
        return 1;
    }
    while (plen && (pat[plen - 1] == '\n' || pat[plen - 1] == '\r'))
        plen--;
    int ec;
    PCRE2_SIZE eo;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pat, plen, PCRE2_UTF | PCRE2_UCP, &ec, &eo, NULL);
    if (!re) {
        fprintf(stderr, "pfonly: the pattern does not compile (error %d at %zu)\n", ec, (size_t)eo);
        return 1;
    }
    pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
    pcre2_match_data *md = pcre2_match_data_create(1, NULL);
    long hits = 0;
    for (size_t i = 0; i < tlen;) {
        char *nl = memchr(text + i, '\n', tlen - i);
        size_t e = nl ? (size_t)(nl - text) : tlen;
        hits += pcre2_match(re, (PCRE2_SPTR)text + i, e - i, 0, PCRE2_NO_UTF_CHECK, md, NULL) >= 0;
        i = e + 1;
    }
    printf("%ld\n", hits);
    pcre2_match_data_free(md);
    pcre2_code_free(re);
    free(pat);
    free(text);
    return 0;
}
