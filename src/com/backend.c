/*
 * The session service this process talks to, and the platform it gives the core.
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

#include <winsock2.h>
#include <ws2tcpip.h>

#include "msgsc_private.h"

/* Where sessions live.  A process whose user is not signed in (no sign-in
 * name configured) runs the session service itself: its sessions can go
 * nowhere, and Invite answers MSGR_E_NOT_LOGGED_ON.  Once signed in, every
 * request goes over a named pipe to the user's broker (broker.c), which the
 * first process starts with rundll32; a reader thread takes the replies and
 * turns the broker's events into the same notifications the in-process
 * service gives (docs/broker.md). */

static SRWLOCK backend_lock = SRWLOCK_INIT;
static struct service *service;
static char default_address[64];

static INIT_ONCE config_once = INIT_ONCE_STATIC_INIT;
static struct msgsc_config config;

/* The broker connection.  call_lock makes requests one at a time (each
 * waits for its reply); pipe_lock guards the handle against the reader
 * thread closing it. */
static CRITICAL_SECTION call_lock;
static SRWLOCK pipe_lock = SRWLOCK_INIT;
static HANDLE pipe, reply_event, write_event;
static DWORD reader_thread_id;
static struct ipc_record reply_record;
static BOOL reply_ready;

static void backend_random_bytes(void *ctx, unsigned char *buf, size_t len)
{
    (void)ctx;
    while (len)
    {
        GUID guid;
        size_t count = min(len, sizeof(guid));

        /* CoCreateGuid draws from the system's cryptographic generator. */
        if (FAILED(CoCreateGuid(&guid))) memset(&guid, 0, sizeof(guid));
        memcpy(buf, &guid, count);
        buf += count;
        len -= count;
    }
}

static enum core_status backend_lookup_app(void *ctx, const char *guid, struct core_app_info *info)
{
    (void)ctx;
    return appstore_lookup(guid, info);
}

/* The first IPv4 address of this host that is not loopback, else 127.0.0.1
 * (spec 2.2 LocalAddress: "the local IP of the computer"). */
static const char *backend_default_address(void *ctx)
{
    struct addrinfo hints = {0}, *result, *ai;
    char host[256];
    WSADATA wsa;

    (void)ctx;
    if (default_address[0]) return default_address;

    strcpy(default_address, "127.0.0.1");
    if (WSAStartup(MAKEWORD(2, 2), &wsa)) return default_address;
    hints.ai_family = AF_INET;
    if (!gethostname(host, sizeof(host)) && !getaddrinfo(host, NULL, &hints, &result))
    {
        for (ai = result; ai; ai = ai->ai_next)
        {
            const struct sockaddr_in *sin = (const struct sockaddr_in *)ai->ai_addr;

            if ((ntohl(sin->sin_addr.s_addr) >> 24) == 127) continue;
            if (inet_ntop(AF_INET, &sin->sin_addr, default_address, sizeof(default_address))) break;
        }
        freeaddrinfo(result);
    }
    WSACleanup();
    return default_address;
}

void backend_fill_env(struct core_env *env)
{
    memset(env, 0, sizeof(*env));
    env->random_bytes = backend_random_bytes;
    env->lookup_app = backend_lookup_app;
    env->default_address = backend_default_address;
}

static void backend_session_event(void *ctx, uint64_t session, const struct core_event *event)
{
    (void)ctx;
    session_notify_event(session, event);
}

static void backend_invitation(void *ctx, uint64_t session, const char *data)
{
    (void)ctx;
    manager_notify_invitation(session, data);
}

static void backend_app_changed(void *ctx, const char *guid, int registered)
{
    (void)ctx;
    manager_notify_app_changed(guid, registered);
}

static const struct service_listener backend_listener = {
    .session_event = backend_session_event,
    .invitation = backend_invitation,
    .app_changed = backend_app_changed,
};

static BOOL CALLBACK load_config(INIT_ONCE *once, void *param, void **context)
{
    (void)once;
    (void)param;
    (void)context;
    config_load(&config);
    InitializeCriticalSection(&call_lock);
    reply_event = CreateEventW(NULL, FALSE, FALSE, NULL);
    write_event = CreateEventW(NULL, TRUE, FALSE, NULL);
    TRACE("Signed in as %s.\n", config.signin[0] ? config.signin : "(nobody)");
    return TRUE;
}

