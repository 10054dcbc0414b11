/*
 * Two parties, two brokers, one machine: every exchange of the Session Invite API over real TCP.
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

/* This program is alice.  It starts bob (and a second process of bob's) as
 * child processes with their own identity in the same Wine prefix; each
 * identity gets its own broker, and the brokers talk over loopback TCP.
 * Bob does whatever the invitation's data says ("accept", "decline", ...),
 * so alice drives every scenario and both sides check the exact event
 * sequence they saw (spec 3.2, 3.3).  Bob's checks count in bob's exit code,
 * which alice checks. */

#include <stdlib.h>

#include "net/party.h"

/* The application both sides invite to; registered at start, removed at end. */
static WCHAR app_guid[39], missing_guid[39];
static unsigned short alice_port, bob_port;

/* --- helpers ------------------------------------------------------------- */

/* In a "mixed" run, bob2 is this program built for the other architecture:
 * a 32-bit and a 64-bit application of one user behind one broker. */
static const char *bob2_program;

static HANDLE start_party(const char *role)
{
    STARTUPINFOA startup = {0};
    PROCESS_INFORMATION info;
    char command[2 * MAX_PATH + 64], program[MAX_PATH];

    startup.cb = sizeof(startup);
    if (bob2_program && !strcmp(role, "bob2"))
        lstrcpynA(program, bob2_program, sizeof(program));
    else
        GetModuleFileNameA(NULL, program, sizeof(program));
    snprintf(command, sizeof(command), "\"%s\" %s %s %s", program, role, utf8(app_guid), utf8(missing_guid));
    if (!CreateProcessA(NULL, command, NULL, NULL, FALSE, 0, NULL, NULL, &startup, &info))
    {
        ok(0, "CreateProcess(%s) failed: %lu\n", role, GetLastError());
        return NULL;
    }
    CloseHandle(info.hThread);
    return info.hProcess;
}

/* --- bob ------------------------------------------------------------------ */

