/*
 * Native tests of the agent's invitation policy (src/core/policy.c).
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

#include "core/policy.h"
#include "coretest.h"

static const char guid_chess[] = "{0318D932-56B6-4637-91AF-A0AB3F49FFBA}";
static const char guid_go[] = "{11111111-2222-3333-4444-555555555555}";

static void test_policy_of(void)
{
    static const char policies[] = "{0318d932-56b6-4637-91af-a0ab3f49ffba}=ACCEPT;"
                                   "{11111111-2222-3333-4444-555555555555}=decline;"
                                   "{22222222-2222-3333-4444-555555555555}=maybe";

    ok_int(agent_policy_of(policies, guid_chess), AGENT_POLICY_ACCEPT);
    ok_int(agent_policy_of(policies, guid_go), AGENT_POLICY_DECLINE);
    /* An unknown word is the safe default, not an answer. */
    ok_int(agent_policy_of(policies, "{22222222-2222-3333-4444-555555555555}"), AGENT_POLICY_ASK);
    ok_int(agent_policy_of(policies, "{33333333-2222-3333-4444-555555555555}"), AGENT_POLICY_ASK);
    ok_int(agent_policy_of("", guid_chess), AGENT_POLICY_ASK);
    ok_int(agent_policy_of("{0318D932-56B6-4637-91AF-A0AB3F49FFBA}=ask", guid_chess), AGENT_POLICY_ASK);
}

static void test_decide(void)
{
    static const char policies[] = "{11111111-2222-3333-4444-555555555555}=decline";
    static const char friends[] = "alice@example.org;Carol@Example.org";

    ok_int(agent_policy_decide(policies, friends, guid_chess, "alice@example.org"), AGENT_POLICY_ACCEPT);
    ok_int(agent_policy_decide(policies, friends, guid_chess, "carol@example.org"), AGENT_POLICY_ACCEPT);
    ok_int(agent_policy_decide(policies, friends, guid_chess, "mallory@example.org"), AGENT_POLICY_ASK);
    /* A friend's invitation to a declined application is still declined. */
    ok_int(agent_policy_decide(policies, friends, guid_go, "alice@example.org"), AGENT_POLICY_DECLINE);
    /* Only whole names count. */
    ok_int(agent_policy_decide(policies, friends, guid_chess, "alice@example"), AGENT_POLICY_ASK);
    ok_int(agent_policy_decide("", "", guid_chess, "alice@example.org"), AGENT_POLICY_ASK);
}

int main(void)
{
    test_policy_of();
    test_decide();
    return test_summary();
}
