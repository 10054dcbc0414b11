/*
 * MessengerContact: the IMessengerContact that IMsgrSession::User returns, and how
 * Invite reads the sign-in name of whatever contact it is given.
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

/*
 * The contact knows only the other party's sign-in name: this library has
 * no contact list and no presence.  So it answers as the Messenger API
 * does for a contact that is not on the list (spec 6, from
 * IMessenger::GetContact): FriendlyName is the sign-in name and Status is
 * MISTATUS_UNKNOWN.  Blocked and CanPage read FALSE, as they do offline;
 * there is no phone number.  The object is immutable, so it needs no lock.
 */

#include "msgsc_private.h"

/* MinGW-w64's libuuid lacks IID_IDispatchEx: this is the one file that
 * uses it, so it defines the GUIDs of dispex.h here. */
#include <initguid.h>
#include <dispex.h>

/* The .NET Messenger Service, the one service the original worked with.
 * Clients of the Messenger API compare ServiceId with this string, written
 * in lower case as the SDK samples spell it. */
static const WCHAR service_id[] = L"{9b017612-c9f1-11d2-8d9f-0000f875c541}";
static const WCHAR service_name[] = L".NET Messenger Service";

struct contact
{
    IMessengerContact IMessengerContact_iface;
    struct support_errorinfo errorinfo;
    LONG ref;
    BSTR signin;
    BOOL is_self;
};

static inline struct contact *impl_from_IMessengerContact(IMessengerContact *iface)
{
    return CONTAINING_RECORD(iface, struct contact, IMessengerContact_iface);
}

static HRESULT contact_error(HRESULT hr, UINT description)
{
    return set_error(hr, &IID_IMessengerContact, description);
}

/* A copy of a string for a [out, retval] BSTR. */
static HRESULT return_string(const WCHAR *value, BSTR *out)
{
    if (!out) return contact_error(E_INVALIDARG, IDS_NULL_OUT_POINTER);
    if (!(*out = SysAllocString(value))) return contact_error(E_OUTOFMEMORY, 0);
    return S_OK;
}

static HRESULT return_bool(BOOL value, VARIANT_BOOL *out)
{
    if (!out) return contact_error(E_INVALIDARG, IDS_NULL_OUT_POINTER);
    *out = value ? VARIANT_TRUE : VARIANT_FALSE;
    return S_OK;
}

static HRESULT WINAPI contact_QueryInterface(IMessengerContact *iface, REFIID riid, void **out)
{
    struct contact *contact = impl_from_IMessengerContact(iface);

    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);

    if (!out) return E_POINTER;
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IDispatch) ||
        IsEqualGUID(riid, &IID_IMessengerContact))
        *out = &contact->IMessengerContact_iface;
    else if (IsEqualGUID(riid, &IID_ISupportErrorInfo))
        *out = &contact->errorinfo.ISupportErrorInfo_iface;
    else
    {
        WARN("Unsupported interface %s.\n", debugstr_guid(riid));
        *out = NULL;
        return E_NOINTERFACE;
    }
    IUnknown_AddRef((IUnknown *)*out);
    return S_OK;
}

static ULONG WINAPI contact_AddRef(IMessengerContact *iface)
{
    struct contact *contact = impl_from_IMessengerContact(iface);
    ULONG ref = InterlockedIncrement(&contact->ref);

    TRACE("%p, refcount %lu.\n", iface, ref);
    return ref;
}

static ULONG WINAPI contact_Release(IMessengerContact *iface)
{
    struct contact *contact = impl_from_IMessengerContact(iface);
    ULONG ref = InterlockedDecrement(&contact->ref);

    TRACE("%p, refcount %lu.\n", iface, ref);
    if (!ref)
    {
        SysFreeString(contact->signin);
        free(contact);
        unlock_module();
    }
    return ref;
}

static HRESULT WINAPI contact_GetTypeInfoCount(IMessengerContact *iface, UINT *count)
{
    TRACE("%p, %p.\n", iface, count);

    return dispatch_get_typeinfo_count(count);
}

static HRESULT WINAPI contact_GetTypeInfo(IMessengerContact *iface, UINT index, LCID lcid,
                                          ITypeInfo **typeinfo)
{
    TRACE("%p, %u, %#lx, %p.\n", iface, index, lcid, typeinfo);

    return dispatch_get_typeinfo(IMessengerContact_tid, index, typeinfo);
}

