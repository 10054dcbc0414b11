/*
 * Native tests of the session state machine (src/core/session.c): every transition, every illegal call.
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
#include <string.h>

#include "core/session.h"
#include "coretest.h"

#define APP       "{5A0A3C2E-1F2B-4C3D-8E9F-0A1B2C3D4E5F}"
#define OTHER_APP "{11111111-2222-3333-4444-555555555555}"

/* A host that records what the core does as text, so that event orders are
 * asserted as one string. */
struct fake
{
    const char *signin;           /* NULL: not signed in */
    int has_send;                 /* 0: no transport */
    enum core_status send_result; /* what send answers */
    int app_installed;            /* lookup_app finds APP */
    char events[1024];
    char sent[512];
    struct core_message last; /* fields copied that tests look at */
    char last_address[64];
    int32_t last_hr;
    enum core_status last_reason;
    uint32_t last_cookie;
    enum core_cancel_code last_cancel_code;
    int last_final_accept;
};

static void fake_random(void *ctx, unsigned char *buf, size_t len)
{
    static unsigned char counter;

    (void)ctx;
    memset(buf, ++counter, len);
}

static enum core_status fake_lookup(void *ctx, const char *guid, struct core_app_info *info)
{
    struct fake *fake = ctx;

    if (!fake->app_installed || strcmp(guid, APP)) return CORE_E_APP_NOT_REGISTERED;
    info->name = strdup("Chess");
    info->url = strdup("http://chess.example.org/");
    info->path = strdup("C:\\chess.exe");
    return CORE_OK;
}

static const char *fake_signin(void *ctx)
{
    return ((struct fake *)ctx)->signin;
}

static const char *fake_address(void *ctx)
{
    (void)ctx;
    return "10.0.0.1";
}

static void append(char *log, size_t size, const char *text)
{
    size_t len = strlen(log);

    snprintf(log + len, size - len, "%s%s", len ? " " : "", text);
}

static enum core_status fake_send(void *ctx, struct core_session *session, const struct core_message *msg)
{
    static const char *const names[] = {"INVITE", "ACCEPT", "DECLINE", "CANCEL", "CONTEXT"};
    struct fake *fake = ctx;
    char text[128];

    (void)session;
    snprintf(text, sizeof(text), "%s(%s,%s)", names[msg->type], msg->peer, msg->data);
    append(fake->sent, sizeof(fake->sent), text);
    snprintf(fake->last_address, sizeof(fake->last_address), "%s", msg->address ? msg->address : "");
    fake->last_hr = msg->hr;
    fake->last_reason = msg->reason;
    fake->last_cookie = msg->cookie;
    fake->last_cancel_code = msg->cancel_code;
    fake->last_final_accept = msg->final_accept;
    return fake->send_result;
}

static void fake_emit(void *ctx, struct core_session *session, const struct core_event *event)
{
    struct fake *fake = ctx;
    char text[160];

    switch (event->type)
    {
    case CORE_EVENT_STATE_CHANGED:
        snprintf(text, sizeof(text), "State(%d->%d)", event->prev_state, core_session_state(session));
        break;
    case CORE_EVENT_APP_NOT_PRESENT:
        snprintf(text, sizeof(text), "AppNotPresent(%s,%s)", event->app_name, event->app_url);
        break;
    case CORE_EVENT_ACCEPTED: snprintf(text, sizeof(text), "Accepted(%s)", event->data); break;
    case CORE_EVENT_DECLINED: snprintf(text, sizeof(text), "Declined(%s)", event->data); break;
    case CORE_EVENT_CANCELLED: snprintf(text, sizeof(text), "Cancelled(%s)", event->data); break;
    case CORE_EVENT_TERMINATION:
        if (event->reason == CORE_E_PEER_HRESULT)
            snprintf(text, sizeof(text), "Termination(%#x,%s)", (unsigned int)event->peer_hr, event->data);
        else
            snprintf(text, sizeof(text), "Termination(%s,%s)", core_status_name(event->reason), event->data);
        break;
    case CORE_EVENT_READY_TO_LAUNCH: snprintf(text, sizeof(text), "ReadyToLaunch"); break;
    case CORE_EVENT_BEFORE_APP_LAUNCH: snprintf(text, sizeof(text), "BeforeAppLaunch"); break;
    case CORE_EVENT_CONTEXT_DATA: snprintf(text, sizeof(text), "ContextData(%s)", event->data); break;
    case CORE_EVENT_SEND_ERROR:
        snprintf(text, sizeof(text), "SendError(%s)", core_status_name(event->reason));
        break;
    }
    append(fake->events, sizeof(fake->events), text);
}

static struct fake fake;
static const struct core_env env = {.ctx = &fake,
                                    .random_bytes = fake_random,
                                    .lookup_app = fake_lookup,
                                    .local_signin = fake_signin,
                                    .default_address = fake_address,
                                    .send = fake_send,
                                    .emit = fake_emit};

static void reset(void)
{
    memset(&fake, 0, sizeof(fake));
    fake.signin = "alice@example.org";
    fake.has_send = 1;
    fake.app_installed = 1;
}

