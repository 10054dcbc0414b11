/*
 * Native tests of the core's string validation (src/core/text.c).
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

#include "core/text.h"
#include "coretest.h"

/* validate takes max ASCII characters and refuses one more with too_long. */
#define check_length_limit(validate, max, too_long)                                                          \
    check_length_limit_(__FILE__, __LINE__, validate, max, too_long)
static void check_length_limit_(const char *file, int line, enum core_status (*validate)(const char *),
                                size_t max, enum core_status too_long)
{
    char *text = malloc(max + 2);

    memset(text, 'a', max + 1);
    text[max] = 0;
    test_ok_status(file, line, "the longest", validate(text), CORE_OK);
    text[max] = 'a';
    text[max + 1] = 0;
    test_ok_status(file, line, "one more", validate(text), too_long);
    free(text);
}

static void test_utf16_length(void)
{
    ok_int(core_utf16_length(""), 0);
    ok_int(core_utf16_length(NULL), 0);
    ok_int(core_utf16_length("abc"), 3);
    ok_int(core_utf16_length("\xc3\xa9t\xc3\xa9"), 3);
    ok_int(core_utf16_length("\xe2\x82\xac"), 1);
    ok_int(core_utf16_length("\xf0\x9f\x98\x80"), 2);
    ok_int(core_utf16_length("\xff\xfe"), 2);
}

static void test_utf8_valid(void)
{
    ok(core_utf8_valid("plain"), "ascii refused\n");
    ok(core_utf8_valid("\xf0\x9f\x98\x80"), "astral refused\n");
    ok_int(core_utf8_valid("\xc0\xaf"), 0);
    ok_int(core_utf8_valid("\xed\xa0\x80"), 0);
    ok_int(core_utf8_valid("\xf4\x90\x80\x80"), 0);
    ok_int(core_utf8_valid("\xe2\x82"), 0);
    ok_int(core_utf8_valid(NULL), 0);
}

static void test_guid(void)
{
    static const unsigned char bytes[16] = {0x78, 0x56, 0x34, 0x12, 0x34, 0x12, 0x78, 0x56,
                                            0x9a, 0xbc, 0xde, 0xf0, 0x12, 0x34, 0x56, 0x78};
    char out[CORE_GUID_CHARS + 1];
    enum core_status status;

    ok_status(core_guid_normalize("{5a0a3c2e-1f2b-4c3d-8e9f-0a1b2c3d4e5f}", out), CORE_OK);
    ok_str(out, "{5A0A3C2E-1F2B-4C3D-8E9F-0A1B2C3D4E5F}");
    ok_status(core_guid_normalize("{5A0A3C2E-1F2B-4C3D-8E9F-0A1B2C3D4E5F}", out), CORE_OK);
    ok_status(core_guid_normalize("5A0A3C2E-1F2B-4C3D-8E9F-0A1B2C3D4E5F", out), CORE_E_BAD_GUID);
    ok_status(core_guid_normalize("{5A0A3C2E-1F2B-4C3D-8E9F-0A1B2C3D4E5G}", out), CORE_E_BAD_GUID);
    ok_status(core_guid_normalize("{5A0A3C2E1-F2B-4C3D-8E9F-0A1B2C3D4E5F}", out), CORE_E_BAD_GUID);
    ok_status(core_guid_normalize("{5A0A3C2E-1F2B-4C3D-8E9F-0A1B2C3D4E5F}x", out), CORE_E_TOO_LONG);
    status = core_guid_normalize("", out);
    ok(status == CORE_E_BAD_GUID && !out[0], "empty: %s, \"%s\"\n", core_status_name(status), out);
    ok_status(core_guid_normalize(NULL, out), CORE_E_BAD_GUID);
    core_guid_format(bytes, out);
    ok_str(out, "{12345678-1234-5678-9ABC-DEF012345678}");
}

