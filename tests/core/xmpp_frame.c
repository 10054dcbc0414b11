/*
 * Native tests of the XMPP stream framer (src/core/xmpp_frame.c).
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

#include <stdio.h>
#include <string.h>

#include "core/base64.h"
#include "core/scram.h"
#include "core/xmpp_frame.h"
#include "test.h"

/* What a client reads from a Prosody server, written by hand after RFC
 * 6120's examples (sections 9.1 to 9.3) and Prosody's habits: single
 * quotes, the declaration and the header on one line, no white space
 * between stanzas but the odd keepalive.  Three streams, since the stream
 * restarts after STARTTLS and after SASL. */

#define HEADER_ATTRIBUTES                                                                                    \
    " xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' from='example.org' "             \
    "version='1.0' "                                                                                         \
    "xml:lang='en'"
#define DECL "<?xml version='1.0'?>"

/* 1: the features offer STARTTLS, the client asks, the server proceeds;
 * what follows is a TLS ServerHello, which the framer must never see. */
static const char tls_header[] =
    "<stream:stream" HEADER_ATTRIBUTES " id='2b4e5d6f-1a3c-4b8d-9e0f-a1b2c3d4e5f6'>";
static const char tls_features[] = "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'>"
                                   "<required/></starttls></stream:features>";
static const char tls_proceed[] = "<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>";
static const char tls_hello[] = "\x16\x03\x03\x00\x5d\x02\x00\x00\x59\x03\x03";

/* 2: SASL with RFC 5802's SCRAM-SHA-1 exchange as challenge and success. */
static const char sasl_header[] =
    "<stream:stream" HEADER_ATTRIBUTES " id='7c8d9e0f-2b3c-4d5e-8f9a-0b1c2d3e4f5a'>";
static const char sasl_features[] = "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>"
                                    "<mechanism>SCRAM-SHA-1</mechanism><mechanism>PLAIN</mechanism>"
                                    "</mechanisms></stream:features>";
static const char sasl_challenge[] =
    "<challenge xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>"
    "cj1meWtvK2QybGJiRmdPTlJ2OXFreGRhd0wzcmZjTkhZSlkxWlZ2V1ZzN2oscz1RU1hDUitRNnNlazhi"
    "ZjkyLGk9NDA5Ng==</challenge>";
static const char sasl_success[] = "<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>"
                                   "dj1ybUY5cHFWOFM3c3VBb1pXamE0ZEpSa0ZzS1E9</success>";

/* 3: resource binding, the roster, presence, messages, disco, the end. */
static const char session_header[] =
    "<stream:stream" HEADER_ATTRIBUTES " id='0f1e2d3c-4b5a-4968-8778-695a4b3c2d1e'>";
static const char *const session_stanzas[] = {
    "<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><required/></bind>"
    "<session xmlns='urn:ietf:params:xml:ns:xmpp-session'><optional/></session>"
    "<c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='http://prosody.im' "
    "ver='SZGEZ5lq0HqWDfDILyFK7Vr8fmI='/></stream:features>",
    "<iq id='bind_1' type='result'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>"
    "<jid>juliet@example.org/balcony</jid></bind></iq>",
    "<iq id='roster_1' type='result' to='juliet@example.org/balcony'>"
    "<query xmlns='jabber:iq:roster' ver='ver7'>"
    "<item jid='romeo@example.net' subscription='both' name='Romeo'><group>Friends</group></item>"
    "<item jid='nurse@example.org' subscription='from'/>"
    "<item jid='benvolio@example.net' subscription='none' ask='subscribe' name='Benvolio &amp; co'/>"
    "</query></iq>",
    "<presence from='romeo@example.net/orchard' to='juliet@example.org/balcony' xml:lang='en'>"
    "<show>away</show><status>be right back</status>"
    "<c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='https://msgsc.example/caps' "
    "ver='QgayPKawpkPSDYmwT/WM94uAlu0='/></presence>",
    /* RFC 6120 8.1's example, double quotes and a thread. */
    "<message from=\"romeo@example.net/orchard\" to=\"juliet@example.org/balcony\" type=\"chat\" "
    "id=\"ktx72v49\" xml:lang=\"en\"><body>Art thou not Romeo, and a Montague?</body>"
    "<thread>e0ffe42b28561960c6b12b944a092794b9683a38</thread></message>",
    /* Escapes are the parser's, and a raw '>' in text is allowed. */
    "<message from='romeo@example.net/orchard' to='juliet@example.org/balcony' id='q&gt;1' type='chat'>"
    "<body>3 &lt; 4 &amp;&amp; 5 > 2, \"quoted\" 'too'</body></message>",
    /* '>' and '/' and the other quote inside attribute values. */
    "<message id=\"a>b/c\" to='x/y>z\"q' from=\"p'q/>\" ><body/><x xmlns='urn:example' a = 'spaced' "
    "\tb\n=\n\"\n\" /></message>",
    "<iq type='get' id='disco1' from='romeo@example.net/orchard' to='juliet@example.org/balcony'>"
    "<query xmlns='http://jabber.org/protocol/disco#info' "
    "node='https://msgsc.example/caps#QgayPKawpkPSDYmwT/WM94uAlu0='/></iq>",
    /* UTF-8 of two, three and four bytes. */
    "<message from='romeo@example.net/orchard' type='chat'><body>Gr\xc3\xbc\xc3\x9f"
    "e \xe2\x80\x94 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80</body></message>",
    "<stream:error><conflict xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"
    "<text xmlns='urn:ietf:params:xml:ns:xmpp-streams'>Replaced by new connection</text></stream:error>",
};
/* What comes between the stanzas above: nothing, keepalives, line ends. */
static const char *const session_gaps[] = {"", "", " ", "", "\n", "", "\r\n\t ", "", "", ""};

