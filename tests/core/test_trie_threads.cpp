// Concurrency: readers share one map; clones that share nodes are mutated in
// different threads at once (copy-on-write decides per node with its atomic count).
// Meaningful under -Db_sanitize=thread, and checks results in any build.
#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "trie/path_map.hpp"

namespace {

using Map = pathmap::PathMap<std::uint64_t>;

Map numbered(int n) {
    Map m;
    for (int i = 0; i < n; ++i) m.set(pathmap::as_path("k" + std::to_string(i)), static_cast<std::uint64_t>(i));
    return m;
}

TEST(TrieThreads, ManyReadersOfOneMap) {
    const Map m = numbered(20000);
    std::vector<std::thread> readers;
    std::vector<std::uint64_t> sums(4);
    for (int t = 0; t < 4; ++t) {
        readers.emplace_back([&, t] {
            std::uint64_t sum = 0;
            for (int i = 0; i < 20000; ++i) sum += *m.get(pathmap::as_path("k" + std::to_string(i)));
            auto z = m.read_zipper();  // zippers pin nodes: concurrent reference counting
            while (z.to_next_val()) sum += *z.val();
            sums[t] = sum;
        });
    }
    for (auto &r : readers) r.join();
    const std::uint64_t expected = 2 * (19999ull * 20000 / 2);
    for (auto s : sums) EXPECT_EQ(s, expected);
}

TEST(TrieThreads, ClonesMutatedInParallel) {
    const Map base = numbered(20000);
    std::vector<Map> clones;
    for (int t = 0; t < 4; ++t) clones.push_back(base.clone());
    std::vector<std::thread> writers;
    for (int t = 0; t < 4; ++t) {
        writers.emplace_back([&, t] {
            Map &m = clones[t];
            for (int i = t; i < 20000; i += 4) m.remove(pathmap::as_path("k" + std::to_string(i)));
            for (int i = 0; i < 1000; ++i) m.set(pathmap::as_path("t" + std::to_string(t) + "/" + std::to_string(i)), 1);
        });
    }
    for (auto &w : writers) w.join();
    EXPECT_EQ(base.val_count(), 20000u);
    base.verify();
    for (int t = 0; t < 4; ++t) {
        clones[t].verify();
        EXPECT_EQ(clones[t].val_count(), 20000u - 5000u + 1000u);
        EXPECT_FALSE(clones[t].contains(pathmap::as_path("k" + std::to_string(t))));
        EXPECT_TRUE(clones[t].contains(pathmap::as_path("k" + std::to_string((t + 1) % 4))));
    }
}

}  // namespace
