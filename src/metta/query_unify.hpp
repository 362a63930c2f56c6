// Unification of a query pattern with a stored expression, as MeTTa's `match` does:
// variables on both sides, kept apart by side (spec expr-encoding.md §9 pairs a
// level with an expression id); first-order, with an occurs check.
//
// Both expressions are taken as MORK bytes (the pattern's own encoding numbers its
// variables by first occurrence, as a stored one does), flattened once into pre-order
// node arrays; every walk below uses an explicit stack, and an occurs check visits
// each variable's value at most once, so crafted stored bytes cost time linear in
// their size per binding, never exponential.
//
// Thread safety: a Unifier belongs to one thread.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/path.hpp"
#include "metta/term.hpp"

namespace pathmap::metta {

class Unifier {
public:
    // Unifies `pattern` (its variables are the pattern's, by index) with `stored`.
    // True when they unify; the most general unifier is then kept for binding().
    // Throws Error(Errc::corrupt) when either is not one well-formed expression.
    bool unify(Path pattern, Path stored);

    // The value of pattern variable i under the unifier, every bound variable replaced
    // by its value. A variable left free is named as in its own expression: a stored
    // one by level ($a, $b, ... as the stored expression's text), a pattern one by
    // names[i]. Of variables unified with each other, the representative is a stored
    // one before a pattern one, the lower level first, so the result does not depend
    // on the order in which equations were solved. Values may share sub-terms, so a
    // resolved one can be exponentially larger than both expressions: one over
    // max_nodes nodes throws Error(Errc::invalid).
    Term binding(unsigned i, std::span<const std::string> names, std::size_t max_nodes) const;

private:
    struct Node {
        TermKind kind;
        std::uint8_t level = 0;   // variable
        std::uint32_t arity = 0;  // expression
        std::uint32_t extent = 1; // nodes in its subtree, itself included
        Path symbol;
    };
    // A node: side (0 stored, 1 pattern) in bit 31, index below.
    using Ref = std::uint32_t;
    static constexpr Ref kSide = Ref{1} << 31;
    static constexpr Ref kNone = ~Ref{0};
    // Variable ids: stored levels 0..63, then pattern indexes 64..127 (the order that
    // picks representatives).
    static constexpr unsigned kVarIds = 128;

    const Node &node(Ref r) const { return sides_[r >> 31][r & ~kSide]; }
    unsigned var_id(Ref r) const { return node(r).level + (r & kSide ? 64u : 0u); }
    Ref deref(Ref r) const;
    bool occurs(unsigned var, Ref in) const;
    void children(Ref r, std::vector<Ref> &out) const;

    std::array<std::vector<Node>, 2> sides_;
    std::array<Ref, kVarIds> bound_{};
    std::array<Ref, kVarIds> any_node_{};  // a node of each variable, to name it by
    mutable std::vector<Ref> stack_;
};

}  // namespace pathmap::metta
