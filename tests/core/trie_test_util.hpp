// Helpers shared by the algebra and merkleization tests: a std::map model, a seeded
// generator of path sets that force splits and merges, and a structural comparison.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string>
#include <vector>

#include "trie/path_map.hpp"

namespace trie_test {

using pathmap::as_path;
using Map = pathmap::PathMap<std::uint64_t>;
using Model = std::map<std::string, std::uint64_t>;  // std::string orders bytes unsigned

inline std::string path_string(pathmap::Path p) { return {reinterpret_cast<const char *>(p.data()), p.size()}; }

inline Model listing(const Map &m) {
    Model out;
    m.for_each({}, [&](pathmap::Path p, std::uint64_t v) { out.emplace(path_string(p), v); });
    return out;
}

inline Map build(const Model &model) {
    Map m;
    for (auto &[k, v] : model) m.set(as_path(k), v);
    return m;
}

// Random models over a tiny alphabet (so paths share prefixes, nest and diverge
// everywhere), with the empty path, some long paths and few distinct values (so
// equal values meet often).
struct ModelGen {
    std::mt19937_64 rng;
    std::string path() {
        std::string s;
        switch (rng() % 10) {
            case 0: return s;
            case 1: s.assign(300 + rng() % 3 * 100, 'L'); s.push_back(static_cast<char>(rng() % 3)); return s;
            case 2: for (int i = 0, n = 1 + static_cast<int>(rng() % 3); i < n; ++i) s.push_back(static_cast<char>(rng() % 256)); return s;
            default: for (int i = 0, n = static_cast<int>(rng() % 7); i < n; ++i) s.push_back("\0ab\xff"[rng() % 4]); return s;
        }
    }
    Model model(std::size_t max_size) {
        Model m;
        const std::size_t n = rng() % (max_size + 1);
        for (std::size_t i = 0; i < n; ++i) m[path()] = rng() % 4;
        return m;
    }
};

// Whether two tries have the same nodes: prefixes, values, child bytes, recursively
// (capacities and kinds may differ). Explicit stack: tries may be deep.
template <class V>
bool same_structure(const pathmap::detail::Node<V> *x, const pathmap::detail::Node<V> *y) {
    std::vector<std::pair<const pathmap::detail::Node<V> *, const pathmap::detail::Node<V> *>> stack{{x, y}};
    while (!stack.empty()) {
        auto [a, b] = stack.back();
        stack.pop_back();
        if (!a || !b) {
            if (a != b) return false;
            continue;
        }
        if (a == b) continue;
        if (a->nchild != b->nchild || a->has_val != b->has_val) return false;
        if (a->has_val && !(*a->val() == *b->val())) return false;
        if (!std::equal(a->prefix().begin(), a->prefix().end(), b->prefix().begin(), b->prefix().end())) return false;
        int pa = -1, pb = -1;
        for (unsigned i = 0; i < a->nchild; ++i) {
            pa = a->child_byte(i, pa);
            pb = b->child_byte(i, pb);
            if (pa != pb) return false;
            stack.emplace_back(a->kids()[i], b->kids()[i]);
        }
    }
    return true;
}

// The checks every algebra result gets: invariants, contents, canonical shape.
inline void expect_map(const Map &got, const Model &want, const char *what) {
    ASSERT_NO_THROW(got.verify()) << what;
    ASSERT_EQ(listing(got), want) << what;
    Map built = build(want);
    ASSERT_TRUE(same_structure(got.root_node(), built.root_node())) << what << ": shape differs from the trie built by insertion";
}

}  // namespace trie_test
