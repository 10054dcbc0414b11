/*
 * IMsgrSessionManager::Applications: the collection of registered
 * applications (idl/msgscapps.idl), early bound and through IDispatch.
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
 *
 * Other test programs register and unregister applications in the same
 * prefix at the same time, so nothing here depends on the total count:
 * only on this program's own GUIDs and on the collection agreeing with
 * itself.
 */

#include "comtest.h"
#include "msgscapps.h"

#define APP_URL L"http://example.org/applications-test"

static WCHAR guid1[39], guid2[39];

static IMsgscApplications *get_applications(IMsgrSessionManager *manager)
{
    IMsgscApplications *apps = NULL;
    IDispatch *disp = NULL;
    HRESULT hr;

    hr = IMsgrSessionManager_get_Applications(manager, &disp);
    ok(hr == S_OK && disp, "Applications hr %#lx, %p.\n", hr, disp);
    if (!disp) return NULL;
    hr = IDispatch_QueryInterface(disp, &IID_IMsgscApplications, (void **)&apps);
    ok(hr == S_OK, "QueryInterface(IMsgscApplications) hr %#lx.\n", hr);
    IDispatch_Release(disp);
    return apps;
}

static IMsgscApplication *item(IMsgscApplications *apps, VARIANT *index, HRESULT expect)
{
    IMsgscApplication *app = NULL;
    IDispatch *disp = (IDispatch *)0xdeadbeef;
    HRESULT hr;

    hr = IMsgscApplications_get_Item(apps, *index, &disp);
    ok(hr == expect, "Item(vt %d) hr %#lx, expected %#lx.\n", V_VT(index), hr, expect);
    if (FAILED(expect))
    {
        ok(disp == NULL, "failed Item left %p.\n", disp);
        return NULL;
    }
    if (hr != S_OK || !disp) return NULL;
    hr = IDispatch_QueryInterface(disp, &IID_IMsgscApplication, (void **)&app);
    ok(hr == S_OK, "QueryInterface(IMsgscApplication) hr %#lx.\n", hr);
    IDispatch_Release(disp);
    return app;
}

static IMsgscApplication *item_by_guid(IMsgscApplications *apps, const WCHAR *guid, HRESULT expect)
{
    IMsgscApplication *app;
    VARIANT index;

    V_VT(&index) = VT_BSTR;
    V_BSTR(&index) = SysAllocString(guid);
    app = item(apps, &index, expect);
    VariantClear(&index);
    return app;
}

static IMsgscApplication *item_by_number(IMsgscApplications *apps, LONG number, HRESULT expect)
{
    VARIANT index;

    V_VT(&index) = VT_I4;
    V_I4(&index) = number;
    return item(apps, &index, expect);
}

#define check_string(app, getter, value) check_string_(__FILE__, __LINE__, app, getter, #getter, value)
typedef HRESULT(STDMETHODCALLTYPE *string_getter)(IMsgscApplication *, BSTR *);
static void check_string_(const char *file, int line, IMsgscApplication *app, string_getter getter,
                          const char *name, const WCHAR *value)
{
    BSTR str = NULL;
    HRESULT hr = getter(app, &str);

    ok_(file, line)(hr == S_OK && str && !wcscmp(str, value), "%s hr %#lx, %ls, expected %ls.\n", name, hr,
                    str, value);
    SysFreeString(str);
}

static BSTR guid_of(IMsgscApplication *app)
{
    BSTR guid = NULL;

    ok_hr(IMsgscApplication_get_GUID(app, &guid), S_OK);
    return guid;
}

static LONG count_of(IMsgscApplications *apps)
{
    LONG count = -1;
    HRESULT hr = IMsgscApplications_get_Count(apps, &count);

    ok(hr == S_OK && count >= 0, "Count hr %#lx, %ld.\n", hr, count);
    return count;
}

/* The index of guid in apps, by walking Item(0..Count-1), or -1. */
static LONG find(IMsgscApplications *apps, const WCHAR *guid)
{
    LONG i, count = count_of(apps), found = -1;

    for (i = 0; i < count && found < 0; i++)
    {
        IMsgscApplication *app = item_by_number(apps, i, S_OK);
        BSTR str;

        if (!app) continue;
        str = guid_of(app);
        if (str && !wcscmp(str, guid)) found = i;
        SysFreeString(str);
        IMsgscApplication_Release(app);
    }
    return found;
}

