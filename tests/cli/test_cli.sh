#!/usr/bin/env bash
# CLI tests: the pathmap tool on the bundled knowledge base and the test fixtures.
# Usage: test_cli.sh PATHMAP_EXE SOURCE_DIR
set -uo pipefail
exe=$1
src=$2
kb=$src/data/big_logic.metta.paths
small=$src/tests/data/small.paths
. "$(dirname "$0")/cli_lib.sh"

json=$("$exe" stats --json)
check "stats --json counts the bundled knowledge base" grep -q '"paths": 91692, "bytes": 4965877,' <<<"$json"
check "stats --json has nodes and memory_bytes" grep -Eq '"nodes": [1-9][0-9]*, .*"memory_bytes": [1-9]' <<<"$json"
check "stats human output" grep -q '^paths *91,692$' <("$exe" stats)

"$exe" ls --limit 5 >"$tmp/five"
check "ls --limit 5 prints five lines" [ "$(wc -l <"$tmp/five")" -eq 5 ]
check "first axiom as MeTTa text" [ "$(head -1 "$tmp/five")" = '(axiom (= (* (* (* (* (/ 1 $a) (* $a $b)) $c) $a) (\ $a 1)) (* $b (* (* $c $a) (\ $a 1)))))' ]

"$exe" ls --format tsv "$small" | cut -f1 >"$tmp/small_keys"
grep -v $'^\t' "$src/tests/data/small.expected.tsv" | cut -f1 >"$tmp/expected_keys"
check "tsv keys of small.paths equal the fixture's non-empty keys" cmp -s "$tmp/small_keys" "$tmp/expected_keys"
check "tsv values are record indexes" [ "$("$exe" ls --format tsv "$small" | cut -f2 | tr '\n' ' ')" = "$(seq -s ' ' 0 78) " ]

"$exe" ls --format hex >"$tmp/all_hex"
check "hex listing has every axiom" [ "$(wc -l <"$tmp/all_hex")" -eq 91692 ]
# 02 c5 "axiom" 04: four-argument bodies; compare with a grep of the full listing.
want=$(grep -c '^02c56178696f6d04' "$tmp/all_hex")
check "prefix-hex narrows like grep" [ "$("$exe" ls --format hex --prefix-hex 02C56178696f6d04 | wc -l)" -eq "$want" ]
check "prefix-hex selects something" [ "$want" -gt 0 ]
check "text prefix narrows like grep" [ "$("$exe" ls --format tsv --prefix common/ "$small" | wc -l)" -eq "$(grep -c '^common/' "$tmp/expected_keys")" ]

"$exe" convert "$kb" "$tmp/copy.paths"
"$exe" ls --format hex "$tmp/copy.paths" >"$tmp/copy_hex"
check "convert round trip keeps every path in order" cmp -s "$tmp/all_hex" "$tmp/copy_hex"

check "metta format on non-expressions fails clearly" fails_with "is not a MeTTa expression" ls --format metta "$small"
check "missing file names the file" fails_with "nonexistent.paths" ls "$tmp/nonexistent.paths"
head -c 700000 "$kb" >"$tmp/truncated.paths"
check "truncated file names an offset" fails_with "offset" stats "$tmp/truncated.paths"
check "unknown extension" fails_with "unsupported file extension" convert "$kb" "$tmp/out.foo"
check "bad hex prefix" fails_with "non-hex digit" ls --prefix-hex 0g
check "usage error" bash -c '"$0" ls --limit x >/dev/null 2>&1; [ $? -eq 2 ]' "$exe"
check "closed pipe is quiet" bash -c '"$0" ls 2>"$1" | head -1 >/dev/null; [ "${PIPESTATUS[0]}" -eq 0 ] && [ ! -s "$1" ]' "$exe" "$tmp/pipe_err"

