// Merkleization: hash-consing a PathMap so that each distinct subtrie exists once in
// memory (upstream `PathMap::merkleize`). Contents never change; only sharing does.
//
// Post-order over the nodes (explicit stack: node depth can be as large as the value
// count). A node is hashed with XXH3-128 over its prefix, value bytes, child bytes and
// the hashes of its already-canonical children; on a hash match the candidate is
// compared with the stored node (prefix, value, child bytes, child pointers by
// identity, which suffices as children are canonical first), so a hash collision can
// never merge different subtries (upstream trusts the hash). Because tries are in
// canonical shape, equal contents mean equal nodes: every repeated subtrie is found
// (upstream's physical node layouts can hide some).
//
// Copy-on-write: a node is edited in place only when it is reachable from this map
// alone (reference count 1 from the root down); otherwise it is copied, so clones and
// read zippers sharing nodes see no change.
#pragma once

#include <xxhash.h>

#include <cstdint>
#include <algorithm>
#include <cstring>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "trie/path_map.hpp"

namespace pathmap {

struct MerkleizeStats {
    std::uint64_t nodes_before = 0;   // distinct nodes before
    std::uint64_t nodes_after = 0;    // distinct nodes after
    std::uint64_t bytes_before = 0;   // node memory before (TrieStats::memory_bytes)
    std::uint64_t bytes_after = 0;
    std::uint64_t reused = 0;         // nodes replaced by an equal node met earlier
    std::uint64_t hash_collisions = 0;  // equal hashes of different nodes (kept apart)
};

namespace detail {

struct Hash128 {
    std::uint64_t lo = 0, hi = 0;
    bool operator==(const Hash128 &) const = default;
};

// The canonical nodes by hash: open addressing with linear probing (no allocation per
// node, one probe sequence per lookup); nodes with equal hashes sit side by side.
template <class N>
class NodeTable {
public:
    // Calls f(node) for each node stored under h until f returns true; that node, or null.
    template <class F>
    N *find(const Hash128 &h, F &&f) const {
        if (slots_.empty()) return nullptr;
        for (std::size_t i = h.lo & mask(); slots_[i].second; i = (i + 1) & mask())
            if (slots_[i].first == h && f(slots_[i].second)) return slots_[i].second;
        return nullptr;
    }
    void insert(const Hash128 &h, N *n) {
        if (2 * (used_ + 1) > slots_.size()) grow();
        std::size_t i = h.lo & mask();
        while (slots_[i].second) i = (i + 1) & mask();
        slots_[i] = {h, n};
        ++used_;
    }
    template <class F>
    void for_each(F &&f) const {
        for (auto &s : slots_)
            if (s.second) f(s.second);
    }
    void clear() {
        slots_.clear();
        used_ = 0;
    }

private:
    std::size_t mask() const { return slots_.size() - 1; }
    void grow() {
        std::vector<std::pair<Hash128, N *>> old(std::max<std::size_t>(1024, 2 * slots_.size()));
        old.swap(slots_);
        used_ = 0;
        for (auto &s : old)
            if (s.second) insert(s.first, s.second);
    }

    std::vector<std::pair<Hash128, N *>> slots_;  // a null node marks a free slot
    std::size_t used_ = 0;
};

template <class V>
class Merkleizer {
    // Values are hashed by their bytes, which must then determine equality.
    static_assert(std::has_unique_object_representations_v<V>, "merkleize needs values hashable by their bytes (e.g. uint64_t)");
    using N = Node<V>;

public:
    // The canonical form of the trie at root (an owned reference; null for null).
    N *run(N *root, MerkleizeStats &st) {
        try {
            if (root) visit(root, true);
            while (!frames_.empty()) step();
        } catch (...) {
            for (auto &k : kids_) release(k.node);
            release_tables();
            throw;
        }
        st = {before_nodes_, after_nodes_, before_bytes_, after_bytes_, reused_, collisions_};
        N *out = kids_.empty() ? nullptr : kids_.front().node;
        release_tables();
        return out;
    }

private:
    struct Frame {
        N *n;
        bool exclusive;           // reachable from the map's root alone: editable in place
        unsigned next;            // next child to visit
        std::size_t kids_begin;   // this node's canonical children in kids_
    };
    struct Canon {
        N *node;  // owned reference
        Hash128 hash;
    };

    // Enters n (below an exclusive parent or not): a shared node already done is
    // answered from done_, since shared subtries would otherwise be walked once per
    // parent (exponentially often in a deeply shared trie).
    void visit(N *n, bool parent_exclusive) {
        if (!is_exclusive(n)) {
            auto it = done_.find(n);
            if (it != done_.end()) {
                retain(it->second.node);
                kids_.push_back(it->second);
                return;
            }
        }
        frames_.push_back({n, parent_exclusive && is_exclusive(n), 0, kids_.size()});
        count(n, before_nodes_, before_bytes_);  // each distinct input node is entered once
    }

    // As TrieStats counts nodes and memory_bytes.
    static void count(const N *n, std::uint64_t &nodes, std::uint64_t &bytes) {
        ++nodes;
        bytes += Layout<V>::size(n->shape()) + n->slack;
    }

