/*
 * The invitation prompts: one window per invitation, Accept or Decline.
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

#include "win/platform.h"

#include "ui_private.h"

/* What the window shows, converted on the caller's thread (ui_text), so
 * the UI thread only makes windows. */
struct prompt
{
    struct list entry; /* in prompts, once shown */
    HWND window;
    uint64_t session;
    BOOL registered;
    WCHAR *inviter, *friendly, *app, *url, *text;
};

static struct list prompts = {&prompts, &prompts};
static unsigned int prompt_count;

/* Dialog units; the labels' column and the values' column. */
#define WIDTH       250
#define MARGIN      7
#define VALUE_X     60
#define VALUE_WIDTH (WIDTH - MARGIN - VALUE_X)
#define FULL_WIDTH  (WIDTH - 2 * MARGIN)
#define BUTTON_W    50
#define BUTTON_H    14

void prompt_free(struct prompt *prompt)
{
    free(prompt->inviter);
    free(prompt->friendly);
    free(prompt->app);
    free(prompt->url);
    free(prompt->text);
    free(prompt);
}

struct prompt *prompt_create(const struct ui_invitation *invitation)
{
    struct prompt *prompt;

    if (!(prompt = calloc(1, sizeof(*prompt)))) return NULL;
    list_init(&prompt->entry);
    prompt->session = invitation->session;
    prompt->registered = !!invitation->registered;
    if (!(prompt->inviter = ui_text(invitation->inviter, UI_FIELD_MAX_BYTES, FALSE)) ||
        !(prompt->friendly = ui_text(invitation->friendly, UI_FIELD_MAX_BYTES, FALSE)) ||
        !(prompt->app = ui_text(invitation->app_name, UI_FIELD_MAX_BYTES, FALSE)) ||
        !(prompt->url = ui_text(invitation->app_url, UI_FIELD_MAX_BYTES, FALSE)) ||
        !(prompt->text = ui_text(invitation->text, UI_TEXT_MAX_BYTES, TRUE)))
    {
        prompt_free(prompt);
        return NULL;
    }
    return prompt;
}

static struct prompt *find_prompt(uint64_t session)
{
    struct list *cursor;

    for (cursor = prompts.next; cursor != &prompts; cursor = cursor->next)
    {
        struct prompt *prompt = CONTAINING_RECORD(cursor, struct prompt, entry);
        if (prompt->session == session) return prompt;
    }
    return NULL;
}

/* A label and its value on one row: the value is a read-only edit
 * without a border, which looks like a label but shows its text as it
 * is (no '&' mnemonics) and lets the person select and scroll it. */
static void add_row(HWND window, int *y, const WCHAR *label, int id, const WCHAR *value)
{
    ui_control(window, L"Static", label, SS_LEFT | SS_NOPREFIX, -1, MARGIN, *y + 1, VALUE_X - MARGIN - 2, 8);
    ui_control(window, L"Edit", value, ES_READONLY | ES_AUTOHSCROLL, id, VALUE_X, *y, VALUE_WIDTH, 10);
    *y += 12;
}

/* The person's answer: the window goes first, so that a second click
 * cannot answer twice, then the broker hears it. */
static void answer(struct prompt *prompt, BOOL accept)
{
    uint64_t session = prompt->session;

    TRACE("Session %#I64x, accept %d.\n", session, accept);
    DestroyWindow(prompt->window);
    if (ui_callbacks.answer) ui_callbacks.answer(session, accept);
}

