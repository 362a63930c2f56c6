// C ABI of knowledge bases: a thin translation onto pathmap::kb (src/kb).
#include <cstddef>
#include <string_view>

#include "capi/capi.hpp"
#include "capi/kb.hpp"
#include "kb/transaction.hpp"

using namespace pathmap;
using capi::checked_path;
using capi::guard;
using capi::require;
using capi::text_arg;

struct pathmap_kb_txn {
    std::unique_ptr<kb::Transaction> txn;
};

struct pathmap_kb_cursor {
    kb::Cursor cursor;
};

namespace {

kb::Options options_of(const pathmap_kb_options *o) {
    pathmap_kb_options c = PATHMAP_KB_OPTIONS_INIT;
    if (o) {
        capi::require_struct(o, sizeof(pathmap_kb_options), "options");
        c = *o;
    }
    if (c.flags & ~(PATHMAP_KB_CREATE | PATHMAP_KB_READ_ONLY | PATHMAP_KB_VERIFY | PATHMAP_KB_LONG_SYMBOLS))
        throw Error(Errc::invalid, "unknown flags in options->flags");
    kb::Options k;
    k.create = c.flags & PATHMAP_KB_CREATE;
    k.read_only = c.flags & PATHMAP_KB_READ_ONLY;
    k.verify = c.flags & PATHMAP_KB_VERIFY;
    k.long_symbols = c.flags & PATHMAP_KB_LONG_SYMBOLS ? metta::LongSymbols::intern : metta::LongSymbols::reject;
    switch (c.sync) {
        case PATHMAP_KB_SYNC_ALWAYS: k.sync.mode = kb::SyncMode::always; break;
        case PATHMAP_KB_SYNC_BATCH: k.sync.mode = kb::SyncMode::batch; break;
        case PATHMAP_KB_SYNC_NONE: k.sync.mode = kb::SyncMode::none; break;
        default: throw Error(Errc::invalid, "unknown sync mode " + std::to_string(c.sync));
    }
    k.sync.batch_records = c.batch_records;
    k.sync.batch_ms = c.batch_ms;
    k.undo_depth = c.undo_depth;
    k.checkpoint_changes = c.checkpoint_changes;
    k.checkpoint_log_bytes = c.checkpoint_log_bytes;
    if (c.progress) k.progress = [fn = c.progress, ctx = c.progress_ctx](const char *stage, std::uint64_t done, std::uint64_t total) {
        fn(ctx, stage, done, total);
    };
    return k;
}

// The outcome of a lookup or change as a return code, the value before in *out.
int found(const std::optional<std::uint64_t> &v, std::uint64_t *out, int found_rc, int missing_rc) {
    if (!v) return missing_rc;
    if (out) *out = *v;
    return found_rc;
}

// pathmap_kb_add / _remove and their transaction twins: T is a KnowledgeBase or a
// Transaction, which change alike. Codes as pathmap.h says.
template <class T>
int add_to(T &target, const void *path, std::size_t len, std::uint64_t value, std::uint64_t *old_value) {
    std::optional<std::uint64_t> old;
    target.add(checked_path(path, len), value, &old);
    return found(old, old_value, PATHMAP_EXISTS, PATHMAP_OK);
}

template <class T>
int remove_from(T &target, const void *path, std::size_t len, std::uint64_t *old_value) {
    std::optional<std::uint64_t> old;
    target.remove(checked_path(path, len), &old);
    return found(old, old_value, PATHMAP_OK, PATHMAP_NOTFOUND);
}

int change_metta(pathmap_kb *kb, const char *text, size_t len, uint64_t *count, uint64_t *changed, bool add) {
    return guard([&] {
        require(kb, "knowledge base");
        std::uint64_t c = 0;
        const std::uint64_t n = kb->kb->change_metta(text_arg(text, len), add, &c);
        if (count) *count = n;
        if (changed) *changed = c;
        return PATHMAP_OK;
    });
}

}  // namespace

