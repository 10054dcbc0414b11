/*
 * Connection points (mshtml style): the container, its points, their enumerators, firing.
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

#include <string.h>

#include "msgsc_private.h"

/* One point per source interface, all in one array owned by the container.
 * Sinks are stored as the IDispatch they were queried for; a NULL slot is
 * free, and a cookie is its slot + 1. */
struct connection_point
{
    IConnectionPoint IConnectionPoint_iface;
    struct cp_container *container;
    const IID *iid;
    SRWLOCK lock; /* guards sinks and sinks_size; never held while calling out */
    IDispatch **sinks;
    unsigned int sinks_size;
};

/* Enough for any real client; bounds the array a buggy client can grow. */
#define MAX_SINKS 0x10000

static inline struct cp_container *impl_from_IConnectionPointContainer(IConnectionPointContainer *iface)
{
    return CONTAINING_RECORD(iface, struct cp_container, IConnectionPointContainer_iface);
}

static inline struct connection_point *impl_from_IConnectionPoint(IConnectionPoint *iface)
{
    return CONTAINING_RECORD(iface, struct connection_point, IConnectionPoint_iface);
}

static struct connection_point *find_point(struct cp_container *container, const IID *iid)
{
    unsigned int i;

    for (i = 0; i < container->count; i++)
        if (IsEqualGUID(container->points[i].iid, iid)) return &container->points[i];
    return NULL;
}

/* AddRef'd copies of the live sinks of a point; NULL with *count 0 if none. */
static IDispatch **snapshot_sinks(struct connection_point *point, unsigned int *count)
{
    IDispatch **sinks = NULL;
    unsigned int i, live = 0;

    AcquireSRWLockShared(&point->lock);
    for (i = 0; i < point->sinks_size; i++)
        if (point->sinks[i]) live++;
    if (live && (sinks = malloc(live * sizeof(*sinks))))
    {
        live = 0;
        for (i = 0; i < point->sinks_size; i++)
        {
            if (!point->sinks[i]) continue;
            sinks[live++] = point->sinks[i];
            IDispatch_AddRef(point->sinks[i]);
        }
    }
    ReleaseSRWLockShared(&point->lock);
    *count = sinks ? live : 0;
    return sinks;
}

static void release_sinks(IDispatch **sinks, unsigned int count)
{
    unsigned int i;

    for (i = 0; i < count; i++)
        IDispatch_Release(sinks[i]);
    free(sinks);
}

/* IEnumConnections over a snapshot taken when it was created; it holds the
 * owner so the point it came from stays valid. */
struct enum_connections
{
    IEnumConnections IEnumConnections_iface;
    LONG ref;
    IUnknown *outer;
    CONNECTDATA *data;
    unsigned int count;
    unsigned int position;
};

static inline struct enum_connections *impl_from_IEnumConnections(IEnumConnections *iface)
{
    return CONTAINING_RECORD(iface, struct enum_connections, IEnumConnections_iface);
}

static HRESULT WINAPI enum_connections_QueryInterface(IEnumConnections *iface, REFIID riid, void **out)
{
    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);

    if (!out) return E_POINTER;
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IEnumConnections))
    {
        *out = iface;
        IEnumConnections_AddRef(iface);
        return S_OK;
    }
    WARN("Unsupported interface %s.\n", debugstr_guid(riid));
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI enum_connections_AddRef(IEnumConnections *iface)
{
    struct enum_connections *enumerator = impl_from_IEnumConnections(iface);
    ULONG ref = InterlockedIncrement(&enumerator->ref);

    TRACE("%p, refcount %lu.\n", iface, ref);
    return ref;
}

static ULONG WINAPI enum_connections_Release(IEnumConnections *iface)
{
    struct enum_connections *enumerator = impl_from_IEnumConnections(iface);
    ULONG ref = InterlockedDecrement(&enumerator->ref);
    unsigned int i;

    TRACE("%p, refcount %lu.\n", iface, ref);
    if (!ref)
    {
        for (i = 0; i < enumerator->count; i++)
            IUnknown_Release(enumerator->data[i].pUnk);
        free(enumerator->data);
        IUnknown_Release(enumerator->outer);
        free(enumerator);
        unlock_module();
    }
    return ref;
}

static HRESULT WINAPI enum_connections_Next(IEnumConnections *iface, ULONG count, CONNECTDATA *data,
                                            ULONG *fetched)
{
    struct enum_connections *enumerator = impl_from_IEnumConnections(iface);
    ULONG i;

    TRACE("%p, %lu, %p, %p.\n", iface, count, data, fetched);

    if (!data || (count > 1 && !fetched)) return E_POINTER;
    for (i = 0; i < count && enumerator->position < enumerator->count; i++)
    {
        data[i] = enumerator->data[enumerator->position++];
        IUnknown_AddRef(data[i].pUnk);
    }
    if (fetched) *fetched = i;
    return i == count ? S_OK : S_FALSE;
}

