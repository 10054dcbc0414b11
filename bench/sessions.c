/*
 * Benchmarks of two parties over their brokers: handshake latency against a raw loopback round trip,
 * sequential handshakes per second, and memory per open session in both brokers.
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

/* This program is alice.  It starts bob (itself, with the argument "bob")
 * with his own identity in the same Wine prefix; each identity gets its own
 * broker and the brokers talk over loopback TCP, as in tests/net.  Alice and
 * bob also share a TCP connection of their own (the control channel): it
 * carries bob's commands and the raw round trips every ratio is measured
 * against.  Bob's application accepts every invitation inside its
 * OnInvitation handler and keeps the session.  Everything printed is a
 * median or a ratio from this one run; the targets are informational and
 * the exit code only says whether the exchanges themselves worked
 * (bench/README.md). */

#include "bench.h"
#include <psapi.h>

#define MSG_SIZE  64   /* every control message, both ways */
#define MAX_TIMED 4096 /* timed handshakes with bob's timestamps */

static const char alice_name[] = "alice@bench.example", bob_name[] = "bob@bench.example";
static WCHAR app_guid[39];

/* Bob's side of each timed handshake, in a mapping both processes open. */
struct stamps
{
    LONGLONG invited;      /* OnInvitation entered */
    LONGLONG accept_start; /* just before Accept */
    LONGLONG accept_end;   /* Accept returned */
};

struct shared
{
    struct stamps handshakes[MAX_TIMED];
};

static struct shared *shared;

static BSTR bstr(const char *text)
{
    WCHAR wide[256];

    MultiByteToWideChar(CP_UTF8, 0, text, -1, wide, ARRAY_SIZE(wide));
    return SysAllocString(wide);
}

/* --- the control channel -------------------------------------------------- */

static BOOL transfer_all(SOCKET s, char *buffer, int len, BOOL write)
{
    while (len > 0)
    {
        int done = write ? send(s, buffer, len, 0) : recv(s, buffer, len, 0);

        if (done <= 0) return FALSE;
        buffer += done;
        len -= done;
    }
    return TRUE;
}

static BOOL send_msg(SOCKET s, const char *text)
{
    char message[MSG_SIZE] = {0};

    lstrcpynA(message, text, sizeof(message));
    return transfer_all(s, message, sizeof(message), TRUE);
}

static BOOL recv_msg(SOCKET s, char message[MSG_SIZE])
{
    if (!transfer_all(s, message, MSG_SIZE, FALSE)) return FALSE;
    message[MSG_SIZE - 1] = 0;
    return TRUE;
}

static void set_nodelay(SOCKET s)
{
    BOOL nodelay = TRUE;

    setsockopt(s, IPPROTO_TCP, TCP_NODELAY, (const char *)&nodelay, sizeof(nodelay));
}

/* --- memory of a process ---------------------------------------------------- */

struct memory
{
    double private_bytes; /* PrivateUsage, or PagefileUsage where that is 0 */
    double working_set;
};

/* Wine 8 leaves PrivateUsage 0 and reports the process's resident anonymous
 * plus swapped memory (RssAnon + VmSwap) as PagefileUsage; Windows fills
 * both with the committed private bytes. */
static const char *memory_counter = "PrivateUsage";

static BOOL process_memory(HANDLE process, struct memory *out)
{
    PROCESS_MEMORY_COUNTERS_EX counters = {0};

    counters.cb = sizeof(counters);
    memset(out, 0, sizeof(*out));
    if (!process || !GetProcessMemoryInfo(process, (PROCESS_MEMORY_COUNTERS *)&counters, sizeof(counters)))
        return FALSE;
    if (counters.PrivateUsage)
        out->private_bytes = (double)counters.PrivateUsage;
    else
    {
        out->private_bytes = (double)counters.PagefileUsage;
        memory_counter = "PagefileUsage (Wine: resident anonymous + swapped memory)";
    }
    out->working_set = (double)counters.WorkingSetSize;
    return TRUE;
}

/* --- event sinks ------------------------------------------------------------ */

/* Alice's session sink, shared by every session she holds: it counts. */
struct counter_sink
{
    IDispatch IDispatch_iface;
    LONG accepted, connected, terminated, send_errors;
    LONGLONG accepted_at; /* when the last OnAccepted arrived */
    HRESULT last_termination;
};

/* Bob's manager sink: accepts each invitation inside OnInvitation. */
struct bob_sink
{
    IDispatch IDispatch_iface;
    IMsgrSession **held;
    unsigned int count, capacity;
    unsigned int invitations, accept_failures;
    IMsgrSession *previous; /* the last timed handshake's session */
};

static ULONG WINAPI bench_sink_AddRef(IDispatch *iface)
{
    return 2; /* both sinks are static */
}

static ULONG WINAPI bench_sink_Release(IDispatch *iface)
{
    return 1;
}

static HRESULT WINAPI counter_Invoke(IDispatch *iface, DISPID id, REFIID riid, LCID lcid, WORD flags,
                                     DISPPARAMS *params, VARIANT *result, EXCEPINFO *excep, UINT *argerr)
{
    struct counter_sink *sink = CONTAINING_RECORD(iface, struct counter_sink, IDispatch_iface);
    VARIANT *args = params->rgvarg; /* reversed: the last argument first */

    switch (id)
    {
    case DISPID_ONSTATECHANGED: /* OnStateChanged(prevState): leaving SS_ACCEPTED is reaching SS_CONNECTED */
        if (params->cArgs == 1 && V_I4(&args[0]) == SS_ACCEPTED) sink->connected++;
        break;
    case DISPID_ONACCEPTED: /* OnAccepted */
        sink->accepted_at = now();
        sink->accepted++;
        break;
    case DISPID_ONTERMINATION: /* OnTermination(hr, bstrAppData) */
        sink->last_termination = params->cArgs == 2 ? V_I4(&args[1]) : E_FAIL;
        sink->terminated++;
        break;
    case DISPID_ONSENDERROR: sink->send_errors++; break; /* OnSendError */
    default: break;
    }
    return S_OK;
}

