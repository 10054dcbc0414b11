/*
 * Activation in every context the documentation's samples use: in process,
 * as a local server (rundll32 msgsc.dll,ComServer), and either; what the
 * local server's objects do, and that its process goes when they go.
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
#include <tlhelp32.h>
#include <psapi.h>

/*   test_com_activation.exe [DLL [32|64]]
 * DLL: the msgsc.dll a local server must run (default: the one beside this
 * program, which is the one registered for its architecture).  32 or 64:
 * the architecture of that server when it is not this program's own, as
 * for a 32-bit client of a prefix where only the 64-bit DLL is registered;
 * its modules cannot be read then, only its architecture. */
static WCHAR server_dll[MAX_PATH];
static int server_bits;

/* How long a local server may take to go after its last object: it leaves
 * as soon as the release reaches it, so this only bounds a failure. */
#define SERVER_EXIT_TIMEOUT 30000

#define MAX_PROCESSES 512

struct process_list
{
    DWORD pids[MAX_PROCESSES];
    unsigned int count;
};

/* The rundll32 processes running now: local servers and brokers of msgsc
 * are rundll32 processes. */
static void list_rundll32(struct process_list *list)
{
    PROCESSENTRY32W entry;
    HANDLE snapshot = CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0);
    BOOL more;

    list->count = 0;
    ok(snapshot != INVALID_HANDLE_VALUE, "CreateToolhelp32Snapshot error %lu.\n", GetLastError());
    if (snapshot == INVALID_HANDLE_VALUE) return;
    entry.dwSize = sizeof(entry);
    for (more = Process32FirstW(snapshot, &entry); more && list->count < MAX_PROCESSES;
         more = Process32NextW(snapshot, &entry))
        if (!wcsicmp(entry.szExeFile, L"rundll32.exe")) list->pids[list->count++] = entry.th32ProcessID;
    CloseHandle(snapshot);
}

static BOOL in_list(const struct process_list *list, DWORD pid)
{
    unsigned int i;

    for (i = 0; i < list->count; i++)
        if (list->pids[i] == pid) return TRUE;
    return FALSE;
}

static int process_bits(HANDLE process)
{
    BOOL self_wow64 = FALSE, wow64 = FALSE;

    IsWow64Process(GetCurrentProcess(), &self_wow64);
    IsWow64Process(process, &wow64);
    /* Only a 64-bit Windows has WOW64 processes; a 64-bit program runs on
     * nothing else. */
    if (wow64) return 32;
    return sizeof(void *) == 8 || self_wow64 ? 64 : 32;
}

/* Whether process is a local server of ours: the DLL expected has been
 * loaded in it (when the server is of this program's architecture), or it
 * is of the expected other architecture. */
static BOOL is_our_server(HANDLE process)
{
    HMODULE modules[256];
    WCHAR path[MAX_PATH];
    DWORD needed = 0, i;

    if (server_bits) return process_bits(process) == server_bits;
    if (!EnumProcessModulesEx(process, modules, sizeof(modules), &needed, LIST_MODULES_ALL)) return FALSE;
    for (i = 0; i < needed / sizeof(modules[0]) && i < ARRAY_SIZE(modules); i++)
        if (GetModuleFileNameExW(process, modules[i], path, ARRAY_SIZE(path)) && !wcsicmp(path, server_dll))
            return TRUE;
    return FALSE;
}

/* The local servers of ours that started since before: returns how many
 * there are, and the first max of them opened in servers. */
static unsigned int new_servers(const struct process_list *before, HANDLE *servers, unsigned int max)
{
    struct process_list now;
    unsigned int i, found = 0;
    HANDLE process;

    list_rundll32(&now);
    for (i = 0; i < now.count; i++)
    {
        if (in_list(before, now.pids[i])) continue;
        process = OpenProcess(SYNCHRONIZE | PROCESS_QUERY_INFORMATION | PROCESS_VM_READ | PROCESS_TERMINATE,
                              FALSE, now.pids[i]);
        if (!process) continue; /* gone already */
        if (!is_our_server(process))
        {
            trace("new rundll32 %04lx is no local server of %ls.\n", now.pids[i], server_dll);
            CloseHandle(process);
            continue;
        }
        if (found < max)
        {
            trace("local server: process %04lx, %d-bit.\n", now.pids[i], process_bits(process));
            servers[found] = process;
        }
        else
            CloseHandle(process);
        found++;
    }
    return found;
}

