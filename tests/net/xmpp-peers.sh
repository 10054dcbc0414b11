#!/bin/sh
# msgsc against an independent XMPP peer (issue 9 point 6): alice is msgsc
# (test_net_xmpp_peer.exe under Wine, her broker on the xmpp network), bob
# and carol are tests/xmpp/msgsc_peer.py, slixmpp scripted from
# docs/protocol.md alone.  Both sides play the scenarios a-f of
# msgsc_peer.py on one throwaway Prosody (example.org: alice, bob, carol,
# dave; alice+bob and alice+dave mutual contacts), then scenario a again
# with bob on a second server, b.example, federated with example.org (g).
#   xmpp-peers.sh BIN_DIR WINE_RUN PREFIX ARCH(32|64)
# Exits 77 (skip) with the reason when Prosody or slixmpp is missing.  The
# servers' state, their logs and the brokers' trace stay in
# BIN_DIR/../xmpp-peers.
set -u
bin=$1 wine_run=$2 prefix=$3 arch=$4
here=$(cd "$(dirname "$0")" && pwd)
xmpp=$here/../xmpp
harness=$xmpp/prosody.sh
python=/usr/bin/python3
state=$bin/../xmpp-peers
password='xmpp peers'

command -v prosody >/dev/null 2>&1 || { echo "SKIP: prosody is not installed (scripts/deps.sh installs it)"; exit 77; }
"$python" -c 'import slixmpp' 2>/dev/null || { echo "SKIP: $python has no slixmpp (python3-slixmpp)"; exit 77; }
began=$(date +%s)
rm -rf "$state"
mkdir -p "$state"
state=$(cd "$state" && pwd)

servers='' peer=''
# Assigned through eval, in start and play.
one_port='' one_pin='' one_pid='' fa_port='' fa_pin='' fa_s2s='' fb_port='' fb_pin='' fb_s2s=''
a_port='' a_pin='' b_port='' b_pin=''
guid=$("$python" -c 'import uuid; print("{%s}" % str(uuid.uuid4()).upper())')
# shellcheck disable=SC2317 # run from the traps
cleanup() {
    [ -z "$peer" ] || kill "$peer" 2>/dev/null
    rm -f "$bin"/*-"$guid".word
    for server in $servers; do sh "$harness" stop "$server"; done
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# Whether process $1 still runs (a child that exited is a zombie until waited for).
running() {
    [ -r "/proc/$1/stat" ] && ! sed -n 's/^.*) \(.\).*/\1/p' "/proc/$1/stat" 2>/dev/null | grep -qx Z
}

status=0
fail() { echo "FAIL: $*"; status=1; }

# start NAME HOST: a server in $state/NAME; NAME_port, NAME_s2s, NAME_pin, NAME_pid.
start() {
    servers="$servers $state/$1"
    settings=$(sh "$harness" start "$state/$1" "$2") || exit 1
    eval "$settings"
    host=$(printf '%s' "$2" | tr -c 'A-Za-z0-9_' '_')
    eval "$1_port=\$XMPP_C2S_PORT $1_s2s=\$XMPP_S2S_PORT $1_pin=\$XMPP_CERT_SHA256_$host $1_pid=\$XMPP_PID"
}

run() { (cd "$bin" && "$wine_run" "$prefix" "$arch" "$@"); }

export MSGSC_NETWORK=xmpp MSGSC_SIGNIN=alice@example.org MSGSC_XMPP_PASSWORD="$password" \
    MSGSC_BROKER_IDLE_MS=2000 MSGSC_DEBUG=trace

# play NAME SERVER(alice's) SERVER(bob's) BOB SCENARIOS [PYTHON OPTIONS]: both sides
# at once, the peer given 30 s after alice's program to finish.
play() {
    name=$1 bob=$4 scenarios=$5
    eval "a_port=\$$2_port a_pin=\$$2_pin b_port=\$$3_port b_pin=\$$3_pin"
    shift 5
    export MSGSC_XMPP_SERVER="127.0.0.1:$a_port" MSGSC_XMPP_PIN="$a_pin" MSGSC_BROKER_LOG="$state/$name-brokers.log"
    # A broker of alice's left by another test serves another network.
    run test_net_two_party.exe wait-brokers alice@example.org >/dev/null || fail "an earlier broker of alice's did not end"
    "$python" "$xmpp/msgsc_peer.py" play --server "$b_port" "$b_pin" --password "$password" \
        --alice alice@example.org --bob "$bob" --guid "$guid" --words "$bin" --scenarios "$scenarios" "$@" &
    peer=$!
    run test_net_xmpp_peer.exe "$guid" "$bob" "$scenarios" 2>"$state/$name-alice-trace.log" || fail "alice's side ($name)"
    waited=0
    while running "$peer" && [ $waited -lt 300 ]; do
        sleep 0.1
        waited=$((waited + 1))
    done
    ! running "$peer" || { kill "$peer"; fail "the peer did not finish ($name)"; }
    wait "$peer" || fail "the peer's side ($name)"
    peer=
    # Alice's broker ends before the next run (or test) of her name.
    run test_net_two_party.exe wait-brokers alice@example.org >/dev/null || fail "alice's broker did not end ($name)"
}

# One server: scenarios a-f.
start one example.org
for user in alice bob carol dave; do
    sh "$harness" adduser "$state/one" $user example.org "$password" || exit 1
done
for friend in bob dave; do
    "$python" "$xmpp/befriend.py" "$one_port" "$one_pin" alice@example.org $friend@example.org "$password" || exit 1
done
play one one one bob@example.org abcdef --carol carol@example.org --kill "$one_pid"

# Federation (g): bob on b.example, each server routed to the other's s2s port.
start fa example.org
start fb b.example
sh "$harness" route "$state/fa" b.example "$fb_s2s"
sh "$harness" route "$state/fb" example.org "$fa_s2s"
sh "$harness" adduser "$state/fa" alice example.org "$password" || exit 1
sh "$harness" adduser "$state/fb" bob b.example "$password" || exit 1
"$python" "$xmpp/msgsc_peer.py" befriend alice@example.org "$fa_port" "$fa_pin" bob@b.example "$fb_port" "$fb_pin" \
    "$password" || exit 1
echo "g: scenario a over federation, bob@b.example"
play federation fa fb bob@b.example a
grep -q "connection example.org->b.example is now authenticated" "$state/fa/prosody.log" ||
    fail "example.org has no authenticated s2s connection to b.example"

if [ $status = 0 ]; then
    echo "PASS: xmpp-peers.sh in $(($(date +%s) - began)) s"
else
    echo "FAIL: xmpp-peers.sh in $(($(date +%s) - began)) s (state, logs and traces in $state)"
    for log in "$state"/*-brokers.log; do
        [ -f "$log" ] && { echo "--- last lines of $log"; grep -v appstore_lookup "$log" | tail -n 40; }
    done
fi
exit $status
