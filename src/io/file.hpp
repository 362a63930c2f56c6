// The only code that touches the filesystem for formats: a plain reader and a
// crash-safe writer. Formats stay free of I/O and talk to these through callbacks.
// One object belongs to one thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace pathmap::io {

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
};

}  // namespace pathmap::io
