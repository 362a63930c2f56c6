// ACT format: the upstream fixtures (read and byte-identical write), the spec's worked
// examples, model-based round trips against std::map in both writer modes, root
// history, and safety on truncated, bit-flipped and hand-made corrupt files.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "format/act_format.hpp"
#include "format/act_merge.hpp"
#include "format/act_reader.hpp"
#include "format/act_writer.hpp"
#include "format/act_zipper.hpp"

namespace {

using namespace pathmap;
using Bytes = std::vector<std::uint8_t>;
using Model = std::map<std::string, std::uint64_t>;

const std::string kData = std::string(PATHMAP_SOURCE_DIR) + "/tests/data/";
constexpr std::uint64_t kNoBudget = ~std::uint64_t{0};

Bytes read_all(const std::string &file) {
    std::ifstream in(file, std::ios::binary);
    return Bytes(std::istreambuf_iterator<char>(in), {});
}

// The fixtures' TSV listing (fixtures README): KEY<TAB>VALUE, bytes outside 0x21..0x7E
// and the backslash as \xHH.
Model read_tsv(const std::string &file) {
    Model m;
    std::ifstream in(file, std::ios::binary);
    std::string line;
    while (std::getline(in, line)) {
        const auto tab = line.rfind('\t');
        std::string key;
        for (std::size_t i = 0; i < tab; ++i) {
            if (line[i] == '\\') {
                key.push_back(static_cast<char>(std::stoi(line.substr(i + 2, 2), nullptr, 16)));
                i += 3;
            } else {
                key.push_back(line[i]);
            }
        }
        m[key] = std::stoull(line.substr(tab + 1));
    }
    return m;
}

PathMap<std::uint64_t> to_trie(const Model &m) {
    PathMap<std::uint64_t> t;
    for (const auto &[k, v] : m) t.set(as_path(k), v);
    return t;
}

// Everything a zipper lists below prefix (relative paths), root value included.
Model list(const act::View &view, const std::string &prefix = "", std::uint64_t budget = kNoBudget) {
    Model out;
    act::ActZipper z(view, as_path(prefix), budget);
    auto put = [&] {
        Path p = z.path();
        EXPECT_TRUE(out.emplace(std::string(p.begin(), p.end()), *z.val()).second) << "path listed twice";
    };
    if (z.val()) put();
    std::string prev;
    while (z.to_next_val()) {
        Path p = z.path();
        std::string cur(p.begin(), p.end());
        EXPECT_LT(prev, cur) << "not in trie order";
        prev = cur;
        put();
    }
    return out;
}

Model below(const Model &m, const std::string &prefix) {
    Model out;
    for (auto it = m.lower_bound(prefix); it != m.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it)
        out[it->first.substr(prefix.size())] = it->second;
    return out;
}

Bytes write(const Model &m, bool share = false, const std::string &prefix = "") {
    return act::write_to_vector(to_trie(m), as_path(prefix), {share});
}

Bytes with_header(std::uint64_t root, std::initializer_list<int> arena) {
    Bytes b{'A', 'C', 'T', 'r', 'e', 'e', '0', '3'};
    for (int i = 0; i < 8; ++i) b.push_back(static_cast<std::uint8_t>(root >> (8 * i)));
    for (int x : arena) b.push_back(static_cast<std::uint8_t>(x));
    return b;
}

// --- upstream fixtures -----------------------------------------------------------

class Fixture : public ::testing::TestWithParam<const char *> {};

TEST_P(Fixture, ReadsExactlyTheExpectedListingAndEveryKey) {
    const Bytes file = read_all(kData + GetParam() + ".act");
    const Model expected = read_tsv(kData + GetParam() + ".expected.tsv");
    ASSERT_FALSE(expected.empty());
    const act::View view(file);
    EXPECT_EQ(list(view), expected);
    for (const auto &[k, v] : expected) ASSERT_EQ(view.get(as_path(k)), v) << k;
    EXPECT_EQ(view.get(as_path(expected.rbegin()->first + "\x01")), std::nullopt);
}

TEST_P(Fixture, WritingTheListingReproducesTheUpstreamBytes) {
    const Bytes file = read_all(kData + GetParam() + ".act");
    EXPECT_EQ(write(read_tsv(kData + GetParam() + ".expected.tsv")), file);
}

TEST_P(Fixture, ListingBelowPrefixesMatchesTheModel) {
    const Bytes file = read_all(kData + GetParam() + ".act");
    const Model expected = read_tsv(kData + GetParam() + ".expected.tsv");
    const act::View view(file);
    std::mt19937_64 rng(7);
    std::vector<std::string> keys;
    for (const auto &kv : expected) keys.push_back(kv.first);
    for (int i = 0; i < 200; ++i) {
        const std::string &k = keys[rng() % keys.size()];
        const std::string prefix = k.substr(0, rng() % (k.size() + 1));
        ASSERT_EQ(list(view, prefix), below(expected, prefix)) << prefix;
        ASSERT_EQ(list(view, prefix + "\xff\xfe"), below(expected, prefix + "\xff\xfe"));
    }
}

INSTANTIATE_TEST_SUITE_P(Upstream, Fixture, ::testing::Values("small", "words"));

// --- the spec's worked examples (act-format.md §7.3, §9) -------------------------

TEST(ActSpecExamples, FiveKeys) {
    const Bytes expected = with_header(42, {0x40, 0x01, 0x40, 0x02, 0x40, 0x03, 0x40, 0x04, 0x02, 0x08, 0x65, 0x66,
                                            0x02, 0x08, 0x67, 0x68, 0x02, 0x6A, 0x6B, 0x02, 0x0B, 0x63, 0x64, 0xC0,
                                            0x05, 0x07, 0x02, 0x07, 0x61, 0x62, 0, 0, 0, 0, 0, 0, 0, 0});
    const Model m{{"ace", 1}, {"acf", 2}, {"adg", 3}, {"adh", 4}, {"bjk", 5}};
    EXPECT_EQ(write(m), expected);
    EXPECT_EQ(list(act::View(expected)), m);
}

TEST(ActSpecExamples, RootWithOneChildIsALine) {
    const Bytes expected = with_header(34, {0x01, 0x65, 0xC0, 0x02, 0x02, 0x41, 0x01, 0x03, 0x64, 0x40, 0x03, 0x02,
                                            0x61, 0x62, 0x02, 0x09, 0x63, 0x64, 0x81, 0x04, 0x07, 0, 0, 0, 0, 0, 0, 0, 0});
    const Model m{{"abc", 1}, {"abcde", 2}, {"abd", 3}};
    EXPECT_EQ(write(m), expected);
    EXPECT_EQ(list(act::View(expected)), m);
    EXPECT_EQ(list(act::View(expected), "ab"), below(m, "ab"));
    EXPECT_EQ(list(act::View(expected), "a"), below(m, "a"));
}

TEST(ActSpecExamples, MaskFormFrom32Children) {
    Model m{{"zzz", 300}};
    for (int b = 0x40; b <= 0x67; ++b) m[std::string(1, static_cast<char>(b))] = static_cast<std::uint64_t>(b);
    const Bytes file = write(m);
    ASSERT_EQ(act::load_u64le(file.data() + 8), 104u);
    const Bytes root(file.begin() + 104, file.begin() + 106);
    EXPECT_EQ(root, (Bytes{0x20, 0x55}));
    EXPECT_EQ(list(act::View(file)), m);
}

TEST(ActSpecExamples, EmptyMapAndRootValue) {
    EXPECT_EQ(write({}), with_header(16, {0x00, 0, 0, 0, 0, 0, 0, 0, 0}));
    EXPECT_EQ(write({{"", 300}}), with_header(16, {0x40, 0xF9, 0x2C, 0x01, 0, 0, 0, 0, 0, 0, 0, 0}));
    EXPECT_EQ(list(act::View(write({{"", 300}}))), (Model{{"", 300}}));
    EXPECT_TRUE(list(act::View(write({}))).empty());
}

TEST(ActSpecExamples, AppendMergedFileHasTwoRoots) {
    const Bytes file = with_header(
        71, {0x04, 0x70, 0x70, 0x6C, 0x65, 0x05, 0x61, 0x6E, 0x61, 0x6E, 0x61, 0xC0, 0x01, 0x0B, 0xC0, 0x02, 0x09,
             0x02, 0x06, 0x61, 0x62, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x6C, 0x65, 0x04, 0x69, 0x63, 0x6F, 0x74, 0xC0,
             0x01, 0x08, 0xC0, 0x03, 0x08, 0x01, 0x70, 0x02, 0x08, 0x70, 0x72, 0x81, 0x04, 0x06, 0xC0, 0x14, 0x2F,
             0x02, 0x06, 0x61, 0x62, 0, 0, 0, 0, 0, 0, 0, 0, 33, 0, 0, 0, 0, 0, 0, 0});
    ASSERT_EQ(file.size(), 91u);
    const act::View view(file);
    EXPECT_EQ(view.roots(), (std::vector<std::uint64_t>{71, 33}));
    EXPECT_EQ(list(view), (Model{{"apple", 1}, {"apricot", 3}, {"banana", 20}}));
    EXPECT_EQ(list(view.at_root(33)), (Model{{"apple", 1}, {"banana", 2}}));
}

// --- model-based round trips --------------------------------------------------------

Model random_model(std::mt19937_64 &rng, int n) {
    Model m;
    const std::string alphabet = "ab\x00\xff" "c";
    for (int i = 0; i < n; ++i) {
        std::string k;
        const int len = static_cast<int>(rng() % 12);
        for (int j = 0; j < len; ++j) k.push_back(alphabet[rng() % alphabet.size()]);
        const int shift = static_cast<int>(rng() % 64);
        m[k] = rng() >> shift;
    }
    return m;
}

TEST(ActRoundTrip, RandomMapsInBothModesMatchTheModel) {
    std::mt19937_64 rng(42);
    for (int round = 0; round < 300; ++round) {
        const Model m = random_model(rng, 1 + static_cast<int>(rng() % 200));
        const Bytes plain = write(m);
        const Bytes dag = write(m, true);
        EXPECT_LE(dag.size(), plain.size());
        for (const Bytes *file : {&plain, &dag}) {
            const act::View view(*file);
            ASSERT_EQ(list(view), m);
            for (const auto &[k, v] : m) ASSERT_EQ(view.get(as_path(k)), v);
            ASSERT_EQ(view.get(as_path(std::string("q"))), std::nullopt);
            const std::string prefix = m.begin()->first.substr(0, 2);
            ASSERT_EQ(list(view, prefix), below(m, prefix));
        }
    }
}

TEST(ActRoundTrip, WritingUnderAPrefixWritesThatSubtrie) {
    std::mt19937_64 rng(5);
    const Model m = random_model(rng, 500);
    for (const std::string prefix : {"a", "ab", "b\xff", "zz", ""}) {
        const Model sub = below(m, prefix);
        EXPECT_EQ(list(act::View(write(m, false, prefix))), sub) << prefix;
        EXPECT_EQ(write(m, false, prefix), write(sub)) << "byte-identical to writing the subtrie itself";
    }
}

TEST(ActRoundTrip, SharedSubtriesShrinkRepeatedStructure) {
    Model m;  // 200 prefixes, each followed by the same 50 suffixes: one shared subtrie
    for (int p = 0; p < 200; ++p)
        for (int s = 0; s < 50; ++s) m["p" + std::to_string(p) + "/" + std::to_string(s * 7)] = 1;
    act::WriteStats plain_stats, dag_stats;
    const Bytes plain = act::write_to_vector(to_trie(m), {}, {false}, &plain_stats);
    const Bytes dag = act::write_to_vector(to_trie(m), {}, {true}, &dag_stats);
    EXPECT_LT(dag.size() * 10, plain.size());
    EXPECT_GT(dag_stats.shared_bytes_saved, 0u);
    EXPECT_EQ(dag_stats.file_bytes, dag.size());
    EXPECT_EQ(list(act::View(dag)), m);
}

TEST(ActRoundTrip, LongPathsAndDeepChains) {
    Model m;
    std::string k;
    for (int i = 0; i < 3000; ++i) {  // "a", "aa", ...: a chain 3000 branches deep
        k.push_back('a');
        m[k] = static_cast<std::uint64_t>(i);
    }
    m[std::string(200000, 'x')] = 9;
    const Bytes file = write(m);
    EXPECT_EQ(list(act::View(file)), m);
    EXPECT_EQ(act::View(file).get(as_path(std::string(200000, 'x'))), 9u);
}

// --- append-merge (§9) ------------------------------------------------------------

// Merges delta into file (in memory) and returns whether anything was appended.
bool merge(Bytes &file, const Model &delta, act::MergeMode mode) {
    const Bytes before = file;
    act::MergePlan plan = act::plan_merge(act::View(before), to_trie(delta), mode);
    if (plan.changed) act::append_to_vector(file, plan.next, plan.old.reuse, plan.trailer);
    EXPECT_TRUE(std::equal(before.begin() + 16, before.end(), file.begin() + 16)) << "a merge only appends";
    return plan.changed;
}

TEST(ActMerge, UpstreamDocExampleContentsAndHistory) {
    Bytes file = write({{"apple", 1}, {"banana", 2}});
    ASSERT_TRUE(merge(file, {{"apricot", 3}, {"banana", 20}}, act::MergeMode::join));
    const act::View view(file);
    ASSERT_EQ(view.roots().size(), 2u);
    EXPECT_EQ(list(view), (Model{{"apple", 1}, {"apricot", 3}, {"banana", 20}}));
    EXPECT_EQ(list(view.at_root(view.roots()[1])), (Model{{"apple", 1}, {"banana", 2}}));
    EXPECT_EQ(view.roots()[1], 33u) << "the old root, as upstream's trailer names it";
    EXPECT_EQ(act::load_u64le(file.data() + file.size() - 16), 0u) << "previous_suffix of a fresh file";
}

TEST(ActMerge, RandomMergesInEveryModeKeepEveryRoot) {
    std::mt19937_64 rng(11);
    for (int round = 0; round < 60; ++round) {
        Model model = random_model(rng, 1 + static_cast<int>(rng() % 150));
        Bytes file = write(model);
        std::vector<Model> history{model};
        for (int step = 0; step < 4; ++step) {
            const Model delta = random_model(rng, static_cast<int>(rng() % 40));
            const auto mode = static_cast<act::MergeMode>(rng() % 3);
            Model next = mode == act::MergeMode::replace ? delta : model;
            if (mode == act::MergeMode::join)
                for (const auto &[k, v] : delta) next[k] = v;
            if (mode == act::MergeMode::subtract)
                for (const auto &kv : delta) next.erase(kv.first);
            const bool changed = merge(file, delta, mode);
            EXPECT_EQ(changed, next != model);
            if (changed) history.insert(history.begin(), next);
            model = next;
        }
        const act::View view(file);
        const std::vector<std::uint64_t> roots = view.roots();
        ASSERT_EQ(roots.size(), history.size());
        for (std::size_t i = 0; i < roots.size(); ++i) ASSERT_EQ(list(view.at_root(roots[i])), history[i]) << "root " << i;
        for (const auto &[k, v] : model) ASSERT_EQ(view.get(as_path(k)), v);
    }
}

TEST(ActMerge, ReusesUnchangedSubtriesByOffset) {
    const Bytes words = read_all(kData + "words.act");
    Bytes file = words;
    ASSERT_TRUE(merge(file, {{"zzzzz-new", 7}}, act::MergeMode::join));
    EXPECT_LT(file.size() - words.size(), 2000u) << "appends the changed path's runs only";
    Model expected = read_tsv(kData + "words.expected.tsv");
    expected["zzzzz-new"] = 7;
    EXPECT_EQ(list(act::View(file)), expected);
    Bytes again = file;
    EXPECT_FALSE(merge(again, {{"zzzzz-new", 7}}, act::MergeMode::join)) << "nothing new: nothing appended";
    EXPECT_EQ(again, file);
    ASSERT_TRUE(merge(file, {{"zzzzz-new", 0}, {"A", 0}}, act::MergeMode::subtract));
    expected.erase("zzzzz-new");
    expected.erase("A");
    EXPECT_EQ(list(act::View(file)), expected);
    EXPECT_EQ(act::View(file).roots().size(), 3u);
}

TEST(ActMerge, AnInterruptedMergeAddsNoRoot) {
    Bytes file = write({{"a", 1}, {"b", 2}});
    const Bytes before = file;
    act::MergePlan plan = act::plan_merge(act::View(before), to_trie({{"c", 3}}), act::MergeMode::join);
    act::append_to_vector(file, plan.next, plan.old.reuse, plan.trailer);
    std::copy(before.begin() + 8, before.begin() + 16, file.begin() + 8);  // the root update never happened
    const act::View view(file);
    EXPECT_EQ(view.roots(), (std::vector<std::uint64_t>{view.root()}));
    EXPECT_EQ(list(view), (Model{{"a", 1}, {"b", 2}}));
    ASSERT_TRUE(merge(file, {{"d", 4}}, act::MergeMode::join)) << "a later merge works";
    EXPECT_EQ(list(act::View(file)), (Model{{"a", 1}, {"b", 2}, {"d", 4}}));
    EXPECT_EQ(act::View(file).roots().size(), 2u);
}

// --- untrusted input ------------------------------------------------------------------

// Reads everything a file offers; a corrupt file must throw Error, nothing else.
void read_everything(std::span<const std::uint8_t> file) {
    try {
        const act::View view(file);
        (void)list(view, "", act::ActZipper::default_budget(file.size()));
        (void)view.get(as_path(std::string("common/prefix")));
        (void)view.roots();
    } catch (const Error &e) {
        EXPECT_TRUE(e.code() == Errc::corrupt || e.code() == Errc::format) << e.what();
    }
}

TEST(ActUntrusted, EveryTruncationOfSmallIsCleanlyRejectedOrRead) {
    const Bytes file = read_all(kData + "small.act");
    for (std::size_t len = 0; len < file.size(); ++len) read_everything({file.data(), len});
}

TEST(ActUntrusted, ThousandsOfBitFlips) {
    const Bytes good = read_all(kData + "small.act");
    std::mt19937_64 rng(99);
    for (int i = 0; i < 4000; ++i) {
        Bytes file = good;
        for (int f = 0; f < 1 + static_cast<int>(rng() % 3); ++f) file[rng() % file.size()] ^= static_cast<std::uint8_t>(1u << (rng() % 8));
        read_everything(file);
    }
}

Errc open_error(const Bytes &file) {
    try {
        const act::View view(file);
        (void)list(view);
    } catch (const Error &e) {
        return e.code();
    }
    return Errc::internal;  // not rejected
}

TEST(ActUntrusted, HandMadeBadFiles) {
    constexpr int Z = 0;
    EXPECT_EQ(open_error({'A', 'C', 'T'}), Errc::format);
    EXPECT_EQ(open_error(with_header(16, {0, Z, Z, Z, Z, Z, Z, Z, Z})), Errc::internal) << "the empty map is fine";
    Bytes old = with_header(16, {0, Z, Z, Z, Z, Z, Z, Z, Z});
    old[7] = '1';
    EXPECT_EQ(open_error(old), Errc::format);
    EXPECT_EQ(open_error(with_header(16, {})), Errc::corrupt) << "no root node";
    EXPECT_EQ(open_error(with_header(99, {0x00})), Errc::corrupt) << "root offset past the end";
    EXPECT_EQ(open_error(with_header(3, {0x00})), Errc::corrupt) << "root offset inside the header";
    EXPECT_EQ(open_error(with_header(16, {0x41, 0x01, 0x01, 0x61})), Errc::corrupt) << "first child in the header";
    EXPECT_EQ(open_error(with_header(18, {0x40, 0x01, 0x01, 0x00, 0x61})), Errc::corrupt) << "stored offset 0 (self)";
    EXPECT_EQ(open_error(with_header(16, {0xC0, 0x01})), Errc::corrupt) << "line without its data varint";
    EXPECT_EQ(open_error(with_header(19, {0x05, 0x61, 0x62, 0xC0, 0x01, 0x03})), Errc::corrupt) << "line length past its node";
    EXPECT_EQ(open_error(with_header(17, {0x00, 0xC0, 0x01, 0x01})), Errc::corrupt) << "empty line data";
    EXPECT_EQ(open_error(with_header(18, {0x40, 0x01, 0x21, 0x02})), Errc::corrupt) << "child count 33";
    EXPECT_EQ(open_error(with_header(18, {0x40, 0x01, 0x02, 0x02, 0x61, 0x62})), Errc::corrupt) << "run of 2 holds 1 node";
    EXPECT_EQ(open_error(with_header(20, {0x40, 0x01, 0x40, 0x02, 0x02, 0x04, 0x62, 0x61})), Errc::corrupt) << "bytes descending";
    EXPECT_EQ(open_error(with_header(18, {0x01, 0x61, 0xC1, 0x01, 0x02, 0x02})), Errc::corrupt) << "line with value and child";
    EXPECT_EQ(open_error(with_header(16, {0x40, 0xFF, 0x01})), Errc::corrupt) << "truncated varint";
    EXPECT_EQ(open_error(with_header(20, {0x40, 0x01, 0x40, 0x02, 0x01, 0x05, 0x61})), Errc::corrupt) << "offset reaching before the arena";
}

TEST(ActUntrusted, ExponentialFileHitsTheBudget) {
    // Level k: a branch with children 'a','b' whose run is two copies of level k-1's
    // node, so 40 levels describe 2^40 paths in a few hundred bytes.
    Bytes arena;
    std::uint64_t prev = 0;
    for (int level = 1; level <= 40; ++level) {
        // level 1's run: two leaves; level k's: two branches pointing at level k-1's run
        const std::uint64_t run = 16 + arena.size();
        for (int copy = 0; copy < 2; ++copy) {
            const std::uint64_t at = 16 + arena.size();
            const std::uint64_t stored = at - prev;
            if (level == 1) {
                arena.insert(arena.end(), {0x40, 0x01});
            } else {
                arena.push_back(0x02);
                std::uint8_t v[9];
                arena.insert(arena.end(), v, v + act::put_varint(v, stored));
                arena.insert(arena.end(), {'a', 'b'});
            }
        }
        prev = run;
    }
    const std::uint64_t root = 16 + arena.size();
    arena.push_back(0x02);
    std::uint8_t v[9];
    arena.insert(arena.end(), v, v + act::put_varint(v, root - prev));
    arena.insert(arena.end(), {'a', 'b'});
    Bytes file{'A', 'C', 'T', 'r', 'e', 'e', '0', '3'};
    for (int i = 0; i < 8; ++i) file.push_back(static_cast<std::uint8_t>(root >> (8 * i)));
    file.insert(file.end(), arena.begin(), arena.end());
    file.insert(file.end(), 8, 0);
    ASSERT_LT(file.size(), 1000u);
    const act::View view(file);
    EXPECT_EQ(view.get(as_path(std::string(40, 'b'))), 1u);
    try {
        (void)list(view, "", act::ActZipper::default_budget(file.size()));
        FAIL() << "iteration of 2^40 paths finished";
    } catch (const Error &e) {
        EXPECT_EQ(e.code(), Errc::corrupt);
        EXPECT_NE(std::string(e.what()).find("budget"), std::string::npos);
    }
}

TEST(ActUntrusted, TrailerLoopIsRejected) {
    Bytes file = write({{"a", 1}});
    // a trailer whose previous_suffix points at itself
    const std::uint64_t off = file.size();
    for (std::uint64_t x : {off, std::uint64_t{16}})
        for (int i = 0; i < 8; ++i) file.push_back(static_cast<std::uint8_t>(x >> (8 * i)));
    EXPECT_THROW((void)act::View(file).roots(), Error);
}

}  // namespace
