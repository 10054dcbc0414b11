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

#include "win/platform.h"
#include "win/config.h"
#include "win/env.h"
#include "win/module.h"
#include "win/pipe.h"
#include "client.h"

/* Where sessions live.  A process whose user is not signed in (no sign-in
 * name configured) runs the session service itself: its sessions can go
 * nowhere, and Invite answers MSGR_E_NOT_LOGGED_ON.  Once signed in, every
 * request goes over a named pipe to the user's broker (src/broker), which the
 * first process starts with rundll32; a reader thread takes the replies and
 * turns the broker's events into the same notifications the in-process
 * service gives (docs/broker.md). */

static const struct client_listener *listener;

static SRWLOCK service_lock = SRWLOCK_INIT;
static struct service *service;

static INIT_ONCE config_once = INIT_ONCE_STATIC_INIT;
static struct msgsc_config config;

/* The broker connection.  call_lock makes requests one at a time (each
 * waits for its reply); pipe_lock guards the handle against the reader
 * thread closing it. */
static CRITICAL_SECTION call_lock;
static SRWLOCK pipe_lock = SRWLOCK_INIT;
static HANDLE pipe, reply_event, write_event;
/* Set by the reader thread when the broker's hello arrives (welcomed: its
 * version is ours) or when the connection is lost. */
static HANDLE hello_event;
static BOOL welcomed;
static DWORD reader_thread_id;
static struct ipc_record reply_record;
static BOOL reply_ready;

void client_set_listener(const struct client_listener *table)
{
    listener = table;
}

/* The in-process service's listener: straight to the layer above. */
static void in_process_session_event(void *ctx, uint64_t session, const struct core_event *event)
{
    (void)ctx;
    listener->session_event(session, event);
}

static void in_process_invitation(void *ctx, uint64_t session, const char *data)
{
    (void)ctx;
    listener->invitation(session, data);
}

static void in_process_app_changed(void *ctx, const char *guid, int registered)
{
    (void)ctx;
    listener->app_changed(guid, registered);
}

static const struct service_listener in_process_listener = {
    .session_event = in_process_session_event,
    .invitation = in_process_invitation,
    .app_changed = in_process_app_changed,
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
    hello_event = CreateEventW(NULL, TRUE, FALSE, NULL);
    TRACE("Signed in as %s.\n", config.signin[0] ? config.signin : "(nobody)");
    return TRUE;
}

static enum core_status in_process_call(const struct service_request *request, struct service_reply *reply)
{
    static struct core_env env;
    enum core_status status;

    AcquireSRWLockExclusive(&service_lock);
    if (!service)
    {
        platform_fill_env(&env);
        service = service_new(&env, &in_process_listener);
    }
    if (service)
        status = service_call(service, request, reply);
    else
    {
        memset(reply, 0, sizeof(*reply));
        status = reply->status = CORE_E_OUTOFMEMORY;
    }
    ReleaseSRWLockExclusive(&service_lock);
    return status;
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
            if (record.version == IPC_VERSION)
            {
                welcomed = TRUE;
                SetEvent(hello_event);
                break;
            }
            ERR("The broker speaks version %u, we speak %u.\n", record.version, IPC_VERSION);
            ipc_record_clear(&record);
            goto lost;
        case IPC_REPLY:
            reply_record = record;
            reply_ready = TRUE;
            SetEvent(reply_event);
            continue; /* the caller owns the record now */
        case IPC_EVENT: listener->session_event(record.session, &record.event); break;
        case IPC_INVITATION: listener->invitation(record.session, record.text); break;
        case IPC_APP_CHANGED: listener->app_changed(record.text, record.registered); break;
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
    SetEvent(hello_event); /* nor a hello */
    listener->lost();
    /* A crashed broker is restarted now, not only at this process's next
     * call, when something here waits for invitations. */
    if (listener->wants_invitations())
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

    pipe_name(config.signin, name, ARRAY_SIZE(name));
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
            /* A failed open is one cheap server call: polling often takes
             * the pipe within a few ms of its creation. */
            Sleep(5);
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
    welcomed = FALSE;
    ResetEvent(hello_event);
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
    /* The broker says hello once it has taken us as a client, after its
     * network is up: from then on invitations reach this process. */
    if (WaitForSingleObject(hello_event, 30000) || !welcomed)
    {
        ERR("The broker on %ls did not take this process.\n", name);
        AcquireSRWLockShared(&pipe_lock);
        if (pipe == handle) CancelIoEx(handle, NULL); /* the reader thread cleans up */
        ReleaseSRWLockShared(&pipe_lock);
        return FALSE;
    }
    listener->online();
    return TRUE;
}

static enum core_status broker_call(const struct service_request *request, struct service_reply *reply)
{
    struct ipc_buffer record = {0};
    enum core_status status;

    memset(reply, 0, sizeof(*reply));
    if (ipc_put_request(&record, request) < 0) return reply->status = CORE_E_INVALIDARG;

    /* References and answers move without a reply, so that any thread (the
     * reader thread too) can send them; with no broker nobody awaits them. */
    if (!service_op_has_reply(request->op))
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

enum core_status client_call(const struct service_request *request, struct service_reply *reply)
{
    enum core_status status;

    InitOnceExecuteOnce(&config_once, load_config, NULL, NULL);
    status = config.signin[0] ? broker_call(request, reply) : in_process_call(request, reply);
    TRACE("op %d, session %#I64x -> %s.\n", request->op, request->session, core_status_name(status));
    return status;
}

void client_answer(enum service_op op, uint64_t session, int32_t number)
{
    struct service_request request = {op, session, number, NULL, NULL};
    struct service_reply reply;

    InitOnceExecuteOnce(&config_once, load_config, NULL, NULL);
    /* In process the question comes from inside the service's own call. */
    if (!config.signin[0] || service_op_has_reply(op)) return;
    broker_call(&request, &reply);
}

int client_attach(void)
{
    BOOL connected;

    InitOnceExecuteOnce(&config_once, load_config, NULL, NULL);
    if (!config.signin[0]) return 1;
    EnterCriticalSection(&call_lock);
    if (!(connected = connect_broker()))
        WARN("No broker for %s: invitations cannot reach this process yet.\n", config.signin);
    LeaveCriticalSection(&call_lock);
    return connected;
}

int client_broker_running(void)
{
    WCHAR name[256];

    InitOnceExecuteOnce(&config_once, load_config, NULL, NULL);
    if (!config.signin[0]) return 0;
    pipe_name(config.signin, name, ARRAY_SIZE(name));
    /* No instance at all: nobody serves the pipe.  Busy: somebody does. */
    return WaitNamedPipeW(name, 1) || GetLastError() != ERROR_FILE_NOT_FOUND;
}

void client_shutdown(void)
{
    AcquireSRWLockExclusive(&service_lock);
    service_free(service);
    service = NULL;
    ReleaseSRWLockExclusive(&service_lock);
}
