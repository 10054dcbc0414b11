/*
 * TLS client over a connected socket, with Schannel.
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
 */

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>

#include <winsock2.h>
#define SECURITY_WIN32
#include <security.h>
#include <schannel.h>
#include <wincrypt.h>

#include "win/platform.h"
#include "core/sha.h"
#include "tls.h"

/* What a TLS record can hold, plus its header and trailer (RFC 5246
 * 6.2.3): the receive buffer takes one whole record at least. */
#define TLS_BUFFER_SIZE (16384 + 2048)

struct tls_session
{
    SOCKET sock;
    CredHandle credentials;
    CtxtHandle context;
    SecPkgContext_StreamSizes sizes;
    /* Received, not yet decrypted: [0, received). */
    char in[TLS_BUFFER_SIZE];
    size_t received;
    /* Decrypted, not yet read: [plain_start, plain_end) of in's copy. */
    char plain[TLS_BUFFER_SIZE];
    size_t plain_start, plain_end;
    char out[TLS_BUFFER_SIZE];
    BOOL closed;
};

/* secur32's function table and crypt32's chain functions, loaded once. */
static struct
{
    PSecurityFunctionTableW sspi;
    BOOL(WINAPI *get_chain)
    (HCERTCHAINENGINE, PCCERT_CONTEXT, FILETIME *, HCERTSTORE, CERT_CHAIN_PARA *, DWORD, void *,
     PCCERT_CHAIN_CONTEXT *);
    BOOL(WINAPI *verify_chain)
    (LPCSTR, PCCERT_CHAIN_CONTEXT, CERT_CHAIN_POLICY_PARA *, CERT_CHAIN_POLICY_STATUS *);
    void(WINAPI *free_chain)(PCCERT_CHAIN_CONTEXT);
    BOOL(WINAPI *free_certificate)(PCCERT_CONTEXT);
} api;

static BOOL CALLBACK load_api(INIT_ONCE *once, void *param, void **context)
{
    HMODULE secur32 = LoadLibraryW(L"secur32.dll"), crypt32 = LoadLibraryW(L"crypt32.dll");
    PSecurityFunctionTableW(SEC_ENTRY * init)(void);

    (void)once;
    (void)param;
    (void)context;
    if (secur32 && (init = (void *)GetProcAddress(secur32, "InitSecurityInterfaceW"))) api.sspi = init();
    if (crypt32)
    {
        api.get_chain = (void *)GetProcAddress(crypt32, "CertGetCertificateChain");
        api.verify_chain = (void *)GetProcAddress(crypt32, "CertVerifyCertificateChainPolicy");
        api.free_chain = (void *)GetProcAddress(crypt32, "CertFreeCertificateChain");
        api.free_certificate = (void *)GetProcAddress(crypt32, "CertFreeCertificateContext");
    }
    return TRUE;
}

/* Waits until sock can be read (or written) when it is non-blocking (the
 * XMPP backend's is, for WSAEventSelect): at most TLS_WAIT_MS. */
#define TLS_WAIT_MS 30000
static BOOL wait_socket(SOCKET sock, BOOL write)
{
    struct timeval timeout = {TLS_WAIT_MS / 1000, 0};
    fd_set set;

    if (WSAGetLastError() != WSAEWOULDBLOCK) return FALSE;
    FD_ZERO(&set);
    FD_SET(sock, &set);
    return select(0, write ? NULL : &set, write ? &set : NULL, NULL, &timeout) == 1;
}

BOOL tls_parse_pin(const char *hex, unsigned char pin[TLS_PIN_SIZE])
{
    unsigned int i, byte;

    if (strlen(hex) != 2 * TLS_PIN_SIZE || strspn(hex, "0123456789abcdefABCDEF") != 2 * TLS_PIN_SIZE)
        return FALSE;
    for (i = 0; i < TLS_PIN_SIZE; i++)
    {
        sscanf(hex + 2 * i, "%2x", &byte);
        pin[i] = (unsigned char)byte;
    }
    return TRUE;
}

static BOOL send_all(SOCKET sock, const char *data, size_t len)
{
    while (len)
    {
        int sent = send(sock, data, len > INT_MAX ? INT_MAX : (int)len, 0);

        if (sent < 0 && wait_socket(sock, TRUE)) continue;
        if (sent <= 0) return FALSE;
        data += sent;
        len -= (size_t)sent;
    }
    return TRUE;
}