static HRESULT WINAPI enum_connections_Skip(IEnumConnections *iface, ULONG count)
{
    struct enum_connections *enumerator = impl_from_IEnumConnections(iface);
    unsigned int left = enumerator->count - enumerator->position;

    TRACE("%p, %lu.\n", iface, count);

    if (count > left)
    {
        enumerator->position = enumerator->count;
        return S_FALSE;
    }
    enumerator->position += count;
    return S_OK;
}

static HRESULT WINAPI enum_connections_Reset(IEnumConnections *iface)
{
    struct enum_connections *enumerator = impl_from_IEnumConnections(iface);

    TRACE("%p.\n", iface);

    enumerator->position = 0;
    return S_OK;
}

static HRESULT create_enum_connections(IUnknown *outer, const CONNECTDATA *data, unsigned int count,
                                       unsigned int position, IEnumConnections **out);

static HRESULT WINAPI enum_connections_Clone(IEnumConnections *iface, IEnumConnections **out)
{
    struct enum_connections *enumerator = impl_from_IEnumConnections(iface);

    TRACE("%p, %p.\n", iface, out);

    if (!out) return E_POINTER;
    return create_enum_connections(enumerator->outer, enumerator->data, enumerator->count,
                                   enumerator->position, out);
}

static const IEnumConnectionsVtbl enum_connections_vtbl = {
    enum_connections_QueryInterface, enum_connections_AddRef, enum_connections_Release, enum_connections_Next,
    enum_connections_Skip,           enum_connections_Reset,  enum_connections_Clone,
};

/* Copies data (AddRef'ing every pUnk). */
static HRESULT create_enum_connections(IUnknown *outer, const CONNECTDATA *data, unsigned int count,
                                       unsigned int position, IEnumConnections **out)
{
    struct enum_connections *enumerator;
    unsigned int i;

    *out = NULL;
    if (!(enumerator = calloc(1, sizeof(*enumerator)))) return E_OUTOFMEMORY;
    if (count && !(enumerator->data = malloc(count * sizeof(*enumerator->data))))
    {
        free(enumerator);
        return E_OUTOFMEMORY;
    }
    enumerator->IEnumConnections_iface.lpVtbl = &enum_connections_vtbl;
    enumerator->ref = 1;
    enumerator->outer = outer;
    IUnknown_AddRef(outer);
    for (i = 0; i < count; i++)
    {
        enumerator->data[i] = data[i];
        IUnknown_AddRef(data[i].pUnk);
    }
    enumerator->count = count;
    enumerator->position = position;
    lock_module();
    *out = &enumerator->IEnumConnections_iface;
    return S_OK;
}

static HRESULT WINAPI connection_point_QueryInterface(IConnectionPoint *iface, REFIID riid, void **out)
{
    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);

    if (!out) return E_POINTER;
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IConnectionPoint))
    {
        *out = iface;
        IConnectionPoint_AddRef(iface);
        return S_OK;
    }
    WARN("Unsupported interface %s.\n", debugstr_guid(riid));
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI connection_point_AddRef(IConnectionPoint *iface)
{
    struct connection_point *point = impl_from_IConnectionPoint(iface);

    return IUnknown_AddRef(point->container->outer);
}

static ULONG WINAPI connection_point_Release(IConnectionPoint *iface)
{
    struct connection_point *point = impl_from_IConnectionPoint(iface);

    return IUnknown_Release(point->container->outer);
}

static HRESULT WINAPI connection_point_GetConnectionInterface(IConnectionPoint *iface, IID *iid)
{
    struct connection_point *point = impl_from_IConnectionPoint(iface);

    TRACE("%p, %p.\n", iface, iid);

    if (!iid) return E_POINTER;
    *iid = *point->iid;
    return S_OK;
}

static HRESULT WINAPI connection_point_GetConnectionPointContainer(IConnectionPoint *iface,
                                                                   IConnectionPointContainer **container)
{
    struct connection_point *point = impl_from_IConnectionPoint(iface);

    TRACE("%p, %p.\n", iface, container);

    if (!container) return E_POINTER;
    *container = &point->container->IConnectionPointContainer_iface;
    IConnectionPointContainer_AddRef(*container);
    return S_OK;
}

