/*
 * The signed-in agent end to end (issue 8): invitations no application takes, the
 * policies, the prompt, the launch and GetLaunchingSession, signing in and out.
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

#include "net/party.h"
#include "broker/ui.h"
#include "ui/handshake.h"

/* Alice is this process, an application that invites.  Bob is signed in
 * with the SignIn command, so his broker is the resident agent; bob runs no
 * application unless a scenario starts one.  The agent launches this
 * program again as "launched" (the registered Path has that argument,
 * nothing else), which picks its session up with GetLaunchingSession.
 * The test has a Wine prefix of its own: SignIn writes the sign-in name
 * into HKCU, which no other test may see. */

static WCHAR app_guid[39], fail_guid[39], decline_guid[39], veto_guid[39], missing_guid[39], prompt_guid[39],
    menu_guid[39];
static unsigned short alice_port, bob_port;
static WCHAR dll_path[MAX_PATH];
static HANDLE agent_process;

static const char alice_name[] = "alice@example.org", bob_name[] = "bob@example.org";

/* --- the launched application (bob's, or alice's for "invite someone") --- */

/* What the launched process saw, for alice to compare: report-<GUID>.txt. */
static void write_report(IMsgrSession *session, const char *guid)
{
    char path[128], id[64], user[256] = "", data[600], application[64];
    IDispatch *dispatch = NULL;
    SESSION_STATE state = 0;
    LONG flags = 0;
    FILE *file;

    get_string(session, SessionID, id, sizeof(id));
    get_string(session, ContextData, data, sizeof(data));
    get_string(session, Application, application, sizeof(application));
    IMsgrSession_get_State(session, &state);
    IMsgrSession_get_Flags(session, &flags);
    if (IMsgrSession_get_User(session, &dispatch) == S_OK && dispatch)
    {
        IMessengerContact *contact = NULL;
        BSTR value = NULL;

        if (IDispatch_QueryInterface(dispatch, &IID_IMessengerContact, (void **)&contact) == S_OK)
        {
            IMessengerContact_get_SigninName(contact, &value);
            lstrcpynA(user, utf8(value), sizeof(user));
            SysFreeString(value);
            IMessengerContact_Release(contact);
        }
        IDispatch_Release(dispatch);
    }
    snprintf(path, sizeof(path), "report-%s.txt", guid);
    if ((file = fopen(path, "w")))
    {
        fprintf(file, "%s\n%d\n%ld\n%s\n%s\n%s\n", id, state, flags, user, data, application);
        fclose(file);
    }
    ok(file != NULL, "%s not written\n", path);
}

static void append_failures(const char *guid)
{
    char path[128];
    FILE *file;

    snprintf(path, sizeof(path), "report-%s.txt", guid);
    if ((file = fopen(path, "a")))
    {
        fprintf(file, "%d\n", test_failed);
        fclose(file);
    }
}

