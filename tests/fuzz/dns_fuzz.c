/*
 * libFuzzer target of the SRV answer reader (src/core/dns.c).
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

#include <stdint.h>
#include <string.h>

#include "core/dns.h"

#include "fuzz.h"

/* The input is a DNS server's answer to our query for
 * _xmpp-client._tcp.example.org (id 0x1234; the input's first two bytes
 * are replaced by it, so that more inputs get past the id).  Whatever it
 * holds, the reader stays inside it, returns a status it documents, and
 * every target it gives is a NUL-terminated name of at most 253 bytes. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static unsigned char msg[65536];
    struct xmpp_srv_target targets[XMPP_SRV_MAX];
    int count, i;

    if (size > sizeof(msg)) return 0;
    memcpy(msg, data, size);
    if (size >= 2) msg[0] = 0x12, msg[1] = 0x34;
    count = dns_srv_answer(msg, size, 0x1234, "_xmpp-client._tcp.example.org", targets, XMPP_SRV_MAX);
    check(count >= DNS_ANSWER_TRUNCATED && count <= XMPP_SRV_MAX);
    for (i = 0; i < count; i++)
        check(memchr(targets[i].host, 0, 254) != NULL && targets[i].host[0]);
    return 0;
}
