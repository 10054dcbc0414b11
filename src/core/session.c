/*
 * The session state machine of the Session Invite API (portable, no windows.h).
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

#include <stdlib.h>
#include <string.h>

#include "session.h"
#include "wire.h"

/* The tables of msgrpriv-api.md 3.2 (I1-I14), 3.3 (E1-E11) and 3.5 in one
 * place.  Every change of state goes through enter_state(), which updates
 * the state before the first event (3.4 rule 1) and emits OnTermination at
 * most once (rule 2).  The host posts the events it receives (rules 3, 4). */

struct core_session
{
    const struct core_env *env;
    void *owner;
    enum core_state state;
    unsigned int flags;
    int terminated;
    unsigned int context_sends;
    uint32_t cookie; /* the Invitation-Cookie; 0 before Invite */
    char id[CORE_GUID_CHARS + 1];
    char application[CORE_GUID_CHARS + 1]; /* "" while not set */
    char *local_address;
    char *remote_address;  /* NULL while unknown */
    char *context_data;    /* NULL while none */
    char *user;            /* NULL before Invite */
    char *invite_app_name; /* what the invitation carried, for lookups that fail */
    char *invite_app_url;
};

void core_app_info_clear(struct core_app_info *info)
{
    free(info->name);
    free(info->url);
    free(info->path);
    info->name = info->url = info->path = NULL;
}

static char *copy_string(const char *str)
{
    size_t len = strlen(str ? str : "") + 1;
    char *copy = malloc(len);

    if (copy) memcpy(copy, str ? str : "", len);
    return copy;
}

/* Replaces *field by a copy of value; leaves it alone when out of memory. */
static enum core_status set_string(char **field, const char *value)
{
    char *copy = copy_string(value);

    if (!copy) return CORE_E_OUTOFMEMORY;
    free(*field);
    *field = copy;
    return CORE_OK;
}

int core_state_is_final(enum core_state state)
{
    return state == CORE_STATE_CANCELLED || state == CORE_STATE_DECLINED || state == CORE_STATE_TERMINATED;
}

static void emit(struct core_session *session, enum core_event_type type, enum core_status reason,
                 int32_t peer_hr, const char *data)
{
    struct core_event event = {0};

    event.type = type;
    event.reason = reason;
    event.peer_hr = peer_hr;
    event.data = data ? data : "";
    event.app_name = event.app_url = "";
    session->env->emit(session->env->ctx, session, &event);
}

/* Moves to state and emits OnStateChanged(prev); for a final state also
 * OnTermination(reason, data), unless a specific event must come between
 * (the caller then calls terminate()). */
static void change_state(struct core_session *session, enum core_state state)
{
    struct core_event event = {0};

    event.type = CORE_EVENT_STATE_CHANGED;
    event.prev_state = session->state;
    event.data = event.app_name = event.app_url = "";
    session->state = state;
    session->env->emit(session->env->ctx, session, &event);
}

static void terminate(struct core_session *session, enum core_status reason, int32_t peer_hr,
                      const char *data)
{
    if (session->terminated) return;
    session->terminated = 1;
    emit(session, CORE_EVENT_TERMINATION, reason, peer_hr, data);
}

/* Enters a final state: OnStateChanged(prev), then OnSendError when a
 * message could not be sent (send_error < 0), then OnTermination last. */
static void end_session(struct core_session *session, enum core_state state, enum core_status send_error,
                        enum core_status reason, const char *data)
{
    if (core_state_is_final(session->state)) return;
    change_state(session, state);
    if (send_error < 0) emit(session, CORE_EVENT_SEND_ERROR, send_error, 0, "");
    terminate(session, reason, 0, data);
}

static enum core_status send_message(struct core_session *session, struct core_message *msg)
{
    if (!session->env->send) return CORE_E_NOT_LOGGED_ON;
    msg->peer = session->user;
    msg->session_id = session->id;
    msg->cookie = session->cookie;
    if (!msg->data) msg->data = "";
    return session->env->send(session->env->ctx, session, msg);
}

static struct core_session *session_alloc(const struct core_env *env, void *owner)
{
    struct core_session *session = calloc(1, sizeof(*session));
    const char *address = env->default_address ? env->default_address(env->ctx) : NULL;

    if (!session) return NULL;
    session->env = env;
    session->owner = owner;
    if (!(session->local_address = copy_string(address)))
    {
        free(session);
        return NULL;
    }
    return session;
}

