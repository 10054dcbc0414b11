/*
 * IDispatch for dual interfaces, driven by the embedded type information.
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

HRESULT dispatch_get_typeinfo_count(UINT *count)
{
    if (!count) return E_INVALIDARG;
    *count = 1;
    return S_OK;
}

HRESULT dispatch_get_typeinfo(tid_t tid, UINT index, ITypeInfo **typeinfo)
{
    if (!typeinfo) return E_INVALIDARG;
    *typeinfo = NULL;
    if (index) return DISP_E_BADINDEX;
    return get_typeinfo(tid, typeinfo);
}

HRESULT dispatch_get_ids(tid_t tid, REFIID riid, LPOLESTR *names, UINT count, DISPID *ids)
{
    ITypeInfo *typeinfo;
    HRESULT hr;

    if (!riid || !IsEqualGUID(riid, &IID_NULL)) return DISP_E_UNKNOWNINTERFACE;
    if (!names || !ids) return E_INVALIDARG;
    if (FAILED(hr = get_typeinfo(tid, &typeinfo))) return hr;
    hr = ITypeInfo_GetIDsOfNames(typeinfo, names, count, ids);
    ITypeInfo_Release(typeinfo);
    return hr;
}

HRESULT dispatch_invoke(tid_t tid, void *iface, DISPID member, REFIID riid, WORD flags, DISPPARAMS *params,
                        VARIANT *result, EXCEPINFO *excepinfo, UINT *argerr)
{
    ITypeInfo *typeinfo;
    HRESULT hr;

    if (!riid || !IsEqualGUID(riid, &IID_NULL)) return DISP_E_UNKNOWNINTERFACE;
    if (FAILED(hr = get_typeinfo(tid, &typeinfo))) return hr;
    /* On a failing HRESULT oleaut32 fills excepinfo from our IErrorInfo and
     * answers DISP_E_EXCEPTION, which is how scripts see Err.Description. */
    hr = ITypeInfo_Invoke(typeinfo, iface, member, flags, params, result, excepinfo, argerr);
    ITypeInfo_Release(typeinfo);
    return hr;
}
