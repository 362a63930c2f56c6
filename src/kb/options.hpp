// What a knowledge base is opened with and what it reports.
#pragma once

#include <cstdint>
#include <functional>

#include "metta/term_store.hpp"

namespace pathmap::kb {

// When a logged change becomes durable (survives a power loss; every mode survives a
// crash of the process, since each change is handed to the OS before its call returns).
enum class SyncMode {
    always,  // fsync before each write call returns
    batch,   // group commit: fsync after batch_records records or batch_ms ms, or on flush
    none,    // left to the OS: unsafe on power loss
};

struct SyncPolicy {
    SyncMode mode = SyncMode::always;
    std::uint32_t batch_records = 1024;  // batch: 0 = no record trigger
    std::uint32_t batch_ms = 100;        // batch: 0 = no timer
};

// Called during long work (replaying logs, writing a snapshot, adding many facts) with
// a stage name, the units done and the total (0 when unknown). From the thread doing
// the work, which for an automatic checkpoint is a background thread.
using Progress = std::function<void(const char *stage, std::uint64_t done, std::uint64_t total)>;

struct Options {
    bool create = false;     // create an empty knowledge base when the directory holds none
    bool read_only = false;  // no lock, no changes; refresh() catches up with the writer
    bool verify = false;     // hash the whole snapshot and load the term store when opening
    // A symbol of more than 63 bytes in an added expression: an error (reject), or kept
    // in the term store's long-symbol table (intern; metta/term_store.hpp).
    metta::LongSymbols long_symbols = metta::LongSymbols::reject;
    SyncPolicy sync;
    std::uint32_t undo_depth = 64;             // changes undo() can revert (0: none)
    std::uint64_t checkpoint_changes = 0;      // automatic checkpoint after this many changes (0: off)
    std::uint64_t checkpoint_log_bytes = 64ull << 20;  // ... or this many bytes of log (0: off)
    Progress progress;
};

struct Stats {
    std::uint64_t facts = 0;            // paths holding a value
    std::uint64_t snapshot_facts = 0;   // of which the snapshot file holds (before changes)
    std::uint64_t log_records = 0;      // change records in the logs over the snapshot
    std::uint64_t log_bytes = 0;        // bytes of those logs
    std::uint64_t generation = 0;       // of the snapshot
    std::uint64_t snapshot_bytes = 0;
    std::uint64_t added_paths = 0;      // paths the working set adds or changes over the snapshot
    std::uint64_t removed_paths = 0;    // snapshot paths the working set removes
    std::uint64_t unsynced_records = 0; // logged but not yet known durable
    std::uint64_t checkpoints = 0;      // completed by this handle
    std::uint64_t versions = 0;         // named versions held
    std::uint64_t undo_steps = 0;       // changes undo() can revert now
    std::uint64_t terms = 0;            // in the term store
    std::uint64_t long_symbols = 0;     // in the term store
    bool read_only = false;
};

}  // namespace pathmap::kb
