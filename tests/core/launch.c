/*
 * Native tests of the launch command line (src/core/launch.c).
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

#include <string.h>

#include "core/launch.h"
#include "coretest.h"

static const char *const files[] = {
    "C:\\Program Files\\Chess\\chess.exe",
    "C:\\games\\go.exe",
    "C:\\My Games\\go.exe",
};

static int is_file(void *ctx, const char *path)
{
    size_t i;

    (void)ctx;
    for (i = 0; i < sizeof(files) / sizeof(files[0]); i++)
        if (!strcmp(path, files[i])) return 1;
    return 0;
}

#define check(path, status, command, program) check_(__LINE__, path, status, command, program)
static void check_(int line, const char *path, enum core_status status, const char *command,
                   const char *program)
{
    char got_command[128] = "", got_program[64] = "";

    ok_(__FILE__, line)(launch_command(path, is_file, NULL, got_command, sizeof(got_command), got_program,
                                       sizeof(got_program)) == status,
                        "%s: not %s\n", path, core_status_name(status));
    if (status < 0) return;
    ok_(__FILE__, line)(!strcmp(got_command, command), "%s: command \"%s\", expected \"%s\"\n", path,
                        got_command, command);
    ok_(__FILE__, line)(!strcmp(got_program, program), "%s: program \"%s\", expected \"%s\"\n", path,
                        got_program, program);
}

static void test_command(void)
{
    check("C:\\games\\go.exe", CORE_OK, "C:\\games\\go.exe", "C:\\games\\go.exe");
    check("C:\\Program Files\\Chess\\chess.exe", CORE_OK, "\"C:\\Program Files\\Chess\\chess.exe\"",
          "C:\\Program Files\\Chess\\chess.exe");
    check("C:\\games\\go.exe -board 19", CORE_OK, "\"C:\\games\\go.exe\" -board 19", "C:\\games\\go.exe");
    check("C:\\Program Files\\Chess\\chess.exe /new game", CORE_OK,
          "\"C:\\Program Files\\Chess\\chess.exe\" /new game", "C:\\Program Files\\Chess\\chess.exe");
    check("\"C:\\My Games\\go.exe\" -x", CORE_OK, "\"C:\\My Games\\go.exe\" -x", "C:\\My Games\\go.exe");
    /* Nothing there: the launch fails later, with the path as it is. */
    check("C:\\missing\\app.exe -y", CORE_OK, "C:\\missing\\app.exe -y", "C:\\missing\\app.exe");
    check("", CORE_E_INVALIDARG, "", "");
    check("\"C:\\My Games\\go.exe -x", CORE_E_INVALIDARG, "", "");
    {
        char command[8], program[64];

        ok_status(launch_command("C:\\games\\go.exe", is_file, NULL, command, sizeof(command), program,
                                 sizeof(program)),
                  CORE_E_TOO_LONG);
    }
}

static void test_directory(void)
{
    char directory[64];

    ok_status(launch_directory("C:\\Program Files\\Chess\\chess.exe", directory, sizeof(directory)), CORE_OK);
    ok_str(directory, "C:\\Program Files\\Chess");
    ok_status(launch_directory("/usr/games/go", directory, sizeof(directory)), CORE_OK);
    ok_str(directory, "/usr/games");
    ok_status(launch_directory("go.exe", directory, sizeof(directory)), CORE_OK);
    ok_str(directory, "");
    ok_status(launch_directory("C:\\Program Files\\Chess\\chess.exe", directory, 4), CORE_E_TOO_LONG);
}

int main(void)
{
    test_command();
    test_directory();
    return test_summary();
}
