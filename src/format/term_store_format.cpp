#include "format/term_store_format.hpp"

#include <xxhash.h>

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <memory>
#include <string>

#include "core/error.hpp"
#include "core/le.hpp"

namespace pathmap::terms {
namespace {

[[noreturn]] void corrupt(std::uint64_t offset, const std::string &what) {
    throw Error(Errc::corrupt, "offset " + std::to_string(offset) + ": " + what);
}

std::string hex64(std::uint64_t n) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "0x%016" PRIx64, n);
    return buf;
}

// Feeds the sink and the checksum together.
class ChecksummedSink {
public:
    explicit ChecksummedSink(const Sink &sink) : sink_(sink), state_(XXH3_createState(), XXH3_freeState) {
        if (!state_) throw std::bad_alloc();
        XXH3_64bits_reset(state_.get());
    }
    void put(Path bytes) {
        if (bytes.empty()) return;
        XXH3_64bits_update(state_.get(), bytes.data(), bytes.size());
        sink_(bytes);
    }
    // The ends as u64 LE, through a bounded buffer.
    void put_ends(std::span<const std::uint64_t> ends) {
        std::uint8_t buf[8 * 4096];
        while (!ends.empty()) {
            const std::size_t n = std::min<std::size_t>(ends.size(), sizeof buf / 8);
            for (std::size_t i = 0; i < n; ++i) store_u64le(buf + 8 * i, ends[i]);
            put(Path(buf, 8 * n));
            ends = ends.subspan(n);
        }
    }
    void finish() {
        std::uint8_t sum[kChecksumSize];
        store_u64le(sum, XXH3_64bits_digest(state_.get()));
        sink_(Path(sum, sizeof sum));
    }

private:
    const Sink &sink_;
    std::unique_ptr<XXH3_state_t, XXH_errorcode (*)(XXH3_state_t *)> state_;
};

// Decodes one table at `offset` and checks its ends against its byte count.
Table read_table(Path file, std::uint64_t offset, std::uint64_t count, std::uint64_t bytes, const char *what) {
    Table t;
    t.ends_offset = offset;
    t.bytes_offset = offset + 8 * count;
    t.bytes = file.subspan(t.bytes_offset, bytes);
    t.ends.reserve(count);
    std::uint64_t previous = 0;
    for (std::uint64_t i = 0; i < count; ++i) {
        const std::uint64_t end = load_u64le(file.data() + offset + 8 * i);
        if (end < previous || end > bytes)
            corrupt(offset + 8 * i, std::string("end of ") + what + " " + std::to_string(i) + " is " + std::to_string(end) + ", outside " +
                                        std::to_string(previous) + ".." + std::to_string(bytes));
        t.ends.push_back(previous = end);
    }
    if (previous != bytes)
        corrupt(offset + 8 * count, std::to_string(bytes - previous) + " " + what + " bytes after the last " + what);
    return t;
}

}  // namespace

void write(const TableView &terms, const TableView &long_symbols, const Sink &sink) {
    std::uint8_t header[kHeaderSize] = {};
    std::copy(std::begin(kMagic), std::end(kMagic), header);
    store_u32le(header + 8, kVersion);
    store_u64le(header + 16, terms.ends.size());
    store_u64le(header + 24, terms.bytes.size());
    store_u64le(header + 32, long_symbols.ends.size());
    store_u64le(header + 40, long_symbols.bytes.size());
    ChecksummedSink out(sink);
    out.put(Path(header, sizeof header));
    for (const TableView *t : {&terms, &long_symbols}) {
        out.put_ends(t->ends);
        out.put(t->bytes);
    }
    out.finish();
}

Contents read(Path file) {
    const std::uint64_t size = file.size();
    const std::size_t magic = std::min<std::size_t>(file.size(), sizeof kMagic);
    if (!std::equal(file.begin(), file.begin() + magic, kMagic) || size == 0)
        throw Error(Errc::format, "not a term store file (no PMTERMS magic)");
    if (size < 12) corrupt(size, "file ends inside the " + std::to_string(kHeaderSize) + "-byte header");
    const std::uint32_t version = load_u32le(file.data() + 8);
    if (version != kVersion)
        throw Error(Errc::format, "term store format version " + std::to_string(version) + " is not supported (this library reads version " +
                                      std::to_string(kVersion) + ")");
    if (size < kHeaderSize + kChecksumSize) corrupt(size, "file ends inside the header or before its checksum");
    if (const std::uint32_t reserved = load_u32le(file.data() + 12)) corrupt(12, "reserved field is " + std::to_string(reserved) + ", not 0");
    // Each count must fit the file on its own, so the sum below cannot overflow.
    std::uint64_t field[4];
    for (int i = 0; i < 4; ++i) {
        field[i] = load_u64le(file.data() + 16 + 8 * i);
        const std::uint64_t unit = i % 2 == 0 ? 8 : 1;  // counts are of 8-byte ends
        if (field[i] > size / unit) corrupt(16 + 8 * i, "field " + std::to_string(field[i]) + " does not fit a file of " + std::to_string(size) + " bytes");
    }
    const auto [term_count, term_bytes, symbol_count, symbol_bytes] = field;
    const std::uint64_t expected = kHeaderSize + 8 * term_count + term_bytes + 8 * symbol_count + symbol_bytes + kChecksumSize;
    if (size < expected) corrupt(size, "file ends early: the header describes " + std::to_string(expected) + " bytes");
    if (size > expected) corrupt(expected, std::to_string(size - expected) + " bytes after the end the header describes");
    const std::uint64_t stored = load_u64le(file.data() + size - kChecksumSize);
    const std::uint64_t computed = XXH3_64bits(file.data(), size - kChecksumSize);
    if (stored != computed) corrupt(size - kChecksumSize, "checksum mismatch: stored " + hex64(stored) + ", computed " + hex64(computed) + " (the file is damaged)");
    Contents c;
    c.terms = read_table(file, kHeaderSize, term_count, term_bytes, "term");
    c.long_symbols = read_table(file, c.terms.bytes_offset + term_bytes, symbol_count, symbol_bytes, "long symbol");
    return c;
}

}  // namespace pathmap::terms
