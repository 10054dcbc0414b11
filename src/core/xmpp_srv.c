/*
 * The order in which to try an XMPP domain's servers (RFC 2782).
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

#include "xmpp_srv.h"

static void swap(struct xmpp_srv_target *a, struct xmpp_srv_target *b)
{
    struct xmpp_srv_target t = *a;

    *a = *b;
    *b = t;
}

size_t xmpp_srv_order(struct xmpp_srv_target *targets, size_t count, uint32_t (*random)(void *ctx), void *ctx)
{
    size_t i, j, start;

    if (count == 1 && !strcmp(targets[0].host, ".")) return 0;
    /* By priority; equal ones keep their order (insertion sort: few). */
    for (i = 1; i < count; i++)
        for (j = i; j > 0 && targets[j - 1].priority > targets[j].priority; j--)
            swap(&targets[j - 1], &targets[j]);
    /* Within a priority, each place goes to a target drawn with chances
     * in proportion to its weight, those of weight 0 moved first (in
     * their order) so that they get a small chance too (RFC 2782,
     * "Weight"). */
    for (start = 0; start < count; start = j)
    {
        for (j = start; j < count && targets[j].priority == targets[start].priority; j++)
            ;
        for (i = start; i + 1 < j; i++)
        {
            uint64_t total = 0, running = 0, draw;
            size_t k, zeros = i;

            for (k = i; k < j; k++)
                if (!targets[k].weight)
                {
                    struct xmpp_srv_target zero = targets[k];

                    memmove(&targets[zeros + 1], &targets[zeros], (k - zeros) * sizeof(*targets));
                    targets[zeros++] = zero;
                }
            for (k = i; k < j; k++)
                total += targets[k].weight;
            draw = random(ctx) % (total + 1);
            for (k = i; k < j; k++)
            {
                running += targets[k].weight;
                if (running >= draw) break;
            }
            swap(&targets[i], &targets[k < j ? k : j - 1]);
        }
    }
    return count;
}
