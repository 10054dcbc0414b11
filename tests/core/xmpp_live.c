/*
 * The XMPP sign-in of the portable core against a real server: a native
 * client (POSIX sockets, plaintext on loopback) driven by
 * tests/xmpp/live.sh, which starts a throwaway Prosody.
 *   xmpp_live PORT JID PASSWORD EXPECTED
 * EXPECTED is "online" (signed in, resource bound, the roster fetched) or
 * the name of the status the sign-in must fail with (E_AUTH, ...).
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

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "core/xmpp_client.h"

static struct xmpp_client client;
static int sock = -1, online, roster_ok, ended;
static enum xmpp_client_status failure;

static void on_send(void *ctx, const char *data, size_t len)
{
    (void)ctx;
    while (len)
    {
        ssize_t n = send(sock, data, len, MSG_NOSIGNAL);

        if (n <= 0) return;
        data += n;
        len -= (size_t)n;
    }
}

static void on_start_tls(void *ctx)
{
    (void)ctx;
    printf("the server asked for TLS, which this native client does not do\n");
    ended = 1;
}

static void on_online(void *ctx, const char *full_jid)
{
    static const char roster[] = "<iq type='get' id='roster-1'><query xmlns='jabber:iq:roster'/></iq>";

    (void)ctx;
    printf("online as %s\n", full_jid);
    online = 1;
    xmpp_client_send(&client, roster, strlen(roster));
}

static void on_stanza(void *ctx, const struct xmpp_xml_element *stanza)
{
    const char *id = xmpp_xml_attr(stanza, "id"), *type = xmpp_xml_attr(stanza, "type");

    (void)ctx;
    if (!strcmp(stanza->name, "iq") && id && !strcmp(id, "roster-1"))
    {
        roster_ok = type && !strcmp(type, "result") && xmpp_xml_child(stanza, "query", XMPP_NS_ROSTER);
        printf("roster: %s\n", roster_ok ? "fetched" : "refused");
        ended = 1;
    }
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
    static const struct xmpp_client_callbacks callbacks = {on_send, on_start_tls, on_online, on_stanza,
                                                           on_failed};
    struct xmpp_client_config config = {0};
    struct sockaddr_in address = {0};
    time_t deadline = time(NULL) + 20;
    const char *expected;
    char buf[4096];
    int passed;

    if (argc != 5)
    {
        fprintf(stderr, "usage: %s PORT JID PASSWORD EXPECTED\n", argv[0]);
        return 2;
    }
    expected = argv[4];
    address.sin_family = AF_INET;
    address.sin_port = htons((unsigned short)atoi(argv[1]));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if ((sock = socket(AF_INET, SOCK_STREAM, 0)) < 0 ||
        connect(sock, (struct sockaddr *)&address, sizeof(address)))
    {
        perror("connect");
        return 1;
    }
    config.jid = argv[2];
    config.password = argv[3];
    config.resource = "live-test";
    config.allow_plaintext = 1;
    config.nonce = "native-test-nonce-0123456789"; /* a fixed nonce is fine for a test account */
    if (xmpp_client_start(&client, &config, &callbacks, NULL) != XMPP_CLIENT_OK) return 1;
    while (!ended && time(NULL) < deadline)
    {
        struct pollfd fd = {sock, POLLIN, 0};
        ssize_t n;

        if (poll(&fd, 1, 1000) <= 0) continue;
        if ((n = recv(sock, buf, sizeof(buf), 0)) <= 0)
        {
            printf("the server closed the connection\n");
            break;
        }
        xmpp_client_feed(&client, buf, (size_t)n);
    }
    if (!ended) printf("no end within 20 s\n");
    xmpp_client_close(&client);
    xmpp_client_clear(&client);
    close(sock);
    if (!strcmp(expected, "online"))
        passed = online && roster_ok && failure == XMPP_CLIENT_OK;
    else
        passed = !online && failure != XMPP_CLIENT_OK && !strcmp(xmpp_client_status_name(failure), expected);
    printf("%s: expected %s\n", passed ? "PASS" : "FAIL", expected);
    return passed ? 0 : 1;
}
