/*
 * Native tests of the session service (src/core/service.c): handles, references, and two parties end to end.
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
#include <string.h>

#include "core/service.h"
#include "coretest.h"

#define APP "{5A0A3C2E-1F2B-4C3D-8E9F-0A1B2C3D4E5F}"

/* Two users, each with a service, joined by a message queue that stands in
 * for the network: what one sends, the other receives on the next pump. */
struct party
{
    const char *signin;
    const char *address;
    struct core_env env;
    struct service_listener listener;
    struct service *service;
    struct party *peer;
    char events[2048];
    uint64_t invited; /* the last invitee session announced */
};

struct queued
{
    struct party *to;
    struct core_message msg;
    char *strings[8];
};

static struct queued queue[64];
static unsigned int queue_len;

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

static void party_random(void *ctx, unsigned char *buf, size_t len)
{
    (void)ctx;
    while (len--)
        *buf++ = (unsigned char)rand();
}

static enum core_status party_lookup(void *ctx, const char *guid, struct core_app_info *info)
{
    (void)ctx;
    if (strcmp(guid, APP)) return CORE_E_APP_NOT_REGISTERED;
    info->name = strdup("Chess");
    info->url = strdup("http://chess.example.org/");
    info->path = strdup("C:\\chess.exe");
    return CORE_OK;
}

static const char *party_signin(void *ctx)
{
    return ((struct party *)ctx)->signin;
}

static const char *party_address(void *ctx)
{
    return ((struct party *)ctx)->address;
}

static enum core_status party_send(void *ctx, struct core_session *session, const struct core_message *msg)
{
    struct party *from = ctx;
    struct queued *q;

    (void)session;
    if (queue_len == sizeof(queue) / sizeof(queue[0])) return CORE_E_CONNECTION_FAILURE;
    q = &queue[queue_len++];
    q->to = from->peer;
    q->msg = *msg;
    /* On the wire the peer is the sender. */
    q->msg.peer = q->strings[0] = dup_or_null(from->signin);
    q->msg.session_id = q->strings[1] = dup_or_null(msg->session_id);
    q->msg.app_guid = q->strings[2] = dup_or_null(msg->app_guid);
    q->msg.app_name = q->strings[3] = dup_or_null(msg->app_name);
    q->msg.app_url = q->strings[4] = dup_or_null(msg->app_url);
    q->msg.address = q->strings[5] = dup_or_null(msg->address);
    q->msg.data = q->strings[6] = dup_or_null(msg->data);
    return CORE_OK;
}

static void pump(void)
{
    unsigned int i, j;

    for (i = 0; i < queue_len; i++)
    {
        service_receive(queue[i].to->service, &queue[i].msg);
        for (j = 0; j < 8; j++)
            free(queue[i].strings[j]);
    }
    queue_len = 0;
}

/* Forgets what is queued, for a test that starts afresh. */
static void drop_queue(void)
{
    unsigned int i, j;

    for (i = 0; i < queue_len; i++)
        for (j = 0; j < 8; j++)
            free(queue[i].strings[j]);
    queue_len = 0;
}

static void log_event(struct party *party, const char *text)
{
    size_t len = strlen(party->events);

    snprintf(party->events + len, sizeof(party->events) - len, "%s%s", len ? " " : "", text);
}

static void party_session_event(void *ctx, uint64_t session, const struct core_event *event)
{
    static const char *const names[] = {"State",       "AppNotPresent", "Accepted",      "Declined",
                                        "Cancelled",   "Termination",   "ReadyToLaunch", "BeforeAppLaunch",
                                        "ContextData", "SendError"};
    char text[128];

    (void)session;
    if (event->type == CORE_EVENT_STATE_CHANGED)
        snprintf(text, sizeof(text), "State(%d)", event->prev_state);
    else if (event->type == CORE_EVENT_TERMINATION)
        snprintf(text, sizeof(text), "Termination(%s,%s)", core_status_name(event->reason), event->data);
    else
        snprintf(text, sizeof(text), "%s(%s)", names[event->type], event->data);
    log_event(ctx, text);
}

