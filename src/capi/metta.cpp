// C ABI of MeTTa: MORK-encoded expression bytes <-> text, and text into a trie.
#include <cstring>
#include <string_view>

#include "capi/capi.hpp"
#include "metta/encoding.hpp"
#include "metta/expr_text.hpp"
#include "metta/parser.hpp"

using namespace pathmap;
using capi::checked_path;
using capi::guard;
using capi::require;

namespace {

// Gives `bytes` (and a terminating NUL when `nul`) to the caller's buffer, or reports
// with PATHMAP_EBUFSIZE how many bytes it needs; *written is the length without NUL.
int copy_out(std::string_view bytes, void *buf, std::size_t cap, std::size_t *written, bool nul) {
    require(written, "written");
    if (!buf && cap > 0) throw Error(Errc::invalid, "buf is NULL but cap is " + std::to_string(cap));
    *written = bytes.size();
    const std::size_t need = bytes.size() + (nul ? 1 : 0);
    if (need > cap) return capi::fail(Errc::buffer_size, "needs " + std::to_string(need) + " bytes, buffer has " + std::to_string(cap));
    if (!bytes.empty()) std::memcpy(buf, bytes.data(), bytes.size());
    if (nul) static_cast<char *>(buf)[bytes.size()] = '\0';
    return PATHMAP_OK;
}

std::string_view text_arg(const char *text, std::size_t len) {
    if (!text && len > 0) throw Error(Errc::invalid, "text is NULL but its length is " + std::to_string(len));
    return {text, len};
}

}  // namespace

extern "C" {

int pathmap_metta_to_text(const void *expr, size_t len, char *buf, size_t cap, size_t *written) {
    return guard([&] {
        require(written, "written");
        const std::string text = metta::expr_to_text(checked_path(expr, len, "expr"));
        return copy_out(text, buf, cap, written, true);
    });
}

int pathmap_metta_encode(const char *text, size_t len, uint8_t *buf, size_t cap, size_t *written) {
    return guard([&] {
        require(written, "written");
        const std::vector<std::uint8_t> bytes = metta::encode(metta::parse_one(text_arg(text, len)));
        return copy_out({reinterpret_cast<const char *>(bytes.data()), bytes.size()}, buf, cap, written, false);
    });
}

int pathmap_metta_parse_into(pathmap_trie *t, const char *text, size_t len, uint64_t first_value, uint64_t *count) {
    return guard([&] {
        require(t, "trie");
        const std::string_view source = text_arg(text, len);
        PathMap<std::uint64_t> next = t->map.clone();  // t changes only if all parses
        metta::Parser parser(source);
        metta::Term term;
        std::vector<std::uint8_t> bytes;
        std::uint64_t n = 0;
        for (std::size_t start = parser.offset(); parser.next(term); start = parser.offset(), ++n) {
            bytes.clear();
            try {
                metta::append_encoding(term, bytes);
            } catch (const Error &e) {  // name the expression as parse errors do
                throw Error(e.code(), std::string(e.what()) + " (the expression at " + metta::line_column(source, start) + ")");
            }
            next.set(bytes, first_value + n);
        }
        t->map = std::move(next);
        if (count) *count = n;
        return PATHMAP_OK;
    });
}

}  // extern "C"