void prompt_show(struct prompt *prompt)
{
    uint64_t session = prompt->session;
    struct prompt *shown;
    WCHAR *title;
    HWND window;
    int y = MARGIN;

    if ((shown = find_prompt(session)))
    {
        SetWindowPos(shown->window, HWND_TOP, 0, 0, 0, 0, SWP_NOMOVE | SWP_NOSIZE | SWP_NOACTIVATE);
        prompt_free(prompt);
        return;
    }
    if (prompt_count >= UI_PROMPTS_MAX)
    {
        WARN("Already %u prompts; session %#I64x is not shown.\n", prompt_count, session);
        prompt_free(prompt);
        return;
    }
    /* Listed first: from WM_NCCREATE on the window owns the prompt, and
     * WM_NCDESTROY unlists and frees it. */
    list_add_tail(&prompts, &prompt->entry);
    prompt_count++;
    title = ui_title(L"Invitation from ", prompt->inviter);
    window = title ? ui_dialog_create(UI_PROMPT_CLASS, title, prompt) : NULL;
    free(title);
    if (!window)
    {
        WARN("No prompt for session %#I64x, error %lu.\n", session, GetLastError());
        /* Still listed unless a window was made and destroyed again. */
        if (find_prompt(session) == prompt)
        {
            list_remove(&prompt->entry);
            prompt_count--;
            prompt_free(prompt);
        }
        return;
    }

    add_row(window, &y, L"From:", UI_ID_INVITER, prompt->inviter);
    if (*prompt->friendly) add_row(window, &y, L"Name:", UI_ID_FRIENDLY, prompt->friendly);
    add_row(window, &y, L"Application:", UI_ID_APP, prompt->app);
    y += 3;
    if (!prompt->registered)
    {
        ui_control(window, L"Static",
                   L"This application is not installed on this computer, so the invitation can only be "
                   L"declined. The inviter gave this address for it; it is shown here, never opened:",
                   SS_LEFT | SS_NOPREFIX, UI_ID_NOTE, MARGIN, y, FULL_WIDTH, 24);
        y += 26;
        ui_control(window, L"Edit", prompt->url, WS_BORDER | WS_TABSTOP | ES_READONLY | ES_AUTOHSCROLL,
                   UI_ID_URL, MARGIN, y, FULL_WIDTH, 12);
        y += 17;
    }
    ui_control(window, L"Static", L"Message:", SS_LEFT | SS_NOPREFIX, -1, MARGIN, y, FULL_WIDTH, 8);
    y += 10;
    /* An edit, not a rich or HTML control: the inviter's text is shown
     * as the characters it is, and a long one scrolls. */
    ui_control(window, L"Edit", prompt->text,
               WS_BORDER | WS_TABSTOP | WS_VSCROLL | ES_MULTILINE | ES_READONLY | ES_AUTOVSCROLL, UI_ID_TEXT,
               MARGIN, y, FULL_WIDTH, 64);
    y += 64 + MARGIN;
    if (prompt->registered)
        ui_control(window, L"Button", L"&Accept", WS_TABSTOP | BS_DEFPUSHBUTTON, UI_ID_ACCEPT,
                   WIDTH - MARGIN - 2 * BUTTON_W - 4, y, BUTTON_W, BUTTON_H);
    ui_control(window, L"Button", L"&Decline", WS_TABSTOP | (prompt->registered ? 0 : BS_DEFPUSHBUTTON),
               UI_ID_DECLINE, WIDTH - MARGIN - BUTTON_W, y, BUTTON_W, BUTTON_H);
    SendMessageW(window, DM_SETDEFID, prompt->registered ? UI_ID_ACCEPT : UI_ID_DECLINE, 0);

    /* Not activated: typing in another window must not answer it. */
    ui_dialog_show(window, WIDTH, y + BUTTON_H + MARGIN, (prompt_count - 1) % 8, SW_SHOWNOACTIVATE);
    FlashWindow(window, TRUE);
}

void prompt_close(uint64_t session)
{
    struct prompt *prompt = find_prompt(session);

    if (prompt) DestroyWindow(prompt->window);
}

void prompt_close_all(void)
{
    while (prompts.next != &prompts)
        DestroyWindow(CONTAINING_RECORD(prompts.next, struct prompt, entry)->window);
}

LRESULT CALLBACK prompt_proc(HWND window, UINT msg, WPARAM wparam, LPARAM lparam)
{
    struct prompt *prompt = (struct prompt *)GetWindowLongPtrW(window, DWLP_USER);

    if (msg == WM_NCCREATE)
    {
        prompt = ((CREATESTRUCTW *)lparam)->lpCreateParams;
        prompt->window = window;
        SetWindowLongPtrW(window, DWLP_USER, (LONG_PTR)prompt);
    }
    if (!prompt) return DefDlgProcW(window, msg, wparam, lparam);
    switch (msg)
    {
    case WM_COMMAND:
        /* Enter and Esc arrive as IDOK and IDCANCEL from the dialog
         * manager; IDOK accepts only where there is an Accept button. */
        if (HIWORD(wparam) != BN_CLICKED) break;
        if (LOWORD(wparam) == UI_ID_ACCEPT && prompt->registered)
            answer(prompt, TRUE);
        else if (LOWORD(wparam) == UI_ID_DECLINE)
            answer(prompt, FALSE);
        return 0;
    case WM_CLOSE: answer(prompt, FALSE); return 0;
    case WM_NCDESTROY:
        list_remove(&prompt->entry);
        prompt_count--;
        prompt_free(prompt);
        break;
    }
    return DefDlgProcW(window, msg, wparam, lparam);
}
