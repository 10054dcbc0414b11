/*
 * Hostile peers against a real broker: bad bytes, pinning, peers that never read, idle links, pending
 * invitations.
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

/* This program is carol, signed in with a broker of her own.  It starts
 * dave, an application process whose broker is the one under attack, with
 * small limits (DAVE_* below).  Raw sockets then claim to be carol (allowed,
 * and from her pinned address) or someone else, and send what a hostile or
 * broken peer would (docs/network.md sections 4 and 5): each case checks
 * what dave's broker does and how soon.  Meanwhile carol and dave have a
 * connected session, which must go on through all of it, and afterwards
 * new exchanges still work.  The identities are this test's own, so that
 * it can run beside the two-party tests.
 *   hostile          IPv4; carol reaches dave by host name (localhost)
 *   hostile ipv6     dave listens on [::] (dual stack); pinning by address
 *                    bytes: carol's contact is written in another IPv6
 *                    spelling, and an IPv4 contact arrives IPv4-mapped */

#include <stdlib.h>

#include "net/party.h"
#include "net/direct.h" /* the link limits: LINK_QUEUE_MAX, LINK_WRITE_TIMEOUT_MS, ... */

/* Dave's broker: a link with no frame and no live session closes after
 * DAVE_IDLE_MS (MSGSC_LINK_IDLE_MS), at most DAVE_MAX_PENDING invitations of
 * one peer wait for an answer (MSGSC_MAX_PENDING), and the rate is high
 * enough for the floods below to fit in one burst (MSGSC_RATE, bursts of
 * twice that). */
#define DAVE_IDLE_MS     1500
#define DAVE_MAX_PENDING 3
#define DAVE_RATE        1000
/* "At once": the close of a connection whose bytes are malformed must come
 * well before the broker's 10-second hello deadline. */
#define PROMPT_MS 2000

/* Carol is a contact of dave's, and so is erin, whom only raw peers play. */
static const char carol[] = "carol@example.org", dave[] = "dave@example.org", erin[] = "erin@example.org";
static const char dave_hello[] = "USR dave@example.org\r\n";
static WCHAR app_guid[39];
static unsigned short carol_port, dave_port;
static BOOL ipv6;

/* --- raw peers ------------------------------------------------------------ */

/* A TCP connection to dave's broker as a peer without msgsc makes it: to
 * the address to (numeric), from the address from (NULL: any), with a
 * receive buffer of rcvbuf bytes (0: the default). */
static SOCKET raw_connect(const char *to, const char *from, int rcvbuf)
{
    struct addrinfo hints = {0}, *target = NULL, *source = NULL;
    char port[8];
    DWORD timeout = 10000;
    SOCKET s;

    snprintf(port, sizeof(port), "%u", dave_port);
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICHOST;
    if (getaddrinfo(to, port, &hints, &target) || (from && getaddrinfo(from, "0", &hints, &source)))
    {
        ok(0, "cannot parse %s or %s\n", to, from ? from : "(any)");
        return INVALID_SOCKET;
    }
    s = socket(target->ai_family, SOCK_STREAM, IPPROTO_TCP);
    if (rcvbuf) setsockopt(s, SOL_SOCKET, SO_RCVBUF, (const char *)&rcvbuf, sizeof(rcvbuf));
    setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, (const char *)&timeout, sizeof(timeout));
    setsockopt(s, SOL_SOCKET, SO_SNDTIMEO, (const char *)&timeout, sizeof(timeout));
    if (source && bind(s, source->ai_addr, (int)source->ai_addrlen))
        ok(0, "bind to %s: %d\n", from, WSAGetLastError());
    if (connect(s, target->ai_addr, (int)target->ai_addrlen))
        ok(0, "connect to %s from %s: %d\n", to, from ? from : "(any)", WSAGetLastError());
    freeaddrinfo(target);
    if (source) freeaddrinfo(source);
    return s;
}

/* Where raw peers connect and who they may say they are from there. */
static const char *dave_host(void)
{
    return ipv6 ? "::1" : "127.0.0.1";
}

/* Reads what arrives until the broker closes the connection (an end or a
 * reset), at most until limit_ms after start: the milliseconds from start
 * to the close, or -1 when it is still open.  *len counts what was read
 * (the reply holds its first size - 1 bytes, NUL-terminated). */