/* Answers one invitation as its data says; returns FALSE on "quit". */
static BOOL bob_answer(IMsgrSessionManager *manager, struct log_sink *manager_sink)
{
    struct log_sink sink;
    IConnectionPoint *cp;
    IMsgrSession *session;
    char data[600], text[600], expected[1024];
    DWORD cookie;
    unsigned int i;
    HRESULT hr;
    BSTR value;

    /* Alice may take a while between scenarios (bob2 starts, timeouts). */
    for (i = 0; i < 2 && !manager_sink->invited; i++)
        pump_until_long(invitation_arrived, manager_sink);
    ok(manager_sink->invited != NULL, "no invitation arrived\n");
    if (!(session = manager_sink->invited)) return FALSE;
    manager_sink->invited = NULL;
    lstrcpynA(data, manager_sink->invite_data, sizeof(data));
    trace("bob: invitation \"%s\"\n", data);
    init_log_sink(&sink);
    cp = advise_log((IUnknown *)session, &DIID_DMsgrSessionEvents, &sink, &cookie);

    /* What every invitation carries (spec 2.2, 4.4). */
    {
        SESSION_STATE state;
        LONG flags;
        IDispatch *user = NULL;

        /* Called before ok(): its message must show the value read. */
        hr = IMsgrSession_get_State(session, &state);
        ok(hr == S_OK && state == SS_INVITATION, "get_State hr %#lx, state %d\n", hr, state);
        hr = IMsgrSession_get_Flags(session, &flags);
        ok(hr == S_OK && flags == 2 /* SF_INVITEE */, "get_Flags hr %#lx, flags %ld\n", hr, flags);
        ok(!strcmp(get_string(session, ContextData, text, sizeof(text)), data), "ContextData \"%s\"\n", text);
        if (strcmp(data, "missing"))
        {
            ok(!strcmp(get_string(session, Application, text, sizeof(text)), utf8(app_guid)),
               "Application %s\n", text);
            ok(!strcmp(get_string(session, ApplicationName, text, sizeof(text)), "Chess Board"),
               "ApplicationName \"%s\"\n", text);
            ok(!strcmp(get_string(session, ApplicationURL, text, sizeof(text)),
                       "http://apps.example.org/chess/"),
               "ApplicationURL \"%s\"\n", text);
        }
        hr = IMsgrSession_get_User(session, &user);
        ok(hr == S_OK && user, "get_User hr %#lx\n", hr);
        if (user)
        {
            IMessengerContact *contact = NULL;

            IDispatch_QueryInterface(user, &IID_IMessengerContact, (void **)&contact);
            ok(contact != NULL, "User is an IMessengerContact\n");
            if (contact)
            {
                value = NULL;
                IMessengerContact_get_SigninName(contact, &value);
                ok(!strcmp(utf8(value), "alice@example.org"), "User %s\n", utf8(value));
                SysFreeString(value);
                IMessengerContact_Release(contact);
            }
            IDispatch_Release(user);
        }
    }

    if (!strcmp(data, "quit"))
    {
        /* Declined, so alice knows bob saw it before she lets it go (her
         * last reference on a live invitation cancels it). */
        ok(IMsgrSession_Decline(session, value = bstr("bye")) == S_OK, "Decline quit\n");
        SysFreeString(value);
        ok(wait_log(&sink, "T:"), "no end: %s\n", sink.log);
        check_log(&sink, "S2 T:81000602:bye");
    }
    else if (!strcmp(data, "accept"))
    {
        ok(IMsgrSession_Accept(session, value = bstr("yes")) == S_OK, "Accept\n");
        SysFreeString(value);
        ok(wait_log(&sink, "S3"), "no connection: %s\n", sink.log);
        /* Bob's SessionID and LocalAddress travel as context data: alice
         * compares them with hers and her RemoteAddress. */
        get_string(session, SessionID, text, sizeof(text));
        strcat(text, " ");
        get_string(session, LocalAddress, text + strlen(text), 64);
        ok(IMsgrSession_SendContextData(session, value = bstr(text)) == S_OK, "SendContextData\n");
        SysFreeString(value);
        ok(wait_log(&sink, "T:"), "no end: %s\n", sink.log);
        /* Alice sent her LocalAddress: our RemoteAddress. */
        get_string(session, RemoteAddress, text, sizeof(text));
        snprintf(expected, sizeof(expected), "S2 R S3 C:%s S4 X:bye T:81000607:bye", text);
        check_log(&sink, expected);
    }
    else if (!strcmp(data, "decline"))
    {
        ok(IMsgrSession_Decline(session, value = bstr("no thanks")) == S_OK, "Decline\n");
        SysFreeString(value);
        ok(wait_log(&sink, "T:"), "no end: %s\n", sink.log);
        check_log(&sink, "S2 T:81000602:no thanks");
    }
    else if (!strcmp(data, "wait for cancel"))
    {
        say_word("invited", app_guid); /* alice cancels once bob has seen the invitation */
        ok(wait_log(&sink, "T:"), "no end: %s\n", sink.log);
        check_log(&sink, "S2 X:changed my mind T:8100060a:changed my mind");
    }
    else if (!strcmp(data, "wait for timeout"))
    {
        ok(wait_log(&sink, "T:"), "no end: %s\n", sink.log);
        check_log(&sink, "S2 X: T:81000609:");
    }
    else if (!strcmp(data, "accept then cancel"))
    {
        ok(IMsgrSession_Accept(session, NULL) == S_OK, "Accept\n");
        ok(wait_log(&sink, "S3"), "no connection: %s\n", sink.log);
        ok(IMsgrSession_Cancel(session, E_ABORT, value = bstr("oops")) == S_OK, "Cancel\n");
        SysFreeString(value);
        ok(wait_log(&sink, "T:"), "no end: %s\n", sink.log);
        check_log(&sink, "S2 R S3 S4 T:81000606:oops");
    }
    else if (!strcmp(data, "missing"))
    {
        /* Alice removes the application before we answer (E3); she says
         * when it is gone. */
        ok(hear_word("unregistered", missing_guid), "alice did not remove the application\n");
        ok(IMsgrSession_Accept(session, NULL) == S_OK, "Accept\n");
        ok(wait_log(&sink, "T:"), "no end: %s\n", sink.log);
        check_log(&sink, "N:Missing Game S2 T:81000602:");
    }
    else if (!strcmp(data, "both"))
    {
        ok(IMsgrSession_Decline(session, NULL) == S_OK, "Decline\n");
        ok(wait_log(&sink, "T:"), "no end: %s\n", sink.log);
    }
    else if (!strcmp(data, "accept and vanish"))
    {
        /* Bob lets go of the session without a word: alice must not be left
         * connected to nobody. */
        ok(IMsgrSession_Accept(session, NULL) == S_OK, "Accept\n");
        ok(wait_log(&sink, "S3"), "no connection: %s\n", sink.log);
    }
    else if (!strcmp(data, "accept and wait"))
    {
        ok(IMsgrSession_Accept(session, NULL) == S_OK, "Accept\n");
        ok(wait_log(&sink, "T:"), "no end: %s\n", sink.log);
        check_log(&sink, "S2 R S3 C:still here S4 X:bye T:81000607:bye");
    }
    else if (!strcmp(data, "kill my broker"))
    {
        ok(IMsgrSession_Accept(session, NULL) == S_OK, "Accept\n");
        /* Alice's word that she is connected: only then does the broker
         * die (before, the acceptance might still be in its socket). */
        ok(wait_log(&sink, "C:kill now"), "no signal from alice: %s\n", sink.log);
        ok(kill_own_broker(), "could not kill bob's broker\n");
        ok(wait_log(&sink, "T:"), "no end after the broker died: %s\n", sink.log);
        check_log(&sink, "S2 R S3 C:kill now S4 T:81000603:");
        {
            SESSION_STATE state;
            IMsgrSession *probe;

            hr = IMsgrSession_get_State(session, &state);
            ok(hr == S_OK && state == SS_TERMINATED, "get_State hr %#lx, state %d\n", hr, state);
            /* The next call reaches a new broker. */
            probe = create_session(manager);
            if (probe) IMsgrSession_Release(probe);
            signal_ready("bob-again");
        }
    }
    else
        ok(0, "unknown instruction \"%s\"\n", data);

    if (cp)
    {
        IConnectionPoint_Unadvise(cp, cookie);
        IConnectionPoint_Release(cp);
    }
    IMsgrSession_Release(session);
    return strcmp(data, "quit") != 0;
}

