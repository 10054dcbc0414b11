' lock.vbs: strict lock and key from VBScript, one handshake through the host's WScript.Lock.
'
' Copyright 2026 the msgsc authors
' SPDX-License-Identifier: LGPL-2.1-or-later (see LICENSE)
'
' Run by msgsc-script-host.exe in strict mode: tests/script/CMakeLists.txt sets
' MSGSC_LOCK_MODE=strict and MSGSC_LOCK_KEYS to APP_ID=APP_KEY below (docs/lock.md).
' IMsgrLock is not dual, so the host lends it a dispatch (WScript.Lock), and VBScript has
' no MD5, so the host computes that too (WScript.MD5, CryptoAPI).

Option Explicit

Const MSGR_E_API_LOCKED = &H81000752
Const MSGR_E_API_ALREADY_UNLOCKED = &H81000754
Const LOCK_INITIALIZED = 2
Const LOCK_PENDINGRESULT = 3
Const LOCK_UNLOCKED = 4
Const APP_ID = "msgsc-lock-vbs"
Const APP_KEY = "VbsKey89"
Const COOKIE = 1234
Const APP_GUID = "{6D5C1B6E-0A51-4C41-9E3A-7B1D2F3A4B05}"

Dim log, events, challenge
log = ""
events = 0
challenge = ""

Sub Record(text)
    log = log & text & ";"
    events = events + 1
End Sub

' Events are posted to this thread: they run while WScript.Sleep pumps messages.
Sub WaitForEvents(count)
    Dim tries
    tries = 0
    Do While events < count And tries < 100
        WScript.Sleep 50
        tries = tries + 1
    Loop
End Sub

Sub mgr_OnLockStatusChanged(status)
    Record "OnLockStatusChanged(" & status & ")"
End Sub

Sub mgr_OnLockEnable(enabled)
    Record "OnLockEnable(" & enabled & ")"
End Sub

Sub mgr_OnLockChallenge(id, text)
    challenge = text
    Record "OnLockChallenge(" & id & ")"
End Sub

Sub mgr_OnLockResult(id, succeeded)
    Record "OnLockResult(" & id & ", " & succeeded & ")"
End Sub

' Checks the error the previous statement raised (under On Error Resume Next), then clears it.
Sub Expect(expected, what)
    WScript.Check Err.Number = expected, what & ": Err.Number " & Err.Number & " (0x" & Hex(Err.Number) & "), expected 0x" & Hex(expected)
    If expected <> 0 Then WScript.Check Len(Err.Description) > 0, what & ": empty Err.Description"
    Err.Clear
End Sub

Dim manager, lock, session, value, response

' The host's MD5 first, against RFC 1321.
value = WScript.MD5("abc")
WScript.Check value = "900150983cd24fb0d6963f7d28e17f72", "MD5(abc) " & value
value = WScript.MD5("")
WScript.Check value = "d41d8cd98f00b204e9800998ecf8427e", "MD5() " & value

Set manager = WScript.CreateObject("Messenger.MsgrSessionManager", "mgr_")

' As the documentation's procedure: wait for OnLockEnable after sign-in.
WaitForEvents 2
WScript.Check log = "OnLockStatusChanged(2);OnLockEnable(True);", "events after creation: " & log
log = ""
events = 0

' Locked: every member of the manager is refused, with a description.
On Error Resume Next
Set session = manager.CreateSession()
Expect MSGR_E_API_LOCKED, "CreateSession while locked"
manager.RegisterApplication APP_GUID, "msgsc lock.vbs", "http://example.org/lock-vbs", "C:\windows\system32\notepad.exe", 0
Expect MSGR_E_API_LOCKED, "RegisterApplication while locked"
manager.UnRegisterApplication APP_GUID
Expect MSGR_E_API_LOCKED, "UnRegisterApplication while locked"
Set value = manager.Applications
Expect MSGR_E_API_LOCKED, "Applications while locked"
On Error GoTo 0

Set lock = WScript.Lock(manager)
WScript.Check lock.Status = LOCK_INITIALIZED, "Status " & lock.Status & ", expected LOCK_INITIALIZED"
lock.RequestChallenge COOKIE
WScript.Check lock.Status = LOCK_PENDINGRESULT, "Status " & lock.Status & " after RequestChallenge"
WaitForEvents 2
WScript.Check log = "OnLockStatusChanged(3);OnLockChallenge(1234);", "events after RequestChallenge: " & log
WScript.Check Len(challenge) = 32, "challenge " & challenge

' The response is MD5(challenge & key), sent here in upper case.
response = UCase(WScript.MD5(challenge & APP_KEY))
log = ""
events = 0
lock.SendResponse APP_ID, response, COOKIE
WScript.Check lock.Status = LOCK_UNLOCKED, "Status " & lock.Status & " after SendResponse " & response
WaitForEvents 2
WScript.Check log = "OnLockStatusChanged(4);OnLockResult(1234, True);", "events after SendResponse: " & log

On Error Resume Next
lock.RequestChallenge COOKIE + 1
Expect MSGR_E_API_ALREADY_UNLOCKED, "RequestChallenge when unlocked"
On Error GoTo 0

' Unlocked: the manager works.
Set session = manager.CreateSession()
WScript.Check session.State = 1, "State " & session.State & " of a session made after the unlock"
Set value = manager.Applications
WScript.Check value.Count >= 0, "Applications.Count " & value.Count
