/*
 * The session service: the one narrow interface between the COM shell and the sessions.
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

#ifndef MSGSC_CORE_SERVICE_H
#define MSGSC_CORE_SERVICE_H

#include <stdint.h>

#include "session.h"

/* The COM objects never touch a core_session.  They send requests by value
 * to service_call() and receive events through a service_listener.  In
 * process the service runs the core directly; the per-user broker runs the
 * same service and carries requests, replies and events over a local
 * channel (core/ipc.h), which is why everything here is plain data. */

enum service_op
{
    SERVICE_OP_CREATE_SESSION,    /* -> reply.session (one reference) */
    SERVICE_OP_ADDREF_SESSION,    /* session */
    SERVICE_OP_RELEASE_SESSION,   /* session: frees it with its last reference, cancelling it if live */
    SERVICE_OP_SNAPSHOT,          /* session -> reply.snapshot */
    SERVICE_OP_PUT_APPLICATION,   /* session, text = GUID */
    SERVICE_OP_PUT_LOCAL_ADDRESS, /* session, text = address */
    SERVICE_OP_INVITE,            /* session, text = sign-in name, data */
    SERVICE_OP_ACCEPT,            /* session, data */
    SERVICE_OP_DECLINE,           /* session, data */
    SERVICE_OP_CANCEL,            /* session, number = hr, data */
    SERVICE_OP_SEND_CONTEXT_DATA, /* session, data */
    SERVICE_OP_LAUNCHING_SESSION, /* number = process id -> reply.session (one reference) */
    SERVICE_OP_APP_CHANGED,       /* text = GUID, number = 1 registered / 0 unregistered */
    /* A process's answer to an invitation the agent announced: number = 1
     * when one of its managers set OnInvitation's pfHandled. */
    SERVICE_OP_INVITATION_ANSWER, /* session, number */
    /* A process's answer to BeforeAppLaunch: number = 0 when one of its
     * sinks cleared pfEnableDefault (a veto). */
    SERVICE_OP_LAUNCH_ANSWER, /* session, number */
    /* The agent takes the session over (one reference of its own) and
     * launches the application when it is accepted: "invite someone"
     * from a command line, whose process then exits. */
    SERVICE_OP_HAND_OVER, /* session */
    /* To the agent: number = 1 stay resident (signed in), 0 sign out. */
    SERVICE_OP_AGENT, /* number */
    SERVICE_OP_COUNT
};

/* Whether a request gets a reply.  References and answers move without
 * one, so that any thread of a process (its broker reader thread too) can
 * send them without waiting for itself (docs/broker.md section 5). */
int service_op_has_reply(enum service_op op);

struct service_request
{
    enum service_op op;
    uint64_t session;
    int32_t number;
    const char *text; /* NULL is "" */
    const char *data; /* NULL is "" */
};

/* Every property of a session at one moment, as one list: the struct, its
 * release, the local channel's encoding (ipc.c) and the getters' lookup
 * below all come from it, so adding a property is a line here and one in
 * take_snapshot (service.c), which fills it.  The order is the order on
 * the pipe.  Kinds: STATE (enum core_state), FLAGS (unsigned int), STATUS
 * (enum core_status) and STRING (malloc'd, never NULL once filled).  A
 * STRING's getter returns the nearest STATUS above it, or CORE_OK when
 * there is none (CORE_OK, CORE_S_FALSE or a failure). */
#define SERVICE_SNAPSHOT_FIELDS(XX)                                                                          \
    XX(STATE, state)                                                                                         \
    XX(FLAGS, flags)                                                                                         \
    XX(STRING, session_id)                                                                                   \
    XX(STRING, local_address)                                                                                \
    XX(STATUS, application_status)                                                                           \
    XX(STRING, application)                                                                                  \
    XX(STRING, app_name)                                                                                     \
    XX(STRING, app_url)                                                                                      \
    XX(STATUS, remote_address_status)                                                                        \
    XX(STRING, remote_address)                                                                               \
    XX(STATUS, context_data_status)                                                                          \
    XX(STRING, context_data)                                                                                 \
    XX(STATUS, user_status)                                                                                  \
    XX(STRING, user)

#define SERVICE_SNAPSHOT_TYPE_STATE  enum core_state
#define SERVICE_SNAPSHOT_TYPE_FLAGS  unsigned int
#define SERVICE_SNAPSHOT_TYPE_STATUS enum core_status
#define SERVICE_SNAPSHOT_TYPE_STRING char *

struct service_snapshot
{
#define XX(kind, name) SERVICE_SNAPSHOT_TYPE_##kind name;
    SERVICE_SNAPSHOT_FIELDS(XX)
#undef XX
};

/* The snapshot's strings by number, for getters that pick one:
 * SERVICE_STRING_session_id, SERVICE_STRING_application, ... */