static int run_launched(void)
{
    IMsgrSessionManager *manager;
    IMsgrSession *session = NULL;
    IDispatch *dispatch = NULL;
    struct log_sink sink;
    IConnectionPoint *cp;
    char id[64], text[128], guid[64];
    WCHAR guid_w[39];
    DWORD cookie;
    HRESULT hr;

    CoInitialize(NULL);
    manager = create_manager();
    hr = IMsgrSessionManager_GetLaunchingSession(manager, GetCurrentProcessId(), NULL);
    ok(hr == E_INVALIDARG, "GetLaunchingSession(NULL) hr %#lx\n", hr);
    hr = IMsgrSessionManager_GetLaunchingSession(manager, GetCurrentProcessId() + 4, &dispatch);
    ok(hr == E_FAIL && !dispatch, "GetLaunchingSession(another process) hr %#lx\n", hr);
    hr = IMsgrSessionManager_GetLaunchingSession(manager, GetCurrentProcessId(), &dispatch);
    ok(hr == S_OK && dispatch, "GetLaunchingSession hr %#lx\n", hr);
    if (dispatch) IDispatch_QueryInterface(dispatch, &IID_IMsgrSession, (void **)&session);
    if (dispatch) IDispatch_Release(dispatch);
    if (!session) return test_summary();

    get_string(session, Application, guid, sizeof(guid));
    MultiByteToWideChar(CP_UTF8, 0, guid, -1, guid_w, ARRAY_SIZE(guid_w));
    /* Before any exchange: ContextData is still what the session started with. */
    write_report(session, guid);

    /* Its events from now on, and context data both ways. */
    init_log_sink(&sink);
    cp = advise_log((IUnknown *)session, &DIID_DMsgrSessionEvents, &sink, &cookie);
    snprintf(text, sizeof(text), "launched %s", get_string(session, SessionID, id, sizeof(id)));
    hr = IMsgrSession_SendContextData(session, (BSTR)bstr(text));
    ok(hr == S_OK, "SendContextData hr %#lx\n", hr);
    ok(wait_log(&sink, "C:from alice"), "no context data from alice: %s\n", sink.log);
    /* This process's output goes nowhere (the agent has no console): its
     * failures travel in the report's last line. */
    append_failures(guid);
    say_word("launched", guid_w);

    if (cp)
    {
        IConnectionPoint_Unadvise(cp, cookie);
        IConnectionPoint_Release(cp);
    }
    IMsgrSession_Release(session);
    IMsgrSessionManager_Release(manager);
    CoUninitialize();
    return test_summary();
}

/* --- bob's running application, which leaves invitations to the agent --- */

static struct log_sink bob_session_sink;
static IConnectionPoint *bob_session_cp;
static DWORD bob_session_cookie;
static const WCHAR *bob_wait_for; /* a word to wait for before answering */

static BOOL word_there(const char *word, const WCHAR *guid)
{
    char path[128];

    word_file(word, guid, path, sizeof(path));
    return word_said(path);
}

/* Inside OnInvitation: the session's sink is advised before the agent can
 * act, so that BeforeAppLaunch reaches it. */
static void bob_on_invitation(struct log_sink *sink)
{
    unsigned int i;

    init_log_sink(&bob_session_sink);
    bob_session_sink.veto_launch = TRUE;
    bob_session_cp = advise_log((IUnknown *)sink->invited, &DIID_DMsgrSessionEvents, &bob_session_sink,
                                &bob_session_cookie);
    /* Holding the answer back keeps the agent waiting (a file, as alice has
     * no other way to reach this thread). */
    for (i = 0; bob_wait_for && i < 1000 && !word_there("unregistered", bob_wait_for); i++)
        Sleep(10);
}

static int run_bob_app(const char *mode)
{
    IMsgrSessionManager *manager;
    IConnectionPoint *cp;
    struct log_sink sink;
    DWORD cookie;
    HRESULT hr;

    CoInitialize(NULL);
    manager = create_manager();
    init_log_sink(&sink);
    sink.leave_unhandled = TRUE;
    sink.on_invitation = bob_on_invitation;
    if (!strcmp(mode, "missing")) bob_wait_for = missing_guid;
    cp = advise_log((IUnknown *)manager, &DIID_DMsgrSessionManagerEvents, &sink, &cookie);
    signal_ready("agent-bob");

    ok(pump_until_long(invitation_arrived, &sink), "no invitation\n");
    if (!sink.invited)
        ;
    else if (!strcmp(mode, "veto"))
    {
        /* The agent accepted and asked; we said no: the session is ours. */
        ok(wait_log(&bob_session_sink, "S3"), "not connected: %s\n", bob_session_sink.log);
        check_log(&bob_session_sink, "S2 R B S3");
        hr = IMsgrSession_SendContextData(sink.invited, (BSTR)bstr("from bob's application"));
        ok(hr == S_OK, "SendContextData hr %#lx\n", hr);
        ok(wait_log(&bob_session_sink, "C:from alice"), "no context data: %s\n", bob_session_sink.log);
        say_word("bobapp", veto_guid);
    }
    else
    {
        /* The agent's Accept found no application here (E3). */
        ok(wait_log(&bob_session_sink, "T:"), "no end: %s\n", bob_session_sink.log);
        check_log(&bob_session_sink, "N:Missing Game S2 T:81000602:");
    }

    if (bob_session_cp)
    {
        IConnectionPoint_Unadvise(bob_session_cp, bob_session_cookie);
        IConnectionPoint_Release(bob_session_cp);
    }
    if (sink.invited) IMsgrSession_Release(sink.invited);
    if (cp)
    {
        IConnectionPoint_Unadvise(cp, cookie);
        IConnectionPoint_Release(cp);
    }
    IMsgrSessionManager_Release(manager);
    CoUninitialize();
    return test_summary();
}