# ACT snapshots
words_act=$src/tests/data/words.act
check "ls --format tsv of upstream words.act is exactly its listing" cmp -s <("$exe" ls --format tsv "$words_act") "$src/tests/data/words.expected.tsv"
check "ls --format tsv of upstream small.act is exactly its listing" cmp -s <("$exe" ls --format tsv "$src/tests/data/small.act") "$src/tests/data/small.expected.tsv"
"$exe" convert "$kb" "$tmp/kb.act"
check ".paths -> .act -> .paths keeps every path in order" bash -c '"$0" convert "$1" "$2" && "$0" ls --format hex "$2" | cmp -s - "$3"' "$exe" "$tmp/kb.act" "$tmp/back.paths" "$tmp/all_hex"
check ".act values are the .paths record indexes" [ "$("$exe" ls --format tsv --limit 3 "$tmp/kb.act" | cut -f2 | tr '\n' ' ')" = "0 1 2 " ]
check ".act of the knowledge base has upstream's size" [ "$(stat -c %s "$tmp/kb.act")" -eq 2956461 ]
"$exe" convert --share-subtries "$src/tests/data/words.act" "$tmp/words.dag.act"
check "--share-subtries file lists the same" cmp -s <("$exe" ls --format tsv "$tmp/words.dag.act") "$src/tests/data/words.expected.tsv"
act_json=$("$exe" stats --json "$tmp/kb.act")
check "stats --json of an .act counts paths and roots" grep -q '"paths": 91692, "file_bytes": 2956461, "roots": 1,' <<<"$act_json"
check "stats of an .act names line data sharing" grep -q '^line data .*sharing saved' <("$exe" stats "$tmp/kb.act")
check "ls --prefix on an .act equals ls on the .paths" cmp -s <("$exe" ls --format tsv --prefix common/ "$src/tests/data/small.act" | cut -f1) <(grep '^common/' "$tmp/expected_keys")
check "--root beyond the history fails clearly" fails_with "root" ls --root 3 "$tmp/kb.act"
check "--root on a .paths file fails clearly" fails_with "only" ls --root 1 "$kb"
head -c 1000 "$tmp/kb.act" >"$tmp/truncated.act"
check "truncated .act names an offset" fails_with "offset" ls --format hex "$tmp/truncated.act"
check ".paths opened as .act is not an ACT file" bash -c 'cp "$1" "$2" && "$0" ls "$2" 2>&1 | grep -q "not an ACT file"' "$exe" "$kb" "$tmp/fake.act"

# append-merge
cp "$src/tests/data/small.act" "$tmp/m.act"
"$exe" ls --format tsv "$tmp/m.act" >"$tmp/m_before.tsv"
"$exe" convert "$src/tests/data/small.act" "$tmp/m_small.paths"
check "merge-into with nothing new leaves the file alone" bash -c '"$0" -q merge-into "$1" "$2" && cmp -s "$1" "$2"' "$exe" "$tmp/m.act" "$src/tests/data/small.act"
check "merge-into --mode subtract removes every path" bash -c '"$0" -q merge-into --mode subtract "$1" "$2" && [ -z "$("$0" ls --format tsv "$1")" ]' "$exe" "$tmp/m.act" "$tmp/m_small.paths"
check "the root before the merge is still listable" cmp -s <("$exe" ls --format tsv --root 1 "$tmp/m.act") "$tmp/m_before.tsv"
check "stats counts both roots" grep -q '^roots *2$' <("$exe" stats "$tmp/m.act")
check "merge-into a .paths file fails clearly" fails_with "not an ACT file" merge-into "$kb" "$tmp/m_small.paths"
check "merge-into an unknown mode is a usage error" bash -c '"$0" merge-into --mode x "$1" "$2" >/dev/null 2>&1; [ $? -eq 2 ]' "$exe" "$tmp/m.act" "$tmp/m_small.paths"

# MeTTa text in and out
"$exe" ls --format metta "$kb" >"$tmp/kb.metta"
check "MeTTa text -> .act -> hex listing equals the knowledge base's" bash -c '"$0" convert "$1" "$2" && "$0" ls --format hex "$2" | cmp -s - "$3"' "$exe" "$tmp/kb.metta" "$tmp/from_text.act" "$tmp/all_hex"
printf '(a b)\n(c (d\n' >"$tmp/bad.metta"
check "malformed MeTTa text names file, line and column" fails_with "bad.metta: expected ')' before end of input at 3:1" convert "$tmp/bad.metta" "$tmp/bad.paths"
"$exe" convert "$kb" "$tmp/out.metta"
check ".paths -> .metta writes ls --format metta's text" cmp -s "$tmp/out.metta" "$tmp/kb.metta"
check ".metta -> .paths -> .metta keeps every expression" bash -c '"$0" convert "$1" "$2" && "$0" convert "$2" "$3" && cmp -s "$1" "$3"' "$exe" "$tmp/out.metta" "$tmp/back.paths" "$tmp/back.metta"
check ".metta output of a non-expression fails clearly" fails_with "is not a MeTTa expression" convert "$small" "$tmp/small.metta"
check "a failed .metta write leaves no file" [ ! -e "$tmp/small.metta" ]

# term snapshots
long=$(printf 'L%.0s' $(seq 70))
printf '(b $x)
(a)
(b $y) ; again
(c %s)
' "$long" >"$tmp/t.metta"
check "terms build fails on a long symbol by default" fails_with "of 70 bytes (at most 63)" terms build "$tmp/t.metta" -o "$tmp/t.act" --terms "$tmp/t.terms"
check "terms build --long-symbols" "$exe" -q terms build --long-symbols "$tmp/t.metta" -o "$tmp/t.act" --terms "$tmp/t.terms"
check "terms ls lists the distinct terms in id order" [ "$("$exe" terms ls "$tmp/t.terms" | tr "\t\n" ':|')" = "0:(b \$a)|1:(a)|2:(c $long)|" ]
check "the ACT maps each expression to its term id" [ "$("$exe" ls --format tsv "$tmp/t.act" | cut -f2 | tr '\n' ' ')" = "1 0 2 " ]
check "terms build of the knowledge base: one term per axiom" bash -c '"$0" ls --format metta >"$1" && "$0" -q terms build "$1" -o "$2" --terms "$3" && [ "$("$0" terms ls "$3" | wc -l)" -eq 91692 ] && "$0" ls --format tsv "$2" | cut -f2 | sort -n | uniq | wc -l | grep -qx 91692' "$exe" "$tmp/kb2.metta" "$tmp/kb.act" "$tmp/kb.terms"
head -c 100 "$tmp/t.terms" >"$tmp/cut.terms"
check "terms ls of a truncated store names the offset" fails_with "cut.terms: offset 100: file ends early" terms ls "$tmp/cut.terms"

