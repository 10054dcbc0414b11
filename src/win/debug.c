/*
 * Tracing: the MSGSC_DEBUG classes, the message prefix and the debugstr helpers.
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

#include "platform.h"

/* -1 until MSGSC_DEBUG was read; the environment is read once. */
static LONG debug_classes = -1;

static const struct
{
    const char *name;
    int mask;
} debug_names[] = {
    {"err", DEBUG_ERR},
    {"fixme", DEBUG_FIXME},
    {"warn", DEBUG_WARN},
    {"trace", DEBUG_TRACE},
    {"all", DEBUG_ERR | DEBUG_FIXME | DEBUG_WARN | DEBUG_TRACE},
};

/* MSGSC_DEBUG is a comma list of class names added to the default
 * (err,fixme); a name prefixed with '-' is removed instead, so
 * "-all" silences everything and "-fixme,trace" swaps the two. */
static int parse_debug_classes(void)
{
    int classes = DEBUG_ERR | DEBUG_FIXME;
    char value[256], *token, *next;
    DWORD length;
    unsigned int i;

    length = GetEnvironmentVariableA("MSGSC_DEBUG", value, sizeof(value));
    if (!length || length >= sizeof(value)) return classes;

    for (token = value; token; token = next)
    {
        BOOL remove = FALSE;

        if ((next = strchr(token, ','))) *next++ = 0;
        if (*token == '-' || *token == '+') remove = *token++ == '-';
        for (i = 0; i < ARRAY_SIZE(debug_names); i++)
        {
            if (_stricmp(token, debug_names[i].name)) continue;
            if (remove)
                classes &= ~debug_names[i].mask;
            else
                classes |= debug_names[i].mask;
        }
    }
    return classes;
}

int debug_enabled(enum debug_class cls)
{
    LONG classes = debug_classes;

    /* Two threads may both parse; they store the same value. */
    if (classes < 0) InterlockedExchange(&debug_classes, classes = parse_debug_classes());
    return (classes & cls) != 0;
}

static const char *debug_class_name(enum debug_class cls)
{
    switch (cls)
    {
    case DEBUG_ERR: return "err";
    case DEBUG_FIXME: return "fixme";
    case DEBUG_WARN: return "warn";
    case DEBUG_TRACE: return "trace";
    }
    return "?";
}

/* Where the trace goes: stderr, or the broker's log file (a detached
 * process has no standard error). */
static FILE *debug_output;

void debug_set_output(FILE *file)
{
    debug_output = file;
}

void debug_printf(enum debug_class cls, const char *function, const char *format, ...)
{
    DWORD error = GetLastError();
    char line[1024];
    va_list args;
    int length;

    length = snprintf(line, sizeof(line), "msgsc:%s:%04lx:%s ", debug_class_name(cls), GetCurrentThreadId(),
                      function);
    if (length < 0 || (size_t)length >= sizeof(line)) length = 0;
    va_start(args, format);
    vsnprintf(line + length, sizeof(line) - length, format, args);
    va_end(args);
    /* One write per line, so lines of concurrent threads do not interleave. */
    fputs(line, debug_output ? debug_output : stderr);
    fflush(debug_output ? debug_output : stderr);
    SetLastError(error); /* tracing must not change what the caller sees */
}

/* A few buffers per thread, used in turn: a string stays valid for the
 * next DEBUG_BUFFERS - 1 calls on the same thread, enough for one trace. */
#define DEBUG_BUFFERS     8
#define DEBUG_BUFFER_SIZE 200

static char *debug_buffer(void)
{
    static _Thread_local char buffers[DEBUG_BUFFERS][DEBUG_BUFFER_SIZE];
    static _Thread_local unsigned int next;

    return buffers[next++ % DEBUG_BUFFERS];
}

const char *debugstr_w(const WCHAR *str)
{
    char *buffer, *out, *end;

    if (!str) return "(null)";
    if ((ULONG_PTR)str < 0x10000) return "(invalid)"; /* an integer resource id, not text */

    out = buffer = debug_buffer();
    /* Room for an escape ("\\uXXXX"), the closing quote, "..." and the NUL. */
    end = buffer + DEBUG_BUFFER_SIZE - 12;
    *out++ = 'L';
    *out++ = '"';
    for (; *str && out < end; str++)
    {
        if (*str == '"' || *str == '\\')
        {
            *out++ = '\\';
            *out++ = (char)*str;
        }
        else if (*str >= 0x20 && *str < 0x7f)
            *out++ = (char)*str;
        else if (*str == '\n')
            out += sprintf(out, "\\n");
        else
            out += sprintf(out, "\\u%04x", *str);
    }
    *out++ = '"';
    if (*str) out += sprintf(out, "...");
    *out = 0;
    return buffer;
}

const char *debugstr_guid(const GUID *guid)
{
    char *buffer;

    if (!guid) return "(null)";
    buffer = debug_buffer();
    if ((ULONG_PTR)guid < 0x10000)
        snprintf(buffer, DEBUG_BUFFER_SIZE, "<guid-0x%04x>", (unsigned int)(ULONG_PTR)guid);
    else
        snprintf(buffer, DEBUG_BUFFER_SIZE, "{%08lx-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x}",
                 guid->Data1, guid->Data2, guid->Data3, guid->Data4[0], guid->Data4[1], guid->Data4[2],
                 guid->Data4[3], guid->Data4[4], guid->Data4[5], guid->Data4[6], guid->Data4[7]);
    return buffer;
}

const char *debugstr_variant(const VARIANT *v)
{
    char *buffer;

    if (!v) return "(null)";
    buffer = debug_buffer();
    switch (V_VT(v))
    {
    case VT_EMPTY: return "{VT_EMPTY}";
    case VT_NULL: return "{VT_NULL}";
    case VT_I2: snprintf(buffer, DEBUG_BUFFER_SIZE, "{VT_I2: %d}", V_I2(v)); break;
    case VT_I4: snprintf(buffer, DEBUG_BUFFER_SIZE, "{VT_I4: %ld}", V_I4(v)); break;
    case VT_UI4: snprintf(buffer, DEBUG_BUFFER_SIZE, "{VT_UI4: %lu}", V_UI4(v)); break;
    case VT_INT: snprintf(buffer, DEBUG_BUFFER_SIZE, "{VT_INT: %d}", V_INT(v)); break;
    case VT_ERROR: snprintf(buffer, DEBUG_BUFFER_SIZE, "{VT_ERROR: %#lx}", V_ERROR(v)); break;
    case VT_BOOL: snprintf(buffer, DEBUG_BUFFER_SIZE, "{VT_BOOL: %x}", (unsigned short)V_BOOL(v)); break;
    case VT_BSTR: snprintf(buffer, DEBUG_BUFFER_SIZE, "{VT_BSTR: %s}", debugstr_w(V_BSTR(v))); break;
    case VT_DISPATCH: snprintf(buffer, DEBUG_BUFFER_SIZE, "{VT_DISPATCH: %p}", V_DISPATCH(v)); break;
    case VT_UNKNOWN: snprintf(buffer, DEBUG_BUFFER_SIZE, "{VT_UNKNOWN: %p}", V_UNKNOWN(v)); break;
    default:
        if (V_VT(v) & VT_BYREF)
            snprintf(buffer, DEBUG_BUFFER_SIZE, "{vt %#x: %p}", V_VT(v), V_BYREF(v));
        else
            snprintf(buffer, DEBUG_BUFFER_SIZE, "{vt %#x}", V_VT(v));
        break;
    }
    return buffer;
}
