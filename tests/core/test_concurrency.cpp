// ZipperHead: the exclusion rules, and writers and readers on disjoint paths in
// several threads at once, checked against a model (run under TSan in CI).
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <thread>
#include <vector>

#include "trie/zipper_head.hpp"
#include "trie_test_util.hpp"

using namespace pathmap;
using trie_test::listing;
using trie_test::Map;
using trie_test::Model;
using trie_test::path_string;

namespace {

using Head = ZipperHead<std::uint64_t>;

#ifdef __SANITIZE_THREAD__
constexpr int kPathsPerWriter = 500;  // TSan is 10-20x slower
#else
constexpr int kPathsPerWriter = 1500;
#endif

bool conflicts(auto &&request) {
    try {
        request();
    } catch (const Error &e) {
        EXPECT_EQ(e.code(), Errc::conflict);
        return true;
    }
    return false;
}

}  // namespace

TEST(ZipperHead, OneWriterOrManyReadersPerPath) {
    Head head;
    {
        auto w = head.write_zipper(as_path("ab"));
        for (const char *p : {"ab", "a", "", "abc"}) {
            EXPECT_TRUE(conflicts([&] { head.write_zipper(as_path(p)); })) << p;
            EXPECT_TRUE(conflicts([&] { head.read_zipper(as_path(p)); })) << p;
        }
        auto r1 = head.read_zipper(as_path("b"));
        auto r2 = head.read_zipper(as_path("b"));  // readers share
        auto r3 = head.read_zipper(as_path("ba"));
        EXPECT_TRUE(conflicts([&] { head.write_zipper(as_path("b")); }));
        EXPECT_TRUE(conflicts([&] { head.write_zipper(as_path("bac")); }));
        auto w2 = head.write_zipper(as_path("ac"));  // a sibling path
        auto w3 = head.write_zipper(as_path("c"));
        try {
            head.write_zipper(as_path("a"));
            FAIL();
        } catch (const Error &e) {
            EXPECT_NE(std::string(e.what()).find("\"ab\""), std::string::npos) << e.what();
        }
    }
    // Releasing frees the paths.
    auto w = head.write_zipper({});
    EXPECT_TRUE(conflicts([&] { head.read_zipper(as_path("zz")); }));
}

TEST(ZipperHead, WritersCommitIntoTheHeadAndReadersSeeSnapshots) {
    Map start;
    start.set(as_path("a1"), 1);
    start.set(as_path("b1"), 2);
    Head head(start);
    auto w = head.write_zipper(as_path("a"));
    EXPECT_EQ(path_string(w.origin_path()), "a");
    EXPECT_TRUE(w.descend_to(as_path("1")));
    EXPECT_EQ(*w.val(), 1u);
    w.set_val(10);
    w.move_to_path(as_path("2"));
    w.set_val(20);
    EXPECT_EQ(path_string(w.origin_path()), "a2");
    EXPECT_EQ(listing(head.map()), (Model{{"a1", 1}, {"b1", 2}}));  // not committed yet
    w.commit();
    EXPECT_EQ(listing(head.map()), (Model{{"a1", 10}, {"a2", 20}, {"b1", 2}}));
    auto r = head.read_zipper(as_path("b"));
    {
        auto wb = std::move(w);  // moving keeps one claim
        wb.reset();
        wb.remove_branches();  // drops a1 and a2 (no value at "a" itself)
    }  // committed and released here
    EXPECT_EQ(listing(head.map()), (Model{{"b1", 2}}));
    EXPECT_TRUE(r.to_next_val());
    EXPECT_EQ(path_string(r.origin_path()), "b1");
    EXPECT_EQ(listing(start), (Model{{"a1", 1}, {"b1", 2}}));  // the head works on a clone
}

// Several threads each own some first bytes: per byte a writer inserts, updates and
// removes paths (committing now and then), while a reader of that thread iterates a
// preloaded read-only region and other threads' requests on owned paths conflict.
TEST(ZipperHead, ParallelWritersAndReadersOnDisjointPaths) {
    constexpr int kThreads = 4;
    constexpr int kBytesPerThread = 3;
    Map start;
    Model readonly;
    for (int i = 0; i < 300; ++i) {
        std::string p = "R" + std::to_string(i * 7919 % 1000);
        start.set(as_path(p), static_cast<std::uint64_t>(i));
        readonly[p] = static_cast<std::uint64_t>(i);
    }
    Head head(start);
    std::vector<Model> wrote(kThreads);
    std::vector<int> failures(kThreads, 0);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            std::mt19937_64 rng(static_cast<std::uint64_t>(t) + 1);
            Model &mine = wrote[static_cast<std::size_t>(t)];
            int &bad = failures[static_cast<std::size_t>(t)];
            for (int k = 0; k < kBytesPerThread; ++k) {
                const std::string root(1, static_cast<char>('0' + t * kBytesPerThread + k));
                auto w = head.write_zipper(as_path(root));
                bad += !conflicts([&] { head.read_zipper(as_path(root + "x")); });
                for (int i = 0; i < kPathsPerWriter; ++i) {
                    std::string rel = std::to_string(rng() % 100000);
                    w.move_to_path(as_path(rel));
                    if (rng() % 5 == 0) {
                        w.remove_val();
                        mine.erase(root + rel);
                    } else {
                        w.set_val(static_cast<std::uint64_t>(i));
                        mine[root + rel] = static_cast<std::uint64_t>(i);
                    }
                    if (i % 400 == 399) w.commit();
                }
                auto r = head.read_zipper(as_path("R"));
                Model seen;
                while (r.to_next_val()) seen[path_string(r.origin_path())] = *r.val();
                bad += seen != readonly;
            }
        });
    }
    for (auto &th : threads) th.join();
    Model want = readonly;
    for (int t = 0; t < kThreads; ++t) {
        EXPECT_EQ(failures[static_cast<std::size_t>(t)], 0) << "thread " << t;
        want.insert(wrote[static_cast<std::size_t>(t)].begin(), wrote[static_cast<std::size_t>(t)].end());
    }
    const Map result = head.map();
    EXPECT_EQ(listing(result), want);
    EXPECT_NO_THROW(result.verify());
    EXPECT_EQ(listing(start), readonly);
}
