/*
 * Native tests of the wire format (src/core/wire.c): the spec's example payloads, round trips, malformed
 * input, framing.
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
#include <stdlib.h>
#include <string.h>

#include "core/wire.h"
#include "coretest.h"

/* The values of the examples in invite-wire-protocol.md section 2. */
#define APP_GUID   "{8E3B7A52-1C2D-4E5F-9A6B-7C8D9E0F1A2B}"
#define SESSION_ID "{6B1E2C4A-90D3-4F7B-A5E2-1C3D9F00B7A1}"
#define COOKIE     48213377u
#define MIME       "MIME-Version: 1.0\r\nContent-Type: text/x-msmsgsinvite; charset=UTF-8\r\n\r\n"
/* The fields a CANCEL we send starts with, in the order we send them. */
#define SENT_CANCEL(code)                                                                                    \
    MIME "Invitation-Command: CANCEL\r\n"                                                                    \
         "Cancel-Code: " code "\r\n"                                                                         \
         "Invitation-Cookie: 48213377\r\n"                                                                   \
         "Session-ID: " SESSION_ID "\r\n"

/* 2.1, step 1: 383 bytes. */
static const char example_invite[] = MIME "Application-Name: Chess Board\r\n"
                                          "Application-GUID: " APP_GUID "\r\n"
                                          "Application-URL: http://apps.example.org/chess/\r\n"
                                          "Session-Protocol: SM1\r\n"
                                          "Context-Data: board=classic;side=white\r\n"
                                          "Invitation-Command: INVITE\r\n"
                                          "Invitation-Cookie: 48213377\r\n"
                                          "Session-ID: " SESSION_ID "\r\n"
                                          "\r\n";

/* 2.1, step 2: 303 bytes. */
static const char example_accept1[] = MIME "Invitation-Command: ACCEPT\r\n"
                                           "Invitation-Cookie: 48213377\r\n"
                                           "Session-ID: " SESSION_ID "\r\n"
                                           "Session-Protocol: SM1\r\n"
                                           "Context-Data: ready\r\n"
                                           "Launch-Application: TRUE\r\n"
                                           "Request-Data: IP-Address:\r\n"
                                           "IP-Address: 192.0.2.45\r\n"
                                           "\r\n";

/* 2.1, step 3: 234 bytes. */
static const char example_accept2[] = MIME "Invitation-Command: ACCEPT\r\n"
                                           "Invitation-Cookie: 48213377\r\n"
                                           "Session-ID: " SESSION_ID "\r\n"
                                           "Launch-Application: TRUE\r\n"
                                           "IP-Address: 198.51.100.7\r\n"
                                           "\r\n";

/* 2.3 (203 bytes) as printed there, and in the order of the official CANCEL
 * captures (spec 1.5), which we send: same fields, same size. */
static const char example_decline_spec[] = MIME "Invitation-Command: CANCEL\r\n"
                                                "Invitation-Cookie: 48213377\r\n"
                                                "Cancel-Code: REJECT\r\n"
                                                "Session-ID: " SESSION_ID "\r\n"
                                                "\r\n";
static const char example_decline[] = SENT_CANCEL("REJECT") "\r\n";

/* 2.4: the same with TIMEOUT, 204 bytes. */
static const char example_timeout[] = SENT_CANCEL("TIMEOUT") "\r\n";

/* 2.6 without Session-ID: 165 bytes (its fields need no reordering). */
static const char example_not_installed[] = MIME "Invitation-Command: CANCEL\r\n"
                                                 "Invitation-Cookie: 48213377\r\n"
                                                 "Cancel-Code: REJECT_NOT_INSTALLED\r\n"
                                                 "\r\n";
static const char example_not_installed_sent[] = MIME "Invitation-Command: CANCEL\r\n"
                                                      "Cancel-Code: REJECT_NOT_INSTALLED\r\n"
                                                      "Invitation-Cookie: 48213377\r\n"
                                                      "\r\n";

/* 2.7: 216 bytes. */
static const char example_context[] = MIME "Invitation-Command: CONTEXT\r\n"
                                           "Invitation-Cookie: 48213377\r\n"
                                           "Session-ID: " SESSION_ID "\r\n"
                                           "Context-Data: 198.51.100.7:6112\r\n"
                                           "\r\n";

static struct core_message message(enum core_message_type type)
{
    struct core_message msg = {.type = type, .session_id = SESSION_ID, .data = "", .cookie = COOKIE};

    return msg;
}

#define expect_build(msg, expected) expect_build_(__FILE__, __LINE__, msg, expected)
static void expect_build_(const char *file, int line, const struct core_message *msg, const char *expected)
{
    char buf[WIRE_PAYLOAD_MAX + 1];
    size_t len = 12345;
    enum core_status status = wire_build(msg, buf, sizeof(buf), &len);

    ok_(file, line)(status == CORE_OK, "build failed: %s\n", core_status_name(status));
    if (status != CORE_OK) return;
    ok_(file, line)(len == strlen(expected) && !strcmp(buf, expected),
                    "got %u bytes\n%s\nexpected %u bytes\n%s\n", (unsigned int)len, buf,
                    (unsigned int)strlen(expected), expected);
}

static void test_build_examples(void)
{
    struct core_message msg;

    /* The byte counts printed in the spec. */
    ok_int(strlen(MIME), 71);
    ok_int(strlen(example_invite), 383);
    ok_int(strlen(example_accept1), 303);
    ok_int(strlen(example_accept2), 234);
    ok_int(strlen(example_decline_spec), 203);
    ok_int(strlen(example_decline), 203);
    ok_int(strlen(example_timeout), 204);
    ok_int(strlen(example_not_installed), 165);
    ok_int(strlen(example_context), 216);

    msg = message(CORE_MESSAGE_INVITE);
    msg.app_name = "Chess Board";
    msg.app_guid = APP_GUID;
    msg.app_url = "http://apps.example.org/chess/";
    msg.data = "board=classic;side=white";
    expect_build(&msg, example_invite);

    msg = message(CORE_MESSAGE_ACCEPT);
    msg.data = "ready";
    msg.address = "192.0.2.45";
    expect_build(&msg, example_accept1);

    msg = message(CORE_MESSAGE_ACCEPT);
    msg.final_accept = 1;
    msg.address = "198.51.100.7";
    expect_build(&msg, example_accept2);

    msg = message(CORE_MESSAGE_DECLINE);
    msg.cancel_code = CORE_CANCEL_REJECT;
    expect_build(&msg, example_decline);
    /* A decline is REJECT whatever else the code says. */
    msg.cancel_code = CORE_CANCEL_TIMEOUT;
    expect_build(&msg, example_decline);

    msg = message(CORE_MESSAGE_CANCEL);
    msg.cancel_code = CORE_CANCEL_TIMEOUT;
    msg.reason = CORE_E_TIMEOUT;
    expect_build(&msg, example_timeout);

    msg = message(CORE_MESSAGE_DECLINE);
    msg.cancel_code = CORE_CANCEL_REJECT_NOT_INSTALLED;
    msg.session_id = NULL;
    expect_build(&msg, example_not_installed_sent);
    msg.session_id = "";
    expect_build(&msg, example_not_installed_sent);

    msg = message(CORE_MESSAGE_CONTEXT_DATA);
    msg.data = "198.51.100.7:6112";
    expect_build(&msg, example_context);
}

