// The term store of a knowledge base: expression facts hold the id of their term as
// value, and the terms live here (metta/term_store.hpp), so a fact's value gives back
// the expression, long symbols included.
//
// On disk: the file terms-<generation>.terms beside each snapshot (written by the
// checkpoint, counts in the manifest), then the term and long-symbol records logged
// since (format/kb_log.hpp), in id order.
//
// Loading is lazy, so that opening stays O(1) in the number of facts: opening maps the
// file and checks its size against the manifest; the first use that needs the terms
// (interning, rendering, a checkpoint after new terms, or opening with verify) validates the whole file
// (O(its size)) and interns the logged records over it. The mapping keeps the file
// readable after a checkpoint unlinks it.
//
// Thread safety: none of its own; the knowledge base's lock guards it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "format/kb_log.hpp"
#include "format/kb_manifest.hpp"
#include "io/mapped_file.hpp"
#include "metta/term_store.hpp"

namespace pathmap::kb {

// Term and long-symbol records read from a log, checked to continue the ids of what
// lies below them.
class TermLog {
public:
    TermLog() = default;
    TermLog(std::uint64_t next_term, std::uint64_t next_long_symbol) : next_{next_term, next_long_symbol} {}

    // Error(corrupt) unless e.id is the next id of its table.
    void add(const kblog::TermEntry &e);
    // Appends `more`, whose ids continue ours.
    void extend(TermLog &&more);
    std::uint64_t next_term() const { return next_[0]; }
    std::uint64_t next_long_symbol() const { return next_[1]; }

    struct Record {
        bool long_symbol;
        std::vector<std::uint8_t> bytes;
    };
    std::vector<Record> records;

private:
    std::uint64_t next_[2] = {0, 0};
};

class Terms {
public:
    Terms() = default;
    // Maps term store file `file` of manifest m: a missing file, or one of another size
    // than m says, is Error(corrupt).
    Terms(const std::string &file, const kbmanifest::Manifest &m);

    std::uint64_t size() const { return store_ ? store_->size() : pending_.next_term(); }
    std::uint64_t long_symbol_count() const { return store_ ? store_->long_symbol_count() : pending_.next_long_symbol(); }
    // An empty log whose ids continue ours, to read records into; append() takes it.
    TermLog continuation() const { return TermLog(size(), long_symbol_count()); }
    void append(TermLog &&log);

    bool loaded() const { return store_ != nullptr; }
    // The store, loaded on first call (a cache, hence const). Error(corrupt) naming the
    // file when it is damaged or does not hold the manifest's counts; Error(format) for
    // another format or version.
    const metta::TermStore &load() const;
    metta::TermStore &load() {
        static_cast<const Terms &>(*this).load();
        return *store_;
    }
    // The mapped file when the store holds nothing more (no logged records) and was
    // never loaded, so a checkpoint can write it again as it is; else null.
    std::shared_ptr<const io::MappedFile> unchanged_file() const {
        return !store_ && pending_.records.empty() ? mapped_ : nullptr;
    }
    const std::string &file() const { return file_; }

private:
    std::string file_;
    mutable std::shared_ptr<const io::MappedFile> mapped_;  // until loaded
    std::uint64_t file_terms_ = 0, file_long_symbols_ = 0;
    mutable TermLog pending_;  // records not yet interned (all of them until loaded)
    mutable std::unique_ptr<metta::TermStore> store_;
};

// Interns logged records into `store`, checking that each is new and gets the id it
// was logged with (Error(corrupt) otherwise, and the store is left as it was).
void intern_logged(metta::TermStore &store, const std::vector<TermLog::Record> &records);

}  // namespace pathmap::kb
