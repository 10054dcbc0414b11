/*
 * The per-user broker: one process per signed-in user owns the sessions and fans events out.
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

#include "win/platform.h"

#include <sddl.h>

#include "core/handles.h"
#include "core/list.h"
#include "net/net.h"
#include "win/config.h"
#include "win/env.h"
#include "win/pipe.h"
#include "agent.h"
#include "broker.h"

/* The role msmsgs.exe played: msgsc.dll in every application process is a
 * thin proxy that sends service requests here over a named pipe; this
 * process runs the unchanged session service, talks to other brokers over
 * the network (src/net) and sends each event to every process that holds the
 * session.  rundll32 msgsc.dll,BrokerMain starts it; the DLL does that on
 * demand (src/client). */

/* Everything below is guarded by broker.lock: the service, the clients and
 * the links.  Threads: the main thread accepts local clients, one thread
 * per client reads its requests, and the network thread runs the links and
 * the timeouts (docs/broker.md). */
struct broker
{
    CRITICAL_SECTION lock;
    struct msgsc_config config;
    struct core_env env;
    struct service *service;
    const struct net_backend *net;
    struct net_host net_host;
    struct list clients;
    unsigned int client_count;
    /* Handles cross the local channel XORed with this random key, so a
     * restarted broker never mistakes an old proxy's handle for a session
     * of its own. */
    uint64_t handle_key;
    /* Invitee sessions the broker itself keeps alive until they are
     * answered, so an invitation waits for an answer even when no
     * application holds it. */
    struct handle_counts *held;
    /* The agent's own references (agent.c): a session it accepted or was
     * handed, until the launched process has it. */
    struct handle_counts *agent_refs;
    /* Wakes the main thread: the broker may have become idle, or was told
     * to exit (exiting: 1 exit, 2 sign out). */
    HANDLE wake_event;
    LONG exiting;
    int resident;
};

static struct broker broker;

struct client
{
    struct list entry;
    HANDLE pipe;
    HANDLE io_event;    /* reads, on the client's thread */
    HANDLE write_event; /* writes, under write_lock */
    CRITICAL_SECTION write_lock;
    BOOL dead; /* stopped reading: nothing more is written */
    /* Records queued during a service call, written together afterwards:
     * one pipe write per request instead of one per event. */
    struct ipc_buffer queued;
    DWORD process_id;
    struct handle_counts *refs; /* the session references this process holds */
};

/* Handles released once the service call that ended their session has
 * returned (releasing inside the service's own event would free a session
 * the core is still working on). */
static uint64_t *pending_releases;
static size_t pending_count, pending_capacity;

/* --- the local channel ------------------------------------------------ */

/* Writes records to a client.  Events are written with broker.lock held,
 * so a process that stops reading (hung, or frozen in a debugger) must not
 * stop the broker: after CLIENT_WRITE_TIMEOUT it is disconnected, and its
 * thread cleans up as for any process that went away. */
#define CLIENT_WRITE_TIMEOUT 2000

/* client->write_lock held. */
static void client_write_locked(struct client *client, const struct ipc_buffer *records)
{
    if (!records->len || client->dead) return;
    if (!pipe_transfer(client->pipe, client->write_event, records->data, (DWORD)records->len, TRUE,
                       CLIENT_WRITE_TIMEOUT))
    {
        WARN("Process %lu does not read its pipe; disconnecting it.\n", client->process_id);
        client->dead = TRUE;
        DisconnectNamedPipe(client->pipe);
    }
}

static void client_write(struct client *client, const struct ipc_buffer *records)
{
    EnterCriticalSection(&client->write_lock);
    client_write_locked(client, records);
    LeaveCriticalSection(&client->write_lock);
}

/* Queues a record's bytes for a client; broker.lock held. */
static void client_queue(struct client *client, const struct ipc_buffer *record)
{
    struct ipc_buffer *queued = &client->queued;

    if (queued->len + record->len > queued->cap)
    {
        size_t cap = max(queued->cap * 2, queued->len + record->len);
        unsigned char *data = realloc(queued->data, cap);

        if (!data)
        {
            ERR("Out of memory; a record for process %lu is lost.\n", client->process_id);
            return;
        }
        queued->data = data;
        queued->cap = cap;
    }
    memcpy(queued->data + queued->len, record->data, record->len);
    queued->len += record->len;
}

