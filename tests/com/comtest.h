/*
 * Helpers shared by the early-bound COM tests: object creation, an event
 * sink that records what it receives, a bounded message pump, and contact
 * objects of the kinds a client may pass to IMsgrSession::Invite.
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

#ifndef MSGSC_COMTEST_H
#define MSGSC_COMTEST_H

#define COBJMACROS
#include <windows.h>
#include <ole2.h>
#include <olectl.h>
#include <ocidl.h>
#include <wchar.h>
#include "msgrpriv.h"
#include "msgrdispid.h"
#include "msgrcontact.h"
#include "test.h"

/* Only the public contract is used here: the generated headers and the
 * documented registry location (spec 4.1). */
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define APPS_KEY L"Software\\Microsoft\\MessengerService\\SessionManager\\Apps"

/* Everything below is static inline so that each test program uses what it
 * needs without unused-function warnings; ok() counters are per program. */

/* ok_hr(expr, expected) evaluates expr once and, when it is not the
 * expected HRESULT, prints it as written with the HRESULT it gave. */
#define ok_hr(expr, expected) ok_hr_(__FILE__, __LINE__, #expr, (expr), (expected))
static inline int ok_hr_(const char *file, int line, const char *text, HRESULT hr, HRESULT expected)
{
    return ok_(file, line)(hr == expected, "%s: hr %#lx, expected %#lx.\n", text, hr, expected);
}

/* The IID as text, for messages; one static buffer is enough for ok(). */
static inline const char *debugstr_iid(const IID *iid)
{
    static char buffer[39];
    WCHAR text[39];

    StringFromGUID2(iid, text, ARRAY_SIZE(text));
    WideCharToMultiByte(CP_ACP, 0, text, -1, buffer, sizeof(buffer), NULL, NULL);
    return buffer;
}

static inline IMsgrSessionManager *create_manager(void)
{
    IMsgrSessionManager *manager = NULL;
    HRESULT hr;

    hr = CoCreateInstance(&CLSID_MsgrSessionManager, NULL, CLSCTX_INPROC_SERVER, &IID_IMsgrSessionManager,
                          (void **)&manager);
    ok(hr == S_OK, "CoCreateInstance(MsgrSessionManager) hr %#lx.\n", hr);
    return manager;
}

static inline IMsgrSession *create_session(IMsgrSessionManager *manager)
{
    IMsgrSession *session = NULL;
    IDispatch *disp = NULL;
    HRESULT hr;

    hr = IMsgrSessionManager_CreateSession(manager, &disp);
    ok(hr == S_OK, "CreateSession hr %#lx.\n", hr);
    if (!disp) return NULL;
    hr = IDispatch_QueryInterface(disp, &IID_IMsgrSession, (void **)&session);
    ok(hr == S_OK, "QueryInterface(IMsgrSession) hr %#lx.\n", hr);
    IDispatch_Release(disp);
    return session;
}

/* A fresh "{XXXXXXXX-...}" upper-case GUID string, so that runs and
 * programs sharing one prefix never collide. */
static inline void new_guid_string(WCHAR out[39])
{
    GUID guid;

    CoCreateGuid(&guid);
    StringFromGUID2(&guid, out, 39);
}

static inline HRESULT register_app(IMsgrSessionManager *manager, const WCHAR *guid, const WCHAR *name,
                                   const WCHAR *url, const WCHAR *path)
{
    BSTR g = SysAllocString(guid), n = SysAllocString(name), u = SysAllocString(url),
         p = SysAllocString(path);
    HRESULT hr = IMsgrSessionManager_RegisterApplication(manager, g, n, u, p, 0);

    SysFreeString(g);
    SysFreeString(n);
    SysFreeString(u);
    SysFreeString(p);
    return hr;
}

static inline HRESULT unregister_app(IMsgrSessionManager *manager, const WCHAR *guid)
{
    BSTR g = SysAllocString(guid);
    HRESULT hr = IMsgrSessionManager_UnRegisterApplication(manager, g);

    SysFreeString(g);
    return hr;
}

