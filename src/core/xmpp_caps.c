/*
 * Who runs msgsc: entity capabilities and service discovery (XEP-0115,
 * XEP-0030), portable.
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
#include <stdlib.h>
#include <string.h>

#include "base64.h"
#include "sha.h"
#include "xmpp_caps.h"
#include "xmpp_invite.h"

static const struct xmpp_identity own_identity = {"client", "pc", "", "msgsc"};
static const char *const own_features[] = {XMPP_NS_DISCO_INFO, XMPP_NS_CAPS, XMPP_NS_MSGSC};

static int compare_identities(const void *a, const void *b)
{
    const struct xmpp_identity *x = *(const struct xmpp_identity *const *)a,
                               *y = *(const struct xmpp_identity *const *)b;
    int order;

    if ((order = strcmp(x->category, y->category))) return order;
    if ((order = strcmp(x->type, y->type))) return order;
    return strcmp(x->lang, y->lang);
}

static int compare_strings(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void hash_field(struct sha_ctx *ctx, const char *text)
{
    sha_update(ctx, text, strlen(text));
    sha_update(ctx, "<", 1);
}

int xmpp_caps_ver(const struct xmpp_identity *identities, size_t identity_count, const char *const *features,
                  size_t feature_count, char ver[XMPP_CAPS_VER_SIZE])
{
    const struct xmpp_identity *sorted_identities[XMPP_CAPS_ITEMS_MAX];
    const char *sorted_features[XMPP_CAPS_ITEMS_MAX];
    unsigned char digest[SHA1_DIGEST_SIZE];
    struct sha_ctx ctx;
    size_t i, len;

    ver[0] = 0;
    if (identity_count > XMPP_CAPS_ITEMS_MAX || feature_count > XMPP_CAPS_ITEMS_MAX) return -1;
    for (i = 0; i < identity_count; i++)
        sorted_identities[i] = &identities[i];
    for (i = 0; i < feature_count; i++)
        sorted_features[i] = features[i];
    qsort(sorted_identities, identity_count, sizeof(*sorted_identities), compare_identities);
    qsort(sorted_features, feature_count, sizeof(*sorted_features), compare_strings);
    for (i = 1; i < feature_count; i++)
        if (!strcmp(sorted_features[i - 1], sorted_features[i])) return -1;

    sha1_init(&ctx);
    for (i = 0; i < identity_count; i++)
    {
        const struct xmpp_identity *identity = sorted_identities[i];

        sha_update(&ctx, identity->category, strlen(identity->category));
        sha_update(&ctx, "/", 1);
        sha_update(&ctx, identity->type, strlen(identity->type));
        sha_update(&ctx, "/", 1);
        sha_update(&ctx, identity->lang, strlen(identity->lang));
        sha_update(&ctx, "/", 1);
        hash_field(&ctx, identity->name);
    }
    for (i = 0; i < feature_count; i++)
        hash_field(&ctx, sorted_features[i]);
    sha_final(&ctx, digest);
    return base64_encode(digest, sizeof(digest), ver, XMPP_CAPS_VER_SIZE, &len) == CORE_OK ? 0 : -1;
}

void xmpp_caps_own_ver(char ver[XMPP_CAPS_VER_SIZE])
{
    xmpp_caps_ver(&own_identity, 1, own_features, sizeof(own_features) / sizeof(*own_features), ver);
}

long xmpp_caps_presence(char *out, size_t size)
{
    char ver[XMPP_CAPS_VER_SIZE];
    int len;

    xmpp_caps_own_ver(ver);
    len = snprintf(out, size,
                   "<presence><c xmlns='" XMPP_NS_CAPS "' hash='sha-1' node='" XMPP_CAPS_NODE
                   "' ver='%s'/></presence>",
                   ver);

    return len < 0 || (size_t)len >= size ? -1 : len;
}

long xmpp_caps_disco_answer(const struct xmpp_xml_element *stanza, char *out, size_t size)
{
    const char *type = xmpp_xml_attr(stanza, "type"), *from = xmpp_xml_attr(stanza, "from"),
               *id = xmpp_xml_attr(stanza, "id"), *node;
    const struct xmpp_xml_element *query = xmpp_xml_child(stanza, "query", XMPP_NS_DISCO_INFO);
    char from_escaped[6 * XMPP_JID_MAX + 1], id_escaped[6 * 256 + 1], node_attr[64] = "",
                                                                      ver[XMPP_CAPS_VER_SIZE];
    size_t i, used;
    int len;

    if (strcmp(stanza->name, "iq") || !type || strcmp(type, "get") || !query || !from || !id) return 0;
    node = xmpp_xml_attr(query, "node");
    /* Our node, or node#ver of our caps: answered with the same node. */
    xmpp_caps_own_ver(ver);
    if (node && *node)
    {
        if (strncmp(node, XMPP_CAPS_NODE "#", sizeof(XMPP_CAPS_NODE)) ||
            strcmp(node + sizeof(XMPP_CAPS_NODE), ver))
            return 0;
        snprintf(node_attr, sizeof(node_attr), " node='%s'", node);
    }
    if (strlen(id) > 256 || xmpp_xml_escape(from_escaped, sizeof(from_escaped), from, strlen(from)) < 0 ||
        xmpp_xml_escape(id_escaped, sizeof(id_escaped), id, strlen(id)) < 0)
        return 0;
    len = snprintf(out, size,
                   "<iq type='result' to='%s' id='%s'><query xmlns='" XMPP_NS_DISCO_INFO
                   "'%s><identity category='%s' type='%s' name='%s'/>",
                   from_escaped, id_escaped, node_attr, own_identity.category, own_identity.type,
                   own_identity.name);
    if (len < 0 || (size_t)len >= size) return -1;
    used = (size_t)len;
    for (i = 0; i < sizeof(own_features) / sizeof(*own_features); i++)
    {
        len = snprintf(out + used, size - used, "<feature var='%s'/>", own_features[i]);
        if (len < 0 || (size_t)len >= size - used) return -1;
        used += (size_t)len;
    }
    len = snprintf(out + used, size - used, "</query></iq>");
    if (len < 0 || (size_t)len >= size - used) return -1;
    return (long)(used + (size_t)len);
}

int xmpp_caps_has_msgsc(const struct xmpp_xml_element *query)
{
    const struct xmpp_xml_element *child;

    for (child = query ? query->children : NULL; child; child = child->next)
    {
        const char *var = xmpp_xml_attr(child, "var");

        if (!strcmp(child->name, "feature") && var && !strcmp(var, XMPP_NS_MSGSC)) return 1;
    }
    return 0;
}
