// C ABI of the path algebra and merkleization: a thin translation onto
// trie/algebra.hpp and trie/merkleize.hpp.
#include "capi/capi.hpp"
#include "trie/algebra.hpp"
#include "trie/merkleize.hpp"

using namespace pathmap;
using capi::checked_path;
using capi::guard;
using capi::policy_arg;
using capi::require;

namespace {

using Map = PathMap<std::uint64_t>;

// Runs a binary operation on a and b into a new handle in *out.
template <class F>
int binary(const pathmap_trie *a, const pathmap_trie *b, pathmap_trie **out, F &&op) {
    return guard([&] {
        require(a, "a");
        require(b, "b");
        require(out, "out");
        *out = new pathmap_trie{op(a->map, b->map)};
        return PATHMAP_OK;
    });
}

}  // namespace

extern "C" {

int pathmap_trie_join(const pathmap_trie *a, const pathmap_trie *b, int policy, pathmap_trie **out) {
    return binary(a, b, out, [&](const Map &x, const Map &y) { return join(x, y, policy_arg(policy)); });
}

int pathmap_trie_meet(const pathmap_trie *a, const pathmap_trie *b, int policy, pathmap_trie **out) {
    return binary(a, b, out, [&](const Map &x, const Map &y) { return meet(x, y, policy_arg(policy)); });
}

int pathmap_trie_subtract(const pathmap_trie *a, const pathmap_trie *b, uint32_t flags, pathmap_trie **out) {
    return binary(a, b, out, [&](const Map &x, const Map &y) {
        return capi::with_subtract_flags(flags, [&](auto by) { return subtract(x, y, by); });
    });
}

int pathmap_trie_restrict(const pathmap_trie *a, const pathmap_trie *b, pathmap_trie **out) {
    return binary(a, b, out, [](const Map &x, const Map &y) { return restrict(x, y); });
}

int pathmap_trie_insert_prefix(pathmap_trie *t, const void *prefix, size_t len) {
    return guard([&] {
        require(t, "trie");
        t->map = insert_prefix(t->map, checked_path(prefix, len, "prefix"));
        return PATHMAP_OK;
    });
}

int pathmap_trie_drop_head(pathmap_trie *t, size_t k, int policy) {
    return guard([&] {
        require(t, "trie");
        t->map = drop_head(t->map, k, policy_arg(policy));
        return PATHMAP_OK;
    });
}

int pathmap_trie_merkleize(pathmap_trie *t, pathmap_merkleize_stats *stats) {
    return guard([&] {
        require(t, "trie");
        if (stats) capi::require_struct(stats, sizeof(pathmap_merkleize_stats), "stats");
        MerkleizeStats s = merkleize(t->map);
        if (stats) {
            stats->nodes_before = s.nodes_before;
            stats->nodes_after = s.nodes_after;
            stats->bytes_before = s.bytes_before;
            stats->bytes_after = s.bytes_after;
            stats->bytes_saved = s.bytes_before > s.bytes_after ? s.bytes_before - s.bytes_after : 0;
            stats->reused = s.reused;
        }
        return PATHMAP_OK;
    });
}

}  // extern "C"
