#include "format/act_index.hpp"

namespace pathmap::act {

static_assert(std::size_t{1} << (64 - 54) == 1024, "slot_of must cover kSlots");

SiblingIndex::~SiblingIndex() {
    for (auto &slot : slots_) delete slot.load(std::memory_order_relaxed);
}

const SiblingIndex::Entry *SiblingIndex::find(std::uint64_t branch) const {
    for (std::size_t i = 0; i < kProbes; ++i) {
        const Entry *e = slots_[(slot_of(branch) + i) % kSlots].load(std::memory_order_acquire);
        if (!e) return nullptr;
        if (e->branch == branch) return e;
    }
    return nullptr;
}

const SiblingIndex::Entry *SiblingIndex::publish(std::unique_ptr<Entry> &e) {
    for (std::size_t i = 0; i < kProbes; ++i) {
        auto &slot = slots_[(slot_of(e->branch) + i) % kSlots];
        const Entry *seen = nullptr;
        if (slot.compare_exchange_strong(seen, e.get(), std::memory_order_acq_rel, std::memory_order_acquire)) return e.release();
        if (seen->branch == e->branch) return seen;  // another thread was first
    }
    full_.store(true, std::memory_order_relaxed);
    return nullptr;
}

}  // namespace pathmap::act
