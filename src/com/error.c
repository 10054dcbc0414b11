/*
 * Errors: the core status to HRESULT table, IErrorInfo, ISupportErrorInfo.
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

#include "msgsc_private.h"

/* The code a launch failure's CANCEL carries to a msgsc peer (core). */
_Static_assert(CORE_HR_LAUNCH_FAILED == (int32_t)SR_APPLICATION_LAUNCH_FAILED,
               "CORE_HR_LAUNCH_FAILED is not SR_APPLICATION_LAUNCH_FAILED");

/* The one table from core status to the HRESULT the documentation gives
 * (msgrpriv-api.md 1.7, 1.8, 2, 3 and Q2/Q7/Q16/Q17/Q20; docs/errors.md).
 * A switch without default: a new core status that is not mapped here is
 * a compile error. */
HRESULT hresult_from_core(enum core_status status)
{
    switch (status)
    {
    case CORE_OK: return S_OK;
    case CORE_S_FALSE: return S_FALSE;
    case CORE_E_INVALIDARG: return E_INVALIDARG;
    case CORE_E_OUTOFMEMORY: return E_OUTOFMEMORY;
    /* The property pages of this API document E_OUTOFMEMORY for "too long". */
    case CORE_E_TOO_LONG: return E_OUTOFMEMORY;
    case CORE_E_FAIL: return E_FAIL;
    case CORE_E_BAD_GUID: return E_INVALIDARG;
    case CORE_E_BAD_ADDRESS: return E_INVALIDARG;
    case CORE_E_BAD_SIGNIN: return E_INVALIDARG;
    case CORE_E_DATA_TOO_LONG: return E_INVALIDARG;
    case CORE_E_BAD_FLAGS: return E_INVALIDARG;
    case CORE_E_SESSION_NOT_READY: return SR_SESSION_NOT_READY;
    case CORE_E_APP_NOT_SPECIFIED: return SR_APP_NOT_SPECIFIED;
    case CORE_E_APP_NOT_REGISTERED: return SR_APP_NOT_REGISTERED;
    case CORE_E_APP_ALREADY_REGISTERED: return SR_APP_ALREADY_REGISTERED;
    case CORE_E_NOT_INVITEE: return SR_NOT_INVITEE;
    case CORE_E_NOT_INVITER: return SR_NOT_INVITER;
    case CORE_E_STATE_INVALID: return SR_SESSION_STATE_INVALID;
    case CORE_E_CONTEXT_DATA_OVER_LIMIT: return SR_CONTEXT_DATA_OVER_LIMIT;
    case CORE_E_NO_USER_INVITED: return SR_NO_USER_INVITED;
    case CORE_E_INVITED_SELF: return SR_INVITED_SELF;
    case CORE_E_NOT_LOGGED_ON: return MSGR_E_NOT_LOGGED_ON;
    case CORE_E_REGISTRY_WRITE: return REGDB_E_WRITEREGDB;
    /* GetLaunchingSession documents E_FAIL for "the session cannot be found". */
    case CORE_E_NOT_FOUND: return E_FAIL;
    case CORE_E_CANCELLED_LOCAL: return SR_SESSION_CANCELLED_LOCAL;
    case CORE_E_CANCELLED_REMOTE: return SR_SESSION_CANCELLED_REMOTE;
    case CORE_E_CANCEL_BEFORE_CONNECT: return SR_CANCEL_BEFORE_CONNECT;
    case CORE_E_DECLINED: return SR_INVITATION_DECLINED;
    case CORE_E_TIMEOUT: return SR_SESSION_TIMEOUT;
    case CORE_E_CONNECTION_FAILURE: return SR_CONNECTION_FAILURE;
    case CORE_E_DISCONNECTED: return MSGR_E_DISCONNECTED;
    case CORE_E_PROTOCOL_ERROR: return SR_SESSION_PROTOCOL_ERROR;
    case CORE_E_LAUNCH_FAILED: return SR_APPLICATION_LAUNCH_FAILED;
    case CORE_E_INVITATION_SEND_FAILURE: return SR_INVITATION_SEND_FAILURE;
    case CORE_E_ACCEPT_SEND_FAILURE: return SR_ACCEPT_SEND_FAILURE;
    case CORE_E_DECLINE_SEND_FAILURE: return SR_DECLINE_SEND_FAILURE;
    case CORE_E_CANCEL_SEND_FAILURE: return SR_CANCEL_SEND_FAILURE;
    case CORE_E_CONTEXT_DATA_SEND_FAILURE: return SR_CONTEXT_DATA_SEND_FAILURE;
    /* The peer's own code travels in the event (core_event.peer_hr); as a
     * method result there is nothing more specific than E_FAIL. */
    case CORE_E_PEER_HRESULT: return E_FAIL;
    case CORE_E_NOT_IMPLEMENTED: return E_NOTIMPL;
    }
    ERR("Unknown core status %d.\n", status);
    return E_FAIL;
}