static void test_build_fields(void)
{
    struct core_message msg;

    /* Ours: the INVITE carries the inviter's LocalAddress; empty optional
     * fields are left out; the name is always there. */
    msg = message(CORE_MESSAGE_INVITE);
    msg.app_guid = APP_GUID;
    msg.address = "10.0.0.1";
    msg.cookie = 4294967295u;
    expect_build(&msg, MIME "Application-Name: \r\n"
                            "Application-GUID: " APP_GUID "\r\n"
                            "Session-Protocol: SM1\r\n"
                            "Invitation-Command: INVITE\r\n"
                            "Invitation-Cookie: 4294967295\r\n"
                            "Session-ID: " SESSION_ID "\r\n"
                            "IP-Address: 10.0.0.1\r\n"
                            "\r\n");

    /* ACCEPT #1 without address or data still asks for the peer's. */
    msg = message(CORE_MESSAGE_ACCEPT);
    msg.data = NULL;
    expect_build(&msg, MIME "Invitation-Command: ACCEPT\r\n"
                            "Invitation-Cookie: 48213377\r\n"
                            "Session-ID: " SESSION_ID "\r\n"
                            "Session-Protocol: SM1\r\n"
                            "Launch-Application: TRUE\r\n"
                            "Request-Data: IP-Address:\r\n"
                            "\r\n");

    /* Decline data goes into Context-Data (spec 2.3 Rec). */
    msg = message(CORE_MESSAGE_DECLINE);
    msg.data = "busy";
    expect_build(&msg, SENT_CANCEL("REJECT") "Context-Data: busy\r\n"
                                             "\r\n");

    /* Cancel(hr, data): the code the session chose plus the exact hr. */
    msg = message(CORE_MESSAGE_CANCEL);
    msg.cancel_code = CORE_CANCEL_OUTBANDCANCEL;
    msg.reason = CORE_E_PEER_HRESULT;
    msg.hr = (int32_t)0x8100060A;
    msg.data = "bye";
    expect_build(&msg, SENT_CANCEL("OUTBANDCANCEL") "Context-Data: bye\r\n"
                                                    "X-Msgsc-HResult: 0x8100060A\r\n"
                                                    "\r\n");
    msg.cancel_code = CORE_CANCEL_REJECT;
    msg.hr = 0;
    msg.data = "";
    expect_build(&msg, SENT_CANCEL("REJECT") "X-Msgsc-HResult: 0x00000000\r\n"
                                             "\r\n");

    /* Without a code, the reason chooses one (spec 9.1). */
    msg = message(CORE_MESSAGE_CANCEL);
    msg.reason = CORE_E_LAUNCH_FAILED;
    expect_build(&msg, SENT_CANCEL("FAIL") "\r\n");
    msg.reason = CORE_E_TIMEOUT;
    expect_build(&msg, example_timeout);
    msg.reason = CORE_OK;
    expect_build(&msg, SENT_CANCEL("OUTBANDCANCEL") "\r\n");

    ok_str(wire_cancel_code_name(CORE_CANCEL_REJECT_NOT_INSTALLED), "REJECT_NOT_INSTALLED");
    ok_str(wire_cancel_code_name(CORE_CANCEL_NONE), "");
    ok_str(wire_cancel_code_name((enum core_cancel_code)99), "");
}

static void test_build_errors(void)
{
    char buf[WIRE_PAYLOAD_MAX + 1];
    struct core_message msg;
    size_t len;

    msg = message(CORE_MESSAGE_CONTEXT_DATA);
    ok_status(wire_build(NULL, buf, sizeof(buf), &len), CORE_E_INVALIDARG);
    ok_status(wire_build(&msg, buf, sizeof(buf), NULL), CORE_E_INVALIDARG);
    ok_status(wire_build(&msg, NULL, 10, &len), CORE_E_INVALIDARG);
    msg.cookie = 0;
    ok_status(wire_build(&msg, buf, sizeof(buf), &len), CORE_E_INVALIDARG);
    msg.cookie = COOKIE;
    msg.type = (enum core_message_type)42;
    ok_status(wire_build(&msg, buf, sizeof(buf), &len), CORE_E_INVALIDARG);

    msg = message(CORE_MESSAGE_INVITE);
    ok_status(wire_build(&msg, buf, sizeof(buf), &len), CORE_E_INVALIDARG);
    msg.app_guid = "";
    ok_status(wire_build(&msg, buf, sizeof(buf), &len), CORE_E_INVALIDARG);

    /* Values cannot span lines (spec 7). */
    msg.app_guid = APP_GUID;
    msg.app_name = "Chess\r\nInvitation-Command: CANCEL";
    ok_status(wire_build(&msg, buf, sizeof(buf), &len), CORE_E_INVALIDARG);
    msg.app_name = "Chess";
    msg.data = "a\nb";
    ok_status(wire_build(&msg, buf, sizeof(buf), &len), CORE_E_INVALIDARG);
    msg.data = "a\rb";
    ok_status(wire_build(&msg, buf, sizeof(buf), &len), CORE_E_INVALIDARG);
    msg.data = "";
    msg.session_id = "{x}\r";
    ok_status(wire_build(&msg, buf, sizeof(buf), &len), CORE_E_INVALIDARG);
    msg.session_id = SESSION_ID;
    msg.address = "1.2.3.4\n";
    ok_status(wire_build(&msg, buf, sizeof(buf), &len), CORE_E_INVALIDARG);
    msg.address = NULL;

    /* A small buffer: nothing is truncated, and the size needed is told. */
    ok_status(wire_build(&msg, buf, 100, &len), CORE_E_FAIL);
    ok_int(len, 288);
    ok_status(wire_build(&msg, NULL, 0, &len), CORE_E_FAIL);
    ok_int(len, 288);
    ok_status(wire_build(&msg, buf, 288, &len), CORE_E_FAIL);
    ok_status(wire_build(&msg, buf, 289, &len), CORE_OK);
    ok_int(len, 288);
    ok_int(buf[288], 0);
}

/* msg, given data that makes its payload WIRE_PAYLOAD_MAX bytes, builds; one
 * byte more is refused with too_long.  Returns the length the refusal gave. */
#define check_data_limit(msg, fill, too_long) check_data_limit_(__FILE__, __LINE__, msg, fill, too_long)
static size_t check_data_limit_(const char *file, int line, struct core_message msg, char fill,
                                enum core_status too_long)
{
    static char data[WIRE_PAYLOAD_MAX + 1];
    char buf[WIRE_PAYLOAD_MAX + 2];
    size_t len, base;

    wire_build(&msg, buf, sizeof(buf), &base);
    /* "Context-Data: " + data + CR LF */
    memset(data, fill, WIRE_PAYLOAD_MAX - base - 16);
    data[WIRE_PAYLOAD_MAX - base - 16] = 0;
    msg.data = data;
    test_ok_status(file, line, "the largest payload", wire_build(&msg, buf, sizeof(buf), &len), CORE_OK);
    test_ok_int(file, line, "its length", len, WIRE_PAYLOAD_MAX);
    data[WIRE_PAYLOAD_MAX - base - 16] = fill;
    test_ok_status(file, line, "one byte more", wire_build(&msg, buf, sizeof(buf), &len), too_long);
    return len;
}

/* The largest payload passes; one byte more fails, never truncated. */
static void test_build_limits(void)
{
    static char data[WIRE_PAYLOAD_MAX + 1];
    char buf[WIRE_PAYLOAD_MAX + 2];
    struct core_message msg;
    size_t len;

    msg = message(CORE_MESSAGE_INVITE);
    msg.app_guid = APP_GUID;
    ok_int(check_data_limit(msg, 'x', CORE_E_INVALIDARG), 0);

    check_data_limit(message(CORE_MESSAGE_CONTEXT_DATA), 'y', CORE_E_CONTEXT_DATA_OVER_LIMIT);

    msg = message(CORE_MESSAGE_CANCEL);
    memset(data, 'z', WIRE_PAYLOAD_MAX);
    data[WIRE_PAYLOAD_MAX] = 0;
    msg.data = data;
    ok_status(wire_build(&msg, buf, sizeof(buf), &len), CORE_E_INVALIDARG);
}

/* Parses a payload from a heap copy of exactly its bytes, so that ASan
 * catches any read past the end. */
static enum core_status parse(const char *payload, size_t len, struct wire_parsed *out)
{
    char *copy = malloc(len ? len : 1);
    enum core_status status;

    memcpy(copy, payload, len);
    status = wire_parse(copy, len, "alice@example.com", out);
    free(copy);
    return status;
}

static enum core_status parse_text(const char *payload, struct wire_parsed *out)
{
    return parse(payload, strlen(payload), out);
}

static int same(const char *a, const char *b)
{
    return !strcmp(a ? a : "", b ? b : "");
}

