/*
 * Signing in to an XMPP server: the client's side of the stream, portable.
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

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base64.h"
#include "xmpp_client.h"

enum state
{
    STATE_NONE,
    STATE_HEADER,    /* the server's stream header is due */
    STATE_FEATURES,  /* its <stream:features/> */
    STATE_PROCEED,   /* <starttls/> sent */
    STATE_TLS,       /* the shell's handshake */
    STATE_CHALLENGE, /* SCRAM's client-first sent */
    STATE_SUCCESS,   /* SCRAM's client-final or PLAIN sent */
    STATE_BIND,      /* the bind request sent */
    STATE_ONLINE,
    STATE_ENDED,
};

static const char bind_id[] = "msgsc-bind";

const char *xmpp_client_status_name(enum xmpp_client_status status)
{
    switch (status)
    {
#define XX(name, value, text)                                                                                \
    case XMPP_CLIENT_##name: return #name;
        XMPP_CLIENT_STATUS_MAP(XX)
#undef XX
    }
    return "UNKNOWN";
}

const char *xmpp_client_status_text(enum xmpp_client_status status)
{
    switch (status)
    {
#define XX(name, value, text)                                                                                \
    case XMPP_CLIENT_##name: return text;
        XMPP_CLIENT_STATUS_MAP(XX)
#undef XX
    }
    return "unknown status";
}

static enum xmpp_client_status fail(struct xmpp_client *client, enum xmpp_client_status status,
                                    const char *detail)
{
    if (client->state == STATE_ENDED) return status;
    client->state = STATE_ENDED;
    scram_client_clear(&client->scram);
    if (client->callbacks.failed) client->callbacks.failed(client->ctx, status, detail ? detail : "");
    return status;
}

/* Formats into client->out and sends it; the values are escaped already. */
static enum xmpp_client_status emit(struct xmpp_client *client, const char *format, ...)
{
    va_list args;
    int len;

    va_start(args, format);
    len = vsnprintf(client->out, sizeof(client->out), format, args);
    va_end(args);
    if (len < 0 || (size_t)len >= sizeof(client->out))
        return fail(client, XMPP_CLIENT_E_TOO_LONG, "outgoing");
    client->callbacks.send(client->ctx, client->out, (size_t)len);
    return XMPP_CLIENT_OK;
}

/* A new stream, from our header: at the start, after TLS, after SASL. */
static enum xmpp_client_status open_stream(struct xmpp_client *client)
{
    char domain[6 * XMPP_PART_MAX + 1], from[6 * XMPP_JID_MAX + 16] = "";

    xmpp_framer_init(&client->framer, client->frame_buf, sizeof(client->frame_buf));
    client->header = NULL;
    client->state = STATE_HEADER;
    xmpp_xml_escape(domain, sizeof(domain), client->domain, strlen(client->domain));
    /* Our address only once it cannot be read by others (RFC 6120 4.7.1). */
    if (client->tls)
    {
        char local[6 * XMPP_PART_MAX + 1];

        xmpp_xml_escape(local, sizeof(local), client->local, strlen(client->local));
        snprintf(from, sizeof(from), " from='%s@%s'", local, domain);
    }
    return emit(client,
                "<?xml version='1.0'?><stream:stream xmlns='" XMPP_NS_CLIENT "' xmlns:stream='" XMPP_NS_STREAM
                "' to='%s'%s version='1.0' xml:lang='en'>",
                domain, from);
}

static int split_jid(const char *jid, struct xmpp_client *client)
{
    const char *at = strchr(jid, '@');
    size_t local_len, domain_len;

    if (!at || strchr(at + 1, '@') || strchr(jid, '/')) return 0;
    local_len = (size_t)(at - jid);
    domain_len = strlen(at + 1);
    if (!local_len || !domain_len || local_len > XMPP_PART_MAX || domain_len > XMPP_PART_MAX) return 0;
    memcpy(client->local, jid, local_len);
    client->local[local_len] = 0;
    memcpy(client->domain, at + 1, domain_len + 1);
    return 1;
}

