// libFuzzer target: the MeTTa parser and encoder on arbitrary text. Whatever the
// input, parsing throws pathmap::Error or yields terms; beyond "no crash, no endless
// loop" it checks that every term that encodes renders (expr_to_text) to text that
// parses back to the same bytes, and that interning it in a term store (long symbols
// as handles) gives an id whose text interns to that id again.
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "metta/encoding.hpp"
#include "metta/expr_text.hpp"
#include "metta/parser.hpp"
#include "metta/term_store.hpp"

namespace {

using namespace pathmap::metta;

void check_term(const Term &t, TermStore &store) {
    std::vector<std::uint8_t> bytes;
    try {
        bytes = encode(t);
    } catch (const pathmap::Error &) {
        bytes.clear();  // over MORK's limits: only the store's long-symbol mode may take it
    }
    if (!bytes.empty() && encode(parse_one(expr_to_text(bytes))) != bytes) std::abort();
    std::uint64_t id = 0;
    try {
        id = store.intern(t, LongSymbols::intern).first;
    } catch (const pathmap::Error &) {
        return;  // over a limit other than symbol length
    }
    if (!bytes.empty() && store.find_expr(bytes) != id) std::abort();
    if (store.intern_text(store.text(id), LongSymbols::intern).first != id) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    TermStore store;
    try {
        Parser p(text);
        Term t;
        while (p.next(t)) check_term(t, store);
    } catch (const pathmap::Error &) {
        // malformed text: rejected with a message, nothing else to check
    }
    return 0;
}
