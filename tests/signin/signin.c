/*
 * Signing in as a person and as a script: the sign-in window, the sign-in at logon, SignOut.
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
#include <wincrypt.h>
#include "broker/ui.h"
#include "ui/handshake.h"

/* Runs rundll32 msgsc.dll,SignIn and SignOut as the user would, and reads
 * what they leave in the user's registry: HKCU\Software\msgsc and the Run
 * key.  "window" (under tests/ui/xvfb-run.sh, with the handshake folder):
 * the sign-in window, used with real clicks and key presses.  "nodisplay"
 * (DISPLAY empty): the command-line forms.  Each mode has a Wine prefix of
 * its own, since it writes the user's registry. */

#define COMMAND_WAIT_MS 30000

static WCHAR dll_path[MAX_PATH], run_expected[3 * MAX_PATH];
static const WCHAR msgsc_key[] = L"Software\\msgsc",
                   run_key[] = L"Software\\Microsoft\\Windows\\CurrentVersion\\Run";

static const char bob[] = "bob@example.org", carol[] = "carol@example.org";

/* rundll32 msgsc.dll,<command> <args>: the process, or NULL.  Nothing of
 * the identity is in the environment (MSGSC_SIGNIN would override the
 * registry), only where the agent listens. */
static HANDLE run_command(const char *command, const char *args)
{
    WCHAR line[4 * MAX_PATH], system[MAX_PATH];
    STARTUPINFOW startup = {.cb = sizeof(startup)};
    PROCESS_INFORMATION info;

    GetSystemDirectoryW(system, ARRAY_SIZE(system));
    swprintf(line, ARRAY_SIZE(line), L"\"%ls\\rundll32.exe\" \"%ls\",%hs %hs", system, dll_path, command,
             args);
    if (!CreateProcessW(NULL, line, NULL, NULL, FALSE, 0, NULL, NULL, &startup, &info)) info.hProcess = NULL;
    ok(info.hProcess != NULL, "%s: CreateProcess %lu\n", command, GetLastError());
    if (info.hProcess) CloseHandle(info.hThread);
    return info.hProcess;
}

/* The command's exit code once it ended (99 when it did not). */
static DWORD finish_command(HANDLE process, const char *command)
{
    DWORD code = 99;

    ok(process && WaitForSingleObject(process, COMMAND_WAIT_MS) == WAIT_OBJECT_0, "%s did not end\n",
       command);
    if (process) GetExitCodeProcess(process, &code);
    if (process) CloseHandle(process);
    return code;
}

static DWORD command(const char *name, const char *args)
{
    return finish_command(run_command(name, args), name);
}

/* A REG_SZ value as UTF-8, "" when there is none (absent is told apart by
 * the return value). */
static BOOL read_string(const WCHAR *key_name, const WCHAR *name, char *out, size_t size)
{
    WCHAR value[3 * MAX_PATH];
    DWORD bytes = sizeof(value) - sizeof(WCHAR), type;
    HKEY key;
    LSTATUS status;

    out[0] = 0;
    if (RegOpenKeyExW(HKEY_CURRENT_USER, key_name, 0, KEY_QUERY_VALUE, &key)) return FALSE;
    status = RegQueryValueExW(key, name, NULL, &type, (BYTE *)value, &bytes);
    RegCloseKey(key);
    if (status || type != REG_SZ) return FALSE;
    value[bytes / sizeof(WCHAR)] = 0;
    WideCharToMultiByte(CP_UTF8, 0, value, -1, out, (int)size, NULL, NULL);
    return TRUE;
}

static BOOL value_exists(const WCHAR *key_name, const WCHAR *name)
{
    HKEY key;
    BOOL exists;

    if (RegOpenKeyExW(HKEY_CURRENT_USER, key_name, 0, KEY_QUERY_VALUE, &key)) return FALSE;
    exists = !RegQueryValueExW(key, name, NULL, NULL, NULL, NULL);
    RegCloseKey(key);
    return exists;
}

