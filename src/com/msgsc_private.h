/*
 * msgsc.dll private declarations: what the object files share.
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

#ifndef MSGSC_PRIVATE_H
#define MSGSC_PRIVATE_H

#define COBJMACROS
#include "win/platform.h"
#include <ole2.h>
#include <olectl.h>

#include "msgrpriv.h"
#include "msgrcontact.h"
#include "msgscapps.h"
#include "resource.h"
#include "client/client.h"
#include "core/list.h"
#include "win/appstore.h"
#include "win/module.h"

/* The manager's ProgIDs, as idl/msgrpriv.idl's progid and vi_progid give
 * them (widl writes neither into the header or the type library). */
#define MANAGER_PROGID    L"Messenger.MsgrSessionManager.1"
#define MANAGER_VI_PROGID L"Messenger.MsgrSessionManager"

/* AddRef that fails on an object whose count already reached zero (it is
 * being destroyed on another thread but still linked in a global list). */
static inline BOOL addref_if_alive(LONG *ref)
{
    LONG old;

    do
    {
        old = *ref;
        if (!old) return FALSE;
    } while (InterlockedCompareExchange(ref, old + 1, old) != old);
    return TRUE;
}

/* dispatch.c: type information from the type libraries embedded in this
 * module (TYPELIB 1 = msgrpriv, TYPELIB 2 = msgrcontact, TYPELIB 3 =
 * msgscapps), so late binding works with or without registration. */
typedef enum
{
    IMsgrSessionManager_tid,
    IMsgrSession_tid,
    IMessengerContact_tid,
    IMsgscApplications_tid,
    IMsgscApplication_tid,
    MsgrSessionManager_tid, /* coclass, for IProvideClassInfo */
    MsgrSession_tid,        /* coclass */
    LAST_tid
} tid_t;
HRESULT get_typeinfo(tid_t tid, ITypeInfo **typeinfo);
void release_typelibs(void);

/* dual.c: IDispatch of a dual interface, forwarded to its type info.
 * riid must be IID_NULL (DISP_E_UNKNOWNINTERFACE otherwise). */
HRESULT dispatch_get_typeinfo_count(UINT *count);
HRESULT dispatch_get_typeinfo(tid_t tid, UINT index, ITypeInfo **typeinfo);
HRESULT dispatch_get_ids(tid_t tid, REFIID riid, LPOLESTR *names, UINT count, DISPID *ids);
HRESULT dispatch_invoke(tid_t tid, void *iface, DISPID member, REFIID riid, WORD flags, DISPPARAMS *params,
                        VARIANT *result, EXCEPINFO *excepinfo, UINT *argerr);

/* dispatch.c: IProvideClassInfo2, embedded in an object and forwarding
 * IUnknown to outer. */
struct provideclassinfo
{
    IProvideClassInfo2 IProvideClassInfo2_iface;
    IUnknown *outer;
    tid_t coclass_tid;
    const IID *source_iid;
};
void init_classinfo(struct provideclassinfo *classinfo, IUnknown *outer, tid_t coclass_tid,
                    const IID *source_iid);

/* error.c: ISupportErrorInfo, embedded likewise; and error reporting.
 * hresult_from_core() is the one table from core status to HRESULT.
 * set_core_error() maps a status, and for failures fills IErrorInfo
 * (source = "Messenger.MsgrSessionManager" / "Messenger.MsgrSession",
 * description = the status's text in the string table) for the interface
 * iid; it returns the HRESULT.  set_error() does the same for an HRESULT
 * and a string (resource.h; 0 for the HRESULT's own description). */
struct support_errorinfo
{
    ISupportErrorInfo ISupportErrorInfo_iface;
    IUnknown *outer;
    const IID *iid;
};
void init_support_errorinfo(struct support_errorinfo *support, IUnknown *outer, const IID *iid);
HRESULT hresult_from_core(enum core_status status);
HRESULT set_core_error(enum core_status status, const IID *iid);
HRESULT set_error(HRESULT hr, const IID *iid, UINT description);

