#include "core/interner.hpp"

#include <xxhash.h>

#include <algorithm>
#include <cstring>
#include <string>

#include "core/error.hpp"

namespace pathmap {
namespace {

std::uint64_t hash_of(Path bytes) { return XXH3_64bits(bytes.data(), bytes.size()); }

}  // namespace

Path Interner::at(std::uint64_t id) const {
    if (id >= size()) throw Error(Errc::invalid, "id " + std::to_string(id) + " out of range (" + std::to_string(size()) + " entries)");
    const std::uint64_t begin = id ? ends_[id - 1] : 0;
    return Path(bytes_).subspan(begin, ends_[id] - begin);
}

std::size_t Interner::probe(Path bytes, std::uint64_t hash) const {
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
        const Slot &s = slots_[i];
        if (s.id_plus_one == 0) return i;
        if (s.hash != hash) continue;
        const Path other = at(s.id_plus_one - 1);
        if (other.size() == bytes.size() && std::equal(other.begin(), other.end(), bytes.begin())) return i;
    }
}

std::optional<std::uint64_t> Interner::find(Path bytes) const {
    if (slots_.empty()) return std::nullopt;
    const Slot &s = slots_[probe(bytes, hash_of(bytes))];
    if (s.id_plus_one == 0) return std::nullopt;
    return s.id_plus_one - 1;
}

std::pair<std::uint64_t, bool> Interner::intern(Path bytes) {
    const std::uint64_t hash = hash_of(bytes);
    if (!slots_.empty()) {
        const Slot &s = slots_[probe(bytes, hash)];
        if (s.id_plus_one != 0) return {s.id_plus_one - 1, false};
    }
    reserve(1, bytes.size());  // all allocation happens here: a bad_alloc changes nothing
    const std::uint64_t id = size();
    bytes_.insert(bytes_.end(), bytes.begin(), bytes.end());
    ends_.push_back(bytes_.size());
    slots_[probe(bytes, hash)] = Slot{hash, id + 1};
    return {id, true};
}

void Interner::truncate(std::uint64_t count) {
    const std::size_t mask = slots_.size() - 1;
    while (size() > count) {
        const Path last = at(size() - 1);
        std::size_t hole = probe(last, hash_of(last));
        // Backward-shift deletion: move later entries of the probe run into the hole
        // unless their home slot lies cyclically in (hole, j].
        for (std::size_t j = (hole + 1) & mask; slots_[j].id_plus_one != 0; j = (j + 1) & mask) {
            const std::size_t home = slots_[j].hash & mask;
            const bool stays = hole <= j ? (hole < home && home <= j) : (hole < home || home <= j);
            if (stays) continue;
            slots_[hole] = slots_[j];
            hole = j;
        }
        slots_[hole] = Slot{0, 0};
        ends_.pop_back();
        bytes_.resize(ends_.empty() ? 0 : ends_.back());
    }
}

void Interner::reserve(std::uint64_t count, std::uint64_t bytes) {
    // Geometric, so that reserving room for one more string at a time stays amortized O(1).
    const auto grow = [](auto &v, std::uint64_t extra) {
        if (v.size() + extra > v.capacity()) v.reserve(std::max<std::uint64_t>(v.size() + extra, 2 * v.capacity()));
    };
    grow(bytes_, bytes);
    grow(ends_, count);
    std::size_t want = slots_.empty() ? 16 : slots_.size();
    while (want < 2 * (size() + count)) want *= 2;
    if (want > slots_.size()) rehash(want);
}

void Interner::rehash(std::size_t slot_count) {
    std::vector<Slot> old(slot_count, Slot{0, 0});
    old.swap(slots_);
    const std::size_t mask = slot_count - 1;
    for (const Slot &s : old) {
        if (s.id_plus_one == 0) continue;
        std::size_t i = s.hash & mask;
        while (slots_[i].id_plus_one != 0) i = (i + 1) & mask;
        slots_[i] = s;
    }
}

std::uint64_t Interner::memory_bytes() const {
    return bytes_.capacity() + ends_.capacity() * sizeof(std::uint64_t) + slots_.capacity() * sizeof(Slot);
}

}  // namespace pathmap
