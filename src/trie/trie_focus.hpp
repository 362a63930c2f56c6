// TrieFocus<V>: a zipper's position in an in-memory trie, with the movement primitives
// of ZipperMoves (core/zipper_moves.hpp) over trie nodes. The read and write zippers
// are built on it; it neither pins nor changes nodes (they do).
//
// The position is the key buffer (origin path) plus a stack of frames, one per node
// entered: its start (key length where its prefix begins) and its index among its
// parent's children. `live_` key bytes exist: the focus exists iff live_ equals the
// key length, and the top frame is the node whose prefix contains or ends at byte
// live_ (a node's end is its value and children). A node has no parent pointer (a
// shared node has many parents), so the stack is what makes ascending O(1).
//
// Layout of the key: [mount][root][path]. The trie the frames walk holds the paths
// below `mount` (a ZipperHead writer edits such a private subtrie); `root` is where
// the zipper's root lies in it; path() is what the zipper moved below its root.
#pragma once

#include <cstdint>
#include <vector>

#include "core/byte_mask.hpp"
#include "core/zipper_moves.hpp"
#include "trie/node.hpp"

namespace pathmap {

template <class V>
class TrieFocus : public ZipperMoves<TrieFocus<V>> {
    using Node = detail::Node<V>;
    using Base = ZipperMoves<TrieFocus<V>>;
    friend Base;

public:
    // The focus at `root` in the trie whose root node is `trie` (null: empty), which
    // holds the paths below `mount`. The trie's own root exists if it is not empty or
    // the mount is empty (the empty path of a whole trie always exists).
    TrieFocus(const Node *trie, Path mount, Path root) : key_(mount.begin(), mount.end()), mount_len_(mount.size()) {
        key_.insert(key_.end(), root.begin(), root.end());
        origin_len_ = key_.size();
        locate(trie);
    }

    Path path() const { return Path(key_).subspan(origin_len_); }
    // The focus path from the origin: mount, root and path().
    Path origin_path() const { return Path(key_); }
    bool path_exists() const { return live_ == key_.size(); }

    const V *val() const {
        if (!path_exists() || frames_.empty()) return nullptr;
        const Frame &t = frames_.back();
        return live_ - t.start == t.node->prefix_len ? t.node->val() : nullptr;
    }

    ByteMask child_mask() const {
        ByteMask m;
        if (!path_exists() || frames_.empty()) return m;
        const Frame &t = frames_.back();
        const std::size_t o = live_ - t.start;
        if (o < t.node->prefix_len) {
            m.set(t.node->prefix()[o]);
        } else if (t.node->kind == detail::NodeKind::dense) {
            std::copy(t.node->mask(), t.node->mask() + 4, m.words.begin());
        } else {
            for (unsigned i = 0; i < t.node->nchild; ++i) m.set(t.node->keys()[i]);
        }
        return m;
    }

    bool descend_to_byte(std::uint8_t b) {
        key_.push_back(b);
        advance(key_.size() - 1);
        return path_exists();
    }

    bool ascend(std::size_t n) {
        const bool ok = n <= path().size();
        const std::size_t depth = ok ? key_.size() - n : origin_len_;
        key_.resize(depth);
        if (live_ > depth) live_ = depth;
        while (!frames_.empty() && frames_.back().start > depth) frames_.pop_back();
        return ok;
    }

    // Follows the one-child run below the focus down to the next position holding a
    // value or having >= 2 children or none (upstream `descend_until`); the focus's own
    // value does not stop it. Returns whether it moved.
    bool descend_until() {
        bool moved = false;
        while (path_exists() && !frames_.empty()) {
            const Frame &t = frames_.back();
            const std::size_t o = live_ - t.start;
            if (o < t.node->prefix_len) {
                enter_rest();
            } else if (t.node->nchild == 1) {
                descend_to_byte(t.node->child_byte(0, -1));
            } else {
                break;
            }
            moved = true;
            if (this->is_val()) break;
        }
        return moved;
    }

    // Next sibling in O(1) where the focus starts a child node (what iteration meets).
    bool to_next_sibling_byte() {
        if (path().empty()) return false;
        if (!path_exists() || frames_.size() < 2 || frames_.back().start != key_.size()) return Base::to_next_sibling_byte();
        const Node *parent = frames_[frames_.size() - 2].node;
        Frame &t = frames_.back();
        const unsigned i = t.index + 1u;
        if (i >= parent->nchild) return false;
        key_.back() = parent->child_byte(i, key_.back());
        t.node = parent->kids()[i];
        t.index = static_cast<std::uint16_t>(i);
        return true;
    }

    // The generic to_next_val, as one tight loop over whole node prefixes (iteration is
    // what most callers do: twice as fast as the byte-wise moves).
    bool to_next_val() {
        if (!path_exists() || frames_.empty()) return Base::to_next_val();
        for (;;) {
            const Frame &t = frames_.back();
            if (key_.size() - t.start < t.node->prefix_len) {
                enter_rest();
                if (t.node->has_val) return true;
            } else if (t.node->nchild > 0) {
                key_.push_back(t.node->child_byte(0, -1));
                frames_.push_back({t.node->kids()[0], key_.size(), 0});
                enter_rest();
                if (frames_.back().node->has_val) return true;
            } else if (!to_next_sibling_node()) {
                this->reset();
                return false;
            } else if (frames_.back().node->has_val) {
                return true;
            }
        }
    }

