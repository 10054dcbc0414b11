/*
 * Tests of the XMPP sign-in (src/core/xmpp_client.c) against a scripted
 * server: RFC 5802's SCRAM-SHA-1 example as the exchange.
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

#include "core/base64.h"
#include "core/xmpp_client.h"
#include "coretest.h"

/* What the client did, as a transcript. */
struct recorder
{
    char sent[16384];
    size_t sent_len;
    int tls_started, online;
    char full_jid[256];
    char stanzas[1024];
    enum xmpp_client_status failed;
    char detail[64];
};

static void on_send(void *ctx, const char *data, size_t len)
{
    struct recorder *r = ctx;

    if (len < sizeof(r->sent) - r->sent_len)
    {
        memcpy(r->sent + r->sent_len, data, len);
        r->sent_len += len;
        r->sent[r->sent_len] = 0;
    }
}

static void on_start_tls(void *ctx)
{
    ((struct recorder *)ctx)->tls_started++;
}

static void on_online(void *ctx, const char *full_jid)
{
    struct recorder *r = ctx;

    r->online++;
    snprintf(r->full_jid, sizeof(r->full_jid), "%s", full_jid);
}

static void on_stanza(void *ctx, const struct xmpp_xml_element *stanza)
{
    struct recorder *r = ctx;
    size_t len = strlen(r->stanzas);

    snprintf(r->stanzas + len, sizeof(r->stanzas) - len, "%s%s", len ? " " : "", stanza->name);
}

static void on_failed(void *ctx, enum xmpp_client_status status, const char *detail)
{
    struct recorder *r = ctx;

    r->failed = status;
    snprintf(r->detail, sizeof(r->detail), "%s", detail);
}

static const struct xmpp_client_callbacks callbacks = {on_send, on_start_tls, on_online, on_stanza,
                                                       on_failed};

static struct xmpp_client client;
static struct recorder recorder;

static const char server_header[] =
    "<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
    "xmlns:stream='http://etherx.jabber.org/streams' id='s1' from='example.com' "
    "version='1.0'>";
static const char tls_features[] = "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'>"
                                   "<required/></starttls></stream:features>";
static const char proceed[] = "<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>";
static const char sasl_features[] = "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>"
                                    "<mechanism>SCRAM-SHA-1</mechanism><mechanism>PLAIN</mechanism>"
                                    "</mechanisms></stream:features>";
static const char bind_features[] = "<stream:features><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/>"
                                    "</stream:features>";
/* RFC 5802 section 5. */
static const char nonce[] = "fyko+d2lbbFgONRv9qkxdawL";
static const char client_first[] = "n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL";
static const char server_first[] = "r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096";
static const char client_final[] =
    "c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=";
static const char server_final[] = "v=rmF9pqV8S7suAoZWja4dJRkFsKQ=";
static const char bound[] =
    "<iq type='result' id='msgsc-bind'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>"
    "<jid>user@example.com/desk</jid></bind></iq>";

static const char *b64(const char *text)
{
    static char out[4][512];
    static int next;
    char *buf = out[next++ % 4];
    size_t len;

    base64_encode(text, strlen(text), buf, sizeof(out[0]), &len);
    return buf;
}

static const char *sasl(const char *element, const char *text)
{
    static char out[4][1024];
    static int next;
    char *buf = out[next++ % 4];

    snprintf(buf, sizeof(out[0]), "<%s xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>%s</%s>", element, b64(text),
             element);
    return buf;
}

/* Feeds text whole, or one byte at a time. */
static enum xmpp_client_status feed(const char *text, int bytewise)
{
    enum xmpp_client_status status = XMPP_CLIENT_OK;
    size_t i, len = strlen(text);

    if (!bytewise) return xmpp_client_feed(&client, text, len);
    for (i = 0; i < len && status == XMPP_CLIENT_OK; i++)
        status = xmpp_client_feed(&client, text + i, 1);
    return status;
}

static void start(const char *jid, int allow_plaintext)
{
    struct xmpp_client_config config = {jid, "pencil", "desk", allow_plaintext, nonce};

    memset(&recorder, 0, sizeof(recorder));
    ok(xmpp_client_start(&client, &config, &callbacks, &recorder) == XMPP_CLIENT_OK, "start failed\n");
}

static int sent_has(const char *text)
{
    return strstr(recorder.sent, text) != NULL;
}

