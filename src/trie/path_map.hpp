// PathMap<V>: a map from byte-string paths to values of type V, stored as a
// path-compressed radix-256 trie of reference-counted nodes (node.hpp).
//
// clone() is O(1): the copy shares the root. A mutation copies only the nodes on the
// path it changes (path copying), so clones are independent afterwards. The empty
// map has a null root, so creating a map or reading one never writes shared state
// (upstream creates its root lazily through a shared reference, which races).
//
// Thread safety: const members may run in any number of threads at once; different
// PathMap objects may be mutated in different threads at once even when they share
// nodes; one object must not be mutated while another thread uses it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <unordered_set>
#include <vector>

#include "core/error.hpp"
#include "trie/node.hpp"

namespace pathmap {

struct TrieStats {
    std::uint64_t paths = 0;         // values stored
    std::uint64_t path_bytes = 0;    // sum of the lengths of the paths holding values
    std::uint64_t nodes = 0;         // distinct nodes
    std::uint64_t small_nodes = 0;
    std::uint64_t dense_nodes = 0;
    std::uint64_t memory_bytes = 0;  // bytes requested for those nodes
};

template <class V>
class ReadZipper;

template <class V>
class PathMap {
    using Node = detail::Node<V>;

public:
    PathMap() noexcept = default;
    PathMap(const PathMap &o) noexcept : root_(o.root_) { detail::retain(root_); }
    PathMap(PathMap &&o) noexcept : root_(std::exchange(o.root_, nullptr)) {}
    PathMap &operator=(PathMap o) noexcept {
        std::swap(root_, o.root_);
        return *this;
    }
    ~PathMap() { detail::release(root_); }

    // An independent copy sharing every node, in O(1).
    PathMap clone() const { return *this; }

    bool is_empty() const noexcept { return root_ == nullptr; }

    // A map owning `root` (one reference, which it takes over; null: empty), for code
    // that builds canonical tries node by node: the algebra, merkleization, ACT loading.
    static PathMap adopt(Node *root) noexcept {
        PathMap m;
        m.root_ = root;
        return m;
    }

    // The root node (null for the empty map), for formats that walk the nodes.
    const Node *root_node() const noexcept { return root_; }

    const V *get(Path path) const {
        const Node *n = root_;
        const std::uint8_t *k = path.data();
        std::size_t left = path.size();
        while (n) {
            const std::uint32_t plen = n->prefix_len;
            if (left < plen) return nullptr;
            const std::uint8_t *p = n->prefix().data();
            for (std::uint32_t j = 0; j < plen; ++j)  // prefixes are short: no memcmp call
                if (p[j] != k[j]) return nullptr;
            k += plen;
            left -= plen;
            if (left == 0) return n->val();
            n = n->child(*k++);
            --left;
        }
        return nullptr;
    }
    bool contains(Path path) const { return get(path) != nullptr; }

    // Stores value at path; returns the value it replaced, if any.
    std::optional<V> set(Path path, V value) {
        check_length(path);
        if (!root_) {
            root_ = detail::new_leaf<V>(path, std::move(value));
            return std::nullopt;
        }
        Node **slot = &root_;
        std::size_t i = 0;
        for (;;) {
            Node *n = detail::make_mut(*slot);
            Path p = n->prefix();
            std::size_t common = common_prefix(p, path.subspan(i));
            if (common < p.size()) {
                *slot = split(n, common, path.subspan(i + common), std::move(value));
                return std::nullopt;
            }
            i += common;
            if (i == path.size()) return set_val(slot, std::move(value));
            std::uint8_t b = path[i++];
            int ci = n->child_index(b);
            if (ci < 0) {
                Node *leaf = detail::new_leaf<V>(path.subspan(i), std::move(value));
                try {
                    *slot = detail::insert_child(n, b, leaf);
                } catch (...) {
                    detail::release(leaf);
                    throw;
                }
                return std::nullopt;
            }
            slot = &n->kids()[ci];
        }
    }

