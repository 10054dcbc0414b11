/*
 * The agent's windows under a real X display, used as a person would: look, click, type.
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

#include <windows.h>
#include <shellapi.h>

#include "test.h"
#include "broker/ui.h"
#include "win/appstore.h"
#include "ui/handshake.h"

/* Run by tests/ui/xvfb-run.sh, in a Wine desktop with a notification
 * area.  What only the X side can do (a screenshot, a real key press) is
 * asked of the script through files in the handshake folder (argv[1]):
 * this program writes request.N and waits for done.N. */

#define WAIT_MS HANDSHAKE_WAIT_MS

/* What the callbacks saw, from the UI thread. */
static CRITICAL_SECTION lock;
static HANDLE changed; /* set by every callback */
static struct
{
    uint64_t session;
    int accept;
} answers[32];
static int answer_count, sign_outs, exits, invites;
static char invited_guid[64], invited_contact[256];

static void on_answer(uint64_t session, int accept)
{
    EnterCriticalSection(&lock);
    if (answer_count < (int)ARRAYSIZE(answers))
    {
        answers[answer_count].session = session;
        answers[answer_count].accept = accept;
    }
    answer_count++;
    LeaveCriticalSection(&lock);
    SetEvent(changed);
}

static void on_invite(const char *guid, const char *contact)
{
    EnterCriticalSection(&lock);
    snprintf(invited_guid, sizeof(invited_guid), "%s", guid);
    snprintf(invited_contact, sizeof(invited_contact), "%s", contact);
    invites++;
    LeaveCriticalSection(&lock);
    SetEvent(changed);
}

static void on_sign_out(void)
{
    InterlockedIncrement((LONG *)&sign_outs);
    SetEvent(changed);
}

static void on_exit(void)
{
    InterlockedIncrement((LONG *)&exits);
    SetEvent(changed);
}

static const struct ui_callbacks callbacks = {on_answer, on_invite, on_sign_out, on_exit};

/* The answer given for session so far: 1, 0, or -1 for none. */
static int answer_of(uint64_t session)
{
    int i, accept = -1;

    EnterCriticalSection(&lock);
    for (i = 0; i < answer_count && i < (int)ARRAYSIZE(answers); i++)
        if (answers[i].session == session) accept = answers[i].accept;
    LeaveCriticalSection(&lock);
    return accept;
}

/* The answer for session, or -1 when none came in time. */
static int wait_answer(uint64_t session)
{
    DWORD start = GetTickCount();
    int accept;

    while ((accept = answer_of(session)) == -1 && GetTickCount() - start <= WAIT_MS)
        WaitForSingleObject(changed, 100);
    return accept;
}

static BOOL wait_count(int *count, int expected)
{
    DWORD start = GetTickCount();

    while (*(volatile int *)count < expected)
    {
        if (GetTickCount() - start > WAIT_MS) return FALSE;
        WaitForSingleObject(changed, 100);
    }
    return TRUE;
}

static const char *utf8(const WCHAR *text)
{
    static char buffer[4][256];
    static int next;
    char *out = buffer[next++ % 4];

    WideCharToMultiByte(CP_UTF8, 0, text, -1, out, sizeof(buffer[0]), NULL, NULL);
    out[sizeof(buffer[0]) - 1] = 0;
    return out;
}

/* A control's text is exactly the expected characters (WM_GETTEXT). */
#define check_text(a, b, c) check_text_(__FILE__, __LINE__, a, b, c)
static void check_text_(const char *file, int line, HWND dialog, int id, const WCHAR *expected)
{
    HWND control = GetDlgItem(dialog, id);
    LRESULT len;
    WCHAR *text;
    size_t i;

    ok_(file, line)(control != NULL, "No control %d.\n", id);
    if (!control) return;
    len = SendMessageW(control, WM_GETTEXTLENGTH, 0, 0);
    if (!(text = calloc(len + 1, sizeof(WCHAR)))) return;
    SendMessageW(control, WM_GETTEXT, len + 1, (LPARAM)text);
    for (i = 0; text[i] && text[i] == expected[i]; i++)
        ;
    ok_(file, line)(!wcscmp(text, expected), "Control %d: differs at %u: \"%s\", expected \"%s\".\n", id,
                    (unsigned)i, utf8(text + i), utf8(expected + i));
    free(text);
}

