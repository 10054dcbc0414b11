#!/bin/sh
# The XMPP server found through DNS, as for a real account (RFC 6120 3.2):
# in a network namespace of its own, a DNS server of the test
# (tests/xmpp/fake_dns.py, on 127.0.0.1:53 there; ip netns exec puts
# /etc/netns/<ns>/resolv.conf in place of /etc/resolv.conf) publishes
# _xmpp-client._tcp.demo.example.org: first a target where nobody listens
# (priority 10), then the throwaway Prosody (priority 20).  The demo runs
# there with no XmppServer configured: both brokers must look the SRV
# records up, try the first target, and sign in at the second.
#   xmpp-srv.sh BIN_DIR WINE_RUN ARCH(32|64)
# Exits 77 (skip) with the reason when this machine cannot make namespaces
# or has no Prosody.
set -u
bin=$1 wine_run=$2 arch=$3
here=$(cd "$(dirname "$0")" && pwd)
harness=$here/../xmpp/prosody.sh
ns=msgsc-srv-$$
state=$(cd "$bin/.." && pwd)/xmpp-srv
prefix=$(cd "$bin/.." && pwd)/prefix-srv
dns_pid=''

skip() { echo "SKIP: $*"; exit 77; }
[ "$(id -u)" = 0 ] || skip "network namespaces need root; net_xmpp_two_party covers a configured server"
command -v ip >/dev/null 2>&1 || skip "iproute2 (ip) is not installed"
command -v prosody >/dev/null 2>&1 || skip "prosody is not installed (scripts/deps.sh installs it)"

cleanup() {
    WINEPREFIX=$prefix wineserver -k 2>/dev/null
    WINEPREFIX=$prefix wineserver -w 2>/dev/null
    sh "$harness" stop "$state/server"
    [ -z "$dns_pid" ] || kill "$dns_pid" 2>/dev/null
    [ -e "/var/run/netns/$ns" ] && { ip netns del "$ns" || echo "could not delete namespace $ns"; }
    rm -rf "/etc/netns/$ns"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

rm -rf "$state"
mkdir -p "$state"
ip netns add "$ns" 2>/dev/null || skip "cannot create a network namespace here"
ip -n "$ns" link set lo up || exit 1
mkdir -p "/etc/netns/$ns"
printf 'nameserver 127.0.0.1\noptions attempts:2 timeout:2\n' >"/etc/netns/$ns/resolv.conf"
in_ns() { ip netns exec "$ns" "$@"; }

settings=$(in_ns sh "$harness" friends "$state/server" demo.example.org "srv password" alice bob) || exit 1

eval "$settings"
in_ns /usr/bin/python3 "$here/../xmpp/fake_dns.py" 127.0.0.1 \
    "_xmpp-client._tcp.demo.example.org=SRV:10:0:1:dead.demo.example.org" \
    "_xmpp-client._tcp.demo.example.org=SRV:20:0:$XMPP_C2S_PORT:xmpp.demo.example.org" \
    "dead.demo.example.org=A:127.0.0.1" "xmpp.demo.example.org=A:127.0.0.1" >"$state/dns.log" 2>&1 &
dns_pid=$!
sleep 0.5
grep -q "listening" "$state/dns.log" || { cat "$state/dns.log"; echo "FAIL: the DNS server did not start"; exit 1; }

# A wineserver of this prefix inside the namespace, started by the registration.
WINEPREFIX=$prefix wineserver -k 2>/dev/null
cd "$bin" || exit 1
in_ns "$wine_run" "$prefix" "$arch" regsvr32 /s msgsc.dll
status=$?
[ $status = 77 ] && skip "$arch-bit Wine is not installed here"
[ $status = 0 ] || exit 1

in_ns env MSGSC_NETWORK=xmpp MSGSC_XMPP_PIN="$MSGSC_XMPP_PIN" MSGSC_XMPP_PASSWORD="srv password" \
    MSGSC_DEBUG=trace MSGSC_BROKER_LOG="$state/brokers.log" \
    "$wine_run" "$prefix" "$arch" msgsc-demo.exe >"$state/demo.out" 2>"$state/demo.trace"
status=$?
grep -v "^msgsc:" "$state/demo.out" | tail -n 5
fail() { echo "FAIL: $*"; status=1; }
[ $status = 0 ] || fail "the demo over the SRV records' server failed (exit $status)"
grep -q "query _xmpp-client._tcp.demo.example.org type 33" "$state/dns.log" || fail "no SRV query reached the DNS server"
for user in alice bob; do
    sed -n "/Broker for $user@/,\$p" "$state/brokers.log" >"$state/$user.log"
    grep -q "Trying dead.demo.example.org port 1," "$state/$user.log" || fail "$user's broker did not try the first target"
    grep -q "Trying xmpp.demo.example.org port $XMPP_C2S_PORT," "$state/$user.log" ||
        fail "$user's broker did not try the second target"
    grep -q "Signed in to XMPP as $user@demo.example.org" "$state/$user.log" || fail "$user's broker did not sign in"
done
# The first target before the second: the order of their priorities.
first=$(grep -n "Trying dead.demo.example.org" "$state/brokers.log" | head -n 1 | cut -d: -f1)
second=$(grep -n "Trying xmpp.demo.example.org" "$state/brokers.log" | head -n 1 | cut -d: -f1)
[ -n "$first" ] && [ -n "$second" ] && [ "$first" -lt "$second" ] || fail "the targets were not tried by priority"
[ $status = 0 ] && echo "PASS: both brokers found the server through _xmpp-client._tcp SRV records, in priority order"
exit $status