/* --- alice ----------------------------------------------------------------- */

static void bob_identity(void)
{
    char policy[512];

    set_identity(bob_name, bob_port, alice_name, alice_port, "20000");
    snprintf(policy, sizeof(policy), "%ls=accept;%ls=accept;%ls=accept;%ls=decline", app_guid, fail_guid,
             veto_guid, decline_guid);
    SetEnvironmentVariableA("MSGSC_POLICY", policy);
}

static void alice_identity(void)
{
    set_identity(alice_name, alice_port, bob_name, bob_port, "20000");
    SetEnvironmentVariableA("MSGSC_POLICY", NULL);
}

/* rundll32 msgsc.dll,<command> as bob; the process, or NULL. */
static HANDLE run_command(const char *command, const char *args)
{
    WCHAR line[3 * MAX_PATH], system[MAX_PATH];
    STARTUPINFOW startup = {0};
    PROCESS_INFORMATION info;

    bob_identity();
    startup.cb = sizeof(startup);
    GetSystemDirectoryW(system, ARRAY_SIZE(system));
    swprintf(line, ARRAY_SIZE(line), L"\"%ls\\rundll32.exe\" \"%ls\",%hs %hs", system, dll_path, command,
             args);
    if (!CreateProcessW(NULL, line, NULL, NULL, FALSE, 0, NULL, NULL, &startup, &info)) info.hProcess = NULL;
    ok(info.hProcess != NULL, "%s: CreateProcess %lu\n", command, GetLastError());
    if (info.hProcess) CloseHandle(info.hThread);
    alice_identity();
    return info.hProcess;
}

static DWORD finish_command(HANDLE process, const char *command)
{
    DWORD code = 99;

    ok(process && WaitForSingleObject(process, 30000) == WAIT_OBJECT_0, "%s did not end\n", command);
    if (process) GetExitCodeProcess(process, &code);
    if (process) CloseHandle(process);
    return code;
}

static HANDLE start_bob_app(const char *mode)
{
    char command[2 * MAX_PATH], self[MAX_PATH];
    STARTUPINFOA startup = {0};
    PROCESS_INFORMATION info;

    bob_identity();
    startup.cb = sizeof(startup);
    GetModuleFileNameA(NULL, self, sizeof(self));
    snprintf(command, sizeof(command), "\"%s\" bobapp %s %ls %ls", self, mode, veto_guid, missing_guid);
    if (!CreateProcessA(NULL, command, NULL, NULL, FALSE, 0, NULL, NULL, &startup, &info))
        info.hProcess = NULL;
    ok(info.hProcess != NULL, "bobapp: CreateProcess %lu\n", GetLastError());
    if (info.hProcess) CloseHandle(info.hThread);
    alice_identity();
    return info.hProcess;
}

static void invite_bob(struct inviter *alice, const WCHAR *guid, const char *data)
{
    HRESULT hr = invite(alice, guid, bob_name, data);

    ok(hr == S_OK, "Invite hr %#lx\n", hr);
}

