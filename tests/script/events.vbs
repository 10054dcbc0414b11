' events.vbs: DMsgrSessionManagerEvents and DMsgrSessionEvents reach VBScript handlers.
'
' Copyright 2026 the msgsc authors
' SPDX-License-Identifier: LGPL-2.1-or-later (see LICENSE)
'
' Run by msgsc-script-host.exe (WScript.Check counts the results).

Option Explicit

' HRESULTs as VBScript sees them in Err.Number: signed 32-bit numbers.
Const E_INVALIDARG = &H80070057
Const SR_SESSION_NOT_READY = &H81000605
Const SR_APP_ALREADY_REGISTERED = &H8100060D
Const SR_APP_NOT_REGISTERED = &H8100060E
Const SR_APP_NOT_SPECIFIED = &H81000610
Const SR_NO_USER_INVITED = &H81000612
' VBScript reports E_NOTIMPL (0x80004001) as its own errorOption Explicit

Const SR_SESSION_CANCELLED_LOCAL = &H81000606

' Unique to this script: the tests share one Wine prefix and may run in parallel.
Const APP_GUID = "{6D5C1B6E-0A51-4C41-9E3A-7B1D2F3A4B03}"

' Every handler appends "name(arguments)" to the log, so the order is checked too.
Dim log, events
log = ""
events = 0

Sub Record(text)
    log = log & text & ";"
    events = events + 1
End Sub

' Events are posted to this thread: they run while WScript.Sleep pumps messages.
' Bounded wait until the log holds count events; the checks then say what arrived.
Sub WaitForEvents(count)
    Dim tries
    tries = 0
    Do While events < count And tries < 100
        WScript.Sleep 50
        tries = tries + 1
    Loop
End Sub

Sub mgr_OnAppRegistered(guid)
    Record "mgr.OnAppRegistered(" & guid & ")"
End Sub

Sub mgr_OnAppUnRegistered(guid)
    Record "mgr.OnAppUnRegistered(" & guid & ")"
End Sub

Sub other_OnAppRegistered(guid)
    Record "other.OnAppRegistered(" & guid & ")"
End Sub

Sub other_OnAppUnRegistered(guid)
    Record "other.OnAppUnRegistered(" & guid & ")"
End Sub

Sub sess_OnStateChanged(previous)
    Record "sess.OnStateChanged(" & previous & ")"
End Sub

Sub sess_OnTermination(hr, data)
    Record "sess.OnTermination(0x" & Hex(hr) & ", " & data & ")"
End Sub

Dim manager, other, session, expected

Set manager = WScript.CreateObject("Messenger.MsgrSessionManager", "mgr_")
Set other = CreateObject("Messenger.MsgrSessionManager")
WScript.ConnectObject other, "other_"

' Left over from an earlier run: unregister it and let both managers hear of that first.
On Error Resume Next
manager.UnRegisterApplication APP_GUID
If Err.Number = 0 Then WaitForEvents 2
On Error GoTo 0
log = ""
events = 0

' Registration is machine-wide: every manager of the process hears of it, after the call.
manager.RegisterApplication LCase(APP_GUID), "msgsc events.vbs", "http://example.org/", "C:\windows\system32\notepad.exe", 0
WScript.Check events = 0, "events ran inside RegisterApplication: " & log
WaitForEvents 2
expected = "mgr.OnAppRegistered(" & APP_GUID & ");other.OnAppRegistered(" & APP_GUID & ");"
WScript.Check log = expected, "after RegisterApplication: " & log & ", expected " & expected

' A disconnected manager hears nothing; events of one thread arrive in order, so the
' first manager's event shows the other's would have come already.
WScript.DisconnectObject other
log = ""
events = 0
manager.UnRegisterApplication APP_GUID
WaitForEvents 1
expected = "mgr.OnAppUnRegistered(" & APP_GUID & ");"
WScript.Check log = expected, "after UnRegisterApplication: " & log & ", expected " & expected

' Cancel on a ready session: the state change, then the termination with the local reason.
Set session = manager.CreateSession()
WScript.ConnectObject session, "sess_"
log = ""
events = 0
session.Cancel 0, "bye"
WaitForEvents 2
expected = "sess.OnStateChanged(1);sess.OnTermination(0x" & Hex(SR_SESSION_CANCELLED_LOCAL) & ", bye);"
WScript.Check log = expected, "after Cancel: " & log & ", expected " & expected
WScript.Check session.State = 5, "State " & session.State & " after Cancel"
