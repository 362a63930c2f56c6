#!/usr/bin/env bash
# CLI tests of `pathmap kb`: init, add (arguments and --file in file order), remove,
# checkpoint, stats (--json), sync modes, the writer lock, a torn log, and the bundled
# axioms through a knowledge base and back.
# Usage: test_cli_kb.sh PATHMAP_EXE
set -uo pipefail
exe=$1
. "$(dirname "$0")/cli_lib.sh"
kb=$tmp/kb

field() {  # field NAME : the number NAME in `kb stats --json`
    "$exe" kb stats "$kb" --json 2>/dev/null | grep -o "\"$1\": [0-9]*" | grep -o '[0-9]*$'
}

check "init" "$exe" -q kb init "$kb"
check "init twice fails clearly" fails_with "already holds a knowledge base" kb init "$kb"
check "add expressions" "$exe" -q kb add "$kb" '(likes alice bob)' '(likes bob $x)' '(likes bob $y)'
check "alpha-equivalent expressions are one fact" [ "$(field facts)" -eq 2 ]
check "both changes are logged" [ "$(field log_records)" -eq 2 ]
check "nothing in the snapshot yet" [ "$(field snapshot_facts)" -eq 0 ]
check "each distinct expression is a term" [ "$(field terms)" -eq 2 ]
json=$("$exe" kb stats "$kb" --json)
check "stats --json has the required fields" grep -Eq '^\{"facts": 2, "snapshot_facts": 0, "log_records": 2, "log_bytes": [1-9][0-9]*, ' <<<"$json"
check "stats human output" grep -q '^facts  *2$' <("$exe" kb stats "$kb")

printf '(a 1)\n(b 2) ; comment\n(a 1)\n(c (d $x))\n' >"$tmp/some.metta"
check "add --file with --sync batch" "$exe" -q kb add "$kb" --file "$tmp/some.metta" --sync batch
check "the file's distinct expressions are facts" [ "$(field facts)" -eq 5 ]
check "--sync none" "$exe" -q kb add "$kb" '(e)' --sync none
check "bad --sync is a usage error" bash -c '"$0" kb add "$1" "(f)" --sync sometimes >/dev/null 2>&1; [ $? -eq 2 ]' "$exe" "$kb"
check "add without input fails clearly" fails_with "nothing to do" kb add "$kb"
printf '(ok)\n(broken\n' >"$tmp/bad.metta"
check "a parse error names the file and changes nothing" fails_with "bad.metta" kb add "$kb" --file "$tmp/bad.metta"
check "... nothing" [ "$(field facts)" -eq 6 ]
check "remove" "$exe" -q kb remove "$kb" '(e)' '(likes alice bob)' '(not there)'
check "remove removed two" [ "$(field facts)" -eq 4 ]
check "removed facts are logged" [ "$(field log_records)" -eq 8 ]

check "checkpoint" "$exe" -q kb checkpoint "$kb"
check "checkpoint folds the log" [ "$(field log_records)" -eq 0 ]
check "checkpoint fills the snapshot" [ "$(field snapshot_facts)" -eq 4 ]
check "checkpoint advances the generation" [ "$(field generation)" -eq 1 ]
check "the snapshot is an ACT file listing the facts" \
    bash -c '[ "$("$0" ls --format metta "$1"/snapshot-0000000000000001.act | sort | tr "\n" " ")" = "(a 1) (b 2) (c (d \$a)) (likes bob \$a) " ]' "$exe" "$kb"

if command -v flock >/dev/null; then
    flock -n "$kb/LOCK" "$exe" kb add "$kb" "(x)" 2>"$tmp/err"
    check "a second writer is refused" grep -q "locked by another writer" "$tmp/err"
    check "stats reads beside a writer" bash -c 'flock -n "$1/LOCK" "$0" kb stats "$1" --json >/dev/null' "$exe" "$kb"
fi