static int wait_closed(SOCKET s, ULONGLONG start, unsigned int limit_ms, char *reply, int size, int *len)
{
    char buffer[4096];

    *len = 0;
    reply[0] = 0;
    for (;;)
    {
        ULONGLONG now = GetTickCount64();
        struct timeval wait;
        fd_set readable;
        int got;

        if (now >= start + limit_ms) return -1;
        wait.tv_sec = (long)((start + limit_ms - now) / 1000);
        wait.tv_usec = (long)((start + limit_ms - now) % 1000 * 1000);
        FD_ZERO(&readable);
        FD_SET(s, &readable);
        if (select(0, &readable, NULL, NULL, &wait) <= 0) continue;
        if ((got = recv(s, buffer, sizeof(buffer), 0)) <= 0)
            return got == 0 || WSAGetLastError() == WSAECONNRESET ? (int)(GetTickCount64() - start) : -1;
        if (*len + got < size)
        {
            memcpy(reply + *len, buffer, got);
            reply[*len + got] = 0;
        }
        *len += got;
    }
}

/* Reads until the reply holds text, at most 10 seconds: FALSE if it never
 * came (the reply so far is in reply). */
static BOOL read_until(SOCKET s, char *reply, int size, int *len, const char *text)
{
    int got;

    while (!strstr(reply, text) && *len < size - 1 && (got = recv(s, reply + *len, size - 1 - *len, 0)) > 0)
    {
        *len += got;
        reply[*len] = 0;
    }
    return strstr(reply, text) != NULL;
}

static BOOL send_all(SOCKET s, const char *bytes, size_t len)
{
    while (len)
    {
        int sent = send(s, bytes, (int)min(len, 65536), 0);

        if (sent <= 0) return FALSE;
        bytes += sent;
        len -= sent;
    }
    return TRUE;
}

/* Appends a frame "MSG <from> <from> <length>\r\n<payload>" to buf. */
static size_t add_frame(char *buf, const char *from, const char *payload)
{
    return sprintf(buf, "MSG %s %s %u\r\n%s", from, from, (unsigned int)strlen(payload), payload);
}

#define MIME "MIME-Version: 1.0\r\nContent-Type: text/x-msmsgsinvite; charset=UTF-8\r\n\r\n"

/* Well-formed, an unknown command: dropped, never answered. */
static const char unknown_command[] = MIME "Invitation-Command: NOTHING\r\nInvitation-Cookie: 1\r\n\r\n";

/* A file transfer (no Session-Protocol, spec 2.8): answered at once with a
 * CANCEL REJECT_NOT_INSTALLED that echoes the cookie, and no session. */
static size_t add_file_transfer(char *buf, const char *from, unsigned int cookie)
{
    char payload[512];

    snprintf(payload, sizeof(payload),
             MIME "Application-Name: File Transfer\r\n"
                  "Application-GUID: {5D3E02AB-6190-11d3-BBBB-00C04F795683}\r\n"
                  "Invitation-Command: INVITE\r\nInvitation-Cookie: %u\r\n"
                  "Application-File: notes.txt\r\nApplication-FileSize: 42\r\n\r\n",
             cookie);
    return add_frame(buf, from, payload);
}

/* A Session Invite invitation of the test's application: a session on
 * dave's side, whose data tells dave's process what to do with it. */
static size_t add_invite(char *buf, const char *from, unsigned int cookie, const char *data)
{
    char payload[1024];

    snprintf(payload, sizeof(payload),
             MIME "Application-Name: Chess Board\r\nApplication-GUID: %ls\r\nSession-Protocol: SM1\r\n"
                  "Context-Data: %s\r\nInvitation-Command: INVITE\r\nInvitation-Cookie: %u\r\n"
                  "Session-ID: {%08X-0000-4000-8000-00000000CA01}\r\nIP-Address: 127.0.0.1\r\n\r\n",
             app_guid, data, cookie, cookie);
    return add_frame(buf, from, payload);
}

static size_t add_cancel(char *buf, unsigned int cookie)
{
    char payload[512];

    snprintf(payload, sizeof(payload),
             MIME "Invitation-Command: CANCEL\r\nCancel-Code: OUTBANDCANCEL\r\nInvitation-Cookie: %u\r\n"
                  "Session-ID: {%08X-0000-4000-8000-00000000CA01}\r\n\r\n",
             cookie, cookie);
    return add_frame(buf, carol, payload);
}

/* The CANCEL dave's broker answers an invitation with, cookie and code. */
static const char *cancel_text(unsigned int cookie, const char *code)
{
    static char text[128];

    snprintf(text, sizeof(text), "Cancel-Code: %s\r\nInvitation-Cookie: %u\r\n", code, cookie);
    return text;
}

/* Sends bytes and checks that the broker closes the connection at once,
 * having sent at most its own hello. */
