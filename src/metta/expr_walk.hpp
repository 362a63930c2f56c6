// One validating pre-order walk over MORK expression bytes (spec expr-encoding.md
// §2, §3, §6), shared by the text renderer (expr_text) and the term decoder
// (encoding) so both accept and reject exactly the same inputs with the same messages.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/path.hpp"

namespace pathmap::metta {

// Most distinct variables in one top-level expression (spec §3).
inline constexpr unsigned kMaxVars = 64;

// Name of the variable at De Bruijn level `level`, without '$', as MORK's dump:
// "a".."j" for levels 0..9, then "x10".."x63" (spec §4).
inline void append_var_name(unsigned level, std::string &out) {
    if (level < 10) {
        out.push_back(static_cast<char>('a' + level));
    } else {
        out.push_back('x');
        out += std::to_string(level);
    }
}

namespace detail {

// Throws Error(Errc::corrupt, "byte <offset>: <what>").
[[noreturn]] void bad_expr(std::size_t offset, const std::string &what);
std::string hex_byte(std::uint8_t b);  // "0x4f"

}  // namespace detail

// Walks the single expression that `expr` must be, calling on `v`, in pre-order:
//   v.open(arity)          an expression tag; its `arity` children follow, then
//   v.close()              once they are all done (at once when arity is 0)
//   v.symbol(bytes)        a symbol (bytes is a sub-span of expr, 1..63 bytes)
//   v.new_var(level)       a variable's first occurrence (levels count up from 0)
//   v.var_ref(level)       a later occurrence (level < variables introduced so far)
// Throws Error(Errc::corrupt, "byte N: ...") when expr is not exactly one well-formed
// expression: empty, reserved tag 0x40-0x7F, symbol or expression cut off by the end,
// VarRef to an unseen level, more than 64 variables, bytes left over. Callbacks may
// already have run for the part before the error. Explicit stack: depth is bounded
// only by the input length.
// `levels_before` is the number of variables introduced before expr when it is a
// sub-expression of a larger one (its first NewVar then has that level, and it may
// refer to lower levels); 0 for a top-level expression.
template <class Visitor>
void walk_expr(Path expr, Visitor &v, unsigned levels_before = 0) {
    using detail::bad_expr;
    if (expr.empty()) bad_expr(0, "empty input: an expression was expected");
    std::vector<unsigned> remaining;  // children still to walk of each open expression
    unsigned vars = levels_before;
    std::size_t i = 0;
    do {
        if (i == expr.size()) bad_expr(i, "expression ends early: " + std::to_string(remaining.back()) + " more children expected");
        const std::uint8_t tag = expr[i];
        if (tag < 0x40) {  // arity
            ++i;
            v.open(tag);
            remaining.push_back(tag + 1u);  // +1: this node itself is counted off below
        } else if (tag < 0x80) {
            bad_expr(i, "reserved tag " + detail::hex_byte(tag));
        } else if (tag < 0xC0) {  // VarRef
            unsigned level = tag & 0x3Fu;
            if (level >= vars) bad_expr(i, "variable reference $" + std::to_string(level) + " before " + std::to_string(level + 1) + " variables were introduced");
            v.var_ref(level);
            ++i;
        } else if (tag == 0xC0) {  // NewVar
            if (vars == kMaxVars) bad_expr(i, "more than 64 variables");
            v.new_var(vars++);
            ++i;
        } else {  // symbol
            std::size_t size = tag & 0x3Fu;
            if (expr.size() - i - 1 < size) bad_expr(i, "symbol of " + std::to_string(size) + " bytes runs past the end");
            v.symbol(expr.subspan(i + 1, size));
            i += 1 + size;
        }
        if (tag >= 0x40 && remaining.empty()) break;  // a lone atom is the whole expression
        // Count this node off its parent; close every expression now complete.
        while (!remaining.empty() && --remaining.back() == 0) {
            remaining.pop_back();
            v.close();
        }
    } while (!remaining.empty());
    if (i != expr.size()) bad_expr(i, std::to_string(expr.size() - i) + " bytes left over after the expression");
}

}  // namespace pathmap::metta
