#include "output.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace pathmap_cli {

void Output::flush() {
    const char *p = buf_.data();
    std::size_t left = buf_.size();
    while (left > 0) {
        ssize_t n = ::write(STDOUT_FILENO, p, left);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && errno == EPIPE) std::_Exit(0);  // the reader has gone: nothing left to do
        if (n < 0) throw std::runtime_error(std::string("cannot write to standard output: ") + std::strerror(errno));
        p += n;
        left -= static_cast<std::size_t>(n);
    }
    buf_.clear();
}

namespace {
constexpr char kHex[] = "0123456789abcdef";

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}
}  // namespace

void append_hex(std::string_view bytes, std::string &out) {
    for (unsigned char b : bytes) {
        out.push_back(kHex[b >> 4]);
        out.push_back(kHex[b & 15]);
    }
}

std::string parse_hex(std::string_view hex) {
    if (hex.size() % 2) throw std::runtime_error("hex prefix '" + std::string(hex) + "' has an odd number of digits");
    std::string out;
    for (std::size_t i = 0; i < hex.size(); i += 2) {
        int hi = hex_value(hex[i]), lo = hex_value(hex[i + 1]);
        if (hi < 0 || lo < 0) throw std::runtime_error("hex prefix '" + std::string(hex) + "' has a non-hex digit at position " + std::to_string(hi < 0 ? i : i + 1));
        out.push_back(static_cast<char>(hi << 4 | lo));
    }
    return out;
}

void append_tsv_key(std::string_view bytes, std::string &out) {
    for (unsigned char b : bytes) {
        if (b >= 0x21 && b <= 0x7e && b != '\\') {
            out.push_back(static_cast<char>(b));
        } else {
            out += "\\x";
            out.push_back(kHex[b >> 4]);
            out.push_back(kHex[b & 15]);
        }
    }
}

}  // namespace pathmap_cli
