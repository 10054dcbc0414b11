/*
 * Early-bound tests of MsgrSessionManager: every IMsgrSessionManager member,
 * QueryInterface, class info, IDispatch and error info (spec 2.1).
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

/* A braced, upper-case GUID string as StringFromGUID2 writes it (spec 2.2 SessionID). */
static BOOL is_braced_guid(BSTR str)
{
    GUID guid;
    unsigned int i;

    if (SysStringLen(str) != 38 || str[0] != '{' || str[37] != '}') return FALSE;
    for (i = 0; i < 38; i++)
        if (str[i] >= 'a' && str[i] <= 'f') return FALSE;
    return CLSIDFromString(str, &guid) == S_OK;
}

static void test_CreateSession(IMsgrSessionManager *manager)
{
    IMsgrSession *session1, *session2;
    SESSION_STATE state;
    BSTR id1 = NULL, id2 = NULL;
    long flags;
    HRESULT hr;

    hr = IMsgrSessionManager_CreateSession(manager, NULL);
    ok(hr == E_INVALIDARG, "CreateSession(NULL) hr %#lx.\n", hr);

    session1 = create_session(manager);
    session2 = create_session(manager);
    if (!session1 || !session2) return;

    state = SS_UNKNOWN;
    hr = IMsgrSession_get_State(session1, &state);
    ok(hr == S_OK && state == SS_READY, "State hr %#lx, state %d.\n", hr, state);
    flags = -1;
    hr = IMsgrSession_get_Flags(session1, &flags);
    ok(hr == S_OK && flags == SF_INVITER, "Flags hr %#lx, flags %#lx.\n", hr, flags);

    hr = IMsgrSession_get_SessionID(session1, &id1);
    ok(hr == S_OK && is_braced_guid(id1), "SessionID hr %#lx, %ls.\n", hr, id1);
    hr = IMsgrSession_get_SessionID(session2, &id2);
    ok(hr == S_OK && is_braced_guid(id2), "SessionID hr %#lx, %ls.\n", hr, id2);
    ok(id1 && id2 && wcscmp(id1, id2), "Two sessions share SessionID %ls, %ls.\n", id1, id2);
    SysFreeString(id1);
    SysFreeString(id2);
    IMsgrSession_Release(session1);
    IMsgrSession_Release(session2);
}

static void test_GetLaunchingSession(IMsgrSessionManager *manager)
{
    IDispatch *disp;
    HRESULT hr;

    /* No session launched this process. */
    disp = (IDispatch *)0xdeadbeef;
    hr = IMsgrSessionManager_GetLaunchingSession(manager, GetCurrentProcessId(), &disp);
    ok(hr == E_FAIL && !disp, "GetLaunchingSession(self) hr %#lx, %p.\n", hr, disp);
    disp = (IDispatch *)0xdeadbeef;
    hr = IMsgrSessionManager_GetLaunchingSession(manager, 0x7ffffff0, &disp);
    ok(hr == E_FAIL && !disp, "GetLaunchingSession(unknown) hr %#lx, %p.\n", hr, disp);
    hr = IMsgrSessionManager_GetLaunchingSession(manager, GetCurrentProcessId(), NULL);
    ok(hr == E_INVALIDARG, "GetLaunchingSession(NULL) hr %#lx.\n", hr);
}

/* Reads a string value of the application's key, in HKLM or else HKCU,
 * 32-bit view (spec 4.1). */
static BOOL read_app_value(const WCHAR *guid, const WCHAR *name, WCHAR *out, DWORD size)
{
    static const HKEY roots[] = {HKEY_LOCAL_MACHINE, HKEY_CURRENT_USER};
    WCHAR path[128];
    unsigned int i;

    swprintf(path, ARRAY_SIZE(path), L"%ls\\%ls", APPS_KEY, guid);
    for (i = 0; i < ARRAY_SIZE(roots); i++)
    {
        DWORD bytes = size * sizeof(WCHAR);
        HKEY key;
        LSTATUS status;

        if (RegOpenKeyExW(roots[i], path, 0, KEY_READ | KEY_WOW64_32KEY, &key)) continue;
        status = RegGetValueW(key, NULL, name, RRF_RT_REG_SZ, NULL, out, &bytes);
        RegCloseKey(key);
        return !status;
    }
    return FALSE;
}

