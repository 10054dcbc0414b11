#!/bin/sh
# Builds msgsc.dll, the demo and the README's C sample, registers the DLL in
# a private Wine prefix and runs the demo: alice invites bob (a second
# process with its own identity and broker), bob accepts, both send context
# data, alice ends the session.  Exits with the demo's status.
set -eu
cd "$(dirname "$0")/.."
sh scripts/deps.sh

cmake --preset mingw-x64 >/dev/null
cmake --build --preset mingw-x64 -j2 --target msgsc msgsc-demo msgsc-hello
prefix="$PWD/build/mingw-x64/prefix-demo"

# The brokers exit one second after their last process (the demo sets
# MSGSC_BROKER_IDLE_MS for both identities); stopping the prefix's
# wineserver at the end, whatever happened, leaves nothing running.
trap 'WINEPREFIX="$prefix" wineserver -k 2>/dev/null || true' EXIT

cd build/mingw-x64/bin
../../../tests/wine-run.sh "$prefix" 64 regsvr32 /s msgsc.dll
status=0
../../../tests/wine-run.sh "$prefix" 64 ./msgsc-demo.exe || status=$?
exit $status
