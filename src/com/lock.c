/*
 * IMsgrLock: the lock-and-key handshake of the session manager, emulated (spec 5).
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

/*
 * The service that checked application keys is gone and no keys are issued
 * any more, but existing applications still run the handshake and may wait
 * for OnLockResult(TRUE).  So the handshake is permissive by default (spec
 * 5.5):
 *
 *   LOCK_INITIALIZED --RequestChallenge--> LOCK_PENDINGRESULT
 *                    --SendResponse-->     LOCK_UNLOCKED
 *
 * A lock is LOCK_NOTINITIALIZED until its manager is online: at once in
 * a signed-out process (its service is in process), once the agent has
 * taken a signed-in one.  Then it is LOCK_INITIALIZED, and
 * OnLockStatusChanged(LOCK_INITIALIZED) and OnLockEnable(TRUE) are posted
 * when the first sink is advised: they arrive through the message loop,
 * as the documented procedure waits for them (spec 5.2).  Losing the agent
 * (sign-out, a crash) makes every lock LOCK_NOTINITIALIZED with
 * OnLockStatusChanged; the next connection enables them again, locked.  The challenge is generated
 * locally; any non-empty response with the transaction's cookie unlocks.
 * Each status change happens inside the call; its events are posted to the
 * manager's apartment, OnLockStatusChanged(new status) first, then the
 * specific event, as the session events do (spec 3.4).  Nothing else is
 * refused while locked.
 *
 * Strict mode (LockMode "strict", docs/lock.md) checks the response the
 * way the documentation describes: it must be the MD5 of the challenge
 * followed by the key configured for the application ID, in hex of either
 * case (spec 5.3).  A wrong response, or an ID without a key, is still
 * answered S_OK ("the response was sent"), and the outcome arrives as
 * OnLockResult(FALSE) after OnLockStatusChanged(LOCK_UNLOCKFAILED): one
 * attempt per object.  Until the lock is unlocked, every member of
 * IMsgrSessionManager answers MSGR_E_API_LOCKED (lock_check_unlocked).
 * The codes for every status are those of spec 5.4; LOCK_DISABLED is
 * never entered by this version.
 */

#include "msgsc_private.h"
#include "core/contacts.h"
#include "core/md5.h"
#include "win/config.h"

/* The lock settings, read once per process when the first lock is made,
 * as the client layer reads the others. */
static struct lock_config lock_config;
static INIT_ONCE lock_config_once = INIT_ONCE_STATIC_INIT;

static BOOL CALLBACK load_lock_config(INIT_ONCE *once, void *param, void **context)
{
    (void)once;
    (void)param;
    (void)context;
    config_load_lock(&lock_config);
    return TRUE;
}

static inline struct msgr_lock *impl_from_IMsgrLock(IMsgrLock *iface)
{
    return CONTAINING_RECORD(iface, struct msgr_lock, IMsgrLock_iface);
}

/* OnLockStatusChanged and the event that explains it, fired in that order
 * by one task on the manager's apartment.  Holds a reference on the
 * manager, which owns the lock and the connection points. */
struct lock_events
{
    struct msgr_lock *lock;
    LockStatus status;
    enum msgr_event event;
    VARIANT args[EVENT_MAX_ARGS]; /* declaration order */
};

static void fire_lock_events(void *arg)
{
    struct lock_events *events = arg;
    IUnknown *outer = events->lock->outer;
    VARIANT status;

    V_VT(&status) = VT_I4;
    V_I4(&status) = events->status;
    event_fire(events->lock->events, EVENT_ON_LOCK_STATUS_CHANGED, &status);
    /* Going offline says nothing more than the status. */
    if (events->event != EVENT_ON_LOCK_STATUS_CHANGED)
        event_fire(events->lock->events, events->event, events->args);
    VariantClear(&events->args[0]);
    VariantClear(&events->args[1]);
    free(events);
    IUnknown_Release(outer);
}

static struct lock_events *alloc_lock_events(struct msgr_lock *lock, enum msgr_event event)
{
    struct lock_events *events;

    if (!(events = calloc(1, sizeof(*events)))) return NULL;
    events->lock = lock;
    events->event = event;
    return events;
}

