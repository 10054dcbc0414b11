/*
 * msgsc.dll module plumbing: DllMain, class factories, DllGetClassObject, DllCanUnloadNow, BrokerMain.
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
#include "broker/broker.h"

/* Sessions come only from CreateSession and incoming invitations (spec
 * Q15): the MsgrSession factory exists, so the CLSID resolves, but refuses. */
static HRESULT session_factory_create(IUnknown *outer, REFIID riid, void **out)
{
    (void)outer;
    (void)riid;
    *out = NULL;
    return CLASS_E_CLASSNOTAVAILABLE;
}

struct class_factory
{
    IClassFactory IClassFactory_iface;
    HRESULT (*create)(IUnknown *outer, REFIID riid, void **out);
};

static inline struct class_factory *impl_from_IClassFactory(IClassFactory *iface)
{
    return CONTAINING_RECORD(iface, struct class_factory, IClassFactory_iface);
}

static HRESULT WINAPI class_factory_QueryInterface(IClassFactory *iface, REFIID riid, void **out)
{
    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);

    if (!out) return E_POINTER;
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IClassFactory))
    {
        *out = iface;
        IClassFactory_AddRef(iface);
        return S_OK;
    }
    WARN("Unsupported interface %s.\n", debugstr_guid(riid));
    *out = NULL;
    return E_NOINTERFACE;
}

/* The factories are static objects; they count as module locks while
 * referenced, so DllCanUnloadNow waits for them. */
static ULONG WINAPI class_factory_AddRef(IClassFactory *iface)
{
    (void)iface;
    lock_module();
    return 2;
}

static ULONG WINAPI class_factory_Release(IClassFactory *iface)
{
    (void)iface;
    unlock_module();
    return 1;
}

static HRESULT WINAPI class_factory_CreateInstance(IClassFactory *iface, IUnknown *outer, REFIID riid,
                                                   void **out)
{
    struct class_factory *factory = impl_from_IClassFactory(iface);

    TRACE("%p, %p, %s, %p.\n", iface, outer, debugstr_guid(riid), out);

    if (!out) return E_POINTER;
    *out = NULL;
    if (outer) return CLASS_E_NOAGGREGATION;
    return factory->create(outer, riid, out);
}

static HRESULT WINAPI class_factory_LockServer(IClassFactory *iface, BOOL lock)
{
    TRACE("%p, %d.\n", iface, lock);

    if (lock)
        lock_module();
    else
        unlock_module();
    return S_OK;
}

static const IClassFactoryVtbl class_factory_vtbl = {
    class_factory_QueryInterface, class_factory_AddRef,     class_factory_Release,
    class_factory_CreateInstance, class_factory_LockServer,
};

static struct class_factory manager_factory = {{&class_factory_vtbl}, manager_create};
static struct class_factory session_factory = {{&class_factory_vtbl}, session_factory_create};

/***********************************************************************
 *              DllGetClassObject (msgsc.@)
 */
HRESULT WINAPI DllGetClassObject(REFCLSID clsid, REFIID riid, void **out)
{
    TRACE("%s, %s, %p.\n", debugstr_guid(clsid), debugstr_guid(riid), out);

    if (!out) return E_POINTER;
    *out = NULL;
    if (!clsid || !riid) return E_INVALIDARG;
    if (IsEqualCLSID(clsid, &CLSID_MsgrSessionManager))
        return IClassFactory_QueryInterface(&manager_factory.IClassFactory_iface, riid, out);
    if (IsEqualCLSID(clsid, &CLSID_MsgrSession))
        return IClassFactory_QueryInterface(&session_factory.IClassFactory_iface, riid, out);

    WARN("Unknown class %s.\n", debugstr_guid(clsid));
    return CLASS_E_CLASSNOTAVAILABLE;
}

/***********************************************************************
 *              DllCanUnloadNow (msgsc.@)
 */
HRESULT WINAPI DllCanUnloadNow(void)
{
    LONG locks = module_lock_count();

    TRACE("%ld locks.\n", locks);

    return locks ? S_FALSE : S_OK;
}

/***********************************************************************
 *      BrokerMain (msgsc.@)
 *
 * rundll32 entry point of the per-user broker (src/broker), so that the
 * DLL stays a single file.
 */
void WINAPI BrokerMain(HWND hwnd, HINSTANCE instance, LPSTR cmdline, int show)
{
    (void)hwnd;
    (void)instance;
    (void)cmdline;
    (void)show;
    ExitProcess(broker_main());
}

/* What the client layer tells the objects of this process. */
static void app_changed(const char *guid, int registered)
{
    manager_notify_app_changed(guid, registered);
}

static void lost(void)
{
    session_notify_lost();
    manager_notify_online(FALSE);
}

static void online(void)
{
    manager_notify_online(TRUE);
}

static int wants_invitations(void)
{
    return manager_any_alive();
}

static const struct client_listener objects_listener = {
    .session_event = session_notify_event,
    .invitation = manager_notify_invitation,
    .app_changed = app_changed,
    .lost = lost,
    .online = online,
    .wants_invitations = wants_invitations,
};

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, void *reserved)
{
    TRACE("%p, %lu, %p.\n", instance, reason, reserved);

    switch (reason)
    {
    case DLL_PROCESS_ATTACH:
        msgsc_instance = instance;
        DisableThreadLibraryCalls(instance);
        client_set_listener(&objects_listener);
        break;
    case DLL_PROCESS_DETACH:
        /* At process exit other DLLs may be gone already. */
        if (reserved) break;
        client_shutdown();
        release_typelibs();
        break;
    }
    return TRUE;
}