/* connpt.c: connection points, mshtml style.  The container is embedded in
 * its owner and forwards IUnknown to outer.  Firing holds a reference on
 * the owner and on every sink for the duration of each call, so a sink may
 * Unadvise or release the owner from inside an event. */
struct connection_point;
struct cp_container
{
    IConnectionPointContainer IConnectionPointContainer_iface;
    IUnknown *outer;
    struct connection_point *points;
    unsigned int count;
    /* Optional: told after each successful Advise (the manager's lock
     * announces going online only once someone listens). */
    void (*advised)(struct cp_container *container);
};
/* iids: the source interfaces, NULL-terminated; the first is the default. */
HRESULT cp_container_init(struct cp_container *container, IUnknown *outer, const IID *const *iids);
void cp_container_destroy(struct cp_container *container);
/* Calls IDispatch::Invoke(id, DISPATCH_METHOD) on every sink of iid.  args
 * are in declaration order (they are reversed into DISPPARAMS here). */
void cp_fire(struct cp_container *container, const IID *iid, DISPID id, VARIANT *args, unsigned int argc);

/* events.c: every event of DMsgrSessionManagerEvents and DMsgrSessionEvents,
 * so that code names them (EVENT_ON_ACCEPTED) and one table holds their
 * name, DISPID and argument kinds. */
enum msgr_event
{
    EVENT_ON_INVITATION,
    EVENT_ON_APP_REGISTERED,
    EVENT_ON_APP_UNREGISTERED,
    EVENT_ON_LOCK_CHALLENGE,
    EVENT_ON_LOCK_RESULT,
    EVENT_ON_LOCK_ENABLE,
    EVENT_ON_LOCK_STATUS_CHANGED,
    EVENT_ON_APP_SHUTDOWN,
    EVENT_ON_STATE_CHANGED,
    EVENT_ON_APP_NOT_PRESENT,
    EVENT_ON_ACCEPTED,
    EVENT_ON_DECLINED,
    EVENT_ON_CANCELLED,
    EVENT_ON_TERMINATION,
    EVENT_ON_READY_TO_LAUNCH,
    EVENT_BEFORE_APP_LAUNCH,
    EVENT_ON_CONTEXT_DATA,
    EVENT_ON_SEND_ERROR,
    EVENT_COUNT
};
#define EVENT_MAX_ARGS 3
struct event_info
{
    const char *name; /* as in the type library, and in a script's Sub obj_OnAccepted */
    const IID *source;
    DISPID dispid;
    unsigned int argc;
    VARTYPE args[EVENT_MAX_ARGS]; /* declaration order */
};
extern const struct event_info event_infos[EVENT_COUNT];
/* Fires event on the sinks of its source interface in container.  args
 * are in declaration order and must be of the table's kinds. */
void event_fire(struct cp_container *container, enum msgr_event event, VARIANT *args);

/* apartment.c: events are delivered on the thread that created the object,
 * through a message-only window, never inside the call that caused them.
 * apartment_get() returns the calling thread's apartment with a reference
 * (creating its window); objects keep it until they are destroyed. */
struct apartment;
struct apartment *apartment_get(void);
void apartment_addref(struct apartment *apartment);
void apartment_release(struct apartment *apartment);
/* Runs task(arg) later on the apartment's thread, from any thread.  On
 * failure task is not run and the caller still owns arg. */
typedef void (*apartment_task)(void *arg);
HRESULT apartment_post(struct apartment *apartment, apartment_task task, void *arg);
/* Runs posted tasks of the calling thread's apartment until none is left
 * (for callers without a message loop). */
void apartment_pump(void);
/* Makes sure the calling thread can make message-only windows (Wine 8 can
 * leave a thread unable to: apartment.c), for a thread whose COM apartment
 * makes its own window before any of ours. */
