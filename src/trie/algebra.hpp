// The path algebra on PathMap<V> (upstream `Lattice`/`DistributiveLattice`):
// join (union), meet (intersection), subtract and restrict, plus prefix shifting.
//
// All four are one structural merge (Merge below) of the two tries, parameterized by
// an operation that decides what survives at a position. The merge
//   - answers in O(1) when both operands are the same node (identity shortcut), which
//     is what makes operations on clones cost only the changed part;
//   - reuses every input subtrie the result contains unchanged (a reference, not a
//     copy): a result node equal to an input node is that input node;
//   - builds results in the canonical shape (node.hpp), so they equal tries built by
//     insertion and pass verify();
//   - walks with an explicit stack: node depth is the number of branch points and
//     values along a path, which a trie of nested paths makes as large as its value
//     count, so recursion would not be safe.
//
// Values meeting at one path are combined by a policy functor. Upstream's defaults for
// integers: join and meet keep the left value; subtract removes a path only when both
// values are equal (SubtractByValue). SubtractByPath removes it whatever the values.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "trie/path_map.hpp"

namespace pathmap {

// Join/meet policies: f(left, right) -> the value kept at a path in both operands.
// idempotent() (f(x, x) == x) allows the identity shortcut on shared nodes; a policy
// without it is assumed not idempotent (correct, only slower on shared subtries).
struct KeepLeft {
    template <class V>
    const V &operator()(const V &a, const V &) const { return a; }
    static constexpr bool idempotent() { return true; }
};
struct KeepRight {
    template <class V>
    const V &operator()(const V &, const V &b) const { return b; }
    static constexpr bool idempotent() { return true; }
};

// The policies of the C ABI for uint64_t values, chosen at run time.
enum class U64Combine : std::uint8_t { left, right, min, max, sum, bit_or };

struct U64Policy {
    U64Combine kind = U64Combine::left;
    std::uint64_t operator()(std::uint64_t a, std::uint64_t b) const {
        switch (kind) {
            case U64Combine::left: return a;
            case U64Combine::right: return b;
            case U64Combine::min: return std::min(a, b);
            case U64Combine::max: return std::max(a, b);
            case U64Combine::sum: return a + b;  // wraps modulo 2^64
            case U64Combine::bit_or: return a | b;
        }
        return a;
    }
    bool idempotent() const { return kind != U64Combine::sum; }
};

// Subtract policies: f(left, right) -> the value left at a path in both operands, or
// nothing to remove the path. annihilates() (f(x, x) is nothing) allows A - A = {} in
// O(1) on shared nodes.
struct SubtractByValue {
    template <class V>
    std::optional<V> operator()(const V &a, const V &b) const {
        if (a == b) return std::nullopt;
        return a;
    }
    static constexpr bool annihilates() { return true; }
};
struct SubtractByPath {
    template <class V>
    std::optional<V> operator()(const V &, const V &) const { return std::nullopt; }
    static constexpr bool annihilates() { return true; }
};

namespace detail {

template <class P>
bool is_idempotent(const P &p) {
    if constexpr (requires { p.idempotent(); }) return p.idempotent();
    else return false;
}

template <class P>
bool annihilates(const P &p) {
    if constexpr (requires { p.annihilates(); }) return p.annihilates();
    else return false;
}

// A subtrie seen from inside a node's prefix: node n with its first `skip` prefix
// bytes already consumed. A null node is the empty subtrie.
template <class V>
struct Cursor {
    const Node<V> *n = nullptr;
    std::uint32_t skip = 0;

    explicit operator bool() const { return n != nullptr; }
    Path prefix() const { return n->prefix().subspan(skip); }
    bool operator==(const Cursor &) const = default;
};

// The subtrie at c as a node the caller owns.
template <class V>
Node<V> *materialize(Cursor<V> c) {
    return share_at(c.n, c.skip);
}

// Which operand a one-sided subtrie comes from.
enum class Side : std::uint8_t { a, b };

// The structural merge of two tries, driven by Op (see JoinOp for its interface).
template <class V, class Op>
class Merge {
    using N = Node<V>;
    using C = Cursor<V>;

public:
    explicit Merge(Op op) : op_(std::move(op)) {}

