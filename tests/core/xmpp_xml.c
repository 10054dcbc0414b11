/*
 * Tests of the stanza parser (src/core/xmpp_xml.c).
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

#include <stdlib.h>
#include <string.h>

#include "core/xmpp_xml.h"
#include "coretest.h"

static char arena_buf[1 << 20], header_buf[4096];
static struct xmpp_xml_arena arena, header_arena;

/* What Prosody sends first, as the framer hands it out. */
static const char header[] =
    "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'"
    " id='abc' from='msgsc.test' version='1.0' xml:lang='en'>";

static const struct xmpp_xml_element *stream_header(void)
{
    const struct xmpp_xml_element *root = NULL;

    xmpp_xml_arena_init(&header_arena, header_buf, sizeof(header_buf));
    ok(xmpp_xml_parse(header, strlen(header), XMPP_XML_START_TAG, NULL, &header_arena, &root) == XMPP_XML_OK,
       "header not parsed\n");
    return root;
}

static enum xmpp_xml_status parse(const char *text, const struct xmpp_xml_element *context,
                                  const struct xmpp_xml_element **root)
{
    xmpp_xml_arena_init(&arena, arena_buf, sizeof(arena_buf));
    return xmpp_xml_parse(text, strlen(text), XMPP_XML_ELEMENT, context, &arena, root);
}

static void test_header(void)
{
    const struct xmpp_xml_element *root = stream_header();

    if (!root) return;
    ok_str(root->name, "stream");
    ok_str(root->ns, XMPP_NS_STREAM);
    ok_str(xmpp_xml_attr(root, "id"), "abc");
    ok_str(xmpp_xml_attr(root, "version"), "1.0");
    /* xml:lang is in the xml namespace, not an unprefixed attribute. */
    ok(xmpp_xml_attr(root, "xml:lang") == NULL, "xml:lang found as unprefixed\n");
    ok(root->attr_count == 4, "%zu attributes\n", root->attr_count);
    ok(root->decl_count == 2, "%zu declarations\n", root->decl_count);
}

static void test_stanzas_in_stream(void)
{
    const struct xmpp_xml_element *context = stream_header(), *root = NULL, *child;
    static const char features[] =
        "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls>"
        "<mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>SCRAM-SHA-1</mechanism>"
        "<mechanism>PLAIN</mechanism></mechanisms></stream:features>";
    static const char message[] =
        "<message to='bob@msgsc.test/x' type='normal' id='m1'>"
        "<x xmlns='urn:msgsc:invite:1'>aGVsbG8=</x><body>a &lt;b&gt; &amp; &#233;&#x1F600;"
        "</body></message>";

    ok(parse(features, context, &root) == XMPP_XML_OK, "features not parsed\n");
    if (root)
    {
        ok_str(root->name, "features");
        ok_str(root->ns, XMPP_NS_STREAM);
        child = xmpp_xml_child(root, "starttls", XMPP_NS_TLS);
        ok(child != NULL && xmpp_xml_child(child, "required", XMPP_NS_TLS) != NULL, "no required starttls\n");
        child = xmpp_xml_child(root, "mechanisms", XMPP_NS_SASL);
        ok(child && child->children && !strcmp(child->children->text, "SCRAM-SHA-1") &&
               child->children->next && !strcmp(child->children->next->text, "PLAIN") &&
               !child->children->next->next,
           "mechanisms wrong\n");
        ok(xmpp_xml_child(root, "starttls", XMPP_NS_SASL) == NULL, "found in the wrong namespace\n");
    }

    ok(parse(message, context, &root) == XMPP_XML_OK, "message not parsed\n");
    if (root)
    {
        ok_str(root->ns, XMPP_NS_CLIENT); /* the stream's default namespace */
        ok_str(xmpp_xml_attr(root, "to"), "bob@msgsc.test/x");
        child = xmpp_xml_child(root, "x", "urn:msgsc:invite:1");
        ok(child && !strcmp(child->text, "aGVsbG8="), "no invitation element\n");
        child = xmpp_xml_child(root, "body", XMPP_NS_CLIENT);
        ok(child && !strcmp(child->text, "a <b> & \xc3\xa9\xf0\x9f\x98\x80"), "body %s\n",
           child ? child->text : "");
    }
}