static void test_address(void)
{
    static const struct
    {
        const char *addr;
        enum core_status status;
    } tests[] = {
        {"127.0.0.1", CORE_OK},
        {"192.168.1.254:6891", CORE_OK},
        {"0.0.0.0", CORE_OK},
        {"::1", CORE_OK},
        {"::", CORE_OK},
        {"fe80::1", CORE_OK},
        {"1:2:3:4:5:6:7:8", CORE_OK},
        {"1::", CORE_OK},
        {"::ffff:10.0.0.1", CORE_OK},
        {"[::1]:6891", CORE_OK},
        {"[2001:db8::7]:1", CORE_OK},
        {"", CORE_E_BAD_ADDRESS},
        {NULL, CORE_E_BAD_ADDRESS},
        {"256.0.0.1", CORE_E_BAD_ADDRESS},
        {"1.2.3", CORE_E_BAD_ADDRESS},
        {"1.2.3.4.5", CORE_E_BAD_ADDRESS},
        {"01.2.3.4", CORE_E_BAD_ADDRESS},
        {"1.2.3.4:", CORE_E_BAD_ADDRESS},
        {"1.2.3.4:0", CORE_E_BAD_ADDRESS},
        {"1.2.3.4:65536", CORE_E_BAD_ADDRESS},
        {"host.example.org", CORE_E_BAD_ADDRESS},
        {":::", CORE_E_BAD_ADDRESS},
        {"1:2:3:4:5:6:7:8:9", CORE_E_BAD_ADDRESS},
        {"1::2::3", CORE_E_BAD_ADDRESS},
        {"12345::1", CORE_E_BAD_ADDRESS},
        {"1:2", CORE_E_BAD_ADDRESS},
        {"[::1]", CORE_E_BAD_ADDRESS},
        {"::1:", CORE_E_BAD_ADDRESS},
        {"1.2.3.4 ", CORE_E_BAD_ADDRESS},
        {"1111:2222:3333:4444:5555:6666:7777:8888", CORE_E_TOO_LONG},
    };
    unsigned int i;

    for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++)
    {
        enum core_status status = core_address_validate(tests[i].addr);

        ok(status == tests[i].status, "\"%s\": got %s, expected %s\n",
           tests[i].addr ? tests[i].addr : "(null)", core_status_name(status),
           core_status_name(tests[i].status));
    }
}

static void test_signin_and_data(void)
{
    char data[CORE_APPDATA_MAX_BYTES + 1];

    ok_status(core_signin_validate("bob@example.org"), CORE_OK);
    ok_status(core_signin_validate(""), CORE_E_BAD_SIGNIN);
    ok_status(core_signin_validate(NULL), CORE_E_BAD_SIGNIN);
    ok_status(core_signin_validate("bob @example.org"), CORE_E_BAD_SIGNIN);
    ok_status(core_signin_validate("bob\r\nX: y"), CORE_E_BAD_SIGNIN);
    check_length_limit(core_signin_validate, CORE_SIGNIN_MAX_CHARS, CORE_E_BAD_SIGNIN);

    ok(core_signin_equal("Bob@Example.ORG", "bob@example.org"), "case matters\n");
    ok_int(core_signin_equal("bob@example.org", "bob@example.or"), 0);
    ok_int(core_signin_equal(NULL, "bob"), 0);

    check_length_limit(core_appdata_validate, CORE_APPDATA_MAX_BYTES, CORE_E_DATA_TOO_LONG);
    ok_status(core_appdata_validate(NULL), CORE_OK);
    /* A field value on the wire is one line. */
    ok(core_field_value_valid("a b\t\x01\xc3\xa9"), "one line refused\n");
    ok(core_field_value_valid(NULL), "NULL refused\n");
    ok(core_field_value_valid(""), "empty refused\n");
    ok_int(core_field_value_valid("a\r"), 0);
    ok_int(core_field_value_valid("\nb"), 0);
    ok_status(core_appdata_validate("a\r\nX-Msgsc-HResult: 0x0"), CORE_E_INVALIDARG);
    ok_status(core_appdata_validate("a\nb"), CORE_E_INVALIDARG);
    ok_status(core_appdata_validate("a\rb"), CORE_E_INVALIDARG);
    ok_status(core_appdata_validate("a\tb \x01\x7f"), CORE_OK);
    /* The longest data with a line break in it. */
    memset(data, 'x', CORE_APPDATA_MAX_BYTES);
    data[CORE_APPDATA_MAX_BYTES] = 0;
    data[0] = '\n';
    ok_status(core_appdata_validate(data), CORE_E_INVALIDARG);
}

