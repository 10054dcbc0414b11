/*
 * msgsc-script-host: runs one VBScript or JScript test file with WScript.Sleep, event
 * connection (WScript.ConnectObject, CreateObject with a prefix) and WScript.Check.
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

/* Wine's cscript has WScript.Echo but no Sleep and no ConnectObject, so a script run there
 * can never see an event: msgsc posts events to the creating thread, and only a host that
 * pumps messages delivers them.  This host is the smallest one that does.
 *
 * IMsgrLock derives from IUnknown, so no script can call it.  For the lock tests the host
 * adds two members wscript lacks: WScript.Lock(object) gives the object's IMsgrLock behind
 * an IDispatch made from the type library's description (CreateStdDispatch), and
 * WScript.MD5(text) the MD5 of the text's UTF-8 bytes in lower-case hex (CryptoAPI).
 *
 * Usage: msgsc-script-host.exe file.vbs|file.js
 * Output ends with "N passed, N failed, N skipped"; the exit code is non-zero when a check
 * failed, a script error happened or nothing was checked. */

#define COBJMACROS

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>

#include <windows.h>
#include <ole2.h>
#include <olectl.h>
/* libuuid lacks IID_IActiveScriptParse64; selectany definitions from the header. */
#include <initguid.h>
#include <activscp.h>
#include <wincrypt.h>

/* Of the public contract (docs/spec/api.md 1.1); the host needs nothing else of it. */
DEFINE_GUID(IID_IMsgrLock, 0x36602afa, 0x4859, 0x4df5, 0x82, 0x0b, 0xbf, 0x35, 0xac, 0xaa, 0x16, 0xca);

#define MAX_SCRIPT_SIZE  (1 << 20)
#define MAX_HANDLER_NAME 256
#define MAX_LOCKS        8

static IActiveScript *script;
static const WCHAR *script_path;
static int checks_passed, checks_failed, checks_skipped;
static BOOL script_failed;
/* A standard dispatch holds no reference on the interface it calls: these do. */
static IUnknown *held_locks[MAX_LOCKS];
static unsigned int held_lock_count;

/* Writes UTF-8, whatever the console's code page, so non-ASCII text stays readable. */
static void print_wide(const WCHAR *text)
{
    char *utf8;
    int len;

    if (!text) return;
    len = WideCharToMultiByte(CP_UTF8, 0, text, -1, NULL, 0, NULL, NULL);
    if (len <= 0 || !(utf8 = malloc(len))) return;
    WideCharToMultiByte(CP_UTF8, 0, text, -1, utf8, len, NULL, NULL);
    fputs(utf8, stdout);
    free(utf8);
}

static int summary(int code)
{
    if (!checks_passed && !checks_failed) printf("nothing was checked\n");
    printf("%d passed, %d failed, %d skipped\n", checks_passed, checks_failed, checks_skipped);
    fflush(stdout);
    if (code) return code;
    return (checks_failed || script_failed || !checks_passed) ? 1 : 0;
}

/* A failure of the host's own checks, counted like a failed WScript.Check. */
static void __attribute__((format(printf, 1, 2))) host_fail(const char *format, ...)
{
    va_list args;

    checks_failed++;
    printf("not ok: ");
    va_start(args, format);
    vprintf(format, args);
    va_end(args);
    fflush(stdout);
}

/* Dispatches messages until the delay has passed: this is when posted COM events fire. */
static void pump_messages(DWORD delay)
{
    DWORD start = GetTickCount(), elapsed;
    MSG msg;

    for (;;)
    {
        while (PeekMessageW(&msg, NULL, 0, 0, PM_REMOVE))
        {
            TranslateMessage(&msg);
            DispatchMessageW(&msg);
        }
        elapsed = GetTickCount() - start;
        if (elapsed >= delay) break;
        MsgWaitForMultipleObjects(0, NULL, FALSE, delay - elapsed, QS_ALLINPUT);
    }
}

/* Positional argument i, in call order (DISPPARAMS holds them reversed, after named ones). */
static VARIANT *get_arg(DISPPARAMS *params, unsigned int i)
{
    unsigned int count = params->cArgs - params->cNamedArgs;
    VARIANT *arg;

    if (i >= count) return NULL;
    arg = &params->rgvarg[params->cArgs - 1 - i];
    if (V_VT(arg) == (VT_VARIANT | VT_BYREF)) arg = V_VARIANTREF(arg);
    if (V_VT(arg) == VT_EMPTY || (V_VT(arg) == VT_ERROR && V_ERROR(arg) == DISP_E_PARAMNOTFOUND)) return NULL;
    return arg;
}

static HRESULT get_string_arg(DISPPARAMS *params, unsigned int i, VARIANT *out)
{
    VARIANT *arg = get_arg(params, i);

    VariantInit(out);
    if (!arg) return DISP_E_PARAMNOTFOUND;
    return VariantChangeType(out, arg, 0, VT_BSTR);
}

