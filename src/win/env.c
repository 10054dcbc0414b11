/*
 * What Windows gives the core: randomness, the registered applications, the host's address.
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
#include <ntsecapi.h>

#include "platform.h"
#include "appstore.h"
#include "env.h"

/* RtlGenRandom (advapi32, which every process has loaded) rather than
 * BCryptGenRandom: loading bcrypt.dll cost each process that loads
 * msgsc.dll a few milliseconds. */
BOOL platform_random(void *buf, size_t len)
{
    return len <= ULONG_MAX && RtlGenRandom(buf, (ULONG)len);
}

/* SessionIDs and cookies must differ between sessions: without the
 * system's generator they still do, from the clock and a counter. */
static void env_random_bytes(void *ctx, unsigned char *buf, size_t len)
{
    static LONG counter;
    size_t i;

    (void)ctx;
    if (platform_random(buf, len)) return;
    ERR("RtlGenRandom failed; SessionIDs and cookies are predictable.\n");
    for (i = 0; i < len; i++)
        buf[i] = (unsigned char)((GetTickCount64() >> (8 * (i % 8))) ^ InterlockedIncrement(&counter) ^
                                 (GetCurrentProcessId() >> (i % 4)));
}

static enum core_status env_lookup_app(void *ctx, const char *guid, struct core_app_info *info)
{
    (void)ctx;
    return appstore_lookup(guid, info);
}

/* The first IPv4 address of this host that is not loopback, else 127.0.0.1
 * (spec 2.2 LocalAddress: "the local IP of the computer"). */
static const char *env_default_address(void *ctx)
{
    static char default_address[64];
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

void platform_fill_env(struct core_env *env)
{
    memset(env, 0, sizeof(*env));
    env->random_bytes = env_random_bytes;
    env->lookup_app = env_lookup_app;
    env->default_address = env_default_address;
}
