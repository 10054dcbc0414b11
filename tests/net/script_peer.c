/*
 * Alice in C, bob as a script: every exchange driven from VBScript or JScript through the test script host.
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

/* Usage: test_net_script_peer.exe msgsc-script-host.exe script
 *
 * This program is alice.  Bob is tests/script/invitee.vbs or invitee.js, run
 * by msgsc-script-host.exe with bob's identity in its environment; each
 * identity has its own broker and the brokers talk over loopback TCP.  The
 * script handles OnInvitation and the session events by name and answers as
 * the invitation's data says, checking what it saw with WScript.Check; alice
 * checks her own events, then the host's exit code and summary line.
 *
 * The ports are free ones and the sign-in names carry them: a broker keeps
 * the configuration of the process that started it, and one serving the
 * same name would still hold its port, so neither a concurrent
 * net_two_party (alice@example.org, bob@example.org) nor a broker of an
 * earlier run waiting out its idle time answers for these identities. */

#include <stdlib.h>

#include "net/party.h"

/* Bob registers it when he is ready; alice invites to it. */
static WCHAR app_guid[39];
static char alice_name[64], bob_name[64];

/* --- alice's side of one scenario ------------------------------------------ */

struct outgoing
{
    IMsgrSession *session;
    struct log_sink sink;
    IConnectionPoint *cp;
    DWORD cookie;
};

/* TRUE when bob has registered the application, which he does once his
 * process takes invitations. */
static BOOL bob_is_ready(IMsgrSessionManager *manager)
{
    IMsgrSession *probe = create_session(manager);
    BSTR guid = SysAllocString(app_guid);
    HRESULT hr = E_FAIL;

    if (probe)
    {
        hr = IMsgrSession_put_Application(probe, guid);
        IMsgrSession_Release(probe);
    }
    SysFreeString(guid);
    return hr == S_OK;
}

static void end(struct outgoing *call)
{
    if (call->cp)
    {
        IConnectionPoint_Unadvise(call->cp, call->cookie);
        IConnectionPoint_Release(call->cp);
    }
    if (call->session) IMsgrSession_Release(call->session);
    call->cp = NULL;
    call->session = NULL;
}

/* A new session for the application, its events logged, bob invited with
 * data; FALSE (and nothing to end) when that failed. */
static BOOL start(IMsgrSessionManager *manager, struct outgoing *call, const char *data)
{
    struct contact contact;
    IDispatch *user = init_contact(&contact, CONTACT_VTABLE, NULL);
    WCHAR signin[64];
    HRESULT hr;
    BSTR value;

    memset(call, 0, sizeof(*call));
    init_log_sink(&call->sink);
    MultiByteToWideChar(CP_UTF8, 0, bob_name, -1, signin, ARRAY_SIZE(signin));
    contact.signin = signin;
    if (!(call->session = create_session(manager))) return FALSE;
    call->cp = advise_log((IUnknown *)call->session, &DIID_DMsgrSessionEvents, &call->sink, &call->cookie);
    ok(IMsgrSession_put_Application(call->session, value = SysAllocString(app_guid)) == S_OK,
       "put_Application\n");
    SysFreeString(value);
    hr = IMsgrSession_Invite(call->session, user, value = bstr(data));
    SysFreeString(value);
    ok(hr == S_OK, "Invite(%s) hr %#lx\n", data, hr);
    if (hr == S_OK) return TRUE;
    end(call);
    return FALSE;
}

/* The context data bob sent first must be the session's SessionID, the same
 * string on both sides; it is then alice's ContextData (spec Q9). */
static void check_session_id_from_bob(struct outgoing *call)
{
    char id[64], theirs[600], data[600];
    const char *token = strstr(call->sink.log, "C:");

    lstrcpynA(theirs, token ? token + 2 : "", sizeof(theirs));
    if (strchr(theirs, ' ')) *strchr(theirs, ' ') = 0;
    get_string(call->session, SessionID, id, sizeof(id));
    ok(!strcmp(theirs, id), "bob sent \"%s\", alice's SessionID is %s\n", theirs, id);
    get_string(call->session, ContextData, data, sizeof(data));
    ok(!strcmp(data, theirs), "ContextData \"%s\"\n", data);
}

static void send_data(struct outgoing *call, const char *data)
{
    BSTR value = bstr(data);

    ok(IMsgrSession_SendContextData(call->session, value) == S_OK, "SendContextData(%s)\n", data);
    SysFreeString(value);
}

