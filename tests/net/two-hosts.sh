#!/bin/sh
# Alice and bob on two hosts: two network namespaces joined by a veth pair,
# each with a Wine prefix of its own (the wineserver creates the sockets, so
# each prefix's wineserver starts inside its namespace).  The brokers reach
# each other over the veth link, not loopback.
#   two-hosts.sh BIN_DIR WINE_RUN ARCH(32|64)
# Exits 77 (skip) with the reason when this machine cannot make namespaces.
set -u
bin=$1 wine_run=$2 arch=$3
run=$$
ns_a=msgsc-a-$run ns_b=msgsc-b-$run
veth_a=msa$run veth_b=msb$run
# An address pair of our own test hosts, inside namespaces made here.
addr_a=10.231.$((run % 250)).1 addr_b=10.231.$((run % 250)).2
prefix_a=$bin/../prefix-host-a prefix_b=$bin/../prefix-host-b
guid="{6D736773-6300-4E45-5457-4F524B000001}"

skip() { echo "SKIP: $*"; exit 77; }
[ "$(id -u)" = 0 ] || skip "network namespaces need root; the loopback test covers the exchange"
command -v ip >/dev/null 2>&1 || skip "iproute2 (ip) is not installed"

# The wineservers live inside the namespaces: end them (and wait) first.
cleanup() {
    for prefix in "$prefix_a" "$prefix_b"; do
        WINEPREFIX=$prefix wineserver -k 2>/dev/null
        WINEPREFIX=$prefix wineserver -w 2>/dev/null
    done
    for ns in "$ns_a" "$ns_b"; do
        [ -e "/var/run/netns/$ns" ] && { ip netns del "$ns" || echo "could not delete namespace $ns"; }
    done
}
trap cleanup EXIT INT TERM

ip netns add "$ns_a" 2>/dev/null || skip "cannot create a network namespace here"
ip netns add "$ns_b" || exit 1
ip link add "$veth_a" type veth peer name "$veth_b" || skip "cannot create a veth pair here"
ip link set "$veth_a" netns "$ns_a" && ip link set "$veth_b" netns "$ns_b" || exit 1
ip -n "$ns_a" addr add "$addr_a/30" dev "$veth_a" && ip -n "$ns_b" addr add "$addr_b/30" dev "$veth_b" || exit 1
for ns in "$ns_a" "$ns_b"; do
    ip -n "$ns" link set lo up
done
ip -n "$ns_a" link set "$veth_a" up && ip -n "$ns_b" link set "$veth_b" up || exit 1

# Fresh wineservers, started inside each namespace by the registration.
for prefix in "$prefix_a" "$prefix_b"; do
    WINEPREFIX=$prefix wineserver -k 2>/dev/null
done
cd "$bin" || exit 1
for host in a b; do
    eval ns=\$ns_$host prefix=\$prefix_$host
    ip netns exec "$ns" "$wine_run" "$prefix" "$arch" regsvr32 /s msgsc.dll
    status=$?
    [ $status = 77 ] && skip "$arch-bit Wine is not installed here"
    [ $status = 0 ] || exit 1
done

rm -f bob.ready
ip netns exec "$ns_b" env MSGSC_TEST_HOST=1 MSGSC_SIGNIN=bob@example.org MSGSC_LISTEN="$addr_b:6891" \
    MSGSC_CONTACTS="alice@example.org=$addr_a:6891" MSGSC_INVITE_TIMEOUT_MS=8000 MSGSC_BROKER_IDLE_MS=2000 \
    "$wine_run" "$prefix_b" "$arch" test_net_two_party.exe bob "$guid" "$guid" >bob.log 2>&1 &
bob=$!
# Bob writes bob.ready once his broker listens; alice starts only then.
waited=0
while [ ! -f bob.ready ]; do
    kill -0 $bob 2>/dev/null || { sed 's/^/bob: /' bob.log; echo "bob ended before he was ready"; exit 1; }
    [ $waited -ge 600 ] && { echo "bob was not ready within 60 s"; kill $bob; exit 1; }
    sleep 0.1
    waited=$((waited + 1))
done
ip netns exec "$ns_a" env MSGSC_SIGNIN=alice@example.org MSGSC_LISTEN="$addr_a:6891" \
    MSGSC_CONTACTS="bob@example.org=$addr_b:6891" MSGSC_INVITE_TIMEOUT_MS=8000 MSGSC_BROKER_IDLE_MS=2000 \
    "$wine_run" "$prefix_a" "$arch" test_net_two_party.exe host-alice "$guid"
alice_status=$?
wait $bob
bob_status=$?
sed 's/^/bob: /' bob.log
echo "alice exit $alice_status, bob exit $bob_status"
cleanup
trap - EXIT INT TERM
[ $alice_status = 0 ] && [ $bob_status = 0 ]
