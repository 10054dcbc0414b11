/*
 * The agent: what the signed-in broker does on its own for the person.
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

#include "core/launch.h"
#include "core/policy.h"
#include "win/appstore.h"
#include "win/config.h"
#include "agent.h"
#include "ui.h"

/* How long the agent waits for the processes' answers (OnInvitation,
 * BeforeAppLaunch) before it counts the silent ones as "no": a process
 * whose thread never pumps messages never fires its events. */
#define AGENT_ANSWER_WAIT_MS 5000

/* Where the agent is with one session.  The steps marked "settle" are run
 * by agent_settle, outside every service event. */
enum agent_step
{
    STEP_NONE,
    STEP_ASKING,      /* the processes are asked whether they handle the invitation */
    STEP_DECIDE,      /* settle: nobody did; policy or prompt */
    STEP_PROMPTED,    /* the prompt waits for the person */
    STEP_ACCEPT,      /* settle: accept (the person or the policy said so) */
    STEP_DECLINE,     /* settle: decline */
    STEP_LAUNCH_WAIT, /* the processes are asked BeforeAppLaunch */
    STEP_LAUNCH,      /* settle: launch the application */
};

struct agent_session
{
    uint64_t handle;
    enum agent_step step;
    unsigned int waiting; /* answers still due */
    int any;              /* an answer said handled (invitation) or vetoed (launch) */
    uint64_t deadline;    /* of the answers, 0 when none are due */
    int launch_on_accept; /* the agent accepted, or was handed the session over */
    int held;             /* the agent holds a reference */
    int prompt;           /* a prompt that closes when the invitation ends */
    DWORD launched_pid;
};

/* Guarded by the broker's lock. */
static struct agent_session *sessions;
static size_t session_count, session_capacity;
static int ui_running;

static struct agent_session *find_session(uint64_t handle)
{
    size_t i;

    for (i = 0; i < session_count; i++)
        if (sessions[i].handle == handle) return &sessions[i];
    return NULL;
}

static struct agent_session *add_session(uint64_t handle)
{
    struct agent_session *session = find_session(handle);

    if (session) return session;
    if (session_count == session_capacity)
    {
        size_t capacity = session_capacity ? session_capacity * 2 : 8;
        struct agent_session *bigger = realloc(sessions, capacity * sizeof(*bigger));

        if (!bigger)
        {
            ERR("Out of memory; the agent leaves session %#I64x alone.\n", handle);
            return NULL;
        }
        sessions = bigger;
        session_capacity = capacity;
    }
    session = &sessions[session_count++];
    memset(session, 0, sizeof(*session));
    session->handle = handle;
    return session;
}

/* Forgets a session, giving back the agent's reference. */
static void drop_session(struct agent_session *session)
{
    if (session->prompt) ui_close_prompt(session->handle);
    if (session->held) broker_unhold(session->handle);
    *session = sessions[--session_count];
}

uint64_t agent_deadline(void)
{
    uint64_t earliest = 0;
    size_t i;

    for (i = 0; i < session_count; i++)
        if (sessions[i].deadline && (!earliest || sessions[i].deadline < earliest))
            earliest = sessions[i].deadline;
    return earliest;
}

/* The answers are all in, or their time is up. */
static void answers_done(struct agent_session *session)
{
    session->deadline = 0;
    if (session->step == STEP_ASKING)
    {
        /* An application took the invitation: it is its own now. */
        if (session->any)
            drop_session(session);
        else
            session->step = STEP_DECIDE;
    }
    else if (session->step == STEP_LAUNCH_WAIT)
    {
        /* A veto: an application already running takes the session. */
        if (session->any)
        {
            TRACE("Session %#I64x: the launch was vetoed.\n", session->handle);
            drop_session(session);
        }
        else
            session->step = STEP_LAUNCH;
    }
}

static void wait_for_answers(struct agent_session *session, enum agent_step step, unsigned int asked)
{
    session->step = step;
    session->waiting = asked;
    session->any = 0;
    session->deadline = GetTickCount64() + AGENT_ANSWER_WAIT_MS;
    if (!asked) answers_done(session);
    broker_wake();
}