extern "C" {

int pathmap_kb_init(const char *dir) {
    return guard([&] {
        require(dir, "dir");
        kb::KnowledgeBase::init(dir);
        return PATHMAP_OK;
    });
}

int pathmap_kb_open(const char *dir, const pathmap_kb_options *options, pathmap_kb **out) {
    return guard([&] {
        require(dir, "dir");
        require(out, "out");
        *out = new pathmap_kb{kb::KnowledgeBase::open(dir, options_of(options)), {}};
        return PATHMAP_OK;
    });
}

int pathmap_kb_close(pathmap_kb *kb) {
    return guard([&] {
        require(kb, "knowledge base");
        kb->kb->close();
        return PATHMAP_OK;
    });
}

void pathmap_kb_free(pathmap_kb *kb) {
    if (!kb) return;
    (void)pathmap_kb_close(kb);  // now, though transactions still hold the KnowledgeBase
    delete kb;
}

const char *pathmap_kb_warning(pathmap_kb *kb) {
    if (!kb) return "";
    try {
        kb->warning = kb->kb->warning();
    } catch (...) {
        kb->warning.clear();
    }
    return kb->warning.c_str();
}

int pathmap_kb_get(const pathmap_kb *kb, const void *path, size_t len, uint64_t *value) {
    return guard([&] {
        require(kb, "knowledge base");
        return found(kb->kb->get(checked_path(path, len)), value, PATHMAP_OK, PATHMAP_NOTFOUND);
    });
}

int pathmap_kb_add(pathmap_kb *kb, const void *path, size_t len, uint64_t value, uint64_t *old_value) {
    return guard([&] {
        require(kb, "knowledge base");
        return add_to(*kb->kb, path, len, value, old_value);
    });
}

int pathmap_kb_remove(pathmap_kb *kb, const void *path, size_t len, uint64_t *old_value) {
    return guard([&] {
        require(kb, "knowledge base");
        return remove_from(*kb->kb, path, len, old_value);
    });
}

int pathmap_kb_add_metta(pathmap_kb *kb, const char *text, size_t len, uint64_t *count, uint64_t *changed) {
    return change_metta(kb, text, len, count, changed, true);
}

int pathmap_kb_remove_metta(pathmap_kb *kb, const char *text, size_t len, uint64_t *count, uint64_t *changed) {
    return change_metta(kb, text, len, count, changed, false);
}

int pathmap_kb_val_count(const pathmap_kb *kb, uint64_t *count) {
    return guard([&] {
        require(kb, "knowledge base");
        require(count, "count");
        *count = kb->kb->val_count();
        return PATHMAP_OK;
    });
}

int pathmap_kb_stats_get(const pathmap_kb *kb, pathmap_kb_stats *stats) {
    return guard([&] {
        require(kb, "knowledge base");
        capi::require_struct(stats, offsetof(pathmap_kb_stats, terms), "stats");  // the first version
        const kb::Stats s = kb->kb->stats();
        stats->read_only = s.read_only;
        stats->facts = s.facts;
        stats->snapshot_facts = s.snapshot_facts;
        stats->log_records = s.log_records;
        stats->log_bytes = s.log_bytes;
        stats->generation = s.generation;
        stats->snapshot_bytes = s.snapshot_bytes;
        stats->added_paths = s.added_paths;
        stats->removed_paths = s.removed_paths;
        stats->unsynced_records = s.unsynced_records;
        stats->checkpoints = s.checkpoints;
        stats->versions = s.versions;
        stats->undo_steps = s.undo_steps;
        if (stats->struct_size < sizeof(pathmap_kb_stats)) return PATHMAP_OK;  // a caller built before the term fields
        stats->terms = s.terms;
        stats->long_symbols = s.long_symbols;
        return PATHMAP_OK;
    });
}

int pathmap_kb_term_text(const pathmap_kb *kb, uint64_t id, char *buf, size_t cap, size_t *written) {
    return guard([&] {
        require(kb, "knowledge base");
        require(written, "written");
        const std::optional<std::string> text = kb->kb->term_text(id);
        return text ? capi::copy_out(*text, buf, cap, written, true) : PATHMAP_NOTFOUND;
    });
}

int pathmap_kb_term_find(const pathmap_kb *kb, const char *text, size_t len, uint64_t *id) {
    return guard([&] {
        require(kb, "knowledge base");
        return found(kb->kb->find_term(text_arg(text, len)), id, PATHMAP_OK, PATHMAP_NOTFOUND);
    });
}

int pathmap_kb_flush(pathmap_kb *kb) {
    return guard([&] {
        require(kb, "knowledge base");
        kb->kb->flush();
        return PATHMAP_OK;
    });
}

int pathmap_kb_checkpoint(pathmap_kb *kb) {
    return guard([&] {
        require(kb, "knowledge base");
        kb->kb->checkpoint();
        return PATHMAP_OK;
    });
}

int pathmap_kb_refresh(pathmap_kb *kb) {
    return guard([&] {
        require(kb, "knowledge base");
        kb->kb->refresh();
        return PATHMAP_OK;
    });
}

int pathmap_kb_version_save(pathmap_kb *kb, const char *name) {
    return guard([&] {
        require(kb, "knowledge base");
        require(name, "name");
        kb->kb->save_version(name);
        return PATHMAP_OK;
    });
}

int pathmap_kb_version_rollback(pathmap_kb *kb, const char *name) {
    return guard([&] {
        require(kb, "knowledge base");
        require(name, "name");
        return kb->kb->rollback(name) ? PATHMAP_OK : PATHMAP_NOTFOUND;
    });
}

int pathmap_kb_version_drop(pathmap_kb *kb, const char *name) {
    return guard([&] {
        require(kb, "knowledge base");
        require(name, "name");
        return kb->kb->drop_version(name) ? PATHMAP_OK : PATHMAP_NOTFOUND;
    });
}

int pathmap_kb_undo(pathmap_kb *kb) {
    return guard([&] {
        require(kb, "knowledge base");
        return kb->kb->undo() ? PATHMAP_OK : PATHMAP_NOTFOUND;
    });
}

int pathmap_kb_txn_begin(pathmap_kb *kb, pathmap_kb_txn **out) {
    return guard([&] {
        require(kb, "knowledge base");
        require(out, "out");
        *out = new pathmap_kb_txn{kb->kb->begin()};
        return PATHMAP_OK;
    });
}

int pathmap_kb_txn_get(const pathmap_kb_txn *txn, const void *path, size_t len, uint64_t *value) {
    return guard([&] {
        require(txn, "transaction");
        return found(txn->txn->get(checked_path(path, len)), value, PATHMAP_OK, PATHMAP_NOTFOUND);
    });
}

int pathmap_kb_txn_add(pathmap_kb_txn *txn, const void *path, size_t len, uint64_t value, uint64_t *old_value) {
    return guard([&] {
        require(txn, "transaction");
        return add_to(*txn->txn, path, len, value, old_value);
    });
}

int pathmap_kb_txn_remove(pathmap_kb_txn *txn, const void *path, size_t len, uint64_t *old_value) {
    return guard([&] {
        require(txn, "transaction");
        return remove_from(*txn->txn, path, len, old_value);
    });
}

int pathmap_kb_txn_commit(pathmap_kb_txn *txn) {
    return guard([&] {
        require(txn, "transaction");
        txn->txn->commit();
        return PATHMAP_OK;
    });
}

int pathmap_kb_txn_rollback(pathmap_kb_txn *txn) {
    return guard([&] {
        require(txn, "transaction");
        txn->txn->rollback();
        return PATHMAP_OK;
    });
}

void pathmap_kb_txn_free(pathmap_kb_txn *txn) { delete txn; }  // an active transaction's changes are dropped

int pathmap_kb_cursor_new(const pathmap_kb *kb, const void *prefix, size_t len, pathmap_kb_cursor **out) {
    return guard([&] {
        require(kb, "knowledge base");
        require(out, "out");
        *out = new pathmap_kb_cursor{kb->kb->cursor(checked_path(prefix, len, "prefix"))};
        return PATHMAP_OK;
    });
}

int pathmap_kb_cursor_next(pathmap_kb_cursor *c, pathmap_bytes *path, uint64_t *value) {
    return guard([&] {
        require(c, "cursor");
        if (!c->cursor.next()) return PATHMAP_DONE;
        if (path) *path = {c->cursor.path().data(), c->cursor.path().size()};
        if (value) *value = c->cursor.value();
        return PATHMAP_OK;
    });
}

void pathmap_kb_cursor_free(pathmap_kb_cursor *c) { delete c; }

}  // extern "C"
