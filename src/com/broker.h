/*
 * The per-user broker's internal declarations (broker.c, links.c).
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

#ifndef MSGSC_BROKER_H
#define MSGSC_BROKER_H

#include <winsock2.h>
#include <ws2tcpip.h>

#include "msgsc_private.h"

/* Everything below is guarded by broker.lock: the service, the clients and
 * the links.  Threads: the main thread accepts local clients, one thread
 * per client reads its requests, and the network thread runs the links and
 * the timeouts (docs/broker.md). */
struct broker
{
    CRITICAL_SECTION lock;
    struct msgsc_config config;
    struct core_env env;
    struct service *service;
    struct list clients;
    unsigned int client_count;
    /* Handles cross the local channel XORed with this random key, so a
     * restarted broker never mistakes an old proxy's handle for a session
     * of its own. */
    uint64_t handle_key;
    /* Invitee sessions the broker itself keeps alive until they are
     * answered, so an invitation waits for an answer even when no
     * application holds it. */
    struct handle_counts *held;
};

extern struct broker broker;

/* A set of session handles with counts (open addressing). */
struct handle_counts;
struct handle_counts *handle_counts_new(void);
void handle_counts_free(struct handle_counts *counts);
uint32_t handle_counts_get(const struct handle_counts *counts, uint64_t handle);
/* Adds delta (which may be negative); returns the new count, or UINT32_MAX
 * when out of memory.  A count that reaches 0 is removed. */
uint32_t handle_counts_add(struct handle_counts *counts, uint64_t handle, int delta);
/* Calls fn for every handle with its count, then empties the set. */
void handle_counts_drain(struct handle_counts *counts, void (*fn)(uint64_t handle, uint32_t count));

/* Call after every service entry, broker.lock held: runs the session
 * releases deferred inside service events, and writes the records queued
 * for every process but writer (NULL: all), whose caller writes its own. */
struct client;
void broker_settle(struct client *writer);

/* links.c: the TCP links to other brokers.  links_start runs the network
 * thread; links_send is env.send. */
BOOL links_start(void);
void links_stop(void);
enum core_status links_send(void *ctx, struct core_session *session, const struct core_message *msg);

#endif
