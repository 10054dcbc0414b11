#!/bin/sh
# sample_demo_xmpp: the demo over a throwaway Prosody (as sh scripts/demo.sh
# --xmpp runs it).  The demo's identities are sample_demo's too: brokers of
# those names left by it are waited for first, and ours after.
#   xmpp-demo.sh BIN_DIR WINE_RUN PREFIX ARCH(32|64)
set -u
bin=$1 wine_run=$2 prefix=$3 arch=$4
here=$(cd "$(dirname "$0")" && pwd)
cd "$bin" || exit 1
wait_brokers() {
    "$wine_run" "$prefix" "$arch" test_net_two_party.exe wait-brokers alice@demo.example.org bob@demo.example.org \
        >/dev/null || { echo "FAIL: the demo's brokers did not end"; exit 1; }
}
wait_brokers
sh "$here/../xmpp/with-friends.sh" "$bin/../demo-xmpp-test-server" demo.example.org "demo password" alice bob \
    "$wine_run" "$prefix" "$arch" msgsc-demo.exe
status=$?
[ $status = 77 ] && exit 77
wait_brokers
exit $status