#define expect_events(e) expect_log(__FILE__, __LINE__, fake.events, e, "events")
#define expect_sent(e)   expect_log(__FILE__, __LINE__, fake.sent, e, "sent")
static void expect_log(const char *file, int line, char *log, const char *expected, const char *what)
{
    ok_(file, line)(!strcmp(log, expected), "%s: got \"%s\", expected \"%s\"\n", what, log, expected);
    log[0] = 0;
}

/* An inviter session on e with its application chosen (SS_READY). */
static struct core_session *ready(const struct core_env *e)
{
    struct core_session *session = core_session_new(e, NULL);

    core_session_put_application(session, APP);
    return session;
}

/* An inviter session that has invited bob. */
static struct core_session *invited(void)
{
    struct core_session *session = ready(&env);

    ok_status(core_session_invite(session, "bob@example.org", "hi"), CORE_OK);
    ok(fake.last_cookie >= 1 && fake.last_cookie <= 0x7fffffff, "cookie %u\n",
       (unsigned int)fake.last_cookie);
    fake.events[0] = fake.sent[0] = 0;
    return session;
}

/* An inviter session whose invitation bob accepted from 10.0.0.2
 * (SS_CONNECTED), with the events and messages of the exchange cleared. */
static struct core_session *connected(void)
{
    struct core_message accept = {.type = CORE_MESSAGE_ACCEPT, .address = "10.0.0.2", .data = ""};
    struct core_session *session = invited();

    core_session_on_message(session, &accept);
    fake.events[0] = fake.sent[0] = 0;
    return session;
}

static struct core_session *invitee(const char *address)
{
    /* A cookie above 2^31: received cookies use all 32 bits. */
    struct core_message invite = {.type = CORE_MESSAGE_INVITE,
                                  .peer = "bob@example.org",
                                  .session_id = "{12345678-1234-5678-9ABC-DEF012345678}",
                                  .app_guid = APP,
                                  .app_name = "Chess",
                                  .app_url = "http://chess.example.org/",
                                  .address = address,
                                  .data = "let's play",
                                  .cookie = 3000000000u};

    return core_session_new_invitee(&env, NULL, &invite);
}

static void test_final_states(void)
{
    enum core_state state;

    for (state = CORE_STATE_UNKNOWN; state <= CORE_STATE_FALLBACK_INVITEE; state++)
    {
        int final =
            state == CORE_STATE_CANCELLED || state == CORE_STATE_DECLINED || state == CORE_STATE_TERMINATED;

        int is_final = core_state_is_final(state);

        ok(!is_final == !final, "state %d: final %d\n", state, is_final);
    }
}

static void test_new_session(void)
{
    struct core_session *session, *other;
    const char *text = NULL, *id;
    void *owner;

    reset();
    session = core_session_new(&env, &fake);
    other = core_session_new(&env, NULL);
    owner = core_session_owner(session);
    ok(owner == &fake, "owner %p, expected %p\n", owner, &fake);
    ok_int(core_session_state(session), CORE_STATE_READY);
    ok_int(core_session_flags(session), CORE_FLAG_INVITER);
    id = core_session_id(session);
    ok(strlen(id) == CORE_GUID_CHARS && id[0] == '{', "id %s\n", id);
    ok(strcmp(id, core_session_id(other)), "two sessions share the id %s\n", id);
    ok(id[15] == '4', "not a version 4 GUID: %s\n", id);
    ok_str(core_session_local_address(session), "10.0.0.1");
    ok_status(core_session_application(session, &text), CORE_E_APP_NOT_SPECIFIED);
    ok_str(text, "");
    ok_status(core_session_remote_address(session, &text), CORE_S_FALSE);
    ok_str(text, "");
    ok_status(core_session_context_data(session, &text), CORE_S_FALSE);
    ok_str(text, "");
    ok_status(core_session_user(session, &text), CORE_E_NO_USER_INVITED);
    ok_str(text, "");
    expect_events("");
    core_session_free(session);
    core_session_free(other);
}

static void test_application(void)
{
    struct core_session *session;
    struct core_app_info info;
    const char *text = NULL;

    reset();
    session = core_session_new(&env, NULL);
    ok_status(core_session_app_info(session, &info), CORE_E_APP_NOT_SPECIFIED);
    ok_status(core_session_put_application(session, "{nope}"), CORE_E_BAD_GUID);
    ok_status(core_session_put_application(session, APP "x"), CORE_E_TOO_LONG);
    ok_status(core_session_put_application(session, OTHER_APP), CORE_E_APP_NOT_REGISTERED);
    ok_status(core_session_put_application(session, "{5a0a3c2e-1f2b-4c3d-8e9f-0a1b2c3d4e5f}"), CORE_OK);
    ok_status(core_session_application(session, &text), CORE_OK);
    ok_str(text, APP);
    ok_status(core_session_app_info(session, &info), CORE_OK);
    ok_str(info.name, "Chess");
    ok_str(info.url, "http://chess.example.org/");
    core_app_info_clear(&info);
    ok_status(core_session_put_local_address(session, "bad"), CORE_E_BAD_ADDRESS);
    ok_status(core_session_put_local_address(session, "[2001:db8::1]:6891"), CORE_OK);
    ok_str(core_session_local_address(session), "[2001:db8::1]:6891");
    expect_events("");
    core_session_free(session);
}