struct core_session *core_session_new(const struct core_env *env, void *owner)
{
    struct core_session *session = session_alloc(env, owner);
    unsigned char bytes[16];

    if (!session) return NULL;
    env->random_bytes(env->ctx, bytes, sizeof(bytes));
    /* A version 4 GUID, like CoCreateGuid's. */
    bytes[7] = (bytes[7] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    core_guid_format(bytes, session->id);
    session->state = CORE_STATE_READY;
    session->flags = CORE_FLAG_INVITER;
    return session;
}

struct core_session *core_session_new_invitee(const struct core_env *env, void *owner,
                                              const struct core_message *invite)
{
    struct core_session *session;
    char id[CORE_GUID_CHARS + 1], app[CORE_GUID_CHARS + 1];

    /* Everything the session will hand out must be well-formed: the local
     * channel refuses invalid UTF-8 (ipc.c), so it is refused here once. */
    if (invite->type != CORE_MESSAGE_INVITE || !invite->cookie ||
        core_guid_normalize(invite->session_id, id) < 0 || core_guid_normalize(invite->app_guid, app) < 0 ||
        core_signin_validate(invite->peer) < 0 || core_appdata_validate(invite->data) < 0 ||
        !core_utf8_valid(invite->data ? invite->data : "") ||
        !core_utf8_valid(invite->app_name ? invite->app_name : "") ||
        !core_utf8_valid(invite->app_url ? invite->app_url : ""))
        return NULL;
    if (!(session = session_alloc(env, owner))) return NULL;
    memcpy(session->id, id, sizeof(id));
    memcpy(session->application, app, sizeof(app));
    session->state = CORE_STATE_INVITATION;
    session->flags = CORE_FLAG_INVITEE;
    session->cookie = invite->cookie; /* echoed in every answer */
    /* The invitation's data is the first context data (Q9). */
    if (set_string(&session->user, invite->peer) < 0 ||
        set_string(&session->context_data, invite->data) < 0 ||
        set_string(&session->invite_app_name, invite->app_name) < 0 ||
        set_string(&session->invite_app_url, invite->app_url) < 0 ||
        (invite->address && core_address_validate(invite->address) >= 0 &&
         set_string(&session->remote_address, invite->address) < 0))
    {
        core_session_free(session);
        return NULL;
    }
    return session;
}

void core_session_free(struct core_session *session)
{
    if (!session) return;
    free(session->local_address);
    free(session->remote_address);
    free(session->context_data);
    free(session->user);
    free(session->invite_app_name);
    free(session->invite_app_url);
    free(session);
}

void *core_session_owner(const struct core_session *session)
{
    return session->owner;
}

enum core_state core_session_state(const struct core_session *session)
{
    return session->state;
}

unsigned int core_session_flags(const struct core_session *session)
{
    return session->flags;
}

uint32_t core_session_cookie(const struct core_session *session)
{
    return session->cookie;
}

const char *core_session_id(const struct core_session *session)
{
    return session->id;
}

const char *core_session_local_address(const struct core_session *session)
{
    return session->local_address;
}

enum core_status core_session_application(const struct core_session *session, const char **guid)
{
    *guid = session->application;
    return session->application[0] ? CORE_OK : CORE_E_APP_NOT_SPECIFIED;
}

enum core_status core_session_app_info(const struct core_session *session, struct core_app_info *info)
{
    memset(info, 0, sizeof(*info));
    if (!session->application[0]) return CORE_E_APP_NOT_SPECIFIED;
    if (session->env->lookup_app &&
        session->env->lookup_app(session->env->ctx, session->application, info) == CORE_OK)
        return CORE_OK;
    core_app_info_clear(info);
    /* Not registered here: what the inviter said about it. */
    info->name = copy_string(session->invite_app_name);
    info->url = copy_string(session->invite_app_url);
    info->path = copy_string("");
    if (info->name && info->url && info->path) return CORE_OK;
    core_app_info_clear(info);
    return CORE_E_OUTOFMEMORY;
}

enum core_status core_session_remote_address(const struct core_session *session, const char **addr)
{
    *addr = session->remote_address ? session->remote_address : "";
    return session->remote_address ? CORE_OK : CORE_S_FALSE;
}

enum core_status core_session_context_data(const struct core_session *session, const char **data)
{
    *data = session->context_data ? session->context_data : "";
    return session->context_data ? CORE_OK : CORE_S_FALSE;
}

enum core_status core_session_user(const struct core_session *session, const char **signin)
{
    *signin = session->user ? session->user : "";
    return session->user ? CORE_OK : CORE_E_NO_USER_INVITED;
}

enum core_status core_session_put_application(struct core_session *session, const char *guid)
{
    char normalized[CORE_GUID_CHARS + 1];
    struct core_app_info info = {0};
    enum core_status status;