static BOOL app_key_exists(const WCHAR *guid)
{
    WCHAR value[8];
    WCHAR path[128];
    HKEY key;

    swprintf(path, ARRAY_SIZE(path), L"%ls\\%ls", APPS_KEY, guid);
    if (!RegOpenKeyExW(HKEY_LOCAL_MACHINE, path, 0, KEY_READ | KEY_WOW64_32KEY, &key) ||
        !RegOpenKeyExW(HKEY_CURRENT_USER, path, 0, KEY_READ | KEY_WOW64_32KEY, &key))
    {
        RegCloseKey(key);
        return TRUE;
    }
    return read_app_value(guid, L"Name", value, ARRAY_SIZE(value));
}

static void test_RegisterApplication(IMsgrSessionManager *manager, const WCHAR *guid)
{
    static const WCHAR *bad_guids[] = {
        L"",
        L"12345678-1234-1234-1234-123456789ABC",    /* no braces */
        L"{12345678-1234-1234-1234-123456789ABC",   /* no closing brace */
        L"{1234567G-1234-1234-1234-123456789ABC}",  /* not hex */
        L"{1234567-1234-1234-1234-123456789ABC}",   /* too short */
        L"{12345678-1234-1234-1234-123456789ABCD}", /* too long */
        L"{12345678+1234-1234-1234-123456789ABC}",  /* wrong separator */
        L"not a guid",
    };
    WCHAR lower[39], value[300] = {0};
    BSTR g, n, u, p, longstr;
    unsigned int i;
    BOOL found;
    HRESULT hr;

    hr = register_app(manager, guid, L"msgsc test app", L"http://example.org/app",
                      L"C:\\windows\\notepad.exe");
    ok(hr == S_OK, "RegisterApplication hr %#lx.\n", hr);
    check_interface(manager, &IID_ISupportErrorInfo, TRUE);

    found = read_app_value(guid, L"Name", value, ARRAY_SIZE(value));
    ok(found && !wcscmp(value, L"msgsc test app"), "Name value: found %d, %ls.\n", found,
       found ? value : L"");
    found = read_app_value(guid, L"URL", value, ARRAY_SIZE(value));
    ok(found && !wcscmp(value, L"http://example.org/app"), "URL value: found %d, %ls.\n", found,
       found ? value : L"");
    found = read_app_value(guid, L"Path", value, ARRAY_SIZE(value));
    ok(found && !wcscmp(value, L"C:\\windows\\notepad.exe"), "Path value: found %d, %ls.\n", found,
       found ? value : L"");

    hr = register_app(manager, guid, L"other", L"http://example.org/other", L"C:\\windows\\notepad.exe");
    ok(hr == SR_APP_ALREADY_REGISTERED, "re-RegisterApplication hr %#lx.\n", hr);
    /* The same GUID in lower case is the same application (spec Q7). */
    wcscpy(lower, guid);
    CharLowerW(lower);
    hr = register_app(manager, lower, L"other", L"http://example.org/other", L"C:\\windows\\notepad.exe");
    ok(hr == SR_APP_ALREADY_REGISTERED, "lower-case re-RegisterApplication hr %#lx.\n", hr);

    g = SysAllocString(guid);
    n = SysAllocString(L"name");
    u = SysAllocString(L"http://example.org/");
    p = SysAllocString(L"C:\\windows\\notepad.exe");
    hr = IMsgrSessionManager_RegisterApplication(manager, g, n, u, p, 1);
    ok(hr == E_INVALIDARG, "RegisterApplication(flags 1) hr %#lx.\n", hr);
    hr = IMsgrSessionManager_RegisterApplication(manager, NULL, n, u, p, 0);
    ok(hr == E_INVALIDARG, "RegisterApplication(NULL guid) hr %#lx.\n", hr);
    SysFreeString(g);

    for (i = 0; i < ARRAY_SIZE(bad_guids); i++)
    {
        g = SysAllocString(bad_guids[i]);
        SetErrorInfo(0, NULL);
        hr = IMsgrSessionManager_RegisterApplication(manager, g, n, u, p, 0);
        ok(hr == E_INVALIDARG, "RegisterApplication(%ls) hr %#lx.\n", bad_guids[i], hr);
        if (i == 1) check_error_info(&IID_IMsgrSessionManager);
        SysFreeString(g);
    }

    /* Over-long name, URL and path (spec 2.1 limits 256/256/260, Q2). */
    {
        WCHAR fresh[39];

        new_guid_string(fresh);
        g = SysAllocString(fresh);
        longstr = repeat_bstr('a', 257);
        hr = IMsgrSessionManager_RegisterApplication(manager, g, longstr, u, p, 0);
        ok(hr == E_INVALIDARG, "RegisterApplication(name 257) hr %#lx.\n", hr);
        hr = IMsgrSessionManager_RegisterApplication(manager, g, n, longstr, p, 0);
        ok(hr == E_INVALIDARG, "RegisterApplication(URL 257) hr %#lx.\n", hr);
        SysFreeString(longstr);
        longstr = repeat_bstr('a', 261);
        hr = IMsgrSessionManager_RegisterApplication(manager, g, n, u, longstr, 0);
        ok(hr == E_INVALIDARG, "RegisterApplication(path 261) hr %#lx.\n", hr);
        SysFreeString(longstr);
        ok(!app_key_exists(fresh), "A refused registration left a key.\n");

        /* 256 characters of name and URL are within the limit. */
        longstr = repeat_bstr('a', 256);
        hr = IMsgrSessionManager_RegisterApplication(manager, g, longstr, longstr, p, 0);
        ok(hr == S_OK, "RegisterApplication(name and URL 256) hr %#lx.\n", hr);
        found = read_app_value(fresh, L"Name", value, ARRAY_SIZE(value));
        ok(found && !wcscmp(value, longstr), "Name of 256 characters: found %d, %u characters.\n", found,
           found ? (unsigned int)wcslen(value) : 0);
        SysFreeString(longstr);
        hr = unregister_app(manager, fresh);
        ok(hr == S_OK, "UnRegisterApplication hr %#lx.\n", hr);
        SysFreeString(g);
    }
    SysFreeString(n);
    SysFreeString(u);
    SysFreeString(p);
}