static void test_invite(void)
{
    struct core_session *session;
    char data[CORE_APPDATA_MAX_BYTES + 2];
    const char *text = NULL;

    reset();
    session = core_session_new(&env, NULL);
    ok_status(core_session_invite(session, "bob@example.org", ""), CORE_E_APP_NOT_SPECIFIED);
    core_session_put_application(session, APP);
    ok_status(core_session_invite(session, "", ""), CORE_E_BAD_SIGNIN);
    ok_status(core_session_invite(session, NULL, ""), CORE_E_BAD_SIGNIN);
    memset(data, 'd', sizeof(data) - 1);
    data[sizeof(data) - 1] = 0;
    ok_status(core_session_invite(session, "bob@example.org", data), CORE_E_DATA_TOO_LONG);
    fake.signin = NULL;
    ok_status(core_session_invite(session, "bob@example.org", ""), CORE_E_NOT_LOGGED_ON);
    fake.signin = "alice@example.org";
    ok_status(core_session_invite(session, "Alice@Example.org", ""), CORE_E_INVITED_SELF);
    fake.send_result = CORE_E_NOT_LOGGED_ON;
    ok_status(core_session_invite(session, "bob@example.org", ""), CORE_E_NOT_LOGGED_ON);
    ok_status(core_session_user(session, &text), CORE_E_NO_USER_INVITED);
    ok_int(core_session_state(session), CORE_STATE_READY);
    expect_events("");
    fake.sent[0] = 0;
    fake.send_result = CORE_OK;
    ok_status(core_session_invite(session, "bob@example.org", "hi"), CORE_OK);
    expect_events("State(1->2)");
    expect_sent("INVITE(bob@example.org,hi)");
    ok_str(fake.last_address, "10.0.0.1");
    ok_status(core_session_user(session, &text), CORE_OK);
    ok_str(text, "bob@example.org");
    ok_status(core_session_invite(session, "bob@example.org", ""), CORE_E_SESSION_NOT_READY);
    ok_status(core_session_put_application(session, APP), CORE_E_SESSION_NOT_READY);
    core_session_free(session);

    /* No transport at all: the in-process service of issue 2. */
    reset();
    {
        struct core_env no_send = env;

        no_send.send = NULL;
        session = ready(&no_send);
        ok_status(core_session_invite(session, "bob@example.org", ""), CORE_E_NOT_LOGGED_ON);
        core_session_free(session);
    }
}

/* A Unicode name is a valid argument, so a signed-out Invite answers "not
 * signed in" (tests/com/contact.c); signed in, no transport can carry it,
 * and Invite refuses it before sending anything. */
static void test_invite_unicode_name(void)
{
    static const char name[] = "b\xc3\xb6rje@example.org";
    struct core_session *session;
    const char *text = NULL;

    reset();
    session = ready(&env);
    ok_status(core_session_invite(session, name, ""), CORE_E_BAD_SIGNIN);
    ok_status(core_session_invite(session, "b\xc3rje@example.org", ""), CORE_E_BAD_SIGNIN);
    expect_sent("");
    fake.signin = NULL;
    ok_status(core_session_invite(session, name, ""), CORE_E_NOT_LOGGED_ON);
    ok_status(core_session_invite(session, "b\xc3rje@example.org", ""), CORE_E_BAD_SIGNIN);
    ok_status(core_session_user(session, &text), CORE_E_NO_USER_INVITED);
    expect_sent("");
    expect_events("");
    core_session_free(session);
}

static unsigned char random_fill;

static void fill_random(void *ctx, unsigned char *buf, size_t len)
{
    (void)ctx;
    memset(buf, random_fill, len);
}

/* The cookie stays in 1..2147483647 whatever the random source gives. */
static void test_cookie(void)
{
    static const struct
    {
        unsigned char fill;
        uint32_t cookie;
    } tests[] = {{0x00, 1}, {0xff, 2}, {0x7f, 0x7f7f7f80u}, {0x80, 0x80808080u % 0x7fffffffu + 1}};
    struct core_env fixed = env;
    struct core_session *session;
    unsigned int i;

    fixed.random_bytes = fill_random;
    for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++)
    {
        reset();
        random_fill = tests[i].fill;
        session = ready(&fixed);
        core_session_invite(session, "bob@example.org", "");
        ok(fake.last_cookie == tests[i].cookie, "%u: cookie %u, expected %u\n", i,
           (unsigned int)fake.last_cookie, (unsigned int)tests[i].cookie);
        core_session_cancel(session, 0, "");
        ok(fake.last_cookie == tests[i].cookie, "%u: cancel carries %u\n", i, (unsigned int)fake.last_cookie);
        core_session_free(session);
    }
}

