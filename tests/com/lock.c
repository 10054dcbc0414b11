/*
 * IMsgrLock on MsgrSessionManager: the emulated lock-and-key handshake
 * (spec 5.4, 5.5), its return codes by status and its posted events.
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

static IMsgrLock *get_lock(IMsgrSessionManager *manager)
{
    IMsgrLock *lock = NULL;
    HRESULT hr;

    hr = IMsgrSessionManager_QueryInterface(manager, &IID_IMsgrLock, (void **)&lock);
    ok(hr == S_OK && lock, "QueryInterface(IMsgrLock) hr %#lx, %p.\n", hr, lock);
    return lock;
}

/* A new manager, its IMsgrLock, and sink advised on its events; NULL, with
 * nothing held, without a manager or a lock. */
static IMsgrSessionManager *manager_with_lock(IMsgrLock **lock, struct sink *sink, IConnectionPoint **cp,
                                              DWORD *cookie)
{
    IMsgrSessionManager *manager = create_manager();

    if (!manager) return NULL;
    if (!(*lock = get_lock(manager)))
    {
        IMsgrSessionManager_Release(manager);
        return NULL;
    }
    init_sink(sink);
    *cp = advise((IUnknown *)manager, &DIID_DMsgrSessionManagerEvents, sink, cookie);
    return manager;
}

#define check_status(lock, expected) check_status_(__FILE__, __LINE__, lock, expected)
static void check_status_(const char *file, int line, IMsgrLock *lock, LockStatus expected)
{
    LockStatus status = 0xdead;
    HRESULT hr;

    hr = IMsgrLock_get_Status(lock, &status);
    ok_(file, line)(hr == S_OK && status == expected, "Status hr %#lx, %d, expected %d.\n", hr, status,
                    expected);
}

/* Runs what is already queued: posted events are in the queue as soon as
 * the call that posted them returns, so a count taken afterwards is exact. */
static void drain(void)
{
    MSG msg;

    while (PeekMessageW(&msg, NULL, 0, 0, PM_REMOVE))
        DispatchMessageW(&msg);
}

static BOOL has_events(void *ctx)
{
    struct sink *sink = ctx;
    return sink->count >= 2;
}

/* After call (named call) moved lock to status: nothing was fired inside
 * the call, two events arrive afterwards, the first OnLockStatusChanged. */
