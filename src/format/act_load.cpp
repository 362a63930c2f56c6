#include "format/act_load.hpp"

#include <cstring>
#include <vector>

namespace pathmap::act {
namespace {

using Node = detail::Node<std::uint64_t>;

struct NonCanonical {};

// One position being built: its prefix (line data), value, branch and children so far.
struct Frame {
    std::uint64_t key = 0;  // offset of the encoding its parent points at (the memo key)
    std::uint8_t edge = 0;
    Path prefix;
    bool has_val = false;
    std::uint64_t val = 0;
    Siblings kids;  // of its branch (none for a leaf)
    OldEncoding old;
    std::size_t kids_base = 0;  // where its children start in Loader::kids_
};

class Loader {
public:
    explicit Loader(const View &view) : view_(view) {
        const std::size_t guess = view.size() / 16;  // nodes take ~18 bytes in builder files
        memo_.reserve(guess);
        loaded_.reuse.reserve(guess);
    }

    ~Loader() {
        for (auto &kid : kids_) detail::release(kid.second);
    }

    Loaded run() {
        const NodeRef root = view_.node(view_.root(), view_.size());
        if (!root.line && !root.has_val && root.count == 0) return {};  // the empty map
        push(root, 0);
        for (;;) {
            Frame &f = stack_.back();
            if (!f.kids.done()) {
                std::uint8_t b;
                const NodeRef c = f.kids.step(view_, &b);
                if (auto hit = memo_.find(c.start); hit != memo_.end()) {
                    detail::retain(hit->second);
                    kids_.emplace_back(b, hit->second);
                } else {
                    push(c, b);
                }
                continue;
            }
            Node *n = build(f);
            memo_.emplace(f.key, n);
            loaded_.reuse.emplace(n, f.old);
            const std::uint8_t edge = f.edge;
            stack_.pop_back();
            if (stack_.empty()) {
                loaded_.map = PathMap<std::uint64_t>::adopt(n);
                return std::move(loaded_);
            }
            kids_.emplace_back(edge, n);
        }
    }

private:
    // The position an encoding stands for: a line leads into the node after its data.
    // e is decoded and validated already (the root, or a sibling run's member).
    void push(const NodeRef &e, std::uint8_t edge) {
        Frame f;
        f.key = e.start;
        f.edge = edge;
        f.has_val = e.has_val;
        f.val = e.val;
        if (!e.line) {
            f.kids = Siblings(e);
            f.old = {false, e.first_child, 0, 0};
        } else {
            f.prefix = e.data;
            f.old = {true, 0, e.data_start, e.child};
            if (e.child) {
                const NodeRef c = view_.node(e.child, e.start);
                if (c.line) throw NonCanonical{};  // a line continuing into a line
                f.kids = Siblings(c);
                f.has_val = c.has_val;
                f.val = c.val;
            }
        }
        f.kids_base = kids_.size();
        stack_.push_back(f);
    }

    // Makes the node of frame f from its value, prefix and the children on kids_.
    Node *build(const Frame &f) {
        const unsigned count = static_cast<unsigned>(kids_.size() - f.kids_base);
        if (!f.has_val && count < 2) throw NonCanonical{};
        const auto kind = count > detail::kSmallMax ? detail::NodeKind::dense : detail::NodeKind::small;
        Node *n = detail::alloc_node<std::uint64_t>({kind, f.has_val, static_cast<std::uint16_t>(count), static_cast<std::uint32_t>(f.prefix.size())});
        if (f.has_val) detail::construct_val(n, f.val);
        detail::copy_path(n->prefix_data(), f.prefix);
        for (std::size_t i = f.kids_base; i < kids_.size(); ++i) detail::append_child(n, kids_[i].first, kids_[i].second);
        kids_.resize(f.kids_base);  // the node owns them now
        return n;
    }

    const View &view_;
    std::vector<Frame> stack_;
    std::vector<std::pair<std::uint8_t, Node *>> kids_;  // children of the frames, in stack order
    std::unordered_map<std::uint64_t, Node *> memo_;
    Loaded loaded_;
};

}  // namespace

std::optional<Loaded> load_nodes(const View &view) {
    try {
        return Loader(view).run();
    } catch (const NonCanonical &) {
        return std::nullopt;
    }
}

}  // namespace pathmap::act
