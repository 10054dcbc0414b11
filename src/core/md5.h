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

#ifndef MSGSC_CORE_MD5_H
#define MSGSC_CORE_MD5_H

#include <stddef.h>
#include <stdint.h>

#define MD5_DIGEST_SIZE 16
#define MD5_HEX_CHARS   (2 * MD5_DIGEST_SIZE)

struct md5_ctx
{
    uint32_t state[4];
    uint64_t length; /* bytes hashed so far */
    unsigned char block[64];
};

void md5_init(struct md5_ctx *ctx);
void md5_update(struct md5_ctx *ctx, const void *data, size_t size);
/* Writes the digest; ctx must be initialised again before further use. */
void md5_final(struct md5_ctx *ctx, unsigned char digest[MD5_DIGEST_SIZE]);

/* The digest of data as MD5_HEX_CHARS lower-case hex digits and a NUL. */
void md5_hex(const void *data, size_t size, char hex[MD5_HEX_CHARS + 1]);

/* Whether response is the lock-and-key answer to challenge for key (spec
 * 5.3): the MD5 of the challenge's bytes followed by the key's, written
 * as exactly MD5_HEX_CHARS hex digits, upper or lower case.  Nonzero when
 * it is; any NULL argument is not. */
int md5_response_matches(const char *challenge, const char *key, const char *response);

#endif
