#!/usr/bin/env bash
# Builds the libFuzzer targets in fuzz/ with clang-14 under ASan+UBSan and runs each,
# starting from its checked-in corpus (fuzz/corpus/NAME), for an equal share of
# TOTAL_SECONDS (default 600; at least 10 s each), so that adding a target never
# stretches the whole run. A crash leaves its input in BUILD_DIR/artifacts and fails
# the script.
# Usage: scripts/fuzz.sh [TOTAL_SECONDS [BUILD_DIR]]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh clang-14 libclang-rt-14-dev
total=${1:-600}
build=${2:-build-fuzz}
targets=(fuzz/corpus/*/)
seconds=$((total / ${#targets[@]}))
[ "$seconds" -ge 10 ] || seconds=10
[ -d "$build" ] || CC=clang-14 CXX=clang++-14 meson setup "$build" --werror -Dfuzz=enabled -Dtests=disabled \
    -Dbench=disabled -Db_sanitize=address,undefined -Db_lundef=false >/dev/null
mkdir -p "$build/artifacts"
for corpus in "${targets[@]}"; do
    name=$(basename "$corpus")
    meson compile -C "$build" "fuzz_$name" >/dev/null
    work="$build/corpus-$name"  # the fuzzer adds inputs here, never to the checked-in corpus
    mkdir -p "$work"
    echo "fuzzing $name for ${seconds}s"
    UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 "$build/fuzz/fuzz_$name" -max_total_time="$seconds" \
        -max_len=8192 -timeout=10 -print_final_stats=1 -artifact_prefix="$build/artifacts/" "$work" "$corpus" 2>&1 |
        grep -E "^(stat::number_of_executed_units|Done|==|SUMMARY)|ERROR" || true
    [ -z "$(ls -A "$build/artifacts")" ] || { echo "fuzz_$name found a failing input: $build/artifacts" >&2; exit 1; }
done