/* One sign-in syntax, by length (what the wire carries), and the one
 * wider rule of Invite's argument. */
static void test_signin_check(void)
{
    static const struct
    {
        const char *name;
        size_t len;
        enum core_status check, invite;
    } tests[] = {
        {"bob@example.org", 15, CORE_OK, CORE_OK},
        {"bob@example.org", 3, CORE_OK, CORE_OK}, /* by length: "bob" */
        {"a", 1, CORE_OK, CORE_OK},
        {"!~", 2, CORE_OK, CORE_OK}, /* the first and last printable bytes */
        {"", 0, CORE_E_BAD_SIGNIN, CORE_E_BAD_SIGNIN},
        {"bob", 0, CORE_E_BAD_SIGNIN, CORE_E_BAD_SIGNIN},
        {"bob\0eve", 7, CORE_E_BAD_SIGNIN, CORE_E_BAD_SIGNIN}, /* a NUL inside */
        {"bob eve", 7, CORE_E_BAD_SIGNIN, CORE_E_BAD_SIGNIN},
        {"bob\teve", 7, CORE_E_BAD_SIGNIN, CORE_E_BAD_SIGNIN},
        {"bob\r\n", 5, CORE_E_BAD_SIGNIN, CORE_E_BAD_SIGNIN},
        {"bob\x01", 4, CORE_E_BAD_SIGNIN, CORE_E_BAD_SIGNIN},
        {"bob\x7f", 4, CORE_E_BAD_SIGNIN, CORE_E_BAD_SIGNIN},
        {"b\xc3\xb6rje@example.org", 18, CORE_E_BAD_SIGNIN, CORE_OK}, /* Unicode: Invite only */
        {"\xf0\x9f\x98\x80", 4, CORE_E_BAD_SIGNIN, CORE_OK},
        {"b\xc3", 2, CORE_E_BAD_SIGNIN, CORE_E_BAD_SIGNIN},        /* cut short */
        {"b\xc3\xb6rje", 2, CORE_E_BAD_SIGNIN, CORE_E_BAD_SIGNIN}, /* cut by the length */
        {"\xc0\xaf", 2, CORE_E_BAD_SIGNIN, CORE_E_BAD_SIGNIN},     /* overlong */
        {"\xed\xa0\x80", 3, CORE_E_BAD_SIGNIN, CORE_E_BAD_SIGNIN}, /* surrogate */
        {"\xc3\xb6 x", 4, CORE_E_BAD_SIGNIN, CORE_E_BAD_SIGNIN},
        {"\xc2\x85", 2, CORE_E_BAD_SIGNIN, CORE_OK}, /* U+0085 is not ASCII control */
    };
    char name[3 * CORE_SIGNIN_MAX_CHARS + 4];
    unsigned int i;

    for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++)
    {
        enum core_status check = core_signin_check(tests[i].name, tests[i].len);
        enum core_status invite = core_invite_signin_check(tests[i].name, tests[i].len);

        ok(check == tests[i].check, "%u: check got %s, expected %s\n", i, core_status_name(check),
           core_status_name(tests[i].check));
        ok(invite == tests[i].invite, "%u: invite got %s, expected %s\n", i, core_status_name(invite),
           core_status_name(tests[i].invite));
    }
    ok_status(core_signin_check(NULL, 0), CORE_E_BAD_SIGNIN);
    ok_status(core_signin_check(NULL, 3), CORE_E_BAD_SIGNIN);
    ok_status(core_invite_signin_check(NULL, 3), CORE_E_BAD_SIGNIN);

    /* The limit: bytes for the wire, UTF-16 characters for Invite. */
    memset(name, 'a', CORE_SIGNIN_MAX_CHARS + 1);
    ok_status(core_signin_check(name, CORE_SIGNIN_MAX_CHARS), CORE_OK);
    ok_status(core_signin_check(name, CORE_SIGNIN_MAX_CHARS + 1), CORE_E_BAD_SIGNIN);
    ok_status(core_invite_signin_check(name, CORE_SIGNIN_MAX_CHARS + 1), CORE_E_BAD_SIGNIN);
    for (i = 0; i < CORE_SIGNIN_MAX_CHARS; i++)
        memcpy(name + 2 * i, "\xc3\xb6", 2);
    ok_status(core_invite_signin_check(name, 2 * CORE_SIGNIN_MAX_CHARS), CORE_OK);
    memcpy(name + 2 * CORE_SIGNIN_MAX_CHARS, "\xc3\xb6", 2);
    ok_status(core_invite_signin_check(name, 2 * CORE_SIGNIN_MAX_CHARS + 2), CORE_E_BAD_SIGNIN);
    ok_status(core_signin_validate("b\xc3\xb6rje@example.org"), CORE_E_BAD_SIGNIN);
}

