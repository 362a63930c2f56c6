// Pattern query benchmark, same run and same knowledge base (big_logic, 91,692 axioms)
// for every figure: the trie walk (metta::Query) against a full scan that decodes
// every stored expression and matches it by brute force (the test suite's matcher;
// for unify, the library's unifier on every path), on the in-memory trie and on an
// ACT snapshot of it. Both produce every match with the text of every binding. The
// walk also runs over a knowledge base holding the same facts as a snapshot (all but
// every 50th axiom, written at a checkpoint) plus a log over it (every 50th axiom
// added, every 49th's value changed): kb::Query merges the snapshot's walk with the
// walk of the logged additions.
// Also prints the walk's steps against the trie's total edge bytes (what a scan
// reads at least). Prints figures; asserts only that both ways agree on the count.
//
// Usage: bench_query [--paths FILE] [--repeat N]
#include <stdlib.h>

#include <cstdio>
#include <filesystem>
#include <stdexcept>

#include "bench_common.hpp"
#include "format/act_reader.hpp"
#include "format/act_writer.hpp"
#include "format/act_zipper.hpp"
#include "kb/knowledge_base.hpp"
#include "kb/query.hpp"
#include "metta/encoding.hpp"
#include "metta/query.hpp"
#include "query_brute_force.hpp"
#include "trie/path_map.hpp"

