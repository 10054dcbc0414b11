/*
 * What the agent's windows share, inside the broker layer.
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

#ifndef MSGSC_BROKER_UI_PRIVATE_H
#define MSGSC_BROKER_UI_PRIVATE_H

#include "core/list.h"
#include "ui.h"

/* Everything declared here is used on the UI thread only, except
 * ui_text, prompt_create and prompt_free, which the public functions call
 * on the caller's thread. */

extern HINSTANCE ui_instance;
extern struct ui_callbacks ui_callbacks;

/* ui_text.c: untrusted UTF-8 as the UTF-16 a control shows, by the rules
 * of struct ui_invitation (ui.h); lines keeps line breaks (as CRLF).
 * Returns a malloc'd string, or NULL when out of memory. */
WCHAR *ui_text(const char *utf8, size_t max_bytes, BOOL lines);

/* ui.c: dialogs are laid out in dialog units, as resource templates are,
 * so that they follow the font.  ui_layout_init finds the module and
 * measures the font, on the thread that makes the windows (the UI thread,
 * or the caller of ui_ask_signin); FALSE when the module is unknown.
 * ui_register_dialog registers a class for ui_dialog_create, whose
 * procedure ends in DefDlgProcW.  ui_dialog_create makes a hidden
 * top-level window of a class whose procedure ends in DefDlgProcW, so the
 * dialog manager gives it the default button, Tab order and mnemonics;
 * ui_control adds a control at x, y, width, height in dialog units;
 * ui_dialog_show sizes the client area to width by height, centres the
 * window in the work area (moved down and right by cascade steps, so that
 * several windows stay visible) and shows it. */
BOOL ui_layout_init(void);
BOOL ui_register_dialog(const WCHAR *name, WNDPROC proc);
HWND ui_dialog_create(const WCHAR *class, const WCHAR *title, void *param);
HWND ui_control(HWND dialog, const WCHAR *class, const WCHAR *text, DWORD style, int id, int x, int y,
                int width, int height);
void ui_dialog_show(HWND dialog, int width, int height, int cascade, int show);
/* A title of prefix followed by name; malloc'd, NULL when out of memory. */
WCHAR *ui_title(const WCHAR *prefix, const WCHAR *name);

/* ui_tray.c: the notification icon (hidden window, UI_ICON_ID) and its menu. */
void tray_add(HWND window, const WCHAR *tip);
void tray_remove(HWND window);
void tray_notify(HWND window, LPARAM lparam);
BOOL tray_menu_open(void);

/* ui_prompt.c: one prompt window per invitation. */
struct prompt;
struct prompt *prompt_create(const struct ui_invitation *invitation);
void prompt_free(struct prompt *prompt);
void prompt_show(struct prompt *prompt);
void prompt_close(uint64_t session);
void prompt_close_all(void);
LRESULT CALLBACK prompt_proc(HWND window, UINT msg, WPARAM wparam, LPARAM lparam);

/* ui_invite.c: the invite window of a registered application. */
void invite_show(const char *guid, const WCHAR *app_name);
void invite_close_all(void);
LRESULT CALLBACK invite_proc(HWND window, UINT msg, WPARAM wparam, LPARAM lparam);

#endif
