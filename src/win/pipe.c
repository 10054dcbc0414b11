/*
 * The local channel's pipe: its name, and records framed over overlapped I/O.
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
#include "pipe.h"

void pipe_name(const char *signin, WCHAR *out, size_t size)
{
    WCHAR user[128];
    DWORD user_len = ARRAY_SIZE(user);
    unsigned int i;

    if (!GetUserNameW(user, &user_len)) lstrcpyW(user, L"user");
    /* One broker per Windows user and identity; pipe names allow any
     * character but backslash. */
    swprintf(out, size, L"\\\\.\\pipe\\msgsc-broker-%ls-%hs", user, signin);
    for (i = 9; out[i]; i++)
        if (out[i] == '\\') out[i] = '_';
}

/* Reads or writes exactly len bytes on an overlapped pipe handle, waiting
 * at most timeout milliseconds for each part (INFINITE for reads). */
BOOL pipe_transfer(HANDLE pipe, HANDLE event, void *buffer, DWORD len, BOOL write, DWORD timeout)
{
    while (len)
    {
        OVERLAPPED overlapped = {0};
        DWORD done = 0;
        BOOL ok;

        overlapped.hEvent = event;
        ok = write ? WriteFile(pipe, buffer, len, NULL, &overlapped)
                   : ReadFile(pipe, buffer, len, NULL, &overlapped);
        if (!ok && GetLastError() != ERROR_IO_PENDING) return FALSE;
        /* Most transfers complete at once: only a pending one is waited for. */
        if (!ok && WaitForSingleObject(event, timeout))
        {
            CancelIoEx(pipe, &overlapped);
            GetOverlappedResult(pipe, &overlapped, &done, TRUE);
            return FALSE;
        }
        if (!GetOverlappedResult(pipe, &overlapped, &done, FALSE) || !done) return FALSE;
        buffer = (char *)buffer + done;
        len -= done;
    }
    return TRUE;
}

BOOL pipe_read_record(HANDLE pipe, HANDLE event, struct pipe_reader *reader, const unsigned char **body,
                      size_t *len)
{
    for (;;)
    {
        size_t available = reader->len - reader->pos, body_len;
        OVERLAPPED overlapped = {0};
        DWORD done = 0;

        if (available >= IPC_HEADER_SIZE)
        {
            if (ipc_body_length(reader->data + reader->pos, &body_len) < 0) return FALSE;
            if (available >= IPC_HEADER_SIZE + body_len)
            {
                *body = reader->data + reader->pos + IPC_HEADER_SIZE;
                *len = body_len;
                reader->pos += IPC_HEADER_SIZE + body_len;
                return TRUE;
            }
        }
        memmove(reader->data, reader->data + reader->pos, available);
        reader->len = available;
        reader->pos = 0;
        /* A byte-mode pipe completes a read with what the writer wrote. */
        overlapped.hEvent = event;
        if (!ReadFile(pipe, reader->data + reader->len, (DWORD)(sizeof(reader->data) - reader->len), NULL,
                      &overlapped) &&
            GetLastError() != ERROR_IO_PENDING)
            return FALSE;
        if (!GetOverlappedResult(pipe, &overlapped, &done, TRUE) || !done) return FALSE;
        reader->len += done;
    }
}