static void test_parse_examples(void)
{
    struct wire_parsed p;
    enum core_status status;

    status = parse_text(example_invite, &p);
    ok(status == CORE_OK, "INVITE: %s (%s)\n", core_status_name(status), p.error);
    ok_int(p.command, WIRE_COMMAND_INVITE);
    ok_int(p.msg.type, CORE_MESSAGE_INVITE);
    ok_int(p.msg.cookie, COOKIE);
    ok(same(p.msg.peer, "alice@example.com"), "peer %s\n", p.msg.peer);
    ok(same(p.msg.app_name, "Chess Board"), "name %s\n", p.msg.app_name);
    ok(same(p.msg.app_guid, APP_GUID), "guid %s\n", p.msg.app_guid);
    ok(same(p.msg.app_url, "http://apps.example.org/chess/"), "url %s\n", p.msg.app_url);
    ok(same(p.msg.session_id, SESSION_ID), "session %s\n", p.msg.session_id);
    ok(same(p.msg.data, "board=classic;side=white"), "data %s\n", p.msg.data);
    ok_str(p.msg.address, NULL);
    ok(same(p.session_protocol, "SM1") && same(p.command_text, "INVITE"), "protocol %s, command %s\n",
       p.session_protocol, p.command_text);
    ok_int(wire_invite_check(&p), CORE_CANCEL_NONE);
    ok_str(p.error, "");

    status = parse_text(example_accept1, &p);
    ok(status == CORE_OK, "ACCEPT #1: %s (%s)\n", core_status_name(status), p.error);
    ok_int(p.msg.type, CORE_MESSAGE_ACCEPT);
    ok_int(p.msg.final_accept, 0);
    ok(same(p.msg.address, "192.0.2.45") && same(p.msg.data, "ready"), "address %s data %s\n", p.msg.address,
       p.msg.data);

    status = parse_text(example_accept2, &p);
    ok(status == CORE_OK, "ACCEPT #2: %s (%s)\n", core_status_name(status), p.error);
    ok_int(p.msg.type, CORE_MESSAGE_ACCEPT);
    ok(p.msg.final_accept, "not the final ACCEPT\n");
    ok(same(p.msg.address, "198.51.100.7") && same(p.msg.data, ""), "address %s data %s\n", p.msg.address,
       p.msg.data);

    /* Both field orders of the decline. */
    status = parse_text(example_decline_spec, &p);
    ok(status == CORE_OK, "decline: %s (%s)\n", core_status_name(status), p.error);
    ok_int(p.msg.type, CORE_MESSAGE_DECLINE);
    ok_int(p.msg.cancel_code, CORE_CANCEL_REJECT);
    ok_int(p.command, WIRE_COMMAND_CANCEL);
    ok(same(p.cancel_code_text, "REJECT"), "code %s\n", p.cancel_code_text);
    status = parse_text(example_decline, &p);
    ok(status == CORE_OK, "decline: %s (%s)\n", core_status_name(status), p.error);
    ok_int(p.msg.type, CORE_MESSAGE_DECLINE);

    status = parse_text(example_timeout, &p);
    ok(status == CORE_OK, "timeout: %s (%s)\n", core_status_name(status), p.error);
    ok_int(p.msg.type, CORE_MESSAGE_CANCEL);
    ok_status(p.msg.reason, CORE_E_TIMEOUT);

    status = parse_text(example_not_installed, &p);
    ok(status == CORE_OK, "not installed: %s (%s)\n", core_status_name(status), p.error);
    ok_int(p.msg.type, CORE_MESSAGE_DECLINE);
    ok_int(p.msg.cancel_code, CORE_CANCEL_REJECT_NOT_INSTALLED);
    ok_str(p.msg.session_id, NULL);

    status = parse_text(example_context, &p);
    ok(status == CORE_OK, "context: %s (%s)\n", core_status_name(status), p.error);
    ok_int(p.command, WIRE_COMMAND_CONTEXT);
    ok_int(p.msg.type, CORE_MESSAGE_CONTEXT_DATA);
    ok(same(p.msg.data, "198.51.100.7:6112"), "data %s\n", p.msg.data);
}

/* Spec 9.2 and the private X-Msgsc-HResult. */
static void test_parse_cancel(void)
{
    static const struct
    {
        const char *fields;
        enum core_message_type type;
        enum core_cancel_code code;
        enum core_status reason;
        int32_t hr;
    } tests[] = {
        {"Cancel-Code: REJECT\r\n", CORE_MESSAGE_DECLINE, CORE_CANCEL_REJECT, CORE_OK, 0},
        {"Cancel-Code: REJECT_NOT_INSTALLED\r\n", CORE_MESSAGE_DECLINE, CORE_CANCEL_REJECT_NOT_INSTALLED,
         CORE_OK, 0},
        {"Cancel-Code: TIMEOUT\r\n", CORE_MESSAGE_CANCEL, CORE_CANCEL_TIMEOUT, CORE_E_TIMEOUT, 0},
        {"Cancel-Code: FTTIMEOUT\r\n", CORE_MESSAGE_CANCEL, CORE_CANCEL_FTTIMEOUT, CORE_E_TIMEOUT, 0},
        {"Cancel-Code: FAIL\r\n", CORE_MESSAGE_CANCEL, CORE_CANCEL_FAIL, CORE_E_PROTOCOL_ERROR, 0},
        {"Cancel-Code: OUTBANDCANCEL\r\n", CORE_MESSAGE_CANCEL, CORE_CANCEL_OUTBANDCANCEL, CORE_OK, 0},
        {"Cancel-Code: USER_CANCEL\r\n", CORE_MESSAGE_CANCEL, CORE_CANCEL_NONE, CORE_OK, 0},
        {"", CORE_MESSAGE_CANCEL, CORE_CANCEL_NONE, CORE_OK, 0},
        {"Cancel-Code: reject\r\n", CORE_MESSAGE_DECLINE, CORE_CANCEL_REJECT, CORE_OK, 0},
        /* A msgsc peer's Cancel(hr): the exact code, whatever the token. */
        {"Cancel-Code: REJECT\r\nX-Msgsc-HResult: 0x8100060A\r\n", CORE_MESSAGE_CANCEL, CORE_CANCEL_REJECT,
         CORE_E_PEER_HRESULT, (int32_t)0x8100060A},
        {"Cancel-Code: TIMEOUT\r\nx-msgsc-hresult: 0X80004004\r\n", CORE_MESSAGE_CANCEL, CORE_CANCEL_TIMEOUT,
         CORE_E_PEER_HRESULT, (int32_t)0x80004004},
        {"X-Msgsc-HResult: 0x0\r\n", CORE_MESSAGE_CANCEL, CORE_CANCEL_NONE, CORE_E_PEER_HRESULT, 0},
        {"X-Msgsc-HResult: 0xffffffff\r\n", CORE_MESSAGE_CANCEL, CORE_CANCEL_NONE, CORE_E_PEER_HRESULT, -1},
        /* A malformed private field is ignored. */
        {"Cancel-Code: REJECT\r\nX-Msgsc-HResult: 0x123456789\r\n", CORE_MESSAGE_DECLINE, CORE_CANCEL_REJECT,
         CORE_OK, 0},
        {"Cancel-Code: REJECT\r\nX-Msgsc-HResult: 1234\r\n", CORE_MESSAGE_DECLINE, CORE_CANCEL_REJECT,
         CORE_OK, 0},
        {"Cancel-Code: REJECT\r\nX-Msgsc-HResult: 0x\r\n", CORE_MESSAGE_DECLINE, CORE_CANCEL_REJECT, CORE_OK,
         0},
        {"Cancel-Code: REJECT\r\nX-Msgsc-HResult: 0x12g4\r\n", CORE_MESSAGE_DECLINE, CORE_CANCEL_REJECT,
         CORE_OK, 0},
    };
    char payload[512];
    struct wire_parsed p;
    unsigned int i;
    enum core_status status;

    for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++)
    {
        snprintf(payload, sizeof(payload),
                 MIME "Invitation-Command: CANCEL\r\nInvitation-Cookie: 5\r\n%s\r\n", tests[i].fields);
        status = parse_text(payload, &p);
        ok(status == CORE_OK, "%u: %s (%s)\n", i, core_status_name(status), p.error);
        ok(p.msg.type == tests[i].type && p.msg.cancel_code == tests[i].code &&
               p.msg.reason == tests[i].reason && p.msg.hr == tests[i].hr,
           "%u: type %d code %d reason %s hr %#x\n", i, p.msg.type, p.msg.cancel_code,
           core_status_name(p.msg.reason), (unsigned int)p.msg.hr);
    }

    /* REJECT is a synonym of CANCEL (spec 1.4). */
    status = parse_text(
        MIME "Invitation-Command: REJECT\r\nInvitation-Cookie: 5\r\nCancel-Code: TIMEOUT\r\n\r\n", &p);
    ok(status == CORE_OK, "REJECT command: %s (%s)\n", core_status_name(status), p.error);
    ok_int(p.command, WIRE_COMMAND_CANCEL);
    ok_int(p.msg.type, CORE_MESSAGE_CANCEL);
    ok_status(p.msg.reason, CORE_E_TIMEOUT);
}

