/*
 * TLS client over a connected socket, with Schannel.
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

#ifndef MSGSC_NET_TLS_H
#define MSGSC_NET_TLS_H

#include <winsock2.h>

/* For the XMPP backend's STARTTLS (RFC 6120 5): TLS 1.2, the most Wine 8's
 * Schannel gives a client.  The server's certificate is checked by
 * msgsc, not by Schannel (manual validation): either its SHA-256
 * fingerprint equals the pinned one (a self-signed server the user
 * trusts), or its chain verifies against the system's roots for the host
 * name.  secur32 and crypt32 are loaded on first use, so that no process
 * that loads msgsc.dll pays for them.  Calls block on the socket; one
 * thread uses a session at a time. */

#define TLS_PIN_SIZE 32 /* SHA-256 */

/* A pin written as 64 hex digits (either case) into pin; FALSE for
 * anything else. */
BOOL tls_parse_pin(const char *hex, unsigned char pin[TLS_PIN_SIZE]);

struct tls_session;

/* The handshake on sock (connected; bytes already read from it belong to
 * the application, so STARTTLS's <proceed/> must have been the last).
 * host is the name the certificate must be for; pin is NULL or the
 * certificate's SHA-256.  NULL on failure, with error (size bytes) saying
 * why in English for the trace; the socket is left to the caller. */
struct tls_session *tls_connect(SOCKET sock, const char *host, const unsigned char *pin, char *error,
                                size_t size);
/* Encrypts and sends all len bytes: nonzero when they went. */
BOOL tls_send(struct tls_session *session, const char *data, size_t len);
/* Decrypted bytes: how many (1..size), 0 when the server closed TLS or
 * the connection, -1 on an error, TLS_WOULD_BLOCK when the socket is
 * non-blocking and no whole record has arrived (a blocking socket is
 * waited for). */
#define TLS_WOULD_BLOCK (-2)
int tls_recv(struct tls_session *session, char *buf, size_t size);
/* Whether decrypted or received bytes wait, so that a poll on the socket
 * alone would miss them: call tls_recv until it would block. */
BOOL tls_pending(const struct tls_session *session);
/* Sends close_notify when it can, and frees the session (not the socket). */
void tls_close(struct tls_session *session);

#endif