enum xmpp_client_status xmpp_client_start(struct xmpp_client *client, const struct xmpp_client_config *config,
                                          const struct xmpp_client_callbacks *callbacks, void *ctx)
{
    size_t len;

    if (!client) return XMPP_CLIENT_E_INVALIDARG;
    memset(client, 0, offsetof(struct xmpp_client, frame_buf));
    if (!config || !callbacks || !callbacks->send || !callbacks->start_tls || !config->jid ||
        !config->password || !config->nonce)
        return XMPP_CLIENT_E_INVALIDARG;
    if (strlen(config->jid) > XMPP_JID_MAX || strlen(config->password) > XMPP_PASSWORD_MAX ||
        strlen(config->nonce) > SCRAM_NONCE_MAX ||
        (config->resource && strlen(config->resource) > XMPP_PART_MAX))
        return XMPP_CLIENT_E_TOO_LONG;
    if (!split_jid(config->jid, client)) return XMPP_CLIENT_E_INVALIDARG;
    strcpy(client->password, config->password);
    strcpy(client->nonce, config->nonce);
    len = config->resource ? strlen(config->resource) : 0;
    memcpy(client->resource, config->resource ? config->resource : "", len + 1);
    client->allow_plaintext = config->allow_plaintext;
    client->callbacks = *callbacks;
    client->ctx = ctx;
    xmpp_xml_arena_init(&client->header_arena, client->header_arena_buf, sizeof(client->header_arena_buf));
    xmpp_xml_arena_init(&client->arena, client->arena_buf, sizeof(client->arena_buf));
    return open_stream(client);
}

/* SASL's text: base64 of data, "=" for none (RFC 6120 6.4.2). */
static enum xmpp_client_status send_sasl(struct xmpp_client *client, const char *element,
                                         const char *mechanism, const char *data, size_t len)
{
    char text[BASE64_ENCODED_SIZE(4096) + 1], attribute[64] = "";
    size_t text_len;

    if (base64_encode(data, len, text, sizeof(text), &text_len) != CORE_OK)
        return fail(client, XMPP_CLIENT_E_TOO_LONG, "SASL message");
    if (mechanism) snprintf(attribute, sizeof(attribute), " mechanism='%s'", mechanism);
    return emit(client, "<%s xmlns='" XMPP_NS_SASL "'%s>%s</%s>", element, attribute, len ? text : "=",
                element);
}

/* The decoded text of a SASL element; "=" and nothing are empty. */
static int sasl_data(const struct xmpp_xml_element *element, unsigned char *out, size_t size, size_t *len)
{
    *len = 0;
    if (!element->text_len || !strcmp(element->text, "=")) return 1;
    return base64_decode(element->text, element->text_len, out, size, len) == CORE_OK;
}

static enum xmpp_client_status start_sasl(struct xmpp_client *client, const struct xmpp_xml_element *features)
{
    const struct xmpp_xml_element *mechanisms = xmpp_xml_child(features, "mechanisms", XMPP_NS_SASL), *m;
    int sha256 = 0, sha1 = 0, plain = 0;
    char first[SCRAM_CLIENT_FIRST_MAX + 1];
    enum scram_status scram;
    size_t len;