static HRESULT get_object_arg(DISPPARAMS *params, unsigned int i, IUnknown **out)
{
    VARIANT *arg = get_arg(params, i);

    *out = NULL;
    if (!arg) return DISP_E_PARAMNOTFOUND;
    if (V_VT(arg) == VT_DISPATCH && V_DISPATCH(arg))
        return IDispatch_QueryInterface(V_DISPATCH(arg), &IID_IUnknown, (void **)out);
    if (V_VT(arg) == VT_UNKNOWN && V_UNKNOWN(arg))
        return IUnknown_QueryInterface(V_UNKNOWN(arg), &IID_IUnknown, (void **)out);
    return DISP_E_TYPEMISMATCH;
}

/* One connection made by ConnectObject or CreateObject(progid, prefix): events of the
 * source's default source dispinterface call the script's prefix + event name.  A
 * connection point only calls Invoke, with DISPATCH_METHOD and a member of that
 * interface: anything else fails the run. */
struct event_sink
{
    IDispatch IDispatch_iface;
    LONG ref;
    IID iid;
    ITypeInfo *typeinfo; /* the source dispinterface: DISPID -> event name */
    WCHAR *prefix;
    IUnknown *source; /* identity of the connected object */
    IConnectionPoint *point;
    DWORD cookie;
    struct event_sink *next;
};

static struct event_sink *sinks;

static inline struct event_sink *impl_from_IDispatch(IDispatch *iface)
{
    return CONTAINING_RECORD(iface, struct event_sink, IDispatch_iface);
}

