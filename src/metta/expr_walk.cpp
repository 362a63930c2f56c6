#include "metta/expr_walk.hpp"

#include <cstdio>

namespace pathmap::metta::detail {

// Out of line so every walk_expr instantiation shares one copy of the cold paths.
void bad_expr(std::size_t offset, const std::string &what) {
    throw Error(Errc::corrupt, "byte " + std::to_string(offset) + ": " + what);
}

std::string hex_byte(std::uint8_t b) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "0x%02x", b);
    return buf;
}

}  // namespace pathmap::metta::detail
