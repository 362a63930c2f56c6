#include "kb/checkpoint.hpp"

#include "core/error.hpp"
#include "io/act_file.hpp"
#include "io/directory.hpp"
#include "format/term_store_format.hpp"
#include "io/file.hpp"
#include "kb/layout.hpp"
#include "trie/algebra.hpp"

namespace pathmap::kb {
namespace {

std::shared_ptr<const Base> write_trie(const std::string &dir, const PathMap<std::uint64_t> &trie, const kbmanifest::Manifest &m) {
    const std::string file = layout::snapshot(dir, m.generation);
    io::ActFileOutput out(file);
    act::write(trie, {}, out);
    out.commit();
    return Base::adopt(std::make_shared<const io::MappedFile>(file), m);
}

// The term store file's bytes of a store.
std::vector<std::uint8_t> file_bytes(const metta::TermStore &store) {
    std::vector<std::uint8_t> out;
    store.serialize([&](Path bytes) { out.insert(out.end(), bytes.begin(), bytes.end()); });
    return out;
}

}  // namespace

TermsFile capture(const Terms &terms) {
    TermsFile t{{}, terms.unchanged_file(), terms.file(), terms.size(), terms.long_symbol_count()};
    if (!t.unchanged) t.bytes = file_bytes(terms.load());
    return t;
}

kbmanifest::Manifest write_terms(const std::string &dir, std::uint64_t generation, const TermsFile &terms) {
    const Path bytes = terms.unchanged ? terms.unchanged->bytes() : Path(terms.bytes);
    if (terms.unchanged) {
        try {
            terms::read(bytes);
        } catch (const Error &e) {
            throw Error(Errc::corrupt, terms.source + ": " + e.what());
        }
    }
    io::AtomicFileWriter out(layout::terms(dir, generation));
    out.write(bytes);
    out.commit();
    kbmanifest::Manifest m;
    m.generation = generation;
    m.terms_bytes = bytes.size();
    m.terms = terms.terms;
    m.long_symbols = terms.long_symbols;
    return m;
}

std::shared_ptr<const Base> write_snapshot(const std::string &dir, const State &state, kbmanifest::Manifest m,
                                           const Progress &progress) {
    if (progress) progress("writing snapshot", 0, state.facts);
    PathMap<std::uint64_t> trie = state.base->load();
    if (!state.layer.removes.is_empty()) trie = subtract(trie, state.layer.removes, SubtractByPath{});
    if (!state.layer.adds.is_empty()) trie = join(trie, state.layer.adds, KeepRight{});
    if (const std::uint64_t n = trie.val_count(); n != state.facts)
        throw Error(Errc::internal, "checkpoint folded " + std::to_string(n) + " facts, the knowledge base counts " + std::to_string(state.facts));
    m.snapshot_facts = state.facts;
    std::shared_ptr<const Base> base = write_trie(dir, trie, m);
    if (progress) progress("writing snapshot", state.facts, state.facts);
    return base;
}

void create_empty(const std::string &dir) {
    io::make_directory(dir);
    TermsFile empty;
    empty.bytes = file_bytes(metta::TermStore{});
    const kbmanifest::Manifest m = write_terms(dir, 0, empty);
    const std::shared_ptr<const Base> base = write_trie(dir, {}, m);
    layout::create_log(dir, 0);
    layout::write_manifest(dir, base->manifest());
}

}  // namespace pathmap::kb
