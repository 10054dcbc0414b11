/*
 * The processes msgsc-startup.exe starts: one first creation, timed, or an application at rest.
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

/* A program of its own, not msgsc-startup.exe again: it imports what an
 * application of the API imports (ole32), so that nothing msgsc.dll needs
 * (ws2_32, which the parent uses) is loaded before main in every variant,
 * the baseline included, and taken off msgsc's cost. */

#include "bench.h"
#include "startup.h"

/* CoInitialize, then either the baseline's object or the manager and its
 * first session; the stamps go into the parent's mapping at the end, so
 * that reporting is not timed. */
static int run_creation(const char *what, const char *mapping_name, unsigned int slot)
{
    struct stamps stamps = {0}, *shared;
    IMsgrSessionManager *manager = NULL;
    IDispatch *object = NULL;
    HANDLE mapping;
    HRESULT hr;

    stamps.main = now();
    hr = CoInitialize(NULL);
    stamps.coinit = now();
    if (!strcmp(what, "fso"))
    {
        CLSID clsid;

        if (SUCCEEDED(hr)) hr = CLSIDFromProgID(L"Scripting.FileSystemObject", &clsid);
        if (SUCCEEDED(hr))
            hr = CoCreateInstance(&clsid, NULL, CLSCTX_INPROC_SERVER, &IID_IDispatch, (void **)&object);
        stamps.created = stamps.session = now();
    }
    else
    {
        if (SUCCEEDED(hr))
            hr = CoCreateInstance(&CLSID_MsgrSessionManager, NULL, CLSCTX_INPROC_SERVER,
                                  &IID_IMsgrSessionManager, (void **)&manager);
        stamps.created = now();
        if (SUCCEEDED(hr)) hr = IMsgrSessionManager_CreateSession(manager, &object);
        stamps.session = now();
    }
    stamps.hr = hr;
    if (object) IDispatch_Release(object);
    if (manager) IMsgrSessionManager_Release(manager);
    CoUninitialize();

    mapping = OpenFileMappingA(FILE_MAP_WRITE, FALSE, mapping_name);
    shared = mapping ? MapViewOfFile(mapping, FILE_MAP_WRITE, 0, 0, 0) : NULL;
    if (!shared) return 2;
    shared[slot] = stamps;
    UnmapViewOfFile(shared);
    CloseHandle(mapping);
    return SUCCEEDED(hr) ? 0 : 1;
}

/* An application at rest: COM, maybe a manager (which connects it to the
 * agent), and a thread waiting for messages until told to quit. */
static int run_idle(BOOL with_manager, const char *ready_name, const char *quit_name)
{
    HANDLE ready = OpenEventA(EVENT_MODIFY_STATE, FALSE, ready_name);
    HANDLE quit = OpenEventA(SYNCHRONIZE, FALSE, quit_name);
    IMsgrSessionManager *manager = NULL;

    if (!ready || !quit) return 2;
    CoInitialize(NULL);
    if (with_manager && !(manager = create_manager())) return 2;
    SetEvent(ready);
    while (MsgWaitForMultipleObjects(1, &quit, FALSE, INFINITE, QS_ALLINPUT) == WAIT_OBJECT_0 + 1)
        pump_pending();
    if (manager) IMsgrSessionManager_Release(manager);
    CoUninitialize();
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 4 && (!strcmp(argv[1], "fso") || !strcmp(argv[1], "session")))
        return run_creation(argv[1], argv[2], (unsigned int)atoi(argv[3]));
    if (argc == 4 && !strcmp(argv[1], "idle-client")) return run_idle(TRUE, argv[2], argv[3]);
    if (argc == 4 && !strcmp(argv[1], "idle-plain")) return run_idle(FALSE, argv[2], argv[3]);
    printf("usage: msgsc-startup-child fso|session MAPPING SLOT | idle-client|idle-plain READY QUIT\n");
    return 2;
}
