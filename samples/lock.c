/* Lock and key, the whole handshake as the documentation describes it
 * (im-lock-and-key-ovw.md): create the manager and connect the sink, wait
 * for OnLockEnable, RequestChallenge with a fresh cookie, answer the
 * OnLockChallenge with MD5(challenge + key) in hex, wait for OnLockResult.
 *   msgsc-lock [application ID] [key]
 * Exit code 0 when unlocked (and CreateSession then works), 1 otherwise. */
#define COBJMACROS
#include <stdio.h>
#include <windows.h>
#include <wincrypt.h>
#include "msgrpriv.h"
#include "msgrdispid.h"

/* What the events said, for the main loop. */
static BOOL enabled, challenged, answered, unlocked;
static LONG challenge_cookie;
static WCHAR challenge[64];

static HRESULT WINAPI sink_QueryInterface(IDispatch *iface, REFIID riid, void **out)
{
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IDispatch) ||
        IsEqualIID(riid, &DIID_DMsgrSessionManagerEvents))
    {
        *out = iface;
        return S_OK;
    }
    *out = NULL;
    return E_NOINTERFACE;
}

static ULONG WINAPI sink_AddRef(IDispatch *iface)
{
    (void)iface;
    return 2;
}

static ULONG WINAPI sink_Release(IDispatch *iface)
{
    (void)iface;
    return 1;
}

static HRESULT WINAPI sink_GetTypeInfoCount(IDispatch *iface, UINT *count)
{
    (void)iface;
    *count = 0;
    return S_OK;
}

static HRESULT WINAPI sink_GetTypeInfo(IDispatch *iface, UINT index, LCID lcid, ITypeInfo **info)
{
    (void)iface, (void)index, (void)lcid;
    *info = NULL;
    return E_NOTIMPL;
}

static HRESULT WINAPI sink_GetIDsOfNames(IDispatch *iface, REFIID riid, LPOLESTR *names, UINT count,
                                         LCID lcid, DISPID *ids)
{
    (void)iface, (void)riid, (void)names, (void)count, (void)lcid, (void)ids;
    return E_NOTIMPL;
}

/* The events arrive with their arguments last first. */
static HRESULT WINAPI sink_Invoke(IDispatch *iface, DISPID id, REFIID riid, LCID lcid, WORD flags,
                                  DISPPARAMS *params, VARIANT *result, EXCEPINFO *excep, UINT *argerr)
{
    VARIANT *args = params->rgvarg;

    (void)iface, (void)riid, (void)lcid, (void)flags, (void)result, (void)excep, (void)argerr;
    switch (id)
    {
    case DISPID_ONLOCKENABLE: /* OnLockEnable(fEnable) */
        enabled = V_BOOL(&args[0]) != VARIANT_FALSE;
        printf("OnLockEnable(%d)\n", enabled);
        break;
    case DISPID_ONLOCKCHALLENGE: /* OnLockChallenge(lCookie, bstrChallenge) */
        challenge_cookie = V_I4(&args[1]);
        lstrcpynW(challenge, V_BSTR(&args[0]), ARRAYSIZE(challenge));
        challenged = TRUE;
        printf("OnLockChallenge(%ld, %ls)\n", challenge_cookie, challenge);
        break;
    case DISPID_ONLOCKRESULT: /* OnLockResult(lCookie, fSucceed) */
        unlocked = V_BOOL(&args[0]) != VARIANT_FALSE;
        answered = TRUE;
        printf("OnLockResult(%ld, %d)\n", V_I4(&args[1]), unlocked);
        break;
    case DISPID_ONLOCKSTATUSCHANGED: printf("OnLockStatusChanged(%ld)\n", V_I4(&args[0])); break;
    }
    return S_OK;
}

static const IDispatchVtbl sink_vtbl = {
    sink_QueryInterface, sink_AddRef,        sink_Release, sink_GetTypeInfoCount,
    sink_GetTypeInfo,    sink_GetIDsOfNames, sink_Invoke,
};

/* Pumps messages (the events come through them) until *flag, at most 10 s. */
static BOOL wait_for(const BOOL *flag)
{
    DWORD start = GetTickCount();
    MSG msg;

    while (!*flag && GetTickCount() - start < 10000)
    {
        MsgWaitForMultipleObjects(0, NULL, FALSE, 100, QS_ALLINPUT);
        while (PeekMessageW(&msg, NULL, 0, 0, PM_REMOVE))
            DispatchMessageW(&msg);
    }
    return *flag;
}