namespace {

using namespace pathmap_bench;
using namespace pathmap::metta;
using Trie = pathmap::PathMap<std::uint64_t>;

struct Case {
    const char *kind;
    const char *pattern;
    bool unify;
};

const Case kCases[] = {
    {"selective", "(axiom (= (* $x 1) $y))", false},
    {"selective", "(axiom (= (K $x $y) (K $y $x)))", false},
    {"selective", "(axiom (= (T $x $x) $x))", false},
    {"selective", "(axiom (= (\\ (\\ $x 1) 1) $y))", false},
    {"medium", "(axiom (= (* $x $y) $z))", false},
    {"unselective", "(axiom (= $x $y))", false},
    {"unselective", "(axiom $x)", false},
    {"unify", "(axiom (= (T 1 1) $y))", true},
    {"unify", "(axiom (= (* $x 1) $y))", true},
};

// Every match with its binding texts, through a walk: a Query<Zipper> or a kb::Query.
template <class Walk>
std::size_t drain(Walk q, const Pattern &p, std::uint64_t *steps = nullptr) {
    std::size_t n = 0, bytes = 0;
    std::string text;
    while (q.next()) {
        ++n;
        for (std::size_t i = 0; i < p.var_count(); ++i) {
            text.clear();
            q.append_binding_text(i, text);
            bytes += text.size();
        }
    }
    keep(bytes);
    if (steps) *steps = q.steps();
    return n;
}

template <class Zipper>
std::size_t walk(Zipper z, const Pattern &p, bool unify, std::uint64_t *steps = nullptr) {
    return drain(Query<Zipper>(std::move(z), p, {unify}), p, steps);
}

// The knowledge base described above, in a temporary directory removed at exit.
class KbOfKeys {
public:
    explicit KbOfKeys(const Keys &keys) {
        std::string tmpl = (std::filesystem::temp_directory_path() / "pathmap-bench-query-XXXXXX").string();
        if (!mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
        dir_ = tmpl;
        pathmap::kb::Options o;
        o.create = true;
        o.sync.mode = pathmap::kb::SyncMode::none;
        kb_ = pathmap::kb::KnowledgeBase::open(dir_ + "/kb", o);
        for (std::size_t i = 0; i < keys.size(); ++i)
            if (i % 50 != 0) kb_->add(pathmap::as_path(keys[i]), i);
        kb_->checkpoint();
        for (std::size_t i = 0; i < keys.size(); ++i) {
            if (i % 50 == 0) kb_->add(pathmap::as_path(keys[i]), i);
            else if (i % 49 == 0) kb_->add(pathmap::as_path(keys[i]), i + 1);
        }
    }
    ~KbOfKeys() {
        kb_->close();
        std::filesystem::remove_all(dir_);
    }
    pathmap::kb::State state() const { return kb_->state(); }

private:
    std::string dir_;
    std::shared_ptr<pathmap::kb::KnowledgeBase> kb_;
};

// Every match with its binding texts, by visiting every stored path.
template <class Zipper>
std::size_t scan(Zipper z, const Pattern &p, bool unify) {
    std::size_t n = 0, bytes = 0;
    Unifier u;
    while (z.to_next_val()) {
        const pathmap::Path path = z.path();
        if (unify) {
            if (!u.unify(p.bytes(), path)) continue;
            ++n;
            for (std::size_t i = 0; i < p.var_count(); ++i)
                bytes += term_to_text(u.binding(static_cast<unsigned>(i), p.var_names(), kMaxBindingNodes)).size();
        } else if (auto b = query_brute_force::match_one_way(p, decode(path))) {
            ++n;
            for (const std::string &s : *b) bytes += s.size();
        }
    }
    keep(bytes);
    return n;
}

}  // namespace

int main(int argc, char **argv) {
    const Options o = parse_options(argc, argv);
    const Keys keys = read_paths(o.paths);
    Trie trie;
    std::uint64_t edge_bytes = 0;  // bytes of the trie's edges: a key minus its LCP with the previous key
    for (std::size_t i = 0; i < keys.size(); ++i) {
        trie.set(pathmap::as_path(keys[i]), i);
        std::size_t lcp = 0;
        if (i > 0)
            while (lcp < keys[i].size() && lcp < keys[i - 1].size() && keys[i][lcp] == keys[i - 1][lcp]) ++lcp;
        edge_bytes += keys[i].size() - lcp;
    }
    const std::vector<std::uint8_t> act = pathmap::act::write_to_vector(trie);
    const pathmap::act::View view(act);
    auto act_zipper = [&] { return pathmap::act::ActZipper(view, {}, UINT64_MAX); };
    const KbOfKeys kb(keys);
    auto kb_walk = [&](const Pattern &p, bool unify) { return drain(pathmap::kb::Query(kb.state(), p, {unify}), p); };

    std::printf("%zu expressions, %llu trie edge bytes, ACT %zu bytes; best of %d, ms\n", keys.size(),
                static_cast<unsigned long long>(edge_bytes), act.size(), o.repeat);
    std::printf("%-11s %-36s %7s %9s %9s %9s %9s %8s %8s %9s %8s\n", "kind", "pattern", "matches", "walk:trie", "scan:trie",
                "walk:ACT", "scan:ACT", "x(trie)", "x(ACT)", "steps%", "walk:KB");
    for (const Case &c : kCases) {
        const Pattern p = Pattern::parse(c.pattern);
        std::uint64_t steps = 0;
        const std::size_t n = walk(trie.read_zipper(), p, c.unify, &steps);
        if (scan(trie.read_zipper(), p, c.unify) != n || walk(act_zipper(), p, c.unify) != n || kb_walk(p, c.unify) != n)
            throw std::runtime_error(std::string("walk and scan disagree on ") + c.pattern);
        const double wt = best_ms(o.repeat, [&] { walk(trie.read_zipper(), p, c.unify); });
        const double st = best_ms(o.repeat, [&] { scan(trie.read_zipper(), p, c.unify); });
        const double wa = best_ms(o.repeat, [&] { walk(act_zipper(), p, c.unify); });
        const double sa = best_ms(o.repeat, [&] { scan(act_zipper(), p, c.unify); });
        const double wk = best_ms(o.repeat, [&] { kb_walk(p, c.unify); });
        std::printf("%-11s %-36s %7zu %9.3f %9.1f %9.3f %9.1f %8.1f %8.1f %8.2f%% %8.3f\n", c.kind, c.pattern, n, wt, st, wa, sa,
                    st / wt, sa / wa, 100.0 * static_cast<double>(steps) / static_cast<double>(edge_bytes), wk);
    }
}
