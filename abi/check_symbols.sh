#!/usr/bin/env bash
# Test: the library's exported symbols equal abi/libpathmap.symbols. A removed
# symbol breaks every program linked against it; an added one must be recorded.
# Usage: check_symbols.sh LIBRARY SYMBOLS_FILE
set -euo pipefail
. "$(dirname "$0")/common.sh"
lib=$1
baseline=$2
current=$(abi_symbols "$lib")
removed=$(LC_ALL=C comm -23 "$baseline" <(echo "$current"))
added=$(LC_ALL=C comm -13 "$baseline" <(echo "$current"))
status=0
if [ -n "$removed" ]; then
    echo "FAIL: symbols removed from $lib (incompatible: bump the SONAME, see README):" >&2
    echo "$removed" | sed 's/^/  - /' >&2
    status=1
fi
if [ -n "$added" ]; then
    echo "FAIL: new exported symbols not in $baseline:" >&2
    echo "$added" | sed 's/^/  + /' >&2
    echo "If they are intended, run abi/update.sh BUILD_DIR and commit abi/." >&2
    status=1
fi
[ "$status" -eq 0 ] && echo "exported symbols match $baseline ($(echo "$current" | wc -l) symbols)"
exit "$status"
