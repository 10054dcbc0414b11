/*
 * How the stream fuzz targets cut their input into the pieces a connection delivers.
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

#ifndef MSGSC_FUZZ_PIECES_H
#define MSGSC_FUZZ_PIECES_H

#include <stddef.h>
#include <stdint.h>

/* A reader that must give the same result however its bytes were cut is
 * fed three times: whole, one byte at a time, and in pieces whose sizes
 * come from a generator seeded by the input, so that a failing input
 * fails again when it is run alone. */
struct fuzz_cutter
{
    size_t fixed;   /* every piece this size; 0: drawn */
    uint64_t state; /* xorshift64, never 0 */
};

/* FNV-1a of the input, never 0: the seed of a drawn cutter. */
static inline uint64_t fuzz_seed(const uint8_t *data, size_t size)
{
    uint64_t hash = 0xcbf29ce484222325ull;
    size_t i;

    for (i = 0; i < size; i++)
        hash = (hash ^ data[i]) * 0x100000001b3ull;
    return hash ? hash : 1;
}

/* The size of the next piece: mostly 1 to 16 bytes, one time in eight up
 * to 2048. */
static inline size_t fuzz_next_piece(struct fuzz_cutter *cutter)
{
    uint64_t x = cutter->state;

    if (cutter->fixed) return cutter->fixed;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    cutter->state = x;
    return x % 8 ? (size_t)(x >> 8) % 16 + 1 : (size_t)(x >> 8) % 2048 + 1;
}

#endif /* MSGSC_FUZZ_PIECES_H */
