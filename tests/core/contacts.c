/*
 * Native tests of the contact lists and addresses (src/core/contacts.c).
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

#include "core/contacts.h"
#include "coretest.h"

static void test_find(void)
{
    static const char list[] = "bob@example.org=10.0.0.2:6891;Carol@Example.org=[::1]:7000;dave=;eve";
    char value[32] = "";

    ok(contacts_find(list, "bob@example.org", value, sizeof(value)), "bob not found\n");
    ok_str(value, "10.0.0.2:6891");
    ok(contacts_find(list, "BOB@EXAMPLE.ORG", value, sizeof(value)), "case matters\n");
    ok_str(value, "10.0.0.2:6891");
    ok(contacts_find(list, "carol@example.org", value, sizeof(value)), "carol not found\n");
    ok_str(value, "[::1]:7000");
    ok(contacts_find(list, "dave", value, sizeof(value)), "dave not found\n");
    ok_str(value, "");
    ok_int(contacts_find(list, "eve", value, sizeof(value)), 0);
    ok_int(contacts_find(list, "bob", value, sizeof(value)), 0);
    ok_int(contacts_find(list, "bob@example.org=10.0.0.2:6891", value, sizeof(value)), 0);
    ok_int(contacts_find(list, "", value, sizeof(value)), 0);

    /* Bare names: the whole item is the name. */
    ok(contacts_find(list, "EVE", NULL, 0), "bare eve not found\n");
    ok_int(contacts_find(list, "bob@example.org", NULL, 0), 0);
    ok(contacts_find("bob;carol;", "carol", NULL, 0), "final ';' breaks the list\n");
    ok(contacts_find("bob;;carol", "carol", NULL, 0), "empty item breaks the list\n");
    ok_int(contacts_find("", "bob", NULL, 0), 0);
    ok_int(contacts_find("", "", NULL, 0), 0);
    ok_int(contacts_find("bob; carol", "carol", NULL, 0), 0);
    ok_int(contacts_find(NULL, "bob", NULL, 0), 0);
    ok_int(contacts_find("bob", NULL, NULL, 0), 0);

    /* No final ';', the first '=' ends the name, and a value too long for
     * the caller lets a later item of the name answer. */
    ok(contacts_find("a=1;b=x=y", "b", value, sizeof(value)), "b not found\n");
    ok_str(value, "x=y");
    ok(contacts_find("a=123456;a=12", "a", value, 4), "the second a not found\n");
    ok_str(value, "12");
    ok_int(contacts_find("a=1234", "a", value, 4), 0);
    ok(contacts_find("a=123", "a", value, 4), "longest value refused\n");
    ok_str(value, "123");
    ok_int(contacts_find("a=", "a", value, 0), 0);
}

static void test_split_address(void)
{
    static const struct
    {
        const char *text;
        int valid;
        const char *host;
        unsigned short port;
    } tests[] = {
        {"10.0.0.2:6891", 1, "10.0.0.2", 6891},
        {"example.org:1", 1, "example.org", 1},
        {"[::1]:7000", 1, "::1", 7000},
        {"[2001:db8::7]:65535", 1, "2001:db8::7", 65535},
        {"::1:80", 1, "::1", 80}, /* no brackets: the last ':' splits */
        {"h:080", 1, "h", 80},
        {"h:0", 0, NULL, 0},
        {"h:65536", 0, NULL, 0},
        {"h:99999999999999999999", 0, NULL, 0},
        {"h:", 0, NULL, 0},
        {"h", 0, NULL, 0},
        {":80", 0, NULL, 0},
        {"[]:80", 0, NULL, 0},
        {"[:80", 0, NULL, 0},
        {"[::1:80", 0, NULL, 0},
        {"[::1]80", 0, NULL, 0},
        {"h:+80", 0, NULL, 0},
        {"h: 80", 0, NULL, 0},
        {"h:-1", 0, NULL, 0},
        {"h:0x50", 0, NULL, 0},
        {"h:80 ", 0, NULL, 0},
        {"", 0, NULL, 0},
    };
    char host[16];
    unsigned short port;
    unsigned int i;
    int valid;

    for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++)
    {
        int result;

        strcpy(host, "unchanged");
        port = 1234;
        result = contacts_split_address(tests[i].text, host, sizeof(host), &port);
        ok(!result == !tests[i].valid, "\"%s\": got %d\n", tests[i].text, result);
        if (tests[i].valid)
            ok(!strcmp(host, tests[i].host) && port == tests[i].port,
               "\"%s\": %s port %u, expected %s port %u\n", tests[i].text, host, port, tests[i].host,
               tests[i].port);
        else
            ok(!strcmp(host, "unchanged") && port == 1234, "\"%s\": changed to %s port %u\n", tests[i].text,
               host, port);
    }
    ok_int(contacts_split_address(NULL, host, sizeof(host), &port), 0);
    /* The host must be shorter than its buffer. */
    valid = contacts_split_address("123456789012345:1", host, 16, &port);
    ok(valid && !strcmp(host, "123456789012345"), "15 characters: got %d, %s\n", valid, host);
    ok_int(contacts_split_address("1234567890123456:1", host, 16, &port), 0);
    ok_int(contacts_split_address("h:1", host, 0, &port), 0);
}

