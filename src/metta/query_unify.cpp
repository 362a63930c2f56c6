#include "metta/query_unify.hpp"

#include <algorithm>
#include <bitset>
#include <string_view>

#include "core/error.hpp"
#include "metta/expr_walk.hpp"

namespace pathmap::metta {
namespace {

// Flattens walk_expr events into pre-order nodes with subtree extents.
template <class Node>
class Flattener {
public:
    explicit Flattener(std::vector<Node> &out) : out_(out) {}
    void open(unsigned arity) {
        open_.push_back(static_cast<std::uint32_t>(out_.size()));
        out_.push_back({TermKind::expression, 0, arity, 1, {}});
    }
    void close() {
        out_[open_.back()].extent = static_cast<std::uint32_t>(out_.size() - open_.back());
        open_.pop_back();
    }
    void symbol(Path s) { out_.push_back({TermKind::symbol, 0, 0, 1, s}); }
    void new_var(unsigned level) { var_ref(level); }
    void var_ref(unsigned level) { out_.push_back({TermKind::variable, static_cast<std::uint8_t>(level), 0, 1, {}}); }

private:
    std::vector<Node> &out_;
    std::vector<std::uint32_t> open_;
};

std::string_view text_of(Path p) { return {reinterpret_cast<const char *>(p.data()), p.size()}; }

}  // namespace

Unifier::Ref Unifier::deref(Ref r) const {
    while (node(r).kind == TermKind::variable && bound_[var_id(r)] != kNone) r = bound_[var_id(r)];
    return r;
}

void Unifier::children(Ref r, std::vector<Ref> &out) const {
    Ref c = r + 1;
    for (std::uint32_t k = 0; k < node(r).arity; ++k, c += node(c).extent) out.push_back(c);
}

// Whether variable `var` occurs in the value of `in`. Every variable's value is
// entered once, so the check is linear even when values share sub-terms.
bool Unifier::occurs(unsigned var, Ref in) const {
    std::bitset<kVarIds> entered;
    stack_.assign(1, in);
    while (!stack_.empty()) {
        const Ref t = stack_.back();
        stack_.pop_back();
        // A subtree's nodes are contiguous in pre-order: scan them all.
        for (Ref r = t; r < t + node(t).extent; ++r) {
            if (node(r).kind != TermKind::variable) continue;
            const unsigned id = var_id(r);
            if (id == var) return true;
            if (bound_[id] != kNone && !entered[id]) {
                entered.set(id);
                stack_.push_back(bound_[id]);
            }
        }
    }
    return false;
}

bool Unifier::unify(Path pattern, Path stored) {
    for (auto &side : sides_) side.clear();
    Flattener<Node> s(sides_[0]), p(sides_[1]);
    walk_expr(stored, s);
    walk_expr(pattern, p);
    bound_.fill(kNone);
    any_node_.fill(kNone);
    for (Ref side = 0; side < 2; ++side)
        for (Ref i = 0; i < sides_[side].size(); ++i) {
            const Ref r = i | (side ? kSide : 0);
            if (node(r).kind == TermKind::variable && any_node_[var_id(r)] == kNone) any_node_[var_id(r)] = r;
        }
    std::vector<Ref> work{0, kSide}, ka, kb;  // pairs still to unify, as (a, b)
    while (!work.empty()) {
        const Ref b = deref(work.back());
        work.pop_back();
        const Ref a = deref(work.back());
        work.pop_back();
        const Node &na = node(a), &nb = node(b);
        if (na.kind == TermKind::variable && nb.kind == TermKind::variable) {
            const unsigned ia = var_id(a), ib = var_id(b);
            if (ia != ib) bound_[std::max(ia, ib)] = ia < ib ? a : b;  // the lower id represents both
        } else if (na.kind == TermKind::variable || nb.kind == TermKind::variable) {
            const Ref var = na.kind == TermKind::variable ? a : b, value = var == a ? b : a;
            if (occurs(var_id(var), value)) return false;
            bound_[var_id(var)] = value;
        } else if (na.kind != nb.kind) {
            return false;
        } else if (na.kind == TermKind::symbol) {
            if (!std::equal(na.symbol.begin(), na.symbol.end(), nb.symbol.begin(), nb.symbol.end())) return false;
        } else {
            if (na.arity != nb.arity) return false;
            ka.clear();
            kb.clear();
            children(a, ka);
            children(b, kb);
            for (std::size_t k = ka.size(); k-- > 0;) work.insert(work.end(), {ka[k], kb[k]});
        }
    }
    return true;
}

Term Unifier::binding(unsigned i, std::span<const std::string> names, std::size_t max_nodes) const {
    constexpr Ref kClose = kNone;  // marks the end of an expression's children
    TermBuilder out;
    std::vector<Ref> todo{any_node_[64 + i]}, kids;
    std::size_t nodes = 0;
    std::string name;
    while (!todo.empty()) {
        const Ref t = todo.back();
        todo.pop_back();
        if (t == kClose) {
            out.close();
            continue;
        }
        if (++nodes > max_nodes)
            throw Error(Errc::invalid, "the value of $" + names[i] + " has more than " + std::to_string(max_nodes) + " nodes");
        const Ref r = deref(t);
        const Node &n = node(r);
        switch (n.kind) {
        case TermKind::symbol: out.symbol(text_of(n.symbol)); break;
        case TermKind::variable:
            if (r & kSide) {
                out.variable(names[n.level]);
            } else {
                name.clear();
                append_var_name(n.level, name);
                out.variable(name);
            }
            break;
        case TermKind::expression:
            out.open();
            todo.push_back(kClose);
            kids.clear();
            children(r, kids);
            todo.insert(todo.end(), kids.rbegin(), kids.rend());
            break;
        }
    }
    return out.finish();
}

}  // namespace pathmap::metta
