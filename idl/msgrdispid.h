/*
 * DISPIDs of the Session Invite API: the one table, used by idl/msgrpriv.idl's [id()], src/ and tests.
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

#ifndef MSGRDISPID_H
#define MSGRDISPID_H

/* IMsgrSessionManager */
#define DISPID_MGR_CREATESESSION         0
#define DISPID_MGR_GETLAUNCHINGSESSION   1
#define DISPID_MGR_REGISTERAPPLICATION   2
#define DISPID_MGR_UNREGISTERAPPLICATION 3
#define DISPID_MGR_APPLICATIONS          4

/* IMsgrSession */
#define DISPID_SESSION_APPLICATION     0
#define DISPID_SESSION_STATE           1
#define DISPID_SESSION_INVITE          2
#define DISPID_SESSION_DECLINE         3
#define DISPID_SESSION_CANCEL          4
#define DISPID_SESSION_ACCEPT          5
#define DISPID_SESSION_REMOTEADDRESS   6
#define DISPID_SESSION_SESSIONID       7
#define DISPID_SESSION_CONTEXTDATA     8
#define DISPID_SESSION_APPLICATIONNAME 9
#define DISPID_SESSION_APPLICATIONURL  10
#define DISPID_SESSION_FLAGS           11
#define DISPID_SESSION_USER            12
#define DISPID_SESSION_LOCALADDRESS    13
#define DISPID_SESSION_SENDCONTEXTDATA 14

/* DMsgrSessionManagerEvents */
#define DISPID_ONINVITATION        100
#define DISPID_ONAPPREGISTERED     101
#define DISPID_ONAPPUNREGISTERED   102
#define DISPID_ONAPPSHUTDOWN       126
#define DISPID_ONLOCKCHALLENGE     145
#define DISPID_ONLOCKRESULT        146
#define DISPID_ONLOCKENABLE        147
#define DISPID_ONLOCKSTATUSCHANGED 12288

/* DMsgrSessionEvents */
#define DISPID_ONSTATECHANGED  103
#define DISPID_ONAPPNOTPRESENT 104
#define DISPID_ONACCEPTED      105
#define DISPID_ONDECLINED      106
#define DISPID_ONCANCELLED     107
#define DISPID_ONTERMINATION   108
#define DISPID_ONREADYTOLAUNCH 109
#define DISPID_ONCONTEXTDATA   110
#define DISPID_ONSENDERROR     111
#define DISPID_BEFOREAPPLAUNCH 112

#endif