static void release_service_ref(uint64_t handle)
{
    struct service_request request = {SERVICE_OP_RELEASE_SESSION, handle, 0, NULL, NULL};
    struct service_reply reply;

    service_call(broker.service, &request, &reply);
    service_reply_clear(&reply);
}

/* Call after every service entry, broker.lock held: runs the session
 * releases deferred inside service events, and writes the records queued
 * for every process but writer (NULL: all), whose caller writes its own. */
static void broker_settle(struct client *writer)
{
    struct list *cursor;

    /* Releases can end sessions, which the agent hears of; what the agent
     * does can defer releases. */
    do
    {
        while (pending_count)
            release_service_ref(pending_releases[--pending_count]);
    } while (agent_settle() || pending_count);
    if (!broker.client_count && !service_session_count(broker.service)) SetEvent(broker.wake_event);
    for (cursor = broker.clients.next; cursor != &broker.clients; cursor = cursor->next)
    {
        struct client *client = CONTAINING_RECORD(cursor, struct client, entry);

        if (client == writer || !client->queued.len) continue;
        client_write(client, &client->queued);
        client->queued.len = 0;
    }
}

static void defer_release(uint64_t handle)
{
    if (pending_count == pending_capacity)
    {
        size_t capacity = pending_capacity ? pending_capacity * 2 : 16;
        uint64_t *bigger = realloc(pending_releases, capacity * sizeof(*bigger));

        if (!bigger)
        {
            ERR("Out of memory; session %#I64x stays alive.\n", handle);
            return;
        }
        pending_releases = bigger;
        pending_capacity = capacity;
    }
    pending_releases[pending_count++] = handle;
}

/* service_listener: broker.lock is held (every service entry takes it). */
static void broker_session_event(void *ctx, uint64_t handle, const struct core_event *event)
{
    struct ipc_buffer record = {0};
    struct list *cursor;

    (void)ctx;
    for (cursor = broker.clients.next; cursor != &broker.clients; cursor = cursor->next)
    {
        struct client *client = CONTAINING_RECORD(cursor, struct client, entry);

        if (!handle_counts_get(client->refs, handle)) continue;
        if (!record.len && ipc_put_event(&record, handle ^ broker.handle_key, event) < 0)
        {
            ERR("Could not encode event %d.\n", event->type);
            break;
        }
        client_queue(client, &record);
    }
    ipc_buffer_free(&record);
    /* The broker's own reference keeps an unanswered invitation alive; once
     * it is answered (or over), the applications' references decide, so a
     * session its last application lets go of ends then (service.c). */
    if (event->type == CORE_EVENT_STATE_CHANGED && event->prev_state == CORE_STATE_INVITATION &&
        handle_counts_get(broker.held, handle))
    {
        handle_counts_add(broker.held, handle, -1);
        defer_release(handle);
    }
    agent_session_event(handle, event);
}

static void broker_invitation(void *ctx, uint64_t handle, const char *data)
{
    struct service_request addref = {SERVICE_OP_ADDREF_SESSION, handle, 0, NULL, NULL};
    struct ipc_buffer record = {0};
    struct list *cursor;
    unsigned int asked = 0;

    (void)ctx;
    /* The listener's reference: the broker's own, until the invitation is
     * answered (broker_session_event). */
    if (handle_counts_add(broker.held, handle, 1) == UINT32_MAX)
    {
        defer_release(handle);
        return;
    }
    if (ipc_put_invitation(&record, handle ^ broker.handle_key, data) < 0) return;
    for (cursor = broker.clients.next; cursor != &broker.clients; cursor = cursor->next)
    {
        struct client *client = CONTAINING_RECORD(cursor, struct client, entry);
        struct service_reply reply;

        if (service_call(broker.service, &addref, &reply) < 0) continue;
        if (handle_counts_add(client->refs, handle, 1) == UINT32_MAX)
        {
            defer_release(handle);
            continue;
        }
        client_queue(client, &record);
        asked++;
    }
    ipc_buffer_free(&record);
    /* Each process answers whether one of its managers took it. */
    agent_invitation(handle, asked);
}

static void broker_app_changed(void *ctx, const char *guid, int registered)
{
    struct ipc_buffer record = {0};
    struct list *cursor;

    (void)ctx;
    if (ipc_put_app_changed(&record, guid, registered) < 0) return;
    for (cursor = broker.clients.next; cursor != &broker.clients; cursor = cursor->next)
        client_queue(CONTAINING_RECORD(cursor, struct client, entry), &record);
    ipc_buffer_free(&record);
}

