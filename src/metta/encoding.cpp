#include "metta/encoding.hpp"

#include <array>
#include <string_view>

#include "core/error.hpp"
#include "metta/expr_walk.hpp"

namespace pathmap::metta {
namespace {

constexpr std::size_t kMaxArity = 63;
constexpr std::uint8_t kHandleMark = '$';

[[noreturn]] void over_limit(std::size_t node, const std::string &what) {
    throw Error(Errc::invalid, "cannot encode node " + std::to_string(node) + " (pre-order): " + what);
}

std::string preview(std::string_view bytes) {
    return bytes.size() <= 16 ? std::string(bytes) : std::string(bytes.substr(0, 16)) + "...";
}

// Levels of the variables met so far; at most 64, so a linear search beats hashing.
class VarTable {
public:
    // The level of `name`, or -1 after giving it the next level.
    int find_or_add(std::string_view name, std::size_t node) {
        for (unsigned k = 0; k < count_; ++k)
            if (names_[k] == name) return static_cast<int>(k);
        if (count_ == kMaxVars) over_limit(node, "more than 64 distinct variables ($" + preview(name) + " is the 65th)");
        names_[count_++] = name;
        return -1;
    }

private:
    std::array<std::string_view, kMaxVars> names_;
    unsigned count_ = 0;
};

void encode_node(TermRef n, std::size_t index, VarTable &vars, const LongSymbolFn &long_symbol, std::vector<std::uint8_t> &out) {
    switch (n.kind()) {
    case TermKind::expression:
        if (n.arity() > kMaxArity) over_limit(index, "expression with " + std::to_string(n.arity()) + " children (at most 63)");
        out.push_back(static_cast<std::uint8_t>(n.arity()));
        break;
    case TermKind::variable: {
        int level = vars.find_or_add(n.name(), index);
        out.push_back(level < 0 ? 0xC0 : static_cast<std::uint8_t>(0x80 | level));
        break;
    }
    case TermKind::symbol: {
        std::string_view s = n.name();
        if (s.empty()) over_limit(index, "empty symbol (MORK cannot encode it)");
        if (s.size() > kMaxSymbolBytes) {
            if (!long_symbol) over_limit(index, "symbol \"" + preview(s) + "\" of " + std::to_string(s.size()) + " bytes (at most 63)");
            append_long_symbol_handle(long_symbol(s), out);
            break;
        }
        out.push_back(static_cast<std::uint8_t>(0xC0 | s.size()));
        out.insert(out.end(), s.begin(), s.end());
        break;
    }
    }
}

// Builds a Term from walk_expr events.
class TermVisitor {
public:
    void open(unsigned) { b_.open(); }
    void close() { b_.close(); }
    void symbol(Path bytes) { b_.symbol({reinterpret_cast<const char *>(bytes.data()), bytes.size()}); }
    void new_var(unsigned level) { var(level); }
    void var_ref(unsigned level) { var(level); }
    Term finish() { return b_.finish(); }

private:
    void var(unsigned level) {
        name_.clear();
        append_var_name(level, name_);
        b_.variable(name_);
    }

    TermBuilder b_;
    std::string name_;
};

}  // namespace

void append_long_symbol_handle(std::uint64_t index, std::vector<std::uint8_t> &out) {
    if (index >= kMaxLongSymbols) throw Error(Errc::invalid, "long-symbol index " + std::to_string(index) + " does not fit a handle (at most 2^56-1)");
    out.push_back(static_cast<std::uint8_t>(0xC0 | kHandleBytes));
    out.push_back(kHandleMark);
    for (int shift = 48; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(index >> shift));
}

std::optional<std::uint64_t> long_symbol_handle(Path symbol) {
    if (symbol.size() != kHandleBytes || symbol[0] != kHandleMark) return std::nullopt;
    std::uint64_t index = 0;
    for (std::size_t i = 1; i < kHandleBytes; ++i) index = index << 8 | symbol[i];
    return index;
}

void append_encoding(const Term &term, std::vector<std::uint8_t> &out, const LongSymbolFn &long_symbol) {
    const std::size_t restore = out.size();
    try {
        VarTable vars;
        // The term is stored in pre-order, as the encoding is: one flat pass.
        for (std::size_t i = 0; i < term.node_count(); ++i) encode_node(term.node(i), i, vars, long_symbol, out);
    } catch (...) {
        out.resize(restore);
        throw;
    }
}

std::vector<std::uint8_t> encode(const Term &term, const LongSymbolFn &long_symbol) {
    std::vector<std::uint8_t> out;
    out.reserve(term.node_count() + term.atom_bytes());  // one tag per node + symbol bytes
    append_encoding(term, out, long_symbol);
    return out;
}

Term decode(Path expr, unsigned levels_before) {
    TermVisitor v;
    walk_expr(expr, v, levels_before);
    return v.finish();
}

}  // namespace pathmap::metta
