// pathmap.h alone from C++17 (compiled by check_header.sh): the extern "C" block,
// the INIT macros as aggregate initialisers, and the enum in C++.
#include <pathmap.h>

#include <type_traits>

static_assert(std::is_standard_layout<pathmap_trie_stats>::value, "C layout");
static_assert(std::is_trivially_copyable<pathmap_paths_stats>::value, "C layout");
static_assert(std::is_same<decltype(&pathmap_trie_new), int (*)(pathmap_trie **)>::value,
              "C signature");

int header_check_cxx() {
    pathmap_trie_stats ts = PATHMAP_TRIE_STATS_INIT;
    pathmap_paths_stats ps = PATHMAP_PATHS_STATS_INIT;
    pathmap_error e = PATHMAP_EINVAL;
    return static_cast<int>(ts.struct_size + ps.struct_size) + e;
}
