// ACT reader: lookups in an ACTree03 file held in memory (normally a read-only
// mapping), safe on untrusted bytes (act-format.md §10). Free of I/O.
//
// Nothing is validated ahead of time beyond the header and the root node, so opening
// costs the same for any file size; every node is checked as it is read:
//   - each varint, node and line data lies inside the file;
//   - every reference points strictly backwards (1 <= stored <= node_start - 16) and
//     the referenced object (a sibling run, line data, a line's child) ends at or
//     before the referencing node's header byte, so no cycle or endless descent exists;
//   - branch child count <= 32, child bytes strictly ascending, a mask with a bit set;
//   - line data length >= 1; line header bits 1..5 zero; no line with both a value
//     and a child (§6: its meaning would be ambiguous).
// A violation throws Error(Errc::corrupt) whose message names the byte offset; a bad
// magic throws Error(Errc::format). Non-canonical varints are accepted, as upstream.
//
// Thread safety: a View is immutable; any number of threads may use one at once.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "core/path.hpp"

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
    // Line: the bytes of its line data, and its child node (0 = none).
    Path data;
    std::uint64_t child = 0;
};

class View {
public:
    // Views a whole file (borrowed: the bytes must outlive the View and every copy).
    // Checks the magic (Errc::format, naming ACTree01/02 as unsupported versions), the
    // size and the live root (bytes 8..15), and decodes the root node.
    explicit View(std::span<const std::uint8_t> file);

    // The same file read at another root (e.g. one of roots()); the root is validated.
    View at_root(std::uint64_t root) const;

    std::uint64_t root() const { return root_; }
    std::uint64_t size() const { return file_.size(); }

    // The value at `key`, if any. O(key length + siblings walked).
    std::optional<std::uint64_t> get(Path key) const;

    // Root history (§9), newest first: the live root, then the root before each
    // append-merge. Walks the trailers, requiring each to lie strictly before the
    // previous one and each root to be in range.
    std::vector<std::uint64_t> roots() const;

    // Decodes and validates the node at `start`, which must end at or before `limit`.
    NodeRef node(std::uint64_t start, std::uint64_t limit) const;
    // The offset of the `rank`-th node (0-based) of the sibling run of `branch`.
    std::uint64_t child_start(const NodeRef &branch, unsigned rank) const;
    // Where the node at `start` ends (its size only; the node is validated when read).
    std::uint64_t node_end(std::uint64_t start, std::uint64_t limit) const;

    [[noreturn]] static void corrupt(std::uint64_t offset, const char *what);

private:
    View(std::span<const std::uint8_t> file, std::uint64_t root);

    std::span<const std::uint8_t> file_;
    std::uint64_t root_;
};

// The rank of child byte b among a branch's children, or -1 when absent.
int child_rank(const NodeRef &branch, std::uint8_t b);
// The smallest child byte of `branch` greater than `after` (-1 for the first), or 256.
unsigned next_child_byte(const NodeRef &branch, int after, unsigned rank);

}  // namespace pathmap::act