static BOOL state_is_declined(void *ctx)
{
    IMsgrSession *session = ctx;
    SESSION_STATE state = SS_UNKNOWN;

    return SUCCEEDED(IMsgrSession_get_State(session, &state)) && state == SS_DECLINED;
}

static int run_bob(const char *role)
{
    IMsgrSessionManager *manager;
    struct log_sink manager_sink;
    IConnectionPoint *cp;
    DWORD cookie;

    CoInitialize(NULL);
    manager = create_manager();
    if (!manager) return 1;
    /* On a host of its own (two-hosts.sh) bob has a registry of his own. */
    if (GetEnvironmentVariableA("MSGSC_TEST_HOST", NULL, 0) && (unregister_app(manager, app_guid), TRUE))
        ok(register_chess(manager, app_guid) == S_OK, "register on bob's host\n");
    init_log_sink(&manager_sink);
    cp = advise_log((IUnknown *)manager, &DIID_DMsgrSessionManagerEvents, &manager_sink, &cookie);
    /* The documented invitee: a manager, advised, and nothing else.  Its
     * creation connected this process to bob's broker (starting it), so
     * invitations reach us from now on. */
    /* On a host of its own bob shares no wineserver with alice: his word
     * that he listens is a file two-hosts.sh waits for. */
    if (GetEnvironmentVariableA("MSGSC_TEST_HOST", NULL, 0))
    {
        HANDLE file = CreateFileA("bob.ready", GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);

        ok(file != INVALID_HANDLE_VALUE, "bob.ready not written: %lu\n", GetLastError());
        CloseHandle(file);
    }
    else
        signal_ready(role);

    if (!strcmp(role, "bob2"))
    {
        /* The second application process of the same user (in a mixed run,
         * of the other architecture) sees the same invitation, and the
         * first process's answer to it. */
        ok(pump_until_long(invitation_arrived, &manager_sink), "bob2: no invitation\n");
        ok(!strcmp(manager_sink.invite_data, "both"), "bob2 got \"%s\"\n", manager_sink.invite_data);
        if (manager_sink.invited)
        {
            /* Taken from the sink, which drops its reference at a later invitation. */
            IMsgrSession *invited = manager_sink.invited;
            SESSION_STATE state = SS_UNKNOWN;

            manager_sink.invited = NULL;
            ok(pump_until_long(state_is_declined, invited), "bob2 did not see the decline\n");
            IMsgrSession_get_State(invited, &state);
            ok(state == SS_DECLINED, "bob2: State %d\n", state);
            IMsgrSession_Release(invited);
        }
    }
    else
    {
        while (bob_answer(manager, &manager_sink))
            ;
    }
    if (cp)
    {
        IConnectionPoint_Unadvise(cp, cookie);
        IConnectionPoint_Release(cp);
    }
    IMsgrSessionManager_Release(manager);
    CoUninitialize();
    return test_summary();
}

/* --- alice ------------------------------------------------------------------ */

/* Invites; a scenario that could not even start is over (no NULL session
 * is ever used afterwards). */
#define start_scenario(alice, guid, who, data)                                                               \
    do                                                                                                       \
    {                                                                                                        \
        HRESULT start_hr = invite(alice, guid, who, data);                                                   \
        ok(start_hr == S_OK, "Invite(%s, %s) hr %#lx\n", who, data, start_hr);                               \
        if (start_hr != S_OK)                                                                                \
        {                                                                                                    \
            finish(alice);                                                                                   \
            return;                                                                                          \
        }                                                                                                    \
    } while (0)

static void test_accept_and_context_data(struct inviter *alice)
{
    char ours[128], theirs[600], expected[1024], id[64], local[64], remote[64];
    IDispatch *user = NULL;
    BSTR value;
    HRESULT hr;

    start_scenario(alice, app_guid, "bob@example.org", "accept");
    ok(wait_log(&alice->sink, "C:"), "no context data: %s\n", alice->sink.log);
    /* Bob sent "<his SessionID> <his LocalAddress>". */
    lstrcpynA(theirs, strstr(alice->sink.log, "C:") + 2, sizeof(theirs));
    get_string(alice->session, SessionID, id, sizeof(id));
    get_string(alice->session, RemoteAddress, remote, sizeof(remote));
    snprintf(ours, sizeof(ours), "%s %s", id, remote);
    ok(!strcmp(theirs, ours), "bob has \"%s\", alice \"%s\"\n", theirs, ours);
    ok(!strcmp(get_string(alice->session, ContextData, expected, sizeof(expected)), theirs),
       "ContextData is the last data received: %s\n", expected);
    hr = IMsgrSession_get_User(alice->session, &user);
    ok(hr == S_OK && user, "get_User hr %#lx\n", hr);
    if (user) IDispatch_Release(user);

    /* Our LocalAddress as context data; then the end. */
    get_string(alice->session, LocalAddress, local, sizeof(local));
    ok(IMsgrSession_SendContextData(alice->session, value = bstr(local)) == S_OK, "SendContextData\n");
    SysFreeString(value);
    ok(IMsgrSession_Cancel(alice->session, S_OK, value = bstr("bye")) == S_OK, "Cancel\n");
    SysFreeString(value);
    ok(wait_log(&alice->sink, "T:"), "no end: %s\n", alice->sink.log);
    snprintf(expected, sizeof(expected), "S1 S2 A:yes R S3 C:%s S4 T:81000606:bye", theirs);
    check_log(&alice->sink, expected);
    finish(alice);
}

