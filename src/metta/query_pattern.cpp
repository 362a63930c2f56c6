#include "metta/query_pattern.hpp"

#include <algorithm>

#include "metta/encoding.hpp"
#include "metta/expr_walk.hpp"
#include "metta/parser.hpp"

namespace pathmap::metta {
namespace {

// Turns walk_expr events over the pattern's own encoding into steps; `at` follows the
// byte offset of each node (a tag byte, plus the bytes of a symbol).
class StepBuilder {
public:
    explicit StepBuilder(std::vector<PatternStep> &steps) : steps_(steps) {}
    void open(unsigned) {
        open_.push_back(static_cast<std::uint32_t>(steps_.size()));
        add(PatternStep::Kind::bytes, 0, 1);
    }
    void close() {
        steps_[open_.back()].end = static_cast<std::uint32_t>(steps_.size());
        open_.pop_back();
    }
    void symbol(Path s) { add(PatternStep::Kind::bytes, 0, static_cast<std::uint32_t>(1 + s.size())); }
    void new_var(unsigned level) { add(PatternStep::Kind::bind, level, 1); }
    void var_ref(unsigned level) { add(PatternStep::Kind::again, level, 1); }

private:
    void add(PatternStep::Kind kind, unsigned var, std::uint32_t length) {
        const auto index = static_cast<std::uint32_t>(steps_.size());
        steps_.push_back({kind, var, at_, length, index + 1});  // an expression's end is set by close()
        at_ += length;
    }

    std::vector<PatternStep> &steps_;
    std::vector<std::uint32_t> open_;
    std::uint32_t at_ = 0;
};

}  // namespace

Pattern::Pattern(Term term) : term_(std::move(term)), bytes_(encode(term_)) {
    StepBuilder b(steps_);
    walk_expr(bytes_, b);
    // Levels number the variables by first occurrence in pre-order, as the term's nodes.
    for (std::size_t i = 0; i < term_.node_count(); ++i) {
        const TermRef n = term_.node(i);
        if (n.kind() == TermKind::variable && std::find(var_names_.begin(), var_names_.end(), n.name()) == var_names_.end())
            var_names_.emplace_back(n.name());
    }
}

Pattern Pattern::parse(std::string_view text) { return Pattern(parse_one(text)); }

}  // namespace pathmap::metta
