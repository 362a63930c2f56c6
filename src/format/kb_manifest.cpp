#include "format/kb_manifest.hpp"

#include <xxhash.h>

#include <algorithm>
#include <string>

#include "core/error.hpp"
#include "core/le.hpp"

namespace pathmap::kbmanifest {
namespace {
constexpr std::uint8_t kMagic[8] = {'P', 'M', 'K', 'B', '-', 'M', 'A', 'N'};
constexpr std::size_t kBody = kSize - 8;  // what the checksum covers
}  // namespace

std::vector<std::uint8_t> encode(const Manifest &m) {
    std::vector<std::uint8_t> b(kSize, 0);
    std::copy(std::begin(kMagic), std::end(kMagic), b.begin());
    store_u32le(&b[8], kVersion);
    store_u64le(&b[16], m.generation);
    store_u64le(&b[24], m.snapshot_bytes);
    store_u64le(&b[32], m.snapshot_hash);
    store_u64le(&b[40], m.snapshot_facts);
    store_u64le(&b[48], m.terms_bytes);
    store_u64le(&b[56], m.terms);
    store_u64le(&b[64], m.long_symbols);
    store_u64le(&b[kBody], XXH3_64bits(b.data(), kBody));
    return b;
}

Manifest decode(Path b) {
    if (b.size() < 12 || !std::equal(std::begin(kMagic), std::end(kMagic), b.begin()))
        throw Error(Errc::format, "not a knowledge base manifest (no PMKB-MAN magic)");
    // The version first: a later version may be longer.
    if (const std::uint32_t v = load_u32le(&b[8]); v != kVersion)
        throw Error(Errc::format, "manifest version " + std::to_string(v) + " is not supported (this library reads version " + std::to_string(kVersion) + ")");
    if (b.size() != kSize) throw Error(Errc::corrupt, "manifest of " + std::to_string(b.size()) + " bytes, expected " + std::to_string(kSize));
    if (XXH3_64bits(b.data(), kBody) != load_u64le(&b[kBody])) throw Error(Errc::corrupt, "manifest checksum mismatch");
    return {load_u64le(&b[16]), load_u64le(&b[24]), load_u64le(&b[32]), load_u64le(&b[40]),
            load_u64le(&b[48]), load_u64le(&b[56]), load_u64le(&b[64])};
}

}  // namespace pathmap::kbmanifest
