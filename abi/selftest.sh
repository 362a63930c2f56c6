#!/usr/bin/env bash
# Test of the checker itself, so that it cannot silently pass everything: with
# pathmap_trie_clone removed from a copy of the baseline, check_abidiff.sh must
# fail when the function disappears and pass when it is added.
# Usage: selftest.sh BASELINE_XML PYTHON
set -uo pipefail
here=$(dirname "$0")
baseline=$1
python=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$python" - "$baseline" "$tmp/reduced.xml" <<'PY'
import re, sys
s = open(sys.argv[1]).read()
n = len(s)
s = re.sub(r"\s*<elf-symbol name='pathmap_trie_clone'[^>]*/>", "", s)
s = re.sub(r"\s*<function-decl name='pathmap_trie_clone'.*?</function-decl>", "", s, flags=re.S)
assert len(s) < n and "pathmap_trie_clone" not in s
open(sys.argv[2], "w").write(s)
PY
failed=0
if bash "$here/check_abidiff.sh" "$tmp/reduced.xml" /nonexistent "$baseline" >"$tmp/log1" 2>&1; then
    echo "FAIL: a removed function was not reported as incompatible" >&2; cat "$tmp/log1" >&2; failed=$((failed + 1))
fi
if ! bash "$here/check_abidiff.sh" "$baseline" /nonexistent "$tmp/reduced.xml" >"$tmp/log2" 2>&1; then
    echo "FAIL: an added function was refused" >&2; cat "$tmp/log2" >&2; failed=$((failed + 1))
fi
echo "$((2 - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
