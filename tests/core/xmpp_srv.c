/*
 * Tests of the order of an XMPP domain's servers (src/core/xmpp_srv.c).
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

#include <stdio.h>
#include <string.h>

#include "core/xmpp_srv.h"
#include "coretest.h"

/* Draws from a list, then 0. */
struct draws
{
    const uint32_t *values;
    size_t count, next;
};

static uint32_t next_draw(void *ctx)
{
    struct draws *draws = ctx;

    return draws->next < draws->count ? draws->values[draws->next++] : 0;
}

static uint32_t lcg(void *ctx)
{
    uint32_t *state = ctx;

    *state = *state * 1103515245u + 12345u;
    return *state >> 8;
}

static void set(struct xmpp_srv_target *target, const char *host, uint16_t priority, uint16_t weight)
{
    memset(target, 0, sizeof(*target));
    snprintf(target->host, sizeof(target->host), "%s", host);
    target->priority = priority;
    target->weight = weight;
    target->port = 5222;
}

static void order_of(const struct xmpp_srv_target *targets, size_t count, char *out, size_t size)
{
    size_t i, len = 0;

    out[0] = 0;
    for (i = 0; i < count && len < size; i++)
        len += (size_t)snprintf(out + len, size - len, "%s%s", i ? " " : "", targets[i].host);
}

static void test_no_service(void)
{
    struct xmpp_srv_target targets[2];
    struct draws draws = {NULL, 0, 0};

    /* "." alone: the domain says it has no XMPP service. */
    set(&targets[0], ".", 0, 0);
    ok(xmpp_srv_order(targets, 1, next_draw, &draws) == 0, "\".\" is no service\n");
    ok(xmpp_srv_order(targets, 0, next_draw, &draws) == 0, "no records\n");
    /* Among others it is just a name (that will not resolve). */
    set(&targets[1], "xmpp.example.org", 0, 0);
    ok(xmpp_srv_order(targets, 2, next_draw, &draws) == 2, "\".\" with another record\n");
}

static void test_priority(void)
{
    struct xmpp_srv_target targets[4];
    struct draws draws = {NULL, 0, 0};
    char order[128];

    set(&targets[0], "c", 30, 0);
    set(&targets[1], "a1", 10, 0);
    set(&targets[2], "b", 20, 0);
    set(&targets[3], "a2", 10, 0);
    ok(xmpp_srv_order(targets, 4, next_draw, &draws) == 4, "count\n");
    order_of(targets, 4, order, sizeof(order));
    ok(!strcmp(order, "a1 a2 b c"), "by priority, lowest first: %s\n", order);
    ok(targets[0].port == 5222, "the port goes with its target\n");
}

/* Weights 10, 30 and 0: the weight 0 goes first, the running sums are
 * 0, 10, 40, and a draw in [0, 40] picks the first target whose sum
 * reaches it; then the same among those left. */
static void check_draws(uint32_t first_draw, const char *expected)
{
    uint32_t values[2] = {first_draw, 0};
    struct draws draws = {values, 2, 0};
    struct xmpp_srv_target targets[3];
    char order[128];

    set(&targets[0], "b10", 1, 10);
    set(&targets[1], "c30", 1, 30);
    set(&targets[2], "a0", 1, 0);
    xmpp_srv_order(targets, 3, next_draw, &draws);
    order_of(targets, 3, order, sizeof(order));
    ok(!strcmp(order, expected), "first draw %u: %s, expected %s\n", first_draw, order, expected);
}

static void test_weight_draws(void)
{
    check_draws(0, "a0 b10 c30");
    check_draws(5, "b10 a0 c30");
    check_draws(11, "c30 a0 b10");
    check_draws(40, "c30 a0 b10");
}

/* Over many draws each target comes first in proportion to its weight. */
static void test_weight_share(void)
{
    struct xmpp_srv_target targets[3];
    unsigned int first[3] = {0}, round;
    uint32_t state = 1;

    for (round = 0; round < 20000; round++)
    {
        set(&targets[0], "w10", 5, 10);
        set(&targets[1], "w30", 5, 30);
        set(&targets[2], "w60", 5, 60);
        xmpp_srv_order(targets, 3, lcg, &state);
        first[targets[0].host[1] == '1' ? 0 : targets[0].host[1] == '3' ? 1 : 2]++;
    }
    ok(first[0] > 1600 && first[0] < 2400, "weight 10 first %u of 20000\n", first[0]);
    ok(first[1] > 5400 && first[1] < 6600, "weight 30 first %u of 20000\n", first[1]);
    ok(first[2] > 11200 && first[2] < 12800, "weight 60 first %u of 20000\n", first[2]);
}

int main(void)
{
    test_no_service();
    test_priority();
    test_weight_draws();
    test_weight_share();
    return test_summary();
}
