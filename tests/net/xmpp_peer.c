/*
 * alice of net_xmpp_peers: msgsc's side of the exchanges with an independent
 * XMPP peer, tests/xmpp/msgsc_peer.py (slixmpp, written from docs/protocol.md).
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

/*   test_net_xmpp_peer.exe GUID BOB SCENARIOS
 * This program is alice@example.org, her broker on the xmpp network
 * (tests/net/xmpp-peers.sh sets the environment).  It registers GUID as
 * the application, and plays its side of each scenario letter of
 * SCENARIOS, in the order and with the data msgsc_peer.py expects (its
 * docstring lists them).  The two sides say words to each other as files
 * in the current directory (party.h's say_word and hear_word). */

#include "net/party.h"

static WCHAR app_guid[39];
static const char *bob;
static struct log_sink manager_sink; /* the manager's events: OnInvitation */

static void pump_for(DWORD ms)
{
    DWORD start = GetTickCount();
    MSG msg;

    while (GetTickCount() - start < ms)
    {
        while (PeekMessageW(&msg, NULL, 0, 0, PM_REMOVE))
            DispatchMessageW(&msg);
        MsgWaitForMultipleObjects(0, NULL, FALSE, 50, QS_ALLINPUT);
    }
}

static void send_data(IMsgrSession *session, const char *data)
{
    BSTR value = bstr(data);

    ok(IMsgrSession_SendContextData(session, value) == S_OK, "SendContextData(%s)\n", data);
    SysFreeString(value);
}

static void cancel(IMsgrSession *session, const char *data)
{
    BSTR value = bstr(data);

    ok(IMsgrSession_Cancel(session, S_OK, value) == S_OK, "Cancel(%s)\n", data);
    SysFreeString(value);
}

static void check_remote_address(IMsgrSession *session, const char *expected)
{
    char text[64];

    ok(!strcmp(get_string(session, RemoteAddress, text, sizeof(text)), expected), "RemoteAddress %s, expected %s\n",
       text, expected);
}

/* Invites bob, waiting (30 s at most) while he is not yet seen online with msgsc. */
static BOOL invite_bob(struct inviter *alice, const char *data)
{
    DWORD start = GetTickCount();
    HRESULT hr;

    while ((hr = invite(alice, app_guid, bob, data)) == MSGR_E_NOT_LOGGED_ON && GetTickCount() - start < 30000)
        finish(alice);
    ok(hr == S_OK, "Invite(%s, %s) hr %#lx\n", bob, data, hr);
    if (hr != S_OK) finish(alice);
    return hr == S_OK;
}

/* a: alice invites; bob accepts, context data both ways, alice cancels. */
static void scenario_a(struct inviter *alice)
{
    if (!invite_bob(alice, "a")) return;
    ok(wait_log(&alice->sink, "S3"), "no connection: %s\n", alice->sink.log);
    check_remote_address(alice->session, "192.0.2.45");
    send_data(alice->session, "from alice");
    ok(wait_log(&alice->sink, "C:"), "no context data: %s\n", alice->sink.log);
    cancel(alice->session, "bye");
    ok(wait_log(&alice->sink, "T:"), "no end: %s\n", alice->sink.log);
    check_log(&alice->sink, "S1 S2 A:yes R S3 C:from bob S4 T:81000606:bye");
    finish(alice);
}

/* b: bob invites; alice's application is told, accepts, context data both
 * ways, bob cancels. */
static void scenario_b(struct inviter *alice)
{
    IMessengerContact *contact = NULL;
    IMsgrSession *session;
    IConnectionPoint *cp;
    struct log_sink sink;
    IDispatch *user = NULL;
    char text[600];
    DWORD cookie;
    BSTR value;

    if (!manager_sink.invited) pump_until_long(invitation_arrived, &manager_sink);
    ok(manager_sink.invited != NULL, "no invitation from bob\n");
    if (!(session = manager_sink.invited)) return;
    manager_sink.invited = NULL;
    ok(!strcmp(manager_sink.invite_data, "b"), "invitation data \"%s\"\n", manager_sink.invite_data);
    ok(!strcmp(get_string(session, Application, text, sizeof(text)), utf8(app_guid)), "Application %s\n", text);
    ok(!strcmp(get_string(session, ApplicationName, text, sizeof(text)), "Chess Board"), "ApplicationName %s\n",
       text);
    IMsgrSession_get_User(session, &user);
    if (user) IDispatch_QueryInterface(user, &IID_IMessengerContact, (void **)&contact);
    value = NULL;
    if (contact) IMessengerContact_get_SigninName(contact, &value);
    ok(!strcmp(utf8(value), bob), "User %s\n", utf8(value));
    SysFreeString(value);
    if (contact) IMessengerContact_Release(contact);
    if (user) IDispatch_Release(user);

    init_log_sink(&sink);
    cp = advise_log((IUnknown *)session, &DIID_DMsgrSessionEvents, &sink, &cookie);
    ok(IMsgrSession_Accept(session, value = bstr("ok b")) == S_OK, "Accept\n");
    SysFreeString(value);
    ok(wait_log(&sink, "S3"), "no connection: %s\n", sink.log);
    check_remote_address(session, "192.0.2.45");
    send_data(session, "from alice b");
    ok(wait_log(&sink, "T:"), "no end: %s\n", sink.log);
    check_log(&sink, "S2 R S3 C:from bob b S4 X:bye b T:81000607:bye b");
    if (cp)
    {
        IConnectionPoint_Unadvise(cp, cookie);
        IConnectionPoint_Release(cp);
    }
    IMsgrSession_Release(session);
}

