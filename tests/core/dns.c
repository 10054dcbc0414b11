/*
 * Tests of the DNS messages of an SRV lookup (src/core/dns.c).
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

#include "core/dns.h"
#include "coretest.h"

static const char name[] = "_xmpp-client._tcp.example.org";

/* RFC 1035 4.1: header (id 0x1234, RD, one question), the name in labels, type SRV, class IN. */
static const unsigned char query[] = {0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
                                      12,   '_',  'x',  'm',  'p',  'p',  '-',  'c',  'l',  'i',  'e',  'n',
                                      't',  4,    '_',  't',  'c',  'p',  7,    'e',  'x',  'a',  'm',  'p',
                                      'l',  'e',  3,    'o',  'r',  'g',  0,    0x00, 0x21, 0x00, 0x01};

static void test_query(void)
{
    unsigned char out[DNS_UDP_MAX];
    char long_label[80], long_name[300];
    long len = dns_srv_query(name, 0x1234, out, sizeof(out));

    ok(len == (long)sizeof(query) && !memcmp(out, query, sizeof(query)), "query of %ld bytes\n", len);
    ok(dns_srv_query("_xmpp-client._tcp.example.org.", 0x1234, out, sizeof(out)) == (long)sizeof(query) &&
           !memcmp(out, query, sizeof(query)),
       "a final dot changes the query\n");
    ok(dns_srv_query(name, 0x1234, out, sizeof(query) - 1) == -1, "a short buffer\n");
    ok(dns_srv_query("", 1, out, sizeof(out)) == -1, "an empty name\n");
    ok(dns_srv_query("a..b", 1, out, sizeof(out)) == -1, "an empty label\n");
    ok(dns_srv_query("a..", 1, out, sizeof(out)) == -1, "two final dots\n");
    ok(dns_srv_query(".a", 1, out, sizeof(out)) == -1, "a leading dot\n");
    memset(long_label, 'a', 64);
    long_label[64] = 0;
    ok(dns_srv_query(long_label, 1, out, sizeof(out)) == -1, "a label of 64 bytes\n");
    long_label[63] = 0;
    ok(dns_srv_query(long_label, 1, out, sizeof(out)) > 0, "a label of 63 bytes\n");
    memset(long_name, 'a', 254);
    for (len = 50; len < 254; len += 51)
        long_name[len] = '.';
    long_name[254] = 0;
    ok(dns_srv_query(long_name, 1, out, sizeof(out)) == -1, "a name of 254 bytes\n");
    long_name[253] = 0;
    ok(dns_srv_query(long_name, 1, out, sizeof(out)) > 0, "a name of 253 bytes\n");
}

/* An answer to query: the header's flags and counts, then what follows. */
static size_t answer(unsigned char *out, unsigned int flags, unsigned int answers,
                     const unsigned char *records, size_t records_len)
{
    memcpy(out, query, sizeof(query));
    out[2] = (unsigned char)(flags >> 8);
    out[3] = (unsigned char)flags;
    out[7] = (unsigned char)answers;
    if (records_len) memcpy(out + sizeof(query), records, records_len);
    return sizeof(query) + records_len;
}