"$exe" -q kb add "$kb" '(last one)'
log=$kb/log-0000000000000001.log
truncate -s -3 "$log"
"$exe" kb stats "$kb" >/dev/null 2>"$tmp/warn"
check "a torn log tail is dropped with a warning" grep -q "warning: .*torn tail" "$tmp/warn"
check "... and the torn fact is gone" [ "$(field facts)" -eq 4 ]
check "missing directory fails clearly" fails_with "no knowledge base here" kb stats "$tmp/nowhere"
long="(s $(printf 'x%.0s' $(seq 80)))"
check "a long symbol is refused by default" fails_with "63" -q kb add "$kb" "$long"
check "... and kept in the term store with --long-symbols" "$exe" -q kb add "$kb" "$long" --long-symbols
check "... as one long symbol" [ "$(field long_symbols)" -eq 1 ]
check "... and one fact more" [ "$(field facts)" -eq 5 ]
check "... which kb query prints with the symbol written out" \
    [ "$("$exe" -q kb query "$kb" -p '(s $v)')" = "$long	(\$v ${long:3:80})" ]

# The bundled axioms: text in, checkpoint, the same paths out.
big=$tmp/big
"$exe" ls --format metta >"$tmp/all.metta"
check "add all axioms from a file" "$exe" -q kb init "$big"
check "... add" "$exe" -q kb add "$big" --file "$tmp/all.metta" --sync batch
check "... checkpoint" "$exe" -q kb checkpoint "$big"
kb=$big
check "... every axiom is a fact" [ "$(field facts)" -eq 91692 ]
check "... and a term of the term store" [ "$(field terms)" -eq 91692 ]
"$exe" ls --format hex >"$tmp/paths_hex"
"$exe" ls --format hex "$big"/snapshot-0000000000000001.act >"$tmp/kb_hex"
check "... the snapshot holds exactly the bundled paths" cmp -s "$tmp/paths_hex" "$tmp/kb_hex"

# Pattern queries: the snapshot, then changes logged over it.
pattern='(axiom (= (* $x 1) $y))'
check "kb query counts as query on the bundled file" [ "$("$exe" kb query "$big" -p "$pattern" --count)" = "$("$exe" query -p "$pattern" --count)" ]
"$exe" query -p "$pattern" >"$tmp/q_all"
gone=$(head -n1 "$tmp/q_all" | cut -f1)
"$exe" -q kb remove "$big" "$gone"
"$exe" -q kb add "$big" '(axiom (= (* z 1) (* 1 z)))'
{ tail -n +2 "$tmp/q_all"; printf '(axiom (= (* z 1) (* 1 z)))\t($x z)\t($y (* 1 z))\n'; } | sort >"$tmp/q_expected"
"$exe" kb query "$big" -p "$pattern" >"$tmp/q_kb"
check "kb query sees removals and additions over the snapshot" bash -c 'sort "$0" | cmp -s - "$1"' "$tmp/q_kb" "$tmp/q_expected"
check "kb query lists in trie order" bash -c '"$0" kb query "$1" -p "$2" --format hex | cut -f1 | LC_ALL=C sort -c' "$exe" "$big" "$pattern"
{ "$exe" query --unify -p "$pattern" | cut -f1 | grep -vxF "$gone"; echo '(axiom (= (* z 1) (* 1 z)))'; } | sort >"$tmp/u_expected"
check "kb query --unify" bash -c '"$0" kb query "$1" --unify -p "$2" | cut -f1 | sort | cmp -s - "$3"' "$exe" "$big" "$pattern" "$tmp/u_expected"
check "kb query with a malformed pattern fails clearly" fails_with "expected ')'" kb query "$big" -p '(f $x'
if command -v flock >/dev/null; then
    check "kb query reads beside a writer" bash -c 'flock -n "$1/LOCK" "$0" kb query "$1" -p "(axiom \$x)" --count >/dev/null' "$exe" "$big"
fi

finish