/* What spec 1.3 asks a receiver to tolerate. */
static void test_parse_lenient(void)
{
    struct wire_parsed p;
    enum core_status status;

    /* LF alone, no MIME-Version, the media type in another case, names in
     * any case, blanks around names and values, unknown fields, a repeated
     * field (the first wins), no closing empty line. */
    status = parse_text("Content-Type: Text/X-MsMsgsInvite\n\n"
                        "invitation-command:ACCEPT\n"
                        "  INVITATION-COOKIE \t:  77  \n"
                        "Invitation-Cookie: 88\n"
                        "X-Unknown: whatever: with colons\n"
                        "Request-Data: IP-Address:\n"
                        "IP-Address: 1.2.3.4:5060\n"
                        "not a field\n"
                        "Context-Data:",
                        &p);
    ok(status == CORE_OK, "lenient: %s (%s)\n", core_status_name(status), p.error);
    ok_int(p.msg.type, CORE_MESSAGE_ACCEPT);
    ok_int(p.msg.cookie, 77);
    ok(same(p.msg.address, "1.2.3.4:5060"), "address %s\n", p.msg.address);
    ok_int(p.msg.final_accept, 0);
    ok(same(p.msg.data, ""), "data %s\n", p.msg.data);

    /* Parameters after the media type; a second Content-Type is ignored;
     * the body ends at its first empty line. */
    status = parse_text("Content-Type:text/x-msmsgsinvite ;charset=UTF-8\r\nContent-Type: text/plain\r\n\r\n"
                        "Invitation-Command: CONTEXT\r\nInvitation-Cookie: 9\r\nContext-Data:  a b  \r\n\r\n"
                        "Context-Data: later\r\nInvitation-Command: CANCEL\r\n",
                        &p);
    ok(status == CORE_OK, "parameters: %s (%s)\n", core_status_name(status), p.error);
    ok_int(p.msg.type, CORE_MESSAGE_CONTEXT_DATA);
    ok(same(p.msg.data, "a b"), "data %s\n", p.msg.data);

    /* Commands in any case; the largest cookie. */
    status = parse_text(
        MIME "Invitation-Command: invite\r\nInvitation-Cookie: 4294967295\r\nApplication-GUID: x\r\n", &p);
    ok(status == CORE_OK, "lower-case command: %s (%s)\n", core_status_name(status), p.error);
    ok_int(p.msg.type, CORE_MESSAGE_INVITE);
    ok_int(p.msg.cookie, 4294967295u);
    ok_int(wire_invite_check(&p), CORE_CANCEL_REJECT_NOT_INSTALLED);

    /* An unknown command is well-formed: the caller drops it. */
    ok_status(
        parse_text(MIME "Invitation-Command: LAUNCH\r\nInvitation-Cookie: 9\r\nContext-Data: x\r\n", &p),
        CORE_S_FALSE);
    ok_int(p.command, WIRE_COMMAND_UNKNOWN);
    ok(same(p.command_text, "LAUNCH"), "command %s\n", p.command_text);

    /* Without a peer. */
    ok_status(wire_parse(example_context, strlen(example_context), NULL, &p), CORE_OK);
    ok_str(p.msg.peer, NULL);
}

static void test_invite_check(void)
{
    static const struct
    {
        const char *protocol;
        enum core_cancel_code answer;
    } tests[] = {
        {"Session-Protocol: SM1\r\n", CORE_CANCEL_NONE},
        {"Session-Protocol: sm1\r\n", CORE_CANCEL_NONE},
        {"Session-Protocol: SM2 SM1\r\n", CORE_CANCEL_NONE},
        {"Session-Protocol: SM2,SM1;\r\n", CORE_CANCEL_NONE},
        {"Session-Protocol: SM2\r\n", CORE_CANCEL_FAIL},
        {"Session-Protocol: SM12\r\n", CORE_CANCEL_FAIL},
        {"Session-Protocol: XSM1\r\n", CORE_CANCEL_FAIL},
        {"Session-Protocol: \r\n", CORE_CANCEL_FAIL},
        {"", CORE_CANCEL_REJECT_NOT_INSTALLED},
    };
    char payload[512];
    struct wire_parsed p;
    enum core_cancel_code answer;
    unsigned int i;
    enum core_status status;

    for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++)
    {
        snprintf(payload, sizeof(payload),
                 MIME "Invitation-Command: INVITE\r\nInvitation-Cookie: 5\r\nApplication-GUID: x\r\n%s\r\n",
                 tests[i].protocol);
        status = parse_text(payload, &p);
        ok(status == CORE_OK, "%u: %s (%s)\n", i, core_status_name(status), p.error);
        answer = wire_invite_check(&p);
        ok(answer == tests[i].answer, "%u: answer %d, expected %d\n", i, answer, tests[i].answer);
    }
}

static void test_parse_errors(void)
{
    static const char *const bad[] = {
        "",
        "\r\n",
        MIME,
        "MIME-Version: 1.0\r\n\r\nInvitation-Command: INVITE\r\nInvitation-Cookie: 5\r\n",
        "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n"
        "Invitation-Command: ACCEPT\r\nInvitation-Cookie: 5\r\n",
        "Content-Type: text/x-msmsgsinvitex\r\n\r\nInvitation-Command: ACCEPT\r\nInvitation-Cookie: 5\r\n",
        "Content-Type: text/x-msmsgsinvite\r\nInvitation-Command: ACCEPT\r\nInvitation-Cookie: 5\r\n",
        MIME "Invitation-Cookie: 5\r\n",
        MIME "Invitation-Command: \r\nInvitation-Cookie: 5\r\n",
        MIME "Invitation-Command: ACCEPT\r\n",
        MIME "Invitation-Command: ACCEPT\r\nInvitation-Cookie: \r\n",
        MIME "Invitation-Command: ACCEPT\r\nInvitation-Cookie: 0\r\n",
        MIME "Invitation-Command: ACCEPT\r\nInvitation-Cookie: 4294967296\r\n",
        MIME "Invitation-Command: ACCEPT\r\nInvitation-Cookie: 99999999999\r\n",
        MIME "Invitation-Command: ACCEPT\r\nInvitation-Cookie: 007\r\n",
        MIME "Invitation-Command: ACCEPT\r\nInvitation-Cookie: +5\r\n",
        MIME "Invitation-Command: ACCEPT\r\nInvitation-Cookie: -5\r\n",
        MIME "Invitation-Command: ACCEPT\r\nInvitation-Cookie: 5a\r\n",
        MIME "Invitation-Command: ACCEPT\r\nInvitation-Cookie: 5 6\r\n",
        MIME "Invitation-Command: ACCEPT\r\nInvitation-Cookie: 5\rContext-Data: x\r\n",
        MIME "Invitation-Command: ACCEPT\r\nInvitation-Cookie: 5\r\r\n",
        /* a CR only before LF, also at the very end */
        MIME "Invitation-Command: ACCEPT\r\nInvitation-Cookie: 5\r",
        MIME "Invitation-Command: ACCEPT\r\nInvitation-Cookie: 5\r\n\r",
        MIME "Invitation-Command: INVITE\r\nInvitation-Cookie: 5\r\n",
        MIME "Invitation-Command: INVITE\r\nInvitation-Cookie: 5\r\nApplication-GUID:\r\n",
        /* the command after the body's end does not count */
        MIME "Invitation-Cookie: 5\r\n\r\nInvitation-Command: ACCEPT\r\n",
    };
    static char big[WIRE_PAYLOAD_MAX + 2];
    struct wire_parsed p;
    unsigned int i;
    enum core_status status;

    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
    {
        status = parse_text(bad[i], &p);
        ok(status == CORE_E_PROTOCOL_ERROR, "%u: %s\n", i, core_status_name(status));
        ok(p.error[0], "%u: no reason given\n", i);
    }

    /* A NUL byte anywhere. */
    {
        char payload[sizeof(example_context)];

        memcpy(payload, example_context, sizeof(payload));
        payload[100] = 0;
        ok_status(parse(payload, sizeof(payload) - 1, &p), CORE_E_PROTOCOL_ERROR);
        ok_status(parse(example_context, sizeof(example_context), &p), CORE_E_PROTOCOL_ERROR);
    }

    /* The size limit: 1664 bytes parse, 1665 do not. */
    memset(big, ' ', sizeof(big));
    memcpy(big, example_context, strlen(example_context) - 2);
    memcpy(big + WIRE_PAYLOAD_MAX - 4, "\r\n\r\n", 4);
    status = parse(big, WIRE_PAYLOAD_MAX, &p);
    ok(status == CORE_OK, "1664 bytes refused: %s (%s)\n", core_status_name(status), p.error);
    ok_status(parse(big, WIRE_PAYLOAD_MAX + 1, &p), CORE_E_PROTOCOL_ERROR);

    /* Arguments. */
    ok_status(wire_parse(example_context, strlen(example_context), "x", NULL), CORE_E_INVALIDARG);
    ok_status(wire_parse(NULL, 5, "x", &p), CORE_E_INVALIDARG);
    ok_status(wire_parse(NULL, 0, "x", &p), CORE_E_PROTOCOL_ERROR);
    {
        char peer[WIRE_SIGNIN_MAX + 2];

        memset(peer, 'p', sizeof(peer) - 1);
        peer[sizeof(peer) - 1] = 0;
        ok_status(wire_parse(example_context, strlen(example_context), peer, &p), CORE_E_INVALIDARG);
        peer[WIRE_SIGNIN_MAX] = 0;
        ok_status(wire_parse(example_context, strlen(example_context), peer, &p), CORE_OK);
        ok_int(strlen(p.msg.peer), WIRE_SIGNIN_MAX);
    }
}

