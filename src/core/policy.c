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

#include <string.h>

#include "contacts.h"
#include "policy.h"

static const char *const policy_names[] = {
    [AGENT_POLICY_ASK] = "ask",
    [AGENT_POLICY_ACCEPT] = "accept",
    [AGENT_POLICY_DECLINE] = "decline",
};

enum agent_policy agent_policy_of(const char *policies, const char *guid)
{
    char text[16];
    size_t i;

    if (!contacts_find(policies, guid, text, sizeof(text))) return AGENT_POLICY_ASK;
    for (i = 0; i < sizeof(policy_names) / sizeof(policy_names[0]); i++)
        if (core_ascii_equal_n(text, strlen(text), policy_names[i], strlen(policy_names[i])))
            return (enum agent_policy)i;
    return AGENT_POLICY_ASK;
}

enum agent_policy agent_policy_decide(const char *policies, const char *auto_accept, const char *guid,
                                      const char *inviter)
{
    enum agent_policy policy = agent_policy_of(policies, guid);

    if (policy == AGENT_POLICY_ASK && contacts_find(auto_accept, inviter, NULL, 0))
        return AGENT_POLICY_ACCEPT;
    return policy;
}
