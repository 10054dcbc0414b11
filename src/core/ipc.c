/*
 * The local channel's record codec (portable).
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

#include <stdlib.h>
#include <string.h>

#include "ipc.h"

void ipc_buffer_free(struct ipc_buffer *buffer)
{
    free(buffer->data);
    memset(buffer, 0, sizeof(*buffer));
}

/* A record being written: where it starts, and whether it still fits. */
struct writer
{
    struct ipc_buffer *buffer;
    size_t start;
    enum core_status status;
};

static void put_bytes(struct writer *writer, const void *bytes, size_t len)
{
    struct ipc_buffer *buffer = writer->buffer;

    if (writer->status < 0 || !len) return;
    if (buffer->len - writer->start + len > IPC_HEADER_SIZE + IPC_MAX_BODY)
    {
        writer->status = CORE_E_TOO_LONG;
        return;
    }
    if (buffer->len + len > buffer->cap)
    {
        size_t cap = buffer->cap ? buffer->cap : 256;
        unsigned char *data;

        while (cap < buffer->len + len)
            cap *= 2;
        if (!(data = realloc(buffer->data, cap)))
        {
            writer->status = CORE_E_OUTOFMEMORY;
            return;
        }
        buffer->data = data;
        buffer->cap = cap;
    }
    memcpy(buffer->data + buffer->len, bytes, len);
    buffer->len += len;
}

static void put_u32(struct writer *writer, uint32_t value)
{
    unsigned char bytes[4] = {value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff, value >> 24};

    put_bytes(writer, bytes, sizeof(bytes));
}

static void put_u64(struct writer *writer, uint64_t value)
{
    put_u32(writer, (uint32_t)value);
    put_u32(writer, (uint32_t)(value >> 32));
}

static void put_u8(struct writer *writer, unsigned char value)
{
    put_bytes(writer, &value, 1);
}

static void put_string(struct writer *writer, const char *text)
{
    size_t len = text ? strlen(text) : 0;

    if (len > IPC_MAX_BODY)
    {
        if (writer->status >= 0) writer->status = CORE_E_TOO_LONG;
        return;
    }
    put_u32(writer, (uint32_t)len);
    put_bytes(writer, text, len);
}

static struct writer begin_record(struct ipc_buffer *buffer, enum ipc_kind kind)
{
    struct writer writer = {buffer, buffer->len, CORE_OK};

    put_u32(&writer, 0); /* the length, patched by end_record */
    put_u8(&writer, (unsigned char)kind);
    return writer;
}

static enum core_status end_record(struct writer *writer)
{
    struct ipc_buffer *buffer = writer->buffer;
    uint32_t body;

    if (writer->status < 0)
    {
        buffer->len = writer->start;
        return writer->status;
    }
    body = (uint32_t)(buffer->len - writer->start - IPC_HEADER_SIZE);
    buffer->data[writer->start] = body & 0xff;
    buffer->data[writer->start + 1] = (body >> 8) & 0xff;
    buffer->data[writer->start + 2] = (body >> 16) & 0xff;
    buffer->data[writer->start + 3] = body >> 24;
    return CORE_OK;
}

enum core_status ipc_put_hello(struct ipc_buffer *buffer, uint32_t version, uint32_t process_id)
{
    struct writer writer = begin_record(buffer, IPC_HELLO);

    put_u32(&writer, version);
    put_u32(&writer, process_id);
    return end_record(&writer);
}

enum core_status ipc_put_request(struct ipc_buffer *buffer, const struct service_request *request)
{
    struct writer writer = begin_record(buffer, IPC_REQUEST);

    put_u32(&writer, (uint32_t)request->op);
    put_u64(&writer, request->session);
    put_u32(&writer, (uint32_t)request->number);
    put_string(&writer, request->text);
    put_string(&writer, request->data);
    return end_record(&writer);
}

