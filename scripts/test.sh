#!/bin/sh
# Builds everything and runs every test: the portable core natively under
# ASan/UBSan, msgsc.dll for 64-bit Windows under Wine, and the 32-bit DLL
# (checked everywhere, run where 32-bit Wine exists).  Ends with one line
# "N passed, N failed, N skipped" over all three test trees, counted from
# ctest's JUnit files (build/<preset>/junit.xml, read by
# scripts/ctest-junit.awk).  A test that could not run (missing program,
# failed fixture) counts as failed.  MSGSC_TEST_PRESETS="native ..." runs
# fewer trees.
set -eu
cd "$(dirname "$0")/.."
sh scripts/deps.sh

presets=${MSGSC_TEST_PRESETS:-native mingw-x64 mingw-x86}
for preset in $presets; do
    cmake --preset "$preset" >/dev/null
    cmake --build --preset "$preset" -j2
done

passed=0 failed=0 skipped=0 status=0
for preset in $presets; do
    log="build/$preset/ctest.log"
    junit="$PWD/build/$preset/junit.xml"
    rm -f "$junit"
    ctest --preset "$preset" -j2 --output-junit "$junit" >"$log" 2>&1 || status=1
    cat "$log"
    if summary=$(awk -f scripts/ctest-junit.awk "$junit" 2>&1); then
        # The last line is "<passed> <failed> <skipped>".
        read -r p f s <<EOF
$(printf '%s\n' "$summary" | tail -n 1)
EOF
        passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
        # ctest hides a skipped test's output: show why, once per reason.
        printf '%s\n' "$summary" | sed '$d' | grep '^SKIP: ' | sort | uniq -c |
            sed "s/^ *\([0-9]*\) SKIP: /$preset: \1 skipped: /" || true
        printf '%s\n' "$summary" | sed '$d' | grep '^NOT RUN: ' | sed "s/^/$preset: /" || true
    else
        # No results at all (ctest did not start, or a broken file): one failure.
        printf '%s\n' "$summary" | sed "s/^/$preset: no test results: /"
        failed=$((failed + 1))
        status=1
    fi
    # A Wine prefix takes 1.3 GB and a tree's tests make about a dozen: in
    # CI, where nothing reuses them, a tree's prefixes go before the next
    # tree runs (a developer's stay, for speed).
    if [ "${CI:-}" = true ]; then
        for prefix in build/"$preset"/wineprefix* build/"$preset"/prefix-*; do
            [ -d "$prefix" ] || continue
            WINEPREFIX="$PWD/$prefix" wineserver -k 2>/dev/null || true
            rm -rf "$prefix"
        done
    fi
done

# Wine servers of the test prefixes must not outlive the run.
for prefix in build/*/wineprefix* build/*/prefix-*; do
    [ -d "$prefix" ] && WINEPREFIX="$PWD/$prefix" wineserver -k 2>/dev/null || true
done

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ] || status=1
[ "$passed" -gt 0 ] || status=1
exit $status
