/*
 * Registration round trips of msgsc.dll: every key and value, rollback on
 * injected failures, per-user install, regsvr32, and the Apps key.
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

#define COBJMACROS
#include <windows.h>
#include <ole2.h>
#include <olectl.h>
#include <wchar.h>
#include "msgrpriv.h"
#include "test.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Transcribed from the spec (1.1, 4.1) and docs/registration.md. */
#define MANAGER_CLSID L"{E3A3B1D9-5675-43C0-BF04-37BE11939FB7}"
#define SESSION_CLSID L"{E3A3B1D8-5675-43C0-BF04-37BE11939FB7}"
#define LIBID         L"{53CED51D-432B-45B2-A3E0-0CE2C24235D4}"
#define PS_OA         L"{00020424-0000-0000-C000-000000000046}"
#define PS_DISPATCH   L"{00020420-0000-0000-C000-000000000046}"
#define APPS_KEY      L"Software\\Microsoft\\MessengerService\\SessionManager\\Apps"
#define FAIL_AT       L"MSGSC_TEST_REGISTRY_FAIL_AT"
#ifdef _WIN64
#define TYPELIB_PLATFORM L"win64"
#else
#define TYPELIB_PLATFORM L"win32"
#endif

static const WCHAR *const interfaces[][2] = {
    {L"{305D86C6-6896-4099-91F5-CB7BA7733563}", L"IMsgrSessionManager"},
    {L"{42D7CAFC-0167-4941-A5D8-9FD7F104C41A}", L"IMsgrSession"},
    {L"{36602AFA-4859-4DF5-820B-BF35ACAA16CA}", L"IMsgrLock"},
    {L"{52AC8B62-8F88-46CA-902A-1F9106B0A9F4}", L"DMsgrSessionManagerEvents"},
    {L"{1847A74F-2E7F-43AF-B7F9-55A4DE3276F5}", L"DMsgrSessionEvents"},
};

/* Everything under Software\Classes that registration may touch. */
static const WCHAR *const snapshot_roots[] = {
    L"CLSID\\" MANAGER_CLSID,
    L"CLSID\\" SESSION_CLSID,
    L"Messenger.MsgrSessionManager",
    L"Messenger.MsgrSessionManager.1",
    L"TypeLib\\" LIBID,
    L"Interface\\{305D86C6-6896-4099-91F5-CB7BA7733563}",
    L"Interface\\{42D7CAFC-0167-4941-A5D8-9FD7F104C41A}",
    L"Interface\\{36602AFA-4859-4DF5-820B-BF35ACAA16CA}",
    L"Interface\\{52AC8B62-8F88-46CA-902A-1F9106B0A9F4}",
    L"Interface\\{1847A74F-2E7F-43AF-B7F9-55A4DE3276F5}",
};

static HMODULE msgsc;
static HRESULT(WINAPI *pDllRegisterServer)(void);
static HRESULT(WINAPI *pDllUnregisterServer)(void);
static HRESULT(WINAPI *pDllInstall)(BOOL, const WCHAR *);
static WCHAR module_path[MAX_PATH], module_dir[MAX_PATH];
/* LocalServer32: "<system>\rundll32.exe" "<module>",ComServer, the rundll32
 * of the DLL's architecture (SysWOW64's for a 32-bit DLL on 64-bit Windows). */
static WCHAR server_command[3 * MAX_PATH];

/* A registry snapshot: one sorted line per key and per value (data in hex),
 * so two snapshots compare line by line. */
struct snapshot
{
    WCHAR **lines;
    size_t count, capacity;
};

static void snapshot_add(struct snapshot *snap, const WCHAR *line)
{
    if (snap->count == snap->capacity)
    {
        snap->capacity = snap->capacity ? snap->capacity * 2 : 64;
        snap->lines = realloc(snap->lines, snap->capacity * sizeof(*snap->lines));
        if (!snap->lines) abort();
    }
    if (!(snap->lines[snap->count++] = _wcsdup(line))) abort();
}

