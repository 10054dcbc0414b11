/*
 * The invite window: the sign-in name of the person to invite to a registered application.
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

#include "core/text.h"
#include "ui_private.h"

struct invite
{
    struct list entry; /* in invites */
    HWND window;
    char guid[CORE_GUID_CHARS + 1];
};

static struct list invites = {&invites, &invites};

/* Dialog units. */
#define WIDTH    220
#define MARGIN   7
#define VALUE_X  60
#define BUTTON_W 50
#define BUTTON_H 14

static struct invite *find_invite(const char *guid)
{
    struct list *cursor;

    for (cursor = invites.next; cursor != &invites; cursor = cursor->next)
    {
        struct invite *invite = CONTAINING_RECORD(cursor, struct invite, entry);
        if (!strcmp(invite->guid, guid)) return invite;
    }
    return NULL;
}

void invite_show(const char *guid, const WCHAR *app_name)
{
    struct invite *invite;
    WCHAR *title;
    HWND window, contact;

    /* One window per application: the person asked for it again. */
    if ((invite = find_invite(guid)))
    {
        SetForegroundWindow(invite->window);
        return;
    }
    if (strlen(guid) > CORE_GUID_CHARS || !(invite = calloc(1, sizeof(*invite)))) return;
    strcpy(invite->guid, guid);
    list_add_tail(&invites, &invite->entry);
    title = ui_title(L"Invite someone to ", app_name);
    window = title ? ui_dialog_create(UI_INVITE_CLASS, title, invite) : NULL;
    free(title);
    if (!window)
    {
        WARN("No invite window, error %lu.\n", GetLastError());
        /* Still listed unless a window was made and destroyed again. */
        if (find_invite(guid) == invite)
        {
            list_remove(&invite->entry);
            free(invite);
        }
        return;
    }

    ui_control(window, L"Static", L"Application:", SS_LEFT | SS_NOPREFIX, -1, MARGIN, MARGIN + 1,
               VALUE_X - MARGIN - 2, 8);
    ui_control(window, L"Edit", app_name, ES_READONLY | ES_AUTOHSCROLL, UI_ID_APP, VALUE_X, MARGIN,
               WIDTH - MARGIN - VALUE_X, 10);
    ui_control(window, L"Static", L"&Sign-in name:", SS_LEFT, -1, MARGIN, MARGIN + 16, VALUE_X - MARGIN - 2,
               8);
    contact = ui_control(window, L"Edit", L"", WS_BORDER | WS_TABSTOP | ES_AUTOHSCROLL, UI_ID_CONTACT,
                         VALUE_X, MARGIN + 14, WIDTH - MARGIN - VALUE_X, 12);
    SendMessageW(contact, EM_LIMITTEXT, CORE_SIGNIN_MAX_CHARS, 0);
    /* Enabled once a name is typed (EN_CHANGE). */
    ui_control(window, L"Button", L"&Invite", WS_TABSTOP | WS_DISABLED | BS_DEFPUSHBUTTON, UI_ID_INVITE,
               WIDTH - MARGIN - 2 * BUTTON_W - 4, MARGIN + 33, BUTTON_W, BUTTON_H);
    ui_control(window, L"Button", L"Cancel", WS_TABSTOP, UI_ID_CANCEL, WIDTH - MARGIN - BUTTON_W, MARGIN + 33,
               BUTTON_W, BUTTON_H);
    SendMessageW(window, DM_SETDEFID, UI_ID_INVITE, 0);
    /* The person asked for this window: it takes the focus, in the name. */
    ui_dialog_show(window, WIDTH, MARGIN + 33 + BUTTON_H + MARGIN, 0, SW_SHOW);
    SetForegroundWindow(window);
    SetFocus(contact);
}

void invite_close_all(void)
{
    while (invites.next != &invites)
        DestroyWindow(CONTAINING_RECORD(invites.next, struct invite, entry)->window);
}

/* The name as typed, in UTF-8; the broker checks it (core_invite_signin_check). */
static void send_invite(struct invite *invite)
{
    WCHAR name[CORE_SIGNIN_MAX_CHARS + 1];
    char guid[CORE_GUID_CHARS + 1], contact[CORE_SIGNIN_MAX_CHARS * 3 + 1];

    if (!GetDlgItemTextW(invite->window, UI_ID_CONTACT, name, ARRAY_SIZE(name)) ||
        !WideCharToMultiByte(CP_UTF8, 0, name, -1, contact, sizeof(contact), NULL, NULL))
        return;
    strcpy(guid, invite->guid);
    DestroyWindow(invite->window);
    TRACE("%s, %s.\n", guid, contact);
    if (ui_callbacks.invite) ui_callbacks.invite(guid, contact);
}

LRESULT CALLBACK invite_proc(HWND window, UINT msg, WPARAM wparam, LPARAM lparam)
{
    struct invite *invite = (struct invite *)GetWindowLongPtrW(window, DWLP_USER);

    if (msg == WM_NCCREATE)
    {
        invite = ((CREATESTRUCTW *)lparam)->lpCreateParams;
        invite->window = window;
        SetWindowLongPtrW(window, DWLP_USER, (LONG_PTR)invite);
    }
    if (!invite) return DefDlgProcW(window, msg, wparam, lparam);
    switch (msg)
    {
    case WM_COMMAND:
        if (LOWORD(wparam) == UI_ID_CONTACT && HIWORD(wparam) == EN_CHANGE)
            EnableWindow(GetDlgItem(window, UI_ID_INVITE),
                         GetWindowTextLengthW(GetDlgItem(window, UI_ID_CONTACT)) > 0);
        else if (HIWORD(wparam) != BN_CLICKED)
            break;
        else if (LOWORD(wparam) == UI_ID_INVITE)
            send_invite(invite);
        else if (LOWORD(wparam) == UI_ID_CANCEL)
            DestroyWindow(window);
        return 0;
    case WM_CLOSE: DestroyWindow(window); return 0;
    case WM_NCDESTROY:
        list_remove(&invite->entry);
        free(invite);
        break;
    }
    return DefDlgProcW(window, msg, wparam, lparam);
}