static void test_decline(struct inviter *alice)
{
    start_scenario(alice, app_guid, "bob@example.org", "decline");
    ok(wait_log(&alice->sink, "T:"), "no end: %s\n", alice->sink.log);
    check_log(&alice->sink, "S1 S2 D:no thanks T:81000602:no thanks");
    finish(alice);
}

static void test_cancel_before_answer(struct inviter *alice)
{
    BSTR value;

    start_scenario(alice, app_guid, "BOB@example.org", "wait for cancel");
    ok(hear_word("invited", app_guid), "bob did not see the invitation\n");
    ok(IMsgrSession_Cancel(alice->session, S_OK, value = bstr("changed my mind")) == S_OK, "Cancel\n");
    SysFreeString(value);
    ok(wait_log(&alice->sink, "T:"), "no end: %s\n", alice->sink.log);
    check_log(&alice->sink, "S1 S2 T:81000606:changed my mind");
    finish(alice);
}

static void test_timeout(struct inviter *alice)
{
    start_scenario(alice, app_guid, "bob@example.org", "wait for timeout");
    ok(wait_log(&alice->sink, "T:"), "no timeout: %s\n", alice->sink.log);
    check_log(&alice->sink, "S1 S2 T:81000609:");
    finish(alice);
}

static void test_invitee_cancels(struct inviter *alice)
{
    start_scenario(alice, app_guid, "bob@example.org", "accept then cancel");
    ok(wait_log(&alice->sink, "T:"), "no end: %s\n", alice->sink.log);
    /* Bob's own hr travels (X-Msgsc-HResult). */
    check_log(&alice->sink, "S1 S2 A: R S3 S4 X:oops T:80004004:oops");
    finish(alice);
}

static void test_app_not_present(struct inviter *alice, IMsgrSessionManager *manager)
{
    ok(register_app(manager, missing_guid, L"Missing Game", L"http://example.org/missing",
                    L"C:\\missing.exe") == S_OK,
       "register\n");
    start_scenario(alice, missing_guid, "bob@example.org", "missing");
    /* Gone before bob answers: bob's Accept finds no application. */
    ok(unregister_app(manager, missing_guid) == S_OK, "unregister\n");
    say_word("unregistered", missing_guid);
    ok(wait_log(&alice->sink, "T:"), "no end: %s\n", alice->sink.log);
    check_log(&alice->sink, "S1 S2 D: T:81000602:");
    finish(alice);
}

static void test_two_processes(struct inviter *alice)
{
    HANDLE bob2, ready = ready_event("bob2");

    /* Alice's own configuration was read at her first call. */
    set_identity("bob@example.org", bob_port, "alice@example.org", alice_port, "8000");
    bob2 = start_party("bob2");
    set_identity("alice@example.org", alice_port, "bob@example.org", bob_port, "3000");

    ok(wait_ready(ready), "bob2 did not start\n");
    if (bob2_program)
    {
        BOOL self_wow64 = FALSE, bob2_wow64 = TRUE;

        IsWow64Process(GetCurrentProcess(), &self_wow64);
        IsWow64Process(bob2, &bob2_wow64);
        ok(self_wow64 && !bob2_wow64, "alice under WOW64 %d, bob2 %d: not one of each architecture\n",
           self_wow64, bob2_wow64);
    }
    start_scenario(alice, app_guid, "bob@example.org", "both");
    ok(wait_log(&alice->sink, "T:"), "no end: %s\n", alice->sink.log);
    check_log(&alice->sink, "S1 S2 D: T:81000602:");
    finish(alice);
    wait_party(bob2, "bob2", 20000);
}

/* Connects to bob's broker as a stranger would: a raw TCP socket. */
static SOCKET raw_connect(void)
{
    struct sockaddr_in address = {0};
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    DWORD timeout = 5000;

    address.sin_family = AF_INET;
    address.sin_port = htons(bob_port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, (const char *)&timeout, sizeof(timeout));
    ok(!connect(s, (struct sockaddr *)&address, sizeof(address)), "connect: %d\n", WSAGetLastError());
    return s;
}

/* Sends text, then reads until the broker closes the connection: TRUE when
 * it did (within the receive timeout), after at most a hello of its own. */
static BOOL closed_after(SOCKET s, const char *text, size_t len)
{
    char buffer[4096];
    int got, total = 0;

    send(s, text, (int)len, 0);
    while ((got = recv(s, buffer, sizeof(buffer), 0)) > 0)
        total += got;
    closesocket(s);
    return got == 0 || (got < 0 && WSAGetLastError() == WSAECONNRESET);
}

