#include "kb/transaction.hpp"

#include "core/error.hpp"
#include "kb/knowledge_base.hpp"

namespace pathmap::kb {

void Transaction::check_active() const {
    if (done_) throw Error(Errc::state, "the transaction has ended");
}

std::optional<std::uint64_t> Transaction::get(Path p) const {
    check_active();
    return view_.get(p);
}

bool Transaction::change(const kblog::Change &c, std::optional<std::uint64_t> *old) {
    check_active();
    State next = view_;  // O(1): view_ stays whole if this throws
    if (!next.apply(c, old)) return false;
    const std::size_t mark = records_.size();
    try {
        kblog::append_change(records_, c);
    } catch (...) {
        records_.resize(mark);
        throw;
    }
    view_ = std::move(next);
    ++count_;
    return true;
}

bool Transaction::add(Path p, std::uint64_t value, std::optional<std::uint64_t> *old) { return change({true, p, value}, old); }

bool Transaction::remove(Path p, std::optional<std::uint64_t> *old) { return change({false, p, 0}, old); }

void Transaction::commit() {
    check_active();
    kb_->commit_records(records_);
    done_ = true;
    records_.clear();
}

void Transaction::rollback() {
    check_active();
    done_ = true;
    records_.clear();
}

}  // namespace pathmap::kb