static enum core_status in_process_call(const struct service_request *request, struct service_reply *reply)
{
    static struct core_env env;
    enum core_status status;

    AcquireSRWLockExclusive(&backend_lock);
    if (!service)
    {
        backend_fill_env(&env);
        service = service_new(&env, &backend_listener);
    }
    if (service)
        status = service_call(service, request, reply);
    else
    {
        memset(reply, 0, sizeof(*reply));
        status = reply->status = CORE_E_OUTOFMEMORY;
    }
    ReleaseSRWLockExclusive(&backend_lock);
    return status;
}

/* Reads or writes exactly len bytes on an overlapped pipe handle, waiting
 * at most timeout milliseconds for each part (INFINITE for reads). */
BOOL pipe_transfer(HANDLE pipe, HANDLE event, void *buffer, DWORD len, BOOL write, DWORD timeout)
{
    while (len)
    {
        OVERLAPPED overlapped = {0};
        DWORD done = 0;
        BOOL ok;

        overlapped.hEvent = event;
        ok = write ? WriteFile(pipe, buffer, len, NULL, &overlapped)
                   : ReadFile(pipe, buffer, len, NULL, &overlapped);
        if (!ok && GetLastError() != ERROR_IO_PENDING) return FALSE;
        /* Most transfers complete at once: only a pending one is waited for. */
        if (!ok && WaitForSingleObject(event, timeout))
        {
            CancelIoEx(pipe, &overlapped);
            GetOverlappedResult(pipe, &overlapped, &done, TRUE);
            return FALSE;
        }
        if (!GetOverlappedResult(pipe, &overlapped, &done, FALSE) || !done) return FALSE;
        buffer = (char *)buffer + done;
        len -= done;
    }
    return TRUE;
}

BOOL pipe_read_record(HANDLE pipe, HANDLE event, struct pipe_reader *reader, const unsigned char **body,
                      size_t *len)
{
    for (;;)
    {
        size_t available = reader->len - reader->pos, body_len;
        OVERLAPPED overlapped = {0};
        DWORD done = 0;

        if (available >= IPC_HEADER_SIZE)
        {
            if (ipc_body_length(reader->data + reader->pos, &body_len) < 0) return FALSE;
            if (available >= IPC_HEADER_SIZE + body_len)
            {
                *body = reader->data + reader->pos + IPC_HEADER_SIZE;
                *len = body_len;
                reader->pos += IPC_HEADER_SIZE + body_len;
                return TRUE;
            }
        }
        memmove(reader->data, reader->data + reader->pos, available);
        reader->len = available;
        reader->pos = 0;
        /* A byte-mode pipe completes a read with what the writer wrote. */
        overlapped.hEvent = event;
        if (!ReadFile(pipe, reader->data + reader->len, (DWORD)(sizeof(reader->data) - reader->len), NULL,
                      &overlapped) &&
            GetLastError() != ERROR_IO_PENDING)
            return FALSE;
        if (!GetOverlappedResult(pipe, &overlapped, &done, TRUE) || !done) return FALSE;
        reader->len += done;
    }
}

static BOOL write_records(const struct ipc_buffer *records)
{
    BOOL ok;

    AcquireSRWLockExclusive(&pipe_lock);
    ok = pipe && pipe_transfer(pipe, write_event, records->data, (DWORD)records->len, TRUE, INFINITE);
    ReleaseSRWLockExclusive(&pipe_lock);
    return ok;
}

static BOOL connect_broker(void);

static DWORD WINAPI reconnect_main(void *arg)
{
    HMODULE module = arg;

    EnterCriticalSection(&call_lock);
    if (!connect_broker()) ERR("Could not restart the broker.\n");
    LeaveCriticalSection(&call_lock);
    FreeLibraryAndExitThread(module, 0);
    return 0;
}