static void party_invitation(void *ctx, uint64_t session, const char *data)
{
    struct party *party = ctx;
    char text[128];

    party->invited = session;
    snprintf(text, sizeof(text), "Invitation(%s)", data);
    log_event(party, text);
}

static void party_app_changed(void *ctx, const char *guid, int registered)
{
    char text[128];

    snprintf(text, sizeof(text), "App(%s,%d)", guid, registered);
    log_event(ctx, text);
}

static struct party alice = {.signin = "alice@example.org", .address = "10.0.0.1"};
static struct party bob = {.signin = "bob@example.org", .address = "10.0.0.2"};

static void party_start(struct party *party, struct party *peer)
{
    struct core_env env = {.ctx = party,
                           .random_bytes = party_random,
                           .lookup_app = party_lookup,
                           .local_signin = party_signin,
                           .default_address = party_address,
                           .send = party_send};
    struct service_listener listener = {party, party_session_event, party_invitation, party_app_changed};

    party->env = env;
    party->listener = listener;
    party->peer = peer;
    party->service = service_new(&party->env, &party->listener);
    party->events[0] = 0;
    party->invited = 0;
}

static void party_stop(struct party *party)
{
    unsigned int count = service_session_count(party->service);

    ok(count == 0, "%s leaks %u sessions\n", party->signin, count);
    service_free(party->service);
}

static enum core_status call(struct party *party, enum service_op op, uint64_t session, int32_t number,
                             const char *text, const char *data)
{
    struct service_request request = {op, session, number, text, data};
    struct service_reply reply;
    enum core_status status = service_call(party->service, &request, &reply);

    service_reply_clear(&reply);
    return status;
}

static uint64_t create(struct party *party)
{
    struct service_request request = {SERVICE_OP_CREATE_SESSION, 0, 0, NULL, NULL};
    struct service_reply reply;

    ok_status(service_call(party->service, &request, &reply), CORE_OK);
    return reply.session;
}

#define expect(party, e) expect_(__FILE__, __LINE__, party, e)
static void expect_(const char *file, int line, struct party *party, const char *expected)
{
    ok_(file, line)(!strcmp(party->events, expected), "%s: got \"%s\", expected \"%s\"\n", party->signin,
                    party->events, expected);
    party->events[0] = 0;
}

static void test_handles(void)
{
    struct service_request request = {SERVICE_OP_SNAPSHOT, 0, 0, NULL, NULL};
    struct service_reply reply;
    uint64_t first, second, third;

    party_start(&alice, &bob);
    first = create(&alice);
    second = create(&alice);
    ok(first != second, "handle %#llx twice\n", (unsigned long long)first);
    ok_int(service_session_count(alice.service), 2);

    request.session = first;
    ok_status(service_call(alice.service, &request, &reply), CORE_OK);
    ok_int(reply.snapshot.state, CORE_STATE_READY);
    ok_int(reply.snapshot.flags, CORE_FLAG_INVITER);
    ok_str(reply.snapshot.local_address, "10.0.0.1");
    ok_status(reply.snapshot.application_status, CORE_E_APP_NOT_SPECIFIED);
    ok_status(reply.snapshot.user_status, CORE_E_NO_USER_INVITED);
    ok_status(reply.snapshot.remote_address_status, CORE_S_FALSE);
    ok_str(reply.snapshot.remote_address, "");
    service_reply_clear(&reply);

    ok_status(call(&alice, SERVICE_OP_ADDREF_SESSION, first, 0, NULL, NULL), CORE_OK);
    ok_status(call(&alice, SERVICE_OP_RELEASE_SESSION, first, 0, NULL, NULL), CORE_OK);
    ok_int(service_session_count(alice.service), 2);
    ok_status(call(&alice, SERVICE_OP_RELEASE_SESSION, first, 0, NULL, NULL), CORE_OK);
    ok_int(service_session_count(alice.service), 1);
    /* The slot is reused, but the stale handle does not reach the new session. */
    ok_status(call(&alice, SERVICE_OP_RELEASE_SESSION, first, 0, NULL, NULL), CORE_E_NOT_FOUND);
    third = create(&alice);
    ok(third != first, "handle %#llx reused\n", (unsigned long long)first);
    ok_status(call(&alice, SERVICE_OP_SNAPSHOT, first, 0, NULL, NULL), CORE_E_NOT_FOUND);
    ok_status(call(&alice, SERVICE_OP_SNAPSHOT, 12345, 0, NULL, NULL), CORE_E_NOT_FOUND);
    ok_status(call(&alice, SERVICE_OP_COUNT, 0, 0, NULL, NULL), CORE_E_INVALIDARG);
    ok_status(call(&alice, SERVICE_OP_LAUNCHING_SESSION, 0, 1234, NULL, NULL), CORE_E_NOT_FOUND);
    ok_status(call(&alice, SERVICE_OP_APP_CHANGED, 0, 1, APP, NULL), CORE_OK);
    expect(&alice, "App(" APP ",1)");
    /* Checked before anybody hears of it; announced in upper case. */
    ok_status(call(&alice, SERVICE_OP_APP_CHANGED, 0, 1, "{bad}", NULL), CORE_E_BAD_GUID);
    ok_status(call(&alice, SERVICE_OP_APP_CHANGED, 0, 0, NULL, NULL), CORE_E_BAD_GUID);
    ok_status(call(&alice, SERVICE_OP_APP_CHANGED, 0, 1, APP "\r\n", NULL), CORE_E_TOO_LONG);
    expect(&alice, "");
    ok_status(call(&alice, SERVICE_OP_APP_CHANGED, 0, 0, "{5a0a3c2e-1f2b-4c3d-8e9f-0a1b2c3d4e5f}", NULL),
              CORE_OK);
    expect(&alice, "App({5A0A3C2E-1F2B-4C3D-8E9F-0A1B2C3D4E5F},0)");
    /* Freeing the service frees what is left. */
    service_free(alice.service);
}

