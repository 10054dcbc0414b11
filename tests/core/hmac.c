/*
 * Native tests of HMAC and PBKDF2 (src/core/hmac.c).
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

#include <stdlib.h>
#include <string.h>

#include "core/hmac.h"
#include "coretest.h"
#include "hex.h"

struct mac_vector
{
    unsigned char key_byte; /* the key is key_len times this byte... */
    size_t key_len;
    const char *key;         /* ...unless this is set */
    unsigned char data_byte; /* the same for the data */
    size_t data_len;
    const char *data;
    const char *mac; /* in hex; shorter than the digest for a truncated MAC */
};

/* The key 0x01 0x02 ... 0x19 of test case 4 of both RFCs. */
static const char key_1_to_25[] =
    "\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f\x10\x11\x12\x13"
    "\x14\x15\x16\x17\x18\x19";

/* RFC 2202 section 3, test cases 1 to 7. */
static const struct mac_vector rfc2202[] = {
    {0x0b, 20, NULL, 0, 8, "Hi There", "b617318655057264e28bc0b6fb378c8ef146be00"},
    {0, 4, "Jefe", 0, 28, "what do ya want for nothing?", "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"},
    {0xaa, 20, NULL, 0xdd, 50, NULL, "125d7342b9ac11cd91a39af48aa17b4f63f175d3"},
    {0, 25, key_1_to_25, 0xcd, 50, NULL, "4c9007f4026250c6bc8414f9bf50c86c2d7235da"},
    {0x0c, 20, NULL, 0, 20, "Test With Truncation", "4c1a03424b55e07fe7f27be1d58bb9324a9a5a04"},
    {0xaa, 80, NULL, 0, 54, "Test Using Larger Than Block-Size Key - Hash Key First",
     "aa4ae5e15272d00e95705637ce8a3b55ed402112"},
    {0xaa, 80, NULL, 0, 73, "Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data",
     "e8e99d0f45237d786d6bbaa7965c7808bbff1a91"},
};

/* RFC 4231 section 4, test cases 1 to 7 (case 5 truncated to 128 bits). */
static const struct mac_vector rfc4231[] = {
    {0x0b, 20, NULL, 0, 8, "Hi There", "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"},
    {0, 4, "Jefe", 0, 28, "what do ya want for nothing?",
     "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"},
    {0xaa, 20, NULL, 0xdd, 50, NULL, "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"},
    {0, 25, key_1_to_25, 0xcd, 50, NULL, "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"},
    {0x0c, 20, NULL, 0, 20, "Test With Truncation", "a3b6167473100ee06e0c796c2955552b"},
    {0xaa, 131, NULL, 0, 54, "Test Using Larger Than Block-Size Key - Hash Key First",
     "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"},
    {0xaa, 131, NULL, 0, 152,
     "This is a test using a larger than block-size key and a larger than block-size data. The key needs to "
     "be hashed before being used by the HMAC algorithm.",
     "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"},
};

static void check_macs(enum sha_algorithm algorithm, const struct mac_vector *vectors, unsigned int count)
{
    unsigned char key[131], data[152], mac[SHA_MAX_DIGEST_SIZE];
    char hex[129];
    unsigned int i;

    for (i = 0; i < count; i++)
    {
        const struct mac_vector *v = &vectors[i];
        size_t shown = strlen(v->mac) / 2;

        if (v->key)
            memcpy(key, v->key, v->key_len);
        else
            memset(key, v->key_byte, v->key_len);
        if (v->data)
            memcpy(data, v->data, v->data_len);
        else
            memset(data, v->data_byte, v->data_len);
        if (v->data)
            ok(strlen(v->data) == v->data_len, "case %u: data of %zu bytes\n", i + 1, strlen(v->data));
        ok_status(hmac_digest(algorithm, key, v->key_len, data, v->data_len, mac), CORE_OK);
        ok(!strcmp(test_hex(mac, shown, hex), v->mac), "algorithm %d, case %u: %s\n", algorithm, i + 1, hex);
    }
}