static void check_closed_at_once(const char *what, const char *to, const char *from, const char *bytes,
                                 size_t len)
{
    char reply[4096];
    SOCKET s = raw_connect(to, from, 0);
    ULONGLONG start = GetTickCount64();
    int elapsed, got;

    send(s, bytes, (int)len, 0);
    elapsed = wait_closed(s, start, PROMPT_MS, reply, sizeof(reply), &got);
    ok(elapsed >= 0, "%s: still open after %u ms\n", what, PROMPT_MS);
    ok(got <= (int)strlen(dave_hello) && !memcmp(reply, dave_hello, got), "%s: %d bytes back, \"%.80s\"\n",
       what, got, reply);
    trace("%s: closed after %d ms, %d bytes back\n", what, elapsed, got);
    closesocket(s);
}

/* Connects as who from from, says the hello and checks that the link is
 * taken: a file transfer is answered. */
static void check_accepted(const char *what, const char *who, const char *to, const char *from)
{
    char bytes[1024], reply[4096] = "";
    SOCKET s = raw_connect(to, from, 0);
    size_t len = sprintf(bytes, "USR %s\r\n", who);
    int got = 0;
    BOOL answered;

    len += add_file_transfer(bytes + len, who, 4242);
    send(s, bytes, (int)len, 0);
    answered = read_until(s, reply, sizeof(reply), &got, cancel_text(4242, "REJECT_NOT_INSTALLED"));
    ok(answered, "%s: not taken; %d bytes back, \"%.80s\"\n", what, got, reply);
    closesocket(s);
}

/* --- dave ------------------------------------------------------------------ */

static BOOL dave_answer(struct log_sink *manager_sink)
{
    struct log_sink sink;
    IConnectionPoint *cp;
    IMsgrSession *session;
    char data[600];
    DWORD cookie;
    unsigned int i;
    BSTR value;

    for (i = 0; i < 2 && !manager_sink->invited; i++)
        pump_until_long(invitation_arrived, manager_sink);
    ok(manager_sink->invited != NULL, "dave: no invitation arrived\n");
    if (!(session = manager_sink->invited)) return FALSE;
    manager_sink->invited = NULL;
    lstrcpynA(data, manager_sink->invite_data, sizeof(data));
    trace("dave: invitation \"%s\"\n", data);
    /* Raw peers' invitations are left to wait (the broker holds them). */
    if (!strcmp(data, "pending") || !strcmp(data, "quit"))
    {
        IMsgrSession_Release(session);
        return strcmp(data, "quit") != 0;
    }
    init_log_sink(&sink);
    cp = advise_log((IUnknown *)session, &DIID_DMsgrSessionEvents, &sink, &cookie);
    {
        const char *expected = strcmp(data, "link lost") ? carol : erin;
        IMessengerContact *contact = NULL;
        IDispatch *user = NULL;
        char who[200];

        value = NULL;
        if (IMsgrSession_get_User(session, &user) == S_OK && user)
            IDispatch_QueryInterface(user, &IID_IMessengerContact, (void **)&contact);
        if (contact) IMessengerContact_get_SigninName(contact, &value);
        lstrcpynA(who, utf8(value), sizeof(who));
        ok(!strcmp(who, expected), "dave: User %s, expected %s\n", who, expected);
        SysFreeString(value);
        if (contact) IMessengerContact_Release(contact);
        if (user) IDispatch_Release(user);
    }
    if (!strcmp(data, "link lost"))
    {
        /* A raw peer's invitation, live until the broker drops its link;
         * the raw peer waits for this word (the sink is advised). */
        signal_ready("hostile-dave-invited");
        ok(wait_log(&sink, "T:"), "dave: no end: %s\n", sink.log);
        check_log(&sink, "S2 T:81000603:");
    }
    else if (!strcmp(data, "decline"))
    {
        ok(IMsgrSession_Decline(session, value = bstr("no thanks")) == S_OK, "dave: Decline\n");
        SysFreeString(value);
        ok(wait_log(&sink, "T:"), "dave: no end: %s\n", sink.log);
        check_log(&sink, "S2 T:81000602:no thanks");
    }
    else if (!strcmp(data, "accept and wait"))
    {
        ok(IMsgrSession_Accept(session, NULL) == S_OK, "dave: Accept\n");
        ok(wait_log(&sink, "T:"), "dave: no end: %s\n", sink.log);
        check_log(&sink, "S2 R S3 C:still here S4 X:bye T:81000607:bye");
    }
    else
        ok(0, "dave: unknown instruction \"%s\"\n", data);
    if (cp)
    {
        IConnectionPoint_Unadvise(cp, cookie);
        IConnectionPoint_Release(cp);
    }
    IMsgrSession_Release(session);
    return TRUE;
}