static void test_text(void)
{
    const struct xmpp_xml_element *root = NULL;

    /* Mixed content: the element's own text, children skipped, even with
     * '>' in their attribute values. */
    ok(parse("<a>one <b c='x>y'>inner</b>two<d/> three</a>", NULL, &root) == XMPP_XML_OK, "not parsed\n");
    if (root) ok_str(root->text, "one two three");
    /* Line ends: CR LF and CR become LF; a reference keeps its CR. */
    ok(parse("<a>x\r\ny\rz&#13;</a>", NULL, &root) == XMPP_XML_OK, "not parsed\n");
    if (root) ok(!strcmp(root->text, "x\ny\nz\r") && root->text_len == 6, "text %s\n", root->text);
    /* Attribute values: raw white space becomes spaces, references stay. */
    ok(parse("<a v='1\t2\n3\r\n4&#10;5'/>", NULL, &root) == XMPP_XML_OK, "not parsed\n");
    if (root) ok_str(xmpp_xml_attr(root, "v"), "1 2 3 4\n5");
    ok(parse("<a v=\"it's\" w='say \"hi\"'/>", NULL, &root) == XMPP_XML_OK, "not parsed\n");
    if (root)
    {
        ok_str(xmpp_xml_attr(root, "v"), "it's");
        ok_str(xmpp_xml_attr(root, "w"), "say \"hi\"");
    }
    ok(parse("  <a></a>\n ", NULL, &root) == XMPP_XML_OK && root && !*root->text, "empty element\n");
}

static void test_namespaces(void)
{
    const struct xmpp_xml_element *root = NULL;

    ok(parse("<p:a xmlns:p='urn:p' p:x='1' y='2'><b/><c xmlns=''/></p:a>", NULL, &root) == XMPP_XML_OK,
       "not parsed\n");
    if (root)
    {
        ok_str(root->ns, "urn:p");
        ok_str(root->name, "a");
        ok(root->attr_count == 2 && !strcmp(root->attrs[0].ns, "urn:p") && !strcmp(root->attrs[1].ns, ""),
           "attribute namespaces\n");
        ok(xmpp_xml_attr(root, "y") && !xmpp_xml_attr(root, "x"), "prefixed attribute found as unprefixed\n");
        /* An unprefixed child is in the default namespace, here none. */
        ok(root->children && !strcmp(root->children->ns, ""), "child namespace\n");
    }
    ok(parse("<a xmlns='urn:d'><b/><c xmlns=''/></a>", NULL, &root) == XMPP_XML_OK, "not parsed\n");
    if (root && root->children && root->children->next)
    {
        ok_str(root->children->ns, "urn:d");
        ok_str(root->children->next->ns, "");
    }
    ok(parse("<q:a/>", NULL, &root) == XMPP_XML_E_NAMESPACE, "undeclared prefix\n");
    ok(parse("<a q:b='1'/>", NULL, &root) == XMPP_XML_E_NAMESPACE, "undeclared attribute prefix\n");
    ok(parse("<a xmlns:xml='urn:x'/>", NULL, &root) == XMPP_XML_E_NAMESPACE, "xml: declared\n");
    ok(parse("<a xmlns:xmlns='urn:x'/>", NULL, &root) == XMPP_XML_E_NAMESPACE, "xmlns: declared\n");
    ok(parse("<a xmlns:p=''/>", NULL, &root) == XMPP_XML_E_NAMESPACE, "prefix undeclared\n");
    ok(parse("<a:b:c xmlns:a='u'/>", NULL, &root) == XMPP_XML_E_NAMESPACE, "two colons\n");
    ok(parse("<a: xmlns:a='u'/>", NULL, &root) == XMPP_XML_E_NAMESPACE, "empty local name\n");
}

