// What a knowledge base holds at one moment: a snapshot (Base), a layer of changes
// over it and the number of facts. Copying one is O(1) (a shared base, two trie
// clones, a count): versions, undo steps, transactions, cursors and checkpoints are
// all copies of a State.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>

#include "kb/base.hpp"
#include "kb/layer.hpp"

namespace pathmap::kb {

struct State {
    std::shared_ptr<const Base> base;
    Layer layer;
    std::uint64_t facts = 0;

    // The overlay read: the layer's value, nothing where it removes the path, else the
    // snapshot's value.
    std::optional<std::uint64_t> get(Path p) const {
        const Layer::Hit hit = layer.lookup(p);
        if (hit.value) return *hit.value;
        if (hit.removed) return std::nullopt;
        return base->get(p);
    }

    // Applies c and returns true, or returns false when it changes nothing (the path
    // already holds that value, or nothing to remove). *old (may be null) receives the
    // path's value before. If it throws, the state may be half changed: apply to a copy.
    bool apply(const kblog::Change &c, std::optional<std::uint64_t> *old = nullptr) {
        const std::optional<std::uint64_t> below = base->get(c.path);
        const Layer::Hit hit = layer.lookup(c.path);
        const std::optional<std::uint64_t> before = hit.value ? std::optional(*hit.value) : hit.removed ? std::nullopt : below;
        if (old) *old = before;
        if (c.add ? before == c.value : !before) return false;
        layer.apply(c, below);
        if (!c.add) --facts;
        else if (!before) ++facts;
        return true;
    }
};

}  // namespace pathmap::kb