/* The launched process's report against alice's own view of the session. */
static void check_report(IMsgrSession *session, const WCHAR *guid, const char *user, const char *data,
                         LONG flags)
{
    char path[128], line[7][600], id[64], expected[16];
    FILE *file;
    int i;

    snprintf(path, sizeof(path), "report-%ls.txt", guid);
    file = fopen(path, "r");
    ok(file != NULL, "no report %s\n", path);
    if (!file) return;
    for (i = 0; i < 7; i++)
    {
        line[i][0] = 0;
        if (fgets(line[i], sizeof(line[i]), file)) line[i][strcspn(line[i], "\n")] = 0;
    }
    fclose(file);
    DeleteFileA(path);
    ok_str(line[0], get_string(session, SessionID, id, sizeof(id)));
    snprintf(expected, sizeof(expected), "%d", SS_CONNECTED);
    ok_str(line[1], expected);
    snprintf(expected, sizeof(expected), "%ld", flags);
    ok_str(line[2], expected);
    ok_str(line[3], user);
    ok_str(line[4], data);
    ok_str(line[5], utf8((BSTR)guid));
    ok_str(line[6], "0"); /* the launched process's failed checks */
}

/* Policy "accept": the agent accepts, nobody vetoes, the application is
 * launched and takes the session; when it exits, the session ends. */
static void test_accept_and_launch(struct inviter *alice)
{
    invite_bob(alice, app_guid, "hello bob");
    ok(wait_log(&alice->sink, "C:launched"), "nothing from the launched application: %s\n", alice->sink.log);
    IMsgrSession_SendContextData(alice->session, (BSTR)bstr("from alice"));
    ok(hear_word("launched", app_guid), "the launched application did not finish\n");
    check_report(alice->session, app_guid, alice_name, "hello bob", SF_INVITEE);
    /* The launched process exits: the agent lets the session go. */
    ok(wait_log(&alice->sink, "T:"), "no end: %s\n", alice->sink.log);
    ok(!strncmp(alice->sink.log, "S1 S2 A: R S3 C:launched {", 26), "events \"%s\"\n", alice->sink.log);
    ok(strstr(alice->sink.log, " S4 X: T:") != NULL, "events \"%s\"\n", alice->sink.log);
    finish(alice);
}

static void test_launch_fails(struct inviter *alice)
{
    invite_bob(alice, fail_guid, "try this");
    ok(wait_log(&alice->sink, "T:"), "no end: %s\n", alice->sink.log);
    check_log(&alice->sink, "S1 S2 A: R S3 S4 X: T:81000601:");
    finish(alice);
}

static void test_policy_declines(struct inviter *alice)
{
    invite_bob(alice, decline_guid, "no chance");
    ok(wait_log(&alice->sink, "T:"), "no end: %s\n", alice->sink.log);
    check_log(&alice->sink, "S1 S2 D: T:81000602:");
    finish(alice);
}

/* Bob's application is running but leaves the invitation alone; after the
 * agent's Accept it vetoes the launch and takes the session itself. */
static void test_vetoed_launch(struct inviter *alice)
{
    HANDLE ready = ready_event("agent-bob"), bob = start_bob_app("veto");
    char path[128];

    ok(wait_ready(ready), "bob's application did not start\n");
    invite_bob(alice, veto_guid, "veto me");
    ok(wait_log(&alice->sink, "C:from bob's application"), "no context data: %s\n", alice->sink.log);
    IMsgrSession_SendContextData(alice->session, (BSTR)bstr("from alice"));
    ok(hear_word("bobapp", veto_guid), "bob's application did not finish\n");
    snprintf(path, sizeof(path), "report-%ls.txt", veto_guid);
    ok(GetFileAttributesA(path) == INVALID_FILE_ATTRIBUTES, "launched despite the veto\n");
    wait_party(bob, "bob's application", 30000);
    ok(wait_log(&alice->sink, "T:"), "no end: %s\n", alice->sink.log);
    ok(!strncmp(alice->sink.log, "S1 S2 A: R S3 C:from bob's application S4 X: T:", 47), "events \"%s\"\n",
       alice->sink.log);
    finish(alice);
}

/* The application is not registered on bob's side when the agent decides:
 * the protocol's decline (E3), OnAppNotPresent in bob's application. */
