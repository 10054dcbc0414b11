/*
 * libFuzzer target of the stanza parser (src/core/xmpp_xml.c).
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

#include <stdint.h>
#include <string.h>

#include "core/xmpp_xml.h"

#include "fuzz.h"

/* The input is one stanza as a server could send it, parsed in the stream
 * header's context and as a header.  In XMPP_XML_ARENA_SIZE the arena is
 * never too small; what is parsed is well-formed: names and namespaces
 * strings, text as long as it says, every element's parent its parent;
 * and each text and attribute value, escaped and parsed again, comes back
 * the same.  Buffers are static: libFuzzer runs one input at a time. */

#define FUZZ_INPUT_MAX 4096

static char arena_buf[XMPP_XML_ARENA_SIZE(FUZZ_INPUT_MAX)];
static char escaped[6 * FUZZ_INPUT_MAX + 16], again_buf[XMPP_XML_ARENA_SIZE(6 * FUZZ_INPUT_MAX + 16)];

static const char header[] =
    "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'"
    " version='1.0'>";

/* text, escaped into <t>...</t> and parsed, is text again. */
static void check_round_trip(const char *text, size_t len)
{
    struct xmpp_xml_arena arena;
    const struct xmpp_xml_element *root;
    long n;

    memcpy(escaped, "<t>", 3);
    n = xmpp_xml_escape(escaped + 3, sizeof(escaped) - 8, text, len);
    if (n < 0) return; /* a character XML cannot carry: refused, not mangled */
    memcpy(escaped + 3 + n, "</t>", 4);
    xmpp_xml_arena_init(&arena, again_buf, sizeof(again_buf));
    check(xmpp_xml_parse(escaped, (size_t)n + 7, XMPP_XML_ELEMENT, NULL, &arena, &root) == XMPP_XML_OK);
    check(root->text_len == len && !memcmp(root->text, text, len));
}

static void check_tree(const struct xmpp_xml_element *element, const struct xmpp_xml_element *parent,
                       int depth)
{
    const struct xmpp_xml_element *child;
    size_t i;

    check(depth < XMPP_XML_DEPTH_MAX);
    check(element->parent == parent);
    check(element->name && *element->name && !strchr(element->name, ':'));
    check(element->ns && element->text);
    check(strlen(element->text) == element->text_len);
    check(element->attr_count <= XMPP_XML_ATTRS_MAX && element->decl_count <= XMPP_XML_ATTRS_MAX);
    check_round_trip(element->text, element->text_len);
    for (i = 0; i < element->attr_count; i++)
    {
        check(element->attrs[i].name && *element->attrs[i].name && element->attrs[i].ns);
        check_round_trip(element->attrs[i].value, strlen(element->attrs[i].value));
    }
    for (child = element->children; child; child = child->next)
        check_tree(child, element, depth + 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char header_arena_buf[2048];
    struct xmpp_xml_arena arena, header_arena;
    const struct xmpp_xml_element *context, *root;
    enum xmpp_xml_status status;

    if (size > FUZZ_INPUT_MAX) return 0;
    xmpp_xml_arena_init(&header_arena, header_arena_buf, sizeof(header_arena_buf));
    check(xmpp_xml_parse(header, strlen(header), XMPP_XML_START_TAG, NULL, &header_arena, &context) ==
          XMPP_XML_OK);

    xmpp_xml_arena_init(&arena, arena_buf, XMPP_XML_ARENA_SIZE(size));
    status = xmpp_xml_parse((const char *)data, size, XMPP_XML_ELEMENT, context, &arena, &root);
    check(status != XMPP_XML_E_ARENA && status != XMPP_XML_E_INVALIDARG);
    check((status == XMPP_XML_OK) == (root != NULL));
    check(arena.used <= arena.size);
    if (root) check_tree(root, context, 0);

    xmpp_xml_arena_init(&arena, arena_buf, XMPP_XML_ARENA_SIZE(size));
    status = xmpp_xml_parse((const char *)data, size, XMPP_XML_START_TAG, context, &arena, &root);
    check(status != XMPP_XML_E_ARENA && (status == XMPP_XML_OK) == (root != NULL));
    if (root) check(!root->children && root->parent == context);
    return 0;
}
