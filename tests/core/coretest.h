/*
 * The core tests' check of a status: ok_status(expr, expected) evaluates
 * expr once and, when it is not what was expected, prints it as written
 * with the status it gave, by name.
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

#ifndef MSGSC_CORETEST_H
#define MSGSC_CORETEST_H

#include "core/status.h"
#include "test.h"

#define ok_status(expr, expected) test_ok_status(__FILE__, __LINE__, #expr, (expr), (expected))

static inline int test_ok_status(const char *file, int line, const char *text, enum core_status status,
                                 enum core_status expected)
{
    return ok_(file, line)(status == expected, "%s: %s, expected %s\n", text, core_status_name(status),
                           core_status_name(expected));
}

#endif