static void test_not_registered(struct inviter *alice)
{
    HANDLE ready = ready_event("agent-bob"), bob = start_bob_app("missing");

    ok(wait_ready(ready), "bob's application did not start\n");
    ok(register_app(alice->manager, missing_guid, L"Missing Game", L"http://example.org/missing",
                    L"C:\\missing.exe") == S_OK,
       "register\n");
    invite_bob(alice, missing_guid, "missing");
    ok(unregister_app(alice->manager, missing_guid) == S_OK, "unregister\n");
    say_word("unregistered", missing_guid);
    ok(wait_log(&alice->sink, "T:"), "no end: %s\n", alice->sink.log);
    check_log(&alice->sink, "S1 S2 D: T:81000602:");
    wait_party(bob, "bob's application", 30000);
    {
        char path[128];

        word_file("unregistered", missing_guid, path, sizeof(path));
        DeleteFileA(path);
    }
    finish(alice);
}

/* --- the prompt, through its own controls -------------------------------- */

static BOOL prompt_gone(void *ctx)
{
    (void)ctx;
    return !FindWindowW(UI_PROMPT_CLASS, NULL);
}

/* A prompt once it is shown (with its controls), not while it is made. */
static HWND wait_prompt(void)
{
    HWND window = wait_window(UI_PROMPT_CLASS, NULL);

    ok(window != NULL, "no prompt\n");
    return window;
}

static void check_prompt_text(HWND window, int id, const char *expected)
{
    WCHAR text[1024] = L"";
    char got[1024];

    GetDlgItemTextW(window, id, text, ARRAY_SIZE(text));
    WideCharToMultiByte(CP_UTF8, 0, text, -1, got, sizeof(got), NULL, NULL);
    ok(strstr(got, expected) != NULL, "control %d says \"%s\", not \"%s\"\n", id, got, expected);
}

static void press(HWND window, int id)
{
    HWND button = GetDlgItem(window, id);

    ok(button != NULL && IsWindowEnabled(button), "no button %d\n", id);
    if (button) SendMessageW(button, BM_CLICK, 0, 0);
}

static void test_prompt(struct inviter *alice)
{
    HWND window;

    /* Declined by the person. */
    invite_bob(alice, prompt_guid, "<b>not html</b> play?");
    if ((window = wait_prompt()))
    {
        /* For a reviewer: the prompt on the desktop, with the agent's icon. */
        ok(shot("agent-prompt-desktop", NULL), "no screenshot\n");
        ok(shot("agent-prompt", window), "no screenshot\n");
        check_prompt_text(window, UI_ID_INVITER, alice_name);
        check_prompt_text(window, UI_ID_APP, "Chess Board");
        check_prompt_text(window, UI_ID_TEXT, "<b>not html</b> play?");
        press(window, UI_ID_DECLINE);
    }
    ok(wait_log(&alice->sink, "T:"), "no end: %s\n", alice->sink.log);
    check_log(&alice->sink, "S1 S2 D: T:81000602:");
    ok(pump_until_long(prompt_gone, NULL), "the prompt stays\n");
    finish(alice);

    /* Cancelled by alice: the prompt goes away by itself. */
    invite_bob(alice, prompt_guid, "never mind");
    wait_prompt();
    ok(IMsgrSession_Cancel(alice->session, SR_SESSION_CANCELLED_LOCAL, NULL) == S_OK, "Cancel\n");
    ok(pump_until_long(prompt_gone, NULL), "the prompt stays after the cancel\n");
    finish(alice);

    /* Accepted by the person: the launch follows. */
    invite_bob(alice, prompt_guid, "shall we?");
    if ((window = wait_prompt())) press(window, UI_ID_ACCEPT);
    ok(wait_log(&alice->sink, "C:launched"), "nothing from the launched application: %s\n", alice->sink.log);
    IMsgrSession_SendContextData(alice->session, (BSTR)bstr("from alice"));
    ok(hear_word("launched", prompt_guid), "the launched application did not finish\n");
    check_report(alice->session, prompt_guid, alice_name, "shall we?", SF_INVITEE);
    ok(wait_log(&alice->sink, "T:"), "no end: %s\n", alice->sink.log);
    /* Gone once answered; and a window closing while the next step's menu
     * is open would take the activation from the menu, which closes. */
    ok(pump_until_long(prompt_gone, NULL), "the accepted prompt stays\n");
    finish(alice);
}