enum core_status ipc_put_reply(struct ipc_buffer *buffer, const struct service_reply *reply,
                               int with_snapshot)
{
    const struct service_snapshot *snapshot = &reply->snapshot;
    struct writer writer = begin_record(buffer, IPC_REPLY);

    put_u32(&writer, (uint32_t)reply->status);
    put_u64(&writer, reply->session);
    with_snapshot = with_snapshot && reply->status >= 0;
    put_u8(&writer, with_snapshot != 0);
    if (with_snapshot)
    {
#define PUT_STATE(name)  put_u32(&writer, (uint32_t)snapshot->name);
#define PUT_FLAGS(name)  put_u32(&writer, snapshot->name);
#define PUT_STATUS(name) put_u32(&writer, (uint32_t)snapshot->name);
#define PUT_STRING(name) put_string(&writer, snapshot->name);
#define XX(kind, name)   PUT_##kind(name)
        SERVICE_SNAPSHOT_FIELDS(XX)
#undef XX
    }
    return end_record(&writer);
}

enum core_status ipc_put_event(struct ipc_buffer *buffer, uint64_t session, const struct core_event *event)
{
    struct writer writer = begin_record(buffer, IPC_EVENT);

    put_u64(&writer, session);
    put_u32(&writer, event->type);
    put_u32(&writer, event->prev_state);
    put_u32(&writer, event->state);
    put_u32(&writer, (uint32_t)event->reason);
    put_u32(&writer, (uint32_t)event->peer_hr);
    put_string(&writer, event->data);
    put_string(&writer, event->app_name);
    put_string(&writer, event->app_url);
    return end_record(&writer);
}

enum core_status ipc_put_invitation(struct ipc_buffer *buffer, uint64_t session, const char *data)
{
    struct writer writer = begin_record(buffer, IPC_INVITATION);

    put_u64(&writer, session);
    put_string(&writer, data);
    return end_record(&writer);
}

enum core_status ipc_put_app_changed(struct ipc_buffer *buffer, const char *guid, int registered)
{
    struct writer writer = begin_record(buffer, IPC_APP_CHANGED);

    put_string(&writer, guid);
    put_u8(&writer, registered != 0);
    return end_record(&writer);
}

enum core_status ipc_body_length(const unsigned char *data, size_t *body_len)
{
    uint32_t len = data[0] | (uint32_t)data[1] << 8 | (uint32_t)data[2] << 16 | (uint32_t)data[3] << 24;

    if (!len || len > IPC_MAX_BODY) return CORE_E_PROTOCOL_ERROR;
    *body_len = len;
    return CORE_OK;
}

/* A body being read; any overrun marks it failed and reads give zeros. */
struct reader
{
    const unsigned char *data;
    size_t len;
    size_t pos;
    int failed;
};

static const unsigned char *get_bytes(struct reader *reader, size_t len)
{
    const unsigned char *bytes;

    if (reader->failed || reader->len - reader->pos < len)
    {
        reader->failed = 1;
        return NULL;
    }
    bytes = reader->data + reader->pos;
    reader->pos += len;
    return bytes;
}

static uint32_t get_u32(struct reader *reader)
{
    const unsigned char *b = get_bytes(reader, 4);

    return b ? b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24 : 0;
}

static uint64_t get_u64(struct reader *reader)
{
    uint64_t low = get_u32(reader);

    return low | (uint64_t)get_u32(reader) << 32;
}

static unsigned char get_u8(struct reader *reader)
{
    const unsigned char *b = get_bytes(reader, 1);

    return b ? b[0] : 0;
}

/* A malloc'd, NUL-terminated, valid UTF-8 copy; NULL on failure (and the
 * reader is marked failed). */
static char *get_string(struct reader *reader)
{
    uint32_t len = get_u32(reader);
    const unsigned char *bytes = get_bytes(reader, len);
    char *copy;

    if (!bytes || memchr(bytes, 0, len) || !(copy = malloc((size_t)len + 1)))
    {
        reader->failed = 1;
        return NULL;
    }
    memcpy(copy, bytes, len);
    copy[len] = 0;
    if (!core_utf8_valid(copy))
    {
        free(copy);
        reader->failed = 1;
        return NULL;
    }
    return copy;
}

