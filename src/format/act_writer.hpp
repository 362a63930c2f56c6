// ACT writer: a trie with u64 values -> an ACTree03 file (act-format.md §7).
//
// Default output is byte-identical to upstream's `ArenaCompactTree::dump_from_zipper`
// for the same (path, value) set: the shape is the trie's significant positions (our
// canonical node shape is exactly that), written in post-order with each node's
// children as one contiguous sibling run, line data de-duplicated by content (first
// copy wins), canonical varints, a mask from 32 children, the root special case and
// the 8 zero bytes of padding (§7.1-§7.5).
//
// share_subtries (DAG mode, beyond upstream): a sibling run, or a line's child branch,
// that is identical to one already written is not written again; the parent points
// back at the first copy. Every reference still points strictly backwards and ends
// before its referrer (§10), so upstream's reader reads the file and lists the same
// contents; only the size shrinks where subtries repeat (merkleized tries, shared
// suffixes).
//
// Free of I/O: bytes go to an Output. Thread safety: one write per Output at a time;
// the map is only read.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/path.hpp"
#include "format/act_load.hpp"
#include "trie/path_map.hpp"

namespace pathmap::act {

// Where the writer's bytes go: appended in order, then bytes 8..15 patched once
// with the root offset when it is known.
class Output {
public:
    virtual ~Output() = default;
    virtual void append(std::span<const std::uint8_t> bytes) = 0;
    virtual void patch(std::uint64_t offset, std::span<const std::uint8_t> bytes) = 0;
};

struct WriteOptions {
    bool share_subtries = false;  // DAG mode (see above); false = byte-identical to upstream
};

struct WriteStats {
    std::uint64_t file_bytes = 0;
    std::uint64_t root = 0;                // absolute offset of the root node
    std::uint64_t branch_nodes = 0;        // nodes written (shared ones once)
    std::uint64_t line_nodes = 0;
    std::uint64_t line_data_bytes = 0;     // line data written, varint lengths included
    std::uint64_t line_data_saved = 0;     // bytes de-duplication of line data avoided
    std::uint64_t shared_bytes_saved = 0;  // bytes DAG mode avoided by pointing back
};

// Writes the subtrie of `map` below `prefix` (its paths relative to prefix) as a
// complete ACT file to out. Throws Error on failure of out; the map is unchanged.
WriteStats write(const PathMap<std::uint64_t> &map, Path prefix, Output &out, const WriteOptions &options = {});

// Append-merge (§9): appends to a file of `file_size` bytes the nodes of `map` that
// are not in `reuse` (nodes loaded from that file and still unchanged, re-encoded
// in new sibling runs as shallow copies pointing back at their old children and line
// data), then the new root and the trailer [previous_suffix][previous_root]; finally
// patches bytes 8..15 with the new root. WriteStats::file_bytes is the new size.
struct Trailer {
    std::uint64_t previous_suffix;  // 0 after a fresh file, else the offset of its last trailer
    std::uint64_t previous_root;
};
WriteStats append(const PathMap<std::uint64_t> &map, const Reuse &reuse, std::uint64_t file_size, const Trailer &trailer,
                  Output &out);

// As append, to a file held in a byte vector.
WriteStats append_to_vector(std::vector<std::uint8_t> &file, const PathMap<std::uint64_t> &map, const Reuse &reuse,
                            const Trailer &trailer);

// As write, into a byte vector.
std::vector<std::uint8_t> write_to_vector(const PathMap<std::uint64_t> &map, Path prefix = {},
                                          const WriteOptions &options = {}, WriteStats *stats = nullptr);

}  // namespace pathmap::act
