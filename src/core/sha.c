/*
 * SHA-1 and SHA-256 (FIPS 180-4; SHA-1 also RFC 3174), streaming and one-shot (portable).
 *
 * Copyright 2026 the msgsc authors
 *
 * This library is free software; you can redistribute it and/or
 * modify it under the terms of the GNU Lesser General Public
 * License as published by the Free Software Foundation; either
 * version 2.1 of the License, or (at your option) any later version.
 *
 * This library is distributed in the hope that it will be useful,
 * but WITHOUT ANY WARRANTY; without even the implied warranty of
 * MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the GNU
 * Lesser General Public License for more details.
 *
 * You should have received a copy of the GNU Lesser General Public
 * License along with this library; if not, write to the Free Software
 * Foundation, Inc., 51 Franklin St, Fifth Floor, Boston, MA 02110-1301, USA
 */

#include <string.h>

#include "sha.h"

/* Written from FIPS 180-4 sections 4.1, 5 and 6: big-endian words, a
 * message schedule of 80 (SHA-1) or 64 (SHA-256) words per block. */

/* FIPS 180-4 4.2.2: the first 32 bits of the fractional parts of the cube
 * roots of the first 64 primes. */
static const uint32_t sha256_k[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static uint32_t rotl(uint32_t x, unsigned int n)
{
    return (x << n) | (x >> (32 - n));
}

static uint32_t rotr(uint32_t x, unsigned int n)
{
    return (x >> n) | (x << (32 - n));
}

static uint32_t load_be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

/* One round of SHA-1 with f(b, c, d) and its constant k. */
#define SHA1_ROUND(f, k)                                                                                     \
    do                                                                                                       \
    {                                                                                                        \
        uint32_t temp = rotl(a, 5) + (f) + e + (k) + w[t];                                                   \
        e = d;                                                                                               \
        d = c;                                                                                               \
        c = rotl(b, 30);                                                                                     \
        b = a;                                                                                               \
        a = temp;                                                                                            \
    } while (0)

/* FIPS 180-4 6.1.2, the four kinds of round in four loops (4.1.1: Ch,
 * Parity, Maj, Parity), so that no round tests which kind it is. */
static void sha1_transform(uint32_t state[8], const unsigned char block[SHA_BLOCK_SIZE])
{
    uint32_t a = state[0], b = state[1], c = state[2], d = state[3], e = state[4], w[80];
    unsigned int t;

    for (t = 0; t < 16; t++)
        w[t] = load_be32(block + 4 * t);
    for (; t < 80; t++)
        w[t] = rotl(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
    for (t = 0; t < 20; t++)
        SHA1_ROUND((b & c) ^ (~b & d), 0x5a827999);
    for (; t < 40; t++)
        SHA1_ROUND(b ^ c ^ d, 0x6ed9eba1);
    for (; t < 60; t++)
        SHA1_ROUND((b & c) ^ (b & d) ^ (c & d), 0x8f1bbcdc);
    for (; t < 80; t++)
        SHA1_ROUND(b ^ c ^ d, 0xca62c1d6);
    state[0] += a;
    state[1] += b;
    state[2] += c;
    state[3] += d;
    state[4] += e;
}

/* FIPS 180-4 6.2.2. */
static void sha256_transform(uint32_t state[8], const unsigned char block[SHA_BLOCK_SIZE])
{
    uint32_t a = state[0], b = state[1], c = state[2], d = state[3], e = state[4], f = state[5], g = state[6],
             h = state[7], w[64];
    unsigned int t;

    for (t = 0; t < 16; t++)
        w[t] = load_be32(block + 4 * t);
    for (; t < 64; t++)
    {
        uint32_t s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3);
        uint32_t s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10);

        w[t] = s1 + w[t - 7] + s0 + w[t - 16];
    }
    for (t = 0; t < 64; t++)
    {
        uint32_t t1 =
            h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + sha256_k[t] + w[t];
        uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));

        h = g;
        g = f;
        f = e;
        e = d + t1;
        d = c;
        c = b;
        b = a;
        a = t1 + t2;
    }
    state[0] += a;
    state[1] += b;
    state[2] += c;
    state[3] += d;
    state[4] += e;
    state[5] += f;
    state[6] += g;
    state[7] += h;
}

