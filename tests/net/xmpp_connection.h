/*
 * One XMPP client connection of a test or benchmark program: the core's
 * sign-in (core/xmpp_client.h) over a socket, with STARTTLS by the net
 * layer's Schannel client (net/tls.h), the certificate pinned or checked
 * by the system's roots.
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

#ifndef MSGSC_TEST_XMPP_CONNECTION_H
#define MSGSC_TEST_XMPP_CONNECTION_H

#include <stdio.h>
#include <string.h>

#include <winsock2.h>

#include "core/xmpp_client.h"
#include "net/tls.h"

struct xmpp_connection
{
    struct xmpp_client client;
    SOCKET sock;
    struct tls_session *tls; /* once STARTTLS is done */
    const char *domain;      /* the certificate's name, when not pinned */
    unsigned char pin[TLS_PIN_SIZE];
    int use_pin;
    char tls_error[256]; /* why TLS was refused, or "" */
};

/* The pin: 64 hex digits, or "-" for the system's roots.  0 if neither. */
static inline int xmpp_connection_set_pin(struct xmpp_connection *conn, const char *hex)
{
    conn->use_pin = strcmp(hex, "-") != 0;
    return !conn->use_pin || tls_parse_pin(hex, conn->pin);
}

/* The client's send callback (ctx: the connection). */
static inline void xmpp_connection_send(void *ctx, const char *data, size_t len)
{
    struct xmpp_connection *conn = ctx;

    if (conn->tls)
        tls_send(conn->tls, data, len);
    else
        send(conn->sock, data, (int)len, 0);
}

/* TLS for the client's start_tls callback: TRUE when it is up (and the
 * client told), FALSE with the reason in tls_error. */
static inline int xmpp_connection_start_tls(struct xmpp_connection *conn)
{
    conn->tls_error[0] = 0;
    if (!(conn->tls = tls_connect(conn->sock, conn->domain, conn->use_pin ? conn->pin : NULL, conn->tls_error,
                                  sizeof(conn->tls_error))))
        return 0;
    xmpp_client_tls_done(&conn->client);
    return 1;
}

/* What arrived, through TLS once it is up: as recv. */
static inline int xmpp_connection_recv(struct xmpp_connection *conn, char *buf, size_t size)
{
    return conn->tls ? tls_recv(conn->tls, buf, size) : recv(conn->sock, buf, (int)size, 0);
}

static inline void xmpp_connection_close(struct xmpp_connection *conn)
{
    xmpp_client_close(&conn->client);
    xmpp_client_clear(&conn->client);
    if (conn->tls) tls_close(conn->tls);
    conn->tls = NULL;
    closesocket(conn->sock);
    conn->sock = INVALID_SOCKET;
}

#endif
