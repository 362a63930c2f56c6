// Model-based tests of PathMap<uint64_t> against std::map: random operations on
// several maps that share structure through clone(), checked after every step.
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string>

#include "trie/path_map.hpp"

namespace {

using pathmap::as_path;
using Map = pathmap::PathMap<std::uint64_t>;
using Model = std::map<std::string, std::uint64_t>;  // std::string compares bytes as unsigned

std::string path_string(pathmap::Path p) { return {reinterpret_cast<const char *>(p.data()), p.size()}; }

Model listing(const Map &m, const std::string &prefix = {}) {
    Model out;
    std::string last;
    bool first = true;
    m.for_each(as_path(prefix), [&](pathmap::Path p, std::uint64_t v) {
        std::string k = path_string(p);
        EXPECT_TRUE(first || last < k) << "iteration out of order";
        first = false;
        last = k;
        out.emplace(k, v);
    });
    return out;
}

Model model_under(const Model &m, const std::string &prefix) {
    Model out;
    for (auto it = m.lower_bound(prefix); it != m.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it) out.insert(*it);
    return out;
}

// Paths from a tiny alphabet so splits, merges and kind changes happen constantly;
// some long ones (> 4 KiB) and some with every byte value.
struct PathGen {
    std::mt19937_64 rng;
    std::string operator()() {
        std::string s;
        switch (rng() % 8) {
            case 0: return s;  // the empty path
            case 1: s.assign(4096 + rng() % 4 * 300, 'L'); s.push_back(static_cast<char>(rng() % 3)); return s;
            case 2: for (int i = 0, n = 1 + rng() % 3; i < n; ++i) s.push_back(static_cast<char>(rng() % 256)); return s;
            case 3: for (int i = 0, n = 1 + rng() % 2; i < n; ++i) s.push_back(static_cast<char>(rng() % 40)); return s;
            default: for (int i = 0, n = rng() % 6; i < n; ++i) s.push_back("\0ab\xff"[rng() % 4]); return s;
        }
    }
};

TEST(TrieModel, RandomOperationsWithClonesMatchStdMap) {
    constexpr int kMaps = 4;
    std::vector<Map> maps(kMaps);
    std::vector<Model> models(kMaps);
    PathGen gen{std::mt19937_64{20261124}};
    std::mt19937_64 &rng = gen.rng;
    for (int step = 0; step < 120000; ++step) {
        int m = static_cast<int>(rng() % kMaps);
        std::string k = gen();
        switch (rng() % 10) {
            case 0: case 1: case 2: case 3: {
                std::uint64_t v = rng();
                auto old = maps[m].set(as_path(k), v);
                auto it = models[m].find(k);
                ASSERT_EQ(old.has_value(), it != models[m].end());
                if (old) { ASSERT_EQ(*old, it->second); }
                models[m][k] = v;
                break;
            }
            case 4: case 5: case 6: {
                auto old = maps[m].remove(as_path(k));
                auto it = models[m].find(k);
                ASSERT_EQ(old.has_value(), it != models[m].end()) << "step " << step;
                if (old) {
                    ASSERT_EQ(*old, it->second);
                    models[m].erase(it);
                }
                break;
            }
            case 7: {
                const std::uint64_t *v = maps[m].get(as_path(k));
                auto it = models[m].find(k);
                ASSERT_EQ(v != nullptr, it != models[m].end());
                if (v) { ASSERT_EQ(*v, it->second); }
                break;
            }
            case 8: {  // clone one map over another, then both evolve independently
                int d = static_cast<int>(rng() % kMaps);
                maps[d] = maps[m].clone();
                models[d] = models[m];
                break;
            }
            default: {
                // Mostly narrow prefixes; the whole map is listed now and then.
                std::string prefix = step % 50 == 0 ? std::string() : k.substr(0, 1 + rng() % (k.size() + 1));
                ASSERT_EQ(listing(maps[m], prefix), model_under(models[m], prefix)) << "step " << step;
            }
        }
        if (step % 499 == 0) {
            for (int i = 0; i < kMaps; ++i) {
                maps[i].verify();
                ASSERT_EQ(maps[i].val_count(), models[i].size());
                ASSERT_EQ(maps[i].is_empty(), models[i].empty());
            }
        }
    }
    for (int i = 0; i < kMaps; ++i) ASSERT_EQ(listing(maps[i]), models[i]);
}

TEST(TrieModel, ZipperSkipsRootValueAndReportsRelativePaths) {
    Map m;
    for (auto k : {"", "a", "ab", "abc", "abd", "b"}) m.set(as_path(k), 7);
    auto z = m.read_zipper(as_path("ab"));
    ASSERT_NE(z.val(), nullptr);  // focus starts at the root "ab", which holds a value
    std::vector<std::string> seen;
    while (z.to_next_val()) seen.push_back(path_string(z.path()));
    EXPECT_EQ(seen, (std::vector<std::string>{"c", "d"}));
    EXPECT_TRUE(z.path().empty());  // back at the root, from where a further call starts over
    ASSERT_TRUE(z.to_next_val());
    EXPECT_EQ(path_string(z.path()), "c");
}

TEST(TrieModel, ZipperRootInsideANodePrefix) {
    Map m;
    m.set(as_path("hello/world"), 1);
    m.set(as_path("hello/wide"), 2);
    auto z = m.read_zipper(as_path("hel"));
    EXPECT_EQ(z.val(), nullptr);
    ASSERT_TRUE(z.to_next_val());
    EXPECT_EQ(path_string(z.path()), "lo/wide");
    EXPECT_EQ(path_string(z.origin_path()), "hello/wide");
    ASSERT_TRUE(z.to_next_val());
    EXPECT_EQ(path_string(z.path()), "lo/world");
    EXPECT_FALSE(z.to_next_val());
    auto missing = m.read_zipper(as_path("help"));
    EXPECT_FALSE(missing.to_next_val());
}

TEST(TrieModel, ZipperIsASnapshot) {
    Map m;
    for (int i = 0; i < 1000; ++i) m.set(as_path(std::to_string(i)), static_cast<std::uint64_t>(i));
    auto z = m.read_zipper();
    for (int i = 0; i < 1000; i += 2) m.remove(as_path(std::to_string(i)));
    m.set(as_path("new"), 5);
    int count = 0;
    while (z.to_next_val()) ++count;
    EXPECT_EQ(count, 1000);
    EXPECT_EQ(m.val_count(), 501u);
}

TEST(TrieModel, CloneSharesUntilWrittenAndStaysIndependent) {
    Map a;
    for (int i = 0; i < 5000; ++i) a.set(as_path("key" + std::to_string(i)), static_cast<std::uint64_t>(i));
    Map b = a.clone();
    b.set(as_path("key42"), 99);
    b.remove(as_path("key43"));
    EXPECT_EQ(*a.get(as_path("key42")), 42u);
    EXPECT_TRUE(a.contains(as_path("key43")));
    EXPECT_EQ(*b.get(as_path("key42")), 99u);
    EXPECT_FALSE(b.contains(as_path("key43")));
    a.verify();
    b.verify();
}

TEST(TrieModel, DenseNodesAndKindChanges) {
    Map m;
    for (int b = 0; b < 256; ++b) m.set(pathmap::Path(reinterpret_cast<const std::uint8_t *>(std::string(1, static_cast<char>(b)).data()), 1), static_cast<std::uint64_t>(b));
    auto st = m.stats();
    EXPECT_EQ(st.dense_nodes, 1u);
    EXPECT_EQ(st.paths, 256u);
    for (int b = 0; b < 250; ++b) {
        std::string k(1, static_cast<char>(b));
        ASSERT_EQ(*m.remove(as_path(k)), static_cast<std::uint64_t>(b));
        m.verify();
    }
    EXPECT_EQ(m.stats().dense_nodes, 0u);
    EXPECT_EQ(m.val_count(), 6u);
}

TEST(TrieModel, MegabytePathDoesNotRecurse) {
    Map m;
    std::string k(1 << 20, 'x');
    // A value every 4 KiB along one megabyte path: 256 nested nodes.
    for (std::size_t len = 0; len <= k.size(); len += 4096) m.set(as_path(std::string_view(k).substr(0, len)), len);
    EXPECT_EQ(m.val_count(), 257u);
    EXPECT_EQ(*m.get(as_path(k)), k.size());
    Map c = m.clone();
    c.remove(as_path(std::string_view(k).substr(0, 4096)));
    EXPECT_EQ(c.val_count(), 256u);
    EXPECT_EQ(m.val_count(), 257u);
}

TEST(TrieModel, PathLengthLimit) {
    Map m;
    std::uint8_t byte = 0;
    EXPECT_THROW(m.set(pathmap::Path(&byte, std::size_t{UINT32_MAX} + 1), 1), pathmap::Error);
}

}  // namespace

