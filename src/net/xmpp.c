/*
 * The XMPP network: the broker signed in to its user's XMPP server.
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

#include <stdio.h>
#include <stdlib.h>

#include <winsock2.h>
#include <ws2tcpip.h>

#include "win/platform.h"
#include "win/env.h"
#include "core/xmpp_caps.h"
#include "core/xmpp_client.h"
#include "core/xmpp_invite.h"
#include "net.h"
#include "tls.h"

/* One thread owns the connection: it signs in (core/xmpp_client.h over
 * tls.h), keeps the roster and the contacts' msgsc resources, hands the
 * invitation messages it receives to the service and writes the ones the
 * service sends, which any thread queues (docs/protocol.md section 9).  A
 * lost connection ends the live sessions and is retried with backoff. */

#define RESOURCES_MAX  8 /* per contact */
#define CONTACTS_MAX   512
#define PENDING_MAX    256 /* messages whose error would still be heard */
#define RETRY_FIRST_MS 1000
#define RETRY_MAX_MS   60000

struct resource
{
    char name[XMPP_PART_MAX + 1];
    BOOL msgsc; /* its disco#info lists our feature */
};

struct contact
{
    char jid[WIRE_SIGNIN_MAX + 1]; /* bare */
    BOOL mutual;                   /* roster subscription "both" */
    struct resource resources[RESOURCES_MAX];
    unsigned int resource_count;
    char last[XMPP_PART_MAX + 1]; /* the resource the session last heard from, or "" */
};

/* A sent message, so that its error finds its session. */
struct pending
{
    unsigned int id;
    enum core_message_type type;
    char peer[WIRE_SIGNIN_MAX + 1];
    char session_id[CORE_GUID_CHARS + 1];
};

static const struct net_host *broker; /* who runs us */
static HANDLE thread, wake_event, stop_event;
/* Guards the queue and the tables below; taken inside the host's lock. */
static CRITICAL_SECTION lock;
static char *queue;
static size_t queue_len, queue_cap;
static struct contact contacts[CONTACTS_MAX];
static unsigned int contact_count, next_id;
static struct pending pending[PENDING_MAX];
static BOOL online;
static char own_jid[XMPP_JID_MAX + 1];

/* The connection's, on the thread only. */
static struct xmpp_client *client;
static SOCKET sock = INVALID_SOCKET;
static struct tls_session *tls;
static char password[XMPP_PASSWORD_MAX + 1];

static struct contact *find_contact(const char *jid, BOOL add)
{
    unsigned int i;

    for (i = 0; i < contact_count; i++)
        if (!_stricmp(contacts[i].jid, jid)) return &contacts[i];
    if (!add || contact_count == CONTACTS_MAX || strlen(jid) > WIRE_SIGNIN_MAX) return NULL;
    memset(&contacts[contact_count], 0, sizeof(contacts[0]));
    strcpy(contacts[contact_count].jid, jid);
    return &contacts[contact_count++];
}

/* Splits a full JID into its bare part (in bare) and its resource. */
static const char *split_jid(const char *jid, char bare[WIRE_SIGNIN_MAX + 1])
{
    const char *slash = strchr(jid, '/');
    size_t len = slash ? (size_t)(slash - jid) : strlen(jid);

    bare[0] = 0;
    if (len > WIRE_SIGNIN_MAX) return NULL;
    memcpy(bare, jid, len);
    bare[len] = 0;
    return slash ? slash + 1 : "";
}

static void enqueue(const char *data, size_t len)
{
    EnterCriticalSection(&lock);
    if (queue_len + len > queue_cap)
    {
        size_t cap = max(queue_cap * 2, queue_len + len + 4096);
        char *bigger = realloc(queue, cap);

        if (!bigger)
        {
            LeaveCriticalSection(&lock);
            ERR("Out of memory: a stanza is lost.\n");
            return;
        }
        queue = bigger;
        queue_cap = cap;
    }
    memcpy(queue + queue_len, data, len);
    queue_len += len;
    LeaveCriticalSection(&lock);
    SetEvent(wake_event);
}