static const char unknown_command[] = "MIME-Version: 1.0\r\n"
                                      "Content-Type: text/x-msmsgsinvite; charset=UTF-8\r\n"
                                      "\r\n"
                                      "Invitation-Command: NOTHING\r\n"
                                      "Invitation-Cookie: 1\r\n"
                                      "\r\n";

/* A file-transfer invitation (no Session-Protocol, spec 2.8) is refused at
 * once with REJECT_NOT_INSTALLED, echoing its cookie (spec 9.3 item 3). */
static void test_foreign_invitation(void)
{
    static const char invite_ft[] = "MIME-Version: 1.0\r\n"
                                    "Content-Type: text/x-msmsgsinvite; charset=UTF-8\r\n"
                                    "\r\n"
                                    "Application-Name: File Transfer\r\n"
                                    "Application-GUID: {5D3E02AB-6190-11d3-BBBB-00C04F795683}\r\n"
                                    "Invitation-Command: INVITE\r\n"
                                    "Invitation-Cookie: 374836\r\n"
                                    "Application-File: notes.txt\r\n"
                                    "Application-FileSize: 42\r\n"
                                    "\r\n";
    static const char start[] = "USR bob@example.org\r\nMSG bob@example.org ";
    char frame[1024], reply[4096];
    int len, got, total = 0;
    SOCKET s = raw_connect();

    len = snprintf(frame, sizeof(frame), "USR alice@example.org\r\nMSG alice@example.org alice %u\r\n%s",
                   (unsigned int)strlen(invite_ft), invite_ft);
    send(s, frame, len, 0);
    while (total < (int)sizeof(reply) - 1 && (got = recv(s, reply + total, sizeof(reply) - 1 - total, 0)) > 0)
    {
        total += got;
        reply[total] = 0;
        if (strstr(reply, "Invitation-Cookie: 374836\r\n") && strstr(reply, "\r\n\r\n\r\n")) break;
    }
    reply[total] = 0;
    ok(!strncmp(reply, start, strlen(start)), "reply \"%.60s\"\n", reply);
    ok(strstr(reply, "Invitation-Command: CANCEL\r\n") &&
           strstr(reply, "Cancel-Code: REJECT_NOT_INSTALLED\r\n") &&
           strstr(reply, "Invitation-Cookie: 374836\r\n"),
       "no REJECT_NOT_INSTALLED in \"%s\"\n", reply);
    closesocket(s);
}

/* Strangers, garbage, oversize frames and floods close their own link and
 * nothing else: the session alice and bob have stays up (issue 3 point 7). */
static void test_hostile_peers(struct inviter *alice)
{
    char frame[256], *flood;
    SESSION_STATE state;
    size_t len, i;
    WSADATA wsa;
    HRESULT hr;
    BSTR value;

    WSAStartup(MAKEWORD(2, 2), &wsa);
    start_scenario(alice, app_guid, "bob@example.org", "accept and wait");
    ok(wait_log(&alice->sink, "S3"), "no connection: %s\n", alice->sink.log);

    test_foreign_invitation();
    ok(closed_after(raw_connect(), "USR mallory@example.org\r\n", 25), "a stranger was not refused\n");
    ok(closed_after(raw_connect(), "GET / HTTP/1.0\r\n\r\n", 18), "garbage was not refused\n");
    len = snprintf(frame, sizeof(frame), "USR alice@example.org\r\nMSG alice@example.org alice 99999\r\n");
    ok(closed_after(raw_connect(), frame, len), "an oversize frame was not refused\n");
    len = snprintf(frame, sizeof(frame), "USR alice@example.org\r\nMSG bob@example.org bob %u\r\n%s",
                   (unsigned int)strlen(unknown_command), unknown_command);
    ok(closed_after(raw_connect(), frame, len), "a frame with a false sender was not refused\n");

    /* Well-formed messages, but far more than the rate allows. */
    flood = malloc(2000 * 200);
    len = snprintf(flood, 64, "USR alice@example.org\r\n");
    for (i = 0; i < 2000; i++)
        len += sprintf(flood + len, "MSG alice@example.org alice %u\r\n%s",
                       (unsigned int)strlen(unknown_command), unknown_command);
    ok(closed_after(raw_connect(), flood, len), "a flood was not refused\n");
    free(flood);

    hr = IMsgrSession_get_State(alice->session, &state);
    ok(hr == S_OK && state == SS_CONNECTED, "get_State hr %#lx, state %d\n", hr, state);
    ok(IMsgrSession_SendContextData(alice->session, value = bstr("still here")) == S_OK, "SendContextData\n");
    SysFreeString(value);
    ok(IMsgrSession_Cancel(alice->session, S_OK, value = bstr("bye")) == S_OK, "Cancel\n");
    SysFreeString(value);
    ok(wait_log(&alice->sink, "T:"), "no end: %s\n", alice->sink.log);
    check_log(&alice->sink, "S1 S2 A: R S3 S4 T:81000606:bye");
    finish(alice);
    WSACleanup();
}

/* "quit" ends bob: he declines it, and only then does alice let it go
 * (releasing a live invitation cancels it, and bob would see a cancelled
 * session). */
