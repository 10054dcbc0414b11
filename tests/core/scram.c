/*
 * Native tests of the SCRAM client (src/core/scram.c).
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

#include "core/base64.h"
#include "core/scram.h"
#include "test.h"

/* The statuses are the client's own, so this is coretest.h's ok_status
 * for them. */
#define ok_scram(expr, expected) test_ok_scram(__FILE__, __LINE__, #expr, (expr), (expected))

static inline int test_ok_scram(const char *file, int line, const char *text, enum scram_status status,
                                enum scram_status expected)
{
    return ok_(file, line)(status == expected, "%s: %s, expected %s\n", text, scram_status_name(status),
                           scram_status_name(expected));
}

/* RFC 5802 section 5: user "user", password "pencil", SCRAM-SHA-1. */
#define RFC5802_NONCE        "fyko+d2lbbFgONRv9qkxdawL"
#define RFC5802_SERVER_NONCE RFC5802_NONCE "3rfcNHYJY1ZVvWVs7j"
#define RFC5802_SALT         "QSXCR+Q6sek8bf92"
static const char rfc5802_first[] = "n,,n=user,r=" RFC5802_NONCE;
static const char rfc5802_server_first[] = "r=" RFC5802_SERVER_NONCE ",s=" RFC5802_SALT ",i=4096";
static const char rfc5802_final[] = "c=biws,r=" RFC5802_SERVER_NONCE ",p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=";
static const char rfc5802_server_final[] = "v=rmF9pqV8S7suAoZWja4dJRkFsKQ=";

/* RFC 7677 section 3: the same user and password, SCRAM-SHA-256. */
#define RFC7677_NONCE "rOprNGfwEbeRWgbNEkqO"
static const char rfc7677_first[] = "n,,n=user,r=" RFC7677_NONCE;
static const char rfc7677_server_first[] =
    "r=" RFC7677_NONCE "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
static const char rfc7677_final[] = "c=biws,r=" RFC7677_NONCE "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                                    "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
static const char rfc7677_server_final[] = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

static struct scram_client client;
/* Room for either client message. */
static char out[SCRAM_CLIENT_FIRST_MAX + SCRAM_CLIENT_FINAL_MAX + 1];

/* A client that has sent RFC 5802's client-first-message. */
static void start_rfc5802(void)
{
    size_t len;

    ok_scram(scram_client_first(&client, SHA_ALGORITHM_SHA1, "user", 4, RFC5802_NONCE, strlen(RFC5802_NONCE),
                                out, sizeof(out), &len),
             SCRAM_OK);
}

static void test_rfc5802(void)
{
    size_t len = 99;

    ok_str(scram_mechanism_name(SHA_ALGORITHM_SHA1), "SCRAM-SHA-1");
    ok_scram(scram_client_first(&client, SHA_ALGORITHM_SHA1, "user", 4, RFC5802_NONCE, strlen(RFC5802_NONCE),
                                out, sizeof(out), &len),
             SCRAM_OK);
    ok_str(out, rfc5802_first);
    ok_int(len, strlen(rfc5802_first));
    ok_scram(scram_client_final(&client, rfc5802_server_first, strlen(rfc5802_server_first), "pencil", 6, out,
                                sizeof(out), &len),
             SCRAM_OK);
    ok_str(out, rfc5802_final);
    ok_int(len, strlen(rfc5802_final));
    ok_scram(scram_client_verify(&client, rfc5802_server_final, strlen(rfc5802_server_final)), SCRAM_OK);
    ok_str(client.error, "");
    /* The exchange is over. */
    ok_scram(scram_client_verify(&client, rfc5802_server_final, strlen(rfc5802_server_final)), SCRAM_E_STATE);
}