static void cancel(struct outgoing *call, const char *data)
{
    BSTR value = bstr(data);

    ok(IMsgrSession_Cancel(call->session, S_OK, value) == S_OK, "Cancel(%s)\n", data);
    SysFreeString(value);
}

/* --- the scenarios ---------------------------------------------------------- */

/* Bob accepts; connected, his handler of OnStateChanged sends his SessionID;
 * alice answers with context data of her own and ends the session. */
static void test_accept(IMsgrSessionManager *manager)
{
    struct outgoing call;
    char expected[256], id[64];

    if (!start(manager, &call, "accept")) return;
    ok(wait_log(&call.sink, "C:"), "no context data: %s\n", call.sink.log);
    check_session_id_from_bob(&call);
    send_data(&call, "hello from alice");
    cancel(&call, "bye");
    ok(wait_log(&call.sink, "T:"), "no end: %s\n", call.sink.log);
    snprintf(expected, sizeof(expected), "S1 S2 A:yes R S3 C:%s S4 T:81000606:bye",
             get_string(call.session, SessionID, id, sizeof(id)));
    check_log(&call.sink, expected);
    end(&call);
}

static void test_decline(IMsgrSessionManager *manager)
{
    struct outgoing call;

    if (!start(manager, &call, "decline")) return;
    ok(wait_log(&call.sink, "T:"), "no end: %s\n", call.sink.log);
    check_log(&call.sink, "S1 S2 D:no thanks T:81000602:no thanks");
    end(&call);
}

/* Bob's OnCancelled and OnTermination(SR_CANCEL_BEFORE_CONNECT) are checked
 * by the script. */
static void test_cancel_before_answer(IMsgrSessionManager *manager)
{
    struct outgoing call;

    if (!start(manager, &call, "wait for cancel")) return;
    ok(hear_word("invited", app_guid), "bob did not see the invitation\n");
    cancel(&call, "changed my mind");
    ok(wait_log(&call.sink, "T:"), "no end: %s\n", call.sink.log);
    check_log(&call.sink, "S1 S2 T:81000606:changed my mind");
    end(&call);
}

/* Bob connects no session events: he reads State (without dispatching
 * messages until connected) and ContextData only. */
static void test_polling_invitee(IMsgrSessionManager *manager)
{
    struct outgoing call;
    char expected[256], id[64];

    if (!start(manager, &call, "poll")) return;
    ok(wait_log(&call.sink, "C:"), "no context data: %s\n", call.sink.log);
    check_session_id_from_bob(&call);
    send_data(&call, "hello poller");
    ok(wait_log(&call.sink, "C:seen"), "bob did not see the context data: %s\n", call.sink.log);
    cancel(&call, "bye");
    ok(wait_log(&call.sink, "T:"), "no end: %s\n", call.sink.log);
    snprintf(expected, sizeof(expected), "S1 S2 A:polled R S3 C:%s C:seen S4 T:81000606:bye",
             get_string(call.session, SessionID, id, sizeof(id)));
    check_log(&call.sink, expected);
    end(&call);
}

/* Bob declines the last invitation and leaves. */
static void test_quit(IMsgrSessionManager *manager)
{
    struct outgoing call;

    if (!start(manager, &call, "quit")) return;
    ok(wait_log(&call.sink, "T:"), "no end: %s\n", call.sink.log);
    check_log(&call.sink, "S1 S2 D:bye T:81000602:bye");
    end(&call);
}

/* --- bob's process ---------------------------------------------------------- */

/* Starts the script host with the script, its output going to file. */
static HANDLE start_script(const char *host, const char *script, HANDLE file)
{
    STARTUPINFOA startup = {0};
    PROCESS_INFORMATION info;
    char command[2 * MAX_PATH + 8];

    startup.cb = sizeof(startup);
    startup.dwFlags = STARTF_USESTDHANDLES;
    startup.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
    startup.hStdOutput = startup.hStdError = file;
    snprintf(command, sizeof(command), "\"%s\" \"%s\"", host, script);
    if (!CreateProcessA(NULL, command, NULL, NULL, TRUE, 0, NULL, NULL, &startup, &info))
    {
        ok(0, "CreateProcess(%s) failed: %lu\n", command, GetLastError());
        return NULL;
    }
    CloseHandle(info.hThread);
    return info.hProcess;
}