static void test_rfc_vectors(void)
{
    check_macs(SHA_ALGORITHM_SHA1, rfc2202, sizeof(rfc2202) / sizeof(rfc2202[0]));
    check_macs(SHA_ALGORITHM_SHA256, rfc4231, sizeof(rfc4231) / sizeof(rfc4231[0]));
}

/* A key of exactly one block is used as it is, one byte more is hashed
 * first: HMAC(K) = HMAC(H(K)) for every key longer than a block.  And the
 * message may come in pieces. */
static void test_keys_and_pieces(void)
{
    unsigned char key[65], hashed[SHA_MAX_DIGEST_SIZE], a[SHA_MAX_DIGEST_SIZE], b[SHA_MAX_DIGEST_SIZE];
    enum sha_algorithm algorithm;
    struct hmac_ctx ctx;
    unsigned int i;

    for (i = 0; i < sizeof(key); i++)
        key[i] = (unsigned char)(0x80 + i);
    for (algorithm = SHA_ALGORITHM_SHA1; algorithm <= SHA_ALGORITHM_SHA256; algorithm++)
    {
        size_t size = sha_digest_size(algorithm);

        sha_digest(algorithm, key, 65, hashed);
        hmac_digest(algorithm, key, 65, "message", 7, a);
        hmac_digest(algorithm, hashed, size, "message", 7, b);
        ok_int(memcmp(a, b, size), 0);
        /* A 64-byte key is not hashed: it differs from its digest's MAC. */
        sha_digest(algorithm, key, 64, hashed);
        hmac_digest(algorithm, key, 64, "message", 7, a);
        hmac_digest(algorithm, hashed, size, "message", 7, b);
        ok_int(!memcmp(a, b, size), 0);
        /* Zero bytes padded to a block are the same key as none. */
        memset(hashed, 0, sizeof(hashed));
        hmac_digest(algorithm, hashed, 5, "message", 7, a);
        hmac_digest(algorithm, NULL, 0, "message", 7, b);
        ok_int(memcmp(a, b, size), 0);

        hmac_digest(algorithm, key, 20, "message in pieces", 17, a);
        ok_status(hmac_init(&ctx, algorithm, key, 20), CORE_OK);
        hmac_update(&ctx, "message", 7);
        hmac_update(&ctx, NULL, 0);
        hmac_update(&ctx, " in", 3);
        hmac_update(&ctx, " pieces", 7);
        hmac_final(&ctx, b);
        ok_int(memcmp(a, b, size), 0);
    }
    ok_status(hmac_init(&ctx, (enum sha_algorithm)5, key, 20), CORE_E_INVALIDARG);
    ok_status(hmac_digest((enum sha_algorithm)5, key, 20, "m", 1, a), CORE_E_INVALIDARG);
}

struct kdf_vector
{
    const char *password;
    size_t password_len;
    const char *salt;
    size_t salt_len;
    unsigned long iterations;
    size_t len;
    const char *key;
};

static void check_kdf(enum sha_algorithm algorithm, const struct kdf_vector *v)
{
    unsigned char key[64];
    char hex[129];

    memset(key, 0xcc, sizeof(key));
    ok_status(pbkdf2_hmac(algorithm, v->password, v->password_len, v->salt, v->salt_len, v->iterations, key,
                          v->len),
              CORE_OK);
    ok(!strcmp(test_hex(key, v->len, hex), v->key), "algorithm %d, \"%s\", %lu: %s\n", algorithm, v->password,
       v->iterations, hex);
    ok_int(v->len == sizeof(key) || key[v->len] == 0xcc, 1);
}

/* RFC 6070 section 2 (PBKDF2-HMAC-SHA1) and, for SHA-256, RFC 7914 section
 * 11 with the common "password"/"salt"/4096 vector.  RFC 6070's
 * 16777216-round case takes most of a minute under the sanitizers: it
 * runs only with MSGSC_SLOW_TESTS set. */
