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

#include <stdint.h>
#include <string.h>

#include "text.h"
#include "xmpp_xml.h"

const char *xmpp_xml_status_name(enum xmpp_xml_status status)
{
    switch (status)
    {
#define XX(name, value, text)                                                                                \
    case XMPP_XML_##name: return #name;
        XMPP_XML_STATUS_MAP(XX)
#undef XX
    }
    return "UNKNOWN";
}

const char *xmpp_xml_status_text(enum xmpp_xml_status status)
{
    switch (status)
    {
#define XX(name, value, text)                                                                                \
    case XMPP_XML_##name: return text;
        XMPP_XML_STATUS_MAP(XX)
#undef XX
    }
    return "unknown status";
}

void xmpp_xml_arena_init(struct xmpp_xml_arena *arena, void *buf, size_t size)
{
    arena->buf = buf;
    arena->size = buf ? size : 0;
    arena->used = 0;
}

static void *arena_alloc(struct xmpp_xml_arena *arena, size_t size, size_t align)
{
    size_t start = (arena->used + align - 1) & ~(align - 1);

    if (start < arena->used || start > arena->size || size > arena->size - start) return NULL;
    arena->used = start + size;
    return arena->buf + start;
}

struct parser
{
    const unsigned char *data;
    size_t len, pos;
    struct xmpp_xml_arena *arena;
    enum xmpp_xml_status status;
};

static int fail(struct parser *p, enum xmpp_xml_status status)
{
    if (p->status == XMPP_XML_OK) p->status = status;
    return 0;
}

static int at_end(const struct parser *p)
{
    return p->pos >= p->len;
}

static int is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void skip_space(struct parser *p)
{
    while (!at_end(p) && is_space(p->data[p->pos]))
        p->pos++;
}

/* XML's NameStartChar and NameChar, with every non-ASCII byte allowed (the
 * input was checked to be UTF-8 first). */
static int name_start(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' || c >= 0x80;
}