static void test_Item(IMsgrSessionManager *manager)
{
    IMsgscApplications *apps = get_applications(manager);
    IMsgscApplication *app;
    WCHAR lower[39], unknown[39];
    BSTR previous = NULL, str;
    VARIANT index, ref;
    LONG count, i;
    HRESULT hr;

    if (!apps) return;

    /* By GUID, in either case, with the registered values. */
    app = item_by_guid(apps, guid1, S_OK);
    if (app)
    {
        check_string(app, app->lpVtbl->get_GUID, guid1);
        check_string(app, app->lpVtbl->get_Name, L"applications test 1");
        check_string(app, app->lpVtbl->get_URL, APP_URL);
        check_string(app, app->lpVtbl->get_Path, L"C:\\windows\\notepad.exe /s");
        hr = IMsgscApplication_get_Name(app, NULL);
        ok(hr == E_INVALIDARG, "get_Name(NULL) hr %#lx.\n", hr);
        IMsgscApplication_Release(app);
    }
    wcscpy(lower, guid2);
    _wcslwr(lower);
    app = item_by_guid(apps, lower, S_OK);
    if (app)
    {
        check_string(app, app->lpVtbl->get_GUID, guid2); /* normalised */
        check_string(app, app->lpVtbl->get_Name, L"applications test 2");
        IMsgscApplication_Release(app);
    }
    new_guid_string(unknown);
    SetErrorInfo(0, NULL);
    item_by_guid(apps, unknown, SR_APP_NOT_REGISTERED);
    check_error_info(&IID_IMsgscApplications);
    item_by_guid(apps, L"not a guid", E_INVALIDARG);
    check_error_info(&IID_IMsgscApplications);
    item_by_guid(apps, L"", E_INVALIDARG);

    /* By 0-based number, in GUID order, each GUID once. */
    count = count_of(apps);
    ok(count >= 2, "Count %ld with two applications registered.\n", count);
    for (i = 0; i < count; i++)
    {
        if (!(app = item_by_number(apps, i, S_OK))) continue;
        str = guid_of(app);
        ok(!previous || wcscmp(previous, str) < 0, "Item(%ld) %ls does not follow %ls.\n", i, str, previous);
        SysFreeString(previous);
        previous = str;
        IMsgscApplication_Release(app);
    }
    SysFreeString(previous);
    ok(find(apps, guid1) >= 0, "Item(number) never gives %ls.\n", guid1);
    ok(find(apps, guid2) >= 0, "Item(number) never gives %ls.\n", guid2);
    SetErrorInfo(0, NULL);
    item_by_number(apps, count, DISP_E_BADINDEX);
    check_error_info(&IID_IMsgscApplications);
    item_by_number(apps, -1, DISP_E_BADINDEX);

    /* Other numeric types convert; a reference is followed. */
    V_VT(&index) = VT_R8;
    V_R8(&index) = 0.0;
    if ((app = item(apps, &index, S_OK))) IMsgscApplication_Release(app);
    V_VT(&index) = VT_I2;
    V_I2(&index) = 0;
    V_VT(&ref) = VT_I2 | VT_BYREF;
    V_I2REF(&ref) = &V_I2(&index);
    if ((app = item(apps, &ref, S_OK))) IMsgscApplication_Release(app);
    V_VT(&index) = VT_EMPTY;
    item(apps, &index, E_INVALIDARG);
    V_VT(&index) = VT_NULL;
    item(apps, &index, E_INVALIDARG);

    hr = IMsgscApplications_get_Item(apps, index, NULL);
    ok(hr == E_INVALIDARG, "Item(NULL) hr %#lx.\n", hr);
    hr = IMsgscApplications_get_Count(apps, NULL);
    ok(hr == E_INVALIDARG, "Count(NULL) hr %#lx.\n", hr);
    IMsgscApplications_Release(apps);
}

/* The collection is a snapshot: registering or unregistering later does
 * not change it; reading the property again does. */
