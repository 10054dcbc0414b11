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

#ifndef MSGSC_CORE_CONTACTS_H
#define MSGSC_CORE_CONTACTS_H

#include <stddef.h>

#include "text.h"

/* The settings of docs/network.md as text: a contact list is
 * "name=host:port;name=host:port" (a final ';' is optional), an AllowFrom
 * list is "contacts", "*" or "name;name".  Names compare like sign-in
 * names (ASCII case folding); nothing is trimmed. */

/* The longest host:port of a contact; a longer value is never found. */
#define CONTACTS_ADDRESS_MAX 255

/* Finds name in a ';'-separated list.  With value, items are "name=value"
 * (the name ends at the first '='), and the first item of that name whose
 * value fits in size bytes with its NUL gives it; with value NULL, items
 * are bare names compared whole.  Nonzero when found. */
int contacts_find(const char *list, const char *name, char *value, size_t size);

/* Splits "host:port" or "[IPv6]:port" at the last ':' into host (without
 * brackets, NUL-terminated, shorter than host_size) and port, decimal
 * digits only, 1 to CORE_PORT_MAX.  Zero for anything else, an empty host
 * included; host and port are then unchanged. */
int contacts_split_address(const char *text, char *host, size_t host_size, unsigned short *port);

/* For a contact named literally as name@host:port, its "host:port" (a
 * pointer into name); NULL for any other name. */
const char *contacts_literal_address(const char *name);

/* Where name is: its entry in contacts, else its literal address.
 * Nonzero when found and well-formed (contacts_split_address). */
int contacts_resolve(const char *contacts, const char *name, char *host, size_t host_size,
                     unsigned short *port);

/* Whether name may invite us (AllowFrom): allow "*" lets anyone, "contacts"
 * (exactly, the default) whoever has an entry in contacts, and anything
 * else is a list of bare names. */
int contacts_allow(const char *allow, const char *contacts, const char *name);

/* Appends the entry "name=value" to list, a string in a buffer of size
 * bytes, after a ';' unless list is empty or ends with one.  Fails with
 * the list unchanged: CORE_E_TOO_LONG when the entry does not fit (the
 * caller reports the dropped contact), CORE_E_INVALIDARG when name is
 * empty or holds '=' or ';', or value holds ';' (either would change what
 * the list says), or list has no NUL within size. */
enum core_status contacts_append(char *list, size_t size, const char *name, const char *value);

#endif
