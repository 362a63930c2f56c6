#include "format/kb_log.hpp"

#include <xxhash.h>

#include <algorithm>
#include <variant>

#include "core/error.hpp"
#include "core/le.hpp"

namespace pathmap::kblog {
namespace {

constexpr std::uint8_t kMagic[8] = {'P', 'M', 'K', 'B', '-', 'L', 'O', 'G'};

std::uint64_t hash(const std::uint8_t *p, std::size_t n) { return XXH3_64bits(p, n); }

[[noreturn]] void corrupt(std::uint64_t offset, const std::string &what) {
    throw Error(Errc::corrupt, "offset " + std::to_string(offset) + ": " + what);
}

void append_record(std::vector<std::uint8_t> &out, RecordType type, Path a, Path b = {}) {
    const std::uint64_t len = a.size() + b.size();
    if (len > UINT32_MAX) throw Error(Errc::invalid, "a log record of " + std::to_string(len) + " bytes exceeds the 4 GiB limit");
    const std::size_t start = out.size();
    out.resize(start + kRecordHeadSize);
    store_u32le(&out[start], static_cast<std::uint32_t>(len));
    out[start + 4] = static_cast<std::uint8_t>(type);
    store_u32le(&out[start + 8], static_cast<std::uint32_t>(hash(&out[start], 8)));
    out.insert(out.end(), a.begin(), a.end());
    out.insert(out.end(), b.begin(), b.end());
    std::uint8_t sum[kChecksumSize];
    store_u64le(sum, hash(&out[start], out.size() - start));
    out.insert(out.end(), sum, sum + kChecksumSize);
}

bool all_zero(Path bytes) {
    return std::all_of(bytes.begin(), bytes.end(), [](std::uint8_t b) { return b == 0; });
}

// One pass over the records; see the header for the rules.
class Decoder {
public:
    Decoder(Path bytes, std::uint64_t start, const OnChange &on_change, const OnTerm &on_term)
        : bytes_(bytes), start_(start), on_change_(on_change), on_term_(on_term) {
        out_.end = start;
    }

    Decoded run() {
        while (pos_ < bytes_.size()) {
            if (!step()) return out_;
        }
        if (in_group_) drop("a transaction of " + std::to_string(group_.size()) + " record(s) without its commit");
        return out_;
    }

private:
    // Decodes the record at pos_; false when it was a torn tail (already dropped).
    bool step() {
        const std::uint64_t at = start_ + pos_;
        const std::size_t left = bytes_.size() - pos_;
        const std::uint8_t *h = bytes_.data() + pos_;
        if (left < kRecordHeadSize) return drop("a record header cut short by the end of the file");
        if (static_cast<std::uint32_t>(hash(h, 8)) != load_u32le(h + 8)) {
            if (all_zero(bytes_.subspan(pos_))) return drop("zero bytes where a record should start");
            corrupt(at, "record header checksum mismatch (damage in the middle of the log)");
        }
        if (h[5] | h[6] | h[7]) corrupt(at, "nonzero reserved bytes in a record header");
        const std::uint64_t len = load_u32le(h);
        const std::uint64_t size = kRecordHeadSize + len + kChecksumSize;
        if (size > left) return drop("a record of " + std::to_string(size) + " bytes cut short by the end of the file");
        if (hash(h, kRecordHeadSize + len) != load_u64le(h + kRecordHeadSize + len)) {
            if (size == left || all_zero(bytes_.subspan(pos_ + size))) return drop("the final record's checksum does not match");
            corrupt(at, "record checksum mismatch (damage in the middle of the log)");
        }
        record(at, static_cast<RecordType>(h[4]), Path(h + kRecordHeadSize, len));
        pos_ += size;
        if (!in_group_) out_.end = start_ + pos_;
        return true;
    }

    void record(std::uint64_t at, RecordType type, Path payload) {
        switch (type) {
            case RecordType::add:
                if (payload.size() < 8) corrupt(at, "add record without a value");
                entry(Change{true, payload.subspan(8), load_u64le(payload.data())});
                return;
            case RecordType::remove: entry(Change{false, payload, 0}); return;
            case RecordType::term:
            case RecordType::long_symbol:
                if (payload.size() < 8) corrupt(at, "term record without an id");
                if (!on_term_) corrupt(at, "a term record where none may be");
                entry(TermEntry{type == RecordType::long_symbol, load_u64le(payload.data()), payload.subspan(8)});
                return;
            case RecordType::begin:
                if (!payload.empty()) corrupt(at, "begin record with a payload");
                if (in_group_) corrupt(at, "a transaction begins inside another");
                in_group_ = true;
                return;
            case RecordType::commit: {
                if (payload.size() != 8) corrupt(at, "commit record of " + std::to_string(payload.size()) + " bytes");
                if (!in_group_) corrupt(at, "commit without a transaction");
                const std::uint64_t count = load_u64le(payload.data());
                if (count != group_.size())
                    corrupt(at, "commit counts " + std::to_string(count) + " records, the transaction has " + std::to_string(group_.size()));
                for (const Entry &e : group_) deliver(e);
                group_.clear();
                in_group_ = false;
                return;
            }
        }
        corrupt(at, "unknown record type " + std::to_string(static_cast<unsigned>(type)));
    }

