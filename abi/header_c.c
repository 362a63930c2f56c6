/* pathmap.h alone, as a C consumer sees it (compiled by check_header.sh). */
#include <pathmap.h>

/* Uses the declarations so the compiler checks them, not just parses them. */
int header_check(void);
int header_check(void) {
    pathmap_trie_stats ts = PATHMAP_TRIE_STATS_INIT;
    pathmap_paths_stats ps = PATHMAP_PATHS_STATS_INIT;
    pathmap_bytes b = {0, 0};
    pathmap_error e = PATHMAP_EINTERNAL;
    pathmap_paths_fn fn = 0;
    pathmap_merkleize_stats ms = PATHMAP_MERKLEIZE_STATS_INIT;
    pathmap_value_policy vp = PATHMAP_VALUES_OR;
    int (*set)(pathmap_trie *, const void *, size_t, uint64_t, uint64_t *) = pathmap_trie_set;
    return (int)(ts.struct_size + ps.struct_size + ms.struct_size + b.len) + (int)vp + (int)e + (fn == 0) + (set != 0) +
           PATHMAP_VERSION_CHECK(0, 1, 0);
}