static void snapshot_key(struct snapshot *snap, HKEY root, const WCHAR *path)
{
    WCHAR line[4096], name[256], sub[512];
    BYTE data[1024];
    DWORD i, j, name_len, size, type;
    HKEY key;
    int len;

    if (RegOpenKeyExW(root, path, 0, KEY_READ, &key)) return;
    swprintf(line, ARRAY_SIZE(line), L"K %ls", path);
    snapshot_add(snap, line);
    for (i = 0;; i++)
    {
        name_len = ARRAY_SIZE(name);
        size = sizeof(data);
        if (RegEnumValueW(key, i, name, &name_len, NULL, &type, data, &size)) break;
        len = swprintf(line, ARRAY_SIZE(line), L"V %ls [%ls] %lu ", path, name, type);
        for (j = 0; j < size && len + 3 < (int)ARRAY_SIZE(line); j++)
            len += swprintf(line + len, ARRAY_SIZE(line) - len, L"%02x", data[j]);
        snapshot_add(snap, line);
    }
    for (i = 0;; i++)
    {
        name_len = ARRAY_SIZE(name);
        if (RegEnumKeyExW(key, i, name, &name_len, NULL, NULL, NULL, NULL)) break;
        swprintf(sub, ARRAY_SIZE(sub), L"%ls\\%ls", path, name);
        snapshot_key(snap, root, sub);
    }
    RegCloseKey(key);
}

static int compare_lines(const void *a, const void *b)
{
    return wcscmp(*(WCHAR *const *)a, *(WCHAR *const *)b);
}

static void take_snapshot(HKEY hive, struct snapshot *snap)
{
    HKEY classes;
    size_t i;

    memset(snap, 0, sizeof(*snap));
    if (RegOpenKeyExW(hive, L"Software\\Classes", 0, KEY_READ, &classes)) return;
    for (i = 0; i < ARRAY_SIZE(snapshot_roots); i++)
        snapshot_key(snap, classes, snapshot_roots[i]);
    RegCloseKey(classes);
    if (snap->count) qsort(snap->lines, snap->count, sizeof(*snap->lines), compare_lines);
}

static void free_snapshot(struct snapshot *snap)
{
    while (snap->count)
        free(snap->lines[--snap->count]);
    free(snap->lines);
}

#define ok_same_snapshot(hive, before, what) ok_same_snapshot_(__LINE__, hive, before, what)
static void ok_same_snapshot_(int line, HKEY hive, const struct snapshot *before, const char *what)
{
    struct snapshot now;
    size_t i;

    take_snapshot(hive, &now);
    for (i = 0; i < now.count && i < before->count; i++)
        if (wcscmp(now.lines[i], before->lines[i])) break;
    ok_(__FILE__, line)(now.count == before->count && i == now.count,
                        "%s: registry differs at line %u: was %ls, now %ls.\n", what, (unsigned int)i,
                        i < before->count ? before->lines[i] : L"(end)",
                        i < now.count ? now.lines[i] : L"(end)");
    free_snapshot(&now);
}

/* Reads a REG_SZ value under hive\Software\Classes\path. */
static BOOL get_string(HKEY hive, const WCHAR *path, const WCHAR *name, WCHAR *out, DWORD chars)
{
    WCHAR full[512];
    DWORD size = chars * sizeof(WCHAR);

    swprintf(full, ARRAY_SIZE(full), L"Software\\Classes\\%ls", path);
    return !RegGetValueW(hive, full, name, RRF_RT_REG_SZ, NULL, out, &size);
}

#define ok_value(hive, path, name, expect) ok_value_(__LINE__, hive, path, name, expect)
static void ok_value_(int line, HKEY hive, const WCHAR *path, const WCHAR *name, const WCHAR *expect)
{
    WCHAR value[3 * MAX_PATH];
    BOOL found = get_string(hive, path, name, value, ARRAY_SIZE(value));

    ok_(__FILE__, line)(found && !wcscmp(value, expect), "%ls [%ls]: got %ls, expected %ls.\n", path,
                        name ? name : L"default", found ? value : L"(missing)", expect);
}

