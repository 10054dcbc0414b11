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
#include "test.h"

/* Decodes the one record in buffer, checking its header first. */
static enum core_status decode_one(const struct ipc_buffer *buffer, struct ipc_record *record)
{
    size_t body_len = 0;

    ok(buffer->len > IPC_HEADER_SIZE, "record of %zu bytes\n", buffer->len);
    ok(ipc_body_length(buffer->data, &body_len) == CORE_OK, "header\n");
    ok(body_len == buffer->len - IPC_HEADER_SIZE, "body length %zu of %zu\n", body_len, buffer->len);
    return ipc_decode(buffer->data + IPC_HEADER_SIZE, body_len, record);
}

static void test_request(void)
{
    struct service_request request = {SERVICE_OP_CANCEL, 0x123456789abcdef0ull, -2130704887, "t\xc3\xa9xt",
                                      NULL};
    struct ipc_buffer buffer = {0};
    struct ipc_record record;

    ok(ipc_put_request(&buffer, &request) == CORE_OK, "put\n");
    ok(decode_one(&buffer, &record) == CORE_OK, "decode\n");
    ok(record.kind == IPC_REQUEST, "kind %d\n", record.kind);
    ok(record.request.op == SERVICE_OP_CANCEL, "op %d\n", record.request.op);
    ok(record.request.session == 0x123456789abcdef0ull, "session\n");
    ok(record.request.number == -2130704887, "number %d\n", record.request.number);
    ok(!strcmp(record.request.text, "t\xc3\xa9xt"), "text %s\n", record.request.text);
    ok(!strcmp(record.request.data, ""), "NULL data travels as \"\"\n");
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

    ok(ipc_put_reply(&buffer, &reply, 1) == CORE_OK, "put\n");
    ok(decode_one(&buffer, &record) == CORE_OK, "decode\n");
    ok(record.kind == IPC_REPLY && record.has_snapshot, "kind %d, snapshot %d\n", record.kind,
       record.has_snapshot);
    ok(record.reply.status == CORE_S_FALSE && record.reply.session == 42, "status %d\n", record.reply.status);
    ok(record.reply.snapshot.state == CORE_STATE_CONNECTED, "state\n");
    ok(record.reply.snapshot.flags == CORE_FLAG_INVITEE, "flags\n");
    ok(!strcmp(record.reply.snapshot.session_id, snapshot->session_id), "session id\n");
    ok(!strcmp(record.reply.snapshot.app_name, "Chess"), "name\n");
    ok(record.reply.snapshot.remote_address_status == CORE_S_FALSE, "remote status\n");
    ok(record.reply.snapshot.user_status == CORE_E_NO_USER_INVITED, "user status\n");
    ok(!strcmp(record.reply.snapshot.user, "bob@example.org"), "user\n");
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

        ok(SERVICE_STRING_COUNT == sizeof(strings) / sizeof(strings[0]), "%u strings\n",
           SERVICE_STRING_COUNT);
        for (i = 0; i < sizeof(strings) / sizeof(strings[0]); i++)
        {
            enum core_status status = service_snapshot_string(snapshot, strings[i].which, &value);

            ok(status == strings[i].status && !strcmp(value, strings[i].value), "string %u: %s, %s\n", i,
               core_status_name(status), value);
        }
        snapshot->application_status = CORE_E_APP_NOT_SPECIFIED;
        ok(service_snapshot_string(snapshot, SERVICE_STRING_app_url, &value) == CORE_E_APP_NOT_SPECIFIED,
           "URL without application\n");
        ok(service_snapshot_string(snapshot, SERVICE_STRING_local_address, &value) == CORE_OK,
           "local address follows the application\n");
        snapshot->application_status = CORE_OK;
        ok(service_snapshot_string(snapshot, SERVICE_STRING_COUNT, &value) == CORE_E_INVALIDARG && !*value,
           "no such string\n");
        ok(service_snapshot_string(&empty, SERVICE_STRING_user, &value) == CORE_OK && !*value,
           "unfilled snapshot\n");
    }

    /* A failed reply never carries a snapshot. */
    reply.status = CORE_E_NOT_FOUND;
    ok(ipc_put_reply(&buffer, &reply, 1) == CORE_OK, "put failure\n");
    ok(decode_one(&buffer, &record) == CORE_OK, "decode failure\n");
    ok(!record.has_snapshot && record.reply.status == CORE_E_NOT_FOUND, "no snapshot\n");
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

    ok(ipc_put_reply(&buffer, &reply, 1) == CORE_OK, "put\n");
    ok(buffer.len == (size_t)(p - expected), "%zu bytes, expected %zu\n", buffer.len, (size_t)(p - expected));
    ok(buffer.len == (size_t)(p - expected) && !memcmp(buffer.data, expected, buffer.len), "bytes differ\n");
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

    ok(ipc_put_event(&buffer, 7, &event) == CORE_OK, "put event\n");
    first = buffer.len;
    ok(ipc_put_invitation(&buffer, 8, "hello") == CORE_OK, "put invitation\n");
    ok(ipc_put_app_changed(&buffer, "{8E3B7A52-1C2D-4E5F-9A6B-7C8D9E0F1A2B}", 1) == CORE_OK, "put app\n");

    ok(ipc_decode(buffer.data + IPC_HEADER_SIZE, first - IPC_HEADER_SIZE, &record) == CORE_OK, "event\n");
    ok(record.session == 7 && record.event.type == CORE_EVENT_TERMINATION, "event type %d\n",
       record.event.type);
    ok(record.event.prev_state == CORE_STATE_INVITATION && record.event.state == CORE_STATE_CANCELLED,
       "states\n");
    ok(record.event.reason == CORE_E_PEER_HRESULT && record.event.peer_hr == -5, "reason\n");
    ok(!strcmp(record.event.data, "bye"), "data\n");
    ipc_record_clear(&record);

    /* Records follow each other in one stream. */
    {
        size_t len;

        ok(ipc_body_length(buffer.data + first, &len) == CORE_OK, "second header\n");
        ok(ipc_decode(buffer.data + first + IPC_HEADER_SIZE, len, &record) == CORE_OK, "invitation\n");
        ok(record.kind == IPC_INVITATION && record.session == 8 && !strcmp(record.text, "hello"),
           "invitation\n");
        ipc_record_clear(&record);
        first += IPC_HEADER_SIZE + len;
        ok(ipc_body_length(buffer.data + first, &len) == CORE_OK, "third header\n");
        ok(ipc_decode(buffer.data + first + IPC_HEADER_SIZE, len, &record) == CORE_OK, "app changed\n");
        ok(record.kind == IPC_APP_CHANGED && record.registered, "app changed\n");
        ipc_record_clear(&record);
        ok(first + IPC_HEADER_SIZE + len == buffer.len, "three records fill the buffer\n");
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
    char *text;

    ok(ipc_body_length(zero, &body_len) == CORE_E_PROTOCOL_ERROR, "empty body\n");
    ok(ipc_body_length(huge, &body_len) == CORE_E_PROTOCOL_ERROR, "huge body\n");

    ipc_put_request(&buffer, &request);
    body = buffer.data + IPC_HEADER_SIZE;
    body_len = buffer.len - IPC_HEADER_SIZE;
    /* Every truncation fails cleanly (ASan watches the reads). */
    for (i = 0; i < body_len; i++)
    {
        unsigned char *copy = malloc(i ? i : 1);

        if (i) memcpy(copy, body, i);
        ok(ipc_decode(copy, i, &record) == CORE_E_PROTOCOL_ERROR, "truncated to %zu\n", i);
        free(copy);
    }
    body[0] = 99;
    ok(ipc_decode(body, body_len, &record) == CORE_E_PROTOCOL_ERROR, "unknown kind\n");
    body[0] = IPC_REQUEST;
    body[1] = SERVICE_OP_COUNT;
    ok(ipc_decode(body, body_len, &record) == CORE_E_PROTOCOL_ERROR, "unknown op\n");
    body[1] = SERVICE_OP_INVITE;
    body[body_len - 1] = 0xff;
    ok(ipc_decode(body, body_len, &record) == CORE_E_PROTOCOL_ERROR, "invalid UTF-8\n");
    body[body_len - 1] = 0;
    ok(ipc_decode(body, body_len, &record) == CORE_E_PROTOCOL_ERROR, "embedded NUL\n");
    ipc_buffer_free(&buffer);

    /* Too long to encode: nothing is appended. */
    text = malloc(IPC_MAX_BODY + 2);
    memset(text, 'a', IPC_MAX_BODY + 1);
    text[IPC_MAX_BODY + 1] = 0;
    request.data = text;
    ok(ipc_put_request(&buffer, &request) == CORE_E_TOO_LONG, "too long\n");
    ok(buffer.len == 0, "nothing appended, %zu\n", buffer.len);
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
