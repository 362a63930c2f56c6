#include "metta/expr_text.hpp"

#include "metta/encoding.hpp"
#include "metta/expr_walk.hpp"

namespace pathmap::metta {
namespace {

// Renders walk_expr events as MeTTa text; children are separated by one space.
class TextVisitor {
public:
    TextVisitor(std::string &out, const LongSymbolBytes &long_symbols) : out_(out), long_symbols_(long_symbols) {}
    void open(unsigned) {
        node();
        out_.push_back('(');
        space_ = false;
    }
    void close() {
        out_.push_back(')');
        space_ = true;
    }
    void symbol(Path bytes) {
        node();
        if (long_symbols_)
            if (auto index = long_symbol_handle(bytes)) bytes = long_symbols_(*index);
        out_.append(reinterpret_cast<const char *>(bytes.data()), bytes.size());
    }
    void new_var(unsigned level) { var(level); }
    void var_ref(unsigned level) { var(level); }

private:
    void node() {
        if (space_) out_.push_back(' ');
        space_ = true;
    }
    void var(unsigned level) {
        node();
        out_.push_back('$');
        append_var_name(level, out_);
    }

    std::string &out_;
    const LongSymbolBytes &long_symbols_;
    bool space_ = false;  // a sibling precedes the next node
};

}  // namespace

void append_expr_text(Path expr, std::string &out, const LongSymbolBytes &long_symbols,
                      unsigned levels_before) {
    const std::size_t restore = out.size();
    try {
        TextVisitor v(out, long_symbols);
        walk_expr(expr, v, levels_before);
    } catch (...) {
        out.resize(restore);
        throw;
    }
}

std::string expr_to_text(Path expr) {
    std::string out;
    out.reserve(expr.size() * 2);
    append_expr_text(expr, out);
    return out;
}

}  // namespace pathmap::metta
