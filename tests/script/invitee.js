/*
 * invitee.js: bob as a JScript, answering real invitations by their data.
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
 * Run by msgsc-script-host.exe, started by tests/net/script_peer.c (alice) with bob's
 * identity in its environment (MSGSC_SIGNIN, MSGSC_LISTEN, MSGSC_CONTACTS), plus
 * MSGSC_TEST_INVITER (alice's sign-in name) and MSGSC_TEST_APP (the application GUID).
 * Registering that application tells alice the script is ready.  Each invitation's data
 * says what to do: "accept", "decline", "wait for cancel", "poll" (no session events:
 * only State and ContextData are read) and "quit".  Session events are recorded as the
 * tokens of tests/net/party.h: S<prev>, A:, D:, X:, T:<hr in hex>:, R, B, C:, E:, N:.
 */

var SS_INVITATION = 2, SS_ACCEPTED = 3, SS_CONNECTED = 4, SS_CANCELLED = 5, SS_DECLINED = 6;
var SF_INVITEE = 2;
/* HRESULTs as JScript sees them: negative numbers. */
var SR_INVITATION_DECLINED = 0x81000602 | 0;
var SR_SESSION_CANCELLED_REMOTE = 0x81000607 | 0;
var SR_CANCEL_BEFORE_CONNECT = 0x8100060A | 0;

/* Environment rather than ExpandEnvironmentStrings, whose result counts the terminating
 * NUL in Wine's wshom.ocx (length 6 for "hello"). */
var environment = new ActiveXObject("WScript.Shell").Environment("PROCESS");
var inviter = environment("MSGSC_TEST_INVITER");
var appGuid = environment("MSGSC_TEST_APP");
if (!inviter || !appGuid)
{
    WScript.Echo("invitee.js is started by test_net_script_peer.exe (no MSGSC_TEST_INVITER or MSGSC_TEST_APP)");
    WScript.Quit(2);
}

function hex(hr)
{
    return (hr >>> 0).toString(16);
}

/* Invitations in arrival order.  The events of one session all come before the next
 * invitation (alice starts it only once hers has ended), so every session event belongs
 * to the latest invitation; the main loop answers them one by one. */
var invitations = [];
var answered = 0;

function latest()
{
    return invitations[invitations.length - 1];
}

function record(text)
{
    latest().log.push(text);
}

/* Bounded waits: WScript.Sleep dispatches messages, so events run inside them. */
function waitForLog(invitation, token)
{
    for (var tries = 0; invitation.log.join(" ").indexOf(token) < 0 && tries < 200; tries++) WScript.Sleep(50);
    WScript.Check(invitation.log.join(" ").indexOf(token) >= 0,
                  invitation.data + ": no " + token + " in \"" + invitation.log.join(" ") + "\"");
}

function checkLog(invitation, expected)
{
    var text = invitation.log.join(" ");
    WScript.Check(text === expected, invitation.data + ": events \"" + text + "\", expected \"" + expected + "\"");
}

/* Everything an invitation carries (spec 2.2, 4.4), read while it is outstanding. */
function checkInvitation(session, data)
{
    var id = session.SessionID;

    WScript.Check(session.State === SS_INVITATION, data + ": State " + session.State);
    WScript.Check(session.Flags === SF_INVITEE, data + ": Flags " + session.Flags);
    WScript.Check(session.Application.toUpperCase() === appGuid.toUpperCase(),
                  data + ": Application " + session.Application);
    WScript.Check(session.ApplicationName === "Chess Board", data + ": ApplicationName " + session.ApplicationName);
    WScript.Check(session.ApplicationURL === "http://apps.example.org/chess/",
                  data + ": ApplicationURL " + session.ApplicationURL);
    WScript.Check(session.ContextData === data, data + ": ContextData " + session.ContextData);
    WScript.Check(/^\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}$/.test(id),
                  data + ": SessionID " + id);
    WScript.Check(session.User.SigninName.toLowerCase() === inviter.toLowerCase(),
                  data + ": User.SigninName " + session.User.SigninName);
}

/* handled (VT_BOOL | VT_BYREF) is left alone: JScript cannot set a by-reference
 * argument, and Wine's JScript fails with E_NOTIMPL on merely reading one.  msgsc only
 * offers the flag (spec Q8), so the invitation waits for the answer either way. */
function mgr_OnInvitation(session, data, handled)
{
    invitations.push({session: session, data: data, log: []});
    /* Connected before any later event of this session is dispatched: none is lost. */
    if (data !== "poll" && data !== "quit") WScript.ConnectObject(session, "sess_");
    checkInvitation(session, data);
}

/* Spec 3.4 rule 1: the state has changed before OnStateChanged runs. */
function sess_OnStateChanged(previous)
{
    var invitation = latest(), session = invitation.session;

    record("S" + previous);
    WScript.Check(session.State !== previous, invitation.data + ": State still " + previous + " in OnStateChanged");
    /* Connected: bob's SessionID goes to alice as context data. */
    if (invitation.data === "accept" && previous === SS_ACCEPTED && session.State === SS_CONNECTED)
        session.SendContextData(session.SessionID);
}

