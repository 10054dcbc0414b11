/*
 * events.js: DMsgrSessionManagerEvents and DMsgrSessionEvents reach JScript handlers.
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
 * Run by msgsc-script-host.exe (WScript.Check counts the results).
 */

var SR_SESSION_CANCELLED_LOCAL = 0x81000606 | 0;

/* Unique to this script: the tests share one Wine prefix and may run in parallel. */
var APP_GUID = "{6D5C1B6E-0A51-4C41-9E3A-7B1D2F3A4B04}";

/* Every handler appends "name(arguments)" to the log, so the order is checked too. */
var log = [];

/* Events are posted to this thread: they run while WScript.Sleep pumps messages.
 * Bounded wait until the log holds count events; the checks then say what arrived. */
function waitForEvents(count)
{
    for (var tries = 0; log.length < count && tries < 100; tries++) WScript.Sleep(50);
}

function hex(n)
{
    return "0x" + (n >>> 0).toString(16).toUpperCase();
}

function mgr_OnAppRegistered(guid)
{
    log.push("mgr.OnAppRegistered(" + guid + ")");
}

function mgr_OnAppUnRegistered(guid)
{
    log.push("mgr.OnAppUnRegistered(" + guid + ")");
}

function other_OnAppRegistered(guid)
{
    log.push("other.OnAppRegistered(" + guid + ")");
}

function sess_OnStateChanged(previous)
{
    log.push("sess.OnStateChanged(" + previous + ")");
}

function sess_OnTermination(hr, data)
{
    log.push("sess.OnTermination(" + hex(hr) + ", " + data + ")");
}

function check_log(expected, what)
{
    var text = log.join(";");
    WScript.Check(text === expected.join(";"), what + ": " + text + ", expected " + expected.join(";"));
}

var manager = WScript.CreateObject("Messenger.MsgrSessionManager", "mgr_");
var other = new ActiveXObject("Messenger.MsgrSessionManager");
WScript.ConnectObject(other, "other_");

/* Left over from an earlier run: unregister it and let both managers hear of that first. */
try
{
    manager.UnRegisterApplication(APP_GUID);
    waitForEvents(2);
}
catch (e)
{
}
log = [];

/* Registration is machine-wide: every manager of the process hears of it, after the call. */
manager.RegisterApplication(APP_GUID.toLowerCase(), "msgsc events.js", "http://example.org/",
                            "C:\\windows\\system32\\notepad.exe", 0);
WScript.Check(log.length === 0, "events ran inside RegisterApplication: " + log.join(";"));
waitForEvents(2);
check_log([ "mgr.OnAppRegistered(" + APP_GUID + ")", "other.OnAppRegistered(" + APP_GUID + ")" ],
          "after RegisterApplication");

/* A disconnected manager hears nothing; events of one thread arrive in order, so the
 * first manager's event shows the other's would have come already. */
WScript.DisconnectObject(other);
log = [];
manager.UnRegisterApplication(APP_GUID);
waitForEvents(1);
check_log([ "mgr.OnAppUnRegistered(" + APP_GUID + ")" ], "after UnRegisterApplication");

/* Cancel on a ready session: the state change, then the termination with the local reason. */
var session = manager.CreateSession();
WScript.ConnectObject(session, "sess_");
log = [];
session.Cancel(0, "bye");
waitForEvents(2);
check_log([ "sess.OnStateChanged(1)", "sess.OnTermination(" + hex(SR_SESSION_CANCELLED_LOCAL) + ", bye)" ],
          "after Cancel");
WScript.Check(session.State === 5, "State " + session.State + " after Cancel");
