// Property tests of join, meet, subtract and restrict against std::map models: every
// result is checked for invariants, contents and canonical shape; the lattice laws
// are checked on random path sets; an allocation count proves structural sharing.
#include <gtest/gtest.h>

#include <functional>
#include <set>

#include "trie/algebra.hpp"
#include "trie_test_util.hpp"

namespace {

using namespace trie_test;
using pathmap::U64Combine;
using pathmap::U64Policy;

using Combine = std::function<std::uint64_t(std::uint64_t, std::uint64_t)>;
using Sub = std::function<std::optional<std::uint64_t>(std::uint64_t, std::uint64_t)>;

Model model_join(const Model &a, const Model &b, const Combine &f) {
    Model out = b;
    for (auto &[k, v] : a) {
        auto it = b.find(k);
        out[k] = it == b.end() ? v : f(v, it->second);
    }
    return out;
}

Model model_meet(const Model &a, const Model &b, const Combine &f) {
    Model out;
    for (auto &[k, v] : a)
        if (auto it = b.find(k); it != b.end()) out[k] = f(v, it->second);
    return out;
}

Model model_subtract(const Model &a, const Model &b, const Sub &f) {
    Model out;
    for (auto &[k, v] : a) {
        auto it = b.find(k);
        if (it == b.end()) out[k] = v;
        else if (auto r = f(v, it->second)) out[k] = *r;
    }
    return out;
}

// The definition: a path survives when one of its prefixes (itself included) is in b.
Model model_restrict(const Model &a, const Model &b) {
    Model out;
    for (auto &[k, v] : a)
        for (std::size_t len = 0; len <= k.size(); ++len)
            if (b.count(k.substr(0, len))) {
                out[k] = v;
                break;
            }
    return out;
}

std::set<std::string> keys(const Map &m) {
    std::set<std::string> out;
    for (auto &kv : listing(m)) out.insert(kv.first);
    return out;
}

constexpr U64Combine kAllCombines[] = {U64Combine::left, U64Combine::right, U64Combine::min,
                                       U64Combine::max, U64Combine::sum, U64Combine::bit_or};

TEST(Algebra, EveryOperationAndPolicyMatchesTheModel) {
    ModelGen gen{std::mt19937_64{4242}};
    for (int round = 0; round < 400; ++round) {
        Model ma = gen.model(40), mb = gen.model(40);
        if (round % 5 == 0) mb = model_join(ma, gen.model(10), [](auto x, auto) { return x; });  // overlapping
        Map a = build(ma), b = build(mb);
        if (round % 7 == 0) b = pathmap::join(a, b);  // operands sharing nodes
        mb = listing(b);
        for (U64Combine c : kAllCombines) {
            U64Policy p{c};
            expect_map(pathmap::join(a, b, p), model_join(ma, mb, p), "join");
            expect_map(pathmap::meet(a, b, p), model_meet(ma, mb, p), "meet");
        }
        expect_map(pathmap::join(a, b), model_join(ma, mb, [](auto x, auto) { return x; }), "join keep left");
        expect_map(pathmap::meet(a, b, pathmap::KeepRight{}), model_meet(ma, mb, [](auto, auto y) { return y; }), "meet keep right");
        expect_map(pathmap::subtract(a, b), model_subtract(ma, mb, [](auto x, auto y) { return x == y ? std::nullopt : std::optional(x); }),
                   "subtract by value");
        expect_map(pathmap::subtract(a, b, pathmap::SubtractByPath{}), model_subtract(ma, mb, [](auto, auto) { return std::nullopt; }),
                   "subtract by path");
        expect_map(pathmap::restrict(a, b), model_restrict(ma, mb), "restrict");
        expect_map(pathmap::restrict(b, a), model_restrict(mb, ma), "restrict reversed");
        if (HasFatalFailure()) return;
    }
}

TEST(Algebra, LatticeLawsOnPathSets) {
    ModelGen gen{std::mt19937_64{777}};
    const U64Policy mx{U64Combine::max};  // commutative, associative, idempotent: whole maps compare
    auto checked = [](Map m) {
        m.verify();
        return m;
    };
    auto J = [&](const Map &x, const Map &y) { return checked(pathmap::join(x, y, mx)); };
    auto M = [&](const Map &x, const Map &y) { return checked(pathmap::meet(x, y, mx)); };
    for (int round = 0; round < 300; ++round) {
        Map a = build(gen.model(30)), b = build(gen.model(30)), c = build(gen.model(30));
        EXPECT_EQ(listing(J(a, b)), listing(J(b, a))) << "join commutes";
        EXPECT_EQ(listing(M(a, b)), listing(M(b, a))) << "meet commutes";
        EXPECT_EQ(keys(pathmap::join(a, b)), keys(pathmap::join(b, a))) << "join commutes on paths (keep left)";
        EXPECT_EQ(listing(J(J(a, b), c)), listing(J(a, J(b, c)))) << "join associates";
        EXPECT_EQ(listing(M(M(a, b), c)), listing(M(a, M(b, c)))) << "meet associates";
        EXPECT_EQ(listing(J(a, a)), listing(a)) << "join idempotent";
        EXPECT_EQ(listing(M(a, a)), listing(a)) << "meet idempotent";
        // Absorption holds for values too when the left value wins.
        EXPECT_EQ(listing(pathmap::join(a, pathmap::meet(a, b))), listing(a)) << "absorption";
        EXPECT_EQ(listing(pathmap::meet(a, pathmap::join(a, b))), listing(a)) << "absorption";
        EXPECT_EQ(listing(M(a, J(b, c))), listing(J(M(a, b), M(a, c)))) << "meet distributes over join";
        EXPECT_TRUE(pathmap::subtract(a, a).is_empty()) << "A - A";
        EXPECT_EQ(listing(pathmap::subtract(a, Map{})), listing(a)) << "A - {}";
        EXPECT_EQ(keys(pathmap::subtract(pathmap::join(a, b), b, pathmap::SubtractByPath{})),
                  keys(pathmap::subtract(a, b, pathmap::SubtractByPath{})))
            << "(A u B) - B = A - B";
        Map d = build(gen.model(30));
        d.verify();
        if (HasFailure()) return;
    }
}

TEST(Algebra, SameNodeIsAnsweredWithoutCopying) {
    ModelGen gen{std::mt19937_64{9}};
    Map a = build(gen.model(200));
    Map c = a.clone();
    const std::uint64_t before = pathmap::detail::node_allocations;
    EXPECT_EQ(pathmap::join(a, c).root_node(), a.root_node());
    EXPECT_EQ(pathmap::meet(a, c).root_node(), a.root_node());
    EXPECT_EQ(pathmap::restrict(a, c).root_node(), a.root_node());
    EXPECT_TRUE(pathmap::subtract(a, c).is_empty());
    EXPECT_EQ(pathmap::join(a, Map{}).root_node(), a.root_node());
    EXPECT_EQ(pathmap::subtract(a, Map{}).root_node(), a.root_node());
    EXPECT_EQ(pathmap::detail::node_allocations, before);
    // A non-idempotent policy must look inside: sum doubles every value.
    Model doubled = listing(a);
    for (auto &kv : doubled) kv.second *= 2;
    expect_map(pathmap::join(a, c, U64Policy{U64Combine::sum}), doubled, "join sum of a trie with itself");
}

std::size_t node_depth(const Map &m) {
    std::size_t deepest = 0;
    std::vector<std::pair<const pathmap::detail::Node<std::uint64_t> *, std::size_t>> stack;
    if (m.root_node()) stack.emplace_back(m.root_node(), 1);
    while (!stack.empty()) {
        auto [n, d] = stack.back();
        stack.pop_back();
        deepest = std::max(deepest, d);
        for (unsigned i = 0; i < n->nchild; ++i) stack.emplace_back(n->kids()[i], d + 1);
    }
    return deepest;
}

TEST(Algebra, JoiningACloneWithTenChangesAllocatesOnlyAlongThem) {
    std::mt19937_64 rng(31337);
    Map a;
    Model model;
    for (int i = 0; i < 100000; ++i) {
        std::string k = "kb/" + std::to_string(rng() % 1000000000) + "/" + std::to_string(i % 97);
        a.set(as_path(k), i);
        model[k] = i;
    }
    Map b = a.clone();
    auto it = model.begin();
    for (int i = 0; i < 10; ++i, std::advance(it, 9000)) {
        if (i % 3 == 0) b.set(as_path(it->first + "/new"), 1);
        else if (i % 3 == 1) b.set(as_path(it->first), it->second + 1);
        else b.remove(as_path(it->first));
    }
    const std::size_t depth = node_depth(a);
    const std::uint64_t bound = 10 * (depth + 1);
    auto allocs = [](auto op) {
        const std::uint64_t before = pathmap::detail::node_allocations;
        Map r = op();
        r.verify();
        return pathmap::detail::node_allocations - before;
    };
    const std::uint64_t join_allocs = allocs([&] { return pathmap::join(a, b); });
    const std::uint64_t meet_allocs = allocs([&] { return pathmap::meet(a, b); });
    const std::uint64_t sub_allocs = allocs([&] { return pathmap::subtract(a, b); });
    std::printf("100000 paths, node depth %zu: join allocated %llu nodes, meet %llu, subtract %llu (bound %llu)\n", depth,
                static_cast<unsigned long long>(join_allocs), static_cast<unsigned long long>(meet_allocs),
                static_cast<unsigned long long>(sub_allocs), static_cast<unsigned long long>(bound));
    EXPECT_LE(join_allocs, bound);
    EXPECT_LE(meet_allocs, bound);
    EXPECT_LE(sub_allocs, bound);
    EXPECT_EQ(pathmap::join(a, b).val_count(), model.size() + 4);  // 4 added; the 3 removed stay (from a)
}

// A chain of nested paths a, aa, aaa, ...: one node per path, so node depth is the
// path count. Built in O(n) by prefixing (set would walk the chain each time).
Map nested_chain(std::size_t n, std::uint64_t bottom_value) {
    Map m;
    m.set({}, bottom_value);
    for (std::size_t i = 1; i < n; ++i) {
        m = pathmap::insert_prefix(m, as_path("a"));
        m.set({}, i);
    }
    return m;
}

TEST(Algebra, DeepTriesDoNotRecurse) {
#if defined(__SANITIZE_THREAD__)
    constexpr std::size_t kDepth = 5000;  // TSan slows this 500x; the other builds prove the depth
#else
    constexpr std::size_t kDepth = 200000;  // recursion at ~100 bytes a frame would need 20 MB of stack
#endif
    Map a = nested_chain(kDepth, 1), b = nested_chain(kDepth, 2);
    std::string deepest(kDepth - 1, 'a');
    Map j = pathmap::join(a, b, U64Policy{U64Combine::max});
    j.verify();
    EXPECT_EQ(j.val_count(), kDepth);
    EXPECT_EQ(*j.get(as_path(deepest)), 2u);
    Map s = pathmap::subtract(a, b);
    EXPECT_EQ(s.val_count(), 1u);  // only the bottom values differ
    EXPECT_TRUE(s.contains(as_path(deepest)));
    EXPECT_EQ(pathmap::meet(a, b).val_count(), kDepth);
    EXPECT_EQ(pathmap::restrict(a, b).val_count(), kDepth);
    // A megabyte path is one node: nothing deep, but long prefixes are compared.
    Map big, other;
    std::string mb(1 << 20, 'x');
    big.set(as_path(mb), 1);
    other.set(as_path(mb + "y"), 2);
    expect_map(pathmap::join(big, other), Model{{mb, 1}, {mb + "y", 2}}, "megabyte join");
    expect_map(pathmap::restrict(other, big), Model{{mb + "y", 2}}, "megabyte restrict");
}

TEST(Algebra, DropHeadMatchesTheModel) {
    ModelGen gen{std::mt19937_64{55}};
    for (int round = 0; round < 300; ++round) {
        Model model = gen.model(50);
        Map m = build(model);
        for (std::size_t k : {0, 1, 2, 3, 5, 301}) {
            Model want;
            for (auto &[key, v] : model)  // in trie order: the first path to land somewhere wins
                if (key.size() >= k) want.emplace(key.substr(k), v);
            expect_map(pathmap::drop_head(m, k), want, "drop_head");
            Model sums;
            for (auto &[key, v] : model)
                if (key.size() >= k) sums[key.substr(k)] += v;
            expect_map(pathmap::drop_head(m, k, U64Policy{U64Combine::sum}), sums, "drop_head sum");
        }
        if (HasFatalFailure()) return;
    }
}

// Values that are not trivially copyable: nodes copy, move and destroy them.
TEST(Algebra, StringValues) {
    using SMap = pathmap::PathMap<std::string>;
    SMap a, b;
    for (int i = 0; i < 200; ++i) {
        a.set(as_path("k" + std::to_string(i)), std::string(40, 'a') + std::to_string(i));
        if (i % 2) b.set(as_path("k" + std::to_string(i * 3)), std::string(40, 'b'));
    }
    auto concat = [](const std::string &x, const std::string &y) { return x + "|" + y; };
    SMap j = pathmap::join(a, b, concat);
    j.verify();
    EXPECT_EQ(*j.get(as_path("k3")), std::string(40, 'a') + "3|" + std::string(40, 'b'));
    EXPECT_EQ(*j.get(as_path("k2")), std::string(40, 'a') + "2");
    SMap m = pathmap::meet(a, b, concat);
    m.verify();
    SMap s = pathmap::subtract(a, b, pathmap::SubtractByPath{});
    s.verify();
    EXPECT_EQ(m.val_count() + s.val_count(), a.val_count());
    std::uint64_t under_b = 0;  // a's paths below one of b's, by brute force
    a.for_each({}, [&](pathmap::Path p, const std::string &) {
        for (std::size_t len = 0; len <= p.size(); ++len)
            if (b.contains(p.first(len))) {
                ++under_b;
                break;
            }
    });
    SMap r = pathmap::restrict(a, b);
    r.verify();
    EXPECT_EQ(r.val_count(), under_b);
    SMap d = pathmap::drop_head(a, 1);
    d.verify();
    EXPECT_EQ(d.val_count(), a.val_count());
}

TEST(Algebra, InsertPrefix) {
    Map m = build(Model{{"", 1}, {"ab", 2}, {"ac", 3}});
    expect_map(pathmap::insert_prefix(m, as_path("pre/")), Model{{"pre/", 1}, {"pre/ab", 2}, {"pre/ac", 3}}, "insert_prefix");
    expect_map(m, Model{{"", 1}, {"ab", 2}, {"ac", 3}}, "the operand is unchanged");
}

}  // namespace