static char stream[16384];
static size_t stream_len;
static char expected[16384];
static size_t expected_len;

static void put(char *buf, size_t *len, const char *data, size_t n)
{
    if (n > 16384 - *len) n = 16384 - *len;
    memcpy(buf + *len, data, n);
    *len += n;
}

/* The transcript of a frame: its type letter, its bytes, a line end. */
static void note_frame(char *buf, size_t *len, char type, const char *data, size_t n)
{
    put(buf, len, &type, 1);
    put(buf, len, data, n);
    put(buf, len, "\n", 1);
}

static void add(const char *data)
{
    put(stream, &stream_len, data, strlen(data));
}

static void expect(char type, const char *data)
{
    note_frame(expected, &expected_len, type, data, strlen(data));
}

/* What one run of the framer did. */
struct run
{
    enum xmpp_frame_status status;
    size_t at; /* the failing byte; else where it stopped */
    size_t frames;
    size_t log_len;
    char log[16384];
};

/* Feeds len bytes cut at split (0: not), and each part in pieces of piece
 * bytes (0: whole), to a framer with a buffer of size bytes; stops after
 * stop_after frames (0: never). */
static void run(const char *data, size_t len, size_t size, size_t split, size_t piece, size_t stop_after,
                struct run *r)
{
    static char buffer[XMPP_FRAME_DEFAULT_MAX];
    struct xmpp_framer framer;
    size_t pos = 0;

    r->status = XMPP_FRAME_OK;
    r->frames = r->log_len = 0;
    ok(xmpp_framer_init(&framer, buffer, size) == XMPP_FRAME_OK, "init failed\n");
    while (pos < len)
    {
        size_t end = pos < split ? split : len;

        if (piece && end - pos > piece) end = pos + piece;
        while (pos < end)
        {
            struct xmpp_frame frame;
            size_t used = 12345;
            enum xmpp_frame_status status = xmpp_framer_feed(&framer, data + pos, end - pos, &used, &frame);

            ok(used <= end - pos, "used %zu of %zu\n", used, end - pos);
            pos += used;
            if (status != XMPP_FRAME_OK)
            {
                r->status = status;
                r->at = pos - 1;
                ok(used && frame.type == XMPP_FRAME_NONE, "an error used %zu bytes, frame %d\n", used,
                   frame.type);
                /* A failed framer takes nothing more. */
                ok(xmpp_framer_feed(&framer, "<", 1, &used, &frame) == status && !used,
                   "the framer went on after %s\n", xmpp_frame_status_name(status));
                return;
            }
            if (frame.type == XMPP_FRAME_NONE)
            {
                ok(pos == end, "no frame, but %zu bytes left\n", end - pos);
                continue;
            }
            ok(used > 0 && frame.len > 0 && frame.len <= size, "frame of %zu bytes from %zu\n", frame.len,
               used);
            note_frame(r->log, &r->log_len, "?HSE"[frame.type], frame.data, frame.len);
            if (++r->frames == stop_after)
            {
                r->at = pos;
                return;
            }
        }
    }
    r->at = pos;
}

static int same_run(const struct run *a, const struct run *b)
{
    return a->status == b->status && a->at == b->at && a->frames == b->frames && a->log_len == b->log_len &&
           !memcmp(a->log, b->log, a->log_len);
}

/* The stream gives the expected frames whole, byte by byte, cut at every
 * position, and in pieces of every size up to 64. */
