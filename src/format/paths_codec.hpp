// The `.paths` format of upstream pathmap (`paths_serialization.rs`): one zlib
// stream (RFC 1950) of records [u32 little-endian length][length bytes of path].
// See the spec paths-format.md. Free of I/O: bytes come from and go to callbacks.
//
// Decoding is strict where upstream is lenient (spec §7): an inflate error (bad
// Adler-32 included), input ending before the stream's end marker, a record cut off
// by the end of the stream, and bytes after the stream all throw
// Error(Errc::corrupt) naming the byte offset and the records read so far.
// Memory use is independent of the input size: fixed chunk buffers plus one record
// buffer that grows only as a record's bytes actually arrive.
//
// Thread safety: no shared state; one Encoder belongs to one thread.
#pragma once

#include <zlib.h>

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "core/path.hpp"

namespace pathmap::paths {

// Counters as upstream's SerializationStats / DeserializationStats (spec §5).
struct Stats {
    std::uint64_t bytes_in = 0;    // compressed bytes consumed, or uncompressed bytes fed
    std::uint64_t bytes_out = 0;   // decompressed bytes produced, or compressed bytes written
    std::uint64_t path_count = 0;  // records delivered or written
};

// Pulls compressed bytes into buf (at most cap); returns 0 at the end of the input.
using Source = std::function<std::size_t(std::uint8_t *buf, std::size_t cap)>;
// Receives record `index` (0-based, file order); the path is valid during the call.
// Returns false to stop decoding early.
using RecordFn = std::function<bool(std::uint64_t index, Path path)>;

struct DecodeResult {
    Stats stats;
    bool stopped = false;  // fn returned false
};

DecodeResult decode(const Source &src, const RecordFn &fn);
DecodeResult decode(std::span<const std::uint8_t> data, const RecordFn &fn);

// Receives compressed bytes as they are produced.
using Sink = std::function<void(std::span<const std::uint8_t>)>;

// Writes records into one zlib stream, level 7 by default as upstream.
class Encoder {
public:
    explicit Encoder(Sink sink, int level = 7);
    ~Encoder();
    Encoder(const Encoder &) = delete;
    Encoder &operator=(const Encoder &) = delete;

    // Appends one record. A path over UINT32_MAX bytes is Error(Errc::invalid).
    void add(Path path);
    // Ends the stream and hands the rest to the sink; nothing may be added after.
    Stats finish();

private:
    void deflate_staged(int flush);

    Sink sink_;
    z_stream zs_{};
    std::vector<std::uint8_t> staged_;  // records not yet given to deflate
    std::vector<std::uint8_t> out_;
    Stats stats_;
    bool finished_ = false;
};

}  // namespace pathmap::paths