static int run_dave(void)
{
    IMsgrSessionManager *manager;
    struct log_sink manager_sink;
    IConnectionPoint *cp;
    IMsgrSession *probe;
    DWORD cookie;

    CoInitialize(NULL);
    if (!(manager = create_manager())) return 1;
    init_log_sink(&manager_sink);
    cp = advise_log((IUnknown *)manager, &DIID_DMsgrSessionManagerEvents, &manager_sink, &cookie);
    /* Any call starts dave's broker and connects this process to it. */
    if ((probe = create_session(manager))) IMsgrSession_Release(probe);
    signal_ready("hostile-dave");
    while (dave_answer(&manager_sink))
        ;
    if (cp)
    {
        IConnectionPoint_Unadvise(cp, cookie);
        IConnectionPoint_Release(cp);
    }
    IMsgrSessionManager_Release(manager);
    CoUninitialize();
    return test_summary();
}

/* --- carol ------------------------------------------------------------------ */

/* An invitation dave declines, start to end. */
static void exchange(IMsgrSessionManager *manager, const char *what)
{
    struct inviter call = {.manager = manager};

    if (invite(&call, app_guid, dave, "decline") == S_OK)
    {
        ok(wait_log(&call.sink, "T:"), "%s: no end: %s\n", what, call.sink.log);
        ok(!strcmp(call.sink.log, "S1 S2 D:no thanks T:81000602:no thanks"), "%s: events \"%s\"\n", what,
           call.sink.log);
    }
    finish(&call);
}

/* Malformed bytes close the connection on the byte that makes them so,
 * with or without a line end, before or after the hello; a hello with a
 * NUL is not taken for carol (what follows it is never answered). */
static void test_bad_bytes(void)
{
    static const char tls[] = "\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03\x5b\x90";
    char bytes[2048];
    size_t len;

    len = sprintf(bytes, "USR %s", carol);
    memcpy(bytes + len, "\0\a\xff junk\r\n", 10);
    len += 10;
    len += add_file_transfer(bytes + len, carol, 77);
    check_closed_at_once("NUL in the hello", dave_host(), NULL, bytes, len);

    len = sprintf(bytes, "USR %s\r\nMSG %s", carol, carol);
    memcpy(bytes + len, "\0carol 5\r\nabcde", 15);
    len += 15;
    check_closed_at_once("NUL in a MSG line", dave_host(), NULL, bytes, len);

    check_closed_at_once("a TLS ClientHello", dave_host(), NULL, tls, sizeof(tls) - 1);
    check_closed_at_once("HTTP without a line end", dave_host(), NULL, "GET / HTTP/1.1", 14);
    check_closed_at_once("garbage without a line end", dave_host(), NULL, "\x01\x02\x03\x04", 4);
    len = sprintf(bytes, "USR %s\r\n\x01\x02\x03", carol);
    check_closed_at_once("control bytes after the hello", dave_host(), NULL, bytes, len);
    len = sprintf(bytes, "USR %s\r\nMSG %s %s 12\x7f", carol, carol, carol);
    check_closed_at_once("DEL in a MSG line", dave_host(), NULL, bytes, len);
}

/* Carol's address is pinned: from another one, her name is refused; a name
 * dave does not know is refused from anywhere. */
static void test_pinning(void)
{
    char bytes[256];
    size_t len = sprintf(bytes, "USR %s\r\n", carol);

    check_closed_at_once("carol from 127.0.0.2", "127.0.0.1", "127.0.0.2", bytes, len);
    len = sprintf(bytes, "USR mallory@example.org\r\n");
    check_closed_at_once("a stranger", dave_host(), NULL, bytes, len);
    check_accepted("carol from her address", carol, dave_host(), NULL);
}

/* At most DAVE_MAX_PENDING invitations of one peer wait for dave's answer:
 * the next is refused with CANCEL FAIL, the waiting ones go on, and once
 * one is answered there is room again. */