/* The text is in a read-only edit: the characters, never markup. */
#define check_plain(a, b, c) check_plain_(__FILE__, __LINE__, a, b, c)
static void check_plain_(const char *file, int line, HWND dialog, int id, BOOL multiline)
{
    HWND control = GetDlgItem(dialog, id);
    WCHAR class[32] = L"";
    LONG style = GetWindowLongW(control, GWL_STYLE);

    GetClassNameW(control, class, ARRAYSIZE(class));
    ok_(file, line)(!wcsicmp(class, L"Edit"), "Control %d is a %s.\n", id, utf8(class));
    ok_(file, line)(style & ES_READONLY, "Control %d is not read-only.\n", id);
    ok_(file, line)(!!(style & ES_MULTILINE) == multiline, "Control %d: style %#lx.\n", id, style);
}

/* Every control lies inside the window, none overlaps another, and every
 * label and button has room for its whole text: what a reviewer also
 * checks on the screenshot. */
static void check_layout(HWND dialog)
{
    HWND child, other;
    RECT client;

    GetClientRect(dialog, &client);
    for (child = GetWindow(dialog, GW_CHILD); child; child = GetWindow(child, GW_HWNDNEXT))
    {
        WCHAR class[32] = L"", text[512] = L"";
        RECT rect, need, both, rect2;
        HDC dc;
        HGDIOBJ old;

        GetWindowRect(child, &rect);
        MapWindowPoints(NULL, dialog, (POINT *)&rect, 2);
        ok(IsWindowVisible(child), "Control %d is hidden.\n", GetDlgCtrlID(child));
        ok(rect.left >= client.left && rect.top >= client.top && rect.right <= client.right &&
               rect.bottom <= client.bottom,
           "Control %d (%ld,%ld)-(%ld,%ld) is outside the window (%ld,%ld).\n", GetDlgCtrlID(child),
           rect.left, rect.top, rect.right, rect.bottom, client.right, client.bottom);
        for (other = GetWindow(child, GW_HWNDNEXT); other; other = GetWindow(other, GW_HWNDNEXT))
        {
            GetWindowRect(other, &rect2);
            MapWindowPoints(NULL, dialog, (POINT *)&rect2, 2);
            ok(!IntersectRect(&both, &rect, &rect2), "Controls %d and %d overlap.\n", GetDlgCtrlID(child),
               GetDlgCtrlID(other));
        }
        GetClassNameW(child, class, ARRAYSIZE(class));
        if (wcsicmp(class, L"Static") && wcsicmp(class, L"Button")) continue;
        GetWindowTextW(child, text, ARRAYSIZE(text));
        GetClientRect(child, &rect);
        need = rect;
        dc = GetDC(child);
        old = SelectObject(dc, (HFONT)SendMessageW(child, WM_GETFONT, 0, 0));
        DrawTextW(dc, text, -1, &need,
                  DT_CALCRECT | DT_WORDBREAK | (wcsicmp(class, L"Static") ? 0 : DT_NOPREFIX));
        SelectObject(dc, old);
        ReleaseDC(child, dc);
        ok(need.right <= rect.right && need.bottom <= rect.bottom, "\"%s\" needs %ldx%ld, has %ldx%ld.\n",
           utf8(text), need.right, need.bottom, rect.right, rect.bottom);
    }
}

static HWND show(const struct ui_invitation *invitation)
{
    WCHAR title[128], inviter[64];

    ui_show_prompt(invitation);
    MultiByteToWideChar(CP_UTF8, 0, invitation->inviter, -1, inviter, ARRAYSIZE(inviter));
    swprintf(title, ARRAYSIZE(title), L"Invitation from %ls", inviter);
    return wait_window(UI_PROMPT_CLASS, title);
}

