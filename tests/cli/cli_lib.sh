# Shared by the CLI test scripts (sourced after setting exe, the tool under test):
# a temporary directory $tmp removed on exit, check and fails_with counting into
# passed/failed, and finish, which reports and sets the exit status.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset PATHMAP_KB
passed=0
failed=0

check() {  # check NAME COMMAND... : passes when the command succeeds
    local name=$1
    shift
    if "$@"; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAIL: $name" >&2
    fi
}

# Runs the tool expecting failure: status 1..127 and exactly one line on stderr
# that contains $1.
fails_with() {
    local pattern=$1
    shift
    "$exe" "$@" >"$tmp/out" 2>"$tmp/err"
    local rc=$?
    [ "$rc" -gt 0 ] && [ "$rc" -lt 128 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q -- "$pattern" "$tmp/err"
}

finish() {
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
}
