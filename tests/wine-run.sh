#!/bin/sh
# Runs a Windows test program under Wine in a private prefix of the build
# tree (never the user's own), creating the prefix on first use.
#   wine-run.sh PREFIX_DIR ARCH(32|64) PROGRAM [ARGS...]
# Exits 77 (ctest's skip code) with the reason when this machine cannot run
# programs of that architecture.
set -u
prefix=$1 arch=$2
shift 2

if [ "$arch" = 32 ]; then
    found=
    for dll in /usr/lib/i386-linux-gnu/wine/i386-windows/kernel32.dll \
               /usr/lib/wine/i386-windows/kernel32.dll \
               /usr/local/lib/wine/i386-windows/kernel32.dll; do
        [ -f "$dll" ] && found=1
    done
    if [ -z "$found" ]; then
        echo "SKIP: 32-bit Wine (wine32:i386) is not installed here; the i686 DLL was built and checked statically only."
        exit 77
    fi
fi

command -v wine >/dev/null 2>&1 || { echo "FAIL: wine is not installed (run scripts/deps.sh)"; exit 1; }

export WINEPREFIX="$prefix"
export WINEDEBUG="${WINEDEBUG:--all}"
export WINEDLLOVERRIDES="${WINEDLLOVERRIDES:-mscoree,mshtml=}"
[ "$arch" = 64 ] && export WINEARCH=win64

mkdir -p "$(dirname "$prefix")"
# One wineboot per prefix even when ctest runs tests in parallel.
(
    flock 9
    if [ ! -f "$prefix/system.reg" ]; then
        wineboot -i >/dev/null 2>&1
        wineserver -w
    fi
) 9>"$prefix.lock"

exec wine "$@"
