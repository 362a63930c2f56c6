// Appends records to a knowledge base's active log and makes them durable as the sync
// mode says (options.hpp). Every append reaches the OS before it returns, so a crash of
// the process loses nothing appended; durability against power loss comes from
// fdatasync: after each append (always), by group commit after batch_records records
// or batch_ms milliseconds on a background thread (batch), or only on flush (none).
// A failed sync is final: the kernel may have dropped the unsynced pages, so every
// later call throws it rather than report data durable that may not be.
//
// Thread safety: append, flush and rotate are called under the knowledge base's writer
// lock; the background syncer synchronizes with them through its own mutex.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <thread>

#include "io/append_file.hpp"
#include "kb/options.hpp"

namespace pathmap::kb {

class LogWriter {
public:
    // Continues the log `file` after its first `end` bytes (cutting any torn tail).
    LogWriter(const std::string &file, std::uint64_t end, const SyncPolicy &policy);
    // Stops the syncer and syncs what is pending (except in mode none); errors are
    // swallowed here: call close() to see them.
    ~LogWriter();
    LogWriter(const LogWriter &) = delete;
    LogWriter &operator=(const LogWriter &) = delete;

    // Appends `records` change records (their bytes), syncing as the mode says.
    void append(std::span<const std::uint8_t> bytes, std::uint64_t records);
    // Makes everything appended so far durable.
    void flush();
    // Syncs the active log, then continues in `file` (an existing, empty log): older
    // logs are complete and durable before anything goes to a newer one.
    void rotate(const std::string &file);
    // Stops the syncer and syncs what is pending (except in mode none).
    void close();

    std::uint64_t active_bytes() const;
    std::uint64_t unsynced_records() const;

private:
    void sync_locked(std::unique_lock<std::mutex> &lock);
    void check_failed() const;
    void run_syncer();

    SyncPolicy policy_;
    mutable std::mutex mu_;
    std::condition_variable wake_;
    std::shared_ptr<io::AppendFile> file_;
    std::uint64_t appended_ = 0;  // records appended
    std::uint64_t synced_ = 0;    // of which known durable
    std::string failed_;          // the first sync failure
    bool stop_ = false;
    std::thread syncer_;
};

}  // namespace pathmap::kb
