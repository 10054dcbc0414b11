/*
 * Early-bound tests of MsgrSession: every IMsgrSession member in each state
 * reachable without a transport (SS_READY, SS_CANCELLED), spec 2.2 and 3.5.
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

#include "comtest.h"

#define APP_NAME L"msgsc session test"
#define APP_URL  L"http://example.org/session-test"

static WCHAR app_guid[39]; /* registered for the whole program */

/* Checks a BSTR getter: expected hr and, when given, the value. */
typedef HRESULT(STDMETHODCALLTYPE *bstr_getter)(IMsgrSession *, BSTR *);
#define check_bstr(s, getter, hr, value) check_bstr_(__FILE__, __LINE__, s, getter, #getter, hr, value)
static void check_bstr_(const char *file, int line, IMsgrSession *session, bstr_getter getter,
                        const char *name, HRESULT expect, const WCHAR *value)
{
    BSTR str = (BSTR)0xdeadbeef;
    HRESULT hr = getter(session, &str);

    ok_(file, line)(hr == expect, "%s hr %#lx, expected %#lx.\n", name, hr, expect);
    if (FAILED(expect))
    {
        ok_(file, line)(str == NULL, "%s failed but left %p.\n", name, str);
        return;
    }
    if (str == (BSTR)0xdeadbeef) str = NULL;
    if (value)
        ok_(file, line)(!wcscmp(str ? str : L"", value), "%s gave %ls, expected %ls.\n", name, str, value);
    SysFreeString(str);
}

/* The BSTR getters, by name, so that one loop drives the NULL checks. */
static const char *bstr_getter_names[] = {"Application",     "RemoteAddress",  "SessionID",   "ContextData",
                                          "ApplicationName", "ApplicationURL", "LocalAddress"};

static bstr_getter getter_of(IMsgrSession *session, unsigned int i)
{
    const IMsgrSessionVtbl *vtbl = session->lpVtbl;
    const bstr_getter all[] = {vtbl->get_Application, vtbl->get_RemoteAddress,   vtbl->get_SessionID,
                               vtbl->get_ContextData, vtbl->get_ApplicationName, vtbl->get_ApplicationURL,
                               vtbl->get_LocalAddress};
    return all[i];
}

/* NULL out-pointers give E_INVALIDARG in every state (spec 2, common rules). */
static void test_null_out(IMsgrSession *session)
{
    unsigned int i;
    HRESULT hr;

    for (i = 0; i < ARRAY_SIZE(bstr_getter_names); i++)
    {
        hr = getter_of(session, i)(session, NULL);
        ok(hr == E_INVALIDARG, "%s(NULL) hr %#lx.\n", bstr_getter_names[i], hr);
    }
    hr = IMsgrSession_get_State(session, NULL);
    ok(hr == E_INVALIDARG, "State(NULL) hr %#lx.\n", hr);
    hr = IMsgrSession_get_Flags(session, NULL);
    ok(hr == E_INVALIDARG, "Flags(NULL) hr %#lx.\n", hr);
    hr = IMsgrSession_get_User(session, NULL);
    ok(hr == E_INVALIDARG, "User(NULL) hr %#lx.\n", hr);
}

static void check_state(IMsgrSession *session, SESSION_STATE expect)
{
    SESSION_STATE state = SS_UNKNOWN;
    HRESULT hr = IMsgrSession_get_State(session, &state);

    ok(hr == S_OK && state == expect, "State hr %#lx, %d, expected %d.\n", hr, state, expect);
}

static HRESULT put_application(IMsgrSession *session, const WCHAR *guid)
{
    BSTR str = SysAllocString(guid);
    HRESULT hr = IMsgrSession_put_Application(session, str);

    SysFreeString(str);
    return hr;
}

static HRESULT put_local_address(IMsgrSession *session, const WCHAR *address)
{
    BSTR str = SysAllocString(address);
    HRESULT hr = IMsgrSession_put_LocalAddress(session, str);

    SysFreeString(str);
    return hr;
}

