/*
 * libFuzzer target for the local channel's record codec (src/core/ipc.c): ipc_body_length, ipc_decode and
 * the ipc_put_* encoders.
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

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ipc.h"
#include "core/text.h"

#include "fuzz.h"

/* The input is what a pipe delivers: records one after another, each a
 * header and a body.  Each body the header announces in full is decoded;
 * whatever decodes is encoded again with the matching ipc_put_*, must
 * decode to the same record, and encoding that gives the same bytes again
 * (the encoding is canonical from the first re-encoding on).  The first
 * header that is refused, or announces more than is left, ends the input,
 * as it ends a pipe connection.  ASan, UBSan and LeakSanitizer catch the
 * rest (every decoded record is cleared). */

static int same(const char *a, const char *b)
{
    check(a && b); /* decoded strings are never NULL */
    return !strcmp(a, b);
}

/* Every decoded string is valid UTF-8 without NUL (ipc.h). */
static void check_string(const char *s)
{
    check(s && core_utf8_valid(s));
}

/* Appends the record as ipc_put_* writes it. */
static enum core_status encode(struct ipc_buffer *buffer, const struct ipc_record *record)
{
    switch (record->kind)
    {
    case IPC_HELLO: return ipc_put_hello(buffer, record->version, record->process_id);
    case IPC_REQUEST: return ipc_put_request(buffer, &record->request);
    case IPC_REPLY: return ipc_put_reply(buffer, &record->reply, record->has_snapshot);
    case IPC_EVENT: return ipc_put_event(buffer, record->session, &record->event);
    case IPC_INVITATION: return ipc_put_invitation(buffer, record->session, record->text);
    case IPC_APP_CHANGED: return ipc_put_app_changed(buffer, record->text, record->registered);
    }
    check(!"a decoded record of no kind");
    return CORE_E_FAIL;
}

static void check_decoded(const struct ipc_record *r)
{
    const struct service_snapshot *s = &r->reply.snapshot;

    switch (r->kind)
    {
    case IPC_HELLO: break;
    case IPC_REQUEST:
        check(r->request.op < SERVICE_OP_COUNT);
        check_string(r->request.text);
        check_string(r->request.data);
        break;
    case IPC_REPLY:
        if (!r->has_snapshot) break;
        check(s->state <= CORE_STATE_FALLBACK_INVITEE);
        check_string(s->session_id);
        check_string(s->local_address);
        check_string(s->application);
        check_string(s->app_name);
        check_string(s->app_url);
        check_string(s->remote_address);
        check_string(s->context_data);
        check_string(s->user);
        break;
    case IPC_EVENT:
        check(r->event.type <= CORE_EVENT_SEND_ERROR);
        check(r->event.prev_state <= CORE_STATE_FALLBACK_INVITEE &&
              r->event.state <= CORE_STATE_FALLBACK_INVITEE);
        check_string(r->event.data);
        check_string(r->event.app_name);
        check_string(r->event.app_url);
        break;
    case IPC_INVITATION:
    case IPC_APP_CHANGED: check_string(r->text); break;
    default: check(!"unknown kind decoded");
    }
}

