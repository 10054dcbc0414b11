# What the throwaway servers' harnesses share (prosody.sh, ejabberd.sh):
# sourced after setting harness_name (for messages) and here (this folder); each
# harness defines start and adduser, which friends uses.

python=/usr/bin/python3

die() { echo "$harness_name: $*" >&2; exit 1; }

# Two distinct free TCP ports of 127.0.0.1, as "c2s s2s": both sockets are
# bound at once so that they differ; the kernel may hand them to someone
# else before the server binds them, which start detects and retries.
free_ports() {
    "$python" -c '
import socket
socks = [socket.socket() for _ in range(2)]
for s in socks:
    s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))
'
}

# Exit status 0 when every port given accepts a TCP connection on 127.0.0.1.
ports_open() {
    "$python" -c '
import socket, sys
for p in sys.argv[1:]:
    socket.create_connection(("127.0.0.1", int(p)), timeout=1).close()
' "$@" 2>/dev/null
}

# Whether process $1 exists and is not a zombie (a zombie takes signals).
alive() {
    [ -r "/proc/$1/stat" ] || return 1
    al_state=$(sed -n 's/^.*) \(.\).*/\1/p' "/proc/$1/stat" 2>/dev/null || true)
    [ -n "$al_state" ] && [ "$al_state" != Z ]
}

# A self-signed RSA 2048 certificate for host $2 in directory $1 (RSA rather
# than EC: every TLS client, Wine's Schannel included, takes it).
make_cert() {
    openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=$2" \
        -addext "subjectAltName=DNS:$2" -addext "basicConstraints=critical,CA:FALSE" \
        -keyout "$1/$2.key" -out "$1/$2.crt" 2>"$1/openssl.err" ||
        { cat "$1/openssl.err" >&2; die "openssl could not make a certificate for $2"; }
    rm -f "$1/openssl.err"
}

fingerprint() {
    openssl x509 -in "$1" -outform DER | "$python" -c '
import hashlib, sys
print(hashlib.sha256(sys.stdin.buffer.read()).hexdigest())
'
}

# The line start prints for host $1's certificate $2: its SHA-256 under a
# variable named after the host (what is not a letter, digit or _ becomes _).
pin_line() {
    echo "XMPP_CERT_SHA256_$(printf '%s' "$1" | tr -c 'A-Za-z0-9_' '_')=$(fingerprint "$2")"
}

# start DIR HOST, accounts USER1@HOST and USER2@HOST, made mutual contacts
# by befriend.py; prints start's assignments and the brokers' settings.
friends() {
    [ $# -eq 5 ] || die "usage: $harness_name friends DIR HOST PASSWORD USER1 USER2"
    fr_dir=$1 fr_host=$2 fr_password=$3
    fr_env=$(start "$fr_dir" "$fr_host") || exit 1
    eval "$fr_env"
    adduser "$fr_dir" "$4" "$fr_host" "$fr_password"
    adduser "$fr_dir" "$5" "$fr_host" "$fr_password"
    fr_pin=$(grep "^XMPP_CERT_SHA256_" "$fr_dir/env" | cut -d= -f2)
    "$python" "$here/befriend.py" "$XMPP_C2S_PORT" "$fr_pin" "$4@$fr_host" "$5@$fr_host" "$fr_password" >&2 ||
        die "$4@$fr_host and $5@$fr_host did not become contacts"
    {
        echo "MSGSC_NETWORK=xmpp"
        echo "MSGSC_XMPP_SERVER=127.0.0.1:$XMPP_C2S_PORT"
        echo "MSGSC_XMPP_PIN=$fr_pin"
    } >>"$fr_dir/env"
    cat "$fr_dir/env"
}

# Waits until the server process $1 is gone, as long as the command after
# it says it is still there; KILL after 10 s, and a death of our own when
# even that does not end it.
wait_gone() { # pid still-there-command...
    wg_pid=$1
    shift
    wg_waited=0
    while "$@"; do
        if [ "$wg_waited" = 100 ]; then # 10 s
            echo "$harness_name: server $wg_pid did not stop in 10 s, killing it" >&2
            kill -KILL "$wg_pid" 2>/dev/null || true
        elif [ "$wg_waited" -gt 150 ]; then
            die "server $wg_pid is still running after KILL"
        fi
        sleep 0.1
        wg_waited=$((wg_waited + 1))
    done
}
