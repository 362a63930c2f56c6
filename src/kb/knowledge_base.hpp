// A persistent knowledge base: facts (paths with u64 values; a MeTTa expression is
// stored as its MORK encoding, with the id of its term in the knowledge base's term
// store as value) kept in a directory as an ACT snapshot and a term store plus a
// write-ahead log of the changes since (kb/layout.hpp, kb/terms.hpp, format/kb_log.hpp).
//
// Opening maps the snapshot (reading only its header) and replays the log into a layer
// of changes; reads see the layer over the snapshot (State, Cursor). Each change is
// logged before its call returns and made durable per the sync mode (options.hpp); a
// checkpoint folds the changes into a new snapshot and starts a fresh log, from an O(1)
// copy of the state, so writers go on while the snapshot is written.
//
// Processes: one writer per directory (a flock'ed LOCK file; a second gets
// Error(locked)) and any number of read-only openers, which share the snapshot's pages
// and keep the view they opened until refresh(): a checkpoint writes a new snapshot
// file and unlinks the old one, whose mapped pages stay valid for them.
//
// Versions, undo and transactions are O(1) copies of the state (history.hpp,
// transaction.hpp); going back is logged as one atomic group of changes. Versions and
// undo steps live in memory for the handle's lifetime.
//
// Thread safety: every member may be called from any number of threads at once; reads
// share a lock, changes take it exclusively (and are logged in that order).
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <thread>

#include "io/file_lock.hpp"
#include "kb/cursor.hpp"
#include "kb/history.hpp"
#include "kb/log_writer.hpp"
#include "kb/options.hpp"
#include "kb/recovery.hpp"
#include "metta/expr_text.hpp"

namespace pathmap::kb {

class Transaction;

class KnowledgeBase : public std::enable_shared_from_this<KnowledgeBase> {
public:
    // Creates an empty knowledge base in dir (created if missing); Error(state) if one
    // is there already, Error(locked) if a writer has it open.
    static void init(const std::string &dir);
    // Opens the knowledge base in dir (see Options). Errors: Error(io) when there is
    // none (and options.create is false), Error(locked) for a second writer,
    // Error(corrupt)/Error(format) for damaged or foreign files.
    static std::shared_ptr<KnowledgeBase> open(const std::string &dir, const Options &options);

    KnowledgeBase(const std::string &dir, const Options &options);  // use open()
    ~KnowledgeBase();
    KnowledgeBase(const KnowledgeBase &) = delete;
    KnowledgeBase &operator=(const KnowledgeBase &) = delete;

    // Lets a started checkpoint finish, syncs the log (except in mode none) and releases
    // the lock; later calls throw Error(state). Throws a sync failure.
    void close();

    // Reads.
    std::optional<std::uint64_t> get(Path p) const;
    std::uint64_t val_count() const;
    // An O(1) copy of the current state: what cursors read, and where pattern queries
    // plug in (match in layer.adds, and in base->zipper() dropping the paths the layer
    // removes or sets).
    State state() const;
    Cursor cursor(Path prefix) const { return Cursor(state(), prefix); }
    Stats stats() const;
    // What recovery dropped (a torn log tail) or a background checkpoint's failure;
    // empty when all is well.
    std::string warning() const;

    // Changes: true when something changed (a new or different value; a path removed);
    // *old (may be null) receives the value before.
    bool add(Path p, std::uint64_t value, std::optional<std::uint64_t> *old = nullptr);
    bool remove(Path p, std::optional<std::uint64_t> *old = nullptr);
    // Adds (or removes) every expression of MeTTa text, in text order, as one atomic
    // group; an added expression's value is its term's id, interned (and logged) when
    // new. All or nothing: a parse error or a limit changes nothing. Returns the number
    // of expressions; *changed (may be null) the facts that changed.
    std::uint64_t change_metta(std::string_view text, bool add, std::uint64_t *changed = nullptr);

    // The term store (loaded on first use: kb/terms.hpp). term_text renders term `id`
    // (nullopt when there is none); find_term gives the id of the expression `text`
    // holds, if it was ever added (parse errors throw).
    std::optional<std::string> term_text(std::uint64_t id) const;
    std::optional<std::uint64_t> find_term(std::string_view text) const;
    // The long symbols of the term store as they are now (a copy, so a query can render
    // handles while the store grows): empty when there are none, without reading the store.
    metta::LongSymbolBytes long_symbols() const;

    std::unique_ptr<Transaction> begin();

    // Durability and snapshots.
    void flush();
    void checkpoint();
    // Read-only handles: catch up with the writer (new log records, or a new snapshot
    // after a checkpoint). A no-op for the writer.
    void refresh();

    // Versions and undo. rollback/undo return false when the version / an undo step
    // does not exist.
    void save_version(const std::string &name);
    bool rollback(const std::string &name);
    bool drop_version(const std::string &name);
    bool undo();

    // Applies the change records in `records` (as kblog::append_change writes them) as
    // one atomic group: what a transaction's commit does.
    void commit_records(const std::vector<std::uint8_t> &records);

private:
    // What a write's generator hands its changes to: emit(change, old) applies one;
    // emit.intern(term) gives the term's id and encoding (valid until the next intern),
    // interning and logging it when new.
    struct Emit {
        std::function<bool(const kblog::Change &, std::optional<std::uint64_t> *)> change;
        std::function<std::pair<std::uint64_t, Path>(const metta::Term &)> intern;
        bool operator()(const kblog::Change &c, std::optional<std::uint64_t> *old) const { return change(c, old); }
    };
    // What a change does to the undo steps: records the state before it, consumes the
    // newest step (undo itself), or neither.
    enum class Undo { record, consume };
    std::uint64_t write(const std::function<void(const Emit &)> &generate, Undo undo = Undo::record);
    void check_open() const;
    // Runs f(store) with the term store loaded, under a shared lock once it is.
    template <class F>
    auto with_terms(F &&f) const;
    void check_writable() const;
    void maybe_checkpoint_in_background();
    void run_checkpoint();

    const std::string dir_;
    const Options options_;
    std::unique_ptr<io::FileLock> lock_;  // writer only

    mutable std::shared_mutex mu_;
    Image image_;  // the state and its logs
    std::unique_ptr<LogWriter> log_;  // writer only
    History history_;
    std::uint64_t changes_since_checkpoint_ = 0;
    std::uint64_t checkpoints_ = 0;
    std::string background_error_;
    bool closing_ = false;
    bool closed_ = false;

    // A checkpoint in progress: the state it folds, and the changes made since, as a
    // layer over it (it becomes the live layer over the new snapshot).
    std::mutex checkpoint_mu_;  // one checkpoint at a time
    bool folding_ = false;
    State frozen_;
    Layer delta_;
    std::uint64_t delta_records_ = 0;
    std::thread background_;
    bool background_running_ = false;
};

}  // namespace pathmap::kb
