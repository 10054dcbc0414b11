/*
 * The direct network backend: TCP links straight to other users' brokers, no server.
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

#include <limits.h>

#include <winsock2.h>
#include <ws2tcpip.h>

#include "win/platform.h"
#include "core/list.h"
#include "core/wire.h"
#include "direct.h"
#include "net.h"

/* One link is one TCP connection to another user's broker, either way.
 * Each side first sends its hello (USR <sign-in>), then MSG frames carrying
 * text/x-msmsgsinvite payloads (docs/protocol.md).  Sessions name their
 * peer by sign-in name; a link carries the messages of every session with
 * that peer.  Anything malformed, too large or too fast closes the link,
 * and only that peer's sessions end (docs/network.md, trust model). */

/* A message queued before the connection was up, so that a failed connect
 * reaches the session that sent it (I4). */
struct pending
{
    enum core_message_type type;
    char session_id[CORE_GUID_CHARS + 1];
};

struct link
{
    struct list entry;
    unsigned int serial; /* names the link to its name lookup */
    SOCKET socket;       /* INVALID_SOCKET while the peer's host name is looked up */
    /* The peer's sign-in name as our sessions know it: what Invite was
     * given for an outgoing link, the peer's hello for an incoming one. */
    char key[CORE_SIGNIN_MAX_CHARS + 1];
    char remote_name[CORE_SIGNIN_MAX_CHARS + 1]; /* from its hello; "" before */
    char remote_ip[INET6_ADDRSTRLEN];            /* for the log */
    unsigned char remote_bytes[16];              /* incoming: the peer's address (address_bytes) */
    BOOL outgoing, connecting, resolving, closed;
    enum core_status failed; /* CORE_OK, or why the network thread must close it */
    struct wire_reader reader;
    char *out;
    size_t out_len, out_cap;
    struct pending *pending;
    size_t pending_count;
    struct addrinfo *addresses, *next_address; /* outgoing: what the lookup gave, what is left to try */
    double tokens;
    ULONGLONG refilled;
    ULONGLONG hello_deadline; /* a link that has not said who it is by then is closed */
    ULONGLONG active;  /* the last frame either way, or the last idle check that found a live session */
    ULONGLONG waiting; /* since when queued bytes wait for the socket (while out_len) */
};

static struct list links = {&links, &links};
static unsigned int link_count, next_serial;
static SOCKET listen_socket = INVALID_SOCKET, wake_socket = INVALID_SOCKET;
static struct sockaddr_in wake_address;
static HANDLE network_thread;
static DWORD network_thread_id;
static volatile LONG stopping;
static const struct net_host *broker; /* who runs us */

/* Host names are looked up by a thread of their own, one per lookup, never
 * under the broker's lock: the answer may take seconds.  A finished lookup
 * waits in looked_up for the network thread.  lookup_lock guards that list
 * and lookups_stopped; it is taken inside the broker's lock, never around
 * it, and never deleted, since a lookup may outlive the backend. */
struct lookup
{
    struct list entry;
    unsigned int serial; /* of the link that waits for it */
    char host[256], port[8];
    struct addrinfo *result; /* NULL when the name did not resolve */
};

static CRITICAL_SECTION lookup_lock;
static struct list looked_up = {&looked_up, &looked_up};
static BOOL lookups_stopped;

static void wake_network_thread(void)
{
    char byte = 0;

    sendto(wake_socket, &byte, 1, 0, (struct sockaddr *)&wake_address, sizeof(wake_address));
}

/* Marks a link for the network thread to close, from wherever: closing it
 * inside a session's send would re-enter that session. */
static void fail_link(struct link *link, enum core_status reason)
{
    if (link->failed) return;
    link->failed = reason;
    if (GetCurrentThreadId() != network_thread_id) wake_network_thread();
}

static BOOL flush_now(struct link *link);

/* Queues bytes for the peer, within LINK_QUEUE_MAX. */
static enum core_status queue_bytes(struct link *link, const char *bytes, size_t len)
{
    ULONGLONG now = GetTickCount64();