#define check_stream(size, stop_after) check_stream_(__FILE__, __LINE__, size, stop_after)
static void check_stream_(const char *file, int line, size_t size, size_t stop_after)
{
    static struct run whole, other;
    size_t split, piece;

    run(stream, stream_len, size, 0, 0, stop_after, &whole);
    ok_(file, line)(whole.status == XMPP_FRAME_OK, "failed with %s at %zu\n",
                    xmpp_frame_status_name(whole.status), whole.at);
    ok_(file, line)(whole.log_len == expected_len && !memcmp(whole.log, expected, expected_len),
                    "frames:\n%.*s\nexpected:\n%.*s\n", (int)whole.log_len, whole.log, (int)expected_len,
                    expected);
    for (split = 1; split < stream_len; split++)
    {
        run(stream, stream_len, size, split, 0, stop_after, &other);
        if (!same_run(&whole, &other)) break;
    }
    ok_(file, line)(split >= stream_len, "cut at %zu: %s at %zu, %zu frames\n", split,
                    xmpp_frame_status_name(other.status), other.at, other.frames);
    for (piece = 1; piece <= 64; piece++)
    {
        run(stream, stream_len, size, 0, piece, stop_after, &other);
        if (!same_run(&whole, &other)) break;
    }
    ok_(file, line)(piece > 64, "pieces of %zu: %s at %zu, %zu frames\n", piece,
                    xmpp_frame_status_name(other.status), other.at, other.frames);
}

static void reset(void)
{
    stream_len = expected_len = 0;
}

static void test_starttls(void)
{
    static struct run r;

    reset();
    add(DECL);
    add(tls_header);
    add("\n");
    add(tls_features);
    add(tls_proceed);
    expect('H', tls_header);
    expect('S', tls_features);
    expect('S', tls_proceed);
    check_stream(XMPP_FRAME_DEFAULT_MAX, 0);

    /* The TLS bytes that follow <proceed/> are left where they are. */
    add(tls_hello);
    check_stream(XMPP_FRAME_DEFAULT_MAX, 3);
    run(stream, stream_len, XMPP_FRAME_DEFAULT_MAX, 0, 0, 3, &r);
    ok_int(r.at, stream_len - strlen(tls_hello));
    /* Fed on, they end the stream: 0x16 is a control character. */
    run(stream, stream_len, XMPP_FRAME_DEFAULT_MAX, 0, 0, 0, &r);
    ok_int(r.status, XMPP_FRAME_E_BAD_CHAR);
    ok_int(r.at, stream_len - strlen(tls_hello));
}

/* The text of an element as the parser would give it (no escapes here). */
static void element_text(const char *element, const char **text, size_t *len)
{
    const char *start = strchr(element, '>') + 1, *end = strrchr(element, '<');

    *text = start;
    *len = (size_t)(end - start);
}

static void test_sasl(void)
{
    unsigned char decoded[256];
    struct scram_client client;
    char message[256];
    const char *text;
    size_t len, decoded_len;

    reset();
    add(DECL);
    add(sasl_header);
    add(sasl_features);
    add(sasl_challenge);
    add(sasl_success);
    expect('H', sasl_header);
    expect('S', sasl_features);
    expect('S', sasl_challenge);
    expect('S', sasl_success);
    check_stream(XMPP_FRAME_DEFAULT_MAX, 0);

    /* The frames, which are these stanzas, carry RFC 5802's exchange: the
     * challenge and the success decode to its server messages, and SCRAM
     * completes on them. */
    scram_client_first(&client, SHA_ALGORITHM_SHA1, "user", 4, "fyko+d2lbbFgONRv9qkxdawL", 24, message,
                       sizeof(message), &len);
    element_text(sasl_challenge, &text, &len);
    ok_int(base64_decode(text, len, decoded, sizeof(decoded), &decoded_len), CORE_OK);
    ok_int(scram_client_final(&client, (const char *)decoded, decoded_len, "pencil", 6, message,
                              sizeof(message), &len),
           SCRAM_OK);
    ok_str(message, "c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=");
    element_text(sasl_success, &text, &len);
    ok_int(base64_decode(text, len, decoded, sizeof(decoded), &decoded_len), CORE_OK);
    ok_int(scram_client_verify(&client, (const char *)decoded, decoded_len), SCRAM_OK);
}

#define SESSION_STANZAS (sizeof(session_stanzas) / sizeof(session_stanzas[0]))
static size_t session_offsets[SESSION_STANZAS];

