// Pattern queries over a knowledge base (metta/query.hpp's semantics): the overlay
// read of Cursor applied to two walks. The snapshot's matches that the layer neither
// removes nor sets are merged, in trie order, with the matches among the layer's
// additions, so a query walks the snapshot and the additions instead of scanning the
// facts; each walk stays selective.
//
// The query holds a copy of the state (O(1)): later changes, checkpoints or closing
// the knowledge base do not affect it. Thread safety: a query belongs to one thread.
#pragma once

#include <cstdint>
#include <string>

#include "format/act_zipper.hpp"
#include "kb/state.hpp"
#include "metta/query.hpp"

namespace pathmap::kb {

class Query {
public:
    // A query of `pattern` (which must outlive the query) over the facts of `state`.
    // The snapshot's walk is bounded by its budget (Base::budget) as well as
    // options.budget.
    Query(State state, const metta::Pattern &pattern, metta::QueryOptions options);

    // Moves to the next match in trie order; false when there is none left. Throws
    // Error(corrupt) for malformed stored bytes or an exceeded budget.
    bool next();

    // The current match, as metta::Query gives it.
    Path path() const;
    const std::uint64_t *val() const;
    bool unify() const { return adds_.unify(); }
    void append_binding_text(std::size_t i, std::string &out) const;
    void append_path_text(std::string &out) const;
    const metta::BindingSpan &binding_span(std::size_t i) const;
    std::uint64_t steps() const { return adds_.steps() + base_.steps(); }

private:
    void advance_base();
    template <class F>
    decltype(auto) current(F &&f) const {
        return from_adds_ ? f(adds_) : f(base_);
    }

    State state_;  // before the walks, which read it
    metta::Query<ReadZipper<std::uint64_t>> adds_;
    metta::Query<act::ActZipper> base_;
    bool adds_live_ = false;
    bool base_live_ = false;
    bool from_adds_ = false;  // where the current match comes from
    bool started_ = false;
};

}  // namespace pathmap::kb