static void test_inviter_exchange(void)
{
    struct core_session *session;
    struct core_message msg = {0};
    const char *text = NULL;
    uint32_t cookie;
    char data[CORE_CONTEXT_DATA_MAX_CHARS + 2];
    enum core_status status;
    int i;

    reset();
    session = invited();
    ok_status(core_session_accept(session, ""), CORE_E_NOT_INVITEE);
    ok_status(core_session_decline(session, ""), CORE_E_NOT_INVITEE);
    ok_status(core_session_send_context_data(session, "x"), CORE_E_STATE_INVALID);

    /* I5, I6 */
    msg.type = CORE_MESSAGE_ACCEPT;
    msg.address = "10.0.0.2";
    msg.data = "yes";
    cookie = fake.last_cookie;
    ok_status(core_session_on_message(session, &msg), CORE_OK);
    expect_events("State(2->3) Accepted(yes) ReadyToLaunch State(3->4)");
    /* ACCEPT #2 (wire spec 2.1 step 3): our address, the same cookie. */
    expect_sent("ACCEPT(bob@example.org,)");
    ok_int(fake.last_final_accept, 1);
    ok_str(fake.last_address, "10.0.0.1");
    ok(fake.last_cookie == cookie, "cookie %u, expected %u\n", (unsigned int)fake.last_cookie,
       (unsigned int)cookie);
    ok_status(core_session_remote_address(session, &text), CORE_OK);
    ok_str(text, "10.0.0.2");
    ok_status(core_session_context_data(session, &text), CORE_OK);
    ok_str(text, "yes");

    /* I13 */
    for (i = 0; i < CORE_CONTEXT_DATA_MAX_SENDS; i++)
    {
        status = core_session_send_context_data(session, "port=6891");
        ok(status == CORE_OK, "send %d: %s\n", i, core_status_name(status));
    }
    ok_status(core_session_send_context_data(session, "x"), CORE_E_CONTEXT_DATA_OVER_LIMIT);
    expect_sent("CONTEXT(bob@example.org,port=6891) CONTEXT(bob@example.org,port=6891) "
                "CONTEXT(bob@example.org,port=6891) CONTEXT(bob@example.org,port=6891) "
                "CONTEXT(bob@example.org,port=6891)");
    msg.type = CORE_MESSAGE_CONTEXT_DATA;
    msg.data = "theirs";
    ok_status(core_session_on_message(session, &msg), CORE_OK);
    expect_events("ContextData(theirs)");
    ok_status(core_session_context_data(session, &text), CORE_OK);
    ok_str(text, "theirs");

    /* I8 from SS_CONNECTED */
    ok_status(core_session_cancel(session, (int32_t)0x80004004, "bye"), CORE_OK);
    expect_events("State(4->5) Termination(E_CANCELLED_LOCAL,bye)");
    expect_sent("CANCEL(bob@example.org,bye)");
    ok_int(fake.last_hr, (int32_t)0x80004004);
    ok_status(fake.last_reason, CORE_E_PEER_HRESULT);
    ok_int(fake.last_cancel_code, CORE_CANCEL_OUTBANDCANCEL);
    ok_int(fake.last_cookie, cookie);
    ok_status(core_session_cancel(session, 0, ""), CORE_E_FAIL);
    ok_status(core_session_on_message(session, &msg), CORE_S_FALSE);
    expect_events("");
    core_session_free(session);

    /* Context data limits. */
    session = connected();
    memset(data, 'c', sizeof(data) - 1);
    data[sizeof(data) - 1] = 0;
    ok_status(core_session_send_context_data(session, data), CORE_E_CONTEXT_DATA_OVER_LIMIT);
    data[CORE_CONTEXT_DATA_MAX_CHARS] = 0;
    ok_status(core_session_send_context_data(session, data), CORE_OK);
    ok_status(core_session_send_context_data(session, "\xff"), CORE_E_INVALIDARG);
    fake.send_result = CORE_E_CONNECTION_FAILURE;
    ok_status(core_session_send_context_data(session, "x"), CORE_E_CONTEXT_DATA_SEND_FAILURE);
    core_session_on_send_failed(session, CORE_MESSAGE_CONTEXT_DATA);
    fake.events[0] = 0;
    core_session_on_send_failed(session, CORE_MESSAGE_CONTEXT_DATA);
    expect_events("SendError(E_CONTEXT_DATA_SEND_FAILURE)");
    ok_int(core_session_state(session), CORE_STATE_CONNECTED);
    core_session_free(session);
}

