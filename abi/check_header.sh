#!/usr/bin/env bash
# Test: pathmap.h compiles on its own as strict C99 and as C++17, with every
# warning an error (what a consumer with strict flags will do).
# Usage: check_header.sh INCLUDE_DIR SOURCE_DIR CC... -- CXX...
set -euo pipefail
inc=$1
src=$2
shift 2
cc=()
while [ "$1" != "--" ]; do cc+=("$1"); shift; done
shift
cxx=("$@")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
strict=(-pedantic -Werror -Wall -Wextra -I "$inc")
set -x
"${cc[@]}" -std=c99 "${strict[@]}" -c "$src/header_c.c" -o "$tmp/c.o"
"${cc[@]}" -std=c11 "${strict[@]}" -Wstrict-prototypes -c "$src/header_c.c" -o "$tmp/c11.o"
"${cxx[@]}" -std=c++17 "${strict[@]}" -c "$src/header_cxx.cpp" -o "$tmp/cxx.o"
