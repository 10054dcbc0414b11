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
#include "test.h"

static void test_find(void)
{
    static const char list[] = "bob@example.org=10.0.0.2:6891;Carol@Example.org=[::1]:7000;dave=;eve";
    char value[32];

    ok(contacts_find(list, "bob@example.org", value, sizeof(value)) && !strcmp(value, "10.0.0.2:6891"),
       "bob: %s\n", value);
    ok(contacts_find(list, "BOB@EXAMPLE.ORG", value, sizeof(value)) && !strcmp(value, "10.0.0.2:6891"),
       "case matters\n");
    ok(contacts_find(list, "carol@example.org", value, sizeof(value)) && !strcmp(value, "[::1]:7000"),
       "carol: %s\n", value);
    ok(contacts_find(list, "dave", value, sizeof(value)) && !value[0], "empty value: %s\n", value);
    ok(!contacts_find(list, "eve", value, sizeof(value)), "an item without '=' has no value\n");
    ok(!contacts_find(list, "bob", value, sizeof(value)), "prefix found\n");
    ok(!contacts_find(list, "bob@example.org=10.0.0.2:6891", value, sizeof(value)), "whole item found\n");
    ok(!contacts_find(list, "", value, sizeof(value)), "empty name found\n");

    /* Bare names: the whole item is the name. */
    ok(contacts_find(list, "EVE", NULL, 0), "bare eve not found\n");
    ok(!contacts_find(list, "bob@example.org", NULL, 0), "an item with a value is a bare name\n");
    ok(contacts_find("bob;carol;", "carol", NULL, 0), "final ';' breaks the list\n");
    ok(contacts_find("bob;;carol", "carol", NULL, 0), "empty item breaks the list\n");
    ok(!contacts_find("", "bob", NULL, 0), "empty list has bob\n");
    ok(!contacts_find("", "", NULL, 0), "empty list has an empty name\n");
    ok(!contacts_find("bob; carol", "carol", NULL, 0), "blanks trimmed\n");
    ok(!contacts_find(NULL, "bob", NULL, 0), "NULL list\n");
    ok(!contacts_find("bob", NULL, NULL, 0), "NULL name\n");

    /* No final ';', the first '=' ends the name, and a value too long for
     * the caller lets a later item of the name answer. */
    ok(contacts_find("a=1;b=x=y", "b", value, sizeof(value)) && !strcmp(value, "x=y"), "got %s\n", value);
    ok(contacts_find("a=123456;a=12", "a", value, 4) && !strcmp(value, "12"), "got %s\n", value);
    ok(!contacts_find("a=1234", "a", value, 4), "value truncated\n");
    ok(contacts_find("a=123", "a", value, 4) && !strcmp(value, "123"), "longest value refused\n");
    ok(!contacts_find("a=", "a", value, 0), "value without room\n");
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

    for (i = 0; i < sizeof(tests) / sizeof(tests[0]); i++)
    {
        int result;

        strcpy(host, "unchanged");
        port = 1234;
        result = contacts_split_address(tests[i].text, host, sizeof(host), &port);
        ok(!result == !tests[i].valid, "\"%s\": got %d\n", tests[i].text, result);
        if (tests[i].valid)
            ok(!strcmp(host, tests[i].host) && port == tests[i].port, "\"%s\": %s port %u\n", tests[i].text,
               host, port);
        else
            ok(!strcmp(host, "unchanged") && port == 1234, "\"%s\": changed to %s port %u\n", tests[i].text,
               host, port);
    }
    ok(!contacts_split_address(NULL, host, sizeof(host), &port), "NULL accepted\n");
    /* The host must be shorter than its buffer. */
    ok(contacts_split_address("123456789012345:1", host, 16, &port) && !strcmp(host, "123456789012345"),
       "15 characters refused\n");
    ok(!contacts_split_address("1234567890123456:1", host, 16, &port), "16 characters accepted\n");
    ok(!contacts_split_address("h:1", host, 0, &port), "no room accepted\n");
}