/* The whole sign-in, and a stanza once online. */
static void test_sign_in(int bytewise)
{
    char expect[512];

    start("user@example.com", 0);
    ok(sent_has("<stream:stream xmlns='jabber:client'") && sent_has("to='example.com'") && !sent_has("from="),
       "first header: %s\n", recorder.sent);
    ok(feed(server_header, bytewise) == XMPP_CLIENT_OK, "header\n");
    ok(feed(tls_features, bytewise) == XMPP_CLIENT_OK &&
           sent_has("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>"),
       "no starttls: %s\n", recorder.sent);
    ok(feed(proceed, bytewise) == XMPP_CLIENT_OK && recorder.tls_started == 1, "TLS not started\n");
    ok(xmpp_client_feed(&client, "x", 1) != XMPP_CLIENT_OK && recorder.failed == XMPP_CLIENT_E_STREAM,
       "bytes after proceed taken\n");

    /* Again, up to the TLS handshake. */
    start("user@example.com", 0);
    feed(server_header, bytewise);
    feed(tls_features, bytewise);
    feed(proceed, bytewise);
    recorder.sent_len = 0;
    ok(xmpp_client_tls_done(&client) == XMPP_CLIENT_OK && sent_has("from='user@example.com'"),
       "second header: %s\n", recorder.sent);
    ok(feed(server_header, bytewise) == XMPP_CLIENT_OK, "header\n");
    ok(feed(sasl_features, bytewise) == XMPP_CLIENT_OK, "features\n");
    snprintf(expect, sizeof(expect),
             "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='SCRAM-SHA-1'>%s</auth>",
             b64(client_first));
    ok(sent_has(expect), "auth: %s\n", recorder.sent);
    ok(feed(sasl("challenge", server_first), bytewise) == XMPP_CLIENT_OK, "challenge\n");
    snprintf(expect, sizeof(expect), "<response xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>%s</response>",
             b64(client_final));
    ok(sent_has(expect), "response: %s\n", recorder.sent);
    recorder.sent_len = 0;
    ok(feed(sasl("success", server_final), bytewise) == XMPP_CLIENT_OK, "success\n");
    ok(sent_has("<stream:stream"), "no third header\n");
    ok(!sent_has("pencil") && !strstr(client.password, "pencil"), "the password stays\n");
    ok(feed(server_header, bytewise) == XMPP_CLIENT_OK && feed(bind_features, bytewise) == XMPP_CLIENT_OK,
       "bind features\n");
    ok(sent_has("<iq type='set' id='msgsc-bind'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>"
                "<resource>desk</resource></bind></iq>"),
       "bind: %s\n", recorder.sent);
    ok(feed(bound, bytewise) == XMPP_CLIENT_OK && recorder.online == 1, "not online\n");
    ok_str(recorder.full_jid, "user@example.com/desk");
    ok(feed("<message from='bob@example.com/x'><body>hi</body></message><presence/>", bytewise) ==
           XMPP_CLIENT_OK,
       "stanzas\n");
    ok_str(recorder.stanzas, "message presence");
    ok(xmpp_client_send(&client, "<presence/>", 11) == XMPP_CLIENT_OK && sent_has("<presence/>"), "send\n");
    ok(recorder.failed == XMPP_CLIENT_OK, "failed %s\n", xmpp_client_status_name(recorder.failed));
    xmpp_client_close(&client);
    ok(sent_has("</stream:stream>"), "no close\n");
    ok(xmpp_client_send(&client, "<presence/>", 11) == XMPP_CLIENT_E_STATE, "sent after close\n");
}

/* Up to the SASL features, in TLS. */
static void to_sasl(void)
{
    start("user@example.com", 0);
    feed(server_header, 0);
    feed(tls_features, 0);
    feed(proceed, 0);
    xmpp_client_tls_done(&client);
    feed(server_header, 0);
}

