/*
 * The events of the Session Invite API: one table of their names, DISPIDs and arguments.
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
#include "msgrdispid.h"

#define MGR  &DIID_DMsgrSessionManagerEvents
#define SESS &DIID_DMsgrSessionEvents

/* Argument kinds in declaration order, as IDispatch::Invoke receives them
 * (enums travel as VT_I4). */
const struct event_info event_infos[EVENT_COUNT] = {
    [EVENT_ON_INVITATION] =
        {"OnInvitation", MGR, DISPID_ONINVITATION, 3, {VT_DISPATCH, VT_BSTR, VT_BOOL | VT_BYREF}},
    [EVENT_ON_APP_REGISTERED] = {"OnAppRegistered", MGR, DISPID_ONAPPREGISTERED, 1, {VT_BSTR}},
    [EVENT_ON_APP_UNREGISTERED] = {"OnAppUnRegistered", MGR, DISPID_ONAPPUNREGISTERED, 1, {VT_BSTR}},
    [EVENT_ON_LOCK_CHALLENGE] = {"OnLockChallenge", MGR, DISPID_ONLOCKCHALLENGE, 2, {VT_I4, VT_BSTR}},
    [EVENT_ON_LOCK_RESULT] = {"OnLockResult", MGR, DISPID_ONLOCKRESULT, 2, {VT_I4, VT_BOOL}},
    [EVENT_ON_LOCK_ENABLE] = {"OnLockEnable", MGR, DISPID_ONLOCKENABLE, 1, {VT_BOOL}},
    [EVENT_ON_LOCK_STATUS_CHANGED] = {"OnLockStatusChanged", MGR, DISPID_ONLOCKSTATUSCHANGED, 1, {VT_I4}},
    [EVENT_ON_APP_SHUTDOWN] = {"OnAppShutdown", MGR, DISPID_ONAPPSHUTDOWN, 0, {0}},
    [EVENT_ON_STATE_CHANGED] = {"OnStateChanged", SESS, DISPID_ONSTATECHANGED, 1, {VT_I4}},
    [EVENT_ON_APP_NOT_PRESENT] = {"OnAppNotPresent", SESS, DISPID_ONAPPNOTPRESENT, 2, {VT_BSTR, VT_BSTR}},
    [EVENT_ON_ACCEPTED] = {"OnAccepted", SESS, DISPID_ONACCEPTED, 1, {VT_BSTR}},
    [EVENT_ON_DECLINED] = {"OnDeclined", SESS, DISPID_ONDECLINED, 1, {VT_BSTR}},
    [EVENT_ON_CANCELLED] = {"OnCancelled", SESS, DISPID_ONCANCELLED, 1, {VT_BSTR}},
    [EVENT_ON_TERMINATION] = {"OnTermination", SESS, DISPID_ONTERMINATION, 2, {VT_I4, VT_BSTR}},
    [EVENT_ON_READY_TO_LAUNCH] = {"OnReadyToLaunch", SESS, DISPID_ONREADYTOLAUNCH, 0, {0}},
    [EVENT_BEFORE_APP_LAUNCH] = {"BeforeAppLaunch", SESS, DISPID_BEFOREAPPLAUNCH, 1, {VT_BOOL | VT_BYREF}},
    [EVENT_ON_CONTEXT_DATA] = {"OnContextData", SESS, DISPID_ONCONTEXTDATA, 1, {VT_BSTR}},
    [EVENT_ON_SEND_ERROR] = {"OnSendError", SESS, DISPID_ONSENDERROR, 1, {VT_I4}},
};

void event_fire(struct cp_container *container, enum msgr_event event, VARIANT *args)
{
    const struct event_info *info = &event_infos[event];
    unsigned int i;

    for (i = 0; i < info->argc; i++)
    {
        if (V_VT(&args[i]) == info->args[i]) continue;
        ERR("%s: argument %u is of type %#x, not %#x; not fired.\n", info->name, i, V_VT(&args[i]),
            info->args[i]);
        return;
    }
    TRACE("%s.\n", info->name);
    cp_fire(container, info->source, info->dispid, args, info->argc);
}
