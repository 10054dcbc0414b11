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

#include <wincrypt.h>

#include "config.h"
#include "module.h"

/* Everything lives under HKCU\Software\msgsc (docs/network.md):
 *   SigninName     REG_SZ    the local identity; none means "not signed in"
 *   ListenAddress  REG_SZ    host:port the broker listens on
 *   AllowFrom      REG_SZ    who may invite: "contacts" (default), "*", or a
 *                            ';'-separated list of sign-in names
 *   InviteTimeout  REG_DWORD milliseconds an invitation waits for an answer
 *   AcceptTimeout  REG_DWORD milliseconds an accepted session waits to connect
 *   BrokerIdleTimeout    REG_DWORD milliseconds before an unused broker exits
 *   MaxMessagesPerSecond REG_DWORD per link; 0 turns the limit off
 *   LinkIdleTimeout      REG_DWORD milliseconds before an idle link closes; 0 never
 *   MaxPendingInvitations REG_DWORD unanswered invitations per peer; 0 no cap
 *   Contacts\<sign-in name> = REG_SZ host:port
 *   LockMode       REG_SZ    "strict" checks lock-and-key responses; anything
 *                            else, or nothing, is the permissive default
 *   LockKeys\<application ID> = REG_SZ that application's key
 *   Agent          REG_DWORD 1: the broker of SigninName stays running (SignIn)
 *   Policy\<{GUID}> = REG_SZ ask, accept or decline: what the agent does
 *                            with an invitation no application took
 *   AutoAccept\<sign-in name> = REG_SZ (any value): invitations from this
 *                            contact that would be asked about are accepted
 * Each has an environment override (MSGSC_SIGNIN, MSGSC_LISTEN, MSGSC_ALLOW,
 * MSGSC_INVITE_TIMEOUT_MS, MSGSC_LINK_IDLE_MS, MSGSC_MAX_PENDING, MSGSC_CONTACTS
 * as "name=host:port;...", MSGSC_LOCK_MODE, MSGSC_LOCK_KEYS as "id=key;...", MSGSC_AGENT,
 * MSGSC_POLICY as "{GUID}=accept;...", MSGSC_AUTO_ACCEPT as "name;name";
 * docs/network.md and docs/lock.md have them all), so that tests and
 * several identities can share one Wine prefix.
 *
 * Signing in at logon is the value msgsc of the user's Run key (run_key),
 * which only SignIn and signing out write (config_store_logon). */

static const WCHAR config_key[] = L"Software\\msgsc";
static const WCHAR run_key[] = L"Software\\Microsoft\\Windows\\CurrentVersion\\Run", run_value[] = L"msgsc";

