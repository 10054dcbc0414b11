/*
 * Tracing in Wine's vocabulary, without Wine's ntdll (the DLL also runs on Windows).
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

#ifndef MSGSC_DEBUG_H
#define MSGSC_DEBUG_H

#include <stdio.h>

#include <windows.h>
#include <oleauto.h>

/* Set MSGSC_DEBUG=trace (or warn, fixme, err; default err,fixme) to see
 * messages on stderr, prefixed with the thread id and the function. */
enum debug_class
{
    DEBUG_ERR = 1,
    DEBUG_FIXME = 2,
    DEBUG_WARN = 4,
    DEBUG_TRACE = 8
};

int debug_enabled(enum debug_class cls);
void debug_set_output(FILE *file);
void debug_printf(enum debug_class cls, const char *function, const char *format, ...)
    __attribute__((format(printf, 3, 4)));
/* Returns a string valid until a few more calls on this thread. */
const char *debugstr_w(const WCHAR *str);
const char *debugstr_guid(const GUID *guid);
const char *debugstr_variant(const VARIANT *v);

#define MSGSC_DEBUG_(cls, ...)                                                                               \
    do                                                                                                       \
    {                                                                                                        \
        if (debug_enabled(cls)) debug_printf(cls, __func__, __VA_ARGS__);                                    \
    } while (0)
#define TRACE(...) MSGSC_DEBUG_(DEBUG_TRACE, __VA_ARGS__)
#define WARN(...)  MSGSC_DEBUG_(DEBUG_WARN, __VA_ARGS__)
#define FIXME(...) MSGSC_DEBUG_(DEBUG_FIXME, __VA_ARGS__)
#define ERR(...)   MSGSC_DEBUG_(DEBUG_ERR, __VA_ARGS__)

#endif