void agent_expire(void)
{
    uint64_t now = GetTickCount64();
    size_t i;

    for (i = 0; i < session_count;)
    {
        struct agent_session *session = &sessions[i];
        size_t count = session_count;

        if (session->deadline && session->deadline <= now)
        {
            WARN("Session %#I64x: %u processes did not answer in time.\n", session->handle, session->waiting);
            answers_done(session);
        }
        if (session_count == count) i++; /* else sessions[i] is another one now */
    }
}

void agent_invitation(uint64_t handle, unsigned int asked)
{
    struct agent_session *session = add_session(handle);

    if (session) wait_for_answers(session, STEP_ASKING, asked);
}

void agent_answer(uint64_t handle, enum service_op op, int32_t number)
{
    struct agent_session *session = find_session(handle);
    int yes;

    if (!session) return;
    if (op == SERVICE_OP_INVITATION_ANSWER && session->step == STEP_ASKING)
        yes = number != 0;
    else if (op == SERVICE_OP_LAUNCH_ANSWER && session->step == STEP_LAUNCH_WAIT)
        yes = number == 0;
    else
        return; /* late, or for a question no longer asked */
    if (yes) session->any = 1;
    if (session->waiting) session->waiting--;
    if (!session->waiting || session->any) answers_done(session);
}

void agent_session_event(uint64_t handle, const struct core_event *event)
{
    struct agent_session *session = find_session(handle);

    if (!session) return;
    if (event->type == CORE_EVENT_READY_TO_LAUNCH && session->launch_on_accept)
    {
        /* E2: BeforeAppLaunch follows OnReadyToLaunch at once, before the
         * session moves on. */
        session->launch_on_accept = 0;
        wait_for_answers(session, STEP_LAUNCH_WAIT, broker_ask_launch(handle, event));
        return;
    }
    if (event->type != CORE_EVENT_STATE_CHANGED) return;
    if (core_state_is_final(event->state))
    {
        drop_session(session);
        return;
    }
    if (event->prev_state == CORE_STATE_INVITATION)
    {
        /* Answered, by an application or by us: no more prompt. */
        if (session->prompt) ui_close_prompt(handle);
        session->prompt = 0;
        if (session->step == STEP_ASKING || session->step == STEP_DECIDE || session->step == STEP_PROMPTED)
        {
            session->step = STEP_NONE;
            session->deadline = 0;
        }
        if (session->step == STEP_NONE && !session->held) drop_session(session);
    }
}

enum core_status agent_hand_over(uint64_t handle)
{
    struct agent_session *session;

    if (!(session = add_session(handle))) return CORE_E_OUTOFMEMORY;
    if (!session->held)
    {
        if (!broker_hold(handle))
        {
            drop_session(session);
            return CORE_E_NOT_FOUND;
        }
        session->held = 1;
    }
    session->launch_on_accept = 1;
    return CORE_OK;
}

/* --- what settle runs --------------------------------------------------- */

static enum core_status call(enum service_op op, uint64_t handle, const char *data,
                             struct service_reply *reply)
{
    struct service_request request = {op, handle, 0, NULL, data};

    return service_call(broker_service(), &request, reply);
}

static void accept_invitation(uint64_t handle)
{
    struct agent_session *session = find_session(handle);
    struct service_reply reply;

    /* The agent's reference carries the session from the acceptance to the
     * launched process's GetLaunchingSession. */
    if (session && !session->held) session->held = broker_hold(handle);
    if (session) session->launch_on_accept = 1;
    call(SERVICE_OP_ACCEPT, handle, "", &reply);
    service_reply_clear(&reply);
}

static void decline_invitation(uint64_t handle)
{
    struct service_reply reply;

    call(SERVICE_OP_DECLINE, handle, "", &reply);
    service_reply_clear(&reply);
}

