' smoke.vbs: the manager and a session from Wine's own cscript (no events there: state is polled).
'
' Copyright 2026 the msgsc authors
' SPDX-License-Identifier: LGPL-2.1-or-later (see LICENSE)
'
'
' The ctest matches the echoed lines; any error stops cscript before "smoke done".

Option Explicit

Dim manager, session

Set manager = CreateObject("Messenger.MsgrSessionManager")
Set session = manager.CreateSession()
WScript.Echo "State " & session.State
WScript.Echo "Flags " & session.Flags
WScript.Echo "SessionID " & session.SessionID
WScript.Echo "LocalAddress " & session.LocalAddress
session.Cancel 0, "bye"
WScript.Echo "State after Cancel " & session.State
WScript.Echo "smoke done"