static void test_UnRegisterApplication(IMsgrSessionManager *manager)
{
    WCHAR guid[39], lower[39];
    HRESULT hr;

    new_guid_string(guid);
    hr = register_app(manager, guid, L"to remove", L"http://example.org/", L"C:\\windows\\notepad.exe");
    ok(hr == S_OK, "RegisterApplication hr %#lx.\n", hr);
    ok(app_key_exists(guid), "No key after RegisterApplication.\n");
    /* Lower-case hex names the same application. */
    wcscpy(lower, guid);
    CharLowerW(lower);
    hr = unregister_app(manager, lower);
    ok(hr == S_OK, "UnRegisterApplication hr %#lx.\n", hr);
    ok(!app_key_exists(guid), "Key still present after UnRegisterApplication.\n");
    hr = unregister_app(manager, guid);
    ok(hr == SR_APP_NOT_REGISTERED, "second UnRegisterApplication hr %#lx.\n", hr);
    hr = unregister_app(manager, L"{bad}");
    ok(hr == E_INVALIDARG, "UnRegisterApplication(bad) hr %#lx.\n", hr);
    hr = unregister_app(manager, L"12345678-1234-1234-1234-123456789ABC");
    ok(hr == E_INVALIDARG, "UnRegisterApplication(no braces) hr %#lx.\n", hr);
    hr = IMsgrSessionManager_UnRegisterApplication(manager, NULL);
    ok(hr == E_INVALIDARG, "UnRegisterApplication(NULL) hr %#lx.\n", hr);
}

/* Gets a property or calls a method of a collection late-bound. */
static HRESULT call_collection(IDispatch *disp, DISPID id, WORD flags, VARIANT *arg, VARIANT *result)
{
    DISPPARAMS params = {arg, NULL, arg ? 1 : 0, 0};

    VariantInit(result);
    return IDispatch_Invoke(disp, id, &IID_NULL, LOCALE_USER_DEFAULT, flags, &params, result, NULL, NULL);
}

static BOOL variant_is_guid(VARIANT *v, const WCHAR *guid)
{
    VARIANT str;
    BOOL ret;

    VariantInit(&str);
    if (FAILED(VariantChangeType(&str, v, 0, VT_BSTR))) return FALSE;
    ret = !lstrcmpiW(V_BSTR(&str), guid);
    VariantClear(&str);
    return ret;
}

/* Applications: spec Rec is E_NOTIMPL with NULL; a collection is accepted
 * too, as long as Count, Item and _NewEnum agree and see our GUID. */