static HRESULT WINAPI contact_GetIDsOfNames(IMessengerContact *iface, REFIID riid, LPOLESTR *names,
                                            UINT count, LCID lcid, DISPID *ids)
{
    TRACE("%p, %s, %p, %u, %#lx, %p.\n", iface, debugstr_guid(riid), names, count, lcid, ids);

    return dispatch_get_ids(IMessengerContact_tid, riid, names, count, ids);
}

static HRESULT WINAPI contact_Invoke(IMessengerContact *iface, DISPID member, REFIID riid, LCID lcid,
                                     WORD flags, DISPPARAMS *params, VARIANT *result, EXCEPINFO *excepinfo,
                                     UINT *argerr)
{
    TRACE("%p, %ld, %s, %#lx, %#x, %p, %p, %p, %p.\n", iface, member, debugstr_guid(riid), lcid, flags,
          params, result, excepinfo, argerr);

    return dispatch_invoke(IMessengerContact_tid, iface, member, riid, flags, params, result, excepinfo,
                           argerr);
}

static HRESULT WINAPI contact_get_FriendlyName(IMessengerContact *iface, BSTR *name)
{
    struct contact *contact = impl_from_IMessengerContact(iface);

    TRACE("%p, %p.\n", iface, name);

    /* Not on any contact list: the friendly name is the sign-in name. */
    return return_string(contact->signin, name);
}

static HRESULT WINAPI contact_get_Status(IMessengerContact *iface, MISTATUS *status)
{
    TRACE("%p, %p.\n", iface, status);

    if (!status) return contact_error(E_INVALIDARG, IDS_NULL_OUT_POINTER);
    *status = MISTATUS_UNKNOWN;
    return S_OK;
}

static HRESULT WINAPI contact_get_SigninName(IMessengerContact *iface, BSTR *name)
{
    struct contact *contact = impl_from_IMessengerContact(iface);

    TRACE("%p, %p.\n", iface, name);

    return return_string(contact->signin, name);
}

static HRESULT WINAPI contact_get_ServiceName(IMessengerContact *iface, BSTR *name)
{
    TRACE("%p, %p.\n", iface, name);

    return return_string(service_name, name);
}

static HRESULT WINAPI contact_get_Blocked(IMessengerContact *iface, VARIANT_BOOL *blocked)
{
    TRACE("%p, %p.\n", iface, blocked);

    return return_bool(FALSE, blocked);
}

static HRESULT WINAPI contact_put_Blocked(IMessengerContact *iface, VARIANT_BOOL blocked)
{
    TRACE("%p, %#x.\n", iface, blocked);

    /* The documented S_FALSE for "already in the requested state". */
    if (!blocked) return S_FALSE;
    /* Blocking is a request to the service, which needs a signed-in user. */
    return contact_error(MSGR_E_NOT_LOGGED_ON, IDS_CONTACT_BLOCK_SIGNED_OUT);
}

static HRESULT WINAPI contact_get_CanPage(IMessengerContact *iface, VARIANT_BOOL *page)
{
    TRACE("%p, %p.\n", iface, page);

    return return_bool(FALSE, page);
}

static HRESULT WINAPI contact_get_PhoneNumber(IMessengerContact *iface, MPHONE_TYPE type, BSTR *number)
{
    TRACE("%p, %d, %p.\n", iface, type, number);

    if (!number) return contact_error(E_INVALIDARG, IDS_NULL_OUT_POINTER);
    *number = NULL;
    if (type < MPHONE_TYPE_ALL || type > MPHONE_TYPE_CUSTOM)
        return contact_error(E_INVALIDARG, IDS_CONTACT_BAD_PHONE_TYPE);
    return contact_error(E_FAIL, IDS_CONTACT_NO_PHONE_NUMBER);
}

static HRESULT WINAPI contact_get_IsSelf(IMessengerContact *iface, VARIANT_BOOL *self)
{
    struct contact *contact = impl_from_IMessengerContact(iface);

    TRACE("%p, %p.\n", iface, self);

    return return_bool(contact->is_self, self);
}