static HRESULT WINAPI bob_Invoke(IDispatch *iface, DISPID id, REFIID riid, LCID lcid, WORD flags,
                                 DISPPARAMS *params, VARIANT *result, EXCEPINFO *excep, UINT *argerr)
{
    struct bob_sink *sink = CONTAINING_RECORD(iface, struct bob_sink, IDispatch_iface);
    VARIANT *args = params->rgvarg;
    LONGLONG invited = now();
    IMsgrSession *session = NULL;
    struct stamps *stamps = NULL;
    const WCHAR *data;
    HRESULT hr;

    /* OnInvitation(pSession, bstrAppData, pfHandled) */
    if (id != 100 || params->cArgs != 3 || V_VT(&args[2]) != VT_DISPATCH) return S_OK;
    sink->invitations++;
    data = V_VT(&args[1]) == VT_BSTR && V_BSTR(&args[1]) ? V_BSTR(&args[1]) : L"";
    if (!wcsncmp(data, L"hs ", 3))
    {
        long index = wcstol(data + 3, NULL, 10);

        if (index >= 0 && index < MAX_TIMED) stamps = &shared->handshakes[index];
    }
    IDispatch_QueryInterface(V_DISPATCH(&args[2]), &IID_IMsgrSession, (void **)&session);
    if (!session) return S_OK;
    if (V_VT(&args[0]) == (VT_BOOL | VT_BYREF)) *V_BOOLREF(&args[0]) = VARIANT_TRUE;
    if (stamps)
    {
        stamps->invited = invited;
        stamps->accept_start = now();
    }
    hr = IMsgrSession_Accept(session, NULL);
    if (stamps) stamps->accept_end = now();
    if (FAILED(hr)) sink->accept_failures++;

    /* Sessions of timed handshakes end with alice's Cancel, which comes
     * before her next invitation: bob keeps each until then (letting go
     * of a live session would end it).  He keeps the sessions alice holds
     * open until she says "release". */
    if (wcscmp(data, L"hold"))
    {
        if (sink->previous) IMsgrSession_Release(sink->previous);
        sink->previous = session;
        return S_OK;
    }
    if (sink->count == sink->capacity)
    {
        unsigned int capacity = sink->capacity ? sink->capacity * 2 : 1024;
        IMsgrSession **held = realloc(sink->held, capacity * sizeof(*held));

        if (!held)
        {
            IMsgrSession_Release(session);
            return S_OK;
        }
        sink->held = held;
        sink->capacity = capacity;
    }
    sink->held[sink->count++] = session;
    return S_OK;
}

static const IDispatchVtbl counter_vtbl = {
    sink_QueryInterface, bench_sink_AddRef,  bench_sink_Release, sink_GetTypeInfoCount,
    sink_GetTypeInfo,    sink_GetIDsOfNames, counter_Invoke,
};

static const IDispatchVtbl bob_vtbl = {
    sink_QueryInterface, bench_sink_AddRef,  bench_sink_Release, sink_GetTypeInfoCount,
    sink_GetTypeInfo,    sink_GetIDsOfNames, bob_Invoke,
};

/* Advises sink on source's connection point iid; returns the point. */
static IConnectionPoint *advise_sink(IUnknown *source, const IID *iid, IDispatch *sink, DWORD *cookie)
{
    IConnectionPoint *cp = find_cp(source, iid);

    *cookie = 0;
    if (cp) ok(IConnectionPoint_Advise(cp, (IUnknown *)sink, cookie) == S_OK, "Advise\n");
    return cp;
}

/* Pumps this thread's messages until done(ctx) holds or timeout_ms pass. */
static BOOL pump_until_done(BOOL (*done)(void *), void *ctx, DWORD timeout_ms)
{
    ULONGLONG deadline = GetTickCount64() + timeout_ms;
    MSG msg;

    for (;;)
    {
        ULONGLONG tick;

        while (PeekMessageW(&msg, NULL, 0, 0, PM_REMOVE))
            DispatchMessageW(&msg);
        if (done(ctx)) return TRUE;
        if ((tick = GetTickCount64()) >= deadline) return FALSE;
        MsgWaitForMultipleObjects(0, NULL, FALSE, (DWORD)min(deadline - tick, 1000), QS_ALLINPUT);
    }
}

struct count_wait
{
    const LONG *counter;
    LONG target;
};

static BOOL count_reached(void *ctx)
{
    const struct count_wait *wait = ctx;

    return *wait->counter >= wait->target;
}

static BOOL wait_count(const LONG *counter, LONG target, DWORD timeout_ms)
{
    struct count_wait wait = {counter, target};

    return pump_until_done(count_reached, &wait, timeout_ms);
}

/* --- bob -------------------------------------------------------------------- */

static struct bob_sink bob_sink = {.IDispatch_iface = {&bob_vtbl}};
static char bob_command[MSG_SIZE];
static HANDLE command_event, command_done;

/* Answers pings at once on its own thread (the raw round trip); hands every
 * other message to the main thread, which replies. */
