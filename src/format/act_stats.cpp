#include "format/act_stats.hpp"

#include <unordered_set>
#include <vector>

#include "format/act_format.hpp"

namespace pathmap::act {

Survey survey(const View &view) {
    Survey s;
    std::unordered_set<std::uint64_t> seen_nodes;
    std::unordered_set<const std::uint8_t *> seen_data;
    struct Todo {
        std::uint64_t start, limit;
    };
    std::vector<Todo> todo{{view.root(), view.size()}};
    while (!todo.empty()) {
        const Todo t = todo.back();
        todo.pop_back();
        if (!seen_nodes.insert(t.start).second) continue;
        const NodeRef n = view.node(t.start, t.limit);
        if (n.line) {
            ++s.line_nodes;
            const std::uint64_t size = varint_size(n.data.size()) + n.data.size();
            if (seen_data.insert(n.data.data()).second) {
                ++s.line_data;
                s.line_data_bytes += size;
            } else {
                s.line_data_saved += size;
            }
            if (n.child) todo.push_back({n.child, n.start});
            continue;
        }
        ++s.branch_nodes;
        std::uint64_t c = n.first_child;
        for (unsigned i = 0; i < n.count; ++i) {
            todo.push_back({c, n.start});
            if (i + 1 < n.count) c = view.node_end(c, n.start);
        }
    }
    return s;
}

}  // namespace pathmap::act
