/*
 * One XMPP stanza, parsed from memory into elements.
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

#ifndef MSGSC_CORE_XMPP_XML_H
#define MSGSC_CORE_XMPP_XML_H

#include <stddef.h>

/* The framer (xmpp_frame.h) cuts the stream into the header and complete
 * top-level elements; this parses one of those from memory, namespace
 * aware, into a tree of elements whose names, namespaces, attributes and
 * text are decoded (the five predefined entities and character
 * references).  It is the restricted XML of RFC 6120 11.1: no comments,
 * processing instructions, CDATA or DTD.  Everything it makes lives in an
 * arena the caller gives, so a stanza costs at most that arena, and
 * freeing is forgetting the arena.  It does not depend on the framer: it
 * checks every byte itself, so that it can be fuzzed alone.
 *
 * The stream header is a start tag that stays open: parse it with
 * XMPP_XML_START_TAG, keep its arena for the stream's life, and give its
 * element as the context of every stanza, whose prefixes (stream:) and
 * default namespace (jabber:client) it declares. */

/* Elements open at once, the stanza itself included. */
#define XMPP_XML_DEPTH_MAX 64
/* Attributes of one element, namespace declarations included. */
#define XMPP_XML_ATTRS_MAX 32

#define XMPP_XML_STATUS_MAP(XX)                                                                              \
    XX(OK, 0, "parsed")                                                                                      \
    XX(E_INVALIDARG, -1, "no data, arena or result pointer")                                                 \
    XX(E_MALFORMED, -2, "not a well-formed element (not-well-formed)")                                       \
    XX(E_RESTRICTED, -3, "a comment, processing instruction, CDATA section or DTD (restricted-xml)")         \
    XX(E_ENTITY, -4, "an entity other than the five predefined, or a character reference XML forbids")       \
    XX(E_MISMATCH, -5, "an end tag that does not close the open element")                                    \
    XX(E_NAMESPACE, -6, "an undeclared prefix, or a declaration of xml: or xmlns: (invalid-namespace)")      \
    XX(E_TOO_DEEP, -7, "more than XMPP_XML_DEPTH_MAX elements open (policy-violation)")                      \
    XX(E_TOO_MANY, -8, "more than XMPP_XML_ATTRS_MAX attributes on one element, or one twice")               \
    XX(E_ARENA, -9, "the arena is too small for this stanza (policy-violation)")                             \
    XX(E_TRAILING, -10, "bytes other than white space after the element")

enum xmpp_xml_status
{
#define XX(name, value, text) XMPP_XML_##name = value,
    XMPP_XML_STATUS_MAP(XX)
#undef XX
};

/* The enumerator's name without the XMPP_XML_ prefix, and its text, for
 * traces; never NULL. */
const char *xmpp_xml_status_name(enum xmpp_xml_status status);
const char *xmpp_xml_status_text(enum xmpp_xml_status status);

/* Namespaces of the stream (RFC 6120 4.8). */
#define XMPP_NS_STREAM  "http://etherx.jabber.org/streams"
#define XMPP_NS_CLIENT  "jabber:client"
#define XMPP_NS_TLS     "urn:ietf:params:xml:ns:xmpp-tls"
#define XMPP_NS_SASL    "urn:ietf:params:xml:ns:xmpp-sasl"
#define XMPP_NS_BIND    "urn:ietf:params:xml:ns:xmpp-bind"
#define XMPP_NS_STANZAS "urn:ietf:params:xml:ns:xmpp-stanzas"
#define XMPP_NS_STREAMS "urn:ietf:params:xml:ns:xmpp-streams"
#define XMPP_NS_ROSTER  "jabber:iq:roster"
#define XMPP_NS_XML     "http://www.w3.org/XML/1998/namespace"

/* Strings are NUL-terminated UTF-8 in the arena.  A text that holds a NUL
 * cannot be written (XML has no such character). */
struct xmpp_xml_attr
{
    const char *name; /* as written: "to", "xml:lang" */
    const char *ns;   /* "" for an unprefixed attribute */
    const char *value;
};

/* Namespace declarations of one element (xmlns, xmlns:p), not among its
 * attributes. */
struct xmpp_xml_ns
{
    const char *prefix; /* "" for the default namespace */
    const char *uri;
};

struct xmpp_xml_element
{
    const char *name; /* the local name, without its prefix */
    const char *ns;   /* the namespace, "" for none */
    const char *text; /* its own character data, decoded, concatenated */
    size_t text_len;
    const struct xmpp_xml_attr *attrs;
    size_t attr_count;
    const struct xmpp_xml_ns *decls;
    size_t decl_count;
    const struct xmpp_xml_element *parent; /* the enclosing element, or the context */
    const struct xmpp_xml_element *children, *next;
};

/* Memory for one parse: the caller's buffer.  XMPP_XML_ARENA_SIZE(len)
 * bytes are always enough for len bytes of input (the worst case is a
 * run of empty elements, "<a/>": one element each 4 bytes). */
#define XMPP_XML_ARENA_SIZE(len) (32 * (size_t)(len) + 256)
struct xmpp_xml_arena
{
    char *buf;
    size_t size, used;
};

void xmpp_xml_arena_init(struct xmpp_xml_arena *arena, void *buf, size_t size);

enum xmpp_xml_mode
{
    XMPP_XML_ELEMENT,   /* one complete element */
    XMPP_XML_START_TAG, /* one start tag that stays open: the stream header */
};

/* Parses len bytes of data (no NUL needed) into *root, allocating from
 * arena (which the call resets first).  context (may be NULL) is an
 * element whose namespace declarations are in scope: the stream header.
 * Nothing of *root survives the arena's next use. */
enum xmpp_xml_status xmpp_xml_parse(const char *data, size_t len, enum xmpp_xml_mode mode,
                                    const struct xmpp_xml_element *context, struct xmpp_xml_arena *arena,
                                    const struct xmpp_xml_element **root);

/* The first child of element named name in namespace ns (NULL: any), or
 * NULL; the value of an unprefixed attribute, or NULL. */
const struct xmpp_xml_element *xmpp_xml_child(const struct xmpp_xml_element *element, const char *name,
                                              const char *ns);
const char *xmpp_xml_attr(const struct xmpp_xml_element *element, const char *name);

/* Writes text escaped for XML character data and attribute values alike
 * (both quotes, <, >, &, and TAB, LF and CR as character references, which
 * a reader keeps as they are) into out, NUL terminated.  Returns the length written, or -1 when out (size
 * bytes) is too small or text holds a character XML forbids (C0 controls other than TAB, LF, CR). */
long xmpp_xml_escape(char *out, size_t size, const char *text, size_t len);

#endif