static void test_rfc7677(void)
{
    size_t len = 99;

    ok_str(scram_mechanism_name(SHA_ALGORITHM_SHA256), "SCRAM-SHA-256");
    ok_scram(scram_client_first(&client, SHA_ALGORITHM_SHA256, "user", 4, RFC7677_NONCE,
                                strlen(RFC7677_NONCE), out, sizeof(out), &len),
             SCRAM_OK);
    ok_str(out, rfc7677_first);
    ok_scram(scram_client_final(&client, rfc7677_server_first, strlen(rfc7677_server_first), "pencil", 6, out,
                                sizeof(out), &len),
             SCRAM_OK);
    ok_str(out, rfc7677_final);
    ok_int(len, strlen(rfc7677_final));
    ok_scram(scram_client_verify(&client, rfc7677_server_final, strlen(rfc7677_server_final)), SCRAM_OK);
}

/* The server's signature is what proves it knows the password: with
 * another password, RFC 5802's signature is refused. */
static void test_wrong_password(void)
{
    size_t len;

    start_rfc5802();
    ok_scram(scram_client_final(&client, rfc5802_server_first, strlen(rfc5802_server_first), "pencil!", 7,
                                out, sizeof(out), &len),
             SCRAM_OK);
    ok_int(!strcmp(out, rfc5802_final), 0);
    ok_scram(scram_client_verify(&client, rfc5802_server_final, strlen(rfc5802_server_final)),
             SCRAM_E_BAD_SIGNATURE);

    /* What a server answers to a wrong proof (RFC 5802 7, server-error). */
    start_rfc5802();
    scram_client_final(&client, rfc5802_server_first, strlen(rfc5802_server_first), "pencil!", 7, out,
                       sizeof(out), &len);
    ok_scram(scram_client_verify(&client, "e=invalid-proof", 15), SCRAM_E_SERVER_ERROR);
    ok_str(client.error, "invalid-proof");
    ok_scram(scram_client_verify(&client, rfc5802_server_final, strlen(rfc5802_server_final)), SCRAM_E_STATE);
}

static void test_username(void)
{
    static const struct
    {
        const char *user;
        size_t len;
        const char *sent; /* NULL: refused */
    } names[] = {
        {"a,b=c", 5, "n=a=2Cb=3Dc"},
        {"==,,", 4, "n==3D=3D=2C=2C"},
        {"j\xc3\xbcrgen", 7, "n=j\xc3\xbcrgen"},
        {"with space", 10, "n=with space"}, /* U+0020 is no control character */
        {"", 0, NULL},
        {"a\0b", 3, NULL},
        {"a\x01", 2, NULL},
        {"tab\t", 4, NULL},
        {"line\n", 5, NULL},
        {"del\x7f", 4, NULL},
        {"c1\xc2\x85", 4, NULL},            /* U+0085, table C.2.2 */
        {"zwj\xe2\x80\x8d", 6, NULL},       /* U+200D */
        {"bom\xef\xbb\xbf", 6, NULL},       /* U+FEFF */
        {"music\xf0\x9d\x85\xb3", 9, NULL}, /* U+1D173 */
        {"bad\xff", 4, NULL},               /* not UTF-8 */
        {"overlong\xc0\xaf", 10, NULL},
        {"cut\xc3", 4, NULL},
    };
    char expected[64], user[SCRAM_USERNAME_MAX + 1];
    unsigned int i;
    size_t len;

    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
    {
        enum scram_status status = scram_client_first(&client, SHA_ALGORITHM_SHA1, names[i].user,
                                                      names[i].len, "n", 1, out, sizeof(out), &len);

        if (names[i].sent)
        {
            snprintf(expected, sizeof(expected), "n,,%s,r=n", names[i].sent);
            ok(status == SCRAM_OK && !strcmp(out, expected), "user %u: %s, \"%s\"\n", i,
               scram_status_name(status), out);
        }
        else
        {
            ok(status == SCRAM_E_BAD_USERNAME, "user %u: %s\n", i, scram_status_name(status));
            ok_int(len, 0);
        }
    }

    /* The longest name, all of it escaped, still fits the limits. */
    memset(user, '=', SCRAM_USERNAME_MAX);
    ok_scram(scram_client_first(&client, SHA_ALGORITHM_SHA1, user, SCRAM_USERNAME_MAX, "n", 1, out,
                                sizeof(out), &len),
             SCRAM_OK);
    ok_int(len, 3 + 2 + 3 * SCRAM_USERNAME_MAX + 3 + 1);
    ok_scram(scram_client_first(&client, SHA_ALGORITHM_SHA1, user, SCRAM_USERNAME_MAX + 1, "n", 1, out,
                                sizeof(out), &len),
             SCRAM_E_BAD_USERNAME);
}