static void check_registration(HKEY hive)
{
    WCHAR path[256];
    size_t i;

    ok_value(hive, L"CLSID\\" MANAGER_CLSID, NULL, L"MsgrSessionManager");
    ok_value(hive, L"CLSID\\" MANAGER_CLSID L"\\InprocServer32", NULL, module_path);
    ok_value(hive, L"CLSID\\" MANAGER_CLSID L"\\InprocServer32", L"ThreadingModel", L"Apartment");
    ok_value(hive, L"CLSID\\" MANAGER_CLSID L"\\LocalServer32", NULL, server_command);
    ok_value(hive, L"CLSID\\" MANAGER_CLSID L"\\ProgID", NULL, L"Messenger.MsgrSessionManager.1");
    ok_value(hive, L"CLSID\\" MANAGER_CLSID L"\\VersionIndependentProgID", NULL,
             L"Messenger.MsgrSessionManager");
    ok_value(hive, L"CLSID\\" MANAGER_CLSID L"\\TypeLib", NULL, LIBID);
    ok_value(hive, L"CLSID\\" MANAGER_CLSID L"\\Version", NULL, L"1.0");

    ok_value(hive, L"CLSID\\" SESSION_CLSID, NULL, L"MsgrSession");
    ok_value(hive, L"CLSID\\" SESSION_CLSID L"\\InprocServer32", NULL, module_path);
    ok_value(hive, L"CLSID\\" SESSION_CLSID L"\\InprocServer32", L"ThreadingModel", L"Apartment");
    ok_value(hive, L"CLSID\\" SESSION_CLSID L"\\LocalServer32", NULL, server_command);
    ok_value(hive, L"CLSID\\" SESSION_CLSID L"\\TypeLib", NULL, LIBID);
    ok_value(hive, L"CLSID\\" SESSION_CLSID L"\\Version", NULL, L"1.0");
    ok(!get_string(hive, L"CLSID\\" SESSION_CLSID L"\\ProgID", NULL, path, ARRAY_SIZE(path)),
       "MsgrSession has a ProgID %ls.\n", path);

    ok_value(hive, L"Messenger.MsgrSessionManager.1\\CLSID", NULL, MANAGER_CLSID);
    ok_value(hive, L"Messenger.MsgrSessionManager\\CLSID", NULL, MANAGER_CLSID);
    ok_value(hive, L"Messenger.MsgrSessionManager\\CurVer", NULL, L"Messenger.MsgrSessionManager.1");

    ok_value(hive, L"TypeLib\\" LIBID L"\\1.0", NULL, L"Messenger Private Type Library");
    ok_value(hive, L"TypeLib\\" LIBID L"\\1.0\\FLAGS", NULL, L"0");
    ok_value(hive, L"TypeLib\\" LIBID L"\\1.0\\HELPDIR", NULL, module_dir);
    ok_value(hive, L"TypeLib\\" LIBID L"\\1.0\\0\\" TYPELIB_PLATFORM, NULL, module_path);

    for (i = 0; i < ARRAY_SIZE(interfaces); i++)
    {
        /* Dispinterfaces go through the IDispatch proxy, the rest through
         * the type library marshaler. */
        const WCHAR *ps = interfaces[i][1][0] == 'D' ? PS_DISPATCH : PS_OA;

        swprintf(path, ARRAY_SIZE(path), L"Interface\\%ls", interfaces[i][0]);
        ok_value(hive, path, NULL, interfaces[i][1]);
        swprintf(path, ARRAY_SIZE(path), L"Interface\\%ls\\ProxyStubClsid", interfaces[i][0]);
        ok_value(hive, path, NULL, ps);
        swprintf(path, ARRAY_SIZE(path), L"Interface\\%ls\\ProxyStubClsid32", interfaces[i][0]);
        ok_value(hive, path, NULL, ps);
        swprintf(path, ARRAY_SIZE(path), L"Interface\\%ls\\TypeLib", interfaces[i][0]);
        ok_value(hive, path, NULL, LIBID);
        ok_value(hive, path, L"Version", L"1.0");
    }
}

