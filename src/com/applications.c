/*
 * IMsgrSessionManager::Applications: a read-only collection of the registered applications.
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
 * The original left this property unimplemented (spec 2.1).  Here it is a
 * collection in the usual automation shape, from msgsc's own type library
 * (idl/msgscapps.idl): Count, Item (the default member; a 0-based index or
 * a GUID string) and _NewEnum, whose items are application objects with
 * GUID (their default member), Name, URL and Path.
 *
 * Reading the property takes a snapshot of the Apps key (spec 4.1), in GUID
 * order; the snapshot never changes, so Count and the enumerators agree
 * while applications come and go.  Read the property again to see changes.
 * The collection, its items and its enumerators share the snapshot by
 * reference counting; each of them is a live object of the module.
 */

#include <limits.h>

#include "msgsc_private.h"

struct app_entry
{
    BSTR guid;
    BSTR name;
    BSTR url;
    BSTR path;
};

/* Immutable once built, so it needs no lock. */
struct app_list
{
    LONG ref;
    unsigned int count;
    struct app_entry entries[];
};

static void app_list_addref(struct app_list *list)
{
    InterlockedIncrement(&list->ref);
}

static void app_list_release(struct app_list *list)
{
    unsigned int i;

    if (InterlockedDecrement(&list->ref)) return;
    for (i = 0; i < list->count; i++)
    {
        SysFreeString(list->entries[i].guid);
        SysFreeString(list->entries[i].name);
        SysFreeString(list->entries[i].url);
        SysFreeString(list->entries[i].path);
    }
    free(list);
}

/* Reads every registered application.  One unregistered between the
 * listing and its lookup is left out. */
static enum core_status app_list_create(struct app_list **out)
{
    enum core_status status;
    struct app_list *list;
    size_t count, i;
    char **guids;

    *out = NULL;
    if ((status = appstore_list(&guids, &count)) < 0) return status;
    if (count > INT_MAX || !(list = calloc(1, sizeof(*list) + count * sizeof(list->entries[0]))))
    {
        appstore_free_list(guids, count);
        return CORE_E_OUTOFMEMORY;
    }
    list->ref = 1;
    for (i = 0; i < count && status >= 0; i++)
    {
        struct app_entry *entry = &list->entries[list->count];
        struct core_app_info info;

        if ((status = appstore_lookup(guids[i], &info)) == CORE_E_APP_NOT_REGISTERED)
        {
            status = CORE_OK;
            continue;
        }
        if (status < 0) break;
        list->count++;
        if (!(entry->guid = bstr_from_utf8(guids[i])) || !(entry->name = bstr_from_utf8(info.name)) ||
            !(entry->url = bstr_from_utf8(info.url)) || !(entry->path = bstr_from_utf8(info.path)))
            status = CORE_E_OUTOFMEMORY;
        core_app_info_clear(&info);
    }
    appstore_free_list(guids, count);
    if (status < 0)
    {
        app_list_release(list);
        return status;
    }
    *out = list;
    return CORE_OK;
}

static HRESULT applications_error(HRESULT hr, UINT description)
{
    return set_error(hr, &IID_IMsgscApplications, description);
}

/* --- one application ------------------------------------------------------ */

struct application
{
    IMsgscApplication IMsgscApplication_iface;
    struct support_errorinfo errorinfo;
    LONG ref;
    struct app_list *list;
    const struct app_entry *entry; /* in list */
};

static inline struct application *impl_from_IMsgscApplication(IMsgscApplication *iface)
{
    return CONTAINING_RECORD(iface, struct application, IMsgscApplication_iface);
}

static HRESULT WINAPI application_QueryInterface(IMsgscApplication *iface, REFIID riid, void **out)
{
    struct application *application = impl_from_IMsgscApplication(iface);

    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);

    if (!out) return E_POINTER;
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IDispatch) ||
        IsEqualGUID(riid, &IID_IMsgscApplication))
        *out = &application->IMsgscApplication_iface;
    else if (IsEqualGUID(riid, &IID_ISupportErrorInfo))
        *out = &application->errorinfo.ISupportErrorInfo_iface;
    else
    {
        WARN("Unsupported interface %s.\n", debugstr_guid(riid));
        *out = NULL;
        return E_NOINTERFACE;
    }
    IUnknown_AddRef((IUnknown *)*out);
    return S_OK;
}

static ULONG WINAPI application_AddRef(IMsgscApplication *iface)
{
    struct application *application = impl_from_IMsgscApplication(iface);
    ULONG ref = InterlockedIncrement(&application->ref);

    TRACE("%p, refcount %lu.\n", iface, ref);
    return ref;
}