/* Posts what alloc_lock_events prepared; consumes events. */
static void post_lock_events(struct msgr_lock *lock, struct lock_events *events, LockStatus status)
{
    events->status = status;
    IUnknown_AddRef(lock->outer);
    if (SUCCEEDED(apartment_post(lock->apartment, fire_lock_events, events))) return;

    /* The status has changed all the same; only the notification is lost.
     * The caller holds a reference, so this Release is never the last. */
    ERR("Could not post %s.\n", event_infos[events->event].name);
    VariantClear(&events->args[0]);
    VariantClear(&events->args[1]);
    free(events);
    IUnknown_Release(lock->outer);
}

/* 32 upper-case hex digits from 16 random bytes: alphanumeric, as the
 * service's challenges were, and hashable in ASCII (spec 5.3). */
static BSTR new_challenge(void)
{
    static const WCHAR hex[] = L"0123456789ABCDEF";
    unsigned char bytes[LOCK_CHALLENGE_CHARS / 2];
    GUID guid;
    BSTR challenge;
    unsigned int i;

    /* CoCreateGuid draws from the system's cryptographic generator. */
    if (FAILED(CoCreateGuid(&guid))) return NULL;
    memcpy(bytes, &guid, sizeof(bytes));
    if (!(challenge = SysAllocStringLen(NULL, 2 * sizeof(bytes)))) return NULL;
    for (i = 0; i < sizeof(bytes); i++)
    {
        challenge[2 * i] = hex[bytes[i] >> 4];
        challenge[2 * i + 1] = hex[bytes[i] & 0xf];
    }
    return challenge;
}

/* The error of a call that the current status refuses (spec 5.4), with a
 * description for IErrorInfo. */
static HRESULT lock_status_error(LockStatus status, BOOL responding)
{
    switch (status)
    {
    case LOCK_NOTINITIALIZED:
        return set_error(MSGR_E_API_NOTINITIALIZED, &IID_IMsgrLock, IDS_LOCK_NOT_INITIALIZED);
    case LOCK_INITIALIZED:
        if (responding) return set_error(MSGR_E_API_LOCKED, &IID_IMsgrLock, IDS_LOCK_NO_CHALLENGE);
        break;
    case LOCK_PENDINGRESULT: return set_error(MSGR_E_API_PENDING_UNLOCK, &IID_IMsgrLock, IDS_LOCK_PENDING);
    case LOCK_UNLOCKED:
        return set_error(MSGR_E_API_ALREADY_UNLOCKED, &IID_IMsgrLock, IDS_LOCK_ALREADY_UNLOCKED);
    case LOCK_UNLOCKFAILED:
        return set_error(MSGR_E_API_UNLOCK_FAILED, &IID_IMsgrLock, IDS_LOCK_UNLOCK_FAILED);
    case LOCK_DISABLED: return set_error(MSGR_E_API_DISABLED, &IID_IMsgrLock, IDS_LOCK_DISABLED);
    }
    ERR("Unexpected lock status %d.\n", status);
    return set_error(E_FAIL, &IID_IMsgrLock, 0);
}

static HRESULT WINAPI lock_QueryInterface(IMsgrLock *iface, REFIID riid, void **out)
{
    struct msgr_lock *lock = impl_from_IMsgrLock(iface);

    return IUnknown_QueryInterface(lock->outer, riid, out);
}

static ULONG WINAPI lock_AddRef(IMsgrLock *iface)
{
    struct msgr_lock *lock = impl_from_IMsgrLock(iface);

    return IUnknown_AddRef(lock->outer);
}

static ULONG WINAPI lock_Release(IMsgrLock *iface)
{
    struct msgr_lock *lock = impl_from_IMsgrLock(iface);

    return IUnknown_Release(lock->outer);
}

static HRESULT WINAPI lock_get_Status(IMsgrLock *iface, LockStatus *status)
{
    struct msgr_lock *lock = impl_from_IMsgrLock(iface);

    TRACE("%p, %p.\n", iface, status);

    /* The one member of this API that documents E_POINTER. */
    if (!status) return set_error(E_POINTER, &IID_IMsgrLock, IDS_NULL_STATUS_POINTER);
    AcquireSRWLockShared(&lock->guard);
    *status = lock->status;
    ReleaseSRWLockShared(&lock->guard);
    return S_OK;
}

