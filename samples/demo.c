/*
 * msgsc demo: alice invites bob to a registered application, bob accepts, each sends context data once.
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

/* One program, two people.  Started without arguments it is alice: it
 * starts itself a second time as bob, with bob's own sign-in name, in the
 * same Wine prefix (or on the same Windows machine).  Each identity gets its
 * own broker process, and the two brokers talk over loopback TCP exactly as
 * they would between two machines (docs/network.md, docs/broker.md).
 *
 *   alice                                  bob
 *   RegisterApplication
 *   CreateSession, Invite  ------------->  OnInvitation
 *                                          Accept
 *   OnAccepted, ...        <------------>  ... both reach SS_CONNECTED
 *   SendContextData        ------------->  OnContextData
 *   OnContextData          <-------------  SendContextData
 *   Cancel                 ------------->  OnCancelled
 *   OnTermination                          OnTermination
 *   UnRegisterApplication
 *
 * Every call and every event is printed as it happens, prefixed with who
 * saw it.  The exit code is 0 only when the whole exchange completed. */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#define COBJMACROS
#include <winsock2.h>
#include <windows.h>
#include <ole2.h>
#include <olectl.h>

#include "msgrpriv.h"
#include "msgrcontact.h"
#include "msgrdispid.h"

/* The application alice invites bob to.  On two machines each side registers
 * it; here both identities share one registry, so alice's registration is
 * also bob's. */
static const WCHAR app_guid[] = L"{6D736773-6300-4445-4D4F-000000000001}";

static const WCHAR alice_signin[] = L"alice@demo.example.org";
static const WCHAR bob_signin[] = L"bob@demo.example.org";

/* The exchange must be over by then; the clean-up gets a few seconds more,
 * and a watchdog ends the process at DEMO_DEADLINE_MS + 6 s whatever happens. */
#define DEMO_DEADLINE_MS 12000

/* --- what this process has seen ------------------------------------------- */

static const char *me; /* "alice" or "bob": every line starts with it */
static DWORD deadline;

static IMsgrSession *the_session; /* alice's from CreateSession, bob's from OnInvitation */
static SESSION_STATE state;       /* its State, read at each OnStateChanged */
static BOOL app_registered, app_unregistered, invited, accepted, connected, context_data_arrived, terminated;
static HRESULT termination_hr;

/* --- printing ------------------------------------------------------------- */

static void say(const char *format, ...)
{
    va_list args;

    printf("%s: ", me);
    va_start(args, format);
    vprintf(format, args);
    va_end(args);
    printf("\n");
    fflush(stdout);
}

static const char *state_name(SESSION_STATE value)
{
    static const char *const names[] = {"SS_UNKNOWN",   "SS_READY",     "SS_INVITATION", "SS_ACCEPTED",
                                        "SS_CONNECTED", "SS_CANCELLED", "SS_DECLINED",   "SS_TERMINATED"};

    return value >= 0 && value < ARRAYSIZE(names) ? names[value] : "(unknown state)";
}

static const char *hr_name(HRESULT hr)
{
    static const struct
    {
        HRESULT hr;
        const char *name;
    } names[] = {
        {S_OK, "S_OK"},
        {S_FALSE, "S_FALSE"},
        {E_FAIL, "E_FAIL"},
        {E_INVALIDARG, "E_INVALIDARG"},
        {SR_INVITATION_DECLINED, "SR_INVITATION_DECLINED"},
        {SR_CONNECTION_FAILURE, "SR_CONNECTION_FAILURE"},
        {SR_SESSION_NOT_READY, "SR_SESSION_NOT_READY"},
        {SR_SESSION_CANCELLED_LOCAL, "SR_SESSION_CANCELLED_LOCAL"},
        {SR_SESSION_CANCELLED_REMOTE, "SR_SESSION_CANCELLED_REMOTE"},
        {SR_SESSION_PROTOCOL_ERROR, "SR_SESSION_PROTOCOL_ERROR"},
        {SR_SESSION_TIMEOUT, "SR_SESSION_TIMEOUT"},
        {SR_CANCEL_BEFORE_CONNECT, "SR_CANCEL_BEFORE_CONNECT"},
        {SR_APP_ALREADY_REGISTERED, "SR_APP_ALREADY_REGISTERED"},
        {SR_APP_NOT_REGISTERED, "SR_APP_NOT_REGISTERED"},
        {SR_INVITED_SELF, "SR_INVITED_SELF"},
        {SR_SESSION_STATE_INVALID, "SR_SESSION_STATE_INVALID"},
        {SR_INVITATION_SEND_FAILURE, "SR_INVITATION_SEND_FAILURE"},
        {SR_CONTEXT_DATA_SEND_FAILURE, "SR_CONTEXT_DATA_SEND_FAILURE"},
        {MSGR_E_NOT_LOGGED_ON, "MSGR_E_NOT_LOGGED_ON"},
    };
    unsigned int i;

    for (i = 0; i < ARRAYSIZE(names); i++)
        if (names[i].hr == hr) return names[i].name;
    return "(see docs/errors.md)";
}