    for (m = mechanisms ? mechanisms->children : NULL; m; m = m->next)
    {
        if (strcmp(m->name, "mechanism") || strcmp(m->ns, XMPP_NS_SASL)) continue;
        sha256 |= !strcmp(m->text, "SCRAM-SHA-256");
        sha1 |= !strcmp(m->text, "SCRAM-SHA-1");
        plain |= !strcmp(m->text, "PLAIN");
    }
    if (sha256 || sha1)
    {
        client->algorithm = sha256 ? SHA_ALGORITHM_SHA256 : SHA_ALGORITHM_SHA1;
        client->scram_used = 1;
        if ((scram =
                 scram_client_first(&client->scram, client->algorithm, client->local, strlen(client->local),
                                    client->nonce, strlen(client->nonce), first, sizeof(first), &len)))
            return fail(client, XMPP_CLIENT_E_SCRAM, scram_status_name(scram));
        client->state = STATE_CHALLENGE;
        return send_sasl(client, "auth", scram_mechanism_name(client->algorithm), first, len);
    }
    /* The password itself crosses: only inside TLS. */
    if (plain && client->tls)
    {
        char message[XMPP_PART_MAX + XMPP_PASSWORD_MAX + 2];
        size_t local_len = strlen(client->local), password_len = strlen(client->password);
        enum xmpp_client_status status;

        /* authzid NUL authcid NUL password (RFC 4616 2). */
        message[0] = 0;
        memcpy(message + 1, client->local, local_len);
        message[1 + local_len] = 0;
        memcpy(message + 2 + local_len, client->password, password_len);
        client->state = STATE_SUCCESS;
        status = send_sasl(client, "auth", "PLAIN", message, 2 + local_len + password_len);
        memset(message, 0, sizeof(message));
        return status;
    }
    return fail(client, XMPP_CLIENT_E_NO_MECHANISM, plain ? "PLAIN without TLS" : "");
}

static enum xmpp_client_status on_features(struct xmpp_client *client,
                                           const struct xmpp_xml_element *features)
{
    char resource[6 * XMPP_PART_MAX + 1], element[6 * XMPP_PART_MAX + 32] = "";

    if (!client->tls && !client->authenticated)
    {
        if (xmpp_xml_child(features, "starttls", XMPP_NS_TLS))
        {
            client->state = STATE_PROCEED;
            return emit(client, "<starttls xmlns='" XMPP_NS_TLS "'/>");
        }
        if (!client->allow_plaintext) return fail(client, XMPP_CLIENT_E_NO_TLS, "");
    }
    if (!client->authenticated) return start_sasl(client, features);
    if (!xmpp_xml_child(features, "bind", XMPP_NS_BIND))
        return fail(client, XMPP_CLIENT_E_BIND, "not offered");
    if (*client->resource)
    {
        xmpp_xml_escape(resource, sizeof(resource), client->resource, strlen(client->resource));
        snprintf(element, sizeof(element), "<resource>%s</resource>", resource);
    }
    client->state = STATE_BIND;
    return emit(client, "<iq type='set' id='%s'><bind xmlns='" XMPP_NS_BIND "'>%s</bind></iq>", bind_id,
                element);
}

/* The first child's name: a SASL or stanza error's condition. */
static const char *condition(const struct xmpp_xml_element *element)
{
    return element && element->children ? element->children->name : "";
}

static enum xmpp_client_status on_sasl(struct xmpp_client *client, const struct xmpp_xml_element *stanza)
{
    unsigned char data[SCRAM_SERVER_MESSAGE_MAX + 1];
    char final[SCRAM_CLIENT_FINAL_MAX + 1];
    enum scram_status scram;
    size_t len, final_len;

