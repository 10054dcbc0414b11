/*
 * What the benchmark programs share: one clock for every process, percentiles, the target line, a
 * loopback port, the broker of an identity and a message pump.
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

#ifndef MSGSC_BENCH_H
#define MSGSC_BENCH_H

#include <winsock2.h>
#include <ws2tcpip.h>
#include <stdlib.h>

#include "com/comtest.h"

/* Each program is one file: static inline keeps what one of them does not
 * use from warning. */

static double ticks_per_us;

/* QueryPerformanceCounter is one clock for every process (under Wine,
 * CLOCK_MONOTONIC), so stamps taken in different processes compare. */
static inline void clock_init(void)
{
    LARGE_INTEGER frequency;

    QueryPerformanceFrequency(&frequency);
    ticks_per_us = frequency.QuadPart / 1e6;
}

static inline LONGLONG now(void)
{
    LARGE_INTEGER counter;

    QueryPerformanceCounter(&counter);
    return counter.QuadPart;
}

static inline double to_us(LONGLONG ticks)
{
    return ticks / ticks_per_us;
}

static inline int compare_doubles(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return x < y ? -1 : x > y;
}

/* The value below which fraction of the samples lie (0.5: the median). */
static inline double percentile(const double *samples, unsigned int count, double fraction)
{
    double *sorted, value;
    unsigned int index;

    if (!count || !(sorted = malloc(count * sizeof(*sorted)))) return 0;
    memcpy(sorted, samples, count * sizeof(*sorted));
    qsort(sorted, count, sizeof(*sorted), compare_doubles);
    index = (unsigned int)(fraction * (count - 1) + 0.5);
    value = sorted[index];
    free(sorted);
    return value;
}

/* The informational PASS or MISS of a target (never an exit code).  Small
 * targets (ratios, kilobytes) get two decimals. */
static inline void print_target(const char *what, double value, double target, const char *unit)
{
    int digits = target < 10 ? 2 : 1;

    printf("   target: %s %.*f %s %s %.*f %s -> %s\n", what, digits, value, unit,
           value <= target ? "<=" : ">", digits, target, unit, value <= target ? "PASS" : "MISS");
}

/* Binds a loopback socket to a port the system picks. */
static inline SOCKET loopback_socket(unsigned short *port)
{
    struct sockaddr_in address = {0};
    int size = sizeof(address);
    SOCKET s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);

    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (s == INVALID_SOCKET || bind(s, (struct sockaddr *)&address, sizeof(address)) ||
        getsockname(s, (struct sockaddr *)&address, &size))
    {
        if (s != INVALID_SOCKET) closesocket(s);
        return INVALID_SOCKET;
    }
    *port = ntohs(address.sin_port);
    return s;
}

/* The broker serving signin for this Windows user, opened with access: its
 * pipe's server process (the pipe name is the one docs/broker.md gives).
 * Connecting is what a client does, so the broker sees one more process
 * come and go. */
static inline HANDLE open_broker(const char *signin, DWORD access, DWORD *pid)
{
    char name[256], user[128];
    DWORD user_len = sizeof(user);
    ULONG server = 0;
    HANDLE pipe;

    *pid = 0;
    if (!GetUserNameA(user, &user_len)) strcpy(user, "user");
    snprintf(name, sizeof(name), "\\\\.\\pipe\\msgsc-broker-%s-%s", user, signin);
    pipe = CreateFileA(name, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    if (pipe == INVALID_HANDLE_VALUE) return NULL;
    GetNamedPipeServerProcessId(pipe, &server);
    CloseHandle(pipe);
    *pid = server;
    return server ? OpenProcess(access, FALSE, server) : NULL;
}

/* Starts a command line; *started (if not NULL) is stamped just before
 * the CreateProcess that succeeded, for a child that reports its own
 * stamps.  Under load Wine 8 sometimes fails a CreateProcess with
 * ERROR_INTERNAL_ERROR (the new process died while it started), which is
 * tried again twice rather than ending a run. */
static inline HANDLE start_process(WCHAR *command_line, LONGLONG *started)
{
    STARTUPINFOW startup = {0};
    PROCESS_INFORMATION info;
    unsigned int attempt;
    DWORD error = 0;

    startup.cb = sizeof(startup);
    for (attempt = 0; attempt < 3; attempt++)
    {
        if (started) *started = now();
        if (CreateProcessW(NULL, command_line, NULL, NULL, FALSE, 0, NULL, NULL, &startup, &info))
        {
            CloseHandle(info.hThread);
            return info.hProcess;
        }
        if ((error = GetLastError()) != ERROR_INTERNAL_ERROR) break;
    }
    ok(0, "CreateProcess(%ls) failed: %lu\n", command_line, error);
    return NULL;
}

/* Starts a program of this program's directory (NULL: this one) with args. */
static inline HANDLE start_sibling(const WCHAR *program, const char *args, LONGLONG *started)
{
    WCHAR command_line[2 * MAX_PATH], path[MAX_PATH], *name;

    GetModuleFileNameW(NULL, path, ARRAY_SIZE(path));
    if (program && (name = wcsrchr(path, '\\')))
        lstrcpynW(name + 1, program, ARRAY_SIZE(path) - (int)(name + 1 - path));
    swprintf(command_line, ARRAY_SIZE(command_line), L"\"%ls\" %hs", path, args);
    return start_process(command_line, started);
}

static inline void pump_pending(void)
{
    MSG msg;

    while (PeekMessageW(&msg, NULL, 0, 0, PM_REMOVE))
        DispatchMessageW(&msg);
}

#endif
