#!/bin/sh
# Runs the test of the agent's windows (tests/ui/prompt.c) as a person
# would see them: on a real X display (Xvfb, never :0), in a Wine virtual
# desktop with a taskbar and its notification area, in the build tree's
# own prefix prefix-ui (tests/wine-run.sh makes it).  The program asks
# through files in PREFIX.handshake for what only this side can do:
# request.N holds "shot NAME [X Y W H]" (a screenshot into
# BUILD_DIR/screenshots/NAME.png), "click X Y BUTTON", "key KEYS..." or
# "type TEXT" (a real pointer and real key presses, by xdotool); done.N
# answers 0 when it was done.
#   xvfb-run.sh BUILD_DIR ARCH(32|64) PROGRAM [ARGS...]
# The program gets ARGS, then the handshake folder.  MSGSC_UI_PREFIX names
# another prefix than BUILD_DIR/prefix-ui (the agent's test has its own:
# signing in writes the user's registry there).
# Exits 77 (ctest's skip) when Xvfb, xdpyinfo, import or xdotool is
# missing, except in CI (CI=true), where scripts/deps.sh installs them and
# a missing one is a failure.
set -u
build=$1 arch=$2 program=$3
shift 3
here=$(cd "$(dirname "$0")" && pwd)
prefix=${MSGSC_UI_PREFIX:-$build/prefix-ui}
handshake=$prefix.handshake
shots=$build/screenshots

for tool in Xvfb xdpyinfo import xdotool; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        if [ "${CI:-}" = true ]; then
            echo "FAIL: $tool is not installed, though scripts/deps.sh installs it in CI"
            exit 1
        fi
        echo "SKIP: $tool is not installed (scripts/deps.sh installs xvfb, x11-utils, imagemagick and xdotool)"
        exit 77
    fi
done

xvfb= test_pid=
cleanup() {
    [ -n "$test_pid" ] && kill "$test_pid" 2>/dev/null
    WINEPREFIX=$prefix wineserver -k 2>/dev/null
    [ -n "$xvfb" ] && kill "$xvfb" 2>/dev/null && wait "$xvfb" 2>/dev/null
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# A display nobody uses: no socket and no lock file.  Another run may
# take the same number at the same moment; Xvfb then exits, and the next
# number is tried.
display=
number=90
while [ -z "$display" ] && [ "$number" -lt 190 ]; do
    number=$((number + 1))
    [ -e "/tmp/.X11-unix/X$number" ] || [ -e "/tmp/.X$number-lock" ] && continue
    Xvfb ":$number" -screen 0 1024x768x24 -nolisten tcp >"$prefix.xvfb.log" 2>&1 &
    xvfb=$!
    tries=0
    while kill -0 "$xvfb" 2>/dev/null && [ "$tries" -lt 100 ]; do
        if xdpyinfo -display ":$number" >/dev/null 2>&1; then
            display=:$number
            break
        fi
        tries=$((tries + 1))
        sleep 0.1
    done
    if [ -z "$display" ]; then
        kill "$xvfb" 2>/dev/null
        wait "$xvfb" 2>/dev/null
        xvfb=
    fi
done
[ -n "$display" ] || { echo "FAIL: no X display could be started (see $prefix.xvfb.log)"; exit 1; }
export DISPLAY=$display

# Every process of the prefix runs in the virtual desktop msgsc-ui, which
# has a taskbar, so the notification area is inside the screenshots.
rm -rf "$handshake"
mkdir -p "$handshake" "$shots"
desktops='HKCU\Software\Wine\Explorer\Desktops'
sh "$here/../wine-run.sh" "$prefix" "$arch" reg add 'HKCU\Software\Wine\Explorer' /v Desktop /d msgsc-ui /f >/dev/null &&
sh "$here/../wine-run.sh" "$prefix" "$arch" reg add "$desktops" /v msgsc-ui /d 1024x768 /f >/dev/null &&
sh "$here/../wine-run.sh" "$prefix" "$arch" reg add "$desktops\\msgsc-ui" /v EnableShell /t REG_DWORD /d 1 /f >/dev/null ||
    { echo "FAIL: could not set up the Wine desktop in $prefix"; exit 1; }

sh "$here/../wine-run.sh" "$prefix" "$arch" "$program" "$@" "Z:$handshake" &
test_pid=$!

# Answers the program's requests until it exits, for at most 240 s (ctest
# stops the test at 300 s, and this cleans up first).
n=1
start=$(date +%s)
while kill -0 "$test_pid" 2>/dev/null; do
    if [ $(($(date +%s) - start)) -gt 240 ]; then
        echo "FAIL: the test program did not finish in 240 s"
        exit 1
    fi
    if [ ! -f "$handshake/request.$n" ]; then
        sleep 0.05
        continue
    fi
    read -r verb arguments <"$handshake/request.$n"
    case $verb in
    shot)
        # shellcheck disable=SC2086 # NAME [X Y W H], split on purpose
        set -- $arguments
        crop=
        [ $# = 5 ] && crop="-crop ${4}x${5}+${2}+${3} +repage"
        # shellcheck disable=SC2086
        import -window root $crop "$shots/$1.png"
        ;;
    key)
        # shellcheck disable=SC2086 # several keys, split on purpose
        xdotool key --delay 50 $arguments
        ;;
    click)
        # shellcheck disable=SC2086 # X Y BUTTON
        set -- $arguments
        xdotool mousemove --sync "$1" "$2" click "$3"
        ;;
    type) xdotool type --delay 50 "$arguments" ;;
    *) false ;;
    esac
    echo $? >"$handshake/done.tmp"
    mv "$handshake/done.tmp" "$handshake/done.$n"
    n=$((n + 1))
done
wait "$test_pid"
status=$?
test_pid=
echo "Screenshots: $shots"
exit $status
