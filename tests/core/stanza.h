/*
 * One stanza parsed in a client stream's context, for the tests of the XMPP
 * pieces that read stanzas (xmpp_caps.c, xmpp_invite.c).
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

#ifndef MSGSC_TEST_CORE_STANZA_H
#define MSGSC_TEST_CORE_STANZA_H

#include <string.h>

#include "core/xmpp_xml.h"
#include "coretest.h"

/* text, one stanza, parsed as if it came after a jabber:client stream
 * header; the root, or NULL (a failed check).  Each parse reuses the one
 * arena: the result lives until the next. */
static inline const struct xmpp_xml_element *parse(const char *text)
{
    static const char header[] = "<stream:stream xmlns='jabber:client' "
                                 "xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>";
    static char arena_buf[XMPP_XML_ARENA_SIZE(8192)], header_buf[XMPP_XML_ARENA_SIZE(512)];
    static struct xmpp_xml_arena arena, header_arena;
    static const struct xmpp_xml_element *context;
    const struct xmpp_xml_element *root = NULL;

    if (!context)
    {
        xmpp_xml_arena_init(&header_arena, header_buf, sizeof(header_buf));
        xmpp_xml_parse(header, strlen(header), XMPP_XML_START_TAG, NULL, &header_arena, &context);
    }
    xmpp_xml_arena_init(&arena, arena_buf, sizeof(arena_buf));
    ok(xmpp_xml_parse(text, strlen(text), XMPP_XML_ELEMENT, context, &arena, &root) == XMPP_XML_OK,
       "not parsed: %s\n", text);
    return root;
}

#endif
