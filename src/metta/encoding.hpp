// Term <-> MORK expression bytes (spec expr-encoding.md §2-§6).
//
// Encoding is alpha-canonical: variables are numbered by first occurrence over the
// whole term (De Bruijn levels), the first occurrence is NewVar 0xC0 and later ones
// VarRef 0x80|level, so (f $x $y) and (f $p $q) give the same bytes.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <vector>

#include "core/path.hpp"
#include "metta/term.hpp"

namespace pathmap::metta {

// Appends the encoding of `term` (one top-level expression: its variable numbering
// starts at 0) to out. MORK's limits are errors, never truncation (spec §3): an
// expression with more than 63 children, a symbol of 0 or more than 63 bytes, more than
// 64 distinct variables throw Error(Errc::invalid) naming the offending node; out is
// then left as it was.
void append_encoding(const Term &term, std::vector<std::uint8_t> &out);
std::vector<std::uint8_t> encode(const Term &term);

// Decodes exactly one expression from untrusted bytes. Variables are named by level as
// expr_to_text does ("a".."j", then "x10".."x63"), so decode(encode(t)) == t when t's
// variables are already named that way in order of first occurrence.
// Throws Error(Errc::corrupt, "byte N: ...") on the same inputs and with the same
// messages as expr_to_text (shared walker, expr_walk.hpp): empty input, reserved tag,
// truncation, VarRef to an unseen level, more than 64 variables, trailing bytes.
// Explicit stack: nesting depth is bounded only by the input length.
// levels_before: as append_expr_text, for a sub-expression of a larger expression.
Term decode(Path expr, unsigned levels_before = 0);

}  // namespace pathmap::metta