/* The one local server started since before. */
static HANDLE one_new_server(const struct process_list *before)
{
    HANDLE servers[4];
    unsigned int count = new_servers(before, servers, ARRAY_SIZE(servers)), i;

    ok(count == 1, "%u local servers started, expected 1.\n", count);
    for (i = 1; i < count; i++)
        CloseHandle(servers[i]);
    return count ? servers[0] : NULL;
}

/* The server exits by itself, with 0, once nothing of it is held. */
#define ok_server_exits(server) ok_server_exits_(__FILE__, __LINE__, server)
static void ok_server_exits_(const char *file, int line, HANDLE server)
{
    DWORD wait = WaitForSingleObject(server, SERVER_EXIT_TIMEOUT), code = STILL_ACTIVE;

    GetExitCodeProcess(server, &code);
    ok_(file, line)(wait == WAIT_OBJECT_0 && code == 0, "The local server: wait %lu, exit code %#lx.\n", wait,
                    code);
    if (wait == WAIT_OBJECT_0) trace("local server gone, exit code %#lx.\n", code);
    if (wait != WAIT_OBJECT_0) TerminateProcess(server, 1); /* let the next test start clean */
    CloseHandle(server);
}

static BOOL on_wine(void)
{
    return GetProcAddress(GetModuleHandleW(L"ntdll.dll"), "wine_get_version") != NULL;
}

/* A proxy's manager answers IMultiQI (on Windows and Wine alike); none of
 * our objects does. */
static BOOL is_proxy(IUnknown *unk)
{
    IUnknown *multi;

    if (FAILED(IUnknown_QueryInterface(unk, &IID_IMultiQI, (void **)&multi))) return FALSE;
    IUnknown_Release(multi);
    return TRUE;
}

static const char *context_name(DWORD context)
{
    switch (context)
    {
    case CLSCTX_INPROC_SERVER: return "CLSCTX_INPROC_SERVER";
    case CLSCTX_LOCAL_SERVER: return "CLSCTX_LOCAL_SERVER";
    case CLSCTX_INPROC_SERVER | CLSCTX_LOCAL_SERVER: return "CLSCTX_INPROC_SERVER | CLSCTX_LOCAL_SERVER";
    case CLSCTX_ALL: return "CLSCTX_ALL";
    }
    return "?";
}

static IMsgrSessionManager *create_in(DWORD context)
{
    IMsgrSessionManager *manager = NULL;
    HRESULT hr;

    hr = CoCreateInstance(&CLSID_MsgrSessionManager, NULL, context, &IID_IMsgrSessionManager,
                          (void **)&manager);
    ok(hr == S_OK && manager, "CoCreateInstance(%s) hr %#lx.\n", context_name(context), hr);
    trace("%s: hr %#lx, %s.\n", context_name(context), hr,
          !manager                        ? "no object"
          : is_proxy((IUnknown *)manager) ? "a proxy"
                                          : "in process");
    return manager;
}

/* A session from manager, with a property read: the sample's first steps. */
static void check_session(IMsgrSessionManager *manager, BOOL proxy)
{
    IMsgrSession *session = create_session(manager);
    SESSION_STATE state = SS_UNKNOWN;
    BSTR id = NULL;
    HRESULT hr;

    if (!session) return;
    ok(is_proxy((IUnknown *)session) == proxy, "The session is %sa proxy.\n", proxy ? "not " : "");
    hr = IMsgrSession_get_State(session, &state);
    ok(hr == S_OK && state == SS_READY, "State hr %#lx, state %d.\n", hr, state);
    hr = IMsgrSession_get_SessionID(session, &id);
    ok(hr == S_OK && SysStringLen(id) == 38 && id[0] == '{', "SessionID hr %#lx, %ls.\n", hr, id);
    trace("session: State %d, SessionID %ls.\n", state, id);
    SysFreeString(id);
    IMsgrSession_Release(session);
}

/* The contexts that include the in-process server give the object in
 * process, as COM prefers the in-process server, and start no server. */
