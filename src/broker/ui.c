/*
 * The agent's UI thread: its hidden window, the dialog helpers and the functions the broker calls.
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

#include "ui_private.h"

/* Posted to the hidden window by the functions below, which run on the
 * broker's threads.  UI_WM_ICON (ui.h) is WM_APP + 1. */
enum
{
    UI_WM_SHOW = WM_APP + 2, /* lparam: a struct prompt */
    UI_WM_CLOSE,             /* wparam, lparam: the session's low and high halves */
    UI_WM_STOP,
};

HINSTANCE ui_instance;
struct ui_callbacks ui_callbacks;

static struct
{
    HANDLE thread;
    HWND window; /* the hidden window; NULL when the UI is not running */
    HANDLE ready;
    WCHAR *tip;
    HFONT font;
    int base_x, base_y; /* the font's dialog base units, in pixels */
    UINT taskbar_created;
} ui;

static const struct
{
    const WCHAR *name;
    WNDPROC proc;
} classes[] = {
    {UI_PROMPT_CLASS, prompt_proc},
    {UI_INVITE_CLASS, invite_proc},
};

/* The base units of GetDialogBaseUnits, for the dialogs' font rather than
 * the system font: the average width of the alphabet and the height. */
static void measure_font(void)
{
    HDC dc = GetDC(NULL);
    HGDIOBJ old = SelectObject(dc, ui.font);
    TEXTMETRICW metrics;
    SIZE size;

    GetTextMetricsW(dc, &metrics);
    GetTextExtentPoint32W(dc, L"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", 52, &size);
    ui.base_x = (size.cx / 26 + 1) / 2;
    ui.base_y = metrics.tmHeight;
    SelectObject(dc, old);
    ReleaseDC(NULL, dc);
}

BOOL ui_layout_init(void)
{
    if (!GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS |
                                GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                            (const WCHAR *)ui_layout_init, &ui_instance))
        return FALSE;
    ui.font = GetStockObject(DEFAULT_GUI_FONT);
    measure_font();
    return TRUE;
}

/* A dialog's procedure ends in DefDlgProcW, which keeps its state in the
 * DLGWINDOWEXTRA bytes of the window. */
BOOL ui_register_dialog(const WCHAR *name, WNDPROC proc)
{
    WNDCLASSEXW class = {.cbSize = sizeof(class)};

    class.hInstance = ui_instance;
    class.hCursor = LoadCursorW(NULL, (const WCHAR *)IDC_ARROW);
    class.hbrBackground = (HBRUSH)(COLOR_BTNFACE + 1);
    class.lpfnWndProc = proc;
    class.lpszClassName = name;
    class.cbWndExtra = DLGWINDOWEXTRA;
    return !!RegisterClassExW(&class);
}

HWND ui_dialog_create(const WCHAR *class, const WCHAR *title, void *param)
{
    return CreateWindowExW(WS_EX_DLGMODALFRAME | WS_EX_TOPMOST | WS_EX_APPWINDOW | WS_EX_CONTROLPARENT, class,
                           title, WS_POPUP | WS_CAPTION | WS_SYSMENU, 0, 0, 0, 0, NULL, NULL, ui_instance,
                           param);
}

HWND ui_control(HWND dialog, const WCHAR *class, const WCHAR *text, DWORD style, int id, int x, int y,
                int width, int height)
{
    DWORD ex_style = style & WS_BORDER ? WS_EX_CLIENTEDGE : 0;
    HWND control;

    control = CreateWindowExW(ex_style, class, text, (style & ~WS_BORDER) | WS_CHILD | WS_VISIBLE,
                              MulDiv(x, ui.base_x, 4), MulDiv(y, ui.base_y, 8), MulDiv(width, ui.base_x, 4),
                              MulDiv(height, ui.base_y, 8), dialog, (HMENU)(INT_PTR)id, ui_instance, NULL);
    if (control)
        SendMessageW(control, WM_SETFONT, (WPARAM)ui.font, FALSE);
    else
        WARN("CreateWindowEx(%s) failed, error %lu.\n", debugstr_w(class), GetLastError());
    return control;
}

void ui_dialog_show(HWND dialog, int width, int height, int cascade, int show)
{
    RECT rect = {0, 0, MulDiv(width, ui.base_x, 4), MulDiv(height, ui.base_y, 8)}, work;
    int step = GetSystemMetrics(SM_CYCAPTION);

    AdjustWindowRectEx(&rect, GetWindowLongW(dialog, GWL_STYLE), FALSE, GetWindowLongW(dialog, GWL_EXSTYLE));
    SystemParametersInfoW(SPI_GETWORKAREA, 0, &work, 0);
    SetWindowPos(dialog, NULL,
                 work.left + (work.right - work.left - (rect.right - rect.left)) / 2 + cascade * step,
                 work.top + (work.bottom - work.top - (rect.bottom - rect.top)) / 2 + cascade * step,
                 rect.right - rect.left, rect.bottom - rect.top, SWP_NOZORDER | SWP_NOACTIVATE);
    SendMessageW(dialog, WM_SETICON, ICON_BIG, (LPARAM)LoadIconW(NULL, (const WCHAR *)IDI_INFORMATION));
    ShowWindow(dialog, show);
}

WCHAR *ui_title(const WCHAR *prefix, const WCHAR *name)
{
    WCHAR *title;

    if ((title = malloc((wcslen(prefix) + wcslen(name) + 1) * sizeof(WCHAR))))
    {
        wcscpy(title, prefix);
        wcscat(title, name);
    }
    return title;
}