static void delete_value(const WCHAR *key_name, const WCHAR *name)
{
    HKEY key;

    if (RegOpenKeyExW(HKEY_CURRENT_USER, key_name, 0, KEY_SET_VALUE, &key)) return;
    RegDeleteValueW(key, name);
    RegCloseKey(key);
}

/* The Run value is exactly the command that signs this DLL in at logon. */
#define check_run_value() check_run_value_(__LINE__)
static void check_run_value_(int line)
{
    char value[3 * MAX_PATH], expected[3 * MAX_PATH];

    WideCharToMultiByte(CP_UTF8, 0, run_expected, -1, expected, sizeof(expected), NULL, NULL);
    ok_(__FILE__, line)(read_string(run_key, L"msgsc", value, sizeof(value)), "no Run value\n");
    ok_(__FILE__, line)(!_stricmp(value, expected), "Run value \"%s\", expected \"%s\"\n", value, expected);
}

/* What SignIn left: the sign-in name (NULL: none), the resident flag with
 * it, and the Run value or none. */
#define check_state(a, b) check_state_(__LINE__, a, b)
static void check_state_(int line, const char *signin, BOOL at_logon)
{
    char value[256];
    DWORD agent = 0, bytes = sizeof(agent);
    BOOL stored = read_string(msgsc_key, L"SigninName", value, sizeof(value));

    if (signin)
    {
        ok_(__FILE__, line)(stored && !strcmp(value, signin), "SigninName \"%s\", expected \"%s\"\n", value,
                            signin);
        ok_(__FILE__, line)(
            !RegGetValueW(HKEY_CURRENT_USER, msgsc_key, L"Agent", RRF_RT_REG_DWORD, NULL, &agent, &bytes) &&
                agent == 1,
            "Agent is not 1\n");
    }
    else
    {
        ok_(__FILE__, line)(!stored, "SigninName \"%s\" stayed\n", value);
        ok_(__FILE__, line)(!value_exists(msgsc_key, L"Agent"), "Agent stayed\n");
    }
    if (at_logon)
        check_run_value_(line);
    else
        ok_(__FILE__, line)(!value_exists(run_key, L"msgsc"), "a Run value is there\n");
}

/* The agent of signin: the process behind its pipe
 * \\.\pipe\msgsc-broker-<user>-<signin>, 0 when none answers. */
static DWORD agent_pid(const char *signin)
{
    DWORD pid;

    SetEnvironmentVariableA("MSGSC_SIGNIN", signin);
    pid = own_broker_pid();
    SetEnvironmentVariableA("MSGSC_SIGNIN", NULL);
    return pid;
}

/* SignOut: 0, nothing left in the registry, and the agent (pid) gone. */
static void sign_out(DWORD pid)
{
    HANDLE agent = pid ? OpenProcess(SYNCHRONIZE, FALSE, pid) : NULL;

    ok(agent != NULL, "no agent to sign out from\n");
    ok_int(command("SignOut", ""), 0);
    check_state(NULL, FALSE);
    ok(agent && WaitForSingleObject(agent, 20000) == WAIT_OBJECT_0, "the agent stays after SignOut\n");
    if (agent) CloseHandle(agent);
}

static void setup(void)
{
    WCHAR system[MAX_PATH], *slash;
    char listen[32];
    UINT len = 0;

    GetModuleFileNameW(NULL, dll_path, ARRAY_SIZE(dll_path));
    if ((slash = wcsrchr(dll_path, '\\'))) wcscpy(slash + 1, L"msgsc.dll");
        /* The Run key names the rundll32 of the DLL's own architecture. */
#ifndef _WIN64
    len = GetSystemWow64DirectoryW(system, ARRAY_SIZE(system));
#endif
    if (!len) GetSystemDirectoryW(system, ARRAY_SIZE(system));
    swprintf(run_expected, ARRAY_SIZE(run_expected), L"\"%ls\\rundll32.exe\" \"%ls\",SignIn /logon", system,
             dll_path);
    /* The agents listen where nobody else does; nothing else is set. */
    snprintf(listen, sizeof(listen), "127.0.0.1:%u", free_port());
    SetEnvironmentVariableA("MSGSC_LISTEN", listen);
    SetEnvironmentVariableA("MSGSC_SIGNIN", NULL);
    SetEnvironmentVariableA("MSGSC_AGENT", NULL);
    /* Signed out, as a new user is; an earlier run that failed may have
     * left an agent, which SignOut ends. */
    command("SignOut", "");
    delete_value(msgsc_key, L"SigninName");
    delete_value(msgsc_key, L"Agent");
    delete_value(run_key, L"msgsc");
}