static const struct service_listener broker_listener = {
    .session_event = broker_session_event,
    .invitation = broker_invitation,
    .app_changed = broker_app_changed,
};

/* SERVICE_OP_AGENT: stay resident (the person signed in), or sign out.
 * broker.lock held. */
static enum core_status agent_request(int32_t number)
{
    if (number)
    {
        if (!broker.resident) TRACE("Signed in: the broker for %s stays.\n", broker.config.signin);
        broker.resident = 1;
        agent_start(1, broker.config.signin);
        return CORE_OK;
    }
    broker_sign_out();
    return CORE_OK;
}

static void handle_request(struct client *client, const struct service_request *in)
{
    struct service_request request = *in;
    struct service_reply reply;
    struct ipc_buffer record = {0}, batch;
    enum core_status status;

    request.session ^= broker.handle_key;
    EnterCriticalSection(&broker.lock);
    memset(&reply, 0, sizeof(reply));
    /* A process gives back only references it holds. */
    if (request.op == SERVICE_OP_RELEASE_SESSION && !handle_counts_get(client->refs, request.session))
        status = reply.status = CORE_E_NOT_FOUND;
    else if (request.op == SERVICE_OP_INVITATION_ANSWER || request.op == SERVICE_OP_LAUNCH_ANSWER)
    {
        agent_answer(request.session, request.op, request.number);
        status = CORE_OK;
    }
    else if (request.op == SERVICE_OP_HAND_OVER)
        status = reply.status = handle_counts_get(client->refs, request.session)
                                    ? agent_hand_over(request.session)
                                    : CORE_E_NOT_FOUND;
    else if (request.op == SERVICE_OP_AGENT)
        status = reply.status = agent_request(request.number);
    else
        status = service_call(broker.service, &request, &reply);
    if (status >= 0)
    {
        switch (request.op)
        {
        case SERVICE_OP_CREATE_SESSION:
        case SERVICE_OP_LAUNCHING_SESSION: handle_counts_add(client->refs, reply.session, 1); break;
        case SERVICE_OP_ADDREF_SESSION: handle_counts_add(client->refs, request.session, 1); break;
        case SERVICE_OP_RELEASE_SESSION: handle_counts_add(client->refs, request.session, -1); break;
        default: break;
        }
    }
    /* References and answers move without a reply: the proxy must be able
     * to send them from any thread, its reader thread included. */
    if (service_op_has_reply(request.op))
    {
        if (reply.session) reply.session ^= broker.handle_key;
        if (ipc_put_reply(&record, &reply, request.op == SERVICE_OP_SNAPSHOT) >= 0)
            client_queue(client, &record);
        ipc_buffer_free(&record);
    }
    broker_settle(client);
    /* This process's events and reply go out in one write, after the lock:
     * holding its write lock keeps them ahead of anything queued later. */
    EnterCriticalSection(&client->write_lock);
    batch = client->queued;
    memset(&client->queued, 0, sizeof(client->queued));
    LeaveCriticalSection(&broker.lock);
    client_write_locked(client, &batch);
    LeaveCriticalSection(&client->write_lock);
    ipc_buffer_free(&batch);
    service_reply_clear(&reply);
}

static void release_client_refs(uint64_t handle, uint32_t count)
{
    while (count--)
        release_service_ref(handle);
}

static DWORD WINAPI client_thread(void *arg)
{
    struct client *client = arg;
    struct pipe_reader *reader = calloc(1, sizeof(*reader));
    struct ipc_buffer hello = {0};
    const unsigned char *body;
    size_t len;

    ipc_put_hello(&hello, IPC_VERSION, GetCurrentProcessId());
    client_write(client, &hello);
    ipc_buffer_free(&hello);

    while (reader && pipe_read_record(client->pipe, client->io_event, reader, &body, &len))
    {
        struct ipc_record record;

        if (ipc_decode(body, len, &record) < 0)
        {
            WARN("Malformed record from process %lu; closing.\n", client->process_id);
            break;
        }
        if (record.kind == IPC_HELLO && record.version != IPC_VERSION)
        {
            /* A msgsc.dll of another version: it starts its own broker
             * once this one is gone. */
            WARN("Process %u speaks version %u; closing.\n", record.process_id, record.version);
            ipc_record_clear(&record);
            break;
        }
        if (record.kind == IPC_HELLO)
            client->process_id = record.process_id;
        else if (record.kind == IPC_REQUEST)
            handle_request(client, &record.request);
        ipc_record_clear(&record);
    }
    free(reader);

    /* The process is gone (or misbehaved): its references go with it. */
    EnterCriticalSection(&broker.lock);
    list_remove(&client->entry);
    broker.client_count--;
    handle_counts_drain(client->refs, release_client_refs);
    broker_settle(client);
    LeaveCriticalSection(&broker.lock);

    TRACE("Process %lu disconnected.\n", client->process_id);
    DisconnectNamedPipe(client->pipe);
    CloseHandle(client->pipe);
    CloseHandle(client->io_event);
    CloseHandle(client->write_event);
    DeleteCriticalSection(&client->write_lock);
    handle_counts_free(client->refs);
    ipc_buffer_free(&client->queued);
    free(client);
    return 0;
}