static void test_Applications(IMsgrSessionManager *manager, const WCHAR *guid)
{
    IDispatch *apps = (IDispatch *)0xdeadbeef;
    LONG count = 0, enumerated = 0, base, i;
    BOOL seen_enum = FALSE, seen_item = FALSE;
    IEnumVARIANT *enumvar = NULL;
    VARIANT result, arg, item;
    WCHAR *name = (WCHAR *)L"Count";
    DISPID count_id, item_id;
    HRESULT hr;

    hr = IMsgrSessionManager_get_Applications(manager, NULL);
    ok(hr == E_INVALIDARG || hr == E_NOTIMPL, "Applications(NULL) hr %#lx.\n", hr);
    hr = IMsgrSessionManager_get_Applications(manager, &apps);
    if (hr == E_NOTIMPL)
    {
        ok(!apps, "Applications E_NOTIMPL but %p.\n", apps);
        return;
    }
    ok(hr == S_OK && apps, "Applications hr %#lx, %p.\n", hr, apps);
    if (hr != S_OK || !apps) return;

    hr = IDispatch_GetIDsOfNames(apps, &IID_NULL, &name, 1, LOCALE_USER_DEFAULT, &count_id);
    ok(hr == S_OK, "GetIDsOfNames(Count) hr %#lx.\n", hr);
    hr = call_collection(apps, count_id, DISPATCH_PROPERTYGET, NULL, &result);
    ok(hr == S_OK && V_VT(&result) == VT_I4, "Count hr %#lx, vt %d.\n", hr, V_VT(&result));
    count = V_I4(&result);
    ok(count >= 1, "Count %ld with an application registered.\n", count);

    hr = call_collection(apps, DISPID_NEWENUM, DISPATCH_PROPERTYGET | DISPATCH_METHOD, NULL, &result);
    ok(hr == S_OK && (V_VT(&result) == VT_UNKNOWN || V_VT(&result) == VT_DISPATCH),
       "_NewEnum hr %#lx, vt %d.\n", hr, V_VT(&result));
    if (hr == S_OK && (V_VT(&result) == VT_UNKNOWN || V_VT(&result) == VT_DISPATCH))
        IUnknown_QueryInterface(V_UNKNOWN(&result), &IID_IEnumVARIANT, (void **)&enumvar);
    VariantClear(&result);
    ok(enumvar != NULL, "_NewEnum gave no IEnumVARIANT.\n");
    while (enumvar && IEnumVARIANT_Next(enumvar, 1, &item, NULL) == S_OK)
    {
        enumerated++;
        if (variant_is_guid(&item, guid)) seen_enum = TRUE;
        VariantClear(&item);
    }
    if (enumvar) IEnumVARIANT_Release(enumvar);
    ok(enumerated == count, "_NewEnum gave %ld items, Count %ld.\n", enumerated, count);
    ok(seen_enum, "_NewEnum does not list %ls.\n", guid);

    name = (WCHAR *)L"Item";
    hr = IDispatch_GetIDsOfNames(apps, &IID_NULL, &name, 1, LOCALE_USER_DEFAULT, &item_id);
    ok(hr == S_OK, "GetIDsOfNames(Item) hr %#lx.\n", hr);
    /* Either base is acceptable; it must be consistent over Count items. */
    V_VT(&arg) = VT_I4;
    V_I4(&arg) = 0;
    hr = call_collection(apps, item_id, DISPATCH_METHOD | DISPATCH_PROPERTYGET, &arg, &result);
    base = SUCCEEDED(hr) ? 0 : 1;
    VariantClear(&result);
    for (i = base; i < base + count; i++)
    {
        V_I4(&arg) = i;
        hr = call_collection(apps, item_id, DISPATCH_METHOD | DISPATCH_PROPERTYGET, &arg, &result);
        ok(hr == S_OK, "Item(%ld) hr %#lx.\n", i, hr);
        if (variant_is_guid(&result, guid)) seen_item = TRUE;
        VariantClear(&result);
    }
    ok(seen_item, "Item does not reach %ls.\n", guid);
    V_I4(&arg) = base + count;
    hr = call_collection(apps, item_id, DISPATCH_METHOD | DISPATCH_PROPERTYGET, &arg, &result);
    ok(FAILED(hr), "Item(%ld) past the end hr %#lx.\n", base + count, hr);
    VariantClear(&result);
    IDispatch_Release(apps);
}

