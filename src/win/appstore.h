/*
 * The registered-applications key (spec 4.1): HKLM then HKCU, 32-bit registry view.
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

#ifndef MSGSC_WIN_APPSTORE_H
#define MSGSC_WIN_APPSTORE_H

#include <stddef.h>

#include "core/session.h"

enum core_status appstore_lookup(const char *guid, struct core_app_info *info);
enum core_status appstore_register(const char *guid, const char *name, const char *url, const char *path);
enum core_status appstore_unregister(const char *guid);
/* Every registered GUID, sorted, de-duplicated; free with appstore_free_list. */
enum core_status appstore_list(char ***guids, size_t *count);
void appstore_free_list(char **guids, size_t count);

#endif
