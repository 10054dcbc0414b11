#!/bin/sh
# Builds the mingw-x64 tree when needed, registers msgsc.dll in a private
# Wine prefix and runs the benchmarks (bench/README.md): a-c, two parties
# over their brokers (msgsc-bench.exe); d, the first CreateSession of a
# fresh process (msgsc-startup.exe); e, the idle agent's wake-ups, counted
# here from /proc while msgsc-startup.exe --idle-hold keeps it idle; f, a
# and c over XMPP through a throwaway Prosody, against a raw stanza round
# trip through it (msgsc-xmpp-ping.exe).
#   sh bench/run.sh [--startup ROUNDS] [--idle SECONDS] [--only PARTS] [--quick] [msgsc-bench options]
# MSGSC_BENCH_BUILD names another build directory (default build/mingw-x64).
set -eu
cd "$(dirname "$0")/.."

usage() {
    echo "usage: sh bench/run.sh [--startup ROUNDS] [--idle SECONDS] [--only sessions,startup,idle,xmpp] [--quick]" >&2
    echo "       [--handshakes N] [--sequential N] [--sessions SMALL,LARGE] [--probes N]" >&2
    exit 2
}

startup='' idle='' only=sessions,startup,idle,xmpp quick='' bench_args=''
while [ $# -gt 0 ]; do
    case $1 in
    --startup | --idle | --only)
        [ $# -ge 2 ] || usage
        case $1 in
        --startup) startup=$2 ;;
        --idle) idle=$2 ;;
        --only) only=$2 ;;
        esac
        shift 2
        ;;
    --quick) quick=1 bench_args="$bench_args $1" && shift ;;
    --help | -h) usage ;;
    *) bench_args="$bench_args $1" && shift ;;
    esac
done
# The smoke run: a few rounds of d, and an idle window longer than the 5 s
# after which Wine's idle thread-pool workers wake, so that those show.
[ -n "$startup" ] || startup=${quick:+5}
[ -n "$startup" ] || startup=30
[ -n "$idle" ] || idle=${quick:+6}
[ -n "$idle" ] || idle=10
case $startup$idle in *[!0-9]*) usage ;; esac
wanted() {
    case ",$only," in *",$1,"*) return 0 ;; esac
    return 1
}

sh scripts/deps.sh

build=${MSGSC_BENCH_BUILD:-build/mingw-x64}
case $build in /*) ;; *) build="$PWD/$build" ;; esac
if [ ! -f "$build/CMakeCache.txt" ]; then
    # What the mingw-x64 preset configures.
    cmake -S . -B "$build" -DCMAKE_TOOLCHAIN_FILE="$PWD/cmake/mingw.cmake" -DMSGSC_TARGET_ARCH=x86_64 \
        -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
fi
cmake --build "$build" -j2 --target msgsc msgsc-bench msgsc-startup msgsc-startup-child msgsc-xmpp-ping >/dev/null

prefix="$build/prefix-bench"
run="$PWD/tests/wine-run.sh"
root=$PWD
cd "$build/bin"
"$run" "$prefix" 64 regsvr32 /s msgsc.dll

# --- e: wake-ups of idle processes ------------------------------------------

# The Linux pids of this prefix's processes that pgrep finds with the given
# options: a Wine process is a Linux process whose command line is the
# Windows one, and whose environment names its prefix.
prefix_pids() {
    for pid in $(pgrep "$@"); do
        if tr '\0' '\n' <"/proc/$pid/environ" 2>/dev/null | grep -qxF "WINEPREFIX=$prefix"; then
            echo "$pid"
        fi
    done
}

# One line per thread of a Linux process: tid, name, voluntary context
# switches.  A thread counts one each time it blocks, so between two samples
# the difference is how often it woke up.
thread_switches() {
    for task in /proc/"$1"/task/*; do
        count=$(awk '/^voluntary_ctxt_switches/ { print $2 }' "$task/status" 2>/dev/null) || continue
        [ -n "$count" ] && echo "${task##*/} $(tr ' ' _ <"$task/comm" 2>/dev/null) $count"
    done
}

