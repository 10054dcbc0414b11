/*
 * Native tests of SHA-1 and SHA-256 (src/core/sha.c).
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

#include "core/sha.h"
#include "coretest.h"
#include "hex.h"

/* The one-block and two-block messages of FIPS 180's examples ("abc", the
 * 448-bit message), the empty message, and the 896-bit message that
 * crosses into a third block once padded. */
static const char msg448[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
static const char msg896[] =
    "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopq"
    "klmnopqrlmnopqrsmnopqrstnopqrstu";

static void test_vectors(void)
{
    static const struct
    {
        enum sha_algorithm algorithm;
        const char *text, *digest;
    } vectors[] = {
        {SHA_ALGORITHM_SHA1, "", "da39a3ee5e6b4b0d3255bfef95601890afd80709"},
        {SHA_ALGORITHM_SHA1, "abc", "a9993e364706816aba3e25717850c26c9cd0d89d"},
        {SHA_ALGORITHM_SHA1, msg448, "84983e441c3bd26ebaae4aa1f95129e5e54670f1"},
        {SHA_ALGORITHM_SHA1, msg896, "a49b2446a02c645bf419f995b67091253a04a259"},
        {SHA_ALGORITHM_SHA256, "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
        {SHA_ALGORITHM_SHA256, "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
        {SHA_ALGORITHM_SHA256, msg448, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
        {SHA_ALGORITHM_SHA256, msg896, "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"},
    };
    unsigned char digest[SHA_MAX_DIGEST_SIZE];
    char hex[129];
    unsigned int i;

    ok_int(strlen(msg448), 56);
    ok_int(strlen(msg896), 112);
    for (i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++)
    {
        size_t size = sha_digest_size(vectors[i].algorithm);

        memset(digest, 0xcc, sizeof(digest));
        ok_status(sha_digest(vectors[i].algorithm, vectors[i].text, strlen(vectors[i].text), digest),
                  CORE_OK);
        ok_str(test_hex(digest, size, hex), vectors[i].digest);
        /* Nothing past the digest is written. */
        ok_int(size == SHA_MAX_DIGEST_SIZE || digest[size] == 0xcc, 1);
    }

    sha1_digest("abc", 3, digest);
    ok_str(test_hex(digest, SHA1_DIGEST_SIZE, hex), "a9993e364706816aba3e25717850c26c9cd0d89d");
    sha256_digest("abc", 3, digest);
    ok_str(test_hex(digest, SHA256_DIGEST_SIZE, hex),
           "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    /* NULL with size 0 is the empty message. */
    sha1_digest(NULL, 0, digest);
    ok_str(test_hex(digest, SHA1_DIGEST_SIZE, hex), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
}

/* FIPS 180's third example: one million 'a', given in pieces of 1000
 * (and of 997, which never meet a block boundary evenly). */
static void test_million(void)
{
    static const struct
    {
        enum sha_algorithm algorithm;
        const char *digest;
    } vectors[] = {
        {SHA_ALGORITHM_SHA1, "34aa973cd4c4daa4f61eeb2bdbad27316534016f"},
        {SHA_ALGORITHM_SHA256, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"},
    };
    static const size_t pieces[] = {1000, 997};
    unsigned char digest[SHA_MAX_DIGEST_SIZE];
    char a[1000], hex[129];
    unsigned int i, j;

    memset(a, 'a', sizeof(a));
    for (i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++)
    {
        for (j = 0; j < sizeof(pieces) / sizeof(pieces[0]); j++)
        {
            struct sha_ctx ctx;
            size_t done;

            ok_status(sha_init(&ctx, vectors[i].algorithm), CORE_OK);
            for (done = 0; done < 1000000; done += pieces[j])
                sha_update(&ctx, a, 1000000 - done < pieces[j] ? 1000000 - done : pieces[j]);
            sha_final(&ctx, digest);
            ok_str(test_hex(digest, sha_digest_size(vectors[i].algorithm), hex), vectors[i].digest);
        }
    }
}

/* Fed in pieces of every size, across block boundaries and both padding
 * cases (55 and 56 bytes in the last block, 119 and 120 over two), the
 * digest is the one of the whole message. */
static void test_pieces(void)
{
    static const size_t lengths[] = {0, 1, 54, 55, 56, 57, 63, 64, 65, 111, 112, 119, 120, 127, 128, 129};
    unsigned char whole[SHA_MAX_DIGEST_SIZE], digest[SHA_MAX_DIGEST_SIZE];
    enum sha_algorithm algorithm;
    unsigned char text[129];
    unsigned int i;

    for (i = 0; i < sizeof(text); i++)
        text[i] = (unsigned char)(i * 7 + 1);
    for (algorithm = SHA_ALGORITHM_SHA1; algorithm <= SHA_ALGORITHM_SHA256; algorithm++)
    {
        size_t size = sha_digest_size(algorithm);

        for (i = 0; i < sizeof(lengths) / sizeof(lengths[0]); i++)
        {
            size_t len = lengths[i], piece, done;

            sha_digest(algorithm, text, len, whole);
            for (piece = 1; piece <= len; piece++)
            {
                struct sha_ctx ctx;

                sha_init(&ctx, algorithm);
                for (done = 0; done < len; done += piece)
                    sha_update(&ctx, text + done, len - done < piece ? len - done : piece);
                sha_update(&ctx, NULL, 0);
                sha_final(&ctx, digest);
                if (memcmp(digest, whole, size)) break;
            }
            ok(piece > len, "algorithm %d, %zu bytes in pieces of %zu differ\n", algorithm, len, piece);
        }
    }
}

static void test_algorithms(void)
{
    unsigned char digest[SHA_MAX_DIGEST_SIZE];
    struct sha_ctx ctx;

    ok_int(sha_digest_size(SHA_ALGORITHM_SHA1), 20);
    ok_int(sha_digest_size(SHA_ALGORITHM_SHA256), 32);
    ok_int(sha_digest_size((enum sha_algorithm)7), 0);
    ok_status(sha_init(&ctx, (enum sha_algorithm)7), CORE_E_INVALIDARG);
    ok_status(sha_digest((enum sha_algorithm) - 1, "abc", 3, digest), CORE_E_INVALIDARG);

    /* sha_final leaves nothing of the message behind. */
    sha1_init(&ctx);
    sha_update(&ctx, "secret", 6);
    sha_final(&ctx, digest);
    ok_int(ctx.length == 0 && ctx.state[0] == 0 && ctx.block[0] == 0, 1);
}

int main(void)
{
    test_vectors();
    test_million();
    test_pieces();
    test_algorithms();
    return test_summary();
}
