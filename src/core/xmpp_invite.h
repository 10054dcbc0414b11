/*
 * The invitation messages in XMPP stanzas (docs/protocol.md, section 9).
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

#ifndef MSGSC_CORE_XMPP_INVITE_H
#define MSGSC_CORE_XMPP_INVITE_H

#include <stddef.h>

#include "base64.h"
#include "wire.h"
#include "xmpp_client.h"
#include "xmpp_xml.h"

/* Each message of a session (INVITE, ACCEPT, CANCEL, CONTEXT) is the
 * same text/x-msmsgsinvite payload the direct links carry (wire.h),
 * base64-encoded as the text of an <invite/> element of this namespace
 * in a <message/> to the contact's full JID.  The namespace is also the
 * service discovery feature that says a resource runs msgsc. */
#define XMPP_NS_MSGSC "urn:msgsc:invite:1"
#define XMPP_NS_HINTS "urn:xmpp:hints"

/* The longest stanza xmpp_invite_build writes. */
#define XMPP_INVITE_STANZA_MAX (BASE64_ENCODED_SIZE(WIRE_PAYLOAD_MAX) + 6 * XMPP_JID_MAX + 6 * 64 + 256)

/* Builds the stanza of msg for to (a full JID) with the stanza id (at
 * most 64 bytes, echoed by an error): <message to= id= type='normal'>,
 * <invite xmlns=XMPP_NS_MSGSC>payload in base64</invite>, and the hints
 * that keep servers from storing it offline or copying it to the user's
 * other clients (XEP-0334 no-store, XEP-0280's no-copy).  Fails as
 * wire_build does, with CORE_E_INVALIDARG for an empty or over-long to
 * or id, and CORE_E_FAIL when out (size bytes) is too small. */
enum core_status xmpp_invite_build(const struct core_message *msg, const char *to, const char *id, char *out,
                                   size_t size, size_t *len);

/* Reads an invitation message out of stanza: CORE_S_FALSE when it is not
 * one (another stanza, a message without our element, an error); else
 * what wire_parse returns for the decoded payload, the peer being the
 * bare JID of the sender (from= without its resource), and *resource
 * (may be NULL) pointing at the sender's resource in stanza ("" if none).
 * A payload that is not strict base64, or decodes to over
 * WIRE_PAYLOAD_MAX bytes, is CORE_E_PROTOCOL_ERROR. */
enum core_status xmpp_invite_parse(const struct xmpp_xml_element *stanza, struct wire_parsed *out,
                                   const char **resource);

/* For a <message type='error'/> (or any stanza with an <error/>): its id
 * and the defined condition (RFC 6120 8.3.3: "service-unavailable",
 * "item-not-found", ...), "" when there is none; NULL when stanza is not
 * an error. */
const char *xmpp_stanza_error(const struct xmpp_xml_element *stanza, const char **id);

#endif
