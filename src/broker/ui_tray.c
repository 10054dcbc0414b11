/*
 * The agent's notification icon and its menu.
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

#include "win/shell.h"

#include "win/appstore.h"
#include "ui_private.h"

static BOOL version_4; /* the shell took NOTIFYICON_VERSION_4 */
static BOOL menu_open;

void tray_add(HWND window, const WCHAR *tip)
{
    NOTIFYICONDATAW data = {.cbSize = sizeof(data)};

    data.hWnd = window;
    data.uID = UI_ICON_ID;
    data.uFlags = NIF_MESSAGE | NIF_ICON | NIF_TIP | NIF_SHOWTIP;
    data.uCallbackMessage = UI_WM_ICON;
    data.hIcon = LoadIconW(NULL, (const WCHAR *)IDI_INFORMATION);
    lstrcpynW(data.szTip, tip, ARRAY_SIZE(data.szTip));
    /* No notification area yet: TaskbarCreated comes when there is one. */
    if (!shell_notify_icon(NIM_ADD, &data))
    {
        WARN("Shell_NotifyIcon(NIM_ADD) failed; the icon shows when a taskbar starts.\n");
        return;
    }
    /* Version 4 reports the keyboard's menu key and Shift+F10 as
     * WM_CONTEXTMENU, as it does a right click. */
    data.uVersion = NOTIFYICON_VERSION_4;
    version_4 = shell_notify_icon(NIM_SETVERSION, &data);
    TRACE("Icon added, version 4 %d.\n", version_4);
}

void tray_remove(HWND window)
{
    NOTIFYICONDATAW data = {.cbSize = sizeof(data)};

    data.hWnd = window;
    data.uID = UI_ICON_ID;
    shell_notify_icon(NIM_DELETE, &data);
}

BOOL tray_menu_open(void)
{
    return menu_open;
}

/* "Invite someone to <name>...", with the name's ampersands doubled so
 * that none of them becomes a mnemonic. */
static WCHAR *invite_label(const WCHAR *name)
{
    static const WCHAR prefix[] = L"Invite someone to ", suffix[] = L"...";
    size_t len = wcslen(prefix) + wcslen(suffix) + 1, i;
    WCHAR *label, *out;

    for (i = 0; name[i]; i++)
        len += name[i] == '&' ? 2 : 1;
    if (!(label = out = malloc(len * sizeof(WCHAR)))) return NULL;
    wcscpy(out, prefix);
    out += wcslen(prefix);
    for (i = 0; name[i]; i++)
    {
        if (name[i] == '&') *out++ = '&';
        *out++ = name[i];
    }
    wcscpy(out, suffix);
    return label;
}

/* One item per registered application, named by its local name (its
 * GUID when it has none); names[i] is the i-th item's application name. */
static size_t add_applications(HMENU menu, char **guids, size_t count, WCHAR **names)
{
    size_t i, added = 0;

    for (i = 0; i < count && i < UI_MENU_APPS_MAX; i++)
    {
        struct core_app_info info = {0};
        WCHAR *label = NULL;

        if (appstore_lookup(guids[i], &info) >= 0)
            names[i] = ui_text(info.name && *info.name ? info.name : guids[i], UI_FIELD_MAX_BYTES, FALSE);
        core_app_info_clear(&info);
        if (names[i] && (label = invite_label(names[i])) &&
            AppendMenuW(menu, MF_STRING, UI_MENU_INVITE + i, label))
            added++;
        free(label);
    }
    return added;
}

static void show_menu(HWND window)
{
    char **guids = NULL;
    WCHAR **names = NULL;
    size_t listed = 0, count, i;
    HMENU menu;
    POINT point;
    UINT command;

    if (menu_open || !(menu = CreatePopupMenu())) return;
    if (appstore_list(&guids, &listed) < 0) listed = 0;
    count = listed && (names = calloc(listed, sizeof(*names))) ? listed : 0;
    if (!add_applications(menu, guids, count, names))
        AppendMenuW(menu, MF_STRING | MF_GRAYED, 0, L"No application is registered for invitations");
    AppendMenuW(menu, MF_SEPARATOR, 0, NULL);
    AppendMenuW(menu, MF_STRING, UI_MENU_SIGN_OUT, L"Sign &out");
    AppendMenuW(menu, MF_STRING, UI_MENU_EXIT, L"E&xit");

    /* Without the foreground the menu would not close when the person
     * clicks elsewhere; the WM_NULL lets it close at once (KB135788). */
    GetCursorPos(&point);
    SetForegroundWindow(window);
    menu_open = TRUE;
    command = TrackPopupMenuEx(menu, TPM_RETURNCMD | TPM_NONOTIFY | TPM_RIGHTBUTTON, point.x, point.y, window,
                               NULL);
    menu_open = FALSE;
    PostMessageW(window, WM_NULL, 0, 0);
    DestroyMenu(menu);
    TRACE("Command %u.\n", command);

    if (command == UI_MENU_SIGN_OUT && ui_callbacks.sign_out)
        ui_callbacks.sign_out();
    else if (command == UI_MENU_EXIT && ui_callbacks.exit)
        ui_callbacks.exit();
    else if (command >= UI_MENU_INVITE && command - UI_MENU_INVITE < count)
        invite_show(guids[command - UI_MENU_INVITE], names[command - UI_MENU_INVITE]);

    for (i = 0; i < count; i++)
        free(names[i]);
    free(names);
    if (guids) appstore_free_list(guids, listed);
}

void tray_notify(HWND window, LPARAM lparam)
{
    UINT event = version_4 ? LOWORD(lparam) : (UINT)lparam;

    /* Any click or the keyboard opens the menu; in version 4 a click also
     * sends the button message first, which is not counted twice. */
    switch (event)
    {
    case WM_CONTEXTMENU:
    case NIN_SELECT:
    case NIN_KEYSELECT: show_menu(window); break;
    case WM_LBUTTONUP:
    case WM_RBUTTONUP:
        if (!version_4) show_menu(window);
        break;
    }
}
