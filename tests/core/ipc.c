/*
 * Native tests of the local channel's record codec.
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

#include "core/ipc.h"
#include "coretest.h"

/* Decodes the one record in buffer, checking its header first. */
static enum core_status decode_one(const struct ipc_buffer *buffer, struct ipc_record *record)
{
    size_t body_len = 0;

    ok(buffer->len > IPC_HEADER_SIZE, "record of %zu bytes\n", buffer->len);
    ok_status(ipc_body_length(buffer->data, &body_len), CORE_OK);
    ok(body_len == buffer->len - IPC_HEADER_SIZE, "body length %zu of %zu\n", body_len, buffer->len);
    return ipc_decode(buffer->data + IPC_HEADER_SIZE, body_len, record);
}

static void test_request(void)
{
    struct service_request request = {SERVICE_OP_CANCEL, 0x123456789abcdef0ull, -2130704887, "t\xc3\xa9xt",
                                      NULL};
    struct ipc_buffer buffer = {0};
    struct ipc_record record;

    ok_status(ipc_put_request(&buffer, &request), CORE_OK);
    ok_status(decode_one(&buffer, &record), CORE_OK);
    ok_int(record.kind, IPC_REQUEST);
    ok_int(record.request.op, SERVICE_OP_CANCEL);
    ok_int(record.request.session, 0x123456789abcdef0ull);
    ok(record.request.number == -2130704887, "number %d\n", record.request.number);
    ok_str(record.request.text, "t\xc3\xa9xt");
    ok_str(record.request.data, "");
    ipc_record_clear(&record);
    ipc_buffer_free(&buffer);
}

static void test_reply(void)
{
    struct service_reply reply = {0};
    struct service_snapshot *snapshot = &reply.snapshot;
    struct ipc_buffer buffer = {0};
    struct ipc_record record;

    reply.status = CORE_S_FALSE;
    reply.session = 42;
    snapshot->state = CORE_STATE_CONNECTED;
    snapshot->flags = CORE_FLAG_INVITEE;
    snapshot->session_id = "{6B1E2C4A-90D3-4F7B-A5E2-1C3D9F00B7A1}";
    snapshot->local_address = "127.0.0.1";
    snapshot->application_status = CORE_OK;
    snapshot->application = "{8E3B7A52-1C2D-4E5F-9A6B-7C8D9E0F1A2B}";
    snapshot->app_name = "Chess";
    snapshot->app_url = "";
    snapshot->remote_address_status = CORE_S_FALSE;
    snapshot->remote_address = "";
    snapshot->context_data_status = CORE_OK;
    snapshot->context_data = "board";
    snapshot->user_status = CORE_E_NO_USER_INVITED;
    snapshot->user = "bob@example.org";

    ok_status(ipc_put_reply(&buffer, &reply, 1), CORE_OK);
    ok_status(decode_one(&buffer, &record), CORE_OK);
    ok_int(record.kind, IPC_REPLY);
    ok(record.has_snapshot, "no snapshot\n");
    ok_status(record.reply.status, CORE_S_FALSE);
    ok_int(record.reply.session, 42);
    ok_int(record.reply.snapshot.state, CORE_STATE_CONNECTED);
    ok_int(record.reply.snapshot.flags, CORE_FLAG_INVITEE);
    ok_str(record.reply.snapshot.session_id, snapshot->session_id);
    ok_str(record.reply.snapshot.app_name, "Chess");
    ok_status(record.reply.snapshot.remote_address_status, CORE_S_FALSE);
    ok_status(record.reply.snapshot.user_status, CORE_E_NO_USER_INVITED);
    ok_str(record.reply.snapshot.user, "bob@example.org");
    ipc_record_clear(&record);
    ipc_buffer_free(&buffer);

    /* Each string with the status its getter returns. */
    {
        static const struct
        {
            enum service_snapshot_string which;
            enum core_status status;
            const char *value;
        } strings[] = {
            {SERVICE_STRING_session_id, CORE_OK, "{6B1E2C4A-90D3-4F7B-A5E2-1C3D9F00B7A1}"},
            {SERVICE_STRING_local_address, CORE_OK, "127.0.0.1"},
            {SERVICE_STRING_application, CORE_OK, "{8E3B7A52-1C2D-4E5F-9A6B-7C8D9E0F1A2B}"},
            {SERVICE_STRING_app_name, CORE_OK, "Chess"},
            {SERVICE_STRING_app_url, CORE_OK, ""},
            {SERVICE_STRING_remote_address, CORE_S_FALSE, ""},
            {SERVICE_STRING_context_data, CORE_OK, "board"},
            {SERVICE_STRING_user, CORE_E_NO_USER_INVITED, "bob@example.org"},
        };
        struct service_snapshot empty = {0};
        const char *value;
        unsigned int i;

        ok_int(SERVICE_STRING_COUNT, sizeof(strings) / sizeof(strings[0]));
        for (i = 0; i < sizeof(strings) / sizeof(strings[0]); i++)
        {
            enum core_status status = service_snapshot_string(snapshot, strings[i].which, &value);

            ok(status == strings[i].status && !strcmp(value, strings[i].value),
               "string %u: %s, %s, expected %s, %s\n", i, core_status_name(status), value,
               core_status_name(strings[i].status), strings[i].value);
        }
        snapshot->application_status = CORE_E_APP_NOT_SPECIFIED;
        ok_status(service_snapshot_string(snapshot, SERVICE_STRING_app_url, &value),
                  CORE_E_APP_NOT_SPECIFIED);
        ok_status(service_snapshot_string(snapshot, SERVICE_STRING_local_address, &value), CORE_OK);
        snapshot->application_status = CORE_OK;
        ok_status(service_snapshot_string(snapshot, SERVICE_STRING_COUNT, &value), CORE_E_INVALIDARG);
        ok_str(value, "");
        ok_status(service_snapshot_string(&empty, SERVICE_STRING_user, &value), CORE_OK);
        ok_str(value, "");
    }

    /* A failed reply never carries a snapshot. */
    reply.status = CORE_E_NOT_FOUND;
    ok_status(ipc_put_reply(&buffer, &reply, 1), CORE_OK);
    ok_status(decode_one(&buffer, &record), CORE_OK);
    ok_int(record.has_snapshot, 0);
    ok_status(record.reply.status, CORE_E_NOT_FOUND);
    ipc_record_clear(&record);
    ipc_buffer_free(&buffer);
}