/* Writes to the server: through TLS once it is up. */
static void write_out(const char *data, size_t len)
{
    /* Only after sign-in: the SASL exchange never reaches a trace. */
    if (online) TRACE("To the server: %.*s\n", (int)min(len, 300), data);
    if (tls ? !tls_send(tls, data, len) : send(sock, data, (int)len, 0) != (int)len)
        WARN("Writing to the server failed.\n");
}

static void flush_queue(void)
{
    char *data;
    size_t len;

    EnterCriticalSection(&lock);
    data = queue, len = queue_len;
    queue = NULL, queue_len = queue_cap = 0;
    LeaveCriticalSection(&lock);
    if (len && online) write_out(data, len);
    free(data);
}

static void client_send(void *ctx, const char *data, size_t len)
{
    (void)ctx;
    write_out(data, len);
}

static unsigned char pin[TLS_PIN_SIZE];
static BOOL use_pin;
static HANDLE socket_event;

/* Network events on the socket wake the thread; WSAEventSelect makes it
 * non-blocking, which the TLS handshake does not want. */
static void select_events(BOOL on)
{
    u_long nonblocking = 0;

    if (on)
        WSAEventSelect(sock, socket_event, FD_READ | FD_CLOSE);
    else
    {
        WSAEventSelect(sock, NULL, 0);
        ioctlsocket(sock, FIONBIO, &nonblocking);
    }
}

static void client_start_tls(void *ctx)
{
    char error[256] = "", domain[XMPP_PART_MAX + 1];
    const char *at = strchr(broker->config->signin, '@');

    (void)ctx;
    lstrcpynA(domain, at ? at + 1 : "", sizeof(domain));
    select_events(FALSE);
    tls = tls_connect(sock, domain, use_pin ? pin : NULL, error, sizeof(error));
    select_events(TRUE);
    if (!tls)
    {
        ERR("TLS with the server of %s failed: %s.\n", broker->config->signin, error);
        shutdown(sock, SD_BOTH);
        return;
    }
    xmpp_client_tls_done(client);
}

static void client_online(void *ctx, const char *full_jid)
{
    static const char roster[] = "<iq type='get' id='msgsc-roster'><query xmlns='" XMPP_NS_ROSTER "'/></iq>";
    char presence[512];
    long len;

    (void)ctx;
    TRACE("Signed in to XMPP as %s.\n", full_jid);
    lstrcpynA(own_jid, full_jid, sizeof(own_jid));
    write_out(roster, sizeof(roster) - 1);
    if ((len = xmpp_caps_presence(presence, sizeof(presence))) > 0) write_out(presence, (size_t)len);
    EnterCriticalSection(&lock);
    online = TRUE;
    LeaveCriticalSection(&lock);
}

static void client_failed(void *ctx, enum xmpp_client_status status, const char *detail)
{
    (void)ctx;
    ERR("XMPP sign-in of %s ended: %s (%s): %s\n", broker->config->signin, xmpp_client_status_name(status),
        detail, xmpp_client_status_text(status));
}

/* The roster: a result or a push (RFC 6121 2.1). */
static void read_roster(const struct xmpp_xml_element *query)
{
    const struct xmpp_xml_element *item;

    EnterCriticalSection(&lock);
    for (item = query->children; item; item = item->next)
    {
        const char *jid = xmpp_xml_attr(item, "jid"), *subscription = xmpp_xml_attr(item, "subscription");
        struct contact *contact;

        if (strcmp(item->name, "item") || !jid || !(contact = find_contact(jid, TRUE))) continue;
        contact->mutual = subscription && !strcmp(subscription, "both");
    }
    LeaveCriticalSection(&lock);
}