/* IErrorInfo's Source is the ProgID of the object whose interface failed. */
static const WCHAR *error_source(const IID *iid)
{
    if (IsEqualGUID(iid, &IID_IMsgrSession)) return L"Messenger.MsgrSession";
    if (IsEqualGUID(iid, &IID_IMessengerContact)) return L"Messenger.Contact";
    return MANAGER_VI_PROGID; /* IMsgrSessionManager, IMsgrLock */
}

/* A description from the string table; FALSE when it has none. */
static BOOL load_text(UINT id, WCHAR *text, int size)
{
    return id && LoadStringW(msgsc_instance, id, text, size) > 0;
}

/* A description for an HRESULT given without one: the core's text when
 * the HRESULT is in the table (the first status mapping to it, which the
 * table's order makes the most general), else the system's, else generic. */
static void describe_hresult(HRESULT hr, WCHAR *text, DWORD size)
{
    static const enum core_status statuses[] = {
#define XX(name, value, text) CORE_##name,
        CORE_STATUS_MAP(XX)
#undef XX
    };
    unsigned int i;
    DWORD length;

    for (i = 0; i < ARRAY_SIZE(statuses); i++)
    {
        if (hresult_from_core(statuses[i]) == hr && load_text(IDS_STATUS(statuses[i]), text, size)) return;
    }
    length = FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, NULL, hr, 0, text,
                            size, NULL);
    /* System messages end with a line break that a script would print. */
    while (length && (text[length - 1] == '\n' || text[length - 1] == '\r' || text[length - 1] == ' '))
        text[--length] = 0;
    if (!length) swprintf(text, size, L"Error 0x%08lx.", hr);
}

HRESULT set_error(HRESULT hr, const IID *iid, UINT description)
{
    ICreateErrorInfo *create;
    IErrorInfo *info;
    WCHAR text[512];

    if (SUCCEEDED(hr)) return hr;

    if (!load_text(description, text, ARRAY_SIZE(text))) describe_hresult(hr, text, ARRAY_SIZE(text));
    TRACE("%#lx, %s, %s.\n", hr, debugstr_guid(iid), debugstr_w(text));

    /* Reporting is best effort: the HRESULT is the answer either way. */
    if (FAILED(CreateErrorInfo(&create))) return hr;
    ICreateErrorInfo_SetGUID(create, iid);
    ICreateErrorInfo_SetSource(create, (WCHAR *)error_source(iid));
    ICreateErrorInfo_SetDescription(create, text);
    if (SUCCEEDED(ICreateErrorInfo_QueryInterface(create, &IID_IErrorInfo, (void **)&info)))
    {
        SetErrorInfo(0, info);
        IErrorInfo_Release(info);
    }
    ICreateErrorInfo_Release(create);
    return hr;
}

HRESULT set_core_error(enum core_status status, const IID *iid)
{
    return set_error(hresult_from_core(status), iid, IDS_STATUS(status));
}

static inline struct support_errorinfo *impl_from_ISupportErrorInfo(ISupportErrorInfo *iface)
{
    return CONTAINING_RECORD(iface, struct support_errorinfo, ISupportErrorInfo_iface);
}

static HRESULT WINAPI support_errorinfo_QueryInterface(ISupportErrorInfo *iface, REFIID riid, void **out)
{
    struct support_errorinfo *support = impl_from_ISupportErrorInfo(iface);

    return IUnknown_QueryInterface(support->outer, riid, out);
}

static ULONG WINAPI support_errorinfo_AddRef(ISupportErrorInfo *iface)
{
    struct support_errorinfo *support = impl_from_ISupportErrorInfo(iface);

    return IUnknown_AddRef(support->outer);
}

static ULONG WINAPI support_errorinfo_Release(ISupportErrorInfo *iface)
{
    struct support_errorinfo *support = impl_from_ISupportErrorInfo(iface);

    return IUnknown_Release(support->outer);
}

static HRESULT WINAPI support_errorinfo_InterfaceSupportsErrorInfo(ISupportErrorInfo *iface, REFIID riid)
{
    struct support_errorinfo *support = impl_from_ISupportErrorInfo(iface);

    TRACE("%p, %s.\n", iface, debugstr_guid(riid));

    if (!riid) return S_FALSE;
    if (IsEqualGUID(riid, support->iid)) return S_OK;
    /* IMsgrLock lives on the manager (and, per spec Q14, is reachable from
     * a session) and reports its errors the same way. */
    if (IsEqualGUID(riid, &IID_IMsgrLock) &&
        (IsEqualGUID(support->iid, &IID_IMsgrSessionManager) || IsEqualGUID(support->iid, &IID_IMsgrSession)))
        return S_OK;
    return S_FALSE;
}

static const ISupportErrorInfoVtbl support_errorinfo_vtbl = {
    support_errorinfo_QueryInterface,
    support_errorinfo_AddRef,
    support_errorinfo_Release,
    support_errorinfo_InterfaceSupportsErrorInfo,
};

void init_support_errorinfo(struct support_errorinfo *support, IUnknown *outer, const IID *iid)
{
    support->ISupportErrorInfo_iface.lpVtbl = &support_errorinfo_vtbl;
    support->outer = outer;
    support->iid = iid;
}