/* "Invite someone" from a command line: bob's agent invites alice and, on
 * her acceptance, launches bob's application as the inviter. */
/* Alice accepts an invitation bob's agent sent for guid with data; the agent
 * launches bob's application as the inviter, which picks the session up. */
static void accept_from_agent(struct inviter *alice, const WCHAR *guid, const char *data)
{
    struct log_sink manager_sink, session_sink;
    IConnectionPoint *cp, *session_cp = NULL;
    DWORD cookie, session_cookie = 0;

    init_log_sink(&manager_sink);
    cp = advise_log((IUnknown *)alice->manager, &DIID_DMsgrSessionManagerEvents, &manager_sink, &cookie);
    ok(pump_until_long(invitation_arrived, &manager_sink), "no invitation\n");
    ok_str(manager_sink.invite_data, data);
    if (manager_sink.invited)
    {
        init_log_sink(&session_sink);
        session_cp = advise_log((IUnknown *)manager_sink.invited, &DIID_DMsgrSessionEvents, &session_sink,
                                &session_cookie);
        ok(IMsgrSession_Accept(manager_sink.invited, (BSTR)bstr("gladly")) == S_OK, "Accept\n");
        ok(wait_log(&session_sink, "C:launched"), "nothing from the launched inviter: %s\n",
           session_sink.log);
        IMsgrSession_SendContextData(manager_sink.invited, (BSTR)bstr("from alice"));
        ok(hear_word("launched", guid), "the launched inviter did not finish\n");
        /* The inviter's ContextData is the acceptance's data (spec Q9). */
        check_report(manager_sink.invited, guid, alice_name, "gladly", SF_INVITER);
        ok(wait_log(&session_sink, "T:"), "no end: %s\n", session_sink.log);
        IConnectionPoint_Unadvise(session_cp, session_cookie);
        IConnectionPoint_Release(session_cp);
        IMsgrSession_Release(manager_sink.invited);
    }
    if (cp)
    {
        IConnectionPoint_Unadvise(cp, cookie);
        IConnectionPoint_Release(cp);
    }
}

/* "Invite someone" from a command line: bob's agent invites alice and, on
 * her acceptance, launches bob's application as the inviter.  The command
 * exits before alice answers: the invitation is the agent's. */
static void test_invite_command(struct inviter *alice)
{
    char args[256];

    snprintf(args, sizeof(args), "%s %ls \"from bob's command line\"", alice_name, app_guid);
    ok(finish_command(run_command("Invite", args), "Invite") == 0, "Invite failed\n");
    accept_from_agent(alice, app_guid, "from bob's command line");
}

/* The same from the agent's menu, as a person would: a right click on the
 * icon, the application's item, the contact's name typed, Return. */
static void test_invite_menu(struct inviter *alice)
{
    HWND menu_window, window;
    RECT rect;

    if (!(menu_window = open_menu()))
    {
        ok(0, "no menu\n");
        return;
    }
    /* The menu is the agent's, and a menu handle means nothing in another
     * process under Wine: its first item is clicked, which is Menu Game's
     * (the items follow the GUIDs' order, and menu_guid sorts first). */
    GetWindowRect(menu_window, &rect);
    ok(shot("agent-menu", NULL), "no screenshot\n");
    if (!request("click %ld %ld 1", (rect.left + rect.right) / 2,
                 rect.top + GetSystemMetrics(SM_CYMENUSIZE) / 2 + 2))
        return;
    window = wait_window(UI_INVITE_CLASS, L"Invite someone to Menu Game");
    ok(window != NULL, "no invite window (the menu is %s)\n",
       IsWindow(menu_window) ? "still open" : "closed");
    if (!window) return;
    ok(click_caption(window), "the invite window has no focus\n");
    ok(request("type %s", alice_name), "typing failed\n");
    ok(shot("agent-invite", window), "no screenshot\n");
    ok(request("key Return"), "Return failed\n");
    accept_from_agent(alice, menu_guid, "");
}

