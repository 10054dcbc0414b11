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
 * process the service runs the core directly; the per-user broker will run
 * the same service and carry requests, replies and events over a local
 * channel, which is why everything here is plain data. */

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
    SERVICE_OP_COUNT
};

struct service_request
{
    enum service_op op;
    uint64_t session;
    int32_t number;
    const char *text; /* NULL is "" */
    const char *data; /* NULL is "" */
};

/* Every property of a session at one moment, with the status its getter
 * returns (CORE_OK, CORE_S_FALSE or a failure).  Strings are malloc'd and
 * never NULL once filled. */
struct service_snapshot
{
    enum core_state state;
    unsigned int flags;
    char *session_id;
    char *local_address;
    enum core_status application_status;
    char *application;
    char *app_name;
    char *app_url;
    enum core_status remote_address_status;
    char *remote_address;
    enum core_status context_data_status;
    char *context_data;
    enum core_status user_status;
    char *user;
};

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

/* Live sessions, for leak checks. */
unsigned int service_session_count(const struct service *service);

#endif