/* The start of a test program that runs with an application of its own:
 * COM, a manager, and guid (made new) registered as name at url, run as
 * notepad.  NULL without a manager. */
static inline IMsgrSessionManager *start_with_app(WCHAR guid[39], const WCHAR *name, const WCHAR *url)
{
    IMsgrSessionManager *manager;
    HRESULT hr;

    CoInitialize(NULL);
    manager = create_manager();
    if (!manager) return NULL;
    new_guid_string(guid);
    hr = register_app(manager, guid, name, url, L"C:\\windows\\notepad.exe");
    ok(hr == S_OK, "RegisterApplication hr %#lx.\n", hr);
    return manager;
}

/* Its end: the application unregistered, the manager released, COM shut
 * down; returns the program's exit code. */
static inline int finish_with_app(IMsgrSessionManager *manager, const WCHAR *guid)
{
    ok_hr(unregister_app(manager, guid), S_OK);
    IMsgrSessionManager_Release(manager);
    CoUninitialize();
    return test_summary();
}

/* A string of count copies of c, as a BSTR. */
static inline BSTR repeat_bstr(WCHAR c, unsigned int count)
{
    BSTR str = SysAllocStringLen(NULL, count);
    unsigned int i;

    for (i = 0; i < count; i++)
        str[i] = c;
    return str;
}

/* Checks that the last error set by the object names iid and says something. */
#define check_error_info(iid) check_error_info_(__FILE__, __LINE__, iid)
static inline void check_error_info_(const char *file, int line, const IID *iid)
{
    IErrorInfo *info = NULL;
    BSTR desc = NULL;
    GUID guid;
    HRESULT hr;

    hr = GetErrorInfo(0, &info);
    ok_(file, line)(hr == S_OK && info != NULL, "GetErrorInfo hr %#lx, info %p.\n", hr, info);
    if (!info) return;
    hr = IErrorInfo_GetDescription(info, &desc);
    ok_(file, line)(hr == S_OK && SysStringLen(desc) > 0, "GetDescription hr %#lx, %ls.\n", hr, desc);
    memset(&guid, 0, sizeof(guid));
    hr = IErrorInfo_GetGUID(info, &guid);
    ok_(file, line)(hr == S_OK && IsEqualGUID(&guid, iid), "GetGUID hr %#lx, %s.\n", hr, debugstr_iid(&guid));
    SysFreeString(desc);
    IErrorInfo_Release(info);
}

/* Checks QueryInterface(iid): expected S_OK, or E_NOINTERFACE with NULL. */
#define check_interface(unk, iid, supported)                                                                 \
    check_interface_(__FILE__, __LINE__, (IUnknown *)(unk), iid, supported)
static inline void check_interface_(const char *file, int line, IUnknown *unk, const IID *iid, BOOL supported)
{
    IUnknown *out = (IUnknown *)0xdeadbeef;
    HRESULT hr = IUnknown_QueryInterface(unk, iid, (void **)&out);

    if (supported)
    {
        ok_(file, line)(hr == S_OK && out != NULL, "QueryInterface(%s) hr %#lx.\n", debugstr_iid(iid), hr);
        if (hr == S_OK) IUnknown_Release(out);
    }
    else
        ok_(file, line)(hr == E_NOINTERFACE && !out, "QueryInterface(%s) hr %#lx, out %p.\n",
                        debugstr_iid(iid), hr, out);
}

/* --- an event sink ------------------------------------------------------ */

#define MAX_EVENTS 16

struct event
{
    DISPID id;
    LONG arg1;           /* first I4/BOOL argument */
    LONG arg2;           /* second I4/BOOL argument */
    WCHAR text[128];     /* first BSTR argument */
    SESSION_STATE state; /* the session's State read inside the event */
};

/* A connection point calls only Invoke, with DISPATCH_METHOD and an event
 * of its interface: anything else, or more than MAX_EVENTS events, fails
 * the test. */