static void test_nonce(void)
{
    static const struct
    {
        const char *nonce;
        size_t len;
    } bad[] = {
        {"", 0}, {"a,b", 3}, {"a b", 3}, {"a\x7f", 2}, {"a\0", 2}, {"\xc3\xbc", 2}, {"a\t", 2},
    };
    char nonce[SCRAM_NONCE_MAX + 1];
    unsigned int i;
    size_t len;

    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        ok(scram_client_first(&client, SHA_ALGORITHM_SHA1, "user", 4, bad[i].nonce, bad[i].len, out,
                              sizeof(out), &len) == SCRAM_E_BAD_NONCE,
           "nonce %u accepted\n", i);
    memset(nonce, '~', sizeof(nonce));
    ok_scram(scram_client_first(&client, SHA_ALGORITHM_SHA1, "user", 4, nonce, SCRAM_NONCE_MAX, out,
                                sizeof(out), &len),
             SCRAM_OK);
    ok_scram(scram_client_first(&client, SHA_ALGORITHM_SHA1, "user", 4, nonce, SCRAM_NONCE_MAX + 1, out,
                                sizeof(out), &len),
             SCRAM_E_BAD_NONCE);
    /* Every printable byte but ',' may be in a nonce. */
    ok_scram(scram_client_first(&client, SHA_ALGORITHM_SHA1, "user", 4, "!~=%", 4, out, sizeof(out), &len),
             SCRAM_OK);
}

static void test_arguments(void)
{
    size_t len;

    ok_scram(scram_client_first(NULL, SHA_ALGORITHM_SHA1, "user", 4, "n", 1, out, sizeof(out), &len),
             SCRAM_E_INVALIDARG);
    ok_scram(scram_client_first(&client, (enum sha_algorithm)3, "user", 4, "n", 1, out, sizeof(out), &len),
             SCRAM_E_INVALIDARG);
    ok(scram_mechanism_name((enum sha_algorithm)3) == NULL, "a name for no mechanism\n");
    ok_scram(scram_client_first(&client, SHA_ALGORITHM_SHA1, NULL, 4, "n", 1, out, sizeof(out), &len),
             SCRAM_E_INVALIDARG);
    ok_scram(scram_client_first(&client, SHA_ALGORITHM_SHA1, "user", 4, NULL, 1, out, sizeof(out), &len),
             SCRAM_E_INVALIDARG);
    ok_scram(scram_client_first(&client, SHA_ALGORITHM_SHA1, "user", 4, "n", 1, out, sizeof(out), NULL),
             SCRAM_E_INVALIDARG);

    /* "n,,n=user,r=n" is 13 bytes: 14 with the NUL. */
    ok_scram(scram_client_first(&client, SHA_ALGORITHM_SHA1, "user", 4, "n", 1, out, 13, &len),
             SCRAM_E_BUFFER_TOO_SMALL);
    ok_scram(scram_client_first(&client, SHA_ALGORITHM_SHA1, "user", 4, "n", 1, out, 14, &len), SCRAM_OK);
    ok_str(out, "n,,n=user,r=n");

    /* The client-final-message must fit with its NUL, or nothing is
     * computed and the exchange ends. */
    start_rfc5802();
    ok_scram(scram_client_final(&client, rfc5802_server_first, strlen(rfc5802_server_first), "pencil", 6, out,
                                strlen(rfc5802_final), &len),
             SCRAM_E_BUFFER_TOO_SMALL);
    ok_scram(scram_client_final(&client, rfc5802_server_first, strlen(rfc5802_server_first), "pencil", 6, out,
                                sizeof(out), &len),
             SCRAM_E_STATE);
    start_rfc5802();
    ok_scram(scram_client_final(&client, rfc5802_server_first, strlen(rfc5802_server_first), "pencil", 6, out,
                                strlen(rfc5802_final) + 1, &len),
             SCRAM_OK);
    ok_str(out, rfc5802_final);
}