/* The snapshot's bytes on the pipe, spelled out independently of
 * SERVICE_SNAPSHOT_FIELDS: both ends of a pipe may be different builds. */
static void put_le(unsigned char **p, uint64_t value, unsigned int bytes)
{
    while (bytes--)
    {
        *(*p)++ = value & 0xff;
        value >>= 8;
    }
}

static void put_text(unsigned char **p, const char *text)
{
    put_le(p, strlen(text), 4);
    memcpy(*p, text, strlen(text));
    *p += strlen(text);
}

static void test_reply_bytes(void)
{
    struct service_reply reply = {0};
    struct service_snapshot *snapshot = &reply.snapshot;
    unsigned char expected[256], *p = expected + 4;
    struct ipc_buffer buffer = {0};
    size_t i;

    reply.status = CORE_OK;
    reply.session = 0x0102030405060708ull;
    snapshot->state = CORE_STATE_INVITATION;
    snapshot->flags = CORE_FLAG_INVITER;
    snapshot->session_id = "s";
    snapshot->local_address = "l";
    snapshot->application_status = CORE_E_APP_NOT_SPECIFIED;
    snapshot->application = "a";
    snapshot->app_name = "n";
    snapshot->app_url = "";
    snapshot->remote_address_status = CORE_S_FALSE;
    snapshot->remote_address = "r";
    snapshot->context_data_status = CORE_OK;
    snapshot->context_data = "c";
    snapshot->user_status = CORE_E_NO_USER_INVITED;
    snapshot->user = "u";

    *p++ = IPC_REPLY;
    put_le(&p, CORE_OK, 4);
    put_le(&p, 0x0102030405060708ull, 8);
    *p++ = 1;
    put_le(&p, CORE_STATE_INVITATION, 4);
    put_le(&p, CORE_FLAG_INVITER, 4);
    put_text(&p, "s");
    put_text(&p, "l");
    put_le(&p, (uint32_t)CORE_E_APP_NOT_SPECIFIED, 4);
    put_text(&p, "a");
    put_text(&p, "n");
    put_text(&p, "");
    put_le(&p, CORE_S_FALSE, 4);
    put_text(&p, "r");
    put_le(&p, CORE_OK, 4);
    put_text(&p, "c");
    put_le(&p, (uint32_t)CORE_E_NO_USER_INVITED, 4);
    put_text(&p, "u");
    {
        unsigned char *header = expected;

        put_le(&header, (uint64_t)(p - expected - 4), 4);
    }

    ok_status(ipc_put_reply(&buffer, &reply, 1), CORE_OK);
    ok(buffer.len == (size_t)(p - expected), "%zu bytes, expected %zu\n", buffer.len, (size_t)(p - expected));
    for (i = 0; i < buffer.len && i < (size_t)(p - expected); i++)
        if (buffer.data[i] != expected[i]) break;
    ok(buffer.len == (size_t)(p - expected) && i == buffer.len, "byte %zu is %#x, expected %#x\n", i,
       i < buffer.len ? buffer.data[i] : 0, i < (size_t)(p - expected) ? expected[i] : 0);
    ipc_buffer_free(&buffer);
}