    if (session->state != CORE_STATE_READY) return CORE_E_SESSION_NOT_READY;
    if ((status = core_guid_normalize(guid, normalized)) < 0) return status;
    /* Q7: only a registered application may be set. */
    if (session->env->lookup_app)
    {
        status = session->env->lookup_app(session->env->ctx, normalized, &info);
        core_app_info_clear(&info);
        if (status < 0) return status;
    }
    memcpy(session->application, normalized, sizeof(normalized));
    return CORE_OK;
}

enum core_status core_session_put_local_address(struct core_session *session, const char *addr)
{
    enum core_status status;

    if ((status = core_address_validate(addr)) < 0) return status;
    return set_string(&session->local_address, addr);
}

/* A new Invitation-Cookie in 1..WIRE_COOKIE_SEND_MAX, which every numeric
 * parser accepts (wire spec 4.4). */
static uint32_t draw_cookie(const struct core_env *env)
{
    unsigned char bytes[4];
    uint32_t value;

    env->random_bytes(env->ctx, bytes, sizeof(bytes));
    value = (uint32_t)bytes[0] << 24 | (uint32_t)bytes[1] << 16 | (uint32_t)bytes[2] << 8 | bytes[3];
    return value % WIRE_COOKIE_SEND_MAX + 1;
}

enum core_status core_session_invite(struct core_session *session, const char *signin, const char *data)
{
    const char *self = session->env->local_signin ? session->env->local_signin(session->env->ctx) : NULL;
    struct core_message msg = {0};
    struct core_app_info info = {0};
    enum core_status status;

    /* The order of docs/behaviour.md: state, application, arguments, sign-in, self. */
    if (session->state != CORE_STATE_READY) return CORE_E_SESSION_NOT_READY;
    if (!session->application[0]) return CORE_E_APP_NOT_SPECIFIED;
    if (!signin || core_invite_signin_check(signin, strlen(signin)) < 0) return CORE_E_BAD_SIGNIN;
    if ((status = core_appdata_validate(data)) < 0) return status;
    if (!self || !session->env->send) return CORE_E_NOT_LOGGED_ON;
    /* A Unicode name is an argument, but no transport can carry it. */
    if ((status = core_signin_validate(signin)) < 0) return status;
    if (core_signin_equal(self, signin)) return CORE_E_INVITED_SELF;

    if ((status = set_string(&session->user, signin)) < 0) return status;
    if ((status = core_session_app_info(session, &info)) < 0) goto failed;
    session->cookie = draw_cookie(session->env);
    msg.type = CORE_MESSAGE_INVITE;
    msg.app_guid = session->application;
    msg.app_name = info.name;
    msg.app_url = info.url;
    msg.address = session->local_address;
    msg.data = data;
    status = send_message(session, &msg);
    core_app_info_clear(&info);
    if (status < 0) goto failed;
    change_state(session, CORE_STATE_INVITATION);
    return CORE_OK;

failed:
    free(session->user);
    session->user = NULL;
    return status;
}

/* Whether the invitee may answer now with data.  Spec 3.5: a session that
 * is over answers "state invalid" on either side; before that, only the
 * invitee may answer. */
static enum core_status check_answer(const struct core_session *session, const char *data)
{
    if (core_state_is_final(session->state)) return CORE_E_STATE_INVALID;
    if (!(session->flags & CORE_FLAG_INVITEE)) return CORE_E_NOT_INVITEE;
    if (session->state != CORE_STATE_INVITATION) return CORE_E_STATE_INVALID;
    return core_appdata_validate(data);
}

enum core_status core_session_accept(struct core_session *session, const char *data)
{
    struct core_app_info info = {0};
    struct core_message msg = {0};
    enum core_status status;

    if ((status = check_answer(session, data)) < 0) return status;

