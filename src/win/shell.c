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

#include "shell.h"

/* GNU ld's delay-import libraries for i686 jump to NULL under Wine 8
 * (binutils 2.40): the functions are looked up by hand. */
static struct
{
    BOOL(WINAPI *notify_icon)(DWORD, NOTIFYICONDATAW *);
    WCHAR **(WINAPI *command_line_to_argv)(const WCHAR *, int *);
} shell;

static BOOL CALLBACK load_shell(INIT_ONCE *once, void *param, void **context)
{
    /* Never unloaded: the functions stay valid for the process's life. */
    HMODULE module = LoadLibraryW(L"shell32.dll");

    (void)once;
    (void)param;
    (void)context;
    if (!module)
    {
        ERR("shell32.dll cannot be loaded: %lu.\n", GetLastError());
        return TRUE;
    }
    shell.notify_icon = (void *)GetProcAddress(module, "Shell_NotifyIconW");
    shell.command_line_to_argv = (void *)GetProcAddress(module, "CommandLineToArgvW");
    return TRUE;
}

/* The shell32 function, or NULL with ERROR_PROC_NOT_FOUND. */
static void *shell_function(void **function)
{
    static INIT_ONCE once = INIT_ONCE_STATIC_INIT;

    InitOnceExecuteOnce(&once, load_shell, NULL, NULL);
    if (!*function) SetLastError(ERROR_PROC_NOT_FOUND);
    return *function;
}

BOOL shell_notify_icon(DWORD message, NOTIFYICONDATAW *data)
{
    return shell_function((void **)&shell.notify_icon) && shell.notify_icon(message, data);
}

WCHAR **shell_command_line_to_argv(const WCHAR *cmdline, int *argc)
{
    return shell_function((void **)&shell.command_line_to_argv) ? shell.command_line_to_argv(cmdline, argc)
                                                                : NULL;
}