static void test_in_process_contexts(void)
{
    static const DWORD contexts[] = {CLSCTX_INPROC_SERVER, CLSCTX_INPROC_SERVER | CLSCTX_LOCAL_SERVER,
                                     CLSCTX_ALL};
    IMsgrSessionManager *manager;
    struct process_list before;
    HANDLE servers[1];
    unsigned int i;

    for (i = 0; i < ARRAY_SIZE(contexts); i++)
    {
        list_rundll32(&before);
        if (!(manager = create_in(contexts[i]))) continue;
        ok(!is_proxy((IUnknown *)manager), "%s gave a proxy.\n", context_name(contexts[i]));
        check_session(manager, FALSE);
        IMsgrSessionManager_Release(manager);
        ok(!new_servers(&before, servers, 0), "%s started a local server.\n", context_name(contexts[i]));
    }
}

/* A late-bound call, as a script makes it; args in declaration order. */
static HRESULT call_by_name(IDispatch *disp, const WCHAR *name, WORD flags, VARIANT *args, unsigned int argc,
                            VARIANT *result)
{
    DISPPARAMS params = {NULL, NULL, argc, 0};
    VARIANT reversed[5];
    WCHAR *names[1] = {(WCHAR *)name};
    DISPID id = DISPID_UNKNOWN;
    unsigned int i;
    HRESULT hr;

    VariantInit(result);
    hr = IDispatch_GetIDsOfNames(disp, &IID_NULL, names, 1, LOCALE_USER_DEFAULT, &id);
    ok(hr == S_OK, "GetIDsOfNames(%ls) hr %#lx.\n", name, hr);
    if (FAILED(hr)) return hr;
    for (i = 0; i < argc && i < ARRAY_SIZE(reversed); i++)
        reversed[argc - 1 - i] = args[i];
    params.rgvarg = reversed;
    return IDispatch_Invoke(disp, id, &IID_NULL, LOCALE_USER_DEFAULT, flags, &params, result, NULL, NULL);
}

/* RegisterApplication (register TRUE) or UnRegisterApplication of guid,
 * late-bound, with the values register_app() gives. */
static HRESULT register_late(IDispatch *manager, const WCHAR *guid, BOOL reg)
{
    static const WCHAR *const texts[] = {NULL, L"activation test", L"http://example.org/",
                                         L"C:\\windows\\notepad.exe"};
    VARIANT args[5], result;
    unsigned int i, argc = reg ? 5 : 1;
    HRESULT hr;

    for (i = 0; i < argc && i < ARRAY_SIZE(texts); i++)
    {
        V_VT(&args[i]) = VT_BSTR;
        V_BSTR(&args[i]) = SysAllocString(i ? texts[i] : guid);
    }
    V_VT(&args[4]) = VT_I4;
    V_I4(&args[4]) = 0;
    hr = call_by_name(manager, reg ? L"RegisterApplication" : L"UnRegisterApplication", DISPATCH_METHOD, args,
                      argc, &result);
    for (i = 0; i < argc; i++)
        VariantClear(&args[i]);
    VariantClear(&result);
    return hr;
}

/* Only the other architecture's DLL is registered, as when a user
 * registered the 64-bit one alone and runs a 32-bit program.  In process
 * there is no class; every context with the local server reaches the
 * server of the other architecture.  The client's registry view has no
 * proxies for the typed interfaces then, so it does what a script does:
 * IDispatch and late binding, whose proxies every Windows has.  Sessions
 * and events work that way too, and the server goes when released. */
