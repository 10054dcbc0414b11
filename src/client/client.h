/*
 * How a process reaches the session service: in process, or through the user's broker.
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

#ifndef MSGSC_CLIENT_CLIENT_H
#define MSGSC_CLIENT_CLIENT_H

#include "core/service.h"

/* What the service tells this process, given by the layer above before
 * its first call.  The callbacks run inside client_call (in process) or on
 * the broker connection's reader thread; they must not call client_call
 * for a request that waits for a reply. */
struct client_listener
{
    void (*session_event)(uint64_t session, const struct core_event *event);
    /* A new invitee session; the process holds one reference to it. */
    void (*invitation)(uint64_t session, const char *data);
    void (*app_changed)(const char *guid, int registered);
    /* The broker is gone: every session that had not ended ends now. */
    void (*lost)(void);
    /* The broker took this process (again): the process is online. */
    void (*online)(void);
    /* Whether anything here waits for invitations, so that a lost broker
     * is restarted at once rather than at the next call. */
    int (*wants_invitations)(void);
};

void client_set_listener(const struct client_listener *listener);

/* Sends one request to the service: in process when the user is not
 * signed in (no sign-in name), else to the user's broker, started on
 * demand.  Thread-safe. */
enum core_status client_call(const struct service_request *request, struct service_reply *reply);

/* Sends this process's answer to a question of the agent (an op without
 * a reply: SERVICE_OP_INVITATION_ANSWER or SERVICE_OP_LAUNCH_ANSWER).
 * Nothing in process, where no agent asks.  Any thread. */
void client_answer(enum service_op op, uint64_t session, int32_t number);

/* Connects a signed-in process to its broker now, so that invitations
 * reach it before its first request; nothing when signed out.  Whether
 * the process is online: signed out (in process) or taken by the broker. */
int client_attach(void);

/* Whether the signed-in user's broker runs now (never starts it). */
int client_broker_running(void);

/* Frees the in-process service (DLL unload). */
void client_shutdown(void);

#endif
