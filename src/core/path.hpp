// A path: any byte string, viewed (never owned) as a span of bytes.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace pathmap {

using Path = std::span<const std::uint8_t>;

// Views a string's bytes as a path.
inline Path as_path(std::string_view s) { return {reinterpret_cast<const std::uint8_t *>(s.data()), s.size()}; }

}  // namespace pathmap
