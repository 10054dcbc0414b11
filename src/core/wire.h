/*
 * The invitation wire format: text/x-msmsgsinvite payloads and the broker-to-broker stream framing.
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

#ifndef MSGSC_CORE_WIRE_H
#define MSGSC_CORE_WIRE_H

#include <stddef.h>
#include <stdint.h>

#include "session.h"

/* Portable and allocation-free: every buffer is fixed and every loop is
 * bounded by the input length.  docs/protocol.md describes the bytes; the
 * field choices follow invite-wire-protocol.md sections 1, 2, 7 and 9. */

/* ---- The limits of the wire: this table is the only place they are
 * written (docs/protocol.md section 7 explains them) ---- */

/* A switchboard MSG payload may be at most 1664 bytes (spec 7). */
#define WIRE_PAYLOAD_MAX 1664
/* The digits of the longest <length> on a MSG line (of WIRE_PAYLOAD_MAX). */
#define WIRE_LENGTH_DIGITS 4
/* Sign-in names on the stream: core_signin_check's syntax (printable ASCII
 * without space), at most this many. */
#define WIRE_SIGNIN_MAX CORE_SIGNIN_MAX_CHARS
/* A friendly name on the MSG line, URL-encoded (MSNP's limit). */
#define WIRE_FRIENDLY_MAX 387
/* "USR <sign-in>\r\n" */
#define WIRE_HELLO_MAX (4 + WIRE_SIGNIN_MAX + 2)
/* "MSG <sign-in> <friendly> <length>\r\n": the longest line there is. */
#define WIRE_HEADER_MAX (4 + WIRE_SIGNIN_MAX + 1 + WIRE_FRIENDLY_MAX + 1 + WIRE_LENGTH_DIGITS + 2)
/* A header followed by its payload. */
#define WIRE_FRAME_MAX (WIRE_HEADER_MAX + WIRE_PAYLOAD_MAX)
/* Invitation-Cookie: what an inviter draws (1..WIRE_COOKIE_SEND_MAX, which
 * every numeric parser of spec 4.3 reads), and the largest one received
 * (decimal, no sign or leading zero). */
#define WIRE_COOKIE_SEND_MAX 2147483647u
#define WIRE_COOKIE_MAX      4294967295u
/* X-Msgsc-HResult: "0x" and at most this many hex digits (32 bits). */
#define WIRE_HRESULT_DIGITS 8

/* The Invitation-Command of SendContextData's message.  The real token is
 * unknown (spec 2.7, Q-W1); keep it in this one place. */
#define WIRE_CONTEXT_COMMAND "CONTEXT"

/* ---- Payloads ---- */

/* Builds the payload of msg: the MIME block of spec 1.2, the fields in the
 * order of spec 1.5, CR LF line ends and a closing empty line.
 *   INVITE       Application-Name, -GUID, -URL (if any), Session-Protocol: SM1,
 *                Context-Data (if any), Invitation-Command, -Cookie,
 *                Session-ID, and IP-Address = the inviter's LocalAddress (if any)
 *   ACCEPT       #1 (final_accept 0): cookie, Session-ID, Session-Protocol: SM1,
 *                Context-Data (if any), Launch-Application: TRUE,
 *                Request-Data: IP-Address:, IP-Address (if any);
 *                #2 (final_accept 1): the same without Session-Protocol and
 *                Request-Data
 *   DECLINE      CANCEL with Cancel-Code REJECT (or REJECT_NOT_INSTALLED)
 *   CANCEL       CANCEL with msg->cancel_code (CORE_CANCEL_NONE: TIMEOUT for
 *                CORE_E_TIMEOUT, FAIL for CORE_E_LAUNCH_FAILED and
 *                CORE_E_PROTOCOL_ERROR, else OUTBANDCANCEL), plus
 *                X-Msgsc-HResult: 0xXXXXXXXX when msg->reason is
 *                CORE_E_PEER_HRESULT (the hr given to Cancel)
 *   CONTEXT_DATA Invitation-Command: CONTEXT, cookie, Session-ID, Context-Data
 * Session-ID is left out when msg->session_id is NULL or "".  msg->peer is
 * not part of the payload.  On success buf holds the payload and a NUL
 * (size >= WIRE_PAYLOAD_MAX + 1 always suffices) and *len its length.
 * Fails, never truncating, with CORE_E_INVALIDARG for a cookie of 0, an
 * INVITE without GUID, an unknown type, a value containing CR or LF, or a
 * payload over WIRE_PAYLOAD_MAX (CORE_E_CONTEXT_DATA_OVER_LIMIT for
 * CONTEXT_DATA); with CORE_E_FAIL when the payload does not fit in size
 * (*len then says how many bytes it needs, without the NUL). */