static HRESULT WINAPI lock_RequestChallenge(IMsgrLock *iface, LONG cookie)
{
    struct msgr_lock *lock = impl_from_IMsgrLock(iface);
    struct lock_events *events;
    LockStatus status;
    BSTR challenge;

    TRACE("%p, %ld.\n", iface, cookie);

    /* Everything that can fail is prepared before the status changes. */
    if (!(events = alloc_lock_events(lock, EVENT_ON_LOCK_CHALLENGE)) || !(challenge = new_challenge()))
    {
        free(events);
        return set_error(E_OUTOFMEMORY, &IID_IMsgrLock, 0);
    }
    V_VT(&events->args[0]) = VT_I4;
    V_I4(&events->args[0]) = cookie;
    V_VT(&events->args[1]) = VT_BSTR;
    V_BSTR(&events->args[1]) = challenge;

    AcquireSRWLockExclusive(&lock->guard);
    if ((status = lock->status) == LOCK_INITIALIZED)
    {
        unsigned int i;

        lock->status = LOCK_PENDINGRESULT;
        lock->cookie = cookie;
        for (i = 0; i < LOCK_CHALLENGE_CHARS; i++)
            lock->challenge[i] = (char)challenge[i];
        lock->challenge[i] = 0;
    }
    ReleaseSRWLockExclusive(&lock->guard);

    if (status != LOCK_INITIALIZED)
    {
        VariantClear(&events->args[1]);
        free(events);
        return lock_status_error(status, FALSE);
    }
    post_lock_events(lock, events, LOCK_PENDINGRESULT);
    return S_OK;
}

/* Strict mode: whether response answers challenge for app_id with the key
 * configured for it.  An ID without a key never matches. */
static BOOL response_matches(const char *challenge, const char *app_id, const char *response)
{
    char key[CONTACTS_ADDRESS_MAX + 1];
    BOOL matches;

    if (!app_id[0] || !contacts_find(lock_config.keys, app_id, key, sizeof(key)))
    {
        WARN("No key for application ID %s.\n", app_id);
        return FALSE;
    }
    matches = md5_response_matches(challenge, key, response);
    SecureZeroMemory(key, sizeof(key));
    if (!matches) WARN("Wrong response for application ID %s.\n", app_id);
    return matches;
}

static HRESULT WINAPI lock_SendResponse(IMsgrLock *iface, BSTR app_id, BSTR response, LONG cookie)
{
    struct msgr_lock *lock = impl_from_IMsgrLock(iface);
    BOOL wrong_cookie = FALSE, empty = !response || !response[0];
    char *app_id8 = NULL, *response8 = NULL;
    LockStatus status, result = LOCK_UNLOCKED;
    struct lock_events *events;

    TRACE("%p, %s, %s, %ld.\n", iface, debugstr_w(app_id), debugstr_w(response), cookie);

    if (!(events = alloc_lock_events(lock, EVENT_ON_LOCK_RESULT)) ||
        (lock->strict && (!(app_id8 = utf8_from_bstr(app_id)) || !(response8 = utf8_from_bstr(response)))))
    {
        free(events);
        free(app_id8);
        return set_error(E_OUTOFMEMORY, &IID_IMsgrLock, 0);
    }
    V_VT(&events->args[0]) = VT_I4;
    V_I4(&events->args[0]) = cookie;
    V_VT(&events->args[1]) = VT_BOOL;

    /* By default any non-empty response is accepted (spec 5.5): the digest
     * it should be cannot be checked without the key list the service had,
     * and the application ID is taken as it comes.  Strict mode checks it
     * against the configured keys. */
    AcquireSRWLockExclusive(&lock->guard);
    if ((status = lock->status) == LOCK_PENDINGRESULT)
    {
        wrong_cookie = cookie != lock->cookie;
        if (!wrong_cookie && !empty)
        {
            if (lock->strict && !response_matches(lock->challenge, app_id8, response8))
                result = LOCK_UNLOCKFAILED;
            lock->status = result;
        }
    }
    ReleaseSRWLockExclusive(&lock->guard);
    free(app_id8);
    free(response8);

    if (status != LOCK_PENDINGRESULT || wrong_cookie || empty) free(events);
    if (status != LOCK_PENDINGRESULT) return lock_status_error(status, TRUE);
    if (wrong_cookie) return set_error(E_INVALIDARG, &IID_IMsgrLock, IDS_LOCK_WRONG_COOKIE);
    if (empty) return set_error(E_INVALIDARG, &IID_IMsgrLock, IDS_LOCK_EMPTY_RESPONSE);

    /* The response was taken; its outcome is the event's (spec 2.3). */
    V_BOOL(&events->args[1]) = result == LOCK_UNLOCKED ? VARIANT_TRUE : VARIANT_FALSE;
    post_lock_events(lock, events, result);
    return S_OK;
}