static DWORD WINAPI bob_control_thread(void *arg)
{
    SOCKET s = (SOCKET)(ULONG_PTR)arg;
    char message[MSG_SIZE];

    while (recv_msg(s, message))
    {
        if (!strcmp(message, "ping"))
        {
            if (!transfer_all(s, message, MSG_SIZE, TRUE)) break;
            continue;
        }
        memcpy(bob_command, message, MSG_SIZE);
        SetEvent(command_event);
        WaitForSingleObject(command_done, INFINITE);
        if (!strcmp(message, "quit")) return 0;
    }
    strcpy(bob_command, "lost");
    SetEvent(command_event);
    return 0;
}

/* Median of count State calls: one request and reply on the broker pipe. */
static double state_round_trip(IMsgrSessionManager *manager, unsigned int count)
{
    IMsgrSession *session = create_session(manager);
    double *samples = calloc(count, sizeof(*samples)), median;
    SESSION_STATE state;
    unsigned int i;

    if (!session || !samples) return 0;
    for (i = 0; i < count; i++)
    {
        LONGLONG start = now();

        IMsgrSession_get_State(session, &state);
        samples[i] = to_us(now() - start);
    }
    median = percentile(samples, count, 0.5);
    free(samples);
    IMsgrSession_Release(session);
    return median;
}

/* Releases the sessions held beyond the first keep. */
static void bob_release(unsigned int keep)
{
    if (bob_sink.previous) IMsgrSession_Release(bob_sink.previous);
    bob_sink.previous = NULL;
    while (bob_sink.count > keep)
    {
        IMsgrSession *session = bob_sink.held[--bob_sink.count];

        IMsgrSession_Release(session);
    }
}

static int run_bob(unsigned short control_port, const char *shared_name)
{
    struct sockaddr_in address = {0};
    IMsgrSessionManager *manager;
    IConnectionPoint *cp;
    HANDLE mapping, thread;
    DWORD cookie;
    SOCKET s;
    BOOL running = TRUE;

    mapping = OpenFileMappingA(FILE_MAP_ALL_ACCESS, FALSE, shared_name);
    shared = mapping ? MapViewOfFile(mapping, FILE_MAP_ALL_ACCESS, 0, 0, sizeof(*shared)) : NULL;
    if (!shared) return 2;

    CoInitialize(NULL);
    if (!(manager = create_manager())) return 2;
    cp =
        advise_sink((IUnknown *)manager, &DIID_DMsgrSessionManagerEvents, &bob_sink.IDispatch_iface, &cookie);
    /* Any call connects this process to bob's broker (starting it). */
    {
        IMsgrSession *probe = create_session(manager);

        if (probe) IMsgrSession_Release(probe);
    }

    /* Connecting tells alice that bob is ready. */
    s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(control_port);
    if (s == INVALID_SOCKET || connect(s, (struct sockaddr *)&address, sizeof(address))) return 2;
    set_nodelay(s);
    command_event = CreateEventW(NULL, FALSE, FALSE, NULL);
    command_done = CreateEventW(NULL, FALSE, FALSE, NULL);
    thread = CreateThread(NULL, 0, bob_control_thread, (void *)(ULONG_PTR)s, 0, NULL);

    while (running)
    {
        char reply[MSG_SIZE] = {0};
        unsigned int count;

        if (MsgWaitForMultipleObjects(1, &command_event, FALSE, INFINITE, QS_ALLINPUT) != WAIT_OBJECT_0)
        {
            pump_pending();
            continue;
        }
        if (sscanf(bob_command, "pipe %u", &count) == 1)
            snprintf(reply, sizeof(reply), "%.3f", state_round_trip(manager, count));
        else if (!strcmp(bob_command, "count"))
            snprintf(reply, sizeof(reply), "%u %u %u", bob_sink.count, bob_sink.invitations,
                     bob_sink.accept_failures);
        else if (sscanf(bob_command, "release %u", &count) == 1)
        {
            snprintf(reply, sizeof(reply), "%u", bob_sink.count);
            bob_release(count);
        }
        else
        {
            strcpy(reply, "bye");
            running = FALSE;
        }
        if (strcmp(bob_command, "lost")) send_msg(s, reply);
        SetEvent(command_done);
    }
    if (thread)
    {
        WaitForSingleObject(thread, 5000);
        CloseHandle(thread);
    }
    closesocket(s);
    bob_release(0);
    free(bob_sink.held);
    if (cp)
    {
        IConnectionPoint_Unadvise(cp, cookie);
        IConnectionPoint_Release(cp);
    }
    IMsgrSessionManager_Release(manager);
    CoUninitialize();
    return 0;
}

/* --- alice ------------------------------------------------------------------ */

struct options
{
    unsigned int handshakes;             /* a: timed handshakes */
    unsigned int sequential;             /* b: back-to-back handshakes */
    unsigned int open_small, open_large; /* c: sessions open at once */
    unsigned int probes;                 /* c: timed handshakes at each level */
    double stanza_rtt;                   /* f: the XMPP stanza round trip (µs), 0 if not given */
};

/* Whether the brokers are on the XMPP network (bench/run.sh's part f). */
static BOOL over_xmpp(void)
{
    char network[16];

    return GetEnvironmentVariableA("MSGSC_NETWORK", network, sizeof(network)) && !strcmp(network, "xmpp");
}

struct alice
{
    IMsgrSessionManager *manager;
    struct contact contact;
    IDispatch *bob;
    SOCKET control;
    HANDLE bob_process;
    HANDLE broker[2]; /* alice's, bob's */
    DWORD broker_pid[2];
    struct counter_sink handshake_sink; /* one handshake at a time */
    struct counter_sink open_sink;      /* every session held open in c */
    IMsgrSession **sessions;
    IConnectionPoint **cps;
    DWORD *cookies;
    unsigned int open;
};