/* What a client sees after machine registration: ProgID, creation, the
 * refusing session class, the registered type library. */
static void check_activation(void)
{
    IMsgrSessionManager *manager;
    IUnknown *unk;
    ITypeLib *typelib;
    ITypeInfo *typeinfo;
    WCHAR text[39];
    BSTR path;
    CLSID clsid = GUID_NULL;
    HRESULT hr;

    hr = CLSIDFromProgID(L"Messenger.MsgrSessionManager", &clsid);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    StringFromGUID2(&clsid, text, ARRAY_SIZE(text));
    ok(IsEqualCLSID(&clsid, &CLSID_MsgrSessionManager), "Wrong CLSID %ls from the ProgID.\n", text);
    clsid = GUID_NULL;
    hr = CLSIDFromProgID(L"Messenger.MsgrSessionManager.1", &clsid);
    StringFromGUID2(&clsid, text, ARRAY_SIZE(text));
    ok(hr == S_OK && IsEqualCLSID(&clsid, &CLSID_MsgrSessionManager), "Unexpected hr %#lx, CLSID %ls.\n", hr,
       text);

    hr = CoCreateInstance(&clsid, NULL, CLSCTX_INPROC_SERVER, &IID_IMsgrSessionManager, (void **)&manager);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    if (hr == S_OK) IMsgrSessionManager_Release(manager);

    unk = (IUnknown *)0xdeadbeef;
    hr = CoCreateInstance(&CLSID_MsgrSession, NULL, CLSCTX_INPROC_SERVER, &IID_IUnknown, (void **)&unk);
    ok(hr == CLASS_E_CLASSNOTAVAILABLE, "Unexpected hr %#lx.\n", hr);
    ok(!unk, "Got object %p.\n", unk);

    hr = LoadRegTypeLib(&LIBID_MessengerPrivate, 1, 0, 0, &typelib);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    if (hr != S_OK) return;
    hr = ITypeLib_GetTypeInfoOfGuid(typelib, &IID_IMsgrLock, &typeinfo);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    if (hr == S_OK) ITypeInfo_Release(typeinfo);
    ITypeLib_Release(typelib);
    hr = QueryPathOfRegTypeLib(&LIBID_MessengerPrivate, 1, 0, 0, &path);
    ok(hr == S_OK && !wcsicmp(path, module_path), "Unexpected hr %#lx, path %ls.\n", hr, path);
    SysFreeString(path);
}

static void test_machine(void)
{
    struct snapshot machine, user;
    HRESULT hr;

    take_snapshot(HKEY_LOCAL_MACHINE, &machine);
    take_snapshot(HKEY_CURRENT_USER, &user);
    ok(!machine.count, "The prefix already has %u registry lines of msgsc.\n", (unsigned int)machine.count);

    hr = pDllUnregisterServer();
    ok(hr == S_OK, "Unregistering what was never registered: hr %#lx.\n", hr);
    ok_same_snapshot(HKEY_LOCAL_MACHINE, &machine, "unregister before register");

    hr = pDllRegisterServer();
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    check_registration(HKEY_LOCAL_MACHINE);
    ok_same_snapshot(HKEY_CURRENT_USER, &user, "machine registration touched HKCU");
    check_activation();

    /* Registering twice changes nothing. */
    hr = pDllRegisterServer();
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    check_registration(HKEY_LOCAL_MACHINE);

    hr = pDllUnregisterServer();
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    ok_same_snapshot(HKEY_LOCAL_MACHINE, &machine, "after DllUnregisterServer");
    hr = pDllUnregisterServer();
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);

    /* DllInstall with an empty or NULL command line is the machine form. */
    hr = pDllInstall(TRUE, NULL);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    check_registration(HKEY_LOCAL_MACHINE);
    hr = pDllInstall(FALSE, L"");
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    ok_same_snapshot(HKEY_LOCAL_MACHINE, &machine, "after DllInstall(FALSE, \"\")");

    free_snapshot(&machine);
    free_snapshot(&user);
}

