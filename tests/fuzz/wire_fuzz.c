/*
 * libFuzzer target for the wire layer (src/core/wire.c): the stream reader, the payload parser and their
 * builders.
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

#include "core/text.h"
#include "core/wire.h"

#include "fuzz.h"

/* Each input is used twice: as one payload for wire_parse, and as bytes
 * arriving on a connection for wire_reader_feed, in one piece, one byte at
 * a time, and in pieces of sizes drawn from a generator seeded by the input
 * (the three must give the same frames, and fail with the same reason at
 * the same byte).  Whatever parses is built again and must parse to the
 * same message; whatever the reader accepts is built again and must read
 * back the same.  ASan and UBSan catch the rest.  Buffers are static:
 * libFuzzer runs one input at a time. */

static int same(const char *a, const char *b)
{
    return !strcmp(a ? a : "", b ? b : "");
}

/* The message survives build and parse; building it again gives the same bytes. */
static void check_payload(const char *payload, size_t len)
{
    static struct wire_parsed first, second;
    static char built[WIRE_PAYLOAD_MAX + 1], again[WIRE_PAYLOAD_MAX + 1];
    const struct core_message *a = &first.msg, *b = &second.msg;
    enum core_status status;
    size_t built_len, again_len;

    status = wire_parse(payload, len, "peer@example.org", &first);
    if (status == CORE_S_FALSE)
    {
        check(first.command == WIRE_COMMAND_UNKNOWN && first.command_text);
        return;
    }
    if (status != CORE_OK)
    {
        check(status == CORE_E_PROTOCOL_ERROR && first.error[0]);
        return;
    }
    check(a->cookie && a->data && same(a->peer, "peer@example.org"));
    wire_invite_check(&first);

    /* Our fixed fields can make a full payload grow past the limit. */
    status = wire_build(a, built, sizeof(built), &built_len);
    if (status == CORE_E_INVALIDARG || status == CORE_E_CONTEXT_DATA_OVER_LIMIT) return;
    check(status == CORE_OK && built_len <= WIRE_PAYLOAD_MAX && strlen(built) == built_len);

    check(wire_parse(built, built_len, "peer@example.org", &second) == CORE_OK);
    check(a->type == b->type && a->cookie == b->cookie);
    check(same(a->session_id, b->session_id) && same(a->data, b->data));
    switch (a->type)
    {
    case CORE_MESSAGE_INVITE:
        check(same(a->app_guid, b->app_guid) && same(a->app_name, b->app_name) &&
              same(a->app_url, b->app_url));
        check(same(a->address, b->address));
        break;
    case CORE_MESSAGE_ACCEPT:
        check(same(a->address, b->address) && a->final_accept == b->final_accept);
        break;
    case CORE_MESSAGE_DECLINE: check(a->cancel_code == b->cancel_code); break;
    case CORE_MESSAGE_CANCEL:
        check(a->reason == b->reason && a->hr == b->hr);
        /* A missing or unknown code is sent as one we know. */
        check(a->cancel_code == CORE_CANCEL_NONE || a->cancel_code == b->cancel_code);
        break;
    case CORE_MESSAGE_CONTEXT_DATA: break;
    }

    check(wire_build(b, again, sizeof(again), &again_len) == CORE_OK);
    check(again_len == built_len && !memcmp(again, built, built_len));
}

/* What the reader accepted, built again, reads back the same. */
static void check_frame(const char *signin, const char *friendly, const char *payload, size_t length)
{
    static char stream[WIRE_HELLO_MAX + WIRE_FRAME_MAX];
    static struct wire_reader reader;
    struct wire_frame frame;
    size_t hello_len, header_len, total, pos = 0, used;
    enum core_status status;

    check(wire_build_hello(signin, stream, sizeof(stream), &hello_len) == CORE_OK);
    if (!friendly) friendly = "";
    status = wire_build_header(signin, friendly, length, stream + hello_len, sizeof(stream) - hello_len,
                               &header_len);
    /* Characters sent raw may come back longer as %XX. */
    if (status == CORE_E_TOO_LONG) return;
    check(status == CORE_OK);
    total = hello_len + header_len + length;
    memcpy(stream + hello_len + header_len, payload, length);

    wire_reader_init(&reader);
    check(wire_reader_feed(&reader, stream, total, &used, &frame) == CORE_OK);
    check(frame.type == WIRE_FRAME_HELLO && !strcmp(frame.signin, signin) && used == hello_len);
    pos = used;
    check(wire_reader_feed(&reader, stream + pos, total - pos, &used, &frame) == CORE_OK);
    check(frame.type == WIRE_FRAME_MSG && pos + used == total);
    check(!strcmp(frame.signin, signin) && frame.length == length && !memcmp(frame.payload, payload, length));
    check(!strcmp(frame.friendly, friendly[0] ? friendly : signin));
}

