// libFuzzer target: the MORK expression decoder on arbitrary bytes. The term decoder
// and the text renderer share one validating walk, so they must accept and reject the
// same inputs with the same message; whatever decodes is canonical (re-encodes to the
// very same bytes), and a term store accepts it unless it holds a long-symbol handle
// naming no stored long symbol.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "metta/encoding.hpp"
#include "metta/expr_text.hpp"
#include "metta/term_store.hpp"

using namespace pathmap::metta;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    const pathmap::Path bytes(data, size);
    std::string text, text_error, decode_error;
    try {
        text = expr_to_text(bytes);
    } catch (const pathmap::Error &e) {
        text_error = e.what();
    }
    try {
        const Term t = decode(bytes);
        if (term_to_text(t) != text) std::abort();
        if (encode(t) != std::vector<std::uint8_t>(bytes.begin(), bytes.end())) std::abort();
    } catch (const pathmap::Error &e) {
        decode_error = e.what();
    }
    if (decode_error != text_error) std::abort();
    TermStore store;
    try {
        const std::uint64_t id = store.intern_expr(bytes).first;
        if (!decode_error.empty() || store.text(id) != text) std::abort();
    } catch (const pathmap::Error &) {
        // rejected: malformed, or a handle naming no long symbol of the empty store
    }
    return 0;
}