/* b is a decoding of a's encoding. */
static void check_same(const struct ipc_record *a, const struct ipc_record *b)
{
    const struct service_snapshot *x = &a->reply.snapshot, *y = &b->reply.snapshot;

    check(a->kind == b->kind);
    switch (a->kind)
    {
    case IPC_HELLO: check(a->version == b->version && a->process_id == b->process_id); break;
    case IPC_REQUEST:
        check(a->request.op == b->request.op && a->request.session == b->request.session &&
              a->request.number == b->request.number);
        check(same(a->request.text, b->request.text) && same(a->request.data, b->request.data));
        break;
    case IPC_REPLY:
        check(a->reply.status == b->reply.status && a->reply.session == b->reply.session);
        /* A failed reply carries no snapshot: ipc_put_reply leaves it out. */
        check(!!b->has_snapshot == (a->has_snapshot && a->reply.status >= 0));
        if (!b->has_snapshot) break;
        check(x->state == y->state && x->flags == y->flags);
        check(x->application_status == y->application_status &&
              x->remote_address_status == y->remote_address_status &&
              x->context_data_status == y->context_data_status && x->user_status == y->user_status);
        check(same(x->session_id, y->session_id) && same(x->local_address, y->local_address) &&
              same(x->application, y->application) && same(x->app_name, y->app_name) &&
              same(x->app_url, y->app_url) && same(x->remote_address, y->remote_address) &&
              same(x->context_data, y->context_data) && same(x->user, y->user));
        break;
    case IPC_EVENT:
        check(a->session == b->session && a->event.type == b->event.type &&
              a->event.prev_state == b->event.prev_state && a->event.state == b->event.state &&
              a->event.reason == b->event.reason && a->event.peer_hr == b->event.peer_hr);
        check(same(a->event.data, b->event.data) && same(a->event.app_name, b->event.app_name) &&
              same(a->event.app_url, b->event.app_url));
        break;
    case IPC_INVITATION: check(a->session == b->session && same(a->text, b->text)); break;
    case IPC_APP_CHANGED: check(same(a->text, b->text) && a->registered == b->registered); break;
    }
}

/* Decodes the one record in buffer (header and body). */
static enum core_status decode_record(const struct ipc_buffer *buffer, struct ipc_record *record)
{
    size_t body_len = 0;

    check(buffer->len > IPC_HEADER_SIZE);
    check(ipc_body_length(buffer->data, &body_len) == CORE_OK);
    check(body_len == buffer->len - IPC_HEADER_SIZE);
    return ipc_decode(buffer->data + IPC_HEADER_SIZE, body_len, record);
}

static void round_trip(const struct ipc_record *first, size_t body_len)
{
    struct ipc_buffer once = {0}, twice = {0};
    struct ipc_record second, third;

    /* Never longer than what was decoded: the same fields, or fewer. */
    check(encode(&once, first) == CORE_OK);
    check(once.len <= IPC_HEADER_SIZE + body_len);
    check(decode_record(&once, &second) == CORE_OK);
    check_same(first, &second);

    check(encode(&twice, &second) == CORE_OK);
    check(twice.len == once.len && !memcmp(twice.data, once.data, once.len));
    check(decode_record(&twice, &third) == CORE_OK);
    check_same(&second, &third);

    ipc_record_clear(&second);
    ipc_record_clear(&third);
    ipc_buffer_free(&once);
    ipc_buffer_free(&twice);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t pos = 0;

    while (size - pos >= IPC_HEADER_SIZE)
    {
        const uint8_t *h = data + pos;
        uint32_t announced = h[0] | (uint32_t)h[1] << 8 | (uint32_t)h[2] << 16 | (uint32_t)h[3] << 24;
        struct ipc_record record;
        size_t body_len = 12345;
        enum core_status status = ipc_body_length(h, &body_len);
        unsigned char *body;

        if (status != CORE_OK)
        {
            check(status == CORE_E_PROTOCOL_ERROR && (!announced || announced > IPC_MAX_BODY));
            return 0;
        }
        check(body_len == announced && body_len >= 1 && body_len <= IPC_MAX_BODY);
        pos += IPC_HEADER_SIZE;
        if (body_len > size - pos) return 0;

        /* A heap copy of exactly the body, so that ASan sees any read past it. */
        body = malloc(body_len);
        check(body);
        memcpy(body, data + pos, body_len);
        status = ipc_decode(body, body_len, &record);
        free(body);
        pos += body_len;
        if (status != CORE_OK)
        {
            static const struct ipc_record cleared;

            /* A refused body leaves nothing to free. */
            check(status == CORE_E_PROTOCOL_ERROR && !memcmp(&record, &cleared, sizeof(record)));
            continue;
        }
        check_decoded(&record);
        round_trip(&record, body_len);
        ipc_record_clear(&record);
    }
    return 0;
}
