/*
 * The client side of SASL SCRAM-SHA-1 (RFC 5802) and SCRAM-SHA-256 (RFC 7677), without channel binding
 * (portable).
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

#include "base64.h"
#include "hmac.h"
#include "scram.h"
#include "text.h"

/* Written from RFC 5802 sections 3 (the algorithm), 5 (the exchange) and
 * 7 (the grammar).  The server's messages are judged in two passes: first
 * the attribute list as such (E_MALFORMED), then each attribute in the
 * order the grammar fixes, so that the status never depends on anything
 * but the message. */

enum
{
    STATE_NONE, /* not started, failed or finished: only scram_client_first */
    STATE_FIRST_SENT,
    STATE_FINAL_SENT
};

/* base64("n,,"), the c= attribute of client-final-message: the GS2 header
 * without channel binding data (RFC 5802 7, "cbind-input"). */
static const char gs2_header[] = "n,,";

const char *scram_status_name(enum scram_status status)
{
    switch (status)
    {
#define XX(name, value, text)                                                                                \
    case SCRAM_##name: return #name;
        SCRAM_STATUS_MAP(XX)
#undef XX
    }
    return "UNKNOWN";
}

const char *scram_status_text(enum scram_status status)
{
    switch (status)
    {
#define XX(name, value, text)                                                                                \
    case SCRAM_##name: return text;
        SCRAM_STATUS_MAP(XX)
#undef XX
    }
    return "unknown status";
}

const char *scram_mechanism_name(enum sha_algorithm algorithm)
{
    switch (algorithm)
    {
    case SHA_ALGORITHM_SHA1: return "SCRAM-SHA-1";
    case SHA_ALGORITHM_SHA256: return "SCRAM-SHA-256";
    }
    return NULL;
}

/* ---- The attribute list ---- */

/* One attr-val of RFC 5802 7: a letter, '=', and a value of at least one
 * byte that is neither NUL nor ','. */
struct attribute
{
    char name;
    const char *value;
    size_t len;
};

