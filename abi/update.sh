#!/usr/bin/env bash
# Regenerates the ABI baseline on purpose: abi/libpathmap.symbols (exported symbols)
# and abi/libpathmap.abi.xml (libabigail abidw), from a built library.
# Usage: abi/update.sh [BUILD_DIR]   (default build-test; it needs debug info, so a
# debug or debugoptimized build without sanitizers)
# Review `git diff abi/` before committing: see README "ABI: updating the baseline".
set -euo pipefail
cd "$(dirname "$0")/.."
. abi/common.sh
build=${1:-build-test}
lib=$(ls "$build"/libpathmap.so.0.* 2>/dev/null | head -n1 || true)
if [ -z "$lib" ]; then
    echo "no $build/libpathmap.so.0.*: build first (meson compile -C $build)" >&2
    exit 1
fi
if ! abi_has_debug_info "$lib"; then
    echo "$lib has no debug info: use a debug or debugoptimized build" >&2
    exit 1
fi
if nm -D "$lib" | grep -Ec '__(asan|tsan|ubsan)_' >/dev/null; then
    echo "$lib is built with a sanitizer: use a plain build" >&2
    exit 1
fi
abi_symbols "$lib" >abi/libpathmap.symbols
abi_dump "$lib" include abi/libpathmap.abi.xml
echo "updated abi/libpathmap.symbols ($(wc -l <abi/libpathmap.symbols) symbols) and abi/libpathmap.abi.xml from $lib"
git --no-pager diff --stat -- abi/ || true
