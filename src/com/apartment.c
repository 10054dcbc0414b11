/*
 * Apartments: per-thread message-only windows that run posted tasks (event delivery).
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

/* Events reach a client on the thread that created the object, never inside
 * the call that caused them (spec 3.4).  Each thread that creates objects
 * gets one apartment: a message-only window whose procedure runs the tasks
 * posted to it, from any thread, in order.  The client's own message loop
 * (or apartment_pump()) delivers them.
 *
 * Lifetime: objects and posted tasks hold references; the last release
 * destroys the window on its own thread (directly, or by a message when
 * released elsewhere).  Each apartment is a module lock, so DllCanUnloadNow
 * says S_OK only when no window with our window procedure is left. */
struct apartment
{
    LONG ref;
    DWORD thread_id;
    HWND window;
    struct list entry; /* in apartments, while alive */
};

struct apartment_task_node
{
    struct apartment *apartment; /* a reference, so the window outlives the task */
    apartment_task task;
    void *arg;
};

#define WM_APARTMENT_TASK    (WM_APP + 1) /* lParam: struct apartment_task_node * */
#define WM_APARTMENT_DESTROY (WM_APP + 2) /* lParam: the dead struct apartment * */

static const WCHAR apartment_class[] = L"msgsc_apartment";

static struct list apartments = {&apartments, &apartments};
static SRWLOCK apartments_lock = SRWLOCK_INIT;
static SRWLOCK class_lock = SRWLOCK_INIT;

static void apartment_free(struct apartment *apartment)
{
    DestroyWindow(apartment->window);
    free(apartment);
    unlock_module();
}

static LRESULT CALLBACK apartment_wndproc(HWND window, UINT message, WPARAM wparam, LPARAM lparam)
{
    switch (message)
    {
    case WM_APARTMENT_TASK:
    {
        struct apartment_task_node *node = (struct apartment_task_node *)lparam;
        struct apartment *apartment = node->apartment;

        node->task(node->arg);
        free(node);
        /* May be the last reference: the window is destroyed from inside its
         * own procedure, which Windows allows; nothing touches it after. */
        apartment_release(apartment);
        return 0;
    }
    case WM_APARTMENT_DESTROY: apartment_free((struct apartment *)lparam); return 0;
    }
    return DefWindowProcW(window, message, wparam, lparam);
}

/* The class's atom, once registered by this load of the DLL; class_lock. */
static ATOM apartment_atom;

/* class_lock held. */
static ATOM register_class(void)
{
    WNDCLASSEXW class = {0};
    ATOM atom;

    class.cbSize = sizeof(class);
    /* Classes a DLL registers survive its unloading: drop a stale one left
     * by an earlier load (its windows died with the module's last lock). */
    UnregisterClassW(apartment_class, msgsc_instance);
    class.lpfnWndProc = apartment_wndproc;
    class.hInstance = msgsc_instance;
    class.lpszClassName = apartment_class;
    if (!(atom = RegisterClassExW(&class)))
    {
        WNDCLASSEXW existing = {0};

        /* A window of the earlier load may still await its destroy message,
         * keeping that class alive; reloaded at the same address, it is the
         * same class and serves as well. */
        existing.cbSize = sizeof(existing);
        if (GetLastError() == ERROR_CLASS_ALREADY_EXISTS &&
            (atom = GetClassInfoExW(msgsc_instance, apartment_class, &existing)) &&
            existing.lpfnWndProc == apartment_wndproc)
            return atom;
        ERR("RegisterClassEx failed, error %lu.\n", GetLastError());
        return 0;
    }
    return atom;
}

/* How long a thread that saw a half-made desktop waits for the desktop to
 * be finished, in ms (see create_window). */
#define HALF_MADE_DESKTOP_WAIT 3000

/* Wine 8 keeps, per thread, the desktop and message windows its first
 * window call saw.  A thread whose first call falls while explorer is making
 * the desktop (between the desktop window and the message window, as in a
 * process started with the prefix's explorer) keeps "no message window" for
 * good, and without a display driver every HWND_MESSAGE window of that
 * thread fails, with no error set.  SetThreadDesktop to the thread's own
 * desktop drops what the thread kept (and is allowed on Windows however many
 * windows the thread has); the window is then tried again until the desktop
 * is finished. */
static HWND create_window(void)
{
    DWORD start = GetTickCount();
    HWND window;
    ATOM atom;

    AcquireSRWLockExclusive(&class_lock);
    if (!apartment_atom) apartment_atom = register_class();
    atom = apartment_atom;
    ReleaseSRWLockExclusive(&class_lock);
    if (!atom) return NULL;
    for (;;)
    {
        SetLastError(ERROR_SUCCESS);
        window = CreateWindowExW(0, (const WCHAR *)(ULONG_PTR)atom, NULL, 0, 0, 0, 0, 0, HWND_MESSAGE, NULL,
                                 msgsc_instance, NULL);
        if (window || GetTickCount() - start >= HALF_MADE_DESKTOP_WAIT) return window;
        WARN("CreateWindowEx failed, error %lu; trying again on a fresh view of the desktop.\n",
             GetLastError());
        SetThreadDesktop(GetThreadDesktop(GetCurrentThreadId()));
        Sleep(10);
    }
}