static void on_presence(const struct xmpp_xml_element *stanza)
{
    const char *from = xmpp_xml_attr(stanza, "from"), *type = xmpp_xml_attr(stanza, "type"), *resource;
    char bare[WIRE_SIGNIN_MAX + 1], query[XMPP_JID_MAX * 6 + 256], to[XMPP_JID_MAX * 6 + 1];
    struct contact *contact;
    unsigned int i;
    BOOL ask = FALSE, gone = FALSE;
    char own[WIRE_SIGNIN_MAX + 1];

    /* Our own resources' presence is not a contact's. */
    split_jid(own_jid, own);
    if (!from || !(resource = split_jid(from, bare)) || !*resource || !_stricmp(bare, own)) return;
    EnterCriticalSection(&lock);
    if ((contact = find_contact(bare, !type)))
    {
        for (i = 0; i < contact->resource_count && strcmp(contact->resources[i].name, resource); i++)
            ;
        if (type && !strcmp(type, "unavailable"))
        {
            unsigned int left = 0, j;

            if (i < contact->resource_count)
                contact->resources[i] = contact->resources[--contact->resource_count];
            for (j = 0; j < contact->resource_count; j++)
                left += contact->resources[j].msgsc;
            /* The place the sessions speak with has gone, or every
             * place that runs msgsc: their sessions are over. */
            if (!strcmp(contact->last, resource) || !left)
            {
                contact->last[0] = 0;
                gone = TRUE;
            }
        }
        else if (!type && i == contact->resource_count && i < RESOURCES_MAX &&
                 strlen(resource) <= XMPP_PART_MAX)
        {
            strcpy(contact->resources[contact->resource_count++].name, resource);
            ask = TRUE;
        }
    }
    LeaveCriticalSection(&lock);
    if (gone)
    {
        broker->lock(broker->ctx);
        if (service_connection_lost(broker->service, bare, CORE_E_CONNECTION_FAILURE))
            TRACE("%s went offline: its sessions ended.\n", from);
        broker->settle(broker->ctx);
        broker->unlock(broker->ctx);
    }
    /* Whether it runs msgsc: its disco#info (XEP-0030). */
    if (ask && xmpp_xml_escape(to, sizeof(to), from, strlen(from)) >= 0)
    {
        int len = snprintf(
            query, sizeof(query),
            "<iq type='get' to='%s' id='msgsc-disco'><query xmlns='" XMPP_NS_DISCO_INFO "'/></iq>", to);

        if (len > 0 && (size_t)len < sizeof(query)) write_out(query, (size_t)len);
    }
}

static void on_disco_result(const struct xmpp_xml_element *stanza)
{
    const char *from = xmpp_xml_attr(stanza, "from"), *resource;
    char bare[WIRE_SIGNIN_MAX + 1];
    struct contact *contact;
    unsigned int i;

    if (!from || !(resource = split_jid(from, bare))) return;
    EnterCriticalSection(&lock);
    if ((contact = find_contact(bare, FALSE)))
        for (i = 0; i < contact->resource_count; i++)
            if (!strcmp(contact->resources[i].name, resource))
                contact->resources[i].msgsc =
                    xmpp_caps_has_msgsc(xmpp_xml_child(stanza, "query", XMPP_NS_DISCO_INFO));
    LeaveCriticalSection(&lock);
}

static void on_iq(const struct xmpp_xml_element *stanza)
{
    const char *type = xmpp_xml_attr(stanza, "type"), *id = xmpp_xml_attr(stanza, "id");
    const struct xmpp_xml_element *roster = xmpp_xml_child(stanza, "query", XMPP_NS_ROSTER);
    char answer[1024];
    long len;

    if (!type || !id) return;
    if (!strcmp(type, "result") && !strcmp(id, "msgsc-roster") && roster)
        read_roster(roster);
    else if (!strcmp(type, "result") && !strcmp(id, "msgsc-disco"))
        on_disco_result(stanza);
    else if (!strcmp(type, "set") && roster)
    {
        /* A push comes from our own account only (RFC 6121 2.1.6). */
        const char *from = xmpp_xml_attr(stanza, "from");
        char bare[WIRE_SIGNIN_MAX + 1], own[WIRE_SIGNIN_MAX + 1];

        char escaped[6 * 64 + 1];

        split_jid(own_jid, own);
        if (from && (split_jid(from, bare), _stricmp(bare, own))) return;
        read_roster(roster);
        if (strlen(id) <= 64 && xmpp_xml_escape(escaped, sizeof(escaped), id, strlen(id)) >= 0 &&
            (len = snprintf(answer, sizeof(answer), "<iq type='result' id='%s'/>", escaped)) > 0)
            write_out(answer, (size_t)len);
    }
    else if (!strcmp(type, "get") && (len = xmpp_caps_disco_answer(stanza, answer, sizeof(answer))) > 0)
        write_out(answer, (size_t)len);
    /* FIXME: other gets and sets should be answered service-unavailable (RFC 6120 8.2.3). */
}