/* Nobody took the invitation: the policy answers, or the person. */
static void decide(uint64_t handle)
{
    struct msgsc_config *config = malloc(sizeof(*config));
    struct agent_session *session;
    struct core_app_info info = {0};
    struct service_reply reply;
    enum agent_policy policy;
    int registered;

    if (!config || call(SERVICE_OP_SNAPSHOT, handle, NULL, &reply) < 0 ||
        reply.snapshot.state != CORE_STATE_INVITATION)
    {
        free(config);
        service_reply_clear(&reply);
        if ((session = find_session(handle))) drop_session(session);
        return;
    }
    /* Read now, so that a policy the person just set counts. */
    config_load(config);
    registered = appstore_lookup(reply.snapshot.application, &info) >= 0;
    policy = agent_policy_decide(config->policies, config->auto_accept, reply.snapshot.application,
                                 reply.snapshot.user);
    TRACE("Invitation %#I64x from %s to %s (%s): %s.\n", handle, reply.snapshot.user,
          reply.snapshot.application, registered ? "registered" : "not registered",
          policy == AGENT_POLICY_ACCEPT    ? "accept"
          : policy == AGENT_POLICY_DECLINE ? "decline"
                                           : "ask");
    if (policy == AGENT_POLICY_ASK && ui_running)
    {
        struct ui_invitation prompt = {handle,
                                       reply.snapshot.user,
                                       "",
                                       registered && info.name ? info.name : reply.snapshot.app_name,
                                       reply.snapshot.app_url,
                                       reply.snapshot.context_data,
                                       registered};

        ui_show_prompt(&prompt);
        if ((session = find_session(handle)))
        {
            session->step = STEP_PROMPTED;
            /* A prompt for an application that is not here only informs:
             * it stays up while the protocol's decline goes out (E3). */
            session->prompt = registered;
        }
    }
    core_app_info_clear(&info);
    service_reply_clear(&reply);
    free(config);

    if (policy == AGENT_POLICY_DECLINE)
        decline_invitation(handle);
    else if (policy == AGENT_POLICY_ACCEPT || !registered)
        /* Accept of an application that is not here is the protocol's
         * decline, with OnAppNotPresent (E3). */
        accept_invitation(handle);
    else if (!ui_running && (session = find_session(handle)))
        drop_session(session); /* nobody to ask: the invitation times out */
}

static int is_file(void *ctx, const char *path)
{
    WCHAR wide[MAX_PATH];
    DWORD attributes;

    (void)ctx;
    if (!MultiByteToWideChar(CP_UTF8, 0, path, -1, wide, ARRAY_SIZE(wide))) return 0;
    attributes = GetFileAttributesW(wide);
    return attributes != INVALID_FILE_ATTRIBUTES && !(attributes & FILE_ATTRIBUTE_DIRECTORY);
}

struct launch_watch
{
    uint64_t handle;
    DWORD pid;
    HANDLE process;
};

/* The launched process ended: its session is no longer anybody's launch,
 * and the agent's reference goes (the process's own went with its pipe). */
static DWORD WINAPI watch_launched(void *arg)
{
    struct launch_watch *watch = arg;
    struct agent_session *session;

    WaitForSingleObject(watch->process, INFINITE);
    CloseHandle(watch->process);
    broker_enter();
    if ((session = find_session(watch->handle)) && session->launched_pid == watch->pid)
    {
        service_set_launched(broker_service(), watch->handle, 0);
        drop_session(session);
    }
    broker_leave();
    free(watch);
    return 0;
}