static void test_snapshot(IMsgrSessionManager *manager)
{
    IMsgscApplications *before, *after;
    IMsgscApplication *app;
    WCHAR guid3[39];
    LONG count;
    HRESULT hr;

    if (!(before = get_applications(manager))) return;
    count = count_of(before);
    new_guid_string(guid3);
    hr = register_app(manager, guid3, L"applications test 3", APP_URL, L"C:\\windows\\notepad.exe");
    ok(hr == S_OK, "RegisterApplication hr %#lx.\n", hr);
    ok_int(count_of(before), count); /* a snapshot keeps its Count */
    item_by_guid(before, guid3, SR_APP_NOT_REGISTERED);

    if ((after = get_applications(manager)))
    {
        if ((app = item_by_guid(after, guid3, S_OK))) IMsgscApplication_Release(app);
        ok(find(after, guid3) >= 0, "the new collection lacks %ls.\n", guid3);
        IMsgscApplications_Release(after);
    }

    /* An application of the snapshot keeps its values after unregistration. */
    app = item_by_guid(before, guid1, S_OK);
    ok_hr(unregister_app(manager, guid3), S_OK);
    if (app)
    {
        check_string(app, app->lpVtbl->get_Name, L"applications test 1");
        IMsgscApplication_Release(app);
    }
    IMsgscApplications_Release(before);
}

static void test_enumerator(IMsgrSessionManager *manager)
{
    IMsgscApplications *apps = get_applications(manager);
    IEnumVARIANT *enumerator = NULL, *clone = NULL;
    IUnknown *unk = NULL;
    VARIANT items[3];
    ULONG fetched, total = 0, i;
    BOOL seen1 = FALSE, seen2 = FALSE;
    LONG count;
    HRESULT hr;

    if (!apps) return;
    count = count_of(apps);
    hr = IMsgscApplications_get__NewEnum(apps, &unk);
    ok(hr == S_OK && unk, "_NewEnum hr %#lx, %p.\n", hr, unk);
    if (unk)
    {
        hr = IUnknown_QueryInterface(unk, &IID_IEnumVARIANT, (void **)&enumerator);
        ok(hr == S_OK, "QueryInterface(IEnumVARIANT) hr %#lx.\n", hr);
        IUnknown_Release(unk);
    }
    if (!enumerator)
    {
        IMsgscApplications_Release(apps);
        return;
    }

    /* Three at a time: S_OK while full, S_FALSE with what is left. */
    do
    {
        fetched = 99;
        hr = IEnumVARIANT_Next(enumerator, 3, items, &fetched);
        ok(hr == (fetched == 3 ? S_OK : S_FALSE), "Next hr %#lx, fetched %lu.\n", hr, fetched);
        for (i = 0; i < fetched && i < 3; i++)
        {
            IMsgscApplication *app = NULL;
            BSTR guid;

            ok_int(V_VT(&items[i]), VT_DISPATCH);
            if (V_VT(&items[i]) == VT_DISPATCH)
                IDispatch_QueryInterface(V_DISPATCH(&items[i]), &IID_IMsgscApplication, (void **)&app);
            if (app)
            {
                guid = guid_of(app);
                if (guid && !wcscmp(guid, guid1)) seen1 = TRUE;
                if (guid && !wcscmp(guid, guid2)) seen2 = TRUE;
                SysFreeString(guid);
                IMsgscApplication_Release(app);
            }
            VariantClear(&items[i]);
        }
        total += fetched;
    } while (hr == S_OK && total < 10000);
    ok(total == (ULONG)count, "enumerated %lu, Count %ld.\n", total, count);
    ok(seen1 && seen2, "the enumerator misses our applications (%d, %d).\n", seen1, seen2);
    hr = IEnumVARIANT_Next(enumerator, 1, items, NULL);
    ok(hr == S_FALSE, "Next at the end hr %#lx.\n", hr);

    /* Reset, Skip and Clone keep their positions apart. */
    ok_hr(IEnumVARIANT_Reset(enumerator), S_OK);
    hr = IEnumVARIANT_Skip(enumerator, count - 1);
    ok(hr == S_OK, "Skip(Count - 1) hr %#lx.\n", hr);
    hr = IEnumVARIANT_Clone(enumerator, &clone);
    ok(hr == S_OK && clone, "Clone hr %#lx, %p.\n", hr, clone);
    hr = IEnumVARIANT_Next(enumerator, 1, items, NULL);
    ok(hr == S_OK, "last Next hr %#lx.\n", hr);
    if (hr == S_OK) VariantClear(&items[0]);
    hr = IEnumVARIANT_Skip(enumerator, 1);
    ok(hr == S_FALSE, "Skip past the end hr %#lx.\n", hr);
    if (clone)
    {
        hr = IEnumVARIANT_Next(clone, 1, items, NULL);
        ok(hr == S_OK, "Next on the clone hr %#lx.\n", hr);
        if (hr == S_OK) VariantClear(&items[0]);
        ok_int(IEnumVARIANT_Release(clone), 0);
    }

    hr = IEnumVARIANT_Next(enumerator, 2, items, NULL);
    ok(hr == E_INVALIDARG, "Next(2) without a count hr %#lx.\n", hr);
    hr = IEnumVARIANT_Next(enumerator, 1, NULL, &fetched);
    ok(hr == E_POINTER, "Next(NULL) hr %#lx.\n", hr);
    hr = IMsgscApplications_get__NewEnum(apps, NULL);
    ok(hr == E_INVALIDARG, "_NewEnum(NULL) hr %#lx.\n", hr);

    /* The enumerator outlives its collection. */
    IMsgscApplications_Release(apps);
    ok_hr(IEnumVARIANT_Reset(enumerator), S_OK);
    hr = IEnumVARIANT_Next(enumerator, 1, items, NULL);
    ok(hr == (count ? S_OK : S_FALSE), "Next after the collection's release hr %#lx.\n", hr);
    if (hr == S_OK) VariantClear(&items[0]);
    ok_int(IEnumVARIANT_Release(enumerator), 0);
}

