/*
 * Who runs msgsc: entity capabilities and service discovery (XEP-0115,
 * XEP-0030), portable.
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

#ifndef MSGSC_CORE_XMPP_CAPS_H
#define MSGSC_CORE_XMPP_CAPS_H

#include <stddef.h>

#include "xmpp_xml.h"

#define XMPP_NS_CAPS       "http://jabber.org/protocol/caps"
#define XMPP_NS_DISCO_INFO "http://jabber.org/protocol/disco#info"
/* Our caps node (docs/protocol.md 9.1). */
#define XMPP_CAPS_NODE "urn:msgsc"
/* base64 of a SHA-1, with its NUL. */
#define XMPP_CAPS_VER_SIZE 29

/* One identity of a disco#info answer. */
struct xmpp_identity
{
    const char *category, *type, *lang, *name; /* lang and name may be "" */
};

/* XEP-0115 5.1's verification string of a disco#info answer without
 * extended forms: identities sorted by category, type and xml:lang, then
 * the features sorted, each field followed by '<', hashed with SHA-1,
 * base64.  Returns 0, or -1 for a feature list with a repeat (5.4 3.3)
 * or more than XMPP_CAPS_ITEMS_MAX entries. */
#define XMPP_CAPS_ITEMS_MAX 64
int xmpp_caps_ver(const struct xmpp_identity *identities, size_t identity_count, const char *const *features,
                  size_t feature_count, char ver[XMPP_CAPS_VER_SIZE]);

/* msgsc's own: identity client/pc "msgsc"; features disco#info, caps and
 * XMPP_NS_MSGSC.  Its verification string. */
void xmpp_caps_own_ver(char ver[XMPP_CAPS_VER_SIZE]);

/* Our presence with our caps (<c hash='sha-1' node= ver=/>), NUL
 * terminated; its length, or -1 when out is too small. */
long xmpp_caps_presence(char *out, size_t size);

/* The answer to a disco#info query (an <iq type='get'> with <query
 * xmlns=disco#info/>, its node empty or ours) from its sender: our
 * identity and features.  0 when stanza is no such query, -1 when out is
 * too small, else the length written. */
long xmpp_caps_disco_answer(const struct xmpp_xml_element *stanza, char *out, size_t size);

/* Whether a disco#info answer lists XMPP_NS_MSGSC among its features. */
int xmpp_caps_has_msgsc(const struct xmpp_xml_element *query);

#endif
