/*
 * Native tests of the strict base64 codec (src/core/base64.c).
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

#include "core/base64.h"
#include "coretest.h"

/* RFC 4648 section 10. */
static const struct
{
    const char *bytes, *text;
} rfc4648[] = {
    {"", ""},
    {"f", "Zg=="},
    {"fo", "Zm8="},
    {"foo", "Zm9v"},
    {"foob", "Zm9vYg=="},
    {"fooba", "Zm9vYmE="},
    {"foobar", "Zm9vYmFy"},
};

static void test_vectors(void)
{
    unsigned char bytes[16];
    char text[16];
    unsigned int i;
    size_t len;

    for (i = 0; i < sizeof(rfc4648) / sizeof(rfc4648[0]); i++)
    {
        size_t n = strlen(rfc4648[i].bytes);

        len = 99;
        ok_status(base64_encode(rfc4648[i].bytes, n, text, sizeof(text), &len), CORE_OK);
        ok_str(text, rfc4648[i].text);
        ok_int(len, strlen(rfc4648[i].text));
        ok_int(BASE64_ENCODED_SIZE(n), len);

        len = 99;
        ok_status(base64_decode(rfc4648[i].text, strlen(rfc4648[i].text), bytes, sizeof(bytes), &len),
                  CORE_OK);
        ok_int(len, n);
        ok_int(memcmp(bytes, rfc4648[i].bytes, n), 0);
    }
    /* NULL is the empty input. */
    ok_status(base64_encode(NULL, 0, text, sizeof(text), &len), CORE_OK);
    ok_str(text, "");
    ok_status(base64_decode(NULL, 0, NULL, 0, &len), CORE_OK);
    ok_int(len, 0);
}

/* Every byte value, every length around the group edges, back and forth. */
static void test_round_trip(void)
{
    unsigned char bytes[256], back[256];
    char text[BASE64_ENCODED_SIZE(256) + 1];
    size_t n, len, back_len;
    unsigned int i;

    for (i = 0; i < sizeof(bytes); i++)
        bytes[i] = (unsigned char)(255 - i);
    for (n = 0; n <= sizeof(bytes); n += n < 70 ? 1 : 31)
    {
        ok_status(base64_encode(bytes, n, text, sizeof(text), &len), CORE_OK);
        ok_status(base64_decode(text, len, back, sizeof(back), &back_len), CORE_OK);
        ok(back_len == n && !memcmp(back, bytes, n), "%zu bytes came back as %zu\n", n, back_len);
        ok_int(back_len <= BASE64_DECODED_MAX(len), 1);
    }
}

/* The output must fit with its NUL (encode) or exactly (decode); a buffer
 * that is one byte short is refused and says what it needs. */
static void test_sizes(void)
{
    unsigned char bytes[8];
    char text[16];
    size_t len;

    memset(text, 'x', sizeof(text));
    ok_status(base64_encode("foob", 4, text, 8, &len), CORE_E_FAIL);
    ok_int(len, 8);
    ok_int(text[0], 'x');
    ok_status(base64_encode("foob", 4, text, 9, &len), CORE_OK);
    ok_str(text, "Zm9vYg==");
    ok_status(base64_encode("foob", 4, NULL, 0, &len), CORE_E_FAIL);
    ok_int(len, 8);

    ok_status(base64_decode("Zm9vYmE=", 8, bytes, 4, &len), CORE_E_FAIL);
    ok_status(base64_decode("Zm9vYmE=", 8, bytes, 5, &len), CORE_OK);
    ok_int(len, 5);
    ok_status(base64_decode("Zm9vYmFy", 8, bytes, 6, &len), CORE_OK);
    ok_int(len, 6);

    ok_status(base64_encode("f", 1, text, sizeof(text), NULL), CORE_E_INVALIDARG);
    ok_status(base64_encode(NULL, 1, text, sizeof(text), &len), CORE_E_INVALIDARG);
    ok_status(base64_encode("f", 1, NULL, 5, &len), CORE_E_INVALIDARG);
    ok_status(base64_decode("Zg==", 4, bytes, sizeof(bytes), NULL), CORE_E_INVALIDARG);
    ok_status(base64_decode(NULL, 4, bytes, sizeof(bytes), &len), CORE_E_INVALIDARG);
    ok_status(base64_decode("Zg==", 4, NULL, 5, &len), CORE_E_INVALIDARG);
}

/* One encoding per value, nothing around it. */
static void test_strict(void)
{
    static const struct
    {
        const char *text;
        size_t len;
    } bad[] = {
        {"Zg=", 3},      /* not a multiple of 4 */
        {"Zg", 2},       /* padding left out */
        {"Zm9vY", 5},    /* a lone character */
        {"Zh==", 4},     /* bits the padding leaves over are not zero */
        {"Zm9=", 4},     /* the same with one '=' */
        {"====", 4},     /* padding alone */
        {"Z===", 4},     /* three '=' */
        {"Zg==Zg==", 8}, /* padding in the middle */
        {"Zm=v", 4},     /* '=' inside a group */
        {"Zm9v\n", 5},   /* a line end */
        {"Zm9v\r\nYmFy", 10},
        {" Zm9", 4}, /* white space */
        {"Zm9 ", 4},
        {"Zm-v", 4}, /* the URL-safe alphabet (RFC 4648 5) */
        {"Zm_v", 4},
        {"Zm\0v", 4}, /* a NUL is a character like another */
        {"Zm\xffv", 4},
        {"Zm9v====", 8},
    };
    unsigned char bytes[16];
    unsigned int i;
    size_t len;

    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
    {
        len = 99;
        ok(base64_decode(bad[i].text, bad[i].len, bytes, sizeof(bytes), &len) == CORE_E_INVALIDARG,
           "\"%s\" (%zu) was accepted\n", bad[i].text, bad[i].len);
        ok_int(len, 0);
    }
    /* The length given is what counts: "Zg==" followed by anything. */
    ok_status(base64_decode("Zg==garbage", 4, bytes, sizeof(bytes), &len), CORE_OK);
    ok_int(len, 1);
}

int main(void)
{
    test_vectors();
    test_round_trip();
    test_sizes();
    test_strict();
    return test_summary();
}