static void test_inviter_endings(void)
{
    struct core_session *session;
    struct core_message msg = {0};

    reset();
    /* I7 */
    session = invited();
    msg.type = CORE_MESSAGE_DECLINE;
    msg.data = "busy";
    ok_status(core_session_on_message(session, &msg), CORE_OK);
    expect_events("State(2->6) Declined(busy) Termination(E_DECLINED,busy)");
    core_session_free(session);

    /* I9 with the peer's own failure code, and with a success code (Q20). */
    session = invited();
    msg.type = CORE_MESSAGE_CANCEL;
    msg.reason = CORE_E_PEER_HRESULT;
    msg.hr = (int32_t)0x81000601;
    msg.data = "oops";
    core_session_on_message(session, &msg);
    expect_events("State(2->5) Cancelled(oops) Termination(0x81000601,oops)");
    core_session_free(session);
    session = invited();
    msg.hr = 0;
    core_session_on_message(session, &msg);
    expect_events("State(2->5) Cancelled(oops) Termination(E_CANCEL_BEFORE_CONNECT,oops)");
    core_session_free(session);

    /* I4 */
    session = invited();
    core_session_on_send_failed(session, CORE_MESSAGE_INVITE);
    expect_events("State(2->7) SendError(E_INVITATION_SEND_FAILURE) Termination(E_INVITATION_SEND_FAILURE,)");
    core_session_on_send_failed(session, CORE_MESSAGE_INVITE);
    expect_events("");
    core_session_free(session);

    /* I10 */
    session = invited();
    core_session_on_timeout(session);
    expect_events("State(2->5) Termination(E_TIMEOUT,)");
    expect_sent("CANCEL(bob@example.org,)");
    ok(fake.last_reason == CORE_E_TIMEOUT, "reason %s\n", core_status_name(fake.last_reason));
    ok_int(fake.last_cancel_code, CORE_CANCEL_TIMEOUT);
    core_session_on_timeout(session);
    expect_events("");
    core_session_free(session);

    /* I11 */
    session = invited();
    core_session_on_connection_lost(session, CORE_E_DISCONNECTED);
    expect_events("State(2->7) Termination(E_DISCONNECTED,)");
    core_session_on_connection_lost(session, CORE_E_DISCONNECTED);
    expect_events("");
    core_session_free(session);

    /* Unexpected but well-formed messages are dropped (wire spec 9.3
     * item 5); malformed ones end the session (I12). */
    session = invited();
    msg.type = CORE_MESSAGE_CONTEXT_DATA;
    msg.data = "early";
    ok_status(core_session_on_message(session, &msg), CORE_S_FALSE);
    msg.type = CORE_MESSAGE_INVITE;
    ok_status(core_session_on_message(session, &msg), CORE_S_FALSE);
    expect_events("");
    expect_sent("");
    ok_int(core_session_state(session), CORE_STATE_INVITATION);
    msg.type = CORE_MESSAGE_ACCEPT;
    msg.address = "not an address";
    msg.data = "";
    ok_status(core_session_on_message(session, &msg), CORE_E_PROTOCOL_ERROR);
    expect_events("State(2->7) Termination(E_PROTOCOL_ERROR,)");
    expect_sent("");
    core_session_free(session);
    session = invited();
    msg.address = NULL;
    ok_status(core_session_on_message(session, &msg), CORE_E_PROTOCOL_ERROR);
    expect_events("State(2->7) Termination(E_PROTOCOL_ERROR,)");
    core_session_free(session);
    session = invited();
    msg.type = CORE_MESSAGE_DECLINE;
    msg.data = "\xc3";
    ok_status(core_session_on_message(session, &msg), CORE_E_PROTOCOL_ERROR);
    expect_events("State(2->7) Termination(E_PROTOCOL_ERROR,)");
    core_session_free(session);

    /* A second ACCEPT #1 once connected is dropped; so is a failure to
     * send our best-effort ACCEPT #2. */
    session = connected();
    core_session_on_send_failed(session, CORE_MESSAGE_ACCEPT);
    msg.type = CORE_MESSAGE_ACCEPT;
    msg.address = "10.0.0.2";
    msg.data = "again";
    ok_status(core_session_on_message(session, &msg), CORE_S_FALSE);
    expect_events("");
    expect_sent("");
    ok_int(core_session_state(session), CORE_STATE_CONNECTED);
    /* Over-long context data is malformed. */
    {
        char data[CORE_CONTEXT_DATA_MAX_CHARS + 2];

        memset(data, 'c', sizeof(data) - 1);
        data[sizeof(data) - 1] = 0;
        msg.type = CORE_MESSAGE_CONTEXT_DATA;
        msg.data = data;
        ok_status(core_session_on_message(session, &msg), CORE_E_PROTOCOL_ERROR);
        expect_events("State(4->7) Termination(E_PROTOCOL_ERROR,)");
    }
    core_session_free(session);

    /* A decline (CANCEL REJECT on the wire) after acceptance is a cancel. */
    session = connected();
    msg.type = CORE_MESSAGE_DECLINE;
    msg.data = "late";
    ok_status(core_session_on_message(session, &msg), CORE_OK);
    expect_events("State(4->5) Cancelled(late) Termination(E_CANCELLED_REMOTE,late)");
    core_session_free(session);

    /* The reasons a received CANCEL carries (wire spec 9.2). */
    session = invited();
    msg.type = CORE_MESSAGE_CANCEL;
    msg.reason = CORE_E_TIMEOUT;
    msg.hr = 0;
    msg.data = "";
    core_session_on_message(session, &msg);
    expect_events("State(2->5) Cancelled() Termination(E_TIMEOUT,)");
    core_session_free(session);
    session = invited();
    msg.reason = CORE_E_PROTOCOL_ERROR;
    core_session_on_message(session, &msg);
    expect_events("State(2->5) Cancelled() Termination(E_PROTOCOL_ERROR,)");
    core_session_free(session);
    msg.reason = CORE_OK;

    /* I8 from SS_READY sends nothing. */
    session = core_session_new(&env, NULL);
    fake.events[0] = fake.sent[0] = 0;
    ok_status(core_session_cancel(session, 0, NULL), CORE_OK);
    expect_events("State(1->5) Termination(E_CANCELLED_LOCAL,)");
    expect_sent("");
    core_session_free(session);

    /* A cancel that cannot be sent still ends the session here (I14). */
    session = invited();
    fake.send_result = CORE_E_CONNECTION_FAILURE;
    ok_status(core_session_cancel(session, 0, "x"), CORE_OK);
    expect_events("State(2->5) SendError(E_CANCEL_SEND_FAILURE) Termination(E_CANCELLED_LOCAL,x)");
    /* The inviter withdrawing before an answer sends TIMEOUT (wire spec 9.1). */
    ok_int(fake.last_cancel_code, CORE_CANCEL_TIMEOUT);
    core_session_free(session);
}

