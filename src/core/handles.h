/*
 * A set of session handles with counts (portable).
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

#ifndef MSGSC_CORE_HANDLES_H
#define MSGSC_CORE_HANDLES_H

#include <stdint.h>

/* What the broker keeps per process (the session references it holds) and
 * for itself (the invitations it keeps alive): service handles, never 0,
 * each with a count.  Open addressing, so that thousands of handles cost
 * one probe each. */
struct handle_counts;

/* An empty set; NULL when out of memory. */
struct handle_counts *handle_counts_new(void);
void handle_counts_free(struct handle_counts *counts);

/* The count of handle; 0 when it is not in the set (and for handle 0). */
uint32_t handle_counts_get(const struct handle_counts *counts, uint64_t handle);

/* Adds delta, which may be negative but must not take the count below 0;
 * returns the new count, or UINT32_MAX when out of memory (the set is then
 * unchanged).  A count that reaches 0 is removed; a handle that is not in
 * the set is not added by a delta <= 0.  Handle 0 is ignored (returns 0). */
uint32_t handle_counts_add(struct handle_counts *counts, uint64_t handle, int delta);

/* Calls fn for every handle with its count, in no particular order, then
 * empties the set (which stays usable). */
void handle_counts_drain(struct handle_counts *counts, void (*fn)(uint64_t handle, uint32_t count));

#endif
