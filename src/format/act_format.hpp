// The ACT ("Arena Compact Tree") file format, version ACTree03, of upstream pathmap
// 0.3 (`arena_compact.rs`): constants and the varint shared by the writer and the
// reader. Spec: act-format.md (sections cited as §n). Free of I/O.
//
// File: "ACTree03" | root offset (u64 LE, absolute) | arena of nodes and line data |
// 8 zero bytes (fresh file) or 16-byte root trailers (append-merged file, §9).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "format/le.hpp"

namespace pathmap::act {

inline constexpr std::uint8_t kMagic[8] = {'A', 'C', 'T', 'r', 'e', 'e', '0', '3'};
inline constexpr std::size_t kMagicSize = sizeof(kMagic);
inline constexpr std::uint64_t kArenaStart = 16;  // first byte after magic + root offset
inline constexpr std::size_t kPaddingSize = 8;    // zero bytes after a fresh file's root
inline constexpr std::size_t kTrailerSize = 16;   // [previous_suffix u64][previous_root u64]
inline constexpr std::size_t kMinFileSize = kArenaStart + 1 + kPaddingSize;  // empty map, §2

// Node header byte (§5.2).
inline constexpr std::uint8_t kLineBit = 0x80;
inline constexpr std::uint8_t kValueBit = 0x40;
inline constexpr std::uint8_t kCountMask = 0x3F;     // branch: min(children, 32)
inline constexpr std::uint8_t kLineChildBit = 0x01;  // line: has a child node
inline constexpr unsigned kMaskForm = 32;            // branch child count from which a mask is used
inline constexpr std::size_t kMaskBytes = 32;

// Branchless varint (§3): n <= 247 is one byte; otherwise 247 + k followed by the k
// significant bytes of n, little-endian.
inline constexpr unsigned kVarintBias = 247;
inline constexpr std::size_t kVarintMax = 9;
inline constexpr std::size_t kMaxNodeSize = 1 + 2 * kVarintMax + kMaskBytes;  // a branch: value, offset, mask (§5.3)

// Encoded length of n.
inline std::size_t varint_size(std::uint64_t n) {
    if (n <= kVarintBias) return 1;
    return 1 + static_cast<std::size_t>((64 - __builtin_clzll(n) + 7) / 8);
}

// Encoded length announced by a varint's first byte.
inline std::size_t varint_size_from_first(std::uint8_t first) { return first <= kVarintBias ? 1 : first - kVarintBias + 1; }

// Writes n at out (room for kVarintMax bytes); returns the bytes written.
inline std::size_t put_varint(std::uint8_t *out, std::uint64_t n) {
    if (n <= kVarintBias) {
        out[0] = static_cast<std::uint8_t>(n);
        return 1;
    }
    const std::size_t k = varint_size(n) - 1;
    out[0] = static_cast<std::uint8_t>(kVarintBias + k);
    for (std::size_t i = 0; i < k; ++i) out[1 + i] = static_cast<std::uint8_t>(n >> (8 * i));
    return k + 1;
}

// Decodes the varint at p whose length (varint_size_from_first(*p)) the caller has
// checked lies within bounds. Non-canonical forms are accepted, as upstream does.
inline std::uint64_t get_varint(const std::uint8_t *p) {
    if (p[0] <= kVarintBias) return p[0];
    const std::size_t k = p[0] - kVarintBias;
    std::uint64_t n = 0;
    for (std::size_t i = 0; i < k; ++i) n |= std::uint64_t{p[1 + i]} << (8 * i);
    return n;
}

inline std::uint64_t load_u64le(const std::uint8_t *p) { return le::load64(p); }
inline void store_u64le(std::uint8_t *p, std::uint64_t n) { le::store64(p, n); }

}  // namespace pathmap::act
