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

#ifndef MSGSC_CORE_SESSION_H
#define MSGSC_CORE_SESSION_H

#include <stddef.h>
#include <stdint.h>

#include "status.h"
#include "text.h"

/* Values equal SESSION_STATE of msgrpriv.idl (checked at compile time in
 * src/com/session.c). */
enum core_state
{
    CORE_STATE_UNKNOWN = 0,
    CORE_STATE_READY = 1,
    CORE_STATE_INVITATION = 2,
    CORE_STATE_ACCEPTED = 3,
    CORE_STATE_CONNECTED = 4,
    CORE_STATE_CANCELLED = 5,
    CORE_STATE_DECLINED = 6,
    CORE_STATE_TERMINATED = 7,
    CORE_STATE_FALLBACK_INVITER = 8,
    CORE_STATE_FALLBACK_INVITEE = 9
};

/* Nonzero for the states a session never leaves: SS_CANCELLED, SS_DECLINED
 * and SS_TERMINATED (spec 3.5, "Final states"). */
int core_state_is_final(enum core_state state);

/* Values equal SESSION_FLAGS. */
#define CORE_FLAG_INVITER 0x1u
#define CORE_FLAG_INVITEE 0x2u

/* Events of DMsgrSessionEvents, in the spec's order rules (3.4). */
enum core_event_type
{
    CORE_EVENT_STATE_CHANGED,   /* prev_state */
    CORE_EVENT_APP_NOT_PRESENT, /* app_name, app_url */
    CORE_EVENT_ACCEPTED,        /* data */
    CORE_EVENT_DECLINED,        /* data */
    CORE_EVENT_CANCELLED,       /* data */
    CORE_EVENT_TERMINATION,     /* reason (+ peer_hr), data */
    CORE_EVENT_READY_TO_LAUNCH,
    CORE_EVENT_BEFORE_APP_LAUNCH,
    CORE_EVENT_CONTEXT_DATA, /* data */
    CORE_EVENT_SEND_ERROR    /* reason */
};

struct core_event
{
    enum core_event_type type;
    enum core_state prev_state;
    /* The result the event carries: a CORE_E_* reason, or CORE_E_PEER_HRESULT
     * with the other side's own code in peer_hr. */
    enum core_status reason;
    int32_t peer_hr;
    const char *data; /* never NULL; "" when none */
    const char *app_name;
    const char *app_url;
    /* The session's state once the event has happened (filled in by the
     * service, so that a proxy that loses its broker knows where it was). */
    enum core_state state;
};

/* What the platform knows about one registered application. */
struct core_app_info
{
    char *name;
    char *url;
    char *path;
};
void core_app_info_clear(struct core_app_info *info);

struct core_session;

/* Messages the core asks its transport to send (issue: network transport).
 * The core never blocks on them; delivery failures come back through
 * core_session_on_send_failed. */
enum core_message_type
{
    CORE_MESSAGE_INVITE,
    CORE_MESSAGE_ACCEPT,
    CORE_MESSAGE_DECLINE,
    CORE_MESSAGE_CANCEL,
    CORE_MESSAGE_CONTEXT_DATA
};

struct core_message
{
    enum core_message_type type;
    const char *peer;       /* sign-in name of the other side */
    const char *session_id; /* braced GUID */
    const char *app_guid;   /* INVITE only */
    const char *app_name;   /* INVITE only */
    const char *app_url;    /* INVITE only */
    const char *address;    /* INVITE, ACCEPT: the sender's LocalAddress */
    const char *data;       /* never NULL */
    /* CANCEL: why.  CORE_E_PEER_HRESULT means hr is the code the user gave
     * Cancel; any other failure (CORE_E_TIMEOUT, CORE_E_LAUNCH_FAILED) is
     * the core's own reason. */
    enum core_status reason;
    int32_t hr;
    /* The Invitation-Cookie: the inviter draws it at Invite (1..2147483647)
     * and every message of the session carries it; the invitee keeps the
     * INVITE's and echoes it.  Received cookies are 1..4294967295. */
    uint32_t cookie;
    /* DECLINE, CANCEL: the Cancel-Code (wire spec 2.2).  The session picks
     * it by the table of spec 9.1; wire_parse reports the one received
     * (CORE_CANCEL_NONE when it was missing or unknown). */
    enum core_cancel_code
    {
        CORE_CANCEL_NONE,
        CORE_CANCEL_REJECT,               /* Decline; invitee's Cancel before acceptance */
        CORE_CANCEL_REJECT_NOT_INSTALLED, /* Accept without the application here */
        CORE_CANCEL_TIMEOUT,              /* inviter's Cancel before acceptance; timeouts */
        CORE_CANCEL_FTTIMEOUT,            /* received only */
        CORE_CANCEL_FAIL,                 /* launch failure */
        CORE_CANCEL_OUTBANDCANCEL         /* Cancel after acceptance */
    } cancel_code;
    /* ACCEPT: 1 for the inviter's closing ACCEPT #2 (wire spec 2.1 step 3),
     * 0 for the invitee's acceptance (ACCEPT #1). */
    int final_accept;
};

/* Everything the core needs from its host, as function pointers, so that
 * the same core runs in-process and inside the broker, and tests can inject
 * failures.  Only random_bytes and emit are required. */
