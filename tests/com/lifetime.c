/*
 * Module lifetime of msgsc.dll loaded by path: class factories, LockServer,
 * DllCanUnloadNow, and memory over 100,000 managers and sessions.
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
#include <psapi.h>

/* Runs in a prefix where the DLL was never registered: everything goes
 * through the exports, as a host that loads it by path would. */
static HMODULE module;
static HRESULT(WINAPI *pDllGetClassObject)(REFCLSID, REFIID, void **);
static HRESULT(WINAPI *pDllCanUnloadNow)(void);

#define ITERATIONS   100000
#define WARMUP       10000
#define MEMORY_SLACK (1024 * 1024) /* under 11 bytes per iteration after the warm-up */
#define CHURN        2000          /* with the apartment window created and destroyed each time */

static BOOL load_module(void)
{
    WCHAR path[MAX_PATH], *slash;

    GetModuleFileNameW(NULL, path, ARRAY_SIZE(path));
    if ((slash = wcsrchr(path, '\\'))) slash[1] = 0;
    wcscat(path, L"msgsc.dll");
    module = LoadLibraryW(path);
    ok(module != NULL, "LoadLibrary(%ls) error %lu.\n", path, GetLastError());
    if (!module) return FALSE;
    pDllGetClassObject = (void *)GetProcAddress(module, "DllGetClassObject");
    pDllCanUnloadNow = (void *)GetProcAddress(module, "DllCanUnloadNow");
    ok(pDllGetClassObject && pDllCanUnloadNow, "Exports missing: DllGetClassObject %p, DllCanUnloadNow %p.\n",
       pDllGetClassObject, pDllCanUnloadNow);
    return pDllGetClassObject && pDllCanUnloadNow;
}

/* Runs every posted event of this thread (they hold their objects). */
static void flush_messages(void)
{
    MSG msg;

    while (PeekMessageW(&msg, NULL, 0, 0, PM_REMOVE))
        DispatchMessageW(&msg);
}

static IClassFactory *get_factory(const CLSID *clsid)
{
    IClassFactory *factory = NULL;
    HRESULT hr = pDllGetClassObject(clsid, &IID_IClassFactory, (void **)&factory);

    ok(hr == S_OK && factory, "DllGetClassObject hr %#lx.\n", hr);
    return factory;
}

static void test_class_objects(void)
{
    static const GUID unknown = {0x12345678, 0x1234, 0x1234, {1, 2, 3, 4, 5, 6, 7, 8}};
    IClassFactory *factory, *session_factory;
    IUnknown outer = {NULL}, *unk;
    HRESULT hr;

    hr = pDllCanUnloadNow();
    ok(hr == S_OK, "DllCanUnloadNow before any object hr %#lx.\n", hr);

    unk = (IUnknown *)0xdeadbeef;
    hr = pDllGetClassObject(&unknown, &IID_IClassFactory, (void **)&unk);
    ok(hr == CLASS_E_CLASSNOTAVAILABLE && !unk, "DllGetClassObject(unknown) hr %#lx, %p.\n", hr, unk);
    hr = pDllGetClassObject(&CLSID_MsgrSessionManager, &IID_IClassFactory, NULL);
    ok(hr == E_POINTER, "DllGetClassObject(NULL) hr %#lx.\n", hr);
    unk = (IUnknown *)0xdeadbeef;
    hr = pDllGetClassObject(&CLSID_MsgrSessionManager, &unknown, (void **)&unk);
    ok(hr == E_NOINTERFACE && !unk, "DllGetClassObject(unknown IID) hr %#lx, %p.\n", hr, unk);
    hr = pDllCanUnloadNow();
    ok(hr == S_OK, "DllCanUnloadNow after a failed DllGetClassObject hr %#lx.\n", hr);

    if (!(factory = get_factory(&CLSID_MsgrSessionManager))) return;
    hr = pDllCanUnloadNow();
    ok(hr == S_FALSE, "DllCanUnloadNow with a factory held hr %#lx.\n", hr);

    unk = (IUnknown *)0xdeadbeef;
    hr = IClassFactory_CreateInstance(factory, &outer, &IID_IUnknown, (void **)&unk);
    ok(hr == CLASS_E_NOAGGREGATION && !unk, "CreateInstance(outer) hr %#lx, %p.\n", hr, unk);
    unk = (IUnknown *)0xdeadbeef;
    hr = IClassFactory_CreateInstance(factory, &outer, &IID_IMsgrSessionManager, (void **)&unk);
    ok(hr == CLASS_E_NOAGGREGATION && !unk, "CreateInstance(outer, IMsgrSessionManager) hr %#lx, %p.\n", hr,
       unk);
    unk = (IUnknown *)0xdeadbeef;
    hr = IClassFactory_CreateInstance(factory, NULL, &unknown, (void **)&unk);
    ok(hr == E_NOINTERFACE && !unk, "CreateInstance(unknown IID) hr %#lx, %p.\n", hr, unk);
    hr = IClassFactory_CreateInstance(factory, NULL, &IID_IUnknown, NULL);
    ok(hr == E_POINTER, "CreateInstance(NULL) hr %#lx.\n", hr);

    /* Sessions come only from CreateSession (spec Q15). */
    if ((session_factory = get_factory(&CLSID_MsgrSession)))
    {
        unk = (IUnknown *)0xdeadbeef;
        hr = IClassFactory_CreateInstance(session_factory, NULL, &IID_IUnknown, (void **)&unk);
        ok(hr == CLASS_E_CLASSNOTAVAILABLE && !unk, "CreateInstance(MsgrSession) hr %#lx, %p.\n", hr, unk);
        IClassFactory_Release(session_factory);
    }

    hr = IClassFactory_LockServer(factory, TRUE);
    ok(hr == S_OK, "LockServer(TRUE) hr %#lx.\n", hr);
    IClassFactory_Release(factory);
    hr = pDllCanUnloadNow();
    ok(hr == S_FALSE, "DllCanUnloadNow under LockServer(TRUE) hr %#lx.\n", hr);
    if (!(factory = get_factory(&CLSID_MsgrSessionManager))) return;
    hr = IClassFactory_LockServer(factory, FALSE);
    ok(hr == S_OK, "LockServer(FALSE) hr %#lx.\n", hr);
    IClassFactory_Release(factory);
    hr = pDllCanUnloadNow();
    ok(hr == S_OK, "DllCanUnloadNow after LockServer(FALSE) hr %#lx.\n", hr);
}

