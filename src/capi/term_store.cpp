// C ABI of term stores (metta/term_store.hpp) and of term snapshots: an ACT snapshot
// whose values are term ids, opened together with its term store.
#include <memory>

#include "capi/capi.hpp"
#include "metta/term_store.hpp"

using namespace pathmap;
using capi::buffer_arg;
using capi::checked_path;
using capi::copy_out;
using capi::guard;
using capi::naming_file;
using capi::require;
using capi::text_arg;

struct pathmap_term_store {
    metta::TermStore store;
};

struct pathmap_term_snapshot {
    std::unique_ptr<pathmap_act, void (*)(pathmap_act *)> act{nullptr, pathmap_act_free};
    pathmap_term_store terms;
};

namespace {

metta::LongSymbols long_symbols(std::uint32_t flags) {
    if (flags & ~PATHMAP_TERMS_INTERN_LONG_SYMBOLS) throw Error(Errc::invalid, "unknown flags " + std::to_string(flags));
    return flags & PATHMAP_TERMS_INTERN_LONG_SYMBOLS ? metta::LongSymbols::intern : metta::LongSymbols::reject;
}

// The return code and *id of an interning.
int interned(std::pair<std::uint64_t, bool> result, std::uint64_t *id) {
    *id = result.first;
    return result.second ? PATHMAP_OK : PATHMAP_EXISTS;
}

int found(std::optional<std::uint64_t> result, std::uint64_t *id) {
    if (!result) return PATHMAP_NOTFOUND;
    if (id) *id = *result;
    return PATHMAP_OK;
}

int new_store(pathmap_term_store **out, metta::TermStore store) {
    *out = new pathmap_term_store{std::move(store)};
    return PATHMAP_OK;
}

// The term id the snapshot holds at `path`, checked against the store.
std::optional<std::uint64_t> snapshot_id(const pathmap_term_snapshot *s, const void *path, std::size_t len) {
    require(s, "term snapshot");
    std::uint64_t id = 0;
    const int rc = pathmap_act_get(s->act.get(), path, len, &id);
    if (rc < 0) throw Error(static_cast<Errc>(rc), pathmap_last_error());
    if (rc == PATHMAP_NOTFOUND) return std::nullopt;
    if (id >= s->terms.store.size())
        throw Error(Errc::corrupt, "value " + std::to_string(id) + " of the snapshot is not a term id (the term store has " +
                                       std::to_string(s->terms.store.size()) + " terms)");
    return id;
}

int text_out(const metta::TermStore &store, std::uint64_t id, char *buf, std::size_t cap, std::size_t *written) {
    return copy_out(store.text(id), buf, cap, written, true);
}

}  // namespace

