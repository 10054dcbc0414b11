#!/bin/sh
# The XMPP sign-in under Wine against a throwaway Prosody on loopback
# (tests/xmpp/prosody.sh): STARTTLS with Schannel, the certificate pinned
# or checked by the system's roots, SCRAM, resource binding, the roster.
#   xmpp-signin.sh BIN_DIR WINE_RUN PREFIX ARCH(32|64)
# Exits 77 (skip) with the reason when Prosody is not installed.
set -u
bin=$1 wine_run=$2 prefix=$3 arch=$4
here=$(cd "$(dirname "$0")" && pwd)
harness=$here/../xmpp/prosody.sh
dir=$bin/../xmpp-signin-server

command -v prosody >/dev/null 2>&1 || { echo "SKIP: prosody is not installed (scripts/deps.sh installs it)"; exit 77; }
rm -rf "$dir"
trap 'sh "$harness" stop "$dir"' EXIT
trap 'exit 1' INT TERM
settings=$(sh "$harness" start "$dir" msgsc.test) || exit 1
eval "$settings"
sh "$harness" adduser "$dir" alice msgsc.test 'correct horse' || exit 1
pin=$XMPP_CERT_SHA256_msgsc_test
# The same certificate with its first byte changed: another server's.
other_pin=$(printf '%02x' $(((0x$(echo "$pin" | cut -c1-2) + 1) % 256)))$(echo "$pin" | cut -c3-)

status=0
check() {
    echo "== $1"
    shift
    (cd "$bin" && "$wine_run" "$prefix" "$arch" test_net_xmpp_signin.exe "$XMPP_C2S_PORT" "$@") || status=1
}
check "signed in, the certificate pinned" alice@msgsc.test 'correct horse' "$pin" online
check "a wrong password" alice@msgsc.test 'wrong horse' "$pin" E_AUTH
check "an unknown account" nobody@msgsc.test 'correct horse' "$pin" E_AUTH
check "another certificate than the pinned one" alice@msgsc.test 'correct horse' "$other_pin" TLS
check "a self-signed certificate, not pinned" alice@msgsc.test 'correct horse' - TLS
# What the server saw: TLS and SCRAM, never the password in plaintext.
if grep -q "correct horse" "$dir/prosody.log"; then
    echo "FAIL: the password is in the server's log"
    status=1
fi
exit $status
