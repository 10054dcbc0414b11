/*
 * Connection points and events of MsgrSessionManager and MsgrSession: who
 * receives what, in which order, and always later, from the message loop.
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

/* An object that is neither the source interface nor IDispatch. */
static HRESULT WINAPI plain_QueryInterface(IUnknown *iface, REFIID riid, void **out)
{
    if (IsEqualGUID(riid, &IID_IUnknown))
    {
        *out = iface;
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI plain_AddRef(IUnknown *iface)
{
    return 2;
}

static ULONG WINAPI plain_Release(IUnknown *iface)
{
    return 1;
}

static const IUnknownVtbl plain_vtbl = {plain_QueryInterface, plain_AddRef, plain_Release};

/* The container of source, its only point, the point's identity and the
 * argument checks of IConnectionPointContainer and IConnectionPoint. */
static void test_container(IUnknown *source, const IID *iid, const IID *other_iid)
{
    IConnectionPointContainer *container, *back;
    IUnknown plain = {&plain_vtbl};
    IEnumConnectionPoints *points;
    IConnectionPoint *cp, *cp2[2];
    ULONG fetched;
    DWORD cookie;
    IID got;
    HRESULT hr;

    hr = IUnknown_QueryInterface(source, &IID_IConnectionPointContainer, (void **)&container);
    ok(hr == S_OK, "QueryInterface(IConnectionPointContainer) hr %#lx.\n", hr);
    if (hr != S_OK) return;

    hr = IConnectionPointContainer_FindConnectionPoint(container, iid, NULL);
    ok(hr == E_POINTER, "FindConnectionPoint(NULL) hr %#lx.\n", hr);
    cp = (IConnectionPoint *)0xdeadbeef;
    hr = IConnectionPointContainer_FindConnectionPoint(container, other_iid, &cp);
    ok(hr == CONNECT_E_NOCONNECTION && !cp, "FindConnectionPoint(other) hr %#lx, %p.\n", hr, cp);
    cp = (IConnectionPoint *)0xdeadbeef;
    hr = IConnectionPointContainer_FindConnectionPoint(container, &IID_IDispatch, &cp);
    ok(hr == CONNECT_E_NOCONNECTION && !cp, "FindConnectionPoint(IDispatch) hr %#lx, %p.\n", hr, cp);
    hr = IConnectionPointContainer_FindConnectionPoint(container, iid, &cp);
    ok(hr == S_OK && cp, "FindConnectionPoint hr %#lx, %p.\n", hr, cp);
    if (hr != S_OK)
    {
        IConnectionPointContainer_Release(container);
        return;
    }

    hr = IConnectionPoint_GetConnectionInterface(cp, &got);
    ok(hr == S_OK && IsEqualGUID(&got, iid), "GetConnectionInterface hr %#lx, %s.\n", hr, debugstr_iid(&got));
    hr = IConnectionPoint_GetConnectionInterface(cp, NULL);
    ok(hr == E_POINTER, "GetConnectionInterface(NULL) hr %#lx.\n", hr);
    hr = IConnectionPoint_GetConnectionPointContainer(cp, &back);
    ok(hr == S_OK && back == container, "GetConnectionPointContainer hr %#lx, %p.\n", hr, back);
    if (hr == S_OK) IConnectionPointContainer_Release(back);

    /* Exactly one point, the same object FindConnectionPoint gave. */
    hr = IConnectionPointContainer_EnumConnectionPoints(container, NULL);
    ok(hr == E_POINTER, "EnumConnectionPoints(NULL) hr %#lx.\n", hr);
    hr = IConnectionPointContainer_EnumConnectionPoints(container, &points);
    ok(hr == S_OK, "EnumConnectionPoints hr %#lx.\n", hr);
    if (hr == S_OK)
    {
        fetched = 99;
        hr = IEnumConnectionPoints_Next(points, 2, cp2, &fetched);
        ok(hr == S_FALSE && fetched == 1 && cp2[0] == cp, "Next hr %#lx, fetched %lu, %p, expected %p.\n", hr,
           fetched, fetched ? cp2[0] : NULL, cp);
        if (fetched) IConnectionPoint_Release(cp2[0]);
        hr = IEnumConnectionPoints_Next(points, 1, cp2, NULL);
        ok(hr == S_FALSE, "Next past the end hr %#lx.\n", hr);
        hr = IEnumConnectionPoints_Reset(points);
        ok(hr == S_OK, "Reset hr %#lx.\n", hr);
        hr = IEnumConnectionPoints_Skip(points, 2);
        ok(hr == S_FALSE, "Skip(2) hr %#lx.\n", hr);
        IEnumConnectionPoints_Release(points);
    }

    hr = IConnectionPoint_Advise(cp, NULL, &cookie);
    ok(hr == E_POINTER, "Advise(NULL sink) hr %#lx.\n", hr);
    hr = IConnectionPoint_Advise(cp, &plain, NULL);
    ok(hr == E_POINTER, "Advise(NULL cookie) hr %#lx.\n", hr);
    cookie = 0xdeadbeef;
    hr = IConnectionPoint_Advise(cp, &plain, &cookie);
    ok(hr == CONNECT_E_CANNOTCONNECT && !cookie, "Advise(no IDispatch) hr %#lx, cookie %lu.\n", hr, cookie);
    hr = IConnectionPoint_Unadvise(cp, 0);
    ok(hr == CONNECT_E_NOCONNECTION, "Unadvise(0) hr %#lx.\n", hr);
    hr = IConnectionPoint_Unadvise(cp, 12345);
    ok(hr == CONNECT_E_NOCONNECTION, "Unadvise(12345) hr %#lx.\n", hr);

    IConnectionPoint_Release(cp);
    IConnectionPointContainer_Release(container);
}

/* EnumConnections lists exactly the advised sinks with their cookies;
 * Unadvise is final. */
static void test_connections(IUnknown *source, const IID *iid)
{
    struct sink sinks[3];
    IEnumConnections *connections;
    IConnectionPoint *cp = NULL;
    CONNECTDATA data[4];
    DWORD cookies[3];
    unsigned int i, j, matched;
    ULONG fetched;
    HRESULT hr;

    for (i = 0; i < ARRAY_SIZE(sinks); i++)
    {
        init_sink(&sinks[i]);
        if (cp) IConnectionPoint_Release(cp);
        cp = advise(source, iid, &sinks[i], &cookies[i]);
        if (!cp) return;
    }
    ok(cookies[0] != cookies[1] && cookies[1] != cookies[2] && cookies[0] != cookies[2],
       "Cookies not unique: %lu, %lu, %lu.\n", cookies[0], cookies[1], cookies[2]);

    hr = IConnectionPoint_EnumConnections(cp, NULL);
    ok(hr == E_POINTER, "EnumConnections(NULL) hr %#lx.\n", hr);
    hr = IConnectionPoint_EnumConnections(cp, &connections);
    ok(hr == S_OK, "EnumConnections hr %#lx.\n", hr);
    if (hr == S_OK)
    {
        fetched = 0;
        hr = IEnumConnections_Next(connections, ARRAY_SIZE(data), data, &fetched);
        ok(hr == S_FALSE && fetched == 3, "Next hr %#lx, fetched %lu.\n", hr, fetched);
        for (i = matched = 0; i < fetched; i++)
        {
            for (j = 0; j < ARRAY_SIZE(sinks); j++)
                if (data[i].dwCookie == cookies[j] && data[i].pUnk == (IUnknown *)&sinks[j].IDispatch_iface)
                    matched++;
            IUnknown_Release(data[i].pUnk);
        }
        ok(matched == 3, "%u of 3 connections match their sink and cookie.\n", matched);
        IEnumConnections_Release(connections);
    }

    hr = IConnectionPoint_Unadvise(cp, cookies[1]);
    ok(hr == S_OK, "Unadvise hr %#lx.\n", hr);
    hr = IConnectionPoint_Unadvise(cp, cookies[1]);
    ok(hr == CONNECT_E_NOCONNECTION, "second Unadvise hr %#lx.\n", hr);
    hr = IConnectionPoint_EnumConnections(cp, &connections);
    if (hr == S_OK)
    {
        fetched = 0;
        IEnumConnections_Next(connections, ARRAY_SIZE(data), data, &fetched);
        ok(fetched == 2, "%lu connections after Unadvise.\n", fetched);
        for (i = 0; i < fetched; i++)
            IUnknown_Release(data[i].pUnk);
        IEnumConnections_Release(connections);
    }
    IConnectionPoint_Unadvise(cp, cookies[0]);
    IConnectionPoint_Unadvise(cp, cookies[2]);
    for (i = 0; i < ARRAY_SIZE(sinks); i++)
        ok(sinks[i].ref == 1, "Sink %u still holds %ld references.\n", i, sinks[i].ref - 1);
    IConnectionPoint_Release(cp);
}

struct all_have
{
    struct sink **sinks;
    unsigned int count;
    DISPID id;
};

static BOOL all_have_event(void *ctx)
{
    struct all_have *wait = ctx;
    unsigned int i;

    for (i = 0; i < wait->count; i++)
        if (find_event(wait->sinks[i], wait->id) < 0) return FALSE;
    return TRUE;
}

struct count_wait
{
    struct sink *sink;
    unsigned int count;
};

static BOOL has_count(void *ctx)
{
    struct count_wait *wait = ctx;
    return wait->sink->count >= wait->count;
}

static void check_app_event(struct sink *sink, DISPID id, const WCHAR *guid, unsigned int expect_count,
                            int index)
{
    int at = find_event(sink, id);

    ok(at >= 0, "Sink %d: no event %ld.\n", index, id);
    ok(sink->count == expect_count, "Sink %d: %u events, expected %u.\n", index, sink->count, expect_count);
    if (at >= 0)
        ok(!wcscmp(sink->events[at].text, guid), "Sink %d: event %ld carries %ls, expected %ls.\n", index, id,
           sink->events[at].text, guid);
}

/* OnAppRegistered / OnAppUnRegistered reach every sink of every manager of
 * the process, after the call has returned; a sink may unadvise or drop the
 * last reference to its manager inside the event. */
static void test_app_events(void)
{
    IMsgrSessionManager *manager1, *manager2, *manager3;
    struct sink a, b, c, quitter, releaser;
    struct sink *all[] = {&a, &b, &c, &quitter, &releaser};
    IConnectionPoint *cp1a, *cp1b, *cp2, *cpq, *cpr;
    DWORD cookie_a, cookie_b, cookie_c, cookie_q, cookie_r;
    struct all_have wait = {all, ARRAY_SIZE(all), DISPID_ONAPPREGISTERED};
    WCHAR guid[39], lower[39];
    unsigned int i;
    BOOL done;
    HRESULT hr;

    manager1 = create_manager();
    manager2 = create_manager();
    manager3 = create_manager();
    if (!manager1 || !manager2 || !manager3) return;
    for (i = 0; i < ARRAY_SIZE(all); i++)
        init_sink(all[i]);
    cp1a = advise((IUnknown *)manager1, &DIID_DMsgrSessionManagerEvents, &a, &cookie_a);
    cp1b = advise((IUnknown *)manager1, &DIID_DMsgrSessionManagerEvents, &b, &cookie_b);
    cp2 = advise((IUnknown *)manager2, &DIID_DMsgrSessionManagerEvents, &c, &cookie_c);
    /* Each manager's first sink brings its lock's announcement
     * (OnLockStatusChanged, OnLockEnable; lock.c tests them): let those
     * pass before the sinks that act on their first event listen. */
    {
        IConnectionPoint *cp3;
        struct sink first;
        DWORD cookie;

        init_sink(&first);
        cp3 = advise((IUnknown *)manager3, &DIID_DMsgrSessionManagerEvents, &first, &cookie);
        drain();
        ok(a.count == 2 && b.count == 2 && c.count == 2 && first.count == 2, "%u %u %u %u announcements.\n",
           a.count, b.count, c.count, first.count);
        a.count = b.count = c.count = 0;
        if (cp3)
        {
            IConnectionPoint_Unadvise(cp3, cookie);
            IConnectionPoint_Release(cp3);
        }
    }
    cpq = advise((IUnknown *)manager1, &DIID_DMsgrSessionManagerEvents, &quitter, &cookie_q);
    cpr = advise((IUnknown *)manager3, &DIID_DMsgrSessionManagerEvents, &releaser, &cookie_r);
    if (!cp1a || !cp1b || !cp2 || !cpq || !cpr) return;
    quitter.unadvise_cp = cpq; /* the sink now owns this reference */
    quitter.cookie = cookie_q;
    /* The sink holds the only reference to manager3. */
    IConnectionPoint_Release(cpr);
    releaser.release_on_event = (IUnknown *)manager3;
    manager3 = NULL;

    /* Lower-case input; the events carry the normalised GUID. */
    new_guid_string(guid);
    wcscpy(lower, guid);
    CharLowerW(lower);
    hr = register_app(manager2, lower, L"events test", L"http://example.org/", L"C:\\windows\\notepad.exe");
    ok(hr == S_OK, "RegisterApplication hr %#lx.\n", hr);
    for (i = 0; i < ARRAY_SIZE(all); i++)
        ok(all[i]->count == 0, "Sink %u got %u events inside the call.\n", i, all[i]->count);
    done = pump_until(all_have_event, &wait);
    ok(done, "Not every sink received OnAppRegistered: %u, %u, %u, %u, %u events.\n", a.count, b.count,
       c.count, quitter.count, releaser.count);
    for (i = 0; i < ARRAY_SIZE(all); i++)
        check_app_event(all[i], DISPID_ONAPPREGISTERED, guid, 1, i);
    ok(!quitter.unadvise_cp, "The quitter did not unadvise.\n");
    ok(!releaser.release_on_event, "The releaser did not release its manager.\n");
    ok(releaser.ref == 1, "The destroyed manager still holds %ld references on its sink.\n",
       releaser.ref - 1);

    hr = unregister_app(manager1, guid);
    ok(hr == S_OK, "UnRegisterApplication hr %#lx.\n", hr);
    for (i = 0; i < 3; i++)
        ok(all[i]->count == 1, "Sink %u got an event inside the call.\n", i);
    wait.count = 3;
    wait.id = DISPID_ONAPPUNREGISTERED;
    done = pump_until(all_have_event, &wait);
    ok(done, "Not every sink received OnAppUnRegistered: %u, %u, %u events.\n", a.count, b.count, c.count);
    for (i = 0; i < 3; i++)
        check_app_event(all[i], DISPID_ONAPPUNREGISTERED, guid, 2, i);
    /* Unadvised and destroyed sources send nothing more. */
    ok(quitter.count == 1, "The unadvised sink got %u events.\n", quitter.count);
    ok(releaser.count == 1, "The sink of the destroyed manager got %u events.\n", releaser.count);

    /* A failed call announces nothing: events are delivered in order, so
     * once the next registration's event is in, nothing else came first. */
    hr = unregister_app(manager1, guid);
    ok(hr == SR_APP_NOT_REGISTERED, "second UnRegisterApplication hr %#lx.\n", hr);
    new_guid_string(guid);
    hr = register_app(manager1, guid, L"events test 2", L"http://example.org/", L"C:\\windows\\notepad.exe");
    ok(hr == S_OK, "RegisterApplication hr %#lx.\n", hr);
    for (i = 0; i < 3; i++)
    {
        struct count_wait third = {all[i], 3};

        done = pump_until(has_count, &third);
        ok(done, "Sink %u got %u events.\n", i, all[i]->count);
        ok(all[i]->count == 3 && all[i]->events[2].id == DISPID_ONAPPREGISTERED &&
               !wcscmp(all[i]->events[2].text, guid),
           "Sink %u: %u events, the third %ld %ls.\n", i, all[i]->count, all[i]->events[2].id,
           all[i]->events[2].text);
    }
    ok_hr(unregister_app(manager1, guid), S_OK);
    /* Deliver it: a queued event keeps its manager, and so the sinks on
     * this stack, alive. */
    for (i = 0; i < 3; i++)
    {
        struct count_wait fourth = {all[i], 4};

        done = pump_until(has_count, &fourth);
        ok(done, "Sink %u got %u events.\n", i, all[i]->count);
    }

    ok_hr(IConnectionPoint_Unadvise(cp1a, cookie_a), S_OK);
    ok_hr(IConnectionPoint_Unadvise(cp1b, cookie_b), S_OK);
    IConnectionPoint_Release(cp1a);
    IConnectionPoint_Release(cp1b);
    IConnectionPoint_Release(cp2); /* manager2 releases c when it dies */
    IMsgrSessionManager_Release(manager1);
    IMsgrSessionManager_Release(manager2);
    for (i = 0; i < ARRAY_SIZE(all); i++)
        ok(all[i]->ref == 1, "Sink %u still holds %ld references.\n", i, all[i]->ref - 1);
}

/* Cancel in SS_READY (spec 3.2 I8): OnStateChanged(SS_READY), then
 * OnTermination(SR_SESSION_CANCELLED_LOCAL, data), both after the call and
 * with State already SS_CANCELLED (3.4 rule 1). */
static void test_session_events(IMsgrSessionManager *manager)
{
    struct sink watcher, quitter, releaser;
    IConnectionPoint *cp, *cpq, *cpr;
    DWORD cookie, cookie_q, cookie_r;
    IMsgrSession *session, *doomed;
    struct count_wait wait;
    BSTR data;
    BOOL done;
    HRESULT hr;

    session = create_session(manager);
    doomed = create_session(manager);
    if (!session || !doomed) return;
    init_sink(&watcher);
    init_sink(&quitter);
    init_sink(&releaser);
    watcher.session = session;
    cp = advise((IUnknown *)session, &DIID_DMsgrSessionEvents, &watcher, &cookie);
    cpq = advise((IUnknown *)session, &DIID_DMsgrSessionEvents, &quitter, &cookie_q);
    cpr = advise((IUnknown *)doomed, &DIID_DMsgrSessionEvents, &releaser, &cookie_r);
    if (!cp || !cpq || !cpr) return;
    quitter.unadvise_cp = cpq;
    quitter.cookie = cookie_q;

    data = SysAllocString(L"bye");
    hr = IMsgrSession_Cancel(session, E_ABORT, data);
    ok(hr == S_OK, "Cancel hr %#lx.\n", hr);
    ok(watcher.count == 0, "%u events inside Cancel.\n", watcher.count);
    wait.sink = &watcher;
    wait.count = 2;
    done = pump_until(has_count, &wait);
    ok(done, "Only %u events after Cancel.\n", watcher.count);
    ok(watcher.count == 2, "%u events after Cancel, expected 2.\n", watcher.count);
    ok(watcher.events[0].id == DISPID_ONSTATECHANGED && watcher.events[0].arg1 == SS_READY,
       "First event %ld(%ld), expected OnStateChanged(SS_READY).\n", watcher.events[0].id,
       watcher.events[0].arg1);
    ok(watcher.events[1].id == DISPID_ONTERMINATION &&
           watcher.events[1].arg1 == (LONG)SR_SESSION_CANCELLED_LOCAL &&
           !wcscmp(watcher.events[1].text, L"bye"),
       "Second event %ld(%#lx, %ls), expected OnTermination(SR_SESSION_CANCELLED_LOCAL, bye).\n",
       watcher.events[1].id, watcher.events[1].arg1, watcher.events[1].text);
    ok(watcher.events[0].state == SS_CANCELLED && watcher.events[1].state == SS_CANCELLED,
       "State inside the events %d, %d.\n", watcher.events[0].state, watcher.events[1].state);
    /* The quitter unadvised inside OnStateChanged: no OnTermination for it. */
    ok(quitter.count == 1 && quitter.events[0].id == DISPID_ONSTATECHANGED,
       "Quitter got %u events, the first %ld.\n", quitter.count, quitter.events[0].id);

    /* A refused call announces nothing (checked below, once the events
     * posted after it have arrived). */
    hr = IMsgrSession_Cancel(session, E_ABORT, data);
    ok(hr == E_FAIL, "second Cancel hr %#lx.\n", hr);

    /* The releaser drops the last reference to its session in the first
     * event; the queued OnTermination still arrives, then the session dies. */
    IConnectionPoint_Release(cpr);
    releaser.release_on_event = (IUnknown *)doomed;
    hr = IMsgrSession_Cancel(doomed, E_ABORT, NULL);
    ok(hr == S_OK, "Cancel hr %#lx.\n", hr);
    doomed = NULL;
    wait.sink = &releaser;
    wait.count = 2;
    done = pump_until(has_count, &wait);
    ok(done, "The releaser got %u events.\n", releaser.count);
    ok(releaser.count == 2 && releaser.events[1].id == DISPID_ONTERMINATION,
       "The releaser got %u events, the second %ld.\n", releaser.count, releaser.events[1].id);
    ok(releaser.ref == 1, "The destroyed session still holds %ld references on its sink.\n",
       releaser.ref - 1);
    ok(watcher.count == 2, "%u events after a refused Cancel.\n", watcher.count);
    SysFreeString(data);

    ok_hr(IConnectionPoint_Unadvise(cp, cookie), S_OK);
    IConnectionPoint_Release(cp);
    IMsgrSession_Release(session);
    ok(watcher.ref == 1 && quitter.ref == 1, "Sinks still hold references: %ld, %ld.\n", watcher.ref - 1,
       quitter.ref - 1);
}

/* A thread that saw a half-made desktop.  Wine 8 keeps, per thread, the
 * desktop and message windows that the thread's first window call saw; a
 * thread whose first call fell while explorer was making the desktop (the
 * desktop window made, the message window not yet) could make no
 * message-only window any more.  Events must reach such a thread all the
 * same.  The desktop is one of the test's own, half made by hand in the
 * order explorer makes it, and finished a moment after the client thread
 * has looked at it. */
struct half_made_desktop
{
    HDESK desktop;
    HANDLE half_made; /* the desktop window is made, the message window not yet */
    HANDLE looked;    /* the client has seen the half-made desktop */
    HANDLE done;      /* the client is done: the maker may go */
    BOOL plain_window_failed;
    struct sink sink;
};

static DWORD WINAPI make_desktop(void *arg)
{
    struct half_made_desktop *test = arg;
    HWND desktop_window, message_window = NULL;

    SetThreadDesktop(test->desktop);
    desktop_window =
        CreateWindowExW(0, (const WCHAR *)MAKEINTATOM(32769), NULL,
                        WS_POPUP | WS_CLIPSIBLINGS | WS_CLIPCHILDREN, 0, 0, 0, 0, NULL, NULL, NULL, NULL);
    SetEvent(test->half_made);
    if (desktop_window && !WaitForSingleObject(test->looked, 10000))
    {
        Sleep(200); /* the client meanwhile tries to make its apartment */
        message_window = CreateWindowExW(0, L"Message", NULL, WS_POPUP | WS_CLIPSIBLINGS | WS_CLIPCHILDREN, 0,
                                         0, 100, 100, NULL, NULL, NULL, NULL);
    }
    WaitForSingleObject(test->done, 30000);
    if (message_window) DestroyWindow(message_window);
    if (desktop_window) DestroyWindow(desktop_window);
    return desktop_window && message_window;
}

static DWORD WINAPI use_half_made_desktop(void *arg)
{
    struct half_made_desktop *test = arg;
    WNDCLASSW plain = {0};
    IMsgrSessionManager *manager;
    IMsgrSession *session;
    IConnectionPoint *cp;
    HWND window;
    DWORD cookie;

    SetThreadDesktop(test->desktop);
    plain.lpfnWndProc = DefWindowProcW;
    plain.hInstance = GetModuleHandleW(NULL);
    plain.lpszClassName = L"msgsc_test_plain";
    RegisterClassW(&plain);
    window = CreateWindowExW(0, plain.lpszClassName, NULL, 0, 0, 0, 0, 0, HWND_MESSAGE, NULL, plain.hInstance,
                             NULL);
    test->plain_window_failed = !window;
    if (window) DestroyWindow(window);
    SetEvent(test->looked);
    if (!test->plain_window_failed) return 0;

    CoInitialize(NULL);
    if ((manager = create_manager()))
    {
        if ((session = create_session(manager)))
        {
            if ((cp = advise((IUnknown *)session, &DIID_DMsgrSessionEvents, &test->sink, &cookie)))
            {
                ok_hr(IMsgrSession_Cancel(session, E_ABORT, NULL), S_OK);
                ok(pump_for_event(&test->sink, DISPID_ONTERMINATION), "No OnTermination, %u events.\n",
                   test->sink.count);
                ok_hr(IConnectionPoint_Unadvise(cp, cookie), S_OK);
                IConnectionPoint_Release(cp);
            }
            IMsgrSession_Release(session);
        }
        IMsgrSessionManager_Release(manager);
    }
    CoUninitialize();
    return 0;
}

static void test_half_made_desktop(void)
{
    struct half_made_desktop test = {0};
    HANDLE maker, client;
    DWORD made = 0;
    WCHAR name[64];

    init_sink(&test.sink);
    swprintf(name, ARRAY_SIZE(name), L"msgsc-half-made-%lu", GetCurrentProcessId());
    test.desktop = CreateDesktopW(name, NULL, NULL, 0, GENERIC_ALL, NULL);
    ok(test.desktop != NULL, "CreateDesktop error %lu.\n", GetLastError());
    if (!test.desktop) return;
    test.half_made = CreateEventW(NULL, TRUE, FALSE, NULL);
    test.looked = CreateEventW(NULL, TRUE, FALSE, NULL);
    test.done = CreateEventW(NULL, TRUE, FALSE, NULL);
    maker = CreateThread(NULL, 0, make_desktop, &test, 0, NULL);
    /* Were the client to look first, it would start explorer for the desktop. */
    WaitForSingleObject(test.half_made, 10000);
    client = CreateThread(NULL, 0, use_half_made_desktop, &test, 0, NULL);
    ok(!WaitForSingleObject(client, 60000), "The client thread did not finish.\n");
    SetEvent(test.done);
    ok(!WaitForSingleObject(maker, 30000), "The desktop thread did not finish.\n");
    GetExitCodeThread(maker, &made);
    if (!test.plain_window_failed)
        skip("A thread that saw a half-made desktop makes message-only windows here; nothing to prove.\n");
    else
    {
        ok(made, "The desktop was not finished.\n");
        ok(test.sink.count == 2, "%u events in the thread that saw a half-made desktop, expected 2.\n",
           test.sink.count);
    }
    CloseHandle(maker);
    CloseHandle(client);
    CloseHandle(test.half_made);
    CloseHandle(test.looked);
    CloseHandle(test.done);
    CloseDesktop(test.desktop);
}

int main(void)
{
    IMsgrSessionManager *manager;
    IMsgrSession *session;

    CoInitialize(NULL);
    manager = create_manager();
    if (!manager) return test_summary();
    test_container((IUnknown *)manager, &DIID_DMsgrSessionManagerEvents, &DIID_DMsgrSessionEvents);
    test_connections((IUnknown *)manager, &DIID_DMsgrSessionManagerEvents);
    if ((session = create_session(manager)))
    {
        test_container((IUnknown *)session, &DIID_DMsgrSessionEvents, &DIID_DMsgrSessionManagerEvents);
        test_connections((IUnknown *)session, &DIID_DMsgrSessionEvents);
        IMsgrSession_Release(session);
    }
    test_app_events();
    test_session_events(manager);
    test_half_made_desktop();
    IMsgrSessionManager_Release(manager);
    CoUninitialize();
    return test_summary();
}
