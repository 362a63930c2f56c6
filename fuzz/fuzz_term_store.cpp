// libFuzzer target: the term store loader on arbitrary bytes, through the C ABI (so
// the exception guard is exercised too). Each input is loaded twice: as it is, and
// with its trailing checksum recomputed, so that the fuzzer also reaches the
// structural checks behind the checksum. Whatever loads must save back to the very
// same bytes (the format is canonical) and render every term.
#include <xxhash.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/le.hpp"
#include "metta/term_store.hpp"
#include "pathmap.h"

namespace {

void load(const std::vector<std::uint8_t> &file) {
    pathmap_term_store *s = nullptr;
    if (pathmap_term_store_open_buffer(file.data(), file.size(), &s) != PATHMAP_OK) return;
    // The C handle wraps a TermStore; look at it through the C ABI only.
    const std::uint64_t n = pathmap_term_store_count(s);
    char buf[256];
    std::size_t written = 0;
    for (std::uint64_t id = 0; id < n && id < 1000; ++id) {
        const int rc = pathmap_term_store_text(s, id, buf, sizeof buf, &written);
        if (rc != PATHMAP_OK && rc != PATHMAP_EBUFSIZE) std::abort();
        pathmap_bytes expr;
        std::uint64_t found = 0;
        if (pathmap_term_store_expr(s, id, &expr) != PATHMAP_OK) std::abort();
        if (pathmap_term_store_find_expr(s, expr.data, expr.len, &found) != PATHMAP_OK || found != id) std::abort();
    }
    pathmap_term_store_free(s);
    // Canonical: a loaded file re-serializes to itself.
    const pathmap::metta::TermStore store = pathmap::metta::TermStore::load(pathmap::Path(file));
    std::vector<std::uint8_t> again;
    store.serialize([&](pathmap::Path p) { again.insert(again.end(), p.begin(), p.end()); });
    if (again != file) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    std::vector<std::uint8_t> file(data, data + size);
    load(file);
    if (size >= 8) {
        pathmap::store_u64le(file.data() + size - 8, XXH3_64bits(file.data(), size - 8));
        load(file);
    }
    return 0;
}