static void test_user(void)
{
    struct snapshot machine, user;
    HRESULT hr;

    take_snapshot(HKEY_LOCAL_MACHINE, &machine);
    take_snapshot(HKEY_CURRENT_USER, &user);

    hr = pDllInstall(TRUE, L"bogus");
    ok(hr == E_INVALIDARG, "Unexpected hr %#lx.\n", hr);
    hr = pDllInstall(FALSE, L"machine");
    ok(hr == E_INVALIDARG, "Unexpected hr %#lx.\n", hr);
    ok_same_snapshot(HKEY_CURRENT_USER, &user, "after a bad command line");

    hr = pDllInstall(TRUE, L"user");
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    check_registration(HKEY_CURRENT_USER);
    ok_same_snapshot(HKEY_LOCAL_MACHINE, &machine, "per-user registration touched HKLM");

    hr = pDllInstall(FALSE, L"USER");
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    ok_same_snapshot(HKEY_CURRENT_USER, &user, "after per-user uninstall");

    free_snapshot(&machine);
    free_snapshot(&user);
}

static HRESULT do_register(BOOL user)
{
    return user ? pDllInstall(TRUE, L"user") : pDllRegisterServer();
}

static HRESULT do_unregister(BOOL user)
{
    return user ? pDllInstall(FALSE, L"user") : pDllUnregisterServer();
}

/* Fails the n-th write, n = 1, 2, ... until registration succeeds; each
 * failure must leave the registry as it was: pristine, or (on top of an
 * existing registration) with the earlier values back in place. */
static unsigned int inject_failures(BOOL user, const char *what)
{
    HKEY hive = user ? HKEY_CURRENT_USER : HKEY_LOCAL_MACHINE;
    struct snapshot before;
    WCHAR number[16];
    unsigned int n;
    HRESULT hr = E_FAIL;

    take_snapshot(hive, &before);
    for (n = 1; n < 1000; n++)
    {
        swprintf(number, ARRAY_SIZE(number), L"%u", n);
        SetEnvironmentVariableW(FAIL_AT, number);
        hr = do_register(user);
        if (SUCCEEDED(hr)) break;
        ok(hr == HRESULT_FROM_WIN32(ERROR_ACCESS_DENIED), "%s, write %u: unexpected hr %#lx.\n", what, n, hr);
        ok_same_snapshot(hive, &before, what);
    }
    SetEnvironmentVariableW(FAIL_AT, NULL);
    ok(hr == S_OK, "%s: unexpected hr %#lx after %u writes.\n", what, hr, n);
    free_snapshot(&before);
    return n - 1;
}

static void test_failure_injection(BOOL user)
{
    HKEY hive = user ? HKEY_CURRENT_USER : HKEY_LOCAL_MACHINE;
    struct snapshot pristine, registered;
    unsigned int writes;
    HRESULT hr;

    take_snapshot(hive, &pristine);
    writes = inject_failures(user, user ? "fresh per-user" : "fresh machine");
    /* At least one write per value: 46 values in the documented layout. */
    ok(writes >= 46, "Only %u writes.\n", writes);
    check_registration(hive);

    take_snapshot(hive, &registered);
    inject_failures(user, user ? "per-user re-registration" : "machine re-registration");
    ok_same_snapshot(hive, &registered, "after re-registration");

    hr = do_unregister(user);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    ok_same_snapshot(hive, &pristine, "after unregistration");

    /* The hook counts only registration writes. */
    SetEnvironmentVariableW(FAIL_AT, L"1");
    hr = do_unregister(user);
    SetEnvironmentVariableW(FAIL_AT, NULL);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    free_snapshot(&pristine);
    free_snapshot(&registered);
}