/* --- without a display: the command-line forms --------------------------- */

static int run_nodisplay(void)
{
    DWORD pid;

    setup();
    /* No window can ask for a name and none is configured. */
    ok_int(command("SignIn", ""), 1);
    check_state(NULL, FALSE);
    ok_int(command("SignIn", "/logon"), 1);
    check_state(NULL, FALSE);

    /* /logon with a name: signed in now and at every logon. */
    ok_int(command("SignIn", "/logon carol@example.org"), 0);
    check_state(carol, TRUE);
    pid = agent_pid(carol);
    ok(pid != 0, "no agent after SignIn /logon\n");

    /* /nologon: still signed in, not at logon; the agent is the same. */
    ok_int(command("SignIn", "/NoLogon"), 0);
    check_state(carol, FALSE);
    ok_int(agent_pid(carol), pid);
    /* No name, no window: the configured one, the Run key untouched. */
    ok_int(command("SignIn", ""), 0);
    check_state(carol, FALSE);
    /* /logon alone is what the Run key runs: the stored name, no window. */
    ok_int(command("SignIn", "/logon"), 0);
    check_state(carol, TRUE);
    ok_int(agent_pid(carol), pid);

    /* Refused, and nothing changes. */
    ok_int(command("SignIn", "/nologon \"bad name\""), 1);
    check_state(carol, TRUE);
    ok_int(command("SignIn", "/logon /nologon carol@example.org"), 1);
    ok_int(command("SignIn", "carol@example.org bob@example.org"), 1);
    check_state(carol, TRUE);

    /* SignOut: not signed in now, nor at the next logon. */
    sign_out(pid);
    return test_summary();
}

/* --- on a display: the sign-in window, as a person uses it ---------------- */

static const WCHAR *text_of(HWND window, int id)
{
    static WCHAR text[4][512];
    static int next;
    WCHAR *out = text[next++ % 4];

    out[0] = 0;
    GetDlgItemTextW(window, id, out, ARRAY_SIZE(text[0]));
    return out;
}

#define check_text(a, b, c) check_text_(__LINE__, a, b, c)
static void check_text_(int line, HWND window, int id, const WCHAR *expected)
{
    const WCHAR *text = text_of(window, id);

    ok_(__FILE__, line)(GetDlgItem(window, id) != NULL, "no control %d\n", id);
    ok_(__FILE__, line)(!wcscmp(text, expected), "control %d: \"%ls\", expected \"%ls\"\n", id, text,
                        expected);
}

/* The control's whole text fits in it (wrapped, for a static), and it lies
 * inside the window: what a reviewer checks on the screenshot. */
static void check_fits(HWND window, int id)
{
    HWND control = GetDlgItem(window, id);
    WCHAR text[512];
    RECT rect, need, client, in_window;
    HGDIOBJ old;
    HDC dc;

    GetWindowTextW(control, text, ARRAY_SIZE(text));
    GetClientRect(control, &rect);
    need = rect;
    dc = GetDC(control);
    old = SelectObject(dc, (HFONT)SendMessageW(control, WM_GETFONT, 0, 0));
    DrawTextW(dc, text, -1, &need, DT_CALCRECT | DT_WORDBREAK | (id == UI_ID_SIGNIN_ERROR ? DT_NOPREFIX : 0));
    SelectObject(dc, old);
    ReleaseDC(control, dc);
    /* A check box's text starts after its box. */
    if (id == UI_ID_SIGNIN_LOGON) need.right += GetSystemMetrics(SM_CXMENUCHECK) + 4;
    ok(need.right <= rect.right && need.bottom <= rect.bottom, "\"%ls\" needs %ldx%ld, has %ldx%ld\n", text,
       need.right, need.bottom, rect.right, rect.bottom);
    GetClientRect(window, &client);
    GetWindowRect(control, &in_window);
    MapWindowPoints(NULL, window, (POINT *)&in_window, 2);
    ok(in_window.right <= client.right && in_window.bottom <= client.bottom, "control %d is outside\n", id);
}