static ULONG WINAPI application_Release(IMsgscApplication *iface)
{
    struct application *application = impl_from_IMsgscApplication(iface);
    ULONG ref = InterlockedDecrement(&application->ref);

    TRACE("%p, refcount %lu.\n", iface, ref);
    if (!ref)
    {
        app_list_release(application->list);
        free(application);
        unlock_module();
    }
    return ref;
}

static HRESULT WINAPI application_GetTypeInfoCount(IMsgscApplication *iface, UINT *count)
{
    TRACE("%p, %p.\n", iface, count);

    return dispatch_get_typeinfo_count(count);
}

static HRESULT WINAPI application_GetTypeInfo(IMsgscApplication *iface, UINT index, LCID lcid,
                                              ITypeInfo **typeinfo)
{
    TRACE("%p, %u, %#lx, %p.\n", iface, index, lcid, typeinfo);

    return dispatch_get_typeinfo(IMsgscApplication_tid, index, typeinfo);
}

static HRESULT WINAPI application_GetIDsOfNames(IMsgscApplication *iface, REFIID riid, LPOLESTR *names,
                                                UINT count, LCID lcid, DISPID *ids)
{
    TRACE("%p, %s, %p, %u, %#lx, %p.\n", iface, debugstr_guid(riid), names, count, lcid, ids);

    return dispatch_get_ids(IMsgscApplication_tid, riid, names, count, ids);
}

static HRESULT WINAPI application_Invoke(IMsgscApplication *iface, DISPID member, REFIID riid, LCID lcid,
                                         WORD flags, DISPPARAMS *params, VARIANT *result,
                                         EXCEPINFO *excepinfo, UINT *argerr)
{
    TRACE("%p, %ld, %s, %#lx, %#x, %p, %p, %p, %p.\n", iface, member, debugstr_guid(riid), lcid, flags,
          params, result, excepinfo, argerr);

    return dispatch_invoke(IMsgscApplication_tid, iface, member, riid, flags, params, result, excepinfo,
                           argerr);
}

static HRESULT copy_string(BSTR value, BSTR *out)
{
    if (!out) return set_error(E_INVALIDARG, &IID_IMsgscApplication, IDS_NULL_OUT_POINTER);
    if (!(*out = SysAllocStringLen(value, SysStringLen(value))))
        return set_error(E_OUTOFMEMORY, &IID_IMsgscApplication, 0);
    return S_OK;
}

static HRESULT WINAPI application_get_GUID(IMsgscApplication *iface, BSTR *guid)
{
    TRACE("%p, %p.\n", iface, guid);

    return copy_string(impl_from_IMsgscApplication(iface)->entry->guid, guid);
}

static HRESULT WINAPI application_get_Name(IMsgscApplication *iface, BSTR *name)
{
    TRACE("%p, %p.\n", iface, name);

    return copy_string(impl_from_IMsgscApplication(iface)->entry->name, name);
}

static HRESULT WINAPI application_get_URL(IMsgscApplication *iface, BSTR *url)
{
    TRACE("%p, %p.\n", iface, url);

    return copy_string(impl_from_IMsgscApplication(iface)->entry->url, url);
}

static HRESULT WINAPI application_get_Path(IMsgscApplication *iface, BSTR *path)
{
    TRACE("%p, %p.\n", iface, path);

    return copy_string(impl_from_IMsgscApplication(iface)->entry->path, path);
}

static const IMsgscApplicationVtbl application_vtbl = {
    application_QueryInterface, application_AddRef,        application_Release,  application_GetTypeInfoCount,
    application_GetTypeInfo,    application_GetIDsOfNames, application_Invoke,   application_get_GUID,
    application_get_Name,       application_get_URL,       application_get_Path,
};

/* The application at index of list, as an IDispatch. */
static HRESULT application_create(struct app_list *list, unsigned int index, IDispatch **out)
{
    struct application *application;

    *out = NULL;
    if (!(application = calloc(1, sizeof(*application)))) return E_OUTOFMEMORY;
    application->IMsgscApplication_iface.lpVtbl = &application_vtbl;
    application->ref = 1;
    application->list = list;
    app_list_addref(list);
    application->entry = &list->entries[index];
    init_support_errorinfo(&application->errorinfo, (IUnknown *)&application->IMsgscApplication_iface,
                           &IID_IMsgscApplication);
    lock_module();

    *out = (IDispatch *)&application->IMsgscApplication_iface;
    return S_OK;
}