namespace {

// Values that own memory exercise the copy/move paths that plain integers skip
// (rebuild copies values of shared nodes, splits cannot move them bytewise).
TEST(TrieModel, NonTrivialValuesAgainstStdMap) {
    pathmap::PathMap<std::string> m;
    std::map<std::string, std::string> model;
    PathGen gen{std::mt19937_64{7}};
    pathmap::PathMap<std::string> snapshot;
    std::map<std::string, std::string> snapshot_model;
    for (int step = 0; step < 20000; ++step) {
        std::string k = gen();
        if (gen.rng() % 3) {
            std::string v(gen.rng() % 40, static_cast<char>('a' + step % 26));
            m.set(pathmap::as_path(k), v);
            model[k] = v;
        } else {
            auto old = m.remove(pathmap::as_path(k));
            ASSERT_EQ(old.has_value(), model.erase(k) == 1);
        }
        if (step % 1000 == 0) {
            snapshot = m.clone();
            snapshot_model = model;
        }
    }
    m.verify();
    std::map<std::string, std::string> seen;
    m.for_each({}, [&](pathmap::Path p, const std::string &v) { seen.emplace(path_string(p), v); });
    EXPECT_EQ(seen, model);
    seen.clear();
    snapshot.for_each({}, [&](pathmap::Path p, const std::string &v) { seen.emplace(path_string(p), v); });
    EXPECT_EQ(seen, snapshot_model);
}

}  // namespace