static void launch(uint64_t handle)
{
    char command[2 * MAX_PATH], program[MAX_PATH], directory[MAX_PATH];
    WCHAR command_w[2 * MAX_PATH], directory_w[MAX_PATH];
    struct core_app_info info = {0};
    STARTUPINFOW startup = {0};
    PROCESS_INFORMATION process;
    struct agent_session *session;
    struct launch_watch *watch;
    struct service_reply reply;
    BOOL started = FALSE;

    startup.cb = sizeof(startup);
    if (call(SERVICE_OP_SNAPSHOT, handle, NULL, &reply) >= 0 &&
        appstore_lookup(reply.snapshot.application, &info) >= 0 && info.path &&
        launch_command(info.path, is_file, NULL, command, sizeof(command), program, sizeof(program)) >= 0 &&
        launch_directory(program, directory, sizeof(directory)) >= 0 &&
        MultiByteToWideChar(CP_UTF8, 0, command, -1, command_w, ARRAY_SIZE(command_w)) &&
        MultiByteToWideChar(CP_UTF8, 0, directory, -1, directory_w, ARRAY_SIZE(directory_w)))
    {
        TRACE("Session %#I64x: starting %s in %s.\n", handle, command, directory);
        started = CreateProcessW(NULL, command_w, NULL, NULL, FALSE, 0, NULL,
                                 directory[0] ? directory_w : NULL, &startup, &process);
        if (!started) WARN("Could not start %s: error %lu.\n", command, GetLastError());
    }
    else
        WARN("Session %#I64x: no program to start (registered path %s).\n", handle,
             info.path ? info.path : "none");
    core_app_info_clear(&info);
    service_reply_clear(&reply);

    if (!started)
    {
        service_launch_failed(broker_service(), handle); /* E6 */
        return;
    }
    CloseHandle(process.hThread);
    service_set_launched(broker_service(), handle, process.dwProcessId);
    if ((session = find_session(handle)))
    {
        session->step = STEP_NONE;
        session->launched_pid = process.dwProcessId;
    }
    if ((watch = malloc(sizeof(*watch))))
    {
        HANDLE thread;

        watch->handle = handle;
        watch->pid = process.dwProcessId;
        watch->process = process.hProcess;
        if ((thread = CreateThread(NULL, 0, watch_launched, watch, 0, NULL)))
        {
            CloseHandle(thread);
            return;
        }
        free(watch);
    }
    /* Unwatched, the session lives until it ends on its own. */
    ERR("Cannot watch process %lu.\n", process.dwProcessId);
    CloseHandle(process.hProcess);
}

/* What each settle step runs. */
static void (*const step_actions[])(uint64_t handle) = {
    [STEP_DECIDE] = decide,
    [STEP_ACCEPT] = accept_invitation,
    [STEP_DECLINE] = decline_invitation,
    [STEP_LAUNCH] = launch,
};

int agent_settle(void)
{
    size_t i;

    for (i = 0; i < session_count; i++)
    {
        enum agent_step step = sessions[i].step;

        if ((size_t)step >= ARRAY_SIZE(step_actions) || !step_actions[step]) continue;
        /* One at a time: the action changes the sessions (and may move them). */
        sessions[i].step = STEP_NONE;
        step_actions[step](sessions[i].handle);
        return 1;
    }
    return 0;
}

/* --- the person, through the windows ------------------------------------ */

static void ui_answer(uint64_t handle, int accept)
{
    struct agent_session *session;

    broker_enter();
    if ((session = find_session(handle)) && session->step == STEP_PROMPTED)
    {
        session->prompt = 0;
        session->step = accept ? STEP_ACCEPT : STEP_DECLINE;
    }
    broker_leave();
}

static void ui_invite(const char *guid, const char *contact)
{
    struct service_request request = {SERVICE_OP_CREATE_SESSION, 0, 0, NULL, NULL};
    struct service_reply reply;
    enum core_status status;
    uint64_t handle;

    broker_enter();
    if ((status = service_call(broker_service(), &request, &reply)) >= 0)
    {
        handle = reply.session;
        request.session = handle;
        request.op = SERVICE_OP_PUT_APPLICATION;
        request.text = guid;
        if ((status = service_call(broker_service(), &request, &reply)) >= 0 &&
            (status = agent_hand_over(handle)) >= 0)
        {
            request.op = SERVICE_OP_INVITE;
            request.text = contact;
            status = service_call(broker_service(), &request, &reply);
        }
        request.op = SERVICE_OP_RELEASE_SESSION;
        service_call(broker_service(), &request, &reply);
    }
    if (status < 0) WARN("Could not invite %s to %s: %s.\n", contact, guid, core_status_name(status));
    broker_leave();
}

static const struct ui_callbacks agent_ui = {
    .answer = ui_answer,
    .invite = ui_invite,
    .sign_out = broker_sign_out,
    .exit = broker_exit,
};

void agent_start(int resident, const char *signin)
{
    /* Only the signed-in agent has windows; a broker started on demand
     * for a process answers by policy alone. */
    if (resident && !ui_running) ui_running = ui_start(&agent_ui, signin);
}

void agent_stop(void)
{
    if (ui_running) ui_stop();
    ui_running = 0;
}