static HRESULT invite(IMsgrSession *session, IDispatch *user, BSTR data)
{
    return IMsgrSession_Invite(session, user, data);
}

static void test_ready_getters(IMsgrSession *session)
{
    IDispatch *user;
    long flags = 0;
    HRESULT hr;

    check_state(session, SS_READY);
    hr = IMsgrSession_get_Flags(session, &flags);
    ok(hr == S_OK && flags == SF_INVITER, "Flags hr %#lx, %#lx.\n", hr, flags);
    check_bstr(session, session->lpVtbl->get_Application, SR_APP_NOT_SPECIFIED, NULL);
    check_bstr(session, session->lpVtbl->get_ApplicationName, SR_APP_NOT_SPECIFIED, NULL);
    check_bstr(session, session->lpVtbl->get_ApplicationURL, SR_APP_NOT_SPECIFIED, NULL);
    check_bstr(session, session->lpVtbl->get_RemoteAddress, S_FALSE, L"");
    check_bstr(session, session->lpVtbl->get_ContextData, S_FALSE, L"");
    check_bstr(session, session->lpVtbl->get_SessionID, S_OK, NULL);

    user = (IDispatch *)0xdeadbeef;
    hr = IMsgrSession_get_User(session, &user);
    ok(hr == SR_NO_USER_INVITED && !user, "User hr %#lx, %p.\n", hr, user);
    test_null_out(session);
}

static void test_Application(IMsgrSession *session)
{
    static const WCHAR *bad[] = {L"", L"not a guid", L"{1234567G-1234-1234-1234-123456789ABC}",
                                 L"12345678-1234-1234-1234-123456789ABC",
                                 L"{12345678-1234-1234-1234-12345678}"};
    WCHAR lower[39], unregistered[39], toolong[40];
    unsigned int i;
    BSTR longstr;
    HRESULT hr;

    new_guid_string(unregistered);
    hr = put_application(session, unregistered);
    ok(hr == SR_APP_NOT_REGISTERED, "put_Application(unregistered) hr %#lx.\n", hr);
    for (i = 0; i < ARRAY_SIZE(bad); i++)
    {
        hr = put_application(session, bad[i]);
        ok(hr == E_INVALIDARG, "put_Application(%ls) hr %#lx.\n", bad[i], hr);
    }
    hr = IMsgrSession_put_Application(session, NULL);
    ok(hr == E_INVALIDARG, "put_Application(NULL) hr %#lx.\n", hr);

    /* Longer than 38 characters: E_OUTOFMEMORY (spec Q2, Q7). */
    swprintf(toolong, ARRAY_SIZE(toolong), L"%ls0", app_guid);
    hr = put_application(session, toolong);
    ok(hr == E_OUTOFMEMORY, "put_Application(39 chars) hr %#lx.\n", hr);
    longstr = repeat_bstr('A', 1000);
    hr = IMsgrSession_put_Application(session, longstr);
    ok(hr == E_OUTOFMEMORY, "put_Application(1000 chars) hr %#lx.\n", hr);
    SysFreeString(longstr);
    check_bstr(session, session->lpVtbl->get_Application, SR_APP_NOT_SPECIFIED, NULL);

    /* Lower-case hex is accepted and stored upper case (spec Q7). */
    wcscpy(lower, app_guid);
    CharLowerW(lower);
    hr = put_application(session, lower);
    ok(hr == S_OK, "put_Application(lower case) hr %#lx.\n", hr);
    check_bstr(session, session->lpVtbl->get_Application, S_OK, app_guid);
    check_bstr(session, session->lpVtbl->get_ApplicationName, S_OK, APP_NAME);
    check_bstr(session, session->lpVtbl->get_ApplicationURL, S_OK, APP_URL);
    check_state(session, SS_READY);

    /* A refused put keeps the previous value. */
    hr = put_application(session, unregistered);
    ok(hr == SR_APP_NOT_REGISTERED, "put_Application(unregistered) hr %#lx.\n", hr);
    check_bstr(session, session->lpVtbl->get_Application, S_OK, app_guid);
}

