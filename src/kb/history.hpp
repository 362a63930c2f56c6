// Earlier states of a knowledge base, kept in memory for going back: named versions
// and the undo steps (the state before each of the last `depth` changes). Each is an
// O(1) copy of a State, sharing every unchanged node with the live state.
//
// Going back is itself a change, logged like any other: diff() lists the changes that
// turn the live state into an earlier one. It compares the two layers with the path
// algebra, which skips the nodes they share, so it costs the size of the difference,
// not of the knowledge base. An earlier state may lie over an older snapshot than the
// live one; the history then also looks at the paths each checkpoint since folded into
// the snapshot (kept, as O(1) layer copies, while some held state needs them).
//
// Not thread-safe: the knowledge base calls it under its writer lock.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "kb/state.hpp"

namespace pathmap::kb {

class History {
public:
    explicit History(std::uint32_t depth) : depth_(depth) {}

    // Named versions; saving a name again replaces it.
    void save(const std::string &name, const State &s);
    const State *find(const std::string &name) const;
    bool drop(const std::string &name);
    std::size_t versions() const { return versions_.size(); }

    // Undo steps, newest last; beyond `depth` the oldest is forgotten.
    // Returns whether it pushed (a depth of 0 keeps nothing).
    bool push_undo(const State &s);
    void pop_undo_back() { undo_.pop_back(); }  // withdraws a push whose change failed
    const State *last_undo() const { return undo_.empty() ? nullptr : &undo_.back(); }
    void drop_last_undo();
    std::size_t undo_steps() const { return undo_.size(); }

    // A checkpoint folded `layer` (over snapshot `from`) into snapshot `to`.
    void folded(std::uint64_t from, std::uint64_t to, const Layer &layer);

    // Calls emit for each change that turns `live` into `target` (an earlier state,
    // over the same or an older snapshot).
    void diff(const State &live, const State &target, const std::function<void(const kblog::Change &)> &emit) const;

private:
    struct Fold {
        std::uint64_t from;
        std::uint64_t to;
        Layer layer;
    };
    void prune();

    std::uint32_t depth_;
    std::map<std::string, State> versions_;
    std::deque<State> undo_;
    std::vector<Fold> folds_;  // oldest first
};

}  // namespace pathmap::kb