/* --- the enumerator --------------------------------------------------------- */

struct app_enum
{
    IEnumVARIANT IEnumVARIANT_iface;
    LONG ref;
    struct app_list *list;
    ULONG position;
};

static inline struct app_enum *impl_from_IEnumVARIANT(IEnumVARIANT *iface)
{
    return CONTAINING_RECORD(iface, struct app_enum, IEnumVARIANT_iface);
}

static HRESULT app_enum_create(struct app_list *list, ULONG position, IEnumVARIANT **out);

static HRESULT WINAPI app_enum_QueryInterface(IEnumVARIANT *iface, REFIID riid, void **out)
{
    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);

    if (!out) return E_POINTER;
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IEnumVARIANT))
    {
        *out = iface;
        IEnumVARIANT_AddRef(iface);
        return S_OK;
    }
    WARN("Unsupported interface %s.\n", debugstr_guid(riid));
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI app_enum_AddRef(IEnumVARIANT *iface)
{
    struct app_enum *enumerator = impl_from_IEnumVARIANT(iface);
    ULONG ref = InterlockedIncrement(&enumerator->ref);

    TRACE("%p, refcount %lu.\n", iface, ref);
    return ref;
}

static ULONG WINAPI app_enum_Release(IEnumVARIANT *iface)
{
    struct app_enum *enumerator = impl_from_IEnumVARIANT(iface);
    ULONG ref = InterlockedDecrement(&enumerator->ref);

    TRACE("%p, refcount %lu.\n", iface, ref);
    if (!ref)
    {
        app_list_release(enumerator->list);
        free(enumerator);
        unlock_module();
    }
    return ref;
}

static HRESULT WINAPI app_enum_Next(IEnumVARIANT *iface, ULONG count, VARIANT *items, ULONG *fetched)
{
    struct app_enum *enumerator = impl_from_IEnumVARIANT(iface);
    ULONG done = 0;
    HRESULT hr;

    TRACE("%p, %lu, %p, %p.\n", iface, count, items, fetched);

    if (fetched) *fetched = 0;
    if (!items) return E_POINTER;
    /* IEnumXXXX rules: the count may be left out only for one item. */
    if (!fetched && count != 1) return E_INVALIDARG;

    while (done < count && enumerator->position < enumerator->list->count)
    {
        VariantInit(&items[done]);
        if (FAILED(hr =
                       application_create(enumerator->list, enumerator->position, &V_DISPATCH(&items[done]))))
        {
            while (done)
                VariantClear(&items[--done]);
            return hr;
        }
        V_VT(&items[done]) = VT_DISPATCH;
        enumerator->position++;
        done++;
    }
    if (fetched) *fetched = done;
    return done == count ? S_OK : S_FALSE;
}

static HRESULT WINAPI app_enum_Skip(IEnumVARIANT *iface, ULONG count)
{
    struct app_enum *enumerator = impl_from_IEnumVARIANT(iface);
    ULONG left = enumerator->list->count - enumerator->position;

    TRACE("%p, %lu.\n", iface, count);

    if (count > left)
    {
        enumerator->position = enumerator->list->count;
        return S_FALSE;
    }
    enumerator->position += count;
    return S_OK;
}

static HRESULT WINAPI app_enum_Reset(IEnumVARIANT *iface)
{
    struct app_enum *enumerator = impl_from_IEnumVARIANT(iface);

    TRACE("%p.\n", iface);

    enumerator->position = 0;
    return S_OK;
}

static HRESULT WINAPI app_enum_Clone(IEnumVARIANT *iface, IEnumVARIANT **out)
{
    struct app_enum *enumerator = impl_from_IEnumVARIANT(iface);

    TRACE("%p, %p.\n", iface, out);

    if (!out) return E_POINTER;
    return app_enum_create(enumerator->list, enumerator->position, out);
}

static const IEnumVARIANTVtbl app_enum_vtbl = {
    app_enum_QueryInterface, app_enum_AddRef, app_enum_Release, app_enum_Next,
    app_enum_Skip,           app_enum_Reset,  app_enum_Clone,
};

static HRESULT app_enum_create(struct app_list *list, ULONG position, IEnumVARIANT **out)
{
    struct app_enum *enumerator;

    *out = NULL;
    if (!(enumerator = calloc(1, sizeof(*enumerator)))) return E_OUTOFMEMORY;
    enumerator->IEnumVARIANT_iface.lpVtbl = &app_enum_vtbl;
    enumerator->ref = 1;
    enumerator->list = list;
    app_list_addref(list);
    enumerator->position = position;
    lock_module();

    *out = &enumerator->IEnumVARIANT_iface;
    return S_OK;
}