    /* The network thread sends at the end of its round (direct_send): what
     * one round queues may fill the queue while the socket has room. */
    if (link->out_len + len > LINK_QUEUE_MAX && !link->connecting) flush_now(link);
    if (link->out_len + len > LINK_QUEUE_MAX)
    {
        if (!link->connecting)
        {
            WARN("%s does not read: %u bytes wait for it; closing the link.\n",
                 link->key[0] ? link->key : link->remote_ip, (unsigned int)link->out_len);
            fail_link(link, CORE_E_CONNECTION_FAILURE);
        }
        return CORE_E_CONNECTION_FAILURE;
    }
    if (link->out_len + len > link->out_cap)
    {
        size_t cap = link->out_cap ? link->out_cap : 4096;
        char *out;

        while (cap < link->out_len + len)
            cap *= 2;
        if (cap > LINK_QUEUE_MAX) cap = LINK_QUEUE_MAX;
        if (!(out = realloc(link->out, cap))) return CORE_E_OUTOFMEMORY;
        link->out = out;
        link->out_cap = cap;
    }
    if (!link->out_len) link->waiting = now;
    memcpy(link->out + link->out_len, bytes, len);
    link->out_len += len;
    link->active = now;
    return CORE_OK;
}

/* --- the wire: hello and frames (src/core/wire.c) --------------------- */

static BOOL queue_hello(struct link *link)
{
    char hello[WIRE_HELLO_MAX + 1];
    size_t len;

    return wire_build_hello(broker->config->signin, hello, sizeof(hello), &len) == CORE_OK &&
           queue_bytes(link, hello, len) == CORE_OK;
}

static enum core_status queue_message(struct link *link, const struct core_message *msg)
{
    char frame[WIRE_FRAME_MAX + 1];
    enum core_status status;
    size_t len;

    /* Our friendly name is our sign-in name: nothing else is configured. */
    if ((status = wire_build_frame(msg, broker->config->signin, broker->config->signin, frame, sizeof(frame),
                                   &len)) < 0)
        return status;
    return queue_bytes(link, frame, len);
}

/* Sends what the socket takes without blocking; TRUE when nothing is left. */
static BOOL flush_now(struct link *link)
{
    while (link->out_len)
    {
        int sent = send(link->socket, link->out, (int)min(link->out_len, 65536), 0);

        if (sent <= 0) return FALSE;
        memmove(link->out, link->out + sent, link->out_len - sent);
        link->out_len -= sent;
        /* The socket took some: what is left has waited from now on. */
        link->waiting = GetTickCount64();
    }
    return TRUE;
}

/* --- addresses --------------------------------------------------------- */

/* An address as 16 bytes, IPv4 as IPv4-mapped IPv6 (::ffff:a.b.c.d), so
 * that one comparison serves both families, whatever text wrote them, and
 * what a dual-stack listener sees of an IPv4 peer equals its IPv4 form.
 * The scope of a link-local address is not part of it. */
static void ipv4_bytes(const struct in_addr *in4, unsigned char bytes[16])
{
    static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

    memcpy(bytes, mapped, sizeof(mapped));
    memcpy(bytes + 12, in4, 4);
}

static BOOL address_bytes(const struct sockaddr *address, unsigned char bytes[16])
{
    if (address->sa_family == AF_INET)
    {
        ipv4_bytes(&((const struct sockaddr_in *)address)->sin_addr, bytes);
        return TRUE;
    }
    if (address->sa_family == AF_INET6)
    {
        memcpy(bytes, &((const struct sockaddr_in6 *)address)->sin6_addr, 16);
        return TRUE;
    }
    return FALSE;
}

/* The same for the host of a contact; FALSE when it is a host name. */
static BOOL literal_bytes(const char *host, unsigned char bytes[16])
{
    struct in_addr in4;

    if (inet_pton(AF_INET, host, &in4) == 1)
    {
        ipv4_bytes(&in4, bytes);
        return TRUE;
    }
    return inet_pton(AF_INET6, host, bytes) == 1;
}

/* The numeric text of an address, for the log; an IPv4-mapped IPv6 one
 * (from a dual-stack listener) as plain IPv4. */
static void format_address(const struct sockaddr *address, size_t size, char *out, size_t out_size)
{
    const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)address;

    if (address->sa_family == AF_INET6 && IN6_IS_ADDR_V4MAPPED(&in6->sin6_addr))
    {
        inet_ntop(AF_INET, &in6->sin6_addr.s6_addr[12], out, out_size);
        return;
    }
    if (getnameinfo(address, (socklen_t)size, out, (DWORD)out_size, NULL, 0, NI_NUMERICHOST))
        lstrcpynA(out, "?", (int)out_size);
}

/* --- link lifetime ---------------------------------------------------- */

static struct link *find_link(const char *peer)
{
    struct list *cursor;

    for (cursor = links.next; cursor != &links; cursor = cursor->next)
    {
        struct link *link = CONTAINING_RECORD(cursor, struct link, entry);

        if (!link->closed && link->key[0] && core_signin_equal(link->key, peer)) return link;
    }
    return NULL;
}