static BOOL icon_shown(HWND agent)
{
    NOTIFYICONDATAW data = {.cbSize = sizeof(data)};

    /* Modifying nothing succeeds only for an icon the shell has. */
    data.hWnd = agent;
    data.uID = UI_ICON_ID;
    return Shell_NotifyIconW(NIM_MODIFY, &data);
}

static const struct ui_invitation registered = {1,
                                                "alice@example.org",
                                                "Alice Liddell",
                                                "Chess Board",
                                                "http://chess.example.org/",
                                                "Shall we play chess? You are white.",
                                                1};
static const struct ui_invitation unregistered = {2,
                                                  "carol@example.org",
                                                  "",
                                                  "Go & Stones",
                                                  "http://go.example.org/install?a=1&b=<2>",
                                                  "You need Go & Stones for this.",
                                                  0};
static const struct ui_invitation closed = {4,  "dave@example.org", "Dave", "Chess Board",
                                            "", "Never mind.",      1};
static const struct ui_invitation keyboard = {6, "frank@example.org", "", "Chess Board", "", "Alt+D", 1};

/* Markup, line breaks of every kind, a long line, invalid UTF-8, control
 * characters and a right-to-left override, all shown as characters. */
static char hostile_text[3000];
static const WCHAR *hostile_expected;
static struct ui_invitation hostile = {3,
                                       "mallory@example.org",
                                       "<b>Mallory</b> & \xe2\x80\xae"
                                       "gro.elpmaxe",
                                       "Chess & Board",
                                       "",
                                       hostile_text,
                                       1};

/* Over UI_TEXT_MAX_BYTES, cut in the middle of a two-byte character. */
static char long_text[5002];
static struct ui_invitation long_one = {5, "erin@example.org", "Erin", "Chess Board", "", long_text, 1};

static void make_texts(void)
{
    static const char head[] =
        "<b>html</b> <a href=\"http://example.org/\">a link</a> &amp;\r\nsecond\nthird\r"
        "fourth\r\n",
                      tail[] = " bad: \xff \xc3( \xed\xa0\x80 \xe2\x82 \x01\x1b[31m end";
    static const WCHAR head_shown[] = L"<b>html</b> <a href=\"http://example.org/\">a link</a> &amp;\r\n"
                                      L"second\r\nthird\r\nfourth\r\n",
                       tail_shown[] =
                           L" bad: \xfffd \xfffd( \xfffd\xfffd\xfffd \xfffd\xfffd \xfffd\xfffd[31m end";
    static WCHAR expected[3000];
    size_t i;

    strcpy(hostile_text, head);
    memset(hostile_text + strlen(head), 'W', 2000);
    strcpy(hostile_text + strlen(head) + 2000, tail);
    wcscpy(expected, head_shown);
    for (i = 0; i < 2000; i++)
        expected[wcslen(head_shown) + i] = 'W';
    wcscpy(expected + wcslen(head_shown) + 2000, tail_shown);
    hostile_expected = expected;

    long_text[0] = 'a';
    for (i = 0; i < 2500; i++)
        memcpy(long_text + 1 + 2 * i, "\xc3\xa9", 2);
}

