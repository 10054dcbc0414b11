/*
 * Native tests of MD5 and the lock-and-key response check (src/core/md5.c).
 *
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

#include "core/md5.h"
#include "coretest.h"

/* The test suite of RFC 1321, appendix A.5. */
static void test_rfc1321(void)
{
    static const struct
    {
        const char *text, *digest;
    } vectors[] = {
        {"", "d41d8cd98f00b204e9800998ecf8427e"},
        {"a", "0cc175b9c0f1b6a831c399e269772661"},
        {"abc", "900150983cd24fb0d6963f7d28e17f72"},
        {"message digest", "f96b697d7cb7938d525a2f31aaf161d0"},
        {"abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"},
        {"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
         "d174ab98d277d9f5a5611c2c9f419d9f"},
        {"12345678901234567890123456789012345678901234567890123456789012345678901234567890",
         "57edf4a22be3c955ac49da2e2107b67a"},
    };
    char hex[MD5_HEX_CHARS + 1];
    unsigned int i;

    for (i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++)
    {
        md5_hex(vectors[i].text, strlen(vectors[i].text), hex);
        ok_str(hex, vectors[i].digest);
    }
}

/* Fed in pieces of every size, across block boundaries and the padding's
 * two cases (55 and 56 bytes in the last block), the digest is the same. */
static void test_pieces(void)
{
    static const char text[] =
        "12345678901234567890123456789012345678901234567890123456789012345678901234567890";
    unsigned char digest[MD5_DIGEST_SIZE];
    char whole[MD5_HEX_CHARS + 1], hex[MD5_HEX_CHARS + 1];
    size_t piece, done, len;
    struct md5_ctx ctx;

    for (len = 54; len <= 66; len++)
    {
        md5_hex(text, len, whole);
        for (piece = 1; piece <= len; piece++)
        {
            unsigned int i;

            md5_init(&ctx);
            for (done = 0; done < len; done += piece)
                md5_update(&ctx, text + done, len - done < piece ? len - done : piece);
            md5_final(&ctx, digest);
            for (i = 0; i < MD5_DIGEST_SIZE; i++)
                sprintf(hex + 2 * i, "%02x", digest[i]);
            if (strcmp(hex, whole)) break;
        }
        ok(piece > len, "%zu bytes in pieces of %zu: %s, whole %s\n", len, piece, hex, whole);
    }
    /* "message digest" is "message " and "digest". */
    md5_init(&ctx);
    md5_update(&ctx, "message ", 8);
    md5_update(&ctx, "digest", 6);
    md5_update(&ctx, "", 0);
    md5_final(&ctx, digest);
    sprintf(hex, "%02x%02x", digest[0], digest[15]);
    ok_str(hex, "f9d0");
}

/* The response is MD5(challenge || key) in hex, either case (spec 5.3). */
static void test_response(void)
{
    /* MD5("abc") with challenge "ab" and key "c", and the same in upper case. */
    ok_int(md5_response_matches("ab", "c", "900150983cd24fb0d6963f7d28e17f72"), 1);
    ok_int(md5_response_matches("ab", "c", "900150983CD24FB0D6963F7D28E17F72"), 1);
    ok_int(md5_response_matches("ab", "c", "900150983Cd24fB0d6963f7d28e17f72"), 1);
    ok_int(md5_response_matches("", "abc", "900150983cd24fb0d6963f7d28e17f72"), 1);
    ok_int(md5_response_matches("abc", "", "900150983cd24fb0d6963f7d28e17f72"), 1);
    /* The order matters: key || challenge is another digest. */
    ok_int(md5_response_matches("c", "ab", "900150983cd24fb0d6963f7d28e17f72"), 0);
    /* One digit off, first or last. */
    ok_int(md5_response_matches("ab", "c", "800150983cd24fb0d6963f7d28e17f72"), 0);
    ok_int(md5_response_matches("ab", "c", "900150983cd24fb0d6963f7d28e17f73"), 0);
    /* Not exactly 32 hex digits. */
    ok_int(md5_response_matches("ab", "c", "900150983cd24fb0d6963f7d28e17f7"), 0);
    ok_int(md5_response_matches("ab", "c", "900150983cd24fb0d6963f7d28e17f720"), 0);
    ok_int(md5_response_matches("ab", "c", " 900150983cd24fb0d6963f7d28e17f7"), 0);
    ok_int(md5_response_matches("ab", "c", "900150983cd24fb0d6963f7d28e17fg2"), 0);
    ok_int(md5_response_matches("ab", "c", ""), 0);
    ok_int(md5_response_matches(NULL, "c", "900150983cd24fb0d6963f7d28e17f72"), 0);
    ok_int(md5_response_matches("ab", NULL, "900150983cd24fb0d6963f7d28e17f72"), 0);
    ok_int(md5_response_matches("ab", "c", NULL), 0);
}

int main(void)
{
    test_rfc1321();
    test_pieces();
    test_response();
    return test_summary();
}