BOOL apartment_prepare_thread(void)
{
    HWND window = create_window();

    if (window) DestroyWindow(window);
    return window != NULL;
}

/* The calling thread's live apartment, with a reference, or NULL. */
static struct apartment *find_apartment(void)
{
    DWORD thread_id = GetCurrentThreadId();
    struct apartment *found = NULL;
    struct list *cursor;

    AcquireSRWLockShared(&apartments_lock);
    for (cursor = apartments.next; cursor != &apartments; cursor = cursor->next)
    {
        struct apartment *apartment = CONTAINING_RECORD(cursor, struct apartment, entry);

        /* A thread id can be reused after its thread (and window) died. */
        if (apartment->thread_id != thread_id ||
            GetWindowThreadProcessId(apartment->window, NULL) != thread_id)
            continue;
        if (addref_if_alive(&apartment->ref))
        {
            found = apartment;
            break;
        }
    }
    ReleaseSRWLockShared(&apartments_lock);
    return found;
}

struct apartment *apartment_get(void)
{
    struct apartment *apartment;

    if ((apartment = find_apartment())) return apartment;

    if (!(apartment = calloc(1, sizeof(*apartment)))) return NULL;
    apartment->ref = 1;
    apartment->thread_id = GetCurrentThreadId();
    if (!(apartment->window = create_window()))
    {
        ERR("CreateWindowEx failed, error %lu.\n", GetLastError());
        free(apartment);
        return NULL;
    }
    lock_module();

    /* Only this thread creates apartments for itself, so no duplicate can
     * have appeared since find_apartment(). */
    AcquireSRWLockExclusive(&apartments_lock);
    list_add_tail(&apartments, &apartment->entry);
    ReleaseSRWLockExclusive(&apartments_lock);

    TRACE("Created apartment %p, window %p, thread %04lx.\n", apartment, apartment->window,
          apartment->thread_id);
    return apartment;
}

void apartment_addref(struct apartment *apartment)
{
    InterlockedIncrement(&apartment->ref);
}

void apartment_release(struct apartment *apartment)
{
    if (!apartment || InterlockedDecrement(&apartment->ref)) return;

    AcquireSRWLockExclusive(&apartments_lock);
    list_remove(&apartment->entry);
    ReleaseSRWLockExclusive(&apartments_lock);

    TRACE("Destroying apartment %p.\n", apartment);
    if (GetCurrentThreadId() == apartment->thread_id)
    {
        apartment_free(apartment);
        return;
    }
    /* A window can only be destroyed by its own thread. */
    if (PostMessageW(apartment->window, WM_APARTMENT_DESTROY, 0, (LPARAM)apartment)) return;
    if (GetLastError() == ERROR_INVALID_WINDOW_HANDLE)
    {
        /* The owner thread has ended, taking its window with it. */
        free(apartment);
        unlock_module();
        return;
    }
    /* The window lives on with our procedure: keep the module lock (and
     * the memory) so the DLL is never unloaded under it. */
    ERR("Could not post the destruction of window %p, error %lu; leaking it.\n", apartment->window,
        GetLastError());
}

HRESULT apartment_post(struct apartment *apartment, apartment_task task, void *arg)
{
    struct apartment_task_node *node;
    DWORD error;

    if (!apartment || !task) return E_INVALIDARG;
    if (!(node = malloc(sizeof(*node)))) return E_OUTOFMEMORY;
    node->apartment = apartment;
    node->task = task;
    node->arg = arg;
    /* The caller holds a reference, so a plain increment is safe here. */
    InterlockedIncrement(&apartment->ref);
    if (PostMessageW(apartment->window, WM_APARTMENT_TASK, 0, (LPARAM)node)) return S_OK;

    error = GetLastError();
    WARN("PostMessage to window %p failed, error %lu.\n", apartment->window, error);
    free(node);
    apartment_release(apartment);
    return error ? HRESULT_FROM_WIN32(error) : E_FAIL;
}

void apartment_pump(void)
{
    struct apartment *apartment;
    MSG msg;

    if (!(apartment = find_apartment())) return;
    /* Tasks posted by the tasks themselves are run too. */
    while (PeekMessageW(&msg, apartment->window, WM_APARTMENT_TASK, WM_APARTMENT_DESTROY, PM_REMOVE))
        DispatchMessageW(&msg);
    apartment_release(apartment);
}