struct sink
{
    IDispatch IDispatch_iface;
    LONG ref;
    const IID *iid; /* set by advise(): the events expected */
    struct event events[MAX_EVENTS];
    unsigned int count;
    /* Optional: read this session's State in each event (spec 3.4 rule 1). */
    IMsgrSession *session;
    /* Optional behaviours inside the first event: unadvise from cp, or
     * release the reference held in release_on_event. */
    IConnectionPoint *unadvise_cp;
    DWORD cookie;
    IUnknown *release_on_event;
};

static inline struct sink *impl_from_sink(IDispatch *iface)
{
    return CONTAINING_RECORD(iface, struct sink, IDispatch_iface);
}

static HRESULT WINAPI sink_QueryInterface(IDispatch *iface, REFIID riid, void **out)
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

static ULONG WINAPI sink_AddRef(IDispatch *iface)
{
    return InterlockedIncrement(&impl_from_sink(iface)->ref);
}

static ULONG WINAPI sink_Release(IDispatch *iface)
{
    return InterlockedDecrement(&impl_from_sink(iface)->ref); /* the sinks live on the stack */
}

static HRESULT WINAPI sink_GetTypeInfoCount(IDispatch *iface, UINT *count)
{
    *count = 0;
    return S_OK;
}

static HRESULT WINAPI sink_GetTypeInfo(IDispatch *iface, UINT index, LCID lcid, ITypeInfo **info)
{
    ok(0, "Sink GetTypeInfo(%u) called.\n", index);
    return E_NOTIMPL;
}

static HRESULT WINAPI sink_GetIDsOfNames(IDispatch *iface, REFIID riid, LPOLESTR *names, UINT count,
                                         LCID lcid, DISPID *ids)
{
    ok(0, "Sink GetIDsOfNames(%ls, %u names) called.\n", count && names ? names[0] : L"", count);
    return E_NOTIMPL;
}

/* Whether id is an event of the dispinterface iid (either, when NULL). */
static inline BOOL is_event(const IID *iid, DISPID id)
{
    static const DISPID session_events[] = {
        DISPID_ONSTATECHANGED, DISPID_ONAPPNOTPRESENT, DISPID_ONACCEPTED,      DISPID_ONDECLINED,
        DISPID_ONCANCELLED,    DISPID_ONTERMINATION,   DISPID_ONREADYTOLAUNCH, DISPID_BEFOREAPPLAUNCH,
        DISPID_ONCONTEXTDATA,  DISPID_ONSENDERROR,
    };
    static const DISPID manager_events[] = {
        DISPID_ONINVITATION,    DISPID_ONAPPREGISTERED, DISPID_ONAPPUNREGISTERED, DISPID_ONAPPSHUTDOWN,
        DISPID_ONLOCKCHALLENGE, DISPID_ONLOCKRESULT,    DISPID_ONLOCKENABLE,      DISPID_ONLOCKSTATUSCHANGED,
    };
    unsigned int i;

    if (!iid || IsEqualGUID(iid, &DIID_DMsgrSessionEvents))
        for (i = 0; i < ARRAY_SIZE(session_events); i++)
            if (session_events[i] == id) return TRUE;
    if (!iid || IsEqualGUID(iid, &DIID_DMsgrSessionManagerEvents))
        for (i = 0; i < ARRAY_SIZE(manager_events); i++)
            if (manager_events[i] == id) return TRUE;
    return FALSE;
}