static void test_refused(void)
{
    static const struct
    {
        const char *text;
        enum xmpp_xml_status status;
    } cases[] = {
        {"", XMPP_XML_E_MALFORMED},
        {"text", XMPP_XML_E_MALFORMED},
        {"<a>", XMPP_XML_E_MALFORMED},
        {"<a></b>", XMPP_XML_E_MISMATCH},
        {"<a><b></a></b>", XMPP_XML_E_MISMATCH},
        {"<a/><b/>", XMPP_XML_E_TRAILING},
        {"<a/>x", XMPP_XML_E_TRAILING},
        {"<a b='1'b='2'/>", XMPP_XML_E_MALFORMED},
        {"<a b='1' b='2'/>", XMPP_XML_E_TOO_MANY},
        {"<a b=1/>", XMPP_XML_E_MALFORMED},
        {"<a b='<'/>", XMPP_XML_E_MALFORMED},
        {"<a b='1/>", XMPP_XML_E_MALFORMED},
        {"<a>&nbsp;</a>", XMPP_XML_E_ENTITY},
        {"<a>&amp</a>", XMPP_XML_E_ENTITY},
        {"<a>&#0;</a>", XMPP_XML_E_ENTITY},
        {"<a>&#xD800;</a>", XMPP_XML_E_ENTITY},
        {"<a>&#x110000;</a>", XMPP_XML_E_ENTITY},
        {"<a>&#;</a>", XMPP_XML_E_ENTITY},
        {"<a>&#x;</a>", XMPP_XML_E_ENTITY},
        {"<a>&#12a;</a>", XMPP_XML_E_ENTITY},
        {"<a><!-- c --></a>", XMPP_XML_E_RESTRICTED},
        {"<a><![CDATA[x]]></a>", XMPP_XML_E_RESTRICTED},
        {"<a><?pi x?></a>", XMPP_XML_E_RESTRICTED},
        {"<!DOCTYPE a><a/>", XMPP_XML_E_RESTRICTED},
        {"<a>\x01</a>", XMPP_XML_E_MALFORMED},
        {"<a>\xff</a>", XMPP_XML_E_MALFORMED},
        {"<a>\xc0\xaf</a>", XMPP_XML_E_MALFORMED},
        {"<a>\xef\xbf\xbe</a>", XMPP_XML_E_MALFORMED},
        {"<1a/>", XMPP_XML_E_MALFORMED},
        {"< a/>", XMPP_XML_E_MALFORMED},
        {"<a / >", XMPP_XML_E_MALFORMED},
        {"<a></a >x", XMPP_XML_E_TRAILING},
    };
    const struct xmpp_xml_element *root;
    char nul[] = "<a>x\0y</a>";
    size_t i;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
    {
        enum xmpp_xml_status status = parse(cases[i].text, NULL, &root);

        ok(status == cases[i].status && !root, "%s: %s, expected %s\n", cases[i].text,
           xmpp_xml_status_name(status), xmpp_xml_status_name(cases[i].status));
    }
    xmpp_xml_arena_init(&arena, arena_buf, sizeof(arena_buf));
    ok(xmpp_xml_parse(nul, sizeof(nul) - 1, XMPP_XML_ELEMENT, NULL, &arena, &root) == XMPP_XML_E_MALFORMED,
       "a NUL taken\n");
    ok(xmpp_xml_parse(NULL, 0, XMPP_XML_ELEMENT, NULL, &arena, &root) == XMPP_XML_E_MALFORMED, "nothing\n");
    ok(xmpp_xml_parse(NULL, 1, XMPP_XML_ELEMENT, NULL, &arena, &root) == XMPP_XML_E_INVALIDARG,
       "NULL data\n");
    ok(xmpp_xml_parse("<a/>", 4, XMPP_XML_ELEMENT, NULL, NULL, &root) == XMPP_XML_E_INVALIDARG,
       "NULL arena\n");
    ok(xmpp_xml_parse("<a/>", 4, XMPP_XML_ELEMENT, NULL, &arena, NULL) == XMPP_XML_E_INVALIDARG,
       "NULL root\n");
    ok(xmpp_xml_parse("<a/>", 4, XMPP_XML_START_TAG, NULL, &arena, &root) == XMPP_XML_E_MALFORMED,
       "an empty element as a header\n");
    ok(xmpp_xml_parse("<a>", 3, XMPP_XML_START_TAG, NULL, &arena, &root) == XMPP_XML_OK && root,
       "a start tag\n");
}

