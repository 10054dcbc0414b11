/*
 * libFuzzer target for the SCRAM client's parsers and the strict base64 decoder (src/core/scram.c, base64.c).
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

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/base64.h"
#include "core/scram.h"

#include "fuzz.h"

/* The input is what a server sends during SCRAM: its first message, a
 * line feed, its final message (without a line feed, the whole input is
 * the first message).  The parsers must hold their promises: a parsed
 * server-first-message is canonical, so it can be written again from the
 * parsed values and, since base64 and the iteration count each have one
 * accepted form, gives the same attributes back.  When its nonce starts
 * with the client's ("fuzz") and its count is small, a whole exchange runs
 * with SHA-1 and with SHA-256 on it.  The whole input is also base64 for
 * the decoder, whose output must encode back to the same text. */

#define CLIENT_NONCE "fuzz"
/* Rounds of PBKDF2 a fuzzed exchange may cost. */
#define FUZZ_ITERATIONS_MAX 64

static void check_base64(const char *text, size_t len)
{
    static unsigned char bytes[4096];
    static char again[8192];
    size_t n, again_len;

    if (base64_decode(text, len, bytes, sizeof(bytes), &n) != CORE_OK) return;
    check(n <= BASE64_DECODED_MAX(len));
    check(base64_encode(bytes, n, again, sizeof(again), &again_len) == CORE_OK);
    check(again_len == len && !memcmp(again, text, len));
}

static void check_server_first(const char *msg, size_t len, const struct scram_server_first *parsed)
{
    static char salt[BASE64_ENCODED_SIZE(SCRAM_SALT_MAX) + 1], rebuilt[SCRAM_SERVER_MESSAGE_MAX + 64];
    struct scram_server_first again;
    size_t salt_len, n, i;

    check(parsed->nonce >= msg + 2 && parsed->nonce + parsed->nonce_len <= msg + len && parsed->nonce_len);
    for (i = 0; i < parsed->nonce_len; i++)
        check(parsed->nonce[i] > ' ' && parsed->nonce[i] < 0x7f && parsed->nonce[i] != ',');
    check(parsed->salt_len >= 1 && parsed->salt_len <= SCRAM_SALT_MAX);
    check(parsed->iterations >= SCRAM_ITERATIONS_MIN && parsed->iterations <= SCRAM_ITERATIONS_MAX);

    check(base64_encode(parsed->salt, parsed->salt_len, salt, sizeof(salt), &salt_len) == CORE_OK);
    n = (size_t)snprintf(rebuilt, sizeof(rebuilt), "r=%.*s,s=%s,i=%lu", (int)parsed->nonce_len, parsed->nonce,
                         salt, parsed->iterations);
    /* The attributes are the input's, byte for byte, up to any extension. */
    check(n <= len && !memcmp(rebuilt, msg, n) && (n == len || msg[n] == ','));
    check(scram_parse_server_first(rebuilt, n, &again) == SCRAM_OK);
    check(again.nonce_len == parsed->nonce_len && again.salt_len == parsed->salt_len);
    check(!memcmp(again.salt, parsed->salt, parsed->salt_len) && again.iterations == parsed->iterations);
}

static void check_server_final(enum scram_status status, const struct scram_server_final *parsed)
{
    size_t i;

    if (status == SCRAM_OK) check(parsed->verifier_len >= 1 && parsed->verifier_len <= SHA_MAX_DIGEST_SIZE);
    if (status == SCRAM_E_SERVER_ERROR)
    {
        check(strlen(parsed->error) <= SCRAM_ERROR_MAX);
        for (i = 0; parsed->error[i]; i++)
            check(parsed->error[i] >= ' ' && parsed->error[i] < 0x7f);
    }
    else
        check(!parsed->error[0]);
    check(status <= 0 && status >= SCRAM_E_BAD_SIGNATURE && strcmp(scram_status_name(status), "UNKNOWN"));
}

/* A whole exchange on the server's messages. */
static void exchange(enum sha_algorithm algorithm, const char *first, size_t first_len, const char *final,
                     size_t final_len, const struct scram_server_first *parsed)
{
    static char out[SCRAM_CLIENT_FIRST_MAX + SCRAM_CLIENT_FINAL_MAX + 1];
    size_t h_len = sha_digest_size(algorithm), len, prefix;
    struct scram_client client;
    enum scram_status status;

    check(scram_client_first(&client, algorithm, "user", 4, CLIENT_NONCE, strlen(CLIENT_NONCE), out,
                             sizeof(out), &len) == SCRAM_OK);
    check(len == strlen("n,,n=user,r=" CLIENT_NONCE) && !strcmp(out, "n,,n=user,r=" CLIENT_NONCE));
    check(scram_client_final(&client, first, first_len, "pencil", 6, out, sizeof(out), &len) == SCRAM_OK);
    /* "c=biws,r=" nonce ",p=" and the proof, of the digest's size. */
    prefix = 9 + parsed->nonce_len + 3;
    check(len == prefix + BASE64_ENCODED_SIZE(h_len) && strlen(out) == len);
    check(!memcmp(out, "c=biws,r=", 9) && !memcmp(out + 9, parsed->nonce, parsed->nonce_len));
    check(!memcmp(out + 9 + parsed->nonce_len, ",p=", 3));
    status = scram_client_verify(&client, final, final_len);
    check(status <= 0 && status != SCRAM_E_STATE && status != SCRAM_E_INVALIDARG);
    /* e= has a value of one byte at least, kept printable. */
    if (status == SCRAM_E_SERVER_ERROR) check(client.error[0]);
    check(scram_client_verify(&client, final, final_len) == SCRAM_E_STATE);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = size ? (const char *)data : "", *line = memchr(text, '\n', size);
    size_t first_len = line ? (size_t)(line - text) : size;
    const char *final = line ? line + 1 : "";
    size_t final_len = line ? size - first_len - 1 : 0;
    struct scram_server_first first;
    struct scram_server_final last;
    enum scram_status status;

    check_base64(text, size);

    status = scram_parse_server_first(text, first_len, &first);
    check(status <= 0 && status >= SCRAM_E_BAD_SIGNATURE && strcmp(scram_status_name(status), "UNKNOWN"));
    if (status == SCRAM_OK)
    {
        check_server_first(text, first_len, &first);
        if (first.iterations <= FUZZ_ITERATIONS_MAX && first.nonce_len >= strlen(CLIENT_NONCE) &&
            !memcmp(first.nonce, CLIENT_NONCE, strlen(CLIENT_NONCE)))
        {
            exchange(SHA_ALGORITHM_SHA1, text, first_len, final, final_len, &first);
            exchange(SHA_ALGORITHM_SHA256, text, first_len, final, final_len, &first);
        }
    }

    status = scram_parse_server_final(final, final_len, &last);
    check_server_final(status, &last);
    return 0;
}