/* Shows the script's output (its end, when long) and checks its last line:
 * "N passed, 0 failed, N skipped" with N > 0. */
static void check_script_output(HANDLE file)
{
    char output[16384], *last;
    unsigned int passed = 0, failed = 1, skipped = 0;
    DWORD size = GetFileSize(file, NULL);

    SetFilePointer(file, size > sizeof(output) - 1 ? size - (sizeof(output) - 1) : 0, NULL, FILE_BEGIN);
    size = 0;
    ReadFile(file, output, sizeof(output) - 1, &size, NULL);
    output[size] = 0;
    trace("--- bob's script ---\n%s--- end of bob's script ---\n", output);

    while (size && (output[size - 1] == '\n' || output[size - 1] == '\r'))
        output[--size] = 0;
    last = strrchr(output, '\n');
    last = last ? last + 1 : output;
    ok(sscanf(last, "%u passed, %u failed, %u skipped", &passed, &failed, &skipped) == 3 && passed && !failed,
       "the script's summary is \"%s\"\n", last);
}

static void run(const char *host, const char *script)
{
    SECURITY_ATTRIBUTES inherit = {sizeof(inherit), NULL, TRUE};
    char path[MAX_PATH], name[MAX_PATH];
    unsigned short alice_port, bob_port;
    IMsgrSessionManager *manager;
    HANDLE bob, file;
    DWORD code = 1, started = GetTickCount();
    BOOL ready = FALSE;
    unsigned int i;

    free_ports(&alice_port, &bob_port);
    snprintf(alice_name, sizeof(alice_name), "alice-%u@example.org", alice_port);
    snprintf(bob_name, sizeof(bob_name), "bob-%u@example.org", bob_port);
    new_guid_string(app_guid);

    GetTempPathA(sizeof(path), path);
    GetTempFileNameA(path, "msg", 0, name);
    file = CreateFileA(name, GENERIC_READ | GENERIC_WRITE,
                       FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, &inherit, CREATE_ALWAYS,
                       FILE_FLAG_DELETE_ON_CLOSE, NULL);
    ok(file != INVALID_HANDLE_VALUE, "no output file: %lu\n", GetLastError());
    if (file == INVALID_HANDLE_VALUE) return;

    /* Bob's broker gives up on invitations later than alice's. */
    set_identity(bob_name, bob_port, alice_name, alice_port, "15000");
    SetEnvironmentVariableA("MSGSC_TEST_INVITER", alice_name);
    SetEnvironmentVariableA("MSGSC_TEST_APP", utf8(app_guid));
    bob = start_script(host, script, file);
    set_identity(alice_name, alice_port, bob_name, bob_port, "10000");

    CoInitialize(NULL);
    manager = create_manager();
    if (bob && manager)
    {
        /* The host, the script engine and bob's broker start: a few seconds. */
        for (i = 0; i < 200 && !(ready = bob_is_ready(manager)); i++)
            if (!WaitForSingleObject(bob, 100)) break;
        ok(ready, "bob's script did not register the application\n");
        trace("bob's script was ready after %lu ms\n", GetTickCount() - started);
    }
    if (ready)
    {
        test_accept(manager);
        test_decline(manager);
        test_cancel_before_answer(manager);
        test_polling_invitee(manager);
        test_quit(manager);
    }
    ok(bob && WaitForSingleObject(bob, 20000) == WAIT_OBJECT_0, "bob's script did not finish\n");
    if (bob)
    {
        if (WaitForSingleObject(bob, 0)) TerminateProcess(bob, 1);
        GetExitCodeProcess(bob, &code);
        ok(code == 0, "bob's script host exited with %lu\n", code);
        CloseHandle(bob);
    }
    trace("bob's script ended after %lu ms\n", GetTickCount() - started);
    check_script_output(file);
    CloseHandle(file);

    /* Bob unregisters the application when he quits; a failed run may not have. */
    if (manager)
    {
        unregister_app(manager, app_guid);
        IMsgrSessionManager_Release(manager);
    }
    CoUninitialize();
}

int main(int argc, char **argv)
{
    if (argc < 3)
    {
        printf("usage: %s msgsc-script-host.exe invitee.vbs|invitee.js\n", argv[0]);
        return 2;
    }
    run(argv[1], argv[2]);
    return test_summary();
}
