// The only code that touches the filesystem for formats: a plain reader and a
// crash-safe writer. Formats stay free of I/O and talk to these through callbacks.
// One object belongs to one thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace pathmap::io {

// Throws Error(Errc::io) "path: what: <strerror(errno)>".
[[noreturn]] void fail_errno(const std::string &path, const char *what);

// Writes all of `bytes` at `offset` of the open file `fd` (named `path` in errors),
// retrying short writes and interruptions. Throws Error(Errc::io).
void write_all_at(int fd, const std::string &path, std::uint64_t offset, std::span<const std::uint8_t> bytes);

// Reads a file front to back. Errors throw Error(Errc::io) naming the path.
class FileReader {
public:
    explicit FileReader(const std::string &path);
    ~FileReader();
    FileReader(const FileReader &) = delete;
    FileReader &operator=(const FileReader &) = delete;

    // Reads up to cap bytes into buf; returns 0 at the end of the file.
    std::size_t read(std::uint8_t *buf, std::size_t cap);

private:
    std::string path_;
    int fd_;
};

// The whole contents of a file, read into one buffer sized from the file's size.
// Errors throw Error(Errc::io) naming the path.
std::vector<std::uint8_t> read_file(const std::string &path);

// Writes a file so that a crash never leaves a half-written file under its name:
// bytes go to a temporary file in the same directory; commit() syncs it, renames it
// over the target and syncs the directory. Without commit() the destructor removes
// the temporary file and the target is untouched. Errors throw Error(Errc::io).
class AtomicFileWriter {
public:
    explicit AtomicFileWriter(const std::string &path);
    ~AtomicFileWriter();
    AtomicFileWriter(const AtomicFileWriter &) = delete;
    AtomicFileWriter &operator=(const AtomicFileWriter &) = delete;

    void write(std::span<const std::uint8_t> bytes);
    // Overwrites bytes already written, at `offset` (e.g. a header field known last).
    void write_at(std::uint64_t offset, std::span<const std::uint8_t> bytes);
    void commit();

private:
    std::string path_;
    std::string temp_;
    int fd_;
    std::uint64_t end_ = 0;  // bytes appended so far
};

// Appends to an existing file in place, for append-only formats. Bytes go after the
// current end; commit_at() is the one in-place write and the commit point: it makes
// the appended bytes durable (fdatasync) before overwriting `bytes` at `offset`
// (a header field smaller than a disk sector, so it is written whole or not at all)
// and syncing again. Without commit_at() the destructor truncates the file back to
// its old length. A crash before the commit leaves the old contents valid, followed
// by unreferenced bytes. Errors throw Error(Errc::io).
class FileAppender {
public:
    explicit FileAppender(const std::string &path);
    ~FileAppender();
    FileAppender(const FileAppender &) = delete;
    FileAppender &operator=(const FileAppender &) = delete;

    std::uint64_t initial_size() const { return initial_size_; }
    void append(std::span<const std::uint8_t> bytes);
    void commit_at(std::uint64_t offset, std::span<const std::uint8_t> bytes);

private:
    std::string path_;
    int fd_;
    std::uint64_t initial_size_;
    std::uint64_t end_;
    bool committed_ = false;
};

}  // namespace pathmap::io
