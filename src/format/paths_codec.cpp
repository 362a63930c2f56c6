#include "format/paths_codec.hpp"

#include <algorithm>
#include <cstring>
#include <string>

#include "core/error.hpp"

namespace pathmap::paths {
namespace {

constexpr std::size_t kChunk = 64 * 1024;

[[noreturn]] void corrupt(std::uint64_t offset, const std::string &what, std::uint64_t records) {
    throw Error(Errc::corrupt, "offset " + std::to_string(offset) + ": " + what + " (" + std::to_string(records) + " records read)");
}

// Splits the decompressed byte stream into records, whatever the chunk boundaries.
class RecordParser {
public:
    explicit RecordParser(const RecordFn &fn) : fn_(fn) {}

    // Consumes bytes; returns false once fn asked to stop.
    bool feed(const std::uint8_t *p, std::size_t n) {
        while (n > 0) {
            if (len_have_ < 4) {
                std::size_t take = std::min<std::size_t>(4 - len_have_, n);
                std::memcpy(len_bytes_ + len_have_, p, take);
                len_have_ += take;
                p += take;
                n -= take;
                if (len_have_ == 4) {
                    len_ = std::uint32_t{len_bytes_[0]} | std::uint32_t{len_bytes_[1]} << 8 | std::uint32_t{len_bytes_[2]} << 16 |
                           std::uint32_t{len_bytes_[3]} << 24;
                    record_.clear();
                    if (len_ == 0 && !deliver({})) return false;
                }
                continue;
            }
            if (record_.empty() && n >= len_) {  // whole record in this chunk: no copy
                if (!deliver({p, len_})) return false;
                p += len_;
                n -= len_;
                continue;
            }
            std::size_t take = std::min<std::size_t>(len_ - record_.size(), n);
            record_.insert(record_.end(), p, p + take);  // grows only as bytes arrive
            p += take;
            n -= take;
            if (record_.size() == len_ && !deliver(record_)) return false;
        }
        return true;
    }

    // Throws when the stream ended inside a record.
    void finish(std::uint64_t stream_bytes) const {
        if (len_have_ == 0) return;
        std::uint64_t start = stream_bytes - (len_have_ < 4 ? len_have_ : 4 + record_.size());
        std::string what = len_have_ < 4 ? "record " + std::to_string(count_) + " length prefix is cut off"
                                         : "record " + std::to_string(count_) + " of " + std::to_string(len_) + " bytes is cut off after " +
                                               std::to_string(record_.size()) + " bytes";
        corrupt(start, what + " by the end of the decompressed stream (decompressed offset)", count_);
    }

    std::uint64_t count() const { return count_; }

private:
    bool deliver(Path path) {
        len_have_ = 0;
        return fn_(count_++, path);
    }