/* Every message type survives build then parse. */
static void test_round_trip(void)
{
    static const struct
    {
        enum core_message_type type;
        enum core_cancel_code code;
        enum core_status reason;
        int32_t hr;
        int final_accept;
        const char *data;
        enum core_message_type parsed_type;
    } tests[] = {
        {CORE_MESSAGE_INVITE, 0, 0, 0, 0, "\xc3\xa9t\xc3\xa9 data", CORE_MESSAGE_INVITE},
        {CORE_MESSAGE_INVITE, 0, 0, 0, 0, "", CORE_MESSAGE_INVITE},
        {CORE_MESSAGE_ACCEPT, 0, 0, 0, 0, "yes", CORE_MESSAGE_ACCEPT},
        {CORE_MESSAGE_ACCEPT, 0, 0, 0, 1, "", CORE_MESSAGE_ACCEPT},
        {CORE_MESSAGE_ACCEPT, 0, 0, 0, 1, "with data", CORE_MESSAGE_ACCEPT},
        {CORE_MESSAGE_DECLINE, CORE_CANCEL_REJECT, 0, 0, 0, "busy", CORE_MESSAGE_DECLINE},
        {CORE_MESSAGE_DECLINE, CORE_CANCEL_REJECT_NOT_INSTALLED, 0, 0, 0, "", CORE_MESSAGE_DECLINE},
        {CORE_MESSAGE_CANCEL, CORE_CANCEL_TIMEOUT, CORE_E_PEER_HRESULT, (int32_t)0x80004004, 0, "bye",
         CORE_MESSAGE_CANCEL},
        {CORE_MESSAGE_CANCEL, CORE_CANCEL_REJECT, CORE_E_PEER_HRESULT, 0, 0, "", CORE_MESSAGE_CANCEL},
        {CORE_MESSAGE_CANCEL, CORE_CANCEL_OUTBANDCANCEL, CORE_E_PEER_HRESULT, 1, 0, "", CORE_MESSAGE_CANCEL},
        {CORE_MESSAGE_CANCEL, CORE_CANCEL_TIMEOUT, CORE_E_TIMEOUT, 0, 0, "", CORE_MESSAGE_CANCEL},
        {CORE_MESSAGE_CANCEL, CORE_CANCEL_FAIL, CORE_E_PROTOCOL_ERROR, 0, 0, "", CORE_MESSAGE_CANCEL},
        {CORE_MESSAGE_CANCEL, CORE_CANCEL_FTTIMEOUT, CORE_E_TIMEOUT, 0, 0, "", CORE_MESSAGE_CANCEL},
        {CORE_MESSAGE_CANCEL, CORE_CANCEL_OUTBANDCANCEL, CORE_OK, 0, 0, "x", CORE_MESSAGE_CANCEL},
        {CORE_MESSAGE_CONTEXT_DATA, 0, 0, 0, 0, "198.51.100.7:6112", CORE_MESSAGE_CONTEXT_DATA},
        {CORE_MESSAGE_CONTEXT_DATA, 0, 0, 0, 0, "", CORE_MESSAGE_CONTEXT_DATA},
    };
    char buf[WIRE_PAYLOAD_MAX + 1];
    struct core_message msg;
    struct wire_parsed p;
    unsigned int i;
    size_t len;
    enum core_status status;

    for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++)
    {
        msg = message(tests[i].type);
        msg.cookie = 2147483647u - i;
        msg.cancel_code = tests[i].code;
        msg.reason = tests[i].reason;
        msg.hr = tests[i].hr;
        msg.final_accept = tests[i].final_accept;
        msg.data = tests[i].data;
        if (tests[i].type == CORE_MESSAGE_INVITE)
        {
            msg.app_guid = "{5d3e02ab-6190-11d3-bbbb-00c04f795683}";
            msg.app_name = "\xe8\xb1\xa1\xe6\xa3\x8b Chess";
            msg.app_url = "http://example.org/a:b";
        }
        if (tests[i].type == CORE_MESSAGE_INVITE || tests[i].type == CORE_MESSAGE_ACCEPT)
            msg.address = "[2001:db8::1]:6891";

        status = wire_build(&msg, buf, sizeof(buf), &len);
        ok(status == CORE_OK, "%u: build: %s\n", i, core_status_name(status));
        status = parse(buf, len, &p);
        ok(status == CORE_OK, "%u: parse failed: %s (%s)\n", i, core_status_name(status), p.error);
        ok(p.msg.type == tests[i].parsed_type && p.msg.cookie == msg.cookie, "%u: type %d cookie %u\n", i,
           p.msg.type, (unsigned int)p.msg.cookie);
        ok(same(p.msg.session_id, msg.session_id) && same(p.msg.data, msg.data), "%u: session %s data %s\n",
           i, p.msg.session_id, p.msg.data);
        ok(same(p.msg.app_guid, msg.app_guid) && same(p.msg.app_name, msg.app_name) &&
               same(p.msg.app_url, msg.app_url),
           "%u: application %s %s %s\n", i, p.msg.app_guid, p.msg.app_name, p.msg.app_url);
        ok(same(p.msg.address, msg.address), "%u: address %s\n", i, p.msg.address);
        ok(p.msg.final_accept == (tests[i].type == CORE_MESSAGE_ACCEPT && tests[i].final_accept),
           "%u: final %d\n", i, p.msg.final_accept);
        if (tests[i].type == CORE_MESSAGE_DECLINE || tests[i].type == CORE_MESSAGE_CANCEL)
            ok(p.msg.cancel_code == tests[i].code && p.msg.reason == tests[i].reason &&
                   p.msg.hr == tests[i].hr,
               "%u: code %d reason %s hr %#x\n", i, p.msg.cancel_code, core_status_name(p.msg.reason),
               (unsigned int)p.msg.hr);
    }
}

/* ---- Framing ---- */

static void test_hello(void)
{
    char buf[WIRE_HELLO_MAX + 1], name[WIRE_SIGNIN_MAX + 2];
    size_t len;

    ok_status(wire_build_hello("bob@example.net", buf, sizeof(buf), &len), CORE_OK);
    ok_int(len, 21);
    ok_str(buf, "USR bob@example.net\r\n");
    memset(name, 'n', sizeof(name) - 1);
    name[WIRE_SIGNIN_MAX] = 0;
    ok_status(wire_build_hello(name, buf, sizeof(buf), &len), CORE_OK);
    ok_int(len, WIRE_HELLO_MAX);
    name[WIRE_SIGNIN_MAX] = 'n';
    name[WIRE_SIGNIN_MAX + 1] = 0;
    ok_status(wire_build_hello(name, buf, sizeof(buf), &len), CORE_E_BAD_SIGNIN);
    ok_status(wire_build_hello("", buf, sizeof(buf), &len), CORE_E_BAD_SIGNIN);
    ok_status(wire_build_hello(NULL, buf, sizeof(buf), &len), CORE_E_BAD_SIGNIN);
    ok_status(wire_build_hello("bob @example.net", buf, sizeof(buf), &len), CORE_E_BAD_SIGNIN);
    ok_status(wire_build_hello("bob\r\n@example.net", buf, sizeof(buf), &len), CORE_E_BAD_SIGNIN);
    ok_status(wire_build_hello("b\xc3\xb6@example.net", buf, sizeof(buf), &len), CORE_E_BAD_SIGNIN);
    ok_status(wire_build_hello("bob@example.net", buf, 21, &len), CORE_E_FAIL);
    ok_int(len, 21);
    ok_status(wire_build_hello("bob@example.net", NULL, 0, &len), CORE_E_FAIL);
    ok_int(len, 21);
    ok_status(wire_build_hello("bob@example.net", buf, sizeof(buf), NULL), CORE_E_INVALIDARG);
}

