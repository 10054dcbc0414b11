/*
 * Tests of entity capabilities and service discovery (src/core/xmpp_caps.c).
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

#include "core/xmpp_caps.h"
#include "core/xmpp_invite.h"
#include "coretest.h"
#include "stanza.h"

/* XEP-0115 5.2, the simple example, in another order: sorting is ours. */
static void test_ver(void)
{
    static const struct xmpp_identity exodus = {"client", "pc", "", "Exodus 0.9.1"};
    static const char *const features[] = {
        "http://jabber.org/protocol/muc", "http://jabber.org/protocol/caps",
        "http://jabber.org/protocol/disco#items", "http://jabber.org/protocol/disco#info"};
    static const char *const repeated[] = {"a", "b", "a"};
    static const struct xmpp_identity two[] = {{"client", "pc", "", "B"}, {"client", "bot", "", "A"}};
    static const struct xmpp_identity two_sorted[] = {{"client", "bot", "", "A"}, {"client", "pc", "", "B"}};
    char ver[XMPP_CAPS_VER_SIZE], again[XMPP_CAPS_VER_SIZE];

    ok(xmpp_caps_ver(&exodus, 1, features, 4, ver) == 0, "failed\n");
    ok_str(ver, "QgayPKawpkPSDYmwT/WM94uAlu0=");
    ok(xmpp_caps_ver(&exodus, 1, repeated, 3, ver) == -1 && !*ver, "a repeated feature taken\n");
    ok(xmpp_caps_ver(two, 2, NULL, 0, ver) == 0 && xmpp_caps_ver(two_sorted, 2, NULL, 0, again) == 0 &&
           !strcmp(ver, again),
       "identities not sorted\n");
    xmpp_caps_own_ver(ver);
    ok(strlen(ver) == 28, "own ver %s\n", ver);
}

static void test_presence_and_disco(void)
{
    char out[2048], ver[XMPP_CAPS_VER_SIZE], node_query[512];
    const struct xmpp_xml_element *root, *query;
    long len;

    xmpp_caps_own_ver(ver);
    len = xmpp_caps_presence(out, sizeof(out));
    ok(len == (long)strlen(out) && (root = parse(out)), "presence %s\n", out);
    if (len > 0 && root)
    {
        const struct xmpp_xml_element *c = xmpp_xml_child(root, "c", XMPP_NS_CAPS);

        ok(c && !strcmp(xmpp_xml_attr(c, "node"), "urn:msgsc") && !strcmp(xmpp_xml_attr(c, "ver"), ver) &&
               !strcmp(xmpp_xml_attr(c, "hash"), "sha-1"),
           "caps %s\n", out);
    }
    ok(xmpp_caps_presence(out, 20) == -1, "presence overflow\n");

    /* A query of our node#ver, as a client that saw our caps sends it. */
    snprintf(node_query, sizeof(node_query),
             "<iq type='get' from='bob@b.test/desk' id='d&amp;1'><query "
             "xmlns='http://jabber.org/protocol/disco#info' node='urn:msgsc#%s'/></iq>",
             ver);
    len = xmpp_caps_disco_answer(parse(node_query), out, sizeof(out));
    ok(len > 0 && (root = parse(out)), "answer %s\n", out);
    if (len > 0 && root)
    {
        ok(!strcmp(xmpp_xml_attr(root, "to"), "bob@b.test/desk") &&
               !strcmp(xmpp_xml_attr(root, "id"), "d&1") && !strcmp(xmpp_xml_attr(root, "type"), "result"),
           "answer %s\n", out);
        query = xmpp_xml_child(root, "query", XMPP_NS_DISCO_INFO);
        ok(xmpp_caps_has_msgsc(query), "no msgsc feature: %s\n", out);
        /* What we answer hashes to what we advertise. */
        {
            const struct xmpp_xml_element *child;
            struct xmpp_identity identities[4];
            const char *features[8];
            size_t identity_count = 0, feature_count = 0;
            char answered[XMPP_CAPS_VER_SIZE];

            for (child = query ? query->children : NULL; child; child = child->next)
                if (!strcmp(child->name, "identity") && identity_count < 4)
                {
                    struct xmpp_identity identity = {xmpp_xml_attr(child, "category"),
                                                     xmpp_xml_attr(child, "type"), "",
                                                     xmpp_xml_attr(child, "name")};

                    identities[identity_count++] = identity;
                }
                else if (!strcmp(child->name, "feature") && feature_count < 8)
                    features[feature_count++] = xmpp_xml_attr(child, "var");
            ok(xmpp_caps_ver(identities, identity_count, features, feature_count, answered) == 0 &&
                   !strcmp(answered, ver),
               "answer hashes to %s, not %s\n", answered, ver);
        }
    }
    /* Queries without a node are answered; others' nodes and other iqs are not. */
    ok(xmpp_caps_disco_answer(parse("<iq type='get' from='b@b/x' id='2'><query "
                                    "xmlns='http://jabber.org/protocol/disco#info'/></iq>"),
                              out, sizeof(out)) > 0,
       "no answer without a node\n");
    ok(xmpp_caps_disco_answer(
           parse("<iq type='get' from='b@b/x' id='3'><query "
                 "xmlns='http://jabber.org/protocol/disco#info' node='urn:other#x'/></iq>"),
           out, sizeof(out)) == 0,
       "another node answered\n");
    ok(xmpp_caps_disco_answer(parse("<iq type='result' from='b@b/x' id='4'><query "
                                    "xmlns='http://jabber.org/protocol/disco#info'/></iq>"),
                              out, sizeof(out)) == 0,
       "a result answered\n");
    ok(xmpp_caps_disco_answer(
           parse("<iq type='get' from='b@b/x' id='5'><query xmlns='jabber:iq:roster'/></iq>"), out,
           sizeof(out)) == 0,
       "a roster query answered\n");
    ok(xmpp_caps_disco_answer(parse("<iq type='get' from='b@b/x' id='6'><query "
                                    "xmlns='http://jabber.org/protocol/disco#info'/></iq>"),
                              out, 64) == -1,
       "answer overflow\n");
    ok(!xmpp_caps_has_msgsc(parse("<query xmlns='http://jabber.org/protocol/disco#info'><feature "
                                  "var='urn:other'/></query>")),
       "msgsc found\n");
    ok(!xmpp_caps_has_msgsc(NULL), "msgsc in nothing\n");
}

int main(void)
{
    test_ver();
    test_presence_and_disco();
    return test_summary();
}