static void test_other_architecture(void)
{
    static const DWORD contexts[] = {CLSCTX_INPROC_SERVER | CLSCTX_LOCAL_SERVER, CLSCTX_ALL,
                                     CLSCTX_LOCAL_SERVER};
    struct process_list before;
    IDispatch *manager, *session;
    IConnectionPoint *cp;
    VARIANT result;
    struct sink sink;
    HANDLE server;
    WCHAR guid[39];
    DWORD cookie;
    CLSID clsid;
    unsigned int i;
    HRESULT hr;

    /* Seen, not checked: whether this view has the ProgID, which a script's
     * CreateObject needs (Wine 8 keeps it per view, Windows shares it). */
    hr = CLSIDFromProgID(L"Messenger.MsgrSessionManager", &clsid);
    trace("CLSIDFromProgID: hr %#lx.\n", hr);

    manager = (IDispatch *)0xdeadbeef;
    hr = CoCreateInstance(&CLSID_MsgrSessionManager, NULL, CLSCTX_INPROC_SERVER, &IID_IDispatch,
                          (void **)&manager);
    ok(hr == REGDB_E_CLASSNOTREG && !manager, "CLSCTX_INPROC_SERVER hr %#lx, %p.\n", hr, manager);
    trace("CLSCTX_INPROC_SERVER: hr %#lx, no %d-bit class.\n", hr, (int)sizeof(void *) * 8);

    for (i = 0; i < ARRAY_SIZE(contexts); i++)
    {
        list_rundll32(&before);
        manager = NULL;
        hr =
            CoCreateInstance(&CLSID_MsgrSessionManager, NULL, contexts[i], &IID_IDispatch, (void **)&manager);
        ok(hr == S_OK && manager, "CoCreateInstance(%s, IDispatch) hr %#lx.\n", context_name(contexts[i]),
           hr);
        trace("%s, IDispatch: hr %#lx.\n", context_name(contexts[i]), hr);
        if (!manager) continue;
        ok(is_proxy((IUnknown *)manager), "%s gave an object in process.\n", context_name(contexts[i]));
        server = one_new_server(&before);

        hr = call_by_name(manager, L"CreateSession", DISPATCH_METHOD, NULL, 0, &result);
        ok(hr == S_OK && V_VT(&result) == VT_DISPATCH, "CreateSession hr %#lx, vt %d.\n", hr, V_VT(&result));
        session = V_VT(&result) == VT_DISPATCH ? V_DISPATCH(&result) : NULL;
        if (session)
        {
            hr = call_by_name(session, L"State", DISPATCH_PROPERTYGET, NULL, 0, &result);
            ok(hr == S_OK && V_VT(&result) == VT_I4 && V_I4(&result) == SS_READY,
               "State hr %#lx, vt %d, %ld.\n", hr, V_VT(&result),
               V_VT(&result) == VT_I4 ? V_I4(&result) : -1);
            trace("late-bound session: State %ld.\n", V_VT(&result) == VT_I4 ? V_I4(&result) : -1);
            IDispatch_Release(session);
        }

        if (contexts[i] == CLSCTX_LOCAL_SERVER)
        {
            init_sink(&sink);
            cp = advise((IUnknown *)manager, &DIID_DMsgrSessionManagerEvents, &sink, &cookie);
            new_guid_string(guid);
            ok_hr(register_late(manager, guid, TRUE), S_OK);
            ok(pump_for_event(&sink, DISPID_ONAPPREGISTERED), "No OnAppRegistered: %u events.\n", sink.count);
            if (sink.count)
                trace("event %ld (%ls) from the local server.\n", sink.events[0].id, sink.events[0].text);
            ok_hr(register_late(manager, guid, FALSE), S_OK);
            ok(pump_for_event(&sink, DISPID_ONAPPUNREGISTERED), "No OnAppUnRegistered: %u events.\n",
               sink.count);
            if (cp)
            {
                ok_hr(IConnectionPoint_Unadvise(cp, cookie), S_OK);
                IConnectionPoint_Release(cp);
            }
        }
        IDispatch_Release(manager);
        if (server) ok_server_exits(server);
    }
}

/* The documentation's sample: CLSCTX_LOCAL_SERVER.  The manager is a proxy
 * to a rundll32 process of the expected DLL, which serves a second manager
 * too; its members, error information, interfaces and events all cross;
 * and the process goes once the last object is released. */
