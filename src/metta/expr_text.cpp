#include "metta/expr_text.hpp"

#include <cstdio>
#include <vector>

#include "core/error.hpp"

namespace pathmap::metta {
namespace {

constexpr unsigned kMaxVars = 64;

[[noreturn]] void bad(std::size_t offset, const std::string &what) {
    throw Error(Errc::corrupt, "byte " + std::to_string(offset) + ": " + what);
}

void append_var(unsigned level, std::string &out) {
    out.push_back('$');
    if (level < 10) {
        out.push_back(static_cast<char>('a' + level));
    } else {
        out.push_back('x');
        out += std::to_string(level);
    }
}

std::string hex_byte(std::uint8_t b) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "0x%02x", b);
    return buf;
}

}  // namespace

void append_expr_text(Path expr, std::string &out) {
    const std::size_t restore = out.size();
    try {
        if (expr.empty()) bad(0, "empty input: an expression was expected");
        // remaining[k]: children still to render of the k-th open expression.
        std::vector<unsigned> remaining;
        unsigned vars = 0;
        std::size_t i = 0;
        bool first_child = true;  // no space before the first child of an expression
        do {
            if (i == expr.size()) bad(i, "expression ends early: " + std::to_string(remaining.back()) + " more children expected");
            if (!remaining.empty() && !first_child) out.push_back(' ');
            first_child = false;
            const std::uint8_t tag = expr[i];
            if (tag < 0x40) {  // arity
                ++i;
                out.push_back('(');
                first_child = true;
                remaining.push_back(tag + 1u);  // +1: this node itself is popped below
            } else if (tag < 0x80) {
                bad(i, "reserved tag " + hex_byte(tag));
            } else if (tag < 0xC0) {  // VarRef
                unsigned level = tag & 0x3Fu;
                if (level >= vars) bad(i, "variable reference $" + std::to_string(level) + " before " + std::to_string(level + 1) + " variables were introduced");
                append_var(level, out);
                ++i;
            } else if (tag == 0xC0) {  // NewVar
                if (vars == kMaxVars) bad(i, "more than 64 variables");
                append_var(vars++, out);
                ++i;
            } else {  // symbol
                std::size_t size = tag & 0x3Fu;
                if (expr.size() - i - 1 < size) bad(i, "symbol of " + std::to_string(size) + " bytes runs past the end");
                out.append(reinterpret_cast<const char *>(expr.data() + i + 1), size);
                i += 1 + size;
            }
            // Close every expression whose last child is now done.
            if (tag >= 0x40 && remaining.empty()) break;
            while (!remaining.empty() && --remaining.back() == 0) {
                remaining.pop_back();
                out.push_back(')');
                first_child = false;
            }
        } while (!remaining.empty());
        if (i != expr.size()) bad(i, std::to_string(expr.size() - i) + " bytes left over after the expression");
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