/* The limits, and the arena size that is always enough. */
static void test_limits(void)
{
    const struct xmpp_xml_element *root;
    size_t i, len, size;
    char *text, *buf;

    text = malloc(64 * 8 + 8);
    for (len = 0, i = 0; i < XMPP_XML_DEPTH_MAX; i++)
        len += (size_t)sprintf(text + len, "<a>");
    for (i = 0; i < XMPP_XML_DEPTH_MAX; i++)
        len += (size_t)sprintf(text + len, "</a>");
    ok(parse(text, NULL, &root) == XMPP_XML_OK, "%d levels refused\n", XMPP_XML_DEPTH_MAX);
    sprintf(text, "%s", "<a>");
    for (len = 0, i = 0; i <= XMPP_XML_DEPTH_MAX; i++)
        len += (size_t)sprintf(text + len, "<a>");
    ok(parse(text, NULL, &root) == XMPP_XML_E_TOO_DEEP, "%d levels taken\n", XMPP_XML_DEPTH_MAX + 1);
    free(text);

    text = malloc(1024);
    for (len = (size_t)sprintf(text, "<a"), i = 0; i < XMPP_XML_ATTRS_MAX; i++)
        len += (size_t)sprintf(text + len, " a%zu=''", i);
    strcpy(text + len, "/>");
    ok(parse(text, NULL, &root) == XMPP_XML_OK, "%d attributes refused\n", XMPP_XML_ATTRS_MAX);
    strcpy(text + len, " z=''/>");
    ok(parse(text, NULL, &root) == XMPP_XML_E_TOO_MANY, "too many attributes taken\n");
    free(text);

    /* The worst cases for the arena: empty elements, short attributes,
     * character data around children; each in the arena it says is enough,
     * and refused cleanly in one byte less than it uses. */
    {
        static const char *const units[] = {"<b/>", "<b c='' d='' e=''/>", "x<b/>", "<b xmlns:p='u'/>",
                                            "&lt;"};

        for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
        {
            size_t unit = strlen(units[i]), count = 16000 / unit, j, used;

            text = malloc(count * unit + 16);
            len = (size_t)sprintf(text, "<a>");
            for (j = 0; j < count; j++)
                len += (size_t)sprintf(text + len, "%s", units[i]);
            len += (size_t)sprintf(text + len, "</a>");
            size = XMPP_XML_ARENA_SIZE(len);
            buf = malloc(size);
            xmpp_xml_arena_init(&arena, buf, size);
            ok(xmpp_xml_parse(text, len, XMPP_XML_ELEMENT, NULL, &arena, &root) == XMPP_XML_OK,
               "%s: refused in XMPP_XML_ARENA_SIZE\n", units[i]);
            used = arena.used;
            xmpp_xml_arena_init(&arena, buf, used - 1);
            ok(xmpp_xml_parse(text, len, XMPP_XML_ELEMENT, NULL, &arena, &root) == XMPP_XML_E_ARENA && !root,
               "%s: not refused in a smaller arena\n", units[i]);
            free(buf);
            free(text);
        }
    }
}

static void test_escape(void)
{
    char out[128];
    const struct xmpp_xml_element *root;
    static const char raw[] = "<a href=\"x\">'&'\r\n\t</a>";
    char stanza[256];

    ok(xmpp_xml_escape(out, sizeof(out), raw, strlen(raw)) ==
           (long)strlen("&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&#13;&#10;&#9;&lt;/a&gt;"),
       "escaped length\n");
    ok_str(out, "&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&#13;&#10;&#9;&lt;/a&gt;");
    /* What is escaped comes back the same, as text and as an attribute. */
    snprintf(stanza, sizeof(stanza), "<m v='%s'>%s</m>", out, out);
    ok(parse(stanza, NULL, &root) == XMPP_XML_OK && root && !strcmp(root->text, raw) &&
           !strcmp(xmpp_xml_attr(root, "v"), raw),
       "escape and parse differ\n");
    ok(xmpp_xml_escape(out, 4, "abc", 3) == 3 && !strcmp(out, "abc"), "exact fit\n");
    ok(xmpp_xml_escape(out, 3, "abc", 3) == -1 && !*out, "overflow\n");
    ok(xmpp_xml_escape(out, 5, "&", 1) == -1, "escape overflow\n");
    ok(xmpp_xml_escape(out, sizeof(out), "a\x01", 2) == -1, "control character taken\n");
    ok(xmpp_xml_escape(out, sizeof(out), "", 0) == 0 && !*out, "empty\n");
    ok(xmpp_xml_escape(NULL, 1, "", 0) == -1, "NULL out\n");
}

int main(void)
{
    test_header();
    test_stanzas_in_stream();
    test_text();
    test_namespaces();
    test_refused();
    test_limits();
    test_escape();
    return test_summary();
}
