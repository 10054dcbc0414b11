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

#include <ctype.h> /* isdigit and isxdigit only: they are the same in every locale */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "text.h"

/* Decodes one UTF-8 sequence of at most avail (> 0) bytes at s; returns
 * its length and the code point, or 0 for a malformed sequence (overlong,
 * surrogate, out of range, cut short). */
size_t core_utf8_decode(const unsigned char *s, size_t avail, uint32_t *cp)
{
    size_t len, i;
    uint32_t min;

    if (s[0] < 0x80)
    {
        *cp = s[0];
        return 1;
    }
    if ((s[0] & 0xe0) == 0xc0)
        len = 2, min = 0x80, *cp = s[0] & 0x1f;
    else if ((s[0] & 0xf0) == 0xe0)
        len = 3, min = 0x800, *cp = s[0] & 0x0f;
    else if ((s[0] & 0xf8) == 0xf0)
        len = 4, min = 0x10000, *cp = s[0] & 0x07;
    else
        return 0;
    if (len > avail) return 0;

    for (i = 1; i < len; i++)
    {
        if ((s[i] & 0xc0) != 0x80) return 0;
        *cp = (*cp << 6) | (s[i] & 0x3f);
    }
    if (*cp < min || *cp > 0x10ffff || (*cp >= 0xd800 && *cp <= 0xdfff)) return 0;
    return len;
}

/* UTF-16 units of s[0..len), one per bad byte; *valid tells whether there
 * was none. */
static size_t utf16_length_n(const unsigned char *s, size_t len, int *valid)
{
    size_t units = 0, pos = 0, n;
    uint32_t cp;

    *valid = 1;
    while (pos < len)
    {
        if ((n = core_utf8_decode(s + pos, len - pos, &cp)))
        {
            units += cp >= 0x10000 ? 2 : 1;
            pos += n;
        }
        else
        {
            *valid = 0;
            units++;
            pos++;
        }
    }
    return units;
}

size_t core_utf16_length(const char *utf8)
{
    int valid;

    return utf8 ? utf16_length_n((const unsigned char *)utf8, strlen(utf8), &valid) : 0;
}

int core_utf8_valid(const char *s)
{
    int valid;

    if (!s) return 0;
    utf16_length_n((const unsigned char *)s, strlen(s), &valid);
    return valid;
}

enum core_status core_guid_normalize(const char *in, char out[CORE_GUID_CHARS + 1])
{
    /* Positions of the dashes in "{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}". */
    static const unsigned char dash[CORE_GUID_CHARS] = {[9] = 1, [14] = 1, [19] = 1, [24] = 1};
    size_t i, len;

    out[0] = 0;
    if (!in) return CORE_E_BAD_GUID;
    len = strlen(in);
    if (len > CORE_GUID_CHARS) return CORE_E_TOO_LONG;
    if (len != CORE_GUID_CHARS || in[0] != '{' || in[CORE_GUID_CHARS - 1] != '}') return CORE_E_BAD_GUID;
    for (i = 1; i < CORE_GUID_CHARS - 1; i++)
    {
        if (dash[i] ? in[i] != '-' : !isxdigit((unsigned char)in[i])) return CORE_E_BAD_GUID;
    }
    for (i = 0; i < CORE_GUID_CHARS; i++)
        out[i] = (char)core_ascii_upper((unsigned char)in[i]);
    out[CORE_GUID_CHARS] = 0;
    return CORE_OK;
}

