#include "kb/cursor.hpp"

namespace pathmap::kb {

Cursor::Cursor(State state, Path prefix)
    : state_(std::move(state)), adds_{state_.layer.adds.read_zipper(prefix)}, base_{state_.base->zipper(prefix)} {}

// The next snapshot fact the layer does not remove.
void Cursor::advance_base() {
    while (base_.advance() && state_.layer.removes.contains(base_.path())) {
    }
}

bool Cursor::next() {
    if (!started_) {
        started_ = true;
        adds_.advance();
        advance_base();
    } else if (both_) {
        adds_.advance();
        advance_base();
    } else if (from_adds_) {
        adds_.advance();
    } else {
        advance_base();
    }
    if (!adds_.live && !base_.live) return false;
    const int c = !adds_.live ? 1 : !base_.live ? -1 : compare(adds_.path(), base_.path());
    from_adds_ = c <= 0;
    both_ = c == 0;
    return true;
}

Path Cursor::path() const { return from_adds_ ? adds_.path() : base_.path(); }

std::uint64_t Cursor::value() const { return from_adds_ ? adds_.value() : base_.value(); }

}  // namespace pathmap::kb
