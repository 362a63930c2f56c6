// ZipperMoves<Z>: the movement and iteration every zipper kind shares (upstream
// `ZipperMoving` / `ZipperIteration`), written once over a few primitives each kind
// implements on its own nodes (the in-memory trie, an ACT file):
//
//   Path path() const                 the focus path relative to the zipper's root
//   bool path_exists() const          the focus path exists (see below)
//   const V *val() const              the value at the focus, or null
//   ByteMask child_mask() const       the child bytes at the focus (empty if it does not exist)
//   bool descend_to_byte(uint8_t)     moves down one byte, existing or not; returns path_exists()
//   bool ascend(size_t n)             moves up n bytes; past the root: stops there, returns false
//   bool descend_until()              follows a one-child run down to a value, fork or leaf
//   size_t fork_depth() const         (depth > 0) depth of the nearest strict ancestor with a
//                                     value or >= 2 children, or 0 (the root)
//
// A kind may replace a derived move by its own faster one of the same meaning (name
// hiding: every call here goes through self()).
//
// Semantics (as upstream, settled where it is vague):
//   - the focus moves at byte granularity, also inside compressed node prefixes, and
//     never above the zipper's root; it may sit on a path that does not exist (it
//     then has no value and no children);
//   - a path exists when it is a prefix of a path holding a value; the empty path
//     of a whole trie always exists;
//   - trie order: ascending unsigned bytes, a path before its extensions. Iterating
//     moves (to_next_val, to_next_step, k-paths) go to the next position strictly
//     after the focus and never visit the root; at the end they return false with
//     the focus back at the root (k-paths: at the k-path base), so a further call
//     starts over.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "core/byte_mask.hpp"
#include "core/path.hpp"

namespace pathmap {

template <class Z>
class ZipperMoves {
public:
    // Moves down along p even where it does not exist; returns whether it exists.
    bool descend_to(Path p) {
        for (std::uint8_t b : p) self().descend_to_byte(b);
        return self().path_exists();
    }
    // Moves down along p as far as it exists; returns the number of bytes moved.
    std::size_t descend_to_existing(Path p) {
        if (!self().path_exists()) return 0;
        for (std::size_t i = 0; i < p.size(); ++i) {
            if (!self().descend_to_byte(p[i])) {
                self().ascend(1);
                return i;
            }
        }
        return p.size();
    }
    // Moves into the first / last / i-th child (ascending byte order); false (no move)
    // when there is none.
    bool descend_first_byte() { return descend_present(self().child_mask().next(ByteMask::kNone)); }
    bool descend_last_byte() { return descend_present(self().child_mask().prev(256)); }
    bool descend_indexed_byte(std::size_t i) { return i < 256 && descend_present(self().child_mask().nth(static_cast<unsigned>(i))); }

    bool ascend_byte() { return self().ascend(1); }
    // Moves up to the nearest ancestor holding a value or having >= 2 children, or to
    // the root; false (no move) at the root.
    bool ascend_until() {
        const std::size_t depth = self().path().size();
        if (depth == 0) return false;
        self().ascend(depth - self().fork_depth());
        return true;
    }
    // Moves to the next / previous existing sibling (the parent's next child byte
    // after / before the focus's last byte); false (no move) when there is none.
    bool to_next_sibling_byte() { return to_sibling(true); }
    bool to_prev_sibling_byte() { return to_sibling(false); }

    void reset() { self().ascend(self().path().size()); }
    // Moves to path p relative to the root, climbing only above the common prefix of
    // p and the focus path; returns that common length.
    std::size_t move_to_path(Path p) {
        Path cur = self().path();
        const std::size_t common = static_cast<std::size_t>(std::mismatch(cur.begin(), cur.end(), p.begin(), p.end()).first - cur.begin());
        self().ascend(cur.size() - common);
        descend_to(p.subspan(common));
        return common;
    }

    bool is_val() const { return self().val() != nullptr; }
    unsigned child_count() const { return self().child_mask().count(); }

    // Moves to the next path holding a value, in trie order.
    bool to_next_val() {
        for (;;) {
            if (!to_next_run()) return false;
            if (is_val()) return true;
        }
    }
    // Moves to the next existing position (every existing path below the root, one
    // byte at a time), in trie order.
    bool to_next_step() {
        if (self().path_exists() && descend_first_byte()) return true;
        while (!self().path().empty()) {
            if (self().to_next_sibling_byte()) return true;
            self().ascend(1);
        }
        return false;
    }

    // Moves to the first existing path exactly k bytes below the focus (the k-path
    // base); false (no move) when there is none.
    bool descend_first_k_path(std::size_t k) {
        if (k == 0) return self().path_exists();
        const std::size_t base = self().path().size();
        while (self().path().size() < base + k && descend_first_byte()) {
        }
        return self().path().size() == base + k || next_k_path(base, k);
    }
    // From a path k bytes below its base, moves to the next existing path k bytes below
    // that base; false at the end, with the focus back at the base.
    bool to_next_k_path(std::size_t k) {
        const std::size_t depth = self().path().size();
        return k > 0 && depth >= k && next_k_path(depth - k, k);
    }

protected:
    Z &self() { return static_cast<Z &>(*this); }
    const Z &self() const { return static_cast<const Z &>(*this); }

    bool descend_present(int b) {
        if (b == ByteMask::kNone) return false;
        self().descend_to_byte(static_cast<std::uint8_t>(b));
        return true;
    }

    bool to_sibling(bool next) {
        Path p = self().path();
        if (p.empty()) return false;
        const std::uint8_t b = p.back();
        self().ascend(1);
        const ByteMask m = self().child_mask();
        const int s = next ? m.next(b) : m.prev(b);
        self().descend_to_byte(s == ByteMask::kNone ? b : static_cast<std::uint8_t>(s));
        return s != ByteMask::kNone;
    }

    // Moves depth first to the next position after the focus that ends a one-child
    // run (a value, a fork or a leaf), skipping the positions inside runs. False at
    // the end, with the focus at the root.
    bool to_next_run() {
        if (self().path_exists() && descend_first_byte()) return settle_run();
        while (!self().path().empty()) {
            if (self().to_next_sibling_byte()) return settle_run();
            if (!self().path_exists()) {  // up to the existing part, checking each level's siblings
                self().ascend(1);
                continue;
            }
            // Inside a run no position has a sibling: go to the run's first position.
            const std::size_t depth = self().path().size();
            const std::size_t fork = self().fork_depth();
            self().ascend(fork + 1 < depth ? depth - fork - 1 : 1);
        }
        return false;
    }
    bool settle_run() {
        if (!is_val()) self().descend_until();
        return true;
    }

    // The focus lies between base and base + k: moves to the next existing position at
    // depth base + k in trie order, or back to base.
    bool next_k_path(std::size_t base, std::size_t k) {
        for (;;) {
            for (;;) {
                if (self().path().size() == base) return false;
                if (self().to_next_sibling_byte()) break;
                self().ascend(1);
            }
            while (self().path().size() < base + k && descend_first_byte()) {
            }
            if (self().path().size() == base + k) return true;
        }
    }
};

}  // namespace pathmap