struct core_env
{
    void *ctx;
    /* Random bytes: 16 for a SessionID, 4 for an Invitation-Cookie. */
    void (*random_bytes)(void *ctx, unsigned char *buf, size_t len);
    /* Looks up a registered application by normalized GUID; fills info
     * (malloc'd strings) and returns CORE_OK, or CORE_E_APP_NOT_REGISTERED. */
    enum core_status (*lookup_app)(void *ctx, const char *guid, struct core_app_info *info);
    /* The signed-in user's sign-in name, or NULL when not signed in. */
    const char *(*local_signin)(void *ctx);
    /* The machine's address announced by default, or NULL ("" is used). */
    const char *(*default_address)(void *ctx);
    /* Hands a message to the transport; NULL means there is no transport
     * (Invite then returns CORE_E_NOT_LOGGED_ON).  CORE_OK means queued. */
    enum core_status (*send)(void *ctx, struct core_session *session, const struct core_message *msg);
    /* Receives every event, synchronously, in order.  The host must not
     * call back into the session from here; it copies and posts. */
    void (*emit)(void *ctx, struct core_session *session, const struct core_event *event);
    /* A monotonic clock in milliseconds, for the service's timeouts; NULL
     * means sessions never time out (no transport, nobody to wait for). */
    uint64_t (*now_ms)(void *ctx);
};

/* A new inviter session: SS_READY, SF_INVITER, fresh SessionID, LocalAddress
 * from env->default_address.  NULL when out of memory.  owner is the host's
 * pointer, returned by core_session_owner. */
struct core_session *core_session_new(const struct core_env *env, void *owner);

/* A new invitee session for a received invitation: SS_INVITATION,
 * SF_INVITEE, the inviter's SessionID, application, user, address and data
 * (ContextData starts as the invitation's data, spec Q9).  No event fires:
 * the host announces it with OnInvitation. */
struct core_session *core_session_new_invitee(const struct core_env *env, void *owner,
                                              const struct core_message *invite);

void core_session_free(struct core_session *session);
void *core_session_owner(const struct core_session *session);

/* Getters: legal in every state.  Strings are owned by the session and stay
 * valid until the next call that changes the session. */
enum core_state core_session_state(const struct core_session *session);
unsigned int core_session_flags(const struct core_session *session);
const char *core_session_id(const struct core_session *session);
/* The Invitation-Cookie; 0 before Invite. */
uint32_t core_session_cookie(const struct core_session *session);
const char *core_session_local_address(const struct core_session *session);
/* CORE_E_APP_NOT_SPECIFIED when no application is set. */
enum core_status core_session_application(const struct core_session *session, const char **guid);
/* Name/URL: looked up by GUID, falling back to what the invitation carried.
 * CORE_E_APP_NOT_SPECIFIED when no application is set. */
enum core_status core_session_app_info(const struct core_session *session, struct core_app_info *info);
/* CORE_S_FALSE and "" while the peer's address is unknown. */
enum core_status core_session_remote_address(const struct core_session *session, const char **addr);
/* CORE_S_FALSE and "" while no context data exists (spec Q9). */
enum core_status core_session_context_data(const struct core_session *session, const char **data);
/* The other party's sign-in name; CORE_E_NO_USER_INVITED before Invite. */
enum core_status core_session_user(const struct core_session *session, const char **signin);

/* Methods: each validates its arguments and the state (spec 3.5), then
 * changes the state and emits the events of the transition. */
enum core_status core_session_put_application(struct core_session *session, const char *guid);
enum core_status core_session_put_local_address(struct core_session *session, const char *addr);
enum core_status core_session_invite(struct core_session *session, const char *signin, const char *data);
enum core_status core_session_accept(struct core_session *session, const char *data);
enum core_status core_session_decline(struct core_session *session, const char *data);
enum core_status core_session_cancel(struct core_session *session, int32_t hr, const char *data);
enum core_status core_session_send_context_data(struct core_session *session, const char *data);

/* Inputs from the transport and the clock (spec 3.2 I4-I14, 3.3 E5-E11).
 * A well-formed message that does not fit the current state is dropped
 * (CORE_S_FALSE, wire spec 9.3 item 5); malformed data (invalid UTF-8,
 * over-long data) terminates the session with CORE_E_PROTOCOL_ERROR (I12)
 * and returns that code. */
enum core_status core_session_on_message(struct core_session *session, const struct core_message *msg);
void core_session_on_send_failed(struct core_session *session, enum core_message_type type);
void core_session_on_timeout(struct core_session *session);
void core_session_on_connection_lost(struct core_session *session, enum core_status reason);
/* The host could not start the application of an accepted session (E6):
 * it ends with CORE_E_LAUNCH_FAILED, and the peer is told (I9).
 * CORE_E_FAIL unless the session is accepted or connected. */
enum core_status core_session_launch_failed(struct core_session *session);
/* SR_APPLICATION_LAUNCH_FAILED, the code that CANCEL carries to a msgsc
 * peer (the COM layer checks it equals msgrpriv.h's). */
#define CORE_HR_LAUNCH_FAILED ((int32_t)0x81000601)

#endif
