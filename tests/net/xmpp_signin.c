/*
 * Signing in to a real XMPP server under Wine: the core's sign-in over a
 * Winsock connection with STARTTLS through Schannel (src/net/tls.c).
 * tests/net/xmpp-signin.sh starts a throwaway Prosody and runs
 *   test_net_xmpp_signin PORT JID PASSWORD PIN EXPECTED
 * PIN: the server certificate's SHA-256 in hex, or "-" to verify it by
 * the system's roots.  EXPECTED: "online" (TLS, SCRAM, bound, the roster
 * fetched), an xmpp_client status name (E_AUTH, ...), or "TLS" (the
 * certificate refused).
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

#include <winsock2.h>

#include "net/xmpp_connection.h"

static struct xmpp_connection conn = {.sock = INVALID_SOCKET};
static int online, roster_ok, ended, tls_refused, tls_up;
static enum xmpp_client_status failure;

static void on_start_tls(void *ctx)
{
    (void)ctx;
    if (!xmpp_connection_start_tls(&conn))
    {
        printf("TLS refused: %s\n", conn.tls_error);
        tls_refused = ended = 1;
        return;
    }
    tls_up = 1;
    printf("TLS up\n");
}

static void on_online(void *ctx, const char *full_jid)
{
    static const char roster[] = "<iq type='get' id='roster-1'><query xmlns='jabber:iq:roster'/></iq>";

    (void)ctx;
    printf("online as %s\n", full_jid);
    online = 1;
    xmpp_client_send(&conn.client, roster, strlen(roster));
}

static void on_stanza(void *ctx, const struct xmpp_xml_element *stanza)
{
    const char *id = xmpp_xml_attr(stanza, "id"), *type = xmpp_xml_attr(stanza, "type");

    (void)ctx;
    if (strcmp(stanza->name, "iq") || !id || strcmp(id, "roster-1")) return;
    roster_ok = type && !strcmp(type, "result") && xmpp_xml_child(stanza, "query", XMPP_NS_ROSTER);
    printf("roster: %s\n", roster_ok ? "fetched" : "refused");
    ended = 1;
}

static void on_failed(void *ctx, enum xmpp_client_status status, const char *detail)
{
    (void)ctx;
    printf("failed: %s (%s): %s\n", xmpp_client_status_name(status), detail, xmpp_client_status_text(status));
    failure = status;
    ended = 1;
}

int main(int argc, char **argv)
{
    static const struct xmpp_client_callbacks callbacks = {xmpp_connection_send, on_start_tls, on_online,
                                                           on_stanza, on_failed};
    struct xmpp_client_config config = {0};
    struct sockaddr_in address = {0};
    DWORD timeout = 20000, start = GetTickCount();
    const char *expected;
    char buf[4096];
    WSADATA wsa;
    int passed;

    if (argc != 6 || !xmpp_connection_set_pin(&conn, argv[4]) || !strchr(argv[2], '@'))
    {
        fprintf(stderr, "usage: %s PORT JID PASSWORD PIN|- EXPECTED\n", argv[0]);
        return 2;
    }
    setvbuf(stdout, NULL, _IONBF, 0);
    expected = argv[5];
    conn.domain = strchr(argv[2], '@') + 1;
    WSAStartup(MAKEWORD(2, 2), &wsa);
    address.sin_family = AF_INET;
    address.sin_port = htons((unsigned short)atoi(argv[1]));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if ((conn.sock = socket(AF_INET, SOCK_STREAM, 0)) == INVALID_SOCKET ||
        connect(conn.sock, (struct sockaddr *)&address, sizeof(address)))
    {
        printf("FAIL: no connection to port %s (%d)\n", argv[1], WSAGetLastError());
        return 1;
    }
    /* A dead server must not hang the test. */
    setsockopt(conn.sock, SOL_SOCKET, SO_RCVTIMEO, (const char *)&timeout, sizeof(timeout));
    config.jid = argv[2];
    config.password = argv[3];
    config.resource = "wine-test";
    config.nonce = "wine-test-nonce-0123456789";
    if (xmpp_client_start(&conn.client, &config, &callbacks, &conn) != XMPP_CLIENT_OK) return 1;
    while (!ended && GetTickCount() - start < timeout)
    {
        int n = xmpp_connection_recv(&conn, buf, sizeof(buf));

        if (n <= 0)
        {
            printf("the connection ended (%d)\n", n);
            break;
        }
        xmpp_client_feed(&conn.client, buf, (size_t)n);
    }
    if (!ended) printf("no end within %lu ms\n", timeout);
    xmpp_connection_close(&conn);
    if (!strcmp(expected, "online"))
        passed = tls_up && online && roster_ok && failure == XMPP_CLIENT_OK;
    else if (!strcmp(expected, "TLS"))
        passed = tls_refused && !online;
    else
        passed = tls_up && !online && failure != XMPP_CLIENT_OK &&
                 !strcmp(xmpp_client_status_name(failure), expected);
    printf("%s: expected %s\n", passed ? "PASS" : "FAIL", expected);
    return passed ? 0 : 1;
}
