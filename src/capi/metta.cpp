// C ABI of MeTTa: MORK-encoded expression bytes <-> text, and text into a trie.
#include <string_view>

#include "capi/capi.hpp"
#include "io/file.hpp"
#include "metta/encoding.hpp"
#include "metta/expr_text.hpp"
#include "metta/parser.hpp"

using namespace pathmap;
using capi::checked_path;
using capi::copy_out;
using capi::guard;
using capi::naming_file;
using capi::require;
using capi::text_arg;


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
        std::vector<std::uint8_t> bytes;
        std::uint64_t n = 0;
        metta::for_each_expression(source, [&](const metta::Term &term) {
            bytes.clear();
            metta::append_encoding(term, bytes);
            next.set(bytes, first_value + n++);
        });
        t->map = std::move(next);
        if (count) *count = n;
        return PATHMAP_OK;
    });
}

int pathmap_metta_write_file(const pathmap_trie *t, const char *file) {
    return guard([&] {
        require(t, "trie");
        require(file, "file");
        naming_file(file, [&] {
            io::AtomicFileWriter writer(file);
            std::string text;  // buffered: one write per 64 KiB, not per line
            std::uint64_t index = 0;
            t->map.for_each({}, [&](Path p, std::uint64_t) {
                try {
                    metta::append_expr_text(p, text);
                } catch (const Error &e) {
                    throw Error(e.code(), "path " + std::to_string(index) + " (in trie order) is not a MeTTa expression: " + e.what());
                }
                text.push_back('\n');
                ++index;
                if (text.size() >= (1 << 16)) {
                    writer.write(as_path(text));
                    text.clear();
                }
            });
            writer.write(as_path(text));
            writer.commit();
        });
        return PATHMAP_OK;
    });
}

}  // extern "C"
