// Trie nodes: one allocation per node, an intrusive atomic reference count, and
// two kinds chosen by child count (as upstream's line/dense byte nodes).
//
// Layout of one node (offsets computed by Layout<V>, never stored). What a lookup
// reads first (header, child index, prefix) comes first, so a small node with a
// short prefix answers "which child?" from its first cache line:
//
//   +--------------------+  0
//   | NodeHeader (16 B)  |  refs, kind, has_val, nchild, cap, slack, prefix_len
//   +--------------------+  index_off = 16
//   | small: uint8_t keys[cap]      (sorted child bytes)
//   | dense: uint64_t mask[4]       (bit b set iff child byte b exists)
//   |        uint8_t rank[4]        (children below each mask word: one popcount a lookup)
//   +--------------------+  prefix_off
//   | uint8_t prefix[prefix_len]    (the path bytes leading into this node)
//   +--------------------+  val_off   (aligned for V; present iff has_val)
//   | V value            |
//   +--------------------+  kids_off  (aligned to 8)
//   | Node *kids[cap]    |  children in ascending byte order
//   +--------------------+  size (+ slack bytes left by an in-place prefix cut)
//
// A node stands for the position reached after its prefix: its value (if any) is
// the value at that position, and child byte b followed by the child's own prefix
// continues the path. Invariants (checked by verify_node):
//   - nchild <= cap; small keys strictly ascending; dense mask popcount == nchild;
//   - canonical shape: every node has a value or >= 2 children, so the trie of a
//     key set has one shape whatever the order of edits (ACT and merkleization rely
//     on it). A node with neither is pruned; a valueless node with one child is
//     merged into that child.
//
// Reference counting (orders as immer/Arc): retain is relaxed; release is acq_rel
// and frees at zero; "is this node exclusively ours" is an acquire load of 1. A node
// with refs == 1 reached through exclusively owned ancestors may be edited in place;
// any other node is copied first (copy-on-write, upstream's make_mut).
#pragma once

#include <algorithm>
#include <atomic>
#include <bit>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>
#include <span>
#include <utility>
#include <type_traits>
#include <vector>

#include "core/path.hpp"
#include "core/popcount.hpp"

namespace pathmap::detail {

enum class NodeKind : std::uint8_t { small = 0, dense = 1 };

// Small nodes keep a sorted byte list and a linear scan. Past kSmallMax children a
// node becomes dense (O(1) rank lookup; from 9 children on it is no larger than a
// small node); it turns small again only at kDenseShrinkTo or fewer, so a count
// oscillating at the border does not thrash.
inline constexpr std::uint16_t kSmallMax = 8;
inline constexpr std::uint16_t kDenseShrinkTo = 6;
inline constexpr std::uint16_t kMaxChildren = 256;

struct NodeHeader {
    std::atomic<std::uint32_t> refs;
    NodeKind kind;
    std::uint8_t has_val;
    std::uint16_t nchild;
    std::uint16_t cap;
    std::uint16_t slack;  // bytes allocated past the layout's end (a prefix shortened in place)
    std::uint32_t prefix_len;
};
static_assert(sizeof(NodeHeader) == 16, "node header layout is pinned");

// Everything that decides a node's size and offsets.
struct Shape {
    NodeKind kind;
    bool has_val;
    std::uint16_t cap;
    std::uint32_t prefix_len;
};

constexpr std::size_t align_up(std::size_t n, std::size_t a) { return (n + a - 1) / a * a; }

inline constexpr std::size_t kDenseIndexSize = 4 * sizeof(std::uint64_t) + 4;  // mask + rank

template <class V>
struct Layout {
    static_assert(alignof(V) <= alignof(std::max_align_t), "over-aligned values are not supported");
    static constexpr std::size_t index_off = sizeof(NodeHeader);
    static constexpr std::size_t prefix_off(NodeKind kind, std::uint16_t cap) {
        return index_off + (kind == NodeKind::small ? cap : kDenseIndexSize);
    }
    static constexpr std::size_t val_off(const Shape &s) { return align_up(prefix_off(s.kind, s.cap) + s.prefix_len, alignof(V)); }
    static constexpr std::size_t kids_off(const Shape &s) {
        return align_up(s.has_val ? val_off(s) + sizeof(V) : prefix_off(s.kind, s.cap) + s.prefix_len, alignof(void *));
    }
    static constexpr std::size_t size(const Shape &s) { return kids_off(s) + s.cap * sizeof(void *); }
};

inline bool mask_test(const std::uint64_t *mask, std::uint8_t b) { return (mask[b >> 6] >> (b & 63)) & 1; }

// The lowest set byte >= from, or 256 when there is none.
inline unsigned mask_next(const std::uint64_t *mask, unsigned from) {
    for (unsigned w = from >> 6; w < 4; ++w) {
        std::uint64_t bits = mask[w];
        if (w == from >> 6) bits &= ~std::uint64_t{0} << (from & 63);
        if (bits) return w * 64 + static_cast<unsigned>(std::countr_zero(bits));
    }
    return 256;
}

template <class V>
struct Node : NodeHeader {
    using L = Layout<V>;

