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

#ifndef MSGSC_WIN_PIPE_H
#define MSGSC_WIN_PIPE_H

#include <windows.h>

#include "core/ipc.h"

/* The pipe of the broker for this Windows user and sign-in name. */
void pipe_name(const char *signin, WCHAR *out, size_t size);

/* Reads or writes exactly len bytes on an overlapped pipe handle (both ends
 * of the local channel), waiting at most timeout ms for each part. */
BOOL pipe_transfer(HANDLE pipe, HANDLE event, void *buffer, DWORD len, BOOL write, DWORD timeout);

/* Reads records from a pipe in bulk: one ReadFile takes whatever is there,
 * often several records, instead of two reads (header, body) for each. */
struct pipe_reader
{
    size_t len, pos;
    unsigned char data[IPC_HEADER_SIZE + IPC_MAX_BODY];
};
/* The next record's body, valid until the next call; FALSE when the pipe
 * broke or announced a malformed length. */
BOOL pipe_read_record(HANDLE pipe, HANDLE event, struct pipe_reader *reader, const unsigned char **body,
                      size_t *len);

#endif