static HRESULT WINAPI sink_Invoke(IDispatch *iface, DISPID id, REFIID riid, LCID lcid, WORD flags,
                                  DISPPARAMS *params, VARIANT *result, EXCEPINFO *excep, UINT *argerr)
{
    struct sink *sink = impl_from_sink(iface);
    struct event *event;
    int longs = 0;
    UINT i;

    ok(flags == DISPATCH_METHOD, "Event %ld invoked with flags %#x.\n", id, flags);
    ok(is_event(sink->iid, id), "Event %ld is not an event of %s.\n", id,
       sink->iid ? debugstr_iid(sink->iid) : "either source interface");
    if (sink->count == MAX_EVENTS)
    {
        ok(0, "Event %ld dropped: the sink already holds %u events.\n", id, sink->count);
        return S_OK;
    }
    event = &sink->events[sink->count++];
    memset(event, 0, sizeof(*event));
    event->id = id;
    /* Arguments arrive in reverse order. */
    for (i = params->cArgs; i-- > 0;)
    {
        VARIANT *arg = &params->rgvarg[i];
        LONG value = 0;

        if (V_VT(arg) == VT_BSTR && !event->text[0])
        {
            if (V_BSTR(arg)) lstrcpynW(event->text, V_BSTR(arg), ARRAY_SIZE(event->text));
            continue;
        }
        if (V_VT(arg) == VT_I4)
            value = V_I4(arg);
        else if (V_VT(arg) == VT_BOOL)
            value = V_BOOL(arg);
        else
            continue;
        if (longs++ == 0)
            event->arg1 = value;
        else
            event->arg2 = value;
    }
    if (sink->session) IMsgrSession_get_State(sink->session, &event->state);
    if (sink->unadvise_cp)
    {
        IConnectionPoint *cp = sink->unadvise_cp;

        sink->unadvise_cp = NULL;
        ok_hr(IConnectionPoint_Unadvise(cp, sink->cookie), S_OK); /* inside an event */
        IConnectionPoint_Release(cp);
    }
    if (sink->release_on_event)
    {
        IUnknown *unk = sink->release_on_event;

        sink->release_on_event = NULL;
        sink->session = NULL;
        IUnknown_Release(unk);
    }
    return S_OK;
}

static const IDispatchVtbl sink_vtbl = {
    sink_QueryInterface, sink_AddRef,        sink_Release, sink_GetTypeInfoCount,
    sink_GetTypeInfo,    sink_GetIDsOfNames, sink_Invoke};

static inline void init_sink(struct sink *sink)
{
    memset(sink, 0, sizeof(*sink));
    sink->IDispatch_iface.lpVtbl = &sink_vtbl;
    sink->ref = 1;
}

static inline IConnectionPoint *find_cp(IUnknown *source, const IID *iid)
{
    IConnectionPointContainer *container;
    IConnectionPoint *cp = NULL;
    HRESULT hr;

    hr = IUnknown_QueryInterface(source, &IID_IConnectionPointContainer, (void **)&container);
    ok(hr == S_OK, "QueryInterface(IConnectionPointContainer) hr %#lx.\n", hr);
    if (FAILED(hr)) return NULL;
    hr = IConnectionPointContainer_FindConnectionPoint(container, iid, &cp);
    ok(hr == S_OK, "FindConnectionPoint hr %#lx.\n", hr);
    IConnectionPointContainer_Release(container);
    return cp;
}

/* Advises sink on source's connection point iid; returns the point (with a
 * reference) and the cookie. */
static inline IConnectionPoint *advise(IUnknown *source, const IID *iid, struct sink *sink, DWORD *cookie)
{
    IConnectionPoint *cp = find_cp(source, iid);
    HRESULT hr;

    *cookie = 0;
    if (!cp) return NULL;
    sink->iid = iid;
    hr = IConnectionPoint_Advise(cp, (IUnknown *)&sink->IDispatch_iface, cookie);
    ok(hr == S_OK && *cookie, "Advise hr %#lx, cookie %lu.\n", hr, *cookie);
    return cp;
}

/* Finds the index of the first event id in sink, or -1. */
static inline int find_event(const struct sink *sink, DISPID id)
{
    unsigned int i;

    for (i = 0; i < sink->count; i++)
        if (sink->events[i].id == id) return i;
    return -1;
}

/* Runs what is already queued for this thread: posted events are in the
 * queue as soon as the call that posted them returns, so a count taken
 * afterwards is exact.  A new manager posts its going online (the lock's
 * OnLockStatusChanged and OnLockEnable): draining before advising a sink
 * keeps those out of its count. */
