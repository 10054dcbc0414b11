/*
 * Native tests of the handle sets (src/core/handles.c) and of core_hash_bucket (src/core/hash.h).
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

#include "core/handles.h"
#include "core/hash.h"
#include "coretest.h"

/* A service handle: generation in the high half, slot index in the low. */
static uint64_t handle_of(uint32_t generation, uint32_t index)
{
    return (uint64_t)generation << 32 | index;
}

static void test_hash_bucket(void)
{
    static unsigned int hits[1024];
    unsigned int i, most = 0;

    ok_int(core_hash_bucket(12345, 0), 0);
    ok_int(core_hash_bucket(0, 10), 0);
    /* The formula the COM session used for its 1024 buckets. */
    ok_int(core_hash_bucket(42, 10), (size_t)((42 * 0x9e3779b97f4a7c15ull) >> 54));
    ok_int(core_hash_bucket(UINT64_MAX, 64), (size_t)(UINT64_MAX * 0x9e3779b97f4a7c15ull));
    for (i = 0; i < 100000; i++)
    {
        if (core_hash_bucket(handle_of(1, i) * 7919, 3) >= 8) break;
    }
    ok(i == 100000, "bucket out of range for key %u\n", i);

    /* Consecutive slots spread evenly: 1024 handles in 1024 buckets. */
    for (i = 0; i < 1024; i++)
        hits[core_hash_bucket(handle_of(1, i), 10)]++;
    for (i = 0; i < 1024; i++)
        if (hits[i] > most) most = hits[i];
    ok(most <= 3, "%u consecutive handles share a bucket\n", most);
}

static void test_add_get_remove(void)
{
    struct handle_counts *counts = handle_counts_new();

    ok(counts != NULL, "no set\n");
    ok_int(handle_counts_get(counts, 5), 0);
    ok_int(handle_counts_add(counts, 5, -1), 0);
    ok_int(handle_counts_get(counts, 5), 0);
    ok_int(handle_counts_add(counts, 5, 0), 0);
    ok_int(handle_counts_get(counts, 5), 0);
    ok_int(handle_counts_add(counts, 5, 1), 1);
    ok_int(handle_counts_add(counts, 5, 2), 3);
    ok_int(handle_counts_add(counts, 6, 1), 1);
    ok_int(handle_counts_get(counts, 5), 3);
    ok_int(handle_counts_add(counts, 5, -2), 1);
    ok_int(handle_counts_add(counts, 5, -1), 0);
    ok_int(handle_counts_get(counts, 5), 0);
    ok_int(handle_counts_get(counts, 6), 1);
    ok_int(handle_counts_add(counts, 5, 1), 1);

    /* 0 is "no handle": never stored. */
    ok_int(handle_counts_add(counts, 0, 1), 0);
    ok_int(handle_counts_get(counts, 0), 0);
    handle_counts_free(counts);
    handle_counts_free(NULL);

    counts = handle_counts_new();
    ok_int(handle_counts_get(counts, 1), 0);
    handle_counts_free(counts); /* never grown */
}

/* Handles whose home cell in a table of 2^bits cells is cell. */
static unsigned int find_homed(unsigned int bits, size_t cell, uint64_t *out, unsigned int count)
{
    unsigned int found = 0;
    uint32_t i;

    for (i = 1; i < 1000000 && found < count; i++)
        if (core_hash_bucket(handle_of(1, i), bits) == cell) out[found++] = handle_of(1, i);
    return found;
}

/* The first table has 16 cells.  Three handles at home in the last cell
 * fill it and wrap to cells 0 and 1; one at home in cell 0 lands in cell
 * 2.  Removing any of them must move the rest back so every lookup still
 * reaches its handle (remove_cell's backward shift across the wrap). */