static void test_QueryInterface(IMsgrSessionManager *manager)
{
    static const GUID unknown = {0x12345678, 0x1234, 0x1234, {1, 2, 3, 4, 5, 6, 7, 8}};
    IProvideClassInfo2 *classinfo;
    IUnknown *unk1, *unk2;
    ITypeInfo *typeinfo;
    TYPEATTR *attr;
    GUID guid;
    HRESULT hr;

    check_interface(manager, &IID_IUnknown, TRUE);
    check_interface(manager, &IID_IDispatch, TRUE);
    check_interface(manager, &IID_IMsgrSessionManager, TRUE);
    check_interface(manager, &IID_IMsgrLock, TRUE);
    check_interface(manager, &IID_IConnectionPointContainer, TRUE);
    check_interface(manager, &IID_IProvideClassInfo, TRUE);
    check_interface(manager, &IID_IProvideClassInfo2, TRUE);
    check_interface(manager, &IID_ISupportErrorInfo, TRUE);
    check_interface(manager, &unknown, FALSE);
    check_interface(manager, &IID_IMsgrSession, FALSE);
    check_interface(manager, &DIID_DMsgrSessionManagerEvents, FALSE);

    /* COM identity through the lock interface. */
    IMsgrSessionManager_QueryInterface(manager, &IID_IUnknown, (void **)&unk1);
    hr = IMsgrSessionManager_QueryInterface(manager, &IID_IMsgrLock, (void **)&unk2);
    if (hr == S_OK)
    {
        IUnknown *unk3 = NULL;

        IUnknown_QueryInterface(unk2, &IID_IUnknown, (void **)&unk3);
        ok(unk3 == unk1, "IMsgrLock breaks COM identity: IUnknown %p, expected %p.\n", unk3, unk1);
        if (unk3) IUnknown_Release(unk3);
        IUnknown_Release(unk2);
    }
    IUnknown_Release(unk1);

    hr = IMsgrSessionManager_QueryInterface(manager, &IID_IProvideClassInfo2, (void **)&classinfo);
    if (hr != S_OK) return;
    memset(&guid, 0, sizeof(guid));
    hr = IProvideClassInfo2_GetGUID(classinfo, GUIDKIND_DEFAULT_SOURCE_DISP_IID, &guid);
    ok(hr == S_OK && IsEqualGUID(&guid, &DIID_DMsgrSessionManagerEvents), "GetGUID hr %#lx, %s.\n", hr,
       debugstr_iid(&guid));
    hr = IProvideClassInfo2_GetGUID(classinfo, GUIDKIND_DEFAULT_SOURCE_DISP_IID, NULL);
    ok(hr == E_POINTER, "GetGUID(NULL) hr %#lx.\n", hr);
    hr = IProvideClassInfo2_GetGUID(classinfo, 12345, &guid);
    ok(hr == E_INVALIDARG, "GetGUID(bad kind) hr %#lx.\n", hr);
    hr = IProvideClassInfo2_GetClassInfo(classinfo, &typeinfo);
    ok(hr == S_OK, "GetClassInfo hr %#lx.\n", hr);
    if (hr == S_OK)
    {
        hr = ITypeInfo_GetTypeAttr(typeinfo, &attr);
        ok(hr == S_OK && attr->typekind == TKIND_COCLASS &&
               IsEqualGUID(&attr->guid, &CLSID_MsgrSessionManager),
           "class info hr %#lx, kind %d, %s, expected the MsgrSessionManager coclass.\n", hr,
           hr == S_OK ? (int)attr->typekind : -1, hr == S_OK ? debugstr_iid(&attr->guid) : "");
        if (hr == S_OK) ITypeInfo_ReleaseTypeAttr(typeinfo, attr);
        ITypeInfo_Release(typeinfo);
    }
    IProvideClassInfo2_Release(classinfo);
}