#define check_lock_events(sink, lock, status, call)                                                          \
    check_lock_events_(__FILE__, __LINE__, sink, lock, status, #status, call)
static void check_lock_events_(const char *file, int line, struct sink *sink, IMsgrLock *lock, LONG status,
                               const char *status_name, const char *call)
{
    BOOL done;

    check_status_(file, line, lock, (LockStatus)status);
    ok_(file, line)(sink->count == 0, "%u events inside the call.\n", sink->count);
    done = pump_until(has_events, sink);
    ok_(file, line)(done, "%u lock events after %s.\n", sink->count, call);
    ok_(file, line)(sink->count == 2, "%u events after %s.\n", sink->count, call);
    ok_(file, line)(sink->events[0].id == DISPID_ONLOCKSTATUSCHANGED && sink->events[0].arg1 == status,
                    "first event %ld(%ld), expected OnLockStatusChanged(%s).\n", sink->events[0].id,
                    sink->events[0].arg1, status_name);
}

/* A new manager starts as after a sign-in and fires nothing by itself. */
static void test_initial(void)
{
    IMsgrSessionManager *manager = create_manager();
    IMsgrLock *lock;
    struct sink sink;
    IConnectionPoint *cp;
    DWORD cookie;
    HRESULT hr;

    if (!manager) return;
    lock = get_lock(manager);
    init_sink(&sink);
    cp = advise((IUnknown *)manager, &DIID_DMsgrSessionManagerEvents, &sink, &cookie);
    if (lock)
    {
        check_status(lock, LOCK_INITIALIZED);
        hr = IMsgrLock_get_Status(lock, NULL);
        ok(hr == E_POINTER, "Status(NULL) hr %#lx.\n", hr);
        check_error_info(&IID_IMsgrLock);
        IMsgrLock_Release(lock);
    }
    /* Nothing may arrive: no OnLockEnable, no status change. */
    drain();
    ok(sink.count == 0, "%u events without a call, first %ld.\n", sink.count,
       sink.count ? sink.events[0].id : 0);
    if (cp)
    {
        IConnectionPoint_Unadvise(cp, cookie);
        IConnectionPoint_Release(cp);
    }
    IMsgrSessionManager_Release(manager);
}

/* The whole handshake: codes by status, events after the calls, in order. */
static void test_handshake(void)
{
    IMsgrSessionManager *manager;
    BSTR app_id = SysAllocString(L"msgsc-test"),
         response = SysAllocString(L"0123456789abcdef0123456789abcdef");
    BSTR empty = SysAllocString(L"");
    WCHAR challenge[128];
    IConnectionPoint *cp;
    struct sink sink;
    IMsgrLock *lock;
    DWORD cookie;
    unsigned int i;
    HRESULT hr;

    if (!(manager = manager_with_lock(&lock, &sink, &cp, &cookie))) return;

    /* Locked, nothing requested. */
    SetErrorInfo(0, NULL);
    hr = IMsgrLock_SendResponse(lock, app_id, response, 1234);
    ok(hr == MSGR_E_API_LOCKED, "SendResponse before RequestChallenge hr %#lx.\n", hr);
    check_error_info(&IID_IMsgrLock);
    check_status(lock, LOCK_INITIALIZED);

    hr = IMsgrLock_RequestChallenge(lock, 1234);
    ok(hr == S_OK, "RequestChallenge hr %#lx.\n", hr);
    check_lock_events(&sink, lock, LOCK_PENDINGRESULT, "RequestChallenge");
    ok(sink.events[1].id == DISPID_ONLOCKCHALLENGE && sink.events[1].arg1 == 1234,
       "second event %ld(%ld), expected OnLockChallenge(1234).\n", sink.events[1].id, sink.events[1].arg1);
    lstrcpynW(challenge, sink.events[1].text, ARRAY_SIZE(challenge));
    ok(wcslen(challenge) == 32, "challenge %ls is not 32 characters.\n", challenge);
    for (i = 0; challenge[i]; i++)
        if (!iswxdigit(challenge[i])) break;
    ok(!challenge[i], "challenge %ls is not hexadecimal.\n", challenge);

    /* Pending: one request per sign-in; the response must match. */
    SetErrorInfo(0, NULL);
    hr = IMsgrLock_RequestChallenge(lock, 99);
    ok(hr == MSGR_E_API_PENDING_UNLOCK, "second RequestChallenge hr %#lx.\n", hr);
    check_error_info(&IID_IMsgrLock);
    hr = IMsgrLock_SendResponse(lock, app_id, response, 99);
    ok(hr == E_INVALIDARG, "SendResponse with a wrong cookie hr %#lx.\n", hr);
    check_error_info(&IID_IMsgrLock);
    hr = IMsgrLock_SendResponse(lock, app_id, empty, 1234);
    ok(hr == E_INVALIDARG, "SendResponse with an empty response hr %#lx.\n", hr);
    hr = IMsgrLock_SendResponse(lock, app_id, NULL, 1234);
    ok(hr == E_INVALIDARG, "SendResponse with a NULL response hr %#lx.\n", hr);
    check_status(lock, LOCK_PENDINGRESULT);
    drain();
    ok(sink.count == 2, "refused calls fired %u events.\n", sink.count - 2);

    /* Any non-empty response unlocks (spec 5.5); a plain wide literal too. */
    sink.count = 0;
    hr = IMsgrLock_SendResponse(lock, (BSTR)L"any id", (BSTR)L"not a digest", 1234);
    ok(hr == S_OK, "SendResponse hr %#lx.\n", hr);
    check_lock_events(&sink, lock, LOCK_UNLOCKED, "SendResponse");
    ok(sink.events[1].id == DISPID_ONLOCKRESULT && sink.events[1].arg1 == 1234 &&
           sink.events[1].arg2 == VARIANT_TRUE,
       "second event %ld(%ld, %ld), expected OnLockResult(1234, TRUE).\n", sink.events[1].id,
       sink.events[1].arg1, sink.events[1].arg2);

    /* Unlocked: no second transaction. */
    hr = IMsgrLock_RequestChallenge(lock, 5);
    ok(hr == MSGR_E_API_ALREADY_UNLOCKED, "RequestChallenge when unlocked hr %#lx.\n", hr);
    hr = IMsgrLock_SendResponse(lock, app_id, response, 1234);
    ok(hr == MSGR_E_API_ALREADY_UNLOCKED, "SendResponse when unlocked hr %#lx.\n", hr);
    check_status(lock, LOCK_UNLOCKED);
    drain();
    ok(sink.count == 2, "refused calls fired %u events.\n", sink.count - 2);

    if (cp)
    {
        IConnectionPoint_Unadvise(cp, cookie);
        IConnectionPoint_Release(cp);
    }
    IMsgrLock_Release(lock);
    IMsgrSessionManager_Release(manager);
    SysFreeString(app_id);
    SysFreeString(response);
    SysFreeString(empty);
}

/* Each manager has its own lock (spec 5.1: every object unlocks alone),
 * and its events go to its own sinks only. */
static void test_per_object(void)
{
    IMsgrSessionManager *first = create_manager(), *second = create_manager();
    IConnectionPoint *cp1 = NULL, *cp2 = NULL;
    struct sink sink1, sink2;
    IMsgrLock *lock1 = NULL, *lock2 = NULL;
    DWORD cookie1, cookie2;
    HRESULT hr;
    BOOL done;

    if (!first || !second) goto done;
    lock1 = get_lock(first);
    lock2 = get_lock(second);
    if (!lock1 || !lock2) goto done;
    init_sink(&sink1);
    init_sink(&sink2);
    cp1 = advise((IUnknown *)first, &DIID_DMsgrSessionManagerEvents, &sink1, &cookie1);
    cp2 = advise((IUnknown *)second, &DIID_DMsgrSessionManagerEvents, &sink2, &cookie2);

    hr = IMsgrLock_RequestChallenge(lock1, 7);
    ok(hr == S_OK, "RequestChallenge hr %#lx.\n", hr);
    check_status(lock1, LOCK_PENDINGRESULT);
    check_status(lock2, LOCK_INITIALIZED);
    done = pump_until(has_events, &sink1);
    ok(done, "%u lock events.\n", sink1.count);
    drain();
    ok(sink1.count == 2, "first manager got %u events.\n", sink1.count);
    ok(sink2.count == 0, "second manager got %u events.\n", sink2.count);

done:
    if (cp1)
    {
        IConnectionPoint_Unadvise(cp1, cookie1);
        IConnectionPoint_Release(cp1);
    }
    if (cp2)
    {
        IConnectionPoint_Unadvise(cp2, cookie2);
        IConnectionPoint_Release(cp2);
    }
    if (lock1) IMsgrLock_Release(lock1);
    if (lock2) IMsgrLock_Release(lock2);
    if (first) IMsgrSessionManager_Release(first);
    if (second) IMsgrSessionManager_Release(second);
}

/* A posted lock event keeps the manager alive after the client's last
 * Release; the event still arrives and the manager then goes away. */
static void test_release_before_event(void)
{
    IMsgrSessionManager *manager;
    IConnectionPoint *cp;
    struct sink sink;
    IMsgrLock *lock;
    DWORD cookie;
    ULONG ref;
    BOOL done;

    if (!(manager = manager_with_lock(&lock, &sink, &cp, &cookie))) return;
    if (cp) IConnectionPoint_Release(cp);
    ok_hr(IMsgrLock_RequestChallenge(lock, 3), S_OK);
    IMsgrLock_Release(lock);
    ref = IMsgrSessionManager_Release(manager);
    ok(ref > 0, "the posted event holds no reference (refcount %lu).\n", ref);
    done = pump_until(has_events, &sink);
    ok(done, "%u lock events after the last Release.\n", sink.count);
    drain();
    ok_int(find_event(&sink, DISPID_ONLOCKCHALLENGE), 1);
    /* The manager released its sinks when it was destroyed. */
    ok(sink.ref == 1, "sink refcount %ld after the manager died.\n", sink.ref);
}

/* IMsgrLock is not dual: only IUnknown's three methods and its own. */
static void test_interface(void)
{
    IMsgrSessionManager *manager = create_manager();
    ISupportErrorInfo *support;
    IMsgrLock *lock;
    HRESULT hr;

    if (!manager) return;
    if ((lock = get_lock(manager)))
    {
        check_interface(lock, &IID_IMsgrSessionManager, TRUE);
        check_interface(lock, &IID_IConnectionPointContainer, TRUE);
        hr = IMsgrLock_QueryInterface(lock, &IID_ISupportErrorInfo, (void **)&support);
        ok(hr == S_OK, "QueryInterface(ISupportErrorInfo) hr %#lx.\n", hr);
        if (hr == S_OK)
        {
            hr = ISupportErrorInfo_InterfaceSupportsErrorInfo(support, &IID_IMsgrLock);
            ok(hr == S_OK, "InterfaceSupportsErrorInfo(IMsgrLock) hr %#lx.\n", hr);
            ISupportErrorInfo_Release(support);
        }
        IMsgrLock_Release(lock);
    }
    IMsgrSessionManager_Release(manager);
}

int main(void)
{
    CoInitialize(NULL);
    test_initial();
    test_handshake();
    test_per_object();
    test_release_before_event();
    test_interface();
    CoUninitialize();
    return test_summary();
}
