// The brute-force matchers the query tests and bench_query check the trie walk
// against, written independently of it: over decoded Terms, with no trie. One-way
// matching compares sub-terms structurally; unification is a naive algorithm that
// applies its whole substitution to both sides of every equation (the library's
// dereferences lazily over the bytes). Recursive: for trusted, shallow test data.
// Each returns the text of every pattern variable's value, in variable order, or
// nothing when the stored term does not match.
#pragma once

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "metta/expr_walk.hpp"
#include "metta/query_pattern.hpp"
#include "metta/term.hpp"

namespace query_brute_force {

using namespace pathmap::metta;

// One-way: pattern variables bind whole stored sub-terms (stored variables are
// leaves named by level, so == compares them as the same variable or not).
inline std::optional<std::vector<std::string>> match_one_way(const Pattern &p, const Term &stored) {
    std::map<std::string, Term> bound;
    std::vector<std::pair<TermRef, TermRef>> todo{{p.term().root(), stored.root()}};
    while (!todo.empty()) {
        auto [a, b] = todo.back();
        todo.pop_back();
        if (a.kind() == TermKind::variable) {
            auto [it, fresh] = bound.try_emplace(std::string(a.name()), b.to_term());
            if (!fresh && !(it->second == b.to_term())) return std::nullopt;
            continue;
        }
        if (a.kind() != b.kind() || a.name() != b.name() || a.arity() != b.arity()) return std::nullopt;
        std::vector<TermRef> ka = a.children(), kb = b.children();
        for (std::size_t i = 0; i < ka.size(); ++i) todo.emplace_back(ka[i], kb[i]);
    }
    std::vector<std::string> out;
    for (const std::string &name : p.var_names()) out.push_back(term_to_text(bound.at(name)));
    return out;
}

// Unify: a tree with variable ids (stored levels 0..63, pattern variables 64 + index)
// and a naive unifier that applies its whole substitution to both sides of every
// equation (unlike the library's, which dereferences lazily).
struct U {
    int var = -1;
    std::string sym;
    std::vector<U> kids;
    bool is_expr = false;
};

inline int stored_level(std::string_view name) { return name[0] == 'x' ? std::stoi(std::string(name.substr(1))) : name[0] - 'a'; }

inline U to_u(TermRef t, const Pattern *p) {
    U u;
    if (t.kind() == TermKind::variable) {
        if (p) u.var = 64 + static_cast<int>(std::find(p->var_names().begin(), p->var_names().end(), t.name()) - p->var_names().begin());
        else u.var = stored_level(t.name());
    } else if (t.kind() == TermKind::symbol) {
        u.sym = std::string(t.name());
    } else {
        u.is_expr = true;
        for (TermRef c : t.children()) u.kids.push_back(to_u(c, p));
    }
    return u;
}

inline U subst(const std::map<int, U> &s, const U &t) {
    if (t.var >= 0) {
        auto it = s.find(t.var);
        return it == s.end() ? t : subst(s, it->second);
    }
    U out = t;
    for (U &k : out.kids) k = subst(s, k);
    return out;
}

inline bool occurs(int v, const U &t) {
    if (t.var == v) return true;
    return std::any_of(t.kids.begin(), t.kids.end(), [&](const U &k) { return occurs(v, k); });
}

inline std::string u_text(const U &t, const Pattern &p) {
    if (t.var >= 64) return "$" + p.var_names()[static_cast<std::size_t>(t.var - 64)];
    if (t.var >= 0) {
        std::string n = "$";
        append_var_name(static_cast<unsigned>(t.var), n);
        return n;
    }
    if (!t.is_expr) return t.sym;
    std::string out = "(";
    for (std::size_t i = 0; i < t.kids.size(); ++i) out += (i ? " " : "") + u_text(t.kids[i], p);
    return out + ")";
}

inline std::optional<std::vector<std::string>> match_unify(const Pattern &p, const Term &stored) {
    std::map<int, U> s;
    std::vector<std::pair<U, U>> eqs{{to_u(p.term().root(), &p), to_u(stored.root(), nullptr)}};
    while (!eqs.empty()) {
        U a = subst(s, eqs.back().first), b = subst(s, eqs.back().second);
        eqs.pop_back();
        if (a.var >= 0 && b.var >= 0) {
            if (a.var != b.var) s[std::max(a.var, b.var)] = a.var < b.var ? a : b;
        } else if (a.var >= 0 || b.var >= 0) {
            const U &v = a.var >= 0 ? a : b, &t = a.var >= 0 ? b : a;
            if (occurs(v.var, t)) return std::nullopt;
            s[v.var] = t;
        } else if (a.is_expr != b.is_expr || a.sym != b.sym || a.kids.size() != b.kids.size()) {
            return std::nullopt;
        } else {
            for (std::size_t i = 0; i < a.kids.size(); ++i) eqs.emplace_back(a.kids[i], b.kids[i]);
        }
    }
    std::vector<std::string> out;
    for (std::size_t i = 0; i < p.var_count(); ++i) {
        U v;
        v.var = 64 + static_cast<int>(i);
        out.push_back(u_text(subst(s, v), p));
    }
    return out;
}

}  // namespace query_brute_force