size_t sha_digest_size(enum sha_algorithm algorithm)
{
    switch (algorithm)
    {
    case SHA_ALGORITHM_SHA1: return SHA1_DIGEST_SIZE;
    case SHA_ALGORITHM_SHA256: return SHA256_DIGEST_SIZE;
    }
    return 0;
}

void sha1_init(struct sha_ctx *ctx)
{
    /* FIPS 180-4 5.3.1. */
    static const uint32_t initial[5] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0};

    memset(ctx, 0, sizeof(*ctx));
    ctx->algorithm = SHA_ALGORITHM_SHA1;
    memcpy(ctx->state, initial, sizeof(initial));
}

void sha256_init(struct sha_ctx *ctx)
{
    /* FIPS 180-4 5.3.3: the fractional parts of the square roots of the
     * first eight primes. */
    static const uint32_t initial[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                        0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};

    memset(ctx, 0, sizeof(*ctx));
    ctx->algorithm = SHA_ALGORITHM_SHA256;
    memcpy(ctx->state, initial, sizeof(initial));
}

enum core_status sha_init(struct sha_ctx *ctx, enum sha_algorithm algorithm)
{
    switch (algorithm)
    {
    case SHA_ALGORITHM_SHA1: sha1_init(ctx); return CORE_OK;
    case SHA_ALGORITHM_SHA256: sha256_init(ctx); return CORE_OK;
    }
    memset(ctx, 0, sizeof(*ctx));
    return CORE_E_INVALIDARG;
}

static void transform(struct sha_ctx *ctx)
{
    if (ctx->algorithm == SHA_ALGORITHM_SHA1)
        sha1_transform(ctx->state, ctx->block);
    else
        sha256_transform(ctx->state, ctx->block);
}

void sha_update(struct sha_ctx *ctx, const void *data, size_t size)
{
    const unsigned char *bytes = data;
    size_t used = (size_t)(ctx->length % SHA_BLOCK_SIZE);

    ctx->length += size;
    while (size)
    {
        size_t chunk = SHA_BLOCK_SIZE - used < size ? SHA_BLOCK_SIZE - used : size;

        memcpy(ctx->block + used, bytes, chunk);
        bytes += chunk;
        size -= chunk;
        used += chunk;
        if (used < SHA_BLOCK_SIZE) break;
        transform(ctx);
        used = 0;
    }
}

void sha_final(struct sha_ctx *ctx, unsigned char *digest)
{
    /* FIPS 180-4 5.1.1: a 1 bit, zeros up to 56 bytes into the last block,
     * then the length in bits as a big-endian 64-bit number. */
    static const unsigned char padding[SHA_BLOCK_SIZE] = {0x80};
    uint64_t bits = ctx->length * 8;
    size_t used = (size_t)(ctx->length % SHA_BLOCK_SIZE), size = sha_digest_size(ctx->algorithm), i;
    unsigned char length[8];

    for (i = 0; i < 8; i++)
        length[i] = (unsigned char)(bits >> (56 - 8 * i));
    sha_update(ctx, padding, used < 56 ? 56 - used : 120 - used);
    sha_update(ctx, length, sizeof(length));
    for (i = 0; i < size; i++)
        digest[i] = (unsigned char)(ctx->state[i / 4] >> (24 - 8 * (i % 4)));
    /* A plain memset: PBKDF2 ends two contexts per round, and the callers
     * that hold secrets wipe their own copies once they are done. */
    memset(ctx, 0, sizeof(*ctx));
}

void sha1_digest(const void *data, size_t size, unsigned char digest[SHA1_DIGEST_SIZE])
{
    struct sha_ctx ctx;

    sha1_init(&ctx);
    sha_update(&ctx, data, size);
    sha_final(&ctx, digest);
}

void sha256_digest(const void *data, size_t size, unsigned char digest[SHA256_DIGEST_SIZE])
{
    struct sha_ctx ctx;

    sha256_init(&ctx);
    sha_update(&ctx, data, size);
    sha_final(&ctx, digest);
}

enum core_status sha_digest(enum sha_algorithm algorithm, const void *data, size_t size,
                            unsigned char *digest)
{
    struct sha_ctx ctx;

    if (sha_init(&ctx, algorithm) != CORE_OK) return CORE_E_INVALIDARG;
    sha_update(&ctx, data, size);
    sha_final(&ctx, digest);
    return CORE_OK;
}

void sha_wipe(void *data, size_t size)
{
    volatile unsigned char *p = data;

    while (size--)
        *p++ = 0;
}
