/*
 * The signed-in identity and the network settings: registry, overridden by the environment.
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

#ifndef MSGSC_WIN_CONFIG_H
#define MSGSC_WIN_CONFIG_H

#include <stdint.h>
#include <windows.h>

#include "core/contacts.h"
#include "core/text.h"

/* docs/network.md lists every setting. */
struct msgsc_config
{
    char signin[CORE_SIGNIN_MAX_CHARS + 1]; /* "" when not signed in */
    char listen[64];                        /* host:port */
    char allow[1024];                       /* "contacts", "*" or names separated by ';' */
    char contacts[8192];                    /* "name=host:port;..." */
    uint32_t invite_timeout_ms, accept_timeout_ms, idle_ms, max_messages_per_second;
    uint32_t link_idle_ms;            /* 0: links never time out */
    uint32_t max_pending_invitations; /* per peer; 0: no cap */
    /* The agent (docs/agent.md): what it does with an invitation no
     * application took (core/policy.h), and whether it stays running
     * while nothing uses it (signed in with SignIn). */
    char policies[2048];    /* "{GUID}=ask|accept|decline;..." */
    char auto_accept[1024]; /* sign-in names separated by ';' */
    int resident;
    /* The network (docs/network.md): "direct" (TCP links, the default) or
     * "xmpp" (the sign-in name is the account's JID). */
    char network[16];
    char xmpp_server[256]; /* host:port; "" for the JID's domain, port 5222 */
    char xmpp_pin[65];     /* the server certificate's SHA-256 in hex, or "" */
    /* Tests only: a server without STARTTLS is used in plaintext, and only
     * when xmpp_server is a loopback address. */
    int xmpp_plaintext;
};

/* The XMPP account's password: MSGSC_XMPP_PASSWORD (tests), else the
 * value XmppPassword of HKCU\Software\msgsc, protected for the user with
 * DPAPI (CryptProtectData).  FALSE when there is none or it cannot be
 * unprotected.  Never traced. */
BOOL config_xmpp_password(char *out, size_t size);
/* Stores it so (NULL removes it).  FALSE when it cannot. */
BOOL config_store_xmpp_password(const char *password);

/* Signing in and out (the SignIn and SignOut commands): the sign-in name
 * and the resident flag in HKCU\Software\msgsc.  signin NULL signs out
 * (removes both, and the sign-in at logon).  FALSE when the registry cannot
 * be written. */
BOOL config_store_signin(const char *signin);

/* Signing in at logon (docs/agent.md): the value msgsc of
 * HKCU\Software\Microsoft\Windows\CurrentVersion\Run, the command
 * "<system>\rundll32.exe" "<this DLL>",SignIn /logon, which signs in with
 * the stored name without asking.  at_logon FALSE removes it (no value is
 * no failure).  FALSE when the registry cannot be written. */
BOOL config_store_logon(BOOL at_logon);

/* Whether the Run key has that value (for any DLL). */
BOOL config_logon_stored(void);

/* The contact list and AllowFrom are read with core/contacts.h. */
void config_load(struct msgsc_config *config);

/* Lock and key (docs/lock.md): permissive unless LockMode is "strict". */
struct lock_config
{
    int strict;
    char keys[4096]; /* "id=key;...", read with contacts_find; from the registry,
                      * IDs up to CORE_SIGNIN_MAX_CHARS, keys up to CONTACTS_ADDRESS_MAX */
};

void config_load_lock(struct lock_config *config);

#endif