static DWORD WINAPI reader_main(void *arg)
{
    HANDLE handle = arg, event = CreateEventW(NULL, TRUE, FALSE, NULL);
    HMODULE module = msgsc_instance;
    struct pipe_reader *reader = calloc(1, sizeof(*reader));
    const unsigned char *body;
    size_t len;

    while (event && reader && pipe_read_record(handle, event, reader, &body, &len))
    {
        struct ipc_record record;

        if (ipc_decode(body, len, &record) < 0) break;
        switch (record.kind)
        {
        case IPC_HELLO:
            if (record.version == IPC_VERSION) break;
            ERR("The broker speaks version %u, we speak %u.\n", record.version, IPC_VERSION);
            ipc_record_clear(&record);
            goto lost;
        case IPC_REPLY:
            reply_record = record;
            reply_ready = TRUE;
            SetEvent(reply_event);
            continue; /* the caller owns the record now */
        case IPC_EVENT: session_notify_event(record.session, &record.event); break;
        case IPC_INVITATION: manager_notify_invitation(record.session, record.text); break;
        case IPC_APP_CHANGED: manager_notify_app_changed(record.text, record.registered); break;
        default: break;
        }
        ipc_record_clear(&record);
    }
lost:
    free(reader);
    if (event) CloseHandle(event);

    WARN("Lost the broker.\n");
    AcquireSRWLockExclusive(&pipe_lock);
    if (pipe == handle) pipe = NULL;
    ReleaseSRWLockExclusive(&pipe_lock);
    CloseHandle(handle);
    SetEvent(reply_event); /* a waiting caller sees no reply */
    session_notify_lost();
    /* Live managers want invitations: a crashed broker is restarted now,
     * not only at this process's next call. */
    if (manager_any_alive())
    {
        HMODULE self;
        HANDLE thread = NULL;

        if (GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS, (const WCHAR *)reconnect_main,
                               &self) &&
            !(thread = CreateThread(NULL, 0, reconnect_main, self, 0, NULL)))
            FreeLibrary(self);
        if (thread) CloseHandle(thread);
    }
    /* The thread held the module (connect_broker): let it go now. */
    FreeLibraryAndExitThread(module, 0);
    return 0;
}

static void start_broker(void)
{
    WCHAR dll[MAX_PATH], system[MAX_PATH], command[3 * MAX_PATH];
    STARTUPINFOW startup = {0};
    PROCESS_INFORMATION info;

    startup.cb = sizeof(startup);
    GetModuleFileNameW(msgsc_instance, dll, ARRAY_SIZE(dll));
    GetSystemDirectoryW(system, ARRAY_SIZE(system));
    swprintf(command, ARRAY_SIZE(command), L"\"%ls\\rundll32.exe\" \"%ls\",BrokerMain", system, dll);
    TRACE("Starting %ls.\n", command);
    if (!CreateProcessW(NULL, command, NULL, NULL, FALSE, CREATE_NO_WINDOW | DETACHED_PROCESS, NULL, system,
                        &startup, &info))
    {
        ERR("Could not start the broker: %lu.\n", GetLastError());
        return;
    }
    CloseHandle(info.hThread);
    CloseHandle(info.hProcess);
}

/* The user (SID) a process runs as; malloc'd, or NULL. */
static TOKEN_USER *token_user(HANDLE process)
{
    TOKEN_USER *user = NULL;
    DWORD size = 0;
    HANDLE token;

    if (!OpenProcessToken(process, TOKEN_QUERY, &token)) return NULL;
    GetTokenInformation(token, TokenUser, NULL, 0, &size);
    if (size && (user = malloc(size)) && !GetTokenInformation(token, TokenUser, user, size, &size))
    {
        free(user);
        user = NULL;
    }
    CloseHandle(token);
    return user;
}

/* Another user could create the pipe name first and collect our requests:
 * the process serving it must run as us. */
static BOOL served_by_same_user(HANDLE handle)
{
    TOKEN_USER *ours = token_user(GetCurrentProcess()), *theirs = NULL;
    ULONG pid = 0;
    HANDLE process = NULL;
    BOOL same;

    if (GetNamedPipeServerProcessId(handle, &pid))
        process = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, pid);
    if (process) theirs = token_user(process);
    same = ours && theirs && EqualSid(ours->User.Sid, theirs->User.Sid);
    if (process) CloseHandle(process);
    free(ours);
    free(theirs);
    return same;
}

/* Connects to the broker, starting it when nobody serves the pipe yet.
 * call_lock is held. */