/* Out of order, and after the end, every call is refused. */
static void test_states(void)
{
    size_t len;

    scram_client_clear(&client);
    ok_scram(scram_client_final(&client, rfc5802_server_first, strlen(rfc5802_server_first), "pencil", 6, out,
                                sizeof(out), &len),
             SCRAM_E_STATE);
    ok_scram(scram_client_verify(&client, rfc5802_server_final, strlen(rfc5802_server_final)), SCRAM_E_STATE);
    start_rfc5802();
    ok_scram(scram_client_verify(&client, rfc5802_server_final, strlen(rfc5802_server_final)), SCRAM_E_STATE);
    /* ...and that ended the exchange. */
    ok_scram(scram_client_final(&client, rfc5802_server_first, strlen(rfc5802_server_first), "pencil", 6, out,
                                sizeof(out), &len),
             SCRAM_E_STATE);
    /* A failed step ends it too. */
    start_rfc5802();
    ok_scram(scram_client_final(&client, "x", 1, "pencil", 6, out, sizeof(out), &len), SCRAM_E_MALFORMED);
    ok_scram(scram_client_final(&client, rfc5802_server_first, strlen(rfc5802_server_first), "pencil", 6, out,
                                sizeof(out), &len),
             SCRAM_E_STATE);
    /* Clearing forgets the secret the client waits for. */
    start_rfc5802();
    scram_client_final(&client, rfc5802_server_first, strlen(rfc5802_server_first), "pencil", 6, out,
                       sizeof(out), &len);
    scram_client_clear(&client);
    ok_scram(scram_client_verify(&client, rfc5802_server_final, strlen(rfc5802_server_final)), SCRAM_E_STATE);
    ok_int(client.server_signature[0] | client.server_signature[19], 0);
}

/* The server-first-message of RFC 5802 with the nonce, salt and iteration
 * count replaced where given (NULL: RFC 5802's) and text appended. */
static size_t server_first(char *buf, size_t size, const char *nonce, const char *salt,
                           const char *iterations, const char *tail)
{
    return (size_t)snprintf(buf, size, "r=%s,s=%s,i=%s%s", nonce ? nonce : RFC5802_SERVER_NONCE,
                            salt ? salt : RFC5802_SALT, iterations ? iterations : "4096", tail ? tail : "");
}

#define expect_server_first(msg, len, expected) expect_server_first_(__FILE__, __LINE__, msg, len, expected)
static void expect_server_first_(const char *file, int line, const char *msg, size_t len,
                                 enum scram_status expected)
{
    struct scram_server_first parsed;
    enum scram_status status;
    size_t out_len = 99;

    start_rfc5802();
    status = scram_client_final(&client, msg, len, "pencil", 6, out, sizeof(out), &out_len);
    ok_(file, line)(status == expected, "\"%.*s\": %s, expected %s\n", (int)len, msg,
                    scram_status_name(status), scram_status_name(expected));
    if (expected != SCRAM_OK)
    {
        ok_(file, line)(out_len == 0, "%zu bytes out\n", out_len);
        ok_(file, line)(scram_client_verify(&client, rfc5802_server_final, strlen(rfc5802_server_final)) ==
                            SCRAM_E_STATE,
                        "the exchange went on\n");
    }
    /* The parser alone says the same, but for the nonce, which only the
     * client can judge. */
    if (expected != SCRAM_E_NONCE_MISMATCH)
        ok_(file, line)(scram_parse_server_first(msg, len, &parsed) == expected, "the parser differs\n");
}

