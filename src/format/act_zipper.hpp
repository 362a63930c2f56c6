// ActZipper: a read zipper over an ACT file below a prefix (upstream
// `ArenaCompactTree::read_zipper`), with the movement and iteration of ZipperMoves
// (core/zipper_moves.hpp): the same members and meaning as the in-memory ReadZipper.
//
// The position is the key buffer plus a stack of frames, one per ACT node entered:
// a branch is one position, a line spans its data bytes, and at the end of a line
// with a child the child is entered at the same depth (it holds the value there).
// `live_` key bytes exist; the top frame holds byte live_. Frames above the zipper's
// root stay on the stack (the file does not change), so forking is a copy.
//
// Untrusted files: every node is validated as it is read (act_reader.hpp), and a
// work budget bounds one zipper's steps (nodes read plus path bytes appended),
// because nodes may share sibling runs and line data: a crafted file of a few hundred
// bytes can describe 2^40 paths (§10 item 10). Exceeding it throws Error(corrupt).
//
// Thread safety: one zipper belongs to one thread; the View may be shared.
#pragma once

#include <cstdint>
#include <vector>

#include "core/byte_mask.hpp"
#include "core/path.hpp"
#include "core/zipper_moves.hpp"
#include "format/act_reader.hpp"

namespace pathmap::act {

class ActZipper : public ZipperMoves<ActZipper> {
    using Base = ZipperMoves<ActZipper>;
    friend Base;

public:
    // A zipper whose root is `prefix` (a missing prefix gives a zipper over nothing).
    ActZipper(const View &view, Path prefix, std::uint64_t budget);

    // The focus path relative to the root; valid until the zipper moves.
    Path path() const { return Path(key_).subspan(origin_len_); }
    // The focus path from the file's root (prefix + path()).
    Path origin_path() const { return Path(key_); }
    bool path_exists() const { return live_ == key_.size(); }
    // The value at the focus, if any.
    const std::uint64_t *val() const;
    ByteMask child_mask() const;

    bool descend_to_byte(std::uint8_t b);
    bool ascend(std::size_t n);
    // Follows the one-child run below the focus to the next value, fork or leaf.
    bool descend_until();
    // O(1) where the focus starts a branch's child: its sibling starts where it ends.
    bool to_next_sibling_byte();
    bool to_next_val();

    // Values at and below the focus (budgeted: O(nodes below)).
    std::uint64_t val_count();
    // A zipper rooted at the focus, with this one's remaining budget.
    ActZipper fork() const;

    // The default budget for a file of `file_size` bytes: far more work than any file
    // written without sharing needs (each node is read once per full iteration).
    static std::uint64_t default_budget(std::uint64_t file_size) { return 64 * file_size + (std::uint64_t{1} << 20); }

private:
    struct Frame {
        NodeRef node;
        std::size_t start;  // key length at the node's first position
        Siblings after;     // a branch's child: the parent's children after it
    };

    void charge(std::uint64_t steps);
    NodeRef load(std::uint64_t start, std::uint64_t limit);
    void advance(std::size_t i);
    void enter_line_child();
    bool to_next_sibling_node();
    std::size_t fork_depth() const;

    View view_;  // a copy: two words
    std::uint64_t budget_;
    std::vector<std::uint8_t> key_;
    std::size_t origin_len_ = 0;
    std::vector<Frame> frames_;
    std::size_t live_ = 0;
};

}  // namespace pathmap::act