static void test_LocalAddress(IMsgrSession *session)
{
    static const WCHAR *bad[] = {L"not an address", L"999.1.1.1", L"1.2.3", L"fe80:::1", L"1.2.3.4 "};
    BSTR address = NULL;
    unsigned int i;
    HRESULT hr;

    hr = IMsgrSession_get_LocalAddress(session, &address);
    ok(hr == S_OK && SysStringLen(address) > 0, "LocalAddress hr %#lx, %ls.\n", hr, address);
    SysFreeString(address);

    hr = put_local_address(session, L"192.168.1.20");
    ok(hr == S_OK, "put_LocalAddress(IPv4) hr %#lx.\n", hr);
    check_bstr(session, session->lpVtbl->get_LocalAddress, S_OK, L"192.168.1.20");
    hr = put_local_address(session, L"2001:db8::1");
    ok(hr == S_OK, "put_LocalAddress(IPv6) hr %#lx.\n", hr);
    check_bstr(session, session->lpVtbl->get_LocalAddress, S_OK, L"2001:db8::1");

    for (i = 0; i < ARRAY_SIZE(bad); i++)
    {
        hr = put_local_address(session, bad[i]);
        ok(hr == E_INVALIDARG, "put_LocalAddress(%ls) hr %#lx.\n", bad[i], hr);
    }
    /* A valid IPv6 address of 39 characters is over the 30-character limit. */
    hr = put_local_address(session, L"2001:0db8:0000:0000:0000:ff00:0042:8329");
    ok(hr == E_OUTOFMEMORY, "put_LocalAddress(39 chars) hr %#lx.\n", hr);
    check_bstr(session, session->lpVtbl->get_LocalAddress, S_OK, L"2001:db8::1");

    hr = put_local_address(session, L"10.0.0.1");
    ok(hr == S_OK, "put_LocalAddress hr %#lx.\n", hr);
}

static void test_invitee_only(IMsgrSession *session)
{
    BSTR data = SysAllocString(L"data");
    HRESULT hr;

    hr = IMsgrSession_Accept(session, data);
    ok(hr == SR_NOT_INVITEE, "Accept hr %#lx.\n", hr);
    hr = IMsgrSession_Decline(session, data);
    ok(hr == SR_NOT_INVITEE, "Decline hr %#lx.\n", hr);
    hr = IMsgrSession_Accept(session, NULL);
    ok(hr == SR_NOT_INVITEE, "Accept(NULL) hr %#lx.\n", hr);
    hr = IMsgrSession_SendContextData(session, data);
    ok(hr == SR_SESSION_STATE_INVALID, "SendContextData hr %#lx.\n", hr);
    SysFreeString(data);
    check_state(session, SS_READY);
}

/* Before Application is set (spec 3.5), even with a valid contact. */
static void test_Invite_no_application(IMsgrSession *session)
{
    struct contact late;
    IDispatch *user = init_contact(&late, CONTACT_LATEBOUND, L"bob@example.org");
    HRESULT hr;

    hr = invite(session, user, NULL);
    ok(hr == SR_APP_NOT_SPECIFIED, "Invite without Application hr %#lx.\n", hr);
    check_state(session, SS_READY);
}

