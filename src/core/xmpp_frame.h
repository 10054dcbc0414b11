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

#ifndef MSGSC_CORE_XMPP_FRAME_H
#define MSGSC_CORE_XMPP_FRAME_H

#include <stddef.h>
#include <stdint.h>

/* An XMPP stream (RFC 6120 4) is one XML document that stays open for the
 * whole connection: the <stream:stream> start tag, then its children, the
 * stanzas and the stream-level elements (<stream:features/>, <proceed/>,
 * <challenge/>, <success/>, <message/>, <iq/>, <presence/>,
 * <stream:error/>), and </stream:stream> when it ends.  A DOM or pull
 * parser that wants a whole document (Wine's xmllite fails on a short read
 * and cannot resume after E_PENDING) cannot read that.  The framer can: it
 * is fed the bytes as they arrive, cut anywhere, and hands out the stream
 * header and then each top-level element, complete, for a real XML parser
 * to parse from memory.  It does not parse: it lexes just enough to count
 * depth without being fooled (quoted attribute values, self-closing tags,
 * end tags matched to their start tags), and refuses what XMPP forbids.
 *
 * Entities, namespaces, duplicate attributes and the exact Unicode ranges
 * of XML names are left to the parser.  A stanza that uses the stream's
 * prefix (<stream:features/>, <stream:error/>) needs the header's
 * namespace declarations to be parsed namespace-aware: keep the header's
 * bytes and parse header + stanza + "</stream:stream>".
 *
 * After <proceed/> (STARTTLS) and <success/> (SASL) the stream restarts
 * (RFC 6120 5.4.3.3, 6.4.6): stop feeding at that frame, since the bytes
 * after <proceed/> are TLS, and initialise the framer again for the new
 * stream.  No allocation: the caller gives the buffer that holds one
 * frame, and its size is the largest frame accepted. */

/* A buffer size for xmpp_framer_init, the largest stanza taken: plenty
 * for rosters, presence and invitations, and little for a hostile peer to
 * make us hold. */
#define XMPP_FRAME_DEFAULT_MAX (64 * 1024)
/* Elements open at once within one stanza, the stanza itself included. */
#define XMPP_FRAME_DEPTH_MAX 64
/* The XML declaration "<?xml ...?>" before the header, in bytes. */
#define XMPP_FRAME_DECL_MAX 256
/* The stream element's only accepted name (RFC 6120 4.8.5: "stream:" is
 * the prefix every implementation uses, and may be the only one accepted). */
#define XMPP_FRAME_STREAM_NAME "stream:stream"

/* Every status but XMPP_FRAME_OK ends the stream: the framer takes no more
 * bytes, and the caller sends the stream error the comment names (RFC 6120
 * 4.9.3) and closes the connection. */
#define XMPP_FRAME_STATUS_MAP(XX)                                                                            \
    XX(OK, 0, "no error")                                                                                    \
    XX(E_INVALIDARG, -1, "no buffer, or bytes given as NULL")                                                \
    XX(E_NUL, -2, "a NUL byte (not-well-formed)")                                                            \
    XX(E_BAD_CHAR, -3, "a character XML does not allow: a control character, U+FFFE, U+FFFF")                \
    XX(E_UTF8, -4, "bytes that are not UTF-8 (unsupported-encoding)")                                        \
    XX(E_TOO_LARGE, -5,                                                                                      \
       "a stanza, the header or the XML declaration larger than its limit (policy-violation)")               \
    XX(E_TOO_DEEP, -6, "more than XMPP_FRAME_DEPTH_MAX elements open in one stanza (policy-violation)")      \
    XX(E_COMMENT, -7, "an XML comment (restricted-xml)")                                                     \
    XX(E_PI, -8, "a processing instruction, or an XML declaration after the first byte (restricted-xml)")    \
    XX(E_CDATA, -9, "a CDATA section (restricted-xml)")                                                      \
    XX(E_DTD, -10, "a document type declaration (restricted-xml)")                                           \
    XX(E_NOT_STREAM, -11, "the first element is not an open <stream:stream> (not an XMPP stream)")           \
    XX(E_NESTED_STREAM, -12, "a <stream:stream> inside the stream (not-well-formed)")                        \
    XX(E_TEXT, -13, "text between stanzas other than white space (not-well-formed)")                         \
    XX(E_MISMATCH, -14, "an end tag that does not close the open element (not-well-formed)")                 \
    XX(E_MALFORMED, -15, "markup that is not XML: a bad tag, attribute or end tag (not-well-formed)")        \
    XX(E_AFTER_END, -16, "bytes after </stream:stream>")

enum xmpp_frame_status
{
#define XX(name, value, text) XMPP_FRAME_##name = value,
    XMPP_FRAME_STATUS_MAP(XX)
#undef XX
};

/* The enumerator's name without the XMPP_FRAME_ prefix, and its text, for
 * traces; never NULL. */