# Prints one process's lines from its two samples: threads present in both
# count their difference, threads born meanwhile all of theirs; threads that
# ended took theirs with them, which the line says.  The rate goes to a file.
report_wakeups() { # what pid before after seconds rate-file
    awk -v what="$1" -v pid="$2" -v secs="$5" -v rate_file="$6" '
        NR == FNR { before[$1] = $3; next }
        {
            woke = ($1 in before) ? $3 - before[$1] : $3
            total += woke; threads++; seen[$1] = 1
            detail = detail sprintf("%s%s %s: %d", threads > 1 ? ", " : "", $2, $1, woke)
        }
        END {
            for (tid in before) if (!(tid in seen)) gone++
            printf "   %-60s %5d wake-ups %6.2f per second\n", what, total, total / secs
            printf "     Linux pid %s, by thread: %s%s\n", pid, detail,
                gone ? sprintf("; %d threads ended meanwhile", gone) : ""
            print total / secs >rate_file
        }' "$3" "$4"
}

# Finds the one process of a name (its pid into $dir/<name>.pid) with
# prefix_pids' options.
find_one() { # name pgrep-options...
    name=$1
    shift
    pids=$(prefix_pids "$@" | tr '\n' ' ')
    case $pids in
    *[0-9]' '*[0-9]*' ' | '')
        echo "e. Idle wake-ups: not exactly one $name process in $prefix: '$pids'"
        return 1
        ;;
    esac
    echo "${pids% }" >"$dir/$name.pid"
}

sample() { # suffix
    for name in agent client plain server; do
        thread_switches "$(cat "$dir/$name.pid")" >"$dir/$name.$1"
    done
}

idle_bench() {
    seconds=$1 dir=$(mktemp -d) status=0
    mkfifo "$dir/in"
    "$run" "$prefix" 64 ./msgsc-startup.exe --idle-hold <"$dir/in" >"$dir/out" 2>&1 &
    holder=$!
    exec 3>"$dir/in"
    tries=0
    until grep -q '^ready:' "$dir/out" 2>/dev/null; do
        tries=$((tries + 1))
        if [ $tries -gt 600 ] || ! kill -0 $holder 2>/dev/null; then
            echo "e. Idle wake-ups: the processes did not get ready"
            status=1
            break
        fi
        sleep 0.1
    done
    if [ $status = 0 ] && find_one agent -f 'msgsc\.dll,BrokerMain' && find_one client -f ' idle-client msgsc-idle-' &&
        find_one plain -f ' idle-plain msgsc-idle-' && find_one server -x 'wineserver(64)?'; then
        sample 0
        start=$(date +%s%N)
        sleep "$seconds"
        sample 1
        elapsed=$(awk -v a="$start" -v b="$(date +%s%N)" 'BEGIN { printf "%.2f", (b - a) / 1e9 }')
        echo
        echo "e. Idle wake-ups over $elapsed s: the agent with one connected client holding a manager, nothing else"
        echo "   happening (voluntary context switches of each Linux thread: one per wake-up)"
        for name in agent client plain server; do
            case $name in
            agent) what="the agent (rundll32 msgsc.dll,BrokerMain)" ;;
            client) what="the client (a manager, waiting for messages)" ;;
            plain) what="baseline: an idle Wine process (COM, waiting for messages)" ;;
            server) what="for information, Wine's own: the wineserver" ;;
            esac
            report_wakeups "$what" "$(cat "$dir/$name.pid")" "$dir/$name.0" "$dir/$name.1" "$elapsed" \
                "$dir/$name.rate"
        done
        awk -v rate="$(cat "$dir/agent.rate")" 'BEGIN {
            printf "   target: the agent wakes %.2f times per second %s 0 -> %s\n", rate,
                (rate > 0 ? ">" : "<="), (rate > 0 ? "MISS" : "PASS") }'
    else
        status=1
    fi
    echo stop >&3
    exec 3>&-
    wait $holder || status=1
    grep -v '^ready:' "$dir/out" | sed 's/^/   /'
    rm -rf "$dir"
    return $status
}

# --- f: over XMPP -------------------------------------------------------------

