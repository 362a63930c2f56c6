// A path: any byte string, viewed (never owned) as a span of bytes.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>

namespace pathmap {

using Path = std::span<const std::uint8_t>;

// Views a string's bytes as a path.
inline Path as_path(std::string_view s) { return {reinterpret_cast<const std::uint8_t *>(s.data()), s.size()}; }

// Trie order: ascending unsigned bytes, a path before its extensions. Negative, zero or
// positive as a sorts before, with or after b.
inline int compare(Path a, Path b) {
    const std::size_t n = std::min(a.size(), b.size());
    if (n > 0) {
        if (const int c = std::memcmp(a.data(), b.data(), n); c != 0) return c;
    }
    return a.size() < b.size() ? -1 : a.size() > b.size() ? 1 : 0;
}

}  // namespace pathmap
