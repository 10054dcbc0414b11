/*
 * msgsc demo: one application registers, opens a session and shows every event as it happens.
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

#define COBJMACROS
#include <windows.h>
#include <ole2.h>
#include <olectl.h>

#include "msgrpriv.h"

static const WCHAR demo_app[] = L"{6D736773-6300-4445-4D4F-000000000001}";

/* DISPIDs of DMsgrSessionManagerEvents and DMsgrSessionEvents. */
static const char *event_name(DISPID id)
{
    switch (id)
    {
    case 100: return "OnInvitation";
    case 101: return "OnAppRegistered";
    case 102: return "OnAppUnRegistered";
    case 103: return "OnStateChanged";
    case 104: return "OnAppNotPresent";
    case 105: return "OnAccepted";
    case 106: return "OnDeclined";
    case 107: return "OnCancelled";
    case 108: return "OnTermination";
    case 109: return "OnReadyToLaunch";
    case 110: return "OnContextData";
    case 111: return "OnSendError";
    case 112: return "BeforeAppLaunch";
    case 145: return "OnLockChallenge";
    case 146: return "OnLockResult";
    case 12288: return "OnLockStatusChanged";
    }
    return "(unknown event)";
}

static unsigned int events_seen;

/* One sink object prints the events of every source it is connected to. */
static HRESULT WINAPI sink_QueryInterface(IDispatch *iface, REFIID riid, void **out)
{
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IDispatch))
    {
        *out = iface;
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

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

static HRESULT WINAPI sink_Invoke(IDispatch *iface, DISPID id, REFIID riid, LCID lcid, WORD flags,
                                  DISPPARAMS *params, VARIANT *result, EXCEPINFO *excepinfo, UINT *argerr)
{
    UINT i;

    (void)iface, (void)riid, (void)lcid, (void)flags, (void)result, (void)excepinfo, (void)argerr;
    printf("  event  %s(", event_name(id));
    /* Arguments arrive last first. */
    for (i = params->cArgs; i-- > 0;)
    {
        const VARIANT *arg = &params->rgvarg[i];

        if (V_VT(arg) == VT_BSTR)
            printf("\"%ls\"", V_BSTR(arg));
        else if (V_VT(arg) == VT_I4)
            printf("%#lx", V_I4(arg));
        else
            printf("<vt %d>", V_VT(arg));
        if (i) printf(", ");
    }
    printf(")\n");
    fflush(stdout);
    events_seen++;
    return S_OK;
}

static const IDispatchVtbl sink_vtbl = {sink_QueryInterface, static_AddRef,  static_Release,
                                        no_GetTypeInfoCount, no_GetTypeInfo, no_GetIDsOfNames,
                                        sink_Invoke};
static IDispatch sink = {&sink_vtbl};

/* A contact as a script would pass it: any IDispatch with SigninName. */
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
    V_BSTR(result) = SysAllocString(L"bob@example.org");
    return S_OK;
}

static const IDispatchVtbl contact_vtbl = {sink_QueryInterface, static_AddRef,  static_Release,
                                           no_GetTypeInfoCount, no_GetTypeInfo, contact_GetIDsOfNames,
                                           contact_Invoke};
static IDispatch contact = {&contact_vtbl};

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

/* Events are posted to this thread: run its message loop until n more
 * arrived (or five seconds passed). */
static void wait_for_events(unsigned int n)
{
    unsigned int target = events_seen + n;
    DWORD start = GetTickCount();
    MSG msg;

    while (events_seen < target && GetTickCount() - start < 5000)
    {
        MsgWaitForMultipleObjects(0, NULL, FALSE, 100, QS_ALLINPUT);
        while (PeekMessageW(&msg, NULL, 0, 0, PM_REMOVE))
            DispatchMessageW(&msg);
    }
}

