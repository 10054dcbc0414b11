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

#include <stdio.h>
#include <string.h>

#include "text.h"
#include "wire.h"

/* Sending follows the official client byte for byte where captures exist
 * (spec 1.2, 1.5); receiving follows the lenient reading of spec 1.3, since
 * every observed client tolerates what it does not understand (spec 5).
 * The stream framing is ours; it is strict, because both ends are msgsc. */

/* The three lines every payload starts with (spec 1.2): 71 bytes. */
static const char mime_block[] = "MIME-Version: 1.0\r\n"
                                 "Content-Type: text/x-msmsgsinvite; charset=UTF-8\r\n"
                                 "\r\n";

static const char *const cancel_codes[] = {
    [CORE_CANCEL_NONE] = "",
    [CORE_CANCEL_REJECT] = "REJECT",
    [CORE_CANCEL_REJECT_NOT_INSTALLED] = "REJECT_NOT_INSTALLED",
    [CORE_CANCEL_TIMEOUT] = "TIMEOUT",
    [CORE_CANCEL_FTTIMEOUT] = "FTTIMEOUT",
    [CORE_CANCEL_FAIL] = "FAIL",
    [CORE_CANCEL_OUTBANDCANCEL] = "OUTBANDCANCEL",
};

const char *wire_cancel_code_name(enum core_cancel_code code)
{
    if ((unsigned int)code >= sizeof(cancel_codes) / sizeof(cancel_codes[0])) return "";
    return cancel_codes[code];
}

/* A limit of wire.h as text, for the reasons given to logs. */
#define WIRE_STR_(x) #x
#define WIRE_STR(x)  WIRE_STR_(x)

/* The MSG line has room for the digits of every length up to the limit. */
_Static_assert(WIRE_PAYLOAD_MAX >= 1000 && WIRE_PAYLOAD_MAX <= 9999, "WIRE_LENGTH_DIGITS is 4");
_Static_assert(WIRE_COOKIE_SEND_MAX <= WIRE_COOKIE_MAX && WIRE_COOKIE_MAX <= UINT32_MAX,
               "cookies are 32 bits");

/* A received token against one we know, ignoring ASCII case. */
static int is_token(const char *text, const char *token)
{
    return core_ascii_equal_n(text, strlen(text), token, strlen(token));
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t';
}

