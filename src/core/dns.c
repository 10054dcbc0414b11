/*
 * The DNS messages of an SRV lookup (RFC 1035, RFC 2782).
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

#include <string.h>

#include "dns.h"
#include "text.h"

#define HEADER_SIZE 12
#define TYPE_SRV    33
#define CLASS_IN    1
#define NAME_MAX    253 /* in text, without the final dot */

static void put16(unsigned char *p, unsigned int value)
{
    p[0] = (unsigned char)(value >> 8);
    p[1] = (unsigned char)value;
}

static unsigned int get16(const unsigned char *p)
{
    return (unsigned int)p[0] << 8 | p[1];
}

/* The length of name without one final dot. */
static size_t name_length(const char *name)
{
    size_t len = strlen(name);

    return len && name[len - 1] == '.' ? len - 1 : len;
}

long dns_srv_query(const char *name, uint16_t id, unsigned char *out, size_t size)
{
    size_t len = name ? name_length(name) : 0, at = HEADER_SIZE;
    const char *label = name;

    if (!len || len > NAME_MAX || !out || size < HEADER_SIZE + len + 2 + 4) return -1;
    memset(out, 0, HEADER_SIZE);
    put16(out, id);
    out[2] = 0x01; /* RD: the server resolves for us */
    put16(out + 4, 1);
    while (label < name + len)
    {
        const char *dot = memchr(label, '.', (size_t)(name + len - label));
        size_t n = dot ? (size_t)(dot - label) : (size_t)(name + len - label);

        if (!n || n > 63) return -1;
        out[at++] = (unsigned char)n;
        memcpy(out + at, label, n);
        at += n;
        label += n + 1;
    }
    if (name[len - 1] == '.') return -1; /* ".." at the end */
    out[at++] = 0;
    put16(out + at, TYPE_SRV);
    put16(out + at + 2, CLASS_IN);
    return (long)(at + 4);
}

/* Reads the name at *pos into text (at most NAME_MAX + 1 bytes with its
 * NUL, no final dot), following compression pointers, each of which must
 * point before where it was found (no loops).  Moves *pos past the name as
 * it is written there.  0 when it is not a valid name. */
static int read_name(const unsigned char *msg, size_t len, size_t *pos, char *text)
{
    size_t at = *pos, out = 0, limit = at;
    int jumped = 0;

    for (;;)
    {
        unsigned int n;

        if (at >= len) return 0;
        n = msg[at];
        if ((n & 0xc0) == 0xc0)
        {
            size_t target;

            if (at + 1 >= len) return 0;
            target = (n & 0x3f) << 8 | msg[at + 1];
            if (target >= limit) return 0;
            if (!jumped) *pos = at + 2;
            jumped = 1;
            limit = target;
            at = target;
            continue;
        }
        if (n & 0xc0) return 0;
        at++;
        if (!n) break;
        if (at + n > len || out + n + (out ? 1 : 0) > NAME_MAX) return 0;
        if (out) text[out++] = '.';
        memcpy(text + out, msg + at, n);
        out += n;
        at += n;
    }
    text[out] = 0;
    if (!jumped) *pos = at;
    return 1;
}

int dns_srv_answer(const unsigned char *msg, size_t len, uint16_t id, const char *name,
                   struct xmpp_srv_target *targets, size_t max)
{
    char text[NAME_MAX + 1];
    unsigned int questions, answers, rcode, i;
    size_t pos = HEADER_SIZE, count = 0;

    if (!msg || len < HEADER_SIZE) return DNS_ANSWER_MALFORMED;
    if (get16(msg) != id || !(msg[2] & 0x80)) return DNS_ANSWER_NOT_OURS;
    if (msg[2] & 0x02) return DNS_ANSWER_TRUNCATED;
    rcode = msg[3] & 0x0f;
    if (rcode == 3) return DNS_ANSWER_NONE; /* NXDOMAIN */
    if (rcode) return DNS_ANSWER_SERVER_FAILED;
    questions = get16(msg + 4);
    answers = get16(msg + 6);
    /* The question must be ours. */
    if (questions != 1) return DNS_ANSWER_NOT_OURS;
    if (!read_name(msg, len, &pos, text) || pos + 4 > len) return DNS_ANSWER_MALFORMED;
    if (!core_ascii_equal_n(text, strlen(text), name, name_length(name)) || get16(msg + pos) != TYPE_SRV ||
        get16(msg + pos + 2) != CLASS_IN)
        return DNS_ANSWER_NOT_OURS;
    pos += 4;
    for (i = 0; i < answers; i++)
    {
        unsigned int type, rdlength;
        size_t rdata;

        if (!read_name(msg, len, &pos, text) || pos + 10 > len) return DNS_ANSWER_MALFORMED;
        type = get16(msg + pos);
        rdlength = get16(msg + pos + 8);
        rdata = pos + 10;
        if (rdata + rdlength > len) return DNS_ANSWER_MALFORMED;
        pos = rdata + rdlength;
        /* CNAMEs and the like are passed over: only SRV data is used. */
        if (type != TYPE_SRV || get16(msg + rdata - 8) != CLASS_IN || count == max) continue;
        {
            size_t at = rdata + 6;

            if (rdlength < 7 || !read_name(msg, rdata + rdlength, &at, targets[count].host) ||
                at != rdata + rdlength)
                return DNS_ANSWER_MALFORMED;
            if (!targets[count].host[0]) strcpy(targets[count].host, "."); /* the root: no service */
            targets[count].priority = (uint16_t)get16(msg + rdata);
            targets[count].weight = (uint16_t)get16(msg + rdata + 2);
            targets[count].port = (uint16_t)get16(msg + rdata + 4);
            count++;
        }
    }
    return (int)count;
}
