/*
 * The DNS messages of an SRV lookup (RFC 1035, RFC 2782), portable: the
 * query, and the SRV records of its answer.
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

#ifndef MSGSC_CORE_DNS_H
#define MSGSC_CORE_DNS_H

#include <stddef.h>
#include <stdint.h>

#include "xmpp_srv.h"

/* A query and its answer over UDP fit in this (RFC 1035 2.3.4). */
#define DNS_UDP_MAX 512

/* What reading an answer can say, besides a count of records. */
enum dns_answer_status
{
    DNS_ANSWER_NONE = 0,           /* the name has no SRV records */
    DNS_ANSWER_MALFORMED = -1,     /* not a DNS message we can read */
    DNS_ANSWER_NOT_OURS = -2,      /* another id or question: ignore it, wait on */
    DNS_ANSWER_SERVER_FAILED = -3, /* SERVFAIL, REFUSED, ...: ask another server */
    DNS_ANSWER_TRUNCATED = -4,     /* TC set: the records did not fit in UDP */
};

/* Writes a recursive query for the SRV records of name (ASCII, no
 * trailing dot needed) with id into out: its length, or -1 when name is
 * not a DNS name (a label empty or over 63 bytes, the whole over 253) or
 * out is too small. */
long dns_srv_query(const char *name, uint16_t id, unsigned char *out, size_t size);

/* Reads the answer to that query (the same id and name): how many SRV
 * records of the answer section it put in targets (at most max; each
 * target's name without its final dot), 0 (DNS_ANSWER_NONE) for a name
 * without any (NXDOMAIN too), or a negative dns_answer_status.  Names are
 * decompressed with every pointer checked. */
int dns_srv_answer(const unsigned char *msg, size_t len, uint16_t id, const char *name,
                   struct xmpp_srv_target *targets, size_t max);

#endif
