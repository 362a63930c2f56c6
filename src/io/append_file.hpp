// An existing file written only at its end, made durable on request: the active log
// of a knowledge base. Unlike FileAppender (one commit point for a whole append),
// every append is kept and sync() is the durability point.
//
// Thread safety: append and truncate from one thread at a time; sync() may run in
// another thread at the same time (the syncing thread of a batch log).
#pragma once

#include <atomic>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace pathmap::io {

class AppendFile {
public:
    // Opens `path` for writing; appends go after its first `end` bytes, and anything
    // beyond them (an unfinished tail) is cut off and the cut synced first.
    AppendFile(const std::string &path, std::uint64_t end);
    ~AppendFile();
    AppendFile(const AppendFile &) = delete;
    AppendFile &operator=(const AppendFile &) = delete;

    const std::string &path() const { return path_; }
    std::uint64_t size() const { return end_.load(std::memory_order_relaxed); }
    // Writes bytes at the end (the OS has them on return: a process crash keeps them).
    void append(std::span<const std::uint8_t> bytes);
    // Makes every byte appended so far durable (fdatasync).
    void sync();

private:
    std::string path_;
    int fd_;
    std::atomic<std::uint64_t> end_;
};

// The bytes of `path` from `offset` to its end, read with read calls (never mapped:
// a file another process may truncate must not be mapped).
std::vector<std::uint8_t> read_file_from(const std::string &path, std::uint64_t offset);

}  // namespace pathmap::io
