// Pattern queries over a trie of MORK-encoded expressions (spec expr-encoding.md §9):
// every stored expression that matches a pattern with variables, with the binding of
// each pattern variable.
//
// Semantics (one-way matching, the default): a pattern variable matches any whole
// sub-expression of the stored expression; a repeated pattern variable must match
// equal sub-expressions; a variable inside a stored expression is an ordinary leaf,
// equal only to the same variable of that expression. With `unify`, variables on both
// sides unify (MeTTa's `match`): a stored variable also matches any pattern
// sub-expression, consistently (query_unify.hpp).
//
// The walk follows the trie instead of scanning it. A pattern's constant nodes are
// bytes the zipper descends; a pattern variable skips exactly one encoded
// sub-expression by following the encoding through the trie's branches (an arity tag
// adds children still to skip, a symbol tag the bytes of its symbol); a repeated
// variable descends the bytes of its binding (its first variable occurrences turned
// into references, as they are encoded on a repeat). So it touches only the trie
// positions that agree with the pattern so far. In `unify` mode a stored variable tag
// is also taken in place of any pattern node and a repeated pattern variable skips
// like a first one; each expression reached is then checked by exact unification.
//
// Untrusted stored bytes (a hostile ACT file): every tag the walk reads is validated
// (reserved tags, references to variables not yet introduced, more than 64
// variables are Error(Errc::corrupt) naming the path so far), and a work budget in
// steps bounds the walk, since a small crafted file can describe 2^40 paths. Stored
// paths that end inside an expression or continue after one are not expressions and
// never match. The walk keeps its own stack: any depth is safe.
//
// Works on any zipper with the movement of ReadZipper and ActZipper (child_mask,
// descend_to_byte, descend_to_existing, ascend, is_val, path), so one walk serves the in-memory trie and
// the ACT snapshot.
//
// Thread safety: a Query belongs to one thread; its Pattern may be shared.
#pragma once

#include <array>
#include <bit>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "core/byte_mask.hpp"
#include "core/error.hpp"
#include "core/path.hpp"
#include "metta/query_pattern.hpp"
#include "metta/encoding.hpp"
#include "metta/expr_text.hpp"
#include "metta/query_unify.hpp"
#include "metta/term.hpp"

namespace pathmap::metta {

struct QueryOptions {
    QueryOptions(bool unify_ = false, std::uint64_t budget_ = std::numeric_limits<std::uint64_t>::max())
        : unify(unify_), budget(budget_) {}
    bool unify;  // unification (variables on both sides) instead of one-way matching
    // Most steps (bytes descended, branches read) before Error(Errc::corrupt).
    std::uint64_t budget;
    // Where stored paths hold long-symbol handles (a knowledge base's term store): the
    // symbols they name, for the texts of matches and bindings. Empty: handles are
    // written as their bytes.
    LongSymbolBytes long_symbols;
};

// Largest resolved binding, in nodes, in unify mode (Unifier::binding).
inline constexpr std::size_t kMaxBindingNodes = std::size_t{1} << 22;

// Where a one-way binding lies in the matching path, and the variables introduced
// before it (its own variables are named from that level on).
struct BindingSpan {
    std::uint32_t offset = 0;
    std::uint32_t length = 0;
    std::uint8_t levels_before = 0;
};

namespace detail {

// What the walk knows at one trie position; restored when it backtracks.
struct QueryState {
    std::uint32_t ip = 0;        // the pattern step being matched
    std::uint32_t skip = 0;      // sub-expressions still to skip for a variable at ip
    std::uint8_t sym_left = 0;   // symbol bytes still to skip inside them
    std::uint8_t levels = 0;     // stored variables introduced so far on this path
};

// Consumes stored tag byte `tag` at `depth` while skipping sub-expressions: counts
// the children an arity adds, starts a symbol's bytes, counts or checks a variable.
// Throws Error(Errc::corrupt) for a reserved tag, a reference to a variable not yet
// introduced, or a 65th variable.
void skip_tag(QueryState &s, std::uint8_t tag, Path path);
// Checks and counts a stored variable tag taken in place of a pattern node (unify).
void take_var_tag(QueryState &s, std::uint8_t tag, Path path);
// The bytes a repeat of a binding must meet: its bytes, each NewVar turned into a
// VarRef to the level it introduced.
void repeat_bytes(Path binding, unsigned levels_before, std::vector<std::uint8_t> &out);
[[noreturn]] void over_budget(std::uint64_t budget);

// The bytes of m that are also in `allowed`.
inline ByteMask intersect(ByteMask m, const ByteMask &allowed) {
    for (unsigned i = 0; i < 4; ++i) m.words[i] &= allowed.words[i];
    return m;
}
// Removes and returns the lowest byte of a non-empty mask.
inline std::uint8_t take_lowest(ByteMask &m) {
    const int b = m.next(ByteMask::kNone);
    m.words[static_cast<unsigned>(b) >> 6] &= ~(std::uint64_t{1} << (b & 63));
    return static_cast<std::uint8_t>(b);
}
// The variable tags: VarRef 0x80-0xBF and NewVar 0xC0.
inline ByteMask var_tags() {
    ByteMask m;
    for (unsigned b = 0x80; b <= 0xC0; ++b) m.set(static_cast<std::uint8_t>(b));
    return m;
}

}  // namespace detail

template <class Zipper>
class Query {
public:
    // A query of `pattern` (which must outlive the query) below the zipper's root.
    Query(Zipper zipper, const Pattern &pattern, QueryOptions options = {})
        : z_(std::move(zipper)), pattern_(pattern), options_(options), binds_(pattern.var_count()) {}

