// The write-ahead log of a knowledge base (src/kb): the changes made since its
// snapshot, one checksummed record each, so that a crash loses no acknowledged change.
// Free of I/O. All integers are little-endian.
//
// File:    header | record*
// Header:  "PMKB-LOG" | u32 version (1) | u32 flags (0) | u64 generation (of the
//          checkpoint the log follows) | u64 XXH3-64 of the 24 bytes before it.
// Record:  u32 payload length | u8 type | 3 zero bytes | u32 header check (low half of
//          the XXH3-64 of the 8 bytes before it) | payload | u64 XXH3-64 of the record's
//          bytes before it. The header check makes a damaged length detectable before
//          it is trusted to find the checksum.
// Types:   add          payload: u64 value, then the path
//          remove       payload: the path
//          begin        payload: empty; opens a transaction
//          commit       payload: u64 number of records since its begin
//          term         payload: u64 id, then the term's MORK encoding: the knowledge
//                       base's term store interned it (kb/terms.hpp)
//          long symbol  payload: u64 index, then the symbol's bytes (as for a term)
// A record outside a transaction is applied alone; the records between a begin and its
// commit are applied together once the commit is read, or not at all. Term records
// precede, in the same transaction, the add records whose values are their ids.
//
// Damage (decode): a crash can only leave the end of the log unfinished, so damage
// that reaches the end of the file is a torn tail, dropped with a warning: a record
// cut short by the end of the file, a final record whose checksum fails, a damaged
// record followed by nothing but zero bytes (a file extended but never written, as
// after a power loss on some filesystems), or a transaction without its commit. Any
// other damage (a bad checksum or an invalid record with more log after it) is
// Error(corrupt) naming its offset: nothing after it is applied silently.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/path.hpp"

namespace pathmap::kblog {

inline constexpr std::uint32_t kVersion = 2;
inline constexpr std::size_t kHeaderSize = 32;
inline constexpr std::size_t kRecordHeadSize = 12;
inline constexpr std::size_t kChecksumSize = 8;
// The longest path an add record holds (its payload also holds the value).
inline constexpr std::uint64_t kMaxPath = UINT32_MAX - 8;

enum class RecordType : std::uint8_t { add = 1, remove = 2, begin = 3, commit = 4, term = 5, long_symbol = 6 };

// One change: add (path now holds value) or remove (path holds nothing). The path is
// borrowed.
struct Change {
    bool add = true;
    Path path;
    std::uint64_t value = 0;
};

// One entry interned into a term store: term `id` has MORK encoding `bytes`, or long
// symbol `id` is `bytes`. The bytes are borrowed.
struct TermEntry {
    bool long_symbol = false;
    std::uint64_t id = 0;
    Path bytes;
};
using OnChange = std::function<void(const Change &)>;
using OnTerm = std::function<void(const TermEntry &)>;

std::vector<std::uint8_t> encode_header(std::uint64_t generation);
// The generation of a log whose first bytes are `bytes`. Throws Error(format) for
// another magic or version, Error(corrupt) for a short header or a bad checksum.
std::uint64_t decode_header(Path bytes);

// Append one record to out. A path longer than kMaxPath is Error(invalid).
void append_change(std::vector<std::uint8_t> &out, const Change &change);
void append_term(std::vector<std::uint8_t> &out, const TermEntry &entry);
void append_begin(std::vector<std::uint8_t> &out);
void append_commit(std::vector<std::uint8_t> &out, std::uint64_t changes);

// `count` records (appended by append_change or append_term to `records`) as what the
// log holds: alone for one record, else wrapped in begin..commit so they apply all or
// nothing.
std::vector<std::uint8_t> seal(const std::vector<std::uint8_t> &records, std::uint64_t count);

struct Decoded {
    std::uint64_t end = 0;      // file offset after the last change applied (appending resumes here)
    std::uint64_t records = 0;  // change records applied
    std::uint64_t terms = 0;    // term and long-symbol records applied
    std::uint64_t dropped = 0;  // bytes after `end` dropped as a torn tail
    std::string warning;        // what was dropped and why, when dropped > 0
};

// Decodes the records in `bytes`, the part of a log file from offset `start` (a record
// boundary) to its end, calling on_change for each change and on_term for each term or
// long-symbol record, in log order; a transaction's records are passed only once its
// commit has been read. See above for what is dropped and what throws; a term record
// where on_term is empty is Error(corrupt).
Decoded decode(Path bytes, std::uint64_t start, const OnChange &on_change, const OnTerm &on_term = {});

}  // namespace pathmap::kblog
