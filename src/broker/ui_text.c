/*
 * Untrusted UTF-8 as the plain UTF-16 text a control shows.
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

#include "win/platform.h"

#include "ui_private.h"

/* The length of the UTF-8 sequence a lead byte starts, or 0 when no
 * well-formed sequence starts with it; MultiByteToWideChar then checks the
 * rest of the sequence. */
static size_t sequence_length(unsigned char lead)
{
    if (lead < 0x80) return 1;
    if (lead >= 0xc2 && lead <= 0xdf) return 2;
    if (lead >= 0xe0 && lead <= 0xef) return 3;
    if (lead >= 0xf0 && lead <= 0xf4) return 4;
    return 0;
}

/* Control characters would be drawn as nothing or as boxes, and the
 * bidirectional embeddings, overrides and isolates would let the text
 * reorder what is shown after it (an inviter "moc.elpmaxe@..." shown the
 * right way round): both are shown as U+FFFD instead.  Tab is kept. */
static BOOL is_hidden(WCHAR c)
{
    return (c < 0x20 && c != '\t') || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) ||
           (c >= 0x2066 && c <= 0x2069);
}

WCHAR *ui_text(const char *utf8, size_t max_bytes, BOOL lines)
{
    const unsigned char *s = (const unsigned char *)(utf8 ? utf8 : "");
    size_t len = strnlen((const char *)s, max_bytes + 1), pos = 0, out = 0;
    BOOL truncated = len > max_bytes;
    WCHAR *text;

    /* Cut before the character that crosses the limit, not inside it. */
    if (truncated)
        for (len = max_bytes; len && (s[len] & 0xc0) == 0x80; len--)
            ;
    /* A byte gives at most two units (a line break as CRLF). */
    if (!(text = malloc((2 * len + ARRAY_SIZE(UI_TRUNCATED)) * sizeof(WCHAR)))) return NULL;
    while (pos < len)
    {
        size_t n = sequence_length(s[pos]);
        WCHAR units[2];
        int count = 0;

        /* Each sequence on its own, so that a bad byte costs one U+FFFD
         * and not the whole string, the same on every Windows. */
        if (n && n <= len - pos)
            count = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, (const char *)s + pos, n, units, 2);
        if (!count)
        {
            units[0] = 0xfffd;
            count = 1;
            n = 1;
        }
        pos += n;
        if (lines && (units[0] == '\r' || units[0] == '\n'))
        {
            if (units[0] == '\r' && pos < len && s[pos] == '\n') pos++;
            text[out++] = '\r';
            text[out++] = '\n';
        }
        else if (count == 1 && is_hidden(units[0]))
            text[out++] = 0xfffd;
        else
        {
            memcpy(text + out, units, count * sizeof(WCHAR));
            out += count;
        }
    }
    text[out] = 0;
    if (truncated) wcscat(text, UI_TRUNCATED);
    return text;
}
