// ReadZipper<V>: a read-only cursor over the subtrie below a path (its root).
//
// It pins the node holding its root with a reference, so it is an O(1) snapshot:
// later mutations of the map copy that node instead of changing it. Movement uses
// an explicit frame stack and one key buffer (nodes have no parent pointers because
// a shared node has many parents), so any depth is safe.
//
// Thread safety: one zipper belongs to one thread; many zippers over one map are fine.
#pragma once

#include <cstdint>
#include <vector>

#include "trie/node.hpp"

namespace pathmap {

template <class V>
class ReadZipper {
    using Node = detail::Node<V>;

public:
    // A zipper whose root is `prefix` below `root` (a missing prefix gives a zipper
    // over nothing).
    ReadZipper(const Node *root, Path prefix) : key_(prefix.begin(), prefix.end()), origin_len_(prefix.size()) {
        const detail::Landing<V> at = detail::locate(root, prefix);
        pin_ = at.node;
        skip_ = at.skip;
        detail::retain(const_cast<Node *>(pin_));
        focus_val_ = root_val();
    }
    ReadZipper(ReadZipper &&o) noexcept
        : pin_(std::exchange(o.pin_, nullptr)), skip_(o.skip_), key_(std::move(o.key_)), origin_len_(o.origin_len_),
          stack_(std::move(o.stack_)), focus_val_(o.focus_val_), started_(o.started_), done_(o.done_) {}
    ReadZipper(const ReadZipper &) = delete;
    ReadZipper &operator=(const ReadZipper &) = delete;
    ReadZipper &operator=(ReadZipper &&) = delete;
    ~ReadZipper() { detail::release(const_cast<Node *>(pin_)); }

    // Moves to the next path holding a value, strictly after the focus in trie order
    // and below the root (upstream's to_next_val: the root's own value is never a
    // destination). Returns false at the end, leaving the focus at the root.
    bool to_next_val() {
        if (done_) return false;
        if (!started_ && start()) return true;
        while (!stack_.empty()) {
            Frame &f = stack_.back();
            if (f.next == f.node->nchild) {
                stack_.pop_back();
                continue;
            }
            std::uint8_t b = f.node->child_byte(f.next, f.prev_byte);
            const Node *c = f.node->kids()[f.next];
            ++f.next;
            f.prev_byte = b;
            key_.resize(f.key_len);
            key_.push_back(b);
            if (enter(c)) return true;
        }
        done_ = true;
        key_.resize(origin_len_);
        focus_val_ = root_val();
        return false;
    }

    // The value at the focus, or null.
    const V *val() const { return focus_val_; }
    // The focus path relative to the root; valid until the zipper moves.
    Path path() const { return Path(key_).subspan(origin_len_); }
    // The focus path from the map's root (prefix + path()).
    Path origin_path() const { return Path(key_); }

private:
    struct Frame {
        const Node *node;
        std::uint16_t next;     // index of the next child to visit
        std::int16_t prev_byte; // byte of the previous child visited, or -1
        std::size_t key_len;    // key_ length at the end of node's prefix
    };

    const V *root_val() const { return pin_ && skip_ == pin_->prefix_len ? pin_->val() : nullptr; }

    // First move: enters the pinned node, which lies strictly below the root when
    // the root is inside its prefix. Returns true if that reached a value.
    bool start() {
        started_ = true;
        if (!pin_) return false;
        if (skip_ < pin_->prefix_len) return enter(pin_, skip_);
        stack_.push_back({pin_, 0, -1, key_.size()});
        return false;
    }

    // Appends n's prefix (from byte `from`) to the key and pushes its frame.
    bool enter(const Node *n, std::size_t from = 0) {
        Path p = n->prefix().subspan(from);
        key_.insert(key_.end(), p.begin(), p.end());
        stack_.push_back({n, 0, -1, key_.size()});
        focus_val_ = n->val();
        return focus_val_ != nullptr;
    }

    const Node *pin_ = nullptr;  // node whose prefix contains or ends at the root
    std::uint32_t skip_ = 0;     // bytes of pin_'s prefix above the root
    std::vector<std::uint8_t> key_;
    std::size_t origin_len_;
    std::vector<Frame> stack_;
    const V *focus_val_ = nullptr;
    bool started_ = false;
    bool done_ = false;
};

}  // namespace pathmap