/* Late binding, as scripts use it: names, the default members, _NewEnum
 * both as a method and as a property, and the object reading as its GUID. */
static void test_IDispatch(IMsgrSessionManager *manager)
{
    static const struct
    {
        const WCHAR *name;
        DISPID id;
    } members[] = {{L"Count", 1}, {L"Item", DISPID_VALUE}, {L"_NewEnum", DISPID_NEWENUM}};
    DISPPARAMS none = {NULL, NULL, 0, 0}, one;
    VARIANT result, arg, text;
    IDispatch *apps = NULL;
    ISupportErrorInfo *support;
    ITypeInfo *typeinfo;
    unsigned int i;
    WCHAR *name;
    DISPID id;
    HRESULT hr;
    UINT n;

    hr = IMsgrSessionManager_get_Applications(manager, &apps);
    if (!apps) return;

    n = 0;
    hr = IDispatch_GetTypeInfoCount(apps, &n);
    ok(hr == S_OK && n == 1, "GetTypeInfoCount hr %#lx, %u.\n", hr, n);
    hr = IDispatch_GetTypeInfo(apps, 0, LOCALE_USER_DEFAULT, &typeinfo);
    ok(hr == S_OK, "GetTypeInfo hr %#lx.\n", hr);
    if (hr == S_OK) ITypeInfo_Release(typeinfo);
    for (i = 0; i < ARRAY_SIZE(members); i++)
    {
        name = (WCHAR *)members[i].name;
        hr = IDispatch_GetIDsOfNames(apps, &IID_NULL, &name, 1, LOCALE_USER_DEFAULT, &id);
        ok(hr == S_OK && id == members[i].id, "GetIDsOfNames(%ls) hr %#lx, %ld.\n", name, hr, id);
    }

    VariantInit(&result);
    hr = IDispatch_Invoke(apps, 1, &IID_NULL, LOCALE_USER_DEFAULT, DISPATCH_PROPERTYGET, &none, &result, NULL,
                          NULL);
    ok(hr == S_OK && V_VT(&result) == VT_I4 && V_I4(&result) >= 2, "Count hr %#lx, vt %d, %ld.\n", hr,
       V_VT(&result), V_I4(&result));
    VariantClear(&result);

    /* JScript's Enumerator asks with DISPATCH_METHOD, VBScript with PROPERTYGET. */
    hr = IDispatch_Invoke(apps, DISPID_NEWENUM, &IID_NULL, LOCALE_USER_DEFAULT, DISPATCH_METHOD, &none,
                          &result, NULL, NULL);
    ok(hr == S_OK && V_VT(&result) == VT_UNKNOWN, "_NewEnum as a method hr %#lx, vt %d.\n", hr,
       V_VT(&result));
    VariantClear(&result);
    hr = IDispatch_Invoke(apps, DISPID_NEWENUM, &IID_NULL, LOCALE_USER_DEFAULT, DISPATCH_PROPERTYGET, &none,
                          &result, NULL, NULL);
    ok(hr == S_OK && V_VT(&result) == VT_UNKNOWN, "_NewEnum as a property hr %#lx, vt %d.\n", hr,
       V_VT(&result));
    VariantClear(&result);

    /* apps(guid1), and the item converts to its GUID through DISPID_VALUE. */
    V_VT(&arg) = VT_BSTR;
    V_BSTR(&arg) = SysAllocString(guid1);
    one.rgvarg = &arg;
    one.cArgs = 1;
    one.rgdispidNamedArgs = NULL;
    one.cNamedArgs = 0;
    hr = IDispatch_Invoke(apps, DISPID_VALUE, &IID_NULL, LOCALE_USER_DEFAULT,
                          DISPATCH_METHOD | DISPATCH_PROPERTYGET, &one, &result, NULL, NULL);
    ok(hr == S_OK && V_VT(&result) == VT_DISPATCH, "Item(guid) hr %#lx, vt %d.\n", hr, V_VT(&result));
    VariantInit(&text);
    if (hr == S_OK)
    {
        hr = VariantChangeType(&text, &result, 0, VT_BSTR);
        ok(hr == S_OK && !wcscmp(V_BSTR(&text), guid1), "item as text hr %#lx, %ls.\n", hr,
           hr == S_OK ? V_BSTR(&text) : L"");
        VariantClear(&text);
    }
    VariantClear(&result);
    VariantClear(&arg);

    /* A failure reaches a script as an exception with our description. */
    V_VT(&arg) = VT_I4;
    V_I4(&arg) = -1;
    {
        EXCEPINFO excepinfo;

        memset(&excepinfo, 0, sizeof(excepinfo));
        hr = IDispatch_Invoke(apps, DISPID_VALUE, &IID_NULL, LOCALE_USER_DEFAULT, DISPATCH_PROPERTYGET, &one,
                              &result, &excepinfo, NULL);
        ok(hr == DISP_E_EXCEPTION && excepinfo.scode == DISP_E_BADINDEX, "Item(-1) hr %#lx, scode %#lx.\n",
           hr, excepinfo.scode);
        ok(SysStringLen(excepinfo.bstrDescription) > 0, "Item(-1) without a description.\n");
        SysFreeString(excepinfo.bstrSource);
        SysFreeString(excepinfo.bstrDescription);
        SysFreeString(excepinfo.bstrHelpFile);
    }

    hr = IDispatch_QueryInterface(apps, &IID_ISupportErrorInfo, (void **)&support);
    ok(hr == S_OK, "QueryInterface(ISupportErrorInfo) hr %#lx.\n", hr);
    if (hr == S_OK)
    {
        ok_hr(ISupportErrorInfo_InterfaceSupportsErrorInfo(support, &IID_IMsgscApplications), S_OK);
        ISupportErrorInfo_Release(support);
    }
    check_interface(apps, &IID_IMsgrSessionManager, FALSE);
    IDispatch_Release(apps);
}

