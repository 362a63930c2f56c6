#include "metta/parser.hpp"

#include <array>

#include "core/error.hpp"

namespace pathmap::metta {
namespace {

enum CharClass : std::uint8_t { kOther = 0, kBlank = 1, kDelim = 2 };  // kDelim: ( ) ;

// One table lookup per byte in the hot loops.
constexpr std::array<std::uint8_t, 256> kClass = [] {
    std::array<std::uint8_t, 256> t{};
    for (unsigned char c : {' ', '\t', '\n', '\r'}) t[c] = kBlank;
    for (unsigned char c : {'(', ')', ';'}) t[c] = kDelim;
    return t;
}();

bool ends_token(char c) { return kClass[static_cast<unsigned char>(c)] != kOther; }

}  // namespace

std::string line_column(std::string_view text, std::size_t offset) {
    std::size_t line = 1, line_start = 0;
    for (std::size_t i = 0; i < offset; ++i)
        if (text[i] == '\n') ++line, line_start = i + 1;
    return std::to_string(line) + ":" + std::to_string(offset - line_start + 1);
}

void Parser::fail(const std::string &what, std::size_t at, const std::string &note) const {
    throw Error(Errc::corrupt, what + " at " + line_column(text_, at) + note);
}

void Parser::skip_blank() {
    while (pos_ < text_.size()) {
        const char c = text_[pos_];
        if (kClass[static_cast<unsigned char>(c)] == kBlank) {
            ++pos_;
        } else if (c == ';') {
            const std::size_t eol = text_.find('\n', pos_);
            pos_ = eol == std::string_view::npos ? text_.size() : eol + 1;
        } else {
            return;
        }
    }
}

bool Parser::at_end() {
    skip_blank();
    return pos_ == text_.size();
}

std::string_view Parser::token() {
    const std::size_t start = pos_;
    while (pos_ < text_.size() && !ends_token(text_[pos_])) ++pos_;
    return text_.substr(start, pos_ - start);
}

std::string_view Parser::string_literal() {
    const std::size_t start = pos_++;  // the opening quote
    for (;;) {
        if (pos_ >= text_.size())
            fail("expected '\"' before end of input", text_.size(), " (the string at " + line_column(text_, start) + " is not closed)");
        const char c = text_[pos_++];
        if (c == '"') break;
        if (c == '\\') ++pos_;  // the escaped byte, whatever it is (may pass the end)
    }
    if (pos_ < text_.size() && !ends_token(text_[pos_]))
        fail("expected a blank, '(', ')' or ';' after the string literal", pos_);
    return text_.substr(start, pos_ - start);
}

bool Parser::next(Term &out) {
    if (at_end()) return false;
    builder_.clear();
    open_at_.clear();
    do {
        if (at_end())
            fail("expected ')' before end of input", pos_, " (the '(' at " + line_column(text_, open_at_.back()) + " is not closed)");
        const char c = text_[pos_];
        if (c == '(') {
            builder_.open();
            open_at_.push_back(pos_++);
            continue;
        }
        if (c == ')') {
            if (open_at_.empty()) fail("expected an expression, found ')' with no '(' open", pos_);
            builder_.close();
            open_at_.pop_back();
            ++pos_;
        } else if (c == '"') {
            builder_.symbol(string_literal());
        } else if (c == '$') {
            ++pos_;
            builder_.variable(token());
        } else {
            builder_.symbol(token());
        }
    } while (!open_at_.empty());
    out = builder_.finish();
    return true;
}

std::vector<Term> parse_all(std::string_view text) {
    std::vector<Term> terms;
    Parser p(text);
    Term t;
    while (p.next(t)) terms.push_back(std::move(t));
    return terms;
}

void for_each_expression(std::string_view text, const std::function<void(const Term &)> &fn) {
    Parser p(text);
    Term t;
    while (!p.at_end()) {  // skips blanks and comments, so `start` is the expression's
        const std::size_t start = p.offset();
        p.next(t);
        try {
            fn(t);
        } catch (const Error &e) {
            throw Error(e.code(), std::string(e.what()) + " (the expression at " + line_column(text, start) + ")");
        }
    }
}

Term parse_one(std::string_view text) {
    Parser p(text);
    Term t;
    if (!p.next(t)) throw Error(Errc::corrupt, "expected an expression before end of input at " + line_column(text, text.size()));
    if (!p.at_end()) throw Error(Errc::corrupt, "expected end of input after the expression at " + line_column(text, p.offset()));
    return t;
}

}  // namespace pathmap::metta
