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
#include <iphlpapi.h>

#include "win/platform.h"
#include "win/env.h"
#include "core/contacts.h"
#include "core/dns.h"
#include "core/xmpp_caps.h"
#include "core/xmpp_client.h"
#include "core/xmpp_invite.h"
#include "core/xmpp_srv.h"
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
};

/* Which resource of the contact a session speaks with (docs/protocol.md
 * 9.3): the invitee's from the INVITE, the inviter's from the first
 * answer, before which every msgsc resource is invited.  Guarded by the
 * host's lock, like the sessions; a route goes once its session is over. */
struct route
{
    char session_id[CORE_GUID_CHARS + 1];
    char peer[WIRE_SIGNIN_MAX + 1];
    char *resource;
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
static struct route *routes;
static unsigned int route_count, route_cap;
static BOOL online;
static LONG disco_queries;                 /* numbers the ids of our disco#info queries */
static char own_bare[WIRE_SIGNIN_MAX + 1]; /* our bare JID as the server bound it */

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

/* The session msg's peer and Session-ID name, as the service finds it. */
static struct core_message route_key(const struct route *route)
{
    struct core_message key = {0};

    key.type = CORE_MESSAGE_CONTEXT_DATA;
    key.peer = route->peer;
    key.session_id = route->session_id;
    return key;
}

static struct route *find_route(const char *peer, const char *session_id)
{
    unsigned int i;

    if (!session_id || !*session_id) return NULL;
    for (i = 0; i < route_count; i++)
        if (!strcmp(routes[i].session_id, session_id) && core_signin_equal(routes[i].peer, peer))
            return &routes[i];
    return NULL;
}

/* The route of a session that is no longer live goes. */
static void prune_routes(void)
{
    unsigned int i = 0;

    while (i < route_count)
    {
        struct core_message key = route_key(&routes[i]);

        if (service_is_live(broker->service, &key))
        {
            i++;
            continue;
        }
        free(routes[i].resource);
        routes[i] = routes[--route_count];
    }
}

static void add_route(const char *peer, const char *session_id, const char *resource)
{
    struct route *route;

    if (!session_id || strlen(session_id) > CORE_GUID_CHARS || strlen(peer) > WIRE_SIGNIN_MAX) return;
    prune_routes();
    if (route_count == route_cap)
    {
        unsigned int cap = max(route_cap * 2, 16);
        struct route *bigger = realloc(routes, cap * sizeof(*routes));

        if (!bigger) return;
        routes = bigger;
        route_cap = cap;
    }
    route = &routes[route_count];
    if (!(route->resource = _strdup(resource))) return;
    strcpy(route->session_id, session_id);
    strcpy(route->peer, peer);
    route_count++;
}

/* Queues msg for one resource of its peer, remembered so that an error
 * stanza finds its session. */
static enum core_status send_to(const struct core_message *msg, const char *resource)
{
    static char stanza[XMPP_INVITE_STANZA_MAX]; /* large: under the host's lock, one at a time */
    char to[XMPP_JID_MAX + 1], id[32];
    struct pending *entry;
    enum core_status status;
    size_t len;