/* More ciphertext into in: FALSE when the connection closed or failed, or
 * (*would_block set) when a non-blocking socket has nothing yet and wait
 * is FALSE. */
static BOOL receive_more(struct tls_session *session, BOOL wait, BOOL *would_block)
{
    int got;

    if (would_block) *would_block = FALSE;
    if (session->received == sizeof(session->in)) return FALSE; /* a record larger than TLS allows */
    while ((got = recv(session->sock, session->in + session->received,
                       (int)(sizeof(session->in) - session->received), 0)) < 0)
    {
        if (!wait && WSAGetLastError() == WSAEWOULDBLOCK)
        {
            if (would_block) *would_block = TRUE;
            return FALSE;
        }
        if (!wait_socket(session->sock, FALSE)) return FALSE;
    }
    if (!got) return FALSE;
    session->received += (size_t)got;
    return TRUE;
}

/* Keeps the unused bytes at the end of in (SECBUFFER_EXTRA). */
static void keep_extra(struct tls_session *session, const SecBuffer *extra)
{
    if (extra && extra->BufferType == SECBUFFER_EXTRA && extra->cbBuffer &&
        extra->cbBuffer <= session->received)
    {
        memmove(session->in, session->in + session->received - extra->cbBuffer, extra->cbBuffer);
        session->received = extra->cbBuffer;
    }
    else
        session->received = 0;
}

static BOOL handshake(struct tls_session *session, const WCHAR *host, char *error, size_t size)
{
    static const DWORD flags = ISC_REQ_SEQUENCE_DETECT | ISC_REQ_REPLAY_DETECT | ISC_REQ_CONFIDENTIALITY |
                               ISC_REQ_EXTENDED_ERROR | ISC_REQ_ALLOCATE_MEMORY | ISC_REQ_STREAM;
    BOOL first = TRUE;

    for (;;)
    {
        SecBuffer in_buffers[2] = {{(ULONG)session->received, SECBUFFER_TOKEN, session->in},
                                   {0, SECBUFFER_EMPTY, NULL}};
        SecBuffer out_buffer = {0, SECBUFFER_TOKEN, NULL};
        SecBufferDesc in_desc = {SECBUFFER_VERSION, 2, in_buffers},
                      out_desc = {SECBUFFER_VERSION, 1, &out_buffer};
        ULONG attributes;
        SECURITY_STATUS status;

        status = api.sspi->InitializeSecurityContextW(&session->credentials, first ? NULL : &session->context,
                                                      (WCHAR *)host, flags, 0, 0, first ? NULL : &in_desc, 0,
                                                      &session->context, &out_desc, &attributes, NULL);
        first = FALSE;
        if (out_buffer.pvBuffer)
        {
            BOOL sent =
                !out_buffer.cbBuffer || send_all(session->sock, out_buffer.pvBuffer, out_buffer.cbBuffer);

            api.sspi->FreeContextBuffer(out_buffer.pvBuffer);
            if (!sent)
            {
                snprintf(error, size, "the connection failed during the TLS handshake");
                return FALSE;
            }
        }
        if (status == SEC_E_INCOMPLETE_MESSAGE)
        {
            if (!receive_more(session, TRUE, NULL)) break;
            continue;
        }
        if (status == SEC_I_CONTINUE_NEEDED)
        {
            keep_extra(session, &in_buffers[1]);
            if (!session->received && !receive_more(session, TRUE, NULL)) break;
            continue;
        }
        if (status == SEC_E_OK)
        {
            keep_extra(session, &in_buffers[1]);
            return TRUE;
        }
        snprintf(error, size, "the TLS handshake failed (Schannel status %#lx)", (unsigned long)status);
        return FALSE;
    }
    snprintf(error, size, "the server closed the connection during the TLS handshake");
    return FALSE;
}