    if (!strcmp(stanza->name, "failure")) return fail(client, XMPP_CLIENT_E_AUTH, condition(stanza));
    if (!sasl_data(stanza, data, sizeof(data), &len)) return fail(client, XMPP_CLIENT_E_SCRAM, "BAD_BASE64");
    if (!strcmp(stanza->name, "challenge") && client->state == STATE_CHALLENGE)
    {
        if ((scram = scram_client_final(&client->scram, (const char *)data, len, client->password,
                                        strlen(client->password), final, sizeof(final), &final_len)))
            return fail(client, XMPP_CLIENT_E_SCRAM, scram_status_name(scram));
        client->state = STATE_SUCCESS;
        return send_sasl(client, "response", NULL, final, final_len);
    }
    /* The server-final: in <success/>, or in a last <challenge/> that an
     * empty <response/> answers (RFC 6120 6.4.6, 6.3.10). */
    if (client->state == STATE_SUCCESS && client->scram_used && !client->scram_verified &&
        (len || !strcmp(stanza->name, "challenge")))
    {
        if ((scram = scram_client_verify(&client->scram, (const char *)data, len)))
            return fail(client, XMPP_CLIENT_E_SCRAM, scram_status_name(scram));
        client->scram_verified = 1;
        if (!strcmp(stanza->name, "challenge")) return send_sasl(client, "response", NULL, NULL, 0);
    }
    if (strcmp(stanza->name, "success") || client->state != STATE_SUCCESS)
        return fail(client, XMPP_CLIENT_E_STREAM, stanza->name);
    /* A SCRAM server must prove it knows the password. */
    if (client->scram_used && !client->scram_verified)
        return fail(client, XMPP_CLIENT_E_SCRAM, "NO_VERIFIER");
    client->authenticated = 1;
    memset(client->password, 0, sizeof(client->password));
    scram_client_clear(&client->scram);
    return open_stream(client);
}

static enum xmpp_client_status on_bind(struct xmpp_client *client, const struct xmpp_xml_element *stanza)
{
    const char *type = xmpp_xml_attr(stanza, "type"), *id = xmpp_xml_attr(stanza, "id");
    const struct xmpp_xml_element *jid =
        xmpp_xml_child(xmpp_xml_child(stanza, "bind", XMPP_NS_BIND), "jid", NULL);

    if (strcmp(stanza->name, "iq") || !id || strcmp(id, bind_id)) return XMPP_CLIENT_OK; /* not the answer */
    if (!type || strcmp(type, "result"))
        return fail(client, XMPP_CLIENT_E_BIND, condition(xmpp_xml_child(stanza, "error", NULL)));
    if (!jid || !jid->text_len || jid->text_len > XMPP_JID_MAX)
        return fail(client, XMPP_CLIENT_E_BIND, "no jid");
    memcpy(client->full_jid, jid->text, jid->text_len + 1);
    client->state = STATE_ONLINE;
    if (client->callbacks.online) client->callbacks.online(client->ctx, client->full_jid);
    return XMPP_CLIENT_OK;
}

static enum xmpp_client_status on_stanza(struct xmpp_client *client, const struct xmpp_xml_element *stanza)
{
    if (!strcmp(stanza->ns, XMPP_NS_STREAM) && !strcmp(stanza->name, "error"))
        return fail(client, XMPP_CLIENT_E_STREAM_ERROR, condition(stanza));
    switch (client->state)
    {
    case STATE_FEATURES:
        if (strcmp(stanza->ns, XMPP_NS_STREAM) || strcmp(stanza->name, "features"))
            return fail(client, XMPP_CLIENT_E_STREAM, stanza->name);
        return on_features(client, stanza);
    case STATE_PROCEED:
        if (strcmp(stanza->ns, XMPP_NS_TLS) || strcmp(stanza->name, "proceed"))
            return fail(client, XMPP_CLIENT_E_TLS_REFUSED, stanza->name);
        client->state = STATE_TLS;
        client->callbacks.start_tls(client->ctx);
        return XMPP_CLIENT_OK;
    case STATE_CHALLENGE:
    case STATE_SUCCESS:
        if (strcmp(stanza->ns, XMPP_NS_SASL)) return fail(client, XMPP_CLIENT_E_STREAM, stanza->name);
        return on_sasl(client, stanza);
    case STATE_BIND: return on_bind(client, stanza);
    case STATE_ONLINE:
        if (client->callbacks.stanza) client->callbacks.stanza(client->ctx, stanza);
        return XMPP_CLIENT_OK;
    default: return fail(client, XMPP_CLIENT_E_STREAM, stanza->name);
    }
}

