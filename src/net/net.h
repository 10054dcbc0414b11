/*
 * The broker's network backends behind one small interface.
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

#ifndef MSGSC_NET_NET_H
#define MSGSC_NET_NET_H

#include <windows.h>

#include "core/service.h"
#include "win/config.h"

/* What the broker hands a backend.  The service is shared with the
 * broker's local clients: a backend calls into it only between lock and
 * unlock, and calls settle after each such call, still locked, so that
 * what the service queued for the local processes is written. */
struct net_host
{
    const struct msgsc_config *config;
    struct service *service;
    void *ctx;
    void (*lock)(void *ctx);
    void (*unlock)(void *ctx);
    void (*settle)(void *ctx);
};

struct net_backend
{
    const char *name;
    /* Starts the backend's thread; host must outlive stop. */
    BOOL (*start)(const struct net_host *host);
    void (*stop)(void);
    /* The service's env->send, called with the host's lock held. */
    enum core_status (*send)(void *ctx, struct core_session *session, const struct core_message *msg);
};

/* TCP links straight to other users' brokers, no server (docs/network.md). */
extern const struct net_backend net_direct;
/* Signed in to the user's XMPP server, which relays (docs/protocol.md 9). */
extern const struct net_backend net_xmpp;

#endif