static BOOL read_env(const char *name, char *out, size_t size)
{
    DWORD len = GetEnvironmentVariableA(name, out, (DWORD)size);

    if (len >= size) ERR("%s is longer than %u bytes; ignored.\n", name, (unsigned int)size - 1);
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

/* Appends the "name=value" entries of a subkey of HKCU\Software\msgsc
 * (Contacts, LockKeys); what does not fit in the list, or cannot be written
 * in it, is dropped and said so, by name only (a value may be a key). */
static void read_list_key(HKEY key, const WCHAR *subkey, char *out, size_t size)
{
    WCHAR name[CORE_SIGNIN_MAX_CHARS + 1], value[CONTACTS_ADDRESS_MAX + 1];
    DWORD index, name_len, bytes, type;
    HKEY list;

    if (!key || RegOpenKeyExW(key, subkey, 0, KEY_READ, &list)) return;
    for (index = 0;; index++)
    {
        char name8[4 * ARRAY_SIZE(name)], value8[4 * ARRAY_SIZE(value)];
        enum core_status status;

        name_len = ARRAY_SIZE(name);
        bytes = sizeof(value) - sizeof(WCHAR);
        if (RegEnumValueW(list, index, name, &name_len, NULL, &type, (BYTE *)value, &bytes)) break;
        if (type != REG_SZ) continue;
        value[bytes / sizeof(WCHAR)] = 0;
        WideCharToMultiByte(CP_UTF8, 0, name, -1, name8, sizeof(name8), NULL, NULL);
        WideCharToMultiByte(CP_UTF8, 0, value, -1, value8, sizeof(value8), NULL, NULL);
        if ((status = contacts_append(out, size, name8, value8)) < 0)
            ERR("%s\\%s dropped: %s.\n", debugstr_w(subkey), name8,
                status == CORE_E_TOO_LONG ? "the list is full" : "not a valid entry");
    }
    RegCloseKey(list);
}

/* Appends the value names of a subkey (AutoAccept) as a ';' list of bare
 * names; what does not fit is dropped and said so. */
static void read_name_key(HKEY key, const WCHAR *subkey, char *out, size_t size)
{
    WCHAR name[CORE_SIGNIN_MAX_CHARS + 1];
    DWORD index, name_len;
    HKEY list;

    if (!key || RegOpenKeyExW(key, subkey, 0, KEY_READ, &list)) return;
    for (index = 0;; index++)
    {
        char name8[4 * ARRAY_SIZE(name)];
        size_t len = strlen(out);

        name_len = ARRAY_SIZE(name);
        if (RegEnumValueW(list, index, name, &name_len, NULL, NULL, NULL, NULL)) break;
        WideCharToMultiByte(CP_UTF8, 0, name, -1, name8, sizeof(name8), NULL, NULL);
        if (!name8[0] || strchr(name8, ';') || len + !!len + strlen(name8) >= size)
        {
            ERR("%s\\%s dropped: %s.\n", debugstr_w(subkey), name8, name8[0] ? "no room" : "empty");
            continue;
        }
        snprintf(out + len, size - len, "%s%s", len ? ";" : "", name8);
    }
    RegCloseKey(list);
}

void config_load(struct msgsc_config *config)
{
    HKEY key = NULL;

    memset(config, 0, sizeof(*config));
    if (RegOpenKeyExW(HKEY_CURRENT_USER, config_key, 0, KEY_READ, &key)) key = NULL;

    if (!read_env("MSGSC_SIGNIN", config->signin, sizeof(config->signin)) &&
        !(key && read_reg_string(key, L"SigninName", config->signin, sizeof(config->signin))))
        config->signin[0] = 0;
    if (config->signin[0] && core_signin_validate(config->signin) < 0)
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
    read_list_key(key, L"Contacts", config->contacts, sizeof(config->contacts));

    config->invite_timeout_ms = read_number(key, L"InviteTimeout", "MSGSC_INVITE_TIMEOUT_MS", 5 * 60 * 1000);
    config->accept_timeout_ms = read_number(key, L"AcceptTimeout", "MSGSC_ACCEPT_TIMEOUT_MS", 60 * 1000);
    config->idle_ms = read_number(key, L"BrokerIdleTimeout", "MSGSC_BROKER_IDLE_MS", 60 * 1000);
    config->max_messages_per_second = read_number(key, L"MaxMessagesPerSecond", "MSGSC_RATE", 200);
    config->link_idle_ms = read_number(key, L"LinkIdleTimeout", "MSGSC_LINK_IDLE_MS", 5 * 60 * 1000);
    config->max_pending_invitations = read_number(key, L"MaxPendingInvitations", "MSGSC_MAX_PENDING", 8);
    /* Resident is what SignIn made of the user's own sign-in name: an
     * identity given by the environment (tests, several identities in one
     * prefix) stays on demand unless its environment says otherwise. */
    {
        char stored[CORE_SIGNIN_MAX_CHARS + 1], env[8];
        DWORD agent = 0, type, bytes = sizeof(agent);

        if (read_env("MSGSC_AGENT", env, sizeof(env)))
            config->resident = strcmp(env, "0") != 0;
        else
            config->resident = key && !RegQueryValueExW(key, L"Agent", NULL, &type, (BYTE *)&agent, &bytes) &&
                               type == REG_DWORD && agent &&
                               read_reg_string(key, L"SigninName", stored, sizeof(stored)) &&
                               core_signin_equal(stored, config->signin);
    }
    if (!read_env("MSGSC_NETWORK", config->network, sizeof(config->network)) &&
        !(key && read_reg_string(key, L"Network", config->network, sizeof(config->network))))
        strcpy(config->network, "direct");
    if (strcmp(config->network, "direct") && strcmp(config->network, "xmpp"))
    {
        WARN("Unknown network %s: using direct.\n", config->network);
        strcpy(config->network, "direct");
    }
    if (!read_env("MSGSC_XMPP_SERVER", config->xmpp_server, sizeof(config->xmpp_server)) &&
        !(key && read_reg_string(key, L"XmppServer", config->xmpp_server, sizeof(config->xmpp_server))))
        config->xmpp_server[0] = 0;
    if (!read_env("MSGSC_XMPP_PIN", config->xmpp_pin, sizeof(config->xmpp_pin)) &&
        !(key && read_reg_string(key, L"XmppCertificateSha256", config->xmpp_pin, sizeof(config->xmpp_pin))))
        config->xmpp_pin[0] = 0;
    {
        char env[8];

        config->xmpp_plaintext =
            read_env("MSGSC_XMPP_PLAINTEXT", env, sizeof(env)) && !strcmp(env, "1") &&
            (!strncmp(config->xmpp_server, "127.", 4) || !strncmp(config->xmpp_server, "[::1]", 5));
    }
    if (!read_env("MSGSC_POLICY", config->policies, sizeof(config->policies))) config->policies[0] = 0;
    read_list_key(key, L"Policy", config->policies, sizeof(config->policies));
    if (!read_env("MSGSC_AUTO_ACCEPT", config->auto_accept, sizeof(config->auto_accept)))
        config->auto_accept[0] = 0;
    read_name_key(key, L"AutoAccept", config->auto_accept, sizeof(config->auto_accept));
    if (key) RegCloseKey(key);
}

BOOL config_store_signin(const char *signin)
{
    WCHAR name[CORE_SIGNIN_MAX_CHARS + 1];
    DWORD resident = 1;
    HKEY key;
    BOOL ok;

    if (RegCreateKeyExW(HKEY_CURRENT_USER, config_key, 0, NULL, 0, KEY_SET_VALUE, NULL, &key, NULL))
        return FALSE;
    if (!signin)
    {
        RegDeleteValueW(key, L"SigninName");
        RegDeleteValueW(key, L"Agent");
        RegCloseKey(key);
        /* Signed out is signed out at the next logon too: the Run value
         * would sign in again with no name, or an old one. */
        return config_store_logon(FALSE);
    }
    ok = MultiByteToWideChar(CP_UTF8, 0, signin, -1, name, ARRAY_SIZE(name)) > 0 &&
         !RegSetValueExW(key, L"SigninName", 0, REG_SZ, (const BYTE *)name,
                         (lstrlenW(name) + 1) * sizeof(WCHAR)) &&
         !RegSetValueExW(key, L"Agent", 0, REG_DWORD, (const BYTE *)&resident, sizeof(resident));
    RegCloseKey(key);
    return ok;
}

/* "<system>\\rundll32.exe" "<this DLL>",SignIn /logon.  The rundll32 is the
 * one of the DLL's own architecture, as for the local server
 * (src/com/register.c): a 32-bit DLL names SysWOW64's where there is one,
 * since on 64-bit Windows the shell that runs the Run key is 64-bit, and
 * the rundll32 it finds in System32 could not load a 32-bit DLL. */
static BOOL logon_command(WCHAR *command, size_t chars)
{
    WCHAR system[MAX_PATH], module[MAX_PATH];
    UINT len = 0;
    DWORD module_len;
    int written;

#ifndef _WIN64
    len = GetSystemWow64DirectoryW(system, ARRAY_SIZE(system));
#endif
    if (!len) len = GetSystemDirectoryW(system, ARRAY_SIZE(system));
    module_len = GetModuleFileNameW(msgsc_instance, module, ARRAY_SIZE(module));
    if (!len || len >= ARRAY_SIZE(system) || !module_len || module_len >= ARRAY_SIZE(module)) return FALSE;
    written = _snwprintf(command, chars, L"\"%ls\\rundll32.exe\" \"%ls\",SignIn /logon", system, module);
    return written > 0 && (size_t)written < chars;
}

BOOL config_store_logon(BOOL at_logon)
{
    WCHAR command[2 * MAX_PATH + 64];
    LSTATUS status;
    HKEY key;

    if (!at_logon)
    {
        /* Nothing to remove is no failure, and no Run key is made for it. */
        if ((status = RegOpenKeyExW(HKEY_CURRENT_USER, run_key, 0, KEY_SET_VALUE, &key)))
            return status == ERROR_FILE_NOT_FOUND;
        status = RegDeleteValueW(key, run_value);
        RegCloseKey(key);
        return !status || status == ERROR_FILE_NOT_FOUND;
    }
    if (!logon_command(command, ARRAY_SIZE(command)) ||
        RegCreateKeyExW(HKEY_CURRENT_USER, run_key, 0, NULL, 0, KEY_SET_VALUE, NULL, &key, NULL))
        return FALSE;
    status = RegSetValueExW(key, run_value, 0, REG_SZ, (const BYTE *)command,
                            (lstrlenW(command) + 1) * sizeof(WCHAR));
    RegCloseKey(key);
    TRACE("%s: %ld.\n", debugstr_w(command), status);
    return !status;
}

BOOL config_logon_stored(void)
{
    HKEY key;
    BOOL stored;

    if (RegOpenKeyExW(HKEY_CURRENT_USER, run_key, 0, KEY_QUERY_VALUE, &key)) return FALSE;
    stored = !RegQueryValueExW(key, run_value, NULL, NULL, NULL, NULL);
    RegCloseKey(key);
    return stored;
}

void config_load_lock(struct lock_config *config)
{
    char mode[32];
    HKEY key = NULL;

    memset(config, 0, sizeof(*config));
    if (RegOpenKeyExW(HKEY_CURRENT_USER, config_key, 0, KEY_READ, &key)) key = NULL;

    if (read_env("MSGSC_LOCK_MODE", mode, sizeof(mode)) ||
        (key && read_reg_string(key, L"LockMode", mode, sizeof(mode))))
    {
        config->strict = core_ascii_equal_n(mode, strlen(mode), "strict", strlen("strict"));
        if (!config->strict && !core_ascii_equal_n(mode, strlen(mode), "permissive", strlen("permissive")))
            WARN("Unknown lock mode %s; lock and key stays permissive.\n", mode);
    }
    if (!read_env("MSGSC_LOCK_KEYS", config->keys, sizeof(config->keys))) config->keys[0] = 0;
    read_list_key(key, L"LockKeys", config->keys, sizeof(config->keys));
    TRACE("Lock and key is %s.\n", config->strict ? "strict" : "permissive");
    if (key) RegCloseKey(key);
}

/* crypt32's DPAPI, loaded when a password is read or stored. */
static BOOL dpapi(BOOL protect, DATA_BLOB *in, DATA_BLOB *out)
{
    static BOOL(WINAPI * protect_data)(DATA_BLOB *, const WCHAR *, DATA_BLOB *, void *, void *, DWORD,
                                       DATA_BLOB *);
    static BOOL(WINAPI * unprotect_data)(DATA_BLOB *, WCHAR **, DATA_BLOB *, void *, void *, DWORD,
                                         DATA_BLOB *);
    HMODULE crypt32;

    if (!protect_data && (crypt32 = LoadLibraryW(L"crypt32.dll")))
    {
        unprotect_data = (void *)GetProcAddress(crypt32, "CryptUnprotectData");
        protect_data = (void *)GetProcAddress(crypt32, "CryptProtectData");
    }
    if (!protect_data || !unprotect_data) return FALSE;
    return protect
               ? protect_data(in, L"msgsc XMPP password", NULL, NULL, NULL, CRYPTPROTECT_UI_FORBIDDEN, out)
               : unprotect_data(in, NULL, NULL, NULL, NULL, CRYPTPROTECT_UI_FORBIDDEN, out);
}

BOOL config_xmpp_password(char *out, size_t size)
{
    BYTE sealed[4096];
    DWORD type, bytes = sizeof(sealed);
    DATA_BLOB in, plain = {0};
    BOOL ok = FALSE;
    HKEY key;

    if (read_env("MSGSC_XMPP_PASSWORD", out, size)) return TRUE;
    out[0] = 0;
    if (RegOpenKeyExW(HKEY_CURRENT_USER, config_key, 0, KEY_READ, &key)) return FALSE;
    if (!RegQueryValueExW(key, L"XmppPassword", NULL, &type, sealed, &bytes) && type == REG_BINARY)
    {
        in.pbData = sealed;
        in.cbData = bytes;
        if (dpapi(FALSE, &in, &plain) && plain.cbData < size && !memchr(plain.pbData, 0, plain.cbData))
        {
            memcpy(out, plain.pbData, plain.cbData);
            out[plain.cbData] = 0;
            ok = TRUE;
        }
        if (plain.pbData)
        {
            SecureZeroMemory(plain.pbData, plain.cbData);
            LocalFree(plain.pbData);
        }
    }
    RegCloseKey(key);
    return ok;
}

BOOL config_store_xmpp_password(const char *password)
{
    DATA_BLOB in, sealed = {0};
    LSTATUS removed;
    BOOL ok;
    HKEY key;

    if (RegCreateKeyExW(HKEY_CURRENT_USER, config_key, 0, NULL, 0, KEY_SET_VALUE, NULL, &key, NULL))
        return FALSE;
    if (!password)
    {
        removed = RegDeleteValueW(key, L"XmppPassword");
        RegCloseKey(key);
        return !removed || removed == ERROR_FILE_NOT_FOUND;
    }
    in.pbData = (BYTE *)password;
    in.cbData = (DWORD)strlen(password);
    ok = dpapi(TRUE, &in, &sealed) &&
         !RegSetValueExW(key, L"XmppPassword", 0, REG_BINARY, sealed.pbData, sealed.cbData);
    if (sealed.pbData) LocalFree(sealed.pbData);
    RegCloseKey(key);
    return ok;
}