    Shape shape() const { return {kind, has_val != 0, cap, prefix_len}; }
    std::byte *raw() { return reinterpret_cast<std::byte *>(this); }
    const std::byte *raw() const { return reinterpret_cast<const std::byte *>(this); }

    V *val() { return has_val ? std::launder(reinterpret_cast<V *>(raw() + L::val_off(shape()))) : nullptr; }
    const V *val() const { return const_cast<Node *>(this)->val(); }
    Node **kids() { return reinterpret_cast<Node **>(raw() + L::kids_off(shape())); }
    Node *const *kids() const { return const_cast<Node *>(this)->kids(); }
    std::uint8_t *keys() { return reinterpret_cast<std::uint8_t *>(raw() + L::index_off); }
    const std::uint8_t *keys() const { return const_cast<Node *>(this)->keys(); }
    std::uint64_t *mask() { return reinterpret_cast<std::uint64_t *>(raw() + L::index_off); }
    const std::uint64_t *mask() const { return const_cast<Node *>(this)->mask(); }
    std::uint8_t *rank() { return reinterpret_cast<std::uint8_t *>(raw() + L::index_off + 4 * sizeof(std::uint64_t)); }
    const std::uint8_t *rank() const { return const_cast<Node *>(this)->rank(); }
    // Dense kind: the number of children with a byte below b.
    unsigned dense_rank(std::uint8_t b) const {
        unsigned w = b >> 6;
        return rank()[w] + popcount64(mask()[w] & ((std::uint64_t{1} << (b & 63)) - 1));
    }
    // Dense kind: adds (or removes) child byte b in the mask and the rank table.
    void dense_mark(std::uint8_t b, bool present) {
        std::uint64_t bit = std::uint64_t{1} << (b & 63);
        if (present) mask()[b >> 6] |= bit;
        else mask()[b >> 6] &= ~bit;
        for (unsigned w = (b >> 6) + 1u; w < 4; ++w) rank()[w] = static_cast<std::uint8_t>(rank()[w] + (present ? 1 : -1));
    }
    std::uint8_t *prefix_data() { return reinterpret_cast<std::uint8_t *>(raw() + L::prefix_off(kind, cap)); }
    Path prefix() const { return {const_cast<Node *>(this)->prefix_data(), prefix_len}; }

