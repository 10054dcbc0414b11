/*
 * Signing in to an XMPP server: the client's side of the stream, portable.
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

#ifndef MSGSC_CORE_XMPP_CLIENT_H
#define MSGSC_CORE_XMPP_CLIENT_H

#include <stddef.h>

#include "scram.h"
#include "xmpp_frame.h"
#include "xmpp_xml.h"

/* The sign-in of RFC 6120, as a state machine that does no I/O: the
 * platform's shell (src/net) owns the socket and TLS, feeds the bytes it
 * reads (decrypted) to xmpp_client_feed, and writes what the send callback
 * gives it (encrypted once TLS is up).  In order:
 *
 *   stream header, <stream:features/>
 *   STARTTLS: <starttls/>, <proceed/>, then the shell's TLS handshake
 *     (the start_tls callback; xmpp_client_tls_done when it is done) and a
 *     new stream; refused without TLS unless plaintext is allowed
 *   SASL: SCRAM-SHA-256 or SCRAM-SHA-1 (scram.h), PLAIN only inside TLS,
 *     then a new stream
 *   resource binding, then online: the stanza callback has every stanza.
 *
 * Every way it fails is a status of its own with a text for the trace;
 * after one, the client sends nothing more and the shell closes the
 * connection.  No allocation: everything is in the struct. */

#define XMPP_CLIENT_STATUS_MAP(XX)                                                                           \
    XX(OK, 0, "no error")                                                                                    \
    XX(E_INVALIDARG, -1, "an argument is missing or not one the call takes")                                 \
    XX(E_STATE, -2, "the call is out of order, or the sign-in has ended")                                    \
    XX(E_STREAM, -3, "the server's bytes are not an XMPP stream")                                            \
    XX(E_STREAM_ERROR, -4, "the server ended the stream with a stream error")                                \
    XX(E_CLOSED, -5, "the server closed its stream")                                                         \
    XX(E_NO_TLS, -6, "the server does not offer STARTTLS, and plaintext is not allowed")                     \
    XX(E_TLS_REFUSED, -7, "the server answered STARTTLS with <failure/>")                                    \
    XX(E_NO_MECHANISM, -8, "the server offers no SASL mechanism this client uses here")                      \
    XX(E_AUTH, -9, "the server refused the password or the account (SASL <failure/>)")                       \
    XX(E_SCRAM, -10,                                                                                         \
       "the server's SCRAM messages are wrong (scram.h says how), or it does not know the "                  \
       "password")                                                                                           \
    XX(E_BIND, -11, "the server refused to bind a resource")                                                 \
    XX(E_TOO_LONG, -12, "a name, password or stanza is longer than its limit")

enum xmpp_client_status
{
#define XX(name, value, text) XMPP_CLIENT_##name = value,
    XMPP_CLIENT_STATUS_MAP(XX)
#undef XX
};

const char *xmpp_client_status_name(enum xmpp_client_status status);
const char *xmpp_client_status_text(enum xmpp_client_status status);

/* Limits, in bytes: RFC 7622 3.1 for a JID's parts. */
#define XMPP_JID_MAX      3071
#define XMPP_PART_MAX     1023
#define XMPP_PASSWORD_MAX 1023

struct xmpp_client_callbacks
{
    /* Bytes for the server, in order; the shell writes them all. */
    void (*send)(void *ctx, const char *data, size_t len);
    /* <proceed/> came: start TLS on the connection now (the bytes after
     * <proceed/> are TLS), then call xmpp_client_tls_done. */
    void (*start_tls)(void *ctx);
    /* Signed in as full_jid (the resource the server bound). */
    void (*online)(void *ctx, const char *full_jid);
    /* A stanza (message, presence, iq) once online. */
    void (*stanza)(void *ctx, const struct xmpp_xml_element *stanza);
    /* The sign-in or the stream ended (never XMPP_CLIENT_OK); detail is
     * the server's condition or SCRAM's status name, or "". */
    void (*failed)(void *ctx, enum xmpp_client_status status, const char *detail);
};

struct xmpp_client_config
{
    const char *jid;      /* bare: local@domain */
    const char *password; /* UTF-8 */
    const char *resource; /* asked for; the server may bind another */
    /* Nonzero: a server without STARTTLS is used in plaintext (tests on
     * loopback only; the shell decides when that is allowed). */
    int allow_plaintext;
    /* From a cryptographic random source: the SCRAM client nonce
     * (printable ASCII without ','). */
    const char *nonce;
};

/* The fields are private.  xmpp_client_start clears those before
 * frame_buf; the buffers after it need no clearing. */
struct xmpp_client
{
    int state;
    int tls;                        /* TLS is up */
    int authenticated;              /* SASL succeeded */
    int scram_used, scram_verified; /* SCRAM chosen; the server's signature checked */
    int allow_plaintext;
    struct xmpp_client_callbacks callbacks;
    void *ctx;
    char local[XMPP_PART_MAX + 1], domain[XMPP_PART_MAX + 1], resource[XMPP_PART_MAX + 1];
    char password[XMPP_PASSWORD_MAX + 1];
    char nonce[SCRAM_NONCE_MAX + 1];
    enum sha_algorithm algorithm;
    struct scram_client scram;
    struct xmpp_framer framer;
    struct xmpp_xml_arena header_arena, arena;
    const struct xmpp_xml_element *header; /* the server's stream header */
    char full_jid[XMPP_JID_MAX + 1];
    char frame_buf[XMPP_FRAME_DEFAULT_MAX];
    char header_arena_buf[XMPP_XML_ARENA_SIZE(2048)];
    char arena_buf[XMPP_XML_ARENA_SIZE(XMPP_FRAME_DEFAULT_MAX)];
    char out[8192]; /* what is sent next: the longest is <auth/> with the longest name */
};

/* Starts the sign-in: checks the configuration (E_INVALIDARG for a JID
 * that is not local@domain, E_TOO_LONG) and sends the first stream
 * header. */
enum xmpp_client_status xmpp_client_start(struct xmpp_client *client, const struct xmpp_client_config *config,
                                          const struct xmpp_client_callbacks *callbacks, void *ctx);
/* The bytes the server sent (after TLS, decrypted).  Returns OK, or the
 * status that ended the stream (which failed also reports). */
enum xmpp_client_status xmpp_client_feed(struct xmpp_client *client, const char *data, size_t len);
/* The shell's TLS handshake after <proceed/> is done: the new stream. */
enum xmpp_client_status xmpp_client_tls_done(struct xmpp_client *client);
/* Sends a stanza once online (the caller built it, escaped). */
enum xmpp_client_status xmpp_client_send(struct xmpp_client *client, const char *stanza, size_t len);
/* The closing tag of the stream, and nothing more after it. */
void xmpp_client_close(struct xmpp_client *client);
/* Forgets the password and SCRAM's secrets. */
void xmpp_client_clear(struct xmpp_client *client);

#endif
