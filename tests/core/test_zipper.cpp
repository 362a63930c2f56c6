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

namespace {

std::string random_path(std::mt19937_64 &rng, int max_len) {
    std::string s;
    for (int i = 0, n = static_cast<int>(rng() % static_cast<unsigned>(max_len + 1)); i < n; ++i) s.push_back("\0ab\xff"[rng() % 4]);
    return s;
}

bool starts_with(const std::string &s, const std::string &p) { return s.compare(0, p.size(), p) == 0; }

// The part of m at and below prefix, relative to it.
Model below(const Model &m, const std::string &prefix) {
    Model out;
    for (auto it = m.lower_bound(prefix); it != m.end() && starts_with(it->first, prefix); ++it) out[it->first.substr(prefix.size())] = it->second;
    return out;
}

// m with everything at and below prefix replaced by sub (paths relative to prefix).
Model replaced(Model m, const std::string &prefix, const Model &sub) {
    for (auto it = m.lower_bound(prefix); it != m.end() && starts_with(it->first, prefix);) it = m.erase(it);
    for (auto &[k, v] : sub) m[prefix + k] = v;
    return m;
}

}  // namespace

// Random edits at random foci against a std::map model: every edit of the write
// zipper and the algebra at its focus (default value policies), with clones and read
// zippers taken before each edit left unchanged, and the trie canonical after each.
TEST(Zipper, WriteZipperEditsMatchTheModel) {
    trie_test::ModelGen gen{std::mt19937_64{3}};
    std::mt19937_64 rng(5);
    const int rounds = 40;
    for (int round = 0; round < rounds; ++round) {
        Model model = gen.model(60);
        Map map = build(model);
        const std::string root = round % 2 ? random_path(rng, 2) : "";
        WriteZipper<std::uint64_t> z(map, as_path(root));
        for (int step = 0; step < 150; ++step) {
            const std::string p = random_path(rng, 4);
            z.move_to_path(as_path(p));
            const std::string at = root + p;
            SCOPED_TRACE("round " + std::to_string(round) + " step " + std::to_string(step) + " at \"" + at + "\"");
            const Model before = model;
            const Map snapshot = map.clone();
            auto reader = map.read_zipper();
            // A source: another trie's subtrie at a random path.
            const Model src_all = gen.model(20);
            const Map src_map = build(src_all);
            const std::string q = random_path(rng, 1);
            auto src = src_map.read_zipper();
            src.descend_to(as_path(q));
            const Model src_sub = below(src_all, q);
            Model mine = below(model, at);
            const std::uint64_t v = rng() % 4;
            switch (rng() % 11) {
                case 0: {
                    auto old = z.set_val(v);
                    auto it = model.find(at);
                    EXPECT_EQ(old.has_value(), it != model.end());
                    model[at] = v;
                    break;
                }
                case 1: {
                    auto old = z.remove_val();
                    EXPECT_EQ(old.has_value(), model.erase(at) == 1);
                    break;
                }
                case 2: {
                    std::uint64_t &ref = z.get_or_set_val(v);
                    model.emplace(at, v);
                    EXPECT_EQ(ref, model[at]);
                    ref += 10;  // in place
                    model[at] += 10;
                    break;
                }
                case 3:
                    z.graft(src);
                    model = replaced(model, at, src_sub);
                    break;
                case 4:
                    z.graft_map(src_map);
                    model = replaced(model, at, src_all);
                    break;
                case 5: {
                    Map taken = z.take_map();
                    EXPECT_EQ(listing(taken), mine);
                    model = replaced(model, at, {});
                    break;
                }
                case 6: {
                    Model keep;
                    if (mine.count("")) keep[""] = mine[""];
                    z.remove_branches();
                    model = replaced(model, at, keep);
                    break;
                }
                case 7:
                    z.join_into(src);
                    for (auto &[k, x] : src_sub) mine.emplace(k, x);  // the left (focus) value wins
                    model = replaced(model, at, mine);
                    break;
                case 8: {
                    z.meet_into(src);
                    Model out;
                    for (auto &[k, x] : mine)
                        if (src_sub.count(k)) out[k] = x;
                    model = replaced(model, at, out);
                    break;
                }
                case 9: {
                    z.subtract_into(src);
                    Model out;
                    for (auto &[k, x] : mine) {
                        auto it = src_sub.find(k);
                        if (it == src_sub.end() || it->second != x) out[k] = x;
                    }
                    model = replaced(model, at, out);
                    break;
                }
                default: {
                    z.restrict(src);
                    Model out;
                    for (auto &[k, x] : mine)
                        for (std::size_t n = 0; n <= k.size(); ++n)
                            if (src_sub.count(k.substr(0, n))) {
                                out[k] = x;
                                break;
                            }
                    model = replaced(model, at, out);
                }
            }
            ASSERT_EQ(listing(map), model);
            ASSERT_NO_THROW(map.verify());
            ASSERT_EQ(path_string(z.path()), p);
            const std::uint64_t *val = z.val();
            ASSERT_EQ(val != nullptr, model.count(at) > 0);
            if (val) {
                EXPECT_EQ(*val, model[at]);
            }
            EXPECT_EQ(z.path_exists(), at.empty() || (model.lower_bound(at) != model.end() && starts_with(model.lower_bound(at)->first, at)));
            ASSERT_EQ(listing(snapshot), before);
            Model seen;
            if (auto rv = reader.val()) seen[""] = *rv;
            while (reader.to_next_val()) seen[path_string(reader.path())] = *reader.val();
            ASSERT_EQ(seen, before);
        }
    }
}

