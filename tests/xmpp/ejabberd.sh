#!/bin/sh
# A throwaway ejabberd 23.01 on loopback for the XMPP tests, with the same
# commands and output as prosody.sh (read its header):
#
#   ejabberd.sh start DIR HOST
#       DIR (new or empty), a self-signed certificate for HOST, and
#       DIR/ejabberd.yml: one host, c2s on a free port of 127.0.0.1 with
#       STARTTLS required, SCRAM accounts, roster, disco and ping only (no
#       offline storage, no HTTP, no MQTT, no STUN).  Starts an Erlang node
#       of its own (msgsc-<pid>@localhost) as the ejabberd user, waits (at
#       most 30 s) until the port accepts connections and prints
#       XMPP_C2S_PORT, XMPP_S2S_PORT (0: no federation), XMPP_PID and
#       XMPP_CERT_SHA256_<host>, also kept in DIR/env.
#   ejabberd.sh adduser DIR USER HOST PASSWORD
#   ejabberd.sh friends DIR HOST PASSWORD USER1 USER2
#   ejabberd.sh stop DIR
#       Stops the node (and kills it after 10 s); succeeds when it is gone.
#
# ejabberd runs as its own user (ejabberdctl su's to it), so this needs
# root; DIR is handed to that user.  The node's log is DIR/logs/ejabberd.log.
# Erlang's port mapper (epmd), which the first node starts, is shared by
# every node of the machine and stays.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
harness_name=ejabberd.sh
# shellcheck source=tests/xmpp/lib.sh
. "$here/lib.sh"

ctl() { # dir args...
    ct_dir=$1
    shift
    runuser -u ejabberd -- ejabberdctl --config "$ct_dir/ejabberd.yml" --ctl-config "$ct_dir/ejabberdctl.cfg" \
        --logs "$ct_dir/logs" --spool "$ct_dir/spool" --node "$(cat "$ct_dir/node")" "$@"
}

start() {
    [ $# -eq 2 ] || die "usage: ejabberd.sh start DIR HOST"
    dir=$1 host=$2
    command -v ejabberdctl >/dev/null || die "ejabberd is not installed"
    [ "$(id -u)" = 0 ] || die "ejabberd runs as its own user: this needs root"
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    [ -z "$(ls -A "$dir")" ] || die "$dir is not empty (a fresh directory each time)"
    mkdir "$dir/certs" "$dir/logs" "$dir/spool"
    make_cert "$dir/certs" "$host"
    cat "$dir/certs/$host.crt" "$dir/certs/$host.key" >"$dir/certs/$host.pem"
    ports=$(free_ports)
    c2s=${ports% *}
    echo "msgsc-$$@localhost" >"$dir/node"
    cat >"$dir/ejabberdctl.cfg" <<EOF
ERL_OPTIONS="-env ERL_CRASH_DUMP_BYTES 0"
EJABBERD_PID_PATH=$dir/ejabberd.pid
EOF
    cat >"$dir/ejabberd.yml" <<EOF
# Written by tests/xmpp/ejabberd.sh: a throwaway server, for tests only.
hosts:
  - "$host"
loglevel: info
certfiles:
  - "$dir/certs/$host.pem"
listen:
  -
    port: $c2s
    ip: "127.0.0.1"
    module: ejabberd_c2s
    starttls_required: true
auth_method: internal
auth_password_format: scram
acl:
  local:
    user_regexp: ""
access_rules:
  local:
    allow: local
  c2s:
    allow: all
# A message to a user who is offline is refused, not stored: no mod_offline.
modules:
  mod_roster: {}
  mod_disco: {}
  mod_ping: {}
EOF
    chown -R ejabberd "$dir"
    ctl "$dir" start >"$dir/ctl.out" 2>&1 || { cat "$dir/ctl.out" >&2; die "ejabberd did not start"; }
    waited=0
    until ports_open "$c2s"; do
        if [ "$waited" -ge 300 ]; then
            tail -n 30 "$dir/logs/ejabberd.log" >&2 2>/dev/null || true
            stop "$dir"
            die "ejabberd does not accept connections on 127.0.0.1 port $c2s (state in $dir)"
        fi
        sleep 0.1
        waited=$((waited + 1))
    done
    # The port opens before the accounts' tables exist: until the node says
    # it has started (ejabberdctl started waits for it).
    ctl "$dir" started >"$dir/ctl.out" 2>&1 || { cat "$dir/ctl.out" >&2; stop "$dir"; die "ejabberd did not finish starting"; }
    {
        echo "XMPP_C2S_PORT=$c2s"
        echo "XMPP_S2S_PORT=0"
        echo "XMPP_PID=$(cat "$dir/ejabberd.pid")"
        pin_line "$host" "$dir/certs/$host.crt"
    } >"$dir/env"
    cat "$dir/env"
}

adduser() {
    [ $# -eq 4 ] || die "usage: ejabberd.sh adduser DIR USER HOST PASSWORD"
    [ -f "$1/ejabberd.yml" ] || die "no server in $1"
    # Tried again for a while: mnesia may still be creating its tables.
    au_tries=0
    until ctl "$1" register "$2" "$3" "$4" >"$1/ctl.out" 2>&1; do
        au_tries=$((au_tries + 1))
        [ "$au_tries" -lt 20 ] || { cat "$1/ctl.out" >&2; die "could not register $2@$3"; }
        sleep 0.25
    done
}

stop() {
    [ $# -eq 1 ] || die "usage: ejabberd.sh stop DIR"
    [ -f "$1/node" ] && [ -f "$1/ejabberd.pid" ] || return 0
    st_dir=$(cd "$1" && pwd)
    st_pid=$(cat "$st_dir/ejabberd.pid")
    alive "$st_pid" || return 0
    ctl "$st_dir" stop >/dev/null 2>&1 || true
    wait_gone "$st_pid" alive "$st_pid"
}

[ $# -ge 1 ] || die "usage: ejabberd.sh start|friends|adduser|stop DIR ..."
command=$1
shift
case $command in
start | friends | adduser | stop) "$command" "$@" ;;
*) die "unknown command $command" ;;
esac