static int is_word(int c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

/* ---- Building payloads ---- */

/* Appends to a fixed buffer; len keeps counting past the end, so that the
 * caller learns the size the payload needs and never gets a truncated one. */
struct writer
{
    char *buf;
    size_t size;
    size_t len;
    int bad; /* a value was not one line (core_field_value_valid) */
};

static void put(struct writer *w, const char *text)
{
    size_t n = strlen(text);

    if (n && w->len <= w->size && n <= w->size - w->len) memcpy(w->buf + w->len, text, n);
    w->len += n;
}

static void field(struct writer *w, const char *name, const char *value)
{
    if (!core_field_value_valid(value)) w->bad = 1;
    put(w, name);
    put(w, ": ");
    put(w, value);
    put(w, "\r\n");
}

/* A field that is left out when its value is NULL or empty. */
static void optional(struct writer *w, const char *name, const char *value)
{
    if (value && value[0]) field(w, name, value);
}

/* The Cancel-Code of a CANCEL the session did not give one (spec 9.1). */
static enum core_cancel_code default_cancel_code(enum core_status reason)
{
    switch (reason)
    {
    case CORE_E_TIMEOUT: return CORE_CANCEL_TIMEOUT;
    case CORE_E_LAUNCH_FAILED:
    case CORE_E_PROTOCOL_ERROR: return CORE_CANCEL_FAIL;
    default: return CORE_CANCEL_OUTBANDCANCEL;
    }
}

enum core_status wire_build(const struct core_message *msg, char *buf, size_t size, size_t *len)
{
    struct writer w = {buf, size, 0, 0};
    enum core_cancel_code code;
    char cookie[16], hr[16];

    if (len) *len = 0;
    if (!msg || !len || (!buf && size)) return CORE_E_INVALIDARG;
    if (!msg->cookie) return CORE_E_INVALIDARG;
    snprintf(cookie, sizeof(cookie), "%lu", (unsigned long)msg->cookie);

    put(&w, mime_block);
    switch (msg->type)
    {
    case CORE_MESSAGE_INVITE:
        if (!msg->app_guid || !msg->app_guid[0]) return CORE_E_INVALIDARG;
        field(&w, "Application-Name", msg->app_name ? msg->app_name : "");
        field(&w, "Application-GUID", msg->app_guid);
        optional(&w, "Application-URL", msg->app_url);
        field(&w, "Session-Protocol", "SM1");
        optional(&w, "Context-Data", msg->data);
        field(&w, "Invitation-Command", "INVITE");
        field(&w, "Invitation-Cookie", cookie);
        optional(&w, "Session-ID", msg->session_id);
        /* Ours: the inviter's LocalAddress, so that the invitee knows it
         * as soon as it accepts (docs/protocol.md). */
        optional(&w, "IP-Address", msg->address);
        break;

    case CORE_MESSAGE_ACCEPT:
        field(&w, "Invitation-Command", "ACCEPT");
        field(&w, "Invitation-Cookie", cookie);
        optional(&w, "Session-ID", msg->session_id);
        if (!msg->final_accept) field(&w, "Session-Protocol", "SM1");
        optional(&w, "Context-Data", msg->data);
        field(&w, "Launch-Application", "TRUE");
        if (!msg->final_accept) field(&w, "Request-Data", "IP-Address:");
        optional(&w, "IP-Address", msg->address);
        break;

    case CORE_MESSAGE_DECLINE:
    case CORE_MESSAGE_CANCEL:
        code = msg->cancel_code;
        if (msg->type == CORE_MESSAGE_DECLINE && code != CORE_CANCEL_REJECT_NOT_INSTALLED)
            code = CORE_CANCEL_REJECT;
        if (code == CORE_CANCEL_NONE || (unsigned int)code >= sizeof(cancel_codes) / sizeof(cancel_codes[0]))
            code = default_cancel_code(msg->reason);
        /* The order of the official CANCEL captures (spec 1.5). */
        field(&w, "Invitation-Command", "CANCEL");
        field(&w, "Cancel-Code", cancel_codes[code]);
        field(&w, "Invitation-Cookie", cookie);
        optional(&w, "Session-ID", msg->session_id);
        optional(&w, "Context-Data", msg->data);
        if (msg->type == CORE_MESSAGE_CANCEL && msg->reason == CORE_E_PEER_HRESULT)
        {
            /* Spec Q-W4: the exact hr of Cancel for a msgsc peer; others
             * ignore the unknown field. */
            snprintf(hr, sizeof(hr), "0x%08lX", (unsigned long)(uint32_t)msg->hr);
            field(&w, "X-Msgsc-HResult", hr);
        }
        break;

    case CORE_MESSAGE_CONTEXT_DATA:
        field(&w, "Invitation-Command", WIRE_CONTEXT_COMMAND);
        field(&w, "Invitation-Cookie", cookie);
        optional(&w, "Session-ID", msg->session_id);
        optional(&w, "Context-Data", msg->data);
        break;

    default: return CORE_E_INVALIDARG;
    }
    put(&w, "\r\n");

    if (w.bad) return CORE_E_INVALIDARG;
    /* Spec 7: fail before sending, never truncate. */
    if (w.len > WIRE_PAYLOAD_MAX)
        return msg->type == CORE_MESSAGE_CONTEXT_DATA ? CORE_E_CONTEXT_DATA_OVER_LIMIT : CORE_E_INVALIDARG;
    *len = w.len;
    if (w.len >= size) return CORE_E_FAIL;
    buf[w.len] = 0;
    return CORE_OK;
}

/* ---- Parsing payloads ---- */

enum
{
    F_COMMAND,
    F_COOKIE,
    F_APP_NAME,
    F_APP_GUID,
    F_APP_URL,
    F_SESSION_PROTOCOL,
    F_SESSION_ID,
    F_CONTEXT_DATA,
    F_CANCEL_CODE,
    F_IP_ADDRESS,
    F_REQUEST_DATA,
    F_HRESULT,
    F_COUNT
};

static const char *const field_names[F_COUNT] = {
    [F_COMMAND] = "Invitation-Command", [F_COOKIE] = "Invitation-Cookie",
    [F_APP_NAME] = "Application-Name",  [F_APP_GUID] = "Application-GUID",
    [F_APP_URL] = "Application-URL",    [F_SESSION_PROTOCOL] = "Session-Protocol",
    [F_SESSION_ID] = "Session-ID",      [F_CONTEXT_DATA] = "Context-Data",
    [F_CANCEL_CODE] = "Cancel-Code",    [F_IP_ADDRESS] = "IP-Address",
    [F_REQUEST_DATA] = "Request-Data",  [F_HRESULT] = "X-Msgsc-HResult",
};

static const char cr_alone[] = "CR not followed by LF";

/* The byte rules of a payload, which the stream reader also applies as the
 * bytes arrive: no NUL, and a CR only before LF.  *cr says whether the
 * previous byte was a CR (0 before the first byte).  Returns why the byte
 * is malformed, or NULL.  A payload that ends with its *cr set is malformed
 * too (cr_alone). */
static const char *payload_byte(int *cr, unsigned char c)
{
    if (*cr && c != '\n') return cr_alone;
    if (!c) return "NUL byte";
    *cr = c == '\r';
    return NULL;
}

static enum core_status parse_failed(struct wire_parsed *out, const char *why)
{
    out->error = why;
    return CORE_E_PROTOCOL_ERROR;
}

/* Removes the blanks around [start, end) in place and returns the start. */
static char *trim(char *start, char *end)
{
    while (start < end && is_blank(*start))
        start++;
    while (end > start && is_blank(end[-1]))
        end--;
    *end = 0;
    return start;
}

/* A decimal 1..WIRE_COOKIE_MAX without sign or leading zero, so that
 * echoing it gives back the same text (spec 4.3, 4.4). */
static int parse_cookie(const char *text, uint32_t *cookie)
{
    uint64_t value = 0;
    size_t i;

    if (text[0] < '1' || text[0] > '9') return 0;
    for (i = 0; text[i]; i++)
    {
        if (text[i] < '0' || text[i] > '9') return 0;
        value = value * 10 + (uint64_t)(text[i] - '0');
        if (value > WIRE_COOKIE_MAX) return 0;
    }
    *cookie = (uint32_t)value;
    return 1;
}

/* "0x" and 1 to WIRE_HRESULT_DIGITS hex digits. */
static int parse_hresult(const char *text, int32_t *hr)
{
    uint32_t value = 0;
    size_t i;

    if (text[0] != '0' || core_ascii_lower((unsigned char)text[1]) != 'x' || !text[2]) return 0;
    for (i = 2; text[i]; i++)
    {
        int c = core_ascii_lower((unsigned char)text[i]), digit;

        if (i - 2 == WIRE_HRESULT_DIGITS) return 0;
        if (c >= '0' && c <= '9')
            digit = c - '0';
        else if (c >= 'a' && c <= 'f')
            digit = c - 'a' + 10;
        else
            return 0;
        value = value << 4 | (uint32_t)digit;
    }
    *hr = (int32_t)value;
    return 1;
}

static enum core_cancel_code lookup_cancel_code(const char *text)
{
    unsigned int i;

    if (!text) return CORE_CANCEL_NONE;
    for (i = 1; i < sizeof(cancel_codes) / sizeof(cancel_codes[0]); i++)
    {
        if (is_token(text, cancel_codes[i])) return (enum core_cancel_code)i;
    }
    return CORE_CANCEL_NONE;
}

/* Compares the media type (before any ';', blanks stripped) of a
 * Content-Type value; *value is trimmed already. */
static int is_invitation_type(const char *value)
{
    static const char type[] = "text/x-msmsgsinvite";
    size_t n = strcspn(value, ";");

    while (n && is_blank(value[n - 1]))
        n--;
    return core_ascii_equal_n(value, n, type, sizeof(type) - 1);
}

/* Fills the message of a CANCEL (or REJECT) by spec 9.2. */
static void parse_cancel(struct core_message *msg, const char *const *fields)
{
    int32_t hr;

    msg->cancel_code = lookup_cancel_code(fields[F_CANCEL_CODE]);
    if (fields[F_HRESULT] && parse_hresult(fields[F_HRESULT], &hr))
    {
        /* A msgsc peer's Cancel(hr): the exact code wins over the token. */
        msg->type = CORE_MESSAGE_CANCEL;
        msg->reason = CORE_E_PEER_HRESULT;
        msg->hr = hr;
        return;
    }
    switch (msg->cancel_code)
    {
    case CORE_CANCEL_REJECT:
    case CORE_CANCEL_REJECT_NOT_INSTALLED: msg->type = CORE_MESSAGE_DECLINE; return;
    case CORE_CANCEL_TIMEOUT:
    case CORE_CANCEL_FTTIMEOUT:
        msg->type = CORE_MESSAGE_CANCEL;
        msg->reason = CORE_E_TIMEOUT;
        return;
    case CORE_CANCEL_FAIL:
        msg->type = CORE_MESSAGE_CANCEL;
        msg->reason = CORE_E_PROTOCOL_ERROR;
        return;
    default: msg->type = CORE_MESSAGE_CANCEL; return;
    }
}

enum core_status wire_parse(const char *payload, size_t len, const char *peer, struct wire_parsed *out)
{
    const char *fields[F_COUNT] = {0};
    struct core_message *msg;
    char *pos, *end;
    int in_body = 0, have_type = 0, seen_type = 0, cr = 0;
    size_t peer_len = 0, i;
    const char *why;

    if (!out) return CORE_E_INVALIDARG;
    memset(out, 0, offsetof(struct wire_parsed, storage));
    out->error = "";
    msg = &out->msg;
    msg->data = "";
    if (!payload && len) return CORE_E_INVALIDARG;
    if (peer)
    {
        while (peer_len <= WIRE_SIGNIN_MAX && peer[peer_len])
            peer_len++;
        if (peer_len > WIRE_SIGNIN_MAX) return CORE_E_INVALIDARG;
        memcpy(out->peer, peer, peer_len + 1);
        msg->peer = out->peer;
    }
    if (len > WIRE_PAYLOAD_MAX) return parse_failed(out, "payload over " WIRE_STR(WIRE_PAYLOAD_MAX) " bytes");
    for (i = 0; i < len; i++)
    {
        if ((why = payload_byte(&cr, (unsigned char)payload[i]))) return parse_failed(out, why);
    }
    if (cr) return parse_failed(out, cr_alone);
    if (len) memcpy(out->storage, payload, len);
    out->storage[len] = 0;

    for (pos = out->storage, end = pos + len; pos < end;)
    {
        char *line = pos, *line_end = memchr(pos, '\n', (size_t)(end - pos)), *colon, *name, *value;

        if (line_end)
            pos = line_end + 1;
        else
            line_end = pos = end;
        /* Values cannot hold CR or LF (spec 1.3): every CR is before LF. */
        if (line_end > line && line_end[-1] == '\r') line_end--;
        *line_end = 0;

        if (line == line_end)
        {
            if (in_body) break; /* the closing empty line; ignore what follows */
            if (!have_type) return parse_failed(out, "not text/x-msmsgsinvite");
            in_body = 1;
            continue;
        }
        if (!(colon = strchr(line, ':'))) continue; /* not a field: ignored */
        name = trim(line, colon);
        value = trim(colon + 1, line_end);
        if (!in_body)
        {
            /* Receivers dispatch on Content-Type only (spec 1.2). */
            if (!seen_type && is_token(name, "Content-Type"))
            {
                seen_type = 1;
                have_type = is_invitation_type(value);
            }
            continue;
        }
        for (i = 0; i < F_COUNT; i++)
        {
            if (!fields[i] && is_token(name, field_names[i]))
            {
                fields[i] = value;
                break;
            }
        }
    }
    if (!in_body)
        return parse_failed(out, have_type ? "no blank line after the header" : "not text/x-msmsgsinvite");

    if (!fields[F_COMMAND] || !fields[F_COMMAND][0]) return parse_failed(out, "no Invitation-Command");
    if (!fields[F_COOKIE] || !fields[F_COOKIE][0]) return parse_failed(out, "no Invitation-Cookie");
    if (!parse_cookie(fields[F_COOKIE], &msg->cookie)) return parse_failed(out, "bad Invitation-Cookie");
    out->command_text = fields[F_COMMAND];
    out->cancel_code_text = fields[F_CANCEL_CODE];
    out->session_protocol = fields[F_SESSION_PROTOCOL];
    msg->session_id = fields[F_SESSION_ID];
    msg->address = fields[F_IP_ADDRESS];
    if (fields[F_CONTEXT_DATA]) msg->data = fields[F_CONTEXT_DATA];

    if (is_token(fields[F_COMMAND], "INVITE"))
    {
        out->command = WIRE_COMMAND_INVITE;
        if (!fields[F_APP_GUID] || !fields[F_APP_GUID][0])
            return parse_failed(out, "INVITE without Application-GUID");
        msg->type = CORE_MESSAGE_INVITE;
        msg->app_guid = fields[F_APP_GUID];
        msg->app_name = fields[F_APP_NAME];
        msg->app_url = fields[F_APP_URL];
    }
    else if (is_token(fields[F_COMMAND], "ACCEPT"))
    {
        out->command = WIRE_COMMAND_ACCEPT;
        msg->type = CORE_MESSAGE_ACCEPT;
        /* How Miranda tells the inviter's last ACCEPT (spec 2.1 step 3). */
        msg->final_accept = !fields[F_SESSION_PROTOCOL] && !fields[F_REQUEST_DATA];
    }
    else if (is_token(fields[F_COMMAND], "CANCEL") || is_token(fields[F_COMMAND], "REJECT"))
    {
        out->command = WIRE_COMMAND_CANCEL;
        parse_cancel(msg, fields);
    }
    else if (is_token(fields[F_COMMAND], WIRE_CONTEXT_COMMAND))
    {
        out->command = WIRE_COMMAND_CONTEXT;
        msg->type = CORE_MESSAGE_CONTEXT_DATA;
    }
    else
    {
        /* Every observed client ignores a command it does not know (2.7). */
        out->command = WIRE_COMMAND_UNKNOWN;
        out->error = "unknown Invitation-Command";
        return CORE_S_FALSE;
    }
    return CORE_OK;
}

enum core_cancel_code wire_invite_check(const struct wire_parsed *parsed)
{
    const char *p = parsed->session_protocol;

    if (!p) return CORE_CANCEL_REJECT_NOT_INSTALLED;
    /* The field may list several protocols (spec 1.4): look for the token. */
    while (*p)
    {
        size_t n = 0;

        while (is_word((unsigned char)p[n]))
            n++;
        if (core_ascii_equal_n(p, n, "SM1", 3)) return CORE_CANCEL_NONE;
        p += n ? n : 1;
    }
    return CORE_CANCEL_FAIL;
}

void wire_refusal(const struct wire_parsed *parsed, enum core_cancel_code code, struct core_message *out)
{
    *out = parsed->msg;
    out->type = CORE_MESSAGE_CANCEL;
    out->cancel_code = code;
    out->reason = CORE_E_PROTOCOL_ERROR;
    out->data = "";
}

/* ---- Stream framing ---- */

enum
{
    READ_HELLO,
    READ_HEADER,
    READ_PAYLOAD,
    READ_FAILED
};

/* The parts of a line, in the order they arrive. */
enum
{
    PART_COMMAND,  /* "USR " or "MSG " */
    PART_SIGNIN,   /* the hello's name */
    PART_SENDER,   /* MSG: the sender */
    PART_FRIENDLY, /* MSG: the URL-encoded friendly name */
    PART_LENGTH,   /* MSG: the payload's length */
    PART_LF        /* after the CR that ends a complete line */
};

static int unreserved(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.' || c == '~';
}

static int hex_value(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    c = core_ascii_lower(c);
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

enum core_status wire_build_hello(const char *signin, char *buf, size_t size, size_t *len)
{
    size_t n;

    if (len) *len = 0;
    if (!len || (!buf && size)) return CORE_E_INVALIDARG;
    if (!signin || core_signin_check(signin, n = strlen(signin)) != CORE_OK) return CORE_E_BAD_SIGNIN;
    *len = 4 + n + 2;
    if (*len >= size) return CORE_E_FAIL;
    snprintf(buf, size, "USR %s\r\n", signin);
    return CORE_OK;
}

enum core_status wire_build_header(const char *signin, const char *friendly, size_t length, char *buf,
                                   size_t size, size_t *len)
{
    static const char hex[] = "0123456789ABCDEF";
    char encoded[WIRE_FRIENDLY_MAX + 1];
    size_t n = 0, i, signin_len;

    if (len) *len = 0;
    if (!len || (!buf && size)) return CORE_E_INVALIDARG;
    if (!signin || core_signin_check(signin, signin_len = strlen(signin)) != CORE_OK)
        return CORE_E_BAD_SIGNIN;
    if (!length || length > WIRE_PAYLOAD_MAX) return CORE_E_INVALIDARG;
    if (!friendly || !friendly[0]) friendly = signin;
    for (i = 0; friendly[i]; i++)
    {
        unsigned char c = (unsigned char)friendly[i];

        if (unreserved(c))
        {
            if (n + 1 > WIRE_FRIENDLY_MAX) return CORE_E_TOO_LONG;
            encoded[n++] = (char)c;
        }
        else
        {
            if (n + 3 > WIRE_FRIENDLY_MAX) return CORE_E_TOO_LONG;
            encoded[n++] = '%';
            encoded[n++] = hex[c >> 4];
            encoded[n++] = hex[c & 15];
        }
    }
    encoded[n] = 0;
    *len = (size_t)snprintf(NULL, 0, "MSG %s %s %lu\r\n", signin, encoded, (unsigned long)length);
    if (*len >= size) return CORE_E_FAIL;
    snprintf(buf, size, "MSG %s %s %lu\r\n", signin, encoded, (unsigned long)length);
    return CORE_OK;
}

enum core_status wire_build_frame(const struct core_message *msg, const char *signin, const char *friendly,
                                  char *buf, size_t size, size_t *len)
{
    char payload[WIRE_PAYLOAD_MAX + 1];
    size_t payload_len, header_len;
    enum core_status status;

    if (len) *len = 0;
    if (!len || (!buf && size)) return CORE_E_INVALIDARG;
    if ((status = wire_build(msg, payload, sizeof(payload), &payload_len)) < 0) return status;
    status = wire_build_header(signin, friendly, payload_len, buf, size, &header_len);
    if (status < 0 && status != CORE_E_FAIL) return status;
    *len = header_len + payload_len;
    if (status < 0 || *len >= size) return CORE_E_FAIL;
    memcpy(buf + header_len, payload, payload_len + 1);
    return CORE_OK;
}

/* Ready for the first byte of a line. */
static void line_start(struct wire_reader *reader)
{
    reader->part = PART_COMMAND;
    reader->count = 0;
    reader->escape = 0;
    reader->friendly_len = 0;
    reader->need = 0;
}

void wire_reader_init(struct wire_reader *reader)
{
    memset(reader, 0, offsetof(struct wire_reader, signin));
    reader->state = READ_HELLO;
    reader->error = "";
    line_start(reader);
    reader->signin[0] = reader->sender[0] = reader->friendly[0] = reader->payload[0] = 0;
}

static enum core_status reader_failed(struct wire_reader *reader, const char *why)
{
    reader->state = READ_FAILED;
    reader->error = why;
    return CORE_E_PROTOCOL_ERROR;
}

static void next_part(struct wire_reader *reader, int part)
{
    reader->part = part;
    reader->count = 0;
}

/* The CR of a line: the line must be complete, only its LF may follow. */
static enum core_status line_cr(struct wire_reader *reader)
{
    switch (reader->part)
    {
    case PART_COMMAND:
        return reader_failed(reader, reader->state == READ_HELLO ? "no hello" : "not a MSG line");
    case PART_SIGNIN:
        if (core_signin_check(reader->signin, reader->count) != CORE_OK)
            return reader_failed(reader, "bad sign-in name");
        reader->signin[reader->count] = 0;
        reader->signin_len = reader->count;
        break;
    case PART_LENGTH:
        if (!reader->count) return reader_failed(reader, "bad length");
        break;
    default: return reader_failed(reader, "MSG line too short");
    }
    next_part(reader, PART_LF);
    return CORE_OK;
}

/* The LF of a complete line. */
static void line_lf(struct wire_reader *reader, struct wire_frame *frame)
{
    if (reader->state == READ_HELLO)
    {
        reader->state = READ_HEADER;
        frame->type = WIRE_FRAME_HELLO;
        frame->signin = reader->signin;
        line_start(reader);
        return;
    }
    /* need stays: it is the length just read. */
    reader->part = PART_COMMAND;
    reader->count = 0;
    reader->have = 0;
    reader->cr = 0;
    reader->state = READ_PAYLOAD;
}

/* One byte of the friendly name (not a space): a byte sent as it is, or
 * part of a %XX escape, decoded at once. */
static enum core_status friendly_byte(struct wire_reader *reader, unsigned char c)
{
    int digit;

    if (reader->count == WIRE_FRIENDLY_MAX)
        return reader_failed(reader, "friendly name over " WIRE_STR(WIRE_FRIENDLY_MAX) " bytes");
    reader->count++;
    if (!reader->escape)
    {
        if (c == '%')
            reader->escape = 1;
        else
            reader->friendly[reader->friendly_len++] = (char)c;
        return CORE_OK;
    }
    if ((digit = hex_value(c)) < 0) return reader_failed(reader, "bad %XX in the friendly name");
    if (reader->escape == 1)
    {
        reader->high = digit;
        reader->escape = 2;
        return CORE_OK;
    }
    if (!reader->high && !digit) return reader_failed(reader, "%00 in the friendly name");
    reader->friendly[reader->friendly_len++] = (char)(reader->high << 4 | digit);
    reader->escape = 0;
    return CORE_OK;
}

/* Judges one byte of a line as it arrives, so that a line fails at the
 * first byte after which it can no longer be valid, whether or not a line
 * end ever comes.  Every byte of a line is printable ASCII, apart from the
 * CR LF that ends it. */
static enum core_status line_byte(struct wire_reader *reader, unsigned char c, struct wire_frame *frame)
{
    if (reader->part == PART_LF)
    {
        if (c != '\n') return reader_failed(reader, "CR not followed by LF");
        line_lf(reader, frame);
        return CORE_OK;
    }
    if (c == '\r') return line_cr(reader);
    if (c == '\n') return reader_failed(reader, "line not ended by CR LF");
    if (c < ' ' || c == 0x7f) return reader_failed(reader, "control character");
    if (c > 0x7f) return reader_failed(reader, "byte outside ASCII");

    switch (reader->part)
    {
    case PART_COMMAND:
        if (c != (reader->state == READ_HELLO ? "USR " : "MSG ")[reader->count])
            return reader_failed(reader, reader->state == READ_HELLO ? "no hello" : "not a MSG line");
        if (++reader->count == 4) next_part(reader, reader->state == READ_HELLO ? PART_SIGNIN : PART_SENDER);
        return CORE_OK;

    case PART_SIGNIN:
        if (c == ' ') return reader_failed(reader, "bad sign-in name");
        if (reader->count == WIRE_SIGNIN_MAX)
            return reader_failed(reader, "sign-in name over " WIRE_STR(WIRE_SIGNIN_MAX) " characters");
        reader->signin[reader->count++] = (char)c;
        return CORE_OK;

    case PART_SENDER:
        /* The hello's name, byte for byte, ignoring ASCII case. */
        if (c == ' ')
        {
            if (!reader->count) return reader_failed(reader, "bad sign-in name");
            if (reader->count != reader->signin_len) return reader_failed(reader, "sender is not the peer");
            reader->sender[reader->count] = 0;
            next_part(reader, PART_FRIENDLY);
            return CORE_OK;
        }
        if (reader->count == reader->signin_len ||
            core_ascii_lower(c) != core_ascii_lower((unsigned char)reader->signin[reader->count]))
            return reader_failed(reader, "sender is not the peer");
        reader->sender[reader->count++] = (char)c;
        return CORE_OK;

    case PART_FRIENDLY:
        if (c != ' ') return friendly_byte(reader, c);
        if (!reader->count || reader->escape) return reader_failed(reader, "bad friendly name");
        reader->friendly[reader->friendly_len] = 0;
        next_part(reader, PART_LENGTH);
        return CORE_OK;

    case PART_LENGTH:
        /* Decimal without leading zero, 1..WIRE_PAYLOAD_MAX: fails at the
         * first digit that takes it past the limit. */
        if (c < '0' || c > '9' || (!reader->count && c == '0')) return reader_failed(reader, "bad length");
        reader->need = reader->need * 10 + (size_t)(c - '0');
        reader->count++;
        if (reader->need > WIRE_PAYLOAD_MAX)
            return reader_failed(reader, "length over " WIRE_STR(WIRE_PAYLOAD_MAX));
        return CORE_OK;
    }
    return reader_failed(reader, "internal error");
}

enum core_status wire_reader_feed(struct wire_reader *reader, const char *data, size_t len, size_t *used,
                                  struct wire_frame *frame)
{
    enum core_status status = CORE_OK;
    size_t pos = 0;

    memset(frame, 0, sizeof(*frame));
    *used = 0;
    if (reader->state == READ_FAILED) return CORE_E_PROTOCOL_ERROR;
    if (!data && len) return reader_failed(reader, "no data");

    while (pos < len)
    {
        if (reader->state == READ_PAYLOAD)
        {
            size_t n = len - pos < reader->need - reader->have ? len - pos : reader->need - reader->have, i;
            const char *why = NULL;

            /* wire_parse's byte rules, judged as the bytes arrive. */
            for (i = 0; i < n && !why; i++)
                why = payload_byte(&reader->cr, (unsigned char)data[pos + i]);
            if (!why && reader->have + i == reader->need && reader->cr) why = cr_alone;
            memcpy(reader->payload + reader->have, data + pos, i);
            pos += i;
            reader->have += i;
            if (why)
            {
                status = reader_failed(reader, why);
                break;
            }
            if (reader->have < reader->need) continue;
            reader->payload[reader->have] = 0;
            reader->state = READ_HEADER;
            frame->type = WIRE_FRAME_MSG;
            frame->signin = reader->sender;
            frame->friendly = reader->friendly;
            frame->payload = reader->payload;
            frame->length = reader->need;
            line_start(reader);
            break;
        }
        if ((status = line_byte(reader, (unsigned char)data[pos++], frame)) < 0 ||
            frame->type != WIRE_FRAME_NONE)
            break;
    }
    *used = pos;
    return status;
}