static enum xmpp_client_status on_frame(struct xmpp_client *client, const struct xmpp_frame *frame)
{
    const struct xmpp_xml_element *element;
    enum xmpp_xml_status status;

    switch (frame->type)
    {
    case XMPP_FRAME_HEADER:
        if (client->state != STATE_HEADER) return fail(client, XMPP_CLIENT_E_STREAM, "second header");
        if ((status = xmpp_xml_parse(frame->data, frame->len, XMPP_XML_START_TAG, NULL, &client->header_arena,
                                     &client->header)))
            return fail(client, XMPP_CLIENT_E_STREAM, xmpp_xml_status_name(status));
        if (strcmp(client->header->ns, XMPP_NS_STREAM))
            return fail(client, XMPP_CLIENT_E_STREAM, "namespace");
        client->state = STATE_FEATURES;
        return XMPP_CLIENT_OK;
    case XMPP_FRAME_STANZA:
        if ((status = xmpp_xml_parse(frame->data, frame->len, XMPP_XML_ELEMENT, client->header,
                                     &client->arena, &element)))
            return fail(client, XMPP_CLIENT_E_STREAM, xmpp_xml_status_name(status));
        return on_stanza(client, element);
    case XMPP_FRAME_END: return fail(client, XMPP_CLIENT_E_CLOSED, "");
    default: return XMPP_CLIENT_OK;
    }
}

enum xmpp_client_status xmpp_client_feed(struct xmpp_client *client, const char *data, size_t len)
{
    enum xmpp_client_status status;

    if (!client || (!data && len)) return XMPP_CLIENT_E_INVALIDARG;
    while (len)
    {
        struct xmpp_frame frame;
        enum xmpp_frame_status framed;
        size_t used;
        int restart_due;

        if (client->state == STATE_ENDED || client->state == STATE_NONE) return XMPP_CLIENT_E_STATE;
        /* After <proceed/> the next bytes are TLS, after <success/> a new
         * stream's: nothing may follow in what came with them. */
        if (client->state == STATE_TLS) return fail(client, XMPP_CLIENT_E_STREAM, "bytes after <proceed/>");
        restart_due = client->state == STATE_SUCCESS;
        if ((framed = xmpp_framer_feed(&client->framer, data, len, &used, &frame)))
            return fail(client, XMPP_CLIENT_E_STREAM, xmpp_frame_status_name(framed));
        data += used;
        len -= used;
        if (frame.type == XMPP_FRAME_NONE) break;
        if ((status = on_frame(client, &frame))) return status;
        if (restart_due && client->authenticated && len)
            return fail(client, XMPP_CLIENT_E_STREAM, "bytes after <success/>");
    }
    return client->state == STATE_ENDED ? XMPP_CLIENT_E_STATE : XMPP_CLIENT_OK;
}

enum xmpp_client_status xmpp_client_tls_done(struct xmpp_client *client)
{
    if (!client) return XMPP_CLIENT_E_INVALIDARG;
    if (client->state != STATE_TLS) return XMPP_CLIENT_E_STATE;
    client->tls = 1;
    return open_stream(client);
}

enum xmpp_client_status xmpp_client_send(struct xmpp_client *client, const char *stanza, size_t len)
{
    if (!client || !stanza) return XMPP_CLIENT_E_INVALIDARG;
    if (client->state != STATE_ONLINE) return XMPP_CLIENT_E_STATE;
    client->callbacks.send(client->ctx, stanza, len);
    return XMPP_CLIENT_OK;
}

void xmpp_client_close(struct xmpp_client *client)
{
    if (!client || client->state == STATE_NONE || client->state == STATE_ENDED) return;
    client->callbacks.send(client->ctx, "</stream:stream>", 16);
    client->state = STATE_ENDED;
    scram_client_clear(&client->scram);
}

void xmpp_client_clear(struct xmpp_client *client)
{
    if (!client) return;
    memset(client->password, 0, sizeof(client->password));
    scram_client_clear(&client->scram);
}