static void show_result(const char *what, HRESULT hr)
{
    IErrorInfo *info;
    BSTR text = NULL;

    printf("  call   %-40s -> %#lx", what, hr);
    if (FAILED(hr) && GetErrorInfo(0, &info) == S_OK)
    {
        IErrorInfo_GetDescription(info, &text);
        printf(" (%ls)", text ? text : L"");
        SysFreeString(text);
        IErrorInfo_Release(info);
    }
    printf("\n");
}

static void show_string(const char *name, HRESULT hr, BSTR value)
{
    printf("  get    %-40s -> %#lx \"%ls\"\n", name, hr, value ? value : L"");
    SysFreeString(value);
}

int main(void)
{
    IMsgrSessionManager *manager;
    IMsgrSession *session;
    IDispatch *dispatch;
    SESSION_STATE state;
    BSTR value;
    HRESULT hr;
    LONG flags;

    CoInitialize(NULL);
    printf("alice's application starts a session manager\n");
    hr = CoCreateInstance(&CLSID_MsgrSessionManager, NULL, CLSCTX_INPROC_SERVER, &IID_IMsgrSessionManager,
                          (void **)&manager);
    if (FAILED(hr))
    {
        printf("CoCreateInstance failed: %#lx (is msgsc.dll registered?)\n", hr);
        return 1;
    }
    advise((IUnknown *)manager, &DIID_DMsgrSessionManagerEvents);

    printf("it registers itself as an invitable application\n");
    hr = IMsgrSessionManager_RegisterApplication(manager, (BSTR)demo_app, (BSTR)L"msgsc demo",
                                                 (BSTR)L"https://example.org/msgsc-demo",
                                                 (BSTR)L"C:\\windows\\notepad.exe", 0);
    show_result("RegisterApplication", hr);
    wait_for_events(1);

    printf("it creates a session for that application\n");
    hr = IMsgrSessionManager_CreateSession(manager, &dispatch);
    show_result("CreateSession", hr);
    if (FAILED(hr)) return 1;
    IDispatch_QueryInterface(dispatch, &IID_IMsgrSession, (void **)&session);
    IDispatch_Release(dispatch);
    advise((IUnknown *)session, &DIID_DMsgrSessionEvents);

    hr = IMsgrSession_get_SessionID(session, &value);
    show_string("SessionID", hr, value);
    hr = IMsgrSession_get_State(session, &state);
    printf("  get    %-40s -> %#lx %d (SS_READY)\n", "State", hr, state);
    hr = IMsgrSession_get_Flags(session, &flags);
    printf("  get    %-40s -> %#lx %ld (SF_INVITER)\n", "Flags", hr, flags);
    hr = IMsgrSession_get_LocalAddress(session, &value);
    show_string("LocalAddress", hr, value);
    hr = IMsgrSession_put_Application(session, (BSTR)demo_app);
    show_result("put_Application", hr);
    hr = IMsgrSession_get_ApplicationName(session, &value);
    show_string("ApplicationName", hr, value);
    hr = IMsgrSession_get_ApplicationURL(session, &value);
    show_string("ApplicationURL", hr, value);

    printf("it invites bob@example.org\n");
    hr = IMsgrSession_Invite(session, &contact, (BSTR)L"hello from alice");
    show_result("Invite(bob@example.org)", hr);

    printf("it cancels the session\n");
    hr = IMsgrSession_Cancel(session, S_OK, (BSTR)L"bye");
    show_result("Cancel", hr);
    wait_for_events(2);
    hr = IMsgrSession_get_State(session, &state);
    printf("  get    %-40s -> %#lx %d (SS_CANCELLED)\n", "State", hr, state);

    printf("it unregisters and quits\n");
    hr = IMsgrSessionManager_UnRegisterApplication(manager, (BSTR)demo_app);
    show_result("UnRegisterApplication", hr);
    wait_for_events(1);

    IMsgrSession_Release(session);
    IMsgrSessionManager_Release(manager);
    CoUninitialize();
    printf("%u events seen\n", events_seen);
    return events_seen == 4 ? 0 : 1;
}
