// MeTTa terms (spec expr-encoding.md §1): a symbol (opaque bytes), a variable (a name)
// or an expression (an ordered list of terms).
//
// A Term is a value: copies are independent, == compares structure and names. It is
// stored flat, in pre-order, in two arrays (nodes and the concatenated atom bytes), so
// copying, comparing and destroying a term of any nesting depth is a loop, never a
// recursion, and a term costs two allocations whatever its size.
//
// Thread safety: a Term is an ordinary value (concurrent reads are safe, writes need
// exclusive access); TermRef borrows from its Term and dies with it.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace pathmap::metta {

enum class TermKind : std::uint8_t { symbol, variable, expression };

// The text to write for a symbol's bytes (term text rendering).
using SymbolText = std::function<std::string_view(std::string_view symbol)>;

class TermRef;

class Term {
public:
    // The empty expression "()".
    Term();

    // Atoms. Any bytes are accepted here; the encoder enforces MORK's limits (a symbol
    // must have 1..63 bytes) and the text renderer writes bytes as they are.
    static Term symbol(std::string_view bytes);
    static Term variable(std::string_view name);  // name without '$'
    // An expression with copies of `children` (any number; the encoder allows 63).
    static Term expression(std::span<const Term> children);

    // The whole term as a view; kind/name/arity/children below are the root's.
    TermRef root() const;
    TermKind kind() const { return nodes_[0].kind; }
    std::string_view name() const;
    std::size_t arity() const;
    std::vector<TermRef> children() const;
    // Number of nodes (symbols, variables and expressions) in the whole term.
    std::size_t node_count() const { return nodes_.size(); }
    // The i-th node in pre-order (i < node_count(); node(0) is root()): a flat walk
    // over the whole term without recursion or allocation.
    TermRef node(std::size_t i) const;
    // Total bytes of all symbol and variable names (with node_count(), an upper bound
    // on the encoded size).
    std::size_t atom_bytes() const { return bytes_.size(); }

    friend bool operator==(const Term &, const Term &) = default;

private:
    friend class TermRef;
    friend class TermBuilder;
    friend void append_term_text(TermRef term, std::string &out, const SymbolText &symbol_text);
    struct Node {
        // Symbol/variable: byte length of the name. Expression: number of children.
        std::uint32_t size;
        // Symbol/variable: offset of the name in bytes_. Expression: nodes in its
        // subtree, itself included, so a sibling is found without a walk.
        std::uint32_t extent;
        TermKind kind;
        friend bool operator==(const Node &, const Node &) = default;
    };
    Term(std::vector<Node> nodes, std::string bytes) : nodes_(std::move(nodes)), bytes_(std::move(bytes)) {}

    // Pre-order. Atom names lie in bytes_ in the same order, so equal trees have
    // equal arrays and the defaulted == is structural equality.
    std::vector<Node> nodes_;
    std::string bytes_;
};

// A read-only view of one node of a Term (the whole term or a sub-term); valid while
// the Term lives and is not assigned to.
class TermRef {
public:
    TermKind kind() const { return node().kind; }
    // Symbol bytes, or variable name without '$'; empty for an expression.
    std::string_view name() const;
    // Number of children of an expression; 0 for a symbol or a variable.
    std::size_t arity() const { return node().kind == TermKind::expression ? node().size : 0; }
    // The children of an expression, in order (empty for an atom). O(arity).
    std::vector<TermRef> children() const;
    // An independent copy of this sub-term.
    Term to_term() const;

private:
    friend class Term;
    friend void append_term_text(TermRef term, std::string &out, const SymbolText &symbol_text);
    TermRef(const Term *term, std::uint32_t index) : term_(term), index_(index) {}
    const Term::Node &node() const { return term_->nodes_[index_]; }

    const Term *term_;
    std::uint32_t index_;
};

inline TermRef Term::root() const { return TermRef(this, 0); }
inline TermRef Term::node(std::size_t i) const { return TermRef(this, static_cast<std::uint32_t>(i)); }
inline std::string_view Term::name() const { return root().name(); }
inline std::size_t Term::arity() const { return root().arity(); }
inline std::vector<TermRef> Term::children() const { return root().children(); }

// Builds one Term in pre-order: open() ... close() around an expression's children,
// symbol()/variable() for atoms. Used by the parser and the decoder; keeps its own
// explicit stack, so nesting depth is bounded only by memory.
// Misuse (close() with nothing open, a second root, finish() with an expression still
// open or nothing built, more than 2^32-1 nodes or bytes) throws Error(Errc::state).
class TermBuilder {
public:
    // Starts an expression: the nodes added until the matching close() are its children.
    void open();
    // Ends the innermost open expression.
    void close();
    // Adds an atom (a child of the innermost open expression, or the root).
    void symbol(std::string_view bytes);
    void variable(std::string_view name);  // name without '$'
    // Expressions opened and not yet closed.
    std::size_t depth() const { return open_.size(); }
    // Hands over the finished term (sized exactly) and leaves the builder empty for the
    // next one, keeping its buffers so a parser allocates only for the results.
    Term finish();
    // Drops any partial term (buffers are kept).
    void clear();

private:
    void add_node(std::uint32_t size, TermKind kind, std::uint32_t extent);
    void atom(std::string_view bytes, TermKind kind);

    std::vector<Term::Node> nodes_;
    std::string bytes_;
    std::vector<std::uint32_t> open_;  // node index of each open expression
};

// MeTTa text of a term: "(f $x \"s\")". Children are separated by one space, variables
// get '$' before their name, symbol bytes are written as they are (as MORK's dump does:
// a symbol holding whitespace, a parenthesis or ';' does not parse back to itself).
// Explicit stack: any depth.
std::string term_to_text(const Term &term);
// As term_to_text for a sub-term, appending to out; symbol_text (if set) gives the
// text of each symbol (e.g. a long-symbol handle written as the symbol it names).
void append_term_text(TermRef term, std::string &out, const SymbolText &symbol_text = {});

}  // namespace pathmap::metta