static void test_quit(struct inviter *alice)
{
    ok(invite(alice, app_guid, "bob@example.org", "quit") == S_OK, "Invite quit\n");
    ok(wait_log(&alice->sink, "T:"), "no end: %s\n", alice->sink.log);
    check_log(&alice->sink, "S1 S2 D:bye T:81000602:bye");
    finish(alice);
}

/* Alice on a host of her own (two-hosts.sh): her identity and bob's
 * address come from the environment, and bob listens already (the script
 * waited for his word). */
static int run_host_alice(void)
{
    struct inviter alice = {0};

    CoInitialize(NULL);
    if (!(alice.manager = create_manager())) return test_summary();
    unregister_app(alice.manager, app_guid); /* left over by an interrupted run */
    ok(register_chess(alice.manager, app_guid) == S_OK, "register\n");
    test_decline(&alice);
    test_accept_and_context_data(&alice);
    test_cancel_before_answer(&alice);
    test_quit(&alice);
    unregister_app(alice.manager, app_guid);
    IMsgrSessionManager_Release(alice.manager);
    CoUninitialize();
    return test_summary();
}

static void test_peer_lets_go(struct inviter *alice)
{
    start_scenario(alice, app_guid, "bob@example.org", "accept and vanish");
    ok(wait_log(&alice->sink, "T:"), "no end after bob let go: %s\n", alice->sink.log);
    check_log(&alice->sink, "S1 S2 A: R S3 S4 X: T:81000607:");
    finish(alice);
}

static void test_broker_killed(struct inviter *alice)
{
    HANDLE again = ready_event("bob-again");
    BSTR value;

    start_scenario(alice, app_guid, "bob@example.org", "kill my broker");
    ok(wait_log(&alice->sink, "S3"), "no connection: %s\n", alice->sink.log);
    ok(IMsgrSession_SendContextData(alice->session, value = bstr("kill now")) == S_OK, "SendContextData\n");
    SysFreeString(value);
    ok(wait_log(&alice->sink, "T:"), "no end after bob's broker died: %s\n", alice->sink.log);
    check_log(&alice->sink, "S1 S2 A: R S3 S4 T:81000603:");
    finish(alice);
    ok(wait_ready(again), "bob has no broker again\n");
}

static void test_unreachable(struct inviter *alice)
{
    char who[64];

    if (!over_xmpp())
    {
        /* Nobody listens there: the invitation is sent, then fails (I4). */
        snprintf(who, sizeof(who), "dave@127.0.0.1:%u", free_port());
        start_scenario(alice, app_guid, who, "hello");
        ok(wait_log(&alice->sink, "T:"), "no end: %s\n", alice->sink.log);
        check_log(&alice->sink, "S1 S2 E:81000615 T:81000615:");
        finish(alice);
    }

    /* No address at all, or over XMPP not a contact who is online: not
     * signed in as far as we can tell, at once (spec I3). */
    {
        DWORD start = GetTickCount();
        HRESULT hr = invite_waiting(alice, app_guid, "carol@example.org", "hello", FALSE);

        ok(hr == (HRESULT)0x8100031e, "unknown contact: hr %#lx\n", hr);
        ok(GetTickCount() - start < 1000, "unknown contact: %lu ms\n", GetTickCount() - start);
    }
    finish(alice);
    ok(invite(alice, app_guid, "Alice@Example.org", "hello") == (HRESULT)0x81000613, "SR_INVITED_SELF\n");
    finish(alice);
}

/* Arguments are checked before anything happens, the same way signed in
 * (through the broker) and signed out (in process): the same HRESULT and
 * description, and no connection to the contact (issue 6 point 3). */
static const char *const bad_invitation_data[] = {"a\r\nb", "a\rb", "a\nb", NULL /* 513 bytes */};

static void check_bad_invitations(struct inviter *alice, const char *who)
{
    char long_data[514];
    unsigned int i;

    memset(long_data, 'x', 513);
    long_data[513] = 0;
    for (i = 0; i < ARRAY_SIZE(bad_invitation_data); i++)
    {
        const char *data = bad_invitation_data[i] ? bad_invitation_data[i] : long_data;
        const char *expected = bad_invitation_data[i] ? "An argument is not valid."
                                                      : "The application data is longer than 512 bytes.";
        IErrorInfo *info = NULL;
        BSTR description = NULL;
        HRESULT hr;

        SetErrorInfo(0, NULL);
        hr = invite(alice, app_guid, who, data);
        ok(hr == E_INVALIDARG, "Invite(data %u) hr %#lx\n", i, hr);
        GetErrorInfo(0, &info);
        if (info) IErrorInfo_GetDescription(info, &description);
        ok(!strcmp(utf8(description), expected), "Invite(data %u): description \"%s\"\n", i,
           utf8(description));
        SysFreeString(description);
        if (info) IErrorInfo_Release(info);
        finish(alice);
    }
}

/* The signed-out side of test_bad_arguments: a process with no sign-in. */
static int run_signed_out(const char *who)
{
    struct inviter alice = {0};

    CoInitialize(NULL);
    alice.manager = create_manager();
    if (alice.manager)
    {
        check_bad_invitations(&alice, who);
        IMsgrSessionManager_Release(alice.manager);
    }
    CoUninitialize();
    return test_summary();
}