static void build_session(void)
{
    unsigned int i;

    reset();
    add(DECL "\n");
    add(session_header);
    expect('H', session_header);
    for (i = 0; i < SESSION_STANZAS; i++)
    {
        add(session_gaps[i]);
        session_offsets[i] = stream_len;
        add(session_stanzas[i]);
        expect('S', session_stanzas[i]);
    }
    add("</stream:stream >");
    expect('E', "</stream:stream >");
}

static void test_session(void)
{
    build_session();
    check_stream(XMPP_FRAME_DEFAULT_MAX, 0);

    /* Without the declaration, and with white space before the header. */
    memmove(stream, stream + strlen(DECL), stream_len - strlen(DECL));
    stream_len -= strlen(DECL);
    check_stream(XMPP_FRAME_DEFAULT_MAX, 0);
}

/* The smallest buffer that holds every frame works; one byte less fails
 * at the byte that does not fit, and never holds more. */
static void test_limits(void)
{
    static struct run r;
    size_t largest = 0, i, at = 0;

    build_session();
    for (i = 0; i < SESSION_STANZAS; i++)
    {
        if (strlen(session_stanzas[i]) <= largest) continue;
        largest = strlen(session_stanzas[i]);
        at = session_offsets[i] + largest - 1;
    }
    ok_int(largest > strlen(session_header), 1);
    check_stream(largest, 0);
    run(stream, stream_len, largest - 1, 0, 0, 0, &r);
    ok(r.status == XMPP_FRAME_E_TOO_LARGE && r.at == at, "%s at %zu, expected %zu\n",
       xmpp_frame_status_name(r.status), r.at, at);
}

/* The verdict on data (status and the offset of the failing byte, or
 * XMPP_FRAME_OK and how many frames) is the same however it is cut. */
#define expect_verdict(data, len, size, status, at)                                                          \
    expect_verdict_(__FILE__, __LINE__, data, len, size, status, at)
static void expect_verdict_(const char *file, int line, const char *data, size_t len, size_t size,
                            enum xmpp_frame_status status, size_t at)
{
    static struct run whole, other;
    size_t split;

    run(data, len, size, 0, 0, 0, &whole);
    ok_(file, line)(whole.status == status && (status == XMPP_FRAME_OK || whole.at == at),
                    "\"%.*s\": %s at %zu, expected %s at %zu\n", (int)len, data,
                    xmpp_frame_status_name(whole.status), whole.at, xmpp_frame_status_name(status), at);
    run(data, len, size, 0, 1, 0, &other);
    ok_(file, line)(same_run(&whole, &other), "byte by byte: %s at %zu\n",
                    xmpp_frame_status_name(other.status), other.at);
    for (split = 1; split < len; split++)
    {
        run(data, len, size, split, 0, 0, &other);
        if (!same_run(&whole, &other)) break;
    }
    ok_(file, line)(split >= len, "cut at %zu: %s at %zu\n", split, xmpp_frame_status_name(other.status),
                    other.at);
}

/* data fails with status at the byte at (an offset into data). */
#define expect_fail(data, status, at) expect_verdict(data, strlen(data), XMPP_FRAME_DEFAULT_MAX, status, at)
#define expect_pass(data)             expect_verdict(data, strlen(data), XMPP_FRAME_DEFAULT_MAX, XMPP_FRAME_OK, 0)
/* The same after the 15 bytes of a minimal header. */
#define H                                          "<stream:stream>"
#define expect_fail_after_header(data, status, at) expect_fail(H data, status, 15 + (at))

/* What XMPP forbids (RFC 6120 11.1) and what is not XML. */
static void test_restricted(void)
{
    expect_fail("<!-- hi --><stream:stream>", XMPP_FRAME_E_COMMENT, 2);
    expect_fail_after_header("<!-- keepalive -->", XMPP_FRAME_E_COMMENT, 2);
    expect_fail_after_header("<message><!-- x --></message>", XMPP_FRAME_E_COMMENT, 11);
    expect_fail_after_header("<?php echo 1; ?>", XMPP_FRAME_E_PI, 1);
    expect_fail_after_header("<message><?pi?></message>", XMPP_FRAME_E_PI, 10);
    expect_fail_after_header(DECL, XMPP_FRAME_E_PI, 1);
    expect_fail(" " DECL "<stream:stream>", XMPP_FRAME_E_PI, 2);
    expect_fail(DECL DECL "<stream:stream>", XMPP_FRAME_E_PI, 22);
    expect_fail("<?xml-stylesheet href='a'?><stream:stream>", XMPP_FRAME_E_PI, 5);
    expect_fail("<?xmlversion='1.0'?><stream:stream>", XMPP_FRAME_E_PI, 5);
    expect_fail("<?XML version='1.0'?><stream:stream>", XMPP_FRAME_E_PI, 2);
    expect_fail_after_header("<message><![CDATA[<b>]]></message>", XMPP_FRAME_E_CDATA, 11);
    expect_fail("<!DOCTYPE stream [<!ENTITY a 'b'>]><stream:stream>", XMPP_FRAME_E_DTD, 2);
    expect_fail(DECL "<!DOCTYPE stream>", XMPP_FRAME_E_DTD, 23);
    expect_fail_after_header("<!x>", XMPP_FRAME_E_MALFORMED, 2);
    expect_fail("<?xml version='1.0' encoding='caf\xc3\xa9'?><stream:stream>", XMPP_FRAME_E_MALFORMED, 33);
    expect_fail("<?xml version='1.0' <?><stream:stream>", XMPP_FRAME_E_MALFORMED, 20);
    expect_pass("<?xml version='1.0' encoding='UTF-8' standalone='yes' ?"
                "?><stream:stream>");
}

