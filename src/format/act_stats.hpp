// What an ACT file's nodes are: counts of the distinct objects reachable from a root.
// Free of I/O. Thread safety: pure function of an immutable View.
#pragma once

#include <cstdint>

#include "format/act_reader.hpp"

namespace pathmap::act {

struct Survey {
    std::uint64_t branch_nodes = 0;
    std::uint64_t line_nodes = 0;
    std::uint64_t line_data = 0;        // distinct line data objects
    std::uint64_t line_data_bytes = 0;  // their bytes, length varints included
    std::uint64_t line_data_saved = 0;  // what one private copy per extra reference would add
};

// Visits each distinct node reachable from view's root once (explicit stack; memory:
// one offset per node). Throws Error(corrupt) as the reader does.
Survey survey(const View &view);

}  // namespace pathmap::act
