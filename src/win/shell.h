/*
 * shell32, loaded on first use.
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

#ifndef MSGSC_WIN_SHELL_H
#define MSGSC_WIN_SHELL_H

#include "platform.h"

#include <shellapi.h>

/* Only the agent's notification icon and the rundll32 commands use
 * shell32, and importing it cost every process that loads msgsc.dll a
 * third of that load's time (bench/, part d): it is loaded on the first
 * call of one of these, as Wine's DELAYIMPORTS would.  They fail
 * (ERROR_PROC_NOT_FOUND) when it cannot be loaded. */
BOOL shell_notify_icon(DWORD message, NOTIFYICONDATAW *data);
WCHAR **shell_command_line_to_argv(const WCHAR *cmdline, int *argc);

#endif