static HRESULT WINAPI connection_point_Advise(IConnectionPoint *iface, IUnknown *unk, DWORD *cookie)
{
    struct connection_point *point = impl_from_IConnectionPoint(iface);
    IDispatch *sink, **sinks;
    unsigned int i, size;

    TRACE("%p, %p, %p.\n", iface, unk, cookie);

    if (!cookie) return E_POINTER;
    *cookie = 0;
    if (!unk) return E_POINTER;
    /* Script sinks implement only IDispatch. */
    if (FAILED(IUnknown_QueryInterface(unk, point->iid, (void **)&sink)) &&
        FAILED(IUnknown_QueryInterface(unk, &IID_IDispatch, (void **)&sink)))
    {
        WARN("Sink %p implements neither %s nor IDispatch.\n", unk, debugstr_guid(point->iid));
        return CONNECT_E_CANNOTCONNECT;
    }

    AcquireSRWLockExclusive(&point->lock);
    for (i = 0; i < point->sinks_size; i++)
        if (!point->sinks[i]) break;
    if (i == point->sinks_size)
    {
        size = point->sinks_size ? point->sinks_size * 2 : 4;
        if (size > MAX_SINKS || !(sinks = realloc(point->sinks, size * sizeof(*sinks))))
        {
            ReleaseSRWLockExclusive(&point->lock);
            IDispatch_Release(sink);
            return E_OUTOFMEMORY;
        }
        memset(sinks + point->sinks_size, 0, (size - point->sinks_size) * sizeof(*sinks));
        point->sinks = sinks;
        point->sinks_size = size;
    }
    point->sinks[i] = sink;
    ReleaseSRWLockExclusive(&point->lock);

    *cookie = i + 1;
    if (point->container->advised) point->container->advised(point->container);
    return S_OK;
}

static HRESULT WINAPI connection_point_Unadvise(IConnectionPoint *iface, DWORD cookie)
{
    struct connection_point *point = impl_from_IConnectionPoint(iface);
    IDispatch *sink = NULL;

    TRACE("%p, %lu.\n", iface, cookie);

    AcquireSRWLockExclusive(&point->lock);
    if (cookie && cookie <= point->sinks_size)
    {
        sink = point->sinks[cookie - 1];
        point->sinks[cookie - 1] = NULL;
    }
    ReleaseSRWLockExclusive(&point->lock);

    if (!sink) return CONNECT_E_NOCONNECTION;
    /* Outside the lock: the sink's Release may call back into us. */
    IDispatch_Release(sink);
    return S_OK;
}

static HRESULT WINAPI connection_point_EnumConnections(IConnectionPoint *iface, IEnumConnections **out)
{
    struct connection_point *point = impl_from_IConnectionPoint(iface);
    CONNECTDATA *data = NULL;
    unsigned int i, count = 0;
    HRESULT hr = S_OK;

    TRACE("%p, %p.\n", iface, out);

    if (!out) return E_POINTER;
    *out = NULL;

    AcquireSRWLockShared(&point->lock);
    if (point->sinks_size && !(data = malloc(point->sinks_size * sizeof(*data)))) hr = E_OUTOFMEMORY;
    for (i = 0; data && i < point->sinks_size; i++)
    {
        if (!point->sinks[i]) continue;
        data[count].pUnk = (IUnknown *)point->sinks[i];
        data[count].dwCookie = i + 1;
        count++;
    }
    /* Copying AddRefs each sink, so do it before the lock is dropped. */
    if (SUCCEEDED(hr)) hr = create_enum_connections(point->container->outer, data, count, 0, out);
    ReleaseSRWLockShared(&point->lock);
    free(data);
    return hr;
}

static const IConnectionPointVtbl connection_point_vtbl = {
    connection_point_QueryInterface,
    connection_point_AddRef,
    connection_point_Release,
    connection_point_GetConnectionInterface,
    connection_point_GetConnectionPointContainer,
    connection_point_Advise,
    connection_point_Unadvise,
    connection_point_EnumConnections,
};

/* IEnumConnectionPoints over the container's fixed array of points. */
struct enum_points
{
    IEnumConnectionPoints IEnumConnectionPoints_iface;
    LONG ref;
    struct cp_container *container; /* kept alive through a reference on its outer */
    unsigned int position;
};

static inline struct enum_points *impl_from_IEnumConnectionPoints(IEnumConnectionPoints *iface)
{
    return CONTAINING_RECORD(iface, struct enum_points, IEnumConnectionPoints_iface);
}