function sess_OnAppNotPresent(name, url)
{
    record("N:" + name);
}

function sess_OnAccepted(data)
{
    record("A:" + data);
}

function sess_OnDeclined(data)
{
    record("D:" + data);
}

function sess_OnCancelled(data)
{
    record("X:" + data);
}

function sess_OnTermination(hr, data)
{
    var invitation = latest(), state = invitation.session.State;

    record("T:" + hex(hr) + ":" + data);
    WScript.Check(typeof hr === "number" && hr < 0, invitation.data + ": hr " + hr + " is not negative");
    WScript.Check(state >= SS_CANCELLED, invitation.data + ": State " + state + " in OnTermination");
}

function sess_OnReadyToLaunch()
{
    record("R");
}

function sess_OnContextData(data)
{
    record("C:" + data);
}

function sess_OnSendError(hr)
{
    record("E:" + hex(hr));
}

function sess_OnBeforeAppLaunch(enable)
{
    record("B");
}

/* Reads State without dispatching messages: it comes from the broker, so a script that
 * never pumps still sees the session move. */
function spinForState(session, wanted)
{
    var start = new Date().getTime(), state;

    do
    {
        state = session.State;
        if (state === wanted) break;
    } while (new Date().getTime() - start < 10000);
    return state;
}

/* The same with WScript.Sleep, until State is final. */
function pollForEnd(session)
{
    var state, tries;

    for (tries = 0; (state = session.State) < SS_CANCELLED && tries < 200; tries++) WScript.Sleep(50);
    return state;
}

function answer(invitation)
{
    var session = invitation.session, data = invitation.data, state, tries;

    switch (data)
    {
    case "accept":
        /* Connected, then alice's context data and her Cancel (SR_SESSION_CANCELLED_REMOTE). */
        session.Accept("yes");
        waitForLog(invitation, "T:");
        checkLog(invitation, "S2 R S3 C:hello from alice S4 X:bye T:" + hex(SR_SESSION_CANCELLED_REMOTE) + ":bye");
        WScript.Check(session.State === SS_CANCELLED, data + ": State " + session.State + " at the end");
        WScript.Check(session.ContextData === "hello from alice", data + ": ContextData " + session.ContextData);
        break;
    case "decline":
        session.Decline("no thanks");
        waitForLog(invitation, "T:");
        checkLog(invitation, "S2 T:" + hex(SR_INVITATION_DECLINED) + ":no thanks");
        WScript.Check(session.State === SS_DECLINED, data + ": State " + session.State + " at the end");
        break;
    case "wait for cancel":
        /* Alice cancels once we have seen the invitation (tests/net/party.h, hear_word). */
        new ActiveXObject("Scripting.FileSystemObject").CreateTextFile("invited-" + appGuid + ".word", true).Close();
        waitForLog(invitation, "T:");
        checkLog(invitation, "S2 X:changed my mind T:" + hex(SR_CANCEL_BEFORE_CONNECT) + ":changed my mind");
        WScript.Check(session.State === SS_CANCELLED, data + ": State " + session.State + " at the end");
        break;
    case "poll":
        /* No session events: the script only reads properties. */
        session.Accept("polled");
        state = spinForState(session, SS_CONNECTED);
        WScript.Check(state === SS_CONNECTED, data + ": State " + state + ", never connected");
        session.SendContextData(session.SessionID);
        for (tries = 0; session.ContextData !== "hello poller" && session.State < SS_CANCELLED && tries < 200; tries++)
            WScript.Sleep(50);
        WScript.Check(session.ContextData === "hello poller", data + ": ContextData " + session.ContextData);
        session.SendContextData("seen");
        state = pollForEnd(session);
        WScript.Check(state === SS_CANCELLED, data + ": State " + state + " at the end");
        checkLog(invitation, "");
        break;
    case "quit":
        session.Decline("bye");
        state = pollForEnd(session);
        WScript.Check(state === SS_DECLINED, data + ": State " + state + " at the end");
        break;
    default:
        WScript.Check(false, "unknown instruction \"" + data + "\"");
    }
    WScript.Echo(data + ": " + invitation.log.join(" "));
    WScript.DisconnectObject(session);
    invitation.session = null;
}

/* Creating the manager connects this process to bob's broker (starting it): invitations
 * reach it from now. */
var manager = WScript.CreateObject("Messenger.MsgrSessionManager", "mgr_");
/* Bob has the application: alice sees it registered and starts inviting. */
manager.RegisterApplication(appGuid, "Chess Board", "http://apps.example.org/chess/", "C:\\windows\\notepad.exe", 0);

for (;;)
{
    var tries;

    for (tries = 0; answered === invitations.length && tries < 400; tries++) WScript.Sleep(50);
    if (answered === invitations.length)
    {
        WScript.Check(false, "no invitation after " + answered + " answered");
        break;
    }
    answer(invitations[answered]);
    if (invitations[answered++].data === "quit") break;
}

manager.UnRegisterApplication(appGuid);