static void test_creation(void)
{
    IUnknown *unk = (IUnknown *)0xdeadbeef;
    IUnknown outer = {NULL}; /* never called: aggregation must be refused first */
    HRESULT hr;

    hr = CoCreateInstance(&CLSID_MsgrSessionManager, &outer, CLSCTX_INPROC_SERVER, &IID_IUnknown,
                          (void **)&unk);
    ok(hr == CLASS_E_NOAGGREGATION && !unk, "aggregated CoCreateInstance hr %#lx, %p.\n", hr, unk);

    unk = (IUnknown *)0xdeadbeef;
    hr = CoCreateInstance(&CLSID_MsgrSessionManager, &outer, CLSCTX_INPROC_SERVER, &IID_IMsgrSessionManager,
                          (void **)&unk);
    ok(hr == CLASS_E_NOAGGREGATION && !unk, "aggregated CoCreateInstance(IMsgrSessionManager) hr %#lx, %p.\n",
       hr, unk);

    unk = (IUnknown *)0xdeadbeef;
    hr = CoCreateInstance(&CLSID_MsgrSession, NULL, CLSCTX_INPROC_SERVER, &IID_IUnknown, (void **)&unk);
    ok(hr == CLASS_E_CLASSNOTAVAILABLE && !unk, "CoCreateInstance(MsgrSession) hr %#lx, %p.\n", hr, unk);

    /* The ProgIDs of the coclass. */
    {
        CLSID clsid = GUID_NULL;

        hr = CLSIDFromProgID(L"Messenger.MsgrSessionManager", &clsid);
        ok(hr == S_OK && IsEqualGUID(&clsid, &CLSID_MsgrSessionManager), "CLSIDFromProgID hr %#lx, %s.\n", hr,
           debugstr_iid(&clsid));
        clsid = GUID_NULL;
        hr = CLSIDFromProgID(L"Messenger.MsgrSessionManager.1", &clsid);
        ok(hr == S_OK && IsEqualGUID(&clsid, &CLSID_MsgrSessionManager), "CLSIDFromProgID(.1) hr %#lx, %s.\n",
           hr, debugstr_iid(&clsid));
    }
}

static const struct
{
    const WCHAR *name;
    DISPID id;
} manager_members[] = {
    {L"CreateSession", 0},         {L"GetLaunchingSession", 1}, {L"RegisterApplication", 2},
    {L"UnRegisterApplication", 3}, {L"Applications", 4},
};

static void test_IDispatch(IMsgrSessionManager *manager)
{
    DISPPARAMS params = {NULL, NULL, 0, 0};
    IMsgrSession *session;
    VARIANT result, args[2];
    ITypeInfo *typeinfo;
    UINT count, argerr;
    unsigned int i;
    WCHAR *name;
    DISPID id;
    HRESULT hr;

    count = 0;
    hr = IMsgrSessionManager_GetTypeInfoCount(manager, &count);
    ok(hr == S_OK && count == 1, "GetTypeInfoCount hr %#lx, %u.\n", hr, count);
    hr = IMsgrSessionManager_GetTypeInfo(manager, 0, LOCALE_USER_DEFAULT, &typeinfo);
    ok(hr == S_OK, "GetTypeInfo hr %#lx.\n", hr);
    if (hr == S_OK) ITypeInfo_Release(typeinfo);
    hr = IMsgrSessionManager_GetTypeInfo(manager, 1, LOCALE_USER_DEFAULT, &typeinfo);
    ok(hr == DISP_E_BADINDEX, "GetTypeInfo(1) hr %#lx.\n", hr);

    for (i = 0; i < ARRAY_SIZE(manager_members); i++)
    {
        name = (WCHAR *)manager_members[i].name;
        id = -1;
        hr = IMsgrSessionManager_GetIDsOfNames(manager, &IID_NULL, &name, 1, LOCALE_USER_DEFAULT, &id);
        ok(hr == S_OK && id == manager_members[i].id, "GetIDsOfNames(%ls) hr %#lx, id %ld.\n", name, hr, id);
    }
    name = (WCHAR *)L"createsession"; /* names are case-insensitive */
    hr = IMsgrSessionManager_GetIDsOfNames(manager, &IID_NULL, &name, 1, LOCALE_USER_DEFAULT, &id);
    ok(hr == S_OK && id == 0, "GetIDsOfNames(createsession) hr %#lx, id %ld.\n", hr, id);
    name = (WCHAR *)L"NoSuchMember";
    hr = IMsgrSessionManager_GetIDsOfNames(manager, &IID_NULL, &name, 1, LOCALE_USER_DEFAULT, &id);
    ok(hr == DISP_E_UNKNOWNNAME && id == DISPID_UNKNOWN, "GetIDsOfNames(unknown) hr %#lx, id %ld.\n", hr, id);

    /* CreateSession is the default member. */
    VariantInit(&result);
    hr = IMsgrSessionManager_Invoke(manager, DISPID_VALUE, &IID_NULL, LOCALE_USER_DEFAULT, DISPATCH_METHOD,
                                    &params, &result, NULL, NULL);
    ok(hr == S_OK && V_VT(&result) == VT_DISPATCH && V_DISPATCH(&result), "Invoke(0) hr %#lx, vt %d, %p.\n",
       hr, V_VT(&result), V_DISPATCH(&result));
    if (hr == S_OK && V_VT(&result) == VT_DISPATCH)
    {
        hr = IDispatch_QueryInterface(V_DISPATCH(&result), &IID_IMsgrSession, (void **)&session);
        ok(hr == S_OK, "Invoke(0) result is not a session, hr %#lx.\n", hr);
        if (hr == S_OK) IMsgrSession_Release(session);
    }
    VariantClear(&result);

    hr = IMsgrSessionManager_Invoke(manager, 999, &IID_NULL, LOCALE_USER_DEFAULT, DISPATCH_METHOD, &params,
                                    &result, NULL, NULL);
    ok(hr == DISP_E_MEMBERNOTFOUND, "Invoke(999) hr %#lx.\n", hr);

    /* GetLaunchingSession takes one argument. */
    hr = IMsgrSessionManager_Invoke(manager, 1, &IID_NULL, LOCALE_USER_DEFAULT, DISPATCH_METHOD, &params,
                                    &result, NULL, NULL);
    ok(hr == DISP_E_BADPARAMCOUNT, "Invoke(1, no args) hr %#lx.\n", hr);
    V_VT(&args[0]) = VT_I4;
    V_I4(&args[0]) = 1;
    V_VT(&args[1]) = VT_I4;
    V_I4(&args[1]) = 2;
    params.rgvarg = args;
    params.cArgs = 2;
    hr = IMsgrSessionManager_Invoke(manager, 1, &IID_NULL, LOCALE_USER_DEFAULT, DISPATCH_METHOD, &params,
                                    &result, NULL, NULL);
    ok(hr == DISP_E_BADPARAMCOUNT, "Invoke(1, two args) hr %#lx.\n", hr);

    V_VT(&args[0]) = VT_BSTR;
    V_BSTR(&args[0]) = SysAllocString(L"not a number");
    params.cArgs = 1;
    /* Only the HRESULT: Wine 8's ITypeInfo::Invoke leaves argerr unset. */
    argerr = 99;
    hr = IMsgrSessionManager_Invoke(manager, 1, &IID_NULL, LOCALE_USER_DEFAULT, DISPATCH_METHOD, &params,
                                    &result, NULL, &argerr);
    ok(hr == DISP_E_TYPEMISMATCH, "Invoke(1, BSTR) hr %#lx, argerr %u.\n", hr, argerr);
    VariantClear(&args[0]);
    VariantClear(&result);
}

