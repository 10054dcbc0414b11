/*
 * The commands a person or a script runs: SignIn, SignOut, Invite (rundll32 entry points).
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

#include "msgsc_private.h"
#include "broker/ui.h"
#include "core/xmpp_client.h"
#include "win/config.h"

#include "win/shell.h"

/* rundll32 msgsc.dll,SignIn [/logon | /nologon] [sign-in name]
 * rundll32 msgsc.dll,SignOut
 * rundll32 msgsc.dll,Invite <contact> <{application GUID}> [text]
 *
 * Signing in makes the user's broker the resident agent (docs/agent.md):
 * it stays running, shows its notification icon and answers invitations
 * that no application takes.  Each command exits with 0 on success and 1
 * on failure, with an err: line saying why (MSGSC_DEBUG), so that scripts
 * can use them. */

/* The command line's arguments as UTF-8, at most max of them. */
static int split_arguments(const WCHAR *cmdline, char **out, int max)
{
    WCHAR **argv;
    int argc = 0, i, count = 0;

    if (!cmdline || !cmdline[0]) return 0;
    if (!(argv = shell_command_line_to_argv(cmdline, &argc))) return -1;
    for (i = 0; i < argc && count < max; i++)
    {
        if ((out[count] = utf8_from_bstr(argv[i])))
            count++;
        else
        {
            while (count)
                free(out[--count]);
            count = -1;
            break;
        }
    }
    LocalFree(argv);
    return count;
}

static void free_arguments(char **args, int count)
{
    while (count-- > 0)
        free(args[count]);
}

static enum core_status agent_call(enum service_op op, uint64_t session, int32_t number, const char *text,
                                   const char *data, uint64_t *created)
{
    struct service_request request = {op, session, number, text, data};
    struct service_reply reply;
    enum core_status status = client_call(&request, &reply);

    if (created) *created = reply.session;
    service_reply_clear(&reply);
    if (status < 0) ERR("Op %d: %s.\n", op, core_status_name(status));
    return status;
}

/* The sign-in name SignIn uses: the one given, else the one the person
 * types in the sign-in window, else the configured one.  The window shows
 * when no name is given, except with /logon or /nologon and a configured
 * name: the Run key's "SignIn /logon" signs in at logon without asking.
 * With no window (no desktop) the configured name is used, as before
 * there was a window.  *logon: 1 or 0 to write or remove the sign-in at
 * logon, -1 to leave it; the window's check box sets it.  NULL when the
 * person cancelled. */
static const char *choose_signin(const char *given, const struct msgsc_config *config, char *asked,
                                 size_t size, int *logon, struct ui_password *password)
{
    int at_logon;

    if (given) return given;
    if (*logon >= 0 && config->signin[0]) return config->signin;
    at_logon = *logon >= 0 ? *logon : config_logon_stored();
    switch (ui_ask_signin(config->signin, asked, size, &at_logon, password))
    {
    case 1: *logon = at_logon; return asked;
    case 0: return NULL;
    default: return config->signin;
    }
}

/***********************************************************************
 *      SignInW (msgsc.@)
 */
void WINAPI SignInW(HWND hwnd, HINSTANCE instance, WCHAR *cmdline, int show)
{
    struct msgsc_config *config = calloc(1, sizeof(*config));
    char *args[3] = {NULL, NULL, NULL}, asked[CORE_SIGNIN_MAX_CHARS + 1],
         typed_password[XMPP_PASSWORD_MAX + 1];
    struct ui_password password;
    const char *given = NULL, *signin = NULL;
    int count = split_arguments(cmdline, args, 3), logon = -1, i;
    BOOL ok = FALSE, usage = count < 0 || count > 2;

    (void)hwnd;
    (void)instance;
    (void)show;
    for (i = 0; i < count && !usage; i++)
    {
        if (!_stricmp(args[i], "/logon") || !_stricmp(args[i], "/nologon"))
        {
            usage = logon >= 0;
            logon = !_stricmp(args[i], "/logon");
        }
        else
        {
            usage = given != NULL;
            given = args[i];
        }
    }
    if (usage)
    {
        ERR("Usage: rundll32 msgsc.dll,SignIn [/logon | /nologon] [sign-in name]\n");
        goto done;
    }
    if (!config) goto done;
    config_load(config);
    /* On the XMPP network the window asks for the account's password too
     * (docs/xmpp.md); an empty one keeps the stored one. */
    password.out = typed_password;
    password.size = sizeof(typed_password);
    password.stored = config_xmpp_password(typed_password, sizeof(typed_password));
    typed_password[0] = 0;
    if (!(signin = choose_signin(given, config, asked, sizeof(asked), &logon,
                                 strcmp(config->network, "xmpp") ? NULL : &password)))
        WARN("Cancelled in the sign-in window: nothing changed.\n");
    else if (core_signin_validate(signin) < 0)
        ERR("No valid sign-in name given or configured.\n");
    else if (typed_password[0] && !config_store_xmpp_password(typed_password))
        ERR("Could not store the password.\n");
    else if (!config_store_signin(signin))
        ERR("Could not store the sign-in name.\n");
    else if (logon >= 0 && !config_store_logon(logon))
        ERR("Could not %s the sign-in at logon (the user's Run key).\n", logon ? "write" : "remove");
    else
    {
        /* This process and the agent it starts are that user now. */
        SetEnvironmentVariableA("MSGSC_SIGNIN", signin);
        SetEnvironmentVariableA("MSGSC_AGENT", "1");
        ok = agent_call(SERVICE_OP_AGENT, 0, 1, NULL, NULL, NULL) >= 0;
    }

done:
    SecureZeroMemory(typed_password, sizeof(typed_password));
    free_arguments(args, count);
    free(config);
    ExitProcess(ok ? 0 : 1);
}

