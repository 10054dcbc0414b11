/*
 * Shared pieces of the network tests: an event log sink, identities, ready events.
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

#ifndef MSGSC_TEST_PARTY_H
#define MSGSC_TEST_PARTY_H

#include <winsock2.h>
#include <ws2tcpip.h>
#include <stdio.h>

#include "com/comtest.h"

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
    /* An application that leaves invitations to the agent (pfHandled stays
     * FALSE), after on_invitation if set, and that vetoes launches. */
    BOOL leave_unhandled, veto_launch;
    void (*on_invitation)(struct log_sink *sink);
};

static inline struct log_sink *impl_from_log_sink(IDispatch *iface)
{
    return CONTAINING_RECORD(iface, struct log_sink, IDispatch_iface);
}

static ULONG WINAPI log_sink_AddRef(IDispatch *iface)
{
    return InterlockedIncrement(&impl_from_log_sink(iface)->ref);
}

static ULONG WINAPI log_sink_Release(IDispatch *iface)
{
    return InterlockedDecrement(&impl_from_log_sink(iface)->ref);
}

static inline void append(struct log_sink *sink, const char *format, ...)
{
    size_t len = strlen(sink->log);
    va_list args;

    if (len) sink->log[len++] = ' ';
    va_start(args, format);
    vsnprintf(sink->log + len, sizeof(sink->log) - len, format, args);
    va_end(args);
}

static inline const char *utf8(BSTR str)
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
    case DISPID_ONINVITATION: /* OnInvitation(pSession, bstrAppData, pfHandled) */
        ok(argc == 3 && V_VT(&args[2]) == VT_DISPATCH && V_VT(&args[1]) == VT_BSTR &&
               V_VT(&args[0]) == (VT_BOOL | VT_BYREF),
           "OnInvitation arguments\n");
        if (sink->invited) IMsgrSession_Release(sink->invited);
        sink->invited = NULL;
        IDispatch_QueryInterface(V_DISPATCH(&args[2]), &IID_IMsgrSession, (void **)&sink->invited);
        lstrcpynA(sink->invite_data, utf8(V_BSTR(&args[1])), sizeof(sink->invite_data));
        ok(*V_BOOLREF(&args[0]) == VARIANT_FALSE, "pfHandled comes in FALSE\n");
        if (sink->on_invitation) sink->on_invitation(sink);
        if (!sink->leave_unhandled) *V_BOOLREF(&args[0]) = VARIANT_TRUE;
        sink->invitations++;
        append(sink, "I:%s", sink->invite_data);
        break;
    case DISPID_ONSTATECHANGED: append(sink, "S%ld", V_I4(&args[0])); break;
    case DISPID_ONAPPNOTPRESENT: append(sink, "N:%s", utf8(V_BSTR(&args[1]))); break;
    case DISPID_ONACCEPTED: append(sink, "A:%s", utf8(V_BSTR(&args[0]))); break;
    case DISPID_ONDECLINED: append(sink, "D:%s", utf8(V_BSTR(&args[0]))); break;
    case DISPID_ONCANCELLED: append(sink, "X:%s", utf8(V_BSTR(&args[0]))); break;
    case DISPID_ONTERMINATION: append(sink, "T:%lx:%s", V_I4(&args[1]), utf8(V_BSTR(&args[0]))); break;
    case DISPID_ONREADYTOLAUNCH: append(sink, "R"); break;
    case DISPID_ONCONTEXTDATA: append(sink, "C:%s", utf8(V_BSTR(&args[0]))); break;
    case DISPID_ONSENDERROR: append(sink, "E:%lx", V_I4(&args[0])); break;
    case DISPID_ONLOCKSTATUSCHANGED:
    case DISPID_ONLOCKENABLE:
        /* The manager going online or offline: not part of these logs. */
        break;
    case DISPID_BEFOREAPPLAUNCH: /* BeforeAppLaunch(pfEnableDefault) */
        ok(argc == 1 && V_VT(&args[0]) == (VT_BOOL | VT_BYREF) && *V_BOOLREF(&args[0]) == VARIANT_TRUE,
           "BeforeAppLaunch arguments\n");
        if (sink->veto_launch) *V_BOOLREF(&args[0]) = VARIANT_FALSE;
        append(sink, "B");
        break;
    default: append(sink, "?%ld", id); break;
    }
    return S_OK;
}

