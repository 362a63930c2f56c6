# Shared by abi/update.sh and the `abi` test suite so that the baseline and the
# checks are produced the same way. Source it; do not run it.

# Exported dynamic symbols (name@@VERSION), sorted in the C locale.
abi_symbols() {  # abi_symbols LIBRARY
    nm -D --defined-only "$1" | awk '{print $3}' | LC_ALL=C sort
}

# The libabigail description of the public ABI: only what the exported functions
# reach, without paths or line numbers (they churn with every edit and are not ABI).
abi_dump() {  # abi_dump LIBRARY HEADERS_DIR OUT_XML
    abidw --no-corpus-path --no-comp-dir-path --no-show-locs --no-elf-needed \
        --exported-interfaces-only --headers-dir "$2" --drop-private-types \
        --out-file "$3" "$1"
}

# Without DWARF (e.g. buildtype=release) abidw sees only symbols, not types.
abi_has_debug_info() {  # abi_has_debug_info LIBRARY
    readelf -S "$1" | grep -c '\.debug_info' >/dev/null  # -c reads all: no SIGPIPE under pipefail
}