static void reset_sink(struct counter_sink *sink)
{
    sink->accepted = sink->connected = sink->terminated = sink->send_errors = 0;
    sink->accepted_at = 0;
    sink->last_termination = S_OK;
}

static BOOL command(struct alice *alice, const char *text, char reply[MSG_SIZE])
{
    BOOL done = send_msg(alice->control, text) && recv_msg(alice->control, reply);

    ok(done, "control command \"%s\" failed\n", text);
    if (!done) reply[0] = 0;
    return done;
}

static double raw_round_trip(struct alice *alice)
{
    char message[MSG_SIZE] = "ping";
    LONGLONG start = now();

    if (!transfer_all(alice->control, message, MSG_SIZE, TRUE) ||
        !transfer_all(alice->control, message, MSG_SIZE, FALSE))
        return -1;
    return to_us(now() - start);
}

static HANDLE start_bob(unsigned short control_port, const char *shared_name)
{
    char args[128];

    snprintf(args, sizeof(args), "bob %u %s", control_port, shared_name);
    return start_sibling(NULL, args, NULL);
}

/* Configuration the DLL and the brokers read (src/win/config.c): no rate
 * limit and no cap on unanswered invitations (alice invites faster than bob
 * answers, and c measures capacity, not the flood guards), long timeouts,
 * brokers that leave soon after the run. */
static void set_identity(const char *signin, unsigned short port, const char *peer, unsigned short peer_port)
{
    char value[256];

    SetEnvironmentVariableA("MSGSC_SIGNIN", signin);
    snprintf(value, sizeof(value), "127.0.0.1:%u", port);
    SetEnvironmentVariableA("MSGSC_LISTEN", value);
    snprintf(value, sizeof(value), "%s=127.0.0.1:%u", peer, peer_port);
    SetEnvironmentVariableA("MSGSC_CONTACTS", value);
    SetEnvironmentVariableA("MSGSC_RATE", "0");
    SetEnvironmentVariableA("MSGSC_MAX_PENDING", "0");
    SetEnvironmentVariableA("MSGSC_INVITE_TIMEOUT_MS", "300000");
    SetEnvironmentVariableA("MSGSC_ACCEPT_TIMEOUT_MS", "300000");
    SetEnvironmentVariableA("MSGSC_BROKER_IDLE_MS", "2000");
}

/* A new session of alice's, advised to sink, invited with data.  Returns
 * Invite's hr; *session is set when the session exists. */
static HRESULT invite(struct alice *alice, struct counter_sink *sink, const char *data,
                      IMsgrSession **session, IConnectionPoint **cp, DWORD *cookie, LONGLONG *started,
                      LONGLONG *returned)
{
    BSTR value;
    HRESULT hr;

    *cp = NULL;
    if (!(*session = create_session(alice->manager))) return E_FAIL;
    *cp = advise_sink((IUnknown *)*session, &DIID_DMsgrSessionEvents, &sink->IDispatch_iface, cookie);
    hr = IMsgrSession_put_Application(*session, value = SysAllocString(app_guid));
    SysFreeString(value);
    if (FAILED(hr)) return hr;
    value = bstr(data);
    if (started) *started = now();
    hr = IMsgrSession_Invite(*session, alice->bob, value);
    if (returned) *returned = now();
    SysFreeString(value);
    return hr;
}

static void finish(IMsgrSession *session, IConnectionPoint *cp, DWORD cookie)
{
    if (cp)
    {
        IConnectionPoint_Unadvise(cp, cookie);
        IConnectionPoint_Release(cp);
    }
    if (session) IMsgrSession_Release(session);
}

static BOOL connected_or_ended(void *ctx)
{
    struct counter_sink *sink = ctx;

    return sink->connected || sink->terminated;
}

/* One handshake to SS_CONNECTED, then Cancel.  index >= 0: bob stamps it
 * in shared memory.  *started and *returned: around the Invite call. */
static BOOL handshake(struct alice *alice, int index, LONGLONG *started, LONGLONG *returned)
{
    struct counter_sink *sink = &alice->handshake_sink;
    LONGLONG start, end;
    IMsgrSession *session;
    IConnectionPoint *cp;
    char data[32];
    DWORD cookie;
    HRESULT hr;
    BOOL done;

    reset_sink(sink);
    snprintf(data, sizeof(data), index >= 0 ? "hs %d" : "warm-up", index);
    hr = invite(alice, sink, data, &session, &cp, &cookie, &start, &end);
    done = SUCCEEDED(hr) && pump_until_done(connected_or_ended, sink, 10000) && sink->connected;
    ok(done, "handshake %d: hr %#lx, accepted %ld, connected %ld, terminated %ld (%#lx)\n", index, hr,
       sink->accepted, sink->connected, sink->terminated, sink->last_termination);
    if (started) *started = start;
    if (returned) *returned = end;
    if (session && SUCCEEDED(hr) && !sink->terminated)
    {
        ok(IMsgrSession_Cancel(session, S_OK, NULL) == S_OK, "Cancel\n");
        ok(wait_count(&sink->terminated, 1, 10000), "no OnTermination after Cancel\n");
    }
    finish(session, cp, cookie);
    return done;
}

static BOOL never_done(void *ctx)
{
    return FALSE;
}

/* Until bob's broker is online for alice's (at most 20 s): Invite answers
 * MSGR_E_NOT_LOGGED_ON before. */