    // Removes the value at path, pruning what it leaves empty; returns it, if any.
    std::optional<V> remove(Path path) {
        if (!contains(path)) return std::nullopt;  // never copy nodes for a miss
        Node **parent = nullptr;
        Node **slot = &root_;
        std::uint8_t via = 0;
        std::size_t i = 0;
        for (;;) {
            Node *n = detail::make_mut(*slot);
            i += n->prefix_len;
            if (i == path.size()) break;
            via = path[i++];
            parent = slot;
            slot = &n->kids()[n->child_index(via)];
        }
        Node *n = *slot;
        std::optional<V> old(std::move(*n->val()));
        if (n->nchild == 0) {
            if (!parent) {
                detail::release(std::exchange(root_, nullptr));
                return old;
            }
            *parent = detail::erase_child(*parent, via);  // releases n
            normalize(parent);
        } else {
            *slot = detail::rebuild(n, {n->kind, false, n->cap, n->prefix_len}, n->prefix());
            normalize(slot);
        }
        return old;
    }

    // The value at path for changing in place, or null; copies the shared nodes on the
    // path first (copy-on-write), so clones and readers do not see the change.
    V *get_mut(Path path) {
        if (!contains(path)) return nullptr;  // never copy nodes for a miss
        Node **slot = &root_;
        std::size_t i = 0;
        for (;;) {
            Node *n = detail::make_mut(*slot);
            i += n->prefix_len;
            if (i == path.size()) return n->val();
            slot = &n->kids()[n->child_index(path[i++])];
        }
    }

    // The subtrie at path, the value at path included, as a map sharing its nodes:
    // O(path length).
    PathMap subtrie(Path path) const { return share(detail::locate(root_, path)); }
    // The subtrie at a landing (null node: empty), sharing its nodes.
    static PathMap share(detail::Landing<V> at) { return adopt(at.node ? detail::share_at(at.node, at.skip) : nullptr); }

    // Replaces the subtrie at path, the value at path included, with the paths of sub
    // (shared, not copied); an empty sub removes everything at and below path. Copies
    // only the shared nodes on the path. If it throws, the map is unchanged.
    void graft(Path path, PathMap sub) {
        check_length(path);
        if (sub.is_empty()) return prune_below(path);
        if (!root_) {
            root_ = with_prefix(std::move(sub), path);
            return;
        }
        Node **slot = &root_;
        std::size_t i = 0;
        for (;;) {
            Node *n = *slot;
            const Path rest = path.subspan(i);
            const std::size_t common = common_prefix(n->prefix(), rest);
            if (common == rest.size()) {  // all of n lies at or below path
                *slot = with_prefix(std::move(sub), n->prefix().first(common));
                detail::release(n);
                return;
            }
            n = detail::make_mut(*slot);
            if (common < n->prefix_len) {  // path leaves the trie inside n's prefix
                Node *other = with_prefix(std::move(sub), rest.subspan(common + 1));
                try {
                    *slot = fork_prefix(n, common, nullptr, rest[common], other);
                } catch (...) {
                    detail::release(other);
                    throw;
                }
                return;
            }
            i += common;
            const std::uint8_t b = path[i++];
            const int ci = n->child_index(b);
            if (ci < 0) {
                Node *other = with_prefix(std::move(sub), path.subspan(i));
                try {
                    *slot = detail::insert_child(n, b, other);
                } catch (...) {
                    detail::release(other);
                    throw;
                }
                return;
            }
            slot = &n->kids()[ci];
        }
    }

    // Number of values: O(nodes), as upstream (no count is cached because clones
    // share nodes).
    std::uint64_t val_count() const {
        std::uint64_t count = 0;
        for_each_node([&](const Node *n) { count += n->has_val; });
        return count;
    }

    TrieStats stats() const {
        TrieStats st;
        std::unordered_set<const Node *> shared_seen;
        // node, path length at its end, whether its parent was counted here (below a
        // shared node met again, nothing is counted twice, even nodes of count 1)
        std::vector<std::tuple<const Node *, std::uint64_t, bool>> stack;
        if (root_) stack.emplace_back(root_, root_->prefix_len, true);
        while (!stack.empty()) {
            auto [n, len, parent_first] = stack.back();
            stack.pop_back();
            st.paths += n->has_val;
            st.path_bytes += n->has_val ? len : 0;
            const bool first_visit = parent_first && (n->refs.load(std::memory_order_relaxed) == 1 || shared_seen.insert(n).second);
            if (first_visit) {
                ++st.nodes;
                ++(n->kind == detail::NodeKind::small ? st.small_nodes : st.dense_nodes);
                st.memory_bytes += detail::Layout<V>::size(n->shape()) + n->slack;
            }
            for (unsigned k = 0; k < n->nchild; ++k) {
                const Node *c = n->kids()[k];
                stack.emplace_back(c, len + 1 + c->prefix_len, first_visit);
            }
        }
        return st;
    }

