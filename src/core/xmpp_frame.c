/*
 * The XMPP stream framer: the stream header and each complete top-level stanza of an open-ended XML stream
 * (portable).
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

#include "xmpp_frame.h"

/* One byte at a time, through two checks: the character (NUL, controls,
 * UTF-8), then the markup, a small lexer of XML 1.0's productions for
 * tags (STag, EmptyElemTag, ETag, Attribute) that keeps a stack of the
 * open elements' names.  Each state says where the next byte falls; the
 * byte alone decides what follows, so a verdict never depends on how the
 * bytes were cut. */

enum
{
    S_START,         /* the stream's first byte: the XML declaration may come */
    S_PROLOG,        /* before the header */
    S_STREAM,        /* between stanzas */
    S_CONTENT,       /* character data inside a stanza */
    S_LT,            /* after '<' */
    S_LT_FIRST,      /* after '<' as the stream's first byte */
    S_BANG,          /* after "<!" */
    S_DECL_NAME,     /* after "<?": "xml" */
    S_DECL_SPACE,    /* after "<?xml": white space must follow */
    S_DECL_BODY,     /* the declaration's pseudo-attributes */
    S_DECL_QUESTION, /* a '?' in the declaration: '>' ends it */
    S_TAG_NAME,      /* a start tag's name */
    S_TAG_SPACE,     /* white space in a start tag */
    S_ATTR_NAME,
    S_ATTR_EQ,    /* after an attribute's name: '=' */
    S_ATTR_QUOTE, /* after '=': the opening quote */
    S_ATTR_VALUE,
    S_ATTR_AFTER, /* after the closing quote: white space, '/' or '>' */
    S_TAG_SLASH,  /* "/" in a start tag: '>' must follow */
    S_END_NAME,   /* after "</" */
    S_END_SPACE,  /* white space after an end tag's name */
    S_ENDED,      /* after </stream:stream> */
    S_FAILED
};

/* What the tag being read is. */
enum
{
    KIND_HEADER, /* the stream's start tag */
    KIND_STANZA, /* a child of the stream */
    KIND_CHILD   /* an element inside a stanza */
};

static const char stream_name[] = XMPP_FRAME_STREAM_NAME;
#define STREAM_NAME_LEN (sizeof(stream_name) - 1)

const char *xmpp_frame_status_name(enum xmpp_frame_status status)
{
    switch (status)
    {
#define XX(name, value, text)                                                                                \
    case XMPP_FRAME_##name: return #name;
        XMPP_FRAME_STATUS_MAP(XX)
#undef XX
    }
    return "UNKNOWN";
}

const char *xmpp_frame_status_text(enum xmpp_frame_status status)
{
    switch (status)
    {
#define XX(name, value, text)                                                                                \
    case XMPP_FRAME_##name: return text;
        XMPP_FRAME_STATUS_MAP(XX)
#undef XX
    }
    return "unknown status";
}

/* XML's S production. */
static int is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* NameStartChar, with every non-ASCII byte taken (the parser judges the
 * exact ranges; the UTF-8 check has judged the bytes). */
static int is_name_start(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == ':' || c >= 0x80;
}