extern "C" {

int pathmap_term_store_new(pathmap_term_store **out) {
    return guard([&] {
        require(out, "out");
        return new_store(out, {});
    });
}

int pathmap_term_store_open(const char *file, pathmap_term_store **out) {
    return guard([&] {
        require(file, "file");
        require(out, "out");
        return new_store(out, naming_file(file, [&] { return metta::TermStore::load(std::string(file)); }));
    });
}

int pathmap_term_store_open_buffer(const void *data, size_t len, pathmap_term_store **out) {
    return guard([&] {
        require(out, "out");
        return new_store(out, metta::TermStore::load(buffer_arg(data, len)));
    });
}

void pathmap_term_store_free(pathmap_term_store *s) { delete s; }

int pathmap_term_store_save(const pathmap_term_store *s, const char *file) {
    return guard([&] {
        require(s, "term store");
        require(file, "file");
        naming_file(file, [&] { s->store.save(file); });
        return PATHMAP_OK;
    });
}

uint64_t pathmap_term_store_count(const pathmap_term_store *s) { return s ? s->store.size() : 0; }

int pathmap_term_store_intern_text(pathmap_term_store *s, const char *text, size_t len, uint32_t flags, uint64_t *id) {
    return guard([&] {
        require(s, "term store");
        require(id, "id");
        return interned(s->store.intern_text(text_arg(text, len), long_symbols(flags)), id);
    });
}

int pathmap_term_store_intern_expr(pathmap_term_store *s, const void *expr, size_t len, uint64_t *id) {
    return guard([&] {
        require(s, "term store");
        require(id, "id");
        return interned(s->store.intern_expr(checked_path(expr, len, "expr")), id);
    });
}

int pathmap_term_store_parse_into(pathmap_term_store *s, pathmap_trie *t, const char *text, size_t len, uint32_t flags,
                                  uint64_t *count) {
    return guard([&] {
        require(s, "term store");
        const metta::LongSymbols mode = long_symbols(flags);
        // t changes only if everything parses; the store rolls itself back.
        std::optional<PathMap<std::uint64_t>> next;
        if (t) next = t->map.clone();
        const std::uint64_t n = s->store.intern_all(text_arg(text, len), mode, [&](std::uint64_t id, Path expr) {
            if (next) next->set(expr, id);
        });
        if (t) t->map = std::move(*next);
        if (count) *count = n;
        return PATHMAP_OK;
    });
}

int pathmap_term_store_find_text(const pathmap_term_store *s, const char *text, size_t len, uint64_t *id) {
    return guard([&] {
        require(s, "term store");
        return found(s->store.find_text(text_arg(text, len)), id);
    });
}

int pathmap_term_store_find_expr(const pathmap_term_store *s, const void *expr, size_t len, uint64_t *id) {
    return guard([&] {
        require(s, "term store");
        return found(s->store.find_expr(checked_path(expr, len, "expr")), id);
    });
}

int pathmap_term_store_expr(const pathmap_term_store *s, uint64_t id, pathmap_bytes *expr) {
    return guard([&] {
        require(s, "term store");
        require(expr, "expr");
        if (id >= s->store.size()) return PATHMAP_NOTFOUND;
        const Path p = s->store.expr(id);
        *expr = pathmap_bytes{p.data(), p.size()};
        return PATHMAP_OK;
    });
}

int pathmap_term_store_text(const pathmap_term_store *s, uint64_t id, char *buf, size_t cap, size_t *written) {
    return guard([&] {
        require(s, "term store");
        require(written, "written");
        if (id >= s->store.size()) return PATHMAP_NOTFOUND;
        return text_out(s->store, id, buf, cap, written);
    });
}

int pathmap_term_snapshot_open(const char *act_file, const char *terms_file, pathmap_term_snapshot **out) {
    return guard([&] {
        require(act_file, "act_file");
        require(terms_file, "terms_file");
        require(out, "out");
        auto s = std::make_unique<pathmap_term_snapshot>();
        pathmap_act *act = nullptr;
        if (const int rc = pathmap_act_open(act_file, &act); rc != PATHMAP_OK) return rc;  // message already set
        s->act.reset(act);
        s->terms.store = naming_file(terms_file, [&] { return metta::TermStore::load(std::string(terms_file)); });
        *out = s.release();
        return PATHMAP_OK;
    });
}

void pathmap_term_snapshot_free(pathmap_term_snapshot *s) { delete s; }

int pathmap_term_snapshot_get(const pathmap_term_snapshot *s, const void *path, size_t len, uint64_t *id, pathmap_bytes *expr) {
    return guard([&] {
        const std::optional<std::uint64_t> found_id = snapshot_id(s, path, len);
        if (!found_id) return PATHMAP_NOTFOUND;
        if (id) *id = *found_id;
        if (expr) {
            const Path p = s->terms.store.expr(*found_id);
            *expr = pathmap_bytes{p.data(), p.size()};
        }
        return PATHMAP_OK;
    });
}

int pathmap_term_snapshot_get_text(const pathmap_term_snapshot *s, const void *path, size_t len, char *buf, size_t cap,
                                   size_t *written) {
    return guard([&] {
        require(written, "written");
        const std::optional<std::uint64_t> id = snapshot_id(s, path, len);
        if (!id) return PATHMAP_NOTFOUND;
        return text_out(s->terms.store, *id, buf, cap, written);
    });
}

const pathmap_act *pathmap_term_snapshot_act(const pathmap_term_snapshot *s) { return s ? s->act.get() : nullptr; }

const pathmap_term_store *pathmap_term_snapshot_terms(const pathmap_term_snapshot *s) { return s ? &s->terms : nullptr; }

int pathmap_term_snapshot_write(const pathmap_trie *t, const pathmap_term_store *terms, const char *act_file, const char *terms_file) {
    return guard([&] {
        require(t, "trie");
        require(terms, "term store");
        require(act_file, "act_file");
        require(terms_file, "terms_file");
        const std::uint64_t count = terms->store.size();
        t->map.for_each({}, [&](Path, std::uint64_t id) {
            if (id >= count)
                throw Error(Errc::invalid, "value " + std::to_string(id) + " of the trie is not a term id (the term store has " +
                                               std::to_string(count) + " terms)");
        });
        naming_file(terms_file, [&] { terms->store.save(terms_file); });
        return pathmap_act_write_file(t, act_file);
    });
}

}  // extern "C"
