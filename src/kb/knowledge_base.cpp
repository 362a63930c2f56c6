#include "kb/knowledge_base.hpp"

#include "core/error.hpp"
#include "format/kb_log.hpp"
#include "io/directory.hpp"
#include "kb/checkpoint.hpp"
#include "kb/layout.hpp"
#include "kb/transaction.hpp"
#include "metta/encoding.hpp"
#include "metta/expr_text.hpp"
#include "metta/parser.hpp"

namespace pathmap::kb {
namespace {

constexpr std::uint64_t kProgressEvery = 4096;  // expressions

// Every expression of MeTTa text, parsed, with where each one starts.
struct Parsed {
    std::vector<metta::Term> terms;
    std::vector<std::size_t> starts;
};

Parsed parse_all(std::string_view text, const Progress &progress) {
    Parsed out;
    metta::Parser parser(text);
    metta::Term term;
    for (std::size_t start = parser.offset(); parser.next(term); start = parser.offset()) {
        out.terms.push_back(std::move(term));
        out.starts.push_back(start);
        if (progress && out.terms.size() % kProgressEvery == 0) progress("parsing", out.terms.size(), 0);
    }
    return out;
}

// Runs f, naming the expression that starts at `start` of text in the message of an
// Error it throws, as parse errors do.
template <class F>
auto naming_expression(std::string_view text, std::size_t start, F &&f) {
    try {
        return f();
    } catch (const Error &e) {
        throw Error(e.code(), std::string(e.what()) + " (the expression at " + metta::line_column(text, start) + ")");
    }
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
    s.terms = image_.terms.size();
    s.long_symbols = image_.terms.long_symbol_count();
    return s;
}

std::string KnowledgeBase::warning() const {
    std::shared_lock lock(mu_);
    if (image_.warning.empty() || background_error_.empty()) return image_.warning + background_error_;
    return image_.warning + "; " + background_error_;
}

// The one way the state changes: generate emits changes; each that changes something
// is applied to a copy of the state (and, during a checkpoint, to the layer over the
// state being folded), and terms it interns are logged before the changes that use
// them; then all are logged as one atomic unit and the copy published. A failure
// before the log append changes nothing (the term store is cut back); the append is
// the commit point.
std::uint64_t KnowledgeBase::write(const std::function<void(const Emit &)> &generate, Undo undo) {
    std::unique_lock lock(mu_);
    check_writable();
    State next = image_.state;
    Layer delta = delta_;
    std::vector<std::uint8_t> records;
    std::uint64_t n = 0, terms_logged = 0;
    metta::TermStore *store = nullptr;  // loaded by the first intern
    std::uint64_t terms_before = 0, long_symbols_before = 0;
    const Emit emit{
        [&](const kblog::Change &c, std::optional<std::uint64_t> *old) {
            if (!next.apply(c, old)) return false;
            if (folding_) delta.apply(c, frozen_.get(c.path));
            kblog::append_change(records, c);
            ++n;
            return true;
        },
        [&](const metta::Term &t) {
            if (!store) {
                store = &image_.terms.load();
                terms_before = store->size();
                long_symbols_before = store->long_symbol_count();
            }
            const std::uint64_t long_symbols = store->long_symbol_count();
            const auto [id, added] = store->intern(t, options_.long_symbols);
            for (std::uint64_t i = long_symbols; i < store->long_symbol_count(); ++i, ++terms_logged)
                kblog::append_term(records, {true, i, store->long_symbol(i)});
            if (added) kblog::append_term(records, {false, id, store->expr(id)}), ++terms_logged;
            return std::pair(id, store->expr(id));
        }};
    bool pushed = false;
    try {
        generate(emit);
        if (n + terms_logged == 0) {
            if (undo == Undo::consume) history_.drop_last_undo();
            return 0;
        }
        const std::vector<std::uint8_t> sealed = kblog::seal(records, n + terms_logged);
        pushed = n > 0 && undo == Undo::record && history_.push_undo(image_.state);
        log_->append(sealed, n + terms_logged);
        image_.log_bytes += sealed.size();
    } catch (...) {
        if (pushed) history_.pop_undo_back();
        if (store) store->truncate(terms_before, long_symbols_before);
        throw;
    }
    if (undo == Undo::consume) history_.drop_last_undo();
    image_.state = std::move(next);
    if (folding_) {
        delta_ = std::move(delta);
        delta_records_ += n;
    }
    image_.log_records += n;
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
    const Parsed parsed = parse_all(text, options_.progress);  // outside the lock: parse errors change nothing
    const std::size_t count = parsed.terms.size();
    const std::uint64_t n = write([&](const Emit &emit) {
        for (std::size_t i = 0; i < count; ++i) {
            naming_expression(text, parsed.starts[i], [&] {
                if (add) {
                    const auto [id, expr] = emit.intern(parsed.terms[i]);
                    emit({true, expr, id}, nullptr);
                } else if (const auto expr = image_.terms.load().encoding(parsed.terms[i])) {
                    emit({false, *expr, 0}, nullptr);
                }
            });
            if (options_.progress && (i + 1) % kProgressEvery == 0) options_.progress(add ? "adding" : "removing", i + 1, count);
        }
    });
    if (changed) *changed = n;
    return count;
}

// Loading the term store changes the handle, so the first use takes the lock
// exclusively; later ones share it.
template <class F>
auto KnowledgeBase::with_terms(F &&f) const {
    {
        std::shared_lock lock(mu_);
        check_open();
        if (image_.terms.loaded()) return f(image_.terms.load());
    }
    std::unique_lock lock(mu_);
    check_open();
    return f(image_.terms.load());
}

std::optional<std::string> KnowledgeBase::term_text(std::uint64_t id) const {
    return with_terms([&](const metta::TermStore &store) { return id < store.size() ? std::optional(store.text(id)) : std::nullopt; });
}

metta::LongSymbolBytes KnowledgeBase::long_symbols() const {
    {
        std::shared_lock lock(mu_);
        check_open();
        if (image_.terms.long_symbol_count() == 0) return {};
    }
    auto symbols = with_terms([](const metta::TermStore &store) {
        std::vector<std::vector<std::uint8_t>> copy;
        for (std::uint64_t i = 0; i < store.long_symbol_count(); ++i) copy.emplace_back(store.long_symbol(i).begin(), store.long_symbol(i).end());
        return std::make_shared<const std::vector<std::vector<std::uint8_t>>>(std::move(copy));
    });
    return [symbols](std::uint64_t index) -> Path {
        if (index >= symbols->size()) throw Error(Errc::corrupt, "long-symbol handle " + std::to_string(index) + " names no long symbol of the term store");
        return (*symbols)[index];
    };
}

std::optional<std::uint64_t> KnowledgeBase::find_term(std::string_view text) const {
    const metta::Term term = metta::parse_one(text);
    return with_terms([&](const metta::TermStore &store) { return store.find(term); });
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
    TermsFile terms;
    std::uint64_t generation;
    {
        std::unique_lock lock(mu_);
        check_writable();
        if (image_.log_records == 0 && image_.terms.size() == image_.state.base->manifest().terms) return;  // nothing to fold
        terms = capture(image_.terms);
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
        base = write_snapshot(dir_, frozen, write_terms(dir_, generation, terms), options_.progress);
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