#define expect_first_text(msg, expected) expect_server_first(msg, strlen(msg), expected)

static void test_server_first(void)
{
    char msg[SCRAM_SERVER_MESSAGE_MAX + 64], salt[256];
    struct scram_server_first parsed;
    unsigned char bytes[SCRAM_SALT_MAX + 1];
    size_t len;

    /* What RFC 5802 sends, parsed. */
    ok_scram(scram_parse_server_first(rfc5802_server_first, strlen(rfc5802_server_first), &parsed), SCRAM_OK);
    ok_int(parsed.nonce_len, strlen(RFC5802_SERVER_NONCE));
    ok_int(!memcmp(parsed.nonce, RFC5802_SERVER_NONCE, parsed.nonce_len), 1);
    ok_int(parsed.salt_len, 12);
    ok_int(parsed.iterations, 4096);

    /* Not a list of attributes. */
    expect_first_text("", SCRAM_E_MALFORMED);
    expect_first_text(",", SCRAM_E_MALFORMED);
    expect_first_text("x", SCRAM_E_MALFORMED);
    expect_first_text("r=", SCRAM_E_MALFORMED);
    expect_first_text("rr=abc", SCRAM_E_MALFORMED);
    expect_first_text("1=abc", SCRAM_E_MALFORMED);
    expect_first_text("=abc", SCRAM_E_MALFORMED);
    len = server_first(msg, sizeof(msg), NULL, NULL, NULL, ",");
    expect_server_first(msg, len, SCRAM_E_MALFORMED); /* a trailing comma */
    len = server_first(msg, sizeof(msg), NULL, NULL, NULL, ",,x=1");
    expect_server_first(msg, len, SCRAM_E_MALFORMED);
    len = server_first(msg, sizeof(msg), NULL, NULL, NULL, ",x=");
    expect_server_first(msg, len, SCRAM_E_MALFORMED);
    len = server_first(msg, sizeof(msg), NULL, NULL, NULL, NULL);
    msg[len - 1] = 0; /* i=409\0 */
    expect_server_first(msg, len, SCRAM_E_MALFORMED);
    expect_server_first("r=" RFC5802_SERVER_NONCE "\0,s=" RFC5802_SALT ",i=4096",
                        strlen(rfc5802_server_first) + 1, SCRAM_E_MALFORMED);

    /* The attributes in their order, each missing in turn. */
    expect_first_text("m=x,r=" RFC5802_SERVER_NONCE ",s=" RFC5802_SALT ",i=4096", SCRAM_E_EXTENSION);
    expect_first_text("s=" RFC5802_SALT ",i=4096", SCRAM_E_NO_NONCE);
    expect_first_text("i=4096,r=" RFC5802_SERVER_NONCE ",s=" RFC5802_SALT, SCRAM_E_NO_NONCE);
    expect_first_text("r=" RFC5802_SERVER_NONCE, SCRAM_E_NO_SALT);
    expect_first_text("r=" RFC5802_SERVER_NONCE ",i=4096", SCRAM_E_NO_SALT);
    expect_first_text("r=" RFC5802_SERVER_NONCE ",i=4096,s=" RFC5802_SALT, SCRAM_E_NO_SALT);
    expect_first_text("r=" RFC5802_SERVER_NONCE ",s=" RFC5802_SALT, SCRAM_E_NO_ITERATIONS);
    expect_first_text("r=" RFC5802_SERVER_NONCE ",s=" RFC5802_SALT ",x=4096", SCRAM_E_NO_ITERATIONS);

    /* The nonce: printable, and ours first. */
    len = server_first(msg, sizeof(msg), RFC5802_SERVER_NONCE "\x80", NULL, NULL, NULL);
    expect_server_first(msg, len, SCRAM_E_BAD_SERVER_NONCE);
    len = server_first(msg, sizeof(msg), RFC5802_SERVER_NONCE " x", NULL, NULL, NULL);
    expect_server_first(msg, len, SCRAM_E_BAD_SERVER_NONCE);
    len = server_first(msg, sizeof(msg), "fyko+d2lbbFgONRv9qkxdawM3rfcNHYJY1ZVvWVs7j", NULL, NULL, NULL);
    expect_server_first(msg, len, SCRAM_E_NONCE_MISMATCH); /* the last byte of ours differs */
    len = server_first(msg, sizeof(msg), "Fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j", NULL, NULL, NULL);
    expect_server_first(msg, len, SCRAM_E_NONCE_MISMATCH); /* case matters */
    len = server_first(msg, sizeof(msg), "fyko+d2lbbFgONRv9qkxdaw", NULL, NULL, NULL);
    expect_server_first(msg, len, SCRAM_E_NONCE_MISMATCH); /* shorter than ours */
    len = server_first(msg, sizeof(msg), "3rfcNHYJY1ZVvWVs7j" RFC5802_NONCE, NULL, NULL, NULL);
    expect_server_first(msg, len, SCRAM_E_NONCE_MISMATCH); /* ours, but not first */
    /* The grammar lets the server add nothing. */
    len = server_first(msg, sizeof(msg), RFC5802_NONCE, NULL, NULL, NULL);
    expect_server_first(msg, len, SCRAM_OK);

    /* The salt: strict base64, 1 to SCRAM_SALT_MAX bytes. */
    len = server_first(msg, sizeof(msg), NULL, "QSXCR+Q6sek8bf9", NULL, NULL);
    expect_server_first(msg, len, SCRAM_E_BAD_BASE64);
    len = server_first(msg, sizeof(msg), NULL, "QSXCR+Q6sek8bf9=", NULL, NULL);
    expect_server_first(msg, len, SCRAM_E_BAD_BASE64); /* bits left over */
    len = server_first(msg, sizeof(msg), NULL, "QSXCR-Q6sek8bf92", NULL, NULL);
    expect_server_first(msg, len, SCRAM_E_BAD_BASE64);
    len = server_first(msg, sizeof(msg), NULL, "====", NULL, NULL);
    expect_server_first(msg, len, SCRAM_E_BAD_BASE64);
    memset(bytes, 0x5a, sizeof(bytes));
    base64_encode(bytes, SCRAM_SALT_MAX, salt, sizeof(salt), &len);
    len = server_first(msg, sizeof(msg), NULL, salt, "1", NULL);
    expect_server_first(msg, len, SCRAM_OK);
    base64_encode(bytes, SCRAM_SALT_MAX + 1, salt, sizeof(salt), &len);
    len = server_first(msg, sizeof(msg), NULL, salt, "1", NULL);
    expect_server_first(msg, len, SCRAM_E_BAD_SALT);

    /* The iteration count: decimal, 1 to SCRAM_ITERATIONS_MAX.  Only the
     * parser sees the largest: the client would run a million rounds. */
    len = server_first(msg, sizeof(msg), NULL, NULL, "1", NULL);
    expect_server_first(msg, len, SCRAM_OK);
    len = server_first(msg, sizeof(msg), NULL, NULL, "1000000", NULL);
    ok_scram(scram_parse_server_first(msg, len, &parsed), SCRAM_OK);
    ok_int(parsed.iterations, SCRAM_ITERATIONS_MAX);
    len = server_first(msg, sizeof(msg), NULL, NULL, "0", NULL);
    expect_server_first(msg, len, SCRAM_E_BAD_ITERATIONS);
    len = server_first(msg, sizeof(msg), NULL, NULL, "04096", NULL);
    expect_server_first(msg, len, SCRAM_E_BAD_ITERATIONS);
    len = server_first(msg, sizeof(msg), NULL, NULL, "1000001", NULL);
    expect_server_first(msg, len, SCRAM_E_BAD_ITERATIONS);
    len = server_first(msg, sizeof(msg), NULL, NULL, "18446744073709551617", NULL);
    expect_server_first(msg, len, SCRAM_E_BAD_ITERATIONS);
    len = server_first(msg, sizeof(msg), NULL, NULL, "-1", NULL);
    expect_server_first(msg, len, SCRAM_E_BAD_ITERATIONS);
    len = server_first(msg, sizeof(msg), NULL, NULL, "+4096", NULL);
    expect_server_first(msg, len, SCRAM_E_BAD_ITERATIONS);
    len = server_first(msg, sizeof(msg), NULL, NULL, "4096x", NULL);
    expect_server_first(msg, len, SCRAM_E_BAD_ITERATIONS);
    len = server_first(msg, sizeof(msg), NULL, NULL, " 4096", NULL);
    expect_server_first(msg, len, SCRAM_E_BAD_ITERATIONS);
    len = server_first(msg, sizeof(msg), NULL, NULL, "0x1000", NULL);
    expect_server_first(msg, len, SCRAM_E_BAD_ITERATIONS);

    /* Extensions after the count are ignored, but are part of the
     * AuthMessage: the proof changes with them. */
    len = server_first(msg, sizeof(msg), NULL, NULL, NULL, ",x=anything=goes here,y=1");
    expect_server_first(msg, len, SCRAM_OK);
    ok_int(!strcmp(out, rfc5802_final), 0);
    ok_int(!strncmp(out, rfc5802_final, strlen(rfc5802_final) - 30), 1);

    /* Up to SCRAM_SERVER_MESSAGE_MAX bytes. */
    len = server_first(msg, sizeof(msg), NULL, NULL, NULL, ",x=");
    memset(msg + len, 'x', sizeof(msg) - len);
    expect_server_first(msg, SCRAM_SERVER_MESSAGE_MAX, SCRAM_OK);
    expect_server_first(msg, SCRAM_SERVER_MESSAGE_MAX + 1, SCRAM_E_TOO_LONG);
    expect_server_first(msg, sizeof(msg), SCRAM_E_TOO_LONG);

    ok_scram(scram_parse_server_first(NULL, 1, &parsed), SCRAM_E_INVALIDARG);
    ok_scram(scram_parse_server_first("r=a", 3, NULL), SCRAM_E_INVALIDARG);
}

