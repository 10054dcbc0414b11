#!/bin/sh
# The portable core's XMPP sign-in (src/core/xmpp_client.c) against a real
# Prosody, natively under ASan and UBSan: a server without STARTTLS
# (XMPP_PLAINTEXT=1; the TLS path is tested under Wine, net_xmpp_signin),
# SCRAM, binding, the roster; a wrong password and an unknown account.
#   live.sh XMPP_LIVE STATE_DIR
set -u
live=$1 dir=$2/live
here=$(cd "$(dirname "$0")" && pwd)

command -v prosody >/dev/null 2>&1 || { echo "SKIP: prosody is not installed (scripts/deps.sh installs it)"; exit 77; }
rm -rf "$dir"
mkdir -p "$(dirname "$dir")"
trap 'sh "$here/prosody.sh" stop "$dir"' EXIT
trap 'exit 1' INT TERM
settings=$(XMPP_PLAINTEXT=1 sh "$here/prosody.sh" start "$dir" msgsc.test) || exit 1
eval "$settings"
sh "$here/prosody.sh" adduser "$dir" alice msgsc.test 'pass word' || exit 1

status=0
"$live" "$XMPP_C2S_PORT" alice@msgsc.test 'pass word' online || status=1
"$live" "$XMPP_C2S_PORT" alice@msgsc.test 'wrong' E_AUTH || status=1
"$live" "$XMPP_C2S_PORT" nobody@msgsc.test 'pass word' E_AUTH || status=1
exit $status