static void test_Invite(IMsgrSession *session)
{
    struct contact late, vtable, noname;
    IDispatch *user;
    BSTR data;
    HRESULT hr;

    hr = invite(session, NULL, NULL);
    ok(hr == E_INVALIDARG, "Invite(NULL) hr %#lx.\n", hr);

    user = init_contact(&noname, CONTACT_NONAME, NULL);
    SetErrorInfo(0, NULL);
    hr = invite(session, user, NULL);
    ok(hr == E_INVALIDARG, "Invite(no SigninName) hr %#lx.\n", hr);
    check_error_info(&IID_IMsgrSession);
    ok(noname.ref == 1, "Invite leaked %ld references on the contact.\n", noname.ref - 1);

    /* Valid contacts pass validation; nobody is signed in yet. */
    user = init_contact(&late, CONTACT_LATEBOUND, L"bob@example.org");
    hr = invite(session, user, NULL);
    ok(hr == MSGR_E_NOT_LOGGED_ON, "Invite(late-bound contact) hr %#lx.\n", hr);
    ok(late.signin_calls > 0, "SigninName read late-bound %u times.\n", late.signin_calls);
    ok(late.ref == 1, "Invite leaked %ld references on the contact.\n", late.ref - 1);
    user = init_contact(&vtable, CONTACT_VTABLE, L"bob@example.org");
    hr = invite(session, user, NULL);
    ok(hr == MSGR_E_NOT_LOGGED_ON, "Invite(IMessengerContact) hr %#lx.\n", hr);
    ok(vtable.signin_calls > 0, "SigninName read through the vtable %u times.\n", vtable.signin_calls);
    check_state(session, SS_READY);

    /* bstrAppData: at most 512 bytes of UTF-8 (spec Q2). */
    data = repeat_bstr('x', 513);
    hr = invite(session, user, data);
    ok(hr == E_INVALIDARG, "Invite(513 bytes) hr %#lx.\n", hr);
    SysFreeString(data);
    data = repeat_bstr('x', 512);
    hr = invite(session, user, data);
    ok(hr == MSGR_E_NOT_LOGGED_ON, "Invite(512 bytes) hr %#lx.\n", hr);
    SysFreeString(data);
    data = repeat_bstr(0xe9, 256); /* e-acute: 2 bytes each, 512 bytes */
    hr = invite(session, user, data);
    ok(hr == MSGR_E_NOT_LOGGED_ON, "Invite(256 two-byte chars) hr %#lx.\n", hr);
    SysFreeString(data);
    data = repeat_bstr(0xe9, 257); /* 257 characters but 514 bytes */
    hr = invite(session, user, data);
    ok(hr == E_INVALIDARG, "Invite(257 two-byte chars) hr %#lx.\n", hr);
    SysFreeString(data);
    ok(vtable.ref == 1, "Invite leaked %ld references on the contact.\n", vtable.ref - 1);
    check_state(session, SS_READY);
}

/* SS_CANCELLED after Cancel in SS_READY: every getter still answers, every
 * state-bound call is refused (spec 3.5, "Final states"). */
static void test_cancelled(IMsgrSession *session)
{
    struct contact late;
    IDispatch *user;
    BSTR data = SysAllocString(L"bye");
    long flags = 0;
    HRESULT hr;

    hr = IMsgrSession_Cancel(session, E_FAIL, data);
    ok(hr == S_OK, "Cancel hr %#lx.\n", hr);
    check_state(session, SS_CANCELLED);
    hr = IMsgrSession_Cancel(session, E_FAIL, data);
    ok(hr == E_FAIL, "second Cancel hr %#lx.\n", hr);
    check_state(session, SS_CANCELLED);

    hr = put_application(session, app_guid);
    ok(hr == SR_SESSION_NOT_READY, "put_Application after Cancel hr %#lx.\n", hr);
    user = init_contact(&late, CONTACT_LATEBOUND, L"bob@example.org");
    hr = invite(session, user, NULL);
    ok(hr == SR_SESSION_NOT_READY, "Invite after Cancel hr %#lx.\n", hr);
    hr = IMsgrSession_Accept(session, data);
    ok(hr == SR_SESSION_STATE_INVALID, "Accept after Cancel hr %#lx.\n", hr);
    hr = IMsgrSession_Decline(session, data);
    ok(hr == SR_SESSION_STATE_INVALID, "Decline after Cancel hr %#lx.\n", hr);
    hr = IMsgrSession_SendContextData(session, data);
    ok(hr == SR_SESSION_STATE_INVALID, "SendContextData after Cancel hr %#lx.\n", hr);
    SysFreeString(data);

    /* Last values are kept. */
    check_bstr(session, session->lpVtbl->get_Application, S_OK, app_guid);
    check_bstr(session, session->lpVtbl->get_ApplicationName, S_OK, APP_NAME);
    check_bstr(session, session->lpVtbl->get_ApplicationURL, S_OK, APP_URL);
    check_bstr(session, session->lpVtbl->get_LocalAddress, S_OK, L"10.0.0.1");
    check_bstr(session, session->lpVtbl->get_RemoteAddress, S_FALSE, L"");
    check_bstr(session, session->lpVtbl->get_ContextData, S_FALSE, L"");
    check_bstr(session, session->lpVtbl->get_SessionID, S_OK, NULL);
    hr = IMsgrSession_get_Flags(session, &flags);
    ok(hr == S_OK && flags == SF_INVITER, "Flags hr %#lx, %#lx.\n", hr, flags);
    /* Nobody was ever invited. */
    user = (IDispatch *)0xdeadbeef;
    hr = IMsgrSession_get_User(session, &user);
    ok(hr == SR_NO_USER_INVITED && !user, "User after Cancel hr %#lx, %p.\n", hr, user);
    /* LocalAddress may still be set; it has no effect (spec 3.5). */
    hr = put_local_address(session, L"10.0.0.2");
    ok(hr == S_OK, "put_LocalAddress after Cancel hr %#lx.\n", hr);
    test_null_out(session);
}

