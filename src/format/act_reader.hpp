// ACT reader: lookups in an ACTree03 file held in memory (normally a read-only
// mapping), safe on untrusted bytes (act-format.md §10). Free of I/O.
//
// Nothing is validated ahead of time beyond the header and the root node, so opening
// costs the same for any file size; every node is checked as it is read:
//   - each varint, node and line data lies inside the file;
//   - every reference points strictly backwards (1 <= stored <= node_start - 16) and
//     the referenced object (a sibling run, line data, a line's child) ends at or
//     before the referencing node's header byte, so no cycle or endless descent exists;
//   - branch child count <= 32, a mask with a bit set; child bytes strictly ascending
//     (checked by iteration, which depends on it; a lookup's linear scan does not);
//   - line data length >= 1; line header bits 1..5 zero; no line with both a value
//     and a child (§6: its meaning would be ambiguous).
// A violation throws Error(Errc::corrupt) whose message names the byte offset; a bad
// magic throws Error(Errc::format). Non-canonical varints are accepted, as upstream.
//
// Thread safety: a View is logically immutable (its sibling index is a lock-free
// cache); any number of threads may use one at once.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "core/path.hpp"
#include "format/act_index.hpp"

namespace pathmap::act {

// One decoded node (§5).
struct NodeRef {
    std::uint64_t start = 0;  // offset of its header byte
    std::uint64_t end = 0;    // one past its last byte
    bool line = false;
    bool has_val = false;
    std::uint64_t val = 0;
    // Branch: `count` children whose sibling run starts at first_child; `index` points
    // at the ascending child bytes, or at the 32-byte mask when `masked`.
    unsigned count = 0;
    bool masked = false;
    std::uint64_t first_child = 0;
    const std::uint8_t *index = nullptr;
    // Line: the bytes of its line data (an object at data_start), and its child node
    // (0 = none).
    Path data;
    std::uint64_t data_start = 0;
    std::uint64_t child = 0;
};

class View {
public:
    // Views a whole file (borrowed: the bytes must outlive the View and every copy).
    // Checks the header (check_header) and that the root node fits in the file.
    explicit View(std::span<const std::uint8_t> file);

    // The header checks, for callers that read the header without touching a mapping
    // (a page fault on a fresh mapping costs more than the whole open): the magic
    // (Errc::format, naming ACTree01/02 as unsupported old versions), the size and the
    // live root offset (bytes 8..15). Returns the root offset.
    static std::uint64_t check_header(Path first16, std::uint64_t file_size);
    // Checks that the node at `start`, whose bytes (up to kMaxNodeSize, fewer at the
    // end of the file) are `bytes`, has all its fields within them.
    static void check_node_fits(Path bytes, std::uint64_t start);
    // A view of `file` at `root`, whose header and root node the caller has checked.
    struct Checked {};
    View(std::span<const std::uint8_t> file, std::uint64_t root, Checked);

    // The same file read at another root (e.g. one of roots()); the root is validated.
    View at_root(std::uint64_t root) const;

    std::uint64_t root() const { return root_; }
    std::uint64_t size() const { return file_.size(); }
    // The byte at offset i < size().
    std::uint8_t byte(std::uint64_t i) const { return file_[i]; }

    // The value at `key`, if any. O(key length + siblings walked).
    std::optional<std::uint64_t> get(Path key) const;

    // Root history (§9), newest first: the live root, then the root before each
    // append-merge. Walks the trailers, requiring each to lie strictly before the
    // previous one and each root to be in range.
    std::vector<std::uint64_t> roots() const;

    // Decodes and validates the node at `start`, which must end at or before `limit`.
    NodeRef node(std::uint64_t start, std::uint64_t limit) const;
    // The offset of the `rank`-th node (0-based) of the sibling run of `branch`: a walk
    // over the siblings before it, or a jump for wide branches (act_index.hpp).
    std::uint64_t child_start(const NodeRef &branch, unsigned rank) const;
    // Where the node at `start` ends (its size only; the node is validated when read).
    std::uint64_t node_end(std::uint64_t start, std::uint64_t limit) const;

    [[noreturn]] static void corrupt(std::uint64_t offset, const char *what);

private:
    static void check_root_offset(std::uint64_t root, std::uint64_t file_size);

    std::uint64_t walk(std::uint64_t first, unsigned count, std::uint64_t limit) const;

    std::span<const std::uint8_t> file_;
    std::uint64_t root_;
    std::shared_ptr<SiblingIndex> index_;  // shared by copies and other roots of the file
};

// Steps through the children of a branch in byte order, each decoded and validated
// (strictly ascending bytes, nodes within the run): what every walk over a whole
// sibling run does (iteration, loading). A leaf, or a line's missing branch, has none.
class Siblings {
public:
    Siblings() = default;
    explicit Siblings(const NodeRef &branch) : branch_(branch), next_(branch.first_child) {}
    // Positioned after the child of rank `rank`, whose byte is `byte` and which ends at
    // `end` (where the next sibling starts).
    Siblings(const NodeRef &branch, unsigned rank, std::uint8_t byte, std::uint64_t end)
        : branch_(branch), next_(end), rank_(rank + 1), prev_byte_(byte) {}

    bool done() const { return rank_ == branch_.count; }
    // The next child (requires !done()) and its byte in *byte.
    NodeRef step(const View &view, std::uint8_t *byte);

private:
    NodeRef branch_;
    std::uint64_t next_ = 0;  // start of the next child
    unsigned rank_ = 0;
    int prev_byte_ = -1;
};

// The rank of child byte b among a branch's children, or -1 when absent.
int child_rank(const NodeRef &branch, std::uint8_t b);

}  // namespace pathmap::act
