/*
 * STUB: tracing.
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

#include "msgsc_private.h"
int debug_enabled(enum debug_class cls) { (void)cls; return 0; }
void debug_printf(enum debug_class cls, const char *function, const char *format, ...) { (void)cls; (void)function; (void)format; }
const char *debugstr_w(const WCHAR *str) { (void)str; return ""; }
const char *debugstr_guid(const GUID *guid) { (void)guid; return ""; }
const char *debugstr_variant(const VARIANT *v) { (void)v; return ""; }