/* The sink's other methods are comtest.h's: they do not depend on the object. */
static const IDispatchVtbl log_sink_vtbl = {
    sink_QueryInterface, log_sink_AddRef,    log_sink_Release, sink_GetTypeInfoCount,
    sink_GetTypeInfo,    sink_GetIDsOfNames, log_sink_Invoke,
};

static inline void init_log_sink(struct log_sink *sink)
{
    memset(sink, 0, sizeof(*sink));
    sink->IDispatch_iface.lpVtbl = &log_sink_vtbl;
    sink->ref = 1;
}

static inline IConnectionPoint *advise_log(IUnknown *source, const IID *iid, struct log_sink *sink,
                                           DWORD *cookie)
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

static inline BOOL log_has(void *ctx)
{
    struct log_wait *wait = ctx;

    return strstr(wait->sink->log, wait->text) != NULL;
}

/* Pumps messages until cond(ctx) holds, at most 30 seconds: far more than
 * any exchange needs, so only a broken one (or a machine under heavy load)
 * ever waits that long. */
static inline BOOL pump_until_long(pump_condition cond, void *ctx)
{
    unsigned int i;

    for (i = 0; i < 3; i++)
        if (pump_until(cond, ctx)) return TRUE;
    return FALSE;
}

/* Pumps messages until the log contains text. */
static inline BOOL wait_log(struct log_sink *sink, const char *text)
{
    struct log_wait wait = {sink, text};

    return pump_until_long(log_has, &wait);
}

#define check_log(sink, expected) check_log_(__LINE__, sink, expected)
static inline void check_log_(int line, struct log_sink *sink, const char *expected)
{
    ok_(__FILE__, line)(!strcmp(sink->log, expected), "events \"%s\", expected \"%s\"\n", sink->log,
                        expected);
}

static inline BOOL invitation_arrived(void *ctx)
{
    struct log_sink *sink = ctx;

    return sink->invited != NULL;
}

/* --- helpers ------------------------------------------------------------- */

static inline BSTR bstr(const char *text)
{
    WCHAR wide[600];

    MultiByteToWideChar(CP_UTF8, 0, text, -1, wide, ARRAY_SIZE(wide));
    return SysAllocString(wide);
}

