#!/usr/bin/env bash
# Test: abidiff of the built library against the committed baseline. Fails on an
# incompatible change (abidiff bit 8, e.g. a removed function) or an abidiff error
# (bits 1, 2); compatible changes (bit 4, e.g. added functions) pass with a report,
# because other branches add functions. Struct layouts are pinned by `abi_sizes`.
# Usage: check_abidiff.sh LIBRARY|CURRENT_XML HEADERS_DIR BASELINE_XML
set -uo pipefail
. "$(dirname "$0")/common.sh"
lib=$1
headers=$2
baseline=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [[ $lib == *.xml ]]; then  # an abidw dump already (used by selftest.sh)
    cp "$lib" "$tmp/current.xml"
else
    if ! abi_has_debug_info "$lib"; then
        echo "SKIP: $lib has no debug info (release build): abidiff needs DWARF"
        exit 77
    fi
    abi_dump "$lib" "$headers" "$tmp/current.xml" || { echo "FAIL: abidw failed" >&2; exit 1; }
fi
abidiff --no-unreferenced-symbols "$baseline" "$tmp/current.xml" >"$tmp/report"
rc=$?
cat "$tmp/report"
if (( rc & 1 || rc & 2 )); then
    echo "FAIL: abidiff could not compare (exit $rc)" >&2
    exit 1
fi
if (( rc & 8 )); then
    echo "FAIL: incompatible ABI change against $baseline (see report above)." >&2
    echo "Restore compatibility, or make a new soversion on purpose (README: ABI)." >&2
    exit 1
fi
if (( rc & 4 )); then
    echo "compatible ABI changes (allowed); record them with abi/update.sh BUILD_DIR"
else
    echo "ABI identical to $baseline"
fi
exit 0
