#include "format/act_zipper.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "format/act_format.hpp"

namespace pathmap::act {

ActZipper::ActZipper(const View &view, Path prefix, std::uint64_t budget)
    : view_(view), budget_(budget), key_(prefix.begin(), prefix.end()), origin_len_(prefix.size()) {
    std::uint64_t s = view.root();
    std::uint64_t limit = view.size();
    for (;;) {
        const NodeRef n = view.node(s, limit);
        if (n.line) {
            const std::size_t common = std::min(prefix.size(), n.data.size());
            if (!std::equal(prefix.begin(), prefix.begin() + static_cast<std::ptrdiff_t>(common), n.data.begin())) return;
            if (prefix.size() < n.data.size() || (prefix.size() == n.data.size() && !n.child)) {
                pin_ = n;
                skip_ = prefix.size();
                break;
            }
            if (!n.child) return;
            prefix = prefix.subspan(n.data.size());
            s = n.child;
        } else {
            if (prefix.empty()) {
                pin_ = n;
                break;
            }
            const int rank = child_rank(n, prefix[0]);
            if (rank < 0) return;
            s = view.child_start(n, static_cast<unsigned>(rank));
            prefix = prefix.subspan(1);
        }
        limit = n.start;
    }
    found_ = true;
    if (!pin_.line || skip_ == pin_.data.size()) set_focus(pin_);
}

void ActZipper::charge(std::uint64_t steps) {
    if (steps > budget_) {
        throw Error(Errc::corrupt, "iteration exceeds its work budget: the file describes far more paths than its "
                                   "size suggests (shared runs); raise the budget to read it");
    }
    budget_ -= steps;
}

void ActZipper::set_focus(const NodeRef &n) {
    has_val_ = n.has_val;
    val_ = n.val;
}

bool ActZipper::start() {
    started_ = true;
    if (!found_) return false;
    if (pin_.line) return skip_ < pin_.data.size() && enter(pin_, skip_);
    if (pin_.count > 0) stack_.push_back({Siblings(pin_), key_.size()});
    return false;
}

// Appends what n (and, for a line, the nodes it continues into) adds to the path,
// from byte `skip` of a line's data; pushes a branch's frame. True at a value.
bool ActZipper::enter(NodeRef n, std::size_t skip) {
    for (;;) {
        charge(1);
        if (!n.line) {
            if (n.count > 0) stack_.push_back({Siblings(n), key_.size()});
            set_focus(n);
            return n.has_val;
        }
        Path rest = n.data.subspan(skip);
        charge(rest.size());
        key_.insert(key_.end(), rest.begin(), rest.end());
        if (!n.child) {
            set_focus(n);
            return n.has_val;
        }
        n = view_.node(n.child, n.start);
        skip = 0;
    }
}

bool ActZipper::to_next_val() {
    if (done_) return false;
    if (!started_ && start()) return true;
    while (!stack_.empty()) {
        Frame &f = stack_.back();
        if (f.kids.done()) {
            stack_.pop_back();
            continue;
        }
        std::uint8_t b;
        const NodeRef c = f.kids.step(view_, &b);
        key_.resize(f.key_len);
        key_.push_back(b);
        if (enter(c, 0)) return true;
    }
    done_ = true;
    key_.resize(origin_len_);
    has_val_ = false;
    if (found_ && (!pin_.line || skip_ == pin_.data.size())) set_focus(pin_);
    return false;
}

}  // namespace pathmap::act
