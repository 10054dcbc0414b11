/*
 * The agent's windows: the notification-area icon, its menu and the invitation prompts.
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

#ifndef MSGSC_BROKER_UI_H
#define MSGSC_BROKER_UI_H

#include <stddef.h>
#include <stdint.h>

/* All windows live on one thread of their own (ui_start), so a prompt
 * waiting for the person never holds the broker's lock.  The functions
 * below may be called from any thread, with or without the broker's lock:
 * they copy what they are given and post it to that thread.  The callbacks
 * run on the UI thread, without any lock held.  docs/agent.md describes
 * what the person sees. */

/* What a prompt shows.  Every string is UTF-8 from the network (except
 * app_name when registered here), shown as plain text, never interpreted:
 * invalid UTF-8 shows U+FFFD per bad byte, control characters and the
 * bidirectional overrides and isolates show U+FFFD (so the text cannot
 * reorder what is shown around it), line breaks in text (CR, LF, CRLF)
 * become CRLF, and a string longer than its limit below is cut at a
 * character boundary and ends with UI_TRUNCATED.  NULL counts as "". */
struct ui_invitation
{
    uint64_t session;     /* the service's handle: names the prompt */
    const char *inviter;  /* sign-in name */
    const char *friendly; /* friendly name, or "" when unknown */
    const char *app_name; /* the application's name (local one when registered) */
    const char *app_url;  /* the URL the inviter sent: shown, never opened */
    const char *text;     /* the invitation's text (application data) */
    int registered;       /* 0: the application is not registered here */
};

#define UI_FIELD_MAX_BYTES 1024 /* inviter, friendly, app_name, app_url */
#define UI_TEXT_MAX_BYTES  4096 /* text */
#define UI_TRUNCATED       L" [\x2026]"
/* At most this many prompts are open at once; a prompt beyond them is not
 * shown, and its invitation ends by the timeout, as with no desktop. */
#define UI_PROMPTS_MAX 16

/* The windows' class names and control IDs, for tests in another process
 * that find the windows (FindWindowW, GetDlgItem) and press their buttons.
 * Accept and Decline are IDOK and IDCANCEL, so Enter and Esc reach them
 * through the dialog manager. */
#define UI_PROMPT_CLASS L"msgsc_prompt" /* one per invitation, titled "Invitation from <inviter>" */
#define UI_INVITE_CLASS L"msgsc_invite" /* "Invite someone to <app>", from the menu */
#define UI_AGENT_CLASS  L"msgsc_agent"  /* hidden: owns the icon and the menu */

#define UI_ID_ACCEPT   1 /* IDOK: the prompt's default button; absent when not registered */
#define UI_ID_DECLINE  2 /* IDCANCEL */
#define UI_ID_INVITER  100
#define UI_ID_FRIENDLY 101 /* absent when the friendly name is empty */
#define UI_ID_APP      102
#define UI_ID_URL      103 /* only when not registered */
#define UI_ID_TEXT     104
#define UI_ID_NOTE     105 /* "not installed on this computer", only when not registered */
#define UI_ID_INVITE   1   /* IDOK of the invite window */
#define UI_ID_CANCEL   2   /* IDCANCEL of the invite window */
#define UI_ID_CONTACT  110 /* the invite window's sign-in name */

/* The sign-in window of the SignIn command (ui_ask_signin), titled
 * UI_SIGNIN_TITLE. */
#define UI_SIGNIN_CLASS       L"msgsc_signin"
#define UI_SIGNIN_TITLE       L"Sign in to msgsc"
#define UI_ID_SIGNIN          1   /* IDOK: "Sign in", the default button */
#define UI_ID_SIGNIN_CANCEL   2   /* IDCANCEL */
#define UI_ID_SIGNIN_NAME     120 /* the sign-in name */
#define UI_ID_SIGNIN_LOGON    121 /* check box "Sign me in when I log on to Windows" */
#define UI_ID_SIGNIN_ERROR    122 /* why the name was refused; empty until then */
#define UI_ID_SIGNIN_PASSWORD 123 /* the XMPP account's password (ES_PASSWORD), with Network=xmpp */

/* The notification icon is (hidden window, UI_ICON_ID); it reports to
 * UI_WM_ICON (WM_APP + 1) in the NOTIFYICON_VERSION_4 format.  Menu items:
 * UI_MENU_INVITE + n invites to the n-th registered application (in
 * appstore_list order, at most UI_MENU_APPS_MAX of them). */
#define UI_ICON_ID       1
#define UI_WM_ICON       0x8001
#define UI_MENU_SIGN_OUT 200
#define UI_MENU_EXIT     201
#define UI_MENU_INVITE   300
#define UI_MENU_APPS_MAX 64

struct ui_callbacks
{
    /* The person pressed Accept (accept = 1) or Decline (0), or closed
     * the prompt (0).  The prompt is gone when this runs. */
    void (*answer)(uint64_t session, int accept);
    /* Menu: invite contact to the registered application guid. */
    void (*invite)(const char *guid, const char *contact);
    /* Menu: sign out (the agent ends its sessions and exits). */
    void (*sign_out)(void);
    /* Menu: exit (the agent exits, the sign-in name stays). */
    void (*exit)(void);
};

/* Starts the UI thread and shows the notification icon for signin.
 * Returns 0 when no UI can be shown (no desktop): prompts then answer
 * nothing, and invitations end by their timeout.  A missing notification
 * area is not a failure: the icon appears when a taskbar starts.  One UI
 * at a time; callbacks is copied. */
int ui_start(const struct ui_callbacks *callbacks, const char *signin);

/* Shows a prompt for an invitation; one window per session (a second
 * call for a session with a prompt brings that prompt to the top).  The
 * prompt does not take the keyboard focus: a key meant for another window
 * never answers an invitation.  Does nothing when the UI is not running. */
void ui_show_prompt(const struct ui_invitation *invitation);

/* Closes the prompt of session, if any (the invitation was answered
 * elsewhere, cancelled or timed out); callbacks->answer is not called. */
void ui_close_prompt(uint64_t session);

/* The SignIn command's window, run modally on the calling thread (not the
 * UI thread: SignIn is a short-lived process of its own, and ui_start need
 * not run): asks for a sign-in name, prefilled with current (NULL or ""
 * for none), and whether to sign in at logon, the check box ticked when
 * *at_logon is nonzero.  "Sign in" checks the name with core_signin_check
 * and, when it is not one, says why in the window and keeps it open.
 * Returns 1 with the name in out (at most size bytes with its NUL) and
 * *at_logon set from the check box; 0 when the person cancelled (Cancel,
 * Esc, the close box); -1 when no window can be shown (no desktop).
 * With password (the XMPP network) the window also asks for the account's
 * password: on 1 it is in password->out ("" to keep the stored one, which
 * is allowed only when password->stored). */
struct ui_password
{
    char *out;
    size_t size;
    int stored;
};
int ui_ask_signin(const char *current, char *out, size_t size, int *at_logon, struct ui_password *password);

/* Closes every window without answering, removes the icon and ends the
 * UI thread; waits for it.  Call it before the module unloads, and not
 * while another thread may still call the functions above. */
void ui_stop(void);

#endif