static void test_header(void)
{
    char buf[WIRE_HEADER_MAX + 1], name[WIRE_SIGNIN_MAX + 1], friendly[WIRE_FRIENDLY_MAX + 2];
    size_t len;

    ok_status(wire_build_header("alice@example.com", "Alice", 383, buf, sizeof(buf), &len), CORE_OK);
    ok_str(buf, "MSG alice@example.com Alice 383\r\n");
    ok_int(len, strlen(buf));
    ok_status(wire_build_header("alice@example.com", "Al ice%\xc3\xa9~._-", 1, buf, sizeof(buf), &len),
              CORE_OK);
    ok_str(buf, "MSG alice@example.com Al%20ice%25%C3%A9~._- 1\r\n");
    ok_status(wire_build_header("alice@example.com", NULL, 1664, buf, sizeof(buf), &len), CORE_OK);
    ok_str(buf, "MSG alice@example.com alice%40example.com 1664\r\n");
    ok_status(wire_build_header("alice@example.com", "", 7, buf, sizeof(buf), &len), CORE_OK);
    ok_str(buf, "MSG alice@example.com alice%40example.com 7\r\n");
    ok_status(wire_build_header("alice@example.com", "A", 0, buf, sizeof(buf), &len), CORE_E_INVALIDARG);
    ok_status(wire_build_header("alice@example.com", "A", 1665, buf, sizeof(buf), &len), CORE_E_INVALIDARG);
    ok_status(wire_build_header("alice example.com", "A", 1, buf, sizeof(buf), &len), CORE_E_BAD_SIGNIN);
    ok_status(wire_build_header("alice@example.com", "A", 1, buf, 10, &len), CORE_E_FAIL);
    ok_int(len, 27);

    /* The longest header there can be. */
    memset(name, 'n', sizeof(name) - 1);
    name[WIRE_SIGNIN_MAX] = 0;
    memset(friendly, 'f', sizeof(friendly) - 1);
    friendly[WIRE_FRIENDLY_MAX] = 0;
    ok_status(wire_build_header(name, friendly, WIRE_PAYLOAD_MAX, buf, sizeof(buf), &len), CORE_OK);
    ok_int(len, WIRE_HEADER_MAX);
    friendly[WIRE_FRIENDLY_MAX] = 'f';
    friendly[WIRE_FRIENDLY_MAX + 1] = 0;
    ok_status(wire_build_header(name, friendly, WIRE_PAYLOAD_MAX, buf, sizeof(buf), &len), CORE_E_TOO_LONG);
    memset(friendly, ' ', WIRE_FRIENDLY_MAX / 3 + 1);
    friendly[WIRE_FRIENDLY_MAX / 3 + 1] = 0;
    ok_status(wire_build_header(name, friendly, WIRE_PAYLOAD_MAX, buf, sizeof(buf), &len), CORE_E_TOO_LONG);
    friendly[WIRE_FRIENDLY_MAX / 3] = 0;
    ok_status(wire_build_header(name, friendly, WIRE_PAYLOAD_MAX, buf, sizeof(buf), &len), CORE_OK);
}

/* Feeds len bytes in pieces of at most step bytes and records what came
 * out as text: "HELLO(name) MSG(name,friendly,payload) ... ERROR(why)". */
static void feed(struct wire_reader *reader, const char *data, size_t len, size_t step, char *log,
                 size_t size)
{
    size_t pos = 0, n;

    log[0] = 0;
    while (pos < len)
    {
        size_t chunk = len - pos < step ? len - pos : step, done = 0;

        while (done < chunk)
        {
            struct wire_frame frame;
            enum core_status status = wire_reader_feed(reader, data + pos + done, chunk - done, &n, &frame);

            n = n ? n : chunk - done;
            if (status < 0)
            {
                snprintf(log + strlen(log), size - strlen(log), "ERROR(%s)", reader->error);
                return;
            }
            done += n;
            if (frame.type == WIRE_FRAME_HELLO)
                snprintf(log + strlen(log), size - strlen(log), "HELLO(%s) ", frame.signin);
            else if (frame.type == WIRE_FRAME_MSG)
                snprintf(log + strlen(log), size - strlen(log), "MSG(%s,%s,%u:%.*s) ", frame.signin,
                         frame.friendly, (unsigned int)frame.length, (int)frame.length, frame.payload);
        }
        pos += chunk;
    }
}

static void test_reader(void)
{
    static const char stream[] = "USR alice@example.com\r\n"
                                 "MSG alice@example.com Alice%20%C3%A9 5\r\nhello"
                                 "MSG Alice@Example.com A 1\r\n\n"
                                 "MSG alice@example.com %41 3\r\nMSG";
    static const char expected[] = "HELLO(alice@example.com) MSG(alice@example.com,Alice \xc3\xa9,5:hello) "
                                   "MSG(Alice@Example.com,A,1:\n) MSG(alice@example.com,A,3:MSG) ";
    static const size_t steps[] = {1, 2, 3, 7, 30, sizeof(stream)};
    struct wire_reader reader;
    struct wire_frame frame;
    char log[512];
    size_t used, i;

    for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++)
    {
        wire_reader_init(&reader);
        feed(&reader, stream, sizeof(stream) - 1, steps[i], log, sizeof(log));
        ok(!strcmp(log, expected), "step %u: got %s\n", (unsigned int)steps[i], log);
    }

    /* Several frames in one buffer: one at a time, with *used. */
    wire_reader_init(&reader);
    ok_status(wire_reader_feed(&reader, stream, sizeof(stream) - 1, &used, &frame), CORE_OK);
    ok(frame.type == WIRE_FRAME_HELLO && used == 23, "type %d used %u\n", frame.type, (unsigned int)used);
    ok_status(wire_reader_feed(&reader, stream + 23, sizeof(stream) - 24, &used, &frame), CORE_OK);
    ok(frame.type == WIRE_FRAME_MSG && used == 45 && frame.length == 5 && !memcmp(frame.payload, "hello", 6),
       "type %d used %u length %u payload %.6s\n", frame.type, (unsigned int)used, (unsigned int)frame.length,
       frame.payload ? frame.payload : "(null)");
    ok_status(wire_reader_feed(&reader, "", 0, &used, &frame), CORE_OK);
    ok_int(frame.type, WIRE_FRAME_NONE);
    ok_int(used, 0);

    /* The longest line and the largest payload. */
    {
        static char big[WIRE_HELLO_MAX + WIRE_FRAME_MAX], big_log[4096];
        char name[WIRE_SIGNIN_MAX + 1], friendly[WIRE_FRIENDLY_MAX + 1];
        size_t len, total;

        memset(name, 'n', sizeof(name) - 1);
        name[WIRE_SIGNIN_MAX] = 0;
        memset(friendly, 'f', sizeof(friendly) - 1);
        friendly[WIRE_FRIENDLY_MAX] = 0;
        wire_build_hello(name, big, sizeof(big), &total);
        wire_build_header(name, friendly, WIRE_PAYLOAD_MAX, big + total, sizeof(big) - total, &len);
        total += len;
        memset(big + total, 'p', WIRE_PAYLOAD_MAX);
        total += WIRE_PAYLOAD_MAX;
        wire_reader_init(&reader);
        feed(&reader, big, total, 100, big_log, sizeof(big_log));
        ok(!strncmp(big_log, "HELLO(nnn", 9) && strstr(big_log, "MSG(nnn") && strstr(big_log, ",1664:ppp"),
           "log %.60s\n", big_log);
        ok(!reader.error[0], "error %s\n", reader.error);
    }
}

static void test_reader_errors(void)
{
    static const char *const bad[] = {
        "MSG alice@example.com A 5\r\nhello",
        "USR\r\n",
        "USR \r\n",
        "USR alice@example.com extra\r\n",
        "usr alice@example.com\r\n",
        "USR alice@example.com\n",
        "USR alice@example.com\r\r\n",
        "USR al\x01ice@example.com\r\n",
        "USR al\xc3\xa9@example.com\r\n",
        "\r\n",
        "USR a\r\nUSR a\r\n",
        "USR a\r\nFOO a A 1\r\n",
        "USR a\r\nmsg a A 1\r\n",
        "USR a\r\n\r\n",
        "USR a\r\nMSG a A 0\r\n",
        "USR a\r\nMSG a A 1665\r\n",
        "USR a\r\nMSG a A 99999\r\n",
        "USR a\r\nMSG a A 012\r\n",
        "USR a\r\nMSG a A -1\r\n",
        "USR a\r\nMSG a A 1x\r\n",
        "USR a\r\nMSG a A \r\n",
        "USR a\r\nMSG a A\r\n",
        "USR a\r\nMSG a\r\n",
        "USR a\r\nMSG a  A 1\r\n",
        "USR a\r\nMSG a A  1\r\n",
        "USR a\r\nMSG a A 1 \r\n",
        "USR a\r\nMSG b A 1\r\nx",
        "USR a\r\nMSG a %4 1\r\n",
        "USR a\r\nMSG a %zz 1\r\n",
        "USR a\r\nMSG a %00 1\r\n",
        "USR a\r\nMSG a A\t1\r\n",
        "USR a\r\nMSG a A 1\nx",
        "USR a\r\nMSG a A 1\r\nxUSR a\r\n",
    };
    struct wire_reader reader;
    struct wire_frame frame;
    char log[512];
    enum core_status status;
    size_t i, used;

    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
    {
        wire_reader_init(&reader);
        feed(&reader, bad[i], strlen(bad[i]), 1, log, sizeof(log));
        ok(strstr(log, "ERROR(") && reader.error[0], "%u: got %s\n", (unsigned int)i, log);
        /* Once failed, always failed. */
        status = wire_reader_feed(&reader, "USR a\r\n", 7, &used, &frame);
        ok(status == CORE_E_PROTOCOL_ERROR && !used, "%u: recovered: %s, used %u\n", (unsigned int)i,
           core_status_name(status), (unsigned int)used);
    }

    wire_reader_init(&reader);
    ok_status(wire_reader_feed(&reader, NULL, 3, &used, &frame), CORE_E_PROTOCOL_ERROR);
}