static const IMsgrLockVtbl lock_vtbl = {
    lock_QueryInterface, lock_AddRef, lock_Release, lock_get_Status, lock_RequestChallenge, lock_SendResponse,
};

void init_msgr_lock(struct msgr_lock *lock, IUnknown *outer, struct cp_container *events,
                    struct apartment *apartment)
{
    lock->IMsgrLock_iface.lpVtbl = &lock_vtbl;
    lock->outer = outer;
    lock->events = events;
    lock->apartment = apartment;
    InitOnceExecuteOnce(&lock_config_once, load_lock_config, NULL, NULL);
    lock->strict = lock_config.strict;
    InitializeSRWLock(&lock->guard);
    /* Until the manager knows it is online (lock_set_online). */
    lock->status = LOCK_NOTINITIALIZED;
    lock->cookie = 0;
    lock->challenge[0] = 0;
    lock->listened = lock->announce = FALSE;
}

/* Posts OnLockStatusChanged(status), with OnLockEnable(TRUE) when online. */
static void announce(struct msgr_lock *lock, LockStatus status)
{
    BOOL online = status != LOCK_NOTINITIALIZED;
    struct lock_events *events =
        alloc_lock_events(lock, online ? EVENT_ON_LOCK_ENABLE : EVENT_ON_LOCK_STATUS_CHANGED);

    if (!events)
    {
        ERR("Out of memory; the lock's status change goes unannounced.\n");
        return;
    }
    if (online)
    {
        /* Lock and key is on: the challenge requests work now (spec 5.2). */
        V_VT(&events->args[0]) = VT_BOOL;
        V_BOOL(&events->args[0]) = VARIANT_TRUE;
    }
    post_lock_events(lock, events, status);
}

/* Announcements wait for a listener: a posted event keeps its manager
 * alive until the thread pumps, which a manager nobody listens to (an
 * installer's, a loop's) may never see. */
void lock_set_online(struct msgr_lock *lock, BOOL online)
{
    LockStatus status;
    BOOL changed, now;

    AcquireSRWLockExclusive(&lock->guard);
    changed = online ? lock->status == LOCK_NOTINITIALIZED : lock->status != LOCK_NOTINITIALIZED;
    if (changed)
    {
        /* Offline forgets any unlock: the application unlocks again (spec 5.1). */
        lock->status = online ? LOCK_INITIALIZED : LOCK_NOTINITIALIZED;
        lock->cookie = 0;
        lock->challenge[0] = 0;
        lock->announce = online && !lock->listened;
    }
    status = lock->status;
    now = changed && lock->listened;
    ReleaseSRWLockExclusive(&lock->guard);
    if (now) announce(lock, status);
}

void lock_sink_advised(struct msgr_lock *lock)
{
    BOOL now;

    AcquireSRWLockExclusive(&lock->guard);
    lock->listened = TRUE;
    now = lock->announce;
    lock->announce = FALSE;
    ReleaseSRWLockExclusive(&lock->guard);
    if (now) announce(lock, LOCK_INITIALIZED);
}

HRESULT lock_check_unlocked(struct msgr_lock *lock, const IID *iid)
{
    LockStatus status;

    if (!lock->strict) return S_OK;
    AcquireSRWLockShared(&lock->guard);
    status = lock->status;
    ReleaseSRWLockShared(&lock->guard);
    if (status == LOCK_UNLOCKED) return S_OK;
    TRACE("Refused: the lock is in status %d.\n", status);
    return set_error(MSGR_E_API_LOCKED, iid, IDS_LOCK_API_LOCKED);
}
