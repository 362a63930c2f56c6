#include "kb/knowledge_base.hpp"

#include "core/error.hpp"
#include "format/kb_log.hpp"
#include "io/directory.hpp"
#include "kb/checkpoint.hpp"
#include "kb/layout.hpp"
#include "kb/transaction.hpp"
#include "metta/encoding.hpp"
#include "metta/parser.hpp"

namespace pathmap::kb {
namespace {

constexpr std::uint64_t kProgressEvery = 4096;  // expressions

// Every expression of MeTTa text, MORK-encoded back to back, with where each one ends.
struct Encoded {
    std::vector<std::uint8_t> bytes;
    std::vector<std::size_t> ends;
};

Encoded encode_all(std::string_view text, const Progress &progress) {
    Encoded out;
    metta::Parser parser(text);
    metta::Term term;
    for (std::size_t start = parser.offset(); parser.next(term); start = parser.offset()) {
        try {
            metta::append_encoding(term, out.bytes);
        } catch (const Error &e) {  // name the expression as parse errors do
            throw Error(e.code(), std::string(e.what()) + " (the expression at " + metta::line_column(text, start) + ")");
        }
        out.ends.push_back(out.bytes.size());
        if (progress && out.ends.size() % kProgressEvery == 0) progress("parsing", out.ends.size(), 0);
    }
    return out;
}

}  // namespace

void KnowledgeBase::init(const std::string &dir) {
    io::make_directory(dir);
    const io::FileLock lock(layout::lock(dir), "knowledge base " + dir);
    if (layout::exists(dir)) throw Error(Errc::state, dir + ": already holds a knowledge base");
    create_empty(dir);
}

std::shared_ptr<KnowledgeBase> KnowledgeBase::open(const std::string &dir, const Options &options) {
    return std::make_shared<KnowledgeBase>(dir, options);
}

KnowledgeBase::KnowledgeBase(const std::string &dir, const Options &options)
    : dir_(dir), options_(options), history_(options.undo_depth) {
    const bool creates = options_.create && !options_.read_only;
    if (!layout::exists(dir_) && !creates) {
        if (io::file_exists(dir_) && layout::has_kb_files(dir_)) throw Error(Errc::corrupt, layout::manifest(dir_) + " is missing");
        throw Error(Errc::io, dir_ + ": no knowledge base here (no MANIFEST)");
    }
    if (!options_.read_only) {
        if (creates) io::make_directory(dir_);
        lock_ = std::make_unique<io::FileLock>(layout::lock(dir_), "knowledge base " + dir_);
        if (!layout::exists(dir_)) create_empty(dir_);  // checked again under the lock
    }
    image_ = recover(dir_, options_.verify, options_.progress);
    if (options_.read_only) return;
    layout::remove_obsolete(dir_, image_.state.base->generation());
    log_ = std::make_unique<LogWriter>(layout::log(dir_, image_.logs.back()), image_.end, options_.sync);
}

KnowledgeBase::~KnowledgeBase() {
    try {
        close();
    } catch (const Error &) {
        // close() reports a failed sync to a caller who asks; a destructor cannot.
    }
}

void KnowledgeBase::close() {
    std::thread background;
    {
        std::unique_lock lock(mu_);
        if (closed_) return;
        closing_ = true;  // no new background checkpoint; a started one completes
        background = std::move(background_);
    }
    if (background.joinable()) background.join();
    {
        std::unique_lock lock(mu_);
        closed_ = true;
    }
    const std::lock_guard waiting(checkpoint_mu_);  // a checkpoint in another thread
    if (log_) log_->close();
    lock_.reset();
}

void KnowledgeBase::check_open() const {
    if (closed_) throw Error(Errc::state, "the knowledge base " + dir_ + " is closed");
}

void KnowledgeBase::check_writable() const {
    check_open();
    if (options_.read_only) throw Error(Errc::state, "the knowledge base " + dir_ + " is open read-only");
}

std::optional<std::uint64_t> KnowledgeBase::get(Path p) const {
    std::shared_lock lock(mu_);
    check_open();
    return image_.state.get(p);
}

std::uint64_t KnowledgeBase::val_count() const {
    std::shared_lock lock(mu_);
    check_open();
    return image_.state.facts;
}

State KnowledgeBase::state() const {
    std::shared_lock lock(mu_);
    check_open();
    return image_.state;
}

Stats KnowledgeBase::stats() const {
    std::shared_lock lock(mu_);
    check_open();
    Stats s;
    const kbmanifest::Manifest &m = image_.state.base->manifest();
    s.facts = image_.state.facts;
    s.snapshot_facts = m.snapshot_facts;
    s.log_records = image_.log_records;
    s.log_bytes = image_.log_bytes;
    s.generation = m.generation;
    s.snapshot_bytes = m.snapshot_bytes;
    s.added_paths = image_.state.layer.adds.val_count();
    s.removed_paths = image_.state.layer.removes.val_count();
    s.unsynced_records = log_ ? log_->unsynced_records() : 0;
    s.checkpoints = checkpoints_;
    s.versions = history_.versions();
    s.undo_steps = history_.undo_steps();
    s.read_only = options_.read_only;
    return s;
}

std::string KnowledgeBase::warning() const {
    std::shared_lock lock(mu_);
    if (image_.warning.empty() || background_error_.empty()) return image_.warning + background_error_;
    return image_.warning + "; " + background_error_;
}

// The one way the state changes: generate emits changes; each that changes something
// is applied to a copy of the state (and, during a checkpoint, to the layer over the
// state being folded); then all are logged as one atomic unit and the copy published.
// A failure before the log append changes nothing; the append is the commit point.
std::uint64_t KnowledgeBase::write(const std::function<void(const Emit &)> &generate, Undo undo) {
    std::unique_lock lock(mu_);
    check_writable();
    State next = image_.state;
    Layer delta = delta_;
    std::vector<std::uint8_t> records;
    std::uint64_t n = 0;
    generate([&](const kblog::Change &c, std::optional<std::uint64_t> *old) {
        if (!next.apply(c, old)) return false;
        if (folding_) delta.apply(c, frozen_.get(c.path));
        kblog::append_change(records, c);
        ++n;
        return true;
    });
    if (n == 0) {
        if (undo == Undo::consume) history_.drop_last_undo();
        return 0;
    }
    const std::vector<std::uint8_t> sealed = kblog::seal(records, n);
    const bool pushed = undo == Undo::record && history_.push_undo(image_.state);
    try {
        log_->append(sealed, n);
    } catch (...) {
        if (pushed) history_.pop_undo_back();
        throw;
    }
    if (undo == Undo::consume) history_.drop_last_undo();
    image_.state = std::move(next);
    if (folding_) {
        delta_ = std::move(delta);
        delta_records_ += n;
    }
    image_.log_records += n;
    image_.log_bytes += sealed.size();
    changes_since_checkpoint_ += n;
    maybe_checkpoint_in_background();
    return n;
}

bool KnowledgeBase::add(Path p, std::uint64_t value, std::optional<std::uint64_t> *old) {
    bool changed = false;
    write([&](const Emit &emit) { changed = emit({true, p, value}, old); });
    return changed;
}

bool KnowledgeBase::remove(Path p, std::optional<std::uint64_t> *old) {
    bool changed = false;
    write([&](const Emit &emit) { changed = emit({false, p, 0}, old); });
    return changed;
}

std::uint64_t KnowledgeBase::change_metta(std::string_view text, bool add, std::uint64_t *changed) {
    const Encoded e = encode_all(text, options_.progress);  // outside the lock: parse errors change nothing
    const std::uint64_t n = write([&](const Emit &emit) {
        std::size_t from = 0;
        for (std::size_t i = 0; i < e.ends.size(); ++i) {
            emit({add, Path(e.bytes).subspan(from, e.ends[i] - from), 0}, nullptr);
            from = e.ends[i];
            if (options_.progress && (i + 1) % kProgressEvery == 0) options_.progress(add ? "adding" : "removing", i + 1, e.ends.size());
        }
    });
    if (changed) *changed = n;
    return e.ends.size();
}

std::unique_ptr<Transaction> KnowledgeBase::begin() {
    std::shared_lock lock(mu_);
    check_writable();
    return std::make_unique<Transaction>(shared_from_this(), image_.state);
}

void KnowledgeBase::commit_records(const std::vector<std::uint8_t> &records) {
    write([&](const Emit &emit) { kblog::decode(records, 0, [&](const kblog::Change &c) { emit(c, nullptr); }); });
}

void KnowledgeBase::flush() {
    LogWriter *log;
    {
        std::shared_lock lock(mu_);
        check_writable();
        log = log_.get();  // lives until the handle does; syncing needs no lock of ours
    }
    log->flush();
}

void KnowledgeBase::refresh() {
    std::unique_lock lock(mu_);
    check_open();
    if (!options_.read_only) return;
    if (!catch_up(dir_, image_)) image_ = recover(dir_, options_.verify, options_.progress);
}

void KnowledgeBase::save_version(const std::string &name) {
    std::unique_lock lock(mu_);
    check_writable();
    history_.save(name, image_.state);
}

bool KnowledgeBase::drop_version(const std::string &name) {
    std::unique_lock lock(mu_);
    check_writable();
    return history_.drop(name);
}

bool KnowledgeBase::rollback(const std::string &name) {
    bool found = false;
    write([&](const Emit &emit) {
        const State *target = history_.find(name);
        if (!target) return;
        found = true;
        history_.diff(image_.state, *target, [&](const kblog::Change &c) { emit(c, nullptr); });
    });
    return found;
}

bool KnowledgeBase::undo() {
    bool found = false;
    write(
        [&](const Emit &emit) {
            const State *target = history_.last_undo();
            if (!target) return;
            found = true;
            history_.diff(image_.state, *target, [&](const kblog::Change &c) { emit(c, nullptr); });
        },
        Undo::consume);
    return found;
}

void KnowledgeBase::checkpoint() {
    {
        std::shared_lock lock(mu_);
        check_writable();
    }
    const std::lock_guard one(checkpoint_mu_);
    run_checkpoint();
}

// Freeze (O(1), under the lock) -> new log -> write the snapshot and the manifest
// (long, without the lock: writers go on, their changes also recorded in delta_) ->
// switch to the new snapshot with delta_ as the layer (under the lock) -> remove what
// the old generation left.
void KnowledgeBase::run_checkpoint() {
    State frozen;
    std::uint64_t generation;
    {
        std::unique_lock lock(mu_);
        check_writable();
        if (image_.log_records == 0) return;  // nothing to fold
        generation = image_.logs.back() + 1;
        layout::create_log(dir_, generation);
        log_->rotate(layout::log(dir_, generation));
        image_.logs.push_back(generation);
        image_.log_bytes += kblog::kHeaderSize;
        frozen = frozen_ = image_.state;
        delta_ = {};
        delta_records_ = 0;
        folding_ = true;
        changes_since_checkpoint_ = 0;
    }
    std::shared_ptr<const Base> base;
    try {
        base = write_snapshot(dir_, frozen, generation, options_.progress);
        layout::write_manifest(dir_, base->manifest());
    } catch (...) {
        std::unique_lock lock(mu_);
        folding_ = false;
        frozen_ = {};
        delta_ = {};
        throw;
    }
    {
        std::unique_lock lock(mu_);
        history_.folded(frozen.base->generation(), generation, frozen.layer);
        image_.state = State{std::move(base), std::move(delta_), image_.state.facts};
        image_.logs = {generation};
        image_.log_records = delta_records_;
        image_.log_bytes = log_->active_bytes();
        folding_ = false;
        frozen_ = {};
        delta_ = {};
        ++checkpoints_;
    }
    try {
        layout::remove_obsolete(dir_, generation);
    } catch (const Error &e) {  // the checkpoint stands; the next one retries
        std::unique_lock lock(mu_);
        background_error_ = std::string("removing old files failed: ") + e.what();
    }
}

// Under the writer lock, after a change: starts a checkpoint on a background thread
// when the options' thresholds are reached and none is running.
void KnowledgeBase::maybe_checkpoint_in_background() {
    if (closing_ || folding_ || background_running_) return;
    const bool due = (options_.checkpoint_changes > 0 && changes_since_checkpoint_ >= options_.checkpoint_changes) ||
                     (options_.checkpoint_log_bytes > 0 && image_.log_bytes >= options_.checkpoint_log_bytes);
    if (!due) return;
    if (background_.joinable()) background_.join();  // finished: it clears background_running_ last
    background_ = std::thread([this] {
        try {
            const std::lock_guard one(checkpoint_mu_);
            run_checkpoint();
        } catch (const std::exception &e) {
            std::unique_lock lock(mu_);
            if (!closed_) background_error_ = std::string("automatic checkpoint failed: ") + e.what();
            changes_since_checkpoint_ = 0;  // retry after as many changes again
        }
        std::unique_lock lock(mu_);
        background_running_ = false;
    });
    background_running_ = true;  // the thread cannot clear it before we release the lock
}

}  // namespace pathmap::kb
