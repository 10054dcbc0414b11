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

/* Number of UTF-16 code units the UTF-8 string encodes; invalid UTF-8 counts
 * one unit per bad byte. */
size_t core_utf16_length(const char *utf8);

/* Nonzero when s is well-formed UTF-8 (no overlongs, no surrogates). */
int core_utf8_valid(const char *s);

/* Checks a braced GUID string and writes its upper-case form to out
 * (CORE_GUID_CHARS + 1 bytes).  CORE_E_TOO_LONG over 38 characters,
 * CORE_E_BAD_GUID for any other malformed input (including NULL). */
enum core_status core_guid_normalize(const char *in, char out[CORE_GUID_CHARS + 1]);

/* Formats 16 bytes as a braced upper-case GUID (StringFromGUID2 layout: the
 * first three groups are little-endian integers). */
void core_guid_format(const unsigned char bytes[16], char out[CORE_GUID_CHARS + 1]);

/* An address a session may announce: IPv4 dotted quad, IPv4:port, IPv6 text
 * or [IPv6]:port.  CORE_E_TOO_LONG over 30 characters, CORE_E_BAD_ADDRESS
 * otherwise. */
enum core_status core_address_validate(const char *addr);

/* A sign-in name: non-empty, at most 129 characters, no space, CR or LF.
 * CORE_E_BAD_SIGNIN otherwise. */
enum core_status core_signin_validate(const char *name);

/* Application data of Invite/Accept/Decline/Cancel: NULL counts as empty;
 * CORE_E_DATA_TOO_LONG over 512 UTF-8 bytes. */
enum core_status core_appdata_validate(const char *data);

/* Arguments of RegisterApplication.  Writes the normalized GUID.
 * CORE_E_BAD_GUID / CORE_E_INVALIDARG for bad or over-long values (the
 * documented code for every RegisterApplication argument error is
 * E_INVALIDARG), CORE_E_BAD_FLAGS for flags != 0.  Name and URL may be empty;
 * path must not be. */
enum core_status core_app_validate(const char *guid, const char *name, const char *url, const char *path,
                                   long flags, char out_guid[CORE_GUID_CHARS + 1]);

/* Case-insensitive comparison of two sign-in names (ASCII folding). */
int core_signin_equal(const char *a, const char *b);

#endif
