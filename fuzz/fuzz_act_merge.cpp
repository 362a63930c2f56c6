// libFuzzer target: append-merge planning and writing on arbitrary bytes. Whatever the
// input, planning either throws pathmap::Error or yields a file that reads back: the
// new root lists exactly the old contents joined with the delta, and the old root is
// still listed in the history.
#include <cstdint>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "format/act_merge.hpp"
#include "format/act_zipper.hpp"

namespace {

using Model = std::map<std::string, std::uint64_t>;
constexpr std::uint64_t kBudget = 200000;

Model list(const pathmap::act::View &view) {
    Model out;
    pathmap::act::ActZipper z(view, {}, kBudget);
    if (const std::uint64_t *v = z.val()) out[""] = *v;
    while (z.to_next_val()) out[std::string(z.path().begin(), z.path().end())] = *z.val();
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    std::vector<std::uint8_t> file(data, data + size);
    Model before;
    pathmap::act::MergePlan plan;
    pathmap::PathMap<std::uint64_t> delta;
    delta.set(pathmap::as_path("fuzz/new"), 1);
    delta.set(pathmap::as_path("a"), 2);
    try {
        const pathmap::act::View view(file);
        before = list(view);
        plan = pathmap::act::plan_merge(view, delta, pathmap::act::MergeMode::join);
    } catch (const pathmap::Error &) {
        return 0;  // a corrupt input: rejected, nothing else to check
    }
    if (!plan.changed) return 0;
    const std::uint64_t old_root = pathmap::act::View(file).root();
    pathmap::act::append_to_vector(file, plan.next, plan.old.reuse, plan.trailer);
    Model expected = before;
    expected["fuzz/new"] = 1;
    expected["a"] = 2;
    const pathmap::act::View after(file);
    if (list(after) != expected) std::abort();
    const std::vector<std::uint64_t> roots = after.roots();
    if (roots.size() < 2 || roots[1] != old_root) std::abort();
    return 0;
}
