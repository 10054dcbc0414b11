#!/bin/sh
# Runs a command with two mutual contacts on a throwaway Prosody
# (prosody.sh friends), its brokers' settings and password exported, and
# stops the server afterwards whatever happens.  Exits with the command's
# status; 77 (skip) with the reason when Prosody is not installed.
#   with-friends.sh DIR HOST PASSWORD USER1 USER2 COMMAND [ARGS...]
set -u
[ $# -ge 6 ] || { echo "usage: with-friends.sh DIR HOST PASSWORD USER1 USER2 COMMAND..." >&2; exit 2; }
dir=$1 host=$2 password=$3 first=$4 second=$5
shift 5
harness=$(cd "$(dirname "$0")" && pwd)/prosody.sh
command -v prosody >/dev/null 2>&1 || { echo "SKIP: prosody is not installed (scripts/deps.sh installs it)"; exit 77; }
rm -rf "$dir"
trap 'sh "$harness" stop "$dir"' EXIT
trap 'exit 1' INT TERM
settings=$(sh "$harness" friends "$dir" "$host" "$password" "$first" "$second") || exit 1
eval "$settings"
export MSGSC_NETWORK MSGSC_XMPP_SERVER MSGSC_XMPP_PIN MSGSC_XMPP_PASSWORD="$password"
"$@"
