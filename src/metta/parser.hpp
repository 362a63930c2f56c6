// MeTTa text -> Terms, following the tokenizer of MORK's byte-string parser (spec
// expr-encoding.md §5) with its rough edges fixed on purpose (§5.7):
//  * blanks are space, tab, '\n' and '\r' (so CRLF text works); `;` starts a comment
//    running to the end of the line, anywhere, also as the end of a token and right
//    before a ')';
//  * `(` ... `)` is an expression (any number of children; the encoder enforces 63);
//  * `$name` is a variable named by the bytes after '$' up to a blank, a parenthesis or
//    `;` (`$` alone is the variable with the empty name, as in MORK);
//  * `"..."` is a string literal: it runs to the next '"' not escaped by a backslash
//    (a backslash escapes any one byte) and becomes a symbol keeping its quotes and
//    backslashes as written, as MORK stores it ("a\"b" is a 6-byte symbol); it must be
//    followed by a blank, a parenthesis, `;` or the end;
//  * any other token (numbers included: `1` is the 1-byte symbol "1") is a symbol of
//    the bytes up to a blank, a parenthesis or `;`. A '"' inside such a token is an
//    ordinary byte.
// Text is taken as bytes: any byte other than those above is symbol content.
//
// Errors: malformed text throws Error(Errc::corrupt) (input bytes violating their
// format, like a corrupt file) with what was expected and where, as 1-based line:column
// counted in bytes, e.g. "expected ')' before end of input at 3:17 (the '(' at 1:1 is
// not closed)". Nesting uses an explicit stack: depth is bounded only by memory.
//
// Thread safety: a Parser belongs to one thread; the free functions are pure.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "metta/term.hpp"

namespace pathmap::metta {

// Reads the top-level expressions of a text one at a time. The text must outlive the
// parser.
class Parser {
public:
    explicit Parser(std::string_view text) : text_(text) {}

    // Parses the next top-level expression into out and returns true, or returns false
    // when only blanks and comments remain. On error throws (see above); out is then
    // unchanged and the parser should not be used further.
    bool next(Term &out);
    // Skips blanks and comments; true when the whole text has been read.
    bool at_end();
    // Byte offset of the next unread byte.
    std::size_t offset() const { return pos_; }

private:
    void skip_blank();
    std::string_view token();
    std::string_view string_literal();
    [[noreturn]] void fail(const std::string &what, std::size_t at, const std::string &note = {}) const;

    std::string_view text_;
    std::size_t pos_ = 0;
    TermBuilder builder_;
    std::vector<std::size_t> open_at_;  // offset of each unclosed '('
};

// Every top-level expression of text, in order (none for blank text).
std::vector<Term> parse_all(std::string_view text);
// Calls fn on each top-level expression of text, in order. An Error fn throws is
// rethrown with " (the expression at L:C)" appended, so that errors about a term (such
// as MORK's limits) name its place in the text as parse errors do.
void for_each_expression(std::string_view text, const std::function<void(const Term &)> &fn);
// The single expression text must hold; zero or several are Error(Errc::corrupt)
// ("expected an expression before end of input at 1:1", "expected end of input after
// the expression at 1:5").
Term parse_one(std::string_view text);

// "line:column" (1-based, columns in bytes, lines ended by '\n') of a byte offset
// (offset <= text.size()).
std::string line_column(std::string_view text, std::size_t offset);

}  // namespace pathmap::metta
