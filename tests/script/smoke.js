/*
 * smoke.js: the manager and a session from Wine's own cscript (no events there: state is polled).
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
 *
 *
 * The ctest matches the echoed lines; any error stops cscript before "smoke done".
 */

var manager = new ActiveXObject("Messenger.MsgrSessionManager");
var session = manager.CreateSession();
WScript.Echo("State " + session.State);
WScript.Echo("Flags " + session.Flags);
WScript.Echo("SessionID " + session.SessionID);
WScript.Echo("LocalAddress " + session.LocalAddress);
session.Cancel(0, "bye");
WScript.Echo("State after Cancel " + session.State);
WScript.Echo("smoke done");
