#!/bin/sh
# Builds msgsc.dll, registers it in a private Wine prefix and runs the demo.
set -eu
cd "$(dirname "$0")/.."
sh scripts/deps.sh

cmake --preset mingw-x64 >/dev/null
cmake --build --preset mingw-x64 -j2 --target msgsc msgsc-demo
prefix="$PWD/build/mingw-x64/prefix-demo"
cd build/mingw-x64/bin
../../../tests/wine-run.sh "$prefix" 64 regsvr32 /s msgsc.dll
../../../tests/wine-run.sh "$prefix" 64 ./msgsc-demo.exe
status=$?
WINEPREFIX="$prefix" wineserver -k 2>/dev/null || true
exit $status
