// The term store file format (libpathmap's own; version 1). Free of I/O: the writer
// hands its bytes to a sink, the reader checks a byte span.
//
// A term store holds two tables of byte strings, each entry named by its dense index:
// the terms (MORK encodings, metta/term_store.hpp) and the long symbols their handles
// name (metta/encoding.hpp). Layout (integers little-endian):
//
//   offset   size   field
//   0        8      magic "PMTERMS\0"
//   8        4      format version, u32 (1)
//   12       4      reserved, u32 (0)
//   16       8      T: number of terms, u64
//   24       8      BT: bytes of all terms, u64
//   32       8      S: number of long symbols, u64
//   40       8      BS: bytes of all long symbols, u64
//   48       8*T    end of each term in the term bytes, u64, non-decreasing, last = BT
//            BT     the terms' bytes, concatenated in id order
//            8*S    end of each long symbol in the long-symbol bytes (as above)
//            BS     the long symbols' bytes, concatenated in index order
//   size-8   8      XXH3-64 (seed 0) of every byte before it, u64
//
// The file size is therefore fixed by the header; flat arrays make loading a single
// pass over the file, and saving writes the in-memory arrays as they are.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "core/path.hpp"

namespace pathmap::terms {

inline constexpr std::uint8_t kMagic[8] = {'P', 'M', 'T', 'E', 'R', 'M', 'S', '\0'};
inline constexpr std::uint32_t kVersion = 1;
inline constexpr std::size_t kHeaderSize = 48;
inline constexpr std::size_t kChecksumSize = 8;

// One table as stored: entry i is bytes[ends[i-1] .. ends[i]) (from 0 for i = 0).
struct TableView {
    std::span<const std::uint64_t> ends;
    Path bytes;
};

// Receives the file's bytes in order, in pieces.
using Sink = std::function<void(Path)>;

// Writes the file holding `terms` and `long_symbols` (whose ends must be consistent
// with their bytes, as Interner keeps them).
void write(const TableView &terms, const TableView &long_symbols, const Sink &sink);

// A table read from a file: ends decoded, bytes viewed in the file.
struct Table {
    std::vector<std::uint64_t> ends;
    Path bytes;
    std::uint64_t ends_offset = 0;   // file offset of ends[0], for messages
    std::uint64_t bytes_offset = 0;  // file offset of bytes[0]
};

struct Contents {
    Table terms;
    Table long_symbols;
};

// Checks the file's framing and returns its tables, viewing `file`. Errors:
// Error(Errc::format) when the magic is not there or the version is not 1;
// Error(Errc::corrupt, "offset N: ...") for a truncated file, a size other than the
// header describes, a checksum mismatch, ends out of order or past their bytes. The
// entries themselves are checked by their user (TermStore). O(file size).
Contents read(Path file);

}  // namespace pathmap::terms