/* Only the user who runs the broker may open its pipe, and only locally. */
static BOOL make_security(SECURITY_ATTRIBUTES *attributes)
{
    TOKEN_USER *user = NULL;
    WCHAR *sid = NULL, sddl[256];
    DWORD size = 0;
    HANDLE token;
    BOOL ok = FALSE;

    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token)) return FALSE;
    GetTokenInformation(token, TokenUser, NULL, 0, &size);
    if (size && (user = malloc(size)) && GetTokenInformation(token, TokenUser, user, size, &size) &&
        ConvertSidToStringSidW(user->User.Sid, &sid))
    {
        swprintf(sddl, ARRAY_SIZE(sddl), L"D:P(A;;GA;;;%ls)", sid);
        attributes->nLength = sizeof(*attributes);
        attributes->bInheritHandle = FALSE;
        ok = ConvertStringSecurityDescriptorToSecurityDescriptorW(sddl, SDDL_REVISION_1,
                                                                  &attributes->lpSecurityDescriptor, NULL);
        LocalFree(sid);
    }
    free(user);
    CloseHandle(token);
    return ok;
}

static HANDLE create_pipe_instance(const WCHAR *name, SECURITY_ATTRIBUTES *security, BOOL first)
{
    return CreateNamedPipeW(
        name, PIPE_ACCESS_DUPLEX | FILE_FLAG_OVERLAPPED | (first ? FILE_FLAG_FIRST_PIPE_INSTANCE : 0),
        PIPE_TYPE_BYTE | PIPE_READMODE_BYTE | PIPE_WAIT | PIPE_REJECT_REMOTE_CLIENTS,
        PIPE_UNLIMITED_INSTANCES, 65536, 65536, 0, security);
}

static void start_client(HANDLE pipe)
{
    struct client *client = calloc(1, sizeof(*client));
    HANDLE thread;

    if (!client || !(client->refs = handle_counts_new()) ||
        !(client->io_event = CreateEventW(NULL, TRUE, FALSE, NULL)) ||
        !(client->write_event = CreateEventW(NULL, TRUE, FALSE, NULL)))
        goto failed;
    client->pipe = pipe;
    InitializeCriticalSection(&client->write_lock);
    EnterCriticalSection(&broker.lock);
    list_add_tail(&broker.clients, &client->entry);
    broker.client_count++;
    LeaveCriticalSection(&broker.lock);
    if ((thread = CreateThread(NULL, 0, client_thread, client, 0, NULL)))
    {
        CloseHandle(thread);
        return;
    }
    EnterCriticalSection(&broker.lock);
    list_remove(&client->entry);
    broker.client_count--;
    LeaveCriticalSection(&broker.lock);
    DeleteCriticalSection(&client->write_lock);

failed:
    ERR("Could not serve a new client.\n");
    if (client)
    {
        if (client->io_event) CloseHandle(client->io_event);
        if (client->write_event) CloseHandle(client->write_event);
        handle_counts_free(client->refs);
        free(client);
    }
    CloseHandle(pipe);
}

/* How long the main thread may wait for the next connection: INFINITE
 * while the broker is in use or resident, else what is left of the idle
 * time (0: it is over).  The broker's settling wakes it when it may have
 * become idle. */
static DWORD idle_wait(ULONGLONG *idle_since)
{
    ULONGLONG now = GetTickCount64();
    BOOL idle;

    EnterCriticalSection(&broker.lock);
    idle = !broker.resident && !broker.client_count && !service_session_count(broker.service);
    LeaveCriticalSection(&broker.lock);
    if (!idle)
    {
        *idle_since = 0;
        return INFINITE;
    }
    if (!*idle_since) *idle_since = now;
    return now - *idle_since >= broker.config.idle_ms ? 0
                                                      : (DWORD)(*idle_since + broker.config.idle_ms - now);
}