static void stop(HWND window)
{
    /* The menu's own message loop runs this; end the menu first, so that
     * nothing uses the window after TrackPopupMenu returns. */
    if (tray_menu_open())
    {
        EndMenu();
        PostMessageW(window, UI_WM_STOP, 0, 0);
        return;
    }
    prompt_close_all();
    invite_close_all();
    tray_remove(window);
    DestroyWindow(window);
}

static LRESULT CALLBACK agent_proc(HWND window, UINT msg, WPARAM wparam, LPARAM lparam)
{
    switch (msg)
    {
    case UI_WM_ICON: tray_notify(window, lparam); return 0;
    case UI_WM_SHOW: prompt_show((struct prompt *)lparam); return 0;
    case UI_WM_CLOSE: prompt_close((uint64_t)(DWORD)lparam << 32 | (DWORD)wparam); return 0;
    case UI_WM_STOP: stop(window); return 0;
    case WM_DESTROY: PostQuitMessage(0); return 0;
    }
    /* Explorer restarted: its new notification area has no icons. */
    if (msg == ui.taskbar_created && ui.taskbar_created)
    {
        tray_add(window, ui.tip);
        return 0;
    }
    return DefWindowProcW(window, msg, wparam, lparam);
}

static void unregister_classes(void)
{
    size_t i;

    UnregisterClassW(UI_AGENT_CLASS, ui_instance);
    for (i = 0; i < ARRAY_SIZE(classes); i++)
        UnregisterClassW(classes[i].name, ui_instance);
}

static BOOL register_classes(void)
{
    WNDCLASSEXW class = {.cbSize = sizeof(class)};
    size_t i;

    class.hInstance = ui_instance;
    class.hCursor = LoadCursorW(NULL, (const WCHAR *)IDC_ARROW);
    class.lpfnWndProc = agent_proc;
    class.lpszClassName = UI_AGENT_CLASS;
    if (!RegisterClassExW(&class)) return FALSE;
    for (i = 0; i < ARRAY_SIZE(classes); i++)
        if (!ui_register_dialog(classes[i].name, classes[i].proc)) return FALSE;
    return TRUE;
}

static DWORD WINAPI ui_main(void *arg)
{
    MSG msg;

    (void)arg;
    ui.taskbar_created = RegisterWindowMessageW(L"TaskbarCreated");
    if (!ui_layout_init() || !register_classes() ||
        !(ui.window = CreateWindowExW(0, UI_AGENT_CLASS, L"msgsc", WS_POPUP, 0, 0, 0, 0, NULL, NULL,
                                      ui_instance, NULL)))
    {
        WARN("No window for the agent (no desktop?), error %lu.\n", GetLastError());
        unregister_classes();
        SetEvent(ui.ready);
        return 1;
    }
    tray_add(ui.window, ui.tip);
    SetEvent(ui.ready);

    /* The dialog manager gives the prompts Tab, Enter, Esc and the Alt
     * mnemonics; every top-level window of this thread but the hidden one
     * is a dialog. */
    while (GetMessageW(&msg, NULL, 0, 0) > 0)
    {
        HWND top = msg.hwnd ? GetAncestor(msg.hwnd, GA_ROOT) : NULL;

        if (top && top != ui.window && IsDialogMessageW(top, &msg)) continue;
        TranslateMessage(&msg);
        DispatchMessageW(&msg);
    }
    unregister_classes();
    return 0;
}

int ui_start(const struct ui_callbacks *callbacks, const char *signin)
{
    static const WCHAR prefix[] = L"msgsc: ", suffix[] = L" (signed in)";
    WCHAR *name;

    TRACE("%p, %s.\n", callbacks, signin ? signin : "(null)");
    if (ui.thread || !callbacks) return 0;
    ui_callbacks = *callbacks;
    if (!(name = ui_text(signin, UI_FIELD_MAX_BYTES, FALSE))) return 0;
    ui.tip = ui_title(prefix, name);
    free(name);
    if (!ui.tip || !(name = ui_title(ui.tip, suffix))) goto failed;
    free(ui.tip);
    ui.tip = name;
    if (!(ui.ready = CreateEventW(NULL, TRUE, FALSE, NULL))) goto failed;
    if (!(ui.thread = CreateThread(NULL, 0, ui_main, NULL, 0, NULL))) goto failed;
    WaitForSingleObject(ui.ready, INFINITE);
    if (ui.window) return 1;
    WaitForSingleObject(ui.thread, INFINITE);

failed:
    if (ui.thread) CloseHandle(ui.thread);
    if (ui.ready) CloseHandle(ui.ready);
    free(ui.tip);
    memset(&ui, 0, sizeof(ui));
    return 0;
}

void ui_show_prompt(const struct ui_invitation *invitation)
{
    struct prompt *prompt;

    TRACE("%p.\n", invitation);
    if (!ui.window || !invitation || !(prompt = prompt_create(invitation))) return;
    if (!PostMessageW(ui.window, UI_WM_SHOW, 0, (LPARAM)prompt))
    {
        WARN("PostMessage failed, error %lu.\n", GetLastError());
        prompt_free(prompt);
    }
}

void ui_close_prompt(uint64_t session)
{
    TRACE("%#I64x.\n", session);
    if (ui.window) PostMessageW(ui.window, UI_WM_CLOSE, (DWORD)session, (DWORD)(session >> 32));
}

void ui_stop(void)
{
    TRACE(".\n");
    if (!ui.thread) return;
    PostMessageW(ui.window, UI_WM_STOP, 0, 0);
    WaitForSingleObject(ui.thread, INFINITE);
    CloseHandle(ui.thread);
    CloseHandle(ui.ready);
    free(ui.tip);
    memset(&ui, 0, sizeof(ui));
}