# path algebra (values: each expression's index in its file)
printf '(a) (b) (c)\n' >"$tmp/A.metta"
printf '(b) (d)\n' >"$tmp/B.metta"
check "join" bash -c '"$0" join "$1" "$2" -o "$3" && [ "$("$0" ls --format metta "$3" | tr "\n" " ")" = "(a) (b) (c) (d) " ]' "$exe" "$tmp/A.metta" "$tmp/B.metta" "$tmp/j.act"
check "meet keeps the left value by default" bash -c '"$0" meet "$1" "$2" -o "$3" && [ "$("$0" ls --format tsv "$3" | cut -f2)" = 1 ]' "$exe" "$tmp/A.metta" "$tmp/B.metta" "$tmp/m.act"
check "meet --values min" bash -c '"$0" meet --values min "$1" "$2" -o "$3" && [ "$("$0" ls --format tsv "$3" | cut -f2)" = 0 ]' "$exe" "$tmp/A.metta" "$tmp/B.metta" "$tmp/m2.act"
check "subtract removes only equal values by default" bash -c '"$0" subtract "$1" "$2" -o "$3" && [ "$("$0" ls --format metta "$3" | wc -l)" -eq 3 ]' "$exe" "$tmp/A.metta" "$tmp/B.metta" "$tmp/s.act"
check "subtract --by-path" bash -c '"$0" subtract --by-path "$1" "$2" -o "$3" && [ "$("$0" ls --format metta "$3" | tr "\n" " ")" = "(a) (c) " ]' "$exe" "$tmp/A.metta" "$tmp/B.metta" "$tmp/s2.act"
check "stats --merkleize reports nodes before and after" grep -q '^merkleized .* nodes' <("$exe" stats --merkleize "$src/tests/data/words.act")

# pattern queries
check "query --count: a selective pattern" [ "$("$exe" query --pattern '(axiom (= (* $x 1) $y))' --count)" = 79 ]
check "query --count: an unselective pattern counts every axiom" [ "$("$exe" query -p '(axiom $x)' --count "$kb")" = 91692 ]
check "query on .act and .metta counts as on .paths" bash -c '[ "$("$0" query -p "(axiom (= (T \$x \$y) \$z))" --count "$1")" = "$("$0" query -p "(axiom (= (T \$x \$y) \$z))" --count "$2")" ] && [ "$("$0" query -p "(axiom (= (T \$x \$y) \$z))" --count "$1")" = "$("$0" query -p "(axiom (= (T \$x \$y) \$z))" --count "$3")" ]' "$exe" "$kb" "$tmp/from_text.act" "$tmp/kb.metta"
check "query prints the match and its bindings" [ "$("$exe" query -p '(axiom (= (* $x 1) $x))')" = "$(printf '(axiom (= (* $a 1) $a))\t($x $a)')" ]
"$exe" query -p '(axiom (= (\ $x $x) $y))' --format hex | cut -f1 >"$tmp/q_hex"
check "query --format hex gives listed paths" bash -c '[ "$(wc -l <"$1")" -eq 16 ] && [ "$(grep -cxFf "$1" "$2")" -eq 16 ]' "$exe" "$tmp/q_hex" "$tmp/all_hex"
printf '(f $a $a)\n(f $a b)\n(f c d)\n' >"$tmp/f.metta"
check "query one-way: stored variables are leaves" [ "$("$exe" query -p '(f $x $x)' "$tmp/f.metta")" = "$(printf '(f $a $a)\t($x $a)')" ]
check "query --unify binds stored variables too" [ "$("$exe" query --unify -p '(f $x $x)' "$tmp/f.metta" | tr '\t\n' ' |')" = '(f $a $a) ($x $a)|(f $a b) ($x b)|' ]
check "query with a malformed pattern fails clearly" fails_with "expected ')'" query -p '(f $x' "$tmp/f.metta"
check "query without --pattern is a usage error" bash -c '"$0" query "$1" >/dev/null 2>&1; [ $? -eq 2 ]' "$exe" "$tmp/f.metta"
check "query over non-expressions fails clearly" fails_with "not a MORK expression" query -p '$x' "$small"

finish