static uint64_t invite(void)
{
    uint64_t session = create(&alice);
    enum core_status status;

    ok_status(call(&alice, SERVICE_OP_PUT_APPLICATION, session, 0, APP, NULL), CORE_OK);
    status = call(&alice, SERVICE_OP_INVITE, session, 0, "bob@example.org", "play?");
    ok(status == CORE_OK, "invite: %s\n", core_status_name(status));
    pump();
    expect(&alice, "State(1)");
    expect(&bob, "Invitation(play?)");
    ok(bob.invited != 0, "no invitee session\n");
    return session;
}

/* Alice releases her session of an invitation, bob his: invited. */
static void release_both(uint64_t session, uint64_t invited)
{
    call(&alice, SERVICE_OP_RELEASE_SESSION, session, 0, NULL, NULL);
    call(&bob, SERVICE_OP_RELEASE_SESSION, invited, 0, NULL, NULL);
}

static void test_exchange(void)
{
    struct service_request request = {SERVICE_OP_SNAPSHOT, 0, 0, NULL, NULL};
    struct service_reply reply;
    uint64_t session;

    party_start(&alice, &bob);
    party_start(&bob, &alice);

    session = invite();
    request.session = bob.invited;
    ok_status(service_call(bob.service, &request, &reply), CORE_OK);
    ok_int(reply.snapshot.state, CORE_STATE_INVITATION);
    ok_int(reply.snapshot.flags, CORE_FLAG_INVITEE);
    ok_str(reply.snapshot.user, "alice@example.org");
    ok_str(reply.snapshot.application, APP);
    ok_str(reply.snapshot.app_name, "Chess");
    ok_str(reply.snapshot.context_data, "play?");
    ok_str(reply.snapshot.remote_address, "10.0.0.1");
    service_reply_clear(&reply);

    ok_status(call(&bob, SERVICE_OP_ACCEPT, bob.invited, 0, NULL, "yes"), CORE_OK);
    pump();
    expect(&bob, "State(2) ReadyToLaunch() State(3)");
    expect(&alice, "State(2) Accepted(yes) ReadyToLaunch() State(3)");

    request.session = session;
    ok_status(service_call(alice.service, &request, &reply), CORE_OK);
    ok_int(reply.snapshot.state, CORE_STATE_CONNECTED);
    ok_str(reply.snapshot.remote_address, "10.0.0.2");
    service_reply_clear(&reply);

    ok_status(call(&alice, SERVICE_OP_SEND_CONTEXT_DATA, session, 0, NULL, "from alice"), CORE_OK);
    ok_status(call(&bob, SERVICE_OP_SEND_CONTEXT_DATA, bob.invited, 0, NULL, "from bob"), CORE_OK);
    pump();
    expect(&bob, "ContextData(from alice)");
    expect(&alice, "ContextData(from bob)");

    ok_status(call(&alice, SERVICE_OP_CANCEL, session, (int32_t)0x80004004, NULL, "bye"), CORE_OK);
    pump();
    expect(&alice, "State(4) Termination(E_CANCELLED_LOCAL,bye)");
    expect(&bob, "State(4) Cancelled(bye) Termination(E_PEER_HRESULT,bye)");

    release_both(session, bob.invited);

    /* Decline. */
    session = invite();
    ok_status(call(&bob, SERVICE_OP_DECLINE, bob.invited, 0, NULL, "busy"), CORE_OK);
    pump();
    expect(&bob, "State(2) Termination(E_DECLINED,busy)");
    expect(&alice, "State(2) Declined(busy) Termination(E_DECLINED,busy)");
    release_both(session, bob.invited);

    /* The inviter gives up before an answer. */
    session = invite();
    ok_status(call(&alice, SERVICE_OP_CANCEL, session, 0, NULL, NULL), CORE_OK);
    pump();
    expect(&alice, "State(2) Termination(E_CANCELLED_LOCAL,)");
    expect(&bob, "State(2) Cancelled() Termination(E_CANCEL_BEFORE_CONNECT,)");
    release_both(session, bob.invited);

    /* Inviting yourself. */
    session = create(&alice);
    call(&alice, SERVICE_OP_PUT_APPLICATION, session, 0, APP, NULL);
    ok_status(call(&alice, SERVICE_OP_INVITE, session, 0, "ALICE@example.org", NULL), CORE_E_INVITED_SELF);
    call(&alice, SERVICE_OP_RELEASE_SESSION, session, 0, NULL, NULL);

    /* A message for no session. */
    {
        struct core_message stray = {.type = CORE_MESSAGE_ACCEPT,
                                     .peer = "bob@example.org",
                                     .session_id = "{12345678-1234-5678-9ABC-DEF012345678}",
                                     .address = "10.0.0.2",
                                     .data = "",
                                     .cookie = 1};

        ok_status(service_receive(alice.service, &stray), CORE_E_NOT_FOUND);
        stray.type = CORE_MESSAGE_INVITE;
        stray.session_id = "{bad}";
        ok_status(service_receive(alice.service, &stray), CORE_E_PROTOCOL_ERROR);
        expect(&alice, "");
    }

    party_stop(&alice);
    party_stop(&bob);
}

