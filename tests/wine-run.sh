#!/bin/sh
# Runs a Windows test program under Wine in a private prefix of the build
# tree (never the user's own), creating the prefix on first use.
#   wine-run.sh PREFIX_DIR ARCH(32|64) PROGRAM [ARGS...]
# ARCH picks the loader: 64 runs the 64-bit one, 32 plain "wine", which
# starts the 32-bit loader first where wine32 is installed; and a bare name
# of one of Wine's own programs (cscript, regsvr32) names that program of
# the same architecture.  Exits 77 (ctest's skip code) with the reason when
# this machine cannot run programs of that architecture.
set -u
prefix=$1 arch=$2
shift 2

# What the prefix was made for: a prefix made before wine32 was installed
# (or with another Wine) fails with "could not load kernel32.dll", so it is
# made again when this changes.
wine32_loader=/usr/lib/wine/wine wine64_loader=/usr/lib/wine/wine64
have_wine32=
for dll in /usr/lib/i386-linux-gnu/wine/i386-windows/kernel32.dll \
           /usr/lib/wine/i386-windows/kernel32.dll \
           /usr/local/lib/wine/i386-windows/kernel32.dll; do
    [ -f "$dll" ] && have_wine32=1
done

if [ "$arch" = 32 ] && [ -z "$have_wine32" ]; then
    echo "SKIP: 32-bit Wine (wine32:i386) is not installed here; the i686 DLL was built and checked statically only."
    exit 77
fi

command -v wine >/dev/null 2>&1 || { echo "FAIL: wine is not installed (run scripts/deps.sh)"; exit 1; }
loader=wine
[ "$arch" = 64 ] && [ -x "$wine64_loader" ] && loader=$wine64_loader
stamp="$(wine --version) wine32:${have_wine32:-no} $([ -x "$wine32_loader" ] && echo loader32)"

export WINEPREFIX="$prefix"
export WINEDEBUG="${WINEDEBUG:--all}"
export WINEDLLOVERRIDES="${WINEDLLOVERRIDES:-mscoree,mshtml=}"
export WINEARCH=win64

mkdir -p "$(dirname "$prefix")"
# One wineboot per prefix even when ctest runs tests in parallel.
(
    flock 9
    if [ -f "$prefix/system.reg" ] && [ "$(cat "$prefix/.msgsc-wine" 2>/dev/null)" != "$stamp" ]; then
        echo "wine-run.sh: $prefix was made for another Wine; making it again" >&2
        wineserver -k 2>/dev/null
        wineserver -w 2>/dev/null
        rm -rf "$prefix"
    fi
    if [ ! -f "$prefix/system.reg" ]; then
        wineboot -i >/dev/null 2>&1
        wineserver -w
        echo "$stamp" >"$prefix/.msgsc-wine"
    fi
) 9>"$prefix.lock"

# A bare program name that is not a file here ("cscript", "regsvr32") is
# Wine's own program of this architecture, named by its path: otherwise the
# loader hands the name to start.exe, whose ShellExecuteEx has been seen
# failing under load ("ShellExecuteEx failed: Internal error").
program=$1
shift
case $program in
*/* | *\\* | *:*) ;;
*)
    if [ ! -e "$program" ]; then
        dir=system32
        [ "$arch" = 32 ] && dir=syswow64
        case $program in *.exe) exe=$program ;; *) exe=$program.exe ;; esac
        [ -f "$prefix/drive_c/windows/$dir/$exe" ] && program="C:\\windows\\$dir\\$exe"
    fi
    ;;
esac

# Wine hands every process it starts the starter's Unix standard error (its
# spawn_process resets only fds 0 and 1), so a broker started by the program
# would keep ctest's output pipe open until it exits, up to a minute after
# its last client, and ctest counts the test as running all that time.  The
# program's standard error goes to a file instead, streamed from there while
# the program runs; what a broker writes later stays in the removed file.
errors=$(mktemp) || exit 1
# Run in the background, it reads nothing: no test program reads its input.
"$loader" "$program" "$@" </dev/null 2>"$errors" &
pid=$!
trap 'kill $pid 2>/dev/null' INT TERM
tail -s 0.1 --pid=$pid -n +1 -f "$errors" >&2 &
tail_pid=$!
wait $pid
status=$?
wait $tail_pid
rm -f "$errors"
exit $status
