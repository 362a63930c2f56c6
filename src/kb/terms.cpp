#include "kb/terms.hpp"

#include "core/error.hpp"

namespace pathmap::kb {
namespace {

void intern_one(metta::TermStore &store, const TermLog::Record &r) {
    const char *what = r.long_symbol ? "a logged long symbol" : "a logged term";
    std::pair<std::uint64_t, bool> interned;
    try {
        interned = r.long_symbol ? store.intern_long_symbol(r.bytes) : store.intern_expr(r.bytes);
    } catch (const Error &e) {
        throw Error(Errc::corrupt, std::string(what) + ": " + e.what());
    }
    if (!interned.second) throw Error(Errc::corrupt, std::string(what) + " repeats entry " + std::to_string(interned.first));
}

}  // namespace

void TermLog::add(const kblog::TermEntry &e) {
    std::uint64_t &next = next_[e.long_symbol ? 1 : 0];
    const char *what = e.long_symbol ? "long symbol" : "term";
    if (e.id != next)
        throw Error(Errc::corrupt, std::string("a logged ") + what + " has id " + std::to_string(e.id) + " where " + std::to_string(next) + " is due");
    records.push_back({e.long_symbol, {e.bytes.begin(), e.bytes.end()}});
    ++next;
}

void TermLog::extend(TermLog &&more) {
    records.insert(records.end(), std::make_move_iterator(more.records.begin()), std::make_move_iterator(more.records.end()));
    next_[0] = more.next_[0];
    next_[1] = more.next_[1];
}

Terms::Terms(const std::string &file, const kbmanifest::Manifest &m)
    : file_(file), file_terms_(m.terms), file_long_symbols_(m.long_symbols), pending_(m.terms, m.long_symbols) {
    try {
        mapped_ = std::make_shared<const io::MappedFile>(file);
    } catch (const Error &e) {
        throw Error(Errc::corrupt, std::string("the term store the manifest names is unreadable: ") + e.what());
    }
    if (const std::uint64_t size = mapped_->bytes().size(); size != m.terms_bytes)
        throw Error(Errc::corrupt, file + ": term store of " + std::to_string(size) + " bytes, the manifest says " + std::to_string(m.terms_bytes));
}

void Terms::append(TermLog &&log) {
    if (store_) return intern_logged(*store_, log.records);
    pending_.extend(std::move(log));
}

const metta::TermStore &Terms::load() const {
    if (store_) return *store_;
    auto store = std::make_unique<metta::TermStore>();
    try {
        *store = metta::TermStore::load(mapped_->bytes());
        if (store->size() != file_terms_ || store->long_symbol_count() != file_long_symbols_)
            throw Error(Errc::corrupt, "holds " + std::to_string(store->size()) + " terms and " + std::to_string(store->long_symbol_count()) +
                                           " long symbols, the manifest says " + std::to_string(file_terms_) + " and " + std::to_string(file_long_symbols_));
        intern_logged(*store, pending_.records);
    } catch (const Error &e) {
        throw Error(e.code() == Errc::format ? Errc::format : Errc::corrupt, file_ + ": " + e.what());
    }
    store_ = std::move(store);
    pending_ = {};
    mapped_.reset();
    return *store_;
}

void intern_logged(metta::TermStore &store, const std::vector<TermLog::Record> &records) {
    const std::uint64_t terms = store.size(), long_symbols = store.long_symbol_count();
    try {
        for (const TermLog::Record &r : records) intern_one(store, r);
    } catch (...) {
        store.truncate(terms, long_symbols);
        throw;
    }
}

}  // namespace pathmap::kb