static BOOL connect_broker(void)
{
    ULONGLONG deadline = GetTickCount64() + 20000;
    WCHAR name[256];
    BOOL started = FALSE;
    struct ipc_buffer hello = {0};
    HANDLE handle, thread;
    HMODULE module;

    AcquireSRWLockShared(&pipe_lock);
    handle = pipe;
    ReleaseSRWLockShared(&pipe_lock);
    if (handle) return TRUE;

    config_pipe_name(&config, name, ARRAY_SIZE(name));
    for (;;)
    {
        /* The broker may identify us, never act as us. */
        handle = CreateFileW(name, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING,
                             FILE_FLAG_OVERLAPPED | SECURITY_SQOS_PRESENT | SECURITY_IDENTIFICATION, NULL);
        if (handle != INVALID_HANDLE_VALUE && !served_by_same_user(handle))
        {
            ERR("%ls is served by another user's process; not using it.\n", name);
            CloseHandle(handle);
            return FALSE;
        }
        if (handle != INVALID_HANDLE_VALUE) break;
        if (GetLastError() == ERROR_PIPE_BUSY)
            WaitNamedPipeW(name, 200);
        else
        {
            if (!started) start_broker();
            started = TRUE;
            Sleep(20);
        }
        if (GetTickCount64() > deadline)
        {
            ERR("No broker answers on %ls.\n", name);
            return FALSE;
        }
    }
    AcquireSRWLockExclusive(&pipe_lock);
    pipe = handle;
    ReleaseSRWLockExclusive(&pipe_lock);
    /* The reader thread runs our code: it holds the module until it ends. */
    if (!GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS, (const WCHAR *)reader_main, &module))
        module = NULL;
    if (!module || ipc_put_hello(&hello, IPC_VERSION, GetCurrentProcessId()) < 0 || !write_records(&hello) ||
        !(thread = CreateThread(NULL, 0, reader_main, handle, 0, &reader_thread_id)))
    {
        if (module) FreeLibrary(module);
        ipc_buffer_free(&hello);
        AcquireSRWLockExclusive(&pipe_lock);
        pipe = NULL;
        ReleaseSRWLockExclusive(&pipe_lock);
        CloseHandle(handle);
        return FALSE;
    }
    ipc_buffer_free(&hello);
    CloseHandle(thread);
    return TRUE;
}

static enum core_status broker_call(const struct service_request *request, struct service_reply *reply)
{
    struct ipc_buffer record = {0};
    enum core_status status;

    memset(reply, 0, sizeof(*reply));
    if (ipc_put_request(&record, request) < 0) return reply->status = CORE_E_INVALIDARG;

    /* References move without a reply, so that any thread (the reader
     * thread too) can give one back; with no broker there is none to give. */
    if (request->op == SERVICE_OP_ADDREF_SESSION || request->op == SERVICE_OP_RELEASE_SESSION)
    {
        status = write_records(&record) ? CORE_OK : CORE_E_DISCONNECTED;
        ipc_buffer_free(&record);
        return reply->status = status;
    }
    if (GetCurrentThreadId() == reader_thread_id)
    {
        ERR("Op %d from inside a broker event would wait for itself.\n", request->op);
        ipc_buffer_free(&record);
        return reply->status = CORE_E_FAIL;
    }

    EnterCriticalSection(&call_lock);
    reply_ready = FALSE;
    ResetEvent(reply_event);
    if (!connect_broker() || !write_records(&record))
        status = CORE_E_DISCONNECTED;
    else if (WaitForSingleObject(reply_event, 30000) || !reply_ready)
    {
        /* A broker that does not answer is treated as lost (its reader
         * thread ends), so a late reply can never answer a later request. */
        AcquireSRWLockShared(&pipe_lock);
        if (pipe) CancelIoEx(pipe, NULL);
        ReleaseSRWLockShared(&pipe_lock);
        status = CORE_E_DISCONNECTED;
    }
    else
    {
        *reply = reply_record.reply;
        memset(&reply_record.reply, 0, sizeof(reply_record.reply));
        ipc_record_clear(&reply_record);
        status = reply->status;
    }
    reply_ready = FALSE;
    LeaveCriticalSection(&call_lock);
    ipc_buffer_free(&record);
    return reply->status = status;
}

enum core_status backend_call(const struct service_request *request, struct service_reply *reply)
{
    enum core_status status;

    InitOnceExecuteOnce(&config_once, load_config, NULL, NULL);
    status = config.signin[0] ? broker_call(request, reply) : in_process_call(request, reply);
    TRACE("op %d, session %#I64x -> %s.\n", request->op, request->session, core_status_name(status));
    return status;
}

void backend_shutdown(void)
{
    AcquireSRWLockExclusive(&backend_lock);
    service_free(service);
    service = NULL;
    ReleaseSRWLockExclusive(&backend_lock);
}