enum core_status wire_build(const struct core_message *msg, char *buf, size_t size, size_t *len);

/* The Invitation-Command a payload carried. */
enum wire_command
{
    WIRE_COMMAND_NONE, /* parsing failed before the command was known */
    WIRE_COMMAND_INVITE,
    WIRE_COMMAND_ACCEPT,
    WIRE_COMMAND_CANCEL, /* also its synonym REJECT */
    WIRE_COMMAND_CONTEXT,
    WIRE_COMMAND_UNKNOWN /* well-formed, but a command we do not know */
};

/* A parsed payload.  Every string of msg points into this structure, so it
 * stays valid as long as the structure is neither changed nor reused. */
struct wire_parsed
{
    struct core_message msg;
    enum wire_command command;
    const char *command_text;     /* the Invitation-Command as received, or NULL */
    const char *cancel_code_text; /* the Cancel-Code as received, or NULL */
    const char *session_protocol; /* the Session-Protocol as received, or NULL */
    const char *error;            /* why parsing failed (English, for logs); "" on success */
    char peer[WIRE_SIGNIN_MAX + 1];
    char storage[WIRE_PAYLOAD_MAX + 1];
};

/* Parses one payload of len bytes (spec 1.3, 9.3): the first Content-Type
 * header's media type must be text/x-msmsgsinvite (any case); each line is
 * split at its first ':' and blanks around name and value are stripped;
 * names compare case-insensitively; the first occurrence of a field wins;
 * unknown fields are ignored; the body ends at its first empty line (or at
 * the end of the payload).  peer (may be NULL) is the sender's sign-in name
 * from the MSG line; it is copied to msg.peer.
 * The message: cookie 1..WIRE_COOKIE_MAX (decimal, no sign, no leading zero);
 * session_id, address (IP-Address), app_guid, app_name, app_url are NULL
 * when absent; data is the Context-Data or "".  An ACCEPT without
 * Session-Protocol and Request-Data sets final_accept (the inviter's
 * ACCEPT #2).  CANCEL and REJECT (spec 9.2): with a valid X-Msgsc-HResult
 * -> CANCEL, reason CORE_E_PEER_HRESULT, hr; else REJECT and
 * REJECT_NOT_INSTALLED -> DECLINE; TIMEOUT and FTTIMEOUT -> CANCEL with
 * CORE_E_TIMEOUT; FAIL -> CANCEL with CORE_E_PROTOCOL_ERROR; OUTBANDCANCEL,
 * a missing or an unknown code -> CANCEL with reason CORE_OK (the session
 * picks SR_SESSION_CANCELLED_REMOTE or SR_CANCEL_BEFORE_CONNECT).
 * Returns CORE_OK with a message for the session; CORE_S_FALSE for a
 * well-formed payload with an unknown command (drop it); CORE_E_INVALIDARG
 * for a NULL out, payload or an over-long peer; CORE_E_PROTOCOL_ERROR for a
 * malformed payload (the broker closes the connection, out->error says
 * why): over WIRE_PAYLOAD_MAX, a NUL byte, a CR not followed by LF (also as
 * the last byte), no blank line after the MIME header, another content
 * type, no Invitation-Command or Invitation-Cookie, a bad cookie, an INVITE
 * without Application-GUID.  Field values are not checked beyond this; the
 * session validates GUIDs, addresses and data. */
enum core_status wire_parse(const char *payload, size_t len, const char *peer, struct wire_parsed *out);

/* What an invitee's broker answers to a parsed INVITE (spec 9.3 item 3):
 * CORE_CANCEL_NONE when its Session-Protocol lists SM1 (make the invitee
 * session); CORE_CANCEL_FAIL when it lists no protocol we know;
 * CORE_CANCEL_REJECT_NOT_INSTALLED when it has none (file transfer,
 * DirectPlay games). */
enum core_cancel_code wire_invite_check(const struct wire_parsed *parsed);

/* The CANCEL that refuses a parsed INVITE with code, in *out (whose
 * strings point into parsed): the same session and cookie, no data. */
void wire_refusal(const struct wire_parsed *parsed, enum core_cancel_code code, struct core_message *out);

/* The Cancel-Code token, e.g. "REJECT"; "" for CORE_CANCEL_NONE. */
const char *wire_cancel_code_name(enum core_cancel_code code);

/* ---- Stream framing between two brokers (docs/protocol.md) ---- */

/* "USR <signin>\r\n".  CORE_E_BAD_SIGNIN unless core_signin_check accepts
 * signin; CORE_E_FAIL when buf is too small
 * (WIRE_HELLO_MAX + 1 always suffices).  buf is NUL-terminated. */
