/*
 * Part f's baseline (bench/README.md): the raw stanza round trip between
 * two XMPP clients through one server, with msgsc's own sign-in (core) and
 * TLS (net) under the same Wine, as resources of the accounts the brokers
 * of the benchmark use.
 *
 *   msgsc-xmpp-ping echo PORT JID PASSWORD PIN
 *       signs in as JID/ping and sends every <message/> back to its sender,
 *       until one whose body is "quit".
 *   msgsc-xmpp-ping ping PORT JID PASSWORD PIN PEER COUNT
 *       signs in as JID/ping, waits (at most 20 s) until PEER/ping echoes,
 *       times COUNT round trips and prints
 *       "stanza round trip: median <us> p90 <us> (<n> samples)".
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
#include "bench.h"

static struct xmpp_connection conn = {.sock = INVALID_SOCKET};
static const char *peer;
static BOOL echo_mode, online, failed, quit;
static unsigned int echoes; /* pongs received */
static char last_body[64];

static void on_start_tls(void *ctx)
{
    (void)ctx;
    if (xmpp_connection_start_tls(&conn)) return;
    printf("TLS refused: %s\n", conn.tls_error);
    failed = TRUE;
}

static void on_online(void *ctx, const char *full_jid)
{
    static const char presence[] = "<presence/>";

    (void)ctx;
    (void)full_jid;
    xmpp_client_send(&conn.client, presence, strlen(presence));
    online = TRUE;
}

static void send_message(const char *to, const char *body)
{
    char stanza[512];
    int len =
        snprintf(stanza, sizeof(stanza), "<message to='%s' type='chat'><body>%s</body></message>", to, body);

    if (len > 0 && (size_t)len < sizeof(stanza)) xmpp_client_send(&conn.client, stanza, (size_t)len);
}

static void on_stanza(void *ctx, const struct xmpp_xml_element *stanza)
{
    const struct xmpp_xml_element *body;
    const char *from = xmpp_xml_attr(stanza, "from"), *type = xmpp_xml_attr(stanza, "type");

    (void)ctx;
    if (strcmp(stanza->name, "message") || !from || (type && !strcmp(type, "error")) ||
        !(body = xmpp_xml_child(stanza, "body", NULL)) || !body->text)
        return;
    if (!echo_mode)
    {
        snprintf(last_body, sizeof(last_body), "%s", body->text);
        echoes++;
    }
    else if (!strcmp(body->text, "quit"))
        quit = TRUE;
    else if (strlen(from) < 256 && strlen(body->text) < 64 && !strpbrk(from, "<>&'\""))
        send_message(from, body->text);
}

static void on_failed(void *ctx, enum xmpp_client_status status, const char *detail)
{
    (void)ctx;
    printf("sign-in failed: %s (%s)\n", xmpp_client_status_name(status), detail);
    failed = TRUE;
}

/* Reads and handles what arrives, for at most timeout_ms; FALSE when the
 * connection ended. */
static BOOL pump(DWORD timeout_ms)
{
    struct timeval wait = {(long)(timeout_ms / 1000), (long)(timeout_ms % 1000) * 1000};
    char buf[8192];
    fd_set ready;
    int got;

    if (!conn.tls || !tls_pending(conn.tls))
    {
        FD_ZERO(&ready);
        FD_SET(conn.sock, &ready);
        if (select(0, &ready, NULL, NULL, &wait) != 1) return TRUE;
    }
    if ((got = xmpp_connection_recv(&conn, buf, sizeof(buf))) <= 0) return FALSE;
    return xmpp_client_feed(&conn.client, buf, (size_t)got) == XMPP_CLIENT_OK;
}

/* Sends one ping and waits for its pong: the round trip in µs, or -1. */
static double round_trip(const char *to, unsigned int number, DWORD timeout_ms)
{
    unsigned int before = echoes;
    LONGLONG start = now();
    char body[32];

    snprintf(body, sizeof(body), "ping %u", number);
    send_message(to, body);
    while (to_us(now() - start) < timeout_ms * 1000.0)
    {
        if (!pump(10)) return -1;
        if (echoes != before && !strcmp(last_body, body)) return to_us(now() - start);
    }
    return -1;
}

static int run_ping(unsigned int count)
{
    double *samples = calloc(count ? count : 1, sizeof(double));
    char to[300];
    unsigned int i, got = 0;
    DWORD start = GetTickCount();

    snprintf(to, sizeof(to), "%s/ping", peer);
    /* The echo side may not be online yet: until it answers. */
    while (round_trip(to, 0, 500) < 0)
        if (GetTickCount() - start > 20000 || failed)
        {
            printf("no echo from %s\n", to);
            return 1;
        }
    for (i = 0; i < 200; i++) /* warm-up: the server and both clients settle */
        round_trip(to, 1000000 + i, 5000);
    for (i = 0; i < count; i++)
    {
        double rtt = round_trip(to, i + 1, 5000);

        if (rtt >= 0) samples[got++] = rtt;
    }
    send_message(to, "quit");
    pump(100);
    printf("stanza round trip: median %.1f p90 %.1f (%u samples)\n", percentile(samples, got, 0.5),
           percentile(samples, got, 0.9), got);
    free(samples);
    return got == count ? 0 : 1;
}

int main(int argc, char **argv)
{
    static const struct xmpp_client_callbacks callbacks = {xmpp_connection_send, on_start_tls, on_online,
                                                           on_stanza, on_failed};
    struct xmpp_client_config config = {0};
    struct sockaddr_in address = {0};
    DWORD start;
    WSADATA wsa;
    int status = 0;

    echo_mode = argc == 6 && !strcmp(argv[1], "echo");
    if (!(echo_mode || (argc == 8 && !strcmp(argv[1], "ping"))) || !xmpp_connection_set_pin(&conn, argv[5]) ||
        !strchr(argv[3], '@'))
    {
        fprintf(stderr, "usage: %s echo PORT JID PASSWORD PIN | ping PORT JID PASSWORD PIN PEER COUNT\n",
                argv[0]);
        return 2;
    }
    setvbuf(stdout, NULL, _IONBF, 0);
    clock_init();
    conn.domain = strchr(argv[3], '@') + 1;
    peer = echo_mode ? NULL : argv[6];
    WSAStartup(MAKEWORD(2, 2), &wsa);
    address.sin_family = AF_INET;
    address.sin_port = htons((unsigned short)atoi(argv[2]));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if ((conn.sock = socket(AF_INET, SOCK_STREAM, 0)) == INVALID_SOCKET ||
        connect(conn.sock, (struct sockaddr *)&address, sizeof(address)))
    {
        printf("no connection to port %s\n", argv[2]);
        return 1;
    }
    {
        BOOL nodelay = TRUE;

        setsockopt(conn.sock, IPPROTO_TCP, TCP_NODELAY, (const char *)&nodelay, sizeof(nodelay));
    }
    config.jid = argv[3];
    config.password = argv[4];
    config.resource = "ping";
    config.nonce = echo_mode ? "msgsc-bench-echo-nonce" : "msgsc-bench-ping-nonce";
    if (xmpp_client_start(&conn.client, &config, &callbacks, &conn) != XMPP_CLIENT_OK) return 1;
    for (start = GetTickCount(); !online && !failed && GetTickCount() - start < 20000;)
        if (!pump(100)) break;
    if (!online)
    {
        printf("%s did not sign in\n", argv[3]);
        return 1;
    }
    if (echo_mode)
        while (!quit && pump(1000))
            ;
    else
        status = run_ping((unsigned int)atoi(argv[7]));
    xmpp_connection_close(&conn);
    WSACleanup();
    return status;
}