    if (!session->env->lookup_app ||
        session->env->lookup_app(session->env->ctx, session->application, &info) < 0)
    {
        /* E3 and Q19: Accept succeeds, then declines because the
         * application is not installed here. */
        struct core_event event = {0};

        core_app_info_clear(&info);
        msg.type = CORE_MESSAGE_DECLINE;
        msg.cancel_code = CORE_CANCEL_REJECT_NOT_INSTALLED;
        status = send_message(session, &msg) < 0 ? CORE_E_DECLINE_SEND_FAILURE : CORE_OK;
        event.type = CORE_EVENT_APP_NOT_PRESENT;
        event.data = "";
        event.app_name = session->invite_app_name ? session->invite_app_name : "";
        event.app_url = session->invite_app_url ? session->invite_app_url : "";
        session->env->emit(session->env->ctx, session, &event);
        end_session(session, CORE_STATE_DECLINED, status, CORE_E_DECLINED, "");
        return CORE_OK;
    }
    core_app_info_clear(&info);

    msg.type = CORE_MESSAGE_ACCEPT;
    msg.address = session->local_address;
    msg.data = data;
    if ((status = send_message(session, &msg)) < 0) return CORE_E_ACCEPT_SEND_FAILURE;
    /* E2 then E5: the invitee already knows the inviter's address, so the
     * address exchange is complete once the acceptance is on its way. */
    change_state(session, CORE_STATE_ACCEPTED);
    emit(session, CORE_EVENT_READY_TO_LAUNCH, CORE_OK, 0, "");
    change_state(session, CORE_STATE_CONNECTED);
    return CORE_OK;
}

enum core_status core_session_decline(struct core_session *session, const char *data)
{
    struct core_message msg = {0};
    enum core_status status;

    if ((status = check_answer(session, data)) < 0) return status;

    msg.type = CORE_MESSAGE_DECLINE;
    msg.cancel_code = CORE_CANCEL_REJECT;
    msg.data = data;
    status = send_message(session, &msg) < 0 ? CORE_E_DECLINE_SEND_FAILURE : CORE_OK;
    end_session(session, CORE_STATE_DECLINED, status, CORE_E_DECLINED, data);
    return CORE_OK;
}

/* The Cancel-Code of a local Cancel (wire spec 9.1): before acceptance the
 * inviter withdraws (TIMEOUT is what the official inviter sends) and the
 * invitee refuses (REJECT); afterwards either side closes (OUTBANDCANCEL). */
static enum core_cancel_code local_cancel_code(const struct core_session *session)
{
    if (session->state != CORE_STATE_INVITATION) return CORE_CANCEL_OUTBANDCANCEL;
    return session->flags & CORE_FLAG_INVITER ? CORE_CANCEL_TIMEOUT : CORE_CANCEL_REJECT;
}

enum core_status core_session_cancel(struct core_session *session, int32_t hr, const char *data)
{
    struct core_message msg = {0};
    enum core_status status;

    if (core_state_is_final(session->state)) return CORE_E_FAIL;
    if ((status = core_appdata_validate(data)) < 0) return status;

    /* Nothing was sent from SS_READY, so there is nobody to tell (I8). */
    if (session->state != CORE_STATE_READY)
    {
        msg.type = CORE_MESSAGE_CANCEL;
        msg.cancel_code = local_cancel_code(session);
        msg.reason = CORE_E_PEER_HRESULT;
        msg.hr = hr;
        msg.data = data;
        if (send_message(session, &msg) < 0) status = CORE_E_CANCEL_SEND_FAILURE;
    }
    end_session(session, CORE_STATE_CANCELLED, status, CORE_E_CANCELLED_LOCAL, data);
    return CORE_OK;
}

enum core_status core_session_send_context_data(struct core_session *session, const char *data)
{
    struct core_message msg = {0};
    enum core_status status;

    if (session->state != CORE_STATE_ACCEPTED && session->state != CORE_STATE_CONNECTED)
        return CORE_E_STATE_INVALID;
    /* Q10: at most CORE_CONTEXT_DATA_MAX_SENDS sends of at most
     * CORE_CONTEXT_DATA_MAX_CHARS characters each. */
    if ((status = core_context_data_validate(data)) < 0) return status;
    if (session->context_sends >= CORE_CONTEXT_DATA_MAX_SENDS) return CORE_E_CONTEXT_DATA_OVER_LIMIT;