static void wait_bob_online(struct alice *alice)
{
    struct counter_sink *sink = &alice->handshake_sink;
    DWORD start = GetTickCount();
    IMsgrSession *session;
    IConnectionPoint *cp;
    DWORD cookie;
    HRESULT hr;

    do
    {
        reset_sink(sink);
        hr = invite(alice, sink, "online?", &session, &cp, &cookie, NULL, NULL);
        if (SUCCEEDED(hr))
        {
            pump_until_done(connected_or_ended, sink, 10000);
            if (!sink->terminated) IMsgrSession_Cancel(session, S_OK, NULL);
            wait_count(&sink->terminated, 1, 10000);
        }
        finish(session, cp, cookie);
        if (hr == MSGR_E_NOT_LOGGED_ON) pump_until_done(never_done, NULL, 200);
    } while (hr == MSGR_E_NOT_LOGGED_ON && GetTickCount() - start < 20000);
    ok(hr == S_OK, "bob is not online over XMPP: hr %#lx\n", hr);
}

/* Medians (µs) of one latency measurement. */
struct latency
{
    unsigned int count, good;
    double raw, raw_p90;     /* alice <-> bob over their own socket */
    double pipe, pipe_p90;   /* alice's State call */
    double total, total_p90; /* Invite -> OnAccepted */
    double call;             /* the Invite call */
    double outbound;         /* Invite -> bob's OnInvitation entered */
    double handler;          /* OnInvitation entered -> Accept called */
    double accept;           /* bob's Accept call */
    double inbound;          /* bob's Accept called -> alice's OnAccepted */
};

/* count handshakes, each preceded by one raw round trip and one State call,
 * so that all three see the same load. */
static void measure_latency(struct alice *alice, unsigned int count, struct latency *out)
{
    double *samples = calloc(9 * (size_t)count, sizeof(double));
    double *raw = samples, *pipe = raw + count, *total = pipe + count, *call = total + count;
    double *outbound = call + count, *handler = outbound + count, *accept = handler + count;
    double *inbound = accept + count, *index = inbound + count;
    IMsgrSession *probe = create_session(alice->manager);
    unsigned int i, good = 0;
    char reply[MSG_SIZE];
    SESSION_STATE state;

    memset(out, 0, sizeof(*out));
    count = min(count, MAX_TIMED);
    if (!samples || !probe || !count) goto done;
    memset(shared, 0, sizeof(*shared));
    for (i = 0; i < count; i++)
    {
        LONGLONG start, returned;

        raw[i] = raw_round_trip(alice);
        start = now();
        IMsgrSession_get_State(probe, &state);
        pipe[i] = to_us(now() - start);
        if (!handshake(alice, (int)i, &start, &returned)) continue;
        total[good] = to_us(alice->handshake_sink.accepted_at - start);
        call[good] = to_us(returned - start);
        /* Kept as ticks since the start, to pair with bob's stamps below. */
        outbound[good] = (double)start;
        inbound[good] = (double)alice->handshake_sink.accepted_at;
        index[good] = i;
        good++;
    }
    command(alice, "count", reply); /* bob has written every stamp by now */
    for (i = 0; i < good; i++)
    {
        const struct stamps *stamps = &shared->handshakes[(unsigned int)index[i]];
        LONGLONG start = (LONGLONG)outbound[i], accepted = (LONGLONG)inbound[i];

        outbound[i] = to_us(stamps->invited - start);
        handler[i] = to_us(stamps->accept_start - stamps->invited);
        accept[i] = to_us(stamps->accept_end - stamps->accept_start);
        inbound[i] = to_us(accepted - stamps->accept_start);
    }
    out->count = count;
    out->good = good;
    out->raw = percentile(raw, count, 0.5);
    out->raw_p90 = percentile(raw, count, 0.9);
    out->pipe = percentile(pipe, count, 0.5);
    out->pipe_p90 = percentile(pipe, count, 0.9);
    out->total = percentile(total, good, 0.5);
    out->total_p90 = percentile(total, good, 0.9);
    out->call = percentile(call, good, 0.5);
    out->outbound = percentile(outbound, good, 0.5);
    out->handler = percentile(handler, good, 0.5);
    out->accept = percentile(accept, good, 0.5);
    out->inbound = percentile(inbound, good, 0.5);

done:
    if (probe) IMsgrSession_Release(probe);
    free(samples);
}

/* a. Handshake latency against the raw round trip between the same two
 * processes, and where the time goes. */
static void bench_latency(struct alice *alice, unsigned int count, double stanza_rtt, struct latency *lat)
{
    char reply[MSG_SIZE];
    double bob_pipe, inter;

    measure_latency(alice, count, lat);
    command(alice, "pipe 200", reply);
    bob_pipe = atof(reply);
    inter = lat->total - lat->pipe - bob_pipe;

    printf(
        "\na. Handshake latency: %u of %u handshakes (Invite -> OnAccepted seen by alice; bob accepts inside "
        "OnInvitation); medians\n",
        lat->good, lat->count);
    printf("   raw TCP round trip alice <-> bob (64 bytes, the same two processes) %8.1f us  (p90 %.1f)\n",
           lat->raw, lat->raw_p90);
    printf("   local pipe round trip alice -> her broker (session.State)          %8.1f us  (p90 %.1f)\n",
           lat->pipe, lat->pipe_p90);
    printf("   local pipe round trip bob -> his broker (session.State)            %8.1f us\n", bob_pipe);
    printf("   handshake Invite -> OnAccepted                                     %8.1f us  (p90 %.1f)"
           "  = %.2f raw round trips\n",
           lat->total, lat->total_p90, lat->total / lat->raw);
    printf("     Invite call (returns once alice's broker has queued the INVITE)  %8.1f us\n", lat->call);
    printf("     outbound: Invite -> bob's OnInvitation entered                   %8.1f us\n", lat->outbound);
    printf("     bob's handler until Accept                                       %8.1f us\n", lat->handler);
    printf("     bob's Accept call                                                %8.1f us\n", lat->accept);
    printf("     return: bob's Accept -> alice's OnAccepted                       %8.1f us\n", lat->inbound);
    printf("   the path is one round trip between the brokers plus two local hops (a pipe round trip each "
           "side):\n");
    printf("   inter-broker part = handshake - alice's pipe RTT - bob's pipe RTT  %8.1f us  = %.2f raw round "
           "trips\n",
           inter, inter / lat->raw);
    if (stanza_rtt > 0)
    {
        /* Over XMPP the path is one round trip relayed by the server plus
         * the local hops: the baseline is a stanza round trip between two
         * clients of the same accounts through the same server. */
        printf("   XMPP stanza round trip alice <-> bob through the server (msgsc-xmpp-ping) %8.1f us\n",
               stanza_rtt);
        printf("   handshake = %.2f stanza round trips; inter-broker part = %.2f stanza round trips\n",
               lat->total / stanza_rtt, inter / stanza_rtt);
        print_target("handshake within 1.5 stanza round trips:", lat->total, 1.5 * stanza_rtt, "us");
    }
    else
        print_target("handshake within 3.5 raw round trips:", lat->total, 3.5 * lat->raw, "us");
    fflush(stdout);
}