    // Checks every structural invariant of node.hpp; throws Error(internal) naming
    // the first violation. For tests and fuzzers.
    void verify() const {
        for_each_node([&](const Node *n) {
            auto fail = [](const char *what) { throw Error(Errc::internal, std::string("trie invariant: ") + what); };
            if (n->refs.load() == 0) fail("live node with zero references");
            if (n->nchild > n->cap) fail("more children than capacity");
            if (!n->has_val && n->nchild < 2) fail("valueless node with fewer than two children");
            if (n->kind == detail::NodeKind::small) {
                for (unsigned k = 1; k < n->nchild; ++k)
                    if (n->keys()[k - 1] >= n->keys()[k]) fail("small node keys not ascending");
            } else {
                unsigned bits = 0;
                for (int w = 0; w < 4; ++w) {
                    if (n->rank()[w] != bits) fail("dense rank table differs from the mask");
                    bits += detail::popcount64(n->mask()[w]);
                }
                if (bits != n->nchild) fail("dense mask popcount differs from child count");
            }
        });
    }

    ReadZipper<V> read_zipper(Path prefix = {}) const { return ReadZipper<V>(root_, prefix); }

    // Calls f(path, value) for every value whose path starts with prefix, in trie
    // order; f's path is the full path, valid during the call.
    template <class F>
    void for_each(Path prefix, F &&f) const {
        ReadZipper<V> z = read_zipper(prefix);
        if (const V *v = z.val()) f(z.origin_path(), *v);
        while (z.to_next_val()) f(z.origin_path(), *z.val());
    }

private:
    static void check_length(Path path) {
        if (path.size() > UINT32_MAX) throw Error(Errc::invalid, "path of " + std::to_string(path.size()) + " bytes exceeds the 4 GiB limit");
    }

    static std::size_t common_prefix(Path a, Path b) {
        std::size_t n = std::min(a.size(), b.size());
        std::size_t i = 0;
        while (i < n && a[i] == b[i]) ++i;
        return i;
    }

    // n's prefix diverges from the rest of the path after `common` bytes: the value goes
    // at the fork when the path ends there, else in a new leaf below it.
    static Node *split(Node *n, std::size_t common, Path rest, V value) {
        if (rest.empty()) return fork_prefix(n, common, &value, 0, nullptr);
        Node *leaf = detail::new_leaf<V>(rest.subspan(1), std::move(value));
        try {
            return fork_prefix(n, common, nullptr, rest[0], leaf);
        } catch (...) {
            detail::release(leaf);
            throw;
        }
    }

    // Forks exclusive node n after `common` bytes of its prefix: a new node takes those
    // bytes and gets n, shortened, as a child, plus either *value or the child `other`
    // under byte b (b differs from n's next prefix byte). If it throws, n and other are
    // untouched.
    static Node *fork_prefix(Node *n, std::size_t common, V *value, std::uint8_t b, Node *other) {
        Path p = n->prefix();
        Node *top = detail::alloc_node<V>({detail::NodeKind::small, value != nullptr, 2, static_cast<std::uint32_t>(common)});
        if (value) detail::construct_val(top, std::move(*value));
        std::memcpy(top->prefix_data(), p.data(), common);
        const std::uint8_t nb = p[common];
        Node *lower;
        try {
            lower = drop_prefix_front(n, common + 1);
        } catch (...) {
            detail::free_node_shell(top);
            throw;
        }
        if (other && b < nb) detail::append_child(top, b, other);
        detail::append_child(top, nb, lower);
        if (other && b > nb) detail::append_child(top, b, other);
        return top;
    }