static void setup_socket(SOCKET socket)
{
    u_long nonblocking = 1;
    BOOL nodelay = TRUE;
    int buffer = LINK_SEND_BUFFER;

    ioctlsocket(socket, FIONBIO, &nonblocking);
    /* Invitations are small and latency-bound. */
    setsockopt(socket, IPPROTO_TCP, TCP_NODELAY, (const char *)&nodelay, sizeof(nodelay));
    setsockopt(socket, SOL_SOCKET, SO_SNDBUF, (const char *)&buffer, sizeof(buffer));
}

/* A new link for socket, which may be INVALID_SOCKET (an outgoing link
 * that has yet to look up its peer's address); on failure the socket is
 * closed. */
static struct link *new_link(SOCKET socket, BOOL outgoing)
{
    struct link *link;

    if (link_count >= MAX_LINKS || !(link = calloc(1, sizeof(*link))))
    {
        if (socket != INVALID_SOCKET) closesocket(socket);
        return NULL;
    }
    if (socket != INVALID_SOCKET) setup_socket(socket);
    link->serial = ++next_serial;
    link->socket = socket;
    link->outgoing = outgoing;
    link->tokens = 2.0 * broker->config->max_messages_per_second;
    link->refilled = link->active = GetTickCount64();
    link->hello_deadline = link->refilled + HELLO_TIMEOUT_MS;
    wire_reader_init(&link->reader);
    list_add_tail(&links, &link->entry);
    link_count++;
    return link;
}

/* Closes a link; its peer's sessions end unless another link to the same
 * peer is still up.  The broker's lock is held, and no session is in a
 * call (not from inside direct_send: see fail_link). */
static void close_link(struct link *link, enum core_status reason)
{
    size_t i;

    if (link->closed) return;
    link->closed = TRUE;
    if (link->socket != INVALID_SOCKET) closesocket(link->socket);
    link->socket = INVALID_SOCKET;
    TRACE("Link to %s closed: %s.\n", link->key[0] ? link->key : link->remote_ip, core_status_name(reason));
    if (link->connecting)
    {
        /* I4: nothing got through; each queued message's session learns. */
        for (i = 0; i < link->pending_count; i++)
        {
            struct core_message msg = {0};

            msg.type = link->pending[i].type;
            msg.peer = link->key;
            msg.session_id = link->pending[i].session_id;
            service_send_failed(broker->service, &msg);
        }
    }
    else if (link->key[0] && !find_link(link->key))
        service_connection_lost(broker->service, link->key, reason);
}

static void free_closed_links(void)
{
    struct list *cursor = links.next;

    while (cursor != &links)
    {
        struct link *link = CONTAINING_RECORD(cursor, struct link, entry);

        cursor = cursor->next;
        if (!link->closed) continue;
        list_remove(&link->entry);
        link_count--;
        if (link->addresses) freeaddrinfo(link->addresses);
        free(link->out);
        free(link->pending);
        free(link);
    }
}

/* Starts connecting to the next address the lookup gave.  A connect that
 * fails at once is left to the poll, as one that fails later: both reach
 * finish_connect.  FALSE when no address is left. */
static BOOL connect_next(struct link *link)
{
    while (link->next_address)
    {
        struct addrinfo *address = link->next_address;
        SOCKET s;

        link->next_address = address->ai_next;
        if (link->socket != INVALID_SOCKET) closesocket(link->socket);
        link->socket = INVALID_SOCKET;
        if ((s = socket(address->ai_family, SOCK_STREAM, IPPROTO_TCP)) == INVALID_SOCKET) continue;
        setup_socket(s);
        format_address(address->ai_addr, address->ai_addrlen, link->remote_ip, sizeof(link->remote_ip));
        connect(s, address->ai_addr, (int)address->ai_addrlen);
        link->socket = s;
        return TRUE;
    }
    return FALSE;
}

static DWORD WINAPI lookup_main(void *arg)
{
    struct lookup *lookup = arg;
    struct addrinfo hints = {0};
    BOOL wanted;

    hints.ai_socktype = SOCK_STREAM;
    hints.ai_protocol = IPPROTO_TCP;
    if (getaddrinfo(lookup->host, lookup->port, &hints, &lookup->result)) lookup->result = NULL;
    EnterCriticalSection(&lookup_lock);
    if ((wanted = !lookups_stopped))
    {
        list_add_tail(&looked_up, &lookup->entry);
        wake_network_thread();
    }
    LeaveCriticalSection(&lookup_lock);
    if (!wanted)
    {
        if (lookup->result) freeaddrinfo(lookup->result);
        free(lookup);
    }
    return 0;
}

