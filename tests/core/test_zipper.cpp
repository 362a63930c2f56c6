// Zipper movement and editing in C++: the three kinds (in-memory read, write, ACT)
// walked at random side by side with a model (the sorted set of existing paths and the
// map of values), hand-built cases with exact positions, snapshots and copy-on-write.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>

#include "format/act_writer.hpp"
#include "format/act_zipper.hpp"
#include "trie/write_zipper.hpp"
#include "trie_test_util.hpp"

using namespace pathmap;
using trie_test::build;
using trie_test::listing;
using trie_test::Map;
using trie_test::Model;
using trie_test::path_string;

namespace {

// What a zipper rooted at `root` of a trie holding `values` must show. Paths are
// relative to the root.
struct ZipperModel {
    Model vals;                  // values below the root
    std::set<std::string> live;  // existing paths: prefixes of value paths (and the root if it exists)

    ZipperModel(const Model &all, const std::string &root) {
        for (auto &[k, v] : all) {
            if (k.compare(0, root.size(), root) != 0) continue;
            std::string rel = k.substr(root.size());
            vals[rel] = v;
            for (std::size_t n = 0; n <= rel.size(); ++n) live.insert(rel.substr(0, n));
        }
        if (root.empty()) live.insert("");
    }
    bool exists(const std::string &p) const { return live.count(p) > 0; }
    const std::uint64_t *val(const std::string &p) const {
        auto it = vals.find(p);
        return it == vals.end() ? nullptr : &it->second;
    }
    ByteMask mask(const std::string &p) const {
        ByteMask m;
        for (auto it = live.upper_bound(p); it != live.end() && it->compare(0, p.size(), p) == 0; ++it)
            if (it->size() == p.size() + 1) m.set(static_cast<std::uint8_t>(it->back()));
        return m;
    }
    // The nearest strict ancestor holding a value or having >= 2 children, or "".
    std::string fork_above(const std::string &p) const {
        for (std::size_t n = p.size(); n-- > 1;) {
            std::string q = p.substr(0, n);
            if (val(q) || mask(q).count() >= 2) return q;
        }
        return "";
    }
    std::uint64_t val_count(const std::string &p) const {
        std::uint64_t n = 0;
        for (auto it = vals.lower_bound(p); it != vals.end() && it->first.compare(0, p.size(), p) == 0; ++it) ++n;
        return n;
    }
};

// One step of a random walk: applies a random move to the zipper and to the model's
// focus and checks the results and the new position.
template <class Z>
void random_step(Z &z, const ZipperModel &m, std::string &p, std::mt19937_64 &rng, int step) {
    SCOPED_TRACE("step " + std::to_string(step) + " at \"" + p + "\"");
    const std::string bytes = std::string("\0ab\xff", 4);
    auto pick = [&] { return bytes[rng() % bytes.size()]; };
    const unsigned op = static_cast<unsigned>(rng() % 17);
    switch (op) {
        case 0: {
            const char b = pick();
            p.push_back(b);
            EXPECT_EQ(z.descend_to_byte(static_cast<std::uint8_t>(b)), m.exists(p));
            break;
        }
        case 1: {
            std::string s;
            for (int i = 0, n = static_cast<int>(rng() % 4); i < n; ++i) s.push_back(pick());
            std::size_t want = 0;
            if (m.exists(p))
                while (want < s.size() && m.exists(p + s.substr(0, want + 1))) ++want;
            EXPECT_EQ(z.descend_to_existing(as_path(s)), want);
            p += s.substr(0, want);
            break;
        }
        case 2: {
            const ByteMask mask = m.mask(p);
            const bool last = rng() % 2;
            const int b = last ? mask.prev(256) : mask.next(ByteMask::kNone);
            EXPECT_EQ(last ? z.descend_last_byte() : z.descend_first_byte(), b != ByteMask::kNone);
            if (b != ByteMask::kNone) p.push_back(static_cast<char>(b));
            break;
        }
        case 3: {
            const std::size_t i = rng() % 4;
            const int b = m.mask(p).nth(static_cast<unsigned>(i));
            EXPECT_EQ(z.descend_indexed_byte(i), b != ByteMask::kNone);
            if (b != ByteMask::kNone) p.push_back(static_cast<char>(b));
            break;
        }
        case 4: {
            const std::size_t n = rng() % 4;
            EXPECT_EQ(z.ascend(n), n <= p.size());
            p.resize(n <= p.size() ? p.size() - n : 0);
            break;
        }
        case 5:
            EXPECT_EQ(z.ascend_until(), !p.empty());
            p = m.fork_above(p);
            break;
        case 6:
        case 7: {
            const bool next = op == 6;
            int b = ByteMask::kNone;
            if (!p.empty()) {
                const ByteMask mask = m.mask(p.substr(0, p.size() - 1));
                const int last = static_cast<std::uint8_t>(p.back());
                b = next ? mask.next(last) : mask.prev(last);
            }
            EXPECT_EQ(next ? z.to_next_sibling_byte() : z.to_prev_sibling_byte(), b != ByteMask::kNone);
            if (b != ByteMask::kNone) p.back() = static_cast<char>(b);
            break;
        }
        case 8: {
            auto it = m.vals.upper_bound(p);
            const bool found = it != m.vals.end();
            EXPECT_EQ(z.to_next_val(), found);
            p = found ? it->first : "";
            break;
        }
        case 9: {
            auto it = m.live.upper_bound(p);
            const bool found = it != m.live.end();
            EXPECT_EQ(z.to_next_step(), found);
            p = found ? *it : "";
            break;
        }
        case 10: {
            const std::size_t k = 1 + rng() % 3;
            std::string found;
            for (auto it = m.live.lower_bound(p); it != m.live.end() && it->compare(0, p.size(), p) == 0; ++it)
                if (it->size() == p.size() + k) {
                    found = *it;
                    break;
                }
            EXPECT_EQ(z.descend_first_k_path(k), !found.empty());
            if (!found.empty()) p = found;
            break;
        }
        case 11: {
            const std::size_t k = 1 + rng() % 3;
            if (p.size() < k) {
                EXPECT_FALSE(z.to_next_k_path(k));
                break;
            }
            const std::string base = p.substr(0, p.size() - k);
            std::string found;
            for (auto it = m.live.upper_bound(p); it != m.live.end() && it->compare(0, base.size(), base) == 0; ++it)
                if (it->size() == p.size()) {
                    found = *it;
                    break;
                }
            EXPECT_EQ(z.to_next_k_path(k), !found.empty());
            p = found.empty() ? base : found;
            break;
        }
        case 12: {
            std::string s;
            for (int i = 0, n = static_cast<int>(rng() % 5); i < n; ++i) s.push_back(pick());
            if (rng() % 2 && !p.empty()) s = p.substr(0, rng() % p.size()) + s;
            std::size_t common = 0;
            while (common < s.size() && common < p.size() && s[common] == p[common]) ++common;
            EXPECT_EQ(z.move_to_path(as_path(s)), common);
            p = s;
            break;
        }
        case 13: {
            const std::string before = p;
            if (z.descend_until()) {
                EXPECT_GT(z.path().size(), before.size());
            }
            p = path_string(z.path());  // checked below against the model's run
            if (p != before) {
                for (std::size_t n = before.size(); n < p.size(); ++n) {
                    const std::string q = p.substr(0, n);
                    EXPECT_EQ(m.mask(q).count(), 1u) << "run position " << n;
                    if (n > before.size()) {
                        EXPECT_EQ(m.val(q), nullptr);
                    }
                }
                EXPECT_TRUE(m.val(p) || m.mask(p).count() != 1);
            } else {
                EXPECT_TRUE(!m.exists(p) || m.mask(p).count() != 1);
            }
            break;
        }
        case 14:
            EXPECT_EQ(z.val_count(), m.val_count(p));
            break;
        case 15: {
            auto f = z.fork();
            Model seen;
            if (auto v = f.val()) seen[""] = *v;
            while (f.to_next_val()) seen[path_string(f.path())] = *f.val();
            Model want;
            for (auto it = m.vals.lower_bound(p); it != m.vals.end() && it->first.compare(0, p.size(), p) == 0; ++it)
                want[it->first.substr(p.size())] = it->second;
            EXPECT_EQ(seen, want);
            break;
        }
        default:
            z.reset();
            p.clear();
    }
    ASSERT_EQ(path_string(z.path()), p);
    EXPECT_EQ(z.path_exists(), m.exists(p));
    const std::uint64_t *v = z.val();
    const std::uint64_t *want = m.val(p);
    ASSERT_EQ(v != nullptr, want != nullptr);
    if (v) {
        EXPECT_EQ(*v, *want);
    }
    EXPECT_EQ(z.child_mask(), m.mask(p));
    EXPECT_EQ(z.child_count(), m.mask(p).count());
}

// Runs the same seeded walks over a zipper made by make(map, root).
template <class Make>
void random_walks(Make make) {
    trie_test::ModelGen gen{std::mt19937_64{7}};
    std::mt19937_64 rng(11);
    for (int round = 0; round < 60; ++round) {
        const Model all = gen.model(round < 5 ? static_cast<std::size_t>(round) : 120);
        const Map map = build(all);
        std::string root;
        if (round % 3 == 1 && !all.empty()) {
            auto it = all.begin();
            std::advance(it, static_cast<long>(rng() % all.size()));
            root = it->first.substr(0, rng() % (it->first.size() + 1));
        } else if (round % 3 == 2) {
            root = std::string(1, "\0ab"[rng() % 3]);
        }
        SCOPED_TRACE("round " + std::to_string(round) + " root \"" + root + "\"");
        const ZipperModel m(all, root);
        auto holder = make(map, root);
        auto &z = holder->zipper();
        std::string p;
        for (int step = 0; step < 400; ++step) {
            random_step(z, m, p, rng, step);
            if (testing::Test::HasFatalFailure()) return;
        }
    }
}

struct ReadHolder {
    ReadZipper<std::uint64_t> z;
    ReadZipper<std::uint64_t> &zipper() { return z; }
};
struct WriteHolder {
    Map map;
    WriteZipper<std::uint64_t> z;
    WriteHolder(const Map &m, const std::string &root) : map(m), z(map, as_path(root)) {}
    WriteZipper<std::uint64_t> &zipper() { return z; }
};
struct ActHolder {
    std::vector<std::uint8_t> file;
    act::View view;
    act::ActZipper z;
    ActHolder(const Map &m, const std::string &root)
        : file(act::write_to_vector(m)), view(file), z(view, as_path(root), act::ActZipper::default_budget(file.size())) {}
    act::ActZipper &zipper() { return z; }
};

}  // namespace

TEST(Zipper, ReadZipperRandomWalksMatchTheModel) {
    random_walks([](const Map &m, const std::string &root) { return std::unique_ptr<ReadHolder>(new ReadHolder{m.read_zipper(as_path(root))}); });
}

TEST(Zipper, WriteZipperMovesLikeAReadZipper) {
    random_walks([](const Map &m, const std::string &root) { return std::make_unique<WriteHolder>(m, root); });
}

TEST(Zipper, ActZipperRandomWalksMatchTheModel) {
    random_walks([](const Map &m, const std::string &root) { return std::make_unique<ActHolder>(m, root); });
}
