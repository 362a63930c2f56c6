// The files of a knowledge base directory, and the operations that create, switch and
// remove them crash-safely:
//
//   MANIFEST                    which snapshot is current (format/kb_manifest.hpp);
//                               replaced by rename, so a checkpoint switches atomically
//   snapshot-<generation>.act   the facts at a checkpoint (an ACT file, format ACTree03)
//   terms-<generation>.terms    the term store at that checkpoint (kb/terms.hpp)
//   log-<generation>.log        the changes logged after snapshot <generation> was
//                               started (format/kb_log.hpp)
//   LOCK                        flock'ed by the single writer
//
// Generations are 16 lowercase hex digits. The state is the manifest's snapshot plus
// the logs of generations >= its generation, replayed in order; they run without gaps.
// A checkpoint of generation g creates log g first (new changes go there), writes
// term store g and snapshot g, then the manifest: a crash before the manifest leaves the previous
// snapshot and every log still needed. Files of older generations, and temporary files
// (*.tmp.*), are left-overs that the writer removes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "format/kb_manifest.hpp"

namespace pathmap::kb::layout {

std::string manifest(const std::string &dir);
std::string lock(const std::string &dir);
std::string snapshot(const std::string &dir, std::uint64_t generation);
std::string terms(const std::string &dir, std::uint64_t generation);
std::string log(const std::string &dir, std::uint64_t generation);

bool exists(const std::string &dir);  // a manifest is there
kbmanifest::Manifest read_manifest(const std::string &dir);
// Replaces the manifest atomically (temporary file, fsync, rename, directory fsync).
void write_manifest(const std::string &dir, const kbmanifest::Manifest &m);
// Creates the empty log of `generation` atomically, so a log is never seen without
// its header.
void create_log(const std::string &dir, std::uint64_t generation);

// The generations of the logs over snapshot `generation`, ascending; a gap or a missing
// first log is Error(corrupt).
std::vector<std::uint64_t> logs_from(const std::string &dir, std::uint64_t generation);
// Removes what the current generation no longer needs: other snapshots and term
// stores, older logs and temporary files; then syncs the directory if it removed any. Writer only.
void remove_obsolete(const std::string &dir, std::uint64_t generation);
// Whether the directory holds files of a knowledge base (snapshot, term store or log).
bool has_kb_files(const std::string &dir);

}  // namespace pathmap::kb::layout
