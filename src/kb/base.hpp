// The snapshot a knowledge base's changes lie over: an ACT file mapped read-only, so
// every process that opens the knowledge base shares its pages, and opening reads only
// its header and root node. The file stays readable after a checkpoint unlinks it
// (the mapping keeps its pages), so states over an old snapshot stay valid.
//
// Thread safety: immutable; any number of threads may read it.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "format/act_reader.hpp"
#include "format/act_zipper.hpp"
#include "format/kb_manifest.hpp"
#include "io/mapped_file.hpp"
#include "trie/path_map.hpp"

namespace pathmap::kb {

class Base {
public:
    // Maps `file`, the snapshot manifest m names. Its size must be m.snapshot_bytes;
    // with verify, its XXH3-64 must be m.snapshot_hash (reads the whole file). A
    // missing, short or damaged file is Error(corrupt): never an empty knowledge base.
    static std::shared_ptr<const Base> open(const std::string &file, const kbmanifest::Manifest &m, bool verify);
    // A snapshot just written and mapped, with manifest m whose snapshot size and hash
    // are computed here.
    static std::shared_ptr<const Base> adopt(std::shared_ptr<const io::MappedFile> file, kbmanifest::Manifest m);

    const kbmanifest::Manifest &manifest() const { return manifest_; }
    std::uint64_t generation() const { return manifest_.generation; }

    std::optional<std::uint64_t> get(Path p) const { return view_.get(p); }
    act::ActZipper zipper(Path prefix) const { return act::ActZipper(view_, prefix, budget_); }
    // The work budget of reads of this snapshot (ActZipper::default_budget of its size).
    std::uint64_t budget() const { return budget_; }
    // The whole snapshot as a trie, for a checkpoint to fold changes into.
    PathMap<std::uint64_t> load() const;

    Base(std::shared_ptr<const io::MappedFile> file, const kbmanifest::Manifest &m);

private:
    std::shared_ptr<const io::MappedFile> file_;
    act::View view_;
    std::uint64_t budget_;
    kbmanifest::Manifest manifest_;
};

}  // namespace pathmap::kb
