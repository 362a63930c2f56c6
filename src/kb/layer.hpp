// A layer of changes over what lies below it (a snapshot, or a frozen state while a
// checkpoint folds it): `adds` maps each path whose value the layer sets to that value,
// `removes` holds a tombstone for each path it removes from below. A path is in at
// most one of them, and a tombstone only where something lies below.
//
// Both are tries, so copying a layer is O(1) and two layers derived from one another
// share all unchanged nodes (the path algebra compares them in O(difference)).
#pragma once

#include <cstdint>
#include <optional>

#include "format/kb_log.hpp"
#include "trie/path_map.hpp"

namespace pathmap::kb {

struct Layer {
    PathMap<std::uint64_t> adds;
    PathMap<std::uint64_t> removes;  // values unused (0)

    struct Hit {
        const std::uint64_t *value = nullptr;  // the layer sets this value
        bool removed = false;                  // the layer removes the path
    };
    Hit lookup(Path p) const {
        if (const std::uint64_t *v = adds.get(p)) return {v, false};
        return {nullptr, removes.contains(p)};
    }

    // Records change c; `below` is the path's value underneath the layer. A layer never
    // repeats what lies below: re-adding the value below just drops the tombstone.
    void apply(const kblog::Change &c, std::optional<std::uint64_t> below) {
        if (c.add) {
            removes.remove(c.path);
            if (below == c.value) adds.remove(c.path);
            else adds.set(c.path, c.value);
        } else {
            adds.remove(c.path);
            if (below) removes.set(c.path, 0);
        }
    }

    bool is_empty() const { return adds.is_empty() && removes.is_empty(); }
};

}  // namespace pathmap::kb
