// The knowledge base's log and manifest formats: round trips, and what damage is a
// torn tail (dropped, earlier records kept) versus corruption (an error naming the
// offset of the damaged record).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <xxhash.h>

#include "core/error.hpp"
#include "core/le.hpp"
#include "format/kb_log.hpp"
#include "format/kb_manifest.hpp"

using namespace pathmap;
using Bytes = std::vector<std::uint8_t>;

namespace {

struct Seen {
    bool add;
    std::string path;
    std::uint64_t value;
    bool operator==(const Seen &) const = default;
};

// Decodes a log body (the records after the header) into what it applies.
kblog::Decoded decode(const Bytes &body, std::vector<Seen> *seen) {
    return kblog::decode(body, kblog::kHeaderSize, [&](const kblog::Change &c) {
        seen->push_back({c.add, std::string(c.path.begin(), c.path.end()), c.value});
    });
}

kblog::Change add(const std::string &p, std::uint64_t v) { return {true, as_path(p), v}; }
kblog::Change del(const std::string &p) { return {false, as_path(p), 0}; }

// Records at known offsets: an add, a group of two, a remove.
struct Sample {
    Bytes body;
    std::vector<std::size_t> starts;  // of each unit (single record or group), in the body
    std::vector<Seen> all;
};

Sample sample() {
    Sample s;
    s.starts.push_back(s.body.size());
    kblog::append_change(s.body, add("alpha", 1));
    s.starts.push_back(s.body.size());
    Bytes group;
    kblog::append_change(group, add(std::string("b\0c", 3), 2));
    kblog::append_change(group, del("alpha"));
    const Bytes sealed = kblog::seal(group, 2);
    s.body.insert(s.body.end(), sealed.begin(), sealed.end());
    s.starts.push_back(s.body.size());
    kblog::append_change(s.body, del(""));
    s.all = {{true, "alpha", 1}, {true, std::string("b\0c", 3), 2}, {false, "alpha", 0}, {false, "", 0}};
    return s;
}

// A record framed as the log frames it (valid checksums) around any payload.
Bytes raw_record(kblog::RecordType type, const Bytes &payload) {
    Bytes r(kblog::kRecordHeadSize, 0);
    store_u32le(&r[0], static_cast<std::uint32_t>(payload.size()));
    r[4] = static_cast<std::uint8_t>(type);
    store_u32le(&r[8], static_cast<std::uint32_t>(XXH3_64bits(r.data(), 8)));
    r.insert(r.end(), payload.begin(), payload.end());
    std::uint8_t sum[kblog::kChecksumSize];
    store_u64le(sum, XXH3_64bits(r.data(), r.size()));
    r.insert(r.end(), sum, sum + kblog::kChecksumSize);
    return r;
}

std::string corrupt_message(const Bytes &body) {
    std::vector<Seen> seen;
    try {
        decode(body, &seen);
    } catch (const Error &e) {
        EXPECT_EQ(e.code(), Errc::corrupt);
        return e.what();
    }
    ADD_FAILURE() << "no error";
    return {};
}

}  // namespace

TEST(KbLog, RoundTripOfChangesAndGroups) {
    const Sample s = sample();
    std::vector<Seen> seen;
    const kblog::Decoded d = decode(s.body, &seen);
    EXPECT_EQ(seen, s.all);
    EXPECT_EQ(d.records, 4u);
    EXPECT_EQ(d.end, kblog::kHeaderSize + s.body.size());
    EXPECT_EQ(d.dropped, 0u);
    EXPECT_TRUE(d.warning.empty());
}

