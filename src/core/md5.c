/*
 * MD5 (RFC 1321) and the lock-and-key response check (portable).
 *
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

#include "md5.h"

/* Written from the RFC's description; little-endian words, 64 steps in
 * four rounds of sixteen. */

static const uint32_t md5_k[64] = {
    0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
    0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
    0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
    0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
    0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
    0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
    0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
    0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
};

static const unsigned char md5_shift[4][4] = {
    {7, 12, 17, 22}, {5, 9, 14, 20}, {4, 11, 16, 23}, {6, 10, 15, 21}};

static uint32_t rotate_left(uint32_t x, unsigned int n)
{
    return (x << n) | (x >> (32 - n));
}

static void md5_transform(uint32_t state[4], const unsigned char block[64])
{
    uint32_t a = state[0], b = state[1], c = state[2], d = state[3], m[16];
    unsigned int i;

    for (i = 0; i < 16; i++)
        m[i] = (uint32_t)block[4 * i] | (uint32_t)block[4 * i + 1] << 8 | (uint32_t)block[4 * i + 2] << 16 |
               (uint32_t)block[4 * i + 3] << 24;
    for (i = 0; i < 64; i++)
    {
        uint32_t f, next;
        unsigned int g;

        switch (i / 16)
        {
        case 0:
            f = (b & c) | (~b & d);
            g = i;
            break;
        case 1:
            f = (d & b) | (~d & c);
            g = (5 * i + 1) % 16;
            break;
        case 2:
            f = b ^ c ^ d;
            g = (3 * i + 5) % 16;
            break;
        default:
            f = c ^ (b | ~d);
            g = (7 * i) % 16;
            break;
        }
        next = b + rotate_left(a + f + md5_k[i] + m[g], md5_shift[i / 16][i % 4]);
        a = d;
        d = c;
        c = b;
        b = next;
    }
    state[0] += a;
    state[1] += b;
    state[2] += c;
    state[3] += d;
}

void md5_init(struct md5_ctx *ctx)
{
    ctx->state[0] = 0x67452301;
    ctx->state[1] = 0xefcdab89;
    ctx->state[2] = 0x98badcfe;
    ctx->state[3] = 0x10325476;
    ctx->length = 0;
}

void md5_update(struct md5_ctx *ctx, const void *data, size_t size)
{
    const unsigned char *bytes = data;
    size_t used = ctx->length % 64;

    ctx->length += size;
    while (size)
    {
        size_t chunk = 64 - used < size ? 64 - used : size;

        memcpy(ctx->block + used, bytes, chunk);
        bytes += chunk;
        size -= chunk;
        used += chunk;
        if (used < 64) break;
        md5_transform(ctx->state, ctx->block);
        used = 0;
    }
}

void md5_final(struct md5_ctx *ctx, unsigned char digest[MD5_DIGEST_SIZE])
{
    static const unsigned char padding[64] = {0x80};
    uint64_t bits = ctx->length * 8;
    unsigned char length[8];
    size_t used = ctx->length % 64;
    unsigned int i;

    for (i = 0; i < 8; i++)
        length[i] = (unsigned char)(bits >> (8 * i));
    md5_update(ctx, padding, used < 56 ? 56 - used : 120 - used);
    md5_update(ctx, length, sizeof(length));
    for (i = 0; i < MD5_DIGEST_SIZE; i++)
        digest[i] = (unsigned char)(ctx->state[i / 4] >> (8 * (i % 4)));
    memset(ctx, 0, sizeof(*ctx));
}

static void hex_from_digest(const unsigned char digest[MD5_DIGEST_SIZE], char hex[MD5_HEX_CHARS + 1])
{
    static const char digits[] = "0123456789abcdef";
    unsigned int i;

    for (i = 0; i < MD5_DIGEST_SIZE; i++)
    {
        hex[2 * i] = digits[digest[i] >> 4];
        hex[2 * i + 1] = digits[digest[i] & 0xf];
    }
    hex[MD5_HEX_CHARS] = 0;
}

void md5_hex(const void *data, size_t size, char hex[MD5_HEX_CHARS + 1])
{
    unsigned char digest[MD5_DIGEST_SIZE];
    struct md5_ctx ctx;

    md5_init(&ctx);
    md5_update(&ctx, data, size);
    md5_final(&ctx, digest);
    hex_from_digest(digest, hex);
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

int md5_response_matches(const char *challenge, const char *key, const char *response)
{
    unsigned char digest[MD5_DIGEST_SIZE];
    struct md5_ctx ctx;
    unsigned int i;
    int same = 1;

    if (!challenge || !key || !response || strlen(response) != MD5_HEX_CHARS) return 0;
    md5_init(&ctx);
    md5_update(&ctx, challenge, strlen(challenge));
    md5_update(&ctx, key, strlen(key));
    md5_final(&ctx, digest);
    /* Every digit is looked at, whatever the first difference. */
    for (i = 0; i < MD5_HEX_CHARS; i++)
    {
        int value = hex_value(response[i]);
        int expected = i % 2 ? digest[i / 2] & 0xf : digest[i / 2] >> 4;

        if (value != expected) same = 0;
    }
    return same;
}