static void test_declaration_limit(void)
{
    char data[XMPP_FRAME_DECL_MAX + 64];
    size_t len;

    /* "<?xml" and spaces and "?>": XMPP_FRAME_DECL_MAX bytes, and one more. */
    memset(data, ' ', sizeof(data));
    memcpy(data, "<?xml", 5);
    memcpy(data + XMPP_FRAME_DECL_MAX - 2, "?><stream:stream>", 17);
    len = XMPP_FRAME_DECL_MAX - 2 + 17;
    expect_verdict(data, len, XMPP_FRAME_DEFAULT_MAX, XMPP_FRAME_OK, 0);
    memset(data, ' ', sizeof(data));
    memcpy(data, "<?xml", 5);
    memcpy(data + XMPP_FRAME_DECL_MAX - 1, "?><stream:stream>", 17);
    expect_verdict(data, len + 1, XMPP_FRAME_DEFAULT_MAX, XMPP_FRAME_E_TOO_LARGE, XMPP_FRAME_DECL_MAX);
}

/* Bytes that are not characters of an XML stream, anywhere. */
static void test_characters(void)
{
    expect_verdict("\0", 1, XMPP_FRAME_DEFAULT_MAX, XMPP_FRAME_E_NUL, 0);
    expect_verdict(H "<message>\0</message>", 15 + 20, XMPP_FRAME_DEFAULT_MAX, XMPP_FRAME_E_NUL, 15 + 9);
    expect_verdict(H "<a b='\0'/>", 15 + 10, XMPP_FRAME_DEFAULT_MAX, XMPP_FRAME_E_NUL, 15 + 6);
    expect_verdict(H " \0", 15 + 2, XMPP_FRAME_DEFAULT_MAX, XMPP_FRAME_E_NUL, 15 + 1);
    expect_fail_after_header("<a>\x01</a>", XMPP_FRAME_E_BAD_CHAR, 3);
    expect_fail_after_header("<a>\x1b[0m</a>", XMPP_FRAME_E_BAD_CHAR, 3);
    expect_fail_after_header("\x0c", XMPP_FRAME_E_BAD_CHAR, 0);
    expect_fail_after_header("<a b='\x08'/>", XMPP_FRAME_E_BAD_CHAR, 6);
    expect_fail_after_header("<a>\xef\xbf\xbe</a>", XMPP_FRAME_E_BAD_CHAR, 5);
    expect_fail_after_header("<a>\xef\xbf\xbf</a>", XMPP_FRAME_E_BAD_CHAR, 5);
    /* DEL and C1 controls are XML 1.0 characters. */
    expect_pass(H "<a>\x7f\xc2\x85</a>");

    /* Malformed UTF-8 fails at the first byte that cannot belong. */
    expect_fail_after_header("<a>\x80</a>", XMPP_FRAME_E_UTF8, 3);
    expect_fail_after_header("<a>\xc0\x80</a>", XMPP_FRAME_E_UTF8, 3);
    expect_fail_after_header("<a>\xc1\xbf</a>", XMPP_FRAME_E_UTF8, 3);
    expect_fail_after_header("<a>\xe0\x80\x80</a>", XMPP_FRAME_E_UTF8, 4);
    expect_fail_after_header("<a>\xe0\x9f\xbf</a>", XMPP_FRAME_E_UTF8, 4);
    expect_fail_after_header("<a>\xed\xa0\x80</a>", XMPP_FRAME_E_UTF8, 4);
    expect_fail_after_header("<a>\xf0\x8f\xbf\xbf</a>", XMPP_FRAME_E_UTF8, 4);
    expect_fail_after_header("<a>\xf4\x90\x80\x80</a>", XMPP_FRAME_E_UTF8, 4);
    expect_fail_after_header("<a>\xf5\x80\x80\x80</a>", XMPP_FRAME_E_UTF8, 3);
    expect_fail_after_header("<a>\xff</a>", XMPP_FRAME_E_UTF8, 3);
    expect_fail_after_header("<a>\xc3(</a>", XMPP_FRAME_E_UTF8, 4);
    expect_fail_after_header("<a>\xe2\x82</a>", XMPP_FRAME_E_UTF8, 5);
    expect_fail_after_header("<a>\xf0\x9f\x98</a>", XMPP_FRAME_E_UTF8, 6);
    /* The edges that are allowed. */
    expect_pass(H "<a>\xc2\x80\xdf\xbf\xe0\xa0\x80\xed\x9f\xbf\xee\x80\x80\xef\xbf\xbd\xf0\x90\x80\x80"
                  "\xf4\x8f\xbf\xbf</a>");
    /* Non-ASCII names and attribute values. */
    expect_pass(H "<caf\xc3\xa9 \xc3\xa9t\xc3\xa9='\xe2\x82\xac'></caf\xc3\xa9>");
}