    // Moves to the next match in trie order; false when there is none left.
    bool next() {
        if (done_) return false;
        Outcome o = started_ ? backtrack() : Outcome::more;  // after a match: its last branch
        started_ = true;
        for (;;) {
            switch (o) {
            case Outcome::more: o = advance(); break;
            case Outcome::match:
                if (!options_.unify || unifier_.unify(pattern_.bytes(), path())) return true;
                o = backtrack();
                break;
            case Outcome::fail: o = backtrack(); break;
            case Outcome::done: done_ = true; return false;
            }
        }
    }

    // The matching path, relative to the zipper's root; valid until next().
    Path path() const { return z_.path(); }
    // The value stored at the matching path.
    auto val() const { return z_.val(); }
    const Pattern &pattern() const { return pattern_; }
    bool unify() const { return options_.unify; }
    // The value of pattern variable i (< pattern().var_count()) in this match: a
    // sub-expression of path() (one-way), or its value under the unifier (unify).
    // Stored variables are named by level as in the text of path().
    Term binding(std::size_t i) const {
        if (options_.unify) return unifier_.binding(static_cast<unsigned>(i), pattern_.var_names(), kMaxBindingNodes);
        const BindingSpan &s = binds_[i];
        return decode(path().subspan(s.offset, s.length), s.levels_before);
    }
    // Appends binding(i) as MeTTa text (term_to_text's); one-way, without building
    // the term.
    void append_binding_text(std::size_t i, std::string &out) const {
        if (options_.unify) return append_term_text(binding(i).root(), out, symbol_text());
        const BindingSpan &s = binds_[i];
        append_expr_text(path().subspan(s.offset, s.length), out, options_.long_symbols, s.levels_before);
    }
    // Appends path() as MeTTa text, long symbols written out where options say.
    void append_path_text(std::string &out) const { append_expr_text(path(), out, options_.long_symbols); }
    // One-way mode only: where binding i lies in path().
    const BindingSpan &binding_span(std::size_t i) const { return binds_[i]; }
    // Steps taken so far (bytes descended plus branches read): the work done.
    std::uint64_t steps() const { return steps_; }

private:
    SymbolText symbol_text() const {
        if (!options_.long_symbols) return {};
        return [this](std::string_view s) {
            const std::optional<std::uint64_t> index = long_symbol_handle(as_path(s));
            if (!index) return s;
            const Path bytes = options_.long_symbols(*index);
            return std::string_view(reinterpret_cast<const char *>(bytes.data()), bytes.size());
        };
    }

    enum class Outcome { more, fail, match, done };
    struct Frame {
        std::uint32_t depth;
        detail::QueryState state;  // before taking one of `left`
        ByteMask left;             // children still to try
    };

    void charge() {
        if (++steps_ > options_.budget) detail::over_budget(options_.budget);
    }

