/*
 * HMAC (RFC 2104) over SHA-1 and SHA-256, and PBKDF2-HMAC (RFC 2898 / 8018 section 5.2) (portable).
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

#include "hmac.h"

/* Written from RFC 2104 section 2 (H(K ^ opad, H(K ^ ipad, text))) and
 * RFC 2898 section 5.2 (F(P, S, c, i) = U_1 ^ U_2 ^ ... ^ U_c). */

enum core_status hmac_init(struct hmac_ctx *ctx, enum sha_algorithm algorithm, const void *key,
                           size_t key_len)
{
    unsigned char block[SHA_BLOCK_SIZE];
    size_t i;

    memset(ctx, 0, sizeof(*ctx));
    if (!sha_digest_size(algorithm)) return CORE_E_INVALIDARG;
    memset(block, 0, sizeof(block));
    if (key_len > SHA_BLOCK_SIZE)
        sha_digest(algorithm, key, key_len, block);
    else if (key_len)
        memcpy(block, key, key_len);

    for (i = 0; i < SHA_BLOCK_SIZE; i++)
        block[i] ^= 0x36;
    sha_init(&ctx->inner, algorithm);
    sha_update(&ctx->inner, block, sizeof(block));
    /* 0x36 ^ 0x5c turns ipad into opad. */
    for (i = 0; i < SHA_BLOCK_SIZE; i++)
        block[i] ^= 0x36 ^ 0x5c;
    sha_init(&ctx->outer, algorithm);
    sha_update(&ctx->outer, block, sizeof(block));
    sha_wipe(block, sizeof(block));
    return CORE_OK;
}

void hmac_update(struct hmac_ctx *ctx, const void *data, size_t size)
{
    sha_update(&ctx->inner, data, size);
}

void hmac_final(struct hmac_ctx *ctx, unsigned char *mac)
{
    unsigned char inner[SHA_MAX_DIGEST_SIZE];
    size_t size = sha_digest_size(ctx->inner.algorithm);

    sha_final(&ctx->inner, inner);
    sha_update(&ctx->outer, inner, size);
    sha_final(&ctx->outer, mac);
    sha_wipe(inner, sizeof(inner));
}

enum core_status hmac_digest(enum sha_algorithm algorithm, const void *key, size_t key_len, const void *data,
                             size_t size, unsigned char *mac)
{
    struct hmac_ctx ctx;

    if (hmac_init(&ctx, algorithm, key, key_len) != CORE_OK) return CORE_E_INVALIDARG;
    hmac_update(&ctx, data, size);
    hmac_final(&ctx, mac);
    return CORE_OK;
}

enum core_status pbkdf2_hmac(enum sha_algorithm algorithm, const void *password, size_t password_len,
                             const void *salt, size_t salt_len, unsigned long iterations, unsigned char *out,
                             size_t out_len)
{
    size_t h_len = sha_digest_size(algorithm), done = 0, i;
    unsigned char u[SHA_MAX_DIGEST_SIZE], t[SHA_MAX_DIGEST_SIZE];
    struct hmac_ctx keyed, ctx;
    uint32_t block = 0;

    if (!h_len || !iterations || !out || !out_len) return CORE_E_INVALIDARG;
    /* dkLen > (2^32 - 1) * hLen: "derived key too long".  In 64 bits, so
     * that the test means the same with a 32-bit size_t. */
    if ((uint64_t)out_len > (uint64_t)0xffffffffu * h_len) return CORE_E_INVALIDARG;
    hmac_init(&keyed, algorithm, password, password_len);

    while (done < out_len)
    {
        size_t chunk = out_len - done < h_len ? out_len - done : h_len;
        unsigned char index[4];
        unsigned long round;

        block++;
        index[0] = (unsigned char)(block >> 24);
        index[1] = (unsigned char)(block >> 16);
        index[2] = (unsigned char)(block >> 8);
        index[3] = (unsigned char)block;
        /* U_1 = PRF(P, S || INT(i)): the salt is streamed, never copied,
         * so it needs no bound here. */
        ctx = keyed;
        hmac_update(&ctx, salt, salt_len);
        hmac_update(&ctx, index, sizeof(index));
        hmac_final(&ctx, u);
        memcpy(t, u, h_len);
        for (round = 1; round < iterations; round++)
        {
            ctx = keyed;
            hmac_update(&ctx, u, h_len);
            hmac_final(&ctx, u);
            for (i = 0; i < h_len; i++)
                t[i] ^= u[i];
        }
        memcpy(out + done, t, chunk);
        done += chunk;
    }
    sha_wipe(&keyed, sizeof(keyed));
    sha_wipe(u, sizeof(u));
    sha_wipe(t, sizeof(t));
    return CORE_OK;
}