#define expect_server_final(msg, len, expected) expect_server_final_(__FILE__, __LINE__, msg, len, expected)
static void expect_server_final_(const char *file, int line, const char *msg, size_t len,
                                 enum scram_status expected)
{
    enum scram_status status;
    size_t out_len;

    start_rfc5802();
    scram_client_final(&client, rfc5802_server_first, strlen(rfc5802_server_first), "pencil", 6, out,
                       sizeof(out), &out_len);
    status = scram_client_verify(&client, msg, len);
    ok_(file, line)(status == expected, "\"%.*s\": %s, expected %s\n", (int)len, msg,
                    scram_status_name(status), scram_status_name(expected));
    ok_(file, line)(scram_client_verify(&client, msg, len) == SCRAM_E_STATE, "the exchange went on\n");
}

#define expect_final_text(msg, expected) expect_server_final(msg, strlen(msg), expected)

static void test_server_final(void)
{
    char msg[SCRAM_SERVER_MESSAGE_MAX + 8], signature[64];
    struct scram_server_final parsed;
    unsigned char bytes[SHA_MAX_DIGEST_SIZE + 1];
    size_t len;

    expect_final_text(rfc5802_server_final, SCRAM_OK);
    expect_final_text("v=rmF9pqV8S7suAoZWja4dJRkFsKQ=,x=extension", SCRAM_OK);
    /* One character, one bit, off. */
    expect_final_text("v=smF9pqV8S7suAoZWja4dJRkFsKQ=", SCRAM_E_BAD_SIGNATURE);
    expect_final_text("v=rmF9pqV8S7suAoZWja4dJRkFsKM=", SCRAM_E_BAD_SIGNATURE);
    /* RFC 7677's signature is SHA-256's size, not SHA-1's. */
    expect_final_text(rfc7677_server_final, SCRAM_E_BAD_SIGNATURE);
    memset(bytes, 1, sizeof(bytes));
    base64_encode(bytes, sizeof(bytes), signature, sizeof(signature), &len);
    snprintf(msg, sizeof(msg), "v=%s", signature);
    expect_final_text(msg, SCRAM_E_BAD_SIGNATURE);
    ok_scram(scram_parse_server_final(msg, strlen(msg), &parsed), SCRAM_E_BAD_SIGNATURE);
    expect_final_text("v=rmF9pqV8S7suAoZWja4dJRkFsKQ", SCRAM_E_BAD_BASE64);
    expect_final_text("v=rmF9pqV8S7suAoZWja4dJRkFsKQ=\n", SCRAM_E_BAD_BASE64);

    /* The server's refusal, and what it says. */
    expect_final_text("e=invalid-proof", SCRAM_E_SERVER_ERROR);
    ok_str(client.error, "invalid-proof");
    expect_final_text("e=unknown-user,x=1", SCRAM_E_SERVER_ERROR);
    ok_str(client.error, "unknown-user");
    expect_final_text("e=caf\xc3\xa9\x01", SCRAM_E_SERVER_ERROR);
    ok_str(client.error, "caf???");
    memset(msg, 'e', sizeof(msg));
    msg[1] = '=';
    expect_server_final(msg, SCRAM_SERVER_MESSAGE_MAX, SCRAM_E_SERVER_ERROR);
    ok_int(strlen(client.error), SCRAM_ERROR_MAX);
    expect_server_final(msg, SCRAM_SERVER_MESSAGE_MAX + 1, SCRAM_E_TOO_LONG);

    expect_final_text("", SCRAM_E_MALFORMED);
    expect_final_text("v=", SCRAM_E_MALFORMED);
    expect_final_text("v=rmF9pqV8S7suAoZWja4dJRkFsKQ=,", SCRAM_E_MALFORMED);
    expect_server_final("v=rmF9pqV8S7suAoZWja4dJRkFsKQ=\0", 31, SCRAM_E_MALFORMED);
    expect_final_text("m=x,v=rmF9pqV8S7suAoZWja4dJRkFsKQ=", SCRAM_E_EXTENSION);
    expect_final_text("x=rmF9pqV8S7suAoZWja4dJRkFsKQ=", SCRAM_E_NO_VERIFIER);
    expect_final_text("r=" RFC5802_SERVER_NONCE ",s=" RFC5802_SALT ",i=4096", SCRAM_E_NO_VERIFIER);

    ok_scram(scram_parse_server_final(rfc5802_server_final, strlen(rfc5802_server_final), &parsed), SCRAM_OK);
    ok_int(parsed.verifier_len, SHA1_DIGEST_SIZE);
    ok_scram(scram_parse_server_final(NULL, 1, &parsed), SCRAM_E_INVALIDARG);
}

static void test_names(void)
{
    ok_str(scram_status_name(SCRAM_OK), "OK");
    ok_str(scram_status_name(SCRAM_E_NONCE_MISMATCH), "E_NONCE_MISMATCH");
    ok_str(scram_status_name((enum scram_status) - 99), "UNKNOWN");
    ok_int(strlen(scram_status_text(SCRAM_E_BAD_SIGNATURE)) > 10, 1);
}

int main(void)
{
    test_rfc5802();
    test_rfc7677();
    test_wrong_password();
    test_username();
    test_nonce();
    test_arguments();
    test_states();
    test_server_first();
    test_server_final();
    test_names();
    return test_summary();
}
