/*
 * The invitation messages in XMPP stanzas (docs/protocol.md, section 9).
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

#include <stdio.h>
#include <string.h>

#include "xmpp_invite.h"

#define STANZA_ID_MAX 64

enum core_status xmpp_invite_build(const struct core_message *msg, const char *to, const char *id, char *out,
                                   size_t size, size_t *len)
{
    char payload[WIRE_PAYLOAD_MAX + 1], text[BASE64_ENCODED_SIZE(WIRE_PAYLOAD_MAX) + 1];
    char to_escaped[6 * XMPP_JID_MAX + 1], id_escaped[6 * STANZA_ID_MAX + 1];
    size_t payload_len, text_len;
    enum core_status status;
    int written;

    if (!msg || !to || !id || !out || !len || !*to || !*id || strlen(to) > XMPP_JID_MAX ||
        strlen(id) > STANZA_ID_MAX)
        return CORE_E_INVALIDARG;
    *len = 0;
    if ((status = wire_build(msg, payload, sizeof(payload), &payload_len)) < 0) return status;
    if (base64_encode(payload, payload_len, text, sizeof(text), &text_len) != CORE_OK) return CORE_E_FAIL;
    if (xmpp_xml_escape(to_escaped, sizeof(to_escaped), to, strlen(to)) < 0 ||
        xmpp_xml_escape(id_escaped, sizeof(id_escaped), id, strlen(id)) < 0)
        return CORE_E_INVALIDARG;
    written = snprintf(out, size,
                       "<message to='%s' id='%s' type='normal'><invite xmlns='" XMPP_NS_MSGSC "'>%s</invite>"
                       "<no-store xmlns='" XMPP_NS_HINTS "'/><no-copy xmlns='" XMPP_NS_HINTS "'/></message>",
                       to_escaped, id_escaped, text);
    if (written < 0 || (size_t)written >= size) return CORE_E_FAIL;
    *len = (size_t)written;
    return CORE_OK;
}

enum core_status xmpp_invite_parse(const struct xmpp_xml_element *stanza, struct wire_parsed *out,
                                   const char **resource)
{
    const struct xmpp_xml_element *invite;
    unsigned char payload[WIRE_PAYLOAD_MAX + 1];
    char bare[WIRE_SIGNIN_MAX + 1];
    const char *from, *slash, *type;
    size_t payload_len, bare_len;

    if (resource) *resource = "";
    if (!stanza || !out) return CORE_E_INVALIDARG;
    if (strcmp(stanza->name, "message") || strcmp(stanza->ns, XMPP_NS_CLIENT)) return CORE_S_FALSE;
    type = xmpp_xml_attr(stanza, "type");
    if (type && strcmp(type, "normal") && strcmp(type, "chat")) return CORE_S_FALSE;
    if (!(invite = xmpp_xml_child(stanza, "invite", XMPP_NS_MSGSC))) return CORE_S_FALSE;
    /* The server stamps from= on every stanza it routes (RFC 6120 8.1.2.1). */
    if (!(from = xmpp_xml_attr(stanza, "from"))) return CORE_E_PROTOCOL_ERROR;
    slash = strchr(from, '/');
    bare_len = slash ? (size_t)(slash - from) : strlen(from);
    if (!bare_len || bare_len > WIRE_SIGNIN_MAX) return CORE_E_PROTOCOL_ERROR;
    memcpy(bare, from, bare_len);
    bare[bare_len] = 0;
    if (base64_decode(invite->text, invite->text_len, payload, sizeof(payload) - 1, &payload_len) != CORE_OK)
        return CORE_E_PROTOCOL_ERROR;
    if (resource) *resource = slash ? slash + 1 : "";
    return wire_parse((const char *)payload, payload_len, bare, out);
}

const char *xmpp_stanza_error(const struct xmpp_xml_element *stanza, const char **id)
{
    const struct xmpp_xml_element *error, *condition;
    const char *type;

    if (id) *id = NULL;
    if (!stanza || !(type = xmpp_xml_attr(stanza, "type")) || strcmp(type, "error")) return NULL;
    if (id) *id = xmpp_xml_attr(stanza, "id");
    error = xmpp_xml_child(stanza, "error", NULL);
    for (condition = error ? error->children : NULL; condition; condition = condition->next)
        if (!strcmp(condition->ns, XMPP_NS_STANZAS)) return condition->name;
    return "";
}