static HRESULT WINAPI sink_QueryInterface(IDispatch *iface, REFIID riid, void **out)
{
    struct event_sink *sink = impl_from_IDispatch(iface);

    if (!out) return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IDispatch) || IsEqualIID(riid, &sink->iid))
    {
        *out = iface;
        IDispatch_AddRef(iface);
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI sink_AddRef(IDispatch *iface)
{
    return InterlockedIncrement(&impl_from_IDispatch(iface)->ref);
}

static ULONG WINAPI sink_Release(IDispatch *iface)
{
    struct event_sink *sink = impl_from_IDispatch(iface);
    ULONG ref = InterlockedDecrement(&sink->ref);

    if (!ref)
    {
        if (sink->typeinfo) ITypeInfo_Release(sink->typeinfo);
        free(sink->prefix);
        free(sink);
    }
    return ref;
}

/* Also the named item's: a script engine may ask it for type information. */
static HRESULT WINAPI sink_GetTypeInfoCount(IDispatch *iface, UINT *count)
{
    (void)iface;
    if (!count) return E_POINTER;
    *count = 0;
    return S_OK;
}

static HRESULT WINAPI host_GetTypeInfo(IDispatch *iface, UINT index, LCID lcid, ITypeInfo **typeinfo)
{
    (void)iface, (void)index, (void)lcid;
    if (typeinfo) *typeinfo = NULL;
    return E_NOTIMPL;
}

static HRESULT WINAPI sink_GetTypeInfo(IDispatch *iface, UINT index, LCID lcid, ITypeInfo **typeinfo)
{
    host_fail("event sink: GetTypeInfo(%u) called\n", index);
    return host_GetTypeInfo(iface, index, lcid, typeinfo);
}

static HRESULT WINAPI sink_GetIDsOfNames(IDispatch *iface, REFIID riid, LPOLESTR *names, UINT count,
                                         LCID lcid, DISPID *ids)
{
    (void)iface, (void)riid, (void)names, (void)lcid, (void)ids;
    host_fail("event sink: GetIDsOfNames of %u names called\n", count);
    return E_NOTIMPL;
}

/* Calls the script procedure prefix + event name with the event's own DISPPARAMS, so
 * by-reference arguments (OnInvitation's pfHandled) reach the script unchanged. */
static HRESULT WINAPI sink_Invoke(IDispatch *iface, DISPID id, REFIID riid, LCID lcid, WORD flags,
                                  DISPPARAMS *params, VARIANT *result, EXCEPINFO *excepinfo, UINT *argerr)
{
    struct event_sink *sink = impl_from_IDispatch(iface);
    WCHAR handler[MAX_HANDLER_NAME];
    IDispatch *procedures;
    LPOLESTR name_ptr = handler;
    BSTR name = NULL;
    EXCEPINFO info = {0};
    UINT count = 0;
    DISPID handler_id;
    HRESULT hr;

    (void)riid, (void)lcid, (void)excepinfo, (void)argerr;
    if (flags != DISPATCH_METHOD) host_fail("event sink: event %ld invoked with flags %#x\n", id, flags);
    if (!script) return E_UNEXPECTED;
    hr = ITypeInfo_GetNames(sink->typeinfo, id, &name, 1, &count);
    if (FAILED(hr) || !count)
    {
        host_fail("event sink: %ld is not an event of the source interface (hr %#lx)\n", id, hr);
        return DISP_E_MEMBERNOTFOUND;
    }
    if (_snwprintf(handler, ARRAYSIZE(handler), L"%s%s", sink->prefix, name) < 0)
    {
        SysFreeString(name);
        return DISP_E_MEMBERNOTFOUND;
    }
    handler[ARRAYSIZE(handler) - 1] = 0;
    SysFreeString(name);

    hr = IActiveScript_GetScriptDispatch(script, NULL, &procedures);
    if (FAILED(hr)) return hr;
    hr = IDispatch_GetIDsOfNames(procedures, &IID_NULL, &name_ptr, 1, 0, &handler_id);
    if (FAILED(hr))
    {
        /* The script has no handler for this event: nothing to do. */
        IDispatch_Release(procedures);
        return S_OK;
    }
    hr = IDispatch_Invoke(procedures, handler_id, &IID_NULL, 0, DISPATCH_METHOD, params, result, &info, NULL);
    IDispatch_Release(procedures);
    if (FAILED(hr)) script_failed = TRUE;
    /* SCRIPT_E_REPORTED: the engine has told OnScriptError already. */
    if (FAILED(hr) && hr != (HRESULT)SCRIPT_E_REPORTED)
    {
        if (info.pfnDeferredFillIn) info.pfnDeferredFillIn(&info);
        printf("event handler ");
        print_wide(handler);
        printf(" failed: 0x%08lx: ", hr == DISP_E_EXCEPTION && info.scode ? info.scode : hr);
        print_wide(info.bstrDescription ? info.bstrDescription : L"(no description)");
        printf("\n");
        fflush(stdout);
    }
    SysFreeString(info.bstrSource);
    SysFreeString(info.bstrDescription);
    SysFreeString(info.bstrHelpFile);
    /* The source cannot do anything about a failed handler; it was reported above. */
    return S_OK;
}

static const IDispatchVtbl sink_vtbl = {
    sink_QueryInterface, sink_AddRef,        sink_Release, sink_GetTypeInfoCount,
    sink_GetTypeInfo,    sink_GetIDsOfNames, sink_Invoke,
};

/* The object's default source dispinterface: its IID (IProvideClassInfo2 when offered,
 * else the coclass's [default, source] interface) and its type information. */
static HRESULT get_source_info(IUnknown *object, IID *iid, ITypeInfo **typeinfo)
{
    IProvideClassInfo2 *info2;
    IProvideClassInfo *info;
    ITypeInfo *class_info;
    TYPEATTR *attr;
    HREFTYPE ref;
    INT flags;
    UINT i;
    HRESULT hr;

    *typeinfo = NULL;
    hr = IUnknown_QueryInterface(object, &IID_IProvideClassInfo, (void **)&info);
    if (FAILED(hr)) return hr;
    hr = IProvideClassInfo_GetClassInfo(info, &class_info);
    IProvideClassInfo_Release(info);
    if (FAILED(hr)) return hr;

    hr = ITypeInfo_GetTypeAttr(class_info, &attr);
    if (SUCCEEDED(hr))
    {
        hr = CONNECT_E_NOCONNECTION;
        for (i = 0; i < attr->cImplTypes; i++)
        {
            if (FAILED(ITypeInfo_GetImplTypeFlags(class_info, i, &flags))) continue;
            if ((flags & (IMPLTYPEFLAG_FDEFAULT | IMPLTYPEFLAG_FSOURCE)) !=
                (IMPLTYPEFLAG_FDEFAULT | IMPLTYPEFLAG_FSOURCE))
                continue;
            hr = ITypeInfo_GetRefTypeOfImplType(class_info, i, &ref);
            if (SUCCEEDED(hr)) hr = ITypeInfo_GetRefTypeInfo(class_info, ref, typeinfo);
            break;
        }
        ITypeInfo_ReleaseTypeAttr(class_info, attr);
    }
    ITypeInfo_Release(class_info);
    if (FAILED(hr)) return hr;

    if (SUCCEEDED(IUnknown_QueryInterface(object, &IID_IProvideClassInfo2, (void **)&info2)))
    {
        hr = IProvideClassInfo2_GetGUID(info2, GUIDKIND_DEFAULT_SOURCE_DISP_IID, iid);
        IProvideClassInfo2_Release(info2);
        if (SUCCEEDED(hr)) return hr;
    }
    hr = ITypeInfo_GetTypeAttr(*typeinfo, &attr);
    if (SUCCEEDED(hr))
    {
        *iid = attr->guid;
        ITypeInfo_ReleaseTypeAttr(*typeinfo, attr);
        return S_OK;
    }
    ITypeInfo_Release(*typeinfo);
    *typeinfo = NULL;
    return hr;
}

static HRESULT connect_object(IUnknown *object, const WCHAR *prefix)
{
    IConnectionPointContainer *container;
    struct event_sink *sink;
    size_t len = wcslen(prefix);
    HRESULT hr;

    if (!len || len >= MAX_HANDLER_NAME / 2) return E_INVALIDARG;
    if (!(sink = calloc(1, sizeof(*sink))) || !(sink->prefix = malloc((len + 1) * sizeof(WCHAR))))
    {
        free(sink);
        return E_OUTOFMEMORY;
    }
    sink->IDispatch_iface.lpVtbl = &sink_vtbl;
    sink->ref = 1;
    memcpy(sink->prefix, prefix, (len + 1) * sizeof(WCHAR));

    hr = get_source_info(object, &sink->iid, &sink->typeinfo);
    if (SUCCEEDED(hr))
        hr = IUnknown_QueryInterface(object, &IID_IConnectionPointContainer, (void **)&container);
    if (SUCCEEDED(hr))
    {
        hr = IConnectionPointContainer_FindConnectionPoint(container, &sink->iid, &sink->point);
        IConnectionPointContainer_Release(container);
    }
    if (SUCCEEDED(hr))
    {
        hr = IConnectionPoint_Advise(sink->point, (IUnknown *)&sink->IDispatch_iface, &sink->cookie);
        if (FAILED(hr)) IConnectionPoint_Release(sink->point);
    }
    if (FAILED(hr))
    {
        IDispatch_Release(&sink->IDispatch_iface);
        return hr;
    }
    IUnknown_QueryInterface(object, &IID_IUnknown, (void **)&sink->source);
    sink->next = sinks;
    sinks = sink;
    return S_OK;
}

static void disconnect_sink(struct event_sink *sink)
{
    IConnectionPoint_Unadvise(sink->point, sink->cookie);
    IConnectionPoint_Release(sink->point);
    IUnknown_Release(sink->source);
    IDispatch_Release(&sink->IDispatch_iface);
}

/* object NULL: every connection (at the end of the script). */
static void disconnect_object(IUnknown *object)
{
    struct event_sink **link = &sinks, *sink;

    while ((sink = *link))
    {
        if (!object || sink->source == object)
        {
            *link = sink->next;
            disconnect_sink(sink);
        }
        else
            link = &sink->next;
    }
}

/* The members of the named items.  Each returns an HRESULT the script sees as an error. */

typedef HRESULT (*member_func)(DISPPARAMS *params, VARIANT *result);

static HRESULT host_echo(DISPPARAMS *params, VARIANT *result)
{
    unsigned int i, count = params->cArgs - params->cNamedArgs;
    VARIANT text;

    (void)result;
    for (i = 0; i < count; i++)
    {
        if (i) printf(" ");
        if (SUCCEEDED(get_string_arg(params, i, &text)))
            print_wide(V_BSTR(&text));
        else if (get_arg(params, i) && V_VT(get_arg(params, i)) == VT_NULL)
            printf("null");
        VariantClear(&text);
    }
    printf("\n");
    fflush(stdout);
    return S_OK;
}

static HRESULT host_sleep(DISPPARAMS *params, VARIANT *result)
{
    VARIANT *arg = get_arg(params, 0), delay;
    HRESULT hr;

    (void)result;
    if (!arg) return DISP_E_PARAMNOTFOUND;
    VariantInit(&delay);
    hr = VariantChangeType(&delay, arg, 0, VT_I4);
    if (FAILED(hr)) return hr;
    if (V_I4(&delay) < 0) return E_INVALIDARG;
    pump_messages(V_I4(&delay));
    return S_OK;
}

static void release_locks(void)
{
    while (held_lock_count)
    {
        IUnknown *lock = held_locks[--held_lock_count];

        IUnknown_Release(lock);
    }
}

/* Like wscript's Quit: ends the process at once, after the summary line. */
static HRESULT host_quit(DISPPARAMS *params, VARIANT *result)
{
    VARIANT *arg = get_arg(params, 0), code;

    (void)result;
    VariantInit(&code);
    if (arg && FAILED(VariantChangeType(&code, arg, 0, VT_I4))) return DISP_E_TYPEMISMATCH;
    disconnect_object(NULL);
    release_locks();
    ExitProcess(summary(arg ? V_I4(&code) : 0));
}

static HRESULT host_create_object(DISPPARAMS *params, VARIANT *result)
{
    VARIANT progid, prefix;
    IDispatch *object;
    CLSID clsid;
    HRESULT hr;

    hr = get_string_arg(params, 0, &progid);
    if (FAILED(hr)) return hr;
    hr = CLSIDFromProgID(V_BSTR(&progid), &clsid);
    VariantClear(&progid);
    if (FAILED(hr)) return hr;
    hr = CoCreateInstance(&clsid, NULL, CLSCTX_INPROC_SERVER | CLSCTX_LOCAL_SERVER, &IID_IDispatch,
                          (void **)&object);
    if (FAILED(hr)) return hr;

    if (get_arg(params, 1))
    {
        hr = get_string_arg(params, 1, &prefix);
        if (SUCCEEDED(hr)) hr = connect_object((IUnknown *)object, V_BSTR(&prefix));
        VariantClear(&prefix);
        if (FAILED(hr))
        {
            IDispatch_Release(object);
            return hr;
        }
    }
    if (result)
    {
        V_VT(result) = VT_DISPATCH;
        V_DISPATCH(result) = object;
    }
    else
        IDispatch_Release(object);
    return S_OK;
}

static HRESULT host_connect_object(DISPPARAMS *params, VARIANT *result)
{
    VARIANT prefix;
    IUnknown *object;
    HRESULT hr;

    (void)result;
    hr = get_object_arg(params, 0, &object);
    if (FAILED(hr)) return hr;
    hr = get_string_arg(params, 1, &prefix);
    if (SUCCEEDED(hr)) hr = connect_object(object, V_BSTR(&prefix));
    VariantClear(&prefix);
    IUnknown_Release(object);
    return hr;
}

static HRESULT host_disconnect_object(DISPPARAMS *params, VARIANT *result)
{
    IUnknown *object;
    HRESULT hr;

    (void)result;
    hr = get_object_arg(params, 0, &object);
    if (FAILED(hr)) return hr;
    disconnect_object(object);
    IUnknown_Release(object);
    return S_OK;
}

static void print_message(const char *prefix, DISPPARAMS *params, unsigned int i)
{
    VARIANT message;

    printf("%s", prefix);
    if (SUCCEEDED(get_string_arg(params, i, &message))) print_wide(V_BSTR(&message));
    VariantClear(&message);
    printf("\n");
    fflush(stdout);
}

/* WScript.Check(condition, message) counts like ok() of tests/test.h. */
static HRESULT host_check(DISPPARAMS *params, VARIANT *result)
{
    VARIANT *arg = get_arg(params, 0), condition;
    HRESULT hr;

    (void)result;
    VariantInit(&condition);
    hr = arg ? VariantChangeType(&condition, arg, 0, VT_BOOL) : DISP_E_PARAMNOTFOUND;
    if (FAILED(hr)) return hr;
    if (V_BOOL(&condition))
    {
        checks_passed++;
        return S_OK;
    }
    checks_failed++;
    print_message("not ok: ", params, 1);
    return S_OK;
}

/* WScript.Lock(object): the object's IMsgrLock, callable by name through the description of
 * IMsgrLock in the object's own type library. */
static HRESULT host_lock(DISPPARAMS *params, VARIANT *result)
{
    IProvideClassInfo *provide;
    ITypeInfo *class_info, *lock_info;
    IUnknown *object, *lock, *std;
    ITypeLib *typelib;
    UINT index;
    HRESULT hr;

    if (held_lock_count == MAX_LOCKS) return E_OUTOFMEMORY;
    hr = get_object_arg(params, 0, &object);
    if (FAILED(hr)) return hr;
    hr = IUnknown_QueryInterface(object, &IID_IMsgrLock, (void **)&lock);
    if (FAILED(hr))
    {
        IUnknown_Release(object);
        return hr;
    }
    hr = IUnknown_QueryInterface(object, &IID_IProvideClassInfo, (void **)&provide);
    IUnknown_Release(object);
    if (SUCCEEDED(hr))
    {
        hr = IProvideClassInfo_GetClassInfo(provide, &class_info);
        IProvideClassInfo_Release(provide);
    }
    if (SUCCEEDED(hr))
    {
        hr = ITypeInfo_GetContainingTypeLib(class_info, &typelib, &index);
        ITypeInfo_Release(class_info);
    }
    if (SUCCEEDED(hr))
    {
        hr = ITypeLib_GetTypeInfoOfGuid(typelib, &IID_IMsgrLock, &lock_info);
        ITypeLib_Release(typelib);
    }
    if (SUCCEEDED(hr))
    {
        hr = CreateStdDispatch(NULL, lock, lock_info, &std);
        ITypeInfo_Release(lock_info);
    }
    if (FAILED(hr))
    {
        IUnknown_Release(lock);
        return hr;
    }
    held_locks[held_lock_count++] = lock;
    if (result)
    {
        V_VT(result) = VT_DISPATCH;
        hr = IUnknown_QueryInterface(std, &IID_IDispatch, (void **)&V_DISPATCH(result));
        if (FAILED(hr)) V_VT(result) = VT_EMPTY;
    }
    IUnknown_Release(std);
    return hr;
}

/* WScript.MD5(text): the MD5 of the text's UTF-8 bytes, 32 lower-case hex digits. */
static HRESULT host_md5(DISPPARAMS *params, VARIANT *result)
{
    static const WCHAR digits[] = L"0123456789abcdef";
    HCRYPTPROV provider = 0;
    HCRYPTHASH hash = 0;
    BYTE digest[16];
    DWORD size = sizeof(digest);
    VARIANT text;
    char *utf8 = NULL;
    HRESULT hr;
    BSTR hex;
    int len, i;

    hr = get_string_arg(params, 0, &text);
    if (FAILED(hr)) return hr;
    len = WideCharToMultiByte(CP_UTF8, 0, V_BSTR(&text), SysStringLen(V_BSTR(&text)), NULL, 0, NULL, NULL);
    if (len && !(utf8 = malloc(len))) hr = E_OUTOFMEMORY;
    if (utf8)
        WideCharToMultiByte(CP_UTF8, 0, V_BSTR(&text), SysStringLen(V_BSTR(&text)), utf8, len, NULL, NULL);
    VariantClear(&text);
    if (SUCCEEDED(hr) && (!CryptAcquireContextW(&provider, NULL, NULL, PROV_RSA_FULL, CRYPT_VERIFYCONTEXT) ||
                          !CryptCreateHash(provider, CALG_MD5, 0, 0, &hash) ||
                          !CryptHashData(hash, (const BYTE *)utf8, len, 0) ||
                          !CryptGetHashParam(hash, HP_HASHVAL, digest, &size, 0) || size != sizeof(digest)))
        hr = HRESULT_FROM_WIN32(GetLastError());
    if (hash) CryptDestroyHash(hash);
    if (provider) CryptReleaseContext(provider, 0);
    free(utf8);
    if (FAILED(hr)) return hr;
    if (!(hex = SysAllocStringLen(NULL, 32))) return E_OUTOFMEMORY;
    for (i = 0; i < 16; i++)
    {
        hex[2 * i] = digits[digest[i] >> 4];
        hex[2 * i + 1] = digits[digest[i] & 0xf];
    }
    if (!result)
    {
        SysFreeString(hex);
        return S_OK;
    }
    V_VT(result) = VT_BSTR;
    V_BSTR(result) = hex;
    return S_OK;
}

/* WScript.Skip(message): a check this environment cannot make. */
static HRESULT host_skip(DISPPARAMS *params, VARIANT *result)
{
    (void)result;
    checks_skipped++;
    print_message("skip: ", params, 0);
    return S_OK;
}

struct member
{
    const WCHAR *name;
    member_func func;
};

/* DISPID = index + 1. */
static const struct member wscript_members[] = {
    {L"Echo", host_echo},
    {L"Sleep", host_sleep},
    {L"Quit", host_quit},
    {L"CreateObject", host_create_object},
    {L"ConnectObject", host_connect_object},
    {L"DisconnectObject", host_disconnect_object},
    {L"Check", host_check},
    {L"Skip", host_skip},
    {L"Lock", host_lock},
    {L"MD5", host_md5},
};

/* The named item is a static object, like Wine's class factories. */
struct host_object
{
    IDispatch IDispatch_iface;
    const struct member *members;
    unsigned int count;
};

static inline struct host_object *impl_from_host_IDispatch(IDispatch *iface)
{
    return CONTAINING_RECORD(iface, struct host_object, IDispatch_iface);
}

static HRESULT WINAPI host_QueryInterface(IDispatch *iface, REFIID riid, void **out)
{
    if (!out) return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IDispatch))
    {
        *out = iface;
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI host_AddRef(IDispatch *iface)
{
    (void)iface;
    return 2;
}

static ULONG WINAPI host_Release(IDispatch *iface)
{
    (void)iface;
    return 1;
}

static HRESULT WINAPI host_GetIDsOfNames(IDispatch *iface, REFIID riid, LPOLESTR *names, UINT count,
                                         LCID lcid, DISPID *ids)
{
    struct host_object *object = impl_from_host_IDispatch(iface);
    unsigned int i, j;
    HRESULT hr = S_OK;

    (void)riid, (void)lcid;
    if (!names || !ids) return E_INVALIDARG;
    for (i = 0; i < count; i++)
    {
        ids[i] = DISPID_UNKNOWN;
        for (j = 0; j < object->count; j++)
        {
            if (!_wcsicmp(names[i], object->members[j].name)) ids[i] = j + 1;
        }
        if (ids[i] == DISPID_UNKNOWN) hr = DISP_E_UNKNOWNNAME;
    }
    return hr;
}

static HRESULT WINAPI host_Invoke(IDispatch *iface, DISPID id, REFIID riid, LCID lcid, WORD flags,
                                  DISPPARAMS *params, VARIANT *result, EXCEPINFO *excepinfo, UINT *argerr)
{
    struct host_object *object = impl_from_host_IDispatch(iface);

    (void)riid, (void)lcid, (void)excepinfo, (void)argerr;
    if (id < 1 || (unsigned int)id > object->count) return DISP_E_MEMBERNOTFOUND;
    if (!(flags & (DISPATCH_METHOD | DISPATCH_PROPERTYGET))) return DISP_E_MEMBERNOTFOUND;
    if (!params) return E_INVALIDARG;
    if (result) VariantInit(result);
    return object->members[id - 1].func(params, result);
}

static const IDispatchVtbl host_vtbl = {
    host_QueryInterface, host_AddRef,        host_Release, sink_GetTypeInfoCount,
    host_GetTypeInfo,    host_GetIDsOfNames, host_Invoke,
};

static struct host_object wscript = {{&host_vtbl}, wscript_members, ARRAYSIZE(wscript_members)};

static HRESULT WINAPI site_QueryInterface(IActiveScriptSite *iface, REFIID riid, void **out)
{
    if (!out) return E_POINTER;
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IActiveScriptSite))
    {
        *out = iface;
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI site_AddRef(IActiveScriptSite *iface)
{
    (void)iface;
    return 2;
}

static ULONG WINAPI site_Release(IActiveScriptSite *iface)
{
    (void)iface;
    return 1;
}

static HRESULT WINAPI site_GetLCID(IActiveScriptSite *iface, LCID *lcid)
{
    (void)iface, (void)lcid;
    return E_NOTIMPL;
}

static HRESULT WINAPI site_GetItemInfo(IActiveScriptSite *iface, LPCOLESTR name, DWORD mask, IUnknown **item,
                                       ITypeInfo **typeinfo)
{
    (void)iface;
    if (mask & SCRIPTINFO_ITYPEINFO)
    {
        if (!typeinfo) return E_INVALIDARG;
        *typeinfo = NULL;
    }
    if (!(mask & SCRIPTINFO_IUNKNOWN)) return (mask & SCRIPTINFO_ITYPEINFO) ? TYPE_E_ELEMENTNOTFOUND : S_OK;
    if (!item) return E_INVALIDARG;
    *item = NULL;
    if (_wcsicmp(name, L"WScript")) return TYPE_E_ELEMENTNOTFOUND;
    *item = (IUnknown *)&wscript.IDispatch_iface;
    return S_OK;
}

static HRESULT WINAPI site_GetDocVersionString(IActiveScriptSite *iface, BSTR *version)
{
    (void)iface, (void)version;
    return E_NOTIMPL;
}

static HRESULT WINAPI site_OnScriptTerminate(IActiveScriptSite *iface, const VARIANT *result,
                                             const EXCEPINFO *excepinfo)
{
    (void)iface, (void)result, (void)excepinfo;
    return S_OK;
}

static HRESULT WINAPI site_OnStateChange(IActiveScriptSite *iface, SCRIPTSTATE state)
{
    (void)iface, (void)state;
    return S_OK;
}

/* Prints "file(line, column): script error 0x...: description" with the source line. */
static HRESULT WINAPI site_OnScriptError(IActiveScriptSite *iface, IActiveScriptError *error)
{
    EXCEPINFO info = {0};
    DWORD context = 0;
    ULONG line = 0;
    LONG column = 0;
    BSTR text = NULL;

    (void)iface;
    script_failed = TRUE;
    IActiveScriptError_GetExceptionInfo(error, &info);
    if (info.pfnDeferredFillIn) info.pfnDeferredFillIn(&info);
    IActiveScriptError_GetSourcePosition(error, &context, &line, &column);
    IActiveScriptError_GetSourceLineText(error, &text);

    print_wide(script_path);
    printf("(%lu, %ld): script error 0x%08lx: ", line + 1, column + 1, info.scode ? info.scode : info.wCode);
    print_wide(info.bstrDescription ? info.bstrDescription : L"(no description)");
    printf("\n    source: ");
    print_wide(info.bstrSource ? info.bstrSource : L"(none)");
    printf("\n    line: ");
    print_wide(text ? text : L"(unavailable)");
    printf("\n");
    fflush(stdout);

    SysFreeString(info.bstrSource);
    SysFreeString(info.bstrDescription);
    SysFreeString(info.bstrHelpFile);
    SysFreeString(text);
    return S_OK;
}

static HRESULT WINAPI site_OnEnterScript(IActiveScriptSite *iface)
{
    (void)iface;
    return S_OK;
}

static HRESULT WINAPI site_OnLeaveScript(IActiveScriptSite *iface)
{
    (void)iface;
    return S_OK;
}

static const IActiveScriptSiteVtbl site_vtbl = {
    site_QueryInterface,    site_AddRef,        site_Release,
    site_GetLCID,           site_GetItemInfo,   site_GetDocVersionString,
    site_OnScriptTerminate, site_OnStateChange, site_OnScriptError,
    site_OnEnterScript,     site_OnLeaveScript,
};

static IActiveScriptSite site = {&site_vtbl};

/* Reads the script as UTF-16 (with its BOM) or UTF-8 (BOM optional; plain ASCII included). */
static WCHAR *read_script(const WCHAR *path)
{
    DWORD size, read;
    char *data;
    WCHAR *text = NULL;
    HANDLE file;
    int len;

    file = CreateFileW(path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    if (file == INVALID_HANDLE_VALUE) return NULL;
    size = GetFileSize(file, NULL);
    if (size == INVALID_FILE_SIZE || size > MAX_SCRIPT_SIZE || !(data = malloc(size + 2)))
    {
        CloseHandle(file);
        return NULL;
    }
    if (ReadFile(file, data, size, &read, NULL) && read == size)
    {
        data[size] = data[size + 1] = 0;
        if (size >= 2 && (BYTE)data[0] == 0xff && (BYTE)data[1] == 0xfe)
        {
            if ((text = malloc(size))) memcpy(text, data + 2, size);
        }
        else
        {
            const char *start = data;
            if (size >= 3 && !memcmp(data, "\xef\xbb\xbf", 3)) start += 3;
            len = MultiByteToWideChar(CP_UTF8, 0, start, -1, NULL, 0);
            if (len > 0 && (text = malloc(len * sizeof(WCHAR))))
                MultiByteToWideChar(CP_UTF8, 0, start, -1, text, len);
        }
    }
    free(data);
    CloseHandle(file);
    return text;
}

static HRESULT run_script(const WCHAR *engine, const WCHAR *code)
{
    IActiveScriptParse *parse;
    EXCEPINFO info = {0};
    CLSID clsid;
    HRESULT hr;

    hr = CLSIDFromProgID(engine, &clsid);
    if (SUCCEEDED(hr))
        hr = CoCreateInstance(&clsid, NULL, CLSCTX_INPROC_SERVER, &IID_IActiveScript, (void **)&script);
    if (FAILED(hr)) return hr;
    hr = IActiveScript_QueryInterface(script, &IID_IActiveScriptParse, (void **)&parse);
    if (FAILED(hr)) return hr;

    hr = IActiveScript_SetScriptSite(script, &site);
    if (SUCCEEDED(hr)) hr = parse->lpVtbl->InitNew(parse);
    if (SUCCEEDED(hr)) hr = IActiveScript_AddNamedItem(script, L"WScript", SCRIPTITEM_ISVISIBLE);
    /* Parsing while initialised queues the code; starting the engine runs it. */
    if (SUCCEEDED(hr))
        hr = parse->lpVtbl->ParseScriptText(parse, code, NULL, NULL, NULL, 0, 0, 0, NULL, &info);
    if (SUCCEEDED(hr)) hr = IActiveScript_SetScriptState(script, SCRIPTSTATE_STARTED);
    parse->lpVtbl->Release(parse);
    SysFreeString(info.bstrSource);
    SysFreeString(info.bstrDescription);
    SysFreeString(info.bstrHelpFile);
    return hr;
}

int wmain(int argc, WCHAR **argv)
{
    const WCHAR *extension, *engine;
    WCHAR *code;
    HRESULT hr;
    int ret;

    if (argc < 2 || !(extension = wcsrchr(argv[1], '.')))
    {
        fprintf(stderr, "usage: msgsc-script-host file.vbs|file.js\n");
        return 2;
    }
    if (!_wcsicmp(extension, L".vbs"))
        engine = L"VBScript";
    else if (!_wcsicmp(extension, L".js"))
        engine = L"JScript";
    else
    {
        fprintf(stderr, "msgsc-script-host: unknown script type (.vbs or .js)\n");
        return 2;
    }
    script_path = argv[1];
    if (!(code = read_script(script_path)))
    {
        fprintf(stderr, "msgsc-script-host: cannot read the script (error %lu)\n", GetLastError());
        return 2;
    }

    CoInitialize(NULL);
    hr = run_script(engine, code);
    free(code);
    if (FAILED(hr))
    {
        printf("running the script failed: 0x%08lx\n", hr);
        script_failed = TRUE;
    }
    disconnect_object(NULL);
    release_locks();
    if (script)
    {
        IActiveScript_Close(script);
        IActiveScript_Release(script);
    }
    ret = summary(0);
    CoUninitialize();
    return ret;
}