void core_guid_format(const unsigned char b[16], char out[CORE_GUID_CHARS + 1])
{
    snprintf(out, CORE_GUID_CHARS + 1,
             "{%02X%02X%02X%02X-%02X%02X-%02X%02X-%02X%02X-%02X%02X%02X%02X%02X%02X}", b[3], b[2], b[1], b[0],
             b[5], b[4], b[7], b[6], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

/* Parses a decimal number of at most max_digits digits not above max;
 * returns the characters used, 0 when there is none or it is too big.
 * Leading zeros are refused (except "0") so that "010" is never octal. */
static size_t parse_decimal(const char *s, size_t max_digits, unsigned long max)
{
    unsigned long value = 0;
    size_t i;

    for (i = 0; i < max_digits && isdigit((unsigned char)s[i]); i++)
        value = value * 10 + (s[i] - '0');
    if (!i || isdigit((unsigned char)s[i]) || value > max || (i > 1 && s[0] == '0')) return 0;
    return i;
}

/* Parses a dotted quad; returns the characters used or 0. */
static size_t parse_ipv4(const char *s)
{
    size_t pos = 0, len;
    int part;

    for (part = 0; part < 4; part++)
    {
        if (part && s[pos++] != '.') return 0;
        if (!(len = parse_decimal(s + pos, 3, 255))) return 0;
        pos += len;
    }
    return pos;
}

/* Parses an IPv6 address in RFC 4291 text form; returns the characters
 * used or 0. */
static size_t parse_ipv6(const char *s)
{
    size_t pos = 0, len;
    int groups = 0, compressed = 0;

    if (s[0] == ':')
    {
        if (s[1] != ':') return 0;
        compressed = 1;
        pos = 2;
    }
    while (groups < 8)
    {
        if (!isxdigit((unsigned char)s[pos]))
        {
            if (compressed && (pos == 2 || s[pos - 1] == ':') && s[pos - 2] == ':') break;
            return 0;
        }
        /* An IPv4 tail counts as two groups. */
        if (groups <= 6 && (len = parse_ipv4(s + pos)) && !isxdigit((unsigned char)s[pos + len]) &&
            s[pos + len] != ':')
        {
            pos += len;
            groups += 2;
            break;
        }
        for (len = 0; len < 4 && isxdigit((unsigned char)s[pos + len]); len++)
            ;
        if (isxdigit((unsigned char)s[pos + len])) return 0;
        pos += len;
        groups++;
        if (s[pos] != ':') break;
        if (s[pos + 1] == ':')
        {
            if (compressed) return 0;
            compressed = 1;
            pos += 2;
        }
        else
        {
            pos++;
            if (!isxdigit((unsigned char)s[pos])) return 0;
        }
    }
    if (compressed ? groups > 7 : groups != 8) return 0;
    return pos;
}

enum core_status core_address_validate(const char *addr)
{
    size_t len;

    if (!addr) return CORE_E_BAD_ADDRESS;
    if (core_utf16_length(addr) > CORE_ADDRESS_MAX_CHARS) return CORE_E_TOO_LONG;
    if (addr[0] == '[')
    {
        if (!(len = parse_ipv6(addr + 1)) || addr[len + 1] != ']' || addr[len + 2] != ':')
            return CORE_E_BAD_ADDRESS;
        addr += len + 3;
    }
    else if ((len = parse_ipv4(addr)) && (!addr[len] || addr[len] == ':'))
    {
        if (!addr[len]) return CORE_OK;
        addr += len + 1;
    }
    else
        return (len = parse_ipv6(addr)) && !addr[len] ? CORE_OK : CORE_E_BAD_ADDRESS;

    /* What follows the host is a port. */
    len = parse_decimal(addr, 5, CORE_PORT_MAX);
    return len && !addr[len] && strcmp(addr, "0") ? CORE_OK : CORE_E_BAD_ADDRESS;
}

enum core_status core_signin_check(const char *name, size_t len)
{
    size_t i;

    if (!name || !len || len > CORE_SIGNIN_MAX_CHARS) return CORE_E_BAD_SIGNIN;
    for (i = 0; i < len; i++)
    {
        if ((unsigned char)name[i] <= ' ' || (unsigned char)name[i] >= 0x7f) return CORE_E_BAD_SIGNIN;
    }
    return CORE_OK;
}

enum core_status core_signin_validate(const char *name)
{
    return name ? core_signin_check(name, strlen(name)) : CORE_E_BAD_SIGNIN;
}

enum core_status core_invite_signin_check(const char *name, size_t len)
{
    size_t i;
    int valid;

    if (core_signin_check(name, len) == CORE_OK) return CORE_OK;
    if (!name || !len) return CORE_E_BAD_SIGNIN;
    for (i = 0; i < len; i++)
    {
        if ((unsigned char)name[i] <= ' ' || (unsigned char)name[i] == 0x7f) return CORE_E_BAD_SIGNIN;
    }
    if (utf16_length_n((const unsigned char *)name, len, &valid) > CORE_SIGNIN_MAX_CHARS || !valid)
        return CORE_E_BAD_SIGNIN;
    return CORE_OK;
}

int core_field_value_valid(const char *value)
{
    return !value || !strpbrk(value, "\r\n");
}

enum core_status core_appdata_validate(const char *data)
{
    if (!data) return CORE_OK;
    if (strlen(data) > CORE_APPDATA_MAX_BYTES) return CORE_E_DATA_TOO_LONG;
    return core_field_value_valid(data) ? CORE_OK : CORE_E_INVALIDARG;
}

enum core_status core_context_data_validate(const char *data)
{
    size_t units;
    int valid;

    if (!data) return CORE_OK;
    units = utf16_length_n((const unsigned char *)data, strlen(data), &valid);
    if (!valid || !core_field_value_valid(data)) return CORE_E_INVALIDARG;
    return units > CORE_CONTEXT_DATA_MAX_CHARS ? CORE_E_CONTEXT_DATA_OVER_LIMIT : CORE_OK;
}

enum core_status core_app_validate(const char *guid, const char *name, const char *url, const char *path,
                                   long flags, char out_guid[CORE_GUID_CHARS + 1])
{
    enum core_status status;

    if ((status = core_guid_normalize(guid, out_guid)) < 0)
        return status == CORE_E_TOO_LONG ? CORE_E_INVALIDARG : status;
    if (flags) return CORE_E_BAD_FLAGS;
    if (core_utf16_length(name) > CORE_APP_NAME_MAX_CHARS ||
        core_utf16_length(url) > CORE_APP_URL_MAX_CHARS || core_utf16_length(path) > CORE_APP_PATH_MAX_CHARS)
        return CORE_E_INVALIDARG;
    if (!path || !path[0]) return CORE_E_INVALIDARG;
    return CORE_OK;
}

int core_ascii_equal_n(const char *a, size_t a_len, const char *b, size_t b_len)
{
    size_t i;

    if (a_len != b_len) return 0;
    for (i = 0; i < a_len; i++)
    {
        if (core_ascii_lower((unsigned char)a[i]) != core_ascii_lower((unsigned char)b[i])) return 0;
    }
    return 1;
}

int core_signin_equal(const char *a, const char *b)
{
    return a && b && core_ascii_equal_n(a, strlen(a), b, strlen(b));
}