static BOOL checked(HWND window)
{
    return IsDlgButtonChecked(window, UI_ID_SIGNIN_LOGON) == BST_CHECKED;
}

/* Waits, for at most HANDSHAKE_WAIT_MS, until the check box is ticked or not. */
static BOOL wait_checked(HWND window, BOOL state)
{
    DWORD start = GetTickCount();

    while (checked(window) != state)
    {
        if (GetTickCount() - start > HANDSHAKE_WAIT_MS) return FALSE;
        Sleep(20);
    }
    return TRUE;
}

static BOOL wait_text(HWND window, int id)
{
    DWORD start = GetTickCount();

    while (!text_of(window, id)[0])
    {
        if (GetTickCount() - start > HANDSHAKE_WAIT_MS) return FALSE;
        Sleep(20);
    }
    return TRUE;
}

/* A real click in the middle of a control. */
static BOOL click_control(HWND window, int id)
{
    RECT rect;

    GetWindowRect(GetDlgItem(window, id), &rect);
    return request("click %ld %ld 1", (rect.left + rect.right) / 2, (rect.top + rect.bottom) / 2);
}

/* SignIn with no name: its window, or NULL. */
static HWND open_window(HANDLE *process)
{
    HWND window;

    *process = run_command("SignIn", "");
    window = wait_window(UI_SIGNIN_CLASS, UI_SIGNIN_TITLE);
    ok(window != NULL, "no sign-in window\n");
    return window;
}

static BOOL still_running(HANDLE process)
{
    return process && WaitForSingleObject(process, 0) == WAIT_TIMEOUT;
}

/* The exit code of the SignIn the window belongs to, which is then gone. */
static DWORD finish_window(HANDLE *process)
{
    HANDLE ended = *process;

    *process = NULL;
    return finish_command(ended, "SignIn");
}

/* The password SignIn stored, unsealed with DPAPI as the agent does it. */
static BOOL stored_password(char *out, size_t size)
{
    DATA_BLOB in, plain = {0};
    BYTE sealed[4096];
    DWORD type, bytes = sizeof(sealed);
    BOOL unsealed = FALSE;
    HKEY key;

    out[0] = 0;
    if (RegOpenKeyExW(HKEY_CURRENT_USER, msgsc_key, 0, KEY_READ, &key)) return FALSE;
    if (!RegQueryValueExW(key, L"XmppPassword", NULL, &type, sealed, &bytes) && type == REG_BINARY)
    {
        in.pbData = sealed;
        in.cbData = bytes;
        if (CryptUnprotectData(&in, NULL, NULL, NULL, NULL, 0, &plain) && plain.cbData < size)
        {
            memcpy(out, plain.pbData, plain.cbData);
            out[plain.cbData] = 0;
            unsealed = TRUE;
        }
        LocalFree(plain.pbData);
    }
    RegCloseKey(key);
    return unsealed;
}

/* On the XMPP network (Network=xmpp) the window asks for the account's
 * password too, hidden as it is typed; none typed and none stored is
 * refused in the window; SignIn stores it sealed with DPAPI for the agent,
 * and an empty one later keeps it (docs/xmpp.md). */
