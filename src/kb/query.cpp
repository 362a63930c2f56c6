#include "kb/query.hpp"

#include <algorithm>

namespace pathmap::kb {

namespace {

metta::QueryOptions bounded(metta::QueryOptions o, std::uint64_t budget) {
    o.budget = std::min(o.budget, budget);
    return o;
}

}  // namespace

Query::Query(State state, const metta::Pattern &pattern, metta::QueryOptions options)
    : state_(std::move(state)),
      adds_(state_.layer.adds.read_zipper(), pattern, options),
      base_(state_.base->zipper({}), pattern, bounded(options, state_.base->budget())) {}

// The next snapshot match the layer does not override: a path it removes or sets is
// the layer's to answer.
void Query::advance_base() {
    while ((base_live_ = base_.next())) {
        const Layer::Hit hit = state_.layer.lookup(base_.path());
        if (!hit.value && !hit.removed) return;
    }
}

bool Query::next() {
    if (!started_) {
        started_ = true;
        adds_live_ = adds_.next();
        advance_base();
    } else if (from_adds_) {
        adds_live_ = adds_.next();
    } else {
        advance_base();
    }
    if (!adds_live_ && !base_live_) return false;
    from_adds_ = !base_live_ || (adds_live_ && compare(adds_.path(), base_.path()) < 0);
    return true;
}

Path Query::path() const {
    return current([](const auto &w) { return w.path(); });
}

const std::uint64_t *Query::val() const {
    return current([](const auto &w) -> const std::uint64_t * { return w.val(); });
}

void Query::append_path_text(std::string &out) const {
    current([&](const auto &q) { q.append_path_text(out); });
}

void Query::append_binding_text(std::size_t i, std::string &out) const {
    current([&](const auto &w) { w.append_binding_text(i, out); });
}

const metta::BindingSpan &Query::binding_span(std::size_t i) const {
    return current([&](const auto &w) -> const metta::BindingSpan & { return w.binding_span(i); });
}

}  // namespace pathmap::kb
