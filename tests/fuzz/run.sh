#!/bin/sh
# Runs one libFuzzer target for a bounded time, single job, on a fresh copy
# of its seed corpus (the source tree is never written), and prints how
# many inputs it ran.  New inputs, the log and crash reproducers (crash-*,
# leak-*, timeout-*) stay in the work directory.
#
#   sh tests/fuzz/run.sh <target> <seconds>
#       Builds <target>_fuzz (wire, ipc, xmpp_frame, scram: see CMakeLists.txt) with clang under
#       ASan and UBSan in $MSGSC_FUZZ_BUILD (default /tmp/msgsc-fuzz) and
#       runs it there, in run/<target>.  For long runs on a shared machine:
#       nice -n 10 sh tests/fuzz/run.sh wire 900
#   sh run.sh <fuzzer, or "" when it could not be built> <seed dir> <work dir> <seconds> [dictionary]
#       What ctest's fuzz_<target> runs (exit code 77: skipped).
#
# The exit code is the fuzzer's: 0 when it found nothing.
set -eu

here=$(cd "$(dirname "$0")" && pwd)

if [ $# -eq 2 ]; then
    target=$1
    seconds=$2
    root=$(cd "$here/../.." && pwd)
    build=${MSGSC_FUZZ_BUILD:-/tmp/msgsc-fuzz}
    if [ ! -f "$here/${target}_fuzz.c" ]; then
        echo "no fuzz target '$target' (there are: $(cd "$here" && ls *_fuzz.c | sed 's/_fuzz\.c//' | tr '\n' ' '))" >&2
        exit 2
    fi
    cmake -S "$root" -B "$build" -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=Debug -DMSGSC_SANITIZE=ON >/dev/null
    cmake --build "$build" --target "${target}_fuzz" >/dev/null
    dict=""
    [ -f "$here/$target.dict" ] && dict=$here/$target.dict
    set -- "$build/bin/${target}_fuzz" "$here/corpus/$target" "$build/run/$target" "$seconds" "$dict"
elif [ $# -lt 4 ] || [ $# -gt 5 ]; then
    echo "usage: sh $0 <target> <seconds>" >&2
    exit 2
fi

fuzzer=$1
seeds=$2
work=$3
seconds=$4
dict=${5:-}

if [ -z "$fuzzer" ]; then
    echo "skipped: this compiler cannot build -fsanitize=fuzzer targets (use clang with libclang-rt-dev, preset native)"
    exit 77
fi

rm -rf "$work"
mkdir -p "$work/corpus"
cp "$seeds"/* "$work/corpus/"
set -- -max_total_time="$seconds" -max_len="${MSGSC_FUZZ_MAX_LEN:-4096}" -timeout=10 -print_final_stats=1 \
    -artifact_prefix="$work/"
[ -n "$dict" ] && set -- "$@" -dict="$dict"

status=0
"$fuzzer" "$@" "$work/corpus" >"$work/fuzz.log" 2>&1 || status=$?

if [ "$status" -ne 0 ]; then
    tail -n 60 "$work/fuzz.log"
fi
executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/fuzz.log" | tail -n 1)
echo "$(basename "$fuzzer"): ${executions:-?} executions in $seconds s, corpus $(ls "$work/corpus" | wc -l) inputs, exit code $status (log: $work/fuzz.log)"
exit "$status"
