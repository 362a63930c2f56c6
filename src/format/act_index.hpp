// A lazily built index of the sibling runs of wide ACT branches.
//
// The format stores only where a branch's sibling run starts: reaching the child of
// rank r means decoding the r nodes before it (§6.1). In the word list a lookup walks
// 53 siblings on average, nearly all of them in the 166 branches with >= 16 children.
// The first lookup through such a branch records where each of its children starts
// (2-byte deltas from the run's start: a run is at most 256 x 51 bytes); later lookups
// jump straight there. Opening a file still touches nothing; memory is bounded by
// kSlots entries of ~0.5 KiB, and a full table just means walking as before.
//
// Thread safety: lock-free; many threads may look up and publish at once (an entry is
// immutable once published with a release store; a lost race frees its copy).
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>

namespace pathmap::act {

class SiblingIndex {
public:
    static constexpr unsigned kMinChildren = 16;  // narrower branches walk (cheap enough)

    struct Entry {
        std::uint64_t branch;                // offset of the branch node
        std::array<std::uint16_t, 256> delta;  // start of child of rank r, minus the run's start
    };

    SiblingIndex() = default;
    ~SiblingIndex();
    SiblingIndex(const SiblingIndex &) = delete;
    SiblingIndex &operator=(const SiblingIndex &) = delete;

    // The entry of the branch at `branch`, or null.
    const Entry *find(std::uint64_t branch) const;
    // Publishes e, taking it, and returns the table's entry for its branch; when the
    // table has no room, returns null and leaves e with the caller (and full() true).
    const Entry *publish(std::unique_ptr<Entry> &e);
    // True once an entry found no room: callers then walk instead of building entries.
    bool full() const { return full_.load(std::memory_order_relaxed); }

private:
    static constexpr std::size_t kSlots = 1024;
    static constexpr std::size_t kProbes = 8;
    static std::size_t slot_of(std::uint64_t branch) { return (branch * 0x9E3779B97F4A7C15ull) >> 54; }

    std::array<std::atomic<const Entry *>, kSlots> slots_{};
    std::atomic<bool> full_{false};
};

}  // namespace pathmap::act
