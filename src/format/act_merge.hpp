// Append-merge planning (act-format.md §9): what a merge into an ACT file makes of the
// trie at the file's root, and which of its nodes are unchanged (so their encodings
// can be reused by offset). Free of I/O: act::append writes the result.
//
// Upstream merges only add and overwrite (join, the merged trie's value wins); replace
// and subtract also remove paths. Thread safety: pure function of its inputs.
#pragma once

#include "format/act_load.hpp"
#include "format/act_reader.hpp"
#include "format/act_writer.hpp"

namespace pathmap::act {

enum class MergeMode {
    join,      // add the paths of delta; delta's value wins (upstream merge_zipper_into_file)
    subtract,  // remove the paths of delta
    replace,   // the new root holds exactly delta's paths
};

struct MergePlan {
    Loaded old;                   // the file's trie; keeps reused nodes alive
    PathMap<std::uint64_t> next;  // the trie of the new root
    Trailer trailer;              // what the new trailer says
    bool changed = false;         // false: nothing to append
};

// Loads the trie at view's live root (node by node, or path by path for files of
// non-canonical shape, then reusing nothing) and applies delta. The file must end in
// the padding of a fresh file or in a trailer (checked through view.roots()). Throws
// Error(corrupt) for a corrupt file.
MergePlan plan_merge(const View &view, const PathMap<std::uint64_t> &delta, MergeMode mode);

}  // namespace pathmap::act