TEST(KbLog, TermRecordsInterleaveWithChangesInLogOrder) {
    Bytes group;
    const std::string symbol(70, 's');
    kblog::append_term(group, {true, 3, as_path(symbol)});
    kblog::append_term(group, {false, 9, as_path("term")});
    kblog::append_change(group, add("term", 9));
    const Bytes body = kblog::seal(group, 3);
    std::vector<std::string> order;
    const kblog::Decoded d = kblog::decode(
        body, kblog::kHeaderSize, [&](const kblog::Change &c) { order.push_back("add " + std::string(c.path.begin(), c.path.end()) + "=" + std::to_string(c.value)); },
        [&](const kblog::TermEntry &e) {
            order.push_back(std::string(e.long_symbol ? "symbol " : "term ") + std::to_string(e.id) + " " + std::string(e.bytes.begin(), e.bytes.end()));
        });
    EXPECT_EQ(order, (std::vector<std::string>{"symbol 3 " + symbol, "term 9 term", "add term=9"}));
    EXPECT_EQ(d.records, 1u);
    EXPECT_EQ(d.terms, 2u);
    EXPECT_EQ(d.end, kblog::kHeaderSize + body.size());
    // Where no terms may be (a transaction's own records), a term record is corruption.
    EXPECT_NE(corrupt_message(body).find("term record where none may be"), std::string::npos);
    // A well-framed term record too short to hold its id.
    Bytes short_term = raw_record(kblog::RecordType::term, {1, 2, 3, 4});
    kblog::append_change(short_term, add("after", 1));  // damage with more log after it
    EXPECT_NE(corrupt_message(short_term).find("term record without an id"), std::string::npos);
}

TEST(KbLog, SealLeavesOneChangeAlone) {
    Bytes one;
    kblog::append_change(one, add("x", 7));
    EXPECT_EQ(kblog::seal(one, 1), one);
    EXPECT_GT(kblog::seal(one, 2).size(), one.size());
}

TEST(KbLog, HeaderRoundTripAndErrors) {
    Bytes h = kblog::encode_header(0x1234);
    ASSERT_EQ(h.size(), kblog::kHeaderSize);
    EXPECT_EQ(kblog::decode_header(h), 0x1234u);
    Bytes bad = h;
    bad[17] ^= 1;
    EXPECT_THROW(
        try { kblog::decode_header(bad); } catch (const Error &e) {
            EXPECT_EQ(e.code(), Errc::corrupt);
            throw;
        },
        Error);
    bad = h;
    bad[0] = 'X';
    EXPECT_THROW(
        try { kblog::decode_header(bad); } catch (const Error &e) {
            EXPECT_EQ(e.code(), Errc::format);
            throw;
        },
        Error);
    EXPECT_THROW(kblog::decode_header(Path(h).first(20)), Error);
}

// Cutting the log anywhere inside its last unit drops just that unit; cutting inside
// the group drops the whole group (it never applies half).
TEST(KbLog, EveryCutIsATornTailThatKeepsWhatPrecedes) {
    const Sample s = sample();
    for (std::size_t cut = 0; cut < s.body.size(); ++cut) {
        std::size_t unit = 0;  // units wholly before the cut
        while (unit + 1 < s.starts.size() && s.starts[unit + 1] <= cut) ++unit;
        const bool at_boundary = cut == s.starts[unit];
        const std::size_t kept_changes = unit == 0 ? 0 : unit == 1 ? 1 : 3;
        std::vector<Seen> seen;
        const Bytes body(s.body.begin(), s.body.begin() + static_cast<std::ptrdiff_t>(cut));
        const kblog::Decoded d = decode(body, &seen);
        EXPECT_EQ(seen, std::vector<Seen>(s.all.begin(), s.all.begin() + static_cast<std::ptrdiff_t>(kept_changes))) << cut;
        EXPECT_EQ(d.end, kblog::kHeaderSize + s.starts[unit]) << cut;
        EXPECT_EQ(d.dropped, cut - s.starts[unit]) << cut;
        EXPECT_EQ(d.warning.empty(), at_boundary) << cut;
    }
}

TEST(KbLog, DamagedFinalRecordIsDropped) {
    Sample s = sample();
    s.body.back() ^= 0x40;  // the last record's checksum
    std::vector<Seen> seen;
    const kblog::Decoded d = decode(s.body, &seen);
    EXPECT_EQ(seen.size(), 3u);
    EXPECT_EQ(d.end, kblog::kHeaderSize + s.starts[2]);
    EXPECT_NE(d.warning.find("checksum"), std::string::npos) << d.warning;
}