static void test_pbkdf2(void)
{
    static const struct kdf_vector sha1_vectors[] = {
        {"password", 8, "salt", 4, 1, 20, "0c60c80f961f0e71f3a9b524af6012062fe037a6"},
        {"password", 8, "salt", 4, 2, 20, "ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957"},
        {"password", 8, "salt", 4, 4096, 20, "4b007901b765489abead49d926f721d065a429c1"},
        {"passwordPASSWORDpassword", 24, "saltSALTsaltSALTsaltSALTsaltSALTsalt", 36, 4096, 25,
         "3d2eec4fe41c849b80c8d83662c0e44a8b291a964cf2f07038"},
        {"pass\0word", 9, "sa\0lt", 5, 4096, 16, "56fa6aa75548099dcc37d7f03425e0c3"},
    };
    static const struct kdf_vector slow = {
        "password", 8, "salt", 4, 16777216, 20, "eefe3d61cd4da4e4e9945b3d6ba2158c2634e984"};
    static const struct kdf_vector sha256_vectors[] = {
        {"passwd", 6, "salt", 4, 1, 64,
         "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc49ca9cccf179b645991664b39d77ef317c7"
         "1b845b1"
         "e30bd509112041d3a19783"},
        {"Password", 8, "NaCl", 4, 80000, 64,
         "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56a1d425a1225833549adb841b51c9b3176a2"
         "72bdeb"
         "ba1d078478f62b397f33c8d"},
        {"password", 8, "salt", 4, 4096, 32,
         "c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a"},
    };
    unsigned int i;

    for (i = 0; i < sizeof(sha1_vectors) / sizeof(sha1_vectors[0]); i++)
        check_kdf(SHA_ALGORITHM_SHA1, &sha1_vectors[i]);
    for (i = 0; i < sizeof(sha256_vectors) / sizeof(sha256_vectors[0]); i++)
        check_kdf(SHA_ALGORITHM_SHA256, &sha256_vectors[i]);
    if (getenv("MSGSC_SLOW_TESTS"))
        check_kdf(SHA_ALGORITHM_SHA1, &slow);
    else
        skip("RFC 6070's 16777216 rounds: set MSGSC_SLOW_TESTS to run them\n");
}

static void test_pbkdf2_arguments(void)
{
    unsigned char key[64], shorter[64];

    ok_status(pbkdf2_hmac(SHA_ALGORITHM_SHA1, "p", 1, "s", 1, 0, key, 20), CORE_E_INVALIDARG);
    ok_status(pbkdf2_hmac(SHA_ALGORITHM_SHA1, "p", 1, "s", 1, 1, key, 0), CORE_E_INVALIDARG);
    ok_status(pbkdf2_hmac(SHA_ALGORITHM_SHA1, "p", 1, "s", 1, 1, NULL, 20), CORE_E_INVALIDARG);
    ok_status(pbkdf2_hmac((enum sha_algorithm)9, "p", 1, "s", 1, 1, key, 20), CORE_E_INVALIDARG);
    /* An empty password and an empty salt are allowed. */
    ok_status(pbkdf2_hmac(SHA_ALGORITHM_SHA256, NULL, 0, NULL, 0, 2, key, 32), CORE_OK);
    /* A shorter key is the start of a longer one, across the block edge. */
    pbkdf2_hmac(SHA_ALGORITHM_SHA1, "password", 8, "salt", 4, 3, key, 50);
    pbkdf2_hmac(SHA_ALGORITHM_SHA1, "password", 8, "salt", 4, 3, shorter, 21);
    ok_int(memcmp(key, shorter, 21), 0);
}

int main(void)
{
    test_rfc_vectors();
    test_keys_and_pieces();
    test_pbkdf2();
    test_pbkdf2_arguments();
    return test_summary();
}
