/*
 * Bucket numbers of hash tables (portable).
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

#ifndef MSGSC_CORE_HASH_H
#define MSGSC_CORE_HASH_H

#include <stddef.h>
#include <stdint.h>

/* The bucket of key in a table of 2^bits buckets (bits 0..64), by
 * Fibonacci hashing: the top bits of key * 2^64 / phi.  Session handles
 * differ mostly in their low bits (slot index, generation), and the top
 * bits of the product mix all of them.  Tables keep their size as bits, so
 * that the shift can never disagree with the bucket count. */
static inline size_t core_hash_bucket(uint64_t key, unsigned int bits)
{
    return bits ? (size_t)((key * 0x9e3779b97f4a7c15ull) >> (64 - bits)) : 0;
}

#endif