static HRESULT WINAPI enum_points_QueryInterface(IEnumConnectionPoints *iface, REFIID riid, void **out)
{
    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);

    if (!out) return E_POINTER;
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IEnumConnectionPoints))
    {
        *out = iface;
        IEnumConnectionPoints_AddRef(iface);
        return S_OK;
    }
    WARN("Unsupported interface %s.\n", debugstr_guid(riid));
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI enum_points_AddRef(IEnumConnectionPoints *iface)
{
    struct enum_points *enumerator = impl_from_IEnumConnectionPoints(iface);
    ULONG ref = InterlockedIncrement(&enumerator->ref);

    TRACE("%p, refcount %lu.\n", iface, ref);
    return ref;
}

static ULONG WINAPI enum_points_Release(IEnumConnectionPoints *iface)
{
    struct enum_points *enumerator = impl_from_IEnumConnectionPoints(iface);
    ULONG ref = InterlockedDecrement(&enumerator->ref);

    TRACE("%p, refcount %lu.\n", iface, ref);
    if (!ref)
    {
        IUnknown_Release(enumerator->container->outer);
        free(enumerator);
        unlock_module();
    }
    return ref;
}

static HRESULT WINAPI enum_points_Next(IEnumConnectionPoints *iface, ULONG count, IConnectionPoint **points,
                                       ULONG *fetched)
{
    struct enum_points *enumerator = impl_from_IEnumConnectionPoints(iface);
    struct cp_container *container = enumerator->container;
    ULONG i;

    TRACE("%p, %lu, %p, %p.\n", iface, count, points, fetched);

    if (!points || (count > 1 && !fetched)) return E_POINTER;
    for (i = 0; i < count && enumerator->position < container->count; i++)
    {
        points[i] = &container->points[enumerator->position++].IConnectionPoint_iface;
        IConnectionPoint_AddRef(points[i]);
    }
    if (fetched) *fetched = i;
    return i == count ? S_OK : S_FALSE;
}

static HRESULT WINAPI enum_points_Skip(IEnumConnectionPoints *iface, ULONG count)
{
    struct enum_points *enumerator = impl_from_IEnumConnectionPoints(iface);
    unsigned int left = enumerator->container->count - enumerator->position;

    TRACE("%p, %lu.\n", iface, count);

    if (count > left)
    {
        enumerator->position = enumerator->container->count;
        return S_FALSE;
    }
    enumerator->position += count;
    return S_OK;
}

static HRESULT WINAPI enum_points_Reset(IEnumConnectionPoints *iface)
{
    struct enum_points *enumerator = impl_from_IEnumConnectionPoints(iface);

    TRACE("%p.\n", iface);

    enumerator->position = 0;
    return S_OK;
}

static HRESULT create_enum_points(struct cp_container *container, unsigned int position,
                                  IEnumConnectionPoints **out);

static HRESULT WINAPI enum_points_Clone(IEnumConnectionPoints *iface, IEnumConnectionPoints **out)
{
    struct enum_points *enumerator = impl_from_IEnumConnectionPoints(iface);

    TRACE("%p, %p.\n", iface, out);

    if (!out) return E_POINTER;
    return create_enum_points(enumerator->container, enumerator->position, out);
}

static const IEnumConnectionPointsVtbl enum_points_vtbl = {
    enum_points_QueryInterface, enum_points_AddRef, enum_points_Release, enum_points_Next,
    enum_points_Skip,           enum_points_Reset,  enum_points_Clone,
};

static HRESULT create_enum_points(struct cp_container *container, unsigned int position,
                                  IEnumConnectionPoints **out)
{
    struct enum_points *enumerator;

    *out = NULL;
    if (!(enumerator = calloc(1, sizeof(*enumerator)))) return E_OUTOFMEMORY;
    enumerator->IEnumConnectionPoints_iface.lpVtbl = &enum_points_vtbl;
    enumerator->ref = 1;
    enumerator->container = container;
    enumerator->position = position;
    IUnknown_AddRef(container->outer);
    lock_module();
    *out = &enumerator->IEnumConnectionPoints_iface;
    return S_OK;
}

static HRESULT WINAPI container_QueryInterface(IConnectionPointContainer *iface, REFIID riid, void **out)
{
    struct cp_container *container = impl_from_IConnectionPointContainer(iface);

    return IUnknown_QueryInterface(container->outer, riid, out);
}

static ULONG WINAPI container_AddRef(IConnectionPointContainer *iface)
{
    struct cp_container *container = impl_from_IConnectionPointContainer(iface);

    return IUnknown_AddRef(container->outer);
}

static ULONG WINAPI container_Release(IConnectionPointContainer *iface)
{
    struct cp_container *container = impl_from_IConnectionPointContainer(iface);

    return IUnknown_Release(container->outer);
}

