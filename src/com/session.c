/*
 * MsgrSession: IMsgrSession and DMsgrSessionEvents, a thin shell over the session service.
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
#include "core/hash.h"

/* The core's states are SESSION_STATE: states pass between them as they are. */
#define SAME_STATE(name)                                                                                     \
    _Static_assert((int)CORE_STATE_##name == (int)SS_##name, "CORE_STATE_" #name " is not SS_" #name)
SAME_STATE(UNKNOWN);
SAME_STATE(READY);
SAME_STATE(INVITATION);
SAME_STATE(ACCEPTED);
SAME_STATE(CONNECTED);
SAME_STATE(CANCELLED);
SAME_STATE(DECLINED);
SAME_STATE(TERMINATED);
SAME_STATE(FALLBACK_INVITER);
SAME_STATE(FALLBACK_INVITEE);
#undef SAME_STATE

struct session
{
    IMsgrSession IMsgrSession_iface;
    struct cp_container events;
    struct provideclassinfo classinfo;
    struct support_errorinfo errorinfo;
    LONG ref;
    uint64_t id; /* the service's session */
    /* The state the last event left the session in, and whether its broker
     * was lost (the session is then over, whatever the broker said last). */
    LONG seen_state;
    BOOL lost;
    struct apartment *apartment;
    struct list entry; /* in its bucket of sessions */
};

/* Every session object of this process, by service handle, so that an event
 * finds its objects without looking at all of them (a process may hold
 * thousands).  The buckets are set up with the first session. */
#define SESSION_BUCKET_BITS 10
static struct list sessions[1 << SESSION_BUCKET_BITS];
static BOOL sessions_ready;
static SRWLOCK sessions_lock = SRWLOCK_INIT;

static struct list *bucket_of(uint64_t id)
{
    return &sessions[core_hash_bucket(id, SESSION_BUCKET_BITS)];
}

static const IID *const session_source_iids[] = {&DIID_DMsgrSessionEvents, NULL};

static inline struct session *impl_from_IMsgrSession(IMsgrSession *iface)
{
    return CONTAINING_RECORD(iface, struct session, IMsgrSession_iface);
}

static HRESULT WINAPI session_QueryInterface(IMsgrSession *iface, REFIID riid, void **out)
{
    struct session *session = impl_from_IMsgrSession(iface);

    TRACE("%p, %s, %p.\n", iface, debugstr_guid(riid), out);

    if (!out) return E_POINTER;
    if (IsEqualGUID(riid, &IID_IUnknown) || IsEqualGUID(riid, &IID_IDispatch) ||
        IsEqualGUID(riid, &IID_IMsgrSession))
        *out = &session->IMsgrSession_iface;
    else if (IsEqualGUID(riid, &IID_IConnectionPointContainer))
        *out = &session->events.IConnectionPointContainer_iface;
    else if (IsEqualGUID(riid, &IID_IProvideClassInfo) || IsEqualGUID(riid, &IID_IProvideClassInfo2))
        *out = &session->classinfo.IProvideClassInfo2_iface;
    else if (IsEqualGUID(riid, &IID_ISupportErrorInfo))
        *out = &session->errorinfo.ISupportErrorInfo_iface;
    else
    {
        WARN("Unsupported interface %s.\n", debugstr_guid(riid));
        *out = NULL;
        return E_NOINTERFACE;
    }
    IUnknown_AddRef((IUnknown *)*out);
    return S_OK;
}

static ULONG WINAPI session_AddRef(IMsgrSession *iface)
{
    struct session *session = impl_from_IMsgrSession(iface);
    ULONG ref = InterlockedIncrement(&session->ref);

    TRACE("%p, refcount %lu.\n", iface, ref);
    return ref;
}

/* Gives one service reference back. */
static void release_service_session(uint64_t id)
{
    struct service_request request = {.op = SERVICE_OP_RELEASE_SESSION};
    struct service_reply reply;

    request.session = id;
    client_call(&request, &reply);
    service_reply_clear(&reply);
}

static ULONG WINAPI session_Release(IMsgrSession *iface)
{
    struct session *session = impl_from_IMsgrSession(iface);
    ULONG ref = InterlockedDecrement(&session->ref);

    TRACE("%p, refcount %lu.\n", iface, ref);
    if (!ref)
    {
        AcquireSRWLockExclusive(&sessions_lock);
        list_remove(&session->entry);
        ReleaseSRWLockExclusive(&sessions_lock);

        release_service_session(session->id);
        cp_container_destroy(&session->events);
        apartment_release(session->apartment);
        free(session);
        unlock_module();
    }
    return ref;
}

static HRESULT WINAPI session_GetTypeInfoCount(IMsgrSession *iface, UINT *count)
{
    TRACE("%p, %p.\n", iface, count);

    return dispatch_get_typeinfo_count(count);
}

static HRESULT WINAPI session_GetTypeInfo(IMsgrSession *iface, UINT index, LCID lcid, ITypeInfo **typeinfo)
{
    TRACE("%p, %u, %#lx, %p.\n", iface, index, lcid, typeinfo);

    return dispatch_get_typeinfo(IMsgrSession_tid, index, typeinfo);
}

static HRESULT WINAPI session_GetIDsOfNames(IMsgrSession *iface, REFIID riid, LPOLESTR *names, UINT count,
                                            LCID lcid, DISPID *ids)
{
    TRACE("%p, %s, %p, %u, %#lx, %p.\n", iface, debugstr_guid(riid), names, count, lcid, ids);

    return dispatch_get_ids(IMsgrSession_tid, riid, names, count, ids);
}

static HRESULT WINAPI session_Invoke(IMsgrSession *iface, DISPID member, REFIID riid, LCID lcid, WORD flags,
                                     DISPPARAMS *params, VARIANT *result, EXCEPINFO *excepinfo, UINT *argerr)
{
    TRACE("%p, %ld, %s, %#lx, %#x, %p, %p, %p, %p.\n", iface, member, debugstr_guid(riid), lcid, flags,
          params, result, excepinfo, argerr);

    return dispatch_invoke(IMsgrSession_tid, iface, member, riid, flags, params, result, excepinfo, argerr);
}

/* Sends one request about this session; the reply is the caller's. */
static enum core_status session_call(struct session *session, enum service_op op, int32_t number,
                                     const char *text, const char *data, struct service_reply *reply)
{
    struct service_request request;

    if (session->lost)
    {
        memset(reply, 0, sizeof(*reply));
        return reply->status = CORE_E_CONNECTION_FAILURE;
    }
    request.op = op;
    request.session = session->id;
    request.number = number;
    request.text = text;
    request.data = data;
    return client_call(&request, reply);
}

/* The common shape of the string getters: out-pointer check, one snapshot,
 * the property's status, and its value as a BSTR (also for S_FALSE, where
 * the value is the empty string). */
static HRESULT get_string_property(struct session *session, enum service_snapshot_string property, BSTR *out)
{
    struct service_reply reply;
    enum core_status status;
    const char *value;

    if (!out) return set_core_error(CORE_E_INVALIDARG, &IID_IMsgrSession);
    *out = NULL;
    if ((status = session_call(session, SERVICE_OP_SNAPSHOT, 0, NULL, NULL, &reply)) >= 0 &&
        (status = service_snapshot_string(&reply.snapshot, property, &value)) >= 0 &&
        !(*out = bstr_from_utf8(value)))
        status = CORE_E_OUTOFMEMORY;
    service_reply_clear(&reply);
    return set_core_error(status, &IID_IMsgrSession);
}

/* Methods that take one string argument and return only a status. */
static HRESULT call_with_string(struct session *session, enum service_op op, int32_t number, BSTR text,
                                BSTR data)
{
    char *text8 = NULL, *data8 = NULL;
    struct service_reply reply = {0};
    enum core_status status;

    if ((text && !(text8 = utf8_from_bstr(text))) || (data && !(data8 = utf8_from_bstr(data))))
        status = CORE_E_OUTOFMEMORY;
    else
        status = session_call(session, op, number, text8, data8, &reply);
    service_reply_clear(&reply);
    free(text8);
    free(data8);
    return set_core_error(status, &IID_IMsgrSession);
}

static HRESULT WINAPI session_get_Application(IMsgrSession *iface, BSTR *guid)
{
    TRACE("%p, %p.\n", iface, guid);

    return get_string_property(impl_from_IMsgrSession(iface), SERVICE_STRING_application, guid);
}

static HRESULT WINAPI session_put_Application(IMsgrSession *iface, BSTR guid)
{
    TRACE("%p, %s.\n", iface, debugstr_w(guid));

    return call_with_string(impl_from_IMsgrSession(iface), SERVICE_OP_PUT_APPLICATION, 0, guid, NULL);
}

static HRESULT WINAPI session_get_State(IMsgrSession *iface, SESSION_STATE *state)
{
    struct session *session = impl_from_IMsgrSession(iface);
    struct service_reply reply;
    enum core_status status;

    TRACE("%p, %p.\n", iface, state);

    if (!state) return set_core_error(CORE_E_INVALIDARG, &IID_IMsgrSession);
    *state = SS_UNKNOWN;
    if (session->lost)
    {
        *state = SS_TERMINATED;
        return S_OK;
    }
    if ((status = session_call(session, SERVICE_OP_SNAPSHOT, 0, NULL, NULL, &reply)) >= 0)
        *state = (SESSION_STATE)reply.snapshot.state;
    service_reply_clear(&reply);
    return set_core_error(status, &IID_IMsgrSession);
}

static HRESULT WINAPI session_Invite(IMsgrSession *iface, IDispatch *user, BSTR data)
{
    struct session *session = impl_from_IMsgrSession(iface);
    char *signin = NULL, *data8 = utf8_from_bstr(data);
    struct service_reply reply;
    enum core_status status;
    HRESULT contact_hr = S_OK;

    TRACE("%p, %p, %s.\n", iface, user, debugstr_w(data));

    if (!data8) return set_core_error(CORE_E_OUTOFMEMORY, &IID_IMsgrSession);
    /* A contact without a name is passed on as none, so the core reports the
     * errors in the documented order (state, application, arguments). */
    if (user) contact_hr = contact_signin_from_dispatch(user, &signin);
    status = session_call(session, SERVICE_OP_INVITE, 0, signin, data8, &reply);
    service_reply_clear(&reply);
    free(signin);
    free(data8);
    /* Keep the contact's own explanation of why it has no name. */
    if (status == CORE_E_BAD_SIGNIN && FAILED(contact_hr)) return contact_hr;
    return set_core_error(status, &IID_IMsgrSession);
}

static HRESULT WINAPI session_Decline(IMsgrSession *iface, BSTR data)
{
    TRACE("%p, %s.\n", iface, debugstr_w(data));

    return call_with_string(impl_from_IMsgrSession(iface), SERVICE_OP_DECLINE, 0, NULL, data);
}

static HRESULT WINAPI session_Cancel(IMsgrSession *iface, LONG hr, BSTR data)
{
    TRACE("%p, %#lx, %s.\n", iface, hr, debugstr_w(data));

    return call_with_string(impl_from_IMsgrSession(iface), SERVICE_OP_CANCEL, hr, NULL, data);
}

static HRESULT WINAPI session_Accept(IMsgrSession *iface, BSTR data)
{
    TRACE("%p, %s.\n", iface, debugstr_w(data));

    return call_with_string(impl_from_IMsgrSession(iface), SERVICE_OP_ACCEPT, 0, NULL, data);
}

static HRESULT WINAPI session_get_RemoteAddress(IMsgrSession *iface, BSTR *address)
{
    TRACE("%p, %p.\n", iface, address);

    return get_string_property(impl_from_IMsgrSession(iface), SERVICE_STRING_remote_address, address);
}

static HRESULT WINAPI session_get_SessionID(IMsgrSession *iface, BSTR *id)
{
    TRACE("%p, %p.\n", iface, id);

    return get_string_property(impl_from_IMsgrSession(iface), SERVICE_STRING_session_id, id);
}

static HRESULT WINAPI session_get_ContextData(IMsgrSession *iface, BSTR *data)
{
    TRACE("%p, %p.\n", iface, data);

    return get_string_property(impl_from_IMsgrSession(iface), SERVICE_STRING_context_data, data);
}

static HRESULT WINAPI session_get_ApplicationName(IMsgrSession *iface, BSTR *name)
{
    TRACE("%p, %p.\n", iface, name);

    return get_string_property(impl_from_IMsgrSession(iface), SERVICE_STRING_app_name, name);
}

static HRESULT WINAPI session_get_ApplicationURL(IMsgrSession *iface, BSTR *url)
{
    TRACE("%p, %p.\n", iface, url);

    return get_string_property(impl_from_IMsgrSession(iface), SERVICE_STRING_app_url, url);
}

static HRESULT WINAPI session_get_Flags(IMsgrSession *iface, LONG *flags)
{
    struct session *session = impl_from_IMsgrSession(iface);
    struct service_reply reply;
    enum core_status status;

    TRACE("%p, %p.\n", iface, flags);

    if (!flags) return set_core_error(CORE_E_INVALIDARG, &IID_IMsgrSession);
    *flags = 0;
    if ((status = session_call(session, SERVICE_OP_SNAPSHOT, 0, NULL, NULL, &reply)) >= 0)
        *flags = reply.snapshot.flags;
    service_reply_clear(&reply);
    return set_core_error(status, &IID_IMsgrSession);
}

static HRESULT WINAPI session_get_User(IMsgrSession *iface, IDispatch **user)
{
    struct session *session = impl_from_IMsgrSession(iface);
    struct service_reply reply;
    enum core_status status;
    HRESULT hr;

    TRACE("%p, %p.\n", iface, user);

    if (!user) return set_core_error(CORE_E_INVALIDARG, &IID_IMsgrSession);
    *user = NULL;
    if ((status = session_call(session, SERVICE_OP_SNAPSHOT, 0, NULL, NULL, &reply)) >= 0)
        status = reply.snapshot.user_status;
    if (status >= 0)
        hr = contact_create(reply.snapshot.user, FALSE, user);
    else
        hr = set_core_error(status, &IID_IMsgrSession);
    service_reply_clear(&reply);
    return hr;
}

static HRESULT WINAPI session_put_LocalAddress(IMsgrSession *iface, BSTR address)
{
    TRACE("%p, %s.\n", iface, debugstr_w(address));

    return call_with_string(impl_from_IMsgrSession(iface), SERVICE_OP_PUT_LOCAL_ADDRESS, 0, address, NULL);
}

static HRESULT WINAPI session_get_LocalAddress(IMsgrSession *iface, BSTR *address)
{
    TRACE("%p, %p.\n", iface, address);

    return get_string_property(impl_from_IMsgrSession(iface), SERVICE_STRING_local_address, address);
}

static HRESULT WINAPI session_SendContextData(IMsgrSession *iface, BSTR data)
{
    TRACE("%p, %s.\n", iface, debugstr_w(data));

    return call_with_string(impl_from_IMsgrSession(iface), SERVICE_OP_SEND_CONTEXT_DATA, 0, NULL, data);
}

static const IMsgrSessionVtbl session_vtbl = {
    session_QueryInterface,
    session_AddRef,
    session_Release,
    session_GetTypeInfoCount,
    session_GetTypeInfo,
    session_GetIDsOfNames,
    session_Invoke,
    session_get_Application,
    session_put_Application,
    session_get_State,
    session_Invite,
    session_Decline,
    session_Cancel,
    session_Accept,
    session_get_RemoteAddress,
    session_get_SessionID,
    session_get_ContextData,
    session_get_ApplicationName,
    session_get_ApplicationURL,
    session_get_Flags,
    session_get_User,
    session_put_LocalAddress,
    session_get_LocalAddress,
    session_SendContextData,
};

HRESULT session_create(struct apartment *apartment, uint64_t id, enum core_state state, IDispatch **out)
{
    struct session *session;
    IUnknown *unknown;
    HRESULT hr;

    TRACE("%p, %#I64x, %d, %p.\n", apartment, id, state, out);

    *out = NULL;
    if (!(session = calloc(1, sizeof(*session))))
    {
        release_service_session(id);
        return set_core_error(CORE_E_OUTOFMEMORY, &IID_IMsgrSession);
    }
    session->IMsgrSession_iface.lpVtbl = &session_vtbl;
    session->ref = 1;
    session->id = id;
    session->seen_state = state;
    list_init(&session->entry);
    unknown = (IUnknown *)&session->IMsgrSession_iface;
    if (apartment) apartment_addref(apartment);
    if (!(session->apartment = apartment ? apartment : apartment_get()) ||
        FAILED(hr = cp_container_init(&session->events, unknown, session_source_iids)))
    {
        if (session->apartment) apartment_release(session->apartment);
        free(session);
        release_service_session(id);
        return set_core_error(CORE_E_OUTOFMEMORY, &IID_IMsgrSession);
    }
    init_classinfo(&session->classinfo, unknown, MsgrSession_tid, &DIID_DMsgrSessionEvents);
    init_support_errorinfo(&session->errorinfo, unknown, &IID_IMsgrSession);
    lock_module();

    AcquireSRWLockExclusive(&sessions_lock);
    if (!sessions_ready)
    {
        unsigned int i;

        for (i = 0; i < ARRAY_SIZE(sessions); i++)
            list_init(&sessions[i]);
        sessions_ready = TRUE;
    }
    list_add_tail(bucket_of(id), &session->entry);
    ReleaseSRWLockExclusive(&sessions_lock);

    *out = (IDispatch *)&session->IMsgrSession_iface;
    return S_OK;
}

/* A session event waiting to be fired on the session's apartment thread.
 * Arguments are in declaration order. */
struct session_event
{
    struct session *session;
    enum msgr_event event;
    VARIANT args[EVENT_MAX_ARGS];
    VARIANT_BOOL enable_default; /* BeforeAppLaunch's in/out flag */
    struct answer *answer;       /* BeforeAppLaunch: the process's, to the agent */
};

static void fire_session_event(void *arg)
{
    struct session_event *event = arg;
    unsigned int i;

    event_fire(&event->session->events, event->event, event->args);
    answer_give(event->answer, event->enable_default == VARIANT_FALSE);
    for (i = 0; i < ARRAY_SIZE(event->args); i++)
        VariantClear(&event->args[i]);
    IMsgrSession_Release(&event->session->IMsgrSession_iface);
    free(event);
}

static BOOL set_bstr_arg(VARIANT *arg, const char *text)
{
    V_VT(arg) = VT_BSTR;
    return (V_BSTR(arg) = bstr_from_utf8(text ? text : "")) != NULL;
}

static void set_i4_arg(VARIANT *arg, LONG value)
{
    V_VT(arg) = VT_I4;
    V_I4(arg) = value;
}

/* Translates a core event into its DMsgrSessionEvents event and arguments. */
static BOOL build_session_event(struct session_event *out, const struct core_event *event)
{
    HRESULT result = event->reason == CORE_E_PEER_HRESULT ? event->peer_hr : hresult_from_core(event->reason);

    switch (event->type)
    {
    case CORE_EVENT_STATE_CHANGED:
        out->event = EVENT_ON_STATE_CHANGED;
        set_i4_arg(&out->args[0], event->prev_state);
        return TRUE;
    case CORE_EVENT_APP_NOT_PRESENT:
        out->event = EVENT_ON_APP_NOT_PRESENT;
        return set_bstr_arg(&out->args[0], event->app_name) && set_bstr_arg(&out->args[1], event->app_url);
    case CORE_EVENT_ACCEPTED: out->event = EVENT_ON_ACCEPTED; return set_bstr_arg(&out->args[0], event->data);
    case CORE_EVENT_DECLINED: out->event = EVENT_ON_DECLINED; return set_bstr_arg(&out->args[0], event->data);
    case CORE_EVENT_CANCELLED:
        out->event = EVENT_ON_CANCELLED;
        return set_bstr_arg(&out->args[0], event->data);
    case CORE_EVENT_TERMINATION:
        out->event = EVENT_ON_TERMINATION;
        set_i4_arg(&out->args[0], result);
        return set_bstr_arg(&out->args[1], event->data);
    case CORE_EVENT_READY_TO_LAUNCH: out->event = EVENT_ON_READY_TO_LAUNCH; return TRUE;
    case CORE_EVENT_BEFORE_APP_LAUNCH:
        /* The agent is about to launch the application; a sink that clears
         * the flag keeps the session for an application already running. */
        out->event = EVENT_BEFORE_APP_LAUNCH;
        out->enable_default = VARIANT_TRUE;
        V_VT(&out->args[0]) = VT_BOOL | VT_BYREF;
        V_BOOLREF(&out->args[0]) = &out->enable_default;
        return TRUE;
    case CORE_EVENT_CONTEXT_DATA:
        out->event = EVENT_ON_CONTEXT_DATA;
        return set_bstr_arg(&out->args[0], event->data);
    case CORE_EVENT_SEND_ERROR:
        out->event = EVENT_ON_SEND_ERROR;
        set_i4_arg(&out->args[0], result);
        return TRUE;
    }
    return FALSE;
}

static void post_session_events(struct session **targets, unsigned int count, const struct core_event *event,
                                struct answer *answer);

void session_notify_event(uint64_t id, const struct core_event *event)
{
    struct answer *answer = NULL;
    struct session **targets = NULL;
    unsigned int count = 0, size = 0;
    struct list *cursor, *bucket;

    TRACE("%lu, event %d.\n", (unsigned long)id, event->type);

    /* Reference the target objects under the lock, post outside it: a
     * Release there could destroy one and take the lock again. */
    AcquireSRWLockShared(&sessions_lock);
    bucket = sessions_ready ? bucket_of(id) : NULL;
    for (cursor = bucket ? bucket->next : NULL; cursor && cursor != bucket; cursor = cursor->next)
        if (CONTAINING_RECORD(cursor, struct session, entry)->id == id) size++;
    if (size && (targets = calloc(size, sizeof(*targets))))
    {
        for (cursor = bucket->next; cursor != bucket; cursor = cursor->next)
        {
            struct session *session = CONTAINING_RECORD(cursor, struct session, entry);

            if (session->id == id && !session->lost && addref_if_alive(&session->ref))
            {
                InterlockedExchange(&session->seen_state, event->state);
                targets[count++] = session;
            }
        }
    }
    ReleaseSRWLockShared(&sessions_lock);
    if (size && !targets) ERR("Out of memory; session event lost.\n");
    /* The agent asks BeforeAppLaunch, and waits for this process's answer. */
    if (event->type == CORE_EVENT_BEFORE_APP_LAUNCH) answer = answer_new(SERVICE_OP_LAUNCH_ANSWER, id, count);
    post_session_events(targets, count, event, answer);
    free(targets);
}

void session_notify_lost(void)
{
    struct core_event changed = {0}, termination = {0};
    struct session **targets = NULL;
    unsigned int i, b, count = 0, size = 0;
    struct list *cursor;

    AcquireSRWLockShared(&sessions_lock);
    for (b = 0; sessions_ready && b < ARRAY_SIZE(sessions); b++)
        for (cursor = sessions[b].next; cursor != &sessions[b]; cursor = cursor->next)
            size++;
    if (size && (targets = calloc(size, sizeof(*targets))))
    {
        for (b = 0; b < ARRAY_SIZE(sessions); b++)
        {
            for (cursor = sessions[b].next; cursor != &sessions[b]; cursor = cursor->next)
            {
                struct session *session = CONTAINING_RECORD(cursor, struct session, entry);

                if (session->lost || !addref_if_alive(&session->ref)) continue;
                session->lost = TRUE;
                if (core_state_is_final((enum core_state)session->seen_state))
                {
                    /* Already over: only the handle is stale now. */
                    if (!InterlockedDecrement(&session->ref)) ERR("Leaking session %p.\n", session);
                    continue;
                }
                targets[count++] = session;
            }
        }
    }
    ReleaseSRWLockShared(&sessions_lock);

    /* One OnStateChanged/OnTermination pair per session, each posted with
     * the state that session was in. */
    changed.type = CORE_EVENT_STATE_CHANGED;
    termination.type = CORE_EVENT_TERMINATION;
    termination.reason = CORE_E_CONNECTION_FAILURE;
    changed.data = changed.app_name = changed.app_url = "";
    termination.data = termination.app_name = termination.app_url = "";
    changed.state = termination.state = CORE_STATE_TERMINATED;
    for (i = 0; i < count; i++)
    {
        struct session *session = targets[i];

        changed.prev_state = (enum core_state)session->seen_state;
        InterlockedExchange(&session->seen_state, SS_TERMINATED);
        IMsgrSession_AddRef(&session->IMsgrSession_iface);
        post_session_events(&targets[i], 1, &changed, NULL);
        post_session_events(&targets[i], 1, &termination, NULL);
    }
    free(targets);
}

/* Posts event to each target, consuming one reference on each. */
/* answer: what the sinks' answers to BeforeAppLaunch count towards. */
static void post_session_events(struct session **targets, unsigned int count, const struct core_event *event,
                                struct answer *answer)
{
    unsigned int i;

    for (i = 0; i < count; i++)
    {
        struct session_event *posted = calloc(1, sizeof(*posted));

        if (posted && build_session_event(posted, event))
        {
            posted->session = targets[i];
            posted->answer = answer;
            if (SUCCEEDED(apartment_post(targets[i]->apartment, fire_session_event, posted))) continue;
        }
        answer_give(answer, FALSE);
        ERR("Could not post session event %d.\n", event->type);
        if (posted)
        {
            unsigned int j;

            for (j = 0; j < ARRAY_SIZE(posted->args); j++)
                VariantClear(&posted->args[j]);
            free(posted);
        }
        /* This runs inside a service call: a last Release here would call
         * the service again and deadlock, so such an object is leaked. */
        if (!InterlockedDecrement(&targets[i]->ref)) ERR("Leaking session %p.\n", targets[i]);
    }
}