static BOOL start_lookup(struct link *link, const char *host, const char *port)
{
    struct lookup *lookup = calloc(1, sizeof(*lookup));
    HANDLE thread;

    if (!lookup) return FALSE;
    lookup->serial = link->serial;
    lstrcpynA(lookup->host, host, sizeof(lookup->host));
    lstrcpynA(lookup->port, port, sizeof(lookup->port));
    if (!(thread = CreateThread(NULL, 0, lookup_main, lookup, 0, NULL)))
    {
        free(lookup);
        return FALSE;
    }
    CloseHandle(thread);
    return TRUE;
}

/* The network thread takes the finished lookups: each link that still
 * waits starts connecting, or fails its pending messages' sessions. */
static void take_lookups(void)
{
    struct list done = {&done, &done}, *cursor;

    EnterCriticalSection(&lookup_lock);
    while (looked_up.next != &looked_up)
    {
        cursor = looked_up.next;
        list_remove(cursor);
        list_add_tail(&done, cursor);
    }
    LeaveCriticalSection(&lookup_lock);
    while (done.next != &done)
    {
        struct lookup *lookup = CONTAINING_RECORD(done.next, struct lookup, entry);

        list_remove(&lookup->entry);
        for (cursor = links.next; cursor != &links; cursor = cursor->next)
        {
            struct link *link = CONTAINING_RECORD(cursor, struct link, entry);

            if (link->serial != lookup->serial || link->closed || !link->resolving) continue;
            link->resolving = FALSE;
            link->addresses = link->next_address = lookup->result;
            lookup->result = NULL;
            if (!connect_next(link))
            {
                TRACE("Could not look up the address of %s (%s).\n", link->key, lookup->host);
                close_link(link, CORE_E_CONNECTION_FAILURE);
            }
            break;
        }
        if (lookup->result) freeaddrinfo(lookup->result);
        free(lookup);
    }
}

/* A new outgoing link to peer, with its hello queued: connecting at once
 * to a numeric address, else waiting for the lookup of its host name. */
static struct link *connect_link(const char *peer)
{
    struct addrinfo hints = {0}, *result = NULL;
    char host[256], port_text[8];
    unsigned short port;
    struct link *link;

    if (!contacts_resolve(broker->config->contacts, peer, host, sizeof(host), &port)) return NULL;
    snprintf(port_text, sizeof(port_text), "%u", port);
    if (!(link = new_link(INVALID_SOCKET, TRUE))) return NULL;
    lstrcpynA(link->key, peer, sizeof(link->key));
    lstrcpynA(link->remote_ip, host, sizeof(link->remote_ip));
    /* Non-blocking: the network thread learns how it went (finish_connect),
     * and a failure reaches the pending messages' sessions then. */
    link->connecting = TRUE;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_protocol = IPPROTO_TCP;
    hints.ai_flags = AI_NUMERICHOST;
    if (!getaddrinfo(host, port_text, &hints, &result) && result)
    {
        link->addresses = link->next_address = result;
        if (!connect_next(link)) goto failed;
    }
    else if (start_lookup(link, host, port_text))
        link->resolving = TRUE;
    else
        goto failed;
    if (queue_hello(link)) return link;

failed:
    /* Nothing is pending yet: no session hears of this link. */
    close_link(link, CORE_E_CONNECTION_FAILURE);
    return NULL;
}

static enum core_status direct_send(void *ctx, struct core_session *session, const struct core_message *msg)
{
    BOOL network = GetCurrentThreadId() == network_thread_id;
    enum core_status status;
    struct link *link;

    (void)ctx;
    (void)session;
    /* A contact with no address is not reachable: not signed in, as far as
     * we can tell (spec Q16). */
    if (!(link = find_link(msg->peer)) && !(link = connect_link(msg->peer))) return CORE_E_NOT_LOGGED_ON;
    if (link->failed) return CORE_E_CONNECTION_FAILURE;
    if ((status = queue_message(link, msg)) < 0) return status;
    if (link->connecting)
    {
        struct pending *pending = realloc(link->pending, (link->pending_count + 1) * sizeof(*pending));

        if (pending)
        {
            link->pending = pending;
            pending[link->pending_count].type = msg->type;
            lstrcpynA(pending[link->pending_count].session_id, msg->session_id, CORE_GUID_CHARS + 1);
            link->pending_count++;
        }
    }
    /* From an application's request, straight onto the wire when the link is
     * up: the handshake's latency should not include waking the network
     * thread.  Errors are left to that thread (closing a link here would
     * re-enter the session that is sending).  The network thread itself
     * sends at the end of its round, after the local events it caused. */
    else if (!network)
        flush_now(link);
    /* Another thread wakes the network thread for what is left to send, a
     * link to poll, and the timeout the session arms once this message is
     * out (an invitation's, an acceptance's): that thread computes its next
     * deadline after this service call, since it needs the lock. */
    if (!network) wake_network_thread();
    return CORE_OK;
}

