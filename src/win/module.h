/*
 * The module msgsc.dll is: its instance and the count that keeps it loaded.
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

#ifndef MSGSC_WIN_MODULE_H
#define MSGSC_WIN_MODULE_H

#include <windows.h>

/* Set by DllMain. */
extern HINSTANCE msgsc_instance;

/* Every object constructor calls lock_module() and its destructor
 * unlock_module(); so do IClassFactory::LockServer and threads that run
 * the module's code.  The DLL may unload only when the count is zero. */
void lock_module(void);
void unlock_module(void);
LONG module_lock_count(void);

/* A process that serves the objects to other processes (src/com/server.c)
 * counts each lock as a reference on the process as well, the way COM asks
 * an out-of-process server to (CoAddRefServerProcess), and so learns when
 * the last one goes.  Set once, before the first object exists; NULL
 * members are not called. */
struct module_observer
{
    void (*locked)(void);
    void (*unlocked)(void);
};
void module_set_observer(const struct module_observer *observer);

#endif