static void on_message(const struct xmpp_xml_element *stanza)
{
    struct wire_parsed *parsed;
    const char *condition, *id, *resource;
    enum core_status status;
    struct contact *contact;
    unsigned int i;

    if ((condition = xmpp_stanza_error(stanza, &id)))
    {
        struct pending failed = {0};
        unsigned int number = id && !strncmp(id, "msgsc-", 6) ? strtoul(id + 6, NULL, 10) : 0;

        EnterCriticalSection(&lock);
        for (i = 0; i < PENDING_MAX; i++)
            if (pending[i].id && pending[i].id == number)
            {
                failed = pending[i];
                pending[i].id = 0;
            }
        LeaveCriticalSection(&lock);
        if (failed.id)
        {
            struct core_message msg = {0};

            WARN("Message %u to %s not delivered: %s.\n", failed.id, failed.peer, condition);
            msg.type = failed.type;
            msg.peer = failed.peer;
            msg.session_id = failed.session_id;
            broker->lock(broker->ctx);
            service_send_failed(broker->service, &msg);
            broker->settle(broker->ctx);
            broker->unlock(broker->ctx);
        }
        return;
    }
    if (!(parsed = malloc(sizeof(*parsed)))) return;
    if ((status = xmpp_invite_parse(stanza, parsed, &resource)) == CORE_OK)
    {
        BOOL allowed;

        EnterCriticalSection(&lock);
        contact = find_contact(parsed->msg.peer, FALSE);
        /* Only a roster contact with a mutual subscription may invite,
         * unless AllowFrom is "*". */
        allowed = !strcmp(broker->config->allow, "*") || (contact && contact->mutual);
        if (contact && allowed) lstrcpynA(contact->last, resource, sizeof(contact->last));
        LeaveCriticalSection(&lock);
        if (allowed)
        {
            broker->lock(broker->ctx);
            status = service_receive(broker->service, &parsed->msg);
            broker->settle(broker->ctx);
            broker->unlock(broker->ctx);
            if (status == CORE_E_NOT_FOUND)
                TRACE("Message for an unknown session from %s dropped.\n", parsed->msg.peer);
        }
        else
            /* FIXME: answer with the CANCEL of a decline (docs/protocol.md 9.3). */
            WARN("Invitation message from %s, not a mutual contact, dropped.\n", parsed->msg.peer);
    }
    else if (status < 0)
        WARN("Malformed invitation message dropped: %s.\n", core_status_name(status));
    free(parsed);
}

static void client_stanza(void *ctx, const struct xmpp_xml_element *stanza)
{
    (void)ctx;
    TRACE("From the server: <%s from='%s' type='%s' id='%s'>\n", stanza->name, xmpp_xml_attr(stanza, "from"),
          xmpp_xml_attr(stanza, "type"), xmpp_xml_attr(stanza, "id"));
    if (!strcmp(stanza->name, "presence"))
        on_presence(stanza);
    else if (!strcmp(stanza->name, "iq"))
        on_iq(stanza);
    else if (!strcmp(stanza->name, "message"))
        on_message(stanza);
}

/* host:port of the configured server, else the domain's port 5222.
 * FIXME: the DNS SRV record _xmpp-client._tcp comes first (RFC 6120 3.2). */
static SOCKET connect_server(void)
{
    char host[256], port[16] = "5222", *colon;
    const char *at = strchr(broker->config->signin, '@');
    struct addrinfo hints = {0}, *result = NULL, *ai;
    SOCKET s = INVALID_SOCKET;

    lstrcpynA(host, broker->config->xmpp_server[0] ? broker->config->xmpp_server : (at ? at + 1 : ""),
              sizeof(host));
    if ((colon = strrchr(host, ':')) && !strchr(colon, ']'))
    {
        lstrcpynA(port, colon + 1, sizeof(port));
        *colon = 0;
    }
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_protocol = IPPROTO_TCP;
    if (getaddrinfo(host, port, &hints, &result))
    {
        WARN("The XMPP server %s cannot be found.\n", host);
        return INVALID_SOCKET;
    }
    for (ai = result; ai && s == INVALID_SOCKET; ai = ai->ai_next)
    {
        if ((s = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol)) == INVALID_SOCKET) continue;
        if (connect(s, ai->ai_addr, (int)ai->ai_addrlen))
        {
            closesocket(s);
            s = INVALID_SOCKET;
        }
    }
    freeaddrinfo(result);
    if (s == INVALID_SOCKET) WARN("The XMPP server %s:%s does not answer.\n", host, port);
    return s;
}