static IMsgrSessionManager *new_manager(IClassFactory *factory)
{
    IMsgrSessionManager *manager = NULL;
    HRESULT hr = IClassFactory_CreateInstance(factory, NULL, &IID_IMsgrSessionManager, (void **)&manager);

    ok(hr == S_OK, "CreateInstance hr %#lx.\n", hr);
    return manager;
}

/* Every object, and every event still queued for one, keeps the DLL. */
static void test_unload_locks(void)
{
    IClassFactory *factory = get_factory(&CLSID_MsgrSessionManager);
    IMsgrSessionManager *manager;
    IDispatch *session;
    HRESULT hr;

    if (!factory || !(manager = new_manager(factory))) return;
    IClassFactory_Release(factory);
    hr = pDllCanUnloadNow();
    ok(hr == S_FALSE, "DllCanUnloadNow with a manager alive hr %#lx.\n", hr);

    hr = IMsgrSessionManager_CreateSession(manager, &session);
    ok(hr == S_OK, "CreateSession hr %#lx.\n", hr);
    IMsgrSessionManager_Release(manager);
    if (hr != S_OK) return;
    hr = pDllCanUnloadNow();
    ok(hr == S_FALSE, "DllCanUnloadNow with a session alive hr %#lx.\n", hr);

    /* Cancel queues OnStateChanged and OnTermination; they hold the session. */
    hr = IMsgrSession_Cancel((IMsgrSession *)session, E_ABORT, NULL);
    ok(hr == S_OK, "Cancel hr %#lx.\n", hr);
    IDispatch_Release(session);
    hr = pDllCanUnloadNow();
    ok(hr == S_FALSE, "DllCanUnloadNow with events queued hr %#lx.\n", hr);
    flush_messages();
    hr = pDllCanUnloadNow();
    ok(hr == S_OK, "DllCanUnloadNow after the events hr %#lx.\n", hr);
}

/* Creates a manager and a session and releases both, in either order. */
static BOOL cycle(IClassFactory *factory, unsigned int i)
{
    IMsgrSessionManager *manager = NULL;
    IDispatch *session = NULL;
    HRESULT hr;

    if (FAILED(
            hr = IClassFactory_CreateInstance(factory, NULL, &IID_IMsgrSessionManager, (void **)&manager)) ||
        FAILED(hr = IMsgrSessionManager_CreateSession(manager, &session)))
    {
        ok(0, "Iteration %u: hr %#lx.\n", i, hr);
        if (manager) IMsgrSessionManager_Release(manager);
        return FALSE;
    }
    if (i & 1)
    {
        IDispatch_Release(session);
        IMsgrSessionManager_Release(manager);
    }
    else
    {
        IMsgrSessionManager_Release(manager);
        IDispatch_Release(session);
    }
    return TRUE;
}

