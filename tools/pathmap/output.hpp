// Buffered standard output for listings, and the key encodings of `ls`.
#pragma once

#include <string>
#include <string_view>

namespace pathmap_cli {

// Collects output and writes it to stdout in large blocks. A closed pipe (e.g.
// `pathmap ls | head`) ends the program quietly with status 0.
class Output {
public:
    Output() { buf_.reserve(kFlushAt + 4096); }
    ~Output() { flush(); }
    std::string &buffer() { return buf_; }
    // Call after appending a line.
    void line_done() {
        buf_.push_back('\n');
        if (buf_.size() >= kFlushAt) flush();
    }
    void flush();

private:
    static constexpr std::size_t kFlushAt = 1 << 20;
    std::string buf_;
};

// Lowercase hex of every byte.
void append_hex(std::string_view bytes, std::string &out);
// Parses hex (either case, even length); throws std::runtime_error naming the problem.
std::string parse_hex(std::string_view hex);
// The fixtures' TSV key encoding: bytes 0x21..0x7E except backslash as themselves,
// every other byte as \xHH (lowercase).
void append_tsv_key(std::string_view bytes, std::string &out);

}  // namespace pathmap_cli
