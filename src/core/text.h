/*
 * Validation and measuring of the strings the API takes (portable, UTF-8).
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

#ifndef MSGSC_CORE_TEXT_H
#define MSGSC_CORE_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "status.h"

/* Documented limits (msgrpriv-api.md 2.1, 2.2; choices in docs/behaviour.md).
 * "Characters" are UTF-16 code units, as SysStringLen counts them. */
#define CORE_GUID_CHARS             38 /* "{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}" */
#define CORE_APP_NAME_MAX_CHARS     256
#define CORE_APP_URL_MAX_CHARS      256
#define CORE_APP_PATH_MAX_CHARS     260
#define CORE_ADDRESS_MAX_CHARS      30
#define CORE_APPDATA_MAX_BYTES      512 /* measured as UTF-8 */
#define CORE_CONTEXT_DATA_MAX_CHARS 300
#define CORE_CONTEXT_DATA_MAX_SENDS 5
#define CORE_SIGNIN_MAX_CHARS       129
#define CORE_PORT_MAX               65535 /* of a TCP port; 0 is never one */

/* Number of UTF-16 code units the UTF-8 string encodes; invalid UTF-8 counts
 * one unit per bad byte. */
size_t core_utf16_length(const char *utf8);

/* The code point at s (avail bytes, at least 1), and its length in bytes;
 * 0 when the bytes there are not well-formed UTF-8 (an overlong, a
 * surrogate, beyond U+10FFFF, cut short). */
size_t core_utf8_decode(const unsigned char *s, size_t avail, uint32_t *cp);

/* Nonzero when s is well-formed UTF-8 (no overlongs, no surrogates). */
int core_utf8_valid(const char *s);

/* Checks a braced GUID string and writes its upper-case form to out
 * (CORE_GUID_CHARS + 1 bytes).  CORE_E_TOO_LONG over CORE_GUID_CHARS,
 * CORE_E_BAD_GUID for any other malformed input (including NULL). */
enum core_status core_guid_normalize(const char *in, char out[CORE_GUID_CHARS + 1]);

/* Formats 16 bytes as a braced upper-case GUID (StringFromGUID2 layout: the
 * first three groups are little-endian integers). */
void core_guid_format(const unsigned char bytes[16], char out[CORE_GUID_CHARS + 1]);

/* An address a session may announce: IPv4 dotted quad, IPv4:port, IPv6 text
 * or [IPv6]:port.  CORE_E_TOO_LONG over CORE_ADDRESS_MAX_CHARS, CORE_E_BAD_ADDRESS
 * otherwise. */
enum core_status core_address_validate(const char *addr);

/* THE syntax of a sign-in name, by length: 1 to CORE_SIGNIN_MAX_CHARS
 * bytes of printable ASCII without space (0x21 to 0x7e).  It is what the
 * stream between brokers carries (docs/protocol.md), so it is also what a
 * broker takes as its own name, from a hello, and what a signed-in Invite
 * can reach.  CORE_E_BAD_SIGNIN otherwise: NULL, empty, too long, a NUL, a
 * control character, a space or a byte over 0x7e inside. */
enum core_status core_signin_check(const char *name, size_t len);

/* core_signin_check of a NUL-terminated name (NULL is refused). */
enum core_status core_signin_validate(const char *name);

/* The one other rule, and why: the names Invite takes as an argument,
 * checked before it knows whether anybody is signed in.  The API carries
 * names as Unicode, and a signed-out Invite of "b\xc3\xb6rje@example.org"
 * answers "not signed in" like for any other name (tests/com/contact.c),
 * so besides the names of core_signin_check this accepts well-formed UTF-8
 * with non-ASCII characters: at most CORE_SIGNIN_MAX_CHARS UTF-16
 * characters, none of them a control character, space or DEL.  No
 * transport can carry those, so a signed-in Invite refuses them with
 * core_signin_check before anything is sent.  CORE_E_BAD_SIGNIN otherwise. */
enum core_status core_invite_signin_check(const char *name, size_t len);

/* Nonzero when value can be one field value on the wire: a value is one
 * line (wire spec 1.3), so it holds no CR or LF.  NULL counts as empty.
 * The wire builder, which never escapes, and both data rules below use it,
 * so that every entry point refuses such data before it does anything. */
int core_field_value_valid(const char *value);

/* Application data of Invite/Accept/Decline/Cancel: NULL counts as empty;
 * CORE_E_DATA_TOO_LONG over CORE_APPDATA_MAX_BYTES, CORE_E_INVALIDARG when it
 * holds CR or LF. */
enum core_status core_appdata_validate(const char *data);

/* Data of SendContextData: NULL counts as empty; CORE_E_INVALIDARG for
 * invalid UTF-8 or CR or LF, CORE_E_CONTEXT_DATA_OVER_LIMIT over
 * CORE_CONTEXT_DATA_MAX_CHARS. */
enum core_status core_context_data_validate(const char *data);

/* Arguments of RegisterApplication.  Writes the normalized GUID.
 * CORE_E_BAD_GUID / CORE_E_INVALIDARG for bad or over-long values (the
 * documented code for every RegisterApplication argument error is
 * E_INVALIDARG), CORE_E_BAD_FLAGS for flags != 0.  Name and URL may be empty;
 * path must not be. */
enum core_status core_app_validate(const char *guid, const char *name, const char *url, const char *path,
                                   long flags, char out_guid[CORE_GUID_CHARS + 1]);

/* Case-insensitive comparison of two sign-in names (ASCII folding); NULL
 * equals nothing. */
int core_signin_equal(const char *a, const char *b);

/* ASCII case folding, the same in every locale: the C library's tolower
 * and toupper follow the locale, and names, SessionIDs and wire fields
 * must compare the same everywhere. */
static inline int core_ascii_lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static inline int core_ascii_upper(int c)
{
    return c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c;
}

/* Nonzero when a[0..a_len) and b[0..b_len) are the same bytes, ASCII
 * letters compared without case.  A NUL is an ordinary byte; a pointer may
 * be NULL when its length is 0. */
int core_ascii_equal_n(const char *a, size_t a_len, const char *b, size_t b_len);

#endif