static void test_pending_cap(void)
{
    char bytes[16384], reply[16384] = "";
    unsigned int i, first = 1000, refused = first + DAVE_MAX_PENDING, later = refused + 1;
    SOCKET s = raw_connect(dave_host(), NULL, 0);
    size_t len = sprintf(bytes, "USR %s\r\n", carol);
    BOOL answered;
    int got = 0;

    for (i = first; i <= refused; i++)
        len += add_invite(bytes + len, carol, i, "pending");
    /* Answered at once: when it comes, the invitations before it were seen. */
    len += add_file_transfer(bytes + len, carol, 1);
    send_all(s, bytes, len);
    answered = read_until(s, reply, sizeof(reply), &got, cancel_text(1, "REJECT_NOT_INSTALLED"));
    ok(answered, "no answer to the file transfer: \"%s\"\n", reply);
    ok(strstr(reply, cancel_text(refused, "FAIL")) != NULL, "invitation %u not refused: \"%s\"\n", refused,
       reply);
    for (i = first; i < refused; i++)
    {
        char cookie[64];

        snprintf(cookie, sizeof(cookie), "Invitation-Cookie: %u\r\n", i);
        ok(!strstr(reply, cookie), "waiting invitation %u was answered: \"%s\"\n", i, reply);
    }

    /* One ends: the next invitation waits too. */
    len = add_cancel(bytes, first);
    len += add_invite(bytes + len, carol, later, "pending");
    len += add_file_transfer(bytes + len, carol, 2);
    send_all(s, bytes, len);
    answered = read_until(s, reply, sizeof(reply), &got, cancel_text(2, "REJECT_NOT_INSTALLED"));
    ok(answered, "no answer to the second file transfer: \"%s\"\n", reply);
    ok(!strstr(reply, cancel_text(later, "FAIL")), "invitation %u refused: \"%s\"\n", later, reply);

    /* Carol's name has no invitation left waiting for the exchanges that follow. */
    len = 0;
    for (i = first + 1; i < refused; i++)
        len += add_cancel(bytes + len, i);
    len += add_cancel(bytes + len, later);
    len += add_file_transfer(bytes + len, carol, 3);
    send_all(s, bytes, len);
    answered = read_until(s, reply, sizeof(reply), &got, cancel_text(3, "REJECT_NOT_INSTALLED"));
    ok(answered, "no answer to the third file transfer: \"%s\"\n", reply);
    closesocket(s);
}

/* A link that said its hello and carries nothing closes after DAVE_IDLE_MS,
 * not before; carol's own link, quiet as long but with a live session,
 * stays (the session's state is checked by the caller). */
static void test_idle(struct inviter *live)
{
    char bytes[256], reply[4096] = "";
    SOCKET s = raw_connect(dave_host(), NULL, 0);
    ULONGLONG start = GetTickCount64();
    size_t len = sprintf(bytes, "USR %s\r\n", carol);
    SESSION_STATE state = SS_UNKNOWN;
    int elapsed, got = 0;
    HRESULT hr;

    send(s, bytes, (int)len, 0);
    elapsed = wait_closed(s, start, DAVE_IDLE_MS + 3000, reply, sizeof(reply), &got);
    ok(elapsed >= DAVE_IDLE_MS - 100 && elapsed <= DAVE_IDLE_MS + 2000,
       "idle link closed after %d ms, expected about %u\n", elapsed, DAVE_IDLE_MS);
    ok(!strcmp(reply, dave_hello), "idle link: \"%s\"\n", reply);
    trace("idle link closed after %d ms\n", elapsed);
    closesocket(s);
    hr = IMsgrSession_get_State(live->session, &state);
    ok(hr == S_OK && state == SS_CONNECTED, "the live session: hr %#lx, state %d, events %s\n", hr, state,
       live->sink.log);
}

/* The size of one answer of dave's broker to a file transfer with a
 * five-digit cookie, as the floods below are answered. */
static int answer_size(void)
{
    char bytes[1024], reply[4096] = "", *line;
    SOCKET s = raw_connect(dave_host(), NULL, 0);
    size_t len = sprintf(bytes, "USR %s\r\n", carol);
    unsigned int payload = 0;
    int got = 0, size = 0;

    len += add_file_transfer(bytes + len, carol, 10000);
    send(s, bytes, (int)len, 0);
    if (read_until(s, reply, sizeof(reply), &got, cancel_text(10000, "REJECT_NOT_INSTALLED")) &&
        (line = strstr(reply, "MSG ")) && strstr(line, "\r\n") &&
        sscanf(strstr(line, "\r\n") - 5, "%*[^ ] %u", &payload) == 1)
        size = (int)(strstr(line, "\r\n") + 2 - line) + (int)payload;
    ok(size > 150 && size < 400, "an answer is %d bytes: \"%s\"\n", size, reply);
    closesocket(s);
    return size;
}

/* How much a socket with the broker's options (TCP_NODELAY, SO_SNDBUF
 * LINK_SEND_BUFFER) holds for a peer that does not read, with a receive
 * buffer of 4096 bytes: filled until it takes nothing for 100 ms. */