    // The merged subtrie of a and b (owned; null when empty).
    N *run(C a, C b) {
        try {
            visit(0, a, b);
            while (!frames_.empty()) {
                Frame &f = frames_.back();
                if (f.next < pairs_.size()) {
                    Pair p = pairs_[f.next++];  // a copy: visit may grow pairs_ and frames_
                    visit(p.byte, p.a, p.b);
                } else {
                    finish_top();
                }
            }
        } catch (...) {
            for (auto &r : results_) release(r.second);
            throw;
        }
        return results_.empty() ? nullptr : results_.front().second;
    }

private:
    // A position where both operands continue: the common part of their prefixes has
    // been matched, and the pairs of children below it are visited one by one.
    struct Frame {
        C a, b;
        std::uint32_t common;      // prefix bytes both share from their cursors
        bool a_full, b_full;       // the cursor's prefix ends at the merge point
        std::uint8_t byte;         // child byte under which the parent files the result
        std::size_t pairs_begin;   // this frame's pairs: [pairs_begin, pairs_.size())
        std::size_t next;          // next pair to visit
        std::size_t results_begin; // this frame's child results: [results_begin, end)
    };
    struct Pair {
        std::uint8_t byte;
        C a, b;
    };

    // Settles the pair (a, b) under `byte`, directly or by opening a frame.
    void visit(std::uint8_t byte, C a, C b) {
        if (!a || !b) {
            emit(byte, op_.one_sided(a ? a : b, a ? Side::a : Side::b));
        } else if (a == b && op_.same_shortcut()) {
            emit(byte, op_.same(a));
        } else {
            open(byte, a, b);
        }
    }

    void emit(std::uint8_t byte, N *r) {
        if (r) results_.push_back({byte, r});
    }

    void open(std::uint8_t byte, C a, C b) {
        Path pa = a.prefix(), pb = b.prefix();
        std::uint32_t common = 0;
        const std::size_t lim = std::min(pa.size(), pb.size());
        while (common < lim && pa[common] == pb[common]) ++common;
        const bool a_full = common == pa.size(), b_full = common == pb.size();
        N *early = nullptr;
        if (op_.early(a, b_full ? b.n->val() : nullptr, early)) return emit(byte, early);
        const std::size_t begin = pairs_.size();
        merge_children(a, a_full, b, b_full, common);
        frames_.push_back({a, b, common, a_full, b_full, byte, begin, begin, results_.size()});
    }

    // The children of cursor c below the merge point, ascending: the node's children
    // when its prefix ends there, else the one-child continuation of its prefix.
    void children_of(C c, bool full, std::uint32_t common, std::vector<std::pair<std::uint8_t, C>> &out) {
        out.clear();
        if (!full) {
            out.push_back({c.prefix()[common], C{c.n, c.skip + common + 1}});
            return;
        }
        int prev = -1;
        for (unsigned i = 0; i < c.n->nchild; ++i) {
            std::uint8_t b = c.n->child_byte(i, prev);
            prev = b;
            out.push_back({b, C{c.n->kids()[i], 0}});
        }
    }

    void merge_children(C a, bool a_full, C b, bool b_full, std::uint32_t common) {
        children_of(a, a_full, common, side_a_);
        children_of(b, b_full, common, side_b_);
        std::size_t i = 0, j = 0;
        while (i < side_a_.size() || j < side_b_.size()) {
            const int ba = i < side_a_.size() ? side_a_[i].first : 256;
            const int bb = j < side_b_.size() ? side_b_[j].first : 256;
            Pair p{static_cast<std::uint8_t>(std::min(ba, bb)), {}, {}};
            if (ba <= bb) p.a = side_a_[i++].second;
            if (bb <= ba) p.b = side_b_[j++].second;
            pairs_.push_back(p);
        }
    }

    void finish_top() {
        const Frame f = frames_.back();
        frames_.pop_back();
        pairs_.resize(f.pairs_begin);
        std::span<std::pair<std::uint8_t, N *>> kids(results_.data() + f.results_begin, results_.size() - f.results_begin);
        std::optional<V> v = op_.value(f.a_full ? f.a.n->val() : nullptr, f.b_full ? f.b.n->val() : nullptr);
        N *r;
        if (is_input(f.a, f.a_full, v, kids)) r = share(f.a.n, kids);
        else if (is_input(f.b, f.b_full, v, kids)) r = share(f.b.n, kids);
        else r = assemble(f.a.prefix().first(f.common), std::move(v), kids);  // consumes kids
        results_.resize(f.results_begin);
        emit(f.byte, r);
    }

