/*
 * MsgrSessionManager: IMsgrSessionManager, IMsgrLock and DMsgrSessionManagerEvents.
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

struct manager
{
    IMsgrSessionManager IMsgrSessionManager_iface;
    struct msgr_lock lock;
    struct cp_container events;
    struct provideclassinfo classinfo;
    struct support_errorinfo errorinfo;
    LONG ref;
    struct apartment *apartment;
    struct list entry; /* in managers */
};

/* Every live manager of this process: machine-wide notifications
 * (OnAppRegistered, OnAppUnRegistered, OnInvitation) go to all of them. */
static struct list managers = {&managers, &managers};
static SRWLOCK managers_lock = SRWLOCK_INIT;

static const IID *const manager_source_iids[] = {&DIID_DMsgrSessionManagerEvents, NULL};

static inline struct manager *impl_from_IMsgrSessionManager(IMsgrSessionManager *iface)
{
    return CONTAINING_RECORD(iface, struct manager, IMsgrSessionManager_iface);
}

static HRESULT WINAPI manager_QueryInterface(IMsgrSessionManager *iface, REFIID riid, void **out)
{
    struct manager *manager = impl_from_IMsgrSessionManager(iface);

    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);

    if (!out) return E_POINTER;
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IDispatch) ||
        IsEqualGUID(riid, &IID_IMsgrSessionManager))
        *out = &manager->IMsgrSessionManager_iface;
    else if (IsEqualGUID(riid, &IID_IMsgrLock))
        *out = &manager->lock.IMsgrLock_iface;
    else if (IsEqualGUID(riid, &IID_IConnectionPointContainer))
        *out = &manager->events.IConnectionPointContainer_iface;
    else if (IsEqualGUID(riid, &IID_IProvideClassInfo) || IsEqualGUID(riid, &IID_IProvideClassInfo2))
        *out = &manager->classinfo.IProvideClassInfo2_iface;
    else if (IsEqualGUID(riid, &IID_ISupportErrorInfo))
        *out = &manager->errorinfo.ISupportErrorInfo_iface;
    else
    {
        WARN("Unsupported interface %s.\n", debugstr_guid(riid));
        *out = NULL;
        return E_NOINTERFACE;
    }
    IUnknown_AddRef((IUnknown *)*out);
    return S_OK;
}

static ULONG WINAPI manager_AddRef(IMsgrSessionManager *iface)
{
    struct manager *manager = impl_from_IMsgrSessionManager(iface);
    ULONG ref = InterlockedIncrement(&manager->ref);

    TRACE("%p, refcount %lu.\n", iface, ref);
    return ref;
}

static void manager_destroy(struct manager *manager)
{
    AcquireSRWLockExclusive(&managers_lock);
    list_remove(&manager->entry);
    ReleaseSRWLockExclusive(&managers_lock);

    cp_container_destroy(&manager->events);
    apartment_release(manager->apartment);
    free(manager);
    unlock_module();
}

static ULONG WINAPI manager_Release(IMsgrSessionManager *iface)
{
    struct manager *manager = impl_from_IMsgrSessionManager(iface);
    ULONG ref = InterlockedDecrement(&manager->ref);

    TRACE("%p, refcount %lu.\n", iface, ref);
    if (!ref) manager_destroy(manager);
    return ref;
}

static HRESULT WINAPI manager_GetTypeInfoCount(IMsgrSessionManager *iface, UINT *count)
{
    TRACE("%p, %p.\n", iface, count);

    return dispatch_get_typeinfo_count(count);
}

static HRESULT WINAPI manager_GetTypeInfo(IMsgrSessionManager *iface, UINT index, LCID lcid,
                                          ITypeInfo **typeinfo)
{
    TRACE("%p, %u, %#lx, %p.\n", iface, index, lcid, typeinfo);

    return dispatch_get_typeinfo(IMsgrSessionManager_tid, index, typeinfo);
}

