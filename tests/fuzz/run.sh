#!/bin/sh
# Runs a libFuzzer target for a bounded time on a fresh copy of its seed
# corpus, so that the source tree is never written.  New inputs and crash
# reproducers stay in the work directory (crash-*, leak-*, timeout-*).
# Usage: run.sh <fuzzer, or "" when it could not be built> <seed dir> <work dir> <seconds> [dictionary]
set -eu

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
set -- -max_total_time="$seconds" -max_len=4096 -timeout=10 -artifact_prefix="$work/"
[ -n "$dict" ] && set -- "$@" -dict="$dict"
exec "$fuzzer" "$@" "$work/corpus"