static void test_ISupportErrorInfo(IMsgrSessionManager *manager)
{
    ISupportErrorInfo *support;
    HRESULT hr;

    hr = IMsgrSessionManager_QueryInterface(manager, &IID_ISupportErrorInfo, (void **)&support);
    if (hr != S_OK) return;
    hr = ISupportErrorInfo_InterfaceSupportsErrorInfo(support, &IID_IMsgrSessionManager);
    ok(hr == S_OK, "InterfaceSupportsErrorInfo(IMsgrSessionManager) hr %#lx.\n", hr);
    hr = ISupportErrorInfo_InterfaceSupportsErrorInfo(support, &IID_IPersist);
    ok(hr == S_FALSE, "InterfaceSupportsErrorInfo(IPersist) hr %#lx.\n", hr);
    ISupportErrorInfo_Release(support);

    SetErrorInfo(0, NULL);
    hr = unregister_app(manager, L"{nonsense}");
    ok(hr == E_INVALIDARG, "UnRegisterApplication hr %#lx.\n", hr);
    check_error_info(&IID_IMsgrSessionManager);
}

int main(void)
{
    IMsgrSessionManager *manager;
    WCHAR guid[39];

    CoInitialize(NULL);
    test_creation();
    manager = create_manager();
    if (manager)
    {
        new_guid_string(guid);
        test_CreateSession(manager);
        test_GetLaunchingSession(manager);
        test_RegisterApplication(manager, guid);
        test_Applications(manager, guid);
        ok_hr(unregister_app(manager, guid), S_OK);
        test_UnRegisterApplication(manager);
        test_QueryInterface(manager);
        test_IDispatch(manager);
        test_ISupportErrorInfo(manager);
        IMsgrSessionManager_Release(manager);
    }
    CoUninitialize();
    return test_summary();
}