static HRESULT WINAPI contact_get_Property(IMessengerContact *iface, MCONTACTPROPERTY property,
                                           VARIANT *value)
{
    TRACE("%p, %d, %p.\n", iface, property, value);

    if (!value) return contact_error(E_INVALIDARG, IDS_NULL_OUT_POINTER);
    VariantInit(value);
    /* "Reserved" (spec 6): the known properties exist and are empty. */
    if (property < MCONTACTPROP_GROUPS_PROPERTY || property > MCONTACTPROP_USERTILE_PATH)
        return contact_error(E_INVALIDARG, IDS_CONTACT_BAD_PROPERTY);
    return S_OK;
}

static HRESULT WINAPI contact_put_Property(IMessengerContact *iface, MCONTACTPROPERTY property, VARIANT value)
{
    TRACE("%p, %d, %s.\n", iface, property, debugstr_variant(&value));

    /* The documented answer to any write. */
    return contact_error(E_INVALIDARG, IDS_CONTACT_READ_ONLY);
}

static HRESULT WINAPI contact_get_ServiceId(IMessengerContact *iface, BSTR *id)
{
    TRACE("%p, %p.\n", iface, id);

    return return_string(service_id, id);
}

static const IMessengerContactVtbl contact_vtbl = {
    contact_QueryInterface, contact_AddRef,         contact_Release,         contact_GetTypeInfoCount,
    contact_GetTypeInfo,    contact_GetIDsOfNames,  contact_Invoke,          contact_get_FriendlyName,
    contact_get_Status,     contact_get_SigninName, contact_get_ServiceName, contact_get_Blocked,
    contact_put_Blocked,    contact_get_CanPage,    contact_get_PhoneNumber, contact_get_IsSelf,
    contact_get_Property,   contact_put_Property,   contact_get_ServiceId,
};

HRESULT contact_create(const char *signin, BOOL is_self, IDispatch **out)
{
    struct contact *contact;

    TRACE("%s, %d, %p.\n", signin, is_self, out);

    *out = NULL;
    /* The only caller is IMsgrSession::User, whose failure this is. */
    if (!(contact = calloc(1, sizeof(*contact))))
        return set_core_error(CORE_E_OUTOFMEMORY, &IID_IMsgrSession);
    if (!(contact->signin = bstr_from_utf8(signin)))
    {
        free(contact);
        return set_core_error(CORE_E_OUTOFMEMORY, &IID_IMsgrSession);
    }
    contact->IMessengerContact_iface.lpVtbl = &contact_vtbl;
    contact->ref = 1;
    contact->is_self = is_self;
    init_support_errorinfo(&contact->errorinfo, (IUnknown *)&contact->IMessengerContact_iface,
                           &IID_IMessengerContact);
    lock_module();

    *out = (IDispatch *)&contact->IMessengerContact_iface;
    return S_OK;
}

/* Why Invite found no usable name; the error is Invite's. */
static HRESULT invite_error(UINT description)
{
    return set_error(E_INVALIDARG, &IID_IMsgrSession, description);
}

/* The sign-in name as UTF-8, refusing what is not a name at all: an empty
 * string, one with an embedded NUL, or unpaired surrogates (which the
 * conversion would silently turn into U+FFFD).  The name's syntax is the
 * core's to check. */
static HRESULT signin_from_bstr(BSTR name, char **signin)
{
    UINT length = SysStringLen(name);
    int size;

    if (!length) return invite_error(IDS_INVITE_SIGNIN_EMPTY);
    if (wcslen(name) != length) return invite_error(IDS_INVITE_SIGNIN_NUL);
    if (!(size = WideCharToMultiByte(CP_UTF8, WC_ERR_INVALID_CHARS, name, length, NULL, 0, NULL, NULL)))
        return invite_error(IDS_INVITE_SIGNIN_NOT_UNICODE);
    if (!(*signin = malloc((size_t)size + 1))) return set_error(E_OUTOFMEMORY, &IID_IMsgrSession, 0);
    WideCharToMultiByte(CP_UTF8, WC_ERR_INVALID_CHARS, name, length, *signin, size, NULL, NULL);
    (*signin)[size] = 0;
    return S_OK;
}

/* The DISPID of SigninName: GetIDsOfNames, else IDispatchEx::GetDispID,
 * which is all that some script objects answer (Wine's VBScript class
 * instances give E_NOTIMPL from GetIDsOfNames).  *dispex is set when the
 * name came from there, so the property is read through InvokeEx. */