static void test_xmpp_password(HANDLE *process)
{
    static const char password[] = "horse battery";
    char stored[64];
    HWND window, edit;
    HKEY key;
    DWORD pid;

    ok(!RegCreateKeyExW(HKEY_CURRENT_USER, msgsc_key, 0, NULL, 0, KEY_SET_VALUE, NULL, &key, NULL) &&
           !RegSetValueExW(key, L"Network", 0, REG_SZ, (const BYTE *)L"xmpp", sizeof(L"xmpp")),
       "Network=xmpp\n");
    RegCloseKey(key);
    delete_value(msgsc_key, L"XmppPassword");
    /* The agent tries a server where nobody listens, and tries again later. */
    SetEnvironmentVariableA("MSGSC_XMPP_SERVER", "127.0.0.1:9");

    if (!(window = open_window(process))) return;
    edit = GetDlgItem(window, UI_ID_SIGNIN_PASSWORD);
    ok(edit != NULL, "no password field on the XMPP network\n");
    ok(edit && (GetWindowLongW(edit, GWL_STYLE) & ES_PASSWORD), "the password shows as it is typed\n");
    ok(click_caption(window), "the sign-in window has no focus\n");
    ok(request("type %s", carol), "typing failed\n");
    ok(request("key Return"), "Return failed\n");
    ok(wait_text(window, UI_ID_SIGNIN_ERROR), "no error without a password\n");
    check_text(window, UI_ID_SIGNIN_ERROR, L"Type the password of your XMPP account.");
    check_fits(window, UI_ID_SIGNIN_ERROR);
    ok(IsWindowVisible(window) && still_running(*process), "the window closed without a password\n");
    ok(shot("signin-xmpp-password", window), "no screenshot\n");
    ok(!value_exists(msgsc_key, L"XmppPassword"), "a password was stored\n");
    /* The focus went to the password: typing fills it, the error goes. */
    ok(request("type %s", password), "typing failed\n");
    check_text(window, UI_ID_SIGNIN_ERROR, L"");
    ok(request("key Return"), "Return failed\n");
    ok_int(finish_window(process), 0);
    check_state(carol, FALSE);
    ok(stored_password(stored, sizeof(stored)), "no sealed password stored\n");
    ok(!strcmp(stored, password), "stored \"%s\"\n", stored);
    pid = agent_pid(carol);
    ok(pid != 0, "no agent after signing in\n");

    /* Signed in, nothing typed: the stored password stays. */
    if ((window = open_window(process)))
    {
        check_text(window, UI_ID_SIGNIN_NAME, L"carol@example.org");
        ok(request("key alt+s"), "Alt+S failed\n");
        ok_int(finish_window(process), 0);
        ok(stored_password(stored, sizeof(stored)) && !strcmp(stored, password), "the password changed: %s\n",
           stored);
    }
    sign_out(pid);
    delete_value(msgsc_key, L"Network");
    delete_value(msgsc_key, L"XmppPassword");
    SetEnvironmentVariableA("MSGSC_XMPP_SERVER", NULL);
}