/* What a peer sends that is not an XMPP stream at all. */
static void test_not_a_stream(void)
{
    expect_fail("hello", XMPP_FRAME_E_NOT_STREAM, 0);
    expect_fail("HTTP/1.1 400 Bad Request\r\n\r\n", XMPP_FRAME_E_NOT_STREAM, 0);
    expect_fail("  \r\n x", XMPP_FRAME_E_NOT_STREAM, 5);
    expect_verdict("\x16\x03\x01\x02\x00\x01", 6, XMPP_FRAME_DEFAULT_MAX, XMPP_FRAME_E_BAD_CHAR, 0);
    expect_verdict("\x15\x03\x03\x00\x02", 5, XMPP_FRAME_DEFAULT_MAX, XMPP_FRAME_E_BAD_CHAR, 0);
    expect_fail("<html><body>", XMPP_FRAME_E_NOT_STREAM, 1);
    expect_fail("<stream>", XMPP_FRAME_E_NOT_STREAM, 7);
    expect_fail("<stream:strea>", XMPP_FRAME_E_NOT_STREAM, 13);
    expect_fail("<stream:streams>", XMPP_FRAME_E_NOT_STREAM, 14);
    expect_fail("<STREAM:STREAM>", XMPP_FRAME_E_NOT_STREAM, 1);
    expect_fail("<x:stream>", XMPP_FRAME_E_NOT_STREAM, 1);
    expect_fail("<stream:stream/>", XMPP_FRAME_E_NOT_STREAM, 15);
    expect_fail("<stream:stream xmlns='jabber:client'/>", XMPP_FRAME_E_NOT_STREAM, 37);
    expect_fail("</stream:stream>", XMPP_FRAME_E_NOT_STREAM, 1);
    expect_fail("< stream:stream>", XMPP_FRAME_E_MALFORMED, 1);
    /* The minimal header, and its forms. */
    expect_pass(H);
    expect_pass("<stream:stream\n>");
    expect_pass("<stream:stream a='1'  b=\"2\"\t>");
}

/* Text between stanzas, and the stream's own end. */
static void test_stream_level(void)
{
    expect_fail_after_header("hello", XMPP_FRAME_E_TEXT, 0);
    expect_fail_after_header(" \n x", XMPP_FRAME_E_TEXT, 3);
    expect_fail_after_header("&amp;", XMPP_FRAME_E_TEXT, 0);
    expect_fail_after_header(">", XMPP_FRAME_E_TEXT, 0);
    expect_fail_after_header("<presence/>text", XMPP_FRAME_E_TEXT, 11);
    expect_fail_after_header("<stream:stream>", XMPP_FRAME_E_NESTED_STREAM, 14);
    expect_fail_after_header("<stream:stream/>", XMPP_FRAME_E_NESTED_STREAM, 14);
    expect_fail_after_header("<stream:stream a='1'>", XMPP_FRAME_E_NESTED_STREAM, 14);
    expect_pass(H "<stream:streams/><stream:stream.x/>");
    expect_fail_after_header("</message>", XMPP_FRAME_E_MISMATCH, 2);
    expect_fail_after_header("</stream:streamx>", XMPP_FRAME_E_MISMATCH, 15);
    expect_fail_after_header("</stream:strea>", XMPP_FRAME_E_MISMATCH, 14);
    expect_fail_after_header("</stream:stream> ", XMPP_FRAME_E_AFTER_END, 16);
    expect_verdict(H "</stream:stream>\0", 15 + 17, XMPP_FRAME_DEFAULT_MAX, XMPP_FRAME_E_AFTER_END, 15 + 16);
    expect_fail_after_header("</stream:stream><stream:stream>", XMPP_FRAME_E_AFTER_END, 16);
    expect_pass(H "  </stream:stream \n>");
    expect_pass(H "<a/></stream:stream>");
}

