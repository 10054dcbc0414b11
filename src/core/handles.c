/*
 * A set of session handles with counts: open addressing, linear probing.
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

#include <stdlib.h>
#include <string.h>

#include "handles.h"
#include "hash.h"

struct handle_counts
{
    uint64_t *handles; /* 0 marks a free cell: the service never hands out 0 */
    uint32_t *counts;
    unsigned int bits; /* 2^bits cells; 0 before the first handle */
    size_t used;       /* at most half the cells, so that every probe ends */
};

struct handle_counts *handle_counts_new(void)
{
    return calloc(1, sizeof(struct handle_counts));
}

void handle_counts_free(struct handle_counts *counts)
{
    if (!counts) return;
    free(counts->handles);
    free(counts->counts);
    free(counts);
}

static size_t capacity(const struct handle_counts *counts)
{
    return counts->bits ? (size_t)1 << counts->bits : 0;
}

static size_t home_cell(const struct handle_counts *counts, uint64_t handle)
{
    return core_hash_bucket(handle, counts->bits);
}

/* The cell of handle, or the free cell that ends its run. */
static size_t find_cell(const struct handle_counts *counts, uint64_t handle)
{
    size_t mask = capacity(counts) - 1, i = home_cell(counts, handle);

    while (counts->handles[i] && counts->handles[i] != handle)
        i = (i + 1) & mask;
    return i;
}

uint32_t handle_counts_get(const struct handle_counts *counts, uint64_t handle)
{
    size_t i;

    if (!counts->bits || !handle) return 0;
    i = find_cell(counts, handle);
    return counts->handles[i] ? counts->counts[i] : 0;
}

static int grow(struct handle_counts *counts)
{
    struct handle_counts bigger = {0};
    size_t i, size;

    bigger.bits = counts->bits ? counts->bits + 1 : 4;
    size = capacity(&bigger);
    bigger.handles = calloc(size, sizeof(*bigger.handles));
    bigger.counts = calloc(size, sizeof(*bigger.counts));
    if (!bigger.handles || !bigger.counts)
    {
        free(bigger.handles);
        free(bigger.counts);
        return 0;
    }
    for (i = 0; i < capacity(counts); i++)
    {
        size_t cell;

        if (!counts->handles[i]) continue;
        cell = find_cell(&bigger, counts->handles[i]);
        bigger.handles[cell] = counts->handles[i];
        bigger.counts[cell] = counts->counts[i];
    }
    bigger.used = counts->used;
    free(counts->handles);
    free(counts->counts);
    *counts = bigger;
    return 1;
}

/* Removes cell i, moving later cells of the same run back (no tombstones):
 * a cell may fill the hole unless its home lies cyclically in (i, j], for
 * then the hole is before its home and a lookup would stop at the hole. */
static void remove_cell(struct handle_counts *counts, size_t i)
{
    size_t mask = capacity(counts) - 1, j = i;

    counts->handles[i] = 0;
    counts->used--;
    for (;;)
    {
        size_t home;

        j = (j + 1) & mask;
        if (!counts->handles[j]) return;
        home = home_cell(counts, counts->handles[j]);
        if (i <= j ? (home > i && home <= j) : (home > i || home <= j)) continue;
        counts->handles[i] = counts->handles[j];
        counts->counts[i] = counts->counts[j];
        counts->handles[j] = 0;
        i = j;
    }
}

uint32_t handle_counts_add(struct handle_counts *counts, uint64_t handle, int delta)
{
    size_t i;

    if (!handle) return 0;
    if ((counts->used + 1) * 2 > capacity(counts) && !grow(counts)) return UINT32_MAX;
    i = find_cell(counts, handle);
    if (!counts->handles[i])
    {
        if (delta <= 0) return 0;
        counts->handles[i] = handle;
        counts->counts[i] = 0;
        counts->used++;
    }
    counts->counts[i] += (uint32_t)delta;
    if (counts->counts[i]) return counts->counts[i];
    remove_cell(counts, i);
    return 0;
}

void handle_counts_drain(struct handle_counts *counts, void (*fn)(uint64_t handle, uint32_t count))
{
    size_t i;

    for (i = 0; i < capacity(counts); i++)
        if (counts->handles[i]) fn(counts->handles[i], counts->counts[i]);
    free(counts->handles);
    free(counts->counts);
    memset(counts, 0, sizeof(*counts));
}