    const RecordFn &fn_;
    std::uint8_t len_bytes_[4] = {};
    std::size_t len_have_ = 0;  // 0..3: reading the length; 4: reading the body
    std::uint32_t len_ = 0;
    std::vector<std::uint8_t> record_;
    std::uint64_t count_ = 0;
};

struct Inflater {
    z_stream zs{};
    Inflater() {
        int rc = inflateInit(&zs);
        if (rc == Z_MEM_ERROR) throw std::bad_alloc();
        if (rc != Z_OK) throw Error(Errc::internal, "inflateInit failed: " + std::to_string(rc));
    }
    ~Inflater() { inflateEnd(&zs); }
};

}  // namespace

DecodeResult decode(const Source &src, const RecordFn &fn) {
    Inflater inf;
    z_stream &zs = inf.zs;
    RecordParser parser(fn);
    std::vector<std::uint8_t> in(kChunk), out(kChunk);
    DecodeResult result;
    bool eof = false;
    for (;;) {
        if (zs.avail_in == 0 && !eof) {
            std::size_t n = src(in.data(), in.size());
            eof = n == 0;
            zs.next_in = in.data();
            zs.avail_in = static_cast<uInt>(n);
        }
        if (zs.avail_in == 0 && eof) corrupt(zs.total_in, "zlib stream ends before its end marker", parser.count());
        zs.next_out = out.data();
        zs.avail_out = static_cast<uInt>(out.size());
        int rc = inflate(&zs, Z_NO_FLUSH);
        if (rc == Z_MEM_ERROR) throw std::bad_alloc();
        if (rc == Z_DATA_ERROR || rc == Z_NEED_DICT || rc == Z_STREAM_ERROR)
            corrupt(zs.total_in, std::string("bad zlib data: ") + (zs.msg ? zs.msg : "needs a dictionary"), parser.count());
        if (!parser.feed(out.data(), out.size() - zs.avail_out)) {
            result.stopped = true;
            break;
        }
        if (rc == Z_STREAM_END) {
            parser.finish(zs.total_out);
            std::uint64_t trailing = zs.avail_in;
            std::uint8_t probe[256];
            while (!eof && trailing == 0) {
                std::size_t n = src(probe, sizeof probe);
                eof = n == 0;
                trailing += n;
            }
            if (trailing) corrupt(zs.total_in, "bytes follow the end of the zlib stream", parser.count());
            break;
        }
    }
    result.stats = {zs.total_in, zs.total_out, parser.count()};
    return result;
}

DecodeResult decode(std::span<const std::uint8_t> data, const RecordFn &fn) {
    return decode(
        [&data](std::uint8_t *buf, std::size_t cap) {
            std::size_t n = std::min(cap, data.size());
            if (n) std::memcpy(buf, data.data(), n);
            data = data.subspan(n);
            return n;
        },
        fn);
}

Encoder::Encoder(Sink sink, int level) : sink_(std::move(sink)), out_(kChunk) {
    int rc = deflateInit(&zs_, level);
    if (rc == Z_MEM_ERROR) throw std::bad_alloc();
    if (rc != Z_OK) throw Error(Errc::invalid, "bad zlib compression level " + std::to_string(level));
    staged_.reserve(kChunk);
}

Encoder::~Encoder() { deflateEnd(&zs_); }

void Encoder::add(Path path) {
    if (finished_) throw Error(Errc::state, ".paths encoder: add after finish");
    if (path.size() > UINT32_MAX) throw Error(Errc::invalid, "path of " + std::to_string(path.size()) + " bytes does not fit a .paths record");
    auto len = static_cast<std::uint32_t>(path.size());
    const std::uint8_t le[4] = {static_cast<std::uint8_t>(len), static_cast<std::uint8_t>(len >> 8), static_cast<std::uint8_t>(len >> 16),
                                static_cast<std::uint8_t>(len >> 24)};
    staged_.insert(staged_.end(), le, le + 4);
    staged_.insert(staged_.end(), path.begin(), path.end());
    stats_.bytes_in += 4 + path.size();
    ++stats_.path_count;
    if (staged_.size() >= kChunk) deflate_staged(Z_NO_FLUSH);
}

Stats Encoder::finish() {
    if (finished_) throw Error(Errc::state, ".paths encoder: finished twice");
    finished_ = true;
    deflate_staged(Z_FINISH);
    stats_.bytes_out = zs_.total_out;
    return stats_;
}

// Runs deflate over the staged bytes, handing every full output chunk to the sink;
// with Z_FINISH, until the stream end is written.
void Encoder::deflate_staged(int flush) {
    zs_.next_in = staged_.data();
    zs_.avail_in = static_cast<uInt>(staged_.size());
    for (;;) {
        zs_.next_out = out_.data();
        zs_.avail_out = static_cast<uInt>(out_.size());
        int rc = deflate(&zs_, flush);
        if (rc == Z_STREAM_ERROR) throw Error(Errc::internal, "deflate failed");
        std::size_t produced = out_.size() - zs_.avail_out;
        if (produced) sink_({out_.data(), produced});
        if (flush == Z_FINISH ? rc == Z_STREAM_END : zs_.avail_in == 0 && zs_.avail_out != 0) break;
    }
    staged_.clear();
}

}  // namespace pathmap::paths