static int run_window(void)
{
    HANDLE process = NULL;
    HWND window;
    DWORD pid;

    setup();

    /* Nothing configured: an empty name, the box clear.  Cancel, clicked,
     * changes nothing. */
    if (!(window = open_window(&process))) goto done;
    check_text(window, UI_ID_SIGNIN_NAME, L"");
    check_text(window, UI_ID_SIGNIN_LOGON, L"Sign me in when I &log on to Windows");
    check_text(window, UI_ID_SIGNIN, L"&Sign in");
    check_text(window, UI_ID_SIGNIN_CANCEL, L"Cancel");
    check_text(window, UI_ID_SIGNIN_ERROR, L"");
    ok(!checked(window), "the box is ticked with nothing configured\n");
    ok(GetWindowLongW(GetDlgItem(window, UI_ID_SIGNIN), GWL_STYLE) & BS_DEFPUSHBUTTON,
       "Sign in is not the default\n");
    check_fits(window, UI_ID_SIGNIN_LOGON);
    check_fits(window, UI_ID_SIGNIN);
    ok(shot("signin", window), "no screenshot\n");
    ok(click_control(window, UI_ID_SIGNIN_CANCEL), "no click on Cancel\n");
    ok_int(finish_window(&process), 1);
    check_state(NULL, FALSE);

    /* A name with a space is refused in the window, which stays. */
    if (!(window = open_window(&process))) goto done;
    ok(click_caption(window), "the sign-in window has no focus\n");
    ok(request("type bad name"), "typing failed\n");
    ok(request("key Return"), "Return failed\n");
    ok(wait_text(window, UI_ID_SIGNIN_ERROR), "no error shown\n");
    ok(!wcsncmp(text_of(window, UI_ID_SIGNIN_ERROR), L"This is not a sign-in name", 26), "error \"%ls\"\n",
       text_of(window, UI_ID_SIGNIN_ERROR));
    check_fits(window, UI_ID_SIGNIN_ERROR);
    ok(IsWindowVisible(window) && still_running(process), "the window closed on a bad name\n");
    ok(shot("signin-invalid", window), "no screenshot\n");
    check_state(NULL, FALSE);

    /* The refused name is selected: typing replaces it, and the error
     * goes.  Alt+L ticks the box, Enter signs in. */
    ok(request("type %s", bob), "typing failed\n");
    check_text(window, UI_ID_SIGNIN_NAME, L"bob@example.org");
    check_text(window, UI_ID_SIGNIN_ERROR, L"");
    ok(request("key alt+l"), "Alt+L failed\n");
    ok(wait_checked(window, TRUE), "Alt+L did not tick the box\n");
    ok(shot("signin-filled", window), "no screenshot\n");
    ok(request("key Return"), "Return failed\n");
    ok_int(finish_window(&process), 0);
    check_state(bob, TRUE);
    pid = agent_pid(bob);
    ok(pid != 0, "no agent after signing in\n");

    /* Signed in: the window shows the name and the box as they are.
     * Unticked (a click) and signed in (Alt+S): not at logon any more. */
    if (!(window = open_window(&process))) goto done;
    check_text(window, UI_ID_SIGNIN_NAME, L"bob@example.org");
    ok(checked(window), "the box is clear while signed in at logon\n");
    ok(shot("signin-configured", window), "no screenshot\n");
    ok(click_control(window, UI_ID_SIGNIN_LOGON), "no click on the box\n");
    ok(wait_checked(window, FALSE), "the click did not clear the box\n");
    ok(request("key alt+s"), "Alt+S failed\n");
    ok_int(finish_window(&process), 0);
    check_state(bob, FALSE);
    ok_int(agent_pid(bob), pid);

    /* Esc cancels, even with the box ticked and another name typed (Alt+N
     * goes back to the name and selects it). */
    if (!(window = open_window(&process))) goto done;
    ok(!checked(window), "the box is ticked while not signed in at logon\n");
    ok(click_caption(window), "the sign-in window has no focus\n");
    ok(request("key alt+l"), "Alt+L failed\n");
    ok(wait_checked(window, TRUE), "Alt+L did not tick the box\n");
    ok(request("key alt+n"), "Alt+N failed\n");
    ok(request("type %s", carol), "typing failed\n");
    check_text(window, UI_ID_SIGNIN_NAME, L"carol@example.org");
    ok(request("key Escape"), "Esc failed\n");
    ok_int(finish_window(&process), 1);
    check_state(bob, FALSE);

    /* What the Run key runs asks nothing, with a display too. */
    ok_int(command("SignIn", "/logon"), 0);
    check_state(bob, TRUE);
    ok_int(agent_pid(bob), pid);

    sign_out(pid);
    test_xmpp_password(&process);

done:
    if (process)
    {
        TerminateProcess(process, 1);
        CloseHandle(process);
    }
    return test_summary();
}

int main(int argc, char **argv)
{
    if (argc >= 2 && !strcmp(argv[1], "nodisplay")) return run_nodisplay();
    /* Under tests/ui/xvfb-run.sh: "window", then the handshake folder. */
    if (argc >= 3 && !strcmp(argv[1], "window"))
    {
        handshake = argv[2];
        return run_window();
    }
    printf("usage: %s nodisplay | window HANDSHAKE_FOLDER (tests/ui/xvfb-run.sh runs this)\n", argv[0]);
    return 1;
}
