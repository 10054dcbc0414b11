/*
 * The session service this process talks to, and the platform it gives the core.
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

#include <winsock2.h>
#include <ws2tcpip.h>

#include "msgsc_private.h"

/* In this version the service runs inside the process (no transport: Invite
 * answers MSGR_E_NOT_LOGGED_ON).  The per-user broker will replace the body
 * of backend_call with a round trip over a local channel; the COM objects
 * do not change. */

static SRWLOCK backend_lock = SRWLOCK_INIT;
static struct service *service;
static char default_address[64];

static void backend_random_bytes(void *ctx, unsigned char *buf, size_t len)
{
    (void)ctx;
    while (len)
    {
        GUID guid;
        size_t count = min(len, sizeof(guid));

        /* CoCreateGuid draws from the system's cryptographic generator. */
        if (FAILED(CoCreateGuid(&guid))) memset(&guid, 0, sizeof(guid));
        memcpy(buf, &guid, count);
        buf += count;
        len -= count;
    }
}

static enum core_status backend_lookup_app(void *ctx, const char *guid, struct core_app_info *info)
{
    (void)ctx;
    return appstore_lookup(guid, info);
}

/* The first IPv4 address of this host that is not loopback, else 127.0.0.1
 * (spec 2.2 LocalAddress: "the local IP of the computer"). */
static const char *backend_default_address(void *ctx)
{
    struct addrinfo hints = {0}, *result, *ai;
    char host[256];
    WSADATA wsa;

    (void)ctx;
    if (default_address[0]) return default_address;

    strcpy(default_address, "127.0.0.1");
    if (WSAStartup(MAKEWORD(2, 2), &wsa)) return default_address;
    hints.ai_family = AF_INET;
    if (!gethostname(host, sizeof(host)) && !getaddrinfo(host, NULL, &hints, &result))
    {
        for (ai = result; ai; ai = ai->ai_next)
        {
            const struct sockaddr_in *sin = (const struct sockaddr_in *)ai->ai_addr;

            if ((ntohl(sin->sin_addr.s_addr) >> 24) == 127) continue;
            if (inet_ntop(AF_INET, &sin->sin_addr, default_address, sizeof(default_address))) break;
        }
        freeaddrinfo(result);
    }
    WSACleanup();
    return default_address;
}

static void backend_session_event(void *ctx, uint64_t session, const struct core_event *event)
{
    (void)ctx;
    session_notify_event(session, event);
}

static void backend_invitation(void *ctx, uint64_t session, const char *data)
{
    (void)ctx;
    manager_notify_invitation(session, data);
}

static void backend_app_changed(void *ctx, const char *guid, int registered)
{
    (void)ctx;
    manager_notify_app_changed(guid, registered);
}

static const struct core_env backend_env = {
    .random_bytes = backend_random_bytes,
    .lookup_app = backend_lookup_app,
    .default_address = backend_default_address,
};

static const struct service_listener backend_listener = {
    .session_event = backend_session_event,
    .invitation = backend_invitation,
    .app_changed = backend_app_changed,
};

enum core_status backend_call(const struct service_request *request, struct service_reply *reply)
{
    enum core_status status;

    AcquireSRWLockExclusive(&backend_lock);
    if (!service) service = service_new(&backend_env, &backend_listener);
    if (service)
        status = service_call(service, request, reply);
    else
    {
        memset(reply, 0, sizeof(*reply));
        status = reply->status = CORE_E_OUTOFMEMORY;
    }
    ReleaseSRWLockExclusive(&backend_lock);

    TRACE("op %d, session %lu -> %s.\n", request->op, (unsigned long)request->session,
          core_status_name(status));
    return status;
}

void backend_shutdown(void)
{
    AcquireSRWLockExclusive(&backend_lock);
    service_free(service);
    service = NULL;
    ReleaseSRWLockExclusive(&backend_lock);
}
