#include "kb/checkpoint.hpp"

#include "core/error.hpp"
#include "io/act_file.hpp"
#include "io/directory.hpp"
#include "kb/layout.hpp"
#include "trie/algebra.hpp"

namespace pathmap::kb {
namespace {

std::shared_ptr<const Base> write_trie(const std::string &dir, const PathMap<std::uint64_t> &trie, std::uint64_t generation,
                                       std::uint64_t facts) {
    const std::string file = layout::snapshot(dir, generation);
    io::ActFileOutput out(file);
    act::write(trie, {}, out);
    out.commit();
    return Base::adopt(std::make_shared<const io::MappedFile>(file), generation, facts);
}

}  // namespace

std::shared_ptr<const Base> write_snapshot(const std::string &dir, const State &state, std::uint64_t generation,
                                           const Progress &progress) {
    if (progress) progress("writing snapshot", 0, state.facts);
    PathMap<std::uint64_t> trie = state.base->load();
    if (!state.layer.removes.is_empty()) trie = subtract(trie, state.layer.removes, SubtractByPath{});
    if (!state.layer.adds.is_empty()) trie = join(trie, state.layer.adds, KeepRight{});
    if (const std::uint64_t n = trie.val_count(); n != state.facts)
        throw Error(Errc::internal, "checkpoint folded " + std::to_string(n) + " facts, the knowledge base counts " + std::to_string(state.facts));
    std::shared_ptr<const Base> base = write_trie(dir, trie, generation, state.facts);
    if (progress) progress("writing snapshot", state.facts, state.facts);
    return base;
}

void create_empty(const std::string &dir) {
    io::make_directory(dir);
    const std::shared_ptr<const Base> base = write_trie(dir, {}, 0, 0);
    layout::create_log(dir, 0);
    layout::write_manifest(dir, base->manifest());
}

}  // namespace pathmap::kb
