/*
 * What msgsc-startup.exe and its child program share: the child's name and the stamps it reports.
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

#ifndef MSGSC_BENCH_STARTUP_H
#define MSGSC_BENCH_STARTUP_H

/* Beside msgsc-startup.exe.  Its command lines:
 *   fso|session MAPPING SLOT     one creation, stamps into slot of the mapping
 *   idle-client|idle-plain READY QUIT
 *                                COM (and a manager), ready, wait for quit */
#define STARTUP_CHILD L"msgsc-startup-child.exe"

/* QueryPerformanceCounter stamps of one creation, written once at its end. */
struct stamps
{
    LONGLONG main;    /* main entered */
    LONGLONG coinit;  /* CoInitialize returned */
    LONGLONG created; /* CoCreateInstance returned (the baseline: with CLSIDFromProgID) */
    LONGLONG session; /* CreateSession returned (the baseline: = created) */
    HRESULT hr;       /* the first failure, or S_OK */
};

#endif
