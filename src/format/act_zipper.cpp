#include "format/act_zipper.hpp"

#include "core/error.hpp"
#include "format/act_format.hpp"

namespace pathmap::act {

ActZipper::ActZipper(const View &view, Path prefix, std::uint64_t budget) : view_(view), budget_(budget) {
    frames_.push_back({load(view.root(), view.size()), 0, {}});
    descend_to(prefix);
    origin_len_ = key_.size();
}

void ActZipper::charge(std::uint64_t steps) {
    if (steps > budget_) {
        throw Error(Errc::corrupt, "iteration exceeds its work budget: the file describes far more paths than its "
                                   "size suggests (shared runs); raise the budget to read it");
    }
    budget_ -= steps;
}

NodeRef ActZipper::load(std::uint64_t start, std::uint64_t limit) {
    charge(1);
    return view_.node(start, limit);
}

// At the end of a line that continues into a child node, enters that node (it holds
// the position's value and children).
void ActZipper::enter_line_child() {
    const NodeRef &t = frames_.back().node;
    if (t.line && t.child && live_ == frames_.back().start + t.data.size()) {
        const NodeRef c = load(t.child, t.start);
        frames_.push_back({c, live_, {}});
    }
}

// Byte key_[i] was appended where the focus stood at depth i: extends the existing
// part over it if the file has it.
void ActZipper::advance(std::size_t i) {
    if (live_ != i) return;
    const Frame &t = frames_.back();
    const std::uint8_t b = key_[i];
    if (t.node.line) {
        const std::size_t o = i - t.start;
        if (o < t.node.data.size() && t.node.data[o] == b) {
            charge(1);
            live_ = i + 1;
            enter_line_child();
        }
        return;
    }
    const int rank = child_rank(t.node, b);
    if (rank < 0) return;
    const NodeRef parent = t.node;
    const NodeRef c = load(view_.child_start(parent, static_cast<unsigned>(rank)), parent.start);
    frames_.push_back({c, i + 1, Siblings(parent, static_cast<unsigned>(rank), b, c.end)});
    live_ = i + 1;
}

const std::uint64_t *ActZipper::val() const {
    if (!path_exists()) return nullptr;
    const Frame &t = frames_.back();
    const bool at_node_end = !t.node.line || live_ - t.start == t.node.data.size();
    return at_node_end && t.node.has_val ? &t.node.val : nullptr;
}

ByteMask ActZipper::child_mask() const {
    ByteMask m;
    if (!path_exists()) return m;
    const Frame &t = frames_.back();
    if (t.node.line) {
        const std::size_t o = live_ - t.start;
        if (o < t.node.data.size()) m.set(t.node.data[o]);
    } else if (t.node.masked) {
        for (unsigned w = 0; w < 4; ++w) m.words[w] = load_u64le(t.node.index + 8 * w);
    } else {
        for (unsigned i = 0; i < t.node.count; ++i) m.set(t.node.index[i]);
    }
    return m;
}

bool ActZipper::descend_to_byte(std::uint8_t b) {
    key_.push_back(b);
    advance(key_.size() - 1);
    return path_exists();
}

bool ActZipper::ascend(std::size_t n) {
    const bool ok = n <= path().size();
    const std::size_t depth = ok ? key_.size() - n : origin_len_;
    key_.resize(depth);
    if (live_ > depth) live_ = depth;
    while (frames_.back().start > depth) frames_.pop_back();  // the file's root frame starts at 0
    return ok;
}

bool ActZipper::descend_until() {
    bool moved = false;
    while (path_exists()) {
        const Frame &t = frames_.back();
        if (t.node.line) {
            const std::size_t o = live_ - t.start;
            if (o == t.node.data.size()) break;
            const Path rest = t.node.data.subspan(o);
            charge(rest.size());
            key_.insert(key_.end(), rest.begin(), rest.end());
            live_ = key_.size();
            enter_line_child();
        } else if (t.node.count == 1) {
            descend_first_byte();
        } else {
            break;
        }
        moved = true;
        if (is_val()) break;
    }
    return moved;
}

bool ActZipper::to_next_sibling_byte() {
    if (path().empty()) return false;
    const std::size_t n = frames_.size();
    if (!path_exists() || n < 2 || frames_.back().start != key_.size() || frames_[n - 2].node.line) return Base::to_next_sibling_byte();
    Frame &t = frames_.back();
    if (t.after.done()) return false;
    charge(1);
    std::uint8_t b;
    t.node = t.after.step(view_, &b);
    key_.back() = b;
    return true;
}

// The generic to_next_val as one loop over whole lines and sibling runs (iteration
// is what most callers do: three times as fast as the byte-wise moves).
bool ActZipper::to_next_val() {
    if (!path_exists()) return Base::to_next_val();
    for (;;) {
        const Frame &t = frames_.back();
        if (t.node.line && live_ - t.start < t.node.data.size()) {
            const Path rest = t.node.data.subspan(live_ - t.start);
            charge(rest.size());
            key_.insert(key_.end(), rest.begin(), rest.end());
            live_ = key_.size();
            enter_line_child();
        } else if (!t.node.line && t.node.count > 0) {
            Siblings kids(t.node);
            std::uint8_t b;
            charge(1);
            const NodeRef c = kids.step(view_, &b);
            key_.push_back(b);
            live_ = key_.size();
            frames_.push_back({c, live_, kids});
        } else if (!to_next_sibling_node()) {
            reset();
            return false;
        }
        if (is_val()) return true;
    }
}

// From the end of the top node, climbs to the nearest branch child below the root that
// has a next sibling and moves to that sibling; false when there is none.
bool ActZipper::to_next_sibling_node() {
    while (frames_.size() >= 2 && frames_.back().start > origin_len_) {
        Frame &c = frames_.back();
        key_.resize(c.start);
        live_ = c.start;
        if (!frames_[frames_.size() - 2].node.line && !c.after.done()) {
            charge(1);
            std::uint8_t b;
            c.node = c.after.step(view_, &b);
            key_.back() = b;
            return true;
        }
        frames_.pop_back();
    }
    return false;
}

std::size_t ActZipper::fork_depth() const {
    std::size_t p = std::min(key_.size() - 1, live_);  // nearest existing strict ancestor
    std::size_t j = frames_.size();
    for (;;) {
        if (p <= origin_len_) return 0;
        while (frames_[j - 1].start > p) --j;  // the file's root frame starts at 0
        const Frame &f = frames_[j - 1];
        const bool fork = f.node.line ? p - f.start == f.node.data.size() && f.node.has_val : f.node.has_val || f.node.count >= 2;
        if (fork) return p - origin_len_;
        if (f.start == 0) return 0;
        p = f.start - 1;  // the rest of a line up to its start has one child and no value
    }
}

std::uint64_t ActZipper::val_count() {
    ActZipper f = fork();
    std::uint64_t n = f.is_val() ? 1 : 0;
    while (f.to_next_val()) ++n;
    budget_ = f.budget_;
    return n;
}

ActZipper ActZipper::fork() const {
    ActZipper f = *this;
    f.origin_len_ = key_.size();
    return f;
}

}  // namespace pathmap::act