static BOOL has_events_2(void *ctx)
{
    return ((struct sink *)ctx)->count >= 2;
}

static BOOL has_five(void *ctx)
{
    return ((struct sink *)ctx)->count >= 5;
}

/* Lock and key follows the agent (spec 5.4): a signed-in manager is
 * enabled once its broker has taken the process, goes back to
 * LOCK_NOTINITIALIZED when the broker is lost, and is enabled again, still
 * locked, when the process has reconnected. */
static void test_lock_follows_agent(void)
{
    IMsgrSessionManager *manager = create_manager();
    IConnectionPoint *cp;
    IMsgrLock *lock = NULL;
    LockStatus status = 0;
    struct sink sink;
    DWORD cookie;

    if (!manager) return;
    init_sink(&sink);
    cp = advise((IUnknown *)manager, &DIID_DMsgrSessionManagerEvents, &sink, &cookie);
    IMsgrSessionManager_QueryInterface(manager, &IID_IMsgrLock, (void **)&lock);
    ok(pump_until(has_events_2, &sink), "no announcement: %u events\n", sink.count);
    ok(lock && IMsgrLock_get_Status(lock, &status) == S_OK && status == LOCK_INITIALIZED, "Status %d\n",
       status);
    ok(kill_own_broker(), "alice's broker not killed\n");
    /* OnLockStatusChanged(NOTINITIALIZED), then the reconnection's two. */
    ok(pump_until_long(has_five, &sink), "%u lock events after the loss\n", sink.count);
    drain();
    ok(sink.count == 5 && sink.events[4].id == DISPID_ONLOCKENABLE && sink.events[4].arg1 == VARIANT_TRUE,
       "%u events, the fifth %ld(%ld)\n", sink.count, sink.events[4].id, sink.events[4].arg1);
    ok(sink.events[0].id == DISPID_ONLOCKSTATUSCHANGED && sink.events[0].arg1 == LOCK_INITIALIZED &&
           sink.events[1].id == DISPID_ONLOCKENABLE && sink.events[2].id == DISPID_ONLOCKSTATUSCHANGED &&
           sink.events[2].arg1 == LOCK_NOTINITIALIZED && sink.events[3].id == DISPID_ONLOCKSTATUSCHANGED &&
           sink.events[3].arg1 == LOCK_INITIALIZED,
       "events %ld(%ld) %ld %ld(%ld) %ld(%ld)\n", sink.events[0].id, sink.events[0].arg1, sink.events[1].id,
       sink.events[2].id, sink.events[2].arg1, sink.events[3].id, sink.events[3].arg1);
    if (lock) IMsgrLock_Release(lock);
    if (cp)
    {
        IConnectionPoint_Unadvise(cp, cookie);
        IConnectionPoint_Release(cp);
    }
    IMsgrSessionManager_Release(manager);
}

static BOOL register_dll(void)
{
    HRESULT(WINAPI * reg)(void);
    HMODULE module = LoadLibraryW(L"msgsc.dll");

    if (!module) return FALSE;
    GetModuleFileNameW(module, dll_path, ARRAY_SIZE(dll_path));
    reg = (void *)GetProcAddress(module, "DllRegisterServer");
    return reg && reg() == S_OK;
}

/* with_prompt: the prompt's scenarios only, on a display (the prompt run
 * under Xvfb); else every scenario that needs no window. */