static inline void drain(void)
{
    MSG msg;

    while (PeekMessageW(&msg, NULL, 0, 0, PM_REMOVE))
        DispatchMessageW(&msg);
}

/* Pumps this thread's messages until done(ctx) holds; gives up after a
 * bounded number of waits.  MsgWaitForMultipleObjects wakes on each posted
 * message, so the bound only matters when an event never comes. */
typedef BOOL (*pump_condition)(void *ctx);
static inline BOOL pump_until(pump_condition done, void *ctx)
{
    unsigned int i;
    MSG msg;

    for (i = 0; i < 100; i++)
    {
        while (PeekMessageW(&msg, NULL, 0, 0, PM_REMOVE))
        {
            TranslateMessage(&msg);
            DispatchMessageW(&msg);
        }
        if (done(ctx)) return TRUE;
        MsgWaitForMultipleObjects(0, NULL, FALSE, 100, QS_ALLINPUT);
    }
    return done(ctx);
}

struct wait_event
{
    struct sink *sink;
    DISPID id;
};

static inline BOOL has_event(void *ctx)
{
    struct wait_event *wait = ctx;
    return find_event(wait->sink, wait->id) >= 0;
}

/* Pumps until sink has received event id. */
static inline BOOL pump_for_event(struct sink *sink, DISPID id)
{
    struct wait_event wait = {sink, id};
    return pump_until(has_event, &wait);
}

/* --- contacts ------------------------------------------------------------ */

enum contact_kind
{
    CONTACT_VTABLE,    /* IMessengerContact; late binding knows no names */
    CONTACT_LATEBOUND, /* plain IDispatch with a SigninName property */
    CONTACT_NONAME,    /* plain IDispatch without SigninName */
};

#define DISPID_TEST_SIGNIN 42

struct contact
{
    IMessengerContact IMessengerContact_iface;
    LONG ref;
    enum contact_kind kind;
    const WCHAR *signin;
    unsigned int signin_calls; /* vtable get_SigninName or late-bound Invoke */
};

static inline struct contact *impl_from_contact(IMessengerContact *iface)
{
    return CONTAINING_RECORD(iface, struct contact, IMessengerContact_iface);
}