BOOL apartment_prepare_thread(void);

/* convert.c: strings.  NULL BSTR is "", and a BSTR ends at its first NUL
 * (callers pass plain wide literals; docs/behaviour.md).  Both return NULL
 * when out of memory; free the UTF-8 string with free(), the BSTR with
 * SysFreeString. */
char *utf8_from_bstr(BSTR str);
BSTR bstr_from_utf8(const char *str);
/* Writes the UTF-8 text of a GUID as "{...}" upper case. */
void utf8_from_guid(const GUID *guid, char out[CORE_GUID_CHARS + 1]);

/* Object constructors, and the notifications main.c passes on from the
 * client layer. */
HRESULT manager_create(IUnknown *outer, REFIID riid, void **out);
/* Takes over one service reference.  Events go to apartment (NULL: the
 * calling thread's); state is the session's state now. */
HRESULT session_create(struct apartment *apartment, uint64_t id, enum core_state state, IDispatch **out);
HRESULT contact_create(const char *signin, BOOL is_self, IDispatch **out);
HRESULT applications_create(IDispatch **out);
/* Resolves the sign-in name of what Invite was given: IMessengerContact, or
 * any IDispatch with a SigninName property.  *signin is malloc'd. */
HRESULT contact_signin_from_dispatch(IDispatch *user, char **signin);

void manager_notify_app_changed(const char *guid, BOOL registered);
/* The process reached the agent, or lost it: every manager's lock hears. */
void manager_notify_online(BOOL online);
BOOL manager_any_alive(void);
void manager_notify_invitation(uint64_t session, const char *data);

/* answer.c: a process's one answer to the agent, once each of sinks has
 * given its own (answer_give, yes = handled or vetoed).  NULL when there
 * is nothing to wait for: with no sinks the answer has gone already.
 * answer_give(NULL, ...) does nothing. */
struct answer;
struct answer *answer_new(enum service_op op, uint64_t session, unsigned int sinks);
void answer_give(struct answer *answer, BOOL yes);

void session_notify_event(uint64_t session, const struct core_event *event);
/* The broker is gone: every session that had not ended ends now, with
 * OnStateChanged and OnTermination(SR_CONNECTION_FAILURE). */
void session_notify_lost(void);

/* lock.c: IMsgrLock, embedded in the manager, forwarding IUnknown to outer.
 * Its events (OnLockChallenge, OnLockResult, OnLockStatusChanged) go to the
 * manager's DMsgrSessionManagerEvents sinks, posted to its apartment. */
#define LOCK_CHALLENGE_CHARS 32
struct msgr_lock
{
    IMsgrLock IMsgrLock_iface;
    IUnknown *outer;
    struct cp_container *events;
    struct apartment *apartment;
    BOOL strict;   /* LockMode "strict" (docs/lock.md), fixed at creation */
    BOOL listened; /* a sink was advised: status changes are announced */
    BOOL announce; /* online, not yet announced: nobody listened then */
    SRWLOCK guard; /* guards status, cookie and challenge */
    LockStatus status;
    LONG cookie;                              /* of the pending challenge */
    char challenge[LOCK_CHALLENGE_CHARS + 1]; /* the pending challenge, for the strict check */
};
void init_msgr_lock(struct msgr_lock *lock, IUnknown *outer, struct cp_container *events,
                    struct apartment *apartment);
/* S_OK when the manager's calls may run: always in the permissive default,
 * in strict mode only once unlocked; else MSGR_E_API_LOCKED with its
 * IErrorInfo for iid. */
HRESULT lock_check_unlocked(struct msgr_lock *lock, const IID *iid);
/* The manager is online (signed out: in process; signed in: taken by the
 * agent) or not any more: the status model of spec 5.4 with its events. */
void lock_set_online(struct msgr_lock *lock, BOOL online);
/* A sink was advised on the manager: an online lock announces itself now. */
void lock_sink_advised(struct msgr_lock *lock);

#endif