static HRESULT WINAPI manager_GetIDsOfNames(IMsgrSessionManager *iface, REFIID riid, LPOLESTR *names,
                                            UINT count, LCID lcid, DISPID *ids)
{
    TRACE("%p, %s, %p, %u, %#lx, %p.\n", iface, debugstr_guid(riid), names, count, lcid, ids);

    return dispatch_get_ids(IMsgrSessionManager_tid, riid, names, count, ids);
}

static HRESULT WINAPI manager_Invoke(IMsgrSessionManager *iface, DISPID member, REFIID riid, LCID lcid,
                                     WORD flags, DISPPARAMS *params, VARIANT *result, EXCEPINFO *excepinfo,
                                     UINT *argerr)
{
    TRACE("%p, %ld, %s, %#lx, %#x, %p, %p, %p, %p.\n", iface, member, debugstr_guid(riid), lcid, flags,
          params, result, excepinfo, argerr);

    return dispatch_invoke(IMsgrSessionManager_tid, iface, member, riid, flags, params, result, excepinfo,
                           argerr);
}

static HRESULT WINAPI manager_CreateSession(IMsgrSessionManager *iface, IDispatch **session)
{
    struct manager *manager = impl_from_IMsgrSessionManager(iface);
    struct service_request request = {.op = SERVICE_OP_CREATE_SESSION};
    struct service_reply reply;
    enum core_status status;
    uint64_t id;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, session);

    if (!session) return set_core_error(CORE_E_INVALIDARG, &IID_IMsgrSessionManager);
    *session = NULL;
    if (FAILED(hr = lock_check_unlocked(&manager->lock, &IID_IMsgrSessionManager))) return hr;
    status = client_call(&request, &reply);
    id = reply.session;
    service_reply_clear(&reply);
    if (status < 0) return set_core_error(status, &IID_IMsgrSessionManager);
    return session_create(NULL, id, CORE_STATE_READY, session);
}

static HRESULT WINAPI manager_GetLaunchingSession(IMsgrSessionManager *iface, LONG process_id,
                                                  IDispatch **session)
{
    struct manager *manager = impl_from_IMsgrSessionManager(iface);
    struct service_request request = {.op = SERVICE_OP_LAUNCHING_SESSION};
    struct service_reply reply;
    enum core_status status;
    uint64_t id;
    HRESULT hr;

    TRACE("%p, %ld, %p.\n", iface, process_id, session);

    if (!session) return set_core_error(CORE_E_INVALIDARG, &IID_IMsgrSessionManager);
    *session = NULL;
    if (FAILED(hr = lock_check_unlocked(&manager->lock, &IID_IMsgrSessionManager))) return hr;
    request.number = process_id;
    status = client_call(&request, &reply);
    id = reply.session;
    service_reply_clear(&reply);
    if (status < 0) return set_core_error(status, &IID_IMsgrSessionManager);
    return session_create(NULL, id, CORE_STATE_UNKNOWN, session);
}

/* Announces a change of the registered applications to every manager, in
 * every process once the broker exists. */
static void announce_app_changed(const char *guid, BOOL registered)
{
    struct service_request request = {.op = SERVICE_OP_APP_CHANGED};
    struct service_reply reply;

    request.text = guid;
    request.number = registered;
    client_call(&request, &reply);
    service_reply_clear(&reply);
}

