#!/bin/sh
# Builds the mingw-x64 tree when needed, registers msgsc.dll in a private
# Wine prefix and runs the session benchmarks (bench/README.md).
#   sh bench/run.sh [msgsc-bench options, e.g. --quick]
# MSGSC_BENCH_BUILD names another build directory (default build/mingw-x64).
set -eu
cd "$(dirname "$0")/.."
sh scripts/deps.sh

build=${MSGSC_BENCH_BUILD:-build/mingw-x64}
case $build in /*) ;; *) build="$PWD/$build" ;; esac
if [ ! -f "$build/CMakeCache.txt" ]; then
    # What the mingw-x64 preset configures.
    cmake -S . -B "$build" -DCMAKE_TOOLCHAIN_FILE="$PWD/cmake/mingw.cmake" -DMSGSC_TARGET_ARCH=x86_64 \
        -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
cmake --build "$build" -j2 --target msgsc msgsc-bench >/dev/null

prefix="$build/prefix-bench"
run="$PWD/tests/wine-run.sh"
cd "$build/bin"
"$run" "$prefix" 64 regsvr32 /s msgsc.dll
status=0
"$run" "$prefix" 64 ./msgsc-bench.exe "$@" || status=$?
# The brokers leave two seconds after their last client; whatever is left
# in this private prefix goes with it.
WINEPREFIX="$prefix" timeout 20 wineserver -w 2>/dev/null || WINEPREFIX="$prefix" wineserver -k 2>/dev/null || true
exit $status
