#!/usr/bin/env bash
# Builds libpathmap with warnings as errors and runs every test suite.
# Usage: scripts/test.sh [BUILD_DIR [EXTRA MESON SETUP OPTIONS...]]
#   e.g. scripts/test.sh build-asan -Db_sanitize=address,undefined -Db_lundef=false
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
build=${1:-build-test}
shift || true
[ -d "$build" ] || meson setup "$build" --werror -Dtests=enabled -Dbench=enabled "$@"
meson compile -C "$build"
meson test -C "$build" --print-errorlogs --num-processes 2