    // Whether the result (value v, children kids) at a frame is the whole input node
    // of cursor c, so the node itself can be the result.
    static bool is_input(C c, bool full, const std::optional<V> &v, std::span<const std::pair<std::uint8_t, N *>> kids) {
        if (!full || c.skip != 0 || kids.size() != c.n->nchild) return false;
        const V *cv = c.n->val();
        if ((cv != nullptr) != v.has_value() || (cv && !(*cv == *v))) return false;
        int prev = -1;
        for (std::size_t i = 0; i < kids.size(); ++i) {
            std::uint8_t b = c.n->child_byte(static_cast<unsigned>(i), prev);
            prev = b;
            if (kids[i].first != b || kids[i].second != c.n->kids()[i]) return false;
        }
        return true;
    }

    static N *share(const N *n, std::span<std::pair<std::uint8_t, N *>> kids) {
        for (auto &k : kids) release(k.second);
        return materialize(C{n, 0});
    }

    // A canonical node: prefix, value v and the children (whose references it takes).
    // Nothing when empty; a valueless single child is merged into that child. If it
    // throws, no child reference has been taken.
    N *assemble(Path prefix, std::optional<V> v, std::span<std::pair<std::uint8_t, N *>> kids) {
        if (!v && kids.empty()) return nullptr;
        if (!v && kids.size() == 1) return collapse(prefix, kids[0].first, kids[0].second);
        const auto count = static_cast<std::uint16_t>(kids.size());
        const NodeKind kind = count <= kSmallMax ? NodeKind::small : NodeKind::dense;
        N *n = alloc_node<V>({kind, v.has_value(), count, static_cast<std::uint32_t>(prefix.size())});
        if (v) construct_val(n, std::move(*v));
        copy_path(n->prefix_data(), prefix);
        for (auto &k : kids) append_child(n, k.first, k.second);
        return n;
    }

    // child with `prefix` + byte prepended to its own prefix. Copies the child's prefix:
    // a result collapsing at many nested levels of one long path copies it once per
    // level (quadratic only for pathological tries: long paths with many branch points
    // that all vanish).
    N *collapse(Path prefix, std::uint8_t byte, N *child) {
        joined_.assign(prefix.begin(), prefix.end());
        joined_.push_back(byte);
        joined_.insert(joined_.end(), child->prefix().begin(), child->prefix().end());
        Shape s = child->shape();
        s.prefix_len = static_cast<std::uint32_t>(joined_.size());
        return rebuild(child, s, joined_);
    }

