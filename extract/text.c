/*
** text.c: UTF-8 validation and the character classes the quote,
** sentence and speaker scanners need, from utf8proc's Unicode tables
** (capitals: Lu and Lt, so "Łukasz", "Šefčovič" and "Ōta" are names).
*/
#include <string.h>
#include <utf8proc.h>

#include "x_internal.h"
#include "text.h"

/* 0 when s[0..len) is UTF-8 without NUL bytes, else -1 with *bad the
** offset of the first bad byte (lib/text.h validates, this adds NUL). */
int x_utf8_check(const char *s, size_t len, size_t *bad)
{
    size_t inv = tr_utf8_invalid_at(s, len);
    size_t end = inv == (size_t)-1 ? len : inv;
    const char *nul = memchr(s, '\0', end);
    if (!nul && inv == (size_t)-1)
        return 0;
    *bad = nul ? (size_t)(nul - s) : inv;
    return -1;
}

/* Decodes the code point at s[i] of valid UTF-8; *next gets the offset
** after it.  Returns 0 at or past len. */
unsigned x_decode(const char *s, size_t len, size_t i, size_t *next)
{
    const unsigned char *u = (const unsigned char *)s;
    if (i >= len) {
        *next = len;
        return 0;
    }
    unsigned c = u[i];
    size_t k = c < 0x80 ? 0 : c < 0xE0 ? 1 : c < 0xF0 ? 2 : 3;
    unsigned cp = k == 0 ? c : k == 1 ? (c & 0x1F) : k == 2 ? (c & 0x0F) : (c & 0x07);
    for (size_t j = 1; j <= k && i + j < len; j++)
        cp = (cp << 6) | (u[i + j] & 0x3F);
    *next = i + k + 1 > len ? len : i + k + 1;
    return cp;
}

static int is_upper_cp(unsigned c)
{
    utf8proc_category_t k = utf8proc_category((utf8proc_int32_t)c);
    return k == UTF8PROC_CATEGORY_LU || k == UTF8PROC_CATEGORY_LT;
}

static int is_letter_cp(unsigned c)
{
    utf8proc_category_t k = utf8proc_category((utf8proc_int32_t)c);
    return k >= UTF8PROC_CATEGORY_LU && k <= UTF8PROC_CATEGORY_LO;
}

/* 1 when the code point at s[i] is a capital letter. */
int x_is_upper_at(const char *s, size_t len, size_t i)
{
    size_t nx;
    return is_upper_cp(x_decode(s, len, i, &nx));
}

/* 1 when the code point at s[i] is a letter or digit. */
int x_is_letter_at(const char *s, size_t len, size_t i)
{
    size_t nx;
    unsigned c = x_decode(s, len, i, &nx);
    return is_letter_cp(c) || utf8proc_category((utf8proc_int32_t)c) == UTF8PROC_CATEGORY_ND;
}

/* 1 when s[i] is white space (ASCII, NBSP, thin spaces); *next gets the
** offset after it. */
int x_is_space_at(const char *s, size_t len, size_t i, size_t *next)
{
    unsigned c = x_decode(s, len, i, next);
    return c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' ||
           utf8proc_category((utf8proc_int32_t)c) == UTF8PROC_CATEGORY_ZS;
}
