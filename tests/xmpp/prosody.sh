#!/bin/sh
# A throwaway Prosody 0.12 on loopback for the XMPP tests.
#
#   prosody.sh start DIR [HOST...]
#       Makes DIR (it must not exist, or be empty), a self-signed certificate
#       per HOST (default: msgsc.test) in DIR/certs, and DIR/prosody.cfg.lua:
#       one VirtualHost per HOST, c2s and s2s on free ports of 127.0.0.1,
#       STARTTLS required, SCRAM-SHA-1 accounts (internal_hashed), no
#       offline message storage.  Starts `prosody -F` in the background,
#       waits (at most 20 s) until it has started and both ports accept
#       connections (a port taken meanwhile by someone else: again with other
#       ports, 5 tries) and prints, for eval, one assignment a line (also
#       kept in DIR/env), XMPP_PID being prosody's own process:
#         XMPP_C2S_PORT=<port> XMPP_S2S_PORT=<port> XMPP_PID=<pid>
#         XMPP_CERT_SHA256_<host>=<lowercase hex SHA-256 of the DER certificate>
#       (<host> with every character other than letters, digits and _ made _).
#       Fails loudly with the log's tail when the server does not come up.
#       With XMPP_PLAINTEXT=1 in the environment, the server offers no
#       STARTTLS (client streams in plaintext), for tests of code without TLS.
#   prosody.sh adduser DIR USER HOST PASSWORD
#       Registers USER@HOST (prosodyctl register).
#   prosody.sh route DIR DOMAIN PORT [ADDRESS]
#       Federation between two instances: this server reaches DOMAIN's s2s
#       at ADDRESS (default 127.0.0.1) port PORT, without DNS (see
#       mod_s2s_routes.lua).  Takes effect at the next s2s connection.
#       Remote domains with no route are unreachable.
#   prosody.sh friends DIR HOST PASSWORD USER1 USER2
#       start DIR HOST, accounts USER1@HOST and USER2@HOST with PASSWORD,
#       made mutual contacts (befriend.py, with slixmpp); prints start's
#       assignments and the settings of brokers on this server:
#         MSGSC_NETWORK=xmpp MSGSC_XMPP_SERVER=127.0.0.1:<port>
#         MSGSC_XMPP_PIN=<the certificate's SHA-256>
#       (for eval; export them).  The two-party test and the demo use it.
#   prosody.sh stop DIR
#       Stops the server (TERM, KILL after 10 s), keeps DIR.  Succeeds when it
#       is already gone, or was never started.
#
# A test that starts one stops it whatever happens:
#   trap 'sh prosody.sh stop "$dir"' EXIT; trap 'exit 1' INT TERM
#
# Prosody logs to DIR/prosody.log (debug level), its own stdout and stderr
# go to DIR/prosody.out.  Needs prosody, prosodyctl, openssl and
# /usr/bin/python3 (free ports, port probes).
set -eu

here=$(cd "$(dirname "$0")" && pwd)

harness_name=prosody.sh
# shellcheck source=tests/xmpp/lib.sh
. "$here/lib.sh"

# The pid of DIR's prosody when that process is alive (not a zombie) and
# still runs DIR's configuration (pids are reused), else nothing.
server_pid() {
    [ -f "$1/harness.pid" ] || return 0
    sp_pid=$(cat "$1/harness.pid")
    alive "$sp_pid" || return 0
    if tr '\0' ' ' <"/proc/$sp_pid/cmdline" | grep -qF -- "$1/prosody.cfg.lua"; then
        echo "$sp_pid"
    fi
}

log_tail() {
    for f in "$1/prosody.out" "$1/prosody.log"; do
        [ -s "$f" ] || continue
        echo "--- last lines of $f" >&2
        tail -n 30 "$f" >&2
    done
}

write_config() { # dir c2s_port s2s_port hosts...
    d=$1 c2s=$2 s2s=$3
    shift 3
    # XMPP_PLAINTEXT=1: no STARTTLS at all, for the native test of the
    # core's sign-in (tests/core/xmpp_live.c), which has no TLS.
    require_tls=true tls_module='"tls", '
    [ "${XMPP_PLAINTEXT:-}" != 1 ] || require_tls=false tls_module=''
    {
        echo "-- Written by tests/xmpp/prosody.sh: a throwaway server, for tests only."
        # As root prosody refuses to run, and prosodyctl switches to the
        # prosody user, who cannot write DIR, unless this is set.
        [ "$(id -u)" != 0 ] || echo "run_as_root = true"
        cat <<EOF
pidfile = "$d/prosody.pid"
data_path = "$d/data"
certificates = "$d/certs"
plugin_paths = { "$d/plugins" }
log = { { levels = { min = "debug" }, to = "file", filename = "$d/prosody.log" } }
interfaces = { "127.0.0.1" }
c2s_ports = { $c2s }
s2s_ports = { $s2s }
authentication = "internal_hashed"
c2s_require_encryption = $require_tls
-- Self-signed certificates cannot authenticate servers to each other:
-- federation encrypts and authenticates with dialback.
s2s_require_encryption = true
s2s_secure_auth = false
s2s_routes_file = "$d/s2s-routes"
-- Prosody's default Nagle holds the second segment of a stanza written in
-- two until the client's delayed ACK: 40 ms on an invitation here
-- (docs/xmpp.md section 6).
network_settings = { nagle = false }
-- c2s, s2s, presence, message, iq and posix load by themselves.
modules_enabled = { "roster", "saslauth", $tls_module"disco", "ping", "dialback", "s2s_routes" }
-- A message to a user who is offline is refused (service-unavailable),
-- not stored.
modules_disabled = { "offline" }
EOF
        for host in "$@"; do
            echo "VirtualHost \"$host\""
        done
    } >"$d/prosody.cfg.lua"
}