/* b. Back-to-back handshakes, each a fresh session ended with Cancel. */
static void bench_rate(struct alice *alice, unsigned int count, double raw)
{
    unsigned int i, good = 0;
    LONGLONG start = now();
    double seconds;

    for (i = 0; i < count; i++)
        good += handshake(alice, -1, NULL, NULL);
    seconds = to_us(now() - start) / 1e6;
    printf("\nb. Sequential handshakes: %u of %u in %.2f s, each CreateSession, put_Application, Invite, "
           "OnAccepted, SS_CONNECTED, Cancel, OnTermination, Release\n",
           good, count, seconds);
    printf("   %.0f handshakes per second (%.0f us each); %.0f raw round trips per second in the same run\n",
           good / seconds, seconds * 1e6 / (good ? good : 1), raw > 0 ? 1e6 / raw : 0);
    fflush(stdout);
}

struct memory_set
{
    struct memory broker[2], client[2];
};

static void measure_all(struct alice *alice, struct memory_set *set)
{
    process_memory(alice->broker[0], &set->broker[0]);
    process_memory(alice->broker[1], &set->broker[1]);
    process_memory(GetCurrentProcess(), &set->client[0]);
    process_memory(alice->bob_process, &set->client[1]);
}

/* Opens sessions until target are open and connected; prints the time of
 * each thousand when there are many. */
static BOOL open_sessions(struct alice *alice, unsigned int target)
{
    struct counter_sink *sink = &alice->open_sink;
    unsigned int i, first = alice->open, step = target - first > 2000 ? 1000 : target;
    LONGLONG start = now(), batch = start;
    double seconds;

    for (i = alice->open; i < target; i++)
    {
        HRESULT hr =
            invite(alice, sink, "hold", &alice->sessions[i], &alice->cps[i], &alice->cookies[i], NULL, NULL);

        if (FAILED(hr))
        {
            ok(0, "Invite %u: hr %#lx\n", i, hr);
            finish(alice->sessions[i], alice->cps[i], alice->cookies[i]);
            break;
        }
        alice->open = i + 1;
        pump_pending();
        if (step < target && !((i + 1) % step))
        {
            LONGLONG tick = now();

            printf("     sessions %5u..%5u invited in %6.0f ms (%4.0f per second); %ld connected so far\n",
                   i + 2 - step, i + 1, to_us(tick - batch) / 1e3, step * 1e6 / to_us(tick - batch),
                   sink->connected);
            fflush(stdout);
            batch = tick;
        }
    }
    ok(wait_count(&sink->connected, (LONG)alice->open, 120000), "only %ld of %u sessions connected\n",
       sink->connected, alice->open);
    seconds = to_us(now() - start) / 1e6;
    printf("   %u sessions invited and connected in %.2f s (%.0f per second); %u open, %ld ended\n",
           alice->open - first, seconds, (alice->open - first) / seconds, alice->open, sink->terminated);
    fflush(stdout);
    return alice->open == target && sink->connected == (LONG)target && !sink->terminated;
}

/* How many of up to 1,000 of alice's sessions, evenly spread, read
 * SS_CONNECTED (one State call each). */
static unsigned int sample_connected(struct alice *alice, unsigned int *sampled)
{
    unsigned int i, connected = 0, stride = alice->open > 1000 ? alice->open / 1000 : 1;
    SESSION_STATE state;

    *sampled = 0;
    for (i = 0; i < alice->open; i += stride, (*sampled)++)
        if (IMsgrSession_get_State(alice->sessions[i], &state) == S_OK && state == SS_CONNECTED) connected++;
    return connected;
}

static void print_memory_line(const char *who, double before, double after, unsigned int sessions)
{
    printf("   %-26s %7.1f MB -> %7.1f MB  %+8.0f KB  %6.2f KB per session\n", who, before / 1048576.0,
           after / 1048576.0, (after - before) / 1024.0, (after - before) / 1024.0 / sessions);
}

static void print_probe(unsigned int open, const struct latency *lat, const struct latency *idle)
{
    printf("   handshake with %5u open: %6.0f us (%.2fx), of which Invite call %5.0f, outbound %5.0f, bob's "
           "Accept "
           "%5.0f, return %5.0f; State %4.0f us, raw %4.0f us\n",
           open, lat->total, idle && idle->total ? lat->total / idle->total : 1.0, lat->call, lat->outbound,
           lat->accept, lat->inbound, lat->pipe, lat->raw);
    fflush(stdout);
}

