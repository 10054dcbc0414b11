/*
 * Tests of the invitation messages in XMPP stanzas (src/core/xmpp_invite.c).
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

#include <stdio.h>
#include <string.h>

#include "core/xmpp_invite.h"
#include "coretest.h"
#include "stanza.h"

static int starts_with(const char *text, const char *prefix)
{
    return !strncmp(text, prefix, strlen(prefix));
}

/* What the server delivers: our stanza with from= stamped on it. */
static const struct xmpp_xml_element *delivered(const char *stanza, const char *from)
{
    static char text[XMPP_INVITE_STANZA_MAX + 256];

    snprintf(text, sizeof(text), "<message from='%s' %s", from, stanza + strlen("<message "));
    return parse(text);
}

static void test_round_trip(void)
{
    struct core_message invite = {.type = CORE_MESSAGE_INVITE,
                                  .session_id = "{0435F041-EACC-4355-8D2A-89FC3B85DC3F}",
                                  .app_guid = "{6D736773-6300-4445-4D4F-000000000001}",
                                  .app_name = "Chess <&> 'Board'",
                                  .app_url = "http://apps.example.org/chess/",
                                  .data = "shall we? \xc3\xa9",
                                  .cookie = 42};
    char stanza[XMPP_INVITE_STANZA_MAX];
    struct wire_parsed parsed;
    const char *resource = NULL;
    size_t len;

    ok_status(xmpp_invite_build(&invite, "bob@b.test/desk", "m-1", stanza, sizeof(stanza), &len), CORE_OK);
    ok(len == strlen(stanza) && starts_with(stanza, "<message to='bob@b.test/desk' id='m-1' type='normal'>"),
       "stanza %s\n", stanza);
    ok(strstr(stanza, "<invite xmlns='urn:msgsc:invite:1'>") &&
           strstr(stanza, "<no-store xmlns='urn:xmpp:hints'/>") &&
           strstr(stanza, "<no-copy xmlns='urn:xmpp:hints'/>"),
       "stanza %s\n", stanza);
    ok_status(xmpp_invite_parse(delivered(stanza, "alice@a.test/home"), &parsed, &resource), CORE_OK);
    ok(parsed.command == WIRE_COMMAND_INVITE && parsed.msg.type == CORE_MESSAGE_INVITE, "command %d\n",
       parsed.command);
    ok_str(parsed.msg.peer, "alice@a.test");
    ok_str(resource, "home");
    ok_str(parsed.msg.session_id, invite.session_id);
    ok_str(parsed.msg.app_guid, invite.app_guid);
    ok_str(parsed.msg.app_name, invite.app_name);
    ok_str(parsed.msg.data, invite.data);
    ok(parsed.msg.cookie == 42, "cookie %u\n", parsed.msg.cookie);

    /* A message from a bare JID has no resource. */
    ok_status(xmpp_invite_parse(delivered(stanza, "alice@a.test"), &parsed, &resource), CORE_OK);
    ok_str(resource, "");
    /* Escaped addresses and ids. */
    ok_status(xmpp_invite_build(&invite, "o'brien@b.test/r<1>", "a&b", stanza, sizeof(stanza), &len),
              CORE_OK);
    ok(starts_with(stanza, "<message to='o&apos;brien@b.test/r&lt;1&gt;' id='a&amp;b'"), "stanza %s\n",
       stanza);
    ok(parse(stanza) && !strcmp(xmpp_xml_attr(parse(stanza), "to"), "o'brien@b.test/r<1>"),
       "to not escaped\n");
}

static void test_refused(void)
{
    struct core_message cancel = {.type = CORE_MESSAGE_CANCEL,
                                  .session_id = "{0435F041-EACC-4355-8D2A-89FC3B85DC3F}",
                                  .data = "",
                                  .cookie = 7,
                                  .reason = CORE_E_TIMEOUT};
    char stanza[XMPP_INVITE_STANZA_MAX], small[64];
    struct wire_parsed parsed;
    const char *id;
    size_t len;

    ok_status(xmpp_invite_build(&cancel, "", "m", stanza, sizeof(stanza), &len), CORE_E_INVALIDARG);
    ok_status(xmpp_invite_build(&cancel, "bob@b.test", "", stanza, sizeof(stanza), &len), CORE_E_INVALIDARG);
    ok_status(xmpp_invite_build(&cancel, "bob@b.test", "m", small, sizeof(small), &len), CORE_E_FAIL);
    cancel.cookie = 0;
    ok_status(xmpp_invite_build(&cancel, "bob@b.test", "m", stanza, sizeof(stanza), &len), CORE_E_INVALIDARG);

    /* Not ours: other stanzas, other messages, errors. */
    ok_status(xmpp_invite_parse(parse("<presence from='a@b/c'/>"), &parsed, NULL), CORE_S_FALSE);
    ok_status(xmpp_invite_parse(parse("<message from='a@b/c'><body>hi</body></message>"), &parsed, NULL),
              CORE_S_FALSE);
    ok_status(xmpp_invite_parse(parse("<message from='a@b/c' type='error'><invite xmlns='urn:msgsc:invite:1'>"
                                      "QQ==</invite></message>"),
                                &parsed, NULL),
              CORE_S_FALSE);
    ok_status(
        xmpp_invite_parse(parse("<message from='a@b/c'><invite xmlns='urn:other'>QQ==</invite></message>"),
                          &parsed, NULL),
        CORE_S_FALSE);
    /* Ours, but wrong: no sender, bad base64, not a payload. */
    ok_status(xmpp_invite_parse(parse("<message><invite xmlns='urn:msgsc:invite:1'>QQ==</invite></message>"),
                                &parsed, NULL),
              CORE_E_PROTOCOL_ERROR);
    ok_status(xmpp_invite_parse(parse("<message from='a@b/c'><invite xmlns='urn:msgsc:invite:1'>Q!==</invite>"
                                      "</message>"),
                                &parsed, NULL),
              CORE_E_PROTOCOL_ERROR);
    ok_status(
        xmpp_invite_parse(parse("<message from='a@b/c'><invite xmlns='urn:msgsc:invite:1'>aGVsbG8=</invite>"
                                "</message>"),
                          &parsed, NULL),
        CORE_E_PROTOCOL_ERROR);

    /* A stanza error names its condition and the id it answers. */
    ok_str(xmpp_stanza_error(parse("<message from='b@b.test/x' type='error' id='m-9'><error type='cancel'>"
                                   "<service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
                                   "</error></message>"),
                             &id),
           "service-unavailable");
    ok_str(id, "m-9");
    ok(xmpp_stanza_error(parse("<message from='b@b.test/x' id='m-9'/>"), &id) == NULL && !id,
       "not an error\n");
    ok_str(xmpp_stanza_error(parse("<message type='error'/>"), &id), "");
}

int main(void)
{
    test_round_trip();
    test_refused();
    return test_summary();
}
