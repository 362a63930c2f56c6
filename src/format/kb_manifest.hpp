// The manifest of a knowledge base directory (src/kb): which snapshot is current. A
// checkpoint switches snapshots by renaming a new manifest over the old one, so the
// switch is atomic. Free of I/O. Integers little-endian.
//
// Layout (80 bytes): "PMKB-MAN" | u32 version (2) | u32 flags (0) | u64 generation |
// u64 snapshot bytes | u64 XXH3-64 of the snapshot file | u64 facts in the snapshot |
// u64 term store bytes | u64 terms in it | u64 long symbols in it | u64 XXH3-64 of the
// 72 bytes before it.
//
// The snapshot of generation g is the file snapshot-<g>.act, its term store the file
// terms-<g>.terms (format/term_store_format.hpp, which checksums itself), and the
// changes since are in the logs of generations >= g (kb/layout.hpp).
#pragma once

#include <cstdint>
#include <vector>

#include "core/path.hpp"

namespace pathmap::kbmanifest {

inline constexpr std::uint32_t kVersion = 2;
inline constexpr std::size_t kSize = 80;

struct Manifest {
    std::uint64_t generation = 0;
    std::uint64_t snapshot_bytes = 0;
    std::uint64_t snapshot_hash = 0;  // XXH3-64 of the whole snapshot file
    std::uint64_t snapshot_facts = 0;
    std::uint64_t terms_bytes = 0;  // size of the term store file
    std::uint64_t terms = 0;        // terms in it
    std::uint64_t long_symbols = 0; // long symbols in it
};

std::vector<std::uint8_t> encode(const Manifest &m);
// Throws Error(format) for another magic or version, Error(corrupt) for a wrong size
// or checksum.
Manifest decode(Path bytes);

}  // namespace pathmap::kbmanifest
