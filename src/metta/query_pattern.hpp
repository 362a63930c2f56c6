// A query pattern compiled for the trie walk (query.hpp).
//
// A pattern is one MeTTa expression with variables, e.g. (axiom (= (* $x 1) $y)). Its
// MORK encoding (spec expr-encoding.md) is a pre-order byte string, so the pattern
// becomes a flat list of steps, one per pattern node in pre-order: a constant node
// (an arity tag, or a symbol tag and its bytes) is bytes the walk descends; a
// variable's first occurrence binds one whole stored sub-expression; a later
// occurrence must meet an equal one.
//
// Thread safety: immutable once built; any number of walks may share one Pattern.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/path.hpp"
#include "metta/term.hpp"

namespace pathmap::metta {

struct PatternStep {
    enum class Kind : std::uint8_t {
        bytes,  // a constant node: descend bytes [offset, offset + length) of the encoding
        bind,   // the first occurrence of variable `var`: binds one stored sub-expression
        again,  // a later occurrence of `var`: must equal its binding
    };
    Kind kind;
    std::uint32_t var = 0;     // bind/again: the variable's index (order of first occurrence)
    std::uint32_t offset = 0;  // this node's encoded bytes in Pattern::bytes()
    std::uint32_t length = 0;
    std::uint32_t end = 0;  // index of the step after this node's whole subtree
};

class Pattern {
public:
    // Compiles a term. MORK's limits apply as to any encoded expression (at most 63
    // children, symbols of 1..63 bytes, 64 distinct variables): beyond them nothing
    // stored could match, so they are Error(Errc::invalid) as in encode().
    explicit Pattern(Term term);
    // Parses and compiles MeTTa text holding one expression (parse_one's errors).
    static Pattern parse(std::string_view text);

    const Term &term() const { return term_; }
    // The pattern's MORK encoding: its variables are numbered by first occurrence, so
    // variable i is NewVar where bound and VarRef(i) where repeated.
    Path bytes() const { return bytes_; }
    std::span<const PatternStep> steps() const { return steps_; }
    // Names of the variables (without '$'), by index.
    const std::vector<std::string> &var_names() const { return var_names_; }
    std::size_t var_count() const { return var_names_.size(); }

private:
    Term term_;
    std::vector<std::uint8_t> bytes_;
    std::vector<PatternStep> steps_;
    std::vector<std::string> var_names_;
};

}  // namespace pathmap::metta
