/*
 * The order in which to try an XMPP domain's servers (RFC 6120 3.2.1,
 * RFC 2782).
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

#ifndef MSGSC_CORE_XMPP_SRV_H
#define MSGSC_CORE_XMPP_SRV_H

#include <stddef.h>
#include <stdint.h>

#define XMPP_SRV_HOST_MAX 255 /* a DNS name */
#define XMPP_SRV_MAX      16  /* targets kept of one answer */

/* One SRV record of _xmpp-client._tcp.<domain>. */
struct xmpp_srv_target
{
    uint16_t priority, weight, port;
    char host[XMPP_SRV_HOST_MAX + 1];
};

/* Puts targets in the order to try them: by priority, lowest first, and
 * within one priority by RFC 2782's weighted random choice, random(ctx)
 * giving each draw.  Returns how many are left to try: 0 when the answer
 * is the single target "." (the domain has no XMPP service: no fallback
 * to the domain itself, RFC 6120 3.2.1 step 2). */
size_t xmpp_srv_order(struct xmpp_srv_target *targets, size_t count, uint32_t (*random)(void *ctx),
                      void *ctx);

#endif
