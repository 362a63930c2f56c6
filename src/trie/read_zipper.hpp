// ReadZipper<V>: a read-only cursor over the subtrie below a path (its root), with the
// movement of ZipperMoves (core/zipper_moves.hpp) on a TrieFocus.
//
// It pins the node holding its root with a reference, so it is an O(1) snapshot:
// later mutations of the map copy that node instead of changing it, and every node it
// reads lies below that node. Any depth is safe (the frame stack is a vector).
//
// Thread safety: one zipper belongs to one thread; many zippers over one map are fine.
#pragma once

#include <cstdint>
#include <utility>

#include "trie/trie_focus.hpp"

namespace pathmap {

template <class V>
class ReadZipper : public TrieFocus<V> {
    using Node = detail::Node<V>;

public:
    // A zipper whose root is `prefix` below `root` (a missing prefix gives a zipper
    // over nothing).
    ReadZipper(const Node *root, Path prefix) : ReadZipper(TrieFocus<V>(root, {}, prefix)) {}
    // A zipper rooted at at's focus (upstream `fork_read_zipper`), pinning what it reads.
    explicit ReadZipper(TrieFocus<V> at) : TrieFocus<V>(std::move(at)) {
        this->root_here();
        detail::retain(const_cast<Node *>(this->root_node()));
    }
    ReadZipper(ReadZipper &&o) noexcept : TrieFocus<V>(std::move(o)) {}  // o's frames are left empty: it pins nothing
    ReadZipper(const ReadZipper &o) : TrieFocus<V>(o) { detail::retain(const_cast<Node *>(this->root_node())); }
    ReadZipper &operator=(const ReadZipper &) = delete;
    ReadZipper &operator=(ReadZipper &&) = delete;
    ~ReadZipper() { detail::release(const_cast<Node *>(this->root_node())); }

    // A new zipper rooted at the focus.
    ReadZipper fork() const { return ReadZipper(static_cast<const TrieFocus<V> &>(*this)); }
};

}  // namespace pathmap