static int is_alpha(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* The first pass: the whole message is a non-empty list of attributes
 * separated by single commas, without NUL. */
static enum scram_status check_attributes(const char *msg, size_t len)
{
    size_t i, start = 0;

    if (len > SCRAM_SERVER_MESSAGE_MAX) return SCRAM_E_TOO_LONG;
    if (!len) return SCRAM_E_MALFORMED;
    for (i = 0; i <= len; i++)
    {
        if (i < len && !msg[i]) return SCRAM_E_MALFORMED;
        if (i < len && msg[i] != ',') continue;
        /* msg[start..i) is one attribute. */
        if (i - start < 3 || !is_alpha((unsigned char)msg[start]) || msg[start + 1] != '=')
            return SCRAM_E_MALFORMED;
        start = i + 1;
    }
    return SCRAM_OK;
}

/* The attribute at *pos of a message check_attributes accepted; 0 at the
 * end, where attr is one named 0 that no test matches. */
static int next_attribute(const char *msg, size_t len, size_t *pos, struct attribute *attr)
{
    size_t end = *pos;

    attr->name = 0;
    attr->value = "";
    attr->len = 0;
    if (*pos >= len) return 0;
    while (end < len && msg[end] != ',')
        end++;
    attr->name = msg[*pos];
    attr->value = msg + *pos + 2;
    attr->len = end - *pos - 2;
    *pos = end + 1;
    return 1;
}

/* posit-number = %x31-39 *DIGIT, from SCRAM_ITERATIONS_MIN to _MAX. */
static int parse_iterations(const char *value, size_t len, unsigned long *out)
{
    unsigned long n = 0;
    size_t i;

    if (value[0] == '0') return 0;
    for (i = 0; i < len; i++)
    {
        if (value[i] < '0' || value[i] > '9') return 0;
        n = n * 10 + (unsigned long)(value[i] - '0');
        /* Checked at every digit, so n never grows past MAX * 10 + 9. */
        if (n > SCRAM_ITERATIONS_MAX) return 0;
    }
    if (n < SCRAM_ITERATIONS_MIN) return 0;
    *out = n;
    return 1;
}

enum scram_status scram_parse_server_first(const char *msg, size_t len, struct scram_server_first *out)
{
    struct attribute attr;
    enum scram_status status;
    enum core_status decoded;
    size_t pos = 0, i;

    if (out) memset(out, 0, sizeof(*out));
    if (!out || (!msg && len)) return SCRAM_E_INVALIDARG;
    if ((status = check_attributes(msg, len)) != SCRAM_OK) return status;

    next_attribute(msg, len, &pos, &attr);
    /* A mandatory extension we do not know: RFC 5802 5.1 says fail. */
    if (attr.name == 'm') return SCRAM_E_EXTENSION;
    if (attr.name != 'r') return SCRAM_E_NO_NONCE;
    for (i = 0; i < attr.len; i++)
        if ((unsigned char)attr.value[i] < 0x21 || (unsigned char)attr.value[i] > 0x7e)
            return SCRAM_E_BAD_SERVER_NONCE;
    out->nonce = attr.value;
    out->nonce_len = attr.len;

    if (!next_attribute(msg, len, &pos, &attr) || attr.name != 's') return SCRAM_E_NO_SALT;
    decoded = base64_decode(attr.value, attr.len, out->salt, sizeof(out->salt), &out->salt_len);
    if (decoded == CORE_E_FAIL) return SCRAM_E_BAD_SALT;
    if (decoded != CORE_OK) return SCRAM_E_BAD_BASE64;
    if (!out->salt_len) return SCRAM_E_BAD_SALT;

    if (!next_attribute(msg, len, &pos, &attr) || attr.name != 'i') return SCRAM_E_NO_ITERATIONS;
    if (!parse_iterations(attr.value, attr.len, &out->iterations)) return SCRAM_E_BAD_ITERATIONS;
    /* Extensions may follow: check_attributes has seen their syntax, and
     * their meaning is for no client to know. */
    return SCRAM_OK;
}

enum scram_status scram_parse_server_final(const char *msg, size_t len, struct scram_server_final *out)
{
    struct attribute attr;
    enum scram_status status;
    enum core_status decoded;
    size_t pos = 0, i;

    if (out) memset(out, 0, sizeof(*out));
    if (!out || (!msg && len)) return SCRAM_E_INVALIDARG;
    if ((status = check_attributes(msg, len)) != SCRAM_OK) return status;

    next_attribute(msg, len, &pos, &attr);
    if (attr.name == 'e')
    {
        /* For a trace: printable ASCII, anything else shown as '?'. */
        size_t n = attr.len < SCRAM_ERROR_MAX ? attr.len : SCRAM_ERROR_MAX;

        for (i = 0; i < n; i++)
        {
            unsigned char c = (unsigned char)attr.value[i];

            out->error[i] = c >= 0x20 && c <= 0x7e ? (char)c : '?';
        }
        out->error[n] = 0;
        return SCRAM_E_SERVER_ERROR;
    }
    if (attr.name == 'm') return SCRAM_E_EXTENSION;
    if (attr.name != 'v') return SCRAM_E_NO_VERIFIER;
    decoded = base64_decode(attr.value, attr.len, out->verifier, sizeof(out->verifier), &out->verifier_len);
    if (decoded == CORE_E_FAIL) return SCRAM_E_BAD_SIGNATURE;
    if (decoded != CORE_OK) return SCRAM_E_BAD_BASE64;
    if (!out->verifier_len) return SCRAM_E_BAD_SIGNATURE;
    return SCRAM_OK;
}

/* ---- The client ---- */

/* Ends the exchange, whether it failed or succeeded: the expected
 * signature is forgotten, and only scram_client_first is taken next. */
static enum scram_status end_exchange(struct scram_client *scram, enum scram_status status)
{
    sha_wipe(scram->server_signature, sizeof(scram->server_signature));
    scram->state = STATE_NONE;
    return status;
}

/* Decodes the code point at s of a string core_utf8_valid accepted;
 * returns its length. */
static size_t valid_utf8_next(const unsigned char *s, unsigned long *cp)
{
    size_t len = s[0] < 0x80 ? 1 : s[0] < 0xe0 ? 2 : s[0] < 0xf0 ? 3 : 4, i;

    *cp = len == 1 ? s[0] : s[0] & (0x7f >> len);
    for (i = 1; i < len; i++)
        *cp = *cp << 6 | (s[i] & 0x3f);
    return len;
}

/* RFC 3454 tables C.2.1 and C.2.2, the control characters SASLprep
 * prohibits. */
static int is_control(unsigned long cp)
{
    return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x6dd || cp == 0x70f || cp == 0x180e ||
           cp == 0x200c || cp == 0x200d || cp == 0x2028 || cp == 0x2029 || (cp >= 0x2060 && cp <= 0x2063) ||
           (cp >= 0x206a && cp <= 0x206f) || cp == 0xfeff || (cp >= 0xfff9 && cp <= 0xfffc) ||
           (cp >= 0x1d173 && cp <= 0x1d17a);
}

/* Appends "n=" and the escaped user to scram->bare. */
static enum scram_status put_username(struct scram_client *scram, const char *user, size_t user_len)
{
    char copy[SCRAM_USERNAME_MAX + 1];
    size_t i, n = 0;

    if (!user_len || user_len > SCRAM_USERNAME_MAX) return SCRAM_E_BAD_USERNAME;
    /* A NUL would end the copy early: it is a control character anyway. */
    if (memchr(user, 0, user_len)) return SCRAM_E_BAD_USERNAME;
    memcpy(copy, user, user_len);
    copy[user_len] = 0;
    if (!core_utf8_valid(copy)) return SCRAM_E_BAD_USERNAME;

    scram->bare[n++] = 'n';
    scram->bare[n++] = '=';
    for (i = 0; i < user_len;)
    {
        unsigned long cp;
        size_t step = valid_utf8_next((const unsigned char *)copy + i, &cp);

        if (is_control(cp)) return SCRAM_E_BAD_USERNAME;
        /* RFC 5802 5.1: ',' and '=' are the two characters that would
         * break the attribute list. */
        if (cp == ',' || cp == '=')
        {
            memcpy(scram->bare + n, cp == ',' ? "=2C" : "=3D", 3);
            n += 3;
        }
        else
        {
            memcpy(scram->bare + n, copy + i, step);
            n += step;
        }
        i += step;
    }
    scram->bare_len = n;
    return SCRAM_OK;
}

enum scram_status scram_client_first(struct scram_client *scram, enum sha_algorithm algorithm,
                                     const char *user, size_t user_len, const char *nonce, size_t nonce_len,
                                     char *out, size_t size, size_t *len)
{
    enum scram_status status;
    size_t i, total;

    if (len) *len = 0;
    if (!scram) return SCRAM_E_INVALIDARG;
    memset(scram, 0, sizeof(*scram));
    scram->state = STATE_NONE;
    if (!len || !user || !nonce || (!out && size) || !scram_mechanism_name(algorithm))
        return SCRAM_E_INVALIDARG;
    scram->algorithm = algorithm;

    if ((status = put_username(scram, user, user_len)) != SCRAM_OK) return status;
    if (!nonce_len || nonce_len > SCRAM_NONCE_MAX) return SCRAM_E_BAD_NONCE;
    for (i = 0; i < nonce_len; i++)
    {
        unsigned char c = (unsigned char)nonce[i];

        if (c < 0x21 || c > 0x7e || c == ',') return SCRAM_E_BAD_NONCE;
    }
    memcpy(scram->bare + scram->bare_len, ",r=", 3);
    memcpy(scram->bare + scram->bare_len + 3, nonce, nonce_len);
    scram->bare_len += 3 + nonce_len;
    scram->bare[scram->bare_len] = 0;
    scram->nonce_len = nonce_len;

    total = strlen(gs2_header) + scram->bare_len;
    if (total >= size) return SCRAM_E_BUFFER_TOO_SMALL;
    memcpy(out, gs2_header, strlen(gs2_header));
    memcpy(out + strlen(gs2_header), scram->bare, scram->bare_len + 1);
    *len = total;
    scram->state = STATE_FIRST_SENT;
    return SCRAM_OK;
}

/* HMAC(key, AuthMessage), AuthMessage = client-first-message-bare ","
 * server-first-message "," client-final-message-without-proof, streamed
 * rather than put together. */
static void auth_message_mac(const struct scram_client *scram, const unsigned char *key, size_t key_len,
                             const char *server_first, size_t server_len, const char *without_proof,
                             size_t without_len, unsigned char *mac)
{
    struct hmac_ctx ctx;

    hmac_init(&ctx, scram->algorithm, key, key_len);
    hmac_update(&ctx, scram->bare, scram->bare_len);
    hmac_update(&ctx, ",", 1);
    hmac_update(&ctx, server_first, server_len);
    hmac_update(&ctx, ",", 1);
    hmac_update(&ctx, without_proof, without_len);
    hmac_final(&ctx, mac);
}

enum scram_status scram_client_final(struct scram_client *scram, const char *server_first, size_t len,
                                     const char *password, size_t password_len, char *out, size_t size,
                                     size_t *len_out)
{
    unsigned char salted[SHA_MAX_DIGEST_SIZE], client_key[SHA_MAX_DIGEST_SIZE],
        stored_key[SHA_MAX_DIGEST_SIZE];
    unsigned char signature[SHA_MAX_DIGEST_SIZE], server_key[SHA_MAX_DIGEST_SIZE];
    struct scram_server_first parsed;
    enum scram_status status;
    size_t h_len, n = 0, encoded, i;

    if (len_out) *len_out = 0;
    if (!scram) return SCRAM_E_INVALIDARG;
    if (scram->state != STATE_FIRST_SENT) return end_exchange(scram, SCRAM_E_STATE);
    if (!len_out || (!server_first && len) || (!password && password_len) || (!out && size))
        return end_exchange(scram, SCRAM_E_INVALIDARG);
    if ((status = scram_parse_server_first(server_first, len, &parsed)) != SCRAM_OK)
        return end_exchange(scram, status);
    /* RFC 5802 5.1: the server appends its part to ours. */
    if (parsed.nonce_len < scram->nonce_len ||
        memcmp(parsed.nonce, scram->bare + scram->bare_len - scram->nonce_len, scram->nonce_len))
        return end_exchange(scram, SCRAM_E_NONCE_MISMATCH);

    h_len = sha_digest_size(scram->algorithm);
    /* "c=" base64(gs2) ",r=" nonce ",p=" base64(proof), and a NUL: known
     * before the expensive part. */
    if (9 + parsed.nonce_len + 3 + BASE64_ENCODED_SIZE(h_len) >= size)
        return end_exchange(scram, SCRAM_E_BUFFER_TOO_SMALL);
    memcpy(out, "c=", 2);
    n = 2;
    base64_encode(gs2_header, strlen(gs2_header), out + n, size - n, &encoded);
    n += encoded;
    memcpy(out + n, ",r=", 3);
    n += 3;
    memcpy(out + n, parsed.nonce, parsed.nonce_len);
    n += parsed.nonce_len;

    /* RFC 5802 3: SaltedPassword, ClientKey, StoredKey, ClientSignature,
     * ClientProof, ServerKey, ServerSignature. */
    pbkdf2_hmac(scram->algorithm, password, password_len, parsed.salt, parsed.salt_len, parsed.iterations,
                salted, h_len);
    hmac_digest(scram->algorithm, salted, h_len, "Client Key", 10, client_key);
    sha_digest(scram->algorithm, client_key, h_len, stored_key);
    auth_message_mac(scram, stored_key, h_len, server_first, len, out, n, signature);
    for (i = 0; i < h_len; i++)
        client_key[i] ^= signature[i]; /* now the proof */
    hmac_digest(scram->algorithm, salted, h_len, "Server Key", 10, server_key);
    auth_message_mac(scram, server_key, h_len, server_first, len, out, n, scram->server_signature);

    memcpy(out + n, ",p=", 3);
    n += 3;
    base64_encode(client_key, h_len, out + n, size - n, &encoded);
    n += encoded;
    *len_out = n;

    sha_wipe(salted, sizeof(salted));
    sha_wipe(client_key, sizeof(client_key));
    sha_wipe(stored_key, sizeof(stored_key));
    sha_wipe(signature, sizeof(signature));
    sha_wipe(server_key, sizeof(server_key));
    scram->state = STATE_FINAL_SENT;
    return SCRAM_OK;
}

enum scram_status scram_client_verify(struct scram_client *scram, const char *server_final, size_t len)
{
    struct scram_server_final parsed;
    enum scram_status status;
    unsigned char differ = 0;
    size_t h_len, i;

    if (!scram) return SCRAM_E_INVALIDARG;
    if (scram->state != STATE_FINAL_SENT) return end_exchange(scram, SCRAM_E_STATE);
    if (!server_final && len) return end_exchange(scram, SCRAM_E_INVALIDARG);
    status = scram_parse_server_final(server_final, len, &parsed);
    if (status == SCRAM_E_SERVER_ERROR) memcpy(scram->error, parsed.error, sizeof(scram->error));
    if (status != SCRAM_OK) return end_exchange(scram, status);

    h_len = sha_digest_size(scram->algorithm);
    if (parsed.verifier_len != h_len) return end_exchange(scram, SCRAM_E_BAD_SIGNATURE);
    /* Every byte is compared, wherever the first difference is. */
    for (i = 0; i < h_len; i++)
        differ |= parsed.verifier[i] ^ scram->server_signature[i];
    return end_exchange(scram, differ ? SCRAM_E_BAD_SIGNATURE : SCRAM_OK);
}

void scram_client_clear(struct scram_client *scram)
{
    if (!scram) return;
    sha_wipe(scram, sizeof(*scram));
    scram->state = STATE_NONE;
}
