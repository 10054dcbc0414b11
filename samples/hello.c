/* The README's C sample: create a session and read two properties. */
#define COBJMACROS
#include <stdio.h>
#include <windows.h>
#include "msgrpriv.h"

int main(void)
{
    IMsgrSessionManager *manager;
    IMsgrSession *session;
    IDispatch *dispatch;
    SESSION_STATE state;
    BSTR id;

    CoInitialize(NULL);
    if (FAILED(CoCreateInstance(&CLSID_MsgrSessionManager, NULL, CLSCTX_INPROC_SERVER,
                                &IID_IMsgrSessionManager, (void **)&manager)))
        return 1;
    IMsgrSessionManager_CreateSession(manager, &dispatch);
    IDispatch_QueryInterface(dispatch, &IID_IMsgrSession, (void **)&session);
    IMsgrSession_get_State(session, &state);
    IMsgrSession_get_SessionID(session, &id);
    printf("State %d, SessionID %ls\n", state, id);
    SysFreeString(id);
    IMsgrSession_Release(session);
    IDispatch_Release(dispatch);
    IMsgrSessionManager_Release(manager);
    CoUninitialize();
    return 0;
}