static void test_literal_and_resolve(void)
{
    static const char contacts[] = "bob@example.org=10.0.0.2:6891;carol=nowhere;dave@10.0.0.9:1=10.0.0.3:2";
    char host[64] = "", list[CONTACTS_ADDRESS_MAX + 8];
    unsigned short port = 0;
    const char *literal;
    int found;

    literal = contacts_literal_address("bob@127.0.0.1:6892");
    ok_str(literal, "127.0.0.1:6892");
    literal = contacts_literal_address("bob@[::1]:6892");
    ok_str(literal, "[::1]:6892");
    ok_str(contacts_literal_address("bob@example.org"), NULL);
    ok_str(contacts_literal_address("bob:1@example.org"), NULL);
    ok_str(contacts_literal_address("bob"), NULL);
    ok_str(contacts_literal_address(NULL), NULL);

    found = contacts_resolve(contacts, "BOB@example.org", host, sizeof(host), &port);
    ok(found && !strcmp(host, "10.0.0.2") && port == 6891, "bob: got %d, %s:%u\n", found, host, port);
    ok_int(contacts_resolve(contacts, "carol", host, sizeof(host), &port), 0);
    ok_int(contacts_resolve(contacts, "mallory@example.org", host, sizeof(host), &port), 0);
    found = contacts_resolve(contacts, "erin@[::1]:7000", host, sizeof(host), &port);
    ok(found && !strcmp(host, "::1") && port == 7000, "literal: got %d, %s:%u\n", found, host, port);
    /* A configured entry wins over the literal form. */
    found = contacts_resolve(contacts, "dave@10.0.0.9:1", host, sizeof(host), &port);
    ok(found && !strcmp(host, "10.0.0.3") && port == 2, "dave: got %d, %s:%u\n", found, host, port);
    ok_int(contacts_resolve(contacts, "erin@[::1]:0", host, sizeof(host), &port), 0);

    /* An address over CONTACTS_ADDRESS_MAX is never found. */
    strcpy(list, "x=");
    memset(list + 2, 'h', CONTACTS_ADDRESS_MAX - 1);
    strcpy(list + 2 + CONTACTS_ADDRESS_MAX - 1, ":1");
    ok_int(strlen(list), 2 + CONTACTS_ADDRESS_MAX + 1);
    ok_int(contacts_resolve(list, "x", host, sizeof(host), &port), 0);
    ok_int(contacts_allow("contacts", list, "x"), 0);
    strcpy(list + 2 + CONTACTS_ADDRESS_MAX - 2, ":1");
    ok(contacts_allow("contacts", list, "x"), "contact with the longest address refused\n");
}

