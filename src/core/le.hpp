// Little-endian fixed-width integers in byte buffers, as the file formats store them.
#pragma once

#include <cstdint>

namespace pathmap {

inline std::uint32_t load_u32le(const std::uint8_t *p) {
    return std::uint32_t{p[0]} | std::uint32_t{p[1]} << 8 | std::uint32_t{p[2]} << 16 | std::uint32_t{p[3]} << 24;
}

inline void store_u32le(std::uint8_t *p, std::uint32_t n) {
    for (int i = 0; i < 4; ++i) p[i] = static_cast<std::uint8_t>(n >> (8 * i));
}

inline std::uint64_t load_u64le(const std::uint8_t *p) {
    std::uint64_t n = 0;
    for (int i = 7; i >= 0; --i) n = (n << 8) | p[i];
    return n;
}

inline void store_u64le(std::uint8_t *p, std::uint64_t n) {
    for (int i = 0; i < 8; ++i) p[i] = static_cast<std::uint8_t>(n >> (8 * i));
}

}  // namespace pathmap
