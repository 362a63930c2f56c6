// Ordered iteration over a knowledge base as it was when the cursor was made: the
// facts at or below a prefix in trie order (ascending unsigned bytes, a path before
// its extensions), merging the snapshot with the layer of changes over it (upstream's
// OverlayZipper read, plus tombstones): a path the layer sets takes the layer's value,
// a snapshot path the layer removes is skipped.
//
// The cursor holds a copy of the state (O(1)), so later changes, checkpoints or closing
// the knowledge base do not affect it. Thread safety: one cursor belongs to one thread.
#pragma once

#include <cstdint>

#include "kb/state.hpp"

namespace pathmap::kb {

class Cursor {
public:
    Cursor(State state, Path prefix);

    // Moves to the next fact (the first one on the first call); false at the end.
    // May throw Error(corrupt) when the snapshot file is damaged.
    bool next();
    // The fact's full path (valid until the next move) and value.
    Path path() const;
    std::uint64_t value() const;

private:
    // A zipper read from its root's own value on: what to_next_val skips.
    template <class Z>
    struct Stream {
        Z z;
        bool started = false;
        bool live = false;
        bool advance() {
            if (!started) {
                started = true;
                if (z.val()) return live = true;
            }
            return live = z.to_next_val();
        }
        Path path() const { return z.origin_path(); }
        std::uint64_t value() const { return *z.val(); }
    };

    void advance_base();

    State state_;
    Stream<ReadZipper<std::uint64_t>> adds_;
    Stream<act::ActZipper> base_;
    bool from_adds_ = false;  // where the current fact comes from
    bool both_ = false;       // both streams stand on the current path
    bool started_ = false;
};

}  // namespace pathmap::kb