/* The last reference to a live session goes (the application released it
 * or its process died): the peer is told with a cancel, before and after
 * the acceptance. */
static void test_release_ends_session(void)
{
    uint64_t session;

    party_start(&alice, &bob);
    party_start(&bob, &alice);

    session = invite();
    ok_status(call(&alice, SERVICE_OP_RELEASE_SESSION, session, 0, NULL, NULL), CORE_OK);
    pump();
    expect(&alice, "State(2) Termination(E_CANCELLED_LOCAL,)");
    expect(&bob, "State(2) Cancelled() Termination(E_CANCEL_BEFORE_CONNECT,)");
    call(&bob, SERVICE_OP_RELEASE_SESSION, bob.invited, 0, NULL, NULL);

    session = invite();
    ok_status(call(&bob, SERVICE_OP_ACCEPT, bob.invited, 0, NULL, "yes"), CORE_OK);
    pump();
    bob.events[0] = alice.events[0] = 0;
    /* Now the invitee goes; a released session that is over stays quiet. */
    ok_status(call(&bob, SERVICE_OP_RELEASE_SESSION, bob.invited, 0, NULL, NULL), CORE_OK);
    pump();
    expect(&bob, "State(4) Termination(E_CANCELLED_LOCAL,)");
    expect(&alice, "State(4) Cancelled() Termination(E_CANCELLED_REMOTE,)");
    ok_status(call(&alice, SERVICE_OP_RELEASE_SESSION, session, 0, NULL, NULL), CORE_OK);
    pump();
    expect(&alice, "");
    expect(&bob, "");

    party_stop(&alice);
    party_stop(&bob);
}