TEST(KbLog, ZeroBytesAfterTheLastRecordAreATornTail) {
    Sample s = sample();
    s.body.resize(s.body.size() + 100, 0);
    std::vector<Seen> seen;
    const kblog::Decoded d = decode(s.body, &seen);
    EXPECT_EQ(seen, s.all);
    EXPECT_EQ(d.dropped, 100u);
    EXPECT_EQ(d.end, kblog::kHeaderSize + s.body.size() - 100);
}

TEST(KbLog, DamageInTheMiddleIsAnErrorNamingItsOffset) {
    const Sample s = sample();
    const std::string at_second = "offset " + std::to_string(kblog::kHeaderSize + s.starts[1]) + ":";
    // A payload byte of the group's first change, a header byte of its begin record,
    // and the first record's checksum (more log follows each).
    Bytes b = s.body;
    b[s.starts[1] + kblog::kRecordHeadSize + kblog::kChecksumSize + kblog::kRecordHeadSize + 8] ^= 1;  // its path
    std::string msg = corrupt_message(b);
    EXPECT_EQ(msg.rfind("offset " + std::to_string(kblog::kHeaderSize + s.starts[1] + kblog::kRecordHeadSize + kblog::kChecksumSize) + ":", 0), 0u) << msg;
    b = s.body;
    b[s.starts[1]] ^= 1;
    msg = corrupt_message(b);
    EXPECT_EQ(msg.rfind(at_second, 0), 0u) << msg;
    EXPECT_NE(msg.find("middle"), std::string::npos) << msg;
    b = s.body;
    b[s.starts[1] - 1] ^= 1;
    msg = corrupt_message(b);
    EXPECT_EQ(msg.rfind("offset " + std::to_string(kblog::kHeaderSize) + ":", 0), 0u) << msg;
}

TEST(KbLog, StructuralErrorsAreCorruption) {
    Bytes b;
    kblog::append_begin(b);
    kblog::append_begin(b);
    EXPECT_NE(corrupt_message(b).find("inside another"), std::string::npos);
    b.clear();
    kblog::append_commit(b, 0);
    EXPECT_NE(corrupt_message(b).find("without a transaction"), std::string::npos);
    b.clear();
    kblog::append_begin(b);
    kblog::append_change(b, add("a", 1));
    kblog::append_commit(b, 2);
    EXPECT_NE(corrupt_message(b).find("counts 2"), std::string::npos);
}

TEST(KbManifest, RoundTripAndErrors) {
    const kbmanifest::Manifest m{5, 1234, 0xfeedface, 99, 4321, 77, 3};
    const Bytes b = kbmanifest::encode(m);
    ASSERT_EQ(b.size(), kbmanifest::kSize);
    const kbmanifest::Manifest r = kbmanifest::decode(b);
    EXPECT_EQ(r.generation, 5u);
    EXPECT_EQ(r.snapshot_bytes, 1234u);
    EXPECT_EQ(r.snapshot_hash, 0xfeedfaceu);
    EXPECT_EQ(r.snapshot_facts, 99u);
    EXPECT_EQ(r.terms_bytes, 4321u);
    EXPECT_EQ(r.terms, 77u);
    EXPECT_EQ(r.long_symbols, 3u);
    for (std::size_t i = 12; i < b.size(); ++i) {
        Bytes bad = b;
        bad[i] ^= 0x10;
        EXPECT_THROW(kbmanifest::decode(bad), Error) << i;
    }
    EXPECT_THROW(kbmanifest::decode(Path(b).first(40)), Error);
    for (const std::uint8_t version : {1, 3}) {  // the version before term stores, and a later one
        Bytes other = b;
        other[8] = version;
        try {
            kbmanifest::decode(other);
            ADD_FAILURE() << version;
        } catch (const Error &e) {
            EXPECT_EQ(e.code(), Errc::format);
        }
    }
}
