// Interning of byte strings: each distinct string gets a dense id (0, 1, 2, ... in
// order of first interning), found again from its bytes in O(length) expected time.
//
// Storage is flat: the strings concatenated in id order plus the end offset of each,
// exactly what a file stores (format/term_store_format.hpp), so saving writes these
// arrays as they are. The index is an open-addressing hash table (linear probing, at
// most half full) of (XXH3-64 hash, id) slots; equal hashes are confirmed by comparing
// bytes, so a collision never merges different strings.
//
// Thread safety: const members may run concurrently; intern() needs exclusive access.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "core/path.hpp"

namespace pathmap {

class Interner {
public:
    std::uint64_t size() const { return ends_.size(); }
    // The bytes of `id` (< size()); valid until the next intern().
    Path at(std::uint64_t id) const;
    std::optional<std::uint64_t> find(Path bytes) const;
    // The id of `bytes`, adding them when new; .second is true when they were added.
    std::pair<std::uint64_t, bool> intern(Path bytes);
    // Forgets the strings with ids >= count (count <= size()), as if they had never
    // been interned: undoes a batch that failed halfway. Allocates nothing.
    void truncate(std::uint64_t count);
    // Room for `count` more strings of `bytes` more bytes in total, so that interning
    // them allocates nothing (and so cannot fail).
    void reserve(std::uint64_t count, std::uint64_t bytes);

    // The flat storage: string i is bytes()[ends()[i-1] .. ends()[i]) (from 0 for i = 0).
    std::span<const std::uint64_t> ends() const { return ends_; }
    Path bytes() const { return bytes_; }
    // Bytes allocated for the strings, their ends and the index.
    std::uint64_t memory_bytes() const;

private:
    struct Slot {
        std::uint64_t hash;
        std::uint64_t id_plus_one;  // 0: empty
    };
    // The slot holding `bytes`, or the empty slot where they would go.
    std::size_t probe(Path bytes, std::uint64_t hash) const;
    void rehash(std::size_t slot_count);  // slot_count: a power of two

    std::vector<std::uint8_t> bytes_;
    std::vector<std::uint64_t> ends_;
    std::vector<Slot> slots_;  // size 0 or a power of two
};

}  // namespace pathmap