/* --- the network thread ----------------------------------------------- */

/* The peer's hello: who it is, and whether it may talk to us at all. */
static BOOL accept_hello(struct link *link, const char *name)
{
    unsigned char pinned[16];
    char host[256];
    unsigned short port;

    if (core_signin_validate(name) < 0 || link->remote_name[0]) return FALSE;
    lstrcpynA(link->remote_name, name, sizeof(link->remote_name));
    if (link->outgoing)
    {
        /* Whoever answers at a contact's address must be that contact; a
         * literal name@host:port names only the address. */
        if (!contacts_literal_address(link->key) && !core_signin_equal(name, link->key))
        {
            WARN("%s answered at the address of %s.\n", name, link->key);
            return FALSE;
        }
        return TRUE;
    }
    if (!contacts_allow(broker->config->allow, broker->config->contacts, name))
    {
        WARN("%s (%s) is not allowed to invite %s.\n", name, link->remote_ip, broker->config->signin);
        return FALSE;
    }
    /* A contact with a configured numeric address must come from there:
     * the addresses compare as bytes, not as text. */
    if (contacts_resolve(broker->config->contacts, name, host, sizeof(host), &port) &&
        literal_bytes(host, pinned) && memcmp(pinned, link->remote_bytes, sizeof(pinned)))
    {
        WARN("%s claims to be %s but configured at %s.\n", link->remote_ip, name, host);
        return FALSE;
    }
    lstrcpynA(link->key, name, sizeof(link->key));
    return TRUE;
}

static BOOL within_rate(struct link *link)
{
    double rate = broker->config->max_messages_per_second;
    ULONGLONG now = GetTickCount64();

    if (!rate) return TRUE;
    link->tokens += (now - link->refilled) * rate / 1000.0;
    if (link->tokens > 2 * rate) link->tokens = 2 * rate;
    link->refilled = now;
    if (link->tokens < 1) return FALSE;
    link->tokens -= 1;
    return TRUE;
}

/* Answers an INVITE that makes no session with a CANCEL of code. */
static void refuse_invitation(struct link *link, const struct wire_parsed *parsed, enum core_cancel_code code,
                              const char *why)
{
    struct core_message cancel;

    wire_refusal(parsed, code, &cancel);
    TRACE("Refusing an invitation from %s (%s): %s.\n", link->key, why, wire_cancel_code_name(code));
    queue_message(link, &cancel);
}

/* One frame: a payload from the peer for one of our sessions. */
static BOOL deliver(struct link *link, const struct wire_frame *frame)
{
    static struct wire_parsed parsed; /* large; only the network thread parses */
    uint32_t max_pending = broker->config->max_pending_invitations;
    enum core_cancel_code code;
    enum core_status status;
    unsigned int pending;

    /* The reader hands out frames only after the hello, and only from the
     * hello's name (wire_reader_feed); what is left to judge is the rate. */
    if (!within_rate(link)) return FALSE;
    if ((status = wire_parse(frame->payload, frame->length, link->key, &parsed)) < 0)
    {
        WARN("Malformed invitation message from %s: %s.\n", link->remote_name, parsed.error);
        return FALSE;
    }
    /* An unknown command is dropped, as every client does (spec 5). */
    if (parsed.command == WIRE_COMMAND_UNKNOWN) return TRUE;
    if (parsed.command == WIRE_COMMAND_INVITE)
    {
        /* AllowFrom applies to every invitation, also over a link we opened. */
        if (!contacts_allow(broker->config->allow, broker->config->contacts, link->remote_name))
        {
            WARN("Invitation from %s, who may not invite %s, dropped.\n", link->remote_name,
                 broker->config->signin);
            return TRUE;
        }
        /* Not a Session Invite application (file transfer, games, other
         * session protocols): refused at once, as other clients do. */
        if ((code = wire_invite_check(&parsed)) != CORE_CANCEL_NONE)
        {
            refuse_invitation(link, &parsed, code, "not a Session Invite application");
            return TRUE;
        }
        /* Beyond MaxPendingInvitations unanswered ones, a new invitation is
         * refused (FAIL: the session could not be set up; REJECT would say
         * the user declined); the waiting ones go on. */
        if (max_pending && service_is_new_invitation(broker->service, &parsed.msg) &&
            (service_peer_sessions(broker->service, link->key, &pending), pending >= max_pending))
        {
            refuse_invitation(link, &parsed, CORE_CANCEL_FAIL, "too many invitations wait for an answer");
            return TRUE;
        }
    }
    status = service_receive(broker->service, &parsed.msg);
    /* So are messages for sessions we do not know. */
    if (status == CORE_E_NOT_FOUND) TRACE("Message for an unknown session from %s dropped.\n", link->key);
    return status != CORE_E_PROTOCOL_ERROR;
}