static int run_alice(BOOL with_prompt)
{
    struct inviter alice = {0};
    WCHAR path[2 * MAX_PATH], self[MAX_PATH];
    DWORD pid;

    ok(register_dll(), "msgsc.dll not registered\n");
    free_ports(&alice_port, &bob_port);
    new_guid_string(app_guid);
    new_guid_string(fail_guid);
    new_guid_string(decline_guid);
    new_guid_string(veto_guid);
    new_guid_string(missing_guid);
    new_guid_string(prompt_guid);
    new_guid_string(menu_guid);
    memcpy(menu_guid + 1, L"00000000", 8 * sizeof(WCHAR)); /* first in the agent's menu */

    /* Bob signs in: his agent starts and stays. */
    ok(finish_command(run_command("SignIn", bob_name), "SignIn") == 0, "SignIn failed\n");
    bob_identity();
    pid = own_broker_pid();
    alice_identity();
    ok(pid != 0, "no agent after SignIn\n");
    agent_process = OpenProcess(SYNCHRONIZE, FALSE, pid);

    CoInitialize(NULL);
    alice.manager = create_manager();
    GetModuleFileNameW(NULL, self, ARRAY_SIZE(self));
    swprintf(path, ARRAY_SIZE(path), L"\"%ls\" launched", self);
    ok(register_app(alice.manager, app_guid, L"Chess Board", L"http://apps.example.org/chess/", path) == S_OK,
       "register\n");
    ok(register_app(alice.manager, prompt_guid, L"Chess Board", L"http://apps.example.org/chess/", path) ==
           S_OK,
       "register\n");
    ok(register_app(alice.manager, veto_guid, L"Chess Board", L"http://apps.example.org/chess/", path) ==
           S_OK,
       "register\n");
    ok(register_app(alice.manager, menu_guid, L"Menu Game", L"http://apps.example.org/menu/", path) == S_OK,
       "register\n");
    ok(register_app(alice.manager, fail_guid, L"Broken", L"http://example.org/",
                    L"C:\\no\\such\\program.exe") == S_OK,
       "register\n");
    ok(register_chess(alice.manager, decline_guid) == S_OK, "register\n");

    if (with_prompt)
    {
        test_prompt(&alice);
        test_invite_menu(&alice);
    }
    else
    {
        test_accept_and_launch(&alice);
        test_launch_fails(&alice);
        test_policy_declines(&alice);
        test_vetoed_launch(&alice);
        test_not_registered(&alice);
        test_invite_command(&alice);
        test_lock_follows_agent();
    }

    /* Resident: nothing uses it, and it stays past its idle time. */
    ok(agent_process && WaitForSingleObject(agent_process, 3000) == WAIT_TIMEOUT, "the agent left\n");
    ok(finish_command(run_command("SignOut", ""), "SignOut") == 0, "SignOut failed\n");
    ok(agent_process && WaitForSingleObject(agent_process, 20000) == WAIT_OBJECT_0, "the agent stays\n");
    if (agent_process) CloseHandle(agent_process);

    unregister_app(alice.manager, app_guid);
    unregister_app(alice.manager, prompt_guid);
    unregister_app(alice.manager, veto_guid);
    unregister_app(alice.manager, menu_guid);
    unregister_app(alice.manager, fail_guid);
    unregister_app(alice.manager, decline_guid);
    IMsgrSessionManager_Release(alice.manager);
    CoUninitialize();
    return test_summary();
}

int main(int argc, char **argv)
{
    if (argc >= 2 && !strcmp(argv[1], "launched")) return run_launched();
    if (argc >= 5 && !strcmp(argv[1], "bobapp"))
    {
        MultiByteToWideChar(CP_ACP, 0, argv[3], -1, veto_guid, ARRAY_SIZE(veto_guid));
        MultiByteToWideChar(CP_ACP, 0, argv[4], -1, missing_guid, ARRAY_SIZE(missing_guid));
        return run_bob_app(argv[2]);
    }
    /* Under tests/ui/xvfb-run.sh: "prompt", then the handshake folder. */
    if (argc >= 3 && !strcmp(argv[1], "prompt"))
    {
        handshake = argv[2];
        return run_alice(TRUE);
    }
    return run_alice(FALSE);
}
