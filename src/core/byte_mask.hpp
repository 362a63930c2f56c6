// ByteMask: a set of bytes as 256 bits (upstream `ByteMask`), e.g. the child bytes
// at a zipper's focus. Word w holds bytes 64w..64w+63, byte b being bit b % 64, which
// is also the layout of the C ABI's `uint64_t mask[4]`.
#pragma once

#include <array>
#include <bit>
#include <cstdint>

namespace pathmap {

struct ByteMask {
    std::array<std::uint64_t, 4> words{};

    static constexpr int kNone = -1;

    bool test(std::uint8_t b) const { return (words[b >> 6] >> (b & 63)) & 1; }
    void set(std::uint8_t b) { words[b >> 6] |= std::uint64_t{1} << (b & 63); }
    bool empty() const { return (words[0] | words[1] | words[2] | words[3]) == 0; }
    unsigned count() const {
        unsigned n = 0;
        for (std::uint64_t w : words) n += static_cast<unsigned>(std::popcount(w));
        return n;
    }

    // The smallest byte > after (after = -1: the smallest byte), or kNone.
    int next(int after) const {
        for (int w = (after + 1) >> 6; w < 4; ++w) {
            std::uint64_t bits = words[static_cast<unsigned>(w)];
            if (w == (after + 1) >> 6) bits &= ~std::uint64_t{0} << ((after + 1) & 63);
            if (bits) return w * 64 + std::countr_zero(bits);
        }
        return kNone;
    }
    // The largest byte < before (before = 256: the largest byte), or kNone.
    int prev(int before) const {
        for (int w = (before - 1) >> 6; w >= 0; --w) {
            std::uint64_t bits = words[static_cast<unsigned>(w)];
            if (w == (before - 1) >> 6 && ((before - 1) & 63) != 63) bits &= (std::uint64_t{2} << ((before - 1) & 63)) - 1;
            if (bits) return w * 64 + 63 - std::countl_zero(bits);
        }
        return kNone;
    }
    // The i-th smallest byte (0-based), or kNone when there are at most i bytes.
    int nth(unsigned i) const {
        int b = next(kNone);
        for (; b != kNone && i > 0; --i) b = next(b);
        return b;
    }

    bool operator==(const ByteMask &) const = default;
};

}  // namespace pathmap
