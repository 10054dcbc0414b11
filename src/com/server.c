/*
 * The local server: ComServer, the rundll32 entry point that serves the classes to other processes.
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

/* The documentation's sample creates the manager with CLSCTX_LOCAL_SERVER,
 * since Messenger itself was the local server (spec Q3).  LocalServer32 of
 * both classes runs "rundll32 msgsc.dll,ComServer -Embedding"
 * (docs/registration.md): this file registers the class objects there and
 * runs an apartment for the objects; the type library marshaler carries
 * their interfaces, and the IDispatch proxy their events, to the client.
 * The system's surrogate (an AppID with DllSurrogate) is not used: Wine 8
 * starts its 32-bit dllhost.exe for 64-bit clients too, which then finds
 * no class, and its dllhost.exe never exits. */

/* A process started for a client that then never asks for an object (it
 * died, or gave up waiting) goes away after this long. */
#define SERVER_FIRST_CALL_TIMEOUT 60000

/* Wine 8 was seen blocking in CoUninitialize for good, in about one local
 * server in 50 to 100 that started and left in quick succession under load
 * (its trace stopped between "Leaving" and "Exiting"); a call of the
 * client's that arrives while the apartment no longer pumps is the likely
 * cause.  The process leaves anyway this long after CoUninitialize began
 * (checked by making CoUninitialize block on purpose, once). */
#define SERVER_UNINIT_TIMEOUT 5000

/* After the last reference went, the process keeps pumping this long before
 * it revokes its classes and leaves.  Wine 8 runs a client's call in the
 * apartment, but sends its reply afterwards from an RPC thread: a process
 * that left at once cut off the reply to the call that dropped the last
 * reference (a refused CreateInstance, or the last Release), and the client
 * got RPC_S_CALL_FAILED (0x800706BE) instead of the call's result (seen
 * once in 12 runs of com_activation with six CPU-bound loops on 2 cores). */
#define SERVER_LINGER 1000

struct server_factory
{
    IClassFactory IClassFactory_iface;
    const CLSID *clsid;
    DWORD cookie; /* of CoRegisterClassObject */
};

static HANDLE idle_event; /* set when the last reference on the process went */
static HANDLE exit_event; /* set when CoUninitialize returned */
static UINT exit_code;
static BOOL served;   /* a request has come */
static BOOL stopping; /* leaving: new requests are refused */

static inline struct server_factory *impl_from_IClassFactory(IClassFactory *iface)
{
    return CONTAINING_RECORD(iface, struct server_factory, IClassFactory_iface);
}

