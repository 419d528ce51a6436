/*
** sha256.h: SHA-256 (FIPS 180-4), for content hashes and rule set hashes.
*/
#ifndef TR_SHA256_H
#define TR_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct tr_sha256_ctx {
    uint32_t h[8];
    uint64_t len;
    unsigned char buf[64];
    size_t nbuf;
} tr_sha256_ctx;

/* Starts a new hash in c (caller-owned). */
void tr_sha256_init(tr_sha256_ctx *c);
/* Adds n bytes of p to the hash. */
void tr_sha256_update(tr_sha256_ctx *c, const void *p, size_t n);
/* Finishes the hash into out (32 bytes). */
void tr_sha256_final(tr_sha256_ctx *c, unsigned char out[32]);
/* One-shot hash of n bytes of p into out (32 bytes). */
void tr_sha256(const void *p, size_t n, unsigned char out[32]);
/* Writes the n bytes of p as lower-case hex into hex (2n+1 bytes). */
void tr_hex(const unsigned char *p, size_t n, char *hex);

#endif