static void test_invitee(void)
{
    struct core_session *session;
    struct core_message msg = {0};
    struct core_app_info info;
    const char *text = NULL;

    reset();
    session = invitee("not an address");
    ok_status(core_session_remote_address(session, &text), CORE_S_FALSE);
    core_session_free(session);
    session = invitee("10.0.0.2");
    ok(session != NULL, "no invitee session\n");
    ok_int(core_session_state(session), CORE_STATE_INVITATION);
    ok_int(core_session_flags(session), CORE_FLAG_INVITEE);
    ok_str(core_session_id(session), "{12345678-1234-5678-9ABC-DEF012345678}");
    ok_status(core_session_user(session, &text), CORE_OK);
    ok_str(text, "bob@example.org");
    ok_status(core_session_context_data(session, &text), CORE_OK);
    ok_str(text, "let's play");
    ok_status(core_session_remote_address(session, &text), CORE_OK);
    ok_str(text, "10.0.0.2");
    ok_status(core_session_invite(session, "x@y", ""), CORE_E_SESSION_NOT_READY);
    ok_status(core_session_put_application(session, APP), CORE_E_SESSION_NOT_READY);
    ok_status(core_session_send_context_data(session, "x"), CORE_E_STATE_INVALID);

    /* E2, E5 */
    ok_status(core_session_accept(session, "sure"), CORE_OK);
    expect_events("State(2->3) ReadyToLaunch State(3->4)");
    expect_sent("ACCEPT(bob@example.org,sure)");
    ok_str(fake.last_address, "10.0.0.1");
    ok_int(fake.last_cookie, 3000000000u);
    ok_int(fake.last_final_accept, 0);

    /* The inviter's ACCEPT #2: its address is kept, nothing else happens. */
    msg.type = CORE_MESSAGE_ACCEPT;
    msg.address = "10.0.0.9";
    msg.data = "";
    msg.final_accept = 1;
    ok_status(core_session_on_message(session, &msg), CORE_OK);
    ok_status(core_session_remote_address(session, &text), CORE_OK);
    ok_str(text, "10.0.0.9");
    msg.address = "bad";
    ok_status(core_session_on_message(session, &msg), CORE_S_FALSE);
    msg.address = NULL;
    ok_status(core_session_on_message(session, &msg), CORE_S_FALSE);
    ok_status(core_session_remote_address(session, &text), CORE_OK);
    ok_str(text, "10.0.0.9");
    expect_events("");
    expect_sent("");
    ok_int(core_session_state(session), CORE_STATE_CONNECTED);
    ok_status(core_session_accept(session, ""), CORE_E_STATE_INVALID);
    ok_status(core_session_decline(session, ""), CORE_E_STATE_INVALID);
    ok_status(core_session_send_context_data(session, "mine"), CORE_OK);

    /* E8 */
    msg.type = CORE_MESSAGE_CANCEL;
    msg.reason = CORE_E_PEER_HRESULT;
    msg.data = "done";
    core_session_on_message(session, &msg);
    expect_events("State(4->5) Cancelled(done) Termination(E_CANCELLED_REMOTE,done)");
    core_session_free(session);

    /* E4 */
    session = invitee("10.0.0.2");
    fake.sent[0] = 0;
    ok_status(core_session_decline(session, "no"), CORE_OK);
    expect_events("State(2->6) Termination(E_DECLINED,no)");
    expect_sent("DECLINE(bob@example.org,no)");
    ok_int(fake.last_cancel_code, CORE_CANCEL_REJECT);
    ok_int(fake.last_cookie, 3000000000u);
    core_session_free(session);

    /* E3: the application is missing here. */
    fake.app_installed = 0;
    session = invitee("10.0.0.2");
    fake.sent[0] = 0;
    ok_status(core_session_app_info(session, &info), CORE_OK);
    ok_str(info.name, "Chess"); /* the invitation's */
    core_app_info_clear(&info);
    ok_status(core_session_accept(session, "sure"), CORE_OK);
    expect_events("AppNotPresent(Chess,http://chess.example.org/) State(2->6) Termination(E_DECLINED,)");
    expect_sent("DECLINE(bob@example.org,)");
    ok_int(fake.last_cancel_code, CORE_CANCEL_REJECT_NOT_INSTALLED);
    core_session_free(session);
    fake.app_installed = 1;

    /* E7, E9 */
    session = invitee("10.0.0.2");
    /* An acceptance the invitee did not send is dropped. */
    msg.type = CORE_MESSAGE_ACCEPT;
    msg.address = "10.0.0.9";
    ok_status(core_session_on_message(session, &msg), CORE_S_FALSE);
    ok_status(core_session_remote_address(session, &text), CORE_OK);
    ok_str(text, "10.0.0.2");
    expect_events("");
    core_session_cancel(session, 0, "");
    expect_events("State(2->5) Termination(E_CANCELLED_LOCAL,)");
    /* The invitee refusing before acceptance sends REJECT (wire spec 9.1). */
    ok_int(fake.last_cancel_code, CORE_CANCEL_REJECT);
    core_session_free(session);
    session = invitee("10.0.0.2");
    core_session_on_timeout(session);
    expect_events("State(2->5) Termination(E_TIMEOUT,)");
    ok_int(fake.last_cancel_code, CORE_CANCEL_TIMEOUT);
    core_session_free(session);

    /* An acceptance that cannot be delivered. */
    session = invitee("10.0.0.2");
    fake.send_result = CORE_E_CONNECTION_FAILURE;
    ok_status(core_session_accept(session, ""), CORE_E_ACCEPT_SEND_FAILURE);
    ok_int(core_session_state(session), CORE_STATE_INVITATION);
    fake.send_result = CORE_OK;
    core_session_accept(session, "");
    fake.events[0] = 0;
    core_session_on_send_failed(session, CORE_MESSAGE_ACCEPT);
    expect_events("State(4->7) SendError(E_ACCEPT_SEND_FAILURE) Termination(E_ACCEPT_SEND_FAILURE,)");
    core_session_free(session);

    /* Malformed invitations make no session. */
    {
        struct core_message bad = {.type = CORE_MESSAGE_INVITE,
                                   .peer = "bob@example.org",
                                   .session_id = "{nope}",
                                   .app_guid = APP,
                                   .app_name = "",
                                   .app_url = "",
                                   .address = "",
                                   .data = "",
                                   .cookie = 7};

        ok(!core_session_new_invitee(&env, NULL, &bad), "bad session id accepted\n");
        bad.session_id = "{12345678-1234-5678-9ABC-DEF012345678}";
        bad.peer = "bad name";
        ok(!core_session_new_invitee(&env, NULL, &bad), "bad peer accepted\n");
        bad.peer = "bob@example.org";
        bad.cookie = 0;
        ok(!core_session_new_invitee(&env, NULL, &bad), "cookie 0 accepted\n");
        bad.cookie = 7;
        bad.type = CORE_MESSAGE_ACCEPT;
        ok(!core_session_new_invitee(&env, NULL, &bad), "non-invite accepted\n");
        bad.type = CORE_MESSAGE_INVITE;
        /* What the local channel could not carry (invalid UTF-8). */
        bad.data = "\xc3";
        ok(!core_session_new_invitee(&env, NULL, &bad), "bad UTF-8 data accepted\n");
        bad.data = "";
        bad.app_name = "Ch\xffss";
        ok(!core_session_new_invitee(&env, NULL, &bad), "bad UTF-8 application name accepted\n");
        bad.app_name = "";
        bad.app_url = "\xed\xa0\x80";
        ok(!core_session_new_invitee(&env, NULL, &bad), "bad UTF-8 application URL accepted\n");
        bad.app_url = NULL;
        bad.app_name = NULL;
        bad.data = NULL;
        session = core_session_new_invitee(&env, NULL, &bad);
        ok(session != NULL, "invitation without name, URL or data refused\n");
        core_session_free(session);
    }
}