/* hex(MD5(challenge followed by key)), both as ASCII. */
static BOOL make_response(const char *key, WCHAR response[33])
{
    char text[256];
    BYTE digest[16];
    DWORD size = sizeof(digest), i;
    HCRYPTPROV provider;
    HCRYPTHASH hash;
    BOOL ok;

    snprintf(text, sizeof(text), "%ls%s", challenge, key);
    if (!CryptAcquireContextW(&provider, NULL, NULL, PROV_RSA_FULL, CRYPT_VERIFYCONTEXT)) return FALSE;
    ok = CryptCreateHash(provider, CALG_MD5, 0, 0, &hash);
    if (ok)
    {
        ok = CryptHashData(hash, (const BYTE *)text, (DWORD)strlen(text), 0) &&
             CryptGetHashParam(hash, HP_HASHVAL, digest, &size, 0);
        CryptDestroyHash(hash);
    }
    CryptReleaseContext(provider, 0);
    for (i = 0; ok && i < 16; i++)
        swprintf(response + 2 * i, 3, L"%02x", digest[i]);
    return ok;
}

int main(int argc, char **argv)
{
    IDispatch sink = {&sink_vtbl};
    const char *app_id = argc > 1 ? argv[1] : "msgsc-sample", *key = argc > 2 ? argv[2] : "sample-key";
    IConnectionPointContainer *container;
    IMsgrSessionManager *manager;
    IConnectionPoint *point = NULL;
    IDispatch *session = NULL;
    WCHAR id[128], response[33];
    BSTR id_bstr, response_bstr;
    IMsgrLock *lock;
    LONG cookie;
    DWORD advise_cookie = 0;
    HRESULT hr;

    CoInitialize(NULL);
    hr = CoCreateInstance(&CLSID_MsgrSessionManager, NULL, CLSCTX_INPROC_SERVER | CLSCTX_LOCAL_SERVER,
                          &IID_IMsgrSessionManager, (void **)&manager);
    if (FAILED(hr)) return printf("CoCreateInstance hr %#lx\n", hr), 1;
    IMsgrSessionManager_QueryInterface(manager, &IID_IMsgrLock, (void **)&lock);
    /* 1. The sink first: the handlers must exist before the requests. */
    IMsgrSessionManager_QueryInterface(manager, &IID_IConnectionPointContainer, (void **)&container);
    IConnectionPointContainer_FindConnectionPoint(container, &DIID_DMsgrSessionManagerEvents, &point);
    IConnectionPointContainer_Release(container);
    if (point) IConnectionPoint_Advise(point, (IUnknown *)&sink, &advise_cookie);

    /* 2. OnLockEnable comes after sign-in. */
    if (!wait_for(&enabled)) printf("no OnLockEnable(TRUE)\n");
    /* 3. A fresh cookie, 4. its challenge. */
    cookie = (LONG)(GetTickCount() & 0x7fffffff) | 1;
    hr = IMsgrLock_RequestChallenge(lock, cookie);
    printf("RequestChallenge(%ld) hr %#lx\n", cookie, hr);
    if (SUCCEEDED(hr) && wait_for(&challenged) && challenge_cookie == cookie && make_response(key, response))
    {
        /* 5. The response, 6. its result. */
        MultiByteToWideChar(CP_ACP, 0, app_id, -1, id, ARRAYSIZE(id));
        hr = IMsgrLock_SendResponse(lock, id_bstr = SysAllocString(id),
                                    response_bstr = SysAllocString(response), cookie);
        printf("SendResponse(%s, %ls) hr %#lx\n", app_id, response, hr);
        SysFreeString(id_bstr);
        SysFreeString(response_bstr);
        if (SUCCEEDED(hr)) wait_for(&answered);
    }
    /* Unlocked, the manager's calls work. */
    hr = IMsgrSessionManager_CreateSession(manager, &session);
    printf("%s, CreateSession hr %#lx\n", unlocked ? "Unlocked" : "Still locked", hr);
    if (session) IDispatch_Release(session);
    if (point)
    {
        IConnectionPoint_Unadvise(point, advise_cookie);
        IConnectionPoint_Release(point);
    }
    IMsgrLock_Release(lock);
    IMsgrSessionManager_Release(manager);
    CoUninitialize();
    return unlocked && hr == S_OK ? 0 : 1;
}
