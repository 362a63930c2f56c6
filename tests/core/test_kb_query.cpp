// Pattern queries over a knowledge base (kb/query.hpp) against the brute-force
// matchers run over a std::map model of its facts: a sample of the bundled axioms
// checkpointed into a snapshot, then removals, changed values and new axioms logged
// over it, so matches come from the snapshot, from the layer, and are hidden or
// overridden by it; again after a checkpoint folds them in. A query keeps the state
// it was made from.
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "format/paths_codec.hpp"
#include "kb/query.hpp"
#include "kb_test_util.hpp"
#include "metta/encoding.hpp"
#include "metta/expr_text.hpp"
#include "query_brute_force.hpp"

using namespace pathmap;
using kbtest::Model;
using kbtest::TempDir;

namespace {

// Every kStride-th axiom of big_logic is a candidate fact (fewer under sanitizers).
#if defined(__SANITIZE_THREAD__) || defined(__SANITIZE_ADDRESS__)
constexpr std::uint64_t kStride = 32;
#else
constexpr std::uint64_t kStride = 8;
#endif

std::vector<std::string> axioms() {
    std::ifstream in(PATHMAP_SOURCE_DIR "/data/big_logic.metta.paths", std::ios::binary);
    const std::vector<std::uint8_t> file((std::istreambuf_iterator<char>(in)), {});
    std::vector<std::string> out;
    paths::decode(file, [&](std::uint64_t i, Path p) {
        if (i % kStride == 0) out.push_back(kbtest::str(p));
        return true;
    });
    return out;
}

// One match: path, value and the text of each binding.
struct Match {
    std::string path;
    std::uint64_t value;
    std::vector<std::string> bindings;
    bool operator==(const Match &) const = default;
};
std::ostream &operator<<(std::ostream &os, const Match &m) {
    os << metta::expr_to_text(as_path(m.path)) << " #" << m.value;
    for (const std::string &b : m.bindings) os << " | " << b;
    return os;
}

std::vector<Match> brute_force(const Model &facts, const metta::Pattern &p, bool unify) {
    std::vector<Match> out;
    for (const auto &[path, value] : facts) {  // std::map's order is trie order
        const metta::Term t = metta::decode(as_path(path));
        if (auto b = unify ? query_brute_force::match_unify(p, t) : query_brute_force::match_one_way(p, t))
            out.push_back({path, value, *b});
    }
    return out;
}

std::vector<Match> run(kb::Query q, std::size_t vars) {
    std::vector<Match> out;
    while (q.next()) {
        Match m{kbtest::str(q.path()), *q.val(), {}};
        for (std::size_t i = 0; i < vars; ++i) q.append_binding_text(i, m.bindings.emplace_back());
        out.push_back(std::move(m));
    }
    return out;
}

const char *const kPatterns[] = {
    "(axiom (= (* $x 1) $y))",  "(axiom (= (* $x $y) $z))", "(axiom (= (K $x $y) (K $y $x)))",
    "(axiom (= $x $x))",        "(axiom (= (T $x 1) $y))",  "(axiom (or $x $y $z))",
    "(axiom $x)",               "(axiom (= (foo $x) $y))",  "$x",
};

void expect_queries_match(const kb::State &state, const Model &facts, const std::string &where) {
    for (const char *text : kPatterns) {
        const metta::Pattern p = metta::Pattern::parse(text);
        for (const bool unify : {false, true}) {
            const std::vector<Match> expected = brute_force(facts, p, unify);
            EXPECT_EQ(run(kb::Query(state, p, {unify}), p.var_count()), expected) << where << ": " << text << (unify ? " (unify)" : "");
        }
    }
}

kb::Options fast() {
    kb::Options o;
    o.sync.mode = kb::SyncMode::none;
    return o;
}

}  // namespace

TEST(KbQuery, SnapshotAndLayerMergeAsTheFactsSay) {
    const std::vector<std::string> all = axioms();
    TempDir dir;
    kb::Options o = fast();
    o.create = true;
    auto kb = kb::KnowledgeBase::open(dir.kb(), o);
    Model facts;
    // Three in four candidates go into the snapshot.
    for (std::size_t i = 0; i < all.size(); ++i) {
        if (i % 4 == 3) continue;
        kb->add(as_path(all[i]), i);
        facts[all[i]] = i;
    }
    expect_queries_match(kb->state(), facts, "layer only, no snapshot");
    kb->checkpoint();
    expect_queries_match(kb->state(), facts, "snapshot only");

    // Over the snapshot: removals, changed values, the held-back axioms added.
    for (std::size_t i = 0; i < all.size(); ++i) {
        if (i % 4 == 3) {
            kb->add(as_path(all[i]), i);
            facts[all[i]] = i;
        } else if (i % 5 == 0) {
            kb->remove(as_path(all[i]));
            facts.erase(all[i]);
        } else if (i % 7 == 0) {
            kb->add(as_path(all[i]), i + 1000000);
            facts[all[i]] = i + 1000000;
        }
    }
    ASSERT_EQ(kbtest::contents(*kb), facts);
    expect_queries_match(kb->state(), facts, "layer over snapshot");
    kb->checkpoint();
    expect_queries_match(kb->state(), facts, "after the second checkpoint");
}

TEST(KbQuery, AQueryKeepsTheStateItWasMadeFrom) {
    TempDir dir;
    kb::Options o = fast();
    o.create = true;
    auto kb = kb::KnowledgeBase::open(dir.kb(), o);
    kb->change_metta("(f a) (f b)", true);
    kb->checkpoint();
    kb->change_metta("(f c)", true);
    const metta::Pattern p = metta::Pattern::parse("(f $x)");
    kb::Query q(kb->state(), p, {});
    kb->change_metta("(f a) (f c)", false);
    kb->change_metta("(f d)", true);
    kb->checkpoint();
    kb->close();
    std::vector<std::string> got;
    while (q.next()) {
        std::string text;
        q.append_binding_text(0, text);
        got.push_back(text);
    }
    EXPECT_EQ(got, (std::vector<std::string>{"a", "b", "c"}));
}
