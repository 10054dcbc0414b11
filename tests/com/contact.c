/*
 * Contacts: how IMsgrSession::Invite reads the sign-in name of the contact it
 * is given (spec 6, "Rec for Invite"; messenger-contact.md), seen through
 * Invite's return codes and error information.
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
 *
 * The contact object that IMsgrSession::User returns can only be reached
 * after an invitation went out, which needs the transport; until then
 * these tests drive the other half, the resolution of Invite's contact.
 * Nobody is signed in, so a contact whose name resolves reaches the
 * sign-in check (MSGR_E_NOT_LOGGED_ON) and every other one is refused with
 * E_INVALIDARG before it: the two codes tell which way the name went.
 */

#include "comtest.h"

/* The test's own definition of the GUIDs in dispex.h: MinGW-w64's libuuid
 * lacks IID_IDispatchEx. */
#include <initguid.h>
#include <dispex.h>

#define APP_NAME L"msgsc contact test"
#define APP_URL  L"http://example.org/contact-test"

#define DISPID_FAKE_SIGNIN 7

static WCHAR app_guid[39];

/* --- a configurable automation object --------------------------------- */

/* What Invite may be handed by a script engine or a C client: SigninName
 * found by GetIDsOfNames or only by IDispatchEx::GetDispID (as Wine's
 * VBScript class instances answer), and a value of any type, or a failure. */
struct fake
{
    IDispatchEx IDispatchEx_iface;
    LONG ref;
    BOOL dispex;        /* answers IDispatchEx */
    BOOL names_notimpl; /* GetIDsOfNames gives E_NOTIMPL */
    HRESULT invoke_hr;  /* a failure to return from Invoke(Ex) */
    VARIANT value;      /* SigninName */
    unsigned int calls; /* Invoke and InvokeEx of SigninName */
};

static inline struct fake *impl_from_fake(IDispatchEx *iface)
{
    return CONTAINING_RECORD(iface, struct fake, IDispatchEx_iface);
}

