/*
 * Answers: one reply per process to a question every sink of it was asked.
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

#include "msgsc_private.h"

/* The agent asks each process one question about a session: did one of
 * your managers handle this invitation (OnInvitation's pfHandled), does
 * one of your sinks veto this launch (BeforeAppLaunch's pfEnableDefault)?
 * Each sink answers on its own apartment thread, so the process's answer
 * goes out when the last of them has answered: "yes" as soon as one says
 * so (handled; vetoed), "no" when none did. */
struct answer
{
    LONG pending;
    LONG any; /* one sink handled, or vetoed */
    enum service_op op;
    uint64_t session;
};

static void answer_send(struct answer *answer)
{
    BOOL any = answer->any != 0;

    TRACE("Session %#I64x: %s.\n", answer->session,
          answer->op == SERVICE_OP_LAUNCH_ANSWER ? (any ? "vetoed" : "launch")
                                                 : (any ? "handled" : "unhandled"));
    client_answer(answer->op, answer->session, answer->op == SERVICE_OP_LAUNCH_ANSWER ? !any : any);
    free(answer);
}

struct answer *answer_new(enum service_op op, uint64_t session, unsigned int sinks)
{
    struct answer *answer = calloc(1, sizeof(*answer));

    if (!answer)
    {
        /* The agent counts a process that never answers as "no". */
        ERR("Out of memory; session %#I64x gets no answer.\n", session);
        return NULL;
    }
    answer->op = op;
    answer->session = session;
    answer->pending = sinks;
    if (!sinks)
    {
        answer_send(answer);
        return NULL;
    }
    return answer;
}

void answer_give(struct answer *answer, BOOL yes)
{
    if (!answer) return;
    if (yes) InterlockedExchange(&answer->any, 1);
    if (!InterlockedDecrement(&answer->pending)) answer_send(answer);
}
