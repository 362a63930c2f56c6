// A transaction on a knowledge base: changes applied all or nothing. begin() takes an
// O(1) copy of the state, which the transaction reads and changes privately; commit()
// logs its changes as one begin..commit record group and applies them to the knowledge
// base (a crash before the commit record is durable leaves none of them); rollback()
// drops the copy. Changes committed by others meanwhile are kept: the transaction's
// changes apply over them in commit order (no conflict detection).
//
// Thread safety: one transaction belongs to one thread.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "kb/state.hpp"

namespace pathmap::kb {

class KnowledgeBase;

class Transaction {
public:
    Transaction(std::shared_ptr<KnowledgeBase> kb, State view) : kb_(std::move(kb)), view_(std::move(view)) {}

    std::optional<std::uint64_t> get(Path p) const;
    bool add(Path p, std::uint64_t value, std::optional<std::uint64_t> *old = nullptr);
    bool remove(Path p, std::optional<std::uint64_t> *old = nullptr);
    std::uint64_t changes() const { return count_; }

    // Each ends the transaction; another call after that is Error(state).
    void commit();
    void rollback();

private:
    bool change(const kblog::Change &c, std::optional<std::uint64_t> *old);
    void check_active() const;

    std::shared_ptr<KnowledgeBase> kb_;
    State view_;
    std::vector<std::uint8_t> records_;
    std::uint64_t count_ = 0;
    bool done_ = false;
};

}  // namespace pathmap::kb