enum core_status wire_build_hello(const char *signin, char *buf, size_t size, size_t *len);

/* "MSG <signin> <URL-encoded friendly> <length>\r\n".  friendly is UTF-8;
 * NULL or "" sends the sign-in name instead.  Every byte outside
 * A-Z a-z 0-9 - _ . ~ is sent as %XX.  CORE_E_BAD_SIGNIN as above,
 * CORE_E_TOO_LONG when the encoded name is over WIRE_FRIENDLY_MAX,
 * CORE_E_INVALIDARG for a length of 0 or over WIRE_PAYLOAD_MAX, CORE_E_FAIL
 * when buf is too small (WIRE_HEADER_MAX + 1 always suffices). */
enum core_status wire_build_header(const char *signin, const char *friendly, size_t length, char *buf,
                                   size_t size, size_t *len);

/* wire_build_header followed by wire_build's payload, in one buffer
 * (WIRE_FRAME_MAX + 1 always suffices); the errors of both. */
enum core_status wire_build_frame(const struct core_message *msg, const char *signin, const char *friendly,
                                  char *buf, size_t size, size_t *len);

enum wire_frame_type
{
    WIRE_FRAME_NONE,  /* nothing complete yet: feed more bytes */
    WIRE_FRAME_HELLO, /* signin */
    WIRE_FRAME_MSG    /* signin, friendly, payload, length */
};

/* What wire_reader_feed completed.  The strings point into the reader and
 * stay valid until its next call.  payload is also NUL-terminated. */
struct wire_frame
{
    enum wire_frame_type type;
    const char *signin;   /* the hello's name, or the MSG line's sender */
    const char *friendly; /* MSG: the friendly name, URL-decoded */
    const char *payload;  /* MSG: exactly length bytes */
    size_t length;        /* MSG: 1..WIRE_PAYLOAD_MAX */
};

/* An incremental reader for one connection.  It accepts exactly one hello
 * first, then MSG frames whose sender equals the hello's name (compared
 * case-insensitively).  It judges every byte as it arrives: the moment a
 * byte makes the input malformed, whether or not a line end follows, the
 * reader fails; it then refuses all input and the caller closes the
 * connection.  The fields are private except error. */
struct wire_reader
{
    int state;
    const char *error;                /* why the connection must close; "" while none */
    int part;                         /* the part of the line the next byte belongs to */
    size_t count;                     /* bytes of that part so far */
    int escape, high;                 /* friendly name: %XX digits read (0..2), the first one's value */
    size_t friendly_len;              /* decoded bytes of the friendly name */
    size_t signin_len;                /* of the hello's name */
    size_t need, have;                /* payload bytes announced and received */
    int cr;                           /* payload: the last byte was a CR */
    char signin[WIRE_SIGNIN_MAX + 1]; /* from the hello */
    char sender[WIRE_SIGNIN_MAX + 1]; /* of the current frame */
    char friendly[WIRE_FRIENDLY_MAX + 1];
    char payload[WIRE_PAYLOAD_MAX + 1];
};

void wire_reader_init(struct wire_reader *reader);

/* Consumes bytes from data until one hello or frame is complete or all len
 * bytes are used; *used says how many it took.  Returns CORE_OK with
 * frame->type WIRE_FRAME_NONE (all bytes used, need more), or with a
 * complete hello/frame (call again with the *used.. rest); or
 * CORE_E_PROTOCOL_ERROR as soon as a byte makes the input malformed, *used
 * then counting the bytes up to and including that byte, so that the
 * verdict and where it falls never depend on how the bytes were cut.
 * Malformed is: in a line, a byte that is not printable ASCII (a NUL,
 * another control character, DEL or a byte over 0x7e) other than the CR LF
 * that ends it, a LF without CR, a CR not followed by LF or before the line
 * is complete; a first line that is not "USR " and a sign-in name; a later
 * line that is not "MSG " (a second hello included); a bad sign-in name; a
 * sender other than the hello's (it fails at the first byte that differs);
 * a friendly name that is empty, has a bad %XX escape or %00, or is over
 * WIRE_FRIENDLY_MAX; a length that is not decimal, has a leading zero, is
 * 0 or over WIRE_PAYLOAD_MAX (it fails at the digit that takes it over);
 * in a payload, the byte rules of wire_parse: a NUL, a CR not followed by
 * LF (also as the payload's last byte).  Any other byte of a payload is
 * wire_parse's to judge once the frame is complete. */
enum core_status wire_reader_feed(struct wire_reader *reader, const char *data, size_t len, size_t *used,
                                  struct wire_frame *frame);

#endif