static void test_literal_and_resolve(void)
{
    static const char contacts[] = "bob@example.org=10.0.0.2:6891;carol=nowhere;dave@10.0.0.9:1=10.0.0.3:2";
    char host[64], list[CONTACTS_ADDRESS_MAX + 8];
    unsigned short port = 0;
    const char *literal;

    literal = contacts_literal_address("bob@127.0.0.1:6892");
    ok(literal && !strcmp(literal, "127.0.0.1:6892"), "literal %s\n", literal);
    literal = contacts_literal_address("bob@[::1]:6892");
    ok(literal && !strcmp(literal, "[::1]:6892"), "literal %s\n", literal);
    ok(!contacts_literal_address("bob@example.org"), "no port, yet literal\n");
    ok(!contacts_literal_address("bob:1@example.org"), "':' before '@', yet literal\n");
    ok(!contacts_literal_address("bob"), "no '@', yet literal\n");
    ok(!contacts_literal_address(NULL), "NULL literal\n");

    ok(contacts_resolve(contacts, "BOB@example.org", host, sizeof(host), &port) &&
           !strcmp(host, "10.0.0.2") && port == 6891,
       "bob: %s:%u\n", host, port);
    ok(!contacts_resolve(contacts, "carol", host, sizeof(host), &port), "an address without port resolved\n");
    ok(!contacts_resolve(contacts, "mallory@example.org", host, sizeof(host), &port), "unknown resolved\n");
    ok(contacts_resolve(contacts, "erin@[::1]:7000", host, sizeof(host), &port) && !strcmp(host, "::1") &&
           port == 7000,
       "literal: %s:%u\n", host, port);
    /* A configured entry wins over the literal form. */
    ok(contacts_resolve(contacts, "dave@10.0.0.9:1", host, sizeof(host), &port) &&
           !strcmp(host, "10.0.0.3") && port == 2,
       "dave: %s:%u\n", host, port);
    ok(!contacts_resolve(contacts, "erin@[::1]:0", host, sizeof(host), &port), "port 0 resolved\n");

    /* An address over CONTACTS_ADDRESS_MAX is never found. */
    strcpy(list, "x=");
    memset(list + 2, 'h', CONTACTS_ADDRESS_MAX - 1);
    strcpy(list + 2 + CONTACTS_ADDRESS_MAX - 1, ":1");
    ok(strlen(list) == 2 + CONTACTS_ADDRESS_MAX + 1, "length %zu\n", strlen(list));
    ok(!contacts_resolve(list, "x", host, sizeof(host), &port), "over-long address resolved\n");
    ok(!contacts_allow("contacts", list, "x"), "contact with an over-long address allowed\n");
    strcpy(list + 2 + CONTACTS_ADDRESS_MAX - 2, ":1");
    ok(contacts_allow("contacts", list, "x"), "contact with the longest address refused\n");
}

static void test_allow(void)
{
    static const char contacts[] = "bob@example.org=10.0.0.2:6891;carol@example.org=[::1]:7000";

    ok(contacts_allow("*", contacts, "mallory@example.org"), "* refused\n");
    ok(contacts_allow("*", "", "mallory@example.org"), "* refused without contacts\n");
    ok(contacts_allow("contacts", contacts, "Carol@example.org"), "contact refused\n");
    ok(!contacts_allow("contacts", contacts, "mallory@example.org"), "stranger allowed\n");
    ok(!contacts_allow("contacts", "", "bob@example.org"), "allowed without contacts\n");
    ok(!contacts_allow("contacts", "bob@example.org", "bob@example.org"),
       "a contact without address allowed\n");
    ok(contacts_allow("bob@example.org;mallory@example.org", contacts, "MALLORY@example.org"),
       "listed refused\n");
    ok(contacts_allow("mallory@example.org", contacts, "mallory@example.org"), "single name refused\n");
    ok(!contacts_allow("mallory@example.org", contacts, "bob@example.org"), "a list also allows contacts\n");
    ok(!contacts_allow("", contacts, "bob@example.org"), "empty AllowFrom allows\n");
    ok(!contacts_allow(NULL, contacts, "bob@example.org"), "NULL AllowFrom allows\n");
    /* The keywords are exact: anything else is a list of names. */
    ok(!contacts_allow("Contacts", contacts, "bob@example.org"), "keyword case-insensitive\n");
    ok(contacts_allow("Contacts", contacts, "contacts"), "\"Contacts\" is not a name\n");
    ok(!contacts_allow("*;bob", contacts, "mallory@example.org"), "* inside a list\n");
    ok(contacts_allow("*;bob", contacts, "*"), "\"*\" is not a name in a list\n");
}