/* A record of what a reader produced, to compare two ways of feeding. */
struct transcript
{
    size_t len;
    unsigned char bytes[1 << 16];
};

static void note(struct transcript *t, const void *data, size_t len)
{
    if (len > sizeof(t->bytes) - t->len) len = sizeof(t->bytes) - t->len;
    memcpy(t->bytes + t->len, data, len);
    t->len += len;
}

/* The sizes of the pieces a connection cuts the bytes into. */
struct cutter
{
    size_t fixed;   /* every piece this size; 0: drawn from state */
    uint64_t state; /* xorshift64 */
};

static size_t next_piece(struct cutter *cutter)
{
    uint64_t x = cutter->state;

    if (cutter->fixed) return cutter->fixed;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    cutter->state = x;
    /* Mostly small pieces, sometimes a large one. */
    return x % 8 ? (size_t)(x >> 8) % 16 + 1 : (size_t)(x >> 8) % 2048 + 1;
}

/* wire_parse's byte rules hold in every payload the reader hands out. */
static void check_payload_bytes(const char *payload, size_t length)
{
    size_t i;

    for (i = 0; i < length; i++)
    {
        check(payload[i]);
        if (payload[i] == '\r') check(i + 1 < length && payload[i + 1] == '\n');
    }
}

static void run_reader(const char *data, size_t size, struct cutter cutter, struct transcript *t, int deep)
{
    static struct wire_reader reader;
    size_t pos = 0;

    t->len = 0;
    wire_reader_init(&reader);
    while (pos < size)
    {
        size_t step = next_piece(&cutter), chunk = size - pos < step ? size - pos : step, done = 0;

        while (done < chunk)
        {
            struct wire_frame frame;
            size_t used = 12345;
            enum core_status status =
                wire_reader_feed(&reader, data + pos + done, chunk - done, &used, &frame);

            check(used <= chunk - done);
            if (status < 0)
            {
                /* The verdict falls on the last byte used, wherever the
                 * pieces were cut. */
                size_t at = pos + done + used - 1;

                check(status == CORE_E_PROTOCOL_ERROR && reader.error[0] && used);
                check(wire_reader_feed(&reader, "x", 1, &used, &frame) == CORE_E_PROTOCOL_ERROR && !used);
                note(t, "E", 1);
                note(t, &at, sizeof(at));
                note(t, reader.error, strlen(reader.error));
                return;
            }
            check(!reader.error[0]);
            done += used;
            switch (frame.type)
            {
            case WIRE_FRAME_NONE: check(done == chunk); break;
            case WIRE_FRAME_HELLO:
                check(used && frame.signin && strlen(frame.signin) <= WIRE_SIGNIN_MAX);
                check(core_signin_check(frame.signin, strlen(frame.signin)) == CORE_OK);
                note(t, "H", 1);
                note(t, frame.signin, strlen(frame.signin) + 1);
                break;
            case WIRE_FRAME_MSG:
                check(used && frame.length >= 1 && frame.length <= WIRE_PAYLOAD_MAX &&
                      !frame.payload[frame.length]);
                check(frame.friendly && strlen(frame.friendly) <= WIRE_FRIENDLY_MAX);
                check_payload_bytes(frame.payload, frame.length);
                note(t, "M", 1);
                note(t, frame.signin, strlen(frame.signin) + 1);
                note(t, frame.friendly, strlen(frame.friendly) + 1);
                note(t, frame.payload, frame.length);
                if (deep)
                {
                    check_payload(frame.payload, frame.length);
                    check_frame(frame.signin, frame.friendly, frame.payload, frame.length);
                }
                break;
            }
        }
        pos += chunk;
    }
    note(t, "W", 1); /* still waiting for more */
}

/* FNV-1a of the input: the cutter's seed, so that a run can be repeated. */
static uint64_t seed_of(const uint8_t *data, size_t size)
{
    uint64_t hash = 0xcbf29ce484222325ull;
    size_t i;

    for (i = 0; i < size; i++)
        hash = (hash ^ data[i]) * 0x100000001b3ull;
    return hash ? hash : 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct transcript whole, bytes, pieces;
    const char *text = (const char *)data;
    struct cutter one_piece = {size ? size : 1, 0}, one_byte = {1, 0}, drawn = {0, seed_of(data, size)};

    check_payload(text, size);
    run_reader(text, size, one_piece, &whole, 1);
    run_reader(text, size, one_byte, &bytes, 0);
    run_reader(text, size, drawn, &pieces, 0);
    check(whole.len == bytes.len && !memcmp(whole.bytes, bytes.bytes, whole.len));
    check(whole.len == pieces.len && !memcmp(whole.bytes, pieces.bytes, whole.len));
    return 0;
}