    // One deterministic move from the current position and state.
    Outcome advance() {
        const auto steps = pattern_.steps();
        if (st_.skip || st_.sym_left) return choose(all_);
        if (st_.ip == steps.size()) return z_.is_val() ? Outcome::match : Outcome::fail;
        const PatternStep &s = steps[st_.ip];
        switch (s.kind) {
        case PatternStep::Kind::bytes: {
            const Path bytes = pattern_.bytes().subspan(s.offset, s.length);
            if (!options_.unify) return exact(bytes);
            ByteMask allowed = var_tags_;
            allowed.set(bytes[0]);
            return choose(allowed);
        }
        case PatternStep::Kind::bind:
            binds_[s.var] = {depth_, 0, st_.levels};
            st_.skip = 1;
            return Outcome::more;
        case PatternStep::Kind::again:
            if (options_.unify) {  // its value may differ in variables: unification decides
                st_.skip = 1;
                return Outcome::more;
            }
            repeat_.clear();
            detail::repeat_bytes(path().subspan(binds_[s.var].offset, binds_[s.var].length), binds_[s.var].levels_before, repeat_);
            return exact(repeat_);
        }
        return Outcome::fail;
    }

    // Descends exactly `bytes`, completing the step at ip.
    Outcome exact(Path bytes) {
        const std::size_t moved = z_.descend_to_existing(bytes);
        depth_ += static_cast<std::uint32_t>(moved);
        steps_ += moved;
        charge();
        if (moved < bytes.size()) return Outcome::fail;
        ++st_.ip;
        return Outcome::more;
    }

    // Branches over the children in `allowed`, taking the lowest first.
    Outcome choose(const ByteMask &allowed) {
        charge();
        ByteMask kids = detail::intersect(z_.child_mask(), allowed);
        if (kids.empty()) return Outcome::fail;
        const std::uint8_t b = detail::take_lowest(kids);
        if (!kids.empty()) frames_.push_back({depth_, st_, kids});
        return take(b);
    }

    // Descends child b and consumes it in the current state.
    Outcome take(std::uint8_t b) {
        charge();
        descend(b);
        if (st_.skip || st_.sym_left) {
            if (st_.sym_left) --st_.sym_left;
            else detail::skip_tag(st_, b, path());
            if (st_.skip == 0 && st_.sym_left == 0) {  // the variable's sub-expression is complete
                const PatternStep &s = pattern_.steps()[st_.ip];
                if (s.kind == PatternStep::Kind::bind) binds_[s.var].length = depth_ - binds_[s.var].offset;
                ++st_.ip;
            }
            return Outcome::more;
        }
        // Unify mode at a constant pattern node: a stored variable stands for all of it.
        const PatternStep &s = pattern_.steps()[st_.ip];
        if (var_tags_.test(b)) {
            detail::take_var_tag(st_, b, path());
            st_.ip = s.end;
            return Outcome::more;
        }
        return exact(pattern_.bytes().subspan(s.offset + 1, s.length - 1));
    }

    // Resumes the most recent branch with children left to try.
    Outcome backtrack() {
        while (!frames_.empty()) {
            Frame &f = frames_.back();
            z_.ascend(depth_ - f.depth);
            depth_ = f.depth;
            st_ = f.state;
            const std::uint8_t b = detail::take_lowest(f.left);
            if (f.left.empty()) frames_.pop_back();
            const Outcome o = take(b);
            if (o != Outcome::fail) return o;
        }
        return Outcome::done;
    }

    void descend(std::uint8_t b) {
        z_.descend_to_byte(b);
        ++depth_;
    }

    Zipper z_;
    const Pattern &pattern_;
    QueryOptions options_;
    const ByteMask all_{{~std::uint64_t{0}, ~std::uint64_t{0}, ~std::uint64_t{0}, ~std::uint64_t{0}}};
    const ByteMask var_tags_ = detail::var_tags();
    detail::QueryState st_;
    std::uint32_t depth_ = 0;  // bytes below the zipper's root
    std::vector<Frame> frames_;
    std::vector<BindingSpan> binds_;
    std::vector<std::uint8_t> repeat_;
    Unifier unifier_;
    std::uint64_t steps_ = 0;
    bool started_ = false;
    bool done_ = false;
};

}  // namespace pathmap::metta
