' invitee.vbs: bob as a VBScript, answering real invitations by their data.
'
' Copyright 2026 the msgsc authors
' SPDX-License-Identifier: LGPL-2.1-or-later (see LICENSE)
'
' Run by msgsc-script-host.exe, started by tests/net/script_peer.c (alice) with bob's
' identity in its environment (MSGSC_SIGNIN, MSGSC_LISTEN, MSGSC_CONTACTS), plus
' MSGSC_TEST_INVITER (alice's sign-in name) and MSGSC_TEST_APP (the application GUID).
' Registering that application tells alice the script is ready.  Each invitation's data
' says what to do: "accept", "decline", "wait for cancel", "poll" (no session events:
' only State and ContextData are read) and "quit".  Session events are recorded as the
' tokens of tests/net/party.h: S<prev>, A:, D:, X:, T:<hr in hex>:, R, B, C:, E:, N:.

Option Explicit

Const SS_INVITATION = 2
Const SS_ACCEPTED = 3
Const SS_CONNECTED = 4
Const SS_CANCELLED = 5
Const SS_DECLINED = 6
Const SF_INVITEE = 2
' HRESULTs as VBScript sees them: negative Longs.
Const SR_INVITATION_DECLINED = &H81000602
Const SR_SESSION_CANCELLED_REMOTE = &H81000607
Const SR_CANCEL_BEFORE_CONNECT = &H8100060A

' Environment rather than ExpandEnvironmentStrings, whose result counts the terminating
' NUL in Wine's wshom.ocx (length 6 for "hello").
Dim environment, inviter, appGuid
Set environment = CreateObject("WScript.Shell").Environment("PROCESS")
inviter = environment("MSGSC_TEST_INVITER")
appGuid = environment("MSGSC_TEST_APP")
If inviter = "" Or appGuid = "" Then
    WScript.Echo "invitee.vbs is started by test_net_script_peer.exe (no MSGSC_TEST_INVITER or MSGSC_TEST_APP)"
    WScript.Quit 2
End If

' Invitations in arrival order.  The events of one session all come before the next
' invitation (alice starts it only once hers has ended), so every session event belongs
' to the latest invitation; the main loop answers them one by one.
Const MAX_INVITATIONS = 16
Dim sessions(15), datas(15), logs(15), received, answered
received = 0
answered = 0

Sub Record(text)
    Dim i
    i = received - 1
    If logs(i) <> "" Then logs(i) = logs(i) & " "
    logs(i) = logs(i) & text
End Sub