/* Something another program added under our key survives, and only it. */
static void test_foreign_value(void)
{
    static const WCHAR key_path[] = L"Software\\Classes\\CLSID\\" MANAGER_CLSID;
    struct snapshot pristine, foreign;
    WCHAR value[16];
    LSTATUS ret;
    BOOL found;
    HKEY key;
    HRESULT hr;

    take_snapshot(HKEY_LOCAL_MACHINE, &pristine);
    hr = pDllRegisterServer();
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    ret = RegSetKeyValueW(HKEY_LOCAL_MACHINE, key_path, L"Foreign", REG_SZ, L"kept", sizeof(L"kept"));
    ok(!ret, "RegSetKeyValue error %ld.\n", ret);

    hr = pDllUnregisterServer();
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    found = get_string(HKEY_LOCAL_MACHINE, L"CLSID\\" MANAGER_CLSID, L"Foreign", value, ARRAY_SIZE(value));
    ok(found && !wcscmp(value, L"kept"), "The foreign value: found %d, %ls.\n", found, found ? value : L"");
    /* An empty key chain left by an interrupted registration goes too. */
    ret = RegCreateKeyExW(HKEY_LOCAL_MACHINE, L"Software\\Classes\\TypeLib\\" LIBID L"\\1.0\\0", 0, NULL, 0,
                          KEY_ALL_ACCESS, NULL, &key, NULL);
    ok(!ret, "RegCreateKeyEx error %ld.\n", ret);
    RegCloseKey(key);
    hr = pDllUnregisterServer();
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);

    take_snapshot(HKEY_LOCAL_MACHINE, &foreign);
    ok(foreign.count == 2, "Expected the key and its foreign value, got %u lines.\n",
       (unsigned int)foreign.count);
    free_snapshot(&foreign);

    RegDeleteKeyValueW(HKEY_LOCAL_MACHINE, key_path, L"Foreign");
    RegDeleteKeyW(HKEY_LOCAL_MACHINE, key_path);
    ok_same_snapshot(HKEY_LOCAL_MACHINE, &pristine, "after removing the foreign value");
    free_snapshot(&pristine);
}

#define ok_app(hive, guid, name, url, path) ok_app_(__LINE__, hive, guid, name, url, path)
static void ok_app_(int line, HKEY hive, const WCHAR *guid, const WCHAR *name, const WCHAR *url,
                    const WCHAR *path)
{
    static const WCHAR *const names[] = {L"Name", L"URL", L"Path"};
    const WCHAR *expect[] = {name, url, path};
    WCHAR value[MAX_PATH];
    unsigned int i;
    DWORD size;
    LSTATUS ret;
    HKEY key;

    ret = RegOpenKeyExW(hive, APPS_KEY, 0, KEY_READ | KEY_WOW64_32KEY, &key);
    if (!ret)
    {
        HKEY app;

        ret = RegOpenKeyExW(key, guid, 0, KEY_READ | KEY_WOW64_32KEY, &app);
        RegCloseKey(key);
        key = app;
    }
    ok_(__FILE__, line)(name ? !ret : ret == ERROR_FILE_NOT_FOUND, "Apps\\%ls: error %ld.\n", guid, ret);
    if (ret) return;
    for (i = 0; name && i < ARRAY_SIZE(names); i++)
    {
        size = sizeof(value);
        ret = RegGetValueW(key, NULL, names[i], RRF_RT_REG_SZ, NULL, value, &size);
        ok_(__FILE__, line)(!ret && !wcscmp(value, expect[i]), "%ls: error %ld, got %ls.\n", names[i], ret,
                            ret ? L"" : value);
    }
    RegCloseKey(key);
}

/* RegisterApplication/UnRegisterApplication through a created manager, in
 * the documented key, 32-bit view. */