static void test_prompts(void)
{
    WCHAR long_expected[2100];
    HWND window, second;
    int i, before;

    /* Registered: who, the application, the text; Accept and Decline. */
    window = show(&registered);
    ok(window != NULL, "No prompt for alice.\n");
    if (!window) return;
    ui_show_prompt(&registered);
    ui_show_prompt(&hostile); /* the second alice prompt was handled before this one */
    ok(wait_window(UI_PROMPT_CLASS, L"Invitation from mallory@example.org") != NULL,
       "No prompt for mallory.\n");
    second = FindWindowExW(NULL, window, UI_PROMPT_CLASS, L"Invitation from alice@example.org");
    ok(!second, "Two prompts for one session.\n");
    check_text(window, UI_ID_INVITER, L"alice@example.org");
    check_text(window, UI_ID_FRIENDLY, L"Alice Liddell");
    check_text(window, UI_ID_APP, L"Chess Board");
    check_text(window, UI_ID_TEXT, L"Shall we play chess? You are white.");
    check_plain(window, UI_ID_TEXT, TRUE);
    check_plain(window, UI_ID_INVITER, FALSE);
    ok(!GetDlgItem(window, UI_ID_URL) && !GetDlgItem(window, UI_ID_NOTE),
       "A registered prompt shows the URL.\n");
    check_text(window, UI_ID_ACCEPT, L"&Accept");
    check_text(window, UI_ID_DECLINE, L"&Decline");
    ok(GetWindowLongW(GetDlgItem(window, UI_ID_ACCEPT), GWL_STYLE) & BS_DEFPUSHBUTTON,
       "Accept is not the default.\n");
    ok(GetWindowLongW(window, GWL_EXSTYLE) & WS_EX_TOPMOST, "The prompt is not topmost.\n");
    ok(GetForegroundWindow() != window, "The prompt took the foreground.\n");
    check_layout(window);

    /* Not registered: says so, shows the URL as text, only Decline. */
    second = show(&unregistered);
    ok(second != NULL, "No prompt for carol.\n");
    if (!second) return;
    check_text(second, UI_ID_INVITER, L"carol@example.org");
    ok(!GetDlgItem(second, UI_ID_FRIENDLY), "An empty friendly name is shown.\n");
    check_text(second, UI_ID_APP, L"Go & Stones");
    check_text(second, UI_ID_URL, L"http://go.example.org/install?a=1&b=<2>");
    check_plain(second, UI_ID_URL, FALSE);
    check_text(second, UI_ID_TEXT, L"You need Go & Stones for this.");
    ok(GetDlgItem(second, UI_ID_NOTE) != NULL, "No note that the application is not installed.\n");
    ok(!GetDlgItem(second, UI_ID_ACCEPT), "Accept offered for an application that is not installed.\n");
    check_text(second, UI_ID_DECLINE, L"&Decline");
    check_layout(second);

    /* Hostile text is shown as the characters it is. */
    window = FindWindowW(UI_PROMPT_CLASS, L"Invitation from mallory@example.org");
    check_text(window, UI_ID_FRIENDLY,
               L"<b>Mallory</b> & \xfffd"
               L"gro.elpmaxe");
    check_text(window, UI_ID_APP, L"Chess & Board");
    check_text(window, UI_ID_TEXT, hostile_expected);
    check_layout(window);

    /* Over the limit: cut at a character, marked. */
    window = show(&long_one);
    ok(window != NULL, "No prompt for erin.\n");
    if (!window) return;
    long_expected[0] = 'a';
    for (i = 1; i < 2048; i++)
        long_expected[i] = 0xe9;
    wcscpy(long_expected + 2048, UI_TRUNCATED);
    check_text(window, UI_ID_TEXT, long_expected);
    ok(show(&closed) != NULL, "No prompt for dave.\n");
    ok(show(&keyboard) != NULL, "No prompt for frank.\n");

    ok(shot("prompts", NULL), "No screenshot of the prompts.\n");
    for (i = 0; i < 3; i++)
    {
        static const char *names[] = {"prompt-registered", "prompt-unregistered", "prompt-hostile"};
        static const WCHAR *titles[] = {L"Invitation from alice@example.org",
                                        L"Invitation from carol@example.org",
                                        L"Invitation from mallory@example.org"};

        window = FindWindowW(UI_PROMPT_CLASS, titles[i]);
        SetWindowPos(window, HWND_TOP, 0, 0, 0, 0, SWP_NOMOVE | SWP_NOSIZE | SWP_NOACTIVATE);
        ok(shot(names[i], window), "No screenshot %s.\n", names[i]);
    }

    /* Accept and Decline, pressed through the buttons themselves. */
    window = FindWindowW(UI_PROMPT_CLASS, L"Invitation from alice@example.org");
    SendMessageW(GetDlgItem(window, UI_ID_ACCEPT), BM_CLICK, 0, 0);
    ok_int(wait_answer(1), 1);
    ok(!IsWindow(window), "The prompt stayed after the answer.\n");
    SendMessageW(GetDlgItem(second, UI_ID_DECLINE), BM_CLICK, 0, 0);
    ok_int(wait_answer(2), 0);
    ok(!IsWindow(second), "The prompt stayed after the answer.\n");

    /* Real keys from the X side: Esc declines, Enter accepts (the
     * default button), Alt+D is Decline's mnemonic. */
    window = FindWindowW(UI_PROMPT_CLASS, L"Invitation from mallory@example.org");
    ok(click_caption(window), "The prompt did not take the focus.\n");
    ok(request("key Escape"), "xdotool key Escape failed.\n");
    ok_int(wait_answer(3), 0);
    window = FindWindowW(UI_PROMPT_CLASS, L"Invitation from erin@example.org");
    ok(click_caption(window), "The prompt did not take the focus.\n");
    ok(request("key Return"), "xdotool key Return failed.\n");
    ok_int(wait_answer(5), 1);
    window = FindWindowW(UI_PROMPT_CLASS, L"Invitation from frank@example.org");
    ok(click_caption(window), "The prompt did not take the focus.\n");
    ok(request("key alt+d"), "xdotool key alt+d failed.\n");
    ok_int(wait_answer(6), 0);

    /* Closed by the broker: gone, and no answer. */
    window = FindWindowW(UI_PROMPT_CLASS, L"Invitation from dave@example.org");
    before = answer_count;
    ui_close_prompt(4);
    ok(wait_gone(window), "ui_close_prompt left the prompt.\n");
    ok_int(answer_count, before);
}