/* Start tags, end tags, attributes. */
static void test_markup(void)
{
    expect_fail_after_header("<message></iq>", XMPP_FRAME_E_MISMATCH, 11);
    expect_fail_after_header("<a><b></a></b>", XMPP_FRAME_E_MISMATCH, 8);
    expect_fail_after_header("<message></messages>", XMPP_FRAME_E_MISMATCH, 18);
    expect_fail_after_header("<message></mess>", XMPP_FRAME_E_MISMATCH, 15);
    expect_fail_after_header("<message></Message>", XMPP_FRAME_E_MISMATCH, 11);
    expect_fail_after_header("<a></a b>", XMPP_FRAME_E_MALFORMED, 7);
    expect_fail_after_header("<a></ a>", XMPP_FRAME_E_MALFORMED, 5);
    expect_fail_after_header("<a></>", XMPP_FRAME_E_MALFORMED, 5);
    expect_fail_after_header("<a></a/>", XMPP_FRAME_E_MALFORMED, 6);
    expect_fail_after_header("< a/>", XMPP_FRAME_E_MALFORMED, 1);
    expect_fail_after_header("<1a/>", XMPP_FRAME_E_MALFORMED, 1);
    expect_fail_after_header("<-a/>", XMPP_FRAME_E_MALFORMED, 1);
    expect_fail_after_header("<a!/>", XMPP_FRAME_E_MALFORMED, 2);
    expect_fail_after_header("<a b/>", XMPP_FRAME_E_MALFORMED, 4);
    expect_fail_after_header("<a b>", XMPP_FRAME_E_MALFORMED, 4);
    expect_fail_after_header("<a b=c/>", XMPP_FRAME_E_MALFORMED, 5);
    expect_fail_after_header("<a b='1'c='2'/>", XMPP_FRAME_E_MALFORMED, 8);
    expect_fail_after_header("<a b='1' / >", XMPP_FRAME_E_MALFORMED, 10);
    expect_fail_after_header("<a =''/>", XMPP_FRAME_E_MALFORMED, 3);
    expect_fail_after_header("<a b=='1'/>", XMPP_FRAME_E_MALFORMED, 5);
    expect_fail_after_header("<a b='1'/ >", XMPP_FRAME_E_MALFORMED, 9);
    expect_fail_after_header("<a b='x<y'/>", XMPP_FRAME_E_MALFORMED, 7);
    expect_fail_after_header("<a b=\"x<y\"/>", XMPP_FRAME_E_MALFORMED, 7);
    /* U+00A0 is no name character, but the exact ranges are the parser's. */
    expect_pass(H "<a\xc2\xa0/>");
    /* Quotes, '>' and '/' inside values, white space around '='. */
    expect_pass(H "<a b='>' c=\"/>\" d='\"' e=\"'\"/>");
    expect_pass(H "<a  b = '1'  c=\"2\"  />");
    expect_pass(H "<a\tb='1'\n/><a\r\nb\r\n=\r\n'1'\r\n></a\r\n>");
    expect_pass(H "<a:b.c-d_e x:y='1'><_/></a:b.c-d_e>");
}

/* An unterminated value, or a stanza that never ends, fills the buffer
 * and no more. */
static void test_unterminated(void)
{
    char data[15 + 64];

    memcpy(data, H "<a b='", 21);
    memset(data + 21, 'x', sizeof(data) - 21);
    expect_verdict(data, sizeof(data), 32, XMPP_FRAME_E_TOO_LARGE, 15 + 32);
    memcpy(data, H "<a>", 18);
    expect_verdict(data, sizeof(data), 32, XMPP_FRAME_E_TOO_LARGE, 15 + 32);
    /* The header counts against the same limit. */
    expect_verdict(H, 15, 14, XMPP_FRAME_E_TOO_LARGE, 14);
    expect_verdict(H, 15, 15, XMPP_FRAME_OK, 0);
}

