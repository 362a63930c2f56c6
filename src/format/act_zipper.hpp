// ActZipper: ordered iteration over the paths of an ACT file below a prefix, with the
// same movement as the in-memory ReadZipper (upstream `to_next_val`: depth first, a
// node's value before its children's, children in ascending byte order; the value at
// the zipper's root is read with val() before the first move, never visited).
//
// Untrusted files: every node is validated as it is read (act_reader.hpp), and a
// work budget bounds one zipper's steps (nodes entered plus path bytes appended),
// because nodes may share sibling runs and line data: a crafted file of a few hundred
// bytes can describe 2^40 paths (§10 item 10). Exceeding it throws Error(corrupt).
//
// Thread safety: one zipper belongs to one thread; the View may be shared.
#pragma once

#include <cstdint>
#include <vector>

#include "core/path.hpp"
#include "format/act_reader.hpp"

namespace pathmap::act {

class ActZipper {
public:
    // A zipper whose root is `prefix` (a missing prefix gives a zipper over nothing).
    ActZipper(const View &view, Path prefix, std::uint64_t budget);

    // Moves to the next path holding a value, strictly after the focus and below the
    // root. Returns false at the end, leaving the focus at the root.
    bool to_next_val();

    // The value at the focus, if any.
    const std::uint64_t *val() const { return has_val_ ? &val_ : nullptr; }
    // The focus path relative to the root; valid until the zipper moves.
    Path path() const { return Path(key_).subspan(origin_len_); }
    // The focus path from the file's root (prefix + path()).
    Path origin_path() const { return Path(key_); }

    // The default budget for a file of `file_size` bytes: far more work than any file
    // written without sharing needs (each node is read once per full iteration).
    static std::uint64_t default_budget(std::uint64_t file_size) { return 64 * file_size + (std::uint64_t{1} << 20); }

private:
    struct Frame {
        Siblings kids;
        std::size_t key_len;  // key_ length at the branch's position
    };

    void charge(std::uint64_t steps);
    bool start();
    bool enter(NodeRef n, std::size_t skip);
    void set_focus(const NodeRef &n);

    View view_;  // a copy: two words
    std::uint64_t budget_;
    // Where the root lies: inside or at the end of the line data of pin_ (skip_ bytes
    // of it above the root), or at the branch pin_.
    bool found_ = false;
    NodeRef pin_;
    std::size_t skip_ = 0;
    std::vector<std::uint8_t> key_;
    std::size_t origin_len_;
    std::vector<Frame> stack_;
    bool has_val_ = false;
    std::uint64_t val_ = 0;
    bool started_ = false;
    bool done_ = false;
};

}  // namespace pathmap::act