/* Many invitee sessions: each message finds its own through the SessionID
 * index, also after the index grew and sessions left it, whatever the case
 * of the hex digits; a CANCEL without Session-ID finds its session by
 * cookie (wire spec 4.4). */
static void test_lookup(void)
{
    enum
    {
        COUNT = 300
    };
    static uint64_t handles[COUNT];
    char id[CORE_GUID_CHARS + 1], data[16];
    struct core_message msg = {0};
    unsigned int i, ended = 0;
    enum core_status status;

    party_start(&bob, &alice);
    msg.peer = "alice@example.org";
    msg.app_guid = APP;
    msg.app_name = "Chess";
    msg.app_url = "";
    msg.address = "10.0.0.1";
    for (i = 0; i < COUNT; i++)
    {
        snprintf(id, sizeof(id), "{%08X-0000-4000-8000-000000000000}", i);
        msg.type = CORE_MESSAGE_INVITE;
        msg.session_id = id;
        msg.cookie = 1000 + i;
        msg.data = "";
        status = service_receive(bob.service, &msg);
        ok(status == CORE_OK, "invite %u: %s\n", i, core_status_name(status));
        handles[i] = bob.invited;
    }
    ok_int(service_session_count(bob.service), COUNT);
    /* Every other session goes away. */
    for (i = 0; i < COUNT; i += 2)
    {
        status = call(&bob, SERVICE_OP_RELEASE_SESSION, handles[i], 0, NULL, NULL);
        ok(status == CORE_OK, "release %u: %s\n", i, core_status_name(status));
    }
    bob.events[0] = 0;

    msg.type = CORE_MESSAGE_CANCEL;
    msg.cancel_code = CORE_CANCEL_TIMEOUT;
    msg.reason = CORE_E_TIMEOUT;
    for (i = 0; i < COUNT; i++)
    {
        /* Lower-case hex, as another client may send it. */
        snprintf(id, sizeof(id), "{%08x-0000-4000-8000-000000000000}", i);
        snprintf(data, sizeof(data), "%u", i);
        msg.session_id = i % 3 ? id : "";
        msg.cookie = 1000 + i;
        msg.data = data;
        bob.events[0] = 0;
        status = service_receive(bob.service, &msg);
        if (i % 2)
        {
            char expected[64];

            snprintf(expected, sizeof(expected), "State(2) Cancelled(%u) Termination(E_TIMEOUT,%u)", i, i);
            ok(status == CORE_OK, "cancel %u: %s\n", i, core_status_name(status));
            ok(!strcmp(bob.events, expected), "cancel %u: %s\n", i, bob.events);
            ended++;
        }
        else
            ok(status == CORE_E_NOT_FOUND, "cancel %u for a released session: %s\n", i,
               core_status_name(status));
    }
    ok(ended == COUNT / 2, "%u sessions ended\n", ended);
    for (i = 1; i < COUNT; i += 2)
        call(&bob, SERVICE_OP_RELEASE_SESSION, handles[i], 0, NULL, NULL);
    bob.events[0] = 0;
    party_stop(&bob);
}

/* What the transport's per-peer limits read: live sessions and invitations
 * waiting for our answer, counted by peer (any case), and whether an INVITE
 * would make a new session or go to a live one as a repeat. */