/* Whether the file holds text (the brokers' trace, MSGSC_BROKER_LOG). */
static BOOL file_has(const char *path, const char *text)
{
    static char buf[1 << 20];
    HANDLE file =
        CreateFileA(path, GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, NULL, OPEN_EXISTING, 0, NULL);
    DWORD got = 0;

    if (file == INVALID_HANDLE_VALUE) return FALSE;
    ReadFile(file, buf, sizeof(buf) - 1, &got, NULL);
    CloseHandle(file);
    buf[got] = 0;
    return strstr(buf, text) != NULL;
}

/* Over XMPP, a broker whose sign-in fails (the script sets a wrong password
 * or another pin): once its trace says why (the text expected), Invite
 * answers MSGR_E_NOT_LOGGED_ON, as for a contact not signed in. */
static int run_xmpp_refused(const char *signin, const char *contact, const char *expected)
{
    struct inviter alice = {0};
    char log[MAX_PATH];
    DWORD start = GetTickCount();
    BOOL seen = FALSE;
    HRESULT hr;

    new_guid_string(app_guid);
    SetEnvironmentVariableA("MSGSC_SIGNIN", signin);
    SetEnvironmentVariableA("MSGSC_BROKER_IDLE_MS", "2000");
    ok(GetEnvironmentVariableA("MSGSC_BROKER_LOG", log, sizeof(log)) > 0, "no MSGSC_BROKER_LOG\n");
    CoInitialize(NULL);
    if (!(alice.manager = create_manager())) return test_summary();
    ok(register_chess(alice.manager, app_guid) == S_OK, "register\n");
    /* The first session starts the broker, which tries to sign in. */
    ok(invite_waiting(&alice, app_guid, contact, "hello", FALSE) == MSGR_E_NOT_LOGGED_ON,
       "not yet signed in\n");
    finish(&alice);
    while (!(seen = file_has(log, expected)) && GetTickCount() - start < 20000)
        Sleep(100);
    ok(seen, "the broker's trace never said \"%s\"\n", expected);
    hr = invite_waiting(&alice, app_guid, contact, "hello", FALSE);
    ok(hr == MSGR_E_NOT_LOGGED_ON, "Invite after the failed sign-in: hr %#lx\n", hr);
    finish(&alice);
    unregister_app(alice.manager, app_guid);
    IMsgrSessionManager_Release(alice.manager);
    CoUninitialize();
    return test_summary();
}

static void test_bad_arguments(struct inviter *alice)
{
    struct sockaddr_in address = {0};
    int size = sizeof(address);
    char who[64], command[MAX_PATH + 128], self[MAX_PATH];
    STARTUPINFOA startup = {0};
    PROCESS_INFORMATION info;
    struct timeval no_wait = {0, 0};
    SOCKET listener;
    DWORD code = 1;
    fd_set ready;
    WSADATA wsa;

    /* The contact's address is a socket of ours: nothing may connect to it. */
    WSAStartup(MAKEWORD(2, 2), &wsa);
    listener = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ok(!bind(listener, (struct sockaddr *)&address, sizeof(address)) && !listen(listener, 4) &&
           !getsockname(listener, (struct sockaddr *)&address, &size),
       "listener: %d\n", WSAGetLastError());
    snprintf(who, sizeof(who), "dave@127.0.0.1:%u", ntohs(address.sin_port));

    check_bad_invitations(alice, who);

    startup.cb = sizeof(startup);
    GetModuleFileNameA(NULL, self, sizeof(self));
    snprintf(command, sizeof(command), "\"%s\" signed-out %s %s", self, who, utf8(app_guid));
    SetEnvironmentVariableA("MSGSC_SIGNIN", NULL);
    if (CreateProcessA(NULL, command, NULL, NULL, FALSE, 0, NULL, NULL, &startup, &info))
    {
        ok(WaitForSingleObject(info.hProcess, 30000) == WAIT_OBJECT_0,
           "the signed-out process did not end\n");
        GetExitCodeProcess(info.hProcess, &code);
        CloseHandle(info.hThread);
        CloseHandle(info.hProcess);
    }
    ok(code == 0, "the signed-out process failed %lu checks\n", code);
    set_identity("alice@example.org", alice_port, "bob@example.org", bob_port, "3000");

    /* Every Invite above returned after its check: a connection it had
     * started would be waiting to be accepted by now. */
    FD_ZERO(&ready);
    FD_SET(listener, &ready);
    size = select(0, &ready, NULL, NULL, &no_wait);
    ok(size == 0, "select %d: an Invite with a bad argument connected to the contact\n", size);
    closesocket(listener);
    WSACleanup();
}

/* IPv6 loopback where the machine has it: bob and alice reach each other
 * over [::1] only (a shorter run of the same exchanges). */
static BOOL use_ipv6(void)
{
    struct sockaddr_in6 address = {0};
    WSADATA wsa;
    SOCKET s;
    BOOL bound;

    WSAStartup(MAKEWORD(2, 2), &wsa);
    s = socket(AF_INET6, SOCK_STREAM, IPPROTO_TCP);
    address.sin6_family = AF_INET6;
    address.sin6_addr = in6addr_loopback;
    bound = s != INVALID_SOCKET && !bind(s, (struct sockaddr *)&address, sizeof(address));
    if (s != INVALID_SOCKET) closesocket(s);
    WSACleanup();
    if (bound) loopback_host = "[::1]";
    return bound;
}