/* Prints a call's result, with the IErrorInfo text the DLL sets on failure. */
static HRESULT show_call(const char *what, HRESULT hr)
{
    IErrorInfo *info;
    BSTR text = NULL;

    if (FAILED(hr) && GetErrorInfo(0, &info) == S_OK)
    {
        IErrorInfo_GetDescription(info, &text);
        IErrorInfo_Release(info);
    }
    if (hr == S_OK)
        say("%s -> S_OK", what);
    else if (text)
        say("%s -> %#lx %s (%ls)", what, hr, hr_name(hr), text);
    else
        say("%s -> %#lx %s", what, hr, hr_name(hr));
    SysFreeString(text);
    return hr;
}

/* Prints one string property; the getter's BSTR is ours to free. */
static void show_property(const char *name, HRESULT hr, BSTR value)
{
    if (SUCCEEDED(hr))
        say("  %s = %ls", name, value ? value : L"");
    else
        say("  %s -> %#lx %s", name, hr, hr_name(hr));
    SysFreeString(value);
}

/* User is the other party, an IMessengerContact. */
static void show_user(IMsgrSession *session)
{
    IMessengerContact *contact = NULL;
    IDispatch *user = NULL;
    BSTR name = NULL;
    HRESULT hr;

    if (SUCCEEDED(hr = IMsgrSession_get_User(session, &user)) &&
        SUCCEEDED(hr = IDispatch_QueryInterface(user, &IID_IMessengerContact, (void **)&contact)))
    {
        hr = IMessengerContact_get_SigninName(contact, &name);
        IMessengerContact_Release(contact);
    }
    if (user) IDispatch_Release(user);
    show_property("User.SigninName", hr, name);
}

static void show_session(IMsgrSession *session)
{
    BSTR value = NULL;
    HRESULT hr;

    hr = IMsgrSession_get_SessionID(session, &value);
    show_property("SessionID", hr, value);
    hr = IMsgrSession_get_ApplicationName(session, &value);
    show_property("ApplicationName", hr, value);
    show_user(session);
}

static void show_addresses(IMsgrSession *session)
{
    BSTR value = NULL;
    HRESULT hr;

    hr = IMsgrSession_get_LocalAddress(session, &value);
    show_property("LocalAddress", hr, value);
    hr = IMsgrSession_get_RemoteAddress(session, &value);
    show_property("RemoteAddress", hr, value);
}

/* --- the event sink: one IDispatch for the manager and the session ------ */