static void read_link(struct link *link)
{
    char buffer[4096];
    int got;

    for (;;)
    {
        size_t offset = 0;

        if ((got = recv(link->socket, buffer, sizeof(buffer), 0)) <= 0)
        {
            if (!got || WSAGetLastError() != WSAEWOULDBLOCK) close_link(link, CORE_E_CONNECTION_FAILURE);
            return;
        }
        while (offset < (size_t)got)
        {
            struct wire_frame frame;
            size_t used = 0;
            enum core_status status =
                wire_reader_feed(&link->reader, buffer + offset, got - offset, &used, &frame);
            BOOL ok = TRUE;

            offset += used;
            /* The reader fails on the byte that makes the input malformed,
             * line end or not: the link closes now, with the rest unread. */
            if (status < 0)
            {
                WARN("Closing the link to %s: %s.\n", link->remote_ip, link->reader.error);
                close_link(link, CORE_E_PROTOCOL_ERROR);
                return;
            }
            if (frame.type != WIRE_FRAME_NONE) link->active = GetTickCount64();
            if (frame.type == WIRE_FRAME_HELLO) ok = accept_hello(link, frame.signin);
            if (frame.type == WIRE_FRAME_MSG) ok = deliver(link, &frame);
            if (!ok)
            {
                close_link(link, CORE_E_PROTOCOL_ERROR);
                return;
            }
            /* An answer did not fit: the peer does not read. */
            if (link->failed)
            {
                close_link(link, link->failed);
                return;
            }
            if (frame.type == WIRE_FRAME_NONE && !used) break;
        }
        /* A short read took all there was; the next poll tells when more
         * (or the end) comes, without another call that would only block. */
        if (got < (int)sizeof(buffer)) return;
    }
}

static void write_link(struct link *link)
{
    if (!flush_now(link) && WSAGetLastError() != WSAEWOULDBLOCK) close_link(link, CORE_E_CONNECTION_FAILURE);
}

static void finish_connect(struct link *link)
{
    int error = 0, size = sizeof(error);

    if (getsockopt(link->socket, SOL_SOCKET, SO_ERROR, (char *)&error, &size) || error)
    {
        TRACE("Could not connect to %s at %s: %d.\n", link->key, link->remote_ip, error);
        if (!connect_next(link)) close_link(link, CORE_E_CONNECTION_FAILURE);
        return;
    }
    link->connecting = FALSE;
    free(link->pending);
    link->pending = NULL;
    link->pending_count = 0;
}

static void accept_links(void)
{
    struct sockaddr_storage address;
    int size = sizeof(address);
    struct link *link;
    SOCKET s;

    while ((s = accept(listen_socket, (struct sockaddr *)&address, &size)) != INVALID_SOCKET)
    {
        if (!(link = new_link(s, FALSE)))
        {
            WARN("Too many links; refusing a connection.\n");
            continue;
        }
        format_address((struct sockaddr *)&address, size, link->remote_ip, sizeof(link->remote_ip));
        address_bytes((struct sockaddr *)&address, link->remote_bytes);
        if (!queue_hello(link)) close_link(link, CORE_E_OUTOFMEMORY);
        size = sizeof(address);
    }
}

/* When the network thread must next look at a link: its hello deadline,
 * the end of its idle time, or how long its queued bytes may wait. */
static ULONGLONG link_deadline(const struct link *link)
{
    ULONGLONG deadline = UINT64_MAX;

    if (link->closed) return UINT64_MAX;
    if (link->failed) return 0;
    if (!link->remote_name[0])
        deadline = link->hello_deadline;
    else if (broker->config->link_idle_ms)
        deadline = link->active + broker->config->link_idle_ms;
    if (link->out_len && !link->connecting) deadline = min(deadline, link->waiting + LINK_WRITE_TIMEOUT_MS);
    return deadline;
}