/* Everything beyond the basic exchanges, over IPv4. */
static void run_all_scenarios(struct inviter *alice)
{
    test_bad_arguments(alice);
    test_timeout(alice);
    test_invitee_cancels(alice);
    test_app_not_present(alice, alice->manager);
    test_two_processes(alice);
    if (over_xmpp())
        printf("over XMPP: no hostile peers on raw links (tests/net/hostile.c is the direct links')\n");
    else
        test_hostile_peers(alice);
    test_peer_lets_go(alice);
    test_broker_killed(alice);
    test_unreachable(alice);
}

static int run_alice(BOOL ipv6)
{
    static const char *const identities[] = {"alice@example.org", "bob@example.org"};
    struct inviter alice = {0};
    HANDLE bob, ready;

    if (ipv6 && !use_ipv6())
    {
        printf("SKIP: no IPv6 loopback here; the IPv4 run covers the exchange\n");
        return 77;
    }

    wait_brokers_gone(ARRAY_SIZE(identities), identities);
    free_ports(&alice_port, &bob_port);
    new_guid_string(app_guid);
    new_guid_string(missing_guid);

    /* Bob's broker gives up on invitations later than alice's, so that a
     * timeout is always alice's (I10 then E8 on bob's side). */
    /* Bob finds alice in the registry's contacts table, not the environment. */
    {
        char address[64];
        HKEY key;

        snprintf(address, sizeof(address), "%s:%u", loopback_host, alice_port);
        ok(!RegCreateKeyExA(HKEY_CURRENT_USER, "Software\\msgsc\\Contacts", 0, NULL, 0, KEY_WRITE, NULL, &key,
                            NULL),
           "create the contacts key\n");
        RegSetValueExA(key, "alice@example.org", 0, REG_SZ, (const BYTE *)address, strlen(address) + 1);
        RegCloseKey(key);
    }
    ready = ready_event("bob");
    set_identity("bob@example.org", bob_port, "alice@example.org", alice_port, "8000");
    SetEnvironmentVariableA("MSGSC_CONTACTS", NULL);
    bob = start_party("bob");
    set_identity("alice@example.org", alice_port, "bob@example.org", bob_port, "3000");

    CoInitialize(NULL);
    if (!(alice.manager = create_manager()))
    {
        TerminateProcess(bob, 1); /* it would wait for invitations */
        CloseHandle(bob);
        return test_summary();
    }
    ok(register_chess(alice.manager, app_guid) == S_OK, "register\n");
    ok(wait_ready(ready), "bob did not start\n");

    test_accept_and_context_data(&alice);
    test_decline(&alice);
    test_cancel_before_answer(&alice);
    if (bob2_program)
        test_two_processes(&alice);
    else if (!ipv6)
        run_all_scenarios(&alice);

    /* Bob's broker was restarted by bob's next call; "quit" ends bob. */
    test_quit(&alice);
    wait_party(bob, "bob", 30000);

    unregister_app(alice.manager, app_guid);
    RegDeleteKeyA(HKEY_CURRENT_USER, "Software\\msgsc\\Contacts");
    IMsgrSessionManager_Release(alice.manager);
    CoUninitialize();
    return test_summary();
}

/* Waits until no broker serves any of the sign-in names: a test that
 * follows with the same names must start brokers of its own, configured
 * as it is (tests/net/xmpp-two-party.sh, before and after its run). */
static int run_wait_brokers(int count, char **signins)
{
    wait_brokers_gone(count, (const char *const *)signins);
    return test_summary();
}

int main(int argc, char **argv)
{
    if (argc >= 2 && !strcmp(argv[1], "wait-brokers")) return run_wait_brokers(argc - 2, argv + 2);
    if (argc == 5 && !strcmp(argv[1], "xmpp-refused")) return run_xmpp_refused(argv[2], argv[3], argv[4]);
    if (argc == 3 && !strcmp(argv[1], "host-alice"))
    {
        MultiByteToWideChar(CP_UTF8, 0, argv[2], -1, app_guid, ARRAY_SIZE(app_guid));
        return run_host_alice();
    }
    if (argc == 2 && !strcmp(argv[1], "ipv6")) return run_alice(TRUE);
    if (argc == 4 && !strcmp(argv[1], "signed-out"))
    {
        MultiByteToWideChar(CP_UTF8, 0, argv[3], -1, app_guid, ARRAY_SIZE(app_guid));
        return run_signed_out(argv[2]);
    }
    if (argc == 3 && !strcmp(argv[1], "mixed"))
    {
        bob2_program = argv[2];
        return run_alice(FALSE);
    }
    if (argc >= 4)
    {
        MultiByteToWideChar(CP_UTF8, 0, argv[2], -1, app_guid, ARRAY_SIZE(app_guid));
        MultiByteToWideChar(CP_UTF8, 0, argv[3], -1, missing_guid, ARRAY_SIZE(missing_guid));
        return run_bob(argv[1]);
    }
    return run_alice(FALSE);
}
