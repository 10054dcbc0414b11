/*
 * libFuzzer target for the XMPP stream framer (src/core/xmpp_frame.c).
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
#include "core/xmpp_frame.h"

#include "fuzz.h"
#include "pieces.h"

/* The input is what a server sends.  It is framed three times, whole, one
 * byte at a time and in drawn pieces (pieces.h), which must give the same
 * frames and, for a malformed stream, the same status at the same byte.
 * Every frame must look like what it is (a header, an element, the end
 * tag), fit the buffer, hold no NUL and be UTF-8; and every stanza, put
 * alone into a minimal stream of its own, must frame again as exactly that
 * one stanza: what the framer hands out is a complete element.  The
 * buffer is small (XMPP_FRAME_STANZA_FUZZ) so that the size limit is
 * reached too.  Buffers are static: libFuzzer runs one input at a time. */

#define XMPP_FRAME_STANZA_FUZZ 1024

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

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* What every frame must be, whatever the input. */
static void check_frame(const struct xmpp_frame *frame)
{
    static char copy[XMPP_FRAME_STANZA_FUZZ + 1];
    const char *d = frame->data;
    size_t n = frame->len, i;

    check(d && n >= 3 && n <= XMPP_FRAME_STANZA_FUZZ);
    check(d[0] == '<' && d[n - 1] == '>');
    check(!memchr(d, 0, n));
    memcpy(copy, d, n);
    copy[n] = 0;
    check(core_utf8_valid(copy));
    switch (frame->type)
    {
    case XMPP_FRAME_HEADER:
        check(n > strlen(XMPP_FRAME_STREAM_NAME) + 1 && !memcmp(d + 1, XMPP_FRAME_STREAM_NAME, 13));
        check(is_space(d[14]) || d[14] == '>');
        check(d[n - 2] != '/');
        break;
    case XMPP_FRAME_STANZA: check(d[1] != '/' && d[1] != '?' && d[1] != '!' && !is_space(d[1])); break;
    case XMPP_FRAME_END:
        check(n >= 16 && !memcmp(d, "</" XMPP_FRAME_STREAM_NAME, 15));
        for (i = 15; i < n - 1; i++)
            check(is_space(d[i]));
        break;
    case XMPP_FRAME_NONE: check(0);
    }
}

/* A stanza alone in a stream of its own frames as itself. */
static void check_alone(const char *stanza, size_t len)
{
    static const char header[] = "<" XMPP_FRAME_STREAM_NAME ">", end[] = "</" XMPP_FRAME_STREAM_NAME ">";
    static char stream[sizeof(header) + XMPP_FRAME_STANZA_FUZZ + sizeof(end)], buffer[XMPP_FRAME_STANZA_FUZZ];
    size_t header_len = strlen(header), end_len = strlen(end), total = header_len + len + end_len, used;
    struct xmpp_framer framer;
    struct xmpp_frame frame;

    memcpy(stream, header, header_len);
    memcpy(stream + header_len, stanza, len);
    memcpy(stream + header_len + len, end, end_len);
    check(xmpp_framer_init(&framer, buffer, sizeof(buffer)) == XMPP_FRAME_OK);
    check(xmpp_framer_feed(&framer, stream, total, &used, &frame) == XMPP_FRAME_OK);
    check(frame.type == XMPP_FRAME_HEADER && used == header_len);
    check(xmpp_framer_feed(&framer, stream + header_len, total - header_len, &used, &frame) == XMPP_FRAME_OK);
    check(frame.type == XMPP_FRAME_STANZA && used == len && frame.len == len &&
          !memcmp(frame.data, stanza, len));
    check(xmpp_framer_feed(&framer, stream + header_len + len, end_len, &used, &frame) == XMPP_FRAME_OK);
    check(frame.type == XMPP_FRAME_END && used == end_len);
}

static void run(const char *data, size_t size, struct fuzz_cutter cutter, struct transcript *t, int deep)
{
    static char buffer[XMPP_FRAME_STANZA_FUZZ];
    struct xmpp_framer framer;
    size_t pos = 0;

    t->len = 0;
    check(xmpp_framer_init(&framer, buffer, sizeof(buffer)) == XMPP_FRAME_OK);
    while (pos < size)
    {
        size_t step = fuzz_next_piece(&cutter), chunk = size - pos < step ? size - pos : step, done = 0;

        while (done < chunk)
        {
            struct xmpp_frame frame;
            size_t used = 12345;
            enum xmpp_frame_status status =
                xmpp_framer_feed(&framer, data + pos + done, chunk - done, &used, &frame);

            check(used <= chunk - done);
            if (status != XMPP_FRAME_OK)
            {
                /* The verdict falls on the last byte used, wherever the
                 * pieces were cut, and it is final. */
                size_t at = pos + done + used - 1;

                check(status < 0 && status >= XMPP_FRAME_E_AFTER_END && used &&
                      frame.type == XMPP_FRAME_NONE);
                check(strcmp(xmpp_frame_status_name(status), "UNKNOWN"));
                check(xmpp_framer_feed(&framer, "<", 1, &used, &frame) == status && !used);
                note(t, "!", 1);
                note(t, &status, sizeof(status));
                note(t, &at, sizeof(at));
                return;
            }
            done += used;
            if (frame.type == XMPP_FRAME_NONE)
            {
                check(done == chunk);
                continue;
            }
            check(used);
            check_frame(&frame);
            note(t, &"?HSE"[frame.type], 1);
            note(t, &frame.len, sizeof(frame.len));
            note(t, frame.data, frame.len);
            if (deep && frame.type == XMPP_FRAME_STANZA) check_alone(frame.data, frame.len);
        }
        pos += chunk;
    }
    note(t, "W", 1); /* waiting for more */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct transcript whole, bytes, pieces;
    const char *text = (const char *)data;
    struct fuzz_cutter one_piece = {size ? size : 1, 0}, one_byte = {1, 0},
                       drawn = {0, fuzz_seed(data, size)};

    run(text, size, one_piece, &whole, 1);
    run(text, size, one_byte, &bytes, 0);
    run(text, size, drawn, &pieces, 0);
    check(whole.len == bytes.len && !memcmp(whole.bytes, bytes.bytes, whole.len));
    check(whole.len == pieces.len && !memcmp(whole.bytes, pieces.bytes, whole.len));
    return 0;
}