/* Reads a string property as UTF-8 into out: get_string(session, SessionID, ...). */
static BSTR property_value;
static inline char *take_property(char *out, size_t size)
{
    lstrcpynA(out, utf8(property_value), (int)size);
    SysFreeString(property_value);
    property_value = NULL;
    return out;
}
#define get_string(session, name, out, size)                                                                 \
    (IMsgrSession_get_##name(session, &property_value), take_property(out, size))

/* Where the test brokers listen and reach each other: IPv4 or IPv6 loopback. */
static const char *loopback_host = "127.0.0.1";

static inline void set_identity(const char *signin, unsigned short port, const char *peer,
                                unsigned short peer_port, const char *invite_timeout)
{
    char value[256];

    SetEnvironmentVariableA("MSGSC_SIGNIN", signin);
    snprintf(value, sizeof(value), "%s:%u", loopback_host, port);
    SetEnvironmentVariableA("MSGSC_LISTEN", value);
    snprintf(value, sizeof(value), "%s=%s:%u", peer, loopback_host, peer_port);
    SetEnvironmentVariableA("MSGSC_CONTACTS", value);
    SetEnvironmentVariableA("MSGSC_INVITE_TIMEOUT_MS", invite_timeout);
    SetEnvironmentVariableA("MSGSC_BROKER_IDLE_MS", "2000");
}

/* A TCP port nobody listens on right now (the system's choice), so that
 * concurrent runs in other prefixes never collide. */
static inline unsigned short free_port(void)
{
    struct sockaddr_in address = {0};
    int size = sizeof(address);
    unsigned short port = 0;
    WSADATA wsa;
    SOCKET s;

    WSAStartup(MAKEWORD(2, 2), &wsa);
    s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (!bind(s, (struct sockaddr *)&address, sizeof(address)) &&
        !getsockname(s, (struct sockaddr *)&address, &size))
        port = ntohs(address.sin_port);
    closesocket(s);
    WSACleanup();
    ok(port != 0, "no free port\n");
    return port;
}

/* Two different free ports, one for each party's broker. */
static inline void free_ports(unsigned short *first, unsigned short *second)
{
    *first = free_port();
    do
        *second = free_port();
    while (*second == *first);
}

/* The application the parties invite each other to, registered as guid. */
static inline HRESULT register_chess(IMsgrSessionManager *manager, const WCHAR *guid)
{
    return register_app(manager, guid, L"Chess Board", L"http://apps.example.org/chess/",
                        L"C:\\windows\\notepad.exe");
}

/* Waits up to timeout ms for the child party who to end, checks that it
 * did and failed none of its checks, and closes it. */
#define wait_party(process, who, timeout) wait_party_(__FILE__, __LINE__, process, who, timeout)
static inline void wait_party_(const char *file, int line, HANDLE process, const char *who, DWORD timeout)
{
    DWORD code = 1;

    ok_(file, line)(process && WaitForSingleObject(process, timeout) == WAIT_OBJECT_0, "%s did not finish\n",
                    who);
    if (process) GetExitCodeProcess(process, &code);
    ok_(file, line)(code == 0, "%s failed %lu checks\n", who, code);
    if (process) CloseHandle(process);
}

/* A named event a child sets when it is ready; created before the child
 * starts, so that its signal cannot be lost. */
static inline HANDLE ready_event(const char *role)
{
    char name[64];

    snprintf(name, sizeof(name), "msgsc-test-%s-ready", role);
    return CreateEventA(NULL, FALSE, FALSE, name);
}

/* Waits (pumping) for the event, then closes it. */
static inline BOOL wait_ready(HANDLE event)
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

static inline void signal_ready(const char *role)
{
    char name[64];
    HANDLE event;

    snprintf(name, sizeof(name), "msgsc-test-%s-ready", role);
    event = OpenEventA(EVENT_MODIFY_STATE, FALSE, name);
    ok(event != NULL, "no event %s\n", name);

    SetEvent(event);
    CloseHandle(event);
}

/* A word from one party to the other that needs no shared wineserver (on
 * two hosts each has a prefix of its own) and that a script can say too: a
 * file in the shared current directory, "<word>-<application GUID>.word". */
static inline void word_file(const char *word, const WCHAR *guid, char *path, size_t size)
{
    snprintf(path, size, "%s-%ls.word", word, guid);
}

static inline void say_word(const char *word, const WCHAR *guid)
{
    char path[128];
    HANDLE file;

    word_file(word, guid, path, sizeof(path));
    file = CreateFileA(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    ok(file != INVALID_HANDLE_VALUE, "%s not written: %lu\n", path, GetLastError());
    CloseHandle(file);
}

static inline BOOL word_said(void *path)
{
    return GetFileAttributesA(path) != INVALID_FILE_ATTRIBUTES;
}

/* Waits (pumping) for the word, then takes it away. */
static inline BOOL hear_word(const char *word, const WCHAR *guid)
{
    char path[128];
    BOOL heard;

    word_file(word, guid, path, sizeof(path));
    heard = pump_until_long(word_said, path);
    DeleteFileA(path);
    return heard;
}

/* The process id of the broker serving this process's identity (the pipe
 * name is documented in docs/broker.md), or 0. */
static inline DWORD own_broker_pid(void)
{
    char name[256], user[128], signin[130];
    DWORD user_len = sizeof(user);
    ULONG pid = 0;
    HANDLE pipe;

    GetUserNameA(user, &user_len);
    GetEnvironmentVariableA("MSGSC_SIGNIN", signin, sizeof(signin));
    snprintf(name, sizeof(name), "\\\\.\\pipe\\msgsc-broker-%s-%s", user, signin);
    pipe = CreateFileA(name, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    if (pipe == INVALID_HANDLE_VALUE) return 0;
    GetNamedPipeServerProcessId(pipe, &pid);
    CloseHandle(pipe);
    return pid;
}

/* Waits until no broker serves these sign-in names.  A broker stays a
 * moment after its last client (MSGSC_BROKER_IDLE_MS), and one an earlier
 * test left would serve this test with that test's settings. */
#define wait_brokers_gone(count, signins) wait_brokers_gone_(__FILE__, __LINE__, count, signins)
static inline void wait_brokers_gone_(const char *file, int line, int count, const char *const *signins)
{
    char saved[130] = "";
    BOOL had = GetEnvironmentVariableA("MSGSC_SIGNIN", saved, sizeof(saved)) > 0;
    int i;

    for (i = 0; i < count; i++)
    {
        HANDLE process = NULL;
        DWORD pid;

        SetEnvironmentVariableA("MSGSC_SIGNIN", signins[i]);
        if ((pid = own_broker_pid())) process = OpenProcess(SYNCHRONIZE, FALSE, pid);
        ok_(file, line)(!pid || (process && WaitForSingleObject(process, 30000) == WAIT_OBJECT_0),
                        "the broker of %s (process %lu) is still running\n", signins[i], pid);
        if (process) CloseHandle(process);
    }
    SetEnvironmentVariableA("MSGSC_SIGNIN", had ? saved : NULL);
}

/* Kills the broker that serves this process's identity. */
static inline BOOL kill_own_broker(void)
{
    DWORD pid = own_broker_pid();
    HANDLE process;

    if (!pid || !(process = OpenProcess(PROCESS_TERMINATE | SYNCHRONIZE, FALSE, pid))) return FALSE;
    TerminateProcess(process, 9);
    WaitForSingleObject(process, 5000);
    CloseHandle(process);
    return TRUE;
}

/* --- the inviter's side ----------------------------------------------------- */

/* An inviting application: its manager, and the session it is inviting with, advised. */
struct inviter
{
    IMsgrSessionManager *manager;
    IMsgrSession *session;
    struct log_sink sink;
    IConnectionPoint *cp;
    DWORD cookie;
};

/* Whether the brokers are on the XMPP network (tests/net/xmpp-two-party.sh). */
static inline BOOL over_xmpp(void)
{
    char network[16];

    return GetEnvironmentVariableA("MSGSC_NETWORK", network, sizeof(network)) && !strcmp(network, "xmpp");
}

/* A new session for the application, advised, invited with data.  Over a
 * server the contact shows as online a moment after its broker starts, and
 * until then Invite answers MSGR_E_NOT_LOGGED_ON, as Messenger did: with
 * wait_online the invitation is tried again for a while. */
static inline HRESULT invite_waiting(struct inviter *alice, const WCHAR *guid, const char *who,
                                     const char *data, BOOL wait_online)
{
    struct contact contact;
    IDispatch *user = init_contact(&contact, CONTACT_VTABLE, NULL);
    WCHAR signin[200];
    DWORD start = GetTickCount();
    BSTR value;
    HRESULT hr;

    MultiByteToWideChar(CP_UTF8, 0, who, -1, signin, ARRAY_SIZE(signin));
    contact.signin = signin;
    init_log_sink(&alice->sink);
    alice->cp = NULL;
    alice->session = create_session(alice->manager);
    if (!alice->session) return E_FAIL;
    alice->cp =
        advise_log((IUnknown *)alice->session, &DIID_DMsgrSessionEvents, &alice->sink, &alice->cookie);
    hr = IMsgrSession_put_Application(alice->session, value = SysAllocString(guid));
    ok(hr == S_OK, "put_Application hr %#lx\n", hr);
    SysFreeString(value);
    while ((hr = IMsgrSession_Invite(alice->session, user, value = bstr(data))) == MSGR_E_NOT_LOGGED_ON &&
           wait_online && GetTickCount() - start < 10000)
    {
        MSG msg;

        SysFreeString(value);
        while (PeekMessageW(&msg, NULL, 0, 0, PM_REMOVE))
            DispatchMessageW(&msg);
        Sleep(100);
    }
    SysFreeString(value);
    return hr;
}

static inline HRESULT invite(struct inviter *alice, const WCHAR *guid, const char *who, const char *data)
{
    return invite_waiting(alice, guid, who, data, over_xmpp());
}

static inline void finish(struct inviter *alice)
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

#endif
