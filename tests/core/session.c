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
#include "test.h"

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

/* An inviter session that has invited bob. */
static struct core_session *invited(void)
{
    struct core_session *session = core_session_new(&env, NULL);

    core_session_put_application(session, APP);
    ok(core_session_invite(session, "bob@example.org", "hi") == CORE_OK, "invite failed\n");
    ok(fake.last_cookie >= 1 && fake.last_cookie <= 0x7fffffff, "cookie %u\n",
       (unsigned int)fake.last_cookie);
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

        ok(!core_state_is_final(state) == !final, "state %d: final %d\n", state, core_state_is_final(state));
    }
}

static void test_new_session(void)
{
    struct core_session *session, *other;
    const char *text;

    reset();
    session = core_session_new(&env, &fake);
    other = core_session_new(&env, NULL);
    ok(core_session_owner(session) == &fake, "owner lost\n");
    ok(core_session_state(session) == CORE_STATE_READY, "state %d\n", core_session_state(session));
    ok(core_session_flags(session) == CORE_FLAG_INVITER, "flags %#x\n", core_session_flags(session));
    ok(strlen(core_session_id(session)) == CORE_GUID_CHARS && core_session_id(session)[0] == '{', "id %s\n",
       core_session_id(session));
    ok(strcmp(core_session_id(session), core_session_id(other)), "two sessions share an id\n");
    ok(core_session_id(session)[15] == '4', "not a version 4 GUID: %s\n", core_session_id(session));
    ok(!strcmp(core_session_local_address(session), "10.0.0.1"), "address %s\n",
       core_session_local_address(session));
    ok(core_session_application(session, &text) == CORE_E_APP_NOT_SPECIFIED && !*text, "application set\n");
    ok(core_session_remote_address(session, &text) == CORE_S_FALSE && !*text, "remote address known\n");
    ok(core_session_context_data(session, &text) == CORE_S_FALSE && !*text, "context data present\n");
    ok(core_session_user(session, &text) == CORE_E_NO_USER_INVITED && !*text, "user present\n");
    expect_events("");
    core_session_free(session);
    core_session_free(other);
}

static void test_application(void)
{
    struct core_session *session;
    struct core_app_info info;
    const char *text;

    reset();
    session = core_session_new(&env, NULL);
    ok(core_session_app_info(session, &info) == CORE_E_APP_NOT_SPECIFIED, "info without application\n");
    ok(core_session_put_application(session, "{nope}") == CORE_E_BAD_GUID, "bad GUID accepted\n");
    ok(core_session_put_application(session, APP "x") == CORE_E_TOO_LONG, "long GUID accepted\n");
    ok(core_session_put_application(session, OTHER_APP) == CORE_E_APP_NOT_REGISTERED,
       "unregistered accepted\n");
    ok(core_session_put_application(session, "{5a0a3c2e-1f2b-4c3d-8e9f-0a1b2c3d4e5f}") == CORE_OK,
       "refused\n");
    ok(core_session_application(session, &text) == CORE_OK && !strcmp(text, APP), "got %s\n", text);
    ok(core_session_app_info(session, &info) == CORE_OK && !strcmp(info.name, "Chess") &&
           !strcmp(info.url, "http://chess.example.org/"),
       "info wrong\n");
    core_app_info_clear(&info);
    ok(core_session_put_local_address(session, "bad") == CORE_E_BAD_ADDRESS, "bad address accepted\n");
    ok(core_session_put_local_address(session, "[2001:db8::1]:6891") == CORE_OK, "address refused\n");
    ok(!strcmp(core_session_local_address(session), "[2001:db8::1]:6891"), "address not kept\n");
    expect_events("");
    core_session_free(session);
}

