' manager.vbs: MsgrSessionManager and MsgrSession through late binding from VBScript.
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
' VBScript reports E_NOTIMPL (0x80004001) as its own error 445, "Object doesn't support this action".
Const VB_E_NOTIMPL = 445
Const MSGR_E_NOT_LOGGED_ON = &H8100031E

' Unique to this script: the tests share one Wine prefix and may run in parallel.
Const APP_GUID = "{6D5C1B6E-0A51-4C41-9E3A-7B1D2F3A4B01}"
Const APP_NAME = "msgsc manager.vbs"
Const APP_URL = "http://example.org/manager-vbs"

' A contact as Invite accepts it: any object with a SigninName property.
Class Contact
    Private name
    Public Property Get SigninName
        SigninName = name
    End Property
    Public Property Let SigninName(value)
        name = value
    End Property
End Class

' No property at all: Invite cannot find a sign-in name.
Class Nameless
End Class

' Checks the error the previous statement raised (under On Error Resume Next), then clears it.
Sub Expect(expected, what)
    WScript.Check Err.Number = expected, what & ": Err.Number " & Err.Number & " (0x" & Hex(Err.Number) & "), expected 0x" & Hex(expected)
    If expected <> 0 Then WScript.Check Len(Err.Description) > 0, what & ": empty Err.Description"
    Err.Clear
End Sub

Dim manager, session, value, bob, count, found, app

Set manager = CreateObject("Messenger.MsgrSessionManager")
Set session = manager.CreateSession()

' A new session is an inviter's, ready, with nothing set.
WScript.Check session.State = 1, "State " & session.State & ", expected SS_READY (1)"
WScript.Check session.Flags = 1, "Flags " & session.Flags & ", expected SF_INVITER (1)"
value = session.SessionID
WScript.Check Len(value) = 38 And Left(value, 1) = "{" And Right(value, 1) = "}" And Mid(value, 10, 1) = "-", "SessionID " & value
WScript.Check value = UCase(value), "SessionID not upper case: " & value
WScript.Check value = session.SessionID, "SessionID changed between reads"
WScript.Check value <> manager.CreateSession().SessionID, "two sessions share SessionID " & value
WScript.Check Len(session.LocalAddress) > 0, "empty LocalAddress"
WScript.Check session.RemoteAddress = "", "RemoteAddress " & session.RemoteAddress & " before any peer"
WScript.Check session.ContextData = "", "ContextData " & session.ContextData & " before any data"

On Error Resume Next
value = session.Application
Expect SR_APP_NOT_SPECIFIED, "get Application before it was set"
value = session.ApplicationName
Expect SR_APP_NOT_SPECIFIED, "get ApplicationName before Application was set"
value = session.ApplicationURL
Expect SR_APP_NOT_SPECIFIED, "get ApplicationURL before Application was set"
Set value = session.User
Expect SR_NO_USER_INVITED, "get User before Invite"

' A bad GUID is refused and leaves the session as it was.
session.Application = "not a guid"
Expect E_INVALIDARG, "put Application malformed"
session.Application = APP_GUID
If Err.Number = 0 Then manager.UnRegisterApplication APP_GUID ' left over from an earlier run
Err.Clear
session.Application = APP_GUID
Expect SR_APP_NOT_REGISTERED, "put Application of an unregistered GUID"
manager.UnRegisterApplication APP_GUID
Expect SR_APP_NOT_REGISTERED, "UnRegisterApplication of an unregistered GUID"
manager.RegisterApplication APP_GUID, APP_NAME, APP_URL, "C:\windows\system32\notepad.exe", 1
Expect E_INVALIDARG, "RegisterApplication with flags 1"
On Error GoTo 0

manager.RegisterApplication LCase(APP_GUID), APP_NAME, APP_URL, "C:\windows\system32\notepad.exe", 0
On Error Resume Next
manager.RegisterApplication APP_GUID, APP_NAME, APP_URL, "C:\windows\system32\notepad.exe", 0
Expect SR_APP_ALREADY_REGISTERED, "RegisterApplication twice"
On Error GoTo 0

' The collection of registered applications, or the documented E_NOTIMPL of the original.
On Error Resume Next
Set value = manager.Applications
If Err.Number = 0 Then
    On Error GoTo 0
    count = 0
    found = False
    For Each app In value
        count = count + 1
        If UCase(app) = APP_GUID Then found = True
    Next
    WScript.Check count = value.Count, "For Each gave " & count & " items, Count " & value.Count
    WScript.Check found, "Applications lacks " & APP_GUID
Else
    Expect VB_E_NOTIMPL, "Applications"
    On Error GoTo 0
    WScript.Skip "Applications is not implemented (E_NOTIMPL)"
End If

session.Application = LCase(APP_GUID)
WScript.Check session.Application = APP_GUID, "Application " & session.Application & ", expected " & APP_GUID
WScript.Check session = APP_GUID, "default member " & session & ", expected Application"
WScript.Check session.ApplicationName = APP_NAME, "ApplicationName " & session.ApplicationName
WScript.Check session.ApplicationURL = APP_URL, "ApplicationURL " & session.ApplicationURL

' Invite checks its arguments before sign-in; with no transport a valid call is "not logged on".
Set bob = New Contact
bob.SigninName = "bob@example.org"
On Error Resume Next
session.Invite Nothing, ""
Expect E_INVALIDARG, "Invite Nothing"
session.Invite New Nameless, ""
Expect E_INVALIDARG, "Invite an object without SigninName"
session.Invite bob, String(513, "x")
Expect E_INVALIDARG, "Invite with 513 bytes of AppData"
session.Invite bob, String(512, "x")
Expect MSGR_E_NOT_LOGGED_ON, "Invite with 512 bytes of AppData"
session.Invite bob, "hello"
Expect MSGR_E_NOT_LOGGED_ON, "Invite a VBScript class instance"
On Error GoTo 0
WScript.Check session.State = 1, "State " & session.State & " after a refused Invite"

session.Cancel 0, "bye"
WScript.Check session.State = 5, "State " & session.State & " after Cancel, expected SS_CANCELLED (5)"
On Error Resume Next
session.Invite bob, ""
Expect SR_SESSION_NOT_READY, "Invite after Cancel"
On Error GoTo 0

manager.UnRegisterApplication APP_GUID
On Error Resume Next
session.Application = APP_GUID
Expect SR_SESSION_NOT_READY, "put Application after Cancel"
On Error GoTo 0
