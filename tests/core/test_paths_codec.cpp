// `.paths` codec and file I/O: the real knowledge base, the upstream fixture,
// round trips, and strictness on every truncation and on bit flips.
#include <gtest/gtest.h>

#include <dirent.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "format/paths_codec.hpp"
#include "io/file.hpp"

namespace {

using Bytes = std::vector<std::uint8_t>;
using Records = std::vector<std::string>;

const std::string kSource = PATHMAP_SOURCE_DIR;

Bytes read_all(const std::string &file) {
    std::ifstream in(file, std::ios::binary);
    return Bytes(std::istreambuf_iterator<char>(in), {});
}

Records decode_all(std::span<const std::uint8_t> data, pathmap::paths::Stats *stats = nullptr) {
    Records out;
    auto r = pathmap::paths::decode(data, [&](std::uint64_t index, pathmap::Path p) {
        EXPECT_EQ(index, out.size());
        out.emplace_back(reinterpret_cast<const char *>(p.data()), p.size());
        return true;
    });
    if (stats) *stats = r.stats;
    return out;
}

Bytes encode_all(const Records &records) {
    Bytes out;
    pathmap::paths::Encoder enc([&](std::span<const std::uint8_t> b) { out.insert(out.end(), b.begin(), b.end()); });
    for (const auto &r : records) enc.add(pathmap::as_path(r));
    auto stats = enc.finish();
    EXPECT_EQ(stats.path_count, records.size());
    EXPECT_EQ(stats.bytes_out, out.size());
    return out;
}

// Decodes the fixture TSV key encoding (\xHH for escaped bytes).
std::string tsv_key(const std::string &field) {
    std::string out;
    for (std::size_t i = 0; i < field.size(); ++i) {
        if (field[i] == '\\') {
            out.push_back(static_cast<char>(std::stoi(field.substr(i + 2, 2), nullptr, 16)));
            i += 3;
        } else {
            out.push_back(field[i]);
        }
    }
    return out;
}

pathmap::Errc error_code_of(std::span<const std::uint8_t> data) {
    try {
        decode_all(data);
    } catch (const pathmap::Error &e) {
        return e.code();
    }
    return pathmap::Errc{0};
}

TEST(PathsCodec, BigLogicKnowledgeBase) {
    Bytes file = read_all(kSource + "/data/big_logic.metta.paths");
    pathmap::paths::Stats stats;
    Records records = decode_all(file, &stats);
    ASSERT_EQ(records.size(), 91692u);
    EXPECT_EQ(stats.bytes_in, 803836u);
    EXPECT_EQ(stats.bytes_out, 5332645u);
    EXPECT_EQ(stats.path_count, 91692u);
    std::size_t total = 0, min_len = SIZE_MAX, max_len = 0;
    for (const auto &r : records) {
        total += r.size();
        min_len = std::min(min_len, r.size());
        max_len = std::max(max_len, r.size());
    }
    EXPECT_EQ(total, 4965877u);
    EXPECT_EQ(min_len, 16u);
    EXPECT_EQ(max_len, 267u);
    EXPECT_TRUE(std::adjacent_find(records.begin(), records.end(), std::greater_equal<>()) == records.end()) << "not strictly ascending";

    Records again = decode_all(encode_all(records));
    EXPECT_EQ(again, records);
}

TEST(PathsCodec, TinyReadsGiveTheSameRecords) {
    Bytes file = read_all(kSource + "/tests/data/small.paths");
    std::span<const std::uint8_t> rest(file);
    std::mt19937 rng(3);
    Records records;
    pathmap::paths::decode(
        [&](std::uint8_t *buf, std::size_t cap) {
            std::size_t n = std::min<std::size_t>({cap, rest.size(), 1 + rng() % 7});
            std::copy_n(rest.begin(), n, buf);
            rest = rest.subspan(n);
            return n;
        },
        [&](std::uint64_t, pathmap::Path p) {
            records.emplace_back(reinterpret_cast<const char *>(p.data()), p.size());
            return true;
        });
    EXPECT_EQ(records, decode_all(file));
}

TEST(PathsCodec, UpstreamFixtureMatchesItsListing) {
    Records records = decode_all(read_all(kSource + "/tests/data/small.paths"));
    Records expected;
    std::ifstream tsv(kSource + "/tests/data/small.expected.tsv");
    for (std::string line; std::getline(tsv, line);) {
        std::string key = tsv_key(line.substr(0, line.find('\t')));
        if (!key.empty()) expected.push_back(key);  // upstream's writer drops the root value
    }
    ASSERT_EQ(expected.size(), 79u);
    EXPECT_EQ(records, expected);
}

TEST(PathsCodec, EveryTruncationIsCorrupt) {
    Bytes file = read_all(kSource + "/tests/data/small.paths");
    for (std::size_t len = 0; len < file.size(); ++len)
        ASSERT_EQ(error_code_of(std::span(file).first(len)), pathmap::Errc::corrupt) << "length " << len;
}

TEST(PathsCodec, BitFlipsAreCorruptOrHarmless) {
    Bytes file = read_all(kSource + "/tests/data/small.paths");
    Records original = decode_all(file);
    std::mt19937_64 rng(11);
    int harmless = 0;
    for (int i = 0; i < 2000; ++i) {
        Bytes copy = file;
        std::size_t bit = rng() % (copy.size() * 8);
        copy[bit / 8] ^= static_cast<std::uint8_t>(1u << (bit % 8));
        // Header check bits, deflate structure and Adler-32 catch every flip except
        // in the padding bits after the final deflate block, which carry nothing:
        // such a file must decode to exactly the original records.
        if (error_code_of(copy) == pathmap::Errc::corrupt) continue;
        ASSERT_EQ(decode_all(copy), original) << "bit " << bit << " changed the records silently";
        ASSERT_EQ(bit / 8, file.size() - 5) << "only the last deflate byte may hold padding";
        ++harmless;
    }
    EXPECT_LT(harmless, 20);
}

TEST(PathsCodec, TrailingBytesAreCorrupt) {
    Bytes file = encode_all({"a", "b"});
    file.push_back(0);
    try {
        decode_all(file);
        FAIL() << "trailing byte accepted";
    } catch (const pathmap::Error &e) {
        EXPECT_EQ(e.code(), pathmap::Errc::corrupt);
        EXPECT_NE(std::string(e.what()).find("follow the end of the zlib stream"), std::string::npos) << e.what();
    }
}

TEST(PathsCodec, EmptyListAndEmptyPath) {
    EXPECT_TRUE(decode_all(encode_all({})).empty());
    EXPECT_EQ(decode_all(encode_all({"", "x", ""})), (Records{"", "x", ""}));
}

TEST(PathsCodec, HugeLengthPrefixDoesNotAllocate) {
    Bytes raw = {0xF0, 0xFF, 0xFF, 0xFF, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10};  // claims ~4 GiB, holds 10 bytes
    // A valid zlib stream around the raw bytes, made with zlib directly.
    uLongf cap = compressBound(raw.size());
    Bytes z(cap);
    ASSERT_EQ(compress2(z.data(), &cap, raw.data(), raw.size(), 7), Z_OK);
    z.resize(cap);
    try {
        decode_all(z);
        FAIL() << "cut-off record accepted";
    } catch (const pathmap::Error &e) {
        EXPECT_EQ(e.code(), pathmap::Errc::corrupt);
        EXPECT_NE(std::string(e.what()).find("cut off"), std::string::npos) << e.what();
    }
}

TEST(PathsCodec, StopEarly) {
    Bytes file = encode_all({"a", "b", "c"});
    int seen = 0;
    auto r = pathmap::paths::decode(file, [&](std::uint64_t, pathmap::Path) { return ++seen < 2; });
    EXPECT_TRUE(r.stopped);
    EXPECT_EQ(seen, 2);
}

std::vector<std::string> dir_entries(const std::string &dir) {
    std::vector<std::string> out;
    if (DIR *d = opendir(dir.c_str())) {
        while (dirent *e = readdir(d))
            if (e->d_name[0] != '.') out.emplace_back(e->d_name);
        closedir(d);
    }
    return out;
}

TEST(FileIo, AtomicWriterCommitsOrLeavesNothing) {
    char tmpl[] = "/tmp/pathmap-io-XXXXXX";
    std::string dir = mkdtemp(tmpl);
    std::string target = dir + "/out.bin";
    {
        pathmap::io::AtomicFileWriter w(target);
        const std::uint8_t bytes[] = {1, 2, 3};
        w.write(bytes);
    }  // no commit
    EXPECT_TRUE(dir_entries(dir).empty());
    {
        pathmap::io::AtomicFileWriter w(target);
        const std::uint8_t bytes[] = {4, 5};
        w.write(bytes);
        w.commit();
    }
    EXPECT_EQ(dir_entries(dir), std::vector<std::string>{"out.bin"});
    EXPECT_EQ(read_all(target), (Bytes{4, 5}));
    std::remove(target.c_str());
    rmdir(dir.c_str());
    EXPECT_THROW(pathmap::io::AtomicFileWriter(dir + "/missing/x"), pathmap::Error);
}

TEST(FileIo, ReaderNamesAMissingFile) {
    try {
        pathmap::io::FileReader r("/nonexistent/pathmap.paths");
        FAIL();
    } catch (const pathmap::Error &e) {
        EXPECT_EQ(e.code(), pathmap::Errc::io);
        EXPECT_NE(std::string(e.what()).find("/nonexistent/pathmap.paths"), std::string::npos);
    }
}

}  // namespace