static void test_peer_sessions(void)
{
    uint64_t sessions[3], invited[3], ready;
    unsigned int live, pending, i;
    struct core_message msg = {0};

    drop_queue(); /* what test_lookup's releases sent to nobody */
    party_start(&alice, &bob);
    party_start(&bob, &alice);
    live = service_peer_sessions(bob.service, "alice@example.org", &pending);
    ok(live == 0 && pending == 0, "before: %u live, %u pending\n", live, pending);
    ready = create(&bob); /* a ready session counts for nobody */
    for (i = 0; i < 3; i++)
    {
        sessions[i] = invite();
        invited[i] = bob.invited;
    }
    live = service_peer_sessions(bob.service, "ALICE@example.org", &pending);
    ok(live == 3 && pending == 3, "invited: %u live, %u pending\n", live, pending);
    /* The inviter's sessions are live but wait for nobody's answer here. */
    live = service_peer_sessions(alice.service, "bob@example.org", &pending);
    ok(live == 3 && pending == 0, "inviter: %u live, %u pending\n", live, pending);
    live = service_peer_sessions(bob.service, "carol@example.org", NULL);
    ok(live == 0, "carol: %u live\n", live);

    /* An INVITE is new unless a session of that peer has its SessionID. */
    msg.type = CORE_MESSAGE_INVITE;
    msg.peer = "alice@example.org";
    msg.session_id = "{00000000-0000-4000-8000-000000000001}";
    msg.cookie = 7;
    ok_int(service_is_new_invitation(bob.service, &msg), 1);
    {
        struct service_request request = {SERVICE_OP_SNAPSHOT, invited[0], 0, NULL, NULL};
        struct service_reply reply;
        char id[CORE_GUID_CHARS + 1];

        ok_status(service_call(bob.service, &request, &reply), CORE_OK);
        snprintf(id, sizeof(id), "%s", reply.snapshot.session_id);
        service_reply_clear(&reply);
        msg.session_id = id;
        ok_int(service_is_new_invitation(bob.service, &msg), 0); /* the first invitation again */
        msg.peer = "carol@example.org";
        ok_int(service_is_new_invitation(bob.service, &msg), 1); /* the same SessionID from another peer */
        msg.peer = "alice@example.org";
        msg.type = CORE_MESSAGE_CANCEL;
        ok_int(service_is_new_invitation(bob.service, &msg), 0); /* a CANCEL */
    }

    /* Answered, an invitation no longer waits; over, it is not live. */
    ok_status(call(&bob, SERVICE_OP_ACCEPT, invited[0], 0, NULL, NULL), CORE_OK);
    ok_status(call(&bob, SERVICE_OP_DECLINE, invited[1], 0, NULL, NULL), CORE_OK);
    pump();
    live = service_peer_sessions(bob.service, "alice@example.org", &pending);
    ok(live == 2 && pending == 1, "answered: %u live, %u pending\n", live, pending);
    ok_status(call(&alice, SERVICE_OP_CANCEL, sessions[2], 0, NULL, NULL), CORE_OK);
    ok_status(call(&alice, SERVICE_OP_CANCEL, sessions[0], 0, NULL, NULL), CORE_OK);
    pump();
    live = service_peer_sessions(bob.service, "alice@example.org", &pending);
    ok(live == 0 && pending == 0, "over: %u live, %u pending\n", live, pending);

    /* One session lost by its SessionID and peer (an XMPP resource gone);
     * an over one, or another peer's, is not found. */
    {
        struct service_request request = {SERVICE_OP_SNAPSHOT, 0, 0, NULL, NULL};
        struct service_reply reply;
        char id[CORE_GUID_CHARS + 1], over[CORE_GUID_CHARS + 1];
        uint64_t lost, lost_invited;

        alice.events[0] = bob.events[0] = 0;
        lost = invite(), lost_invited = bob.invited;

        request.session = lost_invited;
        ok_status(service_call(bob.service, &request, &reply), CORE_OK);
        snprintf(id, sizeof(id), "%s", reply.snapshot.session_id);
        service_reply_clear(&reply);
        request.session = invited[0];
        ok_status(service_call(bob.service, &request, &reply), CORE_OK);
        snprintf(over, sizeof(over), "%s", reply.snapshot.session_id);
        service_reply_clear(&reply);
        msg.type = CORE_MESSAGE_CONTEXT_DATA;
        msg.session_id = over;
        ok_int(service_is_live(bob.service, &msg), 0);
        ok_status(service_session_lost(bob.service, &msg, CORE_E_CONNECTION_FAILURE), CORE_E_NOT_FOUND);
        msg.session_id = id;
        msg.peer = "carol@example.org";
        ok_int(service_is_live(bob.service, &msg), 0);
        ok_status(service_session_lost(bob.service, &msg, CORE_E_CONNECTION_FAILURE), CORE_E_NOT_FOUND);
        msg.peer = "Alice@example.org";
        ok_int(service_is_live(bob.service, &msg), 1);
        ok_status(service_session_lost(bob.service, &msg, CORE_E_CONNECTION_FAILURE), CORE_OK);
        ok_int(service_is_live(bob.service, &msg), 0);
        ok_status(service_session_lost(bob.service, &msg, CORE_E_CONNECTION_FAILURE), CORE_E_NOT_FOUND);
        pump();
        ok(strstr(bob.events, "Termination(E_CONNECTION_FAILURE") != NULL,
           "the lost session did not end: %s\n", bob.events);
        bob.events[0] = alice.events[0] = 0;
        ok_status(call(&alice, SERVICE_OP_CANCEL, lost, 0, NULL, NULL), CORE_OK);
        pump();
        release_both(lost, lost_invited);
    }

    for (i = 0; i < 3; i++)
    {
        release_both(sessions[i], invited[i]);
    }
    call(&bob, SERVICE_OP_RELEASE_SESSION, ready, 0, NULL, NULL);
    pump();
    alice.events[0] = bob.events[0] = 0;
    party_stop(&alice);
    party_stop(&bob);
}