static void test_events(void)
{
    struct core_event event = {
        CORE_EVENT_TERMINATION, CORE_STATE_INVITATION, CORE_E_PEER_HRESULT, -5, "bye", "", "",
        CORE_STATE_CANCELLED};
    struct ipc_buffer buffer = {0};
    struct ipc_record record;
    size_t first;

    ok_status(ipc_put_event(&buffer, 7, &event), CORE_OK);
    first = buffer.len;
    ok_status(ipc_put_invitation(&buffer, 8, "hello"), CORE_OK);
    ok_status(ipc_put_app_changed(&buffer, "{8E3B7A52-1C2D-4E5F-9A6B-7C8D9E0F1A2B}", 1), CORE_OK);

    ok_status(ipc_decode(buffer.data + IPC_HEADER_SIZE, first - IPC_HEADER_SIZE, &record), CORE_OK);
    ok_int(record.session, 7);
    ok_int(record.event.type, CORE_EVENT_TERMINATION);
    ok_int(record.event.prev_state, CORE_STATE_INVITATION);
    ok_int(record.event.state, CORE_STATE_CANCELLED);
    ok_status(record.event.reason, CORE_E_PEER_HRESULT);
    ok_int(record.event.peer_hr, -5);
    ok_str(record.event.data, "bye");
    ipc_record_clear(&record);

    /* Records follow each other in one stream. */
    {
        size_t len;

        ok_status(ipc_body_length(buffer.data + first, &len), CORE_OK);
        ok_status(ipc_decode(buffer.data + first + IPC_HEADER_SIZE, len, &record), CORE_OK);
        ok_int(record.kind, IPC_INVITATION);
        ok_int(record.session, 8);
        ok_str(record.text, "hello");
        ipc_record_clear(&record);
        first += IPC_HEADER_SIZE + len;
        ok_status(ipc_body_length(buffer.data + first, &len), CORE_OK);
        ok_status(ipc_decode(buffer.data + first + IPC_HEADER_SIZE, len, &record), CORE_OK);
        ok_int(record.kind, IPC_APP_CHANGED);
        ok(record.registered, "not registered\n");
        ipc_record_clear(&record);
        ok_int(first + IPC_HEADER_SIZE + len, buffer.len); /* three records fill the buffer */
    }
    ipc_buffer_free(&buffer);
}

static void test_malformed(void)
{
    struct service_request request = {SERVICE_OP_INVITE, 1, 0, "bob@example.org", "data"};
    static const unsigned char zero[4], huge[4] = {0xff, 0xff, 0xff, 0x7f};
    struct ipc_buffer buffer = {0};
    struct ipc_record record;
    unsigned char *body;
    size_t body_len, i;
    enum core_status status;
    char *text;

    ok_status(ipc_body_length(zero, &body_len), CORE_E_PROTOCOL_ERROR);
    ok_status(ipc_body_length(huge, &body_len), CORE_E_PROTOCOL_ERROR);

    ipc_put_request(&buffer, &request);
    body = buffer.data + IPC_HEADER_SIZE;
    body_len = buffer.len - IPC_HEADER_SIZE;
    /* Every truncation fails cleanly (ASan watches the reads). */
    for (i = 0; i < body_len; i++)
    {
        unsigned char *copy = malloc(i ? i : 1);

        if (i) memcpy(copy, body, i);
        status = ipc_decode(copy, i, &record);
        ok(status == CORE_E_PROTOCOL_ERROR, "truncated to %zu: %s\n", i, core_status_name(status));
        free(copy);
    }
    body[0] = 99;
    ok_status(ipc_decode(body, body_len, &record), CORE_E_PROTOCOL_ERROR);
    body[0] = IPC_REQUEST;
    body[1] = SERVICE_OP_COUNT;
    ok_status(ipc_decode(body, body_len, &record), CORE_E_PROTOCOL_ERROR);
    body[1] = SERVICE_OP_INVITE;
    body[body_len - 1] = 0xff;
    ok_status(ipc_decode(body, body_len, &record), CORE_E_PROTOCOL_ERROR);
    body[body_len - 1] = 0;
    ok_status(ipc_decode(body, body_len, &record), CORE_E_PROTOCOL_ERROR);
    ipc_buffer_free(&buffer);

    /* Too long to encode: nothing is appended. */
    text = malloc(IPC_MAX_BODY + 2);
    memset(text, 'a', IPC_MAX_BODY + 1);
    text[IPC_MAX_BODY + 1] = 0;
    request.data = text;
    ok_status(ipc_put_request(&buffer, &request), CORE_E_TOO_LONG);
    ok_int(buffer.len, 0);
    free(text);
    ipc_buffer_free(&buffer);
}

int main(void)
{
    test_request();
    test_reply();
    test_reply_bytes();
    test_events();
    test_malformed();
    return test_summary();
}
