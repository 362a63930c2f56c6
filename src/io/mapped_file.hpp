// A whole file mapped read-only into memory (Boost.Interprocess file_mapping +
// mapped_region), for formats read in place such as ACT snapshots.
//
// Mapping costs the same for any file size: pages are read by the kernel when first
// touched, so files larger than RAM work, and processes mapping the same file share
// its pages. mmap caveat (as LMDB's): if another process truncates the file while it
// is mapped, touching the lost pages raises SIGBUS; replace files by renaming a new
// one over them (as every writer of this library does), never by rewriting in place.
//
// Thread safety: immutable after construction.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>

namespace pathmap::io {

class MappedFile {
public:
    // Maps `path`; throws Error(Errc::io) naming it when it cannot be opened or mapped.
    explicit MappedFile(const std::string &path);
    ~MappedFile();
    MappedFile(const MappedFile &) = delete;
    MappedFile &operator=(const MappedFile &) = delete;

    std::span<const std::uint8_t> bytes() const { return bytes_; }

    // Copies up to `n` bytes at `offset` into buf through a read call, leaving the
    // mapping untouched (its first touch of a page costs a page fault, tens of
    // microseconds in a VM); returns the bytes copied (fewer at the end of the file).
    std::size_t read_at(std::uint64_t offset, std::uint8_t *buf, std::size_t n) const;

private:
    struct Mapping;
    std::unique_ptr<Mapping> mapping_;  // empty for a zero-length file (nothing to map)
    std::string path_;
    std::span<const std::uint8_t> bytes_;
};

}  // namespace pathmap::io
