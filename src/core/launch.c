/*
 * The command line that launches a registered application (spec 4.3).
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

#include <stdio.h>
#include <string.h>

#include "launch.h"

static enum core_status copy_span(char *out, size_t size, const char *text, size_t len)
{
    if (len >= size) return CORE_E_TOO_LONG;
    memcpy(out, text, len);
    out[len] = 0;
    return CORE_OK;
}

/* command = "program" + rest. */
static enum core_status quote_program(char *command, size_t size, const char *program, const char *rest)
{
    int len = snprintf(command, size, "\"%s\"%s", program, rest);

    return len < 0 || (size_t)len >= size ? CORE_E_TOO_LONG : CORE_OK;
}

enum core_status launch_command(const char *path, launch_is_file is_file, void *ctx, char *command,
                                size_t command_size, char *program, size_t program_size)
{
    size_t len = strlen(path), i;
    enum core_status status;

    if (!len) return CORE_E_INVALIDARG;
    if (is_file(ctx, path))
    {
        if ((status = copy_span(program, program_size, path, len)) < 0) return status;
        if (!strchr(path, ' ')) return copy_span(command, command_size, path, len);
        return quote_program(command, command_size, path, "");
    }
    if (path[0] == '"')
    {
        const char *end = strchr(path + 1, '"');

        if (!end) return CORE_E_INVALIDARG;
        if ((status = copy_span(program, program_size, path + 1, end - path - 1)) < 0) return status;
        return copy_span(command, command_size, path, len);
    }
    for (i = 1; i < len; i++)
    {
        if (path[i] != ' ') continue;
        if ((status = copy_span(program, program_size, path, i)) < 0) return status;
        if (is_file(ctx, program)) return quote_program(command, command_size, program, path + i);
    }
    i = strcspn(path, " ");
    if ((status = copy_span(program, program_size, path, i)) < 0) return status;
    return copy_span(command, command_size, path, len);
}

enum core_status launch_directory(const char *program, char *directory, size_t size)
{
    const char *slash = strrchr(program, '\\'), *other = strrchr(program, '/');

    if (other > slash) slash = other;
    return copy_span(directory, size, program, slash ? (size_t)(slash - program) : 0);
}
