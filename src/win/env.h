/*
 * What Windows gives the core: randomness, the registered applications, the host's address.
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

#ifndef MSGSC_WIN_ENV_H
#define MSGSC_WIN_ENV_H

#include <windows.h>

#include "core/session.h"

/* Fills buf from the system's cryptographic generator; FALSE if it failed. */
BOOL platform_random(void *buf, size_t len);

/* Fills random_bytes, lookup_app and default_address and clears the rest;
 * the broker adds its clock, identity and transport. */
void platform_fill_env(struct core_env *env);

#endif
