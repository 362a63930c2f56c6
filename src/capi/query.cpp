// C ABI of pattern queries: a thin translation onto metta::Query over a trie's or a
// snapshot's zipper, and onto kb::Query over a knowledge base's state.
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "capi/capi.hpp"
#include "capi/kb.hpp"
#include "kb/query.hpp"
#include "metta/query.hpp"

using namespace pathmap;
using capi::guard;
using capi::require;

struct pathmap_query {
    enum class At { start, match, done, failed };
    // The walk over each kind of source: a zipper, or a knowledge base's state.
    template <class Source>
    struct WalkOf {
        using type = metta::Query<Source>;
    };
    template <class Source>
    using Walk = typename WalkOf<Source>::type;

    template <class Source>
    pathmap_query(metta::Pattern p, Source s, metta::QueryOptions o)
        : pattern(std::move(p)), walk(std::in_place_type<Walk<Source>>, std::move(s), pattern, o), texts(pattern.var_count()) {}

    const metta::Pattern pattern;  // before walk, which refers to it
    std::variant<Walk<ReadZipper<std::uint64_t>>, Walk<capi::ActReadZipper>, kb::Query> walk;
    At at = At::start;
    std::vector<std::optional<std::string>> texts;  // binding texts of this match, made on demand
    std::optional<std::string> path_text;           // the match's text, made on demand
};

template <>
struct pathmap_query::WalkOf<kb::State> {
    using type = kb::Query;
};

namespace {

metta::QueryOptions options(std::uint32_t flags, std::uint64_t budget) {
    if (flags & ~PATHMAP_QUERY_UNIFY) throw Error(Errc::invalid, "unknown query flags " + std::to_string(flags & ~PATHMAP_QUERY_UNIFY));
    return {(flags & PATHMAP_QUERY_UNIFY) != 0, budget};
}

metta::Pattern pattern_arg(const char *text, std::size_t len) {
    if (!text && len > 0) throw Error(Errc::invalid, "pattern is NULL but its length is " + std::to_string(len));
    return metta::Pattern::parse({text, len});
}

const pathmap_query &at_match(const pathmap_query *q) {
    require(q, "query");
    if (q->at != pathmap_query::At::match) throw Error(Errc::state, "the query is not at a match (call pathmap_query_next first, and only while it returns PATHMAP_OK)");
    return *q;
}

// The current match, checking that binding i exists.
const pathmap_query &binding_at(const pathmap_query *q, std::size_t i) {
    at_match(q);
    if (i >= q->texts.size()) throw Error(Errc::invalid, "binding " + std::to_string(i) + " of a pattern with " + std::to_string(q->texts.size()) + " variables");
    return *q;
}

template <class F>
auto visit(const pathmap_query &q, F &&f) {
    return std::visit(std::forward<F>(f), q.walk);
}

}  // namespace

extern "C" {

int pathmap_query_new(const pathmap_trie *t, const char *pattern, size_t len, uint32_t flags, pathmap_query **out) {
    return guard([&] {
        require(t, "trie");
        require(out, "out");
        const metta::QueryOptions o = options(flags, UINT64_MAX);
        *out = new pathmap_query(pattern_arg(pattern, len), t->map.read_zipper(), o);
        return PATHMAP_OK;
    });
}

int pathmap_act_query_new(const pathmap_act *a, const char *pattern, size_t len, uint32_t flags, pathmap_query **out) {
    return guard([&] {
        require(a, "snapshot");
        require(out, "out");
        const metta::QueryOptions o = options(flags, a->budget);
        *out = new pathmap_query(pattern_arg(pattern, len), capi::ActReadZipper(*a, {}), o);
        return PATHMAP_OK;
    });
}

int pathmap_kb_query_new(const pathmap_kb *kb, const char *pattern, size_t len, uint32_t flags, pathmap_query **out) {
    return guard([&] {
        require(kb, "knowledge base");
        require(out, "out");
        metta::QueryOptions o = options(flags, UINT64_MAX);
        o.long_symbols = kb->kb->long_symbols();
        *out = new pathmap_query(pattern_arg(pattern, len), kb->kb->state(), o);
        return PATHMAP_OK;
    });
}

void pathmap_query_free(pathmap_query *q) { delete q; }

int pathmap_query_next(pathmap_query *q) {
    return guard([&] {
        require(q, "query");
        using At = pathmap_query::At;
        if (q->at == At::failed) throw Error(Errc::state, "the query failed earlier");
        if (q->at == At::done) return PATHMAP_DONE;
        for (auto &text : q->texts) text.reset();
        q->path_text.reset();
        q->at = At::failed;  // unless the walk returns
        const bool found = std::visit([](auto &w) { return w.next(); }, q->walk);
        q->at = found ? At::match : At::done;
        return found ? PATHMAP_OK : PATHMAP_DONE;
    });
}

int pathmap_query_path(const pathmap_query *q, pathmap_bytes *path) {
    return guard([&] {
        require(path, "path");
        const Path p = visit(at_match(q), [](const auto &w) { return w.path(); });
        *path = {p.data(), p.size()};
        return PATHMAP_OK;
    });
}

int pathmap_query_text(pathmap_query *q, pathmap_bytes *text) {
    return guard([&] {
        require(text, "text");
        at_match(q);
        if (!q->path_text) visit(*q, [&](const auto &w) { w.append_path_text(q->path_text.emplace()); });
        *text = {reinterpret_cast<const std::uint8_t *>(q->path_text->data()), q->path_text->size()};
        return PATHMAP_OK;
    });
}

int pathmap_query_val(const pathmap_query *q, uint64_t *value) {
    return guard([&] {
        const std::uint64_t *v = visit(at_match(q), [](const auto &w) -> const std::uint64_t * { return w.val(); });
        if (value) *value = *v;  // a match ends at a value
        return PATHMAP_OK;
    });
}

size_t pathmap_query_binding_count(const pathmap_query *q) { return q ? q->pattern.var_count() : 0; }

int pathmap_query_binding(pathmap_query *q, size_t i, pathmap_bytes *name, pathmap_bytes *text) {
    return guard([&] {
        binding_at(q, i);
        if (name) {
            const std::string &n = q->pattern.var_names()[i];
            *name = {reinterpret_cast<const std::uint8_t *>(n.data()), n.size()};
        }
        if (text) {
            std::optional<std::string> &t = q->texts[i];
            if (!t) visit(*q, [&](const auto &w) { w.append_binding_text(i, t.emplace()); });
            *text = {reinterpret_cast<const std::uint8_t *>(t->data()), t->size()};
        }
        return PATHMAP_OK;
    });
}

int pathmap_query_binding_span(const pathmap_query *q, size_t i, size_t *offset, size_t *len) {
    return guard([&] {
        binding_at(q, i);
        if (visit(*q, [](const auto &w) { return w.unify(); }))
            throw Error(Errc::state, "a unify query's bindings are values under the unifier, not parts of the path: use pathmap_query_binding");
        const metta::BindingSpan s = visit(*q, [&](const auto &w) { return w.binding_span(i); });
        if (offset) *offset = s.offset;
        if (len) *len = s.length;
        return PATHMAP_OK;
    });
}

int pathmap_query_steps(const pathmap_query *q, uint64_t *steps) {
    return guard([&] {
        require(q, "query");
        require(steps, "steps");
        *steps = visit(*q, [](const auto &w) { return w.steps(); });
        return PATHMAP_OK;
    });
}

}  // extern "C"