// graft shares the source's nodes: grafting a 20,000-path subtrie allocates only the
// nodes on the path to the focus, and the grafted subtrie is the source's node.
TEST(Zipper, GraftSharesInsteadOfCopying) {
    Map src;
    for (int i = 0; i < 20000; ++i) src.set(as_path("k" + std::to_string(i)), static_cast<std::uint64_t>(i));
    Map dst;
    for (int i = 0; i < 100; ++i) dst.set(as_path("dst/" + std::to_string(i)), 1);
    WriteZipper<std::uint64_t> z(dst, as_path("dst/5"));
    z.descend_to(as_path("/x"));
    const std::uint64_t before = detail::node_allocations;
    z.graft_map(src);
    EXPECT_LE(detail::node_allocations - before, 8u);
    EXPECT_EQ(z.val_count(), 20000u);
    EXPECT_EQ(dst.val_count(), 20100u);
    // src's root gets a longer prefix (a new node); its children are src's own.
    const auto *grafted = detail::locate(dst.root_node(), as_path("dst/5/xk")).node;
    ASSERT_EQ(grafted->nchild, src.root_node()->nchild);
    for (unsigned i = 0; i < grafted->nchild; ++i) EXPECT_EQ(grafted->kids()[i], src.root_node()->kids()[i]);
    // The focus value belongs to the subtrie: grafting an empty trie removes it too,
    // while remove_branches keeps it.
    z.set_val(7);
    z.remove_branches();
    EXPECT_EQ(z.val_count(), 1u);
    EXPECT_EQ(*z.val(), 7u);
    z.graft_map(Map{});
    EXPECT_EQ(z.val(), nullptr);
    EXPECT_FALSE(z.path_exists());
    EXPECT_EQ(dst.val_count(), 100u);
}

// The focus value takes part in every subtrie operation as the subtrie's empty path.
TEST(Zipper, FocusValueIsPartOfTheSubtrie) {
    Map src;
    src.set({}, 50);
    src.set(as_path("x"), 51);
    auto rz = src.read_zipper();
    auto fresh = [] {
        Map m;
        m.set(as_path("f"), 1);
        m.set(as_path("fy"), 2);
        return m;
    };
    {
        Map m = fresh();
        WriteZipper<std::uint64_t> z(m, as_path("f"));
        z.join_into(rz, U64Policy{U64Combine::sum});
        EXPECT_EQ(listing(m), (Model{{"f", 51}, {"fx", 51}, {"fy", 2}}));
    }
    {
        Map m = fresh();
        WriteZipper<std::uint64_t> z(m, as_path("f"));
        z.meet_into(rz);
        EXPECT_EQ(listing(m), (Model{{"f", 1}}));
    }
    {
        Map m = fresh();
        WriteZipper<std::uint64_t> z(m, as_path("f"));
        z.subtract_into(rz, SubtractByPath{});
        EXPECT_EQ(listing(m), (Model{{"fy", 2}}));
    }
    {
        Map m = fresh();
        WriteZipper<std::uint64_t> z(m, as_path("f"));
        Map taken = z.take_map();
        EXPECT_EQ(listing(taken), (Model{{"", 1}, {"y", 2}}));
        EXPECT_TRUE(m.is_empty());
    }
}