/* The agent's launch (spec 4.3): the launched process finds its session
 * by process id while the session lives; a launch that fails ends the
 * session on both sides (E6, I9). */
static void test_launch(void)
{
    struct service_request request = {SERVICE_OP_LAUNCHING_SESSION, 0, 4242, NULL, NULL};
    struct service_reply reply;
    uint64_t session;

    party_start(&alice, &bob);
    party_start(&bob, &alice);

    session = invite();
    ok_status(service_call(bob.service, &request, &reply), CORE_E_NOT_FOUND);
    ok_status(call(&bob, SERVICE_OP_ACCEPT, bob.invited, 0, NULL, "yes"), CORE_OK);
    pump();
    expect(&bob, "State(2) ReadyToLaunch() State(3)");
    expect(&alice, "State(2) Accepted(yes) ReadyToLaunch() State(3)");

    ok_status(service_set_launched(bob.service, bob.invited, 4242), CORE_OK);
    ok_status(service_set_launched(bob.service, bob.invited + ((uint64_t)1 << 32), 4242), CORE_E_NOT_FOUND);
    ok_status(service_call(bob.service, &request, &reply), CORE_OK);
    ok(reply.session == bob.invited, "launching session %#llx, expected %#llx\n",
       (unsigned long long)reply.session, (unsigned long long)bob.invited);
    request.number = 4243;
    ok_status(service_call(bob.service, &request, &reply), CORE_E_NOT_FOUND);
    request.number = 0;
    ok_status(service_call(bob.service, &request, &reply), CORE_E_NOT_FOUND);
    /* The launched process's reference is one more: its release leaves bob's. */
    ok_status(call(&bob, SERVICE_OP_RELEASE_SESSION, bob.invited, 0, NULL, NULL), CORE_OK);
    expect(&bob, "");

    ok_status(service_launch_failed(bob.service, bob.invited), CORE_OK);
    pump();
    expect(&bob, "State(4) Termination(E_LAUNCH_FAILED,)");
    expect(&alice, "State(4) Cancelled() Termination(E_PEER_HRESULT,)");
    ok_status(service_launch_failed(bob.service, bob.invited), CORE_E_FAIL);
    release_both(session, bob.invited);

    /* Answers need no session: the in-process service has no agent. */
    ok_status(call(&bob, SERVICE_OP_INVITATION_ANSWER, 0, 1, NULL, NULL), CORE_OK);
    ok_status(call(&bob, SERVICE_OP_LAUNCH_ANSWER, 0, 1, NULL, NULL), CORE_OK);
    ok_status(call(&bob, SERVICE_OP_HAND_OVER, 0, 0, NULL, NULL), CORE_E_FAIL);
    ok_int(service_op_has_reply(SERVICE_OP_LAUNCH_ANSWER), 0);
    ok_int(service_op_has_reply(SERVICE_OP_HAND_OVER), 1);

    party_stop(&alice);
    party_stop(&bob);
}

int main(void)
{
    srand(1);
    test_launch();
    test_handles();
    test_exchange();
    test_release_ends_session();
    test_lookup();
    test_peer_sessions();
    return test_summary();
}