static HRESULT WINAPI container_EnumConnectionPoints(IConnectionPointContainer *iface,
                                                     IEnumConnectionPoints **out)
{
    struct cp_container *container = impl_from_IConnectionPointContainer(iface);

    TRACE("%p, %p.\n", iface, out);

    if (!out) return E_POINTER;
    return create_enum_points(container, 0, out);
}

static HRESULT WINAPI container_FindConnectionPoint(IConnectionPointContainer *iface, REFIID riid,
                                                    IConnectionPoint **out)
{
    struct cp_container *container = impl_from_IConnectionPointContainer(iface);
    struct connection_point *point;

    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);

    if (!out) return E_POINTER;
    *out = NULL;
    if (!riid) return E_POINTER;
    if (!(point = find_point(container, riid)))
    {
        WARN("No connection point for %s.\n", debugstr_guid(riid));
        return CONNECT_E_NOCONNECTION;
    }
    *out = &point->IConnectionPoint_iface;
    IConnectionPoint_AddRef(*out);
    return S_OK;
}

static const IConnectionPointContainerVtbl container_vtbl = {
    container_QueryInterface,      container_AddRef, container_Release, container_EnumConnectionPoints,
    container_FindConnectionPoint,
};

HRESULT cp_container_init(struct cp_container *container, IUnknown *outer, const IID *const *iids)
{
    unsigned int i, count = 0;

    container->IConnectionPointContainer_iface.lpVtbl = &container_vtbl;
    container->outer = outer;
    container->points = NULL;
    container->count = 0;
    container->advised = NULL;

    while (iids[count])
        count++;
    if (count && !(container->points = calloc(count, sizeof(*container->points)))) return E_OUTOFMEMORY;
    for (i = 0; i < count; i++)
    {
        struct connection_point *point = &container->points[i];

        point->IConnectionPoint_iface.lpVtbl = &connection_point_vtbl;
        point->container = container;
        point->iid = iids[i];
        InitializeSRWLock(&point->lock);
    }
    container->count = count;
    return S_OK;
}

void cp_container_destroy(struct cp_container *container)
{
    unsigned int i, j;

    for (i = 0; i < container->count; i++)
    {
        struct connection_point *point = &container->points[i];

        for (j = 0; j < point->sinks_size; j++)
            if (point->sinks[j]) IDispatch_Release(point->sinks[j]);
        free(point->sinks);
    }
    free(container->points);
    container->points = NULL;
    container->count = 0;
    container->advised = NULL;
}

void cp_fire(struct cp_container *container, const IID *iid, DISPID id, VARIANT *args, unsigned int argc)
{
    struct connection_point *point;
    IUnknown *outer = container->outer;
    VARIANT *reversed = NULL, result;
    DISPPARAMS params = {0};
    EXCEPINFO excepinfo;
    unsigned int i, j, count;
    IDispatch **sinks;
    HRESULT hr;

    TRACE("%p, %s, %ld, %p, %u.\n", container, debugstr_guid(iid), id, args, argc);

    if (!(point = find_point(container, iid)))
    {
        ERR("No connection point for %s.\n", debugstr_guid(iid));
        return;
    }
    if (argc && !(reversed = malloc(argc * sizeof(*reversed))))
    {
        ERR("Out of memory; event %ld lost.\n", id);
        return;
    }

    /* A sink may Unadvise, or drop the last reference to the owner, from
     * inside the event: hold both until every sink has been called. */
    IUnknown_AddRef(outer);
    sinks = snapshot_sinks(point, &count);
    for (i = 0; i < count; i++)
    {
        /* DISPPARAMS wants the last argument first; rebuilt for every sink
         * because a sink must not but might modify them. The copies are
         * shallow, so by-reference arguments reach the caller's storage. */
        for (j = 0; j < argc; j++)
            reversed[j] = args[argc - 1 - j];
        params.rgvarg = reversed;
        params.cArgs = argc;
        VariantInit(&result);
        memset(&excepinfo, 0, sizeof(excepinfo));
        hr = IDispatch_Invoke(sinks[i], id, &IID_NULL, LOCALE_USER_DEFAULT, DISPATCH_METHOD, &params, &result,
                              &excepinfo, NULL);
        if (FAILED(hr)) WARN("Sink %p failed event %ld, hr %#lx.\n", sinks[i], id, hr);
        VariantClear(&result);
        SysFreeString(excepinfo.bstrSource);
        SysFreeString(excepinfo.bstrDescription);
        SysFreeString(excepinfo.bstrHelpFile);
    }
    release_sinks(sinks, count);
    free(reversed);
    IUnknown_Release(outer);
}