/* Issue 6 point 3: every argument is checked before anything happens, so
 * data the wire could not carry (CR or LF in a field value) is refused
 * with the same status with and without a transport, and nothing is sent. */
static void test_arguments_first(void)
{
    static const char *const bad_data[] = {"a\r\nb", "a\nb", "a\rb", "\r\n"};
    struct core_session *session;
    struct core_env no_send = env;
    enum core_status status;
    enum core_state state;
    unsigned int i;
    const char *text = NULL;

    no_send.send = NULL;
    for (i = 0; i < sizeof(bad_data) / sizeof(bad_data[0]); i++)
    {
        status = core_appdata_validate(bad_data[i]);
        ok(status == CORE_E_INVALIDARG, "%u: data: %s\n", i, core_status_name(status));
        status = core_context_data_validate(bad_data[i]);
        ok(status == CORE_E_INVALIDARG, "%u: context data validation: %s\n", i, core_status_name(status));

        /* Signed in, with a transport. */
        reset();
        session = ready(&env);
        status = core_session_invite(session, "bob@example.org", bad_data[i]);
        ok(status == CORE_E_INVALIDARG, "%u: invite signed in: %s\n", i, core_status_name(status));
        status = core_session_user(session, &text);
        ok(status == CORE_E_NO_USER_INVITED, "%u: user kept: %s\n", i, core_status_name(status));
        state = core_session_state(session);
        ok(state == CORE_STATE_READY, "%u: state %d\n", i, state);
        expect_sent("");
        expect_events("");
        core_session_free(session);

        /* Signed out: the same answer, not "not logged on". */
        reset();
        fake.signin = NULL;
        session = ready(&env);
        status = core_session_invite(session, "bob@example.org", bad_data[i]);
        ok(status == CORE_E_INVALIDARG, "%u: invite signed out: %s\n", i, core_status_name(status));
        core_session_free(session);

        /* No transport at all. */
        reset();
        session = ready(&no_send);
        status = core_session_invite(session, "bob@example.org", bad_data[i]);
        ok(status == CORE_E_INVALIDARG, "%u: invite without transport: %s\n", i, core_status_name(status));
        status = core_session_cancel(session, 0, bad_data[i]);
        ok(status == CORE_E_INVALIDARG, "%u: cancel in SS_READY: %s\n", i, core_status_name(status));
        state = core_session_state(session);
        ok(state == CORE_STATE_READY, "%u: state %d after cancel\n", i, state);
        core_session_free(session);

        /* The invitee's answers, with and without a transport. */
        reset();
        session = invitee("10.0.0.2");
        status = core_session_accept(session, bad_data[i]);
        ok(status == CORE_E_INVALIDARG, "%u: accept: %s\n", i, core_status_name(status));
        status = core_session_decline(session, bad_data[i]);
        ok(status == CORE_E_INVALIDARG, "%u: decline: %s\n", i, core_status_name(status));
        status = core_session_cancel(session, 0, bad_data[i]);
        ok(status == CORE_E_INVALIDARG, "%u: cancel: %s\n", i, core_status_name(status));
        state = core_session_state(session);
        ok(state == CORE_STATE_INVITATION, "%u: state %d\n", i, state);
        expect_sent("");
        expect_events("");
        core_session_free(session);
        {
            struct core_message invite = {.type = CORE_MESSAGE_INVITE,
                                          .peer = "bob@example.org",
                                          .session_id = "{12345678-1234-5678-9ABC-DEF012345678}",
                                          .app_guid = APP,
                                          .data = "",
                                          .cookie = 9};

            session = core_session_new_invitee(&no_send, NULL, &invite);
            status = core_session_accept(session, bad_data[i]);
            ok(status == CORE_E_INVALIDARG, "%u: accept offline: %s\n", i, core_status_name(status));
            status = core_session_decline(session, bad_data[i]);
            ok(status == CORE_E_INVALIDARG, "%u: decline offline: %s\n", i, core_status_name(status));
            state = core_session_state(session);
            ok(state == CORE_STATE_INVITATION, "%u: state %d\n", i, state);
            core_session_free(session);
        }

        /* Context data, once connected. */
        reset();
        session = connected();
        status = core_session_send_context_data(session, bad_data[i]);
        ok(status == CORE_E_INVALIDARG, "%u: context data: %s\n", i, core_status_name(status));
        status = core_session_cancel(session, 0, bad_data[i]);
        ok(status == CORE_E_INVALIDARG, "%u: cancel connected: %s\n", i, core_status_name(status));
        state = core_session_state(session);
        ok(state == CORE_STATE_CONNECTED, "%u: state %d\n", i, state);
        expect_sent("");
        expect_events("");
        core_session_free(session);
    }

    /* Without a transport, good data still gets "not logged on". */
    reset();
    session = ready(&no_send);
    ok_status(core_session_invite(session, "bob@example.org", "a b"), CORE_E_NOT_LOGGED_ON);
    core_session_free(session);
}