static HRESULT WINAPI server_factory_QueryInterface(IClassFactory *iface, REFIID riid, void **out)
{
    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);

    if (!out) return E_POINTER;
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IClassFactory))
    {
        *out = iface;
        IClassFactory_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

/* Static objects, and not module locks: COM holds them for as long as they
 * are registered, and references held by clients on a class object do not
 * keep a server running (LockServer does). */
static ULONG WINAPI server_factory_AddRef(IClassFactory *iface)
{
    (void)iface;
    return 2;
}

static ULONG WINAPI server_factory_Release(IClassFactory *iface)
{
    (void)iface;
    return 1;
}

/* Hands the request to the in-process factory of the class, so both ways
 * of creating an object run the same code.  The call holds a lock, so even
 * a refused request (MsgrSession) ends with the process's last reference
 * going and the process leaving. */
static HRESULT WINAPI server_factory_CreateInstance(IClassFactory *iface, IUnknown *outer, REFIID riid,
                                                    void **out)
{
    struct server_factory *factory = impl_from_IClassFactory(iface);
    IClassFactory *inner;
    HRESULT hr;

    TRACE("%p, %p, %s, %p.\n", iface, outer, debugstr_guid(riid), out);

    if (!out) return E_POINTER;
    *out = NULL;
    if (stopping)
    {
        WARN("Refused: the server is stopping.\n");
        return CO_E_SERVER_STOPPING;
    }
    lock_module();
    if (SUCCEEDED(hr = DllGetClassObject(factory->clsid, &IID_IClassFactory, (void **)&inner)))
    {
        hr = IClassFactory_CreateInstance(inner, outer, riid, out);
        IClassFactory_Release(inner);
    }
    unlock_module();
    return hr;
}

static HRESULT WINAPI server_factory_LockServer(IClassFactory *iface, BOOL lock)
{
    TRACE("%p, %d.\n", iface, lock);

    if (lock)
        lock_module();
    else
        unlock_module();
    return S_OK;
}

static const IClassFactoryVtbl server_factory_vtbl = {
    server_factory_QueryInterface, server_factory_AddRef,     server_factory_Release,
    server_factory_CreateInstance, server_factory_LockServer,
};

/* The classes served: both that DllGetClassObject knows, so that a local
 * request for MsgrSession is refused as an in-process one is (spec Q15). */
static struct server_factory server_factories[] = {
    {{&server_factory_vtbl}, &CLSID_MsgrSessionManager, 0},
    {{&server_factory_vtbl}, &CLSID_MsgrSession, 0},
};

/* Every object, apartment and lock of this process is a module lock
 * (src/win/module.h), and each is counted as a reference on the process
 * too.  When CoReleaseServerProcess says the last one went, COM has already
 * stopped handing out the class objects (on Windows). */
static void server_locked(void)
{
    served = TRUE;
    CoAddRefServerProcess();
}

static void server_unlocked(void)
{
    if (CoReleaseServerProcess()) return;
    TRACE("The last reference went.\n");
    SetEvent(idle_event);
}

static const struct module_observer server_observer = {
    .locked = server_locked,
    .unlocked = server_unlocked,
};

static HRESULT register_factories(void)
{
    unsigned int i;
    HRESULT hr;

    for (i = 0; i < ARRAY_SIZE(server_factories); i++)
    {
        struct server_factory *factory = &server_factories[i];

        hr = CoRegisterClassObject(factory->clsid, (IUnknown *)&factory->IClassFactory_iface,
                                   CLSCTX_LOCAL_SERVER, REGCLS_MULTIPLEUSE, &factory->cookie);
        if (FAILED(hr))
        {
            ERR("CoRegisterClassObject(%s) failed, hr %#lx.\n", debugstr_guid(factory->clsid), hr);
            return hr;
        }
    }
    TRACE("Serving.\n");
    return S_OK;
}

static void revoke_factories(void)
{
    unsigned int i;

    for (i = 0; i < ARRAY_SIZE(server_factories); i++)
    {
        if (!server_factories[i].cookie) continue;
        CoRevokeClassObject(server_factories[i].cookie);
        server_factories[i].cookie = 0;
    }
}

/* Runs this thread's messages, which carry the clients' calls into the
 * apartment and the objects' posted events out of it, until the process
 * holds nothing more: the idle event says the last reference went, and the
 * count, read again here on the apartment's thread, says none came back
 * within SERVER_LINGER. */
static void serve(void)
{
    DWORD start = GetTickCount(), idle_since = 0, now, timeout;
    BOOL idle = FALSE;
    MSG msg;

    for (;;)
    {
        while (PeekMessageW(&msg, NULL, 0, 0, PM_REMOVE))
        {
            TranslateMessage(&msg);
            DispatchMessageW(&msg);
        }
        now = GetTickCount();
        if (module_lock_count() || (!served && now - start < SERVER_FIRST_CALL_TIMEOUT))
        {
            idle = FALSE;
            timeout = served ? INFINITE : SERVER_FIRST_CALL_TIMEOUT - (now - start);
        }
        else
        {
            if (!idle) idle_since = now;
            idle = TRUE;
            if (now - idle_since >= SERVER_LINGER) return;
            timeout = SERVER_LINGER - (now - idle_since);
        }
        MsgWaitForMultipleObjects(1, &idle_event, FALSE, timeout, QS_ALLINPUT);
    }
}

static DWORD WINAPI uninit_watchdog(void *arg)
{
    (void)arg;
    if (WaitForSingleObject(exit_event, SERVER_UNINIT_TIMEOUT) != WAIT_TIMEOUT) return 0;
    WARN("CoUninitialize has not returned after %u ms; leaving anyway.\n", SERVER_UNINIT_TIMEOUT);
    ExitProcess(exit_code);
}

/***********************************************************************
 *      ComServer (msgsc.@)
 *
 * rundll32 entry point of the local server; COM appends -Embedding to the
 * LocalServer32 command line, which is all cmdline holds.  The process
 * exits with 0, or with the HRESULT that kept it from serving.
 */
void WINAPI ComServer(HWND hwnd, HINSTANCE instance, LPSTR cmdline, int show)
{
    char path[MAX_PATH];
    HANDLE watchdog;
    FILE *log;
    HRESULT hr;

    (void)hwnd;
    (void)instance;
    (void)show;
    /* COM starts the process detached, with nowhere to print: like the
     * broker's MSGSC_BROKER_LOG, MSGSC_SERVER_LOG names a file for its
     * MSGSC_DEBUG output. */
    if (GetEnvironmentVariableA("MSGSC_SERVER_LOG", path, sizeof(path)) - 1 < sizeof(path) - 1 &&
        (log = fopen(path, "a")))
        debug_set_output(log);
    TRACE("%s.\n", cmdline ? cmdline : "");

    if (!(idle_event = CreateEventW(NULL, FALSE, FALSE, NULL)))
        ExitProcess(HRESULT_FROM_WIN32(GetLastError()));
    /* COM makes this apartment's window in CoInitializeEx, and needs it to
     * register the class objects. */
    if (!apartment_prepare_thread()) WARN("This thread can make no message-only window.\n");
    if (FAILED(hr = CoInitializeEx(NULL, COINIT_APARTMENTTHREADED))) ExitProcess(hr);
    module_set_observer(&server_observer);
    if (SUCCEEDED(hr = register_factories())) serve();
    TRACE("Idle (%s), revoking the classes.\n", served ? "served" : "never asked");
    stopping = TRUE;
    revoke_factories();
    /* Calls that were on their way before the revocation may still have
     * made objects: serve them to the end as well. */
    if (module_lock_count()) serve();
    TRACE("Leaving, hr %#lx.\n", hr);
    exit_code = FAILED(hr) ? hr : 0;
    if ((exit_event = CreateEventW(NULL, TRUE, FALSE, NULL)) &&
        (watchdog = CreateThread(NULL, 0, uninit_watchdog, NULL, 0, NULL)))
        CloseHandle(watchdog);
    CoUninitialize();
    if (exit_event) SetEvent(exit_event);
    TRACE("Exiting.\n");
    ExitProcess(exit_code);
}