static HRESULT find_signin_name(IDispatch *user, DISPID *id, IDispatchEx **dispex)
{
    WCHAR *member = (WCHAR *)L"SigninName";
    HRESULT hr;
    BSTR name;

    *dispex = NULL;
    if (SUCCEEDED(hr = IDispatch_GetIDsOfNames(user, &IID_NULL, &member, 1, LOCALE_USER_DEFAULT, id)))
        return hr;
    TRACE("GetIDsOfNames(SigninName) hr %#lx.\n", hr);
    if (FAILED(IDispatch_QueryInterface(user, &IID_IDispatchEx, (void **)dispex))) return hr;
    if (!(name = SysAllocString(member)))
        hr = E_OUTOFMEMORY;
    else
        hr = IDispatchEx_GetDispID(*dispex, name, fdexNameCaseInsensitive, id);
    SysFreeString(name);
    if (FAILED(hr))
    {
        TRACE("GetDispID(SigninName) hr %#lx.\n", hr);
        IDispatchEx_Release(*dispex);
        *dispex = NULL;
    }
    return hr;
}

/* SigninName through late binding: a script object (a JScript object
 * literal, a VBScript class) or any other automation object. */
static HRESULT signin_late_bound(IDispatch *user, BSTR *name)
{
    DISPPARAMS params = {NULL, NULL, 0, 0};
    IDispatchEx *dispex;
    EXCEPINFO excepinfo;
    VARIANT result;
    DISPID id;
    HRESULT hr;

    *name = NULL;
    if (FAILED(hr = find_signin_name(user, &id, &dispex)))
    {
        WARN("No SigninName, hr %#lx.\n", hr);
        if (hr == E_OUTOFMEMORY) return set_error(hr, &IID_IMsgrSession, 0);
        return invite_error(IDS_INVITE_NOT_A_CONTACT);
    }
    VariantInit(&result);
    memset(&excepinfo, 0, sizeof(excepinfo));
    if (dispex)
    {
        hr = IDispatchEx_InvokeEx(dispex, id, LOCALE_USER_DEFAULT, DISPATCH_PROPERTYGET, &params, &result,
                                  &excepinfo, NULL);
        IDispatchEx_Release(dispex);
    }
    else
        hr = IDispatch_Invoke(user, id, &IID_NULL, LOCALE_USER_DEFAULT, DISPATCH_PROPERTYGET, &params,
                              &result, &excepinfo, NULL);
    SysFreeString(excepinfo.bstrSource);
    SysFreeString(excepinfo.bstrDescription);
    SysFreeString(excepinfo.bstrHelpFile);
    if (FAILED(hr))
    {
        WARN("Reading SigninName hr %#lx.\n", hr);
        VariantClear(&result);
        return invite_error(IDS_INVITE_SIGNIN_PROPERTY);
    }
    if (V_VT(&result) != VT_BSTR)
    {
        WARN("SigninName is %s.\n", debugstr_variant(&result));
        VariantClear(&result);
        return invite_error(IDS_INVITE_SIGNIN_NOT_A_STRING);
    }
    *name = V_BSTR(&result);
    return S_OK;
}

HRESULT contact_signin_from_dispatch(IDispatch *user, char **signin)
{
    IMessengerContact *contact;
    BSTR name = NULL;
    HRESULT hr;

    TRACE("%p, %p.\n", user, signin);

    *signin = NULL;
    if (!user) return invite_error(IDS_INVITE_NO_CONTACT);

    /* Spec 6: the contact interface first, through its vtable. */
    if (SUCCEEDED(IDispatch_QueryInterface(user, &IID_IMessengerContact, (void **)&contact)))
    {
        hr = IMessengerContact_get_SigninName(contact, &name);
        IMessengerContact_Release(contact);
        if (FAILED(hr))
        {
            /* Whatever it left in name is not ours to free. */
            WARN("get_SigninName hr %#lx.\n", hr);
            return invite_error(IDS_INVITE_SIGNIN_UNREADABLE);
        }
    }
    else if (FAILED(hr = signin_late_bound(user, &name)))
        return hr;

    hr = signin_from_bstr(name, signin);
    SysFreeString(name);
    return hr;
}