    void step() {
        Frame &f = frames_.back();
        if (f.next < f.n->nchild) {
            N *c = f.n->kids()[f.next++];
            visit(c, f.exclusive);  // may grow frames_: f is not used after
            return;
        }
        const Frame done = f;
        frames_.pop_back();
        finish(done);
    }

    void finish(const Frame &f) {
        std::span<Canon> kids(kids_.data() + f.kids_begin, kids_.size() - f.kids_begin);
        const Hash128 h = hash(f.n, kids);
        Canon out{nullptr, h};
        if (N *m = find_equal(h, f.n, kids)) {
            for (auto &k : kids) release(k.node);
            retain(m);
            out.node = m;
            ++reused_;
        } else {
            out.node = adopt_kids(f.n, f.exclusive, kids);  // consumes kids
            memo_.insert(h, out.node);
            count(out.node, after_nodes_, after_bytes_);  // the memo holds exactly the result's nodes
            retain(out.node);  // the memo's reference: canonical nodes outlive the pass
        }
        if (!f.exclusive && !is_exclusive(f.n)) {
            retain(f.n);  // pins the key: a freed node's address could be reused
            retain(out.node);
            done_.emplace(f.n, out);
        }
        kids_.resize(f.kids_begin);
        kids_.push_back(out);
    }

    Hash128 hash(const N *n, std::span<const Canon> kids) {
        buf_.clear();
        auto put = [&](const void *p, std::size_t len) {
            const auto *b = static_cast<const std::uint8_t *>(p);
            buf_.insert(buf_.end(), b, b + len);
        };
        const std::uint32_t plen = n->prefix_len;
        put(&plen, sizeof plen);
        if (plen) put(n->prefix().data(), plen);
        put(&n->has_val, 1);
        if (const V *v = n->val()) put(v, sizeof(V));
        put(&n->nchild, sizeof n->nchild);
        int prev = -1;
        for (unsigned i = 0; i < n->nchild; ++i) {
            const std::uint8_t b = n->child_byte(i, prev);
            prev = b;
            put(&b, 1);
            put(&kids[i].hash, sizeof(Hash128));
        }
        const XXH128_hash_t x = XXH3_128bits(buf_.data(), buf_.size());
        return {x.low64, x.high64};
    }

    // A stored node equal to n with children `kids`, or null.
    N *find_equal(const Hash128 &h, const N *n, std::span<const Canon> kids) {
        return memo_.find(h, [&](const N *m) {
            if (same_node(m, n, kids)) return true;
            ++collisions_;
            return false;
        });
    }

    static bool same_node(const N *m, const N *n, std::span<const Canon> kids) {
        if (m->prefix_len != n->prefix_len || m->has_val != n->has_val || m->nchild != n->nchild) return false;
        if (!std::equal(m->prefix().begin(), m->prefix().end(), n->prefix().begin())) return false;
        if (m->has_val && !(*m->val() == *n->val())) return false;
        int pm = -1, pn = -1;
        for (unsigned i = 0; i < n->nchild; ++i) {
            pm = m->child_byte(i, pm);
            pn = n->child_byte(i, pn);
            if (pm != pn || m->kids()[i] != kids[i].node) return false;
        }
        return true;
    }

    // n with its children replaced by `kids` (whose references it takes): n itself
    // when nothing changed or n is exclusive, else a copy. Owned reference.
    static N *adopt_kids(N *n, bool exclusive, std::span<Canon> kids) {
        bool changed = false;
        for (unsigned i = 0; i < n->nchild; ++i) changed |= kids[i].node != n->kids()[i];
        N *out = n;
        retain(n);
        if (changed && !exclusive) {
            out = rebuild(n, n->shape(), n->prefix());  // n is shared: copied, children retained
        }
        for (unsigned i = 0; i < out->nchild; ++i) {
            N *&slot = out->kids()[i];
            if (slot == kids[i].node) {
                release(kids[i].node);
            } else {
                release(slot);
                slot = kids[i].node;
            }
        }
        return out;
    }

    void release_tables() {
        memo_.for_each([](N *n) { release(n); });
        for (auto &[n, c] : done_) {
            release(c.node);
            release(const_cast<N *>(n));
        }
        memo_.clear();
        done_.clear();
    }

    std::vector<Frame> frames_;
    std::vector<Canon> kids_;  // canonical children of the open frames, then the root
    NodeTable<N> memo_;  // canonical nodes (referenced)
    std::unordered_map<const N *, Canon> done_;  // shared input node -> its canonical form
    std::vector<std::uint8_t> buf_;
    std::uint64_t reused_ = 0, collisions_ = 0;
    std::uint64_t before_nodes_ = 0, before_bytes_ = 0, after_nodes_ = 0, after_bytes_ = 0;
};

}  // namespace detail

// Replaces every repeated subtrie of m by one shared node; m's contents are unchanged.
// Other maps sharing m's nodes are unaffected. O(nodes) time, with a hash table of
// the distinct nodes. Returns the counts and memory before and after (equal to what
// m.stats() reports, counted during the pass).
template <class V>
MerkleizeStats merkleize(PathMap<V> &m) {
    MerkleizeStats st;
    detail::Merkleizer<V> mk;
    m = PathMap<V>::adopt(mk.run(const_cast<detail::Node<V> *>(m.root_node()), st));  // edits only nodes m alone reaches
    return st;
}

}  // namespace pathmap