/* c. Sessions open at once between the two brokers, and memory per session. */
static void bench_open(struct alice *alice, const struct options *options)
{
    unsigned int steps[2] = {options->open_small, options->open_large}, i, s, sampled, connected;
    unsigned int largest = max(options->open_small, options->open_large), held = 0, invitations = 0,
                 failures = 0;
    double per_session[2][2] = {{0}};
    unsigned int opened[2] = {0};
    struct memory_set base, after;
    struct latency idle, lat;
    char reply[MSG_SIZE];
    LONGLONG start;

    alice->sessions = calloc(largest, sizeof(*alice->sessions));
    alice->cps = calloc(largest, sizeof(*alice->cps));
    alice->cookies = calloc(largest, sizeof(*alice->cookies));
    if (!alice->sessions || !alice->cps || !alice->cookies) return;
    reset_sink(&alice->open_sink);

    printf(
        "\nc. Sessions open at once, SS_CONNECTED on both sides (brokers: alice's pid %lu, bob's pid %lu)\n",
        alice->broker_pid[0], alice->broker_pid[1]);
    if (options->probes)
    {
        measure_latency(alice, options->probes, &idle);
        print_probe(0, &idle, NULL);
    }
    Sleep(500); /* the last handshakes' sessions are gone */
    measure_all(alice, &base);
    printf("   memory: %s, each process from one baseline taken before the first session\n", memory_counter);
    for (s = 0; s < 2; s++)
    {
        if (!steps[s] || steps[s] <= alice->open) continue;
        printf("   -- %u sessions --\n", steps[s]);
        if (!open_sessions(alice, steps[s])) break;
        connected = sample_connected(alice, &sampled);
        if (command(alice, "count", reply)) sscanf(reply, "%u %u %u", &held, &invitations, &failures);
        printf("   SS_CONNECTED read back on %u of %u sampled sessions; bob holds %u sessions, %u Accept "
               "failures\n",
               connected, sampled, held, failures);
        ok(connected == sampled && held == alice->open && !failures, "not every session is connected\n");
        measure_all(alice, &after);
        print_memory_line("alice's broker", base.broker[0].private_bytes, after.broker[0].private_bytes,
                          alice->open);
        print_memory_line("bob's broker", base.broker[1].private_bytes, after.broker[1].private_bytes,
                          alice->open);
        print_memory_line("alice's process (client)", base.client[0].private_bytes,
                          after.client[0].private_bytes, alice->open);
        print_memory_line("bob's process (client)", base.client[1].private_bytes,
                          after.client[1].private_bytes, alice->open);
        for (i = 0; i < 2; i++)
            per_session[s][i] = (after.broker[i].private_bytes - base.broker[i].private_bytes) / alice->open;
        opened[s] = alice->open;
        if (options->probes)
        {
            measure_latency(alice, options->probes, &lat);
            print_probe(alice->open, &lat, &idle);
        }
    }

    /* Tear down: Cancel every session, then both sides let go. */
    start = now();
    for (i = 0; i < alice->open; i++)
    {
        IMsgrSession_Cancel(alice->sessions[i], S_OK, NULL);
        pump_pending();
    }
    ok(wait_count(&alice->open_sink.terminated, (LONG)alice->open, 120000), "only %ld of %u sessions ended\n",
       alice->open_sink.terminated, alice->open);
    printf("   teardown: %u sessions cancelled in %.2f s\n", alice->open, to_us(now() - start) / 1e6);
    for (i = 0; i < alice->open; i++)
        finish(alice->sessions[i], alice->cps[i], alice->cookies[i]);
    command(alice, "release 0", reply);

    if (opened[0] && opened[1] > opened[0])
        printf("   from %u to %u sessions: %.2f KB per added session in alice's broker, %.2f KB in bob's\n",
               opened[0], opened[1],
               (per_session[1][0] * opened[1] - per_session[0][0] * opened[0]) / (opened[1] - opened[0]) /
                   1024.0,
               (per_session[1][1] * opened[1] - per_session[0][1] * opened[0]) / (opened[1] - opened[0]) /
                   1024.0);
    for (s = 0; s < 2; s++)
    {
        if (!steps[s] || (s && steps[1] <= steps[0])) continue;
        printf("   at %5u sessions: %.2f KB per session in alice's broker, %.2f KB in bob's\n", steps[s],
               per_session[s][0] / 1024.0, per_session[s][1] / 1024.0);
        print_target("broker memory per session", max(per_session[s][0], per_session[s][1]) / 1024.0, 2.0,
                     "KB");
    }
    fflush(stdout);
    free(alice->sessions);
    free(alice->cps);
    free(alice->cookies);
    alice->open = 0;
}

static void usage(void)
{
    printf("usage: msgsc-bench [--handshakes N] [--sequential N] [--sessions SMALL,LARGE] [--probes N] "
           "[--stanza-rtt US] [--quick]\n");
}

