// The manifest of a knowledge base directory (src/kb): which snapshot is current. A
// checkpoint switches snapshots by renaming a new manifest over the old one, so the
// switch is atomic. Free of I/O. Integers little-endian.
//
// Layout (56 bytes): "PMKB-MAN" | u32 version (1) | u32 flags (0) | u64 generation |
// u64 snapshot bytes | u64 XXH3-64 of the snapshot file | u64 facts in the snapshot |
// u64 XXH3-64 of the 48 bytes before it.
//
// The snapshot of generation g is the file snapshot-<g>.act and the changes since it are
// in the logs of generations >= g (kb/layout.hpp). A later version may name further
// files of a checkpoint (such as a term store) after these fields.
#pragma once

#include <cstdint>
#include <vector>

#include "core/path.hpp"

namespace pathmap::kbmanifest {

inline constexpr std::uint32_t kVersion = 1;
inline constexpr std::size_t kSize = 56;

struct Manifest {
    std::uint64_t generation = 0;
    std::uint64_t snapshot_bytes = 0;
    std::uint64_t snapshot_hash = 0;  // XXH3-64 of the whole snapshot file
    std::uint64_t snapshot_facts = 0;
};

std::vector<std::uint8_t> encode(const Manifest &m);
// Throws Error(format) for another magic or version, Error(corrupt) for a wrong size
// or checksum.
Manifest decode(Path bytes);

}  // namespace pathmap::kbmanifest