static void test_wrap_around(void)
{
    uint64_t last[3], first[1], all[4];
    unsigned int order, i, j;
    uint32_t count;

    if (find_homed(4, 15, last, 3) < 3 || find_homed(4, 0, first, 1) < 1)
    {
        skip("no colliding handles found\n");
        return;
    }
    memcpy(all, last, sizeof(last));
    all[3] = first[0];
    for (order = 0; order < 4; order++)
    {
        struct handle_counts *counts = handle_counts_new();

        for (i = 0; i < 4; i++)
        {
            count = handle_counts_add(counts, all[i], (int)i + 1);
            ok(count == i + 1, "order %u: add %u gave %u\n", order, i, count);
        }
        count = handle_counts_add(counts, all[order], -(int)order - 1);
        ok(count == 0, "order %u: remove %u left %u\n", order, order, count);
        for (i = 0; i < 4; i++)
        {
            uint32_t expect = i == order ? 0 : i + 1;

            count = handle_counts_get(counts, all[i]);
            ok(count == expect, "order %u: handle %u has %u, expected %u\n", order, i, count, expect);
        }
        /* Remove the rest one by one, checking the survivors each time. */
        for (i = 0; i < 4; i++)
        {
            if (i == order) continue;
            count = handle_counts_add(counts, all[i], -(int)i - 1);
            ok(count == 0, "order %u: remove %u left %u\n", order, i, count);
            for (j = i + 1; j < 4; j++)
            {
                if (j == order) continue;
                count = handle_counts_get(counts, all[j]);
                ok(count == j + 1, "order %u: handle %u has %u after %u went, expected %u\n", order, j, count,
                   i, j + 1);
            }
        }
        handle_counts_free(counts);
    }
}

static uint64_t drained_sum, drained_handles;
static unsigned int drained;

static void drain_fn(uint64_t handle, uint32_t count)
{
    drained++;
    drained_handles += handle;
    drained_sum += count;
}

/* Many handles: the table grows many times and keeps every count. */
static void test_growth_and_drain(void)
{
    struct handle_counts *counts = handle_counts_new();
    uint64_t handles = 0, sum = 0;
    unsigned int i, wrong = 0;

    for (i = 0; i < 20000; i++)
        if (handle_counts_add(counts, handle_of(1 + i % 3, i), (int)(i % 5) + 1) != i % 5 + 1) wrong++;
    ok(!wrong, "%u adds gave the wrong count\n", wrong);
    for (i = 0; i < 20000; i++)
        if (handle_counts_get(counts, handle_of(1 + i % 3, i)) != i % 5 + 1) wrong++;
    ok(!wrong, "%u handles have the wrong count\n", wrong);
    ok_int(handle_counts_get(counts, handle_of(9, 7)), 0);

    /* Remove every other handle; the rest must stay reachable. */
    for (i = 0; i < 20000; i += 2)
        if (handle_counts_add(counts, handle_of(1 + i % 3, i), -(int)(i % 5) - 1) != 0) wrong++;
    ok(!wrong, "%u removals left a count\n", wrong);
    for (i = 0; i < 20000; i++)
    {
        uint32_t expect = i % 2 ? i % 5 + 1 : 0;

        if (handle_counts_get(counts, handle_of(1 + i % 3, i)) != expect) wrong++;
        if (expect)
        {
            handles += handle_of(1 + i % 3, i);
            sum += expect;
        }
    }
    ok(!wrong, "%u handles wrong after removals\n", wrong);

    handle_counts_drain(counts, drain_fn);
    ok(drained == 10000, "drained %u handles\n", drained);
    ok(drained_handles == handles && drained_sum == sum,
       "drained handles summing to %#llx, counts to %llu, expected %#llx, %llu\n",
       (unsigned long long)drained_handles, (unsigned long long)drained_sum, (unsigned long long)handles,
       (unsigned long long)sum);
    ok_int(handle_counts_get(counts, handle_of(2, 1)), 0);

    /* A drained set is empty and usable. */
    drained = 0;
    handle_counts_drain(counts, drain_fn);
    ok(drained == 0, "drained %u handles from an empty set\n", drained);
    ok_int(handle_counts_add(counts, 7, 1), 1);
    ok_int(handle_counts_get(counts, 7), 1);
    handle_counts_free(counts);
}

int main(void)
{
    test_hash_bucket();
    test_add_get_remove();
    test_wrap_around();
    test_growth_and_drain();
    return test_summary();
}