static void test_append(void)
{
    char list[32] = "", value[8];

    ok(contacts_append(list, sizeof(list), "bob", "10.0.0.2:1") == CORE_OK && !strcmp(list, "bob=10.0.0.2:1"),
       "got %s\n", list);
    ok(contacts_append(list, sizeof(list), "carol", "h:2") == CORE_OK &&
           !strcmp(list, "bob=10.0.0.2:1;carol=h:2"),
       "got %s\n", list);
    ok(contacts_append(list, sizeof(list), "dave", "h:3") == CORE_E_TOO_LONG, "over-long list\n");
    ok(!strcmp(list, "bob=10.0.0.2:1;carol=h:2"), "truncated: %s\n", list);
    /* 24 characters so far: ";d=h:34" (7) and the NUL fill the 8 left. */
    ok(contacts_append(list, sizeof(list), "d", "h:345") == CORE_E_TOO_LONG, "over-full list\n");
    ok(contacts_append(list, sizeof(list), "d", "h:34") == CORE_OK && strlen(list) == sizeof(list) - 1,
       "got %s\n", list);

    /* The environment's list may end with ';' already. */
    strcpy(list, "bob=h:1;");
    ok(contacts_append(list, sizeof(list), "carol", "h:2") == CORE_OK && !strcmp(list, "bob=h:1;carol=h:2"),
       "got %s\n", list);
    ok(contacts_find(list, "carol", value, sizeof(value)) && !strcmp(value, "h:2"), "appended entry lost\n");

    /* What would change the list's meaning is refused. */
    strcpy(list, "bob=h:1");
    ok(contacts_append(list, sizeof(list), "eve;mallory", "h:2") == CORE_E_INVALIDARG, "';' in a name\n");
    ok(contacts_append(list, sizeof(list), "eve=mallory", "h:2") == CORE_E_INVALIDARG, "'=' in a name\n");
    ok(contacts_append(list, sizeof(list), "eve", "h:2;mallory=h:3") == CORE_E_INVALIDARG,
       "';' in a value\n");
    ok(contacts_append(list, sizeof(list), "", "h:2") == CORE_E_INVALIDARG, "empty name\n");
    ok(contacts_append(list, sizeof(list), NULL, "h:2") == CORE_E_INVALIDARG, "NULL name\n");
    ok(contacts_append(list, sizeof(list), "eve", NULL) == CORE_E_INVALIDARG, "NULL value\n");
    ok(!strcmp(list, "bob=h:1"), "changed: %s\n", list);
    ok(contacts_append(list, sizeof(list), "eve", "") == CORE_OK && !strcmp(list, "bob=h:1;eve="), "got %s\n",
       list);
    memset(list, 'x', sizeof(list));
    ok(contacts_append(list, sizeof(list), "eve", "h:2") == CORE_E_INVALIDARG, "list without NUL\n");
    ok(contacts_append(NULL, 0, "eve", "h:2") == CORE_E_INVALIDARG, "NULL list\n");
    ok(contacts_append(list, 0, "eve", "h:2") == CORE_E_INVALIDARG, "no room at all\n");
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