/* A right click on the icon: Wine's taskbar has the notification area at
 * its right end, the first icon in the last slot (SM_CXSMICON and a
 * border of 2 on each side), and this desktop has no other icon. */
static void test_menu(void)
{
    static const char guid[] = "{6A7A2E5C-7B43-4C3B-9E63-4F6B2C1D0E11}";
    WCHAR text[128];
    HWND menu_window, window;
    HMENU menu;

    appstore_unregister(guid);
    ok_int(appstore_register(guid, "Chess & Board", "http://chess.example.org/", "C:\\windows\\notepad.exe"),
           0);

    menu_window = open_menu();
    ok(menu_window != NULL, "No menu.\n");
    if (!menu_window) return;
    menu = (HMENU)SendMessageW(menu_window, MN_GETHMENU, 0, 0);
    ok_int(GetMenuItemCount(menu), 4);
    GetMenuStringW(menu, UI_MENU_INVITE, text, ARRAYSIZE(text), MF_BYCOMMAND);
    ok(!wcscmp(text, L"Invite someone to Chess && Board..."), "Menu item %s.\n", utf8(text));
    GetMenuStringW(menu, UI_MENU_SIGN_OUT, text, ARRAYSIZE(text), MF_BYCOMMAND);
    ok(!wcscmp(text, L"Sign &out"), "Menu item %s.\n", utf8(text));
    GetMenuStringW(menu, UI_MENU_EXIT, text, ARRAYSIZE(text), MF_BYCOMMAND);
    ok(!wcscmp(text, L"E&xit"), "Menu item %s.\n", utf8(text));
    ok(shot("menu", NULL), "No screenshot of the menu.\n");

    /* The first item: the invite window, with the focus in the name. */
    ok(click_item(menu, 0), "Could not click the invite item.\n");
    window = wait_window(UI_INVITE_CLASS, L"Invite someone to Chess & Board");
    ok(window != NULL, "No invite window.\n");
    if (!window) return;
    check_text(window, UI_ID_APP, L"Chess & Board");
    ok(!IsWindowEnabled(GetDlgItem(window, UI_ID_INVITE)), "Invite is enabled without a name.\n");
    ok(click_caption(window), "The invite window has no focus.\n");
    ok(request("type bob@example.org"), "xdotool type failed.\n");
    check_text(window, UI_ID_CONTACT, L"bob@example.org");
    ok(IsWindowEnabled(GetDlgItem(window, UI_ID_INVITE)), "Invite is disabled with a name.\n");
    check_layout(window);
    ok(shot("invite", window), "No screenshot of the invite window.\n");
    ok(request("key Return"), "xdotool key Return failed.\n");
    ok(wait_count(&invites, 1), "No invite.\n");
    ok_str(invited_guid, guid);
    ok_str(invited_contact, "bob@example.org");
    ok(!IsWindow(window), "The invite window stayed.\n");

    /* A click elsewhere closes the menu and does nothing. */
    menu_window = open_menu();
    ok(menu_window != NULL, "No menu.\n");
    ok(request("click 100 100 1"), "Could not click the desktop.\n");
    ok(wait_gone(menu_window), "A click elsewhere left the menu open.\n");
    menu_window = open_menu();
    ok(menu_window != NULL, "No menu.\n");
    menu = (HMENU)SendMessageW(menu_window, MN_GETHMENU, 0, 0);
    ok(click_item(menu, 2), "Could not click Sign out.\n");
    ok(wait_count(&sign_outs, 1), "No sign-out.\n");
    menu_window = open_menu();
    ok(menu_window != NULL, "No menu.\n");
    menu = (HMENU)SendMessageW(menu_window, MN_GETHMENU, 0, 0);
    ok(click_item(menu, 3), "Could not click Exit.\n");
    ok(wait_count(&exits, 1), "No exit.\n");
    ok_int(invites, 1);
    ok_int(sign_outs, 1);
    appstore_unregister(guid);
}