static HRESULT WINAPI manager_RegisterApplication(IMsgrSessionManager *iface, BSTR guid, BSTR name, BSTR url,
                                                  BSTR path, LONG flags)
{
    struct manager *manager = impl_from_IMsgrSessionManager(iface);
    char normalized[CORE_GUID_CHARS + 1];
    char *guid8, *name8, *url8, *path8;
    enum core_status status;
    HRESULT hr;

    TRACE("%p, %s, %s, %s, %s, %#lx.\n", iface, debugstr_w(guid), debugstr_w(name), debugstr_w(url),
          debugstr_w(path), flags);

    if (FAILED(hr = lock_check_unlocked(&manager->lock, &IID_IMsgrSessionManager))) return hr;
    guid8 = utf8_from_bstr(guid);
    name8 = utf8_from_bstr(name);
    url8 = utf8_from_bstr(url);
    path8 = utf8_from_bstr(path);

    if (!guid8 || !name8 || !url8 || !path8)
        status = CORE_E_OUTOFMEMORY;
    else if ((status = core_app_validate(guid8, name8, url8, path8, flags, normalized)) >= 0)
        status = appstore_register(normalized, name8, url8, path8);
    free(guid8);
    free(name8);
    free(url8);
    free(path8);
    if (status < 0) return set_core_error(status, &IID_IMsgrSessionManager);

    announce_app_changed(normalized, TRUE);
    return S_OK;
}

static HRESULT WINAPI manager_UnRegisterApplication(IMsgrSessionManager *iface, BSTR guid)
{
    struct manager *manager = impl_from_IMsgrSessionManager(iface);
    char normalized[CORE_GUID_CHARS + 1];
    enum core_status status;
    char *guid8;
    HRESULT hr;

    TRACE("%p, %s.\n", iface, debugstr_w(guid));

    if (FAILED(hr = lock_check_unlocked(&manager->lock, &IID_IMsgrSessionManager))) return hr;
    guid8 = utf8_from_bstr(guid);

    if (!guid8)
        status = CORE_E_OUTOFMEMORY;
    else if ((status = core_guid_normalize(guid8, normalized)) == CORE_E_TOO_LONG)
        status = CORE_E_BAD_GUID; /* the documented code for any bad GUID here is E_INVALIDARG */
    if (status >= 0) status = appstore_unregister(normalized);
    free(guid8);
    if (status < 0) return set_core_error(status, &IID_IMsgrSessionManager);

    announce_app_changed(normalized, FALSE);
    return S_OK;
}

static HRESULT WINAPI manager_get_Applications(IMsgrSessionManager *iface, IDispatch **applications)
{
    struct manager *manager = impl_from_IMsgrSessionManager(iface);
    HRESULT hr;

    TRACE("%p, %p.\n", iface, applications);

    if (!applications) return set_core_error(CORE_E_INVALIDARG, &IID_IMsgrSessionManager);
    if (FAILED(hr = lock_check_unlocked(&manager->lock, &IID_IMsgrSessionManager)))
    {
        *applications = NULL;
        return hr;
    }
    return applications_create(applications);
}

static const IMsgrSessionManagerVtbl manager_vtbl = {
    manager_QueryInterface,
    manager_AddRef,
    manager_Release,
    manager_GetTypeInfoCount,
    manager_GetTypeInfo,
    manager_GetIDsOfNames,
    manager_Invoke,
    manager_CreateSession,
    manager_GetLaunchingSession,
    manager_RegisterApplication,
    manager_UnRegisterApplication,
    manager_get_Applications,
};

static void manager_advised(struct cp_container *events)
{
    lock_sink_advised(&CONTAINING_RECORD(events, struct manager, events)->lock);
}