/* Closes the links whose time is up (link_deadline) or that failed. */
static void expire_links(ULONGLONG now)
{
    struct list *cursor;

    for (cursor = links.next; cursor != &links; cursor = cursor->next)
    {
        struct link *link = CONTAINING_RECORD(cursor, struct link, entry);
        const char *name = link->key[0] ? link->key : link->remote_ip;

        if (link->closed) continue;
        if (link->failed)
            close_link(link, link->failed);
        else if (!link->remote_name[0] && now >= link->hello_deadline)
            close_link(link, CORE_E_TIMEOUT);
        else if (link->out_len && !link->connecting && now >= link->waiting + LINK_WRITE_TIMEOUT_MS)
        {
            WARN("%s has not read for %u ms; closing the link.\n", name, LINK_WRITE_TIMEOUT_MS);
            close_link(link, CORE_E_CONNECTION_FAILURE);
        }
        else if (link->remote_name[0] && broker->config->link_idle_ms &&
                 now >= link->active + broker->config->link_idle_ms)
        {
            /* Our sessions' messages take the first link to their peer: on
             * it, a live session keeps the link, however quiet. */
            if (find_link(link->key) == link && service_peer_sessions(broker->service, link->key, NULL))
                link->active = now;
            else
            {
                TRACE("Link to %s idle for %u ms.\n", name, broker->config->link_idle_ms);
                close_link(link, CORE_E_TIMEOUT);
            }
        }
    }
}

/* Makes room for count entries in both arrays; on failure they keep their
 * old size and contents. */
static BOOL grow_poll_set(WSAPOLLFD **fds, struct link ***polled, size_t count)
{
    WSAPOLLFD *bigger_fds;
    struct link **bigger_polled;

    if (!(bigger_fds = realloc(*fds, count * sizeof(**fds)))) return FALSE;
    *fds = bigger_fds;
    if (!(bigger_polled = realloc(*polled, count * sizeof(**polled)))) return FALSE;
    *polled = bigger_polled;
    return TRUE;
}

static DWORD WINAPI network_main(void *arg)
{
    WSAPOLLFD *fds = NULL;
    struct link **polled = NULL;
    (void)arg;

    while (!stopping)
    {
        ULONGLONG now = GetTickCount64(), deadline;
        unsigned int count = 2, i;
        struct list *cursor;
        int timeout;

        broker->lock(broker->ctx);
        deadline = service_expire(broker->service, now);
        broker->settle(broker->ctx);
        free_closed_links();
        if (!grow_poll_set(&fds, &polled, link_count + 2))
        {
            broker->unlock(broker->ctx);
            ERR("Out of memory in the network thread.\n");
            Sleep(100);
            continue;
        }
        /* WSAPoll ignores negative descriptors: no listener, no accept. */
        fds[0].fd = listen_socket;
        fds[0].events = listen_socket == INVALID_SOCKET ? 0 : POLLRDNORM;
        fds[1].fd = wake_socket;
        fds[1].events = POLLRDNORM;
        for (cursor = links.next; cursor != &links; cursor = cursor->next)
        {
            struct link *link = CONTAINING_RECORD(cursor, struct link, entry);

            deadline = min(deadline, link_deadline(link));
            if (link->socket == INVALID_SOCKET) continue; /* its lookup wakes us */
            fds[count].fd = link->socket;
            fds[count].events = POLLRDNORM | (link->out_len || link->connecting ? POLLWRNORM : 0);
            polled[count++] = link;
        }
        broker->unlock(broker->ctx);

        /* Every deadline is in there, and whoever makes an earlier one
         * wakes us: no periodic wakeup. */
        timeout = deadline == UINT64_MAX ? -1 : deadline <= now ? 0 : (int)min(deadline - now, INT_MAX);
        if (WSAPoll(fds, count, timeout) < 0)
        {
            ERR("WSAPoll failed: %d.\n", WSAGetLastError());
            Sleep(10);
        }

        broker->lock(broker->ctx);
        if (fds[1].revents)
        {
            char drain[64];

            while (recv(wake_socket, drain, sizeof(drain), 0) > 0)
                ;
        }
        take_lookups();
        if (fds[0].revents && listen_socket != INVALID_SOCKET) accept_links();
        for (i = 2; i < count; i++)
        {
            struct link *link = polled[i];
            short revents = fds[i].revents;

            if (!revents || link->closed || link->failed) continue;
            if (link->connecting)
            {
                if (!(revents & (POLLWRNORM | POLLERR | POLLHUP))) continue;
                finish_connect(link);
                if (link->closed || link->connecting) continue;
            }
            if (revents & (POLLRDNORM | POLLERR | POLLHUP)) read_link(link);
        }
        expire_links(GetTickCount64());
        /* Local events first (an application is waiting for them), then the
         * messages queued during this round and while we were polling. */
        broker->settle(broker->ctx);
        for (cursor = links.next; cursor != &links; cursor = cursor->next)
        {
            struct link *link = CONTAINING_RECORD(cursor, struct link, entry);

            if (!link->closed && !link->connecting && link->out_len) write_link(link);
        }
        broker->unlock(broker->ctx);
    }
    free(fds);
    free(polled);
    return 0;
}