static void test_apps(void)
{
    static const WCHAR guid[] = L"{0B1E5A4C-1D2E-4F30-8A9B-C0D1E2F30415}";
    static const WCHAR lower[] = L"{0b1e5a4c-1d2e-4f30-8a9b-c0d1e2f30415}";
    static const WCHAR user_guid[] = L"{0B1E5A4C-1D2E-4F30-8A9B-C0D1E2F30416}";
    BSTR guid_b = SysAllocString(lower), name = SysAllocString(L"Chess \x00e9"), user_b;
    BSTR url = SysAllocString(L"http://example.com/chess"), path = SysAllocString(L"C:\\chess\\chess.exe /s");
    IMsgrSessionManager *manager;
    LSTATUS ret;
    HKEY key;
    HRESULT hr;

    hr = pDllRegisterServer();
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    hr = CoCreateInstance(&CLSID_MsgrSessionManager, NULL, CLSCTX_INPROC_SERVER, &IID_IMsgrSessionManager,
                          (void **)&manager);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    if (hr != S_OK) goto done;

    ok_app(HKEY_LOCAL_MACHINE, guid, NULL, NULL, NULL);
    hr = IMsgrSessionManager_RegisterApplication(manager, guid_b, name, url, path, 0);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    ok_app(HKEY_LOCAL_MACHINE, guid, name, url, path);
    hr = IMsgrSessionManager_RegisterApplication(manager, guid_b, name, url, path, 0);
    ok(hr == SR_APP_ALREADY_REGISTERED, "Unexpected hr %#lx.\n", hr);
    hr = IMsgrSessionManager_UnRegisterApplication(manager, guid_b);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    ok_app(HKEY_LOCAL_MACHINE, guid, NULL, NULL, NULL);
    hr = IMsgrSessionManager_UnRegisterApplication(manager, guid_b);
    ok(hr == SR_APP_NOT_REGISTERED, "Unexpected hr %#lx.\n", hr);

    /* An entry in the per-user twin counts as registered too. */
    ret = RegCreateKeyExW(HKEY_CURRENT_USER, APPS_KEY, 0, NULL, 0, KEY_ALL_ACCESS | KEY_WOW64_32KEY, NULL,
                          &key, NULL);
    ok(!ret, "Cannot create the per-user Apps key: error %ld.\n", ret);
    RegSetKeyValueW(key, user_guid, L"Name", REG_SZ, L"Mine", sizeof(L"Mine"));
    RegCloseKey(key);
    user_b = SysAllocString(user_guid);
    hr = IMsgrSessionManager_RegisterApplication(manager, user_b, name, url, path, 0);
    ok(hr == SR_APP_ALREADY_REGISTERED, "Unexpected hr %#lx.\n", hr);
    hr = IMsgrSessionManager_UnRegisterApplication(manager, user_b);
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    ok_app(HKEY_CURRENT_USER, user_guid, NULL, NULL, NULL);
    SysFreeString(user_b);

    IMsgrSessionManager_Release(manager);
done:
    hr = pDllUnregisterServer();
    ok(hr == S_OK, "Unexpected hr %#lx.\n", hr);
    SysFreeString(guid_b);
    SysFreeString(name);
    SysFreeString(url);
    SysFreeString(path);
}

/* Runs "regsvr32 <args> <module>" and returns its exit code. */
static DWORD run_regsvr32(const WCHAR *args)
{
    STARTUPINFOW si = {.cb = sizeof(si)};
    PROCESS_INFORMATION pi;
    WCHAR cmdline[MAX_PATH + 64];
    DWORD code = ~0u;

    swprintf(cmdline, ARRAY_SIZE(cmdline), L"regsvr32 %ls \"%ls\"", args, module_path);
    if (!CreateProcessW(NULL, cmdline, NULL, NULL, FALSE, 0, NULL, NULL, &si, &pi))
    {
        ok(0, "CreateProcess(%ls) error %lu.\n", cmdline, GetLastError());
        return code;
    }
    WaitForSingleObject(pi.hProcess, INFINITE);
    GetExitCodeProcess(pi.hProcess, &code);
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
    return code;
}

