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

#include "com/comtest.h"

/* The application both sides invite to; registered at start, removed at end. */
static WCHAR app_guid[39], missing_guid[39];
static unsigned short alice_port, bob_port;

/* --- an event log -------------------------------------------------------- */

/* A session sink that writes each event as a short token: S<prev> for
 * OnStateChanged, A:data Accepted, D:data Declined, X:data Cancelled,
 * T:hr:data Termination, R ReadyToLaunch, B BeforeAppLaunch, C:data
 * ContextData, E:hr SendError, N:name AppNotPresent. */
struct log_sink
{
    IDispatch IDispatch_iface;
    LONG ref;
    char log[2048];
    /* For the manager's sink: the last invitation. */
    IMsgrSession *invited;
    char invite_data[600];
    unsigned int invitations;
};

static struct log_sink *impl_from_log_sink(IDispatch *iface)
{
    return CONTAINING_RECORD(iface, struct log_sink, IDispatch_iface);
}

static HRESULT WINAPI log_sink_QueryInterface(IDispatch *iface, REFIID riid, void **out)
{
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IDispatch) ||
        IsEqualGUID(riid, &DIID_DMsgrSessionEvents) || IsEqualGUID(riid, &DIID_DMsgrSessionManagerEvents))
    {
        *out = iface;
        IDispatch_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI log_sink_AddRef(IDispatch *iface)
{
    return InterlockedIncrement(&impl_from_log_sink(iface)->ref);
}

static ULONG WINAPI log_sink_Release(IDispatch *iface)
{
    return InterlockedDecrement(&impl_from_log_sink(iface)->ref);
}

static HRESULT WINAPI log_sink_GetTypeInfoCount(IDispatch *iface, UINT *count)
{
    *count = 0;
    return S_OK;
}

static HRESULT WINAPI log_sink_GetTypeInfo(IDispatch *iface, UINT index, LCID lcid, ITypeInfo **info)
{
    return E_NOTIMPL;
}

static HRESULT WINAPI log_sink_GetIDsOfNames(IDispatch *iface, REFIID riid, LPOLESTR *names, UINT count,
                                             LCID lcid, DISPID *ids)
{
    return E_NOTIMPL;
}

static void append(struct log_sink *sink, const char *format, ...)
{
    size_t len = strlen(sink->log);
    va_list args;

    if (len) sink->log[len++] = ' ';
    va_start(args, format);
    vsnprintf(sink->log + len, sizeof(sink->log) - len, format, args);
    va_end(args);
}

static const char *utf8(BSTR str)
{
    static char text[4][600];
    static unsigned int next;
    char *out = text[next++ % 4];

    out[0] = 0;
    if (str) WideCharToMultiByte(CP_UTF8, 0, str, -1, out, sizeof(text[0]), NULL, NULL);
    return out;
}

static HRESULT WINAPI log_sink_Invoke(IDispatch *iface, DISPID id, REFIID riid, LCID lcid, WORD flags,
                                      DISPPARAMS *params, VARIANT *result, EXCEPINFO *excep, UINT *argerr)
{
    struct log_sink *sink = impl_from_log_sink(iface);
    VARIANT *args = params->rgvarg; /* reversed: the last argument first */
    UINT argc = params->cArgs;

    switch (id)
    {
    case 100: /* OnInvitation(pSession, bstrAppData, pfHandled) */
        ok(argc == 3 && V_VT(&args[2]) == VT_DISPATCH && V_VT(&args[1]) == VT_BSTR &&
               V_VT(&args[0]) == (VT_BOOL | VT_BYREF),
           "OnInvitation arguments\n");
        if (sink->invited) IMsgrSession_Release(sink->invited);
        sink->invited = NULL;
        IDispatch_QueryInterface(V_DISPATCH(&args[2]), &IID_IMsgrSession, (void **)&sink->invited);
        lstrcpynA(sink->invite_data, utf8(V_BSTR(&args[1])), sizeof(sink->invite_data));
        ok(*V_BOOLREF(&args[0]) == VARIANT_FALSE, "pfHandled comes in FALSE\n");
        *V_BOOLREF(&args[0]) = VARIANT_TRUE;
        sink->invitations++;
        append(sink, "I:%s", sink->invite_data);
        break;
    case 103: append(sink, "S%ld", V_I4(&args[0])); break;
    case 104: append(sink, "N:%s", utf8(V_BSTR(&args[1]))); break;
    case 105: append(sink, "A:%s", utf8(V_BSTR(&args[0]))); break;
    case 106: append(sink, "D:%s", utf8(V_BSTR(&args[0]))); break;
    case 107: append(sink, "X:%s", utf8(V_BSTR(&args[0]))); break;
    case 108: append(sink, "T:%lx:%s", V_I4(&args[1]), utf8(V_BSTR(&args[0]))); break;
    case 109: append(sink, "R"); break;
    case 110: append(sink, "C:%s", utf8(V_BSTR(&args[0]))); break;
    case 111: append(sink, "E:%lx", V_I4(&args[0])); break;
    case 112: append(sink, "B"); break;
    default: append(sink, "?%ld", id); break;
    }
    return S_OK;
}

static const IDispatchVtbl log_sink_vtbl = {
    log_sink_QueryInterface, log_sink_AddRef,        log_sink_Release, log_sink_GetTypeInfoCount,
    log_sink_GetTypeInfo,    log_sink_GetIDsOfNames, log_sink_Invoke,
};

static void init_log_sink(struct log_sink *sink)
{
    memset(sink, 0, sizeof(*sink));
    sink->IDispatch_iface.lpVtbl = &log_sink_vtbl;
    sink->ref = 1;
}

static IConnectionPoint *advise_log(IUnknown *source, const IID *iid, struct log_sink *sink, DWORD *cookie)
{
    IConnectionPoint *cp = find_cp(source, iid);

    *cookie = 0;
    if (cp) ok(IConnectionPoint_Advise(cp, (IUnknown *)&sink->IDispatch_iface, cookie) == S_OK, "Advise\n");
    return cp;
}

struct log_wait
{
    struct log_sink *sink;
    const char *text;
};

static BOOL log_has(void *ctx)
{
    struct log_wait *wait = ctx;

    return strstr(wait->sink->log, wait->text) != NULL;
}

/* Pumps messages until the log contains text (at most ten seconds). */
static BOOL wait_log(struct log_sink *sink, const char *text)
{
    struct log_wait wait = {sink, text};

    return pump_until(log_has, &wait);
}

#define check_log(sink, expected) check_log_(__LINE__, sink, expected)
static void check_log_(int line, struct log_sink *sink, const char *expected)
{
    ok_(__FILE__, line)(!strcmp(sink->log, expected), "events \"%s\", expected \"%s\"\n", sink->log,
                        expected);
}

static BOOL invitation_arrived(void *ctx)
{
    struct log_sink *sink = ctx;

    return sink->invited != NULL;
}

/* --- helpers ------------------------------------------------------------- */

static BSTR bstr(const char *text)
{
    WCHAR wide[600];

    MultiByteToWideChar(CP_UTF8, 0, text, -1, wide, ARRAY_SIZE(wide));
    return SysAllocString(wide);
}

/* Reads a string property as UTF-8 into out: get_string(session, SessionID, ...). */
static BSTR property_value;
static char *take_property(char *out, size_t size)
{
    lstrcpynA(out, utf8(property_value), (int)size);
    SysFreeString(property_value);
    property_value = NULL;
    return out;
}
#define get_string(session, name, out, size)                                                                 \
    (IMsgrSession_get_##name(session, &property_value), take_property(out, size))

static void set_identity(const char *signin, unsigned short port, const char *peer, unsigned short peer_port,
                         const char *invite_timeout)
{
    char value[256];

    SetEnvironmentVariableA("MSGSC_SIGNIN", signin);
    snprintf(value, sizeof(value), "127.0.0.1:%u", port);
    SetEnvironmentVariableA("MSGSC_LISTEN", value);
    snprintf(value, sizeof(value), "%s=127.0.0.1:%u", peer, peer_port);
    SetEnvironmentVariableA("MSGSC_CONTACTS", value);
    SetEnvironmentVariableA("MSGSC_INVITE_TIMEOUT_MS", invite_timeout);
    SetEnvironmentVariableA("MSGSC_BROKER_IDLE_MS", "2000");
}

static HANDLE start_party(const char *role)
{
    STARTUPINFOA startup = {0};
    PROCESS_INFORMATION info;
    char command[MAX_PATH + 64], self[MAX_PATH];

    startup.cb = sizeof(startup);
    GetModuleFileNameA(NULL, self, sizeof(self));
    snprintf(command, sizeof(command), "\"%s\" %s %s %s", self, role, utf8(app_guid), utf8(missing_guid));
    if (!CreateProcessA(NULL, command, NULL, NULL, FALSE, 0, NULL, NULL, &startup, &info))
    {
        ok(0, "CreateProcess(%s) failed: %lu\n", role, GetLastError());
        return NULL;
    }
    CloseHandle(info.hThread);
    return info.hProcess;
}

/* A named event a child sets when it is ready; created before the child
 * starts, so that its signal cannot be lost. */
static HANDLE ready_event(const char *role)
{
    char name[64];

    snprintf(name, sizeof(name), "msgsc-test-%s-ready", role);
    return CreateEventA(NULL, FALSE, FALSE, name);
}

/* Waits (pumping) for the event, then closes it. */
static BOOL wait_ready(HANDLE event)
{
    DWORD result;
    MSG msg;

    for (;;)
    {
        result = MsgWaitForMultipleObjects(1, &event, FALSE, 30000, QS_ALLINPUT);
        if (result != WAIT_OBJECT_0 + 1) break;
        while (PeekMessageW(&msg, NULL, 0, 0, PM_REMOVE))
            DispatchMessageW(&msg);
    }
    CloseHandle(event);
    return result == WAIT_OBJECT_0;
}

static void signal_ready(const char *role)
{
    char name[64];
    HANDLE event;

    snprintf(name, sizeof(name), "msgsc-test-%s-ready", role);
    event = OpenEventA(EVENT_MODIFY_STATE, FALSE, name);
    ok(event != NULL, "no event %s\n", name);

    SetEvent(event);
    CloseHandle(event);
}

/* Kills the broker that serves the pipe of this process's identity. */
static BOOL kill_own_broker(void)
{
    char name[256], user[128], signin[130];
    DWORD user_len = sizeof(user);
    ULONG pid = 0;
    HANDLE pipe, process;

    GetUserNameA(user, &user_len);
    GetEnvironmentVariableA("MSGSC_SIGNIN", signin, sizeof(signin));
    snprintf(name, sizeof(name), "\\\\.\\pipe\\msgsc-broker-%s-%s", user, signin);
    pipe = CreateFileA(name, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    if (pipe == INVALID_HANDLE_VALUE) return FALSE;
    GetNamedPipeServerProcessId(pipe, &pid);
    CloseHandle(pipe);
    if (!pid || !(process = OpenProcess(PROCESS_TERMINATE | SYNCHRONIZE, FALSE, pid))) return FALSE;
    TerminateProcess(process, 9);
    WaitForSingleObject(process, 5000);
    CloseHandle(process);
    return TRUE;
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
    for (i = 0; i < 6 && !manager_sink->invited; i++)
        pump_until(invitation_arrived, manager_sink);
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

        ok(IMsgrSession_get_State(session, &state) == S_OK && state == SS_INVITATION, "state %d\n", state);
        ok(IMsgrSession_get_Flags(session, &flags) == S_OK && flags == 2 /* SF_INVITEE */, "flags %ld\n",
           flags);
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
        IMsgrSession_Release(session);
        return FALSE;
    }
    if (!strcmp(data, "accept"))
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
        /* Alice removed the application before we answer: E3. */
        ok(IMsgrSession_Accept(session, NULL) == S_OK, "Accept\n");
        ok(wait_log(&sink, "T:"), "no end: %s\n", sink.log);
        check_log(&sink, "N:Missing Game S2 T:81000602:");
    }
    else if (!strcmp(data, "both"))
    {
        ok(IMsgrSession_Decline(session, NULL) == S_OK, "Decline\n");
        ok(wait_log(&sink, "T:"), "no end: %s\n", sink.log);
    }
    else if (!strcmp(data, "kill my broker"))
    {
        ok(IMsgrSession_Accept(session, NULL) == S_OK, "Accept\n");
        ok(wait_log(&sink, "S3"), "no connection: %s\n", sink.log);
        ok(kill_own_broker(), "could not kill bob's broker\n");
        ok(wait_log(&sink, "T:"), "no end after the broker died: %s\n", sink.log);
        check_log(&sink, "S2 R S3 S4 T:81000603:");
        {
            SESSION_STATE state;
            IMsgrSession *probe;

            ok(IMsgrSession_get_State(session, &state) == S_OK && state == SS_TERMINATED, "state %d\n",
               state);
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
    return TRUE;
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
    init_log_sink(&manager_sink);
    cp = advise_log((IUnknown *)manager, &DIID_DMsgrSessionManagerEvents, &manager_sink, &cookie);
    /* Any call connects this process to bob's broker (starting it), so
     * invitations reach us from now on. */
    {
        IMsgrSession *probe = create_session(manager);

        if (probe) IMsgrSession_Release(probe);
    }
    signal_ready(role);

    if (!strcmp(role, "bob2"))
    {
        /* The second application process of the same user sees the same
         * invitations; it only watches one and leaves. */
        ok(pump_until(invitation_arrived, &manager_sink), "bob2: no invitation\n");
        ok(!strcmp(manager_sink.invite_data, "both"), "bob2 got \"%s\"\n", manager_sink.invite_data);
        if (manager_sink.invited) IMsgrSession_Release(manager_sink.invited);
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

struct alice
{
    IMsgrSessionManager *manager;
    IMsgrSession *session;
    struct log_sink sink;
    IConnectionPoint *cp;
    DWORD cookie;
};

/* A new session for the application, advised, invited with data. */
static HRESULT invite(struct alice *alice, const WCHAR *guid, const char *who, const char *data)
{
    struct contact contact;
    IDispatch *user = init_contact(&contact, CONTACT_VTABLE, NULL);
    WCHAR signin[200];
    BSTR value;
    HRESULT hr;

    MultiByteToWideChar(CP_UTF8, 0, who, -1, signin, ARRAY_SIZE(signin));
    contact.signin = signin;
    init_log_sink(&alice->sink);
    alice->session = create_session(alice->manager);
    if (!alice->session) return E_FAIL;
    alice->cp =
        advise_log((IUnknown *)alice->session, &DIID_DMsgrSessionEvents, &alice->sink, &alice->cookie);
    hr = IMsgrSession_put_Application(alice->session, value = SysAllocString(guid));
    ok(hr == S_OK, "put_Application hr %#lx\n", hr);
    SysFreeString(value);
    hr = IMsgrSession_Invite(alice->session, user, value = bstr(data));
    SysFreeString(value);
    return hr;
}

static void finish(struct alice *alice)
{
    if (alice->cp)
    {
        IConnectionPoint_Unadvise(alice->cp, alice->cookie);
        IConnectionPoint_Release(alice->cp);
    }
    if (alice->session) IMsgrSession_Release(alice->session);
    alice->session = NULL;
    alice->cp = NULL;
}

static void test_accept_and_context_data(struct alice *alice)
{
    char ours[128], theirs[600], expected[1024], id[64], local[64], remote[64];
    IDispatch *user = NULL;
    BSTR value;
    HRESULT hr;

    hr = invite(alice, app_guid, "bob@example.org", "accept");
    ok(hr == S_OK, "Invite hr %#lx\n", hr);
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
    Sleep(200);
    ok(IMsgrSession_Cancel(alice->session, S_OK, value = bstr("bye")) == S_OK, "Cancel\n");
    SysFreeString(value);
    ok(wait_log(&alice->sink, "T:"), "no end: %s\n", alice->sink.log);
    snprintf(expected, sizeof(expected), "S1 S2 A:yes R S3 C:%s S4 T:81000606:bye", theirs);
    check_log(&alice->sink, expected);
    finish(alice);
}

static void test_decline(struct alice *alice)
{
    ok(invite(alice, app_guid, "bob@example.org", "decline") == S_OK, "Invite\n");
    ok(wait_log(&alice->sink, "T:"), "no end: %s\n", alice->sink.log);
    check_log(&alice->sink, "S1 S2 D:no thanks T:81000602:no thanks");
    finish(alice);
}

static void test_cancel_before_answer(struct alice *alice)
{
    BSTR value;

    ok(invite(alice, app_guid, "BOB@example.org", "wait for cancel") == S_OK, "Invite\n");
    Sleep(300); /* bob has the invitation */
    ok(IMsgrSession_Cancel(alice->session, S_OK, value = bstr("changed my mind")) == S_OK, "Cancel\n");
    SysFreeString(value);
    ok(wait_log(&alice->sink, "T:"), "no end: %s\n", alice->sink.log);
    check_log(&alice->sink, "S1 S2 T:81000606:changed my mind");
    finish(alice);
}

static void test_timeout(struct alice *alice)
{
    ok(invite(alice, app_guid, "bob@example.org", "wait for timeout") == S_OK, "Invite\n");
    ok(wait_log(&alice->sink, "T:"), "no timeout: %s\n", alice->sink.log);
    check_log(&alice->sink, "S1 S2 T:81000609:");
    finish(alice);
}

static void test_invitee_cancels(struct alice *alice)
{
    ok(invite(alice, app_guid, "bob@example.org", "accept then cancel") == S_OK, "Invite\n");
    ok(wait_log(&alice->sink, "T:"), "no end: %s\n", alice->sink.log);
    /* Bob's own hr travels (X-Msgsc-HResult). */
    check_log(&alice->sink, "S1 S2 A: R S3 S4 X:oops T:80004004:oops");
    finish(alice);
}

static void test_app_not_present(struct alice *alice, IMsgrSessionManager *manager)
{
    ok(register_app(manager, missing_guid, L"Missing Game", L"http://example.org/missing",
                    L"C:\\missing.exe") == S_OK,
       "register\n");
    ok(invite(alice, missing_guid, "bob@example.org", "missing") == S_OK, "Invite\n");
    /* Gone before bob answers: bob's Accept finds no application. */
    ok(unregister_app(manager, missing_guid) == S_OK, "unregister\n");
    ok(wait_log(&alice->sink, "T:"), "no end: %s\n", alice->sink.log);
    check_log(&alice->sink, "S1 S2 D: T:81000602:");
    finish(alice);
}

static void test_two_processes(struct alice *alice)
{
    HANDLE bob2, ready = ready_event("bob2");
    DWORD code = 1;

    /* Alice's own configuration was read at her first call. */
    set_identity("bob@example.org", bob_port, "alice@example.org", alice_port, "8000");
    bob2 = start_party("bob2");
    set_identity("alice@example.org", alice_port, "bob@example.org", bob_port, "3000");

    ok(wait_ready(ready), "bob2 did not start\n");
    ok(invite(alice, app_guid, "bob@example.org", "both") == S_OK, "Invite\n");
    ok(wait_log(&alice->sink, "T:"), "no end: %s\n", alice->sink.log);
    check_log(&alice->sink, "S1 S2 D: T:81000602:");
    finish(alice);
    ok(bob2 && WaitForSingleObject(bob2, 20000) == WAIT_OBJECT_0, "bob2 did not finish\n");
    GetExitCodeProcess(bob2, &code);
    ok(code == 0, "bob2 failed %lu checks\n", code);
    CloseHandle(bob2);
}

static void test_broker_killed(struct alice *alice)
{
    HANDLE again = ready_event("bob-again");

    ok(invite(alice, app_guid, "bob@example.org", "kill my broker") == S_OK, "Invite\n");
    ok(wait_log(&alice->sink, "T:"), "no end after bob's broker died: %s\n", alice->sink.log);
    check_log(&alice->sink, "S1 S2 A: R S3 S4 T:81000603:");
    finish(alice);
    ok(wait_ready(again), "bob has no broker again\n");
}

static void test_unreachable(struct alice *alice)
{
    char who[64];

    /* Nobody listens there: the invitation is sent, then fails (I4). */
    snprintf(who, sizeof(who), "dave@127.0.0.1:%u", alice_port + 2);
    ok(invite(alice, app_guid, who, "hello") == S_OK, "Invite\n");
    ok(wait_log(&alice->sink, "T:"), "no end: %s\n", alice->sink.log);
    check_log(&alice->sink, "S1 S2 E:81000615 T:81000615:");
    finish(alice);

    /* No address at all: not signed in as far as we can tell. */
    ok(invite(alice, app_guid, "carol@example.org", "hello") == (HRESULT)0x8100031e, "unknown contact\n");
    finish(alice);
    ok(invite(alice, app_guid, "Alice@Example.org", "hello") == (HRESULT)0x81000613, "SR_INVITED_SELF\n");
    finish(alice);
}

static int run_alice(void)
{
    struct alice alice = {0};
    HANDLE bob, ready;
    DWORD code = 1;

    alice_port = 20000 + (unsigned short)(GetCurrentProcessId() % 20000) * 2 % 20000;
    bob_port = alice_port + 1;
    new_guid_string(app_guid);
    new_guid_string(missing_guid);

    /* Bob's broker gives up on invitations later than alice's, so that a
     * timeout is always alice's (I10 then E8 on bob's side). */
    ready = ready_event("bob");
    set_identity("bob@example.org", bob_port, "alice@example.org", alice_port, "8000");
    bob = start_party("bob");
    set_identity("alice@example.org", alice_port, "bob@example.org", bob_port, "3000");

    CoInitialize(NULL);
    alice.manager = create_manager();
    ok(register_app(alice.manager, app_guid, L"Chess Board", L"http://apps.example.org/chess/",
                    L"C:\\windows\\notepad.exe") == S_OK,
       "register\n");
    ok(wait_ready(ready), "bob did not start\n");

    test_accept_and_context_data(&alice);
    test_decline(&alice);
    test_cancel_before_answer(&alice);
    test_timeout(&alice);
    test_invitee_cancels(&alice);
    test_app_not_present(&alice, alice.manager);
    test_two_processes(&alice);
    test_broker_killed(&alice);
    test_unreachable(&alice);

    /* Bob's broker was restarted by bob's next call; "quit" ends bob. */
    ok(invite(&alice, app_guid, "bob@example.org", "quit") == S_OK, "Invite quit\n");
    finish(&alice);
    ok(bob && WaitForSingleObject(bob, 30000) == WAIT_OBJECT_0, "bob did not finish\n");
    GetExitCodeProcess(bob, &code);
    ok(code == 0, "bob failed %lu checks\n", code);
    CloseHandle(bob);

    unregister_app(alice.manager, app_guid);
    IMsgrSessionManager_Release(alice.manager);
    CoUninitialize();
    return test_summary();
}

int main(int argc, char **argv)
{
    if (argc >= 4)
    {
        MultiByteToWideChar(CP_UTF8, 0, argv[2], -1, app_guid, ARRAY_SIZE(app_guid));
        MultiByteToWideChar(CP_UTF8, 0, argv[3], -1, missing_guid, ARRAY_SIZE(missing_guid));
        return run_bob(argv[1]);
    }
    return run_alice();
}
