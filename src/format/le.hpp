// Little-endian loads and stores of fixed-width integers, for the binary formats.
// Byte by byte, so any alignment and any host byte order work. Free of I/O.
#pragma once

#include <cstdint>

namespace pathmap::le {

template <class T>
T load(const std::uint8_t *p) {
    T n = 0;
    for (int i = sizeof(T) - 1; i >= 0; --i) n = static_cast<T>((n << 8) | p[i]);
    return n;
}

template <class T>
void store(std::uint8_t *p, T n) {
    for (unsigned i = 0; i < sizeof(T); ++i) p[i] = static_cast<std::uint8_t>(n >> (8 * i));
}

inline std::uint32_t load32(const std::uint8_t *p) { return load<std::uint32_t>(p); }
inline std::uint64_t load64(const std::uint8_t *p) { return load<std::uint64_t>(p); }
inline void store32(std::uint8_t *p, std::uint32_t n) { store(p, n); }
inline void store64(std::uint8_t *p, std::uint64_t n) { store(p, n); }

}  // namespace pathmap::le