HRESULT manager_create(IUnknown *outer, REFIID riid, void **out)
{
    struct manager *manager;
    IUnknown *unknown;
    HRESULT hr;

    TRACE("%p, %s, %p.\n", outer, debugstr_guid(riid), out);

    *out = NULL;
    if (outer) return CLASS_E_NOAGGREGATION;
    if (!(manager = calloc(1, sizeof(*manager)))) return E_OUTOFMEMORY;

    manager->IMsgrSessionManager_iface.lpVtbl = &manager_vtbl;
    manager->ref = 1;
    list_init(&manager->entry);
    unknown = (IUnknown *)&manager->IMsgrSessionManager_iface;
    if (!(manager->apartment = apartment_get()))
    {
        free(manager);
        return E_OUTOFMEMORY;
    }
    if (FAILED(hr = cp_container_init(&manager->events, unknown, manager_source_iids)))
    {
        apartment_release(manager->apartment);
        free(manager);
        return hr;
    }
    init_msgr_lock(&manager->lock, unknown, &manager->events, manager->apartment);
    manager->events.advised = manager_advised;
    init_classinfo(&manager->classinfo, unknown, MsgrSessionManager_tid, &DIID_DMsgrSessionManagerEvents);
    init_support_errorinfo(&manager->errorinfo, unknown, &IID_IMsgrSessionManager);
    lock_module();

    AcquireSRWLockExclusive(&managers_lock);
    list_add_tail(&managers, &manager->entry);
    ReleaseSRWLockExclusive(&managers_lock);
    /* A manager receives OnInvitation (spec 1.5) even if its process never
     * calls anything else: a signed-in process reaches its broker now. */
    lock_set_online(&manager->lock, client_attach());

    hr = IUnknown_QueryInterface(unknown, riid, out);
    IUnknown_Release(unknown);
    return hr;
}

/* A manager event waiting to be fired on the manager's apartment thread. */
struct manager_event
{
    struct manager *manager;
    enum msgr_event event;
    VARIANT arg;
};

static void fire_manager_event(void *arg)
{
    struct manager_event *event = arg;

    event_fire(&event->manager->events, event->event, &event->arg);
    VariantClear(&event->arg);
    IMsgrSessionManager_Release(&event->manager->IMsgrSessionManager_iface);
    free(event);
}

/* Takes a reference on every live manager, so events can be posted
 * without holding the list lock (a Release there could destroy one). */
static struct manager **snapshot_managers(unsigned int *count)
{
    struct manager **snapshot = NULL;
    unsigned int size = 0;
    struct list *cursor;

    *count = 0;
    AcquireSRWLockShared(&managers_lock);
    for (cursor = managers.next; cursor != &managers; cursor = cursor->next)
        size++;
    if (size && (snapshot = calloc(size, sizeof(*snapshot))))
    {
        for (cursor = managers.next; cursor != &managers; cursor = cursor->next)
        {
            struct manager *manager = CONTAINING_RECORD(cursor, struct manager, entry);

            if (addref_if_alive(&manager->ref)) snapshot[(*count)++] = manager;
        }
    }
    ReleaseSRWLockShared(&managers_lock);
    if (size && !snapshot) ERR("Out of memory; manager event lost.\n");
    return snapshot;
}

/* Drops the reference a failed post took.  This runs inside a service call,
 * where destroying the manager could release a sink that calls us back, so
 * a manager whose last reference this is leaks instead. */
static void release_after_failed_post(struct manager *manager)
{
    if (!InterlockedDecrement(&manager->ref)) ERR("Leaking manager %p.\n", manager);
}

/* Posts one event with a BSTR argument; consumes the reference on manager. */
static void post_manager_event(struct manager *manager, enum msgr_event id, const char *text)
{
    struct manager_event *event;

    if (!(event = calloc(1, sizeof(*event))) || !(V_BSTR(&event->arg) = bstr_from_utf8(text)))
    {
        ERR("Out of memory; %s lost.\n", event_infos[id].name);
        free(event);
        release_after_failed_post(manager);
        return;
    }
    event->manager = manager;
    event->event = id;
    V_VT(&event->arg) = VT_BSTR;
    if (FAILED(apartment_post(manager->apartment, fire_manager_event, event)))
    {
        ERR("Could not post %s.\n", event_infos[id].name);
        VariantClear(&event->arg);
        free(event);
        release_after_failed_post(manager);
    }
}

BOOL manager_any_alive(void)
{
    BOOL alive;

    AcquireSRWLockShared(&managers_lock);
    alive = managers.next != &managers;
    ReleaseSRWLockShared(&managers_lock);
    return alive;
}