/* How long until the agent stops waiting for answers (agent_deadline). */
static DWORD answers_wait(void)
{
    uint64_t deadline, now = GetTickCount64();

    EnterCriticalSection(&broker.lock);
    deadline = agent_deadline();
    LeaveCriticalSection(&broker.lock);
    if (!deadline) return INFINITE;
    return deadline <= now ? 0 : (DWORD)min(deadline - now, (uint64_t)INFINITE - 1);
}

static uint64_t broker_now_ms(void *ctx)
{
    (void)ctx;
    return GetTickCount64();
}

static const char *broker_signin(void *ctx)
{
    (void)ctx;
    return broker.config.signin;
}

static int serve(void)
{
    SECURITY_ATTRIBUTES security = {0};
    OVERLAPPED overlapped = {0};
    ULONGLONG idle_since = 0;
    WCHAR name[256];
    HANDLE pipe;

    pipe_name(broker.config.signin, name, ARRAY_SIZE(name));
    /* Never serve the pipe with default security: fail closed. */
    if (!make_security(&security))
    {
        ERR("No security descriptor for the pipe: %lu.\n", GetLastError());
        return 1;
    }
    /* FIRST_PIPE_INSTANCE fails when a broker for this identity already
     * runs: two processes that start one at once end up with one. */
    if ((pipe = create_pipe_instance(name, &security, TRUE)) == INVALID_HANDLE_VALUE)
    {
        TRACE("A broker already serves %ls (%lu).\n", name, GetLastError());
        return 1;
    }
    if (!(overlapped.hEvent = CreateEventW(NULL, TRUE, FALSE, NULL)) || !broker.net->start(&broker.net_host))
    {
        ERR("Could not start the broker for %s.\n", broker.config.signin);
        CloseHandle(pipe);
        return 1;
    }
    TRACE("Broker for %s on %ls, listening on %s.\n", broker.config.signin, name, broker.config.listen);
    /* After the pipe exists: a process that started us connects while the
     * agent's windows are still being made (its connection waits in the
     * listening instance). */
    agent_start(broker.resident, broker.config.signin);

    for (;;)
    {
        BOOL connected = ConnectNamedPipe(pipe, &overlapped);
        DWORD error = connected ? ERROR_PIPE_CONNECTED : GetLastError(), done, wait, result;
        HANDLE events[2] = {overlapped.hEvent, broker.wake_event};

        if (error == ERROR_IO_PENDING)
        {
            /* No periodic wake-up: the next connection, the end of the idle
             * time, the agent's next deadline, or a wake (possibly idle, a
             * new deadline, or told to exit). */
            for (;;)
            {
                if (broker.exiting) goto done;
                if (!(wait = idle_wait(&idle_since))) goto done;
                wait = min(wait, answers_wait());
                if ((result = WaitForMultipleObjects(2, events, FALSE, wait)) == WAIT_OBJECT_0) break;
                if (result == WAIT_TIMEOUT)
                {
                    broker_enter();
                    agent_expire();
                    broker_leave();
                }
            }
            connected = GetOverlappedResult(pipe, &overlapped, &done, FALSE);
        }
        else
            connected = error == ERROR_PIPE_CONNECTED;
        ResetEvent(overlapped.hEvent);
        if (connected)
        {
            idle_since = 0;
            start_client(pipe);
        }
        else
            CloseHandle(pipe);
        if ((pipe = create_pipe_instance(name, &security, FALSE)) == INVALID_HANDLE_VALUE)
        {
            ERR("Could not create a pipe instance: %lu.\n", GetLastError());
            break;
        }
    }
done:
    if (broker.exiting)
        TRACE("The broker for %s exits (%s).\n", broker.config.signin,
              broker.exiting > 1 ? "sign-out" : "exit");
    else
        TRACE("Idle for %u ms: the broker for %s exits.\n", broker.config.idle_ms, broker.config.signin);
    CancelIo(pipe);
    CloseHandle(pipe);
    agent_stop();
    /* Closing the links ends every live session with its peer
     * (SR_CONNECTION_FAILURE there); the processes see their pipe go. */
    broker.net->stop();
    if (broker.exiting > 1 && !config_store_signin(NULL)) ERR("Could not remove the sign-in name.\n");
    LocalFree(security.lpSecurityDescriptor);
    return 0;
}

