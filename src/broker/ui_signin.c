/*
 * The sign-in window of the SignIn command: the name, and whether to sign in at logon.
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

#include "win/platform.h"

#include <commctrl.h>

#include "core/text.h"
#include "ui_private.h"

/* SignIn is a process of its own that ends when the person has answered,
 * so the window runs modally on the caller's thread; the agent's UI
 * thread (ui_start) is not involved. */
struct signin
{
    HWND window;
    char *out;
    size_t size;
    int at_logon;
    struct ui_password *password; /* NULL: no password row */
    int result;                   /* 1 signed in, 0 cancelled */
    BOOL done;
};

/* Dialog units. */
#define WIDTH    220
#define MARGIN   7
#define VALUE_X  60
#define BUTTON_W 50
#define BUTTON_H 14
#define ROW      16 /* from one row to the next */
/* Where the rows below the name go: one lower with a password row. */
#define LOGON_Y(signin)  (MARGIN + ROW * ((signin)->password ? 2 : 1) + 2)
#define ERROR_Y(signin)  (LOGON_Y(signin) + 14)
#define BUTTON_Y(signin) (ERROR_Y(signin) + 24)

/* Says in the window why the name is refused and hands the name back to
 * the person, selected, so that typing replaces it. */
static void refuse(struct signin *signin, const WCHAR *why)
{
    HWND name = GetDlgItem(signin->window, UI_ID_SIGNIN_NAME);

    SetDlgItemTextW(signin->window, UI_ID_SIGNIN_ERROR, why);
    SendMessageW(signin->window, WM_NEXTDLGCTL, (WPARAM)name, TRUE);
    SendMessageW(name, EM_SETSEL, 0, -1);
}

/* The password as typed, in UTF-8, into the caller's buffer; empty keeps
 * the stored one, when there is one.  The window's copies are wiped. */
static BOOL take_password(struct signin *signin)
{
    struct ui_password *password = signin->password;
    HWND edit = GetDlgItem(signin->window, UI_ID_SIGNIN_PASSWORD);
    WCHAR typed[256];
    int len = GetWindowTextW(edit, typed, ARRAY_SIZE(typed));
    BOOL ok = TRUE;

    password->out[0] = 0;
    if (!len && !password->stored)
    {
        SetDlgItemTextW(signin->window, UI_ID_SIGNIN_ERROR, L"Type the password of your XMPP account.");
        SendMessageW(signin->window, WM_NEXTDLGCTL, (WPARAM)edit, TRUE);
        ok = FALSE;
    }
    else if (len &&
             !WideCharToMultiByte(CP_UTF8, 0, typed, -1, password->out, (int)password->size, NULL, NULL))
    {
        SetDlgItemTextW(signin->window, UI_ID_SIGNIN_ERROR, L"This password is too long.");
        ok = FALSE;
    }
    SecureZeroMemory(typed, sizeof(typed));
    return ok;
}

/* The name as typed, in UTF-8, checked by the rule every sign-in name
 * follows (it is what the stream between brokers carries): a name the
 * agent could not sign in with is refused here, where it can be fixed. */
static void sign_in(struct signin *signin)
{
    WCHAR name[CORE_SIGNIN_MAX_CHARS + 1];
    char utf8[CORE_SIGNIN_MAX_CHARS * 3 + 1];
    int len = GetDlgItemTextW(signin->window, UI_ID_SIGNIN_NAME, name, ARRAY_SIZE(name));

    if (!len)
    {
        refuse(signin, L"Type your sign-in name, for example alice@example.org.");
        return;
    }
    if (!WideCharToMultiByte(CP_UTF8, 0, name, -1, utf8, sizeof(utf8), NULL, NULL) ||
        core_signin_validate(utf8) < 0 || strlen(utf8) >= signin->size)
    {
        refuse(signin, L"This is not a sign-in name: use letters, digits and punctuation of ASCII only, "
                       L"with no spaces.");
        return;
    }
    if (signin->password && !take_password(signin)) return;
    strcpy(signin->out, utf8);
    signin->at_logon = IsDlgButtonChecked(signin->window, UI_ID_SIGNIN_LOGON) == BST_CHECKED;
    signin->result = 1;
    TRACE("%s, at logon %d.\n", utf8, signin->at_logon);
    DestroyWindow(signin->window);
}

static LRESULT CALLBACK signin_proc(HWND window, UINT msg, WPARAM wparam, LPARAM lparam)
{
    struct signin *signin = (struct signin *)GetWindowLongPtrW(window, DWLP_USER);

    if (msg == WM_NCCREATE)
    {
        signin = ((CREATESTRUCTW *)lparam)->lpCreateParams;
        signin->window = window;
        SetWindowLongPtrW(window, DWLP_USER, (LONG_PTR)signin);
    }
    if (!signin) return DefDlgProcW(window, msg, wparam, lparam);
    switch (msg)
    {
    case WM_COMMAND:
        /* A refusal is about the name that was refused: it goes once the
         * person changes the name. */
        if ((LOWORD(wparam) == UI_ID_SIGNIN_NAME || LOWORD(wparam) == UI_ID_SIGNIN_PASSWORD) &&
            HIWORD(wparam) == EN_CHANGE)
            SetDlgItemTextW(window, UI_ID_SIGNIN_ERROR, L"");
        /* Enter and Esc arrive as IDOK and IDCANCEL from the dialog manager. */
        if (HIWORD(wparam) != BN_CLICKED) break;
        if (LOWORD(wparam) == UI_ID_SIGNIN)
            sign_in(signin);
        else if (LOWORD(wparam) == UI_ID_SIGNIN_CANCEL)
            DestroyWindow(window);
        else
            break;
        return 0;
    case WM_CLOSE: DestroyWindow(window); return 0;
    case WM_NCDESTROY:
        signin->window = NULL;
        signin->done = TRUE;
        break;
    }
    return DefDlgProcW(window, msg, wparam, lparam);
}

