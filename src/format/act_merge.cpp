#include "format/act_merge.hpp"

#include "format/act_format.hpp"
#include "format/act_zipper.hpp"

#include <string>

namespace pathmap::act {
namespace {

// Loads by paths: for files whose shape is not canonical (nothing is reused).
Loaded load_paths(const View &view) {
    Loaded l;
    ActZipper z(view, {}, ActZipper::default_budget(view.size()));
    if (const std::uint64_t *v = z.val()) l.map.set({}, *v);
    while (z.to_next_val()) l.map.set(z.path(), *z.val());
    return l;
}

// Sets a value only when it differs, so an unchanged path keeps its nodes (set would
// copy the nodes on its path even to store the same value).
void set_if_new(PathMap<std::uint64_t> &m, Path p, std::uint64_t v) {
    const std::uint64_t *old = m.get(p);
    if (!old || *old != v) m.set(p, v);
}

}  // namespace

MergePlan plan_merge(const View &view, const PathMap<std::uint64_t> &delta, MergeMode mode) {
    if (view.size() < kMinFileSize) throw Error(Errc::corrupt, "file of " + std::to_string(view.size()) + " bytes is too short to merge into");
    const std::vector<std::uint64_t> roots = view.roots();  // validates the trailers
    if (view.root() != roots.front()) throw Error(Errc::invalid, "merging is only possible at the file's live root");
    MergePlan plan;
    std::optional<Loaded> nodes = load_nodes(view);
    plan.old = nodes ? std::move(*nodes) : load_paths(view);
    plan.next = plan.old.map.clone();  // copy-on-write: changed paths get new nodes
    switch (mode) {
        case MergeMode::join:
            delta.for_each({}, [&](Path p, std::uint64_t v) { set_if_new(plan.next, p, v); });
            break;
        case MergeMode::subtract:
            delta.for_each({}, [&](Path p, std::uint64_t) { plan.next.remove(p); });
            break;
        case MergeMode::replace: {
            std::vector<std::vector<std::uint8_t>> gone;
            plan.old.map.for_each({}, [&](Path p, std::uint64_t) {
                if (!delta.contains(p)) gone.emplace_back(p.begin(), p.end());
            });
            for (const auto &p : gone) plan.next.remove(p);
            delta.for_each({}, [&](Path p, std::uint64_t v) { set_if_new(plan.next, p, v); });
            break;
        }
    }
    plan.changed = plan.next.root_node() != plan.old.map.root_node();
    const std::uint64_t size = view.size();
    bool fresh = true;  // a fresh file ends in 8 zero bytes (§9)
    for (std::uint64_t i = size - kPaddingSize; i < size; ++i) fresh = fresh && view.byte(i) == 0;
    plan.trailer = {fresh ? 0 : size - kTrailerSize, view.root()};
    return plan;
}

}  // namespace pathmap::act
