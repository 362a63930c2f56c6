// MORK expression bytes -> MeTTa text (spec expr-encoding.md §2, §4, §6).
//
// An encoded expression is a pre-order byte string: an arity tag 0x00-0x3F followed
// by that many children, a symbol tag 0xC1-0xFF (size 1..63) followed by its bytes,
// NewVar 0xC0 (a variable's first occurrence) or VarRef 0x80-0xBF (a later one, by
// De Bruijn level). Tags 0x40-0x7F are reserved.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "core/path.hpp"

namespace pathmap::metta {

// Renders one complete expression, e.g. "(axiom (= (* $a 1) $a))". Variables are
// named by level as MORK's dump does: $a..$j for levels 0..9, then $x10..$x63.
// Throws Error(Errc::corrupt) naming the byte offset when the bytes are not exactly
// one well-formed expression: empty input, reserved tag, symbol or expression cut off
// by the end, VarRef to a level not yet introduced, more than 64 variables, or bytes
// left over after the expression. Validation uses an explicit stack, so nesting depth
// is bounded only by the input length.
std::string expr_to_text(Path expr);

// The bytes of long symbol `index` (see encoding.hpp's handles), for rendering.
using LongSymbolBytes = std::function<Path(std::uint64_t index)>;

// As expr_to_text, appending to out (so a caller can reuse one buffer); on error
// out is left as it was. With `long_symbols`, each long-symbol handle is written as
// the symbol it names (else as its raw bytes). For a sub-expression of a larger
// expression, levels_before is the number of variables introduced before it
// (walk_expr), so its variables get the names they have in the whole expression's text.
void append_expr_text(Path expr, std::string &out, const LongSymbolBytes &long_symbols = {},
                      unsigned levels_before = 0);

}  // namespace pathmap::metta
