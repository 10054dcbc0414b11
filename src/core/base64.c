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

#include <stdint.h>

#include "base64.h"

static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* The 6-bit value of an alphabet character, -1 for any other byte.
 * Computed, not looked up in a 256-entry table, so that no byte value can
 * index past anything. */
static int value_of(unsigned char c)
{
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

enum core_status base64_encode(const void *data, size_t len, char *out, size_t size, size_t *out_len)
{
    const unsigned char *in = data;
    size_t i, n = 0;

    if (out_len) *out_len = 0;
    if (!out_len || (!data && len) || (!out && size)) return CORE_E_INVALIDARG;
    if (len > SIZE_MAX / 4 * 3 - 2) return CORE_E_INVALIDARG;
    *out_len = BASE64_ENCODED_SIZE(len);
    if (*out_len >= size) return CORE_E_FAIL;

    for (i = 0; i + 3 <= len; i += 3)
    {
        uint32_t group = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 | in[i + 2];

        out[n++] = alphabet[group >> 18];
        out[n++] = alphabet[group >> 12 & 63];
        out[n++] = alphabet[group >> 6 & 63];
        out[n++] = alphabet[group & 63];
    }
    if (len - i == 1)
    {
        out[n++] = alphabet[in[i] >> 2];
        out[n++] = alphabet[(in[i] & 3) << 4];
        out[n++] = '=';
        out[n++] = '=';
    }
    else if (len - i == 2)
    {
        uint32_t group = (uint32_t)in[i] << 8 | in[i + 1];

        out[n++] = alphabet[group >> 10];
        out[n++] = alphabet[group >> 4 & 63];
        out[n++] = alphabet[(group & 15) << 2];
        out[n++] = '=';
    }
    out[n] = 0;
    return CORE_OK;
}

enum core_status base64_decode(const char *text, size_t len, unsigned char *out, size_t size, size_t *out_len)
{
    size_t i, n = 0, pad = 0, need;

    if (out_len) *out_len = 0;
    if (!out_len || (!text && len) || (!out && size)) return CORE_E_INVALIDARG;
    if (len % 4) return CORE_E_INVALIDARG;
    if (len && text[len - 1] == '=') pad = len >= 2 && text[len - 2] == '=' ? 2 : 1;
    need = len / 4 * 3 - pad;
    if (need > size) return CORE_E_FAIL;

    for (i = 0; i < len; i += 4)
    {
        /* Only the last group may hold padding, and only at its end. */
        size_t chars = i + 4 == len ? 4 - pad : 4, j;
        uint32_t group = 0;

        for (j = 0; j < 4; j++)
        {
            int value = j < chars ? value_of((unsigned char)text[i + j]) : 0;

            if (value < 0) return CORE_E_INVALIDARG;
            group = group << 6 | (uint32_t)value;
        }
        out[n++] = (unsigned char)(group >> 16);
        if (chars == 2)
        {
            if (group & 0xffff) return CORE_E_INVALIDARG; /* bits left over */
            continue;
        }
        out[n++] = (unsigned char)(group >> 8);
        if (chars == 3)
        {
            if (group & 0xff) return CORE_E_INVALIDARG;
            continue;
        }
        out[n++] = (unsigned char)group;
    }
    *out_len = n;
    return CORE_OK;
}
