// C ABI of pathmap_trie: a thin translation onto pathmap::PathMap<uint64_t>.
#include "capi/capi.hpp"

using namespace pathmap;
using capi::checked_path;
using capi::guard;
using capi::require;

extern "C" {

int pathmap_trie_new(pathmap_trie **out) {
    return guard([&] {
        require(out, "out");
        *out = new pathmap_trie{};
        return PATHMAP_OK;
    });
}

void pathmap_trie_free(pathmap_trie *t) { delete t; }

int pathmap_trie_clone(const pathmap_trie *t, pathmap_trie **out) {
    return guard([&] {
        require(t, "trie");
        require(out, "out");
        *out = new pathmap_trie{t->map.clone()};
        return PATHMAP_OK;
    });
}

int pathmap_trie_set(pathmap_trie *t, const void *path, size_t len, uint64_t value, uint64_t *old_value) {
    return guard([&] {
        require(t, "trie");
        auto old = t->map.set(checked_path(path, len), value);
        if (!old) return PATHMAP_OK;
        if (old_value) *old_value = *old;
        return PATHMAP_EXISTS;
    });
}

int pathmap_trie_get(const pathmap_trie *t, const void *path, size_t len, uint64_t *value) {
    return guard([&] {
        require(t, "trie");
        const uint64_t *v = t->map.get(checked_path(path, len));
        if (!v) return PATHMAP_NOTFOUND;
        if (value) *value = *v;
        return PATHMAP_OK;
    });
}

int pathmap_trie_remove(pathmap_trie *t, const void *path, size_t len, uint64_t *old_value) {
    return guard([&] {
        require(t, "trie");
        auto old = t->map.remove(checked_path(path, len));
        if (!old) return PATHMAP_NOTFOUND;
        if (old_value) *old_value = *old;
        return PATHMAP_OK;
    });
}

uint64_t pathmap_trie_val_count(const pathmap_trie *t) { return t ? t->map.val_count() : 0; }

int pathmap_trie_is_empty(const pathmap_trie *t) { return !t || t->map.is_empty(); }

int pathmap_trie_stats_get(const pathmap_trie *t, pathmap_trie_stats *stats) {
    return guard([&] {
        require(t, "trie");
        capi::require_struct(stats, sizeof(pathmap_trie_stats), "stats");
        TrieStats s = t->map.stats();
        stats->paths = s.paths;
        stats->path_bytes = s.path_bytes;
        stats->nodes = s.nodes;
        stats->small_nodes = s.small_nodes;
        stats->dense_nodes = s.dense_nodes;
        stats->memory_bytes = s.memory_bytes;
        return PATHMAP_OK;
    });
}

}  // extern "C"
