/*
 * String conversions between BSTR (UTF-16) and the core's UTF-8.
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

#include <limits.h>

#include "msgsc_private.h"

/* Reads up to the first NUL, not SysStringLen: C clients of the original
 * commonly pass wide literals (L"...") where a BSTR is due, and the length
 * prefix in front of those is garbage.  The cost is that a real BSTR with
 * an embedded NUL is cut there (docs/behaviour.md). */
char *utf8_from_bstr(BSTR str)
{
    size_t length = str ? wcslen(str) : 0;
    char *out;
    int size = 0;

    if (length > INT_MAX) return NULL;
    /* The explicit length (not -1) keeps the NUL out of the count. */
    if (length && (size = WideCharToMultiByte(CP_UTF8, 0, str, (int)length, NULL, 0, NULL, NULL)) <= 0)
        return NULL;
    if (!(out = malloc((size_t)size + 1))) return NULL;
    if (size) WideCharToMultiByte(CP_UTF8, 0, str, (int)length, out, size, NULL, NULL);
    out[size] = 0;
    return out;
}

BSTR bstr_from_utf8(const char *str)
{
    int length;
    BSTR out;

    if (!str) str = "";
    /* The count includes the terminating NUL; invalid sequences become U+FFFD. */
    if ((length = MultiByteToWideChar(CP_UTF8, 0, str, -1, NULL, 0)) <= 0) return NULL;
    if (!(out = SysAllocStringLen(NULL, length - 1))) return NULL;
    MultiByteToWideChar(CP_UTF8, 0, str, -1, out, length);
    return out;
}

void utf8_from_guid(const GUID *guid, char out[CORE_GUID_CHARS + 1])
{
    WCHAR text[CORE_GUID_CHARS + 1];
    unsigned int i;

    StringFromGUID2(guid, text, ARRAY_SIZE(text));
    /* StringFromGUID2 writes only ASCII: braces, dashes and upper-case hex. */
    for (i = 0; i < CORE_GUID_CHARS; i++)
        out[i] = (char)text[i];
    out[CORE_GUID_CHARS] = 0;
}
