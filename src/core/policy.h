/*
 * What the agent does with an invitation no running application took.
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

#ifndef MSGSC_CORE_POLICY_H
#define MSGSC_CORE_POLICY_H

/* An invitation that no running application handled is the agent's
 * (docs/agent.md): it asks the person, or answers by the application's
 * policy.  The settings are text lists (core/contacts.h): policies is
 * "{GUID}=ask|accept|decline;...", auto_accept a list of sign-in names. */
enum agent_policy
{
    AGENT_POLICY_ASK, /* the default: a prompt */
    AGENT_POLICY_ACCEPT,
    AGENT_POLICY_DECLINE
};

/* The policy set for guid (compared without case); ask when none is set
 * or the value is not one of the three words (any case). */
enum agent_policy agent_policy_of(const char *policies, const char *guid);

/* What to do with an invitation from inviter to guid: the application's
 * policy, except that an invitation the person would be asked about is
 * accepted when the inviter is in auto_accept.  Decline always wins. */
enum agent_policy agent_policy_decide(const char *policies, const char *auto_accept, const char *guid,
                                      const char *inviter);

#endif
