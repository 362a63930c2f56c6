// libFuzzer target: the ACT reader on arbitrary bytes, through the C ABI (so the
// exception guard is exercised too). Beyond "no crash, no out-of-bounds read, no
// endless loop" it checks one property: every path the zipper lists is found again
// by pathmap_act_get with the same value.
#include <cstdint>
#include <cstdlib>
#include <cstring>

#include "pathmap.h"

namespace {

constexpr std::uint64_t kBudget = 200000;  // keeps one input well under a millisecond
constexpr int kMaxListed = 20000;

void list_and_look_up(const pathmap_act *a) {
    pathmap_zipper *z = nullptr;
    if (pathmap_act_read_zipper(a, nullptr, 0, &z) != PATHMAP_OK) return;
    for (int n = 0; n < kMaxListed && pathmap_zipper_to_next_val(z) == PATHMAP_OK; ++n) {
        pathmap_bytes p;
        std::uint64_t listed = 0, found = 0;
        if (pathmap_zipper_origin_path(z, &p) != PATHMAP_OK || pathmap_zipper_val(z, &listed) != PATHMAP_OK) std::abort();
        if (pathmap_act_get(a, p.data, p.len, &found) != PATHMAP_OK || found != listed) std::abort();
    }
    pathmap_zipper_free(z);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    pathmap_act_options o = PATHMAP_ACT_OPTIONS_INIT;
    o.budget = kBudget;
    pathmap_act *a = nullptr;
    if (pathmap_act_open_buffer(data, size, &o, &a) != PATHMAP_OK) return 0;
    list_and_look_up(a);
    std::uint64_t count = 0;
    (void)pathmap_act_val_count(a, &count);
    pathmap_act_stats stats = PATHMAP_ACT_STATS_INIT;
    (void)pathmap_act_stats_get(a, &stats);
    std::size_t roots = 0;
    if (pathmap_act_root_count(a, &roots) == PATHMAP_OK) {
        for (std::uint32_t i = 1; i < roots && i < 4; ++i) {
            pathmap_act *old = nullptr;
            o.root_index = i;
            if (pathmap_act_open_buffer(data, size, &o, &old) == PATHMAP_OK) list_and_look_up(old);
            pathmap_act_free(old);
        }
    }
    pathmap_act_free(a);
    return 0;
}