/* Ends every session of every contact: the connection is gone. */
static void connection_lost(void)
{
    unsigned int i;

    EnterCriticalSection(&lock);
    online = FALSE;
    for (i = 0; i < contact_count; i++)
    {
        contacts[i].resource_count = 0;
        contacts[i].last[0] = 0;
    }
    memset(pending, 0, sizeof(pending));
    LeaveCriticalSection(&lock);
    broker->lock(broker->ctx);
    for (i = 0; i < contact_count; i++)
        service_connection_lost(broker->service, contacts[i].jid, CORE_E_CONNECTION_FAILURE);
    broker->settle(broker->ctx);
    broker->unlock(broker->ctx);
}

/* One connection, from connect to its end.  TRUE when it was online. */
static BOOL run_connection(void)
{
    static const struct xmpp_client_callbacks callbacks = {client_send, client_start_tls, client_online,
                                                           client_stanza, client_failed};
    struct xmpp_client_config config = {0};
    unsigned char random[16];
    char nonce[33], resource[16];
    BOOL was_online = FALSE;
    unsigned int i;

    if ((sock = connect_server()) == INVALID_SOCKET) return FALSE;
    platform_random(random, sizeof(random));
    for (i = 0; i < sizeof(random); i++)
        snprintf(nonce + 2 * i, 3, "%02x", random[i]);
    config.jid = broker->config->signin;
    config.password = password;
    /* A resource of its own per sign-in, so that the user's other
     * places do not take its connection (RFC 6120 7.7.2.2). */
    snprintf(resource, sizeof(resource), "msgsc-%.8s", nonce + 24);
    config.resource = resource;
    config.nonce = nonce;
    config.allow_plaintext = broker->config->xmpp_plaintext;
    if (xmpp_client_start(client, &config, &callbacks, NULL) == XMPP_CLIENT_OK)
    {
        HANDLE events[3] = {socket_event, wake_event, stop_event};

        select_events(TRUE);
        for (;;)
        {
            char buf[8192];
            ULONGLONG now = GetTickCount64(), deadline;
            DWORD which;
            int got;

            /* The sessions' next deadline is the only timer: a message
             * sent or received, which may move it, wakes us. */
            broker->lock(broker->ctx);
            deadline = service_expire(broker->service, now);
            broker->settle(broker->ctx);
            broker->unlock(broker->ctx);
            which = WaitForMultipleObjects(3, events, FALSE,
                                           deadline == UINT64_MAX ? INFINITE
                                           : deadline <= now      ? 0
                                                                  : (DWORD)min(deadline - now, INFINITE - 1));
            if (which == WAIT_TIMEOUT) continue;

            if (which != WAIT_OBJECT_0 && which != WAIT_OBJECT_0 + 1) break;
            if (which == WAIT_OBJECT_0 + 1)
            {
                flush_queue();
                continue;
            }
            WSAResetEvent(socket_event);
            do
            {
                got = tls ? tls_recv(tls, buf, sizeof(buf)) : recv(sock, buf, sizeof(buf), 0);
                if (tls ? got == TLS_WOULD_BLOCK : got < 0 && WSAGetLastError() == WSAEWOULDBLOCK) break;
                if (got <= 0 || xmpp_client_feed(client, buf, (size_t)got) != XMPP_CLIENT_OK) goto done;
                was_online |= online;
            } while (tls && tls_pending(tls));
        }
        xmpp_client_close(client);
    }
done:
    if (tls) tls_close(tls);
    tls = NULL;
    closesocket(sock);
    sock = INVALID_SOCKET;
    xmpp_client_clear(client);
    if (online || was_online) connection_lost();
    return was_online;
}