/* Keeps a decoded string in the record (freed by ipc_record_clear). */
static const char *keep_string(struct reader *reader, struct ipc_record *record, unsigned int index)
{
    record->strings[index] = get_string(reader);
    return record->strings[index];
}

static int valid_state(uint32_t state)
{
    return state <= CORE_STATE_FALLBACK_INVITEE;
}

static enum core_state get_state(struct reader *reader)
{
    uint32_t state = get_u32(reader);

    if (!valid_state(state)) reader->failed = 1;
    return (enum core_state)state;
}

static enum core_status get_status(struct reader *reader)
{
    return (enum core_status)(int32_t)get_u32(reader);
}

static void decode_snapshot(struct reader *reader, struct service_snapshot *snapshot)
{
#define GET_STATE(name)  snapshot->name = get_state(reader);
#define GET_FLAGS(name)  snapshot->name = get_u32(reader);
#define GET_STATUS(name) snapshot->name = get_status(reader);
#define GET_STRING(name) snapshot->name = get_string(reader);
#define XX(kind, name)   GET_##kind(name)
    SERVICE_SNAPSHOT_FIELDS(XX)
#undef XX
}

enum core_status ipc_decode(const unsigned char *body, size_t len, struct ipc_record *record)
{
    struct reader reader = {body, len, 0, 0};
    uint32_t value;

    memset(record, 0, sizeof(*record));
    record->kind = (enum ipc_kind)get_u8(&reader);
    switch (record->kind)
    {
    case IPC_HELLO:
        record->version = get_u32(&reader);
        record->process_id = get_u32(&reader);
        break;
    case IPC_REQUEST:
        value = get_u32(&reader);
        if (value >= SERVICE_OP_COUNT) reader.failed = 1;
        record->request.op = (enum service_op)value;
        record->request.session = get_u64(&reader);
        record->request.number = (int32_t)get_u32(&reader);
        record->request.text = keep_string(&reader, record, 0);
        record->request.data = keep_string(&reader, record, 1);
        break;
    case IPC_REPLY:
        record->reply.status = get_status(&reader);
        record->reply.session = get_u64(&reader);
        if ((record->has_snapshot = get_u8(&reader))) decode_snapshot(&reader, &record->reply.snapshot);
        break;
    case IPC_EVENT:
        record->session = get_u64(&reader);
        value = get_u32(&reader);
        if (value > CORE_EVENT_SEND_ERROR) reader.failed = 1;
        record->event.type = (enum core_event_type)value;
        record->event.prev_state = get_state(&reader);
        record->event.state = get_state(&reader);
        record->event.reason = get_status(&reader);
        record->event.peer_hr = (int32_t)get_u32(&reader);
        record->event.data = keep_string(&reader, record, 0);
        record->event.app_name = keep_string(&reader, record, 1);
        record->event.app_url = keep_string(&reader, record, 2);
        break;
    case IPC_INVITATION:
        record->session = get_u64(&reader);
        record->text = keep_string(&reader, record, 0);
        break;
    case IPC_APP_CHANGED:
        record->text = keep_string(&reader, record, 0);
        record->registered = get_u8(&reader) != 0;
        break;
    default: reader.failed = 1; break;
    }
    if (reader.failed || reader.pos != len)
    {
        ipc_record_clear(record);
        return CORE_E_PROTOCOL_ERROR;
    }
    return CORE_OK;
}

void ipc_record_clear(struct ipc_record *record)
{
    unsigned int i;

    for (i = 0; i < sizeof(record->strings) / sizeof(record->strings[0]); i++)
        free(record->strings[i]);
    service_reply_clear(&record->reply);
    memset(record, 0, sizeof(*record));
}