/* The controls, and the window shown with the focus in the name: the
 * person asked for this window. */
static HWND create_window(struct signin *signin, const char *current)
{
    WCHAR *name = ui_text(current, CORE_SIGNIN_MAX_CHARS, FALSE);
    HWND window = name ? ui_dialog_create(UI_SIGNIN_CLASS, UI_SIGNIN_TITLE, signin) : NULL;
    HWND edit;

    if (!window)
    {
        free(name);
        return NULL;
    }
    ui_control(window, L"Static", L"Sign-in &name:", SS_LEFT, -1, MARGIN, MARGIN + 2, VALUE_X - MARGIN - 2,
               8);
    edit = ui_control(window, L"Edit", name, WS_BORDER | WS_TABSTOP | ES_AUTOHSCROLL, UI_ID_SIGNIN_NAME,
                      VALUE_X, MARGIN, WIDTH - MARGIN - VALUE_X, 12);
    free(name);
    SendMessageW(edit, EM_LIMITTEXT, CORE_SIGNIN_MAX_CHARS, 0);
    if (signin->password)
    {
        HWND password;

        ui_control(window, L"Static", L"&Password:", SS_LEFT, -1, MARGIN, MARGIN + ROW + 2,
                   VALUE_X - MARGIN - 2, 8);
        password = ui_control(window, L"Edit", L"", WS_BORDER | WS_TABSTOP | ES_AUTOHSCROLL | ES_PASSWORD,
                              UI_ID_SIGNIN_PASSWORD, VALUE_X, MARGIN + ROW, WIDTH - MARGIN - VALUE_X, 12);
        SendMessageW(password, EM_LIMITTEXT, 255, 0);
        /* A stored one is kept unless another is typed: nothing shows it. */
        if (signin->password->stored) SendMessageW(password, EM_SETCUEBANNER, TRUE, (LPARAM)L"(stored)");
    }
    ui_control(window, L"Button", L"Sign me in when I &log on to Windows", WS_TABSTOP | BS_AUTOCHECKBOX,
               UI_ID_SIGNIN_LOGON, MARGIN, LOGON_Y(signin), WIDTH - 2 * MARGIN, 10);
    CheckDlgButton(window, UI_ID_SIGNIN_LOGON, signin->at_logon ? BST_CHECKED : BST_UNCHECKED);
    /* Text, not a message box: the person fixes the name in place. */
    ui_control(window, L"Static", L"", SS_LEFT | SS_NOPREFIX, UI_ID_SIGNIN_ERROR, MARGIN, ERROR_Y(signin),
               WIDTH - 2 * MARGIN, 20);
    ui_control(window, L"Button", L"&Sign in", WS_TABSTOP | BS_DEFPUSHBUTTON, UI_ID_SIGNIN,
               WIDTH - MARGIN - 2 * BUTTON_W - 4, BUTTON_Y(signin), BUTTON_W, BUTTON_H);
    ui_control(window, L"Button", L"Cancel", WS_TABSTOP, UI_ID_SIGNIN_CANCEL, WIDTH - MARGIN - BUTTON_W,
               BUTTON_Y(signin), BUTTON_W, BUTTON_H);
    SendMessageW(window, DM_SETDEFID, UI_ID_SIGNIN, 0);
    ui_dialog_show(window, WIDTH, BUTTON_Y(signin) + BUTTON_H + MARGIN, 0, SW_SHOW);
    SetForegroundWindow(window);
    SetFocus(edit);
    /* A configured name is selected: typing another replaces it. */
    SendMessageW(edit, EM_SETSEL, 0, -1);
    return window;
}

int ui_ask_signin(const char *current, char *out, size_t size, int *at_logon, struct ui_password *password)
{
    struct signin signin = {NULL, out, size, at_logon && *at_logon, password, 0, FALSE};
    int got = 1;
    MSG msg;

    TRACE("%s, %p, %u, %p, %p.\n", current ? current : "(null)", out, (unsigned int)size, at_logon, password);
    if (!out || !size || (password && (!password->out || !password->size))) return -1;
    if (!ui_layout_init() || !ui_register_dialog(UI_SIGNIN_CLASS, signin_proc)) return -1;
    if (!create_window(&signin, current))
    {
        WARN("No sign-in window (no desktop?), error %lu.\n", GetLastError());
        UnregisterClassW(UI_SIGNIN_CLASS, ui_instance);
        return -1;
    }
    /* The dialog manager gives the window Tab, Enter, Esc and the Alt
     * mnemonics. */
    while (!signin.done && (got = GetMessageW(&msg, NULL, 0, 0)) > 0)
    {
        if (signin.window && IsDialogMessageW(signin.window, &msg)) continue;
        TranslateMessage(&msg);
        DispatchMessageW(&msg);
    }
    /* Someone wants the thread to end (WM_QUIT, kept for the caller's
     * loop): that is no answer. */
    if (signin.window) DestroyWindow(signin.window);
    if (!got) PostQuitMessage((int)msg.wParam);
    UnregisterClassW(UI_SIGNIN_CLASS, ui_instance);
    if (signin.result && at_logon) *at_logon = signin.at_logon;
    return signin.result;
}
