/*
 * The command line that launches a registered application (spec 4.3).
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

#ifndef MSGSC_CORE_LAUNCH_H
#define MSGSC_CORE_LAUNCH_H

#include <stddef.h>

#include "status.h"

/* A registered Path is a program, or a program and its arguments (spec
 * 4.1).  Nothing from the network is ever added to it (Q5).  is_file says
 * whether a path (UTF-8) names an existing file. */
typedef int (*launch_is_file)(void *ctx, const char *path);

/* From the registered path, the command line for CreateProcess and the
 * program it starts (for its working directory):
 *   - the whole path names a file: that program, quoted when it holds a space;
 *   - it starts with a quote: the quoted program, the rest as its arguments;
 *   - else the shortest prefix that ends before a space and names a file,
 *     quoted, the rest as arguments (the order CreateProcess tries);
 *   - else the text up to the first space, and the path as it is (the
 *     launch then fails, as it would have).
 * CORE_E_INVALIDARG for an empty path or an unclosed quote, CORE_E_TOO_LONG
 * when an output does not fit. */
enum core_status launch_command(const char *path, launch_is_file is_file, void *ctx, char *command,
                                size_t command_size, char *program, size_t program_size);

/* The folder of program (up to its last '\' or '/', without it; "" when it
 * has none), the launched process's working directory. */
enum core_status launch_directory(const char *program, char *directory, size_t size);

#endif
