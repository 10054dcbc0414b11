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

#ifndef MSGSC_CORE_SHA_H
#define MSGSC_CORE_SHA_H

#include <stddef.h>
#include <stdint.h>

#include "status.h"

/* What SCRAM (scram.h) and entity capabilities (XEP-0115) need.  Both
 * hashes share one context: the same 64-byte blocks, the same big-endian
 * length padding; only the compression function and the size of the state
 * differ.  No allocation. */

#define SHA1_DIGEST_SIZE    20
#define SHA256_DIGEST_SIZE  32
#define SHA_MAX_DIGEST_SIZE SHA256_DIGEST_SIZE
#define SHA_BLOCK_SIZE      64 /* of both; HMAC (hmac.h) needs it */

enum sha_algorithm
{
    SHA_ALGORITHM_SHA1,
    SHA_ALGORITHM_SHA256
};

struct sha_ctx
{
    enum sha_algorithm algorithm;
    uint32_t state[8]; /* SHA-1 uses the first five */
    uint64_t length;   /* bytes hashed so far */
    unsigned char block[SHA_BLOCK_SIZE];
};

/* The digest size of algorithm in bytes; 0 for a value that is none. */
size_t sha_digest_size(enum sha_algorithm algorithm);

/* CORE_E_INVALIDARG for an unknown algorithm (ctx is then unusable). */
enum core_status sha_init(struct sha_ctx *ctx, enum sha_algorithm algorithm);
void sha1_init(struct sha_ctx *ctx);
void sha256_init(struct sha_ctx *ctx);

/* data may be NULL when size is 0. */
void sha_update(struct sha_ctx *ctx, const void *data, size_t size);

/* Writes sha_digest_size(ctx->algorithm) bytes and wipes ctx, which must
 * be initialised again before further use. */
void sha_final(struct sha_ctx *ctx, unsigned char *digest);

/* One-shot digests. */
void sha1_digest(const void *data, size_t size, unsigned char digest[SHA1_DIGEST_SIZE]);
void sha256_digest(const void *data, size_t size, unsigned char digest[SHA256_DIGEST_SIZE]);
enum core_status sha_digest(enum sha_algorithm algorithm, const void *data, size_t size,
                            unsigned char *digest);

/* Clears size bytes at data in a way the compiler may not drop, for keys
 * and intermediate secrets that go out of scope (a plain memset of a dead
 * buffer may be optimised away). */
void sha_wipe(void *data, size_t size);

#endif