/* --- the collection ----------------------------------------------------------- */

struct applications
{
    IMsgscApplications IMsgscApplications_iface;
    struct support_errorinfo errorinfo;
    LONG ref;
    struct app_list *list;
};

static inline struct applications *impl_from_IMsgscApplications(IMsgscApplications *iface)
{
    return CONTAINING_RECORD(iface, struct applications, IMsgscApplications_iface);
}

static HRESULT WINAPI applications_QueryInterface(IMsgscApplications *iface, REFIID riid, void **out)
{
    struct applications *applications = impl_from_IMsgscApplications(iface);

    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);

    if (!out) return E_POINTER;
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IDispatch) ||
        IsEqualGUID(riid, &IID_IMsgscApplications))
        *out = &applications->IMsgscApplications_iface;
    else if (IsEqualGUID(riid, &IID_ISupportErrorInfo))
        *out = &applications->errorinfo.ISupportErrorInfo_iface;
    else
    {
        WARN("Unsupported interface %s.\n", debugstr_guid(riid));
        *out = NULL;
        return E_NOINTERFACE;
    }
    IUnknown_AddRef((IUnknown *)*out);
    return S_OK;
}

static ULONG WINAPI applications_AddRef(IMsgscApplications *iface)
{
    struct applications *applications = impl_from_IMsgscApplications(iface);
    ULONG ref = InterlockedIncrement(&applications->ref);

    TRACE("%p, refcount %lu.\n", iface, ref);
    return ref;
}

static ULONG WINAPI applications_Release(IMsgscApplications *iface)
{
    struct applications *applications = impl_from_IMsgscApplications(iface);
    ULONG ref = InterlockedDecrement(&applications->ref);

    TRACE("%p, refcount %lu.\n", iface, ref);
    if (!ref)
    {
        app_list_release(applications->list);
        free(applications);
        unlock_module();
    }
    return ref;
}

static HRESULT WINAPI applications_GetTypeInfoCount(IMsgscApplications *iface, UINT *count)
{
    TRACE("%p, %p.\n", iface, count);

    return dispatch_get_typeinfo_count(count);
}

static HRESULT WINAPI applications_GetTypeInfo(IMsgscApplications *iface, UINT index, LCID lcid,
                                               ITypeInfo **typeinfo)
{
    TRACE("%p, %u, %#lx, %p.\n", iface, index, lcid, typeinfo);

    return dispatch_get_typeinfo(IMsgscApplications_tid, index, typeinfo);
}

static HRESULT WINAPI applications_GetIDsOfNames(IMsgscApplications *iface, REFIID riid, LPOLESTR *names,
                                                 UINT count, LCID lcid, DISPID *ids)
{
    TRACE("%p, %s, %p, %u, %#lx, %p.\n", iface, debugstr_guid(riid), names, count, lcid, ids);

    return dispatch_get_ids(IMsgscApplications_tid, riid, names, count, ids);
}

static HRESULT WINAPI applications_Invoke(IMsgscApplications *iface, DISPID member, REFIID riid, LCID lcid,
                                          WORD flags, DISPPARAMS *params, VARIANT *result,
                                          EXCEPINFO *excepinfo, UINT *argerr)
{
    TRACE("%p, %ld, %s, %#lx, %#x, %p, %p, %p, %p.\n", iface, member, debugstr_guid(riid), lcid, flags,
          params, result, excepinfo, argerr);

    /* Enumerating callers ask for _NewEnum as a method (JScript's
     * Enumerator does) or as a property (VBScript's For Each); the type
     * information knows it as a property only. */
    if (member == DISPID_NEWENUM && (flags & DISPATCH_METHOD)) flags = DISPATCH_PROPERTYGET;
    return dispatch_invoke(IMsgscApplications_tid, iface, member, riid, flags, params, result, excepinfo,
                           argerr);
}

static HRESULT WINAPI applications_get_Count(IMsgscApplications *iface, LONG *count)
{
    struct applications *applications = impl_from_IMsgscApplications(iface);

    TRACE("%p, %p.\n", iface, count);

    if (!count) return applications_error(E_INVALIDARG, IDS_NULL_OUT_POINTER);
    *count = applications->list->count;
    return S_OK;
}

/* The entry that index names: a 0-based number, or a GUID string in any
 * case, with braces. */
