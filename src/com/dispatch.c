/*
 * Type information from the type libraries embedded in msgsc.dll, and IProvideClassInfo2.
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

/* The TYPELIB resources of this module (msgsc.rc): 1 = msgrpriv, 2 = msgrcontact,
 * 3 = msgscapps. */
enum typelib_index
{
    MSGRPRIV_LIB,
    MSGRCONTACT_LIB,
    MSGSCAPPS_LIB,
    LAST_LIB
};

static const struct
{
    const GUID *guid;
    enum typelib_index lib;
} tid_info[LAST_tid] = {
    [IMsgrSessionManager_tid] = {&IID_IMsgrSessionManager, MSGRPRIV_LIB},
    [IMsgrSession_tid] = {&IID_IMsgrSession, MSGRPRIV_LIB},
    [IMessengerContact_tid] = {&IID_IMessengerContact, MSGRCONTACT_LIB},
    [IMsgscApplications_tid] = {&IID_IMsgscApplications, MSGSCAPPS_LIB},
    [IMsgscApplication_tid] = {&IID_IMsgscApplication, MSGSCAPPS_LIB},
    [MsgrSessionManager_tid] = {&CLSID_MsgrSessionManager, MSGRPRIV_LIB},
    [MsgrSession_tid] = {&CLSID_MsgrSession, MSGRPRIV_LIB},
};

/* Filled lazily and lock-free: a thread that loses the race releases its copy. */
static ITypeLib *typelibs[LAST_LIB];
static ITypeInfo *typeinfos[LAST_tid];

static HRESULT load_typelib(enum typelib_index index, ITypeLib **out)
{
    WCHAR path[MAX_PATH + 16];
    ITypeLib *typelib;
    DWORD length;
    HRESULT hr;

    if ((*out = typelibs[index])) return S_OK;

    /* "<module path>\<resource id>" selects a TYPELIB resource of the module,
     * so late binding works with or without registration. */
    length = GetModuleFileNameW(msgsc_instance, path, MAX_PATH);
    if (!length || length >= MAX_PATH)
    {
        ERR("Module path unavailable or longer than MAX_PATH.\n");
        return E_FAIL;
    }
    swprintf(path + length, ARRAY_SIZE(path) - length, L"\\%u", index + 1);
    if (FAILED(hr = LoadTypeLibEx(path, REGKIND_NONE, &typelib)))
    {
        ERR("Loading type library %s failed, hr %#lx.\n", debugstr_w(path), hr);
        return hr;
    }
    if (InterlockedCompareExchangePointer((void **)&typelibs[index], typelib, NULL))
        ITypeLib_Release(typelib);
    *out = typelibs[index];
    return S_OK;
}

HRESULT get_typeinfo(tid_t tid, ITypeInfo **out)
{
    ITypeInfo *typeinfo;
    ITypeLib *typelib;
    HRESULT hr;

    if (!out) return E_POINTER;
    *out = NULL;
    if ((unsigned int)tid >= LAST_tid) return E_INVALIDARG;

    if (!typeinfos[tid])
    {
        if (FAILED(hr = load_typelib(tid_info[tid].lib, &typelib))) return hr;
        if (FAILED(hr = ITypeLib_GetTypeInfoOfGuid(typelib, tid_info[tid].guid, &typeinfo)))
        {
            ERR("No type info for %s, hr %#lx.\n", debugstr_guid(tid_info[tid].guid), hr);
            return hr;
        }
        if (InterlockedCompareExchangePointer((void **)&typeinfos[tid], typeinfo, NULL))
            ITypeInfo_Release(typeinfo);
    }
    *out = typeinfos[tid];
    ITypeInfo_AddRef(*out);
    return S_OK;
}

void release_typelibs(void)
{
    unsigned int i;

    for (i = 0; i < ARRAY_SIZE(typeinfos); i++)
    {
        if (typeinfos[i]) ITypeInfo_Release(typeinfos[i]);
        typeinfos[i] = NULL;
    }
    for (i = 0; i < ARRAY_SIZE(typelibs); i++)
    {
        if (typelibs[i]) ITypeLib_Release(typelibs[i]);
        typelibs[i] = NULL;
    }
}

static inline struct provideclassinfo *impl_from_IProvideClassInfo2(IProvideClassInfo2 *iface)
{
    return CONTAINING_RECORD(iface, struct provideclassinfo, IProvideClassInfo2_iface);
}

static HRESULT WINAPI provideclassinfo_QueryInterface(IProvideClassInfo2 *iface, REFIID riid, void **out)
{
    struct provideclassinfo *classinfo = impl_from_IProvideClassInfo2(iface);

    return IUnknown_QueryInterface(classinfo->outer, riid, out);
}

static ULONG WINAPI provideclassinfo_AddRef(IProvideClassInfo2 *iface)
{
    struct provideclassinfo *classinfo = impl_from_IProvideClassInfo2(iface);

    return IUnknown_AddRef(classinfo->outer);
}

static ULONG WINAPI provideclassinfo_Release(IProvideClassInfo2 *iface)
{
    struct provideclassinfo *classinfo = impl_from_IProvideClassInfo2(iface);

    return IUnknown_Release(classinfo->outer);
}

static HRESULT WINAPI provideclassinfo_GetClassInfo(IProvideClassInfo2 *iface, ITypeInfo **typeinfo)
{
    struct provideclassinfo *classinfo = impl_from_IProvideClassInfo2(iface);

    TRACE("%p, %p.\n", iface, typeinfo);

    if (!typeinfo) return E_POINTER;
    return get_typeinfo(classinfo->coclass_tid, typeinfo);
}

static HRESULT WINAPI provideclassinfo_GetGUID(IProvideClassInfo2 *iface, DWORD kind, GUID *guid)
{
    struct provideclassinfo *classinfo = impl_from_IProvideClassInfo2(iface);

    TRACE("%p, %lu, %p.\n", iface, kind, guid);

    if (!guid) return E_POINTER;
    if (kind != GUIDKIND_DEFAULT_SOURCE_DISP_IID)
    {
        WARN("Unsupported kind %lu.\n", kind);
        *guid = GUID_NULL;
        return E_INVALIDARG;
    }
    *guid = *classinfo->source_iid;
    return S_OK;
}

static const IProvideClassInfo2Vtbl provideclassinfo_vtbl = {
    provideclassinfo_QueryInterface, provideclassinfo_AddRef,  provideclassinfo_Release,
    provideclassinfo_GetClassInfo,   provideclassinfo_GetGUID,
};

void init_classinfo(struct provideclassinfo *classinfo, IUnknown *outer, tid_t coclass_tid,
                    const IID *source_iid)
{
    classinfo->IProvideClassInfo2_iface.lpVtbl = &provideclassinfo_vtbl;
    classinfo->outer = outer;
    classinfo->coclass_tid = coclass_tid;
    classinfo->source_iid = source_iid;
}