/***********************************************************************
 *      SignOutW (msgsc.@)
 */
void WINAPI SignOutW(HWND hwnd, HINSTANCE instance, WCHAR *cmdline, int show)
{
    struct msgsc_config *config = calloc(1, sizeof(*config));
    BOOL ok;

    (void)hwnd;
    (void)instance;
    (void)cmdline;
    (void)show;
    if (config) config_load(config);
    /* A running agent ends its sessions and exits; none is started just to
     * be stopped.  The sign-in name, and with it the sign-in at logon, goes
     * either way. */
    if (config && config->signin[0] && client_broker_running())
        agent_call(SERVICE_OP_AGENT, 0, 0, NULL, NULL, NULL);
    ok = config_store_signin(NULL);
    free(config);
    ExitProcess(ok ? 0 : 1);
}

/***********************************************************************
 *      InviteW (msgsc.@)
 *
 * The agent invites the contact and, on acceptance, launches the
 * application registered here, which then calls GetLaunchingSession.
 */
void WINAPI InviteW(HWND hwnd, HINSTANCE instance, WCHAR *cmdline, int show)
{
    char *args[3] = {NULL, NULL, NULL};
    int count = split_arguments(cmdline, args, 3);
    enum core_status status = CORE_E_INVALIDARG;
    uint64_t session = 0;

    (void)hwnd;
    (void)instance;
    (void)show;
    if (count < 2)
        ERR("Usage: rundll32 msgsc.dll,Invite <contact> <{application GUID}> [text]\n");
    else if ((status = agent_call(SERVICE_OP_CREATE_SESSION, 0, 0, NULL, NULL, &session)) >= 0)
    {
        if ((status = agent_call(SERVICE_OP_PUT_APPLICATION, session, 0, args[1], NULL, NULL)) >= 0 &&
            (status = agent_call(SERVICE_OP_HAND_OVER, session, 0, NULL, NULL, NULL)) >= 0)
            status = agent_call(SERVICE_OP_INVITE, session, 0, args[0], count > 2 ? args[2] : "", NULL);
        agent_call(SERVICE_OP_RELEASE_SESSION, session, 0, NULL, NULL, NULL);
    }
    free_arguments(args, count);
    ExitProcess(status >= 0 ? 0 : 1);
}

/***********************************************************************
 *      SetPasswordW (msgsc.@)
 *
 * rundll32 msgsc.dll,SetPassword <password>: the XMPP account's password,
 * stored for this user with DPAPI (docs/network.md); without an argument
 * it is removed.  The agent uses it at its next start.
 */
void WINAPI SetPasswordW(HWND hwnd, HINSTANCE instance, WCHAR *cmdline, int show)
{
    char *args[1] = {NULL};
    int count = split_arguments(cmdline, args, 1);
    BOOL ok = count >= 0 && config_store_xmpp_password(count ? args[0] : NULL);

    (void)hwnd;
    (void)instance;
    (void)show;
    if (!ok) ERR("The password could not be stored.\n");
    if (count > 0) SecureZeroMemory(args[0], strlen(args[0]));
    free_arguments(args, count);
    ExitProcess(ok ? 0 : 1);
}