static HRESULT find_entry(struct app_list *list, VARIANT *index, unsigned int *found)
{
    char *text, normalized[CORE_GUID_CHARS + 1];
    enum core_status status;
    VARIANT value, number;
    unsigned int i;
    HRESULT hr;

    VariantInit(&value);
    /* Scripts may pass their variables by reference. */
    if (FAILED(hr = VariantCopyInd(&value, index))) return applications_error(hr, 0);

    if (V_VT(&value) == VT_BSTR)
    {
        text = utf8_from_bstr(V_BSTR(&value));
        VariantClear(&value);
        if (!text) return applications_error(E_OUTOFMEMORY, 0);
        status = core_guid_normalize(text, normalized);
        free(text);
        if (status < 0) return applications_error(E_INVALIDARG, IDS_APPS_BAD_INDEX);
        for (i = 0; i < list->count; i++)
        {
            text = utf8_from_bstr(list->entries[i].guid);
            if (!text) return applications_error(E_OUTOFMEMORY, 0);
            status = strcmp(text, normalized) ? CORE_E_NOT_FOUND : CORE_OK;
            free(text);
            if (status == CORE_OK)
            {
                *found = i;
                return S_OK;
            }
        }
        return set_core_error(CORE_E_APP_NOT_REGISTERED, &IID_IMsgscApplications);
    }

    VariantInit(&number);
    hr = V_VT(&value) == VT_EMPTY || V_VT(&value) == VT_NULL ? DISP_E_TYPEMISMATCH
                                                             : VariantChangeType(&number, &value, 0, VT_I4);
    VariantClear(&value);
    if (FAILED(hr)) return applications_error(E_INVALIDARG, IDS_APPS_BAD_INDEX);
    if (V_I4(&number) < 0 || (ULONG)V_I4(&number) >= list->count)
        return applications_error(DISP_E_BADINDEX, IDS_APPS_INDEX_OUT_OF_RANGE);
    *found = V_I4(&number);
    return S_OK;
}

static HRESULT WINAPI applications_get_Item(IMsgscApplications *iface, VARIANT index, IDispatch **application)
{
    struct applications *applications = impl_from_IMsgscApplications(iface);
    unsigned int found = 0;
    HRESULT hr;

    TRACE("%p, %s, %p.\n", iface, debugstr_variant(&index), application);

    if (!application) return applications_error(E_INVALIDARG, IDS_NULL_OUT_POINTER);
    *application = NULL;
    if (FAILED(hr = find_entry(applications->list, &index, &found))) return hr;
    if (FAILED(hr = application_create(applications->list, found, application)))
        return applications_error(hr, 0);
    return S_OK;
}

static HRESULT WINAPI applications_get__NewEnum(IMsgscApplications *iface, IUnknown **enumerator)
{
    struct applications *applications = impl_from_IMsgscApplications(iface);
    HRESULT hr;

    TRACE("%p, %p.\n", iface, enumerator);

    if (!enumerator) return applications_error(E_INVALIDARG, IDS_NULL_OUT_POINTER);
    if (FAILED(hr = app_enum_create(applications->list, 0, (IEnumVARIANT **)enumerator)))
        return applications_error(hr, 0);
    return S_OK;
}

static const IMsgscApplicationsVtbl applications_vtbl = {
    applications_QueryInterface,   applications_AddRef,      applications_Release,
    applications_GetTypeInfoCount, applications_GetTypeInfo, applications_GetIDsOfNames,
    applications_Invoke,           applications_get_Count,   applications_get_Item,
    applications_get__NewEnum,
};

HRESULT applications_create(IDispatch **out)
{
    struct applications *applications;
    enum core_status status;
    struct app_list *list;

    TRACE("%p.\n", out);

    /* Failures are the manager's: its Applications property is the call. */
    *out = NULL;
    if ((status = app_list_create(&list)) < 0) return set_core_error(status, &IID_IMsgrSessionManager);
    if (!(applications = calloc(1, sizeof(*applications))))
    {
        app_list_release(list);
        return set_core_error(CORE_E_OUTOFMEMORY, &IID_IMsgrSessionManager);
    }
    applications->IMsgscApplications_iface.lpVtbl = &applications_vtbl;
    applications->ref = 1;
    applications->list = list;
    init_support_errorinfo(&applications->errorinfo, (IUnknown *)&applications->IMsgscApplications_iface,
                           &IID_IMsgscApplications);
    lock_module();

    *out = (IDispatch *)&applications->IMsgscApplications_iface;
    return S_OK;
}