    msg.type = CORE_MESSAGE_CONTEXT_DATA;
    msg.data = data;
    if (send_message(session, &msg) < 0) return CORE_E_CONTEXT_DATA_SEND_FAILURE;
    session->context_sends++;
    return CORE_OK;
}

/* The reason the receiver of a CANCEL reports (Q20). */
static enum core_status cancel_reason(const struct core_session *session, const struct core_message *msg,
                                      int32_t *peer_hr)
{
    *peer_hr = 0;
    if (msg->reason != CORE_E_PEER_HRESULT && msg->reason < 0) return msg->reason;
    if (msg->hr < 0)
    {
        *peer_hr = msg->hr;
        return CORE_E_PEER_HRESULT;
    }
    return session->state == CORE_STATE_CONNECTED ? CORE_E_CANCELLED_REMOTE : CORE_E_CANCEL_BEFORE_CONNECT;
}

enum core_status core_session_on_message(struct core_session *session, const struct core_message *msg)
{
    const char *data = msg->data ? msg->data : "";
    int inviter = session->flags & CORE_FLAG_INVITER;
    int accepted = session->state == CORE_STATE_ACCEPTED || session->state == CORE_STATE_CONNECTED;
    struct core_message reply = {0};
    enum core_status reason;
    int32_t peer_hr;

    /* A late message crossing our own end (a cancel against a decline) is
     * not an error: the session is over. */
    if (core_state_is_final(session->state)) return CORE_S_FALSE;
    /* Malformed data ends the session (I12).  A well-formed message that
     * does not fit the state (a second ACCEPT, early context data, a
     * repeated INVITE) is dropped instead, as every observed client does
     * (wire spec 9.3 item 5).  Context data has its own limit, below. */
    if (!core_utf8_valid(data) || (msg->type != CORE_MESSAGE_CONTEXT_DATA && core_appdata_validate(data) < 0))
        goto protocol_error;