    // Values at and below the focus: O(nodes below it).
    std::uint64_t val_count() const {
        if (!path_exists() || frames_.empty()) return 0;
        std::uint64_t n = 0;
        std::vector<const Node *> stack{frames_.back().node};  // the focus lies at or above its end
        while (!stack.empty()) {
            const Node *x = stack.back();
            stack.pop_back();
            n += x->has_val;
            stack.insert(stack.end(), x->kids(), x->kids() + x->nchild);
        }
        return n;
    }

    // Where the focus lies: the node whose prefix contains or ends at it, and how many
    // of its prefix bytes lie above it; a null node when the focus does not exist.
    detail::Landing<V> landing() const {
        if (!path_exists() || frames_.empty()) return {};
        const Frame &t = frames_.back();
        return {t.node, static_cast<std::uint32_t>(live_ - t.start)};
    }

protected:
    // The focus path relative to the trie the frames walk (root and path()).
    Path trie_path() const { return Path(key_).subspan(mount_len_); }

    // Re-derives the frames for the same key in the trie at `trie` (after an edit
    // replaced nodes). O(key length).
    void locate(const Node *trie) {
        frames_.clear();
        live_ = mount_len_;
        if (trie) frames_.push_back({trie, mount_len_, 0});
        else if (mount_len_ > 0) --live_;  // an empty subtrie below a mount: nothing exists
        for (std::size_t i = mount_len_; i < key_.size() && live_ == i; ++i) advance(i);
    }

    // Makes the focus the root: the zipper then sees only what lies below it, keeping
    // only the frame of the node holding it (a read zipper pins just that node).
    void root_here() {
        origin_len_ = key_.size();
        mount_len_ = key_.size();
        if (!path_exists()) {
            frames_.clear();
            live_ = key_.empty() ? 0 : key_.size() - 1;
        } else if (!frames_.empty()) {
            frames_.erase(frames_.begin(), frames_.end() - 1);
        }
    }

    const Node *root_node() const { return frames_.empty() ? nullptr : frames_.front().node; }

private:
    struct Frame {
        const Node *node;
        std::size_t start;     // key length where node's prefix begins
        std::uint16_t index;   // node's index among its parent's children
    };

    // Byte key_[i] was appended where the focus stood at depth i: extends the
    // existing part over it if the trie has it.
    void advance(std::size_t i) {
        if (live_ != i || frames_.empty()) return;
        const Frame &t = frames_.back();
        const std::size_t o = i - t.start;
        const std::uint8_t b = key_[i];
        if (o < t.node->prefix_len) {
            if (t.node->prefix()[o] == b) live_ = i + 1;
            return;
        }
        const int c = t.node->child_index(b);
        if (c < 0) return;
        frames_.push_back({t.node->kids()[c], i + 1, static_cast<std::uint16_t>(c)});
        live_ = i + 1;
    }

    // From a node's end, climbs to the nearest node below the root that has a next
    // sibling and enters that sibling's whole prefix; false when there is none.
    bool to_next_sibling_node() {
        while (frames_.size() >= 2 && frames_.back().start > origin_len_) {
            Frame &c = frames_.back();
            const Node *parent = frames_[frames_.size() - 2].node;
            key_.resize(c.start);
            live_ = c.start;
            const unsigned i = c.index + 1u;
            if (i < parent->nchild) {
                key_.back() = parent->child_byte(i, key_.back());
                c.node = parent->kids()[i];
                c.index = static_cast<std::uint16_t>(i);
                enter_rest();
                return true;
            }
            frames_.pop_back();
            key_.pop_back();
            live_ = key_.size();
        }
        return false;
    }

    // Moves from inside (or the start of) the top node's prefix to its end.
    void enter_rest() {
        const Frame &t = frames_.back();
        const Path rest = t.node->prefix().subspan(key_.size() - t.start);
        key_.insert(key_.end(), rest.begin(), rest.end());
        live_ = key_.size();
    }

    // Depth (relative to the root) of the nearest strict ancestor of the focus that
    // holds a value or has >= 2 children, or 0.
    std::size_t fork_depth() const {
        std::size_t p = std::min(key_.size() - 1, live_);  // nearest existing strict ancestor
        std::size_t j = frames_.size();
        for (;;) {
            if (p <= origin_len_) return 0;
            while (j > 0 && frames_[j - 1].start > p) --j;
            if (j == 0) return 0;
            const Frame &f = frames_[j - 1];
            if (p - f.start == f.node->prefix_len && (f.node->has_val || f.node->nchild >= 2)) return p - origin_len_;
            if (f.start == 0) return 0;
            p = f.start - 1;  // the rest of the prefix up to the node's start has one child and no value
        }
    }

    std::vector<std::uint8_t> key_;
    std::size_t mount_len_;
    std::size_t origin_len_ = 0;
    std::vector<Frame> frames_;
    std::size_t live_ = 0;
};

}  // namespace pathmap
