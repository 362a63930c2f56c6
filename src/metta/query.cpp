#include "metta/query.hpp"

#include <cstdio>

#include "metta/expr_walk.hpp"

namespace pathmap::metta::detail {
namespace {

[[noreturn]] void bad_stored(Path path, const std::string &what) {
    constexpr std::size_t kShown = 32;  // a path may be long: name it by its start
    std::string hex;
    char buf[3];
    for (std::size_t i = 0; i < path.size() && i < kShown; ++i) {
        std::snprintf(buf, sizeof buf, "%02x", path[i]);
        hex += buf;
    }
    if (path.size() > kShown) hex += "...";
    throw Error(Errc::corrupt, "stored path " + hex + ": byte " + std::to_string(path.size() - 1) + ": " + what + " (not a MORK expression)");
}

// Re-emits walk_expr events as the bytes of a repeat: a NewVar becomes a VarRef.
class RepeatEncoder {
public:
    explicit RepeatEncoder(std::vector<std::uint8_t> &out) : out_(out) {}
    void open(unsigned arity) { out_.push_back(static_cast<std::uint8_t>(arity)); }
    void close() {}
    void symbol(Path s) {
        out_.push_back(static_cast<std::uint8_t>(0xC0 | s.size()));
        out_.insert(out_.end(), s.begin(), s.end());
    }
    void new_var(unsigned level) { var_ref(level); }
    void var_ref(unsigned level) { out_.push_back(static_cast<std::uint8_t>(0x80 | level)); }

private:
    std::vector<std::uint8_t> &out_;
};

}  // namespace

void take_var_tag(QueryState &s, std::uint8_t tag, Path path) {
    if (tag == 0xC0) {
        if (s.levels == kMaxVars) bad_stored(path, "more than 64 variables");
        ++s.levels;
    } else if ((tag & 0x3Fu) >= s.levels) {
        bad_stored(path, "reference to variable " + std::to_string(tag & 0x3Fu) + " before " + std::to_string((tag & 0x3Fu) + 1) +
                             " variables were introduced");
    }
}

void skip_tag(QueryState &s, std::uint8_t tag, Path path) {
    --s.skip;
    if (tag < 0x40) s.skip += tag;
    else if (tag < 0x80) bad_stored(path, "reserved tag " + hex_byte(tag));
    else if (tag <= 0xC0) take_var_tag(s, tag, path);
    else s.sym_left = tag & 0x3Fu;
}

void repeat_bytes(Path binding, unsigned levels_before, std::vector<std::uint8_t> &out) {
    RepeatEncoder e(out);
    walk_expr(binding, e, levels_before);
}

void over_budget(std::uint64_t budget) {
    throw Error(Errc::corrupt, "query exceeds its work budget of " + std::to_string(budget) +
                                   " steps: the source describes far more paths than its size suggests (shared runs); raise the budget to run it");
}

}  // namespace pathmap::metta::detail
