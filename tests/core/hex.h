/*
 * What the tests of the core's hashes share: bytes as lower-case hex, to
 * compare with the vectors as the RFCs print them.
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

#ifndef MSGSC_TEST_HEX_H
#define MSGSC_TEST_HEX_H

#include <stddef.h>

/* The size bytes at data as 2 * size hex digits and a NUL, in out; at
 * most 64 bytes (the longest digest or derived key the tests check). */
static inline const char *test_hex(const void *data, size_t size, char out[129])
{
    static const char digits[] = "0123456789abcdef";
    const unsigned char *bytes = data;
    size_t i;

    if (size > 64) size = 64;
    for (i = 0; i < size; i++)
    {
        out[2 * i] = digits[bytes[i] >> 4];
        out[2 * i + 1] = digits[bytes[i] & 15];
    }
    out[2 * size] = 0;
    return out;
}

#endif