int main(int argc, char **argv)
{
    static const struct ui_invitation last = {7, "grace@example.org", "", "Chess Board", "", "Bye.", 1};
    HWND agent, window;
    int started, before;

    if (argc < 2)
    {
        printf("usage: %s HANDSHAKE_FOLDER (tests/ui/xvfb-run.sh runs this) | nodesktop\n", argv[0]);
        return 1;
    }
    /* Without an X display Wine has no desktop: no UI, and no harm. */
    if (!strcmp(argv[1], "nodesktop"))
    {
        ok(!ui_start(&callbacks, "bob@example.org"), "ui_start succeeded without a desktop.\n");
        ui_show_prompt(&registered);
        ui_close_prompt(registered.session);
        ui_stop();
        ok_int(answer_count, 0);
        return test_summary();
    }
    handshake = argv[1];
    InitializeCriticalSection(&lock);
    changed = CreateEventW(NULL, FALSE, FALSE, NULL);
    make_texts();

    started = ui_start(&callbacks, "bob@example.org");
    ok(started, "ui_start failed.\n");
    if (!started) return test_summary();
    ok(!ui_start(&callbacks, "bob@example.org"), "A second UI started.\n");
    agent = FindWindowW(UI_AGENT_CLASS, NULL);
    ok(agent != NULL, "No agent window.\n");
    ok(FindWindowW(L"Shell_TrayWnd", NULL) != NULL, "No notification area in this desktop.\n");
    ok(icon_shown(agent), "No notification icon.\n");

    test_prompts();
    test_menu();
    ok_int(answer_of(4), -1); /* the closed prompt never answered */

    /* ui_stop closes what is open without answering, and the icon goes. */
    window = show(&last);
    ok(window != NULL, "No prompt for grace.\n");
    before = answer_count;
    ui_stop();
    ok(!IsWindow(window), "ui_stop left a prompt.\n");
    ok(!IsWindow(agent), "ui_stop left the agent window.\n");
    ok(!icon_shown(agent), "ui_stop left the icon.\n");
    ok_int(answer_count, before);
    return test_summary();
}