#define SERVICE_SNAPSHOT_ENUM_STATE(name)
#define SERVICE_SNAPSHOT_ENUM_FLAGS(name)
#define SERVICE_SNAPSHOT_ENUM_STATUS(name)
#define SERVICE_SNAPSHOT_ENUM_STRING(name) SERVICE_STRING_##name,
enum service_snapshot_string
{
#define XX(kind, name) SERVICE_SNAPSHOT_ENUM_##kind(name)
    SERVICE_SNAPSHOT_FIELDS(XX)
#undef XX
        SERVICE_STRING_COUNT
};

/* Sets *value to the string (never NULL: "" for an unfilled snapshot) and
 * returns the status its getter returns; CORE_E_INVALIDARG and "" for a
 * number that is no string. */
enum core_status service_snapshot_string(const struct service_snapshot *snapshot,
                                         enum service_snapshot_string which, const char **value);

struct service_reply
{
    enum core_status status;
    uint64_t session;
    struct service_snapshot snapshot; /* SERVICE_OP_SNAPSHOT only */
};

void service_reply_clear(struct service_reply *reply);

/* Where events go.  Called synchronously from inside service_call (or from
 * the transport); the listener must copy what it keeps and must not call
 * service_call from inside. */
struct service_listener
{
    void *ctx;
    void (*session_event)(void *ctx, uint64_t session, const struct core_event *event);
    /* A new invitee session (the listener holds one reference to it). */
    void (*invitation)(void *ctx, uint64_t session, const char *data);
    void (*app_changed)(void *ctx, const char *guid, int registered);
};

struct service;

/* env supplies ctx, random_bytes, lookup_app, local_signin, default_address
 * and send; its emit is ignored (the service routes events to the
 * listener).  Both structures must outlive the service. */
struct service *service_new(const struct core_env *env, const struct service_listener *listener);
void service_free(struct service *service);

/* Executes one request.  reply->status is also the return value; the caller
 * clears the reply with service_reply_clear. */
enum core_status service_call(struct service *service, const struct service_request *request,
                              struct service_reply *reply);

/* A message from the transport: an INVITE makes a new invitee session and
 * announces it through listener->invitation; any other message goes to the
 * session with the same SessionID and peer (CORE_E_NOT_FOUND if none). */
enum core_status service_receive(struct service *service, const struct core_message *msg);

/* Timeouts (spec Q13), in milliseconds: how long an invitation waits for
 * an answer, and how long an accepted session waits to connect.  0 turns
 * one off.  They need env->now_ms. */
void service_set_timeouts(struct service *service, uint32_t invitation_ms, uint32_t accepted_ms);

/* Ends every session whose timeout has passed (I10, E9) and returns the
 * next deadline, or UINT64_MAX when no session is waiting. */
uint64_t service_expire(struct service *service, uint64_t now_ms);

/* The transport could not deliver msg (which it was given by env->send):
 * the session it came from learns it (I4, I14). */
void service_send_failed(struct service *service, const struct core_message *msg);

/* The connection to peer is gone: each of its sessions that is not over
 * ends with reason (I11, E10).  Returns how many sessions ended. */
unsigned int service_connection_lost(struct service *service, const char *peer, enum core_status reason);

/* The session msg belongs to (its peer and Session-ID, or cookie) ends
 * with reason, as if its connection were lost: the one place it spoke
 * with has gone (an XMPP resource).  CORE_E_NOT_FOUND without one, or when
 * it was not live. */
enum core_status service_session_lost(struct service *service, const struct core_message *msg,
                                      enum core_status reason);

/* Whether the session msg belongs to is live (as in service_peer_sessions). */
int service_is_live(const struct service *service, const struct core_message *msg);

/* For the transport's limits on one peer (docs/network.md): how many
 * sessions with peer are live (invited, accepted or connected: neither
 * ready nor over, the ones service_connection_lost would end), and in *pending (may be NULL) how many of
 * those are invitations from peer that wait for our user's answer (invitee sessions in SS_INVITATION).  One
 * pass over the sessions. */
unsigned int service_peer_sessions(const struct service *service, const char *peer, unsigned int *pending);

/* Whether service_receive would make a new invitee session of msg: an
 * INVITE that does not go to a session of the same peer by its SessionID
 * (or, without one, its cookie), where it would be dropped as a repeat. */
int service_is_new_invitation(const struct service *service, const struct core_message *msg);

/* The agent launched process_id for the session (spec 4.3): that
 * process's SERVICE_OP_LAUNCHING_SESSION finds it, while it lives. */
enum core_status service_set_launched(struct service *service, uint64_t handle, uint32_t process_id);

/* The application of an accepted session could not be started (E6): the
 * session ends with CORE_E_LAUNCH_FAILED on both sides. */
enum core_status service_launch_failed(struct service *service, uint64_t handle);

/* Live sessions, for leak checks. */
unsigned int service_session_count(const struct service *service);

#endif