    // sub's root node with `prefix` prepended to its prefix, taken from sub (not empty).
    // If it throws, sub keeps its root.
    static Node *with_prefix(PathMap sub, Path prefix) {
        if (prefix.empty()) return std::exchange(sub.root_, nullptr);
        Node *r = sub.root_;
        std::vector<std::uint8_t> joined(prefix.begin(), prefix.end());
        joined.insert(joined.end(), r->prefix().begin(), r->prefix().end());
        if (joined.size() > UINT32_MAX) throw Error(Errc::invalid, "paths would exceed the 4 GiB limit");
        detail::Shape s = r->shape();
        s.prefix_len = static_cast<std::uint32_t>(joined.size());
        Node *out = detail::rebuild(r, s, joined);
        sub.root_ = nullptr;  // rebuild took sub's reference
        return out;
    }

    // Removes everything at and below path, pruning what that leaves empty.
    void prune_below(Path path) {
        if (!detail::locate(root_, path).node) return;  // never copy nodes for a miss
        Node **parent = nullptr;
        Node **slot = &root_;
        std::uint8_t via = 0;
        std::size_t i = 0;
        while (path.size() - i > (*slot)->prefix_len) {
            Node *n = detail::make_mut(*slot);
            i += n->prefix_len;
            via = path[i++];
            parent = slot;
            slot = &n->kids()[n->child_index(via)];
        }
        if (!parent) {
            detail::release(std::exchange(root_, nullptr));
            return;
        }
        *parent = detail::erase_child(*parent, via);
        normalize(parent);
    }

    // n (exclusive) without the first `count` bytes of its prefix. Shortened in place,
    // sliding the value and children down (the freed bytes become slack), unless V
    // cannot be moved bytewise or the slack would overflow its counter.
    static Node *drop_prefix_front(Node *n, std::size_t count) {
        using L = detail::Layout<V>;
        const detail::Shape before = n->shape();
        detail::Shape after = before;
        after.prefix_len = static_cast<std::uint32_t>(before.prefix_len - count);
        const std::size_t freed = L::size(before) - L::size(after);
        if (!std::is_trivially_copyable_v<V> || n->slack + freed > UINT16_MAX) {
            Path tail = n->prefix().subspan(count);
            return detail::rebuild(n, after, tail);
        }
        std::byte *raw = n->raw();
        std::uint8_t *prefix = n->prefix_data();
        std::memmove(prefix, prefix + count, after.prefix_len);
        if (before.has_val) std::memmove(raw + L::val_off(after), raw + L::val_off(before), sizeof(V));
        std::memmove(raw + L::kids_off(after), raw + L::kids_off(before), n->nchild * sizeof(void *));
        n->prefix_len = after.prefix_len;
        n->slack = static_cast<std::uint16_t>(n->slack + freed);
        return n;
    }

    std::optional<V> set_val(Node **slot, V value) {
        Node *n = *slot;
        if (V *v = n->val()) return std::exchange(*v, std::move(value));
        n = detail::rebuild(n, {n->kind, true, n->cap, n->prefix_len}, n->prefix(), &value);
        *slot = n;
        return std::nullopt;
    }

    // Restores the canonical shape of the exclusive node in *slot after it lost its
    // value or a child: a valueless node with one child is merged into that child
    // (prefix + byte + child prefix). Only the root can be left with no child.
    static void normalize(Node **slot) {
        Node *n = *slot;
        if (n->has_val || n->nchild != 1) return;
        Node *c = n->kids()[0];
        std::uint8_t b = n->child_byte(0, -1);
        std::vector<std::uint8_t> joined(n->prefix().begin(), n->prefix().end());
        joined.push_back(b);
        joined.insert(joined.end(), c->prefix().begin(), c->prefix().end());
        *slot = detail::rebuild(c, {c->kind, c->has_val != 0, c->cap, static_cast<std::uint32_t>(joined.size())}, joined);
        n->nchild = 0;  // n's reference to c went to the merged node
        detail::free_node_shell(n);
    }

    template <class F>
    void for_each_node(F &&f) const {
        std::vector<const Node *> stack;
        if (root_) stack.push_back(root_);
        while (!stack.empty()) {
            const Node *n = stack.back();
            stack.pop_back();
            f(n);
            for (unsigned k = 0; k < n->nchild; ++k) stack.push_back(n->kids()[k]);
        }
    }

    Node *root_ = nullptr;
};

}  // namespace pathmap

#include "trie/read_zipper.hpp"