/* --- the agent's side (agent.h) ---------------------------------------- */

struct service *broker_service(void)
{
    return broker.service;
}

unsigned int broker_ask_launch(uint64_t handle, const struct core_event *ready)
{
    struct core_event question = *ready;
    struct ipc_buffer record = {0};
    struct list *cursor;
    unsigned int asked = 0;

    question.type = CORE_EVENT_BEFORE_APP_LAUNCH;
    if (ipc_put_event(&record, handle ^ broker.handle_key, &question) < 0) return 0;
    for (cursor = broker.clients.next; cursor != &broker.clients; cursor = cursor->next)
    {
        struct client *client = CONTAINING_RECORD(cursor, struct client, entry);

        if (!handle_counts_get(client->refs, handle)) continue;
        client_queue(client, &record);
        asked++;
    }
    ipc_buffer_free(&record);
    return asked;
}

int broker_hold(uint64_t handle)
{
    struct service_request addref = {SERVICE_OP_ADDREF_SESSION, handle, 0, NULL, NULL};
    struct service_reply reply;

    if (service_call(broker.service, &addref, &reply) < 0) return 0;
    if (handle_counts_add(broker.agent_refs, handle, 1) == UINT32_MAX)
    {
        defer_release(handle);
        return 0;
    }
    return 1;
}

void broker_unhold(uint64_t handle)
{
    if (!handle_counts_get(broker.agent_refs, handle)) return;
    handle_counts_add(broker.agent_refs, handle, -1);
    defer_release(handle);
}

void broker_enter(void)
{
    EnterCriticalSection(&broker.lock);
}

void broker_leave(void)
{
    broker_settle(NULL);
    LeaveCriticalSection(&broker.lock);
}

void broker_wake(void)
{
    SetEvent(broker.wake_event);
}

void broker_sign_out(void)
{
    InterlockedExchange(&broker.exiting, 2);
    SetEvent(broker.wake_event);
}

void broker_exit(void)
{
    InterlockedCompareExchange(&broker.exiting, 1, 0);
    SetEvent(broker.wake_event);
}

static void broker_lock(void *ctx)
{
    (void)ctx;
    EnterCriticalSection(&broker.lock);
}

static void broker_unlock(void *ctx)
{
    (void)ctx;
    LeaveCriticalSection(&broker.lock);
}

static void broker_settle_all(void *ctx)
{
    (void)ctx;
    broker_settle(NULL);
}

int broker_main(void)
{
    /* A detached process has nowhere to print: MSGSC_BROKER_LOG names a file
     * for its MSGSC_DEBUG output. */
    {
        char path[MAX_PATH];
        FILE *log;

        if (GetEnvironmentVariableA("MSGSC_BROKER_LOG", path, sizeof(path)) - 1 < sizeof(path) - 1 &&
            (log = fopen(path, "a")))
            debug_set_output(log);
    }
    config_load(&broker.config);
    if (!broker.config.signin[0])
    {
        ERR("No sign-in name is configured (HKCU\\Software\\msgsc SigninName or MSGSC_SIGNIN).\n");
        return 1;
    }
    /* Handles cross the local channel XORed with this key: it must be
     * unpredictable, or a restarted broker could take an old handle. */
    if (!platform_random(&broker.handle_key, sizeof(broker.handle_key)))
    {
        ERR("No random handle key: %lu.\n", GetLastError());
        return 1;
    }
    InitializeCriticalSection(&broker.lock);
    list_init(&broker.clients);
    broker.net = strcmp(broker.config.network, "xmpp") ? &net_direct : &net_xmpp;
    platform_fill_env(&broker.env);
    broker.env.now_ms = broker_now_ms;
    broker.env.local_signin = broker_signin;
    broker.env.send = broker.net->send;
    if (!(broker.held = handle_counts_new()) || !(broker.agent_refs = handle_counts_new()) ||
        !(broker.wake_event = CreateEventW(NULL, FALSE, FALSE, NULL)) ||
        !(broker.service = service_new(&broker.env, &broker_listener)))
        return 1;
    service_set_timeouts(broker.service, broker.config.invite_timeout_ms, broker.config.accept_timeout_ms);
    broker.net_host.config = &broker.config;
    broker.net_host.service = broker.service;
    broker.net_host.lock = broker_lock;
    broker.net_host.unlock = broker_unlock;
    broker.net_host.settle = broker_settle_all;
    broker.resident = broker.config.resident;
    return serve();
}