static int socket_capacity(void)
{
    struct sockaddr_in address = {0};
    int size = sizeof(address), buffer = LINK_SEND_BUFFER, small = 4096, total = 0, sent;
    SOCKET listener = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP),
           peer = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    SOCKET writer;
    u_long nonblocking = 1;
    BOOL nodelay = TRUE;
    char chunk[4096] = {0};

    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(listener, (struct sockaddr *)&address, sizeof(address));
    listen(listener, 1);
    getsockname(listener, (struct sockaddr *)&address, &size);
    setsockopt(peer, SOL_SOCKET, SO_RCVBUF, (const char *)&small, sizeof(small));
    connect(peer, (struct sockaddr *)&address, sizeof(address));
    writer = accept(listener, NULL, NULL);
    ioctlsocket(writer, FIONBIO, &nonblocking);
    setsockopt(writer, IPPROTO_TCP, TCP_NODELAY, (const char *)&nodelay, sizeof(nodelay));
    setsockopt(writer, SOL_SOCKET, SO_SNDBUF, (const char *)&buffer, sizeof(buffer));
    for (;;)
    {
        struct timeval wait = {0, 100000};
        fd_set writable;

        while ((sent = send(writer, chunk, sizeof(chunk), 0)) > 0 || (sent = send(writer, chunk, 200, 0)) > 0)
            total += sent;
        FD_ZERO(&writable);
        FD_SET(writer, &writable);
        if (select(0, NULL, &writable, NULL, &wait) <= 0) break;
    }
    closesocket(writer);
    closesocket(peer);
    closesocket(listener);
    ok(total > 0, "a socket holds %d bytes\n", total);
    return total;
}

/* A raw peer as erin with an invitation waiting on dave's side (dave's
 * process has it), then count file transfers it never reads the answers
 * to.  Probes (harmless frames) until one fails: the milliseconds from
 * the flood to the broker's reset, or -1 after limit_ms. */
static int flood_unread(unsigned int count, unsigned int limit_ms, int *arrived)
{
    char *bytes = malloc(count * 400 + 2048), reply[65536];
    HANDLE invited = ready_event("hostile-dave-invited");
    SOCKET s = raw_connect(dave_host(), NULL, 4096);
    size_t len = sprintf(bytes, "USR %s\r\n", erin), one;
    ULONGLONG start, now;
    unsigned int i, probes = 0;
    int elapsed = -1, error = 0;

    len += add_invite(bytes + len, erin, 500, "link lost");
    send_all(s, bytes, len);
    ok(wait_ready(invited), "dave's process did not get erin's invitation\n");
    len = 0;
    for (i = 0; i < count; i++)
        len += add_file_transfer(bytes + len, erin, 10000 + i);
    send_all(s, bytes, len);
    start = GetTickCount64();
    one = add_frame(bytes, erin, unknown_command);
    for (now = start; now < start + limit_ms; now = GetTickCount64())
    {
        probes++;
        if (send(s, bytes, (int)one, 0) <= 0)
        {
            elapsed = (int)(now - start);
            error = WSAGetLastError();
            break;
        }
        Sleep(20); /* a probe every 20 ms until the deadline */
    }
    ok(elapsed < 0 || error == WSAECONNRESET || error == WSAECONNABORTED, "probe %u failed with %d\n", probes,
       error);
    /* What still arrives, after the reset. */
    wait_closed(s, GetTickCount64(), 5000, reply, sizeof(reply), arrived);
    closesocket(s);
    free(bytes);
    return elapsed;
}

/* A peer that sends invitations and never reads the answers: once its
 * socket and the link's queue (LINK_QUEUE_MAX) are full, dave's broker
 * closes the link at once rather than keep more, and erin's session on
 * dave's side ends with SR_CONNECTION_FAILURE (dave checks). */
static void test_never_reads(int answer)
{
    enum
    {
        COUNT = 1500 /* within one burst of DAVE_RATE; answers far beyond LINK_QUEUE_MAX */
    };
    int elapsed, arrived;

    elapsed = flood_unread(COUNT, 10000, &arrived);
    ok(elapsed >= 0 && elapsed < PROMPT_MS, "a peer that never reads: reset after %d ms\n", elapsed);
    ok(arrived < COUNT * answer / 2, "%d bytes of answers arrived of %d\n", arrived, COUNT * answer);
    trace("never reads: reset after %d ms, %d bytes of %d arrived\n", elapsed, arrived, COUNT * answer);
}

/* A peer that does not read, whose answers fill its socket and half the
 * queue: nothing overflows, but after LINK_WRITE_TIMEOUT_MS without the
 * socket taking a byte, the link closes; erin's live invitation kept it
 * from being idle, and now ends (dave checks). */