# alice and bob of the benchmark as mutual contacts on a throwaway Prosody:
# first the raw stanza round trip between two clients of those accounts
# (msgsc's own sign-in and TLS, resources "ping"), then msgsc-bench's a
# (handshakes, reported in those round trips) and c (sessions open at once
# over the one server connection of each broker) with the brokers signed in.
xmpp_bench() {
    server="$build/bench-xmpp-server" harness="$root/tests/xmpp/prosody.sh" xmpp_status=0
    rm -rf "$server"
    (
        trap 'sh "$harness" stop "$server"' EXIT
        settings=$(sh "$harness" friends "$server" bench.example "bench password" alice bob 2>/dev/null) || exit 1
        eval "$settings"
        echo
        echo "f. Over XMPP: the brokers of alice@bench.example and bob@bench.example signed in to one Prosody"
        echo "   (127.0.0.1:$XMPP_C2S_PORT, STARTTLS, SCRAM-SHA-1), which relays every message"
        pings=500 handshakes=200 sessions=100,1000 probes=20
        [ -z "$quick" ] || pings=50 handshakes=20 sessions=100,300 probes=10
        # The median of $pings stanza round trips, echoed by bob's client.
        stanza_rtt() {
            "$run" "$prefix" 64 ./msgsc-xmpp-ping.exe echo "$XMPP_C2S_PORT" bob@bench.example "bench password" \
                "$MSGSC_XMPP_PIN" >"$server/echo.out" 2>&1 &
            echo_pid=$!
            ping=$("$run" "$prefix" 64 ./msgsc-xmpp-ping.exe ping "$XMPP_C2S_PORT" alice@bench.example \
                "bench password" "$MSGSC_XMPP_PIN" bob@bench.example $pings) || {
                echo "   the stanza round trip failed: $ping" >&2
                return 1
            }
            wait $echo_pid
            echo "$ping" | awk '{ print $5 }'
        }
        rtt=$(stanza_rtt) || exit 1
        echo "   stanza round trip before the handshakes: median $rtt us"
        export MSGSC_NETWORK MSGSC_XMPP_SERVER MSGSC_XMPP_PIN MSGSC_XMPP_PASSWORD="bench password"
        bench_status=0
        # a, between two stanza measurements so that a drift of the
        # server's cost shows; then c on its own.
        "$run" "$prefix" 64 ./msgsc-bench.exe --handshakes $handshakes --sequential 0 --sessions 0,0 \
            --stanza-rtt "$rtt" >"$server/bench.out" 2>&1 || bench_status=1
        sed 's/^/   /' "$server/bench.out"
        rtt_after=$(stanza_rtt) || exit 1
        xmpp_handshake=$(awk '/handshake Invite -> OnAccepted/ { print $5; exit }' "$server/bench.out")
        awk -v x="$xmpp_handshake" -v a="$rtt" -v b="$rtt_after" 'BEGIN {
            printf "   stanza round trip after the handshakes: median %.1f us; against the mean of both, the\n", b
            printf "   handshake is %.2f stanza round trips (target 1.5 -> %s)\n", 2 * x / (a + b), (x <= 0.75 * (a + b) ? "PASS" : "MISS") }'
        "$run" "$prefix" 64 ./msgsc-bench.exe --handshakes 0 --sequential 0 --sessions $sessions --probes $probes \
            >"$server/bench-open.out" 2>&1 || bench_status=1
        sed -n '/^c\./,$p' "$server/bench-open.out" | sed 's/^/   /'
        if [ -n "$direct_handshake" ] && [ -n "$xmpp_handshake" ]; then
            # What the server adds: against the direct links' handshake of
            # part a, and against what one relay should cost (a stanza round
            # trip less a raw TCP one between the processes).
            raw=$(awk '/raw TCP round trip alice <-> bob/ { print $(NF-3); exit }' "$build/bench-sessions.out")
            awk -v x="$xmpp_handshake" -v d="$direct_handshake" -v s="$(((${rtt%.*} + ${rtt_after%.*}) / 2))" -v r="$raw" 'BEGIN {
                printf "   over XMPP the handshake takes %.1f us more than over direct links in part a (%.1f us, %.2fx);\n", x - d, d, x / d
                printf "   one relay through the server should cost a stanza round trip less a raw one: %.1f us\n", s - r }'
        fi
        exit $bench_status
    ) || xmpp_status=1
    return $xmpp_status
}

status=0
direct_handshake=''
if wanted sessions; then
    # shellcheck disable=SC2086 # the options are words
    "$run" "$prefix" 64 ./msgsc-bench.exe $bench_args >"$build/bench-sessions.out" 2>&1 || status=$?
    cat "$build/bench-sessions.out"
    # Part a's median, for f's comparison in this same run.
    direct_handshake=$(awk '/handshake Invite -> OnAccepted/ { print $5; exit }' "$build/bench-sessions.out")
fi
if wanted startup && [ "$startup" -gt 0 ]; then
    "$run" "$prefix" 64 ./msgsc-startup.exe --startup "$startup" || status=$?
fi
if wanted idle && [ "$idle" -gt 0 ]; then
    idle_bench "$idle" || status=$?
fi
if wanted xmpp; then
    xmpp_bench || status=1
fi
# The brokers leave two seconds after their last client, and the agent
# once signed out; whatever is left in this private prefix goes with it.
WINEPREFIX="$prefix" timeout 20 wineserver -w 2>/dev/null || WINEPREFIX="$prefix" wineserver -k 2>/dev/null || true
exit $status
