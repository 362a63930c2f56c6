#!/usr/bin/env bash
# Consumers from outside: installs the build with `meson install --destdir` into a
# temporary directory, then builds and runs one consumer against the installed
# files only (headers, pathmap.pc, libpathmap.so.0, the tool, the Python package).
# Usage: run.sh MODE BUILD_DIR SOURCE_DIR SANITIZE PYTHON CC... -- CXX...
#   MODE: c99 | cxx17 | dlopen | example_c | example_cpp | example_python | example_cli
#   SANITIZE: meson's b_sanitize ("none" or e.g. "address,undefined"); consumers of a
#   sanitized library must be sanitized too (its runtime has to come first).
set -euo pipefail
mode=$1 build=$2 src=$3 sanitize=$4 python=$5
shift 5
cc=()
while [ "$1" != "--" ]; do cc+=("$1"); shift; done
shift
cxx=("$@")
here=$src/tests/consumers

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dest=$tmp/dest
meson install -C "$build" --destdir "$dest" --no-rebuild --quiet >"$tmp/install.log" 2>&1 ||
    { cat "$tmp/install.log" >&2; echo "FAIL: meson install" >&2; exit 1; }

pc=$(find "$dest" -name pathmap.pc -print -quit)
lib=$(find "$dest" -name libpathmap.so.0 -print -quit)
[ -n "$pc" ] && [ -n "$lib" ] || { echo "FAIL: pathmap.pc or libpathmap.so.0 not installed" >&2; exit 1; }
libdir=$(dirname "$lib")
# pathmap.pc names the real prefix (/usr/local...): the sysroot maps it into $dest.
export PKG_CONFIG_PATH=$(dirname "$pc")
export PKG_CONFIG_SYSROOT_DIR=$dest
export LD_LIBRARY_PATH=$libdir
read -r -a pc_cflags <<<"$(pkg-config --cflags pathmap)"
read -r -a pc_libs <<<"$(pkg-config --libs pathmap)"
case " ${pc_cflags[*]} ${pc_libs[*]} " in
    *"$dest"*) ;;
    *) echo "FAIL: pkg-config flags do not point into the install: ${pc_cflags[*]} ${pc_libs[*]}" >&2; exit 1 ;;
esac
san=()
[ "$sanitize" = none ] || san=("-fsanitize=$sanitize")
strict=(-Wall -Wextra -pedantic -Werror)

# Runs a built program and checks that it resolved libpathmap.so.0 in the install.
uses_installed_lib() {
    local deps
    deps=$(ldd "$1")  # not piped into grep -q: with pipefail, SIGPIPE would fail it
    grep -q "libpathmap.so.0 => $libdir/" <<<"$deps" ||
        { echo "FAIL: $1 does not load $libdir/libpathmap.so.0:" >&2; echo "$deps" >&2; return 1; }
}

# Compares a program's output with the expected file next to the example.
same_output() {  # same_output EXPECTED_FILE COMMAND...
    local want=$1
    shift
    "$@" >"$tmp/out"
    if diff -u "$want" "$tmp/out"; then
        echo "1 passed, 0 failed"
    else
        echo "FAIL: output differs from $want" >&2
        return 1
    fi
}

set -x
case $mode in
c99)
    "${cc[@]}" -std=c99 "${strict[@]}" "${san[@]}" -I "$here" "$here/consumer_c99.c" \
        "${pc_cflags[@]}" "${pc_libs[@]}" -o "$tmp/consumer_c99"
    uses_installed_lib "$tmp/consumer_c99"
    "$tmp/consumer_c99" "$tmp"
    ;;
cxx17)
    "${cxx[@]}" -std=c++17 "${strict[@]}" "${san[@]}" -I "$here" "$here/consumer_cxx17.cpp" \
        "${pc_cflags[@]}" "${pc_libs[@]}" -o "$tmp/consumer_cxx17"
    uses_installed_lib "$tmp/consumer_cxx17"
    "$tmp/consumer_cxx17" "$tmp"
    ;;
dlopen)
    # Headers only (cflags): the library is found at run time, not at link time.
    "${cc[@]}" -std=c99 "${strict[@]}" "${san[@]}" -I "$here" "$here/consumer_dlopen.c" \
        "${pc_cflags[@]}" -ldl -o "$tmp/consumer_dlopen"
    if grep -q 'NEEDED.*libpathmap' <<<"$(readelf -d "$tmp/consumer_dlopen")"; then
        echo "FAIL: the dlopen consumer is linked against libpathmap" >&2
        exit 1
    fi
    "$tmp/consumer_dlopen" "$libdir/"
    ;;
example_c)
    for example in "$src"/examples/*.c; do
        name=$(basename "$example" .c)
        "${cc[@]}" -std=c99 "${strict[@]}" "${san[@]}" "$example" \
            "${pc_cflags[@]}" "${pc_libs[@]}" -o "$tmp/$name"
        same_output "$example.expected" "$tmp/$name"
    done
    ;;
example_cpp)
    "${cxx[@]}" -std=c++17 "${strict[@]}" "${san[@]}" "$src/examples/hello.cpp" \
        "${pc_cflags[@]}" "${pc_libs[@]}" -o "$tmp/hello_cpp"
    same_output "$src/examples/hello.cpp.expected" "$tmp/hello_cpp"
    ;;
example_python)
    # The installed package, finding the installed library by its SONAME.
    init=$(find "$dest" -path '*/pathmap/__init__.py' -print -quit)
    [ -n "$init" ] || { echo "FAIL: the Python package is not installed" >&2; exit 1; }
    unset PATHMAP_LIBRARY
    if [ "$sanitize" != none ]; then
        # The interpreter is not instrumented: load the sanitizer runtimes first.
        preload=()
        for s in ${sanitize//,/ }; do
            case $s in
            address) preload+=("$("${cc[@]}" -print-file-name=libasan.so)") ;;
            undefined) preload+=("$("${cc[@]}" -print-file-name=libubsan.so)") ;;
            thread) preload+=("$("${cc[@]}" -print-file-name=libtsan.so)") ;;
            esac
        done
        export LD_PRELOAD
        LD_PRELOAD=$(IFS=:; echo "${preload[*]}")
        export ASAN_OPTIONS=detect_leaks=0  # Python itself is not leak-clean at exit
    fi
    PYTHONPATH=$(dirname "$(dirname "$init")") PYTHONDONTWRITEBYTECODE=1 \
        same_output "$src/examples/hello.py.expected" "$python" "$src/examples/hello.py"
    ;;
example_cli)
    bin=$(find "$dest" -type f -name pathmap -perm -u+x -print -quit)
    kb=$(find "$dest" -name big_logic.metta.paths -print -quit)
    [ -n "$bin" ] && [ -n "$kb" ] || { echo "FAIL: the tool or its data is not installed" >&2; exit 1; }
    mkdir "$tmp/work"
    cd "$tmp/work"
    PATH=$(dirname "$bin"):$PATH PATHMAP_KB=$kb same_output "$src/examples/cli.sh.expected" bash "$src/examples/cli.sh"
    ;;
*)
    echo "unknown mode $mode" >&2
    exit 2
    ;;
esac
