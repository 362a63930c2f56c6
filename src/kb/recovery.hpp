// Reading a knowledge base from its directory: the manifest's snapshot is mapped and the
// logs over it are replayed into a layer of changes (format/kb_log.hpp decides what a
// torn tail is and what is corruption).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "kb/options.hpp"
#include "kb/state.hpp"
#include "kb/terms.hpp"

namespace pathmap::kb {

// A knowledge base as read from disk, and how far its logs were read. Move-only (the
// term store).
struct Image {
    State state;
    Terms terms;
    std::vector<std::uint64_t> logs;  // generations over the snapshot, ascending; the last is active
    std::uint64_t end = 0;            // offset after the last change read from the active log
    std::uint64_t log_records = 0;    // change records read
    std::uint64_t log_bytes = 0;      // bytes of the logs up to where they were read
    std::string warning;              // what was dropped (torn tails), or empty
};

// Reads the knowledge base in `dir`. A reader that meets a file a concurrent checkpoint
// just replaced starts over (the manifest moved on); other failures throw: a missing or
// damaged manifest, snapshot, term store or log, or damage in the middle of a log, is an
// error, never an empty or partial knowledge base. Only the newest log may end torn.
// With verify, the snapshot is hashed and the term store loaded (terms.hpp).
Image recover(const std::string &dir, bool verify, const Progress &progress);

// Reads what was appended to the active log since `image` was read, into it. Returns
// false, leaving `image` as it was, when the directory moved on to another snapshot or
// log: the caller recovers afresh.
bool catch_up(const std::string &dir, Image &image);

}  // namespace pathmap::kb
