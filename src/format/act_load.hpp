// ACT file -> trie nodes, one node per ACT position, remembering where each node's
// encoding lies in the file. Used by append-merge: a node that is still in the merged
// trie (same pointer: copy-on-write never changes a shared node) is unchanged, so its
// encoding can point back at its old children and line data instead of rewriting them.
// Nodes the file shares (several parents pointing at one run) stay shared.
// Free of I/O; validates as the reader does (Error(corrupt) naming the offset).
#pragma once

#include <cstdint>
#include <optional>
#include <unordered_map>

#include "format/act_reader.hpp"
#include "trie/path_map.hpp"

namespace pathmap::act {

// Where one node's encoding in an ACT file points (absolute offsets, 0 = none), i.e.
// what re-encoding it at a new place needs besides its value and child bytes.
struct OldEncoding {
    bool line = false;
    std::uint64_t first_child = 0;  // branch form: its sibling run
    std::uint64_t data = 0;         // line form: its line data
    std::uint64_t child = 0;        // line form: its child branch
};

using Reuse = std::unordered_map<const detail::Node<std::uint64_t> *, OldEncoding>;

struct Loaded {
    PathMap<std::uint64_t> map;
    Reuse reuse;  // every node whose encoding is one ACT node (or a line and its branch)
};

// Builds the trie at view's root node by node. Returns nullopt when the file's shape
// is not the canonical one (possible in files not written by a builder, e.g. a merged
// root with one child and no value): the caller then loads by paths and reuses nothing.
std::optional<Loaded> load_nodes(const View &view);

}  // namespace pathmap::act