static HRESULT WINAPI sink_QueryInterface(IDispatch *iface, REFIID riid, void **out)
{
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IDispatch) ||
        IsEqualGUID(riid, &DIID_DMsgrSessionManagerEvents) || IsEqualGUID(riid, &DIID_DMsgrSessionEvents))
    {
        *out = iface;
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

/* The sink and the contact below are static objects: no reference counting. */
static ULONG WINAPI static_AddRef(IDispatch *iface)
{
    (void)iface;
    return 2;
}

static ULONG WINAPI static_Release(IDispatch *iface)
{
    (void)iface;
    return 1;
}

static HRESULT WINAPI no_GetTypeInfoCount(IDispatch *iface, UINT *count)
{
    (void)iface;
    *count = 0;
    return S_OK;
}

static HRESULT WINAPI no_GetTypeInfo(IDispatch *iface, UINT index, LCID lcid, ITypeInfo **info)
{
    (void)iface, (void)index, (void)lcid;
    *info = NULL;
    return E_NOTIMPL;
}

static HRESULT WINAPI no_GetIDsOfNames(IDispatch *iface, REFIID riid, LPOLESTR *names, UINT count, LCID lcid,
                                       DISPID *ids)
{
    (void)iface, (void)riid, (void)names, (void)count, (void)lcid, (void)ids;
    return E_NOTIMPL;
}

/* Events arrive here on the thread that created the objects, while it pumps
 * messages.  Arguments come last first: rgvarg[0] is the last one. */
static HRESULT WINAPI sink_Invoke(IDispatch *iface, DISPID id, REFIID riid, LCID lcid, WORD flags,
                                  DISPPARAMS *params, VARIANT *result, EXCEPINFO *excepinfo, UINT *argerr)
{
    VARIANT *args = params->rgvarg;

    (void)iface, (void)riid, (void)lcid, (void)flags, (void)result, (void)excepinfo, (void)argerr;
    switch (id)
    {
    case DISPID_ONINVITATION: /* (IDispatch *pSession, BSTR bstrAppData, VARIANT_BOOL *pfHandled) */
        say("event OnInvitation(\"%ls\")", V_BSTR(&args[1]));
        /* Keep the session (a reference of our own) and say we handle it. */
        if (!the_session && SUCCEEDED(IDispatch_QueryInterface(V_DISPATCH(&args[2]), &IID_IMsgrSession,
                                                               (void **)&the_session)))
        {
            *V_BOOLREF(&args[0]) = VARIANT_TRUE;
            invited = TRUE;
        }
        break;
    case DISPID_ONAPPREGISTERED:
        say("event OnAppRegistered(%ls)", V_BSTR(&args[0]));
        app_registered = TRUE;
        break;
    case DISPID_ONAPPUNREGISTERED:
        say("event OnAppUnRegistered(%ls)", V_BSTR(&args[0]));
        app_unregistered = TRUE;
        break;
    case DISPID_ONSTATECHANGED: /* (SESSION_STATE prevState) */
        /* The argument is the state the session left.  Events are posted, so
         * by the time one is delivered the session may have moved on: State
         * says where it is now. */
        IMsgrSession_get_State(the_session, &state);
        say("event OnStateChanged(prevState %s)   [State now %s]", state_name(V_I4(&args[0])),
            state_name(state));
        if (state == SS_CONNECTED) connected = TRUE;
        break;
    case DISPID_ONAPPNOTPRESENT:
        say("event OnAppNotPresent(\"%ls\", \"%ls\")", V_BSTR(&args[1]), V_BSTR(&args[0]));
        break;
    case DISPID_ONACCEPTED:
        say("event OnAccepted(\"%ls\")", V_BSTR(&args[0]));
        accepted = TRUE;
        break;
    case DISPID_ONDECLINED: say("event OnDeclined(\"%ls\")", V_BSTR(&args[0])); break;
    case DISPID_ONCANCELLED: say("event OnCancelled(\"%ls\")", V_BSTR(&args[0])); break;
    case DISPID_ONTERMINATION: /* (long hr, BSTR bstrAppData) */
        termination_hr = V_I4(&args[1]);
        say("event OnTermination(%#lx %s, \"%ls\")", termination_hr, hr_name(termination_hr),
            V_BSTR(&args[0]));
        terminated = TRUE;
        break;
    case DISPID_ONREADYTOLAUNCH: say("event OnReadyToLaunch()"); break;
    case DISPID_ONCONTEXTDATA:
        say("event OnContextData(\"%ls\")", V_BSTR(&args[0]));
        context_data_arrived = TRUE;
        break;
    case DISPID_ONSENDERROR:
        say("event OnSendError(%#lx %s)", V_I4(&args[0]), hr_name(V_I4(&args[0])));
        break;
    case DISPID_BEFOREAPPLAUNCH: say("event BeforeAppLaunch()"); break;
    /* Lock and key (docs/lock.md): enabled once the manager is online. */
    case DISPID_ONLOCKENABLE: say("event OnLockEnable(%s)", V_BOOL(&args[0]) ? "TRUE" : "FALSE"); break;
    case DISPID_ONLOCKSTATUSCHANGED:
    {
        static const char *const names[] = {"?",
                                            "LOCK_NOTINITIALIZED",
                                            "LOCK_INITIALIZED",
                                            "LOCK_PENDINGRESULT",
                                            "LOCK_UNLOCKED",
                                            "LOCK_UNLOCKFAILED",
                                            "LOCK_DISABLED"};
        LONG status = V_I4(&args[0]);

        say("event OnLockStatusChanged(%s)", names[status >= 1 && status <= 6 ? status : 0]);
        break;
    }
    default: say("event %ld", id); break;
    }
    return S_OK;
}

static const IDispatchVtbl sink_vtbl = {sink_QueryInterface, static_AddRef,  static_Release,
                                        no_GetTypeInfoCount, no_GetTypeInfo, no_GetIDsOfNames,
                                        sink_Invoke};
static IDispatch sink = {&sink_vtbl};

/* Connects the sink to an object's events; returns the cookie for Unadvise. */
static DWORD advise(IUnknown *source, REFIID iid)
{
    IConnectionPointContainer *container;
    IConnectionPoint *point;
    DWORD cookie = 0;

    if (SUCCEEDED(IUnknown_QueryInterface(source, &IID_IConnectionPointContainer, (void **)&container)))
    {
        if (SUCCEEDED(IConnectionPointContainer_FindConnectionPoint(container, iid, &point)))
        {
            IConnectionPoint_Advise(point, (IUnknown *)&sink, &cookie);
            IConnectionPoint_Release(point);
        }
        IConnectionPointContainer_Release(container);
    }
    return cookie;
}

static void unadvise(IUnknown *source, REFIID iid, DWORD cookie)
{
    IConnectionPointContainer *container;
    IConnectionPoint *point;

    if (SUCCEEDED(IUnknown_QueryInterface(source, &IID_IConnectionPointContainer, (void **)&container)))
    {
        if (SUCCEEDED(IConnectionPointContainer_FindConnectionPoint(container, iid, &point)))
        {
            IConnectionPoint_Unadvise(point, cookie);
            IConnectionPoint_Release(point);
        }
        IConnectionPointContainer_Release(container);
    }
}

/* --- the contact alice invites -------------------------------------------- */

/* Invite takes the contact as an IDispatch: an IMessengerContact from the
 * Messenger API, or any object with a SigninName property, like this one. */
static HRESULT WINAPI contact_QueryInterface(IDispatch *iface, REFIID riid, void **out)
{
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IDispatch))
    {
        *out = iface;
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static HRESULT WINAPI contact_GetIDsOfNames(IDispatch *iface, REFIID riid, LPOLESTR *names, UINT count,
                                            LCID lcid, DISPID *ids)
{
    (void)iface, (void)riid, (void)lcid;
    if (count == 1 && !lstrcmpiW(names[0], L"SigninName"))
    {
        ids[0] = 1;
        return S_OK;
    }
    return DISP_E_UNKNOWNNAME;
}

static HRESULT WINAPI contact_Invoke(IDispatch *iface, DISPID id, REFIID riid, LCID lcid, WORD flags,
                                     DISPPARAMS *params, VARIANT *result, EXCEPINFO *excepinfo, UINT *argerr)
{
    (void)iface, (void)riid, (void)lcid, (void)params, (void)excepinfo, (void)argerr;
    if (id != 1 || !(flags & DISPATCH_PROPERTYGET) || !result) return DISP_E_MEMBERNOTFOUND;
    V_VT(result) = VT_BSTR;
    V_BSTR(result) = SysAllocString(bob_signin);
    return V_BSTR(result) ? S_OK : E_OUTOFMEMORY;
}

static const IDispatchVtbl contact_vtbl = {contact_QueryInterface, static_AddRef,  static_Release,
                                           no_GetTypeInfoCount,    no_GetTypeInfo, contact_GetIDsOfNames,
                                           contact_Invoke};
static IDispatch bob_contact = {&contact_vtbl};

/* --- waiting -------------------------------------------------------------- */

/* Events are posted to this thread: pump its messages until *flag is set.
 * FALSE, with a line saying what was missing, when the session ended first
 * or the demo's deadline passed. */
static BOOL wait_for(const BOOL *flag, const char *what)
{
    MSG msg;

    while (!*flag)
    {
        LONG left = (LONG)(deadline - GetTickCount());

        if (the_session && terminated && flag != &terminated)
        {
            say("the session ended before %s", what);
            return FALSE;
        }
        if (left <= 0)
        {
            say("gave up waiting for %s", what);
            return FALSE;
        }
        MsgWaitForMultipleObjects(0, NULL, FALSE, left, QS_ALLINPUT);
        while (PeekMessageW(&msg, NULL, 0, 0, PM_REMOVE))
            DispatchMessageW(&msg);
    }
    return TRUE;
}

/* The same for a kernel object.  FALSE at once if gone (bob's process) ends
 * first: he exited before he was ready. */
static BOOL wait_for_object(HANDLE object, HANDLE gone, const char *what)
{
    HANDLE handles[2] = {object, gone};
    MSG msg;

    for (;;)
    {
        LONG left = (LONG)(deadline - GetTickCount());
        DWORD result;

        if (left <= 0) break;
        result = MsgWaitForMultipleObjects(gone ? 2 : 1, handles, FALSE, left, QS_ALLINPUT);
        if (result == WAIT_OBJECT_0) return TRUE;
        if (result != WAIT_OBJECT_0 + (gone ? 2 : 1)) break;
        while (PeekMessageW(&msg, NULL, 0, 0, PM_REMOVE))
            DispatchMessageW(&msg);
    }
    say("gave up waiting for %s", what);
    return FALSE;
}

/* A call that never returns (say, a broker that cannot start) still ends
 * the demo: six seconds after the deadline the process exits with 2. */
static DWORD WINAPI watchdog(void *arg)
{
    (void)arg;
    Sleep(DEMO_DEADLINE_MS + 6000);
    say("still not done after %u ms; giving up", DEMO_DEADLINE_MS + 6000);
    ExitProcess(2);
}

/* --- signing in ----------------------------------------------------------- */

/* What HKCU\Software\msgsc would hold on a real machine (docs/network.md):
 * who we are, where our broker listens, and where the contact's listens.
 * The environment overrides the registry, which is how two identities share
 * one Windows user here.  Each identity's broker is started by its first
 * process and inherits that process's environment. */
/* Whether the brokers sign in to an XMPP server (MSGSC_NETWORK=xmpp, set
 * by sh scripts/demo.sh --xmpp) instead of talking over direct links. */
static BOOL over_xmpp(void)
{
    WCHAR network[16];

    return GetEnvironmentVariableW(L"MSGSC_NETWORK", network, ARRAYSIZE(network)) &&
           !wcscmp(network, L"xmpp");
}

static void sign_in(const WCHAR *signin, unsigned short port, const WCHAR *contact,
                    unsigned short contact_port)
{
    WCHAR value[256];

    SetEnvironmentVariableW(L"MSGSC_SIGNIN", signin);
    swprintf(value, ARRAYSIZE(value), L"127.0.0.1:%u", port);
    SetEnvironmentVariableW(L"MSGSC_LISTEN", value);
    swprintf(value, ARRAYSIZE(value), L"%ls=127.0.0.1:%u", contact, contact_port);
    SetEnvironmentVariableW(L"MSGSC_CONTACTS", value);
    /* An unanswered invitation ends within the demo's deadline. */
    SetEnvironmentVariableW(L"MSGSC_INVITE_TIMEOUT_MS", L"8000");
    /* The broker exits one second after its last process: none outlives the demo. */
    SetEnvironmentVariableW(L"MSGSC_BROKER_IDLE_MS", L"1000");
    if (over_xmpp())
        say("signed in as %ls on the XMPP server; contact %ls, a mutual roster contact", signin, contact);
    else
        say("signed in as %ls, broker on 127.0.0.1:%u; contact %ls at 127.0.0.1:%u", signin, port, contact,
            contact_port);
}

static HRESULT create_manager(IMsgrSessionManager **manager)
{
    HRESULT hr = CoCreateInstance(&CLSID_MsgrSessionManager, NULL, CLSCTX_INPROC_SERVER,
                                  &IID_IMsgrSessionManager, (void **)manager);

    if (FAILED(hr)) say("CoCreateInstance(MsgrSessionManager) -> %#lx (is msgsc.dll registered?)", hr);
    return hr;
}

/* A TCP port nobody listens on right now, chosen by the system. */
static unsigned short free_port(void)
{
    struct sockaddr_in address = {0};
    int size = sizeof(address);
    unsigned short port = 0;
    WSADATA wsa;
    SOCKET s;

    if (WSAStartup(MAKEWORD(2, 2), &wsa)) return 0;
    s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (s != INVALID_SOCKET && !bind(s, (struct sockaddr *)&address, sizeof(address)) &&
        !getsockname(s, (struct sockaddr *)&address, &size))
        port = ntohs(address.sin_port);
    if (s != INVALID_SOCKET) closesocket(s);
    WSACleanup();
    return port;
}

/* Bob sets this event once his process is connected to his broker. */
static void ready_event_name(WCHAR *name, size_t size, unsigned short alice_port)
{
    swprintf(name, size, L"msgsc-demo-bob-ready-%u", alice_port);
}

/* --- bob ------------------------------------------------------------------ */

static int run_bob(unsigned short alice_port, unsigned short bob_port)
{
    IMsgrSessionManager *manager;
    DWORD manager_cookie, session_cookie = 0;
    IDispatch *dispatch;
    WCHAR event_name[64];
    HANDLE ready;
    BOOL done = FALSE;
    BSTR text;

    me = "bob";
    sign_in(bob_signin, bob_port, alice_signin, alice_port);
    CoInitialize(NULL);
    if (FAILED(create_manager(&manager))) return 1;
    manager_cookie = advise((IUnknown *)manager, &DIID_DMsgrSessionManagerEvents);

    /* Invitations reach the processes connected to their user's broker.  The
     * first call that needs the broker starts it and connects: here, creating
     * (and dropping) a session.  Then bob tells alice he is there. */
    if (FAILED(show_call("CreateSession (connects bob's process to bob's broker)",
                         IMsgrSessionManager_CreateSession(manager, &dispatch))))
        goto end;
    IDispatch_Release(dispatch);
    ready_event_name(event_name, ARRAYSIZE(event_name), alice_port);
    if ((ready = OpenEventW(EVENT_MODIFY_STATE, FALSE, event_name)))
    {
        SetEvent(ready);
        CloseHandle(ready);
    }

    if (!wait_for(&invited, "an invitation")) goto end;
    session_cookie = advise((IUnknown *)the_session, &DIID_DMsgrSessionEvents);
    show_session(the_session);

    text = SysAllocString(L"gladly, you play white");
    show_call("Accept(\"gladly, you play white\")", IMsgrSession_Accept(the_session, text));
    SysFreeString(text);

    /* Alice moves first; bob answers her move. */
    if (!wait_for(&context_data_arrived, "alice's context data")) goto end;
    show_addresses(the_session);
    text = SysAllocString(L"e7-e5");
    show_call("SendContextData(\"e7-e5\")", IMsgrSession_SendContextData(the_session, text));
    SysFreeString(text);

    /* Alice ends the session: OnCancelled, then OnTermination. */
    done = wait_for(&terminated, "the end of the session") && termination_hr == SR_SESSION_CANCELLED_REMOTE;

end:
    if (the_session)
    {
        if (session_cookie) unadvise((IUnknown *)the_session, &DIID_DMsgrSessionEvents, session_cookie);
        IMsgrSession_Release(the_session);
    }
    unadvise((IUnknown *)manager, &DIID_DMsgrSessionManagerEvents, manager_cookie);
    IMsgrSessionManager_Release(manager);
    CoUninitialize();
    say("%s", done ? "done" : "the exchange did not complete");
    return done ? 0 : 1;
}

/* --- alice ---------------------------------------------------------------- */

static HANDLE start_bob(unsigned short alice_port, unsigned short bob_port)
{
    STARTUPINFOW startup = {0};
    PROCESS_INFORMATION info;
    WCHAR self[MAX_PATH], command[MAX_PATH + 64];

    /* Bob writes to alice's output, so that the two stories interleave. */
    startup.cb = sizeof(startup);
    startup.dwFlags = STARTF_USESTDHANDLES;
    startup.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
    startup.hStdOutput = GetStdHandle(STD_OUTPUT_HANDLE);
    startup.hStdError = GetStdHandle(STD_ERROR_HANDLE);
    GetModuleFileNameW(NULL, self, ARRAYSIZE(self));
    swprintf(command, ARRAYSIZE(command), L"\"%ls\" bob %u %u", self, alice_port, bob_port);
    if (!CreateProcessW(NULL, command, NULL, NULL, TRUE, 0, NULL, NULL, &startup, &info))
    {
        say("could not start bob: error %lu", GetLastError());
        return NULL;
    }
    CloseHandle(info.hThread);
    return info.hProcess;
}

static int run_alice(void)
{
    unsigned short alice_port, bob_port;
    IMsgrSessionManager *manager;
    DWORD manager_cookie, session_cookie = 0, bob_exit = 1;
    IDispatch *dispatch;
    HANDLE bob = NULL, ready = NULL;
    WCHAR event_name[64];
    BSTR guid, name, url, path, text;
    BOOL done = FALSE, registered;
    HRESULT hr;

    me = "alice";
    /* Where the two brokers listen: any two free ports. */
    alice_port = free_port();
    bob_port = free_port();
    if (!alice_port || !bob_port || alice_port == bob_port)
    {
        say("found no two free TCP ports");
        return 1;
    }
    sign_in(alice_signin, alice_port, bob_signin, bob_port);
    CoInitialize(NULL);
    if (FAILED(create_manager(&manager))) return 1;
    manager_cookie = advise((IUnknown *)manager, &DIID_DMsgrSessionManagerEvents);

    /* The application.  Its GUID names it in invitations; the name and URL
     * tell an invitee who lacks it where to get it; the path is what would be
     * launched (this version of msgsc launches nothing). */
    guid = SysAllocString(app_guid);
    name = SysAllocString(L"msgsc chess demo");
    url = SysAllocString(L"https://example.org/msgsc-chess");
    path = SysAllocString(L"C:\\windows\\notepad.exe");
    hr = show_call("RegisterApplication(msgsc chess demo)",
                   IMsgrSessionManager_RegisterApplication(manager, guid, name, url, path, 0));
    SysFreeString(name);
    SysFreeString(url);
    SysFreeString(path);
    registered = SUCCEEDED(hr) || hr == SR_APP_ALREADY_REGISTERED;
    if (hr == SR_APP_ALREADY_REGISTERED)
        say("(left over from an interrupted run: used as it is, removed at the end)");
    else if (SUCCEEDED(hr))
        wait_for(&app_registered, "OnAppRegistered");
    if (!registered) goto end;

    /* Bob: this program again, with his own identity. */
    ready_event_name(event_name, ARRAYSIZE(event_name), alice_port);
    ready = CreateEventW(NULL, TRUE, FALSE, event_name);
    bob = start_bob(alice_port, bob_port);
    if (!bob || !ready || !wait_for_object(ready, bob, "bob to connect to his broker")) goto end;

    if (FAILED(show_call("CreateSession", IMsgrSessionManager_CreateSession(manager, &dispatch)))) goto end;
    IDispatch_QueryInterface(dispatch, &IID_IMsgrSession, (void **)&the_session);
    IDispatch_Release(dispatch);
    session_cookie = advise((IUnknown *)the_session, &DIID_DMsgrSessionEvents);
    if (FAILED(
            show_call("put_Application(msgsc chess demo)", IMsgrSession_put_Application(the_session, guid))))
        goto end;

    text = SysAllocString(L"a game of chess?");
    hr = show_call("Invite(bob@demo.example.org, \"a game of chess?\")",
                   IMsgrSession_Invite(the_session, &bob_contact, text));
    /* Over an XMPP server (sh scripts/demo.sh --xmpp) bob shows as online a
     * moment after his broker signs in; until then Invite answers
     * MSGR_E_NOT_LOGGED_ON, as Messenger did for a contact not signed in. */
    while (hr == MSGR_E_NOT_LOGGED_ON && over_xmpp() && (LONG)(deadline - GetTickCount()) > 0)
    {
        say("bob is not online yet: trying again in half a second");
        MsgWaitForMultipleObjects(0, NULL, FALSE, 500, QS_ALLINPUT);
        hr = show_call("Invite(bob@demo.example.org, \"a game of chess?\")",
                       IMsgrSession_Invite(the_session, &bob_contact, text));
    }
    SysFreeString(text);
    if (FAILED(hr)) goto end;
    show_session(the_session);

    /* Bob accepts; the session carries context data once it is connected. */
    if (!wait_for(&accepted, "bob's answer") || !wait_for(&connected, "SS_CONNECTED")) goto end;
    show_addresses(the_session);
    text = SysAllocString(L"e2-e4");
    show_call("SendContextData(\"e2-e4\")", IMsgrSession_SendContextData(the_session, text));
    SysFreeString(text);
    if (!wait_for(&context_data_arrived, "bob's context data")) goto end;

    /* Cancel ends a session at any stage; S_OK says nothing went wrong. */
    text = SysAllocString(L"good game");
    show_call("Cancel(S_OK, \"good game\")", IMsgrSession_Cancel(the_session, S_OK, text));
    SysFreeString(text);
    done = wait_for(&terminated, "the end of the session") && termination_hr == SR_SESSION_CANCELLED_LOCAL;

end:
    if (the_session)
    {
        if (session_cookie) unadvise((IUnknown *)the_session, &DIID_DMsgrSessionEvents, session_cookie);
        IMsgrSession_Release(the_session);
        the_session = NULL;
    }
    if (ready) CloseHandle(ready);
    if (bob)
    {
        /* Bob is done when alice is; if she failed, he would only wait. */
        deadline = GetTickCount() + 2000;
        if (done && wait_for_object(bob, NULL, "bob to finish"))
            GetExitCodeProcess(bob, &bob_exit);
        else
        {
            say("stopping bob");
            TerminateProcess(bob, 1);
        }
        CloseHandle(bob);
    }
    if (registered)
    {
        deadline = GetTickCount() + 2000;
        hr = show_call("UnRegisterApplication(msgsc chess demo)",
                       IMsgrSessionManager_UnRegisterApplication(manager, guid));
        if (SUCCEEDED(hr)) wait_for(&app_unregistered, "OnAppUnRegistered");
    }
    SysFreeString(guid);
    unadvise((IUnknown *)manager, &DIID_DMsgrSessionManagerEvents, manager_cookie);
    IMsgrSessionManager_Release(manager);
    CoUninitialize();

    done = done && bob_exit == 0;
    say("%s", done ? "done: both sides completed the exchange" : "the exchange did not complete");
    return done ? 0 : 1;
}

int main(int argc, char **argv)
{
    HANDLE thread;

    deadline = GetTickCount() + DEMO_DEADLINE_MS;
    if ((thread = CreateThread(NULL, 0, watchdog, NULL, 0, NULL))) CloseHandle(thread);
    if (argc == 4 && !strcmp(argv[1], "bob"))
        return run_bob((unsigned short)atoi(argv[2]), (unsigned short)atoi(argv[3]));
    return run_alice();
}