/* Feeds len bytes from a heap copy of exactly those bytes (so that ASan
 * sees any read past them), in pieces of step bytes, consuming every frame.
 * Returns the offset of the byte at which the reader failed, or len when it
 * did not; *frames counts the frames it handed out before. */
static size_t verdict(const char *data, size_t len, size_t step, const char **error, int *frames)
{
    static struct wire_reader reader;
    char *copy = malloc(len ? len : 1);
    size_t pos = 0, at = len;

    memcpy(copy, data, len);
    wire_reader_init(&reader);
    *frames = 0;
    while (pos < len && at == len)
    {
        size_t chunk = len - pos < step ? len - pos : step, done = 0;

        while (done < chunk)
        {
            struct wire_frame frame;
            size_t used;
            enum core_status status =
                wire_reader_feed(&reader, copy + pos + done, chunk - done, &used, &frame);

            done += used;
            if (status < 0)
            {
                /* The byte that failed is the last one used. */
                at = pos + done - 1;
                break;
            }
            if (frame.type != WIRE_FRAME_NONE) ++*frames;
        }
        pos += chunk;
    }
    free(copy);
    *error = reader.error;
    return at;
}

/* The reader fails at byte at (len: it does not fail) with the reason why
 * after the given number of frames, whether the bytes come in one piece,
 * one at a time, or in pieces of 2, 3 or 7. */
#define expect_verdict(...) expect_verdict_(__FILE__, __LINE__, __VA_ARGS__)
static void expect_verdict_(const char *file, int line, const char *data, size_t len, size_t at,
                            const char *why, int frames)
{
    static const size_t steps[] = {(size_t)-1, 1, 2, 3, 7};
    unsigned int i;

    for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++)
    {
        const char *error;
        int got_frames;
        size_t got = verdict(data, len, steps[i], &error, &got_frames);

        ok_(file, line)(got == at && !strcmp(error, why) && got_frames == frames,
                        "step %d: failed at %u (%s) after %d frames, expected %u (%s) after %d\n",
                        (int)steps[i], (unsigned int)got, error, got_frames, (unsigned int)at, why, frames);
    }
}

/* A literal's bytes and length; the offset of the byte after a literal. */
#define S(literal)  literal, sizeof(literal) - 1
#define AT(literal) (sizeof(literal) - 1)
/* Input valid as far as it goes. */
#define WAITING(literal) S(literal), AT(literal), ""

#define HELLO "USR alice@example.org\r\n"
#define MSG   HELLO "MSG alice@example.org "

/* Hostile input fails at the byte that makes it malformed, with or without
 * a line end after it, and never depends on how the bytes are cut. */