static void test_regsvr32(void)
{
    struct snapshot machine, user;
    WCHAR value[MAX_PATH];
    BOOL found;
    DWORD code;

    take_snapshot(HKEY_LOCAL_MACHINE, &machine);
    take_snapshot(HKEY_CURRENT_USER, &user);

    code = run_regsvr32(L"/s");
    ok(!code, "regsvr32 /s: exit code %lu.\n", code);
    check_registration(HKEY_LOCAL_MACHINE);
    code = run_regsvr32(L"/s /u");
    ok(!code, "regsvr32 /s /u: exit code %lu.\n", code);
    ok_same_snapshot(HKEY_LOCAL_MACHINE, &machine, "after regsvr32 /u");

    code = run_regsvr32(L"/s /n /i:user");
    ok(!code, "regsvr32 /s /n /i:user: exit code %lu.\n", code);
    check_registration(HKEY_CURRENT_USER);
    found = get_string(HKEY_LOCAL_MACHINE, L"CLSID\\" MANAGER_CLSID, NULL, value, ARRAY_SIZE(value));
    ok(!found, "The per-user install wrote HKLM: %ls.\n", found ? value : L"");
    code = run_regsvr32(L"/s /u /n /i:user");
    ok(!code, "regsvr32 /s /u /n /i:user: exit code %lu.\n", code);
    ok_same_snapshot(HKEY_CURRENT_USER, &user, "after regsvr32 /u /n /i:user");

    code = run_regsvr32(L"/s /n /i:nobody");
    ok(code && code != ~0u, "regsvr32 with a bad DllInstall command line: exit code %lu.\n", code);
    ok_same_snapshot(HKEY_CURRENT_USER, &user, "after a failed regsvr32");
    ok_same_snapshot(HKEY_LOCAL_MACHINE, &machine, "after a failed regsvr32");

    free_snapshot(&machine);
    free_snapshot(&user);
}

int main(int argc, char **argv)
{
    WCHAR *slash, system_dir[MAX_PATH];

    msgsc = LoadLibraryW(L"msgsc.dll");
    ok(msgsc != NULL, "LoadLibrary(msgsc.dll) error %lu.\n", GetLastError());
    if (!msgsc) return test_summary();
    pDllRegisterServer = (void *)GetProcAddress(msgsc, "DllRegisterServer");
    pDllUnregisterServer = (void *)GetProcAddress(msgsc, "DllUnregisterServer");
    pDllInstall = (void *)GetProcAddress(msgsc, "DllInstall");
    ok(pDllRegisterServer && pDllUnregisterServer && pDllInstall, "Missing exports: %p, %p, %p.\n",
       pDllRegisterServer, pDllUnregisterServer, pDllInstall);
    if (!pDllRegisterServer || !pDllUnregisterServer || !pDllInstall) return test_summary();
    GetModuleFileNameW(msgsc, module_path, ARRAY_SIZE(module_path));
    wcscpy(module_dir, module_path);
    if ((slash = wcsrchr(module_dir, '\\'))) *slash = 0;
    if (sizeof(void *) == 8 || !GetSystemWow64DirectoryW(system_dir, ARRAY_SIZE(system_dir)))
        GetSystemDirectoryW(system_dir, ARRAY_SIZE(system_dir));
    swprintf(server_command, ARRAY_SIZE(server_command), L"\"%ls\\rundll32.exe\" \"%ls\",ComServer",
             system_dir, module_path);

    if (argc > 1 && !strcmp(argv[1], "regsvr32"))
    {
        test_regsvr32();
        return test_summary();
    }

    CoInitialize(NULL);
    test_machine();
    test_user();
    test_failure_injection(FALSE);
    test_failure_injection(TRUE);
    test_foreign_value();
    test_apps();
    CoUninitialize();
    return test_summary();
}