    if (snprintf(to, sizeof(to), "%s/%s", msg->peer, resource) >= (int)sizeof(to)) return CORE_E_INVALIDARG;
    EnterCriticalSection(&lock);
    snprintf(id, sizeof(id), "msgsc-%u", ++next_id);
    if ((status = xmpp_invite_build(msg, to, id, stanza, sizeof(stanza), &len)) >= 0)
    {
        entry = &pending[next_id % PENDING_MAX];
        entry->id = next_id;
        entry->type = msg->type;
        lstrcpynA(entry->peer, msg->peer, sizeof(entry->peer));
        lstrcpynA(entry->session_id, msg->session_id ? msg->session_id : "", sizeof(entry->session_id));
        enqueue(stanza, len); /* the lock is a critical section: taken again */
    }
    LeaveCriticalSection(&lock);
    return status;
}

/* Every msgsc resource of msg's peer but one (skip, or NULL) is told the
 * session was taken elsewhere (OUTBANDCANCEL, docs/protocol.md 9.3). */
static void cancel_other_resources(const struct core_message *msg, const char *skip)
{
    struct core_message cancel = *msg;
    char names[RESOURCES_MAX][XMPP_PART_MAX + 1];
    unsigned int count = 0, i;
    struct contact *contact;

    cancel.type = CORE_MESSAGE_CANCEL;
    cancel.cancel_code = CORE_CANCEL_OUTBANDCANCEL;
    cancel.reason = CORE_OK;
    cancel.data = "";
    EnterCriticalSection(&lock);
    if ((contact = find_contact(msg->peer, FALSE)))
        for (i = 0; i < contact->resource_count; i++)
            if (contact->resources[i].msgsc && (!skip || strcmp(contact->resources[i].name, skip)))
                strcpy(names[count++], contact->resources[i].name);
    LeaveCriticalSection(&lock);
    for (i = 0; i < count; i++)
        send_to(&cancel, names[i]);
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
    split_jid(full_jid, own_bare);
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
    BOOL ask = FALSE, gone = FALSE, no_msgsc_left = FALSE;

    /* Our own resources' presence is not a contact's. */
    if (!from || !(resource = split_jid(from, bare)) || !*resource || !_stricmp(bare, own_bare)) return;
    EnterCriticalSection(&lock);
    if ((contact = find_contact(bare, !type)))
    {
        for (i = 0; i < contact->resource_count && strcmp(contact->resources[i].name, resource); i++)
            ;
        if (type && !strcmp(type, "unavailable"))
        {
            unsigned int j;

            if (i < contact->resource_count)
                contact->resources[i] = contact->resources[--contact->resource_count];
            for (j = 0, no_msgsc_left = TRUE; j < contact->resource_count; j++)
                if (contact->resources[j].msgsc) no_msgsc_left = FALSE;
            gone = TRUE;
        }
        else if (!type && i == contact->resource_count && i < RESOURCES_MAX &&
                 strlen(resource) <= XMPP_PART_MAX)
        {
            struct resource *added = &contact->resources[contact->resource_count++];

            strcpy(added->name, resource);
            added->msgsc = FALSE; /* until its disco#info says so */
            ask = TRUE;
        }
    }
    LeaveCriticalSection(&lock);
    /* The sessions that speak with a place that has gone are over, and
     * so are the invitations waiting for an answer when no place that
     * runs msgsc is left. */
    if (gone)
    {
        unsigned int ended = 0;

        broker->lock(broker->ctx);
        for (i = 0; i < route_count; i++)
        {
            struct core_message key = route_key(&routes[i]);

            if (core_signin_equal(routes[i].peer, bare) && !strcmp(routes[i].resource, resource))
                ended += service_session_lost(broker->service, &key, CORE_E_CONNECTION_FAILURE) == CORE_OK;
        }
        if (no_msgsc_left) ended += service_connection_lost(broker->service, bare, CORE_E_CONNECTION_FAILURE);
        if (ended) TRACE("%s went offline: %u sessions ended.\n", from, ended);
        broker->settle(broker->ctx);
        broker->unlock(broker->ctx);
    }
    /* Whether it runs msgsc: its disco#info (XEP-0030). */
    if (ask && xmpp_xml_escape(to, sizeof(to), from, strlen(from)) >= 0)
    {
        int len = snprintf(query, sizeof(query),
                           "<iq type='get' to='%s' id='msgsc-disco-%u'><query xmlns='" XMPP_NS_DISCO_INFO
                           "'/></iq>",
                           to, (unsigned int)InterlockedIncrement(&disco_queries));

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

/* A request we do not serve is answered service-unavailable (RFC 6120
 * 8.2.3, 8.4), so that its sender does not wait. */
static void answer_unavailable(const struct xmpp_xml_element *stanza, const char *id)
{
    const char *from = xmpp_xml_attr(stanza, "from");
    char to[6 * XMPP_JID_MAX + 1], escaped_id[6 * 64 + 1], answer[sizeof(to) + sizeof(escaped_id) + 256];
    int len;

    if (strlen(id) > 64 || xmpp_xml_escape(escaped_id, sizeof(escaped_id), id, strlen(id)) < 0) return;
    if (!from) from = "";
    if (xmpp_xml_escape(to, sizeof(to), from, strlen(from)) < 0) return;
    len = snprintf(answer, sizeof(answer),
                   "<iq type='error'%s%s%s id='%s'><error type='cancel'><service-unavailable "
                   "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>",
                   *to ? " to='" : "", to, *to ? "'" : "", escaped_id);
    if (len > 0 && (size_t)len < sizeof(answer)) write_out(answer, (size_t)len);
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
    else if (!strcmp(type, "result") && !strncmp(id, "msgsc-disco-", 12))
        on_disco_result(stanza);
    else if (!strcmp(type, "set") && roster)
    {
        /* A push comes from our own account only (RFC 6121 2.1.6). */
        const char *from = xmpp_xml_attr(stanza, "from");
        char bare[WIRE_SIGNIN_MAX + 1], escaped[6 * 64 + 1];

        if (from && (split_jid(from, bare), _stricmp(bare, own_bare))) return;
        read_roster(roster);
        if (strlen(id) <= 64 && xmpp_xml_escape(escaped, sizeof(escaped), id, strlen(id)) >= 0 &&
            (len = snprintf(answer, sizeof(answer), "<iq type='result' id='%s'/>", escaped)) > 0)
            write_out(answer, (size_t)len);
    }
    else if (!strcmp(type, "get") && (len = xmpp_caps_disco_answer(stanza, answer, sizeof(answer))) > 0)
        write_out(answer, (size_t)len);
    else if (!strcmp(type, "get") || !strcmp(type, "set"))
        answer_unavailable(stanza, id);
}

/* Whether peer may invite us: by default a roster contact with a mutual
 * subscription, narrowed by an AllowFrom list; anyone with AllowFrom "*". */
static BOOL may_invite(const char *peer)
{
    const char *allow = broker->config->allow;
    struct contact *contact;
    BOOL mutual;

    if (!strcmp(allow, "*")) return TRUE;
    EnterCriticalSection(&lock);
    mutual = (contact = find_contact(peer, FALSE)) && contact->mutual;
    LeaveCriticalSection(&lock);
    return mutual && (!strcmp(allow, "contacts") || contacts_allow(allow, "", peer));
}

/* An invitation message from resource, under the host's lock. */
static void receive(struct wire_parsed *parsed, const char *resource)
{
    const struct core_message *msg = &parsed->msg;
    struct route *route = find_route(msg->peer, msg->session_id);
    uint32_t max_pending = broker->config->max_pending_invitations;
    enum core_cancel_code code = CORE_CANCEL_NONE;
    struct core_message refusal;
    unsigned int waiting;
    const char *why = NULL;

    if (parsed->command == WIRE_COMMAND_UNKNOWN) return;
    if (route && strcmp(route->resource, resource))
    {
        /* Another place of the contact answers too late: the session is
         * the first answer's (docs/protocol.md 9.3). */
        TRACE("%s/%s answers a session taken by %s.\n", msg->peer, resource, route->resource);
        if (msg->type != CORE_MESSAGE_CANCEL) cancel_other_resources(msg, route->resource);
        return;
    }
    if (msg->type == CORE_MESSAGE_INVITE && !route && service_is_new_invitation(broker->service, msg))
    {
        /* The direct links' rules (docs/network.md), but a refused
         * contact is told: its name is authenticated here. */
        if (!may_invite(msg->peer))
            code = CORE_CANCEL_REJECT, why = "not a contact who may invite";
        else if ((code = wire_invite_check(parsed)) != CORE_CANCEL_NONE)
            why = "not a Session Invite application";
        else if (max_pending &&
                 (service_peer_sessions(broker->service, msg->peer, &waiting), waiting >= max_pending))
            code = CORE_CANCEL_FAIL, why = "too many invitations wait for an answer";
        if (code != CORE_CANCEL_NONE)
        {
            WARN("Refusing an invitation from %s/%s (%s): %s.\n", msg->peer, resource, why,
                 wire_cancel_code_name(code));
            wire_refusal(parsed, code, &refusal);
            send_to(&refusal, resource);
            return;
        }
        add_route(msg->peer, msg->session_id, resource);
    }
    else if (!route && msg->type != CORE_MESSAGE_INVITE && service_is_live(broker->service, msg))
    {
        /* Our invitation's first answer: the session is that place's, and
         * the others are told. */
        add_route(msg->peer, msg->session_id, resource);
        cancel_other_resources(msg, resource);
    }
    if (service_receive(broker->service, msg) == CORE_E_NOT_FOUND)
        TRACE("Message for an unknown session from %s dropped.\n", msg->peer);
}

static void on_message(const struct xmpp_xml_element *stanza)
{
    struct wire_parsed *parsed;
    const char *condition, *id, *resource;
    enum core_status status;
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
        broker->lock(broker->ctx);
        receive(parsed, resource);
        broker->settle(broker->ctx);
        broker->unlock(broker->ctx);
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

/* The first address of host that answers on port. */
static SOCKET connect_host(const char *host, unsigned short port)
{
    struct addrinfo hints = {0}, *result = NULL, *ai;
    SOCKET s = INVALID_SOCKET;
    char service[8];

    snprintf(service, sizeof(service), "%u", port);
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_protocol = IPPROTO_TCP;
    if (getaddrinfo(host, service, &hints, &result))
    {
        WARN("The XMPP server %s cannot be found.\n", host);
        return INVALID_SOCKET;
    }
    for (ai = result; ai && s == INVALID_SOCKET; ai = ai->ai_next)
    {
        BOOL nodelay = TRUE;

        if ((s = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol)) == INVALID_SOCKET) continue;
        /* Stanzas are small and each one is waited for: no Nagle delay. */
        setsockopt(s, IPPROTO_TCP, TCP_NODELAY, (const char *)&nodelay, sizeof(nodelay));
        if (connect(s, ai->ai_addr, (int)ai->ai_addrlen))
        {
            closesocket(s);
            s = INVALID_SOCKET;
        }
    }
    freeaddrinfo(result);
    if (s == INVALID_SOCKET) WARN("The XMPP server %s port %u does not answer.\n", host, port);
    return s;
}

static uint32_t srv_random(void *ctx)
{
    uint32_t value = 0;

    (void)ctx;
    platform_random(&value, sizeof(value));
    return value;
}

/* The system's DNS servers (iphlpapi, loaded when a domain is looked up):
 * up to max IPv4 addresses, how many. */
static unsigned int dns_servers(struct in_addr *servers, unsigned int max)
{
    static DWORD(WINAPI * get_network_params)(FIXED_INFO *, ULONG *);
    const IP_ADDR_STRING *entry;
    FIXED_INFO *info = NULL;
    unsigned int count = 0;
    ULONG size = 0;
    HMODULE iphlpapi;

    if (!get_network_params && (iphlpapi = LoadLibraryW(L"iphlpapi.dll")))
        get_network_params = (void *)GetProcAddress(iphlpapi, "GetNetworkParams");
    if (!get_network_params || get_network_params(NULL, &size) != ERROR_BUFFER_OVERFLOW ||
        !(info = malloc(size)) || get_network_params(info, &size) != ERROR_SUCCESS)
    {
        free(info);
        return 0;
    }
    for (entry = &info->DnsServerList; entry && count < max; entry = entry->Next)
        if (inet_pton(AF_INET, entry->IpAddress.String, &servers[count]) == 1) count++;
    free(info);
    return count;
}

/* The SRV records of _xmpp-client._tcp.<domain>, asked of the system's DNS
 * servers over UDP (core/dns.h; Wine 8's DnsQuery fails on SRV answers
 * with DNS_ERROR_BAD_PACKET), in the order to try them; -1 when there are
 * none or no server answered. */
#define DNS_TIMEOUT_MS  2000
#define DNS_SERVERS_MAX 3
static int lookup_srv(const char *domain, struct xmpp_srv_target *targets)
{
    unsigned char query[DNS_UDP_MAX], answer[DNS_UDP_MAX];
    char name[XMPP_SRV_HOST_MAX + 32];
    struct in_addr servers[DNS_SERVERS_MAX];
    unsigned int count = dns_servers(servers, DNS_SERVERS_MAX), i, attempt;
    uint16_t id;
    long len;

    if (snprintf(name, sizeof(name), "_xmpp-client._tcp.%s", domain) >= (int)sizeof(name)) return -1;
    platform_random(&id, sizeof(id));
    if ((len = dns_srv_query(name, id, query, sizeof(query))) < 0) return -1;
    for (attempt = 0; attempt < 2; attempt++)
        for (i = 0; i < count; i++)
        {
            struct sockaddr_in address = {0};
            DWORD start = GetTickCount();
            SOCKET s = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP);
            int found = DNS_ANSWER_NOT_OURS;

            address.sin_family = AF_INET;
            address.sin_port = htons(53);
            address.sin_addr = servers[i];
            if (s == INVALID_SOCKET) return -1;
            if (sendto(s, (const char *)query, (int)len, 0, (struct sockaddr *)&address, sizeof(address)) ==
                len)
                /* Until our answer, or the time is up (others are ignored). */
                while (found == DNS_ANSWER_NOT_OURS && GetTickCount() - start < DNS_TIMEOUT_MS)
                {
                    DWORD left = DNS_TIMEOUT_MS - (GetTickCount() - start);
                    struct timeval wait = {(long)(left / 1000), (long)(left % 1000) * 1000};
                    struct sockaddr_in from;
                    int from_len = sizeof(from), got;
                    fd_set ready;

                    FD_ZERO(&ready);
                    FD_SET(s, &ready);
                    if (select(0, &ready, NULL, NULL, &wait) != 1) break;
                    got = recvfrom(s, (char *)answer, sizeof(answer), 0, (struct sockaddr *)&from, &from_len);
                    if (got > 0 && from.sin_addr.s_addr == address.sin_addr.s_addr)
                        found = dns_srv_answer(answer, (size_t)got, id, name, targets, XMPP_SRV_MAX);
                }
            closesocket(s);
            if (found > 0) return (int)xmpp_srv_order(targets, (size_t)found, srv_random, NULL);
            /* FIXME: a truncated answer should be asked again over TCP. */
            if (found == DNS_ANSWER_NONE || found == DNS_ANSWER_TRUNCATED || found == DNS_ANSWER_MALFORMED)
            {
                TRACE("No SRV records for %s (%d).\n", domain, found);
                return -1;
            }
        }
    WARN("No DNS server answered for %s.\n", name);
    return -1;
}

/* The configured XmppServer (host:port, or a host on port 5222); else the
 * domain's SRV targets in their order; else, only when the domain has no
 * SRV records, the domain itself on port 5222 (RFC 6120 3.2). */
static SOCKET connect_server(void)
{
    const char *configured = broker->config->xmpp_server, *at = strchr(broker->config->signin, '@');
    struct xmpp_srv_target targets[XMPP_SRV_MAX];
    char host[XMPP_SRV_HOST_MAX + 1];
    SOCKET s = INVALID_SOCKET;
    unsigned short port = 5222;
    int count, i;

    if (*configured)
    {
        if (!contacts_split_address(configured, host, sizeof(host), &port))
            lstrcpynA(host, configured, sizeof(host));
        return connect_host(host, port);
    }
    if (!at || !at[1]) return INVALID_SOCKET;
    if ((count = lookup_srv(at + 1, targets)) < 0) return connect_host(at + 1, 5222);
    if (!count) WARN("%s says it has no XMPP service (its SRV record is \".\").\n", at + 1);
    for (i = 0; i < count && s == INVALID_SOCKET; i++)
    {
        TRACE("Trying %s port %u, of the SRV records of %s.\n", targets[i].host, targets[i].port, at + 1);
        s = connect_host(targets[i].host, targets[i].port);
    }
    return s;
}

/* Ends every session of every contact: the connection is gone. */
static void connection_lost(void)
{
    unsigned int i;

    EnterCriticalSection(&lock);
    online = FALSE;
    for (i = 0; i < contact_count; i++)
        contacts[i].resource_count = 0;
    memset(pending, 0, sizeof(pending));
    LeaveCriticalSection(&lock);
    broker->lock(broker->ctx);
    for (i = 0; i < route_count; i++)
        service_connection_lost(broker->service, routes[i].peer, CORE_E_CONNECTION_FAILURE);
    for (i = 0; i < contact_count; i++)
        service_connection_lost(broker->service, contacts[i].jid, CORE_E_CONNECTION_FAILURE);
    prune_routes();
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

/* XmppCertificateSha256: none, or 64 hex digits. */
static BOOL parse_pin(const char *hex)
{
    if (!*hex) return TRUE;
    return use_pin = tls_parse_pin(hex, pin);
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
    char names[RESOURCES_MAX][XMPP_PART_MAX + 1];
    const struct route *route = find_route(msg->peer, msg->session_id);
    enum core_status status = CORE_E_NOT_LOGGED_ON;
    struct contact *contact;
    unsigned int count = 0, i;

    (void)ctx;
    (void)session;
    /* The place the session speaks with, else every one that runs msgsc. */
    if (route) return online ? send_to(msg, route->resource) : CORE_E_NOT_LOGGED_ON;
    EnterCriticalSection(&lock);
    if (online && (contact = find_contact(msg->peer, FALSE)))
        for (i = 0; i < contact->resource_count; i++)
            if (contact->resources[i].msgsc) strcpy(names[count++], contact->resources[i].name);
    LeaveCriticalSection(&lock);
    for (i = 0; i < count && status != CORE_E_INVALIDARG; i++)
        status = send_to(msg, names[i]);
    return status;
}

const struct net_backend net_xmpp = {
    .name = "xmpp",
    .start = xmpp_start,
    .stop = xmpp_stop,
    .send = xmpp_send,
};