static void test_allow(void)
{
    static const char contacts[] = "bob@example.org=10.0.0.2:6891;carol@example.org=[::1]:7000";

    ok(contacts_allow("*", contacts, "mallory@example.org"), "* refused\n");
    ok(contacts_allow("*", "", "mallory@example.org"), "* refused without contacts\n");
    ok(contacts_allow("contacts", contacts, "Carol@example.org"), "contact refused\n");
    ok_int(contacts_allow("contacts", contacts, "mallory@example.org"), 0);
    ok_int(contacts_allow("contacts", "", "bob@example.org"), 0);
    ok_int(contacts_allow("contacts", "bob@example.org", "bob@example.org"), 0);
    ok(contacts_allow("bob@example.org;mallory@example.org", contacts, "MALLORY@example.org"),
       "listed refused\n");
    ok(contacts_allow("mallory@example.org", contacts, "mallory@example.org"), "single name refused\n");
    ok_int(contacts_allow("mallory@example.org", contacts, "bob@example.org"), 0);
    ok_int(contacts_allow("", contacts, "bob@example.org"), 0);
    ok_int(contacts_allow(NULL, contacts, "bob@example.org"), 0);
    /* The keywords are exact: anything else is a list of names. */
    ok_int(contacts_allow("Contacts", contacts, "bob@example.org"), 0);
    ok(contacts_allow("Contacts", contacts, "contacts"), "\"Contacts\" is not a name\n");
    ok_int(contacts_allow("*;bob", contacts, "mallory@example.org"), 0);
    ok(contacts_allow("*;bob", contacts, "*"), "\"*\" is not a name in a list\n");
}

static void test_append(void)
{
    char list[32] = "", value[8] = "";

    ok_status(contacts_append(list, sizeof(list), "bob", "10.0.0.2:1"), CORE_OK);
    ok_str(list, "bob=10.0.0.2:1");
    ok_status(contacts_append(list, sizeof(list), "carol", "h:2"), CORE_OK);
    ok_str(list, "bob=10.0.0.2:1;carol=h:2");
    ok_status(contacts_append(list, sizeof(list), "dave", "h:3"), CORE_E_TOO_LONG);
    ok_str(list, "bob=10.0.0.2:1;carol=h:2");
    /* 24 characters so far: ";d=h:34" (7) and the NUL fill the 8 left. */
    ok_status(contacts_append(list, sizeof(list), "d", "h:345"), CORE_E_TOO_LONG);
    ok_status(contacts_append(list, sizeof(list), "d", "h:34"), CORE_OK);
    ok(strlen(list) == sizeof(list) - 1, "got %s\n", list);

    /* The environment's list may end with ';' already. */
    strcpy(list, "bob=h:1;");
    ok_status(contacts_append(list, sizeof(list), "carol", "h:2"), CORE_OK);
    ok_str(list, "bob=h:1;carol=h:2");
    ok(contacts_find(list, "carol", value, sizeof(value)), "appended entry lost\n");
    ok_str(value, "h:2");

    /* What would change the list's meaning is refused. */
    strcpy(list, "bob=h:1");
    ok_status(contacts_append(list, sizeof(list), "eve;mallory", "h:2"), CORE_E_INVALIDARG);
    ok_status(contacts_append(list, sizeof(list), "eve=mallory", "h:2"), CORE_E_INVALIDARG);
    ok_status(contacts_append(list, sizeof(list), "eve", "h:2;mallory=h:3"), CORE_E_INVALIDARG);
    ok_status(contacts_append(list, sizeof(list), "", "h:2"), CORE_E_INVALIDARG);
    ok_status(contacts_append(list, sizeof(list), NULL, "h:2"), CORE_E_INVALIDARG);
    ok_status(contacts_append(list, sizeof(list), "eve", NULL), CORE_E_INVALIDARG);
    ok_str(list, "bob=h:1");
    ok_status(contacts_append(list, sizeof(list), "eve", ""), CORE_OK);
    ok_str(list, "bob=h:1;eve=");
    memset(list, 'x', sizeof(list));
    ok_status(contacts_append(list, sizeof(list), "eve", "h:2"), CORE_E_INVALIDARG);
    ok_status(contacts_append(NULL, 0, "eve", "h:2"), CORE_E_INVALIDARG);
    ok_status(contacts_append(list, 0, "eve", "h:2"), CORE_E_INVALIDARG);
}

int main(void)
{
    test_find();
    test_split_address();
    test_literal_and_resolve();
    test_allow();
    test_append();
    return test_summary();
}