static void test_invite(void)
{
    struct core_session *session;
    char data[CORE_APPDATA_MAX_BYTES + 2];
    const char *text;

    reset();
    session = core_session_new(&env, NULL);
    ok(core_session_invite(session, "bob@example.org", "") == CORE_E_APP_NOT_SPECIFIED, "no application\n");
    core_session_put_application(session, APP);
    ok(core_session_invite(session, "", "") == CORE_E_BAD_SIGNIN, "empty user\n");
    ok(core_session_invite(session, NULL, "") == CORE_E_BAD_SIGNIN, "NULL user\n");
    memset(data, 'd', sizeof(data) - 1);
    data[sizeof(data) - 1] = 0;
    ok(core_session_invite(session, "bob@example.org", data) == CORE_E_DATA_TOO_LONG, "long data\n");
    fake.signin = NULL;
    ok(core_session_invite(session, "bob@example.org", "") == CORE_E_NOT_LOGGED_ON, "not signed in\n");
    fake.signin = "alice@example.org";
    ok(core_session_invite(session, "Alice@Example.org", "") == CORE_E_INVITED_SELF, "self\n");
    fake.send_result = CORE_E_NOT_LOGGED_ON;
    ok(core_session_invite(session, "bob@example.org", "") == CORE_E_NOT_LOGGED_ON, "offline contact\n");
    ok(core_session_user(session, &text) == CORE_E_NO_USER_INVITED, "user kept after a failed invite\n");
    ok(core_session_state(session) == CORE_STATE_READY, "state %d\n", core_session_state(session));
    expect_events("");
    fake.sent[0] = 0;
    fake.send_result = CORE_OK;
    ok(core_session_invite(session, "bob@example.org", "hi") == CORE_OK, "invite failed\n");
    expect_events("State(1->2)");
    expect_sent("INVITE(bob@example.org,hi)");
    ok(!strcmp(fake.last_address, "10.0.0.1"), "address %s\n", fake.last_address);
    ok(core_session_user(session, &text) == CORE_OK && !strcmp(text, "bob@example.org"), "user %s\n", text);
    ok(core_session_invite(session, "bob@example.org", "") == CORE_E_SESSION_NOT_READY, "second invite\n");
    ok(core_session_put_application(session, APP) == CORE_E_SESSION_NOT_READY, "put application\n");
    core_session_free(session);

    /* No transport at all: the in-process service of issue 2. */
    reset();
    {
        struct core_env no_send = env;

        no_send.send = NULL;
        session = core_session_new(&no_send, NULL);
        core_session_put_application(session, APP);
        ok(core_session_invite(session, "bob@example.org", "") == CORE_E_NOT_LOGGED_ON, "no transport\n");
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
    const char *text;

    reset();
    session = core_session_new(&env, NULL);
    core_session_put_application(session, APP);
    ok(core_session_invite(session, name, "") == CORE_E_BAD_SIGNIN, "Unicode name sent\n");
    ok(core_session_invite(session, "b\xc3rje@example.org", "") == CORE_E_BAD_SIGNIN, "bad UTF-8 accepted\n");
    expect_sent("");
    fake.signin = NULL;
    ok(core_session_invite(session, name, "") == CORE_E_NOT_LOGGED_ON, "Unicode name refused\n");
    ok(core_session_invite(session, "b\xc3rje@example.org", "") == CORE_E_BAD_SIGNIN, "bad UTF-8 accepted\n");
    ok(core_session_user(session, &text) == CORE_E_NO_USER_INVITED, "user kept after a failed invite\n");
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
        session = core_session_new(&fixed, NULL);
        core_session_put_application(session, APP);
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
    const char *text;
    uint32_t cookie;
    char data[CORE_CONTEXT_DATA_MAX_CHARS + 2];
    int i;

    reset();
    session = invited();
    ok(core_session_accept(session, "") == CORE_E_NOT_INVITEE, "accept on inviter\n");
    ok(core_session_decline(session, "") == CORE_E_NOT_INVITEE, "decline on inviter\n");
    ok(core_session_send_context_data(session, "x") == CORE_E_STATE_INVALID, "context data before accept\n");

    /* I5, I6 */
    msg.type = CORE_MESSAGE_ACCEPT;
    msg.address = "10.0.0.2";
    msg.data = "yes";
    cookie = fake.last_cookie;
    ok(core_session_on_message(session, &msg) == CORE_OK, "accept refused\n");
    expect_events("State(2->3) Accepted(yes) ReadyToLaunch State(3->4)");
    /* ACCEPT #2 (wire spec 2.1 step 3): our address, the same cookie. */
    expect_sent("ACCEPT(bob@example.org,)");
    ok(fake.last_final_accept == 1, "not the final accept\n");
    ok(!strcmp(fake.last_address, "10.0.0.1"), "address %s\n", fake.last_address);
    ok(fake.last_cookie == cookie, "cookie %u, expected %u\n", (unsigned int)fake.last_cookie,
       (unsigned int)cookie);
    ok(core_session_remote_address(session, &text) == CORE_OK && !strcmp(text, "10.0.0.2"), "remote %s\n",
       text);
    ok(core_session_context_data(session, &text) == CORE_OK && !strcmp(text, "yes"), "context %s\n", text);

    /* I13 */
    for (i = 0; i < CORE_CONTEXT_DATA_MAX_SENDS; i++)
        ok(core_session_send_context_data(session, "port=6891") == CORE_OK, "send %d refused\n", i);
    ok(core_session_send_context_data(session, "x") == CORE_E_CONTEXT_DATA_OVER_LIMIT,
       "sixth send accepted\n");
    expect_sent("CONTEXT(bob@example.org,port=6891) CONTEXT(bob@example.org,port=6891) "
                "CONTEXT(bob@example.org,port=6891) CONTEXT(bob@example.org,port=6891) "
                "CONTEXT(bob@example.org,port=6891)");
    msg.type = CORE_MESSAGE_CONTEXT_DATA;
    msg.data = "theirs";
    ok(core_session_on_message(session, &msg) == CORE_OK, "context data refused\n");
    expect_events("ContextData(theirs)");
    ok(core_session_context_data(session, &text) == CORE_OK && !strcmp(text, "theirs"), "context %s\n", text);

    /* I8 from SS_CONNECTED */
    ok(core_session_cancel(session, (int32_t)0x80004004, "bye") == CORE_OK, "cancel refused\n");
    expect_events("State(4->5) Termination(E_CANCELLED_LOCAL,bye)");
    expect_sent("CANCEL(bob@example.org,bye)");
    ok(fake.last_hr == (int32_t)0x80004004 && fake.last_reason == CORE_E_PEER_HRESULT, "hr %#x\n",
       (unsigned int)fake.last_hr);
    ok(fake.last_cancel_code == CORE_CANCEL_OUTBANDCANCEL, "cancel code %d\n", fake.last_cancel_code);
    ok(fake.last_cookie == cookie, "cookie %u\n", (unsigned int)fake.last_cookie);
    ok(core_session_cancel(session, 0, "") == CORE_E_FAIL, "cancel in a final state\n");
    ok(core_session_on_message(session, &msg) == CORE_S_FALSE, "late message not ignored\n");
    expect_events("");
    core_session_free(session);

    /* Context data limits. */
    session = invited();
    msg.type = CORE_MESSAGE_ACCEPT;
    msg.address = "10.0.0.2";
    msg.data = "";
    core_session_on_message(session, &msg);
    memset(data, 'c', sizeof(data) - 1);
    data[sizeof(data) - 1] = 0;
    ok(core_session_send_context_data(session, data) == CORE_E_CONTEXT_DATA_OVER_LIMIT, "301 characters\n");
    data[CORE_CONTEXT_DATA_MAX_CHARS] = 0;
    ok(core_session_send_context_data(session, data) == CORE_OK, "300 characters refused\n");
    ok(core_session_send_context_data(session, "\xff") == CORE_E_INVALIDARG, "bad UTF-8 accepted\n");
    fake.send_result = CORE_E_CONNECTION_FAILURE;
    ok(core_session_send_context_data(session, "x") == CORE_E_CONTEXT_DATA_SEND_FAILURE, "send failure\n");
    core_session_on_send_failed(session, CORE_MESSAGE_CONTEXT_DATA);
    fake.events[0] = 0;
    core_session_on_send_failed(session, CORE_MESSAGE_CONTEXT_DATA);
    expect_events("SendError(E_CONTEXT_DATA_SEND_FAILURE)");
    ok(core_session_state(session) == CORE_STATE_CONNECTED, "state %d\n", core_session_state(session));
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
    ok(core_session_on_message(session, &msg) == CORE_OK, "decline refused\n");
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
    ok(fake.last_cancel_code == CORE_CANCEL_TIMEOUT, "cancel code %d\n", fake.last_cancel_code);
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
    ok(core_session_on_message(session, &msg) == CORE_S_FALSE, "early context data not dropped\n");
    msg.type = CORE_MESSAGE_INVITE;
    ok(core_session_on_message(session, &msg) == CORE_S_FALSE, "invite to an inviter not dropped\n");
    expect_events("");
    expect_sent("");
    ok(core_session_state(session) == CORE_STATE_INVITATION, "state %d\n", core_session_state(session));
    msg.type = CORE_MESSAGE_ACCEPT;
    msg.address = "not an address";
    msg.data = "";
    ok(core_session_on_message(session, &msg) == CORE_E_PROTOCOL_ERROR, "bad address accepted\n");
    expect_events("State(2->7) Termination(E_PROTOCOL_ERROR,)");
    expect_sent("");
    core_session_free(session);
    session = invited();
    msg.address = NULL;
    ok(core_session_on_message(session, &msg) == CORE_E_PROTOCOL_ERROR, "accept without address\n");
    expect_events("State(2->7) Termination(E_PROTOCOL_ERROR,)");
    core_session_free(session);
    session = invited();
    msg.type = CORE_MESSAGE_DECLINE;
    msg.data = "\xc3";
    ok(core_session_on_message(session, &msg) == CORE_E_PROTOCOL_ERROR, "bad UTF-8 accepted\n");
    expect_events("State(2->7) Termination(E_PROTOCOL_ERROR,)");
    core_session_free(session);

    /* A second ACCEPT #1 once connected is dropped; so is a failure to
     * send our best-effort ACCEPT #2. */
    session = invited();
    msg.type = CORE_MESSAGE_ACCEPT;
    msg.address = "10.0.0.2";
    msg.data = "";
    core_session_on_message(session, &msg);
    fake.events[0] = fake.sent[0] = 0;
    core_session_on_send_failed(session, CORE_MESSAGE_ACCEPT);
    msg.data = "again";
    ok(core_session_on_message(session, &msg) == CORE_S_FALSE, "second accept not dropped\n");
    expect_events("");
    expect_sent("");
    ok(core_session_state(session) == CORE_STATE_CONNECTED, "state %d\n", core_session_state(session));
    /* Over-long context data is malformed. */
    {
        char data[CORE_CONTEXT_DATA_MAX_CHARS + 2];

        memset(data, 'c', sizeof(data) - 1);
        data[sizeof(data) - 1] = 0;
        msg.type = CORE_MESSAGE_CONTEXT_DATA;
        msg.data = data;
        ok(core_session_on_message(session, &msg) == CORE_E_PROTOCOL_ERROR, "301 characters accepted\n");
        expect_events("State(4->7) Termination(E_PROTOCOL_ERROR,)");
    }
    core_session_free(session);

    /* A decline (CANCEL REJECT on the wire) after acceptance is a cancel. */
    session = invited();
    msg.type = CORE_MESSAGE_ACCEPT;
    msg.data = "";
    core_session_on_message(session, &msg);
    fake.events[0] = 0;
    msg.type = CORE_MESSAGE_DECLINE;
    msg.data = "late";
    ok(core_session_on_message(session, &msg) == CORE_OK, "late decline refused\n");
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
    ok(core_session_cancel(session, 0, NULL) == CORE_OK, "cancel in ready refused\n");
    expect_events("State(1->5) Termination(E_CANCELLED_LOCAL,)");
    expect_sent("");
    core_session_free(session);

    /* A cancel that cannot be sent still ends the session here (I14). */
    session = invited();
    fake.send_result = CORE_E_CONNECTION_FAILURE;
    ok(core_session_cancel(session, 0, "x") == CORE_OK, "cancel refused\n");
    expect_events("State(2->5) SendError(E_CANCEL_SEND_FAILURE) Termination(E_CANCELLED_LOCAL,x)");
    /* The inviter withdrawing before an answer sends TIMEOUT (wire spec 9.1). */
    ok(fake.last_cancel_code == CORE_CANCEL_TIMEOUT, "cancel code %d\n", fake.last_cancel_code);
    core_session_free(session);
}

static void test_invitee(void)
{
    struct core_session *session;
    struct core_message msg = {0};
    struct core_app_info info;
    const char *text;

    reset();
    session = invitee("not an address");
    ok(core_session_remote_address(session, &text) == CORE_S_FALSE, "bad address kept\n");
    core_session_free(session);
    session = invitee("10.0.0.2");
    ok(session != NULL, "no invitee session\n");
    ok(core_session_state(session) == CORE_STATE_INVITATION, "state %d\n", core_session_state(session));
    ok(core_session_flags(session) == CORE_FLAG_INVITEE, "flags %#x\n", core_session_flags(session));
    ok(!strcmp(core_session_id(session), "{12345678-1234-5678-9ABC-DEF012345678}"), "id %s\n",
       core_session_id(session));
    ok(core_session_user(session, &text) == CORE_OK && !strcmp(text, "bob@example.org"), "user %s\n", text);
    ok(core_session_context_data(session, &text) == CORE_OK && !strcmp(text, "let's play"), "data %s\n",
       text);
    ok(core_session_remote_address(session, &text) == CORE_OK && !strcmp(text, "10.0.0.2"), "remote %s\n",
       text);
    ok(core_session_invite(session, "x@y", "") == CORE_E_SESSION_NOT_READY, "invite on invitee\n");
    ok(core_session_put_application(session, APP) == CORE_E_SESSION_NOT_READY, "put application\n");
    ok(core_session_send_context_data(session, "x") == CORE_E_STATE_INVALID, "context data\n");

    /* E2, E5 */
    ok(core_session_accept(session, "sure") == CORE_OK, "accept refused\n");
    expect_events("State(2->3) ReadyToLaunch State(3->4)");
    expect_sent("ACCEPT(bob@example.org,sure)");
    ok(!strcmp(fake.last_address, "10.0.0.1"), "address %s\n", fake.last_address);
    ok(fake.last_cookie == 3000000000u, "cookie %u not echoed\n", (unsigned int)fake.last_cookie);
    ok(fake.last_final_accept == 0, "ACCEPT #1 sent as final\n");

    /* The inviter's ACCEPT #2: its address is kept, nothing else happens. */
    msg.type = CORE_MESSAGE_ACCEPT;
    msg.address = "10.0.0.9";
    msg.data = "";
    msg.final_accept = 1;
    ok(core_session_on_message(session, &msg) == CORE_OK, "ACCEPT #2 refused\n");
    ok(core_session_remote_address(session, &text) == CORE_OK && !strcmp(text, "10.0.0.9"), "remote %s\n",
       text);
    msg.address = "bad";
    ok(core_session_on_message(session, &msg) == CORE_S_FALSE, "ACCEPT #2 with a bad address used\n");
    msg.address = NULL;
    ok(core_session_on_message(session, &msg) == CORE_S_FALSE, "ACCEPT #2 without address used\n");
    ok(core_session_remote_address(session, &text) == CORE_OK && !strcmp(text, "10.0.0.9"), "remote %s\n",
       text);
    expect_events("");
    expect_sent("");
    ok(core_session_state(session) == CORE_STATE_CONNECTED, "state %d\n", core_session_state(session));
    ok(core_session_accept(session, "") == CORE_E_STATE_INVALID, "second accept\n");
    ok(core_session_decline(session, "") == CORE_E_STATE_INVALID, "decline after accept\n");
    ok(core_session_send_context_data(session, "mine") == CORE_OK, "context data refused\n");

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
    ok(core_session_decline(session, "no") == CORE_OK, "decline refused\n");
    expect_events("State(2->6) Termination(E_DECLINED,no)");
    expect_sent("DECLINE(bob@example.org,no)");
    ok(fake.last_cancel_code == CORE_CANCEL_REJECT, "cancel code %d\n", fake.last_cancel_code);
    ok(fake.last_cookie == 3000000000u, "cookie %u not echoed\n", (unsigned int)fake.last_cookie);
    core_session_free(session);

    /* E3: the application is missing here. */
    fake.app_installed = 0;
    session = invitee("10.0.0.2");
    fake.sent[0] = 0;
    ok(core_session_app_info(session, &info) == CORE_OK && !strcmp(info.name, "Chess"),
       "invitation's name lost\n");
    core_app_info_clear(&info);
    ok(core_session_accept(session, "sure") == CORE_OK, "accept refused\n");
    expect_events("AppNotPresent(Chess,http://chess.example.org/) State(2->6) Termination(E_DECLINED,)");
    expect_sent("DECLINE(bob@example.org,)");
    ok(fake.last_cancel_code == CORE_CANCEL_REJECT_NOT_INSTALLED, "cancel code %d\n", fake.last_cancel_code);
    core_session_free(session);
    fake.app_installed = 1;

    /* E7, E9 */
    session = invitee("10.0.0.2");
    /* An acceptance the invitee did not send is dropped. */
    msg.type = CORE_MESSAGE_ACCEPT;
    msg.address = "10.0.0.9";
    ok(core_session_on_message(session, &msg) == CORE_S_FALSE, "early ACCEPT #2 used\n");
    ok(core_session_remote_address(session, &text) == CORE_OK && !strcmp(text, "10.0.0.2"), "remote %s\n",
       text);
    expect_events("");
    core_session_cancel(session, 0, "");
    expect_events("State(2->5) Termination(E_CANCELLED_LOCAL,)");
    /* The invitee refusing before acceptance sends REJECT (wire spec 9.1). */
    ok(fake.last_cancel_code == CORE_CANCEL_REJECT, "cancel code %d\n", fake.last_cancel_code);
    core_session_free(session);
    session = invitee("10.0.0.2");
    core_session_on_timeout(session);
    expect_events("State(2->5) Termination(E_TIMEOUT,)");
    ok(fake.last_cancel_code == CORE_CANCEL_TIMEOUT, "cancel code %d\n", fake.last_cancel_code);
    core_session_free(session);

    /* An acceptance that cannot be delivered. */
    session = invitee("10.0.0.2");
    fake.send_result = CORE_E_CONNECTION_FAILURE;
    ok(core_session_accept(session, "") == CORE_E_ACCEPT_SEND_FAILURE, "accept send failure\n");
    ok(core_session_state(session) == CORE_STATE_INVITATION, "state %d\n", core_session_state(session));
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
    struct core_message msg = {0};
    struct core_session *session;
    struct core_env no_send = env;
    unsigned int i;
    const char *text;

    no_send.send = NULL;
    for (i = 0; i < sizeof(bad_data) / sizeof(bad_data[0]); i++)
    {
        ok(core_appdata_validate(bad_data[i]) == CORE_E_INVALIDARG, "%u: data accepted\n", i);
        ok(core_context_data_validate(bad_data[i]) == CORE_E_INVALIDARG, "%u: context data accepted\n", i);

        /* Signed in, with a transport. */
        reset();
        session = core_session_new(&env, NULL);
        core_session_put_application(session, APP);
        ok(core_session_invite(session, "bob@example.org", bad_data[i]) == CORE_E_INVALIDARG,
           "%u: invite signed in\n", i);
        ok(core_session_user(session, &text) == CORE_E_NO_USER_INVITED, "%u: user kept\n", i);
        ok(core_session_state(session) == CORE_STATE_READY, "%u: state %d\n", i, core_session_state(session));
        expect_sent("");
        expect_events("");
        core_session_free(session);

        /* Signed out: the same answer, not "not logged on". */
        reset();
        fake.signin = NULL;
        session = core_session_new(&env, NULL);
        core_session_put_application(session, APP);
        ok(core_session_invite(session, "bob@example.org", bad_data[i]) == CORE_E_INVALIDARG,
           "%u: invite signed out\n", i);
        core_session_free(session);

        /* No transport at all. */
        reset();
        session = core_session_new(&no_send, NULL);
        core_session_put_application(session, APP);
        ok(core_session_invite(session, "bob@example.org", bad_data[i]) == CORE_E_INVALIDARG,
           "%u: invite without transport\n", i);
        ok(core_session_cancel(session, 0, bad_data[i]) == CORE_E_INVALIDARG, "%u: cancel in SS_READY\n", i);
        ok(core_session_state(session) == CORE_STATE_READY, "%u: cancelled\n", i);
        core_session_free(session);

        /* The invitee's answers, with and without a transport. */
        reset();
        session = invitee("10.0.0.2");
        ok(core_session_accept(session, bad_data[i]) == CORE_E_INVALIDARG, "%u: accept\n", i);
        ok(core_session_decline(session, bad_data[i]) == CORE_E_INVALIDARG, "%u: decline\n", i);
        ok(core_session_cancel(session, 0, bad_data[i]) == CORE_E_INVALIDARG, "%u: cancel\n", i);
        ok(core_session_state(session) == CORE_STATE_INVITATION, "%u: state %d\n", i,
           core_session_state(session));
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
            ok(core_session_accept(session, bad_data[i]) == CORE_E_INVALIDARG, "%u: accept offline\n", i);
            ok(core_session_decline(session, bad_data[i]) == CORE_E_INVALIDARG, "%u: decline offline\n", i);
            ok(core_session_state(session) == CORE_STATE_INVITATION, "%u: state %d\n", i,
               core_session_state(session));
            core_session_free(session);
        }

        /* Context data, once connected. */
        reset();
        session = invited();
        msg.type = CORE_MESSAGE_ACCEPT;
        msg.address = "10.0.0.2";
        msg.data = "";
        core_session_on_message(session, &msg);
        fake.sent[0] = fake.events[0] = 0;
        ok(core_session_send_context_data(session, bad_data[i]) == CORE_E_INVALIDARG, "%u: context data\n",
           i);
        ok(core_session_cancel(session, 0, bad_data[i]) == CORE_E_INVALIDARG, "%u: cancel connected\n", i);
        ok(core_session_state(session) == CORE_STATE_CONNECTED, "%u: state %d\n", i,
           core_session_state(session));
        expect_sent("");
        expect_events("");
        core_session_free(session);
    }

    /* Without a transport, good data still gets "not logged on". */
    reset();
    session = core_session_new(&no_send, NULL);
    core_session_put_application(session, APP);
    ok(core_session_invite(session, "bob@example.org", "a b") == CORE_E_NOT_LOGGED_ON, "good data refused\n");
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
    const char *text;
    unsigned int i;

    for (i = 0; i < CORE_CONTEXT_DATA_MAX_CHARS; i++)
        memcpy(data + 2 * i, "\xc3\xa9", 2);
    data[2 * CORE_CONTEXT_DATA_MAX_CHARS] = 0;
    ok(core_context_data_validate(data) == CORE_OK, "300 two-byte characters refused\n");
    ok(core_context_data_validate(NULL) == CORE_OK, "NULL refused\n");
    ok(core_context_data_validate("\xff") == CORE_E_INVALIDARG, "bad UTF-8 accepted\n");

    reset();
    session = invited();
    msg.type = CORE_MESSAGE_ACCEPT;
    msg.address = "10.0.0.2";
    msg.data = "";
    core_session_on_message(session, &msg);
    fake.sent[0] = fake.events[0] = 0;
    ok(core_session_send_context_data(session, data) == CORE_OK, "600-byte context data not sent\n");
    msg.type = CORE_MESSAGE_CONTEXT_DATA;
    msg.data = data;
    ok(core_session_on_message(session, &msg) == CORE_OK, "600-byte context data not received\n");
    ok(core_session_context_data(session, &text) == CORE_OK && !strcmp(text, data), "context data lost\n");
    ok(core_session_state(session) == CORE_STATE_CONNECTED, "state %d\n", core_session_state(session));
    memcpy(data + 2 * CORE_CONTEXT_DATA_MAX_CHARS, "\xc3\xa9", 3);
    ok(core_context_data_validate(data) == CORE_E_CONTEXT_DATA_OVER_LIMIT, "301 characters accepted\n");
    ok(core_session_send_context_data(session, data) == CORE_E_CONTEXT_DATA_OVER_LIMIT,
       "301 characters sent\n");
    /* The 512-byte rule still holds for the other messages. */
    msg.type = CORE_MESSAGE_CANCEL;
    ok(core_session_on_message(session, &msg) == CORE_E_PROTOCOL_ERROR, "602-byte cancel data accepted\n");
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