/* The server's certificate: pinned, or valid for host by the system. */
static BOOL certificate_trusted(struct tls_session *session, const WCHAR *host, const unsigned char *pin,
                                char *error, size_t size)
{
    PCCERT_CONTEXT certificate = NULL;
    unsigned char digest[SHA256_DIGEST_SIZE];
    BOOL trusted = FALSE;

    if (api.sspi->QueryContextAttributesW(&session->context, SECPKG_ATTR_REMOTE_CERT_CONTEXT, &certificate) !=
            SEC_E_OK ||
        !certificate)
    {
        snprintf(error, size, "the server sent no certificate");
        return FALSE;
    }
    if (pin)
    {
        sha256_digest(certificate->pbCertEncoded, certificate->cbCertEncoded, digest);
        if (!(trusted = !memcmp(digest, pin, sizeof(digest))))
            snprintf(error, size, "the server's certificate is not the pinned one (its SHA-256 differs)");
    }
    else if (api.get_chain && api.verify_chain && api.free_chain)
    {
        CERT_CHAIN_PARA chain_para = {0};
        SSL_EXTRA_CERT_CHAIN_POLICY_PARA ssl = {0};
        CERT_CHAIN_POLICY_PARA policy = {0};
        CERT_CHAIN_POLICY_STATUS result = {0};
        PCCERT_CHAIN_CONTEXT chain = NULL;

        chain_para.cbSize = sizeof(chain_para);
        ssl.cbSize = sizeof(ssl);
        ssl.dwAuthType = AUTHTYPE_SERVER;
        ssl.pwszServerName = (WCHAR *)host;
        policy.cbSize = sizeof(policy);
        policy.pvExtraPolicyPara = &ssl;
        result.cbSize = sizeof(result);

        if (api.get_chain(NULL, certificate, NULL, certificate->hCertStore, &chain_para, 0, NULL, &chain) &&
            api.verify_chain(CERT_CHAIN_POLICY_SSL, chain, &policy, &result))
            trusted = !result.dwError;
        if (!trusted)
            snprintf(error, size, "the server's certificate is not trusted for this host (error %#lx)",
                     (unsigned long)result.dwError);
        if (chain) api.free_chain(chain);
    }
    else
        snprintf(error, size, "crypt32 cannot verify the server's certificate");
    if (api.free_certificate) api.free_certificate(certificate);
    return trusted;
}

struct tls_session *tls_connect(SOCKET sock, const char *host, const unsigned char *pin, char *error,
                                size_t size)
{
    static INIT_ONCE once = INIT_ONCE_STATIC_INIT;
    SCHANNEL_CRED schannel = {0};
    struct tls_session *session;
    WCHAR host_name[256];
    TimeStamp expiry;

    InitOnceExecuteOnce(&once, load_api, NULL, NULL);
    if (!api.sspi)
    {
        snprintf(error, size, "secur32.dll (Schannel) cannot be loaded");
        return NULL;
    }
    if (!MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, host, -1, host_name, ARRAY_SIZE(host_name)))
    {
        snprintf(error, size, "the host name is too long for TLS");
        return NULL;
    }
    if (!(session = calloc(1, sizeof(*session))))
    {
        snprintf(error, size, "out of memory");
        return NULL;
    }
    session->sock = sock;
    schannel.dwVersion = SCHANNEL_CRED_VERSION;
    schannel.grbitEnabledProtocols = SP_PROT_TLS1_2_CLIENT;
    /* msgsc checks the certificate itself: pinned or by the chain. */
    schannel.dwFlags = SCH_CRED_MANUAL_CRED_VALIDATION | SCH_CRED_NO_DEFAULT_CREDS;
    if (api.sspi->AcquireCredentialsHandleW(NULL, (WCHAR *)UNISP_NAME_W, SECPKG_CRED_OUTBOUND, NULL,
                                            &schannel, NULL, NULL, &session->credentials,
                                            &expiry) != SEC_E_OK)
    {
        snprintf(error, size, "Schannel gives no TLS 1.2 client credentials");
        free(session);
        return NULL;
    }
    if (!handshake(session, host_name, error, size) ||
        !certificate_trusted(session, host_name, pin, error, size) ||
        api.sspi->QueryContextAttributesW(&session->context, SECPKG_ATTR_STREAM_SIZES, &session->sizes) !=
            SEC_E_OK)
    {
        if (!*error) snprintf(error, size, "Schannel gives no stream sizes");
        api.sspi->DeleteSecurityContext(&session->context);
        api.sspi->FreeCredentialsHandle(&session->credentials);
        free(session);
        return NULL;
    }
    return session;
}

