/*
 * Contact lists and addresses of the broker's configuration (portable).
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

#include "contacts.h"
#include "text.h"

int contacts_find(const char *list, const char *name, char *value, size_t size)
{
    const char *entry = list;
    size_t name_len;

    if (!list || !name) return 0;
    name_len = strlen(name);
    while (*entry)
    {
        size_t len = strcspn(entry, ";"), item_len = len;
        const char *equals = value ? memchr(entry, '=', len) : NULL;

        if (equals) item_len = (size_t)(equals - entry);
        if ((!value || equals) && core_ascii_equal_n(entry, item_len, name, name_len))
        {
            size_t value_len;

            if (!value) return 1;
            /* Too long for the caller: a later item of the same name may fit. */
            if ((value_len = len - item_len - 1) < size)
            {
                memcpy(value, equals + 1, value_len);
                value[value_len] = 0;
                return 1;
            }
        }
        if (!entry[len]) break;
        entry += len + 1;
    }
    return 0;
}

/* Decimal digits only, 1 to CORE_PORT_MAX: no sign, blank or base prefix. */
static int parse_port(const char *text, unsigned short *port)
{
    unsigned long value = 0;
    size_t i;

    for (i = 0; text[i] >= '0' && text[i] <= '9'; i++)
        if ((value = value * 10 + (unsigned long)(text[i] - '0')) > CORE_PORT_MAX) return 0;
    if (!i || text[i] || !value) return 0;
    *port = (unsigned short)value;
    return 1;
}

int contacts_split_address(const char *text, char *host, size_t host_size, unsigned short *port)
{
    const char *colon = text ? strrchr(text, ':') : NULL, *start = text, *end = colon;
    unsigned short number;

    if (!colon) return 0;
    if (*start == '[')
    {
        start++;
        if (end == start || end[-1] != ']') return 0;
        end--;
    }
    if (end <= start || (size_t)(end - start) >= host_size || !parse_port(colon + 1, &number)) return 0;
    memcpy(host, start, (size_t)(end - start));
    host[end - start] = 0;
    *port = number;
    return 1;
}

const char *contacts_literal_address(const char *name)
{
    const char *at = name ? strchr(name, '@') : NULL;

    return at && strchr(at, ':') ? at + 1 : NULL;
}

int contacts_resolve(const char *contacts, const char *name, char *host, size_t host_size,
                     unsigned short *port)
{
    char address[CONTACTS_ADDRESS_MAX + 1];
    const char *literal;

    if (contacts_find(contacts, name, address, sizeof(address)))
        return contacts_split_address(address, host, host_size, port);
    if ((literal = contacts_literal_address(name)))
        return contacts_split_address(literal, host, host_size, port);
    return 0;
}

int contacts_allow(const char *allow, const char *contacts, const char *name)
{
    char address[CONTACTS_ADDRESS_MAX + 1];

    if (!allow) return 0;
    if (!strcmp(allow, "*")) return 1;
    if (!strcmp(allow, "contacts")) return contacts_find(contacts, name, address, sizeof(address));
    return contacts_find(allow, name, NULL, 0);
}

enum core_status contacts_append(char *list, size_t size, const char *name, const char *value)
{
    const char *nul = list ? memchr(list, 0, size) : NULL;
    size_t len, name_len, value_len, need;
    int separator;

    if (!nul || !name || !value || !name[0] || strpbrk(name, "=;") || strchr(value, ';'))
        return CORE_E_INVALIDARG;
    len = (size_t)(nul - list);
    name_len = strlen(name);
    value_len = strlen(value);
    separator = len && list[len - 1] != ';';
    need = (size_t)separator + name_len + 1 + value_len;
    if (need >= size - len) return CORE_E_TOO_LONG;
    if (separator) list[len++] = ';';
    memcpy(list + len, name, name_len);
    list[len + name_len] = '=';
    memcpy(list + len + name_len + 1, value, value_len + 1);
    return CORE_OK;
}