' Bounded waits: WScript.Sleep dispatches messages, so events run inside them.
Sub WaitForLog(i, token)
    Dim tries
    tries = 0
    Do While InStr(logs(i), token) = 0 And tries < 200
        WScript.Sleep 50
        tries = tries + 1
    Loop
    WScript.Check InStr(logs(i), token) > 0, datas(i) & ": no " & token & " in """ & logs(i) & """"
End Sub

Sub CheckLog(i, expected)
    WScript.Check logs(i) = expected, datas(i) & ": events """ & logs(i) & """, expected """ & expected & """"
End Sub

' Everything an invitation carries (spec 2.2, 4.4), read while it is outstanding.
Sub CheckInvitation(session, data)
    Dim id
    WScript.Check session.State = SS_INVITATION, data & ": State " & session.State
    WScript.Check session.Flags = SF_INVITEE, data & ": Flags " & session.Flags
    WScript.Check UCase(session.Application) = UCase(appGuid), data & ": Application " & session.Application
    WScript.Check session.ApplicationName = "Chess Board", data & ": ApplicationName " & session.ApplicationName
    WScript.Check session.ApplicationURL = "http://apps.example.org/chess/", _
                  data & ": ApplicationURL " & session.ApplicationURL
    WScript.Check session.ContextData = data, data & ": ContextData " & session.ContextData
    id = session.SessionID
    WScript.Check Len(id) = 38 And Left(id, 1) = "{" And id = UCase(id), data & ": SessionID " & id
    WScript.Check LCase(session.User.SigninName) = LCase(inviter), _
                  data & ": User.SigninName " & session.User.SigninName
End Sub

Sub mgr_OnInvitation(session, data, handled)
    WScript.Check handled = False, data & ": handled comes in " & handled
    handled = True
    If received = MAX_INVITATIONS Then
        WScript.Check False, "too many invitations: """ & data & """"
        Exit Sub
    End If
    Set sessions(received) = session
    datas(received) = data
    logs(received) = ""
    received = received + 1
    ' Connected before any later event of this session is dispatched: none is lost.
    If data <> "poll" And data <> "quit" Then WScript.ConnectObject session, "sess_"
    CheckInvitation session, data
End Sub

' Spec 3.4 rule 1: the state has changed before OnStateChanged runs.
Sub sess_OnStateChanged(previous)
    Dim session
    Set session = sessions(received - 1)
    Record "S" & previous
    WScript.Check session.State <> previous, datas(received - 1) & ": State still " & previous & " in OnStateChanged"
    ' Connected: bob's SessionID goes to alice as context data.
    If datas(received - 1) = "accept" And previous = SS_ACCEPTED And session.State = SS_CONNECTED Then
        session.SendContextData session.SessionID
    End If
End Sub

Sub sess_OnAppNotPresent(name, url)
    Record "N:" & name
End Sub

Sub sess_OnAccepted(data)
    Record "A:" & data
End Sub

Sub sess_OnDeclined(data)
    Record "D:" & data
End Sub

Sub sess_OnCancelled(data)
    Record "X:" & data
End Sub

Sub sess_OnTermination(hr, data)
    Dim state
    Record "T:" & LCase(Hex(hr)) & ":" & data
    WScript.Check VarType(hr) = vbLong And hr < 0, datas(received - 1) & ": hr " & hr & " is not a negative Long"
    state = sessions(received - 1).State
    WScript.Check state >= SS_CANCELLED, datas(received - 1) & ": State " & state & " in OnTermination"
End Sub

Sub sess_OnReadyToLaunch()
    Record "R"
End Sub

Sub sess_OnContextData(data)
    Record "C:" & data
End Sub

Sub sess_OnSendError(hr)
    Record "E:" & LCase(Hex(hr))
End Sub

Sub sess_OnBeforeAppLaunch(enable)
    Record "B"
End Sub

' Reads State without dispatching messages: it comes from the broker, so a script that
' never pumps still sees the session move.
Function SpinForState(session, wanted)
    Dim start, elapsed
    start = Timer
    Do
        SpinForState = session.State
        If SpinForState = wanted Then Exit Function
        elapsed = Timer - start
        If elapsed < 0 Then elapsed = elapsed + 86400
    Loop While elapsed < 10
End Function

' The same with WScript.Sleep, until State is final.
Function PollForEnd(session)
    Dim tries
    tries = 0
    Do
        PollForEnd = session.State
        If PollForEnd >= SS_CANCELLED Or tries >= 200 Then Exit Function
        WScript.Sleep 50
        tries = tries + 1
    Loop
End Function

Sub Answer(i)
    Dim session, data, tries, state
    Set session = sessions(i)
    data = datas(i)
    Select Case data
    Case "accept"
        ' Connected, then alice's context data and her Cancel (SR_SESSION_CANCELLED_REMOTE).
        session.Accept "yes"
        WaitForLog i, "T:"
        CheckLog i, "S2 R S3 C:hello from alice S4 X:bye T:" & LCase(Hex(SR_SESSION_CANCELLED_REMOTE)) & ":bye"
        WScript.Check session.State = SS_CANCELLED, data & ": State " & session.State & " at the end"
        WScript.Check session.ContextData = "hello from alice", data & ": ContextData " & session.ContextData
    Case "decline"
        session.Decline "no thanks"
        WaitForLog i, "T:"
        CheckLog i, "S2 T:" & LCase(Hex(SR_INVITATION_DECLINED)) & ":no thanks"
        WScript.Check session.State = SS_DECLINED, data & ": State " & session.State & " at the end"
    Case "wait for cancel"
        ' Alice cancels once we have seen the invitation (tests/net/party.h, hear_word).
        CreateObject("Scripting.FileSystemObject").CreateTextFile("invited-" & appGuid & ".word", True).Close
        WaitForLog i, "T:"
        CheckLog i, "S2 X:changed my mind T:" & LCase(Hex(SR_CANCEL_BEFORE_CONNECT)) & ":changed my mind"
        WScript.Check session.State = SS_CANCELLED, data & ": State " & session.State & " at the end"
    Case "poll"
        ' No session events: the script only reads properties.
        session.Accept "polled"
        state = SpinForState(session, SS_CONNECTED)
        WScript.Check state = SS_CONNECTED, data & ": State " & state & ", never connected"
        session.SendContextData session.SessionID
        tries = 0
        Do While session.ContextData <> "hello poller" And session.State < SS_CANCELLED And tries < 200
            WScript.Sleep 50
            tries = tries + 1
        Loop
        WScript.Check session.ContextData = "hello poller", data & ": ContextData " & session.ContextData
        session.SendContextData "seen"
        state = PollForEnd(session)
        WScript.Check state = SS_CANCELLED, data & ": State " & state & " at the end"
        CheckLog i, ""
    Case "quit"
        session.Decline "bye"
        state = PollForEnd(session)
        WScript.Check state = SS_DECLINED, data & ": State " & state & " at the end"
    Case Else
        WScript.Check False, "unknown instruction """ & data & """"
    End Select
    WScript.Echo data & ": " & logs(i)
    WScript.DisconnectObject session
    Set sessions(i) = Nothing
End Sub

Dim manager, tries
' Creating the manager connects this process to bob's broker (starting it):
' invitations reach it from now.
Set manager = WScript.CreateObject("Messenger.MsgrSessionManager", "mgr_")
' Bob has the application: alice sees it registered and starts inviting.
manager.RegisterApplication appGuid, "Chess Board", "http://apps.example.org/chess/", "C:\windows\notepad.exe", 0

Do
    tries = 0
    Do While answered = received And tries < 400
        WScript.Sleep 50
        tries = tries + 1
    Loop
    If answered = received Then
        WScript.Check False, "no invitation after " & answered & " answered"
        Exit Do
    End If
    Answer answered
    answered = answered + 1
Loop Until datas(answered - 1) = "quit"

manager.UnRegisterApplication appGuid
