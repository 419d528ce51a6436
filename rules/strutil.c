/*
** sbuf.c: the growable text buffer (tr_sbuf) and small string/UTF-8
** helpers shared by the rule engine.
*/
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Initialises b to the empty buffer (no allocation). */
void tr_sbuf_init(tr_sbuf *b)
{
    b->data = NULL;
    b->len = b->cap = 0;
    b->oom = 0;
}

/* Empties b, keeping its memory for reuse. */
void tr_sbuf_reset(tr_sbuf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

/* Frees b's memory; b is then empty. */
void tr_sbuf_free(tr_sbuf *b)
{
    free(b->data);
    tr_sbuf_init(b);
}

/* Makes room for n more bytes plus a NUL; 0 or -1 (sets oom). */
static int sbuf_reserve(tr_sbuf *b, size_t n)
{
    if (b->len + n + 1 <= b->cap)
        return 0;
    size_t nc = b->cap ? b->cap : 256;
    while (nc < b->len + n + 1)
        nc *= 2;
    char *p = realloc(b->data, nc);
    if (!p) {
        b->oom = 1;
        return -1;
    }
    b->data = p;
    b->cap = nc;
    return 0;
}

/* Appends n bytes of p; 0 or -1 on out of memory. */
int tr_sbuf_add(tr_sbuf *b, const char *p, size_t n)
{
    if (sbuf_reserve(b, n) < 0)
        return -1;
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

/* Appends the NUL-terminated string s. */
int tr_sbuf_puts(tr_sbuf *b, const char *s)
{
    return tr_sbuf_add(b, s, strlen(s));
}

/* Appends printf-formatted text. */
int tr_sbuf_printf(tr_sbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || sbuf_reserve(b, (size_t)n) < 0)
        return -1;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return 0;
}

/* strdup of n bytes of s; the caller frees.  NULL on out of memory. */
char *trr_strndup0(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (!p)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

/* Number of UTF-8 code points in s[0..n) (counts lead bytes). */
unsigned trr_utf8_count(const char *s, size_t n)
{
    unsigned c = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            c++;
    return c;
}

/* Offset of the first invalid UTF-8 sequence or NUL byte, or n. */
size_t trr_utf8_invalid(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        unsigned c = u[i];
        size_t k;
        uint32_t cp, min;
        if (c == 0)
            return i;
        if (c < 0x80) {
            i++;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            k = 1; cp = c & 0x1F; min = 0x80;
        } else if ((c & 0xF0) == 0xE0) {
            k = 2; cp = c & 0x0F; min = 0x800;
        } else if ((c & 0xF8) == 0xF0) {
            k = 3; cp = c & 0x07; min = 0x10000;
        } else
            return i;
        if (i + k >= n)
            return i;
        for (size_t j = 1; j <= k; j++) {
            if (i + j >= n || (u[i + j] & 0xC0) != 0x80)
                return i;
            cp = (cp << 6) | (u[i + j] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return i;
        i += k + 1;
    }
    return n;
}

/* Decodes the code point at s[i] (valid UTF-8 assumed); *clen gets its
** byte length. */
int32_t trr_utf8_decode(const char *s, size_t n, size_t i, size_t *clen)
{
    const unsigned char *u = (const unsigned char *)s;
    unsigned c = u[i];
    size_t k = c < 0x80 ? 0 : (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 : 3;
    int32_t cp = k == 0 ? (int32_t)c : k == 1 ? (int32_t)(c & 0x1F)
               : k == 2 ? (int32_t)(c & 0x0F) : (int32_t)(c & 0x07);
    size_t j;
    for (j = 1; j <= k && i + j < n; j++)
        cp = (cp << 6) | (u[i + j] & 0x3F);
    *clen = j;
    return cp;
}

/* Grows *v (elements of sz bytes, capacity *cap) to hold n+1; 0 or -1. */
int trr_grow(void **v, size_t *cap, size_t n, size_t sz)
{
    if (n < *cap)
        return 0;
    size_t nc = *cap ? *cap * 2 : 8;
    void *p = realloc(*v, nc * sz);
    if (!p)
        return -1;
    *v = p;
    *cap = nc;
    return 0;
}