/* Context data is measured in characters, not in the 512 bytes of
 * application data, both ways: 300 two-byte characters (600 bytes) are
 * sent and received. */
static void test_context_data_bytes(void)
{
    char data[2 * CORE_CONTEXT_DATA_MAX_CHARS + 3];
    struct core_message msg = {0};
    struct core_session *session;
    const char *text = NULL;
    unsigned int i;

    for (i = 0; i < CORE_CONTEXT_DATA_MAX_CHARS; i++)
        memcpy(data + 2 * i, "\xc3\xa9", 2);
    data[2 * CORE_CONTEXT_DATA_MAX_CHARS] = 0;
    ok_status(core_context_data_validate(data), CORE_OK);
    ok_status(core_context_data_validate(NULL), CORE_OK);
    ok_status(core_context_data_validate("\xff"), CORE_E_INVALIDARG);

    reset();
    session = connected();
    ok_status(core_session_send_context_data(session, data), CORE_OK);
    msg.type = CORE_MESSAGE_CONTEXT_DATA;
    msg.data = data;
    ok_status(core_session_on_message(session, &msg), CORE_OK);
    ok_status(core_session_context_data(session, &text), CORE_OK);
    ok_str(text, data);
    ok_int(core_session_state(session), CORE_STATE_CONNECTED);
    memcpy(data + 2 * CORE_CONTEXT_DATA_MAX_CHARS, "\xc3\xa9", 3);
    ok_status(core_context_data_validate(data), CORE_E_CONTEXT_DATA_OVER_LIMIT);
    ok_status(core_session_send_context_data(session, data), CORE_E_CONTEXT_DATA_OVER_LIMIT);
    /* The 512-byte rule still holds for the other messages. */
    msg.type = CORE_MESSAGE_CANCEL;
    ok_status(core_session_on_message(session, &msg), CORE_E_PROTOCOL_ERROR);
    core_session_free(session);
}

int main(void)
{
    test_final_states();
    test_new_session();
    test_application();
    test_invite();
    test_invite_unicode_name();
    test_cookie();
    test_inviter_exchange();
    test_inviter_endings();
    test_invitee();
    test_arguments_first();
    test_context_data_bytes();
    return test_summary();
}