void manager_notify_online(BOOL online)
{
    struct manager **managers_now;
    unsigned int i, count;

    managers_now = snapshot_managers(&count);
    for (i = 0; i < count; i++)
    {
        lock_set_online(&managers_now[i]->lock, online);
        release_after_failed_post(managers_now[i]);
    }
    free(managers_now);
}

void manager_notify_app_changed(const char *guid, BOOL registered)
{
    enum msgr_event id = registered ? EVENT_ON_APP_REGISTERED : EVENT_ON_APP_UNREGISTERED;
    struct manager **managers_now;
    unsigned int i, count;

    TRACE("%s, %d.\n", guid, registered);

    managers_now = snapshot_managers(&count);
    for (i = 0; i < count; i++)
        post_manager_event(managers_now[i], id, guid);
    free(managers_now);
}

/* OnInvitation(pSession, bstrAppData, pfHandled), waiting for the
 * manager's apartment thread. */
struct invitation_event
{
    struct manager *manager;
    VARIANT args[EVENT_MAX_ARGS]; /* declaration order */
    VARIANT_BOOL handled;
    struct answer *answer; /* the process's, to the agent */
};

static void fire_invitation_event(void *arg)
{
    struct invitation_event *event = arg;

    /* An invitation no manager of any process handles is the agent's
     * (spec Q8): it asks the person, or answers by policy. */
    event_fire(&event->manager->events, EVENT_ON_INVITATION, event->args);
    answer_give(event->answer, event->handled != VARIANT_FALSE);
    VariantClear(&event->args[0]);
    VariantClear(&event->args[1]);
    IMsgrSessionManager_Release(&event->manager->IMsgrSessionManager_iface);
    free(event);
}

void manager_notify_invitation(uint64_t session, const char *data)
{
    struct service_request request = {.op = SERVICE_OP_ADDREF_SESSION};
    struct manager **managers_now;
    unsigned int i, count;
    struct service_reply reply;
    struct answer *answer;

    TRACE("%#I64x, %s.\n", session, data);

    /* The broker gave this process one reference; each manager's session
     * object takes one. */
    request.session = session;
    managers_now = snapshot_managers(&count);
    answer = answer_new(SERVICE_OP_INVITATION_ANSWER, session, count);
    if (!count)
    {
        request.op = SERVICE_OP_RELEASE_SESSION;
        client_call(&request, &reply);
    }
    for (i = 1; i < count; i++)
        client_call(&request, &reply);
    for (i = 0; i < count; i++)
    {
        struct manager *manager = managers_now[i];
        struct invitation_event *event = NULL;
        IDispatch *dispatch;

        if (FAILED(session_create(manager->apartment, session, CORE_STATE_INVITATION, &dispatch)))
        {
            release_after_failed_post(manager);
            answer_give(answer, FALSE);
            continue;
        }
        if (!(event = calloc(1, sizeof(*event))) || !(V_BSTR(&event->args[1]) = bstr_from_utf8(data)))
            goto failed;
        event->manager = manager;
        event->answer = answer;
        V_VT(&event->args[0]) = VT_DISPATCH;
        V_DISPATCH(&event->args[0]) = dispatch;
        V_VT(&event->args[1]) = VT_BSTR;
        event->handled = VARIANT_FALSE;
        V_VT(&event->args[2]) = VT_BOOL | VT_BYREF;
        V_BOOLREF(&event->args[2]) = &event->handled;
        if (SUCCEEDED(apartment_post(manager->apartment, fire_invitation_event, event))) continue;
        VariantClear(&event->args[1]);

    failed:
        ERR("Could not post OnInvitation; session %#I64x stays unanswered.\n", session);
        free(event);
        /* A session object released here gives its reference back without
         * waiting (src/client), so this is safe on the reader thread. */
        IDispatch_Release(dispatch);
        release_after_failed_post(manager);
        answer_give(answer, FALSE);
    }
    free(managers_now);
}