int main(void)
{
    IMsgrSessionManager *manager;
    IDispatch *apps = (IDispatch *)0xdeadbeef;
    HRESULT hr;

    CoInitialize(NULL);
    manager = create_manager();
    if (!manager) return test_summary();

    hr = IMsgrSessionManager_get_Applications(manager, NULL);
    ok(hr == E_INVALIDARG, "Applications(NULL) hr %#lx.\n", hr);

    new_guid_string(guid1);
    new_guid_string(guid2);
    hr = register_app(manager, guid1, L"applications test 1", APP_URL, L"C:\\windows\\notepad.exe /s");
    ok(hr == S_OK, "RegisterApplication hr %#lx.\n", hr);
    hr = register_app(manager, guid2, L"applications test 2", APP_URL, L"C:\\windows\\notepad.exe");
    ok(hr == S_OK, "RegisterApplication hr %#lx.\n", hr);

    test_Item(manager);
    test_snapshot(manager);
    test_enumerator(manager);
    test_IDispatch(manager);

    ok_hr(unregister_app(manager, guid1), S_OK);
    ok_hr(unregister_app(manager, guid2), S_OK);
    hr = IMsgrSessionManager_get_Applications(manager, &apps);
    ok(hr == S_OK, "Applications hr %#lx.\n", hr);
    if (hr == S_OK) IDispatch_Release(apps);
    IMsgrSessionManager_Release(manager);
    CoUninitialize();
    return test_summary();
}