    using Entry = std::variant<Change, TermEntry>;

    void entry(const Entry &e) {
        if (in_group_) group_.push_back(e);
        else deliver(e);
    }

    void deliver(const Entry &e) {
        if (const Change *c = std::get_if<Change>(&e)) {
            on_change_(*c);
            ++out_.records;
        } else {
            on_term_(std::get<TermEntry>(e));
            ++out_.terms;
        }
    }

    bool drop(const std::string &why) {
        out_.dropped = start_ + bytes_.size() - out_.end;
        out_.warning = "offset " + std::to_string(out_.end) + ": dropped a torn tail of " + std::to_string(out_.dropped) + " bytes (" + why + ")";
        return false;
    }

    Path bytes_;
    std::uint64_t start_;
    const OnChange &on_change_;
    const OnTerm &on_term_;
    std::size_t pos_ = 0;
    bool in_group_ = false;
    std::vector<Entry> group_;  // the open transaction's records (bytes point into bytes_)
    Decoded out_;
};

}  // namespace

std::vector<std::uint8_t> encode_header(std::uint64_t generation) {
    std::vector<std::uint8_t> h(kHeaderSize, 0);
    std::copy(std::begin(kMagic), std::end(kMagic), h.begin());
    store_u32le(&h[8], kVersion);
    store_u64le(&h[16], generation);
    store_u64le(&h[24], hash(h.data(), 24));
    return h;
}

std::uint64_t decode_header(Path bytes) {
    if (bytes.size() < sizeof kMagic || !std::equal(std::begin(kMagic), std::end(kMagic), bytes.begin()))
        throw Error(Errc::format, "not a knowledge base log (no PMKB-LOG magic)");
    if (bytes.size() < kHeaderSize) corrupt(0, "log header cut short (" + std::to_string(bytes.size()) + " bytes)");
    if (hash(bytes.data(), 24) != load_u64le(&bytes[24])) corrupt(0, "log header checksum mismatch");
    if (const std::uint32_t v = load_u32le(&bytes[8]); v != kVersion)
        throw Error(Errc::format, "log format version " + std::to_string(v) + " is not supported (this library reads version " + std::to_string(kVersion) + ")");
    return load_u64le(&bytes[16]);
}

void append_change(std::vector<std::uint8_t> &out, const Change &c) {
    if (!c.add) return append_record(out, RecordType::remove, c.path);
    if (c.path.size() > kMaxPath) throw Error(Errc::invalid, "a path of " + std::to_string(c.path.size()) + " bytes exceeds the log's limit");
    std::uint8_t value[8];
    store_u64le(value, c.value);
    append_record(out, RecordType::add, Path(value, 8), c.path);
}

void append_term(std::vector<std::uint8_t> &out, const TermEntry &e) {
    if (e.bytes.size() > kMaxPath) throw Error(Errc::invalid, "a term of " + std::to_string(e.bytes.size()) + " bytes exceeds the log's limit");
    std::uint8_t id[8];
    store_u64le(id, e.id);
    append_record(out, e.long_symbol ? RecordType::long_symbol : RecordType::term, Path(id, 8), e.bytes);
}

void append_begin(std::vector<std::uint8_t> &out) { append_record(out, RecordType::begin, {}); }

void append_commit(std::vector<std::uint8_t> &out, std::uint64_t changes) {
    std::uint8_t count[8];
    store_u64le(count, changes);
    append_record(out, RecordType::commit, Path(count, 8));
}

std::vector<std::uint8_t> seal(const std::vector<std::uint8_t> &records, std::uint64_t count) {
    if (count <= 1) return records;
    std::vector<std::uint8_t> out;
    out.reserve(records.size() + 2 * (kRecordHeadSize + kChecksumSize) + 8);
    append_begin(out);
    out.insert(out.end(), records.begin(), records.end());
    append_commit(out, count);
    return out;
}

Decoded decode(Path bytes, std::uint64_t start, const OnChange &on_change, const OnTerm &on_term) {
    return Decoder(bytes, start, on_change, on_term).run();
}

}  // namespace pathmap::kblog