/* c: bob from two places; the first accepts, the session goes on with it. */
static void scenario_c(struct inviter *alice)
{
    ok(hear_word("two-bobs", app_guid), "bob did not sign in twice\n");
    if (!invite_bob(alice, "c")) return;
    ok(wait_log(&alice->sink, "S3"), "no connection: %s\n", alice->sink.log);
    send_data(alice->session, "to bob1");
    ok(wait_log(&alice->sink, "C:"), "no context data: %s\n", alice->sink.log);
    check_remote_address(alice->session, "192.0.2.45");
    cancel(alice->session, "bye c");
    ok(wait_log(&alice->sink, "T:"), "no end: %s\n", alice->sink.log);
    check_log(&alice->sink, "S1 S2 A:bob1 R S3 C:bob1 here S4 T:81000606:bye c");
    finish(alice);
}

/* d: carol, who is not a contact, invites: the application never hears of it. */
static void scenario_d(struct inviter *alice)
{
    unsigned int before = manager_sink.invitations;

    ok(hear_word("carol-done", app_guid), "carol did not invite\n");
    pump_for(1000);
    ok(manager_sink.invitations == before && !manager_sink.invited, "carol's invitation was shown: %s\n",
       manager_sink.log);
}

/* Invites who, expecting MSGR_E_NOT_LOGGED_ON at once (9.3). */
static void not_online(struct inviter *alice, const char *who)
{
    DWORD start = GetTickCount(), took;
    HRESULT hr = invite_waiting(alice, app_guid, who, "e", FALSE);

    took = GetTickCount() - start;
    ok(hr == MSGR_E_NOT_LOGGED_ON, "Invite(%s) hr %#lx\n", who, hr);
    ok(took < 1000, "Invite(%s) took %lu ms\n", who, took);
    finish(alice);
}

/* e: dave is a contact but offline; bob is online without msgsc. */
static void scenario_e(struct inviter *alice)
{
    not_online(alice, "dave@example.org");
    ok(hear_word("plain-bob", app_guid), "bob did not sign in without msgsc\n");
    not_online(alice, bob);
    say_word("e-done", app_guid);
}

/* f: the server dies under a connected session. */
static void scenario_f(struct inviter *alice)
{
    DWORD start, took;

    ok(hear_word("bob-back", app_guid), "bob did not sign in again\n");
    if (!invite_bob(alice, "f")) return;
    ok(wait_log(&alice->sink, "S3"), "no connection: %s\n", alice->sink.log);
    send_data(alice->session, "kill now");
    start = GetTickCount();
    ok(wait_log(&alice->sink, "T:"), "no end after the server died: %s\n", alice->sink.log);
    took = GetTickCount() - start;
    trace("alice: the session ended %lu ms after her word to kill the server\n", took);
    ok(took < 15000, "the session ended %lu ms after the server died\n", took);
    check_log(&alice->sink, "S1 S2 A:f R S3 S4 T:81000603:");
    finish(alice);
}

int main(int argc, char **argv)
{
    static void (*const scenarios[])(struct inviter *) = {scenario_a, scenario_b, scenario_c,
                                                          scenario_d, scenario_e, scenario_f};
    struct inviter alice = {0};
    IConnectionPoint *cp;
    DWORD cookie;
    const char *letter;

    if (argc != 4)
    {
        printf("usage: test_net_xmpp_peer.exe GUID BOB SCENARIOS\n");
        return 2;
    }
    MultiByteToWideChar(CP_UTF8, 0, argv[1], -1, app_guid, ARRAY_SIZE(app_guid));
    bob = argv[2];
    CoInitialize(NULL);
    if (!(alice.manager = create_manager())) return 1;
    ok(register_chess(alice.manager, app_guid) == S_OK, "register\n");
    init_log_sink(&manager_sink);
    cp = advise_log((IUnknown *)alice.manager, &DIID_DMsgrSessionManagerEvents, &manager_sink, &cookie);

    for (letter = argv[3]; *letter; letter++)
    {
        int failed = test_failed;

        if (*letter < 'a' || *letter > 'f') continue;
        trace("alice: scenario %c\n", *letter);
        scenarios[*letter - 'a'](&alice);
        printf("%s: [%c] alice's side\n", test_failed == failed ? "PASS" : "FAIL", *letter);
        fflush(stdout);
    }

    if (cp)
    {
        IConnectionPoint_Unadvise(cp, cookie);
        IConnectionPoint_Release(cp);
    }
    if (manager_sink.invited) IMsgrSession_Release(manager_sink.invited);
    unregister_app(alice.manager, app_guid);
    IMsgrSessionManager_Release(alice.manager);
    CoUninitialize();
    return test_summary();
}