static void test_answer(void)
{
    /* Two SRV records, the owner compressed to the question's name (offset
     * 12); the second target compressed to the first's "example.org". */
    static const unsigned char two[] = {
        /* srv1: priority 10, weight 5, port 5222, xmpp1.example.org */
        0xc0, 0x0c, 0x00, 0x21, 0x00, 0x01, 0x00, 0x00, 0x0e, 0x10, 0x00, 25, 0x00, 10, 0x00, 5, 0x14, 0x66,
        5, 'x', 'm', 'p', 'p', '1', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'o', 'r', 'g', 0,
        /* srv2: priority 20, weight 0, port 5223, xmpp2 + pointer to the first's "example.org" */
        0xc0, 0x0c, 0x00, 0x21, 0x00, 0x01, 0x00, 0x00, 0x0e, 0x10, 0x00, 14, 0x00, 20, 0x00, 0, 0x14, 0x67,
        5, 'x', 'm', 'p', 'p', '2', 0xc0, 47 + 12 + 6 + 6};
    static const unsigned char root[] = {0xc0, 0x0c, 0x00, 0x21, 0x00, 0x01, 0x00, 0x00, 0x00, 0x3c,
                                         0x00, 7,    0x00, 0,    0x00, 0,    0x00, 0,    0};
    static const unsigned char cname[] = {0xc0, 0x0c, 0x00, 0x05, 0x00, 0x01, 0x00,
                                          0x00, 0x00, 0x3c, 0x00, 2,    0xc0, 0x0c};
    static const unsigned char loop[] = {0xc0, 0x0c, 0x00, 0x21, 0x00, 0x01, 0x00, 0x00, 0x00, 0x3c,
                                         0x00, 8,    0x00, 0,    0x00, 0,    0x00, 0,    0xc0, 47 + 18};
    static const unsigned char forward[] = {0xc0, 0x0c, 0x00, 0x21, 0x00, 0x01, 0x00, 0x00, 0x00, 0x3c,
                                            0x00, 8,    0x00, 0,    0x00, 0,    0x00, 0,    0xc0, 0x7f};
    struct xmpp_srv_target targets[4];
    unsigned char msg[DNS_UDP_MAX];
    size_t len = answer(msg, 0x8180, 2, two, sizeof(two));

    ok(dns_srv_answer(msg, len, 0x1234, name, targets, 4) == 2, "two records\n");
    ok(!strcmp(targets[0].host, "xmpp1.example.org") && targets[0].priority == 10 && targets[0].weight == 5 &&
           targets[0].port == 5222,
       "first: %s %u %u %u\n", targets[0].host, targets[0].priority, targets[0].weight, targets[0].port);
    ok(!strcmp(targets[1].host, "xmpp2.example.org") && targets[1].priority == 20 && targets[1].port == 5223,
       "second, its name compressed: %s %u\n", targets[1].host, targets[1].port);
    ok(dns_srv_answer(msg, len, 0x1234, "_XMPP-client._tcp.EXAMPLE.org.", targets, 4) == 2,
       "the question's name compared without case\n");
    ok(dns_srv_answer(msg, len, 0x1234, name, targets, 1) == 1, "at most max\n");
    ok(dns_srv_answer(msg, len, 0x4321, name, targets, 4) == DNS_ANSWER_NOT_OURS, "another id\n");
    ok(dns_srv_answer(msg, len, 0x1234, "_xmpp-client._tcp.example.net", targets, 4) == DNS_ANSWER_NOT_OURS,
       "another question\n");
    ok(dns_srv_answer(msg, len - 1, 0x1234, name, targets, 4) == DNS_ANSWER_MALFORMED, "cut short\n");
    ok(dns_srv_answer(msg, 11, 0x1234, name, targets, 4) == DNS_ANSWER_MALFORMED, "shorter than a header\n");

    len = answer(msg, 0x0180, 2, two, sizeof(two));
    ok(dns_srv_answer(msg, len, 0x1234, name, targets, 4) == DNS_ANSWER_NOT_OURS, "a query, not an answer\n");
    len = answer(msg, 0x8183, 0, NULL, 0);
    ok(dns_srv_answer(msg, len, 0x1234, name, targets, 4) == DNS_ANSWER_NONE, "NXDOMAIN\n");
    len = answer(msg, 0x8180, 0, NULL, 0);
    ok(dns_srv_answer(msg, len, 0x1234, name, targets, 4) == DNS_ANSWER_NONE, "no records\n");
    len = answer(msg, 0x8182, 0, NULL, 0);
    ok(dns_srv_answer(msg, len, 0x1234, name, targets, 4) == DNS_ANSWER_SERVER_FAILED, "SERVFAIL\n");
    len = answer(msg, 0x8380, 2, two, sizeof(two));
    ok(dns_srv_answer(msg, len, 0x1234, name, targets, 4) == DNS_ANSWER_TRUNCATED, "TC\n");

    len = answer(msg, 0x8180, 1, root, sizeof(root));
    ok(dns_srv_answer(msg, len, 0x1234, name, targets, 4) == 1 && !strcmp(targets[0].host, "."),
       "the root as target: \"%s\"\n", targets[0].host);
    len = answer(msg, 0x8180, 1, cname, sizeof(cname));
    ok(dns_srv_answer(msg, len, 0x1234, name, targets, 4) == 0, "a CNAME is passed over\n");
    len = answer(msg, 0x8180, 1, loop, sizeof(loop));
    ok(dns_srv_answer(msg, len, 0x1234, name, targets, 4) == DNS_ANSWER_MALFORMED, "a pointer to itself\n");
    len = answer(msg, 0x8180, 1, forward, sizeof(forward));
    ok(dns_srv_answer(msg, len, 0x1234, name, targets, 4) == DNS_ANSWER_MALFORMED, "a pointer forward\n");
}

int main(void)
{
    test_query();
    test_answer();
    return test_summary();
}