start() {
    [ $# -ge 1 ] || die "usage: prosody.sh start DIR [HOST...]"
    dir=$1
    shift
    [ $# -gt 0 ] || set -- msgsc.test
    command -v prosody >/dev/null || die "prosody is not installed"
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    [ -z "$(ls -A "$dir")" ] || die "$dir is not empty (a fresh directory each time)"
    mkdir "$dir/certs" "$dir/data" "$dir/plugins"
    cp "$here/mod_s2s_routes.lua" "$dir/plugins/"
    : >"$dir/s2s-routes"
    for host in "$@"; do
        make_cert "$dir/certs" "$host"
    done

    attempt=1
    while :; do
        ports=$(free_ports)
        c2s=${ports% *} s2s=${ports#* }
        write_config "$dir" "$c2s" "$s2s" "$@"
        : >"$dir/prosody.log"
        # -F: stays in the foreground of its own background job, so $! is
        # prosody itself; stdin, stdout and stderr away from our caller's
        # pipes ($(prosody.sh start) would otherwise wait for it to exit).
        prosody -F --config "$dir/prosody.cfg.lua" </dev/null >"$dir/prosody.out" 2>&1 &
        pid=$!
        echo "$pid" >"$dir/harness.pid"
        # The harness module logs "server started" once every port is bound
        # or has failed to be.
        waited=0 why="did not start within 20 s"
        while [ "$waited" -lt 200 ]; do # 200 x 0.1 s
            if ! alive "$pid"; then
                why="exited"
                break
            fi
            if grep -q "msgsc harness: server started" "$dir/prosody.log"; then
                if grep -q "Failed to open server port" "$dir/prosody.log"; then
                    why="could not bind its ports"
                elif ports_open "$c2s" "$s2s"; then
                    why=
                else
                    why="does not accept connections"
                fi
                break
            fi
            sleep 0.1
            waited=$((waited + 1))
        done
        # A port someone else took between free_ports and prosody's bind:
        # stop and try other ports.
        if [ "$why" = "could not bind its ports" ] && [ "$attempt" -lt 5 ]; then
            echo "prosody.sh: port $c2s or $s2s was taken, trying others" >&2
            stop "$dir"
            attempt=$((attempt + 1))
            continue
        fi
        if [ -n "$why" ]; then
            log_tail "$dir"
            stop "$dir"
            die "prosody $why (127.0.0.1 ports $c2s and $s2s, state in $dir)"
        fi
        break
    done

    {
        echo "XMPP_C2S_PORT=$c2s"
        echo "XMPP_S2S_PORT=$s2s"
        echo "XMPP_PID=$(cat "$dir/harness.pid")"
        for host in "$@"; do
            pin_line "$host" "$dir/certs/$host.crt"
        done
    } >"$dir/env"
    cat "$dir/env"
}

adduser() {
    [ $# -eq 4 ] || die "usage: prosody.sh adduser DIR USER HOST PASSWORD"
    [ -f "$1/prosody.cfg.lua" ] || die "no server in $1"
    prosodyctl --config "$1/prosody.cfg.lua" register "$2" "$3" "$4" >"$1/prosodyctl.out" 2>&1 ||
        { cat "$1/prosodyctl.out" >&2; die "could not register $2@$3"; }
}

route() {
    [ $# -eq 3 ] || [ $# -eq 4 ] || die "usage: prosody.sh route DIR DOMAIN PORT [ADDRESS]"
    [ -f "$1/s2s-routes" ] || die "no server in $1"
    echo "$2 ${4:-127.0.0.1} $3" >>"$1/s2s-routes"
}

stop() {
    [ $# -eq 1 ] || die "usage: prosody.sh stop DIR"
    [ -d "$1" ] || return 0
    st_dir=$(cd "$1" && pwd)
    st_pid=$(server_pid "$st_dir")
    [ -n "$st_pid" ] || return 0
    kill -TERM "$st_pid" 2>/dev/null || true
    wait_gone "$st_pid" still_running "$st_dir"
}

still_running() { [ -n "$(server_pid "$1")" ]; }

[ $# -ge 1 ] || die "usage: prosody.sh start|friends|adduser|route|stop DIR ..."
command=$1
shift
case $command in
start | friends | adduser | route | stop) "$command" "$@" ;;
*) die "unknown command $command" ;;
esac