/* Depth: XMPP_FRAME_DEPTH_MAX elements open in one stanza, not one more. */
static void test_depth(void)
{
    char data[15 + XMPP_FRAME_DEPTH_MAX * 8 + 8];
    size_t len = 15, i;

    memcpy(data, H, 15);
    for (i = 0; i < XMPP_FRAME_DEPTH_MAX; i++)
    {
        memcpy(data + len, "<a>", 3);
        len += 3;
    }
    /* Self-closing elements at the deepest level open nothing. */
    memcpy(data + len, "<b/>", 4);
    len += 4;
    for (i = 0; i < XMPP_FRAME_DEPTH_MAX; i++)
    {
        memcpy(data + len, "</a>", 4);
        len += 4;
    }
    expect_verdict(data, len, XMPP_FRAME_DEFAULT_MAX, XMPP_FRAME_OK, 0);
    memcpy(data + 15 + 3 * XMPP_FRAME_DEPTH_MAX, "<b>", 3);
    expect_verdict(data, 15 + 3 * XMPP_FRAME_DEPTH_MAX + 3, XMPP_FRAME_DEFAULT_MAX, XMPP_FRAME_E_TOO_DEEP,
                   15 + 3 * XMPP_FRAME_DEPTH_MAX + 2);
}

/* Whitespace keepalives cost nothing, however many. */
static void test_keepalives(void)
{
    char data[15 + 4096 + 5];
    static struct run r;

    memcpy(data, H, 15);
    memset(data + 15, ' ', 4096);
    memcpy(data + 15 + 4096, "<a/>", 4);
    /* A buffer of 16 bytes, four thousand spaces. */
    run(data, 15 + 4096 + 4, 16, 0, 0, 0, &r);
    ok(r.status == XMPP_FRAME_OK && r.frames == 2, "%s, %zu frames\n", xmpp_frame_status_name(r.status),
       r.frames);
}

static void test_api(void)
{
    struct xmpp_framer framer;
    struct xmpp_frame frame;
    char buffer[64];
    size_t used;

    ok_int(xmpp_framer_init(&framer, NULL, 64), XMPP_FRAME_E_INVALIDARG);
    ok_int(xmpp_framer_feed(&framer, H, 15, &used, &frame), XMPP_FRAME_E_INVALIDARG);
    ok_int(used, 0);
    ok_int(xmpp_framer_init(&framer, buffer, 0), XMPP_FRAME_E_INVALIDARG);
    ok_int(xmpp_framer_init(&framer, buffer, sizeof(buffer)), XMPP_FRAME_OK);
    ok_int(xmpp_framer_feed(&framer, NULL, 0, &used, &frame), XMPP_FRAME_OK);
    ok_int(frame.type, XMPP_FRAME_NONE);
    ok_int(xmpp_framer_feed(&framer, NULL, 1, &used, &frame), XMPP_FRAME_E_INVALIDARG);
    ok_int(xmpp_framer_feed(&framer, H, 15, &used, &frame), XMPP_FRAME_E_INVALIDARG);

    /* A frame's bytes stay until the next call. */
    xmpp_framer_init(&framer, buffer, sizeof(buffer));
    ok_int(xmpp_framer_feed(&framer, H "<a/>", 19, &used, &frame), XMPP_FRAME_OK);
    ok(frame.type == XMPP_FRAME_HEADER && used == 15 && frame.len == 15 && !memcmp(frame.data, H, 15),
       "header %d, %zu\n", frame.type, used);
    ok_int(xmpp_framer_feed(&framer, "<a/>", 4, &used, &frame), XMPP_FRAME_OK);
    ok(frame.type == XMPP_FRAME_STANZA && used == 4 && frame.len == 4 && !memcmp(frame.data, "<a/>", 4),
       "stanza %d, %zu\n", frame.type, used);
    ok_int(xmpp_framer_feed(&framer, "</stream:stream>", 16, &used, &frame), XMPP_FRAME_OK);
    ok(frame.type == XMPP_FRAME_END && used == 16 && frame.len == 16, "end %d\n", frame.type);
    ok_int(xmpp_framer_feed(&framer, NULL, 0, &used, &frame), XMPP_FRAME_OK);
    ok_int(xmpp_framer_feed(&framer, " ", 1, &used, &frame), XMPP_FRAME_E_AFTER_END);
    ok_int(used, 1);

    ok_str(xmpp_frame_status_name(XMPP_FRAME_E_CDATA), "E_CDATA");
    ok_str(xmpp_frame_status_name((enum xmpp_frame_status) - 99), "UNKNOWN");
    ok_int(strlen(xmpp_frame_status_text(XMPP_FRAME_E_COMMENT)) > 10, 1);
}

int main(void)
{
    test_starttls();
    test_sasl();
    test_session();
    test_limits();
    test_restricted();
    test_declaration_limit();
    test_characters();
    test_not_a_stream();
    test_stream_level();
    test_markup();
    test_unterminated();
    test_depth();
    test_keepalives();
    test_api();
    return test_summary();
}
