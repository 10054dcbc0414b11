/*
 * The local channel between msgsc.dll and the per-user broker: records by value.
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

#ifndef MSGSC_CORE_IPC_H
#define MSGSC_CORE_IPC_H

#include <stddef.h>
#include <stdint.h>

#include "service.h"

/* Every record is a 32-bit little-endian length of the body, then the body:
 * one kind byte and the kind's fields.  Integers are little-endian, strings
 * a 32-bit length and UTF-8 bytes without NUL.  The same service requests,
 * replies and events that the in-process service uses travel by value, so
 * the broker runs the unchanged service behind them (docs/broker.md). */

#define IPC_VERSION     2
#define IPC_HEADER_SIZE 4
/* No record comes near this: its strings are bounded by the limits of
 * text.h or come from one wire payload (WIRE_PAYLOAD_MAX bytes).  Anything
 * longer is a broken peer. */
#define IPC_MAX_BODY 16384

enum ipc_kind
{
    IPC_HELLO = 1,   /* both ways: version, process id */
    IPC_REQUEST,     /* to the broker: a service_request */
    IPC_REPLY,       /* to the client: a service_reply, with its snapshot for SERVICE_OP_SNAPSHOT */
    IPC_EVENT,       /* to the client: a session event */
    IPC_INVITATION,  /* to the client: a new invitee session; the client owns one reference */
    IPC_APP_CHANGED, /* to the client: an application was registered or unregistered */
};

struct ipc_buffer
{
    unsigned char *data;
    size_t len;
    size_t cap;
};

void ipc_buffer_free(struct ipc_buffer *buffer);

/* Each appends one complete record; CORE_E_OUTOFMEMORY, or CORE_E_TOO_LONG
 * when the record would exceed IPC_MAX_BODY (nothing is appended then). */
enum core_status ipc_put_hello(struct ipc_buffer *buffer, uint32_t version, uint32_t process_id);
enum core_status ipc_put_request(struct ipc_buffer *buffer, const struct service_request *request);
enum core_status ipc_put_reply(struct ipc_buffer *buffer, const struct service_reply *reply,
                               int with_snapshot);
enum core_status ipc_put_event(struct ipc_buffer *buffer, uint64_t session, const struct core_event *event);
enum core_status ipc_put_invitation(struct ipc_buffer *buffer, uint64_t session, const char *data);
enum core_status ipc_put_app_changed(struct ipc_buffer *buffer, const char *guid, int registered);

/* The body length announced by the header at data (len >= IPC_HEADER_SIZE);
 * CORE_E_PROTOCOL_ERROR for an empty or over-long body. */
enum core_status ipc_body_length(const unsigned char *data, size_t *body_len);

/* A decoded record.  Strings are copies owned by the record (never NULL
 * once decoded); release them with ipc_record_clear. */
struct ipc_record
{
    enum ipc_kind kind;
    uint32_t version, process_id;   /* IPC_HELLO */
    struct service_request request; /* IPC_REQUEST */
    struct service_reply reply;     /* IPC_REPLY */
    int has_snapshot;               /* IPC_REPLY */
    uint64_t session;               /* IPC_EVENT, IPC_INVITATION */
    struct core_event event;        /* IPC_EVENT */
    const char *text;               /* IPC_INVITATION data, IPC_APP_CHANGED GUID */
    int registered;                 /* IPC_APP_CHANGED */
    char *strings[3];
};

/* Decodes one body.  CORE_E_PROTOCOL_ERROR for anything malformed
 * (unknown kind, short or trailing bytes, invalid UTF-8, bad enum values). */
enum core_status ipc_decode(const unsigned char *body, size_t len, struct ipc_record *record);
void ipc_record_clear(struct ipc_record *record);

#endif