static int run_alice(int argc, char **argv)
{
    struct options options = {200, 1000, 1000, 10000, 50, 0};
    struct latency lat = {0};
    struct alice alice = {0};
    unsigned short alice_port, bob_port, control_port;
    SOCKET listener, a, b;
    char shared_name[64], reply[MSG_SIZE];
    HANDLE mapping;
    fd_set ready;
    struct timeval wait = {60, 0};
    DWORD code = 1;
    int i;

    for (i = 1; i < argc; i++)
    {
        if (!strcmp(argv[i], "--handshakes") && i + 1 < argc)
            options.handshakes = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--sequential") && i + 1 < argc)
            options.sequential = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--sessions") && i + 1 < argc)
        {
            options.open_large = 0;
            sscanf(argv[++i], "%u,%u", &options.open_small, &options.open_large);
        }
        else if (!strcmp(argv[i], "--probes") && i + 1 < argc)
            options.probes = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--stanza-rtt") && i + 1 < argc)
            options.stanza_rtt = atof(argv[++i]);
        else if (!strcmp(argv[i], "--quick"))
        {
            options.handshakes = 20;
            options.sequential = 50;
            options.open_small = 100;
            options.open_large = 300;
            options.probes = 10;
        }
        else
        {
            usage();
            return 2;
        }
    }

    new_guid_string(app_guid);

    /* Two free ports for the brokers, one for the control channel. */
    a = loopback_socket(&alice_port);
    b = loopback_socket(&bob_port);
    listener = loopback_socket(&control_port);
    if (a == INVALID_SOCKET || b == INVALID_SOCKET || listener == INVALID_SOCKET || listen(listener, 1))
    {
        printf("no loopback sockets: %d\n", WSAGetLastError());
        return 1;
    }
    closesocket(a);
    closesocket(b);

    snprintf(shared_name, sizeof(shared_name), "msgsc-bench-%lu", GetCurrentProcessId());
    mapping = CreateFileMappingA(INVALID_HANDLE_VALUE, NULL, PAGE_READWRITE, 0, sizeof(*shared), shared_name);
    shared = mapping ? MapViewOfFile(mapping, FILE_MAP_ALL_ACCESS, 0, 0, sizeof(*shared)) : NULL;
    if (!shared) return 1;

    set_identity(bob_name, bob_port, alice_name, alice_port);
    alice.bob_process = start_bob(control_port, shared_name);
    set_identity(alice_name, alice_port, bob_name, bob_port);
    if (!alice.bob_process) return 1;

    CoInitialize(NULL);
    alice.manager = create_manager();
    if (!alice.manager) return 1;
    alice.handshake_sink.IDispatch_iface.lpVtbl = &counter_vtbl;
    alice.open_sink.IDispatch_iface.lpVtbl = &counter_vtbl;
    alice.bob = init_contact(&alice.contact, CONTACT_VTABLE, L"bob@bench.example");
    ok(register_app(alice.manager, app_guid, L"Bench Board", L"http://apps.example.org/bench/",
                    L"C:\\windows\\notepad.exe") == S_OK,
       "RegisterApplication\n");

    FD_ZERO(&ready);
    FD_SET(listener, &ready);
    if (select(0, &ready, NULL, NULL, &wait) != 1 ||
        (alice.control = accept(listener, NULL, NULL)) == INVALID_SOCKET)
    {
        ok(0, "bob did not connect\n");
        TerminateProcess(alice.bob_process, 1);
        return 1;
    }
    closesocket(listener);
    set_nodelay(alice.control);

    /* Over XMPP bob shows as online a moment after his broker signs in. */
    if (over_xmpp()) wait_bob_online(&alice);
    /* Warm-up: both brokers run, their link is up, the code paths are hot. */
    for (i = 0; i < 20; i++)
        handshake(&alice, -1, NULL, NULL);
    for (i = 0; i < 200; i++)
        raw_round_trip(&alice);
    alice.broker[0] =
        open_broker(alice_name, PROCESS_QUERY_INFORMATION | PROCESS_VM_READ, &alice.broker_pid[0]);
    alice.broker[1] =
        open_broker(bob_name, PROCESS_QUERY_INFORMATION | PROCESS_VM_READ, &alice.broker_pid[1]);
    ok(alice.broker[0] && alice.broker[1], "brokers not found (pids %lu, %lu)\n", alice.broker_pid[0],
       alice.broker_pid[1]);

    printf("msgsc benchmark: alice (pid %lu) and bob (pid %lu), one broker each, %s\n", GetCurrentProcessId(),
           GetProcessId(alice.bob_process),
           over_xmpp() ? "signed in to one XMPP server, which relays" : "loopback TCP between them");
    fflush(stdout);
    if (options.handshakes) bench_latency(&alice, options.handshakes, options.stanza_rtt, &lat);
    if (options.sequential) bench_rate(&alice, options.sequential, lat.raw);
    if (options.open_small || options.open_large) bench_open(&alice, &options);

    command(&alice, "quit", reply);
    ok(WaitForSingleObject(alice.bob_process, 30000) == WAIT_OBJECT_0, "bob did not finish\n");
    GetExitCodeProcess(alice.bob_process, &code);
    ok(code == 0, "bob exited with %lu\n", code);
    CloseHandle(alice.bob_process);
    closesocket(alice.control);
    if (alice.broker[0]) CloseHandle(alice.broker[0]);
    if (alice.broker[1]) CloseHandle(alice.broker[1]);
    unregister_app(alice.manager, app_guid);
    IMsgrSessionManager_Release(alice.manager);
    CoUninitialize();
    UnmapViewOfFile(shared);
    CloseHandle(mapping);

    printf("\n%s (%d functional checks failed)\n",
           test_failed ? "SOME EXCHANGES FAILED" : "all exchanges worked", test_failed);
    return test_failed ? 1 : 0;
}

int main(int argc, char **argv)
{
    WSADATA wsa;
    int result;

    WSAStartup(MAKEWORD(2, 2), &wsa);
    clock_init();
    if (argc == 4 && !strcmp(argv[1], "bob"))
        result = run_bob((unsigned short)atoi(argv[2]), argv[3]);
    else
        result = run_alice(argc, argv);
    WSACleanup();
    return result;
}
