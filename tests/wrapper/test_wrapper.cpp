// The C++ wrapper (pathmap.hpp), compiled as C++17 against the shared library: RAII,
// optional lookups, exceptions with codes, range-for in trie order, and exceptions
// thrown by callbacks carried across the C library.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "pathmap.hpp"

static_assert(__cplusplus == 201703L, "this test checks that pathmap.hpp is C++17");

namespace {

const std::string kSmall = PATHMAP_SOURCE_DIR "/tests/data/small.paths";
const std::string kSmallAct = PATHMAP_SOURCE_DIR "/tests/data/small.act";

TEST(Wrapper, SetGetRemoveClone) {
    pathmap::trie t;
    EXPECT_TRUE(t.empty());
    EXPECT_FALSE(t.set("a", 1).has_value());
    EXPECT_EQ(t.set("a", 2), std::optional<std::uint64_t>(1));
    EXPECT_EQ(t.get("a"), std::optional<std::uint64_t>(2));
    EXPECT_FALSE(t.get("b").has_value());
    pathmap::trie c = t.clone();
    EXPECT_EQ(c.remove("a"), std::optional<std::uint64_t>(2));
    EXPECT_TRUE(t.contains("a"));
    EXPECT_FALSE(c.contains("a"));
    EXPECT_EQ(t.val_count(), 1u);
    EXPECT_EQ(t.stats().paths, 1u);
}

TEST(Wrapper, AlgebraAndMerkleize) {
    pathmap::trie a, b;
    a.set("x", 1);
    a.set("y", 2);
    b.set("y", 5);
    b.set("z", 3);
    pathmap::trie j = a.join(b, PATHMAP_VALUES_MAX);
    EXPECT_EQ(j.val_count(), 3u);
    EXPECT_EQ(j.get("y"), std::optional<std::uint64_t>(5));
    EXPECT_EQ(a.meet(b).get("y"), std::optional<std::uint64_t>(2));
    EXPECT_EQ(a.subtract(b).val_count(), 2u);  // y's values differ
    EXPECT_EQ(a.subtract(b, PATHMAP_SUBTRACT_BY_PATH).val_count(), 1u);
    pathmap::trie p;
    p.set("", 0);
    a.insert_prefix("pre/");
    EXPECT_TRUE(a.contains("pre/x"));
    EXPECT_EQ(a.restrict_to(p).val_count(), 2u);
    pathmap::trie h = a.clone();
    h.drop_head(4);
    EXPECT_EQ(h.get("x"), std::optional<std::uint64_t>(1));
    pathmap_trie *none = nullptr;  // an out-of-range policy cannot be a pathmap_value_policy: C call
    EXPECT_EQ(pathmap_trie_join(a.get_handle(), b.get_handle(), 99, &none), PATHMAP_EINVAL);
    for (int i = 0; i < 100; ++i) j.set("r" + std::to_string(i) + "/tail", 7);
    pathmap_merkleize_stats s = j.merkleize();
    EXPECT_LT(s.nodes_after, s.nodes_before);
    EXPECT_EQ(j.val_count(), 103u);
}

TEST(Wrapper, IterationIncludesThePrefixValue) {
    pathmap::trie t;
    const std::string nul("a\0z", 3);
    for (const std::string &k : {std::string("b"), std::string("a"), std::string(), std::string("ab"), nul}) t.set(k, 0);
    std::vector<std::string> keys;
    for (auto [path, value] : t) keys.emplace_back(path);
    EXPECT_EQ(keys, (std::vector<std::string>{"", "a", std::string("a\0z", 3), "ab", "b"}));
    keys.clear();
    for (auto [path, value] : t.items("a")) keys.emplace_back(path);
    EXPECT_EQ(keys, (std::vector<std::string>{"a", std::string("a\0z", 3), "ab"}));
}

TEST(Wrapper, ErrorsCarryCodeAndMessage) {
    try {
        pathmap::trie::read_paths("/nonexistent/x.paths");
        FAIL();
    } catch (const pathmap::error &e) {
        EXPECT_EQ(e.code(), PATHMAP_EIO);
        EXPECT_NE(std::string(e.what()).find("/nonexistent/x.paths"), std::string::npos);
    }
    try {
        pathmap::metta_to_text("\x01\x41");
        FAIL();
    } catch (const pathmap::error &e) {
        EXPECT_EQ(e.code(), PATHMAP_ECORRUPT);
    }
    EXPECT_EQ(pathmap::metta_to_text("\x03\xc1=\xc0\x80"), "(= $a $a)");
}

TEST(Wrapper, CallbackExceptionsCrossTheCLibrary) {
    int seen = 0;
    EXPECT_THROW(pathmap::for_each_path(kSmall,
                                        [&](std::uint64_t index, std::string_view) {
                                            ++seen;
                                            if (index == 3) throw std::runtime_error("stop here");
                                        }),
                 std::runtime_error);
    EXPECT_EQ(seen, 4);
    auto stats = pathmap::for_each_path(kSmall, [](std::uint64_t, std::string_view) {});
    EXPECT_EQ(stats.path_count, 79u);
}

TEST(Wrapper, PathsRoundTrip) {
    pathmap::trie t = pathmap::trie::read_paths(kSmall);
    std::string file = "/tmp/pathmap-wrapper-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + ".paths";
    t.write_paths(file);
    pathmap::trie back = pathmap::trie::read_paths(file);
    std::remove(file.c_str());
    std::vector<std::pair<std::string, std::uint64_t>> a, b;
    for (auto [p, v] : t) a.emplace_back(p, v);
    for (auto [p, v] : back) b.emplace_back(p, v);
    EXPECT_EQ(a, b);
}

TEST(Wrapper, SnapshotRoundTripAndOneLoopForBothKinds) {
    pathmap::trie t = pathmap::trie::read_paths(kSmall);
    t.set("", 77);
    std::string file = "/tmp/pathmap-wrapper-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + ".act";
    pathmap_act_write_stats w = t.write_act(file);
    EXPECT_GT(w.file_bytes, 0u);
    pathmap::snapshot s(file);
    std::remove(file.c_str());  // the mapping stays valid after unlink
    auto listing = [](const auto &source, std::string_view prefix) {
        std::vector<std::pair<std::string, std::uint64_t>> out;
        for (auto [p, v] : source.items(prefix)) out.emplace_back(p, v);
        return out;
    };
    EXPECT_EQ(listing(s, ""), listing(t, ""));
    EXPECT_EQ(listing(s, "common/"), listing(t, "common/"));
    EXPECT_EQ(s.val_count(), t.val_count());
    EXPECT_EQ(s.get(""), 77u);
    EXPECT_EQ(s.get("no such path"), std::nullopt);
    EXPECT_EQ(s.root_count(), 1u);
    EXPECT_EQ(listing(s.to_trie(), ""), listing(t, ""));
    pathmap::trie more;
    more.set("zz-new", 5);
    std::string merged = file + ".merged";
    t.write_act(merged);
    pathmap::merge_into(merged, more);
    EXPECT_EQ(pathmap::snapshot(merged).get("zz-new"), 5u);
    EXPECT_EQ(pathmap::snapshot(merged, 1).get("zz-new"), std::nullopt);
    std::remove(merged.c_str());
    pathmap::zipper z = s.read_zipper("a");  // outlives the snapshot
    s = pathmap::snapshot(kSmallAct);
    EXPECT_TRUE(z.to_next_val());
    EXPECT_EQ(z.origin_path(), "ab");
    try {
        pathmap::snapshot bad(kSmall);
        FAIL() << "a .paths file opened as ACT";
    } catch (const pathmap::error &e) {
        EXPECT_EQ(e.code(), PATHMAP_EFORMAT);
    }
}

TEST(Wrapper, ZipperMovesEditsAndIterates) {
    pathmap::trie t;
    for (const char *k : {"ab", "abc", "abd", "b"}) t.set(k, 1);
    pathmap::zipper r = t.read_zipper();
    EXPECT_EQ(r.kind(), PATHMAP_ZIPPER_READ);
    EXPECT_TRUE(r.descend_to("ab"));
    EXPECT_EQ(r.child_count(), 2u);
    EXPECT_EQ(r.child_mask()[1], (std::uint64_t{1} << ('c' - 64)) | (std::uint64_t{1} << ('d' - 64)));
    EXPECT_TRUE(r.descend_last_byte());
    EXPECT_EQ(r.path(), "abd");
    EXPECT_TRUE(r.to_prev_sibling_byte());
    EXPECT_EQ(r.path(), "abc");
    EXPECT_TRUE(r.ascend_until());
    EXPECT_EQ(r.path(), "ab");
    EXPECT_FALSE(r.descend_to("x"));
    EXPECT_FALSE(r.path_exists());
    r.reset();
    EXPECT_EQ(r.val_count(), 4u);

    pathmap::zipper w = t.write_zipper("ab");
    EXPECT_EQ(w.kind(), PATHMAP_ZIPPER_WRITE);
    w.descend_to("e");
    EXPECT_FALSE(w.set_val(5).has_value());
    EXPECT_EQ(w.get_or_set_val(9), 5u);
    w.reset();
    w.join(r.fork(), PATHMAP_VALUES_SUM);  // the whole trie, at "ab"
    std::vector<std::pair<std::string, std::uint64_t>> got;
    for (auto [p, v] : w.items()) got.emplace_back(p, v);
    EXPECT_EQ(got, (std::vector<std::pair<std::string, std::uint64_t>>{
                       {"ab", 1}, {"abab", 1}, {"ababc", 1}, {"ababd", 1}, {"abb", 1}, {"abc", 1}, {"abd", 1}, {"abe", 5}}));
    pathmap::trie taken = w.take_trie();
    EXPECT_EQ(taken.val_count(), 8u);
    EXPECT_EQ(t.val_count(), 1u);  // "b"
    EXPECT_THROW(r.set_val(1), pathmap::error);  // a read zipper
}

TEST(Wrapper, ZipperHeadHandsOutExclusivePaths) {
    pathmap::trie t;
    t.set("a1", 1);
    pathmap::zipper_head head(t);
    {
        pathmap::zipper w = head.write_zipper("a");
        w.descend_to("2");
        w.set_val(2);
        try {
            head.read_zipper("a2");
            FAIL();
        } catch (const pathmap::error &e) {
            EXPECT_EQ(e.code(), PATHMAP_ECONFLICT);
        }
        pathmap::zipper r = head.read_zipper("b");
        EXPECT_FALSE(r.to_next_val());
        w.commit();
        EXPECT_EQ(head.committed().get("a2"), std::optional<std::uint64_t>(2));
    }
    pathmap::zipper r = head.read_zipper("a");  // the writer released its path
    EXPECT_EQ(r.val_count(), 2u);
    EXPECT_EQ(t.val_count(), 1u);  // the head works on a clone
}

TEST(Wrapper, QueryRangeOverTrieAndSnapshot) {
    pathmap::trie t;
    t.add_metta("(f $a $a) (f $a b) (f c d) (g 1)");
    auto matches = [](pathmap::query q) {
        std::vector<std::string> out;
        for (pathmap::query &m : q) {
            std::string line = pathmap::metta_to_text(m.path()) + " #" + std::to_string(m.value());
            for (std::size_t i = 0; i < m.binding_count(); ++i)
                line += " $" + std::string(m.binding_name(i)) + "=" + std::string(m.binding_text(i));
            out.push_back(line);
        }
        return out;
    };
    // trie order: after (f $a, VarRef 0x80 sorts before a symbol tag
    EXPECT_EQ(matches(pathmap::query(t, "(f $x $y)")),
              (std::vector<std::string>{"(f $a $a) #0 $x=$a $y=$a", "(f $a b) #1 $x=$a $y=b", "(f c d) #2 $x=c $y=d"}));
    EXPECT_EQ(matches(pathmap::query(t, "(f $x $x)")), std::vector<std::string>{"(f $a $a) #0 $x=$a"});
    EXPECT_EQ(matches(pathmap::query(t, "(f $x $x)", PATHMAP_QUERY_UNIFY)),
              (std::vector<std::string>{"(f $a $a) #0 $x=$a", "(f $a b) #1 $x=b"}));
    std::string file = "/tmp/pathmap-wrapper-query-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + ".act";
    t.write_act(file);
    pathmap::snapshot s(file);
    std::remove(file.c_str());
    EXPECT_EQ(matches(pathmap::query(s, "(f $x $y)")), matches(pathmap::query(t, "(f $x $y)")));
    pathmap::query q(s, "(f c $y)");
    ASSERT_TRUE(q.next());
    EXPECT_EQ(q.binding_span(0), (std::pair<std::size_t, std::size_t>{5, 2}));  // 03 c1 f c1 c | c1 d
    EXPECT_GT(q.steps(), 0u);
    EXPECT_FALSE(q.next());
    try {
        pathmap::query bad(t, "(f $x");
        FAIL() << "a malformed pattern was accepted";
    } catch (const pathmap::error &e) {
        EXPECT_EQ(e.code(), PATHMAP_ECORRUPT);
    }
}

}  // namespace