static void test_stalled(int answer)
{
    int capacity = socket_capacity(), count, elapsed, arrived;

    if (!capacity || !answer) return;
    count = (capacity + LINK_QUEUE_MAX / 2) / answer;
    elapsed = flood_unread(count, LINK_WRITE_TIMEOUT_MS + 5000, &arrived);
    ok(elapsed >= LINK_WRITE_TIMEOUT_MS - 500 && elapsed <= LINK_WRITE_TIMEOUT_MS + 3000,
       "a stalled peer (%d answers of %d bytes, the socket holding %d): reset after %d ms, expected %u\n",
       count, answer, capacity, elapsed, LINK_WRITE_TIMEOUT_MS);
    trace("stalled: %d answers, reset after %d ms\n", count, elapsed);
}

/* The hostile cases, while carol and dave have a connected session that
 * must outlive them all. */
static void test_hostile(IMsgrSessionManager *manager)
{
    SESSION_STATE state = SS_UNKNOWN;
    struct inviter live = {.manager = manager};
    int answer;
    HRESULT hr;
    BSTR value;

    if (invite(&live, app_guid, dave, "accept and wait") != S_OK)
    {
        finish(&live);
        return;
    }
    ok(wait_log(&live.sink, "S3"), "no connection: %s\n", live.sink.log);

    test_bad_bytes();
    test_pinning();
    test_pending_cap();
    test_idle(&live);

    hr = IMsgrSession_get_State(live.session, &state);
    ok(hr == S_OK && state == SS_CONNECTED, "after the hostile peers: hr %#lx, state %d, events %s\n", hr,
       state, live.sink.log);
    ok(IMsgrSession_SendContextData(live.session, value = bstr("still here")) == S_OK, "SendContextData\n");
    SysFreeString(value);
    ok(IMsgrSession_Cancel(live.session, S_OK, value = bstr("bye")) == S_OK, "Cancel\n");
    SysFreeString(value);
    ok(wait_log(&live.sink, "T:"), "no end: %s\n", live.sink.log);
    check_log(&live.sink, "S1 S2 A: R S3 S4 T:81000606:bye");
    finish(&live);

    /* Dave's process is free again: it follows erin's invitations. */
    answer = answer_size();
    test_never_reads(answer);
    test_stalled(answer);
}

/* A contact whose host name does not resolve: the invitation is sent (the
 * lookup runs on a thread of its own), then fails (I4). */
static void test_unresolvable(IMsgrSessionManager *manager)
{
    struct inviter call = {.manager = manager};

    if (invite(&call, app_guid, "frank@nothing.invalid:6891", "hello") == S_OK)
    {
        ok(wait_log(&call.sink, "T:"), "no end: %s\n", call.sink.log);
        check_log(&call.sink, "S1 S2 E:81000615 T:81000615:");
    }
    finish(&call);
}

/* Carol's contact for dave is pinned only in dave's table; dave's for carol
 * is written in another IPv6 spelling than the address she comes from, and
 * erin's is IPv4, which dave's dual-stack listener sees IPv4-mapped. */
static void test_pinning_ipv6(void)
{
    char bytes[256];
    size_t len;

    check_accepted("erin from 127.0.0.1 (IPv4-mapped)", erin, "127.0.0.1", NULL);
    len = sprintf(bytes, "USR %s\r\n", erin);
    check_closed_at_once("erin from 127.0.0.2", "127.0.0.1", "127.0.0.2", bytes, len);
    len = sprintf(bytes, "USR %s\r\n", carol);
    check_closed_at_once("carol over IPv4", "127.0.0.1", NULL, bytes, len);
    check_accepted("carol from ::1", carol, "::1", NULL);
}

static BOOL have_ipv6(void)
{
    struct sockaddr_in6 address = {0};
    SOCKET s = socket(AF_INET6, SOCK_STREAM, IPPROTO_TCP);
    BOOL bound;

    address.sin6_family = AF_INET6;
    address.sin6_addr = in6addr_loopback;
    bound = s != INVALID_SOCKET && !bind(s, (struct sockaddr *)&address, sizeof(address));
    if (s != INVALID_SOCKET) closesocket(s);
    return bound;
}

static void set_env_number(const char *name, unsigned int value)
{
    char text[16];

    snprintf(text, sizeof(text), "%u", value);
    SetEnvironmentVariableA(name, text);
}

