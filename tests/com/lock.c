/*
 * IMsgrLock on MsgrSessionManager: the emulated lock-and-key handshake
 * (spec 5.4, 5.5), its return codes by status and its posted events; with
 * the argument "strict", the opt-in strict mode (docs/lock.md).
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
#include <wincrypt.h>

static IMsgrLock *get_lock(IMsgrSessionManager *manager)
{
    IMsgrLock *lock = NULL;
    HRESULT hr;

    hr = IMsgrSessionManager_QueryInterface(manager, &IID_IMsgrLock, (void **)&lock);
    ok(hr == S_OK && lock, "QueryInterface(IMsgrLock) hr %#lx, %p.\n", hr, lock);
    return lock;
}

#define expect_enabled(sink) expect_enabled_(__FILE__, __LINE__, sink)
static void expect_enabled_(const char *file, int line, struct sink *sink);

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
    expect_enabled(sink);
    return manager;
}

/* Undoes manager_with_lock. */
static void release_manager_with_lock(IMsgrSessionManager *manager, IMsgrLock *lock, IConnectionPoint *cp,
                                      DWORD cookie)
{
    if (cp)
    {
        IConnectionPoint_Unadvise(cp, cookie);
        IConnectionPoint_Release(cp);
    }
    IMsgrLock_Release(lock);
    IMsgrSessionManager_Release(manager);
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

/* A new manager goes online by itself: OnLockStatusChanged(LOCK_INITIALIZED)
 * then OnLockEnable(TRUE) arrive through the message loop, so a sink
 * advised right after creation hears them (spec 5.2 step 2).  Forgets them
 * afterwards, for the checks that follow. */
static void expect_enabled_(const char *file, int line, struct sink *sink)
{
    ok_(file, line)(pump_until(has_events, sink), "%u events after creation.\n", sink->count);
    drain();
    ok_(file, line)(sink->count == 2, "%u events after creation.\n", sink->count);
    ok_(file,
        line)(sink->events[0].id == DISPID_ONLOCKSTATUSCHANGED && sink->events[0].arg1 == LOCK_INITIALIZED,
              "first event %ld(%ld), expected OnLockStatusChanged(LOCK_INITIALIZED).\n", sink->events[0].id,
              sink->events[0].arg1);
    ok_(file, line)(sink->events[1].id == DISPID_ONLOCKENABLE && sink->events[1].arg1 == VARIANT_TRUE,
                    "second event %ld(%ld), expected OnLockEnable(TRUE).\n", sink->events[1].id,
                    sink->events[1].arg1);
    sink->count = 0;
}

/* A new manager starts as after a sign-in: enabled, locked. */
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
    /* OnLockEnable, and nothing else without a call. */
    expect_enabled(&sink);
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

    release_manager_with_lock(manager, lock, cp, cookie);
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
    expect_enabled(&sink1);
    expect_enabled(&sink2);

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

/* --- strict mode ---------------------------------------------------------- */

/* The settings of strict mode, made before the first manager: the library
 * reads them once per process.  One key comes from the environment, one
 * from the registry (a value of a name no other test uses). */
#define STRICT_ENV_ID  "msgsc-lock-env"
#define STRICT_ENV_KEY "EnvKey0123"
#define STRICT_REG_ID  L"msgsc-lock-reg"
#define STRICT_REG_KEY "RegKey4567"
#define LOCK_KEYS_KEY  L"Software\\msgsc\\LockKeys"

static void set_strict_settings(void)
{
    HKEY key;
    LONG error;

    SetEnvironmentVariableA("MSGSC_LOCK_MODE", "strict");
    SetEnvironmentVariableA("MSGSC_LOCK_KEYS", "other=abc;" STRICT_ENV_ID "=" STRICT_ENV_KEY);
    error = RegCreateKeyExW(HKEY_CURRENT_USER, LOCK_KEYS_KEY, 0, NULL, 0, KEY_SET_VALUE, NULL, &key, NULL);
    ok(!error, "RegCreateKeyEx(LockKeys) error %ld.\n", error);
    if (error) return;
    error = RegSetValueExW(key, STRICT_REG_ID, 0, REG_SZ, (const BYTE *)L"" STRICT_REG_KEY,
                           sizeof(L"" STRICT_REG_KEY));
    ok(!error, "RegSetValueEx error %ld.\n", error);
    RegCloseKey(key);
}

static void clear_strict_settings(void)
{
    HKEY key;

    if (RegOpenKeyExW(HKEY_CURRENT_USER, LOCK_KEYS_KEY, 0, KEY_SET_VALUE, &key)) return;
    RegDeleteValueW(key, STRICT_REG_ID);
    RegCloseKey(key);
}

/* MD5(challenge || key) in hex, computed with CryptoAPI rather than the
 * library's own MD5; FALSE when CryptoAPI cannot. */
static BOOL md5_response(const WCHAR *challenge, const char *key, BOOL upper, WCHAR out[33])
{
    static const char lower_digits[] = "0123456789abcdef", upper_digits[] = "0123456789ABCDEF";
    const char *digits = upper ? upper_digits : lower_digits;
    char text[256];
    BYTE digest[16];
    DWORD size = sizeof(digest);
    HCRYPTPROV provider;
    HCRYPTHASH hash;
    BOOL done;
    int i;

    WideCharToMultiByte(CP_ACP, 0, challenge, -1, text, sizeof(text), NULL, NULL);
    lstrcatA(text, key);
    if (!CryptAcquireContextW(&provider, NULL, NULL, PROV_RSA_FULL, CRYPT_VERIFYCONTEXT)) return FALSE;
    done = CryptCreateHash(provider, CALG_MD5, 0, 0, &hash);
    if (done)
    {
        done = CryptHashData(hash, (const BYTE *)text, lstrlenA(text), 0) &&
               CryptGetHashParam(hash, HP_HASHVAL, digest, &size, 0) && size == sizeof(digest);
        CryptDestroyHash(hash);
    }
    CryptReleaseContext(provider, 0);
    for (i = 0; done && i < 16; i++)
    {
        out[2 * i] = digits[digest[i] >> 4];
        out[2 * i + 1] = digits[digest[i] & 0xf];
    }
    out[32] = 0;
    ok(done, "CryptoAPI MD5 failed, error %lu.\n", GetLastError());
    return done;
}

/* Every member of IMsgrSessionManager answers hr, with error info when it
 * fails, and out pointers NULL. */
#define check_manager_calls(manager, hr) check_manager_calls_(__FILE__, __LINE__, manager, hr)
static void check_manager_calls_(const char *file, int line, IMsgrSessionManager *manager, HRESULT expected)
{
    IDispatch *out;
    WCHAR guid[39];
    HRESULT hr;

    new_guid_string(guid);
    out = (IDispatch *)0xdeadbeef;
    SetErrorInfo(0, NULL);
    hr = IMsgrSessionManager_CreateSession(manager, &out);
    ok_(file, line)(hr == expected, "CreateSession hr %#lx, expected %#lx.\n", hr, expected);
    if (FAILED(hr))
    {
        ok_(file, line)(!out, "CreateSession out %p.\n", out);
        check_error_info_(file, line, &IID_IMsgrSessionManager);
    }
    else if (out)
        IDispatch_Release(out);
    out = (IDispatch *)0xdeadbeef;
    hr = IMsgrSessionManager_GetLaunchingSession(manager, GetCurrentProcessId(), &out);
    /* Unlocked, no session launched this process. */
    ok_(file, line)(hr == (expected == S_OK ? E_FAIL : expected), "GetLaunchingSession hr %#lx.\n", hr);
    ok_(file, line)(!out, "GetLaunchingSession out %p.\n", out);
    if (expected != S_OK) check_error_info_(file, line, &IID_IMsgrSessionManager);
    hr = register_app(manager, guid, L"msgsc strict lock", L"http://example.org/strict",
                      L"C:\\windows\\notepad.exe");
    ok_(file, line)(hr == expected, "RegisterApplication hr %#lx, expected %#lx.\n", hr, expected);
    if (FAILED(hr)) check_error_info_(file, line, &IID_IMsgrSessionManager);
    hr = unregister_app(manager, guid);
    ok_(file, line)(hr == expected, "UnRegisterApplication hr %#lx, expected %#lx.\n", hr, expected);
    if (FAILED(hr)) check_error_info_(file, line, &IID_IMsgrSessionManager);
    out = (IDispatch *)0xdeadbeef;
    hr = IMsgrSessionManager_get_Applications(manager, &out);
    ok_(file, line)(hr == expected, "Applications hr %#lx, expected %#lx.\n", hr, expected);
    if (FAILED(hr))
    {
        ok_(file, line)(!out, "Applications out %p.\n", out);
        check_error_info_(file, line, &IID_IMsgrSessionManager);
    }
    else if (out)
        IDispatch_Release(out);
}

/* RequestChallenge(cookie) and its two events; the challenge in out. */
static BOOL request_challenge(struct sink *sink, IMsgrLock *lock, LONG cookie, WCHAR out[128])
{
    sink->count = 0;
    ok_hr(IMsgrLock_RequestChallenge(lock, cookie), S_OK);
    check_lock_events(sink, lock, LOCK_PENDINGRESULT, "RequestChallenge");
    ok(sink->events[1].id == DISPID_ONLOCKCHALLENGE && sink->events[1].arg1 == cookie,
       "second event %ld(%ld), expected OnLockChallenge(%ld).\n", sink->events[1].id, sink->events[1].arg1,
       cookie);
    lstrcpynW(out, sink->events[1].text, 128);
    ok(wcslen(out) == 32, "challenge %ls is not 32 characters.\n", out);
    return sink->count == 2 && wcslen(out) == 32;
}

/* SendResponse(id, response, cookie) is taken (S_OK); the status becomes
 * expected, and OnLockResult(cookie, expected == LOCK_UNLOCKED) follows. */
#define check_response(sink, lock, id, response, cookie, expected)                                           \
    check_response_(__FILE__, __LINE__, sink, lock, id, response, cookie, expected, #expected)
static void check_response_(const char *file, int line, struct sink *sink, IMsgrLock *lock, const WCHAR *id,
                            const WCHAR *response, LONG cookie, LONG expected, const char *expected_name)
{
    BSTR id_bstr = SysAllocString(id), response_bstr = SysAllocString(response);
    LONG succeeded = expected == LOCK_UNLOCKED ? VARIANT_TRUE : VARIANT_FALSE;
    HRESULT hr;

    sink->count = 0;
    hr = IMsgrLock_SendResponse(lock, id_bstr, response_bstr, cookie);
    ok_(file, line)(hr == S_OK, "SendResponse(%ls, %ls) hr %#lx.\n", id, response, hr);
    check_lock_events_(file, line, sink, lock, expected, expected_name, "SendResponse");
    ok_(file, line)(sink->events[1].id == DISPID_ONLOCKRESULT && sink->events[1].arg1 == cookie &&
                        sink->events[1].arg2 == succeeded,
                    "second event %ld(%ld, %ld), expected OnLockResult(%ld, %ld).\n", sink->events[1].id,
                    sink->events[1].arg1, sink->events[1].arg2, cookie, succeeded);
    SysFreeString(id_bstr);
    SysFreeString(response_bstr);
}

/* Locked, nothing but IMsgrLock and the plumbing answers; the correct
 * response, in lower case, with the key from the environment, unlocks. */
static void test_strict_unlock_lower(void)
{
    WCHAR challenge[128], response[33];
    IMsgrSessionManager *manager;
    IConnectionPoint *cp;
    struct sink sink;
    IMsgrLock *lock;
    DWORD cookie;
    BSTR id;

    if (!(manager = manager_with_lock(&lock, &sink, &cp, &cookie))) return;
    check_status(lock, LOCK_INITIALIZED);
    check_manager_calls(manager, MSGR_E_API_LOCKED);
    ok_hr(IMsgrSessionManager_CreateSession(manager, NULL), E_INVALIDARG);
    check_interface(manager, &IID_IConnectionPointContainer, TRUE);
    drain();
    ok(sink.count == 0, "refused calls fired %u events.\n", sink.count);

    if (request_challenge(&sink, lock, 41, challenge) &&
        md5_response(challenge, STRICT_ENV_KEY, FALSE, response))
    {
        /* Still locked while the answer is pending; a wrong cookie or an
         * empty response changes nothing. */
        check_manager_calls(manager, MSGR_E_API_LOCKED);
        id = SysAllocString(L"" STRICT_ENV_ID);
        ok_hr(IMsgrLock_SendResponse(lock, id, (BSTR)response, 42), E_INVALIDARG);
        ok_hr(IMsgrLock_SendResponse(lock, id, NULL, 41), E_INVALIDARG);
        SysFreeString(id);
        check_status(lock, LOCK_PENDINGRESULT);
        check_response(&sink, lock, L"" STRICT_ENV_ID, response, 41, LOCK_UNLOCKED);
        check_manager_calls(manager, S_OK);
        ok_hr(IMsgrLock_RequestChallenge(lock, 43), MSGR_E_API_ALREADY_UNLOCKED);
    }
    release_manager_with_lock(manager, lock, cp, cookie);
}

/* Upper-case hex, the key from the registry, an ID compared without case;
 * unlocking one manager leaves another locked (spec 5.1). */
static void test_strict_unlock_upper(void)
{
    IMsgrSessionManager *manager, *other = create_manager();
    WCHAR challenge[128], response[33];
    IConnectionPoint *cp;
    struct sink sink;
    IMsgrLock *lock;
    DWORD cookie;

    if (!(manager = manager_with_lock(&lock, &sink, &cp, &cookie))) return;
    if (request_challenge(&sink, lock, -7, challenge) &&
        md5_response(challenge, STRICT_REG_KEY, TRUE, response))
    {
        check_response(&sink, lock, L"MSGSC-Lock-Reg", response, -7, LOCK_UNLOCKED);
        check_manager_calls(manager, S_OK);
        if (other) check_manager_calls(other, MSGR_E_API_LOCKED);
    }
    if (other) IMsgrSessionManager_Release(other);
    release_manager_with_lock(manager, lock, cp, cookie);
}

/* A rejected response: the call is taken, then LOCK_UNLOCKFAILED and
 * OnLockResult(FALSE); one attempt only, and the manager stays locked. */
static void check_strict_failure(const WCHAR *id, const char *key, const char *what)
{
    WCHAR challenge[128], response[33];
    IMsgrSessionManager *manager;
    IConnectionPoint *cp;
    struct sink sink;
    IMsgrLock *lock;
    DWORD cookie;
    BSTR id_bstr;

    trace("strict failure: %s\n", what);
    if (!(manager = manager_with_lock(&lock, &sink, &cp, &cookie))) return;
    if (request_challenge(&sink, lock, 5, challenge) && md5_response(challenge, key, FALSE, response))
    {
        check_response(&sink, lock, id, response, 5, LOCK_UNLOCKFAILED);
        check_manager_calls(manager, MSGR_E_API_LOCKED);
        SetErrorInfo(0, NULL);
        ok_hr(IMsgrLock_RequestChallenge(lock, 6), MSGR_E_API_UNLOCK_FAILED);
        check_error_info(&IID_IMsgrLock);
        id_bstr = SysAllocString(id);
        ok_hr(IMsgrLock_SendResponse(lock, id_bstr, (BSTR)response, 5), MSGR_E_API_UNLOCK_FAILED);
        SysFreeString(id_bstr);
        check_status(lock, LOCK_UNLOCKFAILED);
        drain();
        ok(sink.count == 2, "refused calls fired %u events.\n", sink.count - 2);
    }
    release_manager_with_lock(manager, lock, cp, cookie);
}

static void test_strict_failures(void)
{
    check_strict_failure(L"" STRICT_ENV_ID, "WrongKey", "wrong key");
    check_strict_failure(L"" STRICT_ENV_ID, STRICT_REG_KEY, "another application's key");
    check_strict_failure(L"msgsc-lock-unknown", STRICT_ENV_KEY, "unknown application ID");
    check_strict_failure(L"", STRICT_ENV_KEY, "empty application ID");
}

/* Not a digest at all: refused like a wrong one. */
static void test_strict_malformed(void)
{
    IMsgrSessionManager *manager;
    WCHAR challenge[128];
    IConnectionPoint *cp;
    struct sink sink;
    IMsgrLock *lock;
    DWORD cookie;

    if (!(manager = manager_with_lock(&lock, &sink, &cp, &cookie))) return;
    if (request_challenge(&sink, lock, 9, challenge))
        check_response(&sink, lock, L"" STRICT_ENV_ID, L"not a digest", 9, LOCK_UNLOCKFAILED);
    release_manager_with_lock(manager, lock, cp, cookie);
}

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "strict"))
    {
        set_strict_settings();
        CoInitialize(NULL);
        test_strict_unlock_lower();
        test_strict_unlock_upper();
        test_strict_failures();
        test_strict_malformed();
        CoUninitialize();
        clear_strict_settings();
        return test_summary();
    }
    CoInitialize(NULL);
    test_initial();
    test_handshake();
    test_per_object();
    test_release_before_event();
    test_interface();
    CoUninitialize();
    return test_summary();
}
