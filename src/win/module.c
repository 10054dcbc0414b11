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

#include "module.h"

HINSTANCE msgsc_instance;

/* Live objects plus IClassFactory::LockServer locks. */
static LONG module_ref;

/* Only in a local server process; see module_set_observer(). */
static const struct module_observer *observer;

void lock_module(void)
{
    InterlockedIncrement(&module_ref);
    if (observer && observer->locked) observer->locked();
}

void unlock_module(void)
{
    InterlockedDecrement(&module_ref);
    if (observer && observer->unlocked) observer->unlocked();
}

LONG module_lock_count(void)
{
    return module_ref;
}

void module_set_observer(const struct module_observer *new_observer)
{
    observer = new_observer;
}