static HRESULT WINAPI contact_QueryInterface(IMessengerContact *iface, REFIID riid, void **out)
{
    struct contact *contact = impl_from_contact(iface);

    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IDispatch) ||
        (contact->kind == CONTACT_VTABLE && IsEqualGUID(riid, &IID_IMessengerContact)))
    {
        *out = iface;
        IMessengerContact_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI contact_AddRef(IMessengerContact *iface)
{
    return InterlockedIncrement(&impl_from_contact(iface)->ref);
}

static ULONG WINAPI contact_Release(IMessengerContact *iface)
{
    return InterlockedDecrement(&impl_from_contact(iface)->ref); /* contacts live on the stack */
}

static HRESULT WINAPI contact_GetTypeInfoCount(IMessengerContact *iface, UINT *count)
{
    *count = 0;
    return S_OK;
}

static HRESULT WINAPI contact_GetTypeInfo(IMessengerContact *iface, UINT index, LCID lcid, ITypeInfo **info)
{
    *info = NULL;
    return E_NOTIMPL;
}

static HRESULT WINAPI contact_GetIDsOfNames(IMessengerContact *iface, REFIID riid, LPOLESTR *names,
                                            UINT count, LCID lcid, DISPID *ids)
{
    struct contact *contact = impl_from_contact(iface);
    UINT i;

    for (i = 0; i < count; i++)
        ids[i] = DISPID_UNKNOWN;
    if (contact->kind != CONTACT_LATEBOUND || count != 1 || lstrcmpiW(names[0], L"SigninName"))
        return DISP_E_UNKNOWNNAME;
    ids[0] = DISPID_TEST_SIGNIN;
    return S_OK;
}

static HRESULT WINAPI contact_Invoke(IMessengerContact *iface, DISPID id, REFIID riid, LCID lcid, WORD flags,
                                     DISPPARAMS *params, VARIANT *result, EXCEPINFO *excep, UINT *argerr)
{
    struct contact *contact = impl_from_contact(iface);

    if (contact->kind != CONTACT_LATEBOUND || id != DISPID_TEST_SIGNIN) return DISP_E_MEMBERNOTFOUND;
    if (!(flags & DISPATCH_PROPERTYGET) || !result) return DISP_E_MEMBERNOTFOUND;
    contact->signin_calls++;
    V_VT(result) = VT_BSTR;
    V_BSTR(result) = SysAllocString(contact->signin);
    return S_OK;
}

static HRESULT WINAPI contact_get_FriendlyName(IMessengerContact *iface, BSTR *name)
{
    *name = SysAllocString(impl_from_contact(iface)->signin);
    return S_OK;
}

static HRESULT WINAPI contact_get_Status(IMessengerContact *iface, MISTATUS *status)
{
    /* Unknown presence: Invite must try anyway (spec Q16). */
    *status = MISTATUS_UNKNOWN;
    return S_OK;
}

static HRESULT WINAPI contact_get_SigninName(IMessengerContact *iface, BSTR *name)
{
    struct contact *contact = impl_from_contact(iface);

    contact->signin_calls++;
    *name = SysAllocString(contact->signin);
    return S_OK;
}

static HRESULT WINAPI contact_get_ServiceName(IMessengerContact *iface, BSTR *name)
{
    *name = SysAllocString(L".NET Messenger Service");
    return S_OK;
}

static HRESULT WINAPI contact_get_Blocked(IMessengerContact *iface, VARIANT_BOOL *blocked)
{
    *blocked = VARIANT_FALSE;
    return S_OK;
}

static HRESULT WINAPI contact_put_Blocked(IMessengerContact *iface, VARIANT_BOOL blocked)
{
    return E_NOTIMPL;
}

static HRESULT WINAPI contact_get_CanPage(IMessengerContact *iface, VARIANT_BOOL *page)
{
    *page = VARIANT_FALSE;
    return S_OK;
}

static HRESULT WINAPI contact_get_PhoneNumber(IMessengerContact *iface, MPHONE_TYPE type, BSTR *number)
{
    *number = NULL;
    return E_FAIL;
}

static HRESULT WINAPI contact_get_IsSelf(IMessengerContact *iface, VARIANT_BOOL *self)
{
    *self = VARIANT_FALSE;
    return S_OK;
}

static HRESULT WINAPI contact_get_Property(IMessengerContact *iface, MCONTACTPROPERTY prop, VARIANT *value)
{
    VariantInit(value);
    return E_INVALIDARG;
}

static HRESULT WINAPI contact_put_Property(IMessengerContact *iface, MCONTACTPROPERTY prop, VARIANT value)
{
    return E_INVALIDARG;
}

static HRESULT WINAPI contact_get_ServiceId(IMessengerContact *iface, BSTR *id)
{
    *id = SysAllocString(L"{9B017612-C9F1-11D2-8D9F-0000F875C541}");
    return S_OK;
}

static const IMessengerContactVtbl contact_vtbl = {
    contact_QueryInterface, contact_AddRef,         contact_Release,         contact_GetTypeInfoCount,
    contact_GetTypeInfo,    contact_GetIDsOfNames,  contact_Invoke,          contact_get_FriendlyName,
    contact_get_Status,     contact_get_SigninName, contact_get_ServiceName, contact_get_Blocked,
    contact_put_Blocked,    contact_get_CanPage,    contact_get_PhoneNumber, contact_get_IsSelf,
    contact_get_Property,   contact_put_Property,   contact_get_ServiceId,
};

static inline IDispatch *init_contact(struct contact *contact, enum contact_kind kind, const WCHAR *signin)
{
    memset(contact, 0, sizeof(*contact));
    contact->IMessengerContact_iface.lpVtbl = &contact_vtbl;
    contact->ref = 1;
    contact->kind = kind;
    contact->signin = signin;
    return (IDispatch *)&contact->IMessengerContact_iface;
}

#endif