static HRESULT WINAPI fake_QueryInterface(IDispatchEx *iface, REFIID riid, void **out)
{
    struct fake *fake = impl_from_fake(iface);

    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IDispatch) ||
        (fake->dispex && IsEqualGUID(riid, &IID_IDispatchEx)))
    {
        *out = iface;
        IDispatchEx_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI fake_AddRef(IDispatchEx *iface)
{
    return InterlockedIncrement(&impl_from_fake(iface)->ref);
}

static ULONG WINAPI fake_Release(IDispatchEx *iface)
{
    return InterlockedDecrement(&impl_from_fake(iface)->ref); /* fakes live on the stack */
}

static HRESULT WINAPI fake_GetTypeInfoCount(IDispatchEx *iface, UINT *count)
{
    *count = 0;
    return S_OK;
}

static HRESULT WINAPI fake_GetTypeInfo(IDispatchEx *iface, UINT index, LCID lcid, ITypeInfo **info)
{
    *info = NULL;
    return E_NOTIMPL;
}

static HRESULT WINAPI fake_GetIDsOfNames(IDispatchEx *iface, REFIID riid, LPOLESTR *names, UINT count,
                                         LCID lcid, DISPID *ids)
{
    struct fake *fake = impl_from_fake(iface);

    if (fake->names_notimpl) return E_NOTIMPL;
    ids[0] = DISPID_UNKNOWN;
    if (count != 1 || lstrcmpiW(names[0], L"SigninName")) return DISP_E_UNKNOWNNAME;
    ids[0] = DISPID_FAKE_SIGNIN;
    return S_OK;
}

static HRESULT get_value(struct fake *fake, DISPID id, WORD flags, VARIANT *result, EXCEPINFO *excepinfo)
{
    if (id != DISPID_FAKE_SIGNIN || !(flags & DISPATCH_PROPERTYGET) || !result) return DISP_E_MEMBERNOTFOUND;
    fake->calls++;
    if (FAILED(fake->invoke_hr))
    {
        /* The caller must free what an exception carries. */
        if (fake->invoke_hr == DISP_E_EXCEPTION && excepinfo)
        {
            memset(excepinfo, 0, sizeof(*excepinfo));
            excepinfo->bstrSource = SysAllocString(L"fake");
            excepinfo->bstrDescription = SysAllocString(L"SigninName is not available");
            excepinfo->scode = E_FAIL;
        }
        return fake->invoke_hr;
    }
    return VariantCopy(result, &fake->value);
}

static HRESULT WINAPI fake_Invoke(IDispatchEx *iface, DISPID id, REFIID riid, LCID lcid, WORD flags,
                                  DISPPARAMS *params, VARIANT *result, EXCEPINFO *excepinfo, UINT *argerr)
{
    return get_value(impl_from_fake(iface), id, flags, result, excepinfo);
}

static HRESULT WINAPI fake_GetDispID(IDispatchEx *iface, BSTR name, DWORD flags, DISPID *id)
{
    *id = DISPID_UNKNOWN;
    if (lstrcmpiW(name, L"SigninName")) return DISP_E_UNKNOWNNAME;
    *id = DISPID_FAKE_SIGNIN;
    return S_OK;
}

static HRESULT WINAPI fake_InvokeEx(IDispatchEx *iface, DISPID id, LCID lcid, WORD flags, DISPPARAMS *params,
                                    VARIANT *result, EXCEPINFO *excepinfo, IServiceProvider *caller)
{
    return get_value(impl_from_fake(iface), id, flags, result, excepinfo);
}

static HRESULT WINAPI fake_DeleteMemberByName(IDispatchEx *iface, BSTR name, DWORD flags)
{
    ok(0, "Unexpected DeleteMemberByName(%ls, %#lx).\n", name, flags);
    return E_NOTIMPL;
}

static HRESULT WINAPI fake_DeleteMemberByDispID(IDispatchEx *iface, DISPID id)
{
    ok(0, "Unexpected DeleteMemberByDispID(%ld).\n", id);
    return E_NOTIMPL;
}

static HRESULT WINAPI fake_GetMemberProperties(IDispatchEx *iface, DISPID id, DWORD fetch, DWORD *flags)
{
    ok(0, "Unexpected GetMemberProperties(%ld, %#lx).\n", id, fetch);
    return E_NOTIMPL;
}

static HRESULT WINAPI fake_GetMemberName(IDispatchEx *iface, DISPID id, BSTR *name)
{
    ok(0, "Unexpected GetMemberName(%ld).\n", id);
    return E_NOTIMPL;
}

static HRESULT WINAPI fake_GetNextDispID(IDispatchEx *iface, DWORD flags, DISPID id, DISPID *next)
{
    ok(0, "Unexpected GetNextDispID(%#lx, %ld).\n", flags, id);
    return E_NOTIMPL;
}

static HRESULT WINAPI fake_GetNameSpaceParent(IDispatchEx *iface, IUnknown **parent)
{
    ok(0, "Unexpected GetNameSpaceParent.\n");
    return E_NOTIMPL;
}

static const IDispatchExVtbl fake_vtbl = {
    fake_QueryInterface,
    fake_AddRef,
    fake_Release,
    fake_GetTypeInfoCount,
    fake_GetTypeInfo,
    fake_GetIDsOfNames,
    fake_Invoke,
    fake_GetDispID,
    fake_InvokeEx,
    fake_DeleteMemberByName,
    fake_DeleteMemberByDispID,
    fake_GetMemberProperties,
    fake_GetMemberName,
    fake_GetNextDispID,
    fake_GetNameSpaceParent,
};

/* A fake whose SigninName is the string name: length characters, which
 * may include NULs, or up to its NUL when length is -1. */
static IDispatch *init_fake(struct fake *fake, const WCHAR *name, int length)
{
    if (name && length < 0) length = wcslen(name);
    memset(fake, 0, sizeof(*fake));
    fake->IDispatchEx_iface.lpVtbl = &fake_vtbl;
    fake->ref = 1;
    V_VT(&fake->value) = VT_BSTR;
    V_BSTR(&fake->value) = name ? SysAllocStringLen(name, length) : NULL;
    return (IDispatch *)&fake->IDispatchEx_iface;
}

static void clear_fake(struct fake *fake)
{
    VariantClear(&fake->value);
}

/* --- helpers ------------------------------------------------------------ */

/* A session in SS_READY with the test's application: Invite then checks
 * the contact (spec 3.5 order: state, application, arguments, sign-in). */
static IMsgrSession *ready_session(IMsgrSessionManager *manager)
{
    IMsgrSession *session = create_session(manager);
    BSTR guid = SysAllocString(app_guid);
    HRESULT hr;

    if (session)
    {
        hr = IMsgrSession_put_Application(session, guid);
        ok(hr == S_OK, "put_Application hr %#lx.\n", hr);
    }
    SysFreeString(guid);
    return session;
}

/* Invites user with a short data string; checks the HRESULT, that a
 * failure explains itself through IMsgrSession's IErrorInfo (with text in
 * its description, when given), and that no reference on the contact was
 * kept. */
#define check_invite(s, u, r, hr, text) check_invite_(__FILE__, __LINE__, s, u, r, hr, text)
static void check_invite_(const char *file, int line, IMsgrSession *session, IDispatch *user, LONG *ref,
                          HRESULT expect, const WCHAR *text)
{
    BSTR data = SysAllocString(L"hello"), desc = NULL;
    LONG before = ref ? *ref : 0;
    IErrorInfo *info = NULL;
    GUID guid;
    HRESULT hr;

    SetErrorInfo(0, NULL);
    hr = IMsgrSession_Invite(session, user, data);
    ok_(file, line)(hr == expect, "Invite hr %#lx, expected %#lx.\n", hr, expect);
    if (ref) ok_(file, line)(*ref == before, "Invite kept %ld references on the contact.\n", *ref - before);
    SysFreeString(data);
    if (SUCCEEDED(expect)) return;

    hr = GetErrorInfo(0, &info);
    ok_(file, line)(hr == S_OK && info != NULL, "GetErrorInfo hr %#lx, info %p.\n", hr, info);
    if (!info) return;
    memset(&guid, 0, sizeof(guid));
    hr = IErrorInfo_GetGUID(info, &guid);
    ok_(file, line)(hr == S_OK && IsEqualGUID(&guid, &IID_IMsgrSession),
                    "GetGUID hr %#lx, error info of %s.\n", hr, debugstr_iid(&guid));
    IErrorInfo_GetDescription(info, &desc);
    ok_(file, line)(SysStringLen(desc) > 0, "empty description.\n");
    if (text) ok_(file, line)(desc && wcsstr(desc, text), "description %ls lacks %ls.\n", desc, text);
    SysFreeString(desc);
    IErrorInfo_Release(info);
}

/* --- tests ---------------------------------------------------------------- */

/* IMessengerContact is read through its vtable, even when its IDispatch
 * knows no names (spec 6). */
static void test_vtable_contact(IMsgrSessionManager *manager)
{
    IMsgrSession *session = ready_session(manager);
    struct contact contact;
    IDispatch *user;

    if (!session) return;
    user = init_contact(&contact, CONTACT_VTABLE, L"bob@example.org");
    check_invite(session, user, &contact.ref, MSGR_E_NOT_LOGGED_ON, NULL);
    ok(contact.signin_calls == 1, "get_SigninName called %u times.\n", contact.signin_calls);

    user = init_contact(&contact, CONTACT_VTABLE, L"");
    check_invite(session, user, &contact.ref, E_INVALIDARG, L"empty");

    user = init_contact(&contact, CONTACT_VTABLE, NULL); /* get_SigninName gives a NULL BSTR */
    check_invite(session, user, &contact.ref, E_INVALIDARG, NULL);

    user = init_contact(&contact, CONTACT_VTABLE, L"bob smith@example.org");
    check_invite(session, user, &contact.ref, E_INVALIDARG, NULL); /* the core refuses spaces */

    /* A refused Invite leaves the session as it was. */
    user = init_contact(&contact, CONTACT_VTABLE, L"carol@example.org");
    check_invite(session, user, &contact.ref, MSGR_E_NOT_LOGGED_ON, NULL);
    IMsgrSession_Release(session);
}

/* Any IDispatch with a SigninName property, through GetIDsOfNames and a
 * DISPATCH_PROPERTYGET Invoke. */
static void test_late_bound(IMsgrSessionManager *manager)
{
    IMsgrSession *session = ready_session(manager);
    struct contact contact;
    struct fake fake;
    IDispatch *user;

    if (!session) return;
    user = init_contact(&contact, CONTACT_LATEBOUND, L"bob@example.org");
    check_invite(session, user, &contact.ref, MSGR_E_NOT_LOGGED_ON, NULL);
    ok(contact.signin_calls == 1, "SigninName read %u times.\n", contact.signin_calls);

    user = init_contact(&contact, CONTACT_NONAME, NULL);
    check_invite(session, user, &contact.ref, E_INVALIDARG, L"SigninName");
    ok(contact.signin_calls == 0, "SigninName read %u times.\n", contact.signin_calls);

    user = init_contact(&contact, CONTACT_LATEBOUND, L"");
    check_invite(session, user, &contact.ref, E_INVALIDARG, L"empty");

    /* Non-ASCII names are carried as UTF-8. */
    user = init_fake(&fake, L"b\x00f6rje@example.org", -1);
    check_invite(session, user, &fake.ref, MSGR_E_NOT_LOGGED_ON, NULL);
    ok(fake.calls == 1, "SigninName read %u times.\n", fake.calls);
    clear_fake(&fake);
    IMsgrSession_Release(session);
}

/* What is not a name at all. */
static void test_bad_values(IMsgrSessionManager *manager)
{
    IMsgrSession *session = ready_session(manager);
    struct fake fake;
    IDispatch *user;

    if (!session) return;

    user = init_fake(&fake, NULL, 0);
    VariantClear(&fake.value);
    V_VT(&fake.value) = VT_I4;
    V_I4(&fake.value) = 42;
    check_invite(session, user, &fake.ref, E_INVALIDARG, L"not a string");
    clear_fake(&fake);

    user = init_fake(&fake, NULL, 0);
    VariantClear(&fake.value); /* VT_EMPTY */
    check_invite(session, user, &fake.ref, E_INVALIDARG, NULL);
    clear_fake(&fake);

    user = init_fake(&fake, NULL, 0); /* a NULL BSTR is the empty string */
    check_invite(session, user, &fake.ref, E_INVALIDARG, L"empty");
    clear_fake(&fake);

    user = init_fake(&fake, L"bob@example.org\0mallory@example.org", 35);
    check_invite(session, user, &fake.ref, E_INVALIDARG, L"NUL");
    clear_fake(&fake);

    user = init_fake(&fake, L"bob\xd800@example.org", 16); /* an unpaired surrogate */
    check_invite(session, user, &fake.ref, E_INVALIDARG, L"Unicode");
    clear_fake(&fake);

    /* A property that fails to read, with an exception whose strings the
     * caller frees. */
    user = init_fake(&fake, L"bob@example.org", -1);
    fake.invoke_hr = DISP_E_EXCEPTION;
    check_invite(session, user, &fake.ref, E_INVALIDARG, L"could not be read");
    ok(fake.calls == 1, "SigninName read %u times.\n", fake.calls);
    fake.invoke_hr = E_FAIL;
    check_invite(session, user, &fake.ref, E_INVALIDARG, NULL);
    clear_fake(&fake);

    /* No contact at all. */
    check_invite(session, NULL, NULL, E_INVALIDARG, NULL);
    IMsgrSession_Release(session);
}

/* Script objects that answer only IDispatchEx::GetDispID (Wine's VBScript
 * class instances give E_NOTIMPL from GetIDsOfNames). */
static void test_dispex(IMsgrSessionManager *manager)
{
    IMsgrSession *session = ready_session(manager);
    struct fake fake;
    IDispatch *user;

    if (!session) return;
    user = init_fake(&fake, L"bob@example.org", -1);
    fake.dispex = TRUE;
    fake.names_notimpl = TRUE;
    check_invite(session, user, &fake.ref, MSGR_E_NOT_LOGGED_ON, NULL);
    ok(fake.calls == 1, "SigninName read %u times.\n", fake.calls);
    clear_fake(&fake);

    /* Without IDispatchEx the same object has no name. */
    user = init_fake(&fake, L"bob@example.org", -1);
    fake.names_notimpl = TRUE;
    check_invite(session, user, &fake.ref, E_INVALIDARG, NULL);
    ok(fake.calls == 0, "SigninName read %u times.\n", fake.calls);
    clear_fake(&fake);
    IMsgrSession_Release(session);
}

/* The contact is only resolved where the order of checks gets to it: a
 * session that is not ready, or has no application, says so first. */
static void test_order(IMsgrSessionManager *manager)
{
    IMsgrSession *session = create_session(manager);
    struct contact contact;
    IDispatch *user;
    BSTR data;

    if (!session) return;
    user = init_contact(&contact, CONTACT_NONAME, NULL);
    check_invite(session, user, &contact.ref, SR_APP_NOT_SPECIFIED, NULL);
    data = SysAllocString(L"");
    ok_hr(IMsgrSession_Cancel(session, S_OK, data), S_OK);
    SysFreeString(data);
    check_invite(session, user, &contact.ref, SR_SESSION_NOT_READY, NULL);
    IMsgrSession_Release(session);
}

/* Nobody can be invited yet, so there is no contact to return. */
static void test_no_user(IMsgrSessionManager *manager)
{
    IMsgrSession *session = ready_session(manager);
    IDispatch *user = (IDispatch *)0xdeadbeef;
    struct contact contact;
    HRESULT hr;

    if (!session) return;
    check_invite(session, init_contact(&contact, CONTACT_VTABLE, L"bob@example.org"), &contact.ref,
                 MSGR_E_NOT_LOGGED_ON, NULL);
    hr = IMsgrSession_get_User(session, &user);
    ok(hr == SR_NO_USER_INVITED && !user, "User after a refused Invite hr %#lx, %p.\n", hr, user);
    IMsgrSession_Release(session);
}

int main(void)
{
    IMsgrSessionManager *manager;

    manager = start_with_app(app_guid, APP_NAME, APP_URL);
    if (!manager) return test_summary();

    test_vtable_contact(manager);
    test_late_bound(manager);
    test_bad_values(manager);
    test_dispex(manager);
    test_order(manager);
    test_no_user(manager);

    return finish_with_app(manager, app_guid);
}
