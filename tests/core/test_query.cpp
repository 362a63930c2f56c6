// Pattern queries (metta/query.hpp): at least 50 patterns, one-way and unify, checked
// against a brute-force matcher of the test's own (a structural match and a naive
// unifier over decoded terms) on all 91,692 axioms of the bundled knowledge base, on
// an in-memory trie and on an ACT snapshot written from it; the walk's selectivity
// (steps taken); stored variables as leaves; malformed stored bytes, corrupted
// snapshots and the budget. Under sanitizers a sample of the axioms keeps it fast.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <random>
#include <string_view>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "format/act_reader.hpp"
#include "format/act_writer.hpp"
#include "format/act_zipper.hpp"
#include "format/paths_codec.hpp"
#include "metta/encoding.hpp"
#include "metta/expr_text.hpp"
#include "metta/expr_walk.hpp"
#include "metta/parser.hpp"
#include "metta/query.hpp"
#include "query_brute_force.hpp"
#include "trie/path_map.hpp"

namespace {

using pathmap::Errc;
using pathmap::Error;
using pathmap::Path;
using namespace pathmap::metta;
using query_brute_force::match_one_way;
using query_brute_force::match_unify;

std::string str(Path p) { return {reinterpret_cast<const char *>(p.data()), p.size()}; }

// One match: the path and the text of each binding, in variable order.
struct Match {
    std::string path;
    std::vector<std::string> bindings;
    bool operator==(const Match &) const = default;
};
std::ostream &operator<<(std::ostream &os, const Match &m) {
    os << expr_to_text(pathmap::as_path(m.path));
    for (const std::string &b : m.bindings) os << " | " << b;
    return os;
}

// ---- the knowledge base ------------------------------------------------------

// Under sanitizers the knowledge base is a sample: every 16th axiom under TSan (10-20x
// slower), every 4th under ASan (whose malloc the brute-force unifier keeps busy).
#if defined(__SANITIZE_THREAD__)
constexpr std::uint64_t kStride = 16;
#elif defined(__SANITIZE_ADDRESS__)
constexpr std::uint64_t kStride = 4;
#else
constexpr std::uint64_t kStride = 1;
#endif

struct Kb {
    std::vector<std::string> paths;  // in trie order (the file's order)
    std::vector<Term> terms;
    pathmap::PathMap<std::uint64_t> trie;
    std::vector<std::uint8_t> act;
};

const Kb &kb() {
    static const Kb k = [] {
        Kb k;
        std::ifstream in(PATHMAP_SOURCE_DIR "/data/big_logic.metta.paths", std::ios::binary);
        const std::vector<std::uint8_t> file((std::istreambuf_iterator<char>(in)), {});
        pathmap::paths::decode(file, [&](std::uint64_t i, Path p) {
            if (i % kStride != 0) return true;
            k.paths.push_back(str(p));
            k.trie.set(p, i);
            return true;
        });
        for (const std::string &p : k.paths) k.terms.push_back(decode(pathmap::as_path(p)));
        k.act = pathmap::act::write_to_vector(k.trie);
        return k;
    }();
    return k;
}

std::vector<Match> brute_force(const Pattern &p, bool unify) {
    std::vector<Match> out;
    for (std::size_t i = 0; i < kb().paths.size(); ++i)
        if (auto b = unify ? match_unify(p, kb().terms[i]) : match_one_way(p, kb().terms[i])) out.push_back({kb().paths[i], *b});
    return out;
}

template <class Zipper>
std::vector<Match> run(Zipper z, const Pattern &p, QueryOptions o, std::uint64_t *steps = nullptr) {
    Query<Zipper> q(std::move(z), p, o);
    std::vector<Match> out;
    while (q.next()) {
        Match m{str(q.path()), {}};
        for (std::size_t i = 0; i < p.var_count(); ++i) {
            std::string text;
            q.append_binding_text(i, text);
            EXPECT_EQ(text, term_to_text(q.binding(i)));  // the text and the term agree
            m.bindings.push_back(std::move(text));
        }
        out.push_back(std::move(m));
    }
    if (steps) *steps = q.steps();
    return out;
}

std::vector<Match> on_trie(const Pattern &p, bool unify, std::uint64_t *steps = nullptr) {
    return run(kb().trie.read_zipper(), p, {unify}, steps);
}
std::vector<Match> on_act(const Pattern &p, bool unify) {
    const pathmap::act::View view(kb().act);
    return run(pathmap::act::ActZipper(view, {}, UINT64_MAX), p, {unify});
}

// ---- pattern compilation, semantics on small tries, malformed bytes -------------

pathmap::PathMap<std::uint64_t> trie_of(std::string_view text) {
    pathmap::PathMap<std::uint64_t> t;
    std::uint64_t i = 0;
    for (const Term &term : parse_all(text)) t.set(encode(term), i++);
    return t;
}

std::vector<Match> query_text(const pathmap::PathMap<std::uint64_t> &t, std::string_view pattern, QueryOptions o = {}) {
    return run(t.read_zipper(), Pattern::parse(pattern), o);
}

std::string enc_str(std::string_view text) {
    const std::vector<std::uint8_t> b = encode(parse_one(text));
    return {b.begin(), b.end()};
}

TEST(Query, PatternSteps) {
    const Pattern p = Pattern::parse("(f $x (g 1) $y $x)");
    EXPECT_EQ(p.var_names(), (std::vector<std::string>{"x", "y"}));
    using K = PatternStep::Kind;
    const auto steps = p.steps();
    ASSERT_EQ(steps.size(), 8u);
    // (f: arity then symbol; $x; (g 1): arity, symbol, symbol; $y; $x again
    const K kinds[] = {K::bytes, K::bytes, K::bind, K::bytes, K::bytes, K::bytes, K::bind, K::again};
    for (std::size_t i = 0; i < steps.size(); ++i) EXPECT_EQ(steps[i].kind, kinds[i]) << i;
    EXPECT_EQ(steps[0].end, 8u);  // the root's subtree is everything
    EXPECT_EQ(steps[3].end, 6u);  // (g 1) spans steps 3..5
    EXPECT_EQ(steps[4].offset, 5u);
    EXPECT_EQ(steps[4].length, 2u);  // c1 'g'
    EXPECT_EQ(steps[7].var, 0u);
    EXPECT_THROW(Pattern::parse("(f $x"), Error);
    try {
        Pattern::parse("(" + std::string(64 * 2, ' ') + ")");  // blank: fine
        std::string wide = "(";
        for (int i = 0; i < 64; ++i) wide += " a";
        Pattern::parse(wide + ")");
        FAIL() << "64 children accepted";
    } catch (const Error &e) {
        EXPECT_EQ(e.code(), Errc::invalid);
    }
}

TEST(Query, StoredVariablesAreLeaves) {
    const auto t = trie_of("(f $a $a) (f $a b) (f (g $a) (g $a)) (f (g $a) (g $b)) (f $a (g $a)) (k $a $b $a)");
    auto texts = [](const std::vector<Match> &ms) {
        std::vector<std::string> out;
        for (const Match &m : ms) {
            std::string line = expr_to_text(pathmap::as_path(m.path));
            for (const std::string &b : m.bindings) line += " | " + b;
            out.push_back(line);
        }
        return out;
    };
    // A repeated pattern variable meets equal values: NewVar and VarRef of one stored
    // variable are equal, two different stored variables are not.
    EXPECT_EQ(texts(query_text(t, "(f $x $x)")),
              (std::vector<std::string>{"(f (g $a) (g $a)) | (g $a)", "(f $a $a) | $a"}));  // trie order: 0x02 < 0xc0
    EXPECT_EQ(texts(query_text(t, "(f $x b)")), (std::vector<std::string>{"(f $a b) | $a"}));
    EXPECT_TRUE(query_text(t, "(f b $x)").empty());  // a stored variable is no constant
    EXPECT_EQ(texts(query_text(t, "(k $x $y $x)")), (std::vector<std::string>{"(k $a $b $a) | $a | $b"}));
    EXPECT_TRUE(query_text(t, "(k $x $x $y)").empty());
    // A binding's variables keep the names they have in the whole expression.
    EXPECT_EQ(texts(query_text(t, "(f (g $x) (g $y))")),
              (std::vector<std::string>{"(f (g $a) (g $a)) | $a | $a", "(f (g $a) (g $b)) | $a | $b"}));
    // Unify: stored variables bind pattern sub-expressions, consistently.
    EXPECT_EQ(texts(query_text(t, "(f c c)", {true})), (std::vector<std::string>{"(f $a $a)"}));
    // (f $a $a) and (f (g $a) (g $a)) fail the occurs check
    EXPECT_EQ(texts(query_text(t, "(f $x (g $x))", {true})),
              (std::vector<std::string>{"(f (g $a) (g $b)) | (g $a)", "(f $a (g $a)) | $a"}));
    EXPECT_EQ(texts(query_text(t, "(f (g c) $y)", {true})),
              (std::vector<std::string>{"(f (g $a) (g $a)) | (g c)", "(f (g $a) (g $b)) | (g $b)", "(f $a (g $a)) | (g (g c))",
                                        "(f $a $a) | (g c)", "(f $a b) | b"}));
}

TEST(Query, OnlyWholeExpressionsMatch) {
    pathmap::PathMap<std::uint64_t> t;
    const std::string fa = enc_str("(f a)");
    t.set(pathmap::as_path(fa + "\x01"), 0);        // bytes after the expression
    t.set(pathmap::as_path(fa.substr(0, 4)), 1);    // cut inside the symbol
    t.set(pathmap::as_path(enc_str("(f b)")), 2);
    EXPECT_EQ(query_text(t, "(f $x)").size(), 1u);
    EXPECT_TRUE(query_text(t, "(f a)").empty());
}

TEST(Query, MalformedStoredBytesAreErrors) {
    auto error_of = [](std::string path, std::string_view pattern, bool unify) {
        pathmap::PathMap<std::uint64_t> t;
        t.set(pathmap::as_path(path), 0);
        try {
            query_text(t, pattern, {unify});
        } catch (const Error &e) {
            EXPECT_EQ(e.code(), Errc::corrupt);
            return std::string(e.what());
        }
        return std::string("no error");
    };
    EXPECT_NE(error_of("\x02\xc1" "f\x45", "(f $x)", false).find("reserved tag 0x45"), std::string::npos);
    EXPECT_NE(error_of("\x02\xc1" "f\x81", "(f $x)", false).find("02c16681: byte 3: reference to variable 1"), std::string::npos);
    EXPECT_NE(error_of("\x02\xc1" "f\x80", "(f c)", true).find("reference to variable 0"), std::string::npos);
    std::string many = "\x03\xc1" "f";  // 65 NewVars inside nested pairs
    for (int i = 0; i < 65; ++i) many += "\x02\xc0";
    EXPECT_NE(error_of(many, "(f $x $y)", false).find("more than 64 variables"), std::string::npos);
}

TEST(Query, BudgetBoundsTheWalk) {
    try {
        run(kb().trie.read_zipper(), Pattern::parse("(axiom $x)"), {false, 10000});
        FAIL() << "the budget did not stop the walk";
    } catch (const Error &e) {
        EXPECT_EQ(e.code(), Errc::corrupt);
        EXPECT_NE(std::string(e.what()).find("budget of 10000"), std::string::npos);
    }
}

// Unify: values may share variables, so a resolved binding can be exponentially
// larger than both expressions ($a = (f $b $b), $b = (f $c $c), ...). The occurs
// checks stay linear and resolution stops at kMaxBindingNodes.
TEST(Query, ExponentialBindingIsAnError) {
    constexpr int k = 30;
    std::string stored = "(h", pattern = "(h";
    for (int i = 0; i < k; ++i) {
        stored += " $v" + std::to_string(i) + " (f $v" + std::to_string(i + 1) + " $v" + std::to_string(i + 1) + ")";
        pattern += " $p" + std::to_string(i) + " $p" + std::to_string(i);
    }
    const auto t = trie_of(stored + ")");
    const Pattern p = Pattern::parse(pattern + ")");
    Query q(t.read_zipper(), p, {true});
    ASSERT_TRUE(q.next());
    EXPECT_EQ(term_to_text(q.binding(k - 1)), "(f $x30 $x30)");
    try {
        q.binding(0);
        FAIL() << "a binding of 2^30 nodes was built";
    } catch (const Error &e) {
        EXPECT_EQ(e.code(), Errc::invalid);
    }
    EXPECT_FALSE(q.next());
}

// Corrupted snapshots: random byte flips in an ACT of expressions give matches or
// Error, never a crash, a hang or a sanitizer report.
TEST(Query, CorruptedSnapshotsGiveErrors) {
    const auto t = trie_of("(f $a $a) (f $a b) (g (h $p) (h $p)) (axiom (= (* $x 1) $x)) (k 1 2 3) (k $a (k $b $a) c)");
    const std::vector<std::uint8_t> clean = pathmap::act::write_to_vector(t);
    std::mt19937 rng(5);
    const char *patterns[] = {"$x", "(f $x $x)", "(k $x $y $z)", "(g $u $u)"};
    int errors = 0;
    for (int round = 0; round < 3000; ++round) {
        std::vector<std::uint8_t> bytes = clean;
        for (int flips = 1 + static_cast<int>(rng() % 3); flips > 0; --flips) bytes[16 + rng() % (bytes.size() - 16)] ^= static_cast<std::uint8_t>(1u << (rng() % 8));
        try {
            const pathmap::act::View view(bytes);
            for (const char *p : patterns)
                for (bool unify : {false, true}) run(pathmap::act::ActZipper(view, {}, 100000), Pattern::parse(p), {unify, 100000});
        } catch (const Error &) {
            ++errors;
        }
    }
    EXPECT_GT(errors, 0);
}

// The walk follows the pattern: a selective one reads a small part of the trie.
TEST(Query, SelectivePatternVisitsLittle) {
    std::uint64_t edge_bytes = 0;  // what a scan reads at least: each key minus its LCP with the previous one
    for (std::size_t i = 0; i < kb().paths.size(); ++i) {
        const std::string &k = kb().paths[i];
        std::size_t lcp = 0;
        if (i > 0)
            for (const std::string &prev = kb().paths[i - 1]; lcp < k.size() && lcp < prev.size() && k[lcp] == prev[lcp];) ++lcp;
        edge_bytes += k.size() - lcp;
    }
    std::uint64_t selective = 0, all = 0;
    const std::size_t matches = on_trie(Pattern::parse("(axiom (= (* $x 1) $y))"), false, &selective).size();
    EXPECT_EQ(on_trie(Pattern::parse("(axiom $x)"), false, &all).size(), kb().paths.size());
    if (kStride == 1) {
        EXPECT_EQ(edge_bytes, 2209372u);  // spec expr-encoding.md §8
        EXPECT_EQ(matches, 79u);
    }
    EXPECT_LT(selective * 20, edge_bytes) << selective << " steps";  // 60,924 steps: 2.8%
    EXPECT_GT(all, edge_bytes);  // every byte, plus the branch reads
}

// ---- the corpus ----------------------------------------------------------------

struct Case {
    const char *pattern;
    bool unify;
};

const Case kCorpus[] = {
    // selective: constant heads and arguments
    {"(axiom (= (* $x 1) $y))", false},
    {"(axiom (= (* 1 $x) $y))", false},
    {"(axiom (= (* $x 1) $x))", false},
    {"(axiom (= (T $x $x) $x))", false},
    {"(axiom (= (\\ $x $x) $y))", false},
    {"(axiom (= (/ $x $x) $y))", false},
    {"(axiom (= (K $x $y) 1))", false},
    {"(axiom (= (K $x 1) $y))", false},
    {"(axiom (= (L $x $y $z) $x))", false},
    {"(axiom (= (R $x 1 $y) $z))", false},
    {"(axiom (= (a $x $y $z) 1))", false},
    {"(axiom (= (* $x (\\ $x $y)) $y))", false},
    {"(axiom (= (\\ $x (* $x $y)) $y))", false},
    {"(axiom (= (/ (* $x $y) $y) $x))", false},
    {"(axiom (= (* (/ $x $y) $y) $x))", false},
    {"(axiom (= (T $x 1) $y))", false},
    {"(axiom (= (T 1 $x) $y))", false},
    {"(axiom (or (not (= $x $y)) $z (= $u $w)))", false},
    {"(axiom (or $x $y $z))", false},
    {"(axiom (not $x))", false},
    // nested
    {"(axiom (= (* (* $x $y) $z) (* $x (* $y $z))))", false},
    {"(axiom (= (* $x $y) (* $y $x)))", false},
    {"(axiom (= (K (K $x $y) $z) $w))", false},
    {"(axiom (= (T (T $x $y) $z) (T $x (* $y $z))))", false},
    {"(axiom (= (* (K $x $y) $z) (* $u (* $v $w))))", false},
    {"(axiom (= (L (L $x $y $z) $u $w) $v))", false},
    {"(axiom (= $x (* $y (\\ $y $x))))", false},
    {"(axiom (= (\\ (\\ $x 1) 1) $y))", false},
    // repeated variables
    {"(axiom (= $x $x))", false},
    {"(axiom (= $x (* $x $x)))", false},
    {"(axiom (= (* $x $x) $y))", false},
    {"(axiom (= (* $x $y) (* $x $y)))", false},
    {"(axiom (= (K $x $y) (K $y $x)))", false},
    {"(axiom (= (L $x $y $y) $z))", false},
    {"(axiom (= (* $x $y) (* $x $z)))", false},
    {"(axiom (= (T $x $y) (T $x $y)))", false},
    // unselective
    {"(axiom $x)", false},
    {"(axiom (= $x $y))", false},
    {"$x", false},
    {"(axiom (= (* $x $y) $z))", false},
    {"(axiom (= (\\ $x $y) $z))", false},
    {"(axiom (= $x (* $y $z)))", false},
    // no match
    {"(axiom (= (foo $x) $y))", false},
    {"(axiom)", false},
    {"(axiom $x $y)", false},
    {"(thm $x)", false},
    {"()", false},
    {"axiom", false},
    {"(axiom (= 1 1))", false},
    {"(axiom (= (* 1 1) (* 1 1)))", false},
    {"(axiom (= $x 2))", false},
    // unify: stored variables bind pattern sub-expressions too
    {"(axiom (= (* $x 1) $y))", true},
    {"(axiom (= (* 1 1) $y))", true},
    {"(axiom (= $x $x))", true},
    {"(axiom (= (T 1 1) $y))", true},
    {"(axiom (= (K (* $x $y) 1) $z))", true},
    {"(axiom (= (\\ $x $x) (* $x $y)))", true},
    {"(axiom (= (* $x $y) (* $y $x)))", true},
    {"(axiom (or (not (= 1 $x)) $y $z))", true},
    {"(axiom (= (a 1 1 1) $x))", true},
    {"(axiom (= (L $x $x $x) $x))", true},
    {"(axiom (= (foo $x) $y))", true},
    {"(axiom (= $x (f $x)))", true},  // occurs check
    {"(axiom $x)", true},
};

TEST(Query, CorpusSize) { EXPECT_GE(std::size(kCorpus), 50u); }

class Corpus : public ::testing::TestWithParam<Case> {};

TEST_P(Corpus, TrieAndActEqualBruteForce) {
    const Case &c = GetParam();
    const Pattern p = Pattern::parse(c.pattern);
    const std::vector<Match> expected = brute_force(p, c.unify);
    const std::vector<Match> trie = on_trie(p, c.unify);
    ASSERT_EQ(trie.size(), expected.size());
    EXPECT_EQ(trie, expected);
    EXPECT_EQ(on_act(p, c.unify), expected);
}

INSTANTIATE_TEST_SUITE_P(BigLogic, Corpus, ::testing::ValuesIn(kCorpus));

}  // namespace
