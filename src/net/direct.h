/*
 * The limits of the direct network backend's links.
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

#ifndef MSGSC_NET_DIRECT_H
#define MSGSC_NET_DIRECT_H

#include "core/wire.h"

/* The settings that shape a link (LinkIdleTimeout, MaxPendingInvitations,
 * MaxMessagesPerSecond) are in win/config.h; these are fixed.  Only
 * direct.c and the network tests (tests/net/hostile.c) include this. */

/* ---- The limits of a link: this table is the only place they are written
 * (docs/network.md sections 4 and 5 explain them) ---- */

/* Links per broker, both directions, those before their hello included. */
#define MAX_LINKS 256
/* How long a connection may take to say its hello; for an outgoing one the
 * time runs from the first message, looking up and connecting included. */
#define HELLO_TIMEOUT_MS 10000
/* What a link's socket may hold of ours (SO_SNDBUF): far more than the
 * invitations of any exchange, and fixed, so that a peer that does not
 * read fills it soon and no system autotuning makes it megabytes. */
#define LINK_SEND_BUFFER 32768
/* What a link may queue beyond what its socket took.  Normally that is
 * nothing; the bursts that need room are the messages sent while the
 * connection is not up yet (an application's invitations, the hello) and
 * one round's answers when the socket is full (a timeout that ends many
 * sessions with one peer at once): 16 of the longest frames, or over a
 * hundred CANCELs.  A connected link that would need more has a peer that
 * does not read, and is closed; before the connection is up the message
 * is refused. */
#define LINK_QUEUE_MAX (16 * WIRE_FRAME_MAX)
/* How long queued bytes may wait while the socket takes none of them (the
 * peer has LINK_SEND_BUFFER bytes of ours unread or unacknowledged). */
#define LINK_WRITE_TIMEOUT_MS 10000

#endif
