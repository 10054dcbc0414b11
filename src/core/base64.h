/*
 * Base64 (RFC 4648 section 4), bounded and strict (portable).
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

#ifndef MSGSC_CORE_BASE64_H
#define MSGSC_CORE_BASE64_H

#include <stddef.h>

#include "status.h"

/* SCRAM's attributes (RFC 5802: salt, proof, signature) and XMPP's SASL
 * elements (RFC 6120 6.4.2) carry base64 of the standard alphabet with
 * padding, no line breaks and no white space.  The decoder takes exactly
 * that and nothing else, so that one value has one encoding. */

/* The encoded length of n bytes (without a NUL); n up to SIZE_MAX / 4 * 3. */
#define BASE64_ENCODED_SIZE(n) (((n) + 2) / 3 * 4)
/* The most bytes len characters decode to. */
#define BASE64_DECODED_MAX(len) ((len) / 4 * 3)

/* Encodes len bytes of data (NULL when len is 0) into out, NUL-terminated;
 * *out_len is the encoded length.  CORE_E_INVALIDARG for NULL arguments or
 * a len whose encoding would overflow size_t; CORE_E_FAIL, writing
 * nothing, when size is less than BASE64_ENCODED_SIZE(len) + 1 (*out_len
 * then says how many characters it needs, without the NUL). */
enum core_status base64_encode(const void *data, size_t len, char *out, size_t size, size_t *out_len);

/* Decodes exactly len characters of text (NULL when len is 0; a NUL is
 * an ordinary, refused, character) into out; *out_len is the number of
 * bytes.  Strict: len is a multiple of 4; only A-Z a-z 0-9 + / appear,
 * then at most two '=' that end the text; the bits the padding leaves
 * over are zero (RFC 4648 3.5), so every byte string has exactly one
 * accepted encoding.  The empty text decodes to nothing.
 * CORE_E_INVALIDARG for NULL arguments or text that is not base64 (*out_len
 * is then 0 and out may have been written); CORE_E_FAIL when the decoded
 * bytes do not fit in size (BASE64_DECODED_MAX(len) always fits). */
enum core_status base64_decode(const char *text, size_t len, unsigned char *out, size_t size,
                               size_t *out_len);

#endif
