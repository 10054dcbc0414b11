#!/bin/sh
# Both architectures in one Wine prefix, as a user who registered both DLLs
# side by side has them (README): this tree's 32-bit DLL and the mingw-x64
# tree's 64-bit one.
#   run.sh WINE_RUN PREFIX OWN_BIN OTHER_BIN MODE
# MODE register: regsvr32 each DLL with the loader of its architecture;
#   unregistering the 32-bit one leaves the 64-bit one whole.
# MODE cscript: "wine cscript" (whichever bitness it starts) and the 64-bit
#   cscript both drive the manager through samples/hello.vbs.
# MODE two_party: alice and bob in 32-bit, bob2 (a second application of
#   bob's) in 64-bit, through bob's one broker.
# MODE activation (a prefix of its own): with only the 64-bit DLL
#   registered, "wine cscript" and a 32-bit C client get their manager from
#   the 64-bit local server; with both, each architecture's client gets a
#   local server of its own DLL (tests/com/activation.c).
# Exits 77 with the reason when the other tree has not been built.
set -u
wine_run=$1 prefix=$2 own=$3 other=$4 mode=$5
script_dir=$(cd "$(dirname "$0")" && pwd)

[ -f "$other/msgsc.dll" ] || {
    echo "SKIP: $other/msgsc.dll is not built (build the mingw-x64 preset first; scripts/test.sh does)"
    exit 77
}
cd "$own" || exit 1

case $mode in
register)
    "$wine_run" "$prefix" 32 regsvr32 /s msgsc.dll || exit $?
    "$wine_run" "$prefix" 64 regsvr32 /s "Z:$other/msgsc.dll" || exit $?
    echo "registered $own/msgsc.dll and $other/msgsc.dll"
    # Unregistering one leaves the other whole: the ProgIDs and the type
    # library's version key, which both views share, stay; the 32-bit
    # view's own keys go.  Then the 32-bit DLL is registered again.
    status=0
    "$wine_run" "$prefix" 32 regsvr32 /s /u msgsc.dll || exit $?
    classes='HKLM\Software\Classes'
    if "$wine_run" "$prefix" 32 reg query "$classes\CLSID\{E3A3B1D9-5675-43C0-BF04-37BE11939FB7}\InprocServer32" >/dev/null 2>&1; then
        echo "FAIL: the 32-bit CLSID stays after regsvr32 /u"
        status=1
    fi
    for key in 'Messenger.MsgrSessionManager\CLSID' 'Messenger.MsgrSessionManager.1\CLSID' 'TypeLib\{53CED51D-432B-45B2-A3E0-0CE2C24235D4}\1.0'; do
        out=$("$wine_run" "$prefix" 64 reg query "$classes\\$key" /ve 2>&1)
        case $out in
        *'{E3A3B1D9-5675-43C0-BF04-37BE11939FB7}'* | *'Messenger Private Type Library'*) ;;
        *) printf "FAIL: %s lost with the 32-bit DLL's unregistration: %s\n" "$key" "$out"; status=1 ;;
        esac
    done
    out=$("$wine_run" "$prefix" 64 cscript //nologo "Z:$script_dir/../../samples/hello.vbs" 2>&1)
    case $out in
    *"State after Cancel 5"*) echo "the 64-bit registration is whole after the 32-bit one's removal" ;;
    *) echo "FAIL: the 64-bit cscript, after the 32-bit unregistration: $out"; status=1 ;;
    esac
    "$wine_run" "$prefix" 32 regsvr32 /s msgsc.dll || exit $?
    exit $status
    ;;
cscript)
    status=0
    script="Z:$script_dir/../../samples/hello.vbs"
    # What a user types, and the 64-bit cscript of the 64-bit loader.
    for how in "wine cscript" "64-bit cscript"; do
        if [ "$how" = "wine cscript" ]; then
            out=$(WINEPREFIX=$prefix WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=" wine cscript //nologo "$script" 2>&1)
        else
            out=$("$wine_run" "$prefix" 64 cscript //nologo "$script" 2>&1)
        fi
        echo "$how: $out"
        case $out in
        *"State after Cancel 5"*) ;;
        *) echo "FAIL: $how did not drive the manager"; status=1 ;;
        esac
    done
    exit $status
    ;;
two_party)
    exec "$wine_run" "$prefix" 32 test_net_two_party.exe mixed "Z:$other/test_net_two_party.exe"
    ;;
activation)
    [ -f "$other/test_com_activation.exe" ] || {
        echo "SKIP: $other/test_com_activation.exe is not built"
        exit 77
    }
    status=0
    # The prefix is this test's own: a local server a failed earlier run
    # left behind would serve the clients, so its processes go first, and
    # so does a 32-bit registration.
    WINEPREFIX=$prefix wineserver -k 2>/dev/null
    "$wine_run" "$prefix" 32 regsvr32 /s /u msgsc.dll
    "$wine_run" "$prefix" 64 regsvr32 /s "Z:$other/msgsc.dll" || exit $?
    echo "only $other/msgsc.dll registered:"
    # "wine cscript" is 32-bit: CreateObject reaches the 64-bit DLL as a
    # local server.  That server must then go by itself: wineserver -w
    # returns once every process of the prefix has ended (ctest's timeout
    # bounds it).
    out=$(WINEPREFIX=$prefix WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=" wine cscript //nologo "Z:$script_dir/../../samples/hello.vbs" 2>&1)
    echo "wine cscript: $out"
    case $out in
    *"State after Cancel 5"*) ;;
    *) echo "FAIL: wine cscript did not drive the 64-bit local server"; status=1 ;;
    esac
    WINEPREFIX=$prefix wineserver -w
    echo "wine cscript's local server is gone"
    "$wine_run" "$prefix" 32 test_com_activation.exe "Z:$other/msgsc.dll" 64 || status=1
    "$wine_run" "$prefix" 32 regsvr32 /s msgsc.dll || exit $?
    echo "both registered:"
    "$wine_run" "$prefix" 32 test_com_activation.exe || status=1
    "$wine_run" "$prefix" 64 "Z:$other/test_com_activation.exe" || status=1
    exit $status
    ;;
*)
    echo "run.sh: unknown mode $mode"
    exit 1
    ;;
esac
