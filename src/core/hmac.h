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

#ifndef MSGSC_CORE_HMAC_H
#define MSGSC_CORE_HMAC_H

#include <stddef.h>

#include "sha.h"
#include "status.h"

/* A keyed context: the inner hash already holds K ^ ipad and the outer one
 * K ^ opad.  Copying a keyed context is how one key MACs many messages
 * without hashing the key again (PBKDF2 does that for every iteration). */
struct hmac_ctx
{
    struct sha_ctx inner, outer;
};

/* Keys of any length; a key longer than a block is hashed first (RFC 2104
 * section 2).  key may be NULL when key_len is 0.  CORE_E_INVALIDARG for
 * an unknown algorithm. */
enum core_status hmac_init(struct hmac_ctx *ctx, enum sha_algorithm algorithm, const void *key,
                           size_t key_len);
void hmac_update(struct hmac_ctx *ctx, const void *data, size_t size);
/* Writes sha_digest_size() bytes and wipes ctx. */
void hmac_final(struct hmac_ctx *ctx, unsigned char *mac);

/* One-shot HMAC; the errors of hmac_init. */
enum core_status hmac_digest(enum sha_algorithm algorithm, const void *key, size_t key_len, const void *data,
                             size_t size, unsigned char *mac);

/* PBKDF2 with HMAC-<algorithm> as the pseudorandom function: out_len bytes
 * derived from password and salt with iterations rounds.  CORE_E_INVALIDARG
 * for an unknown algorithm, iterations of 0, out_len of 0 or over
 * (2^32 - 1) blocks (RFC 2898 5.2 step 1), or a NULL out.  The time it
 * takes grows with iterations: callers that take the count from the
 * network bound it first (scram.h). */
enum core_status pbkdf2_hmac(enum sha_algorithm algorithm, const void *password, size_t password_len,
                             const void *salt, size_t salt_len, unsigned long iterations, unsigned char *out,
                             size_t out_len);

#endif
