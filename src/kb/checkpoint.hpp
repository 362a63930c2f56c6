// Writing a knowledge base's snapshot files: a checkpoint's new snapshot and term
// store, and the empty ones of a new knowledge base.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "format/kb_manifest.hpp"
#include "kb/options.hpp"
#include "kb/state.hpp"
#include "kb/terms.hpp"

namespace pathmap::kb {

// A term store's file as a checkpoint writes it, taken under the knowledge base's lock
// and written after it is released: a loaded store's bytes (a copy, O(store size)), or
// else the unchanged file as it is mapped, so that a checkpoint neither loads the store
// nor copies it under the lock when no term was added.
struct TermsFile {
    std::vector<std::uint8_t> bytes;
    std::shared_ptr<const io::MappedFile> unchanged;  // set instead of bytes
    std::string source;                               // the unchanged file's name
    std::uint64_t terms = 0;
    std::uint64_t long_symbols = 0;
};
TermsFile capture(const Terms &terms);

// Writes term store file `generation` of dir crash-safely (temporary file, sync,
// rename) and returns a manifest of that generation naming it. An unchanged file is
// checked first (framing and checksum: Error(corrupt) naming it), so a checkpoint
// never carries damage forward.
kbmanifest::Manifest write_terms(const std::string &dir, std::uint64_t generation, const TermsFile &terms);

// Folds `state` into the snapshot file of m.generation in dir and maps it: the old
// snapshot is loaded as a trie, the layer's removals subtracted and its additions
// joined over it (path algebra), and the result written as an ACT file to a temporary
// name, synced and renamed (the directory synced). O(facts) time and memory. Returns
// the snapshot with manifest m, its snapshot fields filled in. The manifest file is not
// changed: the caller switches to the snapshot by writing it.
std::shared_ptr<const Base> write_snapshot(const std::string &dir, const State &state, kbmanifest::Manifest m,
                                           const Progress &progress);

// Creates an empty knowledge base in dir (the directory is created if missing):
// term store 0, snapshot 0, log 0, then the manifest, whose rename is the commit point.
void create_empty(const std::string &dir);

}  // namespace pathmap::kb