static int run_carol(void)
{
    static const char *const identities[] = {carol, dave, erin};
    IMsgrSessionManager *manager;
    char value[256];
    HANDLE dave_process, ready;
    STARTUPINFOA startup = {0};
    PROCESS_INFORMATION info;
    char command[MAX_PATH + 64], self[MAX_PATH];
    WSADATA wsa;
    struct inviter call = {0};

    WSAStartup(MAKEWORD(2, 2), &wsa);
    if (ipv6 && !have_ipv6())
    {
        printf("SKIP: no IPv6 loopback here; the IPv4 run covers the rest\n");
        return 77;
    }
    wait_brokers_gone(ARRAY_SIZE(identities), identities);
    free_ports(&carol_port, &dave_port);
    new_guid_string(app_guid);

    /* Dave's broker, the one under attack. */
    SetEnvironmentVariableA("MSGSC_SIGNIN", dave);
    snprintf(value, sizeof(value), ipv6 ? "[::]:%u" : "127.0.0.1:%u", dave_port);
    SetEnvironmentVariableA("MSGSC_LISTEN", value);
    /* Carol's address in another spelling than the one she comes from. */
    snprintf(value, sizeof(value), "%s=%s:%u;%s=127.0.0.1:9", carol, ipv6 ? "[0:0:0:0:0:0:0:1]" : "127.0.0.1",
             carol_port, erin);
    SetEnvironmentVariableA("MSGSC_CONTACTS", value);
    /* Erin's invitations must outlive a stalled link (LINK_WRITE_TIMEOUT_MS). */
    set_env_number("MSGSC_INVITE_TIMEOUT_MS", LINK_WRITE_TIMEOUT_MS + 10000);
    SetEnvironmentVariableA("MSGSC_BROKER_IDLE_MS", "2000");
    set_env_number("MSGSC_LINK_IDLE_MS", DAVE_IDLE_MS);
    set_env_number("MSGSC_MAX_PENDING", DAVE_MAX_PENDING);
    set_env_number("MSGSC_RATE", DAVE_RATE);
    ready = ready_event("hostile-dave");
    startup.cb = sizeof(startup);
    GetModuleFileNameA(NULL, self, sizeof(self));
    snprintf(command, sizeof(command), "\"%s\" dave %ls", self, app_guid);
    dave_process = CreateProcessA(NULL, command, NULL, NULL, FALSE, 0, NULL, NULL, &startup, &info)
                       ? (CloseHandle(info.hThread), info.hProcess)
                       : NULL;
    ok(dave_process != NULL, "CreateProcess(dave): %lu\n", GetLastError());

    /* Carol's, with the defaults but for the timeouts; over IPv4 she finds
     * dave by host name, so that her invitations wait for a lookup. */
    SetEnvironmentVariableA("MSGSC_SIGNIN", carol);
    snprintf(value, sizeof(value), ipv6 ? "[::1]:%u" : "127.0.0.1:%u", carol_port);
    SetEnvironmentVariableA("MSGSC_LISTEN", value);
    snprintf(value, sizeof(value), ipv6 ? "%s=[::1]:%u" : "%s=localhost:%u", dave, dave_port);
    SetEnvironmentVariableA("MSGSC_CONTACTS", value);
    SetEnvironmentVariableA("MSGSC_LINK_IDLE_MS", NULL);
    SetEnvironmentVariableA("MSGSC_MAX_PENDING", NULL);
    SetEnvironmentVariableA("MSGSC_RATE", NULL);

    CoInitialize(NULL);
    if (!(manager = create_manager()))
    {
        TerminateProcess(dave_process, 1); /* it would wait for invitations */
        CloseHandle(dave_process);
        return test_summary();
    }
    ok(register_chess(manager, app_guid) == S_OK, "register\n");
    ok(wait_ready(ready), "dave did not start\n");

    exchange(manager, "first exchange");
    if (ipv6)
        test_pinning_ipv6();
    else
    {
        test_hostile(manager);
        test_unresolvable(manager);
        /* Not a synchronisation: time for dave's broker to close carol's
         * link, idle since the last exchange, so that the next exchange
         * needs a new one. */
        Sleep(DAVE_IDLE_MS + 500);
    }
    exchange(manager, "exchange afterwards");

    call.manager = manager;
    ok(invite(&call, app_guid, dave, "quit") == S_OK, "Invite quit\n");
    finish(&call);
    wait_party(dave_process, "dave", 30000);
    unregister_app(manager, app_guid);
    IMsgrSessionManager_Release(manager);
    CoUninitialize();
    WSACleanup();
    return test_summary();
}

int main(int argc, char **argv)
{
    if (argc == 3 && !strcmp(argv[1], "dave"))
    {
        MultiByteToWideChar(CP_UTF8, 0, argv[2], -1, app_guid, ARRAY_SIZE(app_guid));
        return run_dave();
    }
    ipv6 = argc == 2 && !strcmp(argv[1], "ipv6");
    return run_carol();
}
