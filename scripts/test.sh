#!/bin/sh
# Builds everything and runs every test: the portable core natively under
# ASan/UBSan, msgsc.dll for 64-bit Windows under Wine, and the 32-bit DLL
# (checked everywhere, run where 32-bit Wine exists).  Ends with one line
# "N passed, N failed, N skipped" over all three test trees.
set -eu
cd "$(dirname "$0")/.."
sh scripts/deps.sh

presets="native mingw-x64 mingw-x86"
for preset in $presets; do
    cmake --preset "$preset" >/dev/null
    cmake --build --preset "$preset" -j2
done

passed=0 failed=0 skipped=0 status=0
for preset in $presets; do
    log="build/$preset/ctest.log"
    ctest --preset "$preset" -j2 >"$log" 2>&1 || status=1
    cat "$log"
    passed=$((passed + $(grep -c ' Passed ' "$log" || true)))
    failed=$((failed + $(grep -Ec '\*\*\*(Failed|Timeout|Exception)|Not Run' "$log" || true)))
    skipped=$((skipped + $(grep -c '\*\*\*Skipped' "$log" || true)))
    # ctest hides a skipped test's output: show why, once per reason.
    grep -h '^SKIP: ' "build/$preset/Testing/Temporary/LastTest.log" 2>/dev/null | sort | uniq -c |
        sed "s/^ *\([0-9]*\) SKIP: /$preset: \1 skipped: /" || true
done

# Wine servers of the test prefixes must not outlive the run.
for prefix in build/*/wineprefix*; do
    [ -d "$prefix" ] && WINEPREFIX="$PWD/$prefix" wineserver -k 2>/dev/null || true
done

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ] || status=1
[ "$passed" -gt 0 ] || status=1
exit $status