static void test_reader_hostile(void)
{
    static const char tls[] = "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03";
    static const unsigned char controls[] = {0x00, 0x01, 0x07, 0x08, 0x09, 0x0b,
                                             0x0c, 0x0e, 0x1b, 0x1f, 0x7f};
    /* A prefix of each part of the lines, to put a bad byte after it. */
    static const char *const prefixes[] = {
        "",       "US",      "USR ",       "USR al",        "USR alice@example.org",
        HELLO,    HELLO "M", HELLO "MSG ", HELLO "MSG ali", MSG,
        MSG "Al", MSG "Al%", MSG "Al%4",   MSG "Alice ",    MSG "Alice 21",
    };
    char buf[2 * WIRE_HEADER_MAX];
    size_t n;
    unsigned int i, j;

    /* A NUL ends nothing: what follows it is never read as part of the name. */
    expect_verdict(S("USR alice@example.org\0\a\xff junk\r\n"), AT("USR alice@example.org"),
                   "control character", 0);
    expect_verdict(S("USR alice@example.org\0"), AT("USR alice@example.org"), "control character", 0);
    /* Nor of a MSG line, whose frame is never handed out. */
    expect_verdict(S(MSG "Alice 216\0\x01\xffjunk"), AT(MSG "Alice 216"), "control character", 1);
    expect_verdict(S(MSG "Alice 216\0\r\n"), AT(MSG "Alice 216"), "control character", 1);

    /* Control bytes without a line end, before and after the hello: at once. */
    expect_verdict(S("\x01"), 0, "control character", 0);
    expect_verdict(S("USR a\x01"), AT("USR a"), "control character", 0);
    expect_verdict(S(HELLO "\x01"), AT(HELLO), "control character", 1);
    expect_verdict(S(MSG "Al\x1bice 5"), AT(MSG "Al"), "control character", 1);
    expect_verdict(S(MSG "Alice 5\x7f"), AT(MSG "Alice 5"), "control character", 1);
    /* Every control byte, and a byte outside ASCII, after every part. */
    for (i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
    {
        n = strlen(prefixes[i]);
        memcpy(buf, prefixes[i], n);
        buf[n + 1] = 'x';
        for (j = 0; j < sizeof(controls); j++)
        {
            buf[n] = (char)controls[j];
            expect_verdict(buf, n + 2, n, "control character", n >= AT(HELLO));
            expect_verdict(buf, n + 1, n, "control character", n >= AT(HELLO));
        }
        buf[n] = (char)0xc3;
        expect_verdict(buf, n + 2, n, "byte outside ASCII", n >= AT(HELLO));
    }

    /* A TLS ClientHello, an HTTP request, an SSH banner, a lower-case or a
     * mistyped hello: the first byte that cannot start a hello. */
    expect_verdict(S(tls), 0, "control character", 0);
    expect_verdict(tls, sizeof(tls) - 1, 0, "control character", 0);
    expect_verdict(S("GET / HTTP/1.1\r\n"), 0, "no hello", 0);
    expect_verdict(S("SSH-2.0-OpenSSH_9.6\r\n"), 0, "no hello", 0);
    expect_verdict(S("usr alice@example.org\r\n"), 0, "no hello", 0);
    expect_verdict(S("USX"), AT("US"), "no hello", 0);
    expect_verdict(S("USRalice"), AT("USR"), "no hello", 0);
    expect_verdict(S(HELLO "\x16\x03\x01"), AT(HELLO), "control character", 1);
    expect_verdict(S(HELLO HELLO), AT(HELLO), "not a MSG line", 1);
    expect_verdict(S(HELLO "MSGX"), AT(HELLO "MSG"), "not a MSG line", 1);
    expect_verdict(S(HELLO "msg"), AT(HELLO), "not a MSG line", 1);

    /* Valid so far: the reader waits for the rest (the hello deadline and
     * the lines' own limits bound the wait). */
    expect_verdict(WAITING("USR alice@exa"), 0);
    expect_verdict(WAITING("USR alice@example.org\r"), 0);
    expect_verdict(WAITING(MSG "Alice 16"), 1);
    expect_verdict(WAITING(MSG "Alice 16\r"), 1);
    expect_verdict(WAITING(MSG "Alice 16\r\nMIME"), 1);

    /* Line ends: a lone LF, a CR before anything but LF, a CR that ends a
     * line too early. */
    expect_verdict(S("USR alice@example.org\n"), AT("USR alice@example.org"), "line not ended by CR LF", 0);
    expect_verdict(S("USR alice@example.org\rX"), AT("USR alice@example.org\r"), "CR not followed by LF", 0);
    expect_verdict(S("USR alice\r\r\n"), AT("USR alice\r"), "CR not followed by LF", 0);
    expect_verdict(S("USR \r\n"), AT("USR "), "bad sign-in name", 0);
    expect_verdict(S("USR\r\n"), AT("USR"), "no hello", 0);
    expect_verdict(S("\r\n"), 0, "no hello", 0);
    expect_verdict(S(HELLO "\r\n"), AT(HELLO), "not a MSG line", 1);
    expect_verdict(S(HELLO "MSG alice@example.org\r\n"), AT(HELLO "MSG alice@example.org"),
                   "MSG line too short", 1);
    expect_verdict(S(MSG "Alice\r\n"), AT(MSG "Alice"), "MSG line too short", 1);
    expect_verdict(S(MSG "Alice \r\n"), AT(MSG "Alice "), "bad length", 1);

    /* Sign-in names: a space, one character too many. */
    expect_verdict(S("USR alice example.org\r\n"), AT("USR alice"), "bad sign-in name", 0);
    memcpy(buf, "USR ", 4);
    memset(buf + 4, 'n', WIRE_SIGNIN_MAX + 1);
    expect_verdict(buf, 4 + WIRE_SIGNIN_MAX, 4 + WIRE_SIGNIN_MAX, "", 0);
    expect_verdict(buf, 4 + WIRE_SIGNIN_MAX + 1, 4 + WIRE_SIGNIN_MAX, "sign-in name over 129 characters", 0);
    ok_int(WIRE_SIGNIN_MAX, 129);

    /* The sender: the first byte that differs from the hello's name. */
    expect_verdict(S(HELLO "MSG alicf"), AT(HELLO "MSG alic"), "sender is not the peer", 1);
    expect_verdict(S(HELLO "MSG ALICE@EXAMPLE.ORG A 1\r\nx"), AT(HELLO "MSG ALICE@EXAMPLE.ORG A 1\r\nx"), "",
                   2);
    expect_verdict(S(HELLO "MSG alice@example.orgx"), AT(HELLO "MSG alice@example.org"),
                   "sender is not the peer", 1);
    expect_verdict(S(HELLO "MSG alice A"), AT(HELLO "MSG alice"), "sender is not the peer", 1);
    expect_verdict(S(HELLO "MSG  A"), AT(HELLO "MSG "), "bad sign-in name", 1);

    /* The friendly name: escapes, the empty name, one byte too many. */
    expect_verdict(S(MSG "%4g"), AT(MSG "%4"), "bad %XX in the friendly name", 1);
    expect_verdict(S(MSG "%x"), AT(MSG "%"), "bad %XX in the friendly name", 1);
    expect_verdict(S(MSG "%00"), AT(MSG "%0"), "%00 in the friendly name", 1);
    expect_verdict(S(MSG "%4 1"), AT(MSG "%4"), "bad friendly name", 1);
    expect_verdict(S(MSG "% 1"), AT(MSG "%"), "bad friendly name", 1);
    expect_verdict(S(MSG " 1"), AT(MSG), "bad friendly name", 1);
    expect_verdict(WAITING(MSG "%c3%A9%7e~ 1"), 1);
    memcpy(buf, MSG, AT(MSG));
    memset(buf + AT(MSG), 'f', WIRE_FRIENDLY_MAX + 1);
    expect_verdict(buf, AT(MSG) + WIRE_FRIENDLY_MAX, AT(MSG) + WIRE_FRIENDLY_MAX, "", 1);
    expect_verdict(buf, AT(MSG) + WIRE_FRIENDLY_MAX + 1, AT(MSG) + WIRE_FRIENDLY_MAX,
                   "friendly name over 387 bytes", 1);
    ok_int(WIRE_FRIENDLY_MAX, 387);

    /* The length: the first digit that takes it past the limit, a leading
     * zero, anything after it but CR. */
    ok_int(WIRE_PAYLOAD_MAX, 1664);
    n = (size_t)snprintf(buf, sizeof(buf), MSG "A %d", WIRE_PAYLOAD_MAX);
    expect_verdict(buf, n, n, "", 1);
    n = (size_t)snprintf(buf, sizeof(buf), MSG "A %d", WIRE_PAYLOAD_MAX + 1);
    expect_verdict(buf, n, n - 1, "length over 1664", 1);
    expect_verdict(S(MSG "A 99999"), AT(MSG "A 999"), "length over 1664", 1);
    expect_verdict(S(MSG "A 01"), AT(MSG "A "), "bad length", 1);
    expect_verdict(S(MSG "A 0"), AT(MSG "A "), "bad length", 1);
    expect_verdict(S(MSG "A 1 "), AT(MSG "A 1"), "bad length", 1);
    expect_verdict(S(MSG "A 1x"), AT(MSG "A 1"), "bad length", 1);
    expect_verdict(S(MSG "A -1"), AT(MSG "A "), "bad length", 1);

    /* The payload: wire_parse's byte rules at once (NUL; CR only before LF,
     * so not as its last byte); other control bytes belong to the payload
     * and are wire_parse's to judge. */
    expect_verdict(S(MSG "A 5\r\nab\0cd"), AT(MSG "A 5\r\nab"), "NUL byte", 1);
    expect_verdict(S(MSG "A 5\r\nab\0"), AT(MSG "A 5\r\nab"), "NUL byte", 1);
    expect_verdict(S(MSG "A 5\r\nab\rcd"), AT(MSG "A 5\r\nab\r"), "CR not followed by LF", 1);
    expect_verdict(S(MSG "A 5\r\nabcd\r"), AT(MSG "A 5\r\nabcd"), "CR not followed by LF", 1);
    expect_verdict(S(MSG "A 5\r\nabcd\rMSG"), AT(MSG "A 5\r\nabcd"), "CR not followed by LF", 1);
    expect_verdict(WAITING(MSG "A 5\r\nabc\r"), 1);
    expect_verdict(WAITING(MSG "A 5\r\na\r\nb\n"), 2);
    expect_verdict(WAITING(MSG "A 5\r\n\x01\t\x1b\x7f\xff"), 2);
    expect_verdict(S(MSG "A 1\r\nx\x01"), AT(MSG "A 1\r\nx"), "control character", 2);
}

/* A message travels as a frame and comes out as the same message. */
static void test_frame(void)
{
    char buf[WIRE_FRAME_MAX + 1], hello[WIRE_HELLO_MAX + 1];
    struct core_message msg = message(CORE_MESSAGE_CONTEXT_DATA);
    struct wire_reader reader;
    struct wire_frame frame;
    struct wire_parsed p;
    size_t len, used;
    enum core_status status;

    msg.data = "198.51.100.7:6112";
    ok_status(wire_build_frame(&msg, "alice@example.com", "Alice", buf, sizeof(buf), &len), CORE_OK);
    ok(len == 33 + 216 && !strncmp(buf, "MSG alice@example.com Alice 216\r\n", 33) &&
           !strcmp(buf + 33, example_context),
       "frame of %u bytes: %s\n", (unsigned int)len, buf);
    ok_status(wire_build_frame(&msg, "alice@example.com", "Alice", buf, len, &len), CORE_E_FAIL);
    ok_int(len, 249);
    ok_status(wire_build_frame(&msg, "alice@example.com", "Alice", buf, 20, &len), CORE_E_FAIL);
    ok_int(len, 249);
    ok_status(wire_build_frame(&msg, "bad name", "Alice", buf, sizeof(buf), &len), CORE_E_BAD_SIGNIN);
    msg.cookie = 0;
    ok_status(wire_build_frame(&msg, "alice@example.com", "Alice", buf, sizeof(buf), &len),
              CORE_E_INVALIDARG);
    msg.cookie = COOKIE;
    wire_build_frame(&msg, "alice@example.com", "Alice", buf, sizeof(buf), &len);

    wire_reader_init(&reader);
    wire_build_hello("alice@example.com", hello, sizeof(hello), &used);
    wire_reader_feed(&reader, hello, used, &used, &frame);
    ok_status(wire_reader_feed(&reader, buf, len, &used, &frame), CORE_OK);
    ok_int(used, len);
    ok_int(frame.type, WIRE_FRAME_MSG);
    ok_int(frame.length, 216);
    status = wire_parse(frame.payload, frame.length, frame.signin, &p);
    ok(status == CORE_OK, "parse: %s (%s)\n", core_status_name(status), p.error);
    ok(p.msg.type == CORE_MESSAGE_CONTEXT_DATA && same(p.msg.peer, "alice@example.com") &&
           same(p.msg.data, "198.51.100.7:6112"),
       "message %d %s %s\n", p.msg.type, p.msg.peer, p.msg.data);
}

int main(void)
{
    test_build_examples();
    test_build_fields();
    test_build_errors();
    test_build_limits();
    test_parse_examples();
    test_parse_cancel();
    test_parse_lenient();
    test_invite_check();
    test_parse_errors();
    test_round_trip();
    test_hello();
    test_header();
    test_reader();
    test_reader_errors();
    test_reader_hostile();
    test_frame();
    return test_summary();
}