static void test_ascii(void)
{
    int c;

    for (c = 0; c < 256; c++)
    {
        int lower = c >= 'A' && c <= 'Z' ? c + 32 : c, upper = c >= 'a' && c <= 'z' ? c - 32 : c;

        if (core_ascii_lower(c) != lower || core_ascii_upper(c) != upper) break;
    }
    ok(c == 256, "byte %#x folds wrong\n", c);
    ok_int(core_ascii_lower(-1), -1);

    ok(core_ascii_equal_n("Content-TYPE", 12, "content-type", 12), "case matters\n");
    ok_int(core_ascii_equal_n("abc", 3, "abd", 3), 0);
    ok_int(core_ascii_equal_n("abc", 3, "abc", 2), 0);
    ok(core_ascii_equal_n("abX", 2, "ABY", 2), "bytes past the length compared\n");
    ok(core_ascii_equal_n("a\0b", 3, "A\0B", 3), "NUL ends the comparison\n");
    ok_int(core_ascii_equal_n("a\0b", 3, "A\0C", 3), 0);
    ok(core_ascii_equal_n(NULL, 0, "", 0), "empty unequal\n");
    ok_int(core_ascii_equal_n("\xc3\xb6", 2, "\xc3\x96", 2), 0); /* no Unicode folding */
    ok_int(core_ascii_equal_n("[", 1, "{", 1), 0);
    ok_int(core_ascii_equal_n("@", 1, "`", 1), 0);
}

static void test_app(void)
{
    const char *guid = "{5a0a3c2e-1f2b-4c3d-8e9f-0a1b2c3d4e5f}";
    char out[CORE_GUID_CHARS + 1], long_path[CORE_APP_PATH_MAX_CHARS + 2];

    ok_status(core_app_validate(guid, "Name", "http://x", "C:\\app.exe /s", 0, out), CORE_OK);
    ok_str(out, "{5A0A3C2E-1F2B-4C3D-8E9F-0A1B2C3D4E5F}");
    ok_status(core_app_validate(guid, "", "", "C:\\app.exe", 0, out), CORE_OK);
    ok_status(core_app_validate(guid, "Name", "", "", 0, out), CORE_E_INVALIDARG);
    ok_status(core_app_validate(guid, "Name", "", "C:\\a.exe", 1, out), CORE_E_BAD_FLAGS);
    ok_status(core_app_validate("{bad}", "Name", "", "C:\\a.exe", 0, out), CORE_E_BAD_GUID);
    ok_status(core_app_validate("{5A0A3C2E-1F2B-4C3D-8E9F-0A1B2C3D4E5F}}", "N", "", "C:\\a.exe", 0, out),
              CORE_E_INVALIDARG);
    memset(long_path, 'p', sizeof(long_path) - 1);
    long_path[sizeof(long_path) - 1] = 0;
    ok_status(core_app_validate(guid, "Name", "", long_path, 0, out), CORE_E_INVALIDARG);
}

int main(void)
{
    test_utf16_length();
    test_utf8_valid();
    test_guid();
    test_address();
    test_signin_and_data();
    test_signin_check();
    test_ascii();
    test_app();
    return test_summary();
}
