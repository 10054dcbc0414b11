#!/bin/sh
# Builds msgsc.dll, the demo and the README's C sample, registers the DLL in
# a private Wine prefix and runs the demo: alice invites bob (a second
# process with its own identity and broker), bob accepts, both send context
# data, alice ends the session.  Exits with the demo's status.
#   sh scripts/demo.sh          the brokers talk over direct links, no server
#   sh scripts/demo.sh --xmpp   the same over a throwaway local Prosody the
#                               script starts and stops (docs/xmpp.md)
set -eu
cd "$(dirname "$0")/.."
network=direct
case ${1:-} in
--xmpp) network=xmpp ;;
"") ;;
*) echo "usage: sh scripts/demo.sh [--xmpp]" >&2; exit 2 ;;
esac
sh scripts/deps.sh

cmake --preset mingw-x64 >/dev/null
cmake --build --preset mingw-x64 -j2 --target msgsc msgsc-demo msgsc-hello
prefix="$PWD/build/mingw-x64/prefix-demo"

# The brokers exit one second after their last process (the demo sets
# MSGSC_BROKER_IDLE_MS for both identities); stopping the prefix's
# wineserver at the end, whatever happened, leaves nothing running.
trap 'WINEPREFIX="$prefix" wineserver -k 2>/dev/null || true' EXIT

if [ "$network" = xmpp ]; then
    # alice and bob get accounts on a server of their own, become mutual
    # contacts, and their brokers sign in to it over STARTTLS, its
    # self-signed certificate pinned.
    server="$PWD/build/mingw-x64/demo-xmpp-server"
    harness="$PWD/tests/xmpp/prosody.sh"
    rm -rf "$server"
    trap 'WINEPREFIX="$prefix" wineserver -k 2>/dev/null || true; sh "$harness" stop "$server"' EXIT
    settings=$(sh "$harness" friends "$server" demo.example.org "demo password" alice bob) || exit 1
    eval "$settings"
    export MSGSC_NETWORK MSGSC_XMPP_SERVER MSGSC_XMPP_PIN MSGSC_XMPP_PASSWORD="demo password"
    echo "Prosody for demo.example.org on 127.0.0.1:$XMPP_C2S_PORT; alice and bob sign in to it"
fi

cd build/mingw-x64/bin
../../../tests/wine-run.sh "$prefix" 64 regsvr32 /s msgsc.dll
status=0
../../../tests/wine-run.sh "$prefix" 64 ./msgsc-demo.exe || status=$?
exit $status