static int name_char(unsigned char c)
{
    return name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

/* A qualified name at pos: [prefix ':'] local, each non-empty. */
struct qname
{
    const unsigned char *start;
    size_t len, colon; /* colon: its offset, or len when none */
};

static int read_qname(struct parser *p, struct qname *name)
{
    size_t i;

    name->start = p->data + p->pos;
    if (at_end(p) || !name_start(p->data[p->pos]) || p->data[p->pos] == ':')
        return fail(p, XMPP_XML_E_MALFORMED);
    while (!at_end(p) && name_char(p->data[p->pos]))
        p->pos++;
    name->len = (size_t)(p->data + p->pos - name->start);
    name->colon = name->len;
    for (i = 0; i < name->len; i++)
    {
        if (name->start[i] != ':') continue;
        if (name->colon != name->len || i + 1 == name->len) return fail(p, XMPP_XML_E_NAMESPACE);
        name->colon = i;
    }
    return 1;
}

static int name_is(const unsigned char *s, size_t len, const char *text)
{
    return strlen(text) == len && !memcmp(s, text, len);
}

static char *copy_string(struct parser *p, const unsigned char *s, size_t len)
{
    char *copy = arena_alloc(p->arena, len + 1, 1);

    if (!copy) return fail(p, XMPP_XML_E_ARENA), NULL;
    memcpy(copy, s, len);
    copy[len] = 0;
    return copy;
}

/* Appends code point cp as UTF-8 at out. */
static size_t put_utf8(char *out, uint32_t cp)
{
    if (cp < 0x80) return out[0] = (char)cp, 1;
    if (cp < 0x800) return out[0] = (char)(0xc0 | cp >> 6), out[1] = (char)(0x80 | (cp & 0x3f)), 2;
    if (cp < 0x10000)
        return out[0] = (char)(0xe0 | cp >> 12), out[1] = (char)(0x80 | ((cp >> 6) & 0x3f)),
               out[2] = (char)(0x80 | (cp & 0x3f)), 3;
    out[0] = (char)(0xf0 | cp >> 18);
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
    out[3] = (char)(0x80 | (cp & 0x3f));
    return 4;
}

/* XML's Char production, for character references. */
static int xml_char(uint32_t cp)
{
    return cp == 0x9 || cp == 0xa || cp == 0xd || (cp >= 0x20 && cp <= 0xd7ff) ||
           (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

/* Decodes the reference at s[0] == '&' (avail bytes) into out (at least 4
 * bytes); how many bytes of s it took, 0 when it is not one XML allows. */
static size_t decode_reference(const unsigned char *s, size_t avail, char *out, size_t *written)
{
    static const struct
    {
        const char *name;
        char c;
    } predefined[] = {{"lt", '<'}, {"gt", '>'}, {"amp", '&'}, {"quot", '"'}, {"apos", '\''}};
    const unsigned char *semi = memchr(s, ';', avail < 32 ? avail : 32);
    size_t len, i;
    uint32_t cp = 0;

    if (!semi) return 0;
    len = (size_t)(semi - s) + 1;
    if (len > 3 && s[1] == '#')
    {
        int hex = s[2] == 'x';

        for (i = hex ? 3 : 2; i < len - 1; i++)
        {
            unsigned char c = s[i];
            uint32_t digit;

            if (c >= '0' && c <= '9')
                digit = c - '0';
            else if (hex && ((c | 0x20) >= 'a' && (c | 0x20) <= 'f'))
                digit = (c | 0x20) - 'a' + 10;
            else
                return 0;
            cp = cp * (hex ? 16 : 10) + digit;
            if (cp > 0x10ffff) return 0;
        }
        if (i == (hex ? 3u : 2u) || !xml_char(cp)) return 0;
        *written = put_utf8(out, cp);
        return len;
    }
    for (i = 0; i < sizeof(predefined) / sizeof(predefined[0]); i++)
        if (name_is(s + 1, len - 2, predefined[i].name))
        {
            out[0] = predefined[i].c;
            *written = 1;
            return len;
        }
    return 0;
}

/* Decodes raw character data (no '<' in it) appending to out, which has
 * room for len bytes: a reference is never shorter than what it means.
 * Line ends written raw become LF (XML 2.11: CR LF and a lone CR), and in
 * an attribute value, raw white space becomes a space (3.3.3); what a
 * character reference writes is kept as it is. */
static int decode_text(struct parser *p, const unsigned char *raw, size_t len, int attribute, char *out,
                       size_t *out_len)
{
    size_t i = 0, n, written;

    while (i < len)
    {
        unsigned char c = raw[i++];

        if (c == '&')
        {
            if (!(n = decode_reference(raw + i - 1, len - i + 1, out + *out_len, &written)))
                return fail(p, XMPP_XML_E_ENTITY);
            *out_len += written;
            i += n - 1;
            continue;
        }
        if (c == '\r')
        {
            if (i < len && raw[i] == '\n') i++;
            c = '\n';
        }
        if (attribute && (c == '\n' || c == '\t')) c = ' ';
        out[(*out_len)++] = (char)c;
    }
    return 1;
}

/* The namespace prefix resolves to in scope at element (its own
 * declarations first, then its ancestors', then the context's). */
static const char *lookup_ns(const struct xmpp_xml_element *element, const unsigned char *prefix, size_t len)
{
    size_t i;

    if (name_is(prefix, len, "xml")) return XMPP_NS_XML;
    for (; element; element = element->parent)
        for (i = element->decl_count; i--;)
            if (name_is(prefix, len, element->decls[i].prefix)) return element->decls[i].uri;
    return NULL;
}

/* An attribute as read, before the element's namespaces are known. */
struct raw_attr
{
    struct qname name;
    const unsigned char *value;
    size_t value_len;
};

static int read_attribute(struct parser *p, struct raw_attr *attr)
{
    unsigned char quote;
    const unsigned char *end;

    if (!read_qname(p, &attr->name)) return 0;
    skip_space(p);
    if (at_end(p) || p->data[p->pos] != '=') return fail(p, XMPP_XML_E_MALFORMED);
    p->pos++;
    skip_space(p);
    if (at_end(p) || (p->data[p->pos] != '"' && p->data[p->pos] != '\''))
        return fail(p, XMPP_XML_E_MALFORMED);
    quote = p->data[p->pos++];
    attr->value = p->data + p->pos;
    if (!(end = memchr(attr->value, quote, p->len - p->pos))) return fail(p, XMPP_XML_E_MALFORMED);
    attr->value_len = (size_t)(end - attr->value);
    if (memchr(attr->value, '<', attr->value_len)) return fail(p, XMPP_XML_E_MALFORMED);
    p->pos += attr->value_len + 1;
    return 1;
}

static char *decoded_string(struct parser *p, const unsigned char *raw, size_t len, int attribute,
                            size_t *out_len)
{
    char *out = arena_alloc(p->arena, len + 1, 1);

    *out_len = 0;
    if (!out) return fail(p, XMPP_XML_E_ARENA), NULL;
    if (!decode_text(p, raw, len, attribute, out, out_len)) return NULL;
    out[*out_len] = 0;
    return out;
}

static int is_xmlns(const struct qname *name)
{
    return name_is(name->start, name->colon, "xmlns");
}

/* The start tag's attributes and namespace declarations, resolved, into
 * element (whose parent is set).  pos is after the element's name. */
static int read_attributes(struct parser *p, struct xmpp_xml_element *element, const struct qname *qname)
{
    struct raw_attr raw[XMPP_XML_ATTRS_MAX];
    struct xmpp_xml_attr *attrs;
    struct xmpp_xml_ns *decls;
    size_t count = 0, decl_count = 0, attr_count = 0, i, j, len;
    const char *ns;

    for (;;)
    {
        size_t before = p->pos;

        skip_space(p);
        if (at_end(p)) return fail(p, XMPP_XML_E_MALFORMED);
        if (p->data[p->pos] == '>' || p->data[p->pos] == '/') break;
        if (p->pos == before) return fail(p, XMPP_XML_E_MALFORMED); /* no space before the attribute */
        if (count == XMPP_XML_ATTRS_MAX) return fail(p, XMPP_XML_E_TOO_MANY);
        if (!read_attribute(p, &raw[count])) return 0;
        for (i = 0; i < count; i++)
            if (raw[i].name.len == raw[count].name.len &&
                !memcmp(raw[i].name.start, raw[count].name.start, raw[i].name.len))
                return fail(p, XMPP_XML_E_TOO_MANY);
        if (is_xmlns(&raw[count].name))
            decl_count++;
        else
            attr_count++;
        count++;
    }

    /* Declarations first: the element's own prefix and its attributes'
     * may be declared on it. */
    if (!(decls = arena_alloc(p->arena, decl_count * sizeof(*decls) + 1, sizeof(void *))))
        return fail(p, XMPP_XML_E_ARENA);
    for (i = 0, j = 0; i < count; i++)
    {
        const struct qname *name = &raw[i].name;
        int is_default = name->colon == name->len;
        const unsigned char *prefix = name->start + name->colon + 1;
        size_t prefix_len = is_default ? 0 : name->len - name->colon - 1;

        if (!is_xmlns(name)) continue;
        /* xml: is fixed and xmlns: reserved (Namespaces in XML 3). */
        if (!is_default && (name_is(prefix, prefix_len, "xml") || name_is(prefix, prefix_len, "xmlns")))
            return fail(p, XMPP_XML_E_NAMESPACE);
        if (!(decls[j].prefix = copy_string(p, prefix, prefix_len))) return 0;
        if (!(decls[j].uri = decoded_string(p, raw[i].value, raw[i].value_len, 1, &len))) return 0;
        /* Only the default namespace may be undeclared with "". */
        if (!is_default && !len) return fail(p, XMPP_XML_E_NAMESPACE);
        j++;
    }
    element->decls = decls;
    element->decl_count = decl_count;

    if (!(ns = lookup_ns(element, qname->start, qname->colon == qname->len ? 0 : qname->colon)))
        ns = qname->colon == qname->len ? "" : NULL;
    if (!ns) return fail(p, XMPP_XML_E_NAMESPACE);
    element->ns = ns;
    if (!(element->name = qname->colon == qname->len ? copy_string(p, qname->start, qname->len)
                                                     : copy_string(p, qname->start + qname->colon + 1,
                                                                   qname->len - qname->colon - 1)))
        return 0;

    if (!(attrs = arena_alloc(p->arena, attr_count * sizeof(*attrs) + 1, sizeof(void *))))
        return fail(p, XMPP_XML_E_ARENA);
    for (i = 0, j = 0; i < count; i++)
    {
        const struct qname *name = &raw[i].name;

        if (is_xmlns(name)) continue;
        /* An unprefixed attribute is in no namespace. */
        if (name->colon == name->len)
            attrs[j].ns = "";
        else if (!(attrs[j].ns = lookup_ns(element, name->start, name->colon)))
            return fail(p, XMPP_XML_E_NAMESPACE);
        if (!(attrs[j].name = copy_string(p, name->start, name->len))) return 0;
        if (!(attrs[j].value = decoded_string(p, raw[i].value, raw[i].value_len, 1, &len))) return 0;
        j++;
    }
    element->attrs = attrs;
    element->attr_count = attr_count;
    return 1;
}

/* The character data of an element that has children: its raw content
 * [start, end) read again with the children skipped (they were checked
 * already, so a '>' ends every tag but inside a quoted value). */
static int gather_text(struct parser *p, struct xmpp_xml_element *element, size_t start, size_t end)
{
    char *out = arena_alloc(p->arena, end - start + 1, 1);
    size_t pos = start, depth = 0, len = 0;

    if (!out) return fail(p, XMPP_XML_E_ARENA);
    while (pos < end)
    {
        size_t run = pos;

        if (p->data[pos] != '<')
        {
            while (pos < end && p->data[pos] != '<')
                pos++;
            if (!depth && !decode_text(p, p->data + run, pos - run, 0, out, &len)) return 0;
            continue;
        }
        if (p->data[pos + 1] == '/')
        {
            depth--;
            while (p->data[pos] != '>')
                pos++;
        }
        else
        {
            unsigned char quote = 0;

            for (pos++; quote || p->data[pos] != '>'; pos++)
                if (quote ? p->data[pos] == quote : p->data[pos] == '"' || p->data[pos] == '\'')
                    quote = quote ? 0 : p->data[pos];
            if (p->data[pos - 1] != '/') depth++;
        }
        pos++;
    }
    out[len] = 0;
    element->text = out;
    element->text_len = len;
    return 1;
}

static int restricted(const struct parser *p)
{
    return p->pos + 1 < p->len && (p->data[p->pos + 1] == '!' || p->data[p->pos + 1] == '?');
}

/* The element whose '<' is at pos; its parent is given. */
static const struct xmpp_xml_element *parse_element(struct parser *p, const struct xmpp_xml_element *parent,
                                                    size_t depth, enum xmpp_xml_mode mode)
{
    struct xmpp_xml_element *element, *last = NULL;
    size_t content_start, text_start = 0, text_end = 0, segments = 0;
    struct qname qname, end_name;

    if (depth >= XMPP_XML_DEPTH_MAX) return fail(p, XMPP_XML_E_TOO_DEEP), NULL;
    if (restricted(p)) return fail(p, XMPP_XML_E_RESTRICTED), NULL;
    p->pos++;
    if (!read_qname(p, &qname)) return NULL;
    if (!(element = arena_alloc(p->arena, sizeof(*element), sizeof(void *))))
        return fail(p, XMPP_XML_E_ARENA), NULL;
    memset(element, 0, sizeof(*element));
    element->parent = parent;
    element->text = "";
    if (!read_attributes(p, element, &qname)) return NULL;

    if (p->data[p->pos] == '/')
    {
        if (mode == XMPP_XML_START_TAG || p->pos + 1 >= p->len || p->data[p->pos + 1] != '>')
            return fail(p, XMPP_XML_E_MALFORMED), NULL;
        p->pos += 2;
        return element;
    }
    p->pos++; /* '>' */
    if (mode == XMPP_XML_START_TAG) return element;

    content_start = p->pos;
    for (;;)
    {
        size_t run = p->pos;

        while (!at_end(p) && p->data[p->pos] != '<')
            p->pos++;
        if (p->pos > run)
        {
            text_start = run, text_end = p->pos;
            segments++;
        }
        if (at_end(p)) return fail(p, XMPP_XML_E_MALFORMED), NULL;
        if (p->pos + 1 < p->len && p->data[p->pos + 1] == '/') break;
        {
            const struct xmpp_xml_element *child = parse_element(p, element, depth + 1, XMPP_XML_ELEMENT);

            if (!child) return NULL;
            if (last)
                ((struct xmpp_xml_element *)last)->next = child;
            else
                element->children = child;
            last = (struct xmpp_xml_element *)child;
        }
    }

    /* Character data: one run is decoded as it stands; around children it
     * is gathered again from the whole content. */
    if (segments == 1 && !element->children)
    {
        char *text = decoded_string(p, p->data + text_start, text_end - text_start, 0, &element->text_len);

        if (!text) return NULL;
        element->text = text;
    }
    else if (segments && !gather_text(p, element, content_start, p->pos))
        return NULL;

    p->pos += 2;
    if (!read_qname(p, &end_name)) return NULL;
    if (end_name.len != qname.len || memcmp(end_name.start, qname.start, qname.len))
        return fail(p, XMPP_XML_E_MISMATCH), NULL;
    skip_space(p);
    if (at_end(p) || p->data[p->pos] != '>') return fail(p, XMPP_XML_E_MALFORMED), NULL;
    p->pos++;
    return element;
}

/* Well-formed UTF-8 with only the characters XML allows. */
static int check_characters(struct parser *p)
{
    size_t pos = 0, n;
    uint32_t cp;

    while (pos < p->len)
    {
        if (!(n = core_utf8_decode(p->data + pos, p->len - pos, &cp)) || !xml_char(cp))
            return fail(p, XMPP_XML_E_MALFORMED);
        pos += n;
    }
    return 1;
}

enum xmpp_xml_status xmpp_xml_parse(const char *data, size_t len, enum xmpp_xml_mode mode,
                                    const struct xmpp_xml_element *context, struct xmpp_xml_arena *arena,
                                    const struct xmpp_xml_element **root)
{
    struct parser p = {(const unsigned char *)data, len, 0, arena, XMPP_XML_OK};
    const struct xmpp_xml_element *element;

    if (root) *root = NULL;
    if ((!data && len) || !arena || !root || (mode != XMPP_XML_ELEMENT && mode != XMPP_XML_START_TAG))
        return XMPP_XML_E_INVALIDARG;
    arena->used = 0;
    if (!check_characters(&p)) return p.status;
    skip_space(&p);
    if (at_end(&p) || p.data[p.pos] != '<') return XMPP_XML_E_MALFORMED;
    if (!(element = parse_element(&p, context, 0, mode))) return p.status;
    skip_space(&p);
    if (!at_end(&p)) return XMPP_XML_E_TRAILING;
    *root = element;
    return XMPP_XML_OK;
}

const struct xmpp_xml_element *xmpp_xml_child(const struct xmpp_xml_element *element, const char *name,
                                              const char *ns)
{
    const struct xmpp_xml_element *child;

    for (child = element ? element->children : NULL; child; child = child->next)
        if ((!name || !strcmp(child->name, name)) && (!ns || !strcmp(child->ns, ns))) return child;
    return NULL;
}

const char *xmpp_xml_attr(const struct xmpp_xml_element *element, const char *name)
{
    size_t i;

    for (i = 0; element && i < element->attr_count; i++)
        if (!*element->attrs[i].ns && !strcmp(element->attrs[i].name, name)) return element->attrs[i].value;
    return NULL;
}

long xmpp_xml_escape(char *out, size_t size, const char *text, size_t len)
{
    size_t i, used = 0;

    if (!out || !size || (!text && len)) return -1;
    for (i = 0; i < len; i++)
    {
        unsigned char c = (unsigned char)text[i];
        const char *escape = NULL;
        size_t n;

        switch (c)
        {
        case '<': escape = "&lt;"; break;
        case '>': escape = "&gt;"; break;
        case '&': escape = "&amp;"; break;
        case '"': escape = "&quot;"; break;
        case '\'': escape = "&apos;"; break;
        case '\r': escape = "&#13;"; break;
        case '\n': escape = "&#10;"; break;
        case '\t': escape = "&#9;"; break;
        default:
            if (c < 0x20) return out[0] = 0, -1;
        }
        n = escape ? strlen(escape) : 1;
        if (n >= size - used) return out[0] = 0, -1;
        if (escape)
            memcpy(out + used, escape, n);
        else
            out[used] = (char)c;
        used += n;
    }
    out[used] = 0;
    return (long)used;
}