BOOL tls_send(struct tls_session *session, const char *data, size_t len)
{
    const SecPkgContext_StreamSizes *sizes = &session->sizes;

    while (len)
    {
        size_t chunk = len < sizes->cbMaximumMessage ? len : sizes->cbMaximumMessage;
        SecBuffer buffers[4] = {
            {sizes->cbHeader, SECBUFFER_STREAM_HEADER, session->out},
            {(ULONG)chunk, SECBUFFER_DATA, session->out + sizes->cbHeader},
            {sizes->cbTrailer, SECBUFFER_STREAM_TRAILER, session->out + sizes->cbHeader + chunk},
            {0, SECBUFFER_EMPTY, NULL}};
        SecBufferDesc desc = {SECBUFFER_VERSION, 4, buffers};

        if (sizes->cbHeader + chunk + sizes->cbTrailer > sizeof(session->out)) return FALSE;
        memcpy(buffers[1].pvBuffer, data, chunk);
        if (api.sspi->EncryptMessage(&session->context, 0, &desc, 0) != SEC_E_OK ||
            !send_all(session->sock, session->out,
                      buffers[0].cbBuffer + buffers[1].cbBuffer + buffers[2].cbBuffer))
            return FALSE;
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}

int tls_recv(struct tls_session *session, char *buf, size_t size)
{
    while (session->plain_start == session->plain_end)
    {
        SecBuffer buffers[4] = {{(ULONG)session->received, SECBUFFER_DATA, session->in},
                                {0, SECBUFFER_EMPTY, NULL},
                                {0, SECBUFFER_EMPTY, NULL},
                                {0, SECBUFFER_EMPTY, NULL}};
        SecBufferDesc desc = {SECBUFFER_VERSION, 4, buffers};
        SECURITY_STATUS status = SEC_E_INCOMPLETE_MESSAGE;
        int i;

        BOOL would_block;

        if (session->closed) return 0;
        if (!session->received || (status = api.sspi->DecryptMessage(&session->context, &desc, 0, NULL)) ==
                                      SEC_E_INCOMPLETE_MESSAGE)
        {
            if (!receive_more(session, FALSE, &would_block)) return would_block ? TLS_WOULD_BLOCK : 0;
            continue;
        }
        if (status == SEC_I_CONTEXT_EXPIRED)
        {
            session->closed = TRUE;
            return 0;
        }
        if (status != SEC_E_OK) return -1; /* renegotiation included: XMPP servers do not ask for it */
        for (i = 1; i < 4; i++)
            if (buffers[i].BufferType == SECBUFFER_DATA && buffers[i].cbBuffer <= sizeof(session->plain))
            {
                memcpy(session->plain, buffers[i].pvBuffer, buffers[i].cbBuffer);
                session->plain_start = 0;
                session->plain_end = buffers[i].cbBuffer;
            }
        for (i = 1; i < 4; i++)
            if (buffers[i].BufferType == SECBUFFER_EXTRA) break;
        keep_extra(session, i < 4 ? &buffers[i] : NULL);
    }
    if (size > session->plain_end - session->plain_start) size = session->plain_end - session->plain_start;
    memcpy(buf, session->plain + session->plain_start, size);
    session->plain_start += size;
    return (int)size;
}

BOOL tls_pending(const struct tls_session *session)
{
    return session->plain_start != session->plain_end || session->received;
}

void tls_close(struct tls_session *session)
{
    DWORD shutdown = SCHANNEL_SHUTDOWN;
    SecBuffer token = {sizeof(shutdown), SECBUFFER_TOKEN, &shutdown};
    SecBufferDesc desc = {SECBUFFER_VERSION, 1, &token};

    if (!session) return;
    /* close_notify: the token ApplyControlToken prepares, sent as is. */
    if (api.sspi->ApplyControlToken(&session->context, &desc) == SEC_E_OK)
    {
        SecBuffer out_buffer = {0, SECBUFFER_TOKEN, NULL};
        SecBufferDesc out_desc = {SECBUFFER_VERSION, 1, &out_buffer};
        ULONG attributes;

        if (api.sspi->InitializeSecurityContextW(
                &session->credentials, &session->context, NULL, ISC_REQ_ALLOCATE_MEMORY | ISC_REQ_STREAM, 0,
                0, NULL, 0, &session->context, &out_desc, &attributes, NULL) == SEC_E_OK &&
            out_buffer.pvBuffer)
            send_all(session->sock, out_buffer.pvBuffer, out_buffer.cbBuffer);
        if (out_buffer.pvBuffer) api.sspi->FreeContextBuffer(out_buffer.pvBuffer);
    }
    api.sspi->DeleteSecurityContext(&session->context);
    api.sspi->FreeCredentialsHandle(&session->credentials);
    free(session);
}