static void test_QueryInterface(IMsgrSession *session)
{
    static const GUID unknown = {0x12345678, 0x1234, 0x1234, {1, 2, 3, 4, 5, 6, 7, 8}};
    IProvideClassInfo2 *classinfo;
    ISupportErrorInfo *support;
    ITypeInfo *typeinfo;
    TYPEATTR *attr;
    GUID guid;
    HRESULT hr;

    check_interface(session, &IID_IUnknown, TRUE);
    check_interface(session, &IID_IDispatch, TRUE);
    check_interface(session, &IID_IMsgrSession, TRUE);
    check_interface(session, &IID_IConnectionPointContainer, TRUE);
    check_interface(session, &IID_IProvideClassInfo, TRUE);
    check_interface(session, &IID_IProvideClassInfo2, TRUE);
    check_interface(session, &IID_ISupportErrorInfo, TRUE);
    /* The type library's coclass and the lock pages name only the manager;
     * a session answering IMsgrLock could not keep COM identity (Q14). */
    check_interface(session, &IID_IMsgrLock, FALSE);
    check_interface(session, &IID_IMsgrSessionManager, FALSE);
    check_interface(session, &unknown, FALSE);

    hr = IMsgrSession_QueryInterface(session, &IID_IProvideClassInfo2, (void **)&classinfo);
    if (hr == S_OK)
    {
        hr = IProvideClassInfo2_GetGUID(classinfo, GUIDKIND_DEFAULT_SOURCE_DISP_IID, &guid);
        ok(hr == S_OK && IsEqualGUID(&guid, &DIID_DMsgrSessionEvents), "GetGUID hr %#lx, %s.\n", hr,
           debugstr_iid(&guid));
        hr = IProvideClassInfo2_GetClassInfo(classinfo, &typeinfo);
        ok(hr == S_OK, "GetClassInfo hr %#lx.\n", hr);
        if (hr == S_OK)
        {
            hr = ITypeInfo_GetTypeAttr(typeinfo, &attr);
            ok(hr == S_OK && IsEqualGUID(&attr->guid, &CLSID_MsgrSession), "class info hr %#lx, %s.\n", hr,
               hr == S_OK ? debugstr_iid(&attr->guid) : "");
            if (hr == S_OK) ITypeInfo_ReleaseTypeAttr(typeinfo, attr);
            ITypeInfo_Release(typeinfo);
        }
        IProvideClassInfo2_Release(classinfo);
    }
    hr = IMsgrSession_QueryInterface(session, &IID_ISupportErrorInfo, (void **)&support);
    if (hr == S_OK)
    {
        hr = ISupportErrorInfo_InterfaceSupportsErrorInfo(support, &IID_IMsgrSession);
        ok(hr == S_OK, "InterfaceSupportsErrorInfo hr %#lx.\n", hr);
        ISupportErrorInfo_Release(support);
    }
}

