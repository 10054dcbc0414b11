/*
 * Configuration of the signed-in identity: registry values, overridden by the environment.
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

#include "platform.h"
#include "config.h"

/* Everything lives under HKCU\Software\msgsc (docs/network.md):
 *   SigninName     REG_SZ    the local identity; none means "not signed in"
 *   ListenAddress  REG_SZ    host:port the broker listens on
 *   AllowFrom      REG_SZ    who may invite: "contacts" (default), "*", or a
 *                            ';'-separated list of sign-in names
 *   InviteTimeout  REG_DWORD milliseconds an invitation waits for an answer
 *   AcceptTimeout  REG_DWORD milliseconds an accepted session waits to connect
 *   BrokerIdleTimeout    REG_DWORD milliseconds before an unused broker exits
 *   MaxMessagesPerSecond REG_DWORD per link; 0 turns the limit off
 *   Contacts\<sign-in name> = REG_SZ host:port
 * Each has an environment override (MSGSC_SIGNIN, MSGSC_LISTEN, MSGSC_ALLOW,
 * MSGSC_INVITE_TIMEOUT_MS, MSGSC_CONTACTS as "name=host:port;..."), so that
 * tests and several identities can share one Wine prefix. */

static const WCHAR config_key[] = L"Software\\msgsc";

static BOOL read_env(const char *name, char *out, size_t size)
{
    DWORD len = GetEnvironmentVariableA(name, out, (DWORD)size);

    return len && len < size;
}

static BOOL read_reg_string(HKEY key, const WCHAR *name, char *out, size_t size)
{
    WCHAR value[512];
    DWORD type, bytes = sizeof(value) - sizeof(WCHAR);

    if (RegQueryValueExW(key, name, NULL, &type, (BYTE *)value, &bytes) || type != REG_SZ) return FALSE;
    value[bytes / sizeof(WCHAR)] = 0;
    return WideCharToMultiByte(CP_UTF8, 0, value, -1, out, (int)size, NULL, NULL) > 0;
}

static uint32_t read_number(HKEY key, const WCHAR *reg_name, const char *env_name, uint32_t fallback)
{
    char text[32];
    DWORD value, type, bytes = sizeof(value);

    if (read_env(env_name, text, sizeof(text)))
    {
        char *end;
        unsigned long number = strtoul(text, &end, 10);

        if (text[0] && !*end) return (uint32_t)number;
        WARN("%s=%s is not a number; using %u.\n", env_name, text, fallback);
        return fallback;
    }
    if (key && !RegQueryValueExW(key, reg_name, NULL, &type, (BYTE *)&value, &bytes) && type == REG_DWORD)
        return value;
    return fallback;
}

/* Appends "name=address;" entries of HKCU\Software\msgsc\Contacts. */
static void read_contacts_key(HKEY key, char *out, size_t size)
{
    WCHAR name[CORE_SIGNIN_MAX_CHARS + 1], value[128];
    DWORD index, name_len, bytes, type;
    HKEY contacts;

    if (!key || RegOpenKeyExW(key, L"Contacts", 0, KEY_READ, &contacts)) return;
    for (index = 0;; index++)
    {
        char entry[512];
        int len;

        name_len = ARRAY_SIZE(name);
        bytes = sizeof(value) - sizeof(WCHAR);
        if (RegEnumValueW(contacts, index, name, &name_len, NULL, &type, (BYTE *)value, &bytes)) break;
        if (type != REG_SZ) continue;
        value[bytes / sizeof(WCHAR)] = 0;
        /* The list so far may come from the environment, without a final ';'. */
        len = snprintf(entry, sizeof(entry), "%s%ls=%ls", out[0] ? ";" : "", name, value);
        if (len > 0 && strlen(out) + (size_t)len < size) strcat(out, entry);
    }
    RegCloseKey(contacts);
}

