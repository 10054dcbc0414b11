/*
 * A small test harness in Wine's style: ok(), skip(), a closing summary line.
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

#ifndef MSGSC_TEST_H
#define MSGSC_TEST_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Each test program includes this once, defines tests as functions, and
 * ends main() with "return test_summary();".  The summary line reads
 * "N passed, N failed" (a form CI parsers recognise) and the exit code is
 * non-zero when anything failed. */

static int test_passed, test_failed, test_skipped;
static const char *test_file;
static int test_line;

static inline void test_set_location(const char *file, int line)
{
    test_file = file;
    test_line = line;
}

static inline int __attribute__((format(printf, 2, 3))) test_ok(int condition, const char *format, ...)
{
    va_list args;

    if (condition)
    {
        test_passed++;
        return 1;
    }
    test_failed++;
    printf("%s:%d: Test failed: ", test_file, test_line);
    va_start(args, format);
    vprintf(format, args);
    va_end(args);
    fflush(stdout);
    return 0;
}

static inline void __attribute__((format(printf, 1, 2))) test_skip(const char *format, ...)
{
    va_list args;

    test_skipped++;
    printf("%s:%d: Tests skipped: ", test_file, test_line);
    va_start(args, format);
    vprintf(format, args);
    va_end(args);
    fflush(stdout);
}

/* ok_(file, line)(cond, ...) lets helpers report the caller's line. */
#define ok_(file, line) (test_set_location(file, line), 0) ? 0 : test_ok
#define ok              ok_(__FILE__, __LINE__)
#define skip            ((void)test_set_location(__FILE__, __LINE__)), test_skip
#define trace(...)      (printf(__VA_ARGS__), fflush(stdout))

/* ok_int(expr, expected) and ok_str(expr, expected) evaluate expr once and,
 * when it is not what was expected, print it as written with the value it
 * gave.  ok_str compares C strings; NULL equals only NULL. */
#define ok_int(expr, expected) test_ok_int(__FILE__, __LINE__, #expr, (expr), (expected))
#define ok_str(expr, expected) test_ok_str(__FILE__, __LINE__, #expr, (expr), (expected))

static inline int test_ok_int(const char *file, int line, const char *text, long long value,
                              long long expected)
{
    return ok_(file, line)(value == expected, "%s: %lld, expected %lld\n", text, value, expected);
}

static inline int test_ok_str(const char *file, int line, const char *text, const char *value,
                              const char *expected)
{
    int same = value && expected ? !strcmp(value, expected) : value == expected;

    return ok_(file, line)(same, "%s: \"%s\", expected \"%s\"\n", text, value ? value : "(null)",
                           expected ? expected : "(null)");
}

/* Exit code 77 tells ctest the whole program was skipped. */
static inline int test_summary(void)
{
    printf("%d passed, %d failed, %d skipped\n", test_passed, test_failed, test_skipped);
    fflush(stdout);
    if (test_failed) return 1;
    if (!test_passed && test_skipped) return 77;
    return test_passed ? 0 : 1; /* a test program that checked nothing has failed */
}

#endif
