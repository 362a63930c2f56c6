#include "io/act_file.hpp"

#include "format/act_format.hpp"

namespace pathmap::io {

act::View checked_act_view(const MappedFile &file) {
    std::uint8_t head[act::kArenaStart];
    const std::uint64_t size = file.bytes().size();
    const std::uint64_t root = act::View::check_header(Path(head, file.read_at(0, head, sizeof head)), size);
    std::uint8_t node[act::kMaxNodeSize];
    act::View::check_node_fits(Path(node, file.read_at(root, node, sizeof node)), root);
    return act::View(file.bytes(), root, act::View::Checked{});
}

}  // namespace pathmap::io
