#!/bin/sh
# The two-party exchanges of test_net_two_party over XMPP: alice and bob
# signed in to one throwaway server (tests/xmpp/prosody.sh, or
# tests/xmpp/ejabberd.sh), their brokers on the xmpp network, every
# message relayed by the server.
#   xmpp-two-party.sh BIN_DIR WINE_RUN PREFIX ARCH(32|64) [prosody|ejabberd]
# Exits 77 (skip) with the reason when that server is not installed.
set -u
bin=$1 wine_run=$2 prefix=$3 arch=$4 server=${5:-prosody}
here=$(cd "$(dirname "$0")" && pwd)
harness=$here/../xmpp/$server.sh
dir=$bin/../xmpp-two-party-$server

case $server in
prosody) command -v prosody >/dev/null 2>&1 || { echo "SKIP: prosody is not installed (scripts/deps.sh installs it)"; exit 77; } ;;
ejabberd)
    command -v ejabberdctl >/dev/null 2>&1 || { echo "SKIP: ejabberd is not installed (scripts/deps.sh installs it)"; exit 77; }
    [ "$(id -u)" = 0 ] || { echo "SKIP: ejabberd runs as its own user, which needs root; Prosody covers the exchanges"; exit 77; }
    ;;
*) echo "unknown server $server"; exit 2 ;;
esac
rm -rf "$dir"
trap 'sh "$harness" stop "$dir"' EXIT
trap 'exit 1' INT TERM
# alice and bob, contacts as people who added each other: presence flows
# only between subscribers, and by default only a mutual contact may
# invite.  The brokers the test starts inherit the settings; the password
# is the one stored with DPAPI, as a user stores it (both accounts have the
# same one, and both brokers run as this prefix's one Windows user).
settings=$(sh "$harness" friends "$dir" example.org 'two party' alice bob) || exit 1
eval "$settings"
export MSGSC_NETWORK MSGSC_XMPP_SERVER MSGSC_XMPP_PIN
run() { (cd "$bin" && "$wine_run" "$prefix" "$arch" "$@"); }
trap 'run rundll32 msgsc.dll,SetPassword; sh "$harness" stop "$dir"' EXIT
run rundll32 msgsc.dll,SetPassword "two party" || { echo "FAIL: SetPassword"; exit 1; }
stored=$(run reg query 'HKCU\Software\msgsc' /v XmppPassword 2>/dev/null | tr -d '\r')
case $stored in
*REG_BINARY*) ;;
*) echo "FAIL: no XmppPassword REG_BINARY value after SetPassword: $stored"; exit 1 ;;
esac
# The stored bytes are sealed: neither the text nor its hex is there.
hex=$(printf 'two party' | od -An -tx1 | tr -d ' \n' | tr a-f A-F)
case $(echo "$stored" | tr -d ' ') in
*"$hex"*) echo "FAIL: the password is stored in the clear"; exit 1 ;;
esac

# Brokers of these names left by an earlier test serve the direct network.
run test_net_two_party.exe wait-brokers alice@example.org bob@example.org >/dev/null ||
    { echo "FAIL: earlier brokers of alice and bob did not end"; exit 1; }

# Every broker traces to one file: the password must never be in it.
export MSGSC_BROKER_LOG="$dir/brokers.log" MSGSC_DEBUG=trace
run test_net_two_party.exe 2>"$dir/test-trace.log"
status=$?
# And ours end before the next test of these names starts its own.
run test_net_two_party.exe wait-brokers alice@example.org bob@example.org || status=1
if grep -q "two party" "$dir/brokers.log" "$dir/test-trace.log"; then
    echo "FAIL: the password is in a trace"
    status=1
fi
grep -q "Signed in to XMPP as alice@example.org" "$dir/brokers.log" ||
    { echo "FAIL: alice's broker did not sign in to XMPP"; status=1; }

# Sign-in failures as an application sees them: the broker's trace says
# why, and Invite answers MSGR_E_NOT_LOGGED_ON.  A wrong password (the
# environment's wins over the stored one), then a certificate other than
# the pinned one (the pin's first digit changed).
first=$(printf '%s' "$MSGSC_XMPP_PIN" | cut -c1)
other_pin=$(printf '%s' "$MSGSC_XMPP_PIN" | sed "s/^./$( [ "$first" = 0 ] && echo 1 || echo 0)/")
MSGSC_XMPP_PASSWORD='wrong horse' run test_net_two_party.exe xmpp-refused alice@example.org bob@example.org \
    "XMPP sign-in of alice@example.org ended: E_AUTH" || { echo "FAIL: a wrong password"; status=1; }
run test_net_two_party.exe wait-brokers alice@example.org >/dev/null || status=1
MSGSC_XMPP_PIN=$other_pin run test_net_two_party.exe xmpp-refused alice@example.org bob@example.org \
    "TLS with the server of alice@example.org failed" || { echo "FAIL: a certificate not pinned"; status=1; }
run test_net_two_party.exe wait-brokers alice@example.org >/dev/null || status=1
if grep -q "wrong horse" "$dir/brokers.log"; then
    echo "FAIL: the wrong password is in a trace"
    status=1
fi
[ $status = 0 ] || { echo "The brokers' trace ends:"; grep -v appstore_lookup "$dir/brokers.log" | tail -n 40; }
exit $status