static int is_name_char(unsigned char c)
{
    return is_name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

static enum xmpp_frame_status failed(struct xmpp_framer *framer, enum xmpp_frame_status status)
{
    framer->state = S_FAILED;
    framer->status = status;
    return status;
}

enum xmpp_frame_status xmpp_framer_init(struct xmpp_framer *framer, char *buffer, size_t size)
{
    memset(framer, 0, sizeof(*framer));
    framer->state = S_START;
    framer->utf8_low = 0x80;
    framer->utf8_high = 0xbf;
    if (!buffer || !size) return failed(framer, XMPP_FRAME_E_INVALIDARG);
    framer->buf = buffer;
    framer->size = size;
    return XMPP_FRAME_OK;
}

/* The character check (XML 1.0 2.2, Char; RFC 6120 11.6, UTF-8): every
 * byte, whatever the markup.  The second byte of a sequence has a narrower
 * range after E0, ED, F0 and F4 (RFC 3629 4), so that overlong forms,
 * surrogates and code points over U+10FFFF fail at that byte. */
static enum xmpp_frame_status check_char(struct xmpp_framer *framer, unsigned char c)
{
    if (framer->utf8_need)
    {
        if (c < framer->utf8_low || c > framer->utf8_high) return XMPP_FRAME_E_UTF8;
        framer->utf8_low = 0x80;
        framer->utf8_high = 0xbf;
        framer->utf8_cp = framer->utf8_cp << 6 | (c & 0x3f);
        if (--framer->utf8_need) return XMPP_FRAME_OK;
        /* Not characters for XML. */
        if (framer->utf8_cp == 0xfffe || framer->utf8_cp == 0xffff) return XMPP_FRAME_E_BAD_CHAR;
        return XMPP_FRAME_OK;
    }
    if (!c) return XMPP_FRAME_E_NUL;
    if (c < 0x20 && !is_space(c)) return XMPP_FRAME_E_BAD_CHAR;
    if (c < 0x80) return XMPP_FRAME_OK;
    if (c < 0xc2 || c > 0xf4) return XMPP_FRAME_E_UTF8; /* a continuation byte, C0, C1, F5..FF */
    if (c < 0xe0)
    {
        framer->utf8_need = 1;
        framer->utf8_cp = c & 0x1f;
    }
    else if (c < 0xf0)
    {
        framer->utf8_need = 2;
        framer->utf8_cp = c & 0x0f;
        if (c == 0xe0) framer->utf8_low = 0xa0;  /* under U+0800: overlong */
        if (c == 0xed) framer->utf8_high = 0x9f; /* U+D800..DFFF: surrogates */
    }
    else
    {
        framer->utf8_need = 3;
        framer->utf8_cp = c & 0x07;
        if (c == 0xf0) framer->utf8_low = 0x90;  /* under U+10000: overlong */
        if (c == 0xf4) framer->utf8_high = 0x8f; /* over U+10FFFF */
    }
    return XMPP_FRAME_OK;
}

/* Appends a byte to the frame being read. */
static enum xmpp_frame_status keep(struct xmpp_framer *framer, unsigned char c)
{
    if (framer->len == framer->size) return XMPP_FRAME_E_TOO_LARGE;
    framer->buf[framer->len++] = (char)c;
    return XMPP_FRAME_OK;
}

/* The frame in buf is complete. */
static void emit(struct xmpp_framer *framer, enum xmpp_frame_type type, struct xmpp_frame *frame)
{
    frame->type = type;
    frame->data = framer->buf;
    frame->len = framer->len;
    /* The bytes stay in buf until the next call writes over them. */
    framer->len = 0;
}

/* A '<' outside markup: what kind of tag may follow. */
static int tag_kind(const struct xmpp_framer *framer)
{
    if (framer->state == S_START || framer->state == S_PROLOG) return KIND_HEADER;
    return framer->depth ? KIND_CHILD : KIND_STANZA;
}

/* The '>' of a start tag, or of an empty-element tag when framer->empty. */
static enum xmpp_frame_status tag_end(struct xmpp_framer *framer, struct xmpp_frame *frame)
{
    if (framer->kind == KIND_HEADER)
    {
        /* <stream:stream/> would be a stream that is over before it began. */
        if (framer->empty) return XMPP_FRAME_E_NOT_STREAM;
        emit(framer, XMPP_FRAME_HEADER, frame);
        framer->state = S_STREAM;
        return XMPP_FRAME_OK;
    }
    if (framer->empty)
    {
        framer->state = S_CONTENT;
        if (framer->kind == KIND_STANZA)
        {
            emit(framer, XMPP_FRAME_STANZA, frame);
            framer->state = S_STREAM;
        }
        return XMPP_FRAME_OK;
    }
    if (framer->depth == XMPP_FRAME_DEPTH_MAX) return XMPP_FRAME_E_TOO_DEEP;
    framer->open_start[framer->depth] = framer->name_start;
    framer->open_len[framer->depth] = framer->count;
    framer->depth++;
    framer->state = S_CONTENT;
    return XMPP_FRAME_OK;
}

/* The byte that ends a start tag's name (white space, '/' or '>'). */
static enum xmpp_frame_status tag_name_end(struct xmpp_framer *framer)
{
    if (framer->kind == KIND_HEADER && framer->count != STREAM_NAME_LEN) return XMPP_FRAME_E_NOT_STREAM;
    /* A stream restarts only after a new framer starts (RFC 6120 4.3.3). */
    if (framer->kind == KIND_STANZA && framer->count == STREAM_NAME_LEN &&
        !memcmp(framer->buf + framer->name_start, stream_name, STREAM_NAME_LEN))
        return XMPP_FRAME_E_NESTED_STREAM;
    return XMPP_FRAME_OK;
}

/* The '>' of an end tag whose name matched. */
static void end_tag_end(struct xmpp_framer *framer, struct xmpp_frame *frame)
{
    if (!framer->depth)
    {
        emit(framer, XMPP_FRAME_END, frame);
        framer->state = S_ENDED;
        return;
    }
    framer->state = S_CONTENT;
    if (!--framer->depth)
    {
        emit(framer, XMPP_FRAME_STANZA, frame);
        framer->state = S_STREAM;
    }
}

/* One byte of an end tag's name, compared with the open element's (the
 * stream's when no stanza is open) as it arrives. */
static enum xmpp_frame_status end_name_byte(struct xmpp_framer *framer, unsigned char c)
{
    const char *expected = stream_name;
    size_t expected_len = STREAM_NAME_LEN;

    if (framer->depth)
    {
        expected = framer->buf + framer->open_start[framer->depth - 1];
        expected_len = framer->open_len[framer->depth - 1];
    }
    if (framer->count == expected_len || (unsigned char)expected[framer->count] != c)
        return XMPP_FRAME_E_MISMATCH;
    framer->count++;
    return XMPP_FRAME_OK;
}

/* The markup check of one byte that check_char accepted. */
static enum xmpp_frame_status step(struct xmpp_framer *framer, unsigned char c, struct xmpp_frame *frame)
{
    enum xmpp_frame_status status;

    switch (framer->state)
    {
    case S_START:
    case S_PROLOG:
    case S_STREAM:
        if (c == '<')
        {
            framer->kind = tag_kind(framer);
            framer->state = framer->state == S_START ? S_LT_FIRST : S_LT;
            framer->len = 0;
            return keep(framer, c);
        }
        if (is_space(c))
        {
            /* Keepalives and line breaks between stanzas are dropped. */
            if (framer->state == S_START) framer->state = S_PROLOG;
            return XMPP_FRAME_OK;
        }
        return framer->state == S_STREAM ? XMPP_FRAME_E_TEXT : XMPP_FRAME_E_NOT_STREAM;

    case S_CONTENT:
        /* Character data, entities and all, is the parser's. */
        if (c == '<')
        {
            framer->kind = KIND_CHILD;
            framer->state = S_LT;
        }
        return keep(framer, c);

    case S_LT_FIRST:
        if (c == '?')
        {
            /* The declaration is checked, not kept. */
            framer->len = 0;
            framer->count = 0;
            framer->decl_len = 2;
            framer->state = S_DECL_NAME;
            return XMPP_FRAME_OK;
        }
        /* fall through */
    case S_LT:
        if (c == '?') return XMPP_FRAME_E_PI;
        if (c == '!')
        {
            framer->state = S_BANG;
            return keep(framer, c);
        }
        if (c == '/')
        {
            if (framer->kind == KIND_HEADER) return XMPP_FRAME_E_NOT_STREAM;
            framer->count = 0;
            framer->state = S_END_NAME;
            return keep(framer, c);
        }
        if (!is_name_start(c)) return XMPP_FRAME_E_MALFORMED;
        if (framer->kind == KIND_HEADER && c != (unsigned char)stream_name[0]) return XMPP_FRAME_E_NOT_STREAM;
        framer->name_start = framer->len;
        framer->count = 1;
        framer->empty = 0;
        framer->state = S_TAG_NAME;
        return keep(framer, c);

    case S_BANG:
        /* "<!--", "<![CDATA[", "<!DOCTYPE": the byte after "<!" tells
         * which, and each is refused. */
        if (c == '-') return XMPP_FRAME_E_COMMENT;
        if (c == '[') return XMPP_FRAME_E_CDATA;
        if (c == 'D') return XMPP_FRAME_E_DTD;
        return XMPP_FRAME_E_MALFORMED;

    case S_DECL_NAME:
        if (c != (unsigned char)"xml"[framer->count]) return XMPP_FRAME_E_PI;
        framer->decl_len++;
        if (++framer->count == 3) framer->state = S_DECL_SPACE;
        return XMPP_FRAME_OK;

    case S_DECL_SPACE:
    case S_DECL_BODY:
    case S_DECL_QUESTION:
        /* "<?xml-stylesheet" and the like are processing instructions. */
        if (framer->state == S_DECL_SPACE && !is_space(c)) return XMPP_FRAME_E_PI;
        if (++framer->decl_len > XMPP_FRAME_DECL_MAX) return XMPP_FRAME_E_TOO_LARGE;
        if (framer->state == S_DECL_QUESTION && c == '>')
        {
            framer->state = S_PROLOG;
            return XMPP_FRAME_OK;
        }
        /* version, encoding and standalone are ASCII, without markup. */
        if (c >= 0x80 || c == '<' || c == '>') return XMPP_FRAME_E_MALFORMED;
        framer->state = c == '?' ? S_DECL_QUESTION : S_DECL_BODY;
        return XMPP_FRAME_OK;

    case S_TAG_NAME:
        if (is_name_char(c))
        {
            if (framer->kind == KIND_HEADER &&
                (framer->count == STREAM_NAME_LEN || c != (unsigned char)stream_name[framer->count]))
                return XMPP_FRAME_E_NOT_STREAM;
            framer->count++;
            return keep(framer, c);
        }
        if (!is_space(c) && c != '/' && c != '>') return XMPP_FRAME_E_MALFORMED;
        if ((status = tag_name_end(framer)) != XMPP_FRAME_OK) return status;
        /* fall through */
    case S_TAG_SPACE:
    case S_ATTR_AFTER:
        if ((status = keep(framer, c)) != XMPP_FRAME_OK) return status;
        if (is_space(c))
        {
            framer->state = S_TAG_SPACE;
            return XMPP_FRAME_OK;
        }
        if (c == '/')
        {
            framer->state = S_TAG_SLASH;
            return XMPP_FRAME_OK;
        }
        if (c == '>') return tag_end(framer, frame);
        /* An attribute, after white space only (XML 1.0 3.1). */
        if (framer->state == S_TAG_SPACE && is_name_start(c))
        {
            framer->state = S_ATTR_NAME;
            return XMPP_FRAME_OK;
        }
        return XMPP_FRAME_E_MALFORMED;

    case S_ATTR_NAME:
        if ((status = keep(framer, c)) != XMPP_FRAME_OK) return status;
        if (is_name_char(c)) return XMPP_FRAME_OK;
        if (is_space(c))
            framer->state = S_ATTR_EQ;
        else if (c == '=')
            framer->state = S_ATTR_QUOTE;
        else
            return XMPP_FRAME_E_MALFORMED;
        return XMPP_FRAME_OK;

    case S_ATTR_EQ:
        if ((status = keep(framer, c)) != XMPP_FRAME_OK) return status;
        if (c == '=')
            framer->state = S_ATTR_QUOTE;
        else if (!is_space(c))
            return XMPP_FRAME_E_MALFORMED;
        return XMPP_FRAME_OK;

    case S_ATTR_QUOTE:
        if ((status = keep(framer, c)) != XMPP_FRAME_OK) return status;
        if (c == '"' || c == '\'')
        {
            framer->quote = c;
            framer->state = S_ATTR_VALUE;
        }
        else if (!is_space(c))
            return XMPP_FRAME_E_MALFORMED; /* unquoted values are HTML, not XML */
        return XMPP_FRAME_OK;

    case S_ATTR_VALUE:
        /* Everything up to the closing quote is the value: '>' and '/'
         * included, and the other quote.  '<' may never be there. */
        if (c == '<') return XMPP_FRAME_E_MALFORMED;
        if (c == framer->quote) framer->state = S_ATTR_AFTER;
        return keep(framer, c);

    case S_TAG_SLASH:
        if (c != '>') return XMPP_FRAME_E_MALFORMED;
        if ((status = keep(framer, c)) != XMPP_FRAME_OK) return status;
        framer->empty = 1;
        return tag_end(framer, frame);

    case S_END_NAME:
        if (!framer->count && !is_name_start(c)) return XMPP_FRAME_E_MALFORMED;
        if (is_name_char(c))
        {
            if ((status = end_name_byte(framer, c)) != XMPP_FRAME_OK) return status;
            return keep(framer, c);
        }
        if (!is_space(c) && c != '>') return XMPP_FRAME_E_MALFORMED;
        /* The name is complete: it must be all of the open element's. */
        if (framer->count != (framer->depth ? framer->open_len[framer->depth - 1] : STREAM_NAME_LEN))
            return XMPP_FRAME_E_MISMATCH;
        /* fall through */
    case S_END_SPACE:
        if ((status = keep(framer, c)) != XMPP_FRAME_OK) return status;
        if (c == '>')
        {
            end_tag_end(framer, frame);
            return XMPP_FRAME_OK;
        }
        if (!is_space(c)) return XMPP_FRAME_E_MALFORMED;
        framer->state = S_END_SPACE;
        return XMPP_FRAME_OK;

    case S_ENDED: return XMPP_FRAME_E_AFTER_END;
    }
    return XMPP_FRAME_E_INVALIDARG;
}

enum xmpp_frame_status xmpp_framer_feed(struct xmpp_framer *framer, const char *data, size_t len,
                                        size_t *used, struct xmpp_frame *frame)
{
    size_t pos = 0;

    memset(frame, 0, sizeof(*frame));
    *used = 0;
    if (framer->state == S_FAILED) return framer->status;
    if (!data && len) return failed(framer, XMPP_FRAME_E_INVALIDARG);

    while (pos < len)
    {
        unsigned char c = (unsigned char)data[pos++];
        enum xmpp_frame_status status;

        /* After the end, even a valid character is one too many. */
        if (framer->state == S_ENDED)
            status = XMPP_FRAME_E_AFTER_END;
        else if ((status = check_char(framer, c)) == XMPP_FRAME_OK)
            status = step(framer, c, frame);
        if (status != XMPP_FRAME_OK)
        {
            *used = pos;
            memset(frame, 0, sizeof(*frame));
            return failed(framer, status);
        }
        if (frame->type != XMPP_FRAME_NONE) break;
    }
    *used = pos;
    return XMPP_FRAME_OK;
}