static const struct
{
    const WCHAR *name;
    DISPID id;
} session_members[] = {
    {L"Application", 0}, {L"State", 1},           {L"Invite", 2},           {L"Decline", 3},
    {L"Cancel", 4},      {L"Accept", 5},          {L"RemoteAddress", 6},    {L"SessionID", 7},
    {L"ContextData", 8}, {L"ApplicationName", 9}, {L"ApplicationURL", 10},  {L"Flags", 11},
    {L"User", 12},       {L"LocalAddress", 13},   {L"SendContextData", 14},
};

static void test_IDispatch(IMsgrSession *session)
{
    DISPPARAMS params = {NULL, NULL, 0, 0};
    VARIANT result;
    unsigned int i;
    UINT count = 0;
    WCHAR *name;
    DISPID id;
    HRESULT hr;

    hr = IMsgrSession_GetTypeInfoCount(session, &count);
    ok(hr == S_OK && count == 1, "GetTypeInfoCount hr %#lx, %u.\n", hr, count);
    for (i = 0; i < ARRAY_SIZE(session_members); i++)
    {
        name = (WCHAR *)session_members[i].name;
        id = -1;
        hr = IMsgrSession_GetIDsOfNames(session, &IID_NULL, &name, 1, LOCALE_USER_DEFAULT, &id);
        ok(hr == S_OK && id == session_members[i].id, "GetIDsOfNames(%ls) hr %#lx, id %ld.\n", name, hr, id);
    }
    /* State through Invoke. */
    VariantInit(&result);
    hr = IMsgrSession_Invoke(session, 1, &IID_NULL, LOCALE_USER_DEFAULT, DISPATCH_PROPERTYGET, &params,
                             &result, NULL, NULL);
    ok(hr == S_OK && V_VT(&result) == VT_I4 && V_I4(&result) == SS_READY,
       "Invoke(State) hr %#lx, vt %d, %ld.\n", hr, V_VT(&result), V_I4(&result));
    VariantClear(&result);

    hr = IMsgrSession_Invoke(session, 999, &IID_NULL, LOCALE_USER_DEFAULT, DISPATCH_METHOD, &params, &result,
                             NULL, NULL);
    ok(hr == DISP_E_MEMBERNOTFOUND, "Invoke(999) hr %#lx.\n", hr);
    /* Cancel takes two arguments. */
    hr = IMsgrSession_Invoke(session, 4, &IID_NULL, LOCALE_USER_DEFAULT, DISPATCH_METHOD, &params, &result,
                             NULL, NULL);
    ok(hr == DISP_E_BADPARAMCOUNT, "Invoke(Cancel, no args) hr %#lx.\n", hr);
    check_state(session, SS_READY);
    name = (WCHAR *)L"NoSuchMember";
    hr = IMsgrSession_GetIDsOfNames(session, &IID_NULL, &name, 1, LOCALE_USER_DEFAULT, &id);
    ok(hr == DISP_E_UNKNOWNNAME, "GetIDsOfNames(unknown) hr %#lx.\n", hr);
}

int main(void)
{
    IMsgrSessionManager *manager;
    IMsgrSession *session;

    manager = start_with_app(app_guid, APP_NAME, APP_URL);
    if (!manager) return test_summary();

    session = create_session(manager);
    if (session)
    {
        test_ready_getters(session);
        test_QueryInterface(session);
        test_IDispatch(session);
        test_invitee_only(session);
        test_Invite_no_application(session);
        test_Application(session);
        test_Invite(session);
        test_LocalAddress(session);
        test_cancelled(session);
        IMsgrSession_Release(session);
    }
    return finish_with_app(manager, app_guid);
}
