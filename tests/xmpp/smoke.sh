#!/bin/sh
# The harness's own test: throwaway Prosody servers from prosody.sh and the
# independent client slixmpp (peer_smoke.py) doing what msgsc's XMPP backend
# will need.
#
#   smoke.sh STATE_DIR [single|federation]
#
# single: one server, host msgsc.test, alice and bob on it.  federation: two
# servers, alice@alice.test and bob@bob.test, each routed to the other's s2s
# port (prosody.sh route), so that every stanza between them crosses a real
# server-to-server connection (TLS, dialback).  STATE_DIR/<mode> is made
# afresh; the servers' state and logs stay there after the run.  Exit 77
# (skipped) when prosody, openssl or /usr/bin/python3 with slixmpp is
# missing.  The servers are stopped on every path, and checked to be gone.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
harness="$here/prosody.sh"
python=/usr/bin/python3

skip() { echo "SKIP: $*"; exit 77; }

[ $# -ge 1 ] || { echo "usage: smoke.sh STATE_DIR [single|federation]" >&2; exit 2; }
mode=${2:-single}
case $mode in single | federation) ;; *) echo "smoke.sh: unknown mode $mode" >&2; exit 2 ;; esac

for program in prosody prosodyctl openssl; do
    command -v "$program" >/dev/null || skip "$program is not installed (sh scripts/deps.sh)"
done
[ -x "$python" ] || skip "$python is missing"
"$python" -c 'import slixmpp' 2>/dev/null || skip "$python has no slixmpp (python3-slixmpp)"

state="$1/$mode"
rm -rf "$state"
mkdir -p "$state"
state=$(cd "$state" && pwd)

status=0
fail() { echo "FAIL: $*"; status=1; }

# Whether process $1 has exited (gone, or a zombie not yet reaped).
# shellcheck disable=SC2317 # exited and cleanup run from the EXIT trap
exited() {
    [ ! -r "/proc/$1/stat" ] || sed -n 's/^.*) \(.\).*/\1/p' "/proc/$1/stat" 2>/dev/null | grep -qx Z
}

pids=
servers=
# Stops every server started, whatever happened; the exit status says.
# shellcheck disable=SC2317
cleanup() {
    code=$?
    trap - EXIT INT TERM
    for server in $servers; do
        sh "$harness" stop "$server" || code=1
    done
    for pid in $pids; do
        if exited "$pid"; then
            echo "PASS: prosody $pid is gone"
        else
            echo "FAIL: prosody $pid is still running"
            code=1
        fi
    done
    [ "$code" = 0 ] && echo "PASS: smoke.sh $mode" || echo "FAIL: smoke.sh $mode (state and logs in $state)"
    exit "$code"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# start NAME HOST: a server in $state/NAME; sets its port, s2s port and pin
# as NAME_c2s, NAME_s2s, NAME_pin.
start() {
    servers="$servers $state/$1"
    env=$(sh "$harness" start "$state/$1" "$2")
    eval "$env"
    pids="$pids $XMPP_PID"
    name=$(printf '%s' "$2" | tr -c 'A-Za-z0-9_' '_')
    eval "$1_c2s=\$XMPP_C2S_PORT $1_s2s=\$XMPP_S2S_PORT $1_pin=\$XMPP_CERT_SHA256_$name"
    echo "PASS: prosody for $2 up (pid $XMPP_PID, c2s $XMPP_C2S_PORT, s2s $XMPP_S2S_PORT)"
}

# Variables assigned through eval in start.
a_c2s='' a_s2s='' a_pin='' b_c2s='' b_s2s='' b_pin=''
if [ "$mode" = single ]; then
    start a msgsc.test
    alice_host=msgsc.test bob_host=msgsc.test
    b_c2s=$a_c2s b_pin=$a_pin
    bob_dir=a
else
    start a alice.test
    start b bob.test
    alice_host=alice.test bob_host=bob.test
    sh "$harness" route "$state/a" bob.test "$b_s2s"
    sh "$harness" route "$state/b" alice.test "$a_s2s"
    bob_dir=b
fi
sh "$harness" adduser "$state/a" alice "$alice_host" alice-secret
sh "$harness" adduser "$state/$bob_dir" bob "$bob_host" bob-secret
echo "PASS: alice@$alice_host and bob@$bob_host registered"

"$python" "$here/peer_smoke.py" \
    --alice "alice@$alice_host" alice-secret "$a_c2s" "$a_pin" \
    --bob "bob@$bob_host" bob-secret "$b_c2s" "$b_pin" || status=1

# Server NAME of host OWN reached REMOTE through its static route, and its
# outgoing connection passed dialback.
check_route() {
    if grep -q "s2s route for $3: 127.0.0.1 port" "$state/$1/prosody.log" &&
        grep -q "connection $2->$3 is now authenticated for $3" "$state/$1/prosody.log"; then
        echo "PASS: $2 reached $3 over its static s2s route, dialback authenticated"
    else
        fail "$2 has no authenticated s2s connection to $3 through its route"
    fi
}
if [ "$mode" = federation ]; then
    # The stanzas crossed servers through the static routes, not DNS.
    check_route a alice.test bob.test
    check_route b bob.test alice.test
fi
exit "$status"