    // Index of child byte b among the children, or -1.
    int child_index(std::uint8_t b) const {
        if (kind == NodeKind::dense) return mask_test(mask(), b) ? static_cast<int>(dense_rank(b)) : -1;
        const std::uint8_t *k = keys();
        for (unsigned i = 0; i < nchild; ++i)
            if (k[i] >= b) return k[i] == b ? static_cast<int>(i) : -1;
        return -1;
    }
    Node *child(std::uint8_t b) const {
        int i = child_index(b);
        return i < 0 ? nullptr : kids()[i];
    }
    // The byte of the child at index i, given the byte of child i-1 (or -1) so dense
    // nodes step through their mask instead of selecting from scratch.
    std::uint8_t child_byte(unsigned i, int prev_byte) const {
        if (kind == NodeKind::small) return keys()[i];
        return static_cast<std::uint8_t>(mask_next(mask(), static_cast<unsigned>(prev_byte + 1)));
    }
    // Where child byte b would be inserted (its rank), for a byte not yet present.
    unsigned insert_pos(std::uint8_t b) const {
        if (kind == NodeKind::dense) return dense_rank(b);
        const std::uint8_t *k = keys();
        unsigned i = 0;
        while (i < nchild && k[i] < b) ++i;
        return i;
    }
};

// Where a path lands in a trie: the node whose prefix contains or ends at the path's
// last byte, and how many bytes of that prefix the path covers (skip). A path that
// leaves the trie gives a null node.
template <class V>
struct Landing {
    const Node<V> *node = nullptr;
    std::uint32_t skip = 0;
};

template <class V>
Landing<V> locate(const Node<V> *n, Path path) {
    std::size_t i = 0;
    while (n) {
        Path p = n->prefix();
        const std::size_t rest = path.size() - i;
        const std::size_t cmp = std::min(rest, p.size());
        if (!std::equal(p.begin(), p.begin() + static_cast<std::ptrdiff_t>(cmp), path.begin() + static_cast<std::ptrdiff_t>(i))) return {};
        if (rest <= p.size()) return {n, static_cast<std::uint32_t>(rest)};
        i += p.size();
        n = n->child(path[i++]);
    }
    return {};
}

// Nodes allocated by this thread so far. Tests read it to prove structural sharing
// (an operation on a shared trie allocates only the nodes it changes); per thread
// and not atomic so counting costs one TLS increment next to a malloc.
inline thread_local std::uint64_t node_allocations = 0;

// Allocates a node of shape s with no children. When s.has_val the value slot is
// part of the layout but not yet constructed: construct_val must follow at once.
template <class V>
Node<V> *alloc_node(const Shape &s) {
    // malloc rather than operator new: growth can then use realloc (grow_in_place).
    void *mem = std::malloc(Layout<V>::size(s));
    if (!mem) throw std::bad_alloc();
    ++node_allocations;
    auto *n = static_cast<Node<V> *>(mem);
    new (&n->refs) std::atomic<std::uint32_t>(1);
    n->kind = s.kind;
    n->has_val = s.has_val;
    n->nchild = 0;
    n->cap = s.cap;
    n->slack = 0;
    n->prefix_len = s.prefix_len;
    if (s.kind == NodeKind::dense) std::memset(reinterpret_cast<std::byte *>(n) + Layout<V>::index_off, 0, kDenseIndexSize);
    return n;
}

// Constructs the value of a node fresh from alloc_node; if V's constructor throws,
// the node's storage is freed and the exception goes on.
template <class V, class Src>
void construct_val(Node<V> *n, Src &&src) {
    try {
        new (n->raw() + Layout<V>::val_off(n->shape())) V(std::forward<Src>(src));
    } catch (...) {
        std::free(n);
        throw;
    }
}

// Frees one node's storage and value; its children's references are not touched.
template <class V>
void free_node_shell(Node<V> *n) {
    if (V *v = n->val()) v->~V();
    std::free(n);
}

// Copies a path's bytes; an empty path may have a null data pointer, which memcpy
// must not see.
inline void copy_path(std::uint8_t *dst, Path src) {
    if (!src.empty()) std::memcpy(dst, src.data(), src.size());
}

template <class V>
inline void retain(Node<V> *n) {
    if (n) n->refs.fetch_add(1, std::memory_order_relaxed);
}

// Frees n, whose count reached zero, and every descendant that reaches zero, with an
// explicit stack so a trie of any depth (paths of megabytes) is released without
// recursion. Out of line: the common case of release is one atomic decrement.
template <class V>
[[gnu::noinline]] void free_subtrie(Node<V> *n) {
    std::vector<Node<V> *> stack{n};
    while (!stack.empty()) {
        Node<V> *cur = stack.back();
        stack.pop_back();
        for (unsigned i = 0; i < cur->nchild; ++i) {
            Node<V> *c = cur->kids()[i];
            if (c->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) stack.push_back(c);
        }
        free_node_shell(cur);
    }
}

// Drops one reference to n (may be null).
template <class V>
inline void release(Node<V> *n) {
    if (n && n->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) free_subtrie(n);
}

template <class V>
inline bool is_exclusive(const Node<V> *n) {
    return n->refs.load(std::memory_order_acquire) == 1;
}

// Appends child c (already referenced for this node) at byte b, which must sort
// after every existing child byte and fit in the capacity.
template <class V>
void append_child(Node<V> *n, std::uint8_t b, Node<V> *c) {
    assert(n->nchild < n->cap);
    if (n->kind == NodeKind::small) n->keys()[n->nchild] = b;
    else n->dense_mark(b, true);
    n->kids()[n->nchild++] = c;
}

// The one node-rebuilding primitive: a node of shape s holding n's children, prefix
// bytes `prefix` (which may point into n) and, when s.has_val, the value *incoming or
// else n's value. Consumes the caller's reference to n: when n was exclusive its
// children and value are moved and its storage freed, otherwise they are
// shared/copied and n released. Used for copy-on-write, growth, kind changes,
// prefix changes and adding or dropping the value alike. If it throws, n is untouched.
template <class V>
Node<V> *rebuild(Node<V> *n, const Shape &s, Path prefix, V *incoming = nullptr) {
    assert(s.cap >= n->nchild && prefix.size() == s.prefix_len && (!s.has_val || incoming || n->has_val));
    const bool exclusive = is_exclusive(n);
    Node<V> *out = alloc_node<V>(s);
    if (s.has_val) {
        if (incoming) construct_val(out, std::move(*incoming));
        else if (exclusive) construct_val(out, std::move(*n->val()));
        else construct_val(out, *n->val());
    }
    copy_path(out->prefix_data(), prefix);
    int prev = -1;
    for (unsigned i = 0; i < n->nchild; ++i) {
        std::uint8_t b = n->child_byte(i, prev);
        prev = b;
        Node<V> *c = n->kids()[i];
        if (!exclusive) retain(c);
        append_child(out, b, c);
    }
    if (exclusive) {
        n->nchild = 0;  // children now belong to out
        free_node_shell(n);
    } else {
        release(n);
    }
    return out;
}

// An owned node for the subtrie that starts `skip` bytes into node's prefix: node
// itself with one more reference when skip is 0, else a copy with the shorter prefix
// sharing node's children (a shared node is never edited, so node may be const).
template <class V>
Node<V> *share_at(const Node<V> *node, std::uint32_t skip) {
    auto *n = const_cast<Node<V> *>(node);
    retain(n);
    if (skip == 0) return n;
    Shape s = n->shape();
    s.prefix_len -= skip;
    try {
        return rebuild(n, s, n->prefix().subspan(skip));  // n is shared now: copied
    } catch (...) {
        release(n);
        throw;
    }
}

// The shape after growing to `want` children: small nodes double (up to kSmallMax),
// then turn dense, whose capacity grows in steps of 8.
inline Shape grown_shape(Shape s, unsigned want) {
    if (s.kind == NodeKind::small && want <= kSmallMax) {
        // 2, then straight to kSmallMax: a node that gains a first child usually gains a
        // second, and one that outgrows two usually keeps growing (fewer reallocations).
        s.cap = want <= 2 ? 2 : kSmallMax;
    } else {
        s.kind = NodeKind::dense;
        s.cap = static_cast<std::uint16_t>(std::min<std::size_t>(align_up(want, 8), kMaxChildren));
    }
    return s;
}

// The shape after shrinking to `have` children: dense turns small at kDenseShrinkTo
// (hysteresis), and a small node gives back capacity it uses less than a quarter of.
inline Shape shrunk_shape(Shape s, unsigned have) {
    if ((s.kind == NodeKind::dense && have <= kDenseShrinkTo) ||
        (s.kind == NodeKind::small && s.cap >= 4 * have)) {
        s.kind = NodeKind::small;
        s.cap = static_cast<std::uint16_t>(have == 0 ? 0 : std::bit_ceil(have));
    }
    return s;
}

// Makes the node in *slot exclusively owned (copying it if shared) and returns it.
template <class V>
Node<V> *make_mut(Node<V> *&slot) {
    if (!is_exclusive(slot)) slot = rebuild(slot, slot->shape(), slot->prefix());
    return slot;
}

template <class V>
Node<V> *new_leaf(Path prefix, V value) {
    Node<V> *n = alloc_node<V>({NodeKind::small, true, 0, static_cast<std::uint32_t>(prefix.size())});
    construct_val(n, std::move(value));
    copy_path(n->prefix_data(), prefix);
    return n;
}

// Grows exclusive node n to shape s of the same kind with realloc, which often
// extends the block where it is (no copy, and the node keeps its place in memory,
// which lookups in allocation order benefit from). Moves the parts behind the child
// index up to their new offsets, last part first since offsets only grow.
template <class V>
Node<V> *grow_in_place(Node<V> *n, const Shape &s) {
    static_assert(std::is_trivially_copyable_v<V>);
    using L = Layout<V>;
    const Shape old = n->shape();
    auto *g = static_cast<Node<V> *>(std::realloc(static_cast<void *>(n), L::size(s)));
    if (!g) throw std::bad_alloc();
    std::byte *raw = g->raw();
    std::memmove(raw + L::kids_off(s), raw + L::kids_off(old), g->nchild * sizeof(void *));
    if (old.has_val) std::memmove(raw + L::val_off(s), raw + L::val_off(old), sizeof(V));
    std::memmove(raw + L::prefix_off(s.kind, s.cap), raw + L::prefix_off(old.kind, old.cap), old.prefix_len);
    g->cap = s.cap;
    g->slack = 0;
    return g;
}

// Inserts child c at byte b (absent) into exclusive node n; returns n or its grown
// replacement.
template <class V>
Node<V> *insert_child(Node<V> *n, std::uint8_t b, Node<V> *c) {
    if (n->nchild == n->cap) {
        Shape s = grown_shape(n->shape(), n->nchild + 1u);
        if constexpr (std::is_trivially_copyable_v<V>) {
            n = s.kind == n->kind ? grow_in_place(n, s) : rebuild(n, s, n->prefix());
        } else {
            n = rebuild(n, s, n->prefix());
        }
    }
    unsigned pos = n->insert_pos(b);
    Node<V> **k = n->kids();
    std::memmove(k + pos + 1, k + pos, (n->nchild - pos) * sizeof(void *));
    k[pos] = c;
    if (n->kind == NodeKind::small) {
        std::uint8_t *keys = n->keys();
        std::memmove(keys + pos + 1, keys + pos, n->nchild - pos);
        keys[pos] = b;
    } else {
        n->dense_mark(b, true);
    }
    ++n->nchild;
    return n;
}

// Removes child byte b (present) from exclusive node n, releasing the child, and
// returns n or its shrunk replacement.
template <class V>
Node<V> *erase_child(Node<V> *n, std::uint8_t b) {
    unsigned pos = static_cast<unsigned>(n->child_index(b));
    Node<V> **k = n->kids();
    release(k[pos]);
    std::memmove(k + pos, k + pos + 1, (n->nchild - pos - 1) * sizeof(void *));
    if (n->kind == NodeKind::small) {
        std::uint8_t *keys = n->keys();
        std::memmove(keys + pos, keys + pos + 1, n->nchild - pos - 1);
    } else {
        n->dense_mark(b, false);
    }
    --n->nchild;
    Shape s = shrunk_shape(n->shape(), n->nchild);
    if (s.kind != n->kind || s.cap != n->cap) n = rebuild(n, s, n->prefix());
    return n;
}

}  // namespace pathmap::detail