const char *xmpp_frame_status_name(enum xmpp_frame_status status);
const char *xmpp_frame_status_text(enum xmpp_frame_status status);

enum xmpp_frame_type
{
    XMPP_FRAME_NONE,   /* nothing complete yet: feed more bytes */
    XMPP_FRAME_HEADER, /* the <stream:stream ...> start tag */
    XMPP_FRAME_STANZA, /* one top-level element, from its '<' to its last '>' */
    XMPP_FRAME_END     /* </stream:stream>: the peer closed its stream */
};

/* What xmpp_framer_feed completed.  data points into the framer's buffer
 * and stays valid until the next call; it is not NUL-terminated. */
struct xmpp_frame
{
    enum xmpp_frame_type type;
    const char *data;
    size_t len;
};

/* The fields are private. */
struct xmpp_framer
{
    int state;                     /* where the next byte falls */
    int kind;                      /* of the tag being read: header, stanza, child */
    int empty;                     /* the tag being read ends with "/>" */
    enum xmpp_frame_status status; /* once failed */
    char *buf;                     /* the current frame's bytes */
    size_t size, len;
    size_t depth;                            /* elements open in the current stanza */
    size_t name_start, count;                /* the name being read: where it starts, its bytes so far */
    size_t decl_len;                         /* bytes of the XML declaration */
    unsigned char quote;                     /* of the attribute value being read */
    unsigned char utf8_need;                 /* continuation bytes still to come */
    unsigned char utf8_low, utf8_high;       /* the range of the next continuation byte */
    uint32_t utf8_cp;                        /* the code point so far */
    size_t open_start[XMPP_FRAME_DEPTH_MAX]; /* the open elements' names, in buf */
    size_t open_len[XMPP_FRAME_DEPTH_MAX];
};

/* Ready for a stream's first byte, with buffer (size bytes, the largest
 * frame accepted; XMPP_FRAME_DEFAULT_MAX is a good size).  Initialise
 * again for each new stream (the restarts after STARTTLS and SASL).
 * XMPP_FRAME_E_INVALIDARG for a NULL buffer or a size of 0; the framer
 * then refuses every byte with it. */
enum xmpp_frame_status xmpp_framer_init(struct xmpp_framer *framer, char *buffer, size_t size);

/* Consumes bytes from data until one frame is complete or all len bytes
 * are used; *used says how many it took (framer, used and frame are never
 * NULL; data may be when len is 0).  Returns XMPP_FRAME_OK with
 * frame->type XMPP_FRAME_NONE (all bytes used, need more), or with a
 * complete frame (call again with the rest, data + *used); or an error as
 * soon as a byte makes the stream malformed, *used then counting the bytes
 * up to and including that byte, so that the verdict and where it falls
 * never depend on how the bytes were cut.  After an error, every call
 * returns it again and takes nothing.  After XMPP_FRAME_END, any byte is
 * XMPP_FRAME_E_AFTER_END.
 *
 * What it takes: optionally "<?xml" white space ... "?>" as the very first
 * bytes (printable ASCII, at most XMPP_FRAME_DECL_MAX bytes; its version
 * and encoding are not looked at: RFC 6120 11.6 makes every stream UTF-8,
 * and every byte is checked to be), white space, the stream header (an
 * open start tag named XMPP_FRAME_STREAM_NAME), then top-level elements
 * with white space between them (whitespace keepalives, RFC 6120 4.6.1,
 * are skipped), up to the end tag </stream:stream>.
 *
 * What it refuses (RFC 6120 11.1 forbids comments, processing
 * instructions, DTDs; CDATA sections are refused too, no server sends
 * them): the statuses of XMPP_FRAME_STATUS_MAP.  Every byte is judged as
 * it arrives: NUL, the C0 controls but TAB, LF and CR, malformed UTF-8
 * (overlong forms, surrogates, over U+10FFFF; an impossible second byte
 * fails at that byte), U+FFFE and U+FFFF; then the markup.  Inside quoted
 * attribute values (either quote) '>' and '/' are data.  XML 1.0 (2.4,
 * 3.1) allows a raw '>' in values and text; RFC 3920 11.1 made senders
 * escape it, so a strict peer sends "&gt;" and a lax one may send '>':
 * both are taken.  A raw '<' in a value is refused, as XML refuses it.  Start and
 * end tags: a name (ASCII letters, digits, '_', ':', '-', '.', any
 * non-ASCII character; not starting with a digit, '-' or '.'), attributes
 * each preceded by white space as name, optional white space, '=',
 * optional white space, a quoted value; an end tag's name must be the
 * open element's, byte for byte, and fails at the first byte that differs. */
enum xmpp_frame_status xmpp_framer_feed(struct xmpp_framer *framer, const char *data, size_t len,
                                        size_t *used, struct xmpp_frame *frame);

#endif
