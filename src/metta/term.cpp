#include "metta/term.hpp"

#include <limits>

#include "core/error.hpp"

namespace pathmap::metta {
namespace {

constexpr std::size_t kMaxIndex = std::numeric_limits<std::uint32_t>::max();

}  // namespace

// ---- Term / TermRef --------------------------------------------------------

Term::Term() : nodes_{Node{0, 1, TermKind::expression}} {}

Term Term::symbol(std::string_view bytes) {
    TermBuilder b;
    b.symbol(bytes);
    return b.finish();
}

Term Term::variable(std::string_view name) {
    TermBuilder b;
    b.variable(name);
    return b.finish();
}

Term Term::expression(std::span<const Term> children) {
    std::vector<Node> nodes{Node{0, 1, TermKind::expression}};
    std::string bytes;
    for (const Term &c : children) {
        if (nodes.size() + c.nodes_.size() > kMaxIndex || bytes.size() + c.bytes_.size() > kMaxIndex)
            throw Error(Errc::state, "term too large: more than 2^32-1 nodes or bytes");
        // Atom offsets shift by the bytes of the earlier children.
        const auto shift = static_cast<std::uint32_t>(bytes.size());
        for (Node n : c.nodes_) {
            if (n.kind != TermKind::expression) n.extent += shift;
            nodes.push_back(n);
        }
        bytes += c.bytes_;
    }
    nodes[0].size = static_cast<std::uint32_t>(children.size());
    nodes[0].extent = static_cast<std::uint32_t>(nodes.size());
    return Term(std::move(nodes), std::move(bytes));
}

std::string_view TermRef::name() const {
    const Term::Node &n = node();
    if (n.kind == TermKind::expression) return {};
    return std::string_view(term_->bytes_).substr(n.extent, n.size);
}

std::vector<TermRef> TermRef::children() const {
    std::vector<TermRef> out;
    out.reserve(arity());
    std::uint32_t i = index_ + 1;
    for (std::size_t k = 0; k < arity(); ++k) {
        out.push_back(TermRef(term_, i));
        const Term::Node &c = term_->nodes_[i];
        i += c.kind == TermKind::expression ? c.extent : 1;
    }
    return out;
}

Term TermRef::to_term() const {
    const Term::Node &n = node();
    const std::uint32_t count = n.kind == TermKind::expression ? n.extent : 1;
    auto first = term_->nodes_.begin() + index_;
    std::vector<Term::Node> nodes(first, first + count);
    // The sub-term's atom bytes are contiguous: from its first atom to its last one.
    std::uint32_t from = 0, to = 0;
    bool any = false;
    for (const Term::Node &m : nodes) {
        if (m.kind == TermKind::expression) continue;
        if (!any) from = m.extent;
        to = m.extent + m.size;
        any = true;
    }
    for (Term::Node &m : nodes)
        if (m.kind != TermKind::expression) m.extent -= from;
    return Term(std::move(nodes), term_->bytes_.substr(from, to - from));
}

// ---- TermBuilder -----------------------------------------------------------

void TermBuilder::add_node(std::uint32_t size, TermKind kind, std::uint32_t extent) {
    if (open_.empty() && !nodes_.empty()) throw Error(Errc::state, "TermBuilder: a second root term");
    if (nodes_.size() == kMaxIndex) throw Error(Errc::state, "term too large: more than 2^32-1 nodes");
    if (!open_.empty()) ++nodes_[open_.back()].size;
    nodes_.push_back(Term::Node{size, extent, kind});
}

void TermBuilder::open() {
    add_node(0, TermKind::expression, 1);
    open_.push_back(static_cast<std::uint32_t>(nodes_.size() - 1));
}

void TermBuilder::close() {
    if (open_.empty()) throw Error(Errc::state, "TermBuilder: close() with no open expression");
    Term::Node &n = nodes_[open_.back()];
    n.extent = static_cast<std::uint32_t>(nodes_.size() - open_.back());
    open_.pop_back();
}

void TermBuilder::atom(std::string_view bytes, TermKind kind) {
    if (bytes.size() > kMaxIndex - bytes_.size()) throw Error(Errc::state, "term too large: more than 2^32-1 bytes");
    add_node(static_cast<std::uint32_t>(bytes.size()), kind, static_cast<std::uint32_t>(bytes_.size()));
    bytes_ += bytes;
}

void TermBuilder::symbol(std::string_view bytes) { atom(bytes, TermKind::symbol); }
void TermBuilder::variable(std::string_view name) { atom(name, TermKind::variable); }

Term TermBuilder::finish() {
    if (nodes_.empty()) throw Error(Errc::state, "TermBuilder: finish() before any term");
    if (!open_.empty()) throw Error(Errc::state, "TermBuilder: finish() with " + std::to_string(open_.size()) + " expressions open");
    Term t(std::vector<Term::Node>(nodes_.begin(), nodes_.end()), bytes_);
    clear();
    return t;
}

void TermBuilder::clear() {
    nodes_.clear();
    bytes_.clear();
    open_.clear();
}

// ---- text ------------------------------------------------------------------

void append_term_text(TermRef term, std::string &out, const SymbolText &symbol_text) {
    const Term &t = *term.term_;
    const std::uint32_t end = term.index_ + (term.kind() == TermKind::expression ? term.node().extent : 1);
    std::vector<std::uint32_t> remaining;  // children still to write of each open expression
    bool space = false;                    // a sibling precedes the next node
    for (std::uint32_t i = term.index_; i < end; ++i) {
        const Term::Node &n = t.nodes_[i];
        if (space) out.push_back(' ');
        space = true;
        if (n.kind == TermKind::expression) {
            out.push_back('(');
            space = false;
            remaining.push_back(n.size + 1);  // +1: counted off like an atom below
        } else {
            if (n.kind == TermKind::variable) out.push_back('$');
            const std::string_view bytes = std::string_view(t.bytes_).substr(n.extent, n.size);
            out.append(n.kind == TermKind::symbol && symbol_text ? symbol_text(bytes) : bytes);
        }
        // Count this node off its parent; close every expression now complete.
        while (!remaining.empty() && --remaining.back() == 0) {
            remaining.pop_back();
            out.push_back(')');
            space = true;
        }
    }
}

std::string term_to_text(const Term &term) {
    std::string out;
    append_term_text(term.root(), out);
    return out;
}

}  // namespace pathmap::metta