static SOCKET open_listener(const char *address)
{
    struct addrinfo hints = {0}, *result = NULL;
    char host[256], port_text[8];
    unsigned short port;
    u_long nonblocking = 1;
    SOCKET s;

    if (!contacts_split_address(address, host, sizeof(host), &port))
    {
        ERR("ListenAddress %s is not host:port.\n", address);
        return INVALID_SOCKET;
    }
    snprintf(port_text, sizeof(port_text), "%u", port);
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICHOST;
    if (getaddrinfo(host, port_text, &hints, &result) || !result) return INVALID_SOCKET;
    s = socket(result->ai_family, SOCK_STREAM, IPPROTO_TCP);
    if (s != INVALID_SOCKET && result->ai_family == AF_INET6)
    {
        /* [::] serves IPv4 too. */
        DWORD v6only = 0;

        setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, (const char *)&v6only, sizeof(v6only));
    }
    if (s != INVALID_SOCKET && (bind(s, result->ai_addr, (int)result->ai_addrlen) || listen(s, SOMAXCONN)))
    {
        ERR("Cannot listen on %s: %d.\n", address, WSAGetLastError());
        closesocket(s);
        s = INVALID_SOCKET;
    }
    freeaddrinfo(result);
    if (s != INVALID_SOCKET) ioctlsocket(s, FIONBIO, &nonblocking);
    return s;
}

static BOOL direct_start(const struct net_host *net_host)
{
    int size = sizeof(wake_address);
    u_long nonblocking = 1;
    WSADATA wsa;

    broker = net_host;
    InitializeCriticalSection(&lookup_lock);
    if (WSAStartup(MAKEWORD(2, 2), &wsa)) return FALSE;
    /* Without a listener (the port is taken, the address is wrong) the
     * broker still serves this user's applications and sends invitations;
     * only incoming ones cannot arrive. */
    if ((listen_socket = open_listener(broker->config->listen)) == INVALID_SOCKET)
        ERR("Not listening: invitations to %s cannot arrive.\n", broker->config->signin);
    /* The other threads wake the poll by sending a datagram to this. */
    wake_socket = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
    wake_address.sin_family = AF_INET;
    wake_address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (wake_socket == INVALID_SOCKET ||
        bind(wake_socket, (struct sockaddr *)&wake_address, sizeof(wake_address)) ||
        getsockname(wake_socket, (struct sockaddr *)&wake_address, &size))
        return FALSE;
    ioctlsocket(wake_socket, FIONBIO, &nonblocking);
    return (network_thread = CreateThread(NULL, 0, network_main, NULL, 0, &network_thread_id)) != NULL;
}

static void direct_stop(void)
{
    struct list *cursor;

    InterlockedExchange(&stopping, 1);
    wake_network_thread();
    WaitForSingleObject(network_thread, 5000);
    CloseHandle(network_thread);
    broker->lock(broker->ctx);
    /* Lookups that finish from now on free themselves. */
    EnterCriticalSection(&lookup_lock);
    lookups_stopped = TRUE;
    LeaveCriticalSection(&lookup_lock);
    take_lookups();
    for (cursor = links.next; cursor != &links; cursor = cursor->next)
        close_link(CONTAINING_RECORD(cursor, struct link, entry), CORE_E_DISCONNECTED);
    free_closed_links();
    broker->unlock(broker->ctx);
    if (listen_socket != INVALID_SOCKET) closesocket(listen_socket);
    closesocket(wake_socket);
    WSACleanup();
}

const struct net_backend net_direct = {
    .name = "direct",
    .start = direct_start,
    .stop = direct_stop,
    .send = direct_send,
};
