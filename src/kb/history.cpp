#include "kb/history.hpp"

#include <algorithm>

#include "trie/algebra.hpp"

namespace pathmap::kb {
namespace {

using Trie = PathMap<std::uint64_t>;

// The paths where a and b differ (either has it and the other has not, or their values
// differ): O(difference) when they share nodes.
Trie differing(const Trie &a, const Trie &b) { return join(subtract(a, b), subtract(b, a)); }

}  // namespace

void History::save(const std::string &name, const State &s) {
    versions_.insert_or_assign(name, s);
}

const State *History::find(const std::string &name) const {
    auto it = versions_.find(name);
    return it == versions_.end() ? nullptr : &it->second;
}

bool History::drop(const std::string &name) {
    const bool dropped = versions_.erase(name) > 0;
    prune();
    return dropped;
}

bool History::push_undo(const State &s) {
    if (depth_ == 0) return false;
    undo_.push_back(s);
    if (undo_.size() > depth_) {
        undo_.pop_front();
        prune();
    }
    return true;
}

void History::drop_last_undo() {
    if (undo_.empty()) return;
    undo_.pop_back();
    prune();
}

void History::folded(std::uint64_t from, std::uint64_t to, const Layer &layer) {
    folds_.push_back({from, to, layer});
    prune();
}

void History::diff(const State &live, const State &target, const std::function<void(const kblog::Change &)> &emit) const {
    Trie candidates = join(differing(live.layer.adds, target.layer.adds), differing(live.layer.removes, target.layer.removes));
    // Snapshot paths may differ too where a checkpoint between the two folded changes.
    const std::uint64_t older = target.base->generation(), newer = live.base->generation();
    for (const Fold &f : folds_) {
        if (f.from >= older && f.to <= newer) candidates = join(candidates, join(f.layer.adds, f.layer.removes));
    }
    candidates.for_each({}, [&](Path p, std::uint64_t) {
        const std::optional<std::uint64_t> now = live.get(p), then = target.get(p);
        if (now != then) emit({then.has_value(), p, then.value_or(0)});
    });
}

// Forgets the folds no held state lies under.
void History::prune() {
    std::uint64_t oldest = UINT64_MAX;
    for (const auto &[name, s] : versions_) oldest = std::min(oldest, s.base->generation());
    for (const State &s : undo_) oldest = std::min(oldest, s.base->generation());
    std::erase_if(folds_, [&](const Fold &f) { return f.from < oldest; });
}

}  // namespace pathmap::kb
