// Term <-> MORK expression bytes (spec expr-encoding.md §2-§6).
//
// Encoding is alpha-canonical: variables are numbered by first occurrence over the
// whole term (De Bruijn levels), the first occurrence is NewVar 0xC0 and later ones
// VarRef 0x80|level, so (f $x $y) and (f $p $q) give the same bytes.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "core/path.hpp"
#include "metta/term.hpp"

namespace pathmap::metta {

// Longest symbol MORK encodes (spec §3).
inline constexpr std::size_t kMaxSymbolBytes = 63;

// Long-symbol handles. MORK truncates a symbol longer than 63 bytes; we refuse it, or,
// on request, intern it in a term store and encode a handle in its place (spec §3,
// "optional mode"). A handle is an ordinary 8-byte symbol, as in MORK's interning
// build (0xC8 + 8 handle bytes), whose bytes are '$' and the long symbol's index in
// the store's long-symbol table, 7 bytes big-endian:
//     c8 24 i6 i5 i4 i3 i2 i1 i0
// The spec reserves no tag for this, so the handle is marked inside the symbol bytes
// instead: the parser never makes a symbol starting with '$' (a token starting with
// '$' is a variable, a string literal starts with '"'), so no text collides with a
// handle. Bytes from elsewhere may hold one; the term store validates that every
// handle it stores names one of its long symbols. Without the store a handle renders
// as its raw 8 bytes.
inline constexpr std::size_t kHandleBytes = 8;
inline constexpr std::uint64_t kMaxLongSymbols = std::uint64_t{1} << 56;  // 7 index bytes

// Appends the handle of long symbol `index` (< kMaxLongSymbols), tag included.
void append_long_symbol_handle(std::uint64_t index, std::vector<std::uint8_t> &out);
// The index a symbol's bytes (without the tag) name when they are a handle.
std::optional<std::uint64_t> long_symbol_handle(Path symbol);

// Gives the long-symbol index to encode for a symbol of more than 63 bytes.
using LongSymbolFn = std::function<std::uint64_t(std::string_view symbol)>;

// Appends the encoding of `term` (one top-level expression: its variable numbering
// starts at 0) to out. MORK's limits are errors, never truncation (spec §3): an
// expression with more than 63 children, a symbol of 0 or more than 63 bytes, more than
// 64 distinct variables throw Error(Errc::invalid) naming the offending node; out is
// then left as it was. With `long_symbol`, a symbol of more than 63 bytes becomes the
// handle of the index it returns instead of an error.
void append_encoding(const Term &term, std::vector<std::uint8_t> &out, const LongSymbolFn &long_symbol = {});
std::vector<std::uint8_t> encode(const Term &term, const LongSymbolFn &long_symbol = {});

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