void config_load(struct msgsc_config *config)
{
    HKEY key = NULL;
    const char *p;

    memset(config, 0, sizeof(*config));
    if (RegOpenKeyExW(HKEY_CURRENT_USER, config_key, 0, KEY_READ, &key)) key = NULL;

    if (!read_env("MSGSC_SIGNIN", config->signin, sizeof(config->signin)) &&
        !(key && read_reg_string(key, L"SigninName", config->signin, sizeof(config->signin))))
        config->signin[0] = 0;
    /* The wire carries sign-in names as printable ASCII (docs/protocol.md). */
    for (p = config->signin; *p; p++)
        if (*p <= ' ' || *p >= 0x7f) break;
    if (config->signin[0] && (*p || core_signin_validate(config->signin) < 0))
    {
        WARN("Ignoring invalid sign-in name %s.\n", config->signin);
        config->signin[0] = 0;
    }
    if (!read_env("MSGSC_LISTEN", config->listen, sizeof(config->listen)) &&
        !(key && read_reg_string(key, L"ListenAddress", config->listen, sizeof(config->listen))))
        strcpy(config->listen, "0.0.0.0:6891");
    if (!read_env("MSGSC_ALLOW", config->allow, sizeof(config->allow)) &&
        !(key && read_reg_string(key, L"AllowFrom", config->allow, sizeof(config->allow))))
        strcpy(config->allow, "contacts");
    if (!read_env("MSGSC_CONTACTS", config->contacts, sizeof(config->contacts))) config->contacts[0] = 0;
    read_contacts_key(key, config->contacts, sizeof(config->contacts));

    config->invite_timeout_ms = read_number(key, L"InviteTimeout", "MSGSC_INVITE_TIMEOUT_MS", 5 * 60 * 1000);
    config->accept_timeout_ms = read_number(key, L"AcceptTimeout", "MSGSC_ACCEPT_TIMEOUT_MS", 60 * 1000);
    config->idle_ms = read_number(key, L"BrokerIdleTimeout", "MSGSC_BROKER_IDLE_MS", 60 * 1000);
    config->max_messages_per_second = read_number(key, L"MaxMessagesPerSecond", "MSGSC_RATE", 200);
    if (key) RegCloseKey(key);
}

/* Finds name in a ';'-separated list, comparing like sign-in names (ASCII
 * case folding): items are "name=value" when value is given (it receives
 * the value), bare names when value is NULL. */
static BOOL find_entry(const char *list, const char *name, char *value, size_t size)
{
    const char *entry = list;

    while (*entry)
    {
        const char *end = strchr(entry, ';');
        size_t len = end ? (size_t)(end - entry) : strlen(entry);
        char item[512], *equals = NULL;

        if (len < sizeof(item))
        {
            memcpy(item, entry, len);
            item[len] = 0;
            if (value && (equals = strchr(item, '='))) *equals = 0;
            if ((!value || equals) && core_signin_equal(item, name))
            {
                if (!value) return TRUE;
                if (strlen(equals + 1) < size)
                {
                    strcpy(value, equals + 1);
                    return TRUE;
                }
            }
        }
        if (!end) break;
        entry = end + 1;
    }
    return FALSE;
}

BOOL config_split_address(const char *text, char *host, size_t host_size, unsigned short *port)
{
    const char *colon = strrchr(text, ':');
    const char *start = text, *end = colon;
    unsigned long number;
    char *tail;

    if (!colon) return FALSE;
    if (*start == '[')
    {
        start++;
        if (end == start || end[-1] != ']') return FALSE;
        end--;
    }
    if (end <= start || (size_t)(end - start) >= host_size) return FALSE;
    number = strtoul(colon + 1, &tail, 10);
    if (*tail || !colon[1] || !number || number > 65535) return FALSE;
    memcpy(host, start, end - start);
    host[end - start] = 0;
    *port = (unsigned short)number;
    return TRUE;
}

BOOL config_resolve_contact(const struct msgsc_config *config, const char *name, char *host, size_t host_size,
                            unsigned short *port)
{
    char address[256];
    const char *literal;

    if (find_entry(config->contacts, name, address, sizeof(address)))
        return config_split_address(address, host, host_size, port);
    if ((literal = config_literal_address(name))) return config_split_address(literal, host, host_size, port);
    return FALSE;
}

const char *config_literal_address(const char *name)
{
    const char *at = strchr(name, '@');

    return at && strchr(at, ':') ? at + 1 : NULL;
}

BOOL config_allows(const struct msgsc_config *config, const char *name)
{
    char address[256];

    if (!strcmp(config->allow, "*")) return TRUE;
    if (!strcmp(config->allow, "contacts"))
        return find_entry(config->contacts, name, address, sizeof(address));
    return find_entry(config->allow, name, NULL, 0);
}