static DWORD WINAPI xmpp_main(void *arg)
{
    DWORD retry = RETRY_FIRST_MS;

    (void)arg;
    for (;;)
    {
        if (run_connection()) retry = RETRY_FIRST_MS;
        if (WaitForSingleObject(stop_event, retry) == WAIT_OBJECT_0) break;
        retry = min(retry * 2, RETRY_MAX_MS);
        TRACE("Signing in to XMPP again.\n");
    }
    return 0;
}

static BOOL parse_pin(const char *hex)
{
    unsigned int i, byte;

    if (!*hex) return TRUE;
    if (strlen(hex) != 2 * TLS_PIN_SIZE) return FALSE;
    for (i = 0; i < TLS_PIN_SIZE; i++)
    {
        if (sscanf(hex + 2 * i, "%2x", &byte) != 1) return FALSE;
        pin[i] = (unsigned char)byte;
    }
    use_pin = TRUE;
    return TRUE;
}

static BOOL xmpp_start(const struct net_host *net_host)
{
    WSADATA wsa;

    broker = net_host;
    InitializeCriticalSection(&lock);
    if (!parse_pin(broker->config->xmpp_pin))
    {
        ERR("XmppCertificateSha256 is not 64 hex digits: no connection.\n");
        return FALSE;
    }
    if (!config_xmpp_password(password, sizeof(password)))
    {
        ERR("No XMPP password is stored for %s (rundll32 msgsc.dll,SetPassword).\n", broker->config->signin);
        return FALSE;
    }
    if (WSAStartup(MAKEWORD(2, 2), &wsa) || !(client = malloc(sizeof(*client))) ||
        !(wake_event = CreateEventW(NULL, FALSE, FALSE, NULL)) ||
        !(stop_event = CreateEventW(NULL, TRUE, FALSE, NULL)) ||
        (socket_event = WSACreateEvent()) == WSA_INVALID_EVENT)
        return FALSE;
    return (thread = CreateThread(NULL, 0, xmpp_main, NULL, 0, NULL)) != NULL;
}

static void xmpp_stop(void)
{
    SetEvent(stop_event);
    WaitForSingleObject(thread, 10000);
    CloseHandle(thread);
    WSACloseEvent(socket_event);
    CloseHandle(wake_event);
    CloseHandle(stop_event);
    SecureZeroMemory(password, sizeof(password));
    free(client);
    client = NULL;
    WSACleanup();
}

static enum core_status xmpp_send(void *ctx, struct core_session *session, const struct core_message *msg)
{
    char stanza[XMPP_INVITE_STANZA_MAX], to[XMPP_JID_MAX + 1], id[32];
    struct contact *contact;
    enum core_status status = CORE_E_NOT_LOGGED_ON;
    unsigned int i;
    size_t len;

    (void)ctx;
    (void)session;
    EnterCriticalSection(&lock);
    if (online && (contact = find_contact(msg->peer, FALSE)))
    {
        /* The resource the session speaks with, else every msgsc one. */
        for (i = 0; i < contact->resource_count; i++)
        {
            const struct resource *resource = &contact->resources[i];

            if (contact->last[0] ? strcmp(resource->name, contact->last) : !resource->msgsc) continue;
            snprintf(to, sizeof(to), "%s/%s", contact->jid, resource->name);
            snprintf(id, sizeof(id), "msgsc-%u", ++next_id);
            if ((status = xmpp_invite_build(msg, to, id, stanza, sizeof(stanza), &len)) < 0) break;
            pending[next_id % PENDING_MAX].id = next_id;
            pending[next_id % PENDING_MAX].type = msg->type;
            lstrcpynA(pending[next_id % PENDING_MAX].peer, msg->peer, WIRE_SIGNIN_MAX + 1);
            lstrcpynA(pending[next_id % PENDING_MAX].session_id, msg->session_id ? msg->session_id : "",
                      CORE_GUID_CHARS + 1);
            enqueue(stanza, len); /* the lock is a critical section: taken again */
        }
    }
    LeaveCriticalSection(&lock);
    return status;
}

const struct net_backend net_xmpp = {
    .name = "xmpp",
    .start = xmpp_start,
    .stop = xmpp_stop,
    .send = xmpp_send,
};
