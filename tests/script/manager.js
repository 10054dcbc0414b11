/*
 * manager.js: MsgrSessionManager and MsgrSession through late binding from JScript.
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

/* HRESULTs as JScript sees them in e.number: signed 32-bit numbers. */
var E_INVALIDARG = 0x80070057 | 0;
var E_NOTIMPL = 0x80004001 | 0;
var DISP_E_TYPEMISMATCH = 0x80020005 | 0;
var SR_SESSION_NOT_READY = 0x81000605 | 0;
var SR_APP_ALREADY_REGISTERED = 0x8100060d | 0;
var SR_APP_NOT_REGISTERED = 0x8100060e | 0;
var SR_APP_NOT_SPECIFIED = 0x81000610 | 0;
var SR_NO_USER_INVITED = 0x81000612 | 0;
var MSGR_E_NOT_LOGGED_ON = 0x8100031e | 0;

/* Unique to this script: the tests share one Wine prefix and may run in parallel. */
var APP_GUID = "{6D5C1B6E-0A51-4C41-9E3A-7B1D2F3A4B02}";
var APP_NAME = "msgsc manager.js";
var APP_URL = "http://example.org/manager-js";
var APP_PATH = "C:\\windows\\system32\\notepad.exe";

function hex(n)
{
    return "0x" + (n >>> 0).toString(16);
}

/* Runs f, which must throw the COM error expected, with a description. */
function expect(expected, what, f)
{
    try
    {
        f();
    }
    catch (e)
    {
        WScript.Check(e.number === expected, what + ": e.number " + hex(e.number) + ", expected " + hex(expected));
        WScript.Check(e.description != "", what + ": empty e.description");
        return;
    }
    WScript.Check(false, what + ": no error, expected " + hex(expected));
}

function repeat(text, count)
{
    return new Array(count + 1).join(text);
}

var manager = new ActiveXObject("Messenger.MsgrSessionManager");
var session = manager.CreateSession();
var id, apps, e, count, found;

/* A new session is an inviter's, ready, with nothing set. */
WScript.Check(session.State === 1, "State " + session.State + ", expected SS_READY (1)");
WScript.Check(session.Flags === 1, "Flags " + session.Flags + ", expected SF_INVITER (1)");
id = session.SessionID;
WScript.Check(/^\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}$/.test(id), "SessionID " + id);
WScript.Check(id === session.SessionID, "SessionID changed between reads");
WScript.Check(id !== manager.CreateSession().SessionID, "two sessions share SessionID " + id);
WScript.Check(session.LocalAddress.length > 0, "empty LocalAddress");
WScript.Check(session.RemoteAddress === "", "RemoteAddress " + session.RemoteAddress + " before any peer");
WScript.Check(session.ContextData === "", "ContextData " + session.ContextData + " before any data");

expect(SR_APP_NOT_SPECIFIED, "get Application before it was set", function() { return session.Application; });
expect(SR_APP_NOT_SPECIFIED, "get ApplicationName before Application was set",
       function() { return session.ApplicationName; });
expect(SR_APP_NOT_SPECIFIED, "get ApplicationURL before Application was set",
       function() { return session.ApplicationURL; });
expect(SR_NO_USER_INVITED, "get User before Invite", function() { return session.User; });

/* A bad GUID is refused and leaves the session as it was. */
expect(E_INVALIDARG, "put Application malformed", function() { session.Application = "{not a guid}"; });
try
{
    manager.UnRegisterApplication(APP_GUID); /* left over from an earlier run */
}
catch (e)
{
}
expect(SR_APP_NOT_REGISTERED, "put Application of an unregistered GUID",
       function() { session.Application = APP_GUID; });
expect(SR_APP_NOT_REGISTERED, "UnRegisterApplication of an unregistered GUID",
       function() { manager.UnRegisterApplication(APP_GUID); });
expect(E_INVALIDARG, "RegisterApplication with flags 1",
       function() { manager.RegisterApplication(APP_GUID, APP_NAME, APP_URL, APP_PATH, 1); });

manager.RegisterApplication(APP_GUID.toLowerCase(), APP_NAME, APP_URL, APP_PATH, 0);
expect(SR_APP_ALREADY_REGISTERED, "RegisterApplication twice",
       function() { manager.RegisterApplication(APP_GUID, APP_NAME, APP_URL, APP_PATH, 0); });

/* The collection of registered applications, or the documented E_NOTIMPL of the original. */
try
{
    apps = manager.Applications;
}
catch (e)
{
    WScript.Check(e.number === E_NOTIMPL, "Applications: e.number " + hex(e.number) + ", expected E_NOTIMPL");
    WScript.Skip("Applications is not implemented (E_NOTIMPL)");
}
if (apps)
{
    count = 0;
    found = false;
    for (e = new Enumerator(apps); !e.atEnd(); e.moveNext())
    {
        count++;
        if (String(e.item()).toUpperCase() === APP_GUID) found = true;
    }
    WScript.Check(count === apps.Count, "Enumerator gave " + count + " items, Count " + apps.Count);
    WScript.Check(found, "Applications lacks " + APP_GUID);
}

session.Application = APP_GUID.toLowerCase();
WScript.Check(session.Application === APP_GUID, "Application " + session.Application + ", expected " + APP_GUID);
WScript.Check(session.ApplicationName === APP_NAME, "ApplicationName " + session.ApplicationName);
WScript.Check(session.ApplicationURL === APP_URL, "ApplicationURL " + session.ApplicationURL);

/* Invite checks its arguments before sign-in; with no transport a valid call is "not logged on". */
var bob = {SigninName : "bob@example.org"};
/* JScript passes null as VT_NULL, which no automation call converts to an object. */
try
{
    session.Invite(null, "");
    WScript.Check(false, "Invite null: no error");
}
catch (e)
{
    WScript.Check(e.number === DISP_E_TYPEMISMATCH, "Invite null: e.number " + hex(e.number));
}
expect(E_INVALIDARG, "Invite an object without SigninName", function() { session.Invite({}, ""); });
expect(E_INVALIDARG, "Invite with 513 bytes of AppData", function() { session.Invite(bob, repeat("x", 513)); });
/* Three bytes of UTF-8 each: 171 characters are 513 bytes. */
expect(E_INVALIDARG, "Invite with 171 three-byte characters", function() { session.Invite(bob, repeat("\u20ac", 171)); });
expect(MSGR_E_NOT_LOGGED_ON, "Invite with 512 bytes of AppData", function() { session.Invite(bob, repeat("x", 512)); });
expect(MSGR_E_NOT_LOGGED_ON, "Invite an object literal", function() { session.Invite(bob, "hello"); });
WScript.Check(session.State === 1, "State " + session.State + " after a refused Invite");

session.Cancel(0, "bye");
WScript.Check(session.State === 5, "State " + session.State + " after Cancel, expected SS_CANCELLED (5)");
expect(SR_SESSION_NOT_READY, "Invite after Cancel", function() { session.Invite(bob, ""); });

manager.UnRegisterApplication(APP_GUID);
expect(SR_SESSION_NOT_READY, "put Application after Cancel", function() { session.Application = APP_GUID; });