    Op op_;
    std::vector<Frame> frames_;
    std::vector<Pair> pairs_;
    std::vector<std::pair<std::uint8_t, N *>> results_;  // owned references
    std::vector<std::pair<std::uint8_t, C>> side_a_, side_b_;
    std::vector<std::uint8_t> joined_;
};

// The operations. Interface used by Merge:
//   same_shortcut(): whether op(x, x) is decided by same(x) without looking inside;
//   same(c): that result; one_sided(c, side): the result where only one operand has
//   a subtrie; early(a, vb, out): true with out decided at a merge point before its
//   children (vb: the right operand's value there); value(va, vb): the value at a
//   merge point.
template <class V>
struct OpBase {
    bool early(Cursor<V>, const V *, Node<V> *&) { return false; }
};

template <class V, class P>
struct JoinOp : OpBase<V> {
    P policy;
    bool same_shortcut() const { return is_idempotent(policy); }
    Node<V> *same(Cursor<V> c) { return materialize(c); }
    Node<V> *one_sided(Cursor<V> c, Side) { return materialize(c); }
    std::optional<V> value(const V *a, const V *b) {
        if (a && b) return V(policy(*a, *b));
        if (a) return *a;
        if (b) return *b;
        return std::nullopt;
    }
};

template <class V, class P>
struct MeetOp : OpBase<V> {
    P policy;
    bool same_shortcut() const { return is_idempotent(policy); }
    Node<V> *same(Cursor<V> c) { return materialize(c); }
    Node<V> *one_sided(Cursor<V>, Side) { return nullptr; }
    std::optional<V> value(const V *a, const V *b) {
        if (a && b) return V(policy(*a, *b));
        return std::nullopt;
    }
};

template <class V, class P>
struct SubtractOp : OpBase<V> {
    P policy;
    bool same_shortcut() const { return annihilates(policy); }
    Node<V> *same(Cursor<V>) { return nullptr; }
    Node<V> *one_sided(Cursor<V> c, Side s) { return s == Side::a ? materialize(c) : nullptr; }
    std::optional<V> value(const V *a, const V *b) {
        if (a && b) return policy(*a, *b);
        if (a) return *a;
        return std::nullopt;
    }
};

// Every path of the left operand below a value of the right one survives; so a right
// value at a merge point keeps the left subtrie there whole.
template <class V>
struct RestrictOp {
    bool same_shortcut() const { return true; }  // every path is its own prefix
    Node<V> *same(Cursor<V> c) { return materialize(c); }
    Node<V> *one_sided(Cursor<V>, Side) { return nullptr; }
    bool early(Cursor<V> a, const V *vb, Node<V> *&out) {
        if (!vb) return false;
        out = materialize(a);
        return true;
    }
    std::optional<V> value(const V *, const V *) { return std::nullopt; }
};

// The subtries starting k bytes below root, in trie order, as maps sharing their nodes.
template <class V>
std::vector<PathMap<V>> subtries_at(const Node<V> *root, std::size_t k) {
    std::vector<PathMap<V>> out;
    std::vector<std::pair<const Node<V> *, std::size_t>> stack;  // node, depth where its prefix starts
    if (root) stack.emplace_back(root, 0);
    while (!stack.empty()) {
        auto [n, depth] = stack.back();
        stack.pop_back();
        if (depth + n->prefix_len >= k) {
            out.push_back(PathMap<V>::adopt(materialize(Cursor<V>{n, static_cast<std::uint32_t>(k - depth)})));
            continue;
        }
        for (unsigned i = n->nchild; i-- > 0;) stack.emplace_back(n->kids()[i], depth + n->prefix_len + 1);  // reversed: popped ascending
    }
    return out;
}

template <class V, class Op>
PathMap<V> merge(const PathMap<V> &a, const PathMap<V> &b, Op op) {
    Merge<V, Op> m(std::move(op));
    return PathMap<V>::adopt(m.run(Cursor<V>{a.root_node(), 0}, Cursor<V>{b.root_node(), 0}));
}

}  // namespace detail

// Every path of a or b; at a path in both, the value policy(a's, b's).
template <class V, class P = KeepLeft>
PathMap<V> join(const PathMap<V> &a, const PathMap<V> &b, P policy = {}) {
    return detail::merge(a, b, detail::JoinOp<V, P>{{}, std::move(policy)});
}

// The paths in both a and b, with the value policy(a's, b's).
template <class V, class P = KeepLeft>
PathMap<V> meet(const PathMap<V> &a, const PathMap<V> &b, P policy = {}) {
    return detail::merge(a, b, detail::MeetOp<V, P>{{}, std::move(policy)});
}

// The paths of a, except that a path also in b keeps the value policy(a's, b's) or is
// removed when that is nothing: by default only when both values are equal (upstream);
// SubtractByPath removes every path of b.
template <class V, class P = SubtractByValue>
PathMap<V> subtract(const PathMap<V> &a, const PathMap<V> &b, P policy = {}) {
    return detail::merge(a, b, detail::SubtractOp<V, P>{{}, std::move(policy)});
}

// The paths of a that have a prefix (the path itself included) holding a value in b,
// with a's values. A value at b's empty path keeps all of a.
template <class V>
PathMap<V> restrict(const PathMap<V> &a, const PathMap<V> &b) {
    return detail::merge(a, b, detail::RestrictOp<V>{});
}

// m with `prefix` prepended to every path. O(1) nodes: the root gets a longer prefix.
template <class V>
PathMap<V> insert_prefix(const PathMap<V> &m, Path prefix) {
    PathMap<V> out;
    out.graft(prefix, m);
    return out;
}

// m without the first k bytes of every path: paths shorter than k are dropped, and
// paths that coincide afterwards are joined with the policy, the earlier path in trie
// order being its left operand (upstream `join_k_path_into`, once `drop_head`). The
// subtries below depth k are joined as a balanced tree of joins, so a wide level costs
// O(total size x log(subtries)) at most, and far less where they do not overlap.
template <class V, class P = KeepLeft>
PathMap<V> drop_head(const PathMap<V> &m, std::size_t k, P policy = {}) {
    std::vector<PathMap<V>> parts = detail::subtries_at(m.root_node(), k);
    while (parts.size() > 1) {
        std::vector<PathMap<V>> next;
        next.reserve(parts.size() / 2 + 1);
        for (std::size_t i = 0; i + 1 < parts.size(); i += 2) next.push_back(join(parts[i], parts[i + 1], policy));
        if (parts.size() % 2) next.push_back(std::move(parts.back()));
        parts.swap(next);
    }
    return parts.empty() ? PathMap<V>() : std::move(parts.front());
}

}  // namespace pathmap
