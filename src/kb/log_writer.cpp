#include "kb/log_writer.hpp"

#include <chrono>

#include "core/error.hpp"
#include "format/kb_log.hpp"

namespace pathmap::kb {

LogWriter::LogWriter(const std::string &file, std::uint64_t end, const SyncPolicy &policy)
    : policy_(policy), file_(std::make_shared<io::AppendFile>(file, end)) {
    if (policy_.mode == SyncMode::batch && policy_.batch_ms > 0) syncer_ = std::thread([this] { run_syncer(); });
}

LogWriter::~LogWriter() {
    try {
        close();
    } catch (const Error &) {
        // close() reports sync failures to callers who ask; a destructor cannot.
    }
}

void LogWriter::check_failed() const {
    if (!failed_.empty()) throw Error(Errc::io, "the log could not be synced earlier, so durability is unknown: " + failed_);
}

// Syncs the active file with mu_ released during the fdatasync, so the syncer
// thread never holds up an append for the length of a disk flush.
void LogWriter::sync_locked(std::unique_lock<std::mutex> &lock) {
    check_failed();
    if (synced_ == appended_) return;
    const std::uint64_t target = appended_;
    const std::shared_ptr<io::AppendFile> file = file_;
    lock.unlock();
    try {
        file->sync();
    } catch (const Error &e) {
        lock.lock();
        if (failed_.empty()) failed_ = e.what();
        throw;
    }
    lock.lock();
    if (target > synced_) synced_ = target;
}

void LogWriter::append(std::span<const std::uint8_t> bytes, std::uint64_t records) {
    std::unique_lock lock(mu_);
    check_failed();
    file_->append(bytes);
    appended_ += records;
    const bool due = policy_.mode == SyncMode::always ||
                     (policy_.mode == SyncMode::batch && policy_.batch_records > 0 && appended_ - synced_ >= policy_.batch_records);
    if (due) sync_locked(lock);
}

void LogWriter::flush() {
    std::unique_lock lock(mu_);
    sync_locked(lock);
}

void LogWriter::rotate(const std::string &file) {
    auto next = std::make_shared<io::AppendFile>(file, kblog::kHeaderSize);
    std::unique_lock lock(mu_);
    sync_locked(lock);
    file_ = std::move(next);
}

void LogWriter::close() {
    {
        std::lock_guard lock(mu_);
        stop_ = true;
    }
    wake_.notify_all();
    if (syncer_.joinable()) syncer_.join();
    if (policy_.mode == SyncMode::none) return;
    std::unique_lock lock(mu_);
    sync_locked(lock);
}

std::uint64_t LogWriter::active_bytes() const {
    std::lock_guard lock(mu_);
    return file_->size();
}

std::uint64_t LogWriter::unsynced_records() const {
    std::lock_guard lock(mu_);
    return appended_ - synced_;
}

void LogWriter::run_syncer() {
    std::unique_lock lock(mu_);
    while (!stop_) {
        wake_.wait_for(lock, std::chrono::milliseconds(policy_.batch_ms), [this] { return stop_; });
        if (stop_ || !failed_.empty()) continue;
        try {
            sync_locked(lock);
        } catch (const Error &) {
            // Recorded in failed_: the next append or flush reports it.
        }
    }
}

}  // namespace pathmap::kb