static void test_failures(void)
{
    /* A wrong password: the server's <failure/>. */
    to_sasl();
    feed(sasl_features, 0);
    feed(sasl("challenge", server_first), 0);
    ok(feed("<failure xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><not-authorized/></failure>", 0) ==
           XMPP_CLIENT_E_AUTH,
       "failure taken\n");
    ok(recorder.failed == XMPP_CLIENT_E_AUTH, "failed %s\n", xmpp_client_status_name(recorder.failed));
    ok_str(recorder.detail, "not-authorized");
    ok(feed("<presence/>", 0) == XMPP_CLIENT_E_STATE, "fed after the end\n");

    /* A server that does not know the password. */
    to_sasl();
    feed(sasl_features, 0);
    feed(sasl("challenge", server_first), 0);
    ok(feed(sasl("success", "v=AAAAAAAAAAAAAAAAAAAAAAAAAAA="), 0) == XMPP_CLIENT_E_SCRAM,
       "wrong signature taken\n");
    ok_str(recorder.detail, "E_BAD_SIGNATURE");
    /* ... or that skips the proof. */
    to_sasl();
    feed(sasl_features, 0);
    feed(sasl("challenge", server_first), 0);
    ok(feed("<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>", 0) == XMPP_CLIENT_E_SCRAM,
       "no proof taken\n");
    /* The server-final in a challenge, then success: also right. */
    to_sasl();
    feed(sasl_features, 0);
    feed(sasl("challenge", server_first), 0);
    recorder.sent_len = 0;
    ok(feed(sasl("challenge", server_final), 0) == XMPP_CLIENT_OK &&
           sent_has("<response xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>=</response>"),
       "no empty response: %s\n", recorder.sent);
    ok(feed("<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>", 0) == XMPP_CLIENT_OK &&
           sent_has("<stream:stream"),
       "not authenticated\n");

    /* No STARTTLS offered: refused, unless plaintext is allowed. */
    start("user@example.com", 0);
    feed(server_header, 0);
    ok(feed(sasl_features, 0) == XMPP_CLIENT_E_NO_TLS, "plaintext taken\n");
    start("user@example.com", 1);
    feed(server_header, 0);
    ok(feed(sasl_features, 0) == XMPP_CLIENT_OK && sent_has("mechanism='SCRAM-SHA-1'"),
       "allowed plaintext\n");
    /* PLAIN only: never without TLS, even allowed. */
    start("user@example.com", 1);
    feed(server_header, 0);
    ok(feed("<stream:features><mechanisms "
            "xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism>"
            "</mechanisms></stream:features>",
            0) == XMPP_CLIENT_E_NO_MECHANISM &&
           !sent_has("<auth"),
       "PLAIN without TLS\n");
    /* PLAIN inside TLS: authcid and password, base64. */
    to_sasl();
    ok(feed("<stream:features><mechanisms "
            "xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism>"
            "</mechanisms></stream:features>",
            0) == XMPP_CLIENT_OK &&
           sent_has("mechanism='PLAIN'>AHVzZXIAcGVuY2ls</auth>"),
       "PLAIN: %s\n", recorder.sent);
    ok(feed("<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>", 0) == XMPP_CLIENT_OK, "PLAIN success\n");

    /* STARTTLS refused; a stream error; the stream closed; a bind error. */
    start("user@example.com", 0);
    feed(server_header, 0);
    feed(tls_features, 0);
    ok(feed("<failure xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>", 0) == XMPP_CLIENT_E_TLS_REFUSED,
       "TLS failure\n");
    start("user@example.com", 0);
    feed(server_header, 0);
    ok(feed("<stream:error><host-unknown xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error>", 0) ==
           XMPP_CLIENT_E_STREAM_ERROR,
       "stream error\n");
    ok_str(recorder.detail, "host-unknown");
    start("user@example.com", 0);
    feed(server_header, 0);
    ok(feed("</stream:stream>", 0) == XMPP_CLIENT_E_CLOSED, "closed\n");
    start("user@example.com", 0);
    ok(feed("<html>", 0) == XMPP_CLIENT_E_STREAM, "not a stream\n");
    to_sasl();
    feed(sasl_features, 0);
    feed(sasl("challenge", server_first), 0);
    feed(sasl("success", server_final), 0);
    feed(server_header, 0);
    feed(bind_features, 0);
    ok(feed("<iq type='error' id='msgsc-bind'><error type='cancel'><conflict "
            "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>",
            0) == XMPP_CLIENT_E_BIND,
       "bind error\n");
    ok_str(recorder.detail, "conflict");
}

static void test_arguments(void)
{
    struct xmpp_client_config config = {"user@example.com", "pencil", NULL, 0, nonce};
    static const char *const bad_jids[] = {"user", "@example.com", "user@", "a@b@c", "user@example.com/res"};
    char *long_jid;
    size_t i;

    for (i = 0; i < sizeof(bad_jids) / sizeof(bad_jids[0]); i++)
    {
        config.jid = bad_jids[i];
        ok(xmpp_client_start(&client, &config, &callbacks, NULL) == XMPP_CLIENT_E_INVALIDARG, "%s taken\n",
           bad_jids[i]);
    }
    long_jid = malloc(XMPP_PART_MAX + 16);
    memset(long_jid, 'a', XMPP_PART_MAX + 1);
    strcpy(long_jid + XMPP_PART_MAX + 1, "@b");
    config.jid = long_jid;
    ok(xmpp_client_start(&client, &config, &callbacks, NULL) == XMPP_CLIENT_E_INVALIDARG,
       "long local part\n");
    free(long_jid);
    config.jid = "user@example.com";
    ok(xmpp_client_start(&client, NULL, &callbacks, NULL) == XMPP_CLIENT_E_INVALIDARG, "NULL config\n");
    ok(xmpp_client_start(&client, &config, NULL, NULL) == XMPP_CLIENT_E_INVALIDARG, "NULL callbacks\n");
    ok(xmpp_client_start(NULL, &config, &callbacks, NULL) == XMPP_CLIENT_E_INVALIDARG, "NULL client\n");
    ok(xmpp_client_tls_done(&client) == XMPP_CLIENT_E_STATE, "TLS done out of order\n");
    ok(xmpp_client_feed(NULL, "x", 1) == XMPP_CLIENT_E_INVALIDARG, "NULL client fed\n");
    ok(!strcmp(xmpp_client_status_text(XMPP_CLIENT_E_AUTH),
               "the server refused the password or the account (SASL <failure/>)"),
       "status text\n");
}

int main(void)
{
    test_sign_in(0);
    test_sign_in(1);
    test_failures();
    test_arguments();
    return test_summary();
}