static void test_local_server(void)
{
    IMsgrSessionManager *manager, *second;
    struct process_list before;
    IErrorInfo *info = NULL;
    IConnectionPoint *cp;
    struct sink sink;
    HANDLE server, more[1];
    WCHAR guid[39];
    DWORD cookie;
    BOOL got;
    int at;

    list_rundll32(&before);
    if (!(manager = create_in(CLSCTX_LOCAL_SERVER))) return;
    ok(is_proxy((IUnknown *)manager), "CLSCTX_LOCAL_SERVER gave an object in process.\n");
    if (!(server = one_new_server(&before)))
    {
        IMsgrSessionManager_Release(manager);
        return;
    }
    if ((second = create_in(CLSCTX_LOCAL_SERVER)))
        ok(new_servers(&before, more, 0) == 1, "A second manager started another local server.\n");

    check_session(manager, TRUE);
    check_interface(manager, &IID_IMsgrLock, TRUE);
    check_interface(manager, &IID_IConnectionPointContainer, TRUE);
    check_interface(manager, &IID_IProvideClassInfo, TRUE);
    check_interface(manager, &IID_ISupportErrorInfo, TRUE);
    check_interface(manager, &IID_IMsgrSession, FALSE);

    /* The error's description comes back with the error, where COM carries
     * error objects across processes. */
    ok_hr(unregister_app(manager, L"{nonsense}"), E_INVALIDARG);
    if (on_wine() && GetErrorInfo(0, &info) == S_FALSE)
        skip("Wine 8 does not carry IErrorInfo from another process.\n");
    else
    {
        if (info) SetErrorInfo(0, info);
        check_error_info(&IID_IMsgrSessionManager);
    }
    if (info) IErrorInfo_Release(info);

    /* Events come to the client's sink, through the IDispatch proxy. */
    init_sink(&sink);
    cp = advise((IUnknown *)manager, &DIID_DMsgrSessionManagerEvents, &sink, &cookie);
    new_guid_string(guid);
    ok_hr(
        register_app(manager, guid, L"activation test", L"http://example.org/", L"C:\\windows\\notepad.exe"),
        S_OK);
    got = pump_for_event(&sink, DISPID_ONAPPREGISTERED);
    at = find_event(&sink, DISPID_ONAPPREGISTERED);
    ok(got && at >= 0 && !wcscmp(sink.events[at].text, guid),
       "OnAppRegistered: %u events, the first %ld %ls.\n", sink.count, sink.count ? sink.events[0].id : 0,
       sink.count ? sink.events[0].text : L"");
    if (at >= 0) trace("OnAppRegistered(%ls) from the local server.\n", sink.events[at].text);
    ok_hr(unregister_app(manager, guid), S_OK);
    got = pump_for_event(&sink, DISPID_ONAPPUNREGISTERED);
    ok(got, "No OnAppUnRegistered: %u events.\n", sink.count);
    if (cp)
    {
        ok_hr(IConnectionPoint_Unadvise(cp, cookie), S_OK);
        IConnectionPoint_Release(cp);
    }

    /* The second manager keeps the process. */
    IMsgrSessionManager_Release(manager);
    if (second)
    {
        ok(WaitForSingleObject(server, 0) == WAIT_TIMEOUT, "The local server left with a manager alive.\n");
        check_session(second, TRUE);
        IMsgrSessionManager_Release(second);
    }
    ok_server_exits(server);
    ok(sink.ref == 1, "The sink is still referenced %ld times.\n", sink.ref - 1);
}

/* MsgrSession is refused as a local server as in process (spec Q15), and
 * a server started for the request does not stay. */
static void test_local_session_class(void)
{
    struct process_list before;
    IUnknown *unk = (IUnknown *)0xdeadbeef;
    HANDLE servers[4];
    unsigned int count, i;
    HRESULT hr;

    list_rundll32(&before);
    hr = CoCreateInstance(&CLSID_MsgrSession, NULL, CLSCTX_LOCAL_SERVER, &IID_IUnknown, (void **)&unk);
    ok(hr == CLASS_E_CLASSNOTAVAILABLE && !unk, "CoCreateInstance(MsgrSession) hr %#lx, %p.\n", hr, unk);
    trace("MsgrSession, CLSCTX_LOCAL_SERVER: hr %#lx.\n", hr);
    count = new_servers(&before, servers, ARRAY_SIZE(servers));
    for (i = 0; i < count && i < ARRAY_SIZE(servers); i++)
        ok_server_exits(servers[i]);
}

int main(int argc, char **argv)
{
    WCHAR *slash;

    if (argc > 1)
        MultiByteToWideChar(CP_ACP, 0, argv[1], -1, server_dll, ARRAY_SIZE(server_dll));
    else
    {
        GetModuleFileNameW(NULL, server_dll, ARRAY_SIZE(server_dll));
        if ((slash = wcsrchr(server_dll, '\\'))) slash[1] = 0;
        wcscat(server_dll, L"msgsc.dll");
    }
    if (argc > 2) server_bits = atoi(argv[2]);
    if (server_bits == (int)sizeof(void *) * 8) server_bits = 0; /* its own: the modules can be read */
    trace("%d-bit client; the local server must run %ls%s.\n", (int)sizeof(void *) * 8, server_dll,
          server_bits ? (server_bits == 64 ? " (64-bit)" : " (32-bit)") : "");

    CoInitialize(NULL);
    if (server_bits)
        test_other_architecture();
    else
    {
        test_in_process_contexts();
        test_local_server();
    }
    test_local_session_class();
    CoUninitialize();
    return test_summary();
}