    switch (msg->type)
    {
    case CORE_MESSAGE_ACCEPT:
        if (!inviter)
        {
            /* The inviter's ACCEPT #2 (wire spec 2.1 step 3): only its
             * address is news; the invitee is connected already. */
            if (!accepted || !msg->address || core_address_validate(msg->address) < 0) return CORE_S_FALSE;
            return set_string(&session->remote_address, msg->address);
        }
        if (session->state != CORE_STATE_INVITATION) return CORE_S_FALSE;
        if (!msg->address || core_address_validate(msg->address) < 0) goto protocol_error;
        if (set_string(&session->remote_address, msg->address) < 0 ||
            set_string(&session->context_data, data) < 0)
        {
            end_session(session, CORE_STATE_TERMINATED, CORE_OK, CORE_E_OUTOFMEMORY, "");
            return CORE_E_OUTOFMEMORY;
        }
        /* Our ACCEPT #2 with our address, best effort: a msgsc invitee has
         * it from the INVITE already, but the original exchange has three
         * messages and other clients learn the address only from the third. */
        reply.type = CORE_MESSAGE_ACCEPT;
        reply.final_accept = 1;
        reply.address = session->local_address;
        send_message(session, &reply);
        /* I5 then I6: the acceptance carries the invitee's address. */
        change_state(session, CORE_STATE_ACCEPTED);
        emit(session, CORE_EVENT_ACCEPTED, CORE_OK, 0, data);
        emit(session, CORE_EVENT_READY_TO_LAUNCH, CORE_OK, 0, "");
        change_state(session, CORE_STATE_CONNECTED);
        return CORE_OK;

    case CORE_MESSAGE_DECLINE:
        if (inviter && session->state == CORE_STATE_INVITATION)
        {
            change_state(session, CORE_STATE_DECLINED);
            emit(session, CORE_EVENT_DECLINED, CORE_OK, 0, data);
            terminate(session, CORE_E_DECLINED, 0, data);
            return CORE_OK;
        }
        /* On the wire a decline is a CANCEL, and every client ends the
         * invitation on any CANCEL (wire spec 2.5): anywhere else it is one. */
        /* fall through */
    case CORE_MESSAGE_CANCEL:
        reason = cancel_reason(session, msg, &peer_hr);
        change_state(session, CORE_STATE_CANCELLED);
        emit(session, CORE_EVENT_CANCELLED, CORE_OK, 0, data);
        terminate(session, reason, peer_hr, data);
        return CORE_OK;

    case CORE_MESSAGE_CONTEXT_DATA:
        if (!accepted) return CORE_S_FALSE;
        if (core_context_data_validate(data) < 0) goto protocol_error;
        if (set_string(&session->context_data, data) < 0) return CORE_E_OUTOFMEMORY;
        emit(session, CORE_EVENT_CONTEXT_DATA, CORE_OK, 0, data);
        return CORE_OK;

    case CORE_MESSAGE_INVITE: return CORE_S_FALSE;
    }
    return CORE_E_INVALIDARG;

protocol_error:
    end_session(session, CORE_STATE_TERMINATED, CORE_OK, CORE_E_PROTOCOL_ERROR, "");
    return CORE_E_PROTOCOL_ERROR;
}

void core_session_on_send_failed(struct core_session *session, enum core_message_type type)
{
    switch (type)
    {
    case CORE_MESSAGE_INVITE:
        if (session->state != CORE_STATE_INVITATION || !(session->flags & CORE_FLAG_INVITER)) return;
        /* I4, in the order of rule 1 of 3.4 like every other ending:
         * OnStateChanged, OnSendError, OnTermination. */
        end_session(session, CORE_STATE_TERMINATED, CORE_E_INVITATION_SEND_FAILURE,
                    CORE_E_INVITATION_SEND_FAILURE, "");
        return;
    case CORE_MESSAGE_ACCEPT:
        /* The inviter's ACCEPT #2 is best effort: the invitee has its
         * address from the INVITE already. */
        if (!(session->flags & CORE_FLAG_INVITEE)) return;
        /* The inviter never learns of the acceptance: the session cannot go on. */
        end_session(session, CORE_STATE_TERMINATED, CORE_E_ACCEPT_SEND_FAILURE, CORE_E_ACCEPT_SEND_FAILURE,
                    "");
        return;
    case CORE_MESSAGE_DECLINE:
        emit(session, CORE_EVENT_SEND_ERROR, CORE_E_DECLINE_SEND_FAILURE, 0, "");
        return;
    case CORE_MESSAGE_CANCEL: emit(session, CORE_EVENT_SEND_ERROR, CORE_E_CANCEL_SEND_FAILURE, 0, ""); return;
    case CORE_MESSAGE_CONTEXT_DATA:
        emit(session, CORE_EVENT_SEND_ERROR, CORE_E_CONTEXT_DATA_SEND_FAILURE, 0, "");
        return;
    }
}

void core_session_on_timeout(struct core_session *session)
{
    struct core_message msg = {0};

    switch (session->state)
    {
    case CORE_STATE_INVITATION:
        /* I10 / E9: tell the other side, best effort. */
        msg.type = CORE_MESSAGE_CANCEL;
        msg.cancel_code = CORE_CANCEL_TIMEOUT;
        msg.reason = CORE_E_TIMEOUT;
        send_message(session, &msg);
        end_session(session, CORE_STATE_CANCELLED, CORE_OK, CORE_E_TIMEOUT, "");
        return;
    case CORE_STATE_ACCEPTED:
        end_session(session, CORE_STATE_TERMINATED, CORE_OK, CORE_E_TIMEOUT, "");
        return;
    default: return;
    }
}

enum core_status core_session_launch_failed(struct core_session *session)
{
    struct core_message msg = {0};

    if (session->state != CORE_STATE_ACCEPTED && session->state != CORE_STATE_CONNECTED) return CORE_E_FAIL;
    /* E6, and I9 on the other side: a CANCEL with Cancel-Code FAIL, and
     * for a msgsc peer the exact code (others read FAIL as a failure). */
    msg.type = CORE_MESSAGE_CANCEL;
    msg.cancel_code = CORE_CANCEL_FAIL;
    msg.reason = CORE_E_PEER_HRESULT;
    msg.hr = CORE_HR_LAUNCH_FAILED;
    send_message(session, &msg);
    end_session(session, CORE_STATE_TERMINATED, CORE_OK, CORE_E_LAUNCH_FAILED, "");
    return CORE_OK;
}

void core_session_on_connection_lost(struct core_session *session, enum core_status reason)
{
    end_session(session, CORE_STATE_TERMINATED, CORE_OK, reason < 0 ? reason : CORE_E_CONNECTION_FAILURE, "");
}
