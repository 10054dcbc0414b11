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

#ifndef MSGSC_BROKER_AGENT_H
#define MSGSC_BROKER_AGENT_H

#include "core/service.h"

/* The broker is the user's agent (docs/agent.md).  An invitation that no
 * running application handles is the agent's: it asks the person (the
 * prompt, ui.h) or answers by the application's policy; after an
 * acceptance of its own it asks every process holding the session
 * (BeforeAppLaunch) and, unless one vetoes, launches the registered
 * application, whose GetLaunchingSession then finds the session.
 *
 * Every agent_* function runs with the broker's lock held.  They never
 * call the service from inside one of its events: what they decide there
 * runs in agent_settle, which the broker calls after every service entry. */

/* The broker's side, for the agent (broker.c). */
struct service *broker_service(void);
/* Queues BeforeAppLaunch (ready is the OnReadyToLaunch it follows) to
 * every process that holds handle; how many. */
unsigned int broker_ask_launch(uint64_t handle, const struct core_event *ready);
/* A reference of the agent's own, and its release (deferred: it may end
 * the session). */
int broker_hold(uint64_t handle);
void broker_unhold(uint64_t handle);
/* Takes the broker's lock, and gives it back after settling (records
 * written, deferred work done): for the agent's own threads. */
void broker_enter(void);
void broker_leave(void);
/* Has the main thread look at agent_deadline again. */
void broker_wake(void);
/* The person's menu: sign out (end the sessions, forget the sign-in name,
 * exit) or exit (the sign-in name stays).  Any thread, no lock. */
void broker_sign_out(void);
void broker_exit(void);

/* resident: the signed-in agent, with its windows (ui.h). */
void agent_start(int resident, const char *signin);
/* With the broker's lock not held: it waits for the UI thread. */
void agent_stop(void);

/* The broker announced an invitation to asked processes. */
void agent_invitation(uint64_t handle, unsigned int asked);
/* A process's answer: SERVICE_OP_INVITATION_ANSWER or SERVICE_OP_LAUNCH_ANSWER. */
void agent_answer(uint64_t handle, enum service_op op, int32_t number);
/* Every session event, as the broker fans it out. */
void agent_session_event(uint64_t handle, const struct core_event *event);
/* SERVICE_OP_HAND_OVER: the agent launches the application of this
 * inviter session when it is accepted. */
enum core_status agent_hand_over(uint64_t handle);
/* The earliest time (GetTickCount64) at which answers stop being awaited,
 * 0 when none is; the broker's main thread waits for it and then calls
 * agent_expire.  No timer thread: an idle agent never wakes. */
uint64_t agent_deadline(void);
void agent_expire(void);
/* Runs what was decided; nonzero when it did something (the broker then
 * settles again). */
int agent_settle(void);

#endif