/* Committed private memory, counted from the address space itself: Wine 8
 * reports PrivateUsage as 0, and the working set is also read. */
static SIZE_T private_usage(SIZE_T *working_set)
{
    PROCESS_MEMORY_COUNTERS_EX counters;
    MEMORY_BASIC_INFORMATION info;
    SIZE_T total = 0;
    char *address = NULL;

    memset(&counters, 0, sizeof(counters));
    counters.cb = sizeof(counters);
    GetProcessMemoryInfo(GetCurrentProcess(), (PROCESS_MEMORY_COUNTERS *)&counters, sizeof(counters));
    *working_set = counters.WorkingSetSize;
    if (counters.PrivateUsage) return counters.PrivateUsage;
    while (VirtualQuery(address, &info, sizeof(info)))
    {
        if (info.State == MEM_COMMIT && info.Type == MEM_PRIVATE) total += info.RegionSize;
        address = (char *)info.BaseAddress + info.RegionSize;
    }
    return total;
}

static void test_many_objects(void)
{
    IClassFactory *factory = get_factory(&CLSID_MsgrSessionManager);
    IMsgrSessionManager *keeper;
    SIZE_T private_warm = 0, private_end, ws_warm = 0, ws_end;
    unsigned int i;
    HRESULT hr;

    if (!factory) return;

    /* The apartment's window is created with the thread's first object and
     * destroyed with its last one. */
    for (i = 0; i < CHURN; i++)
        if (!cycle(factory, i)) break;
    ok(i == CHURN, "Stopped after %u of %u cycles.\n", i, CHURN);

    /* The bulk keeps one manager, and so the window, alive. */
    if (!(keeper = new_manager(factory))) return;
    for (i = 0; i < ITERATIONS; i++)
    {
        if (i == WARMUP) private_warm = private_usage(&ws_warm);
        if (!cycle(factory, i)) break;
    }
    ok(i == ITERATIONS, "Stopped after %u of %u cycles.\n", i, ITERATIONS);
    private_end = private_usage(&ws_end);
    ok(private_warm > 0, "No measure of private memory.\n");
    ok(private_end <= private_warm + MEMORY_SLACK, "Private usage grew from %lu to %lu KiB.\n",
       (unsigned long)(private_warm / 1024), (unsigned long)(private_end / 1024));
    ok(ws_end <= ws_warm + MEMORY_SLACK, "Working set grew from %lu to %lu KiB.\n",
       (unsigned long)(ws_warm / 1024), (unsigned long)(ws_end / 1024));
    trace("private usage %lu -> %lu KiB, working set %lu -> %lu KiB.\n", (unsigned long)(private_warm / 1024),
          (unsigned long)(private_end / 1024), (unsigned long)(ws_warm / 1024),
          (unsigned long)(ws_end / 1024));

    hr = pDllCanUnloadNow();
    ok(hr == S_FALSE, "DllCanUnloadNow with a manager and the factory held hr %#lx.\n", hr);
    IMsgrSessionManager_Release(keeper);
    IClassFactory_Release(factory);
    flush_messages();
    hr = pDllCanUnloadNow();
    ok(hr == S_OK, "DllCanUnloadNow at the end hr %#lx.\n", hr);
}

/* After unloading, a fresh load works again (the window class of the old
 * load is replaced). */
static void test_reload(void)
{
    IClassFactory *factory;
    IMsgrSessionManager *manager;
    BOOL freed;
    HRESULT hr;

    freed = FreeLibrary(module);
    ok(freed, "FreeLibrary error %lu.\n", GetLastError());
    if (!load_module()) return;
    if (!(factory = get_factory(&CLSID_MsgrSessionManager))) return;
    if ((manager = new_manager(factory))) IMsgrSessionManager_Release(manager);
    IClassFactory_Release(factory);
    hr = pDllCanUnloadNow();
    ok(hr == S_OK, "DllCanUnloadNow after reload hr %#lx.\n", hr);
}

int main(void)
{
    CoInitialize(NULL);
    if (load_module())
    {
        test_class_objects();
        test_unload_locks();
        test_many_objects();
        test_reload();
        FreeLibrary(module);
    }
    CoUninitialize();
    return test_summary();
}
