Set manager = CreateObject("Messenger.MsgrSessionManager")
Set session = manager.CreateSession()
WScript.Echo "State " & session.State & ", SessionID " & session.SessionID
session.Cancel 0, "bye"
WScript.Echo "State after Cancel " & session.State
