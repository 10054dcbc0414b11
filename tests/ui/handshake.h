/*
 * Asking tests/ui/xvfb-run.sh for what only the X side can do: screenshots, real input.
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

#ifndef MSGSC_TEST_UI_HANDSHAKE_H
#define MSGSC_TEST_UI_HANDSHAKE_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <windows.h>

/* The handshake folder the script names (its last argument to the
 * program): this program writes request.N and waits for done.N. */
static const char *handshake;
static int requests;

#define HANDSHAKE_WAIT_MS 20000

/* Asks the script for "shot NAME [X Y WIDTH HEIGHT]" (a screenshot, cut
 * to that rectangle of the screen), "click X Y BUTTON" (xdotool: the
 * pointer there, then a click), "key KEYS..." (xdotool key) or "type
 * TEXT" (xdotool type), and waits for its answer. */
static inline int __attribute__((format(printf, 1, 2))) request(const char *format, ...)
{
    char line[512], path[MAX_PATH], done[MAX_PATH], status[16] = "";
    DWORD start = GetTickCount(), read = 0;
    va_list args;
    HANDLE file;

    va_start(args, format);
    vsnprintf(line, sizeof(line), format, args);
    va_end(args);
    requests++;
    snprintf(path, sizeof(path), "%s/request.tmp", handshake);
    file = CreateFileA(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
    if (file == INVALID_HANDLE_VALUE) return 0;
    WriteFile(file, line, strlen(line), &read, NULL);
    WriteFile(file, "\n", 1, &read, NULL);
    CloseHandle(file);
    /* Renamed into place, so the script never reads half a request. */
    snprintf(done, sizeof(done), "%s/request.%d", handshake, requests);
    if (!MoveFileA(path, done)) return 0;
    snprintf(done, sizeof(done), "%s/done.%d", handshake, requests);
    while ((file = CreateFileA(done, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL)) ==
           INVALID_HANDLE_VALUE)
    {
        if (GetTickCount() - start > HANDSHAKE_WAIT_MS) return 0;
        Sleep(20);
    }
    ReadFile(file, status, sizeof(status) - 1, &read, NULL);
    CloseHandle(file);
    return atoi(status) == 0;
}

static inline int shot(const char *name, HWND window)
{
    RECT rect;

    if (!window) return request("shot %s", name);
    GetWindowRect(window, &rect);
    return request("shot %s %ld %ld %ld %ld", name, rect.left, rect.top, rect.right - rect.left,
                   rect.bottom - rect.top);
}

/* The UI thread makes its windows when it gets to the message: these
 * wait for a window to be there, or gone, for at most HANDSHAKE_WAIT_MS. */
static inline HWND wait_window(const WCHAR *class, const WCHAR *title)
{
    DWORD start = GetTickCount();
    HWND window;

    while (!(window = FindWindowW(class, title)) || !IsWindowVisible(window))
    {
        if (GetTickCount() - start > HANDSHAKE_WAIT_MS) return NULL;
        Sleep(20);
    }
    return window;
}

static inline BOOL wait_gone(HWND window)
{
    DWORD start = GetTickCount();

    while (IsWindow(window))
    {
        if (GetTickCount() - start > HANDSHAKE_WAIT_MS) return FALSE;
        Sleep(20);
    }
    return TRUE;
}

/* Clicks a window's caption, as a person would before using the
 * keyboard: Wine then gives the X focus to that window, so that the key
 * presses of xdotool reach it.  Waits until it has the focus. */
static inline BOOL click_caption(HWND window)
{
    GUITHREADINFO info = {.cbSize = sizeof(info)};
    DWORD start = GetTickCount();
    RECT rect;

    /* Prompts open at the same place: the one to click must be on top, or
     * the click lands on another. */
    SetWindowPos(window, HWND_TOP, 0, 0, 0, 0, SWP_NOMOVE | SWP_NOSIZE | SWP_NOACTIVATE);
    GetWindowRect(window, &rect);
    if (!request("click %ld %ld 1", (rect.left + rect.right) / 2,
                 rect.top + GetSystemMetrics(SM_CYFRAME) + GetSystemMetrics(SM_CYCAPTION) / 2))
        return FALSE;
    while (GetForegroundWindow() != window ||
           !GetGUIThreadInfo(GetWindowThreadProcessId(window, NULL), &info) || !info.hwndFocus ||
           GetAncestor(info.hwndFocus, GA_ROOT) != window)
    {
        if (GetTickCount() - start > HANDSHAKE_WAIT_MS) return FALSE;
        Sleep(20);
    }
    return TRUE;
}

/* Opens the agent's menu with a right click on its icon: the last one of
 * the notification area (Shell_NotifyIconGetRect is a stub in Wine). */
static inline HWND open_menu(void)
{
    HWND tray = FindWindowW(L"Shell_TrayWnd", NULL);
    RECT rect;

    GetWindowRect(tray, &rect);
    if (!request("click %ld %ld 3", rect.right - (GetSystemMetrics(SM_CXSMICON) + 4) / 2,
                 (rect.top + rect.bottom) / 2))
        return NULL;
    return wait_window(L"#32768", NULL);
}

/* Clicks the item at position of the open menu (the window of a popup
 * menu is found from the menu when none is given). */
static inline BOOL click_item(HMENU menu, int position)
{
    RECT rect;

    return GetMenuItemRect(NULL, menu, position, &rect) &&
           request("click %ld %ld 1", (rect.left + rect.right) / 2, (rect.top + rect.bottom) / 2);
}

#endif
