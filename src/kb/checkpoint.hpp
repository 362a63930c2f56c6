// Writing a knowledge base's snapshot files: a checkpoint's new snapshot, and the empty
// one of a new knowledge base.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "kb/options.hpp"
#include "kb/state.hpp"

namespace pathmap::kb {

// Folds `state` into snapshot file `generation` of dir and maps it: the old snapshot is
// loaded as a trie, the layer's removals subtracted and its additions joined over it
// (path algebra), and the result written as an ACT file to a temporary name, synced and
// renamed (the directory synced). O(facts) time and memory. The manifest is not
// changed: the caller switches to the snapshot by writing it.
std::shared_ptr<const Base> write_snapshot(const std::string &dir, const State &state, std::uint64_t generation,
                                           const Progress &progress);

// Creates an empty knowledge base in dir (the directory is created if missing):
// snapshot 0, log 0, then the manifest, whose rename is the commit point.
void create_empty(const std::string &dir);

}  // namespace pathmap::kb
